import { FORMULA_PREFIX } from '../../shared/ledger-import.ts';

/**
 * Spreadsheet formula injection: a cell beginning with = + - @ (or a tab/CR/LF, or the full-width ＝ ＋ － ＠
 * that Japanese Excel also treats as a formula) is prefixed with an apostrophe so it stays text.
 */
export function neutraliseFormula(s: string): string {
  return FORMULA_PREFIX.test(s) ? `'${s}` : s;
}

/** Undoes neutraliseFormula on import: `'=x` → `=x` (only before a formula character, so other apostrophes stay). */
export function unneutraliseFormula(s: string): string {
  return s.startsWith("'") && FORMULA_PREFIX.test(s.slice(1)) ? s.slice(1) : s;
}

/** One CSV cell: formulas neutralised, quoted when needed; objects as JSON. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  const safe = neutraliseFormula(s);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
