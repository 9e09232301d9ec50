import type { BackupPlanCreateBody, BackupPlanDto, BackupPlanListQuery, BackupPlanUpdateBody } from '../../../shared/contracts/resilience-backups.contract.ts';
import { AppError, type FieldIssue } from '../../../shared/errors.ts';
import { isOfflineCopy, type BackupPlan, type PlanFreshness } from '../../../shared/resilience/backup.ts';
import { type Caller, type Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import { newId } from '../../lib/ids.ts';
import { failValidation } from '../../lib/validation.ts';
import * as repo from './backup-plan.repository.ts';
import { freshnessOf, parseScopes, presentPlan, rulePlan } from './backup-plan.presenter.ts';
import { authorizedRecord, authorizeResilience } from './resilience.access.ts';

/**
 * Backup plans (バックアップ計画): one copy of one system on one medium in one place. Read with resilience.read, written
 * with resilience.write. Retiring a plan keeps its runs and takes it out of the coverage rules and the warnings;
 * reinstating undoes it. Audited as backup_plan (create, update, retire, reinstate).
 */

const clean = (v: string | null | undefined): string | null => {
  const t = v?.trim();
  return t ? t : null;
};
const bit = (b: boolean | undefined): number => (b ? 1 : 0);

/** The audit view of a plan row (no secrets here; the key holder is a name or a role). */
function auditView(r: Omit<repo.BackupPlanInsert, 'id' | 'facility_id' | 'created_at' | 'updated_at' | 'version'>) {
  return {
    assetId: r.asset_id,
    label: r.label ?? null,
    scopes: parseScopes(r.scopes),
    tool: r.tool ?? null,
    medium: r.medium,
    disconnected: r.disconnected === 1,
    cloudImmutable: r.cloud_immutable === 1,
    networkSeparated: r.network_separated === 1,
    generations: r.generations,
    everyDays: r.every_days,
    scheduleNote: r.schedule_note ?? null,
    location: r.location,
    storagePlace: r.storage_place ?? null,
    encrypted: r.encrypted === 1,
    keyHolder: r.key_holder ?? null,
    runBy: r.run_by,
    vendorId: r.vendor_id ?? null,
    restoreProcedure: r.restore_procedure ?? null,
    externalKey: r.external_key ?? null,
    notes: r.notes ?? null,
    retiredAt: r.retired_at ?? null,
  };
}
type AuditView = ReturnType<typeof auditView>;

/** Checks what the schema cannot: asset and vendor of this facility, the job name free among plans in use. */
async function checkReferences(db: Db, facilityId: string, fields: { assetId?: string; vendorId?: string | null; externalKey?: string | null }, planId: string | null, retired: boolean): Promise<void> {
  const issues: FieldIssue[] = [];
  if (fields.assetId !== undefined && !(await repo.findLiveAsset(db, facilityId, fields.assetId))) issues.push({ path: 'assetId', message: 'asset_not_found' });
  if (fields.vendorId && !(await repo.findLiveVendor(db, facilityId, fields.vendorId))) issues.push({ path: 'vendorId', message: 'vendor_not_found' });
  if (fields.externalKey && !retired && (await repo.externalKeyTaken(db, facilityId, fields.externalKey, planId))) issues.push({ path: 'externalKey', message: 'external_key_taken' });
  if (issues.length > 0) failValidation(issues);
}

async function presentOne(deps: Deps, db: Db, id: string): Promise<BackupPlanDto> {
  const row = await repo.findPlanRow(db, id);
  if (!row) throw new AppError('NOT_FOUND');
  const now = deps.clock.now();
  const stats = await repo.runStats(db, row.facility_id, now.toISOString(), [row.id]);
  return presentPlan(row, stats.get(row.id), now);
}

/** A plan by id with the permission checked in its facility (NOT_FOUND when out of reach). */
export async function authorizedPlan(deps: Deps, caller: Caller, planId: string, permission: 'resilience.read' | 'resilience.write'): Promise<repo.PlanRow> {
  return (await authorizedRecord(deps, caller, () => repo.findPlanRow(deps.db, planId), permission)).row;
}

export async function listBackupPlans(deps: Deps, caller: Caller, facilityId: string, query: BackupPlanListQuery): Promise<{ items: BackupPlanDto[]; total: number; page: number; pageSize: number }> {
  await authorizeResilience(deps, caller, facilityId, 'resilience.read');
  const now = deps.clock.now();
  const rows = await repo.listPlanRows(deps.db, facilityId, { retired: query.retired, assetId: query.assetId, medium: query.medium, q: query.q });
  const stats = await repo.runStats(deps.db, facilityId, now.toISOString());
  let items = rows.map((r) => presentPlan(r, stats.get(r.id), now));
  if (query.offline) items = items.filter((p) => p.offline === (query.offline === 'true'));
  if (query.stale) items = items.filter((p) => (p.freshness.status !== 'fresh') === (query.stale === 'true'));
  const start = (query.page - 1) * query.pageSize;
  return { items: items.slice(start, start + query.pageSize), total: items.length, page: query.page, pageSize: query.pageSize };
}

export async function getBackupPlan(deps: Deps, caller: Caller, planId: string): Promise<BackupPlanDto> {
  const row = await authorizedPlan(deps, caller, planId, 'resilience.read');
  return presentOne(deps, deps.db, row.id);
}

/** Creates a plan (trusted: the caller authorized the facility; for the demo and services). */
export async function createBackupPlanTx(deps: Deps, trx: Db, caller: Caller, facilityId: string, body: BackupPlanCreateBody): Promise<string> {
  const externalKey = clean(body.externalKey);
  await checkReferences(trx, facilityId, { assetId: body.assetId, vendorId: body.vendorId ?? null, externalKey }, null, false);
  const now = deps.clock.now().toISOString();
  const row: repo.BackupPlanInsert = {
    id: newId(),
    facility_id: facilityId,
    asset_id: body.assetId,
    label: clean(body.label),
    scopes: JSON.stringify([...new Set(body.scopes)]),
    tool: clean(body.tool),
    medium: body.medium,
    disconnected: bit(body.disconnected),
    cloud_immutable: bit(body.cloudImmutable),
    network_separated: bit(body.networkSeparated),
    generations: body.generations,
    every_days: body.everyDays,
    schedule_note: clean(body.scheduleNote),
    location: body.location,
    storage_place: clean(body.storagePlace),
    encrypted: bit(body.encrypted),
    key_holder: clean(body.keyHolder),
    run_by: body.runBy,
    vendor_id: body.vendorId ?? null,
    restore_procedure: clean(body.restoreProcedure),
    external_key: externalKey,
    notes: clean(body.notes),
    version: 1,
    created_at: now,
    updated_at: now,
    retired_at: null,
  };
  await repo.insertPlan(trx, row);
  await recordAudit(deps, trx, caller, { facilityId, entityType: 'backup_plan', entityId: row.id, action: 'create', after: auditView(row) });
  return row.id;
}

export async function createBackupPlan(deps: Deps, caller: Caller, facilityId: string, body: BackupPlanCreateBody): Promise<BackupPlanDto> {
  await authorizeResilience(deps, caller, facilityId, 'resilience.write');
  const id = await deps.db.transaction().execute((trx) => createBackupPlanTx(deps, trx, caller, facilityId, body));
  return presentOne(deps, deps.db, id);
}

const TEXT_FIELDS = {
  label: 'label',
  tool: 'tool',
  scheduleNote: 'schedule_note',
  storagePlace: 'storage_place',
  keyHolder: 'key_holder',
  restoreProcedure: 'restore_procedure',
  externalKey: 'external_key',
  notes: 'notes',
} as const;
const BOOL_FIELDS = { disconnected: 'disconnected', cloudImmutable: 'cloud_immutable', networkSeparated: 'network_separated', encrypted: 'encrypted' } as const;
const PLAIN_FIELDS = { assetId: 'asset_id', medium: 'medium', generations: 'generations', everyDays: 'every_days', location: 'location', runBy: 'run_by' } as const;

/** PATCH: the fields given replace the plan's; CONFLICT on a stale expectedVersion; nothing changed → no audit event. */
export async function updateBackupPlan(deps: Deps, caller: Caller, planId: string, body: BackupPlanUpdateBody): Promise<BackupPlanDto> {
  const plan = await authorizedPlan(deps, caller, planId, 'resilience.write');
  await deps.db.transaction().execute(async (trx) => {
    const current = await repo.findPlanRow(trx, plan.id);
    if (!current) throw new AppError('NOT_FOUND');
    if (current.version !== body.expectedVersion) throw new AppError('CONFLICT');
    const changes: repo.BackupPlanChanges = {};
    const set = (column: keyof repo.BackupPlanChanges, value: unknown) => {
      if (value !== (current as unknown as Record<string, unknown>)[column]) (changes as Record<string, unknown>)[column] = value;
    };
    for (const [k, col] of Object.entries(TEXT_FIELDS) as [keyof typeof TEXT_FIELDS, (typeof TEXT_FIELDS)[keyof typeof TEXT_FIELDS]][]) if (body[k] !== undefined) set(col, clean(body[k]));
    for (const [k, col] of Object.entries(BOOL_FIELDS) as [keyof typeof BOOL_FIELDS, (typeof BOOL_FIELDS)[keyof typeof BOOL_FIELDS]][]) if (body[k] !== undefined) set(col, bit(body[k]));
    for (const [k, col] of Object.entries(PLAIN_FIELDS) as [keyof typeof PLAIN_FIELDS, (typeof PLAIN_FIELDS)[keyof typeof PLAIN_FIELDS]][]) if (body[k] !== undefined) set(col, body[k]);
    if (body.scopes !== undefined) {
      const scopes = JSON.stringify([...new Set(body.scopes)]);
      if (JSON.stringify(parseScopes(current.scopes)) !== scopes) changes.scopes = scopes;
    }
    if (body.vendorId !== undefined) set('vendor_id', body.vendorId ?? null);
    if (Object.keys(changes).length === 0) return;
    await checkReferences(
      trx,
      current.facility_id,
      {
        ...(changes.asset_id !== undefined && { assetId: changes.asset_id as string }),
        ...(changes.vendor_id !== undefined && { vendorId: changes.vendor_id as string | null }),
        ...(changes.external_key !== undefined && { externalKey: changes.external_key as string | null }),
      },
      current.id,
      current.retired_at !== null,
    );
    const now = deps.clock.now().toISOString();
    if (!(await repo.updatePlan(trx, current.id, body.expectedVersion, { ...changes, updated_at: now }))) throw new AppError('CONFLICT');
    const before = auditView(current);
    const after = auditView({ ...current, ...changes } as repo.PlanRow);
    const changed = (Object.keys(before) as (keyof AuditView)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    await recordAudit(deps, trx, caller, {
      facilityId: current.facility_id,
      entityType: 'backup_plan',
      entityId: current.id,
      action: 'update',
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k]])),
    });
  });
  return presentOne(deps, deps.db, plan.id);
}

async function changeRetirement(deps: Deps, caller: Caller, planId: string, expectedVersion: number, retire: boolean): Promise<BackupPlanDto> {
  const plan = await authorizedPlan(deps, caller, planId, 'resilience.write');
  await deps.db.transaction().execute(async (trx) => {
    const current = await repo.findPlanRow(trx, plan.id);
    if (!current) throw new AppError('NOT_FOUND');
    if (current.version !== expectedVersion) throw new AppError('CONFLICT');
    if (retire ? current.retired_at !== null : current.retired_at === null) throw new AppError('INVALID_STATE', retire ? 'the plan is retired already' : 'the plan is in use');
    // Back in use, its job name must still be free.
    if (!retire && current.external_key) await checkReferences(trx, current.facility_id, { externalKey: current.external_key }, current.id, false);
    const now = deps.clock.now().toISOString();
    const retiredAt = retire ? now : null;
    if (!(await repo.updatePlan(trx, current.id, expectedVersion, { retired_at: retiredAt, updated_at: now }))) throw new AppError('CONFLICT');
    await recordAudit(deps, trx, caller, {
      facilityId: current.facility_id,
      entityType: 'backup_plan',
      entityId: current.id,
      action: retire ? 'retire' : 'reinstate',
      before: { retiredAt: current.retired_at },
      after: { retiredAt },
    });
  });
  return presentOne(deps, deps.db, plan.id);
}

export const retireBackupPlan = (deps: Deps, caller: Caller, planId: string, expectedVersion: number) => changeRetirement(deps, caller, planId, expectedVersion, true);
export const reinstateBackupPlan = (deps: Deps, caller: Caller, planId: string, expectedVersion: number) => changeRetirement(deps, caller, planId, expectedVersion, false);

// --- for trusted callers (the binder, the checklist rules, the demo) ----------------------------

export interface ActivePlan {
  plan: BackupPlan;
  label: string | null;
  offline: boolean;
  storagePlace: string | null;
  restoreProcedure: string | null;
  scheduleNote: string | null;
  tool: string | null;
  vendor: { id: string; name: string } | null;
  externalKey: string | null;
  /** The system was deleted from the ledger (the plan stays until retired). */
  systemDeleted: boolean;
  freshness: PlanFreshness;
  lastRunAt: string | null;
  lastRunStatus: string | null;
}

/**
 * The facility's plans in use with their last success and freshness at `now` (default: the clock). Unchecked: callers
 * are trusted (they authorized the facility, or run as the system). Ordered by system criticality, system name.
 */
export async function backupPlansOf(deps: Pick<Deps, 'clock'>, db: Db, facilityId: string, now: Date = deps.clock.now()): Promise<ActivePlan[]> {
  const rows = await repo.listPlanRows(db, facilityId, { retired: 'false' });
  const stats = await repo.runStats(db, facilityId, now.toISOString());
  return rows.map((r) => {
    const plan = rulePlan(r);
    const s = stats.get(r.id);
    return {
      plan,
      label: r.label,
      offline: isOfflineCopy(plan),
      storagePlace: r.storage_place,
      restoreProcedure: r.restore_procedure,
      scheduleNote: r.schedule_note,
      tool: r.tool,
      vendor: r.vendor_id && r.vendor_name !== null ? { id: r.vendor_id, name: r.vendor_name } : null,
      externalKey: r.external_key,
      systemDeleted: r.asset_deleted_at !== null,
      freshness: freshnessOf(r, s, now),
      lastRunAt: s?.lastRunAt ?? null,
      lastRunStatus: s?.lastRunStatus ?? null,
    };
  });
}
