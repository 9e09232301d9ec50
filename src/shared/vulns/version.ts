/**
 * Vendor version schemes: comparison, asset version parsing and range checks against NVD criteria. Pure.
 *
 * Comparison model (see docs/adr/0005-vulnerability-matching-policy.md):
 * - a version is split on punctuation/space into segments ("13.1-49.15" → 13 · 1 · 49 · 15);
 * - a segment is a run sequence of digits and letters ("8p15" → 8 · p · 15, "0e" → 0 · e);
 * - segments compare run by run: numbers numerically (leading zeros ignored), words lexically; at one position a
 *   pre-release word (alpha, beta, rc …) < the end of the segment < a number < any other word, so 4.0 < 4.0e,
 *   4.2.8p9 < 4.2.8p15, 2.0rc1 < 2.0, and a suffix segment is a patch (10.2.9 < 10.2.9-h1) unless it is a
 *   pre-release (2.0-beta9 < 2.0);
 * - missing trailing segments count as "0" (6.0 == 6.0.0, 13.1 < 13.1-8.50).
 * This is a total preorder (lexicographic order over canonical segment lists).
 */
import { attrText, compareAttribute, hasWildcard, isAny, isNa, quoteWfn } from './cpe.ts';
import type { CpeMatchCriteria, WfnValue } from './types.ts';

/** A run of digits (canonical, no leading zeros) or letters; `pre` marks a pre-release word (beta, rc …). */
type Run = { num: true; v: string } | { num: false; v: string; pre: boolean };
type Segment = Run[];

/** Letter runs that name a pre-release: they sort before the release they precede (2.0-rc1 < 2.0rc2 < 2.0). */
const PRE_RELEASE = new Set(['alpha', 'beta', 'rc', 'cr', 'pre', 'preview', 'dev', 'snapshot', 'milestone', 'ea']);

const ZERO_SEGMENT: Segment = [{ num: true, v: '0' }];
const cache = new Map<string, Segment[]>();

function tokenize(version: string): Segment[] {
  const hit = cache.get(version);
  if (hit) return hit;
  const s = version.toLowerCase();
  const segments: Segment[] = [];
  let seg: Segment = [];
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    const letter = c >= 97 && c <= 122;
    if (!digit && !letter) {
      if (seg.length) segments.push(seg);
      seg = [];
      i++;
      continue;
    }
    let j = i + 1;
    while (j < s.length) {
      const d = s.charCodeAt(j);
      if (digit ? !(d >= 48 && d <= 57) : !(d >= 97 && d <= 122)) break;
      j++;
    }
    const text = s.slice(i, j);
    if (digit) seg.push({ num: true, v: text.replace(/^0+(?=\d)/, '') });
    else seg.push({ num: false, v: text, pre: PRE_RELEASE.has(text) });
    i = j;
  }
  if (seg.length) segments.push(seg);
  if (cache.size > 20000) cache.clear();
  cache.set(version, segments);
  return segments;
}

/**
 * Rank of a run at one position: pre-release word < end of segment < number < other word. (Within a segment runs
 * alternate between digits and letters, so a number only ever meets a word in the first run of a segment.)
 */
function rank(r: Run | undefined): number {
  if (!r) return 1;
  if (r.num) return 2;
  return r.pre ? 0 : 3;
}

function compareSegment(a: Segment, b: Segment): -1 | 0 | 1 {
  const n = Math.max(a.length, b.length);
  for (let k = 0; k < n; k++) {
    const x = a[k];
    const y = b[k];
    const rx = rank(x);
    const ry = rank(y);
    if (rx !== ry) return rx < ry ? -1 : 1;
    if (!x || !y) continue;
    if (x.num && x.v.length !== y.v.length) return x.v.length < y.v.length ? -1 : 1;
    if (x.v !== y.v) return x.v < y.v ? -1 : 1;
  }
  return 0;
}

function compareSegments(a: Segment[], b: Segment[]): -1 | 0 | 1 {
  const n = Math.max(a.length, b.length);
  for (let k = 0; k < n; k++) {
    const r = compareSegment(a[k] ?? ZERO_SEGMENT, b[k] ?? ZERO_SEGMENT);
    if (r !== 0) return r;
  }
  return 0;
}

/** Compare two vendor versions: -1 when a < b, 0 when equivalent, 1 when a > b. */
export function compareVersions(a: string, b: string): -1 | 0 | 1 {
  if (a === b) return 0;
  return compareSegments(tokenize(a), tokenize(b));
}

/** True when `prefix`'s segments are the leading segments of `version` (6.0 is a prefix of 6.0.4, not of 6.04). */
export function isSegmentPrefix(prefix: string, version: string): boolean {
  const p = tokenize(prefix);
  const v = tokenize(version);
  if (p.length > v.length) return false;
  for (let k = 0; k < p.length; k++) if (compareSegment(p[k]!, v[k]!) !== 0) return false;
  return true;
}

/** The first version after every version that starts with `prefix` ("6.0" → "6.1", "9" → "10"). */
function successor(prefix: string): string {
  const segs = tokenize(prefix);
  const last = segs[segs.length - 1];
  if (!last) return '1';
  const head = segs.slice(0, -1).map(segText);
  const runs = last.slice();
  const lastRun = runs[runs.length - 1]!;
  if (lastRun.num) runs[runs.length - 1] = { num: true, v: (BigInt(lastRun.v) + 1n).toString() };
  else runs[runs.length - 1] = { num: false, v: lastRun.v + '{', pre: false }; // '{' sorts after 'z'
  return [...head, runs.map((r) => r.v).join('')].join('.');
}

function segText(seg: Segment): string {
  return seg.map((r) => r.v).join('');
}

/* ----------------------------------------------------------------------------------------------------------------
 * Asset versions
 * -------------------------------------------------------------------------------------------------------------- */

/** An asset's version: exact (update null = not recorded, '-' = none), a pattern with an unknown tail, or unknown. */
export type AssetVersion =
  | { kind: 'exact'; version: string; update: string | null }
  | { kind: 'pattern'; prefix: string }
  | { kind: 'unknown' };

const UNKNOWN_WORDS = new Set(['', '-', '?', '??', '???', 'unknown', 'n/a', 'na', 'none', 'tbd', '不明', '不詳', '未確認', '確認中', 'なし', '無し', '未定']);

/**
 * Split a vendor version that carries its fix level after an `R` (Pulse/Ivanti "9.0R3.4", Juniper "18.4R3-S9"):
 * NVD keeps the train in `version` and the release in `update` (`connect_secure:9.0:r3.4`).
 */
export function splitVendorVersion(text: string): { version: string; update: string | null } {
  const m = /^(\d+(?:\.\d+)*)(r\d[\w.-]*)$/i.exec(text.trim());
  if (m) return { version: m[1]!, update: m[2]!.toLowerCase() };
  return { version: text.trim(), update: null };
}

/**
 * Read a version as people write it in a ledger: product words dropped ("FortiOS 6.0.4" → 6.0.4, "Version 4.50",
 * "v6.2.9", "Rev.14.01.20"), "6.0.x" / "6.0.*" / "6.0系" → pattern 6.0, "unknown" / "不明" / "" → unknown,
 * "9.0R3.4" → version 9.0 + update r3.4.
 */
export function parseAssetVersion(text: string | null | undefined): AssetVersion {
  if (text === null || text === undefined) return { kind: 'unknown' };
  let s = text.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
  if (UNKNOWN_WORDS.has(s)) return { kind: 'unknown' };
  s = s
    .replace(/\(?\bbuild\s*\d+\b\)?/g, ' ')
    .replace(/\([^)\d]*\)/g, ' ') // "(GA)"; Cisco "9.8(4)" keeps its digits
    .replace(/(以降|以前|まで|版)$/u, '')
    .trim();
  const tokens = s.split(/[\s,、/]+/).filter((t) => /\d/.test(t));
  let token = tokens[tokens.length - 1];
  if (!token) return { kind: 'unknown' };
  const series = token.endsWith('系'); // "6.0系" = the 6.0 series
  if (series) token = token.slice(0, -1);
  token = token.replace(/^(?:version|ver\.?|rev\.?|v\.?)(?=\d)/, '').replace(/^[^\w]+|[.,;:、。]+$/g, '');
  // pattern: trailing .x / .* / 系
  const pat = /^(\d+(?:[.-]\d+)*)(?:[.-](?:x|\*))+$/.exec(token) ?? (series ? /^(\d+(?:\.\d+)*)$/.exec(token) : null);
  if (pat) return { kind: 'pattern', prefix: pat[1]! };
  if (!/^\d/.test(token) && !/^[a-z]{1,3}\d/.test(token)) return { kind: 'unknown' };
  const split = splitVendorVersion(token);
  return { kind: 'exact', version: split.version, update: split.update };
}

/**
 * The asset version an identity's WFN describes: version ANY → unknown, a trailing `*` → pattern, otherwise exact
 * (NA stays `-`). The update attribute: ANY → null (not recorded), NA → '-', otherwise its text.
 */
export function assetVersionFromWfn(version: WfnValue, update: WfnValue): AssetVersion {
  if (isAny(version)) return { kind: 'unknown' };
  const upd = isAny(update) ? null : attrText(update);
  if (isNa(version)) return { kind: 'exact', version: '-', update: upd };
  const text = attrText(version);
  if (hasWildcard(version)) {
    const prefix = text.replace(/[.\-_]?[*?]+$/, '');
    return prefix ? { kind: 'pattern', prefix } : { kind: 'unknown' };
  }
  return { kind: 'exact', version: text, update: upd };
}

/* ----------------------------------------------------------------------------------------------------------------
 * Ranges
 * -------------------------------------------------------------------------------------------------------------- */

export type VersionResult = 'in' | 'out' | 'maybe';

/** Why a version check came out as it did (configurations.ts turns it into evidence or a no-match reason). */
export type VersionBasis =
  | 'any' // criteria: every version
  | 'equal' // criteria names the asset's version (and update)
  | 'range' // version inside the bounds
  | 'pattern' // asset "6.0.x": overlaps (maybe) or lies inside (in) the range, or does not (out)
  | 'unknown' // asset version unknown
  | 'train' // criteria names a release train the asset's exact version belongs to ("12.1" vs "12.1-55.18")
  | 'update_unknown' // the criteria lists an update and the asset's update is not recorded
  | 'not_comparable' // asset version NA vs a range
  | 'outside_range'
  | 'not_listed' // criteria names another version
  | 'update_not_listed'; // same version, other update

export interface VersionVerdict {
  result: VersionResult;
  basis: VersionBasis;
  detail?: string;
}

function hasBounds(c: CpeMatchCriteria): boolean {
  return !!(c.startIncl || c.startExcl || c.endIncl || c.endExcl);
}

/**
 * The asset version to compare with one bound. When the asset carries an update (9.0 + r3.4, 10.2.9 + h1) and the
 * bound writes version and update together ("9.0r3.5", "10.2.9-h1"), the update is joined the way the bound does.
 */
function sideOf(version: string, update: string | null, bound: string): string {
  if (!update || update === '-' || !bound.startsWith(version)) return version;
  const rest = bound.slice(version.length).toLowerCase();
  const m = /^([^a-z0-9]*)[a-z]/.exec(rest);
  return m ? `${version}${m[1]}${update}` : version;
}

function inBounds(v: string, update: string | null, c: CpeMatchCriteria): boolean {
  if (c.startIncl && compareVersions(sideOf(v, update, c.startIncl), c.startIncl) < 0) return false;
  if (c.startExcl && compareVersions(sideOf(v, update, c.startExcl), c.startExcl) <= 0) return false;
  if (c.endIncl && compareVersions(sideOf(v, update, c.endIncl), c.endIncl) > 0) return false;
  if (c.endExcl && compareVersions(sideOf(v, update, c.endExcl), c.endExcl) >= 0) return false;
  return true;
}

/** Pattern [P, succ(P)) against the bounds: 'in' when contained, 'maybe' when overlapping, 'out' otherwise. */
function patternInBounds(prefix: string, c: CpeMatchCriteria): VersionResult {
  const succ = successor(prefix);
  const lo = c.startIncl ?? c.startExcl;
  if (lo !== undefined && compareVersions(lo, succ) >= 0) return 'out';
  if (c.endExcl && compareVersions(prefix, c.endExcl) >= 0) return 'out';
  if (c.endIncl && compareVersions(prefix, c.endIncl) > 0) return 'out';
  const loOk = lo === undefined || (c.startIncl ? compareVersions(c.startIncl, prefix) <= 0 : compareVersions(c.startExcl!, prefix) < 0);
  const hiOk = c.endExcl ? compareVersions(succ, c.endExcl) <= 0 : c.endIncl ? compareVersions(succ, c.endIncl) <= 0 : true;
  // With an inclusive end, succ(P) itself is in the range, so every P.* below it is too.
  return loOk && hiOk ? 'in' : 'maybe';
}

function checkUpdate(criteriaUpdate: WfnValue, assetUpdate: string | null, version: string): VersionVerdict {
  if (isAny(criteriaUpdate)) return { result: 'in', basis: 'equal' };
  const cu = attrText(criteriaUpdate);
  if (isNa(criteriaUpdate)) {
    if (assetUpdate === null || assetUpdate === '-') return { result: 'in', basis: 'equal' };
    return { result: 'out', basis: 'update_not_listed', detail: `${version} ${assetUpdate}; criteria: no update` };
  }
  if (assetUpdate === null) return { result: 'maybe', basis: 'update_unknown', detail: `criteria update ${cu}` };
  if (assetUpdate === '-') return { result: 'out', basis: 'update_not_listed', detail: `${version}; criteria update ${cu}` };
  const same = hasWildcard(criteriaUpdate)
    ? compareAttribute(criteriaUpdate, quoteWfn(assetUpdate)) === 'SUPERSET'
    : compareVersions(cu, assetUpdate) === 0;
  return same
    ? { result: 'in', basis: 'equal' }
    : { result: 'out', basis: 'update_not_listed', detail: `${version} ${assetUpdate}; criteria update ${cu}` };
}

/**
 * Detailed check of an asset version against one criteria (its version/update attributes and NVD bounds).
 * - bounds present: any combination of the four (a missing start is −∞); exact versions are compared, a pattern
 *   returns 'in' when the whole series lies inside, 'maybe' when it overlaps, never reading "x" as 0;
 * - no bounds and a concrete criteria version: equality, then the update attribute (an unlisted update is 'out');
 * - criteria version ANY without bounds: every version ('in').
 */
export function versionVerdict(asset: AssetVersion, c: CpeMatchCriteria, criteriaVersion: WfnValue, criteriaUpdate: WfnValue): VersionVerdict {
  const range = formatRange(c);
  if (hasBounds(c)) {
    if (asset.kind === 'unknown') return { result: 'maybe', basis: 'unknown', detail: range ?? undefined };
    if (asset.kind === 'pattern') {
      const r = patternInBounds(asset.prefix, c);
      return { result: r, basis: r === 'out' ? 'outside_range' : 'pattern', detail: `${asset.prefix}.x; ${range}` };
    }
    if (asset.version === '-') return { result: 'maybe', basis: 'not_comparable', detail: range ?? undefined };
    if (!inBounds(asset.version, asset.update, c)) return { result: 'out', basis: 'outside_range', detail: `${asset.version}; ${range}` };
    const u = checkUpdate(criteriaUpdate, asset.update, asset.version);
    return u.result === 'in' ? { result: 'in', basis: 'range', detail: range ?? undefined } : u;
  }
  if (isAny(criteriaVersion)) {
    if (asset.kind === 'exact') {
      const u = checkUpdate(criteriaUpdate, asset.update, asset.version);
      return u.result === 'in' ? { result: 'in', basis: 'any' } : u;
    }
    return isAny(criteriaUpdate) ? { result: 'in', basis: 'any' } : { result: 'maybe', basis: 'update_unknown' };
  }
  const cv = attrText(criteriaVersion);
  if (asset.kind === 'unknown') return { result: 'maybe', basis: 'unknown', detail: cv };
  if (asset.kind === 'pattern') {
    if (isNa(criteriaVersion)) return { result: 'out', basis: 'not_listed', detail: `${asset.prefix}.x; criteria: -` };
    const inSeries = hasWildcard(criteriaVersion)
      ? true
      : isSegmentPrefix(asset.prefix, cv) || compareVersions(asset.prefix, cv) === 0;
    return inSeries
      ? { result: 'maybe', basis: 'pattern', detail: `${asset.prefix}.x; ${cv}` }
      : { result: 'out', basis: 'not_listed', detail: `${asset.prefix}.x; ${cv}` };
  }
  // exact asset version against a concrete (or NA) criteria version
  let same: boolean;
  if (isNa(criteriaVersion) || asset.version === '-') same = isNa(criteriaVersion) && asset.version === '-';
  else if (hasWildcard(criteriaVersion)) same = compareAttribute(criteriaVersion, quoteWfn(asset.version)) === 'SUPERSET';
  else same = compareVersions(cv, asset.version) === 0;
  if (!same) {
    if (!isNa(criteriaVersion) && asset.version !== '-' && isSegmentPrefix(cv, asset.version) && tokenize(asset.version).length > tokenize(cv).length) {
      return { result: 'maybe', basis: 'train', detail: `${asset.version}; ${cv}` };
    }
    return { result: 'out', basis: 'not_listed', detail: `${asset.version}; ${cv}` };
  }
  return checkUpdate(criteriaUpdate, asset.update, asset.version);
}

/** Three-valued version check (see versionVerdict). */
export function versionInCriteria(asset: AssetVersion, c: CpeMatchCriteria, criteriaVersion: WfnValue, criteriaUpdate: WfnValue): VersionResult {
  return versionVerdict(asset, c, criteriaVersion, criteriaUpdate).result;
}

/** Human-readable bounds, e.g. `6.0.0 ≤ v < 6.0.5`, `v ≤ 1.2.8`; null when the criteria has no bounds. */
export function formatRange(c: CpeMatchCriteria): string | null {
  const lo = c.startIncl ? `${c.startIncl} ≤ ` : c.startExcl ? `${c.startExcl} < ` : '';
  const hi = c.endIncl ? ` ≤ ${c.endIncl}` : c.endExcl ? ` < ${c.endExcl}` : '';
  if (!lo && !hi) return null;
  if (lo && !hi) return c.startIncl ? `v ≥ ${c.startIncl}` : `v > ${c.startExcl}`;
  return `${lo}v${hi}`;
}

/** How many leading segments two versions share (used to pick the nearest criteria when explaining a non-match). */
export function sharedSegments(a: string, b: string): number {
  const x = tokenize(a);
  const y = tokenize(b);
  let k = 0;
  while (k < x.length && k < y.length && compareSegment(x[k]!, y[k]!) === 0) k++;
  return k;
}
