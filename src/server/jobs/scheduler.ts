import type { Deps } from '../context.ts';
import { purgeExpiredSessions } from '../modules/auth/index.ts';

/** Periodic housekeeping. Each job is idempotent, so running it twice (or on two servers) is harmless. */
export function startScheduler(deps: Deps): () => void {
  const jobs = [{ id: 'auth.purge-expired-sessions', everyMs: 10 * 60_000, run: () => purgeExpiredSessions(deps) }];
  const timers = jobs.map((job) => {
    const t = setInterval(() => {
      job.run().catch((err: unknown) => deps.logger.error({ err, job: job.id }, 'job failed'));
    }, job.everyMs);
    t.unref();
    return t;
  });
  return () => timers.forEach((t) => clearInterval(t));
}
