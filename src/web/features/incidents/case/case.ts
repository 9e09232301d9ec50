/**
 * Pure helpers of the case page (tested in case.test.ts): the tabs, the legal clocks' countdown and tone, times typed
 * in a zone, the 5W1H and draft edits as requests, the timeline's order.
 */
import { SUMMARY_KEYS, type CasePhase, type CaseSummary, type SummaryKey } from '../../../../shared/incidents/cases.ts';
import { CASE_PHASES } from '../../../../shared/incidents/cases.ts';
import { DEFAULT_TIME_ZONE, canonicalTimeZone, zonedToEpoch } from '../../../../shared/incidents/timeline.ts';
import type { CaseClockDto } from '../../../../shared/contracts/incident-clocks.contract.ts';
import type { TimelineEntryDto } from '../../../../shared/contracts/incident-records.contract.ts';

// ── Tabs ─────────────────────────────────────────────────────────────────────────────────────────────────────────

export const CASE_TABS = ['overview', 'tasks', 'clocks', 'timeline', 'impact', 'comms', 'evidence', 'drafts', 'review'] as const;
export type CaseTab = (typeof CASE_TABS)[number];

/** The tab named in `?tab=`; the overview when missing or unknown. */
export function tabFrom(value: string | null | undefined): CaseTab {
  return (CASE_TABS as readonly string[]).includes(value ?? '') ? (value as CaseTab) : 'overview';
}

// ── Phases ───────────────────────────────────────────────────────────────────────────────────────────────────────

/** Where a phase stands against the case's current one. */
export function phaseState(phase: CasePhase, current: CasePhase): 'done' | 'current' | 'upcoming' {
  const a = CASE_PHASES.indexOf(phase);
  const b = CASE_PHASES.indexOf(current);
  return a < b ? 'done' : a === b ? 'current' : 'upcoming';
}

// ── Legal clocks ─────────────────────────────────────────────────────────────────────────────────────────────────

export interface Countdown {
  /** The due time has passed. */
  overdue: boolean;
  days: number;
  hours: number;
  minutes: number;
}

/** Time left to `dueAt` (or past it), in whole days, hours and minutes; null without a due time. */
export function countdown(dueAt: string | null, nowMs: number): Countdown | null {
  if (!dueAt) return null;
  const due = Date.parse(dueAt);
  if (Number.isNaN(due)) return null;
  const diff = due - nowMs;
  const abs = Math.abs(diff);
  const totalMinutes = diff >= 0 ? Math.floor(abs / 60_000) : Math.ceil(abs / 60_000);
  return { overdue: diff < 0, days: Math.floor(totalMinutes / 1440), hours: Math.floor((totalMinutes % 1440) / 60), minutes: totalMinutes % 60 };
}

/** The elapsed share as a percentage for a progress bar (0–100). */
export function progressPercent(fraction: number): number {
  if (!Number.isFinite(fraction)) return 0;
  return Math.round(Math.min(1, Math.max(0, fraction)) * 1000) / 10;
}

export type ClockTone = 'ok' | 'info' | 'warn' | 'danger';
/** The state a clock card shows (always with an icon and a word as well as a colour). */
export type ClockStateKey = 'filedOnTime' | 'filedLate' | 'overdue' | 'running' | 'running50' | 'running80' | 'noDue';

export function clockState(clock: Pick<CaseClockDto, 'dueAt' | 'status'>): { key: ClockStateKey; tone: ClockTone } {
  const s = clock.status;
  if (s.state === 'filed') return s.late ? { key: 'filedLate', tone: 'warn' } : { key: 'filedOnTime', tone: 'ok' };
  if (s.state === 'overdue') return { key: 'overdue', tone: 'danger' };
  if (clock.dueAt === null) return { key: 'noDue', tone: 'info' };
  if (s.fraction >= 0.8) return { key: 'running80', tone: 'warn' };
  if (s.fraction >= 0.5) return { key: 'running50', tone: 'info' };
  return { key: 'running', tone: 'info' };
}

/** Clocks in the order people act on them: running and overdue by due time, then those without a time, then filed. */
export function sortClocks<T extends Pick<CaseClockDto, 'dueAt' | 'status' | 'ruleId'>>(clocks: readonly T[]): T[] {
  const rank = (c: T) => (c.status.state === 'filed' ? 2 : c.dueAt === null ? 1 : 0);
  return [...clocks].sort((a, b) => rank(a) - rank(b) || (a.dueAt ?? '').localeCompare(b.dueAt ?? '') || a.ruleId.localeCompare(b.ruleId));
}

// ── Times typed in a zone ────────────────────────────────────────────────────────────────────────────────────────

const pad = (n: number) => String(n).padStart(2, '0');

/** The wall-clock time of an instant in a zone as a `datetime-local` value (YYYY-MM-DDTHH:mm). */
export function localInputValue(epochMs: number, zone: string = DEFAULT_TIME_ZONE): string {
  const z = canonicalTimeZone(zone) ?? 'UTC';
  const p: Record<string, string> = {};
  for (const part of new Intl.DateTimeFormat('en-US', { timeZone: z, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(epochMs))) p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day}T${pad(Number(p.hour) % 24)}:${p.minute}`;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A `datetime-local` value read in a zone, as an ISO UTC timestamp with Z (what the API's offset fields take); null
 * when it is not a complete date and time.
 */
export function localToIso(value: string, zone: string = DEFAULT_TIME_ZONE): string | null {
  const m = LOCAL.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const z = canonicalTimeZone(zone);
  if (!z) return null;
  const epoch = zonedToEpoch({ year, month, day, hour, minute, second }, 0, z);
  return Number.isNaN(epoch) ? null : new Date(epoch).toISOString();
}

/** Zones offered first in the timeline's zone picker; the rest follow from Intl. */
export const COMMON_TIME_ZONES = ['Asia/Tokyo', 'UTC', 'America/New_York', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin', 'Asia/Singapore', 'Asia/Shanghai', 'Asia/Seoul'] as const;

/** Every zone the browser knows, the common ones first (each once). */
export function timeZoneOptions(all: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const z of [...COMMON_TIME_ZONES, ...all]) {
    if (!seen.has(z)) {
      seen.add(z);
      out.push(z);
    }
  }
  return out;
}

// ── Timeline ─────────────────────────────────────────────────────────────────────────────────────────────────────

/** Entries by the time they happened (oldest first, or newest first), ties by the time they were written. */
export function sortTimeline<T extends Pick<TimelineEntryDto, 'occurredAt' | 'createdAt' | 'id'>>(items: readonly T[], newestFirst: boolean): T[] {
  const sorted = [...items].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  return newestFirst ? sorted.reverse() : sorted;
}

// ── Edits as requests ────────────────────────────────────────────────────────────────────────────────────────────

/** The 5W1H fields that differ from what was saved (only those are sent). */
export function summaryChanges(saved: CaseSummary, draft: CaseSummary): Partial<Record<SummaryKey, string>> {
  const out: Partial<Record<SummaryKey, string>> = {};
  for (const k of SUMMARY_KEYS) if ((draft[k] ?? '') !== (saved[k] ?? '')) out[k] = draft[k] ?? '';
  return out;
}

/**
 * The body of a draft save: every field whose text differs from its pre-filled value is an edit; a field back at its
 * pre-filled text is left out (null), so it follows the case again.
 */
export function draftEdits(fields: readonly { key: string; prefilled: string }[], values: Record<string, string>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const f of fields) {
    const v = values[f.key] ?? f.prefilled;
    out[f.key] = v === f.prefilled ? null : v;
  }
  return out;
}

/** A SHA-256 as people paste it (spaces, upper case) → 64 lower-case hex digits, or null when it is not one. */
export function normaliseSha256(text: string): string | null {
  const v = text.replace(/\s+/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(v) ? v : null;
}
