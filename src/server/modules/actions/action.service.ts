import { AppError, type FieldIssue } from '../../../shared/errors.ts';
import { can, PERMISSIONS, reachesFacility, type Actor, type FacilityPermission } from '../../../shared/policy.ts';
import type { ActionSourceType, ActionStatus } from '../../../shared/assessments/types.ts';
import type { ActionCreate, ActionUpdate } from '../../../shared/contracts/actions.contract.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import { newId } from '../../lib/ids.ts';
import { failValidation as invalid } from '../../lib/validation.ts';
import { findFacilityById } from '../facilities/index.ts';
import { clean, ledgerToday } from '../ledger/index.ts';
import { notifyUsers } from '../notifications/index.ts';
import * as repo from './action.repository.ts';

export type { Action } from './action.repository.ts';

/**
 * 対応アクション: a gap of an assessment, a lesson of an incident or drill, a finding … turned into work with an
 * owner, a due date and a status. A small module shared by every capability that produces work: they create
 * actions inside their own transaction with `createActionInTrx` and read theirs back with `actionsForSource`.
 * People read and change them with action.read / action.write; every write is audited in its transaction and
 * a newly assigned owner is notified in-app.
 */

// --- the status workflow ------------------------------------------------------------------------

/**
 * Allowed status changes: open ↔ in_progress, either of them → done or cancelled, and done / cancelled →
 * open (reopen). Anything else is INVALID_STATE.
 */
export const ACTION_TRANSITIONS: Readonly<Record<ActionStatus, readonly ActionStatus[]>> = {
  open: ['in_progress', 'done', 'cancelled'],
  in_progress: ['open', 'done', 'cancelled'],
  done: ['open'],
  cancelled: ['open'],
};

export function canMoveAction(from: ActionStatus, to: ActionStatus): boolean {
  return ACTION_TRANSITIONS[from].includes(to);
}

/** Past its due date (JST calendar day) and still open or in progress. */
export function isOverdue(a: Pick<repo.Action, 'status' | 'dueOn'>, today: string): boolean {
  return repo.ACTIVE_STATUSES.includes(a.status) && a.dueOn !== null && a.dueOn < today;
}

/** The in-app path that opens an action's source, where one exists yet. */
export function sourceLink(type: ActionSourceType, id: string | null, ref: string | null): string | null {
  if (id === null) return null;
  switch (type) {
    case 'assessment_item':
      return `/assessments/${encodeURIComponent(id)}${ref ? `?item=${encodeURIComponent(ref)}` : ''}`;
    case 'finding':
      return `/vulns/findings/${encodeURIComponent(id)}`;
    case 'incident':
      return `/incidents/cases/${encodeURIComponent(id)}${ref ? `?tab=${encodeURIComponent(ref)}` : ''}`;
    case 'drill':
      return `/resilience/drills/${encodeURIComponent(id)}`;
    case 'exercise':
      return `/resilience/exercises/${encodeURIComponent(id)}`;
    case 'risk':
    case 'manual':
      return null;
  }
}

// --- views --------------------------------------------------------------------------------------

export interface ActionView extends repo.Action {
  overdue: boolean;
  sourceLink: string | null;
}

function viewOf(a: repo.Action, today: string): ActionView {
  return { ...a, overdue: isOverdue(a, today), sourceLink: sourceLink(a.sourceType, a.sourceId, a.sourceRef) };
}

export interface ActionPage {
  items: ActionView[];
  total: number;
  page: number;
  pageSize: number;
}

/** What other modules read about their actions (an assessment item's actions, …). */
export interface SourceAction {
  id: string;
  title: string;
  status: ActionStatus;
  dueOn: string | null;
  sourceRef: string | null;
  overdue: boolean;
  /** The owner (担当者), when one is set. */
  owner: { id: string; name: string } | null;
}

// --- authorization ------------------------------------------------------------------------------

/**
 * A facility the caller does not reach → NOT_FOUND; reached without the permission → FORBIDDEN (TOKEN_SCOPE when a
 * token lacks the scope). Checked before any lookup of actions.
 */
async function authorize(deps: Deps, caller: Caller, facilityId: string, permission: FacilityPermission): Promise<Actor> {
  const actor = caller.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!reachesFacility(actor, facilityId)) throw new AppError('NOT_FOUND');
  if (!can(actor, permission, facilityId)) {
    const lacksScope = actor.token !== undefined && !actor.token.scopes.includes(PERMISSIONS[permission].scope);
    throw new AppError(lacksScope ? 'TOKEN_SCOPE' : 'FORBIDDEN');
  }
  // Administrators reach every id, including ones that are not facilities.
  if (actor.isAdmin && !(await findFacilityById(deps.db, facilityId))) throw new AppError('NOT_FOUND');
  return actor;
}

/** An action by id: NOT_FOUND unless the caller reaches its facility; then the permission there. */
async function authorizedAction(deps: Deps, caller: Caller, id: string, permission: FacilityPermission): Promise<repo.Action> {
  if (!caller.actor) throw new AppError('UNAUTHENTICATED');
  const found = await repo.findActionById(deps.db, id);
  if (!found || !reachesFacility(caller.actor, found.facilityId)) throw new AppError('NOT_FOUND');
  await authorize(deps, caller, found.facilityId, permission);
  return found;
}

// --- validation and audit -----------------------------------------------------------------------

async function checkOwner(db: Db, facilityId: string, ownerUserId: string | null | undefined, issues: FieldIssue[]): Promise<void> {
  if (!ownerUserId) return;
  if (!(await repo.isFacilityMember(db, facilityId, ownerUserId))) issues.push({ path: 'ownerUserId', message: 'unknown_user' });
}

/** What the audit log keeps of an action (its stored fields). */
function auditView(a: repo.Action) {
  return {
    id: a.id,
    title: a.title,
    description: a.description,
    ownerUserId: a.ownerUserId,
    ownerName: a.ownerName,
    dueOn: a.dueOn,
    status: a.status,
    sourceType: a.sourceType,
    sourceId: a.sourceId,
    sourceRef: a.sourceRef,
    sourceLabel: a.sourceLabel,
    completedAt: a.completedAt,
  };
}

const callerUserId = (caller: Caller) => (caller.actor && caller.actor.userId !== 'cli' ? caller.actor.userId : null);

/** The in-app notice to a newly assigned owner (not when people assign themselves). */
async function notifyOwner(deps: Deps, trx: Db, caller: Caller, a: repo.Action): Promise<void> {
  if (!a.ownerUserId || a.ownerUserId === callerUserId(caller)) return;
  await notifyUsers(deps, trx, {
    facilityId: a.facilityId,
    userIds: [a.ownerUserId],
    kind: 'action.assigned',
    params: { title: a.title, dueOn: a.dueOn, actionId: a.id },
    link: `/actions/${a.id}`,
    // Each assignment once: reassigning the same person later notifies again.
    dedupeKey: `action-assigned:${a.id}:${a.updatedAt}`,
  });
}

// --- writes -------------------------------------------------------------------------------------

/**
 * Validates and inserts an action inside the caller's transaction, without permission checks (assessments,
 * incidents, drills, the demo): the owner must hold a role in the facility; an assessment or finding source
 * must exist in the facility. Audits `action create` and notifies the owner.
 */
export async function createActionInTrx(deps: Deps, trx: Db, caller: Caller, facilityId: string, input: ActionCreate): Promise<ActionView> {
  const issues: FieldIssue[] = [];
  const title = input.title.trim();
  if (!title) issues.push({ path: 'title', message: 'required' });
  await checkOwner(trx, facilityId, input.ownerUserId, issues);
  const source = input.source ?? { type: 'manual' as const };
  if ((source.type === 'assessment_item' || source.type === 'finding') && source.id === undefined) issues.push({ path: 'source.id', message: 'required' });
  if ((source.type === 'assessment_item' || source.type === 'finding') && source.id !== undefined && !(await repo.sourceExists(trx, facilityId, source.type, source.id))) {
    issues.push({ path: 'source.id', message: 'unknown_source' });
  }
  if (issues.length > 0) invalid(issues);
  const now = deps.clock.now().toISOString();
  const id = newId();
  await repo.insertAction(trx, {
    id,
    facility_id: facilityId,
    title,
    description: clean(input.description),
    owner_user_id: input.ownerUserId ?? null,
    due_on: input.dueOn ?? null,
    status: 'open',
    source_type: source.type,
    source_id: source.id ?? null,
    source_ref: clean(source.ref),
    source_label: clean(source.label),
    completed_at: null,
    created_by: caller.label,
    created_at: now,
    updated_at: now,
  });
  const created = (await repo.findAction(trx, facilityId, id))!;
  await recordAudit(deps, trx, caller, { facilityId, entityType: 'action', entityId: id, action: 'create', after: auditView(created) });
  await notifyOwner(deps, trx, caller, created);
  return viewOf(created, ledgerToday(deps));
}

export async function createAction(deps: Deps, caller: Caller, facilityId: string, input: ActionCreate): Promise<ActionView> {
  await authorize(deps, caller, facilityId, 'action.write');
  return deps.db.transaction().execute((trx) => createActionInTrx(deps, trx, caller, facilityId, input));
}

/**
 * Changes an action's fields and status (ACTION_TRANSITIONS). Done sets completedAt, reopening clears it.
 * expectedUpdatedAt that no longer matches → CONFLICT. A new owner is notified.
 */
export async function updateAction(deps: Deps, caller: Caller, id: string, input: ActionUpdate): Promise<ActionView> {
  const found = await authorizedAction(deps, caller, id, 'action.write');
  const facilityId = found.facilityId;
  const updated = await deps.db.transaction().execute(async (trx) => {
    const before = await repo.findAction(trx, facilityId, id);
    if (!before) throw new AppError('NOT_FOUND');
    if (input.expectedUpdatedAt !== undefined && input.expectedUpdatedAt !== before.updatedAt) {
      throw new AppError('CONFLICT', 'the action was changed by someone else', { detail: { updatedAt: before.updatedAt } });
    }
    const issues: FieldIssue[] = [];
    if (input.ownerUserId !== undefined && input.ownerUserId !== before.ownerUserId) await checkOwner(trx, facilityId, input.ownerUserId, issues);
    if (issues.length > 0) invalid(issues);
    const now = deps.clock.now().toISOString();
    const changes: Partial<repo.ActionRow> = {
      ...(input.title !== undefined && input.title.trim() !== before.title && { title: input.title.trim() }),
      ...(input.description !== undefined && clean(input.description) !== before.description && { description: clean(input.description) }),
      ...(input.ownerUserId !== undefined && input.ownerUserId !== before.ownerUserId && { owner_user_id: input.ownerUserId }),
      ...(input.dueOn !== undefined && input.dueOn !== before.dueOn && { due_on: input.dueOn }),
    };
    if (input.status !== undefined && input.status !== before.status) {
      if (!canMoveAction(before.status, input.status)) {
        throw new AppError('INVALID_STATE', `cannot move an action from ${before.status} to ${input.status}`, { detail: { status: before.status, to: input.status } });
      }
      changes.status = input.status;
      changes.completed_at = input.status === 'done' ? now : null;
    }
    if (Object.keys(changes).length === 0) return before;
    await repo.updateAction(trx, facilityId, id, { ...changes, updated_at: now });
    const after = (await repo.findAction(trx, facilityId, id))!;
    await recordAudit(deps, trx, caller, { facilityId, entityType: 'action', entityId: id, action: 'update', before: auditView(before), after: auditView(after) });
    if (changes.owner_user_id !== undefined) await notifyOwner(deps, trx, caller, after);
    return after;
  });
  return viewOf(updated, ledgerToday(deps));
}

// --- reads --------------------------------------------------------------------------------------

export interface ActionListQuery {
  status?: ActionStatus | 'active' | undefined;
  sourceType?: ActionSourceType | undefined;
  sourceId?: string | undefined;
  ownerUserId?: string | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

export async function listActions(deps: Deps, caller: Caller, facilityId: string, query: ActionListQuery): Promise<ActionPage> {
  await authorize(deps, caller, facilityId, 'action.read');
  const today = ledgerToday(deps);
  const filter: repo.ActionFilter = {
    facilityId,
    status: query.status,
    sourceType: query.sourceType,
    sourceId: query.sourceId,
    ownerUserId: query.ownerUserId,
    q: query.q?.trim() || undefined,
  };
  const [total, rows] = await Promise.all([
    repo.countActions(deps.dialect, deps.db, filter),
    repo.listActions(deps.dialect, deps.db, filter, today, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize }),
  ]);
  return { items: rows.map((a) => viewOf(a, today)), total, page: query.page, pageSize: query.pageSize };
}

export async function getAction(deps: Deps, caller: Caller, id: string): Promise<ActionView> {
  const found = await authorizedAction(deps, caller, id, 'action.read');
  return viewOf(found, ledgerToday(deps));
}

/**
 * The actions of one source (unchecked: for trusted callers that authorized the source already), oldest first.
 * `db` lets a caller read inside its transaction.
 */
export async function actionsForSource(deps: Deps, facilityId: string, sourceType: ActionSourceType, sourceId: string, db: Db = deps.db): Promise<SourceAction[]> {
  const today = ledgerToday(deps);
  const rows = await repo.actionsOfSource(db, facilityId, sourceType, sourceId);
  return rows.map((a) => ({
    id: a.id,
    title: a.title,
    status: a.status,
    dueOn: a.dueOn,
    sourceRef: a.sourceRef,
    overdue: isOverdue(a, today),
    owner: a.ownerUserId && a.ownerName !== null ? { id: a.ownerUserId, name: a.ownerName } : null,
  }));
}
