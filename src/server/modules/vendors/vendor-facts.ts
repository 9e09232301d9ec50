import { LIVE_CONNECTION_STATUSES } from '../../../shared/connections.ts';
import { VENDOR_DOCUMENT_KINDS } from '../../../shared/vendors.ts';
import type { Db } from '../../db/database.ts';

/**
 * Read-only facts of a facility's 委託事業者 for the assessments' auto-evaluation (checklist 2(3) MDS/SDS).
 * No authorization: the rule engine runs for a caller already authorized on the assessment.
 */

export interface SupplyingVendorFact {
  id: string;
  name: string;
  /** Live assets the vendor maintains (assets.vendor_id). */
  assets: number;
  /** Live external connections of the vendor. */
  connections: number;
  /** MDS/SDS documents recorded for the vendor. */
  documents: number;
}

/**
 * Live vendors that supply a system: they maintain a live asset of the ledger or have a live external connection.
 * Ordered by name.
 */
export async function supplyingVendorFacts(db: Db, facilityId: string): Promise<SupplyingVendorFact[]> {
  const [vendors, assets, connections, documents] = await Promise.all([
    db.selectFrom('vendors').select(['id', 'name']).where('facility_id', '=', facilityId).where('deleted_at', 'is', null).orderBy('name').orderBy('id').execute(),
    db
      .selectFrom('assets')
      .select(['vendor_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('facility_id', '=', facilityId)
      .where('deleted_at', 'is', null)
      .where('vendor_id', 'is not', null)
      .groupBy('vendor_id')
      .execute(),
    db
      .selectFrom('external_connections')
      .select(['vendor_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('facility_id', '=', facilityId)
      .where('vendor_id', 'is not', null)
      .where('status', 'in', [...LIVE_CONNECTION_STATUSES])
      .groupBy('vendor_id')
      .execute(),
    db
      .selectFrom('vendor_documents')
      .select(['vendor_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('facility_id', '=', facilityId)
      .where('kind', 'in', [...VENDOR_DOCUMENT_KINDS])
      .groupBy('vendor_id')
      .execute(),
  ]);
  const counts = (rows: { vendor_id: string | null; n: number | string }[]) => new Map(rows.map((r) => [r.vendor_id, Number(r.n)]));
  const a = counts(assets);
  const c = counts(connections);
  const d = counts(documents);
  return vendors
    .map((v) => ({ id: v.id, name: v.name, assets: a.get(v.id) ?? 0, connections: c.get(v.id) ?? 0, documents: d.get(v.id) ?? 0 }))
    .filter((v) => v.assets > 0 || v.connections > 0);
}
