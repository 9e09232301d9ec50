import { z } from 'zod';
import { CASE_CATEGORIES } from '../incidents/cases.ts';
import { PlaybookDefinition, PlaybookText } from '../incidents/playbook.ts';
import { ZId, ZIsoDateTime } from './common.contract.ts';

/**
 * 対応手順書 (playbooks) of a facility: per case category the shipped playbook, or the facility's own copy which wins
 * over it. Reading needs incident.read, editing incident.manage. Cases already open keep their tasks (copied when
 * the case opened).
 */

export const ZPlaybookCategoryParams = z.object({ facilityId: ZId, category: z.enum(CASE_CATEGORIES) });

export const ZPlaybookSummary = z.object({
  category: z.enum(CASE_CATEGORIES),
  /** builtin: the shipped YAML applies; facility: the facility's own copy applies. */
  source: z.enum(['builtin', 'facility']),
  id: z.string(),
  /** What a new case records: the YAML's version, or `facility-N` for the facility's copy. */
  version: z.string(),
  title: PlaybookText,
  items: z.number().int(),
  /** Items not yet checked against the MHLW guidance. */
  unverifiedItems: z.number().int(),
  /** The shipped playbook's version (to tell whether a facility copy was made from an older one). */
  builtinVersion: z.string(),
  /** The facility copy's save counter (send it back as expectedVersion); null while the shipped playbook applies. */
  facilityVersion: z.number().int().nullable(),
  updatedAt: ZIsoDateTime.nullable(),
  updatedBy: z.object({ id: ZId, name: z.string() }).nullable(),
});
export type PlaybookSummaryDto = z.infer<typeof ZPlaybookSummary>;

export const ZPlaybookList = z.object({ facilityId: ZId, playbooks: z.array(ZPlaybookSummary) });
export type PlaybookListDto = z.infer<typeof ZPlaybookList>;

export const ZPlaybookDetail = ZPlaybookSummary.extend({ definition: PlaybookDefinition });
export type PlaybookDetailDto = z.infer<typeof ZPlaybookDetail>;

/**
 * A full definition replaces the facility's copy (or creates it). Its category must be the one in the path; its
 * version is set by the server (`facility-N`). expectedVersion: the facilityVersion the edit started from (null: it
 * started from the shipped playbook); a different current version → CONFLICT. Omitted: the last save wins.
 */
export const ZPlaybookSave = z.strictObject({
  definition: PlaybookDefinition,
  expectedVersion: z.number().int().min(1).nullable().optional(),
});
export type PlaybookSaveInput = z.input<typeof ZPlaybookSave>;

/**
 * What the PUT route accepts: the same, with the definition checked by the service rather than by the route, so that
 * every problem comes back as VALIDATION_FAILED with a path `definition.items.3.phase` and a stable message key
 * (missing_key, wrong_type, invalid_value, invalid_format, empty, too_big, unknown_key, duplicate_id, category_mismatch).
 */
export const ZPlaybookSaveBody = z.strictObject({
  definition: z.unknown(),
  expectedVersion: z.number().int().min(1).nullable().optional(),
});
