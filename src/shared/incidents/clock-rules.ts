import { z } from 'zod';

/**
 * Legal reporting clocks as versioned rule data (ADR 0008). A rule says who must be told (authority), what kind of
 * filing it is (速報 / 確報 / 通知 / 報告), when it applies (a condition on the case's facts, as data) and by when
 * (a deadline spec). `computeClocks` in ./clocks.ts turns a rule set, the facts and the discovery time (発覚日時)
 * into clocks. A case keeps the rule-set version it was opened with; a new version is a new constant here, never
 * an edit of a published one.
 */

// ── Facts of a case ───────────────────────────────────────────────────────────────────────────────────────────────

/** The facts of a case the rules look at. Every flag means "happened or may have happened" (おそれを含む). */
export const ZIncidentClockFacts = z
  .object({
    /** 要配慮個人情報 (patient data: medical history, clinical information …) leaked, was lost or damaged, or may have been. */
    personalData: z.boolean(),
    /** How many people's data is concerned (本人の数); null while unknown. */
    affectedCount: z.number().int().min(0).nullable(),
    /** Unauthorised access (不正アクセス) — one form of wrongful purpose (施行規則第7条第3号). */
    unauthorizedAccess: z.boolean(),
    /** Other wrongful purpose (不正の目的): insider take-out, theft … */
    wrongfulPurpose: z.boolean(),
    /** Data whose misuse may cause financial harm (card numbers, banking credentials) (施行規則第7条第2号). */
    financialHarmPossible: z.boolean(),
    /** Provision of care is disrupted (診療への影響). */
    careDisrupted: z.boolean(),
    /** A leak of personal data (of any kind) is suspected. */
    leakSuspected: z.boolean(),
    /** A crime is suspected (ransomware, unauthorised access, theft …). */
    crimeSuspected: z.boolean(),
    /** The cyber insurance policy, when there is one: it requires a report within this many hours. */
    insured: z.object({ reportWithinHours: z.number().positive().max(24 * 366) }).strict().nullable(),
    /** The data was protected by advanced encryption (高度な暗号化等) — exempts PPC report and notice to the people. */
    encryptedHighGrade: z.boolean(),
  })
  .strict();
export type IncidentClockFacts = z.infer<typeof ZIncidentClockFacts>;

/** The boolean facts a condition may name. */
export type ClockFactFlag = {
  [K in keyof IncidentClockFacts]: IncidentClockFacts[K] extends boolean ? K : never;
}[keyof IncidentClockFacts];

/** Facts with every flag off, nobody counted and no insurance: no clock runs. */
export const NO_FACTS: IncidentClockFacts = {
  personalData: false,
  affectedCount: null,
  unauthorizedAccess: false,
  wrongfulPurpose: false,
  financialHarmPossible: false,
  careDisrupted: false,
  leakSuspected: false,
  crimeSuspected: false,
  insured: null,
  encryptedHighGrade: false,
};

// ── Rule vocabulary ───────────────────────────────────────────────────────────────────────────────────────────────

export const CLOCK_AUTHORITIES = ['ppc', 'mhlw', 'prefecture', 'police', 'insurer', 'data_subjects'] as const;
export type ClockAuthority = (typeof CLOCK_AUTHORITIES)[number];

export const CLOCK_AUTHORITY_LABELS: Record<ClockAuthority, { ja: string; en: string }> = {
  ppc: { ja: '個人情報保護委員会', en: 'Personal Information Protection Commission' },
  mhlw: { ja: '厚生労働省', en: 'Ministry of Health, Labour and Welfare' },
  prefecture: { ja: '都道府県(保健所)', en: 'Prefecture (public health centre)' },
  police: { ja: '警察', en: 'Police' },
  insurer: { ja: '保険会社', en: 'Insurer' },
  data_subjects: { ja: '本人', en: 'People affected' },
};

/** 速報 (preliminary), 確報 (final), 通知 (notice to people or a contract party), 報告 (report to an authority). */
export const CLOCK_KINDS = ['preliminary', 'final', 'notice', 'report'] as const;
export type ClockKind = (typeof CLOCK_KINDS)[number];

export const CLOCK_KIND_LABELS: Record<ClockKind, { ja: string; en: string }> = {
  preliminary: { ja: '速報', en: 'Preliminary report' },
  final: { ja: '確報', en: 'Final report' },
  notice: { ja: '通知', en: 'Notice' },
  report: { ja: '報告', en: 'Report' },
};

/** A condition on the facts, as data (so a rule set can be stored, compared and reviewed as a diff). */
export type ClockCondition =
  | { fact: ClockFactFlag }
  /** affectedCount is known and greater than n (千人を超える → countAbove: 1000). Unknown counts do not match. */
  | { countAbove: number }
  /** The case has an insurance policy (facts.insured is set). */
  | { insured: true }
  | { all: readonly ClockCondition[] }
  | { any: readonly ClockCondition[] }
  | { not: ClockCondition };

/**
 * How the first day is counted in a period of days: `civil_code_140` (民法第140条: not counted unless the period starts
 * at 00:00 JST) or `counted` (the day of discovery is day 1). Version 2024-04 uses the first (ADR 0008).
 */
export type FirstDayRule = 'civil_code_140' | 'counted';

/**
 * When a filing is due.
 * - `days`: a period of calendar days in JST ending at the end of its last day (23:59:59.999 JST); `variants`
 *   replace `days` when their condition holds (first match wins); `outerDays` is a later outer bound for a soft target.
 * - `hours`: elapsed hours from the discovery (民法第139条: a period in hours runs from that moment).
 * - `option_hours`: elapsed hours given by an option of computeClocks ("at once", "promptly" — modelled, soft).
 * - `insurer_hours`: elapsed hours from the case's insurance policy (facts.insured.reportWithinHours).
 * - `none`: no fixed time ("promptly", without a number) — the clock has no due time and runs until filed.
 */
export type ClockDeadline =
  | {
      type: 'days';
      days: number;
      firstDay: FirstDayRule;
      soft: boolean;
      outerDays?: number;
      variants?: readonly { when: ClockCondition; days: number }[];
    }
  | { type: 'hours'; hours: number; soft: boolean }
  | { type: 'option_hours'; option: 'atOnceHours' | 'promptlyHours'; soft: boolean }
  | { type: 'insurer_hours'; soft: boolean }
  | { type: 'none' };

export interface ClockRule {
  /** Stable across rule-set versions (filings are recorded against it). */
  id: string;
  authority: ClockAuthority;
  kind: ClockKind;
  when: ClockCondition;
  deadline: ClockDeadline;
  labels: { ja: string; en: string };
  /** The legal (or contractual) basis. */
  basis: { ja: string; en: string };
  /** What is modelled rather than stated by the source (shown with the clock). */
  note?: { ja: string; en: string };
  sources: readonly string[];
  /** False while the obligation and its deadline were not checked against a primary source (ADR 0007, 0008). */
  verified: boolean;
}

export interface ClockRuleSet {
  /** e.g. '2024-04' — the state of the law the set describes. */
  version: string;
  /** First day (JST) the set describes; cases opened earlier keep their own version. */
  effectiveFrom: string;
  rules: readonly ClockRule[];
}

// ── Version 2024-04 ───────────────────────────────────────────────────────────────────────────────────────────────

/** A leak (漏えい・滅失・毀損) of personal data happened or may have: patient data (要配慮) or any other. */
const LEAK: ClockCondition = { any: [{ fact: 'personalData' }, { fact: 'leakSuspected' }] };
/** 施行規則第7条第3号: 不正の目的をもって行われたおそれ (unauthorised access is the common case). */
const WRONGFUL: ClockCondition = { any: [{ fact: 'unauthorizedAccess' }, { fact: 'wrongfulPurpose' }] };
/** 個人情報保護法第26条 + 施行規則第7条 第1〜4号, minus the encryption exemption. */
const PPC_APPLIES: ClockCondition = {
  all: [
    LEAK,
    { any: [{ fact: 'personalData' }, { fact: 'financialHarmPossible' }, WRONGFUL, { countAbove: 1000 }] },
    { not: { fact: 'encryptedHighGrade' } },
  ],
};
/** 医政総発1029第1号 (2018-10-29): care disrupted or personal information leaked (or may have). */
const MHLW_APPLIES: ClockCondition = { any: [{ fact: 'careDisrupted' }, LEAK] };

const PPC_SOURCES = ['https://www.ppc.go.jp/personalinfo/legal/leakAction/'] as const;
const MHLW_SOURCES = ['医政総発1029第1号・医政地発1029第3号・医政研発1029第1号 (2018-10-29)'] as const;

export const LEGAL_CLOCK_RULES_V1: ClockRuleSet = {
  version: '2024-04',
  effectiveFrom: '2024-04-01',
  rules: [
    {
      id: 'ppc.preliminary',
      authority: 'ppc',
      kind: 'preliminary',
      when: PPC_APPLIES,
      deadline: { type: 'days', days: 3, outerDays: 5, firstDay: 'civil_code_140', soft: true },
      labels: { ja: '個人情報保護委員会への速報', en: 'Preliminary report to the PPC' },
      basis: {
        ja: '個人情報保護法第26条第1項、施行規則第7条・第8条第1項(速やかに)',
        en: 'APPI art. 26(1); Enforcement Rules art. 7 and 8(1) ("promptly")',
      },
      note: {
        ja: '「速やかに」は概ね3〜5日とされるため、3日目の終わりを目標、5日目の終わりを上限として表示します。',
        en: '"Promptly" is understood as about 3–5 days: the target is the end of day 3, the outer bound the end of day 5.',
      },
      sources: PPC_SOURCES,
      verified: true,
    },
    {
      id: 'ppc.final',
      authority: 'ppc',
      kind: 'final',
      when: PPC_APPLIES,
      deadline: { type: 'days', days: 30, firstDay: 'civil_code_140', soft: false, variants: [{ when: WRONGFUL, days: 60 }] },
      labels: { ja: '個人情報保護委員会への確報', en: 'Final report to the PPC' },
      basis: {
        ja: '個人情報保護法第26条第1項、施行規則第8条第2項(30日以内、不正の目的によるおそれがある場合は60日以内)',
        en: 'APPI art. 26(1); Enforcement Rules art. 8(2) (within 30 days, 60 days where a wrongful purpose may be involved)',
      },
      sources: PPC_SOURCES,
      verified: true,
    },
    {
      id: 'data_subjects.notice',
      authority: 'data_subjects',
      kind: 'notice',
      when: PPC_APPLIES,
      deadline: { type: 'none' },
      labels: { ja: '本人への通知', en: 'Notice to the people affected' },
      basis: {
        ja: '個人情報保護法第26条第2項、施行規則第10条(当該事態の状況に応じて速やかに)',
        en: 'APPI art. 26(2); Enforcement Rules art. 10 (promptly, as the situation allows)',
      },
      note: { ja: '期限の日数は定められていません。', en: 'No fixed number of days.' },
      sources: PPC_SOURCES,
      verified: true,
    },
    {
      id: 'mhlw.report',
      authority: 'mhlw',
      kind: 'report',
      when: MHLW_APPLIES,
      deadline: { type: 'option_hours', option: 'atOnceHours', soft: true },
      labels: { ja: '厚生労働省への第一報', en: 'First report to MHLW' },
      basis: {
        ja: '医政総発1029第1号・医政地発1029第3号・医政研発1029第1号(平成30年10月29日)、医療情報システムの安全管理に関するガイドライン 経営管理編3.4.3',
        en: 'MHLW notice 医政総発1029第1号 et al. (29 Oct 2018); Guidelines for the security of medical information systems, management part 3.4.3',
      },
      note: {
        ja: '「直ちに」を発覚から数時間(施設の設定)の目安として表示します。',
        en: '"At once" is shown as a target a few hours after discovery (set per facility).',
      },
      sources: MHLW_SOURCES,
      verified: false,
    },
    {
      id: 'prefecture.report',
      authority: 'prefecture',
      kind: 'report',
      when: MHLW_APPLIES,
      deadline: { type: 'option_hours', option: 'promptlyHours', soft: true },
      labels: { ja: '都道府県(保健所)への報告', en: 'Report to the prefecture (public health centre)' },
      basis: {
        ja: '医政総発1029第1号ほか(平成30年10月29日)、医療法第25条',
        en: 'MHLW notice 医政総発1029第1号 et al. (29 Oct 2018); Medical Care Act art. 25',
      },
      note: {
        ja: '「速やかに」を発覚からの目安時間(施設の設定)として表示します。',
        en: '"Promptly" is shown as a target number of hours after discovery (set per facility).',
      },
      sources: MHLW_SOURCES,
      verified: false,
    },
    {
      id: 'police.report',
      authority: 'police',
      kind: 'report',
      when: { fact: 'crimeSuspected' },
      deadline: { type: 'option_hours', option: 'promptlyHours', soft: true },
      labels: { ja: '警察(サイバー犯罪相談窓口)への相談・通報', en: 'Report to the police (cybercrime desk)' },
      basis: {
        ja: '医療情報システムの安全管理に関するガイドライン 経営管理編3.4.3',
        en: 'Guidelines for the security of medical information systems, management part 3.4.3',
      },
      note: {
        ja: '法定の期限はありません。「速やかに」を目安時間として表示します。',
        en: 'No statutory deadline; "promptly" is shown as a target number of hours.',
      },
      sources: ['医療情報システムの安全管理に関するガイドライン 第6.0版 経営管理編'],
      verified: false,
    },
    {
      id: 'insurer.notice',
      authority: 'insurer',
      kind: 'notice',
      when: { insured: true },
      deadline: { type: 'insurer_hours', soft: false },
      labels: { ja: '保険会社への事故報告', en: 'Notice of the incident to the insurer' },
      basis: { ja: '保険契約(約款)の定め', en: 'The insurance policy' },
      note: { ja: '期限は案件に登録した保険契約の時間です。', en: 'The deadline is the one recorded for the case\'s policy.' },
      sources: [],
      verified: false,
    },
  ],
};

/** Every published rule set, oldest first. Never edit a published set: add a new version. */
export const LEGAL_CLOCK_RULE_SETS: readonly ClockRuleSet[] = [LEGAL_CLOCK_RULES_V1];

/** The rule set new cases are opened with. */
export const CURRENT_LEGAL_CLOCK_RULES: ClockRuleSet = LEGAL_CLOCK_RULE_SETS[LEGAL_CLOCK_RULE_SETS.length - 1]!;

/** The rule set a case recorded, or undefined for an unknown version. */
export function legalClockRuleSet(version: string): ClockRuleSet | undefined {
  return LEGAL_CLOCK_RULE_SETS.find((s) => s.version === version);
}
