import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../context.ts';

/** 外部接続・リモート保守台帳 routes (placeholder until the module lands). */
export function connectionRoutes(_deps: Deps): FastifyPluginAsyncZod {
  return async () => {};
}
