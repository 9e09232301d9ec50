/**
 * The vendor import/export file format (委託事業者の取り込み・書き出し): the columns of the 委託事業者 sheet with their
 * English and Japanese headers. The export writes exactly these, so exporting and importing the export changes
 * nothing.
 */

export type VendorColumnKey =
  | 'name'
  | 'name_kana'
  | 'corporate_number'
  | 'address'
  | 'phone'
  | 'email'
  | 'website'
  | 'emergency_contact'
  | 'emergency_phone'
  | 'notes';

export interface VendorColumn {
  key: VendorColumnKey;
  ja: string;
  required?: boolean;
}

/** Every column, in export order. */
export const VENDOR_COLUMNS: readonly VendorColumn[] = [
  { key: 'name', ja: '事業者名', required: true },
  { key: 'name_kana', ja: 'フリガナ' },
  { key: 'corporate_number', ja: '法人番号' },
  { key: 'address', ja: '所在地' },
  { key: 'phone', ja: '電話番号' },
  { key: 'email', ja: 'メールアドレス' },
  { key: 'website', ja: 'ウェブサイト' },
  { key: 'emergency_contact', ja: '緊急連絡先(24時間)' },
  { key: 'emergency_phone', ja: '緊急連絡先電話番号' },
  { key: 'notes', ja: '備考' },
];

/** NFKC (full-width brackets and digits as half-width), spaces removed. */
const fold = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

/** The column a header names: the English key (case-insensitive) or the Japanese header (full-width brackets too). */
export function vendorColumnFor(header: string): VendorColumn | undefined {
  const h = header.trim();
  const lower = h.toLowerCase();
  const folded = fold(h);
  return VENDOR_COLUMNS.find((c) => c.key === lower || fold(c.ja) === folded);
}

/** The sheet names the import looks for in an .xlsx (else it reads the first sheet). */
export const VENDOR_SHEET_NAMES = ['委託事業者', 'vendors', 'Vendors'] as const;
