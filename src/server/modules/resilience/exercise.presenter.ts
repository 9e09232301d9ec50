import type { ExerciseDetailDto, ExerciseDto, ExercisePageDto, ExerciseRequirementDto } from '../../../shared/contracts/resilience-exercises.contract.ts';
import type { ExerciseRequirement } from '../../../shared/resilience/exercises.ts';
import type { Exercise, ExerciseDetail, ExercisePage } from './exercise.service.ts';

/** 訓練 (exercises): service views → API DTOs (explicit field lists). */

export function presentExercise(e: Exercise): ExerciseDto {
  return {
    id: e.id,
    facilityId: e.facilityId,
    kind: e.kind,
    title: e.title,
    scenario: e.scenario,
    status: e.status,
    heldOn: e.heldOn,
    fiscalYear: e.fiscalYear,
    durationMinutes: e.durationMinutes,
    departments: e.departments,
    participants: e.participants,
    timeline: e.timeline.map((t) => ({ at: t.at, text: t.text })),
    wentWell: e.wentWell,
    findings: e.findings,
    notes: e.notes,
    openActions: e.openActions,
    version: e.version,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

export function presentExerciseDetail(e: ExerciseDetail): ExerciseDetailDto {
  return { ...presentExercise(e), actions: e.actions.map((a) => ({ id: a.id, title: a.title, status: a.status, dueOn: a.dueOn, overdue: a.overdue, owner: a.owner })) };
}

export function presentExercisePage(p: ExercisePage): ExercisePageDto {
  return { items: p.items.map(presentExercise), total: p.total, page: p.page, pageSize: p.pageSize };
}

export function presentExerciseRequirement(r: ExerciseRequirement): ExerciseRequirementDto {
  return { fiscalYear: r.fiscalYear, done: r.done, planned: r.planned, met: r.met, lastHeldOn: r.lastHeldOn, past: r.past, sentence: r.sentence };
}
