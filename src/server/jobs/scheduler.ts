import type { Deps } from '../context.ts';
import { purgeExpiredSessions } from '../modules/auth/index.ts';
import { expireConnections } from '../modules/connections/index.ts';
import { syncJob } from '../modules/feeds/index.ts';
import { escalateFindings, expireRiskAcceptances } from '../modules/vulns/index.ts';
import { checkIncidentClocks, escalateAlerts } from '../modules/incidents/index.ts';
import { deliverOutbox, enableOutboxKicks } from '../modules/outbox/index.ts';

/** Periodic housekeeping. Each job is idempotent, so running it twice (or on two servers) is harmless. */
export function startScheduler(deps: Deps): () => void {
  const jobs: { id: string; everyMs: number; run: () => Promise<unknown>; firstAfterMs?: number }[] = [
    { id: 'auth.purge-expired-sessions', everyMs: 10 * 60_000, run: () => purgeExpiredSessions(deps) },
    // 外部接続: approvals that ran out → expired (hourly, and once shortly after start so a restart catches up).
    { id: 'connections.expire', everyMs: 60 * 60_000, firstAfterMs: 15_000, run: () => expireConnections(deps) },
    // 脆弱性: risk acceptances past their expiry reopen, then overdue / untouched findings escalate (hourly).
    { id: 'vulns.escalate', everyMs: 60 * 60_000, firstAfterMs: 30_000, run: async () => ({ reopened: await expireRiskAcceptances(deps), ...(await escalateFindings(deps)) }) },
    // Feeds: daily online sync when the deployment allows it (MAMORI_FEED_SYNC=1); does nothing otherwise.
    { id: 'feeds.sync', everyMs: 24 * 60 * 60_000, firstAfterMs: 5 * 60_000, run: () => syncJob(deps) },
    // Outbox: e-mail and webhook messages (incident alerts) that are due, with retries; services also kick it after their commit.
    { id: 'outbox.deliver', everyMs: 15_000, run: () => deliverOutbox(deps) },
    // インシデント連絡: unanswered on-call alerts pass to the next person of the call chain after the facility's delay.
    { id: 'incidents.escalate-alerts', everyMs: 60_000, run: () => escalateAlerts(deps) },
    // 法定の報告期限: notify the security manager and the executive when a deadline reaches 50 %, 80 % or passes.
    { id: 'incidents.clocks', everyMs: 5 * 60_000, firstAfterMs: 20_000, run: () => checkIncidentClocks(deps) },
  ];
  enableOutboxKicks(deps);
  const run = (job: (typeof jobs)[number]) => {
    job.run().catch((err: unknown) => deps.logger.error({ err, job: job.id }, 'job failed'));
  };
  const timers = jobs.flatMap((job) => {
    const t = setInterval(() => run(job), job.everyMs);
    t.unref();
    if (job.firstAfterMs === undefined) return [t];
    const first = setTimeout(() => run(job), job.firstAfterMs);
    first.unref();
    return [t, first];
  });
  return () => {
    enableOutboxKicks(deps, false);
    timers.forEach((t) => {
      clearInterval(t);
      clearTimeout(t);
    });
  };
}
