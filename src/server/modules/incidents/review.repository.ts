import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { IncidentReviewsTable } from '../../db/schema.ts';

/** 事後対応・再発防止: every query of `incident_reviews` (one row per case, made by the first save). */

export type ReviewRow = Selectable<IncidentReviewsTable>;

export interface ReviewWithNames extends ReviewRow {
  updated_by_name: string | null;
}

export async function findReviewRow(db: Db, caseId: string): Promise<ReviewWithNames | undefined> {
  return db
    .selectFrom('incident_reviews')
    .leftJoin('users', 'users.id', 'incident_reviews.updated_by')
    .selectAll('incident_reviews')
    .select('users.display_name as updated_by_name')
    .where('incident_reviews.case_id', '=', caseId)
    .executeTakeFirst();
}

/**
 * Serializes writes to one case's review for the rest of the transaction (a no-op UPDATE of the case row: PostgreSQL
 * holds the row lock until commit; SQLite serializes transactions anyway), so the first save of two cannot both insert.
 */
export async function lockCaseForReview(db: Db, caseId: string): Promise<void> {
  await db
    .updateTable('incident_cases')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', caseId)
    .execute();
}

export async function insertReviewRow(db: Db, row: Insertable<IncidentReviewsTable>): Promise<void> {
  await db.insertInto('incident_reviews').values(row).execute();
}

export async function updateReviewRow(db: Db, caseId: string, changes: Partial<Omit<ReviewRow, 'case_id'>>): Promise<void> {
  await db.updateTable('incident_reviews').set(changes).where('case_id', '=', caseId).execute();
}
