import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from './database.ts';

/**
 * The ONLY place where SQLite and PostgreSQL differ. Anything dialect-specific that a repository
 * or migration needs is a function here.
 */
export type DialectName = 'sqlite' | 'postgres';

/**
 * Case-insensitive substring match. SQLite's LIKE already ignores ASCII case, and only ASCII case, like
 * its `lower()` without ICU, so the column is compared as is (no `lower()` per row, same results); other
 * text, such as Japanese, matches exactly as before.
 */
export function containsInsensitive(dialect: DialectName, columnRef: string, needle: string): RawBuilder<SqlBool> {
  const column = sql.ref(columnRef);
  const pattern = likeContainsPattern(needle);
  return dialect === 'postgres'
    ? sql<SqlBool>`${column} ilike ${pattern} escape '\\'`
    : sql<SqlBool>`${column} like ${pattern} escape '\\'`;
}

/**
 * Separator between the fields of a search text (char(31) in SQL). A needle without it can only match
 * inside one field, so a match over the joined text is a match in one of the columns.
 */
const SEARCH_SEPARATOR = '\u001f';

/**
 * SQLite: the search text of a row, every column's value (null as empty) joined by the separator. An
 * index on exactly this expression (see `createListIndex`) holds it, so a search reads the index
 * instead of the table and evaluates one LIKE instead of one per column.
 */
function sqliteSearchText(columnRefs: readonly string[]): RawBuilder<string> {
  return sql<string>`(${sql.join(
    columnRefs.map((c) => sql`coalesce(${sql.ref(c)}, '')`),
    sql` || char(31) || `,
  )})`;
}

/**
 * Case-insensitive substring match in any of several columns: true when at least one column contains
 * the needle. PostgreSQL: ILIKE per column. SQLite: LIKE (already case-insensitive for ASCII only, like
 * `lower()` without ICU; Japanese and other non-ASCII text matches exactly) over the indexed search text
 * of `createListIndex`; a needle that holds the separator falls back to one LIKE per column, so that a
 * match never spans two columns.
 */
export function anyContainsInsensitive(dialect: DialectName, columnRefs: readonly string[], needle: string): RawBuilder<SqlBool> {
  const pattern = likeContainsPattern(needle);
  if (dialect === 'postgres') {
    return sql<SqlBool>`(${sql.join(
      columnRefs.map((c) => sql`${sql.ref(c)} ilike ${pattern} escape '\\'`),
      sql` or `,
    )})`;
  }
  if (needle.includes(SEARCH_SEPARATOR)) {
    return sql<SqlBool>`(${sql.join(
      columnRefs.map((c) => sql`${sql.ref(c)} like ${pattern} escape '\\'`),
      sql` or `,
    )})`;
  }
  return sql<SqlBool>`${sqliteSearchText(columnRefs)} like ${pattern} escape '\\'`;
}

/**
 * A text expression compared by Unicode code point, whatever the database's collation: SQLite compares
 * text as bytes already (UTF-8 byte order is code-point order); PostgreSQL gets `collate "C"`. Code-point
 * order of katakana is the gojūon order (small kana and dakuten next to their base), which is what a list
 * sorted by フリガナ needs; a locale collation would differ between installations.
 */
export function codePointOrder(dialect: DialectName, expr: RawBuilder<unknown>): RawBuilder<string> {
  return dialect === 'postgres' ? sql<string>`(${expr}) collate "C"` : sql<string>`(${expr})`;
}

function likeContainsPattern(needle: string): string {
  return `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Creates a list index: `columns` (equality filters, then the sort key and tie-breaker). On SQLite it
 * also holds the search text of `searchColumns` (see `anyContainsInsensitive`), so that counting and
 * searching read only the index. PostgreSQL searches with ILIKE, which a B-tree cannot serve.
 */
export async function createListIndex(
  dialect: DialectName,
  db: Kysely<unknown>,
  name: string,
  table: string,
  columns: readonly string[],
  searchColumns: readonly string[],
): Promise<void> {
  const keys = columns.map((c) => sql.ref(c));
  if (dialect === 'sqlite') keys.push(sqliteSearchText(searchColumns));
  await sql`create index ${sql.id(name)} on ${sql.table(table)} (${sql.join(keys)})`.execute(db);
}

/**
 * Serialises appenders of the audit chain. SQLite transactions are already serialised by its single
 * writer; PostgreSQL takes a transaction-scoped advisory lock.
 */
export async function lockAuditChain(dialect: DialectName, trx: Db): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(7207100)`.execute(trx);
}

/** SQL that makes a table append-only (rejects UPDATE and DELETE) at the database level. */
export function appendOnlyTriggers(dialect: DialectName, table: string): RawBuilder<unknown>[] {
  const t = sql.raw(table);
  if (dialect === 'postgres') {
    return [
      sql`create or replace function mamori_append_only() returns trigger language plpgsql as $$
          begin raise exception 'append-only table: %', TG_TABLE_NAME; end $$`,
      sql`create trigger ${sql.raw(`${table}_append_only`)} before update or delete on ${t}
          for each row execute function mamori_append_only()`,
    ];
  }
  return [
    sql`create trigger ${sql.raw(`${table}_no_update`)} before update on ${t}
        begin select raise(abort, 'append-only table'); end`,
    sql`create trigger ${sql.raw(`${table}_no_delete`)} before delete on ${t}
        begin select raise(abort, 'append-only table'); end`,
  ];
}

/** Removes the append-only protection (used only by the restore command and tamper tests). */
export function dropAppendOnlyTriggers(dialect: DialectName, table: string): RawBuilder<unknown>[] {
  if (dialect === 'postgres') return [sql`drop trigger if exists ${sql.raw(`${table}_append_only`)} on ${sql.raw(table)}`];
  return [sql`drop trigger if exists ${sql.raw(`${table}_no_update`)}`, sql`drop trigger if exists ${sql.raw(`${table}_no_delete`)}`];
}

/** A cheap query proving the database answers. */
export async function ping(trx: Db): Promise<void> {
  await sql`select 1`.execute(trx);
}

/** True for a unique-constraint violation on either dialect (a race that the service's own check lost). */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
