import { z } from 'zod';
import {
  ACCOUNT_MODES,
  CONNECTION_AUTHS,
  CONNECTION_EVENT_ACTIONS,
  CONNECTION_FLAGS,
  CONNECTION_KINDS,
  CONNECTION_STATUSES,
  isTimeOfDay,
  WEEKDAYS,
} from '../connections.ts';
import { ASSET_TYPES } from '../ledger.ts';
import { ZId } from './common.contract.ts';
import { ZDate } from './ledger.contract.ts';

/**
 * 外部接続・リモート保守台帳 API. Every route is under /api/v1/facilities/:facilityId/connections.
 * Creating a connection files a request (申請); the lifecycle actions are separate POSTs so that each
 * leaves one history event and one audit event.
 */

const ZText = (max: number) => z.string().trim().max(max).nullable().optional();
export const ZTimeOfDay = z.string().trim().refine(isTimeOfDay, { message: 'invalid_time' });

const connectionFields = {
  /** e.g. 「PACS保守回線（○○メディカル）」. */
  name: z.string().trim().min(1).max(200),
  /** The vendor that uses the line (a vendor user can only name their own vendor). */
  vendorId: ZId.nullable().optional(),
  /** 用途: why the line exists (保守, 遠隔読影, 給食発注 …). */
  purpose: ZText(1000),
  kind: z.enum(CONNECTION_KINDS),
  /** The device in the ledger where the line enters (VPN装置, router, FW …). */
  entryAssetId: ZId.nullable().optional(),
  /** The assets reachable through the line. */
  targetAssetIds: z.array(ZId).max(500),
  /** The segment the line enters when the entry device is not in the ledger (else the device's segment is used). */
  segmentId: ZId.nullable().optional(),
  /** Reached from the internet (also true when the entry device's exposure is `internet`). */
  internetFacing: z.boolean(),
  auth: z.enum(CONNECTION_AUTHS),
  accountMode: z.enum(ACCOUNT_MODES),
  /** The accounts used (names or a description, never passwords). */
  accounts: ZText(1000),
  /** Allowed weekdays; empty = every day. */
  allowedDays: z.array(z.enum(WEEKDAYS)).max(7),
  /** Allowed hours (JST) HH:MM–HH:MM; both empty = all day; from > to crosses midnight. */
  allowedFrom: ZTimeOfDay.nullable().optional(),
  allowedTo: ZTimeOfDay.nullable().optional(),
  /** Where connections are logged (e.g. 「FortiGate → syslog サーバ (SV-LOG01)」). */
  logLocation: ZText(500),
  /** The day the credentials were last changed. */
  credentialsRotatedOn: ZDate.nullable().optional(),
  /** Months between reviews; an approval runs for this long unless the approver sets another date. */
  reviewIntervalMonths: z.number().int().min(1).max(60),
  /** The last day the line is known to have been used (from its logs). */
  lastUsedOn: ZDate.nullable().optional(),
  notes: ZText(4000),
};

export const ZConnectionCreate = z.strictObject({
  ...connectionFields,
  targetAssetIds: connectionFields.targetAssetIds.default([]),
  internetFacing: connectionFields.internetFacing.default(false),
  allowedDays: connectionFields.allowedDays.default([]),
  reviewIntervalMonths: connectionFields.reviewIntervalMonths.default(12),
  /** The request's reason, kept in the history. */
  comment: ZText(2000),
});
export type TConnectionCreate = z.infer<typeof ZConnectionCreate>;

/** Every field optional; `null` clears an optional field. The status changes only through the actions. */
export const ZConnectionUpdate = z.strictObject(connectionFields).partial();
export type TConnectionUpdate = z.infer<typeof ZConnectionUpdate>;

const ZAssetRef = z.object({
  id: ZId,
  name: z.string(),
  type: z.enum(ASSET_TYPES),
  exposure: z.string(),
  endOfSupport: z.string().nullable(),
  segmentId: ZId.nullable(),
});

export const ZConnection = z.object({
  id: ZId,
  facilityId: ZId,
  name: z.string(),
  vendorId: ZId.nullable(),
  vendorName: z.string().nullable(),
  purpose: z.string().nullable(),
  kind: z.enum(CONNECTION_KINDS),
  entryAsset: ZAssetRef.nullable(),
  /** The entry device's segment, else the connection's own segmentId. */
  segmentId: ZId.nullable(),
  segmentName: z.string().nullable(),
  targetCount: z.number().int(),
  internetFacing: z.boolean(),
  auth: z.enum(CONNECTION_AUTHS),
  accountMode: z.enum(ACCOUNT_MODES),
  accounts: z.string().nullable(),
  allowedDays: z.array(z.enum(WEEKDAYS)),
  allowedFrom: z.string().nullable(),
  allowedTo: z.string().nullable(),
  logLocation: z.string().nullable(),
  credentialsRotatedOn: z.string().nullable(),
  reviewIntervalMonths: z.number().int(),
  status: z.enum(CONNECTION_STATUSES),
  requestedBy: z.string(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionComment: z.string().nullable(),
  approvedOn: z.string().nullable(),
  /** The last day of the approval; the scheduler moves an active line to `expired` the day after. */
  expiresOn: z.string().nullable(),
  activatedOn: z.string().nullable(),
  retiredOn: z.string().nullable(),
  lastUsedOn: z.string().nullable(),
  notes: z.string().nullable(),
  /** Risk flags as of today (JST). */
  flags: z.array(z.enum(CONNECTION_FLAGS)),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TConnection = z.infer<typeof ZConnection>;

export const ZConnectionEvent = z.object({
  id: ZId,
  at: z.string(),
  actor: z.string(),
  action: z.enum(CONNECTION_EVENT_ACTIONS),
  fromStatus: z.enum(CONNECTION_STATUSES).nullable(),
  toStatus: z.enum(CONNECTION_STATUSES).nullable(),
  comment: z.string().nullable(),
});
export type TConnectionEvent = z.infer<typeof ZConnectionEvent>;

export const ZConnectionDetail = ZConnection.extend({
  targets: z.array(ZAssetRef),
  /** Newest first. */
  events: z.array(ZConnectionEvent),
  /** What the caller may do now (the UI shows only these buttons; the service checks again). */
  allowedActions: z.array(z.enum(['approve', 'reject', 'activate', 'retire', 'resubmit', 'edit'])),
});
export type TConnectionDetail = z.infer<typeof ZConnectionDetail>;

export const CONNECTION_SORT_KEYS = ['name', 'status', 'kind', 'expiresOn', 'requestedAt', 'updatedAt'] as const;
export const CONNECTION_SORTS = [...CONNECTION_SORT_KEYS, ...CONNECTION_SORT_KEYS.map((k) => `-${k}` as const)] as const;

export const ZConnectionListQuery = z.strictObject({
  /** Substring of name, purpose, vendor name or entry device name. */
  q: z.string().trim().max(100).optional(),
  status: z.enum(CONNECTION_STATUSES).optional(),
  kind: z.enum(CONNECTION_KINDS).optional(),
  vendorId: ZId.optional(),
  /** Connections whose entry device or targets include this asset. */
  assetId: ZId.optional(),
  flag: z.enum(CONNECTION_FLAGS).optional(),
  /** `true`: rejected and retired lines are left out. */
  live: z.enum(['true', 'false']).optional(),
  sort: z.enum(CONNECTION_SORTS).default('name'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type TConnectionListQuery = z.infer<typeof ZConnectionListQuery>;

export const ZConnectionPage = z.object({ items: z.array(ZConnection), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type TConnectionPage = z.infer<typeof ZConnectionPage>;

/** POST …/connections/:id/approve. `expiresOn` defaults to today + the review interval. */
export const ZConnectionApprove = z.strictObject({ expiresOn: ZDate.optional(), comment: ZText(2000) });
export type TConnectionApprove = z.infer<typeof ZConnectionApprove>;
/** POST …/reject (a reason is required), …/activate, …/retire, …/resubmit. */
export const ZConnectionReject = z.strictObject({ comment: z.string().trim().min(1).max(2000) });
export const ZConnectionComment = z.strictObject({ comment: ZText(2000) });
export type TConnectionComment = z.infer<typeof ZConnectionComment>;

/** Counts for the approval inbox badge and the dashboard. */
export const ZConnectionSummary = z.object({
  requested: z.number().int(),
  active: z.number().int(),
  expired: z.number().int(),
  /** Live connections with at least one flag. */
  flagged: z.number().int(),
  /** Active lines whose approval ends within 30 days. */
  expiringSoon: z.number().int(),
});
export type TConnectionSummary = z.infer<typeof ZConnectionSummary>;
