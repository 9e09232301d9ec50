import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { VulnFindingEventsTable, VulnFindingsTable } from '../../db/schema.ts';

/**
 * SQL of the matching engine: the assets and facts it reads (identities, exposure, candidates, definitions,
 * KEV/EPSS) and the findings and history rows it writes. Lists of ids are queried in chunks so that neither
 * dialect meets its parameter limit.
 */

const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
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

/**
 * Findings of a facility within a scope: of the given assets (or all), for the given vulnerabilities (or all).
 * Includes findings of deleted assets when their ids are given.
 */
export async function findingsInScope(db: Db, facilityId: string, assetIds: readonly string[] | null, vulnIds: readonly string[] | null): Promise<FindingRow[]> {
  const base = db.selectFrom('vuln_findings').selectAll().where('facility_id', '=', facilityId);
  if (assetIds === null && vulnIds === null) return base.execute();
  if (assetIds !== null && vulnIds === null) {
    // By asset only (index asset_id, vuln_id); the facility is checked on the rows (see liveAssets).
    const out: FindingRow[] = [];
    for (const c of chunks(assetIds)) for (const r of await db.selectFrom('vuln_findings').selectAll().where('asset_id', 'in', c).execute()) if (r.facility_id === facilityId) out.push(r);
    return out;
  }
  const out: FindingRow[] = [];
  const assetSet = assetIds === null ? null : new Set(assetIds);
  for (const c of chunks(vulnIds!)) {
    for (const r of await base.where('vuln_id', 'in', c).execute()) if (assetSet === null || assetSet.has(r.asset_id)) out.push(r);
  }
  return out;
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

export async function insertFindings(db: Db, rows: readonly Insertable<VulnFindingsTable>[]): Promise<void> {
  // 25 columns per row: 40 rows stay well under SQLite's and PostgreSQL's parameter limits.
  for (const c of chunks(rows, 40)) await db.insertInto('vuln_findings').values(c).execute();
}

export async function insertEvents(db: Db, rows: readonly Insertable<VulnFindingEventsTable>[]): Promise<void> {
  for (const c of chunks(rows, 100)) await db.insertInto('vuln_finding_events').values(c).execute();
}

export type FindingPatch = Partial<Omit<VulnFindingsTable, 'id' | 'facility_id' | 'asset_id' | 'vuln_id' | 'created_at'>>;

export async function updateFinding(db: Db, id: string, patch: FindingPatch): Promise<void> {
  await db.updateTable('vuln_findings').set(patch).where('id', '=', id).execute();
}

/** Marks findings as seen again (no other change, so updated_at stays). */
export async function touchLastSeen(db: Db, ids: readonly string[], at: string): Promise<void> {
  for (const c of chunks(ids)) await db.updateTable('vuln_findings').set({ last_seen_at: at }).where('id', 'in', c).execute();
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
