import { fiscalYearOf, formatFiscalYear } from '../dates.ts';
import { EN_MONTHS } from './sentences.ts';

/**
 * Exercises (訓練) of the cyber BCP: tabletop, technical or full, and the yearly requirement (the 診療録管理体制加算 asks
 * for an exercise at least once a year; the MHLW checklist's BCP item expects the plan to be practised). A fiscal year
 * (令和n年度) runs April–March in JST; it is met when at least one exercise of that year is done. Pure: dates are
 * YYYY-MM-DD (JST), fiscal years the Gregorian start year (2026 = 令和8年度).
 */

export type ExerciseLocale = 'ja' | 'en';
type Text = { ja: string; en: string };

export const EXERCISE_KINDS = ['tabletop', 'technical', 'full'] as const;
export type ExerciseKind = (typeof EXERCISE_KINDS)[number];
export const EXERCISE_KIND_LABELS: Record<ExerciseKind, Text> = {
  tabletop: { ja: '机上訓練', en: 'Tabletop exercise' },
  technical: { ja: '技術訓練', en: 'Technical exercise' },
  full: { ja: '総合訓練', en: 'Full-scale exercise' },
};

export const EXERCISE_STATUSES = ['planned', 'done', 'cancelled'] as const;
export type ExerciseStatus = (typeof EXERCISE_STATUSES)[number];
export const EXERCISE_STATUS_LABELS: Record<ExerciseStatus, Text> = {
  planned: { ja: '計画中', en: 'Planned' },
  done: { ja: '実施済み', en: 'Done' },
  cancelled: { ja: '中止', en: 'Cancelled' },
};

/** Departments the form suggests (free text is allowed). */
export const EXERCISE_DEPARTMENT_SUGGESTIONS: readonly Text[] = [
  { ja: '外来', en: 'Outpatients' },
  { ja: '病棟', en: 'Wards' },
  { ja: '検査', en: 'Laboratory' },
  { ja: '放射線', en: 'Radiology' },
  { ja: '薬剤', en: 'Pharmacy' },
  { ja: '会計', en: 'Billing' },
  { ja: '給食', en: 'Catering' },
  { ja: '医事', en: 'Medical affairs' },
  { ja: '情報システム', en: 'IT' },
];

/** A timeline entry's time of day. */
export const EXERCISE_TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The fiscal year (Gregorian start year) of a JST calendar date YYYY-MM-DD. */
export function fiscalYearOfDate(date: string): number {
  return fiscalYearOf(new Date(`${date}T12:00:00+09:00`));
}

/** The first and last day of a fiscal year: 2026 → 2026-04-01 … 2027-03-31. */
export function fiscalYearRange(fiscalYear: number): { from: string; to: string } {
  return { from: `${fiscalYear}-04-01`, to: `${fiscalYear + 1}-03-31` };
}

/** 令和7年11月12日 (ja) or 12 Nov 2025 (en) for a YYYY-MM-DD date (令和 from 2019-05-01; earlier dates in Gregorian). */
export function formatEraDate(date: string, locale: ExerciseLocale): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  if (locale === 'en') return `${d} ${EN_MONTHS[m - 1]} ${y}`;
  if (date < '2019-05-01') return `${y}年${m}月${d}日`;
  const r = y - 2018;
  return `令和${r === 1 ? '元' : r}年${m}月${d}日`;
}

export interface ExerciseLike {
  status: ExerciseStatus;
  heldOn: string;
}

export interface ExerciseRequirement {
  fiscalYear: number;
  /** Done exercises held in the fiscal year. */
  done: number;
  /** Planned (not yet done) exercises dated in the fiscal year. */
  planned: number;
  met: boolean;
  /** The latest done exercise up to the end of the fiscal year (in that year, or before it), or null. */
  lastHeldOn: string | null;
  /** The fiscal year is over (today is after 31 March). */
  past: boolean;
  sentence: Text;
}

/** At least one done exercise per fiscal year; `today` (JST YYYY-MM-DD) tells a year that is over from the current one. */
export function exerciseRequirement(exercises: readonly ExerciseLike[], fiscalYear: number, today: string): ExerciseRequirement {
  const { from, to } = fiscalYearRange(fiscalYear);
  const inYear = exercises.filter((e) => e.heldOn >= from && e.heldOn <= to);
  const done = inYear.filter((e) => e.status === 'done').length;
  const planned = inYear.filter((e) => e.status === 'planned').length;
  const last = exercises
    .filter((e) => e.status === 'done' && e.heldOn <= to)
    .map((e) => e.heldOn)
    .sort()
    .at(-1) ?? null;
  const past = today > to;
  const fy = { ja: formatFiscalYear(fiscalYear, 'ja'), en: formatFiscalYear(fiscalYear, 'en') };
  let sentence: Text;
  if (done > 0) {
    sentence = {
      ja: `${fy.ja}の訓練は実施済みです(${done}回、直近: ${formatEraDate(last!, 'ja')})`,
      en: `The exercise of ${fy.en} is done (${done} held, latest on ${formatEraDate(last!, 'en')})`,
    };
  } else {
    const before = last ? { ja: `前回: ${formatEraDate(last, 'ja')}`, en: `last one on ${formatEraDate(last, 'en')}` } : { ja: 'これまでの実施記録はありません', en: 'none on record so far' };
    const plan = planned > 0 && !past ? { ja: `計画中: ${planned}件、`, en: `${planned} planned, ` } : { ja: '', en: '' };
    sentence = past
      ? { ja: `${fy.ja}は訓練が実施されませんでした(${before.ja})`, en: `No exercise was held in ${fy.en} (${before.en})` }
      : { ja: `${fy.ja}の訓練はまだ実施されていません(${plan.ja}${before.ja})`, en: `No exercise has been held in ${fy.en} yet (${plan.en}${before.en})` };
  }
  return { fiscalYear, done, planned, met: done > 0, lastHeldOn: last, past, sentence };
}
