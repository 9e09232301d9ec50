import { AppError } from '../../../shared/errors.ts';
import { can, PERMISSIONS, reachesFacility, type Actor, type FacilityPermission } from '../../../shared/policy.ts';
import { jstDateKey } from '../../../shared/dates.ts';
import type { Caller, Deps } from '../../context.ts';
import { findFacilityById } from '../facilities/index.ts';
import { vendorIdsOfUser } from './vendor-scope.repository.ts';

/**
 * The ledger's authorization, shared by its services:
 * - a facility the caller does not reach at all → NOT_FOUND (the same as an absent facility);
 * - a facility the caller reaches without the permission → FORBIDDEN (TOKEN_SCOPE when a token lacks the scope).
 * Writing needs `ledger.read` and `ledger.write`. Checked before any lookup, so nothing about the records is confirmed.
 */
export async function authorizeLedger(deps: Deps, caller: Caller, facilityId: string, mode: 'read' | 'write'): Promise<Actor> {
  const actor = caller.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!reachesFacility(actor, facilityId)) throw new AppError('NOT_FOUND');
  const needed: FacilityPermission[] = mode === 'read' ? ['ledger.read'] : ['ledger.read', 'ledger.write'];
  for (const permission of needed) {
    if (can(actor, permission, facilityId)) continue;
    const lacksScope = actor.token !== undefined && !actor.token.scopes.includes(PERMISSIONS[permission].scope);
    throw new AppError(lacksScope ? 'TOKEN_SCOPE' : 'FORBIDDEN');
  }
  // Administrators reach every id, including ones that are not facilities.
  if (actor.isAdmin && !(await findFacilityById(deps.db, facilityId))) throw new AppError('NOT_FOUND');
  return actor;
}

/**
 * What of a facility's ledger the caller may read: everything (`vendorIds: null`) with `ledger.read`, or, for a
 * user whose role there is `vendor`, only the records of the vendors they are linked to (possibly none).
 * Services filter every list and lookup by `vendorIds` when it is not null; a record outside it is NOT_FOUND.
 * Without either permission: FORBIDDEN / TOKEN_SCOPE, as authorizeLedger.
 */
export interface LedgerView {
  actor: Actor;
  vendorIds: string[] | null;
}

export async function authorizeLedgerView(deps: Deps, caller: Caller, facilityId: string): Promise<LedgerView> {
  const actor = caller.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (reachesFacility(actor, facilityId) && !can(actor, 'ledger.read', facilityId) && can(actor, 'ledger.vendor_view', facilityId)) {
    return { actor, vendorIds: await vendorIdsOfUser(deps.db, facilityId, actor.userId) };
  }
  return { actor: await authorizeLedger(deps, caller, facilityId, 'read'), vendorIds: null };
}

/** Whether a record of `vendorId` lies inside the view. */
export function inView(view: Pick<LedgerView, 'vendorIds'>, vendorId: string | null): boolean {
  return view.vendorIds === null || (vendorId !== null && view.vendorIds.includes(vendorId));
}

/** Today's calendar date in JST (YYYY-MM-DD), the day the date flags are computed for. */
export function ledgerToday(deps: Pick<Deps, 'clock'>): string {
  return jstDateKey(deps.clock.now());
}

/** Trimmed text, or null when empty or absent. */
export function clean(value: string | null | undefined): string | null {
  const v = value?.trim();
  return v ? v : null;
}

/** Values in first-seen order without repeats. */
export function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
