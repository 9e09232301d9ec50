import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api, isApiError, type Query } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';
import { fieldIssueTexts, issueText } from '../../components/errors.ts';
import { jstDateKey } from '../../../shared/dates.ts';
import { addDays } from '../../../shared/ledger.ts';
import {
  ACCOUNT_MODES,
  CONNECTION_AUTHS,
  CONNECTION_FLAGS,
  CONNECTION_KINDS,
  CONNECTION_STATUSES,
  WEEKDAYS,
  type AccountMode,
  type ConnectionAuth,
  type ConnectionKind,
  type ConnectionStatus,
  type Weekday,
} from '../../../shared/connections.ts';
import { CONNECTION_SORTS, type TConnection, type TConnectionDetail, type TConnectionSummary } from '../../../shared/contracts/connections.contract.ts';
import type { TVendor } from '../../../shared/contracts/vendors.contract.ts';
import { LEDGER_KEY } from '../ledger/ledger.ts';

/**
 * The external-connection screens' API paths, queries, URL filters and labels. Query keys live under the
 * ledger's key, so that any ledger write (asset, vendor, connection) refreshes them too.
 */

export const CONNECTION_PAGE_SIZE = 50;
/** An active approval that ends within this many days is highlighted (the summary's expiringSoon uses 30 too). */
export const EXPIRY_SOON_DAYS = 30;

const enc = encodeURIComponent;
export const connectionPath = {
  connections: (f: string) => `/facilities/${enc(f)}/connections`,
  connection: (f: string, id: string) => `/facilities/${enc(f)}/connections/${enc(id)}`,
  action: (f: string, id: string, action: ConnectionLifecycleAction) => `/facilities/${enc(f)}/connections/${enc(id)}/${action}`,
  summary: (f: string) => `/facilities/${enc(f)}/connections/summary`,
  import: (f: string) => `/facilities/${enc(f)}/connections/import`,
  export: (f: string) => `/facilities/${enc(f)}/connections/export`,
  template: (f: string) => `/facilities/${enc(f)}/connections/template`,
  vendors: (f: string) => `/facilities/${enc(f)}/vendors`,
};

export type ConnectionLifecycleAction = 'approve' | 'reject' | 'activate' | 'retire' | 'resubmit';
export type ConnectionUiAction = TConnectionDetail['allowedActions'][number];

// --- the list's filters, kept in the URL ----------------------------------------------------------

export const CONNECTION_FILTER_KEYS = ['q', 'status', 'kind', 'vendorId', 'flag'] as const;
export type ConnectionFilterKey = (typeof CONNECTION_FILTER_KEYS)[number];
export type ConnectionFilters = Record<ConnectionFilterKey, string> & {
  /** Rejected and retired lines left out (the default; `all=1` in the URL shows them). */
  live: boolean;
  sort: string;
  page: number;
};

const oneOf = <T extends string>(set: readonly T[], v: string | null): string => (v && (set as readonly string[]).includes(v) ? v : '');

/** Filters from the URL; unknown values are ignored rather than sent to the server. */
export function connectionFiltersFromParams(params: URLSearchParams): ConnectionFilters {
  const vendorId = params.get('vendorId') ?? '';
  const status = oneOf(CONNECTION_STATUSES, params.get('status'));
  return {
    q: (params.get('q') ?? '').slice(0, 100),
    status,
    kind: oneOf(CONNECTION_KINDS, params.get('kind')),
    vendorId: /^[\w-]{1,64}$/.test(vendorId) ? vendorId : '',
    flag: oneOf(CONNECTION_FLAGS, params.get('flag')),
    // A status filter names what to show; "live only" would hide a rejected/retired status asked for.
    live: params.get('all') !== '1' && status !== 'rejected' && status !== 'retired',
    sort: oneOf(CONNECTION_SORTS, params.get('sort')) || 'name',
    page: Math.min(100_000, Math.max(1, Number(params.get('page') ?? '1') || 1)),
  };
}

export function connectionApiQuery(f: ConnectionFilters): Query {
  return {
    q: f.q.trim() || undefined,
    status: f.status || undefined,
    kind: f.kind || undefined,
    vendorId: f.vendorId || undefined,
    flag: f.flag || undefined,
    live: f.live ? 'true' : undefined,
    sort: f.sort,
    page: f.page,
    pageSize: CONNECTION_PAGE_SIZE,
  };
}

// --- queries ------------------------------------------------------------------------------------

export function useConnectionList(facilityId: string | null, query: Query, enabled = true) {
  return useQuery({
    queryKey: [...LEDGER_KEY, facilityId, 'connections', query],
    queryFn: ({ signal }) => api.get<Page<TConnection>>(connectionPath.connections(facilityId ?? ''), query, signal),
    placeholderData: keepPreviousData,
    enabled: enabled && Boolean(facilityId),
  });
}

export function useConnection(facilityId: string | null, connectionId: string | null) {
  return useQuery({
    queryKey: [...LEDGER_KEY, facilityId, 'connection', connectionId],
    queryFn: ({ signal }) => api.get<TConnectionDetail>(connectionPath.connection(facilityId ?? '', connectionId ?? ''), undefined, signal),
    enabled: Boolean(facilityId && connectionId),
    retry: (count, e) => !(isApiError(e) && (e.status === 404 || e.status === 403)) && count < 2,
  });
}

/** Counts for the approval badge; refreshed every minute while a screen is open. */
export function useConnectionSummary(facilityId: string | null, enabled = true) {
  return useQuery({
    queryKey: [...LEDGER_KEY, facilityId, 'connection-summary'],
    queryFn: ({ signal }) => api.get<TConnectionSummary>(connectionPath.summary(facilityId ?? ''), undefined, signal),
    enabled: enabled && Boolean(facilityId),
    refetchInterval: 60_000,
    retry: false,
  });
}

/** The facility's vendors for selects (name order); empty when the list cannot be read. */
export function useVendorOptions(facilityId: string | null, enabled = true) {
  return useQuery({
    queryKey: [...LEDGER_KEY, facilityId, 'vendor-options'],
    queryFn: async ({ signal }) => {
      try {
        return (await api.get<Page<TVendor>>(connectionPath.vendors(facilityId ?? ''), { pageSize: 500 }, signal)).items;
      } catch (e) {
        if (isApiError(e) && e.code !== 'NETWORK') return null;
        throw e;
      }
    },
    enabled: enabled && Boolean(facilityId),
    retry: false,
  });
}

/** After a connection changed: store the fresh detail and refresh the rest of the ledger (lists, counts, vendors). */
export function useConnectionChanged() {
  const qc = useQueryClient();
  return (facilityId: string, detail?: TConnectionDetail) => {
    if (detail) qc.setQueryData([...LEDGER_KEY, facilityId, 'connection', detail.id], detail);
    void qc.invalidateQueries({
      queryKey: [...LEDGER_KEY, facilityId],
      predicate: (q) => !(detail && q.queryKey[2] === 'connection' && q.queryKey[3] === detail.id),
    });
  };
}

// --- dates ----------------------------------------------------------------------------------------

/** Today in JST (YYYY-MM-DD). */
export function todayJst(): string {
  return jstDateKey(new Date());
}

export type ExpiryState = { kind: 'past' } | { kind: 'soon'; days: number } | { kind: 'ok' } | { kind: 'none' };

/** Whether an approval's last day has passed or comes soon; only lines that exist or may open are checked. */
export function expiryState(c: Pick<TConnection, 'status' | 'expiresOn'>, today: string): ExpiryState {
  if (!c.expiresOn) return { kind: 'none' };
  if (c.status !== 'active' && c.status !== 'approved' && c.status !== 'expired') return { kind: 'ok' };
  if (c.expiresOn < today) return { kind: 'past' };
  if (c.expiresOn <= addDays(today, EXPIRY_SOON_DAYS)) {
    const days = Math.round((Date.parse(`${c.expiresOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
    return { kind: 'soon', days };
  }
  return { kind: 'ok' };
}

/** The weekdays in calendar order, whatever order they were stored in. */
export function sortWeekdays(days: readonly Weekday[]): Weekday[] {
  return WEEKDAYS.filter((d) => days.includes(d));
}

// --- labels -------------------------------------------------------------------------------------

/** Translated labels and select options for the connection's closed sets. */
export function useConnectionLabels() {
  const { t } = useTranslation();
  return {
    kind: (v: ConnectionKind) => t(`connections.kinds.${v}`),
    auth: (v: ConnectionAuth) => t(`connections.auth.${v}`),
    accountMode: (v: AccountMode) => t(`connections.accountMode.${v}`),
    status: (v: ConnectionStatus) => t(`connections.status.${v}`),
    weekday: (v: Weekday) => t(`connections.weekdays.${v}`),
    kindOptions: CONNECTION_KINDS.map((v) => ({ value: v, label: t(`connections.kinds.${v}`) })),
    authOptions: CONNECTION_AUTHS.map((v) => ({ value: v, label: t(`connections.auth.${v}`) })),
    accountModeOptions: ACCOUNT_MODES.map((v) => ({ value: v, label: t(`connections.accountMode.${v}`) })),
    statusOptions: CONNECTION_STATUSES.map((v) => ({ value: v, label: t(`connections.status.${v}`) })),
    flagOptions: CONNECTION_FLAGS.map((v) => ({ value: v, label: t(`connections.flags.${v}`) })),
    /** The days joined (Mon, Wed, Fri), or "every day" when no day is set (or every day is). */
    days: (days: readonly Weekday[]) =>
      days.length === 0 || days.length === 7 ? t('connections.schedule.everyDay') : sortWeekdays(days).map((d) => t(`connections.weekdays.${d}`)).join(t('connections.schedule.daySeparator')),
    /** 09:00-18:00, an overnight range marked as such, or "all day". */
    hours: (from: string | null, to: string | null) => {
      if (!from || !to) return t('connections.schedule.allDay');
      return from > to ? t('connections.schedule.hoursOvernight', { from, to }) : t('connections.schedule.hours', { from, to });
    },
  };
}

// --- API issues → form fields --------------------------------------------------------------------

const ISSUE_KEYS = ['unknown_vendor', 'unknown_asset', 'unknown_segment', 'time_range_incomplete', 'required', 'expires_before_today', 'invalid_time', 'invalid_date'] as const;
type IssueKey = (typeof ISSUE_KEYS)[number];

/**
 * The API's field issues (`body.targetAssetIds.2` / `unknown_asset`) as form errors in the user's language, one
 * per top-level form field; `fieldOf` renames API fields to form fields. Issues on fields the form does not have
 * are left out.
 */
export function connectionFieldErrors(error: unknown, t: TFunction, values: Record<string, unknown>, fieldOf: Record<string, string> = {}): Record<string, string> {
  if (!isApiError(error)) return {};
  return fieldIssueTexts(
    error,
    values,
    (issue) => {
      if ((ISSUE_KEYS as readonly string[]).includes(issue.message)) return t(`connections.issues.${issue.message as IssueKey}`);
      if (/too_big|too big|<=/i.test(issue.message)) return t('connections.issues.tooLong');
      return issueText(t, error, issue);
    },
    fieldOf,
  );
}
