import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId } from '../../../shared/contracts/common.contract.ts';
import { ZLedgerReview, ZLedgerReviewCreate, ZLedgerReviewList } from '../../../shared/contracts/assessments.contract.ts';
import type { Deps } from '../../context.ts';
import { presentLedgerReview } from './ledger-review.presenter.ts';
import { createLedgerReview, listLedgerReviews } from './ledger-review.service.ts';

/** 台帳の点検: record a review of the facility's ledger, and list the reviews. */
export function ledgerReviewRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const params = z.object({ facilityId: ZId });
    const tags = ['ledger'];
    app.get('/facilities/:facilityId/ledger-reviews', { schema: { tags, params, response: { 200: ZLedgerReviewList } } }, async (req) => ({
      items: (await listLedgerReviews(deps, req.caller, req.params.facilityId)).map(presentLedgerReview),
    }));
    app.post('/facilities/:facilityId/ledger-reviews', { schema: { tags, params, body: ZLedgerReviewCreate, response: { 201: ZLedgerReview } } }, async (req, reply) =>
      reply.status(201).send(presentLedgerReview(await createLedgerReview(deps, req.caller, req.params.facilityId, req.body))),
    );
  };
}
