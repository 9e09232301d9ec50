import type { Db } from '../../db/database.ts';
import type { ApiTokensTable, MfaRecoveryCodesTable, SessionsTable } from '../../db/schema.ts';

export type SessionRow = SessionsTable;
export type ApiTokenRow = ApiTokensTable;

export async function insertSession(db: Db, row: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export async function findSession(db: Db, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateSession(db: Db, id: string, patch: Partial<Pick<SessionRow, 'stage' | 'last_seen_at' | 'idle_expires_at'>>): Promise<void> {
  await db.updateTable('sessions').set(patch).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteExpiredSessions(db: Db, now: string): Promise<number> {
  const r = await db.deleteFrom('sessions').where((eb) => eb.or([eb('expires_at', '<=', now), eb('idle_expires_at', '<=', now)])).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function insertApiToken(db: Db, row: ApiTokenRow): Promise<void> {
  await db.insertInto('api_tokens').values(row).execute();
}

export async function findApiTokenByHash(db: Db, hash: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
}

export async function findApiToken(db: Db, id: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listApiTokens(db: Db, userId: string): Promise<ApiTokenRow[]> {
  return db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
}

export async function updateApiToken(db: Db, id: string, patch: Partial<Pick<ApiTokenRow, 'last_used_at' | 'revoked_at'>>): Promise<void> {
  await db.updateTable('api_tokens').set(patch).where('id', '=', id).execute();
}

export async function insertRecoveryCodes(db: Db, rows: MfaRecoveryCodesTable[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('mfa_recovery_codes').values(rows).execute();
}

export async function unusedRecoveryCodes(db: Db, userId: string): Promise<MfaRecoveryCodesTable[]> {
  return db.selectFrom('mfa_recovery_codes').selectAll().where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

/** Marks a recovery code used; returns false when it was already used (a concurrent request won). */
export async function consumeRecoveryCode(db: Db, id: string, now: string): Promise<boolean> {
  const r = await db.updateTable('mfa_recovery_codes').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteRecoveryCodes(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
}

/** Ends a user's sessions that are still waiting for a second factor (after a lockout). */
export async function deleteSessionsOfUserPending(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).where('stage', '=', 'mfa').execute();
}
