import type { FastifyInstance } from 'fastify';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import type { BackupImportResultDto, BackupOverviewDto, BackupPlanDto, BackupRunDto } from '../../../shared/contracts/resilience-backups.contract.ts';
import { ZVendorCreate } from '../../../shared/contracts/vendors.contract.ts';
import { renderBackupFinding } from '../../../shared/resilience/backup.ts';
import { buildTestApp, createTestEnv, DIALECTS, fails, grantRoles, idsOf, invalidWith, makeFacility, makeUsers, ok, signIn, SYSTEM, type TestClient, type TestEnv } from '../../testing/harness.ts';
import { insertAssetTx } from '../ledger/index.ts';
import { insertVendorTx } from '../vendors/index.ts';
import { backupPlansOf } from './backup-plan.service.ts';

/** Backup plans, runs, CSV import, webhook and overview over HTTP on real databases. */
describe.each(DIALECTS)('backups (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let B: TFacility;
  let sm: TestClient;
  let auditor: TestClient;
  let staff: TestClient;
  let smB: TestClient;
  let n = 0;
  const users = {} as Record<'sm' | 'it' | 'auditor' | 'staff' | 'smB', string>;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    A = await makeFacility(env, 'BA', 'みなと試験病院');
    B = await makeFacility(env, 'BB');
    const made = await makeUsers(env, {
      sm: ['sm@a.jp', 'security_manager', A.id],
      it: ['it@a.jp', 'it_staff', A.id],
      auditor: ['aud@a.jp', 'auditor', A.id],
      staff: ['staff@a.jp', 'staff', A.id],
      smB: ['sm@b.jp', 'security_manager', B.id],
    });
    Object.assign(users, idsOf(made));
    app = await buildTestApp(env);
    ({ sm, auditor, staff, smB } = await signIn(app, env, made, ['sm', 'auditor', 'staff', 'smB']));
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  /** A fresh facility where the test's users hold their roles. */
  const facility = async () => {
    const f = await makeFacility(env, `BX${++n}`);
    await grantRoles(env, f.id, [
      [users.sm, 'security_manager'],
      [users.it, 'it_staff'],
      [users.auditor, 'auditor'],
      [users.staff, 'staff'],
    ]);
    return f;
  };
  const asset = (f: TFacility, name: string, criticality = 1) =>
    env.deps.db.transaction().execute(async (trx) => (await insertAssetTx(env.deps, trx, SYSTEM, f.id, { name, type: 'server', criticality, ips: [], macs: [], tags: [], holdsPatientData: true, exposure: 'internal' })).id);
  const vendor = (f: TFacility, name: string) => env.deps.db.transaction().execute(async (trx) => (await insertVendorTx(env.deps, trx, SYSTEM, f.id, ZVendorCreate.parse({ name }))).id);
  const planBody = (assetId: string, extra: Record<string, unknown> = {}) => ({
    assetId,
    scopes: ['data', 'system_image'],
    medium: 'nas',
    generations: 7,
    everyDays: 1,
    location: 'on_site',
    runBy: 'staff',
    ...extra,
  });
  const createPlan = async (f: TFacility, body: Record<string, unknown>, c = sm) => ok<BackupPlanDto>(await c.post(`/api/v1/facilities/${f.id}/backup-plans`, body), 201);
  const overview = async (f: TFacility, c = sm) => ok<BackupOverviewDto>(await c.get(`/api/v1/facilities/${f.id}/backups/overview`));
  const auditOf = (facilityId: string, entityType: string) =>
    env.deps.db.selectFrom('audit_log').select(['entity_type', 'entity_id', 'action', 'before_json', 'after_json']).where('facility_id', '=', facilityId).where('entity_type', '=', entityType).orderBy('seq').execute();
  const iso = (msAgo: number) => new Date(env.clock.now().getTime() - msAgo).toISOString();
  const H = 3_600_000;
  const D = 24 * H;
  /** Moving the clock by days ends the sessions: sign everybody in again. */
  const advanceDays = async (days: number) => {
    env.clock.advance(days * D);
    ({ sm, auditor, staff, smB } = await signIn(app, env, { sm: { email: 'sm@a.jp' }, auditor: { email: 'aud@a.jp' }, staff: { email: 'staff@a.jp' }, smB: { email: 'sm@b.jp' } }));
  };
  /** JST wall-clock time `ms` from now, as a CSV cell (YYYY-MM-DD HH:MM). */
  const jst = (ms: number) => new Date(env.clock.now().getTime() + ms + 9 * H).toISOString().slice(0, 16).replace('T', ' ');

  it('creates, reads, lists, updates with a version, retires and reinstates a plan (audited)', async () => {
    const f = await facility();
    const emr = await asset(f, '電子カルテ');
    const v = await vendor(f, '保守ベンダー株式会社');
    const created = await createPlan(
      f,
      planBody(emr, { label: '日次テープ', medium: 'tape', disconnected: true, storagePlace: '院外倉庫', encrypted: true, keyHolder: '情報システム課長', runBy: 'vendor', vendorId: v, externalKey: 'EMR-TAPE', restoreProcedure: '手順書3章' }),
    );
    expect(created).toMatchObject({
      system: { id: emr, name: '電子カルテ', criticality: 1, type: 'server', deleted: false },
      offline: true,
      vendor: { id: v, name: '保守ベンダー株式会社' },
      externalKey: 'EMR-TAPE',
      freshness: { status: 'never', lastSuccessAt: null, reason: { code: 'backup_never', params: { system: '電子カルテ', kind: 'offline' } } },
      runCount: 0,
      version: 1,
      retiredAt: null,
    });
    expect(ok<BackupPlanDto>(await auditor.get(`/api/v1/backup-plans/${created.id}`)).id).toBe(created.id);

    const updated = ok<BackupPlanDto>(await sm.patch(`/api/v1/backup-plans/${created.id}`, { generations: 2, disconnected: false, expectedVersion: 1 }));
    expect(updated).toMatchObject({ generations: 2, offline: false, version: 2 });
    fails(await sm.patch(`/api/v1/backup-plans/${created.id}`, { generations: 3, expectedVersion: 1 }), 409, 'CONFLICT');

    const retired = ok<BackupPlanDto>(await sm.post(`/api/v1/backup-plans/${created.id}/retire`, { expectedVersion: 2 }));
    expect(retired.retiredAt).toBe(env.clock.now().toISOString());
    fails(await sm.post(`/api/v1/backup-plans/${created.id}/retire`, { expectedVersion: 3 }), 409, 'INVALID_STATE');
    expect(ok<{ total: number }>(await sm.get(`/api/v1/facilities/${f.id}/backup-plans`)).total).toBe(0);
    expect(ok<{ total: number }>(await sm.get(`/api/v1/facilities/${f.id}/backup-plans?retired=true`)).total).toBe(1);
    // A retired plan's job name is free again; reinstating needs it free.
    const other = await createPlan(f, planBody(emr, { externalKey: 'EMR-TAPE' }));
    invalidWith(await sm.post(`/api/v1/backup-plans/${created.id}/reinstate`, { expectedVersion: 3 }), [{ path: 'externalKey', message: 'external_key_taken' }]);
    ok(await sm.patch(`/api/v1/backup-plans/${other.id}`, { externalKey: null, expectedVersion: 1 }));
    const back = ok<BackupPlanDto>(await sm.post(`/api/v1/backup-plans/${created.id}/reinstate`, { expectedVersion: 3 }));
    expect(back).toMatchObject({ retiredAt: null, version: 4 });

    const events = await auditOf(f.id, 'backup_plan');
    expect(events.filter((e) => e.entity_id === created.id).map((e) => e.action)).toEqual(['create', 'update', 'retire', 'reinstate']);
    const update = events.find((e) => e.action === 'update' && e.entity_id === created.id)!;
    expect(JSON.parse(update.before_json!)).toEqual({ disconnected: true, generations: 7 });
    expect(JSON.parse(update.after_json!)).toEqual({ disconnected: false, generations: 2 });
  });

  it('validates: asset and vendor of the facility, job name unique among plans in use, enums', async () => {
    const f = await facility();
    const emr = await asset(f, '電子カルテ');
    const foreignAsset = await asset(B, 'よその資産');
    const foreignVendor = await vendor(B, 'よそのベンダー');
    invalidWith(await sm.post(`/api/v1/facilities/${f.id}/backup-plans`, planBody(foreignAsset, { vendorId: foreignVendor })), [
      { path: 'assetId', message: 'asset_not_found' },
      { path: 'vendorId', message: 'vendor_not_found' },
    ]);
    await createPlan(f, planBody(emr, { externalKey: 'JOB1' }));
    invalidWith(await sm.post(`/api/v1/facilities/${f.id}/backup-plans`, planBody(emr, { externalKey: 'JOB1' })), [{ path: 'externalKey', message: 'external_key_taken' }]);
    fails(await sm.post(`/api/v1/facilities/${f.id}/backup-plans`, planBody(emr, { medium: 'floppy' })), 400, 'VALIDATION_FAILED');
    fails(await sm.post(`/api/v1/facilities/${f.id}/backup-plans`, planBody(emr, { everyDays: 0 })), 400, 'VALIDATION_FAILED');
  });

  it('permissions: auditors read, staff 403, other facilities 404', async () => {
    const f = await facility();
    const emr = await asset(f, '電子カルテ');
    const plan = await createPlan(f, planBody(emr));
    ok(await auditor.get(`/api/v1/facilities/${f.id}/backup-plans`));
    fails(await auditor.post(`/api/v1/facilities/${f.id}/backup-plans`, planBody(emr)), 403, 'FORBIDDEN');
    fails(await staff.get(`/api/v1/facilities/${f.id}/backup-plans`), 403, 'FORBIDDEN');
    fails(await smB.get(`/api/v1/facilities/${f.id}/backup-plans`), 404, 'NOT_FOUND');
    fails(await smB.get(`/api/v1/backup-plans/${plan.id}`), 404, 'NOT_FOUND');
    fails(await smB.post(`/api/v1/backup-plans/${plan.id}/runs`, { startedAt: iso(2 * H), finishedAt: iso(H), status: 'success' }), 404, 'NOT_FOUND');
  });

  it('records runs by hand: times checked, duplicates refused, deleted with an audit event', async () => {
    const f = await facility();
    const emr = await asset(f, '電子カルテ');
    const plan = await createPlan(f, planBody(emr));
    const url = `/api/v1/backup-plans/${plan.id}/runs`;
    invalidWith(await sm.post(url, { startedAt: iso(H), finishedAt: iso(2 * H), status: 'success' }), [{ path: 'finishedAt', message: 'finished_before_started' }]);
    invalidWith(await sm.post(url, { startedAt: iso(-H), finishedAt: iso(-2 * H), status: 'success' }), [{ path: 'startedAt', message: 'in_the_future' }]);
    invalidWith(await sm.post(url, { startedAt: '2026-03-31 10:00', finishedAt: iso(H), status: 'success' }), [{ path: 'body.startedAt' }]);
    const run = ok<BackupRunDto>(await sm.post(url, { startedAt: '2026-04-01T08:00:00+09:00', finishedAt: '2026-04-01T08:30:00+09:00', status: 'success', bytes: 1_000_000 }), 201);
    expect(run).toMatchObject({ startedAt: '2026-03-31T23:00:00.000Z', durationSeconds: 1800, source: 'manual', bytes: 1_000_000, recordedBy: { id: users.sm } });
    invalidWith(await sm.post(url, { startedAt: '2026-03-31T23:00:00Z', finishedAt: iso(0), status: 'failed' }), [{ path: 'startedAt', message: 'duplicate_run' }]);
    const listed = ok<{ items: BackupRunDto[]; total: number }>(await auditor.get(url));
    expect(listed.total).toBe(1);
    expect(ok<BackupPlanDto>(await sm.get(`/api/v1/backup-plans/${plan.id}`)).freshness).toMatchObject({ status: 'fresh', lastSuccessAt: run.finishedAt, lastRunStatus: 'success', daysSinceSuccess: 0 });
    fails(await auditor.delete(`/api/v1/backup-runs/${run.id}`), 403, 'FORBIDDEN');
    fails(await smB.delete(`/api/v1/backup-runs/${run.id}`), 404, 'NOT_FOUND');
    ok(await sm.delete(`/api/v1/backup-runs/${run.id}`));
    expect(ok<{ total: number }>(await sm.get(url)).total).toBe(0);
    expect((await auditOf(f.id, 'backup_run')).map((e) => e.action)).toEqual(['create', 'delete']);
  });

  it('overview: coverage findings and freshness follow the injected clock', async () => {
    const f = await facility();
    const emr = await asset(f, '電子カルテ', 1);
    const lab = await asset(f, '検査システム', 2);
    await asset(f, '給食システム', 4);
    const nas = await createPlan(f, planBody(emr, { medium: 'nas' }));
    const tape = await createPlan(f, planBody(emr, { medium: 'tape', disconnected: true, everyDays: 7, generations: 4 }));
    let o = await overview(f);
    expect(o.counts).toMatchObject({ plans: 2, offlinePlans: 1, neverPlans: 2, criticalSystems: 2, coveredSystems: 1 });
    expect(o.findings).toEqual([{ code: 'no_plan', systemId: lab, params: { system: '検査システム' } }]);
    expect(renderBackupFinding(o.findings[0]!, 'ja')).toBe('検査システム: バックアップの計画がありません');
    // Never succeeded: offline copy first.
    expect(o.freshnessWarnings.map((w) => [w.planId, w.code])).toEqual([
      [tape.id, 'backup_never'],
      [nas.id, 'backup_never'],
    ]);

    // Both succeed today.
    const runAt = (planId: string, finishedAt: string) => sm.post(`/api/v1/backup-plans/${planId}/runs`, { startedAt: new Date(Date.parse(finishedAt) - H).toISOString(), finishedAt, status: 'success' });
    ok(await runAt(nas.id, iso(0)), 201);
    ok(await runAt(tape.id, iso(0)), 201);
    o = await overview(f);
    expect(o.freshnessWarnings).toEqual([]);
    expect(o.counts).toMatchObject({ freshPlans: 2, stalePlans: 0, runsLast30Days: 2, failedRunsLast30Days: 0 });
    expect(o.criticalSystems.find((s) => s.id === emr)).toMatchObject({ plans: 2, offlinePlans: 1, media: ['nas', 'tape'], stalePlans: 0, findingCodes: [] });

    // Three days later the daily NAS copy is stale, the weekly tape still fresh; ten days later both, tape first.
    await advanceDays(3);
    o = await overview(f);
    expect(o.freshnessWarnings.map((w) => [w.planId, w.code, w.daysSinceSuccess])).toEqual([[nas.id, 'backup_stale', 3]]);
    await advanceDays(6);
    o = await overview(f);
    expect(o.freshnessWarnings.map((w) => [w.planId, w.offline, w.daysSinceSuccess])).toEqual([
      [tape.id, true, 9],
      [nas.id, false, 9],
    ]);
    const stale = ok<{ items: BackupPlanDto[] }>(await sm.get(`/api/v1/facilities/${f.id}/backup-plans?stale=true&offline=true`));
    expect(stale.items.map((p) => p.id)).toEqual([tape.id]);
    expect(stale.items[0]!.freshness.reason).toEqual({ code: 'backup_stale', params: { system: '電子カルテ', kind: 'offline', date: '2026-04-01', days: 9 } });

    // Retiring the tape plan leaves the rules: no offline copy any more.
    ok(await sm.post(`/api/v1/backup-plans/${tape.id}/retire`, { expectedVersion: 1 }));
    o = await overview(f);
    expect(o.findings.filter((x) => x.systemId === emr).map((x) => x.code)).toEqual(['no_offline_copy', 'single_method']);
    expect(o.counts.retiredPlans).toBe(1);
    // The trusted view for the binder and the rules.
    const trusted = await backupPlansOf(env.deps, env.deps.db, f.id);
    expect(trusted.map((p) => [p.plan.id, p.freshness.state])).toEqual([[nas.id, 'stale']]);
  });

  describe('CSV import', () => {
    const importUrl = (f: TFacility, dryRun: boolean) => `/api/v1/facilities/${f.id}/backup-runs/import?dryRun=${dryRun}&fileName=runs.csv`;

    it('previews, commits once, and changes nothing the second time (Japanese headers, JST times)', async () => {
      const f = await facility();
      const emr = await asset(f, '電子カルテ');
      const plan = await createPlan(f, planBody(emr, { externalKey: 'EMR-NAS', label: 'NAS日次' }));
      const csv = ['ジョブ名,開始日時,終了日時,結果,バイト数,メッセージ', 'EMR-NAS,2026/3/30 2:00,2026/3/30 2:40,成功,"1,024",', 'EMR-NAS,2026-03-31 02:00:00,2026-03-31 02:45:00,失敗,,容量不足'].join('\r\n');
      const preview = ok<BackupImportResultDto>(await sm.upload(importUrl(f, true), csv, 'text/csv'));
      expect(preview).toMatchObject({ rows: 2, create: 2, duplicate: 0, errorRows: 0, committed: false, encoding: 'utf8' });
      expect(preview.items[0]).toMatchObject({ row: 2, action: 'create', planId: plan.id, planName: 'NAS日次', startedAt: '2026-03-29T17:00:00.000Z', status: 'success', bytes: 1024 });
      expect(ok<{ total: number }>(await sm.get(`/api/v1/backup-plans/${plan.id}/runs`)).total).toBe(0);

      const committed = ok<BackupImportResultDto>(await sm.upload(importUrl(f, false), csv, 'text/csv'));
      expect(committed).toMatchObject({ create: 2, committed: true });
      const runs = ok<{ items: BackupRunDto[] }>(await sm.get(`/api/v1/backup-plans/${plan.id}/runs`)).items;
      expect(runs.map((r) => [r.status, r.source, r.message])).toEqual([
        ['failed', 'csv', '容量不足'],
        ['success', 'csv', null],
      ]);
      const again = ok<BackupImportResultDto>(await sm.upload(importUrl(f, false), csv, 'text/csv'));
      expect(again).toMatchObject({ create: 0, duplicate: 2, committed: true });
      expect(ok<{ total: number }>(await sm.get(`/api/v1/backup-plans/${plan.id}/runs`)).total).toBe(2);
      const imports = (await auditOf(f.id, 'backup_run')).filter((e) => e.action === 'import');
      expect(imports).toHaveLength(1);
      expect(JSON.parse(imports[0]!.after_json!)).toMatchObject({ rows: 2, created: 2 });
    });

    it('reads Shift_JIS, English headers, plan ids and multipart', async () => {
      const f = await facility();
      const emr = await asset(f, '電子カルテ');
      const plan = await createPlan(f, planBody(emr, { externalKey: 'ジョブ甲' }));
      const sjis = iconv.encode(['ジョブ名,開始日時,終了日時,結果', 'ジョブ甲,2026-03-30 02:00,2026-03-30 03:00,一部失敗'].join('\n'), 'cp932');
      const r1 = ok<BackupImportResultDto>(await sm.upload(importUrl(f, false), sjis, 'text/csv'));
      expect(r1).toMatchObject({ encoding: 'cp932', create: 1, committed: true });
      expect(r1.items[0]).toMatchObject({ status: 'partial', planId: plan.id });

      const english = ['plan,started_at,finished_at,status', `${plan.id},2026-03-31T01:00:00Z,2026-03-31T02:00:00Z,success`].join('\n');
      const boundary = 'XyZ123';
      const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="jobs.csv"\r\nContent-Type: text/csv\r\n\r\n${english}\r\n--${boundary}--\r\n`;
      const r2 = ok<BackupImportResultDto>(await sm.upload(`/api/v1/facilities/${f.id}/backup-runs/import`, body, `multipart/form-data; boundary=${boundary}`));
      expect(r2).toMatchObject({ fileName: 'jobs.csv', create: 1, committed: true });
      expect(ok<BackupPlanDto>(await sm.get(`/api/v1/backup-plans/${plan.id}`)).freshness.lastSuccessAt).toBe('2026-03-31T02:00:00.000Z');
    });

    it('names row and column of every bad cell, writes nothing, answers 422 on commit', async () => {
      const f = await facility();
      const emr = await asset(f, '電子カルテ');
      await createPlan(f, planBody(emr, { externalKey: 'OK' }));
      const csv = [
        'job,started_at,finished_at,status,bytes',
        'OK,2026-03-30 02:00,2026-03-30 03:00,success,10',
        'NOPE,2026-03-30 02:00,2026-03-30 03:00,success,',
        'OK,2026-02-30 02:00,2026-03-30 01:00,done,-5',
        'OK,2026-03-30 05:00,2026-03-30 04:00,success,',
        `OK,${jst(D)},${jst(D + H)},success,`,
      ].join('\n');
      const preview = ok<BackupImportResultDto>(await sm.upload(importUrl(f, true), csv, 'text/csv'));
      expect(preview).toMatchObject({ rows: 5, create: 1, errorRows: 4 });
      const errs = preview.items.flatMap((r) => r.errors.map((e) => [e.row, e.path, e.message]));
      expect(errs).toEqual([
        [3, 'job', 'unknown_job'],
        [4, 'started_at', 'invalid_datetime'],
        [4, 'status', 'invalid_status'],
        [4, 'bytes', 'invalid_bytes'],
        [5, 'finished_at', 'finished_before_started'],
        [6, 'started_at', 'in_the_future'],
        [6, 'finished_at', 'in_the_future'],
      ]);
      const res = await sm.upload(importUrl(f, false), csv, 'text/csv');
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ committed: false, error: { code: 'VALIDATION_FAILED' } });
      const missing = ok<BackupImportResultDto>(await sm.upload(importUrl(f, true), 'job,started_at\nOK,2026-03-30 02:00', 'text/csv'));
      expect(missing.fileErrors.map((e) => [e.path, e.message])).toEqual([
        ['finished_at', 'missing_column'],
        ['status', 'missing_column'],
      ]);
      fails(await auditor.upload(importUrl(f, true), csv, 'text/csv'), 403, 'FORBIDDEN');
      expect((await auditOf(f.id, 'backup_run')).length).toBe(0);
    });
  });

  describe('webhook POST /api/v1/backup-results', () => {
    const send = (token: string | null, body: unknown) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/backup-results',
        headers: { 'content-type': 'application/json', ...(token !== null && { authorization: `Bearer ${token}` }) },
        payload: JSON.stringify(body),
      });
    let it_: TestClient;
    beforeAll(async () => {
      const { it: c } = await signIn(app, env, { it: { email: 'it@a.jp' } });
      it_ = c;
    });
    const token = async (c: TestClient, scopes: string[], facilityId: string | null = null) => ok<{ token: string }>(await c.post('/api/v1/me/tokens', { name: `t${++n}`, scopes, facilityId }), 201).token;

    it('records a run from the backup software; the same run again is a duplicate', async () => {
      const f = await facility();
      const emr = await asset(f, '電子カルテ');
      const plan = await createPlan(f, planBody(emr, { externalKey: 'veeam-emr', medium: 'immutable' }));
      const t = await token(it_, ['resilience:write']);
      const body = { facility: f.code, job: 'veeam-emr', startedAt: '2026-04-01T01:00:00+09:00', finishedAt: '2026-04-01T02:00:00+09:00', status: 'success', bytes: 5e9, message: 'OK', runId: 'v-1' };
      const first = ok<{ duplicate: boolean; run: BackupRunDto }>(await send(t, body), 201);
      expect(first).toMatchObject({ duplicate: false, run: { planId: plan.id, source: 'webhook', externalId: 'v-1', startedAt: '2026-03-31T16:00:00.000Z', recordedBy: { id: users.it } } });
      const second = ok<{ duplicate: boolean; run: BackupRunDto }>(await send(t, { ...body, status: 'failed' }), 200);
      expect(second).toMatchObject({ duplicate: true, run: { id: first.run.id, status: 'success' } });
      // A token limited to the facility needs no facility code; webhook runs cannot be deleted by hand.
      const limited = await token(it_, ['resilience:write'], f.id);
      ok(await send(limited, { job: 'veeam-emr', startedAt: '2026-04-01T03:00:00Z', finishedAt: '2026-04-01T03:30:00Z', status: 'partial' }), 201);
      fails(await sm.delete(`/api/v1/backup-runs/${first.run.id}`), 409, 'INVALID_STATE');
      // Sessions may call it too (with CSRF).
      ok(await it_.post('/api/v1/backup-results', { ...body, startedAt: '2026-04-01T04:00:00Z', finishedAt: '2026-04-01T04:10:00Z' }), 201);
    });

    it('answers 401, 403, 404 and 400 as documented', async () => {
      const f = await facility();
      const emr = await asset(f, '電子カルテ');
      await createPlan(f, planBody(emr, { externalKey: 'job-1' }));
      const good = { facility: f.code, job: 'job-1', startedAt: '2026-04-01T00:00:00Z', finishedAt: '2026-04-01T00:30:00Z', status: 'success' };
      // No credentials at all: the API's CSRF rule for anonymous writes answers first (403); with the CSRF pair but
      // neither session nor token, 401.
      fails(await send(null, good), 403, 'CSRF_FAILED');
      const anon = await app.inject({ method: 'GET', url: '/api/v1/setup/status' });
      const csrf = anon.cookies.find((c) => c.name === 'mamori_csrf')!.value;
      fails(
        await app.inject({ method: 'POST', url: '/api/v1/backup-results', headers: { 'content-type': 'application/json', cookie: `mamori_csrf=${csrf}`, 'x-csrf-token': csrf }, payload: JSON.stringify(good) }),
        401,
        'UNAUTHENTICATED',
      );
      expect((await send('mamori_notavalidtoken', good)).statusCode).toBe(401);
      fails(await send(await token(it_, ['resilience:read']), good), 403, 'TOKEN_SCOPE');
      fails(await send(await token(auditor, ['resilience:write']), good), 403, 'FORBIDDEN');
      const t = await token(it_, ['resilience:write']);
      const unknown = await send(t, { ...good, job: 'job-404' });
      fails(unknown, 404, 'NOT_FOUND');
      expect(unknown.json()).toMatchObject({ error: { issues: [{ path: 'job', message: 'unknown_job', value: 'job-404' }] } });
      fails(await send(t, { ...good, facility: 'NOWHERE' }), 404, 'NOT_FOUND');
      fails(await send(t, { ...good, facility: B.code }), 404, 'NOT_FOUND');
      invalidWith(await send(t, { ...good, facility: undefined }), [{ path: 'facility', message: 'required' }]);
      invalidWith(await send(t, { ...good, startedAt: '2026-04-01 00:00' }), [{ path: 'body.startedAt' }]);
      invalidWith(await send(t, { ...good, status: 'ok' }), [{ path: 'body.status' }]);
      invalidWith(await send(t, { ...good, job: undefined }), [{ path: 'body.job', message: 'required' }]);
      invalidWith(await send(t, { ...good, extra: 1 }), [{ path: 'body' }]);
      invalidWith(await send(t, { ...good, finishedAt: '2026-03-31T23:00:00Z' }), [{ path: 'finishedAt', message: 'finished_before_started' }]);
      invalidWith(await send(t, { ...good, startedAt: iso(-D), finishedAt: iso(-D - H) }), [{ path: 'startedAt', message: 'in_the_future' }]);
      fails(await app.inject({ method: 'POST', url: '/api/v1/backup-results', headers: { 'content-type': 'application/json', authorization: `Bearer ${t}` }, payload: '{bad' }), 400, 'BAD_REQUEST');
    });
  });
});
