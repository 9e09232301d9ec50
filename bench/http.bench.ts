/**
 * HTTP benchmark of a real mamori server (see bench/README.md).
 *
 *   npm run bench                       # SQLite in a fresh temp dir, 10 s per endpoint
 *   BENCH_SECONDS=30 npm run bench
 *   MAMORI_DATABASE_URL=postgres://user:pw@host:5432/postgres npm run bench
 *     # PostgreSQL: a fresh database `mamori_bench_…` is created on that server and dropped afterwards
 *
 * The server runs as a separate child process (`mamori serve`); autocannon runs in this process.
 * Exits 0 whether or not the targets are met, non-zero when the server cannot be set up or started,
 * or when requests fail (connection errors, timeouts or non-2xx answers).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon, { type Result } from 'autocannon';
import pg from 'pg';
import { currentTotp } from '../src/server/modules/auth/totp.ts';
import type { SeedSummary } from './seed.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const RESULTS_DIR = path.join(ROOT, 'bench', 'results');

function intEnv(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number ≥ ${min} (got "${raw}")`);
  return n;
}

const SETTINGS = {
  seconds: intEnv('BENCH_SECONDS', 10),
  warmupSeconds: intEnv('BENCH_WARMUP_SECONDS', 2, 0),
  connections: intEnv('BENCH_CONNECTIONS', 50),
  pipelining: 1,
  facilities: intEnv('BENCH_FACILITIES', 20),
  users: intEnv('BENCH_USERS', 500, 0),
  auditEvents: intEnv('BENCH_AUDIT_EVENTS', 3000, 0),
  staffFacilities: intEnv('BENCH_STAFF_FACILITIES', 5),
};
const CPU_PROF = process.env.BENCH_CPU_PROF === '1';
const KEEP = process.env.BENCH_KEEP === '1';

/** The password of every bench account (a throwaway database; never a real one). */
const PASSWORD = 'Bench!Passw0rd-2026';
const ADMIN_EMAIL = 'admin@bench.example.jp';
const STAFF_EMAIL = 'staff@bench.example.jp';
const SECMGR_EMAIL = 'secmgr@bench.example.jp';
const BASE_FACILITY = 'BENCH-000';

// ---------------------------------------------------------------------------------------------
// Processes

interface Exited {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node --import tsx <script> …args` to completion, with `input` on standard input. */
function runNode(script: string, args: string[], env: NodeJS.ProcessEnv, input: string): Promise<Exited> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (script.includes('seed')) process.stderr.write(d);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(`${input}\n`);
  });
}

async function mamori(args: string[], env: NodeJS.ProcessEnv, input: string): Promise<string> {
  const r = await runNode('src/cli/main.ts', args, env, input);
  if (r.code !== 0) throw new Error(`mamori ${args[0]} failed (exit ${r.code}):\n${r.stdout}${r.stderr}`);
  return r.stdout.trim();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Server {
  child: ChildProcess;
  base: string;
  output: () => string;
}

async function startServer(env: NodeJS.ProcessEnv, port: number, profDir: string | null): Promise<Server> {
  const nodeArgs = [...(profDir ? ['--cpu-prof', '--cpu-prof-dir', profDir] : []), '--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', String(port), '--host', '127.0.0.1'];
  const child = spawn(process.execPath, nodeArgs, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', (d: Buffer) => {
    keep(d);
    process.stderr.write(`[server] ${d.toString()}`);
  });
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`the server exited (code ${exited}) before answering:\n${out}`);
    try {
      const res = await fetch(`${base}/api/v1/health`);
      if (res.status === 200) return { child, base, output: () => out };
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  child.kill('SIGKILL');
  throw new Error(`the server did not answer /api/v1/health within 60 s:\n${out}`);
}

async function stopServer(server: Server): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await done;
  clearTimeout(timer);
}

// ---------------------------------------------------------------------------------------------
// A cookie-keeping HTTP client (one browser)

class Browser {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method: string, url: string, body?: unknown): Promise<{ status: number; json: unknown; text: string }> {
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0) headers.cookie = this.cookieHeader();
    if (method !== 'GET' && this.cookies.has('mamori_csrf')) headers['x-csrf-token'] = this.cookies.get('mamori_csrf')!;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.base}${url}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
    for (const c of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now()) || attrs.some((a) => /^\s*max-age=0$/i.test(a));
      if (value === '' || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, json, text };
  }

  /**
   * Logs in and completes what a first login asks for (a new password when an administrator chose
   * the current one, MFA enrolment when the role requires it). Returns the Cookie header.
   */
  async login(email: string, password: string): Promise<string> {
    await this.request('GET', '/api/v1/setup/status');
    if (!this.cookies.has('mamori_csrf')) throw new Error('no mamori_csrf cookie from /api/v1/setup/status');
    const step = async (what: string, url: string, body: unknown): Promise<string> => {
      const res = await this.request('POST', url, body);
      if (res.status !== 200) throw new Error(`${what} of ${email} failed: ${res.status} ${res.text}`);
      return (res.json as { stage: string }).stage;
    };
    let stage = await step('login', '/api/v1/auth/login', { email, password });
    for (let i = 0; stage !== 'full' && i < 3; i++) {
      if (stage === 'change_password') {
        stage = await step('password change', '/api/v1/me/password', { currentPassword: password, newPassword: `${password}-renewed` });
      } else if (stage === 'enroll_mfa') {
        const start = await this.request('POST', '/api/v1/auth/mfa/enroll/start', {});
        if (start.status !== 200) throw new Error(`MFA enrolment of ${email} failed: ${start.status} ${start.text}`);
        const { secret } = start.json as { secret: string };
        stage = await step('MFA confirmation', '/api/v1/auth/mfa/enroll/confirm', { code: currentTotp(secret) });
      } else {
        break;
      }
    }
    if (stage !== 'full') throw new Error(`login of ${email} ended at stage ${stage}`);
    if (!this.cookies.has('mamori_session')) throw new Error(`no session cookie for ${email}`);
    return this.cookieHeader();
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: a fresh database on the given server

async function createPgDatabase(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `mamori_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Measuring

interface Target {
  minRps: number;
  maxP99Ms?: number;
}

interface Endpoint {
  name: string;
  path: string;
  cookie: string | null;
  target: Target;
}

interface Row {
  endpoint: string;
  path: string;
  authenticated: boolean;
  responseBytes: number;
  requestsPerSec: number;
  latencyAvgMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  totalRequests: number;
  /** Server process CPU time (user + system) per request during the measured run, in µs. */
  serverCpuUsPerRequest: number | null;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  target: string;
  pass: boolean;
}

function describe(t: Target): string {
  return `≥ ${t.minRps} req/s${t.maxP99Ms !== undefined ? `, p99 < ${t.maxP99Ms} ms` : ''}`;
}

/** CPU time (user + system, ms) used so far by a process, from /proc (Linux); null elsewhere. */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();
function cpuMs(pid: number | undefined): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

async function measure(base: string, serverPid: number | undefined, e: Endpoint): Promise<Row> {
  const headers: Record<string, string> = e.cookie ? { cookie: e.cookie } : {};
  const opts = {
    url: `${base}${e.path}`,
    connections: SETTINGS.connections,
    pipelining: SETTINGS.pipelining,
    timeout: 10,
    headers,
  };
  const probe = await fetch(opts.url, { headers: opts.headers });
  const body = await probe.text();
  if (probe.status !== 200) throw new Error(`${e.name}: GET ${e.path} answered ${probe.status}: ${body.slice(0, 300)}`);
  if (SETTINGS.warmupSeconds > 0) await autocannon({ ...opts, duration: SETTINGS.warmupSeconds });
  process.stderr.write(`measuring ${e.name} (${e.path}) for ${SETTINGS.seconds} s …\n`);
  const cpuBefore = cpuMs(serverPid);
  const r: Result = await autocannon({ ...opts, duration: SETTINGS.seconds });
  const cpuAfter = cpuMs(serverPid);
  const pass = r.requests.average >= e.target.minRps && (e.target.maxP99Ms === undefined || r.latency.p99 < e.target.maxP99Ms);
  return {
    endpoint: e.name,
    path: e.path,
    authenticated: e.cookie !== null,
    responseBytes: Buffer.byteLength(body),
    requestsPerSec: Math.round(r.requests.average),
    latencyAvgMs: Math.round(r.latency.average * 100) / 100,
    p50Ms: r.latency.p50,
    p90Ms: r.latency.p90,
    p99Ms: r.latency.p99,
    maxMs: r.latency.max,
    totalRequests: r.requests.total,
    serverCpuUsPerRequest: cpuBefore !== null && cpuAfter !== null && r.requests.total > 0 ? Math.round(((cpuAfter - cpuBefore) * 1000) / r.requests.total) : null,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats).map(([k, v]) => [k, v.count])),
    target: describe(e.target),
    pass,
  };
}

function printTable(rows: Row[]): void {
  const head = ['endpoint', 'req/s (avg)', 'p50 ms', 'p99 ms', 'errors', 'non-2xx', 'server CPU µs/req', 'target', 'result'];
  const body = rows.map((r) => [
    r.endpoint,
    String(r.requestsPerSec),
    String(r.p50Ms),
    String(r.p99Ms),
    String(r.errors),
    String(r.non2xx),
    r.serverCpuUsPerRequest === null ? '–' : String(r.serverCpuUsPerRequest),
    r.target,
    r.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 7 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const cleanups: (() => Promise<void>)[] = [];
  let cleaning: Promise<void> | null = null;
  const cleanup = () =>
    (cleaning ??= (async () => {
      for (const c of cleanups.reverse()) {
        try {
          await c();
        } catch (e) {
          console.error(`cleanup: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    })());
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping the server and cleaning up …`);
    void cleanup().then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mamori-bench-'));
    cleanups.push(async () => {
      if (KEEP) console.error(`kept ${dataDir} (BENCH_KEEP=1)`);
      else fs.rmSync(dataDir, { recursive: true, force: true });
    });

    // A clean environment for the server: no MAMORI_* settings leak in from the caller's shell.
    const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MAMORI_')));
    Object.assign(env, { MAMORI_DATA_DIR: dataDir, MAMORI_LOG_LEVEL: 'warn', MAMORI_HOST: '127.0.0.1' });
    let dialect: 'sqlite' | 'postgres' = 'sqlite';
    const requested = process.env.MAMORI_DATABASE_URL;
    if (requested && /^postgres(ql)?:\/\//i.test(requested)) {
      const db = await createPgDatabase(requested);
      cleanups.push(db.drop);
      env.MAMORI_DATABASE_URL = db.url;
      dialect = 'postgres';
    } else if (requested) {
      console.error('MAMORI_DATABASE_URL is not a postgres:// URL; the benchmark uses SQLite in a fresh temp dir instead.');
    }

    console.error(`data dir ${dataDir} (${dialect}); setting up …`);
    const t0 = Date.now();
    await mamori(['setup', '--facility-code', BASE_FACILITY, '--facility-name', 'ベンチ総合病院', '--admin-email', ADMIN_EMAIL, '--admin-password-stdin'], env, PASSWORD);
    await mamori(['user', 'add', '--email', STAFF_EMAIL, '--role', 'staff', '--facility', BASE_FACILITY, '--name', 'ベンチ 職員', '--password-stdin'], env, PASSWORD);
    const seeded = await runNode(
      'bench/seed.ts',
      [],
      {
        ...env,
        BENCH_BASE_FACILITY: BASE_FACILITY,
        BENCH_FACILITIES: String(SETTINGS.facilities),
        BENCH_USERS: String(SETTINGS.users),
        BENCH_AUDIT_EVENTS: String(SETTINGS.auditEvents),
        BENCH_STAFF_EMAIL: STAFF_EMAIL,
        BENCH_STAFF_FACILITIES: String(SETTINGS.staffFacilities),
        BENCH_SECURITY_MANAGER_EMAIL: SECMGR_EMAIL,
      },
      PASSWORD,
    );
    if (seeded.code !== 0) throw new Error(`bench/seed.ts failed (exit ${seeded.code})`);
    const data = JSON.parse(seeded.stdout.trim().split('\n').pop()!) as SeedSummary;
    console.error(`set up and seeded in ${Math.round((Date.now() - t0) / 1000)} s`);

    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const profDir = CPU_PROF ? path.join(RESULTS_DIR, `prof-${stamp}`) : null;
    const server = await startServer(env, await freePort(), profDir);
    cleanups.push(() => stopServer(server));

    const staffCookie = await new Browser(server.base).login(STAFF_EMAIL, PASSWORD);
    const secmgrCookie = await new Browser(server.base).login(SECMGR_EMAIL, PASSWORD);

    const listTarget: Target = { minRps: 1000, maxP99Ms: 50 };
    const endpoints: Endpoint[] = [
      { name: 'health', path: '/api/v1/health', cookie: null, target: { minRps: 5000 } },
      { name: 'facilities (staff)', path: '/api/v1/facilities', cookie: staffCookie, target: listTarget },
      { name: 'users (security_manager)', path: `/api/v1/users?facilityId=${encodeURIComponent(data.managedFacilityId!)}`, cookie: secmgrCookie, target: listTarget },
    ];
    const rows: Row[] = [];
    for (const e of endpoints) rows.push(await measure(server.base, server.child.pid, e));

    console.log(
      `\nmamori HTTP benchmark — ${dialect}, ${os.cpus().length} CPUs, node ${process.version}, ${SETTINGS.connections} connections, ${SETTINGS.seconds} s each; ` +
        `${data.facilityIds.length} facilities, ${data.users} users, ${data.auditEvents} audit events\n`,
    );
    printTable(rows);

    const failed = rows.filter((r) => r.errors > 0 || r.non2xx > 0);
    const report = {
      benchmark: 'http',
      timestamp: new Date().toISOString(),
      git: { commit: git(['rev-parse', '--short', 'HEAD']), dirty: (git(['status', '--porcelain', 'src']) ?? '') !== '' },
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, memoryGiB: Math.round(os.totalmem() / 2 ** 30), platform: `${os.platform()} ${os.release()}`, node: process.version },
      dialect,
      settings: SETTINGS,
      data: { facilities: data.facilityIds.length, users: data.users, roles: data.roles, sessions: data.sessions, auditEvents: data.auditEvents, seedSeconds: data.seconds },
      results: rows,
      ok: failed.length === 0,
      ...(profDir && { cpuProfileDir: profDir }),
    };
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `http-${stamp}.json`);
    fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nwritten ${path.relative(ROOT, file)}`);

    await cleanup();
    if (profDir) console.log(`CPU profile of the server: ${path.relative(ROOT, profDir)}`);
    if (failed.length > 0) {
      console.error(`\nrequests failed: ${failed.map((r) => `${r.endpoint} (errors ${r.errors}, non-2xx ${r.non2xx}: ${JSON.stringify(r.statusCodes)})`).join('; ')}`);
      return 1;
    }
    return 0;
  } catch (e) {
    console.error(`\nbenchmark failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    await cleanup();
    return 1;
  }
}

process.exit(await main());
