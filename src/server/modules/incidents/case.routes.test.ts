import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetailDto, CasePageDto, CaseTaskDto, TeamMemberDto } from '../../../shared/contracts/incident-cases.contract.ts';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import { CURRENT_LEGAL_CLOCK_RULES, NO_FACTS } from '../../../shared/incidents/clock-rules.ts';
import { CASE_PHASES, caseNumberLabel } from '../../../shared/incidents/cases.ts';
import { AppError } from '../../../shared/errors.ts';
import { newId } from '../../lib/ids.ts';
import { buildTestApp, createTestEnv, DIALECTS, fails, grantRoles, idsOf, invalidWith, makeFacility, makeUsers, ok, signIn, SYSTEM, type TestClient, type TestEnv } from '../../testing/harness.ts';
import { createCaseTx, type CaseOpenInput } from './case.service.ts';
import { playbookFor } from './playbooks.ts';
import { listTimelineRows } from './timeline.repository.ts';

/** インシデント案件 over HTTP on real databases: opening, the list, the detail, edits, phases, close/reopen, tasks, 対策本部. */
describe.each(DIALECTS)('incident cases (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let B: TFacility;
  let sm: TestClient;
  let it_: TestClient;
  let exec: TestClient;
  let auditor: TestClient;
  let staff: TestClient;
  let smB: TestClient;
  let n = 0;
  const users = {} as Record<'sm' | 'it' | 'exec' | 'auditor' | 'staff' | 'vendor' | 'smB', string>;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    env.clock.set(new Date('2027-01-04T00:00:00Z'));
    A = await makeFacility(env, 'IA', 'みなと試験病院');
    B = await makeFacility(env, 'IB');
    const made = await makeUsers(env, {
      sm: ['sm@a.jp', 'security_manager', A.id],
      it: ['it@a.jp', 'it_staff', A.id],
      exec: ['exec@a.jp', 'executive', A.id],
      auditor: ['auditor@a.jp', 'auditor', A.id],
      staff: ['staff@a.jp', 'staff', A.id],
      vendor: ['vendor@a.jp', 'vendor', A.id],
      smB: ['sm@b.jp', 'security_manager', B.id],
    });
    Object.assign(users, idsOf(made));
    app = await buildTestApp(env);
    ({ sm, it: it_, exec, auditor, staff, smB } = await signIn(app, env, made, ['sm', 'it', 'exec', 'auditor', 'staff', 'smB']));
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  /** A fresh facility where the test's A users hold their roles too (lists start empty). */
  const facility = async () => {
    const f = await makeFacility(env, `IX${++n}`);
    await grantRoles(env, f.id, [
      [users.sm, 'security_manager'],
      [users.it, 'it_staff'],
      [users.exec, 'executive'],
      [users.auditor, 'auditor'],
      [users.staff, 'staff'],
      [users.vendor, 'vendor'],
    ]);
    return f;
  };
  const listUrl = (f: TFacility, query = '') => `/api/v1/facilities/${f.id}/incidents${query}`;
  const open = async (f: TFacility, body: Record<string, unknown>, c = sm) => ok<CaseDetailDto>(await c.post(listUrl(f), { discoveredAt: '2026-11-30T01:00:00Z', ...body }), 201);
  const detail = async (id: string, c = sm) => ok<CaseDetailDto>(await c.get(`/api/v1/incidents/${id}`));
  const list = async (f: TFacility, query = '', c = sm) => ok<CasePageDto>(await c.get(listUrl(f, query)));
  const timelineOf = (caseId: string) => listTimelineRows(env.deps.db, caseId);
  const auditOf = (entityId: string) =>
    env.deps.db.selectFrom('audit_log').select(['entity_type', 'action', 'before_json', 'after_json', 'facility_id']).where('entity_id', '=', entityId).orderBy('seq').execute();
  const allTasks = (c: CaseDetailDto) => c.tasks.flatMap((g) => g.items);

  it('opens a case with defaults, facts over "no facts", the playbook tasks, a timeline entry and an audit event', async () => {
    const f = await facility();
    // 01:30 JST on 1 January 2027: the number carries the JST year of discovery.
    const c = await open(f, { title: '電子カルテ端末に脅迫文', category: 'ransomware', discoveredAt: '2026-12-31T16:30:00Z', facts: { careDisrupted: true, crimeSuspected: true } });
    expect(c).toMatchObject({
      facilityId: f.id,
      seq: 1,
      number: 'INC-2027-0001',
      title: '電子カルテ端末に脅迫文',
      category: 'ransomware',
      severity: 'critical',
      tlp: 'amber',
      phase: 'detection',
      status: 'open',
      discoveredAt: '2026-12-31T16:30:00.000Z',
      facts: { ...NO_FACTS, careDisrupted: true, crimeSuspected: true },
      clockRulesVersion: CURRENT_LEGAL_CLOCK_RULES.version,
      summary: { who: '', what: '', when: '', where: '', why: '', how: '' },
      description: null,
      createdBy: { id: users.sm, name: 'sm' },
      closedAt: null,
      team: [],
      reportIds: [],
    });
    expect(c.tasks.map((g) => g.phase)).toEqual([...CASE_PHASES]);

    // The playbook's steps, copied in item order with positions per phase.
    const playbook = await playbookFor(env.deps.db, f.id, 'ransomware');
    expect(c.playbook).toEqual({ id: playbook.id, version: playbook.version });
    expect(playbook.items.length).toBeGreaterThan(0);
    for (const phase of CASE_PHASES) {
      const expected = playbook.items.filter((i) => i.phase === phase);
      const got = c.tasks.find((g) => g.phase === phase)!;
      expect(got.items.map((t) => [t.playbookItemId, t.title.ja, t.title.en, t.ownerRole, t.position])).toEqual(expected.map((i, k) => [i.id, i.title.ja, i.title.en, i.ownerRole, k + 1]));
      expect(got.open).toBe(expected.length);
    }
    expect(allTasks(c).every((t) => !t.done && t.owner === null && t.doneBy === null)).toBe(true);

    const entries = await timelineOf(c.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'system', time_zone: 'Asia/Tokyo', created_by: users.sm });
    expect(entries[0]!.text).toContain('INC-2027-0001');
    expect(entries[0]!.text).toContain('2027-01-01 01:30');

    const audit = await auditOf(c.id);
    expect(audit.map((a) => [a.entity_type, a.action, a.facility_id])).toEqual([['incident_case', 'create', f.id]]);
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ title: '電子カルテ端末に脅迫文', severity: 'critical', playbook: { id: playbook.id, tasks: playbook.items.length } });

    // Other categories default to medium; severity, TLP, summary and description as given; numbers go on.
    const m = await open(f, { title: 'Emotet 感染の疑い', category: 'malware', tlp: 'red', summary: { what: '不審メールの添付を開いた', where: '医事課' }, description: '  経緯は調査中  ' }, it_);
    expect(m).toMatchObject({ seq: 2, number: 'INC-2026-0002', severity: 'medium', tlp: 'red', description: '経緯は調査中', summary: { what: '不審メールの添付を開いた', where: '医事課', who: '' } });
    const h = await open(f, { title: '不正ログイン', category: 'unauthorized_access', severity: 'high', discoveredAt: '2026-11-30T10:00:00+09:00' });
    expect(h).toMatchObject({ seq: 3, severity: 'high', discoveredAt: '2026-11-30T01:00:00.000Z' });
  });

  it('numbers cases opened at the same instant one after the other (two people triaging at once)', async () => {
    const f = await facility();
    const opened = await Promise.all(Array.from({ length: 6 }, (_, i) => open(f, { title: `同時-${i}`, category: 'other' }, i % 2 === 0 ? sm : it_)));
    expect(opened.map((c) => c.seq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('refuses invalid input with field issues, also from createCaseTx', async () => {
    const f = await facility();
    invalidWith(await sm.post(listUrl(f), { title: 'x', category: 'ransomware', discoveredAt: '2026-11-30T10:00:00' }), [{ path: 'body.discoveredAt', message: 'iso_with_offset' }]);
    invalidWith(await sm.post(listUrl(f), { title: ' ', category: 'ransomware', discoveredAt: '2026-11-30T10:00:00Z' }), [{ path: 'body.title' }]);
    invalidWith(await sm.post(listUrl(f), { title: 'x', category: 'earthquake', discoveredAt: '2026-11-30T10:00:00Z' }), [{ path: 'body.category' }]);
    invalidWith(await sm.post(listUrl(f), { title: 'x', category: 'other', discoveredAt: '2026-11-30T10:00:00Z', facts: { affectedCount: -1 } }), [{ path: 'body.facts.affectedCount' }]);
    invalidWith(await sm.post(listUrl(f), { title: 'x', category: 'other', discoveredAt: '2026-11-30T10:00:00Z', facts: { unknownFact: true } }), [{ path: 'body.facts' }]);

    const bad = { title: 'x', category: 'other', discoveredAt: 'yesterday' } as CaseOpenInput;
    const error = await env.deps.db
      .transaction()
      .execute((trx) => createCaseTx(env.deps, trx, SYSTEM, f.id, bad))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', issues: expect.arrayContaining([expect.objectContaining({ path: 'discoveredAt', message: 'iso_with_offset' })]) });
    expect((await list(f)).total).toBe(0);

    // The CLI (no user): created_by stays empty.
    const made = await env.deps.db.transaction().execute((trx) => createCaseTx(env.deps, trx, SYSTEM, f.id, { title: 'CLIから', category: 'other', discoveredAt: '2026-11-29T00:00:00Z', facts: { personalData: true, affectedCount: 1200 } }));
    expect(made.seq).toBe(1);
    expect(await detail(made.id)).toMatchObject({ createdBy: null, facts: { personalData: true, affectedCount: 1200, leakSuspected: false } });
  });

  it('lists with filters, search by text and number, pagination, newest discovery first and open task counts', async () => {
    const f = await facility();
    const a = await open(f, { title: 'USBメモリの紛失', category: 'data_leak_loss', discoveredAt: '2026-10-01T00:00:00Z', severity: 'low' });
    const b = await open(f, { title: '暗号化されたファイルサーバ', category: 'ransomware', discoveredAt: '2026-11-20T00:00:00Z' });
    const c = await open(f, { title: 'FAX誤送信', category: 'misdirected_mail', discoveredAt: '2026-11-25T00:00:00Z', description: '紹介状を別の医院へ' });
    const d = await open(f, { title: 'Webサイトへの DDoS', category: 'ddos', discoveredAt: '2026-11-10T00:00:00Z', severity: 'high' });
    ok(await sm.post(`/api/v1/incidents/${a.id}/close`, {}));
    ok(await sm.post(`/api/v1/incidents/${d.id}/phase`, { phase: 'investigation' }));

    const all = await list(f);
    expect(all).toMatchObject({ total: 4, page: 1, pageSize: 50 });
    expect(all.items.map((i) => i.id)).toEqual([c.id, b.id, d.id, a.id]);
    const item = all.items.find((i) => i.id === b.id)!;
    expect(item).toMatchObject({ seq: 2, number: 'INC-2026-0002', category: 'ransomware', severity: 'critical', tlp: 'amber', phase: 'detection', status: 'open', discoveredAt: '2026-11-20T00:00:00.000Z', closedAt: null });
    expect(item.tasks).toEqual({ open: allTasks(b).length, total: allTasks(b).length });

    // Tick one task off: the open count drops.
    const first = allTasks(b)[0]!;
    ok(await sm.patch(`/api/v1/incident-tasks/${first.id}`, { done: true }));
    expect((await list(f)).items.find((i) => i.id === b.id)!.tasks).toEqual({ open: allTasks(b).length - 1, total: allTasks(b).length });

    const ids = async (query: string) => (await list(f, query)).items.map((i) => i.id);
    expect(await ids('?status=open')).toEqual([c.id, b.id, d.id]);
    expect(await ids('?status=closed')).toEqual([a.id]);
    expect(await ids('?status=all')).toEqual([c.id, b.id, d.id, a.id]);
    expect(await ids('?phase=investigation')).toEqual([d.id]);
    expect(await ids('?category=ransomware')).toEqual([b.id]);
    expect(await ids('?severity=high')).toEqual([d.id]);
    expect(await ids('?severity=low&status=open')).toEqual([]);
    expect(await ids(`?q=${encodeURIComponent('USB')}`)).toEqual([a.id]);
    expect(await ids(`?q=${encodeURIComponent('usb')}`)).toEqual([a.id]);
    expect(await ids(`?q=${encodeURIComponent('紹介状')}`)).toEqual([c.id]);
    expect(await ids(`?q=${encodeURIComponent('INC-2026-0004')}`)).toEqual([d.id]);
    expect(await ids('?q=3')).toEqual([c.id]);
    expect(await ids(`?q=${encodeURIComponent('100%')}`)).toEqual([]);

    const p1 = await list(f, '?pageSize=3');
    const p2 = await list(f, '?pageSize=3&page=2');
    expect(p1).toMatchObject({ total: 4, page: 1, pageSize: 3 });
    expect(p1.items.map((i) => i.id)).toEqual([c.id, b.id, d.id]);
    expect(p2.items.map((i) => i.id)).toEqual([a.id]);
    invalidWith(await sm.get(listUrl(f, '?status=pending')), [{ path: 'querystring.status' }]);
  });

  it('edits a case: stale expectedUpdatedAt → CONFLICT, 発覚日時 moves on the timeline, 5W1H and facts merge, audit keeps the changed fields', async () => {
    const f = await facility();
    const c = await open(f, { title: 'メール誤送信', category: 'misdirected_mail', discoveredAt: '2026-11-30T01:00:00Z', facts: { personalData: true } });
    env.clock.advance(60_000);
    const changed = ok<CaseDetailDto>(
      await it_.patch(`/api/v1/incidents/${c.id}`, {
        expectedUpdatedAt: c.updatedAt,
        title: '検査結果のメール誤送信',
        severity: 'high',
        tlp: 'amber_strict',
        discoveredAt: '2026-11-29T09:15:00+09:00',
        summary: { who: '外来受付', what: '検査結果を別の患者へ送信' },
        facts: { affectedCount: 1 },
        description: '宛先の選び間違い',
      }),
    );
    expect(changed).toMatchObject({
      title: '検査結果のメール誤送信',
      severity: 'high',
      tlp: 'amber_strict',
      discoveredAt: '2026-11-29T00:15:00.000Z',
      summary: { who: '外来受付', what: '検査結果を別の患者へ送信', when: '' },
      facts: { personalData: true, affectedCount: 1, unauthorizedAccess: false },
      description: '宛先の選び間違い',
      category: 'misdirected_mail',
    });
    expect(changed.updatedAt).not.toBe(c.updatedAt);
    // The editor who saw the old version is refused.
    fails(await sm.patch(`/api/v1/incidents/${c.id}`, { expectedUpdatedAt: c.updatedAt, title: '上書き' }), 409, 'CONFLICT');
    expect((await detail(c.id)).title).toBe('検査結果のメール誤送信');
    // A second 5W1H edit keeps the other fields.
    const again = ok<CaseDetailDto>(await sm.patch(`/api/v1/incidents/${c.id}`, { summary: { where: '外来' }, expectedUpdatedAt: changed.updatedAt }));
    expect(again.summary).toMatchObject({ who: '外来受付', where: '外来' });
    // Nothing changed: nothing recorded.
    ok(await sm.patch(`/api/v1/incidents/${c.id}`, { title: '検査結果のメール誤送信' }));
    invalidWith(await sm.patch(`/api/v1/incidents/${c.id}`, { facts: { affectedCount: 1.5 } }), [{ path: 'body.facts.affectedCount' }]);

    const entries = await timelineOf(c.id);
    const moved = entries.filter((e) => e.text.startsWith('発覚日時を変更しました'));
    expect(moved).toHaveLength(1);
    expect(moved[0]!.text).toContain('2026-11-30 10:00 → 2026-11-29 09:15');
    expect(moved[0]!.created_by).toBe(users.it);

    const audit = await auditOf(c.id);
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'update']);
    const before = JSON.parse(audit[1]!.before_json!) as Record<string, unknown>;
    const after = JSON.parse(audit[1]!.after_json!) as Record<string, unknown>;
    expect(Object.keys(after).sort()).toEqual(['description', 'discoveredAt', 'facts', 'severity', 'summary', 'title', 'tlp']);
    expect(before).toMatchObject({ title: 'メール誤送信', severity: 'medium', discoveredAt: '2026-11-30T01:00:00.000Z', description: null });
    expect(after).toMatchObject({ discoveredAt: '2026-11-29T00:15:00.000Z' });
    expect(Object.keys(JSON.parse(audit[2]!.after_json!) as object)).toEqual(['summary']);
  });

  it('moves through phases forward and back, each on the timeline', async () => {
    const f = await facility();
    const c = await open(f, { title: '不審な通信', category: 'unauthorized_access' });
    const p1 = ok<CaseDetailDto>(await it_.post(`/api/v1/incidents/${c.id}/phase`, { phase: 'disclosure' }));
    expect(p1.phase).toBe('disclosure');
    const p2 = ok<CaseDetailDto>(await sm.post(`/api/v1/incidents/${c.id}/phase`, { phase: 'reporting' }));
    expect(p2.phase).toBe('reporting');
    ok(await sm.post(`/api/v1/incidents/${c.id}/phase`, { phase: 'reporting' }));
    invalidWith(await sm.post(`/api/v1/incidents/${c.id}/phase`, { phase: 'closed' }), [{ path: 'body.phase' }]);
    const phases = (await timelineOf(c.id)).filter((e) => e.kind === 'phase');
    expect(phases.map((e) => e.text)).toEqual(['フェーズを変更しました: 検知・初動対応 → 公表・届出', 'フェーズを変更しました: 公表・届出 → 報告・体制構築']);
    const audit = await auditOf(c.id);
    expect(audit.map((a) => a.action)).toEqual(['create', 'phase', 'phase']);
    expect(JSON.parse(audit[1]!.after_json!)).toEqual({ phase: 'disclosure' });
    fails(await auditor.post(`/api/v1/incidents/${c.id}/phase`, { phase: 'recovery' }), 403, 'FORBIDDEN');
  });

  it('closes and reopens (security manager only); a closed case is read-only', async () => {
    const f = await facility();
    const c = await open(f, { title: 'ノートPCの盗難', category: 'data_leak_loss' });
    const task = ok<CaseTaskDto>(await sm.post(`/api/v1/incidents/${c.id}/tasks`, { phase: 'detection', title: '警察へ届出' }), 201);
    const member = ok<TeamMemberDto>(await sm.post(`/api/v1/incidents/${c.id}/team`, { role: 'head', userId: users.exec }), 201);

    fails(await it_.post(`/api/v1/incidents/${c.id}/close`, {}), 403, 'FORBIDDEN');
    fails(await exec.post(`/api/v1/incidents/${c.id}/close`, {}), 403, 'FORBIDDEN');
    env.clock.advance(60_000);
    const closed = ok<CaseDetailDto>(await sm.post(`/api/v1/incidents/${c.id}/close`, { note: '端末は暗号化済みと確認' }));
    expect(closed).toMatchObject({ status: 'closed', closedAt: env.clock.now().toISOString() });
    fails(await sm.post(`/api/v1/incidents/${c.id}/close`, {}), 409, 'INVALID_STATE');

    // Read-only while closed.
    fails(await sm.patch(`/api/v1/incidents/${c.id}`, { title: '変更' }), 409, 'INVALID_STATE');
    fails(await sm.post(`/api/v1/incidents/${c.id}/phase`, { phase: 'recovery' }), 409, 'INVALID_STATE');
    fails(await sm.post(`/api/v1/incidents/${c.id}/tasks`, { phase: 'recovery', title: 'x' }), 409, 'INVALID_STATE');
    fails(await sm.patch(`/api/v1/incident-tasks/${task.id}`, { done: true }), 409, 'INVALID_STATE');
    fails(await sm.delete(`/api/v1/incident-tasks/${task.id}`), 409, 'INVALID_STATE');
    fails(await sm.post(`/api/v1/incidents/${c.id}/team`, { role: 'technical', name: '情報システム係' }), 409, 'INVALID_STATE');
    fails(await sm.delete(`/api/v1/incident-team/${member.id}`), 409, 'INVALID_STATE');
    ok(await auditor.get(`/api/v1/incidents/${c.id}`));

    fails(await it_.post(`/api/v1/incidents/${c.id}/reopen`, {}), 403, 'FORBIDDEN');
    // No body at all is fine too.
    const reopened = ok<CaseDetailDto>(await sm.request('POST', `/api/v1/incidents/${c.id}/reopen`));
    expect(reopened).toMatchObject({ status: 'open', closedAt: null });
    fails(await sm.post(`/api/v1/incidents/${c.id}/reopen`, {}), 409, 'INVALID_STATE');
    ok(await sm.patch(`/api/v1/incidents/${c.id}`, { title: 'ノートPCの盗難(再調査)' }));

    const texts = (await timelineOf(c.id)).map((e) => e.text);
    expect(texts).toEqual(expect.arrayContaining(['案件を終了しました: 端末は暗号化済みと確認', '案件を再開しました']));
    const audit = await auditOf(c.id);
    expect(audit.map((a) => a.action)).toEqual(['create', 'close', 'reopen', 'update']);
    expect(JSON.parse(audit[1]!.after_json!)).toMatchObject({ status: 'closed', note: '端末は暗号化済みと確認' });
  });

  it('tasks: add by hand, owners of the facility only, tick off with who and when, playbook tasks keep title and stay', async () => {
    const f = await facility();
    const c = await open(f, { title: 'ランサムウェア', category: 'ransomware' });
    const pb = allTasks(c)[0]!;
    const inDetection = c.tasks.find((g) => g.phase === 'detection')!.items.length;

    const added = ok<CaseTaskDto>(await it_.post(`/api/v1/incidents/${c.id}/tasks`, { phase: 'detection', title: '部門システム担当へ連絡', ownerRole: 'technical', ownerUserId: users.it, notes: '内線 1234' }), 201);
    expect(added).toMatchObject({ caseId: c.id, phase: 'detection', position: inDetection + 1, playbookItemId: null, title: { ja: '部門システム担当へ連絡', en: null }, ownerRole: 'technical', owner: { id: users.it, name: 'it' }, done: false, notes: '内線 1234' });
    const second = ok<CaseTaskDto>(await sm.post(`/api/v1/incidents/${c.id}/tasks`, { phase: 'detection', title: '院内放送' }), 201);
    expect(second.position).toBe(inDetection + 2);

    // Owners must hold a role in the facility (not vendor, not elsewhere).
    invalidWith(await sm.post(`/api/v1/incidents/${c.id}/tasks`, { phase: 'detection', title: 'x', ownerUserId: users.vendor }), [{ path: 'ownerUserId', message: 'unknown_user' }]);
    invalidWith(await sm.post(`/api/v1/incidents/${c.id}/tasks`, { phase: 'detection', title: 'x', ownerUserId: users.smB }), [{ path: 'ownerUserId', message: 'unknown_user' }]);
    invalidWith(await sm.patch(`/api/v1/incident-tasks/${pb.id}`, { ownerUserId: 'no-such-user' }), [{ path: 'ownerUserId', message: 'unknown_user' }]);

    env.clock.advance(5 * 60_000);
    const done = ok<CaseTaskDto>(await it_.patch(`/api/v1/incident-tasks/${pb.id}`, { done: true, ownerUserId: users.sm, notes: '10:05 隔離完了', expectedUpdatedAt: pb.updatedAt }));
    expect(done).toMatchObject({ done: true, doneAt: env.clock.now().toISOString(), doneBy: { id: users.it, name: 'it' }, owner: { id: users.sm, name: 'sm' }, notes: '10:05 隔離完了' });
    fails(await sm.patch(`/api/v1/incident-tasks/${pb.id}`, { notes: 'x', expectedUpdatedAt: pb.updatedAt }), 409, 'CONFLICT');
    const undone = ok<CaseTaskDto>(await sm.patch(`/api/v1/incident-tasks/${pb.id}`, { done: false }));
    expect(undone).toMatchObject({ done: false, doneAt: null, doneBy: null });
    const actions = (await timelineOf(c.id)).filter((e) => e.kind === 'action').map((e) => e.text);
    expect(actions).toEqual([`タスク完了: ${pb.title.ja}`, `タスクの完了を取り消しました: ${pb.title.ja}`]);

    // Playbook tasks keep their title and cannot be deleted; hand-made ones can be renamed and deleted.
    fails(await sm.patch(`/api/v1/incident-tasks/${pb.id}`, { title: '別の名前' }), 409, 'INVALID_STATE');
    ok(await sm.patch(`/api/v1/incident-tasks/${pb.id}`, { title: pb.title.ja }));
    fails(await sm.delete(`/api/v1/incident-tasks/${pb.id}`), 409, 'INVALID_STATE');
    expect(ok<CaseTaskDto>(await sm.patch(`/api/v1/incident-tasks/${added.id}`, { title: '部門システム担当者へ電話' })).title.ja).toBe('部門システム担当者へ電話');
    ok(await sm.delete(`/api/v1/incident-tasks/${added.id}`));
    fails(await sm.delete(`/api/v1/incident-tasks/${added.id}`), 404, 'NOT_FOUND');
    const after = (await detail(c.id)).tasks.find((g) => g.phase === 'detection')!.items;
    expect(after.map((t) => t.position)).toEqual(after.map((_, i) => i + 1));
    expect(after.at(-1)!.id).toBe(second.id);

    fails(await auditor.patch(`/api/v1/incident-tasks/${pb.id}`, { done: true }), 403, 'FORBIDDEN');
    fails(await smB.patch(`/api/v1/incident-tasks/${pb.id}`, { done: true }), 404, 'NOT_FOUND');
    const audit = await env.deps.db.selectFrom('audit_log').select(['entity_type', 'action']).where('facility_id', '=', f.id).where('entity_type', '=', 'incident_task').orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'create', 'update', 'update', 'update', 'delete']);
  });

  it('対策本部: members with or without a user account; name from the user', async () => {
    const f = await facility();
    const c = await open(f, { title: 'DDoS', category: 'ddos' });
    const head = ok<TeamMemberDto>(await sm.post(`/api/v1/incidents/${c.id}/team`, { role: 'head', userId: users.exec, contact: '090-1111-2222' }), 201);
    expect(head).toMatchObject({ caseId: c.id, role: 'head', user: { id: users.exec, name: 'exec' }, name: 'exec', contact: '090-1111-2222' });
    const vendor = ok<TeamMemberDto>(await it_.post(`/api/v1/incidents/${c.id}/team`, { role: 'vendor_liaison', name: '保守ベンダー 田中様' }), 201);
    expect(vendor).toMatchObject({ user: null, name: '保守ベンダー 田中様', contact: null });
    invalidWith(await sm.post(`/api/v1/incidents/${c.id}/team`, { role: 'technical' }), [{ path: 'name', message: 'required' }]);
    invalidWith(await sm.post(`/api/v1/incidents/${c.id}/team`, { role: 'technical', userId: users.smB }), [{ path: 'userId', message: 'unknown_user' }]);
    invalidWith(await sm.post(`/api/v1/incidents/${c.id}/team`, { role: 'boss', name: 'x' }), [{ path: 'body.role' }]);

    expect((await detail(c.id, auditor)).team.map((m) => m.name)).toEqual(['exec', '保守ベンダー 田中様']);
    fails(await smB.delete(`/api/v1/incident-team/${vendor.id}`), 404, 'NOT_FOUND');
    fails(await auditor.delete(`/api/v1/incident-team/${vendor.id}`), 403, 'FORBIDDEN');
    ok(await sm.delete(`/api/v1/incident-team/${vendor.id}`));
    fails(await sm.delete(`/api/v1/incident-team/${vendor.id}`), 404, 'NOT_FOUND');
    expect((await detail(c.id)).team.map((m) => m.id)).toEqual([head.id]);
    const texts = (await timelineOf(c.id)).map((e) => e.text);
    expect(texts).toEqual(expect.arrayContaining(['対策本部に追加しました: 本部長 exec', '対策本部から外しました: 事業者連携 保守ベンダー 田中様']));
    const audit = await env.deps.db.selectFrom('audit_log').select(['action']).where('facility_id', '=', f.id).where('entity_type', '=', 'incident_team_member').orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'create', 'delete']);
  });

  it('shows the reports that fed the case', async () => {
    const f = await facility();
    const c = await open(f, { title: '画面に警告', category: 'malware' });
    const now = env.clock.now().toISOString();
    const reportId = newId();
    await env.deps.db
      .insertInto('incident_reports')
      .values({ id: reportId, facility_id: f.id, channel: 'app', what: '画面に警告が出た', where_text: '3階病棟', asset_id: null, occurred_at: null, reporter_user_id: users.staff, reporter_name: null, reporter_contact: null, photo_file_id: null, link_id: null, status: 'opened', case_id: c.id, dismiss_reason: null, triaged_by: users.sm, triaged_at: now, created_at: now })
      .execute();
    expect((await detail(c.id)).reportIds).toEqual([reportId]);
  });

  it('keeps facilities apart and roles to their permissions', async () => {
    const c = await open(A, { title: 'A病院の案件', category: 'other' });
    // Another facility's security manager: nothing exists.
    fails(await smB.get(`/api/v1/incidents/${c.id}`), 404, 'NOT_FOUND');
    fails(await smB.patch(`/api/v1/incidents/${c.id}`, { title: 'x' }), 404, 'NOT_FOUND');
    fails(await smB.post(`/api/v1/incidents/${c.id}/close`, {}), 404, 'NOT_FOUND');
    fails(await smB.post(`/api/v1/incidents/${c.id}/tasks`, { phase: 'detection', title: 'x' }), 404, 'NOT_FOUND');
    fails(await smB.get(listUrl(A)), 404, 'NOT_FOUND');
    fails(await smB.post(listUrl(A), { title: 'x', category: 'other', discoveredAt: '2026-11-30T00:00:00Z' }), 404, 'NOT_FOUND');
    expect((await list(B, '', smB)).items).toEqual([]);
    fails(await sm.get('/api/v1/incidents/no-such-case'), 404, 'NOT_FOUND');

    // Staff report incidents but do not read cases; executives and auditors read but do not write.
    fails(await staff.get(`/api/v1/incidents/${c.id}`), 403, 'FORBIDDEN');
    fails(await staff.get(listUrl(A)), 403, 'FORBIDDEN');
    fails(await staff.post(listUrl(A), { title: 'x', category: 'other', discoveredAt: '2026-11-30T00:00:00Z' }), 403, 'FORBIDDEN');
    ok(await exec.get(`/api/v1/incidents/${c.id}`));
    ok(await auditor.get(listUrl(A)));
    fails(await auditor.post(listUrl(A), { title: 'x', category: 'other', discoveredAt: '2026-11-30T00:00:00Z' }), 403, 'FORBIDDEN');
    fails(await exec.patch(`/api/v1/incidents/${c.id}`, { title: 'x' }), 403, 'FORBIDDEN');
    expect(caseNumberLabel(c.seq, c.discoveredAt)).toBe(c.number);
  });
});
