import fs from 'node:fs';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import type { Caller } from '../../context.ts';
import { createTestEnv, DIALECTS, SYSTEM, type TestEnv } from '../../testing/harness.ts';
import { RateLimiter, downloadToFile, parseRetryAfter, SyncHttpError, type SyncTimer } from './sync-http.ts';
import { NVD_MAX_WINDOW_DAYS, splitWindows, syncFeeds, syncJob, type SyncProgress } from './sync.ts';

/**
 * Online sync against a LOCAL HTTP server speaking the NVD CVE API 2.0, CISA KEV, FIRST EPSS and MyJVN protocols with
 * fixture data. Time is injected: rate limits and backoff move the manual clock instead of waiting.
 */

const FIX = path.resolve(import.meta.dirname, '../../../../fixtures');
const NVD_RESPONSE = JSON.parse(fs.readFileSync(path.join(FIX, 'nvd2/nvd_api2_sample_response.json'), 'utf8')) as { vulnerabilities: unknown[] };
const KEV_JSON = fs.readFileSync(path.join(FIX, 'kev/known_exploited_vulnerabilities.json'));
const EPSS_GZ = zlib.gzipSync(fs.readFileSync(path.join(FIX, 'epss/epss_scores_sample.csv')));
const API_KEY = 'nvd-key-5ec12e7-do-not-log';
const DAY = 86_400_000;

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}
interface Seen {
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

/** A local server: routes by path; `faults` are served first, in order, for a path (then the route answers). */
class FeedServer {
  readonly seen: Seen[] = [];
  readonly faults = new Map<string, Reply[]>();
  readonly routes = new Map<string, (q: URLSearchParams) => Reply>();
  private server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://localhost');
    this.seen.push({ path: u.pathname, query: u.searchParams, headers: req.headers });
    const fault = this.faults.get(u.pathname)?.shift();
    const route = this.routes.get(u.pathname);
    const reply: Reply = fault ?? (route ? route(u.searchParams) : { status: 404, body: 'not found' });
    res.writeHead(reply.status, reply.headers ?? {});
    res.end(reply.body ?? '');
  });
  base = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
  reset(): void {
    this.seen.length = 0;
    this.faults.clear();
    this.routes.clear();
  }
  requests(p: string): Seen[] {
    return this.seen.filter((s) => s.path === p);
  }
}

/** NVD API 2.0 over the fixture records, `pageSize` per page whatever was asked (as NVD may do); empty when asked for a date range. */
function nvdRoute(pageSize: number, records: unknown[] = NVD_RESPONSE.vulnerabilities): (q: URLSearchParams) => Reply {
  return (q) => {
    const all = q.has('lastModStartDate') ? [] : records;
    const start = Number(q.get('startIndex') ?? 0);
    const page = all.slice(start, start + pageSize);
    const body = { resultsPerPage: page.length, startIndex: start, totalResults: all.length, format: 'NVD_CVE', version: '2.0', timestamp: '2026-04-01T00:00:00.000', vulnerabilities: page };
    return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  };
}

const jvnId = (n: number) => `JVNDB-2026-${String(n).padStart(6, '0')}`;

/** MyJVN: `total` entries updated in March 2026, served `perPage` per overview page and in VULDEF on detail. */
function myJvnRoute(total: number, perPage: number): (q: URLSearchParams) => Reply {
  return (q) => {
    if (q.get('feed') !== 'hnd') return { status: 200, body: status('getVulnOverviewList', 1, 0, 0, 'E101', 'feed がありません') };
    if (q.get('method') === 'getVulnOverviewList') {
      const start = Number(q.get('startItem') ?? 1);
      const max = Math.min(Number(q.get('maxCountItem') ?? 50), perPage);
      const ids = Array.from({ length: total }, (_, i) => i + 1).slice(start - 1, start - 1 + max);
      if (ids.length === 0) return { status: 200, body: `<?xml version="1.0" encoding="UTF-8"?><Result>${status('getVulnOverviewList', 0, total, 0)}</Result>` };
      const items = ids
        .map(
          (n) => `<item rdf:about="https://jvndb.jvn.jp/ja/contents/2026/${jvnId(n)}.html"><title>医療機器 ${n} における脆弱性</title><link>https://jvndb.jvn.jp/ja/contents/2026/${jvnId(n)}.html</link>
          <sec:identifier>${jvnId(n)}</sec:identifier><dcterms:modified>2026-03-${String(10 + (n % 15)).padStart(2, '0')}T10:00:00+09:00</dcterms:modified></item>`,
        )
        .join('\n');
      return {
        status: 200,
        headers: { 'content-type': 'application/xml; charset=utf-8' },
        body: `<?xml version="1.0" encoding="UTF-8"?><rdf:RDF xmlns="http://purl.org/rss/1.0/" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:sec="http://jvn.jp/rss/mod_sec/3.0/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:status="http://jvndb.jvn.jp/myjvn/Status">
<channel rdf:about="https://jvndb.jvn.jp/apis/myjvn"><title>JVNDB 脆弱性対策情報</title></channel>${items}${status('getVulnOverviewList', 0, total, ids.length, '', '', start)}</rdf:RDF>`,
      };
    }
    if (q.get('method') === 'getVulnDetailInfo') {
      const ids = (q.get('vulnId') ?? '').split(/[+ ]/).filter(Boolean);
      const infos = ids
        .map((id) => {
          const n = Number(id.slice(-6));
          return `<Vulinfo><VulinfoID>${id}</VulinfoID><VulinfoData><Title>医療機器 ${n} におけるバッファオーバーフローの脆弱性</Title>
<VulinfoDescription><Overview>株式会社テスト医療が提供する製品 ${n} には脆弱性が存在します。</Overview></VulinfoDescription>
<Affected><AffectedItem><Name>株式会社テスト医療</Name><ProductName>製品 ${n}</ProductName><Cpe version="2.2">cpe:/o:test-medical:device_${n}_firmware</Cpe><VersionNumber>1.${n} およびそれ以前</VersionNumber></AffectedItem></Affected>
<Impact><Cvss version="3.0"><Severity type="Base">High</Severity><Base>7.5</Base><Vector>CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N</Vector></Cvss></Impact>
<Related><RelatedItem type="advisory"><Name>Common Vulnerabilities and Exposures (CVE)</Name><VulinfoID>CVE-2026-${String(10000 + n)}</VulinfoID></RelatedItem></Related>
<DateFirstPublished>2026-03-01T10:00:00+09:00</DateFirstPublished><DateLastUpdated>2026-03-${String(10 + (n % 15)).padStart(2, '0')}T10:00:00+09:00</DateLastUpdated></VulinfoData></Vulinfo>`;
        })
        .join('\n');
      return {
        status: 200,
        body: `<?xml version="1.0" encoding="UTF-8"?><VULDEF-Document version="3.2" xmlns="http://jvn.jp/vuldef/" xmlns:status="http://jvndb.jvn.jp/myjvn/Status">${infos}${status('getVulnDetailInfo', 0, ids.length, ids.length)}</VULDEF-Document>`,
      };
    }
    return { status: 200, body: status('x', 1, 0, 0, 'E999', 'unknown method') };
  };
}

function status(method: string, retCd: number, totalRes: number, totalResRet: number, errCd = '', errMsg = '', firstRes = 1): string {
  return `<status:Status xmlns:status="http://jvndb.jvn.jp/myjvn/Status" version="3.3" method="${method}" lang="ja" retCd="${retCd}" retMax="50" errCd="${errCd}" errMsg="${errMsg}" totalRes="${totalRes}" totalResRet="${totalResRet}" firstRes="${firstRes}" feed="hnd"/>`;
}

/** A timer on the env's manual clock: sleeping moves the clock, nothing waits. */
function manualTimer(env: TestEnv, sleeps: number[]): SyncTimer {
  return {
    now: () => env.clock.now().getTime(),
    sleep: async (ms) => {
      sleeps.push(ms);
      env.clock.advance(ms);
    },
  };
}

describe('sync building blocks', () => {
  it('splits a date range into windows of at most 120 days that cover it exactly', () => {
    const from = Date.parse('2025-01-01T00:00:00Z');
    const to = Date.parse('2025-12-31T12:00:00Z');
    const w = splitWindows(from, to, NVD_MAX_WINDOW_DAYS);
    expect(w).toHaveLength(4);
    expect(w[0]!.start).toBe(from);
    expect(w.at(-1)!.end).toBe(to);
    for (let i = 0; i < w.length; i++) {
      expect(w[i]!.end - w[i]!.start).toBeLessThanOrEqual(120 * DAY);
      if (i > 0) expect(w[i]!.start).toBe(w[i - 1]!.end);
    }
    expect(splitWindows(from, from, 120)).toEqual([{ start: from, end: from }]);
  });

  it('the rate limiter allows 5 requests per rolling 30 s, then waits for the oldest to leave the window', async () => {
    let now = 1_000_000;
    const sleeps: number[] = [];
    const timer: SyncTimer = { now: () => now, sleep: async (ms) => void (sleeps.push(ms), (now += ms)) };
    const limiter = new RateLimiter(5, 30_000, timer);
    const at: number[] = [];
    for (let i = 0; i < 12; i++) {
      await limiter.acquire();
      at.push(now);
      now += 1000;
    }
    // In any 30 s window, never more than 5 requests.
    for (let i = 5; i < at.length; i++) expect(at[i]! - at[i - 5]!).toBeGreaterThanOrEqual(30_000);
    expect(sleeps.length).toBeGreaterThan(0);
    const keyed = new RateLimiter(50, 30_000, timer);
    const before = now;
    for (let i = 0; i < 50; i++) await keyed.acquire();
    expect(now).toBe(before);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('7', 0)).toBe(7000);
    expect(parseRetryAfter(new Date(60_000).toUTCString(), 0)).toBe(60_000);
    expect(parseRetryAfter(null, 0)).toBeNull();
    expect(parseRetryAfter('soon', 0)).toBeNull();
  });
});

describe('downloadToFile', () => {
  const server = new FeedServer();
  let tmp: string;
  beforeAll(async () => {
    await server.start();
    tmp = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'mamori-dl-test-'));
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  beforeEach(() => server.reset());

  it('a network error is retried, and a refused connection fails clearly', async () => {
    let now = 0;
    const timer: SyncTimer = { now: () => now, sleep: async (ms) => void (now += ms) };
    // A port nobody listens on: connection refused every time.
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const retries: (number | null)[] = [];
    const err = await downloadToFile(`http://127.0.0.1:${port}/x`, path.join(tmp, 'x'), { label: 'test file', timer, attempts: 3, onRetry: (i) => retries.push(i.status) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SyncHttpError);
    expect((err as SyncHttpError).message).toMatch(/^test file: network error .*gave up after 3 attempts/);
    expect(retries).toEqual([null, null]);
    expect(now).toBe(2000 + 4000);
  });

  it('a 404 is not retried', async () => {
    const timer: SyncTimer = { now: () => 0, sleep: async () => undefined };
    const err = await downloadToFile(`${server.base}/missing`, path.join(tmp, 'y'), { label: 'KEV', timer }).catch((e: unknown) => e);
    expect((err as SyncHttpError).status).toBe(404);
    expect((err as SyncHttpError).attempts).toBe(1);
    expect(server.seen).toHaveLength(1);
  });
});

describe.each(DIALECTS)('syncFeeds (%s)', (dialect) => {
  const server = new FeedServer();
  let env: TestEnv;
  let sleeps: number[];
  let logLines: string[];

  beforeAll(() => server.start());
  afterAll(() => server.close());
  beforeEach(async () => {
    server.reset();
    env = await createTestEnv(dialect, {
      feedSync: true,
      nvdApiKey: API_KEY,
      nvdApiUrl: `${server.base}/nvd`,
      kevUrl: `${server.base}/kev.json`,
      epssUrl: `${server.base}/epss.csv.gz`,
      jvnApiUrl: `${server.base}/myjvn`,
    });
    logLines = [];
    env.deps.logger = pino({ level: 'trace' }, { write: (s: string) => void logLines.push(s) });
    sleeps = [];
  });
  afterEach(() => env.close());

  const sync = (opts: Parameters<typeof syncFeeds>[2] = {}) => syncFeeds(env.deps, SYSTEM, { timer: manualTimer(env, sleeps), ...opts });
  const count = async (table: 'cves' | 'kev_entries' | 'epss_scores' | 'jvn_entries' | 'feed_imports') =>
    Number((await env.deps.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('is refused when MAMORI_FEED_SYNC is off, and for someone who may not manage feeds', async () => {
    env.deps.config = { ...env.deps.config, feedSync: false };
    const off = await sync().catch((e: unknown) => e);
    expect(off).toBeInstanceOf(AppError);
    expect((off as AppError).code).toBe('INVALID_STATE');
    expect((off as AppError).message).toContain('MAMORI_FEED_SYNC=1');
    expect(server.seen).toHaveLength(0);

    env.deps.config = { ...env.deps.config, feedSync: true };
    const manager: Caller = {
      actor: { userId: 'u1', email: 'sm@a.jp', isAdmin: false, grants: [{ role: 'security_manager', facilityId: 'f1' }], groupAdminFacilityIds: [], groupAdminGroupIds: [] },
      ip: null,
      label: 'sm@a.jp',
    };
    expect(((await syncFeeds(env.deps, manager, {}).catch((e: unknown) => e)) as AppError).code).toBe('FORBIDDEN');
    const token: Caller = { ...manager, actor: { ...manager.actor!, isAdmin: true, token: { id: 't', scopes: ['vulns:read'], facilityId: null } } };
    expect(((await syncFeeds(env.deps, token, {}).catch((e: unknown) => e)) as AppError).code).toBe('TOKEN_SCOPE');
    expect(server.seen).toHaveLength(0);
  });

  it('NVD: pages through the API with the key in a header (never logged or stored), then incremental windows', async () => {
    server.routes.set('/nvd', nvdRoute(2));
    const progress: SyncProgress[] = [];
    const first = await sync({ sources: ['nvd'], onProgress: (p) => progress.push(p) });
    expect(first.ok).toBe(true);
    const r = first.sources[0]!;
    expect(r).toMatchObject({ source: 'nvd', status: 'succeeded', mode: 'full', since: null, requests: 3, files: 3, records: 5, inserted: 5 });
    const reqs = server.requests('/nvd');
    expect(reqs.map((q) => q.query.get('startIndex'))).toEqual(['0', '2', '4']);
    for (const q of reqs) {
      expect(q.headers.apikey).toBe(API_KEY);
      expect(q.query.get('resultsPerPage')).toBe('2000');
      expect(q.query.has('lastModStartDate')).toBe(false);
      expect(q.query.toString()).not.toContain(API_KEY);
    }
    expect(await count('cves')).toBe(5);
    const rows = await env.deps.db.selectFrom('feed_imports').selectAll().execute();
    expect(rows).toHaveLength(3);
    expect(rows.every((x) => x.origin === 'sync' && x.source === 'nvd' && x.format === 'nvd-api-2.0' && x.status === 'succeeded')).toBe(true);
    expect(progress.filter((p) => p.kind === 'download')).toHaveLength(3);

    // Second run: from the newest lastModified (2025-10-24T12:53:03.100) to now (2026-04-01T01:00Z) in ≤ 120-day windows.
    server.seen.length = 0;
    const second = await sync({ sources: ['nvd'] });
    expect(second.sources[0]).toMatchObject({ status: 'succeeded', mode: 'incremental', since: '2025-10-24T12:53:03.100Z', requests: 2, files: 2, records: 0 });
    const windows = server.requests('/nvd').map((q) => [q.query.get('lastModStartDate')!, q.query.get('lastModEndDate')!] as const);
    expect(windows).toEqual([
      ['2025-10-24T12:53:03.100+00:00', '2026-02-21T12:53:03.100+00:00'],
      ['2026-02-21T12:53:03.100+00:00', '2026-04-01T01:00:00.000+00:00'],
    ]);
    for (const [s, e] of windows) expect(Date.parse(e) - Date.parse(s)).toBeLessThanOrEqual(NVD_MAX_WINDOW_DAYS * DAY);

    // --full ignores the watermark.
    server.seen.length = 0;
    const full = await sync({ sources: ['nvd'], full: true });
    expect(full.sources[0]!.mode).toBe('full');
    expect(server.requests('/nvd')[0]!.query.has('lastModStartDate')).toBe(false);

    // The key is nowhere but in the request headers.
    const audit = await env.deps.db.selectFrom('audit_log').selectAll().execute();
    const stored = JSON.stringify([await env.deps.db.selectFrom('feed_imports').selectAll().execute(), audit]);
    expect(audit.some((a) => a.action === 'feeds.sync')).toBe(true);
    expect(logLines.length).toBeGreaterThan(0);
    for (const text of [logLines.join('\n'), stored, JSON.stringify([first, second, full, progress])]) expect(text).not.toContain(API_KEY);
  });

  it('NVD: 503, 429 (Retry-After) and 403 are retried with backoff, then the page succeeds', async () => {
    server.routes.set('/nvd', nvdRoute(5));
    server.faults.set('/nvd', [{ status: 503 }, { status: 429, headers: { 'retry-after': '7' } }, { status: 403, body: 'rate limited' }]);
    const s = await sync({ sources: ['nvd'] });
    expect(s.sources[0]).toMatchObject({ status: 'succeeded', requests: 4, files: 1, records: 5 });
    expect(server.requests('/nvd')).toHaveLength(4);
    // Backoff 2 s, then Retry-After 7 s, then 8 s (2 s doubled twice).
    expect(sleeps).toEqual([2000, 7000, 8000]);
    expect(await count('cves')).toBe(5);
  });

  it('NVD: a permanent failure is reported clearly and imports nothing; the other sources still run', async () => {
    server.routes.set('/nvd', () => ({ status: 503, body: 'maintenance' }));
    server.routes.set('/kev.json', () => ({ status: 200, body: KEV_JSON }));
    const s = await sync({ sources: ['nvd', 'kev'], http: { attempts: 3 } });
    expect(s.ok).toBe(false);
    const [nvd, kev] = s.sources as [(typeof s.sources)[0], (typeof s.sources)[0]];
    expect(nvd).toMatchObject({ status: 'failed', requests: 3, files: 0, records: 0 });
    expect(nvd.error).toBe('NVD API page 1: HTTP 503; gave up after 3 attempts');
    expect(kev).toMatchObject({ status: 'succeeded', records: 1404 });
    expect(await count('cves')).toBe(0);
    expect(await count('kev_entries')).toBe(1404);

    // A malformed page is a failed import, named.
    server.routes.set('/nvd', () => ({ status: 200, body: '{"resultsPerPage":1,"startIndex":0,"totalResults":1,"format":"NVD_CVE","vulnerabilities":[{"cve":{"id":"CVE-2024-' }));
    const broken = await sync({ sources: ['nvd'] });
    expect(broken.sources[0]!.status).toBe('failed');
    expect(broken.sources[0]!.error).toMatch(/^import of nvd-api-full-0000000\.json failed/);
  });

  it('without an API key: no apiKey header, and at most 5 requests per rolling 30 s', async () => {
    env.deps.config = { ...env.deps.config, nvdApiKey: null };
    const records = Array.from({ length: 8 }, (_, i) => ({ cve: { ...(NVD_RESPONSE.vulnerabilities[i % 5] as { cve: object }).cve, id: `CVE-2026-${1000 + i}` } }));
    const times: number[] = [];
    server.routes.set('/nvd', ((inner) => (q: URLSearchParams) => (times.push(env.clock.now().getTime()), inner(q)))(nvdRoute(1, records)));
    const s = await sync({ sources: ['nvd'] });
    expect(s.sources[0]).toMatchObject({ status: 'succeeded', requests: 8, records: 8 });
    expect(server.requests('/nvd').every((q) => q.headers.apikey === undefined)).toBe(true);
    for (let i = 5; i < times.length; i++) expect(times[i]! - times[i - 5]!).toBeGreaterThanOrEqual(30_000);
  });

  it('KEV and EPSS: one download each; an unchanged catalogue is skipped next time', async () => {
    server.routes.set('/kev.json', () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: KEV_JSON }));
    server.routes.set('/epss.csv.gz', () => ({ status: 200, headers: { 'content-type': 'application/gzip' }, body: EPSS_GZ }));
    const s = await sync({ sources: ['kev', 'epss'] });
    expect(s.ok).toBe(true);
    expect(s.sources.map((x) => [x.source, x.status, x.requests, x.files])).toEqual([
      ['kev', 'succeeded', 1, 1],
      ['epss', 'succeeded', 1, 1],
    ]);
    expect(await count('kev_entries')).toBe(1404);
    expect(await count('epss_scores')).toBeGreaterThan(0);
    const formats = (await env.deps.db.selectFrom('feed_imports').select(['format', 'origin']).orderBy('started_at').execute()).map((r) => `${r.format}/${r.origin}`);
    expect(formats.sort()).toEqual(['epss-csv/sync', 'kev-json/sync']);

    const again = await sync({ sources: ['kev'] });
    expect(again.sources[0]).toMatchObject({ status: 'succeeded', skipped: 1, records: 0 });
  });

  it('MyJVN: overview pages then details in groups of 10, Japanese text intact; next time from the JVN watermark', async () => {
    server.routes.set('/myjvn', myJvnRoute(12, 5));
    const s = await sync({ sources: ['jvn'] });
    const r = s.sources[0]!;
    expect(r).toMatchObject({ status: 'succeeded', mode: 'full', since: '2026-01-01', records: 12, inserted: 12 });
    const reqs = server.requests('/myjvn');
    const overview = reqs.filter((q) => q.query.get('method') === 'getVulnOverviewList');
    const detail = reqs.filter((q) => q.query.get('method') === 'getVulnDetailInfo');
    expect(overview.map((q) => q.query.get('startItem'))).toEqual(['1', '6', '11']);
    for (const q of overview) {
      expect(q.query.get('maxCountItem')).toBe('50');
      expect(q.query.get('feed')).toBe('hnd');
      expect([q.query.get('datePublishedStartY'), q.query.get('datePublishedStartM'), q.query.get('datePublishedStartD')]).toEqual(['2026', '01', '01']);
      expect([q.query.get('datePublishedEndY'), q.query.get('datePublishedEndM'), q.query.get('datePublishedEndD')]).toEqual(['2026', '04', '01']);
    }
    expect(detail.map((q) => q.query.get('vulnId')!.split('+').length)).toEqual([10, 2]);
    expect(detail[0]!.query.get('vulnId')!.split('+')[0]).toBe(jvnId(1));
    const row = await env.deps.db.selectFrom('jvn_entries').selectAll().where('id', '=', jvnId(3)).executeTakeFirstOrThrow();
    expect(row.title).toBe('医療機器 3 におけるバッファオーバーフローの脆弱性');
    expect(JSON.parse(row.affected)).toEqual([{ vendorName: '株式会社テスト医療', productName: '製品 3', cpe: 'cpe:2.3:o:test-medical:device_3_firmware:*:*:*:*:*:*:*:*', versionText: '1.3 およびそれ以前' }]);
    expect(await count('jvn_entries')).toBe(12);
    const imports = await env.deps.db.selectFrom('feed_imports').select(['format', 'origin', 'watermark']).execute();
    expect(imports.map((i) => `${i.format}/${i.origin}`)).toEqual(['jvn-vuldef/sync', 'jvn-vuldef/sync']);

    // Incremental: from the JST date of the newest DateLastUpdated (2026-03-22T10:00+09:00).
    server.seen.length = 0;
    const next = await sync({ sources: ['jvn'] });
    expect(next.sources[0]).toMatchObject({ status: 'succeeded', mode: 'incremental', since: '2026-03-22' });
    const q = server.requests('/myjvn')[0]!.query;
    expect([q.get('datePublishedStartY'), q.get('datePublishedStartM'), q.get('datePublishedStartD')]).toEqual(['2026', '03', '22']);
  });

  it('the scheduled job syncs every source when allowed, and does nothing when not', async () => {
    server.routes.set('/nvd', nvdRoute(5));
    server.routes.set('/kev.json', () => ({ status: 200, body: KEV_JSON }));
    server.routes.set('/epss.csv.gz', () => ({ status: 200, body: EPSS_GZ }));
    server.routes.set('/myjvn', myJvnRoute(3, 50));
    const s = await syncJob(env.deps);
    expect(s?.ok).toBe(true);
    expect(s?.sources.map((x) => [x.source, x.status])).toEqual([
      ['nvd', 'succeeded'],
      ['kev', 'succeeded'],
      ['epss', 'succeeded'],
      ['jvn', 'succeeded'],
    ]);
    expect(await count('jvn_entries')).toBe(3);
    server.seen.length = 0;
    env.deps.config = { ...env.deps.config, feedSync: false };
    expect(await syncJob(env.deps)).toBeNull();
    expect(server.seen).toHaveLength(0);
  });

  it('MyJVN: no results is a success with nothing to import; an API error fails clearly', async () => {
    server.routes.set('/myjvn', myJvnRoute(0, 5));
    const none = await sync({ sources: ['jvn'] });
    expect(none.sources[0]).toMatchObject({ status: 'succeeded', files: 0, records: 0, requests: 1 });

    server.routes.set('/myjvn', () => ({ status: 200, body: `<?xml version="1.0"?><Result>${status('getVulnOverviewList', 1, 0, 0, 'E203', '日付の指定が不正です')}</Result>` }));
    const bad = await sync({ sources: ['jvn'] });
    expect(bad.sources[0]!.status).toBe('failed');
    expect(bad.sources[0]!.error).toBe('MyJVN overview page 1: error E203 日付の指定が不正です');
    expect(await count('jvn_entries')).toBe(0);
  });
});
