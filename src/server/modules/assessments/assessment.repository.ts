import type { EvidenceRecordType } from '../../../shared/assessments/types.ts';
import type { Db } from '../../db/database.ts';
import type { AssessmentAnswersTable, AssessmentEventsTable, AssessmentEvidenceTable, AssessmentsTable } from '../../db/schema.ts';
import { chunks } from '../../lib/chunks.ts';

/**
 * 現状調査: all SQL of the assessments core. Every query is scoped by facility_id except the lookup by id
 * (`findAssessmentById`), which the access check follows with the facility check.
 */

export type AssessmentRow = AssessmentsTable;
export type AnswerRow = AssessmentAnswersTable;
export type EventRow = AssessmentEventsTable;
export type EvidenceRow = AssessmentEvidenceTable;

/** An assessment row with its vendor's name. */
export interface AssessmentRecord extends AssessmentRow {
  vendor_name: string | null;
}

function selectAssessments(db: Db) {
  return db.selectFrom('assessments as a').leftJoin('vendors as v', 'v.id', 'a.vendor_id').selectAll('a').select('v.name as vendor_name').where('a.deleted_at', 'is', null);
}

const normalize = (r: AssessmentRecord): AssessmentRecord => ({ ...r, fiscal_year: r.fiscal_year === null ? null : Number(r.fiscal_year) });

export async function insertAssessment(db: Db, row: AssessmentRow): Promise<void> {
  await db.insertInto('assessments').values(row).execute();
}

/** A live assessment by id, whatever its facility (the caller checks the facility next). */
export async function findAssessmentById(db: Db, id: string): Promise<AssessmentRecord | undefined> {
  const r = await selectAssessments(db).where('a.id', '=', id).executeTakeFirst();
  return r ? normalize(r) : undefined;
}

export async function findAssessment(db: Db, facilityId: string, id: string): Promise<AssessmentRecord | undefined> {
  const r = await selectAssessments(db).where('a.facility_id', '=', facilityId).where('a.id', '=', id).executeTakeFirst();
  return r ? normalize(r) : undefined;
}

/** The live assessment of a facility × framework version × fiscal year (× vendor), if any. */
export async function findLiveAssessment(
  db: Db,
  facilityId: string,
  frameworkId: string,
  version: string,
  vendorId: string | null,
  fiscalYear: number | null,
): Promise<AssessmentRecord | undefined> {
  let q = selectAssessments(db).where('a.facility_id', '=', facilityId).where('a.framework_id', '=', frameworkId).where('a.framework_version', '=', version);
  q = vendorId === null ? q.where('a.vendor_id', 'is', null) : q.where('a.vendor_id', '=', vendorId);
  q = fiscalYear === null ? q.where('a.fiscal_year', 'is', null) : q.where('a.fiscal_year', '=', fiscalYear);
  const r = await q.executeTakeFirst();
  return r ? normalize(r) : undefined;
}

export interface AssessmentFilter {
  facilityId: string;
  /** null = every assessment; otherwise only the vendor sheets of these vendors (none when empty). */
  vendorIds: readonly string[] | null;
  fiscalYear?: number | undefined;
  sheet?: string | undefined;
  vendorId?: string | undefined;
  frameworkId?: string | undefined;
}

export async function listAssessments(db: Db, f: AssessmentFilter): Promise<AssessmentRecord[]> {
  if (f.vendorIds !== null && f.vendorIds.length === 0) return [];
  let q = selectAssessments(db).where('a.facility_id', '=', f.facilityId);
  if (f.vendorIds !== null) q = q.where('a.vendor_id', 'in', [...f.vendorIds]);
  if (f.fiscalYear !== undefined) q = q.where('a.fiscal_year', '=', f.fiscalYear);
  if (f.sheet !== undefined) q = q.where('a.sheet', '=', f.sheet);
  if (f.vendorId !== undefined) q = q.where('a.vendor_id', '=', f.vendorId);
  if (f.frameworkId !== undefined) q = q.where('a.framework_id', '=', f.frameworkId);
  const rows = await q.orderBy('a.fiscal_year', 'desc').orderBy('a.framework_id').orderBy('a.framework_version', 'desc').orderBy('v.name').orderBy('a.created_at').execute();
  return rows.map(normalize);
}

/**
 * The live assessment, read after taking its row lock for the rest of the transaction (a no-op UPDATE: PostgreSQL
 * holds the row until commit; SQLite serializes transactions anyway). Every write that depends on the status or the
 * signatures starts here, so an answer cannot slip into an assessment that a concurrent signature locks, two first
 * answers of an item cannot both insert, and a signature cannot miss a concurrent answer.
 */
export async function lockAssessment(db: Db, facilityId: string, id: string): Promise<AssessmentRecord | undefined> {
  await db
    .updateTable('assessments')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('facility_id', '=', facilityId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .execute();
  return findAssessment(db, facilityId, id);
}

export async function updateAssessment(db: Db, facilityId: string, id: string, patch: Partial<AssessmentRow>): Promise<void> {
  await db.updateTable('assessments').set(patch).where('facility_id', '=', facilityId).where('id', '=', id).execute();
}

/**
 * Sets fields and moves updated_at forward only while the assessment is still in `status` (nobody locked, submitted
 * or accepted it meanwhile); false when it was not. Guards sign-off and status changes against concurrent requests.
 */
export async function updateAssessmentIf(db: Db, facilityId: string, id: string, status: string, patch: Partial<AssessmentRow>): Promise<boolean> {
  const r = await db.updateTable('assessments').set(patch).where('facility_id', '=', facilityId).where('id', '=', id).where('status', '=', status).where('deleted_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

// --- answers ------------------------------------------------------------------------------------

const normalizeAnswer = (r: AnswerRow): AnswerRow => ({ ...r, carried_over: Number(r.carried_over) });

export async function listAnswers(db: Db, facilityId: string, assessmentId: string): Promise<AnswerRow[]> {
  const rows = await db.selectFrom('assessment_answers').selectAll().where('facility_id', '=', facilityId).where('assessment_id', '=', assessmentId).execute();
  return rows.map(normalizeAnswer);
}

/** The answers of several assessments of a facility (for lists with progress). */
export async function listAnswersOf(db: Db, facilityId: string, assessmentIds: readonly string[]): Promise<AnswerRow[]> {
  const out: AnswerRow[] = [];
  for (const ids of chunks(assessmentIds, 500)) {
    const rows = await db.selectFrom('assessment_answers').selectAll().where('facility_id', '=', facilityId).where('assessment_id', 'in', ids).execute();
    out.push(...rows.map(normalizeAnswer));
  }
  return out;
}

export async function findAnswer(db: Db, facilityId: string, assessmentId: string, itemId: string): Promise<AnswerRow | undefined> {
  const r = await db
    .selectFrom('assessment_answers')
    .selectAll()
    .where('facility_id', '=', facilityId)
    .where('assessment_id', '=', assessmentId)
    .where('item_id', '=', itemId)
    .executeTakeFirst();
  return r ? normalizeAnswer(r) : undefined;
}

export async function insertAnswer(db: Db, row: AnswerRow): Promise<void> {
  await db.insertInto('assessment_answers').values(row).execute();
}

export async function insertAnswers(db: Db, rows: readonly AnswerRow[]): Promise<void> {
  for (const batch of chunks(rows, 200)) await db.insertInto('assessment_answers').values([...batch]).execute();
}

export async function updateAnswer(db: Db, facilityId: string, id: string, patch: Partial<AnswerRow>): Promise<void> {
  await db.updateTable('assessment_answers').set(patch).where('facility_id', '=', facilityId).where('id', '=', id).execute();
}

// --- history ------------------------------------------------------------------------------------

export async function insertEvent(db: Db, row: EventRow): Promise<void> {
  await db.insertInto('assessment_events').values(row).execute();
}

export async function insertEvents(db: Db, rows: readonly EventRow[]): Promise<void> {
  for (const batch of chunks(rows, 200)) await db.insertInto('assessment_events').values([...batch]).execute();
}

export interface EventFilter {
  facilityId: string;
  assessmentId: string;
  itemId?: string | undefined;
}

function eventQuery(db: Db, f: EventFilter) {
  let q = db.selectFrom('assessment_events').where('facility_id', '=', f.facilityId).where('assessment_id', '=', f.assessmentId);
  if (f.itemId !== undefined) q = q.where('item_id', '=', f.itemId);
  return q;
}

export async function countEvents(db: Db, f: EventFilter): Promise<number> {
  const r = await eventQuery(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Newest first. */
export async function listEvents(db: Db, f: EventFilter, page: { limit: number; offset: number }): Promise<EventRow[]> {
  return eventQuery(db, f).selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
}

// --- evidence -----------------------------------------------------------------------------------

const normalizeEvidence = (r: EvidenceRow): EvidenceRow => ({ ...r, size: r.size === null ? null : Number(r.size), version: Number(r.version) });

/** Every live (not deleted) evidence row of an assessment, the replaced versions included, oldest first. */
export async function listEvidence(db: Db, facilityId: string, assessmentId: string): Promise<EvidenceRow[]> {
  const rows = await db
    .selectFrom('assessment_evidence')
    .selectAll()
    .where('facility_id', '=', facilityId)
    .where('assessment_id', '=', assessmentId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(normalizeEvidence);
}

export async function findEvidence(db: Db, facilityId: string, assessmentId: string, id: string): Promise<EvidenceRow | undefined> {
  const r = await db
    .selectFrom('assessment_evidence')
    .selectAll()
    .where('facility_id', '=', facilityId)
    .where('assessment_id', '=', assessmentId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return r ? normalizeEvidence(r) : undefined;
}

export async function insertEvidence(db: Db, row: EvidenceRow): Promise<void> {
  await db.insertInto('assessment_evidence').values(row).execute();
}

export async function insertEvidenceRows(db: Db, rows: readonly EvidenceRow[]): Promise<void> {
  for (const batch of chunks(rows, 100)) await db.insertInto('assessment_evidence').values([...batch]).execute();
}

export async function updateEvidence(db: Db, facilityId: string, id: string, patch: Partial<EvidenceRow>): Promise<void> {
  await db.updateTable('assessment_evidence').set(patch).where('facility_id', '=', facilityId).where('id', '=', id).execute();
}

/** Soft-deletes an evidence item and every earlier version of it (the chain through replaces_id). */
export async function deleteEvidenceChain(db: Db, facilityId: string, ids: readonly string[], now: string): Promise<void> {
  for (const batch of chunks(ids, 500)) {
    await db.updateTable('assessment_evidence').set({ deleted_at: now }).where('facility_id', '=', facilityId).where('id', 'in', batch).where('deleted_at', 'is', null).execute();
  }
}

// --- records evidence can point to --------------------------------------------------------------

/**
 * The label of a live record of the facility that evidence may link to, or null when there is none. Reads the
 * owning modules' tables directly, as the connections repository does for vendors and assets.
 */
export async function recordLabel(db: Db, facilityId: string, type: EvidenceRecordType, id: string): Promise<string | null> {
  switch (type) {
    case 'asset': {
      const r = await db.selectFrom('assets').select(['name', 'asset_tag']).where('facility_id', '=', facilityId).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
      return r ? (r.asset_tag ? `${r.name} (${r.asset_tag})` : r.name) : null;
    }
    case 'segment': {
      const r = await db.selectFrom('network_segments').select('name').where('facility_id', '=', facilityId).where('id', '=', id).executeTakeFirst();
      return r?.name ?? null;
    }
    case 'connection': {
      const r = await db.selectFrom('external_connections').select('name').where('facility_id', '=', facilityId).where('id', '=', id).executeTakeFirst();
      return r?.name ?? null;
    }
    case 'vendor': {
      const r = await db.selectFrom('vendors').select('name').where('facility_id', '=', facilityId).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
      return r?.name ?? null;
    }
    case 'vendor_document': {
      const r = await db
        .selectFrom('vendor_documents as d')
        .innerJoin('vendors as v', 'v.id', 'd.vendor_id')
        .select(['d.subject', 'v.name'])
        .where('d.facility_id', '=', facilityId)
        .where('d.id', '=', id)
        .executeTakeFirst();
      return r ? `${r.name}: ${r.subject}` : null;
    }
    case 'finding': {
      const r = await db
        .selectFrom('vuln_findings as f')
        .innerJoin('assets as a', 'a.id', 'f.asset_id')
        .select(['f.vuln_id', 'a.name'])
        .where('f.facility_id', '=', facilityId)
        .where('f.id', '=', id)
        .executeTakeFirst();
      return r ? `${r.vuln_id} / ${r.name}` : null;
    }
    case 'action': {
      const r = await db.selectFrom('actions').select('title').where('facility_id', '=', facilityId).where('id', '=', id).executeTakeFirst();
      return r?.title ?? null;
    }
    case 'assessment': {
      const r = await db
        .selectFrom('assessments')
        .select(['framework_id', 'framework_version', 'title'])
        .where('facility_id', '=', facilityId)
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      return r ? (r.title ?? `${r.framework_id} ${r.framework_version}`) : null;
    }
  }
}

/** Whether a vendor is live in the facility (vendor sheets). */
export async function vendorName(db: Db, facilityId: string, vendorId: string): Promise<string | null> {
  const r = await db.selectFrom('vendors').select('name').where('facility_id', '=', facilityId).where('id', '=', vendorId).where('deleted_at', 'is', null).executeTakeFirst();
  return r?.name ?? null;
}

export async function facilityLabel(db: Db, facilityId: string): Promise<{ id: string; name: string; code: string } | null> {
  const r = await db.selectFrom('facilities').select(['id', 'name', 'code']).where('id', '=', facilityId).executeTakeFirst();
  return r ?? null;
}
