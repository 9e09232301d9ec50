import { AppError } from '../../../shared/errors.ts';
import { canSeeFacility, TOKEN_SCOPES, type Actor, type TokenScope } from '../../../shared/policy.ts';
import type { SessionStage, TApiToken, TMe, TSetupRequest } from '../../../shared/contracts/auth.contract.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { lockAuditChain } from '../../db/dialect.ts';
import { recordAudit, recordAuditAlone } from '../../audit/audit.service.ts';
import { newId, randomToken, sha256Hex } from '../../lib/ids.ts';
import { dummyHash, verifyPassword } from '../../lib/passwords.ts';
import { countFacilities, insertFacilityTx, listFacilities } from '../facilities/index.ts';
import {
  countUsers,
  findUserById,
  findUserRowByEmail,
  incrementFailedLogins,
  insertUserTx,
  isLocked,
  isMfaRequired,
  loadActor,
  recordMfaStep,
  revokeCredentialsOfUser,
  setPasswordTx,
  updateUserRow,
  type UserRow,
} from '../users/index.ts';
import * as repo from './session.repository.ts';
import { matchTotp, newTotpSecret, otpauthUrl, qrDataUrl } from './totp.ts';

const PENDING_STAGE_MINUTES = 10;
const RECOVERY_CODE_COUNT = 10;

/** Whether first-run setup is still needed (no user exists yet). */
export async function needsSetup(deps: Deps): Promise<boolean> {
  return (await countUsers(deps.db)) === 0;
}

/**
 * First run: creates the first facility and the first administrator (who is also the facility's
 * security manager). Refuses once any user exists. There is no default password.
 */
export async function runSetup(deps: Deps, caller: Caller, input: TSetupRequest): Promise<{ facilityId: string; userId: string }> {
  return deps.db.transaction().execute(async (trx) => {
    // Serialise concurrent setups (PostgreSQL): otherwise two requests both see an empty database and both
    // create an administrator, and the second one goes unnoticed.
    await lockAuditChain(deps.dialect, trx);
    if ((await countUsers(trx)) > 0 || (await countFacilities(trx)) > 0) throw new AppError('ALREADY_SET_UP');
    const setupCaller: Caller = { ...caller, label: `setup:${input.adminEmail}` };
    const facility = await insertFacilityTx(deps, trx, setupCaller, {
      code: input.facilityCode,
      name: input.facilityName,
      kind: input.facilityKind,
      beds: input.beds ?? null,
      prefecture: input.prefecture ?? null,
      medicalInstitutionCode: null,
    });
    const user = await insertUserTx(deps, trx, setupCaller, {
      email: input.adminEmail,
      displayName: input.adminName,
      password: input.adminPassword,
      locale: input.locale,
      isAdmin: true,
      roles: [{ role: 'security_manager', facilityId: facility.id }],
    });
    await recordAudit(deps, trx, setupCaller, { facilityId: facility.id, entityType: 'deployment', entityId: null, action: 'setup', after: { facilityCode: facility.code, adminEmail: user.email } });
    return { facilityId: facility.id, userId: user.id };
  });
}

async function stageFor(db: Db, user: UserRow, mfaDone: boolean): Promise<SessionStage> {
  if (user.mfa_enabled === 1 && !mfaDone) return 'mfa';
  if (user.must_change_password === 1) return 'change_password';
  if (user.mfa_enabled !== 1 && (await isMfaRequired(db, user))) return 'enroll_mfa';
  return 'full';
}

function expiryFor(deps: Deps, stage: SessionStage, now: Date): { idle: string; absolute: string } {
  const idleMs = stage === 'full' ? deps.config.sessionIdleMinutes * 60_000 : PENDING_STAGE_MINUTES * 60_000;
  const absMs = stage === 'full' ? deps.config.sessionAbsoluteHours * 3_600_000 : PENDING_STAGE_MINUTES * 60_000;
  return { idle: new Date(now.getTime() + idleMs).toISOString(), absolute: new Date(now.getTime() + absMs).toISOString() };
}

export interface LoginResult {
  stage: SessionStage;
  /** The session secret for the cookie (only its hash is stored). */
  sessionToken: string;
}

/** Email + password. Counts failures and locks the account after `lockoutThreshold` in a row. */
export async function login(deps: Deps, caller: Caller, email: string, password: string, userAgent: string | null): Promise<LoginResult> {
  const now = deps.clock.now();
  const user = await findUserRowByEmail(deps.db, email);
  if (!user) {
    await verifyPassword(await dummyHash(), password);
    // Only something shaped like an address is kept: people sometimes type their password into the email field.
    // A password such as `Hosp1tal@2024` has an "@" too: a real address also ends in a host name with a dot.
    const label = email.length <= 254 && /^[^\s@]{1,64}@(?:[a-z0-9-]+\.)+[a-z]{2,}$/i.test(email) ? email : '(not an email address)';
    await recordAuditAlone(deps, { ...caller, label }, { facilityId: null, entityType: 'session', entityId: null, action: 'login_failed', after: { reason: 'unknown_account' } });
    throw new AppError('INVALID_CREDENTIALS');
  }
  const who: Caller = { ...caller, label: user.email };
  if (isLocked(user, now)) {
    await recordAuditAlone(deps, who, { facilityId: null, entityType: 'user', entityId: user.id, action: 'login_failed', after: { reason: 'locked' } });
    throw new AppError('ACCOUNT_LOCKED', undefined, { detail: { lockedUntil: user.locked_until } });
  }
  const ok = await verifyPassword(user.password_hash, password);
  // Parallel guesses all pass the lock check above before any failure is counted. Whatever finishes after
  // the lockout was set answers "locked", right password or wrong, so a burst learns nothing past the threshold.
  const current = await findUserById(deps.db, user.id);
  if (!current || isLocked(current, deps.clock.now())) {
    await recordAuditAlone(deps, who, { facilityId: null, entityType: 'user', entityId: user.id, action: 'login_failed', after: { reason: 'locked' } });
    throw new AppError('ACCOUNT_LOCKED', undefined, { detail: { lockedUntil: current?.locked_until ?? null } });
  }
  if (!ok) {
    await registerFailure(deps, who, user, 'bad_password');
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (user.disabled === 1) {
    await recordAuditAlone(deps, who, { facilityId: null, entityType: 'user', entityId: user.id, action: 'login_failed', after: { reason: 'disabled' } });
    throw new AppError('ACCOUNT_DISABLED');
  }
  const stage = await stageFor(deps.db, user, false);
  const token = randomToken(32);
  const exp = expiryFor(deps, stage, now);
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertSession(trx, {
      id: sha256Hex(token),
      user_id: user.id,
      stage,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      idle_expires_at: exp.idle,
      expires_at: exp.absolute,
      ip: caller.ip,
      user_agent: userAgent?.slice(0, 300) ?? null,
    });
    if (stage !== 'mfa') await updateUserRow(trx, user.id, { failed_logins: 0, last_login_at: now.toISOString() });
    await recordAudit(deps, trx, { ...who, actor: null }, { facilityId: null, entityType: 'session', entityId: user.id, action: 'login', after: { stage } });
  });
  return { stage, sessionToken: token };
}

async function registerFailure(deps: Deps, who: Caller, user: UserRow, reason: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const count = await incrementFailedLogins(trx, user.id);
    await recordAudit(deps, trx, { ...who, actor: null }, { facilityId: null, entityType: 'user', entityId: user.id, action: reason === 'bad_mfa' ? 'mfa_verify_failed' : 'login_failed', after: { reason, failures: count } });
    if (count >= deps.config.lockoutThreshold) {
      const until = new Date(now.getTime() + deps.config.lockoutMinutes * 60_000).toISOString();
      await updateUserRow(trx, user.id, { locked_until: until, failed_logins: 0 });
      await repo.deleteSessionsOfUserPending(trx, user.id);
      await recordAudit(deps, trx, { ...who, actor: null }, { facilityId: null, entityType: 'user', entityId: user.id, action: 'lockout', after: { lockedUntil: until } });
    }
  });
}

export interface AuthenticatedSession {
  sessionId: string;
  stage: SessionStage;
  user: UserRow;
  actor: Actor;
}

/** Resolves a session cookie; refreshes the idle timeout at most once a minute. */
export async function authenticateSession(deps: Deps, token: string): Promise<AuthenticatedSession | null> {
  const id = sha256Hex(token);
  const session = await repo.findSession(deps.db, id);
  if (!session) return null;
  const now = deps.clock.now();
  if (session.expires_at <= now.toISOString() || session.idle_expires_at <= now.toISOString()) {
    await repo.deleteSession(deps.db, id);
    return null;
  }
  const user = await findUserById(deps.db, session.user_id);
  if (!user || user.disabled === 1) return null;
  if (now.getTime() - new Date(session.last_seen_at).getTime() > 60_000) {
    const exp = expiryFor(deps, session.stage as SessionStage, now);
    await repo.updateSession(deps.db, id, { last_seen_at: now.toISOString(), idle_expires_at: exp.idle });
  }
  return { sessionId: id, stage: session.stage as SessionStage, user, actor: await loadActor(deps.db, user) };
}

/** Resolves `Authorization: Bearer mmr_…`. */
export async function authenticateToken(deps: Deps, token: string): Promise<{ user: UserRow; actor: Actor } | null> {
  const row = await repo.findApiTokenByHash(deps.db, sha256Hex(token));
  const now = deps.clock.now().toISOString();
  if (!row || row.revoked_at || row.expires_at <= now) return null;
  const user = await findUserById(deps.db, row.user_id);
  if (!user || user.disabled === 1) return null;
  if (!row.last_used_at || Date.parse(now) - Date.parse(row.last_used_at) > 60_000) await repo.updateApiToken(deps.db, row.id, { last_used_at: now });
  const scopes = (JSON.parse(row.scopes) as string[]).filter((s): s is TokenScope => (TOKEN_SCOPES as readonly string[]).includes(s));
  return { user, actor: await loadActor(deps.db, user, { id: row.id, scopes, facilityId: row.facility_id }) };
}

/** Moves a session to its next stage after a step succeeded. */
async function advance(deps: Deps, trx: Db, sessionId: string, userId: string, mfaDone: boolean): Promise<SessionStage> {
  const user = (await findUserById(trx, userId))!;
  const stage = await stageFor(trx, user, mfaDone);
  const now = deps.clock.now();
  const exp = expiryFor(deps, stage, now);
  await trx.updateTable('sessions').set({ stage, idle_expires_at: exp.idle, expires_at: exp.absolute, last_seen_at: now.toISOString() }).where('id', '=', sessionId).execute();
  if (stage === 'full') await updateUserRow(trx, userId, { failed_logins: 0, last_login_at: now.toISOString() });
  return stage;
}

function hashRecovery(code: string): string {
  return sha256Hex(code.replace(/[^0-9a-z]/gi, '').toLowerCase());
}

/** Verifies a TOTP or recovery code for a user, recording the used step or code. */
async function checkSecondFactor(deps: Deps, trx: Db, user: UserRow, code: string): Promise<'totp' | 'recovery' | null> {
  const now = deps.clock.now();
  const trimmed = code.replace(/\s/g, '');
  if (user.mfa_secret_enc && /^\d{6}$/.test(trimmed)) {
    const step = matchTotp(deps.secrets.open(user.mfa_secret_enc), trimmed, now);
    // Conditional update: of two requests racing with the same code, only one advances the step.
    if (step !== null && (user.mfa_last_step === null || step > Number(user.mfa_last_step)) && (await recordMfaStep(trx, user.id, step))) return 'totp';
    return null;
  }
  const wanted = hashRecovery(trimmed);
  const match = (await repo.unusedRecoveryCodes(trx, user.id)).find((c) => c.code_hash === wanted);
  if (match && (await repo.consumeRecoveryCode(trx, match.id, now.toISOString()))) return 'recovery';
  return null;
}

export async function verifyMfa(deps: Deps, caller: Caller, session: AuthenticatedSession, code: string): Promise<SessionStage> {
  if (session.stage !== 'mfa') throw new AppError('CONFLICT');
  const who: Caller = { ...caller, label: session.user.email };
  if (isLocked(session.user, deps.clock.now())) throw new AppError('ACCOUNT_LOCKED');
  const result = await deps.db.transaction().execute(async (trx) => {
    // Fresh row: a parallel request may have locked the account or used a code since the session was read.
    const user = await findUserById(trx, session.user.id);
    if (!user || isLocked(user, deps.clock.now())) return 'locked' as const;
    const method = await checkSecondFactor(deps, trx, user, code);
    if (!method) return null;
    const stage = await advance(deps, trx, session.sessionId, session.user.id, true);
    await recordAudit(deps, trx, who, { facilityId: null, entityType: 'session', entityId: session.user.id, action: 'mfa_verify', after: { method, stage } });
    return stage;
  });
  if (result === 'locked') throw new AppError('ACCOUNT_LOCKED');
  if (!result) {
    await registerFailure(deps, who, session.user, 'bad_mfa');
    throw new AppError('INVALID_MFA_CODE');
  }
  return result;
}

export async function startMfaEnrollment(deps: Deps, caller: Caller, session: AuthenticatedSession): Promise<{ secret: string; otpauthUrl: string; qrDataUrl: string }> {
  if (session.stage !== 'enroll_mfa' && session.stage !== 'full') throw new AppError('UNAUTHENTICATED');
  if (session.user.mfa_enabled === 1) throw new AppError('CONFLICT');
  const secret = newTotpSecret();
  await updateUserRow(deps.db, session.user.id, { mfa_secret_enc: deps.secrets.seal(secret), mfa_last_step: null });
  const url = otpauthUrl(session.user.email, secret);
  return { secret, otpauthUrl: url, qrDataUrl: await qrDataUrl(url) };
}

function newRecoveryCodes(): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomToken(16);
    let out = '';
    for (const ch of bytes) {
      if (out.length >= 10) break;
      const i = ch.charCodeAt(0) % alphabet.length;
      out += alphabet[i];
    }
    return `${out.slice(0, 5)}-${out.slice(5, 10)}`;
  });
}

async function storeRecoveryCodes(trx: Db, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await repo.deleteRecoveryCodes(trx, userId);
  await repo.insertRecoveryCodes(trx, codes.map((c) => ({ id: newId(), user_id: userId, code_hash: hashRecovery(c), used_at: null })));
  return codes;
}

export async function confirmMfaEnrollment(deps: Deps, caller: Caller, session: AuthenticatedSession, code: string): Promise<{ recoveryCodes: string[]; stage: SessionStage }> {
  if (session.stage !== 'enroll_mfa' && session.stage !== 'full') throw new AppError('UNAUTHENTICATED');
  const who: Caller = { ...caller, label: session.user.email };
  return deps.db.transaction().execute(async (trx) => {
    const user = (await findUserById(trx, session.user.id))!;
    if (user.mfa_enabled === 1) throw new AppError('CONFLICT');
    if (!user.mfa_secret_enc) throw new AppError('VALIDATION_FAILED', 'enrollment not started');
    const step = matchTotp(deps.secrets.open(user.mfa_secret_enc), code.replace(/\s/g, ''), deps.clock.now());
    if (step === null) throw new AppError('INVALID_MFA_CODE');
    await updateUserRow(trx, user.id, { mfa_enabled: 1, mfa_last_step: step, updated_at: deps.clock.now().toISOString() });
    const recoveryCodes = await storeRecoveryCodes(trx, user.id);
    const stage = await advance(deps, trx, session.sessionId, user.id, true);
    await recordAudit(deps, trx, who, { facilityId: null, entityType: 'user', entityId: user.id, action: 'mfa_enroll', before: { mfaEnabled: false }, after: { mfaEnabled: true } });
    return { recoveryCodes, stage };
  });
}

/**
 * Second-factor and password checks made from an open session count towards the lockout like
 * failed logins, so a stolen, unlocked session cannot be used to guess the password or codes.
 */
async function failFromSession(deps: Deps, caller: Caller, session: AuthenticatedSession, reason: 'bad_mfa' | 'bad_password', code: 'INVALID_MFA_CODE' | 'INVALID_CREDENTIALS'): Promise<never> {
  await registerFailure(deps, { ...caller, label: session.user.email }, session.user, reason);
  throw new AppError(code, undefined, code === 'INVALID_CREDENTIALS' ? { issues: [{ path: reason === 'bad_password' ? 'password' : 'code', message: 'incorrect' }] } : undefined);
}

async function assertNotLocked(deps: Deps, userId: string): Promise<void> {
  const fresh = await findUserById(deps.db, userId);
  if (!fresh || isLocked(fresh, deps.clock.now())) throw new AppError('ACCOUNT_LOCKED');
}

export async function regenerateRecoveryCodes(deps: Deps, caller: Caller, session: AuthenticatedSession, code: string): Promise<string[]> {
  await assertNotLocked(deps, session.user.id);
  const codes = await deps.db.transaction().execute(async (trx) => {
    const user = (await findUserById(trx, session.user.id))!;
    if (user.mfa_enabled !== 1) throw new AppError('CONFLICT');
    if ((await checkSecondFactor(deps, trx, user, code)) !== 'totp') return null;
    const fresh = await storeRecoveryCodes(trx, user.id);
    await recordAudit(deps, trx, { ...caller, label: user.email }, { facilityId: null, entityType: 'user', entityId: user.id, action: 'mfa_recovery_regenerate' });
    return fresh;
  });
  return codes ?? failFromSession(deps, caller, session, 'bad_mfa', 'INVALID_MFA_CODE');
}

export async function disableMfa(deps: Deps, caller: Caller, session: AuthenticatedSession, password: string, code: string): Promise<void> {
  if (await isMfaRequired(deps.db, session.user)) throw new AppError('MFA_MANDATORY');
  await assertNotLocked(deps, session.user.id);
  if (!(await verifyPassword(session.user.password_hash, password))) await failFromSession(deps, caller, session, 'bad_password', 'INVALID_CREDENTIALS');
  const done = await deps.db.transaction().execute(async (trx) => {
    const user = (await findUserById(trx, session.user.id))!;
    if (user.mfa_enabled !== 1) throw new AppError('CONFLICT');
    if (!(await checkSecondFactor(deps, trx, user, code))) return false;
    await updateUserRow(trx, user.id, { mfa_enabled: 0, mfa_secret_enc: null, mfa_last_step: null, updated_at: deps.clock.now().toISOString() });
    await repo.deleteRecoveryCodes(trx, user.id);
    await recordAudit(deps, trx, { ...caller, label: user.email }, { facilityId: null, entityType: 'user', entityId: user.id, action: 'mfa_disable', before: { mfaEnabled: true }, after: { mfaEnabled: false } });
    return true;
  });
  if (!done) await failFromSession(deps, caller, session, 'bad_mfa', 'INVALID_MFA_CODE');
}

/** The user changes their own password (also the forced change after an admin reset). */
export async function changeOwnPassword(deps: Deps, caller: Caller, session: AuthenticatedSession, currentPassword: string, newPassword: string): Promise<SessionStage> {
  if (session.stage !== 'full' && session.stage !== 'change_password') throw new AppError('UNAUTHENTICATED');
  await assertNotLocked(deps, session.user.id);
  if (!(await verifyPassword(session.user.password_hash, currentPassword))) {
    await registerFailure(deps, { ...caller, label: session.user.email }, session.user, 'bad_password');
    throw new AppError('INVALID_CREDENTIALS', undefined, { issues: [{ path: 'currentPassword', message: 'incorrect' }] });
  }
  return deps.db.transaction().execute(async (trx) => {
    await setPasswordTx(deps, trx, session.user, newPassword, { mustChange: false });
    const now = deps.clock.now().toISOString();
    // Every other session and token of the user ends: a changed password must lock out whoever had the old one.
    await revokeCredentialsOfUser(trx, session.user.id, now, { keepSessionId: session.sessionId });
    await recordAudit(deps, trx, { ...caller, label: session.user.email }, { facilityId: null, entityType: 'user', entityId: session.user.id, action: 'password_change' });
    return advance(deps, trx, session.sessionId, session.user.id, true);
  });
}

export async function logout(deps: Deps, caller: Caller, session: AuthenticatedSession): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await repo.deleteSession(trx, session.sessionId);
    await recordAudit(deps, trx, { ...caller, label: session.user.email }, { facilityId: null, entityType: 'session', entityId: session.user.id, action: 'logout' });
  });
}

export async function buildMe(deps: Deps, session: AuthenticatedSession, csrfToken: string): Promise<TMe> {
  const { user, actor } = session;
  const facilityIds = actor.isAdmin ? null : [...new Set([...actor.grants.map((g) => g.facilityId), ...actor.groupAdminFacilityIds])];
  // Before the session is complete (password only), reveal nothing about the hospital or the roles.
  const facilities = session.stage === 'full' ? await listFacilities(deps.db, facilityIds) : [];
  const codes = user.mfa_enabled === 1 ? (await repo.unusedRecoveryCodes(deps.db, user.id)).length : 0;
  return {
    stage: session.stage,
    user: {
      id: user.id,
      email: user.email,
      displayName: user.display_name,
      locale: user.locale === 'en' ? 'en' : 'ja',
      isAdmin: user.is_admin === 1,
      mfaEnabled: user.mfa_enabled === 1,
      mfaRequired: await isMfaRequired(deps.db, user),
      recoveryCodesLeft: codes,
      passwordChangedAt: user.password_changed_at,
    },
    facilities: facilities.map((f) => ({
      facilityId: f.id,
      facilityCode: f.code,
      facilityName: f.name,
      roles: [
        ...actor.grants.filter((g) => g.facilityId === f.id).map((g) => g.role),
        ...(actor.groupAdminFacilityIds.includes(f.id) ? (['group_admin'] as const) : []),
      ],
    })),
    groupAdminGroupIds: session.stage === 'full' ? actor.groupAdminGroupIds : [],
    csrfToken,
  };
}

export async function updateMe(deps: Deps, caller: Caller, session: AuthenticatedSession, input: { displayName?: string | undefined; locale?: 'ja' | 'en' | undefined }): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const before = { displayName: session.user.display_name, locale: session.user.locale };
    await updateUserRow(trx, session.user.id, {
      ...(input.displayName !== undefined && { display_name: input.displayName }),
      ...(input.locale !== undefined && { locale: input.locale }),
      updated_at: deps.clock.now().toISOString(),
    });
    await recordAudit(deps, trx, { ...caller, label: session.user.email }, { facilityId: null, entityType: 'user', entityId: session.user.id, action: 'update', before, after: { ...before, ...input } });
  });
}

function presentToken(row: repo.ApiTokenRow): TApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: JSON.parse(row.scopes) as TApiToken['scopes'],
    facilityId: row.facility_id,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

export async function listOwnTokens(deps: Deps, session: AuthenticatedSession): Promise<TApiToken[]> {
  return (await repo.listApiTokens(deps.db, session.user.id)).map(presentToken);
}

/** Creates a token acting as the user, limited to scopes (and optionally one facility). Shown once. */
export async function createToken(
  deps: Deps,
  caller: Caller,
  session: AuthenticatedSession,
  input: { name: string; scopes: TokenScope[]; facilityId: string | null; expiresInDays: number },
): Promise<{ token: string; apiToken: TApiToken }> {
  if (input.facilityId && !canSeeFacility(session.actor, input.facilityId)) throw new AppError('NOT_FOUND', undefined, { issues: [{ path: 'facilityId', message: input.facilityId }] });
  const prefix = randomToken(6).replace(/[^A-Za-z0-9]/g, 'x').slice(0, 8);
  const token = `mmr_${prefix}_${randomToken(32)}`;
  const now = deps.clock.now();
  const row: repo.ApiTokenRow = {
    id: newId(),
    user_id: session.user.id,
    name: input.name,
    token_hash: sha256Hex(token),
    prefix: `mmr_${prefix}`,
    scopes: JSON.stringify([...new Set(input.scopes)]),
    facility_id: input.facilityId,
    expires_at: new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString(),
    last_used_at: null,
    created_at: now.toISOString(),
    revoked_at: null,
  };
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertApiToken(trx, row);
    await recordAudit(deps, trx, { ...caller, label: session.user.email }, { facilityId: input.facilityId, entityType: 'api_token', entityId: row.id, action: 'create', after: presentToken(row) });
  });
  return { token, apiToken: presentToken(row) };
}

export async function revokeToken(deps: Deps, caller: Caller, session: AuthenticatedSession, id: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await repo.findApiToken(trx, id);
    if (!row || row.user_id !== session.user.id) throw new AppError('NOT_FOUND');
    if (row.revoked_at) return;
    await repo.updateApiToken(trx, id, { revoked_at: deps.clock.now().toISOString() });
    await recordAudit(deps, trx, { ...caller, label: session.user.email }, { facilityId: row.facility_id, entityType: 'api_token', entityId: id, action: 'revoke', before: presentToken(row) });
  });
}

export async function purgeExpiredSessions(deps: Deps): Promise<number> {
  return repo.deleteExpiredSessions(deps.db, deps.clock.now().toISOString());
}

/** Re-reads a session by its stored id (after the user changed their own profile). */
export async function authenticateSessionById(deps: Deps, sessionId: string): Promise<AuthenticatedSession | null> {
  const session = await repo.findSession(deps.db, sessionId);
  if (!session) return null;
  const user = await findUserById(deps.db, session.user_id);
  if (!user) return null;
  return { sessionId, stage: session.stage as SessionStage, user, actor: await loadActor(deps.db, user) };
}
