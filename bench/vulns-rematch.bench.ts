/**
 * Re-match benchmark (issue 4): 20,000 assets over realistic products and versions against generated NVD-shaped
 * CVE records (configurations + candidate index) with realistic criteria counts per product.
 *
 *   node --import tsx bench/vulns-rematch.bench.ts [--assets 20000] [--memory | --pg postgres://…]
 *
 * SQLite runs on a temporary database file as deployed (WAL); `--memory` uses an in-memory database instead.
 * Prints: the first full re-match (creates the findings), a steady-state full re-match (nothing changed), and
 * the re-match after one asset change through the ledger service (median of 20 runs). Targets: full < 10 s,
 * one asset < 100 ms.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/server/config.ts';
import { cliCaller, type Deps } from '../src/server/context.ts';
import { openDatabase } from '../src/server/db/database.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { systemClock } from '../src/server/lib/clock.ts';
import { newId } from '../src/server/lib/ids.ts';
import { createLogger } from '../src/server/lib/logger.ts';
import { SecretBox } from '../src/server/lib/secret-box.ts';
import { insertFacilityTx } from '../src/server/modules/facilities/index.ts';
import { updateAsset } from '../src/server/modules/ledger/index.ts';
import { createEntryDeviceSignals, createVulnHooks, rematchFacility } from '../src/server/modules/vulns/index.ts';
import { prng } from './feeds-generate.ts';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const ASSETS = Number(arg('--assets') ?? 20_000);
const PG = arg('--pg');
const MEMORY = args.includes('--memory');
const rnd = prng(4);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

/** Products: (part, vendor, product), the versions assets run, CVE count, criteria per CVE. */
interface ProductSpec {
  part: 'o' | 'a';
  vendor: string;
  product: string;
  trains: string[];
  patches: number;
  cves: number;
  /** Asset templates producing this identity. */
  asset: (version: string) => { type: string; vendor: string; product: string; version: string | null; os: string | null };
  share: number;
}

const PRODUCTS: ProductSpec[] = [
  { part: 'o', vendor: 'fortinet', product: 'fortios', trains: ['5.6', '6.0', '6.2', '6.4', '7.0', '7.2', '7.4'], patches: 18, cves: 320, share: 0.06, asset: (v) => ({ type: 'vpn_gateway', vendor: 'Fortinet', product: pick(['FortiGate 60E', 'FortiGate 100F', 'FortiGate 40F']), version: v, os: null }) },
  { part: 'o', vendor: 'cisco', product: 'ios_xe', trains: ['16.9', '16.12', '17.3', '17.6', '17.9'], patches: 8, cves: 450, share: 0.12, asset: (v) => ({ type: 'network_device', vendor: 'Cisco', product: pick(['Catalyst 9200', 'Catalyst 9300', 'Catalyst 9500']), version: `IOS XE ${v}`, os: null }) },
  { part: 'o', vendor: 'paloaltonetworks', product: 'pan-os', trains: ['9.1', '10.1', '10.2', '11.0', '11.1'], patches: 14, cves: 180, share: 0.03, asset: (v) => ({ type: 'firewall', vendor: 'Palo Alto Networks', product: 'PA-3220', version: `PAN-OS ${v}`, os: null }) },
  { part: 'o', vendor: 'citrix', product: 'application_delivery_controller_firmware', trains: ['12.1', '13.0', '13.1', '14.1'], patches: 12, cves: 90, share: 0.01, asset: (v) => ({ type: 'vpn_gateway', vendor: 'Citrix', product: 'NetScaler ADC', version: `${v}-${10 + Math.floor(rnd() * 40)}.${Math.floor(rnd() * 60)}`, os: null }) },
  { part: 'o', vendor: 'microsoft', product: 'windows_10_22h2', trains: [], patches: 0, cves: 40, share: 0.3, asset: () => ({ type: 'client_pc', vendor: 'NEC', product: 'Mate タイプMC', version: '22H2', os: 'Windows 10 Enterprise 22H2' }) },
  { part: 'o', vendor: 'microsoft', product: 'windows_server_2019', trains: [], patches: 0, cves: 40, share: 0.08, asset: () => ({ type: 'server', vendor: 'Dell', product: 'PowerEdge R750', version: 'BIOS 1.10.2', os: 'Windows Server 2019' }) },
  { part: 'o', vendor: 'microsoft', product: 'windows_7', trains: [], patches: 0, cves: 40, share: 0.05, asset: () => ({ type: 'medical_device', vendor: 'メーカー', product: 'モダリティ', version: 'V4.2', os: 'Windows 7 Professional SP1' }) },
];

function version(p: ProductSpec): string {
  return `${pick(p.trains)}.${Math.floor(rnd() * p.patches)}`;
}

/** One CVE's configurations: 1–4 range criteria (one per train) for versioned products, the plain product for Windows. */
function configurations(p: ProductSpec): unknown[] {
  const base = `cpe:2.3:${p.part}:${p.vendor}:${p.product}`;
  if (p.trains.length === 0) {
    return [{ operator: 'OR', negate: false, nodes: [{ operator: 'OR', negate: false, matches: [{ criteria: `${base}:-:*:*:*:*:*:*:*`, vulnerable: true }] }] }];
  }
  const trains = p.trains.filter(() => rnd() < 0.5).slice(0, 4);
  if (trains.length === 0) trains.push(pick(p.trains));
  const matches = trains.map((t) => ({ criteria: `${base}:*:*:*:*:*:*:*:*`, vulnerable: true, startIncl: `${t}.0`, endExcl: `${t}.${1 + Math.floor(rnd() * p.patches)}` }));
  return [{ operator: 'OR', negate: false, nodes: [{ operator: 'OR', negate: false, matches }] }];
}

async function main(): Promise<void> {
  let url = ':memory:';
  let dropDb: (() => Promise<void>) | undefined;
  if (!PG && !MEMORY) {
    // A database file as deployed (WAL, the connection settings of db/database.ts), removed afterwards.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mamori-bench-'));
    url = path.join(dir, 'bench.sqlite');
    dropDb = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  if (PG) {
    const name = `mamori_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(PG);
    u.pathname = `/${name}`;
    url = u.toString();
    dropDb = async () => {
      const c = new pg.Client({ connectionString: PG });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
  const handle = openDatabase(url, { poolSize: 5 });
  await migrateToLatest(handle);
  const deps: Deps = {
    db: handle.db,
    dialect: handle.dialect,
    clock: systemClock,
    config: { ...loadConfig({}), databaseUrl: url, logLevel: 'silent' },
    secrets: SecretBox.fromKey(randomBytes(32).toString('hex')),
    logger: createLogger('silent'),
    vulnHooks: createVulnHooks(),
    entryDeviceSignals: createEntryDeviceSignals(),
  };
  const caller = cliCaller('bench');
  try {
    const now = new Date().toISOString();
    // Feeds: CVE records and their candidate-index rows, plus unrelated products as background.
    let cveNo = 0;
    const cves: { id: string; configurations: string; vuln_status: string; cvss3_score: number; imported_at: string; cwes: string; refs: string }[] = [];
    const index: { vendor: string; product: string; vuln_id: string; part: string }[] = [];
    const kev: string[] = [];
    for (const p of PRODUCTS) {
      for (let i = 0; i < p.cves; i++) {
        const id = `CVE-${2015 + (cveNo % 11)}-${String(100000 + cveNo++)}`;
        cves.push({ id, configurations: JSON.stringify(configurations(p)), vuln_status: 'Analyzed', cvss3_score: Math.round(rnd() * 100) / 10, imported_at: now, cwes: '[]', refs: '[]' });
        index.push({ vendor: p.vendor, product: p.product, vuln_id: id, part: p.part });
        if (rnd() < 0.05) kev.push(id);
      }
    }
    for (let i = 0; i < 20_000; i++) {
      const id = `CVE-2024-${String(500000 + i)}`;
      const vendor = `vendor${i % 2000}`;
      cves.push({ id, configurations: JSON.stringify([{ operator: 'OR', negate: false, nodes: [{ operator: 'OR', negate: false, matches: [{ criteria: `cpe:2.3:a:${vendor}:product${i % 7}:*:*:*:*:*:*:*:*`, vulnerable: true, endExcl: '2.0' }] }] }]), vuln_status: 'Analyzed', cvss3_score: 5, imported_at: now, cwes: '[]', refs: '[]' });
      index.push({ vendor, product: `product${i % 7}`, vuln_id: id, part: 'a' });
    }
    for (let i = 0; i < cves.length; i += 500) await deps.db.insertInto('cves').values(cves.slice(i, i + 500)).execute();
    for (let i = 0; i < index.length; i += 1000) await deps.db.insertInto('vuln_products').values(index.slice(i, i + 1000)).execute();
    for (let i = 0; i < kev.length; i += 500) {
      await deps.db
        .insertInto('kev_entries')
        .values(kev.slice(i, i + 500).map((id) => ({ cve_id: id, vendor_project: 'x', product: 'x', name: 'x', date_added: '2024-01-01', short_description: 'x', required_action: 'x', due_date: '2024-01-22', ransomware: rnd() < 0.3 ? 1 : 0, cwes: '[]' })))
        .execute();
    }

    const facility = await deps.db.transaction().execute((trx) => insertFacilityTx(deps, trx, caller, { code: 'BENCH', name: 'ベンチ病院', kind: 'hospital', beds: 800, prefecture: '東京都', medicalInstitutionCode: null }));
    const F = facility.id;
    const rows = [];
    for (let i = 0; i < ASSETS; i++) {
      const r = rnd();
      let acc = 0;
      const p = PRODUCTS.find((x) => (acc += x.share) > r);
      const a = p ? p.asset(p.trains.length ? version(p) : '') : { type: 'application', vendor: '株式会社ラボシステム', product: `部門システム${i % 50}`, version: `${1 + (i % 5)}.0`, os: null };
      rows.push({
        id: newId(),
        facility_id: F,
        name: `資産 ${i}`,
        asset_tag: `A-${String(i).padStart(6, '0')}`,
        type: a.type,
        vendor: a.vendor,
        product: a.product,
        version: a.version,
        cpe: null,
        os: a.os,
        ips: '[]',
        macs: '[]',
        hostname: null,
        segment_id: null,
        location: null,
        department: null,
        maintainer_text: null,
        vendor_id: null,
        criticality: 1 + (i % 4),
        holds_patient_data: i % 3 === 0 ? 1 : 0,
        exposure: p?.product === 'fortios' ? 'internet' : i % 20 === 0 ? 'vendor_line' : 'internal',
        install_date: null,
        end_of_support: null,
        last_patched: null,
        tags: '[]',
        notes: null,
        ip_outside_segment: 0,
        created_at: now,
        updated_at: now,
        deleted_at: null,
      });
    }
    for (let i = 0; i < rows.length; i += 500) await deps.db.insertInto('assets').values(rows.slice(i, i + 500)).execute();
    const forti = rows.find((r) => r.product?.startsWith('FortiGate'))!;

    const t0 = performance.now();
    const first = await rematchFacility(deps, caller, F);
    const firstMs = performance.now() - t0;
    const t1 = performance.now();
    const steady = await rematchFacility(deps, caller, F);
    const steadyMs = performance.now() - t1;

    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const s = performance.now();
      await updateAsset(deps, caller, F, forti.id, { version: i % 2 === 0 ? '7.4.99' : (forti.version ?? '6.0.1') });
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    const median = (times[9]! + times[10]!) / 2;

    if (process.env.BENCH_DIAG) {
      const hooks = deps.vulnHooks;
      delete deps.vulnHooks;
      let s = performance.now();
      await updateAsset(deps, caller, F, forti.id, { version: '7.4.98' });
      console.log(`diag: update without hook ${(performance.now() - s).toFixed(1)} ms`);
      deps.vulnHooks = hooks;
      const { rematchAssets } = await import('../src/server/modules/vulns/index.ts');
      s = performance.now();
      await deps.db.transaction().execute((trx) => rematchAssets(deps, trx, caller, F, [forti.id]));
      console.log(`diag: rematchAssets alone ${(performance.now() - s).toFixed(1)} ms`);
    }
    const findings = await deps.db.selectFrom('vuln_findings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    console.log(`dialect ${deps.dialect}; ${ASSETS} assets (${first.identified} identified); ${cves.length} CVEs, ${index.length} candidate rows; ${Number(findings.n)} findings`);
    console.log(`full re-match, first run (creates findings): ${(firstMs / 1000).toFixed(2)} s  [created ${first.created}]`);
    console.log(`full re-match, steady state:                 ${(steadyMs / 1000).toFixed(2)} s  [updated ${steady.updated}] (target < 10 s)`);
    console.log(`one asset changed via the ledger (median of 20, incl. update + audit): ${median.toFixed(1)} ms (target < 100 ms); min ${times[0]!.toFixed(1)}, max ${times.at(-1)!.toFixed(1)}`);
  } finally {
    await handle.close();
    if (dropDb) await dropDb();
  }
}

await main();
