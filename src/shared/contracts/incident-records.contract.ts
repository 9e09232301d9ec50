import { z } from 'zod';
import { AFFECTED_TYPES, COMM_CHANNELS, COMM_DIRECTIONS, OBSERVABLE_TYPES, TIMELINE_KINDS } from '../incidents/cases.ts';
import { OBSERVABLE_LIMITS } from '../incidents/observables.ts';
import { ZId, ZIsoDateTime } from './common.contract.ts';

/**
 * The records of an incident case: its timeline (times with the zone they were stated in), the affected assets and
 * external connections of the ledger, observables (IOC) and the communications log (連絡記録: who was told what, when).
 */

/** Timeline kinds people write by hand; the others are written by mamori (phase changes, reports, filings …). */
export const MANUAL_TIMELINE_KINDS = ['note', 'action', 'communication'] as const;
/** Hand-written kinds that may be deleted again (a communication goes with its entry of the communications log). */
export const DELETABLE_TIMELINE_KINDS = ['note', 'action'] as const;

export const TIMELINE_TEXT_CHARS = 4000;
export const COMM_SUMMARY_CHARS = 4000;

const user = z.object({ id: ZId, name: z.string() }).nullable();

/**
 * A stated time: an ISO time with an offset (`2026-05-01T09:30+09:00`, `…Z`), or a local date-time
 * (`2026-05-01T09:30`, `2026-05-01 09:30`) together with `timeZone`. Checked by the service (issues on `occurredAt`:
 * invalid_date_time, in_future; on `timeZone`: invalid_time_zone, time_zone_required).
 */
const statedTime = {
  occurredAt: z.string().trim().min(1).max(40),
  /** IANA zone id (Asia/Tokyo, UTC, America/New_York …): converts a local time, and is kept for display. */
  timeZone: z.string().trim().max(64).nullable().optional(),
};

// ── Timeline ─────────────────────────────────────────────────────────────────────────────────────────────────────

export const ZTimelineEntry = z.object({
  id: ZId,
  caseId: ZId,
  /** ISO UTC. */
  occurredAt: ZIsoDateTime,
  /** The IANA zone the time was stated in; show the time in it (formatInZone in src/shared/incidents/timeline.ts). */
  timeZone: z.string(),
  kind: z.enum(TIMELINE_KINDS),
  text: z.string(),
  author: user,
  createdAt: ZIsoDateTime,
  /** A note or action written by hand through the timeline API, which may be deleted (not those mamori wrote, e.g. a task done). */
  deletable: z.boolean(),
});
export type TimelineEntryDto = z.infer<typeof ZTimelineEntry>;

export const ZTimelineInput = z.strictObject({
  ...statedTime,
  kind: z.enum(MANUAL_TIMELINE_KINDS),
  text: z.string().trim().min(1).max(TIMELINE_TEXT_CHARS),
});
export type TimelineInput = z.infer<typeof ZTimelineInput>;

export const ZTimeline = z.object({ items: z.array(ZTimelineEntry) });

// ── Affected assets and connections ──────────────────────────────────────────────────────────────────────────────

export const ZAffectedRecord = z.object({
  id: ZId,
  caseId: ZId,
  targetType: z.enum(AFFECTED_TYPES),
  targetId: ZId,
  /** The asset's or connection's name (null when the record is gone from the ledger). */
  name: z.string().nullable(),
  /** Asset type (server, pc, medical_device …) or connection kind (vpn, remote_desktop …). */
  type: z.string().nullable(),
  /** Addresses of an asset (none for a connection). */
  ips: z.array(z.string()),
  /** The vendor: an asset's maintainer or a connection's vendor. */
  vendor: z.object({ id: ZId.nullable(), name: z.string() }).nullable(),
  /** Connection status (active, retired …); null for an asset. */
  status: z.string().nullable(),
  /** Risk flags of the ledger as of today (asset: AssetFlag, connection: ConnectionFlag). */
  flags: z.array(z.string()),
  /** The asset was deleted from the ledger, or the connection no longer exists. */
  removed: z.boolean(),
  note: z.string().nullable(),
  createdAt: ZIsoDateTime,
});
export type AffectedRecordDto = z.infer<typeof ZAffectedRecord>;

export const ZAffectedInput = z.strictObject({
  targetType: z.enum(AFFECTED_TYPES),
  targetId: ZId,
  note: z.string().trim().max(2000).nullable().optional(),
});
export type AffectedInput = z.infer<typeof ZAffectedInput>;

export const ZAffectedList = z.object({ items: z.array(ZAffectedRecord) });

// ── Observables ──────────────────────────────────────────────────────────────────────────────────────────────────

export const ZObservable = z.object({
  id: ZId,
  caseId: ZId,
  type: z.enum(OBSERVABLE_TYPES),
  /** Normalised (refanged, lower case where it means nothing). */
  value: z.string(),
  note: z.string().nullable(),
  createdBy: user,
  createdAt: ZIsoDateTime,
});
export type ObservableDto = z.infer<typeof ZObservable>;

export const ZObservableInput = z.strictObject({
  type: z.enum(OBSERVABLE_TYPES),
  value: z.string().max(OBSERVABLE_LIMITS.valueChars * 2),
  note: z.string().trim().max(OBSERVABLE_LIMITS.noteChars).nullable().optional(),
});
export type ObservableInput = z.infer<typeof ZObservableInput>;

export const ZObservableList = z.object({ items: z.array(ZObservable) });

/** A pasted list, one observable per line (see parseObservableLines in src/shared/incidents/observables.ts). */
export const ZObservableBulkInput = z.strictObject({ text: z.string().max(OBSERVABLE_LIMITS.bulkChars) });

export const ZObservableBulkResult = z.object({
  /**
   * Always `valid_lines`: every valid line was saved, together in one transaction; the skipped lines were not saved
   * (fix them and paste them again).
   */
  saved: z.literal('valid_lines'),
  created: z.array(ZObservable.extend({ line: z.number().int() })),
  /** reason: unknown_type, invalid_<type>, too_long, duplicate_in_input, already_recorded. */
  skipped: z.array(z.object({ line: z.number().int(), text: z.string(), reason: z.string() })),
});
export type ObservableBulkResultDto = z.infer<typeof ZObservableBulkResult>;

// ── Communications log (連絡記録) ─────────────────────────────────────────────────────────────────────────────────

export const ZCommRecord = z.object({
  id: ZId,
  caseId: ZId,
  occurredAt: ZIsoDateTime,
  direction: z.enum(COMM_DIRECTIONS),
  channel: z.enum(COMM_CHANNELS),
  party: z.string(),
  /** The contact chart entry the party came from (null when typed, or when the entry was deleted since). */
  contactEntryId: ZId.nullable(),
  summary: z.string(),
  createdBy: user,
  createdAt: ZIsoDateTime,
});
export type CommRecordDto = z.infer<typeof ZCommRecord>;

export const ZCommInput = z.strictObject({
  ...statedTime,
  direction: z.enum(COMM_DIRECTIONS),
  channel: z.enum(COMM_CHANNELS),
  /** Who: free text, or leave it out and name an entry of the facility's contact chart. */
  party: z.string().trim().max(300).nullable().optional(),
  contactEntryId: ZId.nullable().optional(),
  summary: z.string().trim().min(1).max(COMM_SUMMARY_CHARS),
});
export type CommInput = z.infer<typeof ZCommInput>;

export const ZCommList = z.object({ items: z.array(ZCommRecord) });
