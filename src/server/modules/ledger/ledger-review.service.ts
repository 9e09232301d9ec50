import { AppError } from '../../../shared/errors.ts';
import { isIsoDate } from '../../../shared/ledger.ts';
import type { z } from 'zod';
import type { ZLedgerReviewCreate } from '../../../shared/contracts/assessments.contract.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import { newId } from '../../lib/ids.ts';
import { authorizeLedger, clean, ledgerToday } from './ledger.access.ts';
import * as repo from './ledger-review.repository.ts';

export type { LedgerReview } from './ledger-review.repository.ts';
export type TLedgerReviewCreate = z.infer<typeof ZLedgerReviewCreate>;

/**
 * 台帳の点検 (ledger reviews): the security manager or IT staff record that they went through the ledger (checklist
 * 2(1) asks for a periodic review). Each review keeps a snapshot of what the ledger held at that moment.
 */

export async function listLedgerReviews(deps: Deps, caller: Caller, facilityId: string): Promise<repo.LedgerReview[]> {
  await authorizeLedger(deps, caller, facilityId, 'read');
  return repo.listReviews(deps.db, facilityId);
}

/** Records a review inside an existing transaction, without permission checks (service, demo). */
export async function insertLedgerReviewTx(deps: Deps, trx: Db, caller: Caller, facilityId: string, input: TLedgerReviewCreate): Promise<repo.LedgerReview> {
  if (!isIsoDate(input.reviewedOn)) {
    throw new AppError('VALIDATION_FAILED', 'reviewedOn is not a date', { issues: [{ path: 'reviewedOn', message: 'invalid_date' }] });
  }
  if (input.reviewedOn > ledgerToday(deps)) {
    throw new AppError('VALIDATION_FAILED', 'reviewedOn lies in the future', { issues: [{ path: 'reviewedOn', message: 'future_date' }] });
  }
  const id = newId();
  const userId = caller.actor && caller.actor.userId !== 'cli' ? caller.actor.userId : null;
  await repo.insertReview(trx, {
    id,
    facility_id: facilityId,
    reviewed_on: input.reviewedOn,
    reviewed_by: userId,
    reviewer_label: caller.label,
    note: clean(input.note),
    snapshot: JSON.stringify(await repo.snapshotCounts(trx, facilityId)),
    created_at: deps.clock.now().toISOString(),
  });
  const created = (await repo.findReview(trx, facilityId, id))!;
  await recordAudit(deps, trx, caller, { facilityId, entityType: 'ledger_review', entityId: id, action: 'create', after: created });
  return created;
}

export async function createLedgerReview(deps: Deps, caller: Caller, facilityId: string, input: TLedgerReviewCreate): Promise<repo.LedgerReview> {
  await authorizeLedger(deps, caller, facilityId, 'write');
  return deps.db.transaction().execute((trx) => insertLedgerReviewTx(deps, trx, caller, facilityId, input));
}
