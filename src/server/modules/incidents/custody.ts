import type { CustodyBreakDto } from '../../../shared/contracts/incident-evidence.contract.ts';
import { sha256Hex } from '../../lib/ids.ts';

/**
 * The chain of custody of one evidence item (pure): entry n's hash is SHA-256 over a canonical JSON array of its
 * stored fields and entry n-1's hash; entry 1 starts from a genesis hash derived from the item's own fields (its
 * SHA-256 included), so changing the item breaks the chain too. Canonical JSON as in the audit log: a fixed-order
 * array, nulls explicit, numbers as numbers.
 *
 * A hash chain alone cannot notice its last entries being removed, nor a chain recomputed from scratch: verification
 * therefore also compares the rows with what the audit log (itself hash-chained) recorded when they were written.
 */

/** Bumped only if the canonical form ever changes (it is part of every hash). */
const CHAIN_VERSION = 'mamori-custody-v1';

/** The stored fields of an evidence item that the chain covers. */
export interface EvidenceChainFields {
  id: string;
  case_id: string;
  seq: number;
  type: string;
  description: string;
  location: string | null;
  collected_by: string;
  collected_at: string;
  sha256: string | null;
  hash_source: string;
  created_at: string;
}

/** The stored fields of a custody entry that its hash covers (everything but the hash itself). */
export interface CustodyChainFields {
  id: string;
  evidence_id: string;
  case_id: string;
  seq: number;
  action: string;
  occurred_at: string;
  from_party: string | null;
  to_party: string | null;
  location: string | null;
  note: string | null;
  recorded_by: string;
  prev_hash: string;
  created_at: string;
}

export interface CustodyChainRow extends CustodyChainFields {
  hash: string;
}

/** The hash entry 1 points to: derived from the item (file_id and created_by are left out: they may be set null by a cascade). */
export function custodyGenesis(item: EvidenceChainFields): string {
  return sha256Hex(
    JSON.stringify([
      CHAIN_VERSION,
      'genesis',
      item.id,
      item.case_id,
      Number(item.seq),
      item.type,
      item.description,
      item.location,
      item.collected_by,
      item.collected_at,
      item.sha256,
      item.hash_source,
      item.created_at,
    ]),
  );
}

export function hashCustodyEntry(e: CustodyChainFields): string {
  return sha256Hex(
    JSON.stringify([
      CHAIN_VERSION,
      e.id,
      e.evidence_id,
      e.case_id,
      Number(e.seq),
      e.action,
      e.occurred_at,
      e.from_party,
      e.to_party,
      e.location,
      e.note,
      e.recorded_by,
      e.created_at,
      e.prev_hash,
    ]),
  );
}

// ── What the audit log keeps (and verification compares against) ──────────────────────────────────────────────────

/** The audit record of an item's creation (entity incident_evidence); keys are the API's field names. */
export function evidenceRecord(item: EvidenceChainFields & { file_id: string | null }) {
  return {
    id: item.id,
    caseId: item.case_id,
    seq: Number(item.seq),
    type: item.type,
    description: item.description,
    location: item.location,
    collectedBy: item.collected_by,
    collectedAt: item.collected_at,
    sha256: item.sha256,
    hashSource: item.hash_source,
    fileId: item.file_id,
    createdAt: item.created_at,
  };
}

/** The audit record of a custody entry (entity incident_custody). */
export function custodyRecord(e: CustodyChainRow) {
  return {
    id: e.id,
    evidenceId: e.evidence_id,
    caseId: e.case_id,
    seq: Number(e.seq),
    action: e.action,
    occurredAt: e.occurred_at,
    fromParty: e.from_party,
    toParty: e.to_party,
    location: e.location,
    note: e.note,
    recordedBy: e.recorded_by,
    prevHash: e.prev_hash,
    hash: e.hash,
    createdAt: e.created_at,
  };
}

/** Fields whose value differs between the current record and the recorded one (file id excluded: see custodyGenesis). */
export function differingFields(current: Record<string, unknown>, recorded: Record<string, unknown> | undefined, ignore: readonly string[] = []): string[] {
  if (!recorded) return [];
  const norm = (v: unknown) => JSON.stringify(v === undefined ? null : v);
  return Object.keys(current).filter((k) => !ignore.includes(k) && norm(current[k]) !== norm(recorded[k]));
}

export interface ChainRecords {
  /** The audit record of the item's creation, if found. */
  item: Record<string, unknown> | undefined;
  /** Audit records of the item's custody entries, by entry id. */
  entries: ReadonlyMap<string, Record<string, unknown>>;
}

export type ChainVerdict = { ok: true; entries: number; break: null } | { ok: false; entries: number; break: CustodyBreakDto };

/**
 * Verifies one item's chain; reports the first problem: an item differing from its audit record; then, in the order of
 * the entries, a missing number, a link not pointing to the previous hash (entry 1: the item changed), an entry whose
 * hash is not its fields', an entry the audit log never recorded or recorded differently; then recorded entries that are
 * gone (the last ones removed).
 */
export function verifyEvidenceChain(item: EvidenceChainFields & { file_id: string | null }, entries: readonly CustodyChainRow[], records: ChainRecords): ChainVerdict {
  const sorted = [...entries].sort((a, b) => Number(a.seq) - Number(b.seq));
  const count = sorted.length;
  const broken = (seq: number, reason: CustodyBreakDto['reason'], fields: string[] = []): ChainVerdict => ({ ok: false, entries: count, break: { seq, reason, fields } });
  const itemDiff = differingFields(evidenceRecord(item), records.item, ['fileId']);
  const present = new Set(sorted.map((e) => e.id));
  const gone = [...records.entries.entries()]
    .filter(([id]) => !present.has(id))
    .map(([, r]) => Number(r.seq))
    .sort((a, b) => a - b);

  if (count === 0) return gone.length > 0 ? broken(gone[0]!, 'missing_entry') : broken(1, 'no_entries');
  // The item differs from its record: reported at the chain's start whether or not the chain was recomputed to match.
  if (itemDiff.length > 0) return broken(1, 'item_changed', itemDiff);
  let prev = custodyGenesis(item);
  let expected = 1;
  for (const e of sorted) {
    const seq = Number(e.seq);
    if (seq !== expected) return broken(expected, 'seq_gap');
    const recorded = records.entries.get(e.id);
    const diff = differingFields(custodyRecord(e), recorded);
    if (e.prev_hash !== prev) return seq === 1 ? broken(1, 'item_changed', itemDiff) : broken(seq, 'prev_link_mismatch', diff);
    if (hashCustodyEntry(e) !== e.hash) return broken(seq, 'hash_mismatch', diff);
    if (!recorded) return broken(seq, 'unrecorded_entry');
    if (diff.length > 0) return broken(seq, 'differs_from_record', diff);
    prev = e.hash;
    expected += 1;
  }
  if (gone.length > 0) return broken(gone[0]!, 'missing_entry');
  return { ok: true, entries: count, break: null };
}
