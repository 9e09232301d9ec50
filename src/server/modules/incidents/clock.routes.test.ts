import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseClocksDto, ClockOverviewDto, FilingDto } from '../../../shared/contracts/incident-clocks.contract.ts';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import { CURRENT_LEGAL_CLOCK_RULES, NO_FACTS } from '../../../shared/incidents/clock-rules.ts';
import { newId } from '../../lib/ids.ts';
import { buildTestApp, createTestEnv, DIALECTS, fails, makeFacility, makeUser, makeUsers, ok, signIn, type TestClient, type TestEnv } from '../../testing/harness.ts';
import { checkIncidentClocks } from './clock.service.ts';
import { insertTestCase } from './incident.test-support.ts';

/** 法定の報告期限 over HTTP on real databases: clocks of a case, filings, the overview, permissions and isolation. */
describe.each(DIALECTS)('incident clocks (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let B: TFacility;
  let C: TFacility;
  const c = {} as Record<'sm' | 'exec' | 'it' | 'staff' | 'auditor' | 'smB' | 'both', TestClient>;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    A = await makeFacility(env, 'KA', 'みなと試験病院');
    B = await makeFacility(env, 'KB', 'やま試験病院');
    C = await makeFacility(env, 'KC', 'うみ試験病院');
    const made = await makeUsers(env, {
      sm: ['sm@a.jp', 'security_manager', A.id],
      exec: ['exec@a.jp', 'executive', A.id],
      it: ['it@a.jp', 'it_staff', A.id],
      staff: ['staff@a.jp', 'staff', A.id],
      auditor: ['auditor@a.jp', 'auditor', A.id],
      smB: ['sm@b.jp', 'security_manager', B.id],
    });
    const both = await makeUser(env, 'both@bc.jp', [
      { role: 'it_staff', facilityId: B.id },
      { role: 'auditor', facilityId: C.id },
    ]);
    app = await buildTestApp(env);
    Object.assign(c, await signIn(app, env, { ...made, both }));
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const issues = (res: LightMyRequestResponse) => (res.json() as { error: { issues: { path: string; message: string }[] } }).error.issues;
  const clocks = async (id: string, client = c.sm) => ok<CaseClocksDto>(await client.get(`/api/v1/incidents/${id}/clocks`));
  const clock = (v: CaseClocksDto, ruleId: string) => v.clocks.find((x) => x.ruleId === ruleId);
  const file = (id: string, body: Record<string, unknown>, client = c.it) => client.post(`/api/v1/incidents/${id}/filings`, body);
  const auditOf = (entityType: string, entityId: string) =>
    env.deps.db.selectFrom('audit_log').select(['action', 'facility_id', 'before_json', 'after_json']).where('entity_type', '=', entityType).where('entity_id', '=', entityId).orderBy('seq').execute();
  // The test clock starts at 2026-04-01T01:00:00Z = 10:00 JST.
  const DISCOVERED = '2026-04-01T10:00:00+09:00';

  it('computes the clocks from the facts: PPC final report in 30 days, 60 with unauthorised access; JST day counting', async () => {
    const leak = await insertTestCase(env, A.id, { facts: { personalData: true, affectedCount: 12 }, discoveredAt: DISCOVERED });
    const v = await clocks(leak.id);
    expect(v).toMatchObject({ caseId: leak.id, discoveredAt: '2026-04-01T01:00:00.000Z', ruleSetVersion: CURRENT_LEGAL_CLOCK_RULES.version, note: null, otherFilings: [] });
    expect(v.clocks.map((x) => x.ruleId)).toEqual(['ppc.preliminary', 'ppc.final', 'data_subjects.notice', 'mhlw.report', 'prefecture.report']);
    expect(clock(v, 'ppc.final')).toMatchObject({
      authority: 'ppc',
      authorityLabel: { ja: '個人情報保護委員会' },
      kind: 'final',
      kindLabel: { ja: '確報' },
      dueAt: '2026-05-01T14:59:59.999Z',
      dueDateJst: '2026-05-01',
      soft: false,
      period: { unit: 'days', amount: 30 },
      status: { state: 'running', thresholdsCrossed: [], late: false, pastOuterBound: false },
      filing: null,
    });
    expect(clock(v, 'ppc.final')!.basis.ja).toContain('個人情報保護法第26条');
    // 速報: target end of day 3, outer bound end of day 5.
    expect(clock(v, 'ppc.preliminary')).toMatchObject({ dueDateJst: '2026-04-04', outerDueDateJst: '2026-04-06', soft: true });
    expect(clock(v, 'data_subjects.notice')).toMatchObject({ dueAt: null, status: { state: 'running', fraction: 0 } });
    expect(clock(v, 'mhlw.report')).toMatchObject({ dueAt: '2026-04-01T04:00:00.000Z', soft: true, verified: false });

    const access = await insertTestCase(env, A.id, { facts: { personalData: true, unauthorizedAccess: true, crimeSuspected: true }, discoveredAt: DISCOVERED });
    const w = await clocks(access.id);
    expect(clock(w, 'ppc.final')).toMatchObject({ dueAt: '2026-05-31T14:59:59.999Z', dueDateJst: '2026-05-31', period: { unit: 'days', amount: 60 } });
    expect(clock(w, 'police.report')).toBeDefined();

    // Discovered 40 days ago: the 30-day clock is overdue and past every threshold.
    const old = await insertTestCase(env, A.id, { facts: { personalData: true }, discoveredAt: '2026-02-20T09:00:00+09:00' });
    const o = await clocks(old.id, c.auditor);
    expect(clock(o, 'ppc.final')!.status).toMatchObject({ state: 'overdue', fraction: 1, thresholdsCrossed: [50, 80, 100], late: false });
    expect(clock(o, 'ppc.preliminary')!.status.pastOuterBound).toBe(true);
  });

  it('says so when the facts leave no clock running', async () => {
    const quiet = await insertTestCase(env, A.id, { category: 'ddos', discoveredAt: DISCOVERED });
    const v = await clocks(quiet.id, c.exec);
    expect(v.clocks).toEqual([]);
    expect(v.note?.ja).toContain('報告期限は発生していません');
    expect(v.note?.en).toContain('no legal reporting deadline');
  });

  it('a filing stops its clock, is audited and written to the timeline; deleting it restarts the clock', async () => {
    const k = await insertTestCase(env, A.id, { facts: { personalData: true, unauthorizedAccess: true }, discoveredAt: '2026-03-01T08:00:00+09:00' });
    const before = clock(await clocks(k.id), 'ppc.preliminary')!;
    expect(before.status.state).toBe('overdue');

    const filed = ok<FilingDto>(await file(k.id, { ruleId: 'ppc.preliminary', filedAt: '2026-03-03T17:30:00+09:00', reference: ' 受付番号 R8-000123 ', note: 'Web フォームで送信' }), 201);
    expect(filed).toMatchObject({ caseId: k.id, ruleId: 'ppc.preliminary', filedAt: '2026-03-03T08:30:00.000Z', reference: '受付番号 R8-000123', note: 'Web フォームで送信', createdBy: { name: 'it' } });
    const after = await clocks(k.id, c.auditor);
    expect(clock(after, 'ppc.preliminary')).toMatchObject({ status: { state: 'filed', late: false, pastOuterBound: false }, filing: { id: filed.id } });
    // The filing stopped it on day 2: the share is frozen there however late it is now.
    expect(clock(after, 'ppc.preliminary')!.status.thresholdsCrossed).toEqual([50]);
    expect(clock(after, 'ppc.final')!.status.state).toBe('running');

    const timeline = await env.deps.db.selectFrom('incident_timeline').selectAll().where('case_id', '=', k.id).execute();
    expect(timeline).toEqual([expect.objectContaining({ kind: 'filing', occurred_at: '2026-03-03T08:30:00.000Z', time_zone: 'Asia/Tokyo' })]);
    expect(timeline[0]!.text).toContain('個人情報保護委員会への速報');
    expect(timeline[0]!.text).toContain('受付番号 R8-000123');
    expect(await auditOf('incident_filing', filed.id)).toEqual([expect.objectContaining({ action: 'create', facility_id: A.id })]);

    // One filing per clock; a late filing is marked late.
    fails(await file(k.id, { ruleId: 'ppc.preliminary', filedAt: '2026-03-04T09:00:00+09:00' }), 409, 'INVALID_STATE');
    const late = ok<FilingDto>(await file(k.id, { ruleId: 'mhlw.report', filedAt: '2026-03-02T09:00:00+09:00' }), 201);
    expect(clock(await clocks(k.id), 'mhlw.report')!.status).toMatchObject({ state: 'filed', late: true });

    // Removing a filing needs incident.manage; the clock then runs (here: overdue) again.
    fails(await c.it.delete(`/api/v1/incident-filings/${filed.id}`), 403, 'FORBIDDEN');
    fails(await c.smB.delete(`/api/v1/incident-filings/${filed.id}`), 404, 'NOT_FOUND');
    ok(await c.sm.delete(`/api/v1/incident-filings/${filed.id}`));
    const again = await clocks(k.id);
    expect(clock(again, 'ppc.preliminary')).toMatchObject({ status: { state: 'overdue' }, filing: null });
    expect(clock(again, 'mhlw.report')!.filing?.id).toBe(late.id);
    expect((await auditOf('incident_filing', filed.id)).map((a) => a.action)).toEqual(['create', 'delete']);
    fails(await c.sm.delete(`/api/v1/incident-filings/${filed.id}`), 404, 'NOT_FOUND');
    const entries = await env.deps.db.selectFrom('incident_timeline').select(['kind', 'text']).where('case_id', '=', k.id).orderBy('created_at').execute();
    expect(entries.at(-1)).toMatchObject({ kind: 'filing', text: expect.stringContaining('取り消しました') });
  });

  it('checks a filing: a running clock, a time with an offset, not in the future, not before discovery; open cases only', async () => {
    const k = await insertTestCase(env, A.id, { facts: { personalData: true }, discoveredAt: DISCOVERED });
    const bad = await file(k.id, { ruleId: 'police.report', filedAt: DISCOVERED });
    fails(bad, 400, 'VALIDATION_FAILED');
    expect(issues(bad)).toEqual([{ path: 'ruleId', message: 'clock_not_running' }]);
    const future = await file(k.id, { ruleId: 'ppc.preliminary', filedAt: new Date(env.clock.now().getTime() + 1000).toISOString() });
    expect(issues(future)).toEqual([{ path: 'filedAt', message: 'in_future' }]);
    const early = await file(k.id, { ruleId: 'ppc.preliminary', filedAt: '2026-04-01T09:59:59+09:00' });
    expect(issues(early)).toEqual([{ path: 'filedAt', message: 'before_discovery' }]);
    fails(await file(k.id, { ruleId: 'ppc.preliminary', filedAt: '2026-04-01T10:00:00' }), 400, 'VALIDATION_FAILED');
    fails(await file(k.id, { ruleId: 'ppc.preliminary', filedAt: DISCOVERED, extra: 1 }), 400, 'VALIDATION_FAILED');

    // Permissions: incident.write files (security manager, IT staff); executives and auditors read; staff nothing.
    fails(await file(k.id, { ruleId: 'ppc.preliminary', filedAt: DISCOVERED }, c.exec), 403, 'FORBIDDEN');
    fails(await file(k.id, { ruleId: 'ppc.preliminary', filedAt: DISCOVERED }, c.auditor), 403, 'FORBIDDEN');
    fails(await c.staff.get(`/api/v1/incidents/${k.id}/clocks`), 403, 'FORBIDDEN');
    fails(await c.smB.get(`/api/v1/incidents/${k.id}/clocks`), 404, 'NOT_FOUND');
    fails(await file(k.id, { ruleId: 'ppc.preliminary', filedAt: DISCOVERED }, c.smB), 404, 'NOT_FOUND');
    ok(await file(k.id, { ruleId: 'ppc.preliminary', filedAt: DISCOVERED }, c.sm), 201);

    const closed = await insertTestCase(env, A.id, { facts: { personalData: true }, discoveredAt: DISCOVERED, status: 'closed' });
    fails(await file(closed.id, { ruleId: 'ppc.preliminary', filedAt: DISCOVERED }), 409, 'INVALID_STATE');
    fails(await c.sm.get(`/api/v1/incidents/${newId()}/clocks`), 404, 'NOT_FOUND');
  });

  it('a clock whose facts no longer hold keeps its filing aside', async () => {
    const k = await insertTestCase(env, A.id, { facts: { crimeSuspected: true }, discoveredAt: DISCOVERED });
    ok(await file(k.id, { ruleId: 'police.report', filedAt: DISCOVERED }), 201);
    await env.deps.db.updateTable('incident_cases').set({ facts: JSON.stringify(NO_FACTS) }).where('id', '=', k.id).execute();
    const v = await clocks(k.id);
    expect(v.clocks).toEqual([]);
    expect(v.otherFilings).toEqual([expect.objectContaining({ ruleId: 'police.report' })]);
  });

  it('the overview lists open deadlines over the facilities the caller reads, soonest first', async () => {
    const b1 = await insertTestCase(env, B.id, { title: 'B の漏えい', facts: { personalData: true }, discoveredAt: '2026-03-25T12:00:00+09:00' });
    const c1 = await insertTestCase(env, C.id, { title: 'C の保険', facts: { insured: { reportWithinHours: 48 } }, discoveredAt: DISCOVERED });
    await insertTestCase(env, C.id, { facts: { personalData: true }, discoveredAt: DISCOVERED, status: 'closed' });
    ok(await file(b1.id, { ruleId: 'mhlw.report', filedAt: '2026-03-25T13:00:00+09:00' }, c.smB), 201);

    const mine = ok<ClockOverviewDto>(await c.both.get('/api/v1/incident-clocks'));
    const keys = mine.items.map((i) => `${i.case.facility.code}:${i.case.number}:${i.ruleId}`);
    expect(new Set(mine.items.map((i) => i.case.facility.code))).toEqual(new Set(['KB', 'KC']));
    // Filed clocks and closed cases are not listed.
    expect(keys).not.toContain(`KB:${mine.items.find((i) => i.case.id === b1.id)!.case.number}:mhlw.report`);
    expect(mine.items.filter((i) => i.case.facility.code === 'KC').map((i) => i.case.id)).toEqual([c1.id]);
    // Soonest first, clocks without a due time last.
    const dues = mine.items.map((i) => i.dueAt);
    const withDue = dues.filter((d): d is string => d !== null);
    expect(withDue).toEqual([...withDue].sort());
    expect(dues.indexOf(null)).toBeGreaterThan(dues.lastIndexOf(withDue.at(-1)!));
    const first = mine.items[0]!;
    expect(first).toMatchObject({ case: { id: b1.id, title: 'B の漏えい', facility: { id: B.id, name: 'やま試験病院', code: 'KB' } }, ruleId: 'prefecture.report', status: { state: 'overdue' } });
    expect(first.case.number).toMatch(/^INC-2026-\d{4}$/);

    const onlyC = ok<ClockOverviewDto>(await c.both.get(`/api/v1/incident-clocks?facilityId=${C.id}`));
    expect(onlyC.items.map((i) => i.ruleId)).toEqual(['insurer.notice']);
    expect(onlyC.items[0]).toMatchObject({ authority: 'insurer', kind: 'notice', dueAt: '2026-04-03T01:00:00.000Z', status: { state: 'running' } });

    const a = ok<ClockOverviewDto>(await c.auditor.get('/api/v1/incident-clocks'));
    expect(a.items.every((i) => i.case.facility.id === A.id)).toBe(true);
    expect(a.items.length).toBeGreaterThan(0);
    fails(await c.sm.get(`/api/v1/incident-clocks?facilityId=${B.id}`), 403, 'FORBIDDEN');
    fails(await c.staff.get('/api/v1/incident-clocks'), 403, 'FORBIDDEN');
  });
});

/** The notification job with an injected clock: each threshold once, nothing for filed clocks or closed cases. */
describe.each(DIALECTS)('incident clock notifications (%s)', (dialect) => {
  let env: TestEnv;
  let F: TFacility;
  let G: TFacility;
  const ids = {} as Record<'sm' | 'exec' | 'it' | 'smG', string>;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    F = await makeFacility(env, 'NF');
    G = await makeFacility(env, 'NG');
    ids.sm = (await makeUser(env, 'sm@f.jp', [{ role: 'security_manager', facilityId: F.id }])).id;
    ids.exec = (await makeUser(env, 'exec@f.jp', [{ role: 'executive', facilityId: F.id }])).id;
    ids.it = (await makeUser(env, 'it@f.jp', [{ role: 'it_staff', facilityId: F.id }])).id;
    ids.smG = (await makeUser(env, 'sm@g.jp', [{ role: 'security_manager', facilityId: G.id }])).id;
  });
  afterAll(async () => {
    await env?.close();
  });

  const notes = () => env.deps.db.selectFrom('notifications').select(['user_id', 'kind', 'dedupe_key', 'link', 'params', 'facility_id']).orderBy('created_at').orderBy('dedupe_key').orderBy('user_id').execute();

  it('notifies the security manager and the executive at 50 %, 80 % and overdue, once each', async () => {
    const start = env.clock.now();
    const at = (hours: number) => env.clock.set(new Date(start.getTime() + hours * 3_600_000));
    // The insurer wants a report within 10 hours: the only clock of the case.
    const k = await insertTestCase(env, F.id, { title: 'ランサムウェア感染', facts: { insured: { reportWithinHours: 10 } } });
    // Filed already, and a closed case: neither notifies.
    const filed = await insertTestCase(env, F.id, { facts: { insured: { reportWithinHours: 10 } } });
    await env.deps.db.insertInto('incident_filings').values({ id: newId(), case_id: filed.id, rule_id: 'insurer.notice', filed_at: start.toISOString(), reference: null, note: null, created_by: null, created_at: start.toISOString() }).execute();
    await insertTestCase(env, G.id, { facts: { insured: { reportWithinHours: 10 } }, status: 'closed' });

    expect(await checkIncidentClocks(env.deps)).toEqual({ cases: 2, clocks: 1, notifications: 0 });
    at(4.99);
    expect((await checkIncidentClocks(env.deps)).notifications).toBe(0);
    at(5);
    expect(await checkIncidentClocks(env.deps)).toEqual({ cases: 2, clocks: 1, notifications: 2 });
    expect(await checkIncidentClocks(env.deps)).toMatchObject({ notifications: 0 });
    const first = await notes();
    expect(first.map((n) => [n.user_id, n.kind, n.dedupe_key])).toEqual(
      expect.arrayContaining([
        [ids.sm, 'incident.clock_50', `clock:${k.id}:insurer.notice:50`],
        [ids.exec, 'incident.clock_50', `clock:${k.id}:insurer.notice:50`],
      ]),
    );
    expect(first).toHaveLength(2);
    expect(first[0]).toMatchObject({ facility_id: F.id, link: `/incidents/cases/${k.id}` });
    expect(JSON.parse(first[0]!.params)).toMatchObject({ caseId: k.id, caseNumber: expect.stringMatching(/^INC-2026-000\d$/), caseTitle: 'ランサムウェア感染', ruleId: 'insurer.notice', threshold: 50, labelJa: '保険会社への事故報告', dueAt: '2026-04-01T11:00:00.000Z' });

    at(8);
    expect((await checkIncidentClocks(env.deps)).notifications).toBe(2);
    at(9.5);
    expect((await checkIncidentClocks(env.deps)).notifications).toBe(0);
    at(10);
    // Exactly at the due time the clock is not overdue yet.
    expect((await checkIncidentClocks(env.deps)).notifications).toBe(0);
    at(10.01);
    expect((await checkIncidentClocks(env.deps)).notifications).toBe(2);
    at(30);
    expect((await checkIncidentClocks(env.deps)).notifications).toBe(0);
    const all = await notes();
    expect(all.map((n) => n.kind).sort()).toEqual(['incident.clock_50', 'incident.clock_50', 'incident.clock_80', 'incident.clock_80', 'incident.clock_overdue', 'incident.clock_overdue']);
    expect(all.some((n) => n.user_id === ids.it || n.user_id === ids.smG)).toBe(false);
    expect(all.some((n) => n.dedupe_key.includes(filed.id))).toBe(false);
  });

  it('a clock first seen past several thresholds notifies only the highest', async () => {
    const k = await insertTestCase(env, G.id, { facts: { crimeSuspected: true }, discoveredAt: new Date(env.clock.now().getTime() - 30 * 3_600_000).toISOString() });
    const r = await checkIncidentClocks(env.deps);
    expect(r.notifications).toBe(1);
    const mine = (await notes()).filter((n) => n.dedupe_key.startsWith(`clock:${k.id}:`));
    expect(mine.map((n) => [n.user_id, n.kind, n.dedupe_key])).toEqual([[ids.smG, 'incident.clock_overdue', `clock:${k.id}:police.report:100`]]);
    expect((await checkIncidentClocks(env.deps)).notifications).toBe(0);
  });
});
