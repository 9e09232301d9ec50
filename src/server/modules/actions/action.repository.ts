import { sql, type SelectQueryBuilder } from 'kysely';
import type { ActionSourceType, ActionStatus } from '../../../shared/assessments/types.ts';
import type { Db } from '../../db/database.ts';
import { containsInsensitive, type DialectName } from '../../db/dialect.ts';
import type { ActionsTable, Database } from '../../db/schema.ts';

/** All SQL of the actions module (対応アクション). Every query is scoped by facility_id, except the lookup by id. */

export type ActionRow = ActionsTable;

/** An action with its owner's display name. */
export interface Action {
  id: string;
  facilityId: string;
  title: string;
  description: string | null;
  ownerUserId: string | null;
  ownerName: string | null;
  dueOn: string | null;
  status: ActionStatus;
  sourceType: ActionSourceType;
  sourceId: string | null;
  sourceRef: string | null;
  sourceLabel: string | null;
  completedAt: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Statuses in which an action still needs work (and can be overdue). */
export const ACTIVE_STATUSES: readonly ActionStatus[] = ['open', 'in_progress'];

type Joined = ActionRow & { owner_name: string | null };

function toAction(r: Joined): Action {
  return {
    id: r.id,
    facilityId: r.facility_id,
    title: r.title,
    description: r.description,
    ownerUserId: r.owner_user_id,
    ownerName: r.owner_user_id === null ? null : r.owner_name,
    dueOn: r.due_on,
    status: r.status as ActionStatus,
    sourceType: r.source_type as ActionSourceType,
    sourceId: r.source_id,
    sourceRef: r.source_ref,
    sourceLabel: r.source_label,
    completedAt: r.completed_at,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function base(db: Db) {
  return db.selectFrom('actions').leftJoin('users', 'users.id', 'actions.owner_user_id').selectAll('actions').select('users.display_name as owner_name');
}

/** Any action by id (the caller then authorizes on its facility). */
export async function findActionById(db: Db, id: string): Promise<Action | null> {
  const r = await base(db).where('actions.id', '=', id).executeTakeFirst();
  return r ? toAction(r) : null;
}

export async function findAction(db: Db, facilityId: string, id: string): Promise<Action | null> {
  const r = await base(db).where('actions.facility_id', '=', facilityId).where('actions.id', '=', id).executeTakeFirst();
  return r ? toAction(r) : null;
}

export interface ActionFilter {
  facilityId: string;
  /** A status, or `active` (open and in progress). */
  status?: ActionStatus | 'active' | undefined;
  sourceType?: ActionSourceType | undefined;
  sourceId?: string | undefined;
  ownerUserId?: string | undefined;
  q?: string | undefined;
}

function filtered<O>(dialect: DialectName, q: SelectQueryBuilder<Database, 'actions' | 'users', O>, f: ActionFilter) {
  let out = q.where('actions.facility_id', '=', f.facilityId);
  if (f.status === 'active') out = out.where('actions.status', 'in', [...ACTIVE_STATUSES]);
  else if (f.status) out = out.where('actions.status', '=', f.status);
  if (f.sourceType) out = out.where('actions.source_type', '=', f.sourceType);
  if (f.sourceId) out = out.where('actions.source_id', '=', f.sourceId);
  if (f.ownerUserId) out = out.where('actions.owner_user_id', '=', f.ownerUserId);
  if (f.q) out = out.where(containsInsensitive(dialect, 'actions.title', f.q));
  return out;
}

export async function countActions(dialect: DialectName, db: Db, f: ActionFilter): Promise<number> {
  const q = db.selectFrom('actions').leftJoin('users', 'users.id', 'actions.owner_user_id').select((eb) => eb.fn.countAll<string | number>().as('n'));
  const r = await filtered(dialect, q, f).executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * One page: overdue first (due before `today` and still active), then by due date (none last), then by
 * creation (id breaks ties, UUIDv7 is time-ordered).
 */
export async function listActions(dialect: DialectName, db: Db, f: ActionFilter, today: string, page: { limit: number; offset: number }): Promise<Action[]> {
  const overdue = sql<number>`case when actions.status in ('open', 'in_progress') and actions.due_on is not null and actions.due_on < ${today} then 0 else 1 end`;
  const noDue = sql<number>`case when actions.due_on is null then 1 else 0 end`;
  const rows = await filtered(dialect, base(db), f)
    .orderBy(overdue)
    .orderBy(noDue)
    .orderBy('actions.due_on')
    .orderBy('actions.created_at')
    .orderBy('actions.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map(toAction);
}

/** The actions of one source (an assessment, a finding, an incident …), oldest first. */
export async function actionsOfSource(db: Db, facilityId: string, sourceType: ActionSourceType, sourceId: string): Promise<Action[]> {
  const rows = await base(db)
    .where('actions.facility_id', '=', facilityId)
    .where('actions.source_type', '=', sourceType)
    .where('actions.source_id', '=', sourceId)
    .orderBy('actions.created_at')
    .orderBy('actions.id')
    .execute();
  return rows.map(toAction);
}

export async function insertAction(db: Db, row: ActionRow): Promise<void> {
  await db.insertInto('actions').values(row).execute();
}

export async function updateAction(db: Db, facilityId: string, id: string, changes: Partial<ActionRow>): Promise<void> {
  await db.updateTable('actions').set(changes).where('facility_id', '=', facilityId).where('id', '=', id).execute();
}

/**
 * Whether the user exists, is enabled and holds a role of the hospital's own staff in the facility (an action's
 * owner must). A vendor user never owns one: actions are the hospital's, and the owner is notified of the title.
 */
export async function isFacilityMember(db: Db, facilityId: string, userId: string): Promise<boolean> {
  const r = await db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select('users.id')
    .where('user_roles.facility_id', '=', facilityId)
    .where('user_roles.role', '!=', 'vendor')
    .where('users.id', '=', userId)
    .where('users.disabled', '=', 0)
    .executeTakeFirst();
  return r !== undefined;
}

/** Whether a source record exists in the facility (only the source types whose table exists). */
export async function sourceExists(db: Db, facilityId: string, type: 'assessment_item' | 'finding', id: string): Promise<boolean> {
  const r =
    type === 'assessment_item'
      ? await db.selectFrom('assessments').select('id').where('facility_id', '=', facilityId).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst()
      : await db.selectFrom('vuln_findings').select('id').where('facility_id', '=', facilityId).where('id', '=', id).executeTakeFirst();
  return r !== undefined;
}
