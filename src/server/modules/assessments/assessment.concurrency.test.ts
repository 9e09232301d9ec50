import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import type { AssessmentDetailDto } from '../../../shared/contracts/assessments.contract.ts';
import type { Caller } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { newId } from '../../lib/ids.ts';
import { buildTestApp, createTestEnv, DIALECTS, makeFacility, makeUser, TestClient, type TestEnv } from '../../testing/harness.ts';
import { applyAnswer, authorizeAssessmentIn, entryOf, loadAssessmentBundle } from './index.ts';

// The assessments core is tested against its own small frameworks (testdata/), not the shipped checklists.
process.env.MAMORI_FRAMEWORKS_DIR = fileURLToPath(new URL('./testdata/', import.meta.url));

const codeOf = (body: unknown) => (body as { error?: { code?: string } }).error?.code;

/**
 * Holds a transaction open on `env` while `body` runs inside it, until the returned `release` is called: the
 * stand-in for a concurrent request that has written but not committed yet.
 */
async function holdTransaction(env: TestEnv, body: (trx: Db) => Promise<void>): Promise<{ release: () => Promise<void> }> {
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  let began!: () => void;
  let failed!: (e: unknown) => void;
  const ready = new Promise<void>((resolve, reject) => {
    began = resolve;
    failed = reject;
  });
  const done = env.deps.db.transaction().execute(async (trx) => {
    await body(trx);
    began();
    await gate;
  });
  done.catch(failed);
  await ready;
  return {
    release: async () => {
      open();
      await done;
    },
  };
}

/** Waits until some statement of this test's PostgreSQL database waits for a lock (polled, no timing assumption). */
async function someoneWaitsForALock(env: TestEnv): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    const rows = await sql<{ n: string | number }>`select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(env.deps.db);
    if (Number(rows.rows[0]?.n ?? 0) > 0) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('no statement ever waited for the lock');
}

/** Writes racing each other, on real databases: they serialize on the assessment's row instead of corrupting it. */
describe.each(DIALECTS)('assessment concurrency and transactions (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let sm: TestClient;
  let it_: TestClient;
  let vendorCaller: Caller;
  let vendorSheet: string;

  const create = async (body: Record<string, unknown>) => {
    const res = await sm.post(`/api/v1/facilities/${A.id}/assessments`, body);
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as AssessmentDetailDto).assessment.id;
  };
  const row = (id: string) => env.deps.db.selectFrom('assessments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    env.clock.set(new Date('2025-10-01T01:00:00Z')); // 令和7年度
    A = await makeFacility(env, 'FA');
    await makeUser(env, 'sm@a.jp', [{ role: 'security_manager', facilityId: A.id }]);
    await makeUser(env, 'it@a.jp', [{ role: 'it_staff', facilityId: A.id }]);
    const v = await makeUser(env, 'vendor@a.jp', [{ role: 'vendor', facilityId: A.id }]);
    const vendorId = newId();
    const now = env.clock.now().toISOString();
    await env.deps.db
      .insertInto('vendors')
      .values({ id: vendorId, facility_id: A.id, name: 'みなとメディカル', name_kana: null, corporate_number: null, address: null, phone: null, email: null, website: null, notes: null, checklist_assessment_id: null, created_at: now, updated_at: now, deleted_at: null })
      .execute();
    await env.deps.db.insertInto('vendor_users').values({ vendor_id: vendorId, user_id: v.id, facility_id: A.id, created_at: now }).execute();
    vendorCaller = {
      actor: { userId: v.id, email: 'vendor@a.jp', isAdmin: false, grants: [{ facilityId: A.id, role: 'vendor' }], groupAdminFacilityIds: [], groupAdminGroupIds: [] },
      ip: null,
      label: 'vendor@a.jp',
    };
    app = await buildTestApp(env);
    sm = new TestClient(app, env);
    await sm.login('sm@a.jp');
    it_ = new TestClient(app, env);
    await it_.login('it@a.jp');
    vendorSheet = await create({ frameworkId: 'test-vendor', version: 'r7', vendorId });
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it("checks a vendor user's access inside a transaction without querying outside it (SQLite has one connection)", async () => {
    const access = await env.deps.db.transaction().execute((trx) => authorizeAssessmentIn(env.deps, trx, vendorCaller, vendorSheet, 'answer'));
    expect(access.asVendor).toBe(true);
    expect(access.row.id).toBe(vendorSheet);
  });

  it.runIf(dialect === 'postgres')('refuses an answer when a concurrent signature locks the assessment before the answer commits', async () => {
    const id = await create({ frameworkId: 'test-hospital', version: 'r7', fiscalYear: 2026 });
    const before = await row(id);
    // The executive's signing transaction: written, not committed yet.
    const signing = await holdTransaction(env, async (trx) => {
      await trx.updateTable('assessments').set({ status: 'locked', locked_at: before.updated_at, executive_signed_by: 'exec', executive_signed_at: before.updated_at }).where('id', '=', id).execute();
    });
    const answer = it_.request('PUT', `/api/v1/assessments/${id}/answers/ledger`, { answer: 'yes' });
    await someoneWaitsForALock(env);
    await signing.release();
    const res = await answer;
    expect(`${res.statusCode} ${codeOf(res.json())}`, res.body).toBe('409 INVALID_STATE');
    const answers = await env.deps.db.selectFrom('assessment_answers').select('item_id').where('assessment_id', '=', id).execute();
    expect(answers).toEqual([]);
  });

  it.runIf(dialect === 'postgres')('the second of two concurrent signatures sees the first and locks the assessment', async () => {
    const id = await create({ frameworkId: 'test-hospital', version: 'r6', fiscalYear: 2025 });
    // The gate closed: nothing else is required, so the assessment is ready for sign-off.
    expect((await it_.request('PUT', `/api/v1/assessments/${id}/answers/gate`, { answer: 'no' })).statusCode).toBe(200);
    const before = await row(id);
    const executive = await holdTransaction(env, async (trx) => {
      await trx.updateTable('assessments').set({ executive_signed_by: 'exec@a.jp', executive_signed_at: before.updated_at }).where('id', '=', id).execute();
    });
    const manager = sm.post(`/api/v1/assessments/${id}/signoff`, { role: 'manager' });
    await someoneWaitsForALock(env);
    await executive.release();
    const res = await manager;
    expect(res.statusCode, res.body).toBe(200);
    const after = await row(id);
    expect({ status: after.status, manager: after.manager_signed_by, executive: after.executive_signed_by }).toEqual({ status: 'locked', manager: 'sm@a.jp', executive: 'exec@a.jp' });
  });

  it.runIf(dialect === 'postgres')('two concurrent first answers of an item do not fail: the later one updates the earlier', async () => {
    const id = await create({ frameworkId: 'test-hospital', version: 'r7', fiscalYear: 2025 });
    const first = await holdTransaction(env, async (trx) => {
      const r = (await loadAssessmentBundle(env.deps, id, { suggestions: false, db: trx })).row;
      await applyAnswer(env.deps, trx, { userId: null, label: 'first' }, r, await entryOf(env.deps, r, trx), 'ledger', { answer: 'no' });
    });
    const second = it_.request('PUT', `/api/v1/assessments/${id}/answers/ledger`, { answer: 'yes' });
    await someoneWaitsForALock(env);
    await first.release();
    const res = await second;
    expect(res.statusCode, res.body).toBe(200);
    const answers = await env.deps.db.selectFrom('assessment_answers').select(['answer']).where('assessment_id', '=', id).where('item_id', '=', 'ledger').execute();
    expect(answers).toEqual([{ answer: 'yes' }]);
  });
});
