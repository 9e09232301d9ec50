import { createHash } from 'node:crypto';
import { ZVendorCreate } from '../../../shared/contracts/vendors.contract.ts';
import { ASSET_IMPORT_LIMITS, FORMULA_PREFIX, type ImportIssue } from '../../../shared/ledger-import.ts';
import { isCorporateNumber } from '../../../shared/vendors.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAuditMany, type AuditEntry } from '../../audit/audit.service.ts';
import { unneutraliseFormula } from '../../lib/csv.ts';
import { newId } from '../../lib/ids.ts';
import { authorizeLedger, readTable, type AssetImportResult, type Table } from '../ledger/index.ts';
import { VENDOR_COLUMNS, VENDOR_SHEET_NAMES, vendorColumnFor, type VendorColumn, type VendorColumnKey } from './vendor-columns.ts';
import { normalizeKana } from './vendor-rules.ts';
import * as repo from './vendor.repository.ts';

/**
 * Vendor import (委託事業者の取り込み), the same model as the asset import: a CSV (UTF-8 or Shift_JIS, detected) or
 * .xlsx file → a preview (create / update / unchanged per row, every problem with its row and column) → on commit,
 * all rows in one transaction, each created or updated vendor audited plus one `import` event. Nothing is written
 * while any row has an error; importing the same file again changes nothing.
 *
 * - Rows match the facility's vendors by name (事業者名, exactly, after trimming).
 * - A column missing from the file leaves that field as it is; an empty cell clears it.
 * - 緊急連絡先(24時間) names a contact of the vendor: an existing contact of that name becomes (or stays) the
 *   24-hour emergency contact, else a new contact is added; 緊急連絡先電話番号 is that contact's phone. An empty
 *   contact cell changes no contact (other contacts are never removed by an import).
 */

const MAX_LISTED_ISSUES = 1000;

export type VendorImportResult = AssetImportResult;

export interface VendorImportOptions {
  fileName: string;
  dryRun: boolean;
}

type Field = 'nameKana' | 'corporateNumber' | 'address' | 'phone' | 'email' | 'website' | 'notes';
type Values = { name: string } & Partial<Record<Field, string | null>>;
const FIELDS: readonly Field[] = ['nameKana', 'corporateNumber', 'address', 'phone', 'email', 'website', 'notes'];
const COLUMN_OF: Record<Field, keyof repo.VendorRow> = {
  nameKana: 'name_kana',
  corporateNumber: 'corporate_number',
  address: 'address',
  phone: 'phone',
  email: 'email',
  website: 'website',
  notes: 'notes',
};

interface Emergency {
  name: string;
  /** undefined when the file has no phone column (the phone stays as it is). */
  phone?: string | null;
}

interface ParsedRow {
  row: number;
  values: Values;
  emergency: Emergency | null;
}

type ContactPlan =
  | { kind: 'create'; name: string; phone: string | null }
  | { kind: 'update'; before: repo.Contact; patch: { emergency24h?: true; phone?: string | null } }
  | null;

type Planned =
  | { action: 'create'; row: number; values: Values; contact: ContactPlan }
  | { action: 'update'; row: number; before: repo.Vendor; changes: Partial<Values>; contact: ContactPlan }
  | { action: 'unchanged'; row: number; before: repo.Vendor };

interface Context {
  byName: Map<string, repo.Vendor>;
  contacts: Map<string, repo.Contact[]>;
}

async function loadContext(deps: Deps, db: Db, facilityId: string): Promise<Context> {
  const [vendors, contacts] = await Promise.all([repo.allVendors(deps.dialect, db, facilityId), repo.contactsOfVendors(db, facilityId)]);
  const ctx: Context = { byName: new Map(vendors.map((v) => [v.name, v])), contacts: new Map() };
  for (const c of contacts) ctx.contacts.set(c.vendorId, [...(ctx.contacts.get(c.vendorId) ?? []), c]);
  return ctx;
}

// --- validation ---------------------------------------------------------------------------------

interface Columns {
  byIndex: (VendorColumn | null)[];
  present: Set<VendorColumnKey>;
  japanese: boolean;
}

function mapHeaders(headers: string[], rows: Table['rows'], issues: ImportIssue[]): Columns {
  const byIndex: (VendorColumn | null)[] = [];
  const present = new Set<VendorColumnKey>();
  let japanese = 0;
  headers.forEach((raw, i) => {
    const h = raw.trim();
    if (h === '') {
      byIndex[i] = null;
      return;
    }
    const col = vendorColumnFor(h);
    if (!col) {
      issues.push({ path: h, message: 'unknown_header' });
      byIndex[i] = null;
      return;
    }
    if (col.key !== h.toLowerCase()) japanese++;
    if (present.has(col.key)) issues.push({ path: h, message: 'duplicate_header' });
    present.add(col.key);
    byIndex[i] = col;
  });
  for (const col of VENDOR_COLUMNS) {
    if (col.required && !present.has(col.key)) issues.push({ path: japanese > 0 ? col.ja : col.key, message: 'missing_header' });
  }
  // A value under a column without a header would be lost.
  for (const r of rows) {
    const extra = r.cells.findIndex((c, i) => c.trim() !== '' && (i >= headers.length || headers[i]!.trim() === ''));
    if (extra >= 0) issues.push({ row: r.row, path: headers[extra]?.trim() ?? '', message: 'extra_cells', value: r.cells[extra] });
  }
  return { byIndex, present, japanese: japanese > 0 };
}

const MAX: Record<Exclude<VendorColumnKey, 'phone' | 'email' | 'website' | 'corporate_number' | 'emergency_phone'>, number> = {
  name: 200,
  name_kana: 200,
  address: 500,
  emergency_contact: 100,
  notes: 4000,
};

function parseRow(headers: string[], cols: Columns, r: Table['rows'][number], errors: ImportIssue[], warnings: ImportIssue[]): ParsedRow | null {
  const values: Partial<Values> = {};
  let contactName: string | null | undefined;
  let contactPhone: string | null | undefined;
  let ok = true;
  const fail = (path: string, message: ImportIssue['message'], value?: string) => {
    ok = false;
    errors.push({ row: r.row, path, message, ...(value !== undefined && { value }) });
  };
  cols.byIndex.forEach((col, i) => {
    if (!col) return;
    const path = headers[i]!.trim();
    const raw = r.cells[i] ?? '';
    if (raw.length > ASSET_IMPORT_LIMITS.maxCellChars) return fail(path, 'cell_too_large', String(ASSET_IMPORT_LIMITS.maxCellChars));
    const cell = unneutraliseFormula(raw).trim();
    if (r.formulas?.includes(i) || (/^[=\uFF1D]/.test(cell) && FORMULA_PREFIX.test(cell))) warnings.push({ row: r.row, path, message: 'formula_as_text', value: cell });
    switch (col.key) {
      case 'name':
        if (!cell) return fail(path, 'required');
        if (cell.length > MAX.name) return fail(path, 'too_long', String(MAX.name));
        values.name = cell;
        return;
      case 'name_kana': {
        const kana = normalizeKana(cell);
        if (kana && kana.length > MAX.name_kana) return fail(path, 'too_long', String(MAX.name_kana));
        values.nameKana = kana;
        return;
      }
      case 'corporate_number': {
        if (!cell) return void (values.corporateNumber = null);
        const digits = cell.normalize('NFKC').replace(/[\s-]/g, '');
        if (!isCorporateNumber(digits)) return fail(path, 'invalid_corporate_number', cell);
        values.corporateNumber = digits;
        return;
      }
      case 'address':
      case 'notes':
        if (cell.length > MAX[col.key]) return fail(path, 'too_long', String(MAX[col.key]));
        values[col.key] = cell || null;
        return;
      case 'phone':
      case 'emergency_phone': {
        const phone = cell.normalize('NFKC');
        if (phone && !ZVendorCreate.shape.phone.safeParse(phone).success) return fail(path, 'invalid_phone', cell);
        if (col.key === 'phone') values.phone = phone || null;
        else contactPhone = phone || null;
        return;
      }
      case 'email':
        if (cell && !ZVendorCreate.shape.email.safeParse(cell).success) return fail(path, 'invalid_email', cell);
        values.email = cell || null;
        return;
      case 'website':
        if (cell && !ZVendorCreate.shape.website.safeParse(cell).success) return fail(path, 'invalid_url', cell);
        values.website = cell || null;
        return;
      case 'emergency_contact':
        if (cell.length > MAX.emergency_contact) return fail(path, 'too_long', String(MAX.emergency_contact));
        contactName = cell || null;
        return;
    }
  });
  if (!ok || values.name === undefined) return null;
  if (!contactName && contactPhone) {
    // A phone number needs the name of the person (or desk) it reaches.
    const i = cols.byIndex.findIndex((c) => c?.key === 'emergency_contact');
    const col = VENDOR_COLUMNS.find((c) => c.key === 'emergency_contact')!;
    errors.push({ row: r.row, path: i >= 0 ? headers[i]!.trim() : cols.japanese ? col.ja : col.key, message: 'required' });
    return null;
  }
  const emergency: Emergency | null = contactName ? { name: contactName, ...(contactPhone !== undefined && { phone: contactPhone }) } : null;
  return { row: r.row, values: values as Values, emergency };
}

// --- planning -----------------------------------------------------------------------------------

function planContact(e: Emergency | null, contacts: readonly repo.Contact[]): ContactPlan {
  if (!e) return null;
  const existing = contacts.find((c) => c.name === e.name);
  if (!existing) return { kind: 'create', name: e.name, phone: e.phone ?? null };
  const patch: { emergency24h?: true; phone?: string | null } = {};
  if (!existing.emergency24h) patch.emergency24h = true;
  if (e.phone !== undefined && e.phone !== existing.phone) patch.phone = e.phone;
  return Object.keys(patch).length > 0 ? { kind: 'update', before: existing, patch } : null;
}

function plan(p: ParsedRow, ctx: Context): Planned {
  const before = ctx.byName.get(p.values.name);
  if (!before) return { action: 'create', row: p.row, values: p.values, contact: planContact(p.emergency, []) };
  const changes: Partial<Values> = {};
  for (const f of FIELDS) {
    const v = p.values[f];
    if (v !== undefined && v !== before[f]) changes[f] = v;
  }
  const contact = planContact(p.emergency, ctx.contacts.get(before.id) ?? []);
  return Object.keys(changes).length === 0 && !contact ? { action: 'unchanged', row: p.row, before } : { action: 'update', row: p.row, before, changes, contact };
}

function emptyResult(fileName: string, bytes: Buffer): VendorImportResult {
  return {
    fileName,
    format: null,
    encoding: null,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    rows: 0,
    create: 0,
    update: 0,
    unchanged: 0,
    actions: [],
    errors: [],
    errorCount: 0,
    warnings: [],
    committed: false,
  };
}

function finish(result: VendorImportResult, errors: ImportIssue[], warnings: ImportIssue[]): VendorImportResult {
  const byRow = (a: ImportIssue, b: ImportIssue) => (a.row ?? 0) - (b.row ?? 0);
  result.errorCount = errors.length;
  result.errors = errors.sort(byRow).slice(0, MAX_LISTED_ISSUES);
  result.warnings = warnings.sort(byRow).slice(0, MAX_LISTED_ISSUES);
  return result;
}

/** Validates a file against the facility's vendors as they are in `db`; writes nothing. */
async function preview(deps: Deps, db: Db, facilityId: string, table: Table, result: VendorImportResult): Promise<{ result: VendorImportResult; planned: Planned[]; ctx: Context | null }> {
  const errors: ImportIssue[] = [];
  const warnings: ImportIssue[] = [];
  result.format = table.format;
  result.encoding = table.encoding ?? null;
  result.rows = table.rows.length;
  const cols = mapHeaders(table.headers, table.rows, errors);
  if (errors.some((e) => e.row === undefined)) return { result: finish(result, errors, warnings), planned: [], ctx: null };
  const ctx = await loadContext(deps, db, facilityId);
  const seen = new Map<string, number>();
  const planned: Planned[] = [];
  const rowErrors = new Set(errors.map((e) => e.row));
  const nameIndex = cols.byIndex.findIndex((c) => c?.key === 'name');
  const nameHeader = table.headers[nameIndex]!.trim();
  for (const r of table.rows) {
    const before = errors.length;
    const parsed = parseRow(table.headers, cols, r, errors, warnings);
    // Repeated names are reported even when a row has other errors, so that one round of fixes is enough.
    const name = unneutraliseFormula(r.cells[nameIndex] ?? '').trim();
    const first = name ? seen.get(name) : undefined;
    if (first !== undefined) errors.push({ row: r.row, path: nameHeader, message: 'duplicate_key', value: name, ref: first });
    else if (name) seen.set(name, r.row);
    const p: Planned | null = parsed && first === undefined ? plan(parsed, ctx) : null;
    const failed = errors.length > before || rowErrors.has(r.row) || !p;
    result.actions.push({ row: r.row, action: failed ? 'error' : p!.action, key: parsed?.values.name ?? '' });
    if (!failed) {
      planned.push(p!);
      result[p!.action]++;
    }
  }
  return { result: finish(result, errors, warnings), planned, ctx };
}

// --- commit -------------------------------------------------------------------------------------

async function commit(deps: Deps, trx: Db, caller: Caller, facilityId: string, planned: Planned[], ctx: Context): Promise<void> {
  const now = deps.clock.now().toISOString();
  const audit: AuditEntry[] = [];
  const inserts: repo.VendorRow[] = [];
  const contactRows: repo.ContactRow[] = [];
  const nextPosition = (vendorId: string) => {
    const list = ctx.contacts.get(vendorId) ?? [];
    return list.reduce((m, c) => Math.max(m, c.position + 1), 0);
  };
  const contactRow = (vendorId: string, name: string, phone: string | null, position: number): repo.ContactRow => ({
    id: newId(),
    facility_id: facilityId,
    vendor_id: vendorId,
    name,
    role: null,
    phone,
    email: null,
    emergency_24h: 1,
    notes: null,
    position,
    created_at: now,
    updated_at: now,
  });
  const contactAudit = (row: repo.ContactRow): AuditEntry => ({
    facilityId,
    entityType: 'vendor_contact',
    entityId: row.id,
    action: 'create',
    after: { id: row.id, vendorId: row.vendor_id, name: row.name, role: null, phone: row.phone, email: null, emergency24h: true, notes: null, position: row.position },
  });
  for (const p of planned) {
    if (p.action === 'unchanged') continue;
    if (p.action === 'create') {
      const v = p.values;
      const row: repo.VendorRow = {
        id: newId(),
        facility_id: facilityId,
        name: v.name,
        name_kana: v.nameKana ?? null,
        corporate_number: v.corporateNumber ?? null,
        address: v.address ?? null,
        phone: v.phone ?? null,
        email: v.email ?? null,
        website: v.website ?? null,
        notes: v.notes ?? null,
        checklist_assessment_id: null,
        created_at: now,
        updated_at: now,
        deleted_at: null,
      };
      inserts.push(row);
      const { checklistAssessmentId: _placeholder, ...created } = repo.toVendor(row);
      audit.push({ facilityId, entityType: 'vendor', entityId: row.id, action: 'create', after: created });
      if (p.contact?.kind === 'create') {
        const c = contactRow(row.id, p.contact.name, p.contact.phone, 0);
        contactRows.push(c);
        audit.push(contactAudit(c));
      }
      continue;
    }
    if (Object.keys(p.changes).length > 0) {
      const patch: Partial<repo.VendorRow> = { updated_at: now };
      for (const [f, v] of Object.entries(p.changes)) (patch as Record<string, unknown>)[COLUMN_OF[f as Field]] = v;
      await repo.updateVendor(trx, facilityId, p.before.id, patch);
      const { checklistAssessmentId: _b, ...before } = p.before;
      audit.push({ facilityId, entityType: 'vendor', entityId: p.before.id, action: 'update', before, after: { ...before, ...p.changes, updatedAt: now } });
    }
    if (p.contact?.kind === 'create') {
      const c = contactRow(p.before.id, p.contact.name, p.contact.phone, nextPosition(p.before.id));
      contactRows.push(c);
      audit.push(contactAudit(c));
    } else if (p.contact?.kind === 'update') {
      const { before, patch } = p.contact;
      await repo.updateContact(trx, facilityId, before.id, {
        ...(patch.emergency24h && { emergency_24h: 1 }),
        ...(patch.phone !== undefined && { phone: patch.phone }),
        updated_at: now,
      });
      audit.push({ facilityId, entityType: 'vendor_contact', entityId: before.id, action: 'update', before, after: { ...before, ...patch } });
    }
  }
  await repo.insertVendors(trx, inserts);
  for (const c of contactRows) await repo.insertContact(trx, c);
  await recordAuditMany(deps, trx, caller, audit);
}

/**
 * Previews (dryRun) or imports a vendor file into a facility. Content problems are returned in `errors` (with
 * `committed: false`), never thrown; permission problems throw as usual.
 */
export async function importVendors(deps: Deps, caller: Caller, facilityId: string, bytes: Buffer, options: VendorImportOptions): Promise<VendorImportResult> {
  await authorizeLedger(deps, caller, facilityId, 'write');
  const fileName = options.fileName.slice(0, 255) || 'upload';
  const base = emptyResult(fileName, bytes);
  const read = await readTable(bytes, { sheetNames: VENDOR_SHEET_NAMES });
  if (!read.ok) return finish(base, read.issues, []);
  if (options.dryRun) return (await preview(deps, deps.db, facilityId, read.table, base)).result;
  // Validate again inside the transaction, against the vendors as they are at commit time.
  return deps.db.transaction().execute(async (trx) => {
    const { result, planned, ctx } = await preview(deps, trx, facilityId, read.table, base);
    if (result.errorCount > 0 || !ctx) return result;
    await commit(deps, trx, caller, facilityId, planned, ctx);
    await recordAuditMany(deps, trx, caller, [
      {
        facilityId,
        entityType: 'vendor_import',
        entityId: null,
        action: 'import',
        after: { fileName, format: result.format, encoding: result.encoding, sha256: result.sha256, rows: result.rows, create: result.create, update: result.update, unchanged: result.unchanged },
      },
    ]);
    result.committed = true;
    return result;
  });
}
