import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId } from '../../../shared/contracts/common.contract.ts';
import { ZResilienceSummary } from '../../../shared/contracts/resilience-summary.contract.ts';
import type { Deps } from '../../context.ts';
import { presentResilienceSummary } from './resilience-summary.presenter.ts';
import { getResilienceSummary } from './resilience-summary.service.ts';

/** 備え: the facility summary the dashboard shows (helper S5). */
export function resilienceSummaryRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['resilience'];
    const facility = z.object({ facilityId: ZId });
    app.get('/facilities/:facilityId/resilience/summary', { schema: { tags, params: facility, response: { 200: ZResilienceSummary } } }, async (req) =>
      presentResilienceSummary(await getResilienceSummary(deps, req.caller, req.params.facilityId)),
    );
  };
}
