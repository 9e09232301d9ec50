import { fiscalYearOf, formatFiscalYear, jstDateKey } from '../dates.ts';
import { fillSentence } from './sentences.ts';
import type { Criticality } from '../ledger.ts';
import {
  BACKUP_FINDING_CODES,
  coverageFindings,
  DEFAULT_BACKUP_POLICY,
  isOfflineCopy,
  planFreshness,
  renderBackupFinding,
  type BackupFindingCode,
  type BackupLocale,
  type BackupPlan,
} from './backup.ts';
import { bcpReviewDueOn, bcpReviewOverdue, parseBcpContent } from './bcp.ts';
import { DEFAULT_DRILL_INTERVAL_MONTHS, drillDue, drillIntervalFor, type DrillDue } from './drills.ts';
import { fiscalYearOfDate } from './exercises.ts';

/**
 * The facility's resilience (備え) at a glance, for the dashboard: plain sentences, worst first — stale offline copies,
 * systems without an offline copy, overdue restore drills, a BCP that is not approved or overdue for review, no exercise
 * this fiscal year — with counts. Pure: the server reads a `ResilienceSnapshot` (resilience-facts.ts) and calls
 * `resilienceSummary`; the UI and the CLI render each sentence with `renderSummarySentence` (ja/en).
 *
 * The snapshot is also what the checklist rules 3(2) and 3(3) read, so the dashboard and the assessment agree.
 */

// ── The snapshot (facts read by the server) ─────────────────────────────────────────────────────────

/** A system of criticality 1–2 (an active ledger asset). */
export interface SnapshotSystem {
  id: string;
  name: string;
  criticality: Criticality;
}

/** An active (not retired) backup plan of an active asset, with its last success. */
export interface SnapshotPlan extends BackupPlan {
  label: string | null;
  restoreProcedure: string | null;
  /** finished_at of the newest successful run finished by now (ISO UTC), or null. */
  lastSuccessAt: string | null;
}

export interface SnapshotTarget {
  assetId: string;
  rtoHours: number | null;
  rpoHours: number | null;
  drillIntervalMonths: number | null;
  recoveryNotes: string | null;
}

export type SnapshotDrillStatus = 'planned' | 'done' | 'cancelled';
export interface SnapshotDrill {
  id: string;
  assetId: string;
  status: SnapshotDrillStatus;
  plannedOn: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** full | partial | failed */
  restored: string | null;
  /** passed | failed */
  result: string | null;
  rtoHoursTarget: number | null;
}

export type SnapshotBcpStatus = 'draft' | 'in_review' | 'approved' | 'superseded';
export interface SnapshotBcpVersion {
  id: string;
  number: number;
  status: SnapshotBcpStatus;
  approvedAt: string | null;
  /** The parsed JSON content (src/shared/resilience/bcp.ts); unknown here. */
  content: unknown;
}

export interface SnapshotExercise {
  id: string;
  kind: string;
  title: string;
  status: 'planned' | 'done' | 'cancelled';
  heldOn: string;
}

export interface ResilienceSnapshot {
  /** Active assets of criticality 1–2, by criticality then name. */
  systems: SnapshotSystem[];
  /** Active plans of active assets (any criticality). */
  plans: SnapshotPlan[];
  targets: SnapshotTarget[];
  /** Restore drills of active assets (planned and done; cancelled ones are left out by the reader). */
  drills: SnapshotDrill[];
  /** BCP versions, newest number first. */
  bcp: SnapshotBcpVersion[];
  /** Exercises (planned and done), newest first. */
  exercises: SnapshotExercise[];
}

// ── Shared derivations (used by the summary and the checklist rules) ────────────────────────────────

/** An approved BCP is reviewed within this many months of its approval. */
export const BCP_REVIEW_MONTHS = 12;

/** The JST calendar day of an ISO timestamp (YYYY-MM-DD). */
export function jstDay(iso: string): string {
  return jstDateKey(new Date(iso));
}

/** A plan's freshness at `now` from its last success (the snapshot keeps only that run). */
export function snapshotFreshness(plan: SnapshotPlan, now: Date) {
  const runs = plan.lastSuccessAt ? [{ planId: plan.id, startedAt: plan.lastSuccessAt, finishedAt: plan.lastSuccessAt, status: 'success' as const }] : [];
  return planFreshness(plan, runs, now);
}

/** The newest done drill of a system (by finish), or undefined. */
export function lastDoneDrill(drills: readonly SnapshotDrill[], assetId: string): SnapshotDrill | undefined {
  let best: SnapshotDrill | undefined;
  for (const d of drills) {
    if (d.assetId !== assetId || d.status !== 'done' || !d.finishedAt) continue;
    if (!best || d.finishedAt > best.finishedAt!) best = d;
  }
  return best;
}

/**
 * A system's restore-drill due state (drills.ts `drillDue`): from the JST day of the last done drill and the next
 * planned one, at the system's interval (12 months for criticality 1–2 without one).
 */
export function systemDrillDue(snap: Pick<ResilienceSnapshot, 'drills' | 'targets'>, system: SnapshotSystem, today: string): DrillDue & { lastDone: SnapshotDrill | undefined } {
  const last = lastDoneDrill(snap.drills, system.id);
  const planned = snap.drills
    .filter((d) => d.assetId === system.id && d.status === 'planned' && d.plannedOn !== null)
    .map((d) => d.plannedOn!)
    .sort()[0] ?? null;
  const interval = drillIntervalFor(system.criticality, snap.targets.find((t) => t.assetId === system.id)?.drillIntervalMonths ?? null) ?? DEFAULT_DRILL_INTERVAL_MONTHS;
  return { ...drillDue(last?.finishedAt ? jstDay(last.finishedAt) : null, planned, interval, today), lastDone: last };
}

/** The BCP's standing: the newest approved version, the open draft (draft or in review), and the review date (bcp.ts). */
export function bcpStanding(versions: readonly SnapshotBcpVersion[], today: string) {
  const approved = versions.filter((v) => v.status === 'approved').sort((a, b) => b.number - a.number)[0];
  const open = versions.filter((v) => v.status === 'draft' || v.status === 'in_review').sort((a, b) => b.number - a.number)[0];
  const approvedOn = approved?.approvedAt ? jstDay(approved.approvedAt) : null;
  // The plan's own review cycle (基本方針, 12 months unless changed), as the BCP page counts it.
  const reviewDueOn = approved?.approvedAt ? bcpReviewDueOn(approved.approvedAt, parseBcpContent(approved.content).basics.reviewCycleMonths ?? BCP_REVIEW_MONTHS) : null;
  return { approved, open, approvedOn, reviewDueOn, reviewOverdue: reviewDueOn !== null && bcpReviewOverdue(reviewDueOn, today) };
}

/** Done exercises held in a fiscal year. */
export function exercisesDoneIn(exercises: readonly SnapshotExercise[], fiscalYear: number): SnapshotExercise[] {
  return exercises.filter((e) => e.status === 'done' && fiscalYearOfDate(e.heldOn) === fiscalYear);
}

// ── The summary ─────────────────────────────────────────────────────────────────────────────────────

export const SUMMARY_SEVERITIES = ['critical', 'warning', 'info'] as const;
export type SummarySeverity = (typeof SUMMARY_SEVERITIES)[number];

/**
 * Sentence codes in the order they are listed (worst first). The coverage codes are those of backup.ts
 * (BACKUP_FINDING_CODES) and are worded by BACKUP_FINDING_TEXT.
 */
export const SUMMARY_CODES = [
  'offline_stale',
  'offline_never',
  'no_plan',
  'no_plan_many',
  'no_offline_copy',
  'few_generations',
  'data_not_covered',
  'single_method',
  'backup_stale',
  'backup_never',
  'drill_overdue',
  'drill_never',
  'drill_never_many',
  'drill_failed',
  'bcp_none',
  'bcp_draft',
  'bcp_in_review',
  'bcp_review_overdue',
  'exercise_none',
  'binder_outdated',
  'binder_never',
  'no_systems',
] as const;
export type SummaryCode = (typeof SUMMARY_CODES)[number];

export const SUMMARY_SEVERITY: Record<SummaryCode, SummarySeverity> = {
  offline_stale: 'critical',
  offline_never: 'critical',
  no_plan: 'critical',
  no_plan_many: 'critical',
  no_offline_copy: 'critical',
  few_generations: 'warning',
  data_not_covered: 'warning',
  single_method: 'warning',
  backup_stale: 'warning',
  backup_never: 'warning',
  drill_overdue: 'warning',
  drill_never: 'warning',
  drill_never_many: 'warning',
  drill_failed: 'warning',
  bcp_none: 'warning',
  bcp_draft: 'warning',
  bcp_in_review: 'info',
  bcp_review_overdue: 'warning',
  exercise_none: 'info',
  binder_outdated: 'warning',
  binder_never: 'info',
  no_systems: 'info',
};

/** Where a sentence leads in the UI (the web maps these onto its paths). */
export const SUMMARY_LINK_TARGETS = ['backups', 'backupPlan', 'recovery', 'drills', 'drill', 'bcp', 'bcpVersion', 'exercises', 'binder', 'ledger'] as const;
export type SummaryLinkTarget = (typeof SUMMARY_LINK_TARGETS)[number];

export interface SummarySentence {
  severity: SummarySeverity;
  code: SummaryCode;
  /** Names, numbers and YYYY-MM-DD days; `fiscalYear` is a Gregorian start year (written as 令和n年度). */
  params: Record<string, string | number>;
  link: { to: SummaryLinkTarget; id?: string };
  /** The ledger asset the sentence is about, when there is one. */
  systemId?: string;
}

export interface SummaryCounts {
  /** Active systems of criticality 1–2. */
  systems: number;
  plans: number;
  offlinePlans: number;
  stalePlans: number;
  staleOfflinePlans: number;
  systemsWithoutOfflineCopy: number;
  /** Systems of criticality 1–2 whose restore drill is overdue or was never done. */
  drillsDue: number;
  /** approved (and not overdue) | review_overdue | in_review | draft | none */
  bcp: 'approved' | 'review_overdue' | 'in_review' | 'draft' | 'none';
  fiscalYear: number;
  exercisesThisYear: number;
}

export interface ResilienceSummary {
  sentences: SummarySentence[];
  counts: SummaryCounts;
  /** True only when there is at least one system of criticality 1–2 and nothing to say. */
  allGood: boolean;
}

/** More systems than this with no plan, or never drilled, make one sentence with a count and the first names. */
export const SUMMARY_GROUP_OVER = 3;
const EXAMPLES = 3;
/** The first names (in the snapshot's order: criticality, then name), joined with 「、」. */
function examples(names: readonly string[]): string {
  return names.slice(0, EXAMPLES).join('、');
}

const SEVERITY_RANK: Record<SummarySeverity, number> = { critical: 0, warning: 1, info: 2 };
const CODE_RANK = new Map<SummaryCode, number>(SUMMARY_CODES.map((c, i) => [c, i]));

/** The summary of a snapshot at `now`. Sentences: by severity, then code order, then the larger number of days, then system name. */
export function resilienceSummary(snap: ResilienceSnapshot, now: Date): ResilienceSummary {
  const today = jstDateKey(now);
  const fiscalYear = fiscalYearOf(now);
  const out: SummarySentence[] = [];
  const add = (code: SummaryCode, params: Record<string, string | number>, link: SummarySentence['link'], systemId?: string) =>
    out.push({ severity: SUMMARY_SEVERITY[code], code, params, link, ...(systemId ? { systemId } : {}) });

  // Backups: freshness of every active plan.
  let stalePlans = 0;
  let staleOfflinePlans = 0;
  for (const p of snap.plans) {
    const f = snapshotFreshness(p, now);
    if (f.state === 'fresh') continue;
    const offline = isOfflineCopy(p);
    stalePlans++;
    if (offline) staleOfflinePlans++;
    const link = { to: 'backupPlan' as const, id: p.id };
    if (f.state === 'stale') add(offline ? 'offline_stale' : 'backup_stale', { system: p.systemName, days: f.daysSinceSuccess ?? 0, date: jstDay(f.lastSuccessAt!) }, link, p.systemId);
    else add(offline ? 'offline_never' : 'backup_never', { system: p.systemName }, link, p.systemId);
  }
  // Coverage of the systems of criticality 1–2.
  const findings = coverageFindings(snap.systems, snap.plans);
  // Many systems without any plan (a ledger that lists every PC and switch) are one sentence, not dozens.
  const noPlan = findings.filter((f) => f.code === 'no_plan');
  for (const f of findings) if (f.code !== 'no_plan' || noPlan.length <= SUMMARY_GROUP_OVER) add(f.code, f.params, { to: 'backups' }, f.systemId);
  if (noPlan.length > SUMMARY_GROUP_OVER) add('no_plan_many', { count: noPlan.length, examples: examples(noPlan.map((f) => String(f.params.system))) }, { to: 'backups' });
  const withoutOffline = new Set(findings.filter((f) => f.code === 'no_plan' || f.code === 'no_offline_copy').map((f) => f.systemId));

  // Restore drills.
  let drillsDue = 0;
  const neverDrilled: SnapshotSystem[] = [];
  for (const s of snap.systems) {
    const due = systemDrillDue(snap, s, today);
    const last = due.lastDone;
    if (due.status === 'never') {
      drillsDue++;
      neverDrilled.push(s);
    } else if (due.status === 'overdue') {
      drillsDue++;
      add('drill_overdue', { system: s.name, dueOn: due.dueOn! }, last ? { to: 'drill', id: last.id } : { to: 'drills' }, s.id);
    }
    if (last && last.result === 'failed') add('drill_failed', { system: s.name, date: jstDay(last.finishedAt!) }, { to: 'drill', id: last.id }, s.id);
  }

  if (neverDrilled.length > SUMMARY_GROUP_OVER) add('drill_never_many', { count: neverDrilled.length, examples: examples(neverDrilled.map((s) => s.name)) }, { to: 'drills' });
  else for (const s of neverDrilled) add('drill_never', { system: s.name }, { to: 'drills' }, s.id);

  // The BCP.
  const bcp = bcpStanding(snap.bcp, today);
  let bcpCount: SummaryCounts['bcp'] = 'none';
  if (bcp.approved) {
    bcpCount = bcp.reviewOverdue ? 'review_overdue' : 'approved';
    if (bcp.reviewOverdue) add('bcp_review_overdue', { number: bcp.approved.number, dueOn: bcp.reviewDueOn! }, { to: 'bcpVersion', id: bcp.approved.id });
  } else if (bcp.open) {
    bcpCount = bcp.open.status === 'in_review' ? 'in_review' : 'draft';
    add(bcp.open.status === 'in_review' ? 'bcp_in_review' : 'bcp_draft', { number: bcp.open.number }, { to: 'bcpVersion', id: bcp.open.id });
  } else add('bcp_none', {}, { to: 'bcp' });

  // Exercises of this fiscal year.
  const doneThisYear = exercisesDoneIn(snap.exercises, fiscalYear);
  if (doneThisYear.length === 0) {
    const last = snap.exercises.filter((e) => e.status === 'done' && e.heldOn <= today).sort((a, b) => (a.heldOn < b.heldOn ? 1 : -1))[0];
    add('exercise_none', last ? { fiscalYear, lastHeldOn: last.heldOn } : { fiscalYear }, { to: 'exercises' });
  }

  if (snap.systems.length === 0) add('no_systems', {}, { to: 'ledger' });

  out.sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      CODE_RANK.get(a.code)! - CODE_RANK.get(b.code)! ||
      Number(b.params.days ?? 0) - Number(a.params.days ?? 0) ||
      String(a.params.system ?? '').localeCompare(String(b.params.system ?? ''), 'ja'),
  );
  const offlinePlans = snap.plans.filter(isOfflineCopy).length;
  return {
    sentences: out,
    counts: {
      systems: snap.systems.length,
      plans: snap.plans.length,
      offlinePlans,
      stalePlans,
      staleOfflinePlans,
      systemsWithoutOfflineCopy: withoutOffline.size,
      drillsDue,
      bcp: bcpCount,
      fiscalYear,
      exercisesThisYear: doneThisYear.length,
    },
    allGood: out.length === 0 && snap.systems.length > 0,
  };
}

// ── Words ───────────────────────────────────────────────────────────────────────────────────────────

type OwnCode = Exclude<SummaryCode, BackupFindingCode>;

/**
 * The sentences (no closing punctuation). `{name}` is a parameter; `{n:one|other}` picks the English singular or
 * plural; a YYYY-MM-DD parameter is written as a date; `{fiscalYear}` as 令和n年度 / FY2026 (Reiwa 8).
 * The coverage codes use BACKUP_FINDING_TEXT (backup.ts).
 */
export const SUMMARY_TEXT: Record<OwnCode, { ja: string; en: string }> = {
  offline_stale: {
    ja: '{system}のオフラインバックアップが{days}日間成功していません',
    en: 'The offline backup of {system} has not succeeded for {days} {days:day|days}',
  },
  offline_never: { ja: '{system}のオフラインバックアップは一度も成功していません', en: 'The offline backup of {system} has never succeeded' },
  backup_stale: { ja: '{system}のバックアップが{days}日間成功していません', en: 'The backup of {system} has not succeeded for {days} {days:day|days}' },
  backup_never: { ja: '{system}のバックアップは一度も成功していません', en: 'The backup of {system} has never succeeded' },
  drill_overdue: {
    ja: '{system}の復旧訓練が期限({dueOn})を過ぎています',
    en: 'The restore drill of {system} is overdue (due {dueOn})',
  },
  drill_never: { ja: '{system}の復旧訓練がまだ一度も行われていません', en: 'No restore drill of {system} has been done yet' },
  drill_never_many: {
    ja: '重要度1〜2のシステム{count}件で復旧訓練がまだ一度も行われていません({examples} など)',
    en: '{count} {count:system|systems} of criticality 1–2 {count:has|have} never had a restore drill ({examples} …)',
  },
  no_plan_many: {
    ja: '重要度1〜2のシステム{count}件にバックアップの計画がありません({examples} など)',
    en: '{count} {count:system|systems} of criticality 1–2 {count:has|have} no backup plan ({examples} …)',
  },
  drill_failed: {
    ja: '{system}の前回の復旧訓練({date})は目標を達成できませんでした。対応アクションを確認してください',
    en: 'The last restore drill of {system} ({date}) did not meet its targets; check the follow-up actions',
  },
  bcp_none: { ja: 'サイバー攻撃を想定したBCPがまだ作成されていません', en: 'No BCP for a cyber attack has been drawn up yet' },
  bcp_draft: { ja: 'BCPは下書き(第{number}版)のまま承認されていません', en: 'The BCP is still a draft (version {number}) and has not been approved' },
  bcp_in_review: { ja: 'BCP(第{number}版)は承認待ちです', en: 'The BCP (version {number}) is waiting for approval' },
  bcp_review_overdue: {
    ja: 'BCP(第{number}版)の見直し期限({dueOn})を過ぎています',
    en: 'The BCP (version {number}) is overdue for review (due {dueOn})',
  },
  exercise_none: {
    ja: '{fiscalYear}の訓練はまだ実施されていません',
    en: 'No exercise has been held in {fiscalYear} yet',
  },
  binder_outdated: {
    ja: '緊急時バインダーの前回の印刷({code}・{date})以降に内容が変わりました。印刷し直してください',
    en: 'The emergency binder changed after the last printed copy ({code}, {date}); print it again',
  },
  binder_never: {
    ja: '緊急時バインダーがまだ印刷されていません。紙で備えてください',
    en: 'The emergency binder has never been printed; keep it on paper',
  },
  no_systems: {
    ja: '重要度1〜2のシステムが台帳に登録されていません。まず台帳に登録してください',
    en: 'No system of criticality 1–2 is registered in the ledger; register them first',
  },
};
const LAST_HELD = { ja: '(前回: {lastHeldOn})', en: ' (last: {lastHeldOn})' };

/** Writes a `{fiscalYear}` parameter (a Gregorian start year) as 令和n年度. */
function fill(template: string, params: Record<string, string | number>, locale: BackupLocale): string {
  return fillSentence(template, params, locale, (name, v) => (name === 'fiscalYear' ? formatFiscalYear(Number(v), locale) : undefined));
}

const isFindingCode = (code: string): code is BackupFindingCode => (BACKUP_FINDING_CODES as readonly string[]).includes(code);

/** One sentence of the summary in the locale: 「電子カルテのオフラインバックアップが9日間成功していません」. */
export function renderSummarySentence(s: Pick<SummarySentence, 'code' | 'params'>, locale: BackupLocale): string {
  if (isFindingCode(s.code)) return renderBackupFinding({ code: s.code, params: s.params }, locale);
  const text = fill(SUMMARY_TEXT[s.code][locale], s.params, locale);
  if (s.code === 'exercise_none' && s.params.lastHeldOn !== undefined) return text + fill(LAST_HELD[locale], s.params, locale);
  return text;
}

/** The policy the summary applies (for a help line: "3 generations, 1 day of grace"). */
export const SUMMARY_POLICY = { ...DEFAULT_BACKUP_POLICY, drillIntervalMonths: DEFAULT_DRILL_INTERVAL_MONTHS, bcpReviewMonths: BCP_REVIEW_MONTHS };

/** The emergency binder's state as far as the summary needs it (binder.service binderStatus). */
export interface SummaryBinderState {
  lastPrint: { code: string; generatedAt: string } | null;
  changedSinceLastPrint: boolean;
}

/**
 * The summary with the binder's sentence added in its place: outdated since the last generated copy (a warning), or
 * never generated (info, only once there is something to print: a system of criticality 1–2). Pure.
 */
export function withBinderSentence(summary: ResilienceSummary, binder: SummaryBinderState): ResilienceSummary {
  let sentence: SummarySentence | null = null;
  if (binder.lastPrint && binder.changedSinceLastPrint) {
    sentence = { severity: SUMMARY_SEVERITY.binder_outdated, code: 'binder_outdated', params: { code: binder.lastPrint.code, date: jstDay(binder.lastPrint.generatedAt) }, link: { to: 'binder' } };
  } else if (!binder.lastPrint && summary.counts.systems > 0) {
    sentence = { severity: SUMMARY_SEVERITY.binder_never, code: 'binder_never', params: {}, link: { to: 'binder' } };
  }
  if (!sentence) return summary;
  const sentences = [...summary.sentences, sentence].sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || CODE_RANK.get(a.code)! - CODE_RANK.get(b.code)!,
  );
  return { ...summary, sentences, allGood: false };
}
