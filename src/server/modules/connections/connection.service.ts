import { AppError, type ErrorCode, type FieldIssue } from '../../../shared/errors.ts';
import {
  canTransition,
  CONNECTION_TRANSITIONS,
  connectionFlags,
  defaultExpiry,
  WEEKDAYS,
  type ConnectionAction,
  type ConnectionEventAction,
  type ConnectionFlag,
  type ConnectionStatus,
  type Weekday,
} from '../../../shared/connections.ts';
import { addDays } from '../../../shared/ledger.ts';
import { can, PERMISSIONS, type Actor, type FacilityPermission } from '../../../shared/policy.ts';
import type { TConnectionApprove, TConnectionCreate, TConnectionListQuery, TConnectionUpdate } from '../../../shared/contracts/connections.contract.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit, recordAuditMany } from '../../audit/audit.service.ts';
import { newId } from '../../lib/ids.ts';
import { authorizeLedgerView, clean, inView, ledgerToday, unique, type LedgerView } from '../ledger/index.ts';
import * as repo from './connection.repository.ts';

export type { AssetRef, Connection, ConnectionEvent } from './connection.repository.ts';

/**
 * 外部接続・リモート保守台帳: the use cases. Reads go through authorizeLedgerView (a vendor user sees only their
 * vendors' lines; anything else is NOT_FOUND). Creating files a request (申請); the status changes only through
 * the lifecycle actions, each checked against CONNECTION_TRANSITIONS and leaving one history event and one audit
 * event in the transaction that makes the change (ADR 0004).
 */

// --- the KEV hook -------------------------------------------------------------------------------

/**
 * What the vulnerabilities module tells this module about entry devices: of the given live asset ids of a
 * facility, those with a known-exploited vulnerability (CISA KEV). Set at bootstrap as `Deps.entryDeviceSignals`;
 * without it the `entry_device_kev` flag is never raised.
 */
export interface EntryDeviceSignals {
  kevAssetIds(deps: Deps, facilityId: string, assetIds: readonly string[]): Promise<Set<string>>;
}

async function kevAssets(deps: Deps, facilityId: string, connections: readonly repo.Connection[]): Promise<Set<string>> {
  const signals = deps.entryDeviceSignals;
  if (!signals) return new Set();
  const ids = unique(connections.flatMap((c) => (c.entryAsset ? [c.entryAsset.id] : [])));
  if (ids.length === 0) return new Set();
  return signals.kevAssetIds(deps, facilityId, ids);
}

/**
 * The line's devices became reachable or stopped being so (created, changed, status moved): the vulnerabilities
 * module re-matches them in the same transaction, so their findings' priority and deadline follow.
 */
async function exposureChanged(deps: Deps, trx: Db, caller: Caller, facilityId: string, assetIds: readonly (string | null)[]): Promise<void> {
  const ids = unique(assetIds.filter((id): id is string => id !== null));
  if (ids.length > 0) await deps.vulnHooks?.assetsChanged(deps, trx, caller, facilityId, ids);
}

// --- views --------------------------------------------------------------------------------------

/** A connection with its risk flags as of today. */
export interface ConnectionView extends repo.Connection {
  flags: ConnectionFlag[];
}

/** What a caller may do with a connection (the UI's buttons). */
export const CONNECTION_UI_ACTIONS = ['approve', 'reject', 'activate', 'retire', 'resubmit', 'edit'] as const;
export type ConnectionUiAction = (typeof CONNECTION_UI_ACTIONS)[number];

export interface ConnectionDetailView extends ConnectionView {
  targets: repo.AssetRef[];
  /** Newest first. */
  events: repo.ConnectionEvent[];
  allowedActions: ConnectionUiAction[];
}

function withFlags(c: repo.Connection, kev: ReadonlySet<string>, today: string): ConnectionView {
  const flags = connectionFlags(
    {
      status: c.status,
      auth: c.auth,
      accountMode: c.accountMode,
      internetFacing: c.internetFacing,
      credentialsRotatedOn: c.credentialsRotatedOn,
      expiresOn: c.expiresOn,
      entryDevice: c.entryAsset ? { exposure: c.entryAsset.exposure, endOfSupport: c.entryAsset.endOfSupport } : null,
      entryDeviceKev: c.entryAsset !== null && kev.has(c.entryAsset.id),
    },
    today,
  );
  return { ...c, flags };
}

// --- authorization ------------------------------------------------------------------------------

/** What the caller may do in the facility's connection register. */
export interface ConnectionAccess {
  view: LedgerView;
  /** ledger.write over the whole facility: edit (but retired), activate, retire, resubmit, import. */
  write: boolean;
  /** connection.request: file requests, and edit or resubmit the ones in view while requested / rejected. */
  request: boolean;
  /** connection.approve: approve or reject requests. */
  approve: boolean;
}

async function accessFor(deps: Deps, caller: Caller, facilityId: string): Promise<ConnectionAccess> {
  const view = await authorizeLedgerView(deps, caller, facilityId);
  const whole = view.vendorIds === null;
  return {
    view,
    write: whole && can(view.actor, 'ledger.write', facilityId),
    request: can(view.actor, 'connection.request', facilityId),
    approve: whole && can(view.actor, 'connection.approve', facilityId),
  };
}

/** The permissions that open each action (any one of them). */
const OPENED_BY: Record<ConnectionUiAction, FacilityPermission[]> = {
  approve: ['connection.approve'],
  reject: ['connection.approve'],
  activate: ['ledger.write'],
  retire: ['ledger.write'],
  resubmit: ['connection.request', 'ledger.write'],
  edit: ['connection.request', 'ledger.write'],
};

function mayAttempt(a: Pick<ConnectionAccess, 'write' | 'request' | 'approve'>, action: ConnectionUiAction): boolean {
  switch (action) {
    case 'approve':
    case 'reject':
      return a.approve;
    case 'activate':
    case 'retire':
      return a.write;
    case 'resubmit':
    case 'edit':
      return a.write || a.request;
  }
}

/** FORBIDDEN, or TOKEN_SCOPE when the caller's token lacks every scope that would open the action. */
function deny(actor: Actor, permissions: readonly FacilityPermission[]): never {
  const lacksScope = actor.token !== undefined && !permissions.some((p) => actor.token!.scopes.includes(PERMISSIONS[p].scope));
  throw new AppError(lacksScope ? 'TOKEN_SCOPE' : 'FORBIDDEN');
}

/** A requester without ledger.write may change their request only while it waits or after it was turned down. */
const EDITABLE_BY_REQUESTER: readonly ConnectionStatus[] = ['requested', 'rejected'];

/**
 * Why the caller may not take `action` on the connection now (null = allowed): FORBIDDEN without the permission,
 * INVALID_STATE when the status does not allow it. The service enforces exactly this, and `allowedActions`
 * lists the actions for which it is null.
 */
export function connectionRefusal(
  a: Pick<ConnectionAccess, 'write' | 'request' | 'approve' | 'view'>,
  c: Pick<repo.Connection, 'status' | 'vendorId' | 'expiresOn'>,
  action: ConnectionUiAction,
  today: string,
): Extract<ErrorCode, 'FORBIDDEN' | 'INVALID_STATE' | 'NOT_FOUND'> | null {
  if (!mayAttempt(a, action)) return 'FORBIDDEN';
  if (!inView(a.view, c.vendorId)) return 'NOT_FOUND';
  if (action === 'edit') {
    if (a.write) return c.status === 'retired' ? 'INVALID_STATE' : null;
    return EDITABLE_BY_REQUESTER.includes(c.status) ? null : 'INVALID_STATE';
  }
  if (!canTransition(c.status, action)) return 'INVALID_STATE';
  // An approval that has run out cannot open the line (the expiry job will mark it expired).
  if (action === 'activate' && c.expiresOn !== null && c.expiresOn < today) return 'INVALID_STATE';
  return null;
}

export function allowedActions(a: ConnectionAccess, c: repo.Connection, today: string): ConnectionUiAction[] {
  return CONNECTION_UI_ACTIONS.filter((action) => connectionRefusal(a, c, action, today) === null);
}

function refuse(code: 'FORBIDDEN' | 'INVALID_STATE' | 'NOT_FOUND', a: ConnectionAccess, c: repo.Connection, action: ConnectionUiAction): never {
  if (code === 'FORBIDDEN') deny(a.view.actor, OPENED_BY[action]);
  if (code === 'NOT_FOUND') throw new AppError('NOT_FOUND');
  throw new AppError('INVALID_STATE', `cannot ${action} a connection that is ${c.status}`, { detail: { status: c.status, action } });
}

/** Checks the permission for an action before anything is looked up (nothing about the record is confirmed). */
async function accessForAction(deps: Deps, caller: Caller, facilityId: string, action: ConnectionUiAction): Promise<ConnectionAccess> {
  const a = await accessFor(deps, caller, facilityId);
  if (!mayAttempt(a, action)) deny(a.view.actor, OPENED_BY[action]);
  return a;
}

/** The connection if it exists in the facility and lies in the caller's view; NOT_FOUND otherwise. */
async function findInView(db: Db, view: LedgerView, facilityId: string, id: string): Promise<repo.Connection> {
  const c = await repo.findConnection(db, facilityId, id);
  if (!c || !inView(view, c.vendorId)) throw new AppError('NOT_FOUND');
  return c;
}

// --- reads --------------------------------------------------------------------------------------

export interface ConnectionPage {
  items: ConnectionView[];
  total: number;
  page: number;
  pageSize: number;
}

export async function listConnections(deps: Deps, caller: Caller, facilityId: string, query: TConnectionListQuery): Promise<ConnectionPage> {
  const view = await authorizeLedgerView(deps, caller, facilityId);
  const today = ledgerToday(deps);
  const filter: repo.ConnectionFilter = {
    facilityId,
    vendorIds: view.vendorIds,
    q: query.q || undefined,
    status: query.status,
    kind: query.kind,
    vendorId: query.vendorId,
    assetId: query.assetId,
    live: query.live === 'true',
  };
  const offset = (query.page - 1) * query.pageSize;
  if (query.flag) {
    // Flags are derived (dates, the entry device, the KEV signals), not stored: load the facility's matching lines,
    // compute their flags and page in memory. A hospital has tens to a few hundred lines (ADR 0004).
    const flag = query.flag;
    const all = await repo.listConnections(deps.dialect, deps.db, filter, query.sort);
    const kev = await kevAssets(deps, facilityId, all);
    const flagged = all.map((c) => withFlags(c, kev, today)).filter((c) => c.flags.includes(flag));
    return { items: flagged.slice(offset, offset + query.pageSize), total: flagged.length, page: query.page, pageSize: query.pageSize };
  }
  const [total, rows] = await Promise.all([
    repo.countConnections(deps.dialect, deps.db, filter),
    repo.listConnections(deps.dialect, deps.db, filter, query.sort, { limit: query.pageSize, offset }),
  ]);
  const kev = await kevAssets(deps, facilityId, rows);
  return { items: rows.map((c) => withFlags(c, kev, today)), total, page: query.page, pageSize: query.pageSize };
}

/** Lines whose approval ends within this many days count as expiring soon. */
export const EXPIRING_SOON_DAYS = 30;

export interface ConnectionSummary {
  requested: number;
  active: number;
  expired: number;
  flagged: number;
  expiringSoon: number;
}

/** Counts for the approval inbox badge and the dashboard, over the caller's view. */
export async function connectionSummary(deps: Deps, caller: Caller, facilityId: string): Promise<ConnectionSummary> {
  const view = await authorizeLedgerView(deps, caller, facilityId);
  const today = ledgerToday(deps);
  const live = await repo.listConnections(deps.dialect, deps.db, { facilityId, vendorIds: view.vendorIds, live: true }, 'name');
  const kev = await kevAssets(deps, facilityId, live);
  const soon = addDays(today, EXPIRING_SOON_DAYS);
  const views = live.map((c) => withFlags(c, kev, today));
  const count = (p: (c: ConnectionView) => boolean) => views.filter(p).length;
  return {
    requested: count((c) => c.status === 'requested'),
    active: count((c) => c.status === 'active'),
    expired: count((c) => c.status === 'expired'),
    flagged: count((c) => c.flags.length > 0),
    expiringSoon: count((c) => c.status === 'active' && c.expiresOn !== null && c.expiresOn >= today && c.expiresOn <= soon),
  };
}

async function detailOf(deps: Deps, a: ConnectionAccess, c: repo.Connection): Promise<ConnectionDetailView> {
  const today = ledgerToday(deps);
  const [targets, events, kev] = await Promise.all([
    repo.targetsOf(deps.db, c.facilityId, c.id),
    repo.listEvents(deps.db, c.facilityId, c.id),
    kevAssets(deps, c.facilityId, [c]),
  ]);
  return { ...withFlags(c, kev, today), targets, events, allowedActions: allowedActions(a, c, today) };
}

async function detailById(deps: Deps, a: ConnectionAccess, facilityId: string, id: string): Promise<ConnectionDetailView> {
  return detailOf(deps, a, await findInView(deps.db, a.view, facilityId, id));
}

export async function getConnection(deps: Deps, caller: Caller, facilityId: string, connectionId: string): Promise<ConnectionDetailView> {
  const a = await accessFor(deps, caller, facilityId);
  return detailById(deps, a, facilityId, connectionId);
}

// --- values, validation and the audit view --------------------------------------------------------

/** The stored fields of a connection that people edit (the status and decision fields change through actions). */
export interface ConnectionValues {
  name: string;
  vendorId: string | null;
  purpose: string | null;
  kind: repo.Connection['kind'];
  entryAssetId: string | null;
  targetAssetIds: string[];
  segmentId: string | null;
  internetFacing: boolean;
  auth: repo.Connection['auth'];
  accountMode: repo.Connection['accountMode'];
  accounts: string | null;
  allowedDays: Weekday[];
  allowedFrom: string | null;
  allowedTo: string | null;
  logLocation: string | null;
  credentialsRotatedOn: string | null;
  reviewIntervalMonths: number;
  lastUsedOn: string | null;
  notes: string | null;
}
export const CONNECTION_VALUE_FIELDS = [
  'name', 'vendorId', 'purpose', 'kind', 'entryAssetId', 'targetAssetIds', 'segmentId', 'internetFacing', 'auth', 'accountMode', 'accounts',
  'allowedDays', 'allowedFrom', 'allowedTo', 'logLocation', 'credentialsRotatedOn', 'reviewIntervalMonths', 'lastUsedOn', 'notes',
] as const satisfies readonly (keyof ConnectionValues)[];

/** The lifecycle fields an import (or the demo) may set directly. */
export interface LifecycleValues {
  status: ConnectionStatus;
  approvedOn: string | null;
  expiresOn: string | null;
  activatedOn: string | null;
  retiredOn: string | null;
}

/** Weekdays without repeats, in calendar order (mon … sun). */
export const weekdayList = (days: readonly Weekday[]): Weekday[] => WEEKDAYS.filter((d) => days.includes(d));

/** The values of an existing connection (targets passed separately: the row does not hold them). */
export function valuesOf(c: repo.Connection, targetAssetIds: string[]): ConnectionValues {
  return {
    name: c.name,
    vendorId: c.vendorId,
    purpose: c.purpose,
    kind: c.kind,
    entryAssetId: c.entryAsset?.id ?? null,
    targetAssetIds,
    segmentId: c.ownSegmentId,
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
    lastUsedOn: c.lastUsedOn,
    notes: c.notes,
  };
}

const sameValue = (a: unknown, b: unknown) => (Array.isArray(a) || Array.isArray(b) ? JSON.stringify(a) === JSON.stringify(b) : a === b);

/** The fields (CONNECTION_VALUE_FIELDS order) whose value differs; targets compare as sets. */
export function changedFields(before: ConnectionValues, after: ConnectionValues): (keyof ConnectionValues)[] {
  return CONNECTION_VALUE_FIELDS.filter((f) =>
    f === 'targetAssetIds' ? !sameValue([...before.targetAssetIds].sort(), [...after.targetAssetIds].sort()) : !sameValue(before[f], after[f]),
  );
}

function valueColumns(v: Partial<ConnectionValues>): Partial<repo.ConnectionRow> {
  return {
    ...(v.name !== undefined && { name: v.name }),
    ...(v.vendorId !== undefined && { vendor_id: v.vendorId }),
    ...(v.purpose !== undefined && { purpose: v.purpose }),
    ...(v.kind !== undefined && { kind: v.kind }),
    ...(v.entryAssetId !== undefined && { entry_asset_id: v.entryAssetId }),
    ...(v.segmentId !== undefined && { segment_id: v.segmentId }),
    ...(v.internetFacing !== undefined && { internet_facing: v.internetFacing ? 1 : 0 }),
    ...(v.auth !== undefined && { auth: v.auth }),
    ...(v.accountMode !== undefined && { account_mode: v.accountMode }),
    ...(v.accounts !== undefined && { accounts: v.accounts }),
    ...(v.allowedDays !== undefined && { allowed_days: JSON.stringify(weekdayList(v.allowedDays)) }),
    ...(v.allowedFrom !== undefined && { allowed_from: v.allowedFrom }),
    ...(v.allowedTo !== undefined && { allowed_to: v.allowedTo }),
    ...(v.logLocation !== undefined && { log_location: v.logLocation }),
    ...(v.credentialsRotatedOn !== undefined && { credentials_rotated_on: v.credentialsRotatedOn }),
    ...(v.reviewIntervalMonths !== undefined && { review_interval_months: v.reviewIntervalMonths }),
    ...(v.lastUsedOn !== undefined && { last_used_on: v.lastUsedOn }),
    ...(v.notes !== undefined && { notes: v.notes }),
  };
}

function lifecycleColumns(l: Partial<LifecycleValues>): Partial<repo.ConnectionRow> {
  return {
    ...(l.status !== undefined && { status: l.status }),
    ...(l.approvedOn !== undefined && { approved_on: l.approvedOn }),
    ...(l.expiresOn !== undefined && { expires_on: l.expiresOn }),
    ...(l.activatedOn !== undefined && { activated_on: l.activatedOn }),
    ...(l.retiredOn !== undefined && { retired_on: l.retiredOn }),
  };
}

/** What the audit log keeps of a connection: the stored fields and the target ids, without derived flags. */
export function auditView(c: repo.Connection, targetAssetIds: readonly string[]) {
  return {
    id: c.id,
    ...valuesOf(c, [...targetAssetIds]),
    // The stored id, also when the entry device has since been deleted.
    entryAssetId: c.entryAssetId,
    vendorName: c.vendorName,
    status: c.status,
    requestedBy: c.requestedBy,
    decidedBy: c.decidedBy,
    decisionComment: c.decisionComment,
    approvedOn: c.approvedOn,
    expiresOn: c.expiresOn,
    activatedOn: c.activatedOn,
    retiredOn: c.retiredOn,
  };
}

function invalid(issues: FieldIssue[]): never {
  throw new AppError('VALIDATION_FAILED', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
}

/**
 * The references of (new or changed) values: a live vendor, live assets and a segment of the facility, and a
 * time range given in full or not at all. Only the fields present in `v` are checked (time range: on `merged`).
 */
async function checkReferences(db: Db, facilityId: string, v: Partial<ConnectionValues>, merged: Pick<ConnectionValues, 'allowedFrom' | 'allowedTo'>, issues: FieldIssue[]): Promise<void> {
  if (v.vendorId && !issues.some((i) => i.path === 'vendorId') && !(await repo.isLiveVendor(db, facilityId, v.vendorId))) {
    issues.push({ path: 'vendorId', message: 'unknown_vendor' });
  }
  const assetIds = [...(v.entryAssetId ? [v.entryAssetId] : []), ...(v.targetAssetIds ?? [])];
  if (assetIds.length > 0) {
    const live = await repo.liveAssetIds(db, facilityId, assetIds);
    if (v.entryAssetId && !live.has(v.entryAssetId)) issues.push({ path: 'entryAssetId', message: 'unknown_asset' });
    (v.targetAssetIds ?? []).forEach((id, i) => {
      if (!live.has(id)) issues.push({ path: `targetAssetIds.${i}`, message: 'unknown_asset' });
    });
  }
  if (v.segmentId && !(await repo.isSegment(db, facilityId, v.segmentId))) issues.push({ path: 'segmentId', message: 'unknown_segment' });
  if ((merged.allowedFrom === null) !== (merged.allowedTo === null)) {
    issues.push({ path: merged.allowedFrom === null ? 'allowedFrom' : 'allowedTo', message: 'time_range_incomplete' });
  }
}

/** A vendor user may name only one of their own vendors (an unknown id and someone else's look the same). */
function checkOwnVendor(view: LedgerView, vendorId: string | null | undefined, issues: FieldIssue[]): void {
  if (view.vendorIds === null || vendorId === undefined) return;
  if (vendorId === null) issues.push({ path: 'vendorId', message: 'required' });
  else if (!view.vendorIds.includes(vendorId)) issues.push({ path: 'vendorId', message: 'unknown_vendor' });
}

const actorId = (caller: Caller) => (caller.actor && caller.actor.userId !== 'cli' ? caller.actor.userId : null);

function eventRow(deps: Deps, caller: Caller, c: { id: string; facilityId: string }, action: ConnectionEventAction, from: ConnectionStatus | null, to: ConnectionStatus | null, comment: string | null): repo.ConnectionEventRow {
  return {
    id: newId(),
    facility_id: c.facilityId,
    connection_id: c.id,
    at: deps.clock.now().toISOString(),
    actor_user_id: actorId(caller),
    actor: caller.label,
    action,
    from_status: from,
    to_status: to,
    comment,
  };
}

// --- writes (inside a transaction, without permission checks: the service, the import, the demo) ---

export interface WriteNewOptions {
  /** Lifecycle fields; default: a request (status `requested`). */
  lifecycle?: Partial<LifecycleValues>;
  /** The history comment of the `request` event. */
  comment: string | null;
  /** The audit action: `request` when a person files it, `create` when an import or the demo records it. */
  auditAction: 'request' | 'create';
}

/** Inserts a connection with its targets, its first history event and its audit event. Values must be valid. */
export async function writeNewConnection(deps: Deps, trx: Db, caller: Caller, facilityId: string, v: ConnectionValues, options: WriteNewOptions): Promise<repo.Connection> {
  const now = deps.clock.now().toISOString();
  const id = newId();
  const status = options.lifecycle?.status ?? 'requested';
  await repo.insertConnection(trx, {
    id,
    facility_id: facilityId,
    name: v.name,
    vendor_id: v.vendorId,
    purpose: v.purpose,
    kind: v.kind,
    entry_asset_id: v.entryAssetId,
    segment_id: v.segmentId,
    internet_facing: v.internetFacing ? 1 : 0,
    auth: v.auth,
    account_mode: v.accountMode,
    accounts: v.accounts,
    allowed_days: JSON.stringify(weekdayList(v.allowedDays)),
    allowed_from: v.allowedFrom,
    allowed_to: v.allowedTo,
    log_location: v.logLocation,
    credentials_rotated_on: v.credentialsRotatedOn,
    review_interval_months: v.reviewIntervalMonths,
    status,
    requested_by_user_id: actorId(caller),
    requested_by: caller.label,
    requested_at: now,
    decided_by: null,
    decided_at: null,
    decision_comment: null,
    approved_on: options.lifecycle?.approvedOn ?? null,
    expires_on: options.lifecycle?.expiresOn ?? null,
    activated_on: options.lifecycle?.activatedOn ?? null,
    retired_on: options.lifecycle?.retiredOn ?? null,
    last_used_on: v.lastUsedOn,
    notes: v.notes,
    created_at: now,
    updated_at: now,
  });
  const targets = unique(v.targetAssetIds);
  await repo.replaceTargets(trx, facilityId, id, targets);
  const created = (await repo.findConnection(trx, facilityId, id))!;
  await repo.insertEvents(trx, [eventRow(deps, caller, created, 'request', null, status, options.comment)]);
  await recordAudit(deps, trx, caller, { facilityId, entityType: 'connection', entityId: id, action: options.auditAction, after: auditView(created, targets) });
  await exposureChanged(deps, trx, caller, facilityId, [v.entryAssetId, ...targets]);
  return created;
}

/**
 * Applies changed values (and, from an import, lifecycle fields) to a connection with an `update` history event
 * naming the changed fields and an `update` audit event. Values must be valid.
 */
export async function writeConnectionChanges(
  deps: Deps,
  trx: Db,
  caller: Caller,
  before: repo.Connection,
  beforeTargets: string[],
  changes: Partial<ConnectionValues>,
  options: { lifecycle?: Partial<LifecycleValues>; comment: string | null },
): Promise<repo.Connection> {
  const now = deps.clock.now().toISOString();
  await repo.updateConnection(trx, before.facilityId, before.id, { ...valueColumns(changes), ...lifecycleColumns(options.lifecycle ?? {}), updated_at: now });
  const targets = changes.targetAssetIds !== undefined ? unique(changes.targetAssetIds) : beforeTargets;
  if (changes.targetAssetIds !== undefined) await repo.replaceTargets(trx, before.facilityId, before.id, targets);
  const after = (await repo.findConnection(trx, before.facilityId, before.id))!;
  const statusChanged = after.status !== before.status;
  await repo.insertEvents(trx, [eventRow(deps, caller, after, 'update', statusChanged ? before.status : null, statusChanged ? after.status : null, options.comment)]);
  await recordAudit(deps, trx, caller, {
    facilityId: before.facilityId,
    entityType: 'connection',
    entityId: before.id,
    action: 'update',
    before: auditView(before, beforeTargets),
    after: auditView(after, targets),
  });
  await exposureChanged(deps, trx, caller, before.facilityId, [before.entryAssetId, after.entryAssetId, ...beforeTargets, ...targets]);
  return after;
}

function createValues(input: TConnectionCreate): ConnectionValues {
  return {
    name: input.name.trim(),
    vendorId: input.vendorId ?? null,
    purpose: clean(input.purpose),
    kind: input.kind,
    entryAssetId: input.entryAssetId ?? null,
    targetAssetIds: unique(input.targetAssetIds ?? []),
    segmentId: input.segmentId ?? null,
    internetFacing: input.internetFacing ?? false,
    auth: input.auth,
    accountMode: input.accountMode,
    accounts: clean(input.accounts),
    allowedDays: weekdayList(input.allowedDays ?? []),
    allowedFrom: input.allowedFrom ?? null,
    allowedTo: input.allowedTo ?? null,
    logLocation: clean(input.logLocation),
    credentialsRotatedOn: input.credentialsRotatedOn ?? null,
    reviewIntervalMonths: input.reviewIntervalMonths ?? 12,
    lastUsedOn: input.lastUsedOn ?? null,
    notes: clean(input.notes),
  };
}

/**
 * Validates and inserts a connection inside an existing transaction, without permission checks (the service, the
 * demo). `lifecycle` lets the demo record lines that are already approved or in use.
 */
export async function insertConnectionTx(
  deps: Deps,
  trx: Db,
  caller: Caller,
  facilityId: string,
  input: TConnectionCreate,
  options: { lifecycle?: Partial<LifecycleValues>; issues?: FieldIssue[] } = {},
): Promise<repo.Connection> {
  const v = createValues(input);
  const issues = [...(options.issues ?? [])];
  await checkReferences(trx, facilityId, v, v, issues);
  if (issues.length > 0) invalid(issues);
  return writeNewConnection(deps, trx, caller, facilityId, v, {
    comment: clean(input.comment),
    auditAction: options.lifecycle ? 'create' : 'request',
    ...(options.lifecycle && { lifecycle: options.lifecycle }),
  });
}

/** 申請: files a request for a new line (status `requested`). A vendor user must name one of their own vendors. */
export async function createConnection(deps: Deps, caller: Caller, facilityId: string, input: TConnectionCreate): Promise<ConnectionDetailView> {
  const a = await accessFor(deps, caller, facilityId);
  if (!a.write && !a.request) deny(a.view.actor, ['connection.request', 'ledger.write']);
  const issues: FieldIssue[] = [];
  checkOwnVendor(a.view, input.vendorId ?? null, issues);
  const created = await deps.db.transaction().execute((trx) => insertConnectionTx(deps, trx, caller, facilityId, input, { issues }));
  return detailById(deps, a, facilityId, created.id);
}

/** Changes fields of a connection (never its status). */
export async function updateConnection(deps: Deps, caller: Caller, facilityId: string, connectionId: string, input: TConnectionUpdate): Promise<ConnectionDetailView> {
  const a = await accessForAction(deps, caller, facilityId, 'edit');
  const today = ledgerToday(deps);
  await deps.db.transaction().execute(async (trx) => {
    const before = await findInView(trx, a.view, facilityId, connectionId);
    const refusal = connectionRefusal(a, before, 'edit', today);
    if (refusal) refuse(refusal, a, before, 'edit');
    const beforeTargets = (await repo.targetsOf(trx, facilityId, connectionId)).map((t) => t.id);
    const old = valuesOf(before, beforeTargets);
    const patch: Partial<ConnectionValues> = {
      ...(input.name !== undefined && { name: input.name.trim() }),
      ...(input.vendorId !== undefined && { vendorId: input.vendorId }),
      ...(input.purpose !== undefined && { purpose: clean(input.purpose) }),
      ...(input.kind !== undefined && { kind: input.kind }),
      ...(input.entryAssetId !== undefined && { entryAssetId: input.entryAssetId }),
      ...(input.targetAssetIds !== undefined && { targetAssetIds: unique(input.targetAssetIds) }),
      ...(input.segmentId !== undefined && { segmentId: input.segmentId }),
      ...(input.internetFacing !== undefined && { internetFacing: input.internetFacing }),
      ...(input.auth !== undefined && { auth: input.auth }),
      ...(input.accountMode !== undefined && { accountMode: input.accountMode }),
      ...(input.accounts !== undefined && { accounts: clean(input.accounts) }),
      ...(input.allowedDays !== undefined && { allowedDays: weekdayList(input.allowedDays) }),
      ...(input.allowedFrom !== undefined && { allowedFrom: input.allowedFrom }),
      ...(input.allowedTo !== undefined && { allowedTo: input.allowedTo }),
      ...(input.logLocation !== undefined && { logLocation: clean(input.logLocation) }),
      ...(input.credentialsRotatedOn !== undefined && { credentialsRotatedOn: input.credentialsRotatedOn }),
      ...(input.reviewIntervalMonths !== undefined && { reviewIntervalMonths: input.reviewIntervalMonths }),
      ...(input.lastUsedOn !== undefined && { lastUsedOn: input.lastUsedOn }),
      ...(input.notes !== undefined && { notes: clean(input.notes) }),
    };
    const merged: ConnectionValues = { ...old, ...patch };
    const changed = changedFields(old, merged);
    if (changed.length === 0) return;
    const changes = Object.fromEntries(changed.map((f) => [f, merged[f]])) as Partial<ConnectionValues>;
    const issues: FieldIssue[] = [];
    checkOwnVendor(a.view, changes.vendorId, issues);
    await checkReferences(trx, facilityId, changes, merged, issues);
    if (issues.length > 0) invalid(issues);
    await writeConnectionChanges(deps, trx, caller, before, beforeTargets, changes, { comment: changed.join(', ') });
  });
  return detailById(deps, a, facilityId, connectionId);
}

// --- lifecycle actions --------------------------------------------------------------------------

/**
 * One lifecycle action: permission (before any lookup), the record in view, the transition allowed from its
 * status, then the change, one history event and one audit event in one transaction.
 */
async function transition(
  deps: Deps,
  caller: Caller,
  facilityId: string,
  connectionId: string,
  action: ConnectionAction,
  comment: string | null,
  fields: (c: repo.Connection, today: string, now: string) => Partial<repo.ConnectionRow>,
): Promise<ConnectionDetailView> {
  const a = await accessForAction(deps, caller, facilityId, action);
  const today = ledgerToday(deps);
  await deps.db.transaction().execute(async (trx) => {
    const before = await findInView(trx, a.view, facilityId, connectionId);
    const refusal = connectionRefusal(a, before, action, today);
    if (refusal) refuse(refusal, a, before, action);
    const now = deps.clock.now().toISOString();
    const to = CONNECTION_TRANSITIONS[action].to;
    await repo.updateConnection(trx, facilityId, connectionId, { ...fields(before, today, now), status: to, updated_at: now });
    const after = (await repo.findConnection(trx, facilityId, connectionId))!;
    const targets = (await repo.targetsOf(trx, facilityId, connectionId)).map((t) => t.id);
    await repo.insertEvents(trx, [eventRow(deps, caller, after, action, before.status, to, comment)]);
    await recordAudit(deps, trx, caller, {
      facilityId,
      entityType: 'connection',
      entityId: connectionId,
      action,
      before: auditView(before, targets),
      after: { ...auditView(after, targets), ...(comment !== null && { comment }) },
    });
    await exposureChanged(deps, trx, caller, facilityId, [after.entryAssetId, ...targets]);
  });
  return detailById(deps, a, facilityId, connectionId);
}

/** 承認: from `requested`; the approval runs until `expiresOn` (default: today + the review interval). */
export async function approveConnection(deps: Deps, caller: Caller, facilityId: string, connectionId: string, input: TConnectionApprove): Promise<ConnectionDetailView> {
  const comment = clean(input.comment);
  return transition(deps, caller, facilityId, connectionId, 'approve', comment, (c, today, now) => {
    const expiresOn = input.expiresOn ?? defaultExpiry(today, c.reviewIntervalMonths);
    if (expiresOn < today) invalid([{ path: 'expiresOn', message: 'expires_before_today' }]);
    return { approved_on: today, expires_on: expiresOn, decided_by: caller.label, decided_at: now, decision_comment: comment };
  });
}

/** 却下: from `requested`, with the reason. */
export async function rejectConnection(deps: Deps, caller: Caller, facilityId: string, connectionId: string, input: { comment: string }): Promise<ConnectionDetailView> {
  const comment = clean(input.comment);
  if (!comment) {
    // Checked before the lookup, like the HTTP schema does.
    await accessForAction(deps, caller, facilityId, 'reject');
    invalid([{ path: 'comment', message: 'required' }]);
  }
  return transition(deps, caller, facilityId, connectionId, 'reject', comment, (_c, _today, now) => ({ decided_by: caller.label, decided_at: now, decision_comment: comment }));
}

/** 有効化: the approved line is opened. */
export async function activateConnection(deps: Deps, caller: Caller, facilityId: string, connectionId: string, input: { comment?: string | null | undefined }): Promise<ConnectionDetailView> {
  return transition(deps, caller, facilityId, connectionId, 'activate', clean(input.comment), (_c, today) => ({ activated_on: today }));
}

/** 廃止: the line is closed for good (from any status but retired). */
export async function retireConnection(deps: Deps, caller: Caller, facilityId: string, connectionId: string, input: { comment?: string | null | undefined }): Promise<ConnectionDetailView> {
  return transition(deps, caller, facilityId, connectionId, 'retire', clean(input.comment), (_c, today) => ({ retired_on: today }));
}

/** 再申請: a rejected or expired line is requested again; the previous decision is cleared (the history keeps it). */
export async function resubmitConnection(deps: Deps, caller: Caller, facilityId: string, connectionId: string, input: { comment?: string | null | undefined }): Promise<ConnectionDetailView> {
  return transition(deps, caller, facilityId, connectionId, 'resubmit', clean(input.comment), () => ({ decided_by: null, decided_at: null, decision_comment: null }));
}

// --- expiry -------------------------------------------------------------------------------------

/** The scheduler's caller in the audit log (no user). */
export const SYSTEM_CALLER: Caller = { actor: null, ip: null, label: 'system' };

/**
 * 期限切れ: every active or approved line (all facilities) whose approval ended before today (JST) becomes
 * `expired`, with an `expire` history event and an audit event by `system`, all in one transaction.
 * Idempotent: a second run finds nothing. Returns how many lines it moved.
 */
export async function expireConnections(deps: Deps): Promise<number> {
  const today = ledgerToday(deps);
  return deps.db.transaction().execute(async (trx) => {
    const candidates = await repo.expiredApprovals(trx, today);
    if (candidates.length === 0) return 0;
    const now = deps.clock.now().toISOString();
    const moved = await repo.markExpired(
      trx,
      candidates.map((d) => d.id),
      now,
    );
    const due = candidates.filter((d) => moved.has(d.id));
    if (due.length === 0) return 0;
    await repo.insertEvents(
      trx,
      due.map((d) => eventRow(deps, SYSTEM_CALLER, d, 'expire', d.status, 'expired', null)),
    );
    await recordAuditMany(
      deps,
      trx,
      SYSTEM_CALLER,
      due.map((d) => ({
        facilityId: d.facilityId,
        entityType: 'connection',
        entityId: d.id,
        action: 'expire',
        before: { status: d.status, expiresOn: d.expiresOn },
        after: { status: 'expired', expiresOn: d.expiresOn },
      })),
    );
    return due.length;
  });
}
