/**
 * KEV text fallback (pure). CISA KEV names products only as free text (`vendorProject`, `product`), e.g.
 * "Fortinet" / "FortiOS and FortiProxy". When NVD has not analysed a known-exploited CVE yet (no configurations),
 * these keys say which asset identities it concerns: an identity whose (vendor, product) is one of them matches
 * with confidence `vendor-product` (the affected versions are unknown).
 *
 * The product text is split into its parts ("A and B", "A, B, and C"); each part (prefixed with the vendor) goes
 * through the alias table of identity.ts (first rule wins, as for assets); a few KEV spellings of products the
 * alias table does not cover (Windows, the Linux kernel, Chromium) are known here; any other part becomes the
 * plain CPE-like key `vendor:product` (lower case, spaces → `_`, parenthesised abbreviations dropped), which
 * only matches an asset whose explicit CPE names exactly that product.
 */
import { indexKey } from './cpe.ts';
import { findAlias, normaliseText } from './identity.ts';
import type { AssetIdentity, MatchEvidence } from './types.ts';

/** A candidate (vendor, product) in the index form of `indexKey`. */
export interface KevProductKey {
  vendor: string;
  product: string;
}

const WIN10 = ['1507', '1511', '1607', '1703', '1709', '1803', '1809', '1903', '1909', '2004', '20h2', '21h1', '21h2', '22h2'];
const WIN11 = ['21h2', '22h2', '23h2', '24h2', '25h2'];
const WIN_SERVER = ['2003', '2008', '2012', '2016', '2019', '2022', '2025'];

/** Every Windows product name the OS rules of identity.ts produce. */
const WINDOWS_PRODUCTS = [
  'windows',
  'windows_xp',
  'windows_vista',
  'windows_7',
  'windows_embedded_standard_7',
  'windows_8.1',
  'windows_rt_8.1',
  'windows_10',
  ...WIN10.map((f) => `windows_10_${f}`),
  'windows_11',
  ...WIN11.map((f) => `windows_11_${f}`),
  ...WIN_SERVER.map((y) => `windows_server_${y}`),
];

/** KEV spellings the alias table does not cover: tested against `vendor part` (normalised). */
const KEV_RULES: readonly { match: RegExp; keys: KevProductKey[] }[] = [
  // "Windows", "Windows CNG Key Isolation Service", "Win32k": components of the OS.
  { match: /^microsoft (windows\b(?! (defender|media player|server update services))|win32k\b)/, keys: WINDOWS_PRODUCTS.map((product) => ({ vendor: 'microsoft', product })) },
  { match: /^linux kernel\b/, keys: [{ vendor: 'linux', product: 'linux_kernel' }] },
  { match: /^google chromium\b/, keys: [{ vendor: 'google', product: 'chrome' }] },
];

/** Parts of a KEV product text: "NetScaler ADC and NetScaler Gateway" → ["NetScaler ADC", "NetScaler Gateway"]. */
function productParts(product: string): string[] {
  return normaliseText(product)
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+|\s*\/\s*/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** CPE-like token: lower case, parenthesised text dropped, spaces → `_`, characters CPE would quote dropped. */
function token(s: string): string {
  return normaliseText(s)
    .replace(/\([^)]*\)/g, ' ')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9._\- ]/g, ' ')
    .trim()
    .replace(/\s+/g, '_');
}

/** The candidate (vendor, product) keys of a KEV entry; empty for "Multiple Products" and the like. */
export function kevProductKeys(vendorProject: string, product: string): KevProductKey[] {
  const out = new Map<string, KevProductKey>();
  const add = (k: KevProductKey) => {
    if (k.vendor && k.product) out.set(`${k.vendor}:${k.product}`, k);
  };
  const vendorText = normaliseText(vendorProject);
  const vendor = token(vendorProject);
  for (const part of productParts(product)) {
    if (/\bmultiple (products|chipsets)\b|^various\b/.test(part)) continue;
    const rule = KEV_RULES.find((r) => r.match.test(`${vendorText} ${part}`));
    if (rule) {
      rule.keys.forEach(add);
      continue;
    }
    const alias = findAlias({ vendor: vendorProject, product: part, version: null });
    if (alias) {
      for (const t of alias.targets) add({ vendor: t.vendor, product: t.product });
      for (const t of alias.hardware?.(`${vendorText} ${part}`) ?? []) add({ vendor: t.vendor, product: t.product });
      if (alias.targets.length > 0 || alias.hardware) continue;
    }
    const p = token(part).replace(/_software$/, '');
    add({ vendor, product: p });
    // "Palo Alto Networks" is `paloaltonetworks` in CPE names.
    if (vendor.includes('_')) add({ vendor: vendor.replace(/_/g, ''), product: p });
  }
  return [...out.values()];
}

/** How the evidence names a KEV entry: `KEV: Fortinet FortiOS`. */
export function kevCriteriaLabel(vendorProject: string, product: string): string {
  return `KEV: ${vendorProject.trim()} ${product.trim()}`.replace(/\s+/g, ' ');
}

/** The key string of a (vendor, product), as kevProductKeys and identity keys are compared. */
export function kevKeyString(k: KevProductKey): string {
  return `${k.vendor}:${k.product}`;
}

/**
 * Evidence of a KEV entry against an asset's identities: one item per identity whose (vendor, product) is one of
 * the keys (empty when none is). Configuration -1, no range, reason `kev_vendor_product`.
 */
export function kevEvidence(criteria: string, keys: ReadonlySet<string>, identities: readonly AssetIdentity[]): MatchEvidence[] {
  const out: MatchEvidence[] = [];
  for (const i of identities) {
    const k = indexKey(i.wfn);
    if (keys.has(`${k.vendor}:${k.product}`)) out.push({ configuration: -1, criteria, range: null, identity: i.cpe, reason: 'kev_vendor_product', vulnerable: true });
  }
  return out;
}
