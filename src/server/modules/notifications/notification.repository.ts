import type { Db } from '../../db/database.ts';
import { chunks } from '../../lib/chunks.ts';
import type { NotificationsTable } from '../../db/schema.ts';

/**
 * In-app notifications (the bell): all SQL of the notifications module. Every read and update is scoped by
 * the user the notification belongs to; another user's notification is simply not found.
 */

export type NotificationRow = NotificationsTable;

/** Enabled users holding one of `roles` in the facility (a facility role grant, not group administration). */
export async function usersWithRolesIn(db: Db, facilityId: string, roles: readonly string[]): Promise<string[]> {
  if (roles.length === 0) return [];
  const rows = await db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select('users.id')
    .distinct()
    .where('user_roles.facility_id', '=', facilityId)
    .where('user_roles.role', 'in', [...roles])
    .where('users.disabled', '=', 0)
    .orderBy('users.id')
    .execute();
  return rows.map((r) => r.id);
}

/** Of the given ids, the users that exist and are enabled. */
export async function enabledUsers(db: Db, userIds: readonly string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await db.selectFrom('users').select('id').where('id', 'in', [...userIds]).where('disabled', '=', 0).orderBy('id').execute();
  return rows.map((r) => r.id);
}

/**
 * Inserts notifications; a (user_id, dedupe_key) pair that exists already is skipped (unique index).
 * Returns the rows actually created.
 */
export async function insertNotifications(db: Db, rows: readonly NotificationRow[]): Promise<NotificationRow[]> {
  if (rows.length === 0) return [];
  const created: NotificationRow[] = [];
  // Chunks keep the statement under SQLite's bound-parameter limit for large facilities.
  for (const chunk of chunks(rows, 200)) {
    const ids = await db
      .insertInto('notifications')
      .values(chunk)
      .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
      .returning('id')
      .execute();
    const inserted = new Set(ids.map((r) => r.id));
    created.push(...chunk.filter((r) => inserted.has(r.id)));
  }
  return created;
}

/** The user's notifications, newest first. */
export async function listForUser(db: Db, userId: string, limit: number): Promise<NotificationRow[]> {
  return db.selectFrom('notifications').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export async function countUnread(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findForUser(db: Db, userId: string, id: string): Promise<NotificationRow | undefined> {
  return db.selectFrom('notifications').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
}

export async function markRead(db: Db, userId: string, id: string, at: string): Promise<void> {
  await db.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('id', '=', id).where('read_at', 'is', null).execute();
}

export async function markAllRead(db: Db, userId: string, at: string): Promise<number> {
  const res = await db.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows);
}
