import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId } from '../../../shared/contracts/common.contract.ts';
import {
  ZFacility,
  ZFacilityCreate,
  ZFacilityList,
  ZFacilityUpdate,
  ZGroup,
  ZGroupCreate,
  ZGroupList,
  ZGroupMember,
  ZGroupUpdate,
} from '../../../shared/contracts/facilities.contract.ts';
import type { Deps } from '../../context.ts';
import { presentFacility, presentGroup } from './facility.presenter.ts';
import * as service from './facility.service.ts';

export function facilityRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const idParams = z.object({ id: ZId });

    app.get('/facilities', { schema: { tags: ['facilities'], response: { 200: ZFacilityList } } }, async (req) => ({
      items: (await service.listVisibleFacilities(deps, req.caller)).map(presentFacility),
    }));

    app.post('/facilities', { schema: { tags: ['facilities'], body: ZFacilityCreate, response: { 201: ZFacility } } }, async (req, reply) =>
      reply.status(201).send(presentFacility(await service.createFacility(deps, req.caller, req.body))),
    );

    app.get('/facilities/:id', { schema: { tags: ['facilities'], params: idParams, response: { 200: ZFacility } } }, async (req) =>
      presentFacility(await service.getFacility(deps, req.caller, req.params.id)),
    );

    app.patch('/facilities/:id', { schema: { tags: ['facilities'], params: idParams, body: ZFacilityUpdate, response: { 200: ZFacility } } }, async (req) =>
      presentFacility(await service.updateFacility(deps, req.caller, req.params.id, req.body)),
    );

    app.get('/groups', { schema: { tags: ['facilities'], response: { 200: ZGroupList } } }, async (req) => ({
      items: (await service.listGroups(deps, req.caller)).map(presentGroup),
    }));

    app.post('/groups', { schema: { tags: ['facilities'], body: ZGroupCreate, response: { 201: ZGroup } } }, async (req, reply) =>
      reply.status(201).send(presentGroup(await service.createGroup(deps, req.caller, req.body))),
    );

    app.patch('/groups/:id', { schema: { tags: ['facilities'], params: idParams, body: ZGroupUpdate, response: { 200: ZGroup } } }, async (req) =>
      presentGroup(await service.updateGroup(deps, req.caller, req.params.id, req.body)),
    );

    app.post('/groups/:id/facilities', { schema: { tags: ['facilities'], params: idParams, body: ZGroupMember, response: { 200: ZGroup } } }, async (req) =>
      presentGroup(await service.setGroupMembership(deps, req.caller, req.params.id, req.body.facilityId, true)),
    );

    app.delete(
      '/groups/:id/facilities/:facilityId',
      { schema: { tags: ['facilities'], params: z.object({ id: ZId, facilityId: ZId }), response: { 200: ZGroup } } },
      async (req) => presentGroup(await service.setGroupMembership(deps, req.caller, req.params.id, req.params.facilityId, false)),
    );
  };
}
