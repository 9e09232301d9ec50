import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId, ZOk } from '../../../shared/contracts/common.contract.ts';
import {
  ZAffectedInput,
  ZAffectedList,
  ZAffectedRecord,
  ZCommInput,
  ZCommList,
  ZCommRecord,
  ZObservable,
  ZObservableBulkInput,
  ZObservableBulkResult,
  ZObservableInput,
  ZObservableList,
  ZTimeline,
  ZTimelineEntry,
  ZTimelineInput,
} from '../../../shared/contracts/incident-records.contract.ts';
import type { Deps } from '../../context.ts';
import { sendDownload } from '../../http/download.ts';
import { presentAffected, presentComm, presentObservable, presentTimelineEntry } from './record.presenter.ts';
import * as records from './record.service.ts';

/** The records of a case: timeline, affected ledger records, observables (with bulk paste and CSV), communications log. */
export function recordRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['incidents'];
    const caseParams = z.object({ id: ZId });
    const one = z.object({ id: ZId });
    const ok = { ok: true as const };

    // --- timeline ---
    app.get('/incidents/:id/timeline', { schema: { tags, params: caseParams, response: { 200: ZTimeline } } }, async (req) => ({
      items: (await records.listTimeline(deps, req.caller, req.params.id)).map(presentTimelineEntry),
    }));
    app.post('/incidents/:id/timeline', { schema: { tags, params: caseParams, body: ZTimelineInput, response: { 201: ZTimelineEntry } } }, async (req, reply) =>
      reply.status(201).send(presentTimelineEntry(await records.addTimelineEntry(deps, req.caller, req.params.id, req.body))),
    );
    app.delete('/incident-timeline/:entryId', { schema: { tags, params: z.object({ entryId: ZId }), response: { 200: ZOk } } }, async (req) => {
      await records.deleteTimelineEntry(deps, req.caller, req.params.entryId);
      return ok;
    });

    // --- affected assets and connections ---
    app.get('/incidents/:id/affected', { schema: { tags, params: caseParams, response: { 200: ZAffectedList } } }, async (req) => ({
      items: (await records.listAffected(deps, req.caller, req.params.id)).map(presentAffected),
    }));
    app.post('/incidents/:id/affected', { schema: { tags, params: caseParams, body: ZAffectedInput, response: { 201: ZAffectedRecord } } }, async (req, reply) =>
      reply.status(201).send(presentAffected(await records.addAffected(deps, req.caller, req.params.id, req.body))),
    );
    app.delete('/incident-affected/:id', { schema: { tags, params: one, response: { 200: ZOk } } }, async (req) => {
      await records.deleteAffected(deps, req.caller, req.params.id);
      return ok;
    });

    // --- observables ---
    app.get('/incidents/:id/observables', { schema: { tags, params: caseParams, response: { 200: ZObservableList } } }, async (req) => ({
      items: (await records.listObservables(deps, req.caller, req.params.id)).map(presentObservable),
    }));
    app.post('/incidents/:id/observables', { schema: { tags, params: caseParams, body: ZObservableInput, response: { 201: ZObservable } } }, async (req, reply) =>
      reply.status(201).send(presentObservable(await records.addObservable(deps, req.caller, req.params.id, req.body))),
    );
    app.post('/incidents/:id/observables/bulk', { schema: { tags, params: caseParams, body: ZObservableBulkInput, response: { 200: ZObservableBulkResult } } }, async (req) => {
      const result = await records.addObservablesBulk(deps, req.caller, req.params.id, req.body.text);
      return { saved: 'valid_lines' as const, created: result.created.map((o) => ({ ...presentObservable(o), line: o.line })), skipped: result.skipped };
    });
    app.get('/incidents/:id/observables.csv', { schema: { tags, params: caseParams, produces: ['text/csv'] } }, async (req, reply) => {
      const file = await records.exportObservablesCsv(deps, req.caller, req.params.id);
      reply.header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff');
      return sendDownload(reply, file);
    });
    app.delete('/incident-observables/:id', { schema: { tags, params: one, response: { 200: ZOk } } }, async (req) => {
      await records.deleteObservable(deps, req.caller, req.params.id);
      return ok;
    });

    // --- communications log (連絡記録) ---
    app.get('/incidents/:id/comms', { schema: { tags, params: caseParams, response: { 200: ZCommList } } }, async (req) => ({
      items: (await records.listComms(deps, req.caller, req.params.id)).map(presentComm),
    }));
    app.post('/incidents/:id/comms', { schema: { tags, params: caseParams, body: ZCommInput, response: { 201: ZCommRecord } } }, async (req, reply) =>
      reply.status(201).send(presentComm(await records.addComm(deps, req.caller, req.params.id, req.body))),
    );
    app.delete('/incident-comms/:id', { schema: { tags, params: one, response: { 200: ZOk } } }, async (req) => {
      await records.deleteComm(deps, req.caller, req.params.id);
      return ok;
    });
  };
}
