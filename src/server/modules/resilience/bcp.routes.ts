import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId, ZOk } from '../../../shared/contracts/common.contract.ts';
import { ZBcpApprove, ZBcpContentSave, ZBcpExportQuery, ZBcpOverview, ZBcpReturn, ZBcpSubmit, ZBcpVersion } from '../../../shared/contracts/resilience-bcp.contract.ts';
import type { Deps } from '../../context.ts';
import { sendDownload } from '../../http/download.ts';
import { BCP_CONTENT_TYPES, exportBcpVersion } from './bcp-print.ts';
import { presentBcpOverview, presentBcpVersion } from './bcp.presenter.ts';
import * as bcp from './bcp.service.ts';

/** 備え: the cyber BCP versions, their editing and approval, and the printable version (helper S3). */
export function bcpRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['resilience'];
    const facility = z.object({ facilityId: ZId });
    const one = z.object({ id: ZId });

    app.get('/facilities/:facilityId/bcp', { schema: { tags, params: facility, response: { 200: ZBcpOverview } } }, async (req) =>
      presentBcpOverview(await bcp.getBcpOverview(deps, req.caller, req.params.facilityId)),
    );

    app.post('/facilities/:facilityId/bcp', { schema: { tags, params: facility, response: { 201: ZBcpVersion } } }, async (req, reply) =>
      reply.status(201).send(presentBcpVersion(await bcp.createBcpDraft(deps, req.caller, req.params.facilityId))),
    );

    app.get('/bcp-versions/:id', { schema: { tags, params: one, response: { 200: ZBcpVersion } } }, async (req) => presentBcpVersion(await bcp.getBcpVersion(deps, req.caller, req.params.id)));

    app.put('/bcp-versions/:id/content', { schema: { tags, params: one, body: ZBcpContentSave, response: { 200: ZBcpVersion } } }, async (req) =>
      presentBcpVersion(await bcp.saveBcpContent(deps, req.caller, req.params.id, req.body)),
    );

    app.post('/bcp-versions/:id/submit', { schema: { tags, params: one, body: ZBcpSubmit.optional(), response: { 200: ZBcpVersion } } }, async (req) =>
      presentBcpVersion(await bcp.submitBcpVersion(deps, req.caller, req.params.id, req.body ?? {})),
    );

    app.post('/bcp-versions/:id/return', { schema: { tags, params: one, body: ZBcpReturn, response: { 200: ZBcpVersion } } }, async (req) =>
      presentBcpVersion(await bcp.returnBcpVersion(deps, req.caller, req.params.id, req.body)),
    );

    app.post('/bcp-versions/:id/approve', { schema: { tags, params: one, body: ZBcpApprove.optional(), response: { 200: ZBcpVersion } } }, async (req) =>
      presentBcpVersion(await bcp.approveBcpVersion(deps, req.caller, req.params.id, req.body ?? {})),
    );

    app.delete('/bcp-versions/:id', { schema: { tags, params: one, response: { 200: ZOk } } }, async (req) => {
      await bcp.deleteBcpVersion(deps, req.caller, req.params.id);
      return { ok: true as const };
    });

    app.get('/bcp-versions/:id/export', { schema: { tags, params: one, querystring: ZBcpExportQuery, produces: Object.values(BCP_CONTENT_TYPES) } }, async (req, reply) => {
      const file = await exportBcpVersion(deps, req.caller, req.params.id, req.query);
      reply.header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff');
      return sendDownload(reply, { bytes: file.body, contentType: file.contentType, fileName: file.fileName }, { inline: req.query.format === 'html' });
    });
  };
}
