import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client.ts';
import { answerBody, draftFrom, draftState, linkProblem, needsTarget, savedAnswer, sheetReadOnly, targetWindow } from './vendorSheet.ts';

const scale = { scale: [{ value: 'none', label: { ja: '未実施', en: 'Not yet' }, done: false }, { value: 'done', label: { ja: '実施済み', en: 'Done' }, done: true }] };

describe('the public vendor sheet', () => {
  it('tells an expired or revoked link (410) from an unknown one (404)', () => {
    expect(linkProblem(new ApiError(410, 'LINK_EXPIRED', ''))).toBe('expired');
    expect(linkProblem(new ApiError(404, 'NOT_FOUND', ''))).toBe('unknown');
    expect(linkProblem(new ApiError(500, 'INTERNAL', ''))).toBe('other');
    expect(linkProblem(new Error('x'))).toBe('other');
  });

  it('is read-only once submitted or accepted', () => {
    expect(sheetReadOnly('in_progress')).toBe(false);
    expect(sheetReadOnly('submitted')).toBe(true);
    expect(sheetReadOnly('accepted')).toBe(true);
  });

  it('asks for a target date before saving いいえ, and never sends one for a done answer', () => {
    const d = { ...draftFrom(null), answer: 'no', checkedOn: '2025-10-01' };
    expect(needsTarget('yes_no_na', 'no')).toBe(true);
    expect(needsTarget('yes_no_na', 'na')).toBe(false);
    expect(needsTarget(scale, 'none')).toBe(true);
    expect(needsTarget(scale, 'done')).toBe(false);
    expect(draftState('yes_no_na', d)).toBe('needsTarget');
    expect(draftState('yes_no_na', { ...d, targetOn: '2026-03-31' })).toBe('ready');
    expect(answerBody('yes_no_na', { ...d, targetOn: '2026-03-31', comment: ' ' }, null)).toEqual({ answer: 'no', checkedOn: '2025-10-01', targetOn: '2026-03-31', comment: null, expectedUpdatedAt: null });
    expect(answerBody('yes_no_na', { ...d, answer: 'yes', targetOn: '2026-03-31', comment: '保守契約で対応' }, '2025-10-01T00:00:00.000Z')).toEqual({
      answer: 'yes',
      checkedOn: '2025-10-01',
      targetOn: null,
      comment: '保守契約で対応',
      expectedUpdatedAt: '2025-10-01T00:00:00.000Z',
    });
  });

  it('limits the target date to the fiscal year, or the later required-by year', () => {
    expect(targetWindow({ fiscalYear: 2025 }, {})).toEqual({ min: '2025-04-01', max: '2026-03-31' });
    expect(targetWindow({ fiscalYear: 2025 }, { requiredBy: 2027 })).toEqual({ min: '2025-04-01', max: '2028-03-31' });
    expect(targetWindow({ fiscalYear: undefined }, {})).toEqual({});
  });

  it('reads the saved answer from the answer or the whole sheet', () => {
    const a = { itemId: 'x', answer: 'yes', checkedOn: '2025-10-01', targetOn: null, responsible: null, comment: null, carriedOver: false, updatedBy: null, updatedAt: '2025-10-01T01:00:00.000Z' };
    expect(savedAnswer(a, 'x')).toEqual(a);
    expect(savedAnswer({ answers: [a] }, 'x')).toEqual(a);
    expect(savedAnswer({ answers: [a] }, 'y')).toBeNull();
    expect(savedAnswer(undefined, 'x')).toBeNull();
  });
});
