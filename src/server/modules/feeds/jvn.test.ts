import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { FeedFormat } from '../../../shared/vulns/domain.ts';
import { detectJvn, jvnCpeTo23, jvnPlainText, parseJvn, sniffXmlEncoding } from './jvn.ts';
import { FeedFormatError, type JvnRecord } from './records.ts';

const DIR = path.resolve(import.meta.dirname, '../../../../fixtures/jvn');
const file = (name: string) => fs.readFileSync(path.join(DIR, name));

/** Feeds the bytes in small chunks, so records and multi-byte characters straddle chunk borders. */
function chunked(bytes: Buffer, size = 97): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts);
}

async function parseAll(bytes: Buffer, name = 'test.xml', format: FeedFormat = 'jvn-vuldef', chunkSize?: number) {
  const { meta, batches } = parseJvn(chunked(bytes, chunkSize), name, format);
  const records: JvnRecord[] = [];
  let batchCount = 0;
  for await (const batch of batches) {
    batchCount++;
    for (const r of batch) {
      if (r.kind !== 'jvn') throw new Error('not a JVN record');
      records.push(r);
    }
  }
  return { meta, records, batchCount };
}

async function parseError(bytes: Buffer, name = 'broken.xml'): Promise<FeedFormatError> {
  try {
    await parseAll(bytes, name);
  } catch (e) {
    expect(e).toBeInstanceOf(FeedFormatError);
    return e as FeedFormatError;
  }
  throw new Error('expected a FeedFormatError');
}

describe('detectJvn', () => {
  it('recognises each JVN shape from the head of the file', () => {
    expect(detectJvn(file('vuldef_getVulnDetailInfo_sample.xml').subarray(0, 512))).toBe('jvn-vuldef');
    expect(detectJvn(file('jvnrss_getVulnOverviewList_sample.xml').subarray(0, 1024))).toBe('jvn-rss');
    expect(detectJvn(file('jvndb_2024_sample.rdf').subarray(0, 1024))).toBe('jvn-rdf');
    expect(detectJvn(file('jvndb_detail_2024_sample.rdf').subarray(0, 512), 'jvndb_detail_2024.rdf')).toBe('jvn-rdf');
    expect(detectJvn(file('jvndb_detail_2024_sample.rdf').subarray(0, 512))).toBe('jvn-vuldef');
  });

  it('does not claim other feeds', () => {
    expect(detectJvn(Buffer.from('{"resultsPerPage":1,"format":"NVD_CVE"}'))).toBeNull();
    expect(detectJvn(Buffer.from('cveID,vendorProject,product\n'))).toBeNull();
    expect(detectJvn(Buffer.from('<?xml version="1.0"?><rdf:RDF xmlns:rdf="x"><channel/></rdf:RDF>'))).toBeNull();
    expect(detectJvn(Buffer.alloc(0))).toBeNull();
  });

  it('reads the head of a Shift_JIS document', () => {
    const sjis = iconv.encode(file('jvndb_2024_sample.rdf').toString('utf8').replace('encoding="UTF-8"', 'encoding="Shift_JIS"'), 'Shift_JIS');
    expect(detectJvn(sjis.subarray(0, 600))).toBe('jvn-rdf');
    expect(sniffXmlEncoding(sjis)).toBe('shift_jis');
  });
});

describe('jvnPlainText', () => {
  it('turns the escaped HTML of JVN descriptions into plain lines and leaves comparisons alone', () => {
    expect(jvnPlainText('次の脆弱性が存在します。<ul><li>XSS（CWE-79）</li><li>OS コマンドインジェクション</li></ul> 報告者: 某氏')).toBe('次の脆弱性が存在します。\n・XSS（CWE-79）\n・OS コマンドインジェクション\n報告者: 某氏');
    expect(jvnPlainText('行1<br/>行2')).toBe('行1\n行2');
    expect(jvnPlainText('version < 3.2 and > 2.0')).toBe('version < 3.2 and > 2.0');
    expect(jvnPlainText(null)).toBeNull();
  });
});

describe('jvnCpeTo23', () => {
  it('converts JVN 2.2 URIs to 2.3 formatted strings', () => {
    expect(jvnCpeTo23('cpe:/h:corega:cg-wgr1200')).toBe('cpe:2.3:h:corega:cg-wgr1200:*:*:*:*:*:*:*:*');
    expect(jvnCpeTo23('  cpe:/a:misc:soflyy_wp_all_import\n')).toBe('cpe:2.3:a:misc:soflyy_wp_all_import:*:*:*:*:*:*:*:*');
    expect(jvnCpeTo23('not a cpe')).toBeNull();
    expect(jvnCpeTo23('')).toBeNull();
    expect(jvnCpeTo23(null)).toBeNull();
  });
});

describe('parseJvn: MyJVN VULDEF (getVulnDetailInfo)', () => {
  it('reads both entries with Japanese text intact', async () => {
    const { records, meta } = await parseAll(file('vuldef_getVulnDetailInfo_sample.xml'));
    expect(records.map((r) => r.id)).toEqual(['JVNDB-2018-000022', 'JVNDB-2018-000024']);
    const corega = records[1]!;
    expect(corega).toEqual({
      kind: 'jvn',
      id: 'JVNDB-2018-000024',
      title: 'CG-WGR1200 における複数の脆弱性',
      summary: expect.stringContaining('株式会社コレガが提供する CG-WGR1200 は無線 LAN ルータです。'),
      url: 'https://jvndb.jvn.jp/ja/contents/2018/JVNDB-2018-000024.html',
      published: '2018-03-09T12:04:48+09:00',
      lastUpdated: '2018-03-09T12:04:48+09:00',
      cvssVersion: '3.0',
      cvssScore: 8.8,
      cvssSeverity: 'High',
      cvssVector: 'CVSS:3.0/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      affected: [{ vendorName: '株式会社コレガ', productName: 'CG-WGR1200', cpe: 'cpe:2.3:h:corega:cg-wgr1200:*:*:*:*:*:*:*:*', versionText: 'ファームウエア 2.20 およびそれ以前' }],
      cveIds: ['CVE-2017-10852', 'CVE-2017-10853', 'CVE-2017-10854'],
    });
    expect(corega.summary).toContain('報告者: 三井物産セキュアディレクション株式会社 塚本 泰三 氏');
    const wp = records[0]!;
    expect(wp.affected).toEqual([{ vendorName: 'Soflyy', productName: 'WP All Import', cpe: 'cpe:2.3:a:misc:soflyy_wp_all_import:*:*:*:*:*:*:*:*', versionText: '3.4.6 より前のバージョン' }]);
    // Only advisory CVE ids, not JVN# numbers or CWE ids.
    expect(wp.cveIds).toEqual(['CVE-2018-0546']);
    expect(wp.cvssScore).toBe(6.1);
    expect(meta).toEqual({ source: 'jvn', format: 'jvn-vuldef', watermark: '2018-03-09T12:04:48+09:00' });
  });

  it('gives the same records whatever the chunk size (multi-byte characters split across chunks)', async () => {
    const bytes = file('vuldef_getVulnDetailInfo_sample.xml');
    const a = await parseAll(bytes, 'a.xml', 'jvn-vuldef', 1);
    const b = await parseAll(bytes, 'b.xml', 'jvn-vuldef', 65536);
    expect(a.records).toEqual(b.records);
    expect(a.records[1]!.title).toBe('CG-WGR1200 における複数の脆弱性');
  });
});

describe('parseJvn: JVNRSS (getVulnOverviewList)', () => {
  it('reads items with sec: elements', async () => {
    const { records, meta } = await parseAll(file('jvnrss_getVulnOverviewList_sample.xml'), 'overview.xml', 'jvn-rss');
    expect(records.map((r) => r.id)).toEqual(['JVNDB-2018-000024', 'JVNDB-2018-000023']);
    const r = records[0]!;
    expect(r.title).toBe('CG-WGR1200 における複数の脆弱性');
    expect(r.url).toBe('https://jvndb.jvn.jp/ja/contents/2018/JVNDB-2018-000024.html');
    expect(r.cveIds).toEqual(['CVE-2017-10852', 'CVE-2017-10853', 'CVE-2017-10854']);
    expect(r.affected).toEqual([{ vendorName: '株式会社コレガ', productName: 'CG-WGR1200', cpe: 'cpe:2.3:h:corega:cg-wgr1200:*:*:*:*:*:*:*:*', versionText: null }]);
    expect(r).toMatchObject({ cvssVersion: '3.0', cvssScore: 8.8, cvssSeverity: 'High', published: '2018-03-09T12:04:48+09:00', lastUpdated: '2018-03-09T12:04:48+09:00' });
    // The channel's own title/description are not an entry.
    expect(records.some((x) => x.title.startsWith('JVNDB'))).toBe(false);
    expect(meta.watermark).toBe('2018-03-09T12:04:48+09:00');
  });
});

describe('parseJvn: yearly JVNDB files', () => {
  it('reads the overview shape (older mod_sec namespace, several CPEs, CDATA, duplicates)', async () => {
    const { records, meta } = await parseAll(file('jvndb_2024_sample.rdf'), 'jvndb_2024.rdf', 'jvn-rdf');
    expect(records.map((r) => r.id)).toEqual(['JVNDB-2024-000101', 'JVNDB-2024-002345', 'JVNDB-2024-003456', 'JVNDB-2024-004567']);
    const [forti, pacs, karte, omron] = records as [JvnRecord, JvnRecord, JvnRecord, JvnRecord];
    expect(forti.cveIds).toEqual(['CVE-2024-21762']);
    expect(forti.affected.map((a) => a.cpe)).toEqual(['cpe:2.3:o:fortinet:fortios:*:*:*:*:*:*:*:*', 'cpe:2.3:a:fortinet:fortiproxy:*:*:*:*:*:*:*:*']);
    expect(forti.affected[0]!.vendorName).toBe('フォーティネット');
    expect(forti).toMatchObject({ published: '2024-02-13T17:12+09:00', lastUpdated: '2024-03-19T11:30+09:00', cvssScore: 9.8, cvssSeverity: 'Critical' });
    expect(pacs.title).toBe('医用画像管理システム「ミナト PACS ビューア」におけるパス・トラバーサルの脆弱性');
    // The escaped HTML list becomes plain lines.
    expect(pacs.summary).toBe('株式会社ミナトメディカルが提供する ミナト PACS ビューア には、パス・トラバーサル（CWE-22）の脆弱性が存在します。\n・Ver.3.2.1 およびそれ以前');
    expect(pacs.cvssVersion).toBe('3.0');
    expect(pacs.affected[0]).toEqual({ vendorName: '株式会社ミナトメディカル', productName: 'ミナト PACS ビューア', cpe: 'cpe:2.3:a:minato-medical:pacs_viewer:*:*:*:*:*:*:*:*', versionText: null });
    expect(karte.title).toBe('電子カルテ連携ゲートウェイ「カルテ・リンク」における OS コマンドインジェクションの脆弱性 & 認証回避');
    expect(karte).toMatchObject({ cvssVersion: null, cvssScore: null, cvssSeverity: null, cvssVector: null });
    expect(karte.cveIds).toEqual(['CVE-2024-99002', 'CVE-2024-99003']);
    expect(omron.cveIds).toEqual([]);
    // An invalid CPE keeps the product names with cpe null.
    expect(omron.affected.map((a) => a.cpe)).toEqual(['cpe:2.3:o:omron:sysmac_cj2m_firmware:*:*:*:*:*:*:*:*', 'cpe:2.3:o:omron:sysmac_cs1_firmware:*:*:*:*:*:*:*:*', null]);
    expect(omron.affected[2]!.productName).toBe('不正な CPE');
    expect(meta.watermark).toBe('2024-11-05T16:20+09:00');
  });

  it('reads the detail (VULDEF) shape: several version lines, newest CVSS, CVEs once', async () => {
    const { records, meta } = await parseAll(file('jvndb_detail_2024_sample.rdf'), 'jvndb_detail_2024.rdf', 'jvn-rdf');
    expect(records).toHaveLength(3);
    const forti = records[0]!;
    expect(forti.cveIds).toEqual(['CVE-2024-21762']);
    expect(forti).toMatchObject({ cvssVersion: '3.0', cvssScore: 9.8, cvssSeverity: 'Critical', published: '2024-02-13T17:12:00+09:00', lastUpdated: '2024-03-19T11:30:00+09:00' });
    expect(forti.affected).toEqual([
      { vendorName: 'フォーティネット', productName: 'FortiOS', cpe: 'cpe:2.3:o:fortinet:fortios:*:*:*:*:*:*:*:*', versionText: '7.4.0 から 7.4.2 まで / 7.2.0 から 7.2.6 まで / 6.0 系 全バージョン' },
      { vendorName: 'フォーティネット', productName: 'FortiProxy', cpe: 'cpe:2.3:a:fortinet:fortiproxy:*:*:*:*:*:*:*:*', versionText: '7.4.0 から 7.4.2 まで' },
    ]);
    const omron = records[2]!;
    expect(omron.affected).toEqual([{ vendorName: 'オムロン株式会社', productName: 'SYSMAC CJ2M シリーズ CPU ユニット', cpe: 'cpe:2.3:o:omron:sysmac_cj2m_firmware:*:*:*:*:*:*:*:*', versionText: null }]);
    expect(omron.cvssScore).toBeNull();
    expect(meta.watermark).toBe('2024-11-05T16:20:00+09:00');
  });

  it('decodes a Shift_JIS document by its XML declaration', async () => {
    const utf8 = file('jvndb_2024_sample.rdf');
    const sjis = iconv.encode(utf8.toString('utf8').replace('encoding="UTF-8"', 'encoding="Shift_JIS"'), 'Shift_JIS');
    expect(sjis.equals(utf8)).toBe(false);
    const a = await parseAll(utf8, 'utf8.rdf', 'jvn-rdf');
    const b = await parseAll(sjis, 'sjis.rdf', 'jvn-rdf', 5);
    expect(b.records).toEqual(a.records);
    expect(b.records[1]!.title).toBe('医用画像管理システム「ミナト PACS ビューア」におけるパス・トラバーサルの脆弱性');
  });

  it('streams many entries in bounded batches', async () => {
    const item = (n: number) =>
      `<item rdf:about="x"><title>脆弱性 ${n} 番</title><sec:identifier>JVNDB-2024-${String(n).padStart(6, '0')}</sec:identifier><dcterms:modified>2024-01-01T00:00+09:00</dcterms:modified></item>`;
    const items = Array.from({ length: 1000 }, (_, i) => item(i + 1)).join('\n');
    const doc = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><rdf:RDF xmlns:rdf="r" xmlns:sec="http://jvn.jp/rss/mod_sec/3.0/" xmlns:dcterms="d">${items}</rdf:RDF>`);
    const { records, batchCount } = await parseAll(doc, 'big.rdf', 'jvn-rdf', 4096);
    expect(records).toHaveLength(1000);
    expect(records[999]!.title).toBe('脆弱性 1000 番');
    expect(batchCount).toBeGreaterThan(3);
  });
});

describe('parseJvn: errors', () => {
  it('a truncated file is a FeedFormatError', async () => {
    const bytes = file('vuldef_getVulnDetailInfo_sample.xml');
    const e = await parseError(bytes.subarray(0, Math.floor(bytes.length / 2)), 'cut.xml');
    expect(e.fileName).toBe('cut.xml');
    expect(e.message).toMatch(/^cut\.xml: malformed XML/);
  });

  it('malformed XML names the line', async () => {
    const bad = Buffer.from(file('jvnrss_getVulnOverviewList_sample.xml').toString('utf8').replace('<title>CG-WGR1200', '<title>CG-WGR1200 <broken'));
    const e = await parseError(bad);
    expect(e.detail).toMatch(/malformed XML/);
    expect(e.at?.line).toBeGreaterThan(1);
  });

  it('an entry without an id names the record', async () => {
    const bad = Buffer.from(file('vuldef_getVulnDetailInfo_sample.xml').toString('utf8').replace('<VulinfoID>JVNDB-2018-000024</VulinfoID>', ''));
    const e = await parseError(bad);
    expect(e.at?.record).toBe(2);
    expect(e.message).toContain('without an id');
    expect(e.message).toContain('(record 2)');
  });

  it('an id that is not a JVNDB id, and an entry without a title, are refused', async () => {
    const badId = Buffer.from(file('jvnrss_getVulnOverviewList_sample.xml').toString('utf8').replace('<sec:identifier>JVNDB-2018-000023', '<sec:identifier>JVN#60032768'));
    expect((await parseError(badId)).message).toContain('not a JVN iPedia id');
    const noTitle = Buffer.from(file('jvndb_detail_2024_sample.rdf').toString('utf8').replace(/<Title>医用画像[^<]*<\/Title>/, ''));
    const e = await parseError(noTitle);
    expect(e.message).toContain('JVNDB-2024-002345: no title');
    expect(e.at?.field).toBe('title');
  });

  it('a bad CVSS score is refused', async () => {
    const bad = Buffer.from(file('jvndb_2024_sample.rdf').toString('utf8').replace('score="9.8"', 'score="high"'));
    expect((await parseError(bad)).message).toContain('CVSS score "high"');
  });

  it('another XML document or an empty file is refused', async () => {
    expect((await parseError(Buffer.from('<?xml version="1.0"?><html><body/></html>'))).message).toContain('not a JVN document');
    expect((await parseError(Buffer.alloc(0))).message).toMatch(/malformed XML|empty document/);
  });

  it('an unknown encoding is refused', async () => {
    const e = await parseError(Buffer.from('<?xml version="1.0" encoding="x-klingon"?><VULDEF-Document/>'));
    expect(e.message).toContain('unsupported character encoding');
  });
});
