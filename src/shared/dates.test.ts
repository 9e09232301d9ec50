import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fiscalYearOf, formatDate, formatDateTime, formatFiscalYear, formatRelative, jstDateKey } from './dates.ts';

const JST_OFFSET_MS = 9 * 3_600_000;
const WEEKDAYS_JA = ['日', '月', '火', '水', '木', '金', '土'];
const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** en-GB abbreviates September as "Sept" in recent ICU data and "Sep" in older; both are fine. */
const sameMonths = (s: string) => s.replace(' Sept ', ' Sep ');

/** The JST wall clock of a moment, computed by hand (Japan has had no daylight saving time since 1951). */
function jst(d: Date) {
  const s = new Date(d.getTime() + JST_OFFSET_MS);
  return { y: s.getUTCFullYear(), m: s.getUTCMonth() + 1, day: s.getUTCDate(), wd: s.getUTCDay(), h: s.getUTCHours(), min: s.getUTCMinutes() };
}
const pad = (n: number) => String(n).padStart(2, '0');

// Moments from 2000 to 2100 (whole milliseconds, no invalid dates).
const moment = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-12-31T23:59:59Z'), noInvalidDate: true });

describe('formatDateTime / formatDate (always JST)', () => {
  it('shows a UTC instant in Japanese time', () => {
    expect(formatDateTime('2026-03-31T15:00:00Z')).toBe('2026年4月1日(水) 00:00');
    expect(formatDate('2026-03-31T15:00:00Z')).toBe('2026年4月1日(水)');
    expect(formatDateTime('2026-04-01T01:00:00Z')).toBe('2026年4月1日(水) 10:00');
    expect(formatDateTime('2026-03-31T14:59:00Z')).toBe('2026年3月31日(火) 23:59');
    expect(formatDateTime(new Date('2026-12-31T15:30:00Z'))).toBe('2027年1月1日(金) 00:30');
  });

  it('has an English form, also in JST', () => {
    expect(formatDateTime('2026-03-31T15:00:00Z', 'en')).toBe('Wed 1 Apr 2026 00:00 JST');
    expect(formatDate('2026-03-31T15:00:00Z', 'en')).toBe('Wed 1 Apr 2026');
  });

  it('returns an empty string for an invalid date', () => {
    expect(formatDateTime('not a date')).toBe('');
    expect(formatDate('')).toBe('');
    expect(formatDateTime(new Date(Number.NaN), 'en')).toBe('');
  });

  it('matches the hand-computed JST wall clock for any moment (never 24:xx)', () => {
    fc.assert(
      fc.property(moment, (d) => {
        const t = jst(d);
        expect(formatDateTime(d)).toBe(`${t.y}年${t.m}月${t.day}日(${WEEKDAYS_JA[t.wd]}) ${pad(t.h)}:${pad(t.min)}`);
        expect(formatDate(d.toISOString())).toBe(`${t.y}年${t.m}月${t.day}日(${WEEKDAYS_JA[t.wd]})`);
        expect(sameMonths(formatDateTime(d, 'en'))).toBe(`${WEEKDAYS_EN[t.wd]} ${t.day} ${MONTHS_EN[t.m - 1]} ${t.y} ${pad(t.h)}:${pad(t.min)} JST`);
        expect(sameMonths(formatDate(d, 'en'))).toBe(`${WEEKDAYS_EN[t.wd]} ${t.day} ${MONTHS_EN[t.m - 1]} ${t.y}`);
      }),
    );
  });

  it('does not depend on the process time zone', () => {
    // The formatters carry their own time zone; a moment just after JST midnight stays on the JST day.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 59 }), (minute) => {
        const d = new Date(Date.UTC(2026, 2, 31, 15, minute));
        expect(jstDateKey(d)).toBe('2026-04-01');
        expect(formatDateTime(d)).toBe(`2026年4月1日(水) 00:${pad(minute)}`);
      }),
    );
  });
});

describe('jstDateKey', () => {
  it('is the JST calendar date as YYYY-MM-DD', () => {
    expect(jstDateKey(new Date('2026-03-31T14:59:59.999Z'))).toBe('2026-03-31');
    expect(jstDateKey(new Date('2026-03-31T15:00:00Z'))).toBe('2026-04-01');
    fc.assert(
      fc.property(moment, (d) => {
        const t = jst(d);
        expect(jstDateKey(d)).toBe(`${t.y}-${pad(t.m)}-${pad(t.day)}`);
      }),
    );
  });
});

describe('fiscalYearOf (April–March, JST)', () => {
  it('changes year at JST midnight on 1 April', () => {
    expect(fiscalYearOf(new Date('2027-03-31T14:59:59Z'))).toBe(2026);
    expect(fiscalYearOf(new Date('2027-03-31T14:59:59.999Z'))).toBe(2026);
    expect(fiscalYearOf(new Date('2027-03-31T15:00:00Z'))).toBe(2027);
    // 1 January is still in the previous fiscal year.
    expect(fiscalYearOf(new Date('2026-12-31T15:00:00Z'))).toBe(2026);
    expect(fiscalYearOf(new Date('2026-03-31T15:00:00Z'))).toBe(2026);
    expect(fiscalYearOf(new Date('2026-03-31T14:00:00Z'))).toBe(2025);
  });

  it('equals the JST year for April–December and the year before for January–March', () => {
    fc.assert(
      fc.property(moment, (d) => {
        const t = jst(d);
        expect(fiscalYearOf(d)).toBe(t.m >= 4 ? t.y : t.y - 1);
      }),
    );
  });

  it('never decreases as time goes on, and moves by at most one per step of under a year', () => {
    fc.assert(
      fc.property(moment, fc.integer({ min: 0, max: 364 * 86_400_000 }), (d, delta) => {
        const later = new Date(d.getTime() + delta);
        const diff = fiscalYearOf(later) - fiscalYearOf(d);
        expect(diff === 0 || diff === 1).toBe(true);
      }),
    );
  });
});

describe('formatFiscalYear', () => {
  it('uses Reiwa era years with 元 for the first', () => {
    expect(formatFiscalYear(2019)).toBe('令和元年度');
    expect(formatFiscalYear(2020)).toBe('令和2年度');
    expect(formatFiscalYear(2026)).toBe('令和8年度');
    expect(formatFiscalYear(2018)).toBe('2018年度');
    expect(formatFiscalYear(2026, 'en')).toBe('FY2026 (Reiwa 8)');
    expect(formatFiscalYear(2019, 'en')).toBe('FY2019 (Reiwa 1)');
    expect(formatFiscalYear(2018, 'en')).toBe('FY2018');
  });

  it('is 令和(n−2018)年度 for every fiscal year from 2020', () => {
    fc.assert(fc.property(fc.integer({ min: 2020, max: 3000 }), (fy) => {
      expect(formatFiscalYear(fy)).toBe(`令和${fy - 2018}年度`);
    }));
  });

  it('formats the fiscal year of a moment at the JST boundary', () => {
    expect(formatFiscalYear(fiscalYearOf(new Date('2027-03-31T14:59:59Z')))).toBe('令和8年度');
    expect(formatFiscalYear(fiscalYearOf(new Date('2027-03-31T15:00:00Z')))).toBe('令和9年度');
  });
});

describe('formatRelative', () => {
  const now = new Date('2026-04-01T01:00:00Z');
  it('says days ago and in days in Japanese without spaces', () => {
    expect(formatRelative(new Date(now.getTime() - 3 * 86_400_000), 'ja', now)).toBe('3日前');
    expect(formatRelative(new Date(now.getTime() + 2 * 3_600_000), 'ja', now)).toBe('2時間後');
    expect(formatRelative(new Date(now.getTime() - 3 * 86_400_000), 'en', now)).toBe('3 days ago');
  });
});
