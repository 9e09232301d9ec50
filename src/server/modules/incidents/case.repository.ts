import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { anyContainsInsensitive, type DialectName } from '../../db/dialect.ts';
import type { IncidentCasesTable, IncidentTasksTable, IncidentTeamMembersTable } from '../../db/schema.ts';

/** Incident cases: every query of `incident_cases`, and of a case's tasks (`incident_tasks`) and team (`incident_team_members`). */

export type CaseRow = Selectable<IncidentCasesTable>;
export type NewCaseRow = Insertable<IncidentCasesTable>;

export async function findCaseRow(db: Db, id: string): Promise<CaseRow | undefined> {
  return db.selectFrom('incident_cases').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Takes the facility's row lock for numbering (a no-op update: PostgreSQL holds the lock until commit, SQLite
 * serializes writers anyway), so two cases opened at the same instant get consecutive numbers instead of one failing.
 */
export async function lockFacilityForCaseNumbers(db: Db, facilityId: string): Promise<void> {
  await db
    .updateTable('facilities')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', facilityId)
    .execute();
}

/** The next case number of the facility (1, 2, …); call after lockFacilityForCaseNumbers, in the inserting transaction. */
export async function nextCaseSeq(db: Db, facilityId: string): Promise<number> {
  const row = await db.selectFrom('incident_cases').select((eb) => eb.fn.max('seq').as('max')).where('facility_id', '=', facilityId).executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

export async function insertCaseRow(db: Db, row: NewCaseRow): Promise<void> {
  await db.insertInto('incident_cases').values(row).execute();
}

// ── Cases: changes and the list ────────────────────────────────────────────────────────────────────────────────────

export type CaseChanges = Partial<Omit<NewCaseRow, 'id' | 'facility_id' | 'seq' | 'created_by' | 'created_at'>>;

export async function updateCaseRow(db: Db, id: string, changes: CaseChanges): Promise<void> {
  await db.updateTable('incident_cases').set(changes).where('id', '=', id).execute();
}

export interface CaseListFilter {
  facilityId: string;
  status?: 'open' | 'closed';
  phase?: string;
  category?: string;
  severity?: string;
  /** Matched in title and description; `seq` also matches the case number. */
  q?: string;
  seq?: number;
}

export interface CaseListRow extends CaseRow {
  open_tasks: number;
  total_tasks: number;
}

function filtered(dialect: DialectName, db: Db, f: CaseListFilter) {
  let q = db.selectFrom('incident_cases').where('incident_cases.facility_id', '=', f.facilityId);
  if (f.status) q = q.where('incident_cases.status', '=', f.status);
  if (f.phase) q = q.where('incident_cases.phase', '=', f.phase);
  if (f.category) q = q.where('incident_cases.category', '=', f.category);
  if (f.severity) q = q.where('incident_cases.severity', '=', f.severity);
  if (f.q) {
    const needle = f.q;
    const seq = f.seq;
    q = q.where((eb) => {
      const text = anyContainsInsensitive(dialect, ['incident_cases.title', 'incident_cases.description'], needle);
      return seq === undefined ? eb.and([text]) : eb.or([text, eb('incident_cases.seq', '=', seq)]);
    });
  }
  return q;
}

export async function countCases(dialect: DialectName, db: Db, f: CaseListFilter): Promise<number> {
  const row = await filtered(dialect, db, f)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Newest discovery first (ties: the higher number first). */
export async function listCaseRows(dialect: DialectName, db: Db, f: CaseListFilter, page: { limit: number; offset: number }): Promise<CaseListRow[]> {
  const rows = await filtered(dialect, db, f)
    .selectAll('incident_cases')
    .select((eb) => [
      eb
        .selectFrom('incident_tasks')
        .select((e2) => e2.fn.countAll<string | number>().as('n'))
        .whereRef('incident_tasks.case_id', '=', 'incident_cases.id')
        .where('incident_tasks.done_at', 'is', null)
        .as('open_tasks'),
      eb
        .selectFrom('incident_tasks')
        .select((e2) => e2.fn.countAll<string | number>().as('n'))
        .whereRef('incident_tasks.case_id', '=', 'incident_cases.id')
        .as('total_tasks'),
    ])
    .orderBy('incident_cases.discovered_at', 'desc')
    .orderBy('incident_cases.seq', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq), open_tasks: Number(r.open_tasks ?? 0), total_tasks: Number(r.total_tasks ?? 0) }));
}

/** Ids of the one-minute reports that fed a case (opened or merged into it), oldest first. */
export async function reportIdsOfCase(db: Db, caseId: string): Promise<string[]> {
  const rows = await db.selectFrom('incident_reports').select('id').where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => r.id);
}

// ── People ────────────────────────────────────────────────────────────────────────────────────────────────────────

export interface UserRef {
  id: string;
  name: string;
}

/** A live (not disabled) user holding a role other than vendor in the facility. */
export async function findFacilityMember(db: Db, facilityId: string, userId: string): Promise<UserRef | undefined> {
  const r = await db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select(['users.id', 'users.display_name'])
    .where('user_roles.facility_id', '=', facilityId)
    .where('user_roles.role', '!=', 'vendor')
    .where('users.id', '=', userId)
    .where('users.disabled', '=', 0)
    .executeTakeFirst();
  return r ? { id: r.id, name: r.display_name } : undefined;
}

export async function findUserRef(db: Db, userId: string): Promise<UserRef | undefined> {
  const r = await db.selectFrom('users').select(['id', 'display_name']).where('id', '=', userId).executeTakeFirst();
  return r ? { id: r.id, name: r.display_name } : undefined;
}

// ── Tasks (incident_tasks) ────────────────────────────────────────────────────────────────────────────────────────

export type TaskRow = Selectable<IncidentTasksTable>;
export type NewTaskRow = Insertable<IncidentTasksTable>;
export type TaskChanges = Partial<Omit<NewTaskRow, 'id' | 'case_id' | 'created_at'>>;

export interface TaskWithNames extends TaskRow {
  owner_name: string | null;
  done_by_name: string | null;
}

function tasksQuery(db: Db) {
  return db
    .selectFrom('incident_tasks')
    .leftJoin('users as owner', 'owner.id', 'incident_tasks.owner_user_id')
    .leftJoin('users as doer', 'doer.id', 'incident_tasks.done_by')
    .selectAll('incident_tasks')
    .select(['owner.display_name as owner_name', 'doer.display_name as done_by_name']);
}

const taskOf = (r: TaskWithNames): TaskWithNames => ({ ...r, position: Number(r.position) });

/** A case's tasks, by phase order as stored and position. */
export async function listTasks(db: Db, caseId: string): Promise<TaskWithNames[]> {
  const rows = await tasksQuery(db).where('incident_tasks.case_id', '=', caseId).orderBy('incident_tasks.phase').orderBy('incident_tasks.position').orderBy('incident_tasks.id').execute();
  return rows.map(taskOf);
}

export async function findTask(db: Db, id: string): Promise<TaskWithNames | undefined> {
  const r = await tasksQuery(db).where('incident_tasks.id', '=', id).executeTakeFirst();
  return r ? taskOf(r) : undefined;
}

export async function insertTasks(db: Db, rows: readonly NewTaskRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('incident_tasks').values([...rows]).execute();
}

/** The next position at the end of a phase. */
export async function nextTaskPosition(db: Db, caseId: string, phase: string): Promise<number> {
  const row = await db.selectFrom('incident_tasks').select((eb) => eb.fn.max('position').as('max')).where('case_id', '=', caseId).where('phase', '=', phase).executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

export async function updateTask(db: Db, id: string, changes: TaskChanges): Promise<void> {
  await db.updateTable('incident_tasks').set(changes).where('id', '=', id).execute();
}

/** Deletes a task and closes up the positions after it in its phase. */
export async function deleteTask(db: Db, task: Pick<TaskRow, 'id' | 'case_id' | 'phase' | 'position'>): Promise<void> {
  await db.deleteFrom('incident_tasks').where('id', '=', task.id).execute();
  await db
    .updateTable('incident_tasks')
    .set((eb) => ({ position: eb('position', '-', 1) }))
    .where('case_id', '=', task.case_id)
    .where('phase', '=', task.phase)
    .where('position', '>', task.position)
    .execute();
}

// ── 対策本部 (incident_team_members) ──────────────────────────────────────────────────────────────────────────────

export type TeamMemberRow = Selectable<IncidentTeamMembersTable>;
export type NewTeamMemberRow = Insertable<IncidentTeamMembersTable>;

export interface TeamMemberWithUser extends TeamMemberRow {
  user_name: string | null;
}

function teamQuery(db: Db) {
  return db.selectFrom('incident_team_members').leftJoin('users', 'users.id', 'incident_team_members.user_id').selectAll('incident_team_members').select('users.display_name as user_name');
}

/** The team in the order members were added. */
export async function listTeam(db: Db, caseId: string): Promise<TeamMemberWithUser[]> {
  return teamQuery(db).where('incident_team_members.case_id', '=', caseId).orderBy('incident_team_members.created_at').orderBy('incident_team_members.id').execute();
}

export async function findTeamMember(db: Db, id: string): Promise<TeamMemberWithUser | undefined> {
  return teamQuery(db).where('incident_team_members.id', '=', id).executeTakeFirst();
}

export async function insertTeamMember(db: Db, row: NewTeamMemberRow): Promise<void> {
  await db.insertInto('incident_team_members').values(row).execute();
}

export async function deleteTeamMember(db: Db, id: string): Promise<void> {
  await db.deleteFrom('incident_team_members').where('id', '=', id).execute();
}
