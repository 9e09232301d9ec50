import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import type { TAssetImportResult } from '../../../shared/contracts/ledger.contract.ts';
import type { TVendorDetail } from '../../../shared/contracts/vendors.contract.ts';
import { formatImportIssue } from '../../../shared/ledger-import.ts';
import { CONTRACT_CLAUSE_LABELS_JA, CONTRACT_CLAUSES } from '../../../shared/vendors.ts';
import { buildTestApp, createTestEnv, DIALECTS, makeFacility, makeUser, SYSTEM, TestClient, type TestEnv } from '../../testing/harness.ts';
import { exportAssets, importAssets, insertAssetTx, listAssets, readTable } from '../ledger/index.ts';
import {
  exportVendors,
  getVendor,
  importVendors,
  insertContactTx,
  insertContractTx,
  insertVendorTx,
  listVendors,
  vendorSheets,
  vendorTemplate,
  type VendorImportResult,
} from './index.ts';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../fixtures/ledger');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const csv = (text: string) => Buffer.from(text, 'utf8');
const issues = (r: VendorImportResult) => r.errors.map((e) => formatImportIssue(e, 'ja'));
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe.each(DIALECTS)('vendor import and export (%s)', (dialect) => {
  let env: TestEnv;
  let F: string;
  let n = 0;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
  });
  afterAll(async () => {
    await env.close();
  });
  beforeEach(async () => {
    F = (await makeFacility(env, `VI${++n}`)).id;
  });

  const run = (bytes: Buffer, dryRun = false, fileName = 'vendors.csv') => importVendors(env.deps, SYSTEM, F, bytes, { fileName, dryRun });
  const all = async () => (await listVendors(env.deps, SYSTEM, F, { sort: 'kana', page: 1, pageSize: 500 })).items;
  const detailOf = async (name: string) => getVendor(env.deps, SYSTEM, F, (await all()).find((v) => v.name === name)!.id);
  const auditOf = (entityType: string) => env.deps.db.selectFrom('audit_log').select(['action', 'entity_id']).where('facility_id', '=', F).where('entity_type', '=', entityType).orderBy('seq').execute();

  it('previews, imports UTF-8 in one go with contacts and audit, and a re-import (also Shift_JIS) changes nothing', async () => {
    const file = fixture('vendors-good.utf8.csv');
    const preview = await run(file, true);
    expect(preview).toMatchObject({ rows: 3, create: 3, update: 0, unchanged: 0, errorCount: 0, committed: false, format: 'csv', encoding: 'utf8' });
    expect(preview.warnings.map((w) => [w.row, w.message])).toEqual([[3, 'formula_as_text']]);
    expect(await all()).toEqual([]);

    const done = await run(file);
    expect(done).toMatchObject({ create: 3, committed: true });
    const vendors = await all();
    // Reading order by フリガナ: アオイテック, キュウショク, ミナト.
    expect(vendors.map((v) => v.name)).toEqual(['アオイテック合同会社', '給食サービス株式会社', 'みなとメディカル株式会社']);
    expect(vendors[0]).toMatchObject({ nameKana: 'アオイテック', corporateNumber: '5010001000002', email: 'info@aoi-tech.example.jp', emergencyContact: null });
    expect(vendors[1]).toMatchObject({ nameKana: 'キュウショクサービス', notes: '=HYPERLINK("http://example.invalid")', emergencyContact: { name: '夜間窓口', phone: '06-0000-9999' } });
    const minato = await detailOf('みなとメディカル株式会社');
    expect(minato).toMatchObject({
      nameKana: 'ミナトメディカル',
      corporateNumber: '2010401000001',
      phone: '03-1234-5678',
      website: 'https://minato-medical.example.jp',
      emergencyContact: { name: '保守センター', phone: '0120-000-111' },
    });
    expect(minato.contacts).toEqual([expect.objectContaining({ name: '保守センター', emergency24h: true, role: null })]);
    expect((await auditOf('vendor')).map((e) => e.action)).toEqual(['create', 'create', 'create']);
    expect((await auditOf('vendor_contact')).map((e) => e.action)).toEqual(['create', 'create']);
    expect((await auditOf('vendor_import')).map((e) => e.action)).toEqual(['import']);

    for (const again of ['vendors-good.utf8.csv', 'vendors-good.sjis.csv']) {
      const r = await run(fixture(again));
      expect(r, again).toMatchObject({ create: 0, update: 0, unchanged: 3, committed: true });
    }
    expect(await auditOf('vendor')).toHaveLength(3);
    expect(await auditOf('vendor_contact')).toHaveLength(2);
    expect((await run(fixture('vendors-good.sjis.csv'), true)).encoding).toBe('cp932');
  });

  it('reports every problem with its row and column and writes nothing', async () => {
    const r = await run(fixture('vendors-errors.csv'));
    expect(r.committed).toBe(false);
    expect(issues(r)).toEqual([
      '2行目『メールアドレス』: support@ は正しいメールアドレスではありません',
      '3行目『電話番号』: 03-ABCD-0000 は正しい電話番号ではありません',
      '4行目『ウェブサイト』: javascript:alert(1) は正しいURLではありません',
      '5行目『法人番号』: 1000012050002 は正しい法人番号ではありません(13桁、チェックデジットを確認してください)',
      '6行目『事業者名』: 入力が必要です',
      '7行目『緊急連絡先(24時間)』: 入力が必要です',
      '8行目『事業者名』: 誤り1株式会社 はこのファイルの2行目と重複しています',
      '9行目『緊急連絡先電話番号』: 内線なし は正しい電話番号ではありません',
    ]);
    expect(r.actions.every((a) => a.action === 'error')).toBe(true);
    expect(await all()).toEqual([]);
    expect(await auditOf('vendor_import')).toEqual([]);
  });

  it('rejects files without the name column, with unknown headers or nothing in them', async () => {
    expect(issues(await run(csv('フリガナ,備考\r\nア,x\r\n')))).toEqual(['『事業者名』: 必須の列がありません']);
    expect(issues(await run(csv('name,owner\r\nA,x\r\n')))).toEqual(['『owner』: 取り込めない列名です。列名を確認するか、列を削除してください']);
    expect((await run(Buffer.alloc(0))).errors.map((e) => e.message)).toEqual(['empty_file']);
    expect((await run(csv('name\r\n'))).errors.map((e) => e.message)).toEqual(['empty_file']);
    const long = await run(csv(`name,name_kana\r\nA,${'ア'.repeat(201)}\r\n`));
    expect(long.errors.map((e) => [e.row, e.path, e.message])).toEqual([[2, 'name_kana', 'too_long']]);
  });

  it('updates what the file changes: a missing column keeps the field, an empty cell clears it, the emergency contact is matched by name', async () => {
    await run(fixture('vendors-good.utf8.csv'));
    const before = await detailOf('みなとメディカル株式会社');
    const kyushoku = await detailOf('給食サービス株式会社');
    // An existing, non-emergency contact named in the file becomes the emergency contact.
    await env.deps.db.transaction().execute((trx) => insertContactTx(env.deps, trx, SYSTEM, F, kyushoku.id, { name: '田中', emergency24h: false, phone: '06-1111-1111' }));
    env.clock.advance(60_000);
    const r = await run(
      csv(
        [
          'name,phone,notes,emergency_contact,emergency_phone',
          'みなとメディカル株式会社,03-9999-0000,,保守センター,0120-000-111',
          '給食サービス株式会社,06-0000-0000,"=HYPERLINK(""http://example.invalid"")",田中,06-2222-2222',
          '新規保守株式会社,,,,',
        ].join('\r\n'),
      ),
    );
    expect(r).toMatchObject({ create: 1, update: 2, unchanged: 0, committed: true });
    const after = await detailOf('みなとメディカル株式会社');
    expect(after).toMatchObject({ phone: '03-9999-0000', notes: null, nameKana: before.nameKana, email: before.email, corporateNumber: before.corporateNumber });
    const k = await detailOf('給食サービス株式会社');
    expect(k.contacts.map((c) => [c.name, c.emergency24h, c.phone])).toEqual([
      ['夜間窓口', true, '06-0000-9999'],
      ['田中', true, '06-2222-2222'],
    ]);
    expect(k.emergencyContact).toEqual({ name: '夜間窓口', phone: '06-0000-9999' });
    expect((await detailOf('新規保守株式会社')).contacts).toEqual([]);
    const contactAudit = await auditOf('vendor_contact');
    expect(contactAudit.at(-1)).toMatchObject({ action: 'update', entity_id: k.contacts[1]!.id });
  });

  it('exports the import columns (CSV and xlsx, Japanese or English) so that importing the export changes nothing', async () => {
    await run(fixture('vendors-good.utf8.csv'));
    const minato = await detailOf('みなとメディカル株式会社');
    await env.deps.db.transaction().execute((trx) =>
      insertContractTx(env.deps, trx, SYSTEM, F, minato.id, { title: 'PACS保守契約', startsOn: '2025-04-01', endsOn: '2026-03-31', autoRenew: false, clauses: ['data_handling', 'breach_reporting'] }),
    );
    await env.deps.db.transaction().execute((trx) => insertContactTx(env.deps, trx, SYSTEM, F, minato.id, { name: '営業 佐藤', role: '営業担当', emergency24h: false }));
    for (const options of [
      { format: 'csv', lang: 'ja', encoding: 'utf8' },
      { format: 'csv', lang: 'ja', encoding: 'sjis' },
      { format: 'csv', lang: 'en', encoding: 'utf8' },
      { format: 'xlsx', lang: 'ja', encoding: 'utf8' },
      { format: 'xlsx', lang: 'en', encoding: 'utf8' },
    ] as const) {
      const file = await exportVendors(env.deps, SYSTEM, F, options);
      expect(file.rows, JSON.stringify(options)).toBe(3);
      const r = await run(file.bytes, false, file.fileName);
      expect(r, JSON.stringify(options)).toMatchObject({ errorCount: 0, create: 0, update: 0, unchanged: 3 });
    }

    const xlsx = await exportVendors(env.deps, SYSTEM, F, { format: 'xlsx', lang: 'ja', encoding: 'utf8' });
    expect(xlsx.contentType).toBe(XLSX);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['委託事業者', '連絡先', '契約']);
    const rows = (name: string) => wb.getWorksheet(name)!.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
    expect(rows('委託事業者')[0]).toEqual(['事業者名', 'フリガナ', '法人番号', '所在地', '電話番号', 'メールアドレス', 'ウェブサイト', '緊急連絡先(24時間)', '緊急連絡先電話番号', '備考']);
    // Formulas are neutralised on export.
    expect(rows('委託事業者').find((r) => r[0] === '給食サービス株式会社')![9]).toBe(`'=HYPERLINK("http://example.invalid")`);
    expect(rows('連絡先').slice(1).filter((r) => r[0] === 'みなとメディカル株式会社').map((r) => [r[1], r[5]])).toEqual([
      ['保守センター', 'はい'],
      ['営業 佐藤', 'いいえ'],
    ]);
    const contract = rows('契約')[1]!;
    expect(contract.slice(0, 6)).toEqual(['みなとメディカル株式会社', 'PACS保守契約', '', '2025-04-01', '2026-03-31', 'いいえ']);
    expect(contract[7]).toBe([CONTRACT_CLAUSE_LABELS_JA.data_handling, CONTRACT_CLAUSE_LABELS_JA.breach_reporting].join(';'));
    expect(String(contract[8]).split(';')).toHaveLength(CONTRACT_CLAUSES.length - 2);

    const sheets = await vendorSheets(env.deps, F, 'en');
    expect(sheets.map((s) => s.name)).toEqual(['vendors', 'contacts', 'contracts']);
    expect(sheets[2]!.rows[0]![7]).toBe('data_handling;breach_reporting');
    expect((await auditOf('vendor')).filter((e) => e.action === 'export')).toHaveLength(6);
  });

  it('offers a template that imports as one example vendor', async () => {
    for (const lang of ['ja', 'en'] as const) {
      const t = await vendorTemplate(env.deps, SYSTEM, F, { format: 'xlsx', lang, encoding: 'utf8' });
      const table = await readTable(t.bytes);
      expect(table.ok && table.table.headers[0]).toBe(lang === 'ja' ? '事業者名' : 'name');
      expect(await run(t.bytes, true)).toMatchObject({ errorCount: 0, create: 1 });
    }
  });

  it('links assets to the vendor their 保守事業者 names, keeps links made on screen, and stays idempotent', async () => {
    await run(fixture('vendors-good.utf8.csv'));
    const minato = (await all()).find((v) => v.name === 'みなとメディカル株式会社')!;
    const kyushoku = (await all()).find((v) => v.name === '給食サービス株式会社')!;
    const file = csv(['資産名,資産番号,種別,保守事業者', 'PACSサーバ,SV-0101,サーバ,みなとメディカル株式会社', '受付端末,PC-0001,端末PC,院内の情報システム係', 'FortiGate,NW-0003,firewall,'].join('\r\n'));
    const assetsRun = (bytes: Buffer) => importAssets(env.deps, SYSTEM, F, bytes, { fileName: 'assets.csv', dryRun: false });
    expect(await assetsRun(file)).toMatchObject({ create: 3, committed: true });
    const assets = async () => (await listAssets(env.deps, SYSTEM, F, { sort: 'assetTag', page: 1, pageSize: 500 })).items;
    expect((await assets()).map((a) => [a.assetTag, a.maintainer, a.vendorId, a.vendorName])).toEqual([
      ['NW-0003', null, null, null],
      ['PC-0001', '院内の情報システム係', null, null],
      ['SV-0101', 'みなとメディカル株式会社', minato.id, 'みなとメディカル株式会社'],
    ]);
    expect(await assetsRun(file)).toMatchObject({ unchanged: 3 });

    // Links made on screen survive importing the export, with or without a 保守事業者 text.
    const pc = (await assets()).find((a) => a.assetTag === 'PC-0001')!;
    const fw = (await assets()).find((a) => a.assetTag === 'NW-0003')!;
    await env.deps.db.updateTable('assets').set({ vendor_id: kyushoku.id }).where('id', 'in', [pc.id, fw.id]).execute();
    const exported = await exportAssets(env.deps, SYSTEM, F, { format: 'csv', lang: 'ja', encoding: 'utf8' });
    expect(await assetsRun(exported.bytes)).toMatchObject({ unchanged: 3, update: 0 });
    expect((await assets()).map((a) => [a.assetTag, a.maintainer, a.vendorId])).toEqual([
      ['NW-0003', null, kyushoku.id],
      ['PC-0001', '院内の情報システム係', kyushoku.id],
      ['SV-0101', 'みなとメディカル株式会社', minato.id],
    ]);
    // A changed text follows the text: another vendor's name links it, free text unlinks.
    const changed = csv(['資産名,資産番号,種別,保守事業者', 'PACSサーバ,SV-0101,サーバ,給食サービス株式会社', '受付端末,PC-0001,端末PC,別の係'].join('\r\n'));
    expect(await assetsRun(changed)).toMatchObject({ update: 2 });
    expect((await assets()).map((a) => [a.assetTag, a.maintainer, a.vendorId])).toEqual([
      ['NW-0003', null, kyushoku.id],
      ['PC-0001', '別の係', null],
      ['SV-0101', '給食サービス株式会社', kyushoku.id],
    ]);
    // A vendor registered after the assets is linked by re-importing the same file.
    const late = csv(['資産名,資産番号,種別,保守事業者', '新システム,AP-0001,application,あとから登録株式会社'].join('\r\n'));
    await assetsRun(late);
    await env.deps.db.transaction().execute((trx) => insertVendorTx(env.deps, trx, SYSTEM, F, { name: 'あとから登録株式会社' }));
    expect(await assetsRun(late)).toMatchObject({ update: 1 });
    expect((await assets()).find((a) => a.assetTag === 'AP-0001')!.vendorName).toBe('あとから登録株式会社');
    expect(await assetsRun(late)).toMatchObject({ unchanged: 1 });
    // The asset's vendor counts on the vendor.
    expect((await getVendor(env.deps, SYSTEM, F, kyushoku.id)).assetCount).toBe(2);
    await env.deps.db.transaction().execute((trx) => insertAssetTx(env.deps, trx, SYSTEM, F, { name: 'x', type: 'server', criticality: 3, ips: [], macs: [], tags: [], holdsPatientData: false, exposure: 'internal', vendorId: kyushoku.id }));
    expect((await getVendor(env.deps, SYSTEM, F, kyushoku.id)).assetCount).toBe(3);
  });
});

/** The import/export routes over HTTP: raw bodies, 422 with sentences, permissions, downloads. */
describe.each(DIALECTS)('vendor import/export routes (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let writer: TestClient;
  let staff: TestClient;
  let vendorUser: TestClient;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    A = await makeFacility(env, 'FV');
    await makeUser(env, 'it@v.jp', [{ role: 'it_staff', facilityId: A.id }]);
    await makeUser(env, 'staff@v.jp', [{ role: 'staff', facilityId: A.id }]);
    await makeUser(env, 'vendor@v.jp', [{ role: 'vendor', facilityId: A.id }]);
    app = await buildTestApp(env);
    writer = new TestClient(app, env);
    staff = new TestClient(app, env);
    vendorUser = new TestClient(app, env);
    await writer.login('it@v.jp');
    await staff.login('staff@v.jp');
    await vendorUser.login('vendor@v.jp');
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const url = (suffix: string) => `/api/v1/facilities/${A.id}/vendors${suffix}`;

  it('previews, commits, answers 422 with sentences, and downloads exports and templates', async () => {
    const dry = await writer.upload(url('/import?dryRun=true'), fixture('vendors-good.sjis.csv'), 'text/csv', { 'x-file-name': encodeURIComponent('委託先.csv') });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ fileName: '委託先.csv', encoding: 'cp932', create: 3, committed: false });
    const done = await writer.upload(url('/import?dryRun=false&fileName=v.csv'), fixture('vendors-good.utf8.csv'), 'application/octet-stream');
    expect(done.json()).toMatchObject({ create: 3, committed: true });

    const bad = await writer.upload(url('/import?dryRun=false'), fixture('vendors-errors.csv'), 'text/csv');
    expect(bad.statusCode).toBe(422);
    const body = bad.json() as TAssetImportResult & { error: { code: string } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.errors[0]!.text).toBe('2行目『メールアドレス』: support@ は正しいメールアドレスではありません');

    fail403(await staff.upload(url('/import?dryRun=true'), fixture('vendors-good.utf8.csv'), 'text/csv'));
    fail403(await vendorUser.get(url('/export?format=csv')));

    const exported = await writer.get(url('/export?format=xlsx&lang=ja'));
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toBe(XLSX);
    expect(exported.headers['content-disposition']).toMatch(/^attachment; filename="mamori-vendors-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    const template = await staff.get(url('/template?format=csv&encoding=sjis'));
    expect(template.headers['content-type']).toBe('text/csv; charset=Shift_JIS');
    const listed = ((await writer.get(url(''))).json() as { items: TVendorDetail[] }).items;
    expect(listed.map((v) => v.name)).toEqual(['アオイテック合同会社', '給食サービス株式会社', 'みなとメディカル株式会社']);
  });

  const fail403 = (res: { statusCode: number; json: () => { error: { code: string } } }) => {
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
  };
});
