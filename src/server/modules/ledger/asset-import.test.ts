import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatImportIssue } from '../../../shared/ledger-import.ts';
import { createTestEnv, DIALECTS, makeFacility, SYSTEM, type TestEnv } from '../../testing/harness.ts';
import { makeXlsx } from '../../../../fixtures/ledger/make-fixtures.ts';
import { readTable } from './asset-file.ts';
import { assetTemplate, exportAssets, importAssets, insertSegmentTx, listAssets, type AssetImportResult } from './index.ts';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../fixtures/ledger');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const csv = (text: string) => Buffer.from(text, 'utf8');
const issues = (r: AssetImportResult) => r.errors.map((e) => formatImportIssue(e, 'ja'));

describe('formatImportIssue', () => {
  it('renders row, column and value in Japanese and English', () => {
    const issue = { row: 12, path: 'IPアドレス', message: 'invalid_ip', value: '192.168.1.300' };
    expect(formatImportIssue(issue, 'ja')).toBe('12行目『IPアドレス』: 192.168.1.300 は正しいIPアドレスではありません');
    expect(formatImportIssue({ ...issue, path: 'IP address' }, 'en')).toBe("Row 12, 'IP address': 192.168.1.300 is not a valid IP address");
    expect(formatImportIssue({ path: '', message: 'empty_file' }, 'en')).toMatch(/^The file has no data/);
    expect(formatImportIssue({ path: 'name', message: 'missing_header' }, 'ja')).toBe('『name』: 必須の列がありません');
  });
});

describe('readTable', () => {
  it('reads UTF-8 with and without BOM, Shift_JIS and xlsx to the same cells', async () => {
    const tables = await Promise.all(['assets-good.utf8.csv', 'assets-good.utf8-bom.csv', 'assets-good.sjis.csv'].map((f) => readTable(fixture(f))));
    const [utf8, bom, sjis] = tables.map((t) => (t.ok ? t.table : null));
    expect(utf8?.encoding).toBe('utf8');
    expect(sjis?.encoding).toBe('cp932');
    expect(bom?.headers).toEqual(utf8?.headers);
    expect(sjis?.headers).toEqual(utf8?.headers);
    expect(sjis?.rows).toEqual(utf8?.rows);
    const x = await readTable(fixture('assets-good.xlsx'), { sheetNames: ['資産'] });
    expect(x.ok && x.table.headers).toEqual(utf8?.headers);
    // Excel date cells become YYYY-MM-DD; the formula is kept as its text.
    expect(x.ok && x.table.rows[0]!.cells[16]).toBe('2029-01-09');
    expect(x.ok && x.table.rows[2]!.cells[17]).toBe('=HYPERLINK("http://example.invalid")');
  });

  it('rejects UTF-16 and binary data as an unknown encoding', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('資産名,種別\r\nA,サーバ\r\n', 'utf16le')]);
    expect(await readTable(utf16)).toEqual({ ok: false, issues: [{ path: '', message: 'invalid_encoding' }] });
  });
});

describe.each(DIALECTS)('asset import and export (%s)', (dialect) => {
  let env: TestEnv;
  let F: string;
  let n = 0;
  const segs: Record<string, string> = {};

  beforeAll(async () => {
    env = await createTestEnv(dialect);
  });
  afterAll(async () => {
    await env.close();
  });
  beforeEach(async () => {
    F = (await makeFacility(env, `IMP${++n}`)).id;
    for (const [name, cidr, purpose] of [
      ['電子カルテ系', '192.168.10.0/24', 'emr'],
      ['医療機器系', '192.168.30.0/24', 'medical_device'],
    ] as const) {
      const s = await env.deps.db.transaction().execute((trx) => insertSegmentTx(env.deps, trx, SYSTEM, F, { name, cidrs: [cidr], purpose }));
      segs[name] = s.id;
    }
  });

  const run = (bytes: Buffer, dryRun = false, fileName = 'assets.csv') => importAssets(env.deps, SYSTEM, F, bytes, { fileName, dryRun });
  const all = async () => (await listAssets(env.deps, SYSTEM, F, { sort: 'assetTag', page: 1, pageSize: 500 })).items;
  const auditCount = async () => Number((await env.deps.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('facility_id', '=', F).executeTakeFirstOrThrow()).n);

  it('previews, imports in one go, audits, and a re-import changes nothing', async () => {
    const file = fixture('assets-good.utf8.csv');
    const preview = await run(file, true);
    expect(preview).toMatchObject({ rows: 4, create: 4, update: 0, unchanged: 0, errorCount: 0, committed: false, format: 'csv', encoding: 'utf8' });
    expect(await all()).toHaveLength(0);

    const done = await run(file);
    expect(done).toMatchObject({ rows: 4, create: 4, committed: true });
    const assets = await all();
    const ct = assets.find((a) => a.assetTag === 'MD-0102')!;
    expect(ct).toMatchObject({ type: 'medical_device', segmentId: segs['医療機器系'], criticality: 1, exposure: 'internal', endOfSupport: '2020-01-14' });
    // A formula-looking cell is stored as text, never evaluated.
    expect(ct.notes).toBe('=HYPERLINK("http://example.invalid")');
    expect(done.warnings.map((w) => w.message)).toEqual(['formula_as_text']);
    const emr = assets.find((a) => a.assetTag === 'SV-0001')!;
    expect(emr).toMatchObject({ ips: ['192.168.10.11', '192.168.10.12'], endOfSupport: '2029-01-09', hostname: 'emr-sv01', maintainer: 'みなとシステム株式会社' });
    expect(assets.find((a) => a.assetTag === 'NW-0003')).toMatchObject({ exposure: 'internet', cpe: 'cpe:2.3:o:fortinet:fortios:6.0.4:*:*:*:*:*:*:*' });
    expect(assets.find((a) => a.name === '受付端末')).toMatchObject({ assetTag: null, flags: expect.arrayContaining(['unknown_version']) });

    const events = await env.deps.db.selectFrom('audit_log').selectAll().where('facility_id', '=', F).where('entity_type', 'in', ['asset', 'asset_import']).orderBy('seq').execute();
    expect(events.map((e) => e.action)).toEqual(['create', 'create', 'create', 'create', 'import']);
    expect(JSON.parse(events[4]!.after_json!)).toMatchObject({ fileName: 'assets.csv', rows: 4, create: 4, update: 0, unchanged: 0, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const before = await auditCount();
    const again = await run(file);
    expect(again).toMatchObject({ create: 0, update: 0, unchanged: 4, committed: true });
    // Only the import event itself.
    expect(await auditCount()).toBe(before + 1);
    expect((await all()).map((a) => a.updatedAt)).toEqual(assets.map((a) => a.updatedAt));
  });

  it('reads Shift_JIS, UTF-8 with BOM and xlsx to the same ledger', async () => {
    await run(fixture('assets-good.sjis.csv'));
    for (const f of ['assets-good.utf8.csv', 'assets-good.utf8-bom.csv', 'assets-good.xlsx']) {
      expect(await run(fixture(f), false, f), f).toMatchObject({ create: 0, update: 0, unchanged: 4, errorCount: 0 });
    }
  });

  it('updates changed rows only, with before and after in the audit log', async () => {
    await run(fixture('assets-good.utf8.csv'));
    const changed = csv('資産番号,資産名,種別,バージョン,外部公開\r\nNW-0003,FortiGate 60E,VPN装置,7.0.15,はい\r\nSV-0001,電子カルテサーバ1号機,サーバ,BIOS 1.9.2,いいえ\r\n');
    const r = await run(changed);
    expect(r).toMatchObject({ create: 0, update: 1, unchanged: 1, committed: true });
    const fgt = (await all()).find((a) => a.assetTag === 'NW-0003')!;
    // Columns not in the file are left as they were.
    expect(fgt).toMatchObject({ version: '7.0.15', hostname: 'fgt-catering', location: '本館1階 EPS' });
    const ev = await env.deps.db.selectFrom('audit_log').selectAll().where('entity_id', '=', fgt.id).where('action', '=', 'update').executeTakeFirstOrThrow();
    expect(JSON.parse(ev.before_json!)).toMatchObject({ version: '6.0.4' });
    expect(JSON.parse(ev.after_json!)).toMatchObject({ version: '7.0.15' });
  });

  it('reports every mistake of the error fixture by row and column and writes nothing', async () => {
    const before = await auditCount();
    const r = await run(fixture('assets-errors.csv'));
    expect(r.committed).toBe(false);
    expect(issues(r)).toEqual([
      '2行目『IPアドレス』: 192.168.1.300 は正しいIPアドレスではありません',
      expect.stringMatching(/^3行目『種別』: ルータ は種別として登録されていません/),
      '4行目『外部公開』: たぶん は「はい」「いいえ」として読めません(はい/いいえ、○/×、1/0 など)',
      '4行目『サポート終了日』: 2020-02-30 は正しい日付ではありません(YYYY-MM-DD または YYYY/MM/DD)',
      '5行目『ネットワーク区分』: ネットワーク区分「検査系」はこの施設に登録されていません',
      '5行目『重要度』: 5 は重要度ではありません(1〜4 の数字)',
    ]);
    expect(await all()).toHaveLength(0);
    expect(await auditCount()).toBe(before);
  });

  it.each([
    ['empty file', '', [{ path: '', message: 'empty_file' }]],
    ['header only', '資産名,種別\r\n', [{ path: '', message: 'empty_file' }]],
    ['missing required header', '資産名,メーカー\r\nA,NEC\r\n', [{ path: '種別', message: 'missing_header' }]],
    ['missing header (English file)', 'type,vendor\r\nserver,NEC\r\n', [{ path: 'name', message: 'missing_header' }]],
    ['unknown header', 'name,type,colour\r\nA,server,red\r\n', [{ path: 'colour', message: 'unknown_header' }]],
    ['duplicate header', 'name,type,資産名\r\nA,server,B\r\n', [{ path: '資産名', message: 'duplicate_header' }]],
    ['value without header', 'name,type\r\nA,server,oops\r\n', [{ row: 2, path: '', message: 'extra_cells', value: 'oops' }]],
    ['duplicate tag', 'name,asset_tag,type\r\nA,T-1,server\r\nB,T-1,server\r\n', [{ row: 3, path: 'asset_tag', message: 'duplicate_key', value: 'T-1', ref: 2 }]],
    ['duplicate name without tag', 'name,type\r\nA,server\r\nA,iot\r\n', [{ row: 3, path: 'name', message: 'duplicate_key', value: 'A', ref: 2 }]],
    ['unknown type', 'name,type\r\nA,mainframe\r\n', [{ row: 2, path: 'type', message: 'unknown_type', value: 'mainframe' }]],
    ['empty name', 'name,type\r\n,server\r\n', [{ row: 2, path: 'name', message: 'required' }]],
    ['bad second IP', 'name,type,ip\r\nA,server,10.0.0.1; 10.0.0.256\r\n', [{ row: 2, path: 'ip', message: 'invalid_ip', value: '10.0.0.256' }]],
    ['bad date', 'name,type,end_of_support\r\nA,server,2025/13/01\r\n', [{ row: 2, path: 'end_of_support', message: 'invalid_date', value: '2025/13/01' }]],
    ['bad MAC', 'name,type,mac\r\nA,server,00:11:22\r\n', [{ row: 2, path: 'mac', message: 'invalid_mac', value: '00:11:22' }]],
    ['contradicting exposure', 'name,type,exposure,internet_exposed\r\nA,server,internal,yes\r\n', [{ row: 2, path: 'internet_exposed', message: 'conflicting_exposure' }]],
    ['huge cell', `name,type,notes\r\nA,server,${'x'.repeat(10_001)}\r\n`, [{ row: 2, path: 'notes', message: 'cell_too_large', value: '10000' }]],
    ['long name', `name,type\r\n${'あ'.repeat(201)},server\r\n`, [{ row: 2, path: 'name', message: 'too_long', value: '200' }]],
  ])('%s', async (_label, text, expected) => {
    const r = await run(csv(text));
    expect(r.errors).toEqual(expected);
    expect(r.committed).toBe(false);
    expect(await all()).toHaveLength(0);
  });

  it('refuses more than 100,000 rows', async () => {
    const r = await run(csv(`name,type\r\n${'A,server\r\n'.repeat(100_001)}`));
    expect(r.errors).toEqual([{ path: '', message: 'too_many_rows', value: '100000' }]);
    expect(await all()).toHaveLength(0);
  });

  it('accepts the yes/no spellings, type labels and slash dates', async () => {
    const text = ['name,type,holds_patient_data,install_date', 'a,サーバ,はい,2024/4/1', 'b,server,yes,2024-04-01', 'c,IoT機器,TRUE,', 'd,iot,1,', 'e,printer,○,', 'f,printer,×,', 'g,printer,0,'].join('\n');
    expect(await run(csv(text))).toMatchObject({ create: 7, committed: true });
    const byName = Object.fromEntries((await all()).map((a) => [a.name, a]));
    expect(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((k) => byName[k]!.holdsPatientData)).toEqual([true, true, true, true, true, false, false]);
    expect(byName.a).toMatchObject({ type: 'server', installDate: '2024-04-01' });
    expect(byName.c!.type).toBe('iot');
  });

  it('neutralises formulas on export and round-trips CSV (UTF-8, Shift_JIS) and xlsx (ja, en) without changes', async () => {
    await run(fixture('assets-good.utf8.csv'));
    await run(csv('name,type,notes,tags,mac\r\n"-cmd|\' /C calc\'!A0",server,＝1+1,a;b,00-1A-2B-3C-4D-5E\r\n'));
    const utf8 = await exportAssets(env.deps, SYSTEM, F, { format: 'csv', lang: 'ja', encoding: 'utf8' });
    const text = utf8.bytes.toString('utf8');
    expect(text.startsWith('\uFEFF資産名,資産番号,種別')).toBe(true);
    expect(text).toContain(`\n'-cmd|' /C calc'!A0,`);
    expect(text).toContain(`'＝1+1`);
    expect(text).toContain(`"'=HYPERLINK(""http://example.invalid"")"`);
    const sjis = await exportAssets(env.deps, SYSTEM, F, { format: 'csv', lang: 'en', encoding: 'sjis' });
    expect(iconv.decode(sjis.bytes, 'cp932').startsWith('name,asset_tag,type')).toBe(true);
    const xlsxJa = await exportAssets(env.deps, SYSTEM, F, { format: 'xlsx', lang: 'ja', encoding: 'utf8' });
    const xlsxEn = await exportAssets(env.deps, SYSTEM, F, { format: 'xlsx', lang: 'en', encoding: 'utf8' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsxJa.bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['資産', 'ネットワーク区分']);
    expect(wb.worksheets[1]!.getRow(2).values).toEqual([undefined, '医療機器系', '', '192.168.30.0/24', '医療機器系', '']);
    const before = await all();
    for (const [label, f] of [['csv utf8', utf8], ['csv sjis', sjis], ['xlsx ja', xlsxJa], ['xlsx en', xlsxEn]] as const) {
      const r = await run(f.bytes, false, f.fileName);
      expect(r, label).toMatchObject({ rows: 5, create: 0, update: 0, unchanged: 5, errorCount: 0 });
    }
    expect(await all()).toEqual(before);
    // Into an empty facility the export recreates the same ledger.
    const source = F;
    F = (await makeFacility(env, `IMPX${n}`)).id;
    for (const [name, cidr, purpose] of [['電子カルテ系', '192.168.10.0/24', 'emr'], ['医療機器系', '192.168.30.0/24', 'medical_device']] as const) {
      await env.deps.db.transaction().execute((trx) => insertSegmentTx(env.deps, trx, SYSTEM, F, { name, cidrs: [cidr], purpose }));
    }
    expect(await run(xlsxEn.bytes)).toMatchObject({ create: 5, committed: true });
    const strip = (a: (typeof before)[number]) => ({ ...a, id: '', facilityId: '', segmentId: a.segmentName, createdAt: '', updatedAt: '' });
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect((await all()).map(strip).sort(byName)).toEqual(before.map(strip).sort(byName));
    F = source;
  });

  it('offers a template that imports as it is', async () => {
    for (const format of ['csv', 'xlsx'] as const) {
      const t = await assetTemplate(env.deps, SYSTEM, F, { format, lang: 'ja', encoding: 'utf8' });
      expect(await run(t.bytes, true), format).toMatchObject({ rows: 1, create: 1, errorCount: 0 });
    }
  });

  it('reads the sheet named 資産 or the first sheet of a workbook', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').addRows([['name', 'type'], ['x', 'server']]);
    wb.addWorksheet('Sheet2').addRows([['colour'], ['red']]);
    const first = Buffer.from(await wb.xlsx.writeBuffer());
    expect(await run(first, true)).toMatchObject({ rows: 1, create: 1, errorCount: 0 });
    const r = await run(await makeXlsx(['資産名', '種別', 'サポート終了日', '重要度'], [['y', 'サーバ', '2030-03-31', '2']]));
    expect(r).toMatchObject({ create: 1, committed: true, format: 'xlsx' });
    expect((await all())[0]).toMatchObject({ name: 'y', endOfSupport: '2030-03-31', criticality: 2 });
  });
});
