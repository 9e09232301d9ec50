import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mamori, removeTempDirs, tempDir } from './cli-test-support.ts';

/** `mamori frameworks list|validate|import|template` as real child processes on a fresh SQLite data folder. */

const dataDir = tempDir('frameworks');
const work = tempDir('frameworks-files');
afterAll(removeTempDirs);

const FIXTURE = 'src/server/modules/assessments/frameworks/testdata/valid.yaml';
const valid = fs.readFileSync(FIXTURE, 'utf8');

describe('mamori frameworks', () => {
  it('lists the shipped frameworks (table and JSON)', { timeout: 120_000 }, async () => {
    const table = await mamori(['frameworks', 'list'], { dataDir });
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^mhlw-hospital\tr7\t.+\t令和7年度\t医療機関確認用\t\d+ 項目\t未確認 \d+$/m);
    const json = await mamori(['frameworks', 'list', '--json'], { dataDir });
    expect(json.code).toBe(0);
    const items = JSON.parse(json.stdout) as { id: string; version: string; owner: { type: string } }[];
    expect(items.map((i) => `${i.id}@${i.version}`)).toEqual(expect.arrayContaining(['mhlw-hospital@r5', 'mhlw-hospital@r6', 'mhlw-hospital@r7', 'mhlw-vendor@r7']));
    expect(items.every((i) => i.owner.type === 'builtin')).toBe(true);
  });

  it('validates files: exit 0 when all pass, 1 with file:line key message when one fails', { timeout: 120_000 }, async () => {
    const bad = path.join(work, 'bad.yaml');
    fs.writeFileSync(bad, valid.replace('scope: network', 'scope: laptop'));
    const line = valid.split('\n').findIndex((l) => l.includes('scope: network')) + 1;
    const good = await mamori(['frameworks', 'validate', FIXTURE, 'frameworks/mhlw-hospital.r7.yaml'], { dataDir });
    expect(good.code).toBe(0);
    expect(good.stdout).toContain(`✔ ${FIXTURE}: test-checklist r7 — 4 項目`);

    const failed = await mamori(['frameworks', 'validate', FIXTURE, bad], { dataDir });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(`${bad}:${line} sections.1.items.1.scope text "laptop" is not one of: server, pc, network, general`);
    expect(failed.stderr).toContain('1 of 2 file(s) failed');

    const json = await mamori(['frameworks', 'validate', '--json', bad, path.join(work, 'missing.yaml')], { dataDir });
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as { file: string; ok: boolean; issues: { line: number | null; key: string; code: string }[] }[];
    expect(out.map((r) => [r.ok, r.issues[0]!.code, r.issues[0]!.line])).toEqual([
      [false, 'invalid_value', line],
      [false, 'unreadable_file', null],
    ]);
  });

  it('writes the template, imports it for a facility, lists it with --facility, refuses an invalid file', { timeout: 120_000 }, async () => {
    const password = 'Hosp1tal!Secure-cli';
    expect((await mamori(['setup', '--facility-code', 'F1', '--facility-name', 'みなと病院', '--admin-email', 'admin@f1.jp', '--admin-password-stdin'], { dataDir, input: password })).code).toBe(0);
    const xlsx = path.join(work, 'template.xlsx');
    expect((await mamori(['frameworks', 'template', '--out', xlsx], { dataDir })).code).toBe(0);
    const imported = await mamori(['frameworks', 'import', '--facility', 'F1', xlsx], { dataDir });
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('my-hospital-checklist 2025');
    const listed = await mamori(['frameworks', 'list', '--facility', 'F1'], { dataDir });
    expect(listed.stdout).toMatch(/^my-hospital-checklist\t2025\t当院のセキュリティ点検表\t令和7年度\t一般\t1 項目\t未確認 0\t施設独自/m);

    const bad = path.join(work, 'bad-import.yaml');
    fs.writeFileSync(bad, valid.replace('id: test-checklist\n', 'id: own\n').replace('vendorSheet: test-checklist-vendor\n', '').replace('verified: false', 'verified: maybe'));
    const refused = await mamori(['frameworks', 'import', '--facility', 'F1', bad], { dataDir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/bad-import\.yaml:\d+ sections\.1\.items\.0\.verified expected true or false, got text "maybe"/);
    const again = await mamori(['frameworks', 'import', '--facility', 'F1', xlsx], { dataDir });
    expect(again.code).toBe(2);
  });
});
