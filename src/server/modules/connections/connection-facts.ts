import { LIVE_CONNECTION_STATUSES, type ConnectionAuth, type ConnectionStatus } from '../../../shared/connections.ts';
import type { Db } from '../../db/database.ts';

/**
 * Read-only facts of a facility's 外部接続・リモート保守台帳 for the assessments' auto-evaluation (checklist 2(2)
 * remote maintenance confirmed with the vendor, MFA on internet-facing lines, credential rotation). No authorization:
 * the rule engine runs for a caller already authorized on the assessment.
 */

export interface ConnectionFact {
  id: string;
  name: string;
  vendorId: string | null;
  status: ConnectionStatus;
  auth: ConnectionAuth;
  internetFacing: boolean;
  /** Exposure of the entry device in the ledger (internet / vendor_line / internal), when there is one. */
  entryExposure: string | null;
  credentialsRotatedOn: string | null;
  approvedOn: string | null;
  expiresOn: string | null;
  lastUsedOn: string | null;
}

/** Every live connection (申請中・承認済・有効・期限切れ; not 却下 or 廃止) of the facility, by name. */
export async function liveConnectionFacts(db: Db, facilityId: string): Promise<ConnectionFact[]> {
  const rows = await db
    .selectFrom('external_connections as c')
    .leftJoin('assets as e', (j) => j.onRef('e.id', '=', 'c.entry_asset_id').on('e.deleted_at', 'is', null))
    .select([
      'c.id',
      'c.name',
      'c.vendor_id',
      'c.status',
      'c.auth',
      'c.internet_facing',
      'e.exposure as entry_exposure',
      'c.credentials_rotated_on',
      'c.approved_on',
      'c.expires_on',
      'c.last_used_on',
    ])
    .where('c.facility_id', '=', facilityId)
    .where('c.status', 'in', [...LIVE_CONNECTION_STATUSES])
    .orderBy('c.name')
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    vendorId: r.vendor_id,
    status: r.status as ConnectionStatus,
    auth: r.auth as ConnectionAuth,
    internetFacing: Number(r.internet_facing) === 1,
    entryExposure: r.entry_exposure ?? null,
    credentialsRotatedOn: r.credentials_rotated_on,
    approvedOn: r.approved_on,
    expiresOn: r.expires_on,
    lastUsedOn: r.last_used_on,
  }));
}

/**
 * Live assets reached over a vendor line (exposure `vendor_line`) that no live connection names, as its entry
 * device or as a target: remote maintenance the connections ledger does not know about.
 */
export async function vendorLineAssetsWithoutConnection(db: Db, facilityId: string): Promise<{ id: string; name: string; assetTag: string | null }[]> {
  const live = [...LIVE_CONNECTION_STATUSES];
  const rows = await db
    .selectFrom('assets as a')
    .select(['a.id', 'a.name', 'a.asset_tag'])
    .where('a.facility_id', '=', facilityId)
    .where('a.deleted_at', 'is', null)
    .where('a.exposure', '=', 'vendor_line')
    // Uncorrelated IN lists (computed once) rather than EXISTS per asset: SQLite otherwise walks every connection's
    // targets for each vendor-line asset.
    .where((eb) =>
      eb.not(
        eb.or([
          eb(
            'a.id',
            'in',
            eb
              .selectFrom('external_connections as c')
              .select('c.entry_asset_id')
              .where('c.facility_id', '=', facilityId)
              .where('c.status', 'in', live)
              .where('c.entry_asset_id', 'is not', null),
          ),
          eb(
            'a.id',
            'in',
            eb
              .selectFrom('connection_targets as t')
              .innerJoin('external_connections as c', 'c.id', 't.connection_id')
              .select('t.asset_id')
              .where('c.facility_id', '=', facilityId)
              .where('c.status', 'in', live),
          ),
        ]),
      ),
    )
    .orderBy('a.name')
    .orderBy('a.id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, assetTag: r.asset_tag }));
}
