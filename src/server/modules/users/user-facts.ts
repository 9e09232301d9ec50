import type { Db } from '../../db/database.ts';

/**
 * Read-only facts about mamori's own accounts for the assessments' auto-evaluation (二要素認証: a supporting fact for
 * the checklist's 2FA item). No authorization: the rule engine runs for a caller already authorized on the assessment.
 */

/** Facility roles that administer or change the facility's records in mamori. */
export const PRIVILEGED_FACILITY_ROLES = ['executive', 'security_manager', 'it_staff'] as const;

export interface PrivilegedAccountFact {
  id: string;
  email: string;
  displayName: string;
  mfaEnabled: boolean;
}

/**
 * Enabled accounts with privileges over the facility: a privileged facility role there, group administrators of a
 * group the facility belongs to, and deployment administrators. By email.
 */
export async function privilegedAccountFacts(db: Db, facilityId: string): Promise<PrivilegedAccountFact[]> {
  const rows = await db
    .selectFrom('users as u')
    .select(['u.id', 'u.email', 'u.display_name', 'u.mfa_enabled'])
    .where('u.disabled', '=', 0)
    .where((eb) =>
      eb.or([
        eb('u.is_admin', '=', 1),
        eb.exists(
          eb
            .selectFrom('user_roles as r')
            .select('r.id')
            .whereRef('r.user_id', '=', 'u.id')
            .where('r.facility_id', '=', facilityId)
            .where('r.role', 'in', [...PRIVILEGED_FACILITY_ROLES]),
        ),
        eb.exists(
          eb
            .selectFrom('user_roles as r')
            .innerJoin('facility_group_members as m', 'm.group_id', 'r.group_id')
            .select('r.id')
            .whereRef('r.user_id', '=', 'u.id')
            .where('r.role', '=', 'group_admin')
            .where('m.facility_id', '=', facilityId),
        ),
      ]),
    )
    .orderBy('u.email')
    .execute();
  return rows.map((r) => ({ id: r.id, email: r.email, displayName: r.display_name, mfaEnabled: Number(r.mfa_enabled) === 1 }));
}
