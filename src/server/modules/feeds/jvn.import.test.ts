import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, DIALECTS, SYSTEM, type TestEnv } from '../../testing/harness.ts';
import { importFeedFiles } from './feed.service.ts';

/** The JVN files through the real import pipeline (detection, parser, repository) on both databases. */

const DIR = path.resolve(import.meta.dirname, '../../../../fixtures/jvn');
const FILES = ['vuldef_getVulnDetailInfo_sample.xml', 'jvnrss_getVulnOverviewList_sample.xml', 'jvndb_2024_sample.rdf', 'jvndb_detail_2024_sample.rdf'];

describe.each(DIALECTS)('JVN import (%s)', (dialect) => {
  let env: TestEnv;
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mamori-jvn-import-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  beforeEach(async () => {
    env = await createTestEnv(dialect);
  });
  afterEach(() => env.close());

  it('detects and imports every JVN shape with Japanese text and CVE links intact', async () => {
    const r = await importFeedFiles(
      env.deps,
      SYSTEM,
      FILES.map((f) => ({ path: path.join(DIR, f) })),
    );
    expect(r.imports.map((i) => [i.fileName, i.source, i.format, i.status])).toEqual([
      ['vuldef_getVulnDetailInfo_sample.xml', 'jvn', 'jvn-vuldef', 'succeeded'],
      ['jvnrss_getVulnOverviewList_sample.xml', 'jvn', 'jvn-rss', 'succeeded'],
      ['jvndb_2024_sample.rdf', 'jvn', 'jvn-rdf', 'succeeded'],
      ['jvndb_detail_2024_sample.rdf', 'jvn', 'jvn-rdf', 'succeeded'],
    ]);
    expect(r.imports.map((i) => i.records)).toEqual([2, 2, 4, 3]);
    expect(r.imports[2]!.watermark).toBe('2024-11-05T16:20+09:00');
    const ids = (await env.deps.db.selectFrom('jvn_entries').select('id').orderBy('id').execute()).map((x) => x.id);
    expect(ids).toEqual(['JVNDB-2018-000022', 'JVNDB-2018-000023', 'JVNDB-2018-000024', 'JVNDB-2024-000101', 'JVNDB-2024-002345', 'JVNDB-2024-003456', 'JVNDB-2024-004567']);
    const corega = await env.deps.db.selectFrom('jvn_entries').selectAll().where('id', '=', 'JVNDB-2018-000024').executeTakeFirstOrThrow();
    expect(corega.title).toBe('CG-WGR1200 における複数の脆弱性');
    expect(JSON.parse(corega.affected)).toContainEqual(expect.objectContaining({ vendorName: '株式会社コレガ', cpe: 'cpe:2.3:h:corega:cg-wgr1200:*:*:*:*:*:*:*:*' }));
    const cves = (await env.deps.db.selectFrom('jvn_cves').select('cve_id').where('jvn_id', '=', 'JVNDB-2018-000024').orderBy('cve_id').execute()).map((x) => x.cve_id);
    expect(cves).toEqual(['CVE-2017-10852', 'CVE-2017-10853', 'CVE-2017-10854']);
    const pacs = await env.deps.db.selectFrom('jvn_entries').selectAll().where('id', '=', 'JVNDB-2024-002345').executeTakeFirstOrThrow();
    expect(pacs.title).toBe('医用画像管理システム「ミナト PACS ビューア」におけるパス・トラバーサルの脆弱性');
  });

  it('a truncated JVN file fails with a clear error and imports nothing', async () => {
    const bytes = fs.readFileSync(path.join(DIR, 'jvndb_2024_sample.rdf'));
    const cut = path.join(tmp, `jvndb_2024_cut_${dialect}.rdf`);
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    const r = await importFeedFiles(env.deps, SYSTEM, [{ path: cut }]);
    expect(r.imports[0]!.status).toBe('failed');
    expect(r.imports[0]!.error).toMatch(/^jvndb_2024_cut_\w+\.rdf: malformed XML/);
    const n = await env.deps.db.selectFrom('jvn_entries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(0);
  });
});
