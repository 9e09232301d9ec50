/**
 * The public vendor sheet (the vendor checklist through a signed link): only the three public endpoints of the link, never an
 * authenticated API.
 */
import { useQuery } from '@tanstack/react-query';
import { api, isApiError } from '../../api/client.ts';
import { allowedAnswers, answerIsGap, type AnswerType, type FrameworkDefinition, type FrameworkItem } from '../../../shared/assessments/framework.ts';
import type { AssessmentStatus } from '../../../shared/assessments/types.ts';
import type { AnswerDto, VendorSheetDto } from '../../../shared/contracts/assessments.contract.ts';

const enc = encodeURIComponent;
export const vendorSheetPath = {
  sheet: (token: string) => `/vendor-sheets/${enc(token)}`,
  answer: (token: string, itemId: string) => `/vendor-sheets/${enc(token)}/answers/${enc(itemId)}`,
  submit: (token: string) => `/vendor-sheets/${enc(token)}/submit`,
};

export const VENDOR_SHEET_KEY = ['vendorSheet'] as const;

export function useVendorSheet(token: string) {
  return useQuery({
    queryKey: [...VENDOR_SHEET_KEY, token],
    queryFn: ({ signal }) => api.get<VendorSheetDto>(vendorSheetPath.sheet(token), undefined, signal),
    retry: (count, e) => !(isApiError(e) && [404, 410, 403, 429].includes(e.status)) && count < 2,
    refetchOnWindowFocus: false,
  });
}

/** Why the sheet cannot be shown: an expired or revoked link (410), an unknown one (404), or another error. */
export function linkProblem(error: unknown): 'expired' | 'unknown' | 'other' {
  if (isApiError(error) && (error.status === 410 || ['GONE', 'LINK_EXPIRED'].includes(error.code as string))) return 'expired';
  if (isApiError(error) && error.status === 404) return 'unknown';
  return 'other';
}

/** Statuses in which the vendor can no longer change answers. */
export function sheetReadOnly(status: AssessmentStatus): boolean {
  return status !== 'in_progress';
}

export interface ItemDraft {
  answer: string | null;
  checkedOn: string;
  targetOn: string;
  comment: string;
}

export function draftFrom(a: AnswerDto | null | undefined): ItemDraft {
  return { answer: a?.answer ?? null, checkedOn: a?.checkedOn ?? '', targetOn: a?.targetOn ?? '', comment: a?.comment ?? '' };
}

/** The answer needs a target date (No, or a level not done). */
export function needsTarget(type: AnswerType, answer: string | null): boolean {
  return answer !== null && allowedAnswers(type).includes(answer) && answerIsGap(type, answer);
}

/** Whether a saved draft still lacks something: `needsTarget` while a gap has no target date yet, otherwise `ready`. */
export function draftState(type: AnswerType, d: ItemDraft): 'ready' | 'needsTarget' {
  return needsTarget(type, d.answer) && !d.targetOn ? 'needsTarget' : 'ready';
}

/** The request body of one autosave: a done answer carries no target date; an empty date is sent as null. */
export function answerBody(type: AnswerType, d: ItemDraft, expectedUpdatedAt: string | null) {
  return {
    answer: d.answer,
    checkedOn: d.checkedOn || null,
    targetOn: needsTarget(type, d.answer) ? d.targetOn || null : null,
    comment: d.comment.trim() ? d.comment : null,
    expectedUpdatedAt,
  };
}

/** The days a target date may take: within the sheet's fiscal year, or up to the end of the item's required-by year when later. */
export function targetWindow(def: Pick<FrameworkDefinition, 'fiscalYear'>, item: Pick<FrameworkItem, 'requiredBy'>): { min?: string; max?: string } {
  if (def.fiscalYear === undefined) return {};
  const endYear = Math.max(def.fiscalYear, item.requiredBy ?? def.fiscalYear);
  return { min: `${def.fiscalYear}-04-01`, max: `${endYear + 1}-03-31` };
}

/** The answer an autosave returned, whatever shape the server chose (the answer, or the whole sheet). */
export function savedAnswer(body: unknown, itemId: string): AnswerDto | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as Partial<AnswerDto> & { answers?: AnswerDto[]; answer?: unknown };
  if (Array.isArray(b.answers)) return b.answers.find((a) => a.itemId === itemId) ?? null;
  if (b.answer && typeof b.answer === 'object') return savedAnswer(b.answer, itemId);
  if (b.itemId === itemId && typeof b.updatedAt === 'string') return b as AnswerDto;
  return null;
}
