import type { Criticality } from '../ledger.ts';

/**
 * The recovery order (復旧順序): which system to restore first after an attack, from the ledger's criticality and its
 * `depends_on` / `runs_on` relations, with each system's RTO (目標復旧時間). Used by the BCP and the emergency binder.
 * Pure: no clock, no I/O; the same systems in any input order give the same order.
 *
 * Rules, in this order:
 * 1. A dependency is restored before every system that depends on it, directly or through others.
 * 2. Among the systems whose dependencies are all restored (the ready ones), the most urgent goes first: lower
 *    criticality number, then shorter RTO (no RTO last), then name in Japanese collation, then id.
 * 3. Urgency is inherited downwards: a system is ranked with the best (lowest) criticality and the shortest RTO of
 *    itself and of every system that depends on it, directly or transitively. A core switch the EMR needs is restored
 *    as urgently as the EMR, before a less critical system that happens to be ready too. The step keeps the system's
 *    own criticality and RTO and shows the inherited ones as `effectiveCriticality` / `effectiveRtoHours`.
 * 4. A dependency cycle (A needs B, B needs A — found as strongly connected components, Tarjan) is reported in
 *    `cycles` and still placed. It is broken as few times as this simple rule allows: the cycle's members are taken
 *    one by one, a member whose dependencies inside the cycle are already taken first (by own criticality, RTO, name,
 *    id); when every remaining member still waits for another, the most urgent of them (same key) is taken and its
 *    dependencies on the members not yet taken are set aside (`brokenDependencies`). All other dependencies, inside
 *    and outside the cycle, still hold.
 * 5. A dependency on an id that is not among the systems (deleted, or outside the scope) is reported in
 *    `unknownDependencies` and otherwise ignored. A system listed as depending on itself is a cycle of one; that
 *    dependency is always set aside.
 *
 * `wave` is the length of the longest chain of (kept) dependencies below a system plus one: wave 1 needs nothing,
 * wave 2 needs only wave-1 systems, …; the systems of one wave can be restored in parallel once the earlier waves are up.
 */

export interface RecoverySystem {
  id: string;
  name: string;
  /** 1 = care stops without it … 4 = no impact (the ledger's criticality). */
  criticality: Criticality;
  /** The recovery time objective in hours; null when none is set. */
  rtoHours: number | null;
  /** Ids of the systems this one cannot run without (the ledger's depends_on and runs_on targets). */
  dependsOn: readonly string[];
}

export interface RecoveryStep {
  /** 1-based place in the order. */
  position: number;
  systemId: string;
  name: string;
  criticality: Criticality;
  rtoHours: number | null;
  /** The best criticality of this system and of everything that depends on it (the rank used for ordering). */
  effectiveCriticality: Criticality;
  /** The shortest RTO of this system and of everything that depends on it; null when none of them has one. */
  effectiveRtoHours: number | null;
  /** Direct dependencies restored before this step, in recovery order. */
  waitsFor: string[];
  /** Direct dependencies set aside to break a cycle (restored after this step), in recovery order. */
  brokenDependencies: string[];
  /** 1 + the longest chain of dependencies below this system; one wave can be restored in parallel. */
  wave: number;
}

export interface UnknownDependency {
  systemId: string;
  missingId: string;
}

export interface RecoveryOrder {
  steps: RecoveryStep[];
  /** Each dependency cycle's member ids (sorted by id); the cycles sorted by their first id. */
  cycles: string[][];
  /** Dependencies on ids that are not among the systems, sorted by system id then missing id. */
  unknownDependencies: UnknownDependency[];
}

const JA_COLLATOR = new Intl.Collator('ja');

/** Plain code-unit comparison: stable across locales and runtimes, used for ids. */
function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareRto(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}

function minRto(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

/** Strongly connected components over `edges` (node → dependencies), iteratively; emitted dependencies first. */
function stronglyConnected(nodes: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter);
    counter++;
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const deps = edges.get(frame.node) ?? [];
      if (frame.next < deps.length) {
        const dep = deps[frame.next++]!;
        if (!index.has(dep)) {
          index.set(dep, counter);
          low.set(dep, counter);
          counter++;
          stack.push(dep);
          onStack.add(dep);
          work.push({ node: dep, next: 0 });
        } else if (onStack.has(dep)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(dep)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        out.push(component);
      }
    }
  }
  return out;
}

/**
 * Orders `systems` for recovery (see the module comment for the rules). Ids must be unique; a repeated id is a
 * programming error and throws.
 */
export function recoveryOrder(systems: readonly RecoverySystem[]): RecoveryOrder {
  const byId = new Map<string, RecoverySystem>();
  for (const s of systems) {
    if (byId.has(s.id)) throw new Error(`recoveryOrder: duplicate system id ${s.id}`);
    byId.set(s.id, s);
  }
  const ids = [...byId.keys()].sort(byCodeUnit);

  // Known direct dependencies (deduplicated, sorted); unknown ones reported.
  const deps = new Map<string, string[]>();
  const unknownDependencies: UnknownDependency[] = [];
  for (const id of ids) {
    const known = new Set<string>();
    const missing = new Set<string>();
    for (const d of byId.get(id)!.dependsOn) (byId.has(d) ? known : missing).add(d);
    deps.set(id, [...known].sort(byCodeUnit));
    for (const m of [...missing].sort(byCodeUnit)) unknownDependencies.push({ systemId: id, missingId: m });
  }

  // Cycles: components of more than one system, or a system that depends on itself.
  const components = stronglyConnected(ids, deps);
  const componentOf = new Map<string, number>();
  components.forEach((c, i) => c.forEach((m) => componentOf.set(m, i)));
  const cycles = components
    .filter((c) => c.length > 1 || deps.get(c[0]!)!.includes(c[0]!))
    .map((c) => [...c].sort(byCodeUnit))
    .sort((a, b) => byCodeUnit(a[0]!, b[0]!));

  // Inherited urgency: components come dependencies-first, so walking them backwards visits every dependent before
  // its dependencies. Members of one component reach each other, so they share one value.
  const effCrit = new Map<number, Criticality>();
  const effRto = new Map<number, number | null>();
  components.forEach((c, i) => {
    effCrit.set(i, Math.min(...c.map((m) => byId.get(m)!.criticality)) as Criticality);
    effRto.set(i, c.map((m) => byId.get(m)!.rtoHours).reduce(minRto, null));
  });
  for (let i = components.length - 1; i >= 0; i--) {
    for (const m of components[i]!) {
      for (const d of deps.get(m)!) {
        const j = componentOf.get(d)!;
        if (j === i) continue;
        effCrit.set(j, Math.min(effCrit.get(j)!, effCrit.get(i)!) as Criticality);
        effRto.set(j, minRto(effRto.get(j)!, effRto.get(i)!));
      }
    }
  }

  // Breaking cycles: within each cycle, place its members on their own (ready first, by own urgency); whenever every
  // remaining member still waits for another one, the most urgent remaining member goes next and its dependencies on
  // the members not yet placed are set aside. Only those dependencies are broken.
  const ownRank = (a: RecoverySystem, b: RecoverySystem): number =>
    a.criticality - b.criticality || compareRto(a.rtoHours, b.rtoHours) || JA_COLLATOR.compare(a.name, b.name) || byCodeUnit(a.id, b.id);
  const brokenEdges = new Set<string>();
  const edgeKey = (from: string, to: string) => JSON.stringify([from, to]);
  for (const c of components) {
    const members = new Set(c);
    if (c.length === 1 && !deps.get(c[0]!)!.includes(c[0]!)) continue;
    for (const m of c) if (deps.get(m)!.includes(m)) brokenEdges.add(edgeKey(m, m));
    const placedInCycle = new Set<string>();
    const left = c.map((m) => byId.get(m)!).sort(ownRank);
    while (left.length > 0) {
      // A system's dependency on itself can never be met: it is always set aside.
      const waiting = (s: RecoverySystem) => deps.get(s.id)!.filter((d) => d !== s.id && members.has(d) && !placedInCycle.has(d));
      let i = left.findIndex((s) => waiting(s).length === 0);
      if (i < 0) {
        i = 0;
        for (const d of waiting(left[0]!)) brokenEdges.add(edgeKey(left[0]!.id, d));
      }
      placedInCycle.add(left.splice(i, 1)[0]!.id);
    }
  }
  const kept = new Map<string, string[]>();
  const broken = new Map<string, string[]>();
  for (const id of ids) {
    kept.set(id, deps.get(id)!.filter((d) => !brokenEdges.has(edgeKey(id, d))));
    broken.set(id, deps.get(id)!.filter((d) => brokenEdges.has(edgeKey(id, d))));
  }

  // Kahn's algorithm over the kept dependencies, picking the most urgent ready system each time.
  const eff = (id: string) => ({ crit: effCrit.get(componentOf.get(id)!)!, rto: effRto.get(componentOf.get(id)!)! });
  const urgency = (a: string, b: string): number => {
    const ea = eff(a);
    const eb = eff(b);
    const sa = byId.get(a)!;
    const sb = byId.get(b)!;
    return ea.crit - eb.crit || compareRto(ea.rto, eb.rto) || JA_COLLATOR.compare(sa.name, sb.name) || byCodeUnit(a, b);
  };
  const remaining = new Map<string, number>(ids.map((id) => [id, kept.get(id)!.length]));
  const dependents = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const id of ids) for (const d of kept.get(id)!) dependents.get(d)!.push(id);
  const ready = ids.filter((id) => remaining.get(id) === 0);
  const position = new Map<string, number>();
  const wave = new Map<string, number>();
  const placed: string[] = [];
  while (ready.length > 0) {
    let best = 0;
    for (let i = 1; i < ready.length; i++) if (urgency(ready[i]!, ready[best]!) < 0) best = i;
    const id = ready.splice(best, 1)[0]!;
    placed.push(id);
    position.set(id, placed.length);
    wave.set(id, 1 + Math.max(0, ...kept.get(id)!.map((d) => wave.get(d)!)));
    for (const t of dependents.get(id)!) {
      const left = remaining.get(t)! - 1;
      remaining.set(t, left);
      if (left === 0) ready.push(t);
    }
  }
  if (placed.length !== ids.length) throw new Error('recoveryOrder: internal error, a cycle was not broken');

  const inOrder = (list: readonly string[]) => [...list].sort((a, b) => position.get(a)! - position.get(b)!);
  const steps: RecoveryStep[] = placed.map((id, i) => {
    const s = byId.get(id)!;
    const e = eff(id);
    return {
      position: i + 1,
      systemId: id,
      name: s.name,
      criticality: s.criticality,
      rtoHours: s.rtoHours,
      effectiveCriticality: e.crit,
      effectiveRtoHours: e.rto,
      waitsFor: inOrder(kept.get(id)!),
      brokenDependencies: inOrder(broken.get(id)!),
      wave: wave.get(id)!,
    };
  });
  return { steps, cycles, unknownDependencies };
}

// ── RTO conflicts ─────────────────────────────────────────────────────────────────────────────────────────────────

export type RecoveryLocale = 'ja' | 'en';

/**
 * The words of the recovery-order findings, Japanese first (the same shape as the assessment reasons in
 * src/shared/assessments/reasons.ts: `{name}` marks a parameter, `{n:one|other}` picks the English singular or plural).
 */
export const RECOVERY_ORDER_TEXT = {
  rto_dependency_longer: {
    tone: 'gap',
    ja: '{system}(RTO {systemRtoHours}時間)は{dependency}(RTO {dependencyRtoHours}時間)に依存しています',
    en: '{system} (RTO {systemRtoHours} {systemRtoHours:hour|hours}) depends on {dependency} (RTO {dependencyRtoHours} {dependencyRtoHours:hour|hours})',
  },
  rto_indirect_dependency_longer: {
    tone: 'gap',
    ja: '{system}(RTO {systemRtoHours}時間)は{via}を経由して{dependency}(RTO {dependencyRtoHours}時間)に依存しています',
    en: '{system} (RTO {systemRtoHours} {systemRtoHours:hour|hours}) depends, through {via}, on {dependency} (RTO {dependencyRtoHours} {dependencyRtoHours:hour|hours})',
  },
} as const satisfies Record<string, { tone: 'gap' | 'ok' | 'info'; ja: string; en: string }>;

export type RecoveryOrderFindingCode = keyof typeof RECOVERY_ORDER_TEXT;

export interface RtoConflict {
  /** `rto_dependency_longer` for a direct dependency, `rto_indirect_dependency_longer` through other systems. */
  code: RecoveryOrderFindingCode;
  /** The system that cannot meet its RTO. */
  systemId: string;
  /** The dependency whose RTO is longer. */
  dependencyId: string;
  /** Ids of the systems between them on a shortest dependency path (empty when direct). */
  viaIds: string[];
  /** Sentence parameters: names, hours, and `via` as the names joined with " → ". */
  params: { system: string; systemRtoHours: number; dependency: string; dependencyRtoHours: number; via?: string };
}

/**
 * Dependencies (direct or through other systems, including those set aside in a cycle) whose RTO is longer than the
 * RTO of a system that needs them: that system cannot be back within its target. Systems or dependencies without an
 * RTO are not compared. One finding per (system, dependency) pair, sorted by the system's then the dependency's position.
 */
export function rtoConflicts(order: RecoveryOrder): RtoConflict[] {
  const steps = new Map(order.steps.map((s) => [s.systemId, s]));
  const out: RtoConflict[] = [];
  for (const step of order.steps) {
    if (step.rtoHours === null) continue;
    // Breadth-first from the system, visiting dependencies in recovery order, so the path found is a shortest one
    // and the same one for the same order.
    const parent = new Map<string, string | null>([[step.systemId, null]]);
    const queue = [step.systemId];
    const reached: string[] = [];
    while (queue.length > 0) {
      const id = queue.shift()!;
      const s = steps.get(id)!;
      for (const d of [...s.waitsFor, ...s.brokenDependencies].sort((a, b) => steps.get(a)!.position - steps.get(b)!.position)) {
        if (parent.has(d)) continue;
        parent.set(d, id);
        queue.push(d);
        reached.push(d);
      }
    }
    for (const d of reached.sort((a, b) => steps.get(a)!.position - steps.get(b)!.position)) {
      const dep = steps.get(d)!;
      if (dep.rtoHours === null || dep.rtoHours <= step.rtoHours) continue;
      const viaIds: string[] = [];
      for (let p = parent.get(d)!; p !== step.systemId; p = parent.get(p!)!) viaIds.unshift(p!);
      const params: RtoConflict['params'] = {
        system: step.name,
        systemRtoHours: step.rtoHours,
        dependency: dep.name,
        dependencyRtoHours: dep.rtoHours,
      };
      if (viaIds.length > 0) params.via = viaIds.map((v) => steps.get(v)!.name).join(' → ');
      out.push({
        code: viaIds.length === 0 ? 'rto_dependency_longer' : 'rto_indirect_dependency_longer',
        systemId: step.systemId,
        dependencyId: d,
        viaIds,
        params,
      });
    }
  }
  return out;
}

/** A recovery-order finding as one sentence of the locale (without closing punctuation). */
export function renderRecoveryFinding(f: { code: RecoveryOrderFindingCode; params: Record<string, string | number | undefined> }, locale: RecoveryLocale): string {
  const text: string = RECOVERY_ORDER_TEXT[f.code][locale];
  const plural = text.replace(/\{([A-Za-z0-9_]+):([^|{}]*)\|([^{}]*)\}/g, (whole, name: string, one: string, other: string) => {
    const v = f.params[name];
    return v === undefined ? whole : Number(v) === 1 ? one : other;
  });
  return plural.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => {
    const v = f.params[name];
    if (v === undefined) return whole;
    return typeof v === 'number' && locale === 'en' ? v.toLocaleString('en-GB') : String(v);
  });
}
