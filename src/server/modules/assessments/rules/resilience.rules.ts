import { reason } from '../../../../shared/assessments/reasons.ts';
import type { ReasonText } from '../../../../shared/assessments/types.ts';
import { jstDateKey } from '../../../../shared/dates.ts';
import { addMonths } from '../../../../shared/ledger.ts';
import { DEFAULT_DRILL_INTERVAL_MONTHS, drillIntervalFor } from '../../../../shared/resilience/drills.ts';
import { coverageFindings, isOfflineCopy, type BackupFindingCode } from '../../../../shared/resilience/backup.ts';
import { bcpCompleteness, parseBcpContent } from '../../../../shared/resilience/bcp.ts';
import { bcpStanding, jstDay, snapshotFreshness, type ResilienceSnapshot, type SnapshotDrill } from '../../../../shared/resilience/summary.ts';
import { resilienceFacts } from '../../resilience/index.ts';
import { MAX_RECORDS, memo } from './facts.ts';
import { registerRule, type AssessmentRule, type RuleContext, type RuleResult } from './registry.ts';

/**
 * The checklist hooks of 備え (issue 7), on the same facts as the dashboard summary (resilience-facts.ts):
 *
 * 3(2) `resilience.backups` — 「データやシステムのバックアップの実施と復旧手順を確認している」. はい when every active
 * system of criticality 1–2 has: a plan covering its data, an offline or immutable copy (isOfflineCopy, 疑義解釈その7)
 * with enough generations and copies by several methods (coverageFindings), no stale or never-succeeded plan
 * (planFreshness), a restore procedure written down (a plan's restore procedure or the system's recovery notes), and a
 * restore drill within the system's drill interval (its recovery target's, 12 months by default — the same interval as
 * the drill schedule and the dashboard) that restored the system fully (the "confirmed restore procedure"; a drill
 * that restored fully but missed its RTO/RPO still confirms the procedure and adds an informational reason). Else
 * いいえ with one reason per gap, system by system. No system of criticality 1–2 → unknown (register the ledger first).
 *
 * 3(3) `resilience.bcp` — 「サイバー攻撃を想定したBCPを策定している」. はい when an approved BCP exists and it was
 * its review date (approval + the plan's own review cycle, 12 months unless changed) has not passed. A draft or a version waiting for approval only → いいえ.
 * The yearly exercise the 診療録管理体制加算 asks for is context, not a condition of 3(3): an informational reason tells
 * whether an exercise was held within the last 12 months (a rolling window rather than the fiscal year, so an
 * assessment made in April does not read as a gap just because the new year has begun; the dashboard tracks the fiscal
 * year).
 */

/** The window of the informational exercise reason, in months. */
export const RESILIENCE_RULE_MONTHS = 12;

const facts = (ctx: RuleContext): Promise<ResilienceSnapshot> => memo(ctx, 'resilience.facts', () => resilienceFacts(ctx.deps.db, ctx.facilityId, ctx.now));

const FINDING_REASON: Record<BackupFindingCode, (system: string, params: Record<string, string | number>) => ReasonText> = {
  no_plan: (system) => reason('backups_no_plan', { system }),
  no_offline_copy: (system) => reason('backups_no_offline_copy', { system }),
  few_generations: (system, p) => reason('backups_few_generations', { system, generations: p.generations!, min: p.min! }),
  data_not_covered: (system) => reason('backups_data_not_covered', { system }),
  single_method: (system) => reason('backups_single_method', { system }),
};

const hasText = (v: string | null | undefined): boolean => v !== null && v !== undefined && v.trim() !== '';

function newest(drills: readonly SnapshotDrill[]): SnapshotDrill | undefined {
  return [...drills].sort((a, b) => (a.finishedAt! < b.finishedAt! ? 1 : a.finishedAt! > b.finishedAt! ? -1 : 0))[0];
}

/** Required sections of a BCP's content left blank or partly filled (bcp.ts `bcpCompleteness`). */
function blankRequiredSections(content: unknown): number {
  return bcpCompleteness(parseBcpContent(content)).missingRequired.length;
}

/** More systems than this with no plan (or never drilled) are told in one reason with a count and the first names. */
export const GROUP_REASONS_OVER = 3;

/**
 * A ledger that lists every PC, switch and bedside monitor of criticality 1–2 would give hundreds of "no plan" and
 * "never drilled" reasons: past GROUP_REASONS_OVER systems they become one reason each (at the place of the first),
 * with the count and the first three names; the records still list the systems.
 */
function grouped(gaps: ReasonText[]): ReasonText[] {
  const many = (key: string) => gaps.filter((g) => g.key === key);
  const noPlan = many('backups_no_plan');
  const never = many('backups_never_drilled');
  const names = (list: ReasonText[]) => list.slice(0, 3).map((r) => String(r.params?.system ?? '')).join('、');
  const out: ReasonText[] = [];
  for (const g of gaps) {
    if (g.key === 'backups_no_plan' && noPlan.length > GROUP_REASONS_OVER) {
      if (g === noPlan[0]) out.push(reason('backups_no_plan_many', { count: noPlan.length, examples: names(noPlan) }));
    } else if (g.key === 'backups_never_drilled' && never.length > GROUP_REASONS_OVER) {
      if (g === never[0]) out.push(reason('backups_never_drilled_many', { count: never.length, examples: names(never) }));
    } else out.push(g);
  }
  return out;
}

/** The verdict of 3(2) on a snapshot at `now` (pure). */
export function backupsVerdict(snap: ResilienceSnapshot, now: Date): RuleResult {
  if (snap.systems.length === 0) return { value: 'unknown', reasons: [reason('backups_no_systems')], records: [] };
  const today = jstDateKey(now);
  const findings = coverageFindings(snap.systems, snap.plans);
  const targets = new Map(snap.targets.map((t) => [t.assetId, t]));
  const gaps: ReasonText[] = [];
  const info: ReasonText[] = [];
  const withGaps: { id: string; label: string }[] = [];
  for (const s of snap.systems) {
    const mine: ReasonText[] = [];
    const system = s.name;
    for (const f of findings.filter((x) => x.systemId === s.id)) mine.push(FINDING_REASON[f.code](system, f.params));
    const plans = snap.plans.filter((p) => p.systemId === s.id);
    for (const p of plans) {
      const f = snapshotFreshness(p, now);
      const offline = isOfflineCopy(p);
      const days = f.daysSinceSuccess ?? 0;
      if (f.state === 'stale') mine.push(offline ? reason('backups_offline_stale', { system, days }) : reason('backups_stale', { system, days }));
      else if (f.state === 'never') mine.push(offline ? reason('backups_offline_never', { system }) : reason('backups_never', { system }));
    }
    if (plans.length > 0 && !plans.some((p) => hasText(p.restoreProcedure)) && !hasText(targets.get(s.id)?.recoveryNotes)) mine.push(reason('backups_no_procedure', { system }));
    const interval = drillIntervalFor(s.criticality, targets.get(s.id)?.drillIntervalMonths ?? null) ?? DEFAULT_DRILL_INTERVAL_MONTHS;
    const since = addMonths(today, -interval);
    const done = snap.drills.filter((d) => d.assetId === s.id && d.status === 'done' && d.finishedAt !== null);
    const recent = done.filter((d) => jstDay(d.finishedAt!) >= since);
    const recentFull = newest(recent.filter((d) => d.restored === 'full'));
    if (recentFull) {
      if (recentFull.result === 'failed') info.push(reason('backups_drill_missed_target', { system, date: jstDay(recentFull.finishedAt!) }));
    } else if (recent.length > 0) mine.push(reason('backups_drill_not_full', { system, date: jstDay(newest(recent)!.finishedAt!) }));
    else {
      const oldFull = newest(done.filter((d) => d.restored === 'full'));
      mine.push(oldFull ? reason('backups_drill_old', { system, date: jstDay(oldFull.finishedAt!) }) : reason('backups_never_drilled', { system }));
    }
    if (mine.length > 0) withGaps.push({ id: s.id, label: s.name });
    gaps.push(...mine);
  }
  const records = withGaps.slice(0, MAX_RECORDS).map((a) => ({ type: 'asset' as const, id: a.id, label: a.label }));
  if (gaps.length > 0) return { value: 'no', reasons: [...grouped(gaps), ...info], records };
  return { value: 'yes', reasons: [reason('backups_ok', { count: snap.systems.length }), ...info], records: [] };
}

/**
 * The verdict of 3(3) on a snapshot at `now` (pure). `incompleteSections` counts the blank required sections of the
 * approved version (bcpCompleteness); it only adds an informational reason.
 */
export function bcpVerdict(snap: ResilienceSnapshot, now: Date, incompleteSections: (content: unknown) => number = blankRequiredSections): RuleResult {
  const today = jstDateKey(now);
  const standing = bcpStanding(snap.bcp, today);
  const reasons: ReasonText[] = [];
  let value: RuleResult['value'];
  if (standing.approved && standing.approvedOn && standing.reviewDueOn) {
    const n = standing.approved.number;
    if (standing.reviewOverdue) {
      value = 'no';
      reasons.push(reason('bcp_review_overdue', { number: n, date: standing.approvedOn }));
    } else {
      value = 'yes';
      reasons.push(reason('bcp_approved', { number: n, date: standing.approvedOn, dueOn: standing.reviewDueOn }));
    }
    const blank = incompleteSections(standing.approved.content);
    if (blank > 0) reasons.push(reason('bcp_incomplete', { count: blank }));
    if (standing.open) reasons.push(reason('bcp_revision_open', { number: standing.open.number }));
  } else {
    value = 'no';
    if (!standing.open) reasons.push(reason('bcp_none'));
    else {
      const number = standing.open.number;
      reasons.push(standing.open.status === 'in_review' ? reason('bcp_in_review', { number }) : reason('bcp_draft_only', { number }));
    }
  }
  const since = addMonths(today, -RESILIENCE_RULE_MONTHS);
  const lastExercise = snap.exercises
    .filter((e) => e.status === 'done' && e.heldOn <= today && e.heldOn >= since)
    .sort((a, b) => (a.heldOn < b.heldOn ? 1 : -1))[0];
  reasons.push(lastExercise ? reason('bcp_exercise_recent', { date: lastExercise.heldOn }) : reason('bcp_exercise_none'));
  return { value, reasons, records: [] };
}

export const resilienceBackupsRule: AssessmentRule = {
  id: 'resilience.backups',
  describeKey: 'resilience_backups',
  async evaluate(ctx): Promise<RuleResult> {
    return backupsVerdict(await facts(ctx), ctx.now);
  },
};

export const resilienceBcpRule: AssessmentRule = {
  id: 'resilience.bcp',
  describeKey: 'resilience_bcp',
  async evaluate(ctx): Promise<RuleResult> {
    return bcpVerdict(await facts(ctx), ctx.now);
  },
};

registerRule(resilienceBackupsRule);
registerRule(resilienceBcpRule);
