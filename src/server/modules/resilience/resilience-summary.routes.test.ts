import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TResilienceSummary } from '../../../shared/contracts/resilience-summary.contract.ts';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import { renderSummarySentence } from '../../../shared/resilience/summary.ts';
import { newId } from '../../lib/ids.ts';
import { buildTestApp, createTestEnv, DIALECTS, fails, makeFacility, makeUsers, ok, signIn, SYSTEM, type TestClient, type TestEnv } from '../../testing/harness.ts';
import { insertAssetTx } from '../ledger/index.ts';
import { resilienceSummaryOf } from './resilience-summary.service.ts';

/** GET /facilities/:facilityId/resilience/summary on real databases, with the injected clock. */
describe.each(DIALECTS)('resilience summary API (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let B: TFacility;
  let sm: TestClient;
  let staff: TestClient;
  let auditor: TestClient;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    A = await makeFacility(env, 'SA', 'みなと試験病院');
    B = await makeFacility(env, 'SB');
    const made = await makeUsers(env, {
      sm: ['sm@a.jp', 'security_manager', A.id],
      staff: ['staff@a.jp', 'staff', A.id],
      auditor: ['auditor@a.jp', 'auditor', A.id],
    });
    app = await buildTestApp(env);
    ({ sm, staff, auditor } = await signIn(app, env, made));
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const url = (f: TFacility) => `/api/v1/facilities/${f.id}/resilience/summary`;

  it('lists the stale offline copy first, and follows the clock', async () => {
    const emr = await env.deps.db
      .transaction()
      .execute(async (trx) => (await insertAssetTx(env.deps, trx, SYSTEM, A.id, { name: '電子カルテ', type: 'server', criticality: 1, ips: [], macs: [], tags: [], holdsPatientData: true, exposure: 'internal' })).id);
    const now = env.clock.now();
    const iso = (daysAgo: number) => new Date(now.getTime() - daysAgo * 86_400_000).toISOString();
    const plan = async (medium: string, everyDays: number, disconnected: boolean, lastSuccessDaysAgo: number) => {
      const id = newId();
      await env.deps.db
        .insertInto('backup_plans')
        .values({ id, facility_id: A.id, asset_id: emr, label: null, scopes: '["data"]', tool: null, medium, disconnected: disconnected ? 1 : 0, cloud_immutable: 0, network_separated: 0, generations: 5, every_days: everyDays, schedule_note: null, location: 'on_site', storage_place: null, encrypted: 0, key_holder: null, run_by: 'staff', vendor_id: null, restore_procedure: null, external_key: null, notes: null, version: 1, created_at: iso(60), updated_at: iso(60), retired_at: null })
        .execute();
      await env.deps.db
        .insertInto('backup_runs')
        .values({ id: newId(), facility_id: A.id, plan_id: id, started_at: iso(lastSuccessDaysAgo + 0.05), finished_at: iso(lastSuccessDaysAgo), status: 'success', bytes: 1e9, message: null, source: 'manual', external_id: null, recorded_by: null, created_at: iso(lastSuccessDaysAgo) })
        .execute();
      return id;
    };
    await plan('nas', 1, false, 0);
    const tape = await plan('tape', 7, true, 9);

    const s = ok<TResilienceSummary>(await auditor.get(url(A)));
    expect(s.facilityId).toBe(A.id);
    expect(s.evaluatedAt).toBe(now.toISOString());
    expect(s.sentences[0]).toEqual({ severity: 'critical', code: 'offline_stale', params: { system: '電子カルテ', days: 9, date: expect.any(String) }, link: { to: 'backupPlan', id: tape }, systemId: emr });
    expect(renderSummarySentence(s.sentences[0]!, 'ja')).toBe('電子カルテのオフラインバックアップが9日間成功していません');
    expect(s.sentences.map((x) => x.code)).toEqual(['offline_stale', 'drill_never', 'bcp_none', 'exercise_none', 'binder_never']);
    expect(s.counts).toMatchObject({ systems: 1, plans: 2, offlinePlans: 1, stalePlans: 1, staleOfflinePlans: 1, systemsWithoutOfflineCopy: 0, drillsDue: 1, bcp: 'none' });
    expect(s.allGood).toBe(false);

    // Three more days: the daily NAS copy is stale too (1 day + 1 day of grace), the tape now 12 days.
    // (Through the unchecked reader: sessions would expire over three idle days.)
    const later = await resilienceSummaryOf(env.deps.db, A.id, new Date(now.getTime() + 3 * 86_400_000));
    expect(later.sentences.slice(0, 2).map((x) => [x.code, x.params.days])).toEqual([
      ['offline_stale', 12],
      ['backup_stale', 3],
    ]);
  });

  it('asks for the emergency binder to be printed, and again once its content changed', async () => {
    const codes = async () => ok<TResilienceSummary>(await sm.get(url(A))).sentences.map((x) => x.code);
    expect(await codes()).toContain('binder_never');
    const file = await sm.get(`/api/v1/facilities/${A.id}/binder?format=html`);
    expect(file.statusCode).toBe(200);
    const printed = await codes();
    expect(printed).not.toContain('binder_never');
    expect(printed).not.toContain('binder_outdated');
    // A new phone number in the contact chart makes the printed copy outdated.
    ok(await sm.post(`/api/v1/facilities/${A.id}/contact-chart/entries`, { side: 'internal', kind: 'security_manager', roleLabel: '医療情報システム安全管理責任者', name: '安全 花子', phone: '090-0000-1111' }), 201);
    const s = ok<TResilienceSummary>(await sm.get(url(A)));
    const outdated = s.sentences.find((x) => x.code === 'binder_outdated');
    expect(outdated).toMatchObject({ severity: 'warning', link: { to: 'binder' }, params: { code: file.headers['x-binder-code'] } });
    expect(renderSummarySentence(outdated!, 'ja')).toMatch(/^緊急時バインダーの前回の印刷\(BND-\d{8}-[A-Z0-9]{4}・\d{4}年\d{1,2}月\d{1,2}日\)以降に内容が変わりました。印刷し直してください$/);
  });

  it('needs resilience.read in the facility; a foreign facility is not found', async () => {
    fails(await staff.get(url(A)), 403, 'FORBIDDEN');
    fails(await sm.get(url(B)), 404, 'NOT_FOUND');
    ok(await sm.get(url(A)));
  });
});
