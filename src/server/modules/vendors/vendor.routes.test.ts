import { createHash } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import type { TAssetDetail, TAssetPage } from '../../../shared/contracts/ledger.contract.ts';
import type { TContract, TVendor, TVendorContact, TVendorDetail, TVendorDocument, TVendorPage } from '../../../shared/contracts/vendors.contract.ts';
import { addDays } from '../../../shared/ledger.ts';
import { CONTRACT_CLAUSES, VENDOR_DOCUMENT_MAX_BYTES, VENDOR_FLAGS, type VendorFlag } from '../../../shared/vendors.ts';
import { newId } from '../../lib/ids.ts';
import { buildTestApp, createTestEnv, DIALECTS, makeFacility, makeUser, TestClient, type TestEnv } from '../../testing/harness.ts';

/** 委託事業者 over HTTP on real databases: validation, CRUD and audit, lists and flags, MDS/SDS files, vendor users, isolation, delete. */
describe.each(DIALECTS)('vendors (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let B: TFacility;
  let C: TFacility;
  /** it_staff of A (writes), security manager of A, staff of A (reads), vendor users of A, it_staff of B, it_staff of C. */
  let writer: TestClient;
  let manager: TestClient;
  let staff: TestClient;
  let vendorX: TestClient;
  let vendorNone: TestClient;
  let itB: TestClient;
  let itC: TestClient;
  let ids: Record<'vx' | 'vn' | 'staff' | 'it', string>;
  let n = 0;
  const TODAY = '2026-04-01';

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    A = await makeFacility(env, 'FA');
    B = await makeFacility(env, 'FB');
    C = await makeFacility(env, 'FC');
    const it = await makeUser(env, 'it@a.jp', [{ role: 'it_staff', facilityId: A.id }]);
    await makeUser(env, 'sm@a.jp', [{ role: 'security_manager', facilityId: A.id }]);
    const st = await makeUser(env, 'staff@a.jp', [{ role: 'staff', facilityId: A.id }]);
    const vx = await makeUser(env, 'vx@a.jp', [{ role: 'vendor', facilityId: A.id }]);
    const vn = await makeUser(env, 'vn@a.jp', [{ role: 'vendor', facilityId: A.id }]);
    await makeUser(env, 'it@b.jp', [{ role: 'it_staff', facilityId: B.id }]);
    await makeUser(env, 'it@c.jp', [{ role: 'it_staff', facilityId: C.id }]);
    ids = { vx: vx.id, vn: vn.id, staff: st.id, it: it.id };
    app = await buildTestApp(env);
    const login = async (email: string) => {
      const c = new TestClient(app, env);
      await c.login(email);
      return c;
    };
    writer = await login('it@a.jp');
    manager = await login('sm@a.jp');
    staff = await login('staff@a.jp');
    vendorX = await login('vx@a.jp');
    vendorNone = await login('vn@a.jp');
    itB = await login('it@b.jp');
    itC = await login('it@c.jp');
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const url = (f: TFacility, suffix = '') => `/api/v1/facilities/${f.id}/vendors${suffix}`;
  const assetsUrl = (f: TFacility, suffix = '') => `/api/v1/facilities/${f.id}/assets${suffix}`;
  const ok = <T>(res: LightMyRequestResponse, status = 200): T => {
    expect(res.statusCode, res.body).toBe(status);
    return res.json() as T;
  };
  const fail = (res: LightMyRequestResponse, status: number, code: string) => {
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().error.code).toBe(code);
  };
  const newVendor = async (body: Record<string, unknown> = {}, f = A, c = writer) => ok<TVendorDetail>(await c.post(url(f), { name: `事業者-${++n}`, ...body }), 201);
  const newAsset = async (body: Record<string, unknown>, f = A, c = writer) => ok<TAssetDetail>(await c.post(assetsUrl(f), { name: `asset-${++n}`, type: 'server', criticality: 3, ...body }), 201);
  const auditOf = (entityId: string) => env.deps.db.selectFrom('audit_log').selectAll().where('entity_id', '=', entityId).orderBy('seq').execute();
  const issuesOf = (res: LightMyRequestResponse) =>
    (res.json() as { error: { issues?: { path: string; message: string }[] } }).error.issues?.map((i) => ({ path: i.path.replace(/^body\./, ''), message: i.message })) ?? [];
  const link = async (vendorId: string, userIds: string[]) => ok<TVendorDetail>(await manager.request('PUT', url(A, `/${vendorId}/users`), { userIds }));
  /** An external connection row naming the vendor, inserted directly (the connections module is not under test). */
  const insertConnection = async (facilityId: string, vendorId: string, status: string) => {
    const id = newId();
    const now = env.clock.now().toISOString();
    await env.deps.db
      .insertInto('external_connections')
      .values({
        id,
        facility_id: facilityId,
        name: `line-${++n}`,
        vendor_id: vendorId,
        purpose: null,
        kind: 'ssl_vpn',
        entry_asset_id: null,
        segment_id: null,
        internet_facing: 0,
        auth: 'mfa',
        account_mode: 'named',
        accounts: null,
        allowed_days: '[]',
        allowed_from: null,
        allowed_to: null,
        log_location: null,
        credentials_rotated_on: null,
        review_interval_months: 12,
        status,
        requested_by_user_id: null,
        requested_by: 'test',
        requested_at: now,
        decided_by: null,
        decided_at: null,
        decision_comment: null,
        approved_on: null,
        expires_on: null,
        activated_on: null,
        retired_on: null,
        last_used_on: null,
        notes: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return id;
  };
  /** PUTs a raw file body. */
  const putFile = (c: TestClient, vendorId: string, documentId: string, bytes: Buffer, contentType: string, fileName?: string, f = A) =>
    c.upload(url(f, `/${vendorId}/documents/${documentId}/file`), bytes, contentType, fileName ? { 'x-file-name': encodeURIComponent(fileName) } : {}, 'PUT');
  const pdf = (text: string) => Buffer.from(`%PDF-1.7\n${text}\n%%EOF\n`, 'latin1');

  it('rejects invalid input and names the field', async () => {
    const cases: [string, Record<string, unknown>, string, string?][] = [
      ['bad email', { email: 'support@' }, 'email', 'invalid_email'],
      ['bad phone', { phone: '03-1234-ABCD' }, 'phone', 'invalid_phone'],
      ['script URL', { website: 'javascript:alert(1)' }, 'website', 'invalid_url'],
      ['not a URL', { website: 'www.example.jp' }, 'website', 'invalid_url'],
      ['check digit', { corporateNumber: '1000012050002' }, 'corporateNumber', 'invalid_corporate_number'],
      ['12 digits', { corporateNumber: '700001205000' }, 'corporateNumber', 'invalid_corporate_number'],
      ['empty name', { name: '  ' }, 'name'],
      ['unknown field', { owner: 'x' }, ''],
    ];
    for (const [what, patch, path, message] of cases) {
      const res = await writer.post(url(A), { name: 'バリデーション株式会社', ...patch });
      expect(res.statusCode, what).toBe(400);
      expect(res.json().error.code, what).toBe('VALIDATION_FAILED');
      const issues = issuesOf(res);
      if (path) expect(issues.map((i) => i.path), what).toContain(path);
      if (message) expect(issues.find((i) => i.path === path)?.message, what).toBe(message);
    }
    const v = await newVendor();
    const contactCases: [string, Record<string, unknown>, string][] = [
      ['contact without name', { name: '' }, 'name'],
      ['contact bad phone', { name: 'x', phone: 'abc' }, 'phone'],
    ];
    for (const [what, body, path] of contactCases) {
      const res = await writer.post(url(A, `/${v.id}/contacts`), body);
      expect(res.statusCode, what).toBe(400);
      expect(issuesOf(res).map((i) => i.path), what).toContain(path);
    }
    const badClause = await writer.post(url(A, `/${v.id}/contracts`), { title: 'x', clauses: ['data_handling', 'free_lunch'] });
    expect(badClause.statusCode).toBe(400);
    expect(issuesOf(badClause)[0]?.path).toMatch(/^clauses/);
    const badPeriod = await writer.post(url(A, `/${v.id}/contracts`), { title: 'x', startsOn: '2026-04-01', endsOn: '2026-03-31' });
    expect(badPeriod.statusCode).toBe(400);
    expect(issuesOf(badPeriod)).toEqual([{ path: 'endsOn', message: 'ends_before_start' }]);
    const badDoc = await writer.post(url(A, `/${v.id}/documents`), { kind: 'mds', subject: 'x', receivedOn: '2026-02-30' });
    expect(issuesOf(badDoc)).toContainEqual({ path: 'receivedOn', message: 'invalid_date' });
    expect(await env.deps.db.selectFrom('vendors').select('id').where('name', '=', 'バリデーション株式会社').execute()).toEqual([]);
  });

  it('creates, reads and updates a vendor with before/after in the audit log; フリガナ is stored as katakana; names are unique', async () => {
    const created = await newVendor({
      name: ' みなとメディカル株式会社 ',
      nameKana: 'みなと めでぃかる',
      corporateNumber: '2010401000001',
      address: '東京都港区海岸1-2-3',
      phone: '03-1234-5678',
      email: 'support@minato-medical.example.jp',
      website: 'https://minato-medical.example.jp',
    });
    expect(created).toMatchObject({
      name: 'みなとメディカル株式会社',
      nameKana: 'ミナト メディカル',
      corporateNumber: '2010401000001',
      assetCount: 0,
      connectionCount: 0,
      emergencyContact: null,
      contractEndsOn: null,
      flags: ['no_emergency_contact', 'no_contract'],
      contacts: [],
      contracts: [],
      documents: [],
      users: [],
      checklist: { status: 'not_started', assessmentId: null },
    });
    expect(ok<TVendorDetail>(await staff.get(url(A, `/${created.id}`))).name).toBe('みなとメディカル株式会社');

    env.clock.advance(60_000);
    const updated = ok<TVendorDetail>(await writer.patch(url(A, `/${created.id}`), { notes: 'PACS保守', phone: null, nameKana: 'ﾐﾅﾄﾒﾃﾞｨｶﾙ' }));
    expect(updated).toMatchObject({ notes: 'PACS保守', phone: null, nameKana: 'ミナトメディカル', email: 'support@minato-medical.example.jp' });
    expect(updated.updatedAt > created.updatedAt).toBe(true);

    const audit = await auditOf(created.id);
    expect(audit.map((e) => `${e.entity_type}:${e.action}`)).toEqual(['vendor:create', 'vendor:update']);
    expect(JSON.parse(audit[1]!.before_json!)).toMatchObject({ phone: '03-1234-5678', notes: null });
    expect(JSON.parse(audit[1]!.after_json!)).toMatchObject({ phone: null, notes: 'PACS保守' });
    expect(audit[0]!.facility_id).toBe(A.id);

    // The same name twice is a conflict on `name`, on create and on rename; other facilities may reuse it.
    const dup = await writer.post(url(A), { name: 'みなとメディカル株式会社' });
    fail(dup, 409, 'CONFLICT');
    expect(issuesOf(dup)).toEqual([{ path: 'name', message: 'みなとメディカル株式会社' }]);
    const other = await newVendor();
    fail(await writer.patch(url(A, `/${other.id}`), { name: 'みなとメディカル株式会社' }), 409, 'CONFLICT');
    await newVendor({ name: 'みなとメディカル株式会社' }, B, itB);

    // Another facility's vendor does not exist for A's users and the other way round; readers cannot write.
    fail(await itB.get(url(A, `/${created.id}`)), 404, 'NOT_FOUND');
    fail(await itB.get(url(A)), 404, 'NOT_FOUND');
    fail(await writer.get(url(B, `/${created.id}`)), 404, 'NOT_FOUND');
    fail(await staff.post(url(A), { name: 'x' }), 403, 'FORBIDDEN');
    fail(await staff.patch(url(A, `/${created.id}`), { notes: 'x' }), 403, 'FORBIDDEN');
    fail(await writer.get(url(A, '/no-such-vendor')), 404, 'NOT_FOUND');
  });

  it('keeps contacts in order; the first 24-hour contact is the emergency contact; search finds contact names and phones', async () => {
    const v = await newVendor({ name: '給食サービス株式会社', nameKana: 'キュウショクサービス' });
    const sales = ok<TVendorContact>(await writer.post(url(A, `/${v.id}/contacts`), { name: '山田 太郎', role: '営業担当', phone: '03-5555-0001', email: 'yamada@kyushoku.example.jp' }), 201);
    expect(sales).toMatchObject({ name: '山田 太郎', emergency24h: false, notes: null });
    const desk = ok<TVendorContact>(await writer.post(url(A, `/${v.id}/contacts`), { name: '保守センター', phone: '0120-000-111', emergency24h: true }), 201);
    const night = ok<TVendorContact>(await writer.post(url(A, `/${v.id}/contacts`), { name: '夜間窓口', phone: '0120-000-222', emergency24h: true }), 201);

    const detail = ok<TVendorDetail>(await writer.get(url(A, `/${v.id}`)));
    expect(detail.contacts.map((c) => c.name)).toEqual(['山田 太郎', '保守センター', '夜間窓口']);
    expect(detail.emergencyContact).toEqual({ name: '保守センター', phone: '0120-000-111' });
    expect(detail.flags).not.toContain('no_emergency_contact');

    ok<TVendorContact>(await writer.patch(url(A, `/${v.id}/contacts/${desk.id}`), { emergency24h: false }));
    expect(ok<TVendorDetail>(await writer.get(url(A, `/${v.id}`))).emergencyContact).toEqual({ name: '夜間窓口', phone: '0120-000-222' });
    ok(await writer.delete(url(A, `/${v.id}/contacts/${night.id}`)));
    const after = ok<TVendorDetail>(await writer.get(url(A, `/${v.id}`)));
    expect(after.emergencyContact).toBeNull();
    expect(after.flags).toContain('no_emergency_contact');
    expect((await auditOf(night.id)).map((e) => e.action)).toEqual(['create', 'delete']);
    expect((await auditOf(desk.id)).map((e) => e.action)).toEqual(['create', 'update']);

    // A contact of another vendor is not found under this one.
    const other = await newVendor();
    fail(await writer.patch(url(A, `/${other.id}/contacts/${sales.id}`), { role: 'x' }), 404, 'NOT_FOUND');
    fail(await writer.delete(url(A, `/${other.id}/contacts/${sales.id}`)), 404, 'NOT_FOUND');
    fail(await staff.post(url(A, `/${v.id}/contacts`), { name: 'x' }), 403, 'FORBIDDEN');

    const search = async (q: string) => ok<TVendorPage>(await writer.get(url(A, `?q=${encodeURIComponent(q)}&pageSize=500`))).items.map((i) => i.name);
    expect(await search('給食')).toEqual(['給食サービス株式会社']);
    expect(await search('山田')).toEqual(['給食サービス株式会社']);
    expect(await search('5555-0001')).toEqual(['給食サービス株式会社']);
    expect(await search('きゅうしょく')).toEqual(['給食サービス株式会社']);
    expect(await search('100%_')).toEqual([]);
  });

  it('computes missing clauses and contract flags; the vendor shows the latest end and the contract flags', async () => {
    const v = await newVendor();
    const all = [...CONTRACT_CLAUSES];
    const partial = ok<TContract>(
      await writer.post(url(A, `/${v.id}/contracts`), { title: '保守契約', contractNumber: 'K-2025-01', startsOn: '2025-04-01', endsOn: addDays(TODAY, 30), clauses: ['breach_reporting', 'data_handling', 'data_handling'] }),
      201,
    );
    expect(partial).toMatchObject({ clauses: ['data_handling', 'breach_reporting'], autoRenew: false, flags: ['missing_clauses', 'ending_soon'] });
    expect(partial.missingClauses).toEqual(all.filter((c) => c !== 'data_handling' && c !== 'breach_reporting'));
    let detail = ok<TVendorDetail>(await writer.get(url(A, `/${v.id}`)));
    expect(detail.contractEndsOn).toBe(addDays(TODAY, 30));
    expect(detail.flags).toEqual(['no_emergency_contact', 'contract_missing_clauses']);

    const full = ok<TContract>(await writer.patch(url(A, `/${v.id}/contracts/${partial.id}`), { clauses: all, endsOn: addDays(TODAY, -1) }));
    expect(full).toMatchObject({ missingClauses: [], flags: ['expired'] });
    detail = ok<TVendorDetail>(await writer.get(url(A, `/${v.id}`)));
    expect(detail.flags).toEqual(['no_emergency_contact', 'contract_expired']);

    // An expired contract's missing clauses do not count; a running auto-renewing one clears the expiry.
    const renewing = ok<TContract>(await writer.post(url(A, `/${v.id}/contracts`), { title: '運用委託', endsOn: '2025-03-31', autoRenew: true, clauses: all.slice(1) }), 201);
    expect(renewing.flags).toEqual(['missing_clauses']);
    detail = ok<TVendorDetail>(await writer.get(url(A, `/${v.id}`)));
    expect(detail.flags).toEqual(['no_emergency_contact', 'contract_missing_clauses']);
    expect(detail.contractEndsOn).toBe(addDays(TODAY, -1));
    fail(await writer.patch(url(A, `/${v.id}/contracts/${renewing.id}`), { startsOn: '2025-04-01' }), 400, 'VALIDATION_FAILED');
    ok(await writer.delete(url(A, `/${v.id}/contracts/${renewing.id}`)));
    expect((await auditOf(renewing.id)).map((e) => e.action)).toEqual(['create', 'delete']);
    expect((await auditOf(partial.id)).map((e) => e.action)).toEqual(['create', 'update']);
    fail(await staff.patch(url(A, `/${v.id}/contracts/${partial.id}`), { title: 'x' }), 403, 'FORBIDDEN');
  });

  it('lists in Japanese reading order, pages, sorts, and filters by flag exactly as the flags read', async () => {
    // Facility C holds only these vendors.
    const mk = (body: Record<string, unknown>) => newVendor(body, C, itC);
    const wakaba = await mk({ name: '若葉システム', nameKana: 'わかばしすてむ' });
    const aoi = await mk({ name: 'Aoi Tech', nameKana: 'アオイテック' });
    const gakko = await mk({ name: '学校給食', nameKana: 'ガッコウキュウショク' });
    const kaisha = await mk({ name: '会社A', nameKana: 'かいしゃ' });
    const noKana = await mk({ name: 'Zeta Ltd.' });
    const all = [...CONTRACT_CLAUSES];
    // wakaba: everything in order; aoi: contract missing clauses; gakko: contract expired; kaisha: assets, no MDS/SDS.
    for (const v of [wakaba, aoi, gakko, kaisha]) ok(await itC.post(url(C, `/${v.id}/contacts`), { name: '窓口', emergency24h: true }), 201);
    ok(await itC.post(url(C, `/${wakaba.id}/contracts`), { title: 'c', clauses: all, endsOn: '2027-03-31' }), 201);
    ok(await itC.post(url(C, `/${aoi.id}/contracts`), { title: 'c', clauses: all.slice(3), endsOn: '2027-03-31' }), 201);
    ok(await itC.post(url(C, `/${gakko.id}/contracts`), { title: 'c', clauses: all.slice(3), endsOn: '2026-03-31' }), 201);
    ok(await itC.post(url(C, `/${kaisha.id}/contracts`), { title: 'c', clauses: all, autoRenew: true, endsOn: '2024-03-31' }), 201);
    await newAsset({ vendorId: kaisha.id }, C, itC);
    await newAsset({ vendorId: kaisha.id }, C, itC);
    await newAsset({ vendorId: wakaba.id }, C, itC);
    ok(await itC.post(url(C, `/${wakaba.id}/documents`), { kind: 'mds', subject: '若葉PACS', receivedOn: '2026-01-10' }), 201);
    await insertConnection(C.id, wakaba.id, 'active');
    await insertConnection(C.id, wakaba.id, 'retired');
    await insertConnection(C.id, wakaba.id, 'rejected');

    const list = async (query: string) => ok<TVendorPage>(await itC.get(url(C, query)));
    const page = await list('');
    expect(page.total).toBe(5);
    // By フリガナ, else the name, by code point: a Latin name without フリガナ comes before katakana; アオイ < カイシャ < ガッコウ < ワカバ.
    expect(page.items.map((i) => i.name)).toEqual(['Zeta Ltd.', 'Aoi Tech', '会社A', '学校給食', '若葉システム']);
    const w = page.items.find((i) => i.id === wakaba.id)!;
    expect(w).toMatchObject({ assetCount: 1, connectionCount: 1, emergencyContact: { name: '窓口', phone: null }, contractEndsOn: '2027-03-31', flags: [] });
    expect(page.items.find((i) => i.id === kaisha.id)).toMatchObject({ assetCount: 2, flags: ['no_mds_sds'], contractEndsOn: '2024-03-31' });
    expect(page.items.find((i) => i.id === aoi.id)!.flags).toEqual(['contract_missing_clauses']);
    expect(page.items.find((i) => i.id === gakko.id)!.flags).toEqual(['contract_expired']);
    expect(page.items.find((i) => i.id === noKana.id)!.flags).toEqual(['no_emergency_contact', 'no_contract']);

    expect((await list('?sort=-kana')).items.map((i) => i.id)).toEqual(page.items.map((i) => i.id).reverse());
    expect((await list('?sort=name')).items.map((i) => i.name)).toEqual(['Aoi Tech', 'Zeta Ltd.', '会社A', '学校給食', '若葉システム']);
    expect((await list('?sort=-contractEndsOn')).items.map((i) => i.name)).toEqual(['Aoi Tech', '若葉システム', '学校給食', '会社A', 'Zeta Ltd.']);
    expect((await list('?sort=contractEndsOn')).items.map((i) => i.name)).toEqual(['会社A', '学校給食', 'Aoi Tech', '若葉システム', 'Zeta Ltd.']);
    const second = await list('?pageSize=2&page=2');
    expect(second).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(second.items.map((i) => i.id)).toEqual(page.items.slice(2, 4).map((i) => i.id));

    // The SQL filter and the computed flags agree for every flag.
    for (const flag of VENDOR_FLAGS) {
      const filtered = await list(`?flag=${flag}&pageSize=500`);
      const expected = page.items.filter((i) => i.flags.includes(flag as VendorFlag)).map((i) => i.id);
      expect(filtered.items.map((i) => i.id), flag).toEqual(expected);
      expect(filtered.total, flag).toBe(expected.length);
    }
    fail(await itC.get(url(C, '?flag=nonsense')), 400, 'VALIDATION_FAILED');
  });

  it('stores MDS/SDS files: upload, download the same bytes, replace, refuse wrong or oversized content, delete', async () => {
    const v = await newVendor();
    const doc = ok<TVendorDocument>(await writer.post(url(A, `/${v.id}/documents`), { kind: 'sds', subject: '電子カルテ保守サービス', version: 'JAHIS MDS/SDS Ver.4.0', receivedOn: '2026-03-15' }), 201);
    expect(doc).toMatchObject({ kind: 'sds', file: null, notes: null });
    fail(await writer.get(url(A, `/${v.id}/documents/${doc.id}/file`)), 404, 'NOT_FOUND');

    const bytes = pdf('first');
    const up = ok<TVendorDocument>(await putFile(writer, v.id, doc.id, bytes, 'application/pdf', 'SDS_電子カルテ 2026.pdf'));
    expect(up.file).toEqual({ fileName: 'SDS_電子カルテ 2026.pdf', contentType: 'application/pdf', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });

    // Anyone who reads the vendor downloads the same bytes, as an attachment that is never sniffed.
    const down = await staff.get(url(A, `/${v.id}/documents/${doc.id}/file`));
    expect(down.statusCode).toBe(200);
    expect(down.rawPayload.equals(bytes)).toBe(true);
    expect(down.headers['content-type']).toBe('application/pdf');
    expect(down.headers['x-content-type-options']).toBe('nosniff');
    expect(down.headers['content-disposition']).toBe(`attachment; filename="SDS______ 2026.pdf"; filename*=UTF-8''${encodeURIComponent('SDS_電子カルテ 2026.pdf')}`);

    // Refused: a type that is not PDF/Excel/Word, content that is not what the type says, too large, empty.
    fail(await putFile(writer, v.id, doc.id, Buffer.from('<html></html>'), 'text/html', 'x.html'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const mismatch = await putFile(writer, v.id, doc.id, Buffer.from('MZ\x90\x00 not a pdf'), 'application/pdf', 'x.pdf');
    fail(mismatch, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(issuesOf(mismatch)).toEqual([{ path: 'file', message: 'content_mismatch' }]);
    fail(await putFile(writer, v.id, doc.id, pdf('x'), 'application/vnd.ms-excel', 'x.xls'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    fail(await putFile(writer, v.id, doc.id, Buffer.concat([pdf('big'), Buffer.alloc(VENDOR_DOCUMENT_MAX_BYTES)]), 'application/pdf', 'big.pdf'), 413, 'PAYLOAD_TOO_LARGE');
    fail(await putFile(writer, v.id, doc.id, Buffer.alloc(0), 'application/pdf', 'empty.pdf'), 400, 'VALIDATION_FAILED');
    fail(await writer.request('PUT', url(A, `/${v.id}/documents/${doc.id}/file`), { not: 'a file' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    fail(await putFile(staff, v.id, doc.id, pdf('x'), 'application/pdf', 'x.pdf'), 403, 'FORBIDDEN');
    expect(ok<TVendorDetail>(await writer.get(url(A, `/${v.id}`))).documents[0]!.file?.sha256).toBe(up.file!.sha256);

    // Excel (zip) and legacy Office (OLE) content are recognised; a replaced file is deleted; names lose their folders.
    const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('rest of the zip')]);
    const replaced = ok<TVendorDocument>(await putFile(writer, v.id, doc.id, xlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '..\\..\\MDS.xlsx'));
    expect(replaced.file).toMatchObject({ fileName: 'MDS.xlsx', size: xlsx.length });
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(32)]);
    const word = ok<TVendorDocument>(await putFile(writer, v.id, doc.id, ole, 'application/msword'));
    expect(word.file).toMatchObject({ fileName: 'document.doc', contentType: 'application/msword' });
    const stored = await env.deps.db.selectFrom('stored_files').select(['id', 'sha256']).where('facility_id', '=', A.id).execute();
    expect(stored.map((s) => s.sha256)).toEqual([word.file!.sha256]);
    expect((await writer.get(url(A, `/${v.id}/documents/${doc.id}/file`))).rawPayload.equals(ole)).toBe(true);

    const audit = await auditOf(doc.id);
    expect(audit.map((e) => e.action)).toEqual(['create', 'upload_file', 'upload_file', 'upload_file']);
    expect(JSON.parse(audit[1]!.after_json!)).toMatchObject({ file: { fileName: 'SDS_電子カルテ 2026.pdf', size: bytes.length } });

    ok(await writer.patch(url(A, `/${v.id}/documents/${doc.id}`), { version: '第2版', kind: 'mds' }));
    ok(await writer.delete(url(A, `/${v.id}/documents/${doc.id}`)));
    expect(await env.deps.db.selectFrom('stored_files').select('id').where('facility_id', '=', A.id).execute()).toEqual([]);
    fail(await writer.get(url(A, `/${v.id}/documents/${doc.id}/file`)), 404, 'NOT_FOUND');
  });

  it('links vendor users: only holders of the vendor role, only by user managers; the detail shows them to user readers', async () => {
    const v = await newVendor();
    const notVendor = await manager.request('PUT', url(A, `/${v.id}/users`), { userIds: [ids.vx, ids.staff] });
    fail(notVendor, 400, 'VALIDATION_FAILED');
    expect(issuesOf(notVendor)).toEqual([{ path: 'userIds', message: 'not_vendor_user' }]);
    fail(await writer.request('PUT', url(A, `/${v.id}/users`), { userIds: [ids.vx] }), 403, 'FORBIDDEN');
    fail(await itB.request('PUT', url(A, `/${v.id}/users`), { userIds: [] }), 404, 'NOT_FOUND');
    fail(await manager.request('PUT', url(A, '/no-such-vendor/users'), { userIds: [] }), 404, 'NOT_FOUND');

    const linked = await link(v.id, [ids.vx, ids.vx]);
    expect(linked.users).toEqual([{ userId: ids.vx, email: 'vx@a.jp', displayName: 'vx' }]);
    // IT staff may not read users: the list stays empty for them.
    expect(ok<TVendorDetail>(await writer.get(url(A, `/${v.id}`))).users).toEqual([]);
    const audit = await env.deps.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'vendor_users').where('entity_id', '=', v.id).execute();
    expect(audit.map((e) => JSON.parse(e.after_json!))).toEqual([{ userIds: [ids.vx] }]);
    // Setting the same list again records nothing; an empty list unlinks.
    await link(v.id, [ids.vx]);
    expect((await link(v.id, [])).users).toEqual([]);
    expect(await env.deps.db.selectFrom('audit_log').select('id').where('entity_type', '=', 'vendor_users').where('entity_id', '=', v.id).execute()).toHaveLength(2);
  });

  it('shows a vendor user only the vendors they are linked to and those vendors\' assets; they cannot write', async () => {
    const x = await newVendor({ name: 'エックス保守', nameKana: 'えっくす' });
    const y = await newVendor({ name: 'ワイ保守' });
    await link(x.id, [ids.vx]);
    const ax = await newAsset({ name: 'X保守のPACS', vendorId: x.id });
    const ay = await newAsset({ name: 'Y保守のサーバ', vendorId: y.id });
    const loose = await newAsset({ name: '保守なし端末' });
    ok(await writer.post(`${assetsUrl(A)}/${ax.id}/relations`, { kind: 'runs_on', toAssetId: ay.id }), 201);
    ok(await writer.post(`${assetsUrl(A)}/${loose.id}/relations`, { kind: 'depends_on', toAssetId: ax.id }), 201);
    const doc = ok<TVendorDocument>(await writer.post(url(A, `/${x.id}/documents`), { kind: 'mds', subject: 'PACS', receivedOn: '2026-03-01' }), 201);
    ok(await putFile(writer, x.id, doc.id, pdf('x'), 'application/pdf', 'mds.pdf'));
    const docY = ok<TVendorDocument>(await writer.post(url(A, `/${y.id}/documents`), { kind: 'mds', subject: 'Y', receivedOn: '2026-03-01' }), 201);
    ok(await putFile(writer, y.id, docY.id, pdf('y'), 'application/pdf', 'y.pdf'));

    // Vendors: X only.
    const list = ok<TVendorPage>(await vendorX.get(url(A, '?pageSize=500')));
    expect(list.items.map((i) => i.id)).toEqual([x.id]);
    expect(list.total).toBe(1);
    expect(ok<TVendorPage>(await vendorX.get(url(A, `?q=${encodeURIComponent('ワイ')}`))).items).toEqual([]);
    const seen = ok<TVendorDetail>(await vendorX.get(url(A, `/${x.id}`)));
    expect(seen).toMatchObject({ id: x.id, assetCount: 1, users: [] });
    fail(await vendorX.get(url(A, `/${y.id}`)), 404, 'NOT_FOUND');
    expect((await vendorX.get(url(A, `/${x.id}/documents/${doc.id}/file`))).rawPayload.equals(pdf('x'))).toBe(true);
    fail(await vendorX.get(url(A, `/${y.id}/documents/${docY.id}/file`)), 404, 'NOT_FOUND');
    fail(await vendorX.get(url(A, `/${x.id}/documents/${docY.id}/file`)), 404, 'NOT_FOUND');

    // Assets: X's only, filtered lists, others 404; relations to assets outside the view are left out.
    const assets = ok<TAssetPage>(await vendorX.get(assetsUrl(A, '?pageSize=500')));
    expect(assets.items.map((a) => a.id)).toEqual([ax.id]);
    expect(assets.items[0]).toMatchObject({ vendorId: x.id, vendorName: 'エックス保守' });
    expect(ok<TAssetPage>(await vendorX.get(assetsUrl(A, `?vendorId=${y.id}`))).items).toEqual([]);
    const detail = ok<TAssetDetail>(await vendorX.get(assetsUrl(A, `/${ax.id}`)));
    expect(detail.relations).toEqual([]);
    expect(ok<TAssetDetail>(await writer.get(assetsUrl(A, `/${ax.id}`))).relations).toHaveLength(2);
    fail(await vendorX.get(assetsUrl(A, `/${ay.id}`)), 404, 'NOT_FOUND');
    fail(await vendorX.get(assetsUrl(A, `/${loose.id}`)), 404, 'NOT_FOUND');

    // Everything else of the ledger stays closed, and nothing can be written.
    fail(await vendorX.get(`/api/v1/facilities/${A.id}/segments`), 403, 'FORBIDDEN');
    fail(await vendorX.get(url(A, '/export?format=csv')), 403, 'FORBIDDEN');
    fail(await vendorX.post(url(A), { name: 'x' }), 403, 'FORBIDDEN');
    fail(await vendorX.patch(url(A, `/${x.id}`), { notes: 'x' }), 403, 'FORBIDDEN');
    fail(await vendorX.delete(url(A, `/${x.id}`)), 403, 'FORBIDDEN');
    fail(await vendorX.post(url(A, `/${x.id}/contacts`), { name: 'x' }), 403, 'FORBIDDEN');
    fail(await vendorX.post(url(A, `/${x.id}/contracts`), { title: 'x' }), 403, 'FORBIDDEN');
    fail(await vendorX.post(url(A, `/${x.id}/documents`), { kind: 'mds', subject: 'x', receivedOn: '2026-03-01' }), 403, 'FORBIDDEN');
    fail(await putFile(vendorX, x.id, doc.id, pdf('z'), 'application/pdf', 'z.pdf'), 403, 'FORBIDDEN');
    fail(await vendorX.request('PUT', url(A, `/${x.id}/users`), { userIds: [ids.vx] }), 403, 'FORBIDDEN');
    fail(await vendorX.patch(assetsUrl(A, `/${ax.id}`), { notes: 'x' }), 403, 'FORBIDDEN');

    // A vendor user linked to nothing sees empty lists, never the facility.
    expect(ok<TVendorPage>(await vendorNone.get(url(A)))).toMatchObject({ items: [], total: 0 });
    expect(ok<TAssetPage>(await vendorNone.get(assetsUrl(A)))).toMatchObject({ items: [], total: 0 });
    fail(await vendorNone.get(url(A, `/${x.id}`)), 404, 'NOT_FOUND');
    fail(await vendorNone.get(url(B)), 404, 'NOT_FOUND');
  });

  it('refuses to delete a vendor that a live connection names; deleting clears its assets and links, audited', async () => {
    const v = await newVendor({ name: '削除テスト保守' });
    await link(v.id, [ids.vx]);
    const a1 = await newAsset({ vendorId: v.id, maintainer: '削除テスト保守' });
    const a2 = await newAsset({ vendorId: v.id });
    const line = await insertConnection(A.id, v.id, 'expired');
    await insertConnection(A.id, v.id, 'rejected');
    const refused = await writer.delete(url(A, `/${v.id}`));
    fail(refused, 409, 'IN_USE');
    expect(refused.json().error.detail).toEqual({ reason: 'vendor_in_use', connectionCount: 1 });
    expect(ok<TVendorDetail>(await writer.get(url(A, `/${v.id}`))).connectionCount).toBe(1);

    await env.deps.db.updateTable('external_connections').set({ status: 'retired' }).where('id', '=', line).execute();
    ok(await writer.delete(url(A, `/${v.id}`)));
    fail(await writer.get(url(A, `/${v.id}`)), 404, 'NOT_FOUND');
    fail(await writer.delete(url(A, `/${v.id}`)), 404, 'NOT_FOUND');
    expect(ok<TVendorPage>(await writer.get(url(A, '?pageSize=500'))).items.map((i) => i.id)).not.toContain(v.id);
    for (const a of [a1, a2]) expect(ok<TAssetDetail>(await writer.get(assetsUrl(A, `/${a.id}`)))).toMatchObject({ vendorId: null, vendorName: null });
    expect(ok<TAssetDetail>(await writer.get(assetsUrl(A, `/${a1.id}`))).maintainer).toBe('削除テスト保守');
    expect(await env.deps.db.selectFrom('vendor_users').select('user_id').where('vendor_id', '=', v.id).execute()).toEqual([]);
    const audit = await auditOf(v.id);
    expect(audit.map((e) => e.action)).toEqual(['create', 'update', 'delete']);
    expect(JSON.parse(audit[2]!.before_json!)).toMatchObject({ name: '削除テスト保守', userIds: [ids.vx], assetIds: [a1.id, a2.id].sort() });
    const assetAudit = await auditOf(a1.id);
    expect(assetAudit.at(-1)).toMatchObject({ action: 'update' });
    expect(JSON.parse(assetAudit.at(-1)!.after_json!)).toEqual({ vendorId: null, reason: 'vendor_deleted' });

    // The name is free again; the deleted vendor cannot maintain assets.
    await newVendor({ name: '削除テスト保守' });
    const unknown = await writer.patch(assetsUrl(A, `/${a2.id}`), { vendorId: v.id });
    fail(unknown, 400, 'VALIDATION_FAILED');
    expect(issuesOf(unknown)).toEqual([{ path: 'vendorId', message: 'unknown_vendor' }]);
  });

  it('links assets to their maintaining vendor: validated, named, filtered', async () => {
    const v = await newVendor({ name: '資産保守株式会社' });
    const foreign = await newVendor({}, B, itB);
    const created = await newAsset({ vendorId: v.id, maintainer: '資産保守(担当: 佐藤)' });
    expect(created).toMatchObject({ vendorId: v.id, vendorName: '資産保守株式会社', maintainer: '資産保守(担当: 佐藤)' });
    fail(await writer.post(assetsUrl(A), { name: 'x', type: 'server', criticality: 3, vendorId: foreign.id }), 400, 'VALIDATION_FAILED');
    const other = await newAsset({});
    expect(other.vendorId).toBeNull();
    const moved = ok<TAssetDetail>(await writer.patch(assetsUrl(A, `/${other.id}`), { vendorId: v.id }));
    expect(moved.vendorName).toBe('資産保守株式会社');
    const page = ok<TAssetPage>(await writer.get(assetsUrl(A, `?vendorId=${v.id}&pageSize=500`)));
    expect(page.items.map((a) => a.id).sort()).toEqual([created.id, other.id].sort());
    expect(ok<TVendorDetail>(await writer.get(url(A, `/${v.id}`)))).toMatchObject({ assetCount: 2, flags: expect.arrayContaining(['no_mds_sds']) });
    expect(ok<TAssetDetail>(await writer.patch(assetsUrl(A, `/${other.id}`), { vendorId: null })).vendorId).toBeNull();
    // The vendor's rename shows on its assets.
    ok(await writer.patch(url(A, `/${v.id}`), { name: '資産保守ホールディングス' }));
    expect(ok<TAssetDetail>(await writer.get(assetsUrl(A, `/${created.id}`))).vendorName).toBe('資産保守ホールディングス');
    const listed: TVendor = ok<TVendorPage>(await writer.get(url(A, `?q=${encodeURIComponent('資産保守')}`))).items[0]!;
    expect(listed.assetCount).toBe(1);
  });
});
