import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError, type Query } from '../../../api/client.ts';
import type { Page } from '../../../api/types.ts';
import type { BackupPlanDto } from '../../../../shared/contracts/resilience-backups.contract.ts';
import {
  DRILL_LIST_STATUSES,
  type DrillScheduleDto,
  type RecoveryOrderDto,
  type RecoveryTargetListDto,
  type RestoreDrillDto,
} from '../../../../shared/contracts/resilience-drills.contract.ts';
import {
  drillMetrics,
  drillResult,
  drillTimeIssues,
  type DrillDueStatus,
  type DrillMetrics,
  type DrillOutcome,
  type DrillRestored,
  type DrillTimeIssue,
} from '../../../../shared/resilience/drills.ts';
import type { RecoveryStep } from '../../../../shared/resilience/recovery-order.ts';
import type { StatusTone } from '../../../components/StatusBadge.tsx';

/**
 * The recovery-order, recovery-target and restore-drill screens' API paths, queries, URL filters and pure helpers
 * (times typed in JST, the live RTO/RPO preview before saving, grouping the order by wave).
 */

export const DRILLS_KEY = ['resilience', 'drills'] as const;
export const DRILL_PAGE_SIZE = 50;

const enc = encodeURIComponent;
export const drillPath = {
  targets: (f: string) => `/facilities/${enc(f)}/recovery-targets`,
  target: (assetId: string) => `/recovery-targets/${enc(assetId)}`,
  order: (f: string) => `/facilities/${enc(f)}/recovery-order`,
  schedule: (f: string) => `/facilities/${enc(f)}/drill-schedule`,
  drills: (f: string) => `/facilities/${enc(f)}/restore-drills`,
  drill: (id: string) => `/restore-drills/${enc(id)}`,
  record: (id: string) => `/restore-drills/${enc(id)}/record`,
  cancel: (id: string) => `/restore-drills/${enc(id)}/cancel`,
  actions: (id: string) => `/restore-drills/${enc(id)}/actions`,
  plans: (f: string) => `/facilities/${enc(f)}/backup-plans`,
};

// --- the list's filters, kept in the URL ----------------------------------------------------------

export type DrillStatusFilter = (typeof DRILL_LIST_STATUSES)[number];
export interface DrillFilters {
  q: string;
  status: DrillStatusFilter | '';
  page: number;
}

/** Filters from the URL; unknown values are ignored rather than sent to the server. */
export function drillFiltersFromParams(params: URLSearchParams): DrillFilters {
  const status = params.get('status') ?? '';
  return {
    q: '',
    status: (DRILL_LIST_STATUSES as readonly string[]).includes(status) ? (status as DrillStatusFilter) : '',
    page: Math.min(100_000, Math.max(1, Number(params.get('page') ?? '1') || 1)),
  };
}

export function drillApiQuery(f: DrillFilters): Query {
  return { status: f.status || undefined, page: f.page, pageSize: DRILL_PAGE_SIZE };
}

// --- queries ------------------------------------------------------------------------------------

const noRetryOn4xx = (count: number, e: Error) => !(isApiError(e) && e.status >= 400 && e.status < 500) && count < 2;

export function useRecoveryTargets(facilityId: string | null, enabled = true) {
  return useQuery({
    queryKey: [...DRILLS_KEY, facilityId, 'targets'],
    queryFn: ({ signal }) => api.get<RecoveryTargetListDto>(drillPath.targets(facilityId ?? ''), undefined, signal),
    enabled: enabled && Boolean(facilityId),
    retry: noRetryOn4xx,
  });
}

export function useRecoveryOrder(facilityId: string | null, enabled = true) {
  return useQuery({
    queryKey: [...DRILLS_KEY, facilityId, 'order'],
    queryFn: ({ signal }) => api.get<RecoveryOrderDto>(drillPath.order(facilityId ?? ''), undefined, signal),
    enabled: enabled && Boolean(facilityId),
    retry: noRetryOn4xx,
  });
}

export function useDrillSchedule(facilityId: string | null, enabled = true) {
  return useQuery({
    queryKey: [...DRILLS_KEY, facilityId, 'schedule'],
    queryFn: ({ signal }) => api.get<DrillScheduleDto>(drillPath.schedule(facilityId ?? ''), undefined, signal),
    enabled: enabled && Boolean(facilityId),
    retry: noRetryOn4xx,
  });
}

export function useDrillList(facilityId: string | null, query: Query, enabled = true) {
  return useQuery({
    queryKey: [...DRILLS_KEY, facilityId, 'list', query],
    queryFn: ({ signal }) => api.get<Page<RestoreDrillDto>>(drillPath.drills(facilityId ?? ''), query, signal),
    placeholderData: keepPreviousData,
    enabled: enabled && Boolean(facilityId),
    retry: noRetryOn4xx,
  });
}

export function useDrill(id: string | null) {
  return useQuery({
    queryKey: [...DRILLS_KEY, 'drill', id],
    queryFn: ({ signal }) => api.get<RestoreDrillDto>(drillPath.drill(id ?? ''), undefined, signal),
    enabled: Boolean(id),
    retry: noRetryOn4xx,
  });
}

/** The backup plans (copies in use) of one system: what a drill restores from. */
export function useBackupPlansOf(facilityId: string | null, assetId: string | null) {
  return useQuery({
    queryKey: ['resilience', 'backups', facilityId, 'plans-of', assetId],
    queryFn: ({ signal }) => api.get<Page<BackupPlanDto>>(drillPath.plans(facilityId ?? ''), { assetId: assetId ?? '', pageSize: 100 }, signal),
    enabled: Boolean(facilityId && assetId),
    retry: false,
  });
}

/** After any change to targets or drills: the order, the schedule, the lists and the actions all refresh. */
export function useDrillsChanged() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: DRILLS_KEY });
    void qc.invalidateQueries({ queryKey: ['actions'] });
  };
}

// --- times typed in JST -------------------------------------------------------------------------

/** `YYYY-MM-DDTHH:mm` typed in JST → ISO UTC (with Z); null when it cannot be read. */
export function jstInputToUtc(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const ms = Date.parse(`${value}:00+09:00`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** An ISO timestamp → the `YYYY-MM-DDTHH:mm` value of a datetime-local input in JST. '' for null. */
export function utcToJstInput(iso: string | null): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  return new Date(ms + 9 * 3_600_000).toISOString().slice(0, 16);
}

// --- the record form's live preview -------------------------------------------------------------

export interface DrillRecordDraft {
  startedAt: string;
  finishedAt: string;
  dataAsOf: string;
  restored: DrillRestored | '';
  problems: string;
  performedBy: string;
}

export const EMPTY_RECORD_DRAFT: DrillRecordDraft = { startedAt: '', finishedAt: '', dataAsOf: '', restored: '', problems: '', performedBy: '' };

export interface DrillPreview {
  /** The times as ISO UTC, once all three can be read. */
  times: { startedAt: string; finishedAt: string; dataAsOf: string } | null;
  metrics: DrillMetrics | null;
  /** Once the times are consistent and the restore result is chosen. */
  outcome: DrillOutcome | null;
  issues: { path: 'startedAt' | 'finishedAt' | 'dataAsOf'; message: DrillTimeIssue }[];
}

/**
 * What the drill achieves as typed, before saving: the RTO/RPO achieved (drillMetrics), the problems with the times
 * (drillTimeIssues) and, when both are fine and the restore result is chosen, pass or fail against the targets
 * (drillResult) — the same rules the server applies.
 */
export function drillPreview(d: DrillRecordDraft, targets: { rtoHours: number | null; rpoHours: number | null }, now: Date): DrillPreview {
  const startedAt = jstInputToUtc(d.startedAt);
  const finishedAt = jstInputToUtc(d.finishedAt);
  const dataAsOf = jstInputToUtc(d.dataAsOf);
  if (!startedAt || !finishedAt || !dataAsOf) return { times: null, metrics: null, outcome: null, issues: [] };
  const times = { startedAt, finishedAt, dataAsOf };
  const issues = drillTimeIssues(times, now);
  const metrics = drillMetrics(times);
  const outcome = issues.length === 0 && d.restored ? drillResult(metrics, targets, d.restored) : null;
  return { times, metrics, outcome, issues };
}

/** Field errors of the record form before it is sent (stable keys; the page translates them). */
export function recordDraftErrors(d: DrillRecordDraft, preview: DrillPreview): Partial<Record<keyof DrillRecordDraft, string>> {
  const out: Partial<Record<keyof DrillRecordDraft, string>> = {};
  for (const k of ['startedAt', 'finishedAt', 'dataAsOf'] as const) {
    if (!d[k]) out[k] = 'required';
    else if (!jstInputToUtc(d[k])) out[k] = 'invalid_date';
  }
  if (!d.restored) out.restored = 'required';
  for (const i of preview.issues) out[i.path] ??= i.message;
  if (d.performedBy.trim().length > 300) out.performedBy = 'too_long';
  return out;
}

// --- labels and grouping ------------------------------------------------------------------------

export function dueTone(status: DrillDueStatus): StatusTone {
  return status === 'overdue' ? 'danger' : status === 'never' || status === 'due_soon' ? 'warn' : 'ok';
}

/** Achieved against target: met (≤), missed (>) or not compared (no target). */
export function targetState(achieved: number | null, target: number | null): 'met' | 'missed' | 'none' {
  if (achieved === null || target === null) return 'none';
  return achieved > target ? 'missed' : 'met';
}

/** Hours for people: at most two decimals, trailing zeros dropped (7.5, 4, 0.25). */
export function hoursText(h: number): string {
  return String(Math.round(h * 100) / 100);
}

/** The order's steps grouped by wave, in wave order; each wave's steps keep their place in the order. */
export function stepsByWave<T extends Pick<RecoveryStep, 'wave' | 'position'>>(steps: readonly T[]): { wave: number; steps: T[] }[] {
  const waves = new Map<number, T[]>();
  for (const s of [...steps].sort((a, b) => a.position - b.position)) {
    const list = waves.get(s.wave) ?? [];
    list.push(s);
    waves.set(s.wave, list);
  }
  return [...waves.entries()].sort((a, b) => a[0] - b[0]).map(([wave, list]) => ({ wave, steps: list }));
}

/** Optional positive number from a form field: '' → null; NaN or ≤ 0 → undefined (invalid). */
export function positiveOrNull(v: number | string): number | null | undefined {
  if (v === '' || v === null || v === undefined) return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}
