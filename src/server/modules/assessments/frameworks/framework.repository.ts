import type { Db } from '../../../db/database.ts';
import type { CustomFrameworksTable } from '../../../db/schema.ts';

/** SQL of the frameworks engine: hospitals' and groups' own frameworks (`custom_frameworks`). */

export type CustomFrameworkRow = CustomFrameworksTable;

/** Live custom frameworks of a facility and of the given groups, oldest first. */
export async function listCustomFrameworks(db: Db, facilityId: string | null, groupIds: readonly string[]): Promise<CustomFrameworkRow[]> {
  if (facilityId === null && groupIds.length === 0) return [];
  return db
    .selectFrom('custom_frameworks')
    .selectAll()
    .where('deleted_at', 'is', null)
    .where((eb) => {
      const ors = [];
      if (facilityId !== null) ors.push(eb('owner_facility_id', '=', facilityId));
      if (groupIds.length > 0) ors.push(eb('owner_group_id', 'in', [...groupIds]));
      return eb.or(ors);
    })
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function findCustomFramework(db: Db, id: string): Promise<CustomFrameworkRow | undefined> {
  return db.selectFrom('custom_frameworks').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
}

export async function insertCustomFramework(db: Db, row: CustomFrameworkRow): Promise<void> {
  await db.insertInto('custom_frameworks').values(row).execute();
}

export async function softDeleteCustomFramework(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('custom_frameworks').set({ deleted_at: at }).where('id', '=', id).execute();
}

/** Live assessments of these facilities on one framework version. */
export async function countLiveAssessments(db: Db, facilityIds: readonly string[], frameworkId: string, version: string): Promise<number> {
  if (facilityIds.length === 0) return 0;
  const r = await db
    .selectFrom('assessments')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('facility_id', 'in', [...facilityIds])
    .where('framework_id', '=', frameworkId)
    .where('framework_version', '=', version)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
