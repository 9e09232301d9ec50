import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { IncidentPlaybooksTable } from '../../db/schema.ts';

/** Facility playbooks (対応手順書 of a facility): every query of the `incident_playbooks` table. */

export type PlaybookRow = Selectable<IncidentPlaybooksTable>;
export type NewPlaybookRow = Insertable<IncidentPlaybooksTable>;
/** A row with the display name of who saved it last. */
export type PlaybookRowWithUser = PlaybookRow & { updated_by_name: string | null };

export async function findPlaybookRow(db: Db, facilityId: string, category: string): Promise<PlaybookRow | undefined> {
  return db.selectFrom('incident_playbooks').selectAll().where('facility_id', '=', facilityId).where('category', '=', category).executeTakeFirst();
}

function withUser(db: Db) {
  return db.selectFrom('incident_playbooks as p').leftJoin('users as u', 'u.id', 'p.updated_by').selectAll('p').select('u.display_name as updated_by_name');
}

export async function findPlaybookRowWithUser(db: Db, facilityId: string, category: string): Promise<PlaybookRowWithUser | undefined> {
  return withUser(db).where('p.facility_id', '=', facilityId).where('p.category', '=', category).executeTakeFirst();
}

export async function listPlaybookRows(db: Db, facilityId: string): Promise<PlaybookRowWithUser[]> {
  return withUser(db).where('p.facility_id', '=', facilityId).orderBy('p.category').execute();
}

export async function insertPlaybookRow(db: Db, row: NewPlaybookRow): Promise<void> {
  await db.insertInto('incident_playbooks').values(row).execute();
}

/** Saves a new version over `expectedVersion`; false when another save came first (the row's version moved on). */
export async function updatePlaybookRow(db: Db, id: string, expectedVersion: number, patch: { definition: string; version: number; updated_by: string | null; updated_at: string }): Promise<boolean> {
  const r = await db.updateTable('incident_playbooks').set(patch).where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deletePlaybookRow(db: Db, id: string): Promise<void> {
  await db.deleteFrom('incident_playbooks').where('id', '=', id).execute();
}
