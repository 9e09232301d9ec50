import { z } from 'zod';
import {
  ASSET_FLAGS,
  ASSET_RELATION_KINDS,
  ASSET_TYPES,
  checkCidr,
  EXPOSURES,
  isCpe23,
  isIp,
  isIsoDate,
  isMac,
  SEGMENT_PURPOSES,
} from '../ledger.ts';
import { ZId } from './common.contract.ts';

/**
 * The Ledger (情報資産台帳) API: assets, network segments and the flows allowed between segments.
 * Issue messages are stable keys (`invalid_ip`, `invalid_cidr`, …) that the UI and the import translate.
 */

/** Optional free text: trimmed; the service stores an empty string as null. */
const ZText = (max: number) => z.string().trim().max(max).nullable().optional();

export const ZIpAddress = z.string().trim().max(64).refine(isIp, { message: 'invalid_ip' });
export const ZMacAddress = z.string().trim().max(32).refine(isMac, { message: 'invalid_mac' });
export const ZCidr = z
  .string()
  .trim()
  .max(64)
  .superRefine((value, ctx) => {
    const problem = checkCidr(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem === 'host_bits_set' ? 'cidr_host_bits_set' : 'invalid_cidr' });
  });
export const ZCpe23 = z.string().trim().max(512).refine(isCpe23, { message: 'invalid_cpe' });
/** A calendar date, YYYY-MM-DD. */
export const ZDate = z.string().trim().refine(isIsoDate, { message: 'invalid_date' });
/** A host name (RFC 1123 labels; `_` tolerated for Windows names). */
export const ZHostname = z
  .string()
  .trim()
  .max(253)
  .regex(/^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/, { message: 'invalid_hostname' });

// --- assets -------------------------------------------------------------------------------------

const assetFields = {
  name: z.string().trim().min(1).max(200),
  /** 資産番号: unique within the facility among assets not deleted. */
  assetTag: ZText(64),
  type: z.enum(ASSET_TYPES),
  /** メーカー. */
  vendor: ZText(200),
  product: ZText(200),
  /** Version or firmware. Empty, `unknown`, `不明` … are flagged as unknown. */
  version: ZText(100),
  cpe: ZCpe23.nullable().optional(),
  os: ZText(200),
  ips: z.array(ZIpAddress).max(64),
  macs: z.array(ZMacAddress).max(64),
  hostname: ZHostname.nullable().optional(),
  segmentId: ZId.nullable().optional(),
  /** 棟・階・部屋. */
  location: ZText(200),
  /** 管理部署. */
  department: ZText(200),
  /** 保守事業者 as written (free text, as hospitals keep it). */
  maintainer: ZText(200),
  /** The maintaining vendor (委託事業者) of the facility; null for none. An unknown id is `unknown_vendor`. */
  vendorId: ZId.nullable().optional(),
  /** 1 = care stops without it … 4 = no impact on patient care. */
  criticality: z.number().int().min(1).max(4),
  /** 要配慮個人情報 (patient data). */
  holdsPatientData: z.boolean(),
  exposure: z.enum(EXPOSURES),
  installDate: ZDate.nullable().optional(),
  endOfSupport: ZDate.nullable().optional(),
  lastPatched: ZDate.nullable().optional(),
  tags: z.array(z.string().trim().min(1).max(50)).max(50),
  notes: ZText(4000),
};

export const ZAssetCreate = z.strictObject({
  ...assetFields,
  ips: assetFields.ips.default([]),
  macs: assetFields.macs.default([]),
  holdsPatientData: assetFields.holdsPatientData.default(false),
  exposure: assetFields.exposure.default('internal'),
  tags: assetFields.tags.default([]),
});
export type TAssetCreate = z.infer<typeof ZAssetCreate>;

/** Every field optional; `null` clears an optional field. No defaults, so an absent field stays as it is. */
export const ZAssetUpdate = z.strictObject(assetFields).partial();
export type TAssetUpdate = z.infer<typeof ZAssetUpdate>;

export const ZAsset = z.object({
  id: ZId,
  facilityId: ZId,
  name: z.string(),
  assetTag: z.string().nullable(),
  type: z.enum(ASSET_TYPES),
  vendor: z.string().nullable(),
  product: z.string().nullable(),
  version: z.string().nullable(),
  cpe: z.string().nullable(),
  os: z.string().nullable(),
  ips: z.array(z.string()),
  macs: z.array(z.string()),
  hostname: z.string().nullable(),
  segmentId: ZId.nullable(),
  segmentName: z.string().nullable(),
  location: z.string().nullable(),
  department: z.string().nullable(),
  maintainer: z.string().nullable(),
  /** The maintaining vendor (委託事業者), and its name. */
  vendorId: ZId.nullable(),
  vendorName: z.string().nullable(),
  criticality: z.number().int(),
  holdsPatientData: z.boolean(),
  exposure: z.enum(EXPOSURES),
  installDate: z.string().nullable(),
  endOfSupport: z.string().nullable(),
  lastPatched: z.string().nullable(),
  tags: z.array(z.string()),
  notes: z.string().nullable(),
  /** Risk flags as of today (JST). */
  flags: z.array(z.enum(ASSET_FLAGS)),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TAsset = z.infer<typeof ZAsset>;

export const ZAssetRelation = z.object({
  id: ZId,
  kind: z.enum(ASSET_RELATION_KINDS),
  /** `outgoing`: this asset runs on / depends on the other; `incoming`: the other runs on / depends on this one. */
  direction: z.enum(['outgoing', 'incoming']),
  assetId: ZId,
  assetName: z.string(),
  assetType: z.enum(ASSET_TYPES),
});
export type TAssetRelation = z.infer<typeof ZAssetRelation>;

export const ZAssetDetail = ZAsset.extend({
  relations: z.array(ZAssetRelation),
  /** The addresses that lie outside every CIDR of the asset's segment. */
  ipsOutsideSegment: z.array(z.string()),
});
export type TAssetDetail = z.infer<typeof ZAssetDetail>;

export const ZAssetRelationCreate = z.strictObject({
  kind: z.enum(ASSET_RELATION_KINDS),
  /** The asset this one runs on / depends on. */
  toAssetId: ZId,
});
export type TAssetRelationCreate = z.infer<typeof ZAssetRelationCreate>;

export const ASSET_SORT_KEYS = ['name', 'assetTag', 'type', 'criticality', 'endOfSupport', 'lastPatched', 'createdAt', 'updatedAt'] as const;
export type AssetSortKey = (typeof ASSET_SORT_KEYS)[number];
/** `name` ascending, `-name` descending. Empty values sort last either way. */
export const ASSET_SORTS = [...ASSET_SORT_KEYS, ...ASSET_SORT_KEYS.map((k) => `-${k}` as const)] as const;

export const ZAssetListQuery = z.strictObject({
  /** Substring (case-insensitive) of name, asset tag, hostname, IP address or product. */
  q: z.string().trim().max(100).optional(),
  type: z.enum(ASSET_TYPES).optional(),
  /** A segment id, or `none` for assets without a segment. */
  segmentId: ZId.optional(),
  criticality: z.coerce.number().int().min(1).max(4).optional(),
  exposure: z.enum(EXPOSURES).optional(),
  flag: z.enum(ASSET_FLAGS).optional(),
  holdsPatientData: z.enum(['true', 'false']).optional(),
  /** Assets maintained by this vendor. */
  vendorId: ZId.optional(),
  sort: z.enum(ASSET_SORTS).default('name'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type TAssetListQuery = z.infer<typeof ZAssetListQuery>;

export const ZAssetPage = z.object({ items: z.array(ZAsset), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type TAssetPage = z.infer<typeof ZAssetPage>;

// --- network segments ---------------------------------------------------------------------------

const segmentFields = {
  name: z.string().trim().min(1).max(100),
  vlan: z.number().int().min(1).max(4094).nullable().optional(),
  cidrs: z.array(ZCidr).max(64),
  purpose: z.enum(SEGMENT_PURPOSES),
  notes: ZText(4000),
};

export const ZSegmentCreate = z.strictObject({ ...segmentFields, cidrs: segmentFields.cidrs.default([]) });
export type TSegmentCreate = z.infer<typeof ZSegmentCreate>;
export const ZSegmentUpdate = z.strictObject(segmentFields).partial();
export type TSegmentUpdate = z.infer<typeof ZSegmentUpdate>;

export const ZSegment = z.object({
  id: ZId,
  facilityId: ZId,
  name: z.string(),
  vlan: z.number().int().nullable(),
  cidrs: z.array(z.string()),
  purpose: z.enum(SEGMENT_PURPOSES),
  notes: z.string().nullable(),
  /** Assets (not deleted) placed in this segment. */
  assetCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TSegment = z.infer<typeof ZSegment>;
export const ZSegmentList = z.object({ items: z.array(ZSegment) });

/** Traffic allowed from one segment to another (initiated by `from`). */
export const ZSegmentFlow = z.object({
  id: ZId,
  facilityId: ZId,
  fromSegmentId: ZId,
  toSegmentId: ZId,
  /** e.g. `TCP/443, HL7 (TCP/2575)`. */
  services: z.string().nullable(),
  description: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TSegmentFlow = z.infer<typeof ZSegmentFlow>;
export const ZSegmentFlowList = z.object({ items: z.array(ZSegmentFlow) });

export const ZSegmentFlowCreate = z.strictObject({
  fromSegmentId: ZId,
  toSegmentId: ZId,
  services: ZText(500),
  description: ZText(2000),
});
export type TSegmentFlowCreate = z.infer<typeof ZSegmentFlowCreate>;
export const ZSegmentFlowUpdate = z.strictObject({ services: ZText(500), description: ZText(2000) });
export type TSegmentFlowUpdate = z.infer<typeof ZSegmentFlowUpdate>;

// --- import and export --------------------------------------------------------------------------

const ZImportIssue = z.object({
  /** Spreadsheet row (the header is row 1); absent for problems of the whole file or a column. */
  row: z.number().int().optional(),
  /** The column header as written in the file ('' for the whole file). */
  path: z.string(),
  /** An import issue code (IMPORT_ISSUE_CODES in src/shared/ledger-import.ts). */
  message: z.string(),
  value: z.string().optional(),
  ref: z.number().int().optional(),
  /** The sentence in the caller's language (formatImportIssue). */
  text: z.string(),
});

export const ZAssetImportQuery = z.strictObject({
  dryRun: z.enum(['true', 'false']).default('true'),
  /** The uploaded file's name (also accepted URL-encoded in the X-File-Name header). */
  fileName: z.string().max(255).optional(),
});

export const ZAssetImportResult = z.object({
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']).nullable(),
  encoding: z.enum(['utf8', 'cp932']).nullable(),
  sha256: z.string(),
  rows: z.number().int(),
  create: z.number().int(),
  update: z.number().int(),
  unchanged: z.number().int(),
  actions: z.array(z.object({ row: z.number().int(), action: z.enum(['create', 'update', 'unchanged', 'error']), key: z.string() })),
  /** At most 1,000 listed; `errorCount` is the full count. */
  errors: z.array(ZImportIssue),
  errorCount: z.number().int(),
  warnings: z.array(ZImportIssue),
  committed: z.boolean(),
});
export type TAssetImportResult = z.infer<typeof ZAssetImportResult>;

export const ZAssetExportQuery = z.strictObject({
  format: z.enum(['csv', 'xlsx']).default('xlsx'),
  lang: z.enum(['ja', 'en']).default('ja'),
  /** CSV only: UTF-8 with BOM (default) or Shift_JIS (CP932). */
  encoding: z.enum(['utf8', 'sjis']).default('utf8'),
});
export type TAssetExportQuery = z.infer<typeof ZAssetExportQuery>;
