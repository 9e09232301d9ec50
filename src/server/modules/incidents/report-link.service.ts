import { AppError, type FieldIssue } from '../../../shared/errors.ts';
import type { PublicReportCreateBody } from '../../../shared/contracts/incident-reports.contract.ts';
import { callerUserId, type Caller, type Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import { newId, randomToken, sha256Hex } from '../../lib/ids.ts';
import { failValidation } from '../../lib/validation.ts';
import { renderPdf } from '../../reports/pdf.ts';
import { authorizeIncidents } from './incident.access.ts';
import { reportPosterHtml } from './report-link.poster.ts';
import * as repo from './report.repository.ts';
import { checkOccurredAt, insertReportTx, readPhoto } from './report.service.ts';
import { kickOutbox } from '../outbox/index.ts';

/**
 * The facility's report link (報告リンク): one per facility, printed as a QR code on posters, through which anyone
 * reports without an account. The token (32 random bytes, base64url) is shown once when the link is made; only its
 * SHA-256 is kept. Making a new link revokes the previous one. The link reveals the facility's name and accepts
 * reports — nothing else: no reading of reports, no ids. Unknown and revoked tokens answer the same NOT_FOUND.
 * Managed with incident.manage; audited as `incident_report_link`.
 */

/** Tokens are 32 bytes in base64url (43 characters); anything else is not looked up. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The in-app path a link opens (short, for the QR code); the web app serves the report form there. */
export const reportLinkPath = (token: string) => `/r/${token}`;

/** The full URL of a link: `origin` is MAMORI_PUBLIC_URL or the request's own origin. */
export const reportLinkUrl = (origin: string, token: string) => `${origin.replace(/\/+$/, '')}${reportLinkPath(token)}`;

export interface ReportLinkState {
  exists: boolean;
  createdAt: string | null;
  createdBy: { id: string; name: string } | null;
}

function stateOf(link: repo.ReportLinkView | undefined): ReportLinkState {
  if (!link) return { exists: false, createdAt: null, createdBy: null };
  return { exists: true, createdAt: link.created_at, createdBy: link.created_by ? { id: link.created_by, name: link.created_by_name ?? '' } : null };
}

/** Whether the facility has a link, and when and by whom it was made (never the token). */
export async function getReportLink(deps: Deps, caller: Caller, facilityId: string): Promise<ReportLinkState> {
  await authorizeIncidents(deps, caller, facilityId, 'incident.manage');
  return stateOf(await repo.findActiveLink(deps.db, facilityId));
}

/** Makes the facility's link inside the caller's transaction (revoking the previous one); returns the token. No permission checks. */
export async function createReportLinkTx(deps: Deps, trx: Db, caller: Caller, facilityId: string): Promise<{ token: string; linkId: string }> {
  await repo.lockFacilityLinks(trx, facilityId);
  const now = deps.clock.now().toISOString();
  const revoked = await repo.revokeLinks(trx, facilityId, now);
  const token = randomToken(32);
  const linkId = newId();
  await repo.insertLink(trx, { id: linkId, facility_id: facilityId, token_hash: sha256Hex(token), created_by: callerUserId(caller), created_at: now, revoked_at: null });
  for (const id of revoked) await recordAudit(deps, trx, caller, { facilityId, entityType: 'incident_report_link', entityId: id, action: 'revoke', after: { id, revokedAt: now, replacedBy: linkId } });
  await recordAudit(deps, trx, caller, { facilityId, entityType: 'incident_report_link', entityId: linkId, action: 'create', after: { id: linkId, createdAt: now } });
  return { token, linkId };
}

/** A new link (incident.manage): the token and URL are returned this once. */
export async function createReportLink(deps: Deps, caller: Caller, facilityId: string, origin: string): Promise<ReportLinkState & { token: string; url: string }> {
  await authorizeIncidents(deps, caller, facilityId, 'incident.manage');
  const state = await deps.db.transaction().execute(async (trx) => {
    const { token } = await createReportLinkTx(deps, trx, caller, facilityId);
    return { token, state: stateOf(await repo.findActiveLink(trx, facilityId)) };
  });
  return { ...state.state, token: state.token, url: reportLinkUrl(origin, state.token) };
}

/** Revokes the facility's link at once (idempotent). */
export async function revokeReportLink(deps: Deps, caller: Caller, facilityId: string): Promise<ReportLinkState> {
  await authorizeIncidents(deps, caller, facilityId, 'incident.manage');
  await deps.db.transaction().execute(async (trx) => {
    await repo.lockFacilityLinks(trx, facilityId);
    const now = deps.clock.now().toISOString();
    const revoked = await repo.revokeLinks(trx, facilityId, now);
    for (const id of revoked) await recordAudit(deps, trx, caller, { facilityId, entityType: 'incident_report_link', entityId: id, action: 'revoke', after: { id, revokedAt: now } });
  });
  return stateOf(undefined);
}

export const POSTER_CONTENT_TYPES = { pdf: 'application/pdf', html: 'text/html; charset=utf-8' } as const;

/**
 * The printable poster of the facility's current link (incident.manage). The token comes from the caller (shown when
 * the link was made; it is not stored): it must be the current link's, else VALIDATION_FAILED. Audited `export`.
 */
export async function reportPoster(
  deps: Deps,
  caller: Caller,
  facilityId: string,
  input: { token: string; format: 'html' | 'pdf'; origin: string },
): Promise<{ fileName: string; contentType: string; body: Buffer }> {
  const facility = await authorizeIncidents(deps, caller, facilityId, 'incident.manage');
  const link = await repo.findActiveLink(deps.db, facilityId);
  if (!link || !TOKEN_PATTERN.test(input.token) || link.token_hash !== sha256Hex(input.token)) failValidation([{ path: 'token', message: 'not_current_link' }]);
  const generatedAt = deps.clock.now().toISOString();
  const html = await reportPosterHtml({ facilityName: facility.name, url: reportLinkUrl(input.origin, input.token), generatedAt });
  const body = input.format === 'pdf' ? await renderPdf(deps, html) : Buffer.from(html, 'utf8');
  await deps.db.transaction().execute((trx) =>
    recordAudit(deps, trx, caller, { facilityId, entityType: 'incident_report_link', entityId: link.id, action: 'export', after: { format: input.format, bytes: body.length } }),
  );
  const code = facility.code.replace(/[^A-Za-z0-9._-]/g, '_');
  return { fileName: `mamori-report-poster-${code}.${input.format}`, contentType: POSTER_CONTENT_TYPES[input.format], body };
}

// --- the public side (no account) --------------------------------------------------------------------------------

export interface OpenReportLink {
  linkId: string;
  facilityId: string;
  facilityName: string;
}

/** The active link of a token; unknown, malformed and revoked tokens all answer NOT_FOUND (no oracle). */
export async function openReportLink(deps: Deps, token: string): Promise<OpenReportLink> {
  if (!TOKEN_PATTERN.test(token)) throw new AppError('NOT_FOUND');
  const link = await repo.findLinkByHash(deps.db, sha256Hex(token));
  if (!link || link.revoked_at !== null) throw new AppError('NOT_FOUND');
  return { linkId: link.id, facilityId: link.facility_id, facilityName: link.facility_name };
}

/** Who acts through a link: nobody signed in; the audit log names the channel. */
const linkCaller = (ip: string | null): Caller => ({ actor: null, ip, label: '報告リンク / report link' });

/**
 * A report through the link: channel `link`, the link's id kept, status `new`. The link is checked again inside the
 * transaction (a revoke in between wins). Returns only when it was received.
 */
export async function submitLinkReport(deps: Deps, link: OpenReportLink, ip: string | null, input: PublicReportCreateBody): Promise<{ receivedAt: string }> {
  const issues: FieldIssue[] = [];
  const occurredAt = checkOccurredAt(deps, input.occurredAt, issues);
  const photo = readPhoto(input.photo, issues);
  if (issues.length > 0) failValidation(issues);
  const report = await deps.db.transaction().execute(async (trx) => {
    const current = await repo.findActiveLink(trx, link.facilityId);
    if (!current || current.id !== link.linkId) throw new AppError('NOT_FOUND');
    return insertReportTx(deps, trx, linkCaller(ip), link.facilityId, {
      channel: 'link',
      what: input.what,
      where: input.where,
      assetId: null,
      occurredAt,
      reporterUserId: null,
      reporterName: input.name,
      reporterContact: input.contact,
      linkId: link.linkId,
      photo,
    });
  });
  kickOutbox(deps);
  return { receivedAt: report.created_at };
}
