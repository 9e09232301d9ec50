import type { ConnectionStatus } from '../../../shared/connections.ts';
import { parseImportDate, parseYesNo, splitList, type ImportIssue } from '../../../shared/ledger-import.ts';
import { can } from '../../../shared/policy.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import {
  authorizeLedger,
  plainCell,
  readCells,
  runImport,
  unique,
  type ImportColumns,
  type ImportKind,
  type ImportOptions,
  type ImportResult,
  type PreviewScope,
  type TableRow,
} from '../ledger/index.ts';
import {
  CONNECTION_COLUMNS,
  connectionColumnFor,
  parseAccountMode,
  parseConnectionAuth,
  parseConnectionKind,
  parseConnectionStatus,
  parseHours,
  parseIntervalMonths,
  parseWeekdays,
  type ConnectionColumn,
  type ConnectionColumnKey,
} from './connection-columns.ts';
import * as repo from './connection.repository.ts';
import { changedFields, valuesOf, writeConnectionChanges, writeNewConnection, type ConnectionValues, type LifecycleValues } from './connection.service.ts';

/**
 * Connection import (外部接続・リモート保守台帳の取り込み), the same model as the asset import: a CSV (UTF-8 or
 * Shift_JIS, detected) or .xlsx file → a preview (create / update / unchanged per row, every problem with its row
 * and column) → on commit, all rows in one transaction. Nothing is written while any row has an error.
 *
 * - Rows match the facility's connections by name (接続名); a file row naming two registered lines is an error.
 * - A column missing from the file leaves that field as it is; an empty cell clears an optional field. The
 *   closed sets (kind, auth, account mode) are required; `internet_facing` and `review_interval_months` keep
 *   their value (or take the default on create) when empty.
 * - 状態・承認日・承認期限: an empty cell keeps what is registered (a new line becomes a request, 申請中). Setting
 *   anything other than 申請中, or an approval date, needs `connection.approve` — otherwise the row is an error
 *   (`status_needs_approver`), because an import must not approve lines that nobody approved.
 * - 委託事業者 is a registered vendor's name; 接続機器 and 接続先 name assets by asset tag, else by a unique name.
 * Each created or updated line gets a history event (`request` with `import: <file>`, or `update`) and an audit
 * event; the import itself one more audit event.
 */

export type ConnectionImportResult = ImportResult;
export type ConnectionImportOptions = ImportOptions;

const TEXT_COLUMNS: Partial<Record<ConnectionColumnKey, { field: 'name' | 'purpose' | 'accounts' | 'logLocation' | 'notes'; max: number }>> = {
  name: { field: 'name', max: 200 },
  purpose: { field: 'purpose', max: 1000 },
  accounts: { field: 'accounts', max: 1000 },
  log_location: { field: 'logLocation', max: 500 },
  notes: { field: 'notes', max: 4000 },
};
const DATE_COLUMNS: Partial<Record<ConnectionColumnKey, 'credentialsRotatedOn' | 'lastUsedOn'>> = {
  credentials_rotated_on: 'credentialsRotatedOn',
  last_used_on: 'lastUsedOn',
};

interface Context {
  /** Live vendors by name. */
  vendorIdByName: Map<string, string>;
  liveVendorIds: Set<string>;
  segmentIdByName: Map<string, string>;
  assetIdByTag: Map<string, string>;
  assetIdsByName: Map<string, string[]>;
  connectionsByName: Map<string, repo.Connection[]>;
  targetIds: Map<string, string[]>;
  /** The caller may set approval fields. */
  approver: boolean;
}

async function loadContext(deps: Deps, db: Db, facilityId: string, approver: boolean): Promise<Context> {
  const [vendors, segments, assets, connections, targetIds] = await Promise.all([
    repo.liveVendors(db, facilityId),
    repo.segmentsOf(db, facilityId),
    repo.liveAssets(db, facilityId),
    repo.allConnections(deps.dialect, db, facilityId),
    repo.targetIdsByConnection(db, facilityId),
  ]);
  const ctx: Context = {
    vendorIdByName: new Map(vendors.map((v) => [v.name, v.id])),
    liveVendorIds: new Set(vendors.map((v) => v.id)),
    segmentIdByName: new Map(segments.map((s) => [s.name, s.id])),
    assetIdByTag: new Map(),
    assetIdsByName: new Map(),
    connectionsByName: new Map(),
    targetIds,
    approver,
  };
  for (const a of assets) {
    if (a.assetTag) ctx.assetIdByTag.set(a.assetTag, a.id);
    ctx.assetIdsByName.set(a.name, [...(ctx.assetIdsByName.get(a.name) ?? []), a.id]);
  }
  for (const c of connections) ctx.connectionsByName.set(c.name, [...(ctx.connectionsByName.get(c.name) ?? []), c]);
  return ctx;
}

/** An asset named by tag, else by a name that only one live asset has. */
function resolveAsset(ref: string, ctx: Context): { id: string } | { error: 'unknown_asset' | 'ambiguous_asset' } {
  const byTag = ctx.assetIdByTag.get(ref);
  if (byTag) return { id: byTag };
  const byName = ctx.assetIdsByName.get(ref) ?? [];
  if (byName.length === 1) return { id: byName[0]! };
  return { error: byName.length > 1 ? 'ambiguous_asset' : 'unknown_asset' };
}

// --- validation ---------------------------------------------------------------------------------

type Columns = ImportColumns<ConnectionColumn>;

/** What a row says; fields are absent when their column is, or (for kept fields) when the cell is empty. */
interface ParsedRow {
  row: number;
  name: string;
  values: Partial<ConnectionValues>;
  lifecycle: Partial<Pick<LifecycleValues, 'status' | 'approvedOn' | 'expiresOn'>>;
  /** The header of each lifecycle column, for errors found when planning. */
  lifecyclePaths: Partial<Record<'status' | 'approvedOn' | 'expiresOn', string>>;
  /** The cell text of each lifecycle column. */
  lifecycleCells: Partial<Record<'status' | 'approvedOn' | 'expiresOn', string>>;
  namePath: string;
}

function parseRow(headers: string[], cols: Columns, r: TableRow, ctx: Context, errors: ImportIssue[], warnings: ImportIssue[]): ParsedRow | null {
  const values: Partial<ConnectionValues> = {};
  const lifecycle: ParsedRow['lifecycle'] = {};
  const lifecyclePaths: ParsedRow['lifecyclePaths'] = {};
  const lifecycleCells: ParsedRow['lifecycleCells'] = {};
  let namePath = '';
  const ok = readCells(headers, cols, r, errors, warnings, (col, cell, path, fail) => {
    const text = TEXT_COLUMNS[col.key];
    if (text) {
      if (cell.length > text.max) return fail(path, 'too_long', String(text.max));
      if (text.field === 'name') {
        namePath = path;
        if (!cell) return fail(path, 'required');
        values.name = cell;
        return;
      }
      values[text.field] = cell || null;
      return;
    }
    const date = DATE_COLUMNS[col.key];
    if (date) {
      if (!cell) return void (values[date] = null);
      const d = parseImportDate(cell);
      if (!d) return fail(path, 'invalid_date', cell);
      values[date] = d;
      return;
    }
    switch (col.key) {
      case 'kind': {
        if (!cell) return fail(path, 'required');
        const k = parseConnectionKind(cell);
        if (!k) return fail(path, 'invalid_connection_kind', cell);
        values.kind = k;
        return;
      }
      case 'auth': {
        if (!cell) return fail(path, 'required');
        const a = parseConnectionAuth(cell);
        if (!a) return fail(path, 'invalid_auth', cell);
        values.auth = a;
        return;
      }
      case 'account_mode': {
        if (!cell) return fail(path, 'required');
        const m = parseAccountMode(cell);
        if (!m) return fail(path, 'invalid_account_mode', cell);
        values.accountMode = m;
        return;
      }
      case 'vendor': {
        if (!cell) return void (values.vendorId = null);
        const id = ctx.vendorIdByName.get(cell);
        if (!id) return fail(path, 'unknown_vendor', cell);
        values.vendorId = id;
        return;
      }
      case 'entry_device': {
        if (!cell) return void (values.entryAssetId = null);
        const a = resolveAsset(cell, ctx);
        if ('error' in a) return fail(path, a.error, cell);
        values.entryAssetId = a.id;
        return;
      }
      case 'targets': {
        const refs = unique(splitList(cell));
        if (refs.length > 500) return fail(path, 'too_many_values', '500');
        const ids: string[] = [];
        for (const ref of refs) {
          const a = resolveAsset(ref, ctx);
          if ('error' in a) return fail(path, a.error, ref);
          ids.push(a.id);
        }
        values.targetAssetIds = unique(ids);
        return;
      }
      case 'segment': {
        if (!cell) return void (values.segmentId = null);
        const id = ctx.segmentIdByName.get(cell);
        if (!id) return fail(path, 'unknown_segment', cell);
        values.segmentId = id;
        return;
      }
      case 'internet_facing': {
        if (!cell) return;
        const b = parseYesNo(cell);
        if (b === undefined) return fail(path, 'invalid_boolean', cell);
        values.internetFacing = b;
        return;
      }
      case 'allowed_days': {
        const d = parseWeekdays(cell);
        if ('bad' in d) return fail(path, 'invalid_weekday', d.bad);
        values.allowedDays = d.days;
        return;
      }
      case 'allowed_hours': {
        if (!cell) {
          values.allowedFrom = null;
          values.allowedTo = null;
          return;
        }
        const h = parseHours(cell);
        if (!h) return fail(path, 'invalid_time', cell);
        [values.allowedFrom, values.allowedTo] = h;
        return;
      }
      case 'review_interval_months': {
        if (!cell) return;
        const n = parseIntervalMonths(cell);
        if (n === undefined) return fail(path, 'invalid_number', cell);
        values.reviewIntervalMonths = n;
        return;
      }
      case 'status': {
        if (!cell) return;
        const s = parseConnectionStatus(cell);
        if (!s) return fail(path, 'invalid_status', cell);
        lifecycle.status = s;
        lifecyclePaths.status = path;
        lifecycleCells.status = cell;
        return;
      }
      case 'approved_on':
      case 'expires_on': {
        if (!cell) return;
        const d = parseImportDate(cell);
        if (!d) return fail(path, 'invalid_date', cell);
        const field = col.key === 'approved_on' ? 'approvedOn' : 'expiresOn';
        lifecycle[field] = d;
        lifecyclePaths[field] = path;
        lifecycleCells[field] = cell;
        return;
      }
      // Text and date columns are handled above.
      case 'name':
      case 'purpose':
      case 'accounts':
      case 'log_location':
      case 'notes':
      case 'credentials_rotated_on':
      case 'last_used_on':
        return;
    }
  });
  if (!ok || values.name === undefined) return null;
  return { row: r.row, name: values.name, values, lifecycle, lifecyclePaths, lifecycleCells, namePath };
}

// --- planning -----------------------------------------------------------------------------------

type Planned =
  | { action: 'create'; row: number; values: ConnectionValues; lifecycle: Partial<LifecycleValues> }
  | { action: 'update'; row: number; before: repo.Connection; beforeTargets: string[]; changes: Partial<ConnectionValues>; changed: string[]; lifecycle: Partial<LifecycleValues> }
  | { action: 'unchanged'; row: number };

const LIFECYCLE_FIELDS = ['status', 'approvedOn', 'expiresOn'] as const;

/** The lifecycle fields a row changes, and an error for each one the caller may not set. */
function lifecycleChanges(p: ParsedRow, before: repo.Connection | undefined, ctx: Context, errors: ImportIssue[]): Partial<LifecycleValues> | null {
  const changes: Partial<LifecycleValues> = {};
  let ok = true;
  for (const f of LIFECYCLE_FIELDS) {
    const v = p.lifecycle[f];
    if (v === undefined) continue;
    const current = before ? before[f] : f === 'status' ? 'requested' : null;
    if (v === current) continue;
    // A request needs nobody's approval; everything else does.
    if (!(f === 'status' && v === 'requested') && !ctx.approver) {
      errors.push({ row: p.row, path: p.lifecyclePaths[f]!, message: 'status_needs_approver', value: p.lifecycleCells[f]! });
      ok = false;
      continue;
    }
    (changes as Record<string, unknown>)[f] = v;
  }
  return ok ? changes : null;
}

function plan(p: ParsedRow, ctx: Context, errors: ImportIssue[]): Planned | null {
  const matches = ctx.connectionsByName.get(p.name) ?? [];
  if (matches.length > 1) {
    errors.push({ row: p.row, path: p.namePath, message: 'ambiguous_connection', value: p.name });
    return null;
  }
  const before = matches[0];
  const lifecycle = lifecycleChanges(p, before, ctx, errors);
  if (!lifecycle) return null;
  if (!before) {
    const v = p.values;
    const values: ConnectionValues = {
      name: p.name,
      vendorId: v.vendorId ?? null,
      purpose: v.purpose ?? null,
      kind: v.kind!,
      entryAssetId: v.entryAssetId ?? null,
      targetAssetIds: v.targetAssetIds ?? [],
      segmentId: v.segmentId ?? null,
      internetFacing: v.internetFacing ?? false,
      auth: v.auth!,
      accountMode: v.accountMode!,
      accounts: v.accounts ?? null,
      allowedDays: v.allowedDays ?? [],
      allowedFrom: v.allowedFrom ?? null,
      allowedTo: v.allowedTo ?? null,
      logLocation: v.logLocation ?? null,
      credentialsRotatedOn: v.credentialsRotatedOn ?? null,
      reviewIntervalMonths: v.reviewIntervalMonths ?? 12,
      lastUsedOn: v.lastUsedOn ?? null,
      notes: v.notes ?? null,
    };
    return { action: 'create', row: p.row, values, lifecycle };
  }
  const beforeTargets = ctx.targetIds.get(before.id) ?? [];
  const old = valuesOf(before, beforeTargets);
  // A vendor deleted since counts as none (the export writes an empty cell for it).
  if (old.vendorId && !ctx.liveVendorIds.has(old.vendorId)) old.vendorId = null;
  const merged: ConnectionValues = { ...old, ...p.values };
  const changed: string[] = changedFields(old, merged);
  const changes = Object.fromEntries(changed.map((f) => [f, merged[f as keyof ConnectionValues]])) as Partial<ConnectionValues>;
  changed.push(...Object.keys(lifecycle));
  if (changed.length === 0) return { action: 'unchanged', row: p.row };
  return { action: 'update', row: p.row, before, beforeTargets, changes, changed, lifecycle };
}

/** Checks each row: its name unique in the file (whatever else is wrong with either row), then parsed and planned. */
function rowPlanner({ headers, cols, ctx, errors, warnings, keys }: PreviewScope<ConnectionColumn, Context>) {
  const nameIndex = cols.byIndex.findIndex((c) => c?.key === 'name');
  const nameHeader = headers[nameIndex]!.trim();
  return (r: TableRow): { planned: Planned | null; key: string } => {
    const name = plainCell(r, nameIndex);
    const repeated = name !== '' && keys.repeats(name, r.row, nameHeader, name);
    const parsed = parseRow(headers, cols, r, ctx, errors, warnings);
    return { planned: parsed && !repeated ? plan(parsed, ctx, errors) : null, key: name };
  };
}

// --- commit -------------------------------------------------------------------------------------

async function commit(deps: Deps, trx: Db, caller: Caller, facilityId: string, fileName: string, planned: Planned[]): Promise<void> {
  const comment = `import: ${fileName}`;
  for (const p of planned) {
    if (p.action === 'create') {
      const status: ConnectionStatus = p.lifecycle.status ?? 'requested';
      await writeNewConnection(deps, trx, caller, facilityId, p.values, { lifecycle: { ...p.lifecycle, status }, comment, auditAction: 'create' });
    } else if (p.action === 'update') {
      await writeConnectionChanges(deps, trx, caller, p.before, p.beforeTargets, p.changes, { lifecycle: p.lifecycle, comment: `${comment}: ${p.changed.join(', ')}` });
    }
  }
}

/**
 * Previews (dryRun) or imports a connection file into a facility. Needs ledger.write; setting approval fields
 * needs connection.approve too. Content problems are returned in `errors` (with `committed: false`), never thrown.
 */
export async function importConnections(deps: Deps, caller: Caller, facilityId: string, bytes: Buffer, options: ConnectionImportOptions): Promise<ConnectionImportResult> {
  const actor = await authorizeLedger(deps, caller, facilityId, 'write');
  const approver = can(actor, 'connection.approve', facilityId);
  const kind: ImportKind<ConnectionColumn, Context, Planned> = {
    sheetNames: ['外部接続', 'connections', 'Connections'],
    auditEntityType: 'connection_import',
    headers: { columns: CONNECTION_COLUMNS, columnFor: connectionColumnFor },
    loadContext: (db) => loadContext(deps, db, facilityId, approver),
    rowPlanner,
    commit: (trx, planned, _ctx, fileName) => commit(deps, trx, caller, facilityId, fileName, planned),
  };
  return runImport(deps, caller, facilityId, bytes, options, kind);
}
