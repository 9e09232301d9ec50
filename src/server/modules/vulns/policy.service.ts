import type { z } from 'zod';
import type { ZVulnPolicy } from '../../../shared/contracts/vulns.contract.ts';
import { DEFAULT_VULN_POLICY, DUE_RULES, type VulnPolicy } from '../../../shared/vulns/domain.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import * as repo from './finding-query.repository.ts';
import { rescoreFacility } from './match.service.ts';
import { authorizeVulns } from './vulns.access.ts';

/**
 * The fix-deadline and escalation policy of a facility (期限ポリシー). Stored as JSON in vuln_policies; a facility
 * without a row follows DEFAULT_VULN_POLICY, and a stored policy missing a field (written by an older version)
 * takes that field from the defaults. Changing it recomputes the deadlines of the active findings at once (from
 * each finding's basis date, ADR 0006 — the engine recomputes them on every re-match anyway) and changes the
 * escalation rules from the next job run; closed findings keep theirs.
 */

/** The stored JSON merged over the defaults; anything unreadable falls back to the default value. */
export function parsePolicy(json: string | null | undefined): VulnPolicy {
  if (!json) return structuredClone(DEFAULT_VULN_POLICY);
  let raw: Partial<VulnPolicy> = {};
  try {
    raw = JSON.parse(json) as Partial<VulnPolicy>;
  } catch {
    return structuredClone(DEFAULT_VULN_POLICY);
  }
  const days = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : fallback);
  const dueDays = Object.fromEntries(DUE_RULES.map((r) => [r, days(raw.dueDays?.[r], DEFAULT_VULN_POLICY.dueDays[r])])) as VulnPolicy['dueDays'];
  return {
    dueDays,
    untouchedDays: days(raw.untouchedDays, DEFAULT_VULN_POLICY.untouchedDays),
    executiveAfterDays: days(raw.executiveAfterDays, DEFAULT_VULN_POLICY.executiveAfterDays),
    acceptMaxMonths: days(raw.acceptMaxMonths, DEFAULT_VULN_POLICY.acceptMaxMonths),
  };
}

/** The facility's policy (no permission check: jobs and the engine). */
export async function facilityPolicy(db: Db, facilityId: string): Promise<VulnPolicy> {
  return parsePolicy((await repo.findPolicy(db, facilityId))?.policy);
}

export async function getVulnPolicy(deps: Deps, caller: Caller, facilityId: string): Promise<VulnPolicy> {
  await authorizeVulns(deps, caller, facilityId, 'vuln.read');
  return facilityPolicy(deps.db, facilityId);
}

/** Replaces the policy (vuln.policy), audited with before and after. */
export async function updateVulnPolicy(deps: Deps, caller: Caller, facilityId: string, input: z.infer<typeof ZVulnPolicy>): Promise<VulnPolicy> {
  await authorizeVulns(deps, caller, facilityId, 'vuln.policy');
  const after: VulnPolicy = {
    dueDays: Object.fromEntries(DUE_RULES.map((r) => [r, input.dueDays[r]])) as VulnPolicy['dueDays'],
    untouchedDays: input.untouchedDays,
    executiveAfterDays: input.executiveAfterDays,
    acceptMaxMonths: input.acceptMaxMonths,
  };
  return deps.db.transaction().execute(async (trx) => {
    const before = await facilityPolicy(trx, facilityId);
    await repo.upsertPolicy(trx, { facility_id: facilityId, policy: JSON.stringify(after), updated_at: deps.clock.now().toISOString(), updated_by: caller.label });
    await recordAudit(deps, trx, caller, { facilityId, entityType: 'vuln_policy', entityId: facilityId, action: 'update', before, after });
    await rescoreFacility(deps, trx, facilityId);
    return after;
  });
}
