import { AppError } from '../../../shared/errors.ts';
import { can, PERMISSIONS, reachesFacility, type Actor, type FacilityPermission } from '../../../shared/policy.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { findFacilityById } from '../facilities/index.ts';
import { authorizeLedgerView } from '../ledger/index.ts';
import * as repo from './assessment.repository.ts';

/**
 * Who may do what with an assessment.
 * - A facility the caller does not reach (or an absent id) → NOT_FOUND, so ids of other hospitals are never confirmed.
 * - read: `assessment.read`; or, for a vendor user (ADR 0004), only the vendor sheets of the vendors they are linked
 *   to — every other assessment of the facility is NOT_FOUND for them.
 * - answer: `assessment.answer`; a vendor user answers their own vendor sheet (`assessment.vendor_answer`).
 * - manage: `assessment.manage` (never a vendor user).
 * Without the permission: FORBIDDEN, or TOKEN_SCOPE when the caller's token lacks the scope.
 */
export type AssessmentNeed = 'read' | 'answer' | 'manage';

export interface AssessmentAccess {
  row: repo.AssessmentRecord;
  actor: Actor;
  /** The caller reads the sheet as the vendor that answers it (not as the hospital). */
  asVendor: boolean;
}

/** FORBIDDEN, or TOKEN_SCOPE when the caller's token lacks every scope that would open it. */
export function deny(actor: Actor, permissions: readonly FacilityPermission[]): never {
  const lacksScope = actor.token !== undefined && !permissions.some((p) => actor.token!.scopes.includes(PERMISSIONS[p].scope));
  throw new AppError(lacksScope ? 'TOKEN_SCOPE' : 'FORBIDDEN');
}

export function requireActor(caller: Caller): Actor {
  if (!caller.actor) throw new AppError('UNAUTHENTICATED');
  return caller.actor;
}

/** A vendor user of the facility: no `assessment.read` there, but `assessment.vendor_answer`. */
export function isVendorUser(actor: Actor, facilityId: string): boolean {
  return !can(actor, 'assessment.read', facilityId) && can(actor, 'assessment.vendor_answer', facilityId);
}

/**
 * Facility-level checks (list, create): NOT_FOUND for a facility the caller does not reach, then the permission.
 * Returns the vendor ids of a vendor user's view for reads (null = the whole facility).
 */
export async function authorizeFacility(deps: Deps, caller: Caller, facilityId: string, need: 'read' | 'manage'): Promise<{ actor: Actor; vendorIds: string[] | null }> {
  const actor = requireActor(caller);
  if (!reachesFacility(actor, facilityId)) throw new AppError('NOT_FOUND');
  if (need === 'read' && isVendorUser(actor, facilityId)) {
    const view = await authorizeLedgerView(deps, caller, facilityId);
    return { actor, vendorIds: view.vendorIds ?? [] };
  }
  const permission: FacilityPermission = need === 'read' ? 'assessment.read' : 'assessment.manage';
  if (!can(actor, permission, facilityId)) deny(actor, [permission]);
  if (actor.isAdmin && !(await findFacilityById(deps.db, facilityId))) throw new AppError('NOT_FOUND');
  return { actor, vendorIds: null };
}

/**
 * Deps whose queries run on `db` (a transaction): SQLite has one connection, so a query on deps.db while a
 * transaction holds it would wait forever.
 */
export function depsOn(deps: Deps, db: Db): Deps {
  return db === deps.db ? deps : { ...deps, db: db as Deps['db'] };
}

/** Checks the caller's access to one assessment (looked up in `db`, e.g. inside a transaction: every query runs on it). */
export async function authorizeAssessmentIn(deps: Deps, db: Db, caller: Caller, id: string, need: AssessmentNeed): Promise<AssessmentAccess> {
  const actor = requireActor(caller);
  const row = await repo.findAssessmentById(db, id);
  if (!row || !reachesFacility(actor, row.facility_id)) throw new AppError('NOT_FOUND');
  const facilityId = row.facility_id;
  let asVendor = false;
  if (!can(actor, 'assessment.read', facilityId)) {
    if (!can(actor, 'assessment.vendor_answer', facilityId)) deny(actor, ['assessment.read']);
    const view = await authorizeLedgerView(depsOn(deps, db), caller, facilityId);
    const vendorIds = view.vendorIds ?? [];
    if (row.sheet !== 'vendor' || row.vendor_id === null || !vendorIds.includes(row.vendor_id)) throw new AppError('NOT_FOUND');
    asVendor = true;
  }
  if (need === 'answer' && !asVendor && !can(actor, 'assessment.answer', facilityId)) deny(actor, ['assessment.answer']);
  if (need === 'manage' && (asVendor || !can(actor, 'assessment.manage', facilityId))) deny(actor, ['assessment.manage']);
  return { row, actor, asVendor };
}

/** authorizeAssessment (see the interfaces of issue 5): the row, the actor and whether they act as the vendor. */
export async function authorizeAssessment(deps: Deps, caller: Caller, id: string, need: AssessmentNeed): Promise<AssessmentAccess> {
  return authorizeAssessmentIn(deps, deps.db, caller, id, need);
}
