import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { custodyGenesis, custodyRecord, evidenceRecord, hashCustodyEntry, verifyEvidenceChain, type CustodyChainRow, type EvidenceChainFields } from './custody.ts';

/** The pure chain: hashing, linking and the first break reported, whatever single field is changed. */

const item: EvidenceChainFields & { file_id: string | null } = {
  id: 'ev-1',
  case_id: 'case-1',
  seq: 1,
  type: 'log',
  description: 'ファイアウォールのログ',
  location: '金庫',
  collected_by: '山田',
  collected_at: '2026-04-01T00:00:00.000Z',
  sha256: 'a'.repeat(64),
  hash_source: 'stated',
  file_id: null,
  created_at: '2026-04-01T00:05:00.000Z',
};

function chain(length: number): CustodyChainRow[] {
  const rows: CustodyChainRow[] = [];
  let prev = custodyGenesis(item);
  for (let seq = 1; seq <= length; seq++) {
    const partial = {
      id: `c-${seq}`,
      evidence_id: item.id,
      case_id: item.case_id,
      seq,
      action: seq === 1 ? 'collected' : 'analysed',
      occurred_at: `2026-04-01T0${seq}:00:00.000Z`,
      from_party: null,
      to_party: seq === 1 ? '山田' : null,
      location: null,
      note: `記録 ${seq}`,
      recorded_by: 'sm@a.jp',
      prev_hash: prev,
      created_at: `2026-04-01T0${seq}:01:00.000Z`,
    };
    const row = { ...partial, hash: hashCustodyEntry(partial) };
    rows.push(row);
    prev = row.hash;
  }
  return rows;
}

const recordsOf = (rows: readonly CustodyChainRow[]) => ({ item: evidenceRecord(item), entries: new Map(rows.map((r) => [r.id, custodyRecord(r)])) });

describe('custody chain', () => {
  it('verifies an intact chain, in any row order', () => {
    const rows = chain(5);
    expect(verifyEvidenceChain(item, [...rows].reverse(), recordsOf(rows))).toEqual({ ok: true, entries: 5, break: null });
  });

  it('hashes are stable and cover every field', () => {
    const [first] = chain(1);
    expect(first!.hash).toBe(hashCustodyEntry({ ...first! }));
    expect(hashCustodyEntry({ ...first!, note: null })).not.toBe(first!.hash);
    expect(custodyGenesis({ ...item, description: 'ログ' })).not.toBe(custodyGenesis(item));
    // The stored file id is not part of the genesis (a cascade may clear it).
    expect(custodyGenesis({ ...item, file_id: 'f' } as typeof item)).toBe(custodyGenesis(item));
  });

  it('no entries: no_entries, or missing_entry when the audit log knows of some', () => {
    const rows = chain(2);
    expect(verifyEvidenceChain(item, [], { item: evidenceRecord(item), entries: new Map() }).break).toEqual({ seq: 1, reason: 'no_entries', fields: [] });
    expect(verifyEvidenceChain(item, [], recordsOf(rows)).break).toEqual({ seq: 1, reason: 'missing_entry', fields: [] });
  });

  it('any single changed field of any entry is reported at that entry', () => {
    const fields = ['action', 'occurred_at', 'from_party', 'to_party', 'location', 'note', 'recorded_by', 'created_at', 'hash'] as const;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.constantFrom(...fields), fc.string({ minLength: 1, maxLength: 8 }), (seq, field, value) => {
        const rows = chain(6);
        const records = recordsOf(rows);
        const target = rows[seq - 1]!;
        fc.pre(String(target[field]) !== value);
        rows[seq - 1] = { ...target, [field]: value };
        const verdict = verifyEvidenceChain(item, rows, records);
        expect(verdict.ok).toBe(false);
        expect(verdict.break).toMatchObject({ seq, reason: 'hash_mismatch' });
      }),
      { numRuns: 200 },
    );
  });

  it('removing any entry is reported: a gap in the middle, missing at the end', () => {
    for (let removed = 1; removed <= 4; removed++) {
      const rows = chain(4);
      const records = recordsOf(rows);
      const left = rows.filter((r) => r.seq !== removed);
      expect(verifyEvidenceChain(item, left, records).break).toEqual(removed === 4 ? { seq: 4, reason: 'missing_entry', fields: [] } : { seq: removed, reason: 'seq_gap', fields: [] });
    }
  });

  it('a changed item breaks the start and names the field, also when the chain was recomputed to match it', () => {
    const rows = chain(3);
    const changed = { ...item, collected_at: '2026-03-31T00:00:00.000Z' };
    expect(verifyEvidenceChain(changed, rows, recordsOf(rows)).break).toEqual({ seq: 1, reason: 'item_changed', fields: ['collectedAt'] });
    // Without the audit record the chain alone still tells.
    expect(verifyEvidenceChain(changed, rows, { item: undefined, entries: recordsOf(rows).entries }).break).toEqual({ seq: 1, reason: 'item_changed', fields: [] });
    const first = { ...rows[0]!, prev_hash: custodyGenesis(changed) };
    const recomputed = [{ ...first, hash: hashCustodyEntry(first) }];
    expect(verifyEvidenceChain(changed, recomputed, recordsOf(rows.slice(0, 1))).break).toEqual({ seq: 1, reason: 'item_changed', fields: ['collectedAt'] });
  });
});
