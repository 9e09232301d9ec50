import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime, formatFiscalYear, formatRelative } from '../../shared/dates.ts';
import type { Locale } from '../../shared/errors.ts';
import { isLocale } from '../i18n/index.ts';

/** The current UI locale. */
export function useLocale(): Locale {
  const { i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? i18n.language;
  return isLocale(lng) ? lng : 'ja';
}

/** Date and number formatters bound to the current UI locale (dates are always shown in JST). */
export function useFormat() {
  const locale = useLocale();
  const numberFormat = new Intl.NumberFormat(locale === 'ja' ? 'ja-JP' : 'en-US');
  return {
    locale,
    dateTime: (iso: string) => formatDateTime(iso, locale),
    date: (iso: string) => formatDate(iso, locale),
    relative: (iso: string) => formatRelative(iso, locale),
    fiscalYear: (fy: number) => formatFiscalYear(fy, locale),
    number: (n: number) => numberFormat.format(n),
  };
}

/** True when the moment lies in the past. Kept out of components so rendering stays pure. */
export function isPast(iso: string): boolean {
  const t = new Date(iso).getTime();
  return !Number.isNaN(t) && t < Date.now();
}

/** Whole days since the moment (0 when in the future or unparseable). */
export function daysSince(iso: string): number {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return 0;
  return Math.max(0, Math.floor((Date.now() - t) / 86_400_000));
}

/** Start of a JST calendar day (YYYY-MM-DD) as a UTC ISO string; end of day when `end` is true. */
export function jstDayBoundary(day: string, end: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const d = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00.000'}+09:00`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
