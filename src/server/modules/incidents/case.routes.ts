import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId, ZOk } from '../../../shared/contracts/common.contract.ts';
import {
  ZCaseClose,
  ZCaseCreate,
  ZCaseDetail,
  ZCaseExportQuery,
  ZCaseListQuery,
  ZCasePage,
  ZCasePhaseChange,
  ZCaseReopen,
  ZCaseTask,
  ZCaseTaskCreate,
  ZCaseTaskUpdate,
  ZCaseUpdate,
  ZTeamMember,
  ZTeamMemberCreate,
} from '../../../shared/contracts/incident-cases.contract.ts';
import type { Deps } from '../../context.ts';
import { sendDownload } from '../../http/download.ts';
import { CASE_REPORT_CONTENT_TYPES, exportCase } from './case-print.ts';
import { presentCase, presentCasePage, presentCaseTask, presentTeamMember } from './case.presenter.ts';
import * as cases from './case.service.ts';

/** インシデント案件: the facility's cases, one case (and its printable 案件報告書), its phase, closing and reopening, its tasks and its 対策本部. */
export function caseRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['incidents'];
    const facility = z.object({ facilityId: ZId });
    const one = z.object({ id: ZId });
    const task = z.object({ taskId: ZId });
    const member = z.object({ memberId: ZId });

    app.get('/facilities/:facilityId/incidents', { schema: { tags, params: facility, querystring: ZCaseListQuery, response: { 200: ZCasePage } } }, async (req) =>
      presentCasePage(await cases.listCases(deps, req.caller, req.params.facilityId, req.query)),
    );

    app.post('/facilities/:facilityId/incidents', { schema: { tags, params: facility, body: ZCaseCreate, response: { 201: ZCaseDetail } } }, async (req, reply) =>
      reply.status(201).send(presentCase(await cases.createCase(deps, req.caller, req.params.facilityId, req.body))),
    );

    app.get('/incidents/:id', { schema: { tags, params: one, response: { 200: ZCaseDetail } } }, async (req) => presentCase(await cases.getCase(deps, req.caller, req.params.id)));

    // 案件報告書: the whole case printable — HTML inline (the browser prints it), PDF as an attachment.
    app.get('/incidents/:id/export', { schema: { tags, params: one, querystring: ZCaseExportQuery, produces: Object.values(CASE_REPORT_CONTENT_TYPES) } }, async (req, reply) => {
      const file = await exportCase(deps, req.caller, req.params.id, req.query);
      reply.header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff');
      return sendDownload(reply, { bytes: file.body, contentType: file.contentType, fileName: file.fileName }, { inline: req.query.format !== 'pdf' });
    });

    app.patch('/incidents/:id', { schema: { tags, params: one, body: ZCaseUpdate, response: { 200: ZCaseDetail } } }, async (req) =>
      presentCase(await cases.updateCase(deps, req.caller, req.params.id, req.body)),
    );

    app.post('/incidents/:id/phase', { schema: { tags, params: one, body: ZCasePhaseChange, response: { 200: ZCaseDetail } } }, async (req) =>
      presentCase(await cases.changeCasePhase(deps, req.caller, req.params.id, req.body.phase)),
    );

    app.post('/incidents/:id/close', { schema: { tags, params: one, body: ZCaseClose.nullish(), response: { 200: ZCaseDetail } } }, async (req) =>
      presentCase(await cases.closeCase(deps, req.caller, req.params.id, req.body?.note)),
    );

    app.post('/incidents/:id/reopen', { schema: { tags, params: one, body: ZCaseReopen.nullish(), response: { 200: ZCaseDetail } } }, async (req) =>
      presentCase(await cases.reopenCase(deps, req.caller, req.params.id, req.body?.note)),
    );

    app.post('/incidents/:id/tasks', { schema: { tags, params: one, body: ZCaseTaskCreate, response: { 201: ZCaseTask } } }, async (req, reply) =>
      reply.status(201).send(presentCaseTask(await cases.addCaseTask(deps, req.caller, req.params.id, req.body))),
    );

    app.patch('/incident-tasks/:taskId', { schema: { tags, params: task, body: ZCaseTaskUpdate, response: { 200: ZCaseTask } } }, async (req) =>
      presentCaseTask(await cases.updateCaseTask(deps, req.caller, req.params.taskId, req.body)),
    );

    app.delete('/incident-tasks/:taskId', { schema: { tags, params: task, response: { 200: ZOk } } }, async (req) => {
      await cases.deleteCaseTask(deps, req.caller, req.params.taskId);
      return { ok: true as const };
    });

    app.post('/incidents/:id/team', { schema: { tags, params: one, body: ZTeamMemberCreate, response: { 201: ZTeamMember } } }, async (req, reply) =>
      reply.status(201).send(presentTeamMember(await cases.addTeamMember(deps, req.caller, req.params.id, req.body))),
    );

    app.delete('/incident-team/:memberId', { schema: { tags, params: member, response: { 200: ZOk } } }, async (req) => {
      await cases.removeTeamMember(deps, req.caller, req.params.memberId);
      return { ok: true as const };
    });
  };
}
