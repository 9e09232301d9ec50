import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { ERROR_CODES, ERROR_MESSAGES, type ErrorCode, type Locale } from '../../shared/errors.ts';
import { setApiLanguage } from '../api/client.ts';
import { messages } from './messages.ts';

export const LOCALES: readonly Locale[] = ['ja', 'en'];
const STORAGE_KEY = 'mamori.locale';

function errorMessages(locale: Locale): Record<ErrorCode, string> {
  return Object.fromEntries(ERROR_CODES.map((c) => [c, ERROR_MESSAGES[c][locale]])) as Record<ErrorCode, string>;
}

export const resources = {
  ja: { translation: { ...messages.ja, errors: errorMessages('ja') } },
  en: { translation: { ...messages.en, errors: errorMessages('en') } },
} as const;

export function isLocale(v: unknown): v is Locale {
  return v === 'ja' || v === 'en';
}

function readStoredLocale(): Locale | null {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    return isLocale(v) ? v : null;
  } catch {
    return null;
  }
}

/** localStorage, then the browser's preferred language, then Japanese. */
export function initialLocale(): Locale {
  const stored = readStoredLocale();
  if (stored) return stored;
  const preferred = typeof navigator !== 'undefined' ? (navigator.languages?.[0] ?? navigator.language ?? '') : '';
  if (/^en\b/i.test(preferred)) return 'en';
  return 'ja';
}

function applyLocale(lng: string): void {
  const locale: Locale = isLocale(lng) ? lng : 'ja';
  setApiLanguage(locale);
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

/** Change the UI language and remember the choice on this browser. */
export async function changeLocale(locale: Locale): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    /* storage may be unavailable (private mode); the choice still applies to this page */
  }
  await i18n.changeLanguage(locale);
}

i18n.on('languageChanged', applyLocale);

void i18n.use(initReactI18next).init({
  resources,
  lng: initialLocale(),
  fallbackLng: 'ja',
  supportedLngs: ['ja', 'en'],
  nsSeparator: false,
  interpolation: { escapeValue: false },
  returnNull: false,
  react: { useSuspense: false },
});
applyLocale(i18n.language);

export default i18n;
