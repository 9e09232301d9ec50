import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jstDateKey } from '../dates.ts';
import {
  CURRENT_LEGAL_CLOCK_RULES,
  LEGAL_CLOCK_RULE_SETS,
  LEGAL_CLOCK_RULES_V1,
  NO_FACTS,
  ZIncidentClockFacts,
  legalClockRuleSet,
  type IncidentClockFacts,
} from './clock-rules.ts';
import { clockStatus, computeClocks, periodEnd, type Clock } from './clocks.ts';

const RULES = LEGAL_CLOCK_RULES_V1;
const facts = (f: Partial<IncidentClockFacts>): IncidentClockFacts => ({ ...NO_FACTS, ...f });
const byId = (clocks: Clock[]) => Object.fromEntries(clocks.map((c) => [c.ruleId, c]));
const ids = (clocks: Clock[]) => clocks.map((c) => c.ruleId);
/** Ransomware on the electronic medical record: patient data may have leaked, care disrupted, a crime. */
const RANSOMWARE = facts({ personalData: true, unauthorizedAccess: true, careDisrupted: true, crimeSuspected: true, affectedCount: 12_000 });
const PATIENT_LEAK = facts({ personalData: true, affectedCount: 3 });

describe('periods of days (民法第140条: the day of discovery is not counted)', () => {
  it('"within 30 days" from 4月1日 10:00 JST ends at the end of 5月1日 JST', () => {
    expect(periodEnd('2026-04-01T01:00:00Z', 30)).toEqual({ dueAt: '2026-05-01T14:59:59.999Z', dueDateJst: '2026-05-01' });
    expect(periodEnd('2026-04-01T10:00:00+09:00', 30)).toEqual({ dueAt: '2026-05-01T14:59:59.999Z', dueDateJst: '2026-05-01' });
  });

  it('counts the first day when discovery is at 00:00 JST exactly, and only then', () => {
    // 4月1日 00:00:00.000 JST: 4月1日 is day 1, so day 30 is 4月30日.
    expect(periodEnd('2026-03-31T15:00:00.000Z', 30)).toEqual({ dueAt: '2026-04-30T14:59:59.999Z', dueDateJst: '2026-04-30' });
    // One millisecond later the first day is no longer whole: day 1 is 4月2日.
    expect(periodEnd('2026-03-31T15:00:00.001Z', 30).dueDateJst).toBe('2026-05-01');
    // One millisecond earlier it is 3月31日 23:59:59.999 JST: day 1 is 4月1日, the same end as midnight.
    expect(periodEnd('2026-03-31T14:59:59.999Z', 30).dueDateJst).toBe('2026-04-30');
  });

  it('a rule may count the day of discovery as day 1 instead', () => {
    expect(periodEnd('2026-04-01T10:00:00+09:00', 30, 'counted').dueDateJst).toBe('2026-04-30');
    expect(periodEnd('2026-04-01T00:00:00+09:00', 30, 'counted').dueDateJst).toBe('2026-04-30');
  });

  it('23:59 JST is still the day of discovery', () => {
    expect(periodEnd('2026-04-01T14:59:00Z', 30).dueDateJst).toBe('2026-05-01');
    expect(periodEnd('2026-04-01T23:59:00+09:00', 1)).toEqual({ dueAt: '2026-04-02T14:59:59.999Z', dueDateJst: '2026-04-02' });
  });

  it('crosses month ends and leap days on the calendar', () => {
    expect(periodEnd('2027-01-31T10:00:00+09:00', 30).dueDateJst).toBe('2027-03-02'); // February 2027 has 28 days
    expect(periodEnd('2028-01-31T10:00:00+09:00', 30).dueDateJst).toBe('2028-03-01'); // February 2028 has 29
    expect(periodEnd('2028-02-29T10:00:00+09:00', 30).dueDateJst).toBe('2028-03-30');
    expect(periodEnd('2028-02-29T10:00:00+09:00', 60).dueDateJst).toBe('2028-04-29');
    expect(periodEnd('2028-02-28T10:00:00+09:00', 1).dueDateJst).toBe('2028-02-29');
    expect(periodEnd('2026-12-31T18:00:00+09:00', 3).dueDateJst).toBe('2027-01-03');
  });

  it('a discovery given in UTC that is already the next day in JST counts from the JST day', () => {
    // 2026-04-30 16:30 UTC is 5月1日 01:30 JST: day 1 is 5月2日, day 30 is 5月31日.
    expect(periodEnd('2026-04-30T16:30:00Z', 30)).toEqual({ dueAt: '2026-05-31T14:59:59.999Z', dueDateJst: '2026-05-31' });
    expect(periodEnd('2026-04-30T16:30:00Z', 30)).toEqual(periodEnd('2026-05-01T01:30:00+09:00', 30));
    expect(periodEnd('2026-04-30T09:30:00-06:00', 30)).toEqual(periodEnd('2026-05-01T00:30:00+09:00', 30));
  });

  it('refuses a local time without an offset (it would depend on the machine) and nonsense', () => {
    expect(() => periodEnd('2026-04-01T10:00:00', 30)).toThrow(RangeError);
    expect(() => periodEnd('2026-04-01', 30)).toThrow(RangeError);
    expect(() => periodEnd('2026-13-01T10:00:00Z', 30)).toThrow(RangeError);
    expect(() => periodEnd(new Date(Number.NaN), 30)).toThrow(RangeError);
    expect(() => periodEnd('2026-04-01T10:00:00Z', 0)).toThrow(RangeError);
  });

  it('property: ends at 23:59:59.999 JST on the day N (or N−1 from midnight) calendar days after the JST discovery date', () => {
    const moment = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true });
    const atMidnight = fc.integer({ min: 10_957, max: 47_481 }).map((day) => new Date(day * 86_400_000 - 9 * 3_600_000));
    fc.assert(
      fc.property(fc.oneof(moment, atMidnight), fc.integer({ min: 1, max: 400 }), (d, days) => {
        const { dueAt, dueDateJst } = periodEnd(d, days);
        const end = new Date(dueAt);
        // The end is the last millisecond of its JST day, and that day is dueDateJst (formatted by Intl, independently).
        expect(jstDateKey(end)).toBe(dueDateJst);
        expect(jstDateKey(new Date(end.getTime() + 1))).not.toBe(dueDateJst);
        // Calendar distance from the JST discovery date, computed with Date.UTC on the Intl-formatted date.
        const [y, m, day] = jstDateKey(d).split('-').map(Number) as [number, number, number];
        const [y2, m2, day2] = dueDateJst.split('-').map(Number) as [number, number, number];
        const distance = (Date.UTC(y2, m2 - 1, day2) - Date.UTC(y, m - 1, day)) / 86_400_000;
        const midnight = (d.getTime() + 9 * 3_600_000) % 86_400_000 === 0;
        expect(distance).toBe(midnight ? days - 1 : days);
      }),
    );
  });
});

describe('computeClocks — which clocks run', () => {
  it('no facts, no clocks', () => {
    expect(computeClocks(NO_FACTS, '2026-04-01T01:00:00Z', RULES)).toEqual([]);
  });

  it('a patient-data leak: PPC 速報 (target day 3, outer bound day 5), 確報 in 30 days, notice to the people, MHLW and prefecture', () => {
    const clocks = computeClocks(PATIENT_LEAK, '2026-04-01T10:00:00+09:00', RULES);
    expect(ids(clocks)).toEqual(['ppc.preliminary', 'ppc.final', 'data_subjects.notice', 'mhlw.report', 'prefecture.report']);
    const c = byId(clocks);
    expect(c['ppc.preliminary']).toMatchObject({
      authority: 'ppc', kind: 'preliminary', soft: true, ruleSetVersion: '2024-04', startsAt: '2026-04-01T01:00:00.000Z',
      dueDateJst: '2026-04-04', dueAt: '2026-04-04T14:59:59.999Z', outerDueDateJst: '2026-04-06', outerDueAt: '2026-04-06T14:59:59.999Z',
      period: { unit: 'days', amount: 3 }, verified: true,
    });
    expect(c['ppc.final']).toMatchObject({ kind: 'final', soft: false, dueDateJst: '2026-05-01', dueAt: '2026-05-01T14:59:59.999Z', outerDueAt: null, period: { unit: 'days', amount: 30 } });
    expect(c['data_subjects.notice']).toMatchObject({ authority: 'data_subjects', kind: 'notice', dueAt: null, dueDateJst: null, soft: true, period: null });
    expect(c['ppc.final']!.labels.ja).toBe('個人情報保護委員会への確報');
    expect(c['ppc.final']!.basis.ja).toContain('第26条');
  });

  it('30 days, or 60 when a wrongful purpose (unauthorised access, insider take-out) may be involved', () => {
    const at = '2026-04-01T10:00:00+09:00';
    expect(byId(computeClocks(PATIENT_LEAK, at, RULES))['ppc.final']!.dueDateJst).toBe('2026-05-01');
    const ransomware = byId(computeClocks(RANSOMWARE, at, RULES));
    expect(ransomware['ppc.final']).toMatchObject({ dueDateJst: '2026-05-31', dueAt: '2026-05-31T14:59:59.999Z', period: { unit: 'days', amount: 60 } });
    expect(byId(computeClocks(facts({ leakSuspected: true, wrongfulPurpose: true }), at, RULES))['ppc.final']!.dueDateJst).toBe('2026-05-31');
    // The 速報 target does not change with the purpose.
    expect(ransomware['ppc.preliminary']!.dueDateJst).toBe('2026-04-04');
  });

  it('PPC does not apply to a leak of 1,000 people or fewer without sensitive data, wrongful purpose or financial harm', () => {
    const at = '2026-04-01T10:00:00+09:00';
    const ppc = (f: Partial<IncidentClockFacts>) => ids(computeClocks(facts(f), at, RULES)).filter((id) => id.startsWith('ppc.') || id.startsWith('data_subjects.'));
    expect(ppc({ leakSuspected: true, affectedCount: 1000 })).toEqual([]);
    expect(ppc({ leakSuspected: true, affectedCount: null })).toEqual([]);
    expect(ppc({ leakSuspected: true, affectedCount: 1001 })).toEqual(['ppc.preliminary', 'ppc.final', 'data_subjects.notice']);
    expect(ppc({ leakSuspected: true, financialHarmPossible: true, affectedCount: 1 })).toHaveLength(3);
    expect(ppc({ leakSuspected: true, unauthorizedAccess: true })).toHaveLength(3);
    // Without a leak (or its possibility) there is nothing to report to the PPC.
    expect(ppc({ unauthorizedAccess: true, affectedCount: 5000, careDisrupted: true })).toEqual([]);
    expect(ppc({ personalData: true, affectedCount: 1 })).toHaveLength(3);
  });

  it('advanced encryption exempts the PPC report and the notice to the people, not MHLW', () => {
    const clocks = computeClocks(facts({ personalData: true, encryptedHighGrade: true }), '2026-04-01T10:00:00+09:00', RULES);
    expect(ids(clocks)).toEqual(['mhlw.report', 'prefecture.report']);
  });

  it('MHLW "at once" and the prefecture "promptly" are soft targets in hours, configurable', () => {
    const at = '2026-04-01T10:00:00+09:00';
    const c = byId(computeClocks(facts({ careDisrupted: true }), at, RULES));
    expect(ids(Object.values(c))).toEqual(['mhlw.report', 'prefecture.report']);
    expect(c['mhlw.report']).toMatchObject({ dueAt: '2026-04-01T04:00:00.000Z', dueDateJst: null, soft: true, period: { unit: 'hours', amount: 3 }, verified: false });
    expect(c['prefecture.report']).toMatchObject({ dueAt: '2026-04-02T01:00:00.000Z', soft: true, period: { unit: 'hours', amount: 24 } });
    const custom = byId(computeClocks(facts({ careDisrupted: true }), at, RULES, { atOnceHours: 1, promptlyHours: 12 }));
    expect(custom['mhlw.report']!.dueAt).toBe('2026-04-01T02:00:00.000Z');
    expect(custom['prefecture.report']!.dueAt).toBe('2026-04-01T13:00:00.000Z');
    expect(() => computeClocks(facts({ careDisrupted: true }), at, RULES, { atOnceHours: 0 })).toThrow(RangeError);
  });

  it('the police when a crime is suspected; the insurer as its policy says (a hard limit)', () => {
    const at = '2026-04-01T10:00:00+09:00';
    const c = byId(computeClocks(facts({ crimeSuspected: true, insured: { reportWithinHours: 48 } }), at, RULES));
    expect(Object.keys(c)).toEqual(['police.report', 'insurer.notice']);
    expect(c['police.report']).toMatchObject({ authority: 'police', soft: true, dueAt: '2026-04-02T01:00:00.000Z' });
    expect(c['insurer.notice']).toMatchObject({ authority: 'insurer', kind: 'notice', soft: false, dueAt: '2026-04-03T01:00:00.000Z', period: { unit: 'hours', amount: 48 } });
  });

  it('a ransomware case runs every public clock', () => {
    expect(ids(computeClocks({ ...RANSOMWARE, insured: { reportWithinHours: 72 } }, '2026-04-01T10:00:00+09:00', RULES))).toEqual([
      'ppc.preliminary', 'ppc.final', 'data_subjects.notice', 'mhlw.report', 'prefecture.report', 'police.report', 'insurer.notice',
    ]);
  });
});

describe('clockStatus — countdown, thresholds, filings', () => {
  const at = '2026-04-01T10:00:00+09:00';
  const final = byId(computeClocks(PATIENT_LEAK, at, RULES))['ppc.final']!;
  const start = Date.parse(final.startsAt);
  const due = Date.parse(final.dueAt!);
  /** The first millisecond at which this share of the time has elapsed. */
  const atShare = (share: number) => new Date(Math.ceil(start + (due - start) * share));

  it('runs, crosses 50 % and 80 %, then is overdue after the last millisecond of the last day', () => {
    expect(clockStatus(final, final.startsAt, null)).toEqual({ state: 'running', fraction: 0, thresholdsCrossed: [], late: false, pastOuterBound: false });
    expect(clockStatus(final, atShare(0.49), null).thresholdsCrossed).toEqual([]);
    expect(clockStatus(final, new Date(atShare(0.5).getTime() - 1), null).thresholdsCrossed).toEqual([]);
    expect(clockStatus(final, atShare(0.5), null)).toMatchObject({ state: 'running', thresholdsCrossed: [50] });
    expect(clockStatus(final, atShare(0.8), null)).toMatchObject({ state: 'running', thresholdsCrossed: [50, 80] });
    expect(clockStatus(final, final.dueAt!, null)).toMatchObject({ state: 'running', fraction: 1, thresholdsCrossed: [50, 80] });
    expect(clockStatus(final, '2026-05-01T15:00:00.000Z', null)).toMatchObject({ state: 'overdue', fraction: 1, thresholdsCrossed: [50, 80, 100] });
    // Before the discovery (a clock shown for a back-dated or future time) nothing has elapsed.
    expect(clockStatus(final, '2026-03-01T00:00:00Z', null).fraction).toBe(0);
  });

  it('stops when the filing is recorded; a filing after the due time is filed but late', () => {
    const filedOnTime = clockStatus(final, '2026-06-30T00:00:00Z', atShare(0.6));
    expect(filedOnTime).toMatchObject({ state: 'filed', late: false, thresholdsCrossed: [50] });
    expect(filedOnTime.fraction).toBeCloseTo(0.6, 9);
    // Later moments change nothing once filed.
    expect(clockStatus(final, '2027-01-01T00:00:00Z', atShare(0.6))).toEqual(filedOnTime);
    expect(clockStatus(final, '2026-06-30T00:00:00Z', '2026-05-02T09:00:00+09:00')).toEqual({
      state: 'filed', fraction: 1, thresholdsCrossed: [50, 80, 100], late: true, pastOuterBound: false,
    });
  });

  it('the PPC 速報 shows when its outer bound (day 5) has passed too', () => {
    const prelim = byId(computeClocks(PATIENT_LEAK, at, RULES))['ppc.preliminary']!;
    expect(clockStatus(prelim, '2026-04-05T12:00:00+09:00', null)).toMatchObject({ state: 'overdue', pastOuterBound: false });
    expect(clockStatus(prelim, '2026-04-07T00:00:00+09:00', null)).toMatchObject({ state: 'overdue', pastOuterBound: true });
    expect(clockStatus(prelim, '2026-04-08T00:00:00+09:00', '2026-04-05T12:00:00+09:00')).toMatchObject({ state: 'filed', late: true, pastOuterBound: false });
  });

  it('a clock without a due time (notice to the people) runs until filed and never crosses a threshold', () => {
    const notice = byId(computeClocks(PATIENT_LEAK, at, RULES))['data_subjects.notice']!;
    expect(clockStatus(notice, '2030-01-01T00:00:00Z', null)).toEqual({ state: 'running', fraction: 0, thresholdsCrossed: [], late: false, pastOuterBound: false });
    expect(clockStatus(notice, '2030-01-01T00:00:00Z', '2026-04-10T00:00:00Z')).toMatchObject({ state: 'filed', late: false });
  });

  it('property: the fraction and the thresholds only grow with `now`; overdue exactly when 100 is crossed', () => {
    const allFacts = fc.record({
      personalData: fc.boolean(), affectedCount: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }),
      unauthorizedAccess: fc.boolean(), wrongfulPurpose: fc.boolean(), financialHarmPossible: fc.boolean(), careDisrupted: fc.boolean(),
      leakSuspected: fc.boolean(), crimeSuspected: fc.boolean(),
      insured: fc.option(fc.record({ reportWithinHours: fc.integer({ min: 1, max: 720 }) }), { nil: null }), encryptedHighGrade: fc.boolean(),
    });
    const discovery = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true });
    const offset = fc.integer({ min: -2 * 86_400_000, max: 90 * 86_400_000 });
    fc.assert(
      fc.property(allFacts, discovery, offset, offset, (f, d, a, b) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        for (const clock of computeClocks(f, d, RULES)) {
          const s1 = clockStatus(clock, new Date(d.getTime() + early), null);
          const s2 = clockStatus(clock, new Date(d.getTime() + late), null);
          expect(s1.fraction).toBeGreaterThanOrEqual(0);
          expect(s2.fraction).toBeLessThanOrEqual(1);
          expect(s1.fraction).toBeLessThanOrEqual(s2.fraction);
          for (const t of s1.thresholdsCrossed) expect(s2.thresholdsCrossed).toContain(t);
          expect(s2.state === 'overdue').toBe(s2.thresholdsCrossed.includes(100));
          if (clock.dueAt !== null) expect(Date.parse(clock.dueAt)).toBeGreaterThan(d.getTime());
        }
      }),
    );
  });
});

describe('independent of the machine time zone', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  it('gives the same clocks in Los Angeles, Kiritimati and UTC', () => {
    const run = () => ({
      clocks: computeClocks({ ...RANSOMWARE, insured: { reportWithinHours: 24 } }, '2026-03-31T15:00:00Z', RULES),
      edge: periodEnd('2028-02-28T15:00:00Z', 1),
    });
    process.env.TZ = 'America/Los_Angeles';
    const la = run();
    // The runtime honours the change (otherwise this test would prove nothing).
    expect(new Date('2026-04-01T00:00:00Z').getHours()).toBe(17);
    process.env.TZ = 'Pacific/Kiritimati';
    const kiritimati = run();
    process.env.TZ = 'UTC';
    const utc = run();
    expect(la).toEqual(utc);
    expect(kiritimati).toEqual(utc);
    expect(byId(utc.clocks)['ppc.final']!.dueDateJst).toBe('2026-05-30'); // from 4月1日 00:00 JST, 60 days, first day counted
    expect(utc.edge.dueDateJst).toBe('2028-02-29');
  });
});

describe('rule sets', () => {
  it('are versioned, with unique ids, sources or an unverified flag, and the current one is the newest', () => {
    expect(new Set(LEGAL_CLOCK_RULE_SETS.map((s) => s.version)).size).toBe(LEGAL_CLOCK_RULE_SETS.length);
    expect(CURRENT_LEGAL_CLOCK_RULES).toBe(LEGAL_CLOCK_RULE_SETS.at(-1));
    expect(legalClockRuleSet('2024-04')).toBe(LEGAL_CLOCK_RULES_V1);
    expect(legalClockRuleSet('1999-01')).toBeUndefined();
    for (const set of LEGAL_CLOCK_RULE_SETS) {
      expect(set.effectiveFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(new Set(set.rules.map((r) => r.id)).size).toBe(set.rules.length);
      for (const r of set.rules) {
        expect(r.labels.ja && r.labels.en && r.basis.ja && r.basis.en).toBeTruthy();
        if (r.verified) expect(r.sources.length).toBeGreaterThan(0);
      }
    }
  });

  it('are plain data (they survive a JSON round trip, so a case can store the set it was opened with)', () => {
    const copy = JSON.parse(JSON.stringify(RULES));
    expect(computeClocks(RANSOMWARE, '2026-04-01T01:00:00Z', copy)).toEqual(computeClocks(RANSOMWARE, '2026-04-01T01:00:00Z', RULES));
  });

  it('facts validate with the shared schema', () => {
    expect(ZIncidentClockFacts.parse(NO_FACTS)).toEqual(NO_FACTS);
    expect(ZIncidentClockFacts.safeParse({ ...NO_FACTS, affectedCount: -1 }).success).toBe(false);
    expect(ZIncidentClockFacts.safeParse({ ...NO_FACTS, insured: { reportWithinHours: 0 } }).success).toBe(false);
    expect(ZIncidentClockFacts.safeParse({ ...NO_FACTS, extra: true }).success).toBe(false);
  });
});
