import { sql, type ExpressionBuilder, type SqlBool } from 'kysely';
import { chunks } from '../../lib/chunks.ts';
import type { Db } from '../../db/database.ts';
import { anyContainsInsensitive, codePointOrder, containsInsensitive, type DialectName } from '../../db/dialect.ts';
import type { Database, VulnFindingEventsTable, VulnFindingsTable } from '../../db/schema.ts';

/**
 * Reads of findings for the API (lists, detail, overview counts, per-asset, per-vulnerability) and the vulnerability
 * records behind them. Every finding query is scoped by facility_id and skips findings of deleted assets.
 * Feed data (cves, kev_entries, epss_scores, jvn_*) is deployment-wide and joined one-to-one by vuln id.
 */

export type FindingRow = VulnFindingsTable;
export type FindingEventRow = VulnFindingEventsTable;

/** A finding with its asset and the facts of its vulnerability, as one list row. */
export interface FindingRecord {
  finding: FindingRow;
  asset: { id: string; name: string; assetTag: string | null; type: string; exposure: string; criticality: number };
  vuln: VulnFacts;
}

/** What a list row needs to know about a vulnerability (feed data; every field null when the feed lacks it). */
export interface VulnFacts {
  id: string;
  cvss3: number | null;
  cvss4: number | null;
  cvss2: number | null;
  kevDateAdded: string | null;
  kevDueDate: string | null;
  kevName: string | null;
  ransomware: boolean;
  epss: number | null;
  epssPercentile: number | null;
  /** JVN entries naming the vulnerability (its own id for a JVNDB finding), with the first title. */
  jvnIds: string[];
  jvnTitle: string | null;
  jvnCvss: number | null;
  jvnCvssVersion: string | null;
}

export interface FindingFilter {
  facilityId: string;
  statuses: readonly string[] | null;
  q?: string;
  kev?: boolean;
  ransomware?: boolean;
  confidence?: string;
  /** true: active and past due; false: not (closed, or not yet due). */
  overdue?: boolean;
  today: string;
  assetId?: string;
  vulnId?: string;
  kevAddedSince?: string;
}

export type FindingSortKey = 'priority' | 'due' | 'asset' | 'vuln' | 'first_seen' | 'status' | 'epss' | 'cvss';

type Eb = ExpressionBuilder<Database & { f: VulnFindingsTable; a: Database['assets']; k: Database['kev_entries']; e: Database['epss_scores']; c: Database['cves'] }, 'f' | 'a' | 'k' | 'e' | 'c'>;

function base(db: Db, facilityId: string) {
  return db
    .selectFrom('vuln_findings as f')
    .innerJoin('assets as a', (j) => j.onRef('a.id', '=', 'f.asset_id').on('a.deleted_at', 'is', null))
    .leftJoin('cves as c', 'c.id', 'f.vuln_id')
    .leftJoin('kev_entries as k', 'k.cve_id', 'f.vuln_id')
    .leftJoin('epss_scores as e', 'e.cve_id', 'f.vuln_id')
    .where('f.facility_id', '=', facilityId);
}

const ACTIVE = ['open', 'in_progress'];

function filtered(dialect: DialectName, db: Db, filter: FindingFilter) {
  let q = base(db, filter.facilityId);
  if (filter.statuses) q = q.where('f.status', 'in', [...filter.statuses]);
  if (filter.kev !== undefined) q = q.where('k.cve_id', filter.kev ? 'is not' : 'is', null);
  if (filter.ransomware !== undefined) q = filter.ransomware ? q.where('k.ransomware', '=', 1) : q.where((eb) => eb.or([eb('k.ransomware', 'is', null), eb('k.ransomware', '=', 0)]));
  if (filter.confidence) q = q.where('f.confidence', '=', filter.confidence);
  if (filter.overdue !== undefined) {
    const today = filter.today;
    q = filter.overdue
      ? q.where('f.status', 'in', ACTIVE).where('f.due_on', '<', today)
      : q.where((eb) => eb.or([eb('f.status', 'not in', ACTIVE), eb('f.due_on', '>=', today)]));
  }
  if (filter.assetId) q = q.where('f.asset_id', '=', filter.assetId);
  if (filter.vulnId) q = q.where('f.vuln_id', '=', filter.vulnId);
  if (filter.kevAddedSince) q = q.where('k.date_added', '>=', filter.kevAddedSince);
  if (filter.q) {
    const needle = filter.q;
    q = q.where((eb) =>
      eb.or([
        anyContainsInsensitive(dialect, ['a.name', 'a.asset_tag', 'f.vuln_id', 'k.name'], needle),
        eb.exists(
          eb
            .selectFrom('jvn_entries as je')
            .select(sql`1`.as('one'))
            .where((w) => w.or([w('je.id', '=', w.ref('f.vuln_id')), w.exists(w.selectFrom('jvn_cves as jc').select(sql`1`.as('one')).whereRef('jc.jvn_id', '=', 'je.id').whereRef('jc.cve_id', '=', 'f.vuln_id'))]))
            .where(containsInsensitive(dialect, 'je.title', needle)),
        ),
      ]),
    );
  }
  return q;
}

/** The CVSS score a list shows and sorts by: v3.x, else v4.0, else v2.0. */
const cvssExpr = (eb: Eb) => eb.fn.coalesce('c.cvss3_score', 'c.cvss4_score', 'c.cvss2_score');

function selectRecord<Q extends ReturnType<typeof base>>(q: Q) {
  return q.selectAll('f').select([
    'a.name as a_name',
    'a.asset_tag as a_asset_tag',
    'a.type as a_type',
    'a.exposure as a_exposure',
    'a.criticality as a_criticality',
    'c.cvss3_score as c_cvss3',
    'c.cvss4_score as c_cvss4',
    'c.cvss2_score as c_cvss2',
    'k.date_added as k_date_added',
    'k.due_date as k_due_date',
    'k.name as k_name',
    'k.ransomware as k_ransomware',
    'e.score as e_score',
    'e.percentile as e_percentile',
  ]);
}

type RawRecord = Awaited<ReturnType<ReturnType<typeof selectRecord>['execute']>>[number];

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

async function toRecords(db: Db, rows: readonly RawRecord[]): Promise<FindingRecord[]> {
  const jvn = await jvnOf(db, [...new Set(rows.map((r) => r.vuln_id))]);
  return rows.map((r) => {
    const { a_name, a_asset_tag, a_type, a_exposure, a_criticality, c_cvss3, c_cvss4, c_cvss2, k_date_added, k_due_date, k_name, k_ransomware, e_score, e_percentile, ...finding } = r;
    const j = jvn.get(r.vuln_id);
    return {
      finding: finding as FindingRow,
      asset: { id: finding.asset_id, name: a_name, assetTag: a_asset_tag, type: a_type, exposure: a_exposure, criticality: Number(a_criticality) },
      vuln: {
        id: finding.vuln_id,
        cvss3: num(c_cvss3),
        cvss4: num(c_cvss4),
        cvss2: num(c_cvss2),
        kevDateAdded: k_date_added,
        kevDueDate: k_due_date,
        kevName: k_name,
        ransomware: Number(k_ransomware ?? 0) === 1,
        epss: num(e_score),
        epssPercentile: num(e_percentile),
        jvnIds: j?.ids ?? [],
        jvnTitle: j?.title ?? null,
        jvnCvss: j?.cvss ?? null,
        jvnCvssVersion: j?.cvssVersion ?? null,
      },
    };
  });
}

/** JVN entries per vulnerability id: by CVE (jvn_cves) and, for JVNDB ids, the entry itself. Newest entry first. */
export async function jvnOf(db: Db, vulnIds: readonly string[]): Promise<Map<string, { ids: string[]; title: string | null; cvss: number | null; cvssVersion: string | null }>> {
  const out = new Map<string, { ids: string[]; title: string | null; cvss: number | null; cvssVersion: string | null }>();
  if (vulnIds.length === 0) return out;
  const add = (vulnId: string, e: { id: string; title: string; cvss_score: number | null; cvss_version: string | null }) => {
    const cur = out.get(vulnId);
    if (!cur) out.set(vulnId, { ids: [e.id], title: e.title, cvss: num(e.cvss_score), cvssVersion: e.cvss_version });
    else if (!cur.ids.includes(e.id)) cur.ids.push(e.id);
  };
  for (const chunk of chunks(vulnIds, 500)) {
    const own = chunk.filter((id) => id.toUpperCase().startsWith('JVNDB-'));
    if (own.length > 0) {
      const rows = await db.selectFrom('jvn_entries').select(['id', 'title', 'cvss_score', 'cvss_version']).where('id', 'in', own).execute();
      for (const r of rows) add(r.id, r);
    }
    const byCve = await db
      .selectFrom('jvn_cves as jc')
      .innerJoin('jvn_entries as je', 'je.id', 'jc.jvn_id')
      .select(['jc.cve_id', 'je.id', 'je.title', 'je.cvss_score', 'je.cvss_version'])
      .where('jc.cve_id', 'in', chunk)
      .orderBy('je.id', 'desc')
      .execute();
    for (const r of byCve) add(r.cve_id, r);
  }
  return out;
}

export async function countFindings(dialect: DialectName, db: Db, filter: FindingFilter): Promise<number> {
  const row = await filtered(dialect, db, filter)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listFindings(
  dialect: DialectName,
  db: Db,
  filter: FindingFilter,
  sort: string,
  page: { limit: number; offset: number } | null,
): Promise<FindingRecord[]> {
  const desc = sort.startsWith('-');
  const key = (desc ? sort.slice(1) : sort) as FindingSortKey;
  const dir = desc ? 'desc' : 'asc';
  let q = selectRecord(filtered(dialect, db, filter));
  switch (key) {
    case 'priority':
      q = q.orderBy('f.priority', dir).orderBy('f.due_on', 'asc');
      break;
    case 'due':
      q = q.orderBy('f.due_on', dir).orderBy('f.priority', 'desc');
      break;
    case 'asset':
      q = q.orderBy(codePointOrder(dialect, sql`a.name`), dir).orderBy('f.priority', 'desc');
      break;
    case 'vuln':
      q = q.orderBy('f.vuln_id', dir).orderBy('f.priority', 'desc');
      break;
    case 'first_seen':
      q = q.orderBy('f.first_seen_at', dir).orderBy('f.priority', 'desc');
      break;
    case 'status':
      q = q.orderBy('f.status', dir).orderBy('f.priority', 'desc');
      break;
    case 'epss':
      q = q.orderBy('e.score', (ob) => (desc ? ob.desc() : ob.asc()).nullsLast()).orderBy('f.priority', 'desc');
      break;
    case 'cvss':
      q = q.orderBy((eb) => cvssExpr(eb as unknown as Eb), (ob) => (desc ? ob.desc() : ob.asc()).nullsLast()).orderBy('f.priority', 'desc');
      break;
  }
  q = q.orderBy('f.id');
  if (page) q = q.limit(page.limit).offset(page.offset);
  return toRecords(db, await q.execute());
}

export async function findFindingRecord(db: Db, facilityId: string, findingId: string): Promise<FindingRecord | undefined> {
  const rows = await selectRecord(base(db, facilityId)).where('f.id', '=', findingId).execute();
  return (await toRecords(db, rows))[0];
}

/** The finding row alone (for writes), scoped by facility; findings of deleted assets are not found. */
export async function findFinding(db: Db, facilityId: string, findingId: string): Promise<FindingRow | undefined> {
  return db
    .selectFrom('vuln_findings as f')
    .innerJoin('assets as a', (j) => j.onRef('a.id', '=', 'f.asset_id').on('a.deleted_at', 'is', null))
    .selectAll('f')
    .where('f.facility_id', '=', facilityId)
    .where('f.id', '=', findingId)
    .executeTakeFirst();
}

export async function updateFinding(db: Db, facilityId: string, findingId: string, changes: Partial<FindingRow>): Promise<void> {
  await db.updateTable('vuln_findings').set(changes).where('facility_id', '=', facilityId).where('id', '=', findingId).execute();
}

/**
 * Updates a finding only while its escalation level is still `fromLevel` (the job's guard against a second run or
 * a second server); returns whether this call made the change.
 */
export async function raiseEscalation(db: Db, findingId: string, fromLevel: number, toLevel: number, at: string): Promise<boolean> {
  const res = await db
    .updateTable('vuln_findings')
    .set({ escalation_level: toLevel, escalated_at: at, updated_at: at })
    .where('id', '=', findingId)
    .where('escalation_level', '=', fromLevel)
    .where('status', 'in', ACTIVE)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function insertEvents(db: Db, rows: readonly FindingEventRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('vuln_finding_events').values([...rows]).execute();
}

export async function listEvents(db: Db, facilityId: string, findingId: string): Promise<FindingEventRow[]> {
  return db.selectFrom('vuln_finding_events').selectAll().where('facility_id', '=', facilityId).where('finding_id', '=', findingId).orderBy('at', 'desc').orderBy('id', 'desc').execute();
}

// --- the jobs ------------------------------------------------------------------------------------

/** Active findings of live assets in every facility, with what escalation needs. */
export async function activeFindingsForEscalation(db: Db): Promise<(FindingRow & { asset_name: string })[]> {
  return db
    .selectFrom('vuln_findings as f')
    .innerJoin('assets as a', (j) => j.onRef('a.id', '=', 'f.asset_id').on('a.deleted_at', 'is', null))
    .selectAll('f')
    .select('a.name as asset_name')
    .where('f.status', 'in', ACTIVE)
    .orderBy('f.facility_id')
    .orderBy('f.priority', 'desc')
    .orderBy('f.id')
    .execute();
}

/** Accepted risks whose acceptance ended before `today` (accepted_until < today). */
export async function expiredAcceptances(db: Db, today: string): Promise<(FindingRow & { asset_name: string })[]> {
  return db
    .selectFrom('vuln_findings as f')
    .innerJoin('assets as a', (j) => j.onRef('a.id', '=', 'f.asset_id').on('a.deleted_at', 'is', null))
    .selectAll('f')
    .select('a.name as asset_name')
    .where('f.status', '=', 'accepted')
    .where('f.accepted_until', '<', today)
    .orderBy('f.facility_id')
    .orderBy('f.id')
    .execute();
}

// --- overview ------------------------------------------------------------------------------------

export interface ActiveCounts {
  total: number;
  kev: number;
  kevExposed: number;
  ransomware: number;
  overdue: number;
  shelved: number;
  critical: number;
  high: number;
}

export async function activeCounts(db: Db, facilityId: string, today: string): Promise<ActiveCounts> {
  const when = (cond: ReturnType<typeof sql<SqlBool>>) => sql<number>`sum(case when ${cond} then 1 else 0 end)`;
  const cvss = sql`coalesce(c.cvss3_score, c.cvss4_score, c.cvss2_score)`;
  const row = await base(db, facilityId)
    .where('f.status', 'in', ACTIVE)
    .select((eb) => [
      eb.fn.countAll<string | number>().as('total'),
      when(sql<SqlBool>`k.cve_id is not null`).as('kev'),
      when(sql<SqlBool>`k.cve_id is not null and f.due_rule = 'kev_exposed'`).as('kev_exposed'),
      when(sql<SqlBool>`k.ransomware = 1`).as('ransomware'),
      when(sql<SqlBool>`f.due_on < ${today}`).as('overdue'),
      when(sql<SqlBool>`f.escalation_level >= 2`).as('shelved'),
      when(sql<SqlBool>`${cvss} >= 9`).as('critical'),
      when(sql<SqlBool>`${cvss} >= 7 and ${cvss} < 9`).as('high'),
    ])
    .executeTakeFirstOrThrow();
  const n = (v: unknown) => Number(v ?? 0);
  return {
    total: n(row.total),
    kev: n(row.kev),
    kevExposed: n(row.kev_exposed),
    ransomware: n(row.ransomware),
    overdue: n(row.overdue),
    shelved: n(row.shelved),
    critical: n(row.critical),
    high: n(row.high),
  };
}

/** Active known-exploited findings of the facility (few: the overview groups them by asset). */
export async function activeKevFindings(db: Db, facilityId: string): Promise<FindingRecord[]> {
  const rows = await selectRecord(base(db, facilityId)).where('f.status', 'in', ACTIVE).where('k.cve_id', 'is not', null).orderBy('f.priority', 'desc').orderBy('f.id').execute();
  return toRecords(db, rows);
}

/** Statuses in which a vulnerability still affects the asset (not fixed, not a false positive). */
export const AFFECTING_STATUSES = ['open', 'in_progress', 'mitigated', 'accepted'] as const;

/** KEV entries added on or after `since` with findings in the facility that still affect an asset: id and asset count. */
export async function newKevVulns(db: Db, facilityId: string, since: string): Promise<{ vulnId: string; assetCount: number }[]> {
  const rows = await base(db, facilityId)
    .where('f.status', 'in', [...AFFECTING_STATUSES])
    .where('k.date_added', '>=', since)
    .select(['f.vuln_id', 'k.date_added'])
    .select((eb) => eb.fn.count<string | number>('f.asset_id').distinct().as('n'))
    .groupBy(['f.vuln_id', 'k.date_added'])
    .orderBy('k.date_added', 'desc')
    .orderBy('f.vuln_id')
    .execute();
  return rows.map((r) => ({ vulnId: r.vuln_id, assetCount: Number(r.n) }));
}

export async function lastSeenAt(db: Db, facilityId: string): Promise<string | null> {
  const row = await db
    .selectFrom('vuln_findings')
    .select((eb) => eb.fn.max('last_seen_at').as('m'))
    .where('facility_id', '=', facilityId)
    .executeTakeFirst();
  return (row?.m as string | null | undefined) ?? null;
}

// --- vulnerability records ------------------------------------------------------------------------

/** Feed facts of vulnerabilities by id (for summaries outside a finding: newKev, the per-CVE page). */
export async function vulnFacts(db: Db, vulnIds: readonly string[]): Promise<Map<string, VulnFacts>> {
  const out = new Map<string, VulnFacts>();
  if (vulnIds.length === 0) return out;
  const ids = [...new Set(vulnIds)];
  const jvn = await jvnOf(db, ids);
  for (const chunk of chunks(ids, 500)) {
    const [cves, kev, epss] = await Promise.all([
      db.selectFrom('cves').select(['id', 'cvss3_score', 'cvss4_score', 'cvss2_score']).where('id', 'in', chunk).execute(),
      db.selectFrom('kev_entries').select(['cve_id', 'date_added', 'due_date', 'name', 'ransomware']).where('cve_id', 'in', chunk).execute(),
      db.selectFrom('epss_scores').select(['cve_id', 'score', 'percentile']).where('cve_id', 'in', chunk).execute(),
    ]);
    const c = new Map(cves.map((r) => [r.id, r]));
    const k = new Map(kev.map((r) => [r.cve_id, r]));
    const e = new Map(epss.map((r) => [r.cve_id, r]));
    for (const id of chunk) {
      const j = jvn.get(id);
      out.set(id, {
        id,
        cvss3: num(c.get(id)?.cvss3_score),
        cvss4: num(c.get(id)?.cvss4_score),
        cvss2: num(c.get(id)?.cvss2_score),
        kevDateAdded: k.get(id)?.date_added ?? null,
        kevDueDate: k.get(id)?.due_date ?? null,
        kevName: k.get(id)?.name ?? null,
        ransomware: Number(k.get(id)?.ransomware ?? 0) === 1,
        epss: num(e.get(id)?.score),
        epssPercentile: num(e.get(id)?.percentile),
        jvnIds: j?.ids ?? [],
        jvnTitle: j?.title ?? null,
        jvnCvss: j?.cvss ?? null,
        jvnCvssVersion: j?.cvssVersion ?? null,
      });
    }
  }
  return out;
}

export async function findCve(db: Db, id: string) {
  return db.selectFrom('cves').selectAll().where('id', '=', id).executeTakeFirst();
}
export async function findKev(db: Db, id: string) {
  return db.selectFrom('kev_entries').selectAll().where('cve_id', '=', id).executeTakeFirst();
}
/** JVN entries of a vulnerability: the entry itself (JVNDB id) or those naming the CVE. */
export async function jvnEntriesOf(db: Db, vulnId: string) {
  if (vulnId.startsWith('JVNDB-')) return db.selectFrom('jvn_entries').selectAll().where('id', '=', vulnId).execute();
  return db
    .selectFrom('jvn_cves as jc')
    .innerJoin('jvn_entries as je', 'je.id', 'jc.jvn_id')
    .selectAll('je')
    .where('jc.cve_id', '=', vulnId)
    .orderBy('je.id', 'desc')
    .execute();
}

// --- policy --------------------------------------------------------------------------------------

export async function findPolicy(db: Db, facilityId: string) {
  return db.selectFrom('vuln_policies').selectAll().where('facility_id', '=', facilityId).executeTakeFirst();
}

export async function upsertPolicy(db: Db, row: Database['vuln_policies']): Promise<void> {
  await db
    .insertInto('vuln_policies')
    .values(row)
    .onConflict((oc) => oc.column('facility_id').doUpdateSet({ policy: row.policy, updated_at: row.updated_at, updated_by: row.updated_by }))
    .execute();
}

/** Live assets of a facility (for the per-asset page): null when absent or deleted. */
export async function findLiveAsset(db: Db, facilityId: string, assetId: string) {
  return db
    .selectFrom('assets')
    .select(['id', 'name', 'asset_tag', 'type', 'exposure', 'criticality', 'vendor', 'product', 'version', 'cpe', 'os'])
    .where('facility_id', '=', facilityId)
    .where('id', '=', assetId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** Live assets of a facility with their product fields (coverage), by name. */
export async function liveAssetsForCoverage(dialect: DialectName, db: Db, facilityId: string) {
  return db
    .selectFrom('assets')
    .select(['id', 'name', 'asset_tag', 'type', 'exposure', 'criticality', 'vendor', 'product', 'version', 'cpe', 'os'])
    .where('facility_id', '=', facilityId)
    .where('deleted_at', 'is', null)
    .orderBy(codePointOrder(dialect, sql`name`))
    .orderBy('id')
    .execute();
}

/** A feed import row by id (the upload's progress). */
export async function findFeedImportRow(db: Db, id: string) {
  return db.selectFrom('feed_imports').selectAll().where('id', '=', id).executeTakeFirst();
}
