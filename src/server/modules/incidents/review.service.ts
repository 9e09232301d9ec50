import { AppError } from '../../../shared/errors.ts';
import { caseNumberLabel } from '../../../shared/incidents/cases.ts';
import type { IncidentReviewUpdateBody, ReviewActionCreateBody } from '../../../shared/contracts/incident-evidence.contract.ts';
import { callerUserId, type Caller, type Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import { failValidation as invalid } from '../../lib/validation.ts';
import { actionsForSource, createActionInTrx, type SourceAction } from '../actions/index.ts';
import type { CaseRow } from './case.repository.ts';
import { authorizedCase } from './incident.access.ts';
import * as repo from './review.repository.ts';
import { insertTimelineEntry } from './timeline.repository.ts';

/**
 * 事後対応・再発防止: the after-incident review of a case — what went well, what went wrong, lessons, root cause — and the
 * lessons turned into actions (対応アクション, source type `incident`, source id the case). Read with incident.read;
 * written and completed with incident.review (security manager, executive). A completed review no longer changes; its
 * completedAt is what lets the case be closed. Audited as incident_review (create, update, complete).
 */

export interface ReviewView {
  caseId: string;
  wentWell: string | null;
  wentWrong: string | null;
  lessons: string | null;
  rootCause: string | null;
  completedAt: string | null;
  updatedBy: { id: string; name: string } | null;
  updatedAt: string | null;
  actions: SourceAction[];
}

const FIELDS = { wentWell: 'went_well', wentWrong: 'went_wrong', lessons: 'lessons', rootCause: 'root_cause' } as const;
type Field = keyof typeof FIELDS;

const clean = (v: string | null | undefined): string | null => {
  const t = v?.trim();
  return t ? t : null;
};

function auditView(r: Pick<repo.ReviewRow, 'went_well' | 'went_wrong' | 'lessons' | 'root_cause' | 'completed_at'>) {
  return { wentWell: r.went_well, wentWrong: r.went_wrong, lessons: r.lessons, rootCause: r.root_cause, completedAt: r.completed_at };
}

/** A case's review and its actions (unchecked: callers authorized the case). */
export async function reviewOf(deps: Deps, db: Db, caseRow: Pick<CaseRow, 'id' | 'facility_id'>): Promise<ReviewView> {
  const [r, actions] = await Promise.all([repo.findReviewRow(db, caseRow.id), actionsForSource(deps, caseRow.facility_id, 'incident', caseRow.id, db)]);
  return {
    caseId: caseRow.id,
    wentWell: r?.went_well ?? null,
    wentWrong: r?.went_wrong ?? null,
    lessons: r?.lessons ?? null,
    rootCause: r?.root_cause ?? null,
    completedAt: r?.completed_at ?? null,
    updatedBy: r?.updated_by && r.updated_by_name !== null ? { id: r.updated_by, name: r.updated_by_name } : null,
    updatedAt: r?.updated_at ?? null,
    actions,
  };
}

/** When the case's review was completed, or null (for the case's close rule and its detail). */
export async function reviewCompletedAt(db: Db, caseId: string): Promise<string | null> {
  return (await repo.findReviewRow(db, caseId))?.completed_at ?? null;
}

export async function getReview(deps: Deps, caller: Caller, caseId: string): Promise<ReviewView> {
  const c = await authorizedCase(deps, caller, caseId, 'incident.read');
  return reviewOf(deps, deps.db, c);
}

/** PUT …/review: changes the given fields (absent = unchanged, null or empty = cleared); CONFLICT on a stale expectedUpdatedAt. */
export async function saveReview(deps: Deps, caller: Caller, caseId: string, body: IncidentReviewUpdateBody): Promise<ReviewView> {
  const c = await authorizedCase(deps, caller, caseId, 'incident.review');
  await deps.db.transaction().execute(async (trx) => {
    await repo.lockCaseForReview(trx, c.id);
    const existing = await repo.findReviewRow(trx, c.id);
    if (existing?.completed_at) throw new AppError('INVALID_STATE', 'the review is completed');
    if (body.expectedUpdatedAt !== undefined && body.expectedUpdatedAt !== (existing?.updated_at ?? null)) throw new AppError('CONFLICT');
    const now = deps.clock.now().toISOString();
    const changes: Partial<Record<(typeof FIELDS)[Field], string | null>> = {};
    for (const [key, column] of Object.entries(FIELDS) as [Field, (typeof FIELDS)[Field]][]) {
      if (body[key] === undefined) continue;
      const value = clean(body[key]);
      if (value !== (existing?.[column] ?? null)) changes[column] = value;
    }
    if (existing && Object.keys(changes).length === 0) return;
    const by = callerUserId(caller);
    if (!existing) {
      const row = { case_id: c.id, went_well: null, went_wrong: null, lessons: null, root_cause: null, ...changes, completed_at: null, updated_by: by, updated_at: now };
      await repo.insertReviewRow(trx, row);
      await recordAudit(deps, trx, caller, { facilityId: c.facility_id, entityType: 'incident_review', entityId: c.id, action: 'create', after: auditView(row) });
      return;
    }
    await repo.updateReviewRow(trx, c.id, { ...changes, updated_by: by, updated_at: now });
    const before = auditView(existing);
    const after = auditView({ ...existing, ...changes });
    const changed = Object.keys(changes).map((column) => (Object.entries(FIELDS).find(([, col]) => col === column)![0]) as Field);
    await recordAudit(deps, trx, caller, {
      facilityId: c.facility_id,
      entityType: 'incident_review',
      entityId: c.id,
      action: 'update',
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k]])),
    });
  });
  return reviewOf(deps, deps.db, c);
}

/** POST …/review/complete: needs the lessons written; sets completedAt once (INVALID_STATE when already completed). */
export async function completeReview(deps: Deps, caller: Caller, caseId: string): Promise<ReviewView> {
  const c = await authorizedCase(deps, caller, caseId, 'incident.review');
  await deps.db.transaction().execute(async (trx) => {
    await repo.lockCaseForReview(trx, c.id);
    const existing = await repo.findReviewRow(trx, c.id);
    if (existing?.completed_at) throw new AppError('INVALID_STATE', 'the review is completed already');
    if (!existing?.lessons) invalid([{ path: 'lessons', message: 'required' }]);
    const now = deps.clock.now().toISOString();
    await repo.updateReviewRow(trx, c.id, { completed_at: now, updated_by: callerUserId(caller), updated_at: now });
    await recordAudit(deps, trx, caller, { facilityId: c.facility_id, entityType: 'incident_review', entityId: c.id, action: 'complete', before: { completedAt: null }, after: auditView({ ...existing, completed_at: now }) });
    await insertTimelineEntry(trx, { caseId: c.id, occurredAt: now, timeZone: 'Asia/Tokyo', kind: 'system', text: '事後レビューを完了しました(教訓・再発防止策の確定)', createdBy: callerUserId(caller), createdAt: now });
  });
  return reviewOf(deps, deps.db, c);
}

/** POST …/review/actions: a lesson becomes an action of the case's facility, linked back to the case (also after completion). */
export async function addReviewAction(deps: Deps, caller: Caller, caseId: string, body: ReviewActionCreateBody): Promise<ReviewView> {
  const c = await authorizedCase(deps, caller, caseId, 'incident.review');
  await deps.db.transaction().execute((trx) =>
    createActionInTrx(deps, trx, caller, c.facility_id, {
      title: body.title,
      ownerUserId: body.ownerUserId ?? null,
      dueOn: body.dueOn ?? null,
      source: { type: 'incident', id: c.id, ref: 'review', label: `${caseNumberLabel(c.seq, c.discovered_at)} ${c.title}`.slice(0, 300) },
    }),
  );
  return reviewOf(deps, deps.db, c);
}
