import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mamori, removeTempDirs, ROOT, tempDir } from './cli-test-support.ts';

/** `mamori feeds sync` as real child processes against a local HTTP server serving the KEV and EPSS fixtures. */

const dataDir = tempDir('sync');
const KEV = fs.readFileSync(path.join(ROOT, 'fixtures/kev/known_exploited_vulnerabilities.json'));
const EPSS = zlib.gzipSync(fs.readFileSync(path.join(ROOT, 'fixtures/epss/epss_scores_sample.csv')));

let base = '';
const server = http.createServer((req, res) => {
  if (req.url === '/kev.json') res.writeHead(200, { 'content-type': 'application/json' }).end(KEV);
  else if (req.url === '/epss.csv.gz') res.writeHead(200, { 'content-type': 'application/gzip' }).end(EPSS);
  else res.writeHead(404).end('not found');
});
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  removeTempDirs();
});

describe('mamori feeds sync', () => {
  it('is refused unless MAMORI_FEED_SYNC=1; syncs KEV and EPSS; reports a failing source', { timeout: 120_000 }, async () => {
    const off = await mamori(['feeds', 'sync'], { dataDir });
    expect(off.code).toBe(2);
    expect(off.stderr.trim().split('\n')).toHaveLength(1);
    expect(off.stderr).toContain('MAMORI_FEED_SYNC=1');

    const env = { MAMORI_FEED_SYNC: '1', MAMORI_KEV_URL: `${base}/kev.json`, MAMORI_EPSS_URL: `${base}/epss.csv.gz`, MAMORI_NVD_API_KEY: 'cli-secret-key-42' };
    const bad = await mamori(['feeds', 'sync', '--source', 'nvd,cisa'], { dataDir, env });
    expect(bad.code).toBe(2);

    const json = await mamori(['feeds', 'sync', '--source', 'kev,epss', '--json'], { dataDir, env });
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const s = JSON.parse(json.stdout) as { ok: boolean; sources: { source: string; status: string; records: number }[] };
    expect(s.ok).toBe(true);
    expect(s.sources.map((x) => [x.source, x.status, x.records])).toEqual([
      ['kev', 'succeeded', 1404],
      ['epss', 'succeeded', 3],
    ]);

    const text = await mamori(['feeds', 'sync', '--source', 'kev'], { dataDir, env });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('CISA KEV: 全件を取得します / full download');
    expect(text.stdout).toMatch(/✔ CISA KEV: 0 件.*前回と同じため省略 1/);
    expect(text.stdout).toContain('同期が完了しました / sync finished');

    const failing = await mamori(['feeds', 'sync', '--source', 'kev'], { dataDir, env: { ...env, MAMORI_KEV_URL: `${base}/missing.json` } });
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain('✘ CISA KEV: 失敗しました / failed — CISA KEV: HTTP 404');
    for (const out of [json, text, failing]) expect(out.stdout + out.stderr).not.toContain('cli-secret-key-42');
  });
});
