import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId } from '../../../shared/contracts/common.contract.ts';
import { ZIncidentReview, ZIncidentReviewUpdate, ZReviewActionCreate } from '../../../shared/contracts/incident-evidence.contract.ts';
import type { Deps } from '../../context.ts';
import { presentReview } from './review.presenter.ts';
import * as review from './review.service.ts';

/** 事後対応・再発防止: a case's after-incident review, its completion and the actions made from its lessons. */
export function reviewRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['incidents'];
    const one = z.object({ id: ZId });

    app.get('/incidents/:id/review', { schema: { tags, params: one, response: { 200: ZIncidentReview } } }, async (req) => presentReview(await review.getReview(deps, req.caller, req.params.id)));

    app.put('/incidents/:id/review', { schema: { tags, params: one, body: ZIncidentReviewUpdate, response: { 200: ZIncidentReview } } }, async (req) =>
      presentReview(await review.saveReview(deps, req.caller, req.params.id, req.body)),
    );

    app.post('/incidents/:id/review/complete', { schema: { tags, params: one, response: { 200: ZIncidentReview } } }, async (req) =>
      presentReview(await review.completeReview(deps, req.caller, req.params.id)),
    );

    app.post('/incidents/:id/review/actions', { schema: { tags, params: one, body: ZReviewActionCreate, response: { 201: ZIncidentReview } } }, async (req, reply) =>
      reply.status(201).send(presentReview(await review.addReviewAction(deps, req.caller, req.params.id, req.body))),
    );
  };
}
