import { ZHostname } from '../../../shared/contracts/ledger.contract.ts';
import { ipsOutsideSegment, isCpe23, isIp, isMac, normalizeIp, normalizeMac, type AssetType, type Exposure } from '../../../shared/ledger.ts';
import {
  ASSET_COLUMNS,
  assetColumnFor,
  parseAssetType,
  parseCriticality,
  parseExposure,
  parseImportDate,
  parseYesNo,
  splitList,
  type AssetColumn,
  type AssetColumnKey,
  type ImportIssue,
} from '../../../shared/ledger-import.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAuditMany, type AuditEntry } from '../../audit/audit.service.ts';
import { newId } from '../../lib/ids.ts';
import type { TableRow } from './asset-file.ts';
import { readCells, runImport, type ImportColumns, type ImportKind, type ImportOptions, type ImportResult, type PreviewScope } from './import-kit.ts';
import * as repo from './asset.repository.ts';
import { authorizeLedger, unique } from './ledger.access.ts';
import * as segments from './segment.repository.ts';

/**
 * Asset import (情報資産台帳の取り込み): a CSV or .xlsx file → a preview (create / update / unchanged per row,
 * every problem with its row and column) → on commit, all rows in one transaction, each created or updated
 * asset audited plus one `import` event. Nothing is written while any row has an error.
 *
 * Matching: by asset tag (資産番号) when the row has one, else by name among the facility's assets without a
 * tag. A column missing from the file leaves that field as it is; an empty cell clears an optional field
 * (type, criticality, patient data and exposure cannot be cleared: an empty cell keeps them, or takes the
 * default on create). Unknown column headers are errors, so that a misspelt header never drops data silently.
 */

export type AssetImportResult = ImportResult;
export type AssetImportOptions = ImportOptions;

/** The stored fields an import can set, named as in the service's Asset. */
interface Values {
  name: string;
  assetTag?: string | null;
  type?: AssetType;
  vendor?: string | null;
  product?: string | null;
  version?: string | null;
  cpe?: string | null;
  os?: string | null;
  ips?: string[];
  macs?: string[];
  hostname?: string | null;
  segmentId?: string | null;
  location?: string | null;
  department?: string | null;
  maintainer?: string | null;
  /** Derived from `maintainer`: the live vendor of that exact name (see linkVendor). */
  vendorId?: string | null;
  criticality?: number;
  holdsPatientData?: boolean;
  exposure?: Exposure;
  installDate?: string | null;
  endOfSupport?: string | null;
  lastPatched?: string | null;
  tags?: string[];
  notes?: string | null;
}
type Field = Exclude<keyof Values, 'name'> | 'name';

const TEXT_COLUMNS: Partial<Record<AssetColumnKey, { field: Field; max: number }>> = {
  name: { field: 'name', max: 200 },
  asset_tag: { field: 'assetTag', max: 64 },
  vendor: { field: 'vendor', max: 200 },
  product: { field: 'product', max: 200 },
  version: { field: 'version', max: 100 },
  os: { field: 'os', max: 200 },
  location: { field: 'location', max: 200 },
  department: { field: 'department', max: 200 },
  maintainer: { field: 'maintainer', max: 200 },
  notes: { field: 'notes', max: 4000 },
};
const DATE_COLUMNS: Partial<Record<AssetColumnKey, Field>> = { install_date: 'installDate', end_of_support: 'endOfSupport', last_patched: 'lastPatched' };

interface ParsedRow {
  row: number;
  key: string;
  values: Values;
  /** From `internet_exposed` when there is no `exposure` column: resolved against the existing asset. */
  internetExposed?: boolean;
}

interface Context {
  segmentIdByName: Map<string, string>;
  cidrsById: Map<string, string[]>;
  segmentNameById: Map<string, string>;
  byTag: Map<string, repo.Asset>;
  /** Assets without a tag, by name (several when names repeat). */
  untaggedByName: Map<string, repo.Asset[]>;
  /** Live vendors by exact name, and their names by id. */
  vendorIdByName: Map<string, string>;
  vendorNameById: Map<string, string>;
}

async function loadContext(db: Db, facilityId: string): Promise<Context> {
  const [segs, assets, vendorIdByName] = await Promise.all([segments.listSegments(db, facilityId), repo.allAssets(db, facilityId), repo.vendorIdsByName(db, facilityId)]);
  const ctx: Context = {
    segmentIdByName: new Map(segs.map((s) => [s.name, s.id])),
    cidrsById: new Map(segs.map((s) => [s.id, s.cidrs])),
    segmentNameById: new Map(segs.map((s) => [s.id, s.name])),
    byTag: new Map(),
    untaggedByName: new Map(),
    vendorIdByName,
    vendorNameById: new Map([...vendorIdByName].map(([name, id]) => [id, name])),
  };
  for (const a of assets) {
    if (a.assetTag) ctx.byTag.set(a.assetTag, a);
    else {
      const list = ctx.untaggedByName.get(a.name);
      if (list) list.push(a);
      else ctx.untaggedByName.set(a.name, [a]);
    }
  }
  return ctx;
}

// --- validation ---------------------------------------------------------------------------------

type Columns = ImportColumns<AssetColumn>;

/**
 * A row's values with every field present from the start (undefined = not in the file), so that every row shares
 * one compact object layout whichever columns the file has, and resolveExposure/linkVendor can complete it in place.
 * Adding the fields one by one and then vendorId turned each row's object into a ~1.6 kB dictionary; copying it to
 * add vendorId (`{ ...values, vendorId }`) gave every copy a hidden class of its own. Either kept 30-65 MB more
 * alive until the end of a 50,000-row commit (issue 3's memory target).
 */
function noValues(): Partial<Values> {
  return {
    name: undefined, assetTag: undefined, type: undefined, vendor: undefined, product: undefined, version: undefined, cpe: undefined,
    os: undefined, ips: undefined, macs: undefined, hostname: undefined, segmentId: undefined, location: undefined, department: undefined,
    maintainer: undefined, vendorId: undefined, criticality: undefined, holdsPatientData: undefined, exposure: undefined,
    installDate: undefined, endOfSupport: undefined, lastPatched: undefined, tags: undefined, notes: undefined,
  };
}

function parseRow(headers: string[], cols: Columns, r: TableRow, ctx: Context, errors: ImportIssue[], warnings: ImportIssue[]): ParsedRow | null {
  const values = noValues();
  let internetExposed: boolean | undefined;
  const set = <K extends keyof Values>(field: K, v: Values[K]) => {
    values[field] = v;
  };
  const ok = readCells(headers, cols, r, errors, warnings, (col, cell, path, fail) => {
    const text = TEXT_COLUMNS[col.key];
    if (text) {
      if (cell.length > text.max) return fail(path, 'too_long', String(text.max));
      if (text.field === 'name') {
        if (!cell) return fail(path, 'required');
        return set('name', cell);
      }
      return set(text.field as 'vendor', cell || null);
    }
    const date = DATE_COLUMNS[col.key];
    if (date) {
      if (!cell) return set(date as 'installDate', null);
      const d = parseImportDate(cell);
      if (!d) return fail(path, 'invalid_date', cell);
      return set(date as 'installDate', d);
    }
    switch (col.key) {
      case 'type': {
        if (!cell) return fail(path, 'required');
        const t = parseAssetType(cell);
        if (!t) return fail(path, 'unknown_type', cell);
        return set('type', t);
      }
      case 'cpe':
        if (!cell) return set('cpe', null);
        if (!isCpe23(cell)) return fail(path, 'invalid_cpe', cell);
        return set('cpe', cell);
      case 'hostname':
        if (!cell) return set('hostname', null);
        if (!ZHostname.safeParse(cell).success) return fail(path, 'invalid_hostname', cell);
        return set('hostname', cell);
      case 'ip': {
        const list = splitList(cell);
        const bad = list.find((v) => !isIp(v));
        if (bad !== undefined) return fail(path, 'invalid_ip', bad);
        if (list.length > 64) return fail(path, 'too_many_values', '64');
        return set('ips', unique(list.map(normalizeIp)));
      }
      case 'mac': {
        const list = splitList(cell);
        const bad = list.find((v) => !isMac(v));
        if (bad !== undefined) return fail(path, 'invalid_mac', bad);
        if (list.length > 64) return fail(path, 'too_many_values', '64');
        return set('macs', unique(list.map(normalizeMac)));
      }
      case 'tags': {
        const list = unique(splitList(cell));
        const long = list.find((t) => t.length > 50);
        if (long !== undefined) return fail(path, 'too_long', '50');
        if (list.length > 50) return fail(path, 'too_many_values', '50');
        return set('tags', list);
      }
      case 'segment': {
        if (!cell) return set('segmentId', null);
        const id = ctx.segmentIdByName.get(cell);
        if (!id) return fail(path, 'unknown_segment', cell);
        return set('segmentId', id);
      }
      case 'criticality': {
        if (!cell) return;
        const c = parseCriticality(cell);
        if (c === undefined) return fail(path, 'invalid_criticality', cell);
        return set('criticality', c);
      }
      case 'holds_patient_data': {
        if (!cell) return;
        const b = parseYesNo(cell);
        if (b === undefined) return fail(path, 'invalid_boolean', cell);
        return set('holdsPatientData', b);
      }
      case 'exposure': {
        if (!cell) return;
        const e = parseExposure(cell);
        if (!e) return fail(path, 'invalid_exposure', cell);
        return set('exposure', e);
      }
      case 'internet_exposed': {
        if (!cell) return;
        const b = parseYesNo(cell);
        if (b === undefined) return fail(path, 'invalid_boolean', cell);
        internetExposed = b;
        return;
      }
      // Text and date columns are handled above.
      case 'name':
      case 'asset_tag':
      case 'vendor':
      case 'product':
      case 'version':
      case 'os':
      case 'location':
      case 'department':
      case 'maintainer':
      case 'notes':
      case 'install_date':
      case 'end_of_support':
      case 'last_patched':
        return;
    }
  });
  if (!ok || values.name === undefined) return null;
  if (internetExposed !== undefined && values.exposure !== undefined && internetExposed !== (values.exposure === 'internet')) {
    const i = cols.byIndex.findIndex((c) => c?.key === 'internet_exposed');
    errors.push({ row: r.row, path: headers[i]!.trim(), message: 'conflicting_exposure' });
    return null;
  }
  const key = values.assetTag ? `tag:${values.assetTag}` : `name:${values.name}`;
  return { row: r.row, key, values: values as Values, ...(internetExposed !== undefined && values.exposure === undefined && { internetExposed }) };
}

// --- planning -----------------------------------------------------------------------------------

const COMPARED: readonly Exclude<Field, 'name'>[] = [
  'assetTag', 'type', 'vendor', 'product', 'version', 'cpe', 'os', 'ips', 'macs', 'hostname', 'segmentId', 'location', 'department',
  'maintainer', 'vendorId', 'criticality', 'holdsPatientData', 'exposure', 'installDate', 'endOfSupport', 'lastPatched', 'tags', 'notes',
];

const same = (a: unknown, b: unknown) => (Array.isArray(a) || Array.isArray(b) ? JSON.stringify(a) === JSON.stringify(b) : a === b);

type Planned =
  | { action: 'create'; row: number; values: Values }
  | { action: 'update'; row: number; before: repo.Asset; changes: Partial<Values> }
  | { action: 'unchanged'; row: number; before: repo.Asset };

// resolveExposure and linkVendor complete the row's own values in place (see noValues).

function resolveExposure(p: ParsedRow, before: repo.Asset | undefined): Values {
  if (p.internetExposed === undefined) return p.values;
  const keepVendorLine = !p.internetExposed && before?.exposure === 'vendor_line';
  p.values.exposure = p.internetExposed ? 'internet' : keepVendorLine ? 'vendor_line' : 'internal';
  return p.values;
}

/**
 * 保守事業者 is free text; when it is exactly a registered vendor's name the asset is linked to that vendor too.
 * A cell that reads as the export writes the asset (its text, else its vendor's name) changes neither the text
 * nor a link made on screen, so exporting and importing the export changes nothing; it only links a vendor
 * when the asset has none yet. A column missing from the file leaves both as they are.
 */
function linkVendor(values: Values, before: repo.Asset | undefined, ctx: Context): Values {
  if (values.maintainer === undefined) return values;
  const text = values.maintainer;
  const byName = text ? (ctx.vendorIdByName.get(text) ?? null) : null;
  if (before && text === (before.maintainer ?? before.vendorName ?? null)) {
    values.maintainer = before.maintainer;
    values.vendorId = before.vendorId ?? byName;
  } else values.vendorId = byName;
  return values;
}

function plan(parsed: ParsedRow, ctx: Context, headers: string[], cols: Columns, errors: ImportIssue[]): Planned | null {
  let before: repo.Asset | undefined;
  if (parsed.values.assetTag) before = ctx.byTag.get(parsed.values.assetTag);
  else {
    const candidates = ctx.untaggedByName.get(parsed.values.name) ?? [];
    if (candidates.length > 1) {
      const i = cols.byIndex.findIndex((c) => c?.key === 'name');
      errors.push({ row: parsed.row, path: headers[i]!.trim(), message: 'ambiguous_name', value: parsed.values.name });
      return null;
    }
    before = candidates[0];
  }
  const values = linkVendor(resolveExposure(parsed, before), before, ctx);
  if (!before) return { action: 'create', row: parsed.row, values };
  const changes: Partial<Values> = {};
  if (values.name !== before.name) changes.name = values.name;
  for (const f of COMPARED) {
    const v = values[f];
    if (v === undefined) continue;
    if (!same(v, before[f as keyof repo.Asset])) (changes as Record<string, unknown>)[f] = v;
  }
  return Object.keys(changes).length === 0 ? { action: 'unchanged', row: parsed.row, before } : { action: 'update', row: parsed.row, before, changes };
}

// --- commit -------------------------------------------------------------------------------------

const clean = (v: string | null | undefined) => (v === undefined ? undefined : v === null || v === '' ? null : v);

function insertRow(deps: Deps, facilityId: string, v: Values, ctx: Context, now: string): repo.AssetRow {
  const ips = v.ips ?? [];
  const cidrs = v.segmentId ? (ctx.cidrsById.get(v.segmentId) ?? null) : null;
  return {
    id: newId(),
    facility_id: facilityId,
    name: v.name,
    asset_tag: clean(v.assetTag) ?? null,
    type: v.type!,
    vendor: v.vendor ?? null,
    product: v.product ?? null,
    version: v.version ?? null,
    cpe: v.cpe ?? null,
    os: v.os ?? null,
    ips: JSON.stringify(ips),
    macs: JSON.stringify(v.macs ?? []),
    hostname: v.hostname ?? null,
    segment_id: v.segmentId ?? null,
    location: v.location ?? null,
    department: v.department ?? null,
    maintainer_text: v.maintainer ?? null,
    vendor_id: v.vendorId ?? null,
    criticality: v.criticality ?? 3,
    holds_patient_data: v.holdsPatientData ? 1 : 0,
    exposure: v.exposure ?? 'internal',
    install_date: v.installDate ?? null,
    end_of_support: v.endOfSupport ?? null,
    last_patched: v.lastPatched ?? null,
    tags: JSON.stringify(v.tags ?? []),
    notes: v.notes ?? null,
    ip_outside_segment: ipsOutsideSegment(ips, cidrs).length > 0 ? 1 : 0,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  };
}

const COLUMN_OF: Record<Field, keyof repo.AssetRow> = {
  name: 'name', assetTag: 'asset_tag', type: 'type', vendor: 'vendor', product: 'product', version: 'version', cpe: 'cpe', os: 'os',
  ips: 'ips', macs: 'macs', hostname: 'hostname', segmentId: 'segment_id', location: 'location', department: 'department',
  maintainer: 'maintainer_text', vendorId: 'vendor_id', criticality: 'criticality', holdsPatientData: 'holds_patient_data', exposure: 'exposure',
  installDate: 'install_date', endOfSupport: 'end_of_support', lastPatched: 'last_patched', tags: 'tags', notes: 'notes',
};

function toColumn(field: Field, v: unknown): unknown {
  if (field === 'ips' || field === 'macs' || field === 'tags') return JSON.stringify(v);
  if (field === 'holdsPatientData') return v ? 1 : 0;
  return v;
}

/** What the audit log keeps of an asset (as asset.service records it). */
function auditView(a: repo.Asset): Omit<repo.Asset, 'ipOutsideSegment'> {
  const { ipOutsideSegment: _derived, ...rest } = a;
  return rest;
}

/**
 * Rows per chunk. Everything a chunk builds (rows, audit entries and their JSON, the statements) lives until the
 * chunk is written; with 1000 rows most of it outlived a young-generation GC, so a 50,000-row commit promoted
 * ~170 MB of garbage to the old generation (raising peak memory); with 250 rows ~110 MB, at the same speed.
 */
const COMMIT_CHUNK = 250;

/** Writes the planned rows and their audit events in chunks (bounded memory on large files). */
async function commit(deps: Deps, trx: Db, caller: Caller, facilityId: string, planned: Planned[], ctx: Context): Promise<void> {
  for (let i = 0; i < planned.length; i += COMMIT_CHUNK) await commitChunk(deps, trx, caller, facilityId, planned.slice(i, i + COMMIT_CHUNK), ctx);
}

async function commitChunk(deps: Deps, trx: Db, caller: Caller, facilityId: string, planned: Planned[], ctx: Context): Promise<void> {
  const now = deps.clock.now().toISOString();
  const audit: AuditEntry[] = [];
  const inserts: repo.AssetRow[] = [];
  for (const p of planned) {
    if (p.action === 'create') {
      const row = insertRow(deps, facilityId, p.values, ctx, now);
      inserts.push(row);
      // Not repo.toAsset({ ...row, segment_name, vendor_name }): that 33-field copy was ~1.2 kB of garbage per row.
      const created = repo.assetOf(
        row,
        row.segment_id ? (ctx.segmentNameById.get(row.segment_id) ?? null) : null,
        row.vendor_id ? (ctx.vendorNameById.get(row.vendor_id) ?? null) : null,
      );
      audit.push({ facilityId, entityType: 'asset', entityId: row.id, action: 'create', after: auditView(created) });
    } else if (p.action === 'update') {
      const patch: Record<string, unknown> = {};
      for (const [f, v] of Object.entries(p.changes)) patch[COLUMN_OF[f as Field]] = toColumn(f as Field, v);
      const after: repo.Asset = { ...p.before, ...p.changes, updatedAt: now };
      after.segmentName = after.segmentId ? (ctx.segmentNameById.get(after.segmentId) ?? null) : null;
      after.vendorName = after.vendorId ? (ctx.vendorNameById.get(after.vendorId) ?? null) : null;
      after.ipOutsideSegment = ipsOutsideSegment(after.ips, after.segmentId ? (ctx.cidrsById.get(after.segmentId) ?? null) : null).length > 0;
      await repo.updateAsset(trx, facilityId, p.before.id, { ...patch, ip_outside_segment: after.ipOutsideSegment ? 1 : 0, updated_at: now });
      audit.push({ facilityId, entityType: 'asset', entityId: p.before.id, action: 'update', before: auditView(p.before), after: auditView(after) });
    }
  }
  await repo.insertAssets(trx, inserts);
  await recordAuditMany(deps, trx, caller, audit);
  // Re-match what was created or changed in a way that matters to vulnerability matching.
  const rematch = [...inserts.map((r) => r.id), ...planned.flatMap((p) => (p.action === 'update' && Object.keys(p.changes).some((f) => MATCH_FIELDS.has(f)) ? [p.before.id] : []))];
  if (rematch.length > 0) await deps.vulnHooks?.assetsChanged(deps, trx, caller, facilityId, rematch);
}

/** Asset fields the vulnerability findings depend on (identity, exposure, priority). */
const MATCH_FIELDS: ReadonlySet<string> = new Set(['type', 'vendor', 'product', 'version', 'cpe', 'os', 'exposure', 'criticality', 'holdsPatientData']);

/** Checks each row: parsed, unique in the file (by asset tag, else by name), then matched to the ledger. */
function rowPlanner({ headers, cols, ctx, errors, warnings, keys }: PreviewScope<AssetColumn, Context>) {
  const pathOf = (key: AssetColumnKey) => headers[cols.byIndex.findIndex((c) => c?.key === key)]?.trim() ?? '';
  const tagPath = pathOf('asset_tag');
  const namePath = pathOf('name');
  return (r: TableRow): { planned: Planned | null; key: string } => {
    const parsed = parseRow(headers, cols, r, ctx, errors, warnings);
    if (!parsed) return { planned: null, key: '' };
    const key = parsed.key.replace(/^(tag|name):/, '');
    const tag = parsed.values.assetTag;
    if (keys.repeats(parsed.key, r.row, tag ? tagPath : namePath, tag ?? parsed.values.name)) return { planned: null, key };
    return { planned: plan(parsed, ctx, headers, cols, errors), key };
  };
}

/**
 * Previews (dryRun) or imports an asset file into a facility. Content problems are returned in `errors`
 * (with `committed: false`), never thrown; permission problems throw as usual.
 */
export async function importAssets(deps: Deps, caller: Caller, facilityId: string, bytes: Buffer, options: AssetImportOptions): Promise<AssetImportResult> {
  await authorizeLedger(deps, caller, facilityId, 'write');
  const kind: ImportKind<AssetColumn, Context, Planned> = {
    sheetNames: ['資産', 'assets', 'Assets'],
    auditEntityType: 'asset_import',
    // 'CPE' and 'OS' are both the Japanese header and the English key: they count as Japanese here.
    headers: { columns: ASSET_COLUMNS, columnFor: assetColumnFor, isJapanese: (col, h) => col.ja === h },
    loadContext: (db) => loadContext(db, facilityId),
    rowPlanner,
    commit: (trx, planned, ctx) => commit(deps, trx, caller, facilityId, planned, ctx),
  };
  return runImport(deps, caller, facilityId, bytes, options, kind);
}
