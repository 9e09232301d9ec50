import { AppError, type FieldIssue } from '../../../shared/errors.ts';
import { addMonths } from '../../../shared/ledger.ts';
import { can, type Actor } from '../../../shared/policy.ts';
import { canTransition, FINDING_TRANSITIONS, isActiveStatus, REASON_REQUIRED, type FindingEventAction, type FindingStatus } from '../../../shared/vulns/domain.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import { newId } from '../../lib/ids.ts';
import { ledgerToday } from '../ledger/index.ts';
import { notifyRoles, notifyUsers } from '../notifications/index.ts';
import * as repo from './finding-query.repository.ts';
import { facilityPolicy } from './policy.service.ts';
import { actorUserId, authorizeVulns } from './vulns.access.ts';

/**
 * The finding workflow (対応状況): 未対応 → 対応中 → 修正済み / 緩和済み, 誤検知 with a reason, and リスク受容 only
 * with an executive's sign-off, a reason and an expiry. Every change writes the finding, one history event and
 * one audit event in one transaction. Deadlines never move with a status change: a reopened finding keeps its
 * deadline (and is overdue at once when it has passed). Leaving the active statuses clears the escalation, so a
 * finding that comes back escalates afresh.
 */

export const SYSTEM_CALLER: Caller = { actor: null, ip: null, label: 'system' };

/** Status changes the caller may make on a finding now: triage moves (vuln.triage) and accepting (vuln.accept_risk). */
export function allowedStatuses(actor: Actor, facilityId: string, status: FindingStatus): FindingStatus[] {
  const triage = can(actor, 'vuln.triage', facilityId);
  const accept = can(actor, 'vuln.accept_risk', facilityId);
  return FINDING_TRANSITIONS[status].filter((to) => (to === 'accepted' ? accept : triage));
}

function invalid(issues: FieldIssue[]): never {
  throw new AppError('VALIDATION_FAILED', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
}

function eventRow(deps: Deps, caller: Caller, f: repo.FindingRow, action: FindingEventAction, from: FindingStatus | null, to: FindingStatus | null, comment: string | null): repo.FindingEventRow {
  return {
    id: newId(),
    facility_id: f.facility_id,
    finding_id: f.id,
    at: deps.clock.now().toISOString(),
    actor_user_id: actorUserId(caller),
    actor: caller.label,
    action,
    from_status: from,
    to_status: to,
    comment,
  };
}

/** What the audit log keeps of a finding's workflow state. */
function auditState(f: Pick<repo.FindingRow, 'status' | 'status_reason' | 'accepted_by' | 'accepted_until' | 'escalation_level' | 'due_on'>) {
  return { status: f.status, reason: f.status_reason, acceptedBy: f.accepted_by, acceptedUntil: f.accepted_until, escalationLevel: f.escalation_level, dueOn: f.due_on };
}

async function findOrThrow(db: Db, facilityId: string, findingId: string): Promise<repo.FindingRow> {
  const f = await repo.findFinding(db, facilityId, findingId);
  if (!f) throw new AppError('NOT_FOUND');
  return f;
}

function refuseTransition(from: string, to: string): never {
  throw new AppError('INVALID_STATE', `cannot move a finding from ${from} to ${to}`, { detail: { status: from, to } });
}

export interface StatusChange {
  status: Exclude<FindingStatus, 'accepted'>;
  reason?: string | null;
}

/** 対応中 / 修正済み / 緩和済み / 誤検知 / 再開 (vuln.triage). A reason is required for mitigated and false positive. */
export async function changeFindingStatus(deps: Deps, caller: Caller, facilityId: string, findingId: string, input: StatusChange): Promise<void> {
  await authorizeVulns(deps, caller, facilityId, 'vuln.triage');
  const to = input.status as FindingStatus;
  const reason = input.reason?.trim() || null;
  if (to === 'accepted') refuseTransition('any', to);
  if (REASON_REQUIRED.includes(to) && !reason) invalid([{ path: 'reason', message: 'required' }]);
  await deps.db.transaction().execute(async (trx) => {
    const before = await findOrThrow(trx, facilityId, findingId);
    const from = before.status as FindingStatus;
    if (!canTransition(from, to)) refuseTransition(from, to);
    const now = deps.clock.now().toISOString();
    const patch: Partial<repo.FindingRow> = {
      status: to,
      status_changed_at: now,
      status_changed_by: caller.label,
      status_reason: reason,
      auto_closed: 0,
      updated_at: now,
      // A risk acceptance ends with any change out of `accepted` (the history keeps who signed).
      accepted_by_user_id: null,
      accepted_by: null,
      accepted_until: null,
      ...(!isActiveStatus(to) && { escalation_level: 0, escalated_at: null }),
    };
    await repo.updateFinding(trx, facilityId, findingId, patch);
    await repo.insertEvents(trx, [eventRow(deps, caller, before, 'status', from, to, reason)]);
    await recordAudit(deps, trx, caller, { facilityId, entityType: 'vuln_finding', entityId: findingId, action: 'status', before: auditState(before), after: auditState({ ...before, ...patch }) });
  });
}

export interface RiskAcceptance {
  reason: string;
  /** YYYY-MM-DD: the acceptance holds through this day. */
  until: string;
}

/** The display of the executive who signs: display name and email. */
async function signerLabel(db: Db, caller: Caller): Promise<string> {
  const userId = actorUserId(caller);
  if (!userId) return caller.label;
  const u = await db.selectFrom('users').select(['email', 'display_name']).where('id', '=', userId).executeTakeFirst();
  if (!u) return caller.label;
  return u.display_name && u.display_name !== u.email ? `${u.display_name} (${u.email})` : u.email;
}

/**
 * リスク受容 (vuln.accept_risk: the executive; administrators too). `until` must lie after today and at most
 * policy.acceptMaxMonths ahead. Records who signed, the reason and the expiry; the job reopens it afterwards.
 */
export async function acceptFindingRisk(deps: Deps, caller: Caller, facilityId: string, findingId: string, input: RiskAcceptance): Promise<void> {
  await authorizeVulns(deps, caller, facilityId, 'vuln.accept_risk');
  const reason = input.reason.trim();
  const today = ledgerToday(deps);
  const policy = await facilityPolicy(deps.db, facilityId);
  const issues: FieldIssue[] = [];
  if (!reason) issues.push({ path: 'reason', message: 'required' });
  if (input.until <= today) issues.push({ path: 'until', message: 'not_after_today' });
  else if (input.until > addMonths(today, policy.acceptMaxMonths)) issues.push({ path: 'until', message: 'accept_too_long' });
  if (issues.length > 0) invalid(issues);
  await deps.db.transaction().execute(async (trx) => {
    const before = await findOrThrow(trx, facilityId, findingId);
    const from = before.status as FindingStatus;
    if (!canTransition(from, 'accepted')) refuseTransition(from, 'accepted');
    const now = deps.clock.now().toISOString();
    const patch: Partial<repo.FindingRow> = {
      status: 'accepted',
      status_changed_at: now,
      status_changed_by: caller.label,
      status_reason: reason,
      accepted_by_user_id: actorUserId(caller),
      accepted_by: await signerLabel(trx, caller),
      accepted_until: input.until,
      auto_closed: 0,
      escalation_level: 0,
      escalated_at: null,
      updated_at: now,
    };
    await repo.updateFinding(trx, facilityId, findingId, patch);
    await repo.insertEvents(trx, [eventRow(deps, caller, before, 'accepted', from, 'accepted', reason)]);
    await recordAudit(deps, trx, caller, { facilityId, entityType: 'vuln_finding', entityId: findingId, action: 'accept_risk', before: auditState(before), after: auditState({ ...before, ...patch }) });
  });
}

/**
 * リスク受容の期限切れ: accepted risks whose acceptance ended before today (JST) are reopened (`open`, event
 * `accept_expired`, audit by `system`), and the facility's security managers and the executive who signed are
 * notified (`vuln.accept_expired`). One transaction per finding; idempotent (a second run finds nothing).
 * Returns how many it reopened.
 */
export async function expireRiskAcceptances(deps: Deps): Promise<number> {
  const today = ledgerToday(deps);
  const due = await repo.expiredAcceptances(deps.db, today);
  let reopened = 0;
  for (const f of due) {
    const done = await deps.db.transaction().execute(async (trx) => {
      const now = deps.clock.now().toISOString();
      const res = await trx
        .updateTable('vuln_findings')
        .set({ status: 'open', status_changed_at: now, status_changed_by: SYSTEM_CALLER.label, status_reason: null, accepted_by_user_id: null, accepted_by: null, accepted_until: null, updated_at: now })
        .where('id', '=', f.id)
        .where('status', '=', 'accepted')
        .where('accepted_until', '=', f.accepted_until)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) return false;
      await repo.insertEvents(trx, [eventRow(deps, SYSTEM_CALLER, f, 'accept_expired', 'accepted', 'open', f.accepted_until)]);
      await recordAudit(deps, trx, SYSTEM_CALLER, {
        facilityId: f.facility_id,
        entityType: 'vuln_finding',
        entityId: f.id,
        action: 'accept_expired',
        before: auditState(f),
        after: auditState({ ...f, status: 'open', status_reason: null, accepted_by: null, accepted_until: null }),
      });
      const notice = {
        kind: 'vuln.accept_expired' as const,
        params: { findingId: f.id, vulnId: f.vuln_id, asset: f.asset_name, acceptedBy: f.accepted_by, acceptedUntil: f.accepted_until },
        link: findingLink(f.id),
        dedupeKey: `accexp:${f.id}:${f.accepted_until ?? ''}`,
      };
      await notifyRoles(deps, trx, { ...notice, facilityId: f.facility_id, roles: ['security_manager'] });
      if (f.accepted_by_user_id) await notifyUsers(deps, trx, { ...notice, facilityId: f.facility_id, userIds: [f.accepted_by_user_id] });
      return true;
    });
    if (done) reopened++;
  }
  return reopened;
}

/** In-app path of a finding (the web app's route). */
export function findingLink(findingId: string): string {
  return `/vulns/findings/${encodeURIComponent(findingId)}`;
}

/** In-app path of the findings list with a query string. */
export function findingListLink(query: string): string {
  return `/vulns/findings${query ? `?${query}` : ''}`;
}
