import { ASSET_TYPE_LABELS_JA, ASSET_TYPES, EXPOSURES, isIsoDate, type AssetType, type Exposure } from './ledger.ts';
import type { FieldIssue, Locale } from './errors.ts';
import {
  ACCOUNT_MODE_LABELS_JA,
  ACCOUNT_MODES,
  CONNECTION_AUTH_LABELS_JA,
  CONNECTION_AUTHS,
  CONNECTION_KIND_LABELS_JA,
  CONNECTION_KINDS,
  CONNECTION_STATUS_LABELS_JA,
  CONNECTION_STATUSES,
} from './connections.ts';

/**
 * The asset import/export file format (情報資産台帳の取り込み・書き出し), shared by the server, the CLI and the UI:
 * the columns with their English and Japanese headers, the cell value parsers, and the one place where an
 * import issue becomes a sentence in Japanese or English.
 *
 * Row numbers are the spreadsheet's: the header is row 1, the first data row is row 2.
 */

export const ASSET_IMPORT_LIMITS = {
  /** Data rows per file. */
  maxRows: 100_000,
  /** Characters per cell. */
  maxCellChars: 10_000,
  /** Bytes per uploaded file. */
  maxFileBytes: 50 * 1024 * 1024,
} as const;

export type AssetColumnKey =
  | 'name'
  | 'asset_tag'
  | 'type'
  | 'vendor'
  | 'product'
  | 'version'
  | 'cpe'
  | 'os'
  | 'ip'
  | 'mac'
  | 'hostname'
  | 'segment'
  | 'location'
  | 'department'
  | 'maintainer'
  | 'criticality'
  | 'holds_patient_data'
  | 'exposure'
  | 'internet_exposed'
  | 'install_date'
  | 'end_of_support'
  | 'last_patched'
  | 'tags'
  | 'notes';

export interface AssetColumn {
  key: AssetColumnKey;
  /** The Japanese header. */
  ja: string;
  /** Written by the export (and the template); `internet_exposed` is accepted on import only. */
  exported: boolean;
  required?: boolean;
}

/** Every column the import understands, in export order. Headers match exactly (after trimming; English case-insensitively). */
export const ASSET_COLUMNS: readonly AssetColumn[] = [
  { key: 'name', ja: '資産名', exported: true, required: true },
  { key: 'asset_tag', ja: '資産番号', exported: true },
  { key: 'type', ja: '種別', exported: true, required: true },
  { key: 'vendor', ja: 'メーカー', exported: true },
  { key: 'product', ja: '製品名', exported: true },
  { key: 'version', ja: 'バージョン', exported: true },
  { key: 'cpe', ja: 'CPE', exported: true },
  { key: 'os', ja: 'OS', exported: true },
  { key: 'ip', ja: 'IPアドレス', exported: true },
  { key: 'mac', ja: 'MACアドレス', exported: true },
  { key: 'hostname', ja: 'ホスト名', exported: true },
  { key: 'segment', ja: 'ネットワーク区分', exported: true },
  { key: 'location', ja: '設置場所', exported: true },
  { key: 'department', ja: '管理部署', exported: true },
  { key: 'maintainer', ja: '保守事業者', exported: true },
  { key: 'criticality', ja: '重要度', exported: true },
  { key: 'holds_patient_data', ja: '要配慮個人情報', exported: true },
  { key: 'exposure', ja: '公開範囲', exported: true },
  { key: 'internet_exposed', ja: '外部公開', exported: false },
  { key: 'install_date', ja: '導入日', exported: true },
  { key: 'end_of_support', ja: 'サポート終了日', exported: true },
  { key: 'last_patched', ja: '最終パッチ適用日', exported: true },
  { key: 'tags', ja: 'タグ', exported: true },
  { key: 'notes', ja: '備考', exported: true },
];

/** Several values in one cell (IP and MAC addresses, tags) are separated by `;`. */
export const LIST_SEPARATOR = ';';

/** The column a header names (English key or Japanese header), or undefined. */
export function assetColumnFor(header: string): AssetColumn | undefined {
  const h = header.trim();
  const lower = h.toLowerCase();
  return ASSET_COLUMNS.find((c) => c.key === lower || c.ja === h);
}

export const EXPOSURE_LABELS_JA: Record<Exposure, string> = {
  internet: 'インターネットに公開',
  vendor_line: '保守回線から接続できる',
  internal: '院内のみ',
};

// --- cell values --------------------------------------------------------------------------------

const YES = new Set(['はい', 'yes', 'y', 'true', '1', '○', '〇', '◯', 'o']);
const NO = new Set(['いいえ', 'no', 'n', 'false', '0', '×', 'x', '✕']);

/** はい/いいえ, yes/no, true/false, 1/0, ○/× (case-insensitive); undefined when it is none of them. */
export function parseYesNo(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  return undefined;
}

/** An asset type from its key (`server`) or Japanese label (`サーバ`). */
export function parseAssetType(value: string): AssetType | undefined {
  const v = value.trim();
  const lower = v.toLowerCase();
  const byKey = ASSET_TYPES.find((t) => t === lower);
  if (byKey) return byKey;
  return ASSET_TYPES.find((t) => ASSET_TYPE_LABELS_JA[t] === v);
}

/** An exposure from its key (`vendor_line`) or Japanese label. */
export function parseExposure(value: string): Exposure | undefined {
  const v = value.trim();
  const lower = v.toLowerCase();
  return EXPOSURES.find((e) => e === lower || EXPOSURE_LABELS_JA[e] === v);
}

/** YYYY-MM-DD or YYYY/MM/DD (month and day may have one digit) → YYYY-MM-DD; undefined when not a real date. */
export function parseImportDate(value: string): string | undefined {
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(value.trim());
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : undefined;
}

/** 1–4 (full-width digits too). */
export function parseCriticality(value: string): number | undefined {
  const v = value.trim().replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  return /^[1-4]$/.test(v) ? Number(v) : undefined;
}

/** Splits a list cell on `;` (and full-width `；`), dropping blanks. */
export function splitList(value: string): string[] {
  return value
    .split(/[;；]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Starts like a spreadsheet formula (including the full-width ＝＋－＠ that Japanese Excel also accepts). */
export const FORMULA_PREFIX = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;

// --- issues -------------------------------------------------------------------------------------

/** The message codes of import issues (FieldIssue.message). */
export const IMPORT_ISSUE_CODES = [
  // file level
  'empty_file',
  'unreadable_file',
  'invalid_encoding',
  'too_many_rows',
  'missing_header',
  'unknown_header',
  'duplicate_header',
  // cells
  'required',
  'cell_too_large',
  'too_long',
  'too_many_values',
  'extra_cells',
  'invalid_ip',
  'invalid_mac',
  'invalid_cpe',
  'invalid_hostname',
  'invalid_date',
  'invalid_boolean',
  'invalid_criticality',
  'invalid_exposure',
  'conflicting_exposure',
  'unknown_type',
  'unknown_segment',
  'duplicate_key',
  'ambiguous_name',
  // connections and vendors
  'unknown_vendor',
  'unknown_asset',
  'ambiguous_asset',
  'invalid_connection_kind',
  'invalid_auth',
  'invalid_account_mode',
  'invalid_status',
  'invalid_weekday',
  'invalid_time',
  'invalid_number',
  'invalid_email',
  'invalid_phone',
  'invalid_url',
  'invalid_corporate_number',
  'unknown_clause',
  'status_needs_approver',
  'ambiguous_connection',
  // warnings
  'formula_as_text',
] as const;
export type ImportIssueCode = (typeof IMPORT_ISSUE_CODES)[number];

/** An import issue: `row` (spreadsheet row, absent for the whole file), `path` = the column header as written, `message` = code. */
export interface ImportIssue extends FieldIssue {
  message: ImportIssueCode;
}

const show = (v: string | undefined) => {
  const s = (v ?? '').replace(/\s+/g, ' ');
  return s.length > 50 ? `${s.slice(0, 50)}…` : s;
};

const MESSAGES: Record<ImportIssueCode, Record<Locale, (i: FieldIssue) => string>> = {
  empty_file: { ja: () => 'ファイルにデータがありません(見出し行と1行以上のデータが必要です)', en: () => 'The file has no data (a header row and at least one data row are needed)' },
  unreadable_file: { ja: () => 'ファイルを読み取れません。CSV または Excel (.xlsx) ファイルを指定してください', en: () => 'The file cannot be read. Use a CSV or Excel (.xlsx) file' },
  invalid_encoding: {
    ja: () => '文字コードを判別できません。UTF-8 または Shift_JIS で保存してください',
    en: () => 'The character encoding is not recognised. Save the file as UTF-8 or Shift_JIS',
  },
  too_many_rows: { ja: (i) => `行数が多すぎます(${i.value}行まで)`, en: (i) => `Too many rows (at most ${i.value})` },
  missing_header: { ja: () => '必須の列がありません', en: () => 'this required column is missing' },
  unknown_header: { ja: () => '取り込めない列名です。列名を確認するか、列を削除してください', en: () => 'unknown column; check its name or remove the column' },
  duplicate_header: { ja: () => '同じ列が2回以上あります', en: () => 'the column appears more than once' },
  required: { ja: () => '入力が必要です', en: () => 'a value is required' },
  cell_too_large: { ja: (i) => `セルが長すぎます(${i.value}文字まで)`, en: (i) => `the cell is too long (at most ${i.value} characters)` },
  too_long: { ja: (i) => `${i.value}文字以内で入力してください`, en: (i) => `must be at most ${i.value} characters` },
  too_many_values: { ja: (i) => `値が多すぎます(${i.value}個まで)`, en: (i) => `too many values (at most ${i.value})` },
  extra_cells: { ja: () => '見出しのない列に値があります', en: () => 'there are values in a column without a header' },
  invalid_ip: { ja: (i) => `${show(i.value)} は正しいIPアドレスではありません`, en: (i) => `${show(i.value)} is not a valid IP address` },
  invalid_mac: { ja: (i) => `${show(i.value)} は正しいMACアドレスではありません`, en: (i) => `${show(i.value)} is not a valid MAC address` },
  invalid_cpe: { ja: (i) => `${show(i.value)} は正しいCPE 2.3 の形式ではありません`, en: (i) => `${show(i.value)} is not a valid CPE 2.3 name` },
  invalid_hostname: { ja: (i) => `${show(i.value)} は正しいホスト名ではありません`, en: (i) => `${show(i.value)} is not a valid host name` },
  invalid_date: {
    ja: (i) => `${show(i.value)} は正しい日付ではありません(YYYY-MM-DD または YYYY/MM/DD)`,
    en: (i) => `${show(i.value)} is not a valid date (YYYY-MM-DD or YYYY/MM/DD)`,
  },
  invalid_boolean: {
    ja: (i) => `${show(i.value)} は「はい」「いいえ」として読めません(はい/いいえ、○/×、1/0 など)`,
    en: (i) => `${show(i.value)} is not yes or no (yes/no, true/false, 1/0, ○/×)`,
  },
  invalid_criticality: { ja: (i) => `${show(i.value)} は重要度ではありません(1〜4 の数字)`, en: (i) => `${show(i.value)} is not a criticality (a number 1–4)` },
  invalid_exposure: {
    ja: (i) => `${show(i.value)} は公開範囲ではありません(${Object.values(EXPOSURE_LABELS_JA).join('、')})`,
    en: (i) => `${show(i.value)} is not an exposure (${EXPOSURES.join(', ')})`,
  },
  conflicting_exposure: { ja: () => '「公開範囲」と「外部公開」の内容が食い違っています', en: () => "'exposure' and 'internet_exposed' contradict each other" },
  unknown_type: {
    ja: (i) => `${show(i.value)} は種別として登録されていません(${Object.values(ASSET_TYPE_LABELS_JA).join('、')})`,
    en: (i) => `${show(i.value)} is not an asset type (${ASSET_TYPES.join(', ')})`,
  },
  unknown_segment: {
    ja: (i) => `ネットワーク区分「${show(i.value)}」はこの施設に登録されていません`,
    en: (i) => `there is no network segment named "${show(i.value)}" in this facility`,
  },
  duplicate_key: {
    ja: (i) => `${show(i.value)} はこのファイルの${i.ref}行目と重複しています`,
    en: (i) => `${show(i.value)} duplicates row ${i.ref} of this file`,
  },
  ambiguous_name: {
    ja: (i) => `資産番号のない「${show(i.value)}」が台帳に複数あるため特定できません。資産番号を入力してください`,
    en: (i) => `several assets named "${show(i.value)}" have no asset tag, so the row cannot be matched; add the asset tag`,
  },
  unknown_vendor: {
    ja: (i) => `委託事業者「${show(i.value)}」はこの施設に登録されていません。先に委託事業者を登録してください`,
    en: (i) => `there is no vendor named "${show(i.value)}" in this facility; register the vendor first`,
  },
  unknown_asset: {
    ja: (i) => `資産「${show(i.value)}」はこの施設の台帳にありません(資産番号または資産名)`,
    en: (i) => `there is no asset "${show(i.value)}" in this facility's ledger (asset tag or name)`,
  },
  ambiguous_asset: {
    ja: (i) => `資産名「${show(i.value)}」が台帳に複数あるため特定できません。資産番号で指定してください`,
    en: (i) => `several assets are named "${show(i.value)}"; name the asset by its asset tag`,
  },
  invalid_connection_kind: {
    ja: (i) => `${show(i.value)} は接続方式ではありません(${Object.values(CONNECTION_KIND_LABELS_JA).join('、')})`,
    en: (i) => `${show(i.value)} is not a connection kind (${CONNECTION_KINDS.join(', ')})`,
  },
  invalid_auth: {
    ja: (i) => `${show(i.value)} は認証方式ではありません(${Object.values(CONNECTION_AUTH_LABELS_JA).join('、')})`,
    en: (i) => `${show(i.value)} is not an authentication method (${CONNECTION_AUTHS.join(', ')})`,
  },
  invalid_account_mode: {
    ja: (i) => `${show(i.value)} はアカウントの種類ではありません(${Object.values(ACCOUNT_MODE_LABELS_JA).join('、')})`,
    en: (i) => `${show(i.value)} is not an account mode (${ACCOUNT_MODES.join(', ')})`,
  },
  invalid_status: {
    ja: (i) => `${show(i.value)} は状態ではありません(${Object.values(CONNECTION_STATUS_LABELS_JA).join('、')})`,
    en: (i) => `${show(i.value)} is not a status (${CONNECTION_STATUSES.join(', ')})`,
  },
  invalid_weekday: {
    ja: (i) => `${show(i.value)} は曜日ではありません(月・火・水・木・金・土・日、; で区切る)`,
    en: (i) => `${show(i.value)} is not a weekday (mon … sun, separated by ;)`,
  },
  invalid_time: { ja: (i) => `${show(i.value)} は正しい時刻ではありません(HH:MM)`, en: (i) => `${show(i.value)} is not a valid time (HH:MM)` },
  invalid_number: { ja: (i) => `${show(i.value)} は正しい数値ではありません`, en: (i) => `${show(i.value)} is not a valid number` },
  invalid_email: { ja: (i) => `${show(i.value)} は正しいメールアドレスではありません`, en: (i) => `${show(i.value)} is not a valid email address` },
  invalid_phone: { ja: (i) => `${show(i.value)} は正しい電話番号ではありません`, en: (i) => `${show(i.value)} is not a valid phone number` },
  invalid_url: { ja: (i) => `${show(i.value)} は正しいURLではありません`, en: (i) => `${show(i.value)} is not a valid URL` },
  invalid_corporate_number: {
    ja: (i) => `${show(i.value)} は正しい法人番号ではありません(13桁、チェックデジットを確認してください)`,
    en: (i) => `${show(i.value)} is not a valid corporate number (13 digits with a check digit)`,
  },
  unknown_clause: {
    ja: (i) => `${show(i.value)} は契約のセキュリティ条項として登録されていません`,
    en: (i) => `${show(i.value)} is not a known security clause`,
  },
  status_needs_approver: {
    ja: (i) => `「${show(i.value)}」を設定できるのは外部接続の承認権限を持つ人(セキュリティ責任者など)だけです。空欄にすると、新しい接続は申請中として取り込み、登録済みの接続は今の状態のままにします`,
    en: (i) => `only someone who may approve external connections (e.g. the security manager) can set "${show(i.value)}"; leave it empty to import a new line as a request and keep the status of a registered one`,
  },
  ambiguous_connection: {
    ja: (i) => `接続名「${show(i.value)}」の外部接続が台帳に複数あるため特定できません。台帳で名前を区別してください`,
    en: (i) => `several external connections are named "${show(i.value)}"; give them distinct names in the register first`,
  },
  formula_as_text: {
    ja: (i) => `${show(i.value)} は数式として扱わず、文字として取り込みます`,
    en: (i) => `${show(i.value)} is imported as text, not as a formula`,
  },
};

/**
 * The sentence for an import issue, e.g. 「12行目『IPアドレス』: 192.168.1.300 は正しいIPアドレスではありません」 /
 * "Row 12, 'IPアドレス': 192.168.1.300 is not a valid IP address". Unknown codes fall back to the code itself.
 */
export function formatImportIssue(issue: FieldIssue, locale: Locale): string {
  const render = MESSAGES[issue.message as ImportIssueCode]?.[locale];
  const text = render ? render(issue) : issue.message;
  if (locale === 'ja') {
    const where = `${issue.row !== undefined ? `${issue.row}行目` : ''}${issue.path ? `『${issue.path}』` : ''}`;
    return where ? `${where}: ${text}` : text;
  }
  const where = [issue.row !== undefined ? `Row ${issue.row}` : '', issue.path ? `'${issue.path}'` : ''].filter(Boolean).join(', ');
  return where ? `${where}: ${text}` : text;
}
