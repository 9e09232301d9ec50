import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId, ZOk } from '../../../shared/contracts/common.contract.ts';
import { ZCaseClocks, ZClockOverview, ZClockOverviewQuery, ZFiling, ZFilingInput } from '../../../shared/contracts/incident-clocks.contract.ts';
import type { Deps } from '../../context.ts';
import { presentCaseClocks, presentClockOverview, presentFiling } from './clock.presenter.ts';
import * as clocks from './clock.service.ts';

/** 法定の報告期限: a case's clocks, the filings that stop them, and every running deadline across facilities. */
export function clockRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['incidents'];
    const one = z.object({ id: ZId });

    app.get('/incidents/:id/clocks', { schema: { tags, params: one, response: { 200: ZCaseClocks } } }, async (req) => presentCaseClocks(await clocks.getCaseClocks(deps, req.caller, req.params.id)));

    app.post('/incidents/:id/filings', { schema: { tags, params: one, body: ZFilingInput, response: { 201: ZFiling } } }, async (req, reply) =>
      reply.status(201).send(presentFiling(await clocks.recordFiling(deps, req.caller, req.params.id, req.body))),
    );

    app.delete('/incident-filings/:id', { schema: { tags, params: one, response: { 200: ZOk } } }, async (req) => {
      await clocks.deleteFiling(deps, req.caller, req.params.id);
      return { ok: true as const };
    });

    app.get('/incident-clocks', { schema: { tags, querystring: ZClockOverviewQuery, response: { 200: ZClockOverview } } }, async (req) =>
      presentClockOverview(await clocks.clockOverview(deps, req.caller, req.query)),
    );
  };
}
