import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { ExercisesTable } from '../../db/schema.ts';

/** 訓練 (exercises): every query of `exercises` (and the count of their open follow-up actions). */

export type ExerciseRow = Selectable<ExercisesTable>;

export interface ExerciseFilter {
  /** Inclusive JST date range of held_on. */
  from?: string;
  to?: string;
  kind?: string;
  status?: string;
}

function filtered(db: Db, facilityId: string, f: ExerciseFilter) {
  let q = db.selectFrom('exercises').where('facility_id', '=', facilityId);
  if (f.from) q = q.where('held_on', '>=', f.from);
  if (f.to) q = q.where('held_on', '<=', f.to);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.status) q = q.where('status', '=', f.status);
  return q;
}

/** Newest first (held_on, then creation). */
export async function listExercises(db: Db, facilityId: string, f: ExerciseFilter, limit: number, offset: number): Promise<{ rows: ExerciseRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    filtered(db, facilityId, f).selectAll().orderBy('held_on', 'desc').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    filtered(db, facilityId, f).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}

export async function findExercise(db: Db, id: string): Promise<ExerciseRow | undefined> {
  return db.selectFrom('exercises').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Status and date of every exercise of a facility (the yearly requirement). */
export async function exerciseDates(db: Db, facilityId: string): Promise<{ status: string; held_on: string }[]> {
  return db.selectFrom('exercises').select(['status', 'held_on']).where('facility_id', '=', facilityId).execute();
}

export async function insertExercise(db: Db, row: Insertable<ExercisesTable>): Promise<void> {
  await db.insertInto('exercises').values(row).execute();
}

/** Updates when the row still has `expectedVersion` (false when stale); bumps the version. */
export async function updateExercise(db: Db, id: string, expectedVersion: number, changes: Partial<Omit<ExerciseRow, 'id' | 'facility_id' | 'version'>>): Promise<boolean> {
  const r = await db
    .updateTable('exercises')
    .set({ ...changes, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteExercise(db: Db, id: string): Promise<void> {
  await db.deleteFrom('exercises').where('id', '=', id).execute();
}

/** Open (open / in_progress) actions per exercise id. */
export async function openActionCounts(db: Db, facilityId: string, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('actions')
    .select(['source_id', (eb) => eb.fn.countAll().as('n')])
    .where('facility_id', '=', facilityId)
    .where('source_type', '=', 'exercise')
    .where('status', 'in', ['open', 'in_progress'])
    .where('source_id', 'in', [...ids])
    .groupBy('source_id')
    .execute();
  return new Map(rows.map((r) => [r.source_id!, Number(r.n)]));
}
