import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type Query } from '../../api/client.ts';
import type { Page, TAuditEvent } from '../../api/types.ts';
import { jstDayBoundary } from '../../lib/format.ts';

export const AUDIT_FILTER_KEYS = ['facilityId', 'action', 'entityType', 'actor', 'from', 'to'] as const;
export type AuditFilterKey = (typeof AUDIT_FILTER_KEYS)[number];
export type AuditFilters = Record<AuditFilterKey, string>;
export const AUDIT_PAGE_SIZE = 50;

export function filtersFromParams(params: URLSearchParams): AuditFilters {
  return Object.fromEntries(AUDIT_FILTER_KEYS.map((k) => [k, params.get(k) ?? ''])) as AuditFilters;
}

/** The API query for filters kept in the URL: dates (YYYY-MM-DD, JST) become UTC boundaries of the day. */
export function apiQuery(f: AuditFilters): Query {
  return {
    facilityId: f.facilityId || undefined,
    action: f.action.trim() || undefined,
    entityType: f.entityType.trim() || undefined,
    actor: f.actor.trim() || undefined,
    from: f.from ? jstDayBoundary(f.from, false) : undefined,
    to: f.to ? jstDayBoundary(f.to, true) : undefined,
  };
}

export function useAuditPage(f: AuditFilters, page: number) {
  return useQuery({
    queryKey: ['audit', f, page],
    queryFn: ({ signal }) => api.get<Page<TAuditEvent>>('/audit', { ...apiQuery(f), page, pageSize: AUDIT_PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });
}
