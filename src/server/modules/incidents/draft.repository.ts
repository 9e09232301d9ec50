import type { Db } from '../../db/database.ts';

/** Report drafts: every query of `incident_drafts` (one row per case and kind, holding the edited fields as JSON). */

export interface DraftRow {
  id: string;
  caseId: string;
  kind: string;
  /** JSON object: field key → edited text. */
  fields: string;
  updatedBy: string | null;
  updatedByName: string | null;
  updatedAt: string;
}

export async function findDraft(db: Db, caseId: string, kind: string): Promise<DraftRow | undefined> {
  const r = await db
    .selectFrom('incident_drafts as d')
    .leftJoin('users as u', 'u.id', 'd.updated_by')
    .select(['d.id', 'd.case_id', 'd.kind', 'd.fields', 'd.updated_by', 'u.display_name as updated_by_name', 'd.updated_at'])
    .where('d.case_id', '=', caseId)
    .where('d.kind', '=', kind)
    .executeTakeFirst();
  return r ? { id: r.id, caseId: r.case_id, kind: r.kind, fields: r.fields, updatedBy: r.updated_by, updatedByName: r.updated_by_name ?? null, updatedAt: r.updated_at } : undefined;
}

/** The first save of a draft; false when another save created it first (the unique key on case and kind). */
export async function insertDraft(db: Db, row: { id: string; caseId: string; kind: string; fields: string; updatedBy: string | null; updatedAt: string }): Promise<boolean> {
  const r = await db
    .insertInto('incident_drafts')
    .values({ id: row.id, case_id: row.caseId, kind: row.kind, fields: row.fields, updated_by: row.updatedBy, updated_at: row.updatedAt })
    .onConflict((oc) => oc.columns(['case_id', 'kind']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Saves the fields when the draft is still at `expectedUpdatedAt`; false when someone saved in between. */
export async function updateDraft(db: Db, id: string, expectedUpdatedAt: string, changes: { fields: string; updatedBy: string | null; updatedAt: string }): Promise<boolean> {
  const r = await db
    .updateTable('incident_drafts')
    .set({ fields: changes.fields, updated_by: changes.updatedBy, updated_at: changes.updatedAt })
    .where('id', '=', id)
    .where('updated_at', '=', expectedUpdatedAt)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
