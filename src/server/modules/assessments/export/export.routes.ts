import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZExportQuery } from '../../../../shared/contracts/assessments.contract.ts';
import { ZId } from '../../../../shared/contracts/common.contract.ts';
import type { Deps } from '../../../context.ts';
import { sendDownload } from '../../../http/download.ts';
import { EXPORT_CONTENT_TYPES, exportAssessment } from './export.service.ts';

/** GET /assessments/:id/export?format=xlsx|pdf|html&lang=ja|en — the file for the on-site inspection. */
export function assessmentExportRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/assessments/:id/export',
      { schema: { tags: ['assessments'], params: z.object({ id: ZId }), querystring: ZExportQuery, produces: Object.values(EXPORT_CONTENT_TYPES) } },
      async (req, reply) => {
        const file = await exportAssessment(deps, req.caller, req.params.id, { format: req.query.format, lang: req.query.lang });
        reply.header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff');
        return sendDownload(reply, { bytes: file.body, contentType: file.contentType, fileName: file.fileName }, { inline: req.query.format === 'html' });
      },
    );
  };
}
