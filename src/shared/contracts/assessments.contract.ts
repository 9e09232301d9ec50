import { z } from 'zod';
import { FRAMEWORK_SHEETS, FrameworkDefinition, ITEM_SCOPES, LocalizedText } from '../assessments/framework.ts';
import { ASSESSMENT_STATUSES, EVIDENCE_KINDS, EVIDENCE_RECORD_TYPES, SIGNOFF_ROLES, SUGGESTION_VALUES } from '../assessments/types.ts';
import { ZId, ZIsoDateTime } from './common.contract.ts';

/** YYYY-MM-DD calendar date (JST). */
export const ZDateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'invalid_date' });

// ── Frameworks ────────────────────────────────────────────────────────────────────────────────────────

export const ZFrameworkOwner = z.discriminatedUnion('type', [
  z.object({ type: z.literal('builtin') }),
  z.object({ type: z.literal('facility'), facilityId: ZId }),
  z.object({ type: z.literal('group'), groupId: ZId }),
]);

export const ZFrameworkSummary = z.object({
  /** Custom frameworks carry their row id (for delete); built-in ones null. */
  recordId: ZId.nullable(),
  id: z.string(),
  version: z.string(),
  title: LocalizedText,
  publisher: LocalizedText,
  fiscalYear: z.number().int().nullable(),
  sheet: z.enum(FRAMEWORK_SHEETS),
  vendorSheet: z.string().nullable(),
  sections: z.number().int(),
  items: z.number().int(),
  /** Items whose wording was not yet checked against the primary document. */
  unverifiedItems: z.number().int(),
  /** Items with an auto-evaluation rule. */
  ruleItems: z.number().int(),
  owner: ZFrameworkOwner,
  sha256: z.string(),
});
export type FrameworkSummaryDto = z.infer<typeof ZFrameworkSummary>;

export const ZFrameworkListQuery = z.strictObject({ facilityId: ZId.optional() });
export const ZFrameworkList = z.object({ items: z.array(ZFrameworkSummary) });

export const ZFrameworkDetail = z.object({ summary: ZFrameworkSummary, definition: FrameworkDefinition });
export type FrameworkDetailDto = z.infer<typeof ZFrameworkDetail>;

/** A problem in a framework file: the file, the line (1-based) and the key path (sections.2.items.0.text.ja). */
export const ZFrameworkIssue = z.object({
  file: z.string(),
  line: z.number().int().nullable(),
  key: z.string(),
  message: z.string(),
  /** A stable word for programs: unknown_key, missing_key, wrong_type, invalid_value, duplicate_id, yaml_syntax … */
  code: z.string().optional(),
});
export type FrameworkIssueDto = z.infer<typeof ZFrameworkIssue>;
export const ZFrameworkValidation = z.object({ ok: z.boolean(), issues: z.array(ZFrameworkIssue), summary: ZFrameworkSummary.nullable() });
/** A framework file sent as the raw request body (YAML or .xlsx); its name also from the X-File-Name header. */
export const ZFrameworkUploadQuery = z.strictObject({ fileName: z.string().max(255).optional() });

// ── Assessments ───────────────────────────────────────────────────────────────────────────────────────

export const ZSectionProgress = z.object({
  sectionId: z.string(),
  items: z.number().int(),
  answered: z.number().int(),
  /** Answered and with a 確認日 (what the inspector checks). */
  complete: z.number().int(),
  gaps: z.number().int(),
});
export const ZProgress = z.object({
  items: z.number().int(),
  answered: z.number().int(),
  complete: z.number().int(),
  gaps: z.number().int(),
  /** いいえ without a 目標日 within the fiscal year, or answers without 確認日. */
  incomplete: z.number().int(),
  disagreements: z.number().int(),
  /** Gate answered いいえ: nothing else is needed. */
  gateClosed: z.boolean(),
  sections: z.array(ZSectionProgress),
});
export type ProgressDto = z.infer<typeof ZProgress>;

export const ZAssessmentSummary = z.object({
  id: ZId,
  facilityId: ZId,
  frameworkId: z.string(),
  frameworkVersion: z.string(),
  frameworkTitle: LocalizedText,
  sheet: z.enum(FRAMEWORK_SHEETS),
  vendor: z.object({ id: ZId, name: z.string() }).nullable(),
  fiscalYear: z.number().int().nullable(),
  title: z.string().nullable(),
  status: z.enum(ASSESSMENT_STATUSES),
  carriedFromId: ZId.nullable(),
  signoff: z.object({
    manager: z.object({ by: z.string(), at: ZIsoDateTime }).nullable(),
    executive: z.object({ by: z.string(), at: ZIsoDateTime }).nullable(),
  }),
  lockedAt: ZIsoDateTime.nullable(),
  submittedAt: ZIsoDateTime.nullable(),
  acceptedAt: ZIsoDateTime.nullable(),
  returnReason: z.string().nullable(),
  progress: ZProgress,
  createdAt: ZIsoDateTime,
  updatedAt: ZIsoDateTime,
});
export type AssessmentSummaryDto = z.infer<typeof ZAssessmentSummary>;

export const ZAssessmentListQuery = z.strictObject({
  fiscalYear: z.coerce.number().int().optional(),
  sheet: z.enum(FRAMEWORK_SHEETS).optional(),
  vendorId: ZId.optional(),
  frameworkId: z.string().optional(),
});
export const ZAssessmentList = z.object({ items: z.array(ZAssessmentSummary) });

export const ZAssessmentCreate = z.strictObject({
  frameworkId: z.string().min(1),
  version: z.string().min(1),
  /** 事業者確認用: the vendor that answers it. */
  vendorId: ZId.optional(),
  title: z.string().trim().max(200).optional(),
  /** Copy answers (by item id) from this earlier assessment; they are marked carried over until re-confirmed. */
  carryFromId: ZId.optional(),
  /** The fiscal year answered (Gregorian start year); not before the edition's. Default: the edition's year, or the year after the carried one. */
  fiscalYear: z.number().int().min(2000).max(2100).optional(),
});

export const ZReason = z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() });
export const ZSuggestion = z.object({
  itemId: z.string(),
  ruleId: z.string(),
  value: z.enum(SUGGESTION_VALUES),
  reasons: z.array(ZReason),
  records: z.array(z.object({ type: z.enum(EVIDENCE_RECORD_TYPES), id: z.string(), label: z.string() })),
  evaluatedAt: ZIsoDateTime,
});
export type SuggestionDto = z.infer<typeof ZSuggestion>;

export const ZAnswer = z.object({
  itemId: z.string(),
  answer: z.string().nullable(),
  checkedOn: ZDateOnly.nullable(),
  targetOn: ZDateOnly.nullable(),
  responsible: z.string().nullable(),
  comment: z.string().nullable(),
  carriedOver: z.boolean(),
  updatedBy: z.string().nullable(),
  updatedAt: ZIsoDateTime,
});
export type AnswerDto = z.infer<typeof ZAnswer>;

export const ZEvidence = z.object({
  id: ZId,
  itemId: z.string(),
  kind: z.enum(EVIDENCE_KINDS),
  title: z.string(),
  fileName: z.string().nullable(),
  sha256: z.string().nullable(),
  size: z.number().int().nullable(),
  version: z.number().int(),
  /** Earlier versions of the same file, newest first. */
  previousVersions: z.array(z.object({ id: ZId, version: z.number().int(), sha256: z.string().nullable(), createdAt: ZIsoDateTime })),
  record: z.object({ type: z.enum(EVIDENCE_RECORD_TYPES), id: z.string(), label: z.string().nullable() }).nullable(),
  url: z.string().nullable(),
  validUntil: ZDateOnly.nullable(),
  /** Past its validity: shown, but no longer counts. */
  expired: z.boolean(),
  note: z.string().nullable(),
  createdBy: z.string(),
  createdAt: ZIsoDateTime,
});
export type EvidenceDto = z.infer<typeof ZEvidence>;

export const ZAssessmentItemState = z.object({
  itemId: z.string(),
  answer: ZAnswer.nullable(),
  suggestion: ZSuggestion.nullable(),
  /** Answer and suggestion disagree: highlighted with the reasons. */
  disagreement: z.boolean(),
  /** Problems the inspector would see: missing 確認日, いいえ without 目標日, 目標日 outside the fiscal year. */
  problems: z.array(ZReason),
  evidence: z.array(ZEvidence),
  actions: z.array(z.object({ id: ZId, title: z.string(), status: z.string(), dueOn: ZDateOnly.nullable() })),
});
export type AssessmentItemStateDto = z.infer<typeof ZAssessmentItemState>;

export const ZAssessmentDetail = z.object({
  assessment: ZAssessmentSummary,
  framework: FrameworkDefinition,
  items: z.array(ZAssessmentItemState),
  /** What the caller may do here (the service decides; the UI only shows). */
  allowed: z.object({
    answer: z.boolean(),
    manage: z.boolean(),
    signManager: z.boolean(),
    signExecutive: z.boolean(),
    submit: z.boolean(),
    accept: z.boolean(),
  }),
});
export type AssessmentDetailDto = z.infer<typeof ZAssessmentDetail>;

export const ZAnswerUpdate = z.strictObject({
  answer: z.string().min(1).max(40).nullable(),
  checkedOn: ZDateOnly.nullable().optional(),
  targetOn: ZDateOnly.nullable().optional(),
  responsible: z.string().trim().max(200).nullable().optional(),
  comment: z.string().max(4000).nullable().optional(),
  /** Optimistic concurrency: the answer's updatedAt the client saw (409 CONFLICT when it changed). */
  expectedUpdatedAt: ZIsoDateTime.nullable().optional(),
});
export type AnswerUpdate = z.infer<typeof ZAnswerUpdate>;

export const ZAssessmentEvent = z.object({
  id: ZId,
  itemId: z.string().nullable(),
  action: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  actor: z.string(),
  createdAt: ZIsoDateTime,
});
export const ZAssessmentHistoryQuery = z.strictObject({
  itemId: z.string().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export const ZAssessmentHistory = z.object({ items: z.array(ZAssessmentEvent), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

/** Evidence that is not a file (files go as a raw body to …/evidence/file?itemId=&title=&validUntil=). */
export const ZEvidenceCreate = z.strictObject({
  itemId: z.string().min(1),
  kind: z.enum(['record', 'url']),
  title: z.string().trim().min(1).max(200),
  recordType: z.enum(EVIDENCE_RECORD_TYPES).optional(),
  recordId: ZId.optional(),
  url: z.string().url().max(2000).optional(),
  validUntil: ZDateOnly.nullable().optional(),
  note: z.string().max(2000).nullable().optional(),
});
export const ZEvidenceFileQuery = z.strictObject({
  itemId: z.string().min(1),
  title: z.string().trim().min(1).max(200).optional(),
  validUntil: ZDateOnly.optional(),
  /** Upload a new version of this evidence (it keeps the old one as a previous version). */
  replaces: ZId.optional(),
  note: z.string().max(2000).optional(),
});

export const ZSignoff = z.strictObject({ role: z.enum(SIGNOFF_ROLES), comment: z.string().max(2000).optional() });
export const ZReturnVendorSheet = z.strictObject({ reason: z.string().trim().min(1).max(2000) });

export const ZCarryOver = z.strictObject({ frameworkId: z.string().min(1).optional(), version: z.string().min(1), fiscalYear: z.number().int().min(2000).max(2100).optional() });

export const ZCompareQuery = z.strictObject({ a: ZId, b: ZId });
export const ZCompareRow = z.object({
  itemId: z.string(),
  number: z.string().nullable(),
  text: LocalizedText.nullable(),
  a: z.object({ answer: z.string().nullable(), checkedOn: ZDateOnly.nullable(), targetOn: ZDateOnly.nullable() }).nullable(),
  b: z.object({ answer: z.string().nullable(), checkedOn: ZDateOnly.nullable(), targetOn: ZDateOnly.nullable() }).nullable(),
  change: z.enum(['same', 'changed', 'improved', 'worsened', 'added', 'removed']),
});
export const ZCompare = z.object({ a: ZAssessmentSummary, b: ZAssessmentSummary, rows: z.array(ZCompareRow) });
export type CompareDto = z.infer<typeof ZCompare>;

export const ZExportQuery = z.strictObject({ format: z.enum(['xlsx', 'pdf', 'html']), lang: z.enum(['ja', 'en']).default('ja') });

// ── Vendor sheet links (事業者確認用 without an account) ─────────────────────────────────────────────────

export const ZVendorLinkCreate = z.strictObject({
  /** Days until the link stops working (1–90). */
  expiresInDays: z.number().int().min(1).max(90).default(30),
  recipient: z.string().trim().max(200).optional(),
});
export const ZVendorLink = z.object({
  id: ZId,
  recipient: z.string().nullable(),
  expiresAt: ZIsoDateTime,
  createdAt: ZIsoDateTime,
  revokedAt: ZIsoDateTime.nullable(),
  lastUsedAt: ZIsoDateTime.nullable(),
  useCount: z.number().int(),
  status: z.enum(['active', 'expired', 'revoked']),
});
/** Returned once at creation: the only time the token (inside `url`) is visible. */
export const ZVendorLinkCreated = z.object({ link: ZVendorLink, url: z.string(), token: z.string() });
export const ZVendorLinkList = z.object({ items: z.array(ZVendorLink) });

/** What a vendor sees through a link: its own sheet only, no other record of the hospital. */
export const ZVendorSheet = z.object({
  facilityName: z.string(),
  vendorName: z.string(),
  status: z.enum(ASSESSMENT_STATUSES),
  returnReason: z.string().nullable(),
  expiresAt: ZIsoDateTime,
  framework: FrameworkDefinition,
  answers: z.array(ZAnswer),
  progress: ZProgress,
});
export type VendorSheetDto = z.infer<typeof ZVendorSheet>;
export const ZVendorSheetAnswer = ZAnswerUpdate.omit({ responsible: true }).extend({ responsible: z.string().trim().max(200).nullable().optional() });
export const ZVendorSheetSubmit = z.strictObject({ name: z.string().trim().min(1).max(200) });

// ── Ledger review (台帳の点検) ────────────────────────────────────────────────────────────────────────────

export const ZLedgerReviewCreate = z.strictObject({ reviewedOn: ZDateOnly, note: z.string().max(2000).optional() });
export const ZLedgerReview = z.object({
  id: ZId,
  reviewedOn: ZDateOnly,
  reviewer: z.string(),
  note: z.string().nullable(),
  snapshot: z.record(z.string(), z.number()),
  createdAt: ZIsoDateTime,
});
export const ZLedgerReviewList = z.object({ items: z.array(ZLedgerReview) });

export const ZItemScope = z.enum(ITEM_SCOPES);

// ── Actions from an item (helper C) ───────────────────────────────────────────────────────────────────

/** POST /assessments/:id/items/:itemId/actions: the source is the item; the title defaults to "<number> <text.ja>". */
export const ZItemActionCreate = z.strictObject({
  title: z.string().trim().min(1).max(300).optional(),
  description: z.string().max(4000).nullable().optional(),
  ownerUserId: ZId.nullable().optional(),
  dueOn: ZDateOnly.nullable().optional(),
});
