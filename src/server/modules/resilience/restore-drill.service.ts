import type {
  DrillActionCreateBody,
  RestoreDrillCreateBody,
  RestoreDrillDto,
  RestoreDrillListQuery,
  RestoreDrillPageDto,
  RestoreDrillRecordBody,
  RestoreDrillUpdateBody,
} from '../../../shared/contracts/resilience-drills.contract.ts';
import { jstDateKey } from '../../../shared/dates.ts';
import { AppError, type FieldIssue } from '../../../shared/errors.ts';
import { drillMetrics, drillResult, drillTimeIssues, type DrillRestored } from '../../../shared/resilience/drills.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import { newId } from '../../lib/ids.ts';
import { failValidation as invalid } from '../../lib/validation.ts';
import { actionsForSource, createActionInTrx } from '../actions/index.ts';
import { findTarget } from './recovery-target.repository.ts';
import { todayOf } from './recovery-target.service.ts';
import { authorizedRecord, authorizeResilience } from './resilience.access.ts';
import { presentDrill } from './restore-drill.presenter.ts';
import * as repo from './restore-drill.repository.ts';

/**
 * Restore drills (復旧訓練): planned per system, then recorded with start and finish times, the age of the restored
 * data and how much was restored; the system's RTO/RPO targets of that moment are stored with the drill, and the
 * result (passed | failed) is decided then (src/shared/resilience/drills.ts). Follow-up actions are 対応アクション with
 * source type `drill`. Read with resilience.read, written with resilience.write; optimistic `version`. Audited as
 * restore_drill (create, update, record, cancel, delete).
 */

const clean = (v: string | null | undefined): string | null => {
  const t = v?.trim();
  return t ? t : null;
};
const utc = (v: string): string => new Date(v).toISOString();

function auditView(r: Partial<repo.DrillRow>) {
  return {
    assetId: r.asset_id,
    planId: r.plan_id,
    status: r.status,
    plannedOn: r.planned_on,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    dataAsOf: r.data_as_of,
    restored: r.restored,
    rtoHoursTarget: r.rto_hours_target,
    rpoHoursTarget: r.rpo_hours_target,
    result: r.result,
    problems: r.problems,
    performedBy: r.performed_by,
    notes: r.notes,
  };
}

function diff(before: repo.DrillRow, changes: Partial<repo.DrillRow>) {
  const b = auditView(before) as Record<string, unknown>;
  const a = auditView({ ...before, ...changes }) as Record<string, unknown>;
  const keys = Object.keys(a).filter((k) => a[k] !== b[k]);
  return { before: Object.fromEntries(keys.map((k) => [k, b[k]])), after: Object.fromEntries(keys.map((k) => [k, a[k]])) };
}

async function drillDto(deps: Deps, db: Db, id: string): Promise<RestoreDrillDto> {
  const row = await repo.findDrill(db, id);
  if (!row) throw new AppError('NOT_FOUND');
  return presentDrill(row, todayOf(deps), await actionsForSource(deps, row.facility_id, 'drill', row.id, db));
}

async function authorizedDrill(deps: Deps, caller: Caller, id: string, permission: 'resilience.read' | 'resilience.write') {
  return (await authorizedRecord(deps, caller, () => repo.findDrill(deps.db, id), permission)).row;
}

/** planId must be a backup plan of the same facility and system. */
async function checkPlan(trx: Db, facilityId: string, assetId: string, planId: string | null | undefined, issues: FieldIssue[]): Promise<void> {
  if (!planId) return;
  const plan = await repo.findPlanRef(trx, planId);
  if (!plan || plan.facility_id !== facilityId) issues.push({ path: 'planId', message: 'plan_not_found' });
  else if (plan.asset_id !== assetId) issues.push({ path: 'planId', message: 'plan_other_asset' });
}

interface Performed {
  startedAt: string;
  finishedAt: string;
  dataAsOf: string;
  restored: DrillRestored;
  problems?: string | null;
  performedBy?: string | null;
}

/** The columns a performed drill sets: times (UTC), the targets of now, the result. Issues are prefixed by `prefix`. */
async function performedColumns(deps: Deps, trx: Db, assetId: string, p: Performed, prefix: string, issues: FieldIssue[]): Promise<Partial<repo.DrillRow>> {
  for (const i of drillTimeIssues(p, deps.clock.now())) issues.push({ path: `${prefix}${i.path}`, message: i.message });
  const target = await findTarget(trx, assetId);
  const targets = { rtoHours: target?.rto_hours ?? null, rpoHours: target?.rpo_hours ?? null };
  const outcome = drillResult(drillMetrics(p), targets, p.restored);
  return {
    status: 'done',
    started_at: utc(p.startedAt),
    finished_at: utc(p.finishedAt),
    data_as_of: utc(p.dataAsOf),
    restored: p.restored,
    rto_hours_target: targets.rtoHours,
    rpo_hours_target: targets.rpoHours,
    result: outcome.result,
    ...(p.problems !== undefined ? { problems: clean(p.problems) } : {}),
    ...(p.performedBy !== undefined ? { performed_by: clean(p.performedBy) } : {}),
  };
}

// --- reads --------------------------------------------------------------------------------------

export async function listRestoreDrills(deps: Deps, caller: Caller, facilityId: string, q: RestoreDrillListQuery): Promise<RestoreDrillPageDto> {
  await authorizeResilience(deps, caller, facilityId, 'resilience.read');
  const today = todayOf(deps);
  const fy = q.fiscalYear;
  const fiscalYear =
    fy === undefined
      ? undefined
      : {
          fromIso: new Date(`${fy}-04-01T00:00:00+09:00`).toISOString(),
          toIso: new Date(`${fy + 1}-04-01T00:00:00+09:00`).toISOString(),
          fromDay: `${fy}-04-01`,
          toDay: `${fy + 1}-04-01`,
        };
  const { rows, total } = await repo.listDrills(deps.db, facilityId, { status: q.status, assetId: q.assetId, fiscalYear }, today, q.page, q.pageSize);
  return { items: rows.map((r) => presentDrill(r, today)), total, page: q.page, pageSize: q.pageSize };
}

export async function getRestoreDrill(deps: Deps, caller: Caller, id: string): Promise<RestoreDrillDto> {
  const row = await authorizedDrill(deps, caller, id, 'resilience.read');
  return drillDto(deps, deps.db, row.id);
}

// --- writes -------------------------------------------------------------------------------------

/** Plans a drill (plannedOn required) or records one performed without planning (`performed`). */
export async function planDrill(deps: Deps, caller: Caller, facilityId: string, body: RestoreDrillCreateBody): Promise<RestoreDrillDto> {
  await authorizeResilience(deps, caller, facilityId, 'resilience.write');
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    const issues: FieldIssue[] = [];
    const asset = await repo.findLiveAsset(trx, facilityId, body.assetId);
    if (!asset) issues.push({ path: 'assetId', message: 'asset_not_found' });
    if (!body.performed && !body.plannedOn) issues.push({ path: 'plannedOn', message: 'required' });
    if (asset) await checkPlan(trx, facilityId, asset.id, body.planId, issues);
    const performed = body.performed && asset ? await performedColumns(deps, trx, asset.id, body.performed, 'performed.', issues) : {};
    if (issues.length > 0) invalid(issues);
    const now = deps.clock.now().toISOString();
    const row: repo.DrillRow = {
      id,
      facility_id: facilityId,
      asset_id: body.assetId,
      plan_id: body.planId ?? null,
      status: 'planned',
      planned_on: body.plannedOn ?? null,
      started_at: null,
      finished_at: null,
      data_as_of: null,
      restored: null,
      rto_hours_target: null,
      rpo_hours_target: null,
      result: null,
      problems: null,
      performed_by: null,
      notes: clean(body.notes),
      version: 1,
      created_at: now,
      updated_at: now,
      ...performed,
    };
    await repo.insertDrill(trx, row);
    await recordAudit(deps, trx, caller, { facilityId, entityType: 'restore_drill', entityId: id, action: 'create', after: { ...auditView(row), system: asset!.name } });
  });
  return drillDto(deps, deps.db, id);
}

async function lockedDrill(trx: Db, id: string, expectedVersion: number): Promise<repo.DrillJoinedRow> {
  const row = await repo.findDrill(trx, id);
  if (!row) throw new AppError('NOT_FOUND');
  if (row.version !== expectedVersion) throw new AppError('CONFLICT');
  return row;
}

async function applyUpdate(deps: Deps, trx: Db, caller: Caller, row: repo.DrillRow, changes: Partial<repo.DrillRow>, action: string): Promise<void> {
  const { before, after } = diff(row, changes);
  if (Object.keys(after).length === 0 && action === 'update') return;
  if (!(await repo.updateDrill(trx, row.id, row.version, { ...changes, updated_at: deps.clock.now().toISOString() }))) throw new AppError('CONFLICT');
  await recordAudit(deps, trx, caller, { facilityId: row.facility_id, entityType: 'restore_drill', entityId: row.id, action, before, after });
}

/** PATCH: plannedOn only while planned; problems / performedBy only once done; nothing on a cancelled drill but notes. */
export async function updateRestoreDrill(deps: Deps, caller: Caller, id: string, body: RestoreDrillUpdateBody): Promise<RestoreDrillDto> {
  const { id: drillId } = await authorizedDrill(deps, caller, id, 'resilience.write');
  await deps.db.transaction().execute(async (trx) => {
    const row = await lockedDrill(trx, drillId, body.expectedVersion);
    if (body.plannedOn !== undefined && row.status !== 'planned') throw new AppError('INVALID_STATE', 'only a planned drill can be rescheduled');
    if ((body.problems !== undefined || body.performedBy !== undefined) && row.status !== 'done') throw new AppError('INVALID_STATE', 'problems and performer belong to a done drill');
    if (body.planId !== undefined && row.status === 'cancelled') throw new AppError('INVALID_STATE', 'the drill is cancelled');
    const issues: FieldIssue[] = [];
    await checkPlan(trx, row.facility_id, row.asset_id, body.planId, issues);
    if (issues.length > 0) invalid(issues);
    const changes: Partial<repo.DrillRow> = {};
    if (body.plannedOn !== undefined) changes.planned_on = body.plannedOn;
    if (body.planId !== undefined) changes.plan_id = body.planId;
    if (body.notes !== undefined) changes.notes = clean(body.notes);
    if (body.problems !== undefined) changes.problems = clean(body.problems);
    if (body.performedBy !== undefined) changes.performed_by = clean(body.performedBy);
    await applyUpdate(deps, trx, caller, row, changes, 'update');
  });
  return drillDto(deps, deps.db, drillId);
}

/** POST …/record: a planned drill becomes done, with the targets of now and its result. */
export async function recordDrill(deps: Deps, caller: Caller, id: string, body: RestoreDrillRecordBody): Promise<RestoreDrillDto> {
  const { id: drillId } = await authorizedDrill(deps, caller, id, 'resilience.write');
  await deps.db.transaction().execute(async (trx) => {
    const row = await lockedDrill(trx, drillId, body.expectedVersion);
    if (row.status !== 'planned') throw new AppError('INVALID_STATE', 'only a planned drill can be recorded');
    if (row.asset_deleted_at !== null) throw new AppError('INVALID_STATE', 'the system was deleted from the ledger');
    const issues: FieldIssue[] = [];
    await checkPlan(trx, row.facility_id, row.asset_id, body.planId, issues);
    const changes = await performedColumns(deps, trx, row.asset_id, body, '', issues);
    if (issues.length > 0) invalid(issues);
    if (body.planId !== undefined) changes.plan_id = body.planId;
    if (body.notes !== undefined) changes.notes = clean(body.notes);
    await applyUpdate(deps, trx, caller, row, changes, 'record');
  });
  return drillDto(deps, deps.db, drillId);
}

/** POST …/cancel: a planned drill is cancelled (kept for the record). */
export async function cancelDrill(deps: Deps, caller: Caller, id: string, expectedVersion: number): Promise<RestoreDrillDto> {
  const { id: drillId } = await authorizedDrill(deps, caller, id, 'resilience.write');
  await deps.db.transaction().execute(async (trx) => {
    const row = await lockedDrill(trx, drillId, expectedVersion);
    if (row.status !== 'planned') throw new AppError('INVALID_STATE', 'only a planned drill can be cancelled');
    await applyUpdate(deps, trx, caller, row, { status: 'cancelled' }, 'cancel');
  });
  return drillDto(deps, deps.db, drillId);
}

/** DELETE: a planned drill only (done and cancelled ones are history). */
export async function deleteRestoreDrill(deps: Deps, caller: Caller, id: string): Promise<void> {
  const { id: drillId } = await authorizedDrill(deps, caller, id, 'resilience.write');
  await deps.db.transaction().execute(async (trx) => {
    const row = await repo.findDrill(trx, drillId);
    if (!row) throw new AppError('NOT_FOUND');
    if (row.status !== 'planned') throw new AppError('INVALID_STATE', 'only a planned drill can be deleted');
    if (!(await repo.deleteDrill(trx, row.id, row.version))) throw new AppError('CONFLICT');
    await recordAudit(deps, trx, caller, { facilityId: row.facility_id, entityType: 'restore_drill', entityId: row.id, action: 'delete', before: { ...auditView(row), system: row.asset_name } });
  });
}

/** POST …/actions: a follow-up of the drill becomes an action (source type drill) of its facility. */
export async function addDrillAction(deps: Deps, caller: Caller, id: string, body: DrillActionCreateBody): Promise<RestoreDrillDto> {
  const row = await authorizedDrill(deps, caller, id, 'resilience.write');
  const label = `復旧訓練 ${row.asset_name} ${row.finished_at ? jstDateKey(new Date(row.finished_at)) : (row.planned_on ?? '')}`.trim();
  await deps.db.transaction().execute((trx) =>
    createActionInTrx(deps, trx, caller, row.facility_id, {
      title: body.title,
      ownerUserId: body.ownerUserId ?? null,
      dueOn: body.dueOn ?? null,
      source: { type: 'drill', id: row.id, label: label.slice(0, 300) },
    }),
  );
  return drillDto(deps, deps.db, row.id);
}
