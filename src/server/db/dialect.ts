import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from './database.ts';

/**
 * The ONLY place where SQLite and PostgreSQL differ. Anything dialect-specific that a repository
 * or migration needs is a function here.
 */
export type DialectName = 'sqlite' | 'postgres';

/** Case-insensitive substring match. */
export function containsInsensitive(dialect: DialectName, columnRef: string, needle: string): RawBuilder<SqlBool> {
  const column = sql.ref(columnRef);
  const pattern = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return dialect === 'postgres'
    ? sql<SqlBool>`${column} ilike ${pattern} escape '\\'`
    : sql<SqlBool>`lower(${column}) like lower(${pattern}) escape '\\'`;
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
