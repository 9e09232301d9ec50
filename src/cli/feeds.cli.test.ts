import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/** `mamori feeds import|status` as real child processes on a fresh SQLite data folder. */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BASE_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MAMORI_') && k !== 'NODE_OPTIONS'));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mamori-cli-feeds-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function mamori(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, env: { ...BASE_ENV, MAMORI_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('mamori feeds', () => {
  it('imports files, skips a file imported before, rejects an unknown format, reports freshness', { timeout: 120_000 }, async () => {
    const kev = 'fixtures/kev/known_exploited_vulnerabilities.json';
    const api = 'fixtures/nvd2/nvd_api2_sample_response.json';
    const first = await mamori(['feeds', 'import', kev, api, '--json']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const out = JSON.parse(first.stdout) as { imports: { format: string; status: string; records: number; inserted: number; criteria: number; unchanged: number; seconds: number }[]; changed: { vulns: number; kev: number } };
    expect(out.imports.map((i) => [i.format, i.status, i.records, i.inserted])).toEqual([
      ['kev-json', 'succeeded', 1404, 1404],
      ['nvd-api-2.0', 'succeeded', 5, 5],
    ]);
    expect(out.changed).toMatchObject({ vulns: 5, kev: 1404 });

    const again = await mamori(['feeds', 'import', kev]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/known_exploited_vulnerabilities\.json: 前回取り込んだファイルと同じため省略しました.*skipped/);

    const forced = await mamori(['feeds', 'import', '--force', api]);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('nvd_api2_sample_response.json (nvd-api-2.0): 5 件(追加 0・更新 0・変更なし 5)');

    const bad = await mamori(['feeds', 'import', 'README.md']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/README\.md: unknown feed format/);

    const status = await mamori(['feeds', 'status', '--json']);
    expect(status.code).toBe(0);
    const s = JSON.parse(status.stdout) as { stale: boolean; sources: { source: string; records: number; stale: boolean }[] };
    expect(s.sources.map((x) => [x.source, x.records, x.stale])).toEqual([
      ['nvd', 5, false],
      ['kev', 1404, false],
      ['epss', 0, true],
      ['jvn', 0, true],
    ]);
    expect(s.stale).toBe(true);
    const human = await mamori(['feeds', 'status']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/CISA KEV\s+1404 件/);
  });
});
