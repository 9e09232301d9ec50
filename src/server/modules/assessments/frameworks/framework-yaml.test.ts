import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { frameworkItems } from '../../../../shared/assessments/framework.ts';
import { formatFrameworkIssue } from './framework-issues.ts';
import { FRAMEWORK_YAML_MAX_BYTES, parseFrameworkYaml } from './framework-yaml.ts';

/** The YAML loader: every problem with the file, the exact line and the key path. */

const here = path.dirname(fileURLToPath(import.meta.url));
const VALID = fs.readFileSync(path.join(here, 'testdata/valid.yaml'), 'utf8');
const LINES = VALID.split('\n');
/** The 1-based line of the first line of valid.yaml that contains `text` (so the tests survive edits of the fixture). */
const lineOf = (text: string, from = 1) => LINES.findIndex((l, i) => i + 1 >= from && l.includes(text)) + 1;
/** valid.yaml with its 1-based line `n` replaced (or removed, or with lines inserted after it). */
function edit(n: number, replace: string[] | null): string {
  const copy = [...LINES];
  copy.splice(n - 1, 1, ...(replace ?? []));
  return copy.join('\n');
}
const issuesOf = (text: string) => {
  const r = parseFrameworkYaml(text, 'frameworks/test.yaml');
  if (r.ok) throw new Error('expected issues');
  return r.issues.map((i) => ({ line: i.line, key: i.key, code: i.code, message: i.message }));
};

describe('parseFrameworkYaml', () => {
  it('loads a valid file with defaults, and the sha256 of its bytes', () => {
    const r = parseFrameworkYaml(Buffer.from(VALID, 'utf8'), 'valid.yaml');
    if (!r.ok) throw new Error(r.issues.map(formatFrameworkIssue).join('\n'));
    expect(r.sha256).toBe(createHash('sha256').update(VALID, 'utf8').digest('hex'));
    expect(r.definition.id).toBe('test-checklist');
    expect(frameworkItems(r.definition).map((i) => [i.id, i.number, i.scope, i.verified])).toEqual([
      ['gate', '0', 'general', true],
      ['manager', '1(1)', 'general', true],
      ['ledger', '2(1)', 'general', false],
      ['patch-network', '2(7)', 'network', true],
    ]);
    expect(r.definition.sections[1]!.items[0]!.rule).toBe('ledger.inventory');
    expect(r.definition.sections[0]!.items[0]!.examples).toEqual([]);
  });

  it('a YAML syntax error: its line and the key it is under', () => {
    const n = lineOf('number: 2(7)');
    expect(issuesOf(edit(n, ['        number: 2(7): x']))).toEqual([{ line: n, key: 'sections.1.items.1.number.2(7)', code: 'yaml_syntax', message: 'Nested mappings are not allowed in compact mappings' }]);
    // An unclosed list reports the first error only.
    expect(issuesOf(edit(lineOf('scope: network'), ['        scope: [network']))).toHaveLength(1);
  });

  it('an unknown key: the line of that key', () => {
    const n = lineOf('scope: general');
    expect(issuesOf(edit(n, [LINES[n - 1]!, '        colour: red']))).toEqual([{ line: n + 1, key: 'sections.1.items.0.colour', code: 'unknown_key', message: 'unknown key "colour"' }]);
  });

  it('a missing text.en: the line of the `text:` map that lacks it', () => {
    const n = lineOf('en: Servers, PCs');
    expect(issuesOf(edit(n, null))).toEqual([{ line: n - 2, key: 'sections.1.items.0.text.en', code: 'missing_key', message: 'missing required key "en"' }]);
    // An empty value is there, but not text.
    expect(issuesOf(edit(n, ['          en:']))).toEqual([{ line: n, key: 'sections.1.items.0.text.en', code: 'wrong_type', message: 'expected text, got an empty value' }]);
  });

  it('a wrong scope: the line of the scope, and the allowed values', () => {
    const n = lineOf('scope: network');
    expect(issuesOf(edit(n, ['        scope: laptop']))).toEqual([
      { line: n, key: 'sections.1.items.1.scope', code: 'invalid_value', message: 'text "laptop" is not one of: server, pc, network, general' },
    ]);
  });

  it('a duplicate item id, reported together with the other problems', () => {
    const id = lineOf('- id: patch-network');
    const scope = lineOf('scope: network');
    const text = edit(id, ['      - id: ledger']).split('\n');
    text[scope - 1] = '        scope: laptop';
    expect(issuesOf(text.join('\n'))).toEqual([
      { line: id, key: 'sections.1.items.1.id', code: 'duplicate_id', message: 'duplicate item id ledger' },
      { line: scope, key: 'sections.1.items.1.scope', code: 'invalid_value', message: 'text "laptop" is not one of: server, pc, network, general' },
    ]);
    // The gate's id counts too.
    expect(issuesOf(edit(lineOf('- id: manager'), ['      - id: gate']))).toEqual([{ line: lineOf('- id: manager'), key: 'sections.0.items.0.id', code: 'duplicate_id', message: 'duplicate item id gate' }]);
  });

  it('empty sections and a section without items', () => {
    expect(issuesOf('id: x\nversion: v1\ntitle: {ja: あ, en: a}\npublisher: {ja: あ, en: a}\nsections: []\n')).toEqual([{ line: 5, key: 'sections', code: 'empty', message: 'must not be an empty list' }]);
    const s1 = lineOf('- id: s1');
    const items = lineOf('items:', s1);
    const copy = [...LINES];
    copy.splice(items - 1, lineOf('- id: s2') - items, '    items: []');
    expect(issuesOf(copy.join('\n'))).toEqual([{ line: items, key: 'sections.0.items', code: 'empty', message: 'must not be an empty list' }]);
  });

  it('wrong types, bad ids, a bad answer type, a bad scale level, a fiscal year out of range', () => {
    const t = (n: number, line: string) => issuesOf(edit(n, [line]));
    expect(t(lineOf('id: test-checklist'), 'id: Test Checklist')).toEqual([
      { line: lineOf('id: test-checklist'), key: 'id', code: 'invalid_format', message: expect.stringContaining('text "Test Checklist" is not an id of lowercase letters') },
    ]);
    expect(t(lineOf('verified: false'), '        verified: maybe')).toEqual([{ line: lineOf('verified: false'), key: 'sections.1.items.0.verified', code: 'wrong_type', message: 'expected true or false, got text "maybe"' }]);
    const at = lineOf('answerType: yes_no_na');
    expect(t(at, '        answerType: maybe')).toEqual([{ line: at, key: 'sections.1.items.1.answerType', code: 'invalid_answer_type', message: 'text "maybe" is not an answer type: use yes_no, yes_no_na or scale: [levels]' }]);
    expect(t(at, '        answerType: {scale: [{value: a, label: {ja: あ, en: a}}, {value: b, label: {ja: 1, en: b}}]}')).toEqual([
      { line: at, key: 'sections.1.items.1.answerType.scale.1.label.ja', code: 'wrong_type', message: 'expected text, got the number 1' },
    ]);
    expect(t(at, '        answerType: {scale: [{value: a, label: {ja: あ, en: a}}, {value: a, label: {ja: い, en: b}, done: true}]}')).toEqual([
      { line: at, key: 'sections.1.items.1.answerType.scale.1.value', code: 'duplicate_id', message: 'duplicate scale level a' },
    ]);
    expect(t(lineOf('fiscalYear: 2025'), 'fiscalYear: 1999')).toEqual([{ line: lineOf('fiscalYear: 2025'), key: 'fiscalYear', code: 'too_small', message: 'must be at least 2000 (got the number 1999)' }]);
  });

  it('refuses duplicate keys, alias bombs, unknown tags, several documents, files over 2 MB, non-UTF-8 and non-maps', () => {
    expect(issuesOf(edit(3, [LINES[2]!, 'version: r8']))).toEqual([{ line: 4, key: 'version', code: 'duplicate_key', message: 'Map keys must be unique' }]);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]'].join('\n');
    expect(issuesOf(bomb)).toEqual([{ line: null, key: '', code: 'alias_limit', message: 'too many alias expansions (more than 100)' }]);
    expect(issuesOf(edit(3, ['version: !custom r7']))[0]).toMatchObject({ line: 3, code: 'unknown_tag' });
    expect(issuesOf(`${VALID}\n---\nid: x\n`)[0]).toMatchObject({ code: 'yaml_syntax' });
    expect(issuesOf(`${VALID}\n#${'x'.repeat(FRAMEWORK_YAML_MAX_BYTES)}`)).toEqual([{ line: null, key: '', code: 'file_too_large', message: 'the file is larger than 2 MB' }]);
    const r = parseFrameworkYaml(Buffer.from([0x69, 0x64, 0x3a, 0x20, 0xff, 0xfe]), 'x.yaml');
    expect(r.ok ? null : r.issues[0]!.code).toBe('invalid_encoding');
    expect(issuesOf('- a\n- b\n')).toEqual([{ line: 1, key: '', code: 'wrong_type', message: 'expected a map of keys (id, version, title, …) at the top of the file' }]);
    expect(issuesOf('  \n')[0]!.code).toBe('empty_file');
  });

  it('prints issues as file:line key message', () => {
    const r = parseFrameworkYaml(edit(lineOf('scope: network'), ['        scope: laptop']), 'frameworks/x.yaml');
    expect(r.ok ? [] : r.issues.map(formatFrameworkIssue)).toEqual([`frameworks/x.yaml:${lineOf('scope: network')} sections.1.items.1.scope text "laptop" is not one of: server, pc, network, general`]);
  });
});
