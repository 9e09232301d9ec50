import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinFrameworks, FrameworkLoadError, frameworksDir, loadFrameworkDir } from './registry.ts';

/** Loading the shipped folder: sorted entries, and a broken file stops everything with file:line key message. */

const here = path.dirname(fileURLToPath(import.meta.url));
const testdata = path.join(here, 'testdata');
const dirs: string[] = [];
const folder = (files: Record<string, string>) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mamori-frameworks-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
const read = (f: string) => fs.readFileSync(path.join(testdata, f), 'utf8');

describe('framework registry: the shipped folder', () => {
  it('loads every YAML file sorted by id then version, as built-ins with their file names', () => {
    const dir = folder({ 'b.yaml': read('vendor.yaml'), 'a.yaml': read('valid.yaml'), 'c.yaml': read('valid.yaml').replace('version: r7', 'version: r10'), 'notes.txt': 'not a framework' });
    const entries = loadFrameworkDir(dir);
    expect(entries.map((e) => [e.definition.id, e.definition.version, e.sourceName, e.owner.type, e.recordId])).toEqual([
      ['test-checklist', 'r7', `${path.basename(dir)}/a.yaml`, 'builtin', null],
      ['test-checklist', 'r10', `${path.basename(dir)}/c.yaml`, 'builtin', null],
      ['test-checklist-vendor', 'r7', `${path.basename(dir)}/b.yaml`, 'builtin', null],
    ]);
  });

  it('throws on a broken file, a version shipped twice, or a vendor sheet that is not shipped, naming file, line and key', () => {
    const broken = folder({ 'a.yaml': read('valid.yaml').replace('scope: network', 'scope: laptop'), 'b.yaml': read('vendor.yaml') });
    const line = read('valid.yaml').split('\n').findIndex((l) => l.includes('scope: network')) + 1;
    expect(() => loadFrameworkDir(broken)).toThrow(FrameworkLoadError);
    expect(() => loadFrameworkDir(broken)).toThrow(`${path.basename(broken)}/a.yaml:${line} sections.1.items.1.scope text "laptop" is not one of`);
    const twice = folder({ 'a.yaml': read('valid.yaml'), 'a2.yaml': read('valid.yaml'), 'b.yaml': read('vendor.yaml') });
    expect(() => loadFrameworkDir(twice)).toThrow(/a2\.yaml version test-checklist r7 is also defined in .*a\.yaml/);
    const lonely = folder({ 'a.yaml': read('valid.yaml') });
    expect(() => loadFrameworkDir(lonely)).toThrow(/a\.yaml vendorSheet no shipped framework has the id test-checklist-vendor/);
    expect(() => loadFrameworkDir(path.join(lonely, 'missing'))).toThrow(/the frameworks folder does not exist/);
  });

  it('MAMORI_FRAMEWORKS_DIR overrides the folder', () => {
    const before = process.env.MAMORI_FRAMEWORKS_DIR;
    const dir = folder({ 'a.yaml': read('valid.yaml'), 'b.yaml': read('vendor.yaml') });
    try {
      process.env.MAMORI_FRAMEWORKS_DIR = dir;
      expect(frameworksDir()).toBe(dir);
      expect(builtinFrameworks().map((e) => e.definition.id)).toEqual(['test-checklist', 'test-checklist-vendor']);
    } finally {
      if (before === undefined) delete process.env.MAMORI_FRAMEWORKS_DIR;
      else process.env.MAMORI_FRAMEWORKS_DIR = before;
    }
    expect(frameworksDir()).toMatch(/frameworks\/?$/);
  });
});
