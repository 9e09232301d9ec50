import { createHash } from 'node:crypto';
import { ASSET_IMPORT_LIMITS, FORMULA_PREFIX, type ImportIssue } from '../../../shared/ledger-import.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAuditMany } from '../../audit/audit.service.ts';
import { unneutraliseFormula } from '../../lib/csv.ts';
import { readTable, type FileFormat, type Table, type TableRow } from './asset-file.ts';

/**
 * What every register import (assets, external connections, vendors) does the same way: a CSV or .xlsx file →
 * a preview (create / update / unchanged per row, every problem with its row and column) → on commit, the file
 * validated again and written in one transaction, plus one `import` audit event. Nothing is written while any
 * row has an error. Each kind brings its columns, its context, how a row becomes a planned change, and how
 * planned changes are written (see ImportKind).
 */

/** At most this many issues are listed (the counts are always complete). */
export const MAX_LISTED_ISSUES = 1000;

export type ImportAction = 'create' | 'update' | 'unchanged';

export interface ImportResult {
  fileName: string;
  format: FileFormat | null;
  encoding: 'utf8' | 'cp932' | null;
  sha256: string;
  /** Data rows read (blank rows skipped). */
  rows: number;
  create: number;
  update: number;
  unchanged: number;
  /** Per data row, in file order (empty when the file could not be read). */
  actions: { row: number; action: ImportAction | 'error'; key: string }[];
  errors: ImportIssue[];
  errorCount: number;
  warnings: ImportIssue[];
  committed: boolean;
}

export interface ImportOptions {
  fileName: string;
  dryRun: boolean;
}

// --- headers ------------------------------------------------------------------------------------

/** A column of an import file: its English key and Japanese header. */
export interface ImportColumn {
  key: string;
  ja: string;
  /** The header must be present. */
  required?: boolean;
}

export interface HeaderSpec<C extends ImportColumn> {
  /** Every column, in export order. */
  columns: readonly C[];
  /** The column a header names, or undefined. */
  columnFor(header: string): C | undefined;
  /**
   * Whether a (trimmed) header names its column in Japanese; missing headers are then named in Japanese too.
   * By default every header that is not the English key.
   */
  isJapanese?(col: C, header: string): boolean;
}

/** The file's columns: the column under each header (null for an empty or unknown header). */
export interface ImportColumns<C extends ImportColumn> {
  byIndex: (C | null)[];
  /** At least one header is in Japanese. */
  japanese: boolean;
}

const notEnglishKey = (col: ImportColumn, header: string) => col.key !== header.toLowerCase();

/**
 * Maps the header row to columns. Unknown and repeated headers, missing required headers and values under a
 * column without a header are issues (unknown headers are errors so that a misspelt header never drops data).
 */
export function mapHeaders<C extends ImportColumn>(headers: string[], rows: Table['rows'], issues: ImportIssue[], spec: HeaderSpec<C>): ImportColumns<C> {
  const byIndex: (C | null)[] = [];
  const present = new Set<string>();
  const isJapanese = spec.isJapanese ?? notEnglishKey;
  let japanese = 0;
  headers.forEach((raw, i) => {
    const h = raw.trim();
    if (h === '') {
      byIndex[i] = null;
      return;
    }
    const col = spec.columnFor(h);
    if (!col) {
      issues.push({ path: h, message: 'unknown_header' });
      byIndex[i] = null;
      return;
    }
    if (isJapanese(col, h)) japanese++;
    if (present.has(col.key)) issues.push({ path: h, message: 'duplicate_header' });
    present.add(col.key);
    byIndex[i] = col;
  });
  for (const col of spec.columns) {
    if (col.required && !present.has(col.key)) issues.push({ path: japanese > 0 ? col.ja : col.key, message: 'missing_header' });
  }
  // A value under a column without a header would be lost.
  for (const r of rows) {
    const extra = r.cells.findIndex((c, i) => c.trim() !== '' && (i >= headers.length || headers[i]!.trim() === ''));
    if (extra >= 0) issues.push({ row: r.row, path: headers[extra]?.trim() ?? '', message: 'extra_cells', value: r.cells[extra] });
  }
  return { byIndex, japanese: japanese > 0 };
}

// --- cells --------------------------------------------------------------------------------------

/** Records an error on the row's cell under `path`. */
export type FailCell = (path: string, message: ImportIssue['message'], value?: string) => void;

/** A cell's text: trimmed, without the apostrophe the export puts before formula-like text. */
export function plainCell(r: TableRow, index: number): string {
  return unneutraliseFormula(r.cells[index] ?? '').trim();
}

/**
 * Walks a row's cells under known columns, in file order, calling `each` with the cell's text (see plainCell)
 * and its header. A cell over ASSET_IMPORT_LIMITS.maxCellChars is an error (and not passed on); a cell that
 * was or reads as a formula is a warning (it is kept as text). Returns false when any cell failed.
 */
export function readCells<C extends ImportColumn>(
  headers: string[],
  cols: ImportColumns<C>,
  r: TableRow,
  errors: ImportIssue[],
  warnings: ImportIssue[],
  each: (col: C, cell: string, path: string, fail: FailCell) => void,
): boolean {
  let ok = true;
  const fail: FailCell = (path, message, value) => {
    ok = false;
    errors.push({ row: r.row, path, message, ...(value !== undefined && { value }) });
  };
  cols.byIndex.forEach((col, i) => {
    if (!col) return;
    const path = headers[i]!.trim();
    const raw = r.cells[i] ?? '';
    if (raw.length > ASSET_IMPORT_LIMITS.maxCellChars) return fail(path, 'cell_too_large', String(ASSET_IMPORT_LIMITS.maxCellChars));
    const cell = unneutraliseFormula(raw).trim();
    if (r.formulas?.includes(i) || (/^[=\uFF1D]/.test(cell) && FORMULA_PREFIX.test(cell))) warnings.push({ row: r.row, path, message: 'formula_as_text', value: cell });
    each(col, cell, path, fail);
  });
  return ok;
}

/** The first row of each key in a file: a later row with the same key is a `duplicate_key` error that refers to it. */
export class FirstRows {
  private readonly first = new Map<string, number>();

  constructor(private readonly errors: ImportIssue[]) {}

  /** True (after recording the error) when an earlier row has `key`; else remembers `row` as its first. */
  repeats(key: string, row: number, path: string, value: string): boolean {
    const first = this.first.get(key);
    if (first === undefined) {
      this.first.set(key, row);
      return false;
    }
    this.errors.push({ row, path, message: 'duplicate_key', value, ref: first });
    return true;
  }
}

// --- preview and commit -------------------------------------------------------------------------

/** What a kind's row planner works with during one preview. */
export interface PreviewScope<C extends ImportColumn, Ctx> {
  headers: string[];
  cols: ImportColumns<C>;
  ctx: Ctx;
  errors: ImportIssue[];
  warnings: ImportIssue[];
  /** Keys already seen in this file. */
  keys: FirstRows;
}

/** One kind of import file: its sheet, columns and audit name, and how its rows are checked and written. */
export interface ImportKind<C extends ImportColumn, Ctx, P extends { action: ImportAction }> {
  /** The sheet an .xlsx is read from (the first of these found, else the first sheet). */
  sheetNames: readonly string[];
  /** The audit entity type of the import event. */
  auditEntityType: string;
  headers: HeaderSpec<C>;
  /** The facility's records as they are in `db`, which rows are checked against. */
  loadContext(db: Db): Promise<Ctx>;
  /**
   * Returns the check of one data row: it records the row's errors and warnings in the scope and returns the
   * planned change (null when there is none to make) and the key shown for the row in the preview.
   */
  rowPlanner(scope: PreviewScope<C, Ctx>): (row: TableRow) => { planned: P | null; key: string };
  /** Writes the planned changes, with their audit events, inside the import's transaction. */
  commit(trx: Db, planned: P[], ctx: Ctx, fileName: string): Promise<void>;
}

function emptyResult(fileName: string, bytes: Buffer): ImportResult {
  return {
    fileName,
    format: null,
    encoding: null,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    rows: 0,
    create: 0,
    update: 0,
    unchanged: 0,
    actions: [],
    errors: [],
    errorCount: 0,
    warnings: [],
    committed: false,
  };
}

function finish(result: ImportResult, errors: ImportIssue[], warnings: ImportIssue[]): ImportResult {
  const byRow = (a: ImportIssue, b: ImportIssue) => (a.row ?? 0) - (b.row ?? 0);
  result.errorCount = errors.length;
  result.errors = errors.sort(byRow).slice(0, MAX_LISTED_ISSUES);
  result.warnings = warnings.sort(byRow).slice(0, MAX_LISTED_ISSUES);
  return result;
}

interface Preview<Ctx, P> {
  result: ImportResult;
  planned: P[];
  /** null when the headers are wrong (no row was checked). */
  ctx: Ctx | null;
}

/** Validates a file against the facility's records as they are in `db`; writes nothing. */
async function preview<C extends ImportColumn, Ctx, P extends { action: ImportAction }>(
  db: Db,
  kind: ImportKind<C, Ctx, P>,
  table: Table,
  result: ImportResult,
): Promise<Preview<Ctx, P>> {
  const errors: ImportIssue[] = [];
  const warnings: ImportIssue[] = [];
  result.format = table.format;
  result.encoding = table.encoding ?? null;
  result.rows = table.rows.length;
  const cols = mapHeaders(table.headers, table.rows, errors, kind.headers);
  if (errors.some((e) => e.row === undefined)) return { result: finish(result, errors, warnings), planned: [], ctx: null };
  const ctx = await kind.loadContext(db);
  const planned: P[] = [];
  const rowErrors = new Set(errors.map((e) => e.row));
  const planRow = kind.rowPlanner({ headers: table.headers, cols, ctx, errors, warnings, keys: new FirstRows(errors) });
  for (const r of table.rows) {
    const before = errors.length;
    const { planned: p, key } = planRow(r);
    const failed = errors.length > before || rowErrors.has(r.row) || !p;
    result.actions.push({ row: r.row, action: failed ? 'error' : p!.action, key });
    if (!failed) {
      planned.push(p!);
      result[p!.action]++;
    }
  }
  return { result: finish(result, errors, warnings), planned, ctx };
}

/**
 * Previews (dryRun) or imports a file of one kind into a facility; the caller has authorized the import.
 * Content problems are returned in `errors` (with `committed: false`), never thrown.
 */
export async function runImport<C extends ImportColumn, Ctx, P extends { action: ImportAction }>(
  deps: Deps,
  caller: Caller,
  facilityId: string,
  bytes: Buffer,
  options: ImportOptions,
  kind: ImportKind<C, Ctx, P>,
): Promise<ImportResult> {
  const fileName = options.fileName.slice(0, 255) || 'upload';
  const base = emptyResult(fileName, bytes);
  const read = await readTable(bytes, { sheetNames: kind.sheetNames });
  if (!read.ok) return finish(base, read.issues, []);
  if (options.dryRun) return (await preview(deps.db, kind, read.table, base)).result;
  // Validate again inside the transaction, against the records as they are at commit time.
  return deps.db.transaction().execute(async (trx) => {
    const { result, planned, ctx } = await preview(trx, kind, read.table, base);
    if (result.errorCount > 0 || !ctx) return result;
    await kind.commit(trx, planned, ctx, fileName);
    await recordAuditMany(deps, trx, caller, [{
      facilityId,
      entityType: kind.auditEntityType,
      entityId: null,
      action: 'import',
      after: { fileName, format: result.format, encoding: result.encoding, sha256: result.sha256, rows: result.rows, create: result.create, update: result.update, unchanged: result.unchanged },
    }]);
    result.committed = true;
    return result;
  });
}
