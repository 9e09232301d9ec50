import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZApiTokenCreate,
  ZApiTokenCreated,
  ZApiTokenList,
  ZLoginRequest,
  ZLoginResponse,
  ZMe,
  ZMeUpdate,
  ZMfaCode,
  ZMfaDisable,
  ZMfaEnrollStart,
  ZPasswordChange,
  ZRecoveryCodes,
  ZSetupRequest,
  ZSetupStatus,
} from '../../../shared/contracts/auth.contract.ts';
import { ZHealth, ZId, ZOk } from '../../../shared/contracts/common.contract.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Deps } from '../../context.ts';
import { ping } from '../../db/dialect.ts';
import { clearSessionCookie, requireSession, setSessionCookie } from '../../http/auth.ts';
import { RateLimiter } from '../../http/rate-limit.ts';
import { VERSION } from '../../version.ts';
import * as auth from './auth.service.ts';

/** Health, first-run setup, login/MFA/logout, the signed-in user's own profile and API tokens. */
export function authRoutes(deps: Deps): FastifyPluginAsyncZod {
  // 30 login or code attempts per source address per 5 minutes, on top of the per-account lockout.
  const limiter = new RateLimiter(30, 5 * 60_000);
  const limit = (ip: string): void => {
    if (!limiter.take(ip)) throw new AppError('RATE_LIMITED');
  };

  return async (app) => {
    app.get('/health', { config: { auth: 'public' }, schema: { tags: ['system'], response: { 200: ZHealth, 503: ZHealth } } }, async (_req, reply) => {
      try {
        await ping(deps.db);
        return { status: 'ok' as const, database: 'ok' as const, version: VERSION, dialect: deps.dialect };
      } catch {
        return reply.status(503).send({ status: 'degraded' as const, database: 'unreachable' as const, version: VERSION, dialect: deps.dialect });
      }
    });

    app.get('/setup/status', { config: { auth: 'public' }, schema: { tags: ['auth'], response: { 200: ZSetupStatus } } }, async () => ({
      needsSetup: await auth.needsSetup(deps),
      version: VERSION,
    }));

    app.post('/setup', { config: { auth: 'public' }, schema: { tags: ['auth'], body: ZSetupRequest, response: { 201: ZOk } } }, async (req, reply) => {
      limit(req.ip);
      await auth.runSetup(deps, req.caller, req.body);
      return reply.status(201).send({ ok: true as const });
    });

    app.post('/auth/login', { config: { auth: 'public' }, schema: { tags: ['auth'], body: ZLoginRequest, response: { 200: ZLoginResponse } } }, async (req, reply) => {
      limit(req.ip);
      const result = await auth.login(deps, req.caller, req.body.email, req.body.password, req.headers['user-agent'] ?? null);
      setSessionCookie(deps, req, reply, result.sessionToken);
      return { stage: result.stage };
    });

    app.post('/auth/mfa/verify', { config: { auth: 'session' }, schema: { tags: ['auth'], body: ZMfaCode, response: { 200: ZLoginResponse } } }, async (req) => {
      limit(req.ip);
      return { stage: await auth.verifyMfa(deps, req.caller, requireSession(req), req.body.code) };
    });

    app.post('/auth/mfa/enroll/start', { config: { auth: 'session' }, schema: { tags: ['auth'], response: { 200: ZMfaEnrollStart } } }, async (req) =>
      auth.startMfaEnrollment(deps, req.caller, requireSession(req)),
    );

    app.post(
      '/auth/mfa/enroll/confirm',
      { config: { auth: 'session' }, schema: { tags: ['auth'], body: ZMfaCode, response: { 200: ZRecoveryCodes.extend({ stage: ZLoginResponse.shape.stage }) } } },
      async (req) => {
        limit(req.ip);
        return auth.confirmMfaEnrollment(deps, req.caller, requireSession(req), req.body.code);
      },
    );

    app.post('/auth/logout', { config: { auth: 'session' }, schema: { tags: ['auth'], response: { 200: ZOk } } }, async (req, reply) => {
      await auth.logout(deps, req.caller, requireSession(req));
      clearSessionCookie(reply);
      return { ok: true as const };
    });

    app.get('/me', { config: { auth: 'session' }, schema: { tags: ['me'], response: { 200: ZMe } } }, async (req) => auth.buildMe(deps, requireSession(req), req.csrfToken));

    app.patch('/me', { schema: { tags: ['me'], body: ZMeUpdate, response: { 200: ZMe } } }, async (req) => {
      const session = requireSession(req);
      await auth.updateMe(deps, req.caller, session, req.body);
      const fresh = await auth.authenticateSessionById(deps, session.sessionId);
      return auth.buildMe(deps, fresh ?? session, req.csrfToken);
    });

    app.post('/me/password', { config: { auth: 'session' }, schema: { tags: ['me'], body: ZPasswordChange, response: { 200: ZLoginResponse } } }, async (req) => {
      limit(req.ip);
      return { stage: await auth.changeOwnPassword(deps, req.caller, requireSession(req), req.body.currentPassword, req.body.newPassword) };
    });

    app.post('/me/mfa/recovery-codes', { schema: { tags: ['me'], body: ZMfaCode, response: { 200: ZRecoveryCodes } } }, async (req) => {
      limit(req.ip);
      return { recoveryCodes: await auth.regenerateRecoveryCodes(deps, req.caller, requireSession(req), req.body.code) };
    });

    app.post('/me/mfa/disable', { schema: { tags: ['me'], body: ZMfaDisable, response: { 200: ZOk } } }, async (req) => {
      limit(req.ip);
      await auth.disableMfa(deps, req.caller, requireSession(req), req.body.password, req.body.code);
      return { ok: true as const };
    });

    app.get('/me/tokens', { schema: { tags: ['me'], response: { 200: ZApiTokenList } } }, async (req) => ({ items: await auth.listOwnTokens(deps, requireSession(req)) }));

    app.post('/me/tokens', { schema: { tags: ['me'], body: ZApiTokenCreate, response: { 201: ZApiTokenCreated } } }, async (req, reply) =>
      reply.status(201).send(await auth.createToken(deps, req.caller, requireSession(req), req.body)),
    );

    app.delete('/me/tokens/:id', { schema: { tags: ['me'], params: z.object({ id: ZId }), response: { 200: ZOk } } }, async (req) => {
      await auth.revokeToken(deps, req.caller, requireSession(req), req.params.id);
      return { ok: true as const };
    });
  };
}
