import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { OutboxMessagesTable } from '../../db/schema.ts';

/** The outbox (`outbox_messages`): every query, plus the one read of a webhook's sealed address the deliverer needs. */

export type OutboxRow = Insertable<OutboxMessagesTable>;
export type OutboxMessageRow = OutboxMessagesTable;

export async function insertMessage(db: Db, row: OutboxRow): Promise<void> {
  await db.insertInto('outbox_messages').values(row).execute();
}

/** Pending messages due at `now`, oldest first. */
export async function listDue(db: Db, now: string, limit: number): Promise<OutboxMessageRow[]> {
  return db.selectFrom('outbox_messages').selectAll().where('status', '=', 'pending').where('next_attempt_at', '<=', now).orderBy('next_attempt_at').orderBy('id').limit(limit).execute();
}

/**
 * Claims a due message for one attempt: counts the attempt and moves its next time to `retryAt` in one guarded
 * UPDATE (status still pending, attempts unchanged since it was read). Only one of two servers wins; a server that
 * dies while sending leaves the row due again at `retryAt`. Returns whether this caller won.
 */
export async function claim(db: Db, id: string, seenAttempts: number, now: string, retryAt: string): Promise<boolean> {
  const r = await db
    .updateTable('outbox_messages')
    .set({ attempts: seenAttempts + 1, next_attempt_at: retryAt })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('attempts', '=', seenAttempts)
    .where('next_attempt_at', '<=', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function markSent(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('outbox_messages').set({ status: 'sent', sent_at: at, last_error: null }).where('id', '=', id).execute();
}

/** A failed attempt: the error, and `failed` when no attempt is left (the retry time was set by the claim). */
export async function markAttemptFailed(db: Db, id: string, error: string, giveUp: boolean): Promise<void> {
  await db
    .updateTable('outbox_messages')
    .set({ last_error: error, ...(giveUp && { status: 'failed' }) })
    .where('id', '=', id)
    .execute();
}

export async function findMessage(db: Db, id: string): Promise<OutboxMessageRow | undefined> {
  return db.selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Messages about the given refs (e.g. `incident_alert:<id>`), oldest first. */
export async function listByRefs(db: Db, refs: readonly string[]): Promise<OutboxMessageRow[]> {
  if (refs.length === 0) return [];
  return db.selectFrom('outbox_messages').selectAll().where('ref', 'in', [...refs]).orderBy('created_at').orderBy('id').execute();
}

/** A webhook's sealed address, format and whether it is enabled (the outbox target of a webhook message is its id). */
export async function findWebhookEndpoint(db: Db, id: string): Promise<{ urlSealed: string; format: string; enabled: boolean } | undefined> {
  const r = await db.selectFrom('incident_webhooks').select(['url_encrypted', 'format', 'enabled']).where('id', '=', id).executeTakeFirst();
  return r ? { urlSealed: r.url_encrypted, format: r.format, enabled: Number(r.enabled) === 1 } : undefined;
}
