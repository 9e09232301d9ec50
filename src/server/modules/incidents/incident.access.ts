import { AppError } from '../../../shared/errors.ts';
import { can, PERMISSIONS, reachesFacility, type FacilityPermission } from '../../../shared/policy.ts';
import type { Caller, Deps } from '../../context.ts';
import { findFacilityById } from '../facilities/index.ts';
import * as caseRepo from './case.repository.ts';

/**
 * Authorization of incident response, shared by every service of the module (reports, cases and their records,
 * clocks and drafts, evidence, alerts). A facility the caller does not reach → NOT_FOUND; reached without the
 * permission → FORBIDDEN (TOKEN_SCOPE when an API token lacks the scope). Records of a case are authorized through
 * their case: its facility decides.
 */

export interface FacilityRef {
  id: string;
  name: string;
  code: string;
}

export async function authorizeIncidents(deps: Deps, caller: Caller, facilityId: string, permission: FacilityPermission): Promise<FacilityRef> {
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

/** A case by id, with the permission checked in its facility; NOT_FOUND when it does not exist or is out of reach. */
export async function authorizedCase(deps: Deps, caller: Caller, caseId: string, permission: FacilityPermission): Promise<caseRepo.CaseRow> {
  if (!caller.actor) throw new AppError('UNAUTHENTICATED');
  const found = await caseRepo.findCaseRow(deps.db, caseId);
  if (!found || !reachesFacility(caller.actor, found.facility_id)) throw new AppError('NOT_FOUND');
  await authorizeIncidents(deps, caller, found.facility_id, permission);
  return found;
}
