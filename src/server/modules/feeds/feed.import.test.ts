import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import type { VulnConfiguration } from '../../../shared/vulns/types.ts';
import type { Caller, FeedsImportedOutcome } from '../../context.ts';
import { createTestEnv, DIALECTS, SYSTEM, type TestEnv } from '../../testing/harness.ts';
import { detectFeed, detectFeedFormat, feedStatus, importFeedFiles, listFeedImports, readHead } from './index.ts';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../fixtures');
const fx = (rel: string) => path.join(FIXTURES, rel);
const API = fx('nvd2/nvd_api2_sample_response.json');
const SINGLES = ['CVE-2017-0144', 'CVE-2018-13379', 'CVE-2019-0708', 'CVE-2019-11510', 'CVE-2019-19781'];
const NVD11 = ['CVE-2018-13379', 'CVE-2023-27997'];
const DT = ['cve-2024-23113.json', 'CVE-2022-31022-all-versions-vulnerable.json', 'CVE-2021-0002-duplicate-exact-version-matches.json', 'cve.json'];
const KEV_JSON = fx('kev/known_exploited_vulnerabilities.json');
const KEV_CSV = fx('kev/known_exploited_vulnerabilities.csv');
const EPSS = fx('epss/epss_scores_sample.csv');

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mamori-feeds-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Writes a test file into the temp folder and returns its path. */
function temp(name: string, content: string | Buffer): string {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, content);
  return p;
}

function gz(src: string, name = `${path.basename(src)}.gz`): string {
  return temp(name, zlib.gzipSync(fs.readFileSync(src)));
}

/** Match criteria in a 2.0 record (the test's own count, independent of the importer). */
function criteriaIn20(cve: { configurations?: { nodes: { cpeMatch: unknown[] }[] }[] }): number {
  return (cve.configurations ?? []).reduce((n, c) => n + c.nodes.reduce((m, node) => m + node.cpeMatch.length, 0), 0);
}

function readJson<T>(p: string): T {
  return JSON.parse(fs.readFileSync(p, 'utf8')) as T;
}

const kevJson = readJson<{ catalogVersion: string; count: number; vulnerabilities: { cveID: string; knownRansomwareCampaignUse: string }[] }>(KEV_JSON);

describe('feed format detection', () => {
  it('recognises every fixture by content, gzipped or not', async () => {
    const cases: [string, string][] = [
      [API, 'nvd-api-2.0'],
      ...SINGLES.map((c): [string, string] => [fx(`nvd2/${c}.json`), 'nvd-cve-2.0']),
      ...NVD11.map((c): [string, string] => [fx(`nvd11/${c}.nvd11.json`), 'nvd-1.1']),
      ...DT.map((f): [string, string] => [fx(`dependency-track/${f}`), 'nvd-cve-2.0']),
      [KEV_JSON, 'kev-json'],
      [KEV_CSV, 'kev-csv'],
      [EPSS, 'epss-csv'],
    ];
    for (const [file, format] of cases) {
      expect(detectFeedFormat(path.basename(file), await readHead(file)), file).toBe(format);
      expect(detectFeedFormat(`${path.basename(file)}.gz`, zlib.gzipSync(fs.readFileSync(file)).subarray(0, 4096)), `${file}.gz`).toBe(format);
    }
    // The file name tells an NVD feed file from an API response with the same envelope.
    expect(detectFeedFormat('nvdcve-2.0-2019.json.gz', zlib.gzipSync(fs.readFileSync(API)))).toBe('nvd-feed-2.0');
    expect(detectFeed('x.json', await readHead(fx('nvd11/CVE-2018-13379.nvd11.json'))).single).toBe(true);
    const feed11 = JSON.stringify({ CVE_data_type: 'CVE', CVE_data_format: 'MITRE', CVE_data_version: '4.0', CVE_data_numberOfCVEs: '1', CVE_Items: [readJson(fx('nvd11/CVE-2018-13379.nvd11.json'))] });
    expect(detectFeed('nvdcve-1.1-2018.json', Buffer.from(feed11))).toMatchObject({ format: 'nvd-1.1', single: false });
  });

  it('names the file and the accepted formats when it is none of them', () => {
    expect(() => detectFeedFormat('notes.txt', Buffer.from('hello world\n'))).toThrowError(/notes\.txt: unknown feed format/);
    expect(() => detectFeedFormat('x.json', Buffer.from('{"foo": [1, 2]}'))).toThrowError(/unknown feed format/);
    expect(() => detectFeedFormat('empty.json', Buffer.alloc(0))).toThrowError(/empty/);
  });
});

describe.each(DIALECTS)('feed import (%s)', (dialect) => {
  let env: TestEnv;
  let hookCalls: FeedsImportedOutcome[];

  beforeEach(async () => {
    env = await createTestEnv(dialect);
    hookCalls = [];
    env.deps.vulnHooks = {
      assetsChanged: async () => undefined,
      feedsImported: async (_deps, outcome) => {
        hookCalls.push(outcome);
      },
    };
    return () => env.close();
  });

  const count = async (table: 'cves' | 'vuln_products' | 'kev_entries' | 'epss_scores' | 'feed_imports') =>
    Number((await env.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const cve = (id: string) => env.deps.db.selectFrom('cves').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const products = async (id: string) =>
    (await env.deps.db.selectFrom('vuln_products').select(['part', 'vendor', 'product']).where('vuln_id', '=', id).orderBy('part').orderBy('vendor').orderBy('product').execute()).map((r) => `${r.part}:${r.vendor}:${r.product}`);

  it('imports an API 2.0 response: records, criteria, candidate index, CVSS, watermark, audit, hook', async () => {
    const response = readJson<{ vulnerabilities: { cve: { id: string; lastModified: string; configurations?: { nodes: { cpeMatch: unknown[] }[] }[] } }[] }>(API);
    const expectedCriteria = response.vulnerabilities.reduce((n, v) => n + criteriaIn20(v.cve), 0);
    const r = await importFeedFiles(env.deps, SYSTEM, [{ path: API }]);
    expect(r.imports).toHaveLength(1);
    const imp = r.imports[0]!;
    expect(imp).toMatchObject({ source: 'nvd', format: 'nvd-api-2.0', status: 'succeeded', records: 5, inserted: 5, updated: 0, criteria: expectedCriteria, fileName: 'nvd_api2_sample_response.json', origin: 'file', error: null });
    expect(imp.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(imp.size).toBe(fs.statSync(API).size);
    expect(imp.progressBytes).toBe(imp.size);
    expect(imp.watermark).toBe(response.vulnerabilities.map((v) => v.cve.lastModified).sort().at(-1));
    expect(await count('cves')).toBe(5);

    const c = await cve('CVE-2018-13379');
    expect(c.cvss3_score).toBe(9.8);
    expect(c.cvss3_vector).toMatch(/^CVSS:3\.1\//);
    expect(JSON.parse(c.cwes)).toContain('CWE-22');
    expect(c.description).toMatch(/FortiOS/);
    const conf = JSON.parse(c.configurations!) as VulnConfiguration[];
    expect(conf[0]!.nodes[0]!.matches.some((m) => m.criteria.startsWith('cpe:2.3:o:fortinet:fortios:') && m.endExcl === '6.0.5' && m.startIncl === '6.0.0')).toBe(true);
    expect(await products('CVE-2018-13379')).toEqual(['a:fortinet:fortiproxy', 'o:fortinet:fortios']);
    // Running-on platforms are indexed too (vulnerable: false criteria).
    const eternal = await products('CVE-2017-0144');
    expect(eternal).toContain('a:microsoft:server_message_block');
    expect(eternal).toContain('o:microsoft:windows_7');
    expect(eternal.some((p) => p.startsWith('h:siemens:'))).toBe(true);
    // Candidate rows are distinct (part, vendor, product) per CVE.
    const distinct = new Set((await env.deps.db.selectFrom('vuln_products').selectAll().execute()).map((p) => `${p.vuln_id}|${p.part}|${p.vendor}|${p.product}`));
    expect(distinct.size).toBe(await count('vuln_products'));

    const audit = await env.deps.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'feed_import').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ records: 5, inserted: 5, criteria: expectedCriteria });
    expect(hookCalls).toHaveLength(1);
    expect(hookCalls[0]!.changedVulnIds.sort()).toEqual(response.vulnerabilities.map((v) => v.cve.id).sort());
    expect(r.outcome).toEqual(hookCalls[0]);
  });

  it('imports each single 2.0 record, the 1.1 items and the Dependency-Track fixtures', async () => {
    const files = [...SINGLES.map((c) => ({ path: fx(`nvd2/${c}.json`) })), ...NVD11.map((c) => ({ path: fx(`nvd11/${c}.nvd11.json`) })), ...DT.map((f) => ({ path: fx(`dependency-track/${f}`) }))];
    const r = await importFeedFiles(env.deps, SYSTEM, files);
    expect(r.imports.map((i) => [i.status, i.records])).toEqual(files.map(() => ['succeeded', 1]));
    expect(r.imports.map((i) => i.format)).toEqual([...SINGLES.map(() => 'nvd-cve-2.0'), 'nvd-1.1', 'nvd-1.1', ...DT.map(() => 'nvd-cve-2.0')]);
    // The 1.1 CVE-2018-13379 is older than the 2.0 one imported before it: left as it was.
    expect(r.imports[SINGLES.length]).toMatchObject({ inserted: 0, updated: 0 });
    expect(await count('cves')).toBe(SINGLES.length + 1 + DT.length);

    // 1.1 CVE-2023-27997: AND nodes with children became configurations whose nodes are the children.
    const c = await cve('CVE-2023-27997');
    expect(c.published).toBe('2023-06-13T09:15:00.000');
    expect(c.cvss3_score).toBe(9.8);
    const conf = JSON.parse(c.configurations!) as VulnConfiguration[];
    const item = readJson<{ configurations: { nodes: { operator: string; children: { cpe_match: unknown[] }[]; cpe_match: unknown[] }[] } }>(fx('nvd11/CVE-2023-27997.nvd11.json'));
    const andNodes = item.configurations.nodes.filter((n) => n.operator === 'AND');
    expect(conf.filter((x) => x.operator === 'AND')).toHaveLength(andNodes.length);
    for (const [i, and] of andNodes.entries()) {
      const mine = conf.filter((x) => x.operator === 'AND')[i]!;
      expect(mine.nodes.map((n) => n.matches.length)).toEqual(and.children.map((ch) => ch.cpe_match.length));
    }
    const total11 = item.configurations.nodes.reduce((n, node) => n + node.cpe_match.length + (node.children ?? []).reduce((m, ch) => m + ch.cpe_match.length, 0), 0);
    expect(conf.reduce((n, x) => n + x.nodes.reduce((m, node) => m + node.matches.length, 0), 0)).toBe(total11);

    // Dependency-Track's duplicate exact matches: one candidate row per product.
    const dup = await products('CVE-2021-0002');
    expect(new Set(dup).size).toBe(dup.length);
    expect((await cve('CVE-2024-23113')).cvss3_score).toBe(9.8);
  });

  it('re-import is idempotent; a newer record replaces its criteria; an older one is ignored; same file is skipped by sha256', async () => {
    const old = await importFeedFiles(env.deps, SYSTEM, [{ path: fx('nvd11/CVE-2018-13379.nvd11.json') }]);
    expect(old.imports[0]).toMatchObject({ status: 'succeeded', inserted: 1, criteria: 2 });
    const before = JSON.parse((await cve('CVE-2018-13379')).configurations!) as VulnConfiguration[];
    expect(before.flatMap((x) => x.nodes.flatMap((n) => n.matches.map((m) => m.endIncl ?? m.endExcl)))).toEqual(expect.arrayContaining(['5.6.7', '6.0.4']));
    expect(await products('CVE-2018-13379')).toEqual(['o:fortinet:fortios']);

    const newer = await importFeedFiles(env.deps, SYSTEM, [{ path: fx('nvd2/CVE-2018-13379.json') }]);
    expect(newer.imports[0]).toMatchObject({ status: 'succeeded', inserted: 0, updated: 1 });
    const after = JSON.parse((await cve('CVE-2018-13379')).configurations!) as VulnConfiguration[];
    expect(after.flatMap((x) => x.nodes.flatMap((n) => n.matches.map((m) => m.endExcl).filter(Boolean)))).toEqual(expect.arrayContaining(['5.4.13', '5.6.8', '6.0.5']));
    expect(await products('CVE-2018-13379')).toEqual(['a:fortinet:fortiproxy', 'o:fortinet:fortios']);
    expect(hookCalls.at(-1)!.changedVulnIds).toEqual(['CVE-2018-13379']);

    // The same file again: skipped without force; with force, read again and left unchanged.
    const again = await importFeedFiles(env.deps, SYSTEM, [{ path: fx('nvd2/CVE-2018-13379.json') }]);
    expect(again.imports).toEqual([]);
    expect(again.skipped).toEqual([{ fileName: 'CVE-2018-13379.json', sha256: newer.imports[0]!.sha256, previousImportId: newer.imports[0]!.id }]);
    const forced = await importFeedFiles(env.deps, SYSTEM, [{ path: fx('nvd2/CVE-2018-13379.json') }], { force: true });
    expect(forced.imports[0]).toMatchObject({ status: 'succeeded', records: 1, inserted: 0, updated: 0 });
    expect(forced.unchanged[forced.imports[0]!.id]).toBe(1);
    expect(forced.outcome.changedVulnIds).toEqual([]);
    // The older 1.1 state does not overwrite the newer record.
    await importFeedFiles(env.deps, SYSTEM, [{ path: fx('nvd11/CVE-2018-13379.nvd11.json') }], { force: true });
    expect(await products('CVE-2018-13379')).toEqual(['a:fortinet:fortiproxy', 'o:fortinet:fortios']);

    // API response twice (force): same counts, nothing changed.
    const a1 = await importFeedFiles(env.deps, SYSTEM, [{ path: API }]);
    const rows1 = await env.deps.db.selectFrom('vuln_products').selectAll().orderBy('vuln_id').orderBy('part').orderBy('vendor').orderBy('product').execute();
    const a2 = await importFeedFiles(env.deps, SYSTEM, [{ path: API }], { force: true });
    expect(a1.imports[0]).toMatchObject({ records: 5, inserted: 4, updated: 0 });
    expect(a2.imports[0]).toMatchObject({ records: 5, inserted: 0, updated: 0 });
    expect(await env.deps.db.selectFrom('vuln_products').selectAll().orderBy('vuln_id').orderBy('part').orderBy('vendor').orderBy('product').execute()).toEqual(rows1);
  });

  it('a rejected CVE keeps its row and loses its criteria', async () => {
    await importFeedFiles(env.deps, SYSTEM, [{ path: fx('nvd2/CVE-2019-11510.json') }]);
    expect((await products('CVE-2019-11510')).length).toBeGreaterThan(0);
    const rec = readJson<Record<string, unknown>>(fx('nvd2/CVE-2019-11510.json'));
    const rejected = temp('rejected.json', JSON.stringify({ ...rec, vulnStatus: 'Rejected', lastModified: '2030-01-01T00:00:00.000' }));
    const r = await importFeedFiles(env.deps, SYSTEM, [{ path: rejected }]);
    expect(r.imports[0]).toMatchObject({ status: 'succeeded', updated: 1, criteria: 0 });
    expect(r.outcome.changedVulnIds).toEqual(['CVE-2019-11510']);
    expect(await products('CVE-2019-11510')).toEqual([]);
    expect(await cve('CVE-2019-11510')).toMatchObject({ vuln_status: 'Rejected', configurations: null });
  });

  it('imports the KEV catalogue from JSON and from CSV with the same entries; a new catalogue removes dropped entries', async () => {
    expect(kevJson.vulnerabilities).toHaveLength(1404);
    const j = await importFeedFiles(env.deps, SYSTEM, [{ path: KEV_JSON }]);
    expect(j.imports[0]).toMatchObject({ source: 'kev', format: 'kev-json', status: 'succeeded', records: 1404, inserted: 1404, watermark: '2025.08.25' });
    expect(await count('kev_entries')).toBe(kevJson.count);
    const ransomware = kevJson.vulnerabilities.filter((v) => v.knownRansomwareCampaignUse === 'Known').length;
    expect(ransomware).toBe(293);
    expect(Number((await env.deps.db.selectFrom('kev_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('ransomware', '=', 1).executeTakeFirstOrThrow()).n)).toBe(ransomware);
    expect(j.outcome.kevChanged).toHaveLength(1404);
    const fromJson = await env.deps.db.selectFrom('kev_entries').selectAll().orderBy('cve_id').execute();
    const fortinet = fromJson.find((k) => k.cve_id === 'CVE-2018-13379')!;
    expect(fortinet).toMatchObject({ vendor_project: 'Fortinet', ransomware: 1 });
    expect(JSON.parse(fortinet.cwes)).toEqual(['CWE-22']);

    // The CSV of the same catalogue: every entry unchanged.
    const c = await importFeedFiles(env.deps, SYSTEM, [{ path: KEV_CSV }]);
    expect(c.imports[0]).toMatchObject({ format: 'kev-csv', status: 'succeeded', records: 1404, inserted: 0, updated: 0, watermark: '2025.08.25' });
    expect(c.outcome.kevChanged).toEqual([]);
    const fromCsv = await env.deps.db.selectFrom('kev_entries').selectAll().orderBy('cve_id').execute();
    const strip = (rows: typeof fromJson) => rows.map(({ catalog_version: _c, feed_import_id: _f, ...rest }) => rest);
    expect(strip(fromCsv)).toEqual(strip(fromJson));

    // A later catalogue without one entry and with a changed due date.
    const next = { ...kevJson, catalogVersion: '2025.08.26', vulnerabilities: kevJson.vulnerabilities.filter((v) => v.cveID !== 'CVE-2025-48384').map((v) => (v.cveID === 'CVE-2018-13379' ? { ...v, dueDate: '2030-01-01' } : v)) };
    const n = await importFeedFiles(env.deps, SYSTEM, [{ path: temp('kev-next.json', JSON.stringify(next)) }]);
    expect(n.imports[0]).toMatchObject({ status: 'succeeded', records: 1403, updated: 1, watermark: '2025.08.26' });
    expect(n.outcome.kevChanged.sort()).toEqual(['CVE-2018-13379', 'CVE-2025-48384']);
    expect(await count('kev_entries')).toBe(1403);
  });

  it('imports EPSS CSV with scientific notation, gzipped', async () => {
    const text = `${fs.readFileSync(EPSS, 'utf8').trimEnd()}\nCVE-2024-0001,5e-05,1.2E-2\n`;
    const file = temp('epss_scores-2025-09-24.csv.gz', zlib.gzipSync(text));
    const r = await importFeedFiles(env.deps, SYSTEM, [{ path: file }]);
    expect(r.imports[0]).toMatchObject({ source: 'epss', format: 'epss-csv', status: 'succeeded', records: 4, inserted: 4, watermark: '2025-09-24' });
    expect(r.outcome.epssChanged).toBe(true);
    const row = await env.deps.db.selectFrom('epss_scores').selectAll().where('cve_id', '=', 'CVE-2024-0001').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ score: 0.00005, percentile: 0.012, score_date: '2025-09-24', model_version: 'v2025.03.14' });
    expect((await env.deps.db.selectFrom('epss_scores').selectAll().where('cve_id', '=', 'CVE-1999-0003').executeTakeFirstOrThrow()).score).toBeCloseTo(0.90362);
  });

  it('gzip variants import the same as the plain files', async () => {
    const r = await importFeedFiles(env.deps, SYSTEM, [{ path: gz(API) }, { path: gz(KEV_JSON) }, { path: gz(fx('nvd11/CVE-2023-27997.nvd11.json')) }]);
    expect(r.imports.map((i) => [i.format, i.status, i.records])).toEqual([
      ['nvd-api-2.0', 'succeeded', 5],
      ['kev-json', 'succeeded', 1404],
      ['nvd-1.1', 'succeeded', 1],
    ]);
    expect(r.imports[0]!.size).toBe(fs.statSync(path.join(tmp, 'nvd_api2_sample_response.json.gz')).size);
  });

  describe('bad files: a clear error and nothing imported', () => {
    const snapshot = async () => ({ cves: await count('cves'), products: await count('vuln_products'), kev: await count('kev_entries'), epss: await count('epss_scores') });

    async function failsWith(file: string, pattern: RegExp) {
      await importFeedFiles(env.deps, SYSTEM, [{ path: fx('nvd2/CVE-2017-0144.json') }]);
      const before = await snapshot();
      const r = await importFeedFiles(env.deps, SYSTEM, [{ path: file }]);
      expect(r.imports[0]!.status).toBe('failed');
      expect(r.imports[0]!.error).toMatch(pattern);
      expect(r.imports[0]!.error).toContain(path.basename(file));
      expect(r.imports[0]!.finishedAt).not.toBeNull();
      expect(await snapshot()).toEqual(before);
      const audit = await env.deps.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'feed_import').orderBy('seq').execute();
      expect(audit.map((a) => a.action)).toEqual(['import', 'import_failed']);
      return r;
    }

    it('malformed JSON inside a record names the record', async () => {
      const text = fs.readFileSync(API, 'utf8');
      const third = text.indexOf('"id": "CVE-2019-0708"');
      expect(third).toBeGreaterThan(0);
      const broken = `${text.slice(0, third)}"id": "CVE-2019-0708",, ${text.slice(third + '"id": "CVE-2019-0708",'.length)}`;
      await failsWith(temp('broken.json', broken), /malformed JSON.*\(record 3\)/);
    });

    it('a truncated file (cut in half) says where it ends', async () => {
      const bytes = fs.readFileSync(API);
      await failsWith(temp('half.json', bytes.subarray(0, Math.floor(bytes.length / 2))), /ends inside record \d/);
      // gzip cut in half: the decompressor notices.
      const gzBytes = zlib.gzipSync(fs.readFileSync(KEV_JSON));
      const r = await importFeedFiles(env.deps, SYSTEM, [{ path: temp('kev-half.json.gz', gzBytes.subarray(0, Math.floor(gzBytes.length / 2))) }]);
      expect(r.imports[0]).toMatchObject({ status: 'failed', records: 0 });
      expect(await count('kev_entries')).toBe(0);
    });

    it('a missing required field names the field and record', async () => {
      const kev = { ...kevJson, vulnerabilities: kevJson.vulnerabilities.map((v, i) => (i === 9 ? { ...v, vendorProject: undefined } : v)) };
      await failsWith(temp('kev-missing.json', JSON.stringify(kev)), /missing vendorProject \(record 10\) \[vendorProject\]/);
      const api = readJson<{ vulnerabilities: { cve: Record<string, unknown> }[] }>(API);
      delete api.vulnerabilities[1]!.cve.id;
      const r = await importFeedFiles(env.deps, SYSTEM, [{ path: temp('api-noid.json', JSON.stringify(api)) }]);
      expect(r.imports[0]!.error).toMatch(/without a CVE id \(record 2\) \[id\]/);
    });

    it('a bad number names the line and the field', async () => {
      const text = `${fs.readFileSync(EPSS, 'utf8').trimEnd()}\nCVE-2024-0002,abc,0.5\n`;
      await failsWith(temp('epss-bad.csv', text), /epss is not a number.*\(line 6\) \[epss\]/);
      const api = readJson<{ vulnerabilities: { cve: { metrics: { cvssMetricV31: { cvssData: { baseScore: unknown } }[] } } }[] }>(API);
      api.vulnerabilities[0]!.cve.metrics.cvssMetricV31[0]!.cvssData.baseScore = 'high';
      const r = await importFeedFiles(env.deps, SYSTEM, [{ path: temp('api-badscore.json', JSON.stringify(api)) }]);
      expect(r.imports[0]!.error).toMatch(/bad CVSS score "high" \(record 1\)/);
    });

    it('an unknown format stops the call before anything is written', async () => {
      const txt = temp('readme.txt', 'This is not a feed.\n');
      const feedRows = await count('feed_imports');
      const err = await importFeedFiles(env.deps, SYSTEM, [{ path: API }, { path: txt }]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('VALIDATION_FAILED');
      expect((err as AppError).message).toMatch(/readme\.txt: unknown feed format/);
      expect(await count('feed_imports')).toBe(feedRows);
      expect(await count('cves')).toBe(0);
      const missing = await importFeedFiles(env.deps, SYSTEM, [{ path: path.join(tmp, 'nope.json') }]).catch((e: unknown) => e);
      expect((missing as AppError).message).toMatch(/nope\.json: cannot read the file \(ENOENT\)/);
    });

    it('one bad file does not stop the good ones', async () => {
      const bytes = fs.readFileSync(API);
      const r = await importFeedFiles(env.deps, SYSTEM, [{ path: temp('half2.json', bytes.subarray(0, 3000)) }, { path: KEV_JSON }]);
      expect(r.imports.map((i) => i.status)).toEqual(['failed', 'succeeded']);
      expect(await count('kev_entries')).toBe(1404);
    });
  });

  it('a worker thread reads the files (read ahead, in order) with the same result as this thread; its errors name file and record', async () => {
    const dump = async () => ({
      cves: await env.deps.db.selectFrom('cves').select(['id', 'last_modified', 'vuln_status', 'description', 'cvss3_score', 'cwes', 'refs', 'configurations']).orderBy('id').execute(),
      products: await env.deps.db.selectFrom('vuln_products').select(['vendor', 'product', 'vuln_id', 'part']).orderBy('vuln_id').orderBy('vendor').orderBy('product').orderBy('part').execute(),
      kev: await env.deps.db.selectFrom('kev_entries').select(['cve_id', 'name', 'date_added', 'cwes']).orderBy('cve_id').execute(),
    });
    const text = fs.readFileSync(API, 'utf8');
    const third = text.indexOf('"id": "CVE-2019-0708"');
    const broken = temp('worker-broken.json', `${text.slice(0, third)}"id": "CVE-2019-0708",, ${text.slice(third + '"id": "CVE-2019-0708",'.length)}`);
    const files = [{ path: API }, { path: broken }, { path: gz(API, 'worker-api.json.gz') }, { path: KEV_JSON }, { path: fx('nvd11/CVE-2018-13379.nvd11.json') }];
    const progress: number[] = [];
    const inWorker = await importFeedFiles(env.deps, SYSTEM, files, { worker: 'always', force: true, onProgress: (_id, bytes) => progress.push(bytes) });
    expect(inWorker.imports.map((i) => [i.fileName, i.status, i.records])).toEqual([
      ['nvd_api2_sample_response.json', 'succeeded', 5],
      ['worker-broken.json', 'failed', 0],
      ['worker-api.json.gz', 'succeeded', 5],
      ['known_exploited_vulnerabilities.json', 'succeeded', 1404],
      ['CVE-2018-13379.nvd11.json', 'succeeded', 1],
    ]);
    expect(inWorker.imports[1]!.error).toMatch(/^worker-broken\.json: malformed JSON.*\(record 3\)/);
    expect(inWorker.imports[0]!.sha256).toBe(createHash('sha256').update(fs.readFileSync(API)).digest('hex'));
    expect(inWorker.imports[3]!.progressBytes).toBe(fs.statSync(KEV_JSON).size);
    expect(progress.length).toBeGreaterThan(0);
    const viaWorker = await dump();

    const other = await createTestEnv(dialect);
    try {
      const inThread = await importFeedFiles(other.deps, SYSTEM, files, { worker: 'never', force: true });
      expect(inThread.imports.map((i) => [i.status, i.records, i.inserted, i.criteria, i.sha256, i.watermark, i.error])).toEqual(
        inWorker.imports.map((i) => [i.status, i.records, i.inserted, i.criteria, i.sha256, i.watermark, i.error]),
      );
      const ours = env.deps;
      env.deps = other.deps;
      const viaThread = await dump();
      env.deps = ours;
      expect(viaWorker).toEqual(viaThread);
    } finally {
      await other.close();
    }
  });

  it('only an administrator (or a vulns:write token) imports feeds', async () => {
    const manager: Caller = {
      actor: { userId: 'u1', email: 'sm@a.jp', isAdmin: false, grants: [{ facilityId: 'f1', role: 'security_manager' }], groupAdminFacilityIds: [], groupAdminGroupIds: [] },
      ip: null,
      label: 'sm@a.jp',
    };
    await expect(importFeedFiles(env.deps, manager, [{ path: API }])).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await count('feed_imports')).toBe(0);
  });

  it('status: freshness per source with the clock; the import log', async () => {
    let s = await feedStatus(env.deps);
    expect(s.stale).toBe(true);
    expect(s.syncEnabled).toBe(false);
    expect(s.sources.map((x) => [x.source, x.lastImport, x.records, x.ageDays, x.stale])).toEqual([
      ['nvd', null, 0, null, true],
      ['kev', null, 0, null, true],
      ['epss', null, 0, null, true],
      ['jvn', null, 0, null, true],
    ]);
    await importFeedFiles(env.deps, SYSTEM, [{ path: KEV_JSON }, { path: API }]);
    env.clock.advance(3 * 86_400_000);
    s = await feedStatus(env.deps);
    const day = 86_400_000;
    const ageOf = (date: string) => Math.floor((env.clock.now().getTime() - Date.parse(`${date}T00:00:00Z`)) / day);
    // Freshly imported, but the data is old: the KEV snapshot is of 2025-08-25, the NVD records of their lastModified.
    const kev = s.sources.find((x) => x.source === 'kev')!;
    expect(kev.lastImport).toMatchObject({ format: 'kev-json', watermark: '2025.08.25' });
    expect(kev).toMatchObject({ records: 1404, ageDays: ageOf('2025-08-25'), stale: true });
    expect(kev.ageDays).toBeGreaterThan(200);
    const nvd = s.sources.find((x) => x.source === 'nvd')!;
    expect(nvd).toMatchObject({ records: 5, ageDays: ageOf(nvd.lastImport!.watermark!.slice(0, 10)), stale: true });
    // Seen from the day after the snapshot (a hospital importing it promptly), it is fresh until 7 days have passed.
    env.clock.set(new Date('2025-08-26T03:00:00Z'));
    expect((await feedStatus(env.deps)).sources.find((x) => x.source === 'kev')).toMatchObject({ ageDays: 1, stale: false });
    env.clock.set(new Date('2025-09-02T03:00:00Z'));
    expect((await feedStatus(env.deps)).sources.find((x) => x.source === 'kev')).toMatchObject({ ageDays: 8, stale: true });

    const log = await listFeedImports(env.deps, { page: 1, pageSize: 1 });
    expect(log.total).toBe(2);
    expect(log.items).toHaveLength(1);
  });
});
