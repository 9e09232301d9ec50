import { z } from 'zod';
import { BCP_SECTIONS, BCP_STATUSES, BCP_STEPS, ZBcpContent } from '../resilience/bcp.ts';
import { ZDateOnly } from './assessments.contract.ts';
import { ZId, ZIsoDateTime } from './common.contract.ts';

/**
 * 備え (resilience, issue 7): the cyber BCP in numbered versions (第1版, 第2版 …) approved by the executive. The content
 * schema, section/step/audience labels, the 確認表 items, the first draft and the completeness rule live in
 * src/shared/resilience/bcp.ts. Workflow: draft → submit (bcp.manage; needs the required sections complete, else
 * VALIDATION_FAILED with one issue per missing section: path `content.<section>`, message `section_incomplete`) →
 * in_review → return (draft again, with a reason) or approve (bcp.approve) → approved; the approved one before it
 * becomes superseded. Only one draft or in_review version at a time (INVALID_STATE otherwise).
 */

export { ZBcpContent };
export type { BcpContent, BcpContentInput } from '../resilience/bcp.ts';

/** Stable issue keys (VALIDATION_FAILED). */
export const BCP_ISSUE_KEYS = ['section_incomplete'] as const;

const ZText = z.object({ ja: z.string(), en: z.string() });
const ZUser = z.object({ id: ZId, name: z.string() });

/** PUT /bcp-versions/:id/content: the whole content (draft only); autosave sends it again and again with the version it has. */
export const ZBcpContentSave = z.strictObject({ content: ZBcpContent, expectedVersion: z.number().int().min(1) });
export type BcpContentSaveBody = z.input<typeof ZBcpContentSave>;

/** POST …/submit; expectedVersion (optional) guards against submitting a version someone changed meanwhile. */
export const ZBcpSubmit = z.strictObject({ expectedVersion: z.number().int().min(1).optional() });
export type BcpSubmitBody = z.infer<typeof ZBcpSubmit>;

/** POST …/return: back to draft with a reason (shown to the editors, kept in the audit log and the notification). */
export const ZBcpReturn = z.strictObject({ reason: z.string().trim().min(1).max(2000), expectedVersion: z.number().int().min(1).optional() });
export type BcpReturnBody = z.infer<typeof ZBcpReturn>;

/** POST …/approve: the executive approves, optionally with a note printed on the approval line. */
export const ZBcpApprove = z.strictObject({ note: z.string().trim().max(2000).nullable().optional(), expectedVersion: z.number().int().min(1).optional() });
export type BcpApproveBody = z.infer<typeof ZBcpApprove>;

export const ZBcpExportQuery = z.strictObject({ format: z.enum(['html', 'pdf']).default('html'), lang: z.enum(['ja', 'en']).default('ja') });

export const ZBcpSectionCompleteness = z.object({
  section: z.enum(BCP_SECTIONS),
  status: z.enum(['filled', 'partial', 'missing']),
  required: z.boolean(),
  sentence: ZText,
});

export const ZBcpCompleteness = z.object({
  /** All required sections filled: the version may be submitted. */
  complete: z.boolean(),
  sections: z.array(ZBcpSectionCompleteness),
  missingRequired: z.array(z.enum(BCP_SECTIONS)),
  checklist: z.object({
    checked: z.number().int(),
    total: z.number().int(),
    steps: z.array(z.object({ step: z.enum(BCP_STEPS), checked: z.number().int(), total: z.number().int() })),
  }),
});
export type BcpCompletenessDto = z.infer<typeof ZBcpCompleteness>;

/** One version without its content (lists). */
export const ZBcpVersionSummary = z.object({
  id: ZId,
  facilityId: ZId,
  /** 1, 2, 3 … (shown as 第n版 with bcpVersionLabel). */
  number: z.number().int(),
  status: z.enum(BCP_STATUSES),
  /** The approved version this one was copied from (null for 第1版). */
  basedOnId: ZId.nullable(),
  createdBy: ZUser.nullable(),
  createdAt: ZIsoDateTime,
  updatedAt: ZIsoDateTime,
  submittedAt: ZIsoDateTime.nullable(),
  submittedBy: ZUser.nullable(),
  approvedAt: ZIsoDateTime.nullable(),
  approvedBy: ZUser.nullable(),
  /** The approver's name as it was at approval (kept when the user is renamed or removed). */
  approverName: z.string().nullable(),
  approvalNote: z.string().nullable(),
  /** For approved (and superseded) versions: the last day of the review cycle (approval + basics.reviewCycleMonths − 1 day). */
  reviewDueOn: ZDateOnly.nullable(),
  /** Optimistic concurrency: send it back as expectedVersion. */
  version: z.number().int(),
});
export type BcpVersionSummaryDto = z.infer<typeof ZBcpVersionSummary>;

/** One version with its content. */
export const ZBcpVersion = ZBcpVersionSummary.extend({
  content: ZBcpContent,
  completeness: ZBcpCompleteness,
  /** The latest return of this version to draft (from the audit log), or null. */
  lastReturn: z.object({ at: ZIsoDateTime, by: z.string(), reason: z.string() }).nullable(),
  /** What the caller may do now (the server checks again). */
  can: z.object({ edit: z.boolean(), submit: z.boolean(), return: z.boolean(), approve: z.boolean(), delete: z.boolean() }),
});
export type BcpVersionDto = z.infer<typeof ZBcpVersion>;

/** GET /facilities/:facilityId/bcp: the versions (newest first), the current approved one, the open draft and the review date. */
export const ZBcpOverview = z.object({
  facilityId: ZId,
  versions: z.array(ZBcpVersionSummary),
  /** The newest approved version, or null. */
  current: ZBcpVersionSummary.nullable(),
  /** The draft or in_review version, or null. */
  openDraft: ZBcpVersionSummary.nullable(),
  /** current's review date, and whether it has passed (JST). */
  reviewDueOn: ZDateOnly.nullable(),
  reviewOverdue: z.boolean(),
  /** The state in one sentence (「第2版を2026年4月1日に承認済み。次の見直し期限: 2027年3月31日」). */
  sentence: ZText,
  /** Whether the caller may start a new draft (bcp.manage or resilience.write, and no open draft). */
  canCreateDraft: z.boolean(),
});
export type BcpOverviewDto = z.infer<typeof ZBcpOverview>;
