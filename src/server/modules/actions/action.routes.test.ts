import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionDto } from '../../../shared/contracts/actions.contract.ts';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import { ACTION_STATUSES, type ActionStatus } from '../../../shared/assessments/types.ts';
import { newId } from '../../lib/ids.ts';
import { buildTestApp, createTestEnv, DIALECTS, makeFacility, makeUser, SYSTEM, TestClient, type TestEnv } from '../../testing/harness.ts';
import { insertAssetTx } from '../ledger/index.ts';
import { insertTestFinding } from '../vulns/test-support.ts';
import { ACTION_TRANSITIONS, actionsForSource, canMoveAction, createActionInTrx, listActions } from './index.ts';

type Page = { items: ActionDto[]; total: number; page: number; pageSize: number };

/** 対応アクション over HTTP on real databases: create, list, update, workflow, owners, overdue, permissions. */
describe.each(DIALECTS)('actions (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let B: TFacility;
  let it_: TestClient;
  let auditor: TestClient;
  let staff: TestClient;
  let admin: TestClient;
  let itB: TestClient;
  let anon: TestClient;
  const users = {} as Record<'it' | 'it2' | 'auditor' | 'staff' | 'vendor' | 'admin' | 'itB', string>;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    A = await makeFacility(env, 'FA');
    B = await makeFacility(env, 'FB');
    users.it = (await makeUser(env, 'it@a.jp', [{ role: 'it_staff', facilityId: A.id }])).id;
    users.it2 = (await makeUser(env, 'it2@a.jp', [{ role: 'it_staff', facilityId: A.id }])).id;
    users.auditor = (await makeUser(env, 'auditor@a.jp', [{ role: 'auditor', facilityId: A.id }])).id;
    users.staff = (await makeUser(env, 'staff@a.jp', [{ role: 'staff', facilityId: A.id }])).id;
    users.vendor = (await makeUser(env, 'vendor@a.jp', [{ role: 'vendor', facilityId: A.id }])).id;
    users.admin = (await makeUser(env, 'admin@x.jp', [], { isAdmin: true })).id;
    users.itB = (await makeUser(env, 'it@b.jp', [{ role: 'it_staff', facilityId: B.id }])).id;
    app = await buildTestApp(env);
    const login = async (email: string) => {
      const c = new TestClient(app, env);
      await c.login(email);
      return c;
    };
    it_ = await login('it@a.jp');
    auditor = await login('auditor@a.jp');
    staff = await login('staff@a.jp');
    admin = await login('admin@x.jp');
    itB = await login('it@b.jp');
    anon = new TestClient(app, env);
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const url = (f: TFacility = A, suffix = '') => `/api/v1/facilities/${f.id}/actions${suffix}`;
  const ok = <T>(res: LightMyRequestResponse, status = 200): T => {
    expect(res.statusCode, res.body).toBe(status);
    return res.json() as T;
  };
  const fails = (res: LightMyRequestResponse, status: number, code: string) => {
    expect(`${res.statusCode} ${(res.json() as { error?: { code?: string } }).error?.code}`, res.body).toBe(`${status} ${code}`);
  };
  const create = async (body: Record<string, unknown>, c = it_, f = A) => ok<ActionDto>(await c.post(url(f), { title: 'パスワード規則の見直し', ...body }), 201);
  const auditOf = (entityId: string) => env.deps.db.selectFrom('audit_log').selectAll().where('entity_id', '=', entityId).orderBy('seq').execute();
  const notificationsOf = (userId: string) => env.deps.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).where('kind', '=', 'action.assigned').execute();

  it('creates an action with owner, due date and source; reads it back; audits and notifies the owner', async () => {
    const a = await create({ description: '2⑦の対応', ownerUserId: users.it2, dueOn: '2026-09-30' });
    expect(a).toMatchObject({
      facilityId: A.id,
      title: 'パスワード規則の見直し',
      description: '2⑦の対応',
      owner: { id: users.it2, name: 'it2' },
      dueOn: '2026-09-30',
      status: 'open',
      overdue: false,
      source: { type: 'manual', id: null, ref: null, label: null, link: null },
      completedAt: null,
    });
    expect(ok<ActionDto>(await auditor.get(`/api/v1/actions/${a.id}`))).toEqual(a);
    const audit = await auditOf(a.id);
    expect(audit.map((r) => `${r.entity_type} ${r.action}`)).toEqual(['action create']);
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ title: 'パスワード規則の見直し', ownerUserId: users.it2, status: 'open' });
    const notes = await notificationsOf(users.it2);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ facility_id: A.id, link: `/actions/${a.id}` });
    expect(JSON.parse(notes[0]!.params)).toMatchObject({ title: 'パスワード規則の見直し', dueOn: '2026-09-30' });
    // People who take an action themselves are not notified.
    const mine = await create({ ownerUserId: users.it });
    expect(mine.owner?.id).toBe(users.it);
    expect(await notificationsOf(users.it)).toHaveLength(0);
  });

  it('refuses an owner without a role in the facility, and unknown sources', async () => {
    const res = await it_.post(url(), { title: 'x', ownerUserId: users.itB });
    fails(res, 400, 'VALIDATION_FAILED');
    expect((res.json() as { error: { issues: { path: string; message: string }[] } }).error.issues).toEqual([{ path: 'ownerUserId', message: 'unknown_user' }]);
    fails(await it_.post(url(), { title: 'x', ownerUserId: newId() }), 400, 'VALIDATION_FAILED');
    // A vendor user of the facility is no owner: actions are the hospital's (and the owner is told the title).
    const toVendor = await it_.post(url(), { title: 'x', ownerUserId: users.vendor });
    fails(toVendor, 400, 'VALIDATION_FAILED');
    expect((toVendor.json() as { error: { issues: { path: string; message: string }[] } }).error.issues).toEqual([{ path: 'ownerUserId', message: 'unknown_user' }]);
    const existing = await create({});
    fails(await it_.request('PATCH', `/api/v1/actions/${existing.id}`, { ownerUserId: users.vendor }), 400, 'VALIDATION_FAILED');
    expect(await notificationsOf(users.vendor)).toHaveLength(0);
    const src = await it_.post(url(), { title: 'x', source: { type: 'finding', id: newId() } });
    fails(src, 400, 'VALIDATION_FAILED');
    expect((src.json() as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path)).toEqual(['source.id']);
    fails(await it_.post(url(), { title: 'x', source: { type: 'assessment_item' } }), 400, 'VALIDATION_FAILED');
    fails(await it_.post(url(), { title: '   ' }), 400, 'VALIDATION_FAILED');
    // A disabled member cannot be made owner either.
    await env.deps.db.updateTable('users').set({ disabled: 1 }).where('id', '=', users.staff).execute();
    try {
      fails(await it_.post(url(), { title: 'x', ownerUserId: users.staff }), 400, 'VALIDATION_FAILED');
    } finally {
      await env.deps.db.updateTable('users').set({ disabled: 0 }).where('id', '=', users.staff).execute();
    }
  });

  it('links a finding source and lists actions of a source for other modules', async () => {
    const assetId = await env.deps.db.transaction().execute(async (trx) => (await insertAssetTx(env.deps, trx, SYSTEM, A.id, { name: 'VPN装置', type: 'vpn_gateway', criticality: 3, ips: [], macs: [], tags: [], holdsPatientData: false, exposure: 'internet' })).id);
    const findingId = await insertTestFinding(env, A.id, assetId, 'CVE-2018-13379');
    const a = await create({ title: 'VPN装置の更新', source: { type: 'finding', id: findingId, label: 'CVE-2018-13379' } });
    expect(a.source).toEqual({ type: 'finding', id: findingId, ref: null, label: 'CVE-2018-13379', link: `/vulns/findings/${findingId}` });
    const b = await env.deps.db.transaction().execute((trx) => createActionInTrx(env.deps, trx, SYSTEM, A.id, { title: '二つ目', source: { type: 'finding', id: findingId } }));
    expect(b.status).toBe('open');
    const list = await actionsForSource(env.deps, A.id, 'finding', findingId);
    expect(list.map((x) => x.id)).toEqual([a.id, b.id]);
    expect(list[0]).toEqual({ id: a.id, title: 'VPN装置の更新', status: 'open', dueOn: null, sourceRef: null, overdue: false, owner: null });
    // Another facility's finding is not a valid source.
    fails(await itB.post(url(B), { title: 'x', source: { type: 'finding', id: findingId } }), 400, 'VALIDATION_FAILED');
    const filtered = ok<Page>(await auditor.get(url(A, `?sourceType=finding&sourceId=${findingId}`)));
    expect(filtered.items.map((x) => x.id)).toEqual([a.id, b.id]);
  });

  it('an assessment item source links to the item', async () => {
    const now = env.clock.now().toISOString();
    const assessmentId = newId();
    await env.deps.db
      .insertInto('assessments')
      .values({ id: assessmentId, facility_id: A.id, framework_id: 'mhlw-hospital', framework_version: '2025', framework_sha256: 'x', sheet: 'hospital', vendor_id: null, fiscal_year: 2025, title: null, status: 'in_progress', carried_from_id: null, manager_signed_by: null, manager_signed_at: null, executive_signed_by: null, executive_signed_at: null, locked_at: null, submitted_at: null, submitted_by_label: null, accepted_by: null, accepted_at: null, return_reason: null, created_by: null, created_at: now, updated_at: now, deleted_at: null })
      .execute();
    const a = await create({ title: 'BCPの策定', source: { type: 'assessment_item', id: assessmentId, ref: 'bcp/1', label: '3(1) BCP' } });
    expect(a.source).toEqual({ type: 'assessment_item', id: assessmentId, ref: 'bcp/1', label: '3(1) BCP', link: `/assessments/${assessmentId}?item=bcp%2F1` });
    expect((await actionsForSource(env.deps, A.id, 'assessment_item', assessmentId)).map((x) => x.sourceRef)).toEqual(['bcp/1']);
  });

  it('moves through the workflow: open ↔ in progress → done / cancelled → reopen; anything else is INVALID_STATE', async () => {
    const a = await create({});
    const patch = (body: Record<string, unknown>) => it_.patch(`/api/v1/actions/${a.id}`, body);
    const started = ok<ActionDto>(await patch({ status: 'in_progress' }));
    expect(started.status).toBe('in_progress');
    expect(ok<ActionDto>(await patch({ status: 'open' })).status).toBe('open');
    env.clock.advance(60_000);
    const done = ok<ActionDto>(await patch({ status: 'done' }));
    expect(done.status).toBe('done');
    expect(done.completedAt).toBe(env.clock.now().toISOString());
    fails(await patch({ status: 'in_progress' }), 409, 'INVALID_STATE');
    fails(await patch({ status: 'cancelled' }), 409, 'INVALID_STATE');
    const reopened = ok<ActionDto>(await patch({ status: 'open' }));
    expect(reopened).toMatchObject({ status: 'open', completedAt: null });
    const cancelled = ok<ActionDto>(await patch({ status: 'cancelled' }));
    expect(cancelled).toMatchObject({ status: 'cancelled', completedAt: null });
    expect(ok<ActionDto>(await patch({ status: 'open' })).status).toBe('open');
    const audit = await auditOf(a.id);
    expect(audit.map((r) => r.action)).toEqual(['create', 'update', 'update', 'update', 'update', 'update', 'update']);
    expect(JSON.parse(audit[3]!.before_json!)).toMatchObject({ status: 'open' });
    expect(JSON.parse(audit[3]!.after_json!)).toMatchObject({ status: 'done' });
    // The table of transitions is what the service enforces.
    for (const from of ACTION_STATUSES) for (const to of ACTION_STATUSES) if (from !== to) expect(canMoveAction(from, to)).toBe(ACTION_TRANSITIONS[from].includes(to));
  });

  it('changes fields, reassigns with a notice, refuses a stale expectedUpdatedAt, and a no-op writes nothing', async () => {
    const a = await create({ ownerUserId: users.it });
    env.clock.advance(1000);
    const moved = ok<ActionDto>(await it_.patch(`/api/v1/actions/${a.id}`, { title: '新しい題', ownerUserId: users.it2, dueOn: '2026-12-31', description: '説明', expectedUpdatedAt: a.updatedAt }));
    expect(moved).toMatchObject({ title: '新しい題', owner: { id: users.it2 }, dueOn: '2026-12-31', description: '説明' });
    expect((await notificationsOf(users.it2)).filter((n) => n.link === `/actions/${a.id}`)).toHaveLength(1);
    fails(await it_.patch(`/api/v1/actions/${a.id}`, { title: '古い画面から', expectedUpdatedAt: a.updatedAt }), 409, 'CONFLICT');
    fails(await it_.patch(`/api/v1/actions/${a.id}`, { ownerUserId: users.itB }), 400, 'VALIDATION_FAILED');
    const before = (await auditOf(a.id)).length;
    const same = ok<ActionDto>(await it_.patch(`/api/v1/actions/${a.id}`, { title: '新しい題' }));
    expect(same.updatedAt).toBe(moved.updatedAt);
    expect((await auditOf(a.id)).length).toBe(before);
    const cleared = ok<ActionDto>(await it_.patch(`/api/v1/actions/${a.id}`, { ownerUserId: null, dueOn: null }));
    expect(cleared).toMatchObject({ owner: null, dueOn: null });
  });

  it('lists with filters, overdue first, and pages', async () => {
    const C = await makeFacility(env, 'FC');
    await makeUser(env, 'it@c.jp', [{ role: 'it_staff', facilityId: C.id }]);
    const itC = new TestClient(app, env);
    await itC.login('it@c.jp');
    const today = '2026-04-01'; // the harness clock, JST
    expect(env.clock.now().toISOString().slice(0, 10)).toBe(today);
    const late = await create({ title: '期限切れ A', dueOn: '2026-03-01' }, itC, C);
    const later = await create({ title: '期限切れ B', dueOn: '2026-03-20' }, itC, C);
    const soon = await create({ title: '来月', dueOn: '2026-05-01' }, itC, C);
    const none = await create({ title: '期限なし' }, itC, C);
    const doneLate = await create({ title: '完了済み', dueOn: '2026-01-01' }, itC, C);
    ok(await itC.patch(`/api/v1/actions/${doneLate.id}`, { status: 'done' }));
    const todayDue = await create({ title: '今日まで', dueOn: today }, itC, C);

    const all = ok<Page>(await itC.get(url(C)));
    expect(all.total).toBe(6);
    expect(all.items.map((a) => a.title)).toEqual(['期限切れ A', '期限切れ B', '完了済み', '今日まで', '来月', '期限なし']);
    expect(all.items.map((a) => a.overdue)).toEqual([true, true, false, false, false, false]);
    expect(ok<Page>(await itC.get(url(C, '?status=active'))).items.map((a) => a.id)).toEqual([late.id, later.id, todayDue.id, soon.id, none.id]);
    expect(ok<Page>(await itC.get(url(C, '?status=done'))).items.map((a) => a.id)).toEqual([doneLate.id]);
    expect(ok<Page>(await itC.get(url(C, `?q=${encodeURIComponent('期限切れ')}`))).items.map((a) => a.id)).toEqual([late.id, later.id]);
    const p2 = ok<Page>(await itC.get(url(C, '?pageSize=4&page=2')));
    expect(p2).toMatchObject({ total: 6, page: 2, pageSize: 4 });
    expect(p2.items.map((a) => a.id)).toEqual([soon.id, none.id]);
    expect(ok<Page>(await itC.get(url(C))).pageSize).toBe(50);
    const me = (await env.deps.db.selectFrom('users').select('id').where('email', '=', 'it@c.jp').executeTakeFirstOrThrow()).id;
    ok(await itC.patch(`/api/v1/actions/${none.id}`, { ownerUserId: me }));
    expect(ok<Page>(await itC.get(url(C, `?ownerUserId=${me}`))).items.map((a) => a.id)).toEqual([none.id]);
    // A day later, today's becomes overdue (read through the service: the sessions would have gone idle).
    env.clock.advance(24 * 3600_000);
    try {
      const next = await listActions(env.deps, SYSTEM, C.id, { status: 'active', page: 1, pageSize: 50 });
      expect(next.items.filter((a) => a.overdue).map((a) => a.id)).toEqual([late.id, later.id, todayDue.id]);
    } finally {
      env.clock.advance(-24 * 3600_000);
    }
  });

  it('permissions: read for auditors, write for IT staff; staff 403; foreign facility 404; anonymous 401; token scopes', async () => {
    const a = await create({});
    ok(await auditor.get(url()));
    fails(await auditor.post(url(), { title: 'x' }), 403, 'FORBIDDEN');
    fails(await auditor.patch(`/api/v1/actions/${a.id}`, { status: 'done' }), 403, 'FORBIDDEN');
    fails(await staff.get(url()), 403, 'FORBIDDEN');
    fails(await staff.get(`/api/v1/actions/${a.id}`), 403, 'FORBIDDEN');
    fails(await itB.get(url()), 404, 'NOT_FOUND');
    fails(await itB.post(url(), { title: 'x' }), 404, 'NOT_FOUND');
    fails(await itB.get(`/api/v1/actions/${a.id}`), 404, 'NOT_FOUND');
    fails(await itB.patch(`/api/v1/actions/${a.id}`, { status: 'done' }), 404, 'NOT_FOUND');
    fails(await it_.get(`/api/v1/actions/${newId()}`), 404, 'NOT_FOUND');
    fails(await anon.get(url()), 401, 'UNAUTHENTICATED');
    fails(await anon.get(`/api/v1/actions/${a.id}`), 401, 'UNAUTHENTICATED');
    fails(await admin.get(url({ ...A, id: newId() })), 404, 'NOT_FOUND');
    ok(await admin.get(`/api/v1/actions/${a.id}`));

    const token = ok<{ token: string }>(await it_.post('/api/v1/me/tokens', { name: 'ro', scopes: ['actions:read'] }), 201).token;
    const bearer = (method: 'GET' | 'PATCH', path: string, body?: unknown) =>
      app.inject({ method, url: path, headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { payload: JSON.stringify(body) }) });
    expect((await bearer('GET', url())).statusCode).toBe(200);
    fails(await bearer('PATCH', `/api/v1/actions/${a.id}`, { status: 'done' }), 403, 'TOKEN_SCOPE');
  });

  it('rejects unknown statuses and fields at the contract', async () => {
    const a = await create({});
    fails(await it_.patch(`/api/v1/actions/${a.id}`, { status: 'closed' as ActionStatus }), 400, 'VALIDATION_FAILED');
    fails(await it_.patch(`/api/v1/actions/${a.id}`, { facilityId: B.id }), 400, 'VALIDATION_FAILED');
    fails(await it_.get(url(A, '?status=bogus')), 400, 'VALIDATION_FAILED');
  });
});
