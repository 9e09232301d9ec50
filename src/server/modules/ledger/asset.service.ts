import { AppError } from '../../../shared/errors.ts';
import { assetFlags, ipsOutsideSegment, normalizeIp, normalizeMac, type AssetFlag, type AssetType } from '../../../shared/ledger.ts';
import type { TAssetCreate, TAssetListQuery, TAssetRelationCreate, TAssetUpdate } from '../../../shared/contracts/ledger.contract.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import { newId } from '../../lib/ids.ts';
import * as repo from './asset.repository.ts';
import { authorizeLedger, authorizeLedgerView, clean, inView, ledgerToday, unique, type LedgerView } from './ledger.access.ts';
import * as segments from './segment.repository.ts';

export type { Asset, RelationView } from './asset.repository.ts';

/** An asset with its risk flags as of today. */
export interface AssetView extends repo.Asset {
  flags: AssetFlag[];
}

export interface AssetDetailView extends AssetView {
  relations: repo.RelationView[];
  ipsOutsideSegment: string[];
}

function withFlags(asset: repo.Asset, cidrs: string[] | null, today: string): AssetView {
  const subject = { type: asset.type as AssetType, version: asset.version, ips: asset.ips, endOfSupport: asset.endOfSupport, segmentId: asset.segmentId };
  return { ...asset, flags: assetFlags(subject, cidrs ? { cidrs } : null, today) };
}

async function segmentCidrs(db: Db, facilityId: string, segmentId: string | null): Promise<string[] | null> {
  if (!segmentId) return null;
  return (await segments.findSegment(db, facilityId, segmentId))?.cidrs ?? null;
}

/** The asset with its relations; a vendor user's view shows only relations to assets inside it. */
async function detail(deps: Deps, db: Db, asset: repo.Asset, view: Pick<LedgerView, 'vendorIds'> = { vendorIds: null }): Promise<AssetDetailView> {
  const cidrs = await segmentCidrs(db, asset.facilityId, asset.segmentId);
  const relations = await repo.relationsOf(db, asset.facilityId, asset.id);
  return {
    ...withFlags(asset, cidrs, ledgerToday(deps)),
    relations: relations.filter((r) => inView(view, r.assetVendorId)),
    ipsOutsideSegment: ipsOutsideSegment(asset.ips, cidrs),
  };
}

/** What the audit log keeps of an asset (the stored fields, without derived flags). */
function auditView(asset: repo.Asset): Omit<repo.Asset, 'ipOutsideSegment'> {
  const { ipOutsideSegment: _derived, ...rest } = asset;
  return rest;
}

// --- reads --------------------------------------------------------------------------------------

export async function listAssets(
  deps: Deps,
  caller: Caller,
  facilityId: string,
  query: TAssetListQuery,
): Promise<{ items: AssetView[]; total: number; page: number; pageSize: number }> {
  const view = await authorizeLedgerView(deps, caller, facilityId);
  const today = ledgerToday(deps);
  const filter: repo.AssetListFilter = {
    facilityId,
    q: query.q || undefined,
    type: query.type,
    segmentId: query.segmentId,
    criticality: query.criticality,
    exposure: query.exposure,
    flag: query.flag,
    holdsPatientData: query.holdsPatientData === undefined ? undefined : query.holdsPatientData === 'true',
    vendorId: query.vendorId,
    vendorIds: view.vendorIds,
    today,
  };
  const [total, rows, cidrsById] = await Promise.all([
    repo.countAssets(deps.dialect, deps.db, filter),
    repo.listAssets(deps.dialect, deps.db, filter, query.sort, query.pageSize, (query.page - 1) * query.pageSize),
    segments.segmentCidrsById(deps.db, facilityId),
  ]);
  return {
    items: rows.map((a) => withFlags(a, a.segmentId ? (cidrsById.get(a.segmentId) ?? null) : null, today)),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function getAsset(deps: Deps, caller: Caller, facilityId: string, assetId: string): Promise<AssetDetailView> {
  const view = await authorizeLedgerView(deps, caller, facilityId);
  const asset = await repo.findAsset(deps.db, facilityId, assetId);
  if (!asset || !inView(view, asset.vendorId)) throw new AppError('NOT_FOUND');
  return detail(deps, deps.db, asset, view);
}

// --- writes -------------------------------------------------------------------------------------

async function assertTagFree(trx: Db, facilityId: string, tag: string | null, exceptId?: string): Promise<void> {
  if (tag && (await repo.findAssetIdByTag(trx, facilityId, tag, exceptId))) {
    throw new AppError('CONFLICT', `asset tag ${tag} exists`, { issues: [{ path: 'assetTag', message: tag }] });
  }
}

/** The segment's CIDRs; an id that is not a segment of this facility is a validation error on `segmentId`. */
async function requireSegment(trx: Db, facilityId: string, segmentId: string): Promise<string[]> {
  const s = await segments.findSegment(trx, facilityId, segmentId);
  if (!s) throw new AppError('VALIDATION_FAILED', 'unknown segment', { issues: [{ path: 'segmentId', message: 'unknown_segment' }] });
  return s.cidrs;
}

/** A maintaining vendor must be a live vendor of the facility (`unknown_vendor` on `vendorId` otherwise). */
async function requireVendor(trx: Db, facilityId: string, vendorId: string): Promise<void> {
  if (!(await repo.vendorExists(trx, facilityId, vendorId))) {
    throw new AppError('VALIDATION_FAILED', 'unknown vendor', { issues: [{ path: 'vendorId', message: 'unknown_vendor' }] });
  }
}

const ipList = (ips: readonly string[]) => unique(ips.map(normalizeIp));
const macList = (macs: readonly string[]) => unique(macs.map(normalizeMac));
const tagList = (tags: readonly string[]) => unique(tags.map((t) => t.trim()).filter(Boolean));

/** Inserts an asset inside an existing transaction, without permission checks (service, demo, import). */
export async function insertAssetTx(deps: Deps, trx: Db, caller: Caller, facilityId: string, input: TAssetCreate): Promise<repo.Asset> {
  const tag = clean(input.assetTag);
  await assertTagFree(trx, facilityId, tag);
  const segmentId = input.segmentId ?? null;
  const cidrs = segmentId ? await requireSegment(trx, facilityId, segmentId) : null;
  const vendorId = input.vendorId ?? null;
  if (vendorId) await requireVendor(trx, facilityId, vendorId);
  const ips = ipList(input.ips);
  const now = deps.clock.now().toISOString();
  const id = newId();
  await repo.insertAsset(trx, {
    id,
    facility_id: facilityId,
    name: input.name.trim(),
    asset_tag: tag,
    type: input.type,
    vendor: clean(input.vendor),
    product: clean(input.product),
    version: clean(input.version),
    cpe: clean(input.cpe),
    os: clean(input.os),
    ips: JSON.stringify(ips),
    macs: JSON.stringify(macList(input.macs)),
    hostname: clean(input.hostname),
    segment_id: segmentId,
    location: clean(input.location),
    department: clean(input.department),
    maintainer_text: clean(input.maintainer),
    vendor_id: vendorId,
    criticality: input.criticality,
    holds_patient_data: input.holdsPatientData ? 1 : 0,
    exposure: input.exposure,
    install_date: input.installDate ?? null,
    end_of_support: input.endOfSupport ?? null,
    last_patched: input.lastPatched ?? null,
    tags: JSON.stringify(tagList(input.tags)),
    notes: clean(input.notes),
    ip_outside_segment: ipsOutsideSegment(ips, cidrs).length > 0 ? 1 : 0,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  });
  const created = (await repo.findAsset(trx, facilityId, id))!;
  await recordAudit(deps, trx, caller, { facilityId, entityType: 'asset', entityId: id, action: 'create', after: auditView(created) });
  await deps.vulnHooks?.assetsChanged(deps, trx, caller, facilityId, [id]);
  return created;
}

export async function createAsset(deps: Deps, caller: Caller, facilityId: string, input: TAssetCreate): Promise<AssetDetailView> {
  await authorizeLedger(deps, caller, facilityId, 'write');
  return deps.db.transaction().execute(async (trx) => detail(deps, trx, await insertAssetTx(deps, trx, caller, facilityId, input)));
}

export async function updateAsset(deps: Deps, caller: Caller, facilityId: string, assetId: string, input: TAssetUpdate): Promise<AssetDetailView> {
  await authorizeLedger(deps, caller, facilityId, 'write');
  return deps.db.transaction().execute(async (trx) => {
    const before = await repo.findAsset(trx, facilityId, assetId);
    if (!before) throw new AppError('NOT_FOUND');
    const tag = input.assetTag === undefined ? undefined : clean(input.assetTag);
    if (tag !== undefined && tag !== before.assetTag) await assertTagFree(trx, facilityId, tag, assetId);
    const segmentId = input.segmentId === undefined ? before.segmentId : input.segmentId;
    const cidrs = segmentId ? await requireSegment(trx, facilityId, segmentId) : null;
    if (input.vendorId && input.vendorId !== before.vendorId) await requireVendor(trx, facilityId, input.vendorId);
    const ips = input.ips === undefined ? before.ips : ipList(input.ips);
    await repo.updateAsset(trx, facilityId, assetId, {
      ...(input.name !== undefined && { name: input.name.trim() }),
      ...(tag !== undefined && { asset_tag: tag }),
      ...(input.type !== undefined && { type: input.type }),
      ...(input.vendor !== undefined && { vendor: clean(input.vendor) }),
      ...(input.product !== undefined && { product: clean(input.product) }),
      ...(input.version !== undefined && { version: clean(input.version) }),
      ...(input.cpe !== undefined && { cpe: clean(input.cpe) }),
      ...(input.os !== undefined && { os: clean(input.os) }),
      ...(input.ips !== undefined && { ips: JSON.stringify(ips) }),
      ...(input.macs !== undefined && { macs: JSON.stringify(macList(input.macs)) }),
      ...(input.hostname !== undefined && { hostname: clean(input.hostname) }),
      ...(input.segmentId !== undefined && { segment_id: input.segmentId }),
      ...(input.location !== undefined && { location: clean(input.location) }),
      ...(input.department !== undefined && { department: clean(input.department) }),
      ...(input.maintainer !== undefined && { maintainer_text: clean(input.maintainer) }),
      ...(input.vendorId !== undefined && { vendor_id: input.vendorId }),
      ...(input.criticality !== undefined && { criticality: input.criticality }),
      ...(input.holdsPatientData !== undefined && { holds_patient_data: input.holdsPatientData ? 1 : 0 }),
      ...(input.exposure !== undefined && { exposure: input.exposure }),
      ...(input.installDate !== undefined && { install_date: input.installDate }),
      ...(input.endOfSupport !== undefined && { end_of_support: input.endOfSupport }),
      ...(input.lastPatched !== undefined && { last_patched: input.lastPatched }),
      ...(input.tags !== undefined && { tags: JSON.stringify(tagList(input.tags)) }),
      ...(input.notes !== undefined && { notes: clean(input.notes) }),
      ip_outside_segment: ipsOutsideSegment(ips, cidrs).length > 0 ? 1 : 0,
      updated_at: deps.clock.now().toISOString(),
    });
    const after = (await repo.findAsset(trx, facilityId, assetId))!;
    await recordAudit(deps, trx, caller, { facilityId, entityType: 'asset', entityId: assetId, action: 'update', before: auditView(before), after: auditView(after) });
    await deps.vulnHooks?.assetsChanged(deps, trx, caller, facilityId, [assetId]);
    return detail(deps, trx, after);
  });
}

/** Soft delete: the row stays (deleted_at), its relations go; the audit event keeps both. The tag becomes free again. */
export async function deleteAsset(deps: Deps, caller: Caller, facilityId: string, assetId: string): Promise<void> {
  await authorizeLedger(deps, caller, facilityId, 'write');
  await deps.db.transaction().execute(async (trx) => {
    const before = await repo.findAsset(trx, facilityId, assetId);
    if (!before) throw new AppError('NOT_FOUND');
    const relations = await repo.relationsOf(trx, facilityId, assetId);
    const now = deps.clock.now().toISOString();
    await repo.deleteRelationsOf(trx, facilityId, assetId);
    await repo.softDeleteAsset(trx, facilityId, assetId, now);
    await recordAudit(deps, trx, caller, {
      facilityId,
      entityType: 'asset',
      entityId: assetId,
      action: 'delete',
      before: { ...auditView(before), relations },
      after: { deletedAt: now },
    });
    // Its open findings close (the asset is gone).
    await deps.vulnHooks?.assetsChanged(deps, trx, caller, facilityId, [assetId]);
  });
}

// --- relations ----------------------------------------------------------------------------------

/** Records a relation inside an existing transaction, without permission checks (service, demo). */
export async function insertRelationTx(deps: Deps, trx: Db, caller: Caller, facilityId: string, assetId: string, input: TAssetRelationCreate): Promise<repo.RelationView> {
  const from = await repo.findAsset(trx, facilityId, assetId);
  if (!from) throw new AppError('NOT_FOUND');
  if (input.toAssetId === assetId) {
    throw new AppError('VALIDATION_FAILED', 'an asset cannot relate to itself', { issues: [{ path: 'toAssetId', message: 'same_asset' }] });
  }
  const to = await repo.findAsset(trx, facilityId, input.toAssetId);
  if (!to) throw new AppError('VALIDATION_FAILED', 'unknown asset', { issues: [{ path: 'toAssetId', message: 'unknown_asset' }] });
  if (await repo.findRelationByKey(trx, facilityId, assetId, to.id, input.kind)) {
    throw new AppError('CONFLICT', 'relation exists', { issues: [{ path: 'toAssetId', message: to.id }] });
  }
  const id = newId();
  await repo.insertRelation(trx, { id, facility_id: facilityId, from_asset_id: assetId, to_asset_id: to.id, kind: input.kind, created_at: deps.clock.now().toISOString() });
  await recordAudit(deps, trx, caller, {
    facilityId,
    entityType: 'asset_relation',
    entityId: id,
    action: 'create',
    after: { id, kind: input.kind, fromAssetId: assetId, fromAssetName: from.name, toAssetId: to.id, toAssetName: to.name },
  });
  return { id, kind: input.kind, direction: 'outgoing' as const, assetId: to.id, assetName: to.name, assetType: to.type, assetVendorId: to.vendorId };
}

/** Records that the asset runs on / depends on another asset of the same facility. */
export async function addRelation(deps: Deps, caller: Caller, facilityId: string, assetId: string, input: TAssetRelationCreate): Promise<repo.RelationView> {
  await authorizeLedger(deps, caller, facilityId, 'write');
  return deps.db.transaction().execute((trx) => insertRelationTx(deps, trx, caller, facilityId, assetId, input));
}

/** Removes a relation from or to the asset. */
export async function removeRelation(deps: Deps, caller: Caller, facilityId: string, assetId: string, relationId: string): Promise<void> {
  await authorizeLedger(deps, caller, facilityId, 'write');
  await deps.db.transaction().execute(async (trx) => {
    const rel = await repo.findRelation(trx, facilityId, relationId);
    if (!rel || (rel.from_asset_id !== assetId && rel.to_asset_id !== assetId)) throw new AppError('NOT_FOUND');
    if (!(await repo.findAsset(trx, facilityId, assetId))) throw new AppError('NOT_FOUND');
    await repo.deleteRelation(trx, facilityId, relationId);
    await recordAudit(deps, trx, caller, {
      facilityId,
      entityType: 'asset_relation',
      entityId: relationId,
      action: 'delete',
      before: { id: rel.id, kind: rel.kind, fromAssetId: rel.from_asset_id, toAssetId: rel.to_asset_id },
    });
  });
}
