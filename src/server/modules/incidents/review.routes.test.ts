import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentReviewDto } from '../../../shared/contracts/incident-evidence.contract.ts';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import { CURRENT_LEGAL_CLOCK_RULES, NO_FACTS } from '../../../shared/incidents/clock-rules.ts';
import { newId } from '../../lib/ids.ts';
import { buildTestApp, createTestEnv, DIALECTS, makeFacility, makeUser, TestClient, type TestEnv } from '../../testing/harness.ts';
import { insertCaseRow } from './case.repository.ts';
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
  let n = 0;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    A = await makeFacility(env, 'RA');
    const B = await makeFacility(env, 'RB');
    await makeUser(env, 'sm@rv.jp', [{ role: 'security_manager', facilityId: A.id }]);
    await makeUser(env, 'exec@rv.jp', [{ role: 'executive', facilityId: A.id }]);
    itUserId = (await makeUser(env, 'it@rv.jp', [{ role: 'it_staff', facilityId: A.id }])).id;
    await makeUser(env, 'auditor@rv.jp', [{ role: 'auditor', facilityId: A.id }]);
    await makeUser(env, 'staff@rv.jp', [{ role: 'staff', facilityId: A.id }]);
    await makeUser(env, 'sm@rvb.jp', [{ role: 'security_manager', facilityId: B.id }]);
    app = await buildTestApp(env);
    const login = async (email: string) => {
      const c = new TestClient(app, env);
      await c.login(email);
      return c;
    };
    sm = await login('sm@rv.jp');
    exec = await login('exec@rv.jp');
    it_ = await login('it@rv.jp');
    auditor = await login('auditor@rv.jp');
    staff = await login('staff@rv.jp');
    smB = await login('sm@rvb.jp');
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const ok = <T>(res: LightMyRequestResponse, status = 200): T => {
    expect(res.statusCode, res.body).toBe(status);
    return res.json() as T;
  };
  const fails = (res: LightMyRequestResponse, status: number, code: string) => {
    expect(`${res.statusCode} ${(res.json() as { error?: { code?: string } }).error?.code}`, res.body).toBe(`${status} ${code}`);
  };
  const makeCase = async () => {
    const now = env.clock.now().toISOString();
    const id = newId();
    await insertCaseRow(env.deps.db, {
      id,
      facility_id: A.id,
      seq: ++n,
      title: 'USB メモリの紛失',
      category: 'data_leak_loss',
      severity: 'medium',
      tlp: 'amber',
      phase: 'recovery',
      status: 'open',
      discovered_at: '2026-03-10T01:00:00Z',
      facts: JSON.stringify(NO_FACTS),
      clock_rules_version: CURRENT_LEGAL_CLOCK_RULES.version,
      summary: JSON.stringify({ who: '', what: '', when: '', where: '', why: '', how: '' }),
      description: null,
      playbook_id: null,
      playbook_version: null,
      created_by: null,
      created_at: now,
      updated_at: now,
      closed_at: null,
    });
    return id;
  };
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
