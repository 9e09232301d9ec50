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
}

function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number (got "${raw}")`);
  return n;
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
  };
}

/** Masks the password in a postgres URL for display and logs. */
export function redactUrl(url: string): string {
  return url.replace(/(postgres(?:ql)?:\/\/[^:/@]+:)[^@]*@/i, '$1***@');
}
