import type { TConnection, TConnectionDetail, TConnectionEvent, TConnectionSummary } from '../../../shared/contracts/connections.contract.ts';
import type { AssetRef, ConnectionDetailView, ConnectionEvent, ConnectionSummary, ConnectionView } from './connection.service.ts';

type TAssetRef = TConnectionDetail['targets'][number];

export function presentAssetRef(a: AssetRef): TAssetRef {
  return { id: a.id, name: a.name, type: a.type as TAssetRef['type'], exposure: a.exposure, endOfSupport: a.endOfSupport, segmentId: a.segmentId };
}

export function presentConnection(c: ConnectionView): TConnection {
  return {
    id: c.id,
    facilityId: c.facilityId,
    name: c.name,
    vendorId: c.vendorId,
    vendorName: c.vendorName,
    purpose: c.purpose,
    kind: c.kind,
    entryAsset: c.entryAsset ? presentAssetRef(c.entryAsset) : null,
    segmentId: c.segmentId,
    segmentName: c.segmentName,
    targetCount: c.targetCount,
    internetFacing: c.internetFacing,
    auth: c.auth,
    accountMode: c.accountMode,
    accounts: c.accounts,
    allowedDays: c.allowedDays,
    allowedFrom: c.allowedFrom,
    allowedTo: c.allowedTo,
    logLocation: c.logLocation,
    credentialsRotatedOn: c.credentialsRotatedOn,
    reviewIntervalMonths: c.reviewIntervalMonths,
    status: c.status,
    requestedBy: c.requestedBy,
    requestedAt: c.requestedAt,
    decidedBy: c.decidedBy,
    decidedAt: c.decidedAt,
    decisionComment: c.decisionComment,
    approvedOn: c.approvedOn,
    expiresOn: c.expiresOn,
    activatedOn: c.activatedOn,
    retiredOn: c.retiredOn,
    lastUsedOn: c.lastUsedOn,
    notes: c.notes,
    flags: c.flags,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

export function presentConnectionEvent(e: ConnectionEvent): TConnectionEvent {
  return {
    id: e.id,
    at: e.at,
    actor: e.actor,
    action: e.action as TConnectionEvent['action'],
    fromStatus: e.fromStatus as TConnectionEvent['fromStatus'],
    toStatus: e.toStatus as TConnectionEvent['toStatus'],
    comment: e.comment,
  };
}

export function presentConnectionDetail(c: ConnectionDetailView): TConnectionDetail {
  return { ...presentConnection(c), targets: c.targets.map(presentAssetRef), events: c.events.map(presentConnectionEvent), allowedActions: c.allowedActions };
}

export function presentConnectionSummary(s: ConnectionSummary): TConnectionSummary {
  return { requested: s.requested, active: s.active, expired: s.expired, flagged: s.flagged, expiringSoon: s.expiringSoon };
}
