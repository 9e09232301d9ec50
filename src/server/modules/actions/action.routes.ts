import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZAction, ZActionCreate, ZActionListQuery, ZActionPage, ZActionUpdate } from '../../../shared/contracts/actions.contract.ts';
import { ZId } from '../../../shared/contracts/common.contract.ts';
import type { Deps } from '../../context.ts';
import { presentAction } from './action.presenter.ts';
import * as actions from './action.service.ts';

/** 対応アクション: the facility's list and new actions; one action by id (its facility is looked up). */
export function actionRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['actions'];
    const facility = z.object({ facilityId: ZId });
    const one = z.object({ id: ZId });

    app.get('/facilities/:facilityId/actions', { schema: { tags, params: facility, querystring: ZActionListQuery, response: { 200: ZActionPage } } }, async (req) => {
      const page = await actions.listActions(deps, req.caller, req.params.facilityId, req.query);
      return { ...page, items: page.items.map(presentAction) };
    });

    app.post('/facilities/:facilityId/actions', { schema: { tags, params: facility, body: ZActionCreate, response: { 201: ZAction } } }, async (req, reply) =>
      reply.status(201).send(presentAction(await actions.createAction(deps, req.caller, req.params.facilityId, req.body))),
    );

    app.get('/actions/:id', { schema: { tags, params: one, response: { 200: ZAction } } }, async (req) => presentAction(await actions.getAction(deps, req.caller, req.params.id)));

    app.patch('/actions/:id', { schema: { tags, params: one, body: ZActionUpdate, response: { 200: ZAction } } }, async (req) =>
      presentAction(await actions.updateAction(deps, req.caller, req.params.id, req.body)),
    );
  };
}
