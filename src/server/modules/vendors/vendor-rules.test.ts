import { describe, expect, it } from 'vitest';
import { CONTRACT_CLAUSES } from '../../../shared/vendors.ts';
import { latestEnd, normalizeKana, vendorFlags, type VendorFacts } from './vendor-rules.ts';
import { vendorColumnFor } from './vendor-columns.ts';

const TODAY = '2026-04-01';

describe('normalizeKana', () => {
  it('turns hiragana and half-width katakana into full-width katakana', () => {
    expect(normalizeKana('みなとめでぃかる')).toBe('ミナトメディカル');
    expect(normalizeKana('ﾐﾅﾄﾒﾃﾞｨｶﾙ')).toBe('ミナトメディカル');
    expect(normalizeKana('きゅうしょく　さーびす')).toBe('キュウショク サービス');
    expect(normalizeKana('ゝゞ')).toBe('ヽヾ');
  });

  it('keeps katakana, folds full-width letters and digits, trims, and empties to null', () => {
    expect(normalizeKana(' ミナト ')).toBe('ミナト');
    expect(normalizeKana('ＮＥＣ２')).toBe('NEC2');
    expect(normalizeKana('  ')).toBeNull();
    expect(normalizeKana(null)).toBeNull();
    expect(normalizeKana(undefined)).toBeNull();
  });

  it('gives gojūon order by code point, the order the list sorts in', () => {
    const names = ['わかば', 'アオイ', 'がっこう', 'かいしゃ', 'サクラ', 'きた'].map((n) => normalizeKana(n)!);
    expect([...names].sort()).toEqual(['アオイ', 'カイシャ', 'ガッコウ', 'キタ', 'サクラ', 'ワカバ']);
  });
});

describe('vendorFlags', () => {
  const all = [...CONTRACT_CLAUSES];
  const fine: VendorFacts = { hasEmergencyContact: true, contracts: [{ clauses: all, endsOn: '2027-03-31', autoRenew: false }], assetCount: 2, documentCount: 1 };

  it('flags nothing for a vendor with an emergency contact, a full running contract and an MDS/SDS', () => {
    expect(vendorFlags(fine, TODAY)).toEqual([]);
  });

  it('flags each gap', () => {
    expect(vendorFlags({ ...fine, hasEmergencyContact: false }, TODAY)).toEqual(['no_emergency_contact']);
    expect(vendorFlags({ ...fine, contracts: [] }, TODAY)).toEqual(['no_contract']);
    expect(vendorFlags({ ...fine, documentCount: 0 }, TODAY)).toEqual(['no_mds_sds']);
    // No assets maintained: no MDS/SDS is expected.
    expect(vendorFlags({ ...fine, assetCount: 0, documentCount: 0 }, TODAY)).toEqual([]);
  });

  it('flags missing clauses only on contracts that have not expired', () => {
    const expiredPartial = { clauses: all.slice(2), endsOn: '2025-03-31', autoRenew: false };
    expect(vendorFlags({ ...fine, contracts: [...fine.contracts, expiredPartial] }, TODAY)).toEqual([]);
    expect(vendorFlags({ ...fine, contracts: [{ ...fine.contracts[0]!, clauses: all.slice(1) }] }, TODAY)).toEqual(['contract_missing_clauses']);
  });

  it('flags expiry when every contract has ended; auto renewal keeps it running', () => {
    const ended = { clauses: all, endsOn: '2026-03-31', autoRenew: false };
    expect(vendorFlags({ ...fine, contracts: [ended] }, TODAY)).toEqual(['contract_expired']);
    expect(vendorFlags({ ...fine, contracts: [ended, { ...ended, autoRenew: true }] }, TODAY)).toEqual([]);
    expect(vendorFlags({ ...fine, contracts: [ended, { ...ended, endsOn: null }] }, TODAY)).toEqual([]);
  });

  it('reports the latest contract end', () => {
    expect(latestEnd([])).toBeNull();
    expect(latestEnd([{ endsOn: null }])).toBeNull();
    expect(latestEnd([{ endsOn: '2026-03-31' }, { endsOn: null }, { endsOn: '2027-03-31' }])).toBe('2027-03-31');
  });
});

describe('vendor file headers', () => {
  it('accept the English key in any case and the Japanese header with full-width brackets', () => {
    expect(vendorColumnFor('Name')?.key).toBe('name');
    expect(vendorColumnFor(' 事業者名 ')?.key).toBe('name');
    expect(vendorColumnFor('緊急連絡先(24時間)')?.key).toBe('emergency_contact');
    expect(vendorColumnFor('緊急連絡先（２４時間）')?.key).toBe('emergency_contact');
    expect(vendorColumnFor('緊急連絡先')).toBeUndefined();
  });
});
