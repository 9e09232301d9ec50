import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZDraft, ZDraftExportQuery, ZDraftParams, ZDraftQuery, ZDraftUpdate } from '../../../shared/contracts/incident-clocks.contract.ts';
import type { Deps } from '../../context.ts';
import { sendDownload } from '../../http/download.ts';
import { DRAFT_CONTENT_TYPES, exportDraft } from './draft-print.ts';
import { presentDraft } from './draft.presenter.ts';
import * as drafts from './draft.service.ts';

/** 報告書の下書き: read (pre-filled from the case), save the edited fields, print or copy as text. */
export function draftRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['incidents'];
    const base = '/incidents/:id/drafts/:kind';

    app.get(base, { schema: { tags, params: ZDraftParams, querystring: ZDraftQuery, response: { 200: ZDraft } } }, async (req) =>
      presentDraft(await drafts.getDraft(deps, req.caller, req.params.id, req.params.kind, req.query.lang)),
    );

    app.put(base, { schema: { tags, params: ZDraftParams, querystring: ZDraftQuery, body: ZDraftUpdate, response: { 200: ZDraft } } }, async (req) =>
      presentDraft(await drafts.saveDraft(deps, req.caller, req.params.id, req.params.kind, req.body, req.query.lang)),
    );

    app.get(`${base}/export`, { schema: { tags, params: ZDraftParams, querystring: ZDraftExportQuery, produces: Object.values(DRAFT_CONTENT_TYPES) } }, async (req, reply) => {
      const file = await exportDraft(deps, req.caller, req.params.id, req.params.kind, req.query);
      reply.header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff');
      return sendDownload(reply, { bytes: file.body, contentType: file.contentType, fileName: file.fileName }, { inline: req.query.format !== 'pdf' });
    });
  };
}
