import { AppError } from '../../../shared/errors.ts';
import { can, PERMISSIONS, reachesFacility, type Actor, type FacilityPermission } from '../../../shared/policy.ts';
import { callerUserId, type Caller, type Deps } from '../../context.ts';
import { findFacilityById } from '../facilities/index.ts';

/**
 * Authorization of the facility's vulnerability findings (脆弱性):
 * - a facility the caller does not reach at all → NOT_FOUND (the same as an absent facility);
 * - a facility the caller reaches without the permission → FORBIDDEN (TOKEN_SCOPE when a token lacks the scope).
 * Checked before any lookup, so nothing about the findings is confirmed.
 */
export async function authorizeVulns(deps: Deps, caller: Caller, facilityId: string, permission: FacilityPermission): Promise<Actor> {
  const actor = caller.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!reachesFacility(actor, facilityId)) throw new AppError('NOT_FOUND');
  if (!can(actor, permission, facilityId)) {
    const lacksScope = actor.token !== undefined && !actor.token.scopes.includes(PERMISSIONS[permission].scope);
    throw new AppError(lacksScope ? 'TOKEN_SCOPE' : 'FORBIDDEN');
  }
  // Administrators reach every id, including ones that are not facilities.
  if (actor.isAdmin && !(await findFacilityById(deps.db, facilityId))) throw new AppError('NOT_FOUND');
  return actor;
}

/** The user id for history rows (null for the command line and jobs). */
export function actorUserId(caller: Caller): string | null {
  return callerUserId(caller);
}
