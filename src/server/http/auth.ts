import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import { AppError } from '../../shared/errors.ts';
import type { Actor } from '../../shared/policy.ts';
import type { Caller, Deps } from '../context.ts';
import { authenticateSession, authenticateToken, type AuthenticatedSession } from '../modules/auth/index.ts';
import type { UserRow } from '../modules/users/index.ts';
import { randomToken } from '../lib/ids.ts';
import { sendError } from './errors.ts';

export const SESSION_COOKIE = 'mamori_session';
export const CSRF_COOKIE = 'mamori_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** How a route is protected: `public` (no login), `session` (any session stage), `full` (default). */
export type AuthMode = 'public' | 'session' | 'full';

export interface RequestAuth {
  user: UserRow;
  actor: Actor;
  /** Null for API-token requests. */
  session: AuthenticatedSession | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth | null;
    caller: Caller;
    csrfToken: string;
  }
  interface FastifyContextConfig {
    auth?: AuthMode;
    /**
     * `false` only on public routes whose URL token is the whole credential and that use no session (the on-call
     * alert acknowledgement link, posted by a plain HTML form that cannot send the CSRF header).
     */
    csrf?: false;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function isSecureRequest(deps: Deps, request: FastifyRequest): boolean {
  return deps.config.secureCookies || request.protocol === 'https';
}

export function setSessionCookie(deps: Deps, request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/', secure: isSecureRequest(deps, request) });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** The session of a request, or UNAUTHENTICATED (for session-only routes such as /me). */
export function requireSession(request: FastifyRequest): AuthenticatedSession {
  const session = request.auth?.session;
  if (!session) throw new AppError('UNAUTHENTICATED');
  return session;
}

const STAGE_ERRORS = { mfa: 'MFA_REQUIRED', enroll_mfa: 'MFA_ENROLLMENT_REQUIRED', change_password: 'PASSWORD_CHANGE_REQUIRED' } as const;

/**
 * Resolves the caller of every /api/v1 request (cookie session or bearer token), enforces CSRF on
 * cookie-authenticated and anonymous writes, and rejects requests that the route's mode forbids.
 */
export function registerAuth(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('auth', null);
  app.decorateRequest('caller', null as unknown as Caller);
  app.decorateRequest('csrfToken', '');

  app.addHook('onRequest', async (request, reply) => {
    request.caller = { actor: null, ip: request.ip, label: 'anonymous' };
    // Decide by the matched route, not the raw URL: the router decodes percent-escapes, so
    // `/%61pi/v1/auth/login` reaches an API route although its raw URL does not start with /api/.
    if (!(request.routeOptions.url ?? request.url).startsWith('/api/')) return;
    // API answers (profiles, user lists, TOTP secrets, recovery codes) must not stay in a shared workstation's cache.
    reply.header('cache-control', 'no-store');
    const mode: AuthMode = request.routeOptions.config?.auth ?? 'full';
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];

    // CSRF: double-submit cookie. Bearer-token requests carry no ambient credentials and are exempt.
    let csrf = request.cookies[CSRF_COOKIE];
    if (!csrf || !/^[A-Za-z0-9_-]{20,64}$/.test(csrf)) {
      csrf = randomToken(24);
      reply.setCookie(CSRF_COOKIE, csrf, { httpOnly: false, sameSite: 'strict', path: '/', secure: isSecureRequest(deps, request) });
      request.cookies[CSRF_COOKIE] = undefined;
    }
    request.csrfToken = csrf;
    const csrfExempt = mode === 'public' && request.routeOptions.config?.csrf === false;
    if (!bearer && !SAFE_METHODS.has(request.method) && !csrfExempt) {
      const sent = request.headers[CSRF_HEADER];
      const cookie = request.cookies[CSRF_COOKIE];
      if (typeof sent !== 'string' || !cookie || !safeEqual(sent, cookie)) return sendError(request, reply, 'CSRF_FAILED');
    }

    if (bearer) {
      const found = await authenticateToken(deps, bearer);
      if (!found) return mode === 'public' ? undefined : sendError(request, reply, 'UNAUTHENTICATED');
      request.auth = { user: found.user, actor: found.actor, session: null };
      request.caller = { actor: found.actor, ip: request.ip, label: `${found.user.email} (token ${found.actor.token?.id ?? ''})` };
      // Tokens act only on the full API, never on the session endpoints.
      if (mode === 'session') return sendError(request, reply, 'FORBIDDEN');
      return undefined;
    }

    const cookie = request.cookies[SESSION_COOKIE];
    const session = cookie ? await authenticateSession(deps, cookie) : null;
    if (cookie && !session) clearSessionCookie(reply);
    if (session) {
      request.auth = { user: session.user, actor: session.actor, session };
      request.caller = { actor: session.stage === 'full' ? session.actor : null, ip: request.ip, label: session.user.email };
    }
    if (mode === 'public') return undefined;
    if (!session) return sendError(request, reply, 'UNAUTHENTICATED');
    if (mode === 'full' && session.stage !== 'full') return sendError(request, reply, STAGE_ERRORS[session.stage]);
    return undefined;
  });
}
