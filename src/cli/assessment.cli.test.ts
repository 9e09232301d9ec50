import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.ts';
import { startRuntime } from '../server/bootstrap.ts';
import { cliCaller } from '../server/context.ts';
import { createLogger } from '../server/lib/logger.ts';
import { newId } from '../server/lib/ids.ts';
import { answerItem, createAssessment } from '../server/modules/assessments/index.ts';
import { createFacilityFramework } from '../server/modules/assessments/frameworks/index.ts';
import { createFacility } from '../server/modules/facilities/index.ts';
import { mamori, removeTempDirs, ROOT, tempDir } from './cli-test-support.ts';
import { pickAssessment } from './assessment.commands.ts';
import type { AssessmentSummaryDto } from '../shared/contracts/assessments.contract.ts';

/** `mamori assessment export` as a real child process on a SQLite data folder prepared through the services. */

const dataDir = tempDir('assessment');
const outDir = tempDir('assessment-out');
const fixture = (name: string) => fs.readFileSync(path.join(ROOT, 'src/server/modules/assessments/export/testdata', name));
const VENDOR = 'みなとメディカル株式会社';

beforeAll(async () => {
  const rt = await startRuntime(loadConfig({ MAMORI_DATA_DIR: dataDir }), { logger: createLogger('silent') });
  try {
    const { deps } = rt;
    const caller = cliCaller('test');
    const f = await createFacility(deps, caller, { code: 'minato', name: 'みなと総合病院', kind: 'hospital' });
    const vendorId = newId();
    const now = new Date().toISOString();
    await deps.db
      .insertInto('vendors')
      .values({ id: vendorId, facility_id: f.id, name: VENDOR, name_kana: null, corporate_number: null, address: null, phone: null, email: null, website: null, notes: null, checklist_assessment_id: null, created_at: now, updated_at: now, deleted_at: null })
      .execute();
    await createFacilityFramework(deps, caller, f.id, fixture('export-checklist-vendor.yaml'), 'export-checklist-vendor.yaml');
    await createFacilityFramework(deps, caller, f.id, fixture('export-checklist.yaml'), 'export-checklist.yaml');
    const hospital = (await createAssessment(deps, caller, f.id, { frameworkId: 'export-test', version: 'r7', fiscalYear: 2025 })).assessment.id;
    const vendor = (await createAssessment(deps, caller, f.id, { frameworkId: 'export-test-vendor', version: 'r7', vendorId, fiscalYear: 2025 })).assessment.id;
    await answerItem(deps, caller, hospital, 'manager', { answer: 'yes', checkedOn: '2025-06-01', responsible: '山田' });
    await answerItem(deps, caller, hospital, 'patch', { answer: 'no', checkedOn: '2025-06-03', targetOn: '2026-03-31' });
    await answerItem(deps, caller, vendor, 'vendor-mds', { answer: 'yes', checkedOn: '2025-07-01' });
  } finally {
    await rt.close();
  }
}, 60_000);
afterAll(removeTempDirs);

describe('mamori assessment export', () => {
  it('writes the .xlsx and the HTML of a vendor sheet; says what is wrong on one line otherwise', { timeout: 180_000 }, async () => {
    const xlsx = path.join(outDir, 'checklist.xlsx');
    const r1 = await mamori(['assessment', 'export', '--facility', 'minato', '--framework', 'export-test', '--format', 'xlsx', '--out', xlsx], { dataDir });
    expect(r1.stderr).toBe('');
    expect(r1.code).toBe(0);
    expect(r1.stdout.trim()).toBe(`書き出しました / written: ${xlsx} (${fs.statSync(xlsx).size} bytes)`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(xlsx) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['医療機関確認用', VENDOR, 'mamori 補足']);
    const rows: unknown[][] = [];
    wb.worksheets[0]!.eachRow((row) => rows.push(row.values as unknown[]));
    const patch = rows.find((r) => r[1] === '2⑥')!;
    expect(patch[4]).toBe('いいえ');
    expect((patch[6] as Date).toISOString().slice(0, 10)).toBe('2026-03-31');

    const html = path.join(outDir, 'vendor.html');
    const r2 = await mamori(['assessment', 'export', '--facility', 'minato', '--framework', 'export-test-vendor', '--vendor', VENDOR, '--format', 'html', '--lang', 'en', '--out', html], { dataDir });
    expect(r2.stderr).toBe('');
    expect(r2.code).toBe(0);
    const page = fs.readFileSync(html, 'utf8');
    expect(page).toContain('<html lang="en">');
    expect(page).toContain(VENDOR);
    expect(page).toContain('The vendor gave the hospital its MDS/SDS security disclosure');

    const bad = async (args: string[], expected: string, env: Record<string, string> = {}) => {
      const r = await mamori(['assessment', 'export', ...args, '--out', path.join(outDir, 'x')], { dataDir, env });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toContain(expected);
    };
    await bad(['--facility', 'nowhere', '--framework', 'export-test', '--format', 'xlsx'], 'no facility with code nowhere');
    await bad(['--facility', 'minato', '--framework', 'no-such-checklist', '--format', 'xlsx'], 'unknown framework no-such-checklist');
    await bad(['--facility', 'minato', '--framework', 'export-test-vendor', '--vendor', 'どこかの会社', '--format', 'xlsx'], 'no assessment of export-test-vendor (どこかの会社) at minato');
    await bad(['--facility', 'minato', '--framework', 'export-test', '--format', 'pdf'], 'apt-get install -y chromium', { MAMORI_CHROMIUM: '/nonexistent/chromium' });
    expect(fs.existsSync(path.join(outDir, 'x'))).toBe(false);
  });

  it('picks the newest version of the framework, the hospital sheet unless a vendor is named', () => {
    const a = (version: string, fiscalYear: number | null, vendor: string | null) => ({ id: `${version}-${vendor}`, frameworkVersion: version, fiscalYear, vendor: vendor ? { id: vendor, name: vendor } : null }) as AssessmentSummaryDto;
    const items = [a('r5', 2023, null), a('r7', 2025, null), a('r6', 2024, null), a('r7', 2025, 'V社'), a('r10', 2025, null)];
    expect(pickAssessment(items, {})?.id).toBe('r10-null');
    expect(pickAssessment(items, { version: 'r6' })?.id).toBe('r6-null');
    expect(pickAssessment(items, { vendor: ' V社 ' })?.id).toBe('r7-V社');
    expect(pickAssessment(items, { vendor: 'W社' })).toBeNull();
  });
});
