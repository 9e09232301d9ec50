import type { Criticality } from '../ledger.ts';
import { addDays, addMonths } from '../ledger.ts';
import { fillSentence } from './sentences.ts';

/**
 * Restore drills (復旧訓練): the recovery time and point achieved in a drill, its result against the system's targets
 * (目標復旧時間 RTO, 目標復旧時点 RPO), and when the next drill of a system is due. Pure: the server passes its rows and
 * the JST day (`today`, YYYY-MM-DD); the UI and the binder show the sentences (code + params, rendered with
 * renderDrillReason / renderDrillDue).
 */

export type DrillLocale = 'ja' | 'en';
type Labels<K extends string> = Record<K, { ja: string; en: string }>;

// ── Vocabulary ─────────────────────────────────────────────────────────────────────────────────────

export const DRILL_STATUSES = ['planned', 'done', 'cancelled'] as const;
export type DrillStatus = (typeof DRILL_STATUSES)[number];
export const DRILL_STATUS_LABELS: Labels<DrillStatus> = {
  planned: { ja: '予定', en: 'Planned' },
  done: { ja: '実施済み', en: 'Done' },
  cancelled: { ja: '中止', en: 'Cancelled' },
};

/** How much of the system could be restored in the drill. */
export const DRILL_RESTORED = ['full', 'partial', 'failed'] as const;
export type DrillRestored = (typeof DRILL_RESTORED)[number];
export const DRILL_RESTORED_LABELS: Labels<DrillRestored> = {
  full: { ja: '完全に復旧', en: 'Fully restored' },
  partial: { ja: '一部のみ復旧', en: 'Partly restored' },
  failed: { ja: '復旧できず', en: 'Not restored' },
};

export const DRILL_RESULTS = ['passed', 'failed'] as const;
export type DrillResult = (typeof DRILL_RESULTS)[number];
export const DRILL_RESULT_LABELS: Labels<DrillResult> = {
  passed: { ja: '合格', en: 'Passed' },
  failed: { ja: '不合格', en: 'Failed' },
};

/** A system of criticality 1–2 without its own interval is drilled at least every 12 months. */
export const DEFAULT_DRILL_INTERVAL_MONTHS = 12;
/** A drill due within this many days (inclusive) is "due soon". */
export const DRILL_DUE_SOON_DAYS = 30;

/**
 * The interval (months) at which a system must be drilled: its own setting, else 12 months for criticality 1–2;
 * null when none is required (criticality 3–4 without a setting).
 */
export function drillIntervalFor(criticality: Criticality, intervalMonths: number | null): number | null {
  if (intervalMonths !== null) return intervalMonths;
  return criticality <= 2 ? DEFAULT_DRILL_INTERVAL_MONTHS : null;
}

// ── Metrics and result ─────────────────────────────────────────────────────────────────────────────

export interface DrillTimes {
  /** When the restore began (the simulated failure), ISO timestamp. */
  startedAt: string;
  /** When the system was usable again, ISO timestamp. */
  finishedAt: string;
  /** The point in time of the restored data (the backup's age), ISO timestamp. */
  dataAsOf: string;
}

export interface DrillMetrics {
  /** finishedAt − startedAt in hours, rounded to 0.01 h: how long the recovery took. */
  rtoAchievedHours: number;
  /** startedAt − dataAsOf in hours, rounded to 0.01 h: the data lost had the failure happened when the drill began. */
  rpoAchievedHours: number;
}

const HOUR_MS = 3_600_000;
const hours = (ms: number) => Math.round(ms / (HOUR_MS / 100)) / 100;

/** RTO and RPO achieved in a drill. The values are compared with the targets as rounded (what people see). */
export function drillMetrics(t: DrillTimes): DrillMetrics {
  const start = Date.parse(t.startedAt);
  return { rtoAchievedHours: hours(Date.parse(t.finishedAt) - start), rpoAchievedHours: hours(start - Date.parse(t.dataAsOf)) };
}

/** Stable issue keys for the times of a drill (path = the field). */
export const DRILL_TIME_ISSUES = ['finished_before_started', 'data_after_start', 'in_the_future'] as const;
export type DrillTimeIssue = (typeof DRILL_TIME_ISSUES)[number];

/** Problems with the times of a drill: finished before started, data newer than the start, a time after `now`. */
export function drillTimeIssues(t: DrillTimes, now: Date): { path: keyof DrillTimes; message: DrillTimeIssue }[] {
  const out: { path: keyof DrillTimes; message: DrillTimeIssue }[] = [];
  const [s, f, d] = [Date.parse(t.startedAt), Date.parse(t.finishedAt), Date.parse(t.dataAsOf)];
  if (f < s) out.push({ path: 'finishedAt', message: 'finished_before_started' });
  if (d > s) out.push({ path: 'dataAsOf', message: 'data_after_start' });
  for (const [path, v] of [['startedAt', s], ['finishedAt', f], ['dataAsOf', d]] as const) {
    if (v > now.getTime()) out.push({ path, message: 'in_the_future' });
  }
  return out;
}

export const DRILL_REASON_CODES = ['rto_missed', 'rpo_missed', 'not_restored', 'partly_restored'] as const;
export type DrillReasonCode = (typeof DRILL_REASON_CODES)[number];
export const DRILL_REASON_TEXT: Record<DrillReasonCode, { ja: string; en: string }> = {
  rto_missed: {
    ja: '目標復旧時間(RTO){targetHours}時間に対し、復旧に{achievedHours}時間かかりました',
    en: 'Recovery took {achievedHours} {achievedHours:hour|hours} against a recovery time objective (RTO) of {targetHours} {targetHours:hour|hours}',
  },
  rpo_missed: {
    ja: '目標復旧時点(RPO){targetHours}時間に対し、復旧したデータは{achievedHours}時間前のものでした',
    en: 'The restored data was {achievedHours} {achievedHours:hour|hours} old against a recovery point objective (RPO) of {targetHours} {targetHours:hour|hours}',
  },
  not_restored: {
    ja: 'システムを復旧できませんでした',
    en: 'The system could not be restored',
  },
  partly_restored: {
    ja: '一部しか復旧できませんでした',
    en: 'The system could be restored only in part',
  },
};

export interface DrillReason {
  code: DrillReasonCode;
  params: Record<string, number>;
}

export interface DrillTargets {
  rtoHours: number | null;
  rpoHours: number | null;
}

export interface DrillOutcome {
  result: DrillResult;
  /** Why it failed, in this order: not (fully) restored, RTO missed, RPO missed. Empty when passed. */
  reasons: DrillReason[];
}

/**
 * Passed when the system was fully restored and neither target was missed (achieved > target). A target that is not
 * set is not compared.
 */
export function drillResult(metrics: DrillMetrics, targets: DrillTargets, restored: DrillRestored): DrillOutcome {
  const reasons: DrillReason[] = [];
  if (restored === 'failed') reasons.push({ code: 'not_restored', params: {} });
  if (restored === 'partial') reasons.push({ code: 'partly_restored', params: {} });
  if (targets.rtoHours !== null && metrics.rtoAchievedHours > targets.rtoHours) {
    reasons.push({ code: 'rto_missed', params: { targetHours: targets.rtoHours, achievedHours: metrics.rtoAchievedHours } });
  }
  if (targets.rpoHours !== null && metrics.rpoAchievedHours > targets.rpoHours) {
    reasons.push({ code: 'rpo_missed', params: { targetHours: targets.rpoHours, achievedHours: metrics.rpoAchievedHours } });
  }
  return { result: reasons.length === 0 ? 'passed' : 'failed', reasons };
}

// ── Due dates ──────────────────────────────────────────────────────────────────────────────────────

export const DRILL_DUE_STATUSES = ['overdue', 'never', 'due_soon', 'ok'] as const;
export type DrillDueStatus = (typeof DRILL_DUE_STATUSES)[number];
export const DRILL_DUE_STATUS_LABELS: Labels<DrillDueStatus> = {
  overdue: { ja: '期限超過', en: 'Overdue' },
  never: { ja: '未実施', en: 'Never done' },
  due_soon: { ja: '期限間近', en: 'Due soon' },
  ok: { ja: '期限内', en: 'On schedule' },
};

export interface DrillDue {
  /** The day by which the next drill is due (YYYY-MM-DD); null when never drilled and none is planned. */
  dueOn: string | null;
  status: DrillDueStatus;
}

/**
 * When the next drill of a system is due, on `today` (JST, YYYY-MM-DD):
 * - drilled before (`lastDone`, the JST day of the last done drill): due `intervalMonths` after it (end-of-month
 *   clamped); overdue when today is after that day, due_soon within 30 days (inclusive), ok otherwise. A planned
 *   drill does not move the due day.
 * - never drilled: `never`, with the planned day as dueOn; overdue when that planned day has passed.
 */
export function drillDue(lastDone: string | null, plannedOn: string | null, intervalMonths: number, today: string): DrillDue {
  if (lastDone === null) {
    if (plannedOn !== null && plannedOn < today) return { dueOn: plannedOn, status: 'overdue' };
    return { dueOn: plannedOn, status: 'never' };
  }
  const dueOn = addMonths(lastDone, intervalMonths);
  if (today > dueOn) return { dueOn, status: 'overdue' };
  if (dueOn <= addDays(today, DRILL_DUE_SOON_DAYS)) return { dueOn, status: 'due_soon' };
  return { dueOn, status: 'ok' };
}

/** Sorting rank of a due status: overdue first, then never drilled, due soon, on schedule. */
export function drillDueRank(status: DrillDueStatus): number {
  return DRILL_DUE_STATUSES.indexOf(status);
}

export const DRILL_DUE_TEXT: Record<DrillDueStatus, { ja: string; en: string }> = {
  overdue: {
    ja: '{system}の復旧訓練が期限({dueOn})を過ぎています',
    en: 'The restore drill of {system} is overdue (due {dueOn})',
  },
  never: {
    ja: '{system}の復旧訓練はまだ一度も行われていません',
    en: '{system} has never had a restore drill',
  },
  due_soon: {
    ja: '{system}の復旧訓練の期限({dueOn})が近づいています',
    en: 'The restore drill of {system} is due soon ({dueOn})',
  },
  ok: {
    ja: '{system}の次の復旧訓練は{dueOn}までです',
    en: 'The next restore drill of {system} is due by {dueOn}',
  },
};

/** A failure reason as one sentence without closing punctuation. */
export function renderDrillReason(r: DrillReason, locale: DrillLocale): string {
  return fillSentence(DRILL_REASON_TEXT[r.code][locale], r.params, locale);
}

/** 「電子カルテの復旧訓練が期限(2026年3月31日)を過ぎています」: the due status of a system as one sentence. */
export function renderDrillDue(system: string, due: DrillDue, locale: DrillLocale): string {
  const status = due.status === 'never' || due.dueOn !== null ? due.status : 'never';
  return fillSentence(DRILL_DUE_TEXT[status][locale], { system, dueOn: due.dueOn }, locale);
}
