import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustodyVerifyDto } from '../shared/contracts/incident-evidence.contract.ts';
import type { TFacility } from '../shared/contracts/facilities.contract.ts';
import { CURRENT_LEGAL_CLOCK_RULES, NO_FACTS } from '../shared/incidents/clock-rules.ts';
import { newId } from '../server/lib/ids.ts';
import { addCustodyEntry, addEvidence } from '../server/modules/incidents/index.ts';
import { tamperWith } from '../server/modules/incidents/incident.test-support.ts';
import { createTestEnv, DIALECTS, makeFacility, SYSTEM, type TestEnv } from '../server/testing/harness.ts';
import { registerIncidentCustodyCommand } from './incident-custody.command.ts';

/** `mamori incident verify-custody` in process, under a parent `incident` command built here, on both databases. */
describe.each(DIALECTS)('mamori incident verify-custody (%s)', (dialect) => {
  let env: TestEnv;
  let F: TFacility;
  let caseId: string;
  let evidenceId: string;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    env.clock.set(new Date('2026-04-01T06:00:00Z'));
    F = await makeFacility(env, 'CUS');
    caseId = newId();
    const now = env.clock.now().toISOString();
    // Written straight into the table (the CLI's code may not import repositories; cases are another helper's).
    await env.deps.db
      .insertInto('incident_cases')
      .values({
        id: caseId,
        facility_id: F.id,
        seq: 3,
        title: 'ランサムウェア感染',
        category: 'ransomware',
        severity: 'critical',
        tlp: 'amber',
        phase: 'investigation',
        status: 'open',
        discovered_at: '2026-03-31T16:00:00Z',
        facts: JSON.stringify(NO_FACTS),
        clock_rules_version: CURRENT_LEGAL_CLOCK_RULES.version,
        summary: JSON.stringify({ who: '', what: '', when: '', where: '', why: '', how: '' }),
        description: null,
        playbook_id: null,
        playbook_version: null,
        created_by: null,
        created_at: now,
        updated_at: now,
        closed_at: null,
      })
      .execute();
    const e = await addEvidence(env.deps, SYSTEM, caseId, { type: 'disk_image', description: '電子カルテサーバーのイメージ', collectedBy: '山田', collectedAt: '2026-04-01T01:00:00Z', sha256: 'b'.repeat(64) });
    evidenceId = e.row.id;
    await addCustodyEntry(env.deps, SYSTEM, evidenceId, { action: 'handed_over', occurredAt: '2026-04-01T02:00:00Z', fromParty: '山田', toParty: '県警 サイバー犯罪対策課' });
    await addCustodyEntry(env.deps, SYSTEM, evidenceId, { action: 'stored', occurredAt: '2026-04-01T03:00:00Z', note: '封印' });
  });
  afterAll(async () => {
    await env?.close();
  });

  async function run(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    let code: number | null = null;
    const program = new Command('mamori').exitOverride().configureOutput({ writeOut: (s) => (stdout += s), writeErr: (s) => (stderr += s) });
    const incident = program.command('incident');
    registerIncidentCustodyCommand(incident, {
      withRuntime: (fn) => fn({ deps: env.deps }),
      print: (s) => (stdout += `${s}\n`),
      stderr: (s) => (stderr += s),
      setExitCode: (c) => (code = c),
    });
    await program.parseAsync(['incident', 'verify-custody', ...args], { from: 'user' });
    return { code, stdout, stderr };
  }

  it('finds the case by id, by number or by label with --facility; exit 0 when intact', async () => {
    const byId = await run(caseId);
    expect(byId).toMatchObject({ code: 0, stderr: '' });
    expect(byId.stdout).toContain('INC-2026-0003: 証拠 1 件の保管記録を検証しました。改ざんは見つかりませんでした。');
    expect(byId.stdout).toContain('E-1');
    for (const ref of ['3', '0003', 'INC-2026-0003', 'inc-2026-0003']) expect((await run(ref, '--facility', 'CUS')).code, ref).toBe(0);
    const json = await run('3', '--facility', 'CUS', '--json');
    expect(JSON.parse(json.stdout) as CustodyVerifyDto).toMatchObject({ caseId, caseLabel: 'INC-2026-0003', ok: true, items: [{ evidenceId, label: 'E-1', ok: true, entries: 3, break: null }] });
  });

  it('exit 2 for an unknown case or facility, with a hint when a number lacks --facility', async () => {
    expect(await run('INC-2025-0003', '--facility', 'CUS')).toMatchObject({ code: 2, stderr: expect.stringContaining('案件 INC-2025-0003 が見つかりません') });
    expect(await run('4', '--facility', 'CUS')).toMatchObject({ code: 2 });
    expect(await run('3')).toMatchObject({ code: 2, stderr: expect.stringContaining('--facility が必要です') });
    expect(await run('3', '--facility', 'NOPE')).toMatchObject({ code: 2, stderr: expect.stringContaining('施設 NOPE がありません') });
  });

  it('exit 1 naming the item, the entry and what changed when the chain is broken', async () => {
    await tamperWith(env, () => env.deps.db.updateTable('incident_custody').set({ to_party: '別の人' }).where('evidence_id', '=', evidenceId).where('seq', '=', 2).execute());
    const r = await run('INC-2026-0003', '--facility', 'CUS');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('INC-2026-0003 の証拠 E-1「電子カルテサーバーのイメージ」: 保管記録 2 番で連鎖が壊れています');
    expect(r.stderr).toContain('(変更: 引渡し先)');
    expect(r.stderr).toContain('custody chain broken at entry 2');
    expect(r.stdout).toContain('✘ E-1');
    const json = JSON.parse((await run(caseId, '--json')).stdout) as CustodyVerifyDto;
    expect(json.items[0]!.break).toEqual({ seq: 2, reason: 'hash_mismatch', fields: ['toParty'] });
  });
});
