import type { Insertable } from 'kysely';
import type { TimelineKind } from '../../../shared/incidents/cases.ts';
import type { Db } from '../../db/database.ts';
import type { IncidentTimelineTable } from '../../db/schema.ts';
import { newId } from '../../lib/ids.ts';

/** The case timeline (`incident_timeline`): every query. Other parts of the module add entries through `insertTimelineEntry`. */

export type TimelineRow = Insertable<IncidentTimelineTable>;

export interface TimelineEntryInput {
  caseId: string;
  /** ISO UTC. */
  occurredAt: string;
  /** IANA zone the time was stated in (Asia/Tokyo unless the source said otherwise, e.g. UTC log times). */
  timeZone: string;
  kind: TimelineKind;
  text: string;
  createdBy: string | null;
  /** ISO UTC (deps.clock). */
  createdAt: string;
}

/** Adds one entry inside the caller's transaction; returns its id. */
export async function insertTimelineEntry(db: Db, input: TimelineEntryInput): Promise<string> {
  const id = newId();
  await db
    .insertInto('incident_timeline')
    .values({ id, case_id: input.caseId, occurred_at: input.occurredAt, time_zone: input.timeZone, kind: input.kind, text: input.text, created_by: input.createdBy, created_at: input.createdAt })
    .execute();
  return id;
}

/** A case's timeline, oldest first (ties in the order they were recorded). */
export async function listTimelineRows(db: Db, caseId: string) {
  return db.selectFrom('incident_timeline').selectAll().where('case_id', '=', caseId).orderBy('occurred_at').orderBy('created_at').orderBy('id').execute();
}
