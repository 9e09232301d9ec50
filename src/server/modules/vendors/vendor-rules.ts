import { contractFlags, type VendorFlag } from '../../../shared/vendors.ts';

/**
 * Pure rules of the vendors module: the フリガナ normal form and the vendor flags. The list's flag filter
 * (vendor.repository.ts) states the same rules in SQL; the tests check both against each other.
 */

/**
 * フリガナ as stored: NFKC (half-width katakana → full-width, full-width letters and digits → ASCII), hiragana →
 * katakana, runs of spaces → one space, trimmed. Empty → null.
 */
export function normalizeKana(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const s = value
    .normalize('NFKC')
    // ぁ(U+3041)…ゖ(U+3096) and the iteration marks ゝゞ → their katakana, 0x60 further on.
    .replace(/[\u3041-\u3096\u309D\u309E]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60))
    .replace(/\s+/g, ' ')
    .trim();
  return s === '' ? null : s;
}

/** What the flags of a vendor are computed from (one vendor's aggregates). */
export interface VendorFacts {
  hasEmergencyContact: boolean;
  contracts: { clauses: readonly string[]; endsOn: string | null; autoRenew: boolean }[];
  assetCount: number;
  documentCount: number;
}

/**
 * - no_emergency_contact: no contact is marked 24時間緊急連絡先;
 * - no_contract: no contract recorded;
 * - contract_missing_clauses: a contract that has not expired misses one of the security clauses;
 * - contract_expired: there are contracts and every one has ended (auto-renewing ones never end);
 * - no_mds_sds: maintains at least one asset and no MDS/SDS is recorded.
 */
export function vendorFlags(f: VendorFacts, today: string): VendorFlag[] {
  const flags: VendorFlag[] = [];
  if (!f.hasEmergencyContact) flags.push('no_emergency_contact');
  if (f.contracts.length === 0) flags.push('no_contract');
  const perContract = f.contracts.map((c) => contractFlags(c, today));
  if (perContract.some((fl) => fl.includes('missing_clauses') && !fl.includes('expired'))) flags.push('contract_missing_clauses');
  if (perContract.length > 0 && perContract.every((fl) => fl.includes('expired'))) flags.push('contract_expired');
  if (f.assetCount > 0 && f.documentCount === 0) flags.push('no_mds_sds');
  return flags;
}

/** The latest end date among contracts (YYYY-MM-DD), or null. */
export function latestEnd(contracts: readonly { endsOn: string | null }[]): string | null {
  let latest: string | null = null;
  for (const c of contracts) if (c.endsOn && (latest === null || c.endsOn > latest)) latest = c.endsOn;
  return latest;
}
