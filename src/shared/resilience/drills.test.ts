import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../ledger.ts';
import {
  DEFAULT_DRILL_INTERVAL_MONTHS,
  drillDue,
  drillDueRank,
  drillIntervalFor,
  drillMetrics,
  drillResult,
  drillTimeIssues,
  renderDrillDue,
  renderDrillReason,
} from './drills.ts';

describe('drillMetrics', () => {
  it('measures RTO from start to finish and RPO from the data to the start, in hours', () => {
    expect(drillMetrics({ startedAt: '2026-05-10T00:00:00Z', finishedAt: '2026-05-10T06:30:00Z', dataAsOf: '2026-05-09T15:00:00Z' })).toEqual({
      rtoAchievedHours: 6.5,
      rpoAchievedHours: 9,
    });
  });
  it('accepts offsets and rounds to 0.01 h', () => {
    expect(drillMetrics({ startedAt: '2026-05-10T09:00:00+09:00', finishedAt: '2026-05-10T01:20:00Z', dataAsOf: '2026-05-10T00:00:00Z' })).toEqual({
      rtoAchievedHours: 1.33,
      rpoAchievedHours: 0,
    });
  });
  it('is additive: RTO + RPO = finish − data (within rounding)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 }), (rpoS, rtoS) => {
        const start = Date.UTC(2026, 0, 1);
        const m = drillMetrics({
          startedAt: new Date(start).toISOString(),
          finishedAt: new Date(start + rtoS * 1000).toISOString(),
          dataAsOf: new Date(start - rpoS * 1000).toISOString(),
        });
        expect(m.rtoAchievedHours).toBeGreaterThanOrEqual(0);
        expect(m.rpoAchievedHours).toBeGreaterThanOrEqual(0);
        expect(Math.abs(m.rtoAchievedHours + m.rpoAchievedHours - (rtoS + rpoS) / 3600)).toBeLessThanOrEqual(0.011);
      }),
    );
  });
});

describe('drillTimeIssues', () => {
  const now = new Date('2026-05-10T12:00:00Z');
  it('accepts consistent times', () => {
    expect(drillTimeIssues({ startedAt: '2026-05-10T00:00:00Z', finishedAt: '2026-05-10T06:00:00Z', dataAsOf: '2026-05-09T00:00:00Z' }, now)).toEqual([]);
  });
  it('flags finish before start, data after start and times in the future', () => {
    expect(drillTimeIssues({ startedAt: '2026-05-10T06:00:00Z', finishedAt: '2026-05-11T00:00:00Z', dataAsOf: '2026-05-10T07:00:00Z' }, now)).toEqual([
      { path: 'dataAsOf', message: 'data_after_start' },
      { path: 'finishedAt', message: 'in_the_future' },
    ]);
    expect(drillTimeIssues({ startedAt: '2026-05-10T06:00:00Z', finishedAt: '2026-05-10T05:00:00Z', dataAsOf: '2026-05-10T00:00:00Z' }, now)).toEqual([
      { path: 'finishedAt', message: 'finished_before_started' },
    ]);
  });
});

describe('drillResult', () => {
  const m = { rtoAchievedHours: 6.5, rpoAchievedHours: 20 };
  it('passes when fully restored within both targets (equal counts as met)', () => {
    expect(drillResult({ rtoAchievedHours: 4, rpoAchievedHours: 24 }, { rtoHours: 4, rpoHours: 24 }, 'full')).toEqual({ result: 'passed', reasons: [] });
  });
  it('does not compare a target that is not set', () => {
    expect(drillResult(m, { rtoHours: null, rpoHours: null }, 'full').result).toBe('passed');
  });
  it('fails with every reason, in a fixed order', () => {
    const out = drillResult(m, { rtoHours: 4, rpoHours: 12 }, 'partial');
    expect(out.result).toBe('failed');
    expect(out.reasons.map((r) => r.code)).toEqual(['partly_restored', 'rto_missed', 'rpo_missed']);
    expect(drillResult(m, { rtoHours: 8, rpoHours: 24 }, 'failed').reasons).toEqual([{ code: 'not_restored', params: {} }]);
  });
  it('says why in Japanese and English', () => {
    const [rto, rpo] = drillResult(m, { rtoHours: 4, rpoHours: 12 }, 'full').reasons;
    expect(renderDrillReason(rto!, 'ja')).toBe('目標復旧時間(RTO)4時間に対し、復旧に6.5時間かかりました');
    expect(renderDrillReason(rto!, 'en')).toBe('Recovery took 6.5 hours against a recovery time objective (RTO) of 4 hours');
    expect(renderDrillReason(rpo!, 'ja')).toBe('目標復旧時点(RPO)12時間に対し、復旧したデータは20時間前のものでした');
    expect(renderDrillReason({ code: 'rto_missed', params: { targetHours: 0.5, achievedHours: 1 } }, 'en')).toBe(
      'Recovery took 1 hour against a recovery time objective (RTO) of 0.5 hours',
    );
  });
  it('passes exactly when fully restored and no target is exceeded (property)', () => {
    const hours = fc.double({ min: 0, max: 1000, noNaN: true });
    const target = fc.option(fc.double({ min: 0.01, max: 1000, noNaN: true }), { nil: null });
    fc.assert(
      fc.property(hours, hours, target, target, fc.constantFrom('full' as const, 'partial' as const, 'failed' as const), (rto, rpo, rtoT, rpoT, restored) => {
        const out = drillResult({ rtoAchievedHours: rto, rpoAchievedHours: rpo }, { rtoHours: rtoT, rpoHours: rpoT }, restored);
        const expected = restored === 'full' && (rtoT === null || rto <= rtoT) && (rpoT === null || rpo <= rpoT);
        expect(out.result === 'passed').toBe(expected);
        expect(out.reasons.length === 0).toBe(expected);
      }),
    );
  });
});

describe('drillIntervalFor', () => {
  it('defaults to 12 months for criticality 1–2 and to none for 3–4', () => {
    expect(drillIntervalFor(1, null)).toBe(DEFAULT_DRILL_INTERVAL_MONTHS);
    expect(drillIntervalFor(2, null)).toBe(12);
    expect(drillIntervalFor(3, null)).toBeNull();
    expect(drillIntervalFor(4, 6)).toBe(6);
    expect(drillIntervalFor(1, 3)).toBe(3);
  });
});

describe('drillDue', () => {
  it('is due the interval after the last drill, end-of-month clamped', () => {
    expect(drillDue('2025-03-31', null, 12, '2025-06-01')).toEqual({ dueOn: '2026-03-31', status: 'ok' });
    expect(drillDue('2025-08-31', null, 6, '2025-09-01')).toEqual({ dueOn: '2026-02-28', status: 'ok' });
  });
  it('is due soon within 30 days (inclusive), overdue the day after', () => {
    expect(drillDue('2025-03-31', null, 12, '2026-03-01')).toEqual({ dueOn: '2026-03-31', status: 'due_soon' });
    expect(drillDue('2025-03-31', null, 12, '2026-02-28')).toEqual({ dueOn: '2026-03-31', status: 'ok' });
    expect(drillDue('2025-03-31', null, 12, '2026-03-31')).toEqual({ dueOn: '2026-03-31', status: 'due_soon' });
    expect(drillDue('2025-03-31', null, 12, '2026-04-01')).toEqual({ dueOn: '2026-03-31', status: 'overdue' });
  });
  it('a planned drill does not move the due day', () => {
    expect(drillDue('2025-03-31', '2026-06-01', 12, '2026-04-01').status).toBe('overdue');
  });
  it('never drilled: never, or overdue once the planned day has passed', () => {
    expect(drillDue(null, null, 12, '2026-04-01')).toEqual({ dueOn: null, status: 'never' });
    expect(drillDue(null, '2026-05-01', 12, '2026-04-01')).toEqual({ dueOn: '2026-05-01', status: 'never' });
    expect(drillDue(null, '2026-03-01', 12, '2026-04-01')).toEqual({ dueOn: '2026-03-01', status: 'overdue' });
  });
  it('status moves only forward as days pass (property)', () => {
    const day = fc.integer({ min: 0, max: 3650 }).map((n) => addDays('2020-01-01', n));
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 1, max: 400 }), (last, interval, offset, step) => {
        const t1 = addDays(last, offset);
        const t2 = addDays(t1, step);
        const a = drillDue(last, null, interval, t1);
        const b = drillDue(last, null, interval, t2);
        expect(a.dueOn).toBe(addMonths(last, interval));
        expect(a.dueOn! > last).toBe(true);
        const order = ['ok', 'due_soon', 'overdue'];
        expect(order.indexOf(b.status)).toBeGreaterThanOrEqual(order.indexOf(a.status));
      }),
    );
  });
  it('ranks overdue first, then never, due soon, ok', () => {
    expect((['ok', 'due_soon', 'never', 'overdue'] as const).slice().sort((a, b) => drillDueRank(a) - drillDueRank(b))).toEqual(['overdue', 'never', 'due_soon', 'ok']);
  });
  it('says it in Japanese and English', () => {
    expect(renderDrillDue('電子カルテ', { dueOn: '2026-03-31', status: 'overdue' }, 'ja')).toBe('電子カルテの復旧訓練が期限(2026年3月31日)を過ぎています');
    expect(renderDrillDue('EMR', { dueOn: '2026-03-31', status: 'overdue' }, 'en')).toBe('The restore drill of EMR is overdue (due 31 Mar 2026)');
    expect(renderDrillDue('電子カルテ', { dueOn: null, status: 'never' }, 'ja')).toBe('電子カルテの復旧訓練はまだ一度も行われていません');
    expect(renderDrillDue('PACS', { dueOn: '2026-04-20', status: 'due_soon' }, 'ja')).toBe('PACSの復旧訓練の期限(2026年4月20日)が近づいています');
  });
});
