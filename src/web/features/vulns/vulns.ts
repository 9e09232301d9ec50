import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api, isApiError, type Query } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';
import {
  DUE_RULES,
  FEED_SOURCES,
  FINDING_STATUSES,
  type DueRule,
  type FeedFormat,
  type FeedImportStatus,
  type FeedSource,
  type FindingEventAction,
  type FindingStatus,
} from '../../../shared/vulns/domain.ts';
import { bindToFs, isAny, parseCpe, quoteWfn } from '../../../shared/vulns/cpe.ts';
import { CONFIDENCES, type Confidence, type IdentitySource, type MatchReason, type NoMatchReason } from '../../../shared/vulns/types.ts';
import {
  FINDING_SORTS,
  type ZAssetIdentity,
  type ZAssetVulns,
  type ZCoverageItem,
  type ZCoveragePage,
  type ZCpeSuggestions,
  type ZFeedImportPage,
  type ZMatchEvidence,
  type ZPriorityFactors,
  type ZVulnPolicy,
  type FeedImportDto,
  type FeedStatusDto,
  type FindingDetailDto,
  type FindingDto,
  type VulnDetailDto,
  type VulnOverviewDto,
  type VulnSummaryDto,
} from '../../../shared/contracts/vulns.contract.ts';

/**
 * The vulnerability screens' API paths, queries, URL filters and labels (contract: src/shared/contracts/vulns.contract.ts).
 * Query keys live under VULNS_KEY + facility so that any finding change refreshes every vulnerability view of it.
 */

export type TFinding = FindingDto;
export type TFindingDetail = FindingDetailDto;
export type TVulnSummary = VulnSummaryDto;
export type TVulnDetail = VulnDetailDto;
export type TVulnOverview = VulnOverviewDto;
export type TFeedStatus = FeedStatusDto;
export type TFeedImport = FeedImportDto;
export type TFeedImportPage = z.infer<typeof ZFeedImportPage>;
export type TMatchEvidence = z.infer<typeof ZMatchEvidence>;
export type TPriorityFactors = z.infer<typeof ZPriorityFactors>;
export type TAssetIdentity = z.infer<typeof ZAssetIdentity>;
export type TAssetVulns = z.infer<typeof ZAssetVulns>;
export type TCoverageItem = z.infer<typeof ZCoverageItem>;
export type TCoveragePage = z.infer<typeof ZCoveragePage>;
export type TCpeSuggestions = z.infer<typeof ZCpeSuggestions>;
export type TVulnPolicy = z.infer<typeof ZVulnPolicy>;

export const VULNS_KEY = ['vulns'] as const;
export const FEEDS_KEY = ['feeds'] as const;
export const FINDING_PAGE_SIZE = 50;
/** "Newly added to KEV": the overview's window, in days. */
export const NEW_KEV_DAYS = 30;

const enc = encodeURIComponent;
export const vulnPath = {
  overview: (f: string) => `/facilities/${enc(f)}/vulns/overview`,
  findings: (f: string) => `/facilities/${enc(f)}/vulns/findings`,
  finding: (f: string, id: string) => `/facilities/${enc(f)}/vulns/findings/${enc(id)}`,
  findingStatus: (f: string, id: string) => `/facilities/${enc(f)}/vulns/findings/${enc(id)}/status`,
  findingAccept: (f: string, id: string) => `/facilities/${enc(f)}/vulns/findings/${enc(id)}/accept`,
  asset: (f: string, assetId: string) => `/facilities/${enc(f)}/vulns/assets/${enc(assetId)}`,
  coverage: (f: string) => `/facilities/${enc(f)}/vulns/coverage`,
  cpeSuggestions: (f: string) => `/facilities/${enc(f)}/vulns/cpe-suggestions`,
  policy: (f: string) => `/facilities/${enc(f)}/vulns/policy`,
  byVuln: (f: string, vulnId: string) => `/facilities/${enc(f)}/vulns/by-vuln/${enc(vulnId)}`,
  vuln: (vulnId: string) => `/vulns/${enc(vulnId)}`,
  feedStatus: '/feeds/status',
  feedImports: '/feeds/imports',
  feedImport: (id: string) => `/feeds/imports/${enc(id)}`,
};

// --- the findings list's filters, kept in the URL --------------------------------------------------

export const FINDING_FILTER_KEYS = ['q', 'status', 'kev', 'ransomware', 'confidence', 'overdue', 'assetId'] as const;
export type FindingFilterKey = (typeof FINDING_FILTER_KEYS)[number];
export type FindingFilters = Record<FindingFilterKey, string> & { sort: string; page: number };
/** The status filter: '' = still to do (open and in progress, the server's default), `all`, or one status. */
export const FINDING_STATUS_FILTERS = ['all', ...FINDING_STATUSES] as const;
export const FINDING_DEFAULT_SORT = '-priority';

const oneOf = <T extends string>(set: readonly T[], v: string | null): string => (v && (set as readonly string[]).includes(v) ? v : '');

/** Filters from the URL; unknown values are ignored rather than sent to the server. */
export function findingFiltersFromParams(params: URLSearchParams): FindingFilters {
  return {
    q: (params.get('q') ?? '').slice(0, 100),
    status: oneOf(FINDING_STATUS_FILTERS, params.get('status')),
    kev: oneOf(['1'], params.get('kev')),
    ransomware: oneOf(['1'], params.get('ransomware')),
    confidence: oneOf(CONFIDENCES, params.get('confidence')),
    overdue: oneOf(['1'], params.get('overdue')),
    assetId: /^[\w-]{1,64}$/.test(params.get('assetId') ?? '') ? (params.get('assetId') ?? '') : '',
    sort: oneOf(FINDING_SORTS, params.get('sort')) || FINDING_DEFAULT_SORT,
    page: Math.min(100_000, Math.max(1, Number(params.get('page') ?? '1') || 1)),
  };
}

export function findingApiQuery(f: FindingFilters): Query {
  return {
    q: f.q.trim() || undefined,
    status: f.status || undefined,
    kev: f.kev || undefined,
    ransomware: f.ransomware || undefined,
    confidence: f.confidence || undefined,
    overdue: f.overdue || undefined,
    assetId: f.assetId || undefined,
    sort: f.sort,
    page: f.page,
    pageSize: FINDING_PAGE_SIZE,
  };
}

/** A findings-list URL with the given filters (for the overview's counts and the notifications' links). */
export function findingsHref(base: string, filters: Partial<Record<FindingFilterKey | 'sort', string>>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  const s = params.toString();
  return s ? `${base}?${s}` : base;
}

// --- queries ------------------------------------------------------------------------------------

const noRetryOn404 = (count: number, e: unknown) => !(isApiError(e) && (e.status === 404 || e.status === 403)) && count < 2;

export function useVulnOverview(facilityId: string | null, enabled = true) {
  return useQuery({
    queryKey: [...VULNS_KEY, facilityId, 'overview'],
    queryFn: ({ signal }) => api.get<TVulnOverview>(vulnPath.overview(facilityId ?? ''), undefined, signal),
    enabled: enabled && Boolean(facilityId),
  });
}

/** The overview's counts for the menu badge: refreshed every few minutes, silent on errors. */
export function useVulnBadgeCount(facilityId: string | null, enabled: boolean) {
  return useQuery({
    queryKey: [...VULNS_KEY, facilityId, 'overview'],
    queryFn: ({ signal }) => api.get<TVulnOverview>(vulnPath.overview(facilityId ?? ''), undefined, signal),
    enabled: enabled && Boolean(facilityId),
    refetchInterval: 5 * 60_000,
    retry: false,
    select: (o) => o.active.kev,
  });
}

export function useFindingList(facilityId: string | null, query: Query, enabled = true) {
  return useQuery({
    queryKey: [...VULNS_KEY, facilityId, 'findings', query],
    queryFn: ({ signal }) => api.get<Page<TFinding>>(vulnPath.findings(facilityId ?? ''), query, signal),
    placeholderData: keepPreviousData,
    enabled: enabled && Boolean(facilityId),
  });
}

export function useFinding(facilityId: string | null, findingId: string | null) {
  return useQuery({
    queryKey: [...VULNS_KEY, facilityId, 'finding', findingId],
    queryFn: ({ signal }) => api.get<TFindingDetail>(vulnPath.finding(facilityId ?? '', findingId ?? ''), undefined, signal),
    enabled: Boolean(facilityId && findingId),
    retry: noRetryOn404,
  });
}

/** A vulnerability record (deployment-wide: NVD, KEV, EPSS, JVN). */
export function useVuln(vulnId: string | null) {
  return useQuery({
    queryKey: [...VULNS_KEY, 'record', vulnId],
    queryFn: ({ signal }) => api.get<TVulnDetail>(vulnPath.vuln(vulnId ?? ''), undefined, signal),
    enabled: Boolean(vulnId),
    retry: noRetryOn404,
    staleTime: 5 * 60_000,
  });
}

/** The facility's findings of one vulnerability (every status). */
export function useFindingsByVuln(facilityId: string | null, vulnId: string | null, page: number, enabled = true) {
  const query: Query = { status: 'all', sort: '-priority', page, pageSize: FINDING_PAGE_SIZE };
  return useQuery({
    queryKey: [...VULNS_KEY, facilityId, 'by-vuln', vulnId, query],
    queryFn: ({ signal }) => api.get<Page<TFinding>>(vulnPath.byVuln(facilityId ?? '', vulnId ?? ''), query, signal),
    placeholderData: keepPreviousData,
    enabled: enabled && Boolean(facilityId && vulnId),
  });
}

export function useAssetVulns(facilityId: string | null, assetId: string | null, enabled = true) {
  return useQuery({
    queryKey: [...VULNS_KEY, facilityId, 'asset', assetId],
    queryFn: ({ signal }) => api.get<TAssetVulns>(vulnPath.asset(facilityId ?? '', assetId ?? ''), undefined, signal),
    enabled: enabled && Boolean(facilityId && assetId),
    retry: noRetryOn404,
  });
}

export function useCoverage(facilityId: string | null, query: Query, enabled = true) {
  return useQuery({
    queryKey: [...VULNS_KEY, facilityId, 'coverage', query],
    queryFn: ({ signal }) => api.get<TCoveragePage>(vulnPath.coverage(facilityId ?? ''), query, signal),
    placeholderData: keepPreviousData,
    enabled: enabled && Boolean(facilityId),
  });
}

export function useCpeSuggestions(facilityId: string | null, query: { q?: string; assetId?: string }, enabled = true) {
  return useQuery({
    queryKey: [...VULNS_KEY, facilityId, 'cpe-suggestions', query],
    queryFn: ({ signal }) => api.get<TCpeSuggestions>(vulnPath.cpeSuggestions(facilityId ?? ''), query, signal),
    placeholderData: keepPreviousData,
    enabled: enabled && Boolean(facilityId),
    staleTime: 60_000,
  });
}

export function useVulnPolicy(facilityId: string | null, enabled = true) {
  return useQuery({
    queryKey: [...VULNS_KEY, facilityId, 'policy'],
    queryFn: ({ signal }) => api.get<TVulnPolicy>(vulnPath.policy(facilityId ?? ''), undefined, signal),
    enabled: enabled && Boolean(facilityId),
    retry: false,
  });
}

export function useFeedStatus(enabled = true) {
  return useQuery({
    queryKey: [...FEEDS_KEY, 'status'],
    queryFn: ({ signal }) => api.get<TFeedStatus>(vulnPath.feedStatus, undefined, signal),
    enabled,
  });
}

export function useFeedImports(page: number, enabled = true) {
  return useQuery({
    queryKey: [...FEEDS_KEY, 'imports', page],
    queryFn: ({ signal }) => api.get<TFeedImportPage>(vulnPath.feedImports, { page, pageSize: 20 }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** One import, polled every second while it runs. */
export function useFeedImport(id: string | null) {
  return useQuery({
    queryKey: [...FEEDS_KEY, 'import', id],
    queryFn: ({ signal }) => api.get<TFeedImport>(vulnPath.feedImport(id ?? ''), undefined, signal),
    enabled: Boolean(id),
    refetchInterval: (q) => (q.state.data && q.state.data.status !== 'running' ? false : 1000),
    retry: 2,
  });
}

/** After a finding changed: store the fresh detail and refresh the other vulnerability views of the facility. */
export function useVulnsChanged() {
  const qc = useQueryClient();
  return (facilityId: string, detail?: TFindingDetail) => {
    if (detail) qc.setQueryData([...VULNS_KEY, facilityId, 'finding', detail.id], detail);
    void qc.invalidateQueries({
      queryKey: [...VULNS_KEY, facilityId],
      predicate: (q) => !(detail && q.queryKey[2] === 'finding' && q.queryKey[3] === detail.id),
    });
  };
}

// --- derived facts --------------------------------------------------------------------------------

export type Severity = 'urgent' | 'high' | 'medium' | 'low' | 'none';

/** The severity band of a CVSS base score (critical ≥ 9, high ≥ 7, medium ≥ 4, low > 0). */
export function cvssSeverity(score: number | null): Severity {
  if (score === null || !Number.isFinite(score)) return 'none';
  if (score >= 9) return 'urgent';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'none';
}

/** The severity band of a finding from its deadline rule: known-exploited and critical are urgent. */
export function findingSeverity(rule: DueRule): Severity {
  if (rule === 'kev_exposed' || rule === 'kev' || rule === 'critical') return 'urgent';
  if (rule === 'high') return 'high';
  if (rule === 'medium') return 'medium';
  return 'low';
}

/** EPSS probability as a percentage ("12%", "3.4%"); tiny values as "<0.1%". */
export function epssPercent(p: number | null): string | null {
  if (p === null || !Number.isFinite(p)) return null;
  const pct = p * 100;
  if (pct > 0 && pct < 0.1) return '<0.1%';
  return `${pct.toFixed(pct >= 10 ? 0 : 1)}%`;
}

/** Whether a status still needs work. */
export function isActive(status: FindingStatus): boolean {
  return status === 'open' || status === 'in_progress';
}

/** The last date a risk acceptance may run to: today + the policy's months (same day of month, clamped). */
export function maxAcceptDate(today: string, months: number): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Whole days from `from` to `to` (YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * A suggested CPE (from the feeds' criteria, version usually `*`) with the asset's version filled in, so that the
 * asset matches by version rather than by vendor and product only. The suggestion as given when it names a version
 * already, when the asset has none, or when it does not parse.
 */
export function cpeWithVersion(cpe: string, version: string | null): string {
  const v = version?.trim();
  if (!v) return cpe;
  const wfn = parseCpe(cpe);
  if (!wfn || !isAny(wfn.version)) return cpe;
  return bindToFs({ ...wfn, version: quoteWfn(v) });
}

/** NVD detail page of a CVE (JVNDB ids link to JVN iPedia instead). */
export function vulnExternalUrl(id: string): string | null {
  if (/^CVE-\d{4}-\d+$/i.test(id)) return `https://nvd.nist.gov/vuln/detail/${id.toUpperCase()}`;
  if (/^JVNDB-\d{4}-\d{6}$/i.test(id)) return `https://jvndb.jvn.jp/ja/contents/${id.slice(6, 10)}/${id.toUpperCase()}.html`;
  return null;
}

// --- labels -------------------------------------------------------------------------------------

/** Translated labels and select options for the closed sets of findings and feeds. */
export function useVulnLabels() {
  const { t } = useTranslation();
  return {
    status: (v: FindingStatus) => t(`vulns.status.${v}`),
    confidence: (v: Confidence) => t(`vulns.confidence.${v}`),
    confidenceHelp: (v: Confidence) => t(`vulns.confidenceHelp.${v}`),
    reason: (v: MatchReason) => t(`vulns.reason.${v}`),
    noMatch: (v: NoMatchReason) => t(`vulns.noMatch.${v}`),
    dueRule: (v: DueRule) => t(`vulns.dueRule.${v}`),
    severity: (v: Severity) => t(`vulns.severity.${v}`),
    event: (v: FindingEventAction) => t(`vulns.history.actions.${v}`),
    identitySource: (v: IdentitySource) => t(`vulns.identity.source.${v}`),
    identityVersion: (v: TAssetIdentity['version']) => t(`vulns.identity.version.${v}`),
    source: (v: FeedSource) => t(`vulns.feeds.sources.${v}`),
    format: (v: FeedFormat) => t(`vulns.feeds.formats.${v}`),
    importStatus: (v: FeedImportStatus) => t(`vulns.feeds.importStatus.${v}`),
    statusOptions: [
      { value: '', label: t('vulns.list.filters.activeStatuses') },
      { value: 'all', label: t('vulns.list.filters.allStatuses') },
      ...FINDING_STATUSES.map((v) => ({ value: v, label: t(`vulns.status.${v}`) })),
    ],
    confidenceOptions: CONFIDENCES.map((v) => ({ value: v, label: t(`vulns.confidence.${v}`) })),
    dueRules: DUE_RULES,
    sources: FEED_SOURCES,
  };
}
