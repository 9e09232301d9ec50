/**
 * Asset import benchmark (issue 3): 50,000 assets from CSV and from .xlsx, each imported into a fresh
 * SQLite database in its own child process (so that peak RSS is the import's), then list and search
 * p95 at 50,000 assets through the service.
 *
 *   node --import tsx bench/import.bench.ts            # BENCH_ASSETS=50000 by default
 *
 * Targets: import < 20 s and peak RSS < 500 MB per file; list/search p95 < 50 ms. A benchmark, not a
 * test: it prints the figures (and writes bench/results/import-<time>.json) whatever they are.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/server/config.ts';
import { startRuntime } from '../src/server/bootstrap.ts';
import { cliCaller } from '../src/server/context.ts';
import { createLogger } from '../src/server/lib/logger.ts';
import { createFacility } from '../src/server/modules/facilities/index.ts';
import { createSegment, importAssets, listAssets } from '../src/server/modules/ledger/index.ts';
import { writeCsv, writeXlsx } from '../src/server/modules/ledger/asset-file.ts';
import { ASSET_COLUMNS } from '../src/shared/ledger-import.ts';
import { ASSET_TYPE_LABELS_JA, ASSET_TYPES } from '../src/shared/ledger.ts';

const HERE = fileURLToPath(import.meta.url);
const N = Number(process.env.BENCH_ASSETS ?? 50_000);
const SEGMENTS = ['電子カルテ系', '部門系', '医療機器系', '事務系'];

/** A deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rows(n: number): string[][] {
  const rnd = prng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const out: string[][] = [];
  const cols = ASSET_COLUMNS.filter((c) => c.exported).map((c) => c.key);
  for (let i = 0; i < n; i++) {
    const seg = Math.floor(rnd() * SEGMENTS.length);
    const type = pick(ASSET_TYPES);
    const v: Record<string, string> = {
      name: `${ASSET_TYPE_LABELS_JA[type]}-${String(i).padStart(6, '0')}`,
      asset_tag: `A-${String(i).padStart(6, '0')}`,
      type: ASSET_TYPE_LABELS_JA[type],
      vendor: pick(['NEC', '富士通', 'Dell', 'HPE', 'Canon', 'Fortinet', 'Cisco']),
      product: pick(['Express5800', 'PRIMERGY', 'PowerEdge R750', 'Aquilion', 'FortiGate 60E', 'Catalyst 9300']),
      version: pick(['1.0.3', '6.0.4', '不明', '', '2.4.1']),
      os: pick(['Windows Server 2019', 'Windows 10', 'Windows 7', 'RHEL 8', '']),
      ip: `10.${seg}.${Math.floor(i / 250) % 250}.${(i % 250) + 1}`,
      hostname: `host-${i}`,
      segment: SEGMENTS[seg]!,
      location: `本館${1 + (i % 8)}階`,
      department: pick(['医療情報部', '放射線科', '検査部', '医事課', '総務課']),
      maintainer: pick(['みなとシステム株式会社', 'キヤノンメディカル', '']),
      criticality: String(1 + Math.floor(rnd() * 4)),
      holds_patient_data: rnd() < 0.4 ? 'はい' : 'いいえ',
      exposure: rnd() < 0.05 ? 'インターネットに公開' : '院内のみ',
      end_of_support: rnd() < 0.5 ? `20${20 + Math.floor(rnd() * 12)}/0${1 + Math.floor(rnd() * 9)}/1${Math.floor(rnd() * 9)}` : '',
      notes: rnd() < 0.1 ? '合成データ / synthetic' : '',
    };
    out.push(cols.map((c) => v[c] ?? ''));
  }
  return out;
}

async function generate(dir: string): Promise<void> {
  const headers = ASSET_COLUMNS.filter((c) => c.exported).map((c) => c.ja);
  const data = rows(N);
  fs.writeFileSync(path.join(dir, 'assets.csv'), writeCsv({ name: '資産', headers, rows: data }, 'utf8'));
  fs.writeFileSync(path.join(dir, 'assets.xlsx'), await writeXlsx([{ name: '資産', headers, rows: data }]));
}

/** Child: a fresh SQLite database, one facility with the segments, the import, then list/search timings. */
async function runImport(file: string, dataDir: string): Promise<void> {
  const config = { ...loadConfig({ MAMORI_DATA_DIR: dataDir }), logLevel: 'silent' as const };
  const rt = await startRuntime(config, { logger: createLogger('silent') });
  const caller = cliCaller('bench');
  const f = await createFacility(rt.deps, caller, { code: 'BENCH', name: 'ベンチ病院', kind: 'hospital', beds: 300, prefecture: '東京都', medicalInstitutionCode: null });
  for (const [i, name] of SEGMENTS.entries()) await createSegment(rt.deps, caller, f.id, { name, cidrs: [`10.${i}.0.0/16`], purpose: 'other' });
  const bytes = fs.readFileSync(file);
  const t0 = performance.now();
  const r = await importAssets(rt.deps, caller, f.id, bytes, { fileName: path.basename(file), dryRun: false });
  const seconds = (performance.now() - t0) / 1000;
  if (!r.committed) throw new Error(`import failed: ${JSON.stringify(r.errors.slice(0, 5))}`);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const p95 = async (fn: () => Promise<unknown>, runs = 60) => {
    const ts: number[] = [];
    for (let i = 0; i < runs; i++) {
      const s = performance.now();
      await fn();
      ts.push(performance.now() - s);
    }
    ts.sort((a, b) => a - b);
    return Math.round(ts[Math.floor(runs * 0.95)]! * 10) / 10;
  };
  const base = { sort: 'name', page: 1, pageSize: 50 } as const;
  const list = await p95(() => listAssets(rt.deps, caller, f.id, base));
  const listPage100 = await p95(() => listAssets(rt.deps, caller, f.id, { ...base, page: 100 }));
  const search = await p95(() => listAssets(rt.deps, caller, f.id, { ...base, q: 'host-4999' }));
  const searchIp = await p95(() => listAssets(rt.deps, caller, f.id, { ...base, q: '10.2.33.' }));
  const filter = await p95(() => listAssets(rt.deps, caller, f.id, { ...base, flag: 'end_of_support_passed', type: 'server' }));
  await rt.close();
  process.stdout.write(`${JSON.stringify({ file: path.basename(file), rows: r.rows, created: r.create, seconds: Math.round(seconds * 100) / 100, peakRssMb: Math.round(peakRssMb), p95ms: { list, listPage100, search, searchIp, filter } })}\n`);
}

async function main(): Promise<void> {
  const [mode, a, b] = process.argv.slice(2);
  if (mode === 'import') return runImport(a!, b!);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mamori-import-bench-'));
  try {
    const g0 = performance.now();
    await generate(dir);
    console.log(`generated ${N} assets as CSV (${(fs.statSync(path.join(dir, 'assets.csv')).size / 1e6).toFixed(1)} MB) and xlsx (${(fs.statSync(path.join(dir, 'assets.xlsx')).size / 1e6).toFixed(1)} MB) in ${((performance.now() - g0) / 1000).toFixed(1)} s`);
    const results = [];
    for (const f of ['assets.csv', 'assets.xlsx']) {
      const dataDir = fs.mkdtempSync(path.join(dir, 'db-'));
      const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MAMORI_')));
      const child = spawnSync(process.execPath, ['--import', 'tsx', HERE, 'import', path.join(dir, f), dataDir], { encoding: 'utf8', env, maxBuffer: 1 << 24 });
      if (child.status !== 0) throw new Error(`${f}: ${child.stderr}`);
      const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as { seconds: number; peakRssMb: number };
      results.push(r);
      console.log(JSON.stringify(r));
    }
    console.log('targets: import < 20 s and peak RSS < 500 MB per file; list/search p95 < 50 ms');
    const out = path.join(path.dirname(HERE), 'results', `import-${new Date().toISOString().replaceAll(':', '-').replace('.', '-')}.json`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify({ assets: N, node: process.version, cpus: os.cpus().length, results }, null, 2));
    console.log(`written ${path.relative(process.cwd(), out)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
