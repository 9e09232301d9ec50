import type { Locale } from '../../../shared/errors.ts';
import { formatDate, formatDateTime } from '../../../shared/dates.ts';
import {
  BCP_AUDIENCE_LABELS,
  BCP_CHECKLIST_ITEMS,
  BCP_SECTION_LABELS,
  BCP_STATUS_LABELS,
  BCP_STEP_LABELS,
  BCP_STEPS,
  bcpVersionLabel,
  fillBcpMessage,
} from '../../../shared/resilience/bcp.ts';
import { recordAuditAlone } from '../../audit/audit.service.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { cssString } from '../../reports/html.ts';
import { esc, printDocument, renderPdf } from '../../reports/pdf.ts';
import { VERSION } from '../../version.ts';
import { contactChartOf, type ContactChartView } from '../incidents/index.ts';
import * as repo from './bcp.repository.ts';
import { recoveryOrderOf } from './recovery-order.service.ts';
import { getBcpVersion, type BcpVersionView } from './bcp.service.ts';

/**
 * The printable cyber BCP: one self-contained A4 HTML page (the shared print shell) or its PDF — the version (第n版), its
 * status on every page (承認済み / 下書き …, in the page margin and at the top), the approval line, then each section of
 * the content in order. The command section shows the contact chart's internal call order as it is NOW (the plan
 * refers to the live 連絡体制図 rather than copying it).
 */

const WORDS = {
  ja: {
    title: '事業継続計画(BCP)',
    subtitle: 'サイバー攻撃を想定した事業継続計画',
    approval: '承認',
    approver: '承認者',
    approvedAt: '承認日',
    note: '備考',
    reviewDue: '見直し期限',
    notApproved: 'この版は承認されていません。',
    empty: '(未記入)',
    purpose: '目的',
    scope: '対象範囲',
    sites: '対象施設',
    assumptions: '想定',
    reviewCycle: '見直しの周期',
    months: (n: number) => `${n}か月ごと`,
    lead: '対策本部長',
    deputy: '代行者',
    place: '設置場所',
    alternatePlace: '代替の設置場所',
    howCalled: '招集方法',
    notes: '補足',
    chart: '連絡体制図(院内の連絡順、現在の登録内容)',
    chartHint: '最新の連絡体制図は mamori の「連絡体制図」を参照してください。',
    chartNone: '連絡体制図が登録されていません。',
    role: '役割',
    person: '氏名',
    phone: '電話',
    stops: '止まる業務',
    paper: '紙運用の手順',
    materials: '様式・物品と保管場所',
    owner: '責任者',
    onRecovery: '復旧後の対応(後入力)',
    procedure: '復旧手順',
    order: '復旧順序(台帳の重要度と依存関係から。同じ段階のシステムは並行して復旧できます)',
    orderHead: ['順', '段階', 'システム', '目標復旧時間(RTO)'],
    orderNone: '診療に必要なシステム(重要度1〜2)が台帳にありません。',
    hours: (h: number) => `${h}時間`,
    vendors: '連絡する委託事業者',
    prerequisites: '前提条件',
    messageTitle: '件名',
    item: '確認項目',
    state: '状態',
    checked: '☑ 確認済み',
    unchecked: '☐ 未確認',
    incomplete: '未記入の項目: ',
  },
  en: {
    title: 'Business continuity plan (BCP)',
    subtitle: 'Business continuity plan for a cyber attack',
    approval: 'Approval',
    approver: 'Approved by',
    approvedAt: 'Approved on',
    note: 'Note',
    reviewDue: 'Review by',
    notApproved: 'This version is not approved.',
    empty: '(not written)',
    purpose: 'Purpose',
    scope: 'Scope',
    sites: 'Sites',
    assumptions: 'Assumptions',
    reviewCycle: 'Review cycle',
    months: (n: number) => `every ${n} month${n === 1 ? '' : 's'}`,
    lead: 'Head of the response',
    deputy: 'Deputy',
    place: 'Headquarters',
    alternatePlace: 'Alternative place',
    howCalled: 'How members are called',
    notes: 'Notes',
    chart: 'Contact chart (call order inside the hospital, as recorded now)',
    chartHint: 'The current contact chart is in mamori (contact chart page).',
    chartNone: 'No contact chart is recorded.',
    role: 'Role',
    person: 'Name',
    phone: 'Phone',
    stops: 'What stops',
    paper: 'Paper procedure',
    materials: 'Forms and materials, and where they are',
    owner: 'Owner',
    onRecovery: 'On recovery (back-entry)',
    procedure: 'Recovery procedure',
    order: 'Recovery order (from the ledger’s criticality and dependencies; systems of one wave can be restored in parallel)',
    orderHead: ['#', 'Wave', 'System', 'RTO'],
    orderNone: 'The ledger has no system needed for care (criticality 1–2).',
    hours: (h: number) => `${h} h`,
    vendors: 'Vendors to call',
    prerequisites: 'Prerequisites',
    messageTitle: 'Subject',
    item: 'Item',
    state: 'State',
    checked: '☑ Confirmed',
    unchecked: '☐ Not confirmed',
    incomplete: 'Sections not complete: ',
  },
} as const;

const CSS = `
.status-banner { border: 1.2pt solid #1a1b1e; padding: 1.5mm 3mm; font-weight: 700; font-size: 11pt; margin: 0 0 3mm; display: inline-block; }
.status-banner.unapproved { border-style: dashed; }
.approval th { width: 28mm; }
.kv th { width: 38mm; }
.pre { white-space: pre-wrap; }
.empty { color: #495057; }
ol.triggers li { margin: 0 0 1mm; }
.dept, .system, .message { break-inside: avoid; page-break-inside: avoid; }
.warn { border: 1pt solid #1a1b1e; padding: 1.5mm 3mm; font-weight: 700; }
`;

const ymd = (d: string, lang: Locale) => formatDate(new Date(`${d}T12:00:00+09:00`), lang);

function textCell(value: string, lang: Locale): string {
  return value.trim() ? `<span class="pre">${esc(value.trim())}</span>` : `<span class="empty">${esc(WORDS[lang].empty)}</span>`;
}

function kvTable(rows: [string, string][], lang: Locale): string {
  return `<table class="kv"><tbody>${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${textCell(v, lang)}</td></tr>`).join('')}</tbody></table>`;
}

export interface BcpPrintExtras {
  /** The facility's contact chart (live), or null when unavailable. */
  chart: Pick<ContactChartView, 'internal'> | null;
  /** Vendor id → name for the recovery procedures. */
  vendorNames: Map<string, string>;
  /** The recovery order's steps of the systems needed for care (live from the ledger), or null when unavailable. */
  order: { position: number; wave: number; name: string; rtoHours: number | null }[] | null;
}

/** The print HTML of one version. */
export function bcpHtml(v: BcpVersionView, extras: BcpPrintExtras, lang: Locale, generatedAt: string): string {
  const w = WORDS[lang];
  const c = v.content;
  const versionLabel = bcpVersionLabel(v.number, lang);
  const statusLabel = BCP_STATUS_LABELS[v.status][lang];
  const approved = v.status === 'approved' || v.status === 'superseded';
  const mark = `${versionLabel} ${statusLabel}`;
  const parts: string[] = [];

  parts.push(`<p class="status-banner${approved ? '' : ' unapproved'}">${esc(mark)}</p>`);
  // Approval line.
  if (approved && v.approvedAt) {
    parts.push(
      `<section><h2>${esc(w.approval)}</h2>${kvTable(
        [
          [w.approver, v.approverName ?? ''],
          [w.approvedAt, formatDateTime(v.approvedAt, lang)],
          [w.reviewDue, v.reviewDueOn ? ymd(v.reviewDueOn, lang) : ''],
          [w.note, v.approvalNote ?? ''],
        ],
        lang,
      )}</section>`,
    );
  } else {
    parts.push(`<p class="warn">${esc(w.notApproved)}</p>`);
    if (!v.completeness.complete) {
      const names = v.completeness.missingRequired.map((s) => BCP_SECTION_LABELS[s][lang]).join(lang === 'ja' ? '・' : ', ');
      parts.push(`<p class="small">${esc(w.incomplete + names)}</p>`);
    }
  }

  // 1 基本方針
  parts.push(
    `<section><h2>1. ${esc(BCP_SECTION_LABELS.basics[lang])}</h2>${kvTable(
      [
        [w.purpose, c.basics.purpose],
        [w.scope, c.basics.scope],
        [w.sites, c.basics.sites],
        [w.assumptions, c.basics.assumptions],
        [w.reviewCycle, w.months(c.basics.reviewCycleMonths)],
      ],
      lang,
    )}</section>`,
  );

  // 2 発動基準
  const triggers = c.triggers.filter((t) => t.text.trim());
  parts.push(
    `<section><h2>2. ${esc(BCP_SECTION_LABELS.triggers[lang])}</h2>${
      triggers.length ? `<ol class="triggers">${triggers.map((t) => `<li class="pre">${esc(t.text.trim())}</li>`).join('')}</ol>` : `<p class="empty">${esc(w.empty)}</p>`
    }</section>`,
  );

  // 3 指揮命令系統 (+ the live contact chart)
  const chainRows = (extras.chart?.internal ?? []).filter((e) => e.deputyForId === null);
  const chart = chainRows.length
    ? `<table><thead><tr><th class="nowrap">#</th><th>${esc(w.role)}</th><th>${esc(w.person)}</th><th>${esc(w.phone)}</th></tr></thead><tbody>${chainRows
        .map((e, i) => `<tr><td class="num">${i + 1}</td><td>${esc(e.roleLabel)}</td><td>${esc(e.name ?? e.userName ?? '')}</td><td class="nowrap">${esc(e.phone ?? '')}</td></tr>`)
        .join('')}</tbody></table>`
    : `<p class="empty">${esc(w.chartNone)}</p>`;
  parts.push(
    `<section><h2>3. ${esc(BCP_SECTION_LABELS.command[lang])}</h2>${kvTable(
      [
        [w.lead, c.command.lead],
        [w.deputy, c.command.deputy],
        [w.place, c.command.place],
        [w.alternatePlace, c.command.alternatePlace],
        [w.howCalled, c.command.howCalled],
        [w.notes, c.command.notes],
      ],
      lang,
    )}<h3>${esc(w.chart)}</h3>${chart}<p class="small muted">${esc(w.chartHint)}</p></section>`,
  );

  // 4 部門別の紙運用
  const depts = c.departments.filter((d) => d.name.trim() || d.paperProcedure.trim());
  parts.push(
    `<section><h2>4. ${esc(BCP_SECTION_LABELS.departments[lang])}</h2>${
      depts.length
        ? depts
            .map(
              (d) =>
                `<div class="dept"><h3>${esc(d.name.trim() || w.empty)}</h3>${kvTable(
                  [
                    [w.stops, d.stops],
                    [w.paper, d.paperProcedure],
                    [w.materials, d.materials],
                    [w.owner, d.owner],
                    [w.onRecovery, d.onRecovery],
                  ],
                  lang,
                )}</div>`,
            )
            .join('')
        : `<p class="empty">${esc(w.empty)}</p>`
    }</section>`,
  );

  // 5 システム別の復旧手順, after the recovery order computed from the ledger
  const order = extras.order
    ? extras.order.length
      ? `<table><thead><tr>${w.orderHead.map((h) => `<th class="nowrap">${esc(h)}</th>`).join('')}</tr></thead><tbody>${extras.order
          .map((o) => `<tr><td class="num">${o.position}</td><td class="num">${o.wave}</td><td>${esc(o.name)}</td><td class="nowrap">${o.rtoHours === null ? '' : esc(w.hours(o.rtoHours))}</td></tr>`)
          .join('')}</tbody></table>`
      : `<p class="empty">${esc(w.orderNone)}</p>`
    : '';
  parts.push(
    `<section><h2>5. ${esc(BCP_SECTION_LABELS.recovery[lang])}</h2>${extras.order ? `<h3>${esc(w.order)}</h3>${order}` : ''}${
      c.recovery.length
        ? c.recovery
            .map(
              (r) =>
                `<div class="system"><h3>${esc(r.systemName.trim() || w.empty)}</h3>${kvTable(
                  [
                    [w.procedure, r.procedure],
                    [w.owner, r.owner],
                    [w.vendors, r.vendorIds.map((id) => extras.vendorNames.get(id) ?? '').filter(Boolean).join(lang === 'ja' ? '、' : ', ')],
                    [w.prerequisites, r.prerequisites],
                  ],
                  lang,
                )}</div>`,
            )
            .join('')
        : `<p class="empty">${esc(w.empty)}</p>`
    }</section>`,
  );

  // 6 連絡文例
  parts.push(
    `<section><h2>6. ${esc(BCP_SECTION_LABELS.messages[lang])}</h2>${
      c.messages.length
        ? c.messages
            .map(
              (m) =>
                `<div class="message"><h3>${esc(BCP_AUDIENCE_LABELS[m.audience][lang])}</h3>${kvTable(
                  [
                    [w.messageTitle, m.title],
                    ['', fillBcpMessage(m.body, { facilityName: v.facility.name, occurredAt: '{発生日時}' })],
                  ],
                  lang,
                )}</div>`,
            )
            .join('')
        : `<p class="empty">${esc(w.empty)}</p>`
    }</section>`,
  );

  // 7 確認表
  const steps = BCP_STEPS.map((step) => {
    const items = BCP_CHECKLIST_ITEMS.filter((i) => i.step === step);
    const rows = items
      .map((i) => {
        const e = c.checklist[i.id];
        return `<tr><td>${esc(i[lang])}</td><td class="nowrap">${esc(e?.checked ? w.checked : w.unchecked)}</td><td class="pre">${esc(e?.note ?? '')}</td></tr>`;
      })
      .join('');
    return `<h3>${esc(BCP_STEP_LABELS[step][lang])}</h3><table><thead><tr><th>${esc(w.item)}</th><th class="nowrap">${esc(w.state)}</th><th>${esc(w.note)}</th></tr></thead><tbody>${rows}</tbody></table>`;
  }).join('');
  parts.push(`<section><h2>7. ${esc(BCP_SECTION_LABELS.checklist[lang])}</h2>${steps}</section>`);

  const css = `${CSS}\n@page { @top-right { content: ${cssString(mark)}; font-size: 9pt; font-weight: 700; } @top-left { content: ${cssString(`${v.facility.name} ${w.title}`)}; font-size: 7.5pt; color: #495057; } }`;
  return printDocument({ lang, title: `${v.facility.name} ${w.title} ${versionLabel}`, subtitle: `${w.subtitle} · ${statusLabel}`, generatedAt, version: VERSION, bodyHtml: parts.join('\n'), css });
}

export const BCP_CONTENT_TYPES = { pdf: 'application/pdf', html: 'text/html; charset=utf-8' } as const;

export interface BcpFile {
  fileName: string;
  contentType: string;
  body: Buffer;
}

async function extrasOf(db: Db, v: BcpVersionView): Promise<BcpPrintExtras> {
  const ids = [...new Set(v.content.recovery.flatMap((r) => r.vendorIds))];
  const [chart, vendorNames, recovery] = await Promise.all([
    contactChartOf(db, v.facilityId).catch(() => null),
    repo.vendorNames(db, v.facilityId, ids),
    recoveryOrderOf(db, v.facilityId).catch(() => null),
  ]);
  const order = recovery ? recovery.steps.filter((st) => st.core).map((st) => ({ position: st.position, wave: st.wave, name: st.name, rtoHours: st.rtoHours })) : null;
  return { chart, vendorNames, order };
}

/** GET /bcp-versions/:id/export (resilience.read). Audited as bcp_version/export. 503 UNAVAILABLE for a PDF without Chromium. */
export async function exportBcpVersion(deps: Deps, caller: Caller, id: string, options: { format: 'pdf' | 'html'; lang: Locale }): Promise<BcpFile> {
  const v = await getBcpVersion(deps, caller, id);
  const generatedAt = deps.clock.now().toISOString();
  const html = bcpHtml(v, await extrasOf(deps.db, v), options.lang, generatedAt);
  const body = options.format === 'pdf' ? await renderPdf(deps, html) : Buffer.from(html, 'utf8');
  await recordAuditAlone(deps, caller, {
    facilityId: v.facilityId,
    entityType: 'bcp_version',
    entityId: v.id,
    action: 'export',
    after: { number: v.number, status: v.status, format: options.format, lang: options.lang, bytes: body.length },
  });
  const code = v.facility.code.replace(/[^A-Za-z0-9._-]/g, '_');
  return { fileName: `mamori-bcp-${code}-v${v.number}.${options.format}`, contentType: BCP_CONTENT_TYPES[options.format], body };
}
