/**
 * The vocabulary of incident response (インシデント対応): one-minute reports, cases, their phases after seed 002
 * (検知・初動対応 → 報告・体制構築 → 原因調査・被害特定 → 公表・届出 → 事後対応・再発防止), evidence and custody,
 * communications, report drafts and the on-call alerts. Pure data, shared by the server, the UI and the CLI; the
 * labels in ja/en live in the i18n catalogues under `incidents.*` (server-made text uses the `*_LABELS` here).
 */

// ── One-minute reports (インシデントかも?) ─────────────────────────────────────────────────────────────────────────

/** Where a report came in: the app (signed in), the facility's poster link / QR (no account), or the CLI. */
export const REPORT_CHANNELS = ['app', 'link', 'cli'] as const;
export type ReportChannel = (typeof REPORT_CHANNELS)[number];

/** new → (opened: a case was opened from it | merged: into a case or another report's case | dismissed, with a reason). */
export const REPORT_STATUSES = ['new', 'opened', 'merged', 'dismissed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const REPORT_LIMITS = {
  whatChars: 2000,
  whereChars: 300,
  nameChars: 100,
  /** A photo of the screen: JPEG, PNG, WebP or HEIC, up to this size. */
  photoBytes: 10 * 1024 * 1024,
  /** The no-account link: reports per client address per hour, and per facility per hour. */
  linkPerClientPerHour: 5,
  linkPerFacilityPerHour: 60,
} as const;

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic'] as const;

// ── Cases ─────────────────────────────────────────────────────────────────────────────────────────────────────────

export const CASE_CATEGORIES = [
  'ransomware',
  'malware',
  'unauthorized_access',
  'data_leak_loss',
  'misdirected_mail',
  'ddos',
  'vendor_incident',
  'insider',
  'other',
] as const;
export type CaseCategory = (typeof CASE_CATEGORIES)[number];

export const CASE_CATEGORY_LABELS: Record<CaseCategory, { ja: string; en: string }> = {
  ransomware: { ja: 'ランサムウェア', en: 'Ransomware' },
  malware: { ja: 'マルウェア感染(Emotet等)', en: 'Malware (Emotet etc.)' },
  unauthorized_access: { ja: '不正アクセス', en: 'Unauthorised access' },
  data_leak_loss: { ja: '情報の漏えい・紛失(媒体を含む)', en: 'Leak or loss of data or media' },
  misdirected_mail: { ja: 'メール・FAXの誤送信', en: 'Misdirected mail or fax' },
  ddos: { ja: 'DDoS攻撃', en: 'DDoS' },
  vendor_incident: { ja: '委託事業者側のインシデント', en: 'Vendor-side incident' },
  insider: { ja: '内部不正', en: 'Insider' },
  other: { ja: 'その他', en: 'Other' },
};

export const CASE_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type CaseSeverity = (typeof CASE_SEVERITIES)[number];

export const CASE_SEVERITY_LABELS: Record<CaseSeverity, { ja: string; en: string }> = {
  low: { ja: '低', en: 'Low' },
  medium: { ja: '中', en: 'Medium' },
  high: { ja: '高', en: 'High' },
  critical: { ja: '緊急', en: 'Critical' },
};

/** Traffic Light Protocol 2.0. */
export const TLP_LEVELS = ['clear', 'green', 'amber', 'amber_strict', 'red'] as const;
export type TlpLevel = (typeof TLP_LEVELS)[number];

export const TLP_LABELS: Record<TlpLevel, string> = {
  clear: 'TLP:CLEAR',
  green: 'TLP:GREEN',
  amber: 'TLP:AMBER',
  amber_strict: 'TLP:AMBER+STRICT',
  red: 'TLP:RED',
};

/** The phases of seed 002, in order; a case's status is its phase, and `closed` once the after-review is done. */
export const CASE_PHASES = ['detection', 'reporting', 'investigation', 'disclosure', 'recovery'] as const;
export type CasePhase = (typeof CASE_PHASES)[number];

export const CASE_PHASE_LABELS: Record<CasePhase, { ja: string; en: string }> = {
  detection: { ja: '検知・初動対応', en: 'Detection and first response' },
  reporting: { ja: '報告・体制構築', en: 'Reporting and response team' },
  investigation: { ja: '原因調査・被害特定', en: 'Investigation and damage assessment' },
  disclosure: { ja: '公表・届出', en: 'Disclosure and filings' },
  recovery: { ja: '事後対応・再発防止', en: 'Recovery and prevention' },
};

export const CASE_STATUSES = ['open', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** 5W1H summary of a case. */
export const SUMMARY_KEYS = ['who', 'what', 'when', 'where', 'why', 'how'] as const;
export type SummaryKey = (typeof SUMMARY_KEYS)[number];
export type CaseSummary = Record<SummaryKey, string>;

/** Roles of the response team (対策本部). */
export const TEAM_ROLES = ['head', 'secretariat', 'technical', 'medical', 'communications', 'legal', 'vendor_liaison', 'other'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export const TEAM_ROLE_LABELS: Record<TeamRole, { ja: string; en: string }> = {
  head: { ja: '本部長', en: 'Head' },
  secretariat: { ja: '事務局', en: 'Secretariat' },
  technical: { ja: '技術対応', en: 'Technical response' },
  medical: { ja: '診療継続', en: 'Continuity of care' },
  communications: { ja: '広報・渉外', en: 'Communications' },
  legal: { ja: '法務・届出', en: 'Legal and filings' },
  vendor_liaison: { ja: '事業者連携', en: 'Vendor liaison' },
  other: { ja: 'その他', en: 'Other' },
};

// ── Records of a case ─────────────────────────────────────────────────────────────────────────────────────────────

export const TIMELINE_KINDS = ['note', 'action', 'phase', 'report', 'filing', 'communication', 'evidence', 'system'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export const OBSERVABLE_TYPES = ['ipv4', 'ipv6', 'domain', 'url', 'email', 'sha256', 'sha1', 'md5', 'file_name', 'account', 'other'] as const;
export type ObservableType = (typeof OBSERVABLE_TYPES)[number];

export const AFFECTED_TYPES = ['asset', 'connection'] as const;
export type AffectedType = (typeof AFFECTED_TYPES)[number];

export const COMM_CHANNELS = ['phone', 'email', 'fax', 'in_person', 'web_form', 'letter', 'other'] as const;
export type CommChannel = (typeof COMM_CHANNELS)[number];

export const COMM_DIRECTIONS = ['outgoing', 'incoming'] as const;
export type CommDirection = (typeof COMM_DIRECTIONS)[number];

export const COMM_CHANNEL_LABELS: Record<CommChannel, { ja: string; en: string }> = {
  phone: { ja: '電話', en: 'Phone' },
  email: { ja: 'メール', en: 'E-mail' },
  fax: { ja: 'FAX', en: 'Fax' },
  in_person: { ja: '対面', en: 'In person' },
  web_form: { ja: 'Webフォーム', en: 'Web form' },
  letter: { ja: '書面', en: 'Letter' },
  other: { ja: 'その他', en: 'Other' },
};

export const COMM_DIRECTION_LABELS: Record<CommDirection, { ja: string; en: string }> = {
  outgoing: { ja: '発信', en: 'Outgoing' },
  incoming: { ja: '受信', en: 'Incoming' },
};

export const EVIDENCE_TYPES = ['disk_image', 'memory_dump', 'log', 'device', 'media', 'screenshot', 'document', 'email', 'other'] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

export const EVIDENCE_TYPE_LABELS: Record<EvidenceType, { ja: string; en: string }> = {
  disk_image: { ja: 'ディスクイメージ', en: 'Disk image' },
  memory_dump: { ja: 'メモリダンプ', en: 'Memory dump' },
  log: { ja: 'ログ', en: 'Log' },
  device: { ja: '機器(端末・サーバー本体)', en: 'Device' },
  media: { ja: '記録媒体(USB メモリ等)', en: 'Storage media' },
  screenshot: { ja: '画面の記録(スクリーンショット・写真)', en: 'Screenshot or photo' },
  document: { ja: '文書', en: 'Document' },
  email: { ja: '電子メール', en: 'E-mail' },
  other: { ja: 'その他', en: 'Other' },
};

/**
 * Custody entries, append-only and hash-chained per evidence item. `collected` is the first entry of every item (made
 * with the item); `corrected` records a correction of the item or an earlier entry (nothing is ever edited).
 */
export const CUSTODY_ACTIONS = ['collected', 'handed_over', 'analysed', 'stored', 'returned', 'disposed', 'corrected'] as const;
export type CustodyAction = (typeof CUSTODY_ACTIONS)[number];

export const CUSTODY_ACTION_LABELS: Record<CustodyAction, { ja: string; en: string }> = {
  collected: { ja: '収集', en: 'Collected' },
  handed_over: { ja: '引き渡し', en: 'Handed over' },
  analysed: { ja: '解析', en: 'Analysed' },
  stored: { ja: '保管', en: 'Stored' },
  returned: { ja: '返却', en: 'Returned' },
  disposed: { ja: '廃棄', en: 'Disposed of' },
  corrected: { ja: '訂正', en: 'Correction' },
};

// ── Report drafts ─────────────────────────────────────────────────────────────────────────────────────────────────

/** ppc: 個人情報保護委員会への報告; mhlw_first: 厚生労働省への第一報; internal: 経営層への報告. */
export const DRAFT_KINDS = ['ppc', 'mhlw_first', 'internal'] as const;
export type DraftKind = (typeof DRAFT_KINDS)[number];

/** The Commission's report fields (個人情報保護法施行規則第8条第1項), in its order. */
export const PPC_FIELDS = ['overview', 'data_items', 'subject_count', 'cause', 'secondary_harm', 'subject_response', 'publication', 'prevention', 'other'] as const;
export type PpcField = (typeof PPC_FIELDS)[number];

export const PPC_FIELD_LABELS: Record<PpcField, { ja: string; en: string }> = {
  overview: { ja: '概要', en: 'Overview' },
  data_items: { ja: '漏えい等が発生し、又は発生したおそれがある個人データの項目', en: 'Items of personal data leaked or possibly leaked' },
  subject_count: { ja: '漏えい等が発生し、又は発生したおそれがある個人データに係る本人の数', en: 'Number of people concerned' },
  cause: { ja: '原因', en: 'Cause' },
  secondary_harm: { ja: '二次被害又はそのおそれの有無及びその内容', en: 'Secondary harm or its risk, and what it is' },
  subject_response: { ja: '本人への対応の実施状況', en: 'Response to the people concerned' },
  publication: { ja: '公表の実施状況', en: 'Public announcement' },
  prevention: { ja: '再発防止のための措置', en: 'Measures to prevent recurrence' },
  other: { ja: 'その他参考となる事項', en: 'Other relevant matters' },
};

// ── On-call alerts ────────────────────────────────────────────────────────────────────────────────────────────────

/** An alert to one person of the call chain: sent → acknowledged, or escalated to the next person when unanswered. */
export const ALERT_STATES = ['pending', 'sent', 'acknowledged', 'escalated', 'failed'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export const WEBHOOK_FORMATS = ['json', 'slack', 'teams'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** Minutes without acknowledgement before the next person of the chain is alerted (facility setting, default). */
export const DEFAULT_ESCALATE_AFTER_MINUTES = 10;

// ── Case numbers ──────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The label of a case as people say it: `INC-<year of discovery in JST>-<number within the facility, 4 digits>`,
 * e.g. INC-2026-0003 (more digits once past 9999). `discoveredAt` is an ISO timestamp with Z or an offset.
 */
export function caseNumberLabel(seq: number, discoveredAt: string): string {
  const ms = Date.parse(discoveredAt);
  const year = Number.isNaN(ms) ? 0 : new Date(ms + 9 * 3_600_000).getUTCFullYear();
  return `INC-${year}-${String(seq).padStart(4, '0')}`;
}
