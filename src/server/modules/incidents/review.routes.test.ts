import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentReviewDto } from '../../../shared/contracts/incident-evidence.contract.ts';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import { newId } from '../../lib/ids.ts';
import { buildTestApp, createTestEnv, DIALECTS, fails, makeFacility, makeUsers, ok, signIn, type TestClient, type TestEnv } from '../../testing/harness.ts';
import { insertTestCase } from './incident.test-support.ts';
import { reviewCompletedAt } from './review.service.ts';

/** 事後対応・再発防止 over HTTP on real databases: the review, its completion, lessons turned into actions, permissions. */
describe.each(DIALECTS)('after-incident review (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let sm: TestClient;
  let exec: TestClient;
  let it_: TestClient;
  let auditor: TestClient;
  let staff: TestClient;
  let smB: TestClient;
  let itUserId: string;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    A = await makeFacility(env, 'RA');
    const B = await makeFacility(env, 'RB');
    const made = await makeUsers(env, {
      sm: ['sm@rv.jp', 'security_manager', A.id],
      exec: ['exec@rv.jp', 'executive', A.id],
      it: ['it@rv.jp', 'it_staff', A.id],
      auditor: ['auditor@rv.jp', 'auditor', A.id],
      staff: ['staff@rv.jp', 'staff', A.id],
      smB: ['sm@rvb.jp', 'security_manager', B.id],
    });
    itUserId = made.it.id;
    app = await buildTestApp(env);
    ({ sm, exec, it: it_, auditor, staff, smB } = await signIn(app, env, made));
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const makeCase = async () =>
    (await insertTestCase(env, A.id, { title: 'USB メモリの紛失', category: 'data_leak_loss', severity: 'medium', phase: 'recovery', discoveredAt: '2026-03-10T01:00:00Z' })).id;
  const url = (caseId: string, suffix = '') => `/api/v1/incidents/${caseId}/review${suffix}`;
  const put = (c: TestClient, caseId: string, body: unknown) => c.request('PUT', url(caseId), body);
  const auditOf = (caseId: string) => env.deps.db.selectFrom('audit_log').select(['action', 'before_json', 'after_json']).where('entity_type', '=', 'incident_review').where('entity_id', '=', caseId).orderBy('seq').execute();

  it('writes, guards against stale edits, completes once and then stays as it is', async () => {
    const caseId = await makeCase();
    const empty = ok<IncidentReviewDto>(await auditor.get(url(caseId)));
    expect(empty).toEqual({ caseId, wentWell: null, wentWrong: null, lessons: null, rootCause: null, completedAt: null, updatedBy: null, updatedAt: null, actions: [] });

    const first = ok<IncidentReviewDto>(await put(sm, caseId, { wentWell: '連絡体制図どおりに10分で院長まで連絡できた', rootCause: '暗号化されていない私物 USB の持ち出し', expectedUpdatedAt: null }));
    expect(first).toMatchObject({ wentWell: '連絡体制図どおりに10分で院長まで連絡できた', wentWrong: null, rootCause: '暗号化されていない私物 USB の持ち出し', updatedBy: { name: 'sm' } });
    env.clock.advance(1000);
    const second = ok<IncidentReviewDto>(await put(exec, caseId, { wentWrong: '個人情報保護委員会への速報の準備が遅れた', lessons: '持ち出し用に暗号化 USB を配備する', expectedUpdatedAt: first.updatedAt }));
    expect(second).toMatchObject({ wentWell: first.wentWell, wentWrong: '個人情報保護委員会への速報の準備が遅れた', updatedBy: { name: 'exec' } });
    fails(await put(sm, caseId, { lessons: '古い版から', expectedUpdatedAt: first.updatedAt }), 409, 'CONFLICT');
    fails(await put(sm, caseId, { lessons: 'x', expectedUpdatedAt: null }), 409, 'CONFLICT');

    env.clock.advance(1000);
    const done = ok<IncidentReviewDto>(await sm.post(url(caseId, '/complete')));
    expect(done.completedAt).toBe(env.clock.now().toISOString());
    expect(await reviewCompletedAt(env.deps.db, caseId)).toBe(done.completedAt);
    fails(await put(sm, caseId, { lessons: '後から' }), 409, 'INVALID_STATE');
    fails(await sm.post(url(caseId, '/complete')), 409, 'INVALID_STATE');

    expect((await auditOf(caseId)).map((a) => a.action)).toEqual(['create', 'update', 'complete']);
    const update = (await auditOf(caseId))[1]!;
    expect(JSON.parse(update.before_json!)).toEqual({ wentWrong: null, lessons: null });
    expect(JSON.parse(update.after_json!)).toEqual({ wentWrong: '個人情報保護委員会への速報の準備が遅れた', lessons: '持ち出し用に暗号化 USB を配備する' });
    const timeline = await env.deps.db.selectFrom('incident_timeline').select(['kind', 'text']).where('case_id', '=', caseId).execute();
    expect(timeline).toEqual([{ kind: 'system', text: expect.stringContaining('事後レビューを完了') }]);
  });

  it('needs the lessons before completing', async () => {
    const caseId = await makeCase();
    fails(await sm.post(url(caseId, '/complete')), 400, 'VALIDATION_FAILED');
    ok(await put(sm, caseId, { wentWell: 'x' }));
    const res = await sm.post(url(caseId, '/complete'));
    fails(res, 400, 'VALIDATION_FAILED');
    expect((res.json() as { error: { issues: unknown[] } }).error.issues).toEqual([{ path: 'lessons', message: 'required' }]);
  });

  it('turns lessons into actions linked to the case', async () => {
    const caseId = await makeCase();
    const r = ok<IncidentReviewDto>(await exec.post(url(caseId, '/actions'), { title: '暗号化 USB を各部署に配備', ownerUserId: itUserId, dueOn: '2026-06-30' }), 201);
    expect(r.actions).toEqual([{ id: expect.any(String), title: '暗号化 USB を各部署に配備', status: 'open', dueOn: '2026-06-30', overdue: false }]);
    const row = await env.deps.db.selectFrom('actions').selectAll().where('id', '=', r.actions[0]!.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ facility_id: A.id, source_type: 'incident', source_id: caseId, source_ref: 'review', owner_user_id: itUserId, status: 'open' });
    expect(row.source_label).toMatch(/^INC-2026-\d{4} USB メモリの紛失$/);
    // The owner must be someone of the facility.
    fails(await sm.post(url(caseId, '/actions'), { title: 'x', ownerUserId: newId() }), 400, 'VALIDATION_FAILED');
    expect(ok<IncidentReviewDto>(await auditor.get(url(caseId))).actions).toHaveLength(1);
  });

  it('reads with incident.read, writes with incident.review; other facilities see nothing', async () => {
    const caseId = await makeCase();
    ok(await it_.get(url(caseId)));
    fails(await staff.get(url(caseId)), 403, 'FORBIDDEN');
    fails(await put(it_, caseId, { lessons: 'x' }), 403, 'FORBIDDEN');
    fails(await auditor.post(url(caseId, '/complete')), 403, 'FORBIDDEN');
    fails(await it_.post(url(caseId, '/actions'), { title: 'x' }), 403, 'FORBIDDEN');
    fails(await smB.get(url(caseId)), 404, 'NOT_FOUND');
    fails(await put(smB, caseId, { lessons: 'x' }), 404, 'NOT_FOUND');
    fails(await sm.get(url(newId())), 404, 'NOT_FOUND');
  });
});
