import { z } from 'zod';
import { CLOCK_AUTHORITIES, CLOCK_KINDS } from '../incidents/clock-rules.ts';
import { DRAFT_KINDS } from '../incidents/cases.ts';
import { ZId, ZIsoDateTime } from './common.contract.ts';

/**
 * Legal clocks of an incident case (ADR 0008), the filings that stop them, the overview of every running deadline,
 * and the report drafts (個人情報保護委員会 / 厚生労働省 第一報 / 経営層への報告).
 */

const ZText = z.object({ ja: z.string(), en: z.string() });

/** An ISO 8601 timestamp with Z or an explicit offset (a local time would depend on the machine's zone). */
export const ZIsoWithOffset = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/, { message: 'iso_with_offset' })
  .refine((v) => !Number.isNaN(Date.parse(v)), { message: 'invalid_date' });

export const ZClockStatus = z.object({
  state: z.enum(['running', 'filed', 'overdue']),
  /** Share of the time to the due time elapsed (0..1), at now or at the filing. */
  fraction: z.number(),
  thresholdsCrossed: z.array(z.union([z.literal(50), z.literal(80), z.literal(100)])),
  late: z.boolean(),
  pastOuterBound: z.boolean(),
});

export const ZFiling = z.object({
  id: ZId,
  caseId: ZId,
  ruleId: z.string(),
  filedAt: ZIsoDateTime,
  /** 受付番号 or how it was sent. */
  reference: z.string().nullable(),
  note: z.string().nullable(),
  createdBy: z.object({ id: ZId, name: z.string() }).nullable(),
  createdAt: ZIsoDateTime,
});
export type FilingDto = z.infer<typeof ZFiling>;

export const ZCaseClock = z.object({
  ruleId: z.string(),
  authority: z.enum(CLOCK_AUTHORITIES),
  authorityLabel: ZText,
  kind: z.enum(CLOCK_KINDS),
  kindLabel: ZText,
  labels: ZText,
  basis: ZText,
  /** What is modelled rather than stated by the source. */
  note: ZText.nullable(),
  verified: z.boolean(),
  /** A target rather than a statutory or contractual limit. */
  soft: z.boolean(),
  startsAt: ZIsoDateTime,
  /** null: no fixed time (runs until filed). */
  dueAt: ZIsoDateTime.nullable(),
  dueDateJst: z.string().nullable(),
  outerDueAt: ZIsoDateTime.nullable(),
  outerDueDateJst: z.string().nullable(),
  period: z.object({ unit: z.enum(['days', 'hours']), amount: z.number() }).nullable(),
  status: ZClockStatus,
  filing: ZFiling.nullable(),
});
export type CaseClockDto = z.infer<typeof ZCaseClock>;

export const ZCaseClocks = z.object({
  caseId: ZId,
  discoveredAt: ZIsoDateTime,
  ruleSetVersion: z.string(),
  /** The moment the statuses were computed at (server clock). */
  now: ZIsoDateTime,
  clocks: z.array(ZCaseClock),
  /** Filings whose clock no longer runs for the case (its facts changed since). */
  otherFilings: z.array(ZFiling),
  /** Set when the facts leave no clock running. */
  note: ZText.nullable(),
});
export type CaseClocksDto = z.infer<typeof ZCaseClocks>;

export const ZFilingInput = z.strictObject({
  ruleId: z.string().trim().min(1).max(100),
  filedAt: ZIsoWithOffset,
  reference: z.string().trim().max(200).nullable().optional(),
  note: z.string().max(2000).nullable().optional(),
});
export type FilingInput = z.infer<typeof ZFilingInput>;

export const ZClockOverviewQuery = z.strictObject({ facilityId: ZId.optional() });

export const ZClockOverviewItem = z.object({
  case: z.object({ id: ZId, seq: z.number().int(), number: z.string(), title: z.string(), facility: z.object({ id: ZId, name: z.string(), code: z.string() }) }),
  ruleId: z.string(),
  authority: z.enum(CLOCK_AUTHORITIES),
  authorityLabel: ZText,
  kind: z.enum(CLOCK_KINDS),
  kindLabel: ZText,
  labels: ZText,
  soft: z.boolean(),
  dueAt: ZIsoDateTime.nullable(),
  dueDateJst: z.string().nullable(),
  outerDueAt: ZIsoDateTime.nullable(),
  status: ZClockStatus,
});
export type ClockOverviewItemDto = z.infer<typeof ZClockOverviewItem>;
export const ZClockOverview = z.object({ now: ZIsoDateTime, items: z.array(ZClockOverviewItem) });
export type ClockOverviewDto = z.infer<typeof ZClockOverview>;

// ── Report drafts ────────────────────────────────────────────────────────────────────────────────────────────────

export const ZDraftKind = z.enum(DRAFT_KINDS);
export const ZDraftParams = z.object({ id: ZId, kind: ZDraftKind });
export const ZDraftQuery = z.strictObject({ lang: z.enum(['ja', 'en']).default('ja') });

/** The longest text a field may hold. */
export const DRAFT_FIELD_MAX_CHARS = 20_000;

export const ZDraftField = z.object({
  key: z.string(),
  label: ZText,
  hint: ZText.nullable(),
  /** What is shown: the saved value when edited, else the pre-filled one. */
  value: z.string(),
  /** The value pre-filled from the case (so the UI can offer "back to the pre-filled text"). */
  prefilled: z.string(),
  source: z.enum(['prefilled', 'edited']),
});

export const ZDraft = z.object({
  caseId: ZId,
  kind: ZDraftKind,
  title: ZText,
  lang: z.enum(['ja', 'en']),
  /** False while the field list was not checked against the authority's own form. */
  verified: z.boolean(),
  note: ZText.nullable(),
  fields: z.array(ZDraftField),
  /** null until the first save. */
  updatedAt: ZIsoDateTime.nullable(),
  updatedBy: z.object({ id: ZId, name: z.string() }).nullable(),
});
export type DraftDto = z.infer<typeof ZDraft>;

/**
 * Saves the edited fields: the map replaces the saved edits (a field left out, or null, shows its pre-filled value
 * again). expectedUpdatedAt: the draft's updatedAt as read (null when it had never been saved) → CONFLICT when stale.
 */
export const ZDraftUpdate = z.strictObject({
  fields: z.record(z.string().max(64), z.string().max(DRAFT_FIELD_MAX_CHARS).nullable()),
  expectedUpdatedAt: ZIsoDateTime.nullable().optional(),
});
export type DraftUpdate = z.infer<typeof ZDraftUpdate>;

export const ZDraftExportQuery = z.strictObject({ format: z.enum(['html', 'pdf', 'text']), lang: z.enum(['ja', 'en']).default('ja') });
