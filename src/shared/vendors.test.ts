import { describe, expect, it } from 'vitest';
import {
  CONTRACT_CLAUSE_LABELS_JA,
  CONTRACT_CLAUSES,
  CONTRACT_ENDING_SOON_DAYS,
  contractFlags,
  isCorporateNumber,
  missingClauses,
  VENDOR_DOCUMENT_CONTENT_TYPES,
  VENDOR_DOCUMENT_KIND_LABELS_JA,
  VENDOR_DOCUMENT_KINDS,
} from './vendors.ts';
import { addDays } from './ledger.ts';

const TODAY = '2026-04-01';

describe('isCorporateNumber (法人番号)', () => {
  it('accepts 13 digits whose first digit is the check digit', () => {
    // 国税庁 and made-up numbers with a correct check digit.
    for (const n of ['7000012050002', '2010401000001', '5010001000002', '1120001000003']) expect(isCorporateNumber(n), n).toBe(true);
  });

  it('rejects a wrong check digit, other lengths, and anything but ASCII digits', () => {
    for (const n of ['1000012050002', '8000012050002', '700001205000', '70000120500021', '', '7000-1205-0002', '７００００１２０５０００２', '700001205000a', ' 7000012050002']) {
      expect(isCorporateNumber(n), n).toBe(false);
    }
  });
});

describe('contract clauses', () => {
  it('has a Japanese label for every clause (seed 002), all different', () => {
    expect(Object.keys(CONTRACT_CLAUSE_LABELS_JA).sort()).toEqual([...CONTRACT_CLAUSES].sort());
    expect(new Set(Object.values(CONTRACT_CLAUSE_LABELS_JA)).size).toBe(CONTRACT_CLAUSES.length);
  });

  it('lists the clauses a contract misses, in the canonical order', () => {
    expect(missingClauses([...CONTRACT_CLAUSES])).toEqual([]);
    expect(missingClauses([])).toEqual([...CONTRACT_CLAUSES]);
    expect(missingClauses(['breach_reporting', 'data_handling', 'unknown'])).toEqual(CONTRACT_CLAUSES.filter((c) => c !== 'breach_reporting' && c !== 'data_handling'));
  });

  it('has labels for the document kinds and only Office/PDF content types', () => {
    expect(Object.keys(VENDOR_DOCUMENT_KIND_LABELS_JA).sort()).toEqual([...VENDOR_DOCUMENT_KINDS].sort());
    expect(VENDOR_DOCUMENT_CONTENT_TYPES).toContain('application/pdf');
    expect(VENDOR_DOCUMENT_CONTENT_TYPES.every((t) => t.startsWith('application/'))).toBe(true);
  });
});

describe('contractFlags', () => {
  const all = [...CONTRACT_CLAUSES];
  it('flags nothing for a complete contract without an end', () => {
    expect(contractFlags({ clauses: all, endsOn: null, autoRenew: false }, TODAY)).toEqual([]);
  });

  it('flags missing clauses', () => {
    expect(contractFlags({ clauses: all.slice(1), endsOn: null, autoRenew: false }, TODAY)).toEqual(['missing_clauses']);
  });

  it('expires the day after the end; ends soon within the window (inclusive)', () => {
    expect(contractFlags({ clauses: all, endsOn: TODAY, autoRenew: false }, TODAY)).toEqual(['ending_soon']);
    expect(contractFlags({ clauses: all, endsOn: addDays(TODAY, -1), autoRenew: false }, TODAY)).toEqual(['expired']);
    expect(contractFlags({ clauses: all, endsOn: addDays(TODAY, CONTRACT_ENDING_SOON_DAYS), autoRenew: false }, TODAY)).toEqual(['ending_soon']);
    expect(contractFlags({ clauses: all, endsOn: addDays(TODAY, CONTRACT_ENDING_SOON_DAYS + 1), autoRenew: false }, TODAY)).toEqual([]);
  });

  it('never expires an auto-renewing contract', () => {
    expect(contractFlags({ clauses: [], endsOn: '2020-03-31', autoRenew: true }, TODAY)).toEqual(['missing_clauses']);
    expect(contractFlags({ clauses: all, endsOn: addDays(TODAY, 10), autoRenew: true }, TODAY)).toEqual([]);
  });
});
