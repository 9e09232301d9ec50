import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactChartDto, ContactEntryDto } from '../../../shared/contracts/contacts.contract.ts';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import { ZVendorCreate } from '../../../shared/contracts/vendors.contract.ts';
import { renderReason } from '../../../shared/assessments/reasons.ts';
import { FrameworkDefinition } from '../../../shared/assessments/framework.ts';
import { pdfText } from '../../reports/test-support.ts';
import { buildTestApp, createTestEnv, DIALECTS, fails, grantRoles, idsOf, invalidWith, makeFacility, makeUsers, ok, signIn, SYSTEM, TestClient, type TestEnv } from '../../testing/harness.ts';
import { evaluateFramework } from '../assessments/rules/index.ts';
import { insertAssetTx } from '../ledger/index.ts';
import { insertContactTx, insertVendorTx } from '../vendors/index.ts';

/** One framework item naming the contact chart rule (checklist 3(1)). */
const FRAMEWORK = FrameworkDefinition.parse({
  id: 'contact-chart-test',
  version: 'v1',
  title: { ja: '連絡体制図の試験', en: 'Contact chart test' },
  publisher: { ja: '試験', en: 'Test' },
  sections: [{ id: 's', title: { ja: '全項目', en: 'All' }, items: [{ id: 'chart', number: '3(1)', text: { ja: '連絡体制図', en: 'Contact chart' }, rule: 'incidents.contact_chart', verified: true }] }],
});

/** 連絡体制図 over HTTP on real databases: CRUD, validation, call order, deputies, permissions, version, rule, print. */
describe.each(DIALECTS)('contact chart (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let B: TFacility;
  let sm: TestClient;
  let staff: TestClient;
  let smB: TestClient;
  let n = 0;
  const users = {} as Record<'sm' | 'exec' | 'it' | 'staff' | 'vendor' | 'smB', string>;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    A = await makeFacility(env, 'CA', 'みなと試験病院');
    B = await makeFacility(env, 'CB');
    const made = await makeUsers(env, {
      sm: ['sm@a.jp', 'security_manager', A.id],
      exec: ['exec@a.jp', 'executive', A.id],
      it: ['it@a.jp', 'it_staff', A.id],
      staff: ['staff@a.jp', 'staff', A.id],
      vendor: ['vendor@a.jp', 'vendor', A.id],
      smB: ['sm@b.jp', 'security_manager', B.id],
    });
    Object.assign(users, idsOf(made));
    app = await buildTestApp(env);
    ({ sm, staff, smB } = await signIn(app, env, made, ['sm', 'staff', 'smB']));
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const chartUrl = (f: TFacility, suffix = '') => `/api/v1/facilities/${f.id}/contact-chart${suffix}`;
  /** A fresh facility where the test's security manager, executive and staff member hold their roles too. */
  const facility = async () => {
    const f = await makeFacility(env, `CX${++n}`);
    await grantRoles(env, f.id, [
      [users.sm, 'security_manager'],
      [users.exec, 'executive'],
      [users.staff, 'staff'],
    ]);
    return f;
  };
  const add = async (f: TFacility, body: Record<string, unknown>, c = sm) => ok<ContactEntryDto>(await c.post(chartUrl(f, '/entries'), body), 201);
  const chart = async (f: TFacility, c = sm) => ok<ContactChartDto>(await c.get(chartUrl(f)));
  const put = (c: TestClient, url: string, body: unknown) => c.request('PUT', url, body);
  const vendor = (f: TFacility, name: string) => env.deps.db.transaction().execute(async (trx) => (await insertVendorTx(env.deps, trx, SYSTEM, f.id, ZVendorCreate.parse({ name }))).id);
  const vendorContact = (f: TFacility, vendorId: string, name: string, emergency24h = true) =>
    env.deps.db.transaction().execute(async (trx) => (await insertContactTx(env.deps, trx, SYSTEM, f.id, vendorId, { name, phone: '045-000-1111', email: 'desk@vendor.example.jp', emergency24h })).id);
  const supplies = (f: TFacility, vendorId: string) =>
    env.deps.db.transaction().execute((trx) =>
      insertAssetTx(env.deps, trx, SYSTEM, f.id, { name: `server-${++n}`, type: 'server', criticality: 3, ips: [], macs: [], tags: [], holdsPatientData: false, exposure: 'internal', vendorId }),
    );
  const auditOf = (facilityId: string, entityType: string) =>
    env.deps.db.selectFrom('audit_log').select(['entity_type', 'entity_id', 'action', 'before_json', 'after_json']).where('facility_id', '=', facilityId).where('entity_type', '=', entityType).orderBy('seq').execute();
  const internal = (roleLabel: string, extra: Record<string, unknown> = {}) => ({ side: 'internal', kind: 'it', roleLabel, phone: '090-0000-0000', ...extra });
  const evaluate = async (f: TFacility) => (await evaluateFramework(env.deps, f.id, FRAMEWORK, env.clock.now())).get('chart')!;

  it('adds, reads, changes and deletes entries; audits each write', async () => {
    const f = await facility();
    const empty = await chart(f);
    expect(empty).toMatchObject({ facilityId: f.id, facilityName: f.name, internal: [], external: [], updatedAt: null, completeness: { complete: false, reasons: [{ key: 'contacts_empty' }] } });
    expect(empty.version).toMatch(/^[0-9a-f]{12}$/);

    const head = await add(f, { side: 'internal', kind: 'executive', roleLabel: '院長', userId: users.exec, phone: '090-1111-2222', email: 'incho@a.jp', availability: '24時間' });
    expect(head).toMatchObject({ side: 'internal', kind: 'executive', position: 1, roleLabel: '院長', user: { id: users.exec, name: 'exec' }, vendor: null, phone: '090-1111-2222', deputyForId: null });
    const changed = ok<ContactEntryDto>(await sm.patch(`/api/v1/contact-entries/${head.id}`, { phoneAlt: '045-111-2222', notes: '夜間は携帯へ', expectedUpdatedAt: head.updatedAt }));
    expect(changed).toMatchObject({ phoneAlt: '045-111-2222', notes: '夜間は携帯へ', phone: '090-1111-2222' });
    // A stale expectedUpdatedAt is a conflict.
    env.clock.advance(1000);
    ok(await sm.patch(`/api/v1/contact-entries/${head.id}`, { notes: '夜間は携帯へ連絡' }));
    fails(await sm.patch(`/api/v1/contact-entries/${head.id}`, { notes: 'x', expectedUpdatedAt: changed.updatedAt }), 409, 'CONFLICT');

    const read = await chart(f, staff);
    expect(read.internal.map((e) => e.roleLabel)).toEqual(['院長']);
    expect(read.updatedAt).not.toBeNull();

    ok(await sm.delete(`/api/v1/contact-entries/${head.id}`));
    expect((await chart(f)).internal).toEqual([]);
    fails(await sm.delete(`/api/v1/contact-entries/${head.id}`), 404, 'NOT_FOUND');
    expect((await auditOf(f.id, 'contact_entry')).map((r) => r.action)).toEqual(['create', 'update', 'update', 'delete']);
  });

  it('refuses invalid entries with stable keys', async () => {
    const f = await facility();
    const v1 = await vendor(f, '株式会社ワン');
    const v2 = await vendor(f, '株式会社ツー');
    const c2 = await vendorContact(f, v2, 'ツー保守窓口');
    const other = await facility();
    const foreignVendor = await vendor(other, '他院の業者');
    const url = chartUrl(f, '/entries');
    invalidWith(await sm.post(url, { side: 'internal', kind: 'police', roleLabel: '警察', phone: '110' }), [{ path: 'kind', message: 'kind_not_of_side' }]);
    invalidWith(await sm.post(url, { side: 'external', kind: 'executive', roleLabel: '院長', phone: '110' }), [{ path: 'kind', message: 'kind_not_of_side' }]);
    invalidWith(await sm.post(url, internal('担当', { userId: users.vendor })), [{ path: 'userId', message: 'unknown_user' }]);
    invalidWith(await sm.post(url, internal('担当', { userId: users.smB })), [{ path: 'userId', message: 'unknown_user' }]);
    invalidWith(await sm.post(url, { side: 'external', kind: 'vendor', roleLabel: '保守', vendorId: foreignVendor, phone: '045' }), [{ path: 'vendorId', message: 'unknown_vendor' }]);
    invalidWith(await sm.post(url, { side: 'external', kind: 'vendor', roleLabel: '保守', vendorId: v1, vendorContactId: c2, phone: '045' }), [
      { path: 'vendorContactId', message: 'contact_of_other_vendor' },
    ]);
    invalidWith(await sm.post(url, internal('担当', { vendorId: v1 })), [{ path: 'vendorId', message: 'external_only' }]);
    invalidWith(await sm.post(url, { side: 'internal', kind: 'it', roleLabel: '連絡先なし' }), [{ path: 'phone', message: 'phone_or_email_required' }]);
    invalidWith(await sm.post(url, { side: 'internal', kind: 'it', roleLabel: '連絡先なし', notes: '内線は後で' }), [{ path: 'phone', message: 'phone_or_email_required' }]);
    invalidWith(await sm.post(url, { side: 'external', kind: 'mhlw', roleLabel: '厚生労働省' }), [{ path: 'phone', message: 'phone_or_email_required' }]);
    // An outside party whose number is not known yet may carry a note on where to confirm it instead.
    expect(await add(f, { side: 'external', kind: 'mhlw', roleLabel: '厚生労働省', notes: '最新の連絡先を厚労省サイトで確認' })).toMatchObject({ phone: null, email: null });
    invalidWith(await sm.post(url, internal('代理', { deputyForId: '01900000-0000-7000-8000-000000000000' })), [{ path: 'deputyForId', message: 'unknown_entry' }]);
    // Format checks come from the contract.
    fails(await sm.post(url, internal('担当', { phone: 'call me' })), 400, 'VALIDATION_FAILED');
    // A deleted vendor is no longer live.
    await env.deps.db.updateTable('vendors').set({ deleted_at: env.clock.now().toISOString() }).where('id', '=', v1).execute();
    invalidWith(await sm.post(url, { side: 'external', kind: 'vendor', roleLabel: '保守', vendorId: v1, phone: '045' }), [{ path: 'vendorId', message: 'unknown_vendor' }]);
    // With its own vendor contact and no phone or email, the contact's are taken over.
    const taken = await add(f, { side: 'external', kind: 'vendor', roleLabel: '障害受付', vendorId: v2, vendorContactId: c2 });
    expect(taken).toMatchObject({ vendor: { id: v2, name: '株式会社ツー' }, vendorContactId: c2, name: 'ツー保守窓口', phone: '045-000-1111', email: 'desk@vendor.example.jp' });
    // Clearing both phone and email of an entry is refused.
    invalidWith(await sm.patch(`/api/v1/contact-entries/${taken.id}`, { phone: null, email: null }), [{ path: 'phone', message: 'phone_or_email_required' }]);
  });

  it('keeps positions dense on insert, delete and reorder; a reorder must list exactly the side', async () => {
    const f = await facility();
    const a = await add(f, internal('A'));
    const b = await add(f, internal('B'));
    const c = await add(f, internal('C', { position: 1 }));
    const x = await add(f, { side: 'external', kind: 'police', roleLabel: '警察', phone: '110' });
    const far = await add(f, internal('D', { position: 99 }));
    expect(far.position).toBe(4);
    const positions = (d: ContactChartDto) => d.internal.map((e) => `${e.position}:${e.roleLabel}`);
    expect(positions(await chart(f))).toEqual(['1:C', '2:A', '3:B', '4:D']);
    expect((await chart(f)).external.map((e) => e.position)).toEqual([1]);

    ok(await sm.delete(`/api/v1/contact-entries/${a.id}`));
    expect(positions(await chart(f))).toEqual(['1:C', '2:B', '3:D']);

    const order = chartUrl(f, '/order');
    const reordered = ok<ContactChartDto>(await put(sm, order, { side: 'internal', ids: [far.id, b.id, c.id] }));
    expect(positions(reordered)).toEqual(['1:D', '2:B', '3:C']);
    invalidWith(await put(sm, order, { side: 'internal', ids: [far.id, b.id] }), [{ path: 'ids', message: 'must_list_side_exactly' }]);
    invalidWith(await put(sm, order, { side: 'internal', ids: [far.id, b.id, b.id] }), [{ path: 'ids', message: 'must_list_side_exactly' }]);
    invalidWith(await put(sm, order, { side: 'internal', ids: [far.id, b.id, x.id] }), [{ path: 'ids', message: 'must_list_side_exactly' }]);
    expect(positions(await chart(f))).toEqual(['1:D', '2:B', '3:C']);
    expect((await auditOf(f.id, 'contact_entry')).filter((r) => r.action === 'reorder').map((r) => JSON.parse(r.after_json!))).toEqual([{ side: 'internal', ids: [far.id, b.id, c.id] }]);
  });

  it('links deputies without cycles and clears the links when the principal is deleted', async () => {
    const f = await facility();
    const p = await add(f, internal('システム担当'));
    const d = await add(f, internal('システム担当(代理)', { deputyForId: p.id }));
    const d2 = await add(f, internal('代理の代理', { deputyForId: d.id }));
    invalidWith(await sm.patch(`/api/v1/contact-entries/${p.id}`, { deputyForId: d2.id }), [{ path: 'deputyForId', message: 'cycle' }]);
    invalidWith(await sm.patch(`/api/v1/contact-entries/${p.id}`, { deputyForId: p.id }), [{ path: 'deputyForId', message: 'self' }]);
    const ext = await add(f, { side: 'external', kind: 'isp', roleLabel: 'ISP', phone: '0120' });
    invalidWith(await sm.patch(`/api/v1/contact-entries/${p.id}`, { deputyForId: ext.id }), [{ path: 'deputyForId', message: 'unknown_entry' }]);
    // Another facility's entry does not exist here.
    const g = await facility();
    const foreign = await add(g, internal('他院'));
    invalidWith(await sm.patch(`/api/v1/contact-entries/${p.id}`, { deputyForId: foreign.id }), [{ path: 'deputyForId', message: 'unknown_entry' }]);

    ok(await sm.delete(`/api/v1/contact-entries/${p.id}`));
    const after = await chart(f);
    expect(after.internal.map((e) => [e.roleLabel, e.deputyForId])).toEqual([
      ['システム担当(代理)', null],
      ['代理の代理', d.id],
    ]);
    const del = (await auditOf(f.id, 'contact_entry')).find((r) => r.action === 'delete')!;
    expect(JSON.parse(del.after_json!)).toEqual({ deputyLinksCleared: [d.id] });
  });

  it('answers 404 for a foreign facility, 403 to readers who write; staff read', async () => {
    const entry = await add(A, internal('読める人'));
    fails(await smB.get(chartUrl(A)), 404, 'NOT_FOUND');
    fails(await smB.post(chartUrl(A, '/entries'), internal('x')), 404, 'NOT_FOUND');
    fails(await smB.patch(`/api/v1/contact-entries/${entry.id}`, { notes: 'x' }), 404, 'NOT_FOUND');
    fails(await smB.delete(`/api/v1/contact-entries/${entry.id}`), 404, 'NOT_FOUND');
    fails(await put(smB, chartUrl(A, '/order'), { side: 'internal', ids: [entry.id] }), 404, 'NOT_FOUND');
    fails(await smB.get(chartUrl(A, '/export?format=html')), 404, 'NOT_FOUND');
    expect((await chart(A, staff)).internal.map((e) => e.id)).toContain(entry.id);
    fails(await staff.post(chartUrl(A, '/entries'), internal('x')), 403, 'FORBIDDEN');
    fails(await staff.patch(`/api/v1/contact-entries/${entry.id}`, { notes: 'x' }), 403, 'FORBIDDEN');
    fails(await staff.delete(`/api/v1/contact-entries/${entry.id}`), 403, 'FORBIDDEN');
    fails(await put(staff, chartUrl(A, '/order'), { side: 'internal', ids: [entry.id] }), 403, 'FORBIDDEN');
    fails(await new TestClient(app, env).get(chartUrl(A)), 401, 'UNAUTHENTICATED');
  });

  it('changes the version when the content changes, and not otherwise', async () => {
    const f = await facility();
    const e = await add(f, internal('担当', { notes: 'メモ' }));
    const e2 = await add(f, internal('担当2'));
    const v0 = (await chart(f)).version;
    // Same content → same version, whatever time it is; a no-op change and a same-order reorder change nothing.
    env.clock.advance(60_000);
    ok(await sm.patch(`/api/v1/contact-entries/${e.id}`, { notes: 'メモ' }));
    ok(await put(sm, chartUrl(f, '/order'), { side: 'internal', ids: [e.id, e2.id] }));
    expect((await chart(f)).version).toBe(v0);
    ok(await sm.patch(`/api/v1/contact-entries/${e.id}`, { phone: '090-9999-9999' }));
    const v1 = (await chart(f)).version;
    expect(v1).not.toBe(v0);
    // Back to the old content (timestamps differ) → the old version.
    ok(await sm.patch(`/api/v1/contact-entries/${e.id}`, { phone: '090-0000-0000' }));
    expect((await chart(f)).version).toBe(v0);
    ok(await put(sm, chartUrl(f, '/order'), { side: 'internal', ids: [e2.id, e.id] }));
    expect((await chart(f)).version).not.toBe(v0);
  });

  it('says yes only for a complete chart, one reason per gap, and suggests the supplying vendors not yet in it', async () => {
    const f = await facility();
    const emr = await vendor(f, '電子カルテ株式会社');
    const emrDesk = await vendorContact(f, emr, '24時間受付');
    await vendorContact(f, emr, '営業', false);
    const pacs = await vendor(f, 'PACS株式会社');
    await vendor(f, '何も納めていない業者');
    await supplies(f, emr);
    await supplies(f, pacs);

    const start = await evaluate(f);
    expect(start.value).toBe('no');
    expect(start.reasons).toEqual([{ key: 'contacts_empty' }]);

    await add(f, { side: 'internal', kind: 'executive', roleLabel: '院長', phone: '090-1' });
    await add(f, { side: 'internal', kind: 'it', roleLabel: 'システム担当', email: 'it@a.jp' });
    await add(f, { side: 'external', kind: 'vendor', roleLabel: '電子カルテ保守', vendorId: emr, vendorContactId: emrDesk });
    const partial = await evaluate(f);
    expect(partial.value).toBe('no');
    expect(partial.reasons).toEqual([
      { key: 'contacts_internal_phones', params: { count: 1 } },
      { key: 'contacts_no_security_manager' },
      { key: 'contacts_no_mhlw' },
      { key: 'contacts_no_police' },
      { key: 'contacts_suppliers_missing', params: { count: 1 } },
    ]);
    expect(partial.records).toEqual([{ type: 'vendor', id: pacs, label: 'PACS株式会社' }]);
    expect(renderReason(partial.reasons[0]!, 'en')).toBe('1 person inside the hospital has a phone number in the contact chart; at least two are needed');
    // The chart's page says the same, and suggests PACS (no 24-hour contact) but not the vendor that supplies nothing.
    const page = await chart(f);
    expect(page.completeness).toEqual({ complete: false, reasons: partial.reasons });
    expect(page.vendorSuggestions).toEqual([{ vendorId: pacs, vendorName: 'PACS株式会社', contact: null }]);

    await add(f, { side: 'internal', kind: 'security_manager', roleLabel: '安全管理責任者', userId: users.sm, phone: '090-2' });
    await add(f, { side: 'external', kind: 'mhlw', roleLabel: '厚生労働省', email: 'mhlw@example.go.jp' });
    await add(f, { side: 'external', kind: 'police', roleLabel: '県警 サイバー犯罪相談窓口', phone: '045-000-0000' });
    await add(f, { side: 'external', kind: 'vendor', roleLabel: 'PACS保守', vendorId: pacs, phone: '045-2' });
    const done = await evaluate(f);
    expect(done.value).toBe('yes');
    expect(done.reasons).toEqual([{ key: 'contacts_complete', params: { internal: 3, external: 4 } }]);
    expect((await chart(f)).completeness.complete).toBe(true);
    expect((await chart(f)).vendorSuggestions).toEqual([]);

    // Without any vendor entry and no supplying vendor left to name, the missing kind is the gap.
    const g = await facility();
    await add(g, { side: 'internal', kind: 'executive', roleLabel: '院長', phone: '090-1' });
    await add(g, { side: 'internal', kind: 'security_manager', roleLabel: '責任者', phone: '090-2' });
    await add(g, { side: 'external', kind: 'mhlw', roleLabel: '厚労省', phone: '03' });
    await add(g, { side: 'external', kind: 'police', roleLabel: '警察', phone: '110' });
    const noVendor = await evaluate(g);
    expect(noVendor.reasons).toEqual([{ key: 'contacts_no_vendor' }]);
    const noExec = await facility();
    await add(noExec, { side: 'internal', kind: 'it', roleLabel: '担当', phone: '090-1' });
    expect((await evaluate(noExec)).reasons.map((r) => r.key)).toEqual(expect.arrayContaining(['contacts_no_executive']));
  });

  it('prints one self-contained page with the names, the version and large phones; audits the export', async () => {
    const f = await facility();
    const p = await add(f, { side: 'internal', kind: 'security_manager', roleLabel: '医療情報システム安全管理責任者', name: '安全 花子', phone: '090-1234-5678' });
    await add(f, { side: 'internal', kind: 'it', roleLabel: 'システム担当(代理)', name: '情報 次郎', phone: '090-8765-4321', deputyForId: p.id });
    await add(f, { side: 'external', kind: 'police', roleLabel: 'サイバー犯罪相談窓口', organization: '神奈川県警察', phone: '045-000-0000', notes: '<b>サンプル</b>' });
    const version = (await chart(f)).version;
    const res = await staff.get(chartUrl(f, '/export?format=html'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-disposition']).toContain(`mamori-contact-chart-${f.code}-${version}.html`);
    const html = res.body;
    for (const text of [f.name, '連絡体制図', version, '安全 花子', '090-1234-5678', '代理: システム担当(代理)', '神奈川県警察', '警察(サイバー犯罪相談窓口)', '&lt;b&gt;サンプル&lt;/b&gt;']) expect(html).toContain(text);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).not.toContain('<script');
    const en = (await staff.get(chartUrl(f, '/export?format=html&lang=en'))).body;
    expect(en).toContain('Incident contact chart');
    const audit = await auditOf(f.id, 'contact_chart');
    expect(audit.map((r) => JSON.parse(r.after_json!) as { format: string; version: string })).toEqual([
      expect.objectContaining({ format: 'html', lang: 'ja', version }),
      expect.objectContaining({ format: 'html', lang: 'en', version }),
    ]);
  });

  it.runIf(dialect === 'sqlite')('PDF: one A4 page whose text holds the facility, the version and the phones', { timeout: 120_000 }, async () => {
    const f = await facility();
    const p = await add(f, { side: 'internal', kind: 'executive', roleLabel: '院長', name: '港 一郎', phone: '090-1111-2222' });
    await add(f, { side: 'internal', kind: 'security_manager', roleLabel: '医療情報システム安全管理責任者', name: '安全 花子', phone: '090-3333-4444' });
    await add(f, { side: 'internal', kind: 'it', roleLabel: '副院長', name: '代理 太郎', phone: '090-5555-6666', deputyForId: p.id });
    await add(f, { side: 'external', kind: 'mhlw', roleLabel: '医政局 特定医薬品開発支援・医療情報担当参事官室', organization: '厚生労働省', email: 'sample@example.go.jp' });
    await add(f, { side: 'external', kind: 'police', roleLabel: 'サイバー犯罪相談窓口', organization: '神奈川県警察', phone: '045-000-0000' });
    const version = (await chart(f)).version;
    const res = await sm.get(chartUrl(f, '/export?format=pdf'));
    expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pages = await pdfText(res.rawPayload);
    expect(pages).toHaveLength(1);
    for (const text of [f.name, '連絡体制図', version, '港 一郎', '090-1111-2222', '安全 花子', '代理 太郎', '090-5555-6666', '厚生労働省', '神奈川県警察', '045-000-0000']) {
      expect(pages[0]).toContain(text.replace(/\s+/g, ''));
    }
  });
});
