/**
 * The one HTTP client of the web UI: same-origin JSON requests under /api/v1 with the CSRF header on
 * every non-GET request and errors parsed into a typed ApiError.
 */
import { ERROR_CODES, type ErrorCode, type FieldIssue } from '../../shared/errors.ts';

export const API_BASE = '/api/v1';
const CSRF_COOKIE = 'mamori_csrf';

/** `NETWORK` is a client-side code: the server could not be reached at all. */
export type ClientErrorCode = ErrorCode | 'NETWORK';

export class ApiError extends Error {
  readonly status: number;
  readonly code: ClientErrorCode;
  readonly issues: FieldIssue[];
  readonly detail: Record<string, unknown> | undefined;

  constructor(status: number, code: ClientErrorCode, message: string, issues: FieldIssue[] = [], detail?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.issues = issues;
    this.detail = detail;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** Value of a cookie readable by scripts, or null. */
export function readCookie(name: string): string | null {
  if (typeof document === 'undefined') return null;
  for (const part of document.cookie.split(';')) {
    const [k, ...rest] = part.trim().split('=');
    if (k === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

let csrfFallback: string | null = null;
/** /me also returns the CSRF token; remember it in case the cookie is not (yet) visible. */
export function rememberCsrfToken(token: string | null | undefined): void {
  if (token) csrfFallback = token;
}

let acceptLanguage = 'ja';
/** The UI language, sent as Accept-Language so server messages match the screen. */
export function setApiLanguage(lang: string): void {
  acceptLanguage = lang;
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

/** `?a=1&b=x` from an object, skipping empty values. Returns '' when nothing is left. */
export function toQueryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function apiUrl(path: string, query?: Query): string {
  return `${API_BASE}${path}${toQueryString(query)}`;
}

function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code);
}

async function parseError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  const err = (body as { error?: { code?: unknown; message?: unknown; issues?: unknown; detail?: unknown } } | null)?.error;
  if (err && isErrorCode(err.code)) {
    const issues = Array.isArray(err.issues)
      ? (err.issues as unknown[]).flatMap((i) => {
          const issue = i as Partial<FieldIssue>;
          if (typeof issue?.path !== 'string' || typeof issue.message !== 'string') return [];
          return [{ path: issue.path, message: issue.message, ...(typeof issue.row === 'number' ? { row: issue.row } : {}) }];
        })
      : [];
    const detail = err.detail && typeof err.detail === 'object' ? (err.detail as Record<string, unknown>) : undefined;
    return new ApiError(res.status, err.code, typeof err.message === 'string' ? err.message : '', issues, detail);
  }
  const fallback: ErrorCode =
    res.status === 401 ? 'UNAUTHENTICATED'
    : res.status === 403 ? 'FORBIDDEN'
    : res.status === 404 ? 'NOT_FOUND'
    : res.status === 409 ? 'CONFLICT'
    : res.status === 413 ? 'PAYLOAD_TOO_LARGE'
    : res.status === 429 ? 'RATE_LIMITED'
    : res.status === 400 ? 'BAD_REQUEST'
    : 'INTERNAL';
  return new ApiError(res.status, fallback, '');
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

export async function request<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': acceptLanguage };
  if (method !== 'GET') {
    const csrf = readCookie(CSRF_COOKIE) ?? csrfFallback;
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  const hasBody = options.body !== undefined;
  if (hasBody) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: hasBody ? JSON.stringify(options.body) : undefined,
      signal: options.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', e instanceof Error ? e.message : '');
  }
  if (!res.ok) throw await parseError(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  del: <T>(path: string) => request<T>('DELETE', path),
};

export interface UploadOptions {
  query?: Query;
  headers?: Record<string, string>;
  /** Error statuses whose JSON body is a result to show rather than an error (e.g. 422 with an import preview). */
  resultStatuses?: number[];
  /** POST by default; PUT replaces a stored file (e.g. an MDS/SDS document's file). */
  method?: 'POST' | 'PUT';
}

/** Sends a file as the raw request body (with the CSRF header); returns the status and the parsed JSON body. */
export async function uploadFile<T>(path: string, file: Blob, contentType: string, options: UploadOptions = {}): Promise<{ status: number; data: T }> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': acceptLanguage, 'Content-Type': contentType, ...options.headers };
  const csrf = readCookie(CSRF_COOKIE) ?? csrfFallback;
  if (csrf) headers['X-CSRF-Token'] = csrf;
  let res: Response;
  try {
    res = await fetch(apiUrl(path, options.query), { method: options.method ?? 'POST', headers, credentials: 'same-origin', body: file });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', e instanceof Error ? e.message : '');
  }
  if (!res.ok && !(options.resultStatuses ?? []).includes(res.status)) throw await parseError(res);
  return { status: res.status, data: (await res.json()) as T };
}
