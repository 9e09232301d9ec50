import { ZVendorCreate } from '../../../shared/contracts/vendors.contract.ts';
import type { ImportIssue } from '../../../shared/ledger-import.ts';
import { isCorporateNumber } from '../../../shared/vendors.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAuditMany, type AuditEntry } from '../../audit/audit.service.ts';
import { newId } from '../../lib/ids.ts';
import {
  authorizeLedger,
  plainCell,
  readCells,
  runImport,
  type ImportColumns,
  type ImportKind,
  type ImportOptions,
  type ImportResult,
  type PreviewScope,
  type TableRow,
} from '../ledger/index.ts';
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

export type VendorImportResult = ImportResult;
export type VendorImportOptions = ImportOptions;

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

type Columns = ImportColumns<VendorColumn>;

const MAX: Record<Exclude<VendorColumnKey, 'phone' | 'email' | 'website' | 'corporate_number' | 'emergency_phone'>, number> = {
  name: 200,
  name_kana: 200,
  address: 500,
  emergency_contact: 100,
  notes: 4000,
};

function parseRow(headers: string[], cols: Columns, r: TableRow, errors: ImportIssue[], warnings: ImportIssue[]): ParsedRow | null {
  const values: Partial<Values> = {};
  let contactName: string | null | undefined;
  let contactPhone: string | null | undefined;
  const ok = readCells(headers, cols, r, errors, warnings, (col, cell, path, fail) => {
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

/** Checks each row: parsed, its name unique in the file (reported even when the row has other errors, so that one round of fixes is enough), then planned. */
function rowPlanner({ headers, cols, ctx, errors, warnings, keys }: PreviewScope<VendorColumn, Context>) {
  const nameIndex = cols.byIndex.findIndex((c) => c?.key === 'name');
  const nameHeader = headers[nameIndex]!.trim();
  return (r: TableRow): { planned: Planned | null; key: string } => {
    const parsed = parseRow(headers, cols, r, errors, warnings);
    const name = plainCell(r, nameIndex);
    const repeated = name !== '' && keys.repeats(name, r.row, nameHeader, name);
    return { planned: parsed && !repeated ? plan(parsed, ctx) : null, key: parsed?.values.name ?? '' };
  };
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
  const kind: ImportKind<VendorColumn, Context, Planned> = {
    sheetNames: VENDOR_SHEET_NAMES,
    auditEntityType: 'vendor_import',
    headers: { columns: VENDOR_COLUMNS, columnFor: vendorColumnFor },
    loadContext: (db) => loadContext(deps, db, facilityId),
    rowPlanner,
    commit: (trx, planned, ctx) => commit(deps, trx, caller, facilityId, planned, ctx),
  };
  return runImport(deps, caller, facilityId, bytes, options, kind);
}
