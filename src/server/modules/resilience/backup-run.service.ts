import type { BackupRunCreateBody, BackupRunDto } from '../../../shared/contracts/resilience-backups.contract.ts';
import { AppError, type FieldIssue } from '../../../shared/errors.ts';
import type { BackupRunStatus } from '../../../shared/resilience/backup.ts';
import { callerUserId, type Caller, type Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import { newId } from '../../lib/ids.ts';
import { failValidation } from '../../lib/validation.ts';
import * as repo from './backup-plan.repository.ts';
import { presentRun } from './backup-plan.presenter.ts';
import { authorizedPlan } from './backup-plan.service.ts';
import { authorizedRecord } from './resilience.access.ts';

/**
 * Backup runs: recorded by hand (source manual), from a CSV file (csv, backup-import.ts) or by the backup software
 * (webhook, backup-webhook.service.ts). (plan, startedAt) is the natural key: the same run twice changes nothing.
 * Audited as backup_run (create, delete; the import adds one `import` event with its counts).
 */

export type RunSource = 'manual' | 'csv' | 'webhook';

export interface RunValues {
  startedAt: string;
  finishedAt: string;
  status: BackupRunStatus;
  bytes?: number | null;
  message?: string | null;
  externalId?: string | null;
}

/** Times as ISO UTC (…Z), or null when unreadable. */
export function toUtc(value: string): string | null {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** Problems of a run's times (finished before started, in the future), as field issues. */
export function runTimeIssues(startedAt: string, finishedAt: string, now: Date, paths = { startedAt: 'startedAt', finishedAt: 'finishedAt' }): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const s = Date.parse(startedAt);
  const f = Date.parse(finishedAt);
  if (f < s) issues.push({ path: paths.finishedAt, message: 'finished_before_started' });
  if (s > now.getTime()) issues.push({ path: paths.startedAt, message: 'in_the_future' });
  if (f > now.getTime()) issues.push({ path: paths.finishedAt, message: 'in_the_future' });
  return issues;
}

/**
 * Records a run of a plan (trusted: the caller authorized the plan's facility; times already checked) unless
 * (plan, startedAt) exists. Audits `create` unless `audit` is false (the import audits once). Returns the run's id and
 * whether it was new.
 */
export async function recordRunTx(
  deps: Deps,
  trx: Db,
  caller: Caller,
  plan: Pick<repo.PlanRow, 'id' | 'facility_id'>,
  values: RunValues,
  source: RunSource,
  audit = true,
): Promise<{ id: string; created: boolean }> {
  const startedAt = toUtc(values.startedAt)!;
  const finishedAt = toUtc(values.finishedAt)!;
  const row: repo.BackupRunInsert = {
    id: newId(),
    facility_id: plan.facility_id,
    plan_id: plan.id,
    started_at: startedAt,
    finished_at: finishedAt,
    status: values.status,
    bytes: values.bytes ?? null,
    message: values.message?.trim() || null,
    source,
    external_id: values.externalId?.trim() || null,
    recorded_by: callerUserId(caller),
    created_at: deps.clock.now().toISOString(),
  };
  if (!(await repo.insertRunIfNew(trx, row))) {
    const existing = await repo.findRunByNaturalKey(trx, plan.id, startedAt);
    return { id: existing!.id, created: false };
  }
  if (audit) {
    await recordAudit(deps, trx, caller, {
      facilityId: plan.facility_id,
      entityType: 'backup_run',
      entityId: row.id,
      action: 'create',
      after: { planId: plan.id, startedAt, finishedAt, status: row.status, bytes: row.bytes, message: row.message, source },
    });
  }
  return { id: row.id, created: true };
}

export async function listBackupRuns(deps: Deps, caller: Caller, planId: string, query: { status?: BackupRunStatus; page: number; pageSize: number }) {
  const plan = await authorizedPlan(deps, caller, planId, 'resilience.read');
  const { rows, total } = await repo.listRunRows(deps.db, plan.id, { status: query.status, limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
  return { items: rows.map(presentRun), total, page: query.page, pageSize: query.pageSize };
}

/** A run entered by hand. VALIDATION_FAILED for bad times or a run of this plan starting at the same instant. */
export async function recordBackupRun(deps: Deps, caller: Caller, planId: string, body: BackupRunCreateBody): Promise<BackupRunDto> {
  const plan = await authorizedPlan(deps, caller, planId, 'resilience.write');
  if (plan.retired_at !== null) throw new AppError('INVALID_STATE', 'the plan is retired');
  const issues = runTimeIssues(body.startedAt, body.finishedAt, deps.clock.now());
  if (issues.length > 0) failValidation(issues);
  const id = await deps.db.transaction().execute(async (trx) => {
    const r = await recordRunTx(deps, trx, caller, plan, body, 'manual');
    if (!r.created) failValidation([{ path: 'startedAt', message: 'duplicate_run' }]);
    return r.id;
  });
  return presentRun((await repo.findRunRow(deps.db, id))!);
}

/** Deletes a run entered by hand or imported from CSV (a wrong entry); the backup software's reports stay (INVALID_STATE). */
export async function deleteBackupRun(deps: Deps, caller: Caller, runId: string): Promise<void> {
  const { row } = await authorizedRecord(deps, caller, () => repo.findRunRow(deps.db, runId), 'resilience.write');
  if (row.source === 'webhook') throw new AppError('INVALID_STATE', 'runs reported by the backup software cannot be deleted');
  await deps.db.transaction().execute(async (trx) => {
    await repo.deleteRun(trx, row.id);
    await recordAudit(deps, trx, caller, {
      facilityId: row.facility_id,
      entityType: 'backup_run',
      entityId: row.id,
      action: 'delete',
      before: { planId: row.plan_id, startedAt: row.started_at, finishedAt: row.finished_at, status: row.status, bytes: row.bytes, message: row.message, source: row.source },
    });
  });
}

export async function getRunDto(db: Db, id: string): Promise<BackupRunDto> {
  return presentRun((await repo.findRunRow(db, id))!);
}
