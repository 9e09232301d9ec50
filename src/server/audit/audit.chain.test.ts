import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildTestApp, createTestEnv, DIALECTS, makeFacility, makeUser, TestClient, TEST_PASSWORD, type TestEnv } from '../testing/harness.ts';
import { cliCaller } from '../context.ts';
import { dropAppendOnlyTriggers, type DialectName } from '../db/dialect.ts';
import { createFacility, insertFacilityTx, updateFacility } from '../modules/facilities/index.ts';
import { createUser, grantRole } from '../modules/users/index.ts';
import { currentTotp } from '../modules/auth/index.ts';
import { GENESIS_HASH, hashAuditRow } from './audit.chain.ts';
import { recordAudit, verifyAuditChain } from './audit.service.ts';
import type { AuditRow } from './audit.repository.ts';

const CSV_HEADER = 'seq,occurredAt,actorLabel,facilityId,entityType,entityId,action,before,after,sourceIp,hash';

/** A strict RFC 4180 reader: returns rows of cell values (quotes removed, "" unescaped). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

async function auditRows(env: TestEnv): Promise<AuditRow[]> {
  const rows = await env.deps.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

async function countRows(env: TestEnv, table: 'audit_log' | 'facilities' | 'users' | 'user_roles'): Promise<number> {
  const r = await env.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

async function dropTriggers(env: TestEnv): Promise<void> {
  for (const stmt of dropAppendOnlyTriggers(env.deps.dialect, 'audit_log')) await stmt.execute(env.deps.db);
}

/** Makes every INSERT into audit_log fail, to prove a change cannot commit without its audit event. */
async function blockAuditInserts(dialect: DialectName, env: TestEnv): Promise<() => Promise<void>> {
  const db = env.deps.db;
  if (dialect === 'postgres') {
    await sql`create function mamori_test_block() returns trigger language plpgsql as $$ begin raise exception 'audit log unavailable'; end $$`.execute(db);
    await sql`create trigger audit_log_test_block before insert on audit_log for each row execute function mamori_test_block()`.execute(db);
    return async () => {
      await sql`drop trigger audit_log_test_block on audit_log`.execute(db);
      await sql`drop function mamori_test_block()`.execute(db);
    };
  }
  await sql`create trigger audit_log_test_block before insert on audit_log begin select raise(abort, 'audit log unavailable'); end`.execute(db);
  return async () => {
    await sql`drop trigger audit_log_test_block`.execute(db);
  };
}

const facilityInput = (code: string, name = `${code} 病院`) => ({ code, name, kind: 'hospital' as const, beds: 100, prefecture: '東京都' as const, medicalInstitutionCode: null });

describe.each(DIALECTS)('audit log hash chain (%s)', (dialect) => {
  let env: TestEnv;

  beforeEach(async () => {
    env = await createTestEnv(dialect);
  });
  afterEach(async () => {
    await env.close();
  });

  /** Facility create + update, user create, role grant: five events, returns the ids. */
  async function someChanges() {
    const cli = cliCaller();
    const a = await createFacility(env.deps, cli, facilityInput('A'));
    const b = await createFacility(env.deps, cli, facilityInput('B'));
    env.clock.advance(60_000);
    await updateFacility(env.deps, cli, a.id, { name: 'A 総合病院', beds: 120 });
    env.clock.advance(60_000);
    const u = await createUser(env.deps, cli, { email: 'staff@a.example.jp', displayName: '職員', password: TEST_PASSWORD, locale: 'ja', isAdmin: false, roles: [{ role: 'staff', facilityId: a.id }] });
    env.clock.advance(60_000);
    await grantRole(env.deps, cli, u.id, { role: 'auditor', facilityId: b.id });
    return { a, b, u };
  }

  it('verifies intact after real service changes, each event linked to the one before', async () => {
    const { a, b, u } = await someChanges();
    const rows = await auditRows(env);
    expect(rows.map((r) => [r.seq, r.entity_type, r.action, r.entity_id])).toEqual([
      [1, 'facility', 'create', a.id],
      [2, 'facility', 'create', b.id],
      [3, 'facility', 'update', a.id],
      [4, 'user', 'create', u.id],
      [5, 'user', 'role_grant', u.id],
    ]);
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    for (const r of rows) expect(hashAuditRow(r)).toBe(r.hash);
    expect(JSON.parse(rows[2]!.before_json!)).toMatchObject({ name: 'A 病院', beds: 100 });
    expect(JSON.parse(rows[2]!.after_json!)).toMatchObject({ name: 'A 総合病院', beds: 120 });
    expect(rows.every((r) => r.actor_label === 'cli' && r.actor_user_id === null)).toBe(true);

    expect(await verifyAuditChain(env.deps, cliCaller())).toEqual({ ok: true, checked: 5, firstBrokenSeq: null, reason: null });
  });

  it('verifies an empty log as intact', async () => {
    expect(await verifyAuditChain(env.deps, cliCaller())).toEqual({ ok: true, checked: 0, firstBrokenSeq: null, reason: null });
  });

  it('rejects UPDATE and DELETE on audit_log through the database triggers', async () => {
    await someChanges();
    const before = await auditRows(env);
    const db = env.deps.db;
    await expect(db.updateTable('audit_log').set({ after_json: '{"beds":999}' }).where('seq', '=', 3).execute()).rejects.toThrow(/append-only/);
    await expect(db.updateTable('audit_log').set({ actor_label: 'someone else' }).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_log').where('seq', '=', 3).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where seq = ${2}`.execute(db)).rejects.toThrow(/append-only/);
    // Also inside a transaction that otherwise succeeds: the whole transaction fails.
    await expect(
      db.transaction().execute(async (trx) => {
        await recordAudit(env.deps, trx, cliCaller(), { facilityId: null, entityType: 'deployment', entityId: null, action: 'noop' });
        await trx.updateTable('audit_log').set({ action: 'rewritten' }).where('seq', '=', 1).execute();
      }),
    ).rejects.toThrow(/append-only/);
    expect(await auditRows(env)).toEqual(before);
    expect(await verifyAuditChain(env.deps, cliCaller())).toMatchObject({ ok: true, checked: 5 });
  });

  it('detects an altered row (hash_mismatch), a re-hashed row (prev_hash_mismatch) and a deleted row (missing_row)', async () => {
    await someChanges();
    // An attacker with direct database access removes the protection first.
    await dropTriggers(env);
    const db = env.deps.db;
    const original = (await auditRows(env))[2]!;
    expect(original.seq).toBe(3);

    const forged = JSON.stringify({ ...(JSON.parse(original.after_json!) as object), beds: 999 });
    await db.updateTable('audit_log').set({ after_json: forged }).where('seq', '=', 3).execute();
    expect(await verifyAuditChain(env.deps, cliCaller())).toEqual({ ok: false, checked: 2, firstBrokenSeq: 3, reason: 'hash_mismatch' });

    // Recomputing the altered row's own hash only moves the break to the next row.
    const altered = (await auditRows(env))[2]!;
    await db.updateTable('audit_log').set({ hash: hashAuditRow(altered) }).where('seq', '=', 3).execute();
    expect(await verifyAuditChain(env.deps, cliCaller())).toEqual({ ok: false, checked: 3, firstBrokenSeq: 4, reason: 'prev_hash_mismatch' });

    // Putting the original back makes the chain whole again.
    await db.updateTable('audit_log').set({ after_json: original.after_json, hash: original.hash }).where('seq', '=', 3).execute();
    expect(await verifyAuditChain(env.deps, cliCaller())).toEqual({ ok: true, checked: 5, firstBrokenSeq: null, reason: null });

    // Other fields are covered too.
    await db.updateTable('audit_log').set({ actor_label: 'nobody' }).where('seq', '=', 2).execute();
    expect(await verifyAuditChain(env.deps, cliCaller())).toMatchObject({ ok: false, firstBrokenSeq: 2, reason: 'hash_mismatch' });
    await db.updateTable('audit_log').set({ actor_label: 'cli' }).where('seq', '=', 2).execute();

    await db.deleteFrom('audit_log').where('seq', '=', 3).execute();
    expect(await verifyAuditChain(env.deps, cliCaller())).toEqual({ ok: false, checked: 2, firstBrokenSeq: 3, reason: 'missing_row' });
  });

  it('detects a deleted first row', async () => {
    await someChanges();
    await dropTriggers(env);
    await env.deps.db.deleteFrom('audit_log').where('seq', '=', 1).execute();
    expect(await verifyAuditChain(env.deps, cliCaller())).toEqual({ ok: false, checked: 0, firstBrokenSeq: 1, reason: 'missing_row' });
  });

  it('refuses verification to users who are neither admin nor auditor', async () => {
    const f = await makeFacility(env, 'H1');
    const staff = await makeUser(env, 'staff@h1.example.jp', [{ role: 'staff', facilityId: f.id }]);
    const caller = { actor: { userId: staff.id, email: staff.email, isAdmin: false, grants: [{ facilityId: f.id, role: 'security_manager' as const }], groupAdminFacilityIds: [], groupAdminGroupIds: [] }, ip: null, label: staff.email };
    await expect(verifyAuditChain(env.deps, caller)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(verifyAuditChain(env.deps, { actor: null, ip: null, label: 'anonymous' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('leaves neither a facility nor an audit row when a create fails on a duplicate code', async () => {
    await someChanges();
    const facilities = await countRows(env, 'facilities');
    const events = await countRows(env, 'audit_log');
    await expect(createFacility(env.deps, cliCaller(), facilityInput('A', '重複病院'))).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await countRows(env, 'facilities')).toBe(facilities);
    expect(await countRows(env, 'audit_log')).toBe(events);
    expect(await env.deps.db.selectFrom('facilities').select('id').where('name', '=', '重複病院').execute()).toEqual([]);
  });

  it('keeps one facility and one audit event when two creates of the same code race', async () => {
    const results = await Promise.allSettled([createFacility(env.deps, cliCaller(), facilityInput('RACE', '一')), createFacility(env.deps, cliCaller(), facilityInput('RACE', '二'))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await countRows(env, 'facilities')).toBe(1);
    const events = await auditRows(env);
    expect(events.map((e) => [e.entity_type, e.action])).toEqual([['facility', 'create']]);
    const [facility] = await env.deps.db.selectFrom('facilities').select(['id', 'name']).execute();
    expect(events[0]!.entity_id).toBe(facility!.id);
    expect(JSON.parse(events[0]!.after_json!)).toMatchObject({ name: facility!.name });
    expect(await verifyAuditChain(env.deps, cliCaller())).toMatchObject({ ok: true, checked: 1 });
  });

  it('keeps the chain linear under concurrent writers', async () => {
    await Promise.all(Array.from({ length: 16 }, (_, i) => createFacility(env.deps, cliCaller(`writer-${i}`), facilityInput(`C${i}`))));
    const rows = await auditRows(env);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.entity_id)).size).toBe(16);
    expect(await verifyAuditChain(env.deps, cliCaller())).toEqual({ ok: true, checked: 16, firstBrokenSeq: null, reason: null });
  });

  it('writes each audit event in the same transaction as its change', async () => {
    const { a, b, u } = await someChanges();
    const snapshot = async () => ({
      events: await countRows(env, 'audit_log'),
      facilities: await env.deps.db.selectFrom('facilities').selectAll().orderBy('code').execute(),
      users: await countRows(env, 'users'),
      roles: await countRows(env, 'user_roles'),
    });
    const before = await snapshot();

    // 1. The caller's transaction rolls back: the facility and its event go together.
    await expect(
      env.deps.db.transaction().execute(async (trx) => {
        await insertFacilityTx(env.deps, trx, cliCaller(), facilityInput('ROLLBACK'));
        throw new Error('later step failed');
      }),
    ).rejects.toThrow('later step failed');
    expect(await snapshot()).toEqual(before);

    // 2. The audit event cannot be written: no change may commit without it.
    const unblock = await blockAuditInserts(dialect, env);
    const cli = cliCaller();
    await expect(createFacility(env.deps, cli, facilityInput('NOAUDIT'))).rejects.toThrow(/audit log unavailable/);
    await expect(updateFacility(env.deps, cli, a.id, { name: '記録されない名前' })).rejects.toThrow(/audit log unavailable/);
    await expect(
      createUser(env.deps, cli, { email: 'ghost@a.example.jp', displayName: '幽霊', password: TEST_PASSWORD, locale: 'ja', isAdmin: false, roles: [{ role: 'staff', facilityId: a.id }] }),
    ).rejects.toThrow(/audit log unavailable/);
    await expect(grantRole(env.deps, cli, u.id, { role: 'it_staff', facilityId: b.id })).rejects.toThrow(/audit log unavailable/);
    await unblock();
    expect(await snapshot()).toEqual(before);
    expect(await verifyAuditChain(env.deps, cliCaller())).toMatchObject({ ok: true, checked: before.events });
  });
});

describe.each(DIALECTS)('audit log over HTTP (%s)', (dialect) => {
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

  /**
   * Two hospitals and people in each; facility changes at known JST times:
   *   update A by admin  at 2026-04-01 23:30 JST (14:30Z)
   *   update B by anzen  at 2026-04-02 00:30 JST (15:30Z, the next JST day)
   *   user create in A   at 2026-04-03 01:00 JST
   */
  async function world() {
    const a = await makeFacility(env, 'A', 'A 病院');
    const b = await makeFacility(env, 'B', 'B 病院');
    await makeUser(env, 'admin@mamori.example.jp', [], { isAdmin: true });
    await makeUser(env, 'kansa@a.example.jp', [{ role: 'auditor', facilityId: a.id }]);
    await makeUser(env, 'kansa@b.example.jp', [{ role: 'auditor', facilityId: b.id }]);
    await makeUser(env, 'anzen@b.example.jp', [{ role: 'security_manager', facilityId: b.id }]);
    await makeUser(env, 'staff@a.example.jp', [{ role: 'staff', facilityId: a.id }]);

    env.clock.set(new Date('2026-04-01T14:29:00Z'));
    const admin = new TestClient(app, env);
    await admin.login('admin@mamori.example.jp');
    env.clock.set(new Date('2026-04-01T14:30:00Z'));
    expect((await admin.patch(`/api/v1/facilities/${a.id}`, { name: 'A 総合病院' })).statusCode).toBe(200);

    env.clock.set(new Date('2026-04-01T15:29:00Z'));
    const anzen = new TestClient(app, env);
    await anzen.login('anzen@b.example.jp');
    env.clock.set(new Date('2026-04-01T15:30:00Z'));
    expect((await anzen.patch(`/api/v1/facilities/${b.id}`, { beds: 250 })).statusCode).toBe(200);

    env.clock.set(new Date('2026-04-02T15:59:00Z'));
    const admin2 = new TestClient(app, env);
    await admin2.login('admin@mamori.example.jp');
    env.clock.set(new Date('2026-04-02T16:00:00Z'));
    const created = await admin2.post('/api/v1/users', { email: 'new@a.example.jp', displayName: '新人', password: TEST_PASSWORD, roles: [{ role: 'staff', facilityId: a.id }] });
    expect(created.statusCode).toBe(201);
    return { a, b, admin: admin2 };
  }

  type Page = { items: { seq: number; action: string; entityType: string; entityId: string | null; actorLabel: string; facilityId: string | null; occurredAt: string }[]; total: number };
  async function list(c: TestClient, query: string): Promise<Page> {
    const res = await c.get(`/api/v1/audit?pageSize=500${query ? `&${query}` : ''}`);
    expect(res.statusCode, `${query}: ${res.body}`).toBe(200);
    return res.json() as Page;
  }

  it('filters by action, entity type, actor substring and JST dates', async () => {
    const { a, b, admin } = await world();
    const all = await list(admin, '');
    expect(all.total).toBe(await countRows(env, 'audit_log'));
    // Newest first.
    expect(all.items.map((e) => e.seq)).toEqual([...all.items.map((e) => e.seq)].sort((x, y) => y - x));

    const updates = await list(admin, 'action=update&entityType=facility');
    expect(updates.items.map((e) => [e.entityId, e.actorLabel])).toEqual([
      [b.id, 'anzen@b.example.jp'],
      [a.id, 'admin@mamori.example.jp'],
    ]);

    const facilityEvents = await list(admin, 'entityType=facility');
    expect(facilityEvents.total).toBe(4);
    expect(facilityEvents.items.every((e) => e.entityType === 'facility')).toBe(true);

    const byAnzen = await list(admin, 'actor=ANZEN%40B');
    expect(byAnzen.total).toBeGreaterThan(0);
    expect(byAnzen.items.every((e) => e.actorLabel === 'anzen@b.example.jp')).toBe(true);
    expect(byAnzen.items.some((e) => e.action === 'update' && e.entityId === b.id)).toBe(true);
    // LIKE wildcards are literal characters in the actor filter.
    expect((await list(admin, 'actor=%25')).total).toBe(0);
    expect((await list(admin, 'actor=_')).total).toBe(0);

    // Dates are JST calendar days: 14:30Z is still 1 April in Japan, 15:30Z is already 2 April.
    const day2 = await list(admin, 'from=2026-04-02&to=2026-04-02');
    expect(day2.items.length).toBeGreaterThan(0);
    expect(day2.items.every((e) => e.occurredAt >= '2026-04-01T15:00:00.000Z' && e.occurredAt < '2026-04-02T15:00:00.000Z')).toBe(true);
    expect(day2.items.some((e) => e.action === 'update' && e.entityId === b.id)).toBe(true);
    expect(day2.items.some((e) => e.action === 'update' && e.entityId === a.id)).toBe(false);

    const upToDay1 = await list(admin, 'to=2026-04-01');
    expect(upToDay1.items.every((e) => e.occurredAt < '2026-04-01T15:00:00.000Z')).toBe(true);
    expect(upToDay1.items.some((e) => e.action === 'update' && e.entityId === a.id)).toBe(true);

    const fromDay3 = await list(admin, 'from=2026-04-03');
    expect(fromDay3.items.every((e) => e.occurredAt >= '2026-04-02T15:00:00.000Z')).toBe(true);
    expect(fromDay3.items.some((e) => e.entityType === 'user' && e.action === 'create')).toBe(true);

    expect((await list(admin, 'action=update&entityType=facility&from=2026-04-02&to=2026-04-02')).items.map((e) => e.entityId)).toEqual([b.id]);
    expect((await list(admin, 'from=2026-04-05')).total).toBe(0);

    const bad = await admin.get('/api/v1/audit?from=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');

    const page2 = await admin.get('/api/v1/audit?pageSize=2&page=2');
    expect(page2.json()).toMatchObject({ page: 2, pageSize: 2, total: all.total });
    expect(page2.json().items.map((e: { seq: number }) => e.seq)).toEqual(all.items.slice(2, 4).map((e) => e.seq));
  });

  it('shows an auditor only the events of their own facility', async () => {
    const { a, b } = await world();
    const kansaA = new TestClient(app, env);
    await kansaA.login('kansa@a.example.jp');
    const mine = await list(kansaA, '');
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((e) => e.facilityId === a.id)).toBe(true);
    const inA = await env.deps.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('facility_id', '=', a.id).executeTakeFirstOrThrow();
    expect(mine.total).toBe(Number(inA.n));
    expect(mine.items.some((e) => e.action === 'update' && e.entityId === a.id)).toBe(true);

    // Filters cannot widen the scope.
    expect((await list(kansaA, 'action=update')).items.map((e) => e.entityId)).toEqual([a.id]);
    expect((await list(kansaA, 'actor=anzen')).total).toBe(0);
    expect((await list(kansaA, `entityType=facility&from=2026-04-02&to=2026-04-02`)).total).toBe(0);
    const other = await kansaA.get(`/api/v1/audit?facilityId=${b.id}`);
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('FORBIDDEN');
    const csv = await kansaA.get('/api/v1/audit/export.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain(a.id);
    expect(csv.body).not.toContain(b.id);
    expect((await kansaA.get(`/api/v1/audit/export.csv?facilityId=${b.id}`)).statusCode).toBe(403);

    const kansaB = new TestClient(app, env);
    await kansaB.login('kansa@b.example.jp');
    const theirs = await list(kansaB, '');
    expect(theirs.items.every((e) => e.facilityId === b.id)).toBe(true);
    expect(theirs.items.some((e) => e.action === 'update' && e.entityId === b.id)).toBe(true);

    // Staff have no audit access at all.
    const staff = new TestClient(app, env);
    await staff.login('staff@a.example.jp');
    expect((await staff.get('/api/v1/audit')).statusCode).toBe(403);
    expect((await staff.get('/api/v1/audit/export.csv')).statusCode).toBe(403);
    expect((await staff.get('/api/v1/audit/verify')).statusCode).toBe(403);
  });

  it('exports CSV with a BOM, a header and one line per event, neutralising formulas', async () => {
    const { a } = await world();
    // Whatever address-shaped text someone types as a login name ends up in the actor column.
    const stranger = new TestClient(app, env);
    for (const email of ['=HYPERLINK("http://evil.example/","x")@evil.example', '+1+1@evil.example', '-2+3@evil.example', 'plain-password-typed-here']) {
      expect((await stranger.post('/api/v1/auth/login', { email, password: 'Wrong-pass1' })).statusCode).toBe(401);
    }
    const admin = new TestClient(app, env);
    await admin.login('admin@mamori.example.jp');
    const events = await auditRows(env);

    const res = await admin.get('/api/v1/audit/export.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="mamori-audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = res.rawPayload.toString('utf8').slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.slice(0, -2).split('\r\n');
    expect(lines[0]).toBe(CSV_HEADER);
    expect(lines).toHaveLength(events.length + 1);

    const rows = parseCsv(text);
    expect(rows).toHaveLength(events.length + 1);
    const body = rows.slice(1);
    expect(body.every((r) => r.length === 11)).toBe(true);
    expect(body.map((r) => Number(r[0]))).toEqual(events.map((e) => e.seq).reverse());
    for (const r of body) for (const cell of r) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
    const labels = body.map((r) => r[2]);
    expect(labels).toContain(`'=hyperlink("http://evil.example/","x")@evil.example`);
    expect(labels).toContain(`'+1+1@evil.example`);
    expect(labels).toContain(`'-2+3@evil.example`);
    // Text that is not an address (perhaps a password typed into the wrong field) is not kept.
    expect(labels).not.toContain('plain-password-typed-here');
    expect(labels).toContain('(not an email address)');
    // The other cells are the stored values.
    const update = body.find((r) => r[6] === 'update' && r[5] === a.id)!;
    expect(update[2]).toBe('admin@mamori.example.jp');
    expect(JSON.parse(update[8]!)).toMatchObject({ name: 'A 総合病院' });
    expect(update[10]).toBe(events.find((e) => e.action === 'update' && e.entity_id === a.id)!.hash);

    // The export itself is audited, after the rows it exported.
    const after = await auditRows(env);
    expect(after).toHaveLength(events.length + 1);
    expect(after.at(-1)).toMatchObject({ entity_type: 'audit_log', action: 'export', actor_label: 'admin@mamori.example.jp' });

    // Filters apply to the export.
    const failed = parseCsv((await admin.get('/api/v1/audit/export.csv?action=login_failed')).rawPayload.toString('utf8').slice(1)).slice(1);
    expect(failed).toHaveLength(4);
    expect(failed.every((r) => r[6] === 'login_failed')).toBe(true);
  });

  it('exports every event exactly once when there are more than a page of them', async () => {
    const f = await makeFacility(env, 'BIG');
    await makeUser(env, 'admin@mamori.example.jp', [], { isAdmin: true });
    await env.deps.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 1100; i++) await recordAudit(env.deps, trx, cliCaller(), { facilityId: f.id, entityType: 'bulk', entityId: null, action: 'tick', after: { i } });
    });
    const admin = new TestClient(app, env);
    await admin.login('admin@mamori.example.jp');
    const expected = (await auditRows(env)).map((e) => e.seq).reverse();
    const res = await admin.get('/api/v1/audit/export.csv');
    expect(res.statusCode).toBe(200);
    const seqs = parseCsv(res.rawPayload.toString('utf8').slice(1)).slice(1).map((r) => Number(r[0]));
    expect(seqs).toEqual(expected);
  });

  it('never stores a password, password hash, TOTP secret, recovery code or API token in the audit log', async () => {
    const c = new TestClient(app, env);
    expect((await c.post('/api/v1/setup', { facilityCode: 'H1', facilityName: 'テスト病院', adminEmail: 'admin@h1.example.jp', adminName: '管理者', adminPassword: TEST_PASSWORD })).statusCode).toBe(201);
    expect((await c.post('/api/v1/auth/login', { email: 'admin@h1.example.jp', password: TEST_PASSWORD })).json().stage).toBe('enroll_mfa');
    const { secret } = (await c.post('/api/v1/auth/mfa/enroll/start')).json() as { secret: string };
    const confirm = await c.post('/api/v1/auth/mfa/enroll/confirm', { code: currentTotp(secret, env.clock.now()) });
    const firstCodes = (confirm.json() as { recoveryCodes: string[] }).recoveryCodes;
    env.clock.advance(30_000);
    const regenerated = await c.post('/api/v1/me/mfa/recovery-codes', { code: currentTotp(secret, env.clock.now()) });
    expect(regenerated.statusCode).toBe(200);
    const secondCodes = (regenerated.json() as { recoveryCodes: string[] }).recoveryCodes;
    const facilityId = ((await c.get('/api/v1/facilities')).json() as { items: { id: string }[] }).items[0]!.id;

    const staffPassword = 'Nurse#Pass2026';
    const tempPassword = 'Temp#Pass2026x';
    const newPassword = 'Chosen!Pass2026';
    const created = await c.post('/api/v1/users', { email: 'staff@h1.example.jp', displayName: '職員', password: staffPassword, roles: [{ role: 'staff', facilityId }] });
    expect(created.statusCode).toBe(201);
    const staffId = (created.json() as { id: string }).id;
    expect((await c.post(`/api/v1/users/${staffId}/password-reset`, { newPassword: tempPassword })).statusCode).toBe(200);
    const staff = new TestClient(app, env);
    expect((await staff.post('/api/v1/auth/login', { email: 'staff@h1.example.jp', password: tempPassword })).json().stage).toBe('change_password');
    expect((await staff.post('/api/v1/me/password', { currentPassword: tempPassword, newPassword })).json().stage).toBe('full');
    expect((await staff.post('/api/v1/auth/login', { email: 'staff@h1.example.jp', password: 'Wrong#Guess2026' })).statusCode).toBe(401);
    const token = await c.post('/api/v1/me/tokens', { name: 'export', scopes: ['audit:read'] });
    expect(token.statusCode).toBe(201);
    const tokenValue = (token.json() as { token: string }).token;
    expect((await c.post('/api/v1/auth/logout')).statusCode).toBe(200);

    const users = await env.deps.db.selectFrom('users').select(['password_hash', 'mfa_secret_enc']).execute();
    const history = await env.deps.db.selectFrom('password_history').select('password_hash').execute();
    const hashes = [...users.map((u) => u.password_hash), ...history.map((h) => h.password_hash)];
    expect(hashes.every((h) => h.startsWith('$argon2'))).toBe(true);

    const rows = await auditRows(env);
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['setup', 'mfa_enroll', 'mfa_recovery_regenerate', 'password_reset', 'password_change', 'login_failed', 'create', 'logout']));
    const text = rows.map((r) => Object.values(r).join('\u0000')).join('\n');
    const lower = text.toLowerCase();
    const forbidden = [
      TEST_PASSWORD,
      staffPassword,
      tempPassword,
      newPassword,
      'Wrong#Guess2026',
      '$argon2',
      secret,
      tokenValue,
      ...hashes,
      ...users.flatMap((u) => (u.mfa_secret_enc ? [u.mfa_secret_enc] : [])),
      ...firstCodes,
      ...secondCodes,
    ];
    for (const s of forbidden) {
      expect(text.includes(s), `audit log contains ${s}`).toBe(false);
      expect(lower.includes(s.toLowerCase()), `audit log contains ${s} (any case)`).toBe(false);
    }
  });
});
