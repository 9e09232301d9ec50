import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import type { AssessmentDetailDto, AssessmentItemStateDto, AssessmentSummaryDto, CompareDto, EvidenceDto } from '../../../shared/contracts/assessments.contract.ts';
import { newId } from '../../lib/ids.ts';
import { buildTestApp, createTestEnv, DIALECTS, makeFacility, makeUser, SYSTEM, TestClient, type TestEnv } from '../../testing/harness.ts';
import { insertAssetTx } from '../ledger/index.ts';

// The assessments core is tested against its own small frameworks (testdata/), not the shipped checklists.
process.env.MAMORI_FRAMEWORKS_DIR = fileURLToPath(new URL('./testdata/', import.meta.url));

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

type Issue = { path: string; message: string };
const issuesOf = (body: unknown) => ((body as { error: { issues?: Issue[] } }).error.issues ?? []).map((i) => `${i.path}:${i.message}`);
const codeOf = (body: unknown) => (body as { error: { code: string } }).error.code;

/** 現状調査 over HTTP on real databases: create, answers, evidence, history, sign-off, carry-over, compare, vendor scope. */
describe.each(DIALECTS)('assessments (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let B: TFacility;
  let C: TFacility;
  let sm: TestClient;
  let it_: TestClient;
  let exec: TestClient;
  let auditor: TestClient;
  let staff: TestClient;
  let vendor1: TestClient;
  let vendor2: TestClient;
  let admin: TestClient;
  let smB: TestClient;
  let anon: TestClient;
  let V1: string;
  let VB: string;
  let assetA: string;
  let r7: string;

  const put = (c: TestClient, id: string, itemId: string, body: unknown) => c.request('PUT', `/api/v1/assessments/${id}/answers/${itemId}`, body);
  const create = (c: TestClient, facilityId: string, body: unknown) => c.post(`/api/v1/facilities/${facilityId}/assessments`, body);
  const detail = async (c: TestClient, id: string) => {
    const res = await c.get(`/api/v1/assessments/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as AssessmentDetailDto;
  };
  const itemOf = (d: AssessmentDetailDto, itemId: string) => d.items.find((i) => i.itemId === itemId)!;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    env.clock.set(new Date('2025-10-01T01:00:00Z')); // 令和7年度
    A = await makeFacility(env, 'FA');
    B = await makeFacility(env, 'FB');
    C = await makeFacility(env, 'FC');
    await makeUser(env, 'sm@a.jp', [{ role: 'security_manager', facilityId: A.id }]);
    await makeUser(env, 'it@a.jp', [{ role: 'it_staff', facilityId: A.id }]);
    await makeUser(env, 'exec@a.jp', [{ role: 'executive', facilityId: A.id }]);
    await makeUser(env, 'auditor@a.jp', [{ role: 'auditor', facilityId: A.id }]);
    await makeUser(env, 'staff@a.jp', [{ role: 'staff', facilityId: A.id }]);
    const v1 = await makeUser(env, 'vendor1@a.jp', [{ role: 'vendor', facilityId: A.id }]);
    const v2 = await makeUser(env, 'vendor2@a.jp', [{ role: 'vendor', facilityId: A.id }]);
    await makeUser(env, 'admin@x.jp', [], { isAdmin: true });
    await makeUser(env, 'sm@b.jp', [{ role: 'security_manager', facilityId: B.id }]);
    V1 = await testVendor(env, A.id, 'みなとメディカル株式会社', [v1.id]);
    await testVendor(env, A.id, 'Kyushoku Service', [v2.id]);
    VB = await testVendor(env, B.id, 'B社');
    assetA = (
      await env.deps.db.transaction().execute((trx) =>
        insertAssetTx(env.deps, trx, SYSTEM, A.id, { name: '電子カルテサーバ', type: 'server', criticality: 3, ips: [], macs: [], tags: [], holdsPatientData: true, exposure: 'internal' }),
      )
    ).id;
    app = await buildTestApp(env);
    const login = async (email: string) => {
      const c = new TestClient(app, env);
      await c.login(email);
      return c;
    };
    sm = await login('sm@a.jp');
    it_ = await login('it@a.jp');
    exec = await login('exec@a.jp');
    auditor = await login('auditor@a.jp');
    staff = await login('staff@a.jp');
    vendor1 = await login('vendor1@a.jp');
    vendor2 = await login('vendor2@a.jp');
    admin = await login('admin@x.jp');
    smB = await login('sm@b.jp');
    anon = new TestClient(app, env);
    env.clock.set(new Date('2025-10-01T01:00:00Z'));
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('creates an assessment per framework version; duplicates, unknown frameworks and vendors are refused', async () => {
    const res = await create(sm, A.id, { frameworkId: 'test-hospital', version: 'r7', title: '令和7年度 現状調査' });
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json() as AssessmentDetailDto;
    r7 = d.assessment.id;
    expect(d.assessment).toMatchObject({ frameworkId: 'test-hospital', frameworkVersion: 'r7', sheet: 'hospital', fiscalYear: 2025, status: 'in_progress', vendor: null });
    expect(d.items.map((i) => i.itemId)).toEqual(['gate', 'manager', 'ledger', 'backup', 'maturity']);
    expect(d.assessment.progress).toMatchObject({ items: 5, answered: 0, complete: 0, gateClosed: false });
    expect(d.allowed).toMatchObject({ answer: true, manage: true, signManager: true, signExecutive: false, submit: false, accept: false });
    expect(itemOf(d, 'manager').problems).toEqual([{ key: 'problem_no_answer' }]);

    const dup = await create(sm, A.id, { frameworkId: 'test-hospital', version: 'r7' });
    expect(dup.statusCode).toBe(409);
    expect(codeOf(dup.json())).toBe('CONFLICT');
    expect((await create(sm, A.id, { frameworkId: 'nope', version: 'r7' })).statusCode).toBe(404);
    const noVendor = await create(sm, A.id, { frameworkId: 'test-vendor', version: 'r7' });
    expect(noVendor.statusCode).toBe(400);
    expect(issuesOf(noVendor.json())).toEqual(['vendorId:required']);
    const foreignVendor = await create(sm, A.id, { frameworkId: 'test-vendor', version: 'r7', vendorId: VB });
    expect(issuesOf(foreignVendor.json())).toEqual(['vendorId:unknown_vendor']);
    expect(issuesOf((await create(sm, A.id, { frameworkId: 'test-hospital', version: 'r6', vendorId: V1 })).json())).toEqual(['vendorId:not_allowed']);

    // Starting one needs assessment.manage; another facility does not exist for the caller.
    expect((await create(it_, A.id, { frameworkId: 'test-hospital', version: 'r6' })).statusCode).toBe(403);
    expect((await create(staff, A.id, { frameworkId: 'test-hospital', version: 'r6' })).statusCode).toBe(403);
    expect((await create(smB, A.id, { frameworkId: 'test-hospital', version: 'r6' })).statusCode).toBe(404);
    expect((await create(anon, A.id, { frameworkId: 'test-hospital', version: 'r6' })).statusCode).toBe(401);

    const list = (await sm.get(`/api/v1/facilities/${A.id}/assessments`)).json() as { items: AssessmentSummaryDto[] };
    expect(list.items.map((a) => a.id)).toEqual([r7]);
    expect(((await auditor.get(`/api/v1/facilities/${A.id}/assessments?fiscalYear=2024`)).json() as { items: unknown[] }).items).toEqual([]);
    expect((await staff.get(`/api/v1/facilities/${A.id}/assessments`)).statusCode).toBe(403);
    expect((await smB.get(`/api/v1/assessments/${r7}`)).statusCode).toBe(404);
    expect((await anon.get(`/api/v1/assessments/${r7}`)).statusCode).toBe(401);
  });

  it('validates answers with stable message keys and defaults 確認日 to today', async () => {
    const bad = async (itemId: string, body: unknown) => {
      const res = await put(it_, r7, itemId, body);
      expect(res.statusCode, res.body).toBe(400);
      return issuesOf(res.json());
    };
    expect(await bad('manager', { answer: 'maybe' })).toEqual(['answer:answer_not_allowed']);
    expect(await bad('manager', { answer: 'yes', checkedOn: '2025-10-02' })).toEqual(['checkedOn:checked_in_future']);
    expect(await bad('manager', { answer: 'no', targetOn: '2026-04-10' })).toEqual(['targetOn:target_outside_fiscal_year']);
    expect(await bad('manager', { answer: 'no', checkedOn: '2025-09-01', targetOn: '2025-08-31' })).toEqual(['targetOn:target_before_checked']);
    expect(await bad('manager', { answer: 'yes', targetOn: '2025-12-31' })).toEqual(['targetOn:target_not_allowed']);
    expect((await put(it_, r7, 'no-such-item', { answer: 'yes' })).statusCode).toBe(404);

    // いいえ without 目標日 can be saved; it is a problem the inspector would see.
    const gap = await put(it_, r7, 'manager', { answer: 'no', responsible: '情報システム課 佐藤' });
    expect(gap.statusCode, gap.body).toBe(200);
    const s = gap.json() as AssessmentItemStateDto;
    expect(s.answer).toMatchObject({ answer: 'no', checkedOn: '2025-10-01', targetOn: null, responsible: '情報システム課 佐藤', carriedOver: false, updatedBy: 'it@a.jp' });
    expect(s.problems).toEqual([{ key: 'problem_target_missing' }]);

    // The item's requiredBy (FY2026) extends its window to 2027-03-31.
    const later = await put(it_, r7, 'backup', { answer: 'no', targetOn: '2026-06-30' });
    expect(later.statusCode, later.body).toBe(200);
    expect((later.json() as AssessmentItemStateDto).problems).toEqual([]);

    // A done answer drops the stored 目標日.
    await put(it_, r7, 'manager', { answer: 'no', targetOn: '2026-03-31' });
    const done = (await put(it_, r7, 'manager', { answer: 'yes' })).json() as AssessmentItemStateDto;
    expect(done.answer).toMatchObject({ answer: 'yes', targetOn: null, checkedOn: '2025-10-01' });

    // Scale answers: a level not marked done is a gap.
    expect(await bad('maturity', { answer: 'planning', targetOn: '2027-01-01' })).toEqual(['targetOn:target_outside_fiscal_year']);
    const scale = (await put(it_, r7, 'maturity', { answer: 'planning', targetOn: '2026-01-31' })).json() as AssessmentItemStateDto;
    expect(scale.problems).toEqual([]);

    const d = await detail(sm, r7);
    expect(d.assessment.progress).toMatchObject({ items: 5, answered: 3, complete: 3, gaps: 2, incomplete: 0 });
    // Who may answer: IT staff and the security manager; not the auditor, the executive or staff.
    expect((await put(auditor, r7, 'gate', { answer: 'yes' })).statusCode).toBe(403);
    expect((await put(exec, r7, 'gate', { answer: 'yes' })).statusCode).toBe(403);
    expect((await put(staff, r7, 'gate', { answer: 'yes' })).statusCode).toBe(403);
    expect((await put(smB, r7, 'gate', { answer: 'yes' })).statusCode).toBe(404);
  });

  it('refuses a stale expectedUpdatedAt with CONFLICT and keeps the history and audit', async () => {
    const first = (await put(sm, r7, 'ledger', { answer: 'yes', comment: '台帳あり', expectedUpdatedAt: null })).json() as AssessmentItemStateDto;
    const seen = first.answer!.updatedAt;
    env.clock.advance(1000);
    const second = await put(it_, r7, 'ledger', { answer: 'yes', comment: '台帳を点検済み', expectedUpdatedAt: seen });
    expect(second.statusCode, second.body).toBe(200);
    const stale = await put(sm, r7, 'ledger', { answer: 'no', expectedUpdatedAt: seen });
    expect(stale.statusCode).toBe(409);
    expect(codeOf(stale.json())).toBe('CONFLICT');
    expect((await put(sm, r7, 'gate', { answer: 'yes', expectedUpdatedAt: seen })).statusCode).toBe(409);

    const history = (await auditor.get(`/api/v1/assessments/${r7}/history?itemId=ledger`)).json() as { items: { action: string; actor: string; before: unknown; after: { comment: string } }[]; total: number };
    expect(history.total).toBe(2);
    expect(history.items.map((e) => [e.action, e.actor, e.after.comment])).toEqual([
      ['answer', 'it@a.jp', '台帳を点検済み'],
      ['answer', 'sm@a.jp', '台帳あり'],
    ]);
    expect(history.items[1]!.before).toBeNull();
    const all = (await sm.get(`/api/v1/assessments/${r7}/history?pageSize=2&page=1`)).json() as { items: { action: string }[]; total: number };
    expect(all.items).toHaveLength(2);
    expect(all.total).toBeGreaterThan(5);

    const audit = await env.deps.db.selectFrom('audit_log').select(['action', 'entity_type']).where('entity_id', '=', r7).execute();
    expect(audit.filter((a) => a.entity_type === 'assessment').map((a) => a.action)).toEqual(expect.arrayContaining(['create', 'answer']));
  });

  it('keeps evidence files with SHA-256 and versions, links records, honours expiry, downloads only within the facility', async () => {
    const bytes = Buffer.from('%PDF-1.4 台帳点検記録 v1');
    const up = await it_.upload(`/api/v1/assessments/${r7}/evidence/file?itemId=ledger&title=${encodeURIComponent('台帳点検記録')}`, bytes, 'application/pdf', { 'x-file-name': encodeURIComponent('台帳点検_2025.pdf') });
    expect(up.statusCode, up.body).toBe(201);
    const v1 = up.json() as EvidenceDto;
    expect(v1).toMatchObject({ itemId: 'ledger', kind: 'file', title: '台帳点検記録', fileName: '台帳点検_2025.pdf', version: 1, size: bytes.length, expired: false, createdBy: 'it@a.jp' });
    expect(v1.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));

    const bytes2 = Buffer.from('%PDF-1.4 台帳点検記録 v2');
    const up2 = await it_.upload(`/api/v1/assessments/${r7}/evidence/file?itemId=ledger&replaces=${v1.id}`, bytes2, 'application/pdf', { 'x-file-name': 'ledger-v2.pdf' });
    expect(up2.statusCode, up2.body).toBe(201);
    const v2 = up2.json() as EvidenceDto;
    expect(v2).toMatchObject({ version: 2, title: '台帳点検記録', fileName: 'ledger-v2.pdf' });
    expect(v2.previousVersions.map((p) => [p.id, p.version, p.sha256])).toEqual([[v1.id, 1, v1.sha256]]);
    // Only the current version can be replaced.
    const again = await it_.upload(`/api/v1/assessments/${r7}/evidence/file?itemId=ledger&replaces=${v1.id}`, bytes2, 'application/pdf');
    expect(issuesOf(again.json())).toEqual(['replaces:not_current_version']);
    expect(issuesOf((await it_.upload(`/api/v1/assessments/${r7}/evidence/file?itemId=ledger`, Buffer.alloc(0), 'application/pdf')).json())).toEqual(['file:empty_file']);
    expect(issuesOf((await it_.upload(`/api/v1/assessments/${r7}/evidence/file?itemId=zzz`, bytes, 'text/plain')).json())).toEqual(['itemId:unknown_item']);

    const dl = await auditor.get(`/api/v1/assessments/${r7}/evidence/${v1.id}/file`);
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(bytes)).toBe(true);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.headers['content-disposition']).toContain("filename*=UTF-8''%E5%8F%B0");
    expect((await smB.get(`/api/v1/assessments/${r7}/evidence/${v1.id}/file`)).statusCode).toBe(404);
    expect((await staff.get(`/api/v1/assessments/${r7}/evidence/${v1.id}/file`)).statusCode).toBe(403);

    // A record link keeps the record's label; an unknown or foreign record is refused.
    const link = await it_.post(`/api/v1/assessments/${r7}/evidence`, { itemId: 'ledger', kind: 'record', title: '台帳の該当機器', recordType: 'asset', recordId: assetA });
    expect(link.statusCode, link.body).toBe(201);
    expect((link.json() as EvidenceDto).record).toEqual({ type: 'asset', id: assetA, label: '電子カルテサーバ' });
    const unknown = await it_.post(`/api/v1/assessments/${r7}/evidence`, { itemId: 'ledger', kind: 'record', title: 'x', recordType: 'vendor', recordId: VB });
    expect(issuesOf(unknown.json())).toEqual(['recordId:unknown_record']);

    // Expired evidence is shown and flagged; when all of an item's evidence has expired it is a problem.
    const url = await it_.post(`/api/v1/assessments/${r7}/evidence`, { itemId: 'manager', kind: 'url', title: '任命通知', url: 'https://intra.example.jp/notice', validUntil: '2025-09-30' });
    expect(url.statusCode, url.body).toBe(201);
    expect((url.json() as EvidenceDto).expired).toBe(true);
    const d = await detail(sm, r7);
    expect(itemOf(d, 'manager').problems).toEqual([{ key: 'problem_evidence_expired', params: { count: 1 } }]);
    expect(itemOf(d, 'ledger').evidence.map((e) => e.kind).sort()).toEqual(['file', 'record']);

    // Deleting removes the item with its earlier versions.
    expect((await auditor.delete(`/api/v1/assessments/${r7}/evidence/${v2.id}`)).statusCode).toBe(403);
    expect((await it_.delete(`/api/v1/assessments/${r7}/evidence/${v2.id}`)).statusCode).toBe(200);
    expect((await sm.get(`/api/v1/assessments/${r7}/evidence/${v1.id}/file`)).statusCode).toBe(404);
    expect(itemOf(await detail(sm, r7), 'ledger').evidence.map((e) => e.kind)).toEqual(['record']);
    const audit = await env.deps.db.selectFrom('audit_log').select(['action']).where('entity_type', '=', 'assessment_evidence').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['create', 'delete']));
  });

  it('signs off only when complete; both signatures lock it for good', async () => {
    const early = await sm.post(`/api/v1/assessments/${r7}/signoff`, { role: 'manager' });
    expect(early.statusCode).toBe(400);
    expect(issuesOf(early.json())).toEqual(['gate:answer_required']);
    expect((await it_.post(`/api/v1/assessments/${r7}/signoff`, { role: 'manager' })).statusCode).toBe(403);
    expect((await sm.post(`/api/v1/assessments/${r7}/signoff`, { role: 'executive' })).statusCode).toBe(403);

    await put(sm, r7, 'gate', { answer: 'yes' });
    const signed = await sm.post(`/api/v1/assessments/${r7}/signoff`, { role: 'manager', comment: '確認しました' });
    expect(signed.statusCode, signed.body).toBe(200);
    expect((signed.json() as AssessmentDetailDto).assessment).toMatchObject({ status: 'in_progress', signoff: { manager: { by: 'sm@a.jp' }, executive: null } });
    expect((await sm.post(`/api/v1/assessments/${r7}/signoff`, { role: 'manager' })).statusCode).toBe(409);

    // A change after a signature withdraws it.
    await put(it_, r7, 'ledger', { answer: 'yes', comment: '再確認' });
    expect((await detail(sm, r7)).assessment.signoff.manager).toBeNull();
    expect((await sm.post(`/api/v1/assessments/${r7}/signoff`, { role: 'manager' })).statusCode).toBe(200);
    const locked = await exec.post(`/api/v1/assessments/${r7}/signoff`, { role: 'executive' });
    expect(locked.statusCode, locked.body).toBe(200);
    const d = locked.json() as AssessmentDetailDto;
    expect(d.assessment.status).toBe('locked');
    expect(d.assessment.lockedAt).not.toBeNull();
    expect(d.allowed).toMatchObject({ answer: false, manage: false, signManager: false, signExecutive: false });

    const refused = await put(sm, r7, 'ledger', { answer: 'no' });
    expect(refused.statusCode).toBe(409);
    expect(codeOf(refused.json())).toBe('INVALID_STATE');
    expect(codeOf((await it_.upload(`/api/v1/assessments/${r7}/evidence/file?itemId=ledger`, Buffer.from('x'), 'text/plain')).json())).toBe('INVALID_STATE');
    expect(codeOf((await sm.delete(`/api/v1/assessments/${r7}`)).json())).toBe('INVALID_STATE');
    const events = (await sm.get(`/api/v1/assessments/${r7}/history?pageSize=500`)).json() as { items: { action: string }[] };
    expect(events.items.map((e) => e.action)).toEqual(expect.arrayContaining(['signoff', 'signoff_withdrawn']));
  });

  it('carries answers over into next year by item id, without dates; compares the two', async () => {
    const r6 = (await create(admin, C.id, { frameworkId: 'test-hospital', version: 'r6' })).json() as AssessmentDetailDto;
    const id6 = r6.assessment.id;
    env.clock.set(new Date('2025-03-01T01:00:00Z'));
    for (const [itemId, body] of [
      ['gate', { answer: 'yes' }],
      ['manager', { answer: 'no', targetOn: '2025-03-31', comment: '任命予定' }],
      ['old-item', { answer: 'yes' }],
      ['ledger', { answer: 'yes', responsible: '佐藤' }],
      ['backup', { answer: 'na' }],
    ] as const) {
      const res = await put(admin, id6, itemId, body);
      expect(res.statusCode, res.body).toBe(200);
    }
    await admin.upload(`/api/v1/assessments/${id6}/evidence/file?itemId=ledger&validUntil=2026-03-31`, Buffer.from('valid'), 'text/plain', { 'x-file-name': 'valid.txt' });
    await admin.upload(`/api/v1/assessments/${id6}/evidence/file?itemId=ledger&validUntil=2025-06-30`, Buffer.from('expires'), 'text/plain', { 'x-file-name': 'old.txt' });
    env.clock.set(new Date('2025-10-01T01:00:00Z'));

    expect((await it_.post(`/api/v1/assessments/${r7}/carry-over`, { version: 'r7' })).statusCode).toBe(403);
    const res = await admin.post(`/api/v1/assessments/${id6}/carry-over`, { version: 'r7' });
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json() as AssessmentDetailDto;
    expect(d.assessment).toMatchObject({ frameworkVersion: 'r7', fiscalYear: 2025, carriedFromId: id6 });
    expect(itemOf(d, 'manager').answer).toMatchObject({ answer: 'no', checkedOn: null, targetOn: null, comment: '任命予定', carriedOver: true });
    expect(itemOf(d, 'ledger').answer).toMatchObject({ answer: 'yes', responsible: '佐藤', carriedOver: true });
    expect(itemOf(d, 'ledger').problems).toEqual([{ key: 'problem_no_checked_on' }, { key: 'problem_carried_over' }]);
    expect(itemOf(d, 'ledger').evidence.map((e) => e.fileName)).toEqual(['valid.txt']);
    expect(itemOf(d, 'maturity').answer).toBeNull();
    expect((await admin.post(`/api/v1/assessments/${id6}/carry-over`, { version: 'r7' })).statusCode).toBe(409);

    // Re-confirming ends the carried-over mark and gives today's 確認日.
    const again = (await put(admin, d.assessment.id, 'ledger', { answer: 'yes' })).json() as AssessmentItemStateDto;
    expect(again.answer).toMatchObject({ carriedOver: false, checkedOn: '2025-10-01' });
    expect(again.problems).toEqual([]);

    await put(admin, d.assessment.id, 'manager', { answer: 'yes' });
    await put(admin, d.assessment.id, 'backup', { answer: 'no', targetOn: '2026-03-31' });
    const cmp = await admin.get(`/api/v1/assessments/compare?a=${id6}&b=${d.assessment.id}`);
    expect(cmp.statusCode, cmp.body).toBe(200);
    const rows = (cmp.json() as CompareDto).rows;
    expect(rows.map((r) => [r.itemId, r.change])).toEqual([
      ['gate', 'same'],
      ['manager', 'improved'],
      ['ledger', 'same'],
      ['backup', 'worsened'],
      ['maturity', 'added'],
      ['old-item', 'removed'],
    ]);
    expect(rows.find((r) => r.itemId === 'manager')!.number).toBe('1①');
    // Assessments of two facilities are not compared.
    expect((await admin.get(`/api/v1/assessments/compare?a=${id6}&b=${r7}`)).statusCode).toBe(400);
    expect((await smB.get(`/api/v1/assessments/compare?a=${id6}&b=${d.assessment.id}`)).statusCode).toBe(404);
  });

  it('shows a vendor user only its own vendor sheet', async () => {
    const res = await create(sm, A.id, { frameworkId: 'test-vendor', version: 'r7', vendorId: V1 });
    expect(res.statusCode, res.body).toBe(201);
    const sheet = (res.json() as AssessmentDetailDto).assessment;
    expect(sheet).toMatchObject({ sheet: 'vendor', vendor: { id: V1, name: 'みなとメディカル株式会社' } });

    const seen = await detail(vendor1, sheet.id);
    expect(seen.allowed).toMatchObject({ answer: true, manage: false, signManager: false, submit: true });
    expect(seen.items.every((i) => i.suggestion === null)).toBe(true);
    expect((await vendor1.get(`/api/v1/assessments/${r7}`)).statusCode).toBe(404);
    expect((await vendor2.get(`/api/v1/assessments/${sheet.id}`)).statusCode).toBe(404);
    const list = (await vendor1.get(`/api/v1/facilities/${A.id}/assessments`)).json() as { items: AssessmentSummaryDto[] };
    expect(list.items.map((a) => a.id)).toEqual([sheet.id]);
    expect(((await vendor2.get(`/api/v1/facilities/${A.id}/assessments`)).json() as { items: unknown[] }).items).toEqual([]);

    const answered = await put(vendor1, sheet.id, 'v-mfa', { answer: 'yes' });
    expect(answered.statusCode, answered.body).toBe(200);
    expect((answered.json() as AssessmentItemStateDto).answer).toMatchObject({ updatedBy: 'vendor1@a.jp' });
    expect((await put(vendor2, sheet.id, 'v-mfa', { answer: 'no' })).statusCode).toBe(404);
    expect((await vendor1.post(`/api/v1/assessments/${sheet.id}/signoff`, { role: 'manager' })).statusCode).toBe(403);
    expect(codeOf((await sm.post(`/api/v1/assessments/${sheet.id}/signoff`, { role: 'manager' })).json())).toBe('INVALID_STATE');
    expect((await vendor1.delete(`/api/v1/assessments/${sheet.id}`)).statusCode).toBe(403);
    const record = await vendor1.post(`/api/v1/assessments/${sheet.id}/evidence`, { itemId: 'v-mfa', kind: 'record', title: 'x', recordType: 'asset', recordId: assetA });
    expect(issuesOf(record.json())).toEqual(['kind:not_allowed']);
    const file = await vendor1.upload(`/api/v1/assessments/${sheet.id}/evidence/file?itemId=v-mfa`, Buffer.from('MFA設定画面'), 'image/png', { 'x-file-name': 'mfa.png' });
    expect(file.statusCode, file.body).toBe(201);
  });

  it('turns a gap into an action linked to the item', async () => {
    const res = await create(sm, A.id, { frameworkId: 'test-hospital', version: 'r6' });
    const id = (res.json() as AssessmentDetailDto).assessment.id;
    await put(sm, id, 'manager', { answer: 'no', targetOn: '2025-03-31', checkedOn: '2025-03-01' });
    expect((await auditor.post(`/api/v1/assessments/${id}/items/manager/actions`, {})).statusCode).toBe(403);
    const made = await it_.post(`/api/v1/assessments/${id}/items/manager/actions`, { dueOn: '2026-03-31' });
    expect(made.statusCode, made.body).toBe(201);
    const s = made.json() as AssessmentItemStateDto;
    expect(s.actions).toEqual([expect.objectContaining({ title: '1(1) 医療情報システム安全管理責任者を設置している', status: 'open', dueOn: '2026-03-31' })]);
    expect(itemOf(await detail(auditor, id), 'manager').actions).toHaveLength(1);

    // Deleting (not locked): the assessment is gone for everyone.
    expect((await it_.delete(`/api/v1/assessments/${id}`)).statusCode).toBe(403);
    expect((await sm.delete(`/api/v1/assessments/${id}`)).statusCode).toBe(200);
    expect((await sm.get(`/api/v1/assessments/${id}`)).statusCode).toBe(404);
  });
});
