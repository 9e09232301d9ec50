import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { IncidentFilingsTable } from '../../db/schema.ts';
import { chunks } from '../../lib/chunks.ts';
import type { CaseRow } from './case.repository.ts';

/** Legal clocks: every query of the filings (`incident_filings`) and the open cases the clock overview and job read. */

export type NewFilingRow = Insertable<IncidentFilingsTable>;

export interface Filing {
  id: string;
  caseId: string;
  ruleId: string;
  filedAt: string;
  reference: string | null;
  note: string | null;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: string;
}

function filings(db: Db) {
  return db
    .selectFrom('incident_filings as f')
    .leftJoin('users as u', 'u.id', 'f.created_by')
    .select(['f.id', 'f.case_id', 'f.rule_id', 'f.filed_at', 'f.reference', 'f.note', 'f.created_by', 'u.display_name as created_by_name', 'f.created_at']);
}

type FilingSelect = Awaited<ReturnType<ReturnType<typeof filings>['executeTakeFirstOrThrow']>>;

function toFiling(r: FilingSelect): Filing {
  return {
    id: r.id,
    caseId: r.case_id,
    ruleId: r.rule_id,
    filedAt: r.filed_at,
    reference: r.reference,
    note: r.note,
    createdBy: r.created_by,
    createdByName: r.created_by_name ?? null,
    createdAt: r.created_at,
  };
}

/** A case's filings, oldest filing first. */
export async function listFilings(db: Db, caseId: string): Promise<Filing[]> {
  return (await filings(db).where('f.case_id', '=', caseId).orderBy('f.filed_at').orderBy('f.id').execute()).map(toFiling);
}

/** The filings of many cases (the overview and the notification job), by case id. */
export async function listFilingsOfCases(db: Db, caseIds: readonly string[]): Promise<Map<string, Filing[]>> {
  const out = new Map<string, Filing[]>();
  for (const part of chunks(caseIds, 500)) {
    if (part.length === 0) continue;
    for (const r of await filings(db).where('f.case_id', 'in', part).orderBy('f.filed_at').orderBy('f.id').execute()) {
      const f = toFiling(r);
      const list = out.get(f.caseId);
      if (list) list.push(f);
      else out.set(f.caseId, [f]);
    }
  }
  return out;
}

export async function findFiling(db: Db, id: string): Promise<Filing | undefined> {
  const r = await filings(db).where('f.id', '=', id).executeTakeFirst();
  return r ? toFiling(r) : undefined;
}

export async function findFilingOfRule(db: Db, caseId: string, ruleId: string): Promise<Filing | undefined> {
  const r = await filings(db).where('f.case_id', '=', caseId).where('f.rule_id', '=', ruleId).executeTakeFirst();
  return r ? toFiling(r) : undefined;
}

/** Inserts a filing; false when the case already has one for the rule (the unique key). */
export async function insertFiling(db: Db, row: NewFilingRow): Promise<boolean> {
  const r = await db
    .insertInto('incident_filings')
    .values(row)
    .onConflict((oc) => oc.columns(['case_id', 'rule_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function deleteFiling(db: Db, id: string): Promise<void> {
  await db.deleteFrom('incident_filings').where('id', '=', id).execute();
}

export type OpenCaseRow = CaseRow & { facility_name: string; facility_code: string };

/** Open cases of the given facilities (null: every facility), with their facility's name and code. */
export async function listOpenCases(db: Db, facilityIds: readonly string[] | null): Promise<OpenCaseRow[]> {
  const base = () => db.selectFrom('incident_cases as c').innerJoin('facilities as fa', 'fa.id', 'c.facility_id').selectAll('c').select(['fa.name as facility_name', 'fa.code as facility_code']).where('c.status', '=', 'open');
  if (facilityIds === null) return base().orderBy('c.discovered_at').orderBy('c.id').execute();
  const out: OpenCaseRow[] = [];
  for (const part of chunks(facilityIds, 500)) {
    if (part.length === 0) continue;
    out.push(...(await base().where('c.facility_id', 'in', part).orderBy('c.discovered_at').orderBy('c.id').execute()));
  }
  return out;
}
