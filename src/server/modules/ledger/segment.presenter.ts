import type { TSegment, TSegmentFlow } from '../../../shared/contracts/ledger.contract.ts';
import type { Flow, Segment } from './segment.service.ts';

export function presentSegment(s: Segment): TSegment {
  return {
    id: s.id,
    facilityId: s.facilityId,
    name: s.name,
    vlan: s.vlan,
    cidrs: s.cidrs,
    purpose: s.purpose as TSegment['purpose'],
    notes: s.notes,
    assetCount: s.assetCount,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

export function presentFlow(f: Flow): TSegmentFlow {
  return {
    id: f.id,
    facilityId: f.facilityId,
    fromSegmentId: f.fromSegmentId,
    toSegmentId: f.toSegmentId,
    services: f.services,
    description: f.description,
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
  };
}
