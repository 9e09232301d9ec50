import { can } from '../../../shared/policy.ts';
import { AppError, type FieldIssue } from '../../../shared/errors.ts';
import {
  compareAssessments,
  disagreement,
  fiscalYearOfDate,
  isGapAnswer,
  itemProblems,
  notRequiredItems,
  progress,
  validateAnswer,
  type AnswerContext,
  type AnswerState,
  type CompareRow,
} from '../../../shared/assessments/domain.ts';
import { allowedAnswers, frameworkItems, itemAnswerType, type FrameworkDefinition, type FrameworkItem } from '../../../shared/assessments/framework.ts';
import { LOCKED_STATUSES, type AssessmentStatus, type Suggestion } from '../../../shared/assessments/types.ts';
import type {
  AnswerDto,
  AnswerUpdate,
  AssessmentDetailDto,
  AssessmentItemStateDto,
  AssessmentSummaryDto,
  EvidenceDto,
  ProgressDto,
} from '../../../shared/contracts/assessments.contract.ts';
import type { ActionCreate } from '../../../shared/contracts/actions.contract.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/dialect.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import { newId } from '../../lib/ids.ts';
import { failValidation as invalid } from '../../lib/validation.ts';
import { actionsForSource, createActionInTrx, type SourceAction } from '../actions/index.ts';
import { clean, ledgerToday } from '../ledger/index.ts';
import { authorizeAssessment, authorizeFacility, deny, depsOn, type AssessmentAccess } from './assessment.access.ts';
import { answerState, presentAnswer, presentAssessmentSummary, presentEvent, presentEvidenceList } from './assessment.presenter.ts';
import * as repo from './assessment.repository.ts';
import { findFrameworkEntry, listFrameworkEntries, type FrameworkEntry } from './frameworks/registry.ts';
import { evaluateFramework } from './rules/index.ts';

/**
 * 現状調査 (assessments): the use cases. Every service authorizes first (assessment.access.ts), validates with the
 * pure rules (src/shared/assessments/domain.ts), then writes in one transaction with a history event
 * (assessment_events) and an audit event. `…Unchecked` / bundle functions skip authorization and are for trusted
 * callers (the export, the vendor link path).
 */

// --- small helpers ------------------------------------------------------------------------------

/** Who acts, for answers and history: the user (null for the CLI and links) and the label shown. */
export interface AssessmentActor {
  userId: string | null;
  label: string;
}

export function actorOf(caller: Caller): AssessmentActor {
  const userId = caller.actor && caller.actor.userId !== 'cli' ? caller.actor.userId : null;
  return { userId, label: caller.label };
}

function answerContext(row: Pick<repo.AssessmentRow, 'fiscal_year'>, today: string): AnswerContext {
  return { fiscalYear: row.fiscal_year, today };
}

/** Answers, evidence and everything else may change only while the assessment is in progress. */
export function assertEditable(row: Pick<repo.AssessmentRow, 'status'>): void {
  if (row.status !== 'in_progress') {
    throw new AppError('INVALID_STATE', `the assessment is ${row.status}`, { detail: { status: row.status } });
  }
}

const entryKey = (frameworkId: string, version: string) => `${frameworkId}@${version}`;

/** The framework an assessment was started against (custom frameworks of the facility and its groups included). */
export async function entryOf(deps: Deps, row: Pick<repo.AssessmentRow, 'facility_id' | 'framework_id' | 'framework_version'>, db: Db = deps.db): Promise<FrameworkEntry> {
  const entry = await findFrameworkEntry(depsOn(deps, db), row.facility_id, row.framework_id, row.framework_version);
  if (!entry) throw new AppError('INVALID_STATE', `framework ${row.framework_id} ${row.framework_version} is no longer available`, { detail: { frameworkId: row.framework_id, version: row.framework_version } });
  return entry;
}

function findItem(definition: FrameworkDefinition, itemId: string): FrameworkItem {
  const item = frameworkItems(definition).find((i) => i.id === itemId);
  if (!item) throw new AppError('NOT_FOUND', `no item ${itemId}`);
  return item;
}

/** Suggestions of the auto-evaluation; a failing rule never breaks a read (logged, no suggestions). */
async function suggestionsFor(deps: Deps, facilityId: string, definition: FrameworkDefinition): Promise<Map<string, Suggestion>> {
  try {
    return await evaluateFramework(deps, facilityId, definition, deps.clock.now());
  } catch (e) {
    deps.logger.warn({ err: e, framework: definition.id }, 'auto-evaluation failed');
    return new Map();
  }
}

// --- history ------------------------------------------------------------------------------------

export interface AssessmentEventInput {
  facilityId: string;
  assessmentId: string;
  itemId?: string | null;
  action: string;
  before?: unknown;
  after?: unknown;
  actor: AssessmentActor;
}

/** Appends one history event (inside the caller's transaction). */
export async function recordAssessmentEvent(deps: Deps, trx: Db, e: AssessmentEventInput): Promise<void> {
  await repo.insertEvent(trx, {
    id: newId(),
    facility_id: e.facilityId,
    assessment_id: e.assessmentId,
    item_id: e.itemId ?? null,
    action: e.action,
    before: e.before === undefined || e.before === null ? null : JSON.stringify(e.before),
    after: e.after === undefined || e.after === null ? null : JSON.stringify(e.after),
    actor_user_id: e.actor.userId,
    actor_label: e.actor.label,
    created_at: deps.clock.now().toISOString(),
  });
}

// --- the bundle ---------------------------------------------------------------------------------

/** Everything about one assessment, for the detail, the export (F) and the vendor link (E). */
export interface AssessmentBundle {
  row: repo.AssessmentRecord;
  facility: { id: string; name: string; code: string };
  vendor: { id: string; name: string } | null;
  entry: FrameworkEntry;
  answers: Map<string, AnswerDto>;
  /** Current versions (each with its earlier versions). */
  evidence: EvidenceDto[];
  suggestions: Map<string, Suggestion>;
  progress: ProgressDto;
}

function answerStates(answers: ReadonlyMap<string, AnswerDto>): Map<string, AnswerState> {
  return new Map([...answers].map(([k, v]) => [k, answerState(v)]));
}

/** Loads an assessment with its framework, answers, evidence, suggestions and progress. Unchecked. */
export async function loadAssessmentBundle(deps: Deps, id: string, options: { suggestions?: boolean; db?: Db } = {}): Promise<AssessmentBundle> {
  const db = options.db ?? deps.db;
  const row = await repo.findAssessmentById(db, id);
  if (!row) throw new AppError('NOT_FOUND');
  return bundleOf(deps, db, row, options.suggestions ?? true);
}

async function bundleOf(deps: Deps, db: Db, row: repo.AssessmentRecord, withSuggestions: boolean): Promise<AssessmentBundle> {
  const today = ledgerToday(deps);
  const entry = await entryOf(deps, row, db);
  const [facility, answerRows, evidenceRows, suggestions] = await Promise.all([
    repo.facilityLabel(db, row.facility_id),
    repo.listAnswers(db, row.facility_id, row.id),
    repo.listEvidence(db, row.facility_id, row.id),
    withSuggestions ? suggestionsFor(depsOn(deps, db), row.facility_id, entry.definition) : Promise.resolve(new Map<string, Suggestion>()),
  ]);
  const answers = new Map(answerRows.map((r) => [r.item_id, presentAnswer(r)]));
  return {
    row,
    facility: facility ?? { id: row.facility_id, name: '', code: '' },
    vendor: row.vendor_id ? { id: row.vendor_id, name: row.vendor_name ?? '' } : null,
    entry,
    answers,
    evidence: presentEvidenceList(evidenceRows, today),
    suggestions,
    progress: progress(entry.definition, answerStates(answers), suggestions, answerContext(row, today)),
  };
}

// --- reads --------------------------------------------------------------------------------------

function allowedFor(access: Pick<AssessmentAccess, 'actor' | 'asVendor'>, row: repo.AssessmentRow): AssessmentDetailDto['allowed'] {
  const f = row.facility_id;
  const a = access.actor;
  const inProgress = row.status === 'in_progress';
  const hospitalSheet = row.sheet !== 'vendor';
  const manage = !access.asVendor && can(a, 'assessment.manage', f);
  return {
    answer: inProgress && (access.asVendor ? can(a, 'assessment.vendor_answer', f) : can(a, 'assessment.answer', f)),
    manage: manage && !LOCKED_STATUSES.includes(row.status as AssessmentStatus),
    signManager: hospitalSheet && inProgress && !access.asVendor && can(a, 'assessment.sign_manager', f) && row.manager_signed_at === null,
    signExecutive: hospitalSheet && inProgress && !access.asVendor && can(a, 'assessment.sign_executive', f) && row.executive_signed_at === null,
    submit: !hospitalSheet && inProgress && (access.asVendor || manage),
    accept: !hospitalSheet && row.status === 'submitted' && manage,
  };
}

/** The state of every item: answer, suggestion, disagreement, problems, evidence and actions. */
export function itemStates(bundle: AssessmentBundle, actions: readonly SourceAction[], today: string): AssessmentItemStateDto[] {
  const def = bundle.entry.definition;
  const ctx = answerContext(bundle.row, today);
  const skipped = notRequiredItems(def, answerStates(bundle.answers));
  return frameworkItems(def).map((item) => {
    const answer = bundle.answers.get(item.id) ?? null;
    const suggestion = bundle.suggestions.get(item.id) ?? null;
    const evidence = bundle.evidence.filter((e) => e.itemId === item.id);
    return {
      itemId: item.id,
      answer,
      suggestion,
      disagreement: disagreement(itemAnswerType(def, item), answer?.answer, suggestion?.value),
      problems: itemProblems(def, item, answer ? answerState(answer) : null, { ...ctx, evidence, notRequired: skipped.has(item.id) }),
      evidence,
      actions: actions.filter((a) => a.sourceRef === item.id).map((a) => ({ id: a.id, title: a.title, status: a.status, dueOn: a.dueOn })),
    };
  });
}

export function summaryOfBundle(bundle: AssessmentBundle): AssessmentSummaryDto {
  return presentAssessmentSummary({ row: bundle.row, definition: bundle.entry.definition, progress: bundle.progress });
}

async function detailOf(deps: Deps, access: AssessmentAccess): Promise<AssessmentDetailDto> {
  // A vendor sees its own sheet, never facts of the hospital's ledger: no suggestions or actions for them.
  const bundle = await bundleOf(deps, deps.db, access.row, !access.asVendor);
  const actions = access.asVendor ? [] : await actionsForSource(deps, access.row.facility_id, 'assessment_item', access.row.id);
  return {
    assessment: summaryOfBundle(bundle),
    framework: bundle.entry.definition,
    items: itemStates(bundle, actions, ledgerToday(deps)),
    allowed: allowedFor(access, access.row),
  };
}

export async function getAssessmentDetail(deps: Deps, caller: Caller, id: string): Promise<AssessmentDetailDto> {
  return detailOf(deps, await authorizeAssessment(deps, caller, id, 'read'));
}

async function itemStateOf(deps: Deps, access: AssessmentAccess, itemId: string): Promise<AssessmentItemStateDto> {
  const detail = await detailOf(deps, { ...access, row: (await repo.findAssessmentById(deps.db, access.row.id)) ?? access.row });
  return detail.items.find((i) => i.itemId === itemId)!;
}

export interface AssessmentListQuery {
  fiscalYear?: number | undefined;
  sheet?: 'hospital' | 'vendor' | 'general' | undefined;
  vendorId?: string | undefined;
  frameworkId?: string | undefined;
}

/** The facility's assessments with progress (a vendor user: their own vendors' sheets only). */
export async function listAssessments(deps: Deps, caller: Caller, facilityId: string, query: AssessmentListQuery): Promise<AssessmentSummaryDto[]> {
  const { vendorIds } = await authorizeFacility(deps, caller, facilityId, 'read');
  const rows = await repo.listAssessments(deps.db, { facilityId, vendorIds, ...query });
  if (rows.length === 0) return [];
  const today = ledgerToday(deps);
  const entries = new Map((await listFrameworkEntries(deps, facilityId)).map((e) => [entryKey(e.definition.id, e.definition.version), e]));
  const answers = await repo.listAnswersOf(deps.db, facilityId, rows.map((r) => r.id));
  const byAssessment = new Map<string, Map<string, AnswerState>>();
  for (const a of answers) {
    if (!byAssessment.has(a.assessment_id)) byAssessment.set(a.assessment_id, new Map());
    byAssessment.get(a.assessment_id)!.set(a.item_id, answerState(presentAnswer(a)));
  }
  // One evaluation per framework version (the facility's data are the same for all); none for vendor users.
  const suggestionMemo = new Map<string, Promise<Map<string, Suggestion>>>();
  const suggestionsOf = (def: FrameworkDefinition) => {
    const key = entryKey(def.id, def.version);
    if (!suggestionMemo.has(key)) suggestionMemo.set(key, vendorIds === null ? suggestionsFor(deps, facilityId, def) : Promise.resolve(new Map()));
    return suggestionMemo.get(key)!;
  };
  return Promise.all(
    rows.map(async (row) => {
      const entry = entries.get(entryKey(row.framework_id, row.framework_version)) ?? null;
      const states = byAssessment.get(row.id) ?? new Map<string, AnswerState>();
      const p = entry ? progress(entry.definition, states, await suggestionsOf(entry.definition), answerContext(row, today)) : emptyProgress(states.size);
      return presentAssessmentSummary({ row, definition: entry?.definition ?? null, progress: p });
    }),
  );
}

function emptyProgress(answered: number): ProgressDto {
  return { items: 0, answered, complete: 0, gaps: 0, incomplete: 0, disagreements: 0, gateClosed: false, sections: [] };
}

export interface HistoryQuery {
  itemId?: string | undefined;
  page: number;
  pageSize: number;
}

export async function assessmentHistory(deps: Deps, caller: Caller, id: string, query: HistoryQuery) {
  const { row } = await authorizeAssessment(deps, caller, id, 'read');
  const filter = { facilityId: row.facility_id, assessmentId: row.id, itemId: query.itemId };
  const [total, rows] = await Promise.all([repo.countEvents(deps.db, filter), repo.listEvents(deps.db, filter, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize })]);
  return { items: rows.map(presentEvent), total, page: query.page, pageSize: query.pageSize };
}

/** Compares two assessments of one facility item by item (matched by item id). */
export async function compareAssessmentsOf(deps: Deps, caller: Caller, aId: string, bId: string): Promise<{ a: AssessmentSummaryDto; b: AssessmentSummaryDto; rows: CompareRow[] }> {
  const [a, b] = await Promise.all([authorizeAssessment(deps, caller, aId, 'read'), authorizeAssessment(deps, caller, bId, 'read')]);
  if (a.row.facility_id !== b.row.facility_id) invalid([{ path: 'b', message: 'different_facility' }]);
  const [ba, bb] = await Promise.all([bundleOf(deps, deps.db, a.row, false), bundleOf(deps, deps.db, b.row, false)]);
  return {
    a: summaryOfBundle(ba),
    b: summaryOfBundle(bb),
    rows: compareAssessments(ba.entry.definition, answerStates(ba.answers), bb.entry.definition, answerStates(bb.answers)),
  };
}

// --- create, carry over, delete -----------------------------------------------------------------

export interface AssessmentCreateInput {
  frameworkId: string;
  version: string;
  vendorId?: string | undefined;
  title?: string | undefined;
  carryFromId?: string | undefined;
  /**
   * The fiscal year the answers are for. Defaults to the edition's year, or to the current fiscal year when the
   * edition is older (the newest edition stays in use until MHLW publishes the next one). Never before the edition.
   */
  fiscalYear?: number | undefined;
}

function auditAssessment(r: repo.AssessmentRow) {
  return {
    id: r.id,
    frameworkId: r.framework_id,
    version: r.framework_version,
    sheet: r.sheet,
    vendorId: r.vendor_id,
    fiscalYear: r.fiscal_year,
    title: r.title,
    status: r.status,
    carriedFromId: r.carried_from_id,
    managerSignedBy: r.manager_signed_by,
    executiveSignedBy: r.executive_signed_by,
    lockedAt: r.locked_at,
  };
}

/**
 * Validates and inserts an assessment inside a transaction, without permission checks (the service, carry-over,
 * the demo). Copies answers (answer, responsible, comment — never the dates, which belong to the year) and
 * still-valid evidence by item id from `carryFromId`, marked carried over.
 */
export async function createAssessmentTx(deps: Deps, trx: Db, caller: Caller, facilityId: string, input: AssessmentCreateInput): Promise<repo.AssessmentRecord> {
  const entry = await findFrameworkEntry(depsOn(deps, trx), facilityId, input.frameworkId, input.version);
  if (!entry) throw new AppError('NOT_FOUND', `no framework ${input.frameworkId} ${input.version}`, { issues: [{ path: 'frameworkId', message: 'unknown_framework' }] });
  const def = entry.definition;
  const issues: FieldIssue[] = [];
  const vendorId = input.vendorId ?? null;
  if (def.sheet === 'vendor') {
    if (vendorId === null) issues.push({ path: 'vendorId', message: 'required' });
    else if ((await repo.vendorName(trx, facilityId, vendorId)) === null) issues.push({ path: 'vendorId', message: 'unknown_vendor' });
  } else if (vendorId !== null) {
    issues.push({ path: 'vendorId', message: 'not_allowed' });
  }
  let source: repo.AssessmentRecord | undefined;
  if (input.carryFromId) source = await repo.findAssessment(trx, facilityId, input.carryFromId);
  // Default: the year after the carried assessment's; else the edition's year, or — for the newest edition of its
  // framework, which stays in use until the next one is published — the current fiscal year when that is later.
  const editionFy = def.fiscalYear ?? null;
  let fiscalYear = input.fiscalYear ?? (source && source.fiscal_year !== null ? Math.max(editionFy ?? 0, source.fiscal_year + 1) : editionFy);
  if (input.fiscalYear === undefined && !source && editionFy !== null) {
    const siblings = (await listFrameworkEntries(depsOn(deps, trx), facilityId)).filter((e) => e.definition.id === def.id);
    const newest = siblings.every((e) => (e.definition.fiscalYear ?? 0) <= editionFy);
    if (newest) fiscalYear = Math.max(editionFy, fiscalYearOfDate(ledgerToday(deps)));
  }
  if (input.fiscalYear !== undefined) {
    if (editionFy !== null && input.fiscalYear < editionFy) issues.push({ path: 'fiscalYear', message: 'before_edition' });
    else if (input.fiscalYear > fiscalYearOfDate(ledgerToday(deps)) + 1) issues.push({ path: 'fiscalYear', message: 'too_far_ahead' });
  }
  if (input.carryFromId) {
    if (!source) issues.push({ path: 'carryFromId', message: 'unknown_assessment' });
    else if (source.framework_id !== def.id || (source.framework_version === def.version && source.vendor_id === vendorId && source.fiscal_year === fiscalYear))
      issues.push({ path: 'carryFromId', message: 'other_framework' });
    else if (source.vendor_id !== vendorId) issues.push({ path: 'carryFromId', message: 'other_vendor' });
  }
  if (issues.length > 0) invalid(issues);
  if (await repo.findLiveAssessment(trx, facilityId, def.id, def.version, vendorId, fiscalYear)) {
    throw new AppError('CONFLICT', 'an assessment of this framework version already exists for that fiscal year', { detail: { frameworkId: def.id, version: def.version, vendorId, fiscalYear } });
  }

  const now = deps.clock.now().toISOString();
  const id = newId();
  const actor = actorOf(caller);
  const row: repo.AssessmentRow = {
    id,
    facility_id: facilityId,
    framework_id: def.id,
    framework_version: def.version,
    framework_sha256: entry.sha256,
    sheet: def.sheet,
    vendor_id: vendorId,
    fiscal_year: fiscalYear,
    title: clean(input.title),
    status: 'in_progress',
    carried_from_id: source?.id ?? null,
    manager_signed_by: null,
    manager_signed_at: null,
    executive_signed_by: null,
    executive_signed_at: null,
    locked_at: null,
    submitted_at: null,
    submitted_by_label: null,
    accepted_by: null,
    accepted_at: null,
    return_reason: null,
    created_by: actor.userId,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  };
  try {
    await repo.insertAssessment(trx, row);
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('CONFLICT', 'an assessment of this framework version already exists');
    throw e;
  }
  let carried = { answers: 0, evidence: 0 };
  if (source) carried = await carryInto(deps, trx, source, row, def, actor, now);
  await recordAssessmentEvent(deps, trx, { facilityId, assessmentId: id, action: 'create', after: { frameworkId: def.id, version: def.version, vendorId, carriedFromId: row.carried_from_id, carried }, actor });
  await recordAudit(deps, trx, caller, { facilityId, entityType: 'assessment', entityId: id, action: 'create', after: { ...auditAssessment(row), carried } });
  return (await repo.findAssessment(trx, facilityId, id))!;
}

async function carryInto(
  deps: Deps,
  trx: Db,
  source: repo.AssessmentRecord,
  target: repo.AssessmentRow,
  def: FrameworkDefinition,
  actor: AssessmentActor,
  now: string,
): Promise<{ answers: number; evidence: number }> {
  const today = ledgerToday(deps);
  const items = new Map(frameworkItems(def).map((i) => [i.id, i]));
  const answers: repo.AnswerRow[] = [];
  for (const a of await repo.listAnswers(trx, source.facility_id, source.id)) {
    const item = items.get(a.item_id);
    if (!item) continue;
    const answer = a.answer !== null && allowedAnswers(itemAnswerType(def, item)).includes(a.answer) ? a.answer : null;
    if (answer === null && a.responsible === null && a.comment === null) continue;
    answers.push({
      id: newId(),
      facility_id: target.facility_id,
      assessment_id: target.id,
      item_id: a.item_id,
      answer,
      checked_on: null,
      target_on: null,
      responsible: a.responsible,
      comment: a.comment,
      carried_over: 1,
      updated_by: actor.userId,
      updated_by_label: actor.label,
      created_at: now,
      updated_at: now,
    });
  }
  await repo.insertAnswers(trx, answers);
  const evidence: repo.EvidenceRow[] = [];
  for (const e of await repo.listEvidence(trx, source.facility_id, source.id)) {
    if (e.replaced_by_id !== null || !items.has(e.item_id) || (e.valid_until !== null && e.valid_until < today)) continue;
    evidence.push({ ...e, id: newId(), assessment_id: target.id, version: 1, replaces_id: null, replaced_by_id: null, created_at: now, deleted_at: null });
  }
  await repo.insertEvidenceRows(trx, evidence);
  return { answers: answers.length, evidence: evidence.length };
}

export async function createAssessment(deps: Deps, caller: Caller, facilityId: string, input: AssessmentCreateInput): Promise<AssessmentDetailDto> {
  await authorizeFacility(deps, caller, facilityId, 'manage');
  const created = await deps.db.transaction().execute((trx) => createAssessmentTx(deps, trx, caller, facilityId, input));
  return getAssessmentDetail(deps, caller, created.id);
}

/** 引継ぎ: a new assessment of another version (next year's) with this one's answers by item id. */
export async function carryOverAssessment(
  deps: Deps,
  caller: Caller,
  id: string,
  input: { frameworkId?: string | undefined; version: string; fiscalYear?: number | undefined },
): Promise<AssessmentDetailDto> {
  const { row } = await authorizeAssessment(deps, caller, id, 'manage');
  const created = await deps.db.transaction().execute((trx) =>
    createAssessmentTx(deps, trx, caller, row.facility_id, {
      frameworkId: input.frameworkId ?? row.framework_id,
      version: input.version,
      vendorId: row.vendor_id ?? undefined,
      carryFromId: row.id,
      fiscalYear: input.fiscalYear,
    }),
  );
  return getAssessmentDetail(deps, caller, created.id);
}

/** Soft-deletes an assessment that is not locked or accepted (a signed record stays forever). */
export async function deleteAssessment(deps: Deps, caller: Caller, id: string): Promise<void> {
  const access = await authorizeAssessment(deps, caller, id, 'manage');
  await deps.db.transaction().execute(async (trx) => {
    const row = await repo.lockAssessment(trx, access.row.facility_id, id);
    if (!row) throw new AppError('NOT_FOUND');
    if (LOCKED_STATUSES.includes(row.status as AssessmentStatus)) throw new AppError('INVALID_STATE', `the assessment is ${row.status}`, { detail: { status: row.status } });
    const now = deps.clock.now().toISOString();
    await repo.updateAssessment(trx, row.facility_id, row.id, { deleted_at: now, updated_at: now });
    await recordAssessmentEvent(deps, trx, { facilityId: row.facility_id, assessmentId: row.id, action: 'delete', actor: actorOf(caller) });
    await recordAudit(deps, trx, caller, { facilityId: row.facility_id, entityType: 'assessment', entityId: row.id, action: 'delete', before: auditAssessment(row) });
  });
}

// --- answers ------------------------------------------------------------------------------------

function stateOfRow(r: repo.AnswerRow | undefined) {
  if (!r) return null;
  return { answer: r.answer, checkedOn: r.checked_on, targetOn: r.target_on, responsible: r.responsible, comment: r.comment, carriedOver: r.carried_over === 1 };
}

/**
 * Writes one item's answer and its history event (the caller audits). Refuses unless the assessment is in progress
 * (INVALID_STATE), an unknown item (NOT_FOUND), a stale `expectedUpdatedAt` (CONFLICT) and invalid values
 * (VALIDATION_FAILED). 確認日 defaults to today when an answer is set and none is given or stored; a done answer
 * drops a stored 目標日; any change ends `carried_over`. A change withdraws signatures already given. Returns the
 * answer before and after (null after = nothing changed).
 */
export async function applyAnswer(
  deps: Deps,
  trx: Db,
  actor: AssessmentActor,
  seen: repo.AssessmentRow,
  entry: FrameworkEntry,
  itemId: string,
  input: AnswerUpdate,
): Promise<{ before: repo.AnswerRow | null; after: repo.AnswerRow | null }> {
  // The row as it is under its lock: status and signatures may have changed since `seen` was read.
  const row = await repo.lockAssessment(trx, seen.facility_id, seen.id);
  if (!row) throw new AppError('NOT_FOUND');
  assertEditable(row);
  const def = entry.definition;
  const item = findItem(def, itemId);
  const before = (await repo.findAnswer(trx, row.facility_id, row.id, itemId)) ?? null;
  if (input.expectedUpdatedAt !== undefined && (before?.updated_at ?? null) !== input.expectedUpdatedAt) {
    throw new AppError('CONFLICT', 'the answer was changed meanwhile', { detail: { updatedAt: before?.updated_at ?? null } });
  }
  const today = ledgerToday(deps);
  const type = itemAnswerType(def, item);
  const answer = input.answer;
  let checkedOn = input.checkedOn !== undefined ? input.checkedOn : (before?.checked_on ?? null);
  if (answer !== null && input.checkedOn === undefined && checkedOn === null) checkedOn = today;
  let targetOn = input.targetOn !== undefined ? input.targetOn : (before?.target_on ?? null);
  // A stored 目標日 goes when the answer is no longer a gap; one given with such an answer is an error (target_not_allowed).
  if (answer !== null && allowedAnswers(type).includes(answer) && !isGapAnswer(def, item, answer) && input.targetOn === undefined) targetOn = null;
  const next = {
    answer,
    checkedOn,
    targetOn,
    responsible: input.responsible !== undefined ? clean(input.responsible) : (before?.responsible ?? null),
    comment: input.comment !== undefined ? clean(input.comment) : (before?.comment ?? null),
  };
  const issues = validateAnswer(def, item, next, answerContext(row, today));
  if (issues.length > 0) invalid(issues);
  const old = stateOfRow(before ?? undefined);
  const unchanged =
    old !== null &&
    old.answer === next.answer &&
    old.checkedOn === next.checkedOn &&
    old.targetOn === next.targetOn &&
    old.responsible === next.responsible &&
    old.comment === next.comment;
  if (unchanged) return { before, after: null };
  if (old === null && next.answer === null && next.checkedOn === null && next.targetOn === null && next.responsible === null && next.comment === null) return { before, after: null };

  const now = deps.clock.now().toISOString();
  const columns = {
    answer: next.answer,
    checked_on: next.checkedOn,
    target_on: next.targetOn,
    responsible: next.responsible,
    comment: next.comment,
    carried_over: 0,
    updated_by: actor.userId,
    updated_by_label: actor.label,
    updated_at: now,
  };
  if (before) await repo.updateAnswer(trx, row.facility_id, before.id, columns);
  else await repo.insertAnswer(trx, { id: newId(), facility_id: row.facility_id, assessment_id: row.id, item_id: itemId, created_at: now, ...columns });
  const after = (await repo.findAnswer(trx, row.facility_id, row.id, itemId))!;
  await recordAssessmentEvent(deps, trx, { facilityId: row.facility_id, assessmentId: row.id, itemId, action: 'answer', before: old, after: stateOfRow(after), actor });
  const signed = row.manager_signed_at !== null || row.executive_signed_at !== null;
  await repo.updateAssessment(trx, row.facility_id, row.id, {
    updated_at: now,
    ...(signed && { manager_signed_by: null, manager_signed_at: null, executive_signed_by: null, executive_signed_at: null }),
  });
  if (signed) {
    await recordAssessmentEvent(deps, trx, {
      facilityId: row.facility_id,
      assessmentId: row.id,
      itemId,
      action: 'signoff_withdrawn',
      before: { manager: row.manager_signed_by, executive: row.executive_signed_by },
      actor,
    });
  }
  return { before, after };
}

/** Answers one item (PUT …/answers/:itemId) and returns the item's state. */
export async function answerItem(deps: Deps, caller: Caller, id: string, itemId: string, input: AnswerUpdate): Promise<AssessmentItemStateDto> {
  const access = await authorizeAssessment(deps, caller, id, 'answer');
  await deps.db.transaction().execute(async (trx) => {
    const row = await repo.findAssessmentById(trx, id);
    if (!row) throw new AppError('NOT_FOUND');
    const entry = await entryOf(deps, row, trx);
    const { before, after } = await applyAnswer(deps, trx, actorOf(caller), row, entry, itemId, input);
    if (!after) return;
    await recordAudit(deps, trx, caller, {
      facilityId: row.facility_id,
      entityType: 'assessment',
      entityId: row.id,
      action: 'answer',
      before: { itemId, ...stateOfRow(before ?? undefined) },
      after: { itemId, ...stateOfRow(after) },
    });
  });
  return itemStateOf(deps, access, itemId);
}

// --- sign-off -----------------------------------------------------------------------------------

/** Why the assessment is not ready for sign-off: one issue per item (path = item id, message = the first problem). */
export function signoffIssues(bundle: Pick<AssessmentBundle, 'row' | 'entry' | 'answers'>, today: string): FieldIssue[] {
  const def = bundle.entry.definition;
  const states = answerStates(bundle.answers);
  const skipped = notRequiredItems(def, states);
  const issues: FieldIssue[] = [];
  for (const item of frameworkItems(def)) {
    if (skipped.has(item.id)) continue;
    const a = states.get(item.id) ?? { answer: null, checkedOn: null, targetOn: null };
    const found = validateAnswer(def, item, a, answerContext(bundle.row, today), 'complete');
    if (found.length > 0) issues.push({ path: item.id, message: found[0]!.message });
  }
  return issues;
}

/**
 * 承認: the security manager's or the executive's signature. Only hospital (and general) sheets in progress, each
 * role once, and only when every required item is complete for the inspection (VALIDATION_FAILED, one issue per
 * item). The second signature locks the assessment for good (carry it over into a new version instead).
 */
export async function signAssessment(deps: Deps, caller: Caller, id: string, input: { role: 'manager' | 'executive'; comment?: string | undefined }): Promise<AssessmentDetailDto> {
  const access = await authorizeAssessment(deps, caller, id, 'read');
  const permission = input.role === 'manager' ? 'assessment.sign_manager' : 'assessment.sign_executive';
  if (access.asVendor || !can(access.actor, permission, access.row.facility_id)) deny(access.actor, [permission]);
  await deps.db.transaction().execute(async (trx) => {
    const row = await repo.lockAssessment(trx, access.row.facility_id, id);
    if (!row) throw new AppError('NOT_FOUND');
    if (row.sheet === 'vendor') throw new AppError('INVALID_STATE', 'vendor sheets are accepted, not signed', { detail: { sheet: row.sheet } });
    assertEditable(row);
    const signedAt = input.role === 'manager' ? row.manager_signed_at : row.executive_signed_at;
    if (signedAt !== null) throw new AppError('INVALID_STATE', `already signed by the ${input.role}`, { detail: { role: input.role } });
    const bundle = await bundleOf(deps, trx, row, false);
    const issues = signoffIssues(bundle, ledgerToday(deps));
    if (issues.length > 0) invalid(issues);
    const now = deps.clock.now().toISOString();
    const label = caller.label;
    const other = input.role === 'manager' ? row.executive_signed_at : row.manager_signed_at;
    const lock = other !== null;
    const patch: Partial<repo.AssessmentRow> = {
      ...(input.role === 'manager' ? { manager_signed_by: label, manager_signed_at: now } : { executive_signed_by: label, executive_signed_at: now }),
      ...(lock && { status: 'locked', locked_at: now }),
      updated_at: now,
    };
    if (!(await repo.updateAssessmentIf(trx, row.facility_id, row.id, 'in_progress', patch))) throw new AppError('CONFLICT', 'the assessment changed meanwhile');
    const comment = clean(input.comment);
    await recordAssessmentEvent(deps, trx, { facilityId: row.facility_id, assessmentId: row.id, action: 'signoff', after: { role: input.role, locked: lock, comment }, actor: actorOf(caller) });
    const after = (await repo.findAssessmentById(trx, id))!;
    await recordAudit(deps, trx, caller, {
      facilityId: row.facility_id,
      entityType: 'assessment',
      entityId: row.id,
      action: 'signoff',
      before: auditAssessment(row),
      after: { ...auditAssessment(after), role: input.role, comment },
    });
  });
  return getAssessmentDetail(deps, caller, id);
}

// --- actions from gaps --------------------------------------------------------------------------

/** 対応アクション from an item (a gap, usually): the actions module records it with the item as its source. */
export async function createItemAction(deps: Deps, caller: Caller, id: string, itemId: string, input: Omit<ActionCreate, 'source' | 'title'> & { title?: string | undefined }): Promise<AssessmentItemStateDto> {
  const access = await authorizeAssessment(deps, caller, id, 'read');
  if (access.asVendor || !can(access.actor, 'action.write', access.row.facility_id)) deny(access.actor, ['action.write']);
  await deps.db.transaction().execute(async (trx) => {
    const row = await repo.findAssessmentById(trx, id);
    if (!row) throw new AppError('NOT_FOUND');
    const entry = await entryOf(deps, row, trx);
    const item = findItem(entry.definition, itemId);
    const label = `${item.number} ${item.text.ja}`.slice(0, 300);
    await createActionInTrx(deps, trx, caller, row.facility_id, {
      ...input,
      title: clean(input.title) ?? label,
      source: { type: 'assessment_item', id: row.id, ref: item.id, label },
    });
    await recordAssessmentEvent(deps, trx, { facilityId: row.facility_id, assessmentId: row.id, itemId, action: 'action_created', after: { title: clean(input.title) ?? label }, actor: actorOf(caller) });
  });
  return itemStateOf(deps, access, itemId);
}

/** The fiscal year of today (JST), for lists that default to this year. */
export function currentFiscalYear(deps: Deps): number {
  return fiscalYearOfDate(ledgerToday(deps));
}
