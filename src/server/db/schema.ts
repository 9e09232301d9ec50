import type { Generated } from 'kysely';

/**
 * Table types. Booleans are stored as integers 0/1 on both dialects and timestamps as UTC
 * ISO-8601 text (see docs/adr/0002-portable-storage.md); repositories map rows to domain types.
 */
export interface FacilitiesTable {
  id: string;
  code: string;
  name: string;
  kind: string;
  beds: number | null;
  prefecture: string | null;
  medical_institution_code: string | null;
  created_at: string;
  updated_at: string;
}

export interface FacilityGroupsTable {
  id: string;
  code: string;
  name: string;
  kind: string;
  created_at: string;
  updated_at: string;
}

export interface FacilityGroupMembersTable {
  group_id: string;
  facility_id: string;
}

export interface UsersTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string;
  password_changed_at: string | null;
  must_change_password: number;
  locale: string;
  is_admin: number;
  disabled: number;
  mfa_secret_enc: string | null;
  mfa_enabled: number;
  mfa_last_step: number | null;
  failed_logins: number;
  locked_until: string | null;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface UserRolesTable {
  id: string;
  user_id: string;
  role: string;
  facility_id: string | null;
  group_id: string | null;
  created_at: string;
}

export interface PasswordHistoryTable {
  id: string;
  user_id: string;
  password_hash: string;
  created_at: string;
}

export interface MfaRecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  used_at: string | null;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  stage: string;
  created_at: string;
  last_seen_at: string;
  idle_expires_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  scopes: string;
  facility_id: string | null;
  expires_at: string;
  last_used_at: string | null;
  created_at: string;
  revoked_at: string | null;
}

export interface AuditLogTable {
  seq: number;
  id: string;
  occurred_at: string;
  actor_user_id: string | null;
  actor_label: string;
  facility_id: string | null;
  entity_type: string;
  entity_id: string | null;
  action: string;
  before_json: string | null;
  after_json: string | null;
  source_ip: string | null;
  prev_hash: string;
  hash: string;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

/** 情報資産台帳: network segments (CIDRs as a JSON array of text). */
export interface NetworkSegmentsTable {
  id: string;
  facility_id: string;
  name: string;
  vlan: number | null;
  /** JSON array of CIDR strings. */
  cidrs: string;
  purpose: string;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

/** Traffic allowed from one segment to another. */
export interface SegmentFlowsTable {
  id: string;
  facility_id: string;
  from_segment_id: string;
  to_segment_id: string;
  services: string | null;
  description: string | null;
  created_at: string;
  updated_at: string;
}

/** 情報資産台帳: assets. Lists (ips, macs, tags) are JSON arrays of text; `deleted_at` marks a soft delete. */
export interface AssetsTable {
  id: string;
  facility_id: string;
  name: string;
  asset_tag: string | null;
  type: string;
  vendor: string | null;
  product: string | null;
  version: string | null;
  cpe: string | null;
  os: string | null;
  ips: string;
  macs: string;
  hostname: string | null;
  segment_id: string | null;
  location: string | null;
  department: string | null;
  maintainer_text: string | null;
  /** 保守事業者: a vendor of the same facility (checked by the service; no foreign key, added before vendors existed). */
  vendor_id: string | null;
  criticality: number;
  holds_patient_data: number;
  exposure: string;
  install_date: string | null;
  end_of_support: string | null;
  last_patched: string | null;
  tags: string;
  notes: string | null;
  /** 1 when an address lies outside the segment's CIDRs; maintained on every write of the asset or its segment. */
  ip_outside_segment: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface AssetRelationsTable {
  id: string;
  facility_id: string;
  from_asset_id: string;
  to_asset_id: string;
  kind: string;
  created_at: string;
}

/** Uploaded files (MDS/SDS documents), kept in the database so that a backup holds them. */
export interface StoredFilesTable {
  id: string;
  facility_id: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  content: Buffer;
  created_at: string;
}

/** 委託事業者. `deleted_at` marks a soft delete. */
export interface VendorsTable {
  id: string;
  facility_id: string;
  name: string;
  name_kana: string | null;
  corporate_number: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  notes: string | null;
  checklist_assessment_id: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface VendorContactsTable {
  id: string;
  facility_id: string;
  vendor_id: string;
  name: string;
  role: string | null;
  phone: string | null;
  email: string | null;
  emergency_24h: number;
  notes: string | null;
  position: number;
  created_at: string;
  updated_at: string;
}

export interface VendorContractsTable {
  id: string;
  facility_id: string;
  vendor_id: string;
  title: string;
  contract_number: string | null;
  starts_on: string | null;
  ends_on: string | null;
  auto_renew: number;
  scope: string | null;
  /** JSON array of CONTRACT_CLAUSES keys. */
  clauses: string;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

/** MDS/SDS received from a vendor. */
export interface VendorDocumentsTable {
  id: string;
  facility_id: string;
  vendor_id: string;
  kind: string;
  subject: string;
  version: string | null;
  received_on: string;
  file_id: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

export interface VendorUsersTable {
  vendor_id: string;
  user_id: string;
  facility_id: string;
  created_at: string;
}

/** 外部接続・リモート保守台帳. */
export interface ExternalConnectionsTable {
  id: string;
  facility_id: string;
  name: string;
  vendor_id: string | null;
  purpose: string | null;
  kind: string;
  entry_asset_id: string | null;
  segment_id: string | null;
  internet_facing: number;
  auth: string;
  account_mode: string;
  accounts: string | null;
  /** JSON array of weekday keys. */
  allowed_days: string;
  allowed_from: string | null;
  allowed_to: string | null;
  log_location: string | null;
  credentials_rotated_on: string | null;
  review_interval_months: number;
  status: string;
  requested_by_user_id: string | null;
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_comment: string | null;
  approved_on: string | null;
  expires_on: string | null;
  activated_on: string | null;
  retired_on: string | null;
  last_used_on: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

export interface ConnectionTargetsTable {
  connection_id: string;
  asset_id: string;
  facility_id: string;
}

/** The lifecycle history of a connection (申請, 承認, 却下, 有効化, 期限切れ, 廃止, 再申請, 変更). */
export interface ConnectionEventsTable {
  id: string;
  facility_id: string;
  connection_id: string;
  at: string;
  actor_user_id: string | null;
  actor: string;
  action: string;
  from_status: string | null;
  to_status: string | null;
  comment: string | null;
}

// --- Vulnerability intelligence (deployment-wide feed data) -------------------------------------

/** One NVD CVE record, normalised. `configurations` is JSON VulnConfiguration[] or null (not analysed yet). */
export interface CvesTable {
  id: string;
  published: string | null;
  last_modified: string | null;
  vuln_status: string | null;
  description: string | null;
  cvss3_score: number | null;
  cvss3_vector: string | null;
  cvss4_score: number | null;
  cvss4_vector: string | null;
  cvss2_score: number | null;
  cwes: string;
  refs: string;
  configurations: string | null;
  feed_import_id: string | null;
  imported_at: string;
}

/** Candidate index: the (part, vendor, product) a vulnerability (CVE or JVNDB id) names. */
export interface VulnProductsTable {
  vendor: string;
  product: string;
  vuln_id: string;
  part: string;
}

export interface KevEntriesTable {
  cve_id: string;
  vendor_project: string;
  product: string;
  name: string;
  date_added: string;
  short_description: string;
  required_action: string;
  due_date: string;
  ransomware: number;
  notes: string | null;
  cwes: string;
  catalog_version: string | null;
  feed_import_id: string | null;
}

export interface EpssScoresTable {
  cve_id: string;
  score: number;
  percentile: number;
  score_date: string | null;
  model_version: string | null;
}

export interface JvnEntriesTable {
  id: string;
  title: string;
  summary: string | null;
  url: string | null;
  published: string | null;
  last_updated: string | null;
  cvss_version: string | null;
  cvss_score: number | null;
  cvss_severity: string | null;
  cvss_vector: string | null;
  /** JSON array of {vendorName, productName, cpe, versionText}. */
  affected: string;
  feed_import_id: string | null;
  imported_at: string;
}

export interface JvnCvesTable {
  jvn_id: string;
  cve_id: string;
}

export interface FeedImportsTable {
  id: string;
  source: string;
  format: string;
  origin: string;
  file_name: string;
  sha256: string | null;
  size: number | null;
  status: string;
  records: number;
  inserted: number;
  updated: number;
  criteria: number;
  progress_bytes: number;
  watermark: string | null;
  error: string | null;
  actor: string;
  started_at: string;
  finished_at: string | null;
}

// --- Vulnerability findings (per facility) ------------------------------------------------------

export interface VulnFindingsTable {
  id: string;
  facility_id: string;
  asset_id: string;
  vuln_id: string;
  confidence: string;
  evidence: string;
  status: string;
  priority: number;
  priority_factors: string;
  due_rule: string;
  due_on: string;
  first_seen_at: string;
  last_seen_at: string;
  status_changed_at: string;
  status_changed_by: string;
  status_reason: string | null;
  accepted_by_user_id: string | null;
  accepted_by: string | null;
  accepted_until: string | null;
  auto_closed: number;
  escalation_level: number;
  escalated_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface VulnFindingEventsTable {
  id: string;
  facility_id: string;
  finding_id: string;
  at: string;
  actor_user_id: string | null;
  actor: string;
  action: string;
  from_status: string | null;
  to_status: string | null;
  comment: string | null;
}

export interface VulnPoliciesTable {
  facility_id: string;
  policy: string;
  updated_at: string;
  updated_by: string;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  facility_id: string | null;
  kind: string;
  params: string;
  link: string | null;
  dedupe_key: string;
  created_at: string;
  read_at: string | null;
}

/** A framework a hospital or group added (YAML/.xlsx); the shipped ones are YAML files in the repo. */
export interface CustomFrameworksTable {
  id: string;
  framework_id: string;
  version: string;
  owner_facility_id: string | null;
  owner_group_id: string | null;
  /** FrameworkDefinition JSON. */
  definition: string;
  source_format: string;
  source_name: string;
  sha256: string;
  created_by: string | null;
  created_at: string;
  deleted_at: string | null;
}

/** 現状調査: one facility × framework version (× vendor for 事業者確認用). */
export interface AssessmentsTable {
  id: string;
  facility_id: string;
  framework_id: string;
  framework_version: string;
  framework_sha256: string;
  sheet: string;
  vendor_id: string | null;
  fiscal_year: number | null;
  title: string | null;
  status: string;
  carried_from_id: string | null;
  manager_signed_by: string | null;
  manager_signed_at: string | null;
  executive_signed_by: string | null;
  executive_signed_at: string | null;
  locked_at: string | null;
  submitted_at: string | null;
  submitted_by_label: string | null;
  accepted_by: string | null;
  accepted_at: string | null;
  return_reason: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface AssessmentAnswersTable {
  id: string;
  facility_id: string;
  assessment_id: string;
  item_id: string;
  answer: string | null;
  checked_on: string | null;
  target_on: string | null;
  responsible: string | null;
  comment: string | null;
  carried_over: number;
  updated_by: string | null;
  updated_by_label: string | null;
  created_at: string;
  updated_at: string;
}

export interface AssessmentEventsTable {
  id: string;
  facility_id: string;
  assessment_id: string;
  item_id: string | null;
  action: string;
  before: string | null;
  after: string | null;
  actor_user_id: string | null;
  actor_label: string;
  created_at: string;
}

export interface AssessmentEvidenceTable {
  id: string;
  facility_id: string;
  assessment_id: string;
  item_id: string;
  kind: string;
  title: string;
  file_id: string | null;
  file_name: string | null;
  sha256: string | null;
  size: number | null;
  version: number;
  replaces_id: string | null;
  replaced_by_id: string | null;
  record_type: string | null;
  record_id: string | null;
  url: string | null;
  valid_until: string | null;
  note: string | null;
  created_by: string | null;
  created_by_label: string;
  created_at: string;
  deleted_at: string | null;
}

/** Signed, expiring vendor links (only the token's SHA-256 is stored). */
export interface AssessmentLinksTable {
  id: string;
  facility_id: string;
  assessment_id: string;
  token_hash: string;
  recipient: string | null;
  expires_at: string;
  created_by: string | null;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
  use_count: number;
}

/** 台帳の点検 (checklist 2(1)). */
export interface LedgerReviewsTable {
  id: string;
  facility_id: string;
  reviewed_on: string;
  reviewed_by: string | null;
  reviewer_label: string;
  note: string | null;
  snapshot: string;
  created_at: string;
}

/** 対応アクション, shared by assessments, incidents, drills and risks. */
export interface ActionsTable {
  id: string;
  facility_id: string;
  title: string;
  description: string | null;
  owner_user_id: string | null;
  due_on: string | null;
  status: string;
  source_type: string;
  source_id: string | null;
  source_ref: string | null;
  source_label: string | null;
  completed_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** 連絡体制図: one person or party of the contact chart. */
export interface ContactEntriesTable {
  id: string;
  facility_id: string;
  side: string;
  kind: string;
  position: number;
  role_label: string;
  name: string | null;
  organization: string | null;
  user_id: string | null;
  vendor_id: string | null;
  vendor_contact_id: string | null;
  phone: string | null;
  phone_alt: string | null;
  email: string | null;
  availability: string | null;
  deputy_for_id: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

/** 備え (migration 2026_12_01_0900_create_resilience; see the comments there). */
export interface BackupPlansTable {
  id: string;
  facility_id: string;
  asset_id: string;
  label: string | null;
  scopes: string;
  tool: string | null;
  medium: string;
  disconnected: number;
  cloud_immutable: number;
  network_separated: number;
  generations: number;
  every_days: number;
  schedule_note: string | null;
  location: string;
  storage_place: string | null;
  encrypted: number;
  key_holder: string | null;
  run_by: string;
  vendor_id: string | null;
  restore_procedure: string | null;
  external_key: string | null;
  notes: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  retired_at: string | null;
}

export interface BackupRunsTable {
  id: string;
  facility_id: string;
  plan_id: string;
  started_at: string;
  finished_at: string;
  status: string;
  bytes: number | null;
  message: string | null;
  source: string;
  external_id: string | null;
  recorded_by: string | null;
  created_at: string;
}

export interface RecoveryTargetsTable {
  asset_id: string;
  facility_id: string;
  rto_hours: number | null;
  rpo_hours: number | null;
  drill_interval_months: number | null;
  recovery_notes: string | null;
  version: number;
  updated_at: string;
}

export interface RestoreDrillsTable {
  id: string;
  facility_id: string;
  asset_id: string;
  plan_id: string | null;
  status: string;
  planned_on: string | null;
  started_at: string | null;
  finished_at: string | null;
  data_as_of: string | null;
  restored: string | null;
  rto_hours_target: number | null;
  rpo_hours_target: number | null;
  result: string | null;
  problems: string | null;
  performed_by: string | null;
  notes: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ExercisesTable {
  id: string;
  facility_id: string;
  kind: string;
  title: string;
  scenario: string;
  status: string;
  held_on: string;
  duration_minutes: number | null;
  departments: string;
  participants: number | null;
  timeline: string;
  went_well: string | null;
  findings: string | null;
  notes: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface BcpVersionsTable {
  id: string;
  facility_id: string;
  number: number;
  status: string;
  content: string;
  based_on_id: string | null;
  created_by: string | null;
  submitted_at: string | null;
  submitted_by: string | null;
  approved_at: string | null;
  approved_by: string | null;
  approver_name: string | null;
  approval_note: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface BinderPrintsTable {
  id: string;
  facility_id: string;
  code: string;
  content_hash: string;
  section_hashes: string;
  format: string;
  generated_at: string;
  generated_by: string | null;
}

/** Incident response (migration 2026_11_29_0900_create_incidents; see the comments there). */
export interface IncidentCasesTable {
  id: string;
  facility_id: string;
  seq: number;
  title: string;
  category: string;
  severity: string;
  tlp: string;
  phase: string;
  status: string;
  discovered_at: string;
  facts: string;
  clock_rules_version: string;
  summary: string;
  description: string | null;
  playbook_id: string | null;
  playbook_version: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

export interface IncidentReportLinksTable {
  id: string;
  facility_id: string;
  token_hash: string;
  created_by: string | null;
  created_at: string;
  revoked_at: string | null;
}

export interface IncidentReportsTable {
  id: string;
  facility_id: string;
  channel: string;
  what: string;
  where_text: string | null;
  asset_id: string | null;
  occurred_at: string | null;
  reporter_user_id: string | null;
  reporter_name: string | null;
  reporter_contact: string | null;
  photo_file_id: string | null;
  link_id: string | null;
  status: string;
  case_id: string | null;
  dismiss_reason: string | null;
  triaged_by: string | null;
  triaged_at: string | null;
  created_at: string;
}

export interface IncidentPlaybooksTable {
  id: string;
  facility_id: string;
  category: string;
  definition: string;
  version: number;
  updated_by: string | null;
  updated_at: string;
}

export interface IncidentTasksTable {
  id: string;
  case_id: string;
  phase: string;
  position: number;
  playbook_item_id: string | null;
  title_ja: string;
  title_en: string | null;
  owner_role: string | null;
  owner_user_id: string | null;
  done_at: string | null;
  done_by: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

export interface IncidentTeamMembersTable {
  id: string;
  case_id: string;
  role: string;
  user_id: string | null;
  name: string;
  contact: string | null;
  created_at: string;
}

export interface IncidentTimelineTable {
  id: string;
  case_id: string;
  occurred_at: string;
  time_zone: string;
  kind: string;
  text: string;
  manual: Generated<number>;
  created_by: string | null;
  created_at: string;
}

export interface IncidentAffectedTable {
  id: string;
  case_id: string;
  target_type: string;
  target_id: string;
  note: string | null;
  created_at: string;
}

export interface IncidentObservablesTable {
  id: string;
  case_id: string;
  type: string;
  value: string;
  note: string | null;
  created_by: string | null;
  created_at: string;
}

export interface IncidentCommsTable {
  id: string;
  case_id: string;
  occurred_at: string;
  direction: string;
  channel: string;
  party: string;
  contact_entry_id: string | null;
  summary: string;
  created_by: string | null;
  created_at: string;
}

export interface IncidentFilingsTable {
  id: string;
  case_id: string;
  rule_id: string;
  filed_at: string;
  reference: string | null;
  note: string | null;
  created_by: string | null;
  created_at: string;
}

export interface IncidentDraftsTable {
  id: string;
  case_id: string;
  kind: string;
  fields: string;
  updated_by: string | null;
  updated_at: string;
}

export interface IncidentEvidenceTable {
  id: string;
  case_id: string;
  seq: number;
  type: string;
  description: string;
  location: string | null;
  collected_by: string;
  collected_at: string;
  sha256: string | null;
  hash_source: string;
  file_id: string | null;
  created_by: string | null;
  created_at: string;
}

export interface IncidentCustodyTable {
  id: string;
  evidence_id: string;
  case_id: string;
  seq: number;
  action: string;
  occurred_at: string;
  from_party: string | null;
  to_party: string | null;
  location: string | null;
  note: string | null;
  recorded_by: string;
  prev_hash: string;
  hash: string;
  created_at: string;
}

export interface IncidentReviewsTable {
  case_id: string;
  went_well: string | null;
  went_wrong: string | null;
  lessons: string | null;
  root_cause: string | null;
  completed_at: string | null;
  updated_by: string | null;
  updated_at: string;
}

export interface IncidentAlertSettingsTable {
  facility_id: string;
  escalate_after_minutes: number;
  email_enabled: number;
  updated_at: string;
}

export interface IncidentWebhooksTable {
  id: string;
  facility_id: string;
  name: string;
  format: string;
  url_encrypted: string;
  url_hint: string;
  enabled: number;
  created_at: string;
  updated_at: string;
}

export interface IncidentAlertsTable {
  id: string;
  facility_id: string;
  report_id: string | null;
  case_id: string | null;
  contact_entry_id: string | null;
  position: number;
  recipient_name: string;
  recipient_user_id: string | null;
  summary: string | null;
  state: string;
  ack_token_hash: string;
  sent_at: string | null;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  escalated_at: string | null;
  created_at: string;
}

export interface OutboxMessagesTable {
  id: string;
  facility_id: string | null;
  channel: string;
  target: string;
  payload: string;
  ref: string | null;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  sent_at: string | null;
  created_at: string;
}

export interface Database {
  facilities: FacilitiesTable;
  facility_groups: FacilityGroupsTable;
  facility_group_members: FacilityGroupMembersTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  password_history: PasswordHistoryTable;
  mfa_recovery_codes: MfaRecoveryCodesTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
  network_segments: NetworkSegmentsTable;
  segment_flows: SegmentFlowsTable;
  assets: AssetsTable;
  asset_relations: AssetRelationsTable;
  stored_files: StoredFilesTable;
  vendors: VendorsTable;
  vendor_contacts: VendorContactsTable;
  vendor_contracts: VendorContractsTable;
  vendor_documents: VendorDocumentsTable;
  vendor_users: VendorUsersTable;
  external_connections: ExternalConnectionsTable;
  connection_targets: ConnectionTargetsTable;
  connection_events: ConnectionEventsTable;
  cves: CvesTable;
  vuln_products: VulnProductsTable;
  kev_entries: KevEntriesTable;
  epss_scores: EpssScoresTable;
  jvn_entries: JvnEntriesTable;
  jvn_cves: JvnCvesTable;
  feed_imports: FeedImportsTable;
  vuln_findings: VulnFindingsTable;
  vuln_finding_events: VulnFindingEventsTable;
  vuln_policies: VulnPoliciesTable;
  notifications: NotificationsTable;
  custom_frameworks: CustomFrameworksTable;
  assessments: AssessmentsTable;
  assessment_answers: AssessmentAnswersTable;
  assessment_events: AssessmentEventsTable;
  assessment_evidence: AssessmentEvidenceTable;
  assessment_links: AssessmentLinksTable;
  ledger_reviews: LedgerReviewsTable;
  actions: ActionsTable;
  contact_entries: ContactEntriesTable;
  incident_cases: IncidentCasesTable;
  incident_report_links: IncidentReportLinksTable;
  incident_reports: IncidentReportsTable;
  incident_playbooks: IncidentPlaybooksTable;
  incident_tasks: IncidentTasksTable;
  incident_team_members: IncidentTeamMembersTable;
  incident_timeline: IncidentTimelineTable;
  incident_affected: IncidentAffectedTable;
  incident_observables: IncidentObservablesTable;
  incident_comms: IncidentCommsTable;
  incident_filings: IncidentFilingsTable;
  incident_drafts: IncidentDraftsTable;
  incident_evidence: IncidentEvidenceTable;
  incident_custody: IncidentCustodyTable;
  incident_reviews: IncidentReviewsTable;
  incident_alert_settings: IncidentAlertSettingsTable;
  incident_webhooks: IncidentWebhooksTable;
  incident_alerts: IncidentAlertsTable;
  outbox_messages: OutboxMessagesTable;
  backup_plans: BackupPlansTable;
  backup_runs: BackupRunsTable;
  recovery_targets: RecoveryTargetsTable;
  restore_drills: RestoreDrillsTable;
  exercises: ExercisesTable;
  bcp_versions: BcpVersionsTable;
  binder_prints: BinderPrintsTable;
}

export type { Generated };
