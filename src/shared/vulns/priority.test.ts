import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_VULN_POLICY, type PriorityFactors } from './domain.ts';
import { computePriority, dueBasis, dueOn, dueRuleFor, PRIORITY_MAX } from './priority.ts';

const base: PriorityFactors = {
  kev: false,
  ransomware: false,
  internetFacing: false,
  vendorReachable: false,
  criticality: 3,
  holdsPatientData: false,
  epss: null,
  cvss: null,
  confidence: 'exact',
};
const f = (over: Partial<PriorityFactors>): PriorityFactors => ({ ...base, ...over });

const arbFactors: fc.Arbitrary<PriorityFactors> = fc.record({
  kev: fc.boolean(),
  ransomware: fc.boolean(),
  internetFacing: fc.boolean(),
  vendorReachable: fc.boolean(),
  criticality: fc.integer({ min: 1, max: 4 }),
  holdsPatientData: fc.boolean(),
  epss: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
  cvss: fc.option(fc.double({ min: 0, max: 10, noNaN: true }), { nil: null }),
  confidence: fc.constantFrom('exact' as const, 'possible' as const, 'vendor-product' as const),
});

describe('computePriority', () => {
  it('is an integer between 0 and 1000', () => {
    fc.assert(
      fc.property(arbFactors, (x) => {
        const p = computePriority(x);
        return Number.isInteger(p) && p >= 0 && p <= PRIORITY_MAX;
      }),
    );
  });

  it('ranks ransomware-used KEV on an internet-facing care-critical device first', () => {
    const handa = computePriority(f({ kev: true, ransomware: true, internetFacing: true, vendorReachable: true, criticality: 1, holdsPatientData: true, epss: 0.97, cvss: 9.8 }));
    expect(handa).toBeGreaterThanOrEqual(900);
    expect(handa).toBeLessThanOrEqual(1000);
  });

  it('every exact KEV on an exposed device outranks every KEV on an unexposed one, which outranks every non-KEV', () => {
    fc.assert(
      fc.property(arbFactors, arbFactors, (a, b) => {
        const exposedKev = computePriority({ ...a, kev: true, internetFacing: a.internetFacing || !a.vendorReachable, confidence: 'exact' });
        const hiddenKev = computePriority({ ...b, kev: true, internetFacing: false, vendorReachable: false, confidence: 'exact' });
        const notKev = computePriority({ ...b, kev: false, ransomware: false, confidence: 'exact' });
        const possibleExposedKev = computePriority({ ...a, kev: true, internetFacing: true, confidence: 'possible' });
        return exposedKev > hiddenKev && hiddenKev > notKev && possibleExposedKev > notKev;
      }),
    );
  });

  it('puts an internet-facing entry device before a care-critical device reached only by a vendor line', () => {
    const common = { kev: true, ransomware: true, epss: 0.97, cvss: 9.8 };
    const vpn = computePriority(f({ ...common, internetFacing: true, criticality: 3 }));
    const ct = computePriority(f({ ...common, vendorReachable: true, criticality: 1, holdsPatientData: true }));
    expect(vpn).toBeGreaterThan(ct);
  });

  it('is monotone in each risk factor', () => {
    fc.assert(
      fc.property(arbFactors, (x) => {
        const p = computePriority(x);
        return (
          computePriority({ ...x, kev: true }) >= p &&
          computePriority({ ...x, internetFacing: true }) >= p &&
          computePriority({ ...x, holdsPatientData: true }) >= p &&
          computePriority({ ...x, criticality: Math.max(1, x.criticality - 1) }) >= p &&
          computePriority({ ...x, epss: Math.min(1, (x.epss ?? 0) + 0.1) }) >= p &&
          computePriority({ ...x, cvss: Math.min(10, (x.cvss ?? 0) + 1) }) >= p &&
          computePriority({ ...x, confidence: 'exact' }) >= p
        );
      }),
    );
  });

  it('ransomware counts only with KEV; lower confidence discounts', () => {
    expect(computePriority(f({ ransomware: true }))).toBe(computePriority(f({})));
    const exact = computePriority(f({ kev: true, cvss: 9.8 }));
    expect(computePriority(f({ kev: true, cvss: 9.8, confidence: 'possible' }))).toBeLessThan(exact);
    expect(computePriority(f({ kev: true, cvss: 9.8, confidence: 'vendor-product' }))).toBeLessThan(computePriority(f({ kev: true, cvss: 9.8, confidence: 'possible' })));
  });
});

describe('deadlines', () => {
  it('chooses the most urgent rule', () => {
    expect(dueRuleFor(f({ kev: true, internetFacing: true }))).toBe('kev_exposed');
    expect(dueRuleFor(f({ kev: true, vendorReachable: true }))).toBe('kev_exposed');
    expect(dueRuleFor(f({ kev: true, cvss: 9.8 }))).toBe('kev');
    expect(dueRuleFor(f({ cvss: 9.0 }))).toBe('critical');
    expect(dueRuleFor(f({ cvss: 8.9 }))).toBe('high');
    expect(dueRuleFor(f({ cvss: 7.0 }))).toBe('high');
    expect(dueRuleFor(f({ cvss: 4.0 }))).toBe('medium');
    expect(dueRuleFor(f({ cvss: 3.9 }))).toBe('low');
    expect(dueRuleFor(f({ cvss: null }))).toBe('medium');
  });

  it('counts the policy days from the basis date', () => {
    expect(dueOn('2026-04-01', 'kev_exposed', DEFAULT_VULN_POLICY)).toBe('2026-04-08');
    expect(dueOn('2026-04-01', 'kev', DEFAULT_VULN_POLICY)).toBe('2026-04-15');
    expect(dueOn('2026-12-20', 'critical', DEFAULT_VULN_POLICY)).toBe('2027-01-19');
    expect(dueOn('2026-04-01', 'high', { dueDays: { ...DEFAULT_VULN_POLICY.dueDays, high: 10 } })).toBe('2026-04-11');
  });

  it('starts the KEV clock on the listing day when the vulnerability became known-exploited after detection', () => {
    expect(dueBasis('2026-04-01', null)).toBe('2026-04-01');
    expect(dueBasis('2026-04-01', '2021-11-03')).toBe('2026-04-01');
    expect(dueBasis('2026-04-01', '2026-05-10')).toBe('2026-05-10');
  });
});
