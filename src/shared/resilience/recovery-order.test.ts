import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Criticality } from '../ledger.ts';
import { RECOVERY_ORDER_TEXT, recoveryOrder, renderRecoveryFinding, rtoConflicts, type RecoveryOrder, type RecoverySystem } from './recovery-order.ts';

const sys = (id: string, name: string, criticality: Criticality, rtoHours: number | null, dependsOn: string[] = []): RecoverySystem => ({
  id,
  name,
  criticality,
  rtoHours,
  dependsOn,
});
const order = (o: RecoveryOrder) => o.steps.map((s) => s.systemId);
const step = (o: RecoveryOrder, id: string) => o.steps.find((s) => s.systemId === id)!;

/** A small hospital: the EMR chain on the core switch, PACS on the switch too, the kitchen system on its own. */
const HOSPITAL: RecoverySystem[] = [
  sys('emr-app', '電子カルテ', 1, 4, ['emr-db', 'ad']),
  sys('emr-db', '電子カルテDB', 1, 4, ['ad', 'core-sw']),
  sys('ad', 'Active Directory', 2, 6, ['core-sw']),
  sys('core-sw', 'コアスイッチ', 3, 8),
  sys('pacs', 'PACS', 1, 8, ['core-sw']),
  sys('kyushoku', '給食システム', 3, 48),
  sys('printer', '事務プリンタ', 4, null),
];

describe('recoveryOrder: a hospital', () => {
  const o = recoveryOrder(HOSPITAL);

  it('restores the core switch, AD, the EMR database and the EMR application before PACS, then the kitchen and the printer', () => {
    expect(order(o)).toEqual(['core-sw', 'ad', 'emr-db', 'emr-app', 'pacs', 'kyushoku', 'printer']);
    expect(o.steps.map((s) => s.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(o.cycles).toEqual([]);
    expect(o.unknownDependencies).toEqual([]);
  });

  it('the switch inherits the EMR urgency (criticality 1, RTO 4) but keeps its own values', () => {
    const sw = step(o, 'core-sw');
    expect(sw).toMatchObject({ criticality: 3, rtoHours: 8, effectiveCriticality: 1, effectiveRtoHours: 4 });
    expect(step(o, 'ad')).toMatchObject({ criticality: 2, effectiveCriticality: 1, effectiveRtoHours: 4 });
    expect(step(o, 'kyushoku')).toMatchObject({ effectiveCriticality: 3, effectiveRtoHours: 48 });
    expect(step(o, 'printer')).toMatchObject({ effectiveCriticality: 4, effectiveRtoHours: null });
  });

  it('waves are the longest dependency chain; waitsFor lists direct dependencies in order', () => {
    expect(Object.fromEntries(o.steps.map((s) => [s.systemId, s.wave]))).toEqual({
      'core-sw': 1,
      ad: 2,
      'emr-db': 3,
      'emr-app': 4,
      pacs: 2,
      kyushoku: 1,
      printer: 1,
    });
    expect(step(o, 'emr-app').waitsFor).toEqual(['ad', 'emr-db']);
    expect(step(o, 'emr-db').waitsFor).toEqual(['core-sw', 'ad']);
    expect(step(o, 'kyushoku').waitsFor).toEqual([]);
    expect(o.steps.every((s) => s.brokenDependencies.length === 0)).toBe(true);
  });

  it('without inheritance PACS would have come before the switch: a criticality-1 system outranks a ready criticality-3 one', () => {
    // PACS is ready only after the switch; a criticality-1 system with no dependencies goes before a criticality-3 one.
    const o2 = recoveryOrder([sys('sw', 'スイッチ', 3, 8), sys('lab', '検査システム', 1, 8), sys('meal', '給食', 3, 8)]);
    expect(order(o2)).toEqual(['lab', 'sw', 'meal']);
  });

  it('RTO conflicts: the EMR (RTO 4) depends on AD (6) and the switch (8); AD (6) on the switch (8)', () => {
    const conflicts = rtoConflicts(o);
    expect(conflicts.map((c) => [c.systemId, c.dependencyId, c.code, c.viaIds])).toEqual([
      ['ad', 'core-sw', 'rto_dependency_longer', []],
      ['emr-db', 'core-sw', 'rto_dependency_longer', []],
      ['emr-db', 'ad', 'rto_dependency_longer', []],
      ['emr-app', 'core-sw', 'rto_indirect_dependency_longer', ['ad']], // the first shortest path, in recovery order
      ['emr-app', 'ad', 'rto_dependency_longer', []],
    ]);
    const first = conflicts.find((c) => c.systemId === 'emr-db' && c.dependencyId === 'core-sw')!;
    expect(renderRecoveryFinding(first, 'ja')).toBe('電子カルテDB(RTO 4時間)はコアスイッチ(RTO 8時間)に依存しています');
    expect(renderRecoveryFinding(first, 'en')).toBe('電子カルテDB (RTO 4 hours) depends on コアスイッチ (RTO 8 hours)');
    const indirect = conflicts.find((c) => c.code === 'rto_indirect_dependency_longer')!;
    expect(renderRecoveryFinding(indirect, 'ja')).toBe('電子カルテ(RTO 4時間)はActive Directoryを経由してコアスイッチ(RTO 8時間)に依存しています');
    expect(renderRecoveryFinding(indirect, 'en')).toBe('電子カルテ (RTO 4 hours) depends, through Active Directory, on コアスイッチ (RTO 8 hours)');
    // A longer chain names every system between them.
    const chain = recoveryOrder([sys('a', '電子カルテ', 1, 4, ['b']), sys('b', '電子カルテDB', 1, null, ['c']), sys('c', 'AD', 1, null, ['d']), sys('d', 'コアスイッチ', 1, 8)]);
    expect(rtoConflicts(chain).map((c) => renderRecoveryFinding(c, 'ja'))).toEqual([
      '電子カルテ(RTO 4時間)は電子カルテDB → ADを経由してコアスイッチ(RTO 8時間)に依存しています',
    ]);
  });

  it('the brief’s example sentence, and singular hours in English', () => {
    const o2 = recoveryOrder([sys('emr', '電子カルテ', 1, 4, ['sw']), sys('sw', 'コアスイッチ', 2, 8)]);
    expect(rtoConflicts(o2).map((c) => renderRecoveryFinding(c, 'ja'))).toEqual(['電子カルテ(RTO 4時間)はコアスイッチ(RTO 8時間)に依存しています']);
    const o3 = recoveryOrder([sys('a', 'A', 1, 1, ['b']), sys('b', 'B', 1, 1.5)]);
    expect(renderRecoveryFinding(rtoConflicts(o3)[0]!, 'en')).toBe('A (RTO 1 hour) depends on B (RTO 1.5 hours)');
  });

  it('no conflict when an RTO is missing or equal', () => {
    const o2 = recoveryOrder([sys('a', 'A', 1, 4, ['b', 'c']), sys('b', 'B', 1, null), sys('c', 'C', 1, 4), sys('d', 'D', 1, null, ['c'])]);
    expect(rtoConflicts(o2)).toEqual([]);
  });

  it('every finding code has Japanese and English words with the same placeholders', () => {
    for (const words of Object.values(RECOVERY_ORDER_TEXT)) {
      const names = (t: string) => [...new Set([...t.matchAll(/\{([A-Za-z0-9_]+)[}:]/g)].map((m) => m[1]))].sort();
      expect(names(words.en)).toEqual(names(words.ja));
    }
  });
});

describe('recoveryOrder: ties', () => {
  it('same criticality: shorter RTO first, no RTO last', () => {
    const o = recoveryOrder([sys('a', 'A', 2, null), sys('b', 'B', 2, 24), sys('c', 'C', 2, 2)]);
    expect(order(o)).toEqual(['c', 'b', 'a']);
  });

  it('same criticality and RTO: Japanese collation of names (kana order), then id', () => {
    const o = recoveryOrder([sys('3', 'さくら', 2, 4), sys('1', 'かえで', 2, 4), sys('2', 'あおい', 2, 4), sys('0', 'あおい', 2, 4)]);
    expect(order(o)).toEqual(['0', '2', '1', '3']);
  });

  it('all systems are in wave 1 when nothing depends on anything', () => {
    const o = recoveryOrder([sys('a', 'A', 4, null), sys('b', 'B', 1, null)]);
    expect(o.steps.map((s) => s.wave)).toEqual([1, 1]);
  });

  it('an empty ledger gives an empty order', () => {
    expect(recoveryOrder([])).toEqual({ steps: [], cycles: [], unknownDependencies: [] });
    expect(rtoConflicts(recoveryOrder([]))).toEqual([]);
  });

  it('a repeated id is a programming error', () => {
    expect(() => recoveryOrder([sys('a', 'A', 1, null), sys('a', 'A2', 1, null)])).toThrow(/duplicate/);
  });
});

describe('recoveryOrder: cycles and unknown ids', () => {
  it('reports a cycle and breaks it at its most urgent member (own criticality, RTO, name, id)', () => {
    // AD needs DNS, DNS needs AD; both needed by the EMR.
    const o = recoveryOrder([sys('emr', '電子カルテ', 1, 4, ['ad']), sys('ad', 'AD', 2, 6, ['dns']), sys('dns', 'DNS', 3, 6, ['ad'])]);
    expect(o.cycles).toEqual([['ad', 'dns']]);
    expect(order(o)).toEqual(['ad', 'dns', 'emr']);
    expect(step(o, 'ad')).toMatchObject({ waitsFor: [], brokenDependencies: ['dns'], wave: 1, effectiveCriticality: 1 });
    expect(step(o, 'dns')).toMatchObject({ waitsFor: ['ad'], brokenDependencies: [], wave: 2, effectiveCriticality: 1 });
    expect(step(o, 'emr')).toMatchObject({ waitsFor: ['ad'], wave: 2 });
  });

  it('a three-member cycle and a self-dependency', () => {
    const o = recoveryOrder([
      sys('x', 'X', 2, null, ['y']),
      sys('y', 'Y', 2, null, ['z']),
      sys('z', 'Z', 1, null, ['x']),
      sys('self', 'Self', 3, null, ['self']),
    ]);
    expect(o.cycles).toEqual([['self'], ['x', 'y', 'z']]);
    // Everyone waits in X → Y → Z → X: Z (criticality 1) goes first and only its need of X is set aside.
    expect(order(o)).toEqual(['z', 'y', 'x', 'self']);
    expect(step(o, 'z')).toMatchObject({ waitsFor: [], brokenDependencies: ['x'], wave: 1 });
    expect(step(o, 'y')).toMatchObject({ waitsFor: ['z'], brokenDependencies: [], wave: 2 });
    expect(step(o, 'x')).toMatchObject({ waitsFor: ['y'], brokenDependencies: [], wave: 3 });
    expect(step(o, 'self')).toMatchObject({ waitsFor: [], brokenDependencies: ['self'], wave: 1 });
    // A self-dependency inside a larger cycle is set aside too, apart from how the cycle is broken.
    const o2 = recoveryOrder([sys('p', 'P', 4, null, ['p', 'q']), sys('q', 'Q', 1, null, ['p'])]);
    expect(o2.cycles).toEqual([['p', 'q']]);
    expect(order(o2)).toEqual(['q', 'p']);
    expect(step(o2, 'q').brokenDependencies).toEqual(['p']);
    expect(step(o2, 'p')).toMatchObject({ waitsFor: ['q'], brokenDependencies: ['p'] });
  });

  it('an RTO conflict is still found through a dependency set aside in a cycle', () => {
    const o = recoveryOrder([sys('a', 'A', 1, 4, ['b']), sys('b', 'B', 2, 12, ['a'])]);
    expect(rtoConflicts(o).map((c) => [c.systemId, c.dependencyId])).toEqual([['a', 'b']]);
  });

  it('reports unknown dependencies once each and otherwise ignores them', () => {
    const o = recoveryOrder([sys('b', 'B', 1, null, ['gone', 'a', 'gone', 'zz']), sys('a', 'A', 1, null)]);
    expect(o.unknownDependencies).toEqual([
      { systemId: 'b', missingId: 'gone' },
      { systemId: 'b', missingId: 'zz' },
    ]);
    expect(order(o)).toEqual(['a', 'b']);
    expect(step(o, 'b').waitsFor).toEqual(['a']);
  });
});

// ── properties ────────────────────────────────────────────────────────────────────────────────────────────────────

const CRITS = [1, 2, 3, 4] as const;
/** Random systems; with `dag`, a system may depend only on systems of a smaller index (no cycles). */
const arbSystems = (dag: boolean) =>
  fc
    .array(
      fc.record({
        name: fc.constantFrom('電子カルテ', 'PACS', '給食', 'AD', 'あおい', 'コアスイッチ', 'X'),
        criticality: fc.constantFrom(...CRITS),
        rtoHours: fc.option(fc.constantFrom(1, 2, 4, 8, 24), { nil: null }),
        deps: fc.array(fc.nat({ max: 40 }), { maxLength: 4 }),
      }),
      { maxLength: 25 },
    )
    .map((rows) =>
      rows.map(
        (r, i): RecoverySystem => ({
          id: `s${i}`,
          name: r.name,
          criticality: r.criticality,
          rtoHours: r.rtoHours,
          dependsOn: dag ? (i === 0 ? [] : r.deps.map((d) => `s${d % i}`)) : r.deps.map((d) => `s${d % 30}`),
        }),
      ),
    );

const shuffled = <T,>(items: T[]) =>
  fc.array(fc.nat(), { minLength: items.length, maxLength: items.length }).map((keys) => items.map((x, i) => ({ x, k: keys[i]! })).sort((a, b) => a.k - b.k).map((e) => e.x));

describe('recoveryOrder: properties', () => {
  it('on a DAG every dependency precedes its dependent, positions are 1..n, waves grow along edges', () => {
    fc.assert(
      fc.property(arbSystems(true), (systems) => {
        const o = recoveryOrder(systems);
        expect(o.cycles).toEqual([]);
        expect(o.steps.map((s) => s.position)).toEqual(systems.map((_, i) => i + 1));
        expect(new Set(o.steps.map((s) => s.systemId)).size).toBe(systems.length);
        const pos = new Map(o.steps.map((s) => [s.systemId, s]));
        for (const s of systems) {
          for (const d of s.dependsOn) {
            expect(pos.get(d)!.position).toBeLessThan(pos.get(s.id)!.position);
            expect(pos.get(d)!.wave).toBeLessThan(pos.get(s.id)!.wave);
            expect(pos.get(d)!.effectiveCriticality).toBeLessThanOrEqual(pos.get(s.id)!.effectiveCriticality);
          }
          expect(pos.get(s.id)!.effectiveCriticality).toBeLessThanOrEqual(s.criticality);
        }
      }),
    );
  });

  it('is deterministic: the same systems (and dependency lists) in any order give the same output', () => {
    fc.assert(
      fc.property(
        arbSystems(false).chain((systems) => fc.tuple(fc.constant(systems), shuffled(systems))),
        ([systems, other]) => {
          const reversedDeps = other.map((s) => ({ ...s, dependsOn: [...s.dependsOn].reverse() }));
          const a = recoveryOrder(systems);
          expect(recoveryOrder(reversedDeps)).toEqual(a);
          expect(rtoConflicts(recoveryOrder(reversedDeps))).toEqual(rtoConflicts(a));
        },
      ),
    );
  });

  it('with cycles every system is still placed once, and kept dependencies precede their dependents', () => {
    fc.assert(
      fc.property(arbSystems(false), (systems) => {
        const o = recoveryOrder(systems);
        expect(o.steps.map((s) => s.position)).toEqual(systems.map((_, i) => i + 1));
        const pos = new Map(o.steps.map((s) => [s.systemId, s.position]));
        const cycleOf = new Map(o.cycles.flatMap((c, i) => c.map((m) => [m, i] as const)));
        for (const s of o.steps) {
          for (const d of s.waitsFor) expect(pos.get(d)!).toBeLessThan(s.position);
          // Only dependencies inside one cycle are ever set aside, and at most one per cycle member.
          for (const d of s.brokenDependencies) {
            expect(cycleOf.get(d)).toBeDefined();
            expect(cycleOf.get(d)).toBe(cycleOf.get(s.systemId));
          }
        }
        for (const c of o.cycles) {
          // A self-dependency is always set aside; otherwise at least one member, and never all, had to break.
          const brokenInCycle = c.filter((m) => o.steps.find((x) => x.systemId === m)!.brokenDependencies.some((d) => d !== m));
          if (c.length > 1) expect(brokenInCycle.length).toBeGreaterThan(0);
          expect(brokenInCycle.length).toBeLessThan(Math.max(c.length, 1));
        }
        // Every known dependency is either kept or broken, every unknown one reported.
        const known = new Set(systems.map((s) => s.id));
        for (const s of systems) {
          const st = o.steps.find((x) => x.systemId === s.id)!;
          expect(new Set([...st.waitsFor, ...st.brokenDependencies])).toEqual(new Set(s.dependsOn.filter((d) => known.has(d))));
        }
      }),
    );
  });
});
