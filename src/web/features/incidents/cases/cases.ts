import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiUrl, isApiError, type Query } from '../../../api/client.ts';
import { useLocale } from '../../../lib/format.ts';
import {
  CASE_CATEGORIES,
  CASE_CATEGORY_LABELS,
  CASE_PHASE_LABELS,
  CASE_PHASES,
  CASE_SEVERITIES,
  CASE_SEVERITY_LABELS,
  REPORT_STATUSES,
  TLP_LABELS,
  TLP_LEVELS,
  type CaseCategory,
  type CasePhase,
  type CaseSeverity,
  type ReportStatus,
  type TlpLevel,
} from '../../../../shared/incidents/cases.ts';
import type { IncidentClockFacts } from '../../../../shared/incidents/clock-rules.ts';
import type { CaseCreateBody, CaseListItemDto, CasePageDto } from '../../../../shared/contracts/incident-cases.contract.ts';
import type { ClockOverviewDto, ClockOverviewItemDto } from '../../../../shared/contracts/incident-clocks.contract.ts';
import type { ReportDto, ReportListDto, ReportOpenCaseBody } from '../../../../shared/contracts/incident-reports.contract.ts';
import type { StatusTone } from '../../../components/StatusBadge.tsx';

/**
 * The case list, the triage inbox, one report's page and the overview of the legal
 * deadlines: API paths, queries, URL filters and the pure helpers of those screens (tested in cases.test.ts).
 */

export type { CaseListItemDto, ClockOverviewItemDto, ReportDto };

export const CASE_PAGE_SIZE = 50;
export const INBOX_PAGE_SIZE = 50;

/** Query keys: the cases live under the incidents key (the case page's writes refresh the list); reports share U1's key. */
export const CASES_KEY = ['incident-cases'] as const;
export const CLOCKS_KEY = ['incident-clocks'] as const;
export const REPORTS_KEY = ['incident-reports'] as const;

const enc = encodeURIComponent;
export const casePath = {
  cases: (facilityId: string) => `/facilities/${enc(facilityId)}/incidents`,
  clocks: '/incident-clocks',
  reports: (facilityId: string) => `/facilities/${enc(facilityId)}/incident-reports`,
  report: (id: string) => `/incident-reports/${enc(id)}`,
  photo: (id: string) => apiUrl(`/incident-reports/${enc(id)}/photo`),
  openCase: (id: string) => `/incident-reports/${enc(id)}/open-case`,
  merge: (id: string) => `/incident-reports/${enc(id)}/merge`,
  dismiss: (id: string) => `/incident-reports/${enc(id)}/dismiss`,
};

const noRetryOnDenied = (count: number, e: Error) => !(isApiError(e) && (e.status === 404 || e.status === 403)) && count < 2;

// --- the list's filters, kept in the URL ----------------------------------------------------------

export const CASE_STATUS_FILTERS = ['open', 'closed', 'all'] as const;
export type CaseStatusFilter = (typeof CASE_STATUS_FILTERS)[number];

export interface CaseFilters {
  q: string;
  /** open by default (what needs work); `all` and `closed` are asked for. */
  status: CaseStatusFilter;
  phase: CasePhase | '';
  category: CaseCategory | '';
  severity: CaseSeverity | '';
  page: number;
}

const oneOf = <T extends string>(set: readonly T[], v: string | null): T | '' => (v && (set as readonly string[]).includes(v) ? (v as T) : '');

/** Filters from the URL; unknown values are ignored rather than sent to the server. */
export function caseFiltersFromParams(params: URLSearchParams): CaseFilters {
  return {
    q: (params.get('q') ?? '').slice(0, 200),
    status: oneOf(CASE_STATUS_FILTERS, params.get('status')) || 'open',
    phase: oneOf(CASE_PHASES, params.get('phase')),
    category: oneOf(CASE_CATEGORIES, params.get('category')),
    severity: oneOf(CASE_SEVERITIES, params.get('severity')),
    page: Math.min(100_000, Math.max(1, Math.trunc(Number(params.get('page') ?? '1')) || 1)),
  };
}

/** Whether any filter narrows the list beyond the default (open cases). */
export function caseFiltered(f: CaseFilters): boolean {
  return Boolean(f.q || f.phase || f.category || f.severity || f.status !== 'open');
}

export function caseApiQuery(f: CaseFilters): Query {
  return {
    status: f.status,
    phase: f.phase || undefined,
    category: f.category || undefined,
    severity: f.severity || undefined,
    q: f.q.trim() || undefined,
    page: f.page,
    pageSize: CASE_PAGE_SIZE,
  };
}

// --- the inbox's status, kept in the URL ----------------------------------------------------------

export const INBOX_STATUSES = ['new', ...REPORT_STATUSES.filter((s) => s !== 'new'), 'all'] as const;
export type InboxStatus = ReportStatus | 'all';

export function inboxStatusFromParams(params: URLSearchParams): InboxStatus {
  return oneOf(INBOX_STATUSES, params.get('status')) || 'new';
}

// --- queries ------------------------------------------------------------------------------------

export function useCaseList(facilityId: string | null, query: Query, enabled = true) {
  return useQuery({
    queryKey: [...CASES_KEY, facilityId, 'list', query],
    queryFn: ({ signal }) => api.get<CasePageDto>(casePath.cases(facilityId ?? ''), query, signal),
    placeholderData: keepPreviousData,
    enabled: enabled && Boolean(facilityId),
    retry: noRetryOnDenied,
  });
}

/** Open cases of the facility, to merge a report into (the newest first as the server lists them). */
export function useOpenCases(facilityId: string | null, enabled = true) {
  return useCaseList(facilityId, { status: 'open', page: 1, pageSize: 500 }, enabled);
}

/** Every running or overdue legal deadline over the caller's facilities, soonest first; refreshed every minute. */
export function useClockOverview(enabled = true) {
  return useQuery({
    queryKey: [...CLOCKS_KEY, 'overview'],
    queryFn: ({ signal }) => api.get<ClockOverviewDto>(casePath.clocks, undefined, signal),
    enabled,
    refetchInterval: 60_000,
    refetchIntervalInBackground: false,
    retry: noRetryOnDenied,
  });
}

export function useReportInbox(facilityId: string | null, status: InboxStatus, page: number, enabled = true) {
  return useQuery({
    queryKey: [...REPORTS_KEY, facilityId, 'inbox', status, page],
    queryFn: ({ signal }) => api.get<ReportListDto>(casePath.reports(facilityId ?? ''), { status, page, pageSize: INBOX_PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
    enabled: enabled && Boolean(facilityId),
    refetchInterval: 60_000,
    refetchIntervalInBackground: false,
    retry: noRetryOnDenied,
  });
}

/** The number of new (untriaged) reports, for the navigation badge; refreshed every minute. */
export function useNewReportCount(facilityId: string | null, enabled = true) {
  return useQuery({
    queryKey: [...REPORTS_KEY, facilityId, 'new-count'],
    queryFn: ({ signal }) => api.get<ReportListDto>(casePath.reports(facilityId ?? ''), { status: 'new', page: 1, pageSize: 1 }, signal),
    select: (d) => d.counts.new,
    enabled: enabled && Boolean(facilityId),
    refetchInterval: 60_000,
    refetchIntervalInBackground: false,
    retry: false,
  });
}

export function useReport(id: string | null) {
  return useQuery({
    queryKey: [...REPORTS_KEY, 'one', id],
    queryFn: ({ signal }) => api.get<ReportDto>(casePath.report(id ?? ''), undefined, signal),
    enabled: Boolean(id),
    retry: noRetryOnDenied,
  });
}

/** After a triage or a new case: reports, cases and clocks are read again. */
export function useIncidentsChanged() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: REPORTS_KEY });
    void qc.invalidateQueries({ queryKey: CASES_KEY });
    void qc.invalidateQueries({ queryKey: CLOCKS_KEY });
  };
}

// --- labels -------------------------------------------------------------------------------------

/** The shared ja/en labels of the case vocabulary in the current UI language, and the select options. */
export function useCaseLabels() {
  const locale = useLocale();
  const category = (c: CaseCategory) => CASE_CATEGORY_LABELS[c][locale];
  const phase = (p: CasePhase) => CASE_PHASE_LABELS[p][locale];
  const severity = (s: CaseSeverity) => CASE_SEVERITY_LABELS[s][locale];
  return {
    locale,
    category,
    phase,
    severity,
    tlp: (l: TlpLevel) => TLP_LABELS[l],
    text: (t: { ja: string; en: string }) => t[locale],
    categoryOptions: CASE_CATEGORIES.map((c) => ({ value: c, label: category(c) })),
    phaseOptions: CASE_PHASES.map((p) => ({ value: p, label: phase(p) })),
    // Worst first, as people read a severity list.
    severityOptions: [...CASE_SEVERITIES].reverse().map((s) => ({ value: s, label: severity(s) })),
    tlpOptions: TLP_LEVELS.map((l) => ({ value: l, label: TLP_LABELS[l] })),
  };
}

export const SEVERITY_TONE: Record<CaseSeverity, StatusTone> = { critical: 'danger', high: 'warn', medium: 'info', low: 'neutral' };

export const REPORT_STATUS_TONE: Record<ReportStatus, StatusTone> = { new: 'warn', opened: 'ok', merged: 'ok', dismissed: 'neutral' };

// --- the case form (new case, or a case opened from a report) -----------------------------------

/** The clock facts the form asks as plain questions. */
export interface FactsDraft {
  personalData: boolean;
  /** '' while unknown. */
  affectedCount: string;
  unauthorizedAccess: boolean;
  careDisrupted: boolean;
  crimeSuspected: boolean;
  insured: boolean;
  /** The policy's reporting limit in hours ('' while not given). */
  insurerHours: string;
}

export interface CaseDraft {
  title: string;
  category: CaseCategory | '';
  severity: CaseSeverity;
  /** The user chose the severity (a category change no longer resets it). */
  severityTouched: boolean;
  tlp: TlpLevel;
  /** `YYYY-MM-DDTHH:mm`, read as JST. */
  discoveredAt: string;
  facts: FactsDraft;
}

export const NO_FACTS_DRAFT: FactsDraft = { personalData: false, affectedCount: '', unauthorizedAccess: false, careDisrupted: false, crimeSuspected: false, insured: false, insurerHours: '' };

/** The severity a new case gets from its category (as the server's default): ransomware → critical, else medium. */
export function defaultSeverity(category: CaseCategory | ''): CaseSeverity {
  return category === 'ransomware' ? 'critical' : 'medium';
}

export function emptyCaseDraft(discoveredAt: string, initial: Partial<CaseDraft> = {}): CaseDraft {
  const category = initial.category ?? '';
  return { title: '', category, severity: defaultSeverity(category), severityTouched: false, tlp: 'amber', discoveredAt, facts: NO_FACTS_DRAFT, ...initial };
}

/** A category change carries the severity along until the user picked one. */
export function withCategory(d: CaseDraft, category: CaseCategory): CaseDraft {
  return { ...d, category, severity: d.severityTouched ? d.severity : defaultSeverity(category) };
}

/** A case title from a report: its first line, shortened (as the server does when no title is given). */
export function titleFromReport(what: string): string {
  const first = what.split(/\r?\n/).find((l) => l.trim())?.trim() ?? what.trim();
  return first.length > 80 ? `${first.slice(0, 79)}…` : first;
}

/** `YYYY-MM-DDTHH:mm` typed in JST → ISO with the +09:00 offset; null when it cannot be read. */
export function jstInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const iso = `${value}:00+09:00`;
  return Number.isNaN(Date.parse(iso)) ? null : iso;
}

export type CaseDraftError = 'titleRequired' | 'titleTooLong' | 'categoryRequired' | 'discoveredRequired' | 'discoveredFuture' | 'countInvalid' | 'hoursInvalid';

/** What is wrong with the form before it is sent (the server checks again), by field. */
export function caseDraftErrors(d: CaseDraft, now: Date): Partial<Record<'title' | 'category' | 'discoveredAt' | 'affectedCount' | 'insurerHours', CaseDraftError>> {
  const out: Partial<Record<'title' | 'category' | 'discoveredAt' | 'affectedCount' | 'insurerHours', CaseDraftError>> = {};
  if (!d.title.trim()) out.title = 'titleRequired';
  else if (d.title.trim().length > 200) out.title = 'titleTooLong';
  if (!d.category) out.category = 'categoryRequired';
  const iso = jstInputToIso(d.discoveredAt);
  if (!iso) out.discoveredAt = 'discoveredRequired';
  else if (Date.parse(iso) > now.getTime() + 5 * 60_000) out.discoveredAt = 'discoveredFuture';
  if (d.facts.affectedCount.trim() !== '' && !/^\d{1,9}$/.test(d.facts.affectedCount.trim())) out.affectedCount = 'countInvalid';
  if (d.facts.insured) {
    const h = Number(d.facts.insurerHours.trim());
    if (!d.facts.insurerHours.trim() || !Number.isFinite(h) || h <= 0 || h > 24 * 366) out.insurerHours = 'hoursInvalid';
  }
  return out;
}

/** The facts as the API takes them (every asked flag sent, so the legal clocks start from what was answered). */
export function factsToInput(f: FactsDraft): Partial<IncidentClockFacts> {
  const count = f.affectedCount.trim();
  const hours = Number(f.insurerHours.trim());
  return {
    personalData: f.personalData,
    affectedCount: count === '' ? null : Number(count),
    unauthorizedAccess: f.unauthorizedAccess,
    careDisrupted: f.careDisrupted,
    crimeSuspected: f.crimeSuspected,
    insured: f.insured && Number.isFinite(hours) && hours > 0 ? { reportWithinHours: hours } : null,
  };
}

/** The body of POST /facilities/:id/incidents. */
export function caseDraftToCreate(d: CaseDraft): CaseCreateBody {
  return {
    title: d.title.trim(),
    category: d.category as CaseCategory,
    severity: d.severity,
    tlp: d.tlp,
    discoveredAt: jstInputToIso(d.discoveredAt) ?? '',
    facts: factsToInput(d.facts),
  };
}

/** The body of POST /incident-reports/:id/open-case. */
export function caseDraftToOpen(d: CaseDraft): ReportOpenCaseBody {
  const { title, category, severity, tlp, discoveredAt, facts } = caseDraftToCreate(d);
  return { title, category, severity, tlp, discoveredAt, facts };
}

// --- deadlines ----------------------------------------------------------------------------------

export interface Countdown {
  overdue: boolean;
  days: number;
  hours: number;
  minutes: number;
}

/** Time left to (or past) the due time, in whole days, hours and minutes (minutes rounded up while time is left). */
export function countdown(dueIso: string, nowMs: number): Countdown {
  const diff = Date.parse(dueIso) - nowMs;
  const overdue = diff < 0;
  const totalMin = overdue ? Math.floor(-diff / 60_000) : Math.ceil(diff / 60_000);
  return { overdue, days: Math.floor(totalMin / 1440), hours: Math.floor((totalMin % 1440) / 60), minutes: totalMin % 60 };
}

export type ClockUrgency = 'overdue' | 'soon' | 'running' | 'open';

/** How urgent a deadline is: past, within 24 hours (or past 80% of its time), running, or without a fixed time. */
export function clockUrgency(item: Pick<ClockOverviewItemDto, 'dueAt' | 'status'>, nowMs: number): ClockUrgency {
  if (item.status.state === 'overdue' || (item.dueAt && Date.parse(item.dueAt) < nowMs)) return 'overdue';
  if (!item.dueAt) return 'open';
  if (Date.parse(item.dueAt) - nowMs <= 24 * 3_600_000 || item.status.fraction >= 0.8) return 'soon';
  return 'running';
}

export const URGENCY_TONE: Record<ClockUrgency, StatusTone> = { overdue: 'danger', soon: 'warn', running: 'info', open: 'neutral' };

// --- the inbox's keyboard -----------------------------------------------------------------------

export type InboxKey = 'next' | 'previous' | 'open' | 'merge' | 'dismiss';

/** The inbox's single-key commands (j/k move, o/m/d act); null for any other key or a key with a modifier. */
export function inboxKey(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): InboxKey | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  switch (e.key) {
    case 'j':
    case 'J':
      return 'next';
    case 'k':
    case 'K':
      return 'previous';
    case 'o':
    case 'O':
      return 'open';
    case 'm':
    case 'M':
      return 'merge';
    case 'd':
    case 'D':
      return 'dismiss';
    default:
      return null;
  }
}

/** The selected row after a move, kept within the list (-1 when the list is empty). */
export function moveSelection(current: number, count: number, dir: 1 | -1): number {
  if (count === 0) return -1;
  if (current < 0) return dir === 1 ? 0 : count - 1;
  return Math.min(count - 1, Math.max(0, current + dir));
}

/** Whether the reporter typed on the poster link (no account). */
export function fromPosterLink(r: Pick<ReportDto, 'channel' | 'reporter'>): boolean {
  return r.channel === 'link' && !r.reporter;
}

/** The server's now, moved on by the time since the answer came (the countdowns stay in step with the server's clock). */
export function serverNowMs(serverNowIso: string, receivedAtMs: number): number {
  const server = Date.parse(serverNowIso);
  const elapsed = receivedAtMs > 0 ? Math.max(0, Date.now() - receivedAtMs) : 0;
  return Number.isNaN(server) ? Date.now() : server + elapsed;
}
