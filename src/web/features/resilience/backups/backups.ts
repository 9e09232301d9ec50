import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api, isApiError, type Query } from '../../../api/client.ts';
import type { Page } from '../../../api/types.ts';
import { fieldIssueTexts, issueText } from '../../../components/errors.ts';
import { useLocale } from '../../../lib/format.ts';
import type { Locale } from '../../../../shared/errors.ts';
import {
  BACKUP_IMPORT_ISSUE_KEYS,
  BACKUP_ISSUE_KEYS,
  type BackupImportResultDto,
  type BackupOverviewDto,
  type BackupPlanCreateBody,
  type BackupPlanDto,
  type BackupRunDto,
} from '../../../../shared/contracts/resilience-backups.contract.ts';
import {
  BACKUP_LOCATION_LABELS,
  BACKUP_MEDIA,
  BACKUP_MEDIUM_LABELS,
  BACKUP_RUN_STATUS_LABELS,
  BACKUP_RUNNER_LABELS,
  BACKUP_SCOPE_LABELS,
  BACKUP_SCOPES,
  BACKUP_LOCATIONS,
  BACKUP_RUNNERS,
  BACKUP_RUN_STATUSES,
  REMOVABLE_MEDIA,
  isOfflineCopy,
  renderBackupFinding,
  renderFreshness,
  type BackupFindingCode,
  type BackupLocation,
  type BackupMedium,
  type BackupPlan,
  type BackupRunner,
  type BackupRunStatus,
  type BackupScope,
  type PlanFreshness,
} from '../../../../shared/resilience/backup.ts';

/**
 * The backup screens' API paths, queries, URL filters, labels and the pure helpers behind them: the problems at the top
 * of the page (coverage findings and stale copies as sentences, worst first, each with its next step), the plan form's
 * body, the run form's times (typed in JST) and the field errors of a failed save.
 */

export const BACKUPS_KEY = ['resilience', 'backups'] as const;
export const PLAN_PAGE_SIZE = 50;
export const RUN_PAGE_SIZE = 20;

const enc = encodeURIComponent;
export const backupPath = {
  plans: (f: string) => `/facilities/${enc(f)}/backup-plans`,
  overview: (f: string) => `/facilities/${enc(f)}/backups/overview`,
  importRuns: (f: string) => `/facilities/${enc(f)}/backup-runs/import`,
  plan: (id: string) => `/backup-plans/${enc(id)}`,
  retire: (id: string) => `/backup-plans/${enc(id)}/retire`,
  reinstate: (id: string) => `/backup-plans/${enc(id)}/reinstate`,
  runs: (planId: string) => `/backup-plans/${enc(planId)}/runs`,
  run: (id: string) => `/backup-runs/${enc(id)}`,
  /** The backup software's webhook (API token with resilience:write). */
  webhook: '/backup-results',
};

// --- the list's filters, kept in the URL ------------------------------------------------------------

export const PLAN_FILTER_KEYS = ['q', 'assetId', 'medium', 'offline', 'stale', 'retired'] as const;
export type PlanFilterKey = (typeof PLAN_FILTER_KEYS)[number];
export type PlanFilters = Record<PlanFilterKey, string> & { page: number };

const oneOf = <T extends string>(set: readonly T[], v: string | null): string => (v && (set as readonly string[]).includes(v) ? v : '');

/** Filters from the URL; unknown values are ignored rather than sent to the server. */
export function planFiltersFromParams(params: URLSearchParams): PlanFilters {
  const assetId = params.get('assetId') ?? '';
  return {
    q: (params.get('q') ?? '').slice(0, 200),
    assetId: /^[\w-]{1,64}$/.test(assetId) ? assetId : '',
    medium: oneOf(BACKUP_MEDIA, params.get('medium')),
    offline: oneOf(['true', 'false'], params.get('offline')),
    stale: oneOf(['true', 'false'], params.get('stale')),
    retired: oneOf(['true', 'all'], params.get('retired')),
    page: Math.min(100_000, Math.max(1, Math.trunc(Number(params.get('page') ?? '1')) || 1)),
  };
}

export function planApiQuery(f: PlanFilters): Query {
  return {
    q: f.q.trim() || undefined,
    assetId: f.assetId || undefined,
    medium: f.medium || undefined,
    offline: f.offline || undefined,
    stale: f.stale || undefined,
    retired: f.retired || undefined,
    page: f.page,
    pageSize: PLAN_PAGE_SIZE,
  };
}

// --- queries --------------------------------------------------------------------------------------

const noRetryOn4xx = (count: number, e: Error) => !(isApiError(e) && e.status >= 400 && e.status < 500) && count < 2;

export function useBackupOverview(facilityId: string | null, enabled = true) {
  return useQuery({
    queryKey: [...BACKUPS_KEY, facilityId, 'overview'],
    queryFn: ({ signal }) => api.get<BackupOverviewDto>(backupPath.overview(facilityId ?? ''), undefined, signal),
    enabled: enabled && Boolean(facilityId),
    retry: noRetryOn4xx,
  });
}

export function useBackupPlans(facilityId: string | null, query: Query, enabled = true) {
  return useQuery({
    queryKey: [...BACKUPS_KEY, facilityId, 'plans', query],
    queryFn: ({ signal }) => api.get<Page<BackupPlanDto>>(backupPath.plans(facilityId ?? ''), query, signal),
    placeholderData: keepPreviousData,
    enabled: enabled && Boolean(facilityId),
    retry: noRetryOn4xx,
  });
}

export function useBackupPlan(planId: string | null) {
  return useQuery({
    queryKey: [...BACKUPS_KEY, 'plan', planId],
    queryFn: ({ signal }) => api.get<BackupPlanDto>(backupPath.plan(planId ?? ''), undefined, signal),
    enabled: Boolean(planId),
    retry: noRetryOn4xx,
  });
}

export function useBackupRuns(planId: string | null, page: number) {
  return useQuery({
    queryKey: [...BACKUPS_KEY, 'plan', planId, 'runs', page],
    queryFn: ({ signal }) => api.get<Page<BackupRunDto>>(backupPath.runs(planId ?? ''), { page, pageSize: RUN_PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
    enabled: Boolean(planId),
    retry: noRetryOn4xx,
  });
}

/** After any backup write: refresh the overview, the lists, the plan and its runs (and the dashboard card). */
export function useBackupsChanged() {
  const qc = useQueryClient();
  return (plan?: BackupPlanDto) => {
    if (plan) qc.setQueryData([...BACKUPS_KEY, 'plan', plan.id], plan);
    void qc.invalidateQueries({ queryKey: BACKUPS_KEY });
    void qc.invalidateQueries({ queryKey: ['resilience', 'summary'] });
  };
}

// --- labels ---------------------------------------------------------------------------------------

/** The vocabulary's labels in the UI language (they live with the rules in src/shared, in both languages). */
export function useBackupLabels() {
  const locale = useLocale();
  return backupLabels(locale);
}

export function backupLabels(locale: Locale) {
  return {
    medium: (v: BackupMedium) => BACKUP_MEDIUM_LABELS[v]?.[locale] ?? v,
    scope: (v: BackupScope) => BACKUP_SCOPE_LABELS[v]?.[locale] ?? v,
    location: (v: BackupLocation) => BACKUP_LOCATION_LABELS[v]?.[locale] ?? v,
    runner: (v: BackupRunner) => BACKUP_RUNNER_LABELS[v]?.[locale] ?? v,
    status: (v: BackupRunStatus) => BACKUP_RUN_STATUS_LABELS[v]?.[locale] ?? v,
    mediumOptions: BACKUP_MEDIA.map((v) => ({ value: v, label: BACKUP_MEDIUM_LABELS[v][locale] })),
    scopeOptions: BACKUP_SCOPES.map((v) => ({ value: v, label: BACKUP_SCOPE_LABELS[v][locale] })),
    locationOptions: BACKUP_LOCATIONS.map((v) => ({ value: v, label: BACKUP_LOCATION_LABELS[v][locale] })),
    runnerOptions: BACKUP_RUNNERS.map((v) => ({ value: v, label: BACKUP_RUNNER_LABELS[v][locale] })),
    statusOptions: BACKUP_RUN_STATUSES.map((v) => ({ value: v, label: BACKUP_RUN_STATUS_LABELS[v][locale] })),
  };
}

/** A plan's name: its label, else the system and the medium ("EMR · Tape"). */
export function planName(p: Pick<BackupPlanDto, 'label' | 'medium'> & { system: { name: string } }, locale: Locale): string {
  return p.label?.trim() ? p.label : `${p.system.name} · ${BACKUP_MEDIUM_LABELS[p.medium]?.[locale] ?? p.medium}`;
}

// --- the problems at the top of the page ------------------------------------------------------------

export type NextStep = { kind: 'addPlan'; systemId: string } | { kind: 'recordRun'; planId: string; name: string } | { kind: 'openPlan'; planId: string } | { kind: 'openSystemPlans'; systemId: string };

export interface BackupProblem {
  key: string;
  text: string;
  /** danger: no usable copy of a system needed for care; warn: a weaker gap. */
  tone: 'danger' | 'warn';
  steps: NextStep[];
}

/**
 * Worst first, in the order of the dashboard's summary (src/shared/resilience/summary.ts): an offline copy that stopped
 * succeeding, no plan, no offline copy, few generations, data left out, one method, an online copy not succeeding.
 */
const FINDING_RANK: Record<BackupFindingCode, number> = { no_plan: 1, no_offline_copy: 2, few_generations: 3, data_not_covered: 4, single_method: 5 };
const FRESHNESS_RANK = { offline: 0, online: 6 };
/** Ranks below this are urgent (no usable offline copy of a system needed for care). */
const DANGER_RANK = 3;

/** A shared-rules plan from a plan of the API (for renderFreshness and isOfflineCopy). */
export function toRulePlan(p: BackupPlanDto): BackupPlan {
  return {
    id: p.id,
    systemId: p.system.id,
    systemName: p.system.name,
    criticality: p.system.criticality,
    scopes: p.scopes,
    medium: p.medium,
    disconnected: p.disconnected,
    cloudImmutable: p.cloudImmutable,
    networkSeparated: p.networkSeparated,
    generations: p.generations,
    schedule: { everyDays: p.everyDays },
    location: p.location,
    encrypted: p.encrypted,
    keyHolder: p.keyHolder,
    runBy: p.runBy,
  };
}

/** A plan's freshness as the shared rules' sentence (the offline backup of the EMR has not succeeded for 9 days). */
export function planFreshnessText(p: BackupPlanDto, locale: Locale): string {
  const f: PlanFreshness = {
    state: p.freshness.status,
    lastSuccessAt: p.freshness.lastSuccessAt,
    daysSinceSuccess: p.freshness.daysSinceSuccess,
    dueBy: p.freshness.dueBy,
  };
  return renderFreshness(toRulePlan(p), f, locale);
}

type Warning = BackupOverviewDto['freshnessWarnings'][number];

/** A freshness warning of the overview as its sentence (the warning carries the system's name and whether the copy is offline). */
export function warningText(w: Warning, locale: Locale): string {
  // renderFreshness reads only the plan's name, system and offline-ness: a minimal plan stands for it.
  const plan: BackupPlan = {
    id: w.planId,
    systemId: w.systemId,
    systemName: String(w.params.system ?? ''),
    criticality: 1,
    scopes: ['data'],
    medium: w.offline ? 'offline_copy' : 'online_disk',
    disconnected: false,
    cloudImmutable: false,
    networkSeparated: false,
    generations: 0,
    schedule: { everyDays: 1 },
    location: 'on_site',
    encrypted: false,
    keyHolder: null,
    runBy: 'staff',
  };
  const f: PlanFreshness = {
    state: w.code === 'backup_stale' ? 'stale' : w.code === 'backup_never' ? 'never' : 'fresh',
    lastSuccessAt: w.lastSuccessAt,
    daysSinceSuccess: w.daysSinceSuccess,
    dueBy: null,
  };
  return renderFreshness(plan, f, locale);
}

/**
 * The overview's problems as sentences, worst first (by kind, then the system's criticality, then the longest without
 * a success), each with its next steps. Empty when nothing is wrong.
 */
export function backupProblems(o: Pick<BackupOverviewDto, 'findings' | 'freshnessWarnings' | 'criticalSystems'>, locale: Locale): BackupProblem[] {
  const criticality = new Map(o.criticalSystems.map((s) => [s.id, s.criticality as number]));
  const ranked: { rank: number; crit: number; days: number; order: number; problem: BackupProblem }[] = [];
  o.findings.forEach((f, i) => {
    const rank = FINDING_RANK[f.code];
    const steps: NextStep[] = f.code === 'few_generations' ? [{ kind: 'openSystemPlans', systemId: f.systemId }] : [{ kind: 'addPlan', systemId: f.systemId }];
    ranked.push({
      rank,
      crit: criticality.get(f.systemId) ?? 9,
      days: 0,
      order: i,
      problem: { key: `finding-${f.code}-${f.systemId}`, text: renderBackupFinding(f, locale), tone: rank < DANGER_RANK ? 'danger' : 'warn', steps },
    });
  });
  o.freshnessWarnings.forEach((w, i) => {
    if (w.code === 'backup_fresh') return;
    const rank = w.offline ? FRESHNESS_RANK.offline : FRESHNESS_RANK.online;
    ranked.push({
      rank,
      crit: criticality.get(w.systemId) ?? 9,
      // never succeeded counts as the longest wait
      days: w.daysSinceSuccess ?? Number.MAX_SAFE_INTEGER,
      order: o.findings.length + i,
      problem: {
        key: `fresh-${w.planId}`,
        text: warningText(w, locale),
        tone: rank < DANGER_RANK ? 'danger' : 'warn',
        steps: [
          { kind: 'recordRun', planId: w.planId, name: String(w.params.system ?? '') },
          { kind: 'openPlan', planId: w.planId },
        ],
      },
    });
  });
  ranked.sort((a, b) => a.rank - b.rank || a.crit - b.crit || b.days - a.days || a.order - b.order);
  return ranked.map((r) => r.problem);
}

/** What the top of the page may say: problems, all good (only when true), or nothing to judge yet. */
export function overviewVerdict(o: Pick<BackupOverviewDto, 'findings' | 'freshnessWarnings' | 'counts'>): 'problems' | 'allGood' | 'noSystems' {
  const stale = o.freshnessWarnings.filter((w) => w.code !== 'backup_fresh').length;
  if (o.findings.length > 0 || stale > 0) return 'problems';
  if (o.counts.criticalSystems === 0) return 'noSystems';
  return 'allGood';
}

// --- the plan form --------------------------------------------------------------------------------

export interface PlanFormValues {
  assetId: string;
  label: string;
  scopes: string[];
  tool: string;
  medium: string;
  disconnected: boolean;
  cloudImmutable: boolean;
  networkSeparated: boolean;
  generations: number | string;
  everyDays: number | string;
  scheduleNote: string;
  location: string;
  storagePlace: string;
  encrypted: boolean;
  keyHolder: string;
  runBy: string;
  vendorId: string;
  restoreProcedure: string;
  externalKey: string;
  notes: string;
}

export function planFormValues(p?: BackupPlanDto, systemId?: string): PlanFormValues {
  return {
    assetId: p?.system.id ?? systemId ?? '',
    label: p?.label ?? '',
    scopes: p?.scopes ?? ['data'],
    tool: p?.tool ?? '',
    medium: p?.medium ?? '',
    disconnected: p?.disconnected ?? false,
    cloudImmutable: p?.cloudImmutable ?? false,
    networkSeparated: p?.networkSeparated ?? false,
    generations: p?.generations ?? 7,
    everyDays: p?.everyDays ?? 1,
    scheduleNote: p?.scheduleNote ?? '',
    location: p?.location ?? 'on_site',
    storagePlace: p?.storagePlace ?? '',
    encrypted: p?.encrypted ?? false,
    keyHolder: p?.keyHolder ?? '',
    runBy: p?.runBy ?? 'staff',
    vendorId: p?.vendor?.id ?? '',
    restoreProcedure: p?.restoreProcedure ?? '',
    externalKey: p?.externalKey ?? '',
    notes: p?.notes ?? '',
  };
}

const textOrNull = (v: string): string | null => (v.trim() === '' ? null : v.trim());
const pick = <T extends string>(set: readonly T[], v: string, fallback: T): T => ((set as readonly string[]).includes(v) ? (v as T) : fallback);
const int = (v: number | string, fallback: number) => {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? Math.trunc(n) : fallback;
};

/**
 * The request body of a plan: trimmed, empty text as null; the offline switches only where they mean something
 * (disconnected for removable media, object lock for cloud), the key holder only when encrypted.
 */
export function planBody(v: PlanFormValues): BackupPlanCreateBody {
  const medium = pick<BackupMedium>(BACKUP_MEDIA, v.medium, 'online_disk');
  return {
    assetId: v.assetId,
    label: textOrNull(v.label),
    scopes: BACKUP_SCOPES.filter((s) => v.scopes.includes(s)),
    tool: textOrNull(v.tool),
    medium,
    disconnected: REMOVABLE_MEDIA.includes(medium) ? v.disconnected : false,
    cloudImmutable: medium === 'cloud' ? v.cloudImmutable : false,
    networkSeparated: v.networkSeparated,
    generations: int(v.generations, 0),
    everyDays: int(v.everyDays, 1),
    scheduleNote: textOrNull(v.scheduleNote),
    location: pick<BackupLocation>(BACKUP_LOCATIONS, v.location, 'on_site'),
    storagePlace: textOrNull(v.storagePlace),
    encrypted: v.encrypted,
    keyHolder: v.encrypted ? textOrNull(v.keyHolder) : null,
    runBy: pick<BackupRunner>(BACKUP_RUNNERS, v.runBy, 'staff'),
    vendorId: v.vendorId || null,
    restoreProcedure: textOrNull(v.restoreProcedure),
    externalKey: textOrNull(v.externalKey),
    notes: textOrNull(v.notes),
  };
}

/** Whether the form's choices make the copy count as offline (the same rule as the server's). */
export function formIsOffline(v: PlanFormValues): boolean {
  const b = planBody(v);
  return isOfflineCopy({ medium: b.medium, disconnected: b.disconnected ?? false, cloudImmutable: b.cloudImmutable ?? false, networkSeparated: b.networkSeparated ?? false });
}

// --- the run form ---------------------------------------------------------------------------------

/** A datetime-local value (read as JST) as an ISO time with its offset; null when it cannot be read. */
export function jstInputToIso(v: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v)) return null;
  const iso = `${v}:00+09:00`;
  return Number.isNaN(Date.parse(iso)) ? null : iso;
}

/** Bytes as the largest unit that keeps a number of at least 1 (1.5 GB); binary units as backup tools show them. */
export function formatBytes(n: number | null | undefined): string | null {
  if (n === null || n === undefined || !Number.isFinite(n)) return null;
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const shown = u === 0 ? String(Math.round(v)) : v >= 100 ? v.toFixed(0) : v.toFixed(1).replace(/\.0$/, '');
  return `${shown} ${units[u]}`;
}

/** A size typed with an optional unit ("1.5 GB", "800MB", "123456") as bytes; null when empty, NaN when unreadable. */
export function parseBytes(v: string): number | null {
  const s = v.trim().replace(/,/g, '');
  if (!s) return null;
  const m = /^(\d+(?:\.\d+)?)\s*([kmgtp]?i?b?)?$/i.exec(s);
  if (!m) return Number.NaN;
  const unit = (m[2] ?? '').toLowerCase().replace(/i?b$/, '');
  const power = ['', 'k', 'm', 'g', 't', 'p'].indexOf(unit);
  if (power < 0) return Number.NaN;
  return Math.round(Number(m[1]) * 1024 ** power);
}

/** Whole seconds as parts for i18n: hours, minutes, seconds. */
export function durationParts(seconds: number): { h: number; m: number; s: number } {
  const total = Math.max(0, Math.round(seconds));
  return { h: Math.floor(total / 3600), m: Math.floor((total % 3600) / 60), s: total % 60 };
}

// --- API issues → form fields -----------------------------------------------------------------------

/** The API's field issues as form errors in the user's language (one text per top-level field). */
export function backupFieldErrors(error: unknown, t: TFunction, values: Record<string, unknown>, fieldOf: Record<string, string> = {}): Record<string, string> {
  if (!isApiError(error)) return {};
  return fieldIssueTexts(
    error,
    values,
    (issue) => {
      if ((BACKUP_ISSUE_KEYS as readonly string[]).includes(issue.message)) return t(`resilienceBackups.issues.${issue.message as (typeof BACKUP_ISSUE_KEYS)[number]}`);
      if (issue.message === 'iso_with_offset' || issue.message === 'invalid_date') return t('resilienceBackups.issues.invalid_date');
      if (/too_big|too big|<=/i.test(issue.message)) return t('resilienceBackups.issues.tooLong');
      return issueText(t, error, issue);
    },
    fieldOf,
  );
}

// --- CSV import -----------------------------------------------------------------------------------

type ImportIssue = BackupImportResultDto['fileErrors'][number];

const IMPORT_ISSUE_KEYS = BACKUP_IMPORT_ISSUE_KEYS;

/** An import issue as one sentence naming its row and column ("Row 3, started_at: ..."). */
export function importIssueText(t: TFunction, i: ImportIssue): string {
  const known = (IMPORT_ISSUE_KEYS as readonly string[]).includes(i.message);
  const message = known
    ? t(`resilienceBackups.import.issues.${i.message as (typeof IMPORT_ISSUE_KEYS)[number]}`, { value: i.value ?? '', ref: i.ref ?? '' })
    : t('resilienceBackups.import.issues.other', { message: i.message });
  if (i.row === undefined) return i.path ? t('resilienceBackups.import.atColumn', { column: i.path, message }) : message;
  return i.path ? t('resilienceBackups.import.atRowColumn', { row: i.row, column: i.path, message }) : t('resilienceBackups.import.atRow', { row: i.row, message });
}

/** The webhook's JSON example (the documented body). */
export function webhookExample(job: string, now: Date): string {
  const finished = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const started = new Date(finished.getTime() - 45 * 60_000);
  const body = {
    facility: 'FACILITY_CODE',
    job,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    status: 'success',
    bytes: 53_687_091_200,
    message: 'OK',
    runId: 'job-20260401-0200',
  };
  return JSON.stringify(body, null, 2);
}

/** A curl line for the webhook with a placeholder token (never a real one). */
export function webhookCurl(origin: string, json: string): string {
  const oneLine = JSON.stringify(JSON.parse(json) as unknown);
  return `curl -X POST '${origin}/api/v1${backupPath.webhook}' \\\n  -H 'Authorization: Bearer YOUR_API_TOKEN' \\\n  -H 'Content-Type: application/json' \\\n  -d '${oneLine}'`;
}
