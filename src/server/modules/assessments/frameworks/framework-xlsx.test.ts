import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { formatFrameworkIssue } from './framework-issues.ts';
import { frameworkXlsx, frameworkXlsxTemplate, parseFrameworkXlsx, TEMPLATE_FRAMEWORK } from './framework-xlsx.ts';
import { parseFrameworkYaml } from './framework-yaml.ts';
import { parseFrameworkFile } from './framework-file.ts';

/** .xlsx frameworks: the template and a definition read back unchanged; bad rows named by row and cell. */

const here = path.dirname(fileURLToPath(import.meta.url));
const valid = (() => {
  const r = parseFrameworkYaml(fs.readFileSync(path.join(here, 'testdata/valid.yaml')), 'valid.yaml');
  if (!r.ok) throw new Error('fixture');
  return r.definition;
})();

async function ok(bytes: Buffer) {
  const r = await parseFrameworkXlsx(bytes, 'mine.xlsx');
  if (!r.ok) throw new Error(r.issues.map(formatFrameworkIssue).join('\n'));
  return r;
}

/** A workbook written cell by cell, as a hospital would type it (Japanese headers only). */
async function handMade(itemRows: (string | number | boolean)[][], frameworkRows?: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const fw = wb.addWorksheet('フレームワーク');
  for (const r of frameworkRows ?? [
    ['ID', 'own-check'],
    ['バージョン', '2026'],
    ['名称', '院内点検'],
    ['名称(英語)', 'In-house check'],
    ['発行者', '情報システム室'],
    ['発行者(英語)', 'IT office'],
    ['年度', '令和8年度'],
    ['シート', '医療機関確認用'],
    ['回答形式', 'はい/いいえ/該当なし'],
  ])
    fw.addRow(r);
  const items = wb.addWorksheet('項目');
  items.addRow(['セクションID', 'セクション名', 'セクション名(英語)', '項目ID', '番号', '項目', '項目(英語)', '対象', '必須年度', '参照', '確認済み']);
  for (const r of itemRows) items.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('framework workbooks', () => {
  it('the template reads back as its example framework', async () => {
    const bytes = await frameworkXlsxTemplate();
    const r = await ok(bytes);
    expect(r.definition).toEqual(TEMPLATE_FRAMEWORK);
    // By content: a workbook is recognised whatever its name.
    const again = await parseFrameworkFile(bytes, 'upload.bin');
    expect(again.ok && again.definition.id).toBe('my-hospital-checklist');
  });

  it('a framework written as a workbook reads back unchanged (gate, sections, rules, scales, examples)', async () => {
    const richer = {
      ...valid,
      description: { ja: '説明', en: 'About' },
      source: { url: 'https://example.jp/checklist' },
      sections: [
        ...valid.sections,
        {
          id: 's3',
          title: { ja: '対策', en: 'Measures' },
          items: [
            {
              id: 'maturity',
              number: '3(1)',
              text: { ja: '=成熟度', en: '+maturity' },
              scope: 'pc' as const,
              answerType: { scale: [{ value: 'none', label: { ja: '未実施', en: 'None' }, done: false }, { value: 'full', label: { ja: '実施', en: 'Full' }, done: true }] },
              references: ['企画管理編9.1', '経営管理編1.2.1'],
              help: { ja: '補足', en: 'Help' },
              examples: [{ ja: '例1', en: 'Example 1' }, { ja: '例2', en: 'Example 2' }],
              verified: false,
            },
          ],
        },
      ],
    };
    const r = await ok(await frameworkXlsx(richer));
    expect(r.definition).toEqual(richer);
  });

  it('reads Japanese headers, 令和 years, Japanese scopes and sheet names; blank section ids continue the section', async () => {
    const r = await ok(
      await handMade([
        ['gate', '', '', 'g', '0', '医療情報システムを導入している', 'Runs systems', '', '', '', 'はい'],
        ['org', '体制', 'Organisation', 'a', '1', '責任者を置く', 'A manager', '全般', 'R7', '経営管理編1.2.1；企画管理編2', '済'],
        ['', '', '', 'b', '2', '端末を管理する', 'PCs are managed', '端末PC', '2026', '', ''],
      ]),
    );
    expect(r.definition).toMatchObject({ id: 'own-check', version: '2026', fiscalYear: 2026, sheet: 'hospital', answerType: 'yes_no_na', gate: { id: 'g', verified: true } });
    expect(r.definition.sections).toHaveLength(1);
    expect(r.definition.sections[0]!.items.map((i) => [i.id, i.scope, i.requiredBy ?? null, i.references, i.verified])).toEqual([
      ['a', 'general', 2025, ['経営管理編1.2.1', '企画管理編2'], true],
      ['b', 'pc', 2026, [], false],
    ]);
  });

  it('a bad row: its row number as the line and the cell as 項目!H12-style key', async () => {
    const r = await parseFrameworkXlsx(
      await handMade([
        ['org', '体制', 'Organisation', 'a', '1', '責任者を置く', 'A manager', '全般', '', '', 'はい'],
        ['', '', '', 'b', '2', '端末を管理する', '', 'ノートPC', '', '', ''],
        ['', '', '', 'a', '3', '重複', 'Dup', '', 'そのうち', '', ''],
      ]),
      'mine.xlsx',
    );
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.issues.map(formatFrameworkIssue)).toEqual([
      'mine.xlsx:3 項目!G3 sections.0.items.1.text.en is required (the cell is empty)',
      'mine.xlsx:3 項目!H3 sections.0.items.1.scope: text "ノートPC" is not one of: server, pc, network, general',
      'mine.xlsx:4 項目!D4 sections.0.items.2.id: duplicate item id a',
      'mine.xlsx:4 項目!I4 sections.0.items.2.requiredBy: expected a number, got text "そのうち"',
    ]);
  });

  it('names missing sheets, columns and framework keys, unknown keys and formulas', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').addRow(['x']);
    const none = await parseFrameworkXlsx(Buffer.from(await wb.xlsx.writeBuffer()), 'a.xlsx');
    expect(none.ok ? null : none.issues[0]).toMatchObject({ code: 'missing_sheet', message: 'no sheet named 「フレームワーク」 (or "framework")' });

    const noTitle = await parseFrameworkXlsx(await handMade([['s', 'S', 'S', 'a', '1', 'あ', 'A', '', '', '', '']], [['id', 'x'], ['version', '1'], ['title_ja', 'あ'], ['publisher_ja', 'あ'], ['publisher_en', 'A'], ['colour', 'red']]), 'b.xlsx');
    expect(noTitle.ok ? [] : noTitle.issues.map(formatFrameworkIssue)).toEqual([
      'b.xlsx フレームワーク title_en is required',
      'b.xlsx:6 フレームワーク!A6 unknown key "colour"',
    ]);
    const wb3 = new ExcelJS.Workbook();
    wb3.addWorksheet('framework').addRows([['id', 'x'], ['version', '1'], ['fiscal_year']]);
    wb3.getWorksheet('framework')!.getCell('B3').value = { formula: '2000+25' };
    wb3.addWorksheet('items').addRows([['section_id', 'item_id', 'number', 'text_ja', 'text_en']]);
    const formula = await parseFrameworkXlsx(Buffer.from(await wb3.xlsx.writeBuffer()), 'f.xlsx');
    expect(formula.ok ? [] : formula.issues.filter((i) => i.code === 'formula').map(formatFrameworkIssue)).toEqual(['f.xlsx:3 framework!B3 formulas are not read: type the value itself']);

    const wb2 = new ExcelJS.Workbook();
    wb2.addWorksheet('framework').addRows([['id', 'x'], ['version', '1']]);
    wb2.addWorksheet('items').addRow(['item_id', 'text_ja', 'colour']);
    const cols = await parseFrameworkXlsx(Buffer.from(await wb2.xlsx.writeBuffer()), 'c.xlsx');
    expect(cols.ok ? [] : cols.issues.map(formatFrameworkIssue)).toEqual(['c.xlsx:1 items!1 missing columns number, text_en, section_id', 'c.xlsx:1 items!C1 unknown column "colour"']);

    const junk = await parseFrameworkXlsx(Buffer.from('PK\u0003\u0004 not really a zip'), 'd.xlsx');
    expect(junk.ok ? null : junk.issues[0]!.code).toBe('unreadable_file');
  });
});
