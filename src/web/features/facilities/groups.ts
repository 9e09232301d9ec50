import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { ItemList, TGroup } from '../../api/types.ts';

export const GROUPS_KEY = ['groups'] as const;

export function useGroups(enabled: boolean) {
  return useQuery({ queryKey: GROUPS_KEY, queryFn: () => api.get<ItemList<TGroup>>('/groups'), enabled });
}
