import { AppError } from '../../../shared/errors.ts';
import { can, PERMISSIONS, reachesFacility } from '../../../shared/policy.ts';
import type { Caller, Deps } from '../../context.ts';
import { findFacilityById } from '../facilities/index.ts';

/**
 * Authorization of 備え (resilience, issue 7), shared by every service of the module (backups, drills, the BCP,
 * exercises, the binder). A facility the caller does not reach → NOT_FOUND; reached without the permission →
 * FORBIDDEN (TOKEN_SCOPE when an API token lacks the scope). Records by id are authorized through their facility.
 */

export type ResiliencePermission = 'resilience.read' | 'resilience.write' | 'bcp.manage' | 'bcp.approve';

export interface ResilienceFacility {
  id: string;
  name: string;
  code: string;
}

export async function authorizeResilience(deps: Deps, caller: Caller, facilityId: string, permission: ResiliencePermission): Promise<ResilienceFacility> {
  const actor = caller.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!reachesFacility(actor, facilityId)) throw new AppError('NOT_FOUND');
  if (!can(actor, permission, facilityId)) {
    const lacksScope = actor.token !== undefined && !actor.token.scopes.includes(PERMISSIONS[permission].scope);
    throw new AppError(lacksScope ? 'TOKEN_SCOPE' : 'FORBIDDEN');
  }
  const facility = await findFacilityById(deps.db, facilityId);
  if (!facility) throw new AppError('NOT_FOUND');
  return { id: facility.id, name: facility.name, code: facility.code };
}

/**
 * A record by id, with the permission checked in its facility: `lookup` finds the row (or undefined); NOT_FOUND when it
 * does not exist or its facility is out of reach (before any permission is told).
 */
export async function authorizedRecord<T extends { facility_id: string }>(
  deps: Deps,
  caller: Caller,
  lookup: () => Promise<T | undefined>,
  permission: ResiliencePermission,
): Promise<{ row: T; facility: ResilienceFacility }> {
  if (!caller.actor) throw new AppError('UNAUTHENTICATED');
  const row = await lookup();
  if (!row || !reachesFacility(caller.actor, row.facility_id)) throw new AppError('NOT_FOUND');
  const facility = await authorizeResilience(deps, caller, row.facility_id, permission);
  return { row, facility };
}
