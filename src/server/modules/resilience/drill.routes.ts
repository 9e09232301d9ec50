import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId, ZOk } from '../../../shared/contracts/common.contract.ts';
import {
  ZDrillActionCreate,
  ZDrillSchedule,
  ZRecoveryOrder,
  ZRecoveryTarget,
  ZRecoveryTargetList,
  ZRecoveryTargetUpdate,
  ZRestoreDrill,
  ZRestoreDrillCreate,
  ZRestoreDrillListQuery,
  ZRestoreDrillPage,
  ZRestoreDrillRecord,
  ZRestoreDrillStateChange,
  ZRestoreDrillUpdate,
} from '../../../shared/contracts/resilience-drills.contract.ts';
import type { Deps } from '../../context.ts';
import { getRecoveryOrder } from './recovery-order.service.ts';
import { getDrillSchedule, listRecoveryTargets, setRecoveryTarget } from './recovery-target.service.ts';
import * as drills from './restore-drill.service.ts';

/** 備え: recovery targets, the recovery order and restore drills (helper S2). */
export function drillRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['resilience'];
    const facility = z.object({ facilityId: ZId });
    const one = z.object({ id: ZId });

    app.get('/facilities/:facilityId/recovery-targets', { schema: { tags, params: facility, response: { 200: ZRecoveryTargetList } } }, async (req) =>
      listRecoveryTargets(deps, req.caller, req.params.facilityId),
    );

    app.put('/recovery-targets/:assetId', { schema: { tags, params: z.object({ assetId: ZId }), body: ZRecoveryTargetUpdate, response: { 200: ZRecoveryTarget } } }, async (req) =>
      setRecoveryTarget(deps, req.caller, req.params.assetId, req.body),
    );

    app.get('/facilities/:facilityId/recovery-order', { schema: { tags, params: facility, response: { 200: ZRecoveryOrder } } }, async (req) =>
      getRecoveryOrder(deps, req.caller, req.params.facilityId),
    );

    app.get('/facilities/:facilityId/drill-schedule', { schema: { tags, params: facility, response: { 200: ZDrillSchedule } } }, async (req) =>
      getDrillSchedule(deps, req.caller, req.params.facilityId),
    );

    app.get('/facilities/:facilityId/restore-drills', { schema: { tags, params: facility, querystring: ZRestoreDrillListQuery, response: { 200: ZRestoreDrillPage } } }, async (req) =>
      drills.listRestoreDrills(deps, req.caller, req.params.facilityId, req.query),
    );

    app.post('/facilities/:facilityId/restore-drills', { schema: { tags, params: facility, body: ZRestoreDrillCreate, response: { 201: ZRestoreDrill } } }, async (req, reply) =>
      reply.status(201).send(await drills.planDrill(deps, req.caller, req.params.facilityId, req.body)),
    );

    app.get('/restore-drills/:id', { schema: { tags, params: one, response: { 200: ZRestoreDrill } } }, async (req) => drills.getRestoreDrill(deps, req.caller, req.params.id));

    app.patch('/restore-drills/:id', { schema: { tags, params: one, body: ZRestoreDrillUpdate, response: { 200: ZRestoreDrill } } }, async (req) =>
      drills.updateRestoreDrill(deps, req.caller, req.params.id, req.body),
    );

    app.post('/restore-drills/:id/record', { schema: { tags, params: one, body: ZRestoreDrillRecord, response: { 200: ZRestoreDrill } } }, async (req) =>
      drills.recordDrill(deps, req.caller, req.params.id, req.body),
    );

    app.post('/restore-drills/:id/cancel', { schema: { tags, params: one, body: ZRestoreDrillStateChange, response: { 200: ZRestoreDrill } } }, async (req) =>
      drills.cancelDrill(deps, req.caller, req.params.id, req.body.expectedVersion),
    );

    app.delete('/restore-drills/:id', { schema: { tags, params: one, response: { 200: ZOk } } }, async (req) => {
      await drills.deleteRestoreDrill(deps, req.caller, req.params.id);
      return { ok: true as const };
    });

    app.post('/restore-drills/:id/actions', { schema: { tags, params: one, body: ZDrillActionCreate, response: { 201: ZRestoreDrill } } }, async (req, reply) =>
      reply.status(201).send(await drills.addDrillAction(deps, req.caller, req.params.id, req.body)),
    );
  };
}
