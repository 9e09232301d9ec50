import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/client.ts';
import type { ContactEntryDto } from '../../../../shared/contracts/contacts.contract.ts';
import type { ReportDto } from '../../../../shared/contracts/incident-reports.contract.ts';
import {
  emptyReportDraft,
  firstContacts,
  isInFuture,
  issueReportField,
  jstLocalInput,
  occurredAtFor,
  ownReports,
  photoProblem,
  publicReportBody,
  reportBody,
  reportDraftErrors,
  reportHeadline,
  reportStatusView,
  retryMinutes,
} from './reports.ts';

// 2026-04-01 01:30 UTC = 10:30 JST; 2026-03-31 16:30 UTC = 01:30 JST on 1 April.
const NOW = new Date('2026-04-01T01:30:00.000Z');
const JUST_AFTER_JST_MIDNIGHT = new Date('2026-03-31T16:30:00.000Z');

describe('when it happened', () => {
  it('sends each quick choice as the earliest moment of its window, with an offset', () => {
    expect(occurredAtFor('now', '', NOW)).toBe('2026-04-01T01:30:00.000Z');
    expect(occurredAtFor('hour', '', NOW)).toBe('2026-04-01T00:30:00.000Z');
    expect(occurredAtFor('today', '', NOW)).toBe('2026-04-01T00:00:00+09:00');
    // Today is the JST calendar day, not the UTC one.
    expect(occurredAtFor('today', '', JUST_AFTER_JST_MIDNIGHT)).toBe('2026-04-01T00:00:00+09:00');
  });

  it('reads a picked time as JST and refuses what cannot be read', () => {
    expect(occurredAtFor('custom', '2026-03-31T23:15', NOW)).toBe('2026-03-31T23:15:00+09:00');
    expect(Date.parse(occurredAtFor('custom', '2026-03-31T23:15', NOW)!)).toBe(Date.parse('2026-03-31T14:15:00Z'));
    expect(occurredAtFor('custom', '', NOW)).toBeNull();
    expect(occurredAtFor('custom', '2026-13-40T99:99', NOW)).toBeNull();
  });

  it('gives the datetime-local value in JST (the input max and default)', () => {
    expect(jstLocalInput(NOW)).toBe('2026-04-01T10:30');
    expect(jstLocalInput(JUST_AFTER_JST_MIDNIGHT)).toBe('2026-04-01T01:30');
    expect(jstLocalInput(new Date('2026-03-31T15:00:00Z'))).toBe('2026-04-01T00:00');
  });

  it('allows five minutes of clock skew before a time counts as future', () => {
    expect(isInFuture('2026-04-01T10:34:00+09:00', NOW)).toBe(false);
    expect(isInFuture('2026-04-01T10:36:00+09:00', NOW)).toBe(true);
  });
});

describe('the form', () => {
  it('requires only what happened', () => {
    expect(reportDraftErrors(emptyReportDraft(), NOW)).toEqual({ what: 'whatRequired' });
    expect(reportDraftErrors({ ...emptyReportDraft(), what: '  画面に脅迫文が出た ' }, NOW)).toEqual({});
  });

  it('checks lengths and a picked time', () => {
    const d = { ...emptyReportDraft(), what: 'x'.repeat(2001), where: 'y'.repeat(301), name: 'n'.repeat(101), contact: 'c'.repeat(101) };
    expect(reportDraftErrors(d, NOW)).toEqual({ what: 'whatTooLong', where: 'whereTooLong', name: 'nameTooLong', contact: 'contactTooLong' });
    const custom = { ...emptyReportDraft(), what: 'x', when: 'custom' as const };
    expect(reportDraftErrors({ ...custom, customWhen: '' }, NOW)).toEqual({ customWhen: 'whenInvalid' });
    expect(reportDraftErrors({ ...custom, customWhen: '2026-04-01T12:00' }, NOW)).toEqual({ customWhen: 'whenFuture' });
    expect(reportDraftErrors({ ...custom, customWhen: '2026-04-01T09:00' }, NOW)).toEqual({});
  });

  it('builds the bodies: empty text is null, the asset only when offered, name and extension only on the poster page', () => {
    const d = { ...emptyReportDraft(), what: ' ファイルが開けない ', where: ' ', assetId: 'a1', name: ' 港 花子 ', contact: '' };
    expect(reportBody(d, NOW, null, true)).toEqual({ what: 'ファイルが開けない', where: null, assetId: 'a1', occurredAt: '2026-04-01T01:30:00.000Z', photo: null });
    expect(reportBody(d, NOW, null, false).assetId).toBeNull();
    const photo = { fileName: 'screen.png', data: 'data:image/png;base64,AAAA' };
    expect(publicReportBody(d, NOW, photo)).toEqual({ what: 'ファイルが開けない', where: null, occurredAt: '2026-04-01T01:30:00.000Z', photo, name: '港 花子', contact: null });
    expect('assetId' in publicReportBody(d, NOW, null)).toBe(false);
  });

  it('puts server issues under the form fields', () => {
    expect(issueReportField('body.what')).toBe('what');
    expect(issueReportField('occurredAt')).toBe('customWhen');
    expect(issueReportField('body.photo')).toBe('photo');
    expect(issueReportField('assetId')).toBe('assetId');
    expect(issueReportField('token')).toBeNull();
  });
});

describe('photos', () => {
  it('takes phone photos up to 10 MB', () => {
    expect(photoProblem({ size: 2_000_000, type: 'image/jpeg', name: 'IMG_0001.jpg' })).toBeNull();
    expect(photoProblem({ size: 2_000_000, type: 'image/heic', name: 'IMG_0001.HEIC' })).toBeNull();
    expect(photoProblem({ size: 2_000_000, type: '', name: 'IMG_0001.HEIC' })).toBeNull();
    expect(photoProblem({ size: 10 * 1024 * 1024, type: 'image/png', name: 'a.png' })).toBeNull();
    expect(photoProblem({ size: 10 * 1024 * 1024 + 1, type: 'image/png', name: 'a.png' })).toBe('too_large');
    expect(photoProblem({ size: 0, type: 'image/png', name: 'a.png' })).toBe('empty');
    expect(photoProblem({ size: 100, type: 'application/pdf', name: 'a.pdf' })).toBe('unsupported_type');
    expect(photoProblem({ size: 100, type: 'image/gif', name: 'a.gif' })).toBe('unsupported_type');
  });
});

describe('after sending', () => {
  const entry = (id: string, position: number, more: Partial<ContactEntryDto> = {}): ContactEntryDto =>
    ({ id, position, side: 'internal', kind: 'it', roleLabel: `role-${id}`, name: `name-${id}`, organization: null, phone: null, phoneAlt: null, deputyForId: null, availability: null, ...more }) as ContactEntryDto;

  it('lists the first three people of the call chain (deputies stay under their principal) with tel: links', () => {
    const chart = {
      internal: [
        entry('d', 4, { phone: '090-0000-0004' }),
        entry('a', 1, { phone: '090-0000-0001', availability: '24h' }),
        entry('dep', 2, { phone: '090-9', deputyForId: 'a' }),
        entry('b', 3, { phoneAlt: '045-012-2101' }),
        entry('c', 5),
      ],
    };
    const out = firstContacts(chart);
    expect(out.map((c) => c.id)).toEqual(['a', 'b', 'd']);
    expect(out[0]).toMatchObject({ name: 'name-a', role: 'role-a', phone: '090-0000-0001', tel: 'tel:09000000001', availability: '24h' });
    expect(out[1]).toMatchObject({ phone: '045-012-2101', tel: 'tel:0450122101' });
    expect(firstContacts({ internal: [entry('x', 1)] })[0]).toMatchObject({ phone: null, tel: null });
    expect(firstContacts(undefined)).toEqual([]);
  });

  it('words the wait after a rate limit in minutes', () => {
    expect(retryMinutes(new ApiError(429, 'RATE_LIMITED', '', [], { retryAfterSeconds: 61 }))).toBe(2);
    expect(retryMinutes(new ApiError(429, 'RATE_LIMITED', '', [], { retryAfterSeconds: 5 }))).toBe(1);
    expect(retryMinutes(new ApiError(429, 'RATE_LIMITED', ''))).toBe(60);
  });
});

describe('my reports', () => {
  const report = (id: string, status: ReportDto['status'], reporterId: string | null): ReportDto =>
    ({ id, status, what: 'x', reporter: reporterId ? { id: reporterId, name: 'n' } : null }) as ReportDto;

  it('says the status in three words, never by colour alone', () => {
    expect(reportStatusView('new')).toEqual({ tone: 'info', key: 'received' });
    expect(reportStatusView('opened').key).toBe('inProgress');
    expect(reportStatusView('merged').key).toBe('inProgress');
    expect(reportStatusView('dismissed')).toEqual({ tone: 'neutral', key: 'noAction' });
  });

  it('keeps only the caller own reports when the list is the whole facility', () => {
    const items = [report('1', 'new', 'me'), report('2', 'new', 'other'), report('3', 'dismissed', null)];
    expect(ownReports({ items, scope: 'all' }, 'me').map((r) => r.id)).toEqual(['1']);
    expect(ownReports({ items, scope: 'own' }, 'me')).toHaveLength(3);
  });

  it('shows the first line, shortened', () => {
    expect(reportHeadline('  first line\nsecond')).toBe('first line');
    expect(reportHeadline('a'.repeat(100), 10)).toBe(`${'a'.repeat(9)}…`);
  });
});
