import type { Insertable, Selectable } from 'kysely';
import type { TimelineKind } from '../../../shared/incidents/cases.ts';
import type { Db } from '../../db/database.ts';
import type { IncidentTimelineTable } from '../../db/schema.ts';
import { newId } from '../../lib/ids.ts';

/** The case timeline (`incident_timeline`): every query. Other parts of the module add entries through `insertTimelineEntry`. */

export type TimelineRow = Insertable<IncidentTimelineTable>;

export interface TimelineEntryInput {
  /** Optional id (default: a new one): the communications log gives its entry the id of the communication. */
  id?: string;
  caseId: string;
  /** ISO UTC. */
  occurredAt: string;
  /** IANA zone the time was stated in (Asia/Tokyo unless the source said otherwise, e.g. UTC log times). */
  timeZone: string;
  /**
   * People write `note`, `action` and `communication` entries by hand (the timeline API audits each one, and only
   * those hand-written notes and actions may be deleted again); mamori's own entries are usually `system`, `phase`,
   * `report`, `filing` or `evidence`.
   */
  kind: TimelineKind;
  text: string;
  createdBy: string | null;
  /** ISO UTC (deps.clock). */
  createdAt: string;
  /** Written by a person through the timeline API (may be deleted again); default false. */
  manual?: boolean;
}

/** Adds one entry inside the caller's transaction; returns its id. */
export async function insertTimelineEntry(db: Db, input: TimelineEntryInput): Promise<string> {
  const id = input.id ?? newId();
  await db
    .insertInto('incident_timeline')
    .values({ id, case_id: input.caseId, occurred_at: input.occurredAt, time_zone: input.timeZone, kind: input.kind, text: input.text, manual: input.manual ? 1 : 0, created_by: input.createdBy, created_at: input.createdAt })
    .execute();
  return id;
}

/** A case's timeline, oldest first (ties in the order they were recorded). */
export async function listTimelineRows(db: Db, caseId: string) {
  return db.selectFrom('incident_timeline').selectAll().where('case_id', '=', caseId).orderBy('occurred_at').orderBy('created_at').orderBy('id').execute();
}

export type TimelineEntryRow = Selectable<IncidentTimelineTable> & { author_name: string | null };

/** A case's timeline with the authors' names, oldest first (ties in the order they were recorded). */
export async function listTimelineEntries(db: Db, caseId: string): Promise<TimelineEntryRow[]> {
  return db
    .selectFrom('incident_timeline as t')
    .leftJoin('users as u', 'u.id', 't.created_by')
    .selectAll('t')
    .select('u.display_name as author_name')
    .where('t.case_id', '=', caseId)
    .orderBy('t.occurred_at')
    .orderBy('t.created_at')
    .orderBy('t.id')
    .execute();
}

export async function findTimelineEntry(db: Db, id: string): Promise<TimelineEntryRow | undefined> {
  return db
    .selectFrom('incident_timeline as t')
    .leftJoin('users as u', 'u.id', 't.created_by')
    .selectAll('t')
    .select('u.display_name as author_name')
    .where('t.id', '=', id)
    .executeTakeFirst();
}

/** Deletes an entry of the case (of the given kinds); returns whether one was deleted. */
export async function deleteTimelineEntry(db: Db, caseId: string, id: string, kinds: readonly TimelineKind[]): Promise<boolean> {
  const r = await db.deleteFrom('incident_timeline').where('case_id', '=', caseId).where('id', '=', id).where('kind', 'in', [...kinds]).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
