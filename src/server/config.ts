import path from 'node:path';

/** Runtime configuration, read once from the environment (README documents every variable). */
export interface Config {
  databaseUrl: string;
  dataDir: string;
  port: number;
  host: string;
  chromiumPath: string | null;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** Send cookies with `Secure`. Defaults to true unless the server is reached over plain http on localhost. */
  secureCookies: boolean;
  trustProxy: boolean;
  logLevel: string;
  lockoutThreshold: number;
  lockoutMinutes: number;
  webDir: string;
  /** Online feed sync allowed (MAMORI_FEED_SYNC=1). Off by default: hospital networks are often air-gapped. */
  feedSync: boolean;
  /** NVD API key (MAMORI_NVD_API_KEY): a secret, sent only as the `apiKey` header, never logged or stored. */
  nvdApiKey: string | null;
  nvdApiUrl: string;
  kevUrl: string;
  epssUrl: string;
  jvnApiUrl: string;
}

function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number (got "${raw}")`);
  return n;
}

function urlEnv(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new Error(`${name} must be an http(s) URL (got "${raw}")`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`${name} must be an http(s) URL (got "${raw}")`);
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.MAMORI_DATA_DIR || './data');
  const databaseUrl = env.MAMORI_DATABASE_URL || path.join(dataDir, 'mamori.sqlite');
  return {
    databaseUrl,
    dataDir,
    port: intEnv(env, 'MAMORI_PORT', 8080),
    host: env.MAMORI_HOST || '0.0.0.0',
    chromiumPath: env.MAMORI_CHROMIUM || null,
    sessionIdleMinutes: intEnv(env, 'MAMORI_SESSION_IDLE_MINUTES', 30),
    sessionAbsoluteHours: intEnv(env, 'MAMORI_SESSION_ABSOLUTE_HOURS', 12),
    secureCookies: env.MAMORI_SECURE_COOKIES === 'true',
    trustProxy: env.MAMORI_TRUST_PROXY === 'true',
    logLevel: env.MAMORI_LOG_LEVEL || 'info',
    lockoutThreshold: intEnv(env, 'MAMORI_LOCKOUT_THRESHOLD', 5),
    lockoutMinutes: intEnv(env, 'MAMORI_LOCKOUT_MINUTES', 15),
    webDir: path.resolve(env.MAMORI_WEB_DIR || './dist/web'),
    feedSync: env.MAMORI_FEED_SYNC === '1' || env.MAMORI_FEED_SYNC === 'true',
    nvdApiKey: env.MAMORI_NVD_API_KEY?.trim() || null,
    nvdApiUrl: urlEnv(env, 'MAMORI_NVD_API_URL', 'https://services.nvd.nist.gov/rest/json/cves/2.0'),
    kevUrl: urlEnv(env, 'MAMORI_KEV_URL', 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json'),
    epssUrl: urlEnv(env, 'MAMORI_EPSS_URL', 'https://epss.empiricalsecurity.com/epss_scores-current.csv.gz'),
    jvnApiUrl: urlEnv(env, 'MAMORI_JVN_API_URL', 'https://jvndb.jvn.jp/myjvn'),
  };
}

/** Masks the password in a postgres URL for display and logs. */
export function redactUrl(url: string): string {
  return url.replace(/(postgres(?:ql)?:\/\/[^:/@]+:)[^@]*@/i, '$1***@');
}
