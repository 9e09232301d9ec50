import type { Insertable, Updateable } from 'kysely';
import type { ContactSide } from '../../../shared/incidents/contacts.ts';
import type { Db } from '../../db/database.ts';
import type { ContactEntriesTable } from '../../db/schema.ts';

/** 連絡体制図: every query of the contact chart. */

export type ContactEntryRow = Insertable<ContactEntriesTable>;
export type ContactEntryChanges = Updateable<ContactEntriesTable>;

export interface ContactEntry {
  id: string;
  facilityId: string;
  side: ContactSide;
  kind: string;
  position: number;
  roleLabel: string;
  name: string | null;
  organization: string | null;
  userId: string | null;
  userName: string | null;
  vendorId: string | null;
  vendorName: string | null;
  vendorContactId: string | null;
  phone: string | null;
  phoneAlt: string | null;
  email: string | null;
  availability: string | null;
  deputyForId: string | null;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
}

function entries(db: Db) {
  return db
    .selectFrom('contact_entries as e')
    .leftJoin('users as u', 'u.id', 'e.user_id')
    .leftJoin('vendors as v', 'v.id', 'e.vendor_id')
    .select([
      'e.id',
      'e.facility_id',
      'e.side',
      'e.kind',
      'e.position',
      'e.role_label',
      'e.name',
      'e.organization',
      'e.user_id',
      'u.display_name as user_name',
      'e.vendor_id',
      'v.name as vendor_name',
      'e.vendor_contact_id',
      'e.phone',
      'e.phone_alt',
      'e.email',
      'e.availability',
      'e.deputy_for_id',
      'e.notes',
      'e.created_at',
      'e.updated_at',
    ]);
}

type EntrySelection = Awaited<ReturnType<ReturnType<typeof entries>['executeTakeFirstOrThrow']>>;

function toEntry(r: EntrySelection): ContactEntry {
  return {
    id: r.id,
    facilityId: r.facility_id,
    side: r.side as ContactSide,
    kind: r.kind,
    position: Number(r.position),
    roleLabel: r.role_label,
    name: r.name,
    organization: r.organization,
    userId: r.user_id,
    userName: r.user_name ?? null,
    vendorId: r.vendor_id,
    vendorName: r.vendor_name ?? null,
    vendorContactId: r.vendor_contact_id,
    phone: r.phone,
    phoneAlt: r.phone_alt,
    email: r.email,
    availability: r.availability,
    deputyForId: r.deputy_for_id,
    notes: r.notes,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The facility's entries, internal side first, each side in call order. */
export async function listEntries(db: Db, facilityId: string): Promise<ContactEntry[]> {
  const rows = await entries(db).where('e.facility_id', '=', facilityId).orderBy('e.side', 'desc').orderBy('e.position').orderBy('e.id').execute();
  return rows.map(toEntry);
}

export async function listSide(db: Db, facilityId: string, side: ContactSide): Promise<ContactEntry[]> {
  const rows = await entries(db).where('e.facility_id', '=', facilityId).where('e.side', '=', side).orderBy('e.position').orderBy('e.id').execute();
  return rows.map(toEntry);
}

export async function findEntry(db: Db, facilityId: string, id: string): Promise<ContactEntry | undefined> {
  const r = await entries(db).where('e.facility_id', '=', facilityId).where('e.id', '=', id).executeTakeFirst();
  return r ? toEntry(r) : undefined;
}

/** An entry by id in any facility (the caller's reach is checked afterwards). */
export async function findEntryById(db: Db, id: string): Promise<ContactEntry | undefined> {
  const r = await entries(db).where('e.id', '=', id).executeTakeFirst();
  return r ? toEntry(r) : undefined;
}

export async function insertEntry(db: Db, row: ContactEntryRow): Promise<void> {
  await db.insertInto('contact_entries').values(row).execute();
}

export async function updateEntry(db: Db, facilityId: string, id: string, changes: ContactEntryChanges): Promise<void> {
  await db.updateTable('contact_entries').set(changes).where('facility_id', '=', facilityId).where('id', '=', id).execute();
}

export async function deleteEntry(db: Db, facilityId: string, id: string): Promise<void> {
  await db.deleteFrom('contact_entries').where('facility_id', '=', facilityId).where('id', '=', id).execute();
}

export async function setPosition(db: Db, facilityId: string, id: string, position: number): Promise<void> {
  await db.updateTable('contact_entries').set({ position }).where('facility_id', '=', facilityId).where('id', '=', id).execute();
}

/** Entries that stand in for `id` lose that link (their deputy target is deleted). Returns their ids. */
export async function clearDeputyLinks(db: Db, facilityId: string, id: string, updatedAt: string): Promise<string[]> {
  const rows = await db.selectFrom('contact_entries').select('id').where('facility_id', '=', facilityId).where('deputy_for_id', '=', id).execute();
  if (rows.length === 0) return [];
  await db.updateTable('contact_entries').set({ deputy_for_id: null, updated_at: updatedAt }).where('facility_id', '=', facilityId).where('deputy_for_id', '=', id).execute();
  return rows.map((r) => r.id);
}

/** A user who holds a facility role (not vendor) in the facility and is not disabled. */
export async function isFacilityMember(db: Db, facilityId: string, userId: string): Promise<boolean> {
  const r = await db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select('users.id')
    .where('user_roles.facility_id', '=', facilityId)
    .where('user_roles.role', '!=', 'vendor')
    .where('users.id', '=', userId)
    .where('users.disabled', '=', 0)
    .executeTakeFirst();
  return r !== undefined;
}

/** A live (not deleted) vendor of the facility. */
export async function findLiveVendor(db: Db, facilityId: string, vendorId: string): Promise<{ id: string; name: string } | undefined> {
  return db.selectFrom('vendors').select(['id', 'name']).where('facility_id', '=', facilityId).where('id', '=', vendorId).where('deleted_at', 'is', null).executeTakeFirst();
}

export async function findVendorContact(
  db: Db,
  facilityId: string,
  contactId: string,
): Promise<{ id: string; vendorId: string; name: string; phone: string | null; email: string | null } | undefined> {
  const r = await db.selectFrom('vendor_contacts').select(['id', 'vendor_id', 'name', 'phone', 'email']).where('facility_id', '=', facilityId).where('id', '=', contactId).executeTakeFirst();
  return r ? { id: r.id, vendorId: r.vendor_id, name: r.name, phone: r.phone, email: r.email } : undefined;
}

export interface EmergencyContact {
  vendorId: string;
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
}

/** The first 24-hour contact (by the vendor's own order) of each vendor. */
export async function firstEmergencyContacts(db: Db, facilityId: string, vendorIds: readonly string[]): Promise<Map<string, EmergencyContact>> {
  const out = new Map<string, EmergencyContact>();
  if (vendorIds.length === 0) return out;
  const rows = await db
    .selectFrom('vendor_contacts')
    .select(['id', 'vendor_id', 'name', 'phone', 'email'])
    .where('facility_id', '=', facilityId)
    .where('vendor_id', 'in', [...vendorIds])
    .where('emergency_24h', '=', 1)
    .orderBy('vendor_id')
    .orderBy('position')
    .orderBy('id')
    .execute();
  for (const r of rows) if (!out.has(r.vendor_id)) out.set(r.vendor_id, { vendorId: r.vendor_id, id: r.id, name: r.name, phone: r.phone, email: r.email });
  return out;
}

/**
 * Serializes writes to one facility's chart for the rest of the transaction (a no-op UPDATE of the facility row:
 * PostgreSQL holds the row lock until commit; SQLite serializes transactions anyway), so positions stay dense.
 */
export async function lockChart(db: Db, facilityId: string): Promise<void> {
  await db
    .updateTable('facilities')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', facilityId)
    .execute();
}
