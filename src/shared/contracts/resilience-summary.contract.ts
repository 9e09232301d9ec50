import { z } from 'zod';
import { SUMMARY_CODES, SUMMARY_LINK_TARGETS, SUMMARY_SEVERITIES } from '../resilience/summary.ts';
import { ZId } from './common.contract.ts';

/**
 * 備え (resilience, issue 7): the facility summary for the dashboard —
 * GET /api/v1/facilities/:facilityId/resilience/summary (resilience.read).
 * Sentences come worst first as codes with params; the UI renders them with `renderSummarySentence`
 * (src/shared/resilience/summary.ts) and maps `link.to` onto its paths (backups, backupPlan/:id, drills, drill/:id,
 * bcp, bcpVersion/:id, exercises, recovery, ledger).
 */

export const ZSummarySentence = z.object({
  severity: z.enum(SUMMARY_SEVERITIES),
  code: z.enum(SUMMARY_CODES),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  link: z.object({ to: z.enum(SUMMARY_LINK_TARGETS), id: ZId.optional() }),
  systemId: ZId.optional(),
});
export type TSummarySentence = z.infer<typeof ZSummarySentence>;

export const ZResilienceSummary = z.object({
  facilityId: ZId,
  /** The server's clock when computed (ISO UTC). */
  evaluatedAt: z.string(),
  sentences: z.array(ZSummarySentence),
  counts: z.object({
    /** Active systems of criticality 1–2. */
    systems: z.number().int(),
    plans: z.number().int(),
    offlinePlans: z.number().int(),
    stalePlans: z.number().int(),
    staleOfflinePlans: z.number().int(),
    systemsWithoutOfflineCopy: z.number().int(),
    /** Systems of criticality 1–2 whose restore drill is overdue or never done. */
    drillsDue: z.number().int(),
    bcp: z.enum(['approved', 'review_overdue', 'in_review', 'draft', 'none']),
    /** The current fiscal year (Gregorian start year; shown as 令和n年度). */
    fiscalYear: z.number().int(),
    exercisesThisYear: z.number().int(),
  }),
  /** True only when there is at least one system of criticality 1–2 and no sentence. */
  allGood: z.boolean(),
});
export type TResilienceSummary = z.infer<typeof ZResilienceSummary>;
