import { createContext, use, useMemo, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { ItemList, TFacility, TMe } from '../../api/types.ts';
import type { Actor } from '../../../shared/policy.ts';
import { storage } from '../../lib/storage.ts';
import { actorFromMe } from './session.ts';

const FACILITY_KEY = 'mamori.facilityId';
export const FACILITIES_KEY = ['facilities'] as const;

export interface FacilityOption {
  id: string;
  code: string;
  name: string;
}

export interface Session {
  me: TMe;
  actor: Actor;
  /** Facilities offered in the switcher: memberships, or every facility for an administrator. */
  facilityOptions: FacilityOption[];
  currentFacility: FacilityOption | null;
  setCurrentFacilityId: (id: string) => void;
  /** Name of any facility the user can see, by id. */
  facilityName: (id: string | null | undefined) => string;
}

const SessionContext = createContext<Session | null>(null);

export function useFacilities(enabled = true) {
  return useQuery({
    queryKey: FACILITIES_KEY,
    queryFn: () => api.get<ItemList<TFacility>>('/facilities'),
    enabled,
  });
}

export function SessionProvider({ me, children }: { me: TMe; children: ReactNode }) {
  const facilities = useFacilities();
  const [storedId, setStoredId] = useState<string | null>(() => storage.get(FACILITY_KEY));

  const value = useMemo<Session>(() => {
    const fromMe: FacilityOption[] = me.facilities.map((m) => ({ id: m.facilityId, code: m.facilityCode, name: m.facilityName }));
    const all: FacilityOption[] = (facilities.data?.items ?? []).map((f) => ({ id: f.id, code: f.code, name: f.name }));
    const options = me.user.isAdmin && all.length > 0 ? all : fromMe;
    const names = new Map<string, string>();
    for (const f of [...fromMe, ...all]) names.set(f.id, f.name);
    // Without a remembered choice, start with a facility where the user holds a role (an administrator
    // sees every facility in /me, most of them without a role), not whatever sorts first.
    const ownId = me.facilities.find((m) => m.roles.length > 0)?.facilityId;
    const current = options.find((o) => o.id === storedId) ?? options.find((o) => o.id === ownId) ?? options[0] ?? null;
    return {
      me,
      actor: actorFromMe(me),
      facilityOptions: options,
      currentFacility: current,
      setCurrentFacilityId: (id: string) => {
        storage.set(FACILITY_KEY, id);
        setStoredId(id);
      },
      facilityName: (id) => (id ? (names.get(id) ?? id) : ''),
    };
  }, [me, facilities.data, storedId]);

  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): Session {
  const s = use(SessionContext);
  if (!s) throw new Error('useSession must be used inside <SessionProvider>');
  return s;
}
