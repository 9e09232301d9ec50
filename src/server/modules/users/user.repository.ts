import type { Db } from '../../db/database.ts';
import { containsInsensitive, type DialectName } from '../../db/dialect.ts';
import type { UserRolesTable, UsersTable } from '../../db/schema.ts';

export type UserRow = UsersTable;
export type RoleRow = UserRolesTable;

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

export async function countUsers(db: Db): Promise<number> {
  const r = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function countActiveAdmins(db: Db): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('is_admin', '=', 1)
    .where('disabled', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertUser(db: Db, row: UserRow): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function updateUser(db: Db, id: string, patch: Partial<Omit<UserRow, 'id' | 'created_at'>>): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

/** Adds one to the failed-login counter and returns the new value (atomic). */
export async function incrementFailedLogins(db: Db, id: string): Promise<number> {
  await db.updateTable('users').set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) })).where('id', '=', id).execute();
  const r = await db.selectFrom('users').select('failed_logins').where('id', '=', id).executeTakeFirstOrThrow();
  return Number(r.failed_logins);
}

export async function rolesOfUsers(db: Db, userIds: string[]): Promise<RoleRow[]> {
  if (userIds.length === 0) return [];
  return db.selectFrom('user_roles').selectAll().where('user_id', 'in', userIds).orderBy('created_at').execute();
}

/**
 * Of `userIds`, the users who hold `role` in the facility (a direct grant there), with email and display name,
 * in email order. Other modules use it to link users to their records (e.g. vendor users).
 */
export async function usersWithFacilityRole(db: Db, facilityId: string, role: string, userIds: readonly string[]): Promise<{ id: string; email: string; displayName: string }[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select(['users.id', 'users.email', 'users.display_name'])
    .distinct()
    .where('user_roles.facility_id', '=', facilityId)
    .where('user_roles.role', '=', role)
    .where('users.id', 'in', [...userIds])
    .orderBy('users.email')
    .execute();
  return rows.map((r) => ({ id: r.id, email: r.email, displayName: r.display_name }));
}

export async function findRole(db: Db, id: string): Promise<RoleRow | undefined> {
  return db.selectFrom('user_roles').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertRole(db: Db, row: RoleRow): Promise<void> {
  await db.insertInto('user_roles').values(row).execute();
}

export async function deleteRole(db: Db, id: string): Promise<void> {
  await db.deleteFrom('user_roles').where('id', '=', id).execute();
}

export interface UserListFilter {
  /** `null` = every user (admin); otherwise users holding a role in one of these facilities. */
  facilityIds: string[] | null;
  facilityId?: string | undefined;
  q?: string | undefined;
}

function filtered(dialect: DialectName, db: Db, f: UserListFilter) {
  let q = db.selectFrom('users');
  const scope = f.facilityId ? [f.facilityId] : f.facilityIds;
  if (scope !== null) {
    if (scope.length === 0) return q.where((eb) => eb.val(1), '=', 0);
    q = q.where('id', 'in', db.selectFrom('user_roles').select('user_id').where('facility_id', 'in', scope));
  }
  if (f.q) {
    const needle = f.q;
    q = q.where((eb) => eb.or([containsInsensitive(dialect, 'email', needle), containsInsensitive(dialect, 'display_name', needle)]));
  }
  return q;
}

export async function countUserList(dialect: DialectName, db: Db, f: UserListFilter): Promise<number> {
  const r = await filtered(dialect, db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The columns a user list shows (never the password hash or the MFA secret); fewer columns also read faster. */
const LIST_COLUMNS = ['id', 'email', 'display_name', 'locale', 'is_admin', 'disabled', 'mfa_enabled', 'locked_until', 'must_change_password', 'last_login_at', 'created_at'] as const;
export type UserListRow = Pick<UserRow, (typeof LIST_COLUMNS)[number]>;

export async function listUsers(dialect: DialectName, db: Db, f: UserListFilter, limit: number, offset: number): Promise<UserListRow[]> {
  return filtered(dialect, db, f).select(LIST_COLUMNS).orderBy('email').limit(limit).offset(offset).execute();
}

export async function recentPasswordHashes(db: Db, userId: string, n: number): Promise<string[]> {
  const rows = await db.selectFrom('password_history').select('password_hash').where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(n).execute();
  return rows.map((r) => r.password_hash);
}

export async function insertPasswordHistory(db: Db, row: { id: string; user_id: string; password_hash: string; created_at: string }): Promise<void> {
  await db.insertInto('password_history').values(row).execute();
}

/** Keeps only the newest `keep` history rows of a user. */
export async function prunePasswordHistory(db: Db, userId: string, keep: number): Promise<void> {
  const keepIds = await db.selectFrom('password_history').select('id').where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(keep).execute();
  if (keepIds.length === 0) return;
  await db.deleteFrom('password_history').where('user_id', '=', userId).where('id', 'not in', keepIds.map((r) => r.id)).execute();
}

/** Ends every session and revokes every API token of a user (after a password reset or disabling). */
export async function revokeCredentialsOfUser(db: Db, userId: string, now: string, options: { keepSessionId?: string } = {}): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (options.keepSessionId) q = q.where('id', '!=', options.keepSessionId);
  await q.execute();
  await db.updateTable('api_tokens').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
}

export async function deleteRecoveryCodes(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
}

/**
 * Records the TOTP step just accepted, only if it is later than the last one; false when another
 * request already used this step (or a later one), so a code cannot be replayed even concurrently.
 */
export async function recordMfaStep(db: Db, id: string, step: number): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ mfa_last_step: step })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('mfa_last_step', 'is', null), eb('mfa_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
