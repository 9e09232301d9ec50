import type { BackupOverviewDto } from '../../../shared/contracts/resilience-backups.contract.ts';
import type { AssetType, Criticality } from '../../../shared/ledger.ts';
import { coverageFindings, DEFAULT_BACKUP_POLICY, freshnessReason, type BackupMedium } from '../../../shared/resilience/backup.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import * as repo from './backup-plan.repository.ts';
import { backupPlansOf } from './backup-plan.service.ts';
import { authorizeResilience } from './resilience.access.ts';

/**
 * The facility's backup overview at the clock: counts, the coverage findings of systems of criticality 1–2 (MHLW
 * checklist 3(2), 診療録管理体制加算 (11)), warnings for plans that are stale or never succeeded (offline copies first,
 * then the longest without success), and each critical system with its plans' summary.
 */

const DAY_MS = 86_400_000;

/** Unchecked (trusted callers: the CLI, the rules, the binder). */
export async function backupOverviewOf(deps: Pick<Deps, 'clock'>, db: Db, facilityId: string, now: Date = deps.clock.now()): Promise<BackupOverviewDto> {
  const policy = DEFAULT_BACKUP_POLICY;
  const [active, systems, retired, recent] = await Promise.all([
    backupPlansOf(deps, db, facilityId, now),
    repo.criticalSystems(db, facilityId, policy.maxCriticality),
    repo.countRetiredPlans(db, facilityId),
    repo.countRecentRuns(db, facilityId, new Date(now.getTime() - 30 * DAY_MS).toISOString(), now.toISOString()),
  ]);
  // Plans of systems deleted from the ledger leave the rules (their system is no longer there).
  const live = active.filter((p) => !p.systemDeleted);
  const ruleSystems = systems.map((s) => ({ id: s.id, name: s.name, criticality: s.criticality as Criticality }));
  const findings = coverageFindings(
    ruleSystems,
    live.map((p) => p.plan),
    policy,
  );

  const warnings = live
    .filter((p) => p.freshness.state !== 'fresh')
    .map((p) => {
      const r = freshnessReason(p.plan, p.freshness);
      return { code: r.code, planId: r.planId, systemId: r.systemId, params: r.params, offline: p.offline, daysSinceSuccess: p.freshness.daysSinceSuccess, lastSuccessAt: p.freshness.lastSuccessAt, criticality: p.plan.criticality };
    })
    .sort(
      (a, b) =>
        Number(b.offline) - Number(a.offline) ||
        (b.daysSinceSuccess ?? Number.MAX_SAFE_INTEGER) - (a.daysSinceSuccess ?? Number.MAX_SAFE_INTEGER) ||
        a.criticality - b.criticality ||
        String(a.params.system).localeCompare(String(b.params.system), 'ja'),
    )
    .map(({ criticality: _c, ...w }) => w);

  const latest = (values: (string | null)[]) => values.reduce<string | null>((m, v) => (v !== null && (m === null || v > m) ? v : m), null);
  const criticalSystems = systems.map((s) => {
    const mine = live.filter((p) => p.plan.systemId === s.id);
    return {
      id: s.id,
      name: s.name,
      type: s.type as AssetType,
      criticality: s.criticality as Criticality,
      plans: mine.length,
      offlinePlans: mine.filter((p) => p.offline).length,
      media: [...new Set(mine.map((p) => p.plan.medium))] as BackupMedium[],
      lastSuccessAt: latest(mine.map((p) => p.freshness.lastSuccessAt)),
      lastOfflineSuccessAt: latest(mine.filter((p) => p.offline).map((p) => p.freshness.lastSuccessAt)),
      stalePlans: mine.filter((p) => p.freshness.state !== 'fresh').length,
      findingCodes: [...new Set(findings.filter((f) => f.systemId === s.id).map((f) => f.code))],
    };
  });

  return {
    facilityId,
    asOf: now.toISOString(),
    policy: { minGenerations: policy.minGenerations, maxCriticality: policy.maxCriticality, graceDays: policy.graceDays },
    counts: {
      // Counted like the findings: plans of systems still in the ledger.
      plans: live.length,
      offlinePlans: live.filter((p) => p.offline).length,
      freshPlans: live.filter((p) => p.freshness.state === 'fresh').length,
      stalePlans: live.filter((p) => p.freshness.state === 'stale').length,
      neverPlans: live.filter((p) => p.freshness.state === 'never').length,
      retiredPlans: retired,
      criticalSystems: systems.length,
      coveredSystems: criticalSystems.filter((s) => s.findingCodes.length === 0).length,
      findings: findings.length,
      runsLast30Days: recent.total,
      failedRunsLast30Days: recent.failed,
    },
    findings: findings.map((f) => ({ code: f.code, systemId: f.systemId, params: f.params })),
    freshnessWarnings: warnings,
    criticalSystems,
  };
}

export async function getBackupOverview(deps: Deps, caller: Caller, facilityId: string): Promise<BackupOverviewDto> {
  await authorizeResilience(deps, caller, facilityId, 'resilience.read');
  return backupOverviewOf(deps, deps.db, facilityId);
}
