import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, apiUrl, isApiError } from '../../../api/client.ts';
import { ERROR_CODES, type ErrorCode, type Locale } from '../../../../shared/errors.ts';
import { BINDER_SECTION_LABELS, BINDER_SECTIONS, normalizeBinderCode, type BinderSection } from '../../../../shared/resilience/binder.ts';
import type { TBinderCheck, TBinderFormat, TBinderPrintPage, TBinderStatus } from '../../../../shared/contracts/resilience-binder.contract.ts';

/**
 * The emergency binder page's API paths, queries and pure helpers (tested in binder.test.ts): the state of the last
 * printed copy, the sentence part naming the changed sections, the code typed from a paper copy, and the download of the
 * PDF / offline HTML (fetched, so that the server's 503 about Chromium or the Japanese font can be shown on the page).
 */

export const BINDER_KEY = ['resilience', 'binder'] as const;
export const BINDER_PRINTS_PAGE_SIZE = 20;

const enc = encodeURIComponent;
export const binderPath = {
  file: (facilityId: string) => `/facilities/${enc(facilityId)}/binder`,
  status: (facilityId: string) => `/facilities/${enc(facilityId)}/binder/status`,
  check: (facilityId: string, code: string) => `/facilities/${enc(facilityId)}/binder/check/${enc(code)}`,
  prints: (facilityId: string) => `/facilities/${enc(facilityId)}/binder/prints`,
};

const noRetryOn4xx = (count: number, e: unknown) => !(isApiError(e) && e.status >= 400 && e.status < 500) && count < 2;

export function useBinderStatus(facilityId: string | null, enabled = true) {
  return useQuery({
    queryKey: [...BINDER_KEY, facilityId, 'status'],
    queryFn: ({ signal }) => api.get<TBinderStatus>(binderPath.status(facilityId ?? ''), undefined, signal),
    enabled: enabled && Boolean(facilityId),
    retry: noRetryOn4xx,
  });
}

export function useBinderPrints(facilityId: string | null, page: number, enabled = true) {
  return useQuery({
    queryKey: [...BINDER_KEY, facilityId, 'prints', page],
    queryFn: ({ signal }) => api.get<TBinderPrintPage>(binderPath.prints(facilityId ?? ''), { page, pageSize: BINDER_PRINTS_PAGE_SIZE }, signal),
    enabled: enabled && Boolean(facilityId),
    placeholderData: keepPreviousData,
    retry: noRetryOn4xx,
  });
}

/** The check of a printed copy's code (null: nothing to check). */
export function useBinderCheck(facilityId: string | null, code: string | null) {
  return useQuery({
    queryKey: [...BINDER_KEY, facilityId, 'check', code],
    queryFn: ({ signal }) => api.get<TBinderCheck>(binderPath.check(facilityId ?? '', code ?? ''), undefined, signal),
    enabled: Boolean(facilityId) && Boolean(code),
    retry: noRetryOn4xx,
  });
}

/** After a download: the last copy, the history and any check changed. */
export function useBinderChanged() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: BINDER_KEY });
}

// --- pure helpers -----------------------------------------------------------------------------

export type BinderState = 'never' | 'changed' | 'current';

/** Never generated, generated but the data changed since, or the last copy is current. */
export function binderState(status: Pick<TBinderStatus, 'lastPrint' | 'changedSinceLastPrint'>): BinderState {
  if (!status.lastPrint) return 'never';
  return status.changedSinceLastPrint ? 'changed' : 'current';
}

/** The changed sections' headings joined as a sentence part (contact chart, backups …), in binder order. */
export function sectionList(sections: readonly BinderSection[], locale: Locale): string {
  const wanted = new Set(sections);
  return BINDER_SECTIONS.filter((s) => wanted.has(s))
    .map((s) => BINDER_SECTION_LABELS[s][locale])
    .join(locale === 'ja' ? '\u30fb' : ', ');
}

/** The code to check as the user typed it (or as the QR put it in ?check=), normalised; null when empty. */
export function codeToCheck(input: string | null | undefined): string | null {
  const v = (input ?? '').trim();
  return v ? normalizeBinderCode(v) : null;
}

/** The file name of a download from its Content-Disposition header (RFC 6266 filename* first), else the fallback. */
export function fileNameFrom(disposition: string | null | undefined, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      /* fall through to the plain name */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition);
  return plain?.[1]?.trim() || fallback;
}

function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code);
}

/** The API error a failed download answered with (503 UNAVAILABLE when Chromium or the Japanese font is missing). */
async function downloadError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  const err = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (err && isErrorCode(err.code)) return new ApiError(res.status, err.code, typeof err.message === 'string' ? err.message : '');
  return new ApiError(res.status, res.status === 503 ? 'UNAVAILABLE' : res.status === 403 ? 'FORBIDDEN' : res.status === 404 ? 'NOT_FOUND' : 'INTERNAL', '');
}

/**
 * Fetches a generated file (a GET under /api/v1) and saves it through the browser's download. Throws an ApiError the page
 * shows (UNAVAILABLE when Chromium or the Japanese font is missing; NETWORK when the server cannot be reached).
 */
export async function downloadFile(path: string, query: Record<string, string>, fallbackName: string, lang: Locale): Promise<{ fileName: string }> {
  let res: Response;
  try {
    res = await fetch(apiUrl(path, query), { credentials: 'same-origin', headers: { 'Accept-Language': lang } });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', e instanceof Error ? e.message : '');
  }
  if (!res.ok) throw await downloadError(res);
  const blob = await res.blob();
  const fileName = fileNameFrom(res.headers.get('Content-Disposition'), fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { fileName };
}

/** Generates the binder (the server records the copy) as a download. */
export function downloadBinder(facilityId: string, format: TBinderFormat, lang: Locale): Promise<{ fileName: string }> {
  return downloadFile(binderPath.file(facilityId), { format, lang }, `binder.${format}`, lang);
}
