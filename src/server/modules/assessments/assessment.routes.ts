import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId, ZOk } from '../../../shared/contracts/common.contract.ts';
import {
  ZAnswerUpdate,
  ZAssessmentCreate,
  ZAssessmentDetail,
  ZAssessmentHistory,
  ZAssessmentHistoryQuery,
  ZAssessmentItemState,
  ZAssessmentList,
  ZAssessmentListQuery,
  ZCarryOver,
  ZCompare,
  ZCompareQuery,
  ZEvidence,
  ZEvidenceCreate,
  ZEvidenceFileQuery,
  ZItemActionCreate,
  ZSignoff,
} from '../../../shared/contracts/assessments.contract.ts';
import type { Deps } from '../../context.ts';
import { headerFileName } from '../../http/import-route.ts';
import { contentDisposition } from '../../lib/file-names.ts';
import * as assessments from './assessment.service.ts';
import * as evidence from './evidence.service.ts';

/** 現状調査: assessments of a facility, answers, evidence, history, sign-off, carry-over, comparison, item actions. */
export function assessmentRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const facility = z.object({ facilityId: ZId });
    const one = z.object({ id: ZId });
    const item = one.extend({ itemId: z.string().min(1).max(64) });
    const ev = one.extend({ evidenceId: ZId });
    const tags = ['assessments'];

    app.get('/facilities/:facilityId/assessments', { schema: { tags, params: facility, querystring: ZAssessmentListQuery, response: { 200: ZAssessmentList } } }, async (req) => ({
      items: await assessments.listAssessments(deps, req.caller, req.params.facilityId, req.query),
    }));

    app.post('/facilities/:facilityId/assessments', { schema: { tags, params: facility, body: ZAssessmentCreate, response: { 201: ZAssessmentDetail } } }, async (req, reply) =>
      reply.status(201).send(await assessments.createAssessment(deps, req.caller, req.params.facilityId, req.body)),
    );

    app.get('/assessments/compare', { schema: { tags, querystring: ZCompareQuery, response: { 200: ZCompare } } }, async (req) =>
      assessments.compareAssessmentsOf(deps, req.caller, req.query.a, req.query.b),
    );

    app.get('/assessments/:id', { schema: { tags, params: one, response: { 200: ZAssessmentDetail } } }, async (req) => assessments.getAssessmentDetail(deps, req.caller, req.params.id));

    app.delete('/assessments/:id', { schema: { tags, params: one, response: { 200: ZOk } } }, async (req) => {
      await assessments.deleteAssessment(deps, req.caller, req.params.id);
      return { ok: true as const };
    });

    app.put('/assessments/:id/answers/:itemId', { schema: { tags, params: item, body: ZAnswerUpdate, response: { 200: ZAssessmentItemState } } }, async (req) =>
      assessments.answerItem(deps, req.caller, req.params.id, req.params.itemId, req.body),
    );

    app.get('/assessments/:id/history', { schema: { tags, params: one, querystring: ZAssessmentHistoryQuery, response: { 200: ZAssessmentHistory } } }, async (req) =>
      assessments.assessmentHistory(deps, req.caller, req.params.id, req.query),
    );

    app.post('/assessments/:id/signoff', { schema: { tags, params: one, body: ZSignoff, response: { 200: ZAssessmentDetail } } }, async (req) =>
      assessments.signAssessment(deps, req.caller, req.params.id, req.body),
    );

    app.post('/assessments/:id/carry-over', { schema: { tags, params: one, body: ZCarryOver, response: { 201: ZAssessmentDetail } } }, async (req, reply) =>
      reply.status(201).send(await assessments.carryOverAssessment(deps, req.caller, req.params.id, req.body)),
    );

    app.post('/assessments/:id/items/:itemId/actions', { schema: { tags, params: item, body: ZItemActionCreate, response: { 201: ZAssessmentItemState } } }, async (req, reply) =>
      reply.status(201).send(await assessments.createItemAction(deps, req.caller, req.params.id, req.params.itemId, req.body)),
    );

    // --- evidence ---------------------------------------------------------------------------------
    app.post('/assessments/:id/evidence', { schema: { tags, params: one, body: ZEvidenceCreate, response: { 201: ZEvidence } } }, async (req, reply) =>
      reply.status(201).send(await evidence.addEvidenceLink(deps, req.caller, req.params.id, req.body)),
    );

    app.get('/assessments/:id/evidence/:evidenceId/file', { schema: { tags, params: ev, produces: ['application/octet-stream'] } }, async (req, reply) => {
      const file = await evidence.evidenceFile(deps, req.caller, req.params.id, req.params.evidenceId);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition(file.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('x-sha256', file.sha256)
        .send(file.bytes);
    });

    app.delete('/assessments/:id/evidence/:evidenceId', { schema: { tags, params: ev, response: { 200: ZOk } } }, async (req) => {
      await evidence.deleteEvidence(deps, req.caller, req.params.id, req.params.evidenceId);
      return { ok: true as const };
    });

    await app.register(async (scope) => {
      const files = scope.withTypeProvider<ZodTypeProvider>();
      // The evidence file is the raw request body, of any type (PDF, images, Office, text …), up to EVIDENCE_MAX_BYTES.
      files.removeAllContentTypeParsers();
      files.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: evidence.EVIDENCE_MAX_BYTES }, (_req, body, done) => done(null, body));
      files.post(
        '/assessments/:id/evidence/file',
        {
          bodyLimit: evidence.EVIDENCE_MAX_BYTES,
          schema: { tags, params: one, querystring: ZEvidenceFileQuery, consumes: ['application/octet-stream'], response: { 201: ZEvidence } },
        },
        async (req, reply) => {
          const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
          const created = await evidence.addEvidenceFile(deps, req.caller, req.params.id, {
            ...req.query,
            bytes,
            contentType: req.headers['content-type'],
            fileName: headerFileName(req.headers['x-file-name']),
          });
          return reply.status(201).send(created);
        },
      );
    });
  };
}
