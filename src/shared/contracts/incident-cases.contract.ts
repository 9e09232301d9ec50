import { z } from 'zod';
import { ZIncidentClockFacts } from '../incidents/clock-rules.ts';
import { CASE_CATEGORIES, CASE_PHASES, CASE_SEVERITIES, CASE_STATUSES, SUMMARY_KEYS, TEAM_ROLES, TLP_LEVELS } from '../incidents/cases.ts';
import { ZId, ZIsoDateTime } from './common.contract.ts';

/** インシデント案件: cases, their playbook tasks and the response team (対策本部). */

export const CASE_LIMITS = { titleChars: 200, descriptionChars: 20_000, summaryChars: 4000, taskTitleChars: 300, notesChars: 4000, nameChars: 200, contactChars: 300, noteChars: 2000 } as const;

/** A timestamp with Z or an explicit offset (a local time would depend on the machine); stored as ISO UTC. */
export const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
export const ZOffsetDateTime = z
  .string()
  .regex(ISO_WITH_OFFSET, { message: 'iso_with_offset' })
  .refine((v) => !Number.isNaN(Date.parse(v)), { message: 'invalid_date' });

export const ZCaseCategory = z.enum(CASE_CATEGORIES);
export const ZCaseSeverity = z.enum(CASE_SEVERITIES);
export const ZTlpLevel = z.enum(TLP_LEVELS);
export const ZCasePhase = z.enum(CASE_PHASES);
export const ZTeamRole = z.enum(TEAM_ROLES);

const summaryShape = Object.fromEntries(SUMMARY_KEYS.map((k) => [k, z.string()])) as Record<(typeof SUMMARY_KEYS)[number], z.ZodString>;
/** 5W1H: who, what, when, where, why, how (empty text while unknown). */
export const ZCaseSummary = z.object(summaryShape);
const summaryInputShape = Object.fromEntries(SUMMARY_KEYS.map((k) => [k, z.string().max(CASE_LIMITS.summaryChars).optional()])) as Record<(typeof SUMMARY_KEYS)[number], z.ZodOptional<z.ZodString>>;
export const ZCaseSummaryInput = z.strictObject(summaryInputShape);

export const ZUserRef = z.object({ id: ZId, name: z.string() });

// ── Requests ─────────────────────────────────────────────────────────────────────────────────────────────────────

export const ZCaseCreate = z.strictObject({
  title: z.string().trim().min(1).max(CASE_LIMITS.titleChars),
  category: ZCaseCategory,
  /** Default by category: ransomware → critical, else medium. */
  severity: ZCaseSeverity.optional(),
  /** Default amber. */
  tlp: ZTlpLevel.optional(),
  /** 発覚日時, set explicitly. */
  discoveredAt: ZOffsetDateTime,
  /** Merged over "no facts" (every flag off). */
  facts: ZIncidentClockFacts.partial().optional(),
  description: z.string().max(CASE_LIMITS.descriptionChars).nullable().optional(),
  summary: ZCaseSummaryInput.optional(),
});
export type CaseCreateBody = z.infer<typeof ZCaseCreate>;

export const ZCaseListQuery = z.strictObject({
  /** Default: all. */
  status: z.enum([...CASE_STATUSES, 'all']).default('all'),
  phase: ZCasePhase.optional(),
  category: ZCaseCategory.optional(),
  severity: ZCaseSeverity.optional(),
  /** Title, description or the case number (INC-2026-0003, 3). */
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type CaseListQuery = z.infer<typeof ZCaseListQuery>;

export const ZCaseUpdate = z.strictObject({
  title: z.string().trim().min(1).max(CASE_LIMITS.titleChars).optional(),
  category: ZCaseCategory.optional(),
  severity: ZCaseSeverity.optional(),
  tlp: ZTlpLevel.optional(),
  /** Moving 発覚日時 moves every legal clock; the timeline records from → to. */
  discoveredAt: ZOffsetDateTime.optional(),
  description: z.string().max(CASE_LIMITS.descriptionChars).nullable().optional(),
  /** The 5W1H fields given replace those of the case; the others stay. */
  summary: ZCaseSummaryInput.optional(),
  /** The facts given replace those of the case; the others stay. */
  facts: ZIncidentClockFacts.partial().optional(),
  /** The case's updatedAt as the editor saw it: a different one → 409 CONFLICT. */
  expectedUpdatedAt: ZIsoDateTime.optional(),
});
export type CaseUpdateBody = z.infer<typeof ZCaseUpdate>;

export const ZCasePhaseChange = z.strictObject({ phase: ZCasePhase });
/** GET /incidents/:id/export: the whole case printable (案件報告書), HTML inline or PDF as an attachment. */
export const ZCaseExportQuery = z.strictObject({ format: z.enum(['html', 'pdf']), lang: z.enum(['ja', 'en']).default('ja') });

export const ZCaseClose = z.strictObject({ note: z.string().trim().max(CASE_LIMITS.noteChars).optional() });
export const ZCaseReopen = z.strictObject({ note: z.string().trim().max(CASE_LIMITS.noteChars).optional() });

export const ZCaseTaskCreate = z.strictObject({
  phase: ZCasePhase,
  title: z.string().trim().min(1).max(CASE_LIMITS.taskTitleChars),
  ownerRole: ZTeamRole.nullable().optional(),
  ownerUserId: ZId.nullable().optional(),
  notes: z.string().max(CASE_LIMITS.notesChars).nullable().optional(),
});
export type CaseTaskCreateBody = z.infer<typeof ZCaseTaskCreate>;

export const ZCaseTaskUpdate = z.strictObject({
  done: z.boolean().optional(),
  ownerRole: ZTeamRole.nullable().optional(),
  ownerUserId: ZId.nullable().optional(),
  notes: z.string().max(CASE_LIMITS.notesChars).nullable().optional(),
  /** Only tasks added by hand; a playbook task's title stays as the playbook says (409 INVALID_STATE). */
  title: z.string().trim().min(1).max(CASE_LIMITS.taskTitleChars).optional(),
  expectedUpdatedAt: ZIsoDateTime.optional(),
});
export type CaseTaskUpdateBody = z.infer<typeof ZCaseTaskUpdate>;

export const ZTeamMemberCreate = z.strictObject({
  role: ZTeamRole,
  /** A mamori user of the facility; the name is taken from the user when not given. */
  userId: ZId.nullable().optional(),
  name: z.string().trim().min(1).max(CASE_LIMITS.nameChars).optional(),
  contact: z.string().trim().max(CASE_LIMITS.contactChars).nullable().optional(),
});
export type TeamMemberCreateBody = z.infer<typeof ZTeamMemberCreate>;

// ── Responses ────────────────────────────────────────────────────────────────────────────────────────────────────

export const ZCaseListItem = z.object({
  id: ZId,
  seq: z.number().int(),
  /** INC-2026-0003: year of discovery (JST) and the number within the facility. */
  number: z.string(),
  title: z.string(),
  category: ZCaseCategory,
  severity: ZCaseSeverity,
  tlp: ZTlpLevel,
  phase: ZCasePhase,
  status: z.enum(CASE_STATUSES),
  discoveredAt: ZIsoDateTime,
  tasks: z.object({ open: z.number().int(), total: z.number().int() }),
  closedAt: ZIsoDateTime.nullable(),
  updatedAt: ZIsoDateTime,
});
export type CaseListItemDto = z.infer<typeof ZCaseListItem>;
export const ZCasePage = z.object({ items: z.array(ZCaseListItem), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type CasePageDto = z.infer<typeof ZCasePage>;

export const ZCaseTask = z.object({
  id: ZId,
  caseId: ZId,
  phase: ZCasePhase,
  /** Order within the phase (1 = first). */
  position: z.number().int(),
  /** The playbook item it came from; null for a task added by hand (which may be renamed and deleted). */
  playbookItemId: z.string().nullable(),
  title: z.object({ ja: z.string(), en: z.string().nullable() }),
  ownerRole: ZTeamRole.nullable(),
  owner: ZUserRef.nullable(),
  done: z.boolean(),
  doneAt: ZIsoDateTime.nullable(),
  doneBy: ZUserRef.nullable(),
  notes: z.string().nullable(),
  createdAt: ZIsoDateTime,
  updatedAt: ZIsoDateTime,
});
export type CaseTaskDto = z.infer<typeof ZCaseTask>;

export const ZTeamMember = z.object({
  id: ZId,
  caseId: ZId,
  role: ZTeamRole,
  user: ZUserRef.nullable(),
  name: z.string(),
  contact: z.string().nullable(),
  createdAt: ZIsoDateTime,
});
export type TeamMemberDto = z.infer<typeof ZTeamMember>;

export const ZCaseDetail = z.object({
  id: ZId,
  facilityId: ZId,
  seq: z.number().int(),
  number: z.string(),
  title: z.string(),
  category: ZCaseCategory,
  severity: ZCaseSeverity,
  tlp: ZTlpLevel,
  phase: ZCasePhase,
  status: z.enum(CASE_STATUSES),
  discoveredAt: ZIsoDateTime,
  facts: ZIncidentClockFacts,
  /** The legal clock rule set the case runs on (ADR 0008). */
  clockRulesVersion: z.string(),
  summary: ZCaseSummary,
  description: z.string().nullable(),
  playbook: z.object({ id: z.string(), version: z.string() }).nullable(),
  createdBy: ZUserRef.nullable(),
  createdAt: ZIsoDateTime,
  updatedAt: ZIsoDateTime,
  closedAt: ZIsoDateTime.nullable(),
  /** Every phase in order, each with its tasks in order. */
  tasks: z.array(z.object({ phase: ZCasePhase, open: z.number().int(), items: z.array(ZCaseTask) })),
  /** 対策本部. */
  team: z.array(ZTeamMember),
  /** One-minute reports (インシデントかも?) that fed the case. */
  reportIds: z.array(ZId),
});
export type CaseDetailDto = z.infer<typeof ZCaseDetail>;
