import { AppError } from '../../../shared/errors.ts';
import type { FacilityRole } from '../../../shared/roles.ts';
import type { TokenScope } from '../../../shared/policy.ts';
import type { NotificationKind } from '../../../shared/vulns/domain.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { newId } from '../../lib/ids.ts';
import * as repo from './notification.repository.ts';

/**
 * In-app notifications (the bell). Jobs and services create them inside their own transaction with
 * `notifyRoles` / `notifyUsers`; each (user, dedupeKey) is created at most once, so a job that runs again (or on
 * two servers) notifies nobody twice. A user reads and marks only their own notifications.
 *
 * Delivery: the row in `notifications` is the in-app channel. Further channels (e-mail, once the deployment has
 * an SMTP relay) plug in through NOTIFICATION_CHANNELS; they receive the rows just created, inside the same
 * transaction, and should only enqueue (an outbox), never talk to the network before the commit.
 */

export type NotificationParams = Record<string, string | number | null>;

export interface NotificationInput {
  kind: NotificationKind;
  params: NotificationParams;
  /** In-app path to open, e.g. `/facilities/<id>/vulns/findings/<findingId>`. */
  link: string | null;
  /** One notification per user and key, ever (e.g. `esc1:<findingId>`). */
  dedupeKey: string;
}

export interface NotifyRolesInput extends NotificationInput {
  facilityId: string;
  roles: readonly FacilityRole[];
}

export interface NotifyUsersInput extends NotificationInput {
  facilityId: string | null;
  userIds: readonly string[];
}

/** A notification as the services see it. */
export interface Notification {
  id: string;
  userId: string;
  facilityId: string | null;
  kind: NotificationKind;
  params: NotificationParams;
  link: string | null;
  dedupeKey: string;
  createdAt: string;
  readAt: string | null;
}

/** A delivery channel beyond the in-app bell (none yet: e-mail is out of scope until SMTP exists). */
export interface NotificationChannel {
  name: string;
  deliver(deps: Deps, trx: Db, created: readonly Notification[]): Promise<void>;
}

/** Registered channels, called with every batch of newly created notifications. */
export const NOTIFICATION_CHANNELS: NotificationChannel[] = [];

function toNotification(r: repo.NotificationRow): Notification {
  let params: NotificationParams = {};
  try {
    params = JSON.parse(r.params) as NotificationParams;
  } catch {
    params = {};
  }
  return {
    id: r.id,
    userId: r.user_id,
    facilityId: r.facility_id,
    kind: r.kind as NotificationKind,
    params,
    link: r.link,
    dedupeKey: r.dedupe_key,
    createdAt: r.created_at,
    readAt: r.read_at,
  };
}

async function create(deps: Deps, trx: Db, userIds: readonly string[], facilityId: string | null, n: NotificationInput): Promise<number> {
  if (userIds.length === 0) return 0;
  const now = deps.clock.now().toISOString();
  const params = JSON.stringify(n.params);
  const rows: repo.NotificationRow[] = [...new Set(userIds)].map((userId) => ({
    id: newId(),
    user_id: userId,
    facility_id: facilityId,
    kind: n.kind,
    params,
    link: n.link,
    dedupe_key: n.dedupeKey,
    created_at: now,
    read_at: null,
  }));
  const created = (await repo.insertNotifications(trx, rows)).map(toNotification);
  for (const channel of NOTIFICATION_CHANNELS) if (created.length > 0) await channel.deliver(deps, trx, created);
  return created.length;
}

/**
 * Notifies every enabled user holding one of `roles` in the facility. Idempotent by (user, dedupeKey).
 * Returns the number of notifications created.
 */
export async function notifyRoles(deps: Deps, trx: Db, input: NotifyRolesInput): Promise<number> {
  const userIds = await repo.usersWithRolesIn(trx, input.facilityId, input.roles);
  return create(deps, trx, userIds, input.facilityId, input);
}

/** Notifies the given users (the enabled ones among them). Idempotent by (user, dedupeKey). */
export async function notifyUsers(deps: Deps, trx: Db, input: NotifyUsersInput): Promise<number> {
  const userIds = await repo.enabledUsers(trx, input.userIds);
  return create(deps, trx, userIds, input.facilityId, input);
}

// --- the signed-in user's notifications ---------------------------------------------------------

/** How many the bell lists. */
export const NOTIFICATION_LIST_LIMIT = 50;

function ownUserId(caller: Caller, scope: TokenScope): string {
  const actor = caller.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  // API tokens read notifications with the vulnerability scopes (every kind so far is about vulnerabilities).
  if (actor.token && !actor.token.scopes.includes(scope)) throw new AppError('TOKEN_SCOPE');
  return actor.userId;
}

export async function listMyNotifications(deps: Deps, caller: Caller): Promise<{ items: Notification[]; unread: number }> {
  const userId = ownUserId(caller, 'vulns:read');
  const [rows, unread] = await Promise.all([repo.listForUser(deps.db, userId, NOTIFICATION_LIST_LIMIT), repo.countUnread(deps.db, userId)]);
  return { items: rows.map(toNotification), unread };
}

/** Marks one of the caller's notifications read (idempotent); another user's is NOT_FOUND. */
export async function markNotificationRead(deps: Deps, caller: Caller, id: string): Promise<Notification> {
  const userId = ownUserId(caller, 'vulns:write');
  const found = await repo.findForUser(deps.db, userId, id);
  if (!found) throw new AppError('NOT_FOUND');
  await repo.markRead(deps.db, userId, id, deps.clock.now().toISOString());
  return toNotification((await repo.findForUser(deps.db, userId, id))!);
}

export async function markAllNotificationsRead(deps: Deps, caller: Caller): Promise<{ updated: number }> {
  const userId = ownUserId(caller, 'vulns:write');
  return { updated: await repo.markAllRead(deps.db, userId, deps.clock.now().toISOString()) };
}
