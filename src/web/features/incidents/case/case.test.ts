import { describe, expect, it } from 'vitest';
import { clockState, countdown, draftEdits, localInputValue, localToIso, normaliseSha256, phaseState, progressPercent, sortClocks, sortTimeline, summaryChanges, tabFrom, timeZoneOptions } from './case.ts';

const status = (state: 'running' | 'filed' | 'overdue', fraction = 0, late = false) => ({ state, fraction, thresholdsCrossed: [], late, pastOuterBound: false });

describe('case page helpers', () => {
  it('reads the tab from the URL, the overview when missing or unknown', () => {
    expect(tabFrom('clocks')).toBe('clocks');
    expect(tabFrom('review')).toBe('review');
    expect(tabFrom(null)).toBe('overview');
    expect(tabFrom('nonsense')).toBe('overview');
  });

  it('places each phase against the current one', () => {
    expect(phaseState('detection', 'investigation')).toBe('done');
    expect(phaseState('investigation', 'investigation')).toBe('current');
    expect(phaseState('recovery', 'investigation')).toBe('upcoming');
  });

  it('counts down in days, hours and minutes, and past the due time', () => {
    const now = Date.parse('2026-05-01T00:00:00Z');
    expect(countdown('2026-05-03T03:30:00Z', now)).toEqual({ overdue: false, days: 2, hours: 3, minutes: 30 });
    expect(countdown('2026-04-30T22:59:00Z', now)).toEqual({ overdue: true, days: 0, hours: 1, minutes: 1 });
    expect(countdown(null, now)).toBeNull();
  });

  it('turns the elapsed share into a bounded percentage', () => {
    expect(progressPercent(0.5)).toBe(50);
    expect(progressPercent(1.7)).toBe(100);
    expect(progressPercent(-1)).toBe(0);
    expect(progressPercent(Number.NaN)).toBe(0);
  });

  it('gives each clock a state with a tone (filed on time / late, overdue, 50 % and 80 % marks)', () => {
    const due = '2026-05-05T14:59:59.999Z';
    expect(clockState({ dueAt: due, status: status('filed', 0.4) })).toEqual({ key: 'filedOnTime', tone: 'ok' });
    expect(clockState({ dueAt: due, status: status('filed', 1, true) })).toEqual({ key: 'filedLate', tone: 'warn' });
    expect(clockState({ dueAt: due, status: status('overdue', 1) })).toEqual({ key: 'overdue', tone: 'danger' });
    expect(clockState({ dueAt: due, status: status('running', 0.85) }).key).toBe('running80');
    expect(clockState({ dueAt: due, status: status('running', 0.55) }).key).toBe('running50');
    expect(clockState({ dueAt: due, status: status('running', 0.1) }).key).toBe('running');
    expect(clockState({ dueAt: null, status: status('running', 0) }).key).toBe('noDue');
  });

  it('orders clocks: running by due time, then those without a time, then the filed ones', () => {
    const c = (ruleId: string, dueAt: string | null, state: 'running' | 'filed' | 'overdue') => ({ ruleId, dueAt, status: status(state) });
    const sorted = sortClocks([c('a', '2026-06-01T00:00:00Z', 'filed'), c('b', null, 'running'), c('c', '2026-06-30T00:00:00Z', 'running'), c('d', '2026-05-05T00:00:00Z', 'overdue')]);
    expect(sorted.map((x) => x.ruleId)).toEqual(['d', 'c', 'b', 'a']);
  });

  it('reads a datetime-local value in a zone and writes one back', () => {
    expect(localToIso('2026-05-01T09:30', 'Asia/Tokyo')).toBe('2026-05-01T00:30:00.000Z');
    expect(localToIso('2026-05-01T09:30', 'UTC')).toBe('2026-05-01T09:30:00.000Z');
    expect(localToIso('2026-05-01', 'Asia/Tokyo')).toBeNull();
    expect(localToIso('2026-05-01T09:30', 'Nowhere/City')).toBeNull();
    expect(localInputValue(Date.parse('2026-04-30T15:05:00Z'), 'Asia/Tokyo')).toBe('2026-05-01T00:05');
    expect(localInputValue(Date.parse('2026-04-30T15:05:00Z'), 'UTC')).toBe('2026-04-30T15:05');
  });

  it('offers the common zones first, each once', () => {
    expect(timeZoneOptions(['Europe/Paris', 'UTC', 'Asia/Tokyo']).slice(0, 2)).toEqual(['Asia/Tokyo', 'UTC']);
    const all = timeZoneOptions(['Europe/Paris', 'UTC']);
    expect(all.filter((z) => z === 'UTC')).toHaveLength(1);
    expect(all).toContain('Europe/Paris');
  });

  it('sorts the timeline oldest or newest first', () => {
    const e = (id: string, occurredAt: string, createdAt = occurredAt) => ({ id, occurredAt, createdAt });
    const items = [e('b', '2026-05-01T02:00:00Z'), e('a', '2026-05-01T01:00:00Z'), e('c', '2026-05-01T02:00:00Z', '2026-05-01T03:00:00Z')];
    expect(sortTimeline(items, false).map((x) => x.id)).toEqual(['a', 'b', 'c']);
    expect(sortTimeline(items, true).map((x) => x.id)).toEqual(['c', 'b', 'a']);
  });

  it('sends only the 5W1H fields that changed', () => {
    const saved = { who: '', what: 'x', when: '', where: '', why: '', how: '' };
    expect(summaryChanges(saved, { ...saved, who: 'IT', what: 'x' })).toEqual({ who: 'IT' });
    expect(summaryChanges(saved, saved)).toEqual({});
  });

  it('saves a draft field as an edit only when it differs from the pre-filled text', () => {
    const fields = [
      { key: 'overview', prefilled: 'auto' },
      { key: 'cause', prefilled: 'unknown' },
    ];
    expect(draftEdits(fields, { overview: 'auto', cause: 'VPN' })).toEqual({ overview: null, cause: 'VPN' });
    expect(draftEdits(fields, {})).toEqual({ overview: null, cause: null });
  });

  it('normalises a pasted SHA-256', () => {
    const h = 'AB'.repeat(32);
    expect(normaliseSha256(` ${h.slice(0, 10)} ${h.slice(10)} `)).toBe('ab'.repeat(32));
    expect(normaliseSha256('abc')).toBeNull();
  });
});
