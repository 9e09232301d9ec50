import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, formatInZone, resolveStatedTime, zoneAbbreviation, zoneOffsetMinutes } from './timeline.ts';

describe('resolveStatedTime', () => {
  it('converts a local JST time to UTC, across midnight and the year end', () => {
    expect(resolveStatedTime('2026-05-01T00:00', 'Asia/Tokyo')).toEqual({ ok: true, occurredAt: '2026-04-30T15:00:00.000Z', timeZone: 'Asia/Tokyo' });
    expect(resolveStatedTime('2026-05-01 08:59:59', 'Asia/Tokyo')).toEqual({ ok: true, occurredAt: '2026-04-30T23:59:59.000Z', timeZone: 'Asia/Tokyo' });
    expect(resolveStatedTime('2027-01-01T00:00', 'Asia/Tokyo')).toMatchObject({ occurredAt: '2026-12-31T15:00:00.000Z' });
    expect(resolveStatedTime('2026-05-01T09:30', 'asia/tokyo')).toEqual({ ok: true, occurredAt: '2026-05-01T00:30:00.000Z', timeZone: 'Asia/Tokyo' });
  });

  it('takes the instant from an offset and keeps the zone for display', () => {
    expect(resolveStatedTime('2026-05-01T09:30+09:00')).toEqual({ ok: true, occurredAt: '2026-05-01T00:30:00.000Z', timeZone: 'Asia/Tokyo' });
    expect(resolveStatedTime('2026-05-01T00:30:00Z')).toEqual({ ok: true, occurredAt: '2026-05-01T00:30:00.000Z', timeZone: 'UTC' });
    expect(resolveStatedTime('2026-05-01T00:30:00.123Z', 'America/New_York')).toEqual({ ok: true, occurredAt: '2026-05-01T00:30:00.123Z', timeZone: 'America/New_York' });
    expect(resolveStatedTime('2026-05-01T09:30+0900')).toMatchObject({ occurredAt: '2026-05-01T00:30:00.000Z' });
    expect(resolveStatedTime('2026-05-01T04:30-05:00')).toMatchObject({ occurredAt: '2026-05-01T09:30:00.000Z' });
  });

  it('handles daylight saving time (gap: later; overlap: earlier)', () => {
    // New York 2026-03-08 02:30 does not exist → 03:30 EDT; 2026-11-01 01:30 happens twice → the EDT one.
    expect(resolveStatedTime('2026-03-08T02:30', 'America/New_York')).toMatchObject({ occurredAt: '2026-03-08T07:30:00.000Z' });
    expect(resolveStatedTime('2026-11-01T01:30', 'America/New_York')).toMatchObject({ occurredAt: '2026-11-01T05:30:00.000Z' });
    expect(resolveStatedTime('2026-07-01T12:00', 'Europe/Berlin')).toMatchObject({ occurredAt: '2026-07-01T10:00:00.000Z' });
    expect(resolveStatedTime('2026-01-01T12:00', 'Europe/Berlin')).toMatchObject({ occurredAt: '2026-01-01T11:00:00.000Z' });
  });

  it('refuses what it cannot read', () => {
    expect(resolveStatedTime('2026-05-01T09:30')).toEqual({ ok: false, path: 'timeZone', problem: 'time_zone_required' });
    expect(resolveStatedTime('2026-05-01T09:30', 'Mars/Olympus')).toEqual({ ok: false, path: 'timeZone', problem: 'invalid_time_zone' });
    for (const bad of ['2026-02-29T10:00Z', '2026-13-01T10:00Z', '2026-05-01T24:00Z', '2026-05-01', 'yesterday', '2026-05-01T09:30+15:00', '1969-12-31T23:59Z']) {
      expect(resolveStatedTime(bad, 'UTC'), bad).toEqual({ ok: false, path: 'occurredAt', problem: 'invalid_date_time' });
    }
    expect(resolveStatedTime('2028-02-29T10:00Z').ok).toBe(true);
  });

  it('round-trips any instant through its wall clock in a zone', () => {
    const zones = ['Asia/Tokyo', 'UTC', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kolkata'];
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2060-12-31T00:00:00Z'), noInvalidDate: true }), fc.constantFrom(...zones), (d, zone) => {
        const whole = new Date(Math.floor(d.getTime() / 60_000) * 60_000);
        const local = new Date(whole.getTime() + zoneOffsetMinutes(whole.getTime(), zone) * 60_000).toISOString().slice(0, 16);
        const back = resolveStatedTime(local, zone);
        expect(back.ok).toBe(true);
        // In an overlap the earlier instant is chosen, which has the same wall clock.
        const got = Date.parse((back as { occurredAt: string }).occurredAt);
        expect(new Date(got + zoneOffsetMinutes(got, zone) * 60_000).toISOString().slice(0, 16)).toBe(local);
      }),
    );
  });
});

describe('formatInZone', () => {
  it('shows the stated zone with its short name and the UTC time', () => {
    expect(formatInZone('2026-05-01T00:30:00Z', 'Asia/Tokyo')).toBe('2026-05-01 09:30 JST (00:30 UTC)');
    expect(formatInZone('2026-04-30T23:00:00Z', 'Asia/Tokyo')).toBe('2026-05-01 08:00 JST (2026-04-30 23:00 UTC)');
    expect(formatInZone('2026-04-30T15:00:00Z')).toBe('2026-05-01 00:00 JST (2026-04-30 15:00 UTC)');
    expect(formatInZone('2026-05-01T00:30:00Z', 'UTC')).toBe('2026-05-01 00:30 UTC');
    expect(formatInZone('2026-05-01T00:30:00Z', 'Etc/UTC')).toBe('2026-05-01 00:30 UTC');
    expect(formatInZone('2026-07-01T16:00:00Z', 'America/New_York')).toBe('2026-07-01 12:00 EDT (16:00 UTC)');
    expect(formatInZone('2026-01-15T16:00:00Z', 'America/New_York')).toBe('2026-01-15 11:00 EST (16:00 UTC)');
    expect(formatInZone('2026-05-01T00:30:00Z', 'Asia/Kolkata')).toBe('2026-05-01 06:00 UTC+05:30 (00:30 UTC)');
    expect(formatInZone('2026-05-01T00:30:00Z', 'Nowhere/Else')).toBe('2026-05-01 00:30 UTC');
    expect(formatInZone('garbage', 'Asia/Tokyo')).toBe('garbage');
  });

  it('names zones', () => {
    expect(canonicalTimeZone('utc')).toBe('UTC');
    expect(canonicalTimeZone('')).toBeNull();
    expect(zoneAbbreviation(Date.parse('2026-05-01T00:00:00Z'), 'Asia/Tokyo')).toBe('JST');
    expect(zoneOffsetMinutes(Date.parse('2026-05-01T00:00:00Z'), 'Asia/Tokyo')).toBe(540);
  });
});
