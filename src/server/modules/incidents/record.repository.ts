import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { IncidentAffectedTable, IncidentCommsTable, IncidentObservablesTable } from '../../db/schema.ts';

/**
 * The records of a case: affected ledger records (`incident_affected`), observables (`incident_observables`) and the
 * communications log (`incident_comms`) — every query. The ledger's assets and external connections are read here
 * only to name the affected records and to check that a target belongs to the case's facility (read-only).
 */

// --- affected -----------------------------------------------------------------------------------

export type AffectedRow = Selectable<IncidentAffectedTable>;

export async function insertAffected(db: Db, row: Insertable<IncidentAffectedTable>): Promise<void> {
  await db.insertInto('incident_affected').values(row).execute();
}

export async function findAffected(db: Db, id: string): Promise<AffectedRow | undefined> {
  return db.selectFrom('incident_affected').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findAffectedTarget(db: Db, caseId: string, targetType: string, targetId: string): Promise<AffectedRow | undefined> {
  return db.selectFrom('incident_affected').selectAll().where('case_id', '=', caseId).where('target_type', '=', targetType).where('target_id', '=', targetId).executeTakeFirst();
}

export async function listAffected(db: Db, caseId: string): Promise<AffectedRow[]> {
  return db.selectFrom('incident_affected').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
}

export async function deleteAffected(db: Db, caseId: string, id: string): Promise<void> {
  await db.deleteFrom('incident_affected').where('case_id', '=', caseId).where('id', '=', id).execute();
}

/** What the affected list shows of an asset (also a deleted one, so the case keeps naming it). */
export interface AffectedAssetFacts {
  id: string;
  name: string;
  type: string;
  version: string | null;
  ips: string;
  endOfSupport: string | null;
  segmentId: string | null;
  ipOutsideSegment: boolean;
  vendorId: string | null;
  vendorName: string | null;
  deleted: boolean;
}

export async function assetFactsOf(db: Db, facilityId: string, ids: readonly string[]): Promise<AffectedAssetFacts[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('assets as a')
    .leftJoin('vendors as v', (j) => j.onRef('v.id', '=', 'a.vendor_id').onRef('v.facility_id', '=', 'a.facility_id'))
    .select(['a.id', 'a.name', 'a.type', 'a.version', 'a.ips', 'a.end_of_support', 'a.segment_id', 'a.ip_outside_segment', 'a.vendor_id', 'a.maintainer_text', 'a.deleted_at', 'v.name as vendor_name'])
    .where('a.facility_id', '=', facilityId)
    .where('a.id', 'in', [...ids])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    type: r.type,
    version: r.version,
    ips: r.ips,
    endOfSupport: r.end_of_support,
    segmentId: r.segment_id,
    ipOutsideSegment: Number(r.ip_outside_segment) === 1,
    vendorId: r.vendor_name ? r.vendor_id : null,
    vendorName: r.vendor_name ?? r.maintainer_text,
    deleted: r.deleted_at !== null,
  }));
}

/** What the affected list shows of an external connection, with what its risk flags need. */
export interface AffectedConnectionFacts {
  id: string;
  name: string;
  kind: string;
  status: string;
  auth: string;
  accountMode: string;
  internetFacing: boolean;
  credentialsRotatedOn: string | null;
  expiresOn: string | null;
  /** The live entry device of the ledger, when there is one. */
  entryAssetId: string | null;
  entryExposure: string | null;
  entryEndOfSupport: string | null;
  vendorId: string | null;
  vendorName: string | null;
}

export async function connectionFactsOf(db: Db, facilityId: string, ids: readonly string[]): Promise<AffectedConnectionFacts[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('external_connections as c')
    .leftJoin('vendors as v', (j) => j.onRef('v.id', '=', 'c.vendor_id').onRef('v.facility_id', '=', 'c.facility_id'))
    .leftJoin('assets as e', (j) => j.onRef('e.id', '=', 'c.entry_asset_id').on('e.deleted_at', 'is', null))
    .select([
      'c.id',
      'c.name',
      'c.kind',
      'c.status',
      'c.auth',
      'c.account_mode',
      'c.internet_facing',
      'c.credentials_rotated_on',
      'c.expires_on',
      'c.vendor_id',
      'v.name as vendor_name',
      'e.id as entry_id',
      'e.exposure as entry_exposure',
      'e.end_of_support as entry_end_of_support',
    ])
    .where('c.facility_id', '=', facilityId)
    .where('c.id', 'in', [...ids])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    status: r.status,
    auth: r.auth,
    accountMode: r.account_mode,
    internetFacing: Number(r.internet_facing) === 1,
    credentialsRotatedOn: r.credentials_rotated_on,
    expiresOn: r.expires_on,
    entryAssetId: r.entry_id ?? null,
    entryExposure: r.entry_exposure ?? null,
    entryEndOfSupport: r.entry_end_of_support ?? null,
    vendorId: r.vendor_name ? r.vendor_id : null,
    vendorName: r.vendor_name ?? null,
  }));
}

/** Whether a live (not deleted) asset or an external connection with this id belongs to the facility. */
export async function targetExists(db: Db, facilityId: string, targetType: 'asset' | 'connection', targetId: string): Promise<boolean> {
  const row =
    targetType === 'asset'
      ? await db.selectFrom('assets').select('id').where('facility_id', '=', facilityId).where('id', '=', targetId).where('deleted_at', 'is', null).executeTakeFirst()
      : await db.selectFrom('external_connections').select('id').where('facility_id', '=', facilityId).where('id', '=', targetId).executeTakeFirst();
  return row !== undefined;
}

// --- observables --------------------------------------------------------------------------------

export type ObservableRow = Selectable<IncidentObservablesTable> & { created_by_name: string | null };

const observables = (db: Db) =>
  db.selectFrom('incident_observables as o').leftJoin('users as u', 'u.id', 'o.created_by').selectAll('o').select('u.display_name as created_by_name');

export async function insertObservables(db: Db, rows: readonly Insertable<IncidentObservablesTable>[]): Promise<void> {
  // Batches keep PostgreSQL's bind-parameter limit (7 columns per row) far away.
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('incident_observables').values(rows.slice(i, i + 500)).execute();
}

export async function findObservable(db: Db, id: string): Promise<ObservableRow | undefined> {
  return observables(db).where('o.id', '=', id).executeTakeFirst();
}

export async function listObservables(db: Db, caseId: string): Promise<ObservableRow[]> {
  return observables(db).where('o.case_id', '=', caseId).orderBy('o.created_at').orderBy('o.id').execute();
}

export async function observablesByIds(db: Db, ids: readonly string[]): Promise<ObservableRow[]> {
  if (ids.length === 0) return [];
  const out: ObservableRow[] = [];
  for (let i = 0; i < ids.length; i += 500) out.push(...(await observables(db).where('o.id', 'in', ids.slice(i, i + 500)).execute()));
  return out;
}

/** The `type \0 value` keys already recorded on the case. */
export async function observableKeys(db: Db, caseId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('incident_observables').select(['id', 'type', 'value']).where('case_id', '=', caseId).execute();
  return new Map(rows.map((r) => [`${r.type}\u0000${r.value}`, r.id]));
}

export async function deleteObservable(db: Db, caseId: string, id: string): Promise<void> {
  await db.deleteFrom('incident_observables').where('case_id', '=', caseId).where('id', '=', id).execute();
}

// --- communications log -------------------------------------------------------------------------

export type CommRow = Selectable<IncidentCommsTable> & { created_by_name: string | null };

const comms = (db: Db) => db.selectFrom('incident_comms as c').leftJoin('users as u', 'u.id', 'c.created_by').selectAll('c').select('u.display_name as created_by_name');

export async function insertComm(db: Db, row: Insertable<IncidentCommsTable>): Promise<void> {
  await db.insertInto('incident_comms').values(row).execute();
}

export async function findComm(db: Db, id: string): Promise<CommRow | undefined> {
  return comms(db).where('c.id', '=', id).executeTakeFirst();
}

/** Oldest first (ties in the order they were recorded). */
export async function listComms(db: Db, caseId: string): Promise<CommRow[]> {
  return comms(db).where('c.case_id', '=', caseId).orderBy('c.occurred_at').orderBy('c.created_at').orderBy('c.id').execute();
}

export async function deleteComm(db: Db, caseId: string, id: string): Promise<void> {
  await db.deleteFrom('incident_comms').where('case_id', '=', caseId).where('id', '=', id).execute();
}
