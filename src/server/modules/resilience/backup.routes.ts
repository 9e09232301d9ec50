import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZErrorResponse, ZId, ZOk } from '../../../shared/contracts/common.contract.ts';
import {
  ZBackupImportResult,
  ZBackupOverview,
  ZBackupPlan,
  ZBackupPlanCreate,
  ZBackupPlanListQuery,
  ZBackupPlanPage,
  ZBackupPlanStateChange,
  ZBackupPlanUpdate,
  ZBackupRun,
  ZBackupRunCreate,
  ZBackupRunImportQuery,
  ZBackupRunListQuery,
  ZBackupRunPage,
  ZBackupWebhookBody,
  ZBackupWebhookResult,
} from '../../../shared/contracts/resilience-backups.contract.ts';
import { AppError, errorMessage } from '../../../shared/errors.ts';
import type { Deps } from '../../context.ts';
import { requestLocale } from '../../http/errors.ts';
import { headerFileName } from '../../http/import-route.ts';
import { parseMultipart } from '../incidents/report-form.ts';
import { importBackupRuns, importHasErrors } from './backup-import.ts';
import { getBackupOverview } from './backup-overview.ts';
import * as plans from './backup-plan.service.ts';
import * as runs from './backup-run.service.ts';
import { receiveBackupResult } from './backup-webhook.service.ts';

/** 備え: backup plans, runs, the CSV import, the webhook and the overview (helper S1). */

const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
const IMPORT_TYPES = ['text/csv', 'text/plain', 'application/octet-stream', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'multipart/form-data'];

export function backupRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['resilience'];
    const facility = z.object({ facilityId: ZId });
    const one = z.object({ id: ZId });

    // --- plans ------------------------------------------------------------------------------------
    app.get('/facilities/:facilityId/backup-plans', { schema: { tags, params: facility, querystring: ZBackupPlanListQuery, response: { 200: ZBackupPlanPage } } }, async (req) =>
      plans.listBackupPlans(deps, req.caller, req.params.facilityId, req.query),
    );
    app.post('/facilities/:facilityId/backup-plans', { schema: { tags, params: facility, body: ZBackupPlanCreate, response: { 201: ZBackupPlan } } }, async (req, reply) =>
      reply.status(201).send(await plans.createBackupPlan(deps, req.caller, req.params.facilityId, req.body)),
    );
    app.get('/backup-plans/:id', { schema: { tags, params: one, response: { 200: ZBackupPlan } } }, async (req) => plans.getBackupPlan(deps, req.caller, req.params.id));
    app.patch('/backup-plans/:id', { schema: { tags, params: one, body: ZBackupPlanUpdate, response: { 200: ZBackupPlan } } }, async (req) =>
      plans.updateBackupPlan(deps, req.caller, req.params.id, req.body),
    );
    app.post('/backup-plans/:id/retire', { schema: { tags, params: one, body: ZBackupPlanStateChange, response: { 200: ZBackupPlan } } }, async (req) =>
      plans.retireBackupPlan(deps, req.caller, req.params.id, req.body.expectedVersion),
    );
    app.post('/backup-plans/:id/reinstate', { schema: { tags, params: one, body: ZBackupPlanStateChange, response: { 200: ZBackupPlan } } }, async (req) =>
      plans.reinstateBackupPlan(deps, req.caller, req.params.id, req.body.expectedVersion),
    );

    // --- runs -------------------------------------------------------------------------------------
    app.get('/backup-plans/:id/runs', { schema: { tags, params: one, querystring: ZBackupRunListQuery, response: { 200: ZBackupRunPage } } }, async (req) =>
      runs.listBackupRuns(deps, req.caller, req.params.id, req.query),
    );
    app.post('/backup-plans/:id/runs', { schema: { tags, params: one, body: ZBackupRunCreate, response: { 201: ZBackupRun } } }, async (req, reply) =>
      reply.status(201).send(await runs.recordBackupRun(deps, req.caller, req.params.id, req.body)),
    );
    app.delete('/backup-runs/:id', { schema: { tags, params: one, response: { 200: ZOk } } }, async (req) => {
      await runs.deleteBackupRun(deps, req.caller, req.params.id);
      return { ok: true as const };
    });

    // --- overview ---------------------------------------------------------------------------------
    app.get('/facilities/:facilityId/backups/overview', { schema: { tags, params: facility, response: { 200: ZBackupOverview } } }, async (req) =>
      getBackupOverview(deps, req.caller, req.params.facilityId),
    );

    // --- webhook ----------------------------------------------------------------------------------
    app.post('/backup-results', { schema: { tags, body: ZBackupWebhookBody, response: { 200: ZBackupWebhookResult, 201: ZBackupWebhookResult } } }, async (req, reply) => {
      const result = await receiveBackupResult(deps, req.caller, req.body);
      return reply.status(result.duplicate ? 200 : 201).send(result);
    });

    // --- CSV import (raw body or multipart; only this scope accepts these types) --------------------
    const importPlugin: FastifyPluginAsyncZod = async (files) => {
      files.addContentTypeParser(IMPORT_TYPES, { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES }, (_req, body, done) => done(null, body));
      files.post(
        '/facilities/:facilityId/backup-runs/import',
        {
          bodyLimit: IMPORT_MAX_BYTES,
          schema: {
            tags,
            params: facility,
            querystring: ZBackupRunImportQuery,
            consumes: IMPORT_TYPES,
            response: { 200: ZBackupImportResult, 422: ZBackupImportResult.extend(ZErrorResponse.shape) },
          },
        },
        async (req, reply) => {
          let bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
          let fileName = req.query.fileName || headerFileName(req.headers['x-file-name']);
          if (/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) {
            const { files: parts } = parseMultipart(bytes, req.headers['content-type']);
            const part = parts.get('file') ?? [...parts.values()][0];
            if (!part) throw new AppError('VALIDATION_FAILED', 'no file in the form', { issues: [{ path: 'file', message: 'required' }] });
            bytes = part.bytes;
            fileName ||= part.fileName ?? '';
          }
          const result = await importBackupRuns(deps, req.caller, req.params.facilityId, bytes, { fileName, dryRun: req.query.dryRun === 'true' });
          if (req.query.dryRun === 'true' || !importHasErrors(result)) return reply.status(200).send(result);
          const locale = requestLocale(req);
          const issues = [...result.fileErrors, ...result.items.flatMap((r) => r.errors)];
          return reply.status(422).send({ ...result, error: { code: 'VALIDATION_FAILED' as const, message: errorMessage('VALIDATION_FAILED', locale), issues } });
        },
      );
    };
    await app.register(importPlugin);
  };
}
