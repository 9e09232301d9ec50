import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { IncidentCasesTable } from '../../db/schema.ts';

/** Incident cases: every query of the `incident_cases` table. */

export type CaseRow = Selectable<IncidentCasesTable>;
export type NewCaseRow = Insertable<IncidentCasesTable>;

export async function findCaseRow(db: Db, id: string): Promise<CaseRow | undefined> {
  return db.selectFrom('incident_cases').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The next case number of the facility (1, 2, …); call inside the transaction that inserts the case. */
export async function nextCaseSeq(db: Db, facilityId: string): Promise<number> {
  const row = await db.selectFrom('incident_cases').select((eb) => eb.fn.max('seq').as('max')).where('facility_id', '=', facilityId).executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

export async function insertCaseRow(db: Db, row: NewCaseRow): Promise<void> {
  await db.insertInto('incident_cases').values(row).execute();
}
