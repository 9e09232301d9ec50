import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, createTestEnv, makeFacility, makeUser, TestClient, TEST_PASSWORD, type TestEnv } from '../testing/harness.ts';

describe('request authentication hook (sqlite)', () => {
  let env: TestEnv;
  let app: FastifyInstance;

  beforeEach(async () => {
    env = await createTestEnv('sqlite');
    app = await buildTestApp(env);
  });
  afterEach(async () => {
    await app.close();
    await env.close();
  });

  it('applies CSRF and session checks to percent-encoded API paths too', async () => {
    const f = await makeFacility(env, 'H1');
    await makeUser(env, 'staff@h1.jp', [{ role: 'staff', facilityId: f.id }]);
    // The router decodes `%61` to `a`, so this reaches POST /api/v1/auth/login; it must still need the CSRF header.
    const noCsrf = await app.inject({
      method: 'POST',
      url: '/%61pi/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'staff@h1.jp', password: TEST_PASSWORD }),
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('CSRF_FAILED');
    expect(noCsrf.headers['set-cookie']?.toString() ?? '').not.toContain('mamori_session');

    // And the session is recognised on such a path (the hook ran), not silently dropped.
    const c = new TestClient(app, env);
    await c.login('staff@h1.jp');
    const me = await c.get('/%61pi/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe('staff@h1.jp');
  });

  it('marks API responses as not cacheable', async () => {
    const f = await makeFacility(env, 'H1');
    await makeUser(env, 'staff@h1.jp', [{ role: 'staff', facilityId: f.id }]);
    const c = new TestClient(app, env);
    await c.login('staff@h1.jp');
    for (const url of ['/api/v1/me', '/api/v1/facilities', '/api/v1/no-such-route']) {
      expect((await c.get(url)).headers['cache-control'], url).toBe('no-store');
    }
    const anonymous = await new TestClient(app, env).get('/api/v1/me');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['cache-control']).toBe('no-store');
  });
});
