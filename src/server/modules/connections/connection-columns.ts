import {
  ACCOUNT_MODE_LABELS_JA,
  ACCOUNT_MODES,
  CONNECTION_AUTH_LABELS_JA,
  CONNECTION_AUTHS,
  CONNECTION_KIND_LABELS_JA,
  CONNECTION_KINDS,
  CONNECTION_STATUS_LABELS_JA,
  CONNECTION_STATUSES,
  isTimeOfDay,
  WEEKDAY_LABELS_JA,
  WEEKDAYS,
  type AccountMode,
  type ConnectionAuth,
  type ConnectionKind,
  type ConnectionStatus,
  type Weekday,
} from '../../../shared/connections.ts';
import type { Locale } from '../../../shared/errors.ts';

/**
 * The connection import/export file format (外部接続・リモート保守台帳の取り込み・書き出し): the columns with their
 * English and Japanese headers, and the cell value parsers and writers. Shared by the import, the export and
 * the template, so that exporting and importing the export changes nothing.
 */

export type ConnectionColumnKey =
  | 'name'
  | 'vendor'
  | 'purpose'
  | 'kind'
  | 'entry_device'
  | 'targets'
  | 'segment'
  | 'internet_facing'
  | 'auth'
  | 'account_mode'
  | 'accounts'
  | 'allowed_days'
  | 'allowed_hours'
  | 'log_location'
  | 'credentials_rotated_on'
  | 'review_interval_months'
  | 'status'
  | 'approved_on'
  | 'expires_on'
  | 'last_used_on'
  | 'notes';

export interface ConnectionColumn {
  key: ConnectionColumnKey;
  ja: string;
  /** The header must be present and the cell filled. */
  required?: boolean;
}

/** Every column, in export order. Headers match after trimming (English case-insensitively; full-width brackets too). */
export const CONNECTION_COLUMNS: readonly ConnectionColumn[] = [
  { key: 'name', ja: '接続名', required: true },
  { key: 'vendor', ja: '委託事業者' },
  { key: 'purpose', ja: '用途' },
  { key: 'kind', ja: '接続方式', required: true },
  { key: 'entry_device', ja: '接続機器' },
  { key: 'targets', ja: '接続先' },
  { key: 'segment', ja: 'ネットワーク区分' },
  { key: 'internet_facing', ja: 'インターネット経由' },
  { key: 'auth', ja: '認証方式', required: true },
  { key: 'account_mode', ja: 'アカウント', required: true },
  { key: 'accounts', ja: 'アカウント名' },
  { key: 'allowed_days', ja: '利用曜日' },
  { key: 'allowed_hours', ja: '利用時間帯' },
  { key: 'log_location', ja: 'ログ保存先' },
  { key: 'credentials_rotated_on', ja: '認証情報の変更日' },
  { key: 'review_interval_months', ja: '見直し間隔(月)' },
  { key: 'status', ja: '状態' },
  { key: 'approved_on', ja: '承認日' },
  { key: 'expires_on', ja: '承認期限' },
  { key: 'last_used_on', ja: '最終利用日' },
  { key: 'notes', ja: '備考' },
];

const halfWidthBrackets = (s: string) => s.replace(/（/g, '(').replace(/）/g, ')');

/** The column a header names (English key or Japanese header), or undefined. */
export function connectionColumnFor(header: string): ConnectionColumn | undefined {
  const h = halfWidthBrackets(header.trim());
  const lower = h.toLowerCase();
  return CONNECTION_COLUMNS.find((c) => c.key === lower || c.ja === h);
}

export const headerOf = (col: ConnectionColumn, lang: Locale) => (lang === 'ja' ? col.ja : col.key);

// --- closed sets: key or Japanese label ----------------------------------------------------------

function byKeyOrLabel<T extends string>(keys: readonly T[], labels: Record<T, string>, extra: Partial<Record<string, T>> = {}) {
  return (value: string): T | undefined => {
    const v = value.trim();
    const lower = v.toLowerCase();
    return keys.find((k) => k === lower || labels[k].toLowerCase() === lower) ?? extra[v];
  };
}

export const parseConnectionKind = byKeyOrLabel<ConnectionKind>(CONNECTION_KINDS, CONNECTION_KIND_LABELS_JA);
export const parseConnectionAuth = byKeyOrLabel<ConnectionAuth>(CONNECTION_AUTHS, CONNECTION_AUTH_LABELS_JA);
export const parseAccountMode = byKeyOrLabel<AccountMode>(ACCOUNT_MODES, ACCOUNT_MODE_LABELS_JA, { 個人別アカウント: 'named', 共有アカウント: 'shared' });
export const parseConnectionStatus = byKeyOrLabel<ConnectionStatus>(CONNECTION_STATUSES, CONNECTION_STATUS_LABELS_JA);

export const kindCell = (k: ConnectionKind, lang: Locale) => (lang === 'ja' ? CONNECTION_KIND_LABELS_JA[k] : k);
export const authCell = (a: ConnectionAuth, lang: Locale) => (lang === 'ja' ? CONNECTION_AUTH_LABELS_JA[a] : a);
export const accountModeCell = (m: AccountMode, lang: Locale) => (lang === 'ja' ? ACCOUNT_MODE_LABELS_JA[m] : m);
export const statusCell = (s: ConnectionStatus, lang: Locale) => (lang === 'ja' ? CONNECTION_STATUS_LABELS_JA[s] : s);

// --- weekdays and hours -------------------------------------------------------------------------

const toHalfWidth = (s: string) => s.replace(/[０-９：]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

/**
 * 月;火 or mon;tue (also separated by , 、 ・ or spaces; 月曜 / 月曜日 accepted) → weekdays in calendar order.
 * `{ bad }` names the first token that is not a weekday.
 */
export function parseWeekdays(value: string): { days: Weekday[] } | { bad: string } {
  const tokens = value
    .split(/[;；,、，・\s]+/)
    .map((t) => t.trim())
    .filter(Boolean);
  const days = new Set<Weekday>();
  for (const t of tokens) {
    const lower = t.toLowerCase();
    const ja = t.replace(/曜日?$/, '');
    const day = WEEKDAYS.find((d) => d === lower || WEEKDAY_LABELS_JA[d] === ja);
    if (!day) return { bad: t };
    days.add(day);
  }
  return { days: WEEKDAYS.filter((d) => days.has(d)) };
}

export const weekdaysCell = (days: readonly Weekday[], lang: Locale) => days.map((d) => (lang === 'ja' ? WEEKDAY_LABELS_JA[d] : d)).join(';');

/** 09:00-18:00 (also ~ 〜 ～ － – as the dash, 9:00 for 09:00, full-width digits) → [from, to]; undefined when not a range. */
export function parseHours(value: string): [string, string] | undefined {
  const m = /^(\d{1,2}:\d{2})\s*[-~〜～－–ー]\s*(\d{1,2}:\d{2})$/.exec(toHalfWidth(value.trim()));
  if (!m) return undefined;
  const pad = (t: string) => t.padStart(5, '0');
  const [from, to] = [pad(m[1]!), pad(m[2]!)];
  return isTimeOfDay(from) && isTimeOfDay(to) ? [from, to] : undefined;
}

export const hoursCell = (from: string | null, to: string | null) => (from && to ? `${from}-${to}` : '');

/** A whole number of months, 1–60 (full-width digits too). */
export function parseIntervalMonths(value: string): number | undefined {
  const v = toHalfWidth(value.trim());
  if (!/^\d{1,2}$/.test(v)) return undefined;
  const n = Number(v);
  return n >= 1 && n <= 60 ? n : undefined;
}
