import fs from 'node:fs';
import { redactUrl, type Config } from '../server/config.ts';
import { findPgTool } from '../server/db/backup.ts';
import { isPostgresUrl } from '../server/db/database.ts';
import { findChromium, INSTALL_CHROMIUM, INSTALL_JA_FONT, japaneseFonts } from '../server/reports/pdf.ts';

export interface DoctorCheck {
  name: string;
  ok: boolean;
  required: boolean;
  detail: string;
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

  // The same lookups as the PDF export (src/server/reports/pdf.ts), so the doctor and the export agree.
  const chromium = findChromium(config);
  checks.push({
    name: 'Chromium (PDF)',
    ok: chromium !== null,
    required: false,
    detail: chromium ?? (config.chromiumPath ? `MAMORI_CHROMIUM=${config.chromiumPath} is not an executable file: ${INSTALL_CHROMIUM}` : `not found: ${INSTALL_CHROMIUM}`),
  });

  const fonts = await japaneseFonts();
  checks.push({
    name: 'Japanese font (PDF)',
    ok: fonts.length > 0,
    required: false,
    detail: fonts[0] ?? `not found: ${INSTALL_JA_FONT}`,
  });

  // インシデント連絡: optional; the relay's password never shows (redactUrl masks it).
  checks.push({
    name: 'SMTP (incident alerts)',
    ok: config.smtpUrl !== null,
    required: false,
    detail: config.smtpUrl ? redactUrl(config.smtpUrl) : 'not set: MAMORI_SMTP_URL — e-mail alerts are skipped (webhooks and the in-app bell still go)',
  });
  checks.push({
    name: 'public URL (links in alerts)',
    ok: config.publicUrl !== null,
    required: false,
    detail: config.publicUrl ?? 'not set: MAMORI_PUBLIC_URL — alert messages carry no acknowledgement link',
  });

  if (isPostgresUrl(config.databaseUrl)) {
    // The same lookup as the backup command (PATH, then /usr/lib/postgresql/<version>/bin).
    const dump = findPgTool('pg_dump');
    const restore = findPgTool('pg_restore');
    checks.push({ name: 'pg_dump / pg_restore (backup)', ok: dump !== null && restore !== null, required: false, detail: dump && restore ? dump : 'not found: apt-get install -y postgresql-client' });
  }
  return checks;
}
