import { AppError } from '../../../shared/errors.ts';
import { can, canDeployment, facilitiesWith, type Actor } from '../../../shared/policy.ts';
import type { TFacilityCreate, TFacilityUpdate, TGroupCreate } from '../../../shared/contracts/facilities.contract.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import { newId } from '../../lib/ids.ts';
import * as repo from './facility.repository.ts';

export type { Facility, Group } from './facility.repository.ts';

function requireActor(caller: Caller): Actor {
  if (!caller.actor) throw new AppError('UNAUTHENTICATED');
  return caller.actor;
}

/** Facilities the caller can see: every facility for admins, otherwise those with any role. */
export async function listVisibleFacilities(deps: Deps, caller: Caller): Promise<repo.Facility[]> {
  const actor = requireActor(caller);
  return repo.listFacilities(deps.db, facilitiesWith(actor, 'facility.read'));
}

export async function getFacility(deps: Deps, caller: Caller, id: string): Promise<repo.Facility> {
  const actor = requireActor(caller);
  // Same answer for "absent" and "not yours", so ids of other hospitals are not confirmed.
  if (!can(actor, 'facility.read', id)) throw new AppError(actor.token ? 'TOKEN_SCOPE' : 'NOT_FOUND');
  const f = await repo.findFacilityById(deps.db, id);
  if (!f) throw new AppError('NOT_FOUND');
  return f;
}

/** Finds a facility by its code (CLI). */
export async function getFacilityByCode(deps: Deps, code: string): Promise<repo.Facility> {
  const f = await repo.findFacilityByCode(deps.db, code);
  if (!f) throw new AppError('NOT_FOUND', `facility ${code} not found`);
  return f;
}

/** Inserts a facility inside an existing transaction (used by setup and demo as well). */
export async function insertFacilityTx(deps: Deps, trx: Db, caller: Caller, input: TFacilityCreate): Promise<repo.Facility> {
  if (await repo.findFacilityByCode(trx, input.code)) {
    throw new AppError('CONFLICT', `facility code ${input.code} exists`, { issues: [{ path: 'code', message: input.code }] });
  }
  const now = deps.clock.now().toISOString();
  const row = {
    id: newId(),
    code: input.code,
    name: input.name,
    kind: input.kind,
    beds: input.beds ?? null,
    prefecture: input.prefecture ?? null,
    medical_institution_code: input.medicalInstitutionCode ?? null,
    created_at: now,
    updated_at: now,
  };
  await repo.insertFacility(trx, row);
  const created = (await repo.findFacilityById(trx, row.id))!;
  await recordAudit(deps, trx, caller, { facilityId: row.id, entityType: 'facility', entityId: row.id, action: 'create', after: created });
  return created;
}

export async function createFacility(deps: Deps, caller: Caller, input: TFacilityCreate): Promise<repo.Facility> {
  const actor = requireActor(caller);
  if (!canDeployment(actor, 'facility.create')) throw new AppError(actor.token ? 'TOKEN_SCOPE' : 'FORBIDDEN');
  return deps.db.transaction().execute((trx) => insertFacilityTx(deps, trx, caller, input));
}

export async function updateFacility(deps: Deps, caller: Caller, id: string, input: TFacilityUpdate): Promise<repo.Facility> {
  const actor = requireActor(caller);
  if (!can(actor, 'facility.read', id)) throw new AppError('NOT_FOUND');
  if (!can(actor, 'facility.update', id)) throw new AppError(actor.token ? 'TOKEN_SCOPE' : 'FORBIDDEN');
  return deps.db.transaction().execute(async (trx) => {
    const before = await repo.findFacilityById(trx, id);
    if (!before) throw new AppError('NOT_FOUND');
    await repo.updateFacility(trx, id, {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.kind !== undefined && { kind: input.kind }),
      ...(input.beds !== undefined && { beds: input.beds }),
      ...(input.prefecture !== undefined && { prefecture: input.prefecture }),
      ...(input.medicalInstitutionCode !== undefined && { medical_institution_code: input.medicalInstitutionCode }),
      updated_at: deps.clock.now().toISOString(),
    });
    const after = (await repo.findFacilityById(trx, id))!;
    await recordAudit(deps, trx, caller, { facilityId: id, entityType: 'facility', entityId: id, action: 'update', before, after });
    return after;
  });
}

export async function listGroups(deps: Deps, caller: Caller): Promise<repo.Group[]> {
  const actor = requireActor(caller);
  if (actor.token && !actor.token.scopes.includes('facilities:read')) throw new AppError('TOKEN_SCOPE');
  const groups = await repo.listGroups(deps.db, actor.isAdmin ? null : actor.groupAdminGroupIds);
  // A token limited to one facility sees only the groups that facility belongs to.
  const only = actor.token?.facilityId;
  return only ? groups.filter((g) => g.facilityIds.includes(only)) : groups;
}

function requireGroupManager(caller: Caller): Actor {
  const actor = requireActor(caller);
  if (!canDeployment(actor, 'group.manage')) throw new AppError(actor.token ? 'TOKEN_SCOPE' : 'FORBIDDEN');
  return actor;
}

/** Inserts a group (with optional member facilities) inside an existing transaction, without permission checks (demo). */
export async function insertGroupTx(deps: Deps, trx: Db, caller: Caller, input: TGroupCreate, facilityIds: string[] = []): Promise<repo.Group> {
  if (await repo.findGroupByCode(trx, input.code)) throw new AppError('CONFLICT', undefined, { issues: [{ path: 'code', message: input.code }] });
  const now = deps.clock.now().toISOString();
  const id = newId();
  await repo.insertGroup(trx, { id, code: input.code, name: input.name, kind: input.kind, created_at: now, updated_at: now });
  for (const f of facilityIds) await repo.addGroupMember(trx, id, f);
  const created = (await repo.findGroupById(trx, id))!;
  await recordAudit(deps, trx, caller, { facilityId: null, entityType: 'facility_group', entityId: id, action: 'create', after: created });
  return created;
}

export async function createGroup(deps: Deps, caller: Caller, input: TGroupCreate): Promise<repo.Group> {
  requireGroupManager(caller);
  return deps.db.transaction().execute((trx) => insertGroupTx(deps, trx, caller, input));
}

export async function updateGroup(deps: Deps, caller: Caller, id: string, input: Partial<Pick<TGroupCreate, 'name' | 'kind'>>): Promise<repo.Group> {
  requireGroupManager(caller);
  return deps.db.transaction().execute(async (trx) => {
    const before = await repo.findGroupById(trx, id);
    if (!before) throw new AppError('NOT_FOUND');
    await repo.updateGroup(trx, id, { ...input, updated_at: deps.clock.now().toISOString() });
    const after = (await repo.findGroupById(trx, id))!;
    await recordAudit(deps, trx, caller, { facilityId: null, entityType: 'facility_group', entityId: id, action: 'update', before, after });
    return after;
  });
}

export async function setGroupMembership(deps: Deps, caller: Caller, groupId: string, facilityId: string, member: boolean): Promise<repo.Group> {
  requireGroupManager(caller);
  return deps.db.transaction().execute(async (trx) => {
    const before = await repo.findGroupById(trx, groupId);
    if (!before) throw new AppError('NOT_FOUND');
    if (!(await repo.findFacilityById(trx, facilityId))) throw new AppError('NOT_FOUND', undefined, { issues: [{ path: 'facilityId', message: facilityId }] });
    if (member) await repo.addGroupMember(trx, groupId, facilityId);
    else await repo.removeGroupMember(trx, groupId, facilityId);
    const after = (await repo.findGroupById(trx, groupId))!;
    await recordAudit(deps, trx, caller, {
      facilityId,
      entityType: 'facility_group',
      entityId: groupId,
      action: member ? 'add_member' : 'remove_member',
      before: { facilityIds: before.facilityIds },
      after: { facilityIds: after.facilityIds },
    });
    return after;
  });
}
