/**
 * Checklist benchmark (issue 5): the live auto-evaluation, the assessment detail, answering and the inspection export
 * of the MHLW hospital checklist (mhlw-hospital r7) for a large hospital.
 *
 *   node --import tsx bench/assessments.bench.ts [--pg postgres://…] [--vendor-sheets 10] [--no-pdf] [--explain]
 *
 * Data (seeded, the same on every run except ids and times), written with direct inserts in the shape the services
 * write: 5,000 live assets of every type (1,500 client PCs, 300 network devices incl. firewalls and VPN gateways,
 * 250 reached over a vendor line, 1 % outside their segment) plus 100 deleted ones, 12 segments and 20 flows, 150
 * 委託事業者 of which about 55 % hold an MDS/SDS, 300 external connections in every status with a mix of
 * authentication, internet-facing lines and credential dates, 3,000 CVEs of which 400 are in CISA KEV, 20,000
 * findings (about 3,400 known-exploited active ones, about 1,350 of them past their deadline), succeeded NVD and KEV
 * feed imports and a ledger review. Then through the services (authorized, audited, as the CLI caller): the hospital
 * assessment with half of its items answered (a sixth of them いいえ with a target date), 30 evidence records (20
 * files of 50 kB–1 MB incl. 4 new versions, 5 record links, 5 URLs) and 3 対応アクション, and `--vendor-sheets`
 * fully answered 事業者確認用 sheets of the same fiscal year (they go into the export).
 *
 * Measures: evaluateFramework cold (first call on a freshly opened database connection) and warm (median / p95 of
 * 20), each fact query alone (median of 20, to see which one dominates), getAssessmentDetail (median / p95 of 20),
 * answerItem (median / p95 of 50; it returns the item's state, which re-reads the detail incl. the evaluation), and the
 * export (xlsx and html, 3 runs each; pdf once when Chromium and a Japanese font are there): time and size. It also
 * times every query inside 5 warm evaluations (a Kysely plugin) and lists the slowest; `--explain` prints the plans of
 * the two slowest (SQLite: EXPLAIN QUERY PLAN; PostgreSQL: EXPLAIN ANALYZE).
 * SQLite runs on a temporary database file as deployed (WAL); `--pg` creates a database `mamori_bench_<random>` on
 * that server (the URL's own database is only used to create and finally drop it).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CompiledQuery, type Kysely, type KyselyPlugin, type RootOperationNode } from 'kysely';
import pg from 'pg';
import { frameworkItems, itemAnswerType, type FrameworkDefinition } from '../src/shared/assessments/framework.ts';
import { loadConfig } from '../src/server/config.ts';
import { cliCaller, type Deps } from '../src/server/context.ts';
import type { Database } from '../src/server/db/schema.ts';
import { openDatabase, type DatabaseHandle } from '../src/server/db/database.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { systemClock } from '../src/server/lib/clock.ts';
import { newId } from '../src/server/lib/ids.ts';
import { createLogger } from '../src/server/lib/logger.ts';
import { SecretBox } from '../src/server/lib/secret-box.ts';
import { addEvidenceFile, addEvidenceLink, answerItem, createAssessment, createItemAction, getAssessmentDetail } from '../src/server/modules/assessments/index.ts';
import { exportAssessment } from '../src/server/modules/assessments/export/index.ts';
import { findFrameworkEntry } from '../src/server/modules/assessments/frameworks/index.ts';
import { evaluateFramework } from '../src/server/modules/assessments/rules/index.ts';
import { liveConnectionFacts, vendorLineAssetsWithoutConnection } from '../src/server/modules/connections/index.ts';
import { insertFacilityTx } from '../src/server/modules/facilities/index.ts';
import { ledgerInventoryFacts, ledgerSegmentFacts, ledgerToday } from '../src/server/modules/ledger/index.ts';
import { supplyingVendorFacts } from '../src/server/modules/vendors/index.ts';
import { createEntryDeviceSignals, createVulnHooks, feedCoverageFacts, kevFindingFacts } from '../src/server/modules/vulns/index.ts';
import { prng } from './feeds-generate.ts';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const PG = arg('--pg');
const VENDOR_SHEETS = Number(arg('--vendor-sheets') ?? 10);
const NO_PDF = args.includes('--no-pdf');
const EXPLAIN = args.includes('--explain');
const rnd = prng(5);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const chance = (p: number) => rnd() < p;

// --- figures -------------------------------------------------------------------------------------

function stats(ms: number[]): { median: number; p95: number; min: number; max: number } {
  const s = [...ms].sort((a, b) => a - b);
  const mid = s.length / 2;
  const median = s.length % 2 === 0 ? (s[mid - 1]! + s[mid]!) / 2 : s[Math.floor(mid)]!;
  return { median, p95: s[Math.ceil(0.95 * s.length) - 1]!, min: s[0]!, max: s.at(-1)! };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

async function repeat(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await timed(() => fn(i))).ms);
  return out;
}

const rows: { what: string; n: string; median: string; p95: string; note: string }[] = [];
const f1 = (ms: number) => ms.toFixed(1);
function row(what: string, ms: number[], note = ''): void {
  if (ms.length === 1) rows.push({ what, n: '1', median: f1(ms[0]!), p95: '', note });
  else {
    const s = stats(ms);
    rows.push({ what, n: String(ms.length), median: f1(s.median), p95: f1(s.p95), note: note || `min ${f1(s.min)}, max ${f1(s.max)}` });
  }
}
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} kB`;

/** Times every query run through `db` (from compile to result), with its SQL, for the per-query breakdown. */
function queryTimer(db: Kysely<Database>): { db: Kysely<Database>; log: { sql: string; parameters: readonly unknown[]; ms: number }[] } {
  const log: { sql: string; parameters: readonly unknown[]; ms: number }[] = [];
  const open = new WeakMap<object, { node: RootOperationNode; t: number }>();
  const plugin: KyselyPlugin = {
    transformQuery(a) {
      open.set(a.queryId, { node: a.node, t: performance.now() });
      return a.node;
    },
    async transformResult(a) {
      const o = open.get(a.queryId);
      if (o) {
        const ms = performance.now() - o.t;
        const c = timedDb.getExecutor().compileQuery(o.node, a.queryId);
        log.push({ sql: c.sql, parameters: c.parameters, ms });
      }
      return a.result;
    },
  };
  const timedDb = db.withPlugin(plugin);
  return { db: timedDb, log };
}

// --- data ----------------------------------------------------------------------------------------

/** Live assets by type (5,000): the network types make 300. */
const ASSET_MIX: [string, number][] = [
  ['client_pc', 1500],
  ['medical_device', 1150],
  ['server', 600],
  ['application', 500],
  ['printer', 400],
  ['network_device', 220],
  ['iot', 200],
  ['storage', 150],
  ['data_store', 100],
  ['cloud_service', 100],
  ['firewall', 40],
  ['vpn_gateway', 40],
];
const NETWORK = new Set(['network_device', 'firewall', 'vpn_gateway']);
const SEGMENTS: [string, string][] = [
  ['電子カルテ系', 'emr'],
  ['部門系（検査）', 'departmental'],
  ['部門系（放射線）', 'departmental'],
  ['部門系（薬剤）', 'departmental'],
  ['医療機器系', 'medical_device'],
  ['PACS', 'medical_device'],
  ['インターネット系', 'internet'],
  ['保守用', 'maintenance'],
  ['事務系', 'office'],
  ['DMZ', 'internet'],
  ['無線LAN（職員）', 'office'],
  ['管理用', 'other'],
];
const VENDOR_NAMES = ['メディカルシステムズ', 'ヘルスケアソリューション', '医療情報サービス', 'ネットワークテクノ', '検査システム', '画像診断システム', '病院設備'];
const PRODUCTS: Record<string, [string, string, string | null][]> = {
  client_pc: [['NEC', 'Mate タイプMC', 'Windows 11 Pro 23H2'], ['富士通', 'ESPRIMO D7012', 'Windows 10 Enterprise 22H2'], ['Dell', 'OptiPlex 7010', 'Windows 11 Pro 23H2']],
  server: [['Dell', 'PowerEdge R750', 'Windows Server 2019'], ['NEC', 'Express5800/R120h', 'Windows Server 2016'], ['HPE', 'ProLiant DL360', 'Red Hat Enterprise Linux 8']],
  network_device: [['Cisco', 'Catalyst 9300', null], ['アライドテレシス', 'x930', null], ['YAMAHA', 'RTX1300', null]],
  firewall: [['Palo Alto Networks', 'PA-3220', null], ['Fortinet', 'FortiGate 100F', null]],
  vpn_gateway: [['Fortinet', 'FortiGate 60E', null], ['Citrix', 'NetScaler ADC', null], ['YAMAHA', 'RTX830', null]],
  medical_device: [['キヤノンメディカル', 'Aquilion ONE', 'Windows 7 Professional SP1'], ['富士フイルム', 'FCR', 'Windows 10 IoT'], ['オリンパス', '内視鏡システム', null]],
};

async function seed(deps: Deps, facilityId: string): Promise<{ assets: { id: string; type: string }[]; vendorIds: string[]; vendorDocIds: string[]; connectionIds: string[]; counts: Record<string, number> }> {
  const now = new Date().toISOString();
  const today = ledgerToday(deps);
  const day = (offset: number) => new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
  const F = facilityId;
  const insert = async <R extends object>(table: string, values: R[], chunk = 400) => {
    for (let i = 0; i < values.length; i += chunk) await deps.db.insertInto(table as never).values(values.slice(i, i + chunk) as never).execute();
  };

  const segments = SEGMENTS.map(([name, purpose], i) => ({ id: newId(), facility_id: F, name, vlan: 10 * (i + 1), cidrs: JSON.stringify([`10.${i + 1}.0.0/16`]), purpose, notes: null, created_at: now, updated_at: now }));
  await insert('network_segments', segments);
  const flows = [];
  for (let i = 0; i < 20; i++) {
    const a = segments[i % segments.length]!;
    const b = segments[(i + 1 + Math.floor(i / segments.length) * 3) % segments.length]!;
    if (a !== b) flows.push({ id: newId(), facility_id: F, from_segment_id: a.id, to_segment_id: b.id, services: pick(['HTTPS', 'DICOM', 'HL7', 'SMB', 'RDP']), description: null, created_at: now, updated_at: now });
  }
  await insert('segment_flows', flows);

  const vendors = [];
  for (let i = 0; i < 150; i++) {
    vendors.push({
      id: newId(),
      facility_id: F,
      name: `株式会社${pick(VENDOR_NAMES)}${String(i + 1).padStart(3, '0')}`,
      name_kana: null,
      corporate_number: null,
      address: null,
      phone: `03-0000-${String(i).padStart(4, '0')}`,
      email: null,
      website: null,
      notes: null,
      checklist_assessment_id: null,
      created_at: now,
      updated_at: now,
      deleted_at: i >= 145 ? now : null,
    });
  }
  await insert('vendors', vendors);
  const liveVendors = vendors.filter((v) => v.deleted_at === null);
  const documents = [];
  for (const v of liveVendors) {
    if (!chance(0.55)) continue;
    for (const kind of chance(0.5) ? ['mds', 'sds'] : [pick(['mds', 'sds'])]) {
      documents.push({ id: newId(), facility_id: F, vendor_id: v.id, kind, subject: `${kind.toUpperCase()} ${v.name}`, version: '1.0', received_on: day(-Math.floor(rnd() * 900)), file_id: null, notes: null, created_at: now, updated_at: now });
    }
  }
  await insert('vendor_documents', documents);

  const assets = [];
  let n = 0;
  for (const [type, count] of ASSET_MIX) {
    for (let i = 0; i < count; i++) {
      const seg = segments[type === 'client_pc' ? pick([0, 8, 10]) : NETWORK.has(type) ? pick([7, 9, 11]) : Math.floor(rnd() * segments.length)]!;
      const [vendor, product, osName] = pick(PRODUCTS[type] ?? [['国内メーカー', `部門システム${n % 40}`, null]]);
      const exposure = type === 'vpn_gateway' || (type === 'firewall' && chance(0.5)) ? 'internet' : type !== 'client_pc' && chance(0.06) ? 'vendor_line' : 'internal';
      const octets = `${1 + Math.floor(n / 250)}.${(n % 250) + 1}`;
      assets.push({
        id: newId(),
        facility_id: F,
        name: `${type}-${String(++n).padStart(5, '0')}`,
        asset_tag: `A-${String(n).padStart(6, '0')}`,
        type,
        vendor,
        product,
        version: `${1 + (n % 9)}.${n % 4}`,
        cpe: null,
        os: osName,
        ips: JSON.stringify([`10.${segments.indexOf(seg) + 1}.${octets}`]),
        macs: '[]',
        hostname: `h${n}`,
        segment_id: seg.id,
        location: `本館${1 + (n % 8)}階`,
        department: pick(['医療情報部', '放射線科', '検査部', '薬剤部', '医事課', '総務課']),
        maintainer_text: null,
        vendor_id: type !== 'client_pc' && chance(0.7) ? liveVendors[Math.floor(rnd() * 120)]!.id : null,
        criticality: 1 + Math.floor(rnd() * 4),
        holds_patient_data: chance(0.4) ? 1 : 0,
        exposure,
        install_date: null,
        end_of_support: chance(0.3) ? day(Math.floor(rnd() * 2000) - 800) : null,
        last_patched: null,
        tags: '[]',
        notes: null,
        ip_outside_segment: chance(0.01) ? 1 : 0,
        created_at: now,
        updated_at: now,
        deleted_at: null as string | null,
      });
    }
  }
  // Retired equipment stays in the table (soft-deleted).
  for (let i = 0; i < 100; i++) assets.push({ ...assets[i * 37]!, id: newId(), name: `retired-${i}`, asset_tag: null, deleted_at: now });
  await insert('assets', assets);
  const live = assets.filter((a) => a.deleted_at === null);
  const gateways = live.filter((a) => a.type === 'vpn_gateway' || a.type === 'firewall');
  const vendorLine = live.filter((a) => a.exposure === 'vendor_line');

  const STATUS: [string, number][] = [
    ['active', 0.55],
    ['approved', 0.1],
    ['requested', 0.08],
    ['expired', 0.1],
    ['retired', 0.1],
    ['rejected', 0.07],
  ];
  const connections = [];
  const targets = [];
  for (let i = 0; i < 300; i++) {
    const r = rnd();
    let acc = 0;
    const status = STATUS.find(([, p]) => (acc += p) > r)?.[0] ?? 'active';
    const entry = chance(0.7) ? pick(gateways) : null;
    const decided = status !== 'requested';
    const approved = ['approved', 'active', 'expired', 'retired'].includes(status);
    const id = newId();
    connections.push({
      id,
      facility_id: F,
      name: `リモート保守 ${String(i + 1).padStart(3, '0')}`,
      vendor_id: chance(0.9) ? liveVendors[Math.floor(rnd() * liveVendors.length)]!.id : null,
      purpose: 'リモート保守',
      kind: pick(['ssl_vpn', 'ipsec_vpn', 'rdp', 'dedicated_line', 'closed_network', 'cloud_link']),
      entry_asset_id: entry?.id ?? null,
      segment_id: entry ? null : segments[7]!.id,
      internet_facing: chance(0.45) ? 1 : 0,
      auth: pick(['mfa', 'mfa', 'certificate', 'password', 'password', 'none']),
      account_mode: pick(['named', 'named', 'shared']),
      accounts: null,
      allowed_days: JSON.stringify(chance(0.6) ? ['mon', 'tue', 'wed', 'thu', 'fri'] : []),
      allowed_from: null,
      allowed_to: null,
      log_location: null,
      credentials_rotated_on: chance(0.75) ? day(-Math.floor(rnd() * 700)) : null,
      review_interval_months: 12,
      status,
      requested_by_user_id: null,
      requested_by: 'bench',
      requested_at: now,
      decided_by: decided ? 'bench' : null,
      decided_at: decided ? now : null,
      decision_comment: null,
      approved_on: approved ? day(-Math.floor(rnd() * 600)) : null,
      expires_on: approved ? (status === 'expired' ? day(-Math.floor(rnd() * 60) - 1) : day(Math.floor(rnd() * 365))) : null,
      activated_on: status === 'active' || status === 'expired' || status === 'retired' ? day(-Math.floor(rnd() * 500)) : null,
      retired_on: status === 'retired' ? day(-Math.floor(rnd() * 100)) : null,
      last_used_on: chance(0.8) ? day(-Math.floor(rnd() * 120)) : null,
      notes: null,
      created_at: now,
      updated_at: now,
    });
    const k = 1 + Math.floor(rnd() * 3);
    const seen = new Set<string>();
    for (let j = 0; j < k; j++) {
      // Most vendor-line assets are named by a connection; some are not (the rule reports those).
      const t = j === 0 && chance(0.6) ? pick(vendorLine) : pick(live);
      if (seen.has(t.id)) continue;
      seen.add(t.id);
      targets.push({ connection_id: id, asset_id: t.id, facility_id: F });
    }
  }
  await insert('external_connections', connections);
  await insert('connection_targets', targets);

  // Feeds: 3,000 CVEs, 400 of them in KEV, imported successfully.
  const cves = [];
  for (let i = 0; i < 3000; i++) {
    cves.push({ id: `CVE-${2016 + (i % 10)}-${String(10000 + i)}`, published: now, last_modified: now, vuln_status: 'Analyzed', description: 'synthetic', cvss3_score: Math.round(rnd() * 100) / 10, cwes: '[]', refs: '[]', configurations: '[]', feed_import_id: null, imported_at: now });
  }
  await insert('cves', cves);
  const kev = cves.filter((_, i) => i % 7 === 0 && i < 2800).map((c) => c.id);
  await insert(
    'kev_entries',
    kev.map((id) => ({ cve_id: id, vendor_project: 'x', product: 'x', name: 'x', date_added: day(-400), short_description: 'x', required_action: 'x', due_date: day(-380), ransomware: chance(0.2) ? 1 : 0, notes: null, cwes: '[]', catalog_version: null, feed_import_id: null })),
  );
  const kevSet = new Set(kev);
  await insert(
    'feed_imports',
    ['nvd', 'kev'].map((source) => ({ id: newId(), source, format: 'json', origin: 'file', file_name: `${source}.json`, sha256: null, size: null, status: 'succeeded', records: 1, inserted: 1, updated: 0, criteria: 0, progress_bytes: 0, watermark: null, error: null, actor: 'bench', started_at: now, finished_at: now })),
  );

  // 20,000 findings: a quarter on KEV CVEs (more on network equipment and servers), statuses and deadlines mixed.
  const findings = [];
  const used = new Set<string>();
  const kevList = [...kevSet];
  const matchable = live.filter((a) => a.type !== 'cloud_service' && a.type !== 'application');
  while (findings.length < 20_000) {
    const a = pick(matchable);
    const onKev = chance(NETWORK.has(a.type) || a.type === 'server' ? 0.35 : 0.12);
    const vuln = onKev ? pick(kevList) : pick(cves).id;
    const key = `${a.id}|${vuln}`;
    if (used.has(key)) continue;
    used.add(key);
    const isKev = kevSet.has(vuln);
    const r = rnd();
    const status = r < 0.5 ? 'open' : r < 0.6 ? 'in_progress' : r < 0.85 ? 'fixed' : r < 0.9 ? 'mitigated' : r < 0.95 ? 'accepted' : 'false_positive';
    findings.push({
      id: newId(),
      facility_id: F,
      asset_id: a.id,
      vuln_id: vuln,
      confidence: pick(['exact', 'exact', 'range', 'product_only']),
      evidence: '[]',
      status,
      priority: isKev ? 900 + Math.floor(rnd() * 99) : Math.floor(rnd() * 800),
      priority_factors: JSON.stringify({ kev: isKev }),
      due_rule: isKev ? 'kev' : 'medium',
      // KEV deadlines: about 4 in 10 already passed.
      due_on: isKev ? day(Math.floor(rnd() * 100) - 40) : day(Math.floor(rnd() * 300) - 60),
      first_seen_at: now,
      last_seen_at: now,
      status_changed_at: now,
      status_changed_by: 'bench',
      status_reason: null,
      accepted_by_user_id: null,
      accepted_by: null,
      accepted_until: status === 'accepted' ? day(90) : null,
      auto_closed: 0,
      escalation_level: 0,
      escalated_at: null,
      created_at: now,
      updated_at: now,
    });
  }
  await insert('vuln_findings', findings);

  await insert('ledger_reviews', [{ id: newId(), facility_id: F, reviewed_on: day(-200), reviewed_by: null, reviewer_label: 'bench', note: null, snapshot: '{}', created_at: now }]);

  const activeKev = findings.filter((f) => kevSet.has(f.vuln_id) && (f.status === 'open' || f.status === 'in_progress'));
  return {
    assets: live.map((a) => ({ id: a.id, type: a.type })),
    vendorIds: liveVendors.map((v) => v.id),
    vendorDocIds: documents.map((d) => d.id),
    connectionIds: connections.map((c) => c.id),
    counts: {
      assets: live.length,
      deletedAssets: assets.length - live.length,
      clientPcs: live.filter((a) => a.type === 'client_pc').length,
      network: live.filter((a) => NETWORK.has(a.type)).length,
      vendorLine: vendorLine.length,
      vendors: liveVendors.length,
      vendorsWithMdsSds: new Set(documents.map((d) => d.vendor_id)).size,
      connections: connections.length,
      liveConnections: connections.filter((c) => ['requested', 'approved', 'active', 'expired'].includes(c.status)).length,
      targets: targets.length,
      cves: cves.length,
      kev: kev.length,
      findings: findings.length,
      activeKevFindings: activeKev.length,
      overdueKevFindings: activeKev.filter((f) => f.due_on < today).length,
    },
  };
}

// --- the run -------------------------------------------------------------------------------------

async function main(): Promise<void> {
  let url: string;
  let dropDb: () => Promise<void>;
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
  } else {
    // A database file as deployed (WAL, the connection settings of db/database.ts), removed afterwards.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mamori-bench-'));
    url = path.join(dir, 'bench.sqlite');
    dropDb = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  let handle: DatabaseHandle = openDatabase(url, { poolSize: 5 });
  const makeDeps = (h: DatabaseHandle): Deps => ({
    db: h.db,
    dialect: h.dialect,
    clock: systemClock,
    config: { ...loadConfig({}), databaseUrl: url, logLevel: 'silent' },
    secrets: SecretBox.fromKey('11'.repeat(32)),
    logger: createLogger('silent'),
    vulnHooks: createVulnHooks(),
    entryDeviceSignals: createEntryDeviceSignals(),
  });
  const caller = cliCaller('bench');
  try {
    await migrateToLatest(handle);
    let deps = makeDeps(handle);
    const t0 = performance.now();
    const facility = await deps.db.transaction().execute((trx) => insertFacilityTx(deps, trx, caller, { code: 'BENCH', name: 'ベンチ総合病院', kind: 'hospital', beds: 800, prefecture: '東京都', medicalInstitutionCode: null }));
    const F = facility.id;
    const data = await seed(deps, F);
    const seedMs = performance.now() - t0;

    // Cold: a freshly opened connection (SQLite: empty page cache; PostgreSQL: new pool — the server's own buffers stay warm).
    await handle.close();
    handle = openDatabase(url, { poolSize: 5 });
    deps = makeDeps(handle);
    if (deps.dialect === 'postgres') await deps.db.selectFrom('facilities').select('id').limit(1).execute(); // open one connection first
    const entry = (await findFrameworkEntry(deps, F, 'mhlw-hospital', 'r7'))!;
    const def: FrameworkDefinition = entry.definition;
    const items = frameworkItems(def);
    const ruled = items.filter((i) => i.rule);
    const cold = await timed(() => evaluateFramework(deps, F, def, new Date()));
    row('evaluateFramework mhlw-hospital r7, cold', [cold.ms], `${cold.value.size} suggestions of ${ruled.length} items with a rule`);
    row('evaluateFramework mhlw-hospital r7, warm', await repeat(20, () => evaluateFramework(deps, F, def, new Date())));
    const r6 = (await findFrameworkEntry(deps, F, 'mhlw-hospital', 'r6'))!.definition;
    row('evaluateFramework mhlw-hospital r6 (3 scoped patch items), warm', await repeat(20, () => evaluateFramework(deps, F, r6, new Date())));
    // Which query dominates: every query of 5 warm evaluations, timed inside the evaluation (median per query).
    const timer = queryTimer(deps.db);
    for (let i = 0; i < 5; i++) await evaluateFramework({ ...deps, db: timer.db }, F, def, new Date());
    const bySql = new Map<string, { ms: number[]; parameters: readonly unknown[] }>();
    for (const q of timer.log) {
      const e = bySql.get(q.sql) ?? { ms: [], parameters: q.parameters };
      e.ms.push(q.ms);
      bySql.set(q.sql, e);
    }
    const perQuery = [...bySql].map(([sqlText, e]) => ({ sql: sqlText, parameters: e.parameters, median: stats(e.ms).median, runs: e.ms.length })).sort((a, b) => b.median - a.median);
    const suggestionValues = [...cold.value.values()].map((s) => `${s.itemId}=${s.value}`).join(' ');

    // Each fact query alone.
    const today = ledgerToday(deps);
    const facts: [string, () => Promise<unknown>][] = [
      ['  fact ledgerInventoryFacts', () => ledgerInventoryFacts(deps.db, F)],
      ['  fact ledgerSegmentFacts', () => ledgerSegmentFacts(deps.db, F)],
      ['  fact liveConnectionFacts', () => liveConnectionFacts(deps.db, F)],
      ['  fact vendorLineAssetsWithoutConnection', () => vendorLineAssetsWithoutConnection(deps.db, F)],
      ['  fact supplyingVendorFacts', () => supplyingVendorFacts(deps.db, F)],
      ['  fact feedCoverageFacts', () => feedCoverageFacts(deps.db)],
      ['  fact kevFindingFacts (all types)', () => kevFindingFacts(deps.db, F, null, today)],
      ['  fact kevFindingFacts (network types)', () => kevFindingFacts(deps.db, F, ['network_device', 'vpn_gateway', 'firewall'], today)],
    ];
    for (const [name, fn] of facts) row(name, await repeat(20, fn));

    // The hospital assessment: half of the items answered, 30 evidence records, 3 actions.
    const t1 = performance.now();
    const created = await createAssessment(deps, caller, F, { frameworkId: 'mhlw-hospital', version: 'r7' });
    const A = created.assessment.id;
    const fy = created.assessment.fiscalYear ?? Number(today.slice(0, 4));
    const target = `${fy + 1}-03-31` < today ? today : `${fy + 1}-03-31`;
    const answered = items.filter((_, i) => i % 2 === 0);
    const gaps: string[] = [];
    for (const [i, item] of answered.entries()) {
      const type = itemAnswerType(def, item);
      const gap = item.id !== def.gate?.id && i % 6 === 5 && type === 'yes_no';
      if (gap) gaps.push(item.id);
      await answerItem(deps, caller, A, item.id, gap ? { answer: 'no', targetOn: target, responsible: '医療情報部 山田', comment: '更新計画あり' } : { answer: 'yes', responsible: '医療情報部 山田' });
    }
    const fileItems: { itemId: string; id: string }[] = [];
    for (let i = 0; i < 16; i++) {
      const item = answered[i % answered.length]!;
      const size = 50_000 + Math.floor(rnd() * 950_000);
      const bytes = Buffer.alloc(size, i);
      const e = await addEvidenceFile(deps, caller, A, { itemId: item.id, title: `証跡 ${i + 1}`, bytes, fileName: `evidence-${i + 1}.pdf`, contentType: 'application/pdf', validUntil: i % 5 === 4 ? '2025-03-31' : undefined });
      fileItems.push({ itemId: item.id, id: e.id });
    }
    for (let i = 0; i < 4; i++) {
      const prev = fileItems[i]!;
      await addEvidenceFile(deps, caller, A, { itemId: prev.itemId, bytes: Buffer.alloc(80_000 + i * 10_000, 100 + i), fileName: `evidence-${i + 1}-v2.pdf`, contentType: 'application/pdf', replaces: prev.id });
    }
    const records: [('asset' | 'connection' | 'vendor_document'), string][] = [
      ['asset', data.assets.find((a) => a.type === 'vpn_gateway')!.id],
      ['asset', data.assets.find((a) => a.type === 'server')!.id],
      ['connection', data.connectionIds[0]!],
      ['connection', data.connectionIds[1]!],
      ['vendor_document', data.vendorDocIds[0]!],
    ];
    for (const [i, [recordType, recordId]] of records.entries()) {
      await addEvidenceLink(deps, caller, A, { itemId: answered[(i * 3) % answered.length]!.id, kind: 'record', title: `台帳の記録 ${i + 1}`, recordType, recordId });
    }
    for (let i = 0; i < 5; i++) {
      await addEvidenceLink(deps, caller, A, { itemId: answered[(i * 5 + 1) % answered.length]!.id, kind: 'url', title: `院内規程 ${i + 1}`, url: `https://intranet.example.jp/kitei/${i + 1}.pdf` });
    }
    for (const itemId of gaps.slice(0, 3)) await createItemAction(deps, caller, A, itemId, { dueOn: target });

    // 事業者確認用 of the same fiscal year (all answered), which the export adds as sheets.
    for (let v = 0; v < VENDOR_SHEETS; v++) {
      const vs = await createAssessment(deps, caller, F, { frameworkId: 'mhlw-vendor', version: 'r7', vendorId: data.vendorIds[v]!, fiscalYear: fy });
      for (const item of frameworkItems(vs.framework)) await answerItem(deps, caller, vs.assessment.id, item.id, { answer: 'yes', responsible: '保守担当' });
    }
    const setupMs = performance.now() - t1;

    // Detail and answering.
    const detail = await getAssessmentDetail(deps, caller, A);
    const detailBytes = Buffer.byteLength(JSON.stringify(detail));
    const evidenceCount = detail.items.reduce((s, i) => s + i.evidence.length, 0);
    row('getAssessmentDetail (half answered, 30 evidence)', await repeat(20, () => getAssessmentDetail(deps, caller, A)), `JSON ${kb(detailBytes)}, ${detail.items.length} items`);
    const toggle = answered.filter((i) => !gaps.includes(i.id) && i.id !== def.gate?.id);
    row('answerItem (comment change, returns item state)', await repeat(50, (i) => answerItem(deps, caller, A, toggle[i % toggle.length]!.id, { answer: 'yes', comment: `確認 ${i}` })));

    // Export.
    for (const format of ['xlsx', 'html'] as const) {
      let size = 0;
      const ms = await repeat(3, async () => {
        size = (await exportAssessment(deps, caller, A, { format, lang: 'ja' })).body.length;
      });
      row(`export ${format} (ja, ${VENDOR_SHEETS} vendor sheets)`, ms, `${kb(size)}; runs ${ms.map(f1).join(' / ')} ms`);
    }
    if (!NO_PDF) {
      try {
        const r = await timed(() => exportAssessment(deps, caller, A, { format: 'pdf', lang: 'ja' }));
        row(`export pdf (ja, ${VENDOR_SHEETS} vendor sheets)`, [r.ms], `${kb(r.value.body.length)}; incl. Chromium start`);
      } catch (e) {
        rows.push({ what: 'export pdf', n: '0', median: '', p95: '', note: `skipped: ${(e as Error).message}` });
      }
    }

    // --- print -----------------------------------------------------------------------------------
    const c = data.counts;
    console.log(`mamori assessments benchmark — dialect ${deps.dialect}; node ${process.version}; ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}); load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    console.log(
      `data: ${c.assets} live assets (+${c.deletedAssets} deleted; ${c.clientPcs} client PCs, ${c.network} network, ${c.vendorLine} over a vendor line), ${c.vendors} vendors (${c.vendorsWithMdsSds} with MDS/SDS), ` +
        `${c.connections} connections (${c.liveConnections} live, ${c.targets} targets), ${c.cves} CVEs (${c.kev} KEV), ${c.findings} findings (${c.activeKevFindings} active KEV, ${c.overdueKevFindings} overdue)`,
    );
    console.log(`seeding ${(seedMs / 1000).toFixed(1)} s; assessment setup (answers, evidence, actions, ${VENDOR_SHEETS} vendor sheets) ${(setupMs / 1000).toFixed(1)} s`);
    console.log(`framework: ${items.length} items, ${ruled.length} with a rule; suggestions: ${suggestionValues}`);
    console.log(`assessment: ${detail.assessment.progress.answered} of ${detail.assessment.progress.items} answered, ${evidenceCount} current evidence records shown (+4 earlier file versions)`);
    console.log(`queries of one evaluation (${perQuery.length} distinct, ${timer.log.length / 5} per run), slowest first, median ms of 5 runs inside evaluateFramework:`);
    for (const q of perQuery.slice(0, 5)) console.log(`  ${f1(q.median).padStart(6)}  ${q.sql.replace(/\s+/g, ' ').slice(0, 150)}…`);
    if (EXPLAIN) {
      for (const q of perQuery.slice(0, 2)) {
        const prefix = deps.dialect === 'postgres' ? 'explain (analyze, buffers) ' : 'explain query plan ';
        const plan = await deps.db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(prefix + q.sql, [...q.parameters]));
        console.log(`\nplan of: ${q.sql.replace(/\s+/g, ' ')}\n  params ${JSON.stringify(q.parameters)}`);
        for (const r of plan.rows) console.log(`  ${deps.dialect === 'postgres' ? String(r['QUERY PLAN']) : `${String(r.id)}<-${String(r.parent)} ${String(r.detail)}`}`);
      }
    }
    console.log('');
    const w = { what: Math.max(...rows.map((r) => r.what.length)), n: 3, median: 9, p95: 9 };
    console.log(`${'measurement'.padEnd(w.what)}  ${'n'.padStart(w.n)}  ${'median ms'.padStart(w.median)}  ${'p95 ms'.padStart(w.p95)}  note`);
    for (const r of rows) console.log(`${r.what.padEnd(w.what)}  ${r.n.padStart(w.n)}  ${r.median.padStart(w.median)}  ${r.p95.padStart(w.p95)}  ${r.note}`);
  } finally {
    await handle.close();
    await dropDb();
  }
}

await main();
