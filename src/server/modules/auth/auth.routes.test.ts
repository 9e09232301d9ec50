import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, createTestEnv, DIALECTS, makeFacility, makeUser, TestClient, TEST_PASSWORD, type TestEnv } from '../../testing/harness.ts';
import { currentTotp } from './totp.ts';

describe.each(DIALECTS)('authentication over HTTP (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;

  beforeEach(async () => {
    env = await createTestEnv(dialect);
    app = await buildTestApp(env);
  });
  afterEach(async () => {
    await app.close();
    await env.close();
  });

  it('answers health without login and 401 for every other route', async () => {
    const c = new TestClient(app, env);
    const health = await c.get('/api/v1/health');
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok', database: 'ok', dialect });
    for (const url of ['/api/v1/me', '/api/v1/facilities', '/api/v1/users', '/api/v1/audit', '/api/v1/no-such-route']) {
      const res = await c.get(url);
      expect(res.statusCode, url).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('runs first-run setup once, then login requires MFA enrolment for the admin', async () => {
    const c = new TestClient(app, env);
    expect((await c.get('/api/v1/setup/status')).json().needsSetup).toBe(true);
    const weak = await c.post('/api/v1/setup', { facilityCode: 'H1', facilityName: 'テスト病院', adminEmail: 'admin@h1.jp', adminName: '管理者', adminPassword: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('WEAK_PASSWORD');
    expect(weak.json().error.message).toContain('8文字以上');

    const ok = await c.post('/api/v1/setup', { facilityCode: 'H1', facilityName: 'テスト病院', adminEmail: 'Admin@H1.jp', adminName: '管理者', adminPassword: TEST_PASSWORD });
    expect(ok.statusCode).toBe(201);
    const again = await c.post('/api/v1/setup', { facilityCode: 'H2', facilityName: '別病院', adminEmail: 'x@h1.jp', adminName: 'x', adminPassword: TEST_PASSWORD });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ALREADY_SET_UP');

    const login = await c.post('/api/v1/auth/login', { email: 'admin@h1.jp', password: TEST_PASSWORD });
    expect(login.json()).toEqual({ stage: 'enroll_mfa' });
    // Before enrolment the rest of the API is closed.
    expect((await c.get('/api/v1/facilities')).json().error.code).toBe('MFA_ENROLLMENT_REQUIRED');
    const me = await c.get('/api/v1/me');
    expect(me.json()).toMatchObject({ stage: 'enroll_mfa', user: { email: 'admin@h1.jp', isAdmin: true, mfaRequired: true, mfaEnabled: false } });

    const start = (await c.post('/api/v1/auth/mfa/enroll/start')).json();
    expect(start.otpauthUrl).toContain('otpauth://totp/');
    expect(start.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const wrong = await c.post('/api/v1/auth/mfa/enroll/confirm', { code: '000000' === currentTotp(start.secret, env.clock.now()) ? '111111' : '000000' });
    expect(wrong.json().error.code).toBe('INVALID_MFA_CODE');
    const confirm = await c.post('/api/v1/auth/mfa/enroll/confirm', { code: currentTotp(start.secret, env.clock.now()) });
    expect(confirm.statusCode).toBe(200);
    const { recoveryCodes, stage } = confirm.json();
    expect(stage).toBe('full');
    expect(recoveryCodes).toHaveLength(10);
    expect((await c.get('/api/v1/facilities')).json().items.map((f: { code: string }) => f.code)).toEqual(['H1']);

    // Next login: password, then the TOTP challenge; a replayed code is refused.
    env.clock.advance(30_000);
    const c2 = new TestClient(app, env);
    expect((await c2.post('/api/v1/auth/login', { email: 'admin@h1.jp', password: TEST_PASSWORD })).json().stage).toBe('mfa');
    const code = currentTotp(start.secret, env.clock.now());
    expect((await c2.post('/api/v1/auth/mfa/verify', { code })).json().stage).toBe('full');
    const c3 = new TestClient(app, env);
    await c3.post('/api/v1/auth/login', { email: 'admin@h1.jp', password: TEST_PASSWORD });
    expect((await c3.post('/api/v1/auth/mfa/verify', { code })).json().error.code).toBe('INVALID_MFA_CODE');
    // A recovery code works once.
    expect((await c3.post('/api/v1/auth/mfa/verify', { code: recoveryCodes[0] })).json().stage).toBe('full');
    const c4 = new TestClient(app, env);
    await c4.post('/api/v1/auth/login', { email: 'admin@h1.jp', password: TEST_PASSWORD });
    expect((await c4.post('/api/v1/auth/mfa/verify', { code: recoveryCodes[0] })).statusCode).toBe(401);

    // Logout ends the session.
    expect((await c2.post('/api/v1/auth/logout')).statusCode).toBe(200);
    expect((await c2.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('rejects writes without the CSRF header, and with a wrong one', async () => {
    const c = new TestClient(app, env);
    await c.get('/api/v1/setup/status');
    const body = JSON.stringify({ email: 'x@y.jp', password: 'whatever1!' });
    const none = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: body, headers: { 'content-type': 'application/json', cookie: `mamori_csrf=${c.cookie('mamori_csrf')}` } });
    expect(none.statusCode).toBe(403);
    expect(none.json().error.code).toBe('CSRF_FAILED');
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: body,
      headers: { 'content-type': 'application/json', cookie: `mamori_csrf=${c.cookie('mamori_csrf')}`, 'x-csrf-token': 'A'.repeat(32) },
    });
    expect(wrong.json().error.code).toBe('CSRF_FAILED');
  });

  it('locks the account after five failures with a clear message, also for the right password', async () => {
    const f = await makeFacility(env, 'H1');
    await makeUser(env, 'staff@h1.jp', [{ role: 'staff', facilityId: f.id }]);
    const c = new TestClient(app, env);
    for (let i = 0; i < 4; i++) {
      const r = await c.post('/api/v1/auth/login', { email: 'staff@h1.jp', password: 'Wrong-pass1' });
      expect(r.json().error.code).toBe('INVALID_CREDENTIALS');
    }
    const fifth = await c.post('/api/v1/auth/login', { email: 'staff@h1.jp', password: 'Wrong-pass1' });
    expect(fifth.json().error.code).toBe('INVALID_CREDENTIALS');
    const locked = await c.post('/api/v1/auth/login', { email: 'staff@h1.jp', password: TEST_PASSWORD });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('ACCOUNT_LOCKED');
    expect(locked.json().error.message).toContain('ロック');
    const en = await c.request('POST', '/api/v1/auth/login', { email: 'staff@h1.jp', password: TEST_PASSWORD }, { 'accept-language': 'en-US' });
    expect(en.json().error.message).toContain('locked');
    env.clock.advance(16 * 60_000);
    expect((await c.post('/api/v1/auth/login', { email: 'staff@h1.jp', password: TEST_PASSWORD })).json().stage).toBe('full');
    const events = await env.deps.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'user').execute();
    expect(events.map((e) => e.action)).toContain('lockout');
  });

  it('expires sessions after the idle timeout and after the absolute timeout', async () => {
    const f = await makeFacility(env, 'H1');
    await makeUser(env, 'staff@h1.jp', [{ role: 'staff', facilityId: f.id }]);
    const c = new TestClient(app, env);
    await c.login('staff@h1.jp');
    env.clock.advance(29 * 60_000);
    expect((await c.get('/api/v1/facilities')).statusCode).toBe(200);
    env.clock.advance(29 * 60_000);
    expect((await c.get('/api/v1/facilities')).statusCode).toBe(200);
    env.clock.advance(31 * 60_000);
    expect((await c.get('/api/v1/facilities')).statusCode).toBe(401);

    const c2 = new TestClient(app, env);
    await c2.login('staff@h1.jp');
    for (let i = 0; i < 25; i++) {
      env.clock.advance(29 * 60_000);
      const r = await c2.get('/api/v1/me');
      if (r.statusCode === 401) {
        expect(i * 29).toBeGreaterThanOrEqual(11 * 60);
        return;
      }
    }
    throw new Error('the session outlived its absolute timeout');
  });

  it('rejects malformed JSON, unknown fields and wrong types with 400, never 500', async () => {
    const c = new TestClient(app, env);
    await c.get('/api/v1/setup/status');
    const headers = { 'content-type': 'application/json', cookie: `mamori_csrf=${c.cookie('mamori_csrf')}`, 'x-csrf-token': c.cookie('mamori_csrf')! };
    const bad = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: '{"email": ', headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('BAD_REQUEST');
    const unknown = await c.post('/api/v1/auth/login', { email: 'a@b.jp', password: 'x', admin: true });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('VALIDATION_FAILED');
    const wrongType = await c.post('/api/v1/auth/login', { email: 42, password: 'x' });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.issues[0].path).toContain('email');
    const huge = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: JSON.stringify({ email: 'a', password: 'x'.repeat(2_000_000) }), headers });
    expect(huge.statusCode).toBe(413);
  });

  it('does not reveal whether an account exists', async () => {
    const f = await makeFacility(env, 'H1');
    await makeUser(env, 'staff@h1.jp', [{ role: 'staff', facilityId: f.id }]);
    const c = new TestClient(app, env);
    const a = await c.post('/api/v1/auth/login', { email: 'nobody@h1.jp', password: 'Wrong-pass1' });
    const b = await c.post('/api/v1/auth/login', { email: 'staff@h1.jp', password: 'Wrong-pass1' });
    expect(a.statusCode).toBe(b.statusCode);
    expect(a.json()).toEqual(b.json());
  });

  it('counts wrong passwords from an open session towards the lockout', async () => {
    const f = await makeFacility(env, 'H1');
    await makeUser(env, 'staff@h1.jp', [{ role: 'staff', facilityId: f.id }]);
    const c = new TestClient(app, env);
    await c.login('staff@h1.jp');
    for (let i = 0; i < 5; i++) {
      const r = await c.post('/api/v1/me/password', { currentPassword: `Guess-${i}-pass!`, newPassword: 'Another-Pass-2026!' });
      expect(r.json().error.code).toBe('INVALID_CREDENTIALS');
    }
    const locked = await c.post('/api/v1/me/password', { currentPassword: TEST_PASSWORD, newPassword: 'Another-Pass-2026!' });
    expect(locked.json().error.code).toBe('ACCOUNT_LOCKED');
    const fresh = new TestClient(app, env);
    expect((await fresh.post('/api/v1/auth/login', { email: 'staff@h1.jp', password: TEST_PASSWORD })).json().error.code).toBe('ACCOUNT_LOCKED');
  });

  it('reveals no facilities or roles to a session that has only passed the password step', async () => {
    const f = await makeFacility(env, 'H1', '秘密病院');
    await makeUser(env, 'sm@h1.jp', [{ role: 'security_manager', facilityId: f.id }]);
    const c = new TestClient(app, env);
    await c.login('sm@h1.jp');
    env.clock.advance(30_000);
    const pending = new TestClient(app, env);
    expect((await pending.post('/api/v1/auth/login', { email: 'sm@h1.jp', password: TEST_PASSWORD })).json().stage).toBe('mfa');
    const me = (await pending.get('/api/v1/me')).json();
    expect(me.stage).toBe('mfa');
    expect(me.facilities).toEqual([]);
    expect(JSON.stringify(me)).not.toContain('秘密病院');
    expect((await c.get('/api/v1/me')).json().facilities.map((x: { facilityName: string }) => x.facilityName)).toEqual(['秘密病院']);
  });
});
