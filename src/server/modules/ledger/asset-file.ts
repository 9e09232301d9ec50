import { parse as parseCsv } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { ASSET_IMPORT_LIMITS, type ImportIssue } from '../../../shared/ledger-import.ts';
import { neutraliseFormula } from '../../lib/csv.ts';
import { readXlsxSheets } from '../../lib/xlsx-reader.ts';

/**
 * Spreadsheet files ↔ tables of text cells: CSV (UTF-8 with or without BOM, Shift_JIS/CP932 detected
 * automatically) and .xlsx. No ledger rules here; asset-import.ts gives the cells their meaning.
 */

export type FileFormat = 'csv' | 'xlsx';

export interface TableRow {
  /** Spreadsheet row number (the header is row 1). */
  row: number;
  cells: string[];
  /** Column indexes (0-based) whose cell held a real spreadsheet formula (stored as its text, never evaluated). */
  formulas?: number[];
}

export interface Table {
  format: FileFormat;
  /** `utf8` or `cp932` for CSV. */
  encoding?: 'utf8' | 'cp932';
  headers: string[];
  rows: TableRow[];
}

export type ReadResult = { ok: true; table: Table } | { ok: false; issues: ImportIssue[] };

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const fileIssue = (message: ImportIssue['message'], value?: string): ReadResult => ({ ok: false, issues: [{ path: '', message, ...(value !== undefined && { value }) }] });

/** Reads the first table of a CSV or .xlsx file (an .xlsx is recognised by its content, not its name). */
export async function readTable(bytes: Buffer, options: { sheetNames?: readonly string[] } = {}): Promise<ReadResult> {
  if (bytes.length === 0) return fileIssue('empty_file');
  if (bytes.subarray(0, 4).equals(ZIP_MAGIC)) return readXlsx(bytes, options.sheetNames ?? []);
  return readCsv(bytes);
}

// --- CSV ----------------------------------------------------------------------------------------

/** UTF-8 when the bytes decode strictly as UTF-8 (BOM removed), else CP932; null when neither fits. */
export function decodeText(bytes: Buffer): { text: string; encoding: 'utf8' | 'cp932' } | null {
  // UTF-16 (BOM or NUL bytes) and other binary data are neither.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || bytes.subarray(0, 4096).includes(0)) return null;
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, encoding: 'utf8' };
  } catch {
    const text = iconv.decode(bytes, 'cp932');
    if (text.includes('\uFFFD')) return null;
    return { text, encoding: 'cp932' };
  }
}

async function readCsv(bytes: Buffer): Promise<ReadResult> {
  const decoded = decodeText(bytes);
  if (!decoded) return fileIssue('invalid_encoding');
  const parser = parseCsv(decoded.text, { relax_column_count: true, relax_quotes: false, skip_empty_lines: false, bom: true });
  let headers: string[] | undefined;
  const rows: TableRow[] = [];
  let n = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      n++;
      if (!headers) {
        headers = record;
        continue;
      }
      if (record.every((c) => c.trim() === '')) continue;
      if (rows.length >= ASSET_IMPORT_LIMITS.maxRows) return fileIssue('too_many_rows', String(ASSET_IMPORT_LIMITS.maxRows));
      rows.push({ row: n, cells: record });
    }
  } catch {
    return fileIssue('unreadable_file');
  }
  if (!headers || headers.every((h) => h.trim() === '') || rows.length === 0) return fileIssue('empty_file');
  return { ok: true, table: { format: 'csv', encoding: decoded.encoding, headers, rows } };
}

// --- xlsx ---------------------------------------------------------------------------------------

const pad = (n: number) => String(n).padStart(2, '0');

/** A cell's value as text: dates as YYYY-MM-DD, formulas as their text (never their result). */
function cellText(value: ExcelJS.CellValue): { text: string; formula?: boolean } {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'number') return { text: String(value) };
  if (typeof value === 'boolean') return { text: value ? 'true' : 'false' };
  if (value instanceof Date) return { text: `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}` };
  if ('formula' in value && typeof value.formula === 'string') return { text: `=${value.formula}`, formula: true };
  if ('sharedFormula' in value && typeof value.sharedFormula === 'string') return { text: `=${value.sharedFormula}`, formula: true };
  if ('richText' in value && Array.isArray(value.richText)) return { text: value.richText.map((r) => r.text).join('') };
  if ('text' in value && typeof value.text === 'string') return { text: value.text };
  if ('error' in value) return { text: String(value.error) };
  return { text: '' };
}

interface SheetRows {
  rows: { row: number; cells: string[]; formulas?: number[] }[];
  tooMany: boolean;
  tooLarge: boolean;
}

async function collectSheet(sheet: AsyncIterable<ExcelJS.Row>): Promise<SheetRows> {
  const out: SheetRows = { rows: [], tooMany: false, tooLarge: false };
  for await (const row of sheet) {
    if (out.tooMany) continue;
    const cells: string[] = [];
    const formulas: number[] = [];
    const values = row.values as ExcelJS.CellValue[];
    for (let c = 1; c < values.length; c++) {
      const t = cellText(values[c]);
      cells[c - 1] = t.text;
      if (t.formula) formulas.push(c - 1);
    }
    for (let i = 0; i < cells.length; i++) cells[i] ??= '';
    if (cells.every((c) => c.trim() === '')) continue;
    // The header plus maxRows data rows.
    if (out.rows.length > ASSET_IMPORT_LIMITS.maxRows) {
      out.tooMany = true;
      out.rows = [];
      continue;
    }
    out.rows.push({ row: row.number, cells, ...(formulas.length > 0 && { formulas }) });
  }
  return out;
}

async function readXlsx(bytes: Buffer, sheetNames: readonly string[]): Promise<ReadResult> {
  let chosen: SheetRows | undefined;
  try {
    for await (const sheet of readXlsxSheets(bytes, { styles: true })) {
      const named = sheetNames.includes(sheet.name);
      // The sheet named for this kind of import wins; else the first sheet.
      if (named) {
        chosen = await collectSheet(sheet.rows);
        break;
      }
      chosen ??= await collectSheet(sheet.rows);
    }
  } catch {
    return fileIssue('unreadable_file');
  }
  if (!chosen) return fileIssue('empty_file');
  if (chosen.tooMany) return fileIssue('too_many_rows', String(ASSET_IMPORT_LIMITS.maxRows));
  const [header, ...rows] = chosen.rows;
  if (!header || rows.length === 0) return fileIssue('empty_file');
  return { ok: true, table: { format: 'xlsx', headers: header.cells, rows } };
}

// --- writing ------------------------------------------------------------------------------------

export interface SheetOut {
  name: string;
  headers: string[];
  rows: string[][];
}

/** CSV with CRLF line ends: UTF-8 with a BOM (Excel opens it correctly), or Shift_JIS (CP932). Formulas neutralised. */
export function writeCsv(sheet: SheetOut, encoding: 'utf8' | 'sjis'): Buffer {
  const text = stringify([sheet.headers, ...sheet.rows.map((r) => r.map(neutraliseFormula))], { record_delimiter: '\r\n' });
  return encoding === 'sjis' ? iconv.encode(text, 'cp932') : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

/** An .xlsx with one sheet per entry; every cell is a text cell with formulas neutralised. */
export async function writeXlsx(sheets: SheetOut[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'mamori';
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(s.headers).font = { bold: true };
    for (const r of s.rows) ws.addRow(r.map(neutraliseFormula));
    ws.columns.forEach((col, i) => {
      col.width = Math.min(40, Math.max(10, (s.headers[i]?.length ?? 0) * 2 + 2));
      col.numFmt = '@';
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
