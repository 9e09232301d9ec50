import { AppError } from '../../../shared/errors.ts';
import { checkPassword, PASSWORD_HISTORY } from '../../../shared/password.ts';
import { can, canManageUser, facilitiesWith, isDeploymentAdmin, type Actor, type TokenScope } from '../../../shared/policy.ts';
import { FACILITY_ROLES, MFA_REQUIRED_ROLES, type FacilityRole } from '../../../shared/roles.ts';
import type { TRoleGrantCreate, TUser, TUserCreate, TUserListQuery, TUserUpdate } from '../../../shared/contracts/users.contract.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import { newId } from '../../lib/ids.ts';
import { hashPassword, verifyPassword } from '../../lib/passwords.ts';
import { facilityIdsInGroups, findFacilityById, findGroupById } from '../facilities/index.ts';
import * as repo from './user.repository.ts';

export type { UserRow } from './user.repository.ts';

function requireActor(caller: Caller): Actor {
  if (!caller.actor) throw new AppError('UNAUTHENTICATED');
  return caller.actor;
}

/** Builds the authorization subject of a user (roles and group reach), optionally as seen through a token. */
export async function loadActor(db: Db, user: repo.UserRow, token?: { id: string; scopes: TokenScope[]; facilityId: string | null }): Promise<Actor> {
  const roles = await repo.rolesOfUsers(db, [user.id]);
  const groupIds = roles.filter((r) => r.role === 'group_admin' && r.group_id).map((r) => r.group_id!);
  return {
    userId: user.id,
    email: user.email,
    isAdmin: user.is_admin === 1,
    grants: roles.filter((r) => r.facility_id && r.role !== 'group_admin').map((r) => ({ facilityId: r.facility_id!, role: r.role as FacilityRole })),
    groupAdminGroupIds: groupIds,
    groupAdminFacilityIds: await facilityIdsInGroups(db, groupIds),
    ...(token && { token }),
  };
}

/** Whether TOTP is mandatory for this user (admin, executive, security manager, group admin). */
export async function isMfaRequired(db: Db, user: repo.UserRow): Promise<boolean> {
  if (user.is_admin === 1) return true;
  const roles = await repo.rolesOfUsers(db, [user.id]);
  return roles.some((r) => MFA_REQUIRED_ROLES.includes(r.role as FacilityRole));
}

export function isLocked(user: Pick<repo.UserRow, 'locked_until'>, now: Date): boolean {
  return user.locked_until !== null && new Date(user.locked_until).getTime() > now.getTime();
}

function present(user: repo.UserListRow, roles: repo.RoleRow[], now: Date): TUser {
  return {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    locale: user.locale === 'en' ? 'en' : 'ja',
    isAdmin: user.is_admin === 1,
    disabled: user.disabled === 1,
    mfaEnabled: user.mfa_enabled === 1,
    locked: isLocked(user, now),
    mustChangePassword: user.must_change_password === 1,
    lastLoginAt: user.last_login_at,
    createdAt: user.created_at,
    roles: roles
      .filter((r) => r.user_id === user.id)
      .map((r) => ({ id: r.id, role: r.role as TUser['roles'][number]['role'], facilityId: r.facility_id, groupId: r.group_id })),
  };
}

async function presentOne(deps: Deps, db: Db, userId: string): Promise<TUser> {
  const user = await repo.findUserById(db, userId);
  if (!user) throw new AppError('NOT_FOUND');
  return present(user, await repo.rolesOfUsers(db, [userId]), deps.clock.now());
}

/** Throws WEAK_PASSWORD with the rule that failed. */
export function assertPasswordAcceptable(password: string, email: string, path = 'password'): void {
  const problems = checkPassword(password, email);
  if (problems.length > 0) throw new AppError('WEAK_PASSWORD', problems.join(','), { issues: problems.map((p) => ({ path, message: p })) });
}

/** Stores a new password hash after the rules and the reuse check; records history. */
export async function setPasswordTx(deps: Deps, trx: Db, user: repo.UserRow, password: string, options: { mustChange: boolean }): Promise<void> {
  assertPasswordAcceptable(password, user.email, 'newPassword');
  const recent = [user.password_hash, ...(await repo.recentPasswordHashes(trx, user.id, PASSWORD_HISTORY))];
  for (const old of recent) {
    if (await verifyPassword(old, password)) throw new AppError('PASSWORD_REUSED', undefined, { issues: [{ path: 'newPassword', message: 'reused' }] });
  }
  const now = deps.clock.now().toISOString();
  const hashed = await hashPassword(password);
  await repo.updateUser(trx, user.id, { password_hash: hashed, password_changed_at: now, must_change_password: options.mustChange ? 1 : 0, updated_at: now });
  await repo.insertPasswordHistory(trx, { id: newId(), user_id: user.id, password_hash: hashed, created_at: now });
  await repo.prunePasswordHistory(trx, user.id, PASSWORD_HISTORY);
}

/** Creates a user inside a transaction, without permission checks (setup, CLI, demo, createUser). */
export async function insertUserTx(
  deps: Deps,
  trx: Db,
  caller: Caller,
  input: { email: string; displayName: string; password: string; locale: 'ja' | 'en'; isAdmin: boolean; roles: { role: FacilityRole; facilityId: string }[]; groupAdminOf?: string[]; mustChangePassword?: boolean },
): Promise<TUser> {
  const email = input.email.trim().toLowerCase();
  assertPasswordAcceptable(input.password, email);
  if (await repo.findUserByEmail(trx, email)) throw new AppError('CONFLICT', `user ${email} exists`, { issues: [{ path: 'email', message: email }] });
  for (const [i, r] of input.roles.entries()) {
    if (!(await findFacilityById(trx, r.facilityId))) throw new AppError('VALIDATION_FAILED', 'unknown facility', { issues: [{ path: `roles.${i}.facilityId`, message: r.facilityId }] });
  }
  const now = deps.clock.now().toISOString();
  const id = newId();
  const hashed = await hashPassword(input.password);
  await repo.insertUser(trx, {
    id,
    email,
    display_name: input.displayName,
    password_hash: hashed,
    password_changed_at: now,
    must_change_password: input.mustChangePassword ? 1 : 0,
    locale: input.locale,
    is_admin: input.isAdmin ? 1 : 0,
    disabled: 0,
    mfa_secret_enc: null,
    mfa_enabled: 0,
    mfa_last_step: null,
    failed_logins: 0,
    locked_until: null,
    last_login_at: null,
    created_at: now,
    updated_at: now,
  });
  await repo.insertPasswordHistory(trx, { id: newId(), user_id: id, password_hash: hashed, created_at: now });
  const seen = new Set<string>();
  for (const r of input.roles) {
    const key = `${r.role}:${r.facilityId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    await repo.insertRole(trx, { id: newId(), user_id: id, role: r.role, facility_id: r.facilityId, group_id: null, created_at: now });
  }
  for (const groupId of new Set(input.groupAdminOf ?? [])) {
    await repo.insertRole(trx, { id: newId(), user_id: id, role: 'group_admin', facility_id: null, group_id: groupId, created_at: now });
  }
  const created = await presentOne(deps, trx, id);
  await recordAudit(deps, trx, caller, { facilityId: input.roles[0]?.facilityId ?? null, entityType: 'user', entityId: id, action: 'create', after: created });
  return created;
}

export async function createUser(deps: Deps, caller: Caller, input: TUserCreate): Promise<TUser> {
  const actor = requireActor(caller);
  const denied = actor.token && !actor.token.scopes.includes('users:write') ? 'TOKEN_SCOPE' : 'FORBIDDEN';
  if (input.isAdmin && !isDeploymentAdmin(actor)) throw new AppError(actor.isAdmin ? 'TOKEN_SCOPE' : 'FORBIDDEN');
  if (!actor.isAdmin && input.roles.length === 0) throw new AppError('VALIDATION_FAILED', 'roles', { issues: [{ path: 'roles', message: 'required' }] });
  for (const r of input.roles) if (!can(actor, 'user.manage', r.facilityId)) throw new AppError(denied);
  if (actor.isAdmin && actor.token && !actor.token.scopes.includes('users:write')) throw new AppError('TOKEN_SCOPE');
  // Someone else chose this password, so the user must replace it at first login (as after a reset).
  return deps.db.transaction().execute((trx) => insertUserTx(deps, trx, caller, { ...input, mustChangePassword: true }));
}

export async function listUsers(deps: Deps, caller: Caller, query: TUserListQuery): Promise<{ items: TUser[]; total: number; page: number; pageSize: number }> {
  const actor = requireActor(caller);
  const allowed = facilitiesWith(actor, 'user.read');
  if (allowed !== null && allowed.length === 0) throw new AppError(actor.token ? 'TOKEN_SCOPE' : 'FORBIDDEN');
  if (query.facilityId && allowed !== null && !allowed.includes(query.facilityId)) throw new AppError('FORBIDDEN');
  const filter = { facilityIds: allowed, facilityId: query.facilityId, q: query.q };
  const [total, rows] = await Promise.all([
    repo.countUserList(deps.dialect, deps.db, filter),
    repo.listUsers(deps.dialect, deps.db, filter, query.pageSize, (query.page - 1) * query.pageSize),
  ]);
  // Grouped once, so a page of 500 users does not scan every role row for every user.
  const rolesByUser = new Map<string, repo.RoleRow[]>();
  for (const r of await repo.rolesOfUsers(deps.db, rows.map((u) => u.id))) {
    const list = rolesByUser.get(r.user_id);
    if (list) list.push(r);
    else rolesByUser.set(r.user_id, [r]);
  }
  const now = deps.clock.now();
  return { items: rows.map((u) => present(u, rolesByUser.get(u.id) ?? [], now)), total, page: query.page, pageSize: query.pageSize };
}

/** Loads a user the caller may read: admins any; others only users sharing a facility they may read users in. */
async function loadReadable(deps: Deps, db: Db, actor: Actor, id: string): Promise<{ user: repo.UserRow; roles: repo.RoleRow[] }> {
  const user = await repo.findUserById(db, id);
  if (!user) throw new AppError('NOT_FOUND');
  const roles = await repo.rolesOfUsers(db, [id]);
  if (actor.userId === id && !actor.token) return { user, roles };
  const allowed = facilitiesWith(actor, 'user.read');
  if (allowed === null) return { user, roles };
  if (!roles.some((r) => r.facility_id && allowed.includes(r.facility_id))) throw new AppError('NOT_FOUND');
  return { user, roles };
}

/** Changing roles is a users:write action for a token, whichever branch (facility role or group_admin) applies below. */
function requireUsersWriteScope(actor: Actor): void {
  if (actor.token && !actor.token.scopes.includes('users:write')) throw new AppError('TOKEN_SCOPE');
}

function targetOf(user: repo.UserRow, roles: repo.RoleRow[]) {
  return {
    isAdmin: user.is_admin === 1,
    isGroupAdmin: roles.some((r) => r.role === 'group_admin'),
    facilityIds: [...new Set(roles.filter((r) => r.facility_id).map((r) => r.facility_id!))],
  };
}

async function loadManageable(deps: Deps, db: Db, actor: Actor, id: string): Promise<{ user: repo.UserRow; roles: repo.RoleRow[] }> {
  const loaded = await loadReadable(deps, db, actor, id);
  if (!canManageUser(actor, targetOf(loaded.user, loaded.roles))) throw new AppError(actor.token && !actor.token.scopes.includes('users:write') ? 'TOKEN_SCOPE' : 'FORBIDDEN');
  return loaded;
}

export async function getUser(deps: Deps, caller: Caller, id: string): Promise<TUser> {
  const actor = requireActor(caller);
  const { user, roles } = await loadReadable(deps, deps.db, actor, id);
  return present(user, roles, deps.clock.now());
}

export async function updateUser(deps: Deps, caller: Caller, id: string, input: TUserUpdate): Promise<TUser> {
  const actor = requireActor(caller);
  return deps.db.transaction().execute(async (trx) => {
    const { user, roles } = await loadManageable(deps, trx, actor, id);
    if (input.isAdmin !== undefined && !isDeploymentAdmin(actor)) throw new AppError(actor.isAdmin ? 'TOKEN_SCOPE' : 'FORBIDDEN');
    const before = present(user, roles, deps.clock.now());
    const losingAdmin = user.is_admin === 1 && user.disabled === 0 && (input.isAdmin === false || input.disabled === true);
    if (losingAdmin && (await repo.countActiveAdmins(trx)) <= 1) throw new AppError('LAST_ADMIN');
    const now = deps.clock.now().toISOString();
    await repo.updateUser(trx, id, {
      ...(input.displayName !== undefined && { display_name: input.displayName }),
      ...(input.locale !== undefined && { locale: input.locale }),
      ...(input.disabled !== undefined && { disabled: input.disabled ? 1 : 0 }),
      ...(input.isAdmin !== undefined && { is_admin: input.isAdmin ? 1 : 0 }),
      updated_at: now,
    });
    if (input.disabled === true) await repo.revokeCredentialsOfUser(trx, id, now);
    const after = await presentOne(deps, trx, id);
    const action = input.disabled === true ? 'disable' : input.disabled === false && before.disabled ? 'enable' : input.isAdmin !== undefined && input.isAdmin !== before.isAdmin ? 'permission_change' : 'update';
    await recordAudit(deps, trx, caller, { facilityId: after.roles.find((r) => r.facilityId)?.facilityId ?? null, entityType: 'user', entityId: id, action, before, after });
    return after;
  });
}

export async function grantRole(deps: Deps, caller: Caller, userId: string, input: TRoleGrantCreate): Promise<TUser> {
  const actor = requireActor(caller);
  requireUsersWriteScope(actor);
  return deps.db.transaction().execute(async (trx) => {
    const { user, roles } = await loadReadable(deps, trx, actor, userId);
    const before = present(user, roles, deps.clock.now());
    if (input.role === 'group_admin') {
      if (!isDeploymentAdmin(actor)) throw new AppError(actor.isAdmin ? 'TOKEN_SCOPE' : 'FORBIDDEN');
      if (!(await findGroupById(trx, input.groupId))) throw new AppError('NOT_FOUND', undefined, { issues: [{ path: 'groupId', message: input.groupId }] });
      if (roles.some((r) => r.role === 'group_admin' && r.group_id === input.groupId)) throw new AppError('CONFLICT');
      await repo.insertRole(trx, { id: newId(), user_id: userId, role: 'group_admin', facility_id: null, group_id: input.groupId, created_at: deps.clock.now().toISOString() });
    } else {
      if (!FACILITY_ROLES.includes(input.role)) throw new AppError('VALIDATION_FAILED');
      if (!can(actor, 'user.manage', input.facilityId)) throw new AppError('FORBIDDEN');
      if (!canManageUser(actor, targetOf(user, [...roles, { id: '', user_id: userId, role: input.role, facility_id: input.facilityId, group_id: null, created_at: '' }]))) throw new AppError('FORBIDDEN');
      if (!(await findFacilityById(trx, input.facilityId))) throw new AppError('NOT_FOUND', undefined, { issues: [{ path: 'facilityId', message: input.facilityId }] });
      if (roles.some((r) => r.role === input.role && r.facility_id === input.facilityId)) throw new AppError('CONFLICT');
      await repo.insertRole(trx, { id: newId(), user_id: userId, role: input.role, facility_id: input.facilityId, group_id: null, created_at: deps.clock.now().toISOString() });
    }
    const after = await presentOne(deps, trx, userId);
    await recordAudit(deps, trx, caller, {
      facilityId: 'facilityId' in input ? input.facilityId : null,
      entityType: 'user',
      entityId: userId,
      action: 'role_grant',
      before: { roles: before.roles },
      after: { roles: after.roles, granted: input },
    });
    return after;
  });
}

export async function revokeRole(deps: Deps, caller: Caller, userId: string, grantId: string): Promise<TUser> {
  const actor = requireActor(caller);
  requireUsersWriteScope(actor);
  return deps.db.transaction().execute(async (trx) => {
    const { user, roles } = await loadReadable(deps, trx, actor, userId);
    const grant = roles.find((r) => r.id === grantId);
    if (!grant) throw new AppError('NOT_FOUND');
    if (grant.role === 'group_admin' ? !isDeploymentAdmin(actor) : !canManageUser(actor, targetOf(user, roles))) throw new AppError('FORBIDDEN');
    const before = present(user, roles, deps.clock.now());
    await repo.deleteRole(trx, grantId);
    const after = await presentOne(deps, trx, userId);
    await recordAudit(deps, trx, caller, {
      facilityId: grant.facility_id,
      entityType: 'user',
      entityId: userId,
      action: 'role_revoke',
      before: { roles: before.roles },
      after: { roles: after.roles, revoked: { role: grant.role, facilityId: grant.facility_id, groupId: grant.group_id } },
    });
    return after;
  });
}

/** An administrator (or facility manager) sets a temporary password; the user must change it at next login. */
export async function resetPassword(deps: Deps, caller: Caller, userId: string, newPassword: string): Promise<void> {
  const actor = requireActor(caller);
  await deps.db.transaction().execute(async (trx) => {
    const { user } = await loadManageable(deps, trx, actor, userId);
    await setPasswordTx(deps, trx, user, newPassword, { mustChange: true });
    const now = deps.clock.now().toISOString();
    await repo.updateUser(trx, userId, { failed_logins: 0, locked_until: null, updated_at: now });
    await repo.revokeCredentialsOfUser(trx, userId, now);
    await recordAudit(deps, trx, caller, { facilityId: null, entityType: 'user', entityId: userId, action: 'password_reset', after: { mustChangePassword: true } });
  });
}

export async function unlockUser(deps: Deps, caller: Caller, userId: string): Promise<TUser> {
  const actor = requireActor(caller);
  return deps.db.transaction().execute(async (trx) => {
    const { user, roles } = await loadManageable(deps, trx, actor, userId);
    const before = present(user, roles, deps.clock.now());
    await repo.updateUser(trx, userId, { failed_logins: 0, locked_until: null, updated_at: deps.clock.now().toISOString() });
    const after = await presentOne(deps, trx, userId);
    await recordAudit(deps, trx, caller, { facilityId: null, entityType: 'user', entityId: userId, action: 'unlock', before: { locked: before.locked }, after: { locked: after.locked } });
    return after;
  });
}

/** Removes a user's TOTP enrolment (lost phone). Admin only. The user enrols again at next login. */
export async function resetMfa(deps: Deps, caller: Caller, userId: string): Promise<TUser> {
  const actor = requireActor(caller);
  if (!isDeploymentAdmin(actor)) throw new AppError(actor.isAdmin ? 'TOKEN_SCOPE' : 'FORBIDDEN');
  if (actor.token && !actor.token.scopes.includes('users:write')) throw new AppError('TOKEN_SCOPE');
  return deps.db.transaction().execute(async (trx) => {
    const user = await repo.findUserById(trx, userId);
    if (!user) throw new AppError('NOT_FOUND');
    const now = deps.clock.now().toISOString();
    await repo.updateUser(trx, userId, { mfa_enabled: 0, mfa_secret_enc: null, mfa_last_step: null, updated_at: now });
    await repo.deleteRecoveryCodes(trx, userId);
    await repo.revokeCredentialsOfUser(trx, userId, now);
    await recordAudit(deps, trx, caller, { facilityId: null, entityType: 'user', entityId: userId, action: 'mfa_reset', before: { mfaEnabled: user.mfa_enabled === 1 }, after: { mfaEnabled: false } });
    return presentOne(deps, trx, userId);
  });
}

export async function findUserByEmail(deps: Deps, email: string): Promise<repo.UserRow | undefined> {
  return repo.findUserByEmail(deps.db, email);
}
