import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId, ZOk, ZPage } from '../../../shared/contracts/common.contract.ts';
import { ZPasswordReset, ZRoleGrantCreate, ZUser, ZUserCreate, ZUserListQuery, ZUserUpdate } from '../../../shared/contracts/users.contract.ts';
import type { Deps } from '../../context.ts';
import * as service from './user.service.ts';

export function userRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const idParams = z.object({ id: ZId });

    app.get('/users', { schema: { tags: ['users'], querystring: ZUserListQuery, response: { 200: ZPage(ZUser) } } }, async (req) =>
      service.listUsers(deps, req.caller, req.query),
    );

    app.post('/users', { schema: { tags: ['users'], body: ZUserCreate, response: { 201: ZUser } } }, async (req, reply) =>
      reply.status(201).send(await service.createUser(deps, req.caller, req.body)),
    );

    app.get('/users/:id', { schema: { tags: ['users'], params: idParams, response: { 200: ZUser } } }, async (req) => service.getUser(deps, req.caller, req.params.id));

    app.patch('/users/:id', { schema: { tags: ['users'], params: idParams, body: ZUserUpdate, response: { 200: ZUser } } }, async (req) =>
      service.updateUser(deps, req.caller, req.params.id, req.body),
    );

    app.post('/users/:id/roles', { schema: { tags: ['users'], params: idParams, body: ZRoleGrantCreate, response: { 200: ZUser } } }, async (req) =>
      service.grantRole(deps, req.caller, req.params.id, req.body),
    );

    app.delete('/users/:id/roles/:grantId', { schema: { tags: ['users'], params: z.object({ id: ZId, grantId: ZId }), response: { 200: ZUser } } }, async (req) =>
      service.revokeRole(deps, req.caller, req.params.id, req.params.grantId),
    );

    app.post('/users/:id/password-reset', { schema: { tags: ['users'], params: idParams, body: ZPasswordReset, response: { 200: ZOk } } }, async (req) => {
      await service.resetPassword(deps, req.caller, req.params.id, req.body.newPassword);
      return { ok: true as const };
    });

    app.post('/users/:id/unlock', { schema: { tags: ['users'], params: idParams, response: { 200: ZUser } } }, async (req) => service.unlockUser(deps, req.caller, req.params.id));

    app.post('/users/:id/mfa-reset', { schema: { tags: ['users'], params: idParams, response: { 200: ZUser } } }, async (req) => service.resetMfa(deps, req.caller, req.params.id));
  };
}
