import { AppError } from '../../../shared/errors.ts';
import type { AnswerDto, AssessmentDetailDto, ProgressDto, VendorSheetDto } from '../../../shared/contracts/assessments.contract.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import { newId, randomToken, sha256Hex } from '../../lib/ids.ts';
import { clean, ledgerToday } from '../ledger/index.ts';
import { notifyRoles, notifyUsers } from '../notifications/index.ts';
import {
  actorOf,
  applyAnswer,
  authorizeAssessment,
  getAssessmentDetail,
  loadAssessmentBundle,
  presentAnswer,
  recordAssessmentEvent,
  signoffIssues,
  type AssessmentActor,
  type AssessmentBundle,
  type AssessmentRecord,
} from './index.ts';
import { lockAssessment } from './assessment.repository.ts';
import * as repo from './vendor-sheet.repository.ts';

/**
 * 事業者確認用 (vendor sheets). The hospital starts a vendor sheet as an assessment with a vendor; the vendor answers
 * it either signed in (role `vendor`, through the assessments core) or through a signed, expiring link without an
 * account. The vendor submits; the hospital accepts (locked) or returns it with a reason.
 *
 * Links: the token (32 random bytes, base64url) is shown once; only its SHA-256 is stored. A link reaches exactly
 * one assessment and nothing else of the hospital: the facility's and vendor's names, the framework, the answers and
 * the progress — no evidence, no suggestions from the hospital's ledger, no ids. Unknown token → NOT_FOUND; expired or
 * revoked → LINK_EXPIRED. Every use counts (last_used_at, use_count).
 *
 * Every transition writes a history event and an audit event in the same transaction.
 */

export type LinkRow = repo.LinkRow;
export type LinkStatus = 'active' | 'expired' | 'revoked';

const DAY_MS = 86_400_000;

/** The in-app path of a link (the UI puts its origin in front). */
export const vendorSheetPath = (token: string) => `/vendor-sheet/${token}`;

/** Tokens are 32 bytes in base64url (43 characters); anything else is not looked up. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function linkStatus(link: Pick<LinkRow, 'revoked_at' | 'expires_at'>, now: string): LinkStatus {
  if (link.revoked_at !== null) return 'revoked';
  return link.expires_at <= now ? 'expired' : 'active';
}

export interface LinkView {
  id: string;
  recipient: string | null;
  expiresAt: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  useCount: number;
  status: LinkStatus;
}

function linkView(r: LinkRow, now: string): LinkView {
  return {
    id: r.id,
    recipient: r.recipient,
    expiresAt: r.expires_at,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
    useCount: Number(r.use_count),
    status: linkStatus(r, now),
  };
}

/** What the audit log keeps of a link (never the token or its hash). */
const auditLink = (r: LinkRow) => ({ id: r.id, assessmentId: r.assessment_id, recipient: r.recipient, expiresAt: r.expires_at, revokedAt: r.revoked_at });

function requireVendorSheet(row: Pick<AssessmentRecord, 'sheet' | 'vendor_id'>): void {
  if (row.sheet !== 'vendor' || row.vendor_id === null) throw new AppError('INVALID_STATE', 'only vendor sheets (事業者確認用) have vendor links and reviews', { detail: { sheet: row.sheet } });
}

const nowIso = (deps: Deps) => deps.clock.now().toISOString();

// --- links (the hospital's side) ----------------------------------------------------------------

/**
 * Issues a link to a vendor sheet (assessment.manage): not for hospital sheets, nor once the sheet is accepted.
 * Returns the token once.
 */
export async function createVendorLink(
  deps: Deps,
  caller: Caller,
  assessmentId: string,
  input: { expiresInDays: number; recipient?: string | undefined },
): Promise<{ link: LinkView; token: string; url: string }> {
  const { row } = await authorizeAssessment(deps, caller, assessmentId, 'manage');
  requireVendorSheet(row);
  if (row.status === 'accepted' || row.status === 'locked') throw new AppError('INVALID_STATE', `the sheet is ${row.status}`, { detail: { status: row.status } });
  const token = randomToken(32);
  const now = deps.clock.now();
  const link: LinkRow = {
    id: newId(),
    facility_id: row.facility_id,
    assessment_id: row.id,
    token_hash: sha256Hex(token),
    recipient: clean(input.recipient),
    expires_at: new Date(now.getTime() + input.expiresInDays * DAY_MS).toISOString(),
    created_by: actorOf(caller).userId,
    created_at: now.toISOString(),
    revoked_at: null,
    last_used_at: null,
    use_count: 0,
  };
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertLink(trx, link);
    await recordAssessmentEvent(deps, trx, {
      facilityId: row.facility_id,
      assessmentId: row.id,
      action: 'link_created',
      after: { linkId: link.id, recipient: link.recipient, expiresAt: link.expires_at },
      actor: actorOf(caller),
    });
    await recordAudit(deps, trx, caller, { facilityId: row.facility_id, entityType: 'assessment_link', entityId: link.id, action: 'create', after: auditLink(link) });
  });
  return { link: linkView(link, now.toISOString()), token, url: vendorSheetPath(token) };
}

export async function listVendorLinks(deps: Deps, caller: Caller, assessmentId: string): Promise<LinkView[]> {
  const { row } = await authorizeAssessment(deps, caller, assessmentId, 'manage');
  const now = nowIso(deps);
  return (await repo.listLinks(deps.db, row.facility_id, row.id)).map((r) => linkView(r, now));
}

/** Revokes a link at once (idempotent: a revoked link stays as it was). */
export async function revokeVendorLink(deps: Deps, caller: Caller, assessmentId: string, linkId: string): Promise<LinkView> {
  const { row } = await authorizeAssessment(deps, caller, assessmentId, 'manage');
  const after = await deps.db.transaction().execute(async (trx) => {
    const before = await repo.findLink(trx, row.facility_id, row.id, linkId);
    if (!before) throw new AppError('NOT_FOUND');
    if (before.revoked_at !== null) return before;
    const now = nowIso(deps);
    await repo.revokeLink(trx, row.facility_id, linkId, now);
    const revoked = (await repo.findLink(trx, row.facility_id, row.id, linkId))!;
    await recordAssessmentEvent(deps, trx, { facilityId: row.facility_id, assessmentId: row.id, action: 'link_revoked', after: { linkId, recipient: before.recipient }, actor: actorOf(caller) });
    await recordAudit(deps, trx, caller, { facilityId: row.facility_id, entityType: 'assessment_link', entityId: linkId, action: 'revoke', before: auditLink(before), after: auditLink(revoked) });
    return revoked;
  });
  return linkView(after, nowIso(deps));
}

// --- the link holder's side (public) ------------------------------------------------------------

interface OpenedLink {
  link: LinkRow;
  row: AssessmentRecord;
  /** The sheet as loaded while opening (without suggestions). */
  bundle: AssessmentBundle;
  /** Who acts through the link: 「事業者リンク: <recipient or vendor name>」, no user. */
  actor: AssessmentActor;
  caller: Caller;
}

/**
 * The link of a token, checked: unknown → NOT_FOUND; revoked, expired or its sheet deleted → LINK_EXPIRED. Counts
 * the use (in `db`, so a write's use is part of its transaction).
 */
async function openLink(deps: Deps, db: Db, token: string, ip: string | null): Promise<OpenedLink> {
  if (!TOKEN_PATTERN.test(token)) throw new AppError('NOT_FOUND');
  const link = await repo.findLinkByHash(db, sha256Hex(token));
  if (!link) throw new AppError('NOT_FOUND');
  const now = nowIso(deps);
  if (linkStatus(link, now) !== 'active') throw new AppError('LINK_EXPIRED', `the link is ${linkStatus(link, now)}`, { detail: { status: linkStatus(link, now) } });
  let bundle: AssessmentBundle;
  try {
    bundle = await loadAssessmentBundle(deps, link.assessment_id, { suggestions: false, db });
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') throw new AppError('LINK_EXPIRED', 'the sheet no longer exists', { detail: { status: 'deleted' } });
    throw e;
  }
  const row = bundle.row;
  if (row.facility_id !== link.facility_id || row.sheet !== 'vendor') throw new AppError('NOT_FOUND');
  await repo.touchLink(db, link.id, now);
  const label = `事業者リンク: ${link.recipient ?? row.vendor_name ?? ''}`.trim();
  return { link, row, bundle, actor: { userId: null, label }, caller: { actor: null, ip, label } };
}

function sheetOf(bundle: AssessmentBundle, link: LinkRow): VendorSheetDto {
  return {
    facilityName: bundle.facility.name,
    vendorName: bundle.vendor?.name ?? '',
    status: bundle.row.status as VendorSheetDto['status'],
    returnReason: bundle.row.return_reason,
    expiresAt: link.expires_at,
    framework: bundle.entry.definition,
    answers: [...bundle.answers.values()],
    progress: withoutSuggestions(bundle.progress),
  };
}

/** A vendor never sees the auto-evaluation of the hospital's data (the bundle is loaded without it anyway). */
const withoutSuggestions = (p: ProgressDto): ProgressDto => ({ ...p, disagreements: 0 });

/** GET through a link: the sheet only. */
export async function vendorSheetByToken(deps: Deps, token: string, ip: string | null): Promise<VendorSheetDto> {
  const opened = await openLink(deps, deps.db, token, ip);
  return sheetOf(opened.bundle, opened.link);
}

/**
 * Answers one item through a link (the core's applyAnswer: only while in progress, so a submitted or accepted
 * sheet is INVALID_STATE). Audited with the link's label and id. Returns the sheet as it is now.
 */
export async function answerByToken(
  deps: Deps,
  token: string,
  ip: string | null,
  itemId: string,
  input: Parameters<typeof applyAnswer>[6],
): Promise<VendorSheetDto> {
  const link = await deps.db.transaction().execute(async (trx) => {
    const opened = await openLink(deps, trx, token, ip);
    const { before, after } = await applyAnswer(deps, trx, opened.actor, opened.row, opened.bundle.entry, itemId, input);
    if (after) {
      await recordAudit(deps, trx, opened.caller, {
        facilityId: opened.row.facility_id,
        entityType: 'assessment',
        entityId: opened.row.id,
        action: 'answer',
        before: before ? { itemId, ...answerAudit(presentAnswer(before)) } : null,
        after: { itemId, ...answerAudit(presentAnswer(after)), linkId: opened.link.id },
      });
    }
    return opened.link;
  });
  return sheetOf(await loadAssessmentBundle(deps, link.assessment_id, { suggestions: false }), link);
}

const answerAudit = (a: AnswerDto) => ({ answer: a.answer, checkedOn: a.checkedOn, targetOn: a.targetOn, responsible: a.responsible, comment: a.comment });

// --- submit, accept, return ---------------------------------------------------------------------

/**
 * in_progress → submitted. Every required item must be complete for the inspection (answer, 確認日, and a 目標日 for
 * each いいえ): VALIDATION_FAILED with one issue per item otherwise. Notifies the facility's security managers.
 */
async function submitTx(
  deps: Deps,
  trx: Db,
  caller: Caller,
  actor: AssessmentActor,
  seen: Pick<AssessmentRecord, 'facility_id' | 'id'>,
  submittedBy: string,
  linkId: string | null,
): Promise<void> {
  // Under the row lock, so that no answer changes between the completeness check and the move.
  await lockAssessment(trx, seen.facility_id, seen.id);
  const assessmentId = seen.id;
  const bundle = await loadAssessmentBundle(deps, assessmentId, { suggestions: false, db: trx });
  const row = bundle.row;
  requireVendorSheet(row);
  if (row.status !== 'in_progress') throw new AppError('INVALID_STATE', `the sheet is ${row.status}`, { detail: { status: row.status } });
  const issues = signoffIssues(bundle, ledgerToday(deps));
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', `${issues.length} items are not complete`, { issues });
  const now = nowIso(deps);
  const moved = await repo.moveAssessment(trx, row.facility_id, row.id, 'in_progress', {
    status: 'submitted',
    submitted_at: now,
    submitted_by_label: submittedBy,
    return_reason: null,
    updated_at: now,
  });
  if (!moved) throw new AppError('CONFLICT', 'the sheet changed meanwhile');
  await recordAssessmentEvent(deps, trx, {
    facilityId: row.facility_id,
    assessmentId: row.id,
    action: 'submit',
    before: { status: row.status },
    after: { status: 'submitted', submittedBy, ...(linkId && { linkId }) },
    actor,
  });
  await recordAudit(deps, trx, caller, {
    facilityId: row.facility_id,
    entityType: 'assessment',
    entityId: row.id,
    action: 'submit',
    before: { status: row.status, returnReason: row.return_reason },
    after: { status: 'submitted', submittedBy, ...(linkId && { linkId }) },
  });
  await notifyRoles(deps, trx, {
    facilityId: row.facility_id,
    roles: ['security_manager'],
    kind: 'assessment.vendor_submitted',
    params: { vendor: bundle.vendor?.name ?? '', framework: bundle.entry.definition.title.ja, frameworkEn: bundle.entry.definition.title.en, assessmentId: row.id },
    link: `/assessments/${row.id}`,
    dedupeKey: `vendor-submitted:${row.id}:${now}`,
  });
}

/** 提出 through a link; `name` is the person who answered (kept as submitted_by_label). */
export async function submitByToken(deps: Deps, token: string, ip: string | null, input: { name: string }): Promise<VendorSheetDto> {
  const linkId = await deps.db.transaction().execute(async (trx) => {
    const opened = await openLink(deps, trx, token, ip);
    const name = input.name.trim();
    await submitTx(deps, trx, opened.caller, { ...opened.actor, label: `${opened.actor.label} (${name})` }, opened.row, name, opened.link.id);
    return opened.link.id;
  });
  const link = (await repo.findLinkById(deps.db, linkId))!;
  return sheetOf(await loadAssessmentBundle(deps, link.assessment_id, { suggestions: false }), link);
}

/**
 * 提出 by a signed-in user: the vendor's own user (assessment.vendor_answer on its sheet), or the hospital on the
 * vendor's behalf (assessment.manage, e.g. a sheet returned on paper).
 */
export async function submitVendorSheet(deps: Deps, caller: Caller, assessmentId: string): Promise<AssessmentDetailDto> {
  // A vendor user reaches the sheet only with assessment.vendor_answer; anyone else needs assessment.manage.
  const access = await authorizeAssessment(deps, caller, assessmentId, 'read');
  if (!access.asVendor) await authorizeAssessment(deps, caller, assessmentId, 'manage');
  await deps.db.transaction().execute((trx) => submitTx(deps, trx, caller, actorOf(caller), access.row, caller.label, null));
  return getAssessmentDetail(deps, caller, assessmentId);
}

/** Review by the hospital (assessment.manage): from `submitted` only. */
async function review(deps: Deps, caller: Caller, assessmentId: string, decision: 'accept' | 'return', reason: string | null): Promise<AssessmentDetailDto> {
  const { row: seen } = await authorizeAssessment(deps, caller, assessmentId, 'manage');
  requireVendorSheet(seen);
  await deps.db.transaction().execute(async (trx) => {
    await lockAssessment(trx, seen.facility_id, seen.id);
    const bundle = await loadAssessmentBundle(deps, assessmentId, { suggestions: false, db: trx });
    const row = bundle.row;
    if (row.status !== 'submitted') throw new AppError('INVALID_STATE', `the sheet is ${row.status}`, { detail: { status: row.status } });
    const now = nowIso(deps);
    const patch =
      decision === 'accept'
        ? { status: 'accepted', accepted_by: caller.label, accepted_at: now, locked_at: now, updated_at: now }
        : { status: 'in_progress', return_reason: reason, updated_at: now };
    if (!(await repo.moveAssessment(trx, row.facility_id, row.id, 'submitted', patch))) throw new AppError('CONFLICT', 'the sheet changed meanwhile');
    const after = { status: patch.status, ...(reason !== null && { reason }) };
    await recordAssessmentEvent(deps, trx, { facilityId: row.facility_id, assessmentId: row.id, action: decision, before: { status: row.status }, after, actor: actorOf(caller) });
    await recordAudit(deps, trx, caller, { facilityId: row.facility_id, entityType: 'assessment', entityId: row.id, action: decision, before: { status: row.status, submittedBy: row.submitted_by_label }, after });
    const users = await repo.vendorUserIds(trx, row.facility_id, row.vendor_id!);
    await notifyUsers(deps, trx, {
      facilityId: row.facility_id,
      userIds: users,
      kind: decision === 'accept' ? 'assessment.vendor_accepted' : 'assessment.vendor_returned',
      params: { facility: bundle.facility.name, framework: bundle.entry.definition.title.ja, frameworkEn: bundle.entry.definition.title.en, reason, assessmentId: row.id },
      link: `/assessments/${row.id}`,
      dedupeKey: `vendor-${decision}:${row.id}:${now}`,
    });
  });
  return getAssessmentDetail(deps, caller, assessmentId);
}

/** 受理: submitted → accepted (locked). */
export function acceptVendorSheet(deps: Deps, caller: Caller, assessmentId: string): Promise<AssessmentDetailDto> {
  return review(deps, caller, assessmentId, 'accept', null);
}

/** 差し戻し: submitted → in_progress with the reason the vendor sees. */
export function returnVendorSheet(deps: Deps, caller: Caller, assessmentId: string, input: { reason: string }): Promise<AssessmentDetailDto> {
  return review(deps, caller, assessmentId, 'return', input.reason.trim());
}

// --- the vendor page ----------------------------------------------------------------------------

export interface VendorChecklist {
  status: 'not_started' | 'in_progress' | 'submitted' | 'accepted';
  assessmentId: string | null;
  frameworkId: string | null;
  frameworkVersion: string | null;
  fiscalYear: number | null;
  /** Null when the framework of the sheet is no longer available. */
  answered: number | null;
  items: number | null;
  submittedAt: string | null;
  acceptedAt: string | null;
}

const NOT_STARTED: VendorChecklist = {
  status: 'not_started',
  assessmentId: null,
  frameworkId: null,
  frameworkVersion: null,
  fiscalYear: null,
  answered: null,
  items: null,
  submittedAt: null,
  acceptedAt: null,
};

/**
 * The vendor page's 事業者確認用 result: the newest vendor sheet of the vendor (unchecked: the vendors module has
 * authorized the vendor already).
 */
export async function vendorChecklist(deps: Deps, facilityId: string, vendorId: string, db: Db = deps.db): Promise<VendorChecklist> {
  const id = await repo.newestVendorSheetId(db, facilityId, vendorId);
  if (id === null) return NOT_STARTED;
  let bundle: AssessmentBundle | null = null;
  let row: AssessmentRecord;
  try {
    bundle = await loadAssessmentBundle(deps, id, { suggestions: false, db });
    row = bundle.row;
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'INVALID_STATE') throw e;
    // The framework is gone (a custom framework removed): show the status without counts.
    const found = (await repo.findAssessmentRow(db, id))!;
    row = { ...found, vendor_name: null, fiscal_year: found.fiscal_year === null ? null : Number(found.fiscal_year) };
  }
  const status: VendorChecklist['status'] = row.status === 'submitted' ? 'submitted' : row.status === 'accepted' || row.status === 'locked' ? 'accepted' : 'in_progress';
  return {
    status,
    assessmentId: row.id,
    frameworkId: row.framework_id,
    frameworkVersion: row.framework_version,
    fiscalYear: row.fiscal_year,
    answered: bundle ? bundle.progress.answered : null,
    items: bundle ? bundle.progress.items : null,
    submittedAt: row.submitted_at,
    acceptedAt: row.accepted_at,
  };
}
