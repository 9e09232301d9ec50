import { z } from 'zod';
import { ZId, ZIsoDateTime, ZPage, ZPageQuery } from './common.contract.ts';
import { BINDER_SECTIONS } from '../resilience/binder.ts';

/**
 * 緊急時バインダー (issue 7): the printable emergency binder of a facility, its print history and the check of a printed
 * copy. Sections and their headings: src/shared/resilience/binder.ts (BINDER_SECTIONS, BINDER_SECTION_LABELS).
 *
 * GET /facilities/:facilityId/binder?format=pdf|html&lang=ja|en   → the file (records a print; resilience.read)
 * GET /facilities/:facilityId/binder/status                       → ZBinderStatus
 * GET /facilities/:facilityId/binder/check/:code                  → ZBinderCheck (code is case- and dash-insensitive)
 * GET /facilities/:facilityId/binder/prints?page&pageSize          → ZBinderPrintPage (newest first)
 */

export const ZBinderSection = z.enum(BINDER_SECTIONS);
export type TBinderSection = z.infer<typeof ZBinderSection>;

export const BINDER_FORMATS = ['pdf', 'html'] as const;
export const ZBinderFormat = z.enum(BINDER_FORMATS);
export type TBinderFormat = z.infer<typeof ZBinderFormat>;

export const ZBinderQuery = z.strictObject({
  format: ZBinderFormat.default('pdf'),
  lang: z.enum(['ja', 'en']).default('ja'),
});
export type TBinderQuery = z.infer<typeof ZBinderQuery>;

export const ZBinderPrintsQuery = ZPageQuery;
export type TBinderPrintsQuery = z.infer<typeof ZBinderPrintsQuery>;

/** One generated binder (a row of binder_prints). */
export const ZBinderPrint = z.object({
  id: ZId,
  /** BND-20261124-7K3Q: printed on every page and in the QR. */
  code: z.string(),
  format: ZBinderFormat,
  generatedAt: ZIsoDateTime,
  /** Display name of the user who generated it; null for the CLI or a deleted user. */
  by: z.string().nullable(),
  /** SHA-256 (hex) of the canonical JSON of the binder's data. */
  contentHash: z.string(),
  /** Whether the data are still the same as in this copy. */
  current: z.boolean(),
});
export type TBinderPrint = z.infer<typeof ZBinderPrint>;

export const ZBinderPrintPage = ZPage(ZBinderPrint);
export type TBinderPrintPage = z.infer<typeof ZBinderPrintPage>;

export const ZBinderStatus = z.object({
  /** The newest generated copy; null when the binder was never generated. */
  lastPrint: z
    .object({
      code: z.string(),
      generatedAt: ZIsoDateTime,
      format: ZBinderFormat,
      by: z.string().nullable(),
    })
    .nullable(),
  /** True when the data changed after the last generated copy (false when there is none: see lastPrint). */
  changedSinceLastPrint: z.boolean(),
  /** The sections that differ from the last copy, in binder order ([] when none or never generated). */
  changedSections: z.array(ZBinderSection),
  /** SHA-256 of the data as they are now. */
  currentHash: z.string(),
});
export type TBinderStatus = z.infer<typeof ZBinderStatus>;

export const ZBinderCheck = z.object({
  /** The code as normalised (upper case, BND-YYYYMMDD-XXXX). */
  code: z.string(),
  /** False when no copy of this facility has that code. */
  found: z.boolean(),
  /** True when the copy shows the data as they are now. */
  current: z.boolean(),
  generatedAt: ZIsoDateTime.nullable(),
  format: ZBinderFormat.nullable(),
  /** The sections changed since that copy, in binder order. */
  changedSections: z.array(ZBinderSection),
  /** The newest copy's code when this one is not the newest (null otherwise or when not found). */
  newestCode: z.string().nullable(),
});
export type TBinderCheck = z.infer<typeof ZBinderCheck>;

export const ZBinderCheckParams = z.object({ facilityId: ZId, code: z.string().min(1).max(40) });
