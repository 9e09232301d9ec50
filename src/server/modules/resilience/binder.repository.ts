import type { Db } from '../../db/database.ts';
import type { BinderPrintsTable } from '../../db/schema.ts';

/**
 * SQL of the emergency binder: the facts it prints that no other module hands out without authorization (backup plans
 * with their last success and recovery targets, systems and their dependencies, live external connections, vendors
 * with contacts), and the binder_prints rows. No authorization here (binder.service.ts checks the caller).
 */

export type BinderPrintRow = BinderPrintsTable;

// ── backups ────────────────────────────────────────────────────────────────────────────────────────

/** RTO, RPO and recovery notes per system (asset id). */
export async function recoveryTargetsByAsset(db: Db, facilityId: string): Promise<Map<string, { rtoHours: number | null; rpoHours: number | null; recoveryNotes: string | null }>> {
  const rows = await db.selectFrom('recovery_targets').select(['asset_id', 'rto_hours', 'rpo_hours', 'recovery_notes']).where('facility_id', '=', facilityId).execute();
  const num = (v: number | string | null) => (v === null ? null : Number(v));
  return new Map(rows.map((r) => [r.asset_id, { rtoHours: num(r.rto_hours), rpoHours: num(r.rpo_hours), recoveryNotes: r.recovery_notes }]));
}

// ── external connections ───────────────────────────────────────────────────────────────────────────

export interface BinderConnectionRow {
  id: string;
  name: string;
  kind: string;
  status: string;
  vendorName: string | null;
  purpose: string | null;
  internetFacing: boolean;
  entryName: string | null;
  entryIps: string[];
  entryLocation: string | null;
  notes: string | null;
}

/** Connections that may be up (approved, active or expired but not retired), by name. */
export async function liveConnections(db: Db, facilityId: string): Promise<BinderConnectionRow[]> {
  const rows = await db
    .selectFrom('external_connections as c')
    .leftJoin('vendors as v', 'v.id', 'c.vendor_id')
    .leftJoin('assets as e', (j) => j.onRef('e.id', '=', 'c.entry_asset_id').on('e.deleted_at', 'is', null))
    .select(['c.id', 'c.name', 'c.kind', 'c.status', 'v.name as vendor_name', 'c.purpose', 'c.internet_facing', 'e.name as entry_name', 'e.ips as entry_ips', 'e.location as entry_location', 'c.notes'])
    .where('c.facility_id', '=', facilityId)
    .where('c.status', 'in', ['approved', 'active', 'expired'])
    .orderBy('c.name')
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    status: r.status,
    vendorName: r.vendor_name ?? null,
    purpose: r.purpose,
    internetFacing: Number(r.internet_facing) === 1,
    entryName: r.entry_name ?? null,
    entryIps: parseList(r.entry_ips ?? null),
    entryLocation: r.entry_location ?? null,
    notes: r.notes,
  }));
}

function parseList(json: string | null): string[] {
  if (!json) return [];
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

// ── vendors ────────────────────────────────────────────────────────────────────────────────────────

export interface BinderVendorRow {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  contacts: { id: string; name: string; role: string | null; phone: string | null; email: string | null; emergency24h: boolean; notes: string | null }[];
}

/** Live vendors with their contacts (24-hour ones first, then by position). */
export async function vendorsWithContacts(db: Db, facilityId: string): Promise<BinderVendorRow[]> {
  const [vendors, contacts] = await Promise.all([
    db.selectFrom('vendors').select(['id', 'name', 'phone', 'email']).where('facility_id', '=', facilityId).where('deleted_at', 'is', null).orderBy('name').orderBy('id').execute(),
    db
      .selectFrom('vendor_contacts')
      .select(['id', 'vendor_id', 'name', 'role', 'phone', 'email', 'emergency_24h', 'notes', 'position'])
      .where('facility_id', '=', facilityId)
      .orderBy('vendor_id')
      .orderBy('emergency_24h', 'desc')
      .orderBy('position')
      .orderBy('id')
      .execute(),
  ]);
  return vendors.map((v) => ({
    id: v.id,
    name: v.name,
    phone: v.phone,
    email: v.email,
    contacts: contacts
      .filter((c) => c.vendor_id === v.id)
      .map((c) => ({ id: c.id, name: c.name, role: c.role, phone: c.phone, email: c.email, emergency24h: Number(c.emergency_24h) === 1, notes: c.notes })),
  }));
}

// ── prints ─────────────────────────────────────────────────────────────────────────────────────────

export async function insertPrint(db: Db, row: BinderPrintRow): Promise<void> {
  await db.insertInto('binder_prints').values(row).execute();
}

export async function codeExists(db: Db, code: string): Promise<boolean> {
  const r = await db.selectFrom('binder_prints').select('id').where('code', '=', code).executeTakeFirst();
  return r !== undefined;
}

export interface BinderPrintWithUser extends BinderPrintRow {
  user_name: string | null;
}

export async function latestPrint(db: Db, facilityId: string): Promise<BinderPrintWithUser | undefined> {
  return db
    .selectFrom('binder_prints as b')
    .leftJoin('users as u', 'u.id', 'b.generated_by')
    .selectAll('b')
    .select('u.display_name as user_name')
    .where('b.facility_id', '=', facilityId)
    .orderBy('b.generated_at', 'desc')
    .orderBy('b.id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function printByCode(db: Db, facilityId: string, code: string): Promise<BinderPrintRow | undefined> {
  return db.selectFrom('binder_prints').selectAll().where('facility_id', '=', facilityId).where('code', '=', code).executeTakeFirst();
}

export async function countPrints(db: Db, facilityId: string): Promise<number> {
  const r = await db.selectFrom('binder_prints').select((eb) => eb.fn.countAll<number>().as('n')).where('facility_id', '=', facilityId).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function listPrints(db: Db, facilityId: string, page: { limit: number; offset: number }): Promise<BinderPrintWithUser[]> {
  return db
    .selectFrom('binder_prints as b')
    .leftJoin('users as u', 'u.id', 'b.generated_by')
    .selectAll('b')
    .select('u.display_name as user_name')
    .where('b.facility_id', '=', facilityId)
    .orderBy('b.generated_at', 'desc')
    .orderBy('b.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}
