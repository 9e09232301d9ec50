import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../context.ts';

/** 備え: exercises (訓練) (helper S3). */
export function exerciseRoutes(_deps: Deps): FastifyPluginAsyncZod {
  return async () => {};
}
