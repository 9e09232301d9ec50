import type { Insertable, Selectable } from 'kysely';
import type { ReportStatus } from '../../../shared/incidents/cases.ts';
import type { Db } from '../../db/database.ts';
import type { IncidentReportLinksTable, IncidentReportsTable } from '../../db/schema.ts';

/** インシデントかも? reports and the facility's report link: every query of `incident_reports` and `incident_report_links`. */

export type ReportRow = Selectable<IncidentReportsTable>;
export type NewReportRow = Insertable<IncidentReportsTable>;
export type ReportLinkRow = Selectable<IncidentReportLinksTable>;

/** A report with the names the views show (asset, reporter, triager, case) and its photo's type and size. */
export interface ReportView extends ReportRow {
  asset_name: string | null;
  reporter_display_name: string | null;
  triaged_by_name: string | null;
  case_seq: number | null;
  case_title: string | null;
  case_discovered_at: string | null;
  photo_content_type: string | null;
  photo_size: number | null;
}

function viewQuery(db: Db) {
  return db
    .selectFrom('incident_reports as r')
    .leftJoin('assets as a', (j) => j.onRef('a.id', '=', 'r.asset_id').onRef('a.facility_id', '=', 'r.facility_id'))
    .leftJoin('users as ru', 'ru.id', 'r.reporter_user_id')
    .leftJoin('users as tu', 'tu.id', 'r.triaged_by')
    .leftJoin('incident_cases as c', (j) => j.onRef('c.id', '=', 'r.case_id').onRef('c.facility_id', '=', 'r.facility_id'))
    .leftJoin('stored_files as f', (j) => j.onRef('f.id', '=', 'r.photo_file_id').onRef('f.facility_id', '=', 'r.facility_id'))
    .selectAll('r')
    .select([
      'a.name as asset_name',
      'ru.display_name as reporter_display_name',
      'tu.display_name as triaged_by_name',
      'c.seq as case_seq',
      'c.title as case_title',
      'c.discovered_at as case_discovered_at',
      'f.content_type as photo_content_type',
      'f.size as photo_size',
    ]);
}

const normalize = (r: ReportView): ReportView => ({
  ...r,
  case_seq: r.case_seq === null ? null : Number(r.case_seq),
  photo_size: r.photo_size === null ? null : Number(r.photo_size),
});

export async function insertReport(db: Db, row: NewReportRow): Promise<void> {
  await db.insertInto('incident_reports').values(row).execute();
}

/** A report by id (any facility: the service checks the caller reaches it). */
export async function findReportView(db: Db, id: string): Promise<ReportView | undefined> {
  const row = await viewQuery(db).where('r.id', '=', id).executeTakeFirst();
  return row ? normalize(row as ReportView) : undefined;
}

export interface ReportFilter {
  facilityId: string;
  /** Only this reporter's reports (staff see their own). */
  reporterUserId?: string | null;
  status: ReportStatus | 'all';
  limit: number;
  offset: number;
}

/** Newest first. */
export async function listReportViews(db: Db, f: ReportFilter): Promise<{ rows: ReportView[]; total: number }> {
  let q = viewQuery(db).where('r.facility_id', '=', f.facilityId);
  let count = db.selectFrom('incident_reports as r').select((eb) => eb.fn.countAll().as('n')).where('r.facility_id', '=', f.facilityId);
  if (f.reporterUserId !== undefined) {
    q = q.where('r.reporter_user_id', '=', f.reporterUserId);
    count = count.where('r.reporter_user_id', '=', f.reporterUserId);
  }
  if (f.status !== 'all') {
    q = q.where('r.status', '=', f.status);
    count = count.where('r.status', '=', f.status);
  }
  const [rows, total] = await Promise.all([q.orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(f.limit).offset(f.offset).execute(), count.executeTakeFirst()]);
  return { rows: (rows as ReportView[]).map(normalize), total: Number(total?.n ?? 0) };
}

/** Reports per status of the facility (only the reporter's when given). */
export async function countReportsByStatus(db: Db, facilityId: string, reporterUserId?: string | null): Promise<Map<string, number>> {
  let q = db.selectFrom('incident_reports').select(['status', (eb) => eb.fn.countAll().as('n')]).where('facility_id', '=', facilityId);
  if (reporterUserId !== undefined) q = q.where('reporter_user_id', '=', reporterUserId);
  const rows = await q.groupBy('status').execute();
  return new Map(rows.map((r) => [r.status, Number(r.n)]));
}

export interface TriageChanges {
  status: Exclude<ReportStatus, 'new'>;
  case_id: string | null;
  dismiss_reason: string | null;
  triaged_by: string | null;
  triaged_at: string;
}

/** Moves a `new` report on; returns false when it is no longer `new` (someone triaged it first). */
export async function triageReport(db: Db, facilityId: string, id: string, changes: TriageChanges): Promise<boolean> {
  const res = await db.updateTable('incident_reports').set(changes).where('facility_id', '=', facilityId).where('id', '=', id).where('status', '=', 'new').executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function setReportCase(db: Db, facilityId: string, id: string, caseId: string): Promise<void> {
  await db.updateTable('incident_reports').set({ case_id: caseId }).where('facility_id', '=', facilityId).where('id', '=', id).execute();
}

/** A live (not deleted) asset of the facility. */
export async function findLiveAsset(db: Db, facilityId: string, assetId: string): Promise<{ id: string; name: string } | undefined> {
  return db.selectFrom('assets').select(['id', 'name']).where('facility_id', '=', facilityId).where('id', '=', assetId).where('deleted_at', 'is', null).executeTakeFirst();
}

// --- the report link ---------------------------------------------------------------------------------------------

export interface ReportLinkView extends ReportLinkRow {
  created_by_name: string | null;
}

/** The facility's active (not revoked) link, if any. */
export async function findActiveLink(db: Db, facilityId: string): Promise<ReportLinkView | undefined> {
  return db
    .selectFrom('incident_report_links as l')
    .leftJoin('users as u', 'u.id', 'l.created_by')
    .selectAll('l')
    .select('u.display_name as created_by_name')
    .where('l.facility_id', '=', facilityId)
    .where('l.revoked_at', 'is', null)
    .orderBy('l.created_at', 'desc')
    .executeTakeFirst();
}

/** A link by its token's hash, with its facility's name (revoked links too: the caller decides). */
export async function findLinkByHash(db: Db, tokenHash: string): Promise<(ReportLinkRow & { facility_name: string }) | undefined> {
  return db
    .selectFrom('incident_report_links as l')
    .innerJoin('facilities as f', 'f.id', 'l.facility_id')
    .selectAll('l')
    .select('f.name as facility_name')
    .where('l.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function insertLink(db: Db, row: ReportLinkRow): Promise<void> {
  await db.insertInto('incident_report_links').values(row).execute();
}

/** Revokes every active link of the facility; returns the ids revoked. */
export async function revokeLinks(db: Db, facilityId: string, now: string): Promise<string[]> {
  const active = await db.selectFrom('incident_report_links').select('id').where('facility_id', '=', facilityId).where('revoked_at', 'is', null).execute();
  if (active.length === 0) return [];
  await db.updateTable('incident_report_links').set({ revoked_at: now }).where('facility_id', '=', facilityId).where('revoked_at', 'is', null).execute();
  return active.map((r) => r.id);
}

/** Serializes link changes of a facility: a no-op update takes the facility's row lock (SQLite transactions are serial anyway). */
export async function lockFacilityLinks(db: Db, facilityId: string): Promise<void> {
  await db
    .updateTable('facilities')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', facilityId)
    .execute();
}
