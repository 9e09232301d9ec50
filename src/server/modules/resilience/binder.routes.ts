import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId } from '../../../shared/contracts/common.contract.ts';
import {
  ZBinderCheck,
  ZBinderCheckParams,
  ZBinderPrintPage,
  ZBinderPrintsQuery,
  ZBinderQuery,
  ZBinderStatus,
} from '../../../shared/contracts/resilience-binder.contract.ts';
import type { Deps } from '../../context.ts';
import { contentDisposition } from '../../lib/file-names.ts';
import { presentBinderPrintPage } from './binder.presenter.ts';
import { BINDER_CONTENT_TYPES, binderStatus, checkBinder, generateBinder, listBinderPrints } from './binder.service.ts';

/** 備え: the emergency binder (緊急時バインダー) — the file, whether it changed since the last copy, the check of a copy, the history. */
export function binderRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['resilience'];
    const facility = z.object({ facilityId: ZId });
    const base = '/facilities/:facilityId/binder';

    app.get(base, { schema: { tags, params: facility, querystring: ZBinderQuery, produces: Object.values(BINDER_CONTENT_TYPES) } }, async (req, reply) => {
      const file = await generateBinder(deps, req.caller, req.params.facilityId, req.query);
      return reply
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition(file.fileName))
        .header('x-binder-code', file.code)
        .send(file.body);
    });

    app.get(`${base}/status`, { schema: { tags, params: facility, response: { 200: ZBinderStatus } } }, async (req) => binderStatus(deps, req.caller, req.params.facilityId));

    app.get(`${base}/check/:code`, { schema: { tags, params: ZBinderCheckParams, response: { 200: ZBinderCheck } } }, async (req) =>
      checkBinder(deps, req.caller, req.params.facilityId, req.params.code),
    );

    app.get(`${base}/prints`, { schema: { tags, params: facility, querystring: ZBinderPrintsQuery, response: { 200: ZBinderPrintPage } } }, async (req) =>
      presentBinderPrintPage(await listBinderPrints(deps, req.caller, req.params.facilityId, req.query)),
    );
  };
}
