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
} as const;
