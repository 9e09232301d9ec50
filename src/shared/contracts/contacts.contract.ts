import { z } from 'zod';
import { CONTACT_SIDES, EXTERNAL_CONTACT_KINDS, INTERNAL_CONTACT_KINDS } from '../incidents/contacts.ts';
import { ZId, ZIsoDateTime } from './common.contract.ts';

/** 連絡体制図: the facility's contact chart. */
export const ZContactKind = z.enum([...INTERNAL_CONTACT_KINDS, ...EXTERNAL_CONTACT_KINDS.filter((k) => k !== 'other')]);

export const ZContactEntry = z.object({
  id: ZId,
  side: z.enum(CONTACT_SIDES),
  kind: ZContactKind,
  /** Call order within its side (1 = first). */
  position: z.number().int(),
  /** 役割 as the chart prints it (院長, 医療情報システム安全管理責任者, 電子カルテ保守窓口 …). */
  roleLabel: z.string(),
  name: z.string().nullable(),
  organization: z.string().nullable(),
  /** A mamori user this person is (internal side), for notifications. */
  user: z.object({ id: ZId, name: z.string() }).nullable(),
  /** The ledger vendor (external side, kind vendor) and, optionally, which of its contacts. */
  vendor: z.object({ id: ZId, name: z.string() }).nullable(),
  vendorContactId: ZId.nullable(),
  phone: z.string().nullable(),
  phoneAlt: z.string().nullable(),
  email: z.string().nullable(),
  /** 連絡可能時間 (24時間, 平日9-17時 …). */
  availability: z.string().nullable(),
  /** On-call deputy: the entry this one stands in for (代理). */
  deputyForId: ZId.nullable(),
  notes: z.string().nullable(),
  updatedAt: ZIsoDateTime,
});
export type ContactEntryDto = z.infer<typeof ZContactEntry>;

const phone = z.string().trim().max(40).regex(/^[0-9+()\-\s#*]*$/, { message: 'invalid_phone' });

export const ZContactEntryInput = z.strictObject({
  side: z.enum(CONTACT_SIDES),
  kind: ZContactKind,
  roleLabel: z.string().trim().min(1).max(200),
  name: z.string().trim().max(200).nullable().optional(),
  organization: z.string().trim().max(200).nullable().optional(),
  userId: ZId.nullable().optional(),
  vendorId: ZId.nullable().optional(),
  vendorContactId: ZId.nullable().optional(),
  phone: phone.nullable().optional(),
  phoneAlt: phone.nullable().optional(),
  email: z.string().trim().email().max(254).nullable().optional(),
  availability: z.string().trim().max(200).nullable().optional(),
  deputyForId: ZId.nullable().optional(),
  notes: z.string().max(2000).nullable().optional(),
  /** Insert at this call position (default: last). */
  position: z.number().int().min(1).optional(),
});
export type ContactEntryInput = z.infer<typeof ZContactEntryInput>;
export const ZContactEntryUpdate = ZContactEntryInput.omit({ side: true, position: true }).partial().extend({ expectedUpdatedAt: ZIsoDateTime.optional() });

/** New call order of one side: every entry id of that side, first to last. */
export const ZContactOrder = z.strictObject({ side: z.enum(CONTACT_SIDES), ids: z.array(ZId).min(1).max(500) });

export const ZContactChart = z.object({
  facilityId: ZId,
  facilityName: z.string(),
  internal: z.array(ZContactEntry),
  external: z.array(ZContactEntry),
  /** Content hash (first 12 hex of SHA-256): printed on the chart to tell whether a paper copy is current. */
  version: z.string(),
  updatedAt: ZIsoDateTime.nullable(),
  /** Vendors of the ledger that supply a system or a line but are not in the chart yet, with their 24-hour contact. */
  vendorSuggestions: z.array(
    z.object({ vendorId: ZId, vendorName: z.string(), contact: z.object({ id: ZId, name: z.string(), phone: z.string().nullable(), email: z.string().nullable() }).nullable() }),
  ),
  /** What checklist 3(1) would say (the same rule as the assessments' auto-evaluation). */
  completeness: z.object({ complete: z.boolean(), reasons: z.array(z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() })) }),
});
export type ContactChartDto = z.infer<typeof ZContactChart>;

export const ZContactChartExportQuery = z.strictObject({ format: z.enum(['pdf', 'html']), lang: z.enum(['ja', 'en']).default('ja') });
