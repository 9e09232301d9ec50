/**
 * Legal reporting clocks (ADR 0008): from a case's facts, its discovery time (発覚日時) and a versioned rule set
 * (./clock-rules.ts), which filings are due by when; and where a clock stands at a given moment.
 *
 * All arithmetic is on UTC milliseconds with Japan's fixed offset (UTC+9, no daylight saving time since 1951), so the
 * result never depends on the machine's time zone. Periods of days follow 民法第140条/第141条: the day of discovery is
 * not counted unless discovery is at 00:00 JST exactly, and the period ends at the end of its last day
 * (23:59:59.999 JST). Periods of hours run from the moment of discovery (民法第139条).
 */
import type { ClockAuthority, ClockCondition, ClockDeadline, ClockKind, ClockRule, ClockRuleSet, FirstDayRule, IncidentClockFacts } from './clock-rules.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const JST_OFFSET_MS = 9 * HOUR_MS;

export interface ClockOptions {
  /** "At once" (直ちに), e.g. the first report to MHLW: this many hours after discovery. Default 3. */
  atOnceHours?: number;
  /** "Promptly" (速やかに) without a number of days, e.g. the prefecture and the police. Default 24. */
  promptlyHours?: number;
}

export const DEFAULT_CLOCK_OPTIONS: Required<ClockOptions> = { atOnceHours: 3, promptlyHours: 24 };

export interface Clock {
  ruleId: string;
  /** The version of the rule set the clock was computed with. */
  ruleSetVersion: string;
  authority: ClockAuthority;
  kind: ClockKind;
  /** The discovery time the clock runs from (ISO UTC). */
  startsAt: string;
  /** When the filing is due (ISO UTC), or null when the rule sets no time ("promptly", no fixed day). */
  dueAt: string | null;
  /** The last day (JST, YYYY-MM-DD) for periods counted in days; null otherwise. */
  dueDateJst: string | null;
  /** For a soft target with an outer bound (PPC 速報: target day 3, at the latest day 5). */
  outerDueAt: string | null;
  outerDueDateJst: string | null;
  /** A target rather than a statutory or contractual limit ("promptly", "at once"). */
  soft: boolean;
  /** The number of days or hours the due time was computed from (null for `none`). */
  period: { unit: 'days' | 'hours'; amount: number } | null;
  labels: { ja: string; en: string };
  basis: { ja: string; en: string };
  note: { ja: string; en: string } | null;
  verified: boolean;
}

// ── Time helpers (JST, independent of the machine's time zone) ────────────────────────────────────────────────────

/** An ISO 8601 timestamp with an explicit offset (Z or ±hh:mm); a local time would depend on the machine. */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function toMs(at: string | Date, what: string): number {
  if (at instanceof Date) {
    const t = at.getTime();
    if (Number.isNaN(t)) throw new RangeError(`${what}: invalid date`);
    return t;
  }
  if (!ISO_WITH_OFFSET.test(at)) throw new RangeError(`${what}: expected an ISO timestamp with Z or an offset, got ${JSON.stringify(at)}`);
  const t = Date.parse(at);
  if (Number.isNaN(t)) throw new RangeError(`${what}: invalid date ${JSON.stringify(at)}`);
  return t;
}

const floorDiv = (a: number, b: number) => Math.floor(a / b);

/** Days since 1970-01-01 of the JST calendar date of a moment. */
function jstDayIndex(ms: number): number {
  return floorDiv(ms + JST_OFFSET_MS, DAY_MS);
}

/** YYYY-MM-DD of a JST day index. */
function jstDayKey(dayIndex: number): string {
  return new Date(dayIndex * DAY_MS).toISOString().slice(0, 10);
}

/** The last millisecond (23:59:59.999 JST) of a JST day index, as UTC ms. */
function endOfJstDay(dayIndex: number): number {
  return (dayIndex + 1) * DAY_MS - 1 - JST_OFFSET_MS;
}

/**
 * The last day of a period of `days` days starting at `startMs` (民法第140条・第141条): the first day is not counted
 * unless the period starts at 00:00:00.000 JST (or the rule counts it). Returns the JST day index of the last day.
 */
function lastDayOfPeriod(startMs: number, days: number, firstDay: FirstDayRule): number {
  const startsAtMidnight = (((startMs + JST_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS === 0;
  const firstDayCounted = firstDay === 'counted' || startsAtMidnight;
  return jstDayIndex(startMs) + days - (firstDayCounted ? 1 : 0);
}

/** The end (ISO UTC) and the last day (JST) of a period of days from a discovery time. */
export function periodEnd(discoveredAt: string | Date, days: number, firstDay: FirstDayRule = 'civil_code_140'): { dueAt: string; dueDateJst: string } {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`days: expected a positive integer, got ${days}`);
  const last = lastDayOfPeriod(toMs(discoveredAt, 'discoveredAt'), days, firstDay);
  return { dueAt: new Date(endOfJstDay(last)).toISOString(), dueDateJst: jstDayKey(last) };
}

// ── Conditions ────────────────────────────────────────────────────────────────────────────────────────────────────

export function conditionHolds(c: ClockCondition, facts: IncidentClockFacts): boolean {
  if ('fact' in c) return facts[c.fact] === true;
  if ('countAbove' in c) return facts.affectedCount !== null && facts.affectedCount > c.countAbove;
  if ('insured' in c) return facts.insured !== null;
  if ('all' in c) return c.all.every((x) => conditionHolds(x, facts));
  if ('any' in c) return c.any.some((x) => conditionHolds(x, facts));
  return !conditionHolds(c.not, facts);
}

// ── Clocks ────────────────────────────────────────────────────────────────────────────────────────────────────────

function positiveHours(v: number, what: string): number {
  if (!Number.isFinite(v) || v <= 0) throw new RangeError(`${what}: expected a positive number of hours, got ${v}`);
  return v;
}

function due(deadline: ClockDeadline, facts: IncidentClockFacts, startMs: number, opts: Required<ClockOptions>) {
  const none = { dueAt: null, dueDateJst: null, outerDueAt: null, outerDueDateJst: null };
  const byHours = (hours: number, soft: boolean) => ({
    ...none,
    dueAt: new Date(startMs + hours * HOUR_MS).toISOString(),
    soft,
    period: { unit: 'hours' as const, amount: hours },
  });
  switch (deadline.type) {
    case 'days': {
      const days = deadline.variants?.find((v) => conditionHolds(v.when, facts))?.days ?? deadline.days;
      const last = lastDayOfPeriod(startMs, days, deadline.firstDay);
      const outer = deadline.outerDays === undefined ? null : lastDayOfPeriod(startMs, deadline.outerDays, deadline.firstDay);
      return {
        dueAt: new Date(endOfJstDay(last)).toISOString(),
        dueDateJst: jstDayKey(last),
        outerDueAt: outer === null ? null : new Date(endOfJstDay(outer)).toISOString(),
        outerDueDateJst: outer === null ? null : jstDayKey(outer),
        soft: deadline.soft,
        period: { unit: 'days' as const, amount: days },
      };
    }
    case 'hours':
      return byHours(positiveHours(deadline.hours, 'hours'), deadline.soft);
    case 'option_hours':
      return byHours(positiveHours(opts[deadline.option], deadline.option), deadline.soft);
    case 'insurer_hours':
      // The rule's condition requires a policy; without one there is nothing to count from.
      if (facts.insured === null) return { ...none, soft: deadline.soft, period: null };
      return byHours(positiveHours(facts.insured.reportWithinHours, 'insured.reportWithinHours'), deadline.soft);
    case 'none':
      return { ...none, soft: true, period: null };
  }
}

/**
 * The clocks that run for a case: one per rule of the set whose condition holds, in the set's order.
 * `discoveredAt` is an ISO timestamp with Z or an offset (or a Date); a local time without offset is refused
 * because it would be read in the machine's time zone.
 */
export function computeClocks(facts: IncidentClockFacts, discoveredAt: string | Date, rules: ClockRuleSet, options: ClockOptions = {}): Clock[] {
  const startMs = toMs(discoveredAt, 'discoveredAt');
  const opts = { ...DEFAULT_CLOCK_OPTIONS, ...options };
  const startsAt = new Date(startMs).toISOString();
  return rules.rules
    .filter((r: ClockRule) => conditionHolds(r.when, facts))
    .map((r) => ({
      ruleId: r.id,
      ruleSetVersion: rules.version,
      authority: r.authority,
      kind: r.kind,
      startsAt,
      ...due(r.deadline, facts, startMs, opts),
      labels: r.labels,
      basis: r.basis,
      note: r.note ?? null,
      verified: r.verified,
    }));
}

// ── Status ────────────────────────────────────────────────────────────────────────────────────────────────────────

export const CLOCK_THRESHOLDS = [50, 80, 100] as const;
export type ClockThreshold = (typeof CLOCK_THRESHOLDS)[number];

export interface ClockStatus {
  /** 'filed' once the filing is recorded (the clock stops), 'overdue' after the due time, else 'running'. */
  state: 'running' | 'filed' | 'overdue';
  /** Share of the time to the due time elapsed (0..1) at `now`, or at the filing for a filed clock; 0 without a due time. */
  fraction: number;
  /** 50 and 80 once that share of the time has elapsed, 100 once the due time has passed (at `now` or at the filing). */
  thresholdsCrossed: ClockThreshold[];
  /** Filed after the due time. */
  late: boolean;
  /** A soft target whose outer bound (PPC 速報: day 5) has passed too, at `now` or at the filing. */
  pastOuterBound: boolean;
}

/** Where a clock stands at `now`; a recorded filing (`filedAt`) stops it. */
export function clockStatus(clock: Clock, now: string | Date, filedAt: string | Date | null): ClockStatus {
  const start = toMs(clock.startsAt, 'startsAt');
  const at = filedAt === null ? toMs(now, 'now') : toMs(filedAt, 'filedAt');
  const dueMs = clock.dueAt === null ? null : toMs(clock.dueAt, 'dueAt');
  const outerMs = clock.outerDueAt === null ? null : toMs(clock.outerDueAt, 'outerDueAt');
  const past = dueMs !== null && at > dueMs;
  let fraction = 0;
  if (dueMs !== null) fraction = dueMs <= start ? (at >= dueMs ? 1 : 0) : Math.min(1, Math.max(0, (at - start) / (dueMs - start)));
  const thresholdsCrossed: ClockThreshold[] = [];
  if (dueMs !== null) {
    // Integer milliseconds: exact at the boundaries, where a float share could fall a hair short.
    const elapsed = Math.max(0, at - start);
    const total = dueMs - start;
    for (const t of [50, 80] as const) if (elapsed * 100 >= t * total) thresholdsCrossed.push(t);
    if (past) thresholdsCrossed.push(100);
  }
  return {
    state: filedAt !== null ? 'filed' : past ? 'overdue' : 'running',
    fraction,
    thresholdsCrossed,
    late: filedAt !== null && past,
    pastOuterBound: outerMs !== null && at > outerMs,
  };
}
