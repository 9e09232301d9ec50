import type { Db } from '../db/database.ts';
import { containsInsensitive, type DialectName } from '../db/dialect.ts';
import type { AuditLogTable } from '../db/schema.ts';

export type AuditRow = AuditLogTable;

export async function findChainHead(db: Db): Promise<{ seq: number; hash: string } | undefined> {
  const row = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return row ? { seq: Number(row.seq), hash: row.hash } : undefined;
}

export async function insertAuditRow(db: Db, row: AuditRow): Promise<void> {
  await db.insertInto('audit_log').values(row).execute();
}

/** Inserts many rows in statements of `chunk` rows. */
export async function insertAuditRows(db: Db, rows: AuditRow[], chunk = 1000): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) await db.insertInto('audit_log').values(rows.slice(i, i + chunk)).execute();
}

export interface AuditFilter {
  /** `null` = every facility (and deployment-level events); otherwise only these facilities. */
  facilityIds: string[] | null;
  facilityId?: string | undefined;
  action?: string | undefined;
  entityType?: string | undefined;
  actor?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Only events older than this sequence number (keyset paging for exports). */
  beforeSeq?: number | undefined;
}

function applyFilter(dialect: DialectName, db: Db, f: AuditFilter) {
  let q = db.selectFrom('audit_log');
  if (f.facilityIds !== null) {
    if (f.facilityIds.length === 0) return q.where((eb) => eb.val(1), '=', 0);
    q = q.where('facility_id', 'in', f.facilityIds);
  }
  if (f.facilityId) q = q.where('facility_id', '=', f.facilityId);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.actor) {
    q = q.where(containsInsensitive(dialect, 'actor_label', f.actor));
  }
  if (f.from) q = q.where('occurred_at', '>=', f.from);
  if (f.to) q = q.where('occurred_at', '<', f.to);
  if (f.beforeSeq !== undefined) q = q.where('seq', '<', f.beforeSeq);
  return q;
}

export async function countAudit(dialect: DialectName, db: Db, f: AuditFilter): Promise<number> {
  const row = await applyFilter(dialect, db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listAudit(dialect: DialectName, db: Db, f: AuditFilter, limit: number, offset: number): Promise<AuditRow[]> {
  const rows = await applyFilter(dialect, db, f).selectAll().orderBy('seq', 'desc').limit(limit).offset(offset).execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

/** Streams the whole chain in order, in pages, for verification. */
export async function* iterateChain(db: Db, pageSize = 2000): AsyncGenerator<AuditRow> {
  let after = -1;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq', 'asc').limit(pageSize).execute();
    if (rows.length === 0) return;
    for (const r of rows) yield { ...r, seq: Number(r.seq) };
    after = Number(rows[rows.length - 1]!.seq);
  }
}
