import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { BcpVersionsTable } from '../../db/schema.ts';

/** 事業継続計画(BCP): every query of `bcp_versions` (and the one audit lookup telling why a version was returned). */

export type BcpVersionRow = Selectable<BcpVersionsTable>;

export interface BcpVersionWithNames extends BcpVersionRow {
  created_by_name: string | null;
  submitted_by_name: string | null;
  approved_by_name: string | null;
}

function withNames(db: Db) {
  return db
    .selectFrom('bcp_versions')
    .leftJoin('users as cu', 'cu.id', 'bcp_versions.created_by')
    .leftJoin('users as su', 'su.id', 'bcp_versions.submitted_by')
    .leftJoin('users as au', 'au.id', 'bcp_versions.approved_by')
    .selectAll('bcp_versions')
    .select(['cu.display_name as created_by_name', 'su.display_name as submitted_by_name', 'au.display_name as approved_by_name']);
}

export async function findBcpVersion(db: Db, id: string): Promise<BcpVersionWithNames | undefined> {
  return withNames(db).where('bcp_versions.id', '=', id).executeTakeFirst();
}

/** Newest first. */
export async function listBcpVersions(db: Db, facilityId: string): Promise<BcpVersionWithNames[]> {
  return withNames(db).where('bcp_versions.facility_id', '=', facilityId).orderBy('bcp_versions.number', 'desc').execute();
}

/** The draft or in_review version of a facility (at most one). */
export async function findOpenDraft(db: Db, facilityId: string): Promise<BcpVersionRow | undefined> {
  return db.selectFrom('bcp_versions').selectAll().where('facility_id', '=', facilityId).where('status', 'in', ['draft', 'in_review']).orderBy('number', 'desc').executeTakeFirst();
}

export async function findNewestApproved(db: Db, facilityId: string): Promise<BcpVersionRow | undefined> {
  return db.selectFrom('bcp_versions').selectAll().where('facility_id', '=', facilityId).where('status', '=', 'approved').orderBy('number', 'desc').executeTakeFirst();
}

export async function maxNumber(db: Db, facilityId: string): Promise<number> {
  const r = await db.selectFrom('bcp_versions').select((eb) => eb.fn.max('number').as('n')).where('facility_id', '=', facilityId).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/**
 * Serializes BCP writes of one facility for the rest of the transaction (a no-op UPDATE of the facility row: PostgreSQL
 * holds the row lock until commit; SQLite serializes transactions anyway), so two new drafts cannot both be created.
 */
export async function lockFacilityBcp(db: Db, facilityId: string): Promise<void> {
  await db
    .updateTable('facilities')
    .set((eb) => ({ id: eb.ref('id') }))
    .where('id', '=', facilityId)
    .execute();
}

export async function insertBcpVersion(db: Db, row: Insertable<BcpVersionsTable>): Promise<void> {
  await db.insertInto('bcp_versions').values(row).execute();
}

/** Updates when the row still has `expectedVersion`; false when it does not (stale). Bumps the version. */
export async function updateBcpVersion(
  db: Db,
  id: string,
  expectedVersion: number,
  changes: Partial<Omit<BcpVersionRow, 'id' | 'facility_id' | 'number' | 'version'>>,
): Promise<boolean> {
  const r = await db
    .updateTable('bcp_versions')
    .set({ ...changes, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteBcpVersion(db: Db, id: string): Promise<void> {
  await db.deleteFrom('bcp_versions').where('id', '=', id).execute();
}

/** The latest `return` audit event of a version: when, by whom (the user's name, else the audit label) and the recorded reason. */
export async function lastReturnEvent(db: Db, id: string): Promise<{ occurred_at: string; by: string; after_json: string | null } | undefined> {
  const r = await db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
    .select(['audit_log.occurred_at', 'audit_log.actor_label', 'audit_log.after_json', 'users.display_name'])
    .where('audit_log.entity_type', '=', 'bcp_version')
    .where('audit_log.entity_id', '=', id)
    .where('audit_log.action', '=', 'return')
    .orderBy('audit_log.seq', 'desc')
    .executeTakeFirst();
  return r ? { occurred_at: r.occurred_at, by: r.display_name ?? r.actor_label, after_json: r.after_json } : undefined;
}

/** Of the given asset ids, those of the facility (deleted ones too: a plan may still name a retired system). */
export async function assetNames(db: Db, facilityId: string, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('assets').select(['id', 'name']).where('facility_id', '=', facilityId).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Of the given vendor ids, those of the facility that are not deleted, with their names. */
export async function vendorNames(db: Db, facilityId: string, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('vendors').select(['id', 'name']).where('facility_id', '=', facilityId).where('deleted_at', 'is', null).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function userName(db: Db, userId: string): Promise<string | null> {
  const r = await db.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirst();
  return r?.display_name ?? null;
}
