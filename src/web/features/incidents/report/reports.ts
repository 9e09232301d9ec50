import { useQuery } from '@tanstack/react-query';
import { api, apiUrl, isApiError } from '../../../api/client.ts';
import { jstDateKey } from '../../../../shared/dates.ts';
import { REPORT_LIMITS } from '../../../../shared/incidents/cases.ts';
import type { ContactChartDto, ContactEntryDto } from '../../../../shared/contracts/contacts.contract.ts';
import type { PublicReportCreateBody, ReportCreateBody, ReportDto, ReportLinkStateDto, ReportListDto } from '../../../../shared/contracts/incident-reports.contract.ts';
import type { StatusTone } from '../../../components/StatusBadge.tsx';
import { callChain, telHref } from '../contacts.ts';

/**
 * The "incident?" report on the web: the one-minute report (signed in and through the poster link), the caller's own reports
 * and the facility's report link. API paths, queries and the pure helpers of the screens (tested in reports.test.ts).
 */

export const REPORTS_KEY = ['incident-reports'] as const;
export const REPORT_LINK_KEY = ['incident-report-link'] as const;
export const PUBLIC_REPORT_KEY = ['public-report-link'] as const;

const enc = encodeURIComponent;
export const reportPath = {
  reports: (facilityId: string) => `/facilities/${enc(facilityId)}/incident-reports`,
  link: (facilityId: string) => `/facilities/${enc(facilityId)}/report-link`,
  poster: (facilityId: string, token: string, format: 'html' | 'pdf' = 'html') => apiUrl(`/facilities/${enc(facilityId)}/report-link/poster`, { token, format }),
  publicLink: (token: string) => `/public/report/${enc(token)}`,
};

/** The in-app page of a case (owned by the case screens; kept here so this folder does not depend on their paths). */
export const casePath = (id: string) => `/incidents/cases/${enc(id)}`;

// --- queries ------------------------------------------------------------------------------------

/** The newest reports the caller may read in the facility (own only for a reporter without incident.read). */
/** The facility's reports (`mine`: only the caller's own, also for those who may read all of them). */
export function useReportList(facilityId: string | null, page: number, pageSize: number, enabled = true, mine = false) {
  return useQuery({
    queryKey: [...REPORTS_KEY, facilityId, 'list', page, pageSize, mine],
    queryFn: ({ signal }) => api.get<ReportListDto>(reportPath.reports(facilityId ?? ''), { status: 'all', page, pageSize, ...(mine && { mine: 'true' }) }, signal),
    enabled: enabled && Boolean(facilityId),
  });
}

export function useReportLink(facilityId: string | null, enabled = true) {
  return useQuery({
    queryKey: [...REPORT_LINK_KEY, facilityId],
    queryFn: ({ signal }) => api.get<ReportLinkStateDto>(reportPath.link(facilityId ?? ''), undefined, signal),
    enabled: enabled && Boolean(facilityId),
  });
}

/** What a poster link's page learns: the facility's name. An unknown or revoked token is NOT_FOUND. */
export function usePublicReportLink(token: string) {
  return useQuery({
    queryKey: [...PUBLIC_REPORT_KEY, token],
    queryFn: ({ signal }) => api.get<{ facilityName: string }>(reportPath.publicLink(token), undefined, signal),
    retry: (count, e) => !(isApiError(e) && e.status >= 400 && e.status < 500) && count < 2,
    refetchOnWindowFocus: false,
  });
}

// --- the form -----------------------------------------------------------------------------------

/** When it happened: the quick choices of the form. */
export const WHEN_CHOICES = ['now', 'hour', 'today', 'custom'] as const;
export type WhenChoice = (typeof WHEN_CHOICES)[number];

/** `YYYY-MM-DDTHH:mm` in JST: the value of a datetime-local input showing `d` (the app's times are JST). */
export function jstLocalInput(d: Date): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(d).map((x) => [x.type, x.value]),
  );
  const hour = p.hour === '24' ? '00' : p.hour;
  return `${jstDateKey(d)}T${hour}:${p.minute}`;
}

/**
 * The `occurredAt` a choice stands for, with its offset. A window is sent as its earliest moment (so deadlines counted
 * from it err early): now = now, within the hour = an hour ago, today = 0:00 JST today; a picked time is read as JST. Null when the
 * typed date and time cannot be read.
 */
export function occurredAtFor(choice: WhenChoice, custom: string, now: Date): string | null {
  switch (choice) {
    case 'now':
      return now.toISOString();
    case 'hour':
      return new Date(now.getTime() - 3_600_000).toISOString();
    case 'today':
      return `${jstDateKey(now)}T00:00:00+09:00`;
    case 'custom': {
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(custom)) return null;
      const iso = `${custom}:00+09:00`;
      return Number.isNaN(Date.parse(iso)) ? null : iso;
    }
  }
}

/** A typed time more than five minutes ahead is refused by the server (clock skew allowed). */
export function isInFuture(iso: string, now: Date): boolean {
  return Date.parse(iso) > now.getTime() + 5 * 60_000;
}

export const PHOTO_ACCEPT = 'image/*';
const PHOTO_MIME = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif']);
const PHOTO_EXT = /\.(jpe?g|png|webp|heic|heif)$/i;

/** Why a chosen file cannot be sent as the screen's photo (checked again by the server by its bytes), or null. */
export function photoProblem(file: { size: number; type: string; name: string }): 'too_large' | 'unsupported_type' | 'empty' | null {
  if (file.size === 0) return 'empty';
  if (file.size > REPORT_LIMITS.photoBytes) return 'too_large';
  if (!(PHOTO_MIME.has(file.type.toLowerCase()) || (!file.type && PHOTO_EXT.test(file.name)) || (file.type === 'application/octet-stream' && PHOTO_EXT.test(file.name)))) return 'unsupported_type';
  return null;
}

/** Whether the browser can show the photo before sending (HEIC mostly cannot: the file name is shown instead). */
export function canPreview(type: string): boolean {
  return ['image/jpeg', 'image/png', 'image/webp'].includes(type.toLowerCase());
}

/** 10 MB, as people say it. */
export const PHOTO_LIMIT_MB = Math.round(REPORT_LIMITS.photoBytes / (1024 * 1024));

export interface ReportDraft {
  what: string;
  where: string;
  assetId: string;
  when: WhenChoice;
  customWhen: string;
  /** Poster link only: who reports and how to call them back. */
  name: string;
  contact: string;
}

export function emptyReportDraft(): ReportDraft {
  return { what: '', where: '', assetId: '', when: 'now', customWhen: '', name: '', contact: '' };
}

export type ReportDraftError = 'whatRequired' | 'whatTooLong' | 'whereTooLong' | 'whenInvalid' | 'whenFuture' | 'nameTooLong' | 'contactTooLong';

/** What is wrong with a draft before it is sent (the server checks again), by field. */
export function reportDraftErrors(d: ReportDraft, now: Date): Partial<Record<keyof ReportDraft, ReportDraftError>> {
  const out: Partial<Record<keyof ReportDraft, ReportDraftError>> = {};
  if (!d.what.trim()) out.what = 'whatRequired';
  else if (d.what.trim().length > REPORT_LIMITS.whatChars) out.what = 'whatTooLong';
  if (d.where.trim().length > REPORT_LIMITS.whereChars) out.where = 'whereTooLong';
  if (d.when === 'custom') {
    const iso = occurredAtFor('custom', d.customWhen, now);
    if (!iso) out.customWhen = 'whenInvalid';
    else if (isInFuture(iso, now)) out.customWhen = 'whenFuture';
  }
  if (d.name.trim().length > REPORT_LIMITS.nameChars) out.name = 'nameTooLong';
  if (d.contact.trim().length > 100) out.contact = 'contactTooLong';
  return out;
}

export interface PhotoPayload {
  fileName: string;
  data: string;
}

/** The body of a signed-in report. */
export function reportBody(d: ReportDraft, now: Date, photo: PhotoPayload | null, withAsset: boolean): ReportCreateBody {
  return {
    what: d.what.trim(),
    where: d.where.trim() || null,
    assetId: withAsset && d.assetId ? d.assetId : null,
    occurredAt: occurredAtFor(d.when, d.customWhen, now),
    photo,
  };
}

/** The body of a report through the poster link (no asset; name and extension). */
export function publicReportBody(d: ReportDraft, now: Date, photo: PhotoPayload | null): PublicReportCreateBody {
  const { assetId: _assetId, ...rest } = reportBody(d, now, photo, false);
  return { ...rest, name: d.name.trim() || null, contact: d.contact.trim() || null };
}

/** The form field a server issue path names (`body.photo` → photo; `occurredAt` → customWhen), or null. */
export function issueReportField(path: string): keyof ReportDraft | 'photo' | null {
  const field = path.replace(/^(body|query|params|querystring)\.?/, '').split('.')[0] ?? '';
  if (field === 'occurredAt') return 'customWhen';
  if (field === 'photo') return 'photo';
  const known: readonly string[] = ['what', 'where', 'assetId', 'name', 'contact'];
  return known.includes(field) ? (field as keyof ReportDraft) : null;
}

/** Minutes to wait after a 429 (Retry-After in the error's detail), at least 1. */
export function retryMinutes(error: unknown): number {
  const seconds = isApiError(error) ? Number(error.detail?.retryAfterSeconds) : Number.NaN;
  return Number.isFinite(seconds) && seconds > 0 ? Math.max(1, Math.ceil(seconds / 60)) : 60;
}

/** Reads a file as a `data:` URL (the JSON body's photo: base64 with its prefix, which the server accepts). */
export function readAsDataUrl(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

// --- after sending ------------------------------------------------------------------------------

export interface CallContact {
  id: string;
  name: string;
  role: string;
  phone: string | null;
  tel: string | null;
  availability: string | null;
}

/** The first `n` people of the internal call chain (deputies stay with their principal), each with a tel: link. */
export function firstContacts(chart: Pick<ContactChartDto, 'internal'> | undefined, n = 3): CallContact[] {
  if (!chart) return [];
  return callChain(chart.internal)
    .slice(0, n)
    .map(({ entry }: { entry: ContactEntryDto }) => {
      const phone = entry.phone || entry.phoneAlt || null;
      return { id: entry.id, name: entry.name?.trim() || entry.organization?.trim() || entry.roleLabel, role: entry.roleLabel, phone, tel: telHref(phone), availability: entry.availability };
    });
}

// --- the caller's reports -----------------------------------------------------------------------

export interface ReportStatusView {
  tone: StatusTone;
  /** Key under incidentReports.status. */
  key: 'received' | 'inProgress' | 'noAction';
}

/** Received (new) / in progress (opened as or merged into a case) / no action needed (dismissed, with the reason). */
export function reportStatusView(status: ReportDto['status']): ReportStatusView {
  switch (status) {
    case 'new':
      return { tone: 'info', key: 'received' };
    case 'opened':
    case 'merged':
      return { tone: 'warn', key: 'inProgress' };
    case 'dismissed':
      return { tone: 'neutral', key: 'noAction' };
  }
}

/**
 * The caller's own reports out of a page: a reporter without incident.read gets only their own (`own`); a reader of
 * incidents gets the facility's, filtered here by reporter.
 */
export function ownReports(list: Pick<ReportListDto, 'items' | 'scope'>, userId: string): ReportDto[] {
  return list.scope === 'own' ? list.items : list.items.filter((r) => r.reporter?.id === userId);
}

/** The first line of what was reported, shortened for a list. */
export function reportHeadline(what: string, max = 80): string {
  const line = what.trim().split(/\r?\n/)[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
