import type { Db } from '../../db/database.ts';
import type { RecoveryTargetsTable } from '../../db/schema.ts';
import { isBackupSystem } from './backup-plan.repository.ts';

/** All SQL of the recovery targets (目標復旧時間・目標復旧時点, drill interval, recovery notes) of 備え. */

export type TargetRow = RecoveryTargetsTable;

export interface TargetSystemRow {
  id: string;
  facility_id: string;
  name: string;
  type: string;
  department: string | null;
  criticality: number;
  deleted_at: string | null;
  rto_hours: number | null;
  rpo_hours: number | null;
  drill_interval_months: number | null;
  recovery_notes: string | null;
  version: number | null;
  updated_at: string | null;
}

function systemsQuery(db: Db) {
  return db
    .selectFrom('assets')
    .leftJoin('recovery_targets as t', 't.asset_id', 'assets.id')
    .select([
      'assets.id',
      'assets.facility_id',
      'assets.name',
      'assets.type',
      'assets.department',
      'assets.criticality',
      'assets.deleted_at',
      't.rto_hours',
      't.rpo_hours',
      't.drill_interval_months',
      't.recovery_notes',
      't.version',
      't.updated_at',
    ]);
}

/** Live systems (isBackupSystem) of criticality 1–2 plus live assets with a saved target, by criticality, name, id. */
export async function listTargetSystems(db: Db, facilityId: string): Promise<TargetSystemRow[]> {
  const rows = await systemsQuery(db)
    .where('assets.facility_id', '=', facilityId)
    .where('assets.deleted_at', 'is', null)
    .where((eb) => eb.or([eb.and([eb('assets.criticality', '<=', 2), isBackupSystem('assets')]), eb('t.asset_id', 'is not', null)]))
    .orderBy('assets.criticality')
    .orderBy('assets.name')
    .orderBy('assets.id')
    .execute();
  return rows.map(normalize);
}

/** One asset (live or deleted) with its target, by id. */
export async function findTargetSystem(db: Db, assetId: string): Promise<TargetSystemRow | undefined> {
  const row = await systemsQuery(db).where('assets.id', '=', assetId).executeTakeFirst();
  return row ? normalize(row) : undefined;
}

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

function normalize(r: TargetSystemRow): TargetSystemRow {
  return {
    ...r,
    criticality: Number(r.criticality),
    rto_hours: num(r.rto_hours),
    rpo_hours: num(r.rpo_hours),
    drill_interval_months: num(r.drill_interval_months),
    version: num(r.version),
  };
}

function normalizeTarget(r: TargetRow): TargetRow {
  return { ...r, rto_hours: num(r.rto_hours), rpo_hours: num(r.rpo_hours), drill_interval_months: num(r.drill_interval_months), version: Number(r.version) };
}

/** The saved targets of a facility (for the recovery order). */
export async function listTargets(db: Db, facilityId: string): Promise<TargetRow[]> {
  const rows = await db.selectFrom('recovery_targets').selectAll().where('facility_id', '=', facilityId).execute();
  return rows.map(normalizeTarget);
}

export async function findTarget(db: Db, assetId: string): Promise<TargetRow | undefined> {
  const r = await db.selectFrom('recovery_targets').selectAll().where('asset_id', '=', assetId).executeTakeFirst();
  return r ? normalizeTarget(r) : undefined;
}

/** Inserts the first target of a system; false when another save got there first (the caller answers CONFLICT). */
export async function insertTarget(db: Db, row: TargetRow): Promise<boolean> {
  const res = await db.insertInto('recovery_targets').values(row).onConflict((oc) => oc.column('asset_id').doNothing()).executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Updates when the version still matches; false when it moved on (CONFLICT). */
export async function updateTarget(db: Db, assetId: string, version: number, changes: Partial<TargetRow>): Promise<boolean> {
  const res = await db
    .updateTable('recovery_targets')
    .set({ ...changes, version: version + 1 })
    .where('asset_id', '=', assetId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
