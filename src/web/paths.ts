/** URL paths of the app. */
export const PATHS = {
  dashboard: '/',
  login: '/login',
  setup: '/setup',
  facilities: '/settings/facilities',
  users: '/settings/users',
  user: (id: string) => `/settings/users/${encodeURIComponent(id)}`,
  audit: '/settings/audit',
  tokens: '/settings/tokens',
  profile: '/profile',
  assets: '/ledger/assets',
  asset: (id: string) => `/ledger/assets/${encodeURIComponent(id)}`,
  segments: '/ledger/segments',
  connections: '/ledger/connections',
  connection: (id: string) => `/ledger/connections/${encodeURIComponent(id)}`,
  /** The approval inbox: connection requests awaiting the security manager. */
  approvals: '/ledger/approvals',
  vendors: '/ledger/vendors',
  vendor: (id: string) => `/ledger/vendors/${encodeURIComponent(id)}`,
  /** Vulnerabilities: overview (known-exploited exposure first), findings, per-CVE pages, coverage, feeds, policy. */
  vulns: '/vulns',
  vulnFindings: '/vulns/findings',
  vulnFinding: (id: string) => `/vulns/findings/${encodeURIComponent(id)}`,
  vulnCve: (vulnId: string) => `/vulns/cve/${encodeURIComponent(vulnId)}`,
  vulnCoverage: '/vulns/coverage',
  vulnFeeds: '/vulns/feeds',
  vulnPolicy: '/vulns/policy',
  /** Checklists (assessments): the list, one assessment's answering page, its history, and the comparison of two. */
  assessments: '/assessments',
  assessment: (id: string) => `/assessments/${encodeURIComponent(id)}`,
  assessmentCompare: '/assessments/compare',
  /** Frameworks (checklists as data): the list and one version's items. */
  frameworks: '/frameworks',
  framework: (id: string, version: string) => `/frameworks/${encodeURIComponent(id)}/${encodeURIComponent(version)}`,
  /** Actions (improvement work) of the current facility. */
  actions: '/actions',
  /** Incidents: the case list (with the legal deadlines), the triage inbox and one report. */
  incidents: '/incidents',
  incidentInbox: '/incidents/inbox',
  incidentReport: (id: string) => `/incidents/reports/${encodeURIComponent(id)}`,
  /** One incident case (notification links and alert e-mails point here); `?tab=` opens a tab. */
  incidentCase: (id: string) => `/incidents/cases/${encodeURIComponent(id)}`,
  /** Incidents: the contact chart. */
  incidentContacts: '/incidents/contacts',
  /** The one-minute incident report ("incident?"), the caller's own reports, the poster link (admin) and its public page. */
  incidentReportNew: '/incidents/report',
  incidentMyReports: '/incidents/my-reports',
  incidentReportLink: '/incidents/report-link',
  publicReport: (token: string) => `/r/${encodeURIComponent(token)}`,
  /** Incidents: alert settings and webhooks; playbooks and one category's editor. */
  incidentSettings: '/incidents/settings',
  incidentPlaybooks: '/incidents/playbooks',
  incidentPlaybook: (category: string) => `/incidents/playbooks/${encodeURIComponent(category)}`,
  /** Resilience: backups and one plan, recovery targets/order, restore drills, exercises, the BCP, the binder. */
  backups: '/resilience/backups',
  backupPlan: (id: string) => `/resilience/backups/${encodeURIComponent(id)}`,
  recovery: '/resilience/recovery',
  drills: '/resilience/drills',
  drill: (id: string) => `/resilience/drills/${encodeURIComponent(id)}`,
  exercises: '/resilience/exercises',
  exercise: (id: string) => `/resilience/exercises/${encodeURIComponent(id)}`,
  bcp: '/resilience/bcp',
  bcpVersion: (id: string) => `/resilience/bcp/${encodeURIComponent(id)}`,
  binder: '/resilience/binder',
  /** The public vendor sheet behind a signed link (no login, outside the app shell). */
  vendorSheet: (token: string) => `/vendor-sheet/${encodeURIComponent(token)}`,
} as const;
