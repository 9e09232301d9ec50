/**
 * Types shared by the matching core (cpe.ts, version.ts, configurations.ts, identity.ts), the feeds importer,
 * the findings engine, the API contracts and the UI. Pure data, no behaviour.
 */

/** A logical CPE attribute value (NISTIR 7695): ANY (`*`) or NA (`-`). */
export type CpeLogical = { logical: 'ANY' } | { logical: 'NA' };

/**
 * One attribute of a well-formed name: a logical value, or a string in WFN form (lower-cased, special characters
 * backslash-quoted, unquoted `*`/`?` only at the start or end as wildcards).
 */
export type WfnValue = string | CpeLogical;

/** A CPE well-formed name (NISTIR 7695) with its 11 attributes. */
export interface Wfn {
  part: WfnValue;
  vendor: WfnValue;
  product: WfnValue;
  version: WfnValue;
  update: WfnValue;
  edition: WfnValue;
  language: WfnValue;
  sw_edition: WfnValue;
  target_sw: WfnValue;
  target_hw: WfnValue;
  other: WfnValue;
}

/** One NVD `cpeMatch` entry, normalised (2.0 `criteria` or 1.1 `cpe23Uri`; bounds as given by NVD). */
export interface CpeMatchCriteria {
  criteria: string;
  vulnerable: boolean;
  startIncl?: string;
  startExcl?: string;
  endIncl?: string;
  endExcl?: string;
  /** NVD matchCriteriaId when present. */
  id?: string;
}

export interface VulnNode {
  operator: 'AND' | 'OR';
  negate: boolean;
  matches: CpeMatchCriteria[];
}

/** One NVD configuration; a CVE applies when ANY configuration is satisfied. 1.1 `children` are flattened into nodes. */
export interface VulnConfiguration {
  operator: 'AND' | 'OR';
  negate: boolean;
  nodes: VulnNode[];
}

export const CONFIDENCES = ['exact', 'possible', 'vendor-product'] as const;
/** exact: version known and decided by the criteria; possible: unknown patch level ("6.0.x") or platform not confirmed; vendor-product: no version comparison possible (asset version unknown, or a JVN entry). */
export type Confidence = (typeof CONFIDENCES)[number];

/** Why a criteria matched (shown as evidence, translated as `vulns.reason.<code>`). */
export const MATCH_REASONS = [
  'version_in_range',
  'version_equal',
  'version_any',
  'version_pattern_overlaps',
  'asset_version_unknown',
  'platform_matched',
  'platform_unconfirmed',
  'platform_component',
  'jvn_vendor_product',
  'kev_vendor_product',
] as const;
export type MatchReason = (typeof MATCH_REASONS)[number];

/** Why an asset does not match a vulnerability (for `vulns explain`). */
export const NO_MATCH_REASONS = [
  'no_identity',
  'no_definition',
  'product_not_named',
  'attribute_differs',
  'version_outside_range',
  'version_not_listed',
  'platform_mismatch',
  'negated',
  'rejected',
] as const;
export type NoMatchReason = (typeof NO_MATCH_REASONS)[number];

/** The evidence of one match: which criteria, which asset identity, which range, and why. */
export interface MatchEvidence {
  /** Index of the configuration in the CVE (0-based); -1 for JVN and for the KEV text fallback. */
  configuration: number;
  criteria: string;
  /** Human-readable range, e.g. `6.0.0 ≤ v < 6.0.5`, or null when the criteria names one version or none. */
  range: string | null;
  /** The asset identity (CPE 2.3) that matched. */
  identity: string;
  reason: MatchReason;
  vulnerable: boolean;
}

/** Where an asset identity came from. */
export const IDENTITY_SOURCES = ['cpe', 'alias', 'os'] as const;
export type IdentitySource = (typeof IDENTITY_SOURCES)[number];

/** One product identity of an asset: the asset's explicit CPE, its vendor/product/version through the alias table, or its OS. */
export interface AssetIdentity {
  source: IdentitySource;
  /** CPE 2.3 formatted string of the identity (version may be `*` when unknown). */
  cpe: string;
  wfn: Wfn;
  /** exact: a concrete version; pattern: a version with an unknown tail ("6.0.x"); unknown: no version. */
  version: 'exact' | 'pattern' | 'unknown';
  /** The alias rule that produced it (for evidence), e.g. `fortigate`. */
  alias?: string;
}

/** Fields of an asset that identity derivation reads. */
export interface AssetProductFields {
  type: string;
  vendor: string | null;
  product: string | null;
  version: string | null;
  cpe: string | null;
  os: string | null;
}

/** Result of matching one vulnerability definition against an asset's identities. */
export type MatchOutcome =
  | { affected: true; confidence: Confidence; evidence: MatchEvidence[] }
  | { affected: false; reasons: { reason: NoMatchReason; criteria?: string; identity?: string; detail?: string }[] };
