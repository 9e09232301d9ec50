import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { ItemList, TApiToken } from '../../api/types.ts';

export const TOKENS_KEY = ['tokens'] as const;

export function useTokens() {
  return useQuery({ queryKey: TOKENS_KEY, queryFn: () => api.get<ItemList<TApiToken>>('/me/tokens') });
}
