import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../context.ts';

/** 備え: backup plans, runs, the CSV import, the webhook and the overview (helper S1). */
export function backupRoutes(_deps: Deps): FastifyPluginAsyncZod {
  return async () => {};
}
