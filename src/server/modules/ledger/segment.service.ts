import { AppError } from '../../../shared/errors.ts';
import { ipsOutsideSegment, normalizeCidr } from '../../../shared/ledger.ts';
import type { TSegmentCreate, TSegmentFlowCreate, TSegmentFlowUpdate, TSegmentUpdate } from '../../../shared/contracts/ledger.contract.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import { newId } from '../../lib/ids.ts';
import * as assets from './asset.repository.ts';
import { authorizeLedger, clean, unique } from './ledger.access.ts';
import * as repo from './segment.repository.ts';

export type { Flow, Segment } from './segment.repository.ts';

/** Network segments (ネットワーク区分) and the flows allowed between them, per facility. */

export async function listSegments(deps: Deps, caller: Caller, facilityId: string): Promise<repo.Segment[]> {
  await authorizeLedger(deps, caller, facilityId, 'read');
  return repo.listSegments(deps.db, facilityId);
}

export async function getSegment(deps: Deps, caller: Caller, facilityId: string, segmentId: string): Promise<repo.Segment> {
  await authorizeLedger(deps, caller, facilityId, 'read');
  const s = await repo.findSegment(deps.db, facilityId, segmentId);
  if (!s) throw new AppError('NOT_FOUND');
  return s;
}

async function assertNameFree(trx: Db, facilityId: string, name: string, exceptId?: string): Promise<void> {
  if (await repo.findSegmentIdByName(trx, facilityId, name, exceptId)) {
    throw new AppError('CONFLICT', `segment ${name} exists`, { issues: [{ path: 'name', message: name }] });
  }
}

const cidrList = (cidrs: readonly string[]) => unique(cidrs.map(normalizeCidr));

/** Re-evaluates the outside-segment flag of the segment's assets after its CIDRs changed. */
async function refreshAssetFlags(trx: Db, facilityId: string, segmentId: string, cidrs: string[]): Promise<void> {
  const inSegment = await assets.assetAddressesInSegment(trx, facilityId, segmentId);
  const outside = inSegment.filter((a) => ipsOutsideSegment(a.ips, cidrs).length > 0);
  const changedOn = outside.filter((a) => !a.ipOutsideSegment).map((a) => a.id);
  const changedOff = inSegment.filter((a) => a.ipOutsideSegment && !outside.includes(a)).map((a) => a.id);
  await assets.setIpOutsideSegment(trx, facilityId, changedOn, true);
  await assets.setIpOutsideSegment(trx, facilityId, changedOff, false);
}

/** Inserts a segment inside an existing transaction, without permission checks (service, demo, import). */
export async function insertSegmentTx(deps: Deps, trx: Db, caller: Caller, facilityId: string, input: TSegmentCreate): Promise<repo.Segment> {
  const name = input.name.trim();
  await assertNameFree(trx, facilityId, name);
  const now = deps.clock.now().toISOString();
  const id = newId();
  await repo.insertSegment(trx, {
    id,
    facility_id: facilityId,
    name,
    vlan: input.vlan ?? null,
    cidrs: JSON.stringify(cidrList(input.cidrs)),
    purpose: input.purpose,
    notes: clean(input.notes),
    created_at: now,
    updated_at: now,
  });
  const created = (await repo.findSegment(trx, facilityId, id))!;
  await recordAudit(deps, trx, caller, { facilityId, entityType: 'network_segment', entityId: id, action: 'create', after: created });
  return created;
}

export async function createSegment(deps: Deps, caller: Caller, facilityId: string, input: TSegmentCreate): Promise<repo.Segment> {
  await authorizeLedger(deps, caller, facilityId, 'write');
  return deps.db.transaction().execute((trx) => insertSegmentTx(deps, trx, caller, facilityId, input));
}

export async function updateSegment(deps: Deps, caller: Caller, facilityId: string, segmentId: string, input: TSegmentUpdate): Promise<repo.Segment> {
  await authorizeLedger(deps, caller, facilityId, 'write');
  return deps.db.transaction().execute(async (trx) => {
    const before = await repo.findSegment(trx, facilityId, segmentId);
    if (!before) throw new AppError('NOT_FOUND');
    const name = input.name?.trim();
    if (name !== undefined && name !== before.name) await assertNameFree(trx, facilityId, name, segmentId);
    const cidrs = input.cidrs === undefined ? undefined : cidrList(input.cidrs);
    await repo.updateSegment(trx, facilityId, segmentId, {
      ...(name !== undefined && { name }),
      ...(input.vlan !== undefined && { vlan: input.vlan }),
      ...(cidrs !== undefined && { cidrs: JSON.stringify(cidrs) }),
      ...(input.purpose !== undefined && { purpose: input.purpose }),
      ...(input.notes !== undefined && { notes: clean(input.notes) }),
      updated_at: deps.clock.now().toISOString(),
    });
    if (cidrs !== undefined) await refreshAssetFlags(trx, facilityId, segmentId, cidrs);
    const after = (await repo.findSegment(trx, facilityId, segmentId))!;
    await recordAudit(deps, trx, caller, { facilityId, entityType: 'network_segment', entityId: segmentId, action: 'update', before, after });
    return after;
  });
}

/** Deletes a segment and its flows. A segment that live assets still use answers CONFLICT with their count. */
export async function deleteSegment(deps: Deps, caller: Caller, facilityId: string, segmentId: string): Promise<void> {
  await authorizeLedger(deps, caller, facilityId, 'write');
  await deps.db.transaction().execute(async (trx) => {
    const before = await repo.findSegment(trx, facilityId, segmentId);
    if (!before) throw new AppError('NOT_FOUND');
    if (before.assetCount > 0) {
      throw new AppError('IN_USE', `segment ${before.name} is used by ${before.assetCount} assets`, {
        issues: [{ path: 'segmentId', message: `in_use:${before.assetCount}` }],
        detail: { reason: 'segment_in_use', assetCount: before.assetCount },
      });
    }
    const flows = await repo.listFlows(trx, facilityId, segmentId);
    await repo.deleteFlowsOfSegment(trx, facilityId, segmentId);
    await repo.deleteSegment(trx, facilityId, segmentId);
    await recordAudit(deps, trx, caller, { facilityId, entityType: 'network_segment', entityId: segmentId, action: 'delete', before: { ...before, flows } });
  });
}

// --- flows --------------------------------------------------------------------------------------

export async function listFlows(deps: Deps, caller: Caller, facilityId: string): Promise<repo.Flow[]> {
  await authorizeLedger(deps, caller, facilityId, 'read');
  return repo.listFlows(deps.db, facilityId);
}

/** Inserts a flow inside an existing transaction, without permission checks. */
export async function insertFlowTx(deps: Deps, trx: Db, caller: Caller, facilityId: string, input: TSegmentFlowCreate): Promise<repo.Flow> {
  for (const path of ['fromSegmentId', 'toSegmentId'] as const) {
    if (!(await repo.findSegment(trx, facilityId, input[path]))) {
      throw new AppError('VALIDATION_FAILED', 'unknown segment', { issues: [{ path, message: 'unknown_segment' }] });
    }
  }
  if (input.fromSegmentId === input.toSegmentId) {
    throw new AppError('VALIDATION_FAILED', 'a flow joins two different segments', { issues: [{ path: 'toSegmentId', message: 'same_segment' }] });
  }
  if (await repo.findFlowIdByPair(trx, facilityId, input.fromSegmentId, input.toSegmentId)) {
    throw new AppError('CONFLICT', 'flow exists', { issues: [{ path: 'toSegmentId', message: input.toSegmentId }] });
  }
  const now = deps.clock.now().toISOString();
  const id = newId();
  await repo.insertFlow(trx, {
    id,
    facility_id: facilityId,
    from_segment_id: input.fromSegmentId,
    to_segment_id: input.toSegmentId,
    services: clean(input.services),
    description: clean(input.description),
    created_at: now,
    updated_at: now,
  });
  const created = (await repo.findFlow(trx, facilityId, id))!;
  await recordAudit(deps, trx, caller, { facilityId, entityType: 'segment_flow', entityId: id, action: 'create', after: created });
  return created;
}

export async function createFlow(deps: Deps, caller: Caller, facilityId: string, input: TSegmentFlowCreate): Promise<repo.Flow> {
  await authorizeLedger(deps, caller, facilityId, 'write');
  return deps.db.transaction().execute((trx) => insertFlowTx(deps, trx, caller, facilityId, input));
}

export async function updateFlow(deps: Deps, caller: Caller, facilityId: string, flowId: string, input: TSegmentFlowUpdate): Promise<repo.Flow> {
  await authorizeLedger(deps, caller, facilityId, 'write');
  return deps.db.transaction().execute(async (trx) => {
    const before = await repo.findFlow(trx, facilityId, flowId);
    if (!before) throw new AppError('NOT_FOUND');
    await repo.updateFlow(trx, facilityId, flowId, {
      ...(input.services !== undefined && { services: clean(input.services) }),
      ...(input.description !== undefined && { description: clean(input.description) }),
      updated_at: deps.clock.now().toISOString(),
    });
    const after = (await repo.findFlow(trx, facilityId, flowId))!;
    await recordAudit(deps, trx, caller, { facilityId, entityType: 'segment_flow', entityId: flowId, action: 'update', before, after });
    return after;
  });
}

export async function deleteFlow(deps: Deps, caller: Caller, facilityId: string, flowId: string): Promise<void> {
  await authorizeLedger(deps, caller, facilityId, 'write');
  await deps.db.transaction().execute(async (trx) => {
    const before = await repo.findFlow(trx, facilityId, flowId);
    if (!before) throw new AppError('NOT_FOUND');
    await repo.deleteFlow(trx, facilityId, flowId);
    await recordAudit(deps, trx, caller, { facilityId, entityType: 'segment_flow', entityId: flowId, action: 'delete', before });
  });
}
