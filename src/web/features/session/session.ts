import { useQuery } from '@tanstack/react-query';
import { api, isApiError, rememberCsrfToken } from '../../api/client.ts';
import type { TMe, TSetupStatus } from '../../api/types.ts';
import type { Actor } from '../../../shared/policy.ts';
import { FACILITY_ROLES, type FacilityRole } from '../../../shared/roles.ts';

export const ME_KEY = ['me'] as const;
export const SETUP_STATUS_KEY = ['setup-status'] as const;

/** GET /me, or null when there is no session (401). */
export async function fetchMe(): Promise<TMe | null> {
  try {
    const me = await api.get<TMe>('/me');
    rememberCsrfToken(me.csrfToken);
    return me;
  } catch (e) {
    if (isApiError(e) && e.status === 401) return null;
    throw e;
  }
}

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000 });
}

export function useSetupStatus() {
  return useQuery({
    queryKey: SETUP_STATUS_KEY,
    queryFn: () => api.get<TSetupStatus>('/setup/status'),
    staleTime: Infinity,
  });
}

function isFacilityRole(r: string): r is FacilityRole {
  return (FACILITY_ROLES as readonly string[]).includes(r);
}

/** The policy actor for the signed-in user, so the UI can use the same rules as the server. */
export function actorFromMe(me: TMe): Actor {
  return {
    userId: me.user.id,
    email: me.user.email,
    isAdmin: me.user.isAdmin,
    grants: me.facilities.flatMap((m) => m.roles.filter(isFacilityRole).map((role) => ({ facilityId: m.facilityId, role }))),
    groupAdminFacilityIds: me.facilities.filter((m) => m.roles.includes('group_admin')).map((m) => m.facilityId),
    groupAdminGroupIds: me.groupAdminGroupIds,
  };
}
