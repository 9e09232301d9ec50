import type { BcpApproveBody, BcpContentSaveBody, BcpReturnBody, BcpSubmitBody } from '../../../shared/contracts/resilience-bcp.contract.ts';
import { formatDate } from '../../../shared/dates.ts';
import { AppError, type FieldIssue } from '../../../shared/errors.ts';
import { can } from '../../../shared/policy.ts';
import {
  BCP_SECTION_LABELS,
  BCP_STATUS_LABELS,
  bcpCompleteness,
  bcpReviewDueOn,
  bcpReviewOverdue,
  bcpVersionLabel,
  defaultBcpContent,
  parseBcpContent,
  ZBcpContent,
  type BcpCompleteness,
  type BcpContent,
  type BcpStatus,
} from '../../../shared/resilience/bcp.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import { callerUserId, type Caller, type Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { newId } from '../../lib/ids.ts';
import { failValidation as invalid } from '../../lib/validation.ts';
import { ledgerToday } from '../ledger/index.ts';
import { notifyRoles } from '../notifications/index.ts';
import * as repo from './bcp.repository.ts';
import { authorizedRecord, authorizeResilience, type ResilienceFacility } from './resilience.access.ts';

/**
 * 事業継続計画(BCP) (checklist 3(3)): numbered versions of one structured document per facility. A new version starts
 * as a draft — 第1版 from defaultBcpContent, later a copy of the newest approved one — edited by resilience.write
 * (security managers and IT staff), sent for approval by bcp.manage (the security manager) once the required sections
 * are complete, returned with a reason (bcp.approve or bcp.manage) or approved by bcp.approve (the executive); the
 * approved one before it becomes superseded. One draft or in_review version at a time. Audited as bcp_version
 * (create, update, submit, return, approve, delete); the executives are told of a submission, the security managers of
 * an approval or a return (the bell).
 */

export interface UserRef {
  id: string;
  name: string;
}

export interface BcpVersionSummary {
  id: string;
  facilityId: string;
  number: number;
  status: BcpStatus;
  basedOnId: string | null;
  createdBy: UserRef | null;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  submittedBy: UserRef | null;
  approvedAt: string | null;
  approvedBy: UserRef | null;
  approverName: string | null;
  approvalNote: string | null;
  reviewDueOn: string | null;
  version: number;
}

export interface BcpVersionView extends BcpVersionSummary {
  facility: ResilienceFacility;
  content: BcpContent;
  completeness: BcpCompleteness;
  lastReturn: { at: string; by: string; reason: string } | null;
  can: { edit: boolean; submit: boolean; return: boolean; approve: boolean; delete: boolean };
}

export interface BcpOverview {
  facilityId: string;
  versions: BcpVersionSummary[];
  current: BcpVersionSummary | null;
  openDraft: BcpVersionSummary | null;
  reviewDueOn: string | null;
  reviewOverdue: boolean;
  sentence: { ja: string; en: string };
  canCreateDraft: boolean;
}

const ref = (id: string | null, name: string | null): UserRef | null => (id && name !== null ? { id, name } : null);

function summaryOf(r: repo.BcpVersionWithNames, content?: BcpContent): BcpVersionSummary {
  const status = r.status as BcpStatus;
  const cycle = (content ?? parseBcpContent(r.content)).basics.reviewCycleMonths;
  return {
    id: r.id,
    facilityId: r.facility_id,
    number: r.number,
    status,
    basedOnId: r.based_on_id,
    createdBy: ref(r.created_by, r.created_by_name),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    submittedAt: r.submitted_at,
    submittedBy: ref(r.submitted_by, r.submitted_by_name),
    approvedAt: r.approved_at,
    approvedBy: ref(r.approved_by, r.approved_by_name),
    approverName: r.approver_name,
    approvalNote: r.approval_note,
    reviewDueOn: r.approved_at && (status === 'approved' || status === 'superseded') ? bcpReviewDueOn(r.approved_at, cycle) : null,
    version: r.version,
  };
}

const dateOf = (ymd: string, lang: 'ja' | 'en') => formatDate(new Date(`${ymd}T12:00:00+09:00`), lang);

/** The state in one sentence per language. */
function overviewSentence(current: BcpVersionSummary | null, open: BcpVersionSummary | null, overdue: boolean): { ja: string; en: string } {
  const openText = open
    ? {
        ja: `${bcpVersionLabel(open.number, 'ja')}は${BCP_STATUS_LABELS[open.status].ja}`,
        en: `${bcpVersionLabel(open.number, 'en')} (${BCP_STATUS_LABELS[open.status].en.toLowerCase()})`,
      }
    : null;
  if (!current) {
    if (!openText) return { ja: 'BCPはまだ作成されていません。', en: 'No BCP has been written yet.' };
    return { ja: `BCPはまだ承認されていません。${openText.ja}です。`, en: `The BCP is not approved yet (${openText.en}).` };
  }
  const approvedJa = `${bcpVersionLabel(current.number, 'ja')}を${formatDate(current.approvedAt!, 'ja')}に承認済み。`;
  const approvedEn = `${bcpVersionLabel(current.number, 'en')} approved on ${formatDate(current.approvedAt!, 'en')}.`;
  const due = current.reviewDueOn!;
  const dueJa = overdue ? `見直し期限(${dateOf(due, 'ja')})を過ぎています。` : `次の見直し期限: ${dateOf(due, 'ja')}`;
  const dueEn = overdue ? `Its review date (${dateOf(due, 'en')}) has passed.` : `Next review by ${dateOf(due, 'en')}.`;
  const openJa = openText ? ` ${openText.ja}を作成中です。` : '';
  const openEn = openText ? ` ${openText.en} is being prepared.` : '';
  return { ja: `${approvedJa}${dueJa}${openJa}`, en: `${approvedEn} ${dueEn}${openEn}` };
}

// --- unchecked reads (the binder, the 3(3) rule, the demo) ---------------------------------------

export interface CurrentBcp {
  /** The newest approved version, with its content. */
  approved: (BcpVersionSummary & { content: BcpContent }) | null;
  /** The draft or in_review version, with its content. */
  draft: (BcpVersionSummary & { content: BcpContent }) | null;
  reviewDueOn: string | null;
}

/** The newest approved version and the open draft of a facility, with content (unchecked: trusted callers only). */
export async function currentBcpOf(db: Db, facilityId: string): Promise<CurrentBcp> {
  const rows = await repo.listBcpVersions(db, facilityId);
  const withContent = (r: repo.BcpVersionWithNames | undefined) => {
    if (!r) return null;
    const content = parseBcpContent(r.content);
    return { ...summaryOf(r, content), content };
  };
  const approved = withContent(rows.find((r) => r.status === 'approved'));
  const draft = withContent(rows.find((r) => r.status === 'draft' || r.status === 'in_review'));
  return { approved, draft, reviewDueOn: approved?.reviewDueOn ?? null };
}

// --- authorization ------------------------------------------------------------------------------

/** Either permission (returning asks for bcp.approve or bcp.manage); FORBIDDEN / TOKEN_SCOPE as the first one says. */
async function authorizeEither(deps: Deps, caller: Caller, facilityId: string, a: 'bcp.approve', b: 'bcp.manage'): Promise<void> {
  try {
    await authorizeResilience(deps, caller, facilityId, a);
  } catch (e) {
    if (e instanceof AppError && (e.code === 'FORBIDDEN' || e.code === 'TOKEN_SCOPE')) {
      await authorizeResilience(deps, caller, facilityId, b);
      return;
    }
    throw e;
  }
}

function permissionsOf(caller: Caller, facilityId: string, status: BcpStatus) {
  const actor = caller.actor;
  const has = (p: 'resilience.write' | 'bcp.manage' | 'bcp.approve') => (actor ? can(actor, p, facilityId) : false);
  const write = has('resilience.write') || has('bcp.manage');
  return {
    edit: status === 'draft' && write,
    submit: status === 'draft' && has('bcp.manage'),
    return: status === 'in_review' && (has('bcp.approve') || has('bcp.manage')),
    approve: status === 'in_review' && has('bcp.approve'),
    delete: status === 'draft' && has('bcp.manage'),
  };
}

async function authorizedVersion(deps: Deps, caller: Caller, id: string, permission: 'resilience.read' | 'resilience.write' | 'bcp.manage' | 'bcp.approve') {
  return authorizedRecord(deps, caller, () => repo.findBcpVersion(deps.db, id), permission);
}

async function viewOf(deps: Deps, db: Db, caller: Caller, facility: ResilienceFacility, id: string): Promise<BcpVersionView> {
  const r = await repo.findBcpVersion(db, id);
  if (!r) throw new AppError('NOT_FOUND');
  const content = parseBcpContent(r.content);
  const summary = summaryOf(r, content);
  const ret = summary.status === 'draft' ? await repo.lastReturnEvent(db, id) : undefined;
  let lastReturn: BcpVersionView['lastReturn'] = null;
  if (ret) {
    let reason = '';
    try {
      reason = String((JSON.parse(ret.after_json ?? '{}') as { reason?: unknown }).reason ?? '');
    } catch {
      reason = '';
    }
    lastReturn = { at: ret.occurred_at, by: ret.by, reason };
  }
  return { ...summary, facility, content, completeness: bcpCompleteness(content), lastReturn, can: permissionsOf(caller, facility.id, summary.status) };
}

// --- reads --------------------------------------------------------------------------------------

export async function getBcpOverview(deps: Deps, caller: Caller, facilityId: string): Promise<BcpOverview> {
  await authorizeResilience(deps, caller, facilityId, 'resilience.read');
  const rows = await repo.listBcpVersions(deps.db, facilityId);
  const versions = rows.map((r) => summaryOf(r));
  const current = versions.find((v) => v.status === 'approved') ?? null;
  const openDraft = versions.find((v) => v.status === 'draft' || v.status === 'in_review') ?? null;
  const reviewDueOn = current?.reviewDueOn ?? null;
  const reviewOverdue = reviewDueOn !== null && bcpReviewOverdue(reviewDueOn, ledgerToday(deps));
  const actor = caller.actor!;
  return { facilityId, versions, current, openDraft, reviewDueOn, reviewOverdue, sentence: overviewSentence(current, openDraft, reviewOverdue), canCreateDraft: can(actor, 'bcp.manage', facilityId) && !openDraft };
}

export async function getBcpVersion(deps: Deps, caller: Caller, id: string): Promise<BcpVersionView> {
  const { facility } = await authorizedVersion(deps, caller, id, 'resilience.read');
  return viewOf(deps, deps.db, caller, facility, id);
}

// --- validation ---------------------------------------------------------------------------------

/** Asset and vendor ids of the recovery procedures must be the facility's. */
async function checkReferences(db: Db, facilityId: string, content: BcpContent): Promise<void> {
  const assetIds = [...new Set(content.recovery.map((r) => r.assetId).filter((v): v is string => v !== null))];
  const vendorIds = [...new Set(content.recovery.flatMap((r) => r.vendorIds))];
  const [assets, vendors] = await Promise.all([repo.assetNames(db, facilityId, assetIds), repo.vendorNames(db, facilityId, vendorIds)]);
  const issues: FieldIssue[] = [];
  content.recovery.forEach((r, i) => {
    if (r.assetId !== null && !assets.has(r.assetId)) issues.push({ path: `content.recovery.${i}.assetId`, message: 'asset_not_found' });
    r.vendorIds.forEach((v, j) => {
      if (!vendors.has(v)) issues.push({ path: `content.recovery.${i}.vendorIds.${j}`, message: 'vendor_not_found' });
    });
  });
  if (issues.length > 0) invalid(issues);
}

/** The caller's display name (the audit label for the CLI). */
async function callerName(db: Db, caller: Caller): Promise<string> {
  const userId = callerUserId(caller);
  return (userId ? await repo.userName(db, userId) : null) ?? caller.label;
}

function auditSummary(r: Pick<repo.BcpVersionRow, 'number' | 'status'>) {
  return { number: r.number, status: r.status };
}

// --- writes -------------------------------------------------------------------------------------

/** Inside the caller's transaction, unchecked (the demo): a new draft, 第1版 from the defaults or a copy of the newest approved one. */
export async function createBcpDraftTx(deps: Deps, trx: Db, caller: Caller, facility: ResilienceFacility, content?: BcpContent): Promise<string> {
  await repo.lockFacilityBcp(trx, facility.id);
  const open = await repo.findOpenDraft(trx, facility.id);
  if (open) throw new AppError('INVALID_STATE', `${bcpVersionLabel(open.number, 'en')} is still ${open.status}`);
  const approved = await repo.findNewestApproved(trx, facility.id);
  const number = (await repo.maxNumber(trx, facility.id)) + 1;
  const body = content ?? (approved ? parseBcpContent(approved.content) : defaultBcpContent(facility.name));
  // A vendor deleted since the approved version was written would fail every save of the copy: leave it out.
  const vendorIds = [...new Set(body.recovery.flatMap((r) => r.vendorIds))];
  if (vendorIds.length > 0) {
    const known = await repo.vendorNames(trx, facility.id, vendorIds);
    body.recovery = body.recovery.map((r) => ({ ...r, vendorIds: r.vendorIds.filter((v) => known.has(v)) }));
  }
  const now = deps.clock.now().toISOString();
  const id = newId();
  await repo.insertBcpVersion(trx, {
    id,
    facility_id: facility.id,
    number,
    status: 'draft',
    content: JSON.stringify(body),
    based_on_id: approved?.id ?? null,
    created_by: callerUserId(caller),
    submitted_at: null,
    submitted_by: null,
    approved_at: null,
    approved_by: null,
    approver_name: null,
    approval_note: null,
    version: 1,
    created_at: now,
    updated_at: now,
  });
  await recordAudit(deps, trx, caller, { facilityId: facility.id, entityType: 'bcp_version', entityId: id, action: 'create', after: { number, status: 'draft', basedOnId: approved?.id ?? null } });
  return id;
}

/** POST /facilities/:facilityId/bcp (bcp.manage: starting a version is the security manager's): INVALID_STATE while a draft or in_review version exists. */
export async function createBcpDraft(deps: Deps, caller: Caller, facilityId: string): Promise<BcpVersionView> {
  const facility = await authorizeResilience(deps, caller, facilityId, 'bcp.manage');
  const id = await deps.db.transaction().execute((trx) => createBcpDraftTx(deps, trx, caller, facility));
  return viewOf(deps, deps.db, caller, facility, id);
}

/** PUT /bcp-versions/:id/content (resilience.write): the whole content of a draft; CONFLICT when the version is stale. */
export async function saveBcpContent(deps: Deps, caller: Caller, id: string, body: BcpContentSaveBody): Promise<BcpVersionView> {
  const { row, facility } = await authorizedVersion(deps, caller, id, 'resilience.write');
  const content = ZBcpContent.parse(body.content);
  await deps.db.transaction().execute(async (trx) => {
    const current = await repo.findBcpVersion(trx, row.id);
    if (!current) throw new AppError('NOT_FOUND');
    if (current.status !== 'draft') throw new AppError('INVALID_STATE', 'only a draft can be edited');
    if (current.version !== body.expectedVersion) throw new AppError('CONFLICT');
    await checkReferences(trx, facility.id, content);
    const before = parseBcpContent(current.content);
    const json = JSON.stringify(content);
    if (json === JSON.stringify(before)) return;
    const now = deps.clock.now().toISOString();
    if (!(await repo.updateBcpVersion(trx, row.id, body.expectedVersion, { content: json, updated_at: now }))) throw new AppError('CONFLICT');
    // The audit keeps which sections changed (the content itself stays in the version; the log would grow with every autosave).
    const changed = (Object.keys(BCP_SECTION_LABELS) as (keyof BcpContent)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(content[k]));
    await recordAudit(deps, trx, caller, { facilityId: facility.id, entityType: 'bcp_version', entityId: row.id, action: 'update', before: { version: current.version }, after: { version: current.version + 1, sections: changed } });
  });
  return viewOf(deps, deps.db, caller, facility, row.id);
}

/** POST /bcp-versions/:id/submit (bcp.manage): draft → in_review when the required sections are complete. */
export async function submitBcpVersion(deps: Deps, caller: Caller, id: string, body: BcpSubmitBody = {}): Promise<BcpVersionView> {
  const { row, facility } = await authorizedVersion(deps, caller, id, 'bcp.manage');
  await deps.db.transaction().execute(async (trx) => {
    const current = await repo.findBcpVersion(trx, row.id);
    if (!current) throw new AppError('NOT_FOUND');
    if (current.status !== 'draft') throw new AppError('INVALID_STATE', 'only a draft can be submitted');
    if (body.expectedVersion !== undefined && body.expectedVersion !== current.version) throw new AppError('CONFLICT');
    const completeness = bcpCompleteness(parseBcpContent(current.content));
    if (!completeness.complete) invalid(completeness.missingRequired.map((s) => ({ path: `content.${s}`, message: 'section_incomplete' })));
    const now = deps.clock.now().toISOString();
    if (!(await repo.updateBcpVersion(trx, row.id, current.version, { status: 'in_review', submitted_at: now, submitted_by: callerUserId(caller), updated_at: now }))) throw new AppError('CONFLICT');
    await recordAudit(deps, trx, caller, { facilityId: facility.id, entityType: 'bcp_version', entityId: row.id, action: 'submit', before: auditSummary(current), after: { number: current.number, status: 'in_review' } });
    await notifyRoles(deps, trx, {
      facilityId: facility.id,
      roles: ['executive'],
      kind: 'bcp.submitted',
      params: { facility: facility.name, number: current.number, by: await callerName(trx, caller) },
      link: `/resilience/bcp/${row.id}`,
      dedupeKey: `bcp-submitted:${row.id}:${now}`,
    });
  });
  return viewOf(deps, deps.db, caller, facility, row.id);
}

/** POST /bcp-versions/:id/return (bcp.approve or bcp.manage): in_review → draft with a reason. */
export async function returnBcpVersion(deps: Deps, caller: Caller, id: string, body: BcpReturnBody): Promise<BcpVersionView> {
  const { row, facility } = await authorizedVersion(deps, caller, id, 'resilience.read');
  await authorizeEither(deps, caller, facility.id, 'bcp.approve', 'bcp.manage');
  const reason = body.reason.trim();
  if (!reason) invalid([{ path: 'reason', message: 'required' }]);
  await deps.db.transaction().execute(async (trx) => {
    const current = await repo.findBcpVersion(trx, row.id);
    if (!current) throw new AppError('NOT_FOUND');
    if (current.status !== 'in_review') throw new AppError('INVALID_STATE', 'only a version awaiting approval can be returned');
    if (body.expectedVersion !== undefined && body.expectedVersion !== current.version) throw new AppError('CONFLICT');
    const now = deps.clock.now().toISOString();
    if (!(await repo.updateBcpVersion(trx, row.id, current.version, { status: 'draft', submitted_at: null, submitted_by: null, updated_at: now }))) throw new AppError('CONFLICT');
    await recordAudit(deps, trx, caller, { facilityId: facility.id, entityType: 'bcp_version', entityId: row.id, action: 'return', before: auditSummary(current), after: { number: current.number, status: 'draft', reason } });
    await notifyRoles(deps, trx, {
      facilityId: facility.id,
      roles: ['security_manager'],
      kind: 'bcp.returned',
      params: { facility: facility.name, number: current.number, reason: reason.slice(0, 200), by: await callerName(trx, caller) },
      link: `/resilience/bcp/${row.id}`,
      dedupeKey: `bcp-returned:${row.id}:${now}`,
    });
  });
  return viewOf(deps, deps.db, caller, facility, row.id);
}

/** POST /bcp-versions/:id/approve (bcp.approve): in_review → approved; the previously approved version → superseded. */
export async function approveBcpVersion(deps: Deps, caller: Caller, id: string, body: BcpApproveBody = {}): Promise<BcpVersionView> {
  const { row, facility } = await authorizedVersion(deps, caller, id, 'bcp.approve');
  await deps.db.transaction().execute(async (trx) => {
    await repo.lockFacilityBcp(trx, facility.id);
    const current = await repo.findBcpVersion(trx, row.id);
    if (!current) throw new AppError('NOT_FOUND');
    if (current.status !== 'in_review') throw new AppError('INVALID_STATE', 'only a version awaiting approval can be approved');
    if (body.expectedVersion !== undefined && body.expectedVersion !== current.version) throw new AppError('CONFLICT');
    const now = deps.clock.now().toISOString();
    const previous = await repo.findNewestApproved(trx, facility.id);
    if (previous) {
      if (!(await repo.updateBcpVersion(trx, previous.id, previous.version, { status: 'superseded', updated_at: now }))) throw new AppError('CONFLICT');
      await recordAudit(deps, trx, caller, { facilityId: facility.id, entityType: 'bcp_version', entityId: previous.id, action: 'supersede', before: auditSummary(previous), after: { number: previous.number, status: 'superseded', by: current.number } });
    }
    const userId = callerUserId(caller);
    const approverName = await callerName(trx, caller);
    const note = body.note?.trim() || null;
    if (!(await repo.updateBcpVersion(trx, row.id, current.version, { status: 'approved', approved_at: now, approved_by: userId, approver_name: approverName, approval_note: note, updated_at: now }))) {
      throw new AppError('CONFLICT');
    }
    await recordAudit(deps, trx, caller, {
      facilityId: facility.id,
      entityType: 'bcp_version',
      entityId: row.id,
      action: 'approve',
      before: auditSummary(current),
      after: { number: current.number, status: 'approved', approverName, note },
    });
    await notifyRoles(deps, trx, {
      facilityId: facility.id,
      roles: ['security_manager'],
      kind: 'bcp.approved',
      params: { facility: facility.name, number: current.number, approver: approverName },
      link: `/resilience/bcp/${row.id}`,
      dedupeKey: `bcp-approved:${row.id}`,
    });
  });
  return viewOf(deps, deps.db, caller, facility, row.id);
}

/** DELETE /bcp-versions/:id (bcp.manage): drafts only. */
export async function deleteBcpVersion(deps: Deps, caller: Caller, id: string): Promise<void> {
  const { row, facility } = await authorizedVersion(deps, caller, id, 'bcp.manage');
  await deps.db.transaction().execute(async (trx) => {
    const current = await repo.findBcpVersion(trx, row.id);
    if (!current) throw new AppError('NOT_FOUND');
    if (current.status !== 'draft') throw new AppError('INVALID_STATE', 'only a draft can be deleted');
    await repo.deleteBcpVersion(trx, row.id);
    await recordAudit(deps, trx, caller, { facilityId: facility.id, entityType: 'bcp_version', entityId: row.id, action: 'delete', before: auditSummary(current) });
  });
}
