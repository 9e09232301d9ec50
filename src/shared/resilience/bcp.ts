import { z } from 'zod';
import { jstDateKey } from '../dates.ts';

/**
 * The cyber BCP (サイバー攻撃を想定した事業継続計画, MHLW checklist 3(3)): the structured content of one version, the
 * 確認表 items grouped by the five steps (平時 / 検知 / 初動対応 / 復旧処理 / 事後対応), a first draft every facility
 * starts from, the completeness check used before a version is sent for approval (and by the 3(3) rule), and the review
 * due date. Pure: the server stores the content as JSON in bcp_versions.content; the UI edits it; the print and the
 * emergency binder render it. The recovery ORDER is not stored here: it comes from the asset ledger (recovery-order.ts);
 * the contact chart is not copied either: the plan refers to the live 連絡体制図.
 *
 * The content schema is tolerant: every field has a default, so a version saved by an older mamori still parses.
 */

export type BcpLocale = 'ja' | 'en';
type Text = { ja: string; en: string };
type Labels<K extends string> = Record<K, Text>;

// ── Vocabulary ─────────────────────────────────────────────────────────────────────────────────────

/** draft → in_review → approved → superseded (by the next approved version); in_review can be returned to draft. */
export const BCP_STATUSES = ['draft', 'in_review', 'approved', 'superseded'] as const;
export type BcpStatus = (typeof BCP_STATUSES)[number];
export const BCP_STATUS_LABELS: Labels<BcpStatus> = {
  draft: { ja: '下書き', en: 'Draft' },
  in_review: { ja: '承認待ち', en: 'Awaiting approval' },
  approved: { ja: '承認済み', en: 'Approved' },
  superseded: { ja: '旧版', en: 'Superseded' },
};

/** 第3版 / Version 3. */
export function bcpVersionLabel(n: number, locale: BcpLocale): string {
  return locale === 'ja' ? `第${n}版` : `Version ${n}`;
}

/** The sections of the document, in the order they are edited and printed. */
export const BCP_SECTIONS = ['basics', 'triggers', 'command', 'departments', 'recovery', 'messages', 'checklist'] as const;
export type BcpSection = (typeof BCP_SECTIONS)[number];
export const BCP_SECTION_LABELS: Labels<BcpSection> = {
  basics: { ja: '基本方針', en: 'Basics' },
  triggers: { ja: '発動基準', en: 'When the plan is invoked' },
  command: { ja: '指揮命令系統', en: 'Command structure' },
  departments: { ja: '部門別の紙運用(ダウンタイム)', en: 'Paper-based operation per department (downtime)' },
  recovery: { ja: 'システム別の復旧手順', en: 'Recovery procedure per system' },
  messages: { ja: '連絡文例', en: 'Message templates' },
  checklist: { ja: '確認表', en: 'Checklist' },
};

/** Sections that must be complete before a version is sent for approval (the 確認表 progress is shown, not required). */
export const BCP_REQUIRED_SECTIONS: readonly BcpSection[] = ['basics', 'triggers', 'command', 'departments', 'recovery', 'messages'];

/** The five steps of MHLW's BCP 確認表. */
export const BCP_STEPS = ['normal', 'detection', 'first_response', 'recovery', 'aftermath'] as const;
export type BcpStep = (typeof BCP_STEPS)[number];
export const BCP_STEP_LABELS: Labels<BcpStep> = {
  normal: { ja: '平時', en: 'Normal times' },
  detection: { ja: '検知', en: 'Detection' },
  first_response: { ja: '初動対応', en: 'First response' },
  recovery: { ja: '復旧処理', en: 'Recovery' },
  aftermath: { ja: '事後対応', en: 'Aftermath' },
};

/** Who a message template is for. */
export const BCP_AUDIENCES = ['patients', 'staff', 'press', 'partners'] as const;
export type BcpAudience = (typeof BCP_AUDIENCES)[number];
export const BCP_AUDIENCE_LABELS: Labels<BcpAudience> = {
  patients: { ja: '患者・ご家族向け', en: 'Patients and families' },
  staff: { ja: '職員向け', en: 'Staff' },
  press: { ja: '報道機関向け', en: 'Press' },
  partners: { ja: '連携医療機関向け', en: 'Partner institutions' },
};

/** Placeholders a message template may use; fillBcpMessage replaces them. */
export const BCP_PLACEHOLDERS = ['{施設名}', '{発生日時}'] as const;

// ── The 確認表 items ──────────────────────────────────────────────────────────────────────────────

export interface BcpChecklistItem {
  /** Stable id: the key of content.checklist. */
  id: string;
  step: BcpStep;
  ja: string;
  en: string;
}

/** What the plan's owner confirms, step by step (our wording of the 確認表's intent). */
export const BCP_CHECKLIST_ITEMS: readonly BcpChecklistItem[] = [
  // 平時
  { id: 'normal.network_diagram', step: 'normal', ja: '全ての機器を含むネットワーク構成図が最新の状態で用意されている', en: 'An up-to-date network diagram covering every device exists' },
  { id: 'normal.device_list', step: 'normal', ja: 'サーバ・端末の一覧(OS、IPアドレス、脆弱性対応、ウイルス対策の状況)がある', en: 'There is a list of servers and PCs (OS, IP address, patch and antivirus status)' },
  { id: 'normal.backup_table', step: 'normal', ja: 'システムごとのバックアップ表(頻度・方式・復元方法)があり、一部はオフラインで保管している', en: 'There is a backup table per system (frequency, method, how to restore), with part of it kept offline' },
  { id: 'normal.contact_chart', step: 'normal', ja: '院内外の連絡体制図と委託事業者の緊急連絡先が整っている', en: 'The contact chart (inside and outside) and the vendors’ emergency contacts are in place' },
  { id: 'normal.paper_forms', step: 'normal', ja: '紙運用に必要な伝票・様式が各部門に備えてある', en: 'Each department keeps the paper forms it needs for downtime' },
  { id: 'normal.exercise', step: 'normal', ja: 'この計画に基づく訓練を年1回以上行っている', en: 'An exercise based on this plan is held at least once a year' },
  // 検知
  { id: 'detection.signs', step: 'detection', ja: '異常の兆候(脅迫文、ファイルが開けない、動作が遅い等)と報告先を職員が知っている', en: 'Staff know the signs of an attack (ransom note, files that will not open, slowness) and whom to tell' },
  { id: 'detection.report_route', step: 'detection', ja: '職員から情報システム担当・責任者へ報告する経路が決まっている', en: 'The route from staff to IT and the person in charge is set' },
  { id: 'detection.vendor_escalation', step: 'detection', ja: '委託事業者への連絡・エスカレーションの方法が決まっている', en: 'How to call and escalate to the vendors is set' },
  { id: 'detection.judgement', step: 'detection', ja: 'BCPを発動するかを判断する者と基準が決まっている', en: 'Who decides to invoke the BCP, and on what grounds, is set' },
  // 初動対応
  { id: 'first_response.isolate', step: 'first_response', ja: '被害端末のネットワークからの切り離し方法(電源は切らない)が決まっている', en: 'How to disconnect affected devices from the network (without switching them off) is set' },
  { id: 'first_response.external_cut', step: 'first_response', ja: '外部接続(保守回線・VPN等)の遮断手順が決まっている', en: 'How to cut the external connections (maintenance lines, VPN) is set' },
  { id: 'first_response.command_post', step: 'first_response', ja: '対策本部の設置場所と招集方法が決まっている', en: 'Where the response headquarters sits and how it is called are set' },
  { id: 'first_response.report_outside', step: 'first_response', ja: '厚生労働省・都道府県・警察・個人情報保護委員会等への報告の手順が決まっている', en: 'How to report to the MHLW, the prefecture, the police and the PPC is set' },
  { id: 'first_response.downtime_start', step: 'first_response', ja: '各部門が紙運用へ切り替える合図と手順が決まっている', en: 'The signal and steps for each department to switch to paper are set' },
  // 復旧処理
  { id: 'recovery.order', step: 'recovery', ja: 'システムの復旧順序と目標復旧時間(RTO)が決まっている', en: 'The recovery order of the systems and their RTOs are set' },
  { id: 'recovery.clean_restore', step: 'recovery', ja: '感染していないことを確かめたバックアップから復元する手順がある', en: 'There is a procedure to restore from a backup confirmed to be clean' },
  { id: 'recovery.back_entry', step: 'recovery', ja: '紙運用中の記録を復旧後にシステムへ入力する手順がある', en: 'There is a procedure to enter the paper records into the systems after recovery' },
  { id: 'recovery.emergency_accounts', step: 'recovery', ja: '復旧作業用の臨時アカウントを復旧後に削除する', en: 'Temporary accounts made for the recovery are removed afterwards' },
  { id: 'recovery.credentials', step: 'recovery', ja: '復旧後にパスワード等の認証情報を変更する', en: 'Passwords and other credentials are changed after recovery' },
  // 事後対応
  { id: 'aftermath.root_cause', step: 'aftermath', ja: '原因と侵入経路を調査し、記録する', en: 'The cause and the way in are investigated and recorded' },
  { id: 'aftermath.recurrence', step: 'aftermath', ja: '再発防止策を決め、対応アクションとして管理する', en: 'Measures against recurrence are decided and tracked as actions' },
  { id: 'aftermath.report_final', step: 'aftermath', ja: '関係機関への最終報告と患者等への説明を行う', en: 'The final reports to the authorities and the explanation to patients are made' },
  { id: 'aftermath.plan_update', step: 'aftermath', ja: '対応の振り返りを踏まえてBCPを見直す', en: 'The BCP is revised in the light of the review' },
];

const ITEM_IDS = new Set(BCP_CHECKLIST_ITEMS.map((i) => i.id));

// ── Content schema ─────────────────────────────────────────────────────────────────────────────────

export const BCP_LIMITS = { shortChars: 200, textChars: 4000, longChars: 20_000, listItems: 100 } as const;

const short = () => z.string().max(BCP_LIMITS.shortChars).default('');
const text = () => z.string().max(BCP_LIMITS.textChars).default('');
const long = () => z.string().max(BCP_LIMITS.longChars).default('');

export const ZBcpBasics = z.object({
  /** Why the plan exists, in a few sentences. */
  purpose: text(),
  /** Which systems and services the plan covers. */
  scope: text(),
  /** Sites / buildings covered (本院、分院 …). */
  sites: text(),
  /** What the plan assumes (e.g. the EHR is unusable for up to a week; network off). */
  assumptions: text(),
  /** The plan is reviewed every N months after approval (12 = yearly). */
  reviewCycleMonths: z.number().int().min(1).max(60).default(12),
});

export const ZBcpTrigger = z.object({ text: z.string().max(BCP_LIMITS.textChars).default('') });

export const ZBcpCommand = z.object({
  /** 対策本部長 (name or role). */
  lead: short(),
  /** Deputy (代行者). */
  deputy: short(),
  /** Where the headquarters sits. */
  place: short(),
  /** Where it moves when that place cannot be used. */
  alternatePlace: short(),
  /** How members are called (the contact chart 連絡体制図 is referred to live, not copied). */
  howCalled: text(),
  /** Roles and other notes. */
  notes: text(),
});

export const ZBcpDepartment = z.object({
  name: short(),
  /** What stops when the systems are down. */
  stops: text(),
  /** How the department works on paper meanwhile. */
  paperProcedure: long(),
  /** Forms and materials, and where they are kept. */
  materials: text(),
  /** Who leads the department's downtime work. */
  owner: short(),
  /** What to do when the systems return (back-entry of paper records). */
  onRecovery: text(),
});

export const ZBcpRecoveryProcedure = z.object({
  /** The ledger asset (system), or null for a system not in the ledger. */
  assetId: z.string().max(64).nullable().default(null),
  systemName: short(),
  procedure: long(),
  owner: short(),
  /** Vendors of the facility to call (ids). */
  vendorIds: z.array(z.string().max(64)).max(20).default([]),
  prerequisites: text(),
});

export const ZBcpMessage = z.object({
  audience: z.enum(BCP_AUDIENCES),
  title: short(),
  /** May contain {施設名} and {発生日時}. */
  body: text(),
});

export const ZBcpChecklistEntry = z.object({ checked: z.boolean().default(false), note: z.string().max(BCP_LIMITS.textChars).default('') });

export const ZBcpContent = z.object({
  basics: ZBcpBasics.default(() => ZBcpBasics.parse({})),
  triggers: z.array(ZBcpTrigger).max(BCP_LIMITS.listItems).default([]),
  command: ZBcpCommand.default(() => ZBcpCommand.parse({})),
  departments: z.array(ZBcpDepartment).max(BCP_LIMITS.listItems).default([]),
  recovery: z.array(ZBcpRecoveryProcedure).max(BCP_LIMITS.listItems).default([]),
  messages: z.array(ZBcpMessage).max(BCP_LIMITS.listItems).default([]),
  /** 確認表 item id (BCP_CHECKLIST_ITEMS) → checked + note. Unknown ids are kept but ignored. */
  checklist: z.record(z.string().max(100), ZBcpChecklistEntry).default({}),
});
export type BcpContent = z.output<typeof ZBcpContent>;
export type BcpContentInput = z.input<typeof ZBcpContent>;
export type BcpDepartment = z.output<typeof ZBcpDepartment>;
export type BcpRecoveryProcedure = z.output<typeof ZBcpRecoveryProcedure>;
export type BcpMessage = z.output<typeof ZBcpMessage>;

/** Parses stored content (JSON text or object); anything unreadable becomes an empty plan rather than an error. */
export function parseBcpContent(raw: unknown): BcpContent {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      value = {};
    }
  }
  const parsed = ZBcpContent.safeParse(value ?? {});
  return parsed.success ? parsed.data : ZBcpContent.parse({});
}

// ── The first draft ────────────────────────────────────────────────────────────────────────────────

/** The departments every draft starts with (name and what typically stops; the paper procedure is the hospital's own). */
export const DEFAULT_BCP_DEPARTMENTS: readonly { name: string; stops: string }[] = [
  { name: '外来', stops: '受付・予約の確認、診察記録、処方・検査のオーダ、次回予約' },
  { name: '病棟(紙カルテ運用)', stops: '電子カルテの閲覧・記録、指示の受け渡し、看護記録、バイタル入力' },
  { name: '検査', stops: '検査オーダの受信、検体ラベルの発行、結果の送信' },
  { name: '放射線', stops: '撮影オーダの受信、画像の保存・配信(PACS)、読影レポート' },
  { name: '薬剤', stops: '処方・注射オーダの受信、調剤システム、薬歴の参照' },
  { name: '会計', stops: '診療費の計算、請求書・領収書の発行、レセプト作成' },
  { name: '給食', stops: '食事オーダの受信、食札の発行、アレルギー情報の参照' },
  { name: '地域連携', stops: '紹介状・診療情報提供書の作成、予約の受付、転院調整の記録' },
];

/** A useful first draft: departments prefilled, example triggers, message templates and the command outline in Japanese. */
export function defaultBcpContent(facilityName: string): BcpContent {
  const name = facilityName.trim() || '当院';
  return ZBcpContent.parse({
    basics: {
      purpose: `サイバー攻撃などにより${name}の情報システムが使えなくなったときにも、患者の安全を守り、必要な診療を続け、できるだけ早くシステムを復旧するための計画です。`,
      scope: '電子カルテ、オーダリング、部門システム(検査・放射線・薬剤・給食)、医事会計、院内ネットワークと外部接続(保守回線・VPN)',
      sites: name,
      assumptions: '電子カルテを含む主要なシステムが数日から数週間使えず、院内ネットワークを遮断した状態で診療を続けることを想定します。',
      reviewCycleMonths: 12,
    },
    triggers: [
      { text: '電子カルテが30分以上使えず、復旧の見込みが立たない' },
      { text: '画面に身代金を要求する脅迫文(ランサムウェア)が表示された' },
      { text: '複数の端末でファイルが開けない・拡張子が変わっているなど、暗号化の兆候がある' },
      { text: '委託事業者や外部機関から、当院のシステムへの不正アクセスの連絡を受けた' },
    ],
    command: {
      lead: '院長',
      deputy: '副院長',
      place: '',
      alternatePlace: '',
      howCalled: '発見者から情報システム担当へ、情報システム担当から対策本部長へ、連絡体制図の順に連絡します。',
      notes: '',
    },
    departments: DEFAULT_BCP_DEPARTMENTS.map((d) => ({ name: d.name, stops: d.stops })),
    recovery: [],
    messages: [
      {
        audience: 'patients',
        title: 'システム障害による診療への影響について',
        body: '{施設名}では、{発生日時}から院内の情報システムに障害が発生しています。診療は紙での運用により継続していますが、受付・会計・お薬のお渡しにお時間をいただく場合があります。ご迷惑をおかけし申し訳ありません。',
      },
      {
        audience: 'staff',
        title: '【至急】情報システム障害に伴う紙運用への切り替え',
        body: '{発生日時}より情報システムに障害が発生しています。端末の電源は切らず、LANケーブルを抜いて情報システム担当へ連絡してください。各部門は紙運用の手順に切り替えてください。',
      },
      {
        audience: 'press',
        title: 'システム障害の発生について',
        body: '{施設名}において、{発生日時}に情報システムの障害が発生しました。現在、原因の調査と復旧作業を進めています。診療は規模を縮小して継続しています。詳しいことが分かり次第お知らせします。',
      },
      {
        audience: 'partners',
        title: '患者の受け入れ・紹介に関するお願い',
        body: '{施設名}では{発生日時}から情報システムの障害により、新規の紹介・救急の受け入れを制限しています。診療情報のやり取りは当面、電話とFAXでお願いします。',
      },
    ],
    checklist: {},
  });
}

/** A message template with {施設名} and {発生日時} filled in. */
export function fillBcpMessage(template: string, values: { facilityName: string; occurredAt: string }): string {
  return template.replaceAll('{施設名}', values.facilityName).replaceAll('{発生日時}', values.occurredAt);
}

// ── Completeness ───────────────────────────────────────────────────────────────────────────────────

export type SectionStatus = 'filled' | 'partial' | 'missing';

export interface BcpSectionCompleteness {
  section: BcpSection;
  status: SectionStatus;
  required: boolean;
  /** One sentence per language saying what is missing (or that the section is filled). */
  sentence: Text;
}

export interface BcpChecklistProgress {
  checked: number;
  total: number;
  steps: { step: BcpStep; checked: number; total: number }[];
}

export interface BcpCompleteness {
  /** All required sections filled: the version may be sent for approval. */
  complete: boolean;
  sections: BcpSectionCompleteness[];
  /** The required sections that are not filled, in section order. */
  missingRequired: BcpSection[];
  checklist: BcpChecklistProgress;
}

const filled = (s: string | null | undefined): boolean => (s ?? '').trim().length > 0;
const listJa = (names: string[]): string => names.join('・');
const listEn = (names: string[]): string => names.join(', ');

function result(section: BcpSection, status: SectionStatus, missing?: Text): BcpSectionCompleteness {
  const label = BCP_SECTION_LABELS[section];
  const sentence =
    status === 'filled' || !missing
      ? { ja: `${label.ja}: 記入済みです`, en: `${label.en}: complete` }
      : { ja: `${label.ja}: ${missing.ja}`, en: `${label.en}: ${missing.en}` };
  return { section, status, required: BCP_REQUIRED_SECTIONS.includes(section), sentence };
}

const FIELD_LABELS = {
  purpose: { ja: '目的', en: 'purpose' },
  scope: { ja: '対象範囲', en: 'scope' },
  lead: { ja: '対策本部長', en: 'head of the response' },
  place: { ja: '対策本部の設置場所', en: 'place of the headquarters' },
  howCalled: { ja: '招集方法', en: 'how members are called' },
} as const;

function missingFields(keys: (keyof typeof FIELD_LABELS)[], total: number): { status: SectionStatus; text?: Text } {
  if (keys.length === 0) return { status: 'filled' };
  return {
    status: keys.length === total ? 'missing' : 'partial',
    text: { ja: `${listJa(keys.map((k) => FIELD_LABELS[k].ja))}が未記入です`, en: `the ${listEn(keys.map((k) => FIELD_LABELS[k].en))} ${keys.length === 1 ? 'is' : 'are'} missing` },
  };
}

/** Per section: filled / partial / missing with a sentence; used before submission and by the 3(3) rule. */
export function bcpCompleteness(content: BcpContent): BcpCompleteness {
  const sections: BcpSectionCompleteness[] = [];

  {
    const keys = (['purpose', 'scope'] as const).filter((k) => !filled(content.basics[k]));
    const m = missingFields([...keys], 2);
    sections.push(result('basics', m.status, m.text));
  }
  {
    const n = content.triggers.filter((t) => filled(t.text)).length;
    sections.push(n > 0 ? result('triggers', 'filled') : result('triggers', 'missing', { ja: '発動の条件が1つもありません', en: 'no condition for invoking the plan is written' }));
  }
  {
    const keys = (['lead', 'place', 'howCalled'] as const).filter((k) => !filled(content.command[k]));
    const m = missingFields([...keys], 3);
    sections.push(result('command', m.status, m.text));
  }
  {
    const named = content.departments.filter((d) => filled(d.name));
    const without = named.filter((d) => !filled(d.paperProcedure)).map((d) => d.name.trim());
    const unnamed = content.departments.some((d) => !filled(d.name) && (filled(d.paperProcedure) || filled(d.stops)));
    if (named.length === 0) sections.push(result('departments', 'missing', { ja: '紙運用の手順を書いた部門がありません', en: 'no department has a paper procedure' }));
    else if (without.length === named.length) sections.push(result('departments', 'missing', { ja: `${listJa(without)}の紙運用の手順が未記入です`, en: `the paper procedure of ${listEn(without)} is missing` }));
    else if (without.length > 0) sections.push(result('departments', 'partial', { ja: `${listJa(without)}の紙運用の手順が未記入です`, en: `the paper procedure of ${listEn(without)} is missing` }));
    else if (unnamed) sections.push(result('departments', 'partial', { ja: '部門名のない手順があります', en: 'a procedure has no department name' }));
    else sections.push(result('departments', 'filled'));
  }
  {
    const systems = content.recovery.filter((r) => filled(r.systemName) || r.assetId !== null);
    const without = systems.filter((r) => !filled(r.procedure)).map((r) => (filled(r.systemName) ? r.systemName.trim() : (r.assetId ?? '')));
    if (systems.length === 0) sections.push(result('recovery', 'missing', { ja: '復旧手順を書いたシステムがありません', en: 'no system has a recovery procedure' }));
    else if (without.length === systems.length) sections.push(result('recovery', 'missing', { ja: `${listJa(without)}の復旧手順が未記入です`, en: `the recovery procedure of ${listEn(without)} is missing` }));
    else if (without.length > 0) sections.push(result('recovery', 'partial', { ja: `${listJa(without)}の復旧手順が未記入です`, en: `the recovery procedure of ${listEn(without)} is missing` }));
    else sections.push(result('recovery', 'filled'));
  }
  {
    const missing = BCP_AUDIENCES.filter((a) => !content.messages.some((m) => m.audience === a && filled(m.body)));
    if (missing.length === 0) sections.push(result('messages', 'filled'));
    else
      sections.push(
        result('messages', missing.length === BCP_AUDIENCES.length ? 'missing' : 'partial', {
          ja: `${listJa(missing.map((a) => BCP_AUDIENCE_LABELS[a].ja))}の文例がありません`,
          en: `there is no template for ${listEn(missing.map((a) => BCP_AUDIENCE_LABELS[a].en.toLowerCase()))}`,
        }),
      );
  }
  const checklist = bcpChecklistProgress(content);
  {
    const open = checklist.total - checklist.checked;
    if (open === 0) sections.push(result('checklist', 'filled'));
    else
      sections.push(
        result('checklist', checklist.checked === 0 ? 'missing' : 'partial', {
          ja: `${checklist.total}項目中${open}項目が未確認です`,
          en: `${open} of ${checklist.total} items are not confirmed yet`,
        }),
      );
  }
  const missingRequired = sections.filter((s) => s.required && s.status !== 'filled').map((s) => s.section);
  return { complete: missingRequired.length === 0, sections, missingRequired, checklist };
}

/** How many 確認表 items are checked, overall and per step (unknown ids in the content are ignored). */
export function bcpChecklistProgress(content: Pick<BcpContent, 'checklist'>): BcpChecklistProgress {
  const isChecked = (id: string) => ITEM_IDS.has(id) && content.checklist[id]?.checked === true;
  const steps = BCP_STEPS.map((step) => {
    const items = BCP_CHECKLIST_ITEMS.filter((i) => i.step === step);
    return { step, checked: items.filter((i) => isChecked(i.id)).length, total: items.length };
  });
  return { checked: steps.reduce((a, s) => a + s.checked, 0), total: BCP_CHECKLIST_ITEMS.length, steps };
}

// ── Review ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * The last day (JST, YYYY-MM-DD) the approved plan is current: the approval day plus the review cycle, minus one day
 * (approved 2026-04-01 with 12 months → 2027-03-31). The anniversary is clamped to the month end (01-31 + 1 month → 02-28).
 */
export function bcpReviewDueOn(approvedAt: string, cycleMonths = 12): string {
  const [y, m, d] = jstDateKey(new Date(approvedAt)).split('-').map(Number) as [number, number, number];
  const monthIndex = m - 1 + cycleMonths;
  const ty = y + Math.floor(monthIndex / 12);
  const tm = monthIndex % 12;
  const lastDay = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  const due = new Date(Date.UTC(ty, tm, Math.min(d, lastDay)) - 86_400_000);
  return due.toISOString().slice(0, 10);
}

/** Past its review date (today is a JST YYYY-MM-DD). */
export function bcpReviewOverdue(dueOn: string, today: string): boolean {
  return today > dueOn;
}
