import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.ts';
import { startRuntime } from '../server/bootstrap.ts';
import { cliCaller } from '../server/context.ts';
import { createLogger } from '../server/lib/logger.ts';
import { createFacility } from '../server/modules/facilities/index.ts';
import { insertAssetTx } from '../server/modules/ledger/index.ts';
import { createBackupPlan } from '../server/modules/resilience/index.ts';
import { mamori, removeTempDirs, tempDir } from './cli-test-support.ts';

/** `mamori backups import|status` as real child processes on a SQLite data folder prepared through the services. */

const dataDir = tempDir('backups');
const DAY = 86_400_000;
const csvFile = path.join(dataDir, 'runs.csv');
/** JST wall-clock text of a moment (the processes run on the system clock). */
const jst = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

beforeAll(async () => {
  const rt = await startRuntime(loadConfig({ MAMORI_DATA_DIR: dataDir }), { logger: createLogger('silent') });
  try {
    const caller = cliCaller('test');
    const f = await createFacility(rt.deps, caller, { code: 'minato', name: 'みなと総合病院', kind: 'hospital' });
    const emr = await rt.deps.db.transaction().execute(async (trx) => (await insertAssetTx(rt.deps, trx, caller, f.id, { name: '電子カルテ', type: 'server', criticality: 1, ips: [], macs: [], tags: [], holdsPatientData: true, exposure: 'internal' })).id);
    const base = { assetId: emr, scopes: ['data' as const], disconnected: false, cloudImmutable: false, networkSeparated: false, generations: 5, location: 'on_site' as const, encrypted: false, runBy: 'staff' as const };
    await createBackupPlan(rt.deps, caller, f.id, { ...base, medium: 'nas', everyDays: 1, externalKey: 'emr-nas' });
    await createBackupPlan(rt.deps, caller, f.id, { ...base, medium: 'tape', disconnected: true, everyDays: 7, externalKey: 'emr-tape' });
  } finally {
    await rt.close();
  }
  const now = Date.now();
  // The NAS copy succeeded today; the offline tape nine days ago.
  writeFileSync(csvFile, ['ジョブ名,開始日時,終了日時,結果', `emr-nas,${jst(now - 2 * 3_600_000)},${jst(now - 3_600_000)},成功`, `emr-tape,${jst(now - 9 * DAY - 3_600_000)},${jst(now - 9 * DAY)},成功`].join('\r\n'));
}, 60_000);
afterAll(removeTempDirs);

describe('mamori backups', () => {
  it('imports a CSV (dry run first, then once), then reports the stale offline copy', { timeout: 180_000 }, async () => {
    const dry = await mamori(['backups', 'import', '--facility', 'minato', csvFile, '--dry-run', '--json'], { dataDir });
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ rows: 2, create: 2, committed: false });

    const real = await mamori(['backups', 'import', '--facility', 'minato', csvFile], { dataDir });
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toContain('新規 / new 2');
    const again = await mamori(['backups', 'import', '--facility', 'minato', csvFile, '--json'], { dataDir });
    expect(JSON.parse(again.stdout)).toMatchObject({ create: 0, duplicate: 2 });

    const status = await mamori(['backups', 'status', '--facility', 'minato'], { dataDir });
    expect(status.code).toBe(1);
    expect(status.stdout).toContain('電子カルテのオフラインバックアップが9日間成功していません');
    expect(status.stdout).toContain('The offline backup of 電子カルテ has not succeeded for 9 days');
    const json = JSON.parse((await mamori(['backups', 'status', '--facility', 'minato', '--json'], { dataDir })).stdout) as { warnings: { code: string; offline: boolean }[]; findings: unknown[] };
    expect(json.warnings).toEqual([expect.objectContaining({ code: 'backup_stale', offline: true })]);
    expect(json.findings).toEqual([]);

    const unknown = await mamori(['backups', 'status', '--facility', 'nowhere'], { dataDir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('nowhere');
  });
});
