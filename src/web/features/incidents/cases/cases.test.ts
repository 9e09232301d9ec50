import { describe, expect, it } from 'vitest';
import {
  NO_FACTS_DRAFT,
  caseApiQuery,
  caseDraftErrors,
  caseDraftToCreate,
  caseDraftToOpen,
  caseFiltered,
  caseFiltersFromParams,
  clockUrgency,
  countdown,
  defaultSeverity,
  emptyCaseDraft,
  factsToInput,
  fromPosterLink,
  inboxKey,
  inboxStatusFromParams,
  jstInputToIso,
  moveSelection,
  titleFromReport,
  withCategory,
} from './cases.ts';

const NOW = new Date('2026-05-10T03:00:00Z'); // 12:00 JST

describe('case list filters in the URL', () => {
  it('defaults to open cases, page 1, and ignores unknown values', () => {
    const f = caseFiltersFromParams(new URLSearchParams('status=bogus&phase=nope&category=ransomware&severity=critical&page=-3&q=INC-2026'));
    expect(f).toEqual({ q: 'INC-2026', status: 'open', phase: '', category: 'ransomware', severity: 'critical', page: 1 });
    expect(caseFiltered(f)).toBe(true);
    expect(caseFiltered(caseFiltersFromParams(new URLSearchParams('')))).toBe(false);
    expect(caseFiltered(caseFiltersFromParams(new URLSearchParams('status=all')))).toBe(true);
  });

  it('sends only the filters that are set', () => {
    const q = caseApiQuery(caseFiltersFromParams(new URLSearchParams('status=closed&phase=recovery&page=2')));
    expect(q).toEqual({ status: 'closed', phase: 'recovery', category: undefined, severity: undefined, q: undefined, page: 2, pageSize: 50 });
  });

  it('the inbox shows new reports unless another status is asked for', () => {
    expect(inboxStatusFromParams(new URLSearchParams(''))).toBe('new');
    expect(inboxStatusFromParams(new URLSearchParams('status=dismissed'))).toBe('dismissed');
    expect(inboxStatusFromParams(new URLSearchParams('status=all'))).toBe('all');
    expect(inboxStatusFromParams(new URLSearchParams('status=x'))).toBe('new');
  });
});

describe('the case form', () => {
  it('severity follows the category until the user chooses one', () => {
    expect(defaultSeverity('ransomware')).toBe('critical');
    expect(defaultSeverity('misdirected_mail')).toBe('medium');
    let d = emptyCaseDraft('2026-05-10T11:30');
    expect(d.tlp).toBe('amber');
    d = withCategory(d, 'ransomware');
    expect(d.severity).toBe('critical');
    d = withCategory({ ...d, severity: 'low', severityTouched: true }, 'malware');
    expect(d.severity).toBe('low');
  });

  it('reads the discovery time as JST', () => {
    expect(jstInputToIso('2026-05-10T09:05')).toBe('2026-05-10T09:05:00+09:00');
    expect(jstInputToIso('2026-05-10')).toBeNull();
    expect(jstInputToIso('')).toBeNull();
  });

  it('finds what is missing or wrong', () => {
    const d = emptyCaseDraft('');
    expect(caseDraftErrors(d, NOW)).toEqual({ title: 'titleRequired', category: 'categoryRequired', discoveredAt: 'discoveredRequired' });
    const future = { ...withCategory(emptyCaseDraft('2026-05-10T12:30'), 'ddos'), title: 'x' };
    expect(caseDraftErrors(future, NOW)).toEqual({ discoveredAt: 'discoveredFuture' });
    const facts = { ...future, discoveredAt: '2026-05-10T12:00', facts: { ...NO_FACTS_DRAFT, affectedCount: '12a', insured: true, insurerHours: '' } };
    expect(caseDraftErrors(facts, NOW)).toEqual({ affectedCount: 'countInvalid', insurerHours: 'hoursInvalid' });
  });

  it('turns the answers into the facts and bodies the API takes', () => {
    expect(factsToInput({ ...NO_FACTS_DRAFT, personalData: true, affectedCount: ' 1200 ', insured: true, insurerHours: '72' })).toEqual({
      personalData: true,
      affectedCount: 1200,
      unauthorizedAccess: false,
      careDisrupted: false,
      crimeSuspected: false,
      insured: { reportWithinHours: 72 },
    });
    expect(factsToInput(NO_FACTS_DRAFT)).toMatchObject({ affectedCount: null, insured: null });
    const d = { ...withCategory(emptyCaseDraft('2026-05-10T08:00'), 'ransomware'), title: '  Ransom note  ' };
    const body = caseDraftToCreate(d);
    expect(body).toMatchObject({ title: 'Ransom note', category: 'ransomware', severity: 'critical', tlp: 'amber', discoveredAt: '2026-05-10T08:00:00+09:00' });
    expect(caseDraftToOpen(d)).toEqual(body);
  });

  it('takes a title from the first line of a report', () => {
    expect(titleFromReport('\n  Screen shows a ransom note \nsecond line')).toBe('Screen shows a ransom note');
    const long = 'x'.repeat(100);
    expect(titleFromReport(long)).toHaveLength(80);
    expect(titleFromReport(long).endsWith('…')).toBe(true);
  });
});

describe('deadlines', () => {
  const now = Date.parse('2026-05-10T03:00:00Z');
  it('counts the time left and the time past', () => {
    expect(countdown('2026-05-12T06:00:00Z', now)).toEqual({ overdue: false, days: 2, hours: 3, minutes: 0 });
    expect(countdown('2026-05-10T03:00:30Z', now)).toEqual({ overdue: false, days: 0, hours: 0, minutes: 1 });
    expect(countdown('2026-05-09T22:00:00Z', now)).toEqual({ overdue: true, days: 0, hours: 5, minutes: 0 });
  });

  it('says how urgent a deadline is', () => {
    const status = (state: 'running' | 'overdue', fraction = 0.1) => ({ state, fraction, thresholdsCrossed: [], late: false, pastOuterBound: false });
    expect(clockUrgency({ dueAt: '2026-05-09T00:00:00Z', status: status('running') }, now)).toBe('overdue');
    expect(clockUrgency({ dueAt: '2026-05-20T00:00:00Z', status: status('overdue') }, now)).toBe('overdue');
    expect(clockUrgency({ dueAt: '2026-05-10T20:00:00Z', status: status('running') }, now)).toBe('soon');
    expect(clockUrgency({ dueAt: '2026-05-20T00:00:00Z', status: status('running', 0.85) }, now)).toBe('soon');
    expect(clockUrgency({ dueAt: '2026-05-20T00:00:00Z', status: status('running') }, now)).toBe('running');
    expect(clockUrgency({ dueAt: null, status: status('running') }, now)).toBe('open');
  });
});

describe('the inbox keyboard', () => {
  const k = (key: string, mod: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => inboxKey({ key, ctrlKey: false, metaKey: false, altKey: false, ...mod });
  it('maps j/k/o/m/d and ignores modified keys', () => {
    expect([k('j'), k('k'), k('o'), k('m'), k('d'), k('x')]).toEqual(['next', 'previous', 'open', 'merge', 'dismiss', null]);
    expect(k('d', { ctrlKey: true })).toBeNull();
    expect(k('j', { metaKey: true })).toBeNull();
  });

  it('keeps the selection within the list', () => {
    expect(moveSelection(-1, 3, 1)).toBe(0);
    expect(moveSelection(-1, 3, -1)).toBe(2);
    expect(moveSelection(2, 3, 1)).toBe(2);
    expect(moveSelection(0, 3, -1)).toBe(0);
    expect(moveSelection(0, 0, 1)).toBe(-1);
  });

  it('knows a report from the poster link', () => {
    expect(fromPosterLink({ channel: 'link', reporter: null })).toBe(true);
    expect(fromPosterLink({ channel: 'app', reporter: { id: 'u', name: 'A' } })).toBe(false);
  });
});
