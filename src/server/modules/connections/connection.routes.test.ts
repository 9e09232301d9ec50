import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECTION_ACTIONS, CONNECTION_STATUSES, canTransition, type ConnectionStatus } from '../../../shared/connections.ts';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import type { TConnection, TConnectionDetail, TConnectionPage, TConnectionSummary } from '../../../shared/contracts/connections.contract.ts';
import { newId } from '../../lib/ids.ts';
import { buildTestApp, createTestEnv, DIALECTS, makeFacility, makeUser, SYSTEM, TestClient, type TestEnv } from '../../testing/harness.ts';
import { insertAssetTx, insertSegmentTx } from '../ledger/index.ts';
import type { EntryDeviceSignals } from './index.ts';

/** A vendor of a facility, inserted directly (the vendors module is built elsewhere); optionally linked to users. */
async function testVendor(env: TestEnv, facilityId: string, name: string, userIds: string[] = []): Promise<string> {
  const id = newId();
  const now = env.clock.now().toISOString();
  await env.deps.db
    .insertInto('vendors')
    .values({ id, facility_id: facilityId, name, name_kana: null, corporate_number: null, address: null, phone: null, email: null, website: null, notes: null, checklist_assessment_id: null, created_at: now, updated_at: now, deleted_at: null })
    .execute();
  for (const user_id of userIds) await env.deps.db.insertInto('vendor_users').values({ vendor_id: id, user_id, facility_id: facilityId, created_at: now }).execute();
  return id;
}

/** 外部接続・リモート保守台帳 over HTTP on real databases: lifecycle, history, audit, permissions, vendor scope, flags. */
describe.each(DIALECTS)('connections (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let B: TFacility;
  /** security_manager, it_staff and staff of A; two vendor users of A (vendors V1 and V2); an administrator; it_staff of B. */
  let sm: TestClient;
  let it_: TestClient;
  let staff: TestClient;
  let vendor1: TestClient;
  let vendor2: TestClient;
  let admin: TestClient;
  let itB: TestClient;
  let V1: string;
  let V2: string;
  let VB: string;
  const asset: Record<string, string> = {};
  const seg: Record<string, string> = {};
  let n = 0;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    A = await makeFacility(env, 'FA');
    B = await makeFacility(env, 'FB');
    await makeUser(env, 'sm@a.jp', [{ role: 'security_manager', facilityId: A.id }]);
    await makeUser(env, 'it@a.jp', [{ role: 'it_staff', facilityId: A.id }]);
    await makeUser(env, 'staff@a.jp', [{ role: 'staff', facilityId: A.id }]);
    const v1 = await makeUser(env, 'vendor1@a.jp', [{ role: 'vendor', facilityId: A.id }]);
    const v2 = await makeUser(env, 'vendor2@a.jp', [{ role: 'vendor', facilityId: A.id }]);
    await makeUser(env, 'admin@x.jp', [], { isAdmin: true });
    await makeUser(env, 'it@b.jp', [{ role: 'it_staff', facilityId: B.id }]);
    V1 = await testVendor(env, A.id, 'みなとメディカル株式会社', [v1.id]);
    V2 = await testVendor(env, A.id, 'Kyushoku Service', [v2.id]);
    VB = await testVendor(env, B.id, 'B社');
    const tx = env.deps.db.transaction();
    await tx.execute(async (trx) => {
      for (const [key, name, cidr] of [
        ['maint', '保守回線', '10.99.0.0/16'],
        ['emr', '電子カルテ系', '10.10.0.0/16'],
      ] as const) {
        seg[key] = (await insertSegmentTx(env.deps, trx, SYSTEM, A.id, { name, purpose: 'other', cidrs: [cidr] })).id;
      }
      seg.b = (await insertSegmentTx(env.deps, trx, SYSTEM, B.id, { name: 'B区分', purpose: 'other', cidrs: [] })).id;
      const mk = async (key: string, facilityId: string, body: Partial<Parameters<typeof insertAssetTx>[4]> & { name: string }) => {
        asset[key] = (await insertAssetTx(env.deps, trx, SYSTEM, facilityId, { type: 'server', criticality: 3, ips: [], macs: [], tags: [], holdsPatientData: false, exposure: 'internal', ...body })).id;
      };
      await mk('fortigate', A.id, { name: 'FortiGate 60E', type: 'vpn_gateway', exposure: 'internet', endOfSupport: '2024-09-29', segmentId: seg.maint });
      await mk('pacs', A.id, { name: 'PACSサーバ', segmentId: seg.emr });
      await mk('emr', A.id, { name: '電子カルテサーバ', segmentId: seg.emr });
      await mk('router', A.id, { name: 'Yamaha RTX1210', type: 'network_device', endOfSupport: '2031-03-31' });
      await mk('b', B.id, { name: 'B資産' });
    });
    app = await buildTestApp(env);
    const login = async (email: string) => {
      const c = new TestClient(app, env);
      await c.login(email);
      return c;
    };
    sm = await login('sm@a.jp');
    it_ = await login('it@a.jp');
    staff = await login('staff@a.jp');
    vendor1 = await login('vendor1@a.jp');
    vendor2 = await login('vendor2@a.jp');
    admin = await login('admin@x.jp');
    itB = await login('it@b.jp');
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const url = (suffix = '', f: TFacility = A) => `/api/v1/facilities/${f.id}/connections${suffix}`;
  const ok = <T>(res: LightMyRequestResponse, status = 200): T => {
    expect(res.statusCode, res.body).toBe(status);
    return res.json() as T;
  };
  const fails = (res: LightMyRequestResponse, status: number, code: string) => {
    expect(`${res.statusCode} ${(res.json() as { error?: { code?: string } }).error?.code}`, res.body).toBe(`${status} ${code}`);
  };
  const issuesOf = (res: LightMyRequestResponse) =>
    (res.json() as { error: { issues?: { path: string; message: string }[] } }).error.issues?.map((i) => ({ path: i.path.replace(/^body\./, ''), message: i.message })) ?? [];
  const request = async (body: Record<string, unknown> = {}, c = it_) =>
    ok<TConnectionDetail>(await c.post(url(), { name: `line-${++n}`, kind: 'ssl_vpn', auth: 'mfa', accountMode: 'named', vendorId: V1, credentialsRotatedOn: '2026-03-01', ...body }), 201);
  const act = (c: TestClient, id: string, action: string, body: Record<string, unknown> = {}) => c.post(url(`/${id}/${action}`), body);
  const auditOf = (entityId: string) => env.deps.db.selectFrom('audit_log').selectAll().where('entity_id', '=', entityId).orderBy('seq').execute();
  const eventsOf = (id: string) => env.deps.db.selectFrom('connection_events').selectAll().where('connection_id', '=', id).orderBy('id').execute();
  /** Puts a connection into a status the way the lifecycle would (expired: approval ran out, as the job leaves it). */
  const inStatus = async (status: ConnectionStatus): Promise<TConnectionDetail> => {
    const c = await request();
    if (status === 'requested') return c;
    if (status === 'rejected') return ok(await act(sm, c.id, 'reject', { comment: '不要' }));
    ok(await act(sm, c.id, 'approve'));
    if (status === 'approved') return ok(await sm.get(url(`/${c.id}`)));
    if (status === 'retired') return ok(await act(sm, c.id, 'retire'));
    ok(await act(sm, c.id, 'activate'));
    if (status === 'active') return ok(await sm.get(url(`/${c.id}`)));
    await env.deps.db.updateTable('external_connections').set({ status: 'expired', expires_on: '2026-03-01' }).where('id', '=', c.id).execute();
    return ok(await sm.get(url(`/${c.id}`)));
  };

  it('files a request, approves, opens and retires it, with the history and the audit log', async () => {
    const created = await request({
      name: 'PACS保守回線',
      purpose: 'PACSのリモート保守',
      entryAssetId: asset.fortigate,
      targetAssetIds: [asset.pacs, asset.emr, asset.pacs],
      internetFacing: true,
      accounts: '技術者ごと',
      allowedDays: ['fri', 'mon', 'mon'],
      allowedFrom: '09:00',
      allowedTo: '18:00',
      logLocation: 'FortiGate → syslog',
      credentialsRotatedOn: '2026-01-15',
      comment: '画像システム更新のため',
    });
    expect(created).toMatchObject({
      status: 'requested',
      vendorId: V1,
      vendorName: 'みなとメディカル株式会社',
      requestedBy: 'it@a.jp',
      entryAsset: { id: asset.fortigate, name: 'FortiGate 60E', type: 'vpn_gateway', exposure: 'internet', endOfSupport: '2024-09-29', segmentId: seg.maint },
      segmentId: seg.maint,
      segmentName: '保守回線',
      targetCount: 2,
      allowedDays: ['mon', 'fri'],
      reviewIntervalMonths: 12,
      approvedOn: null,
      expiresOn: null,
      flags: ['entry_device_eos'],
    });
    expect(created.targets.map((t) => t.name)).toEqual(['PACSサーバ', '電子カルテサーバ']);
    expect(created.events).toMatchObject([{ action: 'request', actor: 'it@a.jp', fromStatus: null, toStatus: 'requested', comment: '画像システム更新のため' }]);
    // IT staff may edit and retire a request but not decide on it; the security manager may do everything.
    expect(created.allowedActions).toEqual(['retire', 'edit']);
    expect(ok<TConnectionDetail>(await sm.get(url(`/${created.id}`))).allowedActions).toEqual(['approve', 'reject', 'retire', 'edit']);
    expect(ok<TConnectionDetail>(await staff.get(url(`/${created.id}`))).allowedActions).toEqual([]);

    const approved = ok<TConnectionDetail>(await act(sm, created.id, 'approve', { comment: '条件付きで承認' }));
    expect(approved).toMatchObject({ status: 'approved', approvedOn: '2026-04-01', expiresOn: '2027-04-01', decidedBy: 'sm@a.jp', decisionComment: '条件付きで承認' });
    expect(approved.decidedAt).toBe(env.clock.now().toISOString());
    expect(approved.allowedActions).toEqual(['activate', 'retire', 'edit']);
    const active = ok<TConnectionDetail>(await act(it_, created.id, 'activate'));
    expect(active).toMatchObject({ status: 'active', activatedOn: '2026-04-01' });
    const retired = ok<TConnectionDetail>(await act(it_, created.id, 'retire', { comment: '契約終了' }));
    expect(retired).toMatchObject({ status: 'retired', retiredOn: '2026-04-01', flags: [] });
    expect(retired.allowedActions).toEqual([]);
    expect(retired.events.map((e) => [e.action, e.fromStatus, e.toStatus, e.actor])).toEqual([
      ['retire', 'active', 'retired', 'it@a.jp'],
      ['activate', 'approved', 'active', 'it@a.jp'],
      ['approve', 'requested', 'approved', 'sm@a.jp'],
      ['request', null, 'requested', 'it@a.jp'],
    ]);
    const audit = await auditOf(created.id);
    expect(audit.map((r) => [r.entity_type, r.action, r.actor_label])).toEqual([
      ['connection', 'request', 'it@a.jp'],
      ['connection', 'approve', 'sm@a.jp'],
      ['connection', 'activate', 'it@a.jp'],
      ['connection', 'retire', 'it@a.jp'],
    ]);
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ name: 'PACS保守回線', status: 'requested', targetAssetIds: [asset.pacs, asset.emr] });
    expect(JSON.parse(audit[1]!.before_json!)).toMatchObject({ status: 'requested' });
    expect(JSON.parse(audit[1]!.after_json!)).toMatchObject({ status: 'approved', expiresOn: '2027-04-01', comment: '条件付きで承認' });
    // Retired is final: no edit either.
    fails(await it_.patch(url(`/${created.id}`), { notes: 'x' }), 409, 'INVALID_STATE');
  });

  it('records changes as an update event naming the fields, and writes nothing when nothing changes', async () => {
    const c = await request({ targetAssetIds: [asset.pacs] });
    const changed = ok<TConnectionDetail>(await it_.patch(url(`/${c.id}`), { purpose: '保守', targetAssetIds: [asset.emr], auth: 'password', kind: 'ssl_vpn' }));
    expect(changed).toMatchObject({ purpose: '保守', auth: 'password', status: 'requested', targetCount: 1 });
    expect(changed.targets.map((t) => t.id)).toEqual([asset.emr]);
    expect(changed.events[0]).toMatchObject({ action: 'update', comment: 'purpose, targetAssetIds, auth', fromStatus: null, toStatus: null });
    const same = ok<TConnectionDetail>(await it_.patch(url(`/${c.id}`), { purpose: ' 保守 ', kind: 'ssl_vpn' }));
    expect(same.events).toHaveLength(2);
    const audit = await auditOf(c.id);
    expect(audit.map((r) => r.action)).toEqual(['request', 'update']);
    expect(JSON.parse(audit[1]!.before_json!)).toMatchObject({ purpose: null, auth: 'mfa', targetAssetIds: [asset.pacs] });
    expect(JSON.parse(audit[1]!.after_json!)).toMatchObject({ purpose: '保守', auth: 'password', targetAssetIds: [asset.emr] });
    // Status is not a field.
    expect((await it_.patch(url(`/${c.id}`), { status: 'active' })).statusCode).toBe(400);
  });

  it('approves until a chosen day, never before today; rejects only with a reason; resubmits with the decision cleared', async () => {
    const a = await request({ reviewIntervalMonths: 6 });
    expect(ok<TConnectionDetail>(await act(sm, a.id, 'approve')).expiresOn).toBe('2026-10-01');
    const b = await request();
    expect(issuesOf(await act(sm, b.id, 'approve', { expiresOn: '2026-03-31' }))).toEqual([{ path: 'expiresOn', message: 'expires_before_today' }]);
    expect(ok<TConnectionDetail>(await sm.get(url(`/${b.id}`)))).toMatchObject({ status: 'requested', events: [{ action: 'request' }] });
    expect(ok<TConnectionDetail>(await act(sm, b.id, 'approve', { expiresOn: '2026-04-01' })).expiresOn).toBe('2026-04-01');

    const c = await request();
    fails(await act(sm, c.id, 'reject', {}), 400, 'VALIDATION_FAILED');
    fails(await act(sm, c.id, 'reject', { comment: '   ' }), 400, 'VALIDATION_FAILED');
    const rejected = ok<TConnectionDetail>(await act(sm, c.id, 'reject', { comment: 'MFA を必須にしてください' }));
    expect(rejected).toMatchObject({ status: 'rejected', decidedBy: 'sm@a.jp', decisionComment: 'MFA を必須にしてください', flags: [] });
    const again = ok<TConnectionDetail>(await act(it_, c.id, 'resubmit', { comment: 'MFA を設定しました' }));
    expect(again).toMatchObject({ status: 'requested', decidedBy: null, decidedAt: null, decisionComment: null });
    expect(again.events.map((e) => e.action)).toEqual(['resubmit', 'reject', 'request']);
    expect(again.events[1]).toMatchObject({ comment: 'MFA を必須にしてください' });
  });

  it('answers 409 INVALID_STATE for every action the status does not allow, and changes nothing', async () => {
    const byStatus = new Map<ConnectionStatus, TConnectionDetail>();
    for (const status of CONNECTION_STATUSES) byStatus.set(status, await inStatus(status));
    let refused = 0;
    for (const [status, c] of byStatus) {
      expect(c.status).toBe(status);
      const before = (await eventsOf(c.id)).length;
      for (const action of CONNECTION_ACTIONS) {
        if (canTransition(status, action)) continue;
        const res = await act(sm, c.id, action, action === 'reject' ? { comment: 'x' } : {});
        fails(res, 409, 'INVALID_STATE');
        expect(res.json().error.detail, `${status}/${action}`).toEqual({ status, action });
        refused++;
      }
      expect(ok<TConnection>(await sm.get(url(`/${c.id}`))).status).toBe(status);
      expect((await eventsOf(c.id)).length).toBe(before);
    }
    expect(refused).toBe(6 * 5 - 10);
    // An approval that ran out cannot be opened; a lapsed approval is not offered as an action either.
    const lapsed = await inStatus('approved');
    await env.deps.db.updateTable('external_connections').set({ expires_on: '2026-03-31' }).where('id', '=', lapsed.id).execute();
    expect(ok<TConnectionDetail>(await sm.get(url(`/${lapsed.id}`))).allowedActions).not.toContain('activate');
    fails(await act(sm, lapsed.id, 'activate'), 409, 'INVALID_STATE');
  });

  it('lets only the security manager, an administrator or a group administrator decide', async () => {
    const c = await request();
    for (const who of [it_, staff, vendor1]) fails(await act(who, c.id, 'approve'), 403, 'FORBIDDEN');
    for (const who of [it_, staff, vendor1]) fails(await act(who, c.id, 'reject', { comment: 'x' }), 403, 'FORBIDDEN');
    // Permission comes before the lookup: an unknown id is 403 too for those who may not decide.
    fails(await act(it_, 'no-such-id', 'approve'), 403, 'FORBIDDEN');
    fails(await act(sm, 'no-such-id', 'approve'), 404, 'NOT_FOUND');
    fails(await act(staff, c.id, 'activate'), 403, 'FORBIDDEN');
    fails(await staff.post(url(), { name: 'x', kind: 'rdp', auth: 'none', accountMode: 'shared' }), 403, 'FORBIDDEN');
    fails(await staff.patch(url(`/${c.id}`), { notes: 'x' }), 403, 'FORBIDDEN');
    expect(ok<TConnectionDetail>(await act(admin, c.id, 'approve'))).toMatchObject({ status: 'approved', decidedBy: 'admin@x.jp' });

    const groupAdmin = await makeUser(env, `ga-${++n}@x.jp`, []);
    const g = ok<{ id: string }>(await admin.post('/api/v1/groups', { code: `G${n}`, name: '法人', kind: 'corporation' }), 201);
    ok(await admin.post(`/api/v1/groups/${g.id}/facilities`, { facilityId: A.id }));
    ok(await admin.post(`/api/v1/users/${groupAdmin.id}/roles`, { role: 'group_admin', groupId: g.id }));
    const ga = new TestClient(app, env);
    await ga.login(groupAdmin.email);
    const d = await request();
    expect(ok<TConnectionDetail>(await act(ga, d.id, 'reject', { comment: '却下' }))).toMatchObject({ status: 'rejected', decidedBy: groupAdmin.email });
  });

  it('shows a vendor user only their own vendors\' lines, and lets them request and resubmit only for those', async () => {
    const mine = await request({ name: 'V1の回線' });
    const theirs = await request({ name: 'V2の回線', vendorId: V2 });
    const none = await request({ name: '事業者なしの回線', vendorId: null });
    const page = ok<TConnectionPage>(await vendor1.get(url('?pageSize=500')));
    expect(page.items.length).toBeGreaterThan(0);
    expect(new Set(page.items.map((c) => c.vendorId))).toEqual(new Set([V1]));
    expect(page.items.map((c) => c.id)).toContain(mine.id);
    expect(ok<TConnectionPage>(await vendor1.get(url(`?vendorId=${V2}`))).total).toBe(0);
    expect(ok<TConnectionPage>(await vendor1.get(url('?q=V2')))).toMatchObject({ total: 0 });
    for (const other of [theirs.id, none.id]) {
      fails(await vendor1.get(url(`/${other}`)), 404, 'NOT_FOUND');
      fails(await vendor1.patch(url(`/${other}`), { notes: 'x' }), 404, 'NOT_FOUND');
      fails(await act(vendor1, other, 'resubmit'), 404, 'NOT_FOUND');
    }
    fails(await act(vendor1, mine.id, 'approve'), 403, 'FORBIDDEN');
    fails(await act(vendor1, mine.id, 'retire'), 403, 'FORBIDDEN');
    const summary = ok<TConnectionSummary>(await vendor1.get(url('/summary')));
    const all = ok<TConnectionSummary>(await sm.get(url('/summary')));
    expect(summary.requested).toBe(ok<TConnectionPage>(await vendor1.get(url('?status=requested'))).total);
    expect(summary.requested).toBeLessThan(all.requested);

    // Requests: only for one of their own vendors.
    const body = { name: 'ベンダーからの申請', kind: 'ssl_vpn', auth: 'password', accountMode: 'named' };
    expect(issuesOf(await vendor1.post(url(), body))).toEqual([{ path: 'vendorId', message: 'required' }]);
    expect(issuesOf(await vendor1.post(url(), { ...body, vendorId: V2 }))).toEqual([{ path: 'vendorId', message: 'unknown_vendor' }]);
    expect(issuesOf(await vendor1.post(url(), { ...body, vendorId: VB }))).toEqual([{ path: 'vendorId', message: 'unknown_vendor' }]);
    const filed = await request({ ...body, comment: '保守契約に基づく申請' }, vendor1);
    expect(filed).toMatchObject({ status: 'requested', requestedBy: 'vendor1@a.jp', vendorId: V1 });
    expect(filed.allowedActions).toEqual(['edit']);
    const row = await env.deps.db.selectFrom('external_connections').select('requested_by_user_id').where('id', '=', filed.id).executeTakeFirstOrThrow();
    expect(row.requested_by_user_id).not.toBeNull();
    // Edits while requested or rejected; cannot move the line to another vendor or drop the vendor.
    ok(await vendor1.patch(url(`/${filed.id}`), { accounts: 'tanaka, suzuki' }));
    expect(issuesOf(await vendor1.patch(url(`/${filed.id}`), { vendorId: V2 }))).toEqual([{ path: 'vendorId', message: 'unknown_vendor' }]);
    expect(issuesOf(await vendor1.patch(url(`/${filed.id}`), { vendorId: null }))).toEqual([{ path: 'vendorId', message: 'required' }]);
    ok(await act(sm, filed.id, 'reject', { comment: '共有アカウントは不可' }));
    expect(ok<TConnectionDetail>(await vendor1.get(url(`/${filed.id}`))).allowedActions).toEqual(['resubmit', 'edit']);
    ok(await vendor1.patch(url(`/${filed.id}`), { accountMode: 'named' }));
    ok(await act(vendor1, filed.id, 'resubmit', { comment: '修正しました' }));
    ok(await act(sm, filed.id, 'approve'));
    expect(ok<TConnectionDetail>(await vendor1.get(url(`/${filed.id}`))).allowedActions).toEqual([]);
    fails(await vendor1.patch(url(`/${filed.id}`), { notes: '承認後の変更' }), 409, 'INVALID_STATE');
    // The other vendor's user sees none of it.
    fails(await vendor2.get(url(`/${filed.id}`)), 404, 'NOT_FOUND');
    expect(ok<TConnectionPage>(await vendor2.get(url('?pageSize=500'))).items.every((c) => c.vendorId === V2)).toBe(true);
    // Import and export are not for vendors.
    fails(await vendor1.get(url('/export?format=csv')), 403, 'FORBIDDEN');
  });

  it('validates references, the time range and the values, naming the field, and writes nothing', async () => {
    const base = { name: '検証用回線', kind: 'ssl_vpn', auth: 'mfa', accountMode: 'named' };
    const cases: [string, Record<string, unknown>, { path: string; message: string }[]][] = [
      ['unknown vendor', { vendorId: 'no-such-vendor' }, [{ path: 'vendorId', message: 'unknown_vendor' }]],
      ['another facility\'s vendor', { vendorId: VB }, [{ path: 'vendorId', message: 'unknown_vendor' }]],
      ['another facility\'s asset as entry', { entryAssetId: asset.b }, [{ path: 'entryAssetId', message: 'unknown_asset' }]],
      ['an unknown target', { targetAssetIds: [asset.pacs, 'no-such-asset'] }, [{ path: 'targetAssetIds.1', message: 'unknown_asset' }]],
      ['another facility\'s segment', { segmentId: seg.b }, [{ path: 'segmentId', message: 'unknown_segment' }]],
      ['start without end', { allowedFrom: '09:00' }, [{ path: 'allowedTo', message: 'time_range_incomplete' }]],
      ['end without start', { allowedTo: '18:00' }, [{ path: 'allowedFrom', message: 'time_range_incomplete' }]],
      ['several at once', { vendorId: 'x', entryAssetId: 'y' }, [{ path: 'vendorId', message: 'unknown_vendor' }, { path: 'entryAssetId', message: 'unknown_asset' }]],
      ['bad time', { allowedFrom: '24:00', allowedTo: '18:00' }, [{ path: 'allowedFrom', message: 'invalid_time' }]],
      ['bad date', { credentialsRotatedOn: '2026-02-30' }, [{ path: 'credentialsRotatedOn', message: 'invalid_date' }]],
    ];
    for (const [what, patch, issues] of cases) {
      const res = await it_.post(url(), { ...base, ...patch });
      expect(res.statusCode, what).toBe(400);
      expect(res.json().error.code, what).toBe('VALIDATION_FAILED');
      expect(issuesOf(res), what).toEqual(issues);
    }
    for (const [what, patch, path] of [
      ['unknown kind', { kind: 'telnet' }, 'kind'],
      ['unknown auth', { auth: 'sms' }, 'auth'],
      ['unknown weekday', { allowedDays: ['mon', 'hol'] }, 'allowedDays.1'],
      ['interval 0', { reviewIntervalMonths: 0 }, 'reviewIntervalMonths'],
      ['empty name', { name: ' ' }, 'name'],
    ] as const) {
      const res = await it_.post(url(), { ...base, ...patch });
      expect(res.statusCode, what).toBe(400);
      expect(issuesOf(res).map((i) => i.path), what).toContain(path);
    }
    expect(await env.deps.db.selectFrom('external_connections').select('id').where('name', '=', '検証用回線').execute()).toEqual([]);
    const c = await request({ allowedFrom: '22:00', allowedTo: '06:00' });
    expect(issuesOf(await it_.patch(url(`/${c.id}`), { allowedTo: null }))).toEqual([{ path: 'allowedTo', message: 'time_range_incomplete' }]);
    expect(issuesOf(await it_.patch(url(`/${c.id}`), { targetAssetIds: [asset.b] }))).toEqual([{ path: 'targetAssetIds.0', message: 'unknown_asset' }]);
    expect(ok<TConnectionDetail>(await it_.patch(url(`/${c.id}`), { allowedFrom: null, allowedTo: null }))).toMatchObject({ allowedFrom: null, allowedTo: null });
  });

  it('lists with search, filters, sorting and paging; flags and the segment shown everywhere', async () => {
    const q = `srch${++n}`;
    const rdp = await request({ name: `${q} a-rdp`, kind: 'rdp', auth: 'none', accountMode: 'shared', vendorId: V2, entryAssetId: asset.router, segmentId: seg.emr });
    const vpn = await request({ name: `${q} b-vpn`, credentialsRotatedOn: null, purpose: 'Remote READING', entryAssetId: asset.fortigate, targetAssetIds: [asset.router], segmentId: seg.emr });
    const cloud = await request({ name: `${q} c-cloud`, kind: 'cloud_link', vendorId: null, segmentId: seg.emr, targetAssetIds: [asset.pacs], credentialsRotatedOn: '2026-03-01' });
    ok(await act(sm, cloud.id, 'reject', { comment: '不要' }));
    const names = (p: TConnectionPage) => p.items.map((c) => c.name);
    const list = async (query: string) => ok<TConnectionPage>(await staff.get(url(`?q=${encodeURIComponent(q)}&${query}`)));

    const [R, V, C] = [`${q} a-rdp`, `${q} b-vpn`, `${q} c-cloud`];
    expect(names(await list('sort=name'))).toEqual([R, V, C]);
    expect(names(await list('sort=-name'))).toEqual([C, V, R]);
    expect(names(await list('kind=rdp'))).toEqual([R]);
    expect(names(await list(`vendorId=${V2}`))).toEqual([R]);
    expect(names(await list('status=rejected'))).toEqual([C]);
    expect(names(await list('live=true'))).toEqual([R, V]);
    expect(names(await list(`assetId=${asset.router}`))).toEqual([R, V]);
    expect(names(await list(`assetId=${asset.pacs}`))).toEqual([C]);
    expect(names(await list('flag=shared_account'))).toEqual([R]);
    expect(names(await list('flag=entry_device_eos&sort=-name'))).toEqual([V]);
    expect(await list('flag=no_auth&pageSize=1&page=2')).toMatchObject({ total: 1, items: [], page: 2, pageSize: 1 });
    const paged = await list('pageSize=2&page=2&sort=name');
    expect(paged).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(names(paged)).toEqual([C]);
    // Search reaches the purpose (ASCII case-insensitively), the vendor's name and the entry device's name.
    const search = async (needle: string) => names(ok<TConnectionPage>(await staff.get(url(`?q=${encodeURIComponent(needle)}&sort=name&pageSize=500`)))).filter((x) => x.startsWith(q));
    expect(await search('remote reading')).toEqual([V]);
    expect(await search('kyushoku')).toEqual([R]);
    expect(await search('yamaha rtx')).toEqual([R]);
    expect(await search('50%_')).toEqual([]);

    const [rdpItem, vpnItem, cloudItem] = (await list('sort=name')).items;
    expect(rdpItem).toMatchObject({ id: rdp.id, segmentId: seg.emr, segmentName: '電子カルテ系', flags: ['no_auth', 'shared_account'], targetCount: 0, entryAsset: { name: 'Yamaha RTX1210' } });
    // The entry device's segment wins over the line's own.
    expect(vpnItem).toMatchObject({ id: vpn.id, segmentId: seg.maint, segmentName: '保守回線', flags: ['credentials_not_rotated', 'entry_device_eos'], targetCount: 1 });
    expect(cloudItem).toMatchObject({ id: cloud.id, segmentId: seg.emr, entryAsset: null, flags: [], vendorName: null });
    expect((vpnItem as TConnection & { targets?: unknown }).targets).toBeUndefined();
  });

  it('keeps facilities apart', async () => {
    const c = await request();
    fails(await itB.get(url(`/${c.id}`)), 404, 'NOT_FOUND');
    fails(await itB.get(url()), 404, 'NOT_FOUND');
    fails(await itB.get(url(`/${c.id}`, B)), 404, 'NOT_FOUND');
    fails(await itB.patch(url(`/${c.id}`, B), { notes: 'x' }), 404, 'NOT_FOUND');
    fails(await act(itB, c.id, 'retire'), 404, 'NOT_FOUND');
    expect(ok<TConnectionPage>(await itB.get(url('', B))).total).toBe(0);
    fails(await admin.get(url(`/${c.id}`, B)), 404, 'NOT_FOUND');
    fails(await admin.get('/api/v1/facilities/no-such-facility/connections'), 404, 'NOT_FOUND');
  });

  it('needs ledger:write in an API token to act', async () => {
    const mint = async (scopes: string[]) => ok<{ token: string }>(await sm.post('/api/v1/me/tokens', { name: `t${++n}`, scopes, facilityId: null }), 201).token;
    const call = (token: string, method: 'GET' | 'POST', path: string, body?: unknown) =>
      app.inject({ method, url: path, headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { payload: JSON.stringify(body) }) });
    const c = await request();
    const readOnly = await mint(['ledger:read']);
    const readWrite = await mint(['ledger:read', 'ledger:write']);
    expect((await call(readOnly, 'GET', url(`/${c.id}`))).statusCode).toBe(200);
    expect((await call(readOnly, 'POST', url(`/${c.id}/approve`), {})).json().error.code).toBe('TOKEN_SCOPE');
    expect((await call(readOnly, 'POST', url(), { name: 't', kind: 'rdp', auth: 'mfa', accountMode: 'named' })).json().error.code).toBe('TOKEN_SCOPE');
    expect((await call(readWrite, 'POST', url(`/${c.id}/approve`), {})).statusCode).toBe(200);
  });

  it('raises the KEV flag through Deps.entryDeviceSignals, in the list, the detail, the filter and the summary', async () => {
    const c = await request({ name: `kev-${++n}`, entryAssetId: asset.router });
    expect(ok<TConnectionDetail>(await sm.get(url(`/${c.id}`))).flags).not.toContain('entry_device_kev');
    expect(ok<TConnectionPage>(await sm.get(url('?flag=entry_device_kev'))).total).toBe(0);
    const flaggedBefore = ok<TConnectionSummary>(await sm.get(url('/summary'))).flagged;
    const asked: string[][] = [];
    const signals: EntryDeviceSignals = {
      kevAssetIds: async (_deps, facilityId, assetIds) => {
        expect(facilityId).toBe(A.id);
        asked.push([...assetIds]);
        return new Set(assetIds.filter((id) => id === asset.router));
      },
    };
    env.deps.entryDeviceSignals = signals;
    try {
      const detail = ok<TConnectionDetail>(await sm.get(url(`/${c.id}`)));
      expect(detail.flags).toContain('entry_device_kev');
      const listed = ok<TConnectionPage>(await sm.get(url(`?q=${c.name}`)));
      expect(listed.items[0]!.flags).toContain('entry_device_kev');
      const filtered = ok<TConnectionPage>(await sm.get(url('?flag=entry_device_kev&pageSize=500')));
      expect(filtered.items.map((x) => x.id)).toContain(c.id);
      expect(filtered.items.every((x) => x.entryAsset?.id === asset.router)).toBe(true);
      expect(ok<TConnectionSummary>(await sm.get(url('/summary'))).flagged).toBe(flaggedBefore + 1);
      // Asked only about entry devices, each once per call.
      for (const ids of asked) expect(new Set(ids).size).toBe(ids.length);
      expect(asked.flat().every((id) => [asset.router, asset.fortigate].includes(id))).toBe(true);
    } finally {
      delete env.deps.entryDeviceSignals;
    }
    expect(ok<TConnectionDetail>(await sm.get(url(`/${c.id}`))).flags).not.toContain('entry_device_kev');
  });

  it('counts the approval inbox and the lines that need attention', async () => {
    const before = ok<TConnectionSummary>(await sm.get(url('/summary')));
    const soon = await inStatus('active');
    await env.deps.db.updateTable('external_connections').set({ expires_on: '2026-04-30' }).where('id', '=', soon.id).execute();
    const later = await inStatus('active');
    await request({ auth: 'none', accountMode: 'shared' });
    const after = ok<TConnectionSummary>(await sm.get(url('/summary')));
    expect(after).toEqual({
      requested: before.requested + 1,
      active: before.active + 2,
      expired: before.expired,
      flagged: before.flagged + 1,
      expiringSoon: before.expiringSoon + 1,
    });
    expect(later.expiresOn).toBe('2027-04-01');
  });
});
