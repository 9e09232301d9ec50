import { describe, expect, it } from 'vitest';
import { FrameworkDefinition } from '../../../shared/assessments/framework.ts';
import type { AssessmentItemStateDto, AssessmentSummaryDto } from '../../../shared/contracts/assessments.contract.ts';
import {
  answerForKey,
  changedFields,
  defaultCarrySource,
  groupByFiscalYear,
  isGap,
  matchesFilter,
  moveIndex,
  newestFramework,
  savedUpdatedAt,
  sectionViews,
  visibleItems,
  type TFramework,
} from './assessments.ts';

const framework = FrameworkDefinition.parse({
  id: 'test-sheet',
  version: 'r7',
  title: { ja: 'テスト', en: 'Test' },
  publisher: { ja: '厚生労働省', en: 'MHLW' },
  fiscalYear: 2025,
  sheet: 'hospital',
  answerType: 'yes_no',
  gate: { id: 'gate', number: '0', text: { ja: '導入している', en: 'Runs a system' }, verified: true },
  sections: [
    {
      id: 's1',
      number: '1',
      title: { ja: '体制', en: 'Organisation' },
      items: [
        { id: 'manager', number: '1①', text: { ja: '責任者', en: 'Manager' }, verified: true },
        { id: 'rules', number: '1②', text: { ja: '規程', en: 'Rules' }, verified: false, answerType: 'yes_no_na' },
      ],
    },
    {
      id: 's2',
      number: '2',
      title: { ja: '管理', en: 'Management' },
      items: [{ id: 'ledger', number: '2①', text: { ja: '台帳', en: 'Ledger' }, verified: true, rule: 'ledger.inventory' }],
    },
  ],
});

function state(itemId: string, answer: string | null, extra: Partial<AssessmentItemStateDto> = {}): AssessmentItemStateDto {
  return {
    itemId,
    answer: answer === null ? null : { itemId, answer, checkedOn: '2025-06-01', targetOn: null, responsible: null, comment: null, carriedOver: false, updatedBy: 'x', updatedAt: '2025-06-01T00:00:00.000Z' },
    suggestion: null,
    disagreement: false,
    problems: [],
    evidence: [],
    actions: [],
    ...extra,
  };
}

function summary(id: string, fiscalYear: number | null, patch: Partial<AssessmentSummaryDto> = {}): AssessmentSummaryDto {
  return {
    id,
    facilityId: 'f',
    frameworkId: 'mhlw-hospital',
    frameworkVersion: `r${(fiscalYear ?? 2018) - 2018}`,
    frameworkTitle: { ja: 'チェックリスト', en: 'Checklist' },
    sheet: 'hospital',
    vendor: null,
    fiscalYear,
    title: null,
    status: 'in_progress',
    carriedFromId: null,
    signoff: { manager: null, executive: null },
    lockedAt: null,
    submittedAt: null,
    acceptedAt: null,
    returnReason: null,
    progress: { items: 1, answered: 0, complete: 0, gaps: 0, incomplete: 0, disagreements: 0, gateClosed: false, sections: [] },
    createdAt: `${fiscalYear ?? 2000}-05-01T00:00:00.000Z`,
    updatedAt: `${fiscalYear ?? 2000}-05-01T00:00:00.000Z`,
    ...patch,
  };
}

describe('checklist screen helpers', () => {
  it('shows the gate question as its own first step, then the sections', () => {
    expect(sectionViews(framework).map((s) => [s.id, s.items.map((i) => i.id)])).toEqual([
      ['_gate', ['gate']],
      ['s1', ['manager', 'rules']],
      ['s2', ['ledger']],
    ]);
  });

  it('filters items across sections by chip: unanswered, gaps, disagreements, problems', () => {
    const states = new Map([
      ['gate', state('gate', 'yes')],
      ['manager', state('manager', 'no', { problems: [{ key: 'problem_target_missing' }] })],
      ['rules', state('rules', 'na')],
      ['ledger', state('ledger', 'yes', { disagreement: true })],
    ]);
    expect(visibleItems(framework, states, 's1', '').map((i) => i.id)).toEqual(['manager', 'rules']);
    expect(visibleItems(framework, states, 's1', 'gaps').map((i) => i.id)).toEqual(['manager']);
    expect(visibleItems(framework, states, 's1', 'disagreements').map((i) => i.id)).toEqual(['ledger']);
    expect(visibleItems(framework, states, 's1', 'problems').map((i) => i.id)).toEqual(['manager']);
    expect(visibleItems(framework, new Map(), 's1', 'unanswered').map((i) => i.id)).toEqual(['gate', 'manager', 'rules', 'ledger']);
    expect(matchesFilter(undefined, 'gaps', 'yes_no')).toBe(false);
  });

  it('a gap is "no" (or a level not marked done); no answer and N/A are not gaps', () => {
    expect(isGap('yes_no', 'no')).toBe(true);
    expect(isGap('yes_no_na', 'na')).toBe(false);
    expect(isGap('yes_no', null)).toBe(false);
    const scale = { scale: [{ value: 'planned', label: { ja: '検討中', en: 'Planned' }, done: false }, { value: 'done', label: { ja: '実施', en: 'Done' }, done: true }] };
    expect(isGap(scale, 'planned')).toBe(true);
    expect(isGap(scale, 'done')).toBe(false);
  });

  it('keys answer only with values the item admits', () => {
    expect(answerForKey('y', 'yes_no')).toBe('yes');
    expect(answerForKey('n', 'yes_no')).toBe('no');
    expect(answerForKey('a', 'yes_no')).toBeNull();
    expect(answerForKey('a', 'yes_no_na')).toBe('na');
    expect(answerForKey('x', 'yes_no_na')).toBeNull();
  });

  it('moves focus within the list and stays at its ends', () => {
    expect(moveIndex(-1, 1, 3)).toBe(0);
    expect(moveIndex(-1, -1, 3)).toBe(2);
    expect(moveIndex(0, -1, 3)).toBe(0);
    expect(moveIndex(2, 1, 3)).toBe(2);
    expect(moveIndex(1, 1, 3)).toBe(2);
    expect(moveIndex(0, 1, 0)).toBe(-1);
  });

  it('groups assessments by fiscal year, newest first, hospital sheets before vendor sheets', () => {
    const groups = groupByFiscalYear([
      summary('a', 2024),
      summary('v', 2025, { sheet: 'vendor', vendor: { id: 'x', name: 'Vendor' } }),
      summary('b', 2025),
      summary('c', null, { sheet: 'general' }),
    ]);
    expect(groups.map((g) => [g.fiscalYear, g.items.map((i) => i.id)])).toEqual([
      [2025, ['b', 'v']],
      [2024, ['a']],
      [null, ['c']],
    ]);
  });

  it('carries over from the newest earlier assessment of the same framework by default', () => {
    const existing = [summary('r5', 2023), summary('r6', 2024), summary('r7', 2025), summary('other', 2024, { frameworkId: 'hicp' })];
    expect(defaultCarrySource(existing, 'mhlw-hospital', 2025)?.id).toBe('r6');
    expect(defaultCarrySource(existing, 'mhlw-hospital', 2023)).toBeNull();
    expect(defaultCarrySource(existing, 'hicp', 2025)?.id).toBe('other');
  });

  it('picks the newest framework of a sheet', () => {
    const fw = (id: string, version: string, fiscalYear: number | null, sheet: TFramework['sheet']) => ({ id, version, fiscalYear, sheet }) as TFramework;
    expect(newestFramework([fw('h', 'r6', 2024, 'hospital'), fw('h', 'r7', 2025, 'hospital'), fw('v', 'r7', 2025, 'vendor')], 'hospital')?.version).toBe('r7');
    expect(newestFramework([fw('g', '1', null, 'general')], 'hospital')).toBeNull();
  });

  it('reads the saved updatedAt from either response shape', () => {
    expect(savedUpdatedAt({ itemId: 'x', answer: { updatedAt: '2025-01-01T00:00:00.000Z' } } as never)).toBe('2025-01-01T00:00:00.000Z');
    expect(savedUpdatedAt({ itemId: 'x', answer: 'yes', updatedAt: '2025-01-02T00:00:00.000Z' } as never)).toBe('2025-01-02T00:00:00.000Z');
    expect(savedUpdatedAt(null)).toBeNull();
  });

  it('history lists the fields an event changed', () => {
    expect(changedFields({ answer: null, checkedOn: null }, { answer: 'no', checkedOn: '2025-06-01', targetOn: '2026-01-31' })).toEqual([
      { field: 'answer', from: null, to: 'no' },
      { field: 'checkedOn', from: null, to: '2025-06-01' },
      { field: 'targetOn', from: null, to: '2026-01-31' },
    ]);
    expect(changedFields(null, null)).toEqual([]);
  });
});
