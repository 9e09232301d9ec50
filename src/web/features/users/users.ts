import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Page, TUser } from '../../api/types.ts';
import { PAGE_SIZE } from '../../../shared/contracts/common.contract.ts';
import type { StatusTone } from '../../components/StatusBadge.tsx';

export const USERS_KEY = ['users'] as const;

export interface UserListParams {
  q: string;
  facilityId: string;
  page: number;
}

export function useUserList(p: UserListParams, enabled = true) {
  return useQuery({
    queryKey: [...USERS_KEY, 'list', p],
    queryFn: ({ signal }) => api.get<Page<TUser>>('/users', { q: p.q || undefined, facilityId: p.facilityId || undefined, page: p.page, pageSize: PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useUser(id: string | null) {
  return useQuery({
    queryKey: [...USERS_KEY, 'detail', id],
    queryFn: () => api.get<TUser>(`/users/${encodeURIComponent(id ?? '')}`),
    enabled: Boolean(id),
  });
}

/** After a change to a user: store the fresh copy and refresh the lists. */
export function useUserUpdated() {
  const qc = useQueryClient();
  return (u: TUser) => {
    qc.setQueryData([...USERS_KEY, 'detail', u.id], u);
    void qc.invalidateQueries({ queryKey: [...USERS_KEY, 'list'] });
  };
}

/** Active / disabled / locked as a badge tone and text. */
export function useUserStatus() {
  const { t } = useTranslation();
  return (u: TUser): { tone: StatusTone; label: string } => {
    if (u.disabled) return { tone: 'neutral', label: t('users.status.disabled') };
    if (u.locked) return { tone: 'locked', label: t('users.status.locked') };
    return { tone: 'ok', label: t('users.status.active') };
  };
}
