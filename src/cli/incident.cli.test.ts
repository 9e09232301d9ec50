import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.ts';
import { startRuntime } from '../server/bootstrap.ts';
import { cliCaller } from '../server/context.ts';
import { createLogger } from '../server/lib/logger.ts';
import { createFacility } from '../server/modules/facilities/index.ts';
import { closeCase, createCase } from '../server/modules/incidents/index.ts';
import { mamori, removeTempDirs, tempDir } from './cli-test-support.ts';

/** `mamori incident report|list|clocks` as real child processes on a SQLite data folder prepared through the services. */

const dataDir = tempDir('incident');
const DAY = 86_400_000;
// Real time: the processes run on the system clock.
const twoDaysAgo = new Date(Date.now() - 2 * DAY).toISOString();
let closedId = '';
let otherId = '';

beforeAll(async () => {
  const rt = await startRuntime(loadConfig({ MAMORI_DATA_DIR: dataDir }), { logger: createLogger('silent') });
  try {
    const caller = cliCaller('test');
    const minato = await createFacility(rt.deps, caller, { code: 'minato', name: 'みなと総合病院', kind: 'hospital' });
    const yama = await createFacility(rt.deps, caller, { code: 'yama', name: 'やま診療所', kind: 'clinic' });
    const closed = await createCase(rt.deps, caller, minato.id, { title: 'USBメモリの紛失', category: 'data_leak_loss', discoveredAt: new Date(Date.now() - 90 * DAY).toISOString(), facts: { personalData: true } });
    await closeCase(rt.deps, caller, closed.row.id);
    closedId = closed.row.id;
    // Care disrupted at the clinic three days ago: the MHLW and prefecture targets (hours) are long overdue.
    otherId = (await createCase(rt.deps, caller, yama.id, { title: '電子カルテが止まった', category: 'malware', discoveredAt: new Date(Date.now() - 3 * DAY).toISOString(), facts: { careDisrupted: true } })).row.id;
  } finally {
    await rt.close();
  }
}, 60_000);
afterAll(removeTempDirs);

interface ReportJson {
  id: string;
  number: string;
  facility: string;
  title: string;
  discoveredAt: string;
  ruleSetVersion: string;
  clocks: { ruleId: string; authority: string; kind: string; dueAt: string | null; dueDateJst: string | null; soft: boolean; status: string; label: { ja: string; en: string } }[];
  note: unknown;
}
interface ClockJson {
  case: { id: string; number: string; title: string; facility: string };
  ruleId: string;
  authority: string;
  kind: string;
  dueAt: string | null;
  soft: boolean;
  status: string;
}

describe('mamori incident', () => {
  it('report opens a case and prints its number and clocks; list and clocks show it', { timeout: 180_000 }, async () => {
    const r = await mamori(
      ['incident', 'report', '--facility', 'minato', '--title', 'ランサムウェア感染(電子カルテ)', '--category', 'ransomware', '--discovered-at', twoDaysAgo, '--personal-data', '--affected-count', '1200', '--unauthorized-access', '--json'],
      { dataDir },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const created = JSON.parse(r.stdout) as ReportJson;
    expect(created).toMatchObject({ number: expect.stringMatching(/^INC-\d{4}-0002$/), facility: 'minato', title: 'ランサムウェア感染(電子カルテ)', discoveredAt: twoDaysAgo, note: null });
    expect(created.clocks.map((c) => c.ruleId)).toEqual(['ppc.preliminary', 'ppc.final', 'data_subjects.notice', 'mhlw.report', 'prefecture.report']);
    const final = created.clocks.find((c) => c.ruleId === 'ppc.final')!;
    // Unauthorised access: 60 days (the day of discovery not counted), ending 23:59:59.999 JST.
    expect(final).toMatchObject({ authority: 'ppc', kind: 'final', soft: false, status: 'running', label: { ja: '個人情報保護委員会への確報' } });
    expect(final.dueAt).toMatch(/T14:59:59\.999Z$/);
    const days = Math.round((Date.parse(final.dueAt!) - Date.parse(twoDaysAgo)) / DAY);
    expect(days === 60 || days === 61).toBe(true);
    expect(created.clocks.find((c) => c.ruleId === 'mhlw.report')).toMatchObject({ status: 'overdue', soft: true });

    const text = await mamori(['incident', 'report', '--facility', 'minato', '--title', '不審なメール', '--discovered-at', twoDaysAgo], { dataDir });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^案件を登録しました \/ case opened: INC-\d{4}-0003 不審なメール \(minato\)\n/);
    expect(text.stdout).toContain('法令等による報告期限は発生していません');

    const list = await mamori(['incident', 'list', '--json'], { dataDir });
    expect(list.stderr).toBe('');
    const open = JSON.parse(list.stdout) as { id: string; facility: string; number: string; status: string }[];
    expect(open).toHaveLength(3);
    expect(open.map((c) => c.id)).toEqual(expect.arrayContaining([created.id, otherId]));
    expect(open.map((c) => c.id)).not.toContain(closedId);
    expect(open.every((c) => c.status === 'open')).toBe(true);
    const closed = JSON.parse((await mamori(['incident', 'list', '--facility', 'minato', '--status', 'closed', '--json'], { dataDir })).stdout) as { id: string; number: string }[];
    expect(closed).toEqual([expect.objectContaining({ id: closedId, number: expect.stringMatching(/^INC-\d{4}-0001$/) })]);
    const all = JSON.parse((await mamori(['incident', 'list', '--facility', 'minato', '--status', 'all', '--json'], { dataDir })).stdout) as unknown[];
    expect(all).toHaveLength(3);

    const clocks = await mamori(['incident', 'clocks', '--json'], { dataDir });
    expect(clocks.stderr).toBe('');
    const items = JSON.parse(clocks.stdout) as ClockJson[];
    expect(new Set(items.map((i) => i.case.facility))).toEqual(new Set(['minato', 'yama']));
    expect(items.some((i) => i.case.id === closedId)).toBe(false);
    const dues = items.map((i) => i.dueAt).filter((d): d is string => d !== null);
    expect(dues).toEqual([...dues].sort());
    // The clinic's MHLW target (3 hours after a discovery three days ago) is the soonest.
    expect(items[0]).toMatchObject({ case: { id: otherId, facility: 'yama', title: '電子カルテが止まった' }, ruleId: 'mhlw.report', authority: 'mhlw', kind: 'report', status: 'overdue' });
    const minato = JSON.parse((await mamori(['incident', 'clocks', '--facility', 'minato', '--json'], { dataDir })).stdout) as ClockJson[];
    expect(minato.every((i) => i.case.id === created.id)).toBe(true);
    expect(minato.map((i) => i.ruleId)).toContain('ppc.final');
    const plain = await mamori(['incident', 'clocks', '--facility', 'yama'], { dataDir });
    expect(plain.stdout).toContain('厚生労働省への第一報 / First report to MHLW');
    expect(plain.stdout).toContain('期限超過 / overdue');
  });

  it('says what is wrong on one line', { timeout: 120_000 }, async () => {
    const bad = async (args: string[], expected: string) => {
      const r = await mamori(['incident', ...args], { dataDir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toContain(expected);
    };
    await bad(['report', '--facility', 'nowhere', '--title', 'x'], 'no facility with code nowhere');
    await bad(['report', '--facility', 'minato', '--title', 'x', '--discovered-at', '2026-04-01T10:00'], 'needs an ISO time with an offset');
    await bad(['report', '--facility', 'minato', '--title', 'x', '--affected-count', 'many'], '--affected-count must be a whole number');
    await bad(['clocks', '--facility', 'nowhere'], 'no facility with code nowhere');
  });
});
