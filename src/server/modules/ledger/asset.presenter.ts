import type { TAsset, TAssetDetail, TAssetRelation } from '../../../shared/contracts/ledger.contract.ts';
import type { AssetDetailView, AssetView, RelationView } from './asset.service.ts';

export function presentAsset(a: AssetView): TAsset {
  return {
    id: a.id,
    facilityId: a.facilityId,
    name: a.name,
    assetTag: a.assetTag,
    type: a.type as TAsset['type'],
    vendor: a.vendor,
    product: a.product,
    version: a.version,
    cpe: a.cpe,
    os: a.os,
    ips: a.ips,
    macs: a.macs,
    hostname: a.hostname,
    segmentId: a.segmentId,
    segmentName: a.segmentName,
    location: a.location,
    department: a.department,
    maintainer: a.maintainer,
    vendorId: a.vendorId,
    vendorName: a.vendorName,
    criticality: a.criticality,
    holdsPatientData: a.holdsPatientData,
    exposure: a.exposure as TAsset['exposure'],
    installDate: a.installDate,
    endOfSupport: a.endOfSupport,
    lastPatched: a.lastPatched,
    tags: a.tags,
    notes: a.notes,
    flags: a.flags,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

export function presentRelation(r: RelationView): TAssetRelation {
  return { id: r.id, kind: r.kind as TAssetRelation['kind'], direction: r.direction, assetId: r.assetId, assetName: r.assetName, assetType: r.assetType as TAssetRelation['assetType'] };
}

export function presentAssetDetail(a: AssetDetailView): TAssetDetail {
  return { ...presentAsset(a), relations: a.relations.map(presentRelation), ipsOutsideSegment: a.ipsOutsideSegment };
}
