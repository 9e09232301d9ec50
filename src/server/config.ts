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
  /**
   * SMTP relay for incident alerts (MAMORI_SMTP_URL: smtp:// or smtps://, optionally user:pass@). A secret when it
   * carries a password: shown only through redactUrl, never logged. Null: e-mail alerts are skipped (and recorded so).
   */
  smtpUrl: string | null;
  /** Sender of alert e-mails (MAMORI_MAIL_FROM). */
  mailFrom: string;
  /** Address people use to reach mamori (MAMORI_PUBLIC_URL, no trailing slash), for links in e-mails and webhooks. */
  publicUrl: string | null;
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

function smtpEnv(env: NodeJS.ProcessEnv): string | null {
  const raw = env.MAMORI_SMTP_URL?.trim();
  if (!raw) return null;
  let u: URL | null = null;
  try {
    u = new URL(raw);
  } catch {
    u = null;
  }
  // The message never repeats the value: it may carry the relay's password.
  if (!u || (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') || !u.hostname) throw new Error('MAMORI_SMTP_URL must be smtp://[user:pass@]host[:port] or smtps://…');
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
    smtpUrl: smtpEnv(env),
    mailFrom: env.MAMORI_MAIL_FROM?.trim() || 'mamori <mamori@localhost>',
    publicUrl: env.MAMORI_PUBLIC_URL?.trim() ? urlEnv(env, 'MAMORI_PUBLIC_URL', '').replace(/\/+$/, '') : null,
  };
}

/** Masks the password in a postgres or SMTP URL for display and logs. */
export function redactUrl(url: string): string {
  return url.replace(/((?:postgres(?:ql)?|smtps?):\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}
