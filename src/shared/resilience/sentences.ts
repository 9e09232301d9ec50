/**
 * Sentence templates of 備え (backup findings, freshness, drill reasons, the dashboard summary), in the syntax of
 * assessments/reasons.ts: `{name}` is a parameter; `{n:one|other}` picks the English singular or plural by a number.
 */

export type SentenceLocale = 'ja' | 'en';
export type SentenceParams = Record<string, string | number | null | undefined>;

export const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/**
 * Fills a template. A missing (undefined or null) parameter leaves its placeholder; numbers are grouped in English;
 * a YYYY-MM-DD string is written 2026年4月1日 / 1 Apr 2026. `special` may write a parameter its own way (a label, a
 * fiscal year) by returning a string.
 */
export function fillSentence(
  template: string,
  params: SentenceParams,
  locale: SentenceLocale,
  special?: (name: string, value: string | number) => string | undefined,
): string {
  const chosen = template.replace(/\{([A-Za-z0-9_]+):([^|{}]*)\|([^{}]*)\}/g, (_w, name: string, one: string, other: string) =>
    Number(params[name]) === 1 ? one : other,
  );
  return chosen.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined || v === null) return whole;
    const own = special?.(name, v);
    if (own !== undefined) return own;
    if (typeof v === 'number') return locale === 'ja' ? String(v) : v.toLocaleString('en-GB');
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    if (!m) return v;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return locale === 'ja' ? `${y}年${mo}月${d}日` : `${d} ${EN_MONTHS[mo - 1]} ${y}`;
  });
}
