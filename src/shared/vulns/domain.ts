/**
 * Vulnerability findings: statuses, the workflow, deadline rules, the default policy and feed sources.
 * Pure rules shared by the server, the CLI and the UI.
 */

export const FEED_SOURCES = ['nvd', 'kev', 'epss', 'jvn'] as const;
export type FeedSource = (typeof FEED_SOURCES)[number];

export const FEED_FORMATS = [
  'nvd-api-2.0',
  'nvd-feed-2.0',
  'nvd-cve-2.0',
  'nvd-1.1',
  'kev-json',
  'kev-csv',
  'epss-csv',
  'jvn-vuldef',
  'jvn-rss',
  'jvn-rdf',
] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

export const FEED_IMPORT_STATUSES = ['running', 'succeeded', 'failed'] as const;
export type FeedImportStatus = (typeof FEED_IMPORT_STATUSES)[number];

/** 未対応 → 対応中 → 修正済み / 緩和済み; リスク受容 (executive sign-off, reason, expiry); 誤検知 (reason). */
export const FINDING_STATUSES = ['open', 'in_progress', 'fixed', 'mitigated', 'accepted', 'false_positive'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** Statuses that still need work: they carry a deadline and escalate. */
export const ACTIVE_FINDING_STATUSES: readonly FindingStatus[] = ['open', 'in_progress'];

export function isActiveStatus(status: FindingStatus): boolean {
  return ACTIVE_FINDING_STATUSES.includes(status);
}

/** Status changes a person may make (accepting a risk has its own action with sign-off). */
export const FINDING_TRANSITIONS: Record<FindingStatus, readonly FindingStatus[]> = {
  open: ['in_progress', 'fixed', 'mitigated', 'false_positive', 'accepted'],
  in_progress: ['open', 'fixed', 'mitigated', 'false_positive', 'accepted'],
  fixed: ['open'],
  mitigated: ['open', 'in_progress'],
  accepted: ['open', 'in_progress'],
  false_positive: ['open'],
};

/** Statuses that require a written reason. */
export const REASON_REQUIRED: readonly FindingStatus[] = ['mitigated', 'accepted', 'false_positive'];

export function canTransition(from: FindingStatus, to: FindingStatus): boolean {
  return FINDING_TRANSITIONS[from].includes(to);
}

/** History entries of a finding. */
export const FINDING_EVENT_ACTIONS = ['detected', 'status', 'accepted', 'accept_expired', 'auto_closed', 'reopened', 'escalated', 'rematched'] as const;
export type FindingEventAction = (typeof FINDING_EVENT_ACTIONS)[number];

/** Which deadline rule applied to a finding, most urgent first. */
export const DUE_RULES = ['kev_exposed', 'kev', 'critical', 'high', 'medium', 'low'] as const;
export type DueRule = (typeof DUE_RULES)[number];

/** The fix-deadline and escalation policy of a facility. */
export interface VulnPolicy {
  /** Days from detection to the fix deadline, per rule. */
  dueDays: Record<DueRule, number>;
  /** An `open` finding nobody has touched for this many days is escalated to the security manager (level 1). */
  untouchedDays: number;
  /** A finding past its deadline by this many days (or untouched twice as long) is escalated to the executive (level 2, 棚上げ). */
  executiveAfterDays: number;
  /** The longest a risk acceptance may run, in months. */
  acceptMaxMonths: number;
}

/** Defaults (issue 4): known-exploited on an exposed device 7 days, known-exploited 14, critical 30, high 60. */
export const DEFAULT_VULN_POLICY: VulnPolicy = {
  dueDays: { kev_exposed: 7, kev: 14, critical: 30, high: 60, medium: 90, low: 180 },
  untouchedDays: 7,
  executiveAfterDays: 7,
  acceptMaxMonths: 12,
};

/** Feeds older than this many days are shown as stale (NVD's `modified` feed covers 8 days). */
export const FEED_STALE_DAYS: Record<FeedSource, number> = { nvd: 8, kev: 7, epss: 7, jvn: 30 };

/** The facts the priority score is computed from, kept with each finding so the score can be explained. */
export interface PriorityFactors {
  kev: boolean;
  ransomware: boolean;
  /** The asset is reached from the internet (exposure `internet`, or entry device of an internet-facing line). */
  internetFacing: boolean;
  /** The asset is reached by a vendor (exposure `vendor_line`, or the entry/target of a live external connection). */
  vendorReachable: boolean;
  /** Asset criticality 1 (care stops without it) … 4. */
  criticality: number;
  holdsPatientData: boolean;
  epss: number | null;
  cvss: number | null;
  confidence: 'exact' | 'possible' | 'vendor-product';
}

export const NOTIFICATION_KINDS = [
  'vuln.escalated_manager',
  'vuln.escalated_executive',
  'vuln.new_kev',
  'vuln.accept_expired',
  // 対応アクション: someone was made the owner of an action.
  'action.assigned',
  // 事業者確認用: a vendor submitted its sheet (to the security managers); the hospital returned or accepted it (to the vendor's users).
  'assessment.vendor_submitted',
  'assessment.vendor_returned',
  'assessment.vendor_accepted',
  // On-call alert (インシデント連絡): you are the person of the call chain alerted now; nobody in the chain acknowledged.
  'incident_alert',
  'incident_alert_unanswered',
  // 法定の報告期限 (incident legal clocks): 50 % / 80 % of the time to a deadline elapsed, or the deadline passed.
  'incident.clock_50',
  'incident.clock_80',
  'incident.clock_overdue',
  // 事業継続計画(BCP): a version was sent for approval (to the executives); approved or returned (to the security managers).
  'bcp.submitted',
  'bcp.approved',
  'bcp.returned',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
