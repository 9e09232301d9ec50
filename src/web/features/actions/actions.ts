import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api, type Query } from '../../api/client.ts';
import type { Page, TUser } from '../../api/types.ts';
import { ACTION_SOURCE_TYPES, ACTION_STATUSES, type ActionSourceType, type ActionStatus } from '../../../shared/assessments/types.ts';
import type { ActionDto } from '../../../shared/contracts/actions.contract.ts';
import { useSession } from '../session/SessionContext.tsx';
import { usePermissions } from '../session/permissions.ts';

export const ACTIONS_KEY = ['actions'] as const;
export const ACTION_PAGE_SIZE = 50;

const enc = encodeURIComponent;
export const actionPath = {
  list: (facilityId: string) => `/facilities/${enc(facilityId)}/actions`,
  action: (id: string) => `/actions/${enc(id)}`,
};

// --- the list's filters, kept in the URL ----------------------------------------------------------

/** `active` (not done: open or in progress) is the default; `all` shows every status. */
export const ACTION_STATUS_FILTERS = ['active', ...ACTION_STATUSES, 'all'] as const;
export type ActionStatusFilter = (typeof ACTION_STATUS_FILTERS)[number];

export interface ActionFilters {
  q: string;
  status: ActionStatusFilter;
  sourceType: ActionSourceType | '';
  ownerUserId: string;
  page: number;
}
export const ACTION_FILTER_KEYS = ['q', 'sourceType', 'ownerUserId'] as const;

const oneOf = <T extends string>(set: readonly T[], v: string | null): T | '' => (v && (set as readonly string[]).includes(v) ? (v as T) : '');

/** Filters from the URL; unknown values are ignored rather than sent to the server. */
export function actionFiltersFromParams(params: URLSearchParams): ActionFilters {
  const owner = params.get('ownerUserId') ?? '';
  return {
    q: (params.get('q') ?? '').slice(0, 200),
    status: oneOf(ACTION_STATUS_FILTERS, params.get('status')) || 'active',
    sourceType: oneOf(ACTION_SOURCE_TYPES, params.get('sourceType')),
    ownerUserId: /^[0-9a-f-]{1,64}$/i.test(owner) ? owner : '',
    page: Math.min(100_000, Math.max(1, Number(params.get('page') ?? '1') || 1)),
  };
}

export function actionApiQuery(f: ActionFilters): Query {
  return {
    q: f.q.trim() || undefined,
    status: f.status === 'all' ? undefined : f.status,
    sourceType: f.sourceType || undefined,
    ownerUserId: f.ownerUserId || undefined,
    page: f.page,
    pageSize: ACTION_PAGE_SIZE,
  };
}

// --- queries ------------------------------------------------------------------------------------

export function useActionList(facilityId: string | null, query: Query, enabled = true) {
  return useQuery({
    queryKey: [...ACTIONS_KEY, facilityId, 'list', query],
    queryFn: ({ signal }) => api.get<Page<ActionDto>>(actionPath.list(facilityId ?? ''), query, signal),
    placeholderData: keepPreviousData,
    enabled: enabled && Boolean(facilityId),
  });
}

export function useActionsChanged() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: ACTIONS_KEY });
    // Items of an assessment list their actions.
    void qc.invalidateQueries({ queryKey: ['assessments'] });
  };
}

/**
 * People an action can be assigned to: the facility's active users when the caller may list users; otherwise
 * the caller and whoever already owns an action in view (`known`).
 */
export function useOwnerOptions(facilityId: string | null, known: { id: string; name: string }[] = []) {
  const perm = usePermissions();
  const { me } = useSession();
  const canList = facilityId !== null && (perm.isAdmin || perm.can('user.read', facilityId));
  const users = useQuery({
    queryKey: ['users', 'facility', facilityId],
    queryFn: async ({ signal }) => {
      const page = await api.get<Page<TUser>>('/users', { facilityId: facilityId ?? '', pageSize: 500 }, signal);
      return page.items.filter((u) => !u.disabled && u.roles.some((r) => r.facilityId === facilityId && r.role !== 'vendor'));
    },
    enabled: canList,
  });
  const byId = new Map<string, string>();
  for (const u of users.data ?? []) byId.set(u.id, u.displayName);
  byId.set(me.user.id, me.user.displayName);
  for (const k of known) if (!byId.has(k.id)) byId.set(k.id, k.name);
  return [...byId.entries()].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label, 'ja'));
}

// --- labels -------------------------------------------------------------------------------------

export function actionStatusTone(status: ActionStatus, overdue: boolean): 'ok' | 'warn' | 'danger' | 'neutral' | 'info' {
  if (overdue) return 'danger';
  if (status === 'done') return 'ok';
  if (status === 'cancelled') return 'neutral';
  if (status === 'in_progress') return 'info';
  return 'warn';
}

export function actionStatusLabel(t: TFunction, s: ActionStatus): string {
  return t(`actions.status.${s}`);
}

export function actionSourceLabel(t: TFunction, s: ActionSourceType): string {
  return t(`actions.sourceType.${s}`);
}

/** The statuses an action can move to from its current one (open ↔ in progress → done / cancelled; done/cancelled → open). */
export function nextStatuses(s: ActionStatus): ActionStatus[] {
  if (s === 'open') return ['open', 'in_progress', 'done', 'cancelled'];
  if (s === 'in_progress') return ['in_progress', 'open', 'done', 'cancelled'];
  return [s, 'open'];
}
