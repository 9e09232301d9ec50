import { z } from 'zod';
import { ASSET_TYPES, CRITICALITIES } from '../ledger.ts';
import { BACKUP_FINDING_CODES, BACKUP_LOCATIONS, BACKUP_MEDIA, BACKUP_RUN_STATUSES, BACKUP_RUNNERS, BACKUP_SCOPES, FRESHNESS_CODES } from '../resilience/backup.ts';
import { ZId, ZIsoDateTime } from './common.contract.ts';

/**
 * 備え (resilience, issue 7): backup plans, their runs (by hand, CSV import, the backup software's webhook) and the
 * facility overview (coverage findings of systems of criticality 1–2, freshness warnings). Vocabulary and rules live in
 * src/shared/resilience/backup.ts; the UI renders findings with renderBackupFinding and warnings with FRESHNESS_TEXT.
 * Issue messages are stable keys (`asset_not_found`, `external_key_taken`, …, see BACKUP_ISSUE_KEYS).
 */

/** A timestamp with Z or an explicit offset (a local time would depend on the machine); stored as ISO UTC. */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
export const ZBackupTimestamp = z
  .string()
  .trim()
  .regex(ISO_WITH_OFFSET, { message: 'iso_with_offset' })
  .refine((v) => !Number.isNaN(Date.parse(v)), { message: 'invalid_date' });

/** Optional free text: trimmed; the service stores an empty string as null. */
const ZText = (max: number) => z.string().trim().max(max).nullable().optional();

/** Stable issue keys the services return in VALIDATION_FAILED issues (path = the field). */
export const BACKUP_ISSUE_KEYS = [
  'asset_not_found', // assetId: no asset of this facility (or deleted)
  'vendor_not_found', // vendorId: no vendor of this facility
  'external_key_taken', // externalKey: another plan in use has this job name
  'finished_before_started', // finishedAt
  'in_the_future', // startedAt / finishedAt after the server's clock
  'duplicate_run', // startedAt: this plan has a run that started at this instant already
] as const;
export type BackupIssueKey = (typeof BACKUP_ISSUE_KEYS)[number];

// --- plans --------------------------------------------------------------------------------------

const planFields = {
  /** The ledger asset (system) the copy protects: same facility, not deleted. */
  assetId: ZId,
  /** Short name of the copy (「日次NASバックアップ」); the UI falls back to system + medium. */
  label: ZText(200),
  scopes: z.array(z.enum(BACKUP_SCOPES)).min(1).max(3),
  tool: ZText(200),
  medium: z.enum(BACKUP_MEDIA),
  /** Tape / optical / external HDD unplugged and stored away after each run. */
  disconnected: z.boolean().default(false),
  /** Cloud with object lock / WORM retention. */
  cloudImmutable: z.boolean().default(false),
  /** The target sits on a network segment separated from the systems it copies. */
  networkSeparated: z.boolean().default(false),
  generations: z.number().int().min(0).max(10_000),
  /** A run is expected every N days. */
  everyDays: z.number().int().min(1).max(3660),
  /** When it runs, in words (「毎日 2:00」「毎週日曜」). */
  scheduleNote: ZText(200),
  location: z.enum(BACKUP_LOCATIONS),
  /** Where exactly (「サーバ室ラック3」「院外倉庫(○○社)」): the binder prints it. */
  storagePlace: ZText(500),
  encrypted: z.boolean().default(false),
  keyHolder: ZText(200),
  runBy: z.enum(BACKUP_RUNNERS),
  /** A vendor of the facility (when a vendor runs it or holds the copy). */
  vendorId: ZId.nullable().optional(),
  /** How to restore from this copy (the binder prints it). */
  restoreProcedure: ZText(10_000),
  /** The job name the backup software sends to the webhook / the CSV's job column; unique among plans in use. */
  externalKey: ZText(200),
  notes: ZText(4000),
};

export const ZBackupPlanCreate = z.strictObject(planFields);
export type BackupPlanCreateBody = z.infer<typeof ZBackupPlanCreate>;

/** PATCH: the fields given replace those of the plan; `expectedVersion` is the plan's version as the editor saw it. */
export const ZBackupPlanUpdate = z.strictObject({
  assetId: ZId.optional(),
  label: ZText(200),
  scopes: planFields.scopes.optional(),
  tool: ZText(200),
  medium: planFields.medium.optional(),
  disconnected: z.boolean().optional(),
  cloudImmutable: z.boolean().optional(),
  networkSeparated: z.boolean().optional(),
  generations: planFields.generations.optional(),
  everyDays: planFields.everyDays.optional(),
  scheduleNote: ZText(200),
  location: planFields.location.optional(),
  storagePlace: ZText(500),
  encrypted: z.boolean().optional(),
  keyHolder: ZText(200),
  runBy: planFields.runBy.optional(),
  vendorId: ZId.nullable().optional(),
  restoreProcedure: ZText(10_000),
  externalKey: ZText(200),
  notes: ZText(4000),
  expectedVersion: z.number().int().min(1),
});
export type BackupPlanUpdateBody = z.infer<typeof ZBackupPlanUpdate>;

/** Retire / reinstate: the plan's version as seen. */
export const ZBackupPlanStateChange = z.strictObject({ expectedVersion: z.number().int().min(1) });

export const FRESHNESS_STATUSES = ['fresh', 'stale', 'never'] as const;

export const ZBackupFreshness = z.object({
  /** planFreshness at the server's clock: fresh | stale | never (no successful run yet). */
  status: z.enum(FRESHNESS_STATUSES),
  /** finishedAt of the latest successful run. */
  lastSuccessAt: ZIsoDateTime.nullable(),
  /** JST calendar days since the last success (0 = today). */
  daysSinceSuccess: z.number().int().nullable(),
  /** The last JST day (YYYY-MM-DD) a success may arrive before the plan turns stale. */
  dueBy: z.string().nullable(),
  /** The latest run whatever its result. */
  lastRunAt: ZIsoDateTime.nullable(),
  lastRunStatus: z.enum(BACKUP_RUN_STATUSES).nullable(),
  /** The sentence as a code + params (FRESHNESS_TEXT; params.kind is 'offline' | 'online'). */
  reason: z.object({ code: z.enum(FRESHNESS_CODES), params: z.record(z.string(), z.union([z.string(), z.number()])) }),
});
export type BackupFreshnessDto = z.infer<typeof ZBackupFreshness>;

export const ZBackupSystemRef = z.object({ id: ZId, name: z.string(), type: z.enum(ASSET_TYPES), criticality: z.literal(CRITICALITIES), deleted: z.boolean() });

export const ZBackupPlan = z.object({
  id: ZId,
  facilityId: ZId,
  system: ZBackupSystemRef,
  label: z.string().nullable(),
  scopes: z.array(z.enum(BACKUP_SCOPES)),
  tool: z.string().nullable(),
  medium: z.enum(BACKUP_MEDIA),
  disconnected: z.boolean(),
  cloudImmutable: z.boolean(),
  networkSeparated: z.boolean(),
  /** isOfflineCopy: counts as offline for the 診療録管理体制加算 (疑義解釈その7). */
  offline: z.boolean(),
  generations: z.number().int(),
  everyDays: z.number().int(),
  scheduleNote: z.string().nullable(),
  location: z.enum(BACKUP_LOCATIONS),
  storagePlace: z.string().nullable(),
  encrypted: z.boolean(),
  keyHolder: z.string().nullable(),
  runBy: z.enum(BACKUP_RUNNERS),
  vendor: z.object({ id: ZId, name: z.string() }).nullable(),
  restoreProcedure: z.string().nullable(),
  externalKey: z.string().nullable(),
  notes: z.string().nullable(),
  /** Computed for retired plans too (they leave the coverage rules and the warnings). */
  freshness: ZBackupFreshness,
  runCount: z.number().int(),
  retiredAt: ZIsoDateTime.nullable(),
  version: z.number().int(),
  createdAt: ZIsoDateTime,
  updatedAt: ZIsoDateTime,
});
export type BackupPlanDto = z.infer<typeof ZBackupPlan>;

const ZBool = z.enum(['true', 'false']);
export const ZBackupPlanListQuery = z.strictObject({
  /** Label, system name, tool, job name, storage place. */
  q: z.string().trim().max(200).optional(),
  assetId: ZId.optional(),
  medium: z.enum(BACKUP_MEDIA).optional(),
  /** Only offline (true) or only online (false) copies. */
  offline: ZBool.optional(),
  /** true: stale or never succeeded; false: fresh. */
  stale: ZBool.optional(),
  /** Default false (plans in use); true: retired only; all. */
  retired: z.enum(['true', 'false', 'all']).default('false'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type BackupPlanListQuery = z.infer<typeof ZBackupPlanListQuery>;

export const ZBackupPlanPage = z.object({ items: z.array(ZBackupPlan), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

// --- runs ---------------------------------------------------------------------------------------

export const BACKUP_RUN_SOURCES = ['manual', 'csv', 'webhook'] as const;

export const ZBackupRunCreate = z.strictObject({
  startedAt: ZBackupTimestamp,
  finishedAt: ZBackupTimestamp,
  status: z.enum(BACKUP_RUN_STATUSES),
  bytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().optional(),
  message: ZText(2000),
});
export type BackupRunCreateBody = z.infer<typeof ZBackupRunCreate>;

export const ZBackupRun = z.object({
  id: ZId,
  planId: ZId,
  facilityId: ZId,
  startedAt: ZIsoDateTime,
  finishedAt: ZIsoDateTime,
  /** Whole seconds between start and finish. */
  durationSeconds: z.number().int(),
  status: z.enum(BACKUP_RUN_STATUSES),
  bytes: z.number().nullable(),
  message: z.string().nullable(),
  source: z.enum(BACKUP_RUN_SOURCES),
  /** The run id in the backup software (webhook runId). */
  externalId: z.string().nullable(),
  recordedBy: z.object({ id: ZId, name: z.string() }).nullable(),
  createdAt: ZIsoDateTime,
});
export type BackupRunDto = z.infer<typeof ZBackupRun>;

export const ZBackupRunListQuery = z.strictObject({
  status: z.enum(BACKUP_RUN_STATUSES).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export const ZBackupRunPage = z.object({ items: z.array(ZBackupRun), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

// --- CSV import ---------------------------------------------------------------------------------

/**
 * POST /facilities/:facilityId/backup-runs/import — body: the CSV (text/csv or application/octet-stream, or multipart
 * with one file). UTF-8 (with or without BOM) or Shift_JIS, detected. Headers in Japanese or English:
 * ジョブ名/job (a plan's externalKey) or 計画ID/plan, 開始日時/started_at, 終了日時/finished_at, 結果/status
 * (成功/失敗/一部失敗 or success/failed/partial), バイト数/bytes, メッセージ/message. Times without a zone are JST.
 */
export const ZBackupRunImportQuery = z.strictObject({
  dryRun: ZBool.default('false'),
  fileName: z.string().max(255).optional(),
});

export const BACKUP_IMPORT_ISSUE_KEYS = [
  'empty_file',
  'invalid_encoding', // neither UTF-8 nor Shift_JIS
  'unreadable_file',
  'too_many_rows',
  'missing_column', // path = the missing column (job_or_plan, started_at, finished_at, status)
  'required',
  'unknown_job', // no plan in use with this job name
  'unknown_plan',
  'invalid_datetime',
  'invalid_status',
  'invalid_bytes',
  'finished_before_started',
  'in_the_future',
] as const;

export const ZBackupImportIssue = z.object({
  /** File row (the header is row 1); absent for problems of the whole file. */
  row: z.number().int().optional(),
  /** The column header as written in the file (or the canonical name when missing; '' for the whole file). */
  path: z.string(),
  /** A key of BACKUP_IMPORT_ISSUE_KEYS. */
  message: z.string(),
  value: z.string().optional(),
  ref: z.number().int().optional(),
});

export const ZBackupImportRow = z.object({
  row: z.number().int(),
  /**
   * create: a new run; duplicate: (plan, startedAt) already recorded, or an earlier row of the file (`duplicateOf`) →
   * unchanged; error: see errors of this row.
   */
  action: z.enum(['create', 'duplicate', 'error']),
  planId: ZId.nullable(),
  /** The system and plan label, for the preview table. */
  planName: z.string().nullable(),
  startedAt: ZIsoDateTime.nullable(),
  finishedAt: ZIsoDateTime.nullable(),
  status: z.enum(BACKUP_RUN_STATUSES).nullable(),
  bytes: z.number().nullable(),
  message: z.string().nullable(),
  /** The earlier row of the same file with the same plan and start. */
  duplicateOf: z.number().int().nullable(),
  /** Per-field problems of this row (path = the column header). */
  errors: z.array(ZBackupImportIssue),
});

export const ZBackupImportResult = z.object({
  fileName: z.string(),
  encoding: z.enum(['utf8', 'cp932']).nullable(),
  rows: z.number().int(),
  create: z.number().int(),
  duplicate: z.number().int(),
  errorRows: z.number().int(),
  /** At most 1,000 rows listed. */
  items: z.array(ZBackupImportRow),
  /** Problems of the whole file (no row), e.g. a missing column. */
  fileErrors: z.array(ZBackupImportIssue),
  /** Nothing is written when any row has an error (or on dry run). A commit with errors answers 422 with this body plus `error`. */
  committed: z.boolean(),
});
export type BackupImportResultDto = z.infer<typeof ZBackupImportResult>;

// --- webhook ------------------------------------------------------------------------------------

/**
 * POST /api/v1/backup-results — the backup software reports one run (Authorization: Bearer <API token with
 * resilience:write>). `job` is the plan's externalKey (or give `planId`); `facility` is the facility code, needed
 * unless the token reaches one facility only. (plan, startedAt) already recorded → 200 {duplicate: true}.
 */
export const ZBackupWebhookBody = z
  .strictObject({
    facility: z.string().trim().min(1).max(64).optional(),
    job: z.string().trim().min(1).max(200).optional(),
    planId: ZId.optional(),
    startedAt: ZBackupTimestamp,
    finishedAt: ZBackupTimestamp,
    status: z.enum(BACKUP_RUN_STATUSES),
    bytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().optional(),
    message: z.string().max(2000).nullable().optional(),
    /** The run id in the backup software (kept for reference). */
    runId: z.string().trim().max(200).nullable().optional(),
  })
  .refine((b) => b.job !== undefined || b.planId !== undefined, { message: 'required', path: ['job'] });
export type BackupWebhookBody = z.infer<typeof ZBackupWebhookBody>;

export const ZBackupWebhookResult = z.object({ duplicate: z.boolean(), run: ZBackupRun });

// --- overview -----------------------------------------------------------------------------------

const ZParams = z.record(z.string(), z.union([z.string(), z.number()]));

export const ZBackupOverview = z.object({
  facilityId: ZId,
  /** The server's clock when computed. */
  asOf: ZIsoDateTime,
  policy: z.object({ minGenerations: z.number().int(), maxCriticality: z.number().int(), graceDays: z.number().int() }),
  counts: z.object({
    /** Plans in use. */
    plans: z.number().int(),
    offlinePlans: z.number().int(),
    freshPlans: z.number().int(),
    stalePlans: z.number().int(),
    neverPlans: z.number().int(),
    retiredPlans: z.number().int(),
    /** Systems of criticality 1..maxCriticality (not deleted) and those without any finding. */
    criticalSystems: z.number().int(),
    coveredSystems: z.number().int(),
    findings: z.number().int(),
    /** Runs finished in the last 30 days, and the failed / partial ones among them. */
    runsLast30Days: z.number().int(),
    failedRunsLast30Days: z.number().int(),
  }),
  /** coverageFindings in the order of the systems (criticality, name); render with renderBackupFinding. */
  findings: z.array(z.object({ code: z.enum(BACKUP_FINDING_CODES), systemId: ZId, params: ZParams })),
  /** Plans stale or never succeeded: offline copies first, then the longest without success (never first). */
  freshnessWarnings: z.array(
    z.object({
      code: z.enum(FRESHNESS_CODES),
      planId: ZId,
      systemId: ZId,
      params: ZParams,
      offline: z.boolean(),
      daysSinceSuccess: z.number().int().nullable(),
      lastSuccessAt: ZIsoDateTime.nullable(),
    }),
  ),
  /** Systems of criticality 1..maxCriticality with their plans' summary (criticality, then name). */
  criticalSystems: z.array(
    z.object({
      id: ZId,
      name: z.string(),
      type: z.enum(ASSET_TYPES),
      criticality: z.literal(CRITICALITIES),
      plans: z.number().int(),
      offlinePlans: z.number().int(),
      media: z.array(z.enum(BACKUP_MEDIA)),
      /** The latest success over its plans, and over its offline plans. */
      lastSuccessAt: ZIsoDateTime.nullable(),
      lastOfflineSuccessAt: ZIsoDateTime.nullable(),
      stalePlans: z.number().int(),
      findingCodes: z.array(z.enum(BACKUP_FINDING_CODES)),
    }),
  ),
});
export type BackupOverviewDto = z.infer<typeof ZBackupOverview>;
