import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api, apiUrl, isApiError } from '../../api/client.ts';
import { jstDateKey } from '../../../shared/dates.ts';
import { allowedAnswers, answerIsGap, frameworkItems, itemAnswerType, type AnswerType, type FrameworkDefinition, type FrameworkItem, type ItemScope } from '../../../shared/assessments/framework.ts';
import type { AssessmentStatus, EvidenceRecordType } from '../../../shared/assessments/types.ts';
import type {
  AnswerDto,
  AnswerUpdate,
  AssessmentDetailDto,
  AssessmentItemStateDto,
  AssessmentSummaryDto,
  CompareDto,
  EvidenceDto,
  FrameworkSummaryDto,
  ZAssessmentHistory,
  ZCompareRow,
  ZVendorLink,
  ZVendorLinkCreated,
} from '../../../shared/contracts/assessments.contract.ts';
import { PATHS } from '../../paths.ts';
import { usePermissions } from '../session/permissions.ts';
import { useSession } from '../session/SessionContext.tsx';

/**
 * The checklist (assessment) screens' API paths, queries and small pure helpers
 * (contract: src/shared/contracts/assessments.contract.ts). Query keys live under ASSESSMENTS_KEY.
 */

export type TAssessment = AssessmentSummaryDto;
export type TAssessmentDetail = AssessmentDetailDto;
export type TItemState = AssessmentItemStateDto;
export type TAnswer = AnswerDto;
export type TEvidence = EvidenceDto;
export type TFramework = FrameworkSummaryDto;
export type TCompare = CompareDto;
export type TCompareRow = z.infer<typeof ZCompareRow>;
export type THistory = z.infer<typeof ZAssessmentHistory>;
export type TVendorLink = z.infer<typeof ZVendorLink>;
export type TVendorLinkCreated = z.infer<typeof ZVendorLinkCreated>;

export const ASSESSMENTS_KEY = ['assessments'] as const;
export const FRAMEWORKS_KEY = ['frameworks'] as const;

const enc = encodeURIComponent;
export const assessmentPath = {
  frameworks: '/frameworks',
  list: (f: string) => `/facilities/${enc(f)}/assessments`,
  one: (id: string) => `/assessments/${enc(id)}`,
  answer: (id: string, itemId: string) => `/assessments/${enc(id)}/answers/${enc(itemId)}`,
  history: (id: string) => `/assessments/${enc(id)}/history`,
  evidence: (id: string) => `/assessments/${enc(id)}/evidence`,
  evidenceFile: (id: string) => `/assessments/${enc(id)}/evidence/file`,
  evidenceDownload: (id: string, evidenceId: string) => `/assessments/${enc(id)}/evidence/${enc(evidenceId)}/file`,
  evidenceOne: (id: string, evidenceId: string) => `/assessments/${enc(id)}/evidence/${enc(evidenceId)}`,
  signoff: (id: string) => `/assessments/${enc(id)}/signoff`,
  carryOver: (id: string) => `/assessments/${enc(id)}/carry-over`,
  compare: '/assessments/compare',
  itemActions: (id: string, itemId: string) => `/assessments/${enc(id)}/items/${enc(itemId)}/actions`,
  export: (id: string) => `/assessments/${enc(id)}/export`,
  links: (id: string) => `/assessments/${enc(id)}/links`,
  link: (id: string, linkId: string) => `/assessments/${enc(id)}/links/${enc(linkId)}`,
  submit: (id: string) => `/assessments/${enc(id)}/submit`,
  accept: (id: string) => `/assessments/${enc(id)}/accept`,
  return: (id: string) => `/assessments/${enc(id)}/return`,
};

/** In-app paths of the checklist screens. */
export const assessmentPage = {
  list: '/assessments',
  one: (id: string, itemId?: string) => `/assessments/${enc(id)}${itemId ? `?item=${enc(itemId)}` : ''}`,
  history: (id: string, itemId?: string) => `/assessments/${enc(id)}/history${itemId ? `?item=${enc(itemId)}` : ''}`,
  compare: (a?: string, b?: string) => {
    const p = new URLSearchParams();
    if (a) p.set('a', a);
    if (b) p.set('b', b);
    const s = p.toString();
    return `/assessments/compare${s ? `?${s}` : ''}`;
  },
};

export type ExportFormat = 'xlsx' | 'pdf' | 'html';
export function exportUrl(id: string, format: ExportFormat, lang: string): string {
  return apiUrl(assessmentPath.export(id), { format, lang });
}

// --- queries ------------------------------------------------------------------------------------

const noRetryOn404 = (count: number, e: unknown) => !(isApiError(e) && (e.status === 404 || e.status === 403)) && count < 2;

export function useFrameworks(facilityId: string | null, enabled = true) {
  return useQuery({
    queryKey: [...FRAMEWORKS_KEY, facilityId],
    queryFn: ({ signal }) => api.get<{ items: TFramework[] }>(assessmentPath.frameworks, { facilityId: facilityId ?? undefined }, signal),
    enabled,
    staleTime: 5 * 60_000,
    select: (d) => d.items,
  });
}

export function useAssessmentList(facilityId: string | null, enabled = true) {
  return useQuery({
    queryKey: [...ASSESSMENTS_KEY, facilityId, 'list'],
    queryFn: ({ signal }) => api.get<{ items: TAssessment[] }>(assessmentPath.list(facilityId ?? ''), undefined, signal),
    enabled: enabled && Boolean(facilityId),
    select: (d) => d.items,
  });
}

export const detailKey = (id: string | null) => [...ASSESSMENTS_KEY, 'detail', id] as const;

export function useAssessment(id: string | null) {
  return useQuery({
    queryKey: detailKey(id),
    queryFn: ({ signal }) => api.get<TAssessmentDetail>(assessmentPath.one(id ?? ''), undefined, signal),
    enabled: Boolean(id),
    retry: noRetryOn404,
  });
}

export function useAssessmentHistory(id: string | null, itemId: string, page: number) {
  return useQuery({
    queryKey: [...ASSESSMENTS_KEY, 'history', id, itemId, page],
    queryFn: ({ signal }) => api.get<THistory>(assessmentPath.history(id ?? ''), { itemId: itemId || undefined, page, pageSize: 50 }, signal),
    enabled: Boolean(id),
    placeholderData: keepPreviousData,
    retry: noRetryOn404,
  });
}

export function useCompare(a: string, b: string) {
  return useQuery({
    queryKey: [...ASSESSMENTS_KEY, 'compare', a, b],
    queryFn: ({ signal }) => api.get<TCompare>(assessmentPath.compare, { a, b }, signal),
    enabled: Boolean(a && b && a !== b),
    retry: noRetryOn404,
  });
}

export function useVendorLinks(id: string | null, enabled = true) {
  return useQuery({
    queryKey: [...ASSESSMENTS_KEY, 'links', id],
    queryFn: ({ signal }) => api.get<{ items: TVendorLink[] }>(assessmentPath.links(id ?? ''), undefined, signal),
    enabled: enabled && Boolean(id),
    select: (d) => d.items,
  });
}

/** After a change: refresh every checklist view (lists, details, history). */
export function useAssessmentsChanged() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: ASSESSMENTS_KEY });
  };
}

/** The server's answer to a PUT of an answer: the item's state, or the bare answer (both carry an updatedAt). */
export type AnswerSaveResponse = { answer?: unknown; updatedAt?: unknown } | null | undefined;

/** The updatedAt a saved answer now has, whichever of the two shapes the server returned. */
export function savedUpdatedAt(r: AnswerSaveResponse): string | null {
  if (!r) return null;
  const inner = r.answer;
  if (inner && typeof inner === 'object' && typeof (inner as { updatedAt?: unknown }).updatedAt === 'string') return (inner as { updatedAt: string }).updatedAt;
  return typeof r.updatedAt === 'string' ? r.updatedAt : null;
}

export function putAnswer(id: string, itemId: string, body: AnswerUpdate) {
  return api.put<AnswerSaveResponse>(assessmentPath.answer(id, itemId), body);
}

// --- pure helpers -----------------------------------------------------------------------------------

/** Today's calendar date in JST (YYYY-MM-DD). */
export function todayJst(now: Date = new Date()): string {
  return jstDateKey(now);
}

/** Whether `answer` is a gap for the item's answer type ("no" or a scale level not marked done); no answer is none. */
export function isGap(type: AnswerType, answer: string | null | undefined): boolean {
  return Boolean(answer) && allowedAnswers(type).includes(answer ?? '') && answerIsGap(type, answer ?? '');
}

export const ITEM_FILTERS = ['unanswered', 'gaps', 'disagreements', 'problems'] as const;
export type ItemFilter = (typeof ITEM_FILTERS)[number];

/** Whether an item's state passes one of the filter chips. */
export function matchesFilter(state: TItemState | undefined, filter: ItemFilter, type: AnswerType): boolean {
  switch (filter) {
    case 'unanswered':
      return !state?.answer?.answer;
    case 'gaps':
      return isGap(type, state?.answer?.answer);
    case 'disagreements':
      return Boolean(state?.disagreement);
    case 'problems':
      return (state?.problems.length ?? 0) > 0;
  }
}

/** The gate section's id in the section list (the framework's own section ids never start with an underscore). */
export const GATE_SECTION = '_gate';

export interface SectionView {
  id: string;
  number: string | null;
  title: FrameworkDefinition['sections'][number]['title'] | null;
  items: FrameworkItem[];
}

/** The sections as answered: the gate question first (as its own step), then the framework's sections. */
export function sectionViews(f: FrameworkDefinition): SectionView[] {
  const out: SectionView[] = [];
  if (f.gate) out.push({ id: GATE_SECTION, number: null, title: null, items: [f.gate] });
  for (const s of f.sections) out.push({ id: s.id, number: s.number ?? null, title: s.title, items: s.items });
  return out;
}

/** The item ids shown for a section or, with a filter, every matching item of the framework (in sheet order). */
export function visibleItems(f: FrameworkDefinition, states: Map<string, TItemState>, section: string, filter: ItemFilter | ''): FrameworkItem[] {
  if (filter) return frameworkItems(f).filter((i) => matchesFilter(states.get(i.id), filter, itemAnswerType(f, i)));
  return sectionViews(f).find((s) => s.id === section)?.items ?? [];
}

/** The next item index for a move (j/k, ↓/↑), clamped to the list. */
export function moveIndex(current: number, delta: 1 | -1, length: number): number {
  if (length === 0) return -1;
  if (current < 0) return delta > 0 ? 0 : length - 1;
  return Math.min(length - 1, Math.max(0, current + delta));
}

/** The answer a shortcut key gives, if the item admits it: y = yes, n = no, a = not applicable. */
export function answerForKey(key: string, type: AnswerType): string | null {
  const value = key === 'y' ? 'yes' : key === 'n' ? 'no' : key === 'a' ? 'na' : null;
  if (!value) return null;
  return allowedAnswers(type).includes(value) ? value : null;
}

/** Assessments grouped by fiscal year, newest first (those without a year last). */
export function groupByFiscalYear(items: TAssessment[]): { fiscalYear: number | null; items: TAssessment[] }[] {
  const groups = new Map<number | null, TAssessment[]>();
  for (const a of items) {
    const g = groups.get(a.fiscalYear) ?? [];
    g.push(a);
    groups.set(a.fiscalYear, g);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : b - a))
    .map(([fiscalYear, list]) => ({ fiscalYear, items: [...list].sort((x, y) => sheetOrder(x) - sheetOrder(y) || x.frameworkTitle.ja.localeCompare(y.frameworkTitle.ja) || (x.vendor?.name ?? '').localeCompare(y.vendor?.name ?? '')) }));
}

function sheetOrder(a: TAssessment): number {
  return a.sheet === 'hospital' ? 0 : a.sheet === 'general' ? 1 : 2;
}

/** The earlier assessment to carry answers from by default: same framework id, the newest before the new one's fiscal year. */
export function defaultCarrySource(existing: TAssessment[], frameworkId: string, fiscalYear: number | null, vendorId: string | null = null): TAssessment | null {
  const candidates = existing
    .filter((a) => a.frameworkId === frameworkId && (a.vendor?.id ?? null) === vendorId)
    .filter((a) => fiscalYear === null || a.fiscalYear === null || a.fiscalYear < fiscalYear)
    .sort((a, b) => (b.fiscalYear ?? 0) - (a.fiscalYear ?? 0) || b.createdAt.localeCompare(a.createdAt));
  return candidates[0] ?? null;
}

/** The newest version of each framework of a sheet kind (by fiscal year, then version). */
export function newestFramework(frameworks: TFramework[], sheet: TFramework['sheet']): TFramework | null {
  return [...frameworks].filter((f) => f.sheet === sheet).sort((a, b) => (b.fiscalYear ?? 0) - (a.fiscalYear ?? 0) || b.version.localeCompare(a.version))[0] ?? null;
}

/** Whether nobody may change answers or evidence any more. */
export function isReadOnlyStatus(status: AssessmentStatus): boolean {
  return status === 'locked' || status === 'accepted';
}

/** The in-app page of a record an evidence item or a suggestion points to (null when it has none). */
export function recordHref(type: EvidenceRecordType, id: string): string | null {
  switch (type) {
    case 'asset':
      return PATHS.asset(id);
    case 'segment':
      return PATHS.segments;
    case 'connection':
      return PATHS.connection(id);
    case 'vendor':
      return PATHS.vendor(id);
    case 'vendor_document':
      return null;
    case 'finding':
      return PATHS.vulnFinding(id);
    case 'action':
      return null;
    case 'assessment':
      return assessmentPage.one(id);
  }
}

/** A short SHA-256 (first 12 hex digits) for lists; the whole value is copied. */
export function shortHash(sha256: string | null): string {
  return sha256 ? sha256.slice(0, 12) : '';
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Files up to 20 MB are stored as evidence. */
export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;

export const HISTORY_FIELDS = ['answer', 'checkedOn', 'targetOn', 'responsible', 'comment', 'status', 'title'] as const;
export type HistoryField = (typeof HISTORY_FIELDS)[number];

/** The fields an event changed, from its before/after snapshots (objects of the same shape, or absent). */
export function changedFields(before: unknown, after: unknown): { field: HistoryField; from: unknown; to: unknown }[] {
  const b = before && typeof before === 'object' ? (before as Record<string, unknown>) : {};
  const a = after && typeof after === 'object' ? (after as Record<string, unknown>) : {};
  return HISTORY_FIELDS.filter((k) => (k in a || k in b) && JSON.stringify(a[k] ?? null) !== JSON.stringify(b[k] ?? null)).map((k) => ({ field: k, from: b[k] ?? null, to: a[k] ?? null }));
}

// --- labels -------------------------------------------------------------------------------------

/** Translated labels for answers, statuses, scopes and sheets. */
export function useAssessmentLabels() {
  const { t, i18n } = useTranslation();
  const lang = (i18n.resolvedLanguage ?? i18n.language) === 'en' ? 'en' : 'ja';
  const answer = (type: AnswerType, value: string | null | undefined): string => {
    if (!value) return t('assessments.answers.none');
    if (type === 'yes_no' || type === 'yes_no_na') return value === 'yes' || value === 'no' || value === 'na' ? t(`assessments.answers.${value}`) : value;
    return type.scale.find((s) => s.value === value)?.label[lang] ?? value;
  };
  return {
    lang,
    /** Text of a localized pair in the UI language. */
    text: (l: { ja: string; en: string } | null | undefined) => (l ? l[lang] : ''),
    answer,
    answerOptions: (type: AnswerType) => allowedAnswers(type).map((v) => ({ value: v, label: answer(type, v) })),
    status: (s: AssessmentStatus) => t(`assessments.status.${s}`),
    scope: (s: ItemScope) => t(`assessments.scope.${s}`),
    sheet: (s: TFramework['sheet']) => t(`assessments.sheet.${s}`),
    suggestion: (v: 'yes' | 'no' | 'unknown') => t(`assessments.suggestionValue.${v}`),
    recordType: (r: EvidenceRecordType) => t(`assessments.recordType.${r}`),
    change: (c: TCompareRow['change']) => t(`assessments.compare.change.${c}`),
  };
}

// --- permissions --------------------------------------------------------------------------------

/** What the signed-in user may do with the current facility's checklists (the server decides; the UI only hides). */
export function useAssessmentAccess() {
  const perm = usePermissions();
  const { currentFacility } = useSession();
  const f = currentFacility?.id ?? null;
  const can = (p: Parameters<typeof perm.can>[0]) => f !== null && perm.can(p, f);
  const read = can('assessment.read');
  const vendor = !read && can('assessment.vendor_answer');
  return {
    facilityId: f,
    facility: currentFacility,
    read,
    /** A vendor user: sees and answers only its own vendor sheets. */
    vendor,
    view: read || vendor,
    answer: can('assessment.answer'),
    manage: can('assessment.manage'),
    readVendors: can('ledger.read'),
    readUsers: can('user.read'),
    readLedger: can('ledger.read'),
  };
}
