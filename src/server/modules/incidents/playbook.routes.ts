import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId } from '../../../shared/contracts/common.contract.ts';
import { ZPlaybookCategoryParams, ZPlaybookDetail, ZPlaybookList, ZPlaybookSaveBody } from '../../../shared/contracts/incident-playbooks.contract.ts';
import type { Deps } from '../../context.ts';
import { presentPlaybook, presentPlaybookSummary } from './playbook.presenter.ts';
import * as playbooks from './playbook.service.ts';
import { builtinPlaybooks } from './playbooks.ts';

/** 対応手順書: the facility's playbook per case category (shipped, or its own copy), editing and reset. */
export function playbookRoutes(deps: Deps): FastifyPluginAsyncZod {
  // Load the shipped playbooks now: a broken file stops the start with `file:line key message`.
  builtinPlaybooks();
  return async (app) => {
    const tags = ['incidents'];
    const base = '/facilities/:facilityId/playbooks';
    const resetQuery = z.strictObject({ expectedVersion: z.coerce.number().int().min(1).optional() });

    app.get(base, { schema: { tags, params: z.object({ facilityId: ZId }), response: { 200: ZPlaybookList } } }, async (req) => ({
      facilityId: req.params.facilityId,
      playbooks: (await playbooks.listPlaybooks(deps, req.caller, req.params.facilityId)).map(presentPlaybookSummary),
    }));

    app.get(`${base}/:category`, { schema: { tags, params: ZPlaybookCategoryParams, response: { 200: ZPlaybookDetail } } }, async (req) =>
      presentPlaybook(await playbooks.getPlaybook(deps, req.caller, req.params.facilityId, req.params.category)),
    );

    app.put(`${base}/:category`, { schema: { tags, params: ZPlaybookCategoryParams, body: ZPlaybookSaveBody, response: { 200: ZPlaybookDetail } } }, async (req) =>
      presentPlaybook(await playbooks.savePlaybook(deps, req.caller, req.params.facilityId, req.params.category, req.body)),
    );

    app.delete(`${base}/:category`, { schema: { tags, params: ZPlaybookCategoryParams, querystring: resetQuery, response: { 200: ZPlaybookDetail } } }, async (req) =>
      presentPlaybook(await playbooks.resetPlaybook(deps, req.caller, req.params.facilityId, req.params.category, req.query.expectedVersion)),
    );
  };
}
