/**
 * Times of a case's records (timeline, communications log): what people type — an ISO time with an offset, or a
 * local date-time plus the IANA zone it was stated in — turned into an instant (ISO UTC), and an instant shown in a
 * zone with its offset for the UI and for print ("2026-05-01 09:30 JST (00:30 UTC)"). Pure; time zones through Intl.
 */

/** The zone a time is taken in when nobody said otherwise. */
export const DEFAULT_TIME_ZONE = 'Asia/Tokyo';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A formatter giving the wall-clock fields of an instant in `zone` (24-hour clock); throws RangeError for an unknown zone. */
function fieldsFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(zone, f);
  }
  return f;
}

/** The canonical IANA name of a zone (`asia/tokyo` → `Asia/Tokyo`), or null when Intl does not know it. */
export function canonicalTimeZone(zone: string): string | null {
  const z = zone.trim();
  if (!z || z.length > 64) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: z }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(epochMs: number, zone: string): WallClock {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const p of fieldsFormatter(zone).formatToParts(new Date(epochMs))) parts[p.type] = p.value;
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour) % 24, minute: Number(parts.minute), second: Number(parts.second) };
}

const asUtc = (w: WallClock) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/** Offset of `zone` from UTC at an instant, in minutes (Asia/Tokyo: +540). */
export function zoneOffsetMinutes(epochMs: number, zone: string): number {
  const whole = Math.floor(epochMs / 1000) * 1000;
  return Math.round((asUtc(wallClock(whole, zone)) - whole) / 60_000);
}

/**
 * The instant of a wall-clock time in a zone. In a daylight-saving gap (a local time that does not exist) the offset
 * from before the change applies, which lands after the gap (02:30 → 03:30); in an overlap the earlier instant is taken.
 */
export function zonedToEpoch(w: WallClock, ms: number, zone: string): number {
  const local = asUtc(w);
  const offsetBefore = zoneOffsetMinutes(local - 86_400_000, zone);
  const offsets = [offsetBefore, zoneOffsetMinutes(local, zone), zoneOffsetMinutes(local + 86_400_000, zone)];
  const valid = offsets.map((o) => local - o * 60_000).filter((t) => asUtc(wallClock(t, zone)) === local);
  const epoch = valid.length > 0 ? Math.min(...valid) : local - offsetBefore * 60_000;
  return epoch + ms;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

export type OccurredAtProblem = 'invalid_date_time' | 'invalid_time_zone' | 'time_zone_required';

export type ResolvedTime = { ok: true; occurredAt: string; timeZone: string } | { ok: false; path: 'occurredAt' | 'timeZone'; problem: OccurredAtProblem };

/**
 * Reads a stated time: `2026-05-01T09:30+09:00` / `…Z` (the offset fixes the instant; the zone, when given, is kept
 * for display — else Asia/Tokyo, or UTC for a `Z` time), or `2026-05-01T09:30` / `2026-05-01 09:30` with `timeZone`
 * (an IANA id, checked with Intl) that the wall-clock time is converted from. Returns the instant as ISO UTC.
 */
export function resolveStatedTime(occurredAt: string, timeZone?: string | null): ResolvedTime {
  const zoneGiven = timeZone !== undefined && timeZone !== null && timeZone.trim() !== '';
  const zone = zoneGiven ? canonicalTimeZone(timeZone) : null;
  if (zoneGiven && zone === null) return { ok: false, path: 'timeZone', problem: 'invalid_time_zone' };
  const m = DATE_TIME.exec(occurredAt.trim());
  if (!m) return { ok: false, path: 'occurredAt', problem: 'invalid_date_time' };
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, path: 'occurredAt', problem: 'invalid_date_time' };
  }
  const offset = m[8];
  if (offset) {
    let offsetMinutes = 0;
    if (offset.toUpperCase() !== 'Z') {
      const digits = offset.slice(1).replace(':', '');
      const h = Number(digits.slice(0, 2));
      const mm = digits.length > 2 ? Number(digits.slice(2)) : 0;
      if (h > 14 || mm > 59) return { ok: false, path: 'occurredAt', problem: 'invalid_date_time' };
      offsetMinutes = (offset.startsWith('-') ? -1 : 1) * (h * 60 + mm);
    }
    const epoch = Date.UTC(year, month - 1, day, hour, minute, second) + ms - offsetMinutes * 60_000;
    return { ok: true, occurredAt: new Date(epoch).toISOString(), timeZone: zone ?? (offset.toUpperCase() === 'Z' ? 'UTC' : DEFAULT_TIME_ZONE) };
  }
  if (zone === null) return { ok: false, path: 'timeZone', problem: 'time_zone_required' };
  const epoch = zonedToEpoch({ year, month, day, hour, minute, second }, ms, zone);
  return { ok: true, occurredAt: new Date(epoch).toISOString(), timeZone: zone };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const dateText = (w: WallClock) => `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
const timeText = (w: WallClock) => `${pad(w.hour)}:${pad(w.minute)}`;

/** `+09:00`, `-05:30`. */
export function formatOffset(minutes: number): string {
  const a = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'Etc/UCT', 'Etc/GMT', 'GMT', 'Etc/Universal', 'Etc/Zulu']);

/** The short name of a zone at an instant: JST for Japan, EST/CET … where Intl has one, else `UTC+hh:mm`. */
export function zoneAbbreviation(epochMs: number, zone: string): string {
  if (zone === 'Asia/Tokyo') return 'JST';
  if (UTC_ZONES.has(zone)) return 'UTC';
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' }).formatToParts(new Date(epochMs)).find((p) => p.type === 'timeZoneName')?.value ?? '';
  if (/^[A-Z]{2,5}$/.test(name)) return name;
  return `UTC${formatOffset(zoneOffsetMinutes(epochMs, zone))}`;
}

/**
 * An instant in the zone it was stated in, with the zone's short name and the UTC time:
 * `2026-05-01 09:30 JST (00:30 UTC)`; the UTC date is added when it differs (`2026-05-01 08:00 JST (2026-04-30 23:00 UTC)`);
 * a UTC time is shown once (`2026-05-01 00:30 UTC`). An unknown zone falls back to UTC.
 */
export function formatInZone(iso: string, zone: string = DEFAULT_TIME_ZONE): string {
  const epoch = Date.parse(iso);
  if (Number.isNaN(epoch)) return iso;
  const known = canonicalTimeZone(zone) ?? 'UTC';
  const utc = wallClock(epoch, 'UTC');
  const abbr = zoneAbbreviation(epoch, known);
  if (abbr === 'UTC' || (UTC_ZONES.has(known) && zoneOffsetMinutes(epoch, known) === 0)) return `${dateText(utc)} ${timeText(utc)} UTC`;
  const local = wallClock(epoch, known);
  const sameDate = dateText(local) === dateText(utc);
  return `${dateText(local)} ${timeText(local)} ${abbr} (${sameDate ? '' : `${dateText(utc)} `}${timeText(utc)} UTC)`;
}
