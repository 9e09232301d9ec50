import type { ContactSide } from '../../../shared/incidents/contacts.ts';
import type { Db } from '../../db/database.ts';

/**
 * Read-only facts of a facility's contact chart for the assessments' auto-evaluation (checklist 3(1)).
 * No authorization: the rule engine runs for a caller already authorized on the assessment. `db` may be a transaction.
 */
export interface ContactChartFact {
  side: ContactSide;
  kind: string;
  phone: string | null;
  vendorId: string | null;
}

export async function contactChartFacts(db: Db, facilityId: string): Promise<ContactChartFact[]> {
  const rows = await db
    .selectFrom('contact_entries')
    .select(['side', 'kind', 'phone', 'vendor_id'])
    .where('facility_id', '=', facilityId)
    .orderBy('side', 'desc')
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ side: r.side as ContactSide, kind: r.kind, phone: r.phone, vendorId: r.vendor_id }));
}
