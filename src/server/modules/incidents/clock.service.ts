import type { FilingInput } from '../../../shared/contracts/incident-clocks.contract.ts';
import { AppError, type FieldIssue } from '../../../shared/errors.ts';
import { caseNumberLabel } from '../../../shared/incidents/cases.ts';
import { legalClockRuleSet, NO_FACTS, ZIncidentClockFacts, type ClockRuleSet, type IncidentClockFacts } from '../../../shared/incidents/clock-rules.ts';
import { clockStatus, computeClocks, type Clock, type ClockOptions, type ClockStatus, type ClockThreshold } from '../../../shared/incidents/clocks.ts';
import { facilitiesWith } from '../../../shared/policy.ts';
import type { NotificationKind } from '../../../shared/vulns/domain.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import { callerUserId, type Caller, type Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { newId } from '../../lib/ids.ts';
import { failValidation } from '../../lib/validation.ts';
import { notifyRoles } from '../notifications/index.ts';
import type { CaseRow } from './case.repository.ts';
import * as caseRepo from './case.repository.ts';
import * as repo from './clock.repository.ts';
import { authorizedCase } from './incident.access.ts';
import { insertTimelineEntry } from './timeline.repository.ts';

export type { Filing } from './clock.repository.ts';

/**
 * 法定の報告期限 (legal clocks, ADR 0008) of incident cases: the clocks computed from the case's facts, 発覚日時 and the
 * rule-set version it runs on; the filings that stop them (incident.write to record, incident.manage to remove, both
 * audited as `incident_filing` and written to the timeline); the overview of every running deadline across the
 * facilities the caller reads; and the job that notifies the security manager and the executive at 50 %, 80 % and
 * when a deadline has passed. Due dates are never stored: they follow the stored facts at once.
 */

type Text = { ja: string; en: string };

/** "At once" / "promptly" in hours. The same for every facility until a facility setting exists (ADR 0008). */
export const FACILITY_CLOCK_OPTIONS: ClockOptions = {};

export interface CaseClock extends Clock {
  status: ClockStatus;
  filing: repo.Filing | null;
}

export interface CaseClocksView {
  caseId: string;
  discoveredAt: string;
  ruleSetVersion: string;
  now: string;
  clocks: CaseClock[];
  /** Filings whose clock no longer runs for the case (its facts changed since). */
  otherFilings: repo.Filing[];
  note: Text | null;
}

export const NO_CLOCK_NOTE: Text = {
  ja: '記録されている事実からは、法令等による報告期限は発生していません。個人データの漏えい(おそれを含む)や診療への影響などが分かったら、案件の事実を更新してください。期限はすぐに動き始めます。',
  en: 'With the facts recorded, no legal reporting deadline applies. When a leak of personal data (or its possibility), an impact on care or the like becomes known, update the facts of the case: the deadlines start at once.',
};

// --- computing ----------------------------------------------------------------------------------

/** The facts stored with a case (JSON), over NO_FACTS so that a flag added later reads as false. */
export function parseCaseFacts(json: string): IncidentClockFacts {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new AppError('INTERNAL', 'the stored facts of the case are not JSON');
  }
  const parsed = ZIncidentClockFacts.safeParse({ ...NO_FACTS, ...(typeof raw === 'object' && raw !== null ? raw : {}) });
  if (!parsed.success) throw new AppError('INTERNAL', 'the stored facts of the case are invalid');
  return parsed.data;
}

/** The rule set a case runs on; INTERNAL for a version this build does not know (a newer database). */
export function caseRuleSet(version: string): ClockRuleSet {
  const set = legalClockRuleSet(version);
  if (!set) throw new AppError('INTERNAL', `unknown legal clock rule set ${version}`);
  return set;
}

type ClockCase = Pick<CaseRow, 'id' | 'discovered_at' | 'facts' | 'clock_rules_version'>;

/** The clocks of a case at `now` with its filings (pure). */
export function clocksOfCase(c: ClockCase, filings: readonly repo.Filing[], now: Date): CaseClocksView {
  const clocks = computeClocks(parseCaseFacts(c.facts), c.discovered_at, caseRuleSet(c.clock_rules_version), FACILITY_CLOCK_OPTIONS);
  const byRule = new Map(filings.map((f) => [f.ruleId, f]));
  const withStatus = clocks.map((clock) => {
    const filing = byRule.get(clock.ruleId) ?? null;
    return { ...clock, status: clockStatus(clock, now, filing?.filedAt ?? null), filing };
  });
  const running = new Set(clocks.map((x) => x.ruleId));
  return {
    caseId: c.id,
    discoveredAt: c.discovered_at,
    ruleSetVersion: c.clock_rules_version,
    now: now.toISOString(),
    clocks: withStatus,
    otherFilings: filings.filter((f) => !running.has(f.ruleId)),
    note: clocks.length === 0 ? NO_CLOCK_NOTE : null,
  };
}

/** A case's clocks without permission checks (drafts after authorization, the demo). `db` may be a transaction. */
export async function caseClocksOf(db: Db, c: CaseRow, now: Date): Promise<CaseClocksView> {
  return clocksOfCase(c, await repo.listFilings(db, c.id), now);
}

export async function getCaseClocks(deps: Deps, caller: Caller, caseId: string): Promise<CaseClocksView> {
  const c = await authorizedCase(deps, caller, caseId, 'incident.read');
  return caseClocksOf(deps.db, c, deps.clock.now());
}

// --- filings ------------------------------------------------------------------------------------

function filingAudit(f: repo.Filing) {
  return { caseId: f.caseId, ruleId: f.ruleId, filedAt: f.filedAt, reference: f.reference, note: f.note };
}

const clean = (v: string | null | undefined): string | null => {
  const t = v?.trim();
  return t ? t : null;
};

function refuseClosed(c: CaseRow): void {
  if (c.status !== 'open') throw new AppError('INVALID_STATE', 'the case is closed (reopen it first)');
}

/**
 * Records that a filing was made (速報 sent, MHLW called …): the clock of that rule stops. The rule must be a clock that
 * runs for the case now; filedAt carries an offset, is not in the future and not before 発覚日時. One filing per rule
 * (a second → INVALID_STATE); a closed case → INVALID_STATE.
 */
export async function recordFiling(deps: Deps, caller: Caller, caseId: string, input: FilingInput): Promise<repo.Filing> {
  await authorizedCase(deps, caller, caseId, 'incident.write');
  return deps.db.transaction().execute(async (trx) => {
    const c = await caseRepo.findCaseRow(trx, caseId);
    if (!c) throw new AppError('NOT_FOUND');
    refuseClosed(c);
    const now = deps.clock.now();
    const view = clocksOfCase(c, await repo.listFilings(trx, caseId), now);
    const clock = view.clocks.find((x) => x.ruleId === input.ruleId);
    const issues: FieldIssue[] = [];
    if (!clock) issues.push({ path: 'ruleId', message: 'clock_not_running' });
    const filedMs = Date.parse(input.filedAt);
    if (filedMs > now.getTime()) issues.push({ path: 'filedAt', message: 'in_future' });
    else if (filedMs < Date.parse(c.discovered_at)) issues.push({ path: 'filedAt', message: 'before_discovery' });
    if (issues.length > 0) failValidation(issues);
    if (clock!.filing) throw new AppError('INVALID_STATE', 'this clock has already been stopped by a filing', { detail: { filingId: clock!.filing.id } });
    const id = newId();
    const filedAt = new Date(filedMs).toISOString();
    const reference = clean(input.reference);
    const note = clean(input.note);
    const inserted = await repo.insertFiling(trx, { id, case_id: caseId, rule_id: input.ruleId, filed_at: filedAt, reference, note, created_by: callerUserId(caller), created_at: now.toISOString() });
    if (!inserted) throw new AppError('INVALID_STATE', 'this clock has already been stopped by a filing');
    await insertTimelineEntry(trx, {
      caseId,
      occurredAt: filedAt,
      timeZone: 'Asia/Tokyo',
      kind: 'filing',
      text: `${clock!.labels.ja}: 提出しました${reference ? `(${reference})` : ''}`,
      createdBy: callerUserId(caller),
      createdAt: now.toISOString(),
    });
    const created = (await repo.findFiling(trx, id))!;
    await recordAudit(deps, trx, caller, { facilityId: c.facility_id, entityType: 'incident_filing', entityId: id, action: 'create', after: filingAudit(created) });
    return created;
  });
}

/** Removes a filing recorded by mistake (incident.manage): its clock runs again. Audited; noted in the timeline. */
export async function deleteFiling(deps: Deps, caller: Caller, filingId: string): Promise<void> {
  if (!caller.actor) throw new AppError('UNAUTHENTICATED');
  const found = await repo.findFiling(deps.db, filingId);
  if (!found) throw new AppError('NOT_FOUND');
  await authorizedCase(deps, caller, found.caseId, 'incident.manage');
  await deps.db.transaction().execute(async (trx) => {
    const c = await caseRepo.findCaseRow(trx, found.caseId);
    const before = await repo.findFiling(trx, filingId);
    if (!c || !before) throw new AppError('NOT_FOUND');
    refuseClosed(c);
    const now = deps.clock.now().toISOString();
    await repo.deleteFiling(trx, filingId);
    const rule = legalClockRuleSet(c.clock_rules_version)?.rules.find((r) => r.id === before.ruleId);
    await insertTimelineEntry(trx, {
      caseId: c.id,
      occurredAt: now,
      timeZone: 'Asia/Tokyo',
      kind: 'filing',
      text: `${rule?.labels.ja ?? before.ruleId}: 提出の記録を取り消しました(期限の計算を再開します)`,
      createdBy: callerUserId(caller),
      createdAt: now,
    });
    await recordAudit(deps, trx, caller, { facilityId: c.facility_id, entityType: 'incident_filing', entityId: filingId, action: 'delete', before: filingAudit(before) });
  });
}

// --- the overview of running deadlines ----------------------------------------------------------

export interface ClockOverviewItem {
  case: { id: string; seq: number; number: string; title: string; facility: { id: string; name: string; code: string } };
  clock: CaseClock;
}

/** Soonest first; clocks without a due time last; ties by case number. */
function bySoonest(a: ClockOverviewItem, b: ClockOverviewItem): number {
  const da = a.clock.dueAt;
  const db = b.clock.dueAt;
  if (da !== db) {
    if (da === null) return 1;
    if (db === null) return -1;
    return da < db ? -1 : 1;
  }
  return a.case.number.localeCompare(b.case.number) || a.case.facility.code.localeCompare(b.case.facility.code) || a.clock.ruleId.localeCompare(b.clock.ruleId);
}

/** The open clocks (running or overdue, not filed) of open cases in the given facilities (null: every facility). */
export async function openClocksOf(db: Db, facilityIds: readonly string[] | null, now: Date, log?: (caseId: string, e: unknown) => void): Promise<{ cases: number; items: ClockOverviewItem[] }> {
  const cases = await repo.listOpenCases(db, facilityIds);
  const filings = await repo.listFilingsOfCases(
    db,
    cases.map((c) => c.id),
  );
  const items: ClockOverviewItem[] = [];
  for (const c of cases) {
    let view: CaseClocksView;
    try {
      view = clocksOfCase(c, filings.get(c.id) ?? [], now);
    } catch (e) {
      // One case with an unknown rule set or broken facts must not hide every other deadline.
      log?.(c.id, e);
      continue;
    }
    const ref = { id: c.id, seq: c.seq, number: caseNumberLabel(c.seq, c.discovered_at), title: c.title, facility: { id: c.facility_id, name: c.facility_name, code: c.facility_code } };
    for (const clock of view.clocks) if (clock.status.state !== 'filed') items.push({ case: ref, clock });
  }
  return { cases: cases.length, items: items.sort(bySoonest) };
}

/**
 * Every running or overdue deadline over the facilities where the caller holds incident.read (or only `facilityId`),
 * soonest first. A facility filter the caller may not read → FORBIDDEN (without looking the facility up).
 */
export async function clockOverview(deps: Deps, caller: Caller, query: { facilityId?: string | undefined }): Promise<{ now: string; items: ClockOverviewItem[] }> {
  const actor = caller.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  const allowed = facilitiesWith(actor, 'incident.read');
  if (allowed !== null && allowed.length === 0) throw new AppError(actor.token && !actor.token.scopes.includes('incidents:read') ? 'TOKEN_SCOPE' : 'FORBIDDEN');
  if (query.facilityId && allowed !== null && !allowed.includes(query.facilityId)) throw new AppError('FORBIDDEN');
  const scope = query.facilityId ? [query.facilityId] : allowed;
  const now = deps.clock.now();
  const { items } = await openClocksOf(deps.db, scope, now, (caseId, e) => deps.logger.warn({ err: e, caseId }, 'incident clocks: case skipped'));
  return { now: now.toISOString(), items };
}

// --- notifications ------------------------------------------------------------------------------

export const CLOCK_NOTIFICATION_KINDS: Record<ClockThreshold, NotificationKind> = {
  50: 'incident.clock_50',
  80: 'incident.clock_80',
  100: 'incident.clock_overdue',
};

/** The in-app path of a case. */
export function caseLink(caseId: string): string {
  return `/incidents/cases/${encodeURIComponent(caseId)}`;
}

export interface ClockCheckResult {
  /** Open cases looked at. */
  cases: number;
  /** Running or overdue clocks among them. */
  clocks: number;
  /** Notifications created (one per user and newly crossed threshold). */
  notifications: number;
}

/**
 * The job `incidents.clocks`: for every running or overdue clock of every open case, the highest threshold crossed
 * (50 %, 80 %, 100 % = overdue) is notified in-app to the facility's security managers and executives, once (dedupe key
 * `clock:<caseId>:<ruleId>:<threshold>`). A lower threshold crossed together with a higher one (a case opened late, a
 * server that was down) is not notified separately. Filed clocks and closed cases notify nothing. Idempotent.
 */
export async function checkIncidentClocks(deps: Deps): Promise<ClockCheckResult> {
  const now = deps.clock.now();
  const { cases, items } = await openClocksOf(deps.db, null, now, (caseId, e) => deps.logger.warn({ err: e, caseId }, 'incident clocks: case skipped'));
  const result: ClockCheckResult = { cases, clocks: items.length, notifications: 0 };
  const due = items.filter((i) => i.clock.status.thresholdsCrossed.length > 0);
  const byCase = new Map<string, ClockOverviewItem[]>();
  for (const i of due) byCase.set(i.case.id, [...(byCase.get(i.case.id) ?? []), i]);
  for (const list of byCase.values()) {
    result.notifications += await deps.db.transaction().execute(async (trx) => {
      let n = 0;
      for (const { case: c, clock } of list) {
        const threshold = Math.max(...clock.status.thresholdsCrossed) as ClockThreshold;
        n += await notifyRoles(deps, trx, {
          facilityId: c.facility.id,
          roles: ['security_manager', 'executive'],
          kind: CLOCK_NOTIFICATION_KINDS[threshold],
          params: {
            caseId: c.id,
            caseNumber: c.number,
            caseTitle: c.title,
            ruleId: clock.ruleId,
            authority: clock.authority,
            clockKind: clock.kind,
            labelJa: clock.labels.ja,
            labelEn: clock.labels.en,
            dueAt: clock.dueAt,
            threshold,
            soft: clock.soft ? 1 : 0,
          },
          link: caseLink(c.id),
          dedupeKey: `clock:${c.id}:${clock.ruleId}:${threshold}`,
        });
      }
      return n;
    });
  }
  return result;
}
