import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../context.ts';

/** 備え: the cyber BCP versions and approval (helper S3). */
export function bcpRoutes(_deps: Deps): FastifyPluginAsyncZod {
  return async () => {};
}
