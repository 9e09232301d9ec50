import type { Deps } from '../context.ts';
import { purgeExpiredSessions } from '../modules/auth/index.ts';
import { expireConnections } from '../modules/connections/index.ts';
import { syncJob } from '../modules/feeds/index.ts';
import { escalateFindings, expireRiskAcceptances } from '../modules/vulns/index.ts';

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
  ];
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
  return () =>
    timers.forEach((t) => {
      clearInterval(t);
      clearTimeout(t);
    });
}
