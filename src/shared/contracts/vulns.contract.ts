import { z } from 'zod';
import { DUE_RULES, FEED_FORMATS, FEED_IMPORT_STATUSES, FEED_SOURCES, FINDING_EVENT_ACTIONS, FINDING_STATUSES, NOTIFICATION_KINDS } from '../vulns/domain.ts';
import { CONFIDENCES, IDENTITY_SOURCES, MATCH_REASONS, NO_MATCH_REASONS } from '../vulns/types.ts';
import { ZId, ZIsoDateTime } from './common.contract.ts';
import { ZDate } from './ledger.contract.ts';

/**
 * Vulnerability intelligence API.
 * - Feeds (deployment-wide): /api/v1/feeds/status, /api/v1/feeds/imports, POST /api/v1/feeds/imports (admin upload).
 * - Vulnerability records (deployment-wide, read by anyone signed in): /api/v1/vulns/:vulnId.
 * - Findings (per facility): /api/v1/facilities/:facilityId/vulns/… (overview, findings, assets, coverage, policy).
 * - Notifications (the signed-in user's): /api/v1/notifications.
 */

export const ZVulnId = z.string().trim().regex(/^(CVE-\d{4}-\d{4,19}|JVNDB-\d{4}-\d{6})$/i, { message: 'invalid_vuln_id' });

// --- Feeds ---------------------------------------------------------------------------------------

export const ZFeedImport = z.object({
  id: ZId,
  source: z.enum(FEED_SOURCES),
  format: z.enum(FEED_FORMATS),
  origin: z.enum(['file', 'sync']),
  fileName: z.string(),
  sha256: z.string().nullable(),
  size: z.number().int().nullable(),
  status: z.enum(FEED_IMPORT_STATUSES),
  records: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  criteria: z.number().int(),
  progressBytes: z.number().int(),
  watermark: z.string().nullable(),
  error: z.string().nullable(),
  actor: z.string(),
  startedAt: ZIsoDateTime,
  finishedAt: ZIsoDateTime.nullable(),
});
export type FeedImportDto = z.infer<typeof ZFeedImport>;

export const ZFeedSourceStatus = z.object({
  source: z.enum(FEED_SOURCES),
  /** The newest succeeded import, or null when the source was never imported. */
  lastImport: ZFeedImport.nullable(),
  /** Rows held now (CVE records, KEV entries, EPSS scores, JVN entries). */
  records: z.number().int(),
  /** Age of the newest data in whole days (its watermark date — NVD lastModified, KEV catalogVersion, EPSS score date, JVN update — or the import time when earlier or unknown), null when never imported. */
  ageDays: z.number().int().nullable(),
  stale: z.boolean(),
});
export const ZFeedStatus = z.object({
  sources: z.array(ZFeedSourceStatus),
  /** Any source stale or never imported. */
  stale: z.boolean(),
  /** Whether online sync is allowed on this deployment (MAMORI_FEED_SYNC). */
  syncEnabled: z.boolean(),
});
export type FeedStatusDto = z.infer<typeof ZFeedStatus>;

export const ZFeedImportPage = z.object({ items: z.array(ZFeedImport), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

// --- Vulnerability records ----------------------------------------------------------------------

export const ZKevInfo = z.object({
  dateAdded: ZDate,
  dueDate: ZDate,
  ransomware: z.boolean(),
  vendorProject: z.string(),
  product: z.string(),
  name: z.string(),
  shortDescription: z.string(),
  requiredAction: z.string(),
  notes: z.string().nullable(),
});

export const ZJvnInfo = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string().nullable(),
  url: z.string().nullable(),
  cvssScore: z.number().nullable(),
  cvssSeverity: z.string().nullable(),
  affected: z.array(z.object({ vendorName: z.string().nullable(), productName: z.string().nullable(), cpe: z.string().nullable(), versionText: z.string().nullable() })),
});

/** What a row in a list needs to know about a vulnerability. */
export const ZVulnSummary = z.object({
  id: z.string(),
  /** Japanese title from JVN when present, else the KEV name, else null. */
  title: z.string().nullable(),
  cvss: z.number().nullable(),
  cvssVersion: z.enum(['4.0', '3.x', '2.0']).nullable(),
  epss: z.number().nullable(),
  epssPercentile: z.number().nullable(),
  kev: z.boolean(),
  ransomware: z.boolean(),
  kevDateAdded: ZDate.nullable(),
  kevDueDate: ZDate.nullable(),
  jvnIds: z.array(z.string()),
});
export type VulnSummaryDto = z.infer<typeof ZVulnSummary>;

export const ZVulnDetail = ZVulnSummary.extend({
  description: z.string().nullable(),
  published: z.string().nullable(),
  lastModified: z.string().nullable(),
  vulnStatus: z.string().nullable(),
  cvss3Vector: z.string().nullable(),
  cvss4Vector: z.string().nullable(),
  cwes: z.array(z.string()),
  references: z.array(z.object({ url: z.string(), tags: z.array(z.string()) })),
  /** Criteria in display form (configuration index, criteria, range, vulnerable) for "what does this CVE name". */
  criteria: z.array(z.object({ configuration: z.number().int(), criteria: z.string(), range: z.string().nullable(), vulnerable: z.boolean() })),
  /** No NVD configurations yet (NVD backlog): matching cannot find it by version. */
  unanalysed: z.boolean(),
  kevInfo: ZKevInfo.nullable(),
  jvn: z.array(ZJvnInfo),
});
export type VulnDetailDto = z.infer<typeof ZVulnDetail>;

// --- Findings ------------------------------------------------------------------------------------

export const ZMatchEvidence = z.object({
  configuration: z.number().int(),
  criteria: z.string(),
  range: z.string().nullable(),
  identity: z.string(),
  reason: z.enum(MATCH_REASONS),
  vulnerable: z.boolean(),
});

export const ZPriorityFactors = z.object({
  kev: z.boolean(),
  ransomware: z.boolean(),
  internetFacing: z.boolean(),
  vendorReachable: z.boolean(),
  criticality: z.number().int(),
  holdsPatientData: z.boolean(),
  epss: z.number().nullable(),
  cvss: z.number().nullable(),
  confidence: z.enum(CONFIDENCES),
});

export const ZFindingAsset = z.object({
  id: ZId,
  name: z.string(),
  assetTag: z.string().nullable(),
  type: z.string(),
  exposure: z.string(),
  criticality: z.number().int(),
});

export const ZFinding = z.object({
  id: ZId,
  facilityId: ZId,
  asset: ZFindingAsset,
  vuln: ZVulnSummary,
  confidence: z.enum(CONFIDENCES),
  status: z.enum(FINDING_STATUSES),
  priority: z.number().int(),
  dueRule: z.enum(DUE_RULES),
  dueOn: ZDate,
  overdue: z.boolean(),
  /** 0 none, 1 security manager notified, 2 executive notified (棚上げ). */
  escalationLevel: z.number().int(),
  firstSeenAt: ZIsoDateTime,
  lastSeenAt: ZIsoDateTime,
  statusChangedAt: ZIsoDateTime,
  statusChangedBy: z.string(),
  statusReason: z.string().nullable(),
  acceptedBy: z.string().nullable(),
  acceptedUntil: ZDate.nullable(),
  autoClosed: z.boolean(),
});
export type FindingDto = z.infer<typeof ZFinding>;

export const ZFindingEvent = z.object({
  id: ZId,
  at: ZIsoDateTime,
  actor: z.string(),
  action: z.enum(FINDING_EVENT_ACTIONS),
  fromStatus: z.enum(FINDING_STATUSES).nullable(),
  toStatus: z.enum(FINDING_STATUSES).nullable(),
  comment: z.string().nullable(),
});

export const ZFindingDetail = ZFinding.extend({
  evidence: z.array(ZMatchEvidence),
  priorityFactors: ZPriorityFactors,
  history: z.array(ZFindingEvent),
  /** Status changes the caller may make now (accepting needs the executive's permission). */
  allowedStatuses: z.array(z.enum(FINDING_STATUSES)),
});
export type FindingDetailDto = z.infer<typeof ZFindingDetail>;

const FINDING_SORT_KEYS = ['priority', 'due', 'asset', 'vuln', 'first_seen', 'status', 'epss', 'cvss'] as const;
/** `due` ascending, `-priority` descending (as the asset list). */
export const FINDING_SORTS = [...FINDING_SORT_KEYS, ...FINDING_SORT_KEYS.map((k) => `-${k}` as const)] as const;

export const ZFindingListQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  /** Comma-separated statuses; default: open,in_progress. `all` for every status. */
  status: z.string().trim().max(200).optional(),
  kev: z.enum(['1', '0']).optional(),
  ransomware: z.enum(['1', '0']).optional(),
  confidence: z.enum(CONFIDENCES).optional(),
  overdue: z.enum(['1', '0']).optional(),
  assetId: ZId.optional(),
  vulnId: z.string().trim().max(40).optional(),
  /** KEV entries added on or after this date ("newly added known-exploited vulnerabilities that affect us"). */
  kevAddedSince: ZDate.optional(),
  sort: z.enum(FINDING_SORTS).default('-priority'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type FindingListQuery = z.infer<typeof ZFindingListQuery>;

export const ZFindingPage = z.object({ items: z.array(ZFinding), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

/** 対応中 / 修正済み / 緩和済み / 誤検知 / 再開. Reason required for mitigated and false_positive. */
export const ZFindingStatusChange = z.strictObject({
  status: z.enum(['open', 'in_progress', 'fixed', 'mitigated', 'false_positive']),
  reason: z.string().trim().max(2000).nullable().optional(),
});

/** リスク受容: the executive signs, with a reason and an expiry (at most policy.acceptMaxMonths ahead). */
export const ZFindingAccept = z.strictObject({
  reason: z.string().trim().min(1).max(2000),
  until: ZDate,
});

// --- Overview, coverage, per-asset ---------------------------------------------------------------

export const ZVulnOverview = z.object({
  /** Active findings (open / in progress) by class, known-exploited first. */
  active: z.object({
    total: z.number().int(),
    kev: z.number().int(),
    kevExposed: z.number().int(),
    ransomware: z.number().int(),
    overdue: z.number().int(),
    shelved: z.number().int(),
    critical: z.number().int(),
    high: z.number().int(),
  }),
  /** Assets carrying at least one active known-exploited finding, exposed ones first (top 20). */
  kevAssets: z.array(
    z.object({
      asset: ZFindingAsset,
      internetFacing: z.boolean(),
      vendorReachable: z.boolean(),
      kevCount: z.number().int(),
      ransomwareCount: z.number().int(),
      topPriority: z.number().int(),
      earliestDue: ZDate.nullable(),
    }),
  ),
  /** KEV entries added in the last 30 days that affect this facility. */
  newKev: z.array(z.object({ vuln: ZVulnSummary, assetCount: z.number().int() })),
  coverage: z.object({ assets: z.number().int(), identified: z.number().int(), withVersion: z.number().int(), percent: z.number() }),
  feedsStale: z.boolean(),
  lastMatchedAt: ZIsoDateTime.nullable(),
});
export type VulnOverviewDto = z.infer<typeof ZVulnOverview>;

export const ZAssetIdentity = z.object({
  source: z.enum(IDENTITY_SOURCES),
  cpe: z.string(),
  version: z.enum(['exact', 'pattern', 'unknown']),
  alias: z.string().nullable(),
});

export const ZCoverageItem = z.object({
  asset: ZFindingAsset.extend({ vendor: z.string().nullable(), product: z.string().nullable(), version: z.string().nullable(), cpe: z.string().nullable(), os: z.string().nullable() }),
  identities: z.array(ZAssetIdentity),
  /** none: no identity; no_version: identity without a version (only vendor-product findings possible). */
  gap: z.enum(['none', 'no_version']),
});
export const ZCoveragePage = z.object({
  items: z.array(ZCoverageItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  coverage: ZVulnOverview.shape.coverage,
});
export const ZCoverageQuery = z.strictObject({
  gap: z.enum(['none', 'no_version', 'all']).default('all'),
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** The vulnerability section of an asset page. */
export const ZAssetVulns = z.object({
  identities: z.array(ZAssetIdentity),
  findings: z.array(ZFinding),
});

/** CPE suggestions for an asset, from the criteria of imported feeds. */
export const ZCpeSuggestionQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  assetId: ZId.optional(),
});
export const ZCpeSuggestions = z.object({
  items: z.array(z.object({ cpe: z.string(), part: z.string(), vendor: z.string(), product: z.string(), vulnCount: z.number().int() })),
});

/** `vulns explain`: why an asset matches a vulnerability or not. */
export const ZExplain = z.object({
  asset: ZFindingAsset,
  vulnId: z.string(),
  identities: z.array(ZAssetIdentity),
  affected: z.boolean(),
  confidence: z.enum(CONFIDENCES).nullable(),
  evidence: z.array(ZMatchEvidence),
  reasons: z.array(z.object({ reason: z.enum(NO_MATCH_REASONS), criteria: z.string().optional(), identity: z.string().optional(), detail: z.string().optional() })),
});
export type ExplainDto = z.infer<typeof ZExplain>;

export const ZRescanResult = z.object({ assets: z.number().int(), created: z.number().int(), reopened: z.number().int(), closed: z.number().int(), ms: z.number() });

// --- Policy --------------------------------------------------------------------------------------

const ZDays = z.number().int().min(1).max(3650);
export const ZVulnPolicy = z.strictObject({
  dueDays: z.strictObject({ kev_exposed: ZDays, kev: ZDays, critical: ZDays, high: ZDays, medium: ZDays, low: ZDays }),
  untouchedDays: ZDays,
  executiveAfterDays: ZDays,
  acceptMaxMonths: z.number().int().min(1).max(36),
});

// --- Notifications -------------------------------------------------------------------------------

export const ZNotification = z.object({
  id: ZId,
  facilityId: ZId.nullable(),
  kind: z.enum(NOTIFICATION_KINDS),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  link: z.string().nullable(),
  createdAt: ZIsoDateTime,
  readAt: ZIsoDateTime.nullable(),
});
export type NotificationDto = z.infer<typeof ZNotification>;
export const ZNotificationList = z.object({ items: z.array(ZNotification), unread: z.number().int() });
