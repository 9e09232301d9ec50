import type { ExerciseActionCreateBody, ExerciseCreateBody, ExerciseListQueryInput, ExerciseUpdateBody } from '../../../shared/contracts/resilience-exercises.contract.ts';
import { ZExerciseCreate } from '../../../shared/contracts/resilience-exercises.contract.ts';
import { AppError, type FieldIssue } from '../../../shared/errors.ts';
import {
  EXERCISE_KIND_LABELS,
  exerciseRequirement,
  fiscalYearOfDate,
  fiscalYearRange,
  type ExerciseKind,
  type ExerciseRequirement,
  type ExerciseStatus,
} from '../../../shared/resilience/exercises.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { newId } from '../../lib/ids.ts';
import { failValidation as invalid } from '../../lib/validation.ts';
import { actionsForSource, createActionInTrx, type SourceAction } from '../actions/index.ts';
import { ledgerToday } from '../ledger/index.ts';
import * as repo from './exercise.repository.ts';
import { authorizedRecord, authorizeResilience, type ResilienceFacility } from './resilience.access.ts';

/**
 * 訓練 (exercises) of the cyber BCP: tabletop, technical or full, planned then done (or cancelled), with scenario,
 * departments, timeline, what went well and findings; findings become 対応アクション (source type `exercise`). Read with
 * resilience.read, written with resilience.write. The yearly requirement: one done exercise per fiscal year (JST).
 * Audited as exercise (create, update, delete).
 */

export interface Exercise {
  id: string;
  facilityId: string;
  kind: ExerciseKind;
  title: string;
  scenario: string;
  status: ExerciseStatus;
  heldOn: string;
  fiscalYear: number;
  durationMinutes: number | null;
  departments: string[];
  participants: number | null;
  timeline: { at: string; text: string }[];
  wentWell: string | null;
  findings: string | null;
  notes: string | null;
  openActions: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ExerciseDetail extends Exercise {
  actions: SourceAction[];
}

export interface ExercisePage {
  items: Exercise[];
  total: number;
  page: number;
  pageSize: number;
}

function jsonArray<T>(text: string): T[] {
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? (v as T[]) : [];
  } catch {
    return [];
  }
}

function toExercise(r: repo.ExerciseRow, openActions: number): Exercise {
  return {
    id: r.id,
    facilityId: r.facility_id,
    kind: r.kind as ExerciseKind,
    title: r.title,
    scenario: r.scenario,
    status: r.status as ExerciseStatus,
    heldOn: r.held_on,
    fiscalYear: fiscalYearOfDate(r.held_on),
    durationMinutes: r.duration_minutes,
    departments: jsonArray<string>(r.departments),
    participants: r.participants,
    timeline: jsonArray<{ at: string; text: string }>(r.timeline),
    wentWell: r.went_well,
    findings: r.findings,
    notes: r.notes,
    openActions,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const clean = (v: string | null | undefined): string | null => {
  const t = v?.trim();
  return t ? t : null;
};

/** Department names trimmed, empty and repeated ones dropped (order kept). */
const departmentsOf = (list: readonly string[]): string[] => [...new Set(list.map((d) => d.trim()).filter(Boolean))];

function auditView(r: Omit<repo.ExerciseRow, 'id' | 'facility_id' | 'version' | 'created_at' | 'updated_at'>) {
  return {
    kind: r.kind,
    title: r.title,
    scenario: r.scenario,
    status: r.status,
    heldOn: r.held_on,
    durationMinutes: r.duration_minutes,
    departments: jsonArray<string>(r.departments),
    participants: r.participants,
    timeline: jsonArray<{ at: string; text: string }>(r.timeline),
    wentWell: r.went_well,
    findings: r.findings,
    notes: r.notes,
  };
}

function checkDone(status: string, heldOn: string, today: string): void {
  const issues: FieldIssue[] = [];
  if (status === 'done' && heldOn > today) issues.push({ path: 'heldOn', message: 'done_in_future' });
  if (issues.length > 0) invalid(issues);
}

async function detailOf(deps: Deps, db: Db, row: repo.ExerciseRow): Promise<ExerciseDetail> {
  const actions = await actionsForSource(deps, row.facility_id, 'exercise', row.id, db);
  const open = actions.filter((a) => a.status === 'open' || a.status === 'in_progress').length;
  return { ...toExercise(row, open), actions };
}

// --- reads --------------------------------------------------------------------------------------

export async function listExercises(deps: Deps, caller: Caller, facilityId: string, query: ExerciseListQueryInput): Promise<ExercisePage> {
  await authorizeResilience(deps, caller, facilityId, 'resilience.read');
  const range = query.fiscalYear !== undefined ? fiscalYearRange(query.fiscalYear) : undefined;
  const { rows, total } = await repo.listExercises(deps.db, facilityId, { from: range?.from, to: range?.to, kind: query.kind, status: query.status }, query.pageSize, (query.page - 1) * query.pageSize);
  const counts = await repo.openActionCounts(deps.db, facilityId, rows.map((r) => r.id));
  return { items: rows.map((r) => toExercise(r, counts.get(r.id) ?? 0)), total, page: query.page, pageSize: query.pageSize };
}

export async function getExercise(deps: Deps, caller: Caller, id: string): Promise<ExerciseDetail> {
  const { row } = await authorizedRecord(deps, caller, () => repo.findExercise(deps.db, id), 'resilience.read');
  return detailOf(deps, deps.db, row);
}

/** The yearly requirement of a facility for a fiscal year (default: the current one), unchecked (the 3(3) rule, the binder). */
export async function exerciseRequirementOf(db: Db, facilityId: string, today: string, fiscalYear: number = fiscalYearOfDate(today)): Promise<ExerciseRequirement> {
  const rows = await repo.exerciseDates(db, facilityId);
  return exerciseRequirement(
    rows.map((r) => ({ status: r.status as ExerciseStatus, heldOn: r.held_on })),
    fiscalYear,
    today,
  );
}

export async function getExerciseRequirement(deps: Deps, caller: Caller, facilityId: string, fiscalYear?: number): Promise<ExerciseRequirement> {
  await authorizeResilience(deps, caller, facilityId, 'resilience.read');
  const today = ledgerToday(deps);
  return exerciseRequirementOf(deps.db, facilityId, today, fiscalYear ?? fiscalYearOfDate(today));
}

// --- writes -------------------------------------------------------------------------------------

/** Inside the caller's transaction, unchecked (the demo): validates and inserts an exercise; audits `exercise create`. */
export async function createExerciseTx(deps: Deps, trx: Db, caller: Caller, facility: ResilienceFacility, input: ExerciseCreateBody): Promise<repo.ExerciseRow> {
  const body = ZExerciseCreate.parse(input);
  checkDone(body.status, body.heldOn, ledgerToday(deps));
  const now = deps.clock.now().toISOString();
  const row: repo.ExerciseRow = {
    id: newId(),
    facility_id: facility.id,
    kind: body.kind,
    title: body.title.trim(),
    scenario: body.scenario.trim(),
    status: body.status,
    held_on: body.heldOn,
    duration_minutes: body.durationMinutes ?? null,
    departments: JSON.stringify(departmentsOf(body.departments)),
    participants: body.participants ?? null,
    timeline: JSON.stringify(body.timeline.map((t) => ({ at: t.at, text: t.text.trim() }))),
    went_well: clean(body.wentWell),
    findings: clean(body.findings),
    notes: clean(body.notes),
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await repo.insertExercise(trx, row);
  await recordAudit(deps, trx, caller, { facilityId: facility.id, entityType: 'exercise', entityId: row.id, action: 'create', after: auditView(row) });
  return row;
}

export async function createExercise(deps: Deps, caller: Caller, facilityId: string, input: ExerciseCreateBody): Promise<ExerciseDetail> {
  const facility = await authorizeResilience(deps, caller, facilityId, 'resilience.write');
  const row = await deps.db.transaction().execute((trx) => createExerciseTx(deps, trx, caller, facility, input));
  return detailOf(deps, deps.db, row);
}

/** PATCH /exercises/:id: the given fields replace the stored ones; CONFLICT on a stale expectedVersion. */
export async function updateExercise(deps: Deps, caller: Caller, id: string, body: ExerciseUpdateBody): Promise<ExerciseDetail> {
  const { row } = await authorizedRecord(deps, caller, () => repo.findExercise(deps.db, id), 'resilience.write');
  await deps.db.transaction().execute(async (trx) => {
    const current = await repo.findExercise(trx, row.id);
    if (!current) throw new AppError('NOT_FOUND');
    if (current.version !== body.expectedVersion) throw new AppError('CONFLICT');
    const next: repo.ExerciseRow = {
      ...current,
      kind: body.kind ?? current.kind,
      title: body.title !== undefined ? body.title.trim() : current.title,
      scenario: body.scenario !== undefined ? body.scenario.trim() : current.scenario,
      status: body.status ?? current.status,
      held_on: body.heldOn ?? current.held_on,
      duration_minutes: body.durationMinutes !== undefined ? body.durationMinutes : current.duration_minutes,
      departments: body.departments !== undefined ? JSON.stringify(departmentsOf(body.departments)) : current.departments,
      participants: body.participants !== undefined ? body.participants : current.participants,
      timeline: body.timeline !== undefined ? JSON.stringify(body.timeline.map((t) => ({ at: t.at, text: t.text.trim() }))) : current.timeline,
      went_well: body.wentWell !== undefined ? clean(body.wentWell) : current.went_well,
      findings: body.findings !== undefined ? clean(body.findings) : current.findings,
      notes: body.notes !== undefined ? clean(body.notes) : current.notes,
    };
    if (next.status !== current.status || next.held_on !== current.held_on) checkDone(next.status, next.held_on, ledgerToday(deps));
    const before = auditView(current);
    const after = auditView(next);
    const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    if (changed.length === 0) return;
    const now = deps.clock.now().toISOString();
    const { id: _id, facility_id: _f, version: _v, created_at: _c, updated_at: _u, ...changes } = next;
    if (!(await repo.updateExercise(trx, row.id, current.version, { ...changes, updated_at: now }))) throw new AppError('CONFLICT');
    await recordAudit(deps, trx, caller, {
      facilityId: current.facility_id,
      entityType: 'exercise',
      entityId: row.id,
      action: 'update',
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k]])),
    });
  });
  return detailOf(deps, deps.db, (await repo.findExercise(deps.db, row.id))!);
}

/** DELETE /exercises/:id (resilience.write); its actions stay (they keep their label). */
export async function deleteExercise(deps: Deps, caller: Caller, id: string, expectedVersion?: number): Promise<void> {
  const { row } = await authorizedRecord(deps, caller, () => repo.findExercise(deps.db, id), 'resilience.write');
  await deps.db.transaction().execute(async (trx) => {
    const current = await repo.findExercise(trx, row.id);
    if (!current) throw new AppError('NOT_FOUND');
    if (expectedVersion !== undefined && current.version !== expectedVersion) throw new AppError('CONFLICT');
    await repo.deleteExercise(trx, row.id);
    await recordAudit(deps, trx, caller, { facilityId: current.facility_id, entityType: 'exercise', entityId: row.id, action: 'delete', before: auditView(current) });
  });
}

/** Inside the caller's transaction, unchecked (the demo): a finding of the exercise becomes an action of its facility. */
export async function addExerciseActionTx(deps: Deps, trx: Db, caller: Caller, exercise: Pick<repo.ExerciseRow, 'id' | 'facility_id' | 'kind' | 'title' | 'held_on'>, body: ExerciseActionCreateBody): Promise<void> {
  const kind = EXERCISE_KIND_LABELS[exercise.kind as ExerciseKind]?.ja ?? exercise.kind;
  await createActionInTrx(deps, trx, caller, exercise.facility_id, {
    title: body.title,
    ownerUserId: body.ownerUserId ?? null,
    dueOn: body.dueOn ?? null,
    source: { type: 'exercise', id: exercise.id, label: `${kind} ${exercise.held_on} ${exercise.title}`.slice(0, 300) },
  });
}

/** POST /exercises/:id/actions (resilience.write). */
export async function addExerciseAction(deps: Deps, caller: Caller, id: string, body: ExerciseActionCreateBody): Promise<ExerciseDetail> {
  const { row } = await authorizedRecord(deps, caller, () => repo.findExercise(deps.db, id), 'resilience.write');
  await deps.db.transaction().execute((trx) => addExerciseActionTx(deps, trx, caller, row, body));
  return detailOf(deps, deps.db, row);
}
