import type { RecoveryOrderDto } from '../../../shared/contracts/resilience-drills.contract.ts';
import { ASSET_RELATION_KINDS, type AssetType, type Criticality } from '../../../shared/ledger.ts';
import { recoveryOrder, rtoConflicts, type RecoverySystem } from '../../../shared/resilience/recovery-order.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { ledgerDependencyFacts } from '../ledger/index.ts';
import { authorizeResilience } from './resilience.access.ts';
import { listTargets } from './recovery-target.repository.ts';

/**
 * The recovery order (復旧順序) of a facility, for the recovery page, the BCP and the emergency binder.
 *
 * Which assets are "systems": every live asset of the ledger takes part, with its criticality, its RTO from
 * recovery_targets, and as dependencies the targets of its `runs_on` and `depends_on` relations (both read "from needs
 * to": an application runs on a server, a device depends on another). Because urgency is inherited downwards
 * (recovery-order.ts rule 3), the systems needed for care — criticality 1–2 and everything they need, directly or
 * not — have an effective criticality of 1–2 and are always placed before all others; those steps carry `core: true`.
 * The rest (printers, office PCs, …) follow in the same order rules, so nothing is forgotten; the binder may print the
 * core steps only. Relations to deleted assets are reported as unknown dependencies (with the name when known).
 */
export async function recoveryOrderOf(db: Db, facilityId: string): Promise<RecoveryOrderDto> {
  const [facts, targets] = await Promise.all([ledgerDependencyFacts(db, facilityId), listTargets(db, facilityId)]);
  const rto = new Map(targets.map((t) => [t.asset_id, t.rto_hours]));
  const deps = new Map<string, string[]>();
  for (const r of facts.relations) {
    if (!(ASSET_RELATION_KINDS as readonly string[]).includes(r.kind)) continue;
    const list = deps.get(r.fromAssetId) ?? [];
    list.push(r.toAssetId);
    deps.set(r.fromAssetId, list);
  }
  const info = new Map(facts.assets.map((a) => [a.id, a]));
  const systems: RecoverySystem[] = facts.assets.map((a) => ({
    id: a.id,
    name: a.name,
    criticality: Math.min(4, Math.max(1, a.criticality)) as Criticality,
    rtoHours: rto.get(a.id) ?? null,
    dependsOn: deps.get(a.id) ?? [],
  }));
  const order = recoveryOrder(systems);
  return {
    steps: order.steps.map((s) => {
      const a = info.get(s.systemId)!;
      return {
        position: s.position,
        systemId: s.systemId,
        name: s.name,
        type: a.type as AssetType,
        department: a.department,
        criticality: s.criticality,
        rtoHours: s.rtoHours,
        effectiveCriticality: s.effectiveCriticality,
        effectiveRtoHours: s.effectiveRtoHours,
        waitsFor: s.waitsFor,
        brokenDependencies: s.brokenDependencies,
        wave: s.wave,
        core: s.effectiveCriticality <= 2,
      };
    }),
    cycles: order.cycles,
    unknownDependencies: order.unknownDependencies.map((u) => ({ ...u, missingName: facts.deletedNames[u.missingId] ?? null })),
    rtoConflicts: rtoConflicts(order).map((c) => ({ code: c.code, systemId: c.systemId, dependencyId: c.dependencyId, viaIds: c.viaIds, params: c.params })),
  };
}

export async function getRecoveryOrder(deps: Deps, caller: Caller, facilityId: string): Promise<RecoveryOrderDto> {
  await authorizeResilience(deps, caller, facilityId, 'resilience.read');
  return recoveryOrderOf(deps.db, facilityId);
}
