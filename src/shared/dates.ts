/**
 * Date display rules (UX.md): times are stored in UTC and shown in JST, e.g. 2026年4月1日(水) 10:00;
 * fiscal years run April–March and are shown as 令和n年度.
 */
import type { Locale } from './errors.ts';

const TZ = 'Asia/Tokyo';

const jaDateTime = new Intl.DateTimeFormat('ja-JP', {
  timeZone: TZ, year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false,
});
const jaDate = new Intl.DateTimeFormat('ja-JP', { timeZone: TZ, year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short' });
const enDateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: TZ, year: 'numeric', month: 'short', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false,
});
const enDate = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, year: 'numeric', month: 'short', day: 'numeric', weekday: 'short' });

function parts(fmt: Intl.DateTimeFormat, d: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of fmt.formatToParts(d)) out[p.type] = p.value;
  return out;
}

/** 2026年4月1日(水) 10:00 (ja) or Wed 1 Apr 2026 10:00 JST (en). */
export function formatDateTime(iso: string | Date, locale: Locale = 'ja'): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return '';
  if (locale === 'ja') {
    const p = parts(jaDateTime, d);
    return `${p.year}年${p.month}月${p.day}日(${p.weekday}) ${p.hour}:${p.minute}`;
  }
  const p = parts(enDateTime, d);
  return `${p.weekday} ${p.day} ${p.month} ${p.year} ${p.hour}:${p.minute} JST`;
}

/** 2026年4月1日(水) (ja) or Wed 1 Apr 2026 (en). */
export function formatDate(iso: string | Date, locale: Locale = 'ja'): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return '';
  if (locale === 'ja') {
    const p = parts(jaDate, d);
    return `${p.year}年${p.month}月${p.day}日(${p.weekday})`;
  }
  const p = parts(enDate, d);
  return `${p.weekday} ${p.day} ${p.month} ${p.year}`;
}

/** The calendar date in JST as YYYY-MM-DD. */
export function jstDateKey(d: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/** The fiscal year (April–March, JST) a moment falls in, as its starting Gregorian year. */
export function fiscalYearOf(d: Date): number {
  const [y, m] = jstDateKey(d).split('-').map(Number) as [number, number];
  return m >= 4 ? y : y - 1;
}

/** 令和8年度 for fiscal year 2026 (ja), FY2026 (Reiwa 8) (en). Reiwa began on 2019-05-01; FY2019 is 令和元年度. */
export function formatFiscalYear(fiscalYear: number, locale: Locale = 'ja'): string {
  const reiwa = fiscalYear - 2018;
  if (reiwa < 1) return locale === 'ja' ? `${fiscalYear}年度` : `FY${fiscalYear}`;
  if (locale === 'ja') return `令和${reiwa === 1 ? '元' : reiwa}年度`;
  return `FY${fiscalYear} (Reiwa ${reiwa})`;
}

/** "3日前" / "3 days ago" relative to now. */
export function formatRelative(iso: string | Date, locale: Locale = 'ja', now: Date = new Date()): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  const fmt = new Intl.RelativeTimeFormat(locale === 'ja' ? 'ja' : 'en', { numeric: 'auto' });
  const rtf = { format: (v: number, u: Intl.RelativeTimeFormatUnit) => (locale === 'ja' ? fmt.format(v, u).replace(/\s/g, '') : fmt.format(v, u)) };
  const sec = Math.round((d.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(sec);
  if (abs < 60) return rtf.format(sec, 'second');
  if (abs < 3600) return rtf.format(Math.round(sec / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(sec / 3600), 'hour');
  if (abs < 86_400 * 45) return rtf.format(Math.round(sec / 86_400), 'day');
  if (abs < 86_400 * 365) return rtf.format(Math.round(sec / (86_400 * 30)), 'month');
  return rtf.format(Math.round(sec / (86_400 * 365)), 'year');
}
