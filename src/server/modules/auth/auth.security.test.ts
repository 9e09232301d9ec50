import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, createTestEnv, DIALECTS, makeFacility, makeUser, SYSTEM, TestClient, TEST_PASSWORD, userRow, type TestEnv } from '../../testing/harness.ts';
import { authenticateSession, login, runSetup, verifyMfa } from './auth.service.ts';
import { currentTotp } from './totp.ts';

describe.each(DIALECTS)('authentication races and audit hygiene (%s)', (dialect) => {
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

  async function enrolledAdmin(): Promise<{ email: string; secret: string }> {
    const f = await makeFacility(env, 'H1');
    const admin = await makeUser(env, 'admin@h1.jp', [{ role: 'security_manager', facilityId: f.id }], { isAdmin: true });
    const c = new TestClient(app, env);
    await c.login(admin.email);
    return { email: admin.email, secret: c.totpSecret! };
  }

  it('accepts one TOTP code only once, even when two pending sessions present it together', async () => {
    const { email, secret } = await enrolledAdmin();
    const a = await login(env.deps, SYSTEM, email, TEST_PASSWORD, null);
    const b = await login(env.deps, SYSTEM, email, TEST_PASSWORD, null);
    // Both sessions are resolved (as the HTTP hook does) before either code is checked.
    const sa = (await authenticateSession(env.deps, a.sessionToken))!;
    const sb = (await authenticateSession(env.deps, b.sessionToken))!;
    const code = currentTotp(secret, env.clock.now());
    const results = await Promise.allSettled([verifyMfa(env.deps, SYSTEM, sa, code), verifyMfa(env.deps, SYSTEM, sb, code)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.reason.code).toBe('INVALID_MFA_CODE');
  });

  it('refuses the second factor once a parallel request has locked the account', async () => {
    const { email, secret } = await enrolledAdmin();
    const pending = await login(env.deps, SYSTEM, email, TEST_PASSWORD, null);
    const session = (await authenticateSession(env.deps, pending.sessionToken))!;
    // Another request locks the account after this one's session was read.
    await env.deps.db.updateTable('users').set({ locked_until: new Date(env.clock.now().getTime() + 15 * 60_000).toISOString() }).where('id', '=', session.user.id).execute();
    await expect(verifyMfa(env.deps, SYSTEM, session, currentTotp(secret, env.clock.now()))).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
  });

  it('answers "locked" to guesses that finish after a parallel burst locked the account', async () => {
    const f = await makeFacility(env, 'H1');
    const staff = await makeUser(env, 'staff@h1.jp', [{ role: 'staff', facilityId: f.id }]);
    const attempts = await Promise.allSettled(Array.from({ length: 12 }, () => login(env.deps, SYSTEM, staff.email, 'Wrong-pass1!', null)));
    const codes = attempts.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'OK'));
    expect(codes.every((c) => c === 'INVALID_CREDENTIALS' || c === 'ACCOUNT_LOCKED')).toBe(true);
    expect((await userRow(env, staff.id))!.locked_until).not.toBeNull();
    // The right password, however it races, gets "locked" once the lock is in place.
    await expect(login(env.deps, SYSTEM, staff.email, TEST_PASSWORD, null)).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
  });

  it('creates exactly one administrator when two first-run setups race', async () => {
    const input = (n: number) => ({ facilityCode: `H${n}`, facilityName: `病院${n}`, facilityKind: 'hospital' as const, adminEmail: `admin${n}@h.jp`, adminName: `管理者${n}`, adminPassword: TEST_PASSWORD, locale: 'ja' as const });
    const results = await Promise.allSettled([runSetup(env.deps, SYSTEM, input(1)), runSetup(env.deps, SYSTEM, input(2))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason.code).toBe('ALREADY_SET_UP');
    const users = await env.deps.db.selectFrom('users').select('email').execute();
    expect(users).toHaveLength(1);
  });

  it('does not write a password typed into the email field into the audit log', async () => {
    for (const typed of ['Hosp1tal@2024', 'p@ss-word!x', 'P@ssw0rd.2024']) {
      await expect(login(env.deps, SYSTEM, typed.toLowerCase(), 'whatever', null)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    }
    await expect(login(env.deps, SYSTEM, 'nobody@h1.jp', 'whatever', null)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    const labels = (await env.deps.db.selectFrom('audit_log').select('actor_label').where('action', '=', 'login_failed').orderBy('seq').execute()).map((r) => r.actor_label);
    expect(labels).toEqual(['(not an email address)', '(not an email address)', '(not an email address)', 'nobody@h1.jp']);
  });
});
