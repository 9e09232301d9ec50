import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../context.ts';

/** 委託事業者 routes (placeholder until the module lands). */
export function vendorRoutes(_deps: Deps): FastifyPluginAsyncZod {
  return async () => {};
}
