import { createHash } from 'node:crypto';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { FrameworkDefinition } from '../../../../shared/assessments/framework.ts';
import { definitionIssues } from './framework-checks.ts';
import { dottedPath, plainIssues, withDuplicates, type FrameworkIssue, type PathSegment, type PlainIssue } from './framework-issues.ts';

/**
 * The YAML framework loader (ADR 0007). Every problem names the file, the 1-based line of the offending node (for a
 * missing key: the line of the map that lacks it) and the dotted key path, so that a reviewer finds it at once:
 * `frameworks/mhlw-r7.yaml:42 sections.1.items.3.text.en missing required key "en"`.
 *
 * Defences: files over 2 MB, duplicate keys, more than 100 alias expansions (billion-laughs), unknown tags and
 * several documents in one file are refused.
 */

export const FRAMEWORK_YAML_MAX_BYTES = 2 * 1024 * 1024;
const MAX_ALIAS_COUNT = 100;

export type FrameworkParseResult = { ok: true; definition: FrameworkDefinition; sha256: string } | { ok: false; issues: FrameworkIssue[] };

export const sha256Of = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

type Located = YamlNode & { range?: [number, number, number] | null };

/** The node at a path and the nearest existing node on the way (its parent map for a missing key). */
function locate(doc: Document, path: readonly PathSegment[]): { node: Located | null; keyNode: Located | null } {
  let cur: unknown = doc.contents;
  let keyNode: Located | null = null;
  for (const seg of path) {
    if (isAlias(cur)) cur = cur.resolve(doc);
    if (isMap(cur)) {
      const pair = cur.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg));
      // Missing: the map that lacks the key, and the key that holds that map (`text:` for a missing text.en).
      if (!pair) return { node: cur as Located, keyNode };
      keyNode = (pair.key as Located) ?? null;
      if (pair.value === null || pair.value === undefined) return { node: keyNode, keyNode };
      cur = pair.value;
    } else if (isSeq(cur) && typeof seg === 'number' && seg < cur.items.length) {
      keyNode = null;
      cur = cur.items[seg];
    } else {
      return { node: (cur as Located) ?? null, keyNode: null };
    }
  }
  return { node: (cur as Located) ?? null, keyNode };
}

/** The key path of the deepest node that spans `offset` (for YAML errors, which carry only a position). */
function pathAtOffset(doc: Document, offset: number): PathSegment[] {
  const path: PathSegment[] = [];
  const within = (n: unknown) => {
    const r = (n as Located | null)?.range;
    return !!r && offset >= r[0] && offset < Math.max(r[2], r[0] + 1);
  };
  let cur: unknown = doc.contents;
  for (let depth = 0; depth < 64 && cur; depth++) {
    if (isMap(cur)) {
      const pair = cur.items.find((p) => within(p.key) || within(p.value));
      if (!pair) break;
      path.push(isScalar(pair.key) ? String(pair.key.value) : String(pair.key));
      if (within(pair.key)) break;
      cur = pair.value;
    } else if (isSeq(cur)) {
      const i = cur.items.findIndex((n) => within(n));
      if (i < 0) break;
      path.push(i);
      cur = cur.items[i];
    } else break;
  }
  return path;
}

/** 1-based line of an offset, never past the last line of the text. */
function lineOf(lines: LineCounter, text: string, offset: number): number {
  const { line } = lines.linePos(Math.min(offset, text.length));
  const total = text.length === 0 ? 1 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  return Math.max(1, Math.min(line, total));
}

function decodeUtf8(bytes: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * The first half of loading any YAML data file (frameworks, playbooks): size, UTF-8, syntax, duplicate keys, unknown
 * tags, aliases, and a map at the top. On success `toIssue` turns a plain issue (a key path) into one with the file's
 * line, for the caller's own schema checks. `topHint` names the keys expected at the top (for the wrong-type message).
 */
export type YamlMapResult = { ok: true; data: Record<string, unknown>; bytes: Buffer; toIssue: (p: PlainIssue) => FrameworkIssue } | { ok: false; issues: FrameworkIssue[] };

export function readYamlMap(source: Buffer | string, fileName: string, topHint: string): YamlMapResult {
  const bytes = typeof source === 'string' ? Buffer.from(source, 'utf8') : source;
  const fileIssue = (code: string, message: string): YamlMapResult => ({ ok: false, issues: [{ file: fileName, line: null, key: '', code, message }] });
  if (bytes.length > FRAMEWORK_YAML_MAX_BYTES) return fileIssue('file_too_large', `the file is larger than ${FRAMEWORK_YAML_MAX_BYTES / 1024 / 1024} MB`);
  const text = decodeUtf8(bytes);
  if (text === null) return fileIssue('invalid_encoding', 'the file is not UTF-8 text');
  if (text.trim() === '') return fileIssue('empty_file', 'the file is empty');

  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true, version: '1.2' });
  const issueAt = (offset: number, code: string, message: string): FrameworkIssue => ({ file: fileName, line: lineOf(lines, text, offset), key: dottedPath(pathAtOffset(doc, offset)), code, message });
  // Every duplicate key and unknown tag, but only the first syntax error: the ones after it mostly follow from it.
  const problems = [...doc.errors, ...doc.warnings];
  const firstSyntax = problems.find((e) => e.code !== 'DUPLICATE_KEY' && e.code !== 'TAG_RESOLVE_FAILED');
  const syntax = problems
    .filter((e) => e === firstSyntax || e.code === 'DUPLICATE_KEY' || e.code === 'TAG_RESOLVE_FAILED')
    .map((e) => issueAt(e.pos[0], e.code === 'DUPLICATE_KEY' ? 'duplicate_key' : e.code === 'TAG_RESOLVE_FAILED' ? 'unknown_tag' : 'yaml_syntax', e.message.split('\n')[0]!));
  if (syntax.length > 0) return { ok: false, issues: sortIssues(syntax) };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    return fileIssue('alias_limit', e instanceof ReferenceError ? `too many alias expansions (more than ${MAX_ALIAS_COUNT})` : `cannot read the YAML (${(e as Error).message})`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { ok: false, issues: [{ file: fileName, line: 1, key: '', code: 'wrong_type', message: `expected a map of keys (${topHint}) at the top of the file` }] };

  const toIssue = (p: PlainIssue): FrameworkIssue => {
    const { node, keyNode } = locate(doc, p.path);
    // A key's own line for unknown or wrongly typed keys; the parent map's line for a missing key.
    const anchor = keyNode?.range ?? node?.range;
    return { file: fileName, line: anchor ? lineOf(lines, text, anchor[0]) : null, key: dottedPath(p.path), code: p.code, message: p.message };
  };
  return { ok: true, data: data as Record<string, unknown>, bytes, toIssue };
}

/** Parses and validates one framework YAML file. `source` is the file's bytes (or its text); sha256 is of the bytes. */
export function parseFrameworkYaml(source: Buffer | string, fileName: string): FrameworkParseResult {
  const read = readYamlMap(source, fileName, 'id, version, title, …');
  if (!read.ok) return read;
  const { data, bytes, toIssue } = read;
  const parsed = FrameworkDefinition.safeParse(data);
  if (!parsed.success) return { ok: false, issues: sortIssues(withDuplicates(plainIssues(parsed.error.issues, data), data).map(toIssue)) };
  const extra = definitionIssues(parsed.data);
  if (extra.length > 0) return { ok: false, issues: sortIssues(extra.map(toIssue)) };
  return { ok: true, definition: parsed.data, sha256: sha256Of(bytes) };
}

/** In file order (line, then key). */
export function sortIssues(issues: FrameworkIssue[]): FrameworkIssue[] {
  return [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || a.key.localeCompare(b.key));
}
