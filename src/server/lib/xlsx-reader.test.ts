import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readXlsxSheets } from './xlsx-reader.ts';

async function workbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const a = wb.addWorksheet('委託事業者');
  a.addRow(['事業者名', '電話']);
  a.addRow(['みなとメディカル株式会社', '03-0000-0000']);
  a.addRow([{ richText: [{ text: '給食' }, { text: 'サービス', font: { bold: true } }] }, 1234]);
  const b = wb.addWorksheet('連絡先');
  b.addRow(['名前', '日付']);
  b.addRow(['夜間窓口', new Date(Date.UTC(2026, 3, 1))]);
  wb.addWorksheet('空');
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function readAll(bytes: Buffer, styles = false) {
  const out: { name: string; rows: unknown[][] }[] = [];
  for await (const sheet of readXlsxSheets(bytes, { styles })) {
    const rows: unknown[][] = [];
    for await (const row of sheet.rows) rows.push((row.values as unknown[]).slice(1));
    out.push({ name: sheet.name, rows });
  }
  return out;
}

describe('readXlsxSheets', () => {
  it('reads every sheet by name, with shared strings, rich text, numbers and dates', async () => {
    const sheets = await readAll(await workbook(), true);
    expect(sheets.map((s) => s.name)).toEqual(['委託事業者', '連絡先', '空']);
    expect(sheets[0]!.rows[1]).toEqual(['みなとメディカル株式会社', '03-0000-0000']);
    expect(sheets[0]!.rows[2]![0]).toMatchObject({ richText: [{ text: '給食' }, { text: 'サービス' }] });
    expect(sheets[0]!.rows[2]![1]).toBe(1234);
    expect(sheets[1]!.rows[1]).toEqual(['夜間窓口', new Date(Date.UTC(2026, 3, 1))]);
    expect(sheets[2]!.rows).toEqual([]);
  });

  // The streaming reader this replaces lost zip entries now and then (exceljs #3064). Many reads, some at
  // the same time, must all see the same workbook.
  it('gives the same result on every one of many reads, sequential and concurrent', async () => {
    const bytes = await workbook();
    const first = JSON.stringify(await readAll(bytes));
    for (let round = 0; round < 10; round++) {
      const results = await Promise.all(Array.from({ length: 20 }, () => readAll(bytes)));
      for (const r of results) expect(JSON.stringify(r)).toBe(first);
    }
  });

  it('stops early without reading the remaining sheets', async () => {
    const names: string[] = [];
    for await (const sheet of readXlsxSheets(await workbook())) {
      names.push(sheet.name);
      break;
    }
    expect(names).toEqual(['委託事業者']);
  });

  it('throws on bytes that are not an xlsx workbook', async () => {
    await expect(readAll(Buffer.from('事業者名,電話\n'))).rejects.toThrow();
    // A cut-off upload: the central directory at the end of the zip is missing.
    const bytes = await workbook();
    await expect(readAll(bytes.subarray(0, bytes.length - 200))).rejects.toThrow();
  });
});
