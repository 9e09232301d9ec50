import type { Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { newId } from '../../lib/ids.ts';
import { createMailer, type MailMessage, type Mailer } from './mailer.ts';
import * as repo from './outbox.repository.ts';
import { postWebhook } from './webhook.ts';

/**
 * The outbox: messages to the outside world (e-mail, webhooks) are written inside the transaction that decides
 * them (`enqueueTx`) and delivered after the commit by `deliverOutbox` — the scheduler runs it every 15 seconds and
 * services kick it right after their commit (`kickOutbox`). A failed attempt is retried after 1, 5, 15, 60, 60
 * minutes; after the sixth the message is given up (status `failed`, the error kept without secrets). Payloads are
 * sealed with the secret box: they hold acknowledgement links, which are credentials.
 */

export const OUTBOX_CHANNELS = ['email', 'webhook'] as const;
export type OutboxChannel = (typeof OUTBOX_CHANNELS)[number];
export type OutboxStatus = 'pending' | 'sent' | 'failed';

/** Minutes to wait after the n-th failed attempt (the last value repeats). */
export const OUTBOX_BACKOFF_MINUTES = [1, 5, 15, 60] as const;
export const OUTBOX_MAX_ATTEMPTS = 6;

/** A webhook message: the body to POST (already in the receiver's format). */
export interface WebhookPayload {
  body: unknown;
}
export type EmailPayload = Omit<MailMessage, 'to'>;

export type OutboxInput =
  | { facilityId: string | null; channel: 'email'; target: string; payload: EmailPayload; ref: string | null; skipReason?: string }
  | { facilityId: string | null; channel: 'webhook'; target: string; payload: WebhookPayload; ref: string | null; skipReason?: string };

export interface OutboxMessage {
  id: string;
  facilityId: string | null;
  channel: OutboxChannel;
  /** E-mail address, or the webhook id. */
  target: string;
  ref: string | null;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
}

function toMessage(r: repo.OutboxMessageRow): OutboxMessage {
  return {
    id: r.id,
    facilityId: r.facility_id,
    channel: r.channel as OutboxChannel,
    target: r.target,
    ref: r.ref,
    status: r.status as OutboxStatus,
    attempts: Number(r.attempts),
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    sentAt: r.sent_at,
    createdAt: r.created_at,
  };
}

const plusMinutes = (iso: Date, minutes: number) => new Date(iso.getTime() + minutes * 60_000).toISOString();

/** When the next attempt is due if attempt number `attempt` (1-based) fails. */
export function retryDelayMinutes(attempt: number): number {
  return OUTBOX_BACKOFF_MINUTES[Math.min(Math.max(attempt, 1), OUTBOX_BACKOFF_MINUTES.length) - 1]!;
}

/**
 * Writes a message inside the caller's transaction; it is delivered after the commit. With `skipReason` the message
 * is recorded as already given up (e.g. `smtp_not_configured`), so the reason shows where the delivery is listed.
 */
export async function enqueueTx(deps: Pick<Deps, 'clock' | 'secrets'>, trx: Db, input: OutboxInput): Promise<string> {
  const id = newId();
  const now = deps.clock.now().toISOString();
  await repo.insertMessage(trx, {
    id,
    facility_id: input.facilityId,
    channel: input.channel,
    target: input.target,
    payload: JSON.stringify({ sealed: deps.secrets.seal(JSON.stringify(input.payload)) }),
    ref: input.ref,
    status: input.skipReason ? 'failed' : 'pending',
    attempts: 0,
    next_attempt_at: now,
    last_error: input.skipReason ?? null,
    sent_at: null,
    created_at: now,
  });
  return id;
}

/** The delivery records of the given refs (for the screens that list who was alerted how). */
export async function outboxMessagesFor(db: Db, refs: readonly string[]): Promise<OutboxMessage[]> {
  return (await repo.listByRefs(db, refs)).map(toMessage);
}

export async function findOutboxMessage(db: Db, id: string): Promise<OutboxMessage | undefined> {
  const r = await repo.findMessage(db, id);
  return r ? toMessage(r) : undefined;
}

function openPayload<T>(deps: Pick<Deps, 'secrets'>, stored: string): T {
  const outer = JSON.parse(stored) as { sealed?: string };
  if (typeof outer.sealed !== 'string') return outer as T;
  return JSON.parse(deps.secrets.open(outer.sealed)) as T;
}

export interface DeliveryOutcome {
  /** Messages this run attempted (claimed). */
  attempted: number;
  sent: number;
  /** Failed attempts that will be retried. */
  retrying: number;
  /** Given up in this run. */
  failed: number;
}

/** One attempt of one claimed message: null when delivered, otherwise the error and whether retrying is pointless. */
async function attempt(deps: Deps, row: repo.OutboxMessageRow, mailer: () => Mailer | null): Promise<{ error: string; final: boolean } | null> {
  let payload: unknown;
  try {
    payload = openPayload(deps, row.payload);
  } catch {
    return { error: 'payload_unreadable', final: true };
  }
  if (row.channel === 'email') {
    const m = mailer();
    if (!m) return { error: 'smtp_not_configured', final: true };
    const r = await m.send({ ...(payload as EmailPayload), to: row.target });
    return r.ok ? null : { error: r.error ?? 'smtp_error', final: false };
  }
  if (row.channel === 'webhook') {
    const endpoint = await repo.findWebhookEndpoint(deps.db, row.target);
    if (!endpoint) return { error: 'webhook_deleted', final: true };
    if (!endpoint.enabled) return { error: 'webhook_disabled', final: true };
    let url: string;
    try {
      url = deps.secrets.open(endpoint.urlSealed);
    } catch {
      return { error: 'webhook_url_unreadable', final: true };
    }
    const r = await postWebhook(url, (payload as WebhookPayload).body);
    return r.ok ? null : { error: r.error ?? 'webhook_error', final: false };
  }
  return { error: 'unknown_channel', final: true };
}

/**
 * Sends the pending messages that are due (next_attempt_at ≤ now), a few at a time. Safe to run on two servers at
 * once and to overlap with itself: each message is claimed by a guarded UPDATE before it is sent.
 */
export async function deliverOutbox(deps: Deps, options: { limit?: number; concurrency?: number } = {}): Promise<DeliveryOutcome> {
  const outcome: DeliveryOutcome = { attempted: 0, sent: 0, retrying: 0, failed: 0 };
  const now = deps.clock.now();
  const due = await repo.listDue(deps.db, now.toISOString(), options.limit ?? 100);
  if (due.length === 0) return outcome;
  let mailer: Mailer | null | undefined;
  const getMailer = () => (mailer === undefined ? (mailer = createMailer(deps.config)) : mailer);
  const queue = [...due];
  const worker = async () => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      const attempts = Number(row.attempts);
      const nextAttempt = attempts + 1;
      const retryAt = plusMinutes(now, retryDelayMinutes(nextAttempt));
      if (!(await repo.claim(deps.db, row.id, attempts, now.toISOString(), retryAt))) continue;
      outcome.attempted += 1;
      let problem: { error: string; final: boolean } | null;
      try {
        problem = await attempt(deps, row, getMailer);
      } catch {
        problem = { error: 'delivery_error', final: false };
      }
      const at = deps.clock.now().toISOString();
      if (!problem) {
        await repo.markSent(deps.db, row.id, at);
        outcome.sent += 1;
        continue;
      }
      const giveUp = problem.final || nextAttempt >= OUTBOX_MAX_ATTEMPTS;
      await repo.markAttemptFailed(deps.db, row.id, problem.error, giveUp);
      if (giveUp) outcome.failed += 1;
      else outcome.retrying += 1;
      // The reason is safe to log (codes only); the target and the payload are not logged.
      deps.logger.warn({ outboxId: row.id, channel: row.channel, attempt: nextAttempt, error: problem.error, gaveUp: giveUp }, 'outbox delivery failed');
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, due.length)) }, worker));
  } finally {
    mailer?.close();
  }
  return outcome;
}

// --- kicks: deliver right after a commit, without waiting for the scheduler ----------------------------------

interface KickState {
  running: boolean;
  again: boolean;
}
const kickable = new WeakMap<Deps, KickState>();

/** Lets `kickOutbox` deliver for these deps (the server's scheduler turns it on; tests and the CLI leave it off). */
export function enableOutboxKicks(deps: Deps, enabled = true): void {
  if (enabled) kickable.set(deps, kickable.get(deps) ?? { running: false, again: false });
  else kickable.delete(deps);
}

/**
 * Starts a delivery run in the background (never awaited, never throws). Call it after the transaction that
 * enqueued has committed. One run at a time per process; a kick during a run makes it run once more.
 */
export function kickOutbox(deps: Deps): void {
  const state = kickable.get(deps);
  if (!state) return;
  if (state.running) {
    state.again = true;
    return;
  }
  state.running = true;
  const loop = async () => {
    do {
      state.again = false;
      await deliverOutbox(deps).catch((err: unknown) => deps.logger.error({ err }, 'outbox delivery run failed'));
    } while (state.again);
    state.running = false;
  };
  setImmediate(() => void loop());
}
