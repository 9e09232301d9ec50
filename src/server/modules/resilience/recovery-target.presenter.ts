import type { RecoveryTargetDto } from '../../../shared/contracts/resilience-drills.contract.ts';
import type { AssetType, Criticality } from '../../../shared/ledger.ts';
import { drillDue, drillIntervalFor, drillMetrics, type DrillDue } from '../../../shared/resilience/drills.ts';
import { jstDateKey } from '../../../shared/dates.ts';
import type { TargetSystemRow } from './recovery-target.repository.ts';
import type { DrillBrief } from './restore-drill.repository.ts';

/** What the targets list and the drill schedule show per system: last drill, next planned drill, due status. */
export interface SystemDrillState {
  lastDrill: RecoveryTargetDto['lastDrill'];
  nextPlanned: RecoveryTargetDto['nextPlanned'];
  intervalMonths: number | null;
  due: DrillDue | null;
}

export function systemRef(r: { id: string; name: string; type: string; department: string | null; criticality: number; deleted_at: string | null }): RecoveryTargetDto['system'] {
  return { id: r.id, name: r.name, type: r.type as AssetType, criticality: r.criticality as Criticality, department: r.department, deleted: r.deleted_at !== null };
}

/** Index of the drill briefs by asset: the newest done drill and the earliest planned one. */
export function indexBriefs(briefs: { done: DrillBrief[]; planned: DrillBrief[] }): { lastDone: Map<string, DrillBrief>; nextPlanned: Map<string, DrillBrief> } {
  const lastDone = new Map<string, DrillBrief>();
  const nextPlanned = new Map<string, DrillBrief>();
  for (const d of briefs.done) if (!lastDone.has(d.asset_id) && d.finished_at) lastDone.set(d.asset_id, d);
  for (const d of briefs.planned) if (!nextPlanned.has(d.asset_id) && d.planned_on) nextPlanned.set(d.asset_id, d);
  return { lastDone, nextPlanned };
}

export function drillStateOf(
  row: Pick<TargetSystemRow, 'id' | 'criticality' | 'drill_interval_months'>,
  index: ReturnType<typeof indexBriefs>,
  today: string,
): SystemDrillState {
  const last = index.lastDone.get(row.id);
  const next = index.nextPlanned.get(row.id);
  const lastDrill =
    last && last.finished_at && last.started_at && last.data_as_of
      ? {
          id: last.id,
          doneOn: jstDateKey(new Date(last.finished_at)),
          result: (last.result ?? 'failed') as 'passed' | 'failed',
          ...drillMetrics({ startedAt: last.started_at, finishedAt: last.finished_at, dataAsOf: last.data_as_of }),
        }
      : null;
  const nextPlanned = next && next.planned_on ? { id: next.id, plannedOn: next.planned_on } : null;
  const intervalMonths = drillIntervalFor(row.criticality as Criticality, row.drill_interval_months);
  const due = intervalMonths === null ? null : drillDue(lastDrill?.doneOn ?? null, nextPlanned?.plannedOn ?? null, intervalMonths, today);
  return { lastDrill, nextPlanned, intervalMonths, due };
}

export function presentTarget(row: TargetSystemRow, state: SystemDrillState): RecoveryTargetDto {
  return {
    system: systemRef(row),
    rtoHours: row.rto_hours,
    rpoHours: row.rpo_hours,
    drillIntervalMonths: row.drill_interval_months,
    effectiveDrillIntervalMonths: state.intervalMonths,
    recoveryNotes: row.recovery_notes,
    version: row.version,
    updatedAt: row.updated_at,
    lastDrill: state.lastDrill,
    nextPlanned: state.nextPlanned,
    due: state.due,
  };
}
