import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TFacility } from '../../../../shared/contracts/facilities.contract.ts';
import { newId } from '../../../lib/ids.ts';
import { pdfText } from '../../../reports/test-support.ts';
import { buildTestApp, createTestEnv, DIALECTS, makeFacility, makeUser, SYSTEM, TestClient, type TestEnv } from '../../../testing/harness.ts';
import { createFacilityFramework } from '../frameworks/index.ts';
import { addEvidenceFile, addEvidenceLink, answerItem, createAssessment } from '../index.ts';
import { exportAssessment } from './export.service.ts';
import { exportFileName, type ExportBundle } from './model.ts';
import { uniqueSheetName } from './xlsx.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => fs.readFileSync(path.join(here, 'testdata', name));

const V1_NAME = 'みなとメディカル株式会社';
const V2_NAME = 'Kyushoku/Service: 給食サービス株式会社 東京本社 情報システム部門';
const EVIDENCE_BYTES = Buffer.from('%PDF-1.7\n任命書\n%%EOF\n');

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

async function workbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

/** The row whose first cell is `number` (the item's label), as plain values. */
function rowOf(ws: ExcelJS.Worksheet, number: string): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  ws.eachRow((row) => {
    if (!found && row.getCell(1).value === number && typeof row.getCell(2).value === 'string' && row.getCell(3).value !== null) found = row;
  });
  if (!found) throw new Error(`no row ${number} in ${ws.name}`);
  return found;
}

const dateOf = (cell: ExcelJS.Cell) => (cell.value instanceof Date ? cell.value.toISOString().slice(0, 10) : cell.value);

describe('export helpers', () => {
  it('makes Excel sheet names legal (≤ 31 characters, no []:*?/\\) and unique', () => {
    const taken = new Set<string>(['mamori 補足']);
    const a = uniqueSheetName(V2_NAME, taken);
    expect(a.length).toBeLessThanOrEqual(31);
    expect(a).not.toMatch(/[[\]:*?/\\]/);
    const b = uniqueSheetName(V2_NAME, taken);
    expect(b).not.toBe(a);
    expect(b.endsWith(' (2)')).toBe(true);
    expect(b.length).toBeLessThanOrEqual(31);
    expect(uniqueSheetName('MAMORI 補足', taken)).toBe('MAMORI 補足 (2)');
    expect(uniqueSheetName("'''", taken)).toBe('sheet');
  });

  it('names files mamori-checklist-<code>-R7-hospital.xlsx', () => {
    const bundle = (sheet: string, vendorId: string | null, fy: number | null) =>
      ({ row: { sheet, vendor_id: vendorId, fiscal_year: fy, framework_id: 'hicp', framework_version: '2023' }, facility: { code: 'minato-general' } }) as unknown as ExportBundle;
    expect(exportFileName(bundle('hospital', null, 2025), 'xlsx')).toBe('mamori-checklist-minato-general-R7-hospital.xlsx');
    expect(exportFileName(bundle('vendor', '0190aaaa-bbbb-7ccc-8ddd-eeeeffff0001', 2024), 'pdf')).toBe('mamori-checklist-minato-general-R6-vendor-ffff0001.pdf');
    expect(exportFileName(bundle('general', null, null), 'html')).toBe('mamori-hicp-minato-general-2023-general.html');
  });
});

describe.each(DIALECTS)('assessment export (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let B: TFacility;
  let V1: string;
  let V2: string;
  let hospitalId: string;
  let vendor1Id: string;
  let vendor2Id: string;
  const clients: Record<string, TestClient> = {};
  let evidenceSha = '';

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    env.clock.set(new Date('2025-11-20T01:00:00Z'));
    A = await makeFacility(env, 'FA', 'みなと総合病院');
    B = await makeFacility(env, 'FB');
    await makeUser(env, 'sm@a.jp', [{ role: 'security_manager', facilityId: A.id }]);
    await makeUser(env, 'auditor@a.jp', [{ role: 'auditor', facilityId: A.id }]);
    await makeUser(env, 'staff@a.jp', [{ role: 'staff', facilityId: A.id }]);
    const vu = await makeUser(env, 'vendor@a.jp', [{ role: 'vendor', facilityId: A.id }]);
    await makeUser(env, 'sm@b.jp', [{ role: 'security_manager', facilityId: B.id }]);
    V1 = await testVendor(env, A.id, V1_NAME, [vu.id]);
    V2 = await testVendor(env, A.id, V2_NAME);

    const { deps } = env;
    await createFacilityFramework(deps, SYSTEM, A.id, fixture('export-checklist-vendor.yaml'), 'export-checklist-vendor.yaml');
    await createFacilityFramework(deps, SYSTEM, A.id, fixture('export-checklist.yaml'), 'export-checklist.yaml');
    hospitalId = (await createAssessment(deps, SYSTEM, A.id, { frameworkId: 'export-test', version: 'r7' })).assessment.id;
    vendor1Id = (await createAssessment(deps, SYSTEM, A.id, { frameworkId: 'export-test-vendor', version: 'r7', vendorId: V1 })).assessment.id;
    vendor2Id = (await createAssessment(deps, SYSTEM, A.id, { frameworkId: 'export-test-vendor', version: 'r7', vendorId: V2 })).assessment.id;

    const answer = (id: string, itemId: string, input: Parameters<typeof answerItem>[4]) => answerItem(deps, SYSTEM, id, itemId, input);
    await answer(hospitalId, 'gate', { answer: 'yes', checkedOn: '2025-06-01' });
    await answer(hospitalId, 'manager', { answer: 'yes', checkedOn: '2025-06-01', responsible: '情報システム課 山田', comment: '院長が任命(令和7年4月)' });
    // The ledger is empty: ledger.inventory says いいえ, so はい disagrees.
    await answer(hospitalId, 'ledger', { answer: 'yes', checkedOn: '2025-06-02' });
    await answer(hospitalId, 'patch', { answer: 'no', checkedOn: '2025-06-03', targetOn: '2026-03-31', responsible: '委託先 A社' });
    await answer(hospitalId, 'usb', { answer: 'na', checkedOn: '2025-06-04' });
    await answer(vendor1Id, 'vendor-manager', { answer: 'yes', checkedOn: '2025-07-01' });
    await answer(vendor1Id, 'vendor-mds', { answer: 'no', checkedOn: '2025-07-01', targetOn: '2025-12-31' });
    await addEvidenceLink(deps, SYSTEM, hospitalId, { itemId: 'manager', kind: 'url', title: '任命書(院内規程集)', url: 'https://intra.example/kitei/ninmei', validUntil: '2026-03-31' });
    const file = await addEvidenceFile(deps, SYSTEM, hospitalId, { itemId: 'manager', title: '任命書', bytes: EVIDENCE_BYTES, fileName: 'ninmei.pdf', contentType: 'application/pdf', validUntil: '2025-09-30' });
    evidenceSha = file.sha256!;

    app = await buildTestApp(env);
    for (const email of ['sm@a.jp', 'auditor@a.jp', 'staff@a.jp', 'vendor@a.jp', 'sm@b.jp']) {
      clients[email] = new TestClient(app, env);
      await clients[email].login(email);
    }
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('.xlsx: the MHLW layout read back item by item, a sheet per vendor, and mamori 補足', async () => {
    const res = await clients['sm@a.jp']!.get(`/api/v1/assessments/${hospitalId}/export?format=xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe('attachment; filename="mamori-checklist-FA-R7-hospital.xlsx"');
    const wb = await workbook(res.rawPayload);
    const names = wb.worksheets.map((w) => w.name);
    expect(names[0]).toBe('医療機関確認用');
    expect(names.at(-1)).toBe('mamori 補足');
    expect(names).toHaveLength(4);
    expect(names).toContain(V1_NAME);
    const v2Sheet = names.find((n) => n.startsWith('Kyushoku'))!;
    expect(v2Sheet.length).toBeLessThanOrEqual(31);
    expect(v2Sheet).not.toMatch(/[[\]:*?/\\]/);

    const ws = wb.getWorksheet('医療機関確認用')!;
    // Title block.
    expect(ws.getCell('A1').value).toBe('医療機関におけるサイバーセキュリティ対策チェックリスト(試験用)(医療機関確認用)');
    const block = new Map<string, unknown>();
    for (let r = 2; r <= 8; r++) block.set(String(ws.getCell(r, 1).value), ws.getCell(r, 2).value);
    expect(block.get('医療機関名')).toBe('みなと総合病院');
    expect(block.get('年度')).toBe('令和7年度');
    expect(block.get('状態')).toBe('回答中');
    const exported = block.get('出力日');
    expect(exported instanceof Date ? exported.toISOString().slice(0, 10) : exported).toBe('2025-11-20');
    // Header row, frozen, repeated when printed.
    let headerRow = 0;
    ws.eachRow((row, n) => {
      if (row.getCell(1).value === '番号') headerRow = n;
    });
    expect(ws.getRow(headerRow).values).toEqual([undefined, '番号', '確認項目', '対象', '回答', '確認日', '目標日', '備考']);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: headerRow });
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'portrait', fitToWidth: 1, printTitlesRow: `${headerRow}:${headerRow}` });

    const expected: [string, string, string, string, string | null, string | null, string][] = [
      ['0', '医療情報システムを導入、運用している', '全般', 'はい', '2025-06-01', null, ''],
      ['1①', '医療情報システム安全管理責任者を設置している', '全般', 'はい', '2025-06-01', null, '院長が任命(令和7年4月)\n担当: 情報システム課 山田'],
      ['2①', 'サーバ、端末PC、ネットワーク機器の台帳管理を行っている', '全般', 'はい', '2025-06-02', null, ''],
      ['2⑥', 'セキュリティパッチ(最新ファームウェアや更新プログラム)を適用している', 'ネットワーク機器', 'いいえ', '2025-06-03', '2026-03-31', '担当: 委託先 A社'],
      ['2⑨', 'USBストレージ等の外部記録媒体や情報機器に対して接続を制限している', '端末PC', '該当なし', '2025-06-04', null, ''],
      ['3(1)', 'インシデント発生時の連絡体制図がある', '全般', '', null, null, ''],
    ];
    for (const [number, text, scope, answer, checked, target, notes] of expected) {
      const row = rowOf(ws, number);
      expect(row.getCell(2).value, number).toBe(text);
      expect(row.getCell(3).value, number).toBe(scope);
      expect(row.getCell(4).value ?? '', number).toBe(answer);
      expect(dateOf(row.getCell(5)) ?? null, number).toBe(checked);
      expect(dateOf(row.getCell(6)) ?? null, number).toBe(target);
      if (checked) expect(row.getCell(5).numFmt).toBe('yyyy/mm/dd');
      expect(row.getCell(7).value ?? '', number).toBe(notes);
    }
    // Section header rows in sheet order.
    const sectionTitles: string[] = [];
    ws.eachRow((row) => {
      if (/^[123]$/.test(String(row.getCell(1).value)) && row.getCell(3).value === row.getCell(2).value) sectionTitles.push(String(row.getCell(2).value));
    });
    expect(sectionTitles).toEqual(['体制構築', '医療情報システムの管理・運用', 'インシデント発生に備えた対応']);

    // One sheet per vendor, answered by that vendor.
    const v1 = wb.getWorksheet(V1_NAME)!;
    expect(v1.getCell('A1').value).toBe('医療機関におけるサイバーセキュリティ対策チェックリスト(試験用)(事業者確認用)');
    expect(rowOf(v1, '1①').getCell(4).value).toBe('はい');
    const mds = rowOf(v1, '2③');
    expect(mds.getCell(2).value).toBe('医療機関に製造業者/サービス事業者による医療情報セキュリティ開示書(MDS/SDS)を提出した');
    expect(mds.getCell(4).value).toBe('いいえ');
    expect(dateOf(mds.getCell(6))).toBe('2025-12-31');
    const v2 = wb.getWorksheet(v2Sheet)!;
    expect(rowOf(v2, '2③').getCell(4).value ?? '').toBe('');
    let vendorLine = '';
    v1.eachRow((row) => {
      if (row.getCell(1).value === '事業者名') vendorLine = String(row.getCell(2).value);
    });
    expect(vendorLine).toBe(V1_NAME);

    // mamori 補足: suggestion with its reason, the disagreement, problems and evidence with the full SHA-256.
    const notes = wb.getWorksheet('mamori 補足')!;
    expect(notes.getRow(1).values).toEqual([undefined, 'シート', '番号', '確認項目', '自動評価', '理由', '回答との不一致', '確認事項', '証跡']);
    const noteRows: ExcelJS.Row[] = [];
    notes.eachRow((row, n) => {
      if (n > 1) noteRows.push(row);
    });
    expect(noteRows).toHaveLength(6 + 2 + 2);
    const ledgerNote = noteRows.find((r) => r.getCell(1).value === '医療機関確認用' && r.getCell(2).value === '2①')!;
    expect(ledgerNote.getCell(4).value).toBe('いいえ');
    expect(String(ledgerNote.getCell(5).value)).toContain('台帳に機器が1台も登録されていません');
    expect(ledgerNote.getCell(6).value).toBe('回答は『はい』ですが、台帳に機器が1台も登録されていません。台帳の点検の記録がありません');
    const managerNote = noteRows.find((r) => r.getCell(1).value === '医療機関確認用' && r.getCell(2).value === '1①')!;
    expect(managerNote.getCell(6).value ?? '').toBe('');
    const evidence = String(managerNote.getCell(8).value);
    expect(evidence).toContain(`任命書 / ninmei.pdf / SHA-256: ${evidenceSha} / 有効期限: 2025/09/30 (期限切れ)`);
    expect(evidence).toContain('任命書(院内規程集) / https://intra.example/kitei/ninmei / 有効期限: 2026/03/31');
    const contactNote = noteRows.find((r) => r.getCell(2).value === '3(1)')!;
    expect(String(contactNote.getCell(7).value)).toContain('回答がありません');
    expect(noteRows.filter((r) => r.getCell(1).value === V1_NAME)).toHaveLength(2);
  });

  it('.xlsx in English; a vendor sheet alone is one sheet', async () => {
    const en = await workbook((await exportAssessment(env.deps, SYSTEM, hospitalId, { format: 'xlsx', lang: 'en' })).body);
    const ws = en.worksheets[0]!;
    expect(ws.name).toBe('Hospital sheet');
    expect(en.worksheets.at(-1)!.name).toBe('mamori notes');
    const patch = rowOf(ws, '2⑥');
    expect(patch.getCell(2).value).toBe('Security patches (latest firmware and updates) are applied');
    expect(patch.getCell(3).value).toBe('Network device');
    expect(patch.getCell(4).value).toBe('No');
    let header: unknown[] = [];
    ws.eachRow((row) => {
      if (row.getCell(1).value === 'No.') header = row.values as unknown[];
    });
    expect(header).toEqual([undefined, 'No.', 'Item', 'Target', 'Answer', 'Checked on', 'Target date', 'Notes']);

    const alone = await exportAssessment(env.deps, SYSTEM, vendor1Id, { format: 'xlsx', lang: 'ja' });
    expect(alone.fileName).toBe(`mamori-checklist-FA-R7-vendor-${V1.slice(-8)}.xlsx`);
    const wb = await workbook(alone.body);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['事業者確認用']);
    expect(rowOf(wb.worksheets[0]!, '2③').getCell(4).value).toBe('いいえ');
  });

  it('HTML: self-contained; cover, items, evidence, the disagreement in words, and the vendor sheets', async () => {
    const signedAt = '2025-11-19T03:00:00.000Z';
    await env.deps.db.updateTable('assessments').set({ manager_signed_by: 'sm@a.jp', manager_signed_at: signedAt }).where('id', '=', hospitalId).execute();
    try {
      const res = await clients['auditor@a.jp']!.get(`/api/v1/assessments/${hospitalId}/export?format=html`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('inline; filename="mamori-checklist-FA-R7-hospital.html"');
      const html = res.body;
      // Nothing to fetch or run: URLs appear only as text.
      expect(html).not.toMatch(/<(script|link|iframe|img|object|embed)\b/i);
      expect(html).not.toMatch(/\s(src|href|action|srcset)\s*=/i);
      expect(html).not.toMatch(/url\(|@import/i);
      expect(html).toContain('https://intra.example/kitei/ninmei');
      expect(html).toContain('<title>医療機関におけるサイバーセキュリティ対策チェックリスト(試験用)</title>');
      expect(html).toContain('みなと総合病院');
      expect(html).toContain('令和7年度');
      // Sign-offs with name and date; the executive has not signed.
      expect(html).toMatch(/承認: 医療情報システム安全管理責任者<\/th><td>sm 2025\/11\/19<\/td>/);
      expect(html).toMatch(/承認: 経営者\(管理者\)<\/th><td>未承認<\/td>/);
      expect(html).toContain('回答済み 5/6');
      for (const text of ['医療情報システム安全管理責任者を設置している', 'セキュリティパッチ(最新ファームウェアや更新プログラム)を適用している', '2025/06/03', '2026/03/31', '情報システム課 山田', '院長が任命(令和7年4月)']) {
        expect(html).toContain(text);
      }
      expect(html).toContain(`SHA-256: ${evidenceSha.slice(0, 12)} / 有効期限: 2025/09/30 (期限切れ)`);
      expect(html).not.toContain(evidenceSha);
      // The disagreeing item is marked in words (and highlighted).
      const ledgerBody = /<tbody class="item disagree">(.*?)<\/tbody>/s.exec(html)?.[1] ?? '';
      expect(ledgerBody).toContain('サーバ、端末PC、ネットワーク機器の台帳管理を行っている');
      expect(ledgerBody).toContain('【回答との不一致】回答は『はい』ですが、台帳に機器が1台も登録されていません');
      expect(ledgerBody).toContain('<span class="k">自動評価</span>いいえ: 台帳に機器が1台も登録されていません');
      expect(html.match(/class="item disagree"/g)).toHaveLength(1);
      expect(html).toContain('※ 原文との照合前の文言');
      // Vendor sheets: status and answered/items.
      const vendors = /<h2>事業者確認用の回答状況<\/h2><table>(.*?)<\/table>/s.exec(html)?.[1] ?? '';
      expect(vendors).toContain(`<td>${V1_NAME}</td><td>回答中</td><td class="num">2/2</td>`);
      expect(vendors).toContain('<td class="num">0/2</td>');

      const en = (await exportAssessment(env.deps, SYSTEM, hospitalId, { format: 'html', lang: 'en' })).body.toString('utf8');
      expect(en).toContain('<html lang="en">');
      expect(en).toContain('【Disagrees with the answer】The answer is “Yes”, but no equipment is registered in the ledger');
      expect(en).toContain('No equipment is registered in the ledger');
      expect(en).toContain('Security manager');
    } finally {
      await env.deps.db.updateTable('assessments').set({ manager_signed_by: null, manager_signed_at: null }).where('id', '=', hospitalId).execute();
    }
  });

  it('who may export: readers of the assessment; a vendor only its own sheet; other facilities see nothing; audited', async () => {
    const url = (id: string, q = 'format=xlsx') => `/api/v1/assessments/${id}/export?${q}`;
    expect((await clients['staff@a.jp']!.get(url(hospitalId))).statusCode).toBe(403);
    expect((await clients['sm@b.jp']!.get(url(hospitalId))).statusCode).toBe(404);
    const vendor = clients['vendor@a.jp']!;
    expect((await vendor.get(url(hospitalId))).statusCode).toBe(404);
    expect((await vendor.get(url(vendor2Id))).statusCode).toBe(404);
    const own = await vendor.get(url(vendor1Id));
    expect(own.statusCode).toBe(200);
    expect((await workbook(own.rawPayload)).worksheets).toHaveLength(1);
    expect((await clients['sm@a.jp']!.get(url(hospitalId, 'format=docx'))).statusCode).toBe(400);
    expect((await clients['sm@a.jp']!.get(url(hospitalId, 'format=xlsx&lang=fr'))).statusCode).toBe(400);
    expect((await new TestClient(app, env).get(url(hospitalId))).statusCode).toBe(401);

    const audit = await env.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'assessment')
      .where('action', '=', 'export')
      .where('entity_id', '=', vendor1Id)
      .where('actor_label', '=', 'vendor@a.jp')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.facility_id).toBe(A.id);
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ format: 'xlsx', lang: 'ja', vendorSheets: 0 });
    // Refused exports leave no export event.
    const refused = await env.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'export').where('actor_label', 'in', ['staff@a.jp', 'sm@b.jp']).execute();
    expect(refused).toEqual([]);
  });

  it.runIf(dialect === 'sqlite')('PDF: the text extracted holds the facility, the title, items and answers in Japanese', { timeout: 120_000 }, async () => {
    const res = await clients['sm@a.jp']!.get(`/api/v1/assessments/${hospitalId}/export?format=pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename="mamori-checklist-FA-R7-hospital.pdf"');
    const pages = await pdfText(res.rawPayload);
    const all = pages.join('');
    expect(pages[0]).toContain('医療機関におけるサイバーセキュリティ対策チェックリスト(試験用)');
    expect(pages[0]).toContain('みなと総合病院');
    expect(pages[0]).toContain('令和7年度');
    for (const text of ['医療情報システム安全管理責任者を設置している', 'USBストレージ等の外部記録媒体や情報機器に対して接続を制限している', 'インシデント発生時の連絡体制図がある', '該当なし', 'いいえ', '2026/03/31', '回答との不一致', '回答は『はい』ですが、台帳に機器が1台も登録されていません', V1_NAME]) {
      expect(all).toContain(text.replace(/\s+/g, ''));
    }
    expect(pages[0]).toContain(`1/${pages.length}`);
  });
});
