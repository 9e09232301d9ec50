import type { RestoreDrillDto } from '../../../shared/contracts/resilience-drills.contract.ts';
import { fiscalYearOf } from '../../../shared/dates.ts';
import type { BackupMedium } from '../../../shared/resilience/backup.ts';
import { drillMetrics, drillResult, type DrillRestored, type DrillResult, type DrillStatus } from '../../../shared/resilience/drills.ts';
import type { SourceAction } from '../actions/index.ts';
import { systemRef } from './recovery-target.presenter.ts';
import type { DrillJoinedRow } from './restore-drill.repository.ts';

/** A drill row (with its system and plan) as the API shows it; reasons are recomputed from the stored targets. */
export function presentDrill(r: DrillJoinedRow, today: string, actions: readonly SourceAction[] = []): RestoreDrillDto {
  const done = r.status === 'done' && r.started_at !== null && r.finished_at !== null && r.data_as_of !== null;
  const metrics = done ? drillMetrics({ startedAt: r.started_at!, finishedAt: r.finished_at!, dataAsOf: r.data_as_of! }) : null;
  const reasons = metrics && r.restored ? drillResult(metrics, { rtoHours: r.rto_hours_target, rpoHours: r.rpo_hours_target }, r.restored as DrillRestored).reasons : [];
  const day = r.finished_at ? new Date(r.finished_at) : r.planned_on ? new Date(`${r.planned_on}T00:00:00+09:00`) : null;
  return {
    id: r.id,
    facilityId: r.facility_id,
    system: systemRef({ id: r.asset_id, name: r.asset_name, type: r.asset_type, department: r.asset_department, criticality: r.asset_criticality, deleted_at: r.asset_deleted_at }),
    plan: r.plan_id && r.plan_medium ? { id: r.plan_id, label: r.plan_label, medium: r.plan_medium as BackupMedium } : null,
    status: r.status as DrillStatus,
    overdue: r.status === 'planned' && r.planned_on !== null && r.planned_on < today,
    plannedOn: r.planned_on,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    dataAsOf: r.data_as_of,
    restored: r.restored as DrillRestored | null,
    // A recorded drill keeps the targets of its day; a planned one shows the system's current targets.
    rtoHoursTarget: r.status === 'planned' ? r.current_rto_hours : r.rto_hours_target,
    rpoHoursTarget: r.status === 'planned' ? r.current_rpo_hours : r.rpo_hours_target,
    metrics,
    result: r.result as DrillResult | null,
    reasons,
    problems: r.problems,
    performedBy: r.performed_by,
    notes: r.notes,
    fiscalYear: day ? fiscalYearOf(day) : null,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    actions: actions.map((a) => ({ id: a.id, title: a.title, status: a.status, dueOn: a.dueOn, overdue: a.overdue, owner: a.owner })),
  };
}
