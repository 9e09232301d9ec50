import type { z } from 'zod';
import type { FrameworkIssueDto } from '../../../../shared/contracts/assessments.contract.ts';

/**
 * Problems in a framework file, for people: every issue names the file, the line (YAML) or row (.xlsx), the key
 * (`sections.1.items.3.text.ja`, or `項目!F12` in a workbook) and says what is wrong in plain English. `code` is a
 * stable word for programs (`unknown_key`, `missing_key`, `wrong_type`, `invalid_value`, `duplicate_id`, …).
 */

export type FrameworkIssue = FrameworkIssueDto;
export type PathSegment = string | number;

/** `file:line key message` — how the CLI prints an issue (and how a broken shipped file is reported). */
export function formatFrameworkIssue(i: FrameworkIssue): string {
  const where = i.line === null ? i.file : `${i.file}:${i.line}`;
  return `${where}${i.key ? ` ${i.key}` : ''} ${i.message}`;
}

export const dottedPath = (path: readonly PathSegment[]): string => path.map(String).join('.');

/** The value at a path of plain data, and whether the last key exists in its parent. */
export function valueAt(root: unknown, path: readonly PathSegment[]): { found: boolean; value: unknown; parentIsObject: boolean } {
  let cur: unknown = root;
  let parentIsObject = false;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (cur === null || typeof cur !== 'object') return { found: false, value: undefined, parentIsObject: false };
    parentIsObject = !Array.isArray(cur);
    if (!Object.prototype.hasOwnProperty.call(cur, seg)) return { found: false, value: undefined, parentIsObject: i === path.length - 1 && parentIsObject };
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return { found: true, value: cur, parentIsObject };
}

function describeValue(v: unknown): string {
  if (v === null) return 'an empty value';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map of keys';
  if (typeof v === 'string') return `text "${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return `${v}`;
  return typeof v;
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a map of keys',
  array: 'a list',
};

const FORMAT_HINTS: Record<string, string> = {
  slug: 'an id of lowercase letters, digits, ".", "_" or "-" (at most 64 characters, starting with a letter or digit)',
  'item id': 'an id of letters, digits, ".", "_" or "-" (at most 64 characters, starting with a letter or digit)',
};

/** One zod issue about `path`, as the word code and the sentence. `input` is the whole parsed document. */
export interface PlainIssue {
  path: PathSegment[];
  code: string;
  message: string;
}

/**
 * zod issues → plain issues. A union (the answer type) that fails in every form reports the form the input was
 * closest to (a `scale` map with a bad level reports that level), else what forms are allowed. `unrecognized_keys`
 * becomes one issue per key, with the key in the path.
 */
export function plainIssues(issues: readonly z.core.$ZodIssue[], input: unknown, base: PathSegment[] = []): PlainIssue[] {
  const out: PlainIssue[] = [];
  for (const issue of issues) {
    const path = [...base, ...(issue.path as PathSegment[])];
    const at = valueAt(input, path);
    const last = path[path.length - 1];
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const k of issue.keys) out.push({ path: [...path, k], code: 'unknown_key', message: `unknown key "${k}"` });
        break;
      case 'invalid_type':
        if (!at.found && at.parentIsObject) out.push({ path, code: 'missing_key', message: `missing required key "${String(last)}"` });
        else out.push({ path, code: 'wrong_type', message: `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describeValue(at.value)}` });
        break;
      case 'invalid_value':
        out.push({
          path,
          code: 'invalid_value',
          message: issue.values.length === 1 ? `expected "${String(issue.values[0])}", got ${describeValue(at.value)}` : `${describeValue(at.value)} is not one of: ${issue.values.map(String).join(', ')}`,
        });
        break;
      case 'invalid_union': {
        // The form the input looks like: the branch whose issues are not about the input's own type.
        const near = issue.errors.find((branch) => branch.length > 0 && branch.every((b) => b.path.length > 0));
        if (near) out.push(...plainIssues(near, input, path));
        else if (last === 'answerType') out.push({ path, code: 'invalid_answer_type', message: `${describeValue(at.value)} is not an answer type: use yes_no, yes_no_na or scale: [levels]` });
        else out.push({ path, code: 'invalid_value', message: `${describeValue(at.value)} does not match any allowed form` });
        break;
      }
      case 'invalid_format': {
        const hint = issue.format === 'regex' ? (FORMAT_HINTS[issue.message] ?? `text matching ${issue.pattern ?? 'the required pattern'}`) : `a valid ${issue.format}`;
        out.push({ path, code: 'invalid_format', message: `${describeValue(at.value)} is not ${hint}` });
        break;
      }
      case 'too_small': {
        const n = Number(issue.minimum);
        const message =
          issue.origin === 'array' ? (n <= 1 ? 'must not be an empty list' : `must list at least ${n} entries`) : issue.origin === 'string' ? 'must not be empty' : `must be at least ${n} (got ${describeValue(at.value)})`;
        out.push({ path, code: issue.origin === 'array' || issue.origin === 'string' ? 'empty' : 'too_small', message });
        break;
      }
      case 'too_big': {
        const n = Number(issue.maximum);
        const message = issue.origin === 'array' ? `must list at most ${n} entries` : issue.origin === 'string' ? `must be at most ${n} characters` : `must be at most ${n} (got ${describeValue(at.value)})`;
        out.push({ path, code: 'too_big', message });
        break;
      }
      case 'custom':
        out.push({ path, code: issue.message.startsWith('duplicate') ? 'duplicate_id' : 'invalid_value', message: issue.message });
        break;
      case 'invalid_element':
      case 'invalid_key':
      case 'not_multiple_of':
        out.push({ path, code: 'invalid_value', message: issue.message });
    }
  }
  return out;
}

/**
 * Duplicate item and section ids in raw (not yet valid) data, so that they are reported together with the other
 * issues: the schema checks them only once everything else is right.
 */
export function rawDuplicateIds(input: unknown): PlainIssue[] {
  const out: PlainIssue[] = [];
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return out;
  const root = input as Record<string, unknown>;
  const seen = new Set<string>();
  const note = (item: unknown, path: PathSegment[]) => {
    if (item === null || typeof item !== 'object') return;
    const id = (item as Record<string, unknown>).id;
    if (typeof id !== 'string') return;
    if (seen.has(id)) out.push({ path: [...path, 'id'], code: 'duplicate_id', message: `duplicate item id ${id}` });
    seen.add(id);
  };
  note(root.gate, ['gate']);
  const sectionIds = new Set<string>();
  if (Array.isArray(root.sections)) {
    root.sections.forEach((s: unknown, si) => {
      if (s === null || typeof s !== 'object') return;
      const sid = (s as Record<string, unknown>).id;
      if (typeof sid === 'string') {
        if (sectionIds.has(sid)) out.push({ path: ['sections', si, 'id'], code: 'duplicate_id', message: `duplicate section id ${sid}` });
        sectionIds.add(sid);
      }
      const items = (s as Record<string, unknown>).items;
      if (Array.isArray(items)) items.forEach((item: unknown, ii) => note(item, ['sections', si, 'items', ii]));
    });
  }
  return out;
}

/** Merges raw duplicate checks into the schema's issues (each duplicate once). */
export function withDuplicates(issues: PlainIssue[], input: unknown): PlainIssue[] {
  const keys = new Set(issues.map((i) => `${dottedPath(i.path)}|${i.code}`));
  return [...issues, ...rawDuplicateIds(input).filter((d) => !keys.has(`${dottedPath(d.path)}|${d.code}`))];
}
