import { sql, type SqlBool } from 'kysely';
import type { AccountMode, ConnectionAuth, ConnectionKind, ConnectionStatus, Weekday } from '../../../shared/connections.ts';
import type { Db } from '../../db/database.ts';
import { anyContainsInsensitive, type DialectName } from '../../db/dialect.ts';
import type { ConnectionEventsTable, ExternalConnectionsTable } from '../../db/schema.ts';

/**
 * 外部接続・リモート保守台帳: all SQL of the connections module. Every query is scoped by facility_id; lists
 * and lookups take the vendor view (`vendorIds`, null = the whole facility) of authorizeLedgerView.
 * Vendors, assets and segments are read here directly (their names, and whether an id is live in the facility).
 */

export type ConnectionRow = ExternalConnectionsTable;
export type ConnectionEventRow = ConnectionEventsTable;

/** An asset as a connection shows it (entry device or target). */
export interface AssetRef {
  id: string;
  name: string;
  assetTag: string | null;
  type: string;
  exposure: string;
  endOfSupport: string | null;
  segmentId: string | null;
}

/** A connection as the services see it: lists parsed, booleans mapped, with vendor, entry device and segment. */
export interface Connection {
  id: string;
  facilityId: string;
  name: string;
  vendorId: string | null;
  vendorName: string | null;
  purpose: string | null;
  kind: ConnectionKind;
  /** As stored (the device may have been deleted since; then `entryAsset` is null). */
  entryAssetId: string | null;
  entryAsset: AssetRef | null;
  /** The connection's own segment (used when there is no entry device in the ledger). */
  ownSegmentId: string | null;
  /** The entry device's segment, else the connection's own. */
  segmentId: string | null;
  segmentName: string | null;
  targetCount: number;
  internetFacing: boolean;
  auth: ConnectionAuth;
  accountMode: AccountMode;
  accounts: string | null;
  allowedDays: Weekday[];
  allowedFrom: string | null;
  allowedTo: string | null;
  logLocation: string | null;
  credentialsRotatedOn: string | null;
  reviewIntervalMonths: number;
  status: ConnectionStatus;
  requestedByUserId: string | null;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionComment: string | null;
  approvedOn: string | null;
  expiresOn: string | null;
  activatedOn: string | null;
  retiredOn: string | null;
  lastUsedOn: string | null;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ConnectionEvent {
  id: string;
  at: string;
  actor: string;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  comment: string | null;
}

function parseList(json: string): string[] {
  const v = JSON.parse(json) as unknown;
  return Array.isArray(v) ? v.map(String) : [];
}

/** Live connections and rejected/retired ones differ only in the flags; `live` in lists leaves these out. */
const NOT_LIVE: ConnectionStatus[] = ['rejected', 'retired'];

/** A facility's connections with vendor name, live entry device, the effective segment and the number of live targets. */
function selectConnections(db: Db) {
  return db
    .selectFrom('external_connections as c')
    .leftJoin('vendors as v', 'v.id', 'c.vendor_id')
    .leftJoin('assets as e', (j) => j.onRef('e.id', '=', 'c.entry_asset_id').on('e.deleted_at', 'is', null))
    .leftJoin('network_segments as s', (j) => j.on(sql<SqlBool>`${sql.ref('s.id')} = coalesce(${sql.ref('e.segment_id')}, ${sql.ref('c.segment_id')})`))
    .selectAll('c')
    .select([
      'v.name as vendor_name',
      'e.id as entry_id',
      'e.name as entry_name',
      'e.asset_tag as entry_tag',
      'e.type as entry_type',
      'e.exposure as entry_exposure',
      'e.end_of_support as entry_eos',
      'e.segment_id as entry_segment_id',
      's.id as seg_id',
      's.name as seg_name',
    ])
    .select((eb) =>
      eb
        .selectFrom('connection_targets as t')
        .innerJoin('assets as ta', 'ta.id', 't.asset_id')
        .select((eb2) => eb2.fn.countAll<number>().as('n'))
        .whereRef('t.connection_id', '=', 'c.id')
        .where('ta.deleted_at', 'is', null)
        .as('target_count'),
    );
}

type SelectedRow = Awaited<ReturnType<ReturnType<typeof selectConnections>['executeTakeFirstOrThrow']>>;

export function toConnection(r: SelectedRow): Connection {
  return {
    id: r.id,
    facilityId: r.facility_id,
    name: r.name,
    vendorId: r.vendor_id,
    vendorName: r.vendor_name,
    purpose: r.purpose,
    kind: r.kind as ConnectionKind,
    entryAssetId: r.entry_asset_id,
    entryAsset: r.entry_id
      ? {
          id: r.entry_id,
          name: r.entry_name!,
          assetTag: r.entry_tag,
          type: r.entry_type!,
          exposure: r.entry_exposure!,
          endOfSupport: r.entry_eos,
          segmentId: r.entry_segment_id,
        }
      : null,
    ownSegmentId: r.segment_id,
    segmentId: r.seg_id,
    segmentName: r.seg_name,
    targetCount: Number(r.target_count ?? 0),
    internetFacing: Number(r.internet_facing) === 1,
    auth: r.auth as ConnectionAuth,
    accountMode: r.account_mode as AccountMode,
    accounts: r.accounts,
    allowedDays: parseList(r.allowed_days) as Weekday[],
    allowedFrom: r.allowed_from,
    allowedTo: r.allowed_to,
    logLocation: r.log_location,
    credentialsRotatedOn: r.credentials_rotated_on,
    reviewIntervalMonths: Number(r.review_interval_months),
    status: r.status as ConnectionStatus,
    requestedByUserId: r.requested_by_user_id,
    requestedBy: r.requested_by,
    requestedAt: r.requested_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    decisionComment: r.decision_comment,
    approvedOn: r.approved_on,
    expiresOn: r.expires_on,
    activatedOn: r.activated_on,
    retiredOn: r.retired_on,
    lastUsedOn: r.last_used_on,
    notes: r.notes,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

// --- listing ------------------------------------------------------------------------------------

export interface ConnectionFilter {
  facilityId: string;
  /** null = every connection of the facility; otherwise only these vendors' (none when empty). */
  vendorIds: readonly string[] | null;
  q?: string | undefined;
  status?: ConnectionStatus | undefined;
  kind?: ConnectionKind | undefined;
  vendorId?: string | undefined;
  /** Connections whose entry device or targets include this asset. */
  assetId?: string | undefined;
  /** Leave out rejected and retired lines. */
  live?: boolean | undefined;
}

const SORT_COLUMNS = {
  name: 'c.name',
  status: 'c.status',
  kind: 'c.kind',
  expiresOn: 'c.expires_on',
  requestedAt: 'c.requested_at',
  updatedAt: 'c.updated_at',
} as const;
export type ConnectionSort = keyof typeof SORT_COLUMNS | `-${keyof typeof SORT_COLUMNS}`;

type ConnectionQuery = ReturnType<typeof selectConnections>;

function applyFilter(dialect: DialectName, q: ConnectionQuery, f: ConnectionFilter): ConnectionQuery {
  q = q.where('c.facility_id', '=', f.facilityId);
  if (f.vendorIds !== null) {
    if (f.vendorIds.length === 0) return q.where(sql<SqlBool>`1 = 0`);
    q = q.where('c.vendor_id', 'in', [...f.vendorIds]);
  }
  if (f.status) q = q.where('c.status', '=', f.status);
  if (f.kind) q = q.where('c.kind', '=', f.kind);
  if (f.vendorId) q = q.where('c.vendor_id', '=', f.vendorId);
  if (f.live) q = q.where('c.status', 'not in', NOT_LIVE);
  if (f.assetId) {
    const assetId = f.assetId;
    q = q.where((eb) =>
      eb.or([
        eb('c.entry_asset_id', '=', assetId),
        eb.exists(eb.selectFrom('connection_targets as ft').select('ft.asset_id').whereRef('ft.connection_id', '=', 'c.id').where('ft.asset_id', '=', assetId)),
      ]),
    );
  }
  if (f.q) q = q.where(anyContainsInsensitive(dialect, ['c.name', 'c.purpose', 'v.name', 'e.name'], f.q));
  return q;
}

export async function countConnections(dialect: DialectName, db: Db, f: ConnectionFilter): Promise<number> {
  // The search reaches the vendor's and the entry device's names, so the count keeps the joins.
  const q = applyFilter(dialect, selectConnections(db), f).clearSelect().select((eb) => eb.fn.countAll<number>().as('n'));
  const r = await q.executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Connections matching the filter, sorted (empty values last in either direction, ties by id). Without
 * `page`, every match: the service does that to filter by a derived flag and page in memory.
 */
export async function listConnections(
  dialect: DialectName,
  db: Db,
  f: ConnectionFilter,
  sort: ConnectionSort,
  page?: { limit: number; offset: number },
): Promise<Connection[]> {
  const desc = sort.startsWith('-');
  const column = SORT_COLUMNS[(desc ? sort.slice(1) : sort) as keyof typeof SORT_COLUMNS];
  let q = applyFilter(dialect, selectConnections(db), f)
    .orderBy(column, (ob) => (desc ? ob.desc() : ob.asc()).nullsLast())
    .orderBy('c.id');
  if (page) q = q.limit(page.limit).offset(page.offset);
  return (await q.execute()).map(toConnection);
}

/** Every connection of a facility (import matching, export), in name order. */
export async function allConnections(dialect: DialectName, db: Db, facilityId: string): Promise<Connection[]> {
  return listConnections(dialect, db, { facilityId, vendorIds: null }, 'name');
}

export async function findConnection(db: Db, facilityId: string, id: string): Promise<Connection | undefined> {
  const row = await selectConnections(db).where('c.facility_id', '=', facilityId).where('c.id', '=', id).executeTakeFirst();
  return row ? toConnection(row) : undefined;
}

// --- writes -------------------------------------------------------------------------------------

export async function insertConnection(db: Db, row: ConnectionRow): Promise<void> {
  await db.insertInto('external_connections').values(row).execute();
}

export async function updateConnection(db: Db, facilityId: string, id: string, patch: Partial<Omit<ConnectionRow, 'id' | 'facility_id' | 'created_at'>>): Promise<void> {
  await db.updateTable('external_connections').set(patch).where('facility_id', '=', facilityId).where('id', '=', id).execute();
}

// --- targets ------------------------------------------------------------------------------------

/** The live target assets of a connection, in name order. */
export async function targetsOf(db: Db, facilityId: string, connectionId: string): Promise<AssetRef[]> {
  const rows = await db
    .selectFrom('connection_targets as t')
    .innerJoin('assets as a', 'a.id', 't.asset_id')
    .select(['a.id', 'a.name', 'a.asset_tag', 'a.type', 'a.exposure', 'a.end_of_support', 'a.segment_id'])
    .where('t.facility_id', '=', facilityId)
    .where('t.connection_id', '=', connectionId)
    .where('a.deleted_at', 'is', null)
    .orderBy('a.name')
    .orderBy('a.id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, assetTag: r.asset_tag, type: r.type, exposure: r.exposure, endOfSupport: r.end_of_support, segmentId: r.segment_id }));
}

/** Live target asset ids of every connection of a facility (import comparison, export). */
export async function targetIdsByConnection(db: Db, facilityId: string): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('connection_targets as t')
    .innerJoin('assets as a', 'a.id', 't.asset_id')
    .select(['t.connection_id', 't.asset_id'])
    .where('t.facility_id', '=', facilityId)
    .where('a.deleted_at', 'is', null)
    .orderBy('t.connection_id')
    .orderBy('a.name')
    .orderBy('a.id')
    .execute();
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const list = out.get(r.connection_id);
    if (list) list.push(r.asset_id);
    else out.set(r.connection_id, [r.asset_id]);
  }
  return out;
}

/** Sets a connection's targets to exactly `assetIds`. */
export async function replaceTargets(db: Db, facilityId: string, connectionId: string, assetIds: readonly string[]): Promise<void> {
  await db.deleteFrom('connection_targets').where('facility_id', '=', facilityId).where('connection_id', '=', connectionId).execute();
  if (assetIds.length === 0) return;
  await db
    .insertInto('connection_targets')
    .values(assetIds.map((asset_id) => ({ connection_id: connectionId, asset_id, facility_id: facilityId })))
    .execute();
}

// --- history ------------------------------------------------------------------------------------

export async function insertEvents(db: Db, rows: readonly ConnectionEventRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('connection_events').values(rows.slice(i, i + 500)).execute();
}

/** A connection's history, newest first. */
export async function listEvents(db: Db, facilityId: string, connectionId: string): Promise<ConnectionEvent[]> {
  const rows = await db
    .selectFrom('connection_events')
    .selectAll()
    .where('facility_id', '=', facilityId)
    .where('connection_id', '=', connectionId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, at: r.at, actor: r.actor, action: r.action, fromStatus: r.from_status, toStatus: r.to_status, comment: r.comment }));
}

// --- expiry -------------------------------------------------------------------------------------

/** Open or approved connections (every facility) whose approval ended before `today`. */
export async function expiredApprovals(db: Db, today: string): Promise<{ id: string; facilityId: string; status: ConnectionStatus; expiresOn: string }[]> {
  const rows = await db
    .selectFrom('external_connections')
    .select(['id', 'facility_id', 'status', 'expires_on'])
    .where('status', 'in', ['active', 'approved'])
    .where('expires_on', 'is not', null)
    .where('expires_on', '<', today)
    .orderBy('facility_id')
    .orderBy('expires_on')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, facilityId: r.facility_id, status: r.status as ConnectionStatus, expiresOn: r.expires_on! }));
}

/**
 * Moves the given connections to `expired`, only those still active or approved, and returns their ids (another
 * run that got there first leaves nothing to move, so no line gets two expire events).
 */
export async function markExpired(db: Db, ids: readonly string[], at: string): Promise<Set<string>> {
  const moved = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .updateTable('external_connections')
      .set({ status: 'expired', updated_at: at })
      .where('id', 'in', ids.slice(i, i + 500))
      .where('status', 'in', ['active', 'approved'])
      .returning('id')
      .execute();
    for (const r of rows) moved.add(r.id);
  }
  return moved;
}

// --- references to other ledger records ---------------------------------------------------------

/** Live vendors of a facility (id and name). */
export async function liveVendors(db: Db, facilityId: string): Promise<{ id: string; name: string }[]> {
  return db.selectFrom('vendors').select(['id', 'name']).where('facility_id', '=', facilityId).where('deleted_at', 'is', null).orderBy('name').orderBy('id').execute();
}

export async function isLiveVendor(db: Db, facilityId: string, vendorId: string): Promise<boolean> {
  const r = await db.selectFrom('vendors').select('id').where('facility_id', '=', facilityId).where('id', '=', vendorId).where('deleted_at', 'is', null).executeTakeFirst();
  return r !== undefined;
}

/** Which of `ids` are live assets of the facility. */
export async function liveAssetIds(db: Db, facilityId: string, ids: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('assets')
      .select('id')
      .where('facility_id', '=', facilityId)
      .where('deleted_at', 'is', null)
      .where('id', 'in', unique.slice(i, i + 500))
      .execute();
    for (const r of rows) out.add(r.id);
  }
  return out;
}

/** Live assets of a facility: id, name and tag (import matching, export). */
export async function liveAssets(db: Db, facilityId: string): Promise<{ id: string; name: string; assetTag: string | null }[]> {
  const rows = await db
    .selectFrom('assets')
    .select(['id', 'name', 'asset_tag'])
    .where('facility_id', '=', facilityId)
    .where('deleted_at', 'is', null)
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, assetTag: r.asset_tag }));
}

export async function isSegment(db: Db, facilityId: string, segmentId: string): Promise<boolean> {
  const r = await db.selectFrom('network_segments').select('id').where('facility_id', '=', facilityId).where('id', '=', segmentId).executeTakeFirst();
  return r !== undefined;
}

export async function segmentsOf(db: Db, facilityId: string): Promise<{ id: string; name: string }[]> {
  return db.selectFrom('network_segments').select(['id', 'name']).where('facility_id', '=', facilityId).orderBy('name').orderBy('id').execute();
}
