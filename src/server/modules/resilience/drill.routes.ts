import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../context.ts';

/** 備え: recovery targets, the recovery order and restore drills (helper S2). */
export function drillRoutes(_deps: Deps): FastifyPluginAsyncZod {
  return async () => {};
}
