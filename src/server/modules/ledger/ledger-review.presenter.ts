import type { z } from 'zod';
import type { ZLedgerReview } from '../../../shared/contracts/assessments.contract.ts';
import type { LedgerReview } from './ledger-review.service.ts';

export function presentLedgerReview(r: LedgerReview): z.infer<typeof ZLedgerReview> {
  return { id: r.id, reviewedOn: r.reviewedOn, reviewer: r.reviewerLabel, note: r.note, snapshot: r.snapshot, createdAt: r.createdAt };
}
