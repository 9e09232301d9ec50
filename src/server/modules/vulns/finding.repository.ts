import { CompiledQuery, sql } from 'kysely';
import { chunks as chunksOf } from '../../lib/chunks.ts';
import type { Db } from '../../db/database.ts';
import type { DialectName } from '../../db/dialect.ts';
import type { VulnFindingEventsTable, VulnFindingsTable } from '../../db/schema.ts';

/**
 * SQL of the matching engine: the assets and facts it reads (identities, exposure, candidates, definitions,
 * KEV/EPSS) and the findings and history rows it writes. Lists of ids are queried in chunks so that neither
 * dialect meets its parameter limit.
 */

const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  return chunksOf(items, size);
}

// --- assets and exposure ------------------------------------------------------------------------

export interface MatchAssetRow {
  id: string;
  deleted_at: string | null;
  facility_id: string;
  name: string;
  asset_tag: string | null;
  hostname: string | null;
  type: string;
  vendor: string | null;
  product: string | null;
  version: string | null;
  cpe: string | null;
  os: string | null;
  exposure: string;
  criticality: number;
  holds_patient_data: number;
}

const ASSET_COLUMNS = [
  'id',
  'deleted_at',
  'facility_id',
  'name',
  'asset_tag',
  'hostname',
  'type',
  'vendor',
  'product',
  'version',
  'cpe',
  'os',
  'exposure',
  'criticality',
  'holds_patient_data',
] as const;

/** Live (not deleted) assets of a facility, all of them or the given ones. */
export async function liveAssets(db: Db, facilityId: string, assetIds: readonly string[] | null): Promise<MatchAssetRow[]> {
  if (assetIds === null) {
    return db.selectFrom('assets').select(ASSET_COLUMNS).where('facility_id', '=', facilityId).where('deleted_at', 'is', null).orderBy('id').execute();
  }
  // By primary key only (the facility is checked on the rows): a facility filter in SQL can lead the planner to
  // an index on facility_id and a scan of the whole facility.
  const out: MatchAssetRow[] = [];
  for (const ids of chunks(assetIds)) {
    for (const r of await db.selectFrom('assets').select(ASSET_COLUMNS).where('id', 'in', ids).execute()) if (r.facility_id === facilityId && r.deleted_at === null) out.push(r);
  }
  return out;
}

/** An asset of a facility by id, asset tag or hostname (live only); several when a hostname repeats. */
export async function findAssetsByRef(db: Db, facilityId: string, ref: string): Promise<MatchAssetRow[]> {
  return db
    .selectFrom('assets')
    .select(ASSET_COLUMNS)
    .where('facility_id', '=', facilityId)
    .where('deleted_at', 'is', null)
    .where((eb) => eb.or([eb('id', '=', ref), eb('asset_tag', '=', ref), eb('hostname', '=', ref)]))
    .orderBy('id')
    .execute();
}

/** Connection statuses in which the line exists and can be used (approved, active, or expired but not retired). */
export const REACHABLE_CONNECTION_STATUSES = ['approved', 'active', 'expired'] as const;

export interface ConnectionReach {
  /** Entry devices: asset id → reached from the internet (connection marked internet-facing). */
  entry: Map<string, boolean>;
  /** Assets a line leads to (connection targets). */
  targets: Set<string>;
}

/** Which assets of a facility external connections make reachable. */
export async function connectionReach(db: Db, facilityId: string): Promise<ConnectionReach> {
  const lines = await db
    .selectFrom('external_connections')
    .select(['id', 'entry_asset_id', 'internet_facing'])
    .where('facility_id', '=', facilityId)
    .where('status', 'in', [...REACHABLE_CONNECTION_STATUSES])
    .execute();
  const entry = new Map<string, boolean>();
  for (const l of lines) if (l.entry_asset_id) entry.set(l.entry_asset_id, (entry.get(l.entry_asset_id) ?? false) || l.internet_facing === 1);
  const targets = new Set<string>();
  if (lines.length > 0) {
    for (const ids of chunks(lines.map((l) => l.id))) {
      const rows = await db.selectFrom('connection_targets').select('asset_id').where('facility_id', '=', facilityId).where('connection_id', 'in', ids).execute();
      for (const r of rows) targets.add(r.asset_id);
    }
  }
  return { entry, targets };
}

/** Entry and target assets of one connection (for the exposure hook). */
export async function connectionAssetIds(db: Db, facilityId: string, connectionId: string): Promise<string[]> {
  const line = await db.selectFrom('external_connections').select('entry_asset_id').where('facility_id', '=', facilityId).where('id', '=', connectionId).executeTakeFirst();
  const targets = await db.selectFrom('connection_targets').select('asset_id').where('facility_id', '=', facilityId).where('connection_id', '=', connectionId).execute();
  return [...new Set([...(line?.entry_asset_id ? [line.entry_asset_id] : []), ...targets.map((t) => t.asset_id)])];
}

export async function facilityIds(db: Db): Promise<string[]> {
  return (await db.selectFrom('facilities').select('id').orderBy('id').execute()).map((r) => r.id);
}

export async function facilityByCode(db: Db, code: string): Promise<{ id: string; code: string; name: string } | undefined> {
  return db.selectFrom('facilities').select(['id', 'code', 'name']).where('code', '=', code).executeTakeFirst();
}

// --- feed data ----------------------------------------------------------------------------------

export interface ProductKey {
  vendor: string;
  product: string;
}

export interface CandidateRow {
  vendor: string;
  product: string;
  vuln_id: string;
  part: string;
}

/** vuln_products rows naming any of the (vendor, product) keys, optionally only for some vulnerabilities. */
export async function candidates(db: Db, keys: readonly ProductKey[], vulnIds: ReadonlySet<string> | null): Promise<CandidateRow[]> {
  const out: CandidateRow[] = [];
  const byVendor = new Map<string, string[]>();
  for (const k of keys) byVendor.set(k.vendor, [...(byVendor.get(k.vendor) ?? []), k.product]);
  for (const [vendor, products] of byVendor) {
    for (const ps of chunks([...new Set(products)])) {
      const rows = await db.selectFrom('vuln_products').select(['vendor', 'product', 'vuln_id', 'part']).where('vendor', '=', vendor).where('product', 'in', ps).execute();
      for (const r of rows) if (vulnIds === null || vulnIds.has(r.vuln_id)) out.push(r);
    }
  }
  return out;
}

/** The (vendor, product) keys the given vulnerabilities name. */
export async function keysOfVulns(db: Db, vulnIds: readonly string[]): Promise<CandidateRow[]> {
  const out: CandidateRow[] = [];
  for (const ids of chunks(vulnIds)) out.push(...(await db.selectFrom('vuln_products').select(['vendor', 'product', 'vuln_id', 'part']).where('vuln_id', 'in', ids).execute()));
  return out;
}

export interface CveDefinitionRow {
  id: string;
  vuln_status: string | null;
  configurations: string | null;
  cvss3_score: number | null;
  cvss4_score: number | null;
  cvss2_score: number | null;
}

export async function cveDefinitions(db: Db, ids: readonly string[]): Promise<CveDefinitionRow[]> {
  const out: CveDefinitionRow[] = [];
  for (const c of chunks(ids)) {
    out.push(...(await db.selectFrom('cves').select(['id', 'vuln_status', 'configurations', 'cvss3_score', 'cvss4_score', 'cvss2_score']).where('id', 'in', c).execute()));
  }
  return out;
}

export interface JvnDefinitionRow {
  id: string;
  affected: string;
  cvss_score: number | null;
}

export async function jvnDefinitions(db: Db, ids: readonly string[]): Promise<JvnDefinitionRow[]> {
  const out: JvnDefinitionRow[] = [];
  for (const c of chunks(ids)) out.push(...(await db.selectFrom('jvn_entries').select(['id', 'affected', 'cvss_score']).where('id', 'in', c).execute()));
  return out;
}

/** jvn_cves links touching any of the ids (as JVN id or as CVE id). */
export async function jvnLinks(db: Db, ids: readonly string[]): Promise<{ jvn_id: string; cve_id: string }[]> {
  const jvn = ids.filter((i) => i.toUpperCase().startsWith('JVNDB-'));
  const cve = ids.filter((i) => !i.toUpperCase().startsWith('JVNDB-'));
  const out: { jvn_id: string; cve_id: string }[] = [];
  for (const c of chunks(jvn)) out.push(...(await db.selectFrom('jvn_cves').select(['jvn_id', 'cve_id']).where('jvn_id', 'in', c).execute()));
  for (const c of chunks(cve)) out.push(...(await db.selectFrom('jvn_cves').select(['jvn_id', 'cve_id']).where('cve_id', 'in', c).execute()));
  return out;
}

export interface KevFactRow {
  cve_id: string;
  date_added: string;
  ransomware: number;
}

export async function kevFacts(db: Db, ids: readonly string[]): Promise<KevFactRow[]> {
  const out: KevFactRow[] = [];
  for (const c of chunks(ids)) out.push(...(await db.selectFrom('kev_entries').select(['cve_id', 'date_added', 'ransomware']).where('cve_id', 'in', c).execute()));
  return out;
}

export interface KevOnlyRow {
  cve_id: string;
  vendor_project: string;
  product: string;
  cvss3_score: number | null;
  cvss4_score: number | null;
  cvss2_score: number | null;
}

/**
 * KEV entries whose CVE NVD has not analysed (no `cves` row, or no configurations) and that are not Rejected:
 * the candidates of the KEV text fallback. Only some CVEs when ids are given.
 */
/**
 * KEV entries NVD has not analysed: the CVE record is there without configurations (and not rejected), or there is
 * no record and the entry was added after the newest NVD data imported (`nvdUntil`, a date; null when no NVD data
 * was ever imported, e.g. a KEV-only installation). An entry older than the NVD data we hold but missing from it
 * means that part of NVD was not imported, not that NVD is behind (ADR 0005 §12).
 */
export async function kevOnlyEntries(db: Db, nvdUntil: string | null, ids?: readonly string[]): Promise<KevOnlyRow[]> {
  const query = (scope: readonly string[] | null) => {
    let q = db
      .selectFrom('kev_entries as k')
      .leftJoin('cves as c', 'c.id', 'k.cve_id')
      .select(['k.cve_id', 'k.vendor_project', 'k.product', 'c.cvss3_score', 'c.cvss4_score', 'c.cvss2_score'])
      .where((eb) =>
        eb.or([
          nvdUntil === null ? eb('c.id', 'is', null) : eb.and([eb('c.id', 'is', null), eb('k.date_added', '>', nvdUntil)]),
          eb.and([
            eb('c.id', 'is not', null),
            eb.or([eb('c.configurations', 'is', null), eb('c.configurations', '=', '[]')]),
            eb.or([eb('c.vuln_status', 'is', null), eb(sql<string>`lower(c.vuln_status)`, '<>', 'rejected')]),
          ]),
        ]),
      );
    if (scope) q = q.where('k.cve_id', 'in', scope);
    return q.execute();
  };
  if (ids === undefined) return query(null);
  const out: KevOnlyRow[] = [];
  for (const c of chunks(ids)) out.push(...(await query(c)));
  return out;
}

export async function epssFacts(db: Db, ids: readonly string[]): Promise<{ cve_id: string; score: number }[]> {
  const out: { cve_id: string; score: number }[] = [];
  for (const c of chunks(ids)) out.push(...(await db.selectFrom('epss_scores').select(['cve_id', 'score']).where('cve_id', 'in', c).execute()));
  return out;
}

/** Distinct products in the candidate index whose vendor or product contains the text, by number of vulnerabilities. */
export async function productSuggestions(db: Db, terms: readonly string[], limit: number): Promise<{ part: string; vendor: string; product: string; vuln_count: number }[]> {
  let q = db.selectFrom('vuln_products').select(['part', 'vendor', 'product', sql<number>`count(*)`.as('vuln_count')]);
  for (const t of terms) {
    const pattern = `%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([sql<boolean>`${eb.ref('vendor')} like ${pattern} escape '\\'`, sql<boolean>`${eb.ref('product')} like ${pattern} escape '\\'`]));
  }
  const rows = await q.groupBy(['part', 'vendor', 'product']).orderBy(sql`count(*)`, 'desc').orderBy('vendor').orderBy('product').orderBy('part').limit(limit).execute();
  return rows.map((r) => ({ ...r, vuln_count: Number(r.vuln_count) }));
}

// --- findings -----------------------------------------------------------------------------------

export type FindingRow = VulnFindingsTable;

/** The columns a run compares and decides on (the rest it only writes). */
const MATCH_FINDING_COLUMNS = [
  'id',
  'asset_id',
  'vuln_id',
  'confidence',
  'evidence',
  'status',
  'priority',
  'priority_factors',
  'due_rule',
  'due_on',
  'first_seen_at',
  'auto_closed',
] as const satisfies readonly (keyof FindingRow)[];

export type MatchFindingRow = Pick<FindingRow, (typeof MATCH_FINDING_COLUMNS)[number]>;

const SCOPED_FINDING_COLUMNS = [...MATCH_FINDING_COLUMNS, 'facility_id'] as const;

/**
 * Findings of a facility within a scope: of the given assets (or all), for the given vulnerabilities (or all).
 * Includes findings of deleted assets when their ids are given.
 */
export async function findingsInScope(db: Db, facilityId: string, assetIds: readonly string[] | null, vulnIds: readonly string[] | null): Promise<MatchFindingRow[]> {
  const base = db.selectFrom('vuln_findings').select(MATCH_FINDING_COLUMNS).where('facility_id', '=', facilityId);
  if (assetIds === null && vulnIds === null) return base.execute();
  if (assetIds !== null && vulnIds === null) {
    // By asset only (index asset_id, vuln_id); the facility is checked on the rows (see liveAssets).
    const out: MatchFindingRow[] = [];
    for (const c of chunks(assetIds)) for (const r of await db.selectFrom('vuln_findings').select(SCOPED_FINDING_COLUMNS).where('asset_id', 'in', c).execute()) if (r.facility_id === facilityId) out.push(r);
    return out;
  }
  const out: MatchFindingRow[] = [];
  const assetSet = assetIds === null ? null : new Set(assetIds);
  for (const c of chunks(vulnIds!)) {
    for (const r of await base.where('vuln_id', 'in', c).execute()) if (assetSet === null || assetSet.has(r.asset_id)) out.push(r);
  }
  return out;
}

/**
 * Findings of live assets of a facility (as `liveAssets` returned them, so the findings are the facility's): by the
 * asset index, the columns a run compares (a full run reads ~10^6 rows, every column costs).
 */
export async function findingsOfLiveAssets(db: Db, assetIds: readonly string[]): Promise<MatchFindingRow[]> {
  const out: MatchFindingRow[] = [];
  for (const c of chunks(assetIds)) for (const r of await db.selectFrom('vuln_findings').select(MATCH_FINDING_COLUMNS).where('asset_id', 'in', c).execute()) out.push(r);
  return out;
}

/** Active findings of a facility whose asset is deleted (a full run closes them). */
export async function activeFindingsOfDeletedAssets(db: Db, facilityId: string): Promise<MatchFindingRow[]> {
  return db
    .selectFrom('vuln_findings as f')
    .innerJoin('assets as a', 'a.id', 'f.asset_id')
    .select(MATCH_FINDING_COLUMNS.map((c) => `f.${c}` as const))
    .where('f.facility_id', '=', facilityId)
    .where('f.status', 'in', ['open', 'in_progress'])
    .where('a.deleted_at', 'is not', null)
    .execute();
}

/** Findings of any facility for some vulnerabilities (KEV/EPSS changes). */
export async function findingsOfVulns(db: Db, vulnIds: readonly string[]): Promise<FindingRow[]> {
  const out: FindingRow[] = [];
  for (const c of chunks(vulnIds)) out.push(...(await db.selectFrom('vuln_findings').selectAll().where('vuln_id', 'in', c).execute()));
  return out;
}

/** Facilities that have findings for any of the vulnerabilities. */
export async function facilitiesWithFindings(db: Db, vulnIds: readonly string[] | null): Promise<string[]> {
  if (vulnIds === null) return (await db.selectFrom('vuln_findings').select('facility_id').distinct().execute()).map((r) => r.facility_id);
  const out = new Set<string>();
  for (const c of chunks(vulnIds)) for (const r of await db.selectFrom('vuln_findings').select('facility_id').distinct().where('vuln_id', 'in', c).execute()) out.add(r.facility_id);
  return [...out];
}

export async function findingFor(db: Db, facilityId: string, assetId: string, vulnId: string): Promise<FindingRow | undefined> {
  return db.selectFrom('vuln_findings').selectAll().where('facility_id', '=', facilityId).where('asset_id', '=', assetId).where('vuln_id', '=', vulnId).executeTakeFirst();
}

// --- bulk writes of a run -----------------------------------------------------------------------
//
// A full re-match writes hundreds of thousands of rows. These statements are plain SQL with bound parameters,
// built once per shape (columns × rows) and handed to the driver as compiled queries: building and compiling
// them through the query builder cost more than SQLite spent executing them. Full chunks share one statement
// text, so SQLite's statement cache (db/database.ts) prepares each shape once. Both dialects: `?` for SQLite,
// `$n` for PostgreSQL; chunk sizes keep every statement far below either parameter limit (32,766 / 65,535).

const statementTexts = new Map<string, string>();

/**
 * `count` placeholders numbered from `start`, in groups of `perGroup` (parenthesised when `rows`, as in VALUES;
 * otherwise only groups of more than one).
 */
function placeholders(dialect: DialectName, count: number, perGroup: number, start: number, rows: boolean): string {
  const groups: string[] = [];
  for (let g = 0; g < count / perGroup; g++) {
    const ps: string[] = [];
    for (let i = 0; i < perGroup; i++) ps.push(dialect === 'postgres' ? `$${start + g * perGroup + i}` : '?');
    groups.push(perGroup === 1 && !rows ? ps[0]! : `(${ps.join(', ')})`);
  }
  return groups.join(', ');
}

type Placeholders = (count: number, perGroup: number, start?: number, rows?: boolean) => string;

/** The text of a statement shape (by `key`), built once with the dialect's placeholders. */
function statementText(dialect: DialectName, key: string, build: (ph: Placeholders) => string): string {
  const k = `${dialect}\u0000${key}`;
  let text = statementTexts.get(k);
  if (text === undefined) {
    text = build((count, perGroup, start = 1, rows = false) => placeholders(dialect, count, perGroup, start, rows));
    statementTexts.set(k, text);
  }
  return text;
}

/**
 * Size of the next chunk: `per` while enough remain, then powers of two, so that the statement shapes of a run
 * are few (they stay in the statement cache and leave room there for everything else).
 */
function nextChunk(remaining: number, per: number): number {
  if (remaining >= per) return per;
  let n = 1;
  while (n * 2 <= remaining) n *= 2;
  return n;
}

async function run(db: Db, text: string, parameters: unknown[]): Promise<void> {
  await db.executeQuery(CompiledQuery.raw(text, parameters));
}

const FINDING_COLUMNS = [
  'id',
  'facility_id',
  'asset_id',
  'vuln_id',
  'confidence',
  'evidence',
  'status',
  'priority',
  'priority_factors',
  'due_rule',
  'due_on',
  'first_seen_at',
  'last_seen_at',
  'status_changed_at',
  'status_changed_by',
  'status_reason',
  'accepted_by_user_id',
  'accepted_by',
  'accepted_until',
  'auto_closed',
  'escalation_level',
  'escalated_at',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof VulnFindingsTable)[];

const EVENT_COLUMNS = ['id', 'facility_id', 'finding_id', 'at', 'actor_user_id', 'actor', 'action', 'from_status', 'to_status', 'comment'] as const satisfies readonly (keyof VulnFindingEventsTable)[];

/**
 * Multi-row INSERTs, `perStatement` rows at a time, as `insert … select … from (values …)`: a column whose value is
 * the same in every row of a statement (facility, timestamps, actor, initial status…) is bound once instead of
 * once per row, which halves the parameters of a run's inserts. `id` is always per row. Integer columns are cast
 * (PostgreSQL types the VALUES columns of untyped parameters as text).
 */
async function insertRows<T extends object>(
  db: Db,
  dialect: DialectName,
  table: string,
  columns: readonly (keyof T & string)[],
  intColumns: ReadonlySet<string>,
  rows: readonly T[],
  perStatement: number,
): Promise<void> {
  for (let i = 0, n = 0; i < rows.length; i += n) {
    n = nextChunk(rows.length - i, perStatement);
    const first = rows[i] as Record<string, unknown>;
    const shared = columns.map((c) => {
      if (c === 'id') return false;
      const v = first[c] ?? null;
      for (let r = i + 1; r < i + n; r++) if (((rows[r] as Record<string, unknown>)[c] ?? null) !== v) return false;
      return true;
    });
    const varying = columns.filter((_, j) => !shared[j]);
    const sharedCount = columns.length - varying.length;
    const text = statementText(dialect, `insert:${table}:${n}:${shared.map((x) => (x ? 1 : 0)).join('')}`, (ph) => {
      let s = 0;
      let v = 0;
      const exprs = columns.map((c, j) => {
        const e = shared[j] ? ph(1, 1, ++s) : `v.column${++v}`;
        return intColumns.has(c) ? `cast(${e} as integer)` : e;
      });
      return `insert into ${table} (${columns.map((c) => `"${c}"`).join(', ')}) select ${exprs.join(', ')} from (values ${ph(n * varying.length, varying.length, sharedCount + 1, true)}) as v`;
    });
    const params: unknown[] = new Array(sharedCount + n * varying.length);
    let p = 0;
    for (let j = 0; j < columns.length; j++) if (shared[j]) params[p++] = first[columns[j]!] ?? null;
    for (let r = i; r < i + n; r++) {
      const row = rows[r] as Record<string, unknown>;
      for (const c of varying) params[p++] = row[c] ?? null;
    }
    await run(db, text, params);
  }
}

const FINDING_INT_COLUMNS = new Set(['priority', 'auto_closed', 'escalation_level']);
const NO_INT_COLUMNS = new Set<string>();

/** New findings (every column given). At most 24 columns × 250 rows = 6,000 parameters per statement. */
export async function insertFindings(db: Db, dialect: DialectName, rows: readonly VulnFindingsTable[]): Promise<void> {
  await insertRows(db, dialect, 'vuln_findings', FINDING_COLUMNS, FINDING_INT_COLUMNS, rows, 250);
}

/** History rows. 10 columns × 500 rows per statement. */
export async function insertEvents(db: Db, dialect: DialectName, rows: readonly VulnFindingEventsTable[]): Promise<void> {
  await insertRows(db, dialect, 'vuln_finding_events', EVENT_COLUMNS, NO_INT_COLUMNS, rows, 500);
}

/** `update vuln_findings set <assignments> where id in (…)` for many ids, 1,000 per statement. */
async function updateByIds(db: Db, dialect: DialectName, key: string, assignments: readonly string[], values: readonly unknown[], ids: readonly string[]): Promise<void> {
  for (let i = 0, n = 0; i < ids.length; i += n) {
    n = nextChunk(ids.length - i, 1000);
    const c = ids.slice(i, i + n);
    const text = statementText(dialect, `update:${key}:${c.length}`, (ph) => {
      const set = assignments.map((a, j) => `"${a}" = ${ph(1, 1, j + 1)}`).join(', ');
      return `update vuln_findings set ${set} where "id" in (${ph(c.length, 1, assignments.length + 1)})`;
    });
    await run(db, text, [...values, ...c]);
  }
}

export type FindingPatch = Partial<Omit<VulnFindingsTable, 'id' | 'facility_id' | 'asset_id' | 'vuln_id' | 'created_at'>>;

export async function updateFinding(db: Db, id: string, patch: FindingPatch): Promise<void> {
  await db.updateTable('vuln_findings').set(patch).where('id', '=', id).execute();
}

/** What a run refreshes on a finding that still matches and whose evidence or priority changed. */
export interface FindingRefresh {
  id: string;
  confidence: string;
  evidence: string;
  priority: number;
  priority_factors: string;
  due_rule: string;
  due_on: string;
}

const REFRESH_COLUMNS = ['confidence', 'evidence', 'priority', 'priority_factors', 'due_rule', 'due_on', 'last_seen_at', 'updated_at'] as const;

/** Refreshes findings one statement each (one prepared shape); last_seen_at and updated_at become `at`. */
export async function refreshFindings(db: Db, dialect: DialectName, rows: readonly FindingRefresh[], at: string): Promise<void> {
  const text = statementText(dialect, 'refresh', (ph) => `update vuln_findings set ${REFRESH_COLUMNS.map((c, j) => `"${c}" = ${ph(1, 1, j + 1)}`).join(', ')} where "id" = ${ph(1, 1, REFRESH_COLUMNS.length + 1)}`);
  for (const r of rows) await run(db, text, [r.confidence, r.evidence, r.priority, r.priority_factors, r.due_rule, r.due_on, at, at, r.id]);
}

/** New priority and deadline of findings (re-scoring without re-matching), one prepared statement each. */
export async function rescoreFindingRows(db: Db, dialect: DialectName, rows: readonly { id: string; priority: number; priority_factors: string; due_rule: string; due_on: string }[], at: string): Promise<void> {
  const cols = ['priority', 'priority_factors', 'due_rule', 'due_on', 'updated_at'];
  const text = statementText(dialect, 'rescore', (ph) => `update vuln_findings set ${cols.map((c, j) => `"${c}" = ${ph(1, 1, j + 1)}`).join(', ')} where "id" = ${ph(1, 1, cols.length + 1)}`);
  for (const r of rows) await run(db, text, [r.priority, r.priority_factors, r.due_rule, r.due_on, at, r.id]);
}

/** Closes findings automatically (fixed, auto_closed = 1) as `by` at `at`. */
export async function autoCloseFindings(db: Db, dialect: DialectName, ids: readonly string[], at: string, by: string): Promise<void> {
  await updateByIds(db, dialect, 'autoclose', ['status', 'auto_closed', 'status_changed_at', 'status_changed_by', 'status_reason', 'updated_at'], ['fixed', 1, at, by, null, at], ids);
}

/** Marks findings as seen again (no other change, so updated_at stays). */
export async function touchLastSeen(db: Db, dialect: DialectName, ids: readonly string[], at: string): Promise<void> {
  await updateByIds(db, dialect, 'touch', ['last_seen_at'], [at], ids);
}

/**
 * Marks every finding of the given assets as seen again, set-based (the run saw all of them match). Rows that
 * already carry the time (new or refreshed in this run) are not rewritten.
 */
export async function touchLastSeenOfAssets(db: Db, dialect: DialectName, assetIds: readonly string[], at: string): Promise<void> {
  for (let i = 0, n = 0; i < assetIds.length; i += n) {
    n = nextChunk(assetIds.length - i, 500);
    const c = assetIds.slice(i, i + n);
    const text = statementText(dialect, `touch-assets:${c.length}`, (ph) => `update vuln_findings set "last_seen_at" = ${ph(1, 1, 1)} where "asset_id" in (${ph(c.length, 1, 3)}) and "last_seen_at" <> ${ph(1, 1, 2)}`);
    await run(db, text, [at, at, ...c]);
  }
}

/** Of the given assets, those with an active finding whose CVE is in KEV. */
export async function assetsWithActiveKev(db: Db, facilityId: string, assetIds: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const c of chunks(assetIds)) {
    const rows = await db
      .selectFrom('vuln_findings as f')
      .innerJoin('kev_entries as k', 'k.cve_id', 'f.vuln_id')
      .select('f.asset_id')
      .distinct()
      .where('f.facility_id', '=', facilityId)
      .where('f.status', 'in', ['open', 'in_progress'])
      .where('f.asset_id', 'in', c)
      .execute();
    out.push(...rows.map((r) => r.asset_id));
  }
  return out;
}

export interface ActiveFindingRow extends FindingRow {
  asset_name: string;
  asset_tag: string | null;
}

/** Active findings of a facility on live assets, highest priority first. */
export async function activeFindingRows(db: Db, facilityId: string): Promise<ActiveFindingRow[]> {
  return db
    .selectFrom('vuln_findings as f')
    .innerJoin('assets as a', 'a.id', 'f.asset_id')
    .selectAll('f')
    .select(['a.name as asset_name', 'a.asset_tag as asset_tag'])
    .where('f.facility_id', '=', facilityId)
    .where('a.deleted_at', 'is', null)
    .where('f.status', 'in', ['open', 'in_progress'])
    .orderBy('f.priority', 'desc')
    .orderBy('f.due_on')
    .orderBy('a.name')
    .orderBy('f.vuln_id')
    .execute();
}
