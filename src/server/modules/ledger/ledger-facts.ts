import type { Db } from '../../db/database.ts';

/**
 * Read-only facts of a facility's ledger for the assessments' auto-evaluation (checklist 2(1) inventory and the
 * connection-source restriction): how many live assets of each type, the segments and allowed flows, the assets whose
 * address lies outside their segment, and the latest 台帳の点検. No authorization: the caller (the rule engine,
 * running for a caller already authorized on the assessment) decides who sees the result.
 */

export interface LedgerInventoryFacts {
  /** Live assets by type (types without assets are absent). */
  byType: Record<string, number>;
  total: number;
  /** The most recent ledger review (YYYY-MM-DD), or null when none was ever recorded. */
  lastReviewedOn: string | null;
}

export interface LedgerSegmentFacts {
  segments: number;
  flows: number;
  /** Live assets with an address outside their segment's CIDRs (ip_outside_segment), at most `limit`. */
  outside: { id: string; name: string; assetTag: string | null }[];
  outsideCount: number;
}

export async function ledgerInventoryFacts(db: Db, facilityId: string): Promise<LedgerInventoryFacts> {
  const [rows, review] = await Promise.all([
    db
      .selectFrom('assets')
      .select(['type', (eb) => eb.fn.countAll<number>().as('n')])
      .where('facility_id', '=', facilityId)
      .where('deleted_at', 'is', null)
      .groupBy('type')
      .execute(),
    db.selectFrom('ledger_reviews').select((eb) => eb.fn.max('reviewed_on').as('last')).where('facility_id', '=', facilityId).executeTakeFirst(),
  ]);
  const byType: Record<string, number> = {};
  let total = 0;
  for (const r of rows) {
    byType[r.type] = Number(r.n);
    total += Number(r.n);
  }
  return { byType, total, lastReviewedOn: (review?.last as string | null | undefined) ?? null };
}

export async function ledgerSegmentFacts(db: Db, facilityId: string, limit = 50): Promise<LedgerSegmentFacts> {
  const count = (table: 'network_segments' | 'segment_flows') =>
    db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('facility_id', '=', facilityId).executeTakeFirstOrThrow();
  const outsideQuery = db.selectFrom('assets').where('facility_id', '=', facilityId).where('deleted_at', 'is', null).where('ip_outside_segment', '=', 1);
  const [segments, flows, outside, outsideCount] = await Promise.all([
    count('network_segments'),
    count('segment_flows'),
    outsideQuery.select(['id', 'name', 'asset_tag']).orderBy('name').orderBy('id').limit(limit).execute(),
    outsideQuery.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    segments: Number(segments.n),
    flows: Number(flows.n),
    outside: outside.map((a) => ({ id: a.id, name: a.name, assetTag: a.asset_tag })),
    outsideCount: Number(outsideCount.n),
  };
}

export interface LedgerDependencyFacts {
  /** Live assets, by id. */
  assets: { id: string; name: string; type: string; department: string | null; criticality: number }[];
  /** Relations whose `from` asset is live: `from` needs `to` (runs_on and depends_on alike). */
  relations: { fromAssetId: string; toAssetId: string; kind: string }[];
  /** Names of deleted assets that live assets still point to. */
  deletedNames: Record<string, string>;
}

/** The live assets and what they need (the recovery order, 備え issue 7). No authorization, like the facts above. */
export async function ledgerDependencyFacts(db: Db, facilityId: string): Promise<LedgerDependencyFacts> {
  const [assets, relations] = await Promise.all([
    db
      .selectFrom('assets')
      .select(['id', 'name', 'type', 'department', 'criticality'])
      .where('facility_id', '=', facilityId)
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('asset_relations')
      .innerJoin('assets as f', 'f.id', 'asset_relations.from_asset_id')
      .innerJoin('assets as t', 't.id', 'asset_relations.to_asset_id')
      .select(['asset_relations.from_asset_id', 'asset_relations.to_asset_id', 'asset_relations.kind', 't.name as to_name', 't.deleted_at as to_deleted_at'])
      .where('asset_relations.facility_id', '=', facilityId)
      .where('f.deleted_at', 'is', null)
      .orderBy('asset_relations.id')
      .execute(),
  ]);
  const deletedNames: Record<string, string> = {};
  for (const r of relations) if (r.to_deleted_at !== null) deletedNames[r.to_asset_id] = r.to_name;
  return {
    assets: assets.map((a) => ({ id: a.id, name: a.name, type: a.type, department: a.department, criticality: Number(a.criticality) })),
    relations: relations.map((r) => ({ fromAssetId: r.from_asset_id, toAssetId: r.to_asset_id, kind: r.kind })),
    deletedNames,
  };
}
