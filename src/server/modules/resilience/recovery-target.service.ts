import type { DrillScheduleDto, RecoveryTargetDto, RecoveryTargetListDto, RecoveryTargetUpdateBody } from '../../../shared/contracts/resilience-drills.contract.ts';
import { jstDateKey } from '../../../shared/dates.ts';
import { AppError } from '../../../shared/errors.ts';
import { drillDueRank } from '../../../shared/resilience/drills.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import { authorizedRecord, authorizeResilience } from './resilience.access.ts';
import { drillStateOf, indexBriefs, presentTarget, systemRef } from './recovery-target.presenter.ts';
import * as repo from './recovery-target.repository.ts';
import { drillBriefs } from './restore-drill.repository.ts';

/**
 * Recovery targets of the systems (目標復旧時間 RTO, 目標復旧時点 RPO, restore-drill interval, recovery notes) and the drill
 * schedule derived from them. Read with resilience.read, written with resilience.write; a target is saved per ledger
 * asset (upsert, optimistic `version`) and audited as recovery_target / update.
 */

export const todayOf = (deps: Pick<Deps, 'clock'>): string => jstDateKey(deps.clock.now());

/** Every live asset of criticality 1–2 plus any with a target, with its drill state (unchecked). */
export async function recoveryTargetsOf(db: Db, facilityId: string, today: string): Promise<RecoveryTargetListDto> {
  const [rows, briefs] = await Promise.all([repo.listTargetSystems(db, facilityId), drillBriefs(db, facilityId)]);
  const index = indexBriefs(briefs);
  return { today, items: rows.map((r) => presentTarget(r, drillStateOf(r, index, today))) };
}

export async function listRecoveryTargets(deps: Deps, caller: Caller, facilityId: string): Promise<RecoveryTargetListDto> {
  await authorizeResilience(deps, caller, facilityId, 'resilience.read');
  return recoveryTargetsOf(deps.db, facilityId, todayOf(deps));
}

/**
 * The systems that must be drilled (own interval, or 12 months for criticality 1–2) with their due status: overdue
 * first, then never drilled, due soon, on schedule; then by due day, name, id. Unchecked (the binder, the checklist).
 */
export async function drillScheduleOf(db: Db, facilityId: string, today: string): Promise<DrillScheduleDto> {
  const [rows, briefs] = await Promise.all([repo.listTargetSystems(db, facilityId), drillBriefs(db, facilityId)]);
  const index = indexBriefs(briefs);
  const items: DrillScheduleDto['items'] = [];
  for (const r of rows) {
    const s = drillStateOf(r, index, today);
    if (s.intervalMonths === null || s.due === null) continue;
    items.push({ system: systemRef(r), intervalMonths: s.intervalMonths, intervalIsDefault: r.drill_interval_months === null, lastDrill: s.lastDrill, nextPlanned: s.nextPlanned, due: s.due });
  }
  const collator = new Intl.Collator('ja');
  items.sort(
    (a, b) =>
      drillDueRank(a.due.status) - drillDueRank(b.due.status) ||
      (a.due.dueOn ?? '9999').localeCompare(b.due.dueOn ?? '9999') ||
      collator.compare(a.system.name, b.system.name) ||
      (a.system.id < b.system.id ? -1 : a.system.id > b.system.id ? 1 : 0),
  );
  return { today, items };
}

export async function getDrillSchedule(deps: Deps, caller: Caller, facilityId: string): Promise<DrillScheduleDto> {
  await authorizeResilience(deps, caller, facilityId, 'resilience.read');
  return drillScheduleOf(deps.db, facilityId, todayOf(deps));
}

const FIELDS = { rtoHours: 'rto_hours', rpoHours: 'rpo_hours', drillIntervalMonths: 'drill_interval_months', recoveryNotes: 'recovery_notes' } as const;
type Field = keyof typeof FIELDS;

function cleanValue(key: Field, v: string | number | null | undefined): string | number | null {
  if (key === 'recoveryNotes') {
    const t = typeof v === 'string' ? v.trim() : null;
    return t ? t : null;
  }
  return v ?? null;
}

/**
 * PUT /recovery-targets/:assetId: upsert of the fields given (absent = unchanged, null = cleared). The asset must be
 * live. CONFLICT when `expectedVersion` is stale, or given while no target exists yet.
 */
export async function setRecoveryTarget(deps: Deps, caller: Caller, assetId: string, body: RecoveryTargetUpdateBody): Promise<RecoveryTargetDto> {
  const { row: asset } = await authorizedRecord(deps, caller, async () => {
    const a = await repo.findTargetSystem(deps.db, assetId);
    return a && a.deleted_at === null ? a : undefined;
  }, 'resilience.write');
  await deps.db.transaction().execute(async (trx) => {
    const existing = await repo.findTarget(trx, assetId);
    if (body.expectedVersion !== undefined && body.expectedVersion !== existing?.version) throw new AppError('CONFLICT');
    const now = deps.clock.now().toISOString();
    const changes: Partial<repo.TargetRow> = {};
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const [key, column] of Object.entries(FIELDS) as [Field, (typeof FIELDS)[Field]][]) {
      if (body[key] === undefined) continue;
      const value = cleanValue(key, body[key]);
      const old = existing ? existing[column] : null;
      if (value === old) continue;
      (changes as Record<string, unknown>)[column] = value;
      before[key] = old;
      after[key] = value;
    }
    if (Object.keys(changes).length === 0) return;
    if (!existing) {
      const inserted = await repo.insertTarget(trx, {
        asset_id: assetId,
        facility_id: asset.facility_id,
        rto_hours: null,
        rpo_hours: null,
        drill_interval_months: null,
        recovery_notes: null,
        ...changes,
        version: 1,
        updated_at: now,
      } as repo.TargetRow);
      if (!inserted) throw new AppError('CONFLICT');
    } else if (!(await repo.updateTarget(trx, assetId, existing.version, { ...changes, updated_at: now }))) {
      throw new AppError('CONFLICT');
    }
    await recordAudit(deps, trx, caller, { facilityId: asset.facility_id, entityType: 'recovery_target', entityId: assetId, action: 'update', before, after: { ...after, system: asset.name } });
  });
  const today = todayOf(deps);
  const [row, briefs] = await Promise.all([repo.findTargetSystem(deps.db, assetId), drillBriefs(deps.db, asset.facility_id)]);
  return presentTarget(row!, drillStateOf(row!, indexBriefs(briefs), today));
}
