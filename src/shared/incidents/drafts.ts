/**
 * Report drafts of an incident case (報告書の下書き): the fields of each kind and their pre-filled text, computed purely
 * from the case (title, category, 発覚日時 in JST, facts, 5W1H summary, timeline, legal clocks and filings). Saved edits
 * override the pre-filled value field by field (the server keeps them in incident_drafts.fields).
 *
 * - `ppc`: the Personal Information Protection Commission's report items (個人情報保護法施行規則第8条第1項), in its order.
 * - `mhlw_first`: the first report to MHLW (厚生労働省への第一報). MHLW publishes no form for it; the items are our own
 *   reading of what the 2018 notice asks for (damage, response, recovery), so the kind is marked `verified: false`.
 * - `internal`: the report to the hospital's executive (経営層への報告), our own format.
 */
import { formatDateTime } from '../dates.ts';
import type { Locale } from '../errors.ts';
import { CASE_CATEGORY_LABELS, CASE_PHASE_LABELS, CASE_SEVERITY_LABELS, PPC_FIELD_LABELS, PPC_FIELDS, type DraftKind, type SummaryKey } from './cases.ts';
import { CLOCK_AUTHORITY_LABELS, type ClockAuthority, type ClockKind, type IncidentClockFacts } from './clock-rules.ts';

type Text = { ja: string; en: string };

export interface DraftFieldDef {
  key: string;
  label: Text;
  hint: Text | null;
}

export interface DraftDef {
  kind: DraftKind;
  title: Text;
  fields: readonly DraftFieldDef[];
  /** False while the field list was not checked against the authority's own form. */
  verified: boolean;
  note: Text | null;
}

const f = (key: string, ja: string, en: string, hint?: Text): DraftFieldDef => ({ key, label: { ja, en }, hint: hint ?? null });

export const MHLW_FIRST_FIELDS = ['facility', 'contact', 'discovered_at', 'overview', 'care_impact', 'personal_data', 'external_contacts', 'current_response', 'support_needed'] as const;
export const INTERNAL_FIELDS = ['overview', 'impact', 'response', 'legal_deadlines', 'decisions', 'next_report'] as const;

export const DRAFT_DEFS: Record<DraftKind, DraftDef> = {
  ppc: {
    kind: 'ppc',
    title: { ja: '個人情報保護委員会への報告(下書き)', en: 'Report to the Personal Information Protection Commission (draft)' },
    fields: PPC_FIELDS.map((k) => f(k, PPC_FIELD_LABELS[k].ja, PPC_FIELD_LABELS[k].en)),
    verified: true,
    note: {
      ja: '委員会の報告フォーム(施行規則第8条第1項の事項)の順です。速報は分かっている範囲で、確報はすべての事項を記入します。',
      en: "In the order of the Commission's web form (Enforcement Rules art. 8(1)). The preliminary report gives what is known; the final report fills every item.",
    },
  },
  mhlw_first: {
    kind: 'mhlw_first',
    title: { ja: '厚生労働省への第一報(下書き)', en: 'First report to MHLW (draft)' },
    fields: [
      f('facility', '医療機関名', 'Medical institution'),
      f('contact', '連絡者・連絡先', 'Contact person and how to reach them'),
      f('discovered_at', '発覚日時', 'Discovered at'),
      f('overview', '事象の概要', 'What happened'),
      f('care_impact', '診療への影響', 'Impact on care'),
      f('personal_data', '個人情報漏えいの有無・おそれ', 'Personal data leaked, or possibly leaked'),
      f('external_contacts', '外部への連絡状況', 'Who else has been told'),
      f('current_response', '現在の対応状況', 'Current response'),
      f('support_needed', '支援の要否', 'Support needed', { ja: '初動対応支援(専門家の派遣など)を希望するか', en: 'Whether the hospital asks for first-response support (experts sent on site, etc.)' }),
    ],
    verified: false,
    note: {
      ja: '厚生労働省は第一報の様式を公表していません。項目は2018年10月29日の通知をもとに mamori が想定したものです。電話で伝える際のメモとしても使えます。',
      en: 'MHLW publishes no form for the first report; these items are our reading of the notice of 29 Oct 2018. They also serve as notes for a phone call.',
    },
  },
  internal: {
    kind: 'internal',
    title: { ja: '経営層への報告(下書き)', en: 'Report to the executive (draft)' },
    fields: [
      f('overview', '概要', 'Overview'),
      f('impact', '影響', 'Impact'),
      f('response', '対応状況', 'Response so far'),
      f('legal_deadlines', '法的な報告期限と状況', 'Legal reporting deadlines and status'),
      f('decisions', '判断が必要な事項', 'Decisions needed'),
      f('next_report', '次の報告予定', 'Next report'),
    ],
    verified: true,
    note: null,
  },
};

// ── The case, as the drafts read it ──────────────────────────────────────────────────────────────────────────────

export interface DraftClock {
  ruleId: string;
  authority: ClockAuthority;
  kind: ClockKind;
  labels: Text;
  dueAt: string | null;
  soft: boolean;
  state: 'running' | 'filed' | 'overdue';
  filedAt: string | null;
  reference: string | null;
}

export interface DraftSource {
  facility: { name: string; medicalInstitutionCode?: string | null };
  /** The first person of the facility's call chain (連絡体制図), when there is one. */
  contact: { role: string; name: string | null; phone: string | null; email: string | null } | null;
  case: {
    number: string;
    title: string;
    category: string;
    severity: string;
    phase: string;
    discoveredAt: string;
    description: string | null;
    summary: Partial<Record<SummaryKey, string>>;
    facts: IncidentClockFacts;
  };
  /** Oldest first. */
  timeline: readonly { occurredAt: string; kind: string; text: string }[];
  clocks: readonly DraftClock[];
}

/** How many of the latest timeline entries a draft quotes. */
export const DRAFT_TIMELINE_ENTRIES = 10;

const W = {
  ja: {
    case: '事案',
    discovered: '発覚日時',
    summary: { when: 'いつ', where: 'どこで', who: '誰が', what: '何が', why: 'なぜ', how: 'どのように' } as Record<SummaryKey, string>,
    investigating: '調査中',
    countUnknown: '調査中(判明しだい報告します)',
    people: (n: number) => `${n.toLocaleString('ja-JP')}人`,
    sensitiveNote: '(要配慮個人情報を含む)',
    itemsSensitive: '要配慮個人情報(病歴・診療情報など)を含む患者の個人データ',
    itemsFinancial: '財産的被害が生じるおそれのある個人データ(クレジットカード番号など)',
    itemsLeak: '個人データ(項目は調査中)',
    encrypted: '高度な暗号化等の措置が講じられていたデータです。',
    causeAccess: '不正アクセスによるもの(詳細は調査中)',
    causeWrongful: '不正の目的によるもの(詳細は調査中)',
    secondary: '二次被害の有無: 確認中',
    secondaryFinancial: '財産的被害(不正利用など)のおそれがあります。',
    noticeDone: (d: string) => `本人への通知: ${d}に実施しました。`,
    noticeTodo: '本人への通知: 未実施(準備中)',
    publication: '公表: 検討中',
    prevention: '原因の調査結果を踏まえて検討中',
    otherNone: '特になし',
    filedOn: (label: string, d: string, ref: string | null) => `${label}: ${d}に提出済み${ref ? `(${ref})` : ''}`,
    notFiled: (label: string) => `${label}: 未提出`,
    due: (d: string) => `期限 ${d}`,
    target: (d: string) => `目安 ${d}`,
    noDue: '期限の定めなし(速やかに)',
    state: { running: '進行中', overdue: '期限超過', filed: '提出済み' } as Record<DraftClock['state'], string>,
    noClocks: '現在の事実関係からは、法令等による報告期限は発生していません。',
    severity: '重大度',
    phase: '対応段階',
    careYes: 'あり(またはそのおそれ)。影響する診療・部門と制限の内容を記入してください。',
    careNo: '現時点で確認されていません。',
    pdYes: (count: string) => `あり(またはそのおそれ)。対象の人数: ${count}`,
    pdNo: '現時点で確認されていません。',
    contactMissing: '(記入してください)',
    contactNone: 'まだ連絡していません。',
    support: '検討中',
    timelineNone: '記録はまだありません。',
    decisionFile: (label: string, d: string) => `${label}を行うか(${d})`,
    decisionPublish: '公表と本人への通知の方法',
    decisionCare: '診療の制限(外来・救急の受け入れなど)を続けるか解除するか',
    decisionNone: '(記入してください)',
    nextReport: (label: string, d: string) => `次の期限(${label}: ${d})の前に改めて報告します。`,
    nextNone: '(日時を記入してください)',
    affected: (count: string) => `本人の数: ${count}`,
    personalData: '患者の個人データ(要配慮個人情報)の漏えい等(おそれを含む)',
    leak: '個人データの漏えいのおそれ',
    careDisrupted: '診療への影響(おそれを含む)',
    noImpact: '現時点で、診療への影響や個人データの漏えいは確認されていません。',
  },
  en: {
    case: 'Case',
    discovered: 'Discovered',
    summary: { when: 'When', where: 'Where', who: 'Who', what: 'What', why: 'Why', how: 'How' } as Record<SummaryKey, string>,
    investigating: 'Under investigation',
    countUnknown: 'Under investigation (will be reported once known)',
    people: (n: number) => `${n.toLocaleString('en-GB')} people`,
    sensitiveNote: ' (including special-care-required personal information)',
    itemsSensitive: "Patients' personal data including special-care-required information (medical history, clinical records)",
    itemsFinancial: 'Personal data whose misuse may cause financial harm (card numbers etc.)',
    itemsLeak: 'Personal data (items under investigation)',
    encrypted: 'The data was protected by advanced encryption or equivalent measures.',
    causeAccess: 'Unauthorised access (details under investigation)',
    causeWrongful: 'A wrongful purpose (details under investigation)',
    secondary: 'Secondary harm: being checked',
    secondaryFinancial: 'Financial harm (fraudulent use etc.) may follow.',
    noticeDone: (d: string) => `Notice to the people concerned: given on ${d}.`,
    noticeTodo: 'Notice to the people concerned: not yet given (in preparation)',
    publication: 'Public announcement: under consideration',
    prevention: 'To be decided once the cause is known',
    otherNone: 'None',
    filedOn: (label: string, d: string, ref: string | null) => `${label}: filed on ${d}${ref ? ` (${ref})` : ''}`,
    notFiled: (label: string) => `${label}: not filed`,
    due: (d: string) => `due ${d}`,
    target: (d: string) => `target ${d}`,
    noDue: 'no fixed time (promptly)',
    state: { running: 'running', overdue: 'overdue', filed: 'filed' } as Record<DraftClock['state'], string>,
    noClocks: 'With the facts as recorded, no legal reporting deadline applies.',
    severity: 'Severity',
    phase: 'Phase',
    careYes: 'Yes (or possibly). Describe the services and departments affected and the restrictions.',
    careNo: 'None found so far.',
    pdYes: (count: string) => `Yes (or possibly). People concerned: ${count}`,
    pdNo: 'None found so far.',
    contactMissing: '(fill in)',
    contactNone: 'Nobody has been told yet.',
    support: 'Under consideration',
    timelineNone: 'Nothing recorded yet.',
    decisionFile: (label: string, d: string) => `Whether to make the ${label.toLowerCase()} (${d})`,
    decisionPublish: 'How to announce the incident and notify the people concerned',
    decisionCare: 'Whether to keep or lift the restrictions on care (outpatients, emergency admissions)',
    decisionNone: '(fill in)',
    nextReport: (label: string, d: string) => `A further report before the next deadline (${label}: ${d}).`,
    nextNone: '(fill in the date and time)',
    affected: (count: string) => `People concerned: ${count}`,
    personalData: "Leak, loss or damage of patients' personal data (special-care-required), or its possibility",
    leak: 'Possible leak of personal data',
    careDisrupted: 'Care disrupted (or possibly)',
    noImpact: 'So far neither an impact on care nor a leak of personal data has been found.',
  },
};

const label = <T extends string>(map: Record<T, Text>, key: string, lang: Locale): string => (map as Record<string, Text>)[key]?.[lang] ?? key;

function when(iso: string, lang: Locale): string {
  return formatDateTime(iso, lang);
}

function lines(...parts: (string | null | undefined | false)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').join('\n');
}

const SUMMARY_ORDER: readonly SummaryKey[] = ['when', 'where', 'who', 'what', 'why', 'how'];

function overview(s: DraftSource, lang: Locale): string {
  const w = W[lang];
  const c = s.case;
  return lines(
    lang === 'ja' ? `${w.case}: ${c.title}(${label(CASE_CATEGORY_LABELS, c.category, 'ja')})` : `${w.case}: ${c.title} (${label(CASE_CATEGORY_LABELS, c.category, 'en')})`,
    `${w.discovered}: ${when(c.discoveredAt, lang)}`,
    ...SUMMARY_ORDER.map((k) => (c.summary[k]?.trim() ? `${w.summary[k]}: ${c.summary[k]!.trim()}` : null)),
    c.description,
  );
}

function countText(facts: IncidentClockFacts, lang: Locale): string {
  const w = W[lang];
  if (facts.affectedCount === null) return w.countUnknown;
  return `${w.people(facts.affectedCount)}${facts.personalData ? w.sensitiveNote : ''}`;
}

function clockLine(c: DraftClock, lang: Locale): string {
  const w = W[lang];
  const due = c.dueAt === null ? w.noDue : c.soft ? w.target(when(c.dueAt, lang)) : w.due(when(c.dueAt, lang));
  if (c.state === 'filed' && c.filedAt) return `・${w.filedOn(c.labels[lang], when(c.filedAt, lang), c.reference)}`;
  return `・${c.labels[lang]}: ${due} — ${w.state[c.state]}`;
}

function recentTimeline(s: DraftSource, lang: Locale): string {
  const latest = s.timeline.slice(-DRAFT_TIMELINE_ENTRIES);
  if (latest.length === 0) return W[lang].timelineNone;
  return latest.map((e) => `・${when(e.occurredAt, lang)} ${e.text}`).join('\n');
}

function filingOf(s: DraftSource, ruleId: string): DraftClock | undefined {
  return s.clocks.find((c) => c.ruleId === ruleId && c.state === 'filed');
}

/** The soonest running (or overdue) clock with a due time. */
function nextDue(s: DraftSource): DraftClock | undefined {
  return s.clocks
    .filter((c) => c.state !== 'filed' && c.dueAt !== null)
    .sort((a, b) => (a.dueAt! < b.dueAt! ? -1 : a.dueAt! > b.dueAt! ? 1 : 0))[0];
}

function ppc(s: DraftSource, lang: Locale): Record<string, string> {
  const w = W[lang];
  const facts = s.case.facts;
  const items: string[] = [facts.personalData && w.itemsSensitive, facts.financialHarmPossible && w.itemsFinancial].filter((x): x is string => typeof x === 'string');
  if (items.length === 0) items.push(facts.leakSuspected ? w.itemsLeak : w.investigating);
  const notice = filingOf(s, 'data_subjects.notice');
  const others = s.clocks.filter((c) => !c.ruleId.startsWith('ppc.') && c.ruleId !== 'data_subjects.notice');
  return {
    overview: overview(s, lang),
    data_items: lines(...items.map((i) => `・${i}`), facts.encryptedHighGrade && w.encrypted),
    subject_count: countText(facts, lang),
    cause: s.case.summary.why?.trim() || (facts.unauthorizedAccess ? w.causeAccess : facts.wrongfulPurpose ? w.causeWrongful : w.investigating),
    secondary_harm: lines(w.secondary, facts.financialHarmPossible && w.secondaryFinancial),
    subject_response: notice?.filedAt ? w.noticeDone(when(notice.filedAt, lang)) : w.noticeTodo,
    publication: w.publication,
    prevention: w.prevention,
    other: lines(...others.map((c) => (c.state === 'filed' && c.filedAt ? `・${w.filedOn(c.labels[lang], when(c.filedAt, lang), c.reference)}` : `・${w.notFiled(c.labels[lang])}`))) || w.otherNone,
  };
}

function mhlwFirst(s: DraftSource, lang: Locale): Record<string, string> {
  const w = W[lang];
  const facts = s.case.facts;
  const contact = s.contact;
  const outside = s.clocks.filter((c) => c.ruleId !== 'mhlw.report');
  const told = outside.filter((c) => c.state === 'filed' && c.filedAt);
  return {
    facility: lines(s.facility.name, s.facility.medicalInstitutionCode ? `(${lang === 'ja' ? '医療機関コード' : 'Institution code'} ${s.facility.medicalInstitutionCode})` : null),
    contact: contact ? [contact.role, contact.name, contact.phone, contact.email].filter((x): x is string => !!x && x.trim() !== '').join(' / ') : w.contactMissing,
    discovered_at: when(s.case.discoveredAt, lang),
    overview: overview(s, lang),
    care_impact: facts.careDisrupted ? w.careYes : w.careNo,
    personal_data: facts.personalData || facts.leakSuspected ? w.pdYes(countText(facts, lang)) : w.pdNo,
    external_contacts: told.length === 0 ? w.contactNone : told.map((c) => `・${w.filedOn(`${CLOCK_AUTHORITY_LABELS[c.authority][lang]}(${c.labels[lang]})`, when(c.filedAt!, lang), c.reference)}`).join('\n'),
    current_response: lines(`${w.phase}: ${label(CASE_PHASE_LABELS, s.case.phase, lang)}`, recentTimeline(s, lang)),
    support_needed: w.support,
  };
}

function internal(s: DraftSource, lang: Locale): Record<string, string> {
  const w = W[lang];
  const facts = s.case.facts;
  const impact = [
    facts.careDisrupted && `・${w.careDisrupted}`,
    facts.personalData ? `・${w.personalData}` : facts.leakSuspected && `・${w.leak}`,
    (facts.personalData || facts.leakSuspected) && `・${w.affected(countText(facts, lang))}`,
  ].filter((x): x is string => typeof x === 'string');
  const open = s.clocks.filter((c) => c.state !== 'filed');
  const decisions = [
    ...open.map((c) => `・${w.decisionFile(c.labels[lang], c.dueAt === null ? w.noDue : c.soft ? w.target(when(c.dueAt, lang)) : w.due(when(c.dueAt, lang)))}`),
    facts.personalData && `・${w.decisionPublish}`,
    facts.careDisrupted && `・${w.decisionCare}`,
  ].filter((x): x is string => typeof x === 'string');
  const next = nextDue(s);
  return {
    overview: lines(overview(s, lang), `${w.severity}: ${label(CASE_SEVERITY_LABELS, s.case.severity, lang)} / ${w.phase}: ${label(CASE_PHASE_LABELS, s.case.phase, lang)}`),
    impact: impact.length > 0 ? impact.join('\n') : w.noImpact,
    response: recentTimeline(s, lang),
    legal_deadlines: s.clocks.length > 0 ? s.clocks.map((c) => clockLine(c, lang)).join('\n') : w.noClocks,
    decisions: decisions.length > 0 ? decisions.join('\n') : w.decisionNone,
    next_report: next ? w.nextReport(next.labels[lang], when(next.dueAt!, lang)) : w.nextNone,
  };
}

/** The pre-filled value of every field of a draft kind, from the case. */
export function prefillDraft(kind: DraftKind, source: DraftSource, lang: Locale = 'ja'): Record<string, string> {
  if (kind === 'ppc') return ppc(source, lang);
  if (kind === 'mhlw_first') return mhlwFirst(source, lang);
  return internal(source, lang);
}

export interface DraftFieldView {
  key: string;
  label: Text;
  hint: Text | null;
  value: string;
  prefilled: string;
  source: 'prefilled' | 'edited';
}

/** Saved edits over the pre-filled values, field by field, in the kind's order. Unknown saved keys are ignored. */
export function mergeDraft(kind: DraftKind, prefilled: Record<string, string>, saved: Record<string, unknown>): DraftFieldView[] {
  return DRAFT_DEFS[kind].fields.map((def) => {
    const edited = saved[def.key];
    const pre = prefilled[def.key] ?? '';
    return typeof edited === 'string'
      ? { key: def.key, label: def.label, hint: def.hint, value: edited, prefilled: pre, source: 'edited' as const }
      : { key: def.key, label: def.label, hint: def.hint, value: pre, prefilled: pre, source: 'prefilled' as const };
  });
}

/** Plain text for copying into a web form: each field as 【label】 and its value. */
export function draftText(kind: DraftKind, fields: readonly DraftFieldView[], lang: Locale): string {
  const def = DRAFT_DEFS[kind];
  const head = lang === 'ja' ? `${def.title.ja}` : def.title.en;
  return `${head}\n\n${fields.map((x) => `${lang === 'ja' ? `【${x.label.ja}】` : `[${x.label.en}]`}\n${x.value}`).join('\n\n')}\n`;
}
