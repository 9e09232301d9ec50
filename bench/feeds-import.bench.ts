/**
 * NVD feed import benchmark (issue 4): generated NVD 2.0 feed files at full scale (about 345,000 CVEs and 1.5
 * million match criteria, bench/feeds-generate.ts), then, in the same run and each in its own child process (so
 * that peak RSS is that phase's own):
 *   1. parse only: read each file and `JSON.parse` it whole (no database) — the yardstick;
 *   2. the full import (`importFeedFiles`, as `mamori feeds import` runs it) into a fresh SQLite database;
 *   3. with `--pg URL`, the same import into a fresh PostgreSQL database.
 *
 *   node --import tsx bench/feeds-import.bench.ts [--cves N] [--pg postgres://user@host:port/postgres] [--cpu-prof]
 *
 * The generated files are cached in /tmp/mamori-bench-feeds-<N> (BENCH_FEEDS_DIR overrides) and reused.
 * Targets: import ≥ 20,000 CVEs/s, ≥ 30 % of the parse-only speed, peak RSS < 1 GB. A benchmark, not a test: it
 * prints the figures (and writes bench/results/feeds-import-<time>.json) whatever they are.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '../src/server/config.ts';
import { startRuntime } from '../src/server/bootstrap.ts';
import { cliCaller } from '../src/server/context.ts';
import { createLogger } from '../src/server/lib/logger.ts';
import { importFeedFiles } from '../src/server/modules/feeds/index.ts';
import { generateNvdFeeds } from './feeds-generate.ts';

const HERE = fileURLToPath(import.meta.url);

interface Phase {
  phase: string;
  cves: number;
  seconds: number;
  cvesPerSecond: number;
  peakRssMb: number;
  criteria?: number;
  failed?: number;
}

function feedFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^nvdcve-2\.0-\d{4}\.json$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

function finish(p: Omit<Phase, 'cvesPerSecond' | 'peakRssMb'>): void {
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`${JSON.stringify({ ...p, seconds: Math.round(p.seconds * 100) / 100, cvesPerSecond: Math.round(p.cves / p.seconds), peakRssMb })}\n`);
}

/** Child: read + JSON.parse each file whole. */
function runParse(dir: string): void {
  let cves = 0;
  const t0 = performance.now();
  for (const f of feedFiles(dir)) {
    const doc = JSON.parse(fs.readFileSync(f, 'utf8')) as { vulnerabilities: unknown[] };
    cves += doc.vulnerabilities.length;
  }
  finish({ phase: 'parse-only', cves, seconds: (performance.now() - t0) / 1000 });
}

/** Child: the import into a fresh database (SQLite data folder, or a PostgreSQL URL). */
async function runImport(dir: string, target: string): Promise<void> {
  const isPg = /^postgres(ql)?:\/\//.test(target);
  const env = isPg ? { MAMORI_DATABASE_URL: target, MAMORI_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'mamori-feeds-bench-pg-')) } : { MAMORI_DATA_DIR: target };
  const config = { ...loadConfig(env), logLevel: 'silent' as const };
  const rt = await startRuntime(config, { logger: createLogger('silent') });
  const files = feedFiles(dir).map((p) => ({ path: p }));
  const t0 = performance.now();
  const r = await importFeedFiles(rt.deps, cliCaller('bench'), files);
  const seconds = (performance.now() - t0) / 1000;
  await rt.close();
  const failed = r.imports.filter((i) => i.status === 'failed');
  if (failed.length > 0) process.stderr.write(`failed: ${failed.map((f) => f.error).join('\n')}\n`);
  finish({
    phase: isPg ? 'import-postgres' : 'import-sqlite',
    cves: r.imports.reduce((n, i) => n + i.records, 0),
    criteria: r.imports.reduce((n, i) => n + i.criteria, 0),
    failed: failed.length,
    seconds,
  });
}

function child(args: string[], cpuProf: boolean): Phase {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MAMORI_')));
  const flags = ['--import', 'tsx', ...(cpuProf ? ['--cpu-prof', '--cpu-prof-dir', path.join(path.dirname(HERE), 'results')] : [])];
  const c = spawnSync(process.execPath, [...flags, HERE, ...args], { encoding: 'utf8', env, maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] });
  if (c.status !== 0) throw new Error(`${args[0]} failed (exit ${c.status})`);
  return JSON.parse(c.stdout.trim().split('\n').pop()!) as Phase;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child-parse') return runParse(argv[1]!);
  if (argv[0] === '--child-import') return runImport(argv[1]!, argv[2]!);

  const opt = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const n = Number(opt('--cves') ?? process.env.BENCH_CVES ?? 345_000);
  const pgUrl = opt('--pg');
  const cpuProf = argv.includes('--cpu-prof');
  const dir = process.env.BENCH_FEEDS_DIR ?? path.join(os.tmpdir(), `mamori-bench-feeds-${n}`);
  const marker = path.join(dir, 'generated.json');
  let gen: { cves: number; criteria: number; bytes: number };
  if (fs.existsSync(marker)) {
    gen = JSON.parse(fs.readFileSync(marker, 'utf8')) as typeof gen;
    console.log(`reusing ${dir}: ${gen.cves} CVEs, ${gen.criteria} criteria, ${(gen.bytes / 1024 / 1024).toFixed(0)} MB`);
  } else {
    const g0 = performance.now();
    const r = generateNvdFeeds({ dir, cves: n });
    gen = { cves: r.cves, criteria: r.criteria, bytes: r.bytes };
    fs.writeFileSync(marker, JSON.stringify(gen));
    console.log(`generated ${r.files.length} files in ${dir}: ${r.cves} CVEs, ${r.criteria} criteria, ${(r.bytes / 1024 / 1024).toFixed(0)} MB in ${((performance.now() - g0) / 1000).toFixed(1)} s`);
  }

  const results: Phase[] = [];
  const parse = child(['--child-parse', dir], false);
  results.push(parse);
  console.log(JSON.stringify(parse));

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mamori-feeds-bench-db-'));
  try {
    const sqlite = child(['--child-import', dir, dataDir], cpuProf);
    results.push(sqlite);
    console.log(JSON.stringify(sqlite));
    console.log(`sqlite database: ${(fs.readdirSync(dataDir).reduce((s, f) => s + fs.statSync(path.join(dataDir, f)).size, 0) / 1024 / 1024).toFixed(0)} MB`);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  if (pgUrl) {
    const name = `mamori_feeds_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(pgUrl);
    u.pathname = `/${name}`;
    try {
      const r = child(['--child-import', dir, u.toString()], false);
      results.push(r);
      console.log(JSON.stringify(r));
    } finally {
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    }
  }

  console.log('');
  for (const r of results.slice(1)) {
    const ratio = r.cvesPerSecond / parse.cvesPerSecond;
    console.log(
      `${r.phase}: ${r.cvesPerSecond.toLocaleString('en')} CVEs/s (${r.seconds} s, ${r.criteria?.toLocaleString('en')} criteria), ` +
        `${(ratio * 100).toFixed(0)} % of parse-only (${parse.cvesPerSecond.toLocaleString('en')} CVEs/s), peak RSS ${r.peakRssMb} MB` +
        ` — targets ≥ 20,000 CVEs/s ${r.cvesPerSecond >= 20_000 ? '✔' : '✘'}, ≥ 30 % ${ratio >= 0.3 ? '✔' : '✘'}, < 1024 MB ${r.peakRssMb < 1024 ? '✔' : '✘'}`,
    );
  }
  const out = path.join(path.dirname(HERE), 'results', `feeds-import-${new Date().toISOString().replaceAll(':', '-').replace('.', '-')}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ generated: gen, node: process.version, cpus: os.cpus().length, results }, null, 2));
  console.log(`written ${path.relative(process.cwd(), out)}`);
}

await main();
