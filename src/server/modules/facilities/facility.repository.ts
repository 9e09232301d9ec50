import type { Db } from '../../db/database.ts';
import type { FacilitiesTable, FacilityGroupsTable } from '../../db/schema.ts';

export interface Facility {
  id: string;
  code: string;
  name: string;
  kind: string;
  beds: number | null;
  prefecture: string | null;
  medicalInstitutionCode: string | null;
  groupIds: string[];
  createdAt: string;
  updatedAt: string;
}

export interface Group {
  id: string;
  code: string;
  name: string;
  kind: string;
  facilityIds: string[];
  createdAt: string;
  updatedAt: string;
}

function toFacility(row: FacilitiesTable, groupIds: string[]): Facility {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    beds: row.beds === null ? null : Number(row.beds),
    prefecture: row.prefecture,
    medicalInstitutionCode: row.medical_institution_code,
    groupIds,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toGroup(row: FacilityGroupsTable, facilityIds: string[]): Group {
  return { id: row.id, code: row.code, name: row.name, kind: row.kind, facilityIds, createdAt: row.created_at, updatedAt: row.updated_at };
}

async function groupIdsByFacility(db: Db, facilityIds: string[] | null): Promise<Map<string, string[]>> {
  let q = db.selectFrom('facility_group_members').select(['facility_id', 'group_id']);
  if (facilityIds) {
    if (facilityIds.length === 0) return new Map();
    q = q.where('facility_id', 'in', facilityIds);
  }
  const map = new Map<string, string[]>();
  for (const r of await q.execute()) map.set(r.facility_id, [...(map.get(r.facility_id) ?? []), r.group_id]);
  return map;
}

/** Facilities by id; `null` lists every facility. Ordered by code. */
export async function listFacilities(db: Db, ids: string[] | null): Promise<Facility[]> {
  let q = db.selectFrom('facilities').selectAll().orderBy('code');
  if (ids) {
    if (ids.length === 0) return [];
    q = q.where('id', 'in', ids);
  }
  const rows = await q.execute();
  const groups = await groupIdsByFacility(db, ids);
  return rows.map((r) => toFacility(r, groups.get(r.id) ?? []));
}

export async function findFacilityById(db: Db, id: string): Promise<Facility | undefined> {
  const row = await db.selectFrom('facilities').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return toFacility(row, (await groupIdsByFacility(db, [id])).get(id) ?? []);
}

export async function findFacilityByCode(db: Db, code: string): Promise<Facility | undefined> {
  const row = await db.selectFrom('facilities').selectAll().where('code', '=', code).executeTakeFirst();
  if (!row) return undefined;
  return toFacility(row, (await groupIdsByFacility(db, [row.id])).get(row.id) ?? []);
}

export async function countFacilities(db: Db): Promise<number> {
  const r = await db.selectFrom('facilities').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertFacility(db: Db, row: FacilitiesTable): Promise<void> {
  await db.insertInto('facilities').values(row).execute();
}

export async function updateFacility(db: Db, id: string, patch: Partial<Omit<FacilitiesTable, 'id' | 'code' | 'created_at'>>): Promise<void> {
  await db.updateTable('facilities').set(patch).where('id', '=', id).execute();
}

export async function listGroups(db: Db, ids: string[] | null): Promise<Group[]> {
  let q = db.selectFrom('facility_groups').selectAll().orderBy('code');
  if (ids) {
    if (ids.length === 0) return [];
    q = q.where('id', 'in', ids);
  }
  const rows = await q.execute();
  const members = await db.selectFrom('facility_group_members').select(['group_id', 'facility_id']).execute();
  return rows.map((r) => toGroup(r, members.filter((m) => m.group_id === r.id).map((m) => m.facility_id)));
}

export async function findGroupById(db: Db, id: string): Promise<Group | undefined> {
  const row = await db.selectFrom('facility_groups').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const members = await db.selectFrom('facility_group_members').select('facility_id').where('group_id', '=', id).execute();
  return toGroup(row, members.map((m) => m.facility_id));
}

export async function findGroupByCode(db: Db, code: string): Promise<Group | undefined> {
  const row = await db.selectFrom('facility_groups').select('id').where('code', '=', code).executeTakeFirst();
  return row ? findGroupById(db, row.id) : undefined;
}

export async function insertGroup(db: Db, row: FacilityGroupsTable): Promise<void> {
  await db.insertInto('facility_groups').values(row).execute();
}

export async function updateGroup(db: Db, id: string, patch: Partial<Pick<FacilityGroupsTable, 'name' | 'kind' | 'updated_at'>>): Promise<void> {
  await db.updateTable('facility_groups').set(patch).where('id', '=', id).execute();
}

export async function addGroupMember(db: Db, groupId: string, facilityId: string): Promise<void> {
  await db.insertInto('facility_group_members').values({ group_id: groupId, facility_id: facilityId }).onConflict((oc) => oc.doNothing()).execute();
}

export async function removeGroupMember(db: Db, groupId: string, facilityId: string): Promise<void> {
  await db.deleteFrom('facility_group_members').where('group_id', '=', groupId).where('facility_id', '=', facilityId).execute();
}

/** Facility ids in the given groups. */
export async function facilityIdsInGroups(db: Db, groupIds: string[]): Promise<string[]> {
  if (groupIds.length === 0) return [];
  const rows = await db.selectFrom('facility_group_members').select('facility_id').where('group_id', 'in', groupIds).execute();
  return [...new Set(rows.map((r) => r.facility_id))];
}
