import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { IncidentCustodyTable, IncidentEvidenceTable } from '../../db/schema.ts';

/**
 * 証拠保全: every query of `incident_evidence` and `incident_custody` (both append-only: there is no update or delete
 * here), the case lock their appends take, and the audit records verification compares the chains with.
 */

export type EvidenceRow = Selectable<IncidentEvidenceTable>;
export type CustodyRow = Selectable<IncidentCustodyTable>;

/** An item with what the list shows of its file and creator. */
export interface EvidenceWithRefs extends EvidenceRow {
  file_name: string | null;
  file_size: number | null;
  file_content_type: string | null;
  created_by_name: string | null;
}

/**
 * Serializes appends to one case's evidence and custody chains for the rest of the transaction (a no-op UPDATE of the
 * case row: PostgreSQL holds the row lock until commit; SQLite serializes transactions anyway), so two concurrent
 * appends cannot take the same number or fork a chain. The unique (case, seq) and (evidence, seq) constraints back it up.
 */
export async function lockCaseForEvidence(db: Db, caseId: string): Promise<void> {
  await db
    .updateTable('incident_cases')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', caseId)
    .execute();
}

const num = <T extends { seq: number }>(r: T): T => ({ ...r, seq: Number(r.seq) });

function evidenceQuery(db: Db) {
  return db
    .selectFrom('incident_evidence')
    .leftJoin('stored_files', 'stored_files.id', 'incident_evidence.file_id')
    .leftJoin('users', 'users.id', 'incident_evidence.created_by')
    .selectAll('incident_evidence')
    .select(['stored_files.file_name as file_name', 'stored_files.size as file_size', 'stored_files.content_type as file_content_type', 'users.display_name as created_by_name']);
}

const withRefs = (r: EvidenceWithRefs): EvidenceWithRefs => ({ ...num(r), file_size: r.file_size === null ? null : Number(r.file_size) });

export async function listEvidenceRows(db: Db, caseId: string): Promise<EvidenceWithRefs[]> {
  const rows = await evidenceQuery(db).where('incident_evidence.case_id', '=', caseId).orderBy('incident_evidence.seq').execute();
  return rows.map(withRefs);
}

export async function findEvidenceRow(db: Db, id: string): Promise<EvidenceWithRefs | undefined> {
  const r = await evidenceQuery(db).where('incident_evidence.id', '=', id).executeTakeFirst();
  return r ? withRefs(r) : undefined;
}

/** The next item number of the case (E-1, E-2 …); call after lockCaseForEvidence. */
export async function nextEvidenceSeq(db: Db, caseId: string): Promise<number> {
  const row = await db.selectFrom('incident_evidence').select((eb) => eb.fn.max('seq').as('max')).where('case_id', '=', caseId).executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

export async function insertEvidenceRow(db: Db, row: Insertable<IncidentEvidenceTable>): Promise<void> {
  await db.insertInto('incident_evidence').values(row).execute();
}

/** Every custody entry of a case, by item and number. */
export async function listCustodyRows(db: Db, caseId: string): Promise<CustodyRow[]> {
  const rows = await db.selectFrom('incident_custody').selectAll().where('case_id', '=', caseId).orderBy('evidence_id').orderBy('seq').execute();
  return rows.map(num);
}

export async function listCustodyOf(db: Db, evidenceId: string): Promise<CustodyRow[]> {
  const rows = await db.selectFrom('incident_custody').selectAll().where('evidence_id', '=', evidenceId).orderBy('seq').execute();
  return rows.map(num);
}

/** The last entry of an item's chain (the one a new entry links to). */
export async function lastCustodyEntry(db: Db, evidenceId: string): Promise<CustodyRow | undefined> {
  const r = await db.selectFrom('incident_custody').selectAll().where('evidence_id', '=', evidenceId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return r ? num(r) : undefined;
}

export async function insertCustodyRow(db: Db, row: Insertable<IncidentCustodyTable>): Promise<void> {
  await db.insertInto('incident_custody').values(row).execute();
}

/** An audit record of a created item or custody entry. */
export interface CreationRecord {
  entityType: 'incident_evidence' | 'incident_custody';
  entityId: string | null;
  after: Record<string, unknown>;
}

/**
 * What the audit log recorded when the case's items and custody entries were created (actions `create` of entity
 * types incident_evidence / incident_custody in the case's facility whose record names the case).
 */
export async function creationRecords(db: Db, facilityId: string, caseId: string): Promise<CreationRecord[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select(['entity_type', 'entity_id', 'after_json'])
    .where('facility_id', '=', facilityId)
    .where('entity_type', 'in', ['incident_evidence', 'incident_custody'])
    .where('action', '=', 'create')
    // Narrows the scan (ids are UUIDs: no LIKE wildcards); the exact match on caseId is made below.
    .where('after_json', 'like', `%${caseId}%`)
    .orderBy('seq')
    .execute();
  const out: CreationRecord[] = [];
  for (const r of rows) {
    if (!r.after_json) continue;
    let after: unknown;
    try {
      after = JSON.parse(r.after_json);
    } catch {
      continue;
    }
    if (after && typeof after === 'object' && (after as { caseId?: unknown }).caseId === caseId) {
      out.push({ entityType: r.entity_type as CreationRecord['entityType'], entityId: r.entity_id, after: after as Record<string, unknown> });
    }
  }
  return out;
}

/** A case by its number within the facility (the CLI's `--facility CODE 3`). */
export async function findCaseIdBySeq(db: Db, facilityId: string, seq: number): Promise<string | undefined> {
  const r = await db.selectFrom('incident_cases').select('id').where('facility_id', '=', facilityId).where('seq', '=', seq).executeTakeFirst();
  return r?.id;
}
