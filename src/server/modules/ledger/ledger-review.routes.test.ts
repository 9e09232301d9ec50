import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { ZLedgerReview, ZLedgerReviewList } from '../../../shared/contracts/assessments.contract.ts';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import { ZConnectionCreate } from '../../../shared/contracts/connections.contract.ts';
import { ZVendorCreate } from '../../../shared/contracts/vendors.contract.ts';
import { buildTestApp, createTestEnv, DIALECTS, makeFacility, makeUser, SYSTEM, TestClient, type TestEnv } from '../../testing/harness.ts';
import { insertConnectionTx } from '../connections/index.ts';
import { insertVendorTx } from '../vendors/index.ts';
import { insertAssetTx, insertFlowTx, insertSegmentTx } from './index.ts';

type Review = z.infer<typeof ZLedgerReview>;

/** 台帳の点検 over HTTP on real databases: record with a snapshot, list, validation, permissions, audit. */
describe.each(DIALECTS)('ledger reviews (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let B: TFacility;
  let it_: TestClient;
  let staff: TestClient;
  let vendor: TestClient;
  let itB: TestClient;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    A = await makeFacility(env, 'FA');
    B = await makeFacility(env, 'FB');
    await makeUser(env, 'it@a.jp', [{ role: 'it_staff', facilityId: A.id }]);
    await makeUser(env, 'staff@a.jp', [{ role: 'staff', facilityId: A.id }]);
    await makeUser(env, 'vendor@a.jp', [{ role: 'vendor', facilityId: A.id }]);
    await makeUser(env, 'it@b.jp', [{ role: 'it_staff', facilityId: B.id }]);
    await env.deps.db.transaction().execute(async (trx) => {
      const deps = env.deps;
      const emr = await insertSegmentTx(deps, trx, SYSTEM, A.id, { name: '電子カルテ系', purpose: 'emr', cidrs: ['10.10.0.0/16'] });
      const dept = await insertSegmentTx(deps, trx, SYSTEM, A.id, { name: '部門系', purpose: 'departmental', cidrs: ['10.20.0.0/16'] });
      await insertFlowTx(deps, trx, SYSTEM, A.id, { fromSegmentId: emr.id, toSegmentId: dept.id });
      const base = { criticality: 3 as const, ips: [], macs: [], tags: [], holdsPatientData: false, exposure: 'internal' as const };
      await insertAssetTx(deps, trx, SYSTEM, A.id, { ...base, name: 'DB', type: 'server' });
      await insertAssetTx(deps, trx, SYSTEM, A.id, { ...base, name: 'AP', type: 'server' });
      await insertAssetTx(deps, trx, SYSTEM, A.id, { ...base, name: 'PC', type: 'client_pc' });
      await insertAssetTx(deps, trx, SYSTEM, B.id, { ...base, name: 'B のサーバ', type: 'server' });
      const v = await insertVendorTx(deps, trx, SYSTEM, A.id, ZVendorCreate.parse({ name: '保守会社' }));
      await insertConnectionTx(deps, trx, SYSTEM, A.id, ZConnectionCreate.parse({ name: 'VPN', kind: 'ssl_vpn', auth: 'mfa', accountMode: 'named', vendorId: v.id }), {
        lifecycle: { status: 'active', approvedOn: '2026-01-01', expiresOn: '2026-12-31', activatedOn: '2026-01-01' },
      });
      await insertConnectionTx(deps, trx, SYSTEM, A.id, ZConnectionCreate.parse({ name: 'ISDN', kind: 'dedicated_line', auth: 'password', accountMode: 'shared' }), {
        lifecycle: { status: 'retired', activatedOn: '2009-04-01', retiredOn: '2023-03-31' },
      });
    });
    app = await buildTestApp(env);
    const login = async (email: string) => {
      const c = new TestClient(app, env);
      await c.login(email);
      return c;
    };
    it_ = await login('it@a.jp');
    staff = await login('staff@a.jp');
    vendor = await login('vendor@a.jp');
    itB = await login('it@b.jp');
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const url = (f: TFacility = A) => `/api/v1/facilities/${f.id}/ledger-reviews`;
  const fails = (res: LightMyRequestResponse, status: number, code: string) =>
    expect(`${res.statusCode} ${(res.json() as { error?: { code?: string } }).error?.code}`, res.body).toBe(`${status} ${code}`);

  it('records a review with what the ledger held, audits it, and lists reviews newest first', async () => {
    const res = await it_.post(url(), { reviewedOn: '2026-03-15', note: '  年度末の点検  ' });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json() as Review;
    expect(r).toMatchObject({ reviewedOn: '2026-03-15', reviewer: 'it@a.jp', note: '年度末の点検' });
    expect(r.snapshot).toMatchObject({ assets: 3, server: 2, client_pc: 1, network_device: 0, segments: 2, flows: 1, connections: 1, vendors: 1 });

    const older = (await it_.post(url(), { reviewedOn: '2025-03-01' })).json() as Review;
    expect(older.note).toBeNull();
    const list = (await staff.get(url())).json() as z.infer<typeof ZLedgerReviewList>;
    expect(list.items.map((i) => i.id)).toEqual([r.id, older.id]);

    const audit = await env.deps.db.selectFrom('audit_log').selectAll().where('entity_id', '=', r.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity_type: 'ledger_review', action: 'create', facility_id: A.id, actor_label: 'it@a.jp' });
    const row = await env.deps.db.selectFrom('ledger_reviews').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(row.reviewed_by).not.toBeNull();
  });

  it('accepts today and refuses a date in the future (JST)', async () => {
    // The harness clock: 2026-04-01 10:00 JST.
    expect((await it_.post(url(), { reviewedOn: '2026-04-01' })).statusCode).toBe(201);
    const res = await it_.post(url(), { reviewedOn: '2026-04-02' });
    fails(res, 400, 'VALIDATION_FAILED');
    expect((res.json() as { error: { issues: { path: string; message: string }[] } }).error.issues).toEqual([expect.objectContaining({ path: 'reviewedOn', message: 'future_date' })]);
    fails(await it_.post(url(), { reviewedOn: '2026-02-30' }), 400, 'VALIDATION_FAILED');
    fails(await it_.post(url(), { reviewedOn: '2026/03/01' }), 400, 'VALIDATION_FAILED');
    fails(await it_.post(url(), { reviewedOn: '2026-03-01', extra: 1 }), 400, 'VALIDATION_FAILED');
  });

  it('lets ledger readers list and ledger writers record; hides other facilities', async () => {
    fails(await staff.post(url(), { reviewedOn: '2026-03-01' }), 403, 'FORBIDDEN');
    fails(await vendor.get(url()), 403, 'FORBIDDEN');
    fails(await itB.get(url()), 404, 'NOT_FOUND');
    fails(await itB.post(url(), { reviewedOn: '2026-03-01' }), 404, 'NOT_FOUND');
    const own = (await itB.get(url(B))).json() as z.infer<typeof ZLedgerReviewList>;
    expect(own.items).toEqual([]);
  });
});
