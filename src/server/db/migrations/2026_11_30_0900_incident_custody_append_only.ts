import type { Kysely } from 'kysely';
import { appendOnlyTriggers, dropAppendOnlyTriggers, type DialectName } from '../dialect.ts';

/**
 * Evidence items and their custody entries become append-only in the database too (as the audit log is): the
 * application never updates or deletes them, and the hash chain plus the audit log already reveal edits; the triggers
 * make an edit behind the application's back take a deliberate step (dropping them) first. Facilities and cases are
 * never deleted, so no cascade runs into the triggers.
 */
export function incidentCustodyAppendOnly(dialect: DialectName) {
  const tables = ['incident_evidence', 'incident_custody'];
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const t of tables) for (const stmt of appendOnlyTriggers(dialect, t)) await stmt.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const t of tables) for (const stmt of dropAppendOnlyTriggers(dialect, t)) await stmt.execute(db);
    },
  };
}
