import type { Db } from '../../db/database.ts';
import type { NetworkSegmentsTable, SegmentFlowsTable } from '../../db/schema.ts';

export type SegmentRow = NetworkSegmentsTable;
export type FlowRow = SegmentFlowsTable;

export interface Segment {
  id: string;
  facilityId: string;
  name: string;
  vlan: number | null;
  cidrs: string[];
  purpose: string;
  notes: string | null;
  /** Live (not deleted) assets placed in the segment. */
  assetCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface Flow {
  id: string;
  facilityId: string;
  fromSegmentId: string;
  toSegmentId: string;
  services: string | null;
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

function parseCidrs(json: string): string[] {
  const cidrs = JSON.parse(json) as unknown;
  return Array.isArray(cidrs) ? cidrs.map(String) : [];
}

function toSegment(row: SegmentRow, assetCount: number): Segment {
  return {
    id: row.id,
    facilityId: row.facility_id,
    name: row.name,
    vlan: row.vlan === null ? null : Number(row.vlan),
    cidrs: parseCidrs(row.cidrs),
    purpose: row.purpose,
    notes: row.notes,
    assetCount,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toFlow(row: FlowRow): Flow {
  return {
    id: row.id,
    facilityId: row.facility_id,
    fromSegmentId: row.from_segment_id,
    toSegmentId: row.to_segment_id,
    services: row.services,
    description: row.description,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Live assets per segment of a facility (one query). */
async function assetCounts(db: Db, facilityId: string, segmentId?: string): Promise<Map<string, number>> {
  let q = db
    .selectFrom('assets')
    .select(['segment_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('facility_id', '=', facilityId)
    .where('deleted_at', 'is', null)
    .where('segment_id', 'is not', null)
    .groupBy('segment_id');
  if (segmentId) q = q.where('segment_id', '=', segmentId);
  const map = new Map<string, number>();
  for (const r of await q.execute()) if (r.segment_id) map.set(r.segment_id, Number(r.n));
  return map;
}

/** The CIDRs of each of the facility's segments, by segment id (without counting assets, for the asset list). */
export async function segmentCidrsById(db: Db, facilityId: string): Promise<Map<string, string[]>> {
  const rows = await db.selectFrom('network_segments').select(['id', 'cidrs']).where('facility_id', '=', facilityId).execute();
  return new Map(rows.map((r) => [r.id, parseCidrs(r.cidrs)]));
}

/** The facility's segments ordered by name. */
export async function listSegments(db: Db, facilityId: string): Promise<Segment[]> {
  const rows = await db.selectFrom('network_segments').selectAll().where('facility_id', '=', facilityId).orderBy('name').orderBy('id').execute();
  const counts = await assetCounts(db, facilityId);
  return rows.map((r) => toSegment(r, counts.get(r.id) ?? 0));
}

export async function findSegment(db: Db, facilityId: string, id: string): Promise<Segment | undefined> {
  const row = await db.selectFrom('network_segments').selectAll().where('facility_id', '=', facilityId).where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return toSegment(row, (await assetCounts(db, facilityId, id)).get(id) ?? 0);
}

/** The segment with this name in the facility, if any (other than `exceptId`). */
export async function findSegmentIdByName(db: Db, facilityId: string, name: string, exceptId?: string): Promise<string | undefined> {
  let q = db.selectFrom('network_segments').select('id').where('facility_id', '=', facilityId).where('name', '=', name);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst())?.id;
}

export async function insertSegment(db: Db, row: SegmentRow): Promise<void> {
  await db.insertInto('network_segments').values(row).execute();
}

export async function updateSegment(db: Db, facilityId: string, id: string, patch: Partial<Omit<SegmentRow, 'id' | 'facility_id' | 'created_at'>>): Promise<void> {
  await db.updateTable('network_segments').set(patch).where('facility_id', '=', facilityId).where('id', '=', id).execute();
}

export async function deleteSegment(db: Db, facilityId: string, id: string): Promise<void> {
  await db.deleteFrom('network_segments').where('facility_id', '=', facilityId).where('id', '=', id).execute();
}

// --- flows --------------------------------------------------------------------------------------

export async function listFlows(db: Db, facilityId: string, segmentId?: string): Promise<Flow[]> {
  let q = db.selectFrom('segment_flows').selectAll().where('facility_id', '=', facilityId);
  if (segmentId) q = q.where((eb) => eb.or([eb('from_segment_id', '=', segmentId), eb('to_segment_id', '=', segmentId)]));
  return (await q.orderBy('id').execute()).map(toFlow);
}

export async function findFlow(db: Db, facilityId: string, id: string): Promise<Flow | undefined> {
  const row = await db.selectFrom('segment_flows').selectAll().where('facility_id', '=', facilityId).where('id', '=', id).executeTakeFirst();
  return row ? toFlow(row) : undefined;
}

export async function findFlowIdByPair(db: Db, facilityId: string, fromId: string, toId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('segment_flows')
    .select('id')
    .where('facility_id', '=', facilityId)
    .where('from_segment_id', '=', fromId)
    .where('to_segment_id', '=', toId)
    .executeTakeFirst();
  return row?.id;
}

export async function insertFlow(db: Db, row: FlowRow): Promise<void> {
  await db.insertInto('segment_flows').values(row).execute();
}

export async function updateFlow(db: Db, facilityId: string, id: string, patch: Partial<Pick<FlowRow, 'services' | 'description' | 'updated_at'>>): Promise<void> {
  await db.updateTable('segment_flows').set(patch).where('facility_id', '=', facilityId).where('id', '=', id).execute();
}

export async function deleteFlow(db: Db, facilityId: string, id: string): Promise<void> {
  await db.deleteFrom('segment_flows').where('facility_id', '=', facilityId).where('id', '=', id).execute();
}

export async function deleteFlowsOfSegment(db: Db, facilityId: string, segmentId: string): Promise<void> {
  await db
    .deleteFrom('segment_flows')
    .where('facility_id', '=', facilityId)
    .where((eb) => eb.or([eb('from_segment_id', '=', segmentId), eb('to_segment_id', '=', segmentId)]))
    .execute();
}
