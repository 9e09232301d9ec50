import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError, type Query } from '../../../api/client.ts';
import type { Page } from '../../../api/types.ts';
import type { ExerciseCreateBody, ExerciseDetailDto, ExerciseDto, ExerciseRequirementDto } from '../../../../shared/contracts/resilience-exercises.contract.ts';
import { EXERCISE_TIME_PATTERN, type ExerciseKind, type ExerciseStatus } from '../../../../shared/resilience/exercises.ts';

/** The exercise screens' API paths, queries, the year switcher and the form's pure helpers. */

export const EXERCISES_KEY = ['resilience', 'exercises'] as const;
export const EXERCISE_PAGE_SIZE = 50;

const enc = encodeURIComponent;
export const exercisePath = {
  list: (f: string) => `/facilities/${enc(f)}/exercises`,
  requirement: (f: string) => `/facilities/${enc(f)}/exercises/requirement`,
  one: (id: string) => `/exercises/${enc(id)}`,
  actions: (id: string) => `/exercises/${enc(id)}/actions`,
};

/** The fiscal year from `?year=` (2000–2100), else the current one. */
export function yearFromParams(params: URLSearchParams, current: number): number {
  const y = Number(params.get('year'));
  return Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : current;
}

/** The years the switcher offers: five back, one ahead, and the chosen one. */
export function yearOptions(current: number, chosen: number): number[] {
  const set = new Set<number>([chosen]);
  for (let y = current + 1; y >= current - 5; y--) set.add(y);
  return [...set].sort((a, b) => b - a);
}

const noRetryOn4xx = (count: number, e: Error) => !(isApiError(e) && e.status >= 400 && e.status < 500) && count < 2;

export function useExerciseList(facilityId: string | null, query: Query, enabled = true) {
  return useQuery({
    queryKey: [...EXERCISES_KEY, facilityId, 'list', query],
    queryFn: ({ signal }) => api.get<Page<ExerciseDto>>(exercisePath.list(facilityId ?? ''), query, signal),
    placeholderData: keepPreviousData,
    enabled: enabled && Boolean(facilityId),
    retry: noRetryOn4xx,
  });
}

export function useExerciseRequirement(facilityId: string | null, fiscalYear: number, enabled = true) {
  return useQuery({
    queryKey: [...EXERCISES_KEY, facilityId, 'requirement', fiscalYear],
    queryFn: ({ signal }) => api.get<ExerciseRequirementDto>(exercisePath.requirement(facilityId ?? ''), { fiscalYear }, signal),
    enabled: enabled && Boolean(facilityId),
    retry: noRetryOn4xx,
  });
}

export function useExercise(id: string | null) {
  return useQuery({
    queryKey: [...EXERCISES_KEY, 'one', id],
    queryFn: ({ signal }) => api.get<ExerciseDetailDto>(exercisePath.one(id ?? ''), undefined, signal),
    enabled: Boolean(id),
    retry: noRetryOn4xx,
  });
}

export function useExercisesChanged() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: EXERCISES_KEY });
    void qc.invalidateQueries({ queryKey: ['actions'] });
  };
}

// --- the form -----------------------------------------------------------------------------------

export interface TimelineRow {
  at: string;
  text: string;
}

export interface ExerciseDraft {
  kind: ExerciseKind;
  title: string;
  scenario: string;
  status: ExerciseStatus;
  heldOn: string;
  durationMinutes: number | string;
  departments: string[];
  participants: number | string;
  timeline: TimelineRow[];
  wentWell: string;
  findings: string;
}

export function emptyExerciseDraft(today: string): ExerciseDraft {
  return { kind: 'tabletop', title: '', scenario: '', status: 'planned', heldOn: today, durationMinutes: '', departments: [], participants: '', timeline: [], wentWell: '', findings: '' };
}

export function draftOf(e: ExerciseDetailDto): ExerciseDraft {
  return {
    kind: e.kind,
    title: e.title,
    scenario: e.scenario,
    status: e.status,
    heldOn: e.heldOn,
    durationMinutes: e.durationMinutes ?? '',
    departments: [...e.departments],
    participants: e.participants ?? '',
    timeline: e.timeline.map((r) => ({ ...r })),
    wentWell: e.wentWell ?? '',
    findings: e.findings ?? '',
  };
}

const intOrNull = (v: number | string): number | null | undefined => {
  if (v === '' || v === null || v === undefined) return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isInteger(n) ? n : undefined;
};

/**
 * What is wrong with a draft before it is sent, by field path (`timeline.2.at` for a row): stable keys the page
 * translates. `today` (JST) refuses a done exercise dated in the future, as the server does.
 */
export function exerciseDraftErrors(d: ExerciseDraft, today: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!d.title.trim()) out.title = 'required';
  else if (d.title.trim().length > 200) out.title = 'too_long';
  if (!d.scenario.trim()) out.scenario = 'required';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d.heldOn)) out.heldOn = d.heldOn ? 'invalid_date' : 'required';
  else if (d.status === 'done' && d.heldOn > today) out.heldOn = 'done_in_future';
  const dur = intOrNull(d.durationMinutes);
  if (dur === undefined || (dur !== null && (dur < 1 || dur > 10_080))) out.durationMinutes = 'minutes';
  const p = intOrNull(d.participants);
  if (p === undefined || (p !== null && (p < 0 || p > 100_000))) out.participants = 'count';
  d.timeline.forEach((r, i) => {
    const blank = !r.at.trim() && !r.text.trim();
    if (blank) return;
    if (!EXERCISE_TIME_PATTERN.test(r.at.trim())) out[`timeline.${i}.at`] = 'invalid_time';
    if (!r.text.trim()) out[`timeline.${i}.text`] = 'required';
  });
  return out;
}

/** The request body of a draft: trimmed, empty timeline rows dropped, rows sorted by time, departments de-duplicated. */
export function exerciseBody(d: ExerciseDraft): Omit<ExerciseCreateBody, 'notes'> {
  return {
    kind: d.kind,
    title: d.title.trim(),
    scenario: d.scenario.trim(),
    status: d.status,
    heldOn: d.heldOn,
    durationMinutes: intOrNull(d.durationMinutes) ?? null,
    departments: [...new Set(d.departments.map((x) => x.trim()).filter(Boolean))],
    participants: intOrNull(d.participants) ?? null,
    timeline: d.timeline
      .filter((r) => r.at.trim() || r.text.trim())
      .map((r) => ({ at: r.at.trim(), text: r.text.trim() }))
      .sort((a, b) => a.at.localeCompare(b.at)),
    wentWell: d.wentWell.trim() || null,
    findings: d.findings.trim() || null,
  };
}
