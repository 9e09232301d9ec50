import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import type { TUser } from '../../../shared/contracts/users.contract.ts';
import { buildTestApp, createTestEnv, DIALECTS, makeFacility, makeUser, TestClient, TEST_PASSWORD, type TestEnv, userRowFor } from '../../testing/harness.ts';

/** User administration over HTTP: validation, who may manage whom, passwords, lockout, disabling, MFA reset, roles, listing. */
describe.each(DIALECTS)('user administration (%s)', (dialect) => {
  // One database per dialect (creating a PostgreSQL database is the slow part); every test uses its own
  // users. A new app per test gives each test a fresh login rate limiter.
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let B: TFacility;
  let admin: TestClient;
  let adminId: string;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    A = await makeFacility(env, 'FA');
    B = await makeFacility(env, 'FB');
    adminId = (await makeUser(env, 'admin@mamori.jp', [], { isAdmin: true })).id;
  });
  afterAll(async () => {
    await env?.close();
  });
  beforeEach(async () => {
    app = await buildTestApp(env);
    admin = await loggedIn('admin@mamori.jp');
  });
  afterEach(async () => {
    await app.close();
  });

  async function loggedIn(email: string, password = TEST_PASSWORD, on: { app: FastifyInstance; env: TestEnv } = { app, env }): Promise<TestClient> {
    const c = new TestClient(on.app, on.env);
    await c.login(email, password);
    return c;
  }

  const auditRows = (action: string, entityId: string) =>
    env.deps.db.selectFrom('audit_log').selectAll().where('action', '=', action).where('entity_id', '=', entityId).orderBy('seq').execute();
  const sessionsOf = async (userId: string) => (await env.deps.db.selectFrom('sessions').select('id').where('user_id', '=', userId).execute()).length;

  it('validates a new user and names the offending field', async () => {
    const base = { displayName: '山田 花子', password: TEST_PASSWORD, roles: [{ role: 'staff', facilityId: A.id }] };
    const cases: [string, Record<string, unknown>, string, string, string?][] = [
      ['too short', { email: 'yamada@a.jp', password: 'Ab1!' }, 'WEAK_PASSWORD', 'password', 'too_short'],
      ['no mix', { email: 'yamada@a.jp', password: 'abcdefghij' }, 'WEAK_PASSWORD', 'password', 'needs_mix'],
      ['contains the email', { email: 'yamada@a.jp', password: 'yamada-hospital-2026' }, 'WEAK_PASSWORD', 'password', 'contains_email'],
      ['bad email', { email: 'not-an-email' }, 'VALIDATION_FAILED', 'email'],
      ['unknown facility', { email: 'yamada@a.jp', roles: [{ role: 'staff', facilityId: 'no-such-facility' }] }, 'VALIDATION_FAILED', 'roles.0.facilityId'],
      ['unknown role', { email: 'yamada@a.jp', roles: [{ role: 'superuser', facilityId: A.id }] }, 'VALIDATION_FAILED', 'roles.0.role'],
      ['unknown field', { email: 'yamada@a.jp', isRoot: true }, 'VALIDATION_FAILED', ''],
    ];
    for (const [what, patch, code, path, message] of cases) {
      const res = await admin.post('/api/v1/users', { ...base, ...patch });
      expect(res.statusCode, what).toBe(400);
      const error = res.json().error as { code: string; issues?: { path: string; message: string }[] };
      expect(error.code, what).toBe(code);
      expect(error.issues?.length, what).toBeGreaterThan(0);
      if (path) expect(error.issues!.map((i) => i.path.replace(/^body\./, '')), what).toContain(path);
      if (message) expect(error.issues!.map((i) => i.message), what).toContain(message);
    }
    expect(await env.deps.db.selectFrom('users').select('email').where('email', '=', 'yamada@a.jp').execute()).toEqual([]);

    const created = await admin.post('/api/v1/users', { ...base, email: 'Yamada@A.jp' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ email: 'yamada@a.jp', displayName: '山田 花子', isAdmin: false, mustChangePassword: true, roles: [{ role: 'staff', facilityId: A.id }] });
    expect(created.body).not.toContain('password');
    const duplicate = await admin.post('/api/v1/users', { ...base, email: 'YAMADA@a.jp' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error).toMatchObject({ code: 'CONFLICT', issues: [{ path: 'email' }] });
  });

  it('lets a security manager create users only in their own facility, and never administrators', async () => {
    await makeUser(env, 'sm2@a.jp', [{ role: 'security_manager', facilityId: A.id }]);
    const sm = await loggedIn('sm2@a.jp');
    const user = (email: string, extra: Record<string, unknown>) => ({ email, displayName: 'x', password: TEST_PASSWORD, ...extra });

    const ok = await sm.post('/api/v1/users', user('own@a.jp', { roles: [{ role: 'it_staff', facilityId: A.id }] }));
    expect(ok.statusCode, ok.body).toBe(201);
    const denied: [string, Record<string, unknown>, number, string][] = [
      ['foreign facility', { roles: [{ role: 'staff', facilityId: B.id }] }, 403, 'FORBIDDEN'],
      ['own and foreign', { roles: [{ role: 'staff', facilityId: A.id }, { role: 'staff', facilityId: B.id }] }, 403, 'FORBIDDEN'],
      ['an administrator', { isAdmin: true, roles: [{ role: 'staff', facilityId: A.id }] }, 403, 'FORBIDDEN'],
      ['no role at all', { roles: [] }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [what, extra, status, code] of denied) {
      const res = await sm.post('/api/v1/users', user(`denied-${status}-${what.length}@a.jp`, extra));
      expect(res.statusCode, what).toBe(status);
      expect(res.json().error.code, what).toBe(code);
    }
    expect((await env.deps.db.selectFrom('users').select('email').where('email', 'like', 'denied-%').execute()).length).toBe(0);

    // Nor through an existing user: no promotion, no group administration.
    const id = (ok.json() as TUser).id;
    expect((await sm.patch(`/api/v1/users/${id}`, { isAdmin: true })).statusCode).toBe(403);
    const group = (await admin.post('/api/v1/groups', { code: 'GA', name: 'A法人', kind: 'corporation' })).json() as { id: string };
    await admin.post(`/api/v1/groups/${group.id}/facilities`, { facilityId: A.id });
    expect((await sm.post(`/api/v1/users/${id}/roles`, { role: 'group_admin', groupId: group.id })).statusCode).toBe(403);
    expect((await sm.post(`/api/v1/users/${id}/roles`, { role: 'staff', facilityId: B.id })).statusCode).toBe(403);
    const row = await env.deps.db.selectFrom('users').select('is_admin').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.is_admin).toBe(0);
    expect(await env.deps.db.selectFrom('user_roles').select('role').where('user_id', '=', id).execute()).toEqual([{ role: 'it_staff' }]);
  });

  it('does not let a security manager manage a user who also has a role in another facility, or an administrator', async () => {
    await makeUser(env, 'sm3@a.jp', [{ role: 'security_manager', facilityId: A.id }]);
    const both = await makeUser(env, 'both@ab.jp', [
      { role: 'staff', facilityId: A.id },
      { role: 'staff', facilityId: B.id },
    ]);
    // Like the administrator created by first-run setup: admin and security manager of the facility.
    const adminInA = await makeUser(env, 'admin-a@a.jp', [{ role: 'security_manager', facilityId: A.id }], { isAdmin: true });
    const onlyA = await makeUser(env, 'only@a.jp', [{ role: 'staff', facilityId: A.id }]);
    const sm = await loggedIn('sm3@a.jp');

    for (const target of [both, adminInA]) {
      const view = await sm.get(`/api/v1/users/${target.id}`);
      expect(view.statusCode, target.email).toBe(200); // visible: they share facility A
      const grantA = (view.json() as TUser).roles.find((r) => r.facilityId === A.id)!;
      const attempts: [string, 'POST' | 'PATCH' | 'DELETE', string, unknown?][] = [
        ['rename', 'PATCH', '', { displayName: 'changed' }],
        ['disable', 'PATCH', '', { disabled: true }],
        ['reset password', 'POST', '/password-reset', { newPassword: 'Temp0rary!Pass' }],
        ['unlock', 'POST', '/unlock', {}],
        ['grant', 'POST', '/roles', { role: 'it_staff', facilityId: A.id }],
        ['revoke', 'DELETE', `/roles/${grantA.id}`],
        ['reset MFA', 'POST', '/mfa-reset', {}],
      ];
      for (const [what, method, suffix, body] of attempts) {
        const res = await sm.request(method, `/api/v1/users/${target.id}${suffix}`, body);
        expect(res.statusCode, `${target.email} ${what}`).toBe(403);
        expect(res.json().error.code, `${target.email} ${what}`).toBe('FORBIDDEN');
      }
    }
    const rows = await env.deps.db.selectFrom('users').select(['email', 'display_name', 'disabled', 'must_change_password']).where('id', 'in', [both.id, adminInA.id]).orderBy('email').execute();
    expect(rows).toEqual([
      { email: 'admin-a@a.jp', display_name: 'admin-a', disabled: 0, must_change_password: 0 },
      { email: 'both@ab.jp', display_name: 'both', disabled: 0, must_change_password: 0 },
    ]);
    // A user entirely within A is the security manager's to manage; granting a role in B is not.
    expect((await sm.patch(`/api/v1/users/${onlyA.id}`, { displayName: '変更' })).statusCode).toBe(200);
    expect((await sm.post(`/api/v1/users/${onlyA.id}/roles`, { role: 'staff', facilityId: B.id })).statusCode).toBe(403);
    // The administrator can manage the user of two facilities.
    expect((await admin.patch(`/api/v1/users/${both.id}`, { displayName: '両方' })).statusCode).toBe(200);
  });

  it('forces a password change after an administrator reset, and ends the sessions and tokens of the user', async () => {
    const target = await makeUser(env, 'nurse4@a.jp', [{ role: 'staff', facilityId: A.id }]);
    const t = await loggedIn('nurse4@a.jp');
    const token = (await t.post('/api/v1/me/tokens', { name: 'sync', scopes: ['facilities:read'] })).json().token as string;

    const weak = await admin.post(`/api/v1/users/${target.id}/password-reset`, { newPassword: 'temp' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error).toMatchObject({ code: 'WEAK_PASSWORD', issues: [{ path: 'newPassword', message: 'too_short' }] });
    expect((await t.get('/api/v1/me')).statusCode).toBe(200);

    expect((await admin.post(`/api/v1/users/${target.id}/password-reset`, { newPassword: 'Temp0rary!Pass' })).statusCode).toBe(200);
    expect((await t.get('/api/v1/me')).statusCode).toBe(401);
    expect(await sessionsOf(target.id)).toBe(0);
    expect((await app.inject({ method: 'GET', url: '/api/v1/facilities', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    expect(((await admin.get(`/api/v1/users/${target.id}`)).json() as TUser).mustChangePassword).toBe(true);

    const c = new TestClient(app, env);
    expect((await c.post('/api/v1/auth/login', { email: 'nurse4@a.jp', password: TEST_PASSWORD })).json().error.code).toBe('INVALID_CREDENTIALS');
    expect((await c.post('/api/v1/auth/login', { email: 'nurse4@a.jp', password: 'Temp0rary!Pass' })).json()).toEqual({ stage: 'change_password' });
    const blocked = await c.get('/api/v1/facilities');
    expect(blocked.statusCode).toBe(401);
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await c.get('/api/v1/me')).json()).toMatchObject({ stage: 'change_password' });
    // The temporary password itself cannot be kept.
    expect((await c.post('/api/v1/me/password', { currentPassword: 'Temp0rary!Pass', newPassword: 'Temp0rary!Pass' })).json().error.code).toBe('PASSWORD_REUSED');
    const changed = await c.post('/api/v1/me/password', { currentPassword: 'Temp0rary!Pass', newPassword: 'My0wn!Password' });
    expect(changed.json()).toEqual({ stage: 'full' });
    expect((await c.get('/api/v1/facilities')).statusCode).toBe(200);
    expect(((await admin.get(`/api/v1/users/${target.id}`)).json() as TUser).mustChangePassword).toBe(false);

    const events = await auditRows('password_reset', target.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.actor_user_id).toBe(adminId);
    expect(JSON.parse(events[0]!.after_json!)).toEqual({ mustChangePassword: true });
    const all = await env.deps.db.selectFrom('audit_log').select(['before_json', 'after_json']).execute();
    expect(JSON.stringify(all)).not.toMatch(/Temp0rary|My0wn/);
  });

  it('refuses to reuse any of the last five passwords', async () => {
    const target = await makeUser(env, 'nurse5@a.jp', [{ role: 'staff', facilityId: A.id }]);
    const c = await loggedIn('nurse5@a.jp');
    const passwords = ['Pass!word-01', 'Pass!word-02', 'Pass!word-03', 'Pass!word-04', 'Pass!word-05'];
    let current = TEST_PASSWORD;
    for (const next of passwords) {
      env.clock.advance(1000);
      const res = await c.post('/api/v1/me/password', { currentPassword: current, newPassword: next });
      expect(res.statusCode, `${next}: ${res.body}`).toBe(200);
      current = next;
    }
    // The oldest in the window and the current one (each check costs argon2 verifications; the middle is checked below).
    for (const old of [passwords[0]!, passwords[4]!]) {
      const res = await c.post('/api/v1/me/password', { currentPassword: current, newPassword: old });
      expect(res.statusCode, old).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'PASSWORD_REUSED', issues: [{ path: 'newPassword' }] });
    }
    // An administrator's reset obeys the same history.
    const reset = await admin.post(`/api/v1/users/${target.id}/password-reset`, { newPassword: passwords[2] });
    expect(reset.json().error.code).toBe('PASSWORD_REUSED');
    // The sixth-newest (the original) has left the history.
    env.clock.advance(1000);
    expect((await c.post('/api/v1/me/password', { currentPassword: current, newPassword: TEST_PASSWORD })).statusCode).toBe(200);
    expect((await env.deps.db.selectFrom('password_history').select('id').where('user_id', '=', target.id).execute()).length).toBe(5);
  });

  it('unlocks a locked account', async () => {
    await makeUser(env, 'sm6@a.jp', [{ role: 'security_manager', facilityId: A.id }]);
    const target = await makeUser(env, 'nurse6@a.jp', [{ role: 'staff', facilityId: A.id }]);
    const sm = await loggedIn('sm6@a.jp');
    const c = new TestClient(app, env);
    for (let i = 0; i < env.deps.config.lockoutThreshold; i++) await c.post('/api/v1/auth/login', { email: 'nurse6@a.jp', password: 'Wrong-pass1' });
    expect((await c.post('/api/v1/auth/login', { email: 'nurse6@a.jp', password: TEST_PASSWORD })).statusCode).toBe(423);
    expect(((await sm.get(`/api/v1/users/${target.id}`)).json() as TUser).locked).toBe(true);

    const unlocked = await sm.post(`/api/v1/users/${target.id}/unlock`);
    expect(unlocked.statusCode).toBe(200);
    expect((unlocked.json() as TUser).locked).toBe(false);
    expect((await c.post('/api/v1/auth/login', { email: 'nurse6@a.jp', password: TEST_PASSWORD })).json()).toEqual({ stage: 'full' });
    const events = await auditRows('unlock', target.id);
    expect(events.map((e) => [JSON.parse(e.before_json!), JSON.parse(e.after_json!)])).toEqual([[{ locked: true }, { locked: false }]]);
  });

  it('ends every session of a disabled user at once, and enabling restores login', async () => {
    await makeUser(env, 'sm7@a.jp', [{ role: 'security_manager', facilityId: A.id }]);
    const target = await makeUser(env, 'nurse7@a.jp', [{ role: 'staff', facilityId: A.id }]);
    const t1 = await loggedIn('nurse7@a.jp');
    const t2 = await loggedIn('nurse7@a.jp');
    expect(await sessionsOf(target.id)).toBe(2);
    const sm = await loggedIn('sm7@a.jp');

    const res = await sm.patch(`/api/v1/users/${target.id}`, { disabled: true });
    expect(res.statusCode).toBe(200);
    expect((res.json() as TUser).disabled).toBe(true);
    // No clock movement: the very next request is refused.
    for (const t of [t1, t2]) expect((await t.get('/api/v1/me')).statusCode).toBe(401);
    expect(await sessionsOf(target.id)).toBe(0);
    const again = await new TestClient(app, env).post('/api/v1/auth/login', { email: 'nurse7@a.jp', password: TEST_PASSWORD });
    expect(again.statusCode).toBe(403);
    expect(again.json().error.code).toBe('ACCOUNT_DISABLED');

    expect((await sm.patch(`/api/v1/users/${target.id}`, { disabled: false })).statusCode).toBe(200);
    await loggedIn('nurse7@a.jp');
    const events = await env.deps.db.selectFrom('audit_log').select(['action', 'before_json', 'after_json']).where('entity_id', '=', target.id).where('action', 'in', ['disable', 'enable']).orderBy('seq').execute();
    expect(events.map((e) => [e.action, JSON.parse(e.before_json!).disabled, JSON.parse(e.after_json!).disabled])).toEqual([
      ['disable', false, true],
      ['enable', true, false],
    ]);
  });

  it('never disables or demotes the last active administrator', async () => {
    // Its own database: here the number of administrators is the point.
    const own = await createTestEnv(dialect);
    const ownApp = await buildTestApp(own);
    try {
      const on = { app: ownApp, env: own };
      const first = await makeUser(own, 'admin1@mamori.jp', [], { isAdmin: true });
      const admin1 = await loggedIn('admin1@mamori.jp', TEST_PASSWORD, on);
      for (const body of [{ disabled: true }, { isAdmin: false }]) {
        const res = await admin1.patch(`/api/v1/users/${first.id}`, body);
        expect(res.statusCode, JSON.stringify(body)).toBe(409);
        expect(res.json().error.code).toBe('LAST_ADMIN');
      }
      const second = await makeUser(own, 'admin2@mamori.jp', [], { isAdmin: true });
      const admin2 = await loggedIn('admin2@mamori.jp', TEST_PASSWORD, on);
      expect((await admin2.patch(`/api/v1/users/${first.id}`, { disabled: true })).statusCode).toBe(200);
      // A disabled administrator does not count: admin2 is now the last one.
      for (const body of [{ disabled: true }, { isAdmin: false }]) {
        const res = await admin2.patch(`/api/v1/users/${second.id}`, body);
        expect(res.json().error.code, JSON.stringify(body)).toBe('LAST_ADMIN');
      }
      expect((await admin2.patch(`/api/v1/users/${first.id}`, { disabled: false })).statusCode).toBe(200);
      expect((await admin2.patch(`/api/v1/users/${first.id}`, { isAdmin: false })).statusCode).toBe(200);
      const admins = await own.deps.db.selectFrom('users').select('email').where('is_admin', '=', 1).where('disabled', '=', 0).execute();
      expect(admins).toEqual([{ email: 'admin2@mamori.jp' }]);
      const events = await own.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', first.id).where('action', 'in', ['disable', 'enable', 'permission_change']).orderBy('seq').execute();
      expect(events.map((e) => e.action)).toEqual(['disable', 'enable', 'permission_change']);
    } finally {
      await ownApp.close();
      await own.close();
    }
  });

  it('resets MFA so that the user enrols again, ending their sessions', async () => {
    const target = await makeUser(env, 'sm9@a.jp', [{ role: 'security_manager', facilityId: A.id }]);
    const t = await loggedIn('sm9@a.jp'); // enrols (MFA is mandatory for a security manager)
    expect(((await admin.get(`/api/v1/users/${target.id}`)).json() as TUser).mfaEnabled).toBe(true);
    expect((await env.deps.db.selectFrom('mfa_recovery_codes').select('id').where('user_id', '=', target.id).execute()).length).toBe(10);
    // Only an administrator may do it, even for the security manager's own staff.
    const staff = await makeUser(env, 'staff9@a.jp', [{ role: 'staff', facilityId: A.id }]);
    expect((await t.post(`/api/v1/users/${staff.id}/mfa-reset`)).statusCode).toBe(403);

    const res = await admin.post(`/api/v1/users/${target.id}/mfa-reset`);
    expect(res.statusCode).toBe(200);
    expect((res.json() as TUser).mfaEnabled).toBe(false);
    expect((await t.get('/api/v1/me')).statusCode).toBe(401);
    expect((await env.deps.db.selectFrom('mfa_recovery_codes').select('id').where('user_id', '=', target.id).execute()).length).toBe(0);
    const row = await env.deps.db.selectFrom('users').select(['mfa_enabled', 'mfa_secret_enc']).where('id', '=', target.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ mfa_enabled: 0, mfa_secret_enc: null });

    const c = new TestClient(app, env);
    expect((await c.post('/api/v1/auth/login', { email: 'sm9@a.jp', password: TEST_PASSWORD })).json()).toEqual({ stage: 'enroll_mfa' });
    const events = await auditRows('mfa_reset', target.id);
    expect(events).toHaveLength(1);
    expect([JSON.parse(events[0]!.before_json!), JSON.parse(events[0]!.after_json!)]).toEqual([{ mfaEnabled: true }, { mfaEnabled: false }]);
  });

  it('audits every role grant and revocation with the roles before and after', async () => {
    await makeUser(env, 'sm10@a.jp', [{ role: 'security_manager', facilityId: A.id }]);
    const target = await makeUser(env, 'nurse10@a.jp', [{ role: 'staff', facilityId: A.id }]);
    const sm = await loggedIn('sm10@a.jp');
    const smId = ((await sm.get('/api/v1/me')).json() as { user: { id: string } }).user.id;

    const granted = await sm.post(`/api/v1/users/${target.id}/roles`, { role: 'it_staff', facilityId: A.id });
    expect(granted.statusCode, granted.body).toBe(200);
    const roles = (granted.json() as TUser).roles;
    expect(roles.map((r) => r.role).sort()).toEqual(['it_staff', 'staff']);
    expect((await sm.post(`/api/v1/users/${target.id}/roles`, { role: 'it_staff', facilityId: A.id })).json().error.code).toBe('CONFLICT');
    const unknownFacility = await admin.post(`/api/v1/users/${target.id}/roles`, { role: 'it_staff', facilityId: 'nope' });
    expect(unknownFacility.statusCode).toBe(404);
    expect(unknownFacility.json().error.issues[0].path).toBe('facilityId');

    const grant = roles.find((r) => r.role === 'it_staff')!;
    const revoked = await sm.delete(`/api/v1/users/${target.id}/roles/${grant.id}`);
    expect(revoked.statusCode).toBe(200);
    expect((revoked.json() as TUser).roles.map((r) => r.role)).toEqual(['staff']);
    expect((await sm.delete(`/api/v1/users/${target.id}/roles/${grant.id}`)).statusCode).toBe(404);

    const [grantEvent, ...moreGrants] = await auditRows('role_grant', target.id);
    expect(moreGrants).toEqual([]);
    expect(grantEvent).toMatchObject({ actor_user_id: smId, facility_id: A.id, entity_type: 'user' });
    const gBefore = JSON.parse(grantEvent!.before_json!) as { roles: { role: string }[] };
    const gAfter = JSON.parse(grantEvent!.after_json!) as { roles: { role: string }[]; granted: unknown };
    expect(gBefore.roles.map((r) => r.role)).toEqual(['staff']);
    expect(gAfter.roles.map((r) => r.role).sort()).toEqual(['it_staff', 'staff']);
    expect(gAfter.granted).toEqual({ role: 'it_staff', facilityId: A.id });

    const [revokeEvent, ...moreRevokes] = await auditRows('role_revoke', target.id);
    expect(moreRevokes).toEqual([]);
    expect(revokeEvent).toMatchObject({ actor_user_id: smId, facility_id: A.id, entity_type: 'user' });
    const rBefore = JSON.parse(revokeEvent!.before_json!) as { roles: { role: string }[] };
    const rAfter = JSON.parse(revokeEvent!.after_json!) as { roles: { role: string }[]; revoked: unknown };
    expect(rBefore.roles.map((r) => r.role).sort()).toEqual(['it_staff', 'staff']);
    expect(rAfter.roles.map((r) => r.role)).toEqual(['staff']);
    expect(rAfter.revoked).toEqual({ role: 'it_staff', facilityId: A.id, groupId: null });

    // The facility's own audit view shows both to the security manager.
    const audit = (await sm.get(`/api/v1/audit?facilityId=${A.id}&entityType=user`)).json() as { items: { action: string; entityId: string }[] };
    expect(audit.items.filter((e) => e.entityId === target.id).map((e) => e.action)).toEqual(['role_revoke', 'role_grant', 'create']);
  });

  it('lists users in pages and searches case-insensitively', async () => {
    const P = await makeFacility(env, 'FP');
    const names = ['Kobayashi Hanako', 'KOBAYASHI Jiro', 'kobayashi saburo', '小林 四郎', 'Percent 100%', 'under_score'];
    const now = env.clock.now().toISOString();
    const hash = (await env.deps.db.selectFrom('users').select('password_hash').where('id', '=', adminId).executeTakeFirstOrThrow()).password_hash;
    const rows = Array.from({ length: 60 }, (_, i) =>
      userRowFor(now, {
        id: `user-${String(i).padStart(2, '0')}`,
        email: `user-${String(i).padStart(2, '0')}@p.jp`,
        display_name: names[i] ?? `職員 ${i}`,
        password_hash: hash,
      }),
    );
    await env.deps.db.insertInto('users').values(rows).execute();
    await env.deps.db
      .insertInto('user_roles')
      .values(rows.map((r) => ({ id: `role-${r.id}`, user_id: r.id, role: 'staff', facility_id: P.id, group_id: null, created_at: now })))
      .execute();

    type Page = { items: TUser[]; total: number; page: number; pageSize: number };
    const list = async (query: string) => {
      const res = await admin.get(`/api/v1/users?facilityId=${P.id}&${query}`);
      expect(res.statusCode, `${query}: ${res.body}`).toBe(200);
      return res.json() as Page;
    };
    const first = await list('page=1');
    expect([first.items.length, first.total, first.page, first.pageSize]).toEqual([50, 60, 1, 50]);
    const second = await list('page=2');
    expect([second.items.length, second.total, second.page]).toEqual([10, 60, 2]);
    expect(second.items[0]!.email).toBe('user-50@p.jp');
    expect(new Set([...first.items, ...second.items].map((u) => u.id)).size).toBe(60);
    expect((await list('page=3')).items).toEqual([]);
    expect((await list('page=3&pageSize=25')).items.map((u) => u.email)).toEqual(Array.from({ length: 10 }, (_, i) => `user-${50 + i}@p.jp`));

    for (const q of ['kobayashi', 'KOBAYASHI', 'KoBaYaShI']) {
      const found = await list(`q=${q}`);
      expect(found.items.map((u) => u.displayName), q).toEqual(['Kobayashi Hanako', 'KOBAYASHI Jiro', 'kobayashi saburo']);
      expect(found.total).toBe(3);
    }
    expect((await list(`q=${encodeURIComponent('小林')}`)).items.map((u) => u.email)).toEqual(['user-03@p.jp']);
    expect((await list('q=USER-07%40P.JP')).items.map((u) => u.email)).toEqual(['user-07@p.jp']);
    // LIKE wildcards are literal.
    expect((await list(`q=${encodeURIComponent('%')}`)).items.map((u) => u.email)).toEqual(['user-04@p.jp']);
    expect((await list('q=_')).items.map((u) => u.email)).toEqual(['user-05@p.jp']);

    expect((await admin.get(`/api/v1/users?facilityId=${P.id}&pageSize=501`)).statusCode).toBe(400);
    expect((await admin.get(`/api/v1/users?facilityId=${P.id}&page=0`)).statusCode).toBe(400);
    // A security manager of A sees A's users only, also when searching.
    await makeUser(env, 'sm11@a.jp', [{ role: 'security_manager', facilityId: A.id }]);
    const sm = await loggedIn('sm11@a.jp');
    const searched = (await sm.get('/api/v1/users?q=user-0')).json() as Page;
    expect(searched.total).toBe(0);
    const visible = ((await sm.get('/api/v1/users?pageSize=500')).json() as Page).items;
    expect(visible.map((u) => u.email)).toContain('sm11@a.jp');
    expect(visible.filter((u) => !u.roles.some((r) => r.facilityId === A.id))).toEqual([]);
  });
});
