import { describe, expect, it } from 'vitest';
import { drillFiltersFromParams, drillPreview, hoursText, jstInputToUtc, positiveOrNull, recordDraftErrors, stepsByWave, targetState, utcToJstInput, EMPTY_RECORD_DRAFT } from './drills.ts';
import { emptyExerciseDraft, exerciseBody, exerciseDraftErrors, yearFromParams, yearOptions } from './exercises.ts';

const NOW = new Date('2026-05-10T03:00:00Z'); // 12:00 JST

describe('drill helpers', () => {
  it('reads datetime-local values as JST and back', () => {
    expect(jstInputToUtc('2026-05-10T09:05')).toBe('2026-05-10T00:05:00.000Z');
    expect(jstInputToUtc('2026-05-10')).toBeNull();
    expect(utcToJstInput('2026-05-09T15:30:00Z')).toBe('2026-05-10T00:30');
    expect(utcToJstInput(null)).toBe('');
  });

  it('previews RTO/RPO and the result before saving', () => {
    const draft = { ...EMPTY_RECORD_DRAFT, startedAt: '2026-05-09T09:00', finishedAt: '2026-05-09T16:30', dataAsOf: '2026-05-09T02:00', restored: 'full' as const };
    const p = drillPreview(draft, { rtoHours: 4, rpoHours: 24 }, NOW);
    expect(p.metrics).toEqual({ rtoAchievedHours: 7.5, rpoAchievedHours: 7 });
    expect(p.outcome?.result).toBe('failed');
    expect(p.outcome?.reasons).toEqual([{ code: 'rto_missed', params: { targetHours: 4, achievedHours: 7.5 } }]);
    expect(drillPreview({ ...draft, restored: '' }, { rtoHours: 4, rpoHours: 24 }, NOW).outcome).toBeNull();
    expect(drillPreview({ ...draft, finishedAt: '' }, { rtoHours: 4, rpoHours: 24 }, NOW).metrics).toBeNull();
    expect(drillPreview({ ...draft, finishedAt: '2026-05-09T10:00' }, { rtoHours: 4, rpoHours: 24 }, NOW).outcome?.result).toBe('passed');
  });

  it('flags inconsistent times as field errors', () => {
    const draft = { ...EMPTY_RECORD_DRAFT, startedAt: '2026-05-09T09:00', finishedAt: '2026-05-09T08:00', dataAsOf: '2026-05-09T10:00', restored: 'full' as const };
    const errors = recordDraftErrors(draft, drillPreview(draft, { rtoHours: null, rpoHours: null }, NOW));
    expect(errors).toEqual({ finishedAt: 'finished_before_started', dataAsOf: 'data_after_start' });
    expect(recordDraftErrors(EMPTY_RECORD_DRAFT, drillPreview(EMPTY_RECORD_DRAFT, { rtoHours: null, rpoHours: null }, NOW))).toEqual({
      startedAt: 'required',
      finishedAt: 'required',
      dataAsOf: 'required',
      restored: 'required',
    });
    const future = { ...draft, finishedAt: '2026-05-10T13:00', dataAsOf: '2026-05-09T08:00' };
    expect(recordDraftErrors(future, drillPreview(future, { rtoHours: null, rpoHours: null }, NOW))).toEqual({ finishedAt: 'in_the_future' });
  });

  it('compares achieved with target and words hours', () => {
    expect(targetState(7.5, 4)).toBe('missed');
    expect(targetState(4, 4)).toBe('met');
    expect(targetState(4, null)).toBe('none');
    expect(hoursText(7.5)).toBe('7.5');
    expect(hoursText(4)).toBe('4');
    expect(hoursText(1 / 3)).toBe('0.33');
  });

  it('groups the order by wave, keeping positions', () => {
    const groups = stepsByWave([
      { position: 3, wave: 2 },
      { position: 1, wave: 1 },
      { position: 2, wave: 1 },
    ]);
    expect(groups).toEqual([
      { wave: 1, steps: [{ position: 1, wave: 1 }, { position: 2, wave: 1 }] },
      { wave: 2, steps: [{ position: 3, wave: 2 }] },
    ]);
  });

  it('reads the list filters from the URL, ignoring unknown values', () => {
    expect(drillFiltersFromParams(new URLSearchParams('status=overdue&page=3'))).toEqual({ q: '', status: 'overdue', page: 3 });
    expect(drillFiltersFromParams(new URLSearchParams('status=bogus&page=-1'))).toEqual({ q: '', status: '', page: 1 });
  });

  it('reads optional positive numbers', () => {
    expect(positiveOrNull('')).toBeNull();
    expect(positiveOrNull(4)).toBe(4);
    expect(positiveOrNull(0)).toBeUndefined();
    expect(positiveOrNull(-2)).toBeUndefined();
  });
});

describe('exercise helpers', () => {
  it('validates a draft: required fields, times of the timeline, a done exercise in the future', () => {
    const d = { ...emptyExerciseDraft('2026-05-10'), timeline: [{ at: '9:00', text: 'x' }, { at: '', text: '' }, { at: '10:00', text: '' }] };
    expect(exerciseDraftErrors(d, '2026-05-10')).toEqual({ title: 'required', scenario: 'required', 'timeline.0.at': 'invalid_time', 'timeline.2.text': 'required' });
    const done = { ...emptyExerciseDraft('2026-06-01'), title: 'a', scenario: 'b', status: 'done' as const };
    expect(exerciseDraftErrors(done, '2026-05-10')).toEqual({ heldOn: 'done_in_future' });
  });

  it('builds the body: trimmed, blank rows dropped, rows by time, departments once', () => {
    const body = exerciseBody({
      ...emptyExerciseDraft('2026-05-10'),
      title: ' 机上訓練 ',
      scenario: ' s ',
      departments: ['外来', ' 外来', '病棟'],
      durationMinutes: 90,
      timeline: [{ at: '10:00', text: 'b' }, { at: '', text: ' ' }, { at: '09:00', text: 'a' }],
    });
    expect(body).toMatchObject({ title: '机上訓練', scenario: 's', departments: ['外来', '病棟'], durationMinutes: 90, participants: null, timeline: [{ at: '09:00', text: 'a' }, { at: '10:00', text: 'b' }] });
  });

  it('picks the fiscal year from the URL and offers a range of years', () => {
    expect(yearFromParams(new URLSearchParams('year=2024'), 2026)).toBe(2024);
    expect(yearFromParams(new URLSearchParams('year=abc'), 2026)).toBe(2026);
    expect(yearOptions(2026, 2015)).toEqual([2027, 2026, 2025, 2024, 2023, 2022, 2021, 2015]);
  });
});
