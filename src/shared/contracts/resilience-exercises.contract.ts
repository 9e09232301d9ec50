import { z } from 'zod';
import { ACTION_STATUSES } from '../assessments/types.ts';
import { EXERCISE_KINDS, EXERCISE_STATUSES, EXERCISE_TIME_PATTERN } from '../resilience/exercises.ts';
import { ZDateOnly } from './assessments.contract.ts';
import { ZId, ZIsoDateTime, ZPage, ZPageQuery } from './common.contract.ts';

/**
 * 備え (resilience, issue 7): exercises (訓練) — tabletop, technical or full — with their scenario, departments, timeline,
 * findings and follow-up actions (対応アクション, source type `exercise`), and the yearly requirement (one done exercise per
 * 令和 fiscal year, April–March JST). Vocabulary, labels and the rule: src/shared/resilience/exercises.ts.
 * Issue keys: `invalid_time` (timeline[i].at not HH:MM), `done_in_future` (status done with heldOn after today, JST).
 */

export const EXERCISE_ISSUE_KEYS = ['invalid_time', 'done_in_future'] as const;

const ZText = (max: number) => z.string().trim().max(max).nullable().optional();

export const ZExerciseTimelineEntry = z.object({
  /** Time of day HH:MM (24 h). */
  at: z.string().regex(EXERCISE_TIME_PATTERN, { message: 'invalid_time' }),
  text: z.string().trim().min(1).max(1000),
});

const fields = {
  kind: z.enum(EXERCISE_KINDS),
  title: z.string().trim().min(1).max(200),
  /** e.g. 「保守VPN経由のランサムウェアで電子カルテ停止」. */
  scenario: z.string().trim().min(1).max(4000),
  status: z.enum(EXERCISE_STATUSES),
  /** The (planned) date, JST. */
  heldOn: ZDateOnly,
  durationMinutes: z.number().int().min(1).max(10_080).nullable().optional(),
  /** Department names taking part (free text; suggestions in EXERCISE_DEPARTMENT_SUGGESTIONS); blank and repeated names are dropped. */
  departments: z.array(z.string().trim().max(100)).max(50),
  participants: z.number().int().min(0).max(100_000).nullable().optional(),
  timeline: z.array(ZExerciseTimelineEntry).max(200),
  wentWell: ZText(10_000),
  findings: ZText(10_000),
  notes: ZText(10_000),
};

export const ZExerciseCreate = z.strictObject({
  ...fields,
  status: fields.status.default('planned'),
  departments: fields.departments.default([]),
  timeline: fields.timeline.default([]),
});
export type ExerciseCreateBody = z.input<typeof ZExerciseCreate>;

/** PATCH: the fields given replace those of the exercise; expectedVersion is the version as the editor saw it. */
export const ZExerciseUpdate = z.strictObject({
  kind: fields.kind.optional(),
  title: fields.title.optional(),
  scenario: fields.scenario.optional(),
  status: fields.status.optional(),
  heldOn: fields.heldOn.optional(),
  durationMinutes: fields.durationMinutes,
  departments: fields.departments.optional(),
  participants: fields.participants,
  timeline: fields.timeline.optional(),
  wentWell: fields.wentWell,
  findings: fields.findings,
  notes: fields.notes,
  expectedVersion: z.number().int().min(1),
});
export type ExerciseUpdateBody = z.infer<typeof ZExerciseUpdate>;

/** DELETE body (optional): the version as seen. */
export const ZExerciseDelete = z.strictObject({ expectedVersion: z.number().int().min(1).optional() }).nullish();

export const ZExerciseListQuery = ZPageQuery.extend({
  /** Gregorian start year of the fiscal year (2026 = 令和8年度). */
  fiscalYear: z.coerce.number().int().min(2000).max(2100).optional(),
  kind: z.enum(EXERCISE_KINDS).optional(),
  status: z.enum(EXERCISE_STATUSES).optional(),
});
export type ExerciseListQueryInput = z.infer<typeof ZExerciseListQuery>;

export const ZExerciseActionCreate = z.strictObject({
  title: z.string().trim().min(1).max(300),
  ownerUserId: ZId.nullable().optional(),
  dueOn: ZDateOnly.nullable().optional(),
});
export type ExerciseActionCreateBody = z.infer<typeof ZExerciseActionCreate>;

export const ZExerciseAction = z.object({
  id: ZId,
  title: z.string(),
  status: z.enum(ACTION_STATUSES),
  dueOn: ZDateOnly.nullable(),
  overdue: z.boolean(),
  owner: z.object({ id: ZId, name: z.string() }).nullable(),
});

export const ZExercise = z.object({
  id: ZId,
  facilityId: ZId,
  kind: z.enum(EXERCISE_KINDS),
  title: z.string(),
  scenario: z.string(),
  status: z.enum(EXERCISE_STATUSES),
  heldOn: ZDateOnly,
  /** The fiscal year heldOn falls in. */
  fiscalYear: z.number().int(),
  durationMinutes: z.number().int().nullable(),
  departments: z.array(z.string()),
  participants: z.number().int().nullable(),
  timeline: z.array(z.object({ at: z.string(), text: z.string() })),
  wentWell: z.string().nullable(),
  findings: z.string().nullable(),
  notes: z.string().nullable(),
  /** Open (open / in_progress) follow-up actions. */
  openActions: z.number().int(),
  version: z.number().int(),
  createdAt: ZIsoDateTime,
  updatedAt: ZIsoDateTime,
});
export type ExerciseDto = z.infer<typeof ZExercise>;

/** GET /exercises/:id: the exercise and its follow-up actions. */
export const ZExerciseDetail = ZExercise.extend({ actions: z.array(ZExerciseAction) });
export type ExerciseDetailDto = z.infer<typeof ZExerciseDetail>;

export const ZExercisePage = ZPage(ZExercise);
export type ExercisePageDto = z.infer<typeof ZExercisePage>;

export const ZExerciseRequirementQuery = z.strictObject({ fiscalYear: z.coerce.number().int().min(2000).max(2100).optional() });

/** GET /facilities/:facilityId/exercises/requirement?fiscalYear= (default: the current fiscal year, JST). */
export const ZExerciseRequirement = z.object({
  fiscalYear: z.number().int(),
  done: z.number().int(),
  planned: z.number().int(),
  met: z.boolean(),
  lastHeldOn: ZDateOnly.nullable(),
  /** The fiscal year is over. */
  past: z.boolean(),
  sentence: z.object({ ja: z.string(), en: z.string() }),
});
export type ExerciseRequirementDto = z.infer<typeof ZExerciseRequirement>;
