import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import type {
  DrillScheduleDto,
  RecoveryOrderDto,
  RecoveryTargetDto,
  RecoveryTargetListDto,
  RestoreDrillDto,
  RestoreDrillPageDto,
} from '../../../shared/contracts/resilience-drills.contract.ts';
import { ZAssetCreate } from '../../../shared/contracts/ledger.contract.ts';
import { renderDrillReason } from '../../../shared/resilience/drills.ts';
import { renderRecoveryFinding } from '../../../shared/resilience/recovery-order.ts';
import { buildTestApp, createTestEnv, DIALECTS, fails, grantRoles, idsOf, invalidWith, makeFacility, makeUsers, ok, signIn, SYSTEM, type TestClient, type TestEnv } from '../../testing/harness.ts';
import { insertAssetTx, insertRelationTx } from '../ledger/index.ts';
import { createBackupPlanTx } from './backup-plan.service.ts';
import { drillScheduleOf, recoveryOrderOf } from './index.ts';

/** Recovery targets, the recovery order and restore drills over HTTP on real databases, with the injected clock. */
describe.each(DIALECTS)('recovery and restore drills (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let B: TFacility;
  let sm: TestClient;
  let it_: TestClient;
  let auditor: TestClient;
  let staff: TestClient;
  let smB: TestClient;
  let n = 0;
  let made: Awaited<ReturnType<typeof makeUsers<'sm' | 'it' | 'auditor' | 'staff' | 'smB'>>>;
  /** Sessions follow the injected clock: sign in again after moving it far. */
  const relogin = async () => ({ sm, it: it_, auditor, staff, smB } = await signIn(app, env, made, ['sm', 'it', 'auditor', 'staff', 'smB']));
  const users = {} as Record<'sm' | 'it' | 'auditor' | 'staff' | 'smB', string>;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    env.clock.set(new Date('2026-05-10T03:00:00Z'));
    A = await makeFacility(env, 'DA', 'みどり試験病院');
    B = await makeFacility(env, 'DB');
    made = await makeUsers(env, {
      sm: ['sm@a.jp', 'security_manager', A.id],
      it: ['it@a.jp', 'it_staff', A.id],
      auditor: ['auditor@a.jp', 'auditor', A.id],
      staff: ['staff@a.jp', 'staff', A.id],
      smB: ['sm@b.jp', 'security_manager', B.id],
    });
    Object.assign(users, idsOf(made));
    app = await buildTestApp(env);
    ({ sm, it: it_, auditor, staff, smB } = await signIn(app, env, made, ['sm', 'it', 'auditor', 'staff', 'smB']));
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const facility = async () => {
    const f = await makeFacility(env, `DX${++n}`);
    await grantRoles(env, f.id, [
      [users.sm, 'security_manager'],
      [users.it, 'it_staff'],
      [users.auditor, 'auditor'],
      [users.staff, 'staff'],
    ]);
    return f;
  };
  const asset = (f: TFacility, name: string, criticality: number, extra: Record<string, unknown> = {}) =>
    env.deps.db.transaction().execute(async (trx) => (await insertAssetTx(env.deps, trx, SYSTEM, f.id, ZAssetCreate.parse({ name, type: 'server', criticality, ...extra }))).id);
  const relate = (f: TFacility, from: string, kind: 'runs_on' | 'depends_on', to: string) =>
    env.deps.db.transaction().execute((trx) => insertRelationTx(env.deps, trx, SYSTEM, f.id, from, { kind, toAssetId: to }));
  const plan = (f: TFacility, assetId: string) =>
    env.deps.db.transaction().execute((trx) =>
      createBackupPlanTx(env.deps, trx, SYSTEM, f.id, {
        assetId,
        scopes: ['data'],
        medium: 'tape',
        disconnected: true,
        cloudImmutable: false,
        networkSeparated: false,
        generations: 7,
        everyDays: 1,
        location: 'off_site',
        encrypted: false,
        runBy: 'staff',
      }),
    );
  const put = (c: TestClient, assetId: string, body: unknown) => c.request('PUT', `/api/v1/recovery-targets/${assetId}`, body);
  const drillsUrl = (f: TFacility, q = '') => `/api/v1/facilities/${f.id}/restore-drills${q}`;
  const auditOf = (facilityId: string, entityType: string) =>
    env.deps.db.selectFrom('audit_log').select(['entity_id', 'action', 'before_json', 'after_json']).where('facility_id', '=', facilityId).where('entity_type', '=', entityType).orderBy('seq').execute();
  const performed = (start: string, hours: number, dataHoursBefore: number, restored = 'full') => ({
    startedAt: start,
    finishedAt: new Date(Date.parse(start) + hours * 3_600_000).toISOString(),
    dataAsOf: new Date(Date.parse(start) - dataHoursBefore * 3_600_000).toISOString(),
    restored,
  });

  it('lists systems of criticality 1–2 and any with a target; PUT upserts with version and audit', async () => {
    env.clock.set(new Date('2026-05-10T03:00:00Z'));
    const f = await facility();
    const emr = await asset(f, '電子カルテ', 1, { department: '医療情報部' });
    const pacs = await asset(f, 'PACS', 2);
    const printer = await asset(f, 'プリンタ', 4);
    let list = ok<RecoveryTargetListDto>(await auditor.get(`/api/v1/facilities/${f.id}/recovery-targets`));
    expect(list.today).toBe('2026-05-10');
    expect(list.items.map((t) => t.system.name)).toEqual(['電子カルテ', 'PACS']);
    expect(list.items[0]).toMatchObject({ rtoHours: null, version: null, effectiveDrillIntervalMonths: 12, due: { status: 'never', dueOn: null }, system: { department: '医療情報部' } });

    const saved = ok<RecoveryTargetDto>(await put(it_, emr, { rtoHours: 4, rpoHours: 24, recoveryNotes: '  バックアップサーバから復元  ' }));
    expect(saved).toMatchObject({ rtoHours: 4, rpoHours: 24, drillIntervalMonths: null, recoveryNotes: 'バックアップサーバから復元', version: 1 });
    ok(await put(sm, printer, { drillIntervalMonths: 24 }));
    list = ok<RecoveryTargetListDto>(await sm.get(`/api/v1/facilities/${f.id}/recovery-targets`));
    expect(list.items.map((t) => t.system.name)).toEqual(['電子カルテ', 'PACS', 'プリンタ']);
    expect(list.items[2]).toMatchObject({ drillIntervalMonths: 24, effectiveDrillIntervalMonths: 24 });

    fails(await put(sm, emr, { rtoHours: 8, expectedVersion: 5 }), 409, 'CONFLICT');
    fails(await put(sm, pacs, { rtoHours: 8, expectedVersion: 1 }), 409, 'CONFLICT');
    const v2 = ok<RecoveryTargetDto>(await put(sm, emr, { rtoHours: 6, rpoHours: null, expectedVersion: 1 }));
    expect(v2).toMatchObject({ rtoHours: 6, rpoHours: null, version: 2 });
    // Nothing changed: no new version, no audit.
    expect(ok<RecoveryTargetDto>(await put(sm, emr, { rtoHours: 6 })).version).toBe(2);

    invalidWith(await put(sm, emr, { rtoHours: -1 }), [{ path: 'body.rtoHours' }]);
    invalidWith(await put(sm, emr, { rtoHours: 0 }), [{ path: 'body.rtoHours' }]);
    invalidWith(await put(sm, emr, { drillIntervalMonths: 1.5 }), [{ path: 'body.drillIntervalMonths' }]);
    fails(await put(auditor, emr, { rtoHours: 1 }), 403, 'FORBIDDEN');
    fails(await staff.get(`/api/v1/facilities/${f.id}/recovery-targets`), 403, 'FORBIDDEN');
    fails(await put(smB, emr, { rtoHours: 1 }), 404, 'NOT_FOUND');
    fails(await smB.get(`/api/v1/facilities/${f.id}/recovery-targets`), 404, 'NOT_FOUND');
    fails(await put(sm, 'no-such-asset', { rtoHours: 1 }), 404, 'NOT_FOUND');

    const audit = await auditOf(f.id, 'recovery_target');
    expect(audit.map((a) => [a.entity_id, a.action])).toEqual([
      [emr, 'update'],
      [printer, 'update'],
      [emr, 'update'],
    ]);
    expect(JSON.parse(audit[2]!.before_json!)).toEqual({ rtoHours: 4, rpoHours: 24 });
  });

  it('orders recovery by criticality and ledger dependencies, with RTO conflicts and unknown dependencies', async () => {
    const f = await facility();
    const emr = await asset(f, '電子カルテ', 1, { type: 'application' });
    const server = await asset(f, '電子カルテサーバ', 3);
    const sw = await asset(f, 'コアスイッチ', 4, { type: 'network_device' });
    await asset(f, 'プリンタ', 4, { type: 'printer' });
    const pacs = await asset(f, 'PACS', 2);
    const old = await asset(f, '旧ストレージ', 3, { type: 'storage' });
    await relate(f, emr, 'runs_on', server);
    await relate(f, server, 'depends_on', sw);
    await relate(f, pacs, 'depends_on', sw);
    await relate(f, pacs, 'depends_on', old);
    ok(await put(sm, emr, { rtoHours: 4 }));
    ok(await put(sm, server, { rtoHours: 8 }));
    await env.deps.db.updateTable('assets').set({ deleted_at: env.clock.now().toISOString() }).where('id', '=', old).execute();

    const order = ok<RecoveryOrderDto>(await auditor.get(`/api/v1/facilities/${f.id}/recovery-order`));
    expect(order.steps.map((s) => s.name)).toEqual(['コアスイッチ', '電子カルテサーバ', '電子カルテ', 'PACS', 'プリンタ']);
    expect(order.steps.map((s) => s.core)).toEqual([true, true, true, true, false]);
    expect(order.steps[0]).toMatchObject({ systemId: sw, criticality: 4, effectiveCriticality: 1, effectiveRtoHours: 4, wave: 1, type: 'network_device' });
    expect(order.steps[2]).toMatchObject({ systemId: emr, waitsFor: [server], wave: 3, rtoHours: 4 });
    expect(order.unknownDependencies).toEqual([{ systemId: pacs, missingId: old, missingName: '旧ストレージ' }]);
    expect(order.cycles).toEqual([]);
    expect(order.rtoConflicts).toHaveLength(1);
    expect(renderRecoveryFinding(order.rtoConflicts[0]!, 'ja')).toBe('電子カルテ(RTO 4時間)は電子カルテサーバ(RTO 8時間)に依存しています');
    // The unchecked function the BCP and the binder use gives the same.
    expect(await recoveryOrderOf(env.deps.db, f.id)).toEqual(order);

    fails(await staff.get(`/api/v1/facilities/${f.id}/recovery-order`), 403, 'FORBIDDEN');
    fails(await smB.get(`/api/v1/facilities/${f.id}/recovery-order`), 404, 'NOT_FOUND');
  });

  it('plans a drill, records it against the targets of that moment, and turns follow-ups into actions', async () => {
    env.clock.set(new Date('2026-05-10T03:00:00Z'));
    const f = await facility();
    const emr = await asset(f, '電子カルテ', 1);
    const pacs = await asset(f, 'PACS', 2);
    const emrPlan = await plan(f, emr);
    const pacsPlan = await plan(f, pacs);
    ok(await put(sm, emr, { rtoHours: 4, rpoHours: 24 }));

    const planned = ok<RestoreDrillDto>(await it_.post(drillsUrl(f), { assetId: emr, plannedOn: '2026-05-20', planId: emrPlan, notes: '夜間に実施' }), 201);
    expect(planned).toMatchObject({ status: 'planned', plannedOn: '2026-05-20', overdue: false, plan: { id: emrPlan, medium: 'tape' }, metrics: null, result: null, fiscalYear: 2026, version: 1, actions: [] });
    invalidWith(await sm.post(drillsUrl(f), { assetId: emr }), [{ path: 'plannedOn', message: 'required' }]);
    invalidWith(await sm.post(drillsUrl(f), { assetId: emr, plannedOn: '2026-02-30' }), [{ path: 'body.plannedOn', message: 'invalid_date' }]);
    invalidWith(await sm.post(drillsUrl(f), { assetId: 'nope', plannedOn: '2026-05-20' }), [{ path: 'assetId', message: 'asset_not_found' }]);
    invalidWith(await sm.post(drillsUrl(f), { assetId: emr, plannedOn: '2026-05-20', planId: pacsPlan }), [{ path: 'planId', message: 'plan_other_asset' }]);

    // Rescheduled, then overdue once its day has passed.
    const moved = ok<RestoreDrillDto>(await sm.patch(`/api/v1/restore-drills/${planned.id}`, { plannedOn: '2026-05-25', expectedVersion: 1 }));
    expect(moved.version).toBe(2);
    fails(await sm.patch(`/api/v1/restore-drills/${planned.id}`, { notes: 'x', expectedVersion: 1 }), 409, 'CONFLICT');
    fails(await sm.patch(`/api/v1/restore-drills/${planned.id}`, { problems: 'x', expectedVersion: 2 }), 409, 'INVALID_STATE');
    env.clock.set(new Date('2026-05-26T03:00:00Z'));
    await relogin();
    expect(ok<RestoreDrillDto>(await auditor.get(`/api/v1/restore-drills/${planned.id}`)).overdue).toBe(true);
    expect(ok<RestoreDrillPageDto>(await sm.get(drillsUrl(f, '?status=overdue'))).items.map((d) => d.id)).toEqual([planned.id]);

    // Recorded: 6.5 h against RTO 4 h, data 30 h old against RPO 24 h.
    const rec = { ...performed('2026-05-25T13:00:00+09:00', 6.5, 30), problems: '手順書が古かった', performedBy: '情報システム課 山田', expectedVersion: 2 };
    invalidWith(await sm.post(`/api/v1/restore-drills/${planned.id}/record`, { ...rec, finishedAt: '2026-05-25T03:00:00Z' }), [{ path: 'finishedAt', message: 'finished_before_started' }]);
    invalidWith(await sm.post(`/api/v1/restore-drills/${planned.id}/record`, { ...rec, finishedAt: '2026-05-27T03:00:00Z' }), [{ path: 'finishedAt', message: 'in_the_future' }]);
    invalidWith(await sm.post(`/api/v1/restore-drills/${planned.id}/record`, { ...rec, startedAt: '2026-05-25 13:00' }), [{ path: 'body.startedAt', message: 'iso_with_offset' }]);
    const done = ok<RestoreDrillDto>(await it_.post(`/api/v1/restore-drills/${planned.id}/record`, rec));
    expect(done).toMatchObject({
      status: 'done',
      overdue: false,
      startedAt: '2026-05-25T04:00:00.000Z',
      rtoHoursTarget: 4,
      rpoHoursTarget: 24,
      metrics: { rtoAchievedHours: 6.5, rpoAchievedHours: 30 },
      result: 'failed',
      restored: 'full',
      problems: '手順書が古かった',
      performedBy: '情報システム課 山田',
      version: 3,
    });
    expect(done.reasons.map((r) => renderDrillReason(r, 'ja'))).toEqual([
      '目標復旧時間(RTO)4時間に対し、復旧に6.5時間かかりました',
      '目標復旧時点(RPO)24時間に対し、復旧したデータは30時間前のものでした',
    ]);
    fails(await sm.post(`/api/v1/restore-drills/${planned.id}/record`, { ...rec, expectedVersion: 3 }), 409, 'INVALID_STATE');
    fails(await sm.post(`/api/v1/restore-drills/${planned.id}/cancel`, { expectedVersion: 3 }), 409, 'INVALID_STATE');
    fails(await sm.delete(`/api/v1/restore-drills/${planned.id}`), 409, 'INVALID_STATE');

    // A later change of the targets does not change the recorded drill.
    ok(await put(sm, emr, { rtoHours: 8, expectedVersion: 1 }));
    const again = ok<RestoreDrillDto>(await sm.get(`/api/v1/restore-drills/${planned.id}`));
    expect(again).toMatchObject({ rtoHoursTarget: 4, result: 'failed' });
    expect(again.reasons.map((r) => r.code)).toEqual(['rto_missed', 'rpo_missed']);

    // Follow-up actions (対応アクション, source drill).
    const withAction = ok<RestoreDrillDto>(await sm.post(`/api/v1/restore-drills/${planned.id}/actions`, { title: '復旧手順書を更新する', dueOn: '2026-06-30' }), 201);
    expect(withAction.actions).toMatchObject([{ title: '復旧手順書を更新する', status: 'open', dueOn: '2026-06-30', overdue: false }]);
    const action = await env.deps.db.selectFrom('actions').select(['source_type', 'source_id', 'source_label']).where('id', '=', withAction.actions[0]!.id).executeTakeFirstOrThrow();
    expect(action).toMatchObject({ source_type: 'drill', source_id: planned.id });
    expect(action.source_label).toContain('電子カルテ');
    invalidWith(await sm.post(`/api/v1/restore-drills/${planned.id}/actions`, { title: ' ' }), [{ path: 'body.title' }]);
    fails(await auditor.post(`/api/v1/restore-drills/${planned.id}/actions`, { title: 'x' }), 403, 'FORBIDDEN');
    fails(await smB.get(`/api/v1/restore-drills/${planned.id}`), 404, 'NOT_FOUND');

    // Recorded without planning: passes within targets (RTO now 8 h).
    const direct = ok<RestoreDrillDto>(await sm.post(drillsUrl(f), { assetId: emr, performed: performed('2026-05-26T01:00:00Z', 2, 12) }), 201);
    expect(direct).toMatchObject({ status: 'done', plannedOn: null, result: 'passed', reasons: [], rtoHoursTarget: 8, rpoHoursTarget: 24, metrics: { rtoAchievedHours: 2, rpoAchievedHours: 12 } });
    const partly = ok<RestoreDrillDto>(await sm.post(drillsUrl(f), { assetId: pacs, performed: performed('2026-05-26T01:00:00Z', 1, 1, 'partial') }), 201);
    expect(partly).toMatchObject({ result: 'failed', reasons: [{ code: 'partly_restored', params: {} }], rtoHoursTarget: null });
    invalidWith(await sm.post(drillsUrl(f), { assetId: emr, performed: { ...performed('2026-05-26T01:00:00Z', 1, 1), dataAsOf: '2026-05-26T02:00:00Z' } }), [
      { path: 'performed.dataAsOf', message: 'data_after_start' },
    ]);

    // Cancel and delete only planned drills.
    const p2 = ok<RestoreDrillDto>(await sm.post(drillsUrl(f), { assetId: pacs, plannedOn: '2026-07-01' }), 201);
    const p3 = ok<RestoreDrillDto>(await sm.post(drillsUrl(f), { assetId: pacs, plannedOn: '2026-08-01' }), 201);
    fails(await sm.post(`/api/v1/restore-drills/${p2.id}/cancel`, { expectedVersion: 9 }), 409, 'CONFLICT');
    expect(ok<RestoreDrillDto>(await sm.post(`/api/v1/restore-drills/${p2.id}/cancel`, { expectedVersion: 1 })).status).toBe('cancelled');
    fails(await sm.delete(`/api/v1/restore-drills/${p2.id}`), 409, 'INVALID_STATE');
    fails(await auditor.delete(`/api/v1/restore-drills/${p3.id}`), 403, 'FORBIDDEN');
    ok(await sm.delete(`/api/v1/restore-drills/${p3.id}`));
    fails(await sm.get(`/api/v1/restore-drills/${p3.id}`), 404, 'NOT_FOUND');

    // List filters.
    const all = ok<RestoreDrillPageDto>(await auditor.get(drillsUrl(f)));
    expect(all.total).toBe(4);
    expect(all.items.every((d) => d.actions.length === 0)).toBe(true);
    expect(ok<RestoreDrillPageDto>(await sm.get(drillsUrl(f, '?status=done'))).total).toBe(3);
    expect(ok<RestoreDrillPageDto>(await sm.get(drillsUrl(f, `?assetId=${pacs}`))).total).toBe(2);
    expect(ok<RestoreDrillPageDto>(await sm.get(drillsUrl(f, '?fiscalYear=2026'))).total).toBe(4);
    expect(ok<RestoreDrillPageDto>(await sm.get(drillsUrl(f, '?fiscalYear=2025'))).total).toBe(0);
    const page = ok<RestoreDrillPageDto>(await sm.get(drillsUrl(f, '?page=2&pageSize=3')));
    expect([page.items.length, page.total, page.page]).toEqual([1, 4, 2]);
    fails(await sm.get(drillsUrl(f, '?status=bogus')), 400, 'VALIDATION_FAILED');

    const audit = await auditOf(f.id, 'restore_drill');
    expect(audit.filter((a) => a.entity_id === planned.id).map((a) => a.action)).toEqual(['create', 'update', 'record']);
    expect(audit.filter((a) => a.entity_id === p2.id).map((a) => a.action)).toEqual(['create', 'cancel']);
    expect(audit.filter((a) => a.entity_id === p3.id).map((a) => a.action)).toEqual(['create', 'delete']);
    const recorded = JSON.parse(audit.find((a) => a.action === 'record')!.after_json!);
    expect(recorded).toMatchObject({ status: 'done', result: 'failed', rtoHoursTarget: 4 });
  });

  it('tells which systems are overdue for a drill, overdue first, as the clock moves', async () => {
    env.clock.set(new Date('2026-06-01T03:00:00Z'));
    await relogin();
    const f = await facility();
    const emr = await asset(f, '電子カルテ', 1);
    const pacs = await asset(f, 'PACS', 2);
    const lab = await asset(f, '検査システム', 3);
    await asset(f, 'プリンタ', 4);
    ok(await put(sm, pacs, { drillIntervalMonths: 6 }));
    ok(await put(sm, lab, { drillIntervalMonths: 12 }));
    ok(await sm.post(drillsUrl(f), { assetId: emr, performed: performed('2025-05-31T01:00:00Z', 1, 1) }), 201);
    ok(await sm.post(drillsUrl(f), { assetId: pacs, performed: performed('2026-05-01T01:00:00Z', 1, 1) }), 201);
    ok(await sm.post(drillsUrl(f), { assetId: lab, plannedOn: '2026-07-01' }), 201);

    let s = ok<DrillScheduleDto>(await auditor.get(`/api/v1/facilities/${f.id}/drill-schedule`));
    expect(s.today).toBe('2026-06-01');
    expect(s.items.map((i) => [i.system.name, i.due.status, i.due.dueOn, i.intervalMonths, i.intervalIsDefault])).toEqual([
      ['電子カルテ', 'overdue', '2026-05-31', 12, true],
      ['検査システム', 'never', '2026-07-01', 12, false],
      ['PACS', 'ok', '2026-11-01', 6, false],
    ]);
    expect(s.items[0]!.lastDrill).toMatchObject({ doneOn: '2025-05-31', result: 'passed' });

    env.clock.set(new Date('2026-10-05T03:00:00Z'));
    await relogin();
    s = await drillScheduleOf(env.deps.db, f.id, '2026-10-05');
    expect(s.items.map((i) => [i.system.name, i.due.status])).toEqual([
      ['電子カルテ', 'overdue'],
      ['検査システム', 'overdue'],
      ['PACS', 'due_soon'],
    ]);
    const targets = ok<RecoveryTargetListDto>(await sm.get(`/api/v1/facilities/${f.id}/recovery-targets`));
    expect(targets.items.find((t) => t.system.id === lab)).toMatchObject({ nextPlanned: { plannedOn: '2026-07-01' }, due: { status: 'overdue' } });
    fails(await staff.get(`/api/v1/facilities/${f.id}/drill-schedule`), 403, 'FORBIDDEN');
    fails(await smB.get(`/api/v1/facilities/${f.id}/drill-schedule`), 404, 'NOT_FOUND');
  });
});
