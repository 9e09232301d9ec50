import { sql, type CompiledQuery, type Insertable, type Selectable } from 'kysely';
import { chunks } from '../../lib/chunks.ts';
import type { Db } from '../../db/database.ts';
import type { FeedImportsTable, JvnEntriesTable, KevEntriesTable, VulnProductsTable } from '../../db/schema.ts';
import type { FeedSource } from '../../../shared/vulns/domain.ts';
import { cpeIndexKey, CVE_VALUE_COLUMNS, CVE_VALUES_PER_RECORD, type PreparedCves } from './cve-rows.ts';
import type { EpssRecord, JvnRecord, KevRecord } from './records.ts';

/**
 * Feed data SQL: batched multi-row upserts inside the caller's transaction (one per file), and the `feed_imports` log.
 *
 * Batch sizes keep every statement under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters, and a full batch
 * always has the same SQL text, so SQLite's prepared-statement cache reuses it.
 */

export type FeedImportRow = Selectable<FeedImportsTable>;

const CVE_ROWS_PER_STATEMENT = 500; // 15 columns → 7,500 parameters (a full parser batch: one statement)
const PRODUCT_ROWS_PER_STATEMENT = 2048; // 4 columns → 8,192 parameters
const KEV_ROWS_PER_STATEMENT = 500; // 13 columns
const EPSS_ROWS_PER_STATEMENT = 2000; // 5 columns
const JVN_ROWS_PER_STATEMENT = 200; // 13 columns
const IDS_PER_STATEMENT = 1000;

export interface WriteStats {
  inserted: number;
  updated: number;
  unchanged: number;
  /** NVD match criteria (cpeMatch entries) written. */
  criteria: number;
  /** Ids whose definition is new or changed. */
  changedIds: string[];
}

function excludedSet<C extends string>(columns: readonly C[]) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (eb: any) => Object.fromEntries(columns.map((c) => [c, eb.ref(`excluded.${c}`)])) as Record<C, never>;
}

// --- Candidate index keys ------------------------------------------------------------------------

export { cpeIndexKey };

async function insertProducts(trx: Db, rows: Insertable<VulnProductsTable>[]): Promise<void> {
  for (const part of chunks(rows, PRODUCT_ROWS_PER_STATEMENT)) {
    await trx.insertInto('vuln_products').values(part).onConflict((oc) => oc.doNothing()).execute();
  }
}

async function deleteProducts(trx: Db, vulnIds: readonly string[]): Promise<void> {
  for (const part of chunks(vulnIds, IDS_PER_STATEMENT)) await trx.deleteFrom('vuln_products').where('vuln_id', 'in', part).execute();
}

/** Keeps the last record per id (a file may repeat an id; the later one wins, as a re-import would). */
function lastPerId<R>(records: readonly R[], id: (r: R) => string): R[] {
  const byId = new Map<string, R>();
  for (const r of records) byId.set(id(r), r);
  return byId.size === records.length ? (records as R[]) : [...byId.values()];
}

// --- NVD CVE records -----------------------------------------------------------------------------

const CVE_COLUMNS = [...CVE_VALUE_COLUMNS, 'feed_import_id', 'imported_at'] as const;
const CVE_UPDATE_COLUMNS = CVE_COLUMNS.filter((c) => c !== 'id');
const PRODUCT_COLUMNS = ['vendor', 'product', 'vuln_id', 'part'] as const;

/**
 * Compiled multi-row INSERTs, per database (its adapter) and statement: compiling a 500-row INSERT through the query
 * builder costs about as much as SQLite executing it, and the feed import runs thousands of them.
 */
const compiledInserts = new WeakMap<object, Map<string, CompiledQuery>>();

function compiledInsert(trx: Db, key: string, compile: () => CompiledQuery): CompiledQuery {
  const adapter = trx.getExecutor().adapter;
  let byKey = compiledInserts.get(adapter);
  if (!byKey) compiledInserts.set(adapter, (byKey = new Map()));
  let q = byKey.get(key);
  if (!q) byKey.set(key, (q = compile()));
  return q;
}

/** Placeholder rows for compiling an INSERT of `n` rows (the values are replaced by the real parameters). */
function placeholderRows(columns: readonly string[], n: number): never[] {
  const row = Object.fromEntries(columns.map((c) => [c, ''])) as never;
  return Array.from({ length: n }, () => row);
}

/**
 * Runs an INSERT whose rows are one flat array (`width` values per row, in the compiled column order) as statements
 * of a few fixed sizes: `max` rows, and the rest split into powers of two. So each size is compiled once and SQLite's
 * statement cache reuses the prepared statement, however the rows fall into batches.
 */
async function insertFlat(trx: Db, key: string, width: number, max: number, compile: (rows: number) => CompiledQuery, values: readonly unknown[]): Promise<void> {
  let rows = values.length / width;
  let at = 0;
  while (rows > 0) {
    const n = rows >= max ? max : 2 ** (31 - Math.clz32(rows));
    const q = compiledInsert(trx, `${key}:${n}`, () => compile(n));
    await trx.executeQuery({ ...q, parameters: values.slice(at * width, (at + n) * width) });
    at += n;
    rows -= n;
  }
}

/**
 * Upserts a batch of CVE records (made by `prepareCves`). A record whose `lastModified` is not newer than the stored
 * one is left alone (`unchanged`: an older file never overwrites newer data). A written record replaces its row and
 * its candidate-index rows; a `Rejected` record keeps its row (status Rejected, no configurations) and loses its
 * criteria. A batch repeating an id keeps the later record (as a re-import would).
 */
export async function writeCves(trx: Db, batch: PreparedCves, importId: string, now: string): Promise<WriteStats> {
  const stats: WriteStats = { inserted: 0, updated: 0, unchanged: 0, criteria: 0, changedIds: [] };
  const lastIndex = new Map<string, number>();
  for (let i = 0; i < batch.count; i++) lastIndex.set(batch.ids[i]!, i);
  const existing = new Map<string, string | null>();
  const ids = [...lastIndex.keys()];
  for (const part of chunks(ids, IDS_PER_STATEMENT)) {
    for (const row of await trx.selectFrom('cves').select(['id', 'last_modified']).where('id', 'in', part).execute()) existing.set(row.id, row.last_modified);
  }
  const values: (string | number | null)[] = [];
  const products: string[] = [];
  const replaced: string[] = [];
  let productAt = 0;
  for (let i = 0; i < batch.count; i++) {
    const id = batch.ids[i]!;
    const productEnd = productAt + batch.productCounts[i]! * 3;
    const from = productAt;
    productAt = productEnd;
    if (lastIndex.get(id) !== i) {
      stats.unchanged++;
      continue;
    }
    if (existing.has(id)) {
      const stored = existing.get(id) ?? null;
      const lastModified = batch.lastModified[i] ?? null;
      if (stored !== null && lastModified !== null && lastModified <= stored) {
        stats.unchanged++;
        continue;
      }
      stats.updated++;
      replaced.push(id);
    } else {
      stats.inserted++;
    }
    stats.changedIds.push(id);
    stats.criteria += batch.criteria[i]!;
    const v = i * CVE_VALUES_PER_RECORD;
    for (let k = 0; k < CVE_VALUES_PER_RECORD; k++) values.push(batch.values[v + k]!);
    values.push(importId, now);
    for (let k = from; k < productEnd; k += 3) products.push(batch.products[k]!, batch.products[k + 1]!, id, batch.products[k + 2]!);
  }
  if (replaced.length > 0) await deleteProducts(trx, replaced);
  await insertFlat(
    trx,
    'cves',
    CVE_COLUMNS.length,
    CVE_ROWS_PER_STATEMENT,
    (n) =>
      trx
        .insertInto('cves')
        .values(placeholderRows(CVE_COLUMNS, n))
        .onConflict((oc) => oc.column('id').doUpdateSet(excludedSet(CVE_UPDATE_COLUMNS)))
        .compile(),
    values,
  );
  await insertFlat(
    trx,
    'vuln_products',
    PRODUCT_COLUMNS.length,
    PRODUCT_ROWS_PER_STATEMENT,
    (n) =>
      trx
        .insertInto('vuln_products')
        .values(placeholderRows(PRODUCT_COLUMNS, n))
        .onConflict((oc) => oc.doNothing())
        .compile(),
    products,
  );
  return stats;
}

// --- CISA KEV ------------------------------------------------------------------------------------

const KEV_UPDATE_COLUMNS = [
  'vendor_project',
  'product',
  'name',
  'date_added',
  'short_description',
  'required_action',
  'due_date',
  'ransomware',
  'notes',
  'cwes',
  'catalog_version',
  'feed_import_id',
] as const;

/** Upserts KEV entries; `changedIds` are the new entries and those whose dates, ransomware use or naming changed. */
export async function writeKev(trx: Db, records: readonly KevRecord[], importId: string, catalogVersion: string | null): Promise<WriteStats> {
  const stats: WriteStats = { inserted: 0, updated: 0, unchanged: 0, criteria: 0, changedIds: [] };
  const batch = lastPerId(records, (r) => r.cveId);
  stats.unchanged += records.length - batch.length;
  const existing = new Map<string, Selectable<KevEntriesTable>>();
  for (const ids of chunks(
    batch.map((r) => r.cveId),
    IDS_PER_STATEMENT,
  )) {
    for (const row of await trx.selectFrom('kev_entries').selectAll().where('cve_id', 'in', ids).execute()) existing.set(row.cve_id, row);
  }
  const rows: Insertable<KevEntriesTable>[] = batch.map((r) => ({
    cve_id: r.cveId,
    vendor_project: r.vendorProject,
    product: r.product,
    name: r.name,
    date_added: r.dateAdded,
    short_description: r.shortDescription,
    required_action: r.requiredAction,
    due_date: r.dueDate,
    ransomware: r.ransomware ? 1 : 0,
    notes: r.notes,
    cwes: JSON.stringify(r.cwes),
    catalog_version: catalogVersion,
    feed_import_id: importId,
  }));
  for (const row of rows) {
    const old = existing.get(row.cve_id);
    if (!old) {
      stats.inserted++;
      stats.changedIds.push(row.cve_id);
    } else if (
      old.date_added !== row.date_added ||
      old.due_date !== row.due_date ||
      Number(old.ransomware) !== row.ransomware ||
      old.vendor_project !== row.vendor_project ||
      old.product !== row.product ||
      old.name !== row.name ||
      old.required_action !== row.required_action ||
      old.short_description !== row.short_description ||
      old.notes !== row.notes ||
      old.cwes !== row.cwes
    ) {
      stats.updated++;
      stats.changedIds.push(row.cve_id);
    } else {
      stats.unchanged++;
    }
  }
  for (const part of chunks(rows, KEV_ROWS_PER_STATEMENT)) {
    await trx
      .insertInto('kev_entries')
      .values(part)
      .onConflict((oc) => oc.column('cve_id').doUpdateSet(excludedSet(KEV_UPDATE_COLUMNS)))
      .execute();
  }
  return stats;
}

/** A KEV file is the whole catalogue: entries it no longer lists are removed. Returns their ids. */
export async function removeKevNotIn(trx: Db, keep: ReadonlySet<string>): Promise<string[]> {
  const all = await trx.selectFrom('kev_entries').select('cve_id').execute();
  const gone = all.map((r) => r.cve_id).filter((id) => !keep.has(id));
  for (const part of chunks(gone, IDS_PER_STATEMENT)) await trx.deleteFrom('kev_entries').where('cve_id', 'in', part).execute();
  return gone;
}

// --- FIRST EPSS ----------------------------------------------------------------------------------

export async function writeEpss(trx: Db, records: readonly EpssRecord[], scoreDate: string | null, modelVersion: string | null): Promise<WriteStats> {
  const stats: WriteStats = { inserted: 0, updated: 0, unchanged: 0, criteria: 0, changedIds: [] };
  const batch = lastPerId(records, (r) => r.cveId);
  stats.unchanged += records.length - batch.length;
  for (const part of chunks(batch, EPSS_ROWS_PER_STATEMENT)) {
    const existing = new Set((await trx.selectFrom('epss_scores').select('cve_id').where('cve_id', 'in', part.map((r) => r.cveId)).execute()).map((r) => r.cve_id));
    stats.updated += existing.size;
    stats.inserted += part.length - existing.size;
    await trx
      .insertInto('epss_scores')
      .values(part.map((r) => ({ cve_id: r.cveId, score: r.score, percentile: r.percentile, score_date: scoreDate, model_version: modelVersion })))
      .onConflict((oc) => oc.column('cve_id').doUpdateSet(excludedSet(['score', 'percentile', 'score_date', 'model_version'] as const)))
      .execute();
  }
  return stats;
}

// --- JVN iPedia ----------------------------------------------------------------------------------

const JVN_UPDATE_COLUMNS = [
  'title',
  'summary',
  'url',
  'published',
  'last_updated',
  'cvss_version',
  'cvss_score',
  'cvss_severity',
  'cvss_vector',
  'affected',
  'feed_import_id',
  'imported_at',
] as const;

/**
 * Upserts JVN entries with their CVE links and candidate-index rows (the products' CPEs). An entry whose
 * `lastUpdated` is not newer than the stored one is left alone.
 */
export async function writeJvn(trx: Db, records: readonly JvnRecord[], importId: string, now: string): Promise<WriteStats> {
  const stats: WriteStats = { inserted: 0, updated: 0, unchanged: 0, criteria: 0, changedIds: [] };
  const batch = lastPerId(records, (r) => r.id);
  stats.unchanged += records.length - batch.length;
  const existing = new Map<string, string | null>();
  for (const ids of chunks(
    batch.map((r) => r.id),
    IDS_PER_STATEMENT,
  )) {
    for (const row of await trx.selectFrom('jvn_entries').select(['id', 'last_updated']).where('id', 'in', ids).execute()) existing.set(row.id, row.last_updated);
  }
  const rows: Insertable<JvnEntriesTable>[] = [];
  const links: { jvn_id: string; cve_id: string }[] = [];
  const products: Insertable<VulnProductsTable>[] = [];
  const replaced: string[] = [];
  for (const r of batch) {
    if (existing.has(r.id)) {
      const stored = existing.get(r.id) ?? null;
      if (stored !== null && r.lastUpdated !== null && r.lastUpdated <= stored) {
        stats.unchanged++;
        continue;
      }
      stats.updated++;
      replaced.push(r.id);
    } else {
      stats.inserted++;
    }
    stats.changedIds.push(r.id);
    rows.push({
      id: r.id,
      title: r.title,
      summary: r.summary,
      url: r.url,
      published: r.published,
      last_updated: r.lastUpdated,
      cvss_version: r.cvssVersion,
      cvss_score: r.cvssScore,
      cvss_severity: r.cvssSeverity,
      cvss_vector: r.cvssVector,
      affected: JSON.stringify(r.affected),
      feed_import_id: importId,
      imported_at: now,
    });
    for (const cve of new Set(r.cveIds)) links.push({ jvn_id: r.id, cve_id: cve });
    const seen = new Set<string>();
    for (const a of r.affected) {
      const k = a.cpe ? cpeIndexKey(a.cpe) : null;
      if (!k) continue;
      stats.criteria++;
      const key = `${k.part}\u0000${k.vendor}\u0000${k.product}`;
      if (seen.has(key)) continue;
      seen.add(key);
      products.push({ vendor: k.vendor, product: k.product, vuln_id: r.id, part: k.part });
    }
  }
  if (replaced.length > 0) {
    await deleteProducts(trx, replaced);
    for (const part of chunks(replaced, IDS_PER_STATEMENT)) await trx.deleteFrom('jvn_cves').where('jvn_id', 'in', part).execute();
  }
  for (const part of chunks(rows, JVN_ROWS_PER_STATEMENT)) {
    await trx
      .insertInto('jvn_entries')
      .values(part)
      .onConflict((oc) => oc.column('id').doUpdateSet(excludedSet(JVN_UPDATE_COLUMNS)))
      .execute();
  }
  for (const part of chunks(links, PRODUCT_ROWS_PER_STATEMENT)) await trx.insertInto('jvn_cves').values(part).onConflict((oc) => oc.doNothing()).execute();
  await insertProducts(trx, products);
  return stats;
}

// --- SQLite connection settings for a bulk import -----------------------------------------------

/** Page cache for the import (KiB): the candidate index takes rows in random key order; the default 2 MB thrashes. */
const IMPORT_CACHE_KIB = 65536;

/**
 * SQLite: a larger page cache on the (single) connection while feeds are imported; returns what puts the setting back.
 * Durability is untouched (journal mode and synchronous stay). PostgreSQL: nothing to do.
 */
export async function useBulkImportSettings(db: Db, dialect: 'sqlite' | 'postgres'): Promise<() => Promise<void>> {
  if (dialect !== 'sqlite') return async () => undefined;
  const before = (await sql<{ cache_size: number }>`pragma cache_size`.execute(db)).rows[0]?.cache_size ?? -2000;
  await sql.raw(`pragma cache_size = ${-IMPORT_CACHE_KIB}`).execute(db);
  return async () => {
    await sql.raw(`pragma cache_size = ${Number(before)}`).execute(db);
  };
}

// --- feed_imports --------------------------------------------------------------------------------

export async function insertImport(db: Db, row: Insertable<FeedImportsTable>): Promise<void> {
  await db.insertInto('feed_imports').values(row).execute();
}

export async function updateImport(db: Db, id: string, patch: Partial<Omit<FeedImportsTable, 'id'>>): Promise<void> {
  await db.updateTable('feed_imports').set(patch).where('id', '=', id).execute();
}

export async function findImport(db: Db, id: string): Promise<FeedImportRow | undefined> {
  return db.selectFrom('feed_imports').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Whether a succeeded import of the source had a file of this size (then the file's hash is worth computing first). */
export async function hasSucceededOfSize(db: Db, source: FeedSource, size: number): Promise<boolean> {
  const row = await db.selectFrom('feed_imports').select('id').where('source', '=', source).where('status', '=', 'succeeded').where('size', '=', size).executeTakeFirst();
  return row !== undefined;
}

export async function findSucceededBySha(db: Db, source: FeedSource, sha256: string): Promise<FeedImportRow | undefined> {
  return db
    .selectFrom('feed_imports')
    .selectAll()
    .where('source', '=', source)
    .where('status', '=', 'succeeded')
    .where('sha256', '=', sha256)
    .orderBy('started_at', 'desc')
    .executeTakeFirst();
}

export async function lastSucceeded(db: Db, source: FeedSource): Promise<FeedImportRow | undefined> {
  return db
    .selectFrom('feed_imports')
    .selectAll()
    .where('source', '=', source)
    .where('status', '=', 'succeeded')
    .orderBy('finished_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

const TABLE_OF: Record<FeedSource, 'cves' | 'kev_entries' | 'epss_scores' | 'jvn_entries'> = {
  nvd: 'cves',
  kev: 'kev_entries',
  epss: 'epss_scores',
  jvn: 'jvn_entries',
};

/** Rows a source holds now. */
export async function countRecords(db: Db, source: FeedSource): Promise<number> {
  const row = await db.selectFrom(TABLE_OF[source]).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listImports(db: Db, offset: number, limit: number): Promise<{ items: FeedImportRow[]; total: number }> {
  const items = await db.selectFrom('feed_imports').selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc').offset(offset).limit(limit).execute();
  const total = await db.selectFrom('feed_imports').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { items, total: Number(total.n) };
}
