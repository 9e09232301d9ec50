import { esc, printDocument } from '../../../reports/html.ts';
import {
  buildSheet,
  disagreementText,
  displayDate,
  displayDateOfIso,
  evidenceLine,
  fiscalYearLabel,
  sheetLabel,
  words,
  type ExportBundle,
  type ExportContext,
  type ExportInput,
  type ExportItem,
} from './model.ts';
import { sortVendorSheets } from './xlsx.ts';

/**
 * The printable assessment (HTML, and PDF through Chromium): a cover block (framework, facility, fiscal year,
 * status, sign-offs, progress per section), the items table (answer, 確認日, 目標日, 担当者, comment, evidence with
 * the first 12 hex digits of its SHA-256 and its validity, the auto-evaluation with reasons; a disagreement is marked
 * in words, not by colour alone), and for a hospital sheet the state of every vendor's 事業者確認用.
 */

const CSS = `
.kv th { width: 28%; }
.cols-items col.c-num { width: 7%; } .cols-items col.c-item { width: 41%; } .cols-items col.c-scope { width: 11%; }
.cols-items col.c-ans { width: 8%; } .cols-items col.c-date { width: 10%; } .cols-items col.c-resp { width: 13%; }
tbody.item { break-inside: avoid; page-break-inside: avoid; }
tbody.item td.detail { border-top: none; font-size: 8pt; }
tbody.item tr.main td { border-bottom-style: dotted; }
tbody.item.disagree td { background: #fff3bf; }
tbody.item.disagree td:first-child { border-left: 2.5pt solid #e67700; }
.flag { font-weight: 700; }
.dl { margin: 0; }
.dl div { margin: 0 0 0.6mm; }
.dl .k { font-weight: 700; margin-right: 1.5mm; }
.gap { font-weight: 700; }
ul.plain { margin: 0; padding-left: 4mm; }
`;

function dateOrDash(d: string | null | undefined, ctx: ExportContext): string {
  return d ? esc(displayDate(d, ctx.lang)) : '';
}

function signoffCell(name: string | null, at: string | null, ctx: ExportContext): string {
  const w = words(ctx.lang);
  if (!at) return esc(w.notSigned);
  return `${esc(name ?? '')} ${esc(displayDateOfIso(at, ctx.lang))}`.trim();
}

function cover(input: ExportInput, ctx: ExportContext): string {
  const w = words(ctx.lang);
  const b = input.main;
  const def = b.entry.definition;
  const p = b.progress;
  const rows: [string, string][] = [
    [w.checklist, `${esc(def.title[ctx.lang])}${b.row.sheet !== 'general' ? `(${esc(sheetLabel(b, ctx.lang))})` : ''}`],
    [w.version, esc(def.version)],
    [w.facility, esc(b.facility.name)],
  ];
  if (b.vendor) rows.push([w.vendor, esc(b.vendor.name)]);
  if (b.row.fiscal_year !== null) rows.push([w.fiscalYear, esc(fiscalYearLabel(b, ctx.lang))]);
  rows.push([w.status, esc(w.statuses[b.row.status as keyof typeof w.statuses] ?? b.row.status)]);
  if (b.row.sheet === 'vendor') {
    rows.push([w.submitted, `${esc(displayDateOfIso(b.row.submitted_at, ctx.lang))}${b.row.submitted_by_label ? ` ${esc(b.row.submitted_by_label)}` : ''}`]);
    rows.push([w.accepted, esc(displayDateOfIso(b.row.accepted_at, ctx.lang))]);
  } else {
    rows.push([`${w.signoff}: ${w.signManager}`, signoffCell(input.signers.manager, b.row.manager_signed_at, ctx)]);
    rows.push([`${w.signoff}: ${w.signExecutive}`, signoffCell(input.signers.executive, b.row.executive_signed_at, ctx)]);
  }
  rows.push([
    w.progress,
    `${esc(w.answered)} ${p.answered}/${p.items} · ${esc(w.complete)} ${p.complete} · ${esc(w.gaps)} ${p.gaps} · ${esc(w.disagreements)} ${p.disagreements}`,
  ]);
  const kv = `<table class="kv"><tbody>${rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${v}</td></tr>`).join('')}</tbody></table>`;
  const sectionTitle = new Map(def.sections.map((s) => [s.id, `${s.number ? `${s.number} ` : ''}${s.title[ctx.lang]}`]));
  const progress = `<table class="progress"><thead><tr><th>${esc(w.section)}</th><th class="num">${esc(w.items)}</th><th class="num">${esc(w.answered)}</th><th class="num">${esc(w.complete)}</th><th class="num">${esc(w.gaps)}</th></tr></thead><tbody>${p.sections
    .map((s) => `<tr><td>${esc(sectionTitle.get(s.sectionId) ?? s.sectionId)}</td><td class="num">${s.items}</td><td class="num">${s.answered}</td><td class="num">${s.complete}</td><td class="num">${s.gaps}</td></tr>`)
    .join('')}</tbody></table>`;
  return `<section class="cover">${kv}<h3>${esc(w.progress)}</h3>${progress}</section>`;
}

function itemBody(x: ExportItem, ctx: ExportContext): string {
  const w = words(ctx.lang);
  const a = x.answer;
  const answerCell = x.answerLabel ? `<span${x.gap ? ' class="gap"' : ''}>${esc(x.answerLabel)}</span>` : x.notRequired ? `<span class="muted">${esc(w.notRequired)}</span>` : '';
  const itemCell = `${esc(x.item.text[ctx.lang])}${x.item.verified ? '' : `<div class="small muted">${esc(w.unverified)}</div>`}`;
  const main = `<tr class="main"><td class="nowrap">${esc(x.item.number)}</td><td>${itemCell}</td><td>${esc(w.scopes[x.item.scope])}</td><td>${answerCell}</td><td class="nowrap">${dateOrDash(a?.checkedOn, ctx)}</td><td class="nowrap">${dateOrDash(a?.targetOn, ctx)}</td><td>${esc(a?.responsible ?? '')}</td></tr>`;
  const details: string[] = [];
  if (x.disagreement) details.push(`<div class="flag">【${esc(w.disagreement)}】${esc(disagreementText(x, ctx.lang))}</div>`);
  if (a?.comment?.trim()) details.push(`<div><span class="k">${esc(w.comment)}</span>${esc(a.comment.trim())}</div>`);
  if (a?.carriedOver) details.push(`<div class="muted">${esc(w.carriedOver)}</div>`);
  if (x.evidence.length > 0) {
    details.push(`<div><span class="k">${esc(w.evidence)}</span><ul class="plain">${x.evidence.map((e) => `<li>${esc(evidenceLine(e, ctx.lang, true))}</li>`).join('')}</ul></div>`);
  }
  if (x.suggestion) {
    const reasons = x.suggestion.reasons.map((r) => ctx.reason(r, ctx.lang)).filter(Boolean);
    details.push(`<div><span class="k">${esc(w.suggestion)}</span>${esc(w.suggestions[x.suggestion.value])}${reasons.length ? `: ${esc(reasons.join(' / '))}` : ''}</div>`);
  }
  const problems = x.problems.map((r) => ctx.reason(r, ctx.lang)).filter(Boolean);
  if (problems.length > 0) details.push(`<div><span class="k">${esc(w.problems)}</span>${esc(problems.join(' / '))}</div>`);
  const detail = details.length > 0 ? `<tr><td></td><td class="detail" colspan="6"><div class="dl">${details.join('')}</div></td></tr>` : '';
  return `<tbody class="item${x.disagreement ? ' disagree' : ''}">${main}${detail}</tbody>`;
}

function itemsTable(items: readonly ExportItem[], ctx: ExportContext): string {
  const w = words(ctx.lang);
  const head = `<colgroup><col class="c-num"><col class="c-item"><col class="c-scope"><col class="c-ans"><col class="c-date"><col class="c-date"><col class="c-resp"></colgroup><thead><tr><th>${esc(w.number)}</th><th>${esc(w.item)}</th><th>${esc(w.scope)}</th><th>${esc(w.answer)}</th><th>${esc(w.checkedOn)}</th><th>${esc(w.targetOn)}</th><th>${esc(w.responsible)}</th></tr></thead>`;
  return `<table class="cols-items">${head}${items.map((x) => itemBody(x, ctx)).join('')}</table>`;
}

function vendorSummary(vendors: readonly ExportBundle[], ctx: ExportContext): string {
  const w = words(ctx.lang);
  if (vendors.length === 0) return `<h2>${esc(w.vendorSheets)}</h2><p class="muted">${esc(w.noVendorSheets)}</p>`;
  const rows = sortVendorSheets(vendors)
    .map(
      (v) =>
        `<tr><td>${esc(v.vendor?.name ?? '')}</td><td>${esc(w.statuses[v.row.status as keyof typeof w.statuses] ?? v.row.status)}</td><td class="num">${v.progress.answered}/${v.progress.items}</td><td class="num">${v.progress.gaps}</td><td class="nowrap">${esc(displayDateOfIso(v.row.submitted_at, ctx.lang))}</td><td class="nowrap">${esc(displayDateOfIso(v.row.accepted_at, ctx.lang))}</td></tr>`,
    )
    .join('');
  return `<h2>${esc(w.vendorSheets)}</h2><table><thead><tr><th>${esc(w.vendor)}</th><th>${esc(w.status)}</th><th class="num">${esc(w.answered)}/${esc(w.items)}</th><th class="num">${esc(w.gaps)}</th><th>${esc(w.submitted)}</th><th>${esc(w.accepted)}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The whole printable page. */
export function assessmentHtml(input: ExportInput): string {
  const { ctx } = input;
  const w = words(ctx.lang);
  const b = input.main;
  const def = b.entry.definition;
  const sheet = buildSheet(b, ctx);
  const parts = [cover(input, ctx)];
  if (sheet.gate) parts.push(`<h2>${esc(w.gate)}</h2><p class="small muted">${esc(w.gateNote)}</p>${itemsTable([sheet.gate], ctx)}`);
  for (const s of sheet.sections) parts.push(`<h2>${esc(`${s.section.number ? `${s.section.number} ` : ''}${s.section.title[ctx.lang]}`)}</h2>${itemsTable(s.items, ctx)}`);
  if (b.row.sheet === 'hospital') parts.push(vendorSummary(input.vendorSheets, ctx));
  const subtitle = [b.facility.name, b.vendor?.name, fiscalYearLabel(b, ctx.lang), sheetLabel(b, ctx.lang)].filter(Boolean).join(' · ');
  return printDocument({ lang: ctx.lang, title: def.title[ctx.lang], subtitle, generatedAt: ctx.generatedAt, version: ctx.version, bodyHtml: parts.join('\n'), css: CSS });
}
