import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { RestoreDrillsTable } from '../../db/schema.ts';

/** All SQL of the restore drills (復旧訓練) of 備え. */

export type DrillRow = RestoreDrillsTable;

export interface DrillJoinedRow extends DrillRow {
  asset_name: string;
  asset_type: string;
  asset_department: string | null;
  asset_criticality: number;
  asset_deleted_at: string | null;
  plan_label: string | null;
  plan_medium: string | null;
  /** The system's current targets (a planned drill shows these; a recorded one keeps its own). */
  current_rto_hours: number | null;
  current_rpo_hours: number | null;
}

function joined(db: Db) {
  return db
    .selectFrom('restore_drills as d')
    .innerJoin('assets as a', 'a.id', 'd.asset_id')
    .leftJoin('backup_plans as p', 'p.id', 'd.plan_id')
    .leftJoin('recovery_targets as t', 't.asset_id', 'd.asset_id')
    .selectAll('d')
    .select([
      'a.name as asset_name',
      'a.type as asset_type',
      'a.department as asset_department',
      'a.criticality as asset_criticality',
      'a.deleted_at as asset_deleted_at',
      'p.label as plan_label',
      'p.medium as plan_medium',
      't.rto_hours as current_rto_hours',
      't.rpo_hours as current_rpo_hours',
    ]);
}

function normalize<T extends DrillRow & { asset_criticality?: number | string; current_rto_hours?: number | string | null; current_rpo_hours?: number | string | null }>(r: T): T {
  const num = (v: number | string | null) => (v === null ? null : Number(v));
  return {
    ...r,
    ...(r.current_rto_hours !== undefined ? { current_rto_hours: num(r.current_rto_hours) } : {}),
    ...(r.current_rpo_hours !== undefined ? { current_rpo_hours: num(r.current_rpo_hours) } : {}),
    version: Number(r.version),
    rto_hours_target: num(r.rto_hours_target),
    rpo_hours_target: num(r.rpo_hours_target),
    ...(r.asset_criticality !== undefined ? { asset_criticality: Number(r.asset_criticality) } : {}),
  };
}

export async function findDrill(db: Db, id: string): Promise<DrillJoinedRow | undefined> {
  const r = await joined(db).where('d.id', '=', id).executeTakeFirst();
  return r ? normalize(r as DrillJoinedRow) : undefined;
}

export interface DrillFilters {
  status?: 'planned' | 'done' | 'cancelled' | 'overdue';
  assetId?: string;
  /** [from, to) as UTC timestamps for finished_at and as YYYY-MM-DD for planned_on. */
  fiscalYear?: { fromIso: string; toIso: string; fromDay: string; toDay: string };
}

export async function listDrills(db: Db, facilityId: string, f: DrillFilters, today: string, page: number, pageSize: number): Promise<{ rows: DrillJoinedRow[]; total: number }> {
  let q = joined(db).where('d.facility_id', '=', facilityId);
  if (f.status === 'overdue') q = q.where('d.status', '=', 'planned').where('d.planned_on', '<', today);
  else if (f.status) q = q.where('d.status', '=', f.status);
  if (f.assetId) q = q.where('d.asset_id', '=', f.assetId);
  if (f.fiscalYear) {
    const y = f.fiscalYear;
    q = q.where((eb) =>
      eb.or([
        eb.and([eb('d.finished_at', 'is not', null), eb('d.finished_at', '>=', y.fromIso), eb('d.finished_at', '<', y.toIso)]),
        eb.and([eb('d.finished_at', 'is', null), eb('d.planned_on', '>=', y.fromDay), eb('d.planned_on', '<', y.toDay)]),
      ]),
    );
  }
  const [rows, count] = await Promise.all([
    q
      .orderBy(sql`coalesce(d.finished_at, d.planned_on, d.created_at)`, 'desc')
      .orderBy('d.created_at', 'desc')
      .orderBy('d.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map((r) => normalize(r as DrillJoinedRow)), total: Number(count.n) };
}

export async function insertDrill(db: Db, row: DrillRow): Promise<void> {
  await db.insertInto('restore_drills').values(row).execute();
}

/** Updates when the version still matches; false when it moved on (CONFLICT). */
export async function updateDrill(db: Db, id: string, version: number, changes: Partial<DrillRow>): Promise<boolean> {
  const res = await db
    .updateTable('restore_drills')
    .set({ ...changes, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function deleteDrill(db: Db, id: string, version: number): Promise<boolean> {
  const res = await db.deleteFrom('restore_drills').where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}

export interface DrillBrief {
  id: string;
  asset_id: string;
  finished_at: string | null;
  planned_on: string | null;
  result: string | null;
  started_at: string | null;
  data_as_of: string | null;
}

/** Done drills (newest finish first) and planned ones (earliest day first) of a facility, for the due dates. */
export async function drillBriefs(db: Db, facilityId: string): Promise<{ done: DrillBrief[]; planned: DrillBrief[] }> {
  const cols = ['id', 'asset_id', 'finished_at', 'planned_on', 'result', 'started_at', 'data_as_of'] as const;
  const [done, planned] = await Promise.all([
    db.selectFrom('restore_drills').select(cols).where('facility_id', '=', facilityId).where('status', '=', 'done').orderBy('finished_at', 'desc').orderBy('id').execute(),
    db.selectFrom('restore_drills').select(cols).where('facility_id', '=', facilityId).where('status', '=', 'planned').orderBy('planned_on').orderBy('id').execute(),
  ]);
  return { done, planned };
}

export interface PlanRef {
  id: string;
  facility_id: string;
  asset_id: string;
}

export async function findPlanRef(db: Db, planId: string): Promise<PlanRef | undefined> {
  return db.selectFrom('backup_plans').select(['id', 'facility_id', 'asset_id']).where('id', '=', planId).executeTakeFirst();
}

export async function findLiveAsset(db: Db, facilityId: string, assetId: string): Promise<{ id: string; name: string } | undefined> {
  return db.selectFrom('assets').select(['id', 'name']).where('facility_id', '=', facilityId).where('id', '=', assetId).where('deleted_at', 'is', null).executeTakeFirst();
}
