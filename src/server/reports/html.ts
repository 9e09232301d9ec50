import type { Locale } from '../../shared/errors.ts';
import { formatDateTime } from '../../shared/dates.ts';

/**
 * Printable documents (UX.md): one self-contained HTML page per report — inline CSS only, no scripts, no external
 * fonts, images or links to fetch — A4 portrait, the system Japanese font stack, page numbers, the generation time
 * and the version on every page. The same page is served as HTML (the browser prints it) and rendered to PDF by
 * Chromium (`pdf.ts`).
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. null/undefined → ''. */
export function esc(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** A CSS string literal (for `content:` in the page margin boxes). */
export function cssString(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ')}"`;
}

/** The font stack of UX.md; Noto Sans CJK JP is what Chromium finds on a Debian/Ubuntu server (fonts-noto-cjk). */
export const PRINT_FONT_STACK = '"Hiragino Sans", "Yu Gothic UI", "Meiryo", "Noto Sans JP", "Noto Sans CJK JP", sans-serif';

const FOOTER_WORDS: Record<Locale, { generated: string }> = {
  ja: { generated: '出力' },
  en: { generated: 'Generated' },
};

/** The line printed at the bottom of every page (and under the title): generation time in JST and the version. */
export function footerLine(lang: Locale, generatedAt: string, version: string): string {
  const when = formatDateTime(generatedAt, lang);
  return lang === 'ja' ? `${when} ${FOOTER_WORDS.ja.generated} · mamori ${version}` : `${FOOTER_WORDS.en.generated} ${when} · mamori ${version}`;
}

export interface PrintDocumentInput {
  lang: Locale;
  title: string;
  subtitle?: string | null;
  /** ISO timestamp of the generation (deps.clock). */
  generatedAt: string;
  version: string;
  /** Trusted HTML built with `esc()` for every value. */
  bodyHtml: string;
  landscape?: boolean;
  /** Extra CSS of the report (appended after the shell's). */
  css?: string;
}

function printCss(input: PrintDocumentInput): string {
  const footer = footerLine(input.lang, input.generatedAt, input.version);
  return `
@page {
  size: A4 ${input.landscape ? 'landscape' : 'portrait'};
  margin: 14mm 12mm 16mm 12mm;
  @bottom-left { content: ${cssString(footer)}; font-size: 7.5pt; color: #495057; font-family: ${PRINT_FONT_STACK}; }
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 7.5pt; color: #495057; font-family: ${PRINT_FONT_STACK}; }
}
*, *::before, *::after { box-sizing: border-box; }
html { font-family: ${PRINT_FONT_STACK}; font-size: 9.5pt; line-height: 1.6; color: #1a1b1e; background: #fff;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; }
@media screen { body { max-width: ${input.landscape ? '297mm' : '210mm'}; margin: 0 auto; padding: 12mm; } }
h1 { font-size: 15pt; line-height: 1.4; margin: 0 0 2mm; }
h2 { font-size: 12pt; line-height: 1.4; margin: 6mm 0 2mm; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 10.5pt; line-height: 1.4; margin: 4mm 0 1.5mm; break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 2mm; }
.doc-head { border-bottom: 2px solid #1a1b1e; padding-bottom: 2mm; margin-bottom: 4mm; }
.doc-subtitle { font-size: 10.5pt; margin: 0; }
.doc-meta { font-size: 8pt; color: #495057; margin: 1mm 0 0; }
table { border-collapse: collapse; width: 100%; margin: 0 0 3mm; }
thead { display: table-header-group; }
tfoot { display: table-footer-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.6pt solid #868e96; padding: 1mm 1.4mm; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
th { background: #e9ecef; font-weight: 700; }
.num { text-align: right; white-space: nowrap; }
.nowrap { white-space: nowrap; }
.muted { color: #495057; }
.small { font-size: 8pt; }
`;
}

/** A complete, self-contained HTML page for printing. Every value in `title`/`subtitle` is escaped here. */
export function printDocument(input: PrintDocumentInput): string {
  const meta = footerLine(input.lang, input.generatedAt, input.version);
  return `<!DOCTYPE html>
<html lang="${input.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="mamori ${esc(input.version)}">
<title>${esc(input.title)}</title>
<style>${printCss(input)}${input.css ?? ''}</style>
</head>
<body>
<header class="doc-head">
<h1>${esc(input.title)}</h1>
${input.subtitle ? `<p class="doc-subtitle">${esc(input.subtitle)}</p>` : ''}
<p class="doc-meta">${esc(meta)}</p>
</header>
<main>
${input.bodyHtml}
</main>
</body>
</html>
`;
}
