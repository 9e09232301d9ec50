import { BACKUP_LOCATIONS, BACKUP_MEDIA, BACKUP_RUNNERS, BACKUP_SCOPES, type BackupLocation, type BackupMedium, type BackupRunner, type BackupScope } from '../../../shared/resilience/backup.ts';
import type { Criticality } from '../../../shared/ledger.ts';
import type {
  ResilienceSnapshot,
  SnapshotBcpStatus,
  SnapshotBcpVersion,
  SnapshotDrill,
  SnapshotDrillStatus,
  SnapshotExercise,
  SnapshotPlan,
} from '../../../shared/resilience/summary.ts';
import type { Db } from '../../db/database.ts';
import { isBackupSystem } from './backup-plan.repository.ts';

/**
 * Read-only facts of a facility's resilience (備え) for the checklist rules 3(2)/3(3) and the dashboard summary: the
 * systems of criticality 1–2, the active backup plans of active assets with their last success, recovery targets,
 * restore drills (planned and done), the BCP versions and the exercises. No authorization: the caller (the rule engine
 * for an authorized assessment, or the summary service after authorizeResilience) decides who sees the result.
 * All SQL of these facts is in this file; it reads only the resilience tables and assets (name, criticality).
 */

const parseJson = (text: string, fallback: unknown): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fallback;
  }
};
const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

function scopesOf(text: string): BackupScope[] {
  const v = parseJson(text, []);
  return Array.isArray(v) ? v.filter((s): s is BackupScope => (BACKUP_SCOPES as readonly unknown[]).includes(s)) : [];
}
const oneOf = <T extends string>(list: readonly T[], v: string, fallback: T): T => ((list as readonly string[]).includes(v) ? (v as T) : fallback);

/** The facility's resilience facts at `now` (runs finished after `now` — clock skew — do not count as a success). */
export async function resilienceFacts(db: Db, facilityId: string, now: Date): Promise<ResilienceSnapshot> {
  const nowIso = now.toISOString();
  const [systems, plans, lastRuns, targets, drills, bcp, exercises] = await Promise.all([
    db
      .selectFrom('assets')
      .select(['id', 'name', 'criticality'])
      .where('facility_id', '=', facilityId)
      .where('deleted_at', 'is', null)
      .where('criticality', '<=', 2)
      // The systems of the backup and drill rules, as the backups overview counts them.
      .where(isBackupSystem('assets'))
      .orderBy('criticality')
      .orderBy('name')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('backup_plans as p')
      .innerJoin('assets as a', 'a.id', 'p.asset_id')
      .select([
        'p.id',
        'p.asset_id',
        'a.name as asset_name',
        'a.criticality',
        'p.label',
        'p.scopes',
        'p.medium',
        'p.disconnected',
        'p.cloud_immutable',
        'p.network_separated',
        'p.generations',
        'p.every_days',
        'p.location',
        'p.encrypted',
        'p.key_holder',
        'p.run_by',
        'p.restore_procedure',
      ])
      .where('p.facility_id', '=', facilityId)
      .where('p.retired_at', 'is', null)
      .where('a.deleted_at', 'is', null)
      .orderBy('a.criticality')
      .orderBy('a.name')
      .orderBy('p.id')
      .execute(),
    db
      .selectFrom('backup_runs')
      .select(['plan_id', (eb) => eb.fn.max('finished_at').as('last')])
      .where('facility_id', '=', facilityId)
      .where('status', '=', 'success')
      .where('finished_at', '<=', nowIso)
      .groupBy('plan_id')
      .execute(),
    db.selectFrom('recovery_targets').selectAll().where('facility_id', '=', facilityId).execute(),
    db
      .selectFrom('restore_drills as d')
      .innerJoin('assets as a', 'a.id', 'd.asset_id')
      .select(['d.id', 'd.asset_id', 'd.status', 'd.planned_on', 'd.started_at', 'd.finished_at', 'd.restored', 'd.result', 'd.rto_hours_target'])
      .where('d.facility_id', '=', facilityId)
      .where('d.status', 'in', ['planned', 'done'])
      .where('a.deleted_at', 'is', null)
      .orderBy('d.id')
      .execute(),
    db.selectFrom('bcp_versions').select(['id', 'number', 'status', 'approved_at', 'content']).where('facility_id', '=', facilityId).orderBy('number', 'desc').execute(),
    db
      .selectFrom('exercises')
      .select(['id', 'kind', 'title', 'status', 'held_on'])
      .where('facility_id', '=', facilityId)
      .where('status', 'in', ['planned', 'done'])
      .orderBy('held_on', 'desc')
      .orderBy('id')
      .execute(),
  ]);
  const last = new Map(lastRuns.map((r) => [r.plan_id, (r.last as string | null) ?? null]));
  return {
    systems: systems.map((s) => ({ id: s.id, name: s.name, criticality: Number(s.criticality) as Criticality })),
    plans: plans.map(
      (p): SnapshotPlan => ({
        id: p.id,
        systemId: p.asset_id,
        systemName: p.asset_name,
        criticality: Number(p.criticality) as Criticality,
        label: p.label,
        scopes: scopesOf(p.scopes),
        medium: oneOf<BackupMedium>(BACKUP_MEDIA, p.medium, 'online_disk'),
        disconnected: Number(p.disconnected) === 1,
        cloudImmutable: Number(p.cloud_immutable) === 1,
        networkSeparated: Number(p.network_separated) === 1,
        generations: Number(p.generations),
        schedule: { everyDays: Number(p.every_days) },
        location: oneOf<BackupLocation>(BACKUP_LOCATIONS, p.location, 'on_site'),
        encrypted: Number(p.encrypted) === 1,
        keyHolder: p.key_holder,
        runBy: oneOf<BackupRunner>(BACKUP_RUNNERS, p.run_by, 'staff'),
        restoreProcedure: p.restore_procedure,
        lastSuccessAt: last.get(p.id) ?? null,
      }),
    ),
    targets: targets.map((t) => ({
      assetId: t.asset_id,
      rtoHours: num(t.rto_hours),
      rpoHours: num(t.rpo_hours),
      drillIntervalMonths: num(t.drill_interval_months),
      recoveryNotes: t.recovery_notes,
    })),
    drills: drills.map(
      (d): SnapshotDrill => ({
        id: d.id,
        assetId: d.asset_id,
        status: d.status as SnapshotDrillStatus,
        plannedOn: d.planned_on,
        startedAt: d.started_at,
        finishedAt: d.finished_at,
        restored: d.restored,
        result: d.result,
        rtoHoursTarget: num(d.rto_hours_target),
      }),
    ),
    bcp: bcp.map(
      (b): SnapshotBcpVersion => ({ id: b.id, number: Number(b.number), status: b.status as SnapshotBcpStatus, approvedAt: b.approved_at, content: parseJson(b.content, null) }),
    ),
    exercises: exercises.map((e): SnapshotExercise => ({ id: e.id, kind: e.kind, title: e.title, status: e.status as SnapshotExercise['status'], heldOn: e.held_on })),
  };
}
