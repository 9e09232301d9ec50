import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { backupDatabase } from './backup.ts';

describe('backupDatabase (sqlite)', () => {
  let dir: string;
  let handle: DatabaseHandle;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mamori-backup-'));
    handle = openDatabase(path.join(dir, 'db', 'mamori.sqlite'));
    await migrateToLatest(handle);
  });
  afterEach(async () => {
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes a backup that only its owner can read, and never over an existing file', async () => {
    const out = path.join(dir, 'out', 'backup.sqlite');
    const r = await backupDatabase(handle, out);
    expect(r.bytes).toBeGreaterThan(0);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    await expect(backupDatabase(handle, out)).rejects.toThrow(/already exists/);
    expect(fs.statSync(out).size).toBe(r.bytes);
  });
});
