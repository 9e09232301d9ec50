import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect, inject } from 'vitest';
import './global-setup.ts';
import pg from 'pg';
import { loadConfig, type Config } from '../config.ts';
import type { Caller, Deps } from '../context.ts';
import { cliCaller } from '../context.ts';
import { buildApp } from '../app.ts';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import type { DialectName } from '../db/dialect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { ManualClock } from '../lib/clock.ts';
import { newId } from '../lib/ids.ts';
import { createLogger } from '../lib/logger.ts';
import { SecretBox } from '../lib/secret-box.ts';
import { insertFacilityTx } from '../modules/facilities/index.ts';
import { insertUserTx, findUserById } from '../modules/users/index.ts';
import { currentTotp } from '../modules/auth/index.ts';
import { createEntryDeviceSignals, createVulnHooks } from '../modules/vulns/index.ts';
import type { FacilityRole } from '../../shared/roles.ts';
import type { TFacility } from '../../shared/contracts/facilities.contract.ts';
import type { UsersTable } from '../db/schema.ts';

/**
 * Test support: real databases (SQLite always; PostgreSQL when MAMORI_TEST_PG_URL points at a server,
 * which `.ci/run` starts), a manual clock, and an HTTP client over `app.inject` with cookies and CSRF.
 */
export const PG_URL = process.env.MAMORI_TEST_PG_URL || inject('pgUrl') || undefined;
export const DIALECTS: DialectName[] = PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export const TEST_PASSWORD = 'Hosp1tal!Secure';

export interface TestEnv {
  deps: Deps;
  clock: ManualClock;
  handle: DatabaseHandle;
  close(): Promise<void>;
}

/** A fresh, migrated database of the given dialect (a new PostgreSQL database per call). */
export async function createTestEnv(dialect: DialectName, overrides: Partial<Config> = {}): Promise<TestEnv> {
  let url = ':memory:';
  let dropDb: (() => Promise<void>) | undefined;
  if (dialect === 'postgres') {
    if (!PG_URL) throw new Error('MAMORI_TEST_PG_URL is not set');
    const name = `mamori_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(PG_URL);
    u.pathname = `/${name}`;
    url = u.toString();
    dropDb = async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
  const handle = openDatabase(url, { poolSize: 5 });
  await migrateToLatest(handle);
  const clock = new ManualClock(new Date('2026-04-01T01:00:00Z'));
  const config: Config = { ...loadConfig({}), databaseUrl: url, dataDir: '/nonexistent', logLevel: 'silent', ...overrides };
  const deps: Deps = {
    db: handle.db,
    dialect,
    clock,
    config,
    secrets: SecretBox.fromKey(randomBytes(32).toString('hex')),
    logger: createLogger('silent'),
    vulnHooks: createVulnHooks(),
    entryDeviceSignals: createEntryDeviceSignals(),
  };
  return {
    deps,
    clock,
    handle,
    close: async () => {
      await handle.close();
      if (dropDb) await dropDb();
    },
  };
}

export const SYSTEM: Caller = cliCaller('test');

export async function makeFacility(env: TestEnv, code: string, name = `${code} 病院`): Promise<TFacility> {
  const f = await env.deps.db.transaction().execute((trx) => insertFacilityTx(env.deps, trx, SYSTEM, { code, name, kind: 'hospital', beds: 100, prefecture: '東京都', medicalInstitutionCode: null }));
  return { ...f, kind: 'hospital', prefecture: '東京都' };
}

export async function makeUser(
  env: TestEnv,
  email: string,
  roles: { role: FacilityRole; facilityId: string }[],
  options: { isAdmin?: boolean; password?: string } = {},
): Promise<{ id: string; email: string; password: string }> {
  const password = options.password ?? TEST_PASSWORD;
  const u = await env.deps.db.transaction().execute((trx) =>
    insertUserTx(env.deps, trx, SYSTEM, { email, displayName: email.split('@')[0]!, password, locale: 'ja', isAdmin: options.isAdmin ?? false, roles }),
  );
  return { id: u.id, email: u.email, password };
}

/** One user to create: e-mail, role and the facility the role is held in. */
export type UserSpec = readonly [email: string, role: FacilityRole, facilityId: string];

/** Users with one role each, created in the order given; each under the caller's key. */
export async function makeUsers<K extends string>(env: TestEnv, specs: Record<K, UserSpec>): Promise<Record<K, { id: string; email: string; password: string }>> {
  const users = {} as Record<K, { id: string; email: string; password: string }>;
  for (const [key, [email, role, facilityId]] of Object.entries(specs) as [K, UserSpec][]) users[key] = await makeUser(env, email, [{ role, facilityId }]);
  return users;
}

/** The ids of users made by makeUsers, under the same keys. */
export function idsOf<K extends string>(users: Record<K, { id: string }>): Record<K, string> {
  return Object.fromEntries(Object.entries<{ id: string }>(users).map(([key, u]) => [key, u.id])) as Record<K, string>;
}

/** Gives existing users roles in a facility (straight into user_roles). */
export async function grantRoles(env: TestEnv, facilityId: string, roles: readonly (readonly [userId: string, role: FacilityRole])[]): Promise<void> {
  const now = env.clock.now().toISOString();
  await env.deps.db
    .insertInto('user_roles')
    .values(roles.map(([userId, role]) => ({ id: newId(), user_id: userId, role, facility_id: facilityId, group_id: null, created_at: now })))
    .execute();
}

/** An HTTP client for one browser: keeps cookies, sends the CSRF header on writes. */
export class TestClient {
  private cookies = new Map<string, string>();
  constructor(readonly app: FastifyInstance, readonly env: TestEnv) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: LightMyRequestResponse): void {
    for (const c of res.cookies as { name: string; value: string; expires?: Date; maxAge?: number }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now()) || c.maxAge === 0) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async request(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    if (!this.cookies.has('mamori_csrf') && method !== 'GET') await this.request('GET', '/api/v1/setup/status');
    const res = await this.app.inject({
      method,
      url,
      headers: {
        ...(this.cookies.size > 0 && { cookie: this.cookieHeader() }),
        ...(method !== 'GET' && this.cookies.has('mamori_csrf') && { 'x-csrf-token': this.cookies.get('mamori_csrf')! }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && { payload: JSON.stringify(body) }),
    });
    this.remember(res);
    return res;
  }

  get(url: string) {
    return this.request('GET', url);
  }
  /** POSTs (or PUTs) a raw body (a file upload) with its content type. */
  async upload(url: string, payload: Buffer | string, contentType: string, headers: Record<string, string> = {}, method: 'POST' | 'PUT' = 'POST'): Promise<LightMyRequestResponse> {
    if (!this.cookies.has('mamori_csrf')) await this.request('GET', '/api/v1/setup/status');
    const res = await this.app.inject({
      method,
      url,
      headers: {
        ...(this.cookies.size > 0 && { cookie: this.cookieHeader() }),
        ...(this.cookies.has('mamori_csrf') && { 'x-csrf-token': this.cookies.get('mamori_csrf')! }),
        'content-type': contentType,
        ...headers,
      },
      payload,
    });
    this.remember(res);
    return res;
  }
  post(url: string, body?: unknown) {
    return this.request('POST', url, body ?? {});
  }
  patch(url: string, body: unknown) {
    return this.request('PATCH', url, body);
  }
  delete(url: string) {
    return this.request('DELETE', url);
  }

  /** Logs in and completes whatever the stage needs (MFA enrolment or challenge), moving the clock past the TOTP step. */
  async login(email: string, password = TEST_PASSWORD): Promise<void> {
    const res = await this.post('/api/v1/auth/login', { email, password });
    if (res.statusCode !== 200) throw new Error(`login failed for ${email}: ${res.statusCode} ${res.body}`);
    let stage = (res.json() as { stage: string }).stage;
    if (stage === 'enroll_mfa') {
      const start = (await this.post('/api/v1/auth/mfa/enroll/start')).json() as { secret: string };
      this.totpSecret = start.secret;
      const confirm = await this.post('/api/v1/auth/mfa/enroll/confirm', { code: currentTotp(start.secret, this.env.clock.now()) });
      if (confirm.statusCode !== 200) throw new Error(`enrolment failed: ${confirm.body}`);
      stage = (confirm.json() as { stage: string }).stage;
      this.env.clock.advance(30_000);
    } else if (stage === 'mfa') {
      const secret = TestClient.secrets.get(email);
      if (!secret) throw new Error(`no known TOTP secret for ${email}`);
      const verify = await this.post('/api/v1/auth/mfa/verify', { code: currentTotp(secret, this.env.clock.now()) });
      if (verify.statusCode !== 200) throw new Error(`mfa failed: ${verify.body}`);
      stage = (verify.json() as { stage: string }).stage;
      this.env.clock.advance(30_000);
    }
    if (this.totpSecret) TestClient.secrets.set(email, this.totpSecret);
    if (stage !== 'full') throw new Error(`login of ${email} ended at stage ${stage}`);
  }

  totpSecret: string | undefined;
  /** TOTP secrets of users enrolled through a TestClient, by email. */
  static secrets = new Map<string, string>();
}

export async function buildTestApp(env: TestEnv): Promise<FastifyInstance> {
  const app = await buildApp(env.deps, { web: false });
  await app.ready();
  return app;
}

/** A client signed in as the given user. */
export async function loginAs(app: FastifyInstance, env: TestEnv, email: string, password = TEST_PASSWORD): Promise<TestClient> {
  const client = new TestClient(app, env);
  await client.login(email, password);
  return client;
}

/**
 * Clients signed in as the given users (all, or those under `keys`), one after another in that order: each
 * login moves the clock past a TOTP step.
 */
export async function signIn<K extends string>(app: FastifyInstance, env: TestEnv, users: Record<K, { email: string }>, keys = Object.keys(users) as K[]): Promise<Record<K, TestClient>> {
  const clients = {} as Record<K, TestClient>;
  for (const key of keys) clients[key] = await loginAs(app, env, users[key].email);
  return clients;
}

/** Expects the status (200 unless told) and returns the JSON body. */
export function ok<T>(res: LightMyRequestResponse, status = 200): T {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
}

/** Expects an error response with this status and error code. */
export function fails(res: LightMyRequestResponse, status: number, code: string): void {
  expect(`${res.statusCode} ${(res.json() as { error?: { code?: string } }).error?.code}`, res.body).toBe(`${status} ${code}`);
}

/** Expects VALIDATION_FAILED naming at least these issues. */
export function invalidWith(res: LightMyRequestResponse, issues: { path: string; message?: string }[]): void {
  fails(res, 400, 'VALIDATION_FAILED');
  expect((res.json() as { error: { issues: unknown[] } }).error.issues).toEqual(expect.arrayContaining(issues.map((i) => expect.objectContaining(i))));
}

/** Reads a user's stored row (for assertions). */
export async function userRow(env: TestEnv, id: string) {
  return findUserById(env.deps.db, id);
}

/**
 * A complete `users` row with harmless defaults, for tests that insert many users directly
 * (skipping the argon2 cost of the service): pass at least id, email and password_hash.
 */
export function userRowFor(
  now: string,
  row: Pick<UsersTable, 'id' | 'email' | 'password_hash'> & Partial<UsersTable>,
): UsersTable {
  return {
    display_name: row.email.split('@')[0]!,
    password_changed_at: now,
    must_change_password: 0,
    locale: 'ja',
    is_admin: 0,
    disabled: 0,
    mfa_secret_enc: null,
    mfa_enabled: 0,
    mfa_last_step: null,
    failed_logins: 0,
    locked_until: null,
    last_login_at: null,
    created_at: now,
    updated_at: now,
    ...row,
  };
}
