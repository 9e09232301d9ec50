import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { findOnPath, isExecutable } from '../lib/executables.ts';
import type { DatabaseHandle } from './database.ts';

/**
 * Backup and restore of mamori's own database: SQLite's online backup API (consistent while the
 * server runs) or pg_dump/pg_restore in custom format for PostgreSQL.
 */

/**
 * Finds pg_dump / pg_restore: on PATH first, then in Debian's versioned folders
 * (/usr/lib/postgresql/<version>/bin, newest first), where the server package installs them
 * without putting them on PATH unless postgresql-client is installed.
 */
export function findPgTool(name: 'pg_dump' | 'pg_restore', searchPath = process.env.PATH ?? '', debianRoot = '/usr/lib/postgresql'): string | null {
  const onPath = findOnPath([name], searchPath);
  if (onPath) return onPath;
  let versions: string[] = [];
  try {
    versions = fs.readdirSync(debianRoot).filter((v) => /^\d+(\.\d+)?$/.test(v));
  } catch {
    versions = [];
  }
  for (const v of versions.sort((a, b) => Number(b) - Number(a))) {
    const file = path.join(debianRoot, v, 'bin', name);
    if (isExecutable(file)) return file;
  }
  return null;
}

function run(name: 'pg_dump' | 'pg_restore', args: string[]): Promise<void> {
  const cmd = findPgTool(name);
  if (!cmd) {
    return Promise.reject(new Error(`${name} が見つかりません / ${name} not found: install the PostgreSQL client tools (apt-get install -y postgresql-client) or put ${name} on PATH`));
  }
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e) => reject(new Error(`${cmd} could not be started: ${e.message}`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${name} failed (${code}): ${stderr.trim().split('\n').slice(-2).join(' ')}`))));
  });
}

export async function backupDatabase(handle: DatabaseHandle, outFile: string): Promise<{ bytes: number }> {
  const out = path.resolve(outFile);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  // Created exclusively and readable by the owner only before anything is written: a backup holds
  // password hashes, sealed MFA seeds and the whole audit log.
  try {
    fs.closeSync(fs.openSync(out, 'wx', 0o600));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`${out} already exists; choose another file name`);
    throw e;
  }
  try {
    if (handle.dialect === 'sqlite') {
      if (!handle.sqlite) throw new Error('no SQLite connection');
      await handle.sqlite.backup(out);
    } else {
      // --dbname=, never a bare positional argument, so the location can never be read as an option.
      await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${out}`, `--dbname=${handle.location}`]);
    }
  } catch (e) {
    fs.rmSync(out, { force: true });
    throw e;
  }
  return { bytes: fs.statSync(out).size };
}

/** Checks that a file is a mamori SQLite backup before it replaces anything. */
function checkSqliteBackup(file: string): void {
  const src = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const ok = src.pragma('integrity_check', { simple: true });
    if (ok !== 'ok') throw new Error(`${file} failed the integrity check: ${String(ok)}`);
    const t = src.prepare("select name from sqlite_master where type='table' and name='mamori_migrations'").get();
    if (!t) throw new Error(`${file} is not a mamori backup (no migration table)`);
  } finally {
    src.close();
  }
}

/**
 * Replaces the database with a backup. SQLite: the target file is rewritten through the backup API
 * (stop the server first). PostgreSQL: pg_restore --clean into the configured database.
 */
export async function restoreDatabase(dialect: 'sqlite' | 'postgres', location: string, file: string): Promise<void> {
  const src = path.resolve(file);
  if (!fs.existsSync(src)) throw new Error(`${src} does not exist`);
  if (dialect === 'sqlite') {
    checkSqliteBackup(src);
    const target = path.resolve(location);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const tmp = `${target}.restoring`;
    fs.rmSync(tmp, { force: true });
    const source = new SQLite(src, { readonly: true });
    try {
      await source.backup(tmp);
    } finally {
      source.close();
    }
    for (const suffix of ['-wal', '-shm']) fs.rmSync(`${target}${suffix}`, { force: true });
    fs.renameSync(tmp, target);
    return;
  }
  await run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', `--dbname=${location}`, src]);
}
