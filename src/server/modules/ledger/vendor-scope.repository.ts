import type { Db } from '../../db/database.ts';

/** The vendors (not deleted) a user is linked to in a facility. */
export async function vendorIdsOfUser(db: Db, facilityId: string, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('vendor_users')
    .innerJoin('vendors', 'vendors.id', 'vendor_users.vendor_id')
    .select('vendor_users.vendor_id')
    .where('vendor_users.facility_id', '=', facilityId)
    .where('vendor_users.user_id', '=', userId)
    .where('vendors.deleted_at', 'is', null)
    .orderBy('vendor_users.vendor_id')
    .execute();
  return rows.map((r) => r.vendor_id);
}
