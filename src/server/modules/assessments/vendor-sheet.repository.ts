import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { AssessmentLinksTable, AssessmentsTable } from '../../db/schema.ts';

/**
 * 事業者確認用: the SQL of vendor sheets — signed links (only the token's SHA-256 is stored), the status changes of
 * submission and review, and what the vendor page shows. Scoped by facility_id, except the lookup of a link by its
 * token hash (the public entry point), which then works only within that link's assessment.
 */

export type LinkRow = AssessmentLinksTable;

export async function insertLink(db: Db, row: LinkRow): Promise<void> {
  await db.insertInto('assessment_links').values(row).execute();
}

export async function listLinks(db: Db, facilityId: string, assessmentId: string): Promise<LinkRow[]> {
  return db.selectFrom('assessment_links').selectAll().where('facility_id', '=', facilityId).where('assessment_id', '=', assessmentId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

export async function findLink(db: Db, facilityId: string, assessmentId: string, id: string): Promise<LinkRow | undefined> {
  return db.selectFrom('assessment_links').selectAll().where('facility_id', '=', facilityId).where('assessment_id', '=', assessmentId).where('id', '=', id).executeTakeFirst();
}

/** The link whose token hashes to `tokenHash` (the only lookup not scoped by facility: the token is the key). */
export async function findLinkByHash(db: Db, tokenHash: string): Promise<LinkRow | undefined> {
  return db.selectFrom('assessment_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function findLinkById(db: Db, id: string): Promise<LinkRow | undefined> {
  return db.selectFrom('assessment_links').selectAll().where('id', '=', id).executeTakeFirst();
}

/** An assessment row by id, deleted or not (the vendor page when its framework is gone). */
export async function findAssessmentRow(db: Db, id: string): Promise<AssessmentsTable | undefined> {
  return db.selectFrom('assessments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function revokeLink(db: Db, facilityId: string, id: string, now: string): Promise<void> {
  await db.updateTable('assessment_links').set({ revoked_at: now }).where('facility_id', '=', facilityId).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

/** Records one use of a link. */
export async function touchLink(db: Db, id: string, now: string): Promise<void> {
  await db
    .updateTable('assessment_links')
    .set({ last_used_at: now, use_count: sql<number>`use_count + 1` })
    .where('id', '=', id)
    .execute();
}

/**
 * Moves an assessment from one status to the next only if it is still in `from` (two reviewers at once: one wins).
 * Returns whether it moved.
 */
export async function moveAssessment(db: Db, facilityId: string, id: string, from: string, patch: Partial<AssessmentsTable>): Promise<boolean> {
  const r = await db
    .updateTable('assessments')
    .set(patch)
    .where('facility_id', '=', facilityId)
    .where('id', '=', id)
    .where('status', '=', from)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Enabled users linked to a vendor who still hold the vendor role in the facility (they hear about review results). */
export async function vendorUserIds(db: Db, facilityId: string, vendorId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('vendor_users')
    .innerJoin('user_roles', (j) => j.onRef('user_roles.user_id', '=', 'vendor_users.user_id').onRef('user_roles.facility_id', '=', 'vendor_users.facility_id'))
    .innerJoin('users', 'users.id', 'vendor_users.user_id')
    .select('users.id')
    .distinct()
    .where('vendor_users.facility_id', '=', facilityId)
    .where('vendor_users.vendor_id', '=', vendorId)
    .where('user_roles.role', '=', 'vendor')
    .where('users.disabled', '=', 0)
    .orderBy('users.id')
    .execute();
  return rows.map((r) => r.id);
}

/** The newest live vendor sheet of a vendor (the vendor page's checklist). */
export async function newestVendorSheetId(db: Db, facilityId: string, vendorId: string): Promise<string | null> {
  const r = await db
    .selectFrom('assessments')
    .select('id')
    .where('facility_id', '=', facilityId)
    .where('vendor_id', '=', vendorId)
    .where('sheet', '=', 'vendor')
    .where('deleted_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return r?.id ?? null;
}
