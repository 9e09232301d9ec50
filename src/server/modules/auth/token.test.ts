import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import { sha256Hex } from '../../lib/ids.ts';
import { buildTestApp, createTestEnv, DIALECTS, makeFacility, makeUser, TestClient, type TestEnv } from '../../testing/harness.ts';

type Scope = 'facilities:read' | 'facilities:write' | 'users:read' | 'users:write' | 'audit:read';

describe.each(DIALECTS)('API tokens (%s)', (dialect) => {
  // One database per dialect, distinct users per test; a new app per test (fresh login rate limiter).
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let B: TFacility;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    A = await makeFacility(env, 'FA');
    B = await makeFacility(env, 'FB');
  });
  afterAll(async () => {
    await env?.close();
  });
  beforeEach(async () => {
    app = await buildTestApp(env);
  });
  afterEach(async () => {
    await app.close();
  });

  /** A request carrying only the bearer token: no cookie, no CSRF header. */
  function bearer(token: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) {
    return app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { payload: JSON.stringify(body) }),
    });
  }

  async function loggedIn(email: string): Promise<TestClient> {
    const c = new TestClient(app, env);
    await c.login(email);
    return c;
  }

  async function createToken(c: TestClient, scopes: Scope[], extra: { facilityId?: string; expiresInDays?: number } = {}) {
    const res = await c.post('/api/v1/me/tokens', { name: `token ${scopes.join(' ')}`, scopes, ...extra });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { token: string; apiToken: { id: string; prefix: string; scopes: Scope[]; facilityId: string | null; expiresAt: string; lastUsedAt: string | null } };
  }

  it('is shown once, stored only as a hash, and works as a Bearer token without CSRF', async () => {
    await makeUser(env, 'sm1@a.jp', [{ role: 'security_manager', facilityId: A.id }]);
    const c = await loggedIn('sm1@a.jp');
    const { token, apiToken } = await createToken(c, ['facilities:read', 'facilities:write']);
    expect(token).toMatch(/^mmr_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{40,}$/);
    expect(token.startsWith(`${apiToken.prefix}_`)).toBe(true);
    expect(apiToken).toMatchObject({ scopes: ['facilities:read', 'facilities:write'], facilityId: null, lastUsedAt: null });

    // Only the hash (and the non-secret prefix) is stored.
    const row = await env.deps.db.selectFrom('api_tokens').selectAll().where('id', '=', apiToken.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(sha256Hex(token));
    const secretPart = token.slice(apiToken.prefix.length + 1);
    for (const value of Object.values(row)) {
      expect(String(value)).not.toContain(token);
      expect(String(value)).not.toContain(secretPart);
    }
    // The list never shows it again.
    const list = await c.get('/api/v1/me/tokens');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(secretPart);
    expect((list.json() as { items: { id: string }[] }).items.map((t) => t.id)).toEqual([apiToken.id]);

    const read = await bearer(token, 'GET', '/api/v1/facilities');
    expect(read.statusCode).toBe(200);
    expect((read.json() as { items: { id: string }[] }).items.map((f) => f.id)).toEqual([A.id]);
    // A write with the token needs no CSRF header (no ambient credentials are involved)...
    const write = await bearer(token, 'PATCH', `/api/v1/facilities/${A.id}`, { beds: 321 });
    expect(write.statusCode, write.body).toBe(200);
    expect(write.json()).toMatchObject({ beds: 321 });
    // ...and its audit event names the token.
    const event = await env.deps.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'facility').where('action', '=', 'update').executeTakeFirstOrThrow();
    expect(event.actor_label).toContain(apiToken.id);
    expect((await env.deps.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', apiToken.id).executeTakeFirstOrThrow()).last_used_at).not.toBeNull();

    // A wrong or malformed token is no credential at all.
    expect((await bearer(`${token}x`, 'GET', '/api/v1/facilities')).statusCode).toBe(401);
    expect((await bearer('mmr_nothing', 'GET', '/api/v1/facilities')).json().error.code).toBe('UNAUTHENTICATED');
  });

  it('enforces scopes, even for an administrator', async () => {
    await makeUser(env, 'admin2@a.jp', [], { isAdmin: true });
    const target = await makeUser(env, 'target2@a.jp', [{ role: 'staff', facilityId: A.id }]);
    const c = await loggedIn('admin2@a.jp');
    const { token } = await createToken(c, ['facilities:read']);

    expect((await bearer(token, 'GET', '/api/v1/facilities')).statusCode).toBe(200);
    expect((await bearer(token, 'GET', `/api/v1/facilities/${B.id}`)).statusCode).toBe(200);
    expect((await bearer(token, 'GET', '/api/v1/groups')).statusCode).toBe(200);
    const denied: [string, 'GET' | 'POST' | 'PATCH', string, unknown?][] = [
      ['list users', 'GET', '/api/v1/users'],
      ['create facility', 'POST', '/api/v1/facilities', { code: 'NEW', name: '新病院' }],
      ['update facility', 'PATCH', `/api/v1/facilities/${A.id}`, { beds: 1 }],
      ['create group', 'POST', '/api/v1/groups', { code: 'G1', name: 'g', kind: 'region' }],
      ['create user', 'POST', '/api/v1/users', { email: 'x2@a.jp', displayName: 'x', password: 'Hosp1tal!Secure', roles: [] }],
      ['reset MFA', 'POST', `/api/v1/users/${target.id}/mfa-reset`, {}],
    ];
    for (const [what, method, url, body] of denied) {
      const res = await bearer(token, method, url, body);
      expect(res.statusCode, what).toBe(403);
      expect(res.json().error.code, what).toBe('TOKEN_SCOPE');
    }
    // Managing a user needs users:write (the user is not even readable without users:read).
    expect([403, 404]).toContain((await bearer(token, 'PATCH', `/api/v1/users/${target.id}`, { disabled: true })).statusCode);
    // The audit log needs audit:read.
    expect((await bearer(token, 'GET', '/api/v1/audit')).statusCode).toBe(403);
    expect((await bearer(token, 'GET', '/api/v1/audit/verify')).statusCode).toBe(403);
    expect((await env.deps.db.selectFrom('users').select('disabled').where('id', '=', target.id).executeTakeFirstOrThrow()).disabled).toBe(0);

    // Reading users is not managing them: a users:read token cannot grant or revoke roles, group_admin included.
    const { token: readUsers } = await createToken(c, ['users:read', 'facilities:read']);
    expect((await bearer(readUsers, 'GET', `/api/v1/users/${target.id}`)).statusCode).toBe(200);
    const group = (await c.post('/api/v1/groups', { code: 'G1', name: 'g', kind: 'region' })).json() as { id: string };
    for (const body of [{ role: 'group_admin', groupId: group.id }, { role: 'it_staff', facilityId: A.id }]) {
      const grant = await bearer(readUsers, 'POST', `/api/v1/users/${target.id}/roles`, body);
      expect(grant.statusCode, body.role).toBe(403);
      expect(grant.json().error.code, body.role).toBe('TOKEN_SCOPE');
    }
    const granted = (await c.post(`/api/v1/users/${target.id}/roles`, { role: 'group_admin', groupId: group.id })).json() as { roles: { id: string; role: string }[] };
    for (const grant of granted.roles) {
      const revoke = await bearer(readUsers, 'DELETE', `/api/v1/users/${target.id}/roles/${grant.id}`);
      expect(revoke.statusCode, grant.role).toBe(403);
      expect(revoke.json().error.code, grant.role).toBe('TOKEN_SCOPE');
    }
    expect(await env.deps.db.selectFrom('user_roles').select('role').where('user_id', '=', target.id).orderBy('role').execute()).toEqual([{ role: 'group_admin' }, { role: 'staff' }]);

    // With the write scope the same administrator can act.
    const { token: writeUsers } = await createToken(c, ['users:write', 'users:read']);
    const created = await bearer(writeUsers, 'POST', '/api/v1/users', { email: 'new2@a.jp', displayName: 'new', password: 'Hosp1tal!Secure', roles: [{ role: 'staff', facilityId: A.id }] });
    expect(created.statusCode, created.body).toBe(201);
  });

  it('limited to one facility, cannot read another even when the user can', async () => {
    await makeUser(env, 'sm3@ab.jp', [
      { role: 'security_manager', facilityId: A.id },
      { role: 'security_manager', facilityId: B.id },
    ]);
    const other = await makeUser(env, 'staff3@b.jp', [{ role: 'staff', facilityId: B.id }]);
    const mate = await makeUser(env, 'staff3@a.jp', [{ role: 'staff', facilityId: A.id }]);
    const c = await loggedIn('sm3@ab.jp');
    expect(((await c.get('/api/v1/facilities')).json() as { items: unknown[] }).items).toHaveLength(2);
    const { token, apiToken } = await createToken(c, ['facilities:read', 'facilities:write', 'users:read'], { facilityId: A.id });
    expect(apiToken.facilityId).toBe(A.id);

    expect(((await bearer(token, 'GET', '/api/v1/facilities')).json() as { items: { id: string }[] }).items.map((f) => f.id)).toEqual([A.id]);
    expect((await bearer(token, 'GET', `/api/v1/facilities/${A.id}`)).statusCode).toBe(200);
    const foreign = await bearer(token, 'GET', `/api/v1/facilities/${B.id}`);
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.code).toBe('TOKEN_SCOPE');
    const patch = await bearer(token, 'PATCH', `/api/v1/facilities/${B.id}`, { beds: 1 });
    expect([403, 404]).toContain(patch.statusCode);
    expect((await bearer(token, 'GET', `/api/v1/users?facilityId=${B.id}`)).statusCode).toBe(403);
    const users = (await bearer(token, 'GET', '/api/v1/users')).json() as { items: { id: string }[] };
    expect(users.items.map((u) => u.id)).toContain(mate.id);
    expect(users.items.map((u) => u.id)).not.toContain(other.id);
    expect((await bearer(token, 'GET', `/api/v1/users/${other.id}`)).statusCode).toBe(404);
    expect((await bearer(token, 'GET', `/api/v1/users/${mate.id}`)).statusCode).toBe(200);
    // Through the session the user still reaches both.
    expect((await c.get(`/api/v1/facilities/${B.id}`)).statusCode).toBe(200);
  });

  it('limited to one facility, an administrator token cannot act deployment-wide or beyond that facility', async () => {
    const otherAdmin = await makeUser(env, 'admin24@a.jp', [{ role: 'security_manager', facilityId: A.id }], { isAdmin: true });
    await makeUser(env, 'admin4@a.jp', [], { isAdmin: true });
    const staffA = await makeUser(env, 'staff4@a.jp', [{ role: 'staff', facilityId: A.id }]);
    const both = await makeUser(env, 'both4@ab.jp', [
      { role: 'staff', facilityId: A.id },
      { role: 'staff', facilityId: B.id },
    ]);
    const c = await loggedIn('admin4@a.jp');
    const group = (await c.post('/api/v1/groups', { code: 'GB', name: 'B法人', kind: 'corporation' })).json() as { id: string };
    const all: Scope[] = ['facilities:read', 'facilities:write', 'users:read', 'users:write', 'audit:read'];
    const { token } = await createToken(c, all, { facilityId: A.id });

    // Inside facility A it works.
    expect((await bearer(token, 'PATCH', `/api/v1/facilities/${A.id}`, { beds: 7 })).statusCode).toBe(200);
    expect((await bearer(token, 'PATCH', `/api/v1/users/${staffA.id}`, { displayName: 'renamed' })).statusCode).toBe(200);
    const inA = await bearer(token, 'POST', '/api/v1/users', { email: 'new4@a.jp', displayName: 'n', password: 'Hosp1tal!Secure', roles: [{ role: 'staff', facilityId: A.id }] });
    expect(inA.statusCode, inA.body).toBe(201);

    // Nothing deployment-wide, and no way to mint or grant wider powers.
    const denied: [string, 'GET' | 'POST' | 'PATCH', string, unknown?][] = [
      ['create facility', 'POST', '/api/v1/facilities', { code: 'NEW', name: '新病院' }],
      ['create group', 'POST', '/api/v1/groups', { code: 'G2', name: 'g', kind: 'region' }],
      ['add A to a group', 'POST', `/api/v1/groups/${group.id}/facilities`, { facilityId: A.id }],
      ['create an admin', 'POST', '/api/v1/users', { email: 'evil4@a.jp', displayName: 'e', password: 'Hosp1tal!Secure', isAdmin: true, roles: [{ role: 'staff', facilityId: A.id }] }],
      ['promote to admin', 'PATCH', `/api/v1/users/${staffA.id}`, { isAdmin: true }],
      ['grant group_admin', 'POST', `/api/v1/users/${staffA.id}/roles`, { role: 'group_admin', groupId: group.id }],
      ['grant a role in B', 'POST', `/api/v1/users/${staffA.id}/roles`, { role: 'staff', facilityId: B.id }],
      ['reset MFA of another admin', 'POST', `/api/v1/users/${otherAdmin.id}/mfa-reset`, {}],
      ['disable another admin', 'PATCH', `/api/v1/users/${otherAdmin.id}`, { disabled: true }],
      ['disable a user who also works in B', 'PATCH', `/api/v1/users/${both.id}`, { disabled: true }],
      ['reset the password of a user who also works in B', 'POST', `/api/v1/users/${both.id}/password-reset`, { newPassword: 'Temp0rary!Pass' }],
      ['verify the whole audit chain', 'GET', '/api/v1/audit/verify'],
    ];
    for (const [what, method, url, body] of denied) {
      const res = await bearer(token, method, url, body);
      expect(res.statusCode, `${what}: ${res.body}`).toBe(403);
    }
    expect(await env.deps.db.selectFrom('users').select('email').where('email', 'in', ['evil4@a.jp', 'new4@a.jp']).execute()).toEqual([{ email: 'new4@a.jp' }]);
    const rows = await env.deps.db.selectFrom('users').select(['email', 'is_admin', 'disabled']).where('id', 'in', [otherAdmin.id, staffA.id]).orderBy('email').execute();
    expect(rows).toEqual([
      { email: 'admin24@a.jp', is_admin: 1, disabled: 0 },
      { email: 'staff4@a.jp', is_admin: 0, disabled: 0 },
    ]);
    expect((await env.deps.db.selectFrom('mfa_recovery_codes').select('id').where('user_id', '=', otherAdmin.id).execute()).length).toBe(0);
    expect(await env.deps.db.selectFrom('user_roles').select('role').where('user_id', '=', staffA.id).execute()).toEqual([{ role: 'staff' }]);
    expect((await env.deps.db.selectFrom('users').select('disabled').where('id', '=', both.id).executeTakeFirstOrThrow()).disabled).toBe(0);
    expect(await env.deps.db.selectFrom('facility_group_members').selectAll().where('group_id', '=', group.id).execute()).toEqual([]);
  });

  it('stops working when it expires and when it is revoked', async () => {
    await makeUser(env, 'staff5@a.jp', [{ role: 'staff', facilityId: A.id }]);
    const c = await loggedIn('staff5@a.jp');
    const shortLived = await createToken(c, ['facilities:read'], { expiresInDays: 1 });
    const revoked = await createToken(c, ['facilities:read']);
    expect(shortLived.apiToken.expiresAt).toBe(new Date(env.clock.now().getTime() + 86_400_000).toISOString());

    expect((await c.delete(`/api/v1/me/tokens/${revoked.apiToken.id}`)).statusCode).toBe(200);
    const gone = await bearer(revoked.token, 'GET', '/api/v1/facilities');
    expect(gone.statusCode).toBe(401);
    expect(gone.json().error.code).toBe('UNAUTHENTICATED');
    expect((await c.delete(`/api/v1/me/tokens/${revoked.apiToken.id}`)).statusCode).toBe(200); // idempotent
    const listed = (await c.get('/api/v1/me/tokens')).json() as { items: { id: string; revokedAt: string | null }[] };
    expect(listed.items.find((t) => t.id === revoked.apiToken.id)?.revokedAt).not.toBeNull();

    env.clock.advance(86_400_000 - 1000);
    expect((await bearer(shortLived.token, 'GET', '/api/v1/facilities')).statusCode).toBe(200);
    env.clock.advance(1000);
    const expired = await bearer(shortLived.token, 'GET', '/api/v1/facilities');
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('cannot reach the session-only endpoints (/me, /me/tokens, /auth)', async () => {
    const u = await makeUser(env, 'sm6@a.jp', [{ role: 'security_manager', facilityId: A.id }]);
    const c = await loggedIn('sm6@a.jp');
    const { token, apiToken } = await createToken(c, ['facilities:read', 'facilities:write', 'users:read', 'users:write', 'audit:read']);
    const calls: ['GET' | 'POST' | 'PATCH' | 'DELETE', string, unknown?][] = [
      ['GET', '/api/v1/me'],
      ['PATCH', '/api/v1/me', { displayName: 'token' }],
      ['GET', '/api/v1/me/tokens'],
      ['POST', '/api/v1/me/tokens', { name: 'minted by a token', scopes: ['users:write'] }],
      ['DELETE', `/api/v1/me/tokens/${apiToken.id}`],
      ['POST', '/api/v1/me/password', { currentPassword: 'Hosp1tal!Secure', newPassword: 'An0ther!Password' }],
      ['POST', '/api/v1/me/mfa/recovery-codes', { code: '123456' }],
      ['POST', '/api/v1/auth/mfa/enroll/start', {}],
      ['POST', '/api/v1/auth/logout', {}],
    ];
    for (const [method, url, body] of calls) {
      const res = await bearer(token, method, url, body);
      expect([401, 403], `${method} ${url}: ${res.body}`).toContain(res.statusCode);
      expect(['UNAUTHENTICATED', 'FORBIDDEN'], `${method} ${url}`).toContain(res.json().error.code);
    }
    // Nothing changed: no new token, the token is not revoked, the profile and password are as before.
    const rows = await env.deps.db.selectFrom('api_tokens').select(['id', 'revoked_at']).where('user_id', '=', u.id).execute();
    expect(rows).toEqual([{ id: apiToken.id, revoked_at: null }]);
    const user = await env.deps.db.selectFrom('users').select(['display_name', 'password_changed_at']).where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(user.display_name).toBe('sm6');
    expect((await bearer(token, 'GET', '/api/v1/facilities')).statusCode).toBe(200);
  });

  it("stops working when its user is disabled, or changes the password", async () => {
    await makeUser(env, 'admin7@a.jp', [], { isAdmin: true });
    const disabledViaApi = await makeUser(env, 'one7@a.jp', [{ role: 'staff', facilityId: A.id }]);
    const disabledInDb = await makeUser(env, 'two7@a.jp', [{ role: 'staff', facilityId: A.id }]);
    await makeUser(env, 'three7@a.jp', [{ role: 'staff', facilityId: A.id }]);
    const admin = await loggedIn('admin7@a.jp');
    const t1 = await createToken(await loggedIn('one7@a.jp'), ['facilities:read']);
    const t2 = await createToken(await loggedIn('two7@a.jp'), ['facilities:read']);
    const c3 = await loggedIn('three7@a.jp');
    const t3 = await createToken(c3, ['facilities:read']);
    for (const t of [t1, t2, t3]) expect((await bearer(t.token, 'GET', '/api/v1/facilities')).statusCode).toBe(200);

    expect((await admin.patch(`/api/v1/users/${disabledViaApi.id}`, { disabled: true })).statusCode).toBe(200);
    expect((await bearer(t1.token, 'GET', '/api/v1/facilities')).statusCode).toBe(401);
    // The token check itself looks at the user's state, whatever else revoked or did not revoke.
    await env.deps.db.updateTable('users').set({ disabled: 1 }).where('id', '=', disabledInDb.id).execute();
    expect((await env.deps.db.selectFrom('api_tokens').select('revoked_at').where('id', '=', t2.apiToken.id).executeTakeFirstOrThrow()).revoked_at).toBeNull();
    expect((await bearer(t2.token, 'GET', '/api/v1/facilities')).statusCode).toBe(401);

    // A changed password ends the user's tokens too.
    expect((await c3.post('/api/v1/me/password', { currentPassword: 'Hosp1tal!Secure', newPassword: 'N3w!Password-3' })).statusCode).toBe(200);
    expect((await bearer(t3.token, 'GET', '/api/v1/facilities')).statusCode).toBe(401);
  });

  it('records every token creation and revocation in the audit log, without the secret', async () => {
    const u = await makeUser(env, 'staff8@a.jp', [{ role: 'staff', facilityId: A.id }]);
    const c = await loggedIn('staff8@a.jp');
    const one = await createToken(c, ['facilities:read']);
    const two = await createToken(c, ['facilities:read'], { facilityId: A.id });
    expect((await c.delete(`/api/v1/me/tokens/${one.apiToken.id}`)).statusCode).toBe(200);
    expect((await c.delete(`/api/v1/me/tokens/${two.apiToken.id}`)).statusCode).toBe(200);
    // Someone else's token id is not found, and nothing is recorded for it.
    const stranger = await makeUser(env, 'stranger8@b.jp', [{ role: 'staff', facilityId: B.id }]);
    const theirs = await createToken(await loggedIn('stranger8@b.jp'), ['facilities:read']);
    expect((await c.delete(`/api/v1/me/tokens/${theirs.apiToken.id}`)).statusCode).toBe(404);

    const events = await env.deps.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'api_token').where('actor_user_id', 'in', [u.id, stranger.id]).orderBy('seq').execute();
    expect(events.map((e) => [e.action, e.entity_id, e.actor_user_id, e.facility_id])).toEqual([
      ['create', one.apiToken.id, u.id, null],
      ['create', two.apiToken.id, u.id, A.id],
      ['revoke', one.apiToken.id, u.id, null],
      ['revoke', two.apiToken.id, u.id, A.id],
      ['create', theirs.apiToken.id, stranger.id, null],
    ]);
    expect(JSON.parse(events[0]!.after_json!)).toMatchObject({ id: one.apiToken.id, scopes: ['facilities:read'], prefix: one.apiToken.prefix });
    expect(JSON.parse(events[2]!.before_json!)).toMatchObject({ id: one.apiToken.id, revokedAt: null });
    for (const e of events) {
      const text = `${e.before_json ?? ''}${e.after_json ?? ''}`;
      for (const t of [one, two, theirs]) {
        expect(text).not.toContain(t.token);
        expect(text).not.toContain(sha256Hex(t.token));
      }
    }
  });
});
