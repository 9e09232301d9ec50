import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api, isApiError, type Query } from '../../api/client.ts';
import type { Page, TUser } from '../../api/types.ts';
import { fieldIssueTexts, issueText } from '../../components/errors.ts';
import { VENDOR_FLAGS } from '../../../shared/vendors.ts';
import { VENDOR_SORTS, type TVendor, type TVendorDetail } from '../../../shared/contracts/vendors.contract.ts';
import type { TAsset } from '../../../shared/contracts/ledger.contract.ts';
import type { TConnection } from '../../../shared/contracts/connections.contract.ts';
import { LEDGER_KEY } from '../ledger/ledger.ts';

/** Query keys live under the ledger's key so that a ledger write (asset, connection) refreshes the vendor counts too. */
export const VENDORS_KEY = [...LEDGER_KEY] as const;
export const VENDOR_PAGE_SIZE = 50;

const enc = encodeURIComponent;
export const vendorPath = {
  vendors: (f: string) => `/facilities/${enc(f)}/vendors`,
  vendor: (f: string, id: string) => `/facilities/${enc(f)}/vendors/${enc(id)}`,
  import: (f: string) => `/facilities/${enc(f)}/vendors/import`,
  export: (f: string) => `/facilities/${enc(f)}/vendors/export`,
  template: (f: string) => `/facilities/${enc(f)}/vendors/template`,
  contacts: (f: string, v: string) => `/facilities/${enc(f)}/vendors/${enc(v)}/contacts`,
  contact: (f: string, v: string, id: string) => `/facilities/${enc(f)}/vendors/${enc(v)}/contacts/${enc(id)}`,
  contracts: (f: string, v: string) => `/facilities/${enc(f)}/vendors/${enc(v)}/contracts`,
  contract: (f: string, v: string, id: string) => `/facilities/${enc(f)}/vendors/${enc(v)}/contracts/${enc(id)}`,
  documents: (f: string, v: string) => `/facilities/${enc(f)}/vendors/${enc(v)}/documents`,
  document: (f: string, v: string, id: string) => `/facilities/${enc(f)}/vendors/${enc(v)}/documents/${enc(id)}`,
  documentFile: (f: string, v: string, id: string) => `/facilities/${enc(f)}/vendors/${enc(v)}/documents/${enc(id)}/file`,
  users: (f: string, v: string) => `/facilities/${enc(f)}/vendors/${enc(v)}/users`,
  assets: (f: string) => `/facilities/${enc(f)}/assets`,
  connections: (f: string) => `/facilities/${enc(f)}/connections`,
};

// --- the vendor list's filters, kept in the URL --------------------------------------------------

export type VendorSort = (typeof VENDOR_SORTS)[number];
export interface VendorFilters {
  q: string;
  flag: string;
  sort: VendorSort;
  page: number;
}
const oneOf = <T extends string>(set: readonly T[], v: string | null): T | '' => (v && (set as readonly string[]).includes(v) ? (v as T) : '');

/** Filters from the URL; unknown values are ignored rather than sent to the server. */
export function vendorFiltersFromParams(params: URLSearchParams): VendorFilters {
  return {
    q: (params.get('q') ?? '').slice(0, 100),
    flag: oneOf(VENDOR_FLAGS, params.get('flag')),
    sort: oneOf(VENDOR_SORTS, params.get('sort')) || 'kana',
    page: Math.min(100_000, Math.max(1, Number(params.get('page') ?? '1') || 1)),
  };
}

export function vendorApiQuery(f: VendorFilters): Query {
  return { q: f.q.trim() || undefined, flag: f.flag || undefined, sort: f.sort, page: f.page, pageSize: VENDOR_PAGE_SIZE };
}

// --- queries ------------------------------------------------------------------------------------

export function useVendorList(facilityId: string | null, query: Query, enabled = true) {
  return useQuery({
    queryKey: [...VENDORS_KEY, facilityId, 'vendors', query],
    queryFn: ({ signal }) => api.get<Page<TVendor>>(vendorPath.vendors(facilityId ?? ''), query, signal),
    placeholderData: keepPreviousData,
    enabled: enabled && Boolean(facilityId),
  });
}

/** Every vendor of the facility (for selects), in reading order. Empty on failure. */
export function useVendorOptions(facilityId: string | null, enabled = true) {
  const q = useVendorList(facilityId, { sort: 'kana', page: 1, pageSize: 500 }, enabled);
  return { ...q, options: (q.data?.items ?? []).map((v) => ({ value: v.id, label: v.name })) };
}

export function useVendor(facilityId: string | null, vendorId: string | null) {
  return useQuery({
    queryKey: [...VENDORS_KEY, facilityId, 'vendor', vendorId],
    queryFn: ({ signal }) => api.get<TVendorDetail>(vendorPath.vendor(facilityId ?? '', vendorId ?? ''), undefined, signal),
    enabled: Boolean(facilityId && vendorId),
    retry: (count, e) => !(isApiError(e) && (e.status === 404 || e.status === 403)) && count < 2,
  });
}

export function useVendorAssets(facilityId: string | null, vendorId: string, page: number) {
  const query = { vendorId, sort: 'name', page, pageSize: 20 };
  return useQuery({
    queryKey: [...VENDORS_KEY, facilityId, 'assets', query],
    queryFn: ({ signal }) => api.get<Page<TAsset>>(vendorPath.assets(facilityId ?? ''), query, signal),
    placeholderData: keepPreviousData,
    enabled: Boolean(facilityId),
  });
}

export function useVendorConnections(facilityId: string | null, vendorId: string, page: number) {
  const query = { vendorId, sort: 'name', page, pageSize: 20 };
  return useQuery({
    queryKey: [...VENDORS_KEY, facilityId, 'connections', query],
    queryFn: ({ signal }) => api.get<Page<TConnection>>(vendorPath.connections(facilityId ?? ''), query, signal),
    placeholderData: keepPreviousData,
    enabled: Boolean(facilityId),
  });
}

/** The facility's users who hold the `vendor` role there: the people who can be linked to a vendor. */
export function useFacilityVendorUsers(facilityId: string | null, enabled: boolean) {
  return useQuery({
    queryKey: ['users', 'vendorRole', facilityId],
    queryFn: async ({ signal }) => {
      const page = await api.get<Page<TUser>>('/users', { facilityId: facilityId ?? '', pageSize: 500 }, signal);
      return page.items.filter((u) => !u.disabled && u.roles.some((r) => r.role === 'vendor' && r.facilityId === facilityId));
    },
    enabled: enabled && Boolean(facilityId),
  });
}

/** After any vendor write: store the fresh detail if given and refresh the rest of the ledger. */
export function useVendorsChanged() {
  const qc = useQueryClient();
  return (facilityId: string, vendor?: TVendorDetail) => {
    // Only a whole detail (the server may answer a write with the list shape).
    if (vendor && Array.isArray(vendor.contacts)) qc.setQueryData([...VENDORS_KEY, facilityId, 'vendor', vendor.id], vendor);
    void qc.invalidateQueries({ queryKey: [...VENDORS_KEY, facilityId] });
  };
}

// --- files --------------------------------------------------------------------------------------

const DOCUMENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xls: 'application/vnd.ms-excel',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  doc: 'application/msword',
};
export const DOCUMENT_ACCEPT = `${Object.keys(DOCUMENT_TYPES)
  .map((e) => `.${e}`)
  .join(',')},${Object.values(DOCUMENT_TYPES).join(',')}`;

/** The content type of an MDS/SDS file from its extension (browsers do not always say), or null when not accepted. */
export function documentContentType(file: File): string | null {
  const ext = file.name.toLowerCase().split('.').pop() ?? '';
  return DOCUMENT_TYPES[ext] ?? null;
}

/** 12,345 bytes as "12.1 KB". */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

// --- API issues → form fields --------------------------------------------------------------------

/** Issue messages with their own text under vendors.issues. */
const VENDOR_ISSUES = ['invalid_email', 'invalid_phone', 'invalid_url', 'invalid_corporate_number', 'not_vendor_user', 'unknown_vendor', 'invalid_date'] as const;

/**
 * The API's field issues as form errors in the user's language, one text per top-level field. Issues on
 * fields the form does not have are left out; 409 CONFLICT on `name` is the duplicate-name message.
 */
export function vendorFieldErrors(error: unknown, t: TFunction, values: Record<string, unknown>): Record<string, string> {
  if (!isApiError(error) || error.code === 'IN_USE') return {};
  return fieldIssueTexts(error, values, (issue) => {
    if (error.code === 'CONFLICT') return t('vendors.issues.duplicateName');
    if ((VENDOR_ISSUES as readonly string[]).includes(issue.message)) return t(`vendors.issues.${issue.message as (typeof VENDOR_ISSUES)[number]}`);
    if (/too_big|too big|<=/i.test(issue.message)) return t('ledger.issues.tooLong');
    return issueText(t, error, issue);
  });
}

/** The translated issues on one field of a failed request, or null. */
export function issueTextsFor(error: unknown, t: TFunction, field: string): string | null {
  const errors = vendorFieldErrors(error, t, { [field]: true });
  return errors[field] ?? null;
}

const PHONE = /^\+?[0-9()\- ]{3,40}$/;
/** Client-side checks matching the contract (the server checks again). */
export const vendorChecks = {
  phone: (v: string) => !v.trim() || PHONE.test(v.trim()),
  email: (v: string) => !v.trim() || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()),
  url: (v: string) => {
    if (!v.trim()) return true;
    try {
      const u = new URL(v.trim());
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  },
};

/** A telephone number as a tel: URI (digits and a leading +). */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^0-9+]/g, '')}`;
}
