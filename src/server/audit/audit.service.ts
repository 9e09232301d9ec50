import { AppError } from '../../shared/errors.ts';
import { canDeployment, facilitiesWith } from '../../shared/policy.ts';
import type { TAuditEvent, TAuditQuery, TAuditVerify } from '../../shared/contracts/audit.contract.ts';
import type { Caller, Deps } from '../context.ts';
import type { Db } from '../db/database.ts';
import { lockAuditChain } from '../db/dialect.ts';
import { newId } from '../lib/ids.ts';
import { GENESIS_HASH, hashAuditRow, verifyChain } from './audit.chain.ts';
import * as repo from './audit.repository.ts';

export interface AuditEntry {
  facilityId: string | null;
  entityType: string;
  entityId: string | null;
  action: string;
  before?: unknown;
  after?: unknown;
}

/** Keys that must never reach the audit log, whatever a caller passes. */
const SECRET_KEYS = /^(password|newPassword|currentPassword|adminPassword|password_?hash|secret|mfa_?secret(_?enc)?|token|token_?hash|code_?hash|recovery_?codes?|otp)$/i;

function scrub(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (Array.isArray(value)) return value.map(scrub);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = SECRET_KEYS.test(k) ? '[redacted]' : scrub(v);
    return out;
  }
  return value;
}

function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(scrub(value));
}

/**
 * Appends one event to the hash chain. Call it inside the transaction that makes the change, so
 * that the change and its audit event commit or roll back together.
 */
export async function recordAudit(deps: Pick<Deps, 'dialect' | 'clock'>, trx: Db, caller: Caller, entry: AuditEntry): Promise<void> {
  await lockAuditChain(deps.dialect, trx);
  const head = await repo.findChainHead(trx);
  const partial = {
    seq: (head?.seq ?? 0) + 1,
    id: newId(),
    occurred_at: deps.clock.now().toISOString(),
    actor_user_id: caller.actor && caller.actor.userId !== 'cli' ? caller.actor.userId : null,
    actor_label: caller.label,
    facility_id: entry.facilityId,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    action: entry.action,
    before_json: toJson(entry.before),
    after_json: toJson(entry.after),
    source_ip: caller.ip,
    prev_hash: head?.hash ?? GENESIS_HASH,
  };
  await repo.insertAuditRow(trx, { ...partial, hash: hashAuditRow(partial) });
}

/**
 * Appends many events to the chain in order (bulk imports): one chain lock and head lookup, batched inserts.
 * Same guarantees as recordAudit; call it inside the transaction that makes the changes.
 */
export async function recordAuditMany(deps: Pick<Deps, 'dialect' | 'clock'>, trx: Db, caller: Caller, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await lockAuditChain(deps.dialect, trx);
  const head = await repo.findChainHead(trx);
  let seq = head?.seq ?? 0;
  let prev = head?.hash ?? GENESIS_HASH;
  const at = deps.clock.now().toISOString();
  const rows: repo.AuditRow[] = [];
  for (const entry of entries) {
    const partial = {
      seq: ++seq,
      id: newId(),
      occurred_at: at,
      actor_user_id: caller.actor && caller.actor.userId !== 'cli' ? caller.actor.userId : null,
      actor_label: caller.label,
      facility_id: entry.facilityId,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      action: entry.action,
      before_json: toJson(entry.before),
      after_json: toJson(entry.after),
      source_ip: caller.ip,
      prev_hash: prev,
    };
    prev = hashAuditRow(partial);
    rows.push({ ...partial, hash: prev });
  }
  await repo.insertAuditRows(trx, rows);
}

/** Writes an event in its own transaction (for events with no other change: failed logins, exports). */
export async function recordAuditAlone(deps: Deps, caller: Caller, entry: AuditEntry): Promise<void> {
  await deps.db.transaction().execute((trx) => recordAudit(deps, trx, caller, entry));
}

function present(row: repo.AuditRow): TAuditEvent {
  return {
    seq: row.seq,
    id: row.id,
    occurredAt: row.occurred_at,
    actorUserId: row.actor_user_id,
    actorLabel: row.actor_label,
    facilityId: row.facility_id,
    entityType: row.entity_type,
    entityId: row.entity_id,
    action: row.action,
    before: row.before_json ? (JSON.parse(row.before_json) as unknown) : null,
    after: row.after_json ? (JSON.parse(row.after_json) as unknown) : null,
    sourceIp: row.source_ip,
    hash: row.hash,
  };
}

function scopeFor(caller: Caller, query: Pick<TAuditQuery, 'facilityId'>): repo.AuditFilter['facilityIds'] {
  if (!caller.actor) throw new AppError('UNAUTHENTICATED');
  const allowed = facilitiesWith(caller.actor, 'audit.read');
  if (query.facilityId && allowed !== null && !allowed.includes(query.facilityId)) throw new AppError('FORBIDDEN');
  if (allowed !== null && allowed.length === 0) throw new AppError('FORBIDDEN');
  return allowed;
}

function toIsoBound(value: string | undefined, endOfDay: boolean): string | undefined {
  if (!value) return undefined;
  // A bare date (YYYY-MM-DD) is a JST calendar day.
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = new Date(`${value}T00:00:00+09:00`);
    return new Date(start.getTime() + (endOfDay ? 86_400_000 : 0)).toISOString();
  }
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new AppError('VALIDATION_FAILED', 'invalid date', { issues: [{ path: endOfDay ? 'to' : 'from', message: value }] });
  return d.toISOString();
}

/** The repository filter for a query, limited to the facilities the caller may read. */
function toFilter(caller: Caller, query: Omit<TAuditQuery, 'page' | 'pageSize'>): repo.AuditFilter {
  return {
    facilityIds: scopeFor(caller, query),
    facilityId: query.facilityId,
    action: query.action,
    entityType: query.entityType,
    actor: query.actor,
    from: toIsoBound(query.from, false),
    to: toIsoBound(query.to, true),
  };
}

/** Lists audit events the caller may see, newest first. */
export async function listAuditEvents(deps: Deps, caller: Caller, query: TAuditQuery): Promise<{ items: TAuditEvent[]; total: number; page: number; pageSize: number }> {
  const filter = toFilter(caller, query);
  const [total, rows] = await Promise.all([
    repo.countAudit(deps.dialect, deps.db, filter),
    repo.listAudit(deps.dialect, deps.db, filter, query.pageSize, (query.page - 1) * query.pageSize),
  ]);
  return { items: rows.map(present), total, page: query.page, pageSize: query.pageSize };
}

/** Every matching event (for export), in pages to keep memory flat. */
export async function* exportAuditEvents(deps: Deps, caller: Caller, query: Omit<TAuditQuery, 'page' | 'pageSize'>): AsyncGenerator<TAuditEvent> {
  const filter = toFilter(caller, query);
  const pageSize = 1000;
  // Keyset paging (seq < last seen), not offsets: events appended during the export (such as the
  // export's own audit event) would otherwise shift the pages and repeat a row.
  for (;;) {
    const rows = await repo.listAudit(deps.dialect, deps.db, filter, pageSize, 0);
    for (const r of rows) yield present(r);
    if (rows.length < pageSize) return;
    filter.beforeSeq = rows[rows.length - 1]!.seq;
  }
}

/** Recomputes the whole chain. Needs admin or auditor (or the CLI). */
export async function verifyAuditChain(deps: Deps, caller: Caller): Promise<TAuditVerify> {
  if (!caller.actor) throw new AppError('UNAUTHENTICATED');
  if (!canDeployment(caller.actor, 'audit.verify')) throw new AppError('FORBIDDEN');
  const result = await verifyChain(repo.iterateChain(deps.db));
  return {
    ok: result.broken === null,
    checked: result.checked,
    firstBrokenSeq: result.broken?.seq ?? null,
    reason: result.broken?.reason ?? null,
  };
}
