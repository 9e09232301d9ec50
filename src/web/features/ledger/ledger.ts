import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api, isApiError, type Query } from '../../api/client.ts';
import type { ItemList, Page } from '../../api/types.ts';
import { fieldIssueTexts, issueText } from '../../components/errors.ts';
import {
  ASSET_FLAGS,
  ASSET_TYPES,
  CRITICALITIES,
  EXPOSURES,
  SEGMENT_PURPOSES,
  type AssetFlag,
  type AssetType,
  type Exposure,
  type SegmentPurpose,
} from '../../../shared/ledger.ts';
import { ASSET_SORTS } from '../../../shared/contracts/ledger.contract.ts';
import type { TAsset, TAssetDetail, TSegment, TSegmentFlow } from '../../../shared/contracts/ledger.contract.ts';
import { useSession } from '../session/SessionContext.tsx';

export const LEDGER_KEY = ['ledger'] as const;
export const ASSET_PAGE_SIZE = 50;

const enc = encodeURIComponent;
export const ledgerPath = {
  assets: (f: string) => `/facilities/${enc(f)}/assets`,
  asset: (f: string, id: string) => `/facilities/${enc(f)}/assets/${enc(id)}`,
  assetImport: (f: string) => `/facilities/${enc(f)}/assets/import`,
  assetExport: (f: string) => `/facilities/${enc(f)}/assets/export`,
  assetTemplate: (f: string) => `/facilities/${enc(f)}/assets/template`,
  /** The whole ledger (assets, segments, connections, vendors, contacts, contracts) as one .xlsx. */
  ledgerBook: (f: string) => `/facilities/${enc(f)}/ledger/export`,
  relations: (f: string, id: string) => `/facilities/${enc(f)}/assets/${enc(id)}/relations`,
  relation: (f: string, id: string, rel: string) => `/facilities/${enc(f)}/assets/${enc(id)}/relations/${enc(rel)}`,
  segments: (f: string) => `/facilities/${enc(f)}/segments`,
  segment: (f: string, id: string) => `/facilities/${enc(f)}/segments/${enc(id)}`,
  flows: (f: string) => `/facilities/${enc(f)}/segment-flows`,
  flow: (f: string, id: string) => `/facilities/${enc(f)}/segment-flows/${enc(id)}`,
};

/** The facility the ledger screens work on: the one chosen in the switcher. */
export function useLedgerFacilityId(): string | null {
  return useSession().currentFacility?.id ?? null;
}

// --- the asset list's filters, kept in the URL ---------------------------------------------------

export const ASSET_FILTER_KEYS = ['q', 'type', 'segmentId', 'criticality', 'exposure', 'flag', 'patientData'] as const;
export type AssetFilterKey = (typeof ASSET_FILTER_KEYS)[number];
export type AssetFilters = Record<AssetFilterKey, string> & { sort: string; page: number };
export type AssetSort = (typeof ASSET_SORTS)[number];

const oneOf = <T extends string>(set: readonly T[], v: string | null): string => (v && (set as readonly string[]).includes(v) ? v : '');

/** Filters from the URL; unknown values are ignored rather than sent to the server. */
export function assetFiltersFromParams(params: URLSearchParams): AssetFilters {
  const segmentId = params.get('segmentId') ?? '';
  return {
    q: (params.get('q') ?? '').slice(0, 100),
    type: oneOf(ASSET_TYPES, params.get('type')),
    segmentId: segmentId.length <= 64 ? segmentId : '',
    criticality: oneOf(CRITICALITIES.map(String), params.get('criticality')),
    exposure: oneOf(EXPOSURES, params.get('exposure')),
    flag: oneOf(ASSET_FLAGS, params.get('flag')),
    patientData: oneOf(['true', 'false'], params.get('patientData')),
    sort: oneOf(ASSET_SORTS, params.get('sort')) || 'name',
    page: Math.min(100_000, Math.max(1, Number(params.get('page') ?? '1') || 1)),
  };
}

export function assetApiQuery(f: AssetFilters): Query {
  return {
    q: f.q.trim() || undefined,
    type: f.type || undefined,
    segmentId: f.segmentId || undefined,
    criticality: f.criticality || undefined,
    exposure: f.exposure || undefined,
    flag: f.flag || undefined,
    holdsPatientData: f.patientData || undefined,
    sort: f.sort,
    page: f.page,
    pageSize: ASSET_PAGE_SIZE,
  };
}

// --- queries ------------------------------------------------------------------------------------

export function useAssetList(facilityId: string | null, query: Query, enabled = true) {
  return useQuery({
    queryKey: [...LEDGER_KEY, facilityId, 'assets', query],
    queryFn: ({ signal }) => api.get<Page<TAsset>>(ledgerPath.assets(facilityId ?? ''), query, signal),
    placeholderData: keepPreviousData,
    enabled: enabled && Boolean(facilityId),
  });
}

export function useAsset(facilityId: string | null, assetId: string | null) {
  return useQuery({
    queryKey: [...LEDGER_KEY, facilityId, 'asset', assetId],
    queryFn: ({ signal }) => api.get<TAssetDetail>(ledgerPath.asset(facilityId ?? '', assetId ?? ''), undefined, signal),
    enabled: Boolean(facilityId && assetId),
    retry: (count, e) => !(isApiError(e) && (e.status === 404 || e.status === 403)) && count < 2,
  });
}

export function useSegments(facilityId: string | null, enabled = true) {
  return useQuery({
    queryKey: [...LEDGER_KEY, facilityId, 'segments'],
    queryFn: ({ signal }) => api.get<ItemList<TSegment>>(ledgerPath.segments(facilityId ?? ''), undefined, signal),
    enabled: enabled && Boolean(facilityId),
  });
}

export function useFlows(facilityId: string | null) {
  return useQuery({
    queryKey: [...LEDGER_KEY, facilityId, 'flows'],
    queryFn: ({ signal }) => api.get<ItemList<TSegmentFlow>>(ledgerPath.flows(facilityId ?? ''), undefined, signal),
    enabled: Boolean(facilityId),
  });
}

/** After any ledger write: store a fresh asset if given and refresh everything else of the ledger. */
export function useLedgerChanged() {
  const qc = useQueryClient();
  return (facilityId: string, asset?: TAssetDetail) => {
    if (asset) qc.setQueryData([...LEDGER_KEY, facilityId, 'asset', asset.id], asset);
    void qc.invalidateQueries({ queryKey: [...LEDGER_KEY, facilityId], predicate: (q) => !(asset && q.queryKey[2] === 'asset' && q.queryKey[3] === asset.id) });
  };
}

// --- labels -------------------------------------------------------------------------------------

export const FLAG_TONE: Record<AssetFlag, 'danger' | 'warn'> = {
  end_of_support_passed: 'danger',
  end_of_support_soon: 'warn',
  unknown_version: 'warn',
  ip_outside_segment: 'warn',
};

/** Translated labels and select options for the ledger's closed sets. */
export function useLedgerLabels() {
  const { t } = useTranslation();
  const crit = (n: number) => (n >= 1 && n <= 4 ? String(n) : '4') as '1' | '2' | '3' | '4';
  return {
    type: (v: AssetType) => t(`ledger.assetTypes.${v}`),
    purpose: (v: SegmentPurpose) => t(`ledger.purposes.${v}`),
    exposure: (v: Exposure) => t(`ledger.exposure.${v}`),
    flag: (v: AssetFlag) => t(`ledger.flags.${v}`),
    criticalityShort: (n: number) => t(`ledger.criticality.short.${crit(n)}`),
    criticalityLong: (n: number) => t(`ledger.criticality.long.${crit(n)}`),
    typeOptions: ASSET_TYPES.map((v) => ({ value: v, label: t(`ledger.assetTypes.${v}`) })),
    purposeOptions: SEGMENT_PURPOSES.map((v) => ({ value: v, label: t(`ledger.purposes.${v}`) })),
    exposureOptions: EXPOSURES.map((v) => ({ value: v, label: t(`ledger.exposure.${v}`) })),
    criticalityOptions: CRITICALITIES.map((n) => ({ value: String(n), label: t(`ledger.criticality.long.${crit(n)}`) })),
    flagOptions: ASSET_FLAGS.map((v) => ({ value: v, label: t(`ledger.flags.${v}`) })),
  };
}

// --- API issues → form fields --------------------------------------------------------------------

/** What a 409 CONFLICT on a field means for each form. */
const CONFLICT_KEYS: Record<string, 'duplicateTag' | 'duplicateSegment' | 'duplicateFlow' | 'duplicateRelation'> = {
  assetTag: 'duplicateTag',
  name: 'duplicateSegment',
  toSegmentId: 'duplicateFlow',
  toAssetId: 'duplicateRelation',
};

/**
 * The API's field issues (`body.ips.1` / `invalid_ip`) as form errors in the user's language, one per
 * top-level field; an item of a list names its value ("192.168.1.300": not a valid IP address).
 * Issues on fields the form does not have are left out. Empty when nothing maps to a field.
 */
export function ledgerFieldErrors(error: unknown, t: TFunction, values: Record<string, unknown>): Record<string, string> {
  if (!isApiError(error) || error.code === 'IN_USE') return {};
  return fieldIssueTexts(error, values, (issue, top, [index]) => {
    let message: string;
    if (error.code === 'CONFLICT' && CONFLICT_KEYS[top]) message = t(`ledger.issues.${CONFLICT_KEYS[top]}`);
    else if (/^[a-z][a-z_]*$/.test(issue.message) && t(`ledger.issues.${issue.message}` as 'ledger.issues.invalid_ip', { defaultValue: '' }))
      message = t(`ledger.issues.${issue.message}` as 'ledger.issues.invalid_ip');
    else if (/too_big|too big|<=/i.test(issue.message)) message = t('ledger.issues.tooLong');
    else message = issueText(t, error, issue);
    const list = values[top];
    const item = index !== undefined && /^\d+$/.test(index) && Array.isArray(list) ? list[Number(index)] : undefined;
    return typeof item === 'string' ? t('ledger.issues.item', { value: item, message }) : message;
  });
}

/** '' → null, otherwise trimmed. */
export function textOrNull(v: string): string | null {
  const s = v.trim();
  return s === '' ? null : s;
}
