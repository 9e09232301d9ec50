/**
 * NVD configurations evaluated against an asset's identities. Pure. The policy is in
 * docs/adr/0005-vulnerability-matching-policy.md; in short:
 * - a criteria matches an identity when part, vendor and product are SUPERSET or EQUAL of the identity's (ambiguous
 *   vendor-SUBSET/product-SUPERSET or the reverse is rejected; an identity whose product is ANY/NA never matches),
 *   the other descriptive attributes are not DISJOINT (an identity leaves them ANY = "not recorded"), and the version
 *   and update are accepted by version.ts;
 * - OR over configurations; nodes OR/AND with negate; AND configurations of a vulnerable node and platform nodes are
 *   the running-on pattern (platform matched / unconfirmed / mismatch / component).
 */
import { ANY, attrText, compareAttribute, indexKey, isAny, isNa, parseCpe, WFN_ATTRIBUTES } from './cpe.ts';
import type {
  AssetIdentity,
  Confidence,
  CpeMatchCriteria,
  MatchEvidence,
  MatchOutcome,
  MatchReason,
  NoMatchReason,
  VulnConfiguration,
  VulnNode,
  Wfn,
} from './types.ts';
import { assetVersionFromWfn, formatRange, sharedSegments, versionVerdict, type AssetVersion, type VersionVerdict } from './version.ts';

type NoMatch = { reason: NoMatchReason; criteria?: string; identity?: string; detail?: string };

const RANK: Record<Confidence, number> = { exact: 3, possible: 2, 'vendor-product': 1 };
const minConf = (a: Confidence, b: Confidence): Confidence => (RANK[a] <= RANK[b] ? a : b);
const maxConf = (a: Confidence, b: Confidence): Confidence => (RANK[a] >= RANK[b] ? a : b);

/* ----------------------------------------------------------------------------------------------------------------
 * One criteria against one identity
 * -------------------------------------------------------------------------------------------------------------- */

const wfnCache = new Map<string, Wfn | null>();
/** Parse (and remember) a criteria string. */
export function criteriaWfn(criteria: string): Wfn | null {
  let w = wfnCache.get(criteria);
  if (w === undefined) {
    w = parseCpe(criteria);
    if (wfnCache.size > 50000) wfnCache.clear();
    wfnCache.set(criteria, w);
  }
  return w;
}

interface Hit {
  identity: AssetIdentity;
  confidence: Confidence;
  reason: MatchReason;
}
interface Miss extends NoMatch {
  /** How close the identity came (higher = nearer); product-named misses outrank product_not_named. */
  score: number;
}
type CriteriaResult = { hit: Hit } | { miss: Miss };

const DESCRIPTIVE = WFN_ATTRIBUTES.filter((a) => a !== 'part' && a !== 'vendor' && a !== 'product' && a !== 'version' && a !== 'update');

function identityVersion(identity: AssetIdentity): AssetVersion {
  return assetVersionFromWfn(identity.wfn.version, identity.wfn.update);
}

function fromVerdict(v: VersionVerdict): { confidence: Confidence; reason: MatchReason } {
  if (v.result === 'in') {
    return { confidence: 'exact', reason: v.basis === 'equal' ? 'version_equal' : v.basis === 'any' ? 'version_any' : 'version_in_range' };
  }
  if (v.basis === 'unknown') return { confidence: 'vendor-product', reason: 'asset_version_unknown' };
  if (v.basis === 'pattern' || v.basis === 'train') return { confidence: 'possible', reason: 'version_pattern_overlaps' };
  return { confidence: 'possible', reason: 'asset_version_unknown' }; // update_unknown, not_comparable
}

/** Does the criteria name the identity's product (part, vendor, product)? */
function namesProduct(cw: Wfn, id: Wfn): 'yes' | 'no' | 'ambiguous' {
  if (isAny(id.product) || isNa(id.product)) return 'no';
  const rp = compareAttribute(cw.part, id.part);
  if (rp === 'DISJOINT' || rp === 'UNDEFINED') return 'no'; // an identity with part ANY (not recorded) is accepted
  const rv = compareAttribute(cw.vendor, id.vendor);
  const rr = compareAttribute(cw.product, id.product);
  if (rv === 'DISJOINT' || rv === 'UNDEFINED' || rr === 'DISJOINT' || rr === 'UNDEFINED') return 'no';
  if ((rv === 'SUBSET' && rr === 'SUPERSET') || (rv === 'SUPERSET' && rr === 'SUBSET')) return 'ambiguous';
  if (rr === 'SUBSET') return 'no'; // identity product unknown: excluded above, kept for safety
  return 'yes';
}

/** Match one criteria against one identity. */
export function matchCriteria(c: CpeMatchCriteria, identity: AssetIdentity): CriteriaResult {
  const cw = criteriaWfn(c.criteria);
  if (!cw) return { miss: { reason: 'rejected', criteria: c.criteria, identity: identity.cpe, detail: 'invalid criteria', score: 0 } };
  const named = namesProduct(cw, identity.wfn);
  if (named === 'no') return { miss: { reason: 'product_not_named', criteria: c.criteria, identity: identity.cpe, score: 0 } };
  if (named === 'ambiguous') {
    return { miss: { reason: 'rejected', criteria: c.criteria, identity: identity.cpe, detail: 'ambiguous vendor/product', score: 1 } };
  }
  for (const a of DESCRIPTIVE) {
    const r = compareAttribute(cw[a], identity.wfn[a]);
    if (r === 'DISJOINT' || r === 'UNDEFINED') {
      return {
        miss: { reason: 'attribute_differs', criteria: c.criteria, identity: identity.cpe, detail: `${a}: ${attrText(identity.wfn[a])} ≠ ${attrText(cw[a])}`, score: 2 },
      };
    }
  }
  const av = identityVersion(identity);
  const v = versionVerdict(av, c, cw.version, cw.update);
  if (v.result === 'out') {
    const reason: NoMatchReason = v.basis === 'outside_range' ? 'version_outside_range' : 'version_not_listed';
    const asset = av.kind === 'exact' ? av.version : av.kind === 'pattern' ? av.prefix : '';
    const anchors = [c.startIncl, c.startExcl, c.endIncl, c.endExcl, isAny(cw.version) ? undefined : attrText(cw.version)].filter(
      (x): x is string => !!x,
    );
    const near = Math.max(0, ...anchors.map((x) => sharedSegments(asset, x)));
    // same version, other update: nearer still, and nearest when the updates share leading segments (r3.4 vs r3.3)
    const updateNear =
      v.basis === 'update_not_listed' && av.kind === 'exact' && av.update && !isAny(cw.update) ? 1 + sharedSegments(av.update, attrText(cw.update)) : 0;
    return { miss: { reason, criteria: c.criteria, identity: identity.cpe, detail: v.detail, score: 10 + near * 10 + updateNear } };
  }
  return { hit: { identity, ...fromVerdict(v) } };
}

/* ----------------------------------------------------------------------------------------------------------------
 * Nodes and configurations
 * -------------------------------------------------------------------------------------------------------------- */

interface NodeEval {
  satisfied: boolean;
  confidence: Confidence;
  /** Criteria that matched, with the identity that matched best. */
  hits: { c: CpeMatchCriteria; hit: Hit }[];
  misses: Miss[];
  negated: boolean;
}

function evalCriteria(c: CpeMatchCriteria, identities: AssetIdentity[]): { hit?: Hit; misses: Miss[] } {
  let best: Hit | undefined;
  const misses: Miss[] = [];
  for (const id of identities) {
    const r = matchCriteria(c, id);
    if ('hit' in r) {
      if (!best || RANK[r.hit.confidence] > RANK[best.confidence]) best = r.hit;
    } else misses.push(r.miss);
  }
  return { hit: best, misses };
}

/** Evaluate a node; with `vulnerableOnly`, criteria with vulnerable:false do not count. */
function evalNode(node: VulnNode, identities: AssetIdentity[], vulnerableOnly: boolean): NodeEval {
  const counted = vulnerableOnly ? node.matches.filter((m) => m.vulnerable) : node.matches;
  const hits: NodeEval['hits'] = [];
  const misses: Miss[] = [];
  let all = counted.length > 0;
  for (const c of counted) {
    const r = evalCriteria(c, identities);
    if (r.hit) hits.push({ c, hit: r.hit });
    else all = false;
    misses.push(...r.misses);
  }
  let satisfied = node.operator === 'AND' ? all : hits.length > 0;
  let confidence: Confidence = 'exact';
  if (satisfied) {
    const confs = hits.map((h) => h.hit.confidence);
    confidence = node.operator === 'AND' ? confs.reduce(minConf, 'exact') : confs.reduce(maxConf, 'vendor-product');
  }
  if (node.negate) {
    // Negation: satisfied when the inner node fails. An inner match that is only possible/vendor-product leaves the
    // negation open: satisfied, but at most `possible`. An exact inner match makes the negated node fail.
    if (!satisfied) {
      return { satisfied: true, confidence: 'exact', hits: [], misses: [], negated: true };
    }
    if (confidence !== 'exact') return { satisfied: true, confidence: 'possible', hits: [], misses: [], negated: true };
    return {
      satisfied: false,
      confidence: 'exact',
      hits: [],
      misses: hits.map((h) => ({ reason: 'negated' as const, criteria: h.c.criteria, identity: h.hit.identity.cpe, score: 30 })),
      negated: true,
    };
  }
  satisfied = satisfied && counted.length > 0;
  return { satisfied, confidence, hits, misses, negated: false };
}

function evidenceOf(index: number, c: CpeMatchCriteria, identity: string, reason: MatchReason): MatchEvidence {
  return { configuration: index, criteria: c.criteria, range: formatRange(c), identity, reason, vulnerable: c.vulnerable };
}

interface ConfigEval {
  satisfied: boolean;
  confidence: Confidence;
  evidence: MatchEvidence[];
  misses: Miss[];
}

function isPlatformNode(n: VulnNode): boolean {
  return n.matches.length > 0 && n.matches.every((m) => !m.vulnerable);
}

function evalConfiguration(cfg: VulnConfiguration, index: number, identities: AssetIdentity[]): ConfigEval {
  const result = cfg.operator === 'AND' && cfg.nodes.length > 1 ? evalRunningOn(cfg, index, identities) : evalOr(cfg, index, identities);
  if (!cfg.negate) return result;
  if (!result.satisfied) return { satisfied: true, confidence: 'possible', evidence: [], misses: [] };
  return { satisfied: false, confidence: 'exact', evidence: [], misses: result.evidence.map((e) => ({ reason: 'negated', criteria: e.criteria, identity: e.identity, score: 30 })) };
}

function evalOr(cfg: VulnConfiguration, index: number, identities: AssetIdentity[]): ConfigEval {
  let best: Confidence | null = null;
  const evidence: MatchEvidence[] = [];
  const misses: Miss[] = [];
  for (const node of cfg.nodes) {
    const r = evalNode(node, identities, true);
    misses.push(...r.misses);
    if (!r.satisfied) continue;
    best = best ? maxConf(best, r.confidence) : r.confidence;
    for (const h of r.hits) evidence.push(evidenceOf(index, h.c, h.hit.identity.cpe, h.hit.reason));
  }
  return best ? { satisfied: true, confidence: best, evidence, misses } : { satisfied: false, confidence: 'exact', evidence: [], misses };
}

/** AND configuration: vulnerable nodes (some vulnerable:true criteria) and platform nodes (all vulnerable:false). */
function evalRunningOn(cfg: VulnConfiguration, index: number, identities: AssetIdentity[]): ConfigEval {
  const vulnNodes = cfg.nodes.filter((n) => !isPlatformNode(n));
  const platformNodes = cfg.nodes.filter(isPlatformNode);
  const misses: Miss[] = [];
  const evidence: MatchEvidence[] = [];
  let confidence: Confidence = 'exact';

  const vulnEvals = vulnNodes.map((n) => evalNode(n, identities, true));
  const platformEvals = platformNodes.map((n) => evalNode(n, identities, false));
  for (const e of vulnEvals) misses.push(...e.misses);

  const vulnMatched = vulnEvals.length > 0 && vulnEvals.every((e) => e.satisfied);
  if (vulnMatched) {
    for (const e of vulnEvals) {
      confidence = minConf(confidence, e.confidence);
      for (const h of e.hits) evidence.push(evidenceOf(index, h.c, h.hit.identity.cpe, h.hit.reason));
    }
    const vulnIdentity = evidence[0]?.identity ?? '';
    for (let k = 0; k < platformNodes.length; k++) {
      const node = platformNodes[k]!;
      const e = platformEvals[k]!;
      if (e.satisfied) {
        confidence = minConf(confidence, e.confidence);
        for (const h of e.hits) evidence.push(evidenceOf(index, h.c, h.hit.identity.cpe, 'platform_matched'));
        continue;
      }
      const parts = new Set(node.matches.map((m) => safeKey(m.criteria)?.part ?? '*'));
      const known = identities.some((id) => parts.has('*') || parts.has(attrText(id.wfn.part)));
      if (!known) {
        confidence = minConf(confidence, 'possible');
        const first = node.matches[0]!;
        evidence.push(evidenceOf(index, first, vulnIdentity, 'platform_unconfirmed'));
        continue;
      }
      const platformMisses = e.misses.filter((m) => m.reason !== 'product_not_named');
      return {
        satisfied: false,
        confidence: 'exact',
        evidence: [],
        misses: [
          ...misses,
          ...platformMisses,
          {
            reason: 'platform_mismatch',
            criteria: node.matches.map((m) => m.criteria).join(' | '),
            identity: identities.filter((id) => parts.has(attrText(id.wfn.part))).map((id) => id.cpe).join(' | '),
            detail: `configuration ${index}`,
            score: 40,
          },
        ],
      };
    }
    return { satisfied: true, confidence, evidence, misses: [] };
  }

  // Platform component: the vulnerable component (an OS part such as SMBv1) is not inventoried, the platform is, and
  // both come from the same vendor.
  const allPlatformsMatched = platformEvals.length > 0 && platformEvals.every((e) => e.satisfied);
  const vulnUnnamed = vulnEvals.every((e) => e.satisfied || e.misses.every((m) => m.reason === 'product_not_named'));
  if (allPlatformsMatched && vulnUnnamed) {
    const platformHits = platformEvals.flatMap((e) => e.hits);
    const vendors = new Set(platformHits.map((h) => safeKey(h.c.criteria)?.vendor));
    const components = vulnNodes.flatMap((n) => n.matches.filter((m) => m.vulnerable && vendors.has(safeKey(m.criteria)?.vendor)));
    if (components.length > 0 && platformHits.length > 0) {
      let conf: Confidence = 'possible';
      for (const e of platformEvals) conf = minConf(conf, e.confidence);
      const platformIdentity = platformHits[0]!.hit.identity.cpe;
      for (const c of components) evidence.push(evidenceOf(index, c, platformIdentity, 'platform_component'));
      for (const h of platformHits) evidence.push(evidenceOf(index, h.c, h.hit.identity.cpe, 'platform_component'));
      return { satisfied: true, confidence: conf, evidence, misses: [] };
    }
  }
  return { satisfied: false, confidence: 'exact', evidence: [], misses };
}

function safeKey(criteria: string): { part: string; vendor: string; product: string } | null {
  try {
    return indexKey(criteria);
  } catch {
    return null;
  }
}

const REASON_ORDER: NoMatchReason[] = [
  'platform_mismatch',
  'negated',
  'version_outside_range',
  'version_not_listed',
  'attribute_differs',
  'rejected',
  'product_not_named',
  'no_identity',
  'no_definition',
];

/** Keep, per (reason, identity), the nearest miss; product_not_named only when nothing came closer. */
function summarise(misses: Miss[]): NoMatch[] {
  const named = misses.filter((m) => m.reason !== 'product_not_named');
  if (named.length === 0) return [{ reason: 'product_not_named' }];
  const best = new Map<string, Miss>();
  for (const m of named) {
    const key = `${m.reason}|${m.identity ?? ''}`;
    const cur = best.get(key);
    if (!cur || m.score >= cur.score) best.set(key, m); // ties: the later criteria (NVD lists versions ascending)
  }
  return [...best.values()]
    .sort((a, b) => REASON_ORDER.indexOf(a.reason) - REASON_ORDER.indexOf(b.reason) || b.score - a.score)
    .slice(0, 10)
    .map(({ score: _score, ...rest }) => rest);
}

/**
 * Evaluate a CVE's configurations against an asset's identities: affected with a confidence and evidence, or not
 * affected with reasons a person can read (`vulns explain`).
 */
export function evaluate(configs: VulnConfiguration[] | null | undefined, identities: AssetIdentity[]): MatchOutcome {
  if (!configs || configs.length === 0 || configs.every((c) => c.nodes.every((n) => n.matches.length === 0))) {
    return { affected: false, reasons: [{ reason: 'no_definition' }] };
  }
  const usable = identities.filter((id) => !isAny(id.wfn.product) && !isNa(id.wfn.product));
  if (usable.length === 0) return { affected: false, reasons: [{ reason: 'no_identity' }] };
  let confidence: Confidence | null = null;
  const evidence: MatchEvidence[] = [];
  const misses: Miss[] = [];
  configs.forEach((cfg, index) => {
    const r = evalConfiguration(cfg, index, usable);
    if (r.satisfied) {
      confidence = confidence ? maxConf(confidence, r.confidence) : r.confidence;
      evidence.push(...r.evidence);
    } else misses.push(...r.misses);
  });
  if (confidence) return { affected: true, confidence, evidence };
  return { affected: false, reasons: summarise(misses) };
}

/**
 * JVN entries name part:vendor:product only (2.2 URI without version): a match is always `vendor-product` with
 * reason `jvn_vendor_product`; the affected versions are free text a person must check. Vendor and product decide;
 * the part is not compared (JVN and NVD sometimes file one device as `h` and `o`).
 */
export function evaluateJvn(affected: { cpe: string | null }[], identities: AssetIdentity[]): MatchOutcome {
  const cpes = affected.map((a) => a.cpe).filter((c): c is string => !!c);
  if (cpes.length === 0) return { affected: false, reasons: [{ reason: 'no_definition' }] };
  const usable = identities.filter((id) => !isAny(id.wfn.product) && !isNa(id.wfn.product));
  if (usable.length === 0) return { affected: false, reasons: [{ reason: 'no_identity' }] };
  const evidence: MatchEvidence[] = [];
  for (const cpe of cpes) {
    const w = parseCpe(cpe);
    if (!w || isAny(w.product) || isNa(w.product)) continue;
    for (const id of usable) {
      // JVN and NVD do not always agree on the part (a/o/h) of one product: vendor and product decide.
      if (namesProduct({ ...w, part: ANY }, id.wfn) !== 'yes') continue;
      if (isAny(w.vendor) && isAny(id.wfn.vendor)) continue;
      evidence.push({ configuration: -1, criteria: cpe, range: null, identity: id.cpe, reason: 'jvn_vendor_product', vulnerable: true });
    }
  }
  if (evidence.length > 0) return { affected: true, confidence: 'vendor-product', evidence };
  return { affected: false, reasons: [{ reason: 'product_not_named' }] };
}

/** Every criteria of a CVE, flattened for display. */
export function criteriaRows(configs: VulnConfiguration[] | null | undefined): { configuration: number; criteria: string; range: string | null; vulnerable: boolean }[] {
  const rows: { configuration: number; criteria: string; range: string | null; vulnerable: boolean }[] = [];
  (configs ?? []).forEach((cfg, configuration) => {
    for (const node of cfg.nodes) for (const m of node.matches) rows.push({ configuration, criteria: m.criteria, range: formatRange(m), vulnerable: m.vulnerable });
  });
  return rows;
}
