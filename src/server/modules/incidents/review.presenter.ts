import type { IncidentReviewDto } from '../../../shared/contracts/incident-evidence.contract.ts';
import type { ReviewView } from './review.service.ts';

/** 事後対応・再発防止: the review with its actions, explicit fields. */
export function presentReview(v: ReviewView): IncidentReviewDto {
  return {
    caseId: v.caseId,
    wentWell: v.wentWell,
    wentWrong: v.wentWrong,
    lessons: v.lessons,
    rootCause: v.rootCause,
    completedAt: v.completedAt,
    updatedBy: v.updatedBy,
    updatedAt: v.updatedAt,
    actions: v.actions.map((a) => ({ id: a.id, title: a.title, status: a.status, dueOn: a.dueOn, overdue: a.overdue })),
  };
}
