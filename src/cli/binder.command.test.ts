import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TFacility } from '../shared/contracts/facilities.contract.ts';
import { BINDER_SECTION_LABELS, BINDER_SECTIONS } from '../shared/resilience/binder.ts';
import { findChromium } from '../server/reports/pdf.ts';
import { pdfText } from '../server/reports/test-support.ts';
import { BINDER_SEED, seedBinderFacility } from '../server/modules/resilience/binder.test-support.ts';
import { createTestEnv, DIALECTS, makeFacility, type TestEnv } from '../server/testing/harness.ts';
import { registerBinderCommand } from './binder.command.ts';
import { removeTempDirs, tempDir } from './cli-test-support.ts';

/** `mamori binder` in process on both databases: HTML and PDF by extension, the print recorded with no user, one-line errors. */
describe.each(DIALECTS)('mamori binder (%s)', (dialect) => {
  let env: TestEnv;
  let F: TFacility;
  let dir: string;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    env.clock.set(new Date('2026-11-24T01:00:00Z'));
    F = await makeFacility(env, 'CLB', 'みなと試験病院');
    await seedBinderFacility(env, F.id);
    dir = tempDir('binder-cli');
  });
  afterAll(async () => {
    await env?.close();
    removeTempDirs();
  });

  async function run(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    let code: number | null = null;
    const program = new Command('mamori').exitOverride().configureOutput({ writeOut: (s) => (stdout += s), writeErr: (s) => (stderr += s) });
    registerBinderCommand(program, {
      withRuntime: (fn) => fn({ deps: env.deps }),
      print: (s) => (stdout += `${s}\n`),
      stderr: (s) => (stderr += s),
      setExitCode: (c) => (code = c),
    });
    await program.parseAsync(['binder', ...args], { from: 'user' });
    return { code, stdout, stderr };
  }

  it('writes the self-contained HTML binder and records the copy with no user', async () => {
    const out = path.join(dir, `binder-${dialect}.html`);
    const r = await run('--facility', 'CLB', '--out', out);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/緊急時バインダーを書き出しました .*\(BND-20261124-[A-Z0-9]{4}, \d+ bytes\)/);
    const html = fs.readFileSync(out, 'utf8');
    for (const s of BINDER_SECTIONS) expect(html).toContain(BINDER_SECTION_LABELS[s].ja);
    expect(html).toContain(BINDER_SEED.vendorEmergency);
    const prints = await env.deps.db.selectFrom('binder_prints').selectAll().where('facility_id', '=', F.id).execute();
    expect(prints).toHaveLength(1);
    expect(prints[0]).toMatchObject({ format: 'html', generated_by: null });
    expect(r.stdout).toContain(prints[0]!.code);
  });

  it('writes English with --lang en, and a PDF for a .pdf file', async () => {
    const en = path.join(dir, `binder-${dialect}-en.htm`);
    expect((await run('--facility', 'CLB', '--out', en, '--lang', 'en')).code).toBe(0);
    expect(fs.readFileSync(en, 'utf8')).toContain('The first 30 minutes');
    if (dialect !== 'sqlite' || !findChromium(env.deps.config)) return; // one real render here is enough
    const pdf = path.join(dir, 'binder.PDF');
    expect((await run('--facility', 'CLB', '--out', pdf)).code).toBe(0);
    const text = (await pdfText(fs.readFileSync(pdf))).join('');
    expect(text).toContain('最初の30分');
    expect(text).toContain(BINDER_SEED.firstPhone);
  });

  it('fails in one line for another extension, an unknown facility or language', async () => {
    expect(await run('--facility', 'CLB', '--out', path.join(dir, 'b.docx'))).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/^出力ファイルの拡張子は \.pdf か \.html にしてください: .*b\.docx \/ the output file must end in \.pdf or \.html\n$/) });
    expect(await run('--facility', 'NOPE', '--out', path.join(dir, 'b.html'))).toMatchObject({ code: 2, stderr: '施設 NOPE がありません / no facility with code NOPE\n' });
    expect(await run('--facility', 'CLB', '--out', path.join(dir, 'b.html'), '--lang', 'fr')).toMatchObject({ code: 2 });
    expect(fs.existsSync(path.join(dir, 'b.html'))).toBe(false);
  });
});
