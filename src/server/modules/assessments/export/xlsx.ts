import ExcelJS from 'exceljs';
import type { Locale } from '../../../../shared/errors.ts';
import {
  buildSheet,
  disagreementText,
  evidenceLine,
  fiscalYearLabel,
  notesCell,
  sheetLabel,
  words,
  type ExportBundle,
  type ExportContext,
  type ExportInput,
  type ExportItem,
  type ExportSheet,
} from './model.ts';

/**
 * The .xlsx for the on-site inspection, laid out like the MHLW sheets: a title block (チェックリスト名, 医療機関名,
 * 令和N年度, 出力日), the gate row, then per section a header row and per item 番号 | 確認項目 | 対象 | 回答 | 確認日 |
 * 目標日 | 備考. A hospital sheet brings one sheet per vendor (its 事業者確認用 of the same fiscal year) and a last sheet
 * 「mamori 補足」 with the auto-evaluation, disagreements, problems and evidence. A vendor sheet alone is one sheet.
 */

const COLUMNS = 7;
const COLUMN_WIDTHS = [8, 58, 14, 10, 12, 12, 36];
const NOTES_WIDTHS = [16, 8, 44, 12, 44, 12, 36, 52];
const BORDER: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FF868E96' } },
  left: { style: 'thin', color: { argb: 'FF868E96' } },
  bottom: { style: 'thin', color: { argb: 'FF868E96' } },
  right: { style: 'thin', color: { argb: 'FF868E96' } },
};
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE9ECEF' } };
const SECTION_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF1F3F5' } };
const FLAG_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF3BF' } };
const DATE_FORMAT = 'yyyy/mm/dd';
const FONT = 'Yu Gothic';

/** A YYYY-MM-DD calendar date as an Excel date (midnight UTC, so the serial is the calendar day). */
function excelDate(date: string | null | undefined): Date | null {
  if (!date || !/^\d{4}-\d{2}-\d{2}/.test(date)) return null;
  const [y, m, d] = date.slice(0, 10).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

/** Excel forbids []:*?/\ in sheet names, a leading/trailing apostrophe, and more than 31 characters; names are unique case-insensitively. */
export function uniqueSheetName(raw: string, taken: Set<string>): string {
  const base = raw.replace(/[[\]:*?/\\]/g, ' ').replace(/^'+|'+$/g, '').replace(/\s+/g, ' ').trim() || 'sheet';
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : ` (${n})`;
    const name = `${[...base].slice(0, 31 - suffix.length).join('').trimEnd()}${suffix}`;
    if (!taken.has(name.toLowerCase())) {
      taken.add(name.toLowerCase());
      return name;
    }
  }
}

function styleRow(row: ExcelJS.Row, from: number, to: number, style: { bold?: boolean; fill?: ExcelJS.Fill; border?: boolean }): void {
  for (let c = from; c <= to; c++) {
    const cell = row.getCell(c);
    cell.font = { name: FONT, size: 10, bold: style.bold ?? false };
    cell.alignment = { vertical: 'top', wrapText: true, ...(cell.alignment ?? {}) };
    if (style.fill) cell.fill = style.fill;
    if (style.border !== false) cell.border = BORDER;
  }
}

function itemRow(ws: ExcelJS.Worksheet, x: ExportItem, lang: Locale): void {
  const w = words(lang);
  const a = x.answer;
  const notes = [notesCell(a, lang), x.notRequired && !a?.answer ? w.notRequired : null].filter(Boolean).join('\n');
  const row = ws.addRow([x.item.number, x.item.text[lang], w.scopes[x.item.scope], x.answerLabel, excelDate(a?.checkedOn), excelDate(a?.targetOn), notes]);
  styleRow(row, 1, COLUMNS, {});
  row.getCell(1).alignment = { vertical: 'top', horizontal: 'center', wrapText: true };
  row.getCell(3).alignment = { vertical: 'top', horizontal: 'center', wrapText: true };
  row.getCell(4).alignment = { vertical: 'top', horizontal: 'center', wrapText: true };
  for (const c of [5, 6]) {
    row.getCell(c).numFmt = DATE_FORMAT;
    row.getCell(c).alignment = { vertical: 'top', horizontal: 'center' };
  }
}

/** One MHLW-style sheet of an assessment. */
function checklistSheet(wb: ExcelJS.Workbook, name: string, sheet: ExportSheet, ctx: ExportContext): void {
  const { lang } = ctx;
  const w = words(lang);
  const b = sheet.bundle;
  const def = b.entry.definition;
  const ws = wb.addWorksheet(name, {
    pageSetup: {
      paperSize: 9,
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: `&L${sheetLabel(b, lang)}&R&P / &N` },
  });
  ws.columns = COLUMN_WIDTHS.map((width) => ({ width }));

  // Title block.
  const title = ws.addRow([`${def.title[lang]}${b.row.sheet === 'hospital' || b.row.sheet === 'vendor' ? `(${sheetLabel(b, lang)})` : ''}`]);
  ws.mergeCells(title.number, 1, title.number, COLUMNS);
  title.getCell(1).font = { name: FONT, size: 14, bold: true };
  title.getCell(1).alignment = { vertical: 'middle', wrapText: true };
  title.height = 36;
  const info = (label: string, value: string | Date, valueIsDate = false) => {
    const r = ws.addRow([label, value]);
    ws.mergeCells(r.number, 2, r.number, COLUMNS);
    r.getCell(1).font = { name: FONT, size: 10, bold: true };
    r.getCell(2).font = { name: FONT, size: 10 };
    r.getCell(2).alignment = { horizontal: 'left', vertical: 'top', wrapText: true };
    if (valueIsDate) r.getCell(2).numFmt = DATE_FORMAT;
  };
  info(w.checklist, `${def.title[lang]} (${w.version}: ${def.version})`);
  info(w.facility, b.facility.name);
  if (b.vendor) info(w.vendor, b.vendor.name);
  if (b.row.fiscal_year !== null) info(w.fiscalYear, fiscalYearLabel(b, lang));
  info(w.exportedOn, excelDate(ctx.today) ?? ctx.today, true);
  info(w.status, w.statuses[b.row.status as keyof typeof w.statuses] ?? b.row.status);
  ws.addRow([]);

  const header = ws.addRow([w.number, w.item, w.scope, w.answer, w.checkedOn, w.targetOn, w.notes]);
  styleRow(header, 1, COLUMNS, { bold: true, fill: HEADER_FILL });
  for (let c = 1; c <= COLUMNS; c++) header.getCell(c).alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  ws.views = [{ state: 'frozen', ySplit: header.number, xSplit: 0, topLeftCell: `A${header.number + 1}`, activeCell: `A${header.number + 1}` }];
  ws.pageSetup.printTitlesRow = `${header.number}:${header.number}`;

  if (sheet.gate) {
    const g = ws.addRow([w.gate, def.gate ? w.gateNote : '']);
    ws.mergeCells(g.number, 2, g.number, COLUMNS);
    styleRow(g, 1, COLUMNS, { bold: true, fill: SECTION_FILL });
    itemRow(ws, sheet.gate, lang);
  }
  for (const s of sheet.sections) {
    const r = ws.addRow([s.section.number ?? '', s.section.title[lang]]);
    ws.mergeCells(r.number, 2, r.number, COLUMNS);
    styleRow(r, 1, COLUMNS, { bold: true, fill: SECTION_FILL });
    for (const x of s.items) itemRow(ws, x, lang);
  }
}

/** 「mamori 補足」: per item of every sheet, the auto-evaluation with its reasons, disagreement, problems and evidence. */
function notesSheet(wb: ExcelJS.Workbook, name: string, sheets: { name: string; sheet: ExportSheet }[], ctx: ExportContext): void {
  const { lang } = ctx;
  const w = words(lang);
  const ws = wb.addWorksheet(name, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 } },
    headerFooter: { oddFooter: `&L${w.sheetNotes}&R&P / &N` },
  });
  ws.columns = NOTES_WIDTHS.map((width) => ({ width }));
  const header = ws.addRow([w.sheet, w.number, w.item, w.suggestion, w.reason, w.disagreement, w.problems, w.evidence]);
  styleRow(header, 1, NOTES_WIDTHS.length, { bold: true, fill: HEADER_FILL });
  ws.views = [{ state: 'frozen', ySplit: 1, xSplit: 0, topLeftCell: 'A2', activeCell: 'A2' }];
  ws.pageSetup.printTitlesRow = '1:1';
  for (const { name: sheetName, sheet } of sheets) {
    for (const x of sheet.items) {
      const row = ws.addRow([
        sheetName,
        x.item.number,
        x.item.text[lang],
        x.suggestion ? w.suggestions[x.suggestion.value] : '',
        x.suggestion ? x.suggestion.reasons.map((r) => ctx.reason(r, lang)).join('\n') : '',
        x.disagreement ? disagreementText(x, lang) : '',
        x.problems.map((r) => ctx.reason(r, lang)).join('\n'),
        x.evidence.map((e) => evidenceLine(e, lang, false)).join('\n'),
      ]);
      styleRow(row, 1, NOTES_WIDTHS.length, x.disagreement ? { fill: FLAG_FILL } : {});
    }
  }
}

/** The whole export as an .xlsx file. */
export async function assessmentWorkbook(input: ExportInput): Promise<Buffer> {
  const { ctx } = input;
  const w = words(ctx.lang);
  const wb = new ExcelJS.Workbook();
  wb.creator = `mamori ${ctx.version}`;
  wb.created = new Date(ctx.generatedAt);
  wb.modified = new Date(ctx.generatedAt);
  const taken = new Set<string>([w.sheetNotes.toLowerCase()]);
  const main = buildSheet(input.main, ctx);
  const mainName = uniqueSheetName(sheetLabel(input.main, ctx.lang), taken);
  checklistSheet(wb, mainName, main, ctx);
  if (input.main.row.sheet === 'vendor') return Buffer.from(await wb.xlsx.writeBuffer());

  const all = [{ name: mainName, sheet: main }];
  for (const v of sortVendorSheets(input.vendorSheets)) {
    const s = buildSheet(v, ctx);
    const name = uniqueSheetName(v.vendor?.name ?? sheetLabel(v, ctx.lang), taken);
    checklistSheet(wb, name, s, ctx);
    all.push({ name, sheet: s });
  }
  notesSheet(wb, w.sheetNotes, all, ctx);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Vendor sheets in a stable order: by vendor name, then id. */
export function sortVendorSheets(sheets: readonly ExportBundle[]): ExportBundle[] {
  return [...sheets].sort((a, b) => (a.vendor?.name ?? '').localeCompare(b.vendor?.name ?? '', 'ja') || a.row.id.localeCompare(b.row.id));
}
