import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId, ZOk } from '../../../shared/contracts/common.contract.ts';
import {
  ZExerciseActionCreate,
  ZExerciseCreate,
  ZExerciseDelete,
  ZExerciseDetail,
  ZExerciseListQuery,
  ZExercisePage,
  ZExerciseRequirement,
  ZExerciseRequirementQuery,
  ZExerciseUpdate,
} from '../../../shared/contracts/resilience-exercises.contract.ts';
import type { Deps } from '../../context.ts';
import { presentExerciseDetail, presentExercisePage, presentExerciseRequirement } from './exercise.presenter.ts';
import * as exercises from './exercise.service.ts';

/** 備え: exercises (訓練), their follow-up actions and the yearly requirement (helper S3). */
export function exerciseRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['resilience'];
    const facility = z.object({ facilityId: ZId });
    const one = z.object({ id: ZId });

    app.get('/facilities/:facilityId/exercises', { schema: { tags, params: facility, querystring: ZExerciseListQuery, response: { 200: ZExercisePage } } }, async (req) =>
      presentExercisePage(await exercises.listExercises(deps, req.caller, req.params.facilityId, req.query)),
    );

    app.post('/facilities/:facilityId/exercises', { schema: { tags, params: facility, body: ZExerciseCreate, response: { 201: ZExerciseDetail } } }, async (req, reply) =>
      reply.status(201).send(presentExerciseDetail(await exercises.createExercise(deps, req.caller, req.params.facilityId, req.body))),
    );

    app.get('/facilities/:facilityId/exercises/requirement', { schema: { tags, params: facility, querystring: ZExerciseRequirementQuery, response: { 200: ZExerciseRequirement } } }, async (req) =>
      presentExerciseRequirement(await exercises.getExerciseRequirement(deps, req.caller, req.params.facilityId, req.query.fiscalYear)),
    );

    app.get('/exercises/:id', { schema: { tags, params: one, response: { 200: ZExerciseDetail } } }, async (req) => presentExerciseDetail(await exercises.getExercise(deps, req.caller, req.params.id)));

    app.patch('/exercises/:id', { schema: { tags, params: one, body: ZExerciseUpdate, response: { 200: ZExerciseDetail } } }, async (req) =>
      presentExerciseDetail(await exercises.updateExercise(deps, req.caller, req.params.id, req.body)),
    );

    app.delete('/exercises/:id', { schema: { tags, params: one, body: ZExerciseDelete, response: { 200: ZOk } } }, async (req) => {
      await exercises.deleteExercise(deps, req.caller, req.params.id, req.body?.expectedVersion);
      return { ok: true as const };
    });

    app.post('/exercises/:id/actions', { schema: { tags, params: one, body: ZExerciseActionCreate, response: { 201: ZExerciseDetail } } }, async (req, reply) =>
      reply.status(201).send(presentExerciseDetail(await exercises.addExerciseAction(deps, req.caller, req.params.id, req.body))),
    );
  };
}
