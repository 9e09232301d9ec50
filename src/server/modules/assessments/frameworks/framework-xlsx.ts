import ExcelJS from 'exceljs';
import { FrameworkDefinition, type AnswerType, type FrameworkItem } from '../../../../shared/assessments/framework.ts';
import { neutraliseFormula, unneutraliseFormula } from '../../../lib/csv.ts';
import { readXlsxSheets } from '../../../lib/xlsx-reader.ts';
import { definitionIssues } from './framework-checks.ts';
import { dottedPath, plainIssues, withDuplicates, type FrameworkIssue, type PathSegment, type PlainIssue } from './framework-issues.ts';
import { sha256Of, sortIssues, type FrameworkParseResult } from './framework-yaml.ts';

/**
 * A framework as an .xlsx workbook, for hospitals that keep their own checklists in Excel (layout in ADR 0007):
 *
 * - sheet 「フレームワーク」 (or `framework`): one key per row, the key in column A and its value in column B
 *   (id, version, title_ja, title_en, publisher_ja, publisher_en, fiscal_year, sheet, answer_type, vendor_sheet,
 *   description_ja, description_en, source_url); a header row and a third column of notes are ignored.
 * - sheet 「項目」 (or `items`): a header row, then one item per row: section_id, section_number, section_title_ja,
 *   section_title_en, item_id, number, text_ja, text_en, scope, answer_type, required_by, references (`;`
 *   separated), rule, help_ja, help_en, examples_ja, examples_en (one example per line), verified. A blank section_id
 *   continues the section above; section_id `gate` makes the row the opening gate question. Headers may be the
 *   English key, a Japanese name (項目ID, 対象 …) or both (「項目ID item_id」).
 *
 * Issues name the row as `line` and the cell as `項目!F12`.
 */

export const FRAMEWORK_XLSX_MAX_BYTES = 5 * 1024 * 1024;
const MAX_ROWS = 5000;
const MAX_COLUMNS = 60;
export const FRAMEWORK_SHEET_NAMES = ['フレームワーク', 'framework'] as const;
export const ITEM_SHEET_NAMES = ['項目', 'items'] as const;
const GATE_SECTION = 'gate';

const FRAMEWORK_KEYS = {
  id: { path: ['id'], aliases: ['ID', 'フレームワークID', '識別子'], note: '英小文字・数字・「.」「_」「-」' },
  version: { path: ['version'], aliases: ['バージョン', '版'], note: '例: r7, 2025' },
  title_ja: { path: ['title', 'ja'], aliases: ['名称', '名称(日本語)', 'タイトル'], note: '名称(日本語)' },
  title_en: { path: ['title', 'en'], aliases: ['名称(英語)'], note: '名称(英語)' },
  publisher_ja: { path: ['publisher', 'ja'], aliases: ['発行者', '発行者(日本語)'], note: '発行者(日本語)' },
  publisher_en: { path: ['publisher', 'en'], aliases: ['発行者(英語)'], note: '発行者(英語)' },
  fiscal_year: { path: ['fiscalYear'], aliases: ['年度', '対象年度'], note: '2025 または 令和7年度(空欄 = 年度なし)' },
  sheet: { path: ['sheet'], aliases: ['シート', '種別'], note: 'hospital(医療機関確認用)/ vendor(事業者確認用)/ general' },
  answer_type: { path: ['answerType'], aliases: ['回答形式'], note: 'yes_no(はい/いいえ)/ yes_no_na(はい/いいえ/該当なし)/ scale: …' },
  vendor_sheet: { path: ['vendorSheet'], aliases: ['事業者確認用', '事業者確認用ID'], note: '事業者確認用のフレームワークID' },
  description_ja: { path: ['description', 'ja'], aliases: ['説明', '説明(日本語)'], note: '説明(日本語)' },
  description_en: { path: ['description', 'en'], aliases: ['説明(英語)'], note: '説明(英語)' },
  source_url: { path: ['source', 'url'], aliases: ['出典', '出典URL'], note: '出典の URL' },
} as const;
type FrameworkKey = keyof typeof FRAMEWORK_KEYS;

const ITEM_COLUMNS = {
  section_id: ['セクションID', '区分ID'],
  section_number: ['セクション番号', '区分番号'],
  section_title_ja: ['セクション名', 'セクション名(日本語)', '区分', '区分名'],
  section_title_en: ['セクション名(英語)', '区分名(英語)'],
  item_id: ['項目ID'],
  number: ['番号', '項番'],
  text_ja: ['項目', '確認項目', '項目(日本語)', 'チェック項目'],
  text_en: ['項目(英語)', '確認項目(英語)'],
  scope: ['対象'],
  answer_type: ['回答形式'],
  required_by: ['必須年度', '対応年度'],
  references: ['参照', 'ガイドライン参照', '参照先'],
  rule: ['自動評価ルール', 'ルール'],
  help_ja: ['補足', '補足(日本語)', '解説'],
  help_en: ['補足(英語)', '解説(英語)'],
  examples_ja: ['対策例', '対策例(日本語)'],
  examples_en: ['対策例(英語)'],
  verified: ['確認済み', '原典確認済み', '原典確認'],
} as const;
type ItemColumn = keyof typeof ITEM_COLUMNS;
const REQUIRED_COLUMNS: ItemColumn[] = ['item_id', 'number', 'text_ja', 'text_en'];
/** Japanese header of each column in the template. */
const ITEM_HEADER_JA: Record<ItemColumn, string> = {
  section_id: 'セクションID',
  section_number: 'セクション番号',
  section_title_ja: 'セクション名',
  section_title_en: 'セクション名(英語)',
  item_id: '項目ID',
  number: '番号',
  text_ja: '項目',
  text_en: '項目(英語)',
  scope: '対象',
  answer_type: '回答形式',
  required_by: '必須年度',
  references: '参照',
  rule: '自動評価ルール',
  help_ja: '補足',
  help_en: '補足(英語)',
  examples_ja: '対策例',
  examples_en: '対策例(英語)',
  verified: '確認済み',
};

const norm = (s: string) => s.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '');

function matchName<K extends string>(cell: string, table: Record<K, readonly string[]>): K | null {
  const n = norm(cell);
  if (n === '') return null;
  for (const [key, aliases] of Object.entries(table) as [K, readonly string[]][]) {
    if (n === key || aliases.some((a) => norm(a) === n)) return key;
  }
  // 「項目ID item_id」: an English key anywhere in the cell (the last one that is a key).
  const tokens = cell.normalize('NFKC').toLowerCase().match(/[a-z][a-z_]*/g) ?? [];
  for (const token of tokens.reverse()) if (Object.prototype.hasOwnProperty.call(table, token)) return token as K;
  return null;
}

/** `title.en` → `title_en`: messages about the framework sheet use its key names. */
const FRAMEWORK_PATH_NAMES = new Map(Object.entries(FRAMEWORK_KEYS).map(([k, v]) => [v.path.join('.'), k]));
const FRAMEWORK_KEY_ALIASES = Object.fromEntries(Object.entries(FRAMEWORK_KEYS).map(([k, v]) => [k, v.aliases])) as unknown as Record<FrameworkKey, readonly string[]>;

function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

// --- reading ------------------------------------------------------------------------------------

interface SheetData {
  name: string;
  rows: { row: number; cells: string[]; formulas: number[] }[];
  tooMany: boolean;
}

function cellText(value: ExcelJS.CellValue): { text: string; formula?: boolean } {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: unneutraliseFormula(value) };
  if (typeof value === 'number' || typeof value === 'boolean') return { text: String(value) };
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10) };
  if ('formula' in value || 'sharedFormula' in value) return { text: '', formula: true };
  if ('richText' in value && Array.isArray(value.richText)) return { text: value.richText.map((r) => r.text).join('') };
  if ('text' in value && typeof value.text === 'string') return { text: value.text };
  return { text: '' };
}

async function readSheets(bytes: Buffer): Promise<SheetData[] | null> {
  const out: SheetData[] = [];
  try {
    for await (const ws of readXlsxSheets(bytes)) {
      const sheet: SheetData = { name: ws.name, rows: [], tooMany: false };
      for await (const row of ws.rows) {
        if (sheet.tooMany) continue;
        const values = row.values as ExcelJS.CellValue[];
        const cells: string[] = [];
        const formulas: number[] = [];
        // Columns past MAX_COLUMNS are not part of the layout and are not read.
        for (let c = 1; c < Math.min(values.length, MAX_COLUMNS + 1); c++) {
          const t = cellText(values[c]);
          cells[c - 1] = t.text;
          if (t.formula) formulas.push(c - 1);
        }
        for (let i = 0; i < cells.length; i++) cells[i] ??= '';
        if (cells.every((c) => c.trim() === '') && formulas.length === 0) continue;
        if (sheet.rows.length >= MAX_ROWS) {
          sheet.tooMany = true;
          sheet.rows = [];
          continue;
        }
        sheet.rows.push({ row: row.number, cells, formulas });
      }
      out.push(sheet);
    }
  } catch {
    return null;
  }
  return out;
}

/** Where a value of the definition came from: a cell of a sheet. */
interface CellRef {
  sheet: string;
  col: string | null;
  row: number | null;
}

const YES = new Set(['true', '1', 'yes', 'y', 'はい', '済', '済み', '確認済み', '確認済', '✓', '✔', '○', '〇']);
const NO = new Set(['false', '0', 'no', 'n', 'いいえ', '未', '未確認', '']);

function parseBool(s: string): boolean | string {
  const n = norm(s);
  if (YES.has(n)) return true;
  if (NO.has(n)) return false;
  return s;
}

/** 2025, 令和7年度, R7, FY2025 → 2025; other text stays text (the schema then says what is wrong). */
function parseFiscalYear(s: string): number | string {
  const n = s.normalize('NFKC').trim();
  let m = /^(?:fy)?\s*(\d{4})(?:年度)?$/i.exec(n);
  if (m) return Number(m[1]);
  m = /^(?:令和|r)\s*(\d{1,2}|元)(?:年度)?$/i.exec(n);
  if (m) return 2018 + (m[1] === '元' ? 1 : Number(m[1]));
  return s;
}

const SCOPE_ALIASES: Record<string, string> = { サーバ: 'server', サーバー: 'server', 端末pc: 'pc', 端末: 'pc', pc: 'pc', ネットワーク機器: 'network', ネットワーク: 'network', 全般: 'general', 医療情報システム全般: 'general' };
const SHEET_ALIASES: Record<string, string> = { 医療機関確認用: 'hospital', 事業者確認用: 'vendor', 一般: 'general' };

/** yes_no, yes_no_na, their Japanese names, or `scale: value|日本語|English[|done]; …`. */
function parseAnswerType(s: string): AnswerType | string {
  const n = norm(s);
  if (n === 'yes_no' || n === 'はい/いいえ') return 'yes_no';
  if (n === 'yes_no_na' || n === 'はい/いいえ/該当なし') return 'yes_no_na';
  const m = /^(?:scale|段階)\s*[:：]\s*(.+)$/is.exec(s.trim());
  if (!m) return s;
  const scale = m[1]!
    .split(/[;；]/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const [value = '', ja = '', en = '', done = ''] = p.split('|').map((x) => x.trim());
      return { value, label: { ja, en }, done: norm(done) === 'done' || done === '完了' };
    });
  return { scale };
}

function answerTypeText(t: AnswerType): string {
  if (typeof t === 'string') return t;
  return `scale: ${t.scale.map((l) => [l.value, l.label.ja, l.label.en, ...(l.done ? ['done'] : [])].join('|')).join('; ')}`;
}

function setPath(target: Record<string, unknown>, path: readonly PathSegment[], value: unknown): void {
  let cur: Record<string, unknown> = target;
  for (let i = 0; i < path.length - 1; i++) {
    const k = String(path[i]);
    cur[k] ??= {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[String(path[path.length - 1])] = value;
}

/** Parses and validates a framework workbook. sha256 is of the file's bytes. */
export async function parseFrameworkXlsx(bytes: Buffer, fileName: string): Promise<FrameworkParseResult> {
  const issue = (key: string, line: number | null, code: string, message: string): FrameworkIssue => ({ file: fileName, line, key, code, message });
  const fail = (code: string, message: string, key = ''): FrameworkParseResult => ({ ok: false, issues: [issue(key, null, code, message)] });
  if (bytes.length > FRAMEWORK_XLSX_MAX_BYTES) return fail('file_too_large', `the file is larger than ${FRAMEWORK_XLSX_MAX_BYTES / 1024 / 1024} MB`);
  const sheets = await readSheets(bytes);
  if (!sheets) return fail('unreadable_file', 'not a readable .xlsx workbook');
  const fwSheet = sheets.find((s) => (FRAMEWORK_SHEET_NAMES as readonly string[]).includes(s.name.trim()));
  const itemSheet = sheets.find((s) => (ITEM_SHEET_NAMES as readonly string[]).includes(s.name.trim()));
  if (!fwSheet) return fail('missing_sheet', 'no sheet named 「フレームワーク」 (or "framework")');
  if (!itemSheet) return fail('missing_sheet', 'no sheet named 「項目」 (or "items")');
  for (const s of [fwSheet, itemSheet]) if (s.tooMany) return fail('too_many_rows', `more than ${MAX_ROWS} rows`, s.name);

  const issues: FrameworkIssue[] = [];
  const refs = new Map<string, CellRef>();
  const ref = (path: readonly PathSegment[], sheet: string, col: number | null, row: number | null) => refs.set(dottedPath(path), { sheet, col: col === null ? null : columnLetter(col), row });
  const cellKey = (sheet: string, col: number, row: number) => `${sheet}!${columnLetter(col)}${row}`;
  for (const s of [fwSheet, itemSheet]) {
    for (const r of s.rows) for (const c of r.formulas) issues.push(issue(cellKey(s.name, c, r.row), r.row, 'formula', 'formulas are not read: type the value itself'));
  }

  // The framework sheet: key → value.
  const data: Record<string, unknown> = {};
  const seenKeys = new Map<FrameworkKey, number>();
  ref([], fwSheet.name, null, null);
  for (const r of fwSheet.rows) {
    const label = r.cells[0] ?? '';
    const key = matchName(label, FRAMEWORK_KEY_ALIASES);
    const value = (r.cells[1] ?? '').trim();
    if (!key) {
      // The header row (「キー」「値」) and notes are not keys.
      if (r.row === fwSheet.rows[0]?.row && /key|キー|項目名/i.test(label)) continue;
      issues.push(issue(cellKey(fwSheet.name, 0, r.row), r.row, 'unknown_key', `unknown key "${label}"`));
      continue;
    }
    if (seenKeys.has(key)) {
      issues.push(issue(cellKey(fwSheet.name, 0, r.row), r.row, 'duplicate_key', `key ${key} is given twice (rows ${seenKeys.get(key)} and ${r.row})`));
      continue;
    }
    seenKeys.set(key, r.row);
    const path = FRAMEWORK_KEYS[key].path;
    ref(path, fwSheet.name, 1, r.row);
    if (value === '') continue;
    const converted =
      key === 'fiscal_year' ? parseFiscalYear(value) : key === 'sheet' ? (SHEET_ALIASES[norm(value)] ?? value) : key === 'answer_type' ? parseAnswerType(value) : value;
    setPath(data, path, converted);
  }

  // The items sheet: a header row, then items.
  const [header, ...rows] = itemSheet.rows;
  const cols = new Map<ItemColumn, number>();
  if (header) {
    header.cells.forEach((h, i) => {
      if (h.trim() === '') return;
      const c = matchName(h, ITEM_COLUMNS);
      if (!c) issues.push(issue(cellKey(itemSheet.name, i, header.row), header.row, 'unknown_column', `unknown column "${h}"`));
      else if (cols.has(c)) issues.push(issue(cellKey(itemSheet.name, i, header.row), header.row, 'duplicate_key', `column ${c} appears twice`));
      else cols.set(c, i);
    });
  }
  const missingCols = [...REQUIRED_COLUMNS, 'section_id' as const].filter((c) => !cols.has(c));
  if (!header || missingCols.length > 0) {
    issues.push(issue(`${itemSheet.name}!1`, header?.row ?? 1, 'missing_column', `missing column${missingCols.length > 1 ? 's' : ''} ${missingCols.join(', ')}`));
    return { ok: false, issues: sortIssues(issues) };
  }
  if (rows.length === 0) issues.push(issue(itemSheet.name, null, 'empty', 'no items below the header row'));

  interface SectionDraft {
    id: string;
    number?: string;
    title: Record<string, string>;
    items: Record<string, unknown>[];
  }
  const sections: SectionDraft[] = [];
  let current = null as SectionDraft | null;
  let gate: Record<string, unknown> | undefined;
  for (const r of rows) {
    const cell = (c: ItemColumn) => {
      const i = cols.get(c);
      return i === undefined ? '' : (r.cells[i] ?? '').trim();
    };
    const sectionId = cell('section_id');
    const isGate = norm(sectionId) === GATE_SECTION;
    if (!isGate && sectionId !== '' && sectionId !== current?.id) {
      current = sections.find((s) => s.id === sectionId) ?? null;
      if (!current) {
        current = { id: sectionId, title: {}, items: [] };
        sections.push(current);
        const si = sections.length - 1;
        ref(['sections', si], itemSheet.name, cols.get('section_id')!, r.row);
        ref(['sections', si, 'id'], itemSheet.name, cols.get('section_id')!, r.row);
        for (const [c, p] of [['section_title_ja', ['title', 'ja']], ['section_title_en', ['title', 'en']], ['section_number', ['number']]] as const) {
          const i = cols.get(c);
          ref(['sections', si, ...p], itemSheet.name, i ?? cols.get('section_id')!, r.row);
          if (p.length === 2) ref(['sections', si, p[0]], itemSheet.name, i ?? cols.get('section_id')!, r.row);
        }
      }
    }
    if (!isGate && !current) {
      issues.push(issue(cellKey(itemSheet.name, cols.get('section_id')!, r.row), r.row, 'missing_key', 'section_id is required on the first item row'));
      continue;
    }
    const item: Record<string, unknown> = {};
    const itemPath: PathSegment[] = isGate ? ['gate'] : ['sections', sections.indexOf(current!), 'items', current!.items.length];
    ref(itemPath, itemSheet.name, cols.get('item_id')!, r.row);
    const put = (c: ItemColumn, path: PathSegment[], value: unknown) => {
      const i = cols.get(c);
      if (i !== undefined) ref([...itemPath, ...path], itemSheet.name, i, r.row);
      if (path.length === 2 && i !== undefined && !refs.has(dottedPath([...itemPath, path[0]!]))) ref([...itemPath, path[0]!], itemSheet.name, i, r.row);
      if (value !== undefined) setPath(item, path, value);
    };
    const text = (c: ItemColumn) => cell(c) || undefined;
    put('item_id', ['id'], text('item_id'));
    put('number', ['number'], text('number'));
    put('text_ja', ['text', 'ja'], text('text_ja'));
    put('text_en', ['text', 'en'], text('text_en'));
    put('scope', ['scope'], cell('scope') ? (SCOPE_ALIASES[norm(cell('scope'))] ?? cell('scope')) : undefined);
    put('answer_type', ['answerType'], cell('answer_type') ? parseAnswerType(cell('answer_type')) : undefined);
    put('required_by', ['requiredBy'], cell('required_by') ? parseFiscalYear(cell('required_by')) : undefined);
    put('references', ['references'], cell('references') ? cell('references').split(/[;；]/).map((x) => x.trim()).filter(Boolean) : undefined);
    put('rule', ['rule'], text('rule'));
    if (cell('help_ja') || cell('help_en')) {
      put('help_ja', ['help', 'ja'], cell('help_ja'));
      put('help_en', ['help', 'en'], cell('help_en'));
    }
    if (cell('examples_ja') || cell('examples_en')) {
      const ja = cell('examples_ja').split(/\r?\n/).map((x) => x.trim()).filter(Boolean);
      const en = cell('examples_en').split(/\r?\n/).map((x) => x.trim()).filter(Boolean);
      const n = Math.max(ja.length, en.length);
      put('examples_ja', ['examples'], Array.from({ length: n }, (_, k) => ({ ja: ja[k] ?? '', en: en[k] ?? '' })));
    }
    put('verified', ['verified'], parseBool(cell('verified')));
    if (isGate) {
      if (gate) issues.push(issue(cellKey(itemSheet.name, cols.get('section_id')!, r.row), r.row, 'duplicate_key', 'a second gate row'));
      gate = item;
      continue;
    }
    if (sectionId !== '') {
      const t = { ja: cell('section_title_ja'), en: cell('section_title_en') };
      if (t.ja && current!.title.ja === undefined) current!.title.ja = t.ja;
      if (t.en && current!.title.en === undefined) current!.title.en = t.en;
      if (cell('section_number') && current!.number === undefined) current!.number = cell('section_number');
    }
    current!.items.push(item);
  }
  data.sections = sections.map((s) => ({ id: s.id, ...(s.number !== undefined && { number: s.number }), title: s.title, items: s.items }));
  if (gate) data.gate = gate;
  ref(['sections'], itemSheet.name, null, null);

  const toIssue = (p: PlainIssue): FrameworkIssue => {
    for (let n = p.path.length; n >= 0; n--) {
      const r = refs.get(dottedPath(p.path.slice(0, n)));
      if (!r) continue;
      const exact = n === p.path.length;
      const key = r.col !== null && r.row !== null ? `${r.sheet}!${r.col}${r.row}` : r.sheet;
      const name = FRAMEWORK_PATH_NAMES.get(dottedPath(p.path)) ?? dottedPath(p.path);
      // A blank cell: say which value is missing rather than which zod key.
      const message = p.code === 'missing_key' ? `${name} is required${exact ? ' (the cell is empty)' : ''}` : p.code === 'unknown_key' ? p.message : `${name}: ${p.message}`;
      return issue(key, r.row, p.code, message);
    }
    return issue('', null, p.code, `${dottedPath(p.path)}: ${p.message}`);
  };
  const parsed = FrameworkDefinition.safeParse(data);
  if (!parsed.success) issues.push(...withDuplicates(plainIssues(parsed.error.issues, data), data).map(toIssue));
  else issues.push(...definitionIssues(parsed.data).map(toIssue));
  if (issues.length > 0 || !parsed.success) return { ok: false, issues: sortIssues(issues) };
  return { ok: true, definition: parsed.data, sha256: sha256Of(bytes) };
}

// --- writing ------------------------------------------------------------------------------------

function itemRow(sectionCells: { id: string; number: string; ja: string; en: string }, item: FrameworkItem): Record<ItemColumn, string> {
  return {
    section_id: sectionCells.id,
    section_number: sectionCells.number,
    section_title_ja: sectionCells.ja,
    section_title_en: sectionCells.en,
    item_id: item.id,
    number: item.number,
    text_ja: item.text.ja,
    text_en: item.text.en,
    scope: item.scope,
    answer_type: item.answerType ? answerTypeText(item.answerType) : '',
    required_by: item.requiredBy !== undefined ? String(item.requiredBy) : '',
    references: item.references.join('; '),
    rule: item.rule ?? '',
    help_ja: item.help?.ja ?? '',
    help_en: item.help?.en ?? '',
    examples_ja: item.examples.map((e) => e.ja).join('\n'),
    examples_en: item.examples.map((e) => e.en).join('\n'),
    verified: item.verified ? 'TRUE' : 'FALSE',
  };
}

/** A framework as a workbook in the import layout (the export of a custom framework, and the template). */
export async function frameworkXlsx(def: FrameworkDefinition): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'mamori';
  const fw = wb.addWorksheet(FRAMEWORK_SHEET_NAMES[0]);
  fw.addRow(['キー / key', '値 / value', '説明 / note']).font = { bold: true };
  const values: Record<FrameworkKey, string> = {
    id: def.id,
    version: def.version,
    title_ja: def.title.ja,
    title_en: def.title.en,
    publisher_ja: def.publisher.ja,
    publisher_en: def.publisher.en,
    fiscal_year: def.fiscalYear !== undefined ? String(def.fiscalYear) : '',
    sheet: def.sheet,
    answer_type: answerTypeText(def.answerType),
    vendor_sheet: def.vendorSheet ?? '',
    description_ja: def.description?.ja ?? '',
    description_en: def.description?.en ?? '',
    source_url: def.source?.url ?? '',
  };
  for (const key of Object.keys(FRAMEWORK_KEYS) as FrameworkKey[]) fw.addRow([key, neutraliseFormula(values[key]), FRAMEWORK_KEYS[key].note]);
  fw.getColumn(1).width = 16;
  fw.getColumn(2).width = 48;
  fw.getColumn(3).width = 56;
  fw.getColumn(2).numFmt = '@';

  const items = wb.addWorksheet(ITEM_SHEET_NAMES[0], { views: [{ state: 'frozen', ySplit: 1 }] });
  const columns = Object.keys(ITEM_COLUMNS) as ItemColumn[];
  items.addRow(columns.map((c) => `${ITEM_HEADER_JA[c]} ${c}`)).font = { bold: true };
  const rows: Record<ItemColumn, string>[] = [];
  if (def.gate) rows.push(itemRow({ id: GATE_SECTION, number: '', ja: '', en: '' }, def.gate));
  for (const s of def.sections) {
    s.items.forEach((item, i) => rows.push(itemRow(i === 0 ? { id: s.id, number: s.number ?? '', ja: s.title.ja, en: s.title.en } : { id: '', number: '', ja: '', en: '' }, item)));
  }
  for (const r of rows) items.addRow(columns.map((c) => neutraliseFormula(r[c])));
  items.columns.forEach((col, i) => {
    const c = columns[i]!;
    col.width = c.startsWith('text') || c.startsWith('help') || c.startsWith('examples') ? 48 : 16;
    col.numFmt = '@';
    col.alignment = { wrapText: true, vertical: 'top' };
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The example framework of the template: one section, one item. */
export const TEMPLATE_FRAMEWORK: FrameworkDefinition = FrameworkDefinition.parse({
  id: 'my-hospital-checklist',
  version: '2025',
  title: { ja: '当院のセキュリティ点検表', en: 'Our hospital security checklist' },
  publisher: { ja: '情報システム委員会', en: 'Information systems committee' },
  fiscalYear: 2025,
  sheet: 'general',
  answerType: 'yes_no_na',
  sections: [
    {
      id: 'backup',
      number: '1',
      title: { ja: 'バックアップ', en: 'Backups' },
      items: [
        {
          id: 'offline-backup',
          number: '1(1)',
          text: { ja: '電子カルテのバックアップをオフラインでも保管している', en: 'Backups of the EMR are also kept offline' },
          scope: 'server',
          references: ['システム運用編 12'],
          help: { ja: '世代管理したバックアップを、ネットワークから切り離して保管します。', en: 'Versioned backups are stored disconnected from the network.' },
          verified: true,
        },
      ],
    },
  ],
});

/** The .xlsx template for a hospital's own framework: both sheets, their headers and one example item. */
export function frameworkXlsxTemplate(): Promise<Buffer> {
  return frameworkXlsx(TEMPLATE_FRAMEWORK);
}
