import { AppError, type FieldIssue } from '../../../shared/errors.ts';
import { formatDateTime } from '../../../shared/dates.ts';
import { type PHOTO_TYPES, REPORT_LIMITS, REPORT_STATUSES, type ReportChannel, type ReportStatus } from '../../../shared/incidents/cases.ts';
import { can, reachesFacility, type FacilityPermission } from '../../../shared/policy.ts';
import type { ReportCreateBody, ReportListQuery, ReportMergeBody, ReportOpenCaseBody } from '../../../shared/contracts/incident-reports.contract.ts';
import { callerUserId, type Caller, type Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import { safeFileName } from '../../lib/file-names.ts';
import { newId } from '../../lib/ids.ts';
import { findStoredFile, storeFile } from '../../lib/stored-files.ts';
import { failValidation } from '../../lib/validation.ts';
import { findCaseRow } from './case.repository.ts';
import { createCaseTx } from './case.service.ts';
import { authorizeIncidents, type FacilityRef } from './incident.access.ts';
import * as repo from './report.repository.ts';
import { insertTimelineEntry } from './timeline.repository.ts';
import { kickOutbox } from '../outbox/index.ts';
import { raiseAlertsTx, settleReportAlertsTx } from './alert.service.ts';

/**
 * インシデントかも? — the one-minute report. Anyone with incident.report (every role of the hospital but auditor and
 * vendor) reports what happened; only `what` is required. Reports also come in through the facility's poster link
 * (report-link.service.ts) without an account. Readers of incidents (incident.read) see every report of the facility
 * — the triage inbox —, a caller with incident.report alone only their own. Triage (incident.write) opens a case from a
 * `new` report, merges it into an open case, or dismisses it with a reason. Everything is audited as
 * `incident_report` in the same transaction.
 */

export type ReportView = repo.ReportView;

/** A photo may say it happened up to this much in the future (clock skew between the phone and the server). */
const FUTURE_SLACK_MS = 5 * 60_000;

// --- photos ------------------------------------------------------------------------------------------------------

type PhotoType = (typeof PHOTO_TYPES)[number];

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1']);

/** The image type by its first bytes (the declared type and the file name are not trusted); null when not a photo we take. */
export function detectPhotoType(bytes: Buffer): PhotoType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (bytes.length >= 12 && bytes.toString('latin1', 4, 8) === 'ftyp' && HEIF_BRANDS.has(bytes.toString('latin1', 8, 12))) return 'image/heic';
  return null;
}

const EXTENSIONS: Record<PhotoType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/heic': 'heic' };

export interface PhotoUpload {
  bytes: Buffer;
  contentType: PhotoType;
  fileName: string;
}

/** Decodes and checks a photo (base64, a `data:` prefix allowed): size, then type by magic bytes. Pushes issues. */
export function readPhoto(photo: { fileName?: string | undefined; data: string } | null, issues: FieldIssue[]): PhotoUpload | null {
  if (!photo) return null;
  const data = photo.data.replace(/^data:[^,]*;base64,/, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(data) || data.length === 0) {
    issues.push({ path: 'photo', message: 'invalid_base64' });
    return null;
  }
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length > REPORT_LIMITS.photoBytes) {
    issues.push({ path: 'photo', message: 'too_large' });
    return null;
  }
  const contentType = detectPhotoType(bytes);
  if (!contentType) {
    issues.push({ path: 'photo', message: 'unsupported_type' });
    return null;
  }
  const ext = EXTENSIONS[contentType];
  const given = safeFileName(photo.fileName ?? '', '').replace(/\.[^.]*$/, '');
  return { bytes, contentType, fileName: `${given || 'photo'}.${ext}` };
}

// --- creating ----------------------------------------------------------------------------------------------------

/** A report as checked, ready to insert (both channels). */
export interface ReportDraft {
  channel: ReportChannel;
  what: string;
  where: string | null;
  assetId: string | null;
  /** ISO (any offset); stored as UTC. */
  occurredAt: string | null;
  reporterUserId: string | null;
  reporterName: string | null;
  reporterContact: string | null;
  linkId: string | null;
  photo: PhotoUpload | null;
}

/** Checks the time a reporter gave: not more than a few minutes ahead of the server's clock. Returns ISO UTC. */
export function checkOccurredAt(deps: Deps, occurredAt: string | null, issues: FieldIssue[]): string | null {
  if (occurredAt === null) return null;
  const ms = Date.parse(occurredAt);
  if (Number.isNaN(ms)) {
    issues.push({ path: 'occurredAt', message: 'invalid_date' });
    return null;
  }
  if (ms > deps.clock.now().getTime() + FUTURE_SLACK_MS) issues.push({ path: 'occurredAt', message: 'in_future' });
  return new Date(ms).toISOString();
}

/** What the audit log keeps of a report (no photo bytes). */
function auditReport(r: repo.ReportRow) {
  return {
    id: r.id,
    channel: r.channel,
    status: r.status,
    what: r.what,
    where: r.where_text,
    assetId: r.asset_id,
    occurredAt: r.occurred_at,
    reporterUserId: r.reporter_user_id,
    reporterName: r.reporter_name,
    reporterContact: r.reporter_contact,
    photoFileId: r.photo_file_id,
    linkId: r.link_id,
    caseId: r.case_id,
    dismissReason: r.dismiss_reason,
  };
}

/**
 * Inserts a checked report inside the caller's transaction (both channels): the asset must be a live asset of the
 * facility; the photo is stored with its SHA-256. Audited `incident_report`/`create`.
 */
export async function insertReportTx(deps: Deps, trx: Db, caller: Caller, facilityId: string, draft: ReportDraft): Promise<ReportView> {
  if (draft.assetId !== null && !(await repo.findLiveAsset(trx, facilityId, draft.assetId))) failValidation([{ path: 'assetId', message: 'unknown_asset' }]);
  const now = deps.clock.now().toISOString();
  const photo = draft.photo ? await storeFile(trx, { facilityId, fileName: draft.photo.fileName, contentType: draft.photo.contentType, bytes: draft.photo.bytes, now }) : null;
  const row: repo.ReportRow = {
    id: newId(),
    facility_id: facilityId,
    channel: draft.channel,
    what: draft.what,
    where_text: draft.where,
    asset_id: draft.assetId,
    occurred_at: draft.occurredAt,
    reporter_user_id: draft.reporterUserId,
    reporter_name: draft.reporterName,
    reporter_contact: draft.reporterContact,
    photo_file_id: photo?.id ?? null,
    link_id: draft.linkId,
    status: 'new',
    case_id: null,
    dismiss_reason: null,
    triaged_by: null,
    triaged_at: null,
    created_at: now,
  };
  await repo.insertReport(trx, row);
  await recordAudit(deps, trx, caller, {
    facilityId,
    entityType: 'incident_report',
    entityId: row.id,
    action: 'create',
    after: { ...auditReport(row), ...(photo && { photo: { sha256: photo.sha256, size: photo.size, contentType: draft.photo!.contentType } }) },
  });
  // The on-call chain hears of it in the same transaction (outbox); the caller kicks delivery after the commit.
  await raiseAlertsTx(deps, trx, { facilityId, reportId: row.id, caseId: null, summary: draft.where ? `${draft.what}(${draft.where})` : draft.what });
  return (await repo.findReportView(trx, row.id))!;
}

/** A signed-in report (incident.report), channel `app`. */
export async function createReport(deps: Deps, caller: Caller, facilityId: string, input: ReportCreateBody): Promise<ReportView> {
  await authorizeIncidents(deps, caller, facilityId, 'incident.report');
  const issues: FieldIssue[] = [];
  const occurredAt = checkOccurredAt(deps, input.occurredAt, issues);
  const photo = readPhoto(input.photo, issues);
  if (issues.length > 0) failValidation(issues);
  const draft: ReportDraft = {
    channel: 'app',
    what: input.what,
    where: input.where,
    assetId: input.assetId,
    occurredAt,
    reporterUserId: callerUserId(caller),
    reporterName: null,
    reporterContact: null,
    linkId: null,
    photo,
  };
  const report = await deps.db.transaction().execute((trx) => insertReportTx(deps, trx, caller, facilityId, draft));
  kickOutbox(deps);
  return report;
}

// --- reading -----------------------------------------------------------------------------------------------------

/**
 * Who may read reports of a facility: incident.read → all of them; otherwise incident.report → only the caller's
 * own (`ownOnly` is the caller's user id); otherwise FORBIDDEN (NOT_FOUND out of reach, TOKEN_SCOPE for tokens).
 */
async function authorizeReportReading(deps: Deps, caller: Caller, facilityId: string): Promise<{ facility: FacilityRef; ownOnly: string | null | undefined }> {
  const actor = caller.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (reachesFacility(actor, facilityId) && can(actor, 'incident.read', facilityId)) return { facility: await authorizeIncidents(deps, caller, facilityId, 'incident.read'), ownOnly: undefined };
  const facility = await authorizeIncidents(deps, caller, facilityId, 'incident.report');
  return { facility, ownOnly: callerUserId(caller) };
}

export interface ReportPage {
  items: ReportView[];
  total: number;
  page: number;
  pageSize: number;
  counts: Record<ReportStatus, number>;
  scope: 'all' | 'own';
}

export async function listReports(deps: Deps, caller: Caller, facilityId: string, query: ReportListQuery): Promise<ReportPage> {
  const reading = await authorizeReportReading(deps, caller, facilityId);
  // 自分の報告: a reader of every report may ask for their own only (mine=true); a reporter only ever gets their own.
  const ownOnly = reading.ownOnly !== undefined ? reading.ownOnly : query.mine === 'true' ? callerUserId(caller) : undefined;
  const filter = ownOnly === undefined ? {} : { reporterUserId: ownOnly };
  const [{ rows, total }, counts] = await Promise.all([
    repo.listReportViews(deps.db, { facilityId, ...filter, status: query.status, limit: query.pageSize, offset: (query.page - 1) * query.pageSize }),
    repo.countReportsByStatus(deps.db, facilityId, ownOnly),
  ]);
  return {
    items: rows,
    total,
    page: query.page,
    pageSize: query.pageSize,
    counts: Object.fromEntries(REPORT_STATUSES.map((s) => [s, counts.get(s) ?? 0])) as Record<ReportStatus, number>,
    scope: ownOnly === undefined ? 'all' : 'own',
  };
}

/** One report for reading: NOT_FOUND when out of reach or (for a reporter without incident.read) not their own. */
export async function getReport(deps: Deps, caller: Caller, id: string): Promise<ReportView> {
  if (!caller.actor) throw new AppError('UNAUTHENTICATED');
  const found = await repo.findReportView(deps.db, id);
  if (!found || !reachesFacility(caller.actor, found.facility_id)) throw new AppError('NOT_FOUND');
  const { ownOnly } = await authorizeReportReading(deps, caller, found.facility_id);
  if (ownOnly !== undefined && (ownOnly === null || found.reporter_user_id !== ownOnly)) throw new AppError('NOT_FOUND');
  return found;
}

/** The report's photo (same rule as the report). */
export async function reportPhoto(deps: Deps, caller: Caller, id: string): Promise<{ bytes: Buffer; contentType: string; fileName: string; sha256: string }> {
  const report = await getReport(deps, caller, id);
  const file = report.photo_file_id ? await findStoredFile(deps.db, report.facility_id, report.photo_file_id) : undefined;
  if (!file) throw new AppError('NOT_FOUND', 'the report has no photo');
  return { bytes: file.content, contentType: file.content_type, fileName: file.file_name, sha256: file.sha256 };
}

// --- triage ------------------------------------------------------------------------------------------------------

/** A report by id for triage (incident.write in its facility); NOT_FOUND when out of reach. */
async function reportForTriage(deps: Deps, caller: Caller, id: string, permission: FacilityPermission = 'incident.write'): Promise<ReportView> {
  if (!caller.actor) throw new AppError('UNAUTHENTICATED');
  const found = await repo.findReportView(deps.db, id);
  if (!found || !reachesFacility(caller.actor, found.facility_id)) throw new AppError('NOT_FOUND');
  await authorizeIncidents(deps, caller, found.facility_id, permission);
  requireNew(found);
  return found;
}

function requireNew(r: Pick<repo.ReportRow, 'status'>): void {
  if (r.status !== 'new') throw new AppError('INVALID_STATE', `the report is already ${r.status}`, { detail: { status: r.status } });
}

const CHANNEL_JA: Record<ReportChannel, string> = { app: 'アプリ', link: '報告リンク', cli: 'コマンド' };

/** The timeline's quote of a report (Japanese, as the case's timeline is kept). */
export function reportQuote(r: ReportView): string {
  const who = r.reporter_display_name ?? r.reporter_name;
  const lines = [`インシデントかも? の報告(${CHANNEL_JA[r.channel as ReportChannel] ?? r.channel}${who ? `・${who}` : ''}${r.reporter_contact ? `・連絡先 ${r.reporter_contact}` : ''})`, `「${r.what}」`];
  const where = [r.where_text, r.asset_name].filter((v): v is string => !!v).join(' / ');
  if (where) lines.push(`場所: ${where}`);
  if (r.occurred_at) lines.push(`発生(報告者による): ${formatDateTime(r.occurred_at, 'ja')}`);
  if (r.photo_file_id) lines.push('写真あり');
  return lines.join('\n');
}

/** A case title from the report: its first line, shortened. */
function titleFrom(what: string): string {
  const first = what.split(/\r?\n/).find((l) => l.trim())?.trim() ?? what.trim();
  return first.length > 80 ? `${first.slice(0, 79)}…` : first;
}

/**
 * Opens a case from a `new` report (incident.write): the case is created by the cases module in the same transaction,
 * 発覚日時 defaults to when the report says it happened (else when it came in), the 5W1H summary starts from the
 * report, the report becomes `opened` and the case's timeline quotes it.
 */
export async function openCaseFromReport(deps: Deps, caller: Caller, id: string, input: ReportOpenCaseBody): Promise<{ report: ReportView; caseId: string; caseSeq: number }> {
  const report = await reportForTriage(deps, caller, id);
  const facilityId = report.facility_id;
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now().toISOString();
    const changes: repo.TriageChanges = { status: 'opened', case_id: null, dismiss_reason: null, triaged_by: callerUserId(caller), triaged_at: now };
    if (!(await repo.triageReport(trx, facilityId, id, changes))) throw new AppError('INVALID_STATE', 'the report was triaged meanwhile');
    const when = report.occurred_at ?? report.created_at;
    const where = [report.where_text, report.asset_name].filter((v): v is string => !!v).join(' / ');
    const created = await createCaseTx(deps, trx, caller, facilityId, {
      title: input.title ?? titleFrom(report.what),
      category: input.category,
      ...(input.severity && { severity: input.severity }),
      ...(input.tlp && { tlp: input.tlp }),
      discoveredAt: input.discoveredAt ?? when,
      ...(input.facts && { facts: input.facts }),
      summary: { what: report.what, ...(where && { where }), ...(report.occurred_at && { when: formatDateTime(report.occurred_at, 'ja') }) },
    });
    await repo.setReportCase(trx, facilityId, id, created.id);
    await insertTimelineEntry(trx, { caseId: created.id, occurredAt: when, timeZone: 'Asia/Tokyo', kind: 'report', text: reportQuote(report), createdBy: callerUserId(caller), createdAt: now });
    const after = (await repo.findReportView(trx, id))!;
    await recordAudit(deps, trx, caller, { facilityId, entityType: 'incident_report', entityId: id, action: 'open_case', before: auditReport(report), after: auditReport(after) });
    await settleReportAlertsTx(deps, trx, caller, facilityId, id);
    return { report: after, caseId: created.id, caseSeq: created.seq };
  });
}

/** Merges a `new` report into an open case of the same facility (incident.write): `merged`, quoted on its timeline. */
export async function mergeReport(deps: Deps, caller: Caller, id: string, input: ReportMergeBody): Promise<ReportView> {
  const report = await reportForTriage(deps, caller, id);
  const facilityId = report.facility_id;
  return deps.db.transaction().execute(async (trx) => {
    const target = await findCaseRow(trx, input.caseId);
    if (!target || target.facility_id !== facilityId) failValidation([{ path: 'caseId', message: 'unknown_case' }]);
    if (target.status !== 'open') throw new AppError('INVALID_STATE', 'the case is closed', { detail: { caseStatus: target.status } });
    const now = deps.clock.now().toISOString();
    const changes: repo.TriageChanges = { status: 'merged', case_id: target.id, dismiss_reason: null, triaged_by: callerUserId(caller), triaged_at: now };
    if (!(await repo.triageReport(trx, facilityId, id, changes))) throw new AppError('INVALID_STATE', 'the report was triaged meanwhile');
    await insertTimelineEntry(trx, {
      caseId: target.id,
      occurredAt: report.occurred_at ?? report.created_at,
      timeZone: 'Asia/Tokyo',
      kind: 'report',
      text: reportQuote(report),
      createdBy: callerUserId(caller),
      createdAt: now,
    });
    const after = (await repo.findReportView(trx, id))!;
    await recordAudit(deps, trx, caller, { facilityId, entityType: 'incident_report', entityId: id, action: 'merge', before: auditReport(report), after: auditReport(after) });
    await settleReportAlertsTx(deps, trx, caller, facilityId, id);
    return after;
  });
}

/** Dismisses a `new` report with a reason (incident.write). */
export async function dismissReport(deps: Deps, caller: Caller, id: string, input: { reason: string }): Promise<ReportView> {
  const report = await reportForTriage(deps, caller, id);
  const facilityId = report.facility_id;
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now().toISOString();
    const changes: repo.TriageChanges = { status: 'dismissed', case_id: null, dismiss_reason: input.reason.trim(), triaged_by: callerUserId(caller), triaged_at: now };
    if (!(await repo.triageReport(trx, facilityId, id, changes))) throw new AppError('INVALID_STATE', 'the report was triaged meanwhile');
    const after = (await repo.findReportView(trx, id))!;
    await recordAudit(deps, trx, caller, { facilityId, entityType: 'incident_report', entityId: id, action: 'dismiss', before: auditReport(report), after: auditReport(after) });
    await settleReportAlertsTx(deps, trx, caller, facilityId, id);
    return after;
  });
}
