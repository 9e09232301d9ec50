import { z } from 'zod';
import { ACTION_STATUSES } from '../assessments/types.ts';
import { ASSET_TYPES, CRITICALITIES, isIsoDate } from '../ledger.ts';
import { BACKUP_MEDIA } from '../resilience/backup.ts';
import { DRILL_DUE_STATUSES, DRILL_REASON_CODES, DRILL_RESTORED, DRILL_RESULTS, DRILL_STATUSES } from '../resilience/drills.ts';
import { RECOVERY_ORDER_TEXT } from '../resilience/recovery-order.ts';
import { ZId, ZIsoDateTime } from './common.contract.ts';

/**
 * 備え (resilience, issue 7): recovery targets per system (RTO/RPO, drill interval, recovery notes), the recovery order
 * (復旧順序) and restore drills (復旧訓練). Rules live in src/shared/resilience/drills.ts (drillMetrics, drillResult,
 * drillDue; sentences with renderDrillReason / renderDrillDue) and recovery-order.ts (renderRecoveryFinding).
 * Issue messages are stable keys (DRILL_ISSUE_KEYS plus zod's own for shapes).
 */

/** Stable issue keys the services return in VALIDATION_FAILED issues (path = the field). */
export const DRILL_ISSUE_KEYS = [
  'asset_not_found', // assetId: no live asset of this facility
  'plan_not_found', // planId: no backup plan of this facility
  'plan_other_asset', // planId: the plan protects another system
  'finished_before_started', // finishedAt
  'data_after_start', // dataAsOf later than startedAt
  'in_the_future', // startedAt / finishedAt / dataAsOf after the server's clock
  'required', // plannedOn when a drill is planned (not performed)
  'invalid_date', // a YYYY-MM-DD that is not a calendar date
] as const;
export type DrillIssueKey = (typeof DRILL_ISSUE_KEYS)[number];

/** A timestamp with Z or an explicit offset; stored as ISO UTC. */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
export const ZDrillTimestamp = z
  .string()
  .trim()
  .regex(ISO_WITH_OFFSET, { message: 'iso_with_offset' })
  .refine((v) => !Number.isNaN(Date.parse(v)), { message: 'invalid_date' });
export const ZDrillDate = z.string().refine(isIsoDate, { message: 'invalid_date' });
const ZText = (max: number) => z.string().trim().max(max).nullable().optional();
const ZHours = z.number().positive().max(100_000);

export const ZSystemRef = z.object({
  id: ZId,
  name: z.string(),
  type: z.enum(ASSET_TYPES),
  criticality: z.literal(CRITICALITIES),
  department: z.string().nullable(),
  /** The asset was deleted from the ledger (kept on old drills). */
  deleted: z.boolean(),
});

export const ZDrillDue = z.object({
  /** The day the next drill is due (YYYY-MM-DD); null when never drilled and none planned. */
  dueOn: z.string().nullable(),
  status: z.enum(DRILL_DUE_STATUSES),
});

export const ZDrillMetrics = z.object({ rtoAchievedHours: z.number(), rpoAchievedHours: z.number() });
export const ZDrillReason = z.object({ code: z.enum(DRILL_REASON_CODES), params: z.record(z.string(), z.number()) });

/** The short summary of a drill shown next to a system. */
export const ZDrillSummary = z.object({
  id: ZId,
  /** The JST day the drill was done (from finishedAt). */
  doneOn: z.string(),
  result: z.enum(DRILL_RESULTS),
  rtoAchievedHours: z.number(),
  rpoAchievedHours: z.number(),
});

// --- recovery targets ---------------------------------------------------------------------------

export const ZRecoveryTarget = z.object({
  system: ZSystemRef,
  /** Null when not set. */
  rtoHours: z.number().nullable(),
  rpoHours: z.number().nullable(),
  /** The system's own interval (months); null = default (12 months for criticality 1–2, none otherwise). */
  drillIntervalMonths: z.number().int().nullable(),
  /** The interval that applies (own or default); null when no drill is required. */
  effectiveDrillIntervalMonths: z.number().int().nullable(),
  recoveryNotes: z.string().nullable(),
  /** Null while no target was ever saved (send no expectedVersion then). */
  version: z.number().int().nullable(),
  updatedAt: ZIsoDateTime.nullable(),
  lastDrill: ZDrillSummary.nullable(),
  nextPlanned: z.object({ id: ZId, plannedOn: z.string() }).nullable(),
  /** Null when no drill is required. */
  due: ZDrillDue.nullable(),
});
export type RecoveryTargetDto = z.infer<typeof ZRecoveryTarget>;

/** Every live asset of criticality 1–2 plus any live asset with a saved target; by criticality, then name. */
export const ZRecoveryTargetList = z.object({ today: z.string(), items: z.array(ZRecoveryTarget) });
export type RecoveryTargetListDto = z.infer<typeof ZRecoveryTargetList>;

/** PUT (upsert): absent = unchanged, null = cleared. `expectedVersion` once a target exists (CONFLICT when stale). */
export const ZRecoveryTargetUpdate = z.strictObject({
  rtoHours: ZHours.nullable().optional(),
  rpoHours: ZHours.nullable().optional(),
  drillIntervalMonths: z.number().int().min(1).max(120).nullable().optional(),
  recoveryNotes: ZText(10_000),
  expectedVersion: z.number().int().min(1).optional(),
});
export type RecoveryTargetUpdateBody = z.infer<typeof ZRecoveryTargetUpdate>;

// --- recovery order -----------------------------------------------------------------------------

export const ZRecoveryStep = z.object({
  position: z.number().int(),
  systemId: ZId,
  name: z.string(),
  type: z.enum(ASSET_TYPES),
  department: z.string().nullable(),
  criticality: z.literal(CRITICALITIES),
  rtoHours: z.number().nullable(),
  /** Urgency inherited from the systems that need this one (recovery-order.ts rule 3). */
  effectiveCriticality: z.literal(CRITICALITIES),
  effectiveRtoHours: z.number().nullable(),
  waitsFor: z.array(ZId),
  brokenDependencies: z.array(ZId),
  wave: z.number().int(),
  /** Needed for care: effective criticality 1–2 (a system of criticality 1–2 or something one of them needs). */
  core: z.boolean(),
});

export const ZRecoveryOrder = z.object({
  /** Every live asset; the core ones (needed for care) come first. */
  steps: z.array(ZRecoveryStep),
  cycles: z.array(z.array(ZId)),
  /** Dependencies on assets deleted from the ledger; the name when still known. */
  unknownDependencies: z.array(z.object({ systemId: ZId, missingId: ZId, missingName: z.string().nullable() })),
  /** Rendered with renderRecoveryFinding(code, params). */
  rtoConflicts: z.array(
    z.object({
      code: z.enum(Object.keys(RECOVERY_ORDER_TEXT) as [keyof typeof RECOVERY_ORDER_TEXT, ...(keyof typeof RECOVERY_ORDER_TEXT)[]]),
      systemId: ZId,
      dependencyId: ZId,
      viaIds: z.array(ZId),
      params: z.object({ system: z.string(), systemRtoHours: z.number(), dependency: z.string(), dependencyRtoHours: z.number(), via: z.string().optional() }),
    }),
  ),
});
export type RecoveryOrderDto = z.infer<typeof ZRecoveryOrder>;

// --- restore drills -----------------------------------------------------------------------------

export const DRILL_LIST_STATUSES = [...DRILL_STATUSES, 'overdue'] as const;

export const ZRestoreDrillListQuery = z.strictObject({
  /** overdue = planned with plannedOn before today (JST). */
  status: z.enum(DRILL_LIST_STATUSES).optional(),
  assetId: ZId.optional(),
  /** Fiscal year (April–March) of the day done, or of the planned day. */
  fiscalYear: z.coerce.number().int().min(2000).max(2100).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type RestoreDrillListQuery = z.infer<typeof ZRestoreDrillListQuery>;

export const ZDrillPerformed = z.strictObject({
  startedAt: ZDrillTimestamp,
  finishedAt: ZDrillTimestamp,
  /** The point in time of the restored data. */
  dataAsOf: ZDrillTimestamp,
  restored: z.enum(DRILL_RESTORED),
  problems: ZText(10_000),
  performedBy: ZText(300),
});

/** Plan a drill (plannedOn required), or record one done without planning (`performed`). */
export const ZRestoreDrillCreate = z.strictObject({
  assetId: ZId,
  plannedOn: ZDrillDate.nullable().optional(),
  /** A backup plan of the same system: the copy to restore from. */
  planId: ZId.nullable().optional(),
  notes: ZText(4000),
  performed: ZDrillPerformed.optional(),
});
export type RestoreDrillCreateBody = z.infer<typeof ZRestoreDrillCreate>;

/** PATCH: plannedOn only while planned; problems / performedBy only once done. */
export const ZRestoreDrillUpdate = z.strictObject({
  plannedOn: ZDrillDate.optional(),
  planId: ZId.nullable().optional(),
  notes: ZText(4000),
  problems: ZText(10_000),
  performedBy: ZText(300),
  expectedVersion: z.number().int().min(1),
});
export type RestoreDrillUpdateBody = z.infer<typeof ZRestoreDrillUpdate>;

/** Record the drill performed: a planned drill becomes done. The targets of that moment are stored with it. */
export const ZRestoreDrillRecord = ZDrillPerformed.extend({
  planId: ZId.nullable().optional(),
  notes: ZText(4000),
  expectedVersion: z.number().int().min(1),
});
export type RestoreDrillRecordBody = z.infer<typeof ZRestoreDrillRecord>;

export const ZRestoreDrillStateChange = z.strictObject({ expectedVersion: z.number().int().min(1) });

export const ZDrillActionCreate = z.strictObject({
  title: z.string().trim().min(1).max(300),
  ownerUserId: ZId.nullable().optional(),
  dueOn: ZDrillDate.nullable().optional(),
});
export type DrillActionCreateBody = z.infer<typeof ZDrillActionCreate>;

export const ZDrillAction = z.object({
  id: ZId,
  title: z.string(),
  status: z.enum(ACTION_STATUSES),
  dueOn: z.string().nullable(),
  overdue: z.boolean(),
  owner: z.object({ id: ZId, name: z.string() }).nullable(),
});

export const ZRestoreDrill = z.object({
  id: ZId,
  facilityId: ZId,
  system: ZSystemRef,
  plan: z.object({ id: ZId, label: z.string().nullable(), medium: z.enum(BACKUP_MEDIA) }).nullable(),
  status: z.enum(DRILL_STATUSES),
  /** Planned and its day has passed (JST). */
  overdue: z.boolean(),
  plannedOn: z.string().nullable(),
  startedAt: ZIsoDateTime.nullable(),
  finishedAt: ZIsoDateTime.nullable(),
  dataAsOf: ZIsoDateTime.nullable(),
  restored: z.enum(DRILL_RESTORED).nullable(),
  /** The system's targets when the drill was recorded (the current ones while planned). */
  rtoHoursTarget: z.number().nullable(),
  rpoHoursTarget: z.number().nullable(),
  /** Once done. */
  metrics: ZDrillMetrics.nullable(),
  result: z.enum(DRILL_RESULTS).nullable(),
  /** Why it failed (renderDrillReason); empty when passed or not done. */
  reasons: z.array(ZDrillReason),
  problems: z.string().nullable(),
  performedBy: z.string().nullable(),
  notes: z.string().nullable(),
  /** Fiscal year of the day done, else of the planned day. */
  fiscalYear: z.number().int().nullable(),
  version: z.number().int(),
  createdAt: ZIsoDateTime,
  updatedAt: ZIsoDateTime,
  /** Follow-up actions (対応アクション, source type drill), oldest first. Empty in lists. */
  actions: z.array(ZDrillAction),
});
export type RestoreDrillDto = z.infer<typeof ZRestoreDrill>;

export const ZRestoreDrillPage = z.object({ items: z.array(ZRestoreDrill), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type RestoreDrillPageDto = z.infer<typeof ZRestoreDrillPage>;

// --- drill schedule -----------------------------------------------------------------------------

export const ZDrillScheduleItem = z.object({
  system: ZSystemRef,
  intervalMonths: z.number().int(),
  /** True when the 12-month default applies (no interval set). */
  intervalIsDefault: z.boolean(),
  lastDrill: ZDrillSummary.nullable(),
  nextPlanned: z.object({ id: ZId, plannedOn: z.string() }).nullable(),
  due: ZDrillDue,
});
export type DrillScheduleItemDto = z.infer<typeof ZDrillScheduleItem>;

/** Systems that must be drilled: overdue first, then never drilled, due soon, on schedule; then by due day and name. */
export const ZDrillSchedule = z.object({ today: z.string(), items: z.array(ZDrillScheduleItem) });
export type DrillScheduleDto = z.infer<typeof ZDrillSchedule>;
