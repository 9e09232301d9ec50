import type { Locale } from '../../../shared/errors.ts';
import type { DraftKind } from '../../../shared/incidents/cases.ts';
import { draftText } from '../../../shared/incidents/drafts.ts';
import { recordAuditAlone } from '../../audit/audit.service.ts';
import type { Caller, Deps } from '../../context.ts';
import { esc, printDocument, renderPdf } from '../../reports/pdf.ts';
import { VERSION } from '../../version.ts';
import { getDraft, type DraftView } from './draft.service.ts';

/**
 * The printable report draft: A4 portrait, one row per field (label, then the text as typed, line breaks kept), with
 * the case number, the facility, a "draft — check before filing" line and, for a kind whose items were not checked
 * against the authority's own form, that note. The same page as HTML (the browser prints it) and as PDF (Chromium);
 * plain text for pasting into the Commission's web form field by field.
 */

const WORDS = {
  ja: {
    draft: '下書き — 提出・報告の前に内容を確認してください。',
    unverified: '項目の確認状況',
    case: '案件',
    facility: '医療機関',
    edited: '編集済み',
    prefilled: '案件から自動入力',
  },
  en: {
    draft: 'Draft — check the content before filing or reporting.',
    unverified: 'About these items',
    case: 'Case',
    facility: 'Facility',
    edited: 'edited',
    prefilled: 'filled in from the case',
  },
} as const;

const CSS = `
.draft-note { font-size: 8.5pt; border: 1pt solid #e67700; padding: 1.2mm 2mm; margin: 0 0 3mm; }
.meta { font-size: 9pt; margin: 0 0 3mm; }
table.fields th { width: 30%; }
table.fields td { white-space: pre-wrap; }
.src { display: block; font-weight: 400; font-size: 7.5pt; color: #495057; margin-top: 0.6mm; }
`;

/** The draft as a self-contained printable page. */
export function draftHtml(d: DraftView, lang: Locale, generatedAt: string): string {
  const w = WORDS[lang];
  const rows = d.fields
    .map((f) => `<tr><th scope="row">${esc(f.label[lang])}<span class="src">${esc(f.source === 'edited' ? w.edited : w.prefilled)}</span></th><td>${esc(f.value)}</td></tr>`)
    .join('\n');
  const body = `
<p class="meta">${esc(w.case)}: ${esc(d.caseNumber)} ${esc(d.caseTitle)}<br>${esc(w.facility)}: ${esc(d.facility.name)}</p>
<p class="draft-note">${esc(w.draft)}${d.note ? `<br>${d.verified ? '' : `${esc(w.unverified)}: `}${esc(d.note[lang])}` : ''}</p>
<table class="fields">
<tbody>
${rows}
</tbody>
</table>
`;
  return printDocument({ lang, title: d.title[lang], subtitle: `${d.facility.name} · ${d.caseNumber}`, generatedAt, version: VERSION, bodyHtml: body, css: CSS });
}

export const DRAFT_CONTENT_TYPES = { pdf: 'application/pdf', html: 'text/html; charset=utf-8', text: 'text/plain; charset=utf-8' } as const;
export type DraftExportFormat = keyof typeof DRAFT_CONTENT_TYPES;

export interface DraftFile {
  fileName: string;
  contentType: string;
  body: Buffer;
}

/** The draft printable (html/pdf) or as plain text (incident.read). Audited as `incident_draft`/`export`. */
export async function exportDraft(deps: Deps, caller: Caller, caseId: string, kind: DraftKind, options: { format: DraftExportFormat; lang: Locale }): Promise<DraftFile> {
  const d = await getDraft(deps, caller, caseId, kind, options.lang);
  const generatedAt = deps.clock.now().toISOString();
  let body: Buffer;
  if (options.format === 'text') body = Buffer.from(draftText(kind, d.fields, options.lang), 'utf8');
  else {
    const html = draftHtml(d, options.lang, generatedAt);
    body = options.format === 'pdf' ? await renderPdf(deps, html) : Buffer.from(html, 'utf8');
  }
  await recordAuditAlone(deps, caller, {
    facilityId: d.facility.id,
    entityType: 'incident_draft',
    entityId: caseId,
    action: 'export',
    after: { caseId, kind, format: options.format, lang: options.lang, bytes: body.length },
  });
  const ext = options.format === 'text' ? 'txt' : options.format;
  return { fileName: `mamori-${kind.replace('_', '-')}-${d.caseNumber}.${ext}`, contentType: DRAFT_CONTENT_TYPES[options.format], body };
}
