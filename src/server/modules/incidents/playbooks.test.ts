import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CASE_CATEGORIES, CASE_PHASES, TEAM_ROLES } from '../../../shared/incidents/cases.ts';
import { formatFrameworkIssue } from '../assessments/frameworks/framework-issues.ts';
import { builtinPlaybooks, loadPlaybookDir, parsePlaybookYaml, PlaybookLoadError, playbooksDir } from './playbooks.ts';

/** The shipped playbooks (playbooks/*.yaml) and the loader: every problem with file, line and key. */

const dir = playbooksDir();
const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/i.test(f));
const read = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8');

describe('shipped playbooks', () => {
  it('one file per case category', () => {
    expect(files.map((f) => f.replace(/\.yaml$/, '')).sort()).toEqual([...CASE_CATEGORIES].sort());
  });

  for (const file of files) {
    it(`${file} loads without issues, 8–20 items, every phase, owner roles from TEAM_ROLES, Japanese and English`, () => {
      const r = parsePlaybookYaml(read(file), `playbooks/${file}`);
      if (!r.ok) throw new Error(r.issues.map(formatFrameworkIssue).join('\n'));
      const items = r.definition.items;
      expect(items.length).toBeGreaterThanOrEqual(8);
      expect(items.length).toBeLessThanOrEqual(20);
      expect(new Set(items.map((i) => i.phase))).toEqual(new Set(CASE_PHASES));
      for (const i of items) {
        expect(i.ownerRole === null || (TEAM_ROLES as readonly string[]).includes(i.ownerRole)).toBe(true);
        expect(i.title.ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
        expect(i.title.en).toMatch(/^[A-Z][a-z]+ [a-z]/);
      }
      // Every item states whether it was checked (no silent default in a shipped file).
      expect(read(file).match(/^\s+verified: (true|false)$/gm)?.length).toBe(items.length);
    });
  }

  it('load together, cached, and ids are unique across the shipped playbooks', () => {
    const all = builtinPlaybooks();
    expect(builtinPlaybooks()).toBe(all);
    expect([...all.keys()].sort()).toEqual([...CASE_CATEGORIES].sort());
    const ids = [...all.values()].flatMap((p) => p.definition.items.map((i) => i.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('ransomware covers the first-response flow', () => {
    const rw = builtinPlaybooks().get('ransomware')!.definition;
    const byId = new Map(rw.items.map((i) => [i.id, i]));
    const expected: [string, string, string][] = [
      ['rw-isolate', 'detection', '電源は切らない'],
      ['rw-cut-remote', 'detection', 'VPN・リモート保守回線'],
      ['rw-preserve-logs', 'detection', 'ログを保全'],
      ['rw-vendor-contact', 'reporting', '委託事業者'],
      ['rw-mhlw-contact', 'reporting', '厚生労働省'],
      ['rw-hq', 'reporting', '対策本部'],
      ['rw-downtime', 'reporting', 'ダウンタイム手順'],
      ['rw-backup-check', 'investigation', '無事なバックアップ'],
      ['rw-police', 'disclosure', '警察'],
      ['rw-ppc-decision', 'disclosure', '個人情報保護委員会への報告の要否'],
      ['rw-recovery-plan', 'recovery', '復旧計画'],
      ['rw-prevention', 'recovery', '再発防止'],
    ];
    for (const [id, phase, words] of expected) {
      expect(byId.get(id)?.phase, id).toBe(phase);
      expect(byId.get(id)?.title.ja, id).toContain(words);
    }
  });
});

describe('parsePlaybookYaml', () => {
  const VALID = [
    'id: test',
    'version: "1"',
    'category: other',
    'title:',
    '  ja: 試験',
    '  en: Test',
    'items:',
    '  - id: a',
    '    phase: detection',
    '    title:',
    '      ja: 切り離す',
    '      en: Isolate',
    '    ownerRole: technical',
    '  - id: b',
    '    phase: recovery',
    '    title:',
    '      ja: 振り返る',
    '      en: Review',
  ];
  const issues = (lines: string[]) => {
    const r = parsePlaybookYaml(lines.join('\n'), 'playbooks/test.yaml');
    if (r.ok) throw new Error('expected issues');
    return r.issues.map((i) => ({ file: i.file, line: i.line, key: i.key, code: i.code }));
  };
  const edit = (n: number, replace: string[] | null) => {
    const copy = [...VALID];
    copy.splice(n - 1, 1, ...(replace ?? []));
    return copy;
  };

  it('a valid file: defaults for ownerRole and verified', () => {
    const r = parsePlaybookYaml(VALID.join('\n'), 'x.yaml');
    if (!r.ok) throw new Error(r.issues.map(formatFrameworkIssue).join('\n'));
    expect(r.definition.items.map((i) => [i.id, i.ownerRole, i.verified])).toEqual([
      ['a', 'technical', false],
      ['b', null, false],
    ]);
  });

  it('an unknown phase: the line of that key', () => {
    expect(issues(edit(15, ['    phase: later']))).toEqual([{ file: 'playbooks/test.yaml', line: 15, key: 'items.1.phase', code: 'invalid_value' }]);
  });

  it('an unknown owner role, a missing title.en, an unknown key', () => {
    expect(issues(edit(13, ['    ownerRole: boss']))).toEqual([{ file: 'playbooks/test.yaml', line: 13, key: 'items.0.ownerRole', code: 'invalid_value' }]);
    expect(issues(edit(12, null))).toEqual([{ file: 'playbooks/test.yaml', line: 10, key: 'items.0.title.en', code: 'missing_key' }]);
    expect(issues(edit(13, ['    ownerRole: technical', '    colour: red']))).toEqual([{ file: 'playbooks/test.yaml', line: 14, key: 'items.0.colour', code: 'unknown_key' }]);
  });

  it('a duplicate item id, also next to other problems', () => {
    expect(issues(edit(14, ['  - id: a']))).toEqual([{ file: 'playbooks/test.yaml', line: 14, key: 'items.1.id', code: 'duplicate_id' }]);
    const both = issues([...edit(14, ['  - id: a']).slice(0, 14), '    phase: soon', ...VALID.slice(15)]);
    expect(both.map((i) => `${i.line} ${i.key} ${i.code}`)).toEqual(['14 items.1.id duplicate_id', '15 items.1.phase invalid_value']);
  });

  it('YAML syntax errors and a duplicate key: line and key', () => {
    expect(issues(edit(11, ['      ja: 切り離す: 今すぐ']))).toEqual([{ file: 'playbooks/test.yaml', line: 11, key: 'items.0.title.ja.切り離す', code: 'yaml_syntax' }]);
    expect(issues(edit(9, ['    phase: detection', '    phase: recovery']))).toEqual([{ file: 'playbooks/test.yaml', line: 10, key: 'items.0.phase', code: 'duplicate_key' }]);
  });

  it('an unknown category; not a map; an empty file', () => {
    expect(issues(edit(3, ['category: flood']))).toEqual([{ file: 'playbooks/test.yaml', line: 3, key: 'category', code: 'invalid_value' }]);
    expect(issues(['- a', '- b'])).toEqual([{ file: 'playbooks/test.yaml', line: 1, key: '', code: 'wrong_type' }]);
    expect(issues([''])).toEqual([{ file: 'playbooks/test.yaml', line: null, key: '', code: 'empty_file' }]);
  });
});

describe('loadPlaybookDir', () => {
  const temp: string[] = [];
  afterEach(() => {
    for (const d of temp.splice(0)) fs.rmSync(d, { recursive: true, force: true });
    delete process.env.MAMORI_PLAYBOOKS_DIR;
  });
  /** A copy of the shipped folder, changed by `change`. */
  const copy = (change: (d: string) => void) => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'mamori-playbooks-'));
    temp.push(d);
    for (const f of files) fs.copyFileSync(path.join(dir, f), path.join(d, f));
    change(d);
    return d;
  };
  const loadIssues = (d: string) => {
    try {
      loadPlaybookDir(d);
    } catch (e) {
      if (!(e instanceof PlaybookLoadError)) throw e;
      return e.issues.map(formatFrameworkIssue).map((s) => s.replace(path.basename(d), 'DIR'));
    }
    throw new Error('expected a PlaybookLoadError');
  };

  it('a broken shipped file fails with file:line key message', () => {
    const d = copy((d) => {
      const p = path.join(d, 'ddos.yaml');
      fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replace('phase: detection', 'phase: detect'));
    });
    const found = loadIssues(d);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^DIR\/ddos\.yaml:\d+ items\.0\.phase text "detect" is not one of: detection, reporting/);
  });

  it('a missing category, a file named after another category', () => {
    const d = copy((d) => {
      fs.rmSync(path.join(d, 'insider.yaml'));
      fs.renameSync(path.join(d, 'other.yaml'), path.join(d, 'others.yaml'));
    });
    expect(loadIssues(d)).toEqual(['DIR/others.yaml category the file of category other must be named other.yaml', 'DIR/insider.yaml no playbook for category insider']);
  });

  it('MAMORI_PLAYBOOKS_DIR points elsewhere; a missing folder fails', () => {
    const d = copy(() => {});
    process.env.MAMORI_PLAYBOOKS_DIR = d;
    expect(playbooksDir()).toBe(d);
    expect(builtinPlaybooks().size).toBe(CASE_CATEGORIES.length);
    expect(loadIssues(path.join(d, 'nope'))[0]).toMatch(/the playbooks folder does not exist/);
  });
});
