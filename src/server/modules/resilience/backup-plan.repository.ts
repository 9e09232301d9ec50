import { BACKUP_SYSTEM_TYPES } from '../../../shared/resilience/backup.ts';
import { sql, type Insertable, type RawBuilder, type SqlBool, type Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { BackupPlansTable, BackupRunsTable } from '../../db/schema.ts';

/** 備え: every query of backup plans and their runs. */

export type BackupPlanInsert = Insertable<BackupPlansTable>;
export type BackupPlanChanges = Updateable<BackupPlansTable>;
export type BackupRunInsert = Insertable<BackupRunsTable>;

/** A plan with its system (ledger asset) and vendor names. */
export interface PlanRow extends BackupPlansTable {
  asset_name: string;
  asset_type: string;
  asset_criticality: number;
  asset_deleted_at: string | null;
  vendor_name: string | null;
}

function plans(db: Db) {
  return db
    .selectFrom('backup_plans as p')
    .innerJoin('assets as a', 'a.id', 'p.asset_id')
    .leftJoin('vendors as v', 'v.id', 'p.vendor_id')
    .selectAll('p')
    .select(['a.name as asset_name', 'a.type as asset_type', 'a.criticality as asset_criticality', 'a.deleted_at as asset_deleted_at', 'v.name as vendor_name']);
}

export interface PlanFilter {
  retired: 'true' | 'false' | 'all';
  assetId?: string;
  medium?: string;
  q?: string;
}

/** Plans of a facility (system criticality, system name, label), filtered by the SQL-able filters. */
export async function listPlanRows(db: Db, facilityId: string, filter: PlanFilter = { retired: 'false' }): Promise<PlanRow[]> {
  let q = plans(db).where('p.facility_id', '=', facilityId);
  if (filter.retired === 'false') q = q.where('p.retired_at', 'is', null);
  else if (filter.retired === 'true') q = q.where('p.retired_at', 'is not', null);
  if (filter.assetId) q = q.where('p.asset_id', '=', filter.assetId);
  if (filter.medium) q = q.where('p.medium', '=', filter.medium);
  if (filter.q) {
    const like = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const col = (c: string) => sql<string>`lower(coalesce(${sql.ref(c)}, ''))`;
    q = q.where((eb) =>
      eb.or(['p.label', 'a.name', 'p.tool', 'p.external_key', 'p.storage_place', 'p.schedule_note'].map((c) => eb(col(c), 'like', sql<string>`${like} escape '\\'`))),
    );
  }
  return (await q.orderBy('a.criticality').orderBy('a.name').orderBy('p.created_at').orderBy('p.id').execute()) as PlanRow[];
}

export async function findPlanRow(db: Db, id: string): Promise<PlanRow | undefined> {
  return (await plans(db).where('p.id', '=', id).executeTakeFirst()) as PlanRow | undefined;
}

/** The plan in use with this job name in the facility. */
export async function findActivePlanByExternalKey(db: Db, facilityId: string, externalKey: string): Promise<PlanRow | undefined> {
  return (await plans(db).where('p.facility_id', '=', facilityId).where('p.external_key', '=', externalKey).where('p.retired_at', 'is', null).executeTakeFirst()) as
    | PlanRow
    | undefined;
}

export async function externalKeyTaken(db: Db, facilityId: string, externalKey: string, exceptId: string | null): Promise<boolean> {
  let q = db.selectFrom('backup_plans').select('id').where('facility_id', '=', facilityId).where('external_key', '=', externalKey).where('retired_at', 'is', null);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function insertPlan(db: Db, row: BackupPlanInsert): Promise<void> {
  await db.insertInto('backup_plans').values(row).execute();
}

/** Updates when the version is still `expectedVersion` (and bumps it); false when stale. */
export async function updatePlan(db: Db, id: string, expectedVersion: number, changes: BackupPlanChanges): Promise<boolean> {
  const res = await db
    .updateTable('backup_plans')
    .set({ ...changes, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function countRetiredPlans(db: Db, facilityId: string): Promise<number> {
  const r = await db.selectFrom('backup_plans').select((eb) => eb.fn.countAll<number | string>().as('n')).where('facility_id', '=', facilityId).where('retired_at', 'is not', null).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** An asset of the facility, not deleted. */
export async function findLiveAsset(db: Db, facilityId: string, assetId: string): Promise<{ id: string; name: string } | undefined> {
  return db.selectFrom('assets').select(['id', 'name']).where('id', '=', assetId).where('facility_id', '=', facilityId).where('deleted_at', 'is', null).executeTakeFirst();
}

export async function findLiveVendor(db: Db, facilityId: string, vendorId: string): Promise<{ id: string; name: string } | undefined> {
  return db.selectFrom('vendors').select(['id', 'name']).where('id', '=', vendorId).where('facility_id', '=', facilityId).where('deleted_at', 'is', null).executeTakeFirst();
}

/**
 * Whether an asset (by its table alias) is a system for the backup and drill rules: a type of BACKUP_SYSTEM_TYPES —
 * except a server an application or cloud service runs on (`runs_on` in the ledger): it is part of that system, whose
 * plans and drills cover it —, or any asset someone keeps a backup plan for.
 */
export function isBackupSystem(alias: string): RawBuilder<SqlBool> {
  const id = sql.ref(`${alias}.id`);
  const type = sql.ref(`${alias}.type`);
  const types = sql.join(BACKUP_SYSTEM_TYPES.map((t) => sql.lit(t)));
  return sql<SqlBool>`((${type} in (${types}) and not (${type} = 'server' and exists (select 1 from asset_relations rel inner join assets app on app.id = rel.from_asset_id where rel.to_asset_id = ${id} and rel.kind = 'runs_on' and app.deleted_at is null and app.type in ('application', 'cloud_service')))) or exists (select 1 from backup_plans bp where bp.asset_id = ${id} and bp.retired_at is null))`;
}

/** Systems (isBackupSystem, not deleted) of criticality ≤ maxCriticality, by criticality then name. */
export async function criticalSystems(db: Db, facilityId: string, maxCriticality: number): Promise<{ id: string; name: string; type: string; criticality: number }[]> {
  return db
    .selectFrom('assets')
    .select(['id', 'name', 'type', 'criticality'])
    .where('facility_id', '=', facilityId)
    .where('deleted_at', 'is', null)
    .where('criticality', '<=', maxCriticality)
    .where(isBackupSystem('assets'))
    .orderBy('criticality')
    .orderBy('name')
    .orderBy('id')
    .execute();
}

// --- runs ---------------------------------------------------------------------------------------

export interface RunStats {
  planId: string;
  /** finished_at of the latest success finished by `nowIso`. */
  lastSuccessAt: string | null;
  lastRunAt: string | null;
  lastRunStatus: string | null;
  runCount: number;
}

/** Per plan of the facility (or of the given plans): last success, last run and its status, run count. */
export async function runStats(db: Db, facilityId: string, nowIso: string, planIds?: readonly string[]): Promise<Map<string, RunStats>> {
  if (planIds && planIds.length === 0) return new Map();
  let counts = db
    .selectFrom('backup_runs')
    .select(['plan_id', (eb) => eb.fn.countAll<number | string>().as('n'), (eb) => eb.fn.max('finished_at').as('last_run_at')])
    .where('facility_id', '=', facilityId)
    .where('finished_at', '<=', nowIso)
    .groupBy('plan_id');
  let successes = db
    .selectFrom('backup_runs')
    .select(['plan_id', (eb) => eb.fn.max('finished_at').as('last_success_at')])
    .where('facility_id', '=', facilityId)
    .where('status', '=', 'success')
    .where('finished_at', '<=', nowIso)
    .groupBy('plan_id');
  if (planIds) {
    counts = counts.where('plan_id', 'in', planIds);
    successes = successes.where('plan_id', 'in', planIds);
  }
  const [c, s] = await Promise.all([counts.execute(), successes.execute()]);
  const out = new Map<string, RunStats>();
  for (const r of c) out.set(r.plan_id, { planId: r.plan_id, lastSuccessAt: null, lastRunAt: r.last_run_at, lastRunStatus: null, runCount: Number(r.n) });
  for (const r of s) {
    const stats = out.get(r.plan_id);
    if (stats) stats.lastSuccessAt = r.last_success_at;
  }
  const withLast = [...out.values()].filter((x) => x.lastRunAt !== null);
  if (withLast.length > 0) {
    // The status of each plan's latest run (a success and a failure finishing at the same instant: the failure shows).
    const rows = await db
      .selectFrom('backup_runs')
      .select(['plan_id', 'finished_at', 'status'])
      .where('facility_id', '=', facilityId)
      .where('plan_id', 'in', withLast.map((x) => x.planId))
      .where((eb) => eb('finished_at', '=', eb.selectFrom('backup_runs as r2').select((e2) => e2.fn.max('r2.finished_at').as('m')).whereRef('r2.plan_id', '=', 'backup_runs.plan_id').where('r2.finished_at', '<=', nowIso)))
      .execute();
    for (const r of rows) {
      const stats = out.get(r.plan_id)!;
      if (stats.lastRunStatus === null || r.status !== 'success') stats.lastRunStatus = r.status;
    }
  }
  return out;
}

export interface RunRow extends BackupRunsTable {
  recorded_by_name: string | null;
}

function runs(db: Db) {
  return db.selectFrom('backup_runs as r').leftJoin('users as u', 'u.id', 'r.recorded_by').selectAll('r').select('u.display_name as recorded_by_name');
}

export async function listRunRows(db: Db, planId: string, filter: { status?: string; limit: number; offset: number }): Promise<{ rows: RunRow[]; total: number }> {
  let base = db.selectFrom('backup_runs').where('plan_id', '=', planId);
  let q = runs(db).where('r.plan_id', '=', planId);
  if (filter.status) {
    base = base.where('status', '=', filter.status);
    q = q.where('r.status', '=', filter.status);
  }
  const [rows, total] = await Promise.all([
    q.orderBy('r.started_at', 'desc').orderBy('r.id').limit(filter.limit).offset(filter.offset).execute(),
    base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as RunRow[], total: Number(total.n) };
}

export async function findRunRow(db: Db, id: string): Promise<RunRow | undefined> {
  return (await runs(db).where('r.id', '=', id).executeTakeFirst()) as RunRow | undefined;
}

export async function findRunByNaturalKey(db: Db, planId: string, startedAt: string): Promise<RunRow | undefined> {
  return (await runs(db).where('r.plan_id', '=', planId).where('r.started_at', '=', startedAt).executeTakeFirst()) as RunRow | undefined;
}

/** Inserts unless (plan, started_at) exists already; true when inserted. */
export async function insertRunIfNew(db: Db, row: BackupRunInsert): Promise<boolean> {
  const res = await db
    .insertInto('backup_runs')
    .values(row)
    .onConflict((oc) => oc.columns(['plan_id', 'started_at']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return res !== undefined;
}

export async function deleteRun(db: Db, id: string): Promise<void> {
  await db.deleteFrom('backup_runs').where('id', '=', id).execute();
}

/** Existing started_at values of these plans (for the import's duplicate check). */
export async function existingRunKeys(db: Db, facilityId: string, planIds: readonly string[]): Promise<Set<string>> {
  if (planIds.length === 0) return new Set();
  const rows = await db.selectFrom('backup_runs').select(['plan_id', 'started_at']).where('facility_id', '=', facilityId).where('plan_id', 'in', planIds).execute();
  return new Set(rows.map((r) => `${r.plan_id} ${r.started_at}`));
}

/** Runs of the facility finished in [fromIso, toIso]: all, and not successful. */
export async function countRecentRuns(db: Db, facilityId: string, fromIso: string, toIso: string): Promise<{ total: number; failed: number }> {
  const rows = await db
    .selectFrom('backup_runs as r')
    .innerJoin('backup_plans as p', 'p.id', 'r.plan_id')
    .select(['r.status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('r.facility_id', '=', facilityId)
    .where('p.retired_at', 'is', null)
    .where('r.finished_at', '>=', fromIso)
    .where('r.finished_at', '<=', toIso)
    .groupBy('r.status')
    .execute();
  let total = 0;
  let failed = 0;
  for (const r of rows) {
    total += Number(r.n);
    if (r.status !== 'success') failed += Number(r.n);
  }
  return { total, failed };
}
