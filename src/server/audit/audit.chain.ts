import { sha256Hex } from '../lib/ids.ts';
import type { AuditRow } from './audit.repository.ts';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * The hash of one audit row: SHA-256 over a canonical JSON array of every stored field except the
 * hash itself, including the previous row's hash. Changing any field, or removing a row, breaks
 * the chain from that point on.
 */
export function hashAuditRow(row: Omit<AuditRow, 'hash'>): string {
  return sha256Hex(
    JSON.stringify([
      Number(row.seq),
      row.id,
      row.occurred_at,
      row.actor_user_id,
      row.actor_label,
      row.facility_id,
      row.entity_type,
      row.entity_id,
      row.action,
      row.before_json,
      row.after_json,
      row.source_ip,
      row.prev_hash,
    ]),
  );
}

export type ChainBreak = { seq: number; reason: 'hash_mismatch' | 'prev_hash_mismatch' | 'missing_row' };

/** Checks rows in sequence order; returns the first break, or null when the chain is intact. */
export async function verifyChain(rows: AsyncIterable<AuditRow>): Promise<{ checked: number; broken: ChainBreak | null }> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for await (const row of rows) {
    if (row.seq !== expectedSeq) return { checked, broken: { seq: expectedSeq, reason: 'missing_row' } };
    if (row.prev_hash !== prevHash) return { checked, broken: { seq: row.seq, reason: 'prev_hash_mismatch' } };
    if (hashAuditRow(row) !== row.hash) return { checked, broken: { seq: row.seq, reason: 'hash_mismatch' } };
    prevHash = row.hash;
    expectedSeq += 1;
    checked += 1;
  }
  return { checked, broken: null };
}
