import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZErrorResponse, ZId } from '../../../shared/contracts/common.contract.ts';
import {
  ZConnectionApprove,
  ZConnectionComment,
  ZConnectionCreate,
  ZConnectionDetail,
  ZConnectionListQuery,
  ZConnectionPage,
  ZConnectionReject,
  ZConnectionSummary,
  ZConnectionUpdate,
} from '../../../shared/contracts/connections.contract.ts';
import { ZAssetExportQuery, ZAssetImportQuery, ZAssetImportResult } from '../../../shared/contracts/ledger.contract.ts';
import { errorMessage } from '../../../shared/errors.ts';
import { ASSET_IMPORT_LIMITS, formatImportIssue } from '../../../shared/ledger-import.ts';
import type { Deps } from '../../context.ts';
import { requestLocale } from '../../http/errors.ts';
import { connectionTemplate, exportConnections } from './connection-export.ts';
import { importConnections } from './connection-import.ts';
import { presentConnection, presentConnectionDetail, presentConnectionSummary } from './connection.presenter.ts';
import * as connections from './connection.service.ts';
import { sendDownload } from '../../http/download.ts';

const FILE_TYPES = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream'];

/** 外部接続・リモート保守台帳: the register, the lifecycle actions, import and export, all under a facility. */
export function connectionRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const base = '/facilities/:facilityId/connections';
    const facility = z.object({ facilityId: ZId });
    const one = facility.extend({ connectionId: ZId });
    const tags = ['connections'];

    app.get(base, { schema: { tags, params: facility, querystring: ZConnectionListQuery, response: { 200: ZConnectionPage } } }, async (req) => {
      const page = await connections.listConnections(deps, req.caller, req.params.facilityId, req.query);
      return { ...page, items: page.items.map(presentConnection) };
    });

    app.post(base, { schema: { tags, params: facility, body: ZConnectionCreate, response: { 201: ZConnectionDetail } } }, async (req, reply) =>
      reply.status(201).send(presentConnectionDetail(await connections.createConnection(deps, req.caller, req.params.facilityId, req.body))),
    );

    app.get(`${base}/summary`, { schema: { tags, params: facility, response: { 200: ZConnectionSummary } } }, async (req) =>
      presentConnectionSummary(await connections.connectionSummary(deps, req.caller, req.params.facilityId)),
    );

    app.get(`${base}/:connectionId`, { schema: { tags, params: one, response: { 200: ZConnectionDetail } } }, async (req) =>
      presentConnectionDetail(await connections.getConnection(deps, req.caller, req.params.facilityId, req.params.connectionId)),
    );

    app.patch(`${base}/:connectionId`, { schema: { tags, params: one, body: ZConnectionUpdate, response: { 200: ZConnectionDetail } } }, async (req) =>
      presentConnectionDetail(await connections.updateConnection(deps, req.caller, req.params.facilityId, req.params.connectionId, req.body)),
    );

    // --- lifecycle actions ------------------------------------------------------------------------
    app.post(`${base}/:connectionId/approve`, { schema: { tags, params: one, body: ZConnectionApprove, response: { 200: ZConnectionDetail } } }, async (req) =>
      presentConnectionDetail(await connections.approveConnection(deps, req.caller, req.params.facilityId, req.params.connectionId, req.body)),
    );
    app.post(`${base}/:connectionId/reject`, { schema: { tags, params: one, body: ZConnectionReject, response: { 200: ZConnectionDetail } } }, async (req) =>
      presentConnectionDetail(await connections.rejectConnection(deps, req.caller, req.params.facilityId, req.params.connectionId, req.body)),
    );
    app.post(`${base}/:connectionId/activate`, { schema: { tags, params: one, body: ZConnectionComment, response: { 200: ZConnectionDetail } } }, async (req) =>
      presentConnectionDetail(await connections.activateConnection(deps, req.caller, req.params.facilityId, req.params.connectionId, req.body)),
    );
    app.post(`${base}/:connectionId/retire`, { schema: { tags, params: one, body: ZConnectionComment, response: { 200: ZConnectionDetail } } }, async (req) =>
      presentConnectionDetail(await connections.retireConnection(deps, req.caller, req.params.facilityId, req.params.connectionId, req.body)),
    );
    app.post(`${base}/:connectionId/resubmit`, { schema: { tags, params: one, body: ZConnectionComment, response: { 200: ZConnectionDetail } } }, async (req) =>
      presentConnectionDetail(await connections.resubmitConnection(deps, req.caller, req.params.facilityId, req.params.connectionId, req.body)),
    );

    // --- import and export ------------------------------------------------------------------------
    await app.register(async (scope) => {
      const files = scope.withTypeProvider<ZodTypeProvider>();
      // The file is the raw request body; only this scope accepts these types, with a larger limit.
      files.addContentTypeParser(FILE_TYPES, { parseAs: 'buffer', bodyLimit: ASSET_IMPORT_LIMITS.maxFileBytes }, (_req, body, done) => done(null, body));
      files.post(
        `${base}/import`,
        {
          bodyLimit: ASSET_IMPORT_LIMITS.maxFileBytes,
          schema: {
            tags,
            params: facility,
            querystring: ZAssetImportQuery,
            consumes: FILE_TYPES,
            response: { 200: ZAssetImportResult, 422: ZAssetImportResult.extend(ZErrorResponse.shape) },
          },
        },
        async (req, reply) => {
          const header = req.headers['x-file-name'];
          let fileName = req.query.fileName ?? '';
          if (!fileName && typeof header === 'string') {
            try {
              fileName = decodeURIComponent(header);
            } catch {
              fileName = header;
            }
          }
          const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
          const result = await importConnections(deps, req.caller, req.params.facilityId, body, { fileName, dryRun: req.query.dryRun === 'true' });
          const locale = requestLocale(req);
          const withText = <T extends Parameters<typeof formatImportIssue>[0]>(i: T) => ({ ...i, text: formatImportIssue(i, locale) });
          const out = { ...result, errors: result.errors.map(withText), warnings: result.warnings.map(withText) };
          if (result.errorCount === 0) return reply.status(200).send(out);
          // Errors in the file: 422 with the preview, so that the caller can show every row at once.
          return reply.status(422).send({ ...out, error: { code: 'VALIDATION_FAILED' as const, message: errorMessage('VALIDATION_FAILED', locale), issues: result.errors } });
        },
      );
    });

    const produces = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];

    app.get(`${base}/export`, { schema: { tags, params: facility, querystring: ZAssetExportQuery, produces } }, async (req, reply) =>
      sendDownload(reply, await exportConnections(deps, req.caller, req.params.facilityId, req.query)),
    );

    app.get(`${base}/template`, { schema: { tags, params: facility, querystring: ZAssetExportQuery, produces } }, async (req, reply) =>
      sendDownload(reply, await connectionTemplate(deps, req.caller, req.params.facilityId, req.query)),
    );
  };
}
