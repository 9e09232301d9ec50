import type { FieldIssue } from '../errors.ts';
import type { ProgressDto } from '../contracts/assessments.contract.ts';
import { allowedAnswers, answerIsDone, frameworkItems, itemAnswerType, type AnswerType, type FrameworkDefinition, type FrameworkItem } from './framework.ts';
import type { ReasonText, Suggestion, SuggestionValue } from './types.ts';

/**
 * The pure rules of an assessment (現状調査): the fiscal-year window of 目標日, answer validation, the problems an
 * inspector would see on an item, progress, disagreement with the auto-evaluation, and the comparison of two
 * assessments. Shared by the server (services, export), the CLI and the UI.
 *
 * Dates are YYYY-MM-DD calendar dates (JST); fiscal years are the Gregorian start year (2025 = 令和7年度,
 * 2025-04-01 … 2026-03-31).
 */

/** What an item's answer holds for these rules (a stored answer, or one being saved). */
export interface AnswerState {
  answer: string | null;
  /** 確認日 */
  checkedOn: string | null;
  /** 目標日 */
  targetOn: string | null;
  /** Copied from an earlier assessment and not yet re-confirmed this year. */
  carriedOver?: boolean;
}

export interface DateRange {
  start: string;
  end: string;
}

/** The fiscal year fy: 1 April fy … 31 March fy+1. */
export function fiscalYearRange(fy: number): DateRange {
  return { start: `${fy}-04-01`, end: `${fy + 1}-03-31` };
}

/** The fiscal year a YYYY-MM-DD date falls in. */
export function fiscalYearOfDate(date: string): number {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  return m >= 4 ? y : y - 1;
}

/**
 * The window a gap's 目標日 must fall in: the assessment's fiscal year, extended to the end of the item's
 * `requiredBy` fiscal year when that is later (令和5年度版's items required only from 令和6年度). An assessment without
 * a fiscal year (a timeless framework) has no window (null).
 */
export function deadlineWindow(fiscalYear: number | null, item: Pick<FrameworkItem, 'requiredBy'>): DateRange | null {
  if (fiscalYear === null) return null;
  const last = item.requiredBy !== undefined && item.requiredBy > fiscalYear ? item.requiredBy : fiscalYear;
  return { start: fiscalYearRange(fiscalYear).start, end: fiscalYearRange(last).end };
}

/**
 * Whether an answer is a gap that needs a 目標日: answered with a known value that is not done. The gate's いいえ is
 * not a gap (it means no medical information system is run, so nothing else is needed).
 */
export function isGapAnswer(definition: FrameworkDefinition, item: FrameworkItem, answer: string | null): boolean {
  if (answer === null || definition.gate?.id === item.id) return false;
  const type = itemAnswerType(definition, item);
  return allowedAnswers(type).includes(answer) && !answerIsDone(type, answer);
}

export interface AnswerContext {
  /** The assessment's fiscal year (null for timeless frameworks). */
  fiscalYear: number | null;
  /** Today in JST (YYYY-MM-DD). */
  today: string;
}

/** Stable message keys of answer validation (FieldIssue.message); the UI translates `assessments.validation.<key>`. */
export const ANSWER_ISSUES = [
  'answer_not_allowed',
  'checked_in_future',
  'target_required',
  'target_outside_fiscal_year',
  'target_before_checked',
  'target_not_allowed',
  'answer_required',
  'checked_required',
] as const;
export type AnswerIssue = (typeof ANSWER_ISSUES)[number];

/**
 * Validates an item's answer.
 * - `save` (default): what may be stored — a known answer value, 確認日 not in the future, a 目標日 only for a gap
 *   (`target_not_allowed` for done answers), within the deadline window and not before 確認日. A gap may be saved
 *   without 目標日 (the answer is usually clicked first); it then shows as a problem.
 * - `complete`: what sign-off needs in addition — an answer (`answer_required`), a 確認日 (`checked_required`) and, for a
 *   gap, a 目標日 (`target_required`).
 * Paths are the field names (`answer`, `checkedOn`, `targetOn`).
 */
export function validateAnswer(
  definition: FrameworkDefinition,
  item: FrameworkItem,
  input: AnswerState,
  ctx: AnswerContext,
  mode: 'save' | 'complete' = 'save',
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const type = itemAnswerType(definition, item);
  const known = input.answer !== null && allowedAnswers(type).includes(input.answer);
  if (input.answer !== null && !known) issues.push({ path: 'answer', message: 'answer_not_allowed', value: input.answer });
  if (input.checkedOn !== null && input.checkedOn > ctx.today) issues.push({ path: 'checkedOn', message: 'checked_in_future', value: input.checkedOn });
  if (mode === 'complete') {
    if (input.answer === null) issues.push({ path: 'answer', message: 'answer_required' });
    else if (input.checkedOn === null) issues.push({ path: 'checkedOn', message: 'checked_required' });
  }
  if (!known) return issues;
  if (!isGapAnswer(definition, item, input.answer)) {
    if (input.targetOn !== null) issues.push({ path: 'targetOn', message: 'target_not_allowed', value: input.targetOn });
    return issues;
  }
  if (input.targetOn === null) {
    if (mode === 'complete') issues.push({ path: 'targetOn', message: 'target_required' });
    return issues;
  }
  const window = deadlineWindow(ctx.fiscalYear, item);
  if (window && (input.targetOn < window.start || input.targetOn > window.end)) {
    issues.push({ path: 'targetOn', message: 'target_outside_fiscal_year', value: input.targetOn });
  } else if (input.checkedOn !== null && input.targetOn < input.checkedOn) {
    issues.push({ path: 'targetOn', message: 'target_before_checked', value: input.targetOn });
  }
  return issues;
}

/** An item's evidence as far as problems are concerned. */
export interface EvidenceState {
  expired: boolean;
}

/**
 * Sentences of the problems (`assessments.reasons.<key>`). `{param}` placeholders take ReasonText.params.
 * Helper D's reasons.ts merges these into renderReason; the UI's i18n files carry the same keys.
 */
export const PROBLEM_TEXT = {
  problem_no_answer: { ja: '回答がありません', en: 'Not answered' },
  problem_no_checked_on: { ja: '確認日がありません', en: 'No check date (確認日)' },
  problem_checked_in_future: { ja: '確認日（{checkedOn}）が未来の日付です', en: 'The check date ({checkedOn}) is in the future' },
  problem_target_missing: { ja: '「いいえ」ですが目標日がありません', en: 'Answered "No" without a target date (目標日)' },
  problem_target_outside: {
    ja: '目標日（{targetOn}）が年度内（{start}〜{end}）ではありません',
    en: 'The target date ({targetOn}) is outside the fiscal year ({start} to {end})',
  },
  problem_target_before_checked: { ja: '目標日（{targetOn}）が確認日より前です', en: 'The target date ({targetOn}) is before the check date' },
  problem_target_not_allowed: { ja: '対応済みの回答に目標日（{targetOn}）があります', en: 'A done answer has a target date ({targetOn})' },
  problem_answer_not_allowed: { ja: '回答「{answer}」はこの項目では選べません', en: 'The answer "{answer}" is not one of this item\'s choices' },
  problem_carried_over: { ja: '前年度からの引継ぎで、今年度はまだ確認されていません', en: 'Carried over from last year and not yet re-confirmed' },
  problem_evidence_expired: { ja: '証跡がすべて有効期限切れです（{count}件）', en: 'All evidence has expired ({count})' },
} as const satisfies Record<string, { ja: string; en: string }>;
export type ProblemKey = keyof typeof PROBLEM_TEXT;

/**
 * What the inspector would see wrong with one item: no answer, no 確認日, いいえ without 目標日 or outside the
 * fiscal year, carried over and not re-confirmed, only expired evidence. Items the closed gate makes unnecessary
 * have none (`notRequired`).
 */
export function itemProblems(
  definition: FrameworkDefinition,
  item: FrameworkItem,
  answer: AnswerState | null,
  ctx: AnswerContext & { evidence?: readonly EvidenceState[]; notRequired?: boolean },
): ReasonText[] {
  if (ctx.notRequired) return [];
  const out: ReasonText[] = [];
  const value = answer?.answer ?? null;
  if (answer === null || value === null) {
    out.push({ key: 'problem_no_answer' });
  } else {
    const type = itemAnswerType(definition, item);
    if (!allowedAnswers(type).includes(value)) out.push({ key: 'problem_answer_not_allowed', params: { answer: value } });
    else if (!isGapAnswer(definition, item, value)) {
      if (answer.targetOn !== null) out.push({ key: 'problem_target_not_allowed', params: { targetOn: answer.targetOn } });
    } else if (answer.targetOn === null) {
      out.push({ key: 'problem_target_missing' });
    } else {
      const window = deadlineWindow(ctx.fiscalYear, item);
      if (window && (answer.targetOn < window.start || answer.targetOn > window.end)) {
        out.push({ key: 'problem_target_outside', params: { targetOn: answer.targetOn, start: window.start, end: window.end } });
      } else if (answer.checkedOn !== null && answer.targetOn < answer.checkedOn) {
        out.push({ key: 'problem_target_before_checked', params: { targetOn: answer.targetOn } });
      }
    }
    if (answer.checkedOn === null) out.push({ key: 'problem_no_checked_on' });
    else if (answer.checkedOn > ctx.today) out.push({ key: 'problem_checked_in_future', params: { checkedOn: answer.checkedOn } });
  }
  if (answer?.carriedOver) out.push({ key: 'problem_carried_over' });
  const evidence = ctx.evidence ?? [];
  if (evidence.length > 0 && evidence.every((e) => e.expired)) out.push({ key: 'problem_evidence_expired', params: { count: evidence.length } });
  return out;
}

/** Whether the item's answer is what the inspector needs: answered, with 確認日, and a gap with a valid 目標日. */
export function answerComplete(definition: FrameworkDefinition, item: FrameworkItem, answer: AnswerState | null, ctx: AnswerContext): boolean {
  if (answer === null) return false;
  return validateAnswer(definition, item, answer, ctx, 'complete').length === 0;
}

/** The gate (医療情報システムを導入、運用している) answered as not done: nothing else is needed. */
export function gateClosed(definition: FrameworkDefinition, answers: ReadonlyMap<string, AnswerState>): boolean {
  const gate = definition.gate;
  if (!gate) return false;
  const a = answers.get(gate.id)?.answer ?? null;
  if (a === null) return false;
  const type = itemAnswerType(definition, gate);
  return allowedAnswers(type).includes(a) && !answerIsDone(type, a);
}

/** Items not required because the gate is closed (every item but the gate). */
export function notRequiredItems(definition: FrameworkDefinition, answers: ReadonlyMap<string, AnswerState>): Set<string> {
  if (!gateClosed(definition, answers)) return new Set();
  return new Set(definition.sections.flatMap((s) => s.items.map((i) => i.id)));
}

/**
 * Whether a person's answer and the auto-evaluation disagree: a done answer (はい/該当なし/a done level) where the
 * data say `no`, or a gap where they say `yes`. `unknown` (data missing) never disagrees; nor does no answer.
 */
export function disagreement(answerType: AnswerType, answer: string | null | undefined, suggestion: SuggestionValue | null | undefined): boolean {
  if (answer === null || answer === undefined || !suggestion || suggestion === 'unknown') return false;
  if (!allowedAnswers(answerType).includes(answer)) return false;
  const done = answerIsDone(answerType, answer);
  return done ? suggestion === 'no' : suggestion === 'yes';
}

/**
 * Progress of an assessment: per section and in total. `complete` = answered with 確認日 (and, for a gap, a 目標日
 * within the window); `incomplete` = answered but not complete. With the gate closed, every other item counts as
 * answered and complete. `ctx` defaults to no fiscal-year window and no future-date check.
 */
export function progress(
  definition: FrameworkDefinition,
  answers: ReadonlyMap<string, AnswerState>,
  suggestions: ReadonlyMap<string, Pick<Suggestion, 'value'>>,
  ctx: AnswerContext = { fiscalYear: null, today: '9999-12-31' },
): ProgressDto {
  const skipped = notRequiredItems(definition, answers);
  const tally = (items: readonly FrameworkItem[]) => {
    let answered = 0;
    let complete = 0;
    let gaps = 0;
    let disagreements = 0;
    for (const item of items) {
      if (skipped.has(item.id)) {
        answered += 1;
        complete += 1;
        continue;
      }
      const a = answers.get(item.id) ?? null;
      const type = itemAnswerType(definition, item);
      if (a === null || a.answer === null) continue;
      answered += 1;
      if (answerComplete(definition, item, a, ctx)) complete += 1;
      if (isGapAnswer(definition, item, a.answer)) gaps += 1;
      if (disagreement(type, a.answer, suggestions.get(item.id)?.value)) disagreements += 1;
    }
    return { items: items.length, answered, complete, gaps, disagreements };
  };
  const total = tally(frameworkItems(definition));
  return {
    items: total.items,
    answered: total.answered,
    complete: total.complete,
    gaps: total.gaps,
    incomplete: total.answered - total.complete,
    disagreements: total.disagreements,
    gateClosed: skipped.size > 0,
    sections: definition.sections.map((s) => {
      const t = tally(s.items);
      return { sectionId: s.id, items: t.items, answered: t.answered, complete: t.complete, gaps: t.gaps };
    }),
  };
}

export type CompareChange = 'same' | 'changed' | 'improved' | 'worsened' | 'added' | 'removed';

export interface CompareRow {
  itemId: string;
  number: string | null;
  text: { ja: string; en: string } | null;
  a: { answer: string | null; checkedOn: string | null; targetOn: string | null } | null;
  b: { answer: string | null; checkedOn: string | null; targetOn: string | null } | null;
  change: CompareChange;
}

/**
 * Compares two assessments item by item, matched by item id (stable across versions): rows in B's order, then the
 * items only A has. `a`/`b` are null when that framework lacks the item. Improved = a gap (or no answer) became done;
 * worsened = done became a gap (or unanswered); changed = any other change of the answer value.
 */
export function compareAssessments(
  defA: FrameworkDefinition,
  answersA: ReadonlyMap<string, AnswerState>,
  defB: FrameworkDefinition,
  answersB: ReadonlyMap<string, AnswerState>,
): CompareRow[] {
  const itemsA = new Map(frameworkItems(defA).map((i) => [i.id, i]));
  const itemsB = frameworkItems(defB);
  const idsB = new Set(itemsB.map((i) => i.id));
  const cell = (m: ReadonlyMap<string, AnswerState>, id: string) => {
    const a = m.get(id);
    return { answer: a?.answer ?? null, checkedOn: a?.checkedOn ?? null, targetOn: a?.targetOn ?? null };
  };
  const rows: CompareRow[] = [];
  for (const item of itemsB) {
    const inA = itemsA.get(item.id);
    const b = cell(answersB, item.id);
    if (!inA) {
      rows.push({ itemId: item.id, number: item.number, text: item.text, a: null, b, change: 'added' });
      continue;
    }
    const a = cell(answersA, item.id);
    const doneA = a.answer !== null && answerIsDone(itemAnswerType(defA, inA), a.answer);
    const doneB = b.answer !== null && answerIsDone(itemAnswerType(defB, item), b.answer);
    let change: CompareChange;
    if (a.answer === b.answer) change = 'same';
    else if (!doneA && doneB) change = 'improved';
    else if (doneA && !doneB) change = 'worsened';
    else change = 'changed';
    rows.push({ itemId: item.id, number: item.number, text: item.text, a, b, change });
  }
  for (const item of itemsA.values()) {
    if (idsB.has(item.id)) continue;
    rows.push({ itemId: item.id, number: item.number, text: item.text, a: cell(answersA, item.id), b: null, change: 'removed' });
  }
  return rows;
}

/** Renders a problem sentence in a language (for the export and the CLI); unknown keys come back as the key. */
export function renderProblem(reason: ReasonText, locale: 'ja' | 'en'): string {
  const text = (PROBLEM_TEXT as Record<string, { ja: string; en: string }>)[reason.key]?.[locale];
  if (!text) return reason.key;
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (reason.params && k in reason.params ? String(reason.params[k]) : m));
}
