import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import type { ExerciseDetailDto, ExercisePageDto, ExerciseRequirementDto } from '../../../shared/contracts/resilience-exercises.contract.ts';
import { buildTestApp, createTestEnv, DIALECTS, fails, invalidWith, makeFacility, makeUsers, ok, signIn, type TestClient, type TestEnv } from '../../testing/harness.ts';
import { exerciseRequirementOf } from './exercise.service.ts';

/** 訓練 (exercises) over HTTP on real databases: CRUD, filters, actions, permissions and the yearly requirement. */
describe.each(DIALECTS)('exercises (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let sm: TestClient;
  let it_: TestClient;
  let auditor: TestClient;
  let staff: TestClient;
  let smB: TestClient;
  let itId: string;
  let made: Awaited<ReturnType<typeof makeAll>>;
  const makeAll = (B: TFacility) =>
    makeUsers(env, {
      sm: ['sm@ex.jp', 'security_manager', A.id],
      it: ['it@ex.jp', 'it_staff', A.id],
      auditor: ['auditor@ex.jp', 'auditor', A.id],
      staff: ['staff@ex.jp', 'staff', A.id],
      smB: ['sm@exb.jp', 'security_manager', B.id],
    });
  const relogin = async () => {
    ({ sm, it: it_, auditor, staff, smB } = await signIn(app, env, made));
  };

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    env.clock.set(new Date('2026-03-20T01:00:00Z'));
    A = await makeFacility(env, 'EA');
    const B = await makeFacility(env, 'EB');
    made = await makeAll(B);
    itId = made.it.id;
    app = await buildTestApp(env);
    await relogin();
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const list = (c: TestClient, q = '') => c.get(`/api/v1/facilities/${A.id}/exercises${q}`);
  const create = (c: TestClient, body: unknown) => c.post(`/api/v1/facilities/${A.id}/exercises`, body);
  const requirement = (c: TestClient, q = '') => c.get(`/api/v1/facilities/${A.id}/exercises/requirement${q}`);
  const auditOf = (id: string) => env.deps.db.selectFrom('audit_log').select(['action', 'before_json', 'after_json']).where('entity_type', '=', 'exercise').where('entity_id', '=', id).orderBy('seq').execute();

  const tabletop = {
    kind: 'tabletop',
    title: '令和7年度 サイバー攻撃机上訓練',
    scenario: '保守VPN経由のランサムウェアで電子カルテ停止',
    status: 'done',
    heldOn: '2025-11-12',
    durationMinutes: 90,
    departments: ['外来', '病棟', '情報システム', '外来', ' '],
    participants: 24,
    timeline: [
      { at: '09:00', text: '脅迫文の発見(病棟端末)' },
      { at: '09:12', text: '対策本部の設置' },
    ],
    wentWell: '連絡体制図どおりに院長まで15分で連絡できた',
    findings: '紙の処方箋の様式が薬剤部に不足していた',
  };

  it('creates, edits with versions, lists with filters and deletes, with audit', async () => {
    const e = ok<ExerciseDetailDto>(await create(it_, tabletop), 201);
    expect(e).toMatchObject({ kind: 'tabletop', status: 'done', fiscalYear: 2025, departments: ['外来', '病棟', '情報システム'], participants: 24, openActions: 0, actions: [], version: 1, notes: null });
    expect(e.timeline).toEqual(tabletop.timeline);

    invalidWith(await create(sm, { ...tabletop, status: 'done', heldOn: '2026-03-21' }), [{ path: 'heldOn', message: 'done_in_future' }]);
    invalidWith(await create(sm, { ...tabletop, timeline: [{ at: '9:00', text: 'x' }] }), [{ path: 'body.timeline.0.at', message: 'invalid_time' }]);
    const planned = ok<ExerciseDetailDto>(await create(sm, { kind: 'technical', title: 'バックアップからの復元訓練', scenario: 'NAS 暗号化を想定し、テープから電子カルテのデータを復元する', heldOn: '2026-05-20' }), 201);
    expect(planned).toMatchObject({ status: 'planned', departments: [], timeline: [], fiscalYear: 2026 });

    const edited = ok<ExerciseDetailDto>(await it_.patch(`/api/v1/exercises/${e.id}`, { notes: '次回は夜間を想定する', participants: 26, expectedVersion: 1 }));
    expect(edited).toMatchObject({ notes: '次回は夜間を想定する', participants: 26, version: 2 });
    fails(await it_.patch(`/api/v1/exercises/${e.id}`, { notes: 'x', expectedVersion: 1 }), 409, 'CONFLICT');
    // Marking a future exercise done is refused.
    invalidWith(await sm.patch(`/api/v1/exercises/${planned.id}`, { status: 'done', expectedVersion: 1 }), [{ path: 'heldOn', message: 'done_in_future' }]);

    const all = ok<ExercisePageDto>(await list(auditor));
    expect(all.items.map((i) => i.id)).toEqual([planned.id, e.id]);
    expect(ok<ExercisePageDto>(await list(auditor, '?fiscalYear=2025')).items.map((i) => i.id)).toEqual([e.id]);
    expect(ok<ExercisePageDto>(await list(auditor, '?kind=technical&status=planned')).items.map((i) => i.id)).toEqual([planned.id]);
    expect(ok<ExercisePageDto>(await list(auditor, '?pageSize=1&page=2'))).toMatchObject({ total: 2, page: 2, pageSize: 1, items: [{ id: e.id }] });

    ok(await sm.request('DELETE', `/api/v1/exercises/${planned.id}`, { expectedVersion: 1 }));
    fails(await sm.get(`/api/v1/exercises/${planned.id}`), 404, 'NOT_FOUND');
    expect((await auditOf(planned.id)).map((a) => a.action)).toEqual(['create', 'delete']);
    const audit = await auditOf(e.id);
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
    expect(JSON.parse(audit[1]!.before_json!)).toEqual({ participants: 24, notes: null });
  });

  it('turns findings into actions linked to the exercise', async () => {
    const e = ok<ExerciseDetailDto>(await create(sm, { ...tabletop, title: '別の訓練', heldOn: '2025-12-01' }), 201);
    const withAction = ok<ExerciseDetailDto>(await sm.post(`/api/v1/exercises/${e.id}/actions`, { title: '薬剤部に紙の処方箋を100枚備える', ownerUserId: itId, dueOn: '2026-04-30' }), 201);
    expect(withAction.actions).toEqual([{ id: expect.any(String), title: '薬剤部に紙の処方箋を100枚備える', status: 'open', dueOn: '2026-04-30', overdue: false, owner: { id: expect.any(String), name: 'it' } }]);
    expect(withAction.openActions).toBe(1);
    const row = await env.deps.db.selectFrom('actions').selectAll().where('id', '=', withAction.actions[0]!.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ source_type: 'exercise', source_id: e.id, source_label: '机上訓練 2025-12-01 別の訓練', owner_user_id: itId });
    expect(ok<ExercisePageDto>(await list(auditor, '?fiscalYear=2025')).items.find((i) => i.id === e.id)!.openActions).toBe(1);
    fails(await auditor.post(`/api/v1/exercises/${e.id}/actions`, { title: 'x' }), 403, 'FORBIDDEN');
    ok(await sm.request('DELETE', `/api/v1/exercises/${e.id}`));
  });

  it('tracks the yearly requirement across the fiscal-year boundary', async () => {
    // 2026-03-20 (令和7年度): the November tabletop counts.
    expect(ok<ExerciseRequirementDto>(await requirement(auditor))).toMatchObject({ fiscalYear: 2025, done: 1, met: true, lastHeldOn: '2025-11-12', past: false });
    // 1 April 2026 JST (31 March 15:00 UTC): 令和8年度 begins with nothing done.
    env.clock.set(new Date('2026-03-31T15:00:00Z'));
    await relogin();
    const r = ok<ExerciseRequirementDto>(await requirement(auditor));
    expect(r).toMatchObject({ fiscalYear: 2026, done: 0, met: false, lastHeldOn: '2025-11-12' });
    expect(r.sentence.ja).toBe('令和8年度の訓練はまだ実施されていません(前回: 令和7年11月12日)');
    expect(ok<ExerciseRequirementDto>(await requirement(auditor, '?fiscalYear=2025'))).toMatchObject({ met: true, past: true });
    const e = ok<ExerciseDetailDto>(await create(it_, { ...tabletop, title: '令和8年度 机上訓練', heldOn: '2026-04-01' }), 201);
    expect(e.fiscalYear).toBe(2026);
    expect(await exerciseRequirementOf(env.deps.db, A.id, '2026-04-01')).toMatchObject({ fiscalYear: 2026, done: 1, met: true });
  });

  it('keeps facilities apart and lets only the right roles in', async () => {
    const e = ok<ExerciseDetailDto>(await create(sm, { ...tabletop, heldOn: '2025-10-01' }), 201);
    fails(await smB.get(`/api/v1/exercises/${e.id}`), 404, 'NOT_FOUND');
    fails(await smB.patch(`/api/v1/exercises/${e.id}`, { notes: 'x', expectedVersion: 1 }), 404, 'NOT_FOUND');
    fails(await smB.get(`/api/v1/facilities/${A.id}/exercises`), 404, 'NOT_FOUND');
    fails(await staff.get(`/api/v1/facilities/${A.id}/exercises`), 403, 'FORBIDDEN');
    fails(await auditor.post(`/api/v1/facilities/${A.id}/exercises`, tabletop), 403, 'FORBIDDEN');
    fails(await auditor.request('DELETE', `/api/v1/exercises/${e.id}`), 403, 'FORBIDDEN');
    ok(await auditor.get(`/api/v1/exercises/${e.id}`));
  });
});
