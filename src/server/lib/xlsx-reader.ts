import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';

/**
 * Reads the worksheets of an .xlsx held in memory, row by row, without building the whole workbook.
 *
 * ExcelJS's streaming `WorkbookReader` walks the zip in one forward pass and, on Node ≥ 18, sometimes loses
 * entries while it waits between them (exceljs issue #3064): a file would then intermittently read as
 * unreadable or with a sheet missing. We read the zip through its central directory instead (every part is
 * addressable), parse the workbook's relations, sheet list, shared strings and styles first, and then hand
 * each worksheet's own stream to ExcelJS's row reader. ExcelJS is pinned to the exact version whose reader
 * methods this relies on (package.json); `xlsx-reader.test.ts` guards them.
 */

interface ZipFile {
  path: string;
  type: 'File' | 'Directory';
  stream(): Readable;
}
interface Unzipper {
  Open: { buffer(bytes: Buffer): Promise<{ files: ZipFile[] }> };
}
const unzipper = createRequire(import.meta.url)('unzipper') as Unzipper;

/** The parts of ExcelJS's reader we drive (its own parsing methods, called in the right order). */
interface ReaderInternals {
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Generator<{ eventType: string; value: unknown }>;
}

export interface XlsxSheet {
  name: string;
  rows: AsyncIterable<ExcelJS.Row>;
}

const SHEET_PATH = /^xl\/worksheets\/sheet(\d+)\.xml$/;

/**
 * The workbook's sheets in order, each with its rows (read lazily: consume a sheet's rows before asking for
 * the next sheet). Throws when the bytes are not a readable .xlsx.
 */
export async function* readXlsxSheets(bytes: Buffer, options: { styles?: boolean } = {}): AsyncGenerator<XlsxSheet> {
  const zip = await unzipper.Open.buffer(bytes);
  const byPath = new Map(zip.files.filter((f) => f.type === 'File').map((f) => [f.path, f]));
  const workbook = byPath.get('xl/workbook.xml');
  if (!workbook) throw new Error('not an xlsx workbook: xl/workbook.xml is missing');

  const reader = new ExcelJS.stream.xlsx.WorkbookReader(undefined as never, {
    sharedStrings: 'cache',
    styles: options.styles ? 'cache' : 'ignore',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  }) as unknown as ReaderInternals;

  const rels = byPath.get('xl/_rels/workbook.xml.rels');
  if (rels) await reader._parseRels(rels.stream());
  await reader._parseWorkbook(workbook.stream());
  const shared = byPath.get('xl/sharedStrings.xml');
  if (shared) for await (const _ of reader._parseSharedStrings(shared.stream()));
  const styles = byPath.get('xl/styles.xml');
  if (styles) await reader._parseStyles(styles.stream());

  const sheets = [...byPath.keys()]
    .map((p) => SHEET_PATH.exec(p)?.[1])
    .filter((n): n is string => n !== undefined)
    .sort((a, b) => Number(a) - Number(b));
  for (const sheetNo of sheets) {
    for (const { eventType, value } of reader._parseWorksheet(byPath.get(`xl/worksheets/sheet${sheetNo}.xml`)!.stream(), sheetNo)) {
      if (eventType !== 'worksheet') continue;
      const ws = value as { name?: string } & AsyncIterable<ExcelJS.Row>;
      yield { name: ws.name ?? `Sheet${sheetNo}`, rows: ws };
    }
  }
}
