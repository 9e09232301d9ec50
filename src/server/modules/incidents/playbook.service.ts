import { AppError, type FieldIssue } from '../../../shared/errors.ts';
import { CASE_CATEGORIES, type CaseCategory } from '../../../shared/incidents/cases.ts';
import { PlaybookDefinition } from '../../../shared/incidents/playbook.ts';
import type { Caller, Deps } from '../../context.ts';
import { callerUserId } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import { newId } from '../../lib/ids.ts';
import { failValidation } from '../../lib/validation.ts';
import { plainIssues } from '../assessments/frameworks/framework-issues.ts';
import { authorizeIncidents } from './incident.access.ts';
import * as repo from './playbook.repository.ts';
import { builtinPlaybook, facilityDefinition, facilityVersion, withDuplicateItemIds } from './playbooks.ts';

/**
 * 対応手順書 of a facility: per category the shipped playbook or the facility's own copy (which wins). Reading needs
 * incident.read, editing incident.manage. A save replaces the whole definition and increments the copy's counter
 * (version `facility-N`); a reset deletes the copy, so the shipped playbook applies again. Both are audited (entity
 * `incident_playbook`, with the definition before and after) in the transaction that makes them. Cases already open
 * keep their tasks: they were copied when the case opened.
 */

export interface PlaybookView {
  category: CaseCategory;
  source: 'builtin' | 'facility';
  definition: PlaybookDefinition;
  version: string;
  builtinVersion: string;
  facilityVersion: number | null;
  updatedAt: string | null;
  updatedBy: { id: string; name: string } | null;
}

export interface PlaybookSave {
  /** A full definition (validated here as well as by the route's contract). */
  definition: unknown;
  /** The facility copy's counter the edit started from; null: from the shipped playbook; undefined: last save wins. */
  expectedVersion?: number | null;
}

function viewOf(category: CaseCategory, row: repo.PlaybookRowWithUser | undefined): PlaybookView {
  const builtin = builtinPlaybook(category);
  const own = row ? facilityDefinition(row) : null;
  if (row && own) {
    return {
      category,
      source: 'facility',
      definition: own,
      version: facilityVersion(row.version),
      builtinVersion: builtin.definition.version,
      facilityVersion: row.version,
      updatedAt: row.updated_at,
      updatedBy: row.updated_by ? { id: row.updated_by, name: row.updated_by_name ?? '' } : null,
    };
  }
  return { category, source: 'builtin', definition: builtin.definition, version: builtin.definition.version, builtinVersion: builtin.definition.version, facilityVersion: null, updatedAt: null, updatedBy: null };
}

export async function listPlaybooks(deps: Deps, caller: Caller, facilityId: string): Promise<PlaybookView[]> {
  await authorizeIncidents(deps, caller, facilityId, 'incident.read');
  const rows = await repo.listPlaybookRows(deps.db, facilityId);
  return CASE_CATEGORIES.map((c) => viewOf(c, rows.find((r) => r.category === c)));
}

export async function getPlaybook(deps: Deps, caller: Caller, facilityId: string, category: CaseCategory): Promise<PlaybookView> {
  await authorizeIncidents(deps, caller, facilityId, 'incident.read');
  return viewOf(category, await repo.findPlaybookRowWithUser(deps.db, facilityId, category));
}

/** The definition checked as the YAML files are (paths under `definition.`, message keys = issue codes). */
export function validateDefinition(category: CaseCategory, input: unknown): PlaybookDefinition {
  const parsed = PlaybookDefinition.safeParse(input);
  const issues: FieldIssue[] = [];
  if (!parsed.success) {
    for (const p of withDuplicateItemIds(plainIssues(parsed.error.issues, input), input)) issues.push({ path: ['definition', ...p.path].join('.'), message: p.code });
  } else if (parsed.data.category !== category) {
    issues.push({ path: 'definition.category', message: 'category_mismatch' });
  }
  if (issues.length > 0 || !parsed.success) failValidation(issues);
  return parsed.data;
}

/** What the audit log keeps of a copy. */
const auditView = (row: { category: string; version: number; definition: string }) => ({ category: row.category, version: row.version, definition: JSON.parse(row.definition) as unknown });

/** The stored definition without its version, to tell whether a save changes anything. */
const contentOf = (d: PlaybookDefinition) => JSON.stringify({ ...d, version: null });

function checkExpected(expected: number | null | undefined, row: repo.PlaybookRow | undefined): void {
  if (expected === undefined) return;
  const current = row?.version ?? null;
  if (expected !== current) throw new AppError('CONFLICT', 'the playbook was changed by someone else', { detail: { facilityVersion: current } });
}

/** Saves the facility's copy of a category (creates it on the first save). A stale expectedVersion → CONFLICT. */
export async function savePlaybook(deps: Deps, caller: Caller, facilityId: string, category: CaseCategory, input: PlaybookSave): Promise<PlaybookView> {
  await authorizeIncidents(deps, caller, facilityId, 'incident.manage');
  const definition = validateDefinition(category, input.definition);
  await deps.db.transaction().execute(async (trx) => {
    const row = await repo.findPlaybookRow(trx, facilityId, category);
    checkExpected(input.expectedVersion, row);
    const current = row ? facilityDefinition(row) : null;
    if (row && current && contentOf(current) === contentOf(definition)) return;
    const version = (row?.version ?? 0) + 1;
    const stored = JSON.stringify({ ...definition, version: facilityVersion(version) });
    const now = deps.clock.now().toISOString();
    const by = callerUserId(caller);
    if (row) {
      if (!(await repo.updatePlaybookRow(trx, row.id, row.version, { definition: stored, version, updated_by: by, updated_at: now }))) throw new AppError('CONFLICT', 'the playbook was changed by someone else');
      await recordAudit(deps, trx, caller, { facilityId, entityType: 'incident_playbook', entityId: row.id, action: 'update', before: auditView(row), after: auditView({ category, version, definition: stored }) });
    } else {
      const id = newId();
      await repo.insertPlaybookRow(trx, { id, facility_id: facilityId, category, definition: stored, version, updated_by: by, updated_at: now });
      await recordAudit(deps, trx, caller, { facilityId, entityType: 'incident_playbook', entityId: id, action: 'create', after: auditView({ category, version, definition: stored }) });
    }
  });
  return viewOf(category, await repo.findPlaybookRowWithUser(deps.db, facilityId, category));
}

/** Deletes the facility's copy: the shipped playbook applies again. Without a copy nothing happens. */
export async function resetPlaybook(deps: Deps, caller: Caller, facilityId: string, category: CaseCategory, expectedVersion?: number | null): Promise<PlaybookView> {
  await authorizeIncidents(deps, caller, facilityId, 'incident.manage');
  await deps.db.transaction().execute(async (trx) => resetTx(deps, trx, caller, facilityId, category, expectedVersion));
  return viewOf(category, undefined);
}

async function resetTx(deps: Deps, trx: Db, caller: Caller, facilityId: string, category: CaseCategory, expectedVersion: number | null | undefined): Promise<void> {
  const row = await repo.findPlaybookRow(trx, facilityId, category);
  checkExpected(expectedVersion, row);
  if (!row) return;
  await repo.deletePlaybookRow(trx, row.id);
  await recordAudit(deps, trx, caller, { facilityId, entityType: 'incident_playbook', entityId: row.id, action: 'delete', before: auditView(row), after: { category, version: builtinPlaybook(category).definition.version, source: 'builtin' } });
}
