import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId } from '../../../shared/contracts/common.contract.ts';
import { ZCustodyCreate, ZCustodyVerify, ZEvidenceCreate, ZEvidenceFileQuery, ZEvidenceItem, ZEvidenceList } from '../../../shared/contracts/incident-evidence.contract.ts';
import type { Deps } from '../../context.ts';
import { headerFileName } from '../../http/import-route.ts';
import { contentDisposition } from '../../lib/file-names.ts';
import { presentCustodyVerify, presentEvidenceItem, presentEvidenceList } from './evidence.presenter.ts';
import * as evidence from './evidence.service.ts';

/**
 * 証拠保全: a case's evidence items with their custody chains, new items (JSON with a stated hash, or the file as the raw
 * body with the fields as query parameters), new custody entries, the file download and the chain verification. There
 * are no update or delete routes: evidence and custody are append-only.
 */
export function evidenceRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['incidents'];
    const one = z.object({ id: ZId });

    app.get('/incidents/:id/evidence', { schema: { tags, params: one, response: { 200: ZEvidenceList } } }, async (req) =>
      presentEvidenceList(await evidence.listEvidence(deps, req.caller, req.params.id)),
    );

    app.post('/incidents/:id/evidence', { schema: { tags, params: one, body: ZEvidenceCreate, response: { 201: ZEvidenceItem } } }, async (req, reply) =>
      reply.status(201).send(presentEvidenceItem(await evidence.addEvidence(deps, req.caller, req.params.id, req.body))),
    );

    app.get('/incidents/:id/custody/verify', { schema: { tags, params: one, response: { 200: ZCustodyVerify } } }, async (req) =>
      presentCustodyVerify(await evidence.verifyCustody(deps, req.caller, req.params.id)),
    );

    app.post('/incident-evidence/:id/custody', { schema: { tags, params: one, body: ZCustodyCreate, response: { 201: ZEvidenceItem } } }, async (req, reply) =>
      reply.status(201).send(presentEvidenceItem(await evidence.addCustodyEntry(deps, req.caller, req.params.id, req.body))),
    );

    // Evidence may be hostile (a phishing page, a malware sample): always an attachment of a neutral type, never sniffed.
    app.get('/incident-evidence/:id/file', { schema: { tags, params: one, produces: ['application/octet-stream'] } }, async (req, reply) => {
      const file = await evidence.evidenceFile(deps, req.caller, req.params.id);
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-disposition', contentDisposition(file.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .header('x-sha256', file.sha256)
        .send(file.bytes);
    });

    await app.register(async (scope) => {
      const files = scope.withTypeProvider<ZodTypeProvider>();
      // The file is the raw request body, of any type, up to EVIDENCE_FILE_MAX_BYTES; its name in X-File-Name (URI-encoded).
      files.removeAllContentTypeParsers();
      files.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: evidence.EVIDENCE_FILE_MAX_BYTES }, (_req, body, done) => done(null, body));
      files.post(
        '/incidents/:id/evidence/file',
        {
          bodyLimit: evidence.EVIDENCE_FILE_MAX_BYTES,
          schema: { tags, params: one, querystring: ZEvidenceFileQuery, consumes: ['application/octet-stream'], response: { 201: ZEvidenceItem } },
        },
        async (req, reply) => {
          const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
          const created = await evidence.addEvidenceFile(deps, req.caller, req.params.id, {
            ...req.query,
            bytes,
            contentType: req.headers['content-type'],
            fileName: headerFileName(req.headers['x-file-name']),
          });
          return reply.status(201).send(presentEvidenceItem(created));
        },
      );
    });
  };
}
