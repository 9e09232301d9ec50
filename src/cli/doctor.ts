import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import type { Config } from '../server/config.ts';
import { findPgTool } from '../server/db/backup.ts';
import { isPostgresUrl } from '../server/db/database.ts';

const run = promisify(execFile);

export interface DoctorCheck {
  name: string;
  ok: boolean;
  required: boolean;
  detail: string;
}

async function which(cmd: string): Promise<string | null> {
  try {
    const { stdout } = await run('sh', ['-c', `command -v ${cmd}`]);
    return stdout.trim() || null;
  } catch {
    return null;
  }
}

/** Reports the system pieces mamori needs: Node, the data folder, Chromium and a Japanese font for PDFs, pg tools. */
export async function runDoctor(config: Config): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
  checks.push({ name: 'Node.js', ok: major > 20 || (major === 20 && minor >= 19), required: true, detail: `v${process.versions.node} (>= 20.19)` });

  let writable = false;
  try {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.accessSync(config.dataDir, fs.constants.W_OK);
    writable = true;
  } catch {
    writable = false;
  }
  checks.push({ name: 'data folder', ok: writable, required: true, detail: config.dataDir });

  const chromium = config.chromiumPath ?? (await which('chromium')) ?? (await which('chromium-browser')) ?? (await which('google-chrome'));
  checks.push({
    name: 'Chromium (PDF)',
    ok: chromium !== null && fs.existsSync(chromium),
    required: false,
    detail: chromium ?? 'not found: apt-get install -y chromium (or set MAMORI_CHROMIUM)',
  });

  let fonts = '';
  try {
    fonts = (await run('fc-list', [':lang=ja', 'family'])).stdout;
  } catch {
    fonts = '';
  }
  checks.push({
    name: 'Japanese font (PDF)',
    ok: fonts.trim().length > 0,
    required: false,
    detail: fonts.trim() ? fonts.trim().split('\n')[0]! : 'not found: apt-get install -y fonts-noto-cjk',
  });

  if (isPostgresUrl(config.databaseUrl)) {
    // The same lookup as the backup command (PATH, then /usr/lib/postgresql/<version>/bin).
    const dump = findPgTool('pg_dump');
    const restore = findPgTool('pg_restore');
    checks.push({ name: 'pg_dump / pg_restore (backup)', ok: dump !== null && restore !== null, required: false, detail: dump && restore ? dump : 'not found: apt-get install -y postgresql-client' });
  }
  return checks;
}
