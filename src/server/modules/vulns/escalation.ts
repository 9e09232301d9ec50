import { createHash } from 'node:crypto';
import { jstDateKey } from '../../../shared/dates.ts';
import type { VulnPolicy } from '../../../shared/vulns/domain.ts';
import type { Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAuditMany } from '../../audit/audit.service.ts';
import { newId } from '../../lib/ids.ts';
import { ledgerToday } from '../ledger/index.ts';
import { notifyRoles } from '../notifications/index.ts';
import * as repo from './finding-query.repository.ts';
import { facilityPolicy } from './policy.service.ts';
import { findingLink, findingListLink, SYSTEM_CALLER } from './workflow.service.ts';

/**
 * Escalation of findings nobody fixes (エスカレーション, 棚上げ). Runs hourly (src/server/jobs/scheduler.ts) and
 * can be called directly (tests, CLI). For each active finding (open / in progress) of a live asset, with the
 * facility's policy and today's JST date:
 *
 * - level 0 → 1 when it is overdue (today > due date) or untouched (still `open`, no status change for
 *   `untouchedDays` days since it was detected or last reopened): the facility's security managers are notified
 *   (`vuln.escalated_manager`).
 * - level 1 → 2 (棚上げ, shelved) when it is overdue by `executiveAfterDays` days or more, or untouched for
 *   2 × `untouchedDays`: the facility's executives are notified (`vuln.escalated_executive`).
 *
 * Both steps may happen in one run (a finding reopened long after its deadline). Each raise is a conditional update
 * (only from the expected level), writes an `escalated` history event (comment: the level) and an audit event by
 * `system`, in one transaction per facility together with its notifications; a second run, or a second server,
 * raises and notifies nothing twice. The level returns to 0 when the finding leaves the active statuses, so a
 * finding that comes back escalates afresh (the dedupe keys carry the time of its last status change).
 *
 * Aggregation: when more than ESCALATION_AGGREGATE_OVER findings of one facility reach the same level in one run,
 * the recipients get one notification naming the count (params `count`, `overdue`, `untouched`) and linking to the
 * findings list, instead of one per finding.
 */

export const ESCALATION_AGGREGATE_OVER = 3;

export type EscalationReason = 'overdue' | 'untouched';

/** Whole days from `from` to `to` (YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The level a finding should have today (0, 1, 2) and why; never lower than it has (levels only rise here). */
export function escalationTarget(
  f: Pick<repo.FindingRow, 'status' | 'due_on' | 'status_changed_at' | 'escalation_level'>,
  policy: Pick<VulnPolicy, 'untouchedDays' | 'executiveAfterDays'>,
  today: string,
): { level: number; reason: EscalationReason | null } {
  const overdueDays = daysBetween(f.due_on, today);
  const untouchedDays = f.status === 'open' ? daysBetween(jstDateKey(new Date(f.status_changed_at)), today) : -1;
  let level = 0;
  let reason: EscalationReason | null = null;
  if (overdueDays >= 1 || untouchedDays >= policy.untouchedDays) {
    level = 1;
    reason = overdueDays >= 1 ? 'overdue' : 'untouched';
  }
  if (overdueDays >= policy.executiveAfterDays || untouchedDays >= 2 * policy.untouchedDays) {
    level = 2;
    reason = overdueDays >= policy.executiveAfterDays ? 'overdue' : 'untouched';
  }
  return { level: Math.max(level, f.escalation_level), reason };
}

export interface EscalationResult {
  /** Findings raised to level 1 / level 2 in this run. */
  level1: number;
  level2: number;
  /** Notifications created. */
  notifications: number;
}

type Active = repo.FindingRow & { asset_name: string };
interface Raise {
  finding: Active;
  reason: EscalationReason;
}

export async function escalateFindings(deps: Deps): Promise<EscalationResult> {
  const today = ledgerToday(deps);
  const result: EscalationResult = { level1: 0, level2: 0, notifications: 0 };
  const active = await repo.activeFindingsForEscalation(deps.db);
  const byFacility = new Map<string, Active[]>();
  for (const f of active) {
    const list = byFacility.get(f.facility_id) ?? [];
    list.push(f);
    byFacility.set(f.facility_id, list);
  }
  for (const [facilityId, findings] of byFacility) {
    const policy = await facilityPolicy(deps.db, facilityId);
    const wanted = findings.map((f) => ({ f, target: escalationTarget(f, policy, today) })).filter((x) => x.target.level > x.f.escalation_level);
    if (wanted.length === 0) continue;
    const r = await deps.db.transaction().execute((trx) => escalateFacility(deps, trx, facilityId, wanted));
    result.level1 += r.level1;
    result.level2 += r.level2;
    result.notifications += r.notifications;
  }
  return result;
}

async function escalateFacility(deps: Deps, trx: Db, facilityId: string, wanted: { f: Active; target: { level: number; reason: EscalationReason | null } }[]): Promise<EscalationResult> {
  const now = deps.clock.now().toISOString();
  const raised: Record<1 | 2, Raise[]> = { 1: [], 2: [] };
  for (const { f, target } of wanted) {
    let level = f.escalation_level;
    for (const next of [1, 2] as const) {
      if (level >= next || target.level < next) continue;
      if (!(await repo.raiseEscalation(trx, f.id, level, next, now))) break;
      raised[next].push({ finding: f, reason: target.reason ?? 'overdue' });
      level = next;
    }
  }
  const all = [...raised[1].map((r) => ({ ...r, level: 1 })), ...raised[2].map((r) => ({ ...r, level: 2 }))];
  await repo.insertEvents(
    trx,
    all.map(({ finding: f, level }) => ({
      id: newId(),
      facility_id: facilityId,
      finding_id: f.id,
      at: now,
      actor_user_id: null,
      actor: SYSTEM_CALLER.label,
      action: 'escalated',
      from_status: null,
      to_status: null,
      comment: String(level),
    })),
  );
  await recordAuditMany(
    deps,
    trx,
    SYSTEM_CALLER,
    all.map(({ finding: f, level, reason }) => ({
      facilityId,
      entityType: 'vuln_finding',
      entityId: f.id,
      action: 'escalate',
      before: { escalationLevel: level - 1 },
      after: { escalationLevel: level, reason },
    })),
  );
  let notifications = 0;
  notifications += await notifyLevel(deps, trx, facilityId, 1, raised[1]);
  notifications += await notifyLevel(deps, trx, facilityId, 2, raised[2]);
  return { level1: raised[1].length, level2: raised[2].length, notifications };
}

async function notifyLevel(deps: Deps, trx: Db, facilityId: string, level: 1 | 2, raised: Raise[]): Promise<number> {
  if (raised.length === 0) return 0;
  const kind = level === 1 ? 'vuln.escalated_manager' : 'vuln.escalated_executive';
  const roles = level === 1 ? (['security_manager'] as const) : (['executive'] as const);
  const prefix = `esc${level}`;
  const today = ledgerToday(deps);
  if (raised.length > ESCALATION_AGGREGATE_OVER) {
    const overdue = raised.filter((r) => r.reason === 'overdue').length;
    const digest = createHash('sha256')
      .update(
        raised
          .map((r) => `${r.finding.id}:${r.finding.status_changed_at}`)
          .sort()
          .join('\n'),
      )
      .digest('hex')
      .slice(0, 32);
    return notifyRoles(deps, trx, {
      facilityId,
      roles: [...roles],
      kind,
      params: { level, count: raised.length, overdue, untouched: raised.length - overdue },
      link: findingListLink(overdue === raised.length ? 'overdue=1&sort=due' : 'sort=due'),
      dedupeKey: `${prefix}:batch:${facilityId}:${digest}`,
    });
  }
  let n = 0;
  for (const { finding: f, reason } of raised) {
    n += await notifyRoles(deps, trx, {
      facilityId,
      roles: [...roles],
      kind,
      params: { level, findingId: f.id, vulnId: f.vuln_id, asset: f.asset_name, dueOn: f.due_on, reason, overdueDays: Math.max(0, daysBetween(f.due_on, today)) },
      link: findingLink(f.id),
      dedupeKey: `${prefix}:${f.id}:${f.status_changed_at}`,
    });
  }
  return n;
}
