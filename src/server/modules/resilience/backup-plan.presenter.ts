import type { BackupFreshnessDto, BackupPlanDto, BackupRunDto } from '../../../shared/contracts/resilience-backups.contract.ts';
import type { AssetType, Criticality } from '../../../shared/ledger.ts';
import {
  freshnessReason,
  isOfflineCopy,
  planFreshness,
  type BackupLocation,
  type BackupMedium,
  type BackupPlan,
  type BackupPolicy,
  type BackupRunner,
  type BackupRunStatus,
  type BackupScope,
  type PlanFreshness,
} from '../../../shared/resilience/backup.ts';
import type { PlanRow, RunRow, RunStats } from './backup-plan.repository.ts';

/** Rows of backup plans and runs → the API's DTOs and the pure rules' types (src/shared/resilience/backup.ts). */

export function parseScopes(json: string): BackupScope[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? (v.filter((s) => typeof s === 'string') as BackupScope[]) : [];
  } catch {
    return [];
  }
}

/** A plan row as the rules see it. */
export function rulePlan(row: PlanRow): BackupPlan {
  return {
    id: row.id,
    systemId: row.asset_id,
    systemName: row.asset_name,
    criticality: row.asset_criticality as Criticality,
    scopes: parseScopes(row.scopes),
    medium: row.medium as BackupMedium,
    disconnected: row.disconnected === 1,
    cloudImmutable: row.cloud_immutable === 1,
    networkSeparated: row.network_separated === 1,
    generations: row.generations,
    schedule: { everyDays: row.every_days },
    location: row.location as BackupLocation,
    encrypted: row.encrypted === 1,
    keyHolder: row.key_holder,
    runBy: row.run_by as BackupRunner,
  };
}

/** planFreshness from the stats of the plan's runs (the last success is all it needs). */
export function freshnessOf(row: PlanRow, stats: RunStats | undefined, now: Date, policy: Partial<BackupPolicy> = {}): PlanFreshness {
  const runs = stats?.lastSuccessAt ? [{ planId: row.id, startedAt: stats.lastSuccessAt, finishedAt: stats.lastSuccessAt, status: 'success' as const }] : [];
  return planFreshness({ id: row.id, schedule: { everyDays: row.every_days } }, runs, now, policy);
}

export function presentFreshness(row: PlanRow, stats: RunStats | undefined, now: Date): BackupFreshnessDto {
  const f = freshnessOf(row, stats, now);
  const r = freshnessReason(rulePlan(row), f);
  return {
    status: f.state,
    lastSuccessAt: f.lastSuccessAt,
    daysSinceSuccess: f.daysSinceSuccess,
    dueBy: f.dueBy,
    lastRunAt: stats?.lastRunAt ?? null,
    lastRunStatus: (stats?.lastRunStatus ?? null) as BackupRunStatus | null,
    reason: { code: r.code, params: r.params },
  };
}

export function presentPlan(row: PlanRow, stats: RunStats | undefined, now: Date): BackupPlanDto {
  const rule = rulePlan(row);
  return {
    id: row.id,
    facilityId: row.facility_id,
    system: { id: row.asset_id, name: row.asset_name, type: row.asset_type as AssetType, criticality: row.asset_criticality as Criticality, deleted: row.asset_deleted_at !== null },
    label: row.label,
    scopes: rule.scopes,
    tool: row.tool,
    medium: rule.medium,
    disconnected: rule.disconnected,
    cloudImmutable: rule.cloudImmutable,
    networkSeparated: rule.networkSeparated,
    offline: isOfflineCopy(rule),
    generations: row.generations,
    everyDays: row.every_days,
    scheduleNote: row.schedule_note,
    location: rule.location,
    storagePlace: row.storage_place,
    encrypted: rule.encrypted,
    keyHolder: row.key_holder,
    runBy: rule.runBy,
    vendor: row.vendor_id && row.vendor_name !== null ? { id: row.vendor_id, name: row.vendor_name } : null,
    restoreProcedure: row.restore_procedure,
    externalKey: row.external_key,
    notes: row.notes,
    freshness: presentFreshness(row, stats, now),
    runCount: stats?.runCount ?? 0,
    retiredAt: row.retired_at,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentRun(row: RunRow): BackupRunDto {
  return {
    id: row.id,
    planId: row.plan_id,
    facilityId: row.facility_id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationSeconds: Math.max(0, Math.round((Date.parse(row.finished_at) - Date.parse(row.started_at)) / 1000)),
    status: row.status as BackupRunStatus,
    bytes: row.bytes === null ? null : Number(row.bytes),
    message: row.message,
    source: row.source as BackupRunDto['source'],
    externalId: row.external_id,
    recordedBy: row.recorded_by && row.recorded_by_name !== null ? { id: row.recorded_by, name: row.recorded_by_name } : null,
    createdAt: row.created_at,
  };
}

/** The plan's name for people: its label, else system + medium label. */
export function planDisplayName(row: Pick<PlanRow, 'label' | 'asset_name' | 'medium'>, mediumLabel: (m: BackupMedium) => string): string {
  return row.label ?? `${row.asset_name} (${mediumLabel(row.medium as BackupMedium)})`;
}
