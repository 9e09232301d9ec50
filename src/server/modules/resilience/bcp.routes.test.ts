import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import type { BcpOverviewDto, BcpVersionDto } from '../../../shared/contracts/resilience-bcp.contract.ts';
import { ZVendorCreate } from '../../../shared/contracts/vendors.contract.ts';
import { BCP_CHECKLIST_ITEMS, BCP_SECTION_LABELS, BCP_SECTIONS, type BcpContent } from '../../../shared/resilience/bcp.ts';
import { pdfText } from '../../reports/test-support.ts';
import { buildTestApp, createTestEnv, DIALECTS, fails, invalidWith, makeFacility, makeUsers, ok, signIn, SYSTEM, type TestClient, type TestEnv } from '../../testing/harness.ts';
import { insertAssetTx } from '../ledger/index.ts';
import { insertVendorTx } from '../vendors/index.ts';
import { currentBcpOf } from './bcp.service.ts';

/** 事業継続計画(BCP) over HTTP on real databases: versions, the approval workflow, permissions, completeness, the print. */
describe.each(DIALECTS)('cyber BCP (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let B: TFacility;
  let sm: TestClient;
  let exec: TestClient;
  let it_: TestClient;
  let auditor: TestClient;
  let staff: TestClient;
  let smB: TestClient;
  let ids: Record<'sm' | 'exec' | 'it', string>;
  let made: Awaited<ReturnType<typeof makeAll>>;
  const makeAll = () =>
    makeUsers(env, {
      sm: ['sm@bcp.jp', 'security_manager', A.id],
      exec: ['exec@bcp.jp', 'executive', A.id],
      it: ['it@bcp.jp', 'it_staff', A.id],
      auditor: ['auditor@bcp.jp', 'auditor', A.id],
      staff: ['staff@bcp.jp', 'staff', A.id],
      smB: ['sm@bcpb.jp', 'security_manager', B.id],
    });
  /** Signs everyone in again (after the clock jumped past the session lifetime). */
  const relogin = async () => {
    ({ sm, exec, it: it_, auditor, staff, smB } = await signIn(app, env, made));
  };

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    env.clock.set(new Date('2026-04-10T01:00:00Z'));
    A = await makeFacility(env, 'BA', 'みなと総合病院');
    B = await makeFacility(env, 'BB');
    made = await makeAll();
    ids = { sm: made.sm.id, exec: made.exec.id, it: made.it.id };
    app = await buildTestApp(env);
    await relogin();
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const base = (f: TFacility) => `/api/v1/facilities/${f.id}/bcp`;
  const vurl = (id: string, suffix = '') => `/api/v1/bcp-versions/${id}${suffix}`;
  const auditOf = (id: string) => env.deps.db.selectFrom('audit_log').select(['action', 'after_json']).where('entity_type', '=', 'bcp_version').where('entity_id', '=', id).orderBy('seq').execute();
  const notified = (kind: string) => env.deps.db.selectFrom('notifications').select(['user_id', 'params', 'link']).where('kind', '=', kind).orderBy('created_at').execute();

  /** Fills the required sections the first draft leaves open. */
  function complete(c: BcpContent, assetId: string | null, vendorId: string | null): BcpContent {
    return {
      ...c,
      command: { ...c.command, place: '本館2階 第1会議室' },
      departments: c.departments.map((d) => ({ ...d, paperProcedure: `${d.name}: 紙の伝票と受付簿で運用する`, materials: '各部署の赤いファイル' })),
      recovery: [{ assetId, systemName: '電子カルテ', procedure: '隔離したバックアップサーバから復元し、ウイルス検索の後に接続する', owner: '情報システム課', vendorIds: vendorId ? [vendorId] : [], prerequisites: 'ネットワークの遮断' }],
      checklist: { [BCP_CHECKLIST_ITEMS[0]!.id]: { checked: true, note: '2026年3月更新' } },
    };
  }

  const save = (c: TestClient, v: BcpVersionDto, content: BcpContent) => c.request('PUT', vurl(v.id, '/content'), { content, expectedVersion: v.version });

  it('runs draft → submit → return → approve → a new version copying the approved one → supersede', async () => {
    const empty = ok<BcpOverviewDto>(await auditor.get(base(A)));
    expect(empty).toMatchObject({ versions: [], current: null, openDraft: null, reviewDueOn: null, reviewOverdue: false, canCreateDraft: false, sentence: { ja: 'BCPはまだ作成されていません。' } });
    expect(ok<BcpOverviewDto>(await sm.get(base(A))).canCreateDraft).toBe(true);

    // Starting a version is the security manager's (bcp.manage); IT staff then edit it. 第1版 from the defaults.
    expect(ok<BcpOverviewDto>(await it_.get(base(A))).canCreateDraft).toBe(false);
    fails(await it_.post(base(A)), 403, 'FORBIDDEN');
    const v1 = ok<BcpVersionDto>(await sm.post(base(A)), 201);
    expect(v1).toMatchObject({ number: 1, status: 'draft', basedOnId: null, createdBy: { id: ids.sm }, version: 1, lastReturn: null });
    expect(v1.content.departments).toHaveLength(8);
    expect(v1.completeness).toMatchObject({ complete: false, missingRequired: ['command', 'departments', 'recovery'] });
    expect(ok<BcpVersionDto>(await it_.get(vurl(v1.id))).can).toEqual({ edit: true, submit: false, return: false, approve: false, delete: false });
    fails(await sm.post(base(A)), 409, 'INVALID_STATE');

    const asset = await env.deps.db
      .transaction()
      .execute(async (trx) => (await insertAssetTx(env.deps, trx, SYSTEM, A.id, { name: '電子カルテ', type: 'server', criticality: 1, ips: [], macs: [], tags: [], holdsPatientData: true, exposure: 'internal' })).id);
    const vendor = await env.deps.db.transaction().execute(async (trx) => (await insertVendorTx(env.deps, trx, SYSTEM, A.id, ZVendorCreate.parse({ name: '港メディカルシステムズ' }))).id);

    // Submitting an incomplete draft names the sections.
    invalidWith(await sm.post(vurl(v1.id, '/submit')), [
      { path: 'content.command', message: 'section_incomplete' },
      { path: 'content.departments', message: 'section_incomplete' },
      { path: 'content.recovery', message: 'section_incomplete' },
    ]);

    env.clock.advance(60_000);
    const saved = ok<BcpVersionDto>(await save(it_, v1, complete(v1.content, asset, vendor)));
    expect(saved).toMatchObject({ version: 2, completeness: { complete: true, missingRequired: [] } });
    expect(saved.completeness.checklist.checked).toBe(1);
    // Autosave with the same content changes nothing; a stale version conflicts.
    expect(ok<BcpVersionDto>(await save(it_, saved, saved.content)).version).toBe(2);
    fails(await save(sm, v1, saved.content), 409, 'CONFLICT');

    // IT staff edits but cannot submit; the security manager submits; the executives are told.
    fails(await it_.post(vurl(v1.id, '/submit')), 403, 'FORBIDDEN');
    const submitted = ok<BcpVersionDto>(await sm.post(vurl(v1.id, '/submit'), { expectedVersion: 2 }));
    expect(submitted).toMatchObject({ status: 'in_review', submittedBy: { id: ids.sm }, can: { edit: false, submit: false, return: true, approve: false, delete: false } });
    expect((await notified('bcp.submitted')).map((n) => n.user_id)).toEqual([ids.exec]);
    fails(await save(it_, submitted, submitted.content), 409, 'INVALID_STATE');
    fails(await sm.post(vurl(v1.id, '/approve')), 403, 'FORBIDDEN');
    fails(await sm.delete(vurl(v1.id)), 409, 'INVALID_STATE');

    // The executive returns it with a reason; the security managers are told.
    invalidWith(await exec.post(vurl(v1.id, '/return'), { reason: ' ' }), [{ path: 'body.reason' }]);
    const returned = ok<BcpVersionDto>(await exec.post(vurl(v1.id, '/return'), { reason: '給食部門の手順を栄養科と確認してください' }));
    expect(returned).toMatchObject({ status: 'draft', submittedAt: null, lastReturn: { by: 'exec', reason: '給食部門の手順を栄養科と確認してください' } });
    const ret = await notified('bcp.returned');
    expect(ret.map((n) => n.user_id)).toEqual([ids.sm]);
    expect(JSON.parse(ret[0]!.params)).toMatchObject({ number: 1, reason: '給食部門の手順を栄養科と確認してください' });

    // Submitted again and approved by the executive: approver name, review date, notification.
    ok(await sm.post(vurl(v1.id, '/submit')));
    fails(await it_.post(vurl(v1.id, '/approve')), 403, 'FORBIDDEN');
    const approved = ok<BcpVersionDto>(await exec.post(vurl(v1.id, '/approve'), { note: '理事会報告済み' }));
    expect(approved).toMatchObject({ status: 'approved', approvedBy: { id: ids.exec }, approverName: 'exec', approvalNote: '理事会報告済み', reviewDueOn: '2027-04-09', lastReturn: null });
    expect((await notified('bcp.approved')).map((n) => n.user_id)).toEqual([ids.sm]);
    fails(await exec.post(vurl(v1.id, '/approve')), 409, 'INVALID_STATE');
    const overview = ok<BcpOverviewDto>(await auditor.get(base(A)));
    expect(overview).toMatchObject({ current: { id: v1.id }, openDraft: null, reviewDueOn: '2027-04-09', reviewOverdue: false });
    expect(overview.sentence.ja).toBe('第1版を2026年4月10日(金)に承認済み。次の見直し期限: 2027年4月9日(金)');

    // 第2版 copies the approved one; approving it supersedes 第1版.
    const v2 = ok<BcpVersionDto>(await sm.post(base(A)), 201);
    expect(v2).toMatchObject({ number: 2, status: 'draft', basedOnId: v1.id });
    expect(v2.content).toEqual(approved.content);
    const v2b = ok<BcpVersionDto>(await save(sm, v2, { ...v2.content, triggers: [...v2.content.triggers, { text: '地域の医療機関で同種の攻撃が続いている' }] }));
    ok(await sm.post(vurl(v2.id, '/submit')));
    env.clock.set(new Date('2027-05-01T01:00:00Z'));
    await relogin();
    // Before the approval, the 第1版 review date has passed.
    expect(ok<BcpOverviewDto>(await auditor.get(base(A)))).toMatchObject({ reviewOverdue: true, openDraft: { id: v2.id, status: 'in_review' } });
    ok(await exec.post(vurl(v2.id, '/approve')));
    const after = ok<BcpOverviewDto>(await auditor.get(base(A)));
    expect(after.versions.map((v) => [v.number, v.status])).toEqual([
      [2, 'approved'],
      [1, 'superseded'],
    ]);
    expect(after).toMatchObject({ current: { id: v2.id }, reviewOverdue: false, reviewDueOn: '2028-04-30' });

    const current = await currentBcpOf(env.deps.db, A.id);
    expect(current.approved).toMatchObject({ id: v2.id, number: 2 });
    expect(current.approved!.content.triggers).toHaveLength(v2b.content.triggers.length);
    expect(current.draft).toBeNull();

    expect((await auditOf(v1.id)).map((a) => a.action)).toEqual(['create', 'update', 'submit', 'return', 'submit', 'approve', 'supersede']);
    expect(JSON.parse((await auditOf(v1.id))[1]!.after_json!)).toEqual({ version: 2, sections: ['command', 'departments', 'recovery', 'checklist'] });
  });

  it('deletes drafts only, by the security manager, and validates references', async () => {
    const f = await makeFacility(env, 'BD');
    const made = await makeUsers(env, { sm: ['sm@bd.jp', 'security_manager', f.id], it: ['it@bd.jp', 'it_staff', f.id] });
    const c = await signIn(app, env, made);
    const d = ok<BcpVersionDto>(await c.sm.post(base(f)), 201);
    invalidWith(await save(c.it, d, { ...d.content, recovery: [{ assetId: 'nope', systemName: 'X', procedure: 'p', owner: '', vendorIds: ['nov'], prerequisites: '' }] }), [
      { path: 'content.recovery.0.assetId', message: 'asset_not_found' },
      { path: 'content.recovery.0.vendorIds.0', message: 'vendor_not_found' },
    ]);
    fails(await c.it.delete(vurl(d.id)), 403, 'FORBIDDEN');
    ok(await c.sm.delete(vurl(d.id)));
    fails(await c.sm.get(vurl(d.id)), 404, 'NOT_FOUND');
    expect((await auditOf(d.id)).map((a) => a.action)).toEqual(['create', 'delete']);
    // The deleted draft never counted: the next one is 第1版 again.
    expect(ok<BcpVersionDto>(await c.sm.post(base(f)), 201).number).toBe(1);
  });

  it('keeps facilities apart and lets only the right roles in', async () => {
    const d = (await currentBcpOf(env.deps.db, A.id)).approved!;
    fails(await smB.get(vurl(d.id)), 404, 'NOT_FOUND');
    fails(await smB.get(base(A)), 404, 'NOT_FOUND');
    fails(await smB.post(vurl(d.id, '/return'), { reason: 'x' }), 404, 'NOT_FOUND');
    fails(await staff.get(base(A)), 403, 'FORBIDDEN');
    fails(await auditor.post(base(A)), 403, 'FORBIDDEN');
    fails(await exec.post(base(A)), 403, 'FORBIDDEN');
    expect(ok<BcpVersionDto>(await auditor.get(vurl(d.id))).can).toEqual({ edit: false, submit: false, return: false, approve: false, delete: false });
  });

  it('prints every section with the version and status on the page (HTML), in Japanese and English', async () => {
    const v = (await currentBcpOf(env.deps.db, A.id)).approved!;
    const res = await auditor.get(vurl(v.id, '/export?format=html'));
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.body;
    for (const s of BCP_SECTIONS) expect(html).toContain(BCP_SECTION_LABELS[s].ja);
    for (const text of ['みなと総合病院 事業継続計画(BCP) 第2版', '第2版 承認済み', '承認者', 'exec', '本館2階 第1会議室', '紙の伝票と受付簿で運用する', '隔離したバックアップサーバから復元', '港メディカルシステムズ', '電子カルテが30分以上使えず', '報道機関向け', '☑ 確認済み', '平時', '事後対応']) {
      expect(html).toContain(text);
    }
    expect(html).toContain('@top-right');
    // The recovery order comes live from the ledger (the EMR of criticality 1 is a system needed for care).
    expect(html).toMatch(/復旧順序\(台帳の重要度と依存関係から[^<]*<\/h3><table>.*<td>電子カルテ<\/td>/s);
    expect(html).not.toMatch(/<script/i);
    const en = (await auditor.get(vurl(v.id, '/export?format=html&lang=en'))).body;
    expect(en).toContain('Version 2 Approved');
    expect(en).toContain('Paper-based operation per department');
    // A draft is marked as not approved.
    const draft = ok<BcpVersionDto>(await sm.post(base(A)), 201);
    const dhtml = (await sm.get(vurl(draft.id, '/export?format=html'))).body;
    expect(dhtml).toContain('第3版 下書き');
    expect(dhtml).toContain('この版は承認されていません。');
    const audit = await auditOf(v.id);
    expect(audit.filter((a) => a.action === 'export')).toHaveLength(2);
    ok(await sm.delete(vurl(draft.id)));
  });

  it.runIf(dialect === 'sqlite')('PDF: the status on every page and each section in Japanese', { timeout: 120_000 }, async () => {
    const v = (await currentBcpOf(env.deps.db, A.id)).approved!;
    const res = await auditor.get(vurl(v.id, '/export?format=pdf'));
    expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pages = await pdfText(res.rawPayload);
    expect(pages.length).toBeGreaterThan(1);
    for (const p of pages) expect(p).toContain('第2版承認済み');
    const all = pages.join('');
    for (const s of BCP_SECTIONS) expect(all).toContain(BCP_SECTION_LABELS[s].ja.replace(/\s+/g, ''));
    expect(all).toContain('紙の伝票と受付簿で運用する');
  });
});
