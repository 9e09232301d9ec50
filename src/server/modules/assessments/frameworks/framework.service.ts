import { AppError } from '../../../../shared/errors.ts';
import { can, isDeploymentAdmin, reachesFacility, type Actor } from '../../../../shared/policy.ts';
import { frameworkItems } from '../../../../shared/assessments/framework.ts';
import type { FrameworkDetailDto, FrameworkSummaryDto } from '../../../../shared/contracts/assessments.contract.ts';
import type { Caller, Deps } from '../../../context.ts';
import { recordAudit } from '../../../audit/audit.service.ts';
import { newId } from '../../../lib/ids.ts';
import { findFacilityById, findGroupById } from '../../facilities/index.ts';
import { frameworkFileFormat, parseFrameworkFile } from './framework-file.ts';
import type { FrameworkIssue } from './framework-issues.ts';
import { frameworkXlsxTemplate } from './framework-xlsx.ts';
import * as repo from './framework.repository.ts';
import { builtinFrameworks, customEntriesFor, customEntry, findFrameworkEntry, isBuiltinFrameworkId, listFrameworkEntries, summarizeFramework, type FrameworkEntry } from './registry.ts';

/**
 * Frameworks for people: list and read (any signed-in user sees the built-ins; a facility's custom frameworks need
 * the facility), validate a file (nothing stored), add a facility's or a group's own framework, delete one.
 */

function requireActor(caller: Caller): Actor {
  if (!caller.actor) throw new AppError('UNAUTHENTICATED');
  return caller.actor;
}

/** Reading frameworks: a token needs `assessments:read`. */
function requireRead(caller: Caller): Actor {
  const actor = requireActor(caller);
  if (actor.token && !actor.token.scopes.includes('assessments:read')) throw new AppError('TOKEN_SCOPE');
  return actor;
}

/** A facility filter: outside the caller's reach it does not exist. */
function requireFacilityReach(actor: Actor, facilityId: string): void {
  if (!reachesFacility(actor, facilityId)) throw new AppError('NOT_FOUND');
}

export async function listFrameworks(deps: Deps, caller: Caller, query: { facilityId?: string | undefined }): Promise<FrameworkSummaryDto[]> {
  const actor = requireRead(caller);
  if (query.facilityId) requireFacilityReach(actor, query.facilityId);
  return (await listFrameworkEntries(deps, query.facilityId ?? null)).map(summarizeFramework);
}

export async function getFramework(deps: Deps, caller: Caller, frameworkId: string, version: string, query: { facilityId?: string | undefined }): Promise<FrameworkDetailDto> {
  const actor = requireRead(caller);
  if (query.facilityId) requireFacilityReach(actor, query.facilityId);
  const entry = await findFrameworkEntry(deps, query.facilityId ?? null, frameworkId, version);
  if (!entry) throw new AppError('NOT_FOUND');
  return { summary: summarizeFramework(entry), definition: entry.definition };
}

export interface FrameworkValidation {
  ok: boolean;
  issues: FrameworkIssue[];
  summary: FrameworkSummaryDto | null;
}

/** Validates a YAML or .xlsx framework file; stores nothing. */
export async function validateFrameworkFile(deps: Deps, caller: Caller, bytes: Buffer, fileName: string): Promise<FrameworkValidation> {
  requireRead(caller);
  return validateBytes(bytes, fileName);
}

/** The validation without a caller (CLI `frameworks validate`, which reads local files). */
export async function validateBytes(bytes: Buffer, fileName: string): Promise<FrameworkValidation> {
  const name = fileName || 'framework';
  if (bytes.length === 0) return { ok: false, issues: [{ file: name, line: null, key: '', code: 'empty_file', message: 'the file is empty' }], summary: null };
  const r = await parseFrameworkFile(bytes, name);
  if (!r.ok) return { ok: false, issues: r.issues, summary: null };
  return { ok: true, issues: [], summary: summarizeFramework({ definition: r.definition, sha256: r.sha256, owner: { type: 'builtin' }, recordId: null, sourceName: name }) };
}

/** A file that failed validation: 400 with each issue (`path` = the key, `message` = `file:line message`) and all of them in detail. */
function invalidFile(issues: FrameworkIssue[]): AppError {
  return new AppError('VALIDATION_FAILED', `the framework file has ${issues.length} problem(s)`, {
    issues: issues.slice(0, 100).map((i) => ({ path: i.key, message: `${i.file}${i.line === null ? '' : `:${i.line}`} ${i.message}` })),
    detail: { reason: 'invalid_framework', frameworkIssues: issues.slice(0, 500) },
  });
}

async function parseUpload(bytes: Buffer, fileName: string): Promise<{ entry: Omit<FrameworkEntry, 'owner' | 'recordId'>; format: 'yaml' | 'xlsx' }> {
  const name = (fileName || 'framework').slice(0, 255);
  if (bytes.length === 0) throw new AppError('VALIDATION_FAILED', 'empty file', { issues: [{ path: '', message: 'empty_file' }] });
  const r = await parseFrameworkFile(bytes, name);
  if (!r.ok) throw invalidFile(r.issues);
  if (isBuiltinFrameworkId(r.definition.id)) {
    throw new AppError('CONFLICT', `${r.definition.id} is the id of a built-in framework`, { issues: [{ path: 'id', message: 'builtin_id' }], detail: { reason: 'builtin_id' } });
  }
  return { entry: { definition: r.definition, sha256: r.sha256, sourceName: name }, format: frameworkFileFormat(bytes, name) };
}

const auditView = (e: FrameworkEntry) => ({
  frameworkId: e.definition.id,
  version: e.definition.version,
  title: e.definition.title,
  items: frameworkItems(e.definition).length,
  sha256: e.sha256,
  sourceName: e.sourceName,
  owner: e.owner,
});

async function store(deps: Deps, caller: Caller, owner: { facilityId: string } | { groupId: string }, parsed: Awaited<ReturnType<typeof parseUpload>>): Promise<FrameworkDetailDto> {
  const { entry, format } = parsed;
  const id = newId();
  const row: repo.CustomFrameworkRow = {
    id,
    framework_id: entry.definition.id,
    version: entry.definition.version,
    owner_facility_id: 'facilityId' in owner ? owner.facilityId : null,
    owner_group_id: 'groupId' in owner ? owner.groupId : null,
    definition: JSON.stringify(entry.definition),
    source_format: format,
    source_name: entry.sourceName,
    sha256: entry.sha256,
    created_by: caller.actor && caller.actor.userId !== 'cli' ? caller.actor.userId : null,
    created_at: deps.clock.now().toISOString(),
    deleted_at: null,
  };
  const stored = await deps.db.transaction().execute(async (trx) => {
    // The same (id, version) for the same owner, or (for a facility) one its groups already give it: refused.
    const taken = 'facilityId' in owner ? await customEntriesFor({ ...deps, db: trx }, owner.facilityId) : (await repo.listCustomFrameworks(trx, null, [owner.groupId])).map((r) => customEntry(deps, r));
    if (taken.some((e) => e && e.definition.id === entry.definition.id && e.definition.version === entry.definition.version)) {
      throw new AppError('CONFLICT', `${entry.definition.id} ${entry.definition.version} exists`, { issues: [{ path: 'version', message: 'exists' }], detail: { reason: 'framework_exists' } });
    }
    await repo.insertCustomFramework(trx, row);
    const e = customEntry(deps, row)!;
    await recordAudit(deps, trx, caller, { facilityId: 'facilityId' in owner ? owner.facilityId : null, entityType: 'framework', entityId: id, action: 'create', after: auditView(e) });
    return e;
  });
  return { summary: summarizeFramework(stored), definition: stored.definition };
}

/** Adds a facility's own framework (assessment.manage there). */
export async function createFacilityFramework(deps: Deps, caller: Caller, facilityId: string, bytes: Buffer, fileName: string): Promise<FrameworkDetailDto> {
  const actor = requireActor(caller);
  requireFacilityReach(actor, facilityId);
  if (!can(actor, 'assessment.manage', facilityId)) throw new AppError(actor.token ? 'TOKEN_SCOPE' : 'FORBIDDEN');
  if (!(await findFacilityById(deps.db, facilityId))) throw new AppError('NOT_FOUND');
  return store(deps, caller, { facilityId }, await parseUpload(bytes, fileName));
}

/** Whether the actor administers the group's frameworks: a deployment administrator, or that group's administrator. */
function managesGroup(actor: Actor, groupId: string): boolean {
  if (actor.token && (actor.token.facilityId || !actor.token.scopes.includes('assessments:write'))) return false;
  return isDeploymentAdmin(actor) || actor.groupAdminGroupIds.includes(groupId);
}

/** Adds a framework for every facility of a group (the group's administrator or a deployment administrator). */
export async function createGroupFramework(deps: Deps, caller: Caller, groupId: string, bytes: Buffer, fileName: string): Promise<FrameworkDetailDto> {
  const actor = requireActor(caller);
  if (!managesGroup(actor, groupId)) throw new AppError(actor.token ? 'TOKEN_SCOPE' : 'FORBIDDEN');
  if (!(await findGroupById(deps.db, groupId))) throw new AppError('NOT_FOUND');
  return store(deps, caller, { groupId }, await parseUpload(bytes, fileName));
}

/**
 * Deletes (soft) a custom framework. A facility's: assessment.manage there. A group's: its administrator or a deployment
 * administrator; people of a member facility see it (403), others do not (404). Refused with INVALID_STATE while a live
 * assessment of an owning facility uses that framework version.
 */
export async function deleteCustomFramework(deps: Deps, caller: Caller, recordId: string): Promise<void> {
  const actor = requireActor(caller);
  const row = await repo.findCustomFramework(deps.db, recordId);
  if (!row) throw new AppError('NOT_FOUND');
  let facilityIds: string[];
  if (row.owner_facility_id) {
    requireFacilityReach(actor, row.owner_facility_id);
    if (!can(actor, 'assessment.manage', row.owner_facility_id)) throw new AppError(actor.token ? 'TOKEN_SCOPE' : 'FORBIDDEN');
    facilityIds = [row.owner_facility_id];
  } else {
    const group = await findGroupById(deps.db, row.owner_group_id!);
    if (!group) throw new AppError('NOT_FOUND');
    if (!managesGroup(actor, group.id)) {
      const sees = actor.groupAdminGroupIds.includes(group.id) || group.facilityIds.some((f) => reachesFacility(actor, f));
      throw new AppError(!sees ? 'NOT_FOUND' : actor.token ? 'TOKEN_SCOPE' : 'FORBIDDEN');
    }
    facilityIds = group.facilityIds;
  }
  await deps.db.transaction().execute(async (trx) => {
    const inUse = await repo.countLiveAssessments(trx, facilityIds, row.framework_id, row.version);
    if (inUse > 0) {
      throw new AppError('INVALID_STATE', `${inUse} assessment(s) use this framework`, { detail: { reason: 'framework_in_use', assessmentCount: inUse } });
    }
    await repo.softDeleteCustomFramework(trx, row.id, deps.clock.now().toISOString());
    const e = customEntry(deps, row);
    await recordAudit(deps, trx, caller, { facilityId: row.owner_facility_id, entityType: 'framework', entityId: row.id, action: 'delete', before: e ? auditView(e) : { frameworkId: row.framework_id, version: row.version } });
  });
}

/** The .xlsx template for a hospital's own framework (any signed-in user). */
export async function frameworkTemplate(caller: Caller): Promise<{ bytes: Buffer; contentType: string; fileName: string }> {
  requireRead(caller);
  return { bytes: await frameworkXlsxTemplate(), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', fileName: 'mamori-framework-template.xlsx' };
}

/** Ensures the shipped frameworks load (called when the routes are registered, so a broken file stops the start). */
export function loadBuiltinFrameworks(): number {
  return builtinFrameworks().length;
}
