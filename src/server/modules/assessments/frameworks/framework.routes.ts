import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId, ZOk } from '../../../../shared/contracts/common.contract.ts';
import { ZFrameworkDetail, ZFrameworkList, ZFrameworkListQuery, ZFrameworkUploadQuery, ZFrameworkValidation } from '../../../../shared/contracts/assessments.contract.ts';
import type { Deps } from '../../../context.ts';
import { sendDownload, SPREADSHEET_TYPES } from '../../../http/download.ts';
import { headerFileName } from '../../../http/import-route.ts';
import { FRAMEWORK_XLSX_MAX_BYTES } from './framework-xlsx.ts';
import * as frameworks from './framework.service.ts';

/** What a framework upload may be sent as (YAML or .xlsx as the raw body). */
export const FRAMEWORK_UPLOAD_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml', 'text/plain', 'application/octet-stream', ...SPREADSHEET_TYPES.filter((t) => t !== 'text/csv')];

/** Frameworks (checklists as data): list, read, validate, add a facility's or a group's own, delete, the .xlsx template. */
export function frameworkRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    // A broken shipped framework file stops the start here, with file:line key message.
    frameworks.loadBuiltinFrameworks();
    const tags = ['frameworks'];

    app.get('/frameworks', { schema: { tags, querystring: ZFrameworkListQuery, response: { 200: ZFrameworkList } } }, async (req) => ({
      items: await frameworks.listFrameworks(deps, req.caller, req.query),
    }));

    app.get('/frameworks/template.xlsx', { schema: { tags, produces: SPREADSHEET_TYPES } }, async (req, reply) => sendDownload(reply, await frameworks.frameworkTemplate(req.caller)));

    app.get(
      '/frameworks/:frameworkId/versions/:version',
      { schema: { tags, params: z.object({ frameworkId: z.string().min(1).max(64), version: z.string().min(1).max(64) }), querystring: ZFrameworkListQuery, response: { 200: ZFrameworkDetail } } },
      async (req) => frameworks.getFramework(deps, req.caller, req.params.frameworkId, req.params.version, req.query),
    );

    app.delete('/custom-frameworks/:recordId', { schema: { tags, params: z.object({ recordId: ZId }), response: { 200: ZOk } } }, async (req) => {
      await frameworks.deleteCustomFramework(deps, req.caller, req.params.recordId);
      return { ok: true as const };
    });

    await app.register(async (scope) => {
      const files = scope.withTypeProvider<ZodTypeProvider>();
      // The file is the raw request body (not multipart); YAML is at most 2 MB, a workbook at most 5 MB.
      files.removeContentTypeParser(['text/plain']);
      files.addContentTypeParser(FRAMEWORK_UPLOAD_TYPES, { parseAs: 'buffer', bodyLimit: FRAMEWORK_XLSX_MAX_BYTES }, (_req, body, done) => done(null, body));
      const upload = { bodyLimit: FRAMEWORK_XLSX_MAX_BYTES };
      const bodyOf = (body: unknown) => (Buffer.isBuffer(body) ? body : Buffer.alloc(0));
      const nameOf = (query: { fileName?: string | undefined }, header: string | string[] | undefined) => query.fileName || headerFileName(header);

      files.post(
        '/frameworks/validate',
        { ...upload, schema: { tags, querystring: ZFrameworkUploadQuery, consumes: FRAMEWORK_UPLOAD_TYPES, response: { 200: ZFrameworkValidation } } },
        async (req) => frameworks.validateFrameworkFile(deps, req.caller, bodyOf(req.body), nameOf(req.query, req.headers['x-file-name'])),
      );

      files.post(
        '/facilities/:facilityId/frameworks',
        { ...upload, schema: { tags, params: z.object({ facilityId: ZId }), querystring: ZFrameworkUploadQuery, consumes: FRAMEWORK_UPLOAD_TYPES, response: { 201: ZFrameworkDetail } } },
        async (req, reply) =>
          reply.status(201).send(await frameworks.createFacilityFramework(deps, req.caller, req.params.facilityId, bodyOf(req.body), nameOf(req.query, req.headers['x-file-name']))),
      );

      files.post(
        '/groups/:groupId/frameworks',
        { ...upload, schema: { tags, params: z.object({ groupId: ZId }), querystring: ZFrameworkUploadQuery, consumes: FRAMEWORK_UPLOAD_TYPES, response: { 201: ZFrameworkDetail } } },
        async (req, reply) => reply.status(201).send(await frameworks.createGroupFramework(deps, req.caller, req.params.groupId, bodyOf(req.body), nameOf(req.query, req.headers['x-file-name']))),
      );
    });
  };
}
