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
} as const;
