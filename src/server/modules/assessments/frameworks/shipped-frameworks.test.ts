import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { frameworkItems } from '../../../../shared/assessments/framework.ts';
import { registeredRuleIds } from '../rules/index.ts';
import { formatFrameworkIssue } from './framework-issues.ts';
import { parseFrameworkYaml } from './framework-yaml.ts';
import { builtinFrameworks, frameworksDir } from './registry.ts';

/** The frameworks shipped in `frameworks/`: each file loads, and each rule it names exists (or belongs to a later module). */

/** Rules that later modules register (incidents, resilience); items naming them simply have no suggestion yet. */
const LATER_MODULE_RULES: string[] = [];

describe('shipped frameworks', () => {
  const dir = frameworksDir();
  const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/i.test(f));

  it('are present', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    it(`${file} loads without issues`, () => {
      const r = parseFrameworkYaml(fs.readFileSync(path.join(dir, file)), `frameworks/${file}`);
      expect(r.ok ? [] : r.issues.map(formatFrameworkIssue)).toEqual([]);
    });
  }

  it('load together: unique (id, version), vendor sheets that exist, rules that are registered or come later', () => {
    const entries = builtinFrameworks();
    expect(entries).toHaveLength(files.length);
    const known = new Set([...registeredRuleIds(), ...LATER_MODULE_RULES]);
    const unknown = entries.flatMap((e) => frameworkItems(e.definition).filter((i) => i.rule !== undefined && !known.has(i.rule)).map((i) => `${e.sourceName} ${i.id}: ${i.rule}`));
    expect(unknown).toEqual([]);
  });
});
