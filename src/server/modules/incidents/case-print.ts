import type { ActionStatus } from '../../../shared/assessments/types.ts';
import { CUSTODY_BREAK_REASON_LABELS, CUSTODY_FIELD_LABELS } from '../../../shared/contracts/incident-evidence.contract.ts';
import { formatDate, formatDateTime } from '../../../shared/dates.ts';
import type { Locale } from '../../../shared/errors.ts';
import {
  CASE_CATEGORY_LABELS,
  CASE_PHASE_LABELS,
  CASE_PHASES,
  CASE_SEVERITY_LABELS,
  caseNumberLabel,
  COMM_CHANNEL_LABELS,
  COMM_DIRECTION_LABELS,
  CUSTODY_ACTION_LABELS,
  EVIDENCE_TYPE_LABELS,
  SUMMARY_KEYS,
  TEAM_ROLE_LABELS,
  TLP_LABELS,
  type CaseCategory,
  type CasePhase,
  type CaseSeverity,
  type CommChannel,
  type CommDirection,
  type CustodyAction,
  type EvidenceType,
  type ObservableType,
  type SummaryKey,
  type TeamRole,
  type TimelineKind,
  type TlpLevel,
} from '../../../shared/incidents/cases.ts';
import { CLOCK_AUTHORITY_LABELS, CLOCK_KIND_LABELS, type IncidentClockFacts } from '../../../shared/incidents/clock-rules.ts';
import { formatInZone } from '../../../shared/incidents/timeline.ts';
import { AppError } from '../../../shared/errors.ts';
import { recordAuditAlone } from '../../audit/audit.service.ts';
import type { Caller, Deps } from '../../context.ts';
import { cssString, esc, printDocument, PRINT_FONT_STACK } from '../../reports/html.ts';
import { renderPdf } from '../../reports/pdf.ts';
import { VERSION } from '../../version.ts';
import { findFacilityById } from '../facilities/index.ts';
import { caseViewOf, type CaseView } from './case.service.ts';
import { caseClocksOf, type CaseClock, type CaseClocksView } from './clock.service.ts';
import { evidenceLabel, evidenceOf, type CaseEvidence } from './evidence.service.ts';
import { authorizedCase } from './incident.access.ts';
import { listAffected, listComms, listObservables, type AffectedView, type CommRow, type ObservableRow } from './record.service.ts';
import { reviewOf, type ReviewView } from './review.service.ts';
import { listTimelineEntries, type TimelineEntryRow } from './timeline.repository.ts';

/**
 * 案件報告書: the whole case as one printable A4 document — the head (number, title, facility, the TLP marking at the
 * top and in the margin of every page), the facts and 5W1H, phase and status, 対策本部, the legal clocks with their
 * filings, the tasks by phase, the full timeline (each time in the zone it was stated in and in JST), affected ledger
 * records, observables, communications, evidence with its custody entries and the chain verdict, and the
 * after-incident review with its actions. The same page as HTML (the browser prints it) and as PDF (Chromium). Every
 * value is escaped; labels in Japanese or English.
 */

type Text = { ja: string; en: string };

const WORDS = {
  ja: {
    docTitle: '案件報告書',
    case: '案件番号',
    title: '件名',
    facility: '医療機関',
    category: '種類',
    severity: '重大度',
    tlp: '共有の範囲(TLP)',
    phase: '現在のフェーズ',
    status: '状態',
    open: '対応中',
    closed: (at: string) => `対応完了(${at})`,
    discoveredAt: '発覚日時',
    openedBy: '起票',
    openedAt: '起票日時',
    asOf: '時点',
    description: '経過・説明',
    summary: '概要(5W1H)',
    summaryKeys: { who: '誰が(Who)', what: '何が(What)', when: 'いつ(When)', where: 'どこで(Where)', why: 'なぜ(Why)', how: 'どのように(How)' } as Record<SummaryKey, string>,
    facts: '報告義務の判断に使う事実',
    factLabels: {
      personalData: '患者の個人データ(要配慮個人情報)の漏えい等(おそれを含む)',
      affectedCount: '本人の数',
      unauthorizedAccess: '不正アクセスによるもの',
      wrongfulPurpose: '不正な目的(持ち出し・盗難など)によるもの',
      financialHarmPossible: '財産的被害のおそれがある情報を含む',
      careDisrupted: '診療への影響',
      leakSuspected: '個人情報の漏えいの疑い',
      crimeSuspected: '犯罪の疑い',
      insured: 'サイバー保険への報告',
      encryptedHighGrade: '高度な暗号化などで保護されていた',
    } as Record<keyof IncidentClockFacts, string>,
    yes: 'はい',
    no: 'いいえ',
    unknown: '不明',
    people: (n: number) => `${n.toLocaleString('ja-JP')}人`,
    insuredWithin: (h: number) => `発覚から${h}時間以内`,
    none: '(記録なし)',
    team: '対策本部',
    role: '役割',
    name: '氏名',
    contact: '連絡先',
    clocks: '法令・契約上の報告期限',
    ruleSet: (v: string, at: string) => `判定ルール 版 ${v} / ${at} 時点`,
    authority: '報告先',
    kind: '区分',
    due: '期限',
    target: '目安',
    outer: '遅くとも',
    noDue: '期限の定めなし(速やかに)',
    state: '状況',
    filing: '届出',
    states: { running: '進行中', overdue: '期限超過', filedOnTime: '届出済み(期限内)', filedLate: '届出済み(期限後)' },
    reference: '受付番号・送付方法',
    otherFilings: '事実の変更で対象外になった届出',
    tasks: 'タスク(フェーズ別)',
    task: 'タスク',
    owner: '担当',
    done: '完了',
    undone: '未完了',
    doneBy: (at: string, who: string | null) => `${at}${who ? ` ${who}` : ''}`,
    notes: 'メモ',
    taskCount: (done: number, all: number) => `${done} / ${all} 完了`,
    timeline: 'タイムライン',
    statedTime: '日時(記録された時間帯)',
    jst: '日本時間',
    timelineKind: '種類',
    text: '内容',
    author: '記録者',
    timelineKinds: { note: 'メモ', action: '対応', phase: '段階の変更', report: '報告(インシデントかも?)', filing: '届出', communication: '連絡', evidence: '証拠', system: 'システム' } as Record<TimelineKind, string>,
    affected: '影響を受けた資産・外部接続',
    affectedTypes: { asset: '資産', connection: '外部接続' } as Record<string, string>,
    type: '種類',
    addresses: 'IPアドレス',
    vendor: '事業者',
    flags: '注意点',
    removed: '(台帳から削除済み)',
    observables: '痕跡(IPアドレス・ドメイン・ハッシュ・アカウントなど)',
    value: '値',
    observableTypes: {
      ipv4: 'IPv4アドレス',
      ipv6: 'IPv6アドレス',
      domain: 'ドメイン',
      url: 'URL',
      email: 'メールアドレス',
      sha256: 'SHA-256',
      sha1: 'SHA-1',
      md5: 'MD5',
      file_name: 'ファイル名',
      account: 'アカウント',
      other: 'その他',
    } as Record<ObservableType, string>,
    comms: '連絡記録',
    when: '日時',
    direction: '発信/受信',
    channel: '手段',
    party: '相手',
    commSummary: '要旨',
    evidence: '証拠保全',
    collectedBy: '収集者',
    collectedAt: '収集日時',
    location: '保管場所',
    hash: 'SHA-256',
    hashSources: { upload: '登録したファイルから計算', stated: '入力された値', none: 'ハッシュ値なし' } as Record<string, string>,
    file: 'ファイル',
    custody: '保管の記録',
    action: '操作',
    fromTo: '引渡し元 → 引渡し先',
    recordedBy: '記録者',
    entryHash: 'ハッシュ(先頭16桁)',
    chainOk: (n: number) => `保管記録の連鎖: 検証済み(${n}件・改ざんなし)`,
    chainBroken: (seq: number, reason: string, fields: string) => `保管記録の連鎖に異常があります: ${seq}件目 — ${reason}${fields ? `(${fields})` : ''}`,
    review: '事後レビュー(振り返りと再発防止)',
    reviewFields: { wentWell: 'うまくいったこと', wentWrong: 'うまくいかなかったこと', lessons: '教訓', rootCause: '根本原因' },
    reviewCompleted: (at: string) => `${at} にレビュー完了`,
    reviewOpen: 'レビューは完了していません',
    actions: '再発防止のアクション',
    actionStatus: '状況',
    actionDue: '期限',
    actionStatuses: { open: '未着手', in_progress: '対応中', done: '完了', cancelled: '中止' } as Record<ActionStatus, string>,
    overdue: '期限超過',
    tlpNotes: {
      red: '受け取った本人限り。ほかの人に見せたり、共有したりしないでください。',
      amber_strict: '当院の中で、知る必要のある人に限って共有できます。院外には共有しないでください。',
      amber: '当院と、対応に必要な委託事業者など、知る必要のある人に限って共有できます。',
      green: '医療機関などの関係者の間で共有できます。公開はしないでください。',
      clear: '共有の制限はありません。',
    } as Record<TlpLevel, string>,
  },
  en: {
    docTitle: 'Incident case report',
    case: 'Case number',
    title: 'Title',
    facility: 'Facility',
    category: 'Category',
    severity: 'Severity',
    tlp: 'Sharing (TLP)',
    phase: 'Current phase',
    status: 'Status',
    open: 'Open',
    closed: (at: string) => `Closed (${at})`,
    discoveredAt: 'Discovered',
    openedBy: 'Opened by',
    openedAt: 'Opened',
    asOf: 'as of',
    description: 'Description',
    summary: 'Summary (5W1H)',
    summaryKeys: { who: 'Who', what: 'What', when: 'When', where: 'Where', why: 'Why', how: 'How' } as Record<SummaryKey, string>,
    facts: 'Facts that decide the reporting duties',
    factLabels: {
      personalData: "Leak, loss or damage of patients' personal data (special-care-required), or its possibility",
      affectedCount: 'Number of people concerned',
      unauthorizedAccess: 'By unauthorised access',
      wrongfulPurpose: 'For a wrongful purpose (data taken out, theft …)',
      financialHarmPossible: 'Includes data whose misuse may cause financial harm',
      careDisrupted: 'Impact on care',
      leakSuspected: 'A leak of personal data is suspected',
      crimeSuspected: 'A crime is suspected',
      insured: 'Report to the cyber insurer',
      encryptedHighGrade: 'The data was protected by advanced encryption',
    } as Record<keyof IncidentClockFacts, string>,
    yes: 'Yes',
    no: 'No',
    unknown: 'Unknown',
    people: (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'person' : 'people'}`,
    insuredWithin: (h: number) => `within ${h} hours of discovery`,
    none: '(none recorded)',
    team: 'Response team (対策本部)',
    role: 'Role',
    name: 'Name',
    contact: 'Contact',
    clocks: 'Legal and contractual reporting deadlines',
    ruleSet: (v: string, at: string) => `Rule set ${v} / as of ${at}`,
    authority: 'Authority',
    kind: 'Kind',
    due: 'Due',
    target: 'Target',
    outer: 'At the latest',
    noDue: 'No fixed time (promptly)',
    state: 'Status',
    filing: 'Filing',
    states: { running: 'Running', overdue: 'Overdue', filedOnTime: 'Filed on time', filedLate: 'Filed late' },
    reference: 'Reference',
    otherFilings: 'Filings no longer required after the facts changed',
    tasks: 'Tasks by phase',
    task: 'Task',
    owner: 'Owner',
    done: 'Done',
    undone: 'Not done',
    doneBy: (at: string, who: string | null) => `${at}${who ? ` by ${who}` : ''}`,
    notes: 'Notes',
    taskCount: (done: number, all: number) => `${done} of ${all} done`,
    timeline: 'Timeline',
    statedTime: 'Time (as stated)',
    jst: 'JST',
    timelineKind: 'Kind',
    text: 'Entry',
    author: 'Recorded by',
    timelineKinds: { note: 'Note', action: 'Action', phase: 'Phase change', report: 'Report', filing: 'Filing', communication: 'Communication', evidence: 'Evidence', system: 'System' } as Record<TimelineKind, string>,
    affected: 'Affected assets and connections',
    affectedTypes: { asset: 'Asset', connection: 'Connection' } as Record<string, string>,
    type: 'Type',
    addresses: 'IP addresses',
    vendor: 'Vendor',
    flags: 'Flags',
    removed: '(removed from the ledger)',
    observables: 'Observables (IPs, domains, hashes, accounts …)',
    value: 'Value',
    observableTypes: {
      ipv4: 'IPv4 address',
      ipv6: 'IPv6 address',
      domain: 'Domain',
      url: 'URL',
      email: 'E-mail address',
      sha256: 'SHA-256',
      sha1: 'SHA-1',
      md5: 'MD5',
      file_name: 'File name',
      account: 'Account',
      other: 'Other',
    } as Record<ObservableType, string>,
    comms: 'Communications log',
    when: 'Time',
    direction: 'Direction',
    channel: 'Channel',
    party: 'Party',
    commSummary: 'Summary',
    evidence: 'Evidence',
    collectedBy: 'Collected by',
    collectedAt: 'Collected at',
    location: 'Kept at',
    hash: 'SHA-256',
    hashSources: { upload: 'computed from the uploaded file', stated: 'as stated', none: 'no hash' } as Record<string, string>,
    file: 'File',
    custody: 'Chain of custody',
    action: 'Action',
    fromTo: 'From → to',
    recordedBy: 'Recorded by',
    entryHash: 'Hash (first 16)',
    chainOk: (n: number) => `Chain of custody: verified (${n} ${n === 1 ? 'entry' : 'entries'}, intact)`,
    chainBroken: (seq: number, reason: string, fields: string) => `Chain of custody broken at entry ${seq}: ${reason}${fields ? ` (${fields})` : ''}`,
    review: 'After-incident review',
    reviewFields: { wentWell: 'What went well', wentWrong: 'What went wrong', lessons: 'Lessons learned', rootCause: 'Root cause' },
    reviewCompleted: (at: string) => `Review completed ${at}`,
    reviewOpen: 'The review has not been completed',
    actions: 'Preventive actions',
    actionStatus: 'Status',
    actionDue: 'Due',
    actionStatuses: { open: 'Open', in_progress: 'In progress', done: 'Done', cancelled: 'Cancelled' } as Record<ActionStatus, string>,
    overdue: 'overdue',
    tlpNotes: {
      red: 'For the named recipients only. Do not show or pass it on to anyone else.',
      amber_strict: 'Share only within this hospital, with those who need to know. Not outside it.',
      amber: 'Share only with those who need to know: this hospital and the vendors helping with the response.',
      green: 'May be shared within the community (hospitals and partners). Do not publish.',
      clear: 'No restriction on sharing.',
    } as Record<TlpLevel, string>,
  },
} as const;

/** TLP 2.0 colours: the label in its colour on black. */
const TLP_COLOURS: Record<TlpLevel, string> = { red: '#ff2b2b', amber_strict: '#ffc000', amber: '#ffc000', green: '#33ff00', clear: '#ffffff' };

/** Everything the report shows, read after one authorization. */
export interface CasePrintData {
  facility: { id: string; name: string; code: string };
  number: string;
  view: CaseView;
  clocks: CaseClocksView;
  timeline: TimelineEntryRow[];
  affected: AffectedView[];
  observables: ObservableRow[];
  comms: CommRow[];
  evidence: CaseEvidence;
  review: ReviewView;
}

const label = <K extends string>(map: Record<K, Text>, key: string, lang: Locale): string => map[key as K]?.[lang] ?? key;
const isTlp = (v: string): v is TlpLevel => v in TLP_LABELS;

function css(tlp: TlpLevel, number: string): string {
  return `
@page {
  @top-left { content: ${cssString(number)}; font-size: 7.5pt; color: #495057; font-family: ${PRINT_FONT_STACK}; }
  @top-right { content: ${cssString(TLP_LABELS[tlp])}; font-size: 9.5pt; font-weight: 700; color: #1a1b1e; font-family: ${PRINT_FONT_STACK}; }
}
.tlp { display: flex; gap: 3mm; align-items: center; border: 1.2pt solid #1a1b1e; padding: 1.5mm 2.5mm; margin: 0 0 3mm; break-inside: avoid; }
.tlp-mark { font-size: 13pt; font-weight: 800; letter-spacing: 0.03em; padding: 0.6mm 2.4mm; background: #000; color: ${TLP_COLOURS[tlp]}; white-space: nowrap; }
.tlp-note { font-size: 9pt; font-weight: 700; }
table.kv th { width: 28%; }
td.pre, .pre { white-space: pre-wrap; }
.mono { font-family: "DejaVu Sans Mono", "Noto Sans Mono", monospace; font-size: 8pt; overflow-wrap: anywhere; }
.ok { font-weight: 700; }
.broken { font-weight: 700; border: 1pt solid #c92a2a; padding: 1mm 2mm; }
.done { font-weight: 700; }
.undone { color: #c92a2a; font-weight: 700; }
section.item { break-inside: avoid-page; margin: 0 0 4mm; }
`;
}

const yesNo = (v: boolean, w: (typeof WORDS)[Locale]) => (v ? w.yes : w.no);

function kvTable(rows: readonly [string, string][], preKeys: readonly string[] = []): string {
  return `<table class="kv"><tbody>${rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td${preKeys.includes(k) ? ' class="pre"' : ''}>${esc(v)}</td></tr>`).join('')}</tbody></table>`;
}

function table(head: readonly string[], rows: readonly string[][], empty: string): string {
  if (rows.length === 0) return `<p class="muted">${esc(empty)}</p>`;
  return `<table><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.join('')}</tr>`).join('\n')}</tbody></table>`;
}

/** A table cell of escaped text (`cls` optional). */
const td = (v: unknown, cls = '') => `<td${cls ? ` class="${cls}"` : ''}>${esc(v)}</td>`;

function clockState(k: CaseClock, w: (typeof WORDS)[Locale]): string {
  if (k.status.state === 'filed') return k.status.late ? w.states.filedLate : w.states.filedOnTime;
  return k.status.state === 'overdue' ? w.states.overdue : w.states.running;
}

function clockDue(k: CaseClock, lang: Locale): string {
  const w = WORDS[lang];
  if (!k.dueAt) return w.noDue;
  const due = `${k.soft ? `${w.target} ` : ''}${formatDateTime(k.dueAt, lang)}`;
  return k.outerDueAt ? `${due} / ${w.outer} ${formatDateTime(k.outerDueAt, lang)}` : due;
}

/** The case as a self-contained printable page. */
export function caseReportHtml(d: CasePrintData, lang: Locale, generatedAt: string): string {
  const w = WORDS[lang];
  const row = d.view.row;
  const tlp: TlpLevel = isTlp(row.tlp) ? row.tlp : 'red';
  const dt = (iso: string | null | undefined) => (iso ? formatDateTime(iso, lang) : '');
  const parts: string[] = [];

  // The TLP marking first: RED and AMBER documents say so before anything else.
  parts.push(`<div class="tlp" data-tlp="${esc(tlp)}"><span class="tlp-mark">${esc(TLP_LABELS[tlp])}</span><span class="tlp-note">${esc(w.tlpNotes[tlp])}</span></div>`);

  parts.push(
    kvTable([
      [w.case, d.number],
      [w.title, row.title],
      [w.facility, `${d.facility.name}(${d.facility.code})`],
      [w.category, label(CASE_CATEGORY_LABELS, row.category as CaseCategory, lang)],
      [w.severity, label(CASE_SEVERITY_LABELS, row.severity as CaseSeverity, lang)],
      [w.tlp, TLP_LABELS[tlp]],
      [w.phase, label(CASE_PHASE_LABELS, row.phase as CasePhase, lang)],
      [w.status, row.status === 'closed' ? w.closed(dt(row.closed_at)) : w.open],
      [w.discoveredAt, dt(row.discovered_at)],
      [w.openedAt, `${dt(row.created_at)}${d.view.createdBy ? ` ${d.view.createdBy.name}` : ''}`],
    ]),
  );
  if (row.description) parts.push(`<h2>${esc(w.description)}</h2><p class="pre">${esc(row.description)}</p>`);

  parts.push(`<h2>${esc(w.summary)}</h2>`);
  parts.push(kvTable(SUMMARY_KEYS.map((k) => [w.summaryKeys[k], d.view.summary[k] || '—'] as [string, string]), SUMMARY_KEYS.map((k) => w.summaryKeys[k])));

  const f = d.view.facts;
  parts.push(`<h2>${esc(w.facts)}</h2>`);
  parts.push(
    kvTable([
      [w.factLabels.personalData, yesNo(f.personalData, w)],
      [w.factLabels.affectedCount, f.affectedCount === null ? w.unknown : w.people(f.affectedCount)],
      [w.factLabels.unauthorizedAccess, yesNo(f.unauthorizedAccess, w)],
      [w.factLabels.wrongfulPurpose, yesNo(f.wrongfulPurpose, w)],
      [w.factLabels.financialHarmPossible, yesNo(f.financialHarmPossible, w)],
      [w.factLabels.careDisrupted, yesNo(f.careDisrupted, w)],
      [w.factLabels.leakSuspected, yesNo(f.leakSuspected, w)],
      [w.factLabels.crimeSuspected, yesNo(f.crimeSuspected, w)],
      [w.factLabels.insured, f.insured ? w.insuredWithin(f.insured.reportWithinHours) : w.no],
      [w.factLabels.encryptedHighGrade, yesNo(f.encryptedHighGrade, w)],
    ]),
  );

  parts.push(`<h2>${esc(w.team)}</h2>`);
  parts.push(
    table(
      [w.role, w.name, w.contact],
      d.view.team.map((m) => [td(label(TEAM_ROLE_LABELS, m.role as TeamRole, lang)), td(m.name), td(m.contact ?? '')]),
      w.none,
    ),
  );

  // Legal clocks.
  parts.push(`<h2>${esc(w.clocks)}</h2><p class="small muted">${esc(w.ruleSet(d.clocks.ruleSetVersion, dt(d.clocks.now)))}</p>`);
  if (d.clocks.note) parts.push(`<p>${esc(d.clocks.note[lang])}</p>`);
  if (d.clocks.clocks.length > 0) {
    parts.push(
      table(
        [w.authority, w.kind, w.due, w.state, w.filing],
        d.clocks.clocks.map((k) => [
          `<td>${esc(CLOCK_AUTHORITY_LABELS[k.authority][lang])}<br><span class="small muted">${esc(k.labels[lang])}</span></td>`,
          td(CLOCK_KIND_LABELS[k.kind][lang]),
          td(clockDue(k, lang)),
          td(clockState(k, w), k.status.state === 'overdue' ? 'undone' : ''),
          td(k.filing ? `${dt(k.filing.filedAt)}${k.filing.reference ? ` / ${w.reference}: ${k.filing.reference}` : ''}${k.filing.note ? ` / ${k.filing.note}` : ''}` : '—'),
        ]),
        w.none,
      ),
    );
  }
  if (d.clocks.otherFilings.length > 0) {
    parts.push(`<h3>${esc(w.otherFilings)}</h3>`);
    parts.push(table([w.filing, w.when, w.reference], d.clocks.otherFilings.map((x) => [td(x.ruleId), td(dt(x.filedAt)), td(x.reference ?? '')]), w.none));
  }

  // Tasks by phase.
  parts.push(`<h2>${esc(w.tasks)}</h2>`);
  for (const phase of CASE_PHASES) {
    const tasks = d.view.tasks.filter((t) => t.phase === phase);
    if (tasks.length === 0) continue;
    const done = tasks.filter((t) => t.done_at !== null).length;
    parts.push(`<h3>${esc(CASE_PHASE_LABELS[phase][lang])} <span class="muted small">${esc(w.taskCount(done, tasks.length))}</span></h3>`);
    parts.push(
      table(
        [w.state, w.task, w.owner, w.done, w.notes],
        tasks.map((t) => [
          t.done_at ? `<td class="done">✓ ${esc(w.done)}</td>` : `<td class="undone">□ ${esc(w.undone)}</td>`,
          td(lang === 'en' && t.title_en ? t.title_en : t.title_ja),
          td([t.owner_role ? label(TEAM_ROLE_LABELS, t.owner_role as TeamRole, lang) : null, t.owner_name].filter(Boolean).join(' ')),
          td(t.done_at ? w.doneBy(dt(t.done_at), t.done_by_name) : ''),
          td(t.notes ?? '', 'pre'),
        ]),
        w.none,
      ),
    );
  }
  if (d.view.tasks.length === 0) parts.push(`<p class="muted">${esc(w.none)}</p>`);

  // The full timeline, oldest first.
  parts.push(`<h2>${esc(w.timeline)}</h2>`);
  parts.push(
    table(
      [w.statedTime, w.jst, w.timelineKind, w.text, w.author],
      d.timeline.map((e) => [
        td(formatInZone(e.occurred_at, e.time_zone), 'nowrap'),
        td(dt(e.occurred_at), 'nowrap'),
        td(w.timelineKinds[e.kind as TimelineKind] ?? e.kind),
        td(e.text, 'pre'),
        td(e.author_name ?? ''),
      ]),
      w.none,
    ),
  );

  parts.push(`<h2>${esc(w.affected)}</h2>`);
  parts.push(
    table(
      [w.type, w.name, w.addresses, w.vendor, w.flags, w.notes],
      d.affected.map((a) => [
        td(`${w.affectedTypes[a.targetType] ?? a.targetType}${a.type ? ` / ${a.type}` : ''}`),
        td(a.removed ? `${a.name ?? ''} ${w.removed}`.trim() : (a.name ?? '')),
        td(a.ips.join(', '), 'mono'),
        td(a.vendor?.name ?? ''),
        td(a.flags.join(', ')),
        td(a.note ?? '', 'pre'),
      ]),
      w.none,
    ),
  );

  parts.push(`<h2>${esc(w.observables)}</h2>`);
  parts.push(
    table(
      [w.type, w.value, w.notes],
      d.observables.map((o) => [td(w.observableTypes[o.type as ObservableType] ?? o.type), td(o.value, 'mono'), td(o.note ?? '', 'pre')]),
      w.none,
    ),
  );

  parts.push(`<h2>${esc(w.comms)}</h2>`);
  parts.push(
    table(
      [w.when, w.direction, w.channel, w.party, w.commSummary, w.recordedBy],
      d.comms.map((x) => [
        td(dt(x.occurred_at), 'nowrap'),
        td(label(COMM_DIRECTION_LABELS, x.direction as CommDirection, lang)),
        td(label(COMM_CHANNEL_LABELS, x.channel as CommChannel, lang)),
        td(x.party),
        td(x.summary, 'pre'),
        td(x.created_by_name ?? ''),
      ]),
      w.none,
    ),
  );

  parts.push(`<h2>${esc(w.evidence)}</h2>`);
  if (d.evidence.items.length === 0) parts.push(`<p class="muted">${esc(w.none)}</p>`);
  for (const item of d.evidence.items) {
    const e = item.row;
    const chain = item.chain.ok
      ? `<p class="ok">${esc(w.chainOk(item.chain.entries))}</p>`
      : `<p class="broken">${esc(
          w.chainBroken(
            item.chain.break.seq,
            CUSTODY_BREAK_REASON_LABELS[item.chain.break.reason][lang],
            item.chain.break.fields.map((x) => CUSTODY_FIELD_LABELS[x]?.[lang] ?? x).join(', '),
          ),
        )}</p>`;
    parts.push(`<section class="item"><h3>${esc(evidenceLabel(e.seq))} ${esc(label(EVIDENCE_TYPE_LABELS, e.type as EvidenceType, lang))}</h3>`);
    parts.push(
      kvTable(
        [
          [w.text, e.description],
          [w.collectedBy, e.collected_by],
          [w.collectedAt, dt(e.collected_at)],
          [w.location, e.location ?? '—'],
          [w.hash, e.sha256 ? `${e.sha256}(${w.hashSources[e.hash_source] ?? e.hash_source})` : (w.hashSources.none ?? '')],
          ...(e.file_name ? [[w.file, `${e.file_name}${e.file_size !== null ? ` (${e.file_size.toLocaleString('en-US')} bytes)` : ''}`] as [string, string]] : []),
        ],
        [w.text],
      ),
    );
    parts.push(`<p class="small"><strong>${esc(w.custody)}</strong></p>`);
    parts.push(
      table(
        ['#', w.action, w.when, w.fromTo, w.location, w.notes, w.recordedBy, w.entryHash],
        item.custody.map((x) => [
          td(x.seq, 'num'),
          td(label(CUSTODY_ACTION_LABELS, x.action as CustodyAction, lang)),
          td(dt(x.occurred_at), 'nowrap'),
          td([x.from_party, x.to_party].some(Boolean) ? `${x.from_party ?? '—'} → ${x.to_party ?? '—'}` : ''),
          td(x.location ?? ''),
          td(x.note ?? '', 'pre'),
          td(x.recorded_by),
          td(x.hash.slice(0, 16), 'mono'),
        ]),
        w.none,
      ),
    );
    parts.push(`${chain}</section>`);
  }

  const r = d.review;
  parts.push(`<h2>${esc(w.review)}</h2>`);
  parts.push(`<p>${esc(r.completedAt ? w.reviewCompleted(`${dt(r.completedAt)}${r.updatedBy ? ` ${r.updatedBy.name}` : ''}`) : w.reviewOpen)}</p>`);
  parts.push(
    kvTable(
      (Object.keys(w.reviewFields) as (keyof typeof w.reviewFields)[]).map((k) => [w.reviewFields[k], r[k] ?? '—'] as [string, string]),
      Object.values(w.reviewFields),
    ),
  );
  parts.push(`<h3>${esc(w.actions)}</h3>`);
  parts.push(
    table(
      [w.title, w.actionStatus, w.actionDue],
      r.actions.map((a) => [
        td(a.title),
        td(w.actionStatuses[a.status] ?? a.status),
        td(a.dueOn ? `${formatDate(`${a.dueOn}T00:00:00+09:00`, lang)}${a.overdue ? ` (${w.overdue})` : ''}` : '—', a.overdue ? 'undone' : ''),
      ]),
      w.none,
    ),
  );

  return printDocument({
    lang,
    title: `${w.docTitle} ${d.number} ${row.title}`,
    subtitle: `${d.facility.name} · ${TLP_LABELS[tlp]}`,
    generatedAt,
    version: VERSION,
    bodyHtml: parts.join('\n'),
    css: css(tlp, d.number),
  });
}

/** Reads everything the report shows (`caseRow` authorized by the caller). */
async function casePrintData(deps: Deps, caller: Caller, caseId: string): Promise<CasePrintData> {
  const c = await authorizedCase(deps, caller, caseId, 'incident.read');
  const facility = await findFacilityById(deps.db, c.facility_id);
  if (!facility) throw new AppError('NOT_FOUND');
  const now = deps.clock.now();
  const view = await caseViewOf(deps.db, caseId);
  const clocks = await caseClocksOf(deps.db, c, now);
  const timeline = await listTimelineEntries(deps.db, caseId);
  // The record lists authorize again (the same case, the same caller): they are the module's one way to read them.
  const affected = await listAffected(deps, caller, caseId);
  const observables = await listObservables(deps, caller, caseId);
  const comms = await listComms(deps, caller, caseId);
  const evidence = await evidenceOf(deps.db, c);
  const review = await reviewOf(deps, deps.db, c);
  return {
    facility: { id: facility.id, name: facility.name, code: facility.code },
    number: caseNumberLabel(Number(c.seq), c.discovered_at),
    view,
    clocks,
    timeline,
    affected,
    observables,
    comms,
    evidence,
    review,
  };
}

export const CASE_REPORT_CONTENT_TYPES = { pdf: 'application/pdf', html: 'text/html; charset=utf-8' } as const;
export type CaseReportFormat = keyof typeof CASE_REPORT_CONTENT_TYPES;

export interface CaseReportFile {
  fileName: string;
  contentType: string;
  body: Buffer;
}

/**
 * The whole case printable (incident.read): HTML or PDF (UNAVAILABLE 503 when Chromium or a Japanese font is missing).
 * Audited as `incident_case`/`export` with the format, language, TLP and size.
 */
export async function exportCase(deps: Deps, caller: Caller, caseId: string, options: { format: CaseReportFormat; lang: Locale }): Promise<CaseReportFile> {
  const data = await casePrintData(deps, caller, caseId);
  const generatedAt = deps.clock.now().toISOString();
  const html = caseReportHtml(data, options.lang, generatedAt);
  const body = options.format === 'pdf' ? await renderPdf(deps, html) : Buffer.from(html, 'utf8');
  await recordAuditAlone(deps, caller, {
    facilityId: data.facility.id,
    entityType: 'incident_case',
    entityId: caseId,
    action: 'export',
    after: { format: options.format, lang: options.lang, tlp: data.view.row.tlp, timelineEntries: data.timeline.length, bytes: body.length },
  });
  return { fileName: `${data.number.replace(/[^A-Za-z0-9._-]/g, '_')}.${options.format}`, contentType: CASE_REPORT_CONTENT_TYPES[options.format], body };
}
