import { ASSET_TYPES } from '../../../shared/ledger.ts';
import { LIVE_CONNECTION_STATUSES } from '../../../shared/connections.ts';
import type { Db } from '../../db/database.ts';
import type { LedgerReviewsTable } from '../../db/schema.ts';

/** 台帳の点検 (ledger reviews): SQL only. */

export interface LedgerReview {
  id: string;
  facilityId: string;
  reviewedOn: string;
  reviewedBy: string | null;
  reviewerLabel: string;
  note: string | null;
  snapshot: Record<string, number>;
  createdAt: string;
}

function parseSnapshot(json: string): Record<string, number> {
  const out: Record<string, number> = {};
  try {
    const v = JSON.parse(json) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, n] of Object.entries(v)) if (typeof n === 'number') out[k] = n;
  } catch {
    // A broken snapshot shows as empty rather than failing the list.
  }
  return out;
}

function toReview(r: LedgerReviewsTable): LedgerReview {
  return {
    id: r.id,
    facilityId: r.facility_id,
    reviewedOn: r.reviewed_on,
    reviewedBy: r.reviewed_by,
    reviewerLabel: r.reviewer_label,
    note: r.note,
    snapshot: parseSnapshot(r.snapshot),
    createdAt: r.created_at,
  };
}

export async function insertReview(db: Db, row: LedgerReviewsTable): Promise<void> {
  await db.insertInto('ledger_reviews').values(row).execute();
}

export async function findReview(db: Db, facilityId: string, id: string): Promise<LedgerReview | undefined> {
  const r = await db.selectFrom('ledger_reviews').selectAll().where('facility_id', '=', facilityId).where('id', '=', id).executeTakeFirst();
  return r ? toReview(r) : undefined;
}

/** The facility's reviews, newest review date first. */
export async function listReviews(db: Db, facilityId: string): Promise<LedgerReview[]> {
  const rows = await db.selectFrom('ledger_reviews').selectAll().where('facility_id', '=', facilityId).orderBy('reviewed_on', 'desc').orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(toReview);
}

/**
 * What the ledger holds at the moment of a review: live assets in total and by type (every type, zeros included),
 * segments, allowed flows, live external connections and live vendors.
 */
export async function snapshotCounts(db: Db, facilityId: string): Promise<Record<string, number>> {
  const count = (table: 'network_segments' | 'segment_flows') =>
    db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('facility_id', '=', facilityId).executeTakeFirstOrThrow();
  const [types, segments, flows, connections, vendors] = await Promise.all([
    db
      .selectFrom('assets')
      .select(['type', (eb) => eb.fn.countAll<number>().as('n')])
      .where('facility_id', '=', facilityId)
      .where('deleted_at', 'is', null)
      .groupBy('type')
      .execute(),
    count('network_segments'),
    count('segment_flows'),
    db
      .selectFrom('external_connections')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('facility_id', '=', facilityId)
      .where('status', 'in', [...LIVE_CONNECTION_STATUSES])
      .executeTakeFirstOrThrow(),
    db.selectFrom('vendors').select((eb) => eb.fn.countAll<number>().as('n')).where('facility_id', '=', facilityId).where('deleted_at', 'is', null).executeTakeFirstOrThrow(),
  ]);
  const byType = new Map(types.map((t) => [t.type, Number(t.n)]));
  const snapshot: Record<string, number> = { assets: [...byType.values()].reduce((a, b) => a + b, 0) };
  for (const t of ASSET_TYPES) snapshot[t] = byType.get(t) ?? 0;
  snapshot.segments = Number(segments.n);
  snapshot.flows = Number(flows.n);
  snapshot.connections = Number(connections.n);
  snapshot.vendors = Number(vendors.n);
  return snapshot;
}
