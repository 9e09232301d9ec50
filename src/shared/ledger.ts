import ipaddr from 'ipaddr.js';

/**
 * The Ledger (情報資産台帳): closed sets and pure domain rules for assets and network segments.
 * Used by the server (validation, flags), the UI (labels, badges) and later the import.
 */

/** Asset types with their Japanese labels (the import accepts either). */
export const ASSET_TYPES = [
  'server',
  'client_pc',
  'network_device',
  'vpn_gateway',
  'firewall',
  'medical_device',
  'application',
  'storage',
  'printer',
  'iot',
  'cloud_service',
  'data_store',
] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

export const ASSET_TYPE_LABELS_JA: Record<AssetType, string> = {
  server: 'サーバ',
  client_pc: '端末PC',
  network_device: 'ネットワーク機器',
  vpn_gateway: 'VPN装置',
  firewall: 'ファイアウォール',
  medical_device: '医療機器',
  application: 'システム',
  storage: 'ストレージ',
  printer: 'プリンタ・複合機',
  iot: 'IoT機器',
  cloud_service: 'クラウドサービス',
  data_store: 'データ',
};

/** Types for which a version or firmware is meaningful (others are never flagged "unknown version"). */
export const VERSIONED_ASSET_TYPES: readonly AssetType[] = ASSET_TYPES.filter((t) => t !== 'cloud_service' && t !== 'data_store');

/** How the asset can be reached: internet-facing, from a vendor (maintenance) line, or internal only. */
export const EXPOSURES = ['internet', 'vendor_line', 'internal'] as const;
export type Exposure = (typeof EXPOSURES)[number];

/** Criticality for patient care: 1 = care stops without it … 4 = no impact. */
export const CRITICALITIES = [1, 2, 3, 4] as const;
export type Criticality = (typeof CRITICALITIES)[number];

/** `from` runs on `to` (an application on a server); `from` depends on `to` (a device on another). */
export const ASSET_RELATION_KINDS = ['runs_on', 'depends_on'] as const;
export type AssetRelationKind = (typeof ASSET_RELATION_KINDS)[number];

export const SEGMENT_PURPOSES = ['emr', 'departmental', 'medical_device', 'internet', 'maintenance', 'office', 'other'] as const;
export type SegmentPurpose = (typeof SEGMENT_PURPOSES)[number];

export const SEGMENT_PURPOSE_LABELS_JA: Record<SegmentPurpose, string> = {
  emr: '電子カルテ系',
  departmental: '部門系',
  medical_device: '医療機器系',
  internet: 'インターネット系',
  maintenance: '保守回線',
  office: '事務系',
  other: 'その他',
};

export const ASSET_FLAGS = ['end_of_support_passed', 'end_of_support_soon', 'unknown_version', 'ip_outside_segment'] as const;
export type AssetFlag = (typeof ASSET_FLAGS)[number];

/** End of support within this many days (inclusive) is "soon". */
export const END_OF_SUPPORT_SOON_DAYS = 180;

/** Version values that mean "we do not know" (compared trimmed and lower-cased). */
export const UNKNOWN_VERSION_VALUES: readonly string[] = ['', 'unknown', '不明', '?', '-', 'n/a', 'na', 'none', 'なし'];

// --- addresses ----------------------------------------------------------------------------------

/** An IPv4 address in strict dotted-quad form (no leading zeros, no shorthand). */
export function isIpv4(value: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(value);
}

/** An IPv6 address (no zone id). IPv4-in-IPv6 forms such as `::ffff:10.0.0.1` are accepted. */
export function isIpv6(value: string): boolean {
  return !value.includes('%') && value.includes(':') && ipaddr.IPv6.isValid(value);
}

export function isIp(value: string): boolean {
  return isIpv4(value) || isIpv6(value);
}

/** The canonical text of an address (IPv6 per RFC 5952, lower case); the input when it is not an address. */
export function normalizeIp(value: string): string {
  const v = value.trim();
  if (isIpv4(v)) return v;
  if (isIpv6(v)) {
    const a = ipaddr.IPv6.parse(v);
    return a.isIPv4MappedAddress() ? `::ffff:${a.toIPv4Address().toString()}` : a.toRFC5952String();
  }
  return v;
}

export type CidrProblem = 'invalid' | 'host_bits_set';

/** Checks `10.1.0.0/16` or `fd00:1::/64`: a network address with a prefix length and no host bits set. */
export function checkCidr(value: string): CidrProblem | null {
  const slash = value.indexOf('/');
  if (slash < 0) return 'invalid';
  const addr = value.slice(0, slash);
  const bits = value.slice(slash + 1);
  if (!/^(0|[1-9]\d{0,2})$/.test(bits)) return 'invalid';
  const prefix = Number(bits);
  if (isIpv4(addr)) {
    if (prefix > 32) return 'invalid';
    const net = ipaddr.IPv4.networkAddressFromCIDR(`${addr}/${prefix}`);
    return net.toString() === addr ? null : 'host_bits_set';
  }
  if (isIpv6(addr)) {
    if (prefix > 128) return 'invalid';
    const net = ipaddr.IPv6.networkAddressFromCIDR(`${addr}/${prefix}`);
    return net.toNormalizedString() === ipaddr.IPv6.parse(addr).toNormalizedString() ? null : 'host_bits_set';
  }
  return 'invalid';
}

export function isCidr(value: string): boolean {
  return checkCidr(value) === null;
}

/** The canonical text of a valid CIDR (IPv6 per RFC 5952); the input otherwise. */
export function normalizeCidr(value: string): string {
  const v = value.trim();
  if (checkCidr(v) !== null) return v;
  const [addr, bits] = v.split('/') as [string, string];
  return `${normalizeIp(addr)}/${bits}`;
}

/** Whether an address lies in a CIDR. Different families (IPv4 vs IPv6) never match; IPv4-mapped IPv6 is treated as IPv4. */
export function ipInCidr(ip: string, cidr: string): boolean {
  if (!isIp(ip) || !isCidr(cidr)) return false;
  let addr: ipaddr.IPv4 | ipaddr.IPv6 = isIpv4(ip) ? ipaddr.IPv4.parse(ip) : ipaddr.IPv6.parse(ip);
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
  const [net, prefix] = ipaddr.parseCIDR(cidr);
  if (addr.kind() !== net.kind()) return false;
  return addr.match(net, prefix);
}

/** Whether an address lies in any of the CIDRs. */
export function ipInAnyCidr(ip: string, cidrs: readonly string[]): boolean {
  return cidrs.some((c) => ipInCidr(ip, c));
}

// --- MAC addresses ------------------------------------------------------------------------------

const MAC_PATTERNS = [/^[0-9a-f]{2}([:-])[0-9a-f]{2}(\1[0-9a-f]{2}){4}$/i, /^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i, /^[0-9a-f]{12}$/i];

/** `00:1a:2b:3c:4d:5e`, `00-1A-2B-3C-4D-5E`, `001a.2b3c.4d5e` or `001A2B3C4D5E`. */
export function isMac(value: string): boolean {
  return MAC_PATTERNS.some((p) => p.test(value));
}

/** `00:1a:2b:3c:4d:5e` (lower case, colons); the input when it is not a MAC address. */
export function normalizeMac(value: string): string {
  const v = value.trim();
  if (!isMac(v)) return v;
  const hex = v.replace(/[^0-9a-f]/gi, '').toLowerCase();
  return hex.match(/../g)!.join(':');
}

// --- CPE 2.3 ------------------------------------------------------------------------------------

/** One attribute value of a CPE 2.3 formatted string (NIST IR 7695, as in the NVD dictionary schema). */
const CPE_VALUE = String.raw`(?:(?:\?*|\*?)(?:[a-zA-Z0-9\-._]|\\[\\*?!"#$%&'()+,/:;<=>@\[\]^` + '`' + String.raw`{|}~])+(?:\?*|\*?)|[*-])`;
const CPE_LANGUAGE = String.raw`(?:[a-zA-Z]{2,3}(?:-(?:[a-zA-Z]{2}|[0-9]{3}))?|[*-])`;
const CPE_23 = new RegExp(`^cpe:2\\.3:[aho*-](?::${CPE_VALUE}){5}:${CPE_LANGUAGE}(?::${CPE_VALUE}){4}$`);

/** A CPE 2.3 formatted string: `cpe:2.3:part:vendor:product:version:update:edition:language:sw_edition:target_sw:target_hw:other` (13 components). */
export function isCpe23(value: string): boolean {
  return value.length <= 512 && CPE_23.test(value);
}

// --- dates --------------------------------------------------------------------------------------

/** A real calendar date as YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** `date` plus `days` calendar days (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  return new Date(d.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

// --- flags --------------------------------------------------------------------------------------

export interface FlagSubject {
  type: AssetType;
  version: string | null;
  ips: readonly string[];
  endOfSupport: string | null;
  segmentId: string | null;
}

export function isUnknownVersion(asset: Pick<FlagSubject, 'type' | 'version'>): boolean {
  if (!VERSIONED_ASSET_TYPES.includes(asset.type)) return false;
  return asset.version === null || UNKNOWN_VERSION_VALUES.includes(asset.version.trim().toLowerCase());
}

/** Addresses of the asset outside every CIDR of its segment (none when the segment has no CIDRs). */
export function ipsOutsideSegment(ips: readonly string[], segmentCidrs: readonly string[] | null): string[] {
  if (!segmentCidrs || segmentCidrs.length === 0) return [];
  return ips.filter((ip) => !ipInAnyCidr(ip, segmentCidrs));
}

/**
 * The risk flags of an asset on a day (`today` = YYYY-MM-DD in JST): support ended, support ends within
 * 180 days, the version is unknown, an address lies outside the asset's segment.
 */
export function assetFlags(asset: FlagSubject, segment: { cidrs: readonly string[] } | null, today: string): AssetFlag[] {
  const flags: AssetFlag[] = [];
  if (asset.endOfSupport) {
    if (asset.endOfSupport < today) flags.push('end_of_support_passed');
    else if (asset.endOfSupport <= addDays(today, END_OF_SUPPORT_SOON_DAYS)) flags.push('end_of_support_soon');
  }
  if (isUnknownVersion(asset)) flags.push('unknown_version');
  if (asset.segmentId && segment && ipsOutsideSegment(asset.ips, segment.cidrs).length > 0) flags.push('ip_outside_segment');
  return flags;
}

/** `date` plus `months` calendar months (YYYY-MM-DD), clamped to the end of a shorter month (2026-01-31 + 1 → 2026-02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}
