import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { ZId } from '../../../shared/contracts/common.contract.ts';
import { ZFeedImport, ZFeedImportPage, ZFeedStatus } from '../../../shared/contracts/vulns.contract.ts';
import type { Deps } from '../../context.ts';
import { headerFileName } from '../../http/import-route.ts';
import { getFeedImport, readFeedStatus, startFeedUpload } from './feed-upload.ts';
import { assertFeedManager, listFeedImports } from './feed.service.ts';

/** Feeds (deployment-wide): freshness for everyone, the import log and the upload for administrators. */
export function feedRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['feeds'];

    app.get('/feeds/status', { schema: { tags, response: { 200: ZFeedStatus } } }, async (req) => readFeedStatus(deps, req.caller));

    app.get(
      '/feeds/imports',
      {
        schema: {
          tags,
          querystring: z.strictObject({ page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50) }),
          response: { 200: ZFeedImportPage },
        },
      },
      async (req) => {
        assertFeedManager(req.caller);
        return listFeedImports(deps, req.query);
      },
    );

    app.get('/feeds/imports/:id', { schema: { tags, params: z.object({ id: ZId }), response: { 200: ZFeedImport } } }, async (req) => getFeedImport(deps, req.caller, req.params.id));

    const uploadRoute: FastifyPluginAsyncZod = async (upload) => {
      // The feed file is the raw request body, whatever its type (JSON, CSV, XML, gzip): streamed, not parsed.
      upload.removeAllContentTypeParsers();
      upload.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
      upload.post(
        '/feeds/imports',
        {
          schema: {
            tags,
            querystring: z.strictObject({ fileName: z.string().trim().max(255).optional(), force: z.enum(['true', 'false']).optional() }),
            response: { 202: ZFeedImport },
          },
        },
        async (req, reply) => {
          // Checked before the body is read: nobody else's upload reaches the disk.
          assertFeedManager(req.caller);
          const fileName = req.query.fileName || headerFileName(req.headers['x-file-name']);
          const dto = await startFeedUpload(deps, req.caller, req.body as Readable, { fileName, force: req.query.force === 'true' });
          return reply.status(202).send(dto);
        },
      );
    };
    await app.register(uploadRoute);
  };
}
