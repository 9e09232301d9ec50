import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareAssessments,
  deadlineWindow,
  disagreement,
  fiscalYearOfDate,
  fiscalYearRange,
  itemProblems,
  PROBLEM_TEXT,
  progress,
  renderProblem,
  validateAnswer,
  type AnswerState,
} from './domain.ts';
import { FrameworkDefinition, frameworkItems, type AnswerType } from './framework.ts';

const t = (ja: string) => ({ ja, en: ja });
const def = FrameworkDefinition.parse({
  id: 'demo',
  version: 'r7',
  title: t('チェックリスト'),
  publisher: t('厚生労働省'),
  fiscalYear: 2025,
  sheet: 'hospital',
  gate: { id: 'gate', number: '0', text: t('医療情報システムを導入、運用している'), verified: true },
  sections: [
    {
      id: 's1',
      title: t('体制構築'),
      items: [
        { id: 'manager', number: '1①', text: t('責任者を設置している'), verified: true },
        { id: 'backup', number: '1②', text: t('バックアップ'), answerType: 'yes_no_na', requiredBy: 2026, verified: true },
      ],
    },
    {
      id: 's2',
      title: t('運用'),
      items: [
        {
          id: 'level',
          number: '2①',
          text: t('訓練'),
          answerType: { scale: [{ value: 'none', label: t('実施前') }, { value: 'running', label: t('実施中'), done: true }] },
          verified: false,
        },
      ],
    },
  ],
});
const item = (id: string) => frameworkItems(def).find((i) => i.id === id)!;
const ctx = { fiscalYear: 2025, today: '2025-10-01' };
const a = (answer: string | null, checkedOn: string | null = '2025-09-01', targetOn: string | null = null, carriedOver = false): AnswerState => ({ answer, checkedOn, targetOn, carriedOver });
const keys = (issues: { path: string; message: string }[]) => issues.map((i) => `${i.path}:${i.message}`);

describe('fiscal years and the 目標日 window', () => {
  it('runs from April to March', () => {
    expect(fiscalYearRange(2025)).toEqual({ start: '2025-04-01', end: '2026-03-31' });
    expect(fiscalYearOfDate('2026-03-31')).toBe(2025);
    expect(fiscalYearOfDate('2026-04-01')).toBe(2026);
  });

  it('extends to the end of the fiscal year an item is required by', () => {
    expect(deadlineWindow(2025, {})).toEqual({ start: '2025-04-01', end: '2026-03-31' });
    expect(deadlineWindow(2025, { requiredBy: 2026 })).toEqual({ start: '2025-04-01', end: '2027-03-31' });
    expect(deadlineWindow(2025, { requiredBy: 2024 })).toEqual({ start: '2025-04-01', end: '2026-03-31' });
    expect(deadlineWindow(null, { requiredBy: 2026 })).toBeNull();
  });

  it('every date falls in the fiscal year it is computed for (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2001-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const key = d.toISOString().slice(0, 10);
        const r = fiscalYearRange(fiscalYearOfDate(key));
        return r.start <= key && key <= r.end;
      }),
    );
  });
});

describe('validateAnswer', () => {
  it('accepts valid answers and names each problem with a stable key', () => {
    expect(validateAnswer(def, item('manager'), a('yes'), ctx)).toEqual([]);
    expect(validateAnswer(def, item('manager'), a('no', '2025-09-01', '2026-03-31'), ctx)).toEqual([]);
    expect(keys(validateAnswer(def, item('manager'), a('na'), ctx))).toEqual(['answer:answer_not_allowed']);
    expect(validateAnswer(def, item('backup'), a('na'), ctx)).toEqual([]);
    expect(keys(validateAnswer(def, item('manager'), a('yes', '2025-10-02'), ctx))).toEqual(['checkedOn:checked_in_future']);
    expect(keys(validateAnswer(def, item('manager'), a('yes', '2025-09-01', '2025-12-01'), ctx))).toEqual(['targetOn:target_not_allowed']);
    expect(keys(validateAnswer(def, item('manager'), a('no', '2025-09-01', '2026-04-01'), ctx))).toEqual(['targetOn:target_outside_fiscal_year']);
    expect(keys(validateAnswer(def, item('manager'), a('no', '2025-09-01', '2025-03-31'), ctx))).toEqual(['targetOn:target_outside_fiscal_year']);
    expect(keys(validateAnswer(def, item('manager'), a('no', '2025-09-01', '2025-08-01'), ctx))).toEqual(['targetOn:target_before_checked']);
    expect(validateAnswer(def, item('backup'), a('no', '2025-09-01', '2027-03-31'), ctx)).toEqual([]);
    expect(keys(validateAnswer(def, item('level'), a('none', '2025-09-01', '2027-01-01'), ctx))).toEqual(['targetOn:target_outside_fiscal_year']);
  });

  it('lets a gap be saved without 目標日, but not signed', () => {
    expect(validateAnswer(def, item('manager'), a('no'), ctx)).toEqual([]);
    expect(keys(validateAnswer(def, item('manager'), a('no'), ctx, 'complete'))).toEqual(['targetOn:target_required']);
    expect(keys(validateAnswer(def, item('manager'), a(null, null), ctx, 'complete'))).toEqual(['answer:answer_required']);
    expect(keys(validateAnswer(def, item('manager'), a('yes', null), ctx, 'complete'))).toEqual(['checkedOn:checked_required']);
  });

  it('a gap with a target inside its window and not before 確認日 is always valid (property)', () => {
    const day = fc.integer({ min: 0, max: 364 }).map((n) => new Date(Date.UTC(2025, 3, 1 + n)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, (x, y) => {
        const [checked, target] = x <= y ? [x, y] : [y, x];
        const issues = validateAnswer(def, item('manager'), a('no', checked, target), { fiscalYear: 2025, today: '2026-03-31' }, 'complete');
        return issues.length === 0;
      }),
    );
  });
});

describe('itemProblems', () => {
  const problems = (answer: AnswerState | null, extra: object = {}) => itemProblems(def, item('manager'), answer, { ...ctx, ...extra }).map((r) => r.key);

  it('lists what the inspector would see', () => {
    expect(problems(null)).toEqual(['problem_no_answer']);
    expect(problems(a('yes'))).toEqual([]);
    expect(problems(a('yes', null))).toEqual(['problem_no_checked_on']);
    expect(problems(a('no'))).toEqual(['problem_target_missing']);
    expect(problems(a('no', '2025-09-01', '2026-05-01'))).toEqual(['problem_target_outside']);
    expect(problems(a('yes', null, null, true))).toEqual(['problem_no_checked_on', 'problem_carried_over']);
    expect(problems(a('yes'), { evidence: [{ expired: true }, { expired: true }] })).toEqual(['problem_evidence_expired']);
    expect(problems(a('yes'), { evidence: [{ expired: true }, { expired: false }] })).toEqual([]);
    expect(problems(null, { notRequired: true })).toEqual([]);
  });

  it('has a Japanese and an English sentence for every key, with the parameters filled in', () => {
    const reasons = itemProblems(def, item('manager'), a('no', '2025-09-01', '2026-05-01'), ctx);
    expect(renderProblem(reasons[0]!, 'ja')).toBe('目標日（2026-05-01）が年度内（2025-04-01〜2026-03-31）ではありません');
    expect(renderProblem(reasons[0]!, 'en')).toContain('2026-05-01');
    for (const [key, text] of Object.entries(PROBLEM_TEXT)) {
      expect(key.startsWith('problem_')).toBe(true);
      expect(text.ja.length).toBeGreaterThan(0);
      expect(text.en.length).toBeGreaterThan(0);
      expect(text.ja.match(/\{\w+\}/g)?.sort()).toEqual(text.en.match(/\{\w+\}/g)?.sort());
    }
  });
});

describe('disagreement', () => {
  it('flags done answers the data contradict and gaps the data say are done; unknown never disagrees', () => {
    expect(disagreement('yes_no', 'yes', 'no')).toBe(true);
    expect(disagreement('yes_no', 'no', 'yes')).toBe(true);
    expect(disagreement('yes_no', 'yes', 'yes')).toBe(false);
    expect(disagreement('yes_no_na', 'na', 'no')).toBe(true);
    expect(disagreement('yes_no', null, 'no')).toBe(false);
    expect(disagreement('yes_no', 'yes', null)).toBe(false);
  });

  it('unknown or no suggestion never disagrees (property)', () => {
    const types: AnswerType[] = ['yes_no', 'yes_no_na', { scale: [{ value: 'a', label: t('a'), done: false }, { value: 'b', label: t('b'), done: true }] }];
    fc.assert(
      fc.property(fc.constantFrom(...types), fc.constantFrom('yes', 'no', 'na', 'a', 'b', null), fc.constantFrom('unknown' as const, null, undefined), (type, answer, s) => !disagreement(type, answer, s)),
    );
  });
});

describe('progress', () => {
  it('counts answered, complete, gaps and disagreements per section', () => {
    const answers = new Map<string, AnswerState>([
      ['gate', a('yes')],
      ['manager', a('yes')],
      ['backup', a('no')],
      ['level', a('running', null)],
    ]);
    const p = progress(def, answers, new Map([['manager', { value: 'no' as const }]]), ctx);
    expect(p).toMatchObject({ items: 4, answered: 4, complete: 2, gaps: 1, incomplete: 2, disagreements: 1, gateClosed: false });
    expect(p.sections).toEqual([
      { sectionId: 's1', items: 2, answered: 2, complete: 1, gaps: 1 },
      { sectionId: 's2', items: 1, answered: 1, complete: 0, gaps: 0 },
    ]);
  });

  it('treats every other item as done when the gate is answered いいえ', () => {
    const p = progress(def, new Map([['gate', a('no')]]), new Map(), ctx);
    expect(p).toMatchObject({ gateClosed: true, items: 4, answered: 4, complete: 4, incomplete: 0, gaps: 0 });
    // The gate's いいえ is not a gap: it takes no 目標日.
    expect(validateAnswer(def, item('gate'), a('no'), ctx, 'complete')).toEqual([]);
    expect(keys(validateAnswer(def, item('gate'), a('no', '2025-09-01', '2026-03-31'), ctx))).toEqual(['targetOn:target_not_allowed']);
    expect(itemProblems(def, item('gate'), a('no'), ctx)).toEqual([]);
  });

  it('never counts more complete than answered, nor answered than items (property)', () => {
    const ids = frameworkItems(def).map((i) => i.id);
    const state = fc.record({
      answer: fc.constantFrom('yes', 'no', 'na', 'none', 'running', 'bogus', null),
      checkedOn: fc.constantFrom('2025-05-01', '2026-01-01', null),
      targetOn: fc.constantFrom('2025-12-31', '2027-03-31', null),
    });
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...ids), state), (dict) => {
        const p = progress(def, new Map(Object.entries(dict)), new Map(), ctx);
        return p.complete <= p.answered && p.answered <= p.items && p.incomplete === p.answered - p.complete && p.sections.every((s) => s.complete <= s.answered && s.answered <= s.items);
      }),
    );
  });
});

describe('compareAssessments', () => {
  it('matches items by id across versions', () => {
    const older = FrameworkDefinition.parse({ ...def, version: 'r6', fiscalYear: 2024, sections: [{ ...def.sections[0]!, items: [...def.sections[0]!.items, { id: 'gone', number: '9', text: t('旧'), verified: true }] }] });
    const rows = compareAssessments(
      older,
      new Map([
        ['manager', a('no')],
        ['backup', a('yes')],
        ['gate', a('yes')],
      ]),
      def,
      new Map([
        ['manager', a('yes')],
        ['backup', a('no')],
        ['gate', a('yes')],
        ['level', a('running')],
      ]),
    );
    expect(rows.map((r) => [r.itemId, r.change])).toEqual([
      ['gate', 'same'],
      ['manager', 'improved'],
      ['backup', 'worsened'],
      ['level', 'added'],
      ['gone', 'removed'],
    ]);
    expect(rows.find((r) => r.itemId === 'level')!.a).toBeNull();
    expect(rows.find((r) => r.itemId === 'gone')!.b).toBeNull();
  });

  it('comparing an assessment with itself changes nothing (property)', () => {
    const ids = frameworkItems(def).map((i) => i.id);
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...ids), fc.constantFrom('yes', 'no', 'na', null)), (dict) => {
        const m = new Map(Object.entries(dict).map(([k, v]) => [k, a(v)]));
        return compareAssessments(def, m, def, m).every((r) => r.change === 'same');
      }),
    );
  });
});
