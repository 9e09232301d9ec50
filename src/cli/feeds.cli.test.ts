import { afterAll, describe, expect, it } from 'vitest';
import { mamori, removeTempDirs, tempDir } from './cli-test-support.ts';

/** `mamori feeds import|status` as real child processes on a fresh SQLite data folder. */

const dataDir = tempDir('feeds');
afterAll(removeTempDirs);

describe('mamori feeds', () => {
  it('imports files, skips a file imported before, rejects an unknown format, reports freshness', { timeout: 120_000 }, async () => {
    const kev = 'fixtures/kev/known_exploited_vulnerabilities.json';
    const api = 'fixtures/nvd2/nvd_api2_sample_response.json';
    const first = await mamori(['feeds', 'import', kev, api, '--json'], { dataDir });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const out = JSON.parse(first.stdout) as { imports: { format: string; status: string; records: number; inserted: number; criteria: number; unchanged: number; seconds: number }[]; changed: { vulns: number; kev: number } };
    expect(out.imports.map((i) => [i.format, i.status, i.records, i.inserted])).toEqual([
      ['kev-json', 'succeeded', 1404, 1404],
      ['nvd-api-2.0', 'succeeded', 5, 5],
    ]);
    expect(out.changed).toMatchObject({ vulns: 5, kev: 1404 });

    const again = await mamori(['feeds', 'import', kev], { dataDir });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/known_exploited_vulnerabilities\.json: 前回取り込んだファイルと同じため省略しました.*skipped/);

    const forced = await mamori(['feeds', 'import', '--force', api], { dataDir });
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('nvd_api2_sample_response.json (nvd-api-2.0): 5 件(追加 0・更新 0・変更なし 5)');

    const bad = await mamori(['feeds', 'import', 'README.md'], { dataDir });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/README\.md: unknown feed format/);

    const status = await mamori(['feeds', 'status', '--json'], { dataDir });
    expect(status.code).toBe(0);
    const s = JSON.parse(status.stdout) as { stale: boolean; sources: { source: string; records: number; stale: boolean }[] };
    // Stale although just imported: the bundled NVD records (2025) and KEV snapshot (2025-08-25) are old data.
    expect(s.sources.map((x) => [x.source, x.records, x.stale])).toEqual([
      ['nvd', 5, true],
      ['kev', 1404, true],
      ['epss', 0, true],
      ['jvn', 0, true],
    ]);
    expect(s.stale).toBe(true);
    const human = await mamori(['feeds', 'status'], { dataDir });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/CISA KEV\s+1404 件/);
  });
});
