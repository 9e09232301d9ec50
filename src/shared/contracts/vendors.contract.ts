import { z } from 'zod';
import { CONTRACT_CLAUSES, CONTRACT_FLAGS, isCorporateNumber, VENDOR_DOCUMENT_KINDS, VENDOR_FLAGS } from '../vendors.ts';
import { ZId } from './common.contract.ts';
import { ZDate } from './ledger.contract.ts';

/**
 * 委託事業者 API: vendors, their contacts, contracts (with the security clauses), MDS/SDS documents and the
 * users who act for them. Routes under /api/v1/facilities/:facilityId/vendors. A user whose only role in
 * the facility is `vendor` sees only the vendors they are linked to (and nothing else of the ledger but
 * those vendors' assets and connections).
 */

const ZText = (max: number) => z.string().trim().max(max).nullable().optional();
const ZEmail = z.string().trim().max(254).email({ message: 'invalid_email' });
/** Digits, spaces, hyphens, parentheses and a leading +. */
const ZPhone = z.string().trim().max(40).regex(/^\+?[0-9()\- ]{3,40}$/, { message: 'invalid_phone' });

const vendorFields = {
  name: z.string().trim().min(1).max(200),
  /** フリガナ (katakana or hiragana); lists sort by it. */
  nameKana: ZText(200),
  /** 法人番号 (13 digits with its check digit). */
  corporateNumber: z.string().trim().refine(isCorporateNumber, { message: 'invalid_corporate_number' }).nullable().optional(),
  address: ZText(500),
  phone: ZPhone.nullable().optional(),
  email: ZEmail.nullable().optional(),
  /** http(s) only: the UI shows it as a link. */
  website: z.string().trim().max(500).url({ protocol: /^https?$/, message: 'invalid_url' }).nullable().optional(),
  notes: ZText(4000),
};
export const ZVendorCreate = z.strictObject(vendorFields);
export type TVendorCreate = z.infer<typeof ZVendorCreate>;
export const ZVendorUpdate = z.strictObject(vendorFields).partial();
export type TVendorUpdate = z.infer<typeof ZVendorUpdate>;

export const ZVendor = z.object({
  id: ZId,
  facilityId: ZId,
  name: z.string(),
  nameKana: z.string().nullable(),
  corporateNumber: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  website: z.string().nullable(),
  notes: z.string().nullable(),
  assetCount: z.number().int(),
  /** Connections not rejected or retired. */
  connectionCount: z.number().int(),
  /** The 24-hour emergency contact, when one is recorded. */
  emergencyContact: z.object({ name: z.string(), phone: z.string().nullable() }).nullable(),
  /** The latest contract end (null when no contract or none has an end). */
  contractEndsOn: z.string().nullable(),
  flags: z.array(z.enum(VENDOR_FLAGS)),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TVendor = z.infer<typeof ZVendor>;

const contactFields = {
  name: z.string().trim().min(1).max(100),
  /** 役割・部署 (営業担当, 保守窓口, 技術責任者 …). */
  role: ZText(100),
  phone: ZPhone.nullable().optional(),
  email: ZEmail.nullable().optional(),
  /** 24時間緊急連絡先. */
  emergency24h: z.boolean(),
  notes: ZText(1000),
};
export const ZVendorContactCreate = z.strictObject({ ...contactFields, emergency24h: contactFields.emergency24h.default(false) });
export type TVendorContactCreate = z.infer<typeof ZVendorContactCreate>;
export const ZVendorContactUpdate = z.strictObject(contactFields).partial();
export type TVendorContactUpdate = z.infer<typeof ZVendorContactUpdate>;
export const ZVendorContact = z.object({
  id: ZId,
  vendorId: ZId,
  name: z.string(),
  role: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  emergency24h: z.boolean(),
  notes: z.string().nullable(),
});
export type TVendorContact = z.infer<typeof ZVendorContact>;

const contractFields = {
  title: z.string().trim().min(1).max(200),
  contractNumber: ZText(100),
  startsOn: ZDate.nullable().optional(),
  endsOn: ZDate.nullable().optional(),
  autoRenew: z.boolean(),
  /** 委託範囲. */
  scope: ZText(4000),
  /** The security clauses the contract states (seed 002). */
  clauses: z.array(z.enum(CONTRACT_CLAUSES)).max(CONTRACT_CLAUSES.length),
  notes: ZText(4000),
};
export const ZContractCreate = z.strictObject({ ...contractFields, autoRenew: contractFields.autoRenew.default(false), clauses: contractFields.clauses.default([]) });
export type TContractCreate = z.infer<typeof ZContractCreate>;
export const ZContractUpdate = z.strictObject(contractFields).partial();
export type TContractUpdate = z.infer<typeof ZContractUpdate>;
export const ZContract = z.object({
  id: ZId,
  vendorId: ZId,
  title: z.string(),
  contractNumber: z.string().nullable(),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  autoRenew: z.boolean(),
  scope: z.string().nullable(),
  clauses: z.array(z.enum(CONTRACT_CLAUSES)),
  missingClauses: z.array(z.enum(CONTRACT_CLAUSES)),
  flags: z.array(z.enum(CONTRACT_FLAGS)),
  notes: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TContract = z.infer<typeof ZContract>;

/** MDS/SDS metadata; the file is uploaded separately (raw body) to …/documents/:documentId/file. */
const documentFields = {
  kind: z.enum(VENDOR_DOCUMENT_KINDS),
  /** The system or product it covers. */
  subject: z.string().trim().min(1).max(200),
  /** e.g. 「JAHIS MDS/SDS Ver.4.0 書式 第2版」. */
  version: ZText(100),
  receivedOn: ZDate,
  notes: ZText(2000),
};
export const ZVendorDocumentCreate = z.strictObject(documentFields);
export type TVendorDocumentCreate = z.infer<typeof ZVendorDocumentCreate>;
export const ZVendorDocumentUpdate = z.strictObject(documentFields).partial();
export type TVendorDocumentUpdate = z.infer<typeof ZVendorDocumentUpdate>;
export const ZVendorDocument = z.object({
  id: ZId,
  vendorId: ZId,
  kind: z.enum(VENDOR_DOCUMENT_KINDS),
  subject: z.string(),
  version: z.string().nullable(),
  receivedOn: z.string(),
  notes: z.string().nullable(),
  file: z.object({ fileName: z.string(), contentType: z.string(), size: z.number().int(), sha256: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TVendorDocument = z.infer<typeof ZVendorDocument>;

/** A user linked to the vendor (role `vendor` in this facility). */
export const ZVendorUser = z.object({ userId: ZId, email: z.string(), displayName: z.string() });
export type TVendorUser = z.infer<typeof ZVendorUser>;
/** PUT …/vendors/:vendorId/users: the whole set of linked users. Each must hold the `vendor` role in the facility. */
export const ZVendorUsersSet = z.strictObject({ userIds: z.array(ZId).max(100) });

export const ZVendorDetail = ZVendor.extend({
  contacts: z.array(ZVendorContact),
  contracts: z.array(ZContract),
  documents: z.array(ZVendorDocument),
  /** Empty for callers who may not manage users. */
  users: z.array(ZVendorUser),
  /**
   * 事業者確認用チェックリスト: the newest vendor sheet (assessment) of the vendor — `not_started` without one, else its
   * status (`accepted` once the hospital accepted it; `completed` is not used any more). Counts are null when the
   * sheet's framework is no longer available.
   */
  checklist: z.object({
    status: z.enum(['not_started', 'in_progress', 'completed', 'submitted', 'accepted']),
    assessmentId: ZId.nullable(),
    frameworkId: z.string().nullable().optional(),
    frameworkVersion: z.string().nullable().optional(),
    fiscalYear: z.number().int().nullable().optional(),
    answered: z.number().int().nullable().optional(),
    items: z.number().int().nullable().optional(),
    submittedAt: z.string().nullable().optional(),
    acceptedAt: z.string().nullable().optional(),
  }),
});
export type TVendorDetail = z.infer<typeof ZVendorDetail>;

export const VENDOR_SORTS = ['kana', '-kana', 'name', '-name', 'contractEndsOn', '-contractEndsOn', 'updatedAt', '-updatedAt'] as const;
export const ZVendorListQuery = z.strictObject({
  /** Substring of name, フリガナ, contact names and phone numbers. */
  q: z.string().trim().max(100).optional(),
  flag: z.enum(VENDOR_FLAGS).optional(),
  /** Japanese reading order (フリガナ, then name) by default. */
  sort: z.enum(VENDOR_SORTS).default('kana'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type TVendorListQuery = z.infer<typeof ZVendorListQuery>;
export const ZVendorPage = z.object({ items: z.array(ZVendor), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type TVendorPage = z.infer<typeof ZVendorPage>;
