import { sql, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { END_OF_SUPPORT_SOON_DAYS, UNKNOWN_VERSION_VALUES, VERSIONED_ASSET_TYPES, addDays, type AssetFlag } from '../../../shared/ledger.ts';
import type { Db } from '../../db/database.ts';
import { anyContainsInsensitive, type DialectName } from '../../db/dialect.ts';
import { ASSET_SEARCH_COLUMNS } from '../../db/migrations/2026_11_24_1000_index_asset_list.ts';
import type { AssetRelationsTable, AssetsTable, Database } from '../../db/schema.ts';

export type AssetRow = AssetsTable;
export type AssetRelationRow = AssetRelationsTable;

/** An asset as the services see it: lists parsed, booleans mapped, with its segment's name. */
export interface Asset {
  id: string;
  facilityId: string;
  name: string;
  assetTag: string | null;
  type: string;
  vendor: string | null;
  product: string | null;
  version: string | null;
  cpe: string | null;
  os: string | null;
  ips: string[];
  macs: string[];
  hostname: string | null;
  segmentId: string | null;
  segmentName: string | null;
  location: string | null;
  department: string | null;
  maintainer: string | null;
  vendorId: string | null;
  /** The maintaining vendor's name (null when none, or when the vendor was deleted). */
  vendorName: string | null;
  criticality: number;
  holdsPatientData: boolean;
  exposure: string;
  installDate: string | null;
  endOfSupport: string | null;
  lastPatched: string | null;
  tags: string[];
  notes: string | null;
  ipOutsideSegment: boolean;
  createdAt: string;
  updatedAt: string;
}

function parseList(json: string): string[] {
  const v = JSON.parse(json) as unknown;
  return Array.isArray(v) ? v.map(String) : [];
}

export function toAsset(row: AssetRow & { segment_name: string | null; vendor_name?: string | null }): Asset {
  return assetOf(row, row.segment_name, row.vendor_name ?? null);
}

/** An asset from its stored row and the names of its segment and maintaining vendor (e.g. for a row just built). */
export function assetOf(row: AssetRow, segmentName: string | null, vendorName: string | null): Asset {
  return {
    id: row.id,
    facilityId: row.facility_id,
    name: row.name,
    assetTag: row.asset_tag,
    type: row.type,
    vendor: row.vendor,
    product: row.product,
    version: row.version,
    cpe: row.cpe,
    os: row.os,
    ips: parseList(row.ips),
    macs: parseList(row.macs),
    hostname: row.hostname,
    segmentId: row.segment_id,
    segmentName,
    location: row.location,
    department: row.department,
    maintainer: row.maintainer_text,
    vendorId: row.vendor_id,
    vendorName,
    criticality: Number(row.criticality),
    holdsPatientData: Number(row.holds_patient_data) === 1,
    exposure: row.exposure,
    installDate: row.install_date,
    endOfSupport: row.end_of_support,
    lastPatched: row.last_patched,
    tags: parseList(row.tags),
    notes: row.notes,
    ipOutsideSegment: Number(row.ip_outside_segment) === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Assets with their segment's and maintaining vendor's names (a deleted vendor has no name). */
function withNames(db: Db) {
  return db
    .selectFrom('assets')
    .leftJoin('network_segments', 'network_segments.id', 'assets.segment_id')
    .leftJoin('vendors', (j) => j.onRef('vendors.id', '=', 'assets.vendor_id').on('vendors.deleted_at', 'is', null))
    .selectAll('assets')
    .select(['network_segments.name as segment_name', 'vendors.name as vendor_name']);
}

/** Assets of one facility that are not deleted, with the segment and vendor names. */
function live(db: Db, facilityId: string) {
  return withNames(db)
    .where('assets.facility_id', '=', facilityId)
    .where('assets.deleted_at', 'is', null);
}

export async function findAsset(db: Db, facilityId: string, id: string): Promise<Asset | undefined> {
  const row = await live(db, facilityId).where('assets.id', '=', id).executeTakeFirst();
  return row ? toAsset(row) : undefined;
}

/** The live asset holding a tag in the facility, if any (other than `exceptId`). */
export async function findAssetIdByTag(db: Db, facilityId: string, tag: string, exceptId?: string): Promise<string | undefined> {
  let q = db.selectFrom('assets').select('id').where('facility_id', '=', facilityId).where('asset_tag', '=', tag).where('deleted_at', 'is', null);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst())?.id;
}

export async function insertAsset(db: Db, row: AssetRow): Promise<void> {
  await db.insertInto('assets').values(row).execute();
}

/** Inserts many rows in statements of `chunk` rows (kept under both dialects' parameter limits). */
export async function insertAssets(db: Db, rows: AssetRow[], chunk = 500): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) await db.insertInto('assets').values(rows.slice(i, i + chunk)).execute();
}

/** Every live asset of a facility with its segment name, in name order (import matching, export). */
export async function allAssets(db: Db, facilityId: string): Promise<Asset[]> {
  const rows = await live(db, facilityId).orderBy('assets.name').orderBy('assets.id').execute();
  return rows.map(toAsset);
}

export async function updateAsset(db: Db, facilityId: string, id: string, patch: Partial<Omit<AssetRow, 'id' | 'facility_id' | 'created_at'>>): Promise<void> {
  await db.updateTable('assets').set(patch).where('facility_id', '=', facilityId).where('id', '=', id).execute();
}

export async function softDeleteAsset(db: Db, facilityId: string, id: string, at: string): Promise<void> {
  await db.updateTable('assets').set({ deleted_at: at, updated_at: at }).where('facility_id', '=', facilityId).where('id', '=', id).where('deleted_at', 'is', null).execute();
}

/** Live assets of a segment: id and addresses (to recompute the outside-segment flag when the segment's CIDRs change). */
export async function assetAddressesInSegment(db: Db, facilityId: string, segmentId: string): Promise<{ id: string; ips: string[]; ipOutsideSegment: boolean }[]> {
  const rows = await db
    .selectFrom('assets')
    .select(['id', 'ips', 'ip_outside_segment'])
    .where('facility_id', '=', facilityId)
    .where('segment_id', '=', segmentId)
    .where('deleted_at', 'is', null)
    .execute();
  return rows.map((r) => ({ id: r.id, ips: parseList(r.ips), ipOutsideSegment: Number(r.ip_outside_segment) === 1 }));
}

export async function setIpOutsideSegment(db: Db, facilityId: string, ids: string[], value: boolean): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('assets').set({ ip_outside_segment: value ? 1 : 0 }).where('facility_id', '=', facilityId).where('id', 'in', ids).execute();
}

// --- listing ------------------------------------------------------------------------------------

export interface AssetListFilter {
  facilityId: string;
  q?: string | undefined;
  type?: string | undefined;
  /** A segment id, or `none` for assets without one. */
  segmentId?: string | undefined;
  criticality?: number | undefined;
  exposure?: string | undefined;
  holdsPatientData?: boolean | undefined;
  flag?: AssetFlag | undefined;
  /** Assets maintained by this vendor. */
  vendorId?: string | undefined;
  /** A vendor user's view: only assets of these vendors (none when empty); null or absent = every asset. */
  vendorIds?: string[] | null | undefined;
  /** YYYY-MM-DD (JST) for the date flags. */
  today: string;
}

const SORT_COLUMNS = {
  name: 'assets.name',
  assetTag: 'assets.asset_tag',
  type: 'assets.type',
  criticality: 'assets.criticality',
  endOfSupport: 'assets.end_of_support',
  lastPatched: 'assets.last_patched',
  createdAt: 'assets.created_at',
  updatedAt: 'assets.updated_at',
} as const;
export type AssetSort = keyof typeof SORT_COLUMNS | `-${keyof typeof SORT_COLUMNS}`;

type AssetQuery<O> = SelectQueryBuilder<Database, 'assets', O>;

function applyFilter<O>(dialect: DialectName, q: AssetQuery<O>, f: AssetListFilter): AssetQuery<O> {
  q = q.where('assets.facility_id', '=', f.facilityId).where('assets.deleted_at', 'is', null);
  if (f.type) q = q.where('assets.type', '=', f.type);
  if (f.segmentId === 'none') q = q.where('assets.segment_id', 'is', null);
  else if (f.segmentId) q = q.where('assets.segment_id', '=', f.segmentId);
  if (f.criticality !== undefined) q = q.where('assets.criticality', '=', f.criticality);
  if (f.exposure) q = q.where('assets.exposure', '=', f.exposure);
  if (f.holdsPatientData !== undefined) q = q.where('assets.holds_patient_data', '=', f.holdsPatientData ? 1 : 0);
  if (f.vendorId) q = q.where('assets.vendor_id', '=', f.vendorId);
  if (f.vendorIds) q = f.vendorIds.length > 0 ? q.where('assets.vendor_id', 'in', f.vendorIds) : q.where(sql<SqlBool>`1 = 0`);
  if (f.q) {
    const needle = f.q;
    // The same columns, in the same order, as the search text of the assets_list index (SQLite).
    q = q.where(anyContainsInsensitive(dialect, ASSET_SEARCH_COLUMNS.map((c) => `assets.${c}`), needle));
  }
  switch (f.flag) {
    case undefined:
      break;
    case 'end_of_support_passed':
      q = q.where('assets.end_of_support', '<', f.today);
      break;
    case 'end_of_support_soon':
      q = q.where('assets.end_of_support', '>=', f.today).where('assets.end_of_support', '<=', addDays(f.today, END_OF_SUPPORT_SOON_DAYS));
      break;
    case 'unknown_version':
      q = q
        .where('assets.type', 'in', [...VERSIONED_ASSET_TYPES])
        .where((eb) => eb.or([eb('assets.version', 'is', null), eb(eb.fn('lower', ['assets.version']), 'in', [...UNKNOWN_VERSION_VALUES])]));
      break;
    case 'ip_outside_segment':
      q = q.where('assets.ip_outside_segment', '=', 1);
      break;
  }
  return q;
}

export async function countAssets(dialect: DialectName, db: Db, f: AssetListFilter): Promise<number> {
  // No join: the filters are on assets alone, and without it the count reads only the assets_list index.
  const base = db.selectFrom('assets');
  const r = await applyFilter(dialect, base.select((eb) => eb.fn.countAll<number>().as('n')), f).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** One page of live assets; empty values sort last in either direction, ties broken by id. */
export async function listAssets(dialect: DialectName, db: Db, f: AssetListFilter, sort: AssetSort, limit: number, offset: number): Promise<Asset[]> {
  const desc = sort.startsWith('-');
  const column = SORT_COLUMNS[(desc ? sort.slice(1) : sort) as keyof typeof SORT_COLUMNS];
  const rows = await applyFilter(dialect, withNames(db), f)
    .orderBy(column, (ob) => (desc ? ob.desc() : ob.asc()).nullsLast())
    .orderBy('assets.id')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map(toAsset);
}

// --- relations ----------------------------------------------------------------------------------

export interface RelationView {
  id: string;
  kind: string;
  direction: 'outgoing' | 'incoming';
  assetId: string;
  assetName: string;
  assetType: string;
  /** The related asset's maintaining vendor (for a vendor user's view; not presented). */
  assetVendorId: string | null;
}

/** Relations of an asset in both directions, to live assets only. */
export async function relationsOf(db: Db, facilityId: string, assetId: string): Promise<RelationView[]> {
  const outgoing = await db
    .selectFrom('asset_relations')
    .innerJoin('assets', 'assets.id', 'asset_relations.to_asset_id')
    .select(['asset_relations.id', 'asset_relations.kind', 'assets.id as asset_id', 'assets.name', 'assets.type', 'assets.vendor_id'])
    .where('asset_relations.facility_id', '=', facilityId)
    .where('asset_relations.from_asset_id', '=', assetId)
    .where('assets.deleted_at', 'is', null)
    .orderBy('asset_relations.id')
    .execute();
  const incoming = await db
    .selectFrom('asset_relations')
    .innerJoin('assets', 'assets.id', 'asset_relations.from_asset_id')
    .select(['asset_relations.id', 'asset_relations.kind', 'assets.id as asset_id', 'assets.name', 'assets.type', 'assets.vendor_id'])
    .where('asset_relations.facility_id', '=', facilityId)
    .where('asset_relations.to_asset_id', '=', assetId)
    .where('assets.deleted_at', 'is', null)
    .orderBy('asset_relations.id')
    .execute();
  const view = (direction: 'outgoing' | 'incoming') => (r: (typeof outgoing)[number]): RelationView => ({
    id: r.id,
    kind: r.kind,
    direction,
    assetId: r.asset_id,
    assetName: r.name,
    assetType: r.type,
    assetVendorId: r.vendor_id,
  });
  return [...outgoing.map(view('outgoing')), ...incoming.map(view('incoming'))];
}

export async function findRelation(db: Db, facilityId: string, id: string): Promise<AssetRelationRow | undefined> {
  return db.selectFrom('asset_relations').selectAll().where('facility_id', '=', facilityId).where('id', '=', id).executeTakeFirst();
}

export async function findRelationByKey(db: Db, facilityId: string, fromId: string, toId: string, kind: string): Promise<AssetRelationRow | undefined> {
  return db
    .selectFrom('asset_relations')
    .selectAll()
    .where('facility_id', '=', facilityId)
    .where('from_asset_id', '=', fromId)
    .where('to_asset_id', '=', toId)
    .where('kind', '=', kind)
    .executeTakeFirst();
}

export async function insertRelation(db: Db, row: AssetRelationRow): Promise<void> {
  await db.insertInto('asset_relations').values(row).execute();
}

export async function deleteRelation(db: Db, facilityId: string, id: string): Promise<void> {
  await db.deleteFrom('asset_relations').where('facility_id', '=', facilityId).where('id', '=', id).execute();
}

/** Removes every relation from or to an asset (when it is deleted). */
export async function deleteRelationsOf(db: Db, facilityId: string, assetId: string): Promise<void> {
  await db
    .deleteFrom('asset_relations')
    .where('facility_id', '=', facilityId)
    .where((eb) => eb.or([eb('from_asset_id', '=', assetId), eb('to_asset_id', '=', assetId)]))
    .execute();
}

// --- maintaining vendors (the vendors module owns them; the ledger only reads ids and names) ------

/** Whether a live vendor of the facility has this id. */
export async function vendorExists(db: Db, facilityId: string, vendorId: string): Promise<boolean> {
  const r = await db.selectFrom('vendors').select('id').where('facility_id', '=', facilityId).where('id', '=', vendorId).where('deleted_at', 'is', null).executeTakeFirst();
  return r !== undefined;
}

/** Live vendors of a facility by exact name (the import links 保守事業者 text to a vendor of that name). */
export async function vendorIdsByName(db: Db, facilityId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('vendors').select(['id', 'name']).where('facility_id', '=', facilityId).where('deleted_at', 'is', null).execute();
  return new Map(rows.map((r) => [r.name, r.id]));
}
