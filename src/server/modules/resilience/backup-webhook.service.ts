import type { BackupRunDto, BackupWebhookBody } from '../../../shared/contracts/resilience-backups.contract.ts';
import { AppError } from '../../../shared/errors.ts';
import { reachesFacility } from '../../../shared/policy.ts';
import type { Caller, Deps } from '../../context.ts';
import { getFacilityByCode } from '../facilities/index.ts';
import * as repo from './backup-plan.repository.ts';
import { getRunDto, recordRunTx, runTimeIssues } from './backup-run.service.ts';
import { failValidation } from '../../lib/validation.ts';
import { authorizeResilience } from './resilience.access.ts';

/**
 * POST /api/v1/backup-results: the backup software reports one run, with an API token holding resilience:write of a
 * user who holds resilience.write in the facility (a session works too). The facility is the body's `facility` code,
 * else the token's only facility, else the plan's (with `planId`). The plan is the one in use whose job name
 * (externalKey) is `job`. The same (plan, startedAt) again → { duplicate: true } and nothing changes.
 */

const unknownJob = (job: string) => new AppError('NOT_FOUND', `unknown backup job: ${job}`, { issues: [{ path: 'job', message: 'unknown_job', value: job }], detail: { job } });

export async function receiveBackupResult(deps: Deps, caller: Caller, body: BackupWebhookBody): Promise<{ duplicate: boolean; run: BackupRunDto }> {
  const actor = caller.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  let facilityId: string;
  if (body.facility !== undefined) {
    const f = await getFacilityByCode(deps, body.facility).catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'NOT_FOUND') return undefined;
      throw e;
    });
    if (!f || !reachesFacility(actor, f.id)) throw new AppError('NOT_FOUND', `unknown facility: ${body.facility}`, { issues: [{ path: 'facility', message: 'unknown_facility', value: body.facility }] });
    facilityId = f.id;
  } else if (actor.token?.facilityId) {
    facilityId = actor.token.facilityId;
  } else if (body.planId !== undefined) {
    const p = await repo.findPlanRow(deps.db, body.planId);
    if (!p || !reachesFacility(actor, p.facility_id)) throw new AppError('NOT_FOUND', `unknown backup plan: ${body.planId}`, { issues: [{ path: 'planId', message: 'unknown_plan', value: body.planId }] });
    facilityId = p.facility_id;
  } else {
    failValidation([{ path: 'facility', message: 'required' }]);
  }
  await authorizeResilience(deps, caller, facilityId, 'resilience.write');

  const plan =
    body.planId !== undefined
      ? await repo.findPlanRow(deps.db, body.planId).then((p) => (p && p.facility_id === facilityId && p.retired_at === null ? p : undefined))
      : await repo.findActivePlanByExternalKey(deps.db, facilityId, body.job!);
  if (!plan) {
    if (body.planId !== undefined) throw new AppError('NOT_FOUND', `unknown backup plan: ${body.planId}`, { issues: [{ path: 'planId', message: 'unknown_plan', value: body.planId }] });
    throw unknownJob(body.job!);
  }

  const issues = runTimeIssues(body.startedAt, body.finishedAt, deps.clock.now());
  if (issues.length > 0) failValidation(issues);
  const result = await deps.db.transaction().execute((trx) =>
    recordRunTx(deps, trx, caller, plan, { startedAt: body.startedAt, finishedAt: body.finishedAt, status: body.status, bytes: body.bytes, message: body.message, externalId: body.runId }, 'webhook'),
  );
  return { duplicate: !result.created, run: await getRunDto(deps.db, result.id) };
}
