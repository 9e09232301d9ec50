import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../context.ts';

/** 備え: the emergency binder (helper S4). */
export function binderRoutes(_deps: Deps): FastifyPluginAsyncZod {
  return async () => {};
}
