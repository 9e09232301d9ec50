import { afterAll, describe, expect, it } from 'vitest';
import { mamori, removeTempDirs, tempDir } from './cli-test-support.ts';

/** `mamori demo`, `mamori vulns scan --json` and `mamori vulns explain` as real child processes on a fresh SQLite data folder. */

const dataDir = tempDir('vulns');
afterAll(removeTempDirs);

describe('mamori vulns', () => {
  it('scans the demo hospital: the catering FortiGate carries CVE-2018-13379 at the top; explain says why', { timeout: 180_000 }, async () => {
    const demo = await mamori(['demo', '--json'], { dataDir });
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);

    const scan = await mamori(['vulns', 'scan', '--facility', 'minato-general', '--json'], { dataDir });
    expect(scan.stderr).toBe('');
    expect(scan.code).toBe(0);
    const rows = JSON.parse(scan.stdout) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(Object.keys(r)).toEqual(expect.arrayContaining(['asset', 'assetTag', 'cve', 'kev', 'ransomware', 'epss', 'cvss', 'priority', 'confidence', 'status', 'dueDate', 'facility']));
      expect(typeof r.kev).toBe('boolean');
      expect(Number.isInteger(r.priority)).toBe(true);
      expect(r.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(['open', 'in_progress']).toContain(r.status);
    }
    for (let i = 1; i < rows.length; i++) expect((rows[i - 1]!.priority as number) >= (rows[i]!.priority as number)).toBe(true);
    expect(rows[0]).toMatchObject({ assetTag: 'NW-061', cve: 'CVE-2018-13379', kev: true, ransomware: true, confidence: 'exact', status: 'open', facility: 'minato-general' });
    expect(rows.find((r) => r.assetTag === 'MD-001' && r.cve === 'CVE-2019-0708')).toMatchObject({ status: 'in_progress', kev: true });

    const why = await mamori(['vulns', 'explain', 'NW-061', 'CVE-2018-13379', '--facility', 'minato-general'], { dataDir });
    expect(why.code).toBe(0);
    expect(why.stdout).toContain('該当 / affected');
    expect(why.stdout).toContain('cpe:2.3:o:fortinet:fortios:*');
    const whyNot = await mamori(['vulns', 'explain', 'NW-060', 'CVE-2018-13379', '--facility', 'minato-general', '--json'], { dataDir });
    expect(whyNot.code).toBe(0);
    expect(JSON.parse(whyNot.stdout)).toMatchObject({ affected: false, vulnId: 'CVE-2018-13379' });
  });
});
