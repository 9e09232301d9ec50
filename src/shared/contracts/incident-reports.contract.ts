import { z } from 'zod';
import { REPORT_CHANNELS, REPORT_LIMITS, REPORT_STATUSES } from '../incidents/cases.ts';
import { ZId, ZIsoDateTime } from './common.contract.ts';
import { ZCaseCategory, ZCaseSeverity, ZOffsetDateTime, ZTlpLevel } from './incident-cases.contract.ts';
import { ZIncidentClockFacts } from '../incidents/clock-rules.ts';

/**
 * インシデントかも? — one-minute reports (signed in or through the facility's poster link), the triage inbox and the
 * facility's report link (QR poster).
 */

export const REPORT_TEXT_LIMITS = { contactChars: 100, dismissReasonChars: 2000 } as const;

/** A photo in a JSON body: base64 (a `data:` URL prefix is accepted). Multipart bodies are turned into this shape. */
export const ZReportPhoto = z.strictObject({
  fileName: z.string().max(300).optional(),
  data: z.string().min(1).max(Math.ceil((REPORT_LIMITS.photoBytes * 4) / 3) + 200),
});

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

/** A signed-in report: only `what` is required. */
export const ZReportCreate = z.strictObject({
  what: z.string().trim().min(1).max(REPORT_LIMITS.whatChars),
  where: optionalText(REPORT_LIMITS.whereChars),
  assetId: ZId.nullish().transform((v) => v ?? null),
  /** When it happened (Z or an offset); omitted = just now / unknown. Not more than 5 minutes in the future. */
  occurredAt: ZOffsetDateTime.nullish().transform((v) => v ?? null),
  photo: ZReportPhoto.nullish().transform((v) => v ?? null),
});
export type ReportCreateBody = z.infer<typeof ZReportCreate>;

/** A report through the poster link (no account): no asset choice; optionally who is reporting and how to call back. */
export const ZPublicReportCreate = ZReportCreate.omit({ assetId: true }).extend({
  name: optionalText(REPORT_LIMITS.nameChars),
  /** Phone or extension (内線). */
  contact: optionalText(REPORT_TEXT_LIMITS.contactChars),
});
export type PublicReportCreateBody = z.infer<typeof ZPublicReportCreate>;

export const ZReportStatus = z.enum(REPORT_STATUSES);

export const ZReportListQuery = z.strictObject({
  /** Default: all. The triage inbox asks for `new`. */
  status: z.enum([...REPORT_STATUSES, 'all']).default('all'),
  /** `true`: only the caller's own reports (自分の報告), also for those who may read every report. */
  mine: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type ReportListQuery = z.infer<typeof ZReportListQuery>;

const ref = z.object({ id: ZId, name: z.string() });

export const ZReport = z.object({
  id: ZId,
  facilityId: ZId,
  channel: z.enum(REPORT_CHANNELS),
  status: ZReportStatus,
  what: z.string(),
  where: z.string().nullable(),
  asset: ref.nullable(),
  occurredAt: ZIsoDateTime.nullable(),
  /** The signed-in reporter (channel app). */
  reporter: ref.nullable(),
  /** Name and phone/extension typed on the poster link (channel link). */
  reporterName: z.string().nullable(),
  reporterContact: z.string().nullable(),
  photo: z.object({ contentType: z.string(), size: z.number().int() }).nullable(),
  /** The case it was opened as or merged into. */
  case: z.object({ id: ZId, seq: z.number().int(), /** INC-2026-0003 */ number: z.string(), title: z.string() }).nullable(),
  dismissReason: z.string().nullable(),
  triagedBy: ref.nullable(),
  triagedAt: ZIsoDateTime.nullable(),
  createdAt: ZIsoDateTime,
});
export type ReportDto = z.infer<typeof ZReport>;

export const ZReportCounts = z.object(Object.fromEntries(REPORT_STATUSES.map((s) => [s, z.number().int()])) as Record<(typeof REPORT_STATUSES)[number], z.ZodNumber>);

export const ZReportList = z.object({
  items: z.array(ZReport),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Reports per status (within the caller's view). */
  counts: ZReportCounts,
  /** `all`: the triage inbox (incident.read); `own`: only the caller's own reports (incident.report alone). */
  scope: z.enum(['all', 'own']),
});
export type ReportListDto = z.infer<typeof ZReportList>;

// ── Triage ───────────────────────────────────────────────────────────────────────────────────────────────────────

export const ZReportOpenCase = z.strictObject({
  /** Default: the report's first line (shortened). */
  title: z.string().trim().min(1).max(200).optional(),
  category: ZCaseCategory,
  severity: ZCaseSeverity.optional(),
  tlp: ZTlpLevel.optional(),
  /** 発覚日時; default: when the report says it happened, else when it came in. */
  discoveredAt: ZOffsetDateTime.optional(),
  facts: ZIncidentClockFacts.partial().optional(),
});
export type ReportOpenCaseBody = z.infer<typeof ZReportOpenCase>;

export const ZReportMerge = z.strictObject({ caseId: ZId });
export type ReportMergeBody = z.infer<typeof ZReportMerge>;
export const ZReportDismiss = z.strictObject({ reason: z.string().trim().min(1).max(REPORT_TEXT_LIMITS.dismissReasonChars) });

export const ZReportOpened = z.object({ report: ZReport, caseId: ZId, caseSeq: z.number().int() });

// ── The facility's report link (poster / QR) ─────────────────────────────────────────────────────────────────────

export const ZReportLinkState = z.object({
  exists: z.boolean(),
  createdAt: ZIsoDateTime.nullable(),
  createdBy: ref.nullable(),
});
export type ReportLinkStateDto = z.infer<typeof ZReportLinkState>;

/** Answer to creating a link: the token and the URL are shown this once (only a hash is kept). */
export const ZReportLinkCreated = ZReportLinkState.extend({ token: z.string(), url: z.string() });

export const ZReportPosterQuery = z.strictObject({
  token: z.string().min(1).max(200),
  format: z.enum(['html', 'pdf']).default('html'),
});

/** What the public page of a link learns: the facility's name, nothing else. */
export const ZPublicReportLink = z.object({ facilityName: z.string() });
export const ZPublicReportReceived = z.object({ ok: z.literal(true), receivedAt: ZIsoDateTime });
