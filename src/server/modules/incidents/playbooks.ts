import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CASE_CATEGORIES, type CaseCategory, type CasePhase, type TeamRole } from '../../../shared/incidents/cases.ts';
import { itemsInPhaseOrder, PlaybookDefinition } from '../../../shared/incidents/playbook.ts';
import type { Db } from '../../db/database.ts';
import { dottedPath, formatFrameworkIssue, plainIssues, type FrameworkIssue, type PlainIssue } from '../assessments/frameworks/framework-issues.ts';
import { readYamlMap, sha256Of, sortIssues } from '../assessments/frameworks/framework-yaml.ts';
import { findPlaybookRow, type PlaybookRow } from './playbook.repository.ts';

/**
 * Playbooks (対応手順書): the shipped ones, YAML files in `playbooks/` (one per case category, loaded once and
 * validated: a broken file stops the start with `file:line key message`, like the frameworks of ADR 0007), and a
 * facility's own copy of a category (`incident_playbooks`), which wins over the shipped one.
 *
 * `playbookFor` is what opening a case calls (inside its transaction) to copy the steps into the case's tasks.
 */

/** The steps a new case of a category gets: the facility's copy (version `facility-N`) or the shipped playbook. */
export interface ResolvedPlaybook {
  id: string;
  version: string;
  category: CaseCategory;
  /** In phase order (detection → recovery), in the playbook's order within a phase. */
  items: { id: string; phase: CasePhase; title: { ja: string; en: string }; ownerRole: TeamRole | null }[];
}

export interface BuiltinPlaybook {
  definition: PlaybookDefinition;
  /** sha256 of the file's bytes. */
  sha256: string;
  /** `playbooks/ransomware.yaml`. */
  sourceName: string;
}

export type PlaybookParseResult = { ok: true; definition: PlaybookDefinition; sha256: string } | { ok: false; issues: FrameworkIssue[] };

/** The folder of the shipped playbooks: MAMORI_PLAYBOOKS_DIR, else `playbooks/` at the repository root. */
export function playbooksDir(): string {
  return process.env.MAMORI_PLAYBOOKS_DIR || fileURLToPath(new URL('../../../../playbooks/', import.meta.url));
}

/** Thrown when a shipped playbook is broken or missing: the message lists every issue as `file:line key message`. */
export class PlaybookLoadError extends Error {
  constructor(readonly issues: FrameworkIssue[]) {
    super(`broken playbook files:\n${issues.map(formatFrameworkIssue).join('\n')}`);
    this.name = 'PlaybookLoadError';
  }
}

/** Parses and validates one playbook YAML file; every problem names the file, the line and the key path. */
export function parsePlaybookYaml(source: Buffer | string, fileName: string): PlaybookParseResult {
  const read = readYamlMap(source, fileName, 'id, version, category, title, items');
  if (!read.ok) return read;
  const { data, bytes, toIssue } = read;
  const parsed = PlaybookDefinition.safeParse(data);
  if (!parsed.success) return { ok: false, issues: sortIssues(withDuplicateItemIds(plainIssues(parsed.error.issues, data), data).map(toIssue)) };
  return { ok: true, definition: parsed.data, sha256: sha256Of(bytes) };
}

/** Duplicate item ids in raw data, merged into the schema's issues (the schema reports them only once all else is right). */
export function withDuplicateItemIds(issues: PlainIssue[], data: unknown): PlainIssue[] {
  const items = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>).items : undefined;
  if (!Array.isArray(items)) return issues;
  const known = new Set(issues.map((i) => `${dottedPath(i.path)}|${i.code}`));
  const seen = new Set<string>();
  const out = [...issues];
  items.forEach((item: unknown, i) => {
    const id = item !== null && typeof item === 'object' ? (item as Record<string, unknown>).id : undefined;
    if (typeof id !== 'string') return;
    if (seen.has(id) && !known.has(`items.${i}.id|duplicate_id`)) out.push({ path: ['items', i, 'id'], code: 'duplicate_id', message: `duplicate item id ${id}` });
    seen.add(id);
  });
  return out;
}

/**
 * Loads every `*.yaml` / `*.yml` of a folder. Each must be named `<category>.yaml` after the category it declares, and
 * every case category must have exactly one. Throws PlaybookLoadError listing all problems.
 */
export function loadPlaybookDir(dir: string): Map<CaseCategory, BuiltinPlaybook> {
  if (!fs.existsSync(dir)) throw new PlaybookLoadError([{ file: dir, line: null, key: '', code: 'missing_folder', message: 'the playbooks folder does not exist' }]);
  const issues: FrameworkIssue[] = [];
  const out = new Map<CaseCategory, BuiltinPlaybook>();
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort();
  for (const file of files) {
    const shown = path.join(path.basename(dir), file);
    const r = parsePlaybookYaml(fs.readFileSync(path.join(dir, file)), shown);
    if (!r.ok) {
      issues.push(...r.issues);
      continue;
    }
    const category = r.definition.category;
    if (file.replace(/\.ya?ml$/i, '') !== category) issues.push({ file: shown, line: null, key: 'category', code: 'invalid_value', message: `the file of category ${category} must be named ${category}.yaml` });
    const twin = out.get(category);
    if (twin) issues.push({ file: shown, line: null, key: 'category', code: 'duplicate_id', message: `category ${category} is also defined in ${twin.sourceName}` });
    else out.set(category, { definition: r.definition, sha256: r.sha256, sourceName: shown });
  }
  for (const c of CASE_CATEGORIES) {
    if (!out.has(c) && !issues.some((i) => i.file.endsWith(`${c}.yaml`))) issues.push({ file: path.join(path.basename(dir), `${c}.yaml`), line: null, key: '', code: 'missing_file', message: `no playbook for category ${c}` });
  }
  if (issues.length > 0) throw new PlaybookLoadError(issues);
  return out;
}

const builtinCache = new Map<string, Map<CaseCategory, BuiltinPlaybook>>();

/** The shipped playbooks by category, loaded once per folder (throws PlaybookLoadError when a file is broken). */
export function builtinPlaybooks(): Map<CaseCategory, BuiltinPlaybook> {
  const dir = playbooksDir();
  let entries = builtinCache.get(dir);
  if (!entries) {
    entries = loadPlaybookDir(dir);
    builtinCache.set(dir, entries);
  }
  return entries;
}

export function builtinPlaybook(category: CaseCategory): BuiltinPlaybook {
  const p = builtinPlaybooks().get(category);
  // loadPlaybookDir guarantees every category; this only guards a category added without its file.
  if (!p) throw new PlaybookLoadError([{ file: `playbooks/${category}.yaml`, line: null, key: '', code: 'missing_file', message: `no playbook for category ${category}` }]);
  return p;
}

/** `facility-3`: the version a facility's copy shows (its row's counter). */
export const facilityVersion = (version: number): string => `facility-${version}`;

/** A facility row's definition, or null when it no longer matches the schema (it was valid when saved). */
export function facilityDefinition(row: PlaybookRow): PlaybookDefinition | null {
  let raw: unknown;
  try {
    raw = JSON.parse(row.definition);
  } catch {
    return null;
  }
  const parsed = PlaybookDefinition.safeParse(raw);
  return parsed.success && parsed.data.category === row.category ? parsed.data : null;
}

function resolve(definition: PlaybookDefinition, version: string, category: CaseCategory): ResolvedPlaybook {
  return {
    id: definition.id,
    version,
    category,
    items: itemsInPhaseOrder(definition.items).map((i) => ({ id: i.id, phase: i.phase, title: { ja: i.title.ja, en: i.title.en }, ownerRole: i.ownerRole })),
  };
}

/**
 * The playbook a new case of `category` gets at `facilityId`: the facility's copy when it has one (version
 * `facility-N`), else the shipped one (the YAML's version). No authorization; pass the transaction as `db` when called
 * inside one. A facility copy that no longer matches the schema falls back to the shipped playbook.
 */
export async function playbookFor(db: Db, facilityId: string, category: CaseCategory): Promise<ResolvedPlaybook> {
  const row = await findPlaybookRow(db, facilityId, category);
  const own = row ? facilityDefinition(row) : null;
  if (row && own) return resolve(own, facilityVersion(row.version), category);
  const builtin = builtinPlaybook(category);
  return resolve(builtin.definition, builtin.definition.version, category);
}
