import type { Locale } from '../../../shared/errors.ts';
import { CONTACT_KIND_LABELS, EXTERNAL_CONTACT_KINDS, type ContactKind } from '../../../shared/incidents/contacts.ts';
import { recordAuditAlone } from '../../audit/audit.service.ts';
import type { Caller, Deps } from '../../context.ts';
import { esc, printDocument, renderPdf } from '../../reports/pdf.ts';
import { VERSION } from '../../version.ts';
import type { ContactEntry } from './contact.repository.ts';
import { getContactChart, type ContactChartView } from './contact.service.ts';

/**
 * The printable 連絡体制図: one A4 landscape page to pin next to the phone — the facility, the version stamp (the
 * chart's content hash) and the generation time, the internal call chain as numbered boxes with each on-call deputy
 * beside its principal, and the outside parties grouped by kind. Phones are printed large. Self-contained HTML (the
 * shared print shell); PDF through the server's Chromium.
 */

const WORDS = {
  ja: {
    title: '連絡体制図',
    version: '版',
    versionHint: '(mamori の画面の版と同じなら、この紙は最新です)',
    internal: '院内の連絡順',
    internalHint: 'インシデント(かも?)に気づいたら、上から順に連絡してください。つながらないときは代理へ。',
    external: '院外の連絡先',
    deputy: '代理',
    alt: '予備',
    none: '(未登録)',
    incomplete: 'この連絡体制図には不足があります(mamori の連絡体制図の画面を確認してください)',
  },
  en: {
    title: 'Incident contact chart',
    version: 'Version',
    versionHint: '(if mamori shows the same version, this copy is current)',
    internal: 'Call order inside the hospital',
    internalHint: 'When you notice an incident (or think you might have), call from the top down. If nobody answers, call the deputy.',
    external: 'Outside parties',
    deputy: 'Deputy',
    alt: 'Alt.',
    none: '(none recorded)',
    incomplete: 'This chart has gaps (see the contact chart page in mamori)',
  },
} as const;

const CSS = `
.chart { display: flex; gap: 6mm; align-items: flex-start; }
.chart > section { flex: 1 1 0; min-width: 0; }
.chart > section.internal { flex: 1.1 1 0; }
.stamp { font-size: 10pt; font-weight: 700; margin: 0 0 2mm; }
.hint { font-size: 8pt; margin: 0 0 2mm; }
ol.chain { list-style: none; margin: 0; padding: 0; }
ol.chain > li { margin: 0 0 1.2mm; break-inside: avoid; }
.step { display: flex; gap: 2mm; align-items: stretch; }
.box { border: 1pt solid #1a1b1e; border-radius: 1.5mm; padding: 1mm 2mm; flex: 1 1 0; min-width: 0; }
.box.deputy { border-style: dashed; flex: 0.8 1 0; font-size: 8.5pt; }
.no { font-size: 13pt; font-weight: 700; width: 8mm; text-align: center; align-self: center; }
.role { font-size: 8pt; color: #495057; }
.who { font-weight: 700; }
.phone { font-size: 13pt; font-weight: 700; letter-spacing: 0.02em; white-space: nowrap; }
.box.deputy .phone { font-size: 11pt; }
.line { font-size: 8pt; overflow-wrap: anywhere; }
.arrow { text-align: left; padding-left: 2.5mm; font-size: 8pt; line-height: 1; margin: -0.6mm 0 0.4mm; }
.group { break-inside: avoid; margin: 0 0 1.6mm; }
.group h3 { font-size: 9pt; margin: 0 0 0.8mm; border-bottom: 0.6pt solid #868e96; }
.group .box { margin: 0 0 1mm; }
.warn { font-size: 8pt; font-weight: 700; border: 1pt solid #e67700; padding: 1mm 2mm; margin: 2mm 0 0; }
`;

function kindLabel(kind: string, lang: Locale): string {
  return CONTACT_KIND_LABELS[kind as ContactKind]?.[lang] ?? kind;
}

function person(e: ContactEntry): string {
  return [e.organization ?? e.vendorName, e.name ?? e.userName].filter((v): v is string => !!v).join(' ');
}

function entryBox(e: ContactEntry, lang: Locale, extraClass = ''): string {
  const w = WORDS[lang];
  const lines: string[] = [];
  if (e.phoneAlt) lines.push(`${esc(w.alt)} ${esc(e.phoneAlt)}`);
  if (e.email) lines.push(esc(e.email));
  if (e.availability) lines.push(esc(e.availability));
  if (e.notes) lines.push(esc(e.notes));
  return `<div class="box${extraClass ? ` ${extraClass}` : ''}">
<div class="role">${esc(e.roleLabel)}</div>
${person(e) ? `<div class="who">${esc(person(e))}</div>` : ''}
${e.phone ? `<div class="phone">${esc(e.phone)}</div>` : ''}
${lines.map((l) => `<div class="line">${l}</div>`).join('')}
</div>`;
}

/** The chart as a self-contained printable page. */
export function contactChartHtml(chart: ContactChartView, lang: Locale, generatedAt: string): string {
  const w = WORDS[lang];
  const principals = chart.internal.filter((e) => e.deputyForId === null || !chart.internal.some((p) => p.id === e.deputyForId));
  const deputiesOf = (id: string) => chart.internal.filter((e) => e.deputyForId === id);
  const chain = principals
    .map((p, i) => {
      const deputies = deputiesOf(p.id)
        .map((d) => entryBox({ ...d, roleLabel: `${w.deputy}: ${d.roleLabel}` }, lang, 'deputy'))
        .join('');
      return `<li>${i > 0 ? '<div class="arrow" aria-hidden="true">▼</div>' : ''}<div class="step"><div class="no">${i + 1}</div>${entryBox(p, lang)}${deputies}</div></li>`;
    })
    .join('');
  const groups = EXTERNAL_CONTACT_KINDS.map((kind) => ({ kind, entries: chart.external.filter((e) => e.kind === kind) }))
    .filter((g) => g.entries.length > 0)
    .map((g) => `<div class="group"><h3>${esc(kindLabel(g.kind, lang))}</h3>${g.entries.map((e) => entryBox(e, lang)).join('')}</div>`)
    .join('');
  const body = `
<p class="stamp">${esc(w.version)} ${esc(chart.version)} <span class="small muted">${esc(w.versionHint)}</span></p>
<div class="chart">
<section class="internal">
<h2>${esc(w.internal)}</h2>
<p class="hint">${esc(w.internalHint)}</p>
${chain ? `<ol class="chain">${chain}</ol>` : `<p>${esc(w.none)}</p>`}
</section>
<section class="external">
<h2>${esc(w.external)}</h2>
${groups || `<p>${esc(w.none)}</p>`}
</section>
</div>
${chart.completeness.complete ? '' : `<p class="warn">${esc(w.incomplete)}</p>`}
`;
  return printDocument({ lang, title: `${chart.facilityName} ${w.title}`, generatedAt, version: VERSION, bodyHtml: body, landscape: true, css: CSS });
}

export const CONTACT_CHART_CONTENT_TYPES = { pdf: 'application/pdf', html: 'text/html; charset=utf-8' } as const;

export interface ContactChartFile {
  fileName: string;
  contentType: string;
  body: Buffer;
}

/** The printable chart (contacts.read). Audited as `contact_chart`/`export` with the version printed. */
export async function exportContactChart(deps: Deps, caller: Caller, facilityId: string, options: { format: 'pdf' | 'html'; lang: Locale }): Promise<ContactChartFile> {
  const chart = await getContactChart(deps, caller, facilityId);
  const generatedAt = deps.clock.now().toISOString();
  const html = contactChartHtml(chart, options.lang, generatedAt);
  const body = options.format === 'pdf' ? await renderPdf(deps, html, { landscape: true }) : Buffer.from(html, 'utf8');
  await recordAuditAlone(deps, caller, {
    facilityId,
    entityType: 'contact_chart',
    entityId: facilityId,
    action: 'export',
    after: { format: options.format, lang: options.lang, version: chart.version, bytes: body.length },
  });
  const code = chart.facilityCode.replace(/[^A-Za-z0-9._-]/g, '_');
  return { fileName: `mamori-contact-chart-${code}-${chart.version}.${options.format}`, contentType: CONTACT_CHART_CONTENT_TYPES[options.format], body };
}
