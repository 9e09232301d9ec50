import { AppError, type FieldIssue } from '../../../shared/errors.ts';
import { CURRENT_LEGAL_CLOCK_RULES, NO_FACTS, ZIncidentClockFacts, type IncidentClockFacts } from '../../../shared/incidents/clock-rules.ts';
import {
  CASE_PHASE_LABELS,
  caseNumberLabel,
  SUMMARY_KEYS,
  TEAM_ROLE_LABELS,
  type CaseCategory,
  type CasePhase,
  type CaseSeverity,
  type CaseSummary,
  type TeamRole,
  type TimelineKind,
  type TlpLevel,
} from '../../../shared/incidents/cases.ts';
import {
  ZCaseCreate,
  type CaseListQuery,
  type CaseTaskCreateBody,
  type CaseTaskUpdateBody,
  type CaseUpdateBody,
  type TeamMemberCreateBody,
} from '../../../shared/contracts/incident-cases.contract.ts';
import { callerUserId, type Caller, type Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import { newId } from '../../lib/ids.ts';
import { failValidation as invalid } from '../../lib/validation.ts';
import { authorizedCase, authorizeIncidents } from './incident.access.ts';
import * as repo from './case.repository.ts';
import { playbookFor } from './playbooks.ts';
import { insertTimelineEntry } from './timeline.repository.ts';

/**
 * インシデント案件 (cases): opening a case (with the playbook's tasks copied in), the list, the detail, edits of the
 * case and its 5W1H and facts, the phase, closing and reopening, the tasks and the response team (対策本部). Reads
 * need incident.read, writes incident.write, close/reopen incident.manage (all through incident.access.ts). Every
 * write is done, put on the timeline where it belongs, and audited in one transaction. A closed case is read-only
 * until it is reopened (INVALID_STATE).
 */

/** What opens a case (the triage, the CLI and the API). Validated by `createCaseTx`. */
export interface CaseOpenInput {
  title: string;
  category: CaseCategory;
  /** Default by category: ransomware → critical, else medium. */
  severity?: CaseSeverity;
  /** Default amber. */
  tlp?: TlpLevel;
  /** 発覚日時: ISO with Z or an offset (required; stored as ISO UTC). */
  discoveredAt: string;
  /** Merged over NO_FACTS. */
  facts?: Partial<IncidentClockFacts>;
  description?: string | null;
  summary?: Partial<CaseSummary>;
}

export type CaseRow = repo.CaseRow;
export type CaseTask = repo.TaskWithNames;
export type TeamMember = repo.TeamMemberWithUser;

export interface CaseView {
  row: repo.CaseRow;
  facts: IncidentClockFacts;
  summary: CaseSummary;
  createdBy: repo.UserRef | null;
  tasks: CaseTask[];
  team: TeamMember[];
  reportIds: string[];
}

export interface CaseListView {
  items: repo.CaseListRow[];
  total: number;
  page: number;
  pageSize: number;
}

const TIME_ZONE = 'Asia/Tokyo';
const EMPTY_SUMMARY: CaseSummary = Object.fromEntries(SUMMARY_KEYS.map((k) => [k, ''])) as CaseSummary;

// --- helpers ------------------------------------------------------------------------------------

/** YYYY-MM-DD HH:mm in JST (the timeline's wording). */
export function jstMinute(iso: string): string {
  const d = new Date(Date.parse(iso) + 9 * 3_600_000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
}

/** The case's facts as stored, over NO_FACTS (a field added to the schema later reads as "no"). */
export function parseFacts(json: string): IncidentClockFacts {
  try {
    const parsed = ZIncidentClockFacts.safeParse({ ...NO_FACTS, ...(JSON.parse(json) as object) });
    return parsed.success ? parsed.data : NO_FACTS;
  } catch {
    return NO_FACTS;
  }
}

export function parseSummary(json: string): CaseSummary {
  try {
    const raw = JSON.parse(json) as Record<string, unknown>;
    return Object.fromEntries(SUMMARY_KEYS.map((k) => [k, typeof raw[k] === 'string' ? raw[k] : ''])) as CaseSummary;
  } catch {
    return { ...EMPTY_SUMMARY };
  }
}

const clean = (v: string | null | undefined): string | null => {
  const t = v?.trim();
  return t ? t : null;
};

/** Facts merged and validated (VALIDATION_FAILED with paths `facts.<name>`). */
function mergeFacts(base: IncidentClockFacts, patch: Partial<IncidentClockFacts> | undefined): IncidentClockFacts {
  const parsed = ZIncidentClockFacts.safeParse({ ...base, ...(patch ?? {}) });
  if (!parsed.success) invalid(parsed.error.issues.map((i) => ({ path: ['facts', ...i.path.map(String)].join('.'), message: i.message })));
  return parsed.data;
}

function mergeSummary(base: CaseSummary, patch: Partial<CaseSummary> | undefined): CaseSummary {
  const out = { ...base };
  for (const k of SUMMARY_KEYS) {
    const v = patch?.[k];
    if (v !== undefined) out[k] = v.trim();
  }
  return out;
}

const toUtc = (iso: string): string => new Date(Date.parse(iso)).toISOString();

function assertOpen(row: repo.CaseRow): void {
  if (row.status !== 'open') throw new AppError('INVALID_STATE', 'the case is closed; reopen it first');
}

function checkExpected(expected: string | undefined, current: string, what: string): void {
  if (expected !== undefined && expected !== current) throw new AppError('CONFLICT', `the ${what} was changed by someone else`, { detail: { updatedAt: current } });
}

async function timeline(deps: Deps, trx: Db, caller: Caller, caseId: string, kind: TimelineKind, text: string): Promise<void> {
  const now = deps.clock.now().toISOString();
  await insertTimelineEntry(trx, { caseId, occurredAt: now, timeZone: TIME_ZONE, kind, text, createdBy: callerUserId(caller), createdAt: now });
}

/** What the audit log keeps of a case. */
function caseAudit(row: repo.CaseRow) {
  return {
    seq: row.seq,
    title: row.title,
    category: row.category,
    severity: row.severity,
    tlp: row.tlp,
    phase: row.phase,
    status: row.status,
    discoveredAt: row.discovered_at,
    facts: parseFacts(row.facts),
    summary: parseSummary(row.summary),
    description: row.description,
    closedAt: row.closed_at,
  };
}

function taskAudit(t: repo.TaskRow) {
  return {
    caseId: t.case_id,
    phase: t.phase,
    position: t.position,
    playbookItemId: t.playbook_item_id,
    title: t.title_ja,
    ownerRole: t.owner_role,
    ownerUserId: t.owner_user_id,
    doneAt: t.done_at,
    doneBy: t.done_by,
    notes: t.notes,
  };
}

function teamAudit(m: repo.TeamMemberRow) {
  return { caseId: m.case_id, role: m.role, userId: m.user_id, name: m.name, contact: m.contact };
}

/** Before/after of the fields that differ (compared as JSON). */
function diff<T extends Record<string, unknown>>(before: T, after: T): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const k of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) {
      b[k] = before[k];
      a[k] = after[k];
    }
  }
  return { before: b, after: a };
}

async function ownerUser(trx: Db, facilityId: string, userId: string | null | undefined, issues: FieldIssue[]): Promise<void> {
  if (userId === null || userId === undefined) return;
  if (!(await repo.findFacilityMember(trx, facilityId, userId))) issues.push({ path: 'ownerUserId', message: 'unknown_user' });
}

// --- reading ------------------------------------------------------------------------------------

/** A case with its tasks, team and reports, without permission checks (trusted callers; `db` may be a transaction). */
export async function caseViewOf(db: Db, caseId: string): Promise<CaseView> {
  const row = await repo.findCaseRow(db, caseId);
  if (!row) throw new AppError('NOT_FOUND');
  const [tasks, team, reportIds, createdBy] = await Promise.all([
    repo.listTasks(db, caseId),
    repo.listTeam(db, caseId),
    repo.reportIdsOfCase(db, caseId),
    row.created_by ? repo.findUserRef(db, row.created_by) : Promise.resolve(undefined),
  ]);
  return { row: { ...row, seq: Number(row.seq) }, facts: parseFacts(row.facts), summary: parseSummary(row.summary), createdBy: createdBy ?? null, tasks, team, reportIds };
}

export async function getCase(deps: Deps, caller: Caller, caseId: string): Promise<CaseView> {
  await authorizedCase(deps, caller, caseId, 'incident.read');
  return caseViewOf(deps.db, caseId);
}

/** Parses `INC-2026-0003`, `0003` or `3` into a case number. */
function seqOfQuery(q: string): number | undefined {
  const m = /^(?:INC-\d{4}-)?0*(\d{1,9})$/i.exec(q);
  return m ? Number(m[1]) : undefined;
}

export async function listCases(deps: Deps, caller: Caller, facilityId: string, query: CaseListQuery): Promise<CaseListView> {
  await authorizeIncidents(deps, caller, facilityId, 'incident.read');
  const q = query.q?.trim() || undefined;
  const filter: repo.CaseListFilter = {
    facilityId,
    ...(query.status !== 'all' && { status: query.status }),
    ...(query.phase && { phase: query.phase }),
    ...(query.category && { category: query.category }),
    ...(query.severity && { severity: query.severity }),
    ...(q && { q, seq: seqOfQuery(q) }),
  };
  const [total, items] = await Promise.all([
    repo.countCases(deps.dialect, deps.db, filter),
    repo.listCaseRows(deps.dialect, deps.db, filter, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize }),
  ]);
  return { items, total, page: query.page, pageSize: query.pageSize };
}

// --- opening a case -----------------------------------------------------------------------------

/** 発覚日時 is when the hospital learnt of it: not later than now (5 minutes' grace for clocks that differ). */
function notInFuture(deps: Deps, discoveredAtUtc: string): void {
  if (Date.parse(discoveredAtUtc) > deps.clock.now().getTime() + 5 * 60_000) invalid([{ path: 'discoveredAt', message: 'in_future' }]);
}

/**
 * Opens a case inside the caller's transaction, without permission checks (triage, CLI, demo): validates the input,
 * numbers the case, copies the category's playbook tasks, puts the opening on the timeline and audits it.
 */
export async function createCaseTx(deps: Deps, trx: Db, caller: Caller, facilityId: string, input: CaseOpenInput): Promise<{ id: string; seq: number }> {
  const parsed = ZCaseCreate.safeParse(input);
  if (!parsed.success) invalid(parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
  const body = parsed.data;
  const facts = mergeFacts(NO_FACTS, body.facts);
  const summary = mergeSummary(EMPTY_SUMMARY, body.summary);
  const now = deps.clock.now().toISOString();
  const discoveredAt = toUtc(body.discoveredAt);
  notInFuture(deps, discoveredAt);
  const playbook = await playbookFor(trx, facilityId, body.category);
  await repo.lockFacilityForCaseNumbers(trx, facilityId);
  const seq = await repo.nextCaseSeq(trx, facilityId);
  const id = newId();
  await repo.insertCaseRow(trx, {
    id,
    facility_id: facilityId,
    seq,
    title: body.title,
    category: body.category,
    severity: body.severity ?? (body.category === 'ransomware' ? 'critical' : 'medium'),
    tlp: body.tlp ?? 'amber',
    phase: 'detection',
    status: 'open',
    discovered_at: discoveredAt,
    facts: JSON.stringify(facts),
    clock_rules_version: CURRENT_LEGAL_CLOCK_RULES.version,
    summary: JSON.stringify(summary),
    description: clean(body.description),
    playbook_id: playbook.id,
    playbook_version: playbook.version,
    created_by: callerUserId(caller),
    created_at: now,
    updated_at: now,
    closed_at: null,
  });
  const positions = new Map<CasePhase, number>();
  const tasks: repo.NewTaskRow[] = playbook.items.map((item) => {
    const position = (positions.get(item.phase) ?? 0) + 1;
    positions.set(item.phase, position);
    return {
      id: newId(),
      case_id: id,
      phase: item.phase,
      position,
      playbook_item_id: item.id,
      title_ja: item.title.ja,
      title_en: item.title.en,
      owner_role: item.ownerRole,
      owner_user_id: null,
      done_at: null,
      done_by: null,
      notes: null,
      created_at: now,
      updated_at: now,
    };
  });
  await repo.insertTasks(trx, tasks);
  await timeline(deps, trx, caller, id, 'system', `案件を開始しました(${caseNumberLabel(seq, discoveredAt)} ${body.title})。発覚日時 ${jstMinute(discoveredAt)}(日本時間)`);
  const created = (await repo.findCaseRow(trx, id))!;
  await recordAudit(deps, trx, caller, {
    facilityId,
    entityType: 'incident_case',
    entityId: id,
    action: 'create',
    after: { ...caseAudit(created), playbook: { id: playbook.id, version: playbook.version, tasks: tasks.length } },
  });
  return { id, seq };
}

export async function createCase(deps: Deps, caller: Caller, facilityId: string, input: CaseOpenInput): Promise<CaseView> {
  await authorizeIncidents(deps, caller, facilityId, 'incident.write');
  return deps.db.transaction().execute(async (trx) => {
    const { id } = await createCaseTx(deps, trx, caller, facilityId, input);
    return caseViewOf(trx, id);
  });
}

// --- changing a case ----------------------------------------------------------------------------

/** Title, category, severity, TLP, 発覚日時, description, 5W1H and facts. A stale expectedUpdatedAt → CONFLICT. */
export async function updateCase(deps: Deps, caller: Caller, caseId: string, input: CaseUpdateBody): Promise<CaseView> {
  await authorizedCase(deps, caller, caseId, 'incident.write');
  return deps.db.transaction().execute(async (trx) => {
    const before = await repo.findCaseRow(trx, caseId);
    if (!before) throw new AppError('NOT_FOUND');
    assertOpen(before);
    checkExpected(input.expectedUpdatedAt, before.updated_at, 'case');
    const changes: repo.CaseChanges = {};
    if (input.title !== undefined && input.title !== before.title) changes.title = input.title;
    if (input.category !== undefined && input.category !== before.category) changes.category = input.category;
    if (input.severity !== undefined && input.severity !== before.severity) changes.severity = input.severity;
    if (input.tlp !== undefined && input.tlp !== before.tlp) changes.tlp = input.tlp;
    if (input.description !== undefined && clean(input.description) !== before.description) changes.description = clean(input.description);
    const discoveredAt = input.discoveredAt === undefined ? before.discovered_at : toUtc(input.discoveredAt);
    if (discoveredAt !== before.discovered_at) {
      notInFuture(deps, discoveredAt);
      changes.discovered_at = discoveredAt;
    }
    if (input.facts !== undefined) {
      const facts = JSON.stringify(mergeFacts(parseFacts(before.facts), input.facts));
      if (facts !== JSON.stringify(parseFacts(before.facts))) changes.facts = facts;
    }
    if (input.summary !== undefined) {
      const summary = JSON.stringify(mergeSummary(parseSummary(before.summary), input.summary));
      if (summary !== JSON.stringify(parseSummary(before.summary))) changes.summary = summary;
    }
    if (Object.keys(changes).length === 0) return caseViewOf(trx, caseId);
    await repo.updateCaseRow(trx, caseId, { ...changes, updated_at: deps.clock.now().toISOString() });
    const after = (await repo.findCaseRow(trx, caseId))!;
    if (changes.discovered_at !== undefined) {
      await timeline(
        deps,
        trx,
        caller,
        caseId,
        'system',
        `発覚日時を変更しました: ${jstMinute(before.discovered_at)} → ${jstMinute(discoveredAt)}(日本時間)。法定期限はこの日時から計算し直されます。`,
      );
    }
    const d = diff(caseAudit(before), caseAudit(after));
    await recordAudit(deps, trx, caller, { facilityId: before.facility_id, entityType: 'incident_case', entityId: caseId, action: 'update', before: d.before, after: d.after });
    return caseViewOf(trx, caseId);
  });
}

/** Moves the case to any phase (forward or back), with a timeline entry. */
export async function changeCasePhase(deps: Deps, caller: Caller, caseId: string, phase: CasePhase): Promise<CaseView> {
  await authorizedCase(deps, caller, caseId, 'incident.write');
  return deps.db.transaction().execute(async (trx) => {
    const before = await repo.findCaseRow(trx, caseId);
    if (!before) throw new AppError('NOT_FOUND');
    assertOpen(before);
    if (before.phase === phase) return caseViewOf(trx, caseId);
    await repo.updateCaseRow(trx, caseId, { phase, updated_at: deps.clock.now().toISOString() });
    const from = CASE_PHASE_LABELS[before.phase as CasePhase]?.ja ?? before.phase;
    await timeline(deps, trx, caller, caseId, 'phase', `フェーズを変更しました: ${from} → ${CASE_PHASE_LABELS[phase].ja}`);
    await recordAudit(deps, trx, caller, { facilityId: before.facility_id, entityType: 'incident_case', entityId: caseId, action: 'phase', before: { phase: before.phase }, after: { phase } });
    return caseViewOf(trx, caseId);
  });
}

/** Closes the case (incident.manage): read-only until reopened. */
export async function closeCase(deps: Deps, caller: Caller, caseId: string, note?: string): Promise<CaseView> {
  await authorizedCase(deps, caller, caseId, 'incident.manage');
  return deps.db.transaction().execute(async (trx) => {
    const before = await repo.findCaseRow(trx, caseId);
    if (!before) throw new AppError('NOT_FOUND');
    if (before.status === 'closed') throw new AppError('INVALID_STATE', 'the case is closed already');
    const now = deps.clock.now().toISOString();
    await repo.updateCaseRow(trx, caseId, { status: 'closed', closed_at: now, updated_at: now });
    const text = clean(note);
    await timeline(deps, trx, caller, caseId, 'system', text ? `案件を終了しました: ${text}` : '案件を終了しました');
    await recordAudit(deps, trx, caller, {
      facilityId: before.facility_id,
      entityType: 'incident_case',
      entityId: caseId,
      action: 'close',
      before: { status: before.status },
      after: { status: 'closed', closedAt: now, ...(text && { note: text }) },
    });
    return caseViewOf(trx, caseId);
  });
}

/** Reopens a closed case (incident.manage). */
export async function reopenCase(deps: Deps, caller: Caller, caseId: string, note?: string): Promise<CaseView> {
  await authorizedCase(deps, caller, caseId, 'incident.manage');
  return deps.db.transaction().execute(async (trx) => {
    const before = await repo.findCaseRow(trx, caseId);
    if (!before) throw new AppError('NOT_FOUND');
    if (before.status !== 'closed') throw new AppError('INVALID_STATE', 'the case is open');
    await repo.updateCaseRow(trx, caseId, { status: 'open', closed_at: null, updated_at: deps.clock.now().toISOString() });
    const text = clean(note);
    await timeline(deps, trx, caller, caseId, 'system', text ? `案件を再開しました: ${text}` : '案件を再開しました');
    await recordAudit(deps, trx, caller, {
      facilityId: before.facility_id,
      entityType: 'incident_case',
      entityId: caseId,
      action: 'reopen',
      before: { status: before.status, closedAt: before.closed_at },
      after: { status: 'open', ...(text && { note: text }) },
    });
    return caseViewOf(trx, caseId);
  });
}

// --- tasks --------------------------------------------------------------------------------------

/** A task by id with its case, the permission checked in the case's facility; NOT_FOUND when out of reach. */
async function authorizedTask(deps: Deps, caller: Caller, taskId: string): Promise<{ task: CaseTask; caseRow: repo.CaseRow }> {
  if (!caller.actor) throw new AppError('UNAUTHENTICATED');
  const task = await repo.findTask(deps.db, taskId);
  if (!task) throw new AppError('NOT_FOUND');
  const caseRow = await authorizedCase(deps, caller, task.case_id, 'incident.write');
  return { task, caseRow };
}

/** Adds a task by hand to a phase (at its end). */
export async function addCaseTask(deps: Deps, caller: Caller, caseId: string, input: CaseTaskCreateBody): Promise<CaseTask> {
  await authorizedCase(deps, caller, caseId, 'incident.write');
  return deps.db.transaction().execute(async (trx) => {
    const c = await repo.findCaseRow(trx, caseId);
    if (!c) throw new AppError('NOT_FOUND');
    assertOpen(c);
    const issues: FieldIssue[] = [];
    await ownerUser(trx, c.facility_id, input.ownerUserId, issues);
    if (issues.length > 0) invalid(issues);
    const now = deps.clock.now().toISOString();
    const id = newId();
    await repo.insertTasks(trx, [
      {
        id,
        case_id: caseId,
        phase: input.phase,
        position: await repo.nextTaskPosition(trx, caseId, input.phase),
        playbook_item_id: null,
        title_ja: input.title,
        title_en: null,
        owner_role: input.ownerRole ?? null,
        owner_user_id: input.ownerUserId ?? null,
        done_at: null,
        done_by: null,
        notes: clean(input.notes),
        created_at: now,
        updated_at: now,
      },
    ]);
    const created = (await repo.findTask(trx, id))!;
    await recordAudit(deps, trx, caller, { facilityId: c.facility_id, entityType: 'incident_task', entityId: id, action: 'create', after: taskAudit(created) });
    return created;
  });
}

/**
 * Ticks a task off (or back), changes its owner or notes, renames a task added by hand. Ticking off is put on the
 * timeline with who did it. A stale expectedUpdatedAt → CONFLICT.
 */
export async function updateCaseTask(deps: Deps, caller: Caller, taskId: string, input: CaseTaskUpdateBody): Promise<CaseTask> {
  const { caseRow } = await authorizedTask(deps, caller, taskId);
  return deps.db.transaction().execute(async (trx) => {
    const c = await repo.findCaseRow(trx, caseRow.id);
    const before = await repo.findTask(trx, taskId);
    if (!c || !before) throw new AppError('NOT_FOUND');
    assertOpen(c);
    checkExpected(input.expectedUpdatedAt, before.updated_at, 'task');
    if (input.title !== undefined && input.title !== before.title_ja && before.playbook_item_id !== null) {
      throw new AppError('INVALID_STATE', 'a playbook task keeps its title');
    }
    const issues: FieldIssue[] = [];
    if (input.ownerUserId !== undefined && input.ownerUserId !== before.owner_user_id) await ownerUser(trx, c.facility_id, input.ownerUserId, issues);
    if (issues.length > 0) invalid(issues);
    const now = deps.clock.now().toISOString();
    const changes: repo.TaskChanges = {};
    if (input.title !== undefined && input.title !== before.title_ja) changes.title_ja = input.title;
    if (input.ownerRole !== undefined && input.ownerRole !== before.owner_role) changes.owner_role = input.ownerRole;
    if (input.ownerUserId !== undefined && input.ownerUserId !== before.owner_user_id) changes.owner_user_id = input.ownerUserId;
    if (input.notes !== undefined && clean(input.notes) !== before.notes) changes.notes = clean(input.notes);
    const wasDone = before.done_at !== null;
    if (input.done === true && !wasDone) {
      changes.done_at = now;
      changes.done_by = callerUserId(caller);
    } else if (input.done === false && wasDone) {
      changes.done_at = null;
      changes.done_by = null;
    }
    if (Object.keys(changes).length === 0) return before;
    await repo.updateTask(trx, taskId, { ...changes, updated_at: now });
    const after = (await repo.findTask(trx, taskId))!;
    if (changes.done_at !== undefined) {
      await timeline(deps, trx, caller, c.id, 'action', changes.done_at ? `タスク完了: ${after.title_ja}` : `タスクの完了を取り消しました: ${after.title_ja}`);
    }
    const d = diff(taskAudit(before), taskAudit(after));
    await recordAudit(deps, trx, caller, { facilityId: c.facility_id, entityType: 'incident_task', entityId: taskId, action: 'update', before: d.before, after: d.after });
    return after;
  });
}

/** Deletes a task added by hand; a playbook task cannot be deleted (INVALID_STATE). */
export async function deleteCaseTask(deps: Deps, caller: Caller, taskId: string): Promise<void> {
  const { caseRow } = await authorizedTask(deps, caller, taskId);
  await deps.db.transaction().execute(async (trx) => {
    const c = await repo.findCaseRow(trx, caseRow.id);
    const before = await repo.findTask(trx, taskId);
    if (!c || !before) throw new AppError('NOT_FOUND');
    assertOpen(c);
    if (before.playbook_item_id !== null) throw new AppError('INVALID_STATE', 'a playbook task cannot be deleted');
    await repo.deleteTask(trx, before);
    await recordAudit(deps, trx, caller, { facilityId: c.facility_id, entityType: 'incident_task', entityId: taskId, action: 'delete', before: taskAudit(before) });
  });
}

// --- 対策本部 -----------------------------------------------------------------------------------

/** Adds a member to the response team; with a user and no name, the user's name. */
export async function addTeamMember(deps: Deps, caller: Caller, caseId: string, input: TeamMemberCreateBody): Promise<TeamMember> {
  await authorizedCase(deps, caller, caseId, 'incident.write');
  return deps.db.transaction().execute(async (trx) => {
    const c = await repo.findCaseRow(trx, caseId);
    if (!c) throw new AppError('NOT_FOUND');
    assertOpen(c);
    const issues: FieldIssue[] = [];
    let user: repo.UserRef | undefined;
    if (input.userId) {
      user = await repo.findFacilityMember(trx, c.facility_id, input.userId);
      if (!user) issues.push({ path: 'userId', message: 'unknown_user' });
    }
    const name = clean(input.name) ?? user?.name ?? null;
    if (name === null && issues.length === 0) issues.push({ path: 'name', message: 'required' });
    if (issues.length > 0 || name === null) invalid(issues);
    const now = deps.clock.now().toISOString();
    const id = newId();
    await repo.insertTeamMember(trx, { id, case_id: caseId, role: input.role, user_id: user?.id ?? null, name, contact: clean(input.contact), created_at: now });
    const created = (await repo.findTeamMember(trx, id))!;
    await timeline(deps, trx, caller, caseId, 'system', `対策本部に追加しました: ${TEAM_ROLE_LABELS[input.role].ja} ${name}`);
    await recordAudit(deps, trx, caller, { facilityId: c.facility_id, entityType: 'incident_team_member', entityId: id, action: 'create', after: teamAudit(created) });
    return created;
  });
}

export async function removeTeamMember(deps: Deps, caller: Caller, memberId: string): Promise<void> {
  if (!caller.actor) throw new AppError('UNAUTHENTICATED');
  const found = await repo.findTeamMember(deps.db, memberId);
  if (!found) throw new AppError('NOT_FOUND');
  await authorizedCase(deps, caller, found.case_id, 'incident.write');
  await deps.db.transaction().execute(async (trx) => {
    const c = await repo.findCaseRow(trx, found.case_id);
    const before = await repo.findTeamMember(trx, memberId);
    if (!c || !before) throw new AppError('NOT_FOUND');
    assertOpen(c);
    await repo.deleteTeamMember(trx, memberId);
    const role = TEAM_ROLE_LABELS[before.role as TeamRole]?.ja ?? before.role;
    await timeline(deps, trx, caller, c.id, 'system', `対策本部から外しました: ${role} ${before.name}`);
    await recordAudit(deps, trx, caller, { facilityId: c.facility_id, entityType: 'incident_team_member', entityId: memberId, action: 'delete', before: teamAudit(before) });
  });
}
