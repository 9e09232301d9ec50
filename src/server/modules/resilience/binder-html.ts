import QRCode from 'qrcode';
import { formatDate, formatDateTime, jstDateKey } from '../../../shared/dates.ts';
import type { Locale } from '../../../shared/errors.ts';
import { CONTACT_KIND_LABELS, type ContactKind } from '../../../shared/incidents/contacts.ts';
import {
  BACKUP_LOCATION_LABELS,
  BACKUP_MEDIUM_LABELS,
  BACKUP_RUNNER_LABELS,
  BACKUP_SCOPE_LABELS,
  planFreshness,
  renderFreshness,
  type BackupLocation,
  type BackupMedium,
  type BackupPlan,
  type BackupRunner,
  type BackupScope,
} from '../../../shared/resilience/backup.ts';
import {
  BINDER_CONNECTION_KIND_LABELS,
  BINDER_EMPTY_TEXT,
  BINDER_SECTION_LABELS,
  BINDER_SECTIONS,
  connectionCutRule,
  FIRST_RESPONSE_STEPS,
  type BinderSection,
} from '../../../shared/resilience/binder.ts';
import { cssString, esc, printDocument } from '../../reports/html.ts';
import { VERSION } from '../../version.ts';
import type { BinderContact, BinderData } from './binder.service.ts';

/**
 * The emergency binder as ONE self-contained HTML page (inline CSS, inline SVG QR codes, no script, no image, font or
 * link to fetch): printed A4 portrait — a cover with the version stamp, the QR and the table of contents (in-page
 * anchors), then each section from a new page with the stamp and a small QR at its head. Every page carries the
 * facility, the print code, the generation time and where to check that the copy is current (page margin boxes).
 * The first-30-minutes card is in large type. The same HTML is rendered to PDF by Chromium.
 */

export interface BinderRenderOptions {
  code: string;
  generatedAt: string;
  lang: Locale;
  /** url: MAMORI_PUBLIC_URL + /resilience/binder?check=CODE when configured; qrText: that URL or the code. */
  check: { url: string | null; qrText: string };
}

const W = {
  ja: {
    title: '緊急時バインダー',
    subtitle: 'すべての画面が使えなくなったときのための紙の手順書',
    code: '版コード',
    generated: '生成日時',
    check: 'この版が最新か確認',
    checkHow: 'mamori の「緊急時バインダー」でこの版コードを入力するか、QRコードを読み取ってください。',
    contents: '目次',
    keep: '印刷して各部署と管理者の手元に置き、USBメモリにも保存してください。データが変わったら印刷し直し、古い版は処分してください。',
    firstContact: '1番目の連絡先',
    technical: '技術担当・責任者の初動(ランサムウェア対応手順書より)',
    internal: '院内の連絡順(上から順に。つながらなければ代理へ)',
    external: '院外の連絡先',
    deputy: '代理',
    alt: '予備',
    order: '順',
    wave: '段階',
    system: 'システム',
    criticality: '重要度',
    rto: '目標復旧時間(RTO)',
    rpo: '目標復旧時点(RPO)',
    waitsFor: '先に復旧するもの',
    waveHint: '同じ段階のシステムは並行して復旧できます。RTO は台帳の目標値です。',
    inherited: '依存元により',
    cycle: '循環した依存があります(台帳を確認してください)',
    hours: (h: number) => `${h}時間`,
    approved: (n: number, at: string | null) => `事業継続計画(BCP) 第${n}版(承認済${at ? ` ${at}` : ''})より`,
    draft: (n: number) => `事業継続計画(BCP) 第${n}版 — 未承認(下書き)`,
    noProcedures: '(手順の記載がありません)',
    deptOwner: '責任者',
    deptStops: '止まるもの',
    deptPaper: '紙運用の手順',
    deptMaterials: '様式・物品と保管場所',
    deptOnRecovery: '復旧後にすること',
    others: (n: number) => `ほかに重要度3〜4のシステムが${n}件あります(上の復旧後に。一覧は mamori の「復旧順序」)。`,
    medium: '媒体',
    offline: 'オフライン',
    online: 'オンライン',
    place: '保管場所',
    keyHolder: '暗号鍵の保管者',
    notEncrypted: '暗号化なし',
    runBy: '取得者',
    schedule: '取得間隔',
    everyDays: (n: number) => (n === 1 ? '毎日' : `${n}日ごと`),
    generations: (n: number) => `${n}世代`,
    lastSuccess: '最後の成功',
    never: 'なし',
    restore: '復旧手順',
    noRestore: '復旧手順が登録されていません。事業者に確認してください。',
    recoveryNotes: '復旧メモ',
    scopes: '対象',
    tool: 'ツール',
    kind: '種類',
    vendor: '事業者',
    entry: '接続口の機器',
    internet: 'インターネットに面している',
    howToCut: '遮断方法',
    notes: 'メモ',
    purpose: '用途',
    status: { approved: '承認済', active: '有効', expired: '期限切れ(使用中の可能性)' } as Record<string, string>,
    emergency: '24時間・緊急',
    representative: '代表',
    none: '(未登録)',
  },
  en: {
    title: 'Emergency binder',
    subtitle: 'The paper procedures for the day every screen is dark',
    code: 'Version code',
    generated: 'Generated',
    check: 'Check this copy is current',
    checkHow: 'Enter this version code on the emergency binder page of mamori, or scan the QR code.',
    contents: 'Contents',
    keep: 'Print it for every department and the managers, and keep it on a USB stick. Print again when the data change, and discard old copies.',
    firstContact: 'First contact',
    technical: 'First response for technical staff and managers (from the ransomware playbook)',
    internal: 'Call order inside the hospital (top down; if nobody answers, the deputy)',
    external: 'Outside parties',
    deputy: 'Deputy',
    alt: 'Alt.',
    order: 'No.',
    wave: 'Wave',
    system: 'System',
    criticality: 'Criticality',
    rto: 'Recovery time objective (RTO)',
    rpo: 'Recovery point objective (RPO)',
    waitsFor: 'Restore first',
    waveHint: 'Systems of the same wave can be restored in parallel. RTOs are the targets in the ledger.',
    inherited: 'through dependants',
    cycle: 'Circular dependency (check the ledger)',
    hours: (h: number) => `${h} h`,
    approved: (n: number, at: string | null) => `From the business continuity plan (BCP), version ${n} (approved${at ? ` ${at}` : ''})`,
    draft: (n: number) => `Business continuity plan (BCP), version ${n} — NOT APPROVED (draft)`,
    noProcedures: '(no procedure written)',
    deptOwner: 'Lead',
    deptStops: 'What stops',
    deptPaper: 'Paper procedure',
    deptMaterials: 'Forms, materials and where they are',
    deptOnRecovery: 'When the systems return',
    others: (n: number) => `${n} more ${n === 1 ? 'system' : 'systems'} of criticality 3–4 follow (after those above; see the recovery order page of mamori).`,
    medium: 'Medium',
    offline: 'Offline',
    online: 'Online',
    place: 'Kept at',
    keyHolder: 'Encryption key held by',
    notEncrypted: 'not encrypted',
    runBy: 'Run by',
    schedule: 'Interval',
    everyDays: (n: number) => (n === 1 ? 'daily' : `every ${n} days`),
    generations: (n: number) => `${n} ${n === 1 ? 'generation' : 'generations'}`,
    lastSuccess: 'Last success',
    never: 'none',
    restore: 'How to restore',
    noRestore: 'No restore procedure is recorded. Ask the vendor.',
    recoveryNotes: 'Recovery notes',
    scopes: 'Covers',
    tool: 'Tool',
    kind: 'Kind',
    vendor: 'Vendor',
    entry: 'Entry device',
    internet: 'Internet-facing',
    howToCut: 'How to cut it',
    notes: 'Notes',
    purpose: 'Purpose',
    status: { approved: 'approved', active: 'active', expired: 'expired (may still be in use)' } as Record<string, string>,
    emergency: '24 h / emergency',
    representative: 'Main number',
    none: '(none recorded)',
  },
} as const;

const CSS = `
.cover-stamp { display: flex; gap: 6mm; align-items: flex-start; border: 1.2pt solid #1a1b1e; border-radius: 2mm; padding: 3mm 4mm; margin: 0 0 5mm; }
.cover-stamp .qr svg { width: 34mm; height: 34mm; display: block; }
.stamp-lines p { margin: 0 0 1.2mm; }
.stamp-code { font-size: 16pt; font-weight: 700; letter-spacing: 0.04em; }
.keep { font-size: 9pt; border-left: 2pt solid #1a1b1e; padding-left: 2mm; }
nav.toc ol { font-size: 12pt; line-height: 1.9; padding-left: 7mm; }
nav.toc a { color: #1a1b1e; text-decoration: none; }
section.binder-section { break-before: page; page-break-before: always; }
.sec-head { display: flex; justify-content: space-between; align-items: flex-start; gap: 4mm; border-bottom: 1.5pt solid #1a1b1e; margin: 0 0 3mm; }
.sec-head h2 { margin: 0 0 1mm; font-size: 15pt; }
.sec-stamp { display: flex; gap: 2mm; align-items: center; font-size: 7.5pt; color: #495057; text-align: right; }
.sec-stamp svg { width: 15mm; height: 15mm; display: block; }
ol.first { font-size: 15pt; line-height: 1.55; padding-left: 9mm; margin: 0 0 4mm; }
ol.first > li { margin: 0 0 3mm; font-weight: 700; }
ol.first .first-contact { display: block; font-size: 14pt; font-weight: 700; border: 1.2pt solid #1a1b1e; padding: 1mm 2mm; margin-top: 1mm; }
.en-line { display: block; font-size: 9pt; font-weight: 400; color: #495057; }
ol.tech { font-size: 10.5pt; }
ol.chain { list-style: none; margin: 0 0 4mm; padding: 0; }
ol.chain > li { display: flex; gap: 2mm; margin: 0 0 1.5mm; break-inside: avoid; }
.no { font-size: 14pt; font-weight: 700; width: 9mm; text-align: center; }
.box { border: 1pt solid #1a1b1e; border-radius: 1.5mm; padding: 1mm 2mm; flex: 1 1 0; min-width: 0; break-inside: avoid; }
.box.deputy { border-style: dashed; flex: 0.8 1 0; }
.role { font-size: 8pt; color: #495057; }
.who { font-weight: 700; }
.phone { font-size: 13pt; font-weight: 700; white-space: nowrap; }
.line { font-size: 8pt; overflow-wrap: anywhere; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 2mm; }
.card { border: 0.8pt solid #868e96; border-radius: 1.5mm; padding: 2mm 3mm; margin: 0 0 3mm; break-inside: avoid; }
.card h3 { margin: 0 0 1.5mm; }
dl.kv { display: grid; grid-template-columns: 32mm 1fr; gap: 0.6mm 2mm; margin: 0 0 1.5mm; }
dl.kv dt { font-weight: 700; font-size: 8.5pt; }
dl.kv dd { margin: 0; overflow-wrap: anywhere; }
.procedure { white-space: pre-wrap; border-left: 2pt solid #1a1b1e; padding-left: 2mm; margin: 1mm 0 0; }
.warn { font-weight: 700; border: 1.2pt solid #c92a2a; padding: 1mm 2mm; margin: 1mm 0; }
.warn::before { content: "⚠ "; }
.tag { display: inline-block; border: 0.8pt solid #1a1b1e; border-radius: 1mm; padding: 0 1.2mm; font-size: 8pt; font-weight: 700; }
.draft { font-size: 12pt; font-weight: 700; border: 2pt dashed #c92a2a; padding: 1.5mm 3mm; }
.empty { font-size: 11pt; border: 1pt dotted #495057; padding: 2mm 3mm; }
ul.steps { margin: 0; padding-left: 5mm; }
@media screen and (max-width: 640px) {
  body { padding: 4mm; }
  .cover-stamp, .sec-head { flex-direction: column; }
  .sec-stamp { text-align: left; }
  .grid, dl.kv { grid-template-columns: 1fr; }
  ol.chain > li { flex-wrap: wrap; }
  ol.first { font-size: 13pt; }
  table { font-size: 8pt; }
}
`;

function pageCss(facility: string, code: string, generated: string, check: string): string {
  const mb = 'font-size: 7.5pt; color: #495057;';
  return `
@page {
  @top-left { content: ${cssString(facility)}; ${mb} }
  @top-center { content: ${cssString(code)}; ${mb} font-weight: 700; }
  @top-right { content: ${cssString(generated)}; ${mb} }
  @bottom-left { content: ${cssString(check)}; ${mb} }
}
`;
}

async function qrSvg(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  // Inline SVG in HTML needs no namespace: leave out every URL-like string from the document.
  return svg.replace(/\s+xmlns="[^"]*"/g, '').replace(/<\?xml[^>]*>/g, '');
}

const anchor = (s: BinderSection) => `s-${s.replace(/_/g, '-')}`;

function hoursText(h: number | null, lang: Locale): string {
  return h === null ? '—' : W[lang].hours(h);
}

function contactBox(c: BinderContact, lang: Locale, extra = ''): string {
  const w = W[lang];
  const lines: string[] = [];
  if (c.phoneAlt) lines.push(`${esc(w.alt)} ${esc(c.phoneAlt)}`);
  if (c.email) lines.push(esc(c.email));
  if (c.availability) lines.push(esc(c.availability));
  if (c.notes) lines.push(esc(c.notes));
  return `<div class="box${extra}"><div class="role">${esc(c.role)}</div>${c.who ? `<div class="who">${esc(c.who)}</div>` : ''}${c.phone ? `<div class="phone">${esc(c.phone)}</div>` : ''}${lines.map((l) => `<div class="line">${l}</div>`).join('')}</div>`;
}

function contactInline(c: BinderContact): string {
  return [c.role, c.who, c.phone].filter((v): v is string => !!v).join(' ');
}

function empty(section: BinderSection, lang: Locale): string {
  return `<p class="empty">${esc(BINDER_EMPTY_TEXT[section][lang])}</p>`;
}

function kv(rows: [string, string][]): string {
  return `<dl class="kv">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

// ── sections ───────────────────────────────────────────────────────────────────────────────────────

function firstResponse(data: BinderData, lang: Locale): string {
  const w = W[lang];
  const s = data.sections.first_response;
  const other: Locale = lang === 'ja' ? 'en' : 'ja';
  const steps = FIRST_RESPONSE_STEPS.map((step) => {
    const first =
      step.firstContact && s.firstContact
        ? `<span class="first-contact">${esc(step.firstContact[lang].replace('{first}', contactInline(s.firstContact)))}</span>`
        : '';
    const sub = lang === 'ja' ? `<span class="en-line">${esc(step.text[other])}</span>` : '';
    return `<li>${esc(step.text[lang])}${sub}${first}</li>`;
  }).join('');
  const tech = s.playbook && s.playbook.steps.length > 0 ? `<h3>${esc(w.technical)}</h3><ol class="tech">${s.playbook.steps.map((t) => `<li>${esc(t[lang])}</li>`).join('')}</ol>` : '';
  return `<ol class="first">${steps}</ol>${tech}`;
}

function contacts(data: BinderData, lang: Locale): string {
  const w = W[lang];
  const c = data.sections.contacts;
  if (c.internal.length === 0 && c.external.length === 0) return empty('contacts', lang);
  const chain = c.internal
    .map((p) => `<li><div class="no">${p.no}</div>${contactBox(p, lang)}${p.deputies.map((d) => contactBox({ ...d, role: `${w.deputy}: ${d.role}` }, lang, ' deputy')).join('')}</li>`)
    .join('');
  const external = c.external
    .map((e) => contactBox({ ...e, role: `${CONTACT_KIND_LABELS[e.kind as ContactKind]?.[lang] ?? e.kind} — ${e.role}` }, lang))
    .join('');
  return `<h3>${esc(w.internal)}</h3>${chain ? `<ol class="chain">${chain}</ol>` : `<p>${esc(w.none)}</p>`}
<h3>${esc(w.external)}</h3>${external ? `<div class="grid">${external}</div>` : `<p>${esc(w.none)}</p>`}`;
}

function recovery(data: BinderData, lang: Locale): string {
  const w = W[lang];
  const r = data.sections.recovery_order;
  if (r.steps.length === 0 && r.othersCount === 0) return empty('recovery_order', lang);
  const rows = r.steps
    .map((s) => {
      const rto = s.rtoHours !== null ? hoursText(s.rtoHours, lang) : s.effectiveRtoHours !== null ? `(${hoursText(s.effectiveRtoHours, lang)} ${w.inherited})` : '—';
      return `<tr><td class="num">${s.position}</td><td class="num">${s.wave}</td><td><strong>${esc(s.name)}</strong></td><td class="num">${s.criticality}</td><td class="nowrap">${esc(rto)}</td><td>${esc(s.waitsFor.join(lang === 'ja' ? '、' : ', '))}</td></tr>`;
    })
    .join('');
  const cycles = r.cycles.map((c) => `<p class="warn">${esc(w.cycle)}: ${esc(c.join(' ⇄ '))}</p>`).join('');
  return `<p class="small">${esc(w.waveHint)}</p>
${rows ? `<table><thead><tr><th>${esc(w.order)}</th><th>${esc(w.wave)}</th><th>${esc(w.system)}</th><th>${esc(w.criticality)}</th><th>${esc(w.rto)}</th><th>${esc(w.waitsFor)}</th></tr></thead><tbody>${rows}</tbody></table>` : ''}${r.othersCount > 0 ? `<p class="small">${esc(w.others(r.othersCount))}</p>` : ''}${cycles}`;
}

function downtime(data: BinderData, lang: Locale): string {
  const w = W[lang];
  const d = data.sections.downtime;
  if (d.status === 'none' || d.versionNumber === null) return empty('downtime', lang);
  const head = d.status === 'approved' ? `<p><span class="tag">${esc(w.approved(d.versionNumber, d.approvedAt ? formatDate(d.approvedAt, lang) : null))}</span></p>` : `<p class="draft">${esc(w.draft(d.versionNumber))}</p>`;
  if (d.departments.length === 0) return `${head}${empty('downtime', lang)}`;
  const cards = d.departments
    .map((dep) => {
      const rows: [string, string][] = [];
      if (dep.owner) rows.push([w.deptOwner, esc(dep.owner)]);
      if (dep.stops) rows.push([w.deptStops, esc(dep.stops)]);
      rows.push([w.deptPaper, dep.paperProcedure ? `<span class="procedure">${esc(dep.paperProcedure)}</span>` : `<strong>${esc(w.noProcedures)}</strong>`]);
      if (dep.materials) rows.push([w.deptMaterials, esc(dep.materials)]);
      if (dep.onRecovery) rows.push([w.deptOnRecovery, esc(dep.onRecovery)]);
      return `<div class="card"><h3>${esc(dep.name)}</h3>${kv(rows)}</div>`;
    })
    .join('');
  return `${head}${cards}`;
}

function backups(data: BinderData, lang: Locale, generatedAt: string): string {
  const w = W[lang];
  const list = data.sections.backups;
  if (list.length === 0) return empty('backups', lang);
  const now = new Date(generatedAt);
  return list
    .map((b, i) => {
      const plan: BackupPlan = {
        id: String(i),
        systemId: String(i),
        systemName: b.systemName,
        criticality: Math.min(4, Math.max(1, b.criticality)) as BackupPlan['criticality'],
        scopes: b.scopes.filter((s): s is BackupScope => s in BACKUP_SCOPE_LABELS),
        medium: b.medium as BackupMedium,
        disconnected: b.disconnected,
        cloudImmutable: b.cloudImmutable,
        networkSeparated: b.networkSeparated,
        generations: b.generations,
        schedule: { everyDays: Math.max(1, b.everyDays) },
        location: b.location as BackupLocation,
        encrypted: b.encrypted,
        keyHolder: b.keyHolder,
        runBy: b.runBy as BackupRunner,
      };
      const runs = b.lastSuccessAt ? [{ planId: plan.id, startedAt: b.lastSuccessAt, finishedAt: b.lastSuccessAt, status: 'success' as const }] : [];
      const f = planFreshness(plan, runs, now);
      const warn = f.state === 'fresh' ? '' : `<p class="warn">${esc(renderFreshness(plan, f, lang))}</p>`;
      const medium = BACKUP_MEDIUM_LABELS[b.medium as BackupMedium]?.[lang] ?? b.medium;
      const place = [BACKUP_LOCATION_LABELS[b.location as BackupLocation]?.[lang] ?? b.location, b.storagePlace].filter(Boolean).join(' — ');
      const runner = [BACKUP_RUNNER_LABELS[b.runBy as BackupRunner]?.[lang] ?? b.runBy, b.vendorName].filter(Boolean).join(' — ');
      const scopes = b.scopes.map((s) => BACKUP_SCOPE_LABELS[s as BackupScope]?.[lang] ?? s).join(lang === 'ja' ? '・' : ', ');
      const rows: [string, string][] = [
        [w.medium, `${esc(medium)} <span class="tag">${esc(b.offline ? w.offline : w.online)}</span>`],
        [w.place, `<strong>${esc(place)}</strong>`],
        [w.keyHolder, esc(b.encrypted ? (b.keyHolder ?? w.none) : w.notEncrypted)],
        [w.runBy, esc(runner)],
        [w.scopes, esc(scopes)],
        [w.schedule, esc([w.everyDays(b.everyDays), b.scheduleNote, w.generations(b.generations)].filter(Boolean).join(' / '))],
        [w.lastSuccess, esc(b.lastSuccessAt ? formatDateTime(b.lastSuccessAt, lang) : w.never)],
      ];
      if (b.tool) rows.push([w.tool, esc(b.tool)]);
      if (b.rtoHours !== null || b.rpoHours !== null) rows.push([`${w.rto} / ${w.rpo}`, esc(`${hoursText(b.rtoHours, lang)} / ${hoursText(b.rpoHours, lang)}`)]);
      const title = b.label ? `${b.systemName} — ${b.label}` : `${b.systemName} — ${medium}`;
      return `<div class="card"><h3>${esc(title)}</h3>${warn}${kv(rows)}
<p><strong>${esc(w.restore)}</strong></p>${b.restoreProcedure ? `<p class="procedure">${esc(b.restoreProcedure)}</p>` : `<p class="warn">${esc(w.noRestore)}</p>`}
${b.recoveryNotes ? `<p><strong>${esc(w.recoveryNotes)}</strong></p><p class="procedure">${esc(b.recoveryNotes)}</p>` : ''}</div>`;
    })
    .join('');
}

function connections(data: BinderData, lang: Locale): string {
  const w = W[lang];
  const list = data.sections.connections;
  if (list.length === 0) return empty('connections', lang);
  return list
    .map((c) => {
      const kind = BINDER_CONNECTION_KIND_LABELS[c.kind]?.[lang] ?? c.kind;
      const entry = c.entryName ? [c.entryName, c.entryIps.join(', '), c.entryLocation].filter(Boolean).join(' — ') : w.none;
      const rows: [string, string][] = [
        [w.kind, `${esc(kind)}${c.internetFacing ? ` <span class="tag">${esc(w.internet)}</span>` : ''} <span class="small muted">(${esc(w.status[c.status] ?? c.status)})</span>`],
        [w.vendor, esc(c.vendorName ?? w.none)],
        [w.entry, `<strong>${esc(entry)}</strong>`],
      ];
      if (c.purpose) rows.push([w.purpose, esc(c.purpose)]);
      rows.push([w.howToCut, `<strong>${esc(connectionCutRule(c.kind, lang))}</strong>`]);
      if (c.notes) rows.push([w.notes, `<span class="procedure">${esc(c.notes)}</span>`]);
      return `<div class="card"><h3>${esc(c.name)}</h3>${kv(rows)}</div>`;
    })
    .join('');
}

function vendors(data: BinderData, lang: Locale): string {
  const w = W[lang];
  const list = data.sections.vendors.filter((v) => v.contacts.length > 0 || v.phone);
  if (list.length === 0) return empty('vendors', lang);
  // Vendors with a 24-hour contact first (each vendor's contacts are already 24-hour first).
  const ordered = [...list.filter((v) => v.contacts.some((c) => c.emergency24h)), ...list.filter((v) => !v.contacts.some((c) => c.emergency24h))];
  return ordered
    .map((v) => {
      const boxes = v.contacts
        .map((c) =>
          contactBox(
            { role: [c.emergency24h ? w.emergency : null, c.role].filter(Boolean).join(' · ') || '—', who: c.name, phone: c.phone, phoneAlt: null, email: c.email, availability: null, notes: c.notes },
            lang,
          ),
        )
        .join('');
      const main = v.phone ? contactBox({ role: w.representative, who: null, phone: v.phone, phoneAlt: null, email: v.email, availability: null, notes: null }, lang) : '';
      return `<div class="card"><h3>${esc(v.name)}</h3><div class="grid">${boxes}${main}</div></div>`;
    })
    .join('');
}

// ── the document ───────────────────────────────────────────────────────────────────────────────────

/** The binder as a complete self-contained HTML page. */
export async function binderHtml(data: BinderData, options: BinderRenderOptions): Promise<string> {
  const { lang, code, generatedAt } = options;
  const w = W[lang];
  const generated = `${w.generated} ${formatDateTime(generatedAt, lang)}`;
  const checkLine = `${w.check}: ${options.check.url ?? code}`;
  const [bigQr, smallQr] = await Promise.all([qrSvg(options.check.qrText), qrSvg(options.check.qrText)]);
  const bodies: Record<BinderSection, string> = {
    first_response: firstResponse(data, lang),
    contacts: contacts(data, lang),
    recovery_order: recovery(data, lang),
    downtime: downtime(data, lang),
    backups: backups(data, lang, generatedAt),
    connections: connections(data, lang),
    vendors: vendors(data, lang),
  };
  const heading = (s: BinderSection, i: number) => `${i + 1}. ${BINDER_SECTION_LABELS[s][lang]}`;
  const toc = BINDER_SECTIONS.map((s) => `<li><a href="#${anchor(s)}">${esc(BINDER_SECTION_LABELS[s][lang])}</a></li>`).join('');
  const sections = BINDER_SECTIONS.map(
    (s, i) => `<section class="binder-section" id="${anchor(s)}" aria-labelledby="${anchor(s)}-h">
<div class="sec-head"><h2 id="${anchor(s)}-h">${esc(heading(s, i))}</h2><div class="sec-stamp"><div>${esc(data.facility.name)}<br><strong>${esc(code)}</strong><br>${esc(generated)}</div><div role="img" aria-label="QR ${esc(code)}">${smallQr}</div></div></div>
${bodies[s]}
</section>`,
  ).join('\n');
  const body = `
<div class="cover-stamp">
<div class="qr" role="img" aria-label="QR ${esc(code)}">${bigQr}</div>
<div class="stamp-lines">
<p>${esc(w.code)}</p>
<p class="stamp-code">${esc(code)}</p>
<p>${esc(generated)}</p>
<p><strong>${esc(w.check)}:</strong> ${esc(options.check.url ?? code)}</p>
<p class="small">${esc(w.checkHow)}</p>
</div>
</div>
<p class="keep">${esc(w.keep)}</p>
<nav class="toc" aria-label="${esc(w.contents)}"><h2>${esc(w.contents)}</h2><ol>${toc}</ol></nav>
${sections}
`;
  return printDocument({
    lang,
    title: `${data.facility.name} ${w.title}`,
    subtitle: `${w.subtitle} — ${code} (${jstDateKey(new Date(generatedAt))})`,
    generatedAt,
    version: VERSION,
    bodyHtml: body,
    css: CSS + pageCss(`${data.facility.name} ${w.title}`, `${w.code} ${code}`, generated, checkLine),
  });
}
