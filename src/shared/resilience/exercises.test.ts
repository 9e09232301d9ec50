import { describe, expect, it } from 'vitest';
import { EXERCISE_KIND_LABELS, exerciseRequirement, fiscalYearOfDate, fiscalYearRange, formatEraDate, type ExerciseLike } from './exercises.ts';

describe('exercises', () => {
  it('labels the kinds and knows the fiscal year of a date', () => {
    expect(Object.values(EXERCISE_KIND_LABELS).map((l) => l.ja)).toEqual(['机上訓練', '技術訓練', '総合訓練']);
    expect(fiscalYearOfDate('2026-03-31')).toBe(2025);
    expect(fiscalYearOfDate('2026-04-01')).toBe(2026);
    expect(fiscalYearRange(2026)).toEqual({ from: '2026-04-01', to: '2027-03-31' });
    expect(formatEraDate('2025-11-12', 'ja')).toBe('令和7年11月12日');
    expect(formatEraDate('2019-05-01', 'ja')).toBe('令和元年5月1日');
    expect(formatEraDate('2019-04-30', 'ja')).toBe('2019年4月30日');
    expect(formatEraDate('2025-11-12', 'en')).toBe('12 Nov 2025');
  });

  const last: ExerciseLike = { status: 'done', heldOn: '2025-11-12' };

  it('is not met in a new fiscal year until an exercise is done, and names the last one', () => {
    const r = exerciseRequirement([last, { status: 'cancelled', heldOn: '2026-05-01' }], 2026, '2026-04-01');
    expect(r).toMatchObject({ fiscalYear: 2026, done: 0, planned: 0, met: false, lastHeldOn: '2025-11-12', past: false });
    expect(r.sentence.ja).toBe('令和8年度の訓練はまだ実施されていません(前回: 令和7年11月12日)');
    expect(r.sentence.en).toBe('No exercise has been held in FY2026 (Reiwa 8) yet (last one on 12 Nov 2025)');
    // The previous year was met.
    expect(exerciseRequirement([last], 2025, '2026-03-31')).toMatchObject({ met: true, done: 1, lastHeldOn: '2025-11-12' });
  });

  it('counts the boundary days into the right year and mentions planned ones', () => {
    const list: ExerciseLike[] = [
      { status: 'done', heldOn: '2026-03-31' },
      { status: 'planned', heldOn: '2026-04-01' },
      { status: 'planned', heldOn: '2027-03-31' },
      { status: 'planned', heldOn: '2027-04-01' },
    ];
    const r = exerciseRequirement(list, 2026, '2026-04-10');
    expect(r).toMatchObject({ done: 0, planned: 2, met: false, lastHeldOn: '2026-03-31' });
    expect(r.sentence.ja).toBe('令和8年度の訓練はまだ実施されていません(計画中: 2件、前回: 令和8年3月31日)');
    expect(exerciseRequirement(list, 2025, '2026-04-10')).toMatchObject({ done: 1, met: true, past: true });
  });

  it('says when a year ended without an exercise and when there never was one', () => {
    expect(exerciseRequirement([last], 2026, '2027-04-01').sentence.ja).toBe('令和8年度は訓練が実施されませんでした(前回: 令和7年11月12日)');
    expect(exerciseRequirement([], 2026, '2026-06-01').sentence.ja).toBe('令和8年度の訓練はまだ実施されていません(これまでの実施記録はありません)');
    const met = exerciseRequirement([last, { status: 'done', heldOn: '2026-06-03' }, { status: 'done', heldOn: '2026-10-03' }], 2026, '2026-12-01');
    expect(met.sentence.ja).toBe('令和8年度の訓練は実施済みです(2回、直近: 令和8年10月3日)');
  });
});
