import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FrameworkDefinition, frameworkItems } from '../../../../shared/assessments/framework.ts';
import type { FrameworkSummaryDto } from '../../../../shared/contracts/assessments.contract.ts';
import type { Deps } from '../../../context.ts';
import { findFacilityById } from '../../facilities/index.ts';
import { formatFrameworkIssue, type FrameworkIssue } from './framework-issues.ts';
import { parseFrameworkYaml } from './framework-yaml.ts';
import * as repo from './framework.repository.ts';

/**
 * The registry of frameworks (ADR 0007): the built-in ones shipped as YAML in `frameworks/` (loaded once, validated;
 * a broken shipped file stops the start with `file:line key message`), and the custom ones hospitals and groups
 * added (`custom_frameworks`).
 *
 * Precedence for one (id, version): built-in, then the facility's own, then its groups' (oldest first). Custom
 * frameworks cannot take a built-in id (refused when added; should a later release ship one, the built-in wins and the
 * custom one is hidden).
 */

export type FrameworkOwner = { type: 'builtin' } | { type: 'facility'; facilityId: string } | { type: 'group'; groupId: string };

export interface FrameworkEntry {
  definition: FrameworkDefinition;
  /** sha256 of the file's bytes (built-in: the YAML file; custom: the uploaded YAML or .xlsx). */
  sha256: string;
  owner: FrameworkOwner;
  /** The custom_frameworks row; null for built-ins. */
  recordId: string | null;
  /** The file name: `mhlw-checklist-r7.yaml`, or the uploaded file's name. */
  sourceName: string;
}

/** The folder of the shipped frameworks: MAMORI_FRAMEWORKS_DIR, else `frameworks/` at the repository root. */
export function frameworksDir(): string {
  return process.env.MAMORI_FRAMEWORKS_DIR || fileURLToPath(new URL('../../../../../frameworks/', import.meta.url));
}

/** Thrown when a shipped framework file is broken: the message lists every issue as `file:line key message`. */
export class FrameworkLoadError extends Error {
  constructor(readonly issues: FrameworkIssue[]) {
    super(`broken framework files:\n${issues.map(formatFrameworkIssue).join('\n')}`);
    this.name = 'FrameworkLoadError';
  }
}

const versionOrder = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
export const compareEntries = (a: FrameworkEntry, b: FrameworkEntry) => a.definition.id.localeCompare(b.definition.id, 'en') || versionOrder(a.definition.version, b.definition.version);

/**
 * Loads and validates every `*.yaml` / `*.yml` of a folder, sorted by id then version. Throws FrameworkLoadError
 * listing all broken files, the same (id, version) shipped twice, and a vendorSheet naming no shipped framework.
 */
export function loadFrameworkDir(dir: string): FrameworkEntry[] {
  if (!fs.existsSync(dir)) throw new FrameworkLoadError([{ file: dir, line: null, key: '', code: 'missing_folder', message: 'the frameworks folder does not exist' }]);
  const issues: FrameworkIssue[] = [];
  const entries: FrameworkEntry[] = [];
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort();
  for (const file of files) {
    const shown = path.join(path.basename(dir), file);
    const r = parseFrameworkYaml(fs.readFileSync(path.join(dir, file)), shown);
    if (!r.ok) {
      issues.push(...r.issues);
      continue;
    }
    const twin = entries.find((e) => e.definition.id === r.definition.id && e.definition.version === r.definition.version);
    if (twin) issues.push({ file: shown, line: null, key: 'version', code: 'duplicate_id', message: `${r.definition.id} ${r.definition.version} is also defined in ${twin.sourceName}` });
    entries.push({ definition: r.definition, sha256: r.sha256, owner: { type: 'builtin' }, recordId: null, sourceName: shown });
  }
  const ids = new Set(entries.map((e) => e.definition.id));
  for (const e of entries) {
    if (e.definition.vendorSheet && !ids.has(e.definition.vendorSheet)) issues.push({ file: e.sourceName, line: null, key: 'vendorSheet', code: 'invalid_value', message: `no shipped framework has the id ${e.definition.vendorSheet}` });
  }
  if (issues.length > 0) throw new FrameworkLoadError(issues);
  return entries.sort(compareEntries);
}

const builtinCache = new Map<string, FrameworkEntry[]>();

/** The shipped frameworks, loaded once per folder (throws FrameworkLoadError when a file is broken). */
export function builtinFrameworks(): FrameworkEntry[] {
  const dir = frameworksDir();
  let entries = builtinCache.get(dir);
  if (!entries) {
    entries = loadFrameworkDir(dir);
    builtinCache.set(dir, entries);
  }
  return entries;
}

/** Whether an id belongs to a shipped framework (custom frameworks may not use it). */
export function isBuiltinFrameworkId(id: string): boolean {
  return builtinFrameworks().some((e) => e.definition.id === id);
}

// Stored definitions never change (a new upload is a new row): parse each row once.
const parsedRows = new Map<string, FrameworkDefinition | null>();

export function customEntry(deps: Pick<Deps, 'logger'>, row: repo.CustomFrameworkRow): FrameworkEntry | null {
  let def = parsedRows.get(row.id);
  if (def === undefined) {
    const parsed = FrameworkDefinition.safeParse(JSON.parse(row.definition));
    def = parsed.success ? parsed.data : null;
    if (!parsed.success) deps.logger.error({ customFrameworkId: row.id, issues: parsed.error.issues.slice(0, 5) }, 'stored framework no longer matches the schema');
    parsedRows.set(row.id, def);
  }
  if (!def) return null;
  const owner: FrameworkOwner = row.owner_facility_id ? { type: 'facility', facilityId: row.owner_facility_id } : { type: 'group', groupId: row.owner_group_id! };
  return { definition: def, sha256: row.sha256, owner, recordId: row.id, sourceName: row.source_name };
}

/** Orders entries and drops those shadowed by an earlier one with the same (id, version), or using a built-in id. */
function effective(builtins: FrameworkEntry[], custom: FrameworkEntry[]): FrameworkEntry[] {
  const seen = new Set(builtins.map((e) => `${e.definition.id}\u0000${e.definition.version}`));
  const builtinIds = new Set(builtins.map((e) => e.definition.id));
  const out = [...builtins];
  for (const e of custom) {
    const key = `${e.definition.id}\u0000${e.definition.version}`;
    if (builtinIds.has(e.definition.id) || seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out.sort(compareEntries);
}

/** The facility's custom frameworks (own first, then its groups', oldest first), without built-ins or shadowing. */
export async function customEntriesFor(deps: Deps, facilityId: string): Promise<FrameworkEntry[]> {
  const facility = await findFacilityById(deps.db, facilityId);
  if (!facility) return [];
  const rows = await repo.listCustomFrameworks(deps.db, facilityId, facility.groupIds);
  const own = rows.filter((r) => r.owner_facility_id === facilityId);
  const groups = rows.filter((r) => r.owner_facility_id !== facilityId);
  return [...own, ...groups].map((r) => customEntry(deps, r)).filter((e): e is FrameworkEntry => e !== null);
}

/** Built-ins, plus (for a facility) its own custom frameworks and those of the groups it belongs to. No authorization. */
export async function listFrameworkEntries(deps: Deps, facilityId: string | null): Promise<FrameworkEntry[]> {
  const builtins = builtinFrameworks();
  if (facilityId === null) return builtins;
  return effective(builtins, await customEntriesFor(deps, facilityId));
}

/** One framework version as the facility sees it (null when none). No authorization. */
export async function findFrameworkEntry(deps: Deps, facilityId: string | null, frameworkId: string, version: string): Promise<FrameworkEntry | null> {
  const builtin = builtinFrameworks().find((e) => e.definition.id === frameworkId && e.definition.version === version);
  if (builtin) return builtin;
  if (facilityId === null) return null;
  return (await listFrameworkEntries(deps, facilityId)).find((e) => e.definition.id === frameworkId && e.definition.version === version) ?? null;
}

/** The list view of a framework: counts of sections, items (the gate included), unverified items and rule items. */
export function summarizeFramework(entry: FrameworkEntry): FrameworkSummaryDto {
  const d = entry.definition;
  const items = frameworkItems(d);
  return {
    recordId: entry.recordId,
    id: d.id,
    version: d.version,
    title: d.title,
    publisher: d.publisher,
    fiscalYear: d.fiscalYear ?? null,
    sheet: d.sheet,
    vendorSheet: d.vendorSheet ?? null,
    sections: d.sections.length,
    items: items.length,
    unverifiedItems: items.filter((i) => !i.verified).length,
    ruleItems: items.filter((i) => i.rule !== undefined).length,
    owner: entry.owner,
    sha256: entry.sha256,
  };
}
