import { isActiveStatus, type DueRule, type FindingStatus, type PriorityFactors, type VulnPolicy } from '../../../shared/vulns/domain.ts';
import { computePriority, dueBasis, dueOn, dueRuleFor } from '../../../shared/vulns/priority.ts';
import { kevCriteriaLabel, kevEvidence, kevKeyString, kevProductKeys } from '../../../shared/vulns/kev.ts';
import type { AssetProductFields, VulnConfiguration } from '../../../shared/vulns/types.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import type { VulnFindingEventsTable, VulnFindingsTable } from '../../db/schema.ts';
import { newId } from '../../lib/ids.ts';
import { newestFeedDate } from '../feeds/index.ts';
import { ledgerToday } from '../ledger/index.ts';
import { notifyRoles } from '../notifications/index.ts';
import * as repo from './finding.repository.ts';
import { facilityPolicy } from './policy.service.ts';
import { actorUserId } from './vulns.access.ts';
import { findingLink } from './workflow.service.ts';
import { betterConfidence, evaluateCve, evaluateJvnEntry, identitiesOf, keyOf, type AssetIdentity, type Confidence, type JvnAffected, type MatchEvidence } from './matching.ts';

/**
 * The matching engine: one run re-matches a scope of one facility — some assets against every vulnerability
 * (asset hook), every asset against some vulnerabilities (feed import), or everything — and brings the
 * findings of that scope up to date in the caller's transaction:
 *
 * - a new match becomes an `open` finding (history `detected`); KEV ones notify the security managers;
 * - an active finding (open / in progress) that still matches gets its confidence, evidence, priority and
 *   deadline refreshed (and last_seen_at; updated_at only when something changed);
 * - a finding closed automatically (auto_closed = 1) that matches again is reopened (`reopened`);
 * - statuses set by people (fixed, mitigated, accepted, false positive) are kept: the evidence and priority are
 *   refreshed, the status is theirs to change;
 * - an active finding that no longer matches becomes `fixed` with auto_closed = 1 (`auto_closed`), by the caller
 *   (the person who changed the asset, or `system` for a feed), with a comment saying what changed.
 *
 * Candidates come from the `vuln_products` index by the (vendor, product) of each asset identity; each
 * candidate's full definition is evaluated in memory, once per distinct identity set (assets with the same
 * product fields share the result). NVD configurations decide for CVEs; a JVN entry counts for a CVE it names
 * only when NVD has no configurations for that CVE, and under its own JVNDB id when it names no CVE. A
 * Rejected CVE never matches. A known-exploited CVE that neither NVD nor a JVN entry decides (NVD has not
 * analysed it yet) matches by the KEV entry's free-text vendor and product (`KevFallback`, confidence
 * `vendor-product`) until NVD publishes configurations.
 */

/** What the priority and the deadline were computed from; `detectedOn` (JST date) is the deadline's basis. */
export interface StoredFactors extends PriorityFactors {
  detectedOn: string;
}

export interface RunScope {
  facilityId: string;
  /** Assets to re-match (null: every asset of the facility). */
  assetIds: readonly string[] | null;
  /**
   * Vulnerability ids whose findings the run owns (null: all). Feed runs pass the changed ids with the CVE/JVN
   * ids linked to them (`expandVulnIds`).
   */
  vulnIds: ReadonlySet<string> | null;
  /** Why findings close: `asset` (compare versions), `feed` (name the feed). */
  trigger: 'asset' | 'feed' | 'full';
  /** For feed runs: the ids whose own definition changed (to name NVD or JVN in the comment). */
  changedIds?: ReadonlySet<string>;
}

export interface RunCounts {
  assets: number;
  identified: number;
  matched: number;
  created: number;
  reopened: number;
  closed: number;
  updated: number;
}

// --- definitions --------------------------------------------------------------------------------

interface CveDef {
  rejected: boolean;
  configs: VulnConfiguration[] | null;
  cvss: number | null;
}

interface JvnDef {
  affected: JvnAffected[];
  cvss: number | null;
  cves: string[];
}

const isJvnId = (id: string) => id.toUpperCase().startsWith('JVNDB-');

/** CVSS used for the priority and the deadline rule: v3.x (what the thresholds were written for), else 4.0, else 2.0. */
export function pickCvss(row: { cvss3_score: number | null; cvss4_score: number | null; cvss2_score: number | null }): number | null {
  return row.cvss3_score ?? row.cvss4_score ?? row.cvss2_score ?? null;
}

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Definitions of vulnerabilities, loaded once per run and parsed once per id. */
export class Definitions {
  readonly cves = new Map<string, CveDef | null>();
  readonly jvn = new Map<string, JvnDef | null>();

  async load(db: Db, ids: Iterable<string>): Promise<void> {
    const cveIds: string[] = [];
    const jvnIds: string[] = [];
    for (const id of ids) {
      if (isJvnId(id)) {
        if (!this.jvn.has(id)) jvnIds.push(id);
      } else if (!this.cves.has(id)) cveIds.push(id);
    }
    if (jvnIds.length > 0) {
      const links = new Map<string, string[]>();
      for (const l of await repo.jvnLinks(db, jvnIds)) links.set(l.jvn_id, [...(links.get(l.jvn_id) ?? []), l.cve_id]);
      for (const id of jvnIds) this.jvn.set(id, null);
      for (const r of await repo.jvnDefinitions(db, jvnIds)) {
        this.jvn.set(r.id, { affected: parseJson<JvnAffected[]>(r.affected, []), cvss: r.cvss_score, cves: (links.get(r.id) ?? []).sort() });
      }
      for (const def of this.jvn.values()) for (const c of def?.cves ?? []) if (!this.cves.has(c) && !cveIds.includes(c)) cveIds.push(c);
    }
    if (cveIds.length > 0) {
      for (const id of cveIds) this.cves.set(id, null);
      for (const r of await repo.cveDefinitions(db, cveIds)) {
        const configs = parseJson<VulnConfiguration[] | null>(r.configurations, null);
        this.cves.set(r.id, { rejected: (r.vuln_status ?? '').toLowerCase() === 'rejected', configs: configs && configs.length > 0 ? configs : null, cvss: pickCvss(r) });
      }
    }
  }

  /** The CVE has NVD configurations that decide for it. */
  nvdDecides(cveId: string): boolean {
    const d = this.cves.get(cveId);
    return d !== undefined && d !== null && d.configs !== null;
  }

  rejected(cveId: string): boolean {
    return this.cves.get(cveId)?.rejected === true;
  }
}

/** A match of an asset (identity set) and a vulnerability, under the id the finding is recorded with. */
export interface Match {
  confidence: Confidence;
  evidence: MatchEvidence[];
  cvss: number | null;
  /** Where the definition came from. */
  source: 'nvd' | 'jvn' | 'kev';
}

/**
 * The KEV text fallback of a run: KEV entries whose CVE NVD has not analysed, with their candidate (vendor,
 * product) keys (src/shared/vulns/kev.ts). Loaded once per run; they are few (hundreds at most).
 */
export class KevFallback {
  /** CVE ids by candidate key `vendor:product`. */
  private readonly byKey = new Map<string, string[]>();
  private readonly entries = new Map<string, { criteria: string; keys: Set<string>; cvss: number | null }>();

  constructor(rows: readonly repo.KevOnlyRow[]) {
    for (const r of rows) {
      const keys = new Set(kevProductKeys(r.vendor_project, r.product).map(kevKeyString));
      if (keys.size === 0) continue;
      this.entries.set(r.cve_id, { criteria: kevCriteriaLabel(r.vendor_project, r.product), keys, cvss: pickCvss(r) });
      for (const k of keys) this.byKey.set(k, [...(this.byKey.get(k) ?? []), r.cve_id]);
    }
  }

  static async load(db: Db, ids?: readonly string[]): Promise<KevFallback> {
    return new KevFallback(await repo.kevOnlyEntries(db, await newestFeedDate(db, 'nvd'), ids));
  }

  get size(): number {
    return this.entries.size;
  }

  /** KEV-only CVE ids naming any of the identities' keys. */
  candidates(identities: readonly AssetIdentity[]): Set<string> {
    const out = new Set<string>();
    if (this.entries.size === 0) return out;
    for (const i of identities) {
      const k = keyOf(i);
      if (k) for (const id of this.byKey.get(`${k.vendor}:${k.product}`) ?? []) out.add(id);
    }
    return out;
  }

  /** The fallback match of one CVE, or null (not a KEV-only CVE, or no identity named). */
  match(cveId: string, identities: readonly AssetIdentity[]): Match | null {
    const e = this.entries.get(cveId);
    if (!e) return null;
    const evidence = kevEvidence(e.criteria, e.keys, identities);
    return evidence.length > 0 ? { confidence: 'vendor-product', evidence, cvss: e.cvss, source: 'kev' } : null;
  }

  /** The entry's evidence label (`KEV: Fortinet FortiOS`), for explain. */
  criteria(cveId: string): string | null {
    return this.entries.get(cveId)?.criteria ?? null;
  }
}

/**
 * Matches one identity set against candidate vulnerability ids. Results are keyed by the recorded id
 * (a JVN match may be recorded under a CVE it names).
 */
export function matchIdentities(identities: AssetIdentity[], candidateIds: Iterable<string>, defs: Definitions, kev?: KevFallback): Map<string, Match> {
  const out = new Map<string, Match>();
  const put = (id: string, m: Match) => {
    const prev = out.get(id);
    if (!prev) out.set(id, m);
    else if (prev.source === 'nvd') return;
    else out.set(id, { ...prev, confidence: betterConfidence(prev.confidence, m.confidence), evidence: [...prev.evidence, ...m.evidence], cvss: prev.cvss ?? m.cvss });
  };
  for (const id of candidateIds) {
    if (isJvnId(id)) {
      const def = defs.jvn.get(id);
      if (!def) continue;
      const outcome = evaluateJvnEntry(def.affected, identities);
      if (!outcome.affected) continue;
      if (def.cves.length === 0) {
        put(id, { confidence: outcome.confidence, evidence: outcome.evidence, cvss: def.cvss, source: 'jvn' });
        continue;
      }
      for (const cve of def.cves) {
        if (defs.rejected(cve) || defs.nvdDecides(cve)) continue;
        put(cve, { confidence: outcome.confidence, evidence: outcome.evidence, cvss: defs.cves.get(cve)?.cvss ?? def.cvss, source: 'jvn' });
      }
    } else {
      const def = defs.cves.get(id);
      if (!def || def.rejected || def.configs === null) continue;
      const outcome = evaluateCve(def.configs, identities);
      if (outcome.affected) out.set(id, { confidence: outcome.confidence, evidence: outcome.evidence, cvss: def.cvss, source: 'nvd' });
    }
  }
  // Known-exploited CVEs NVD has not analysed: by the KEV entry's vendor and product, unless a JVN entry decided.
  if (kev) {
    for (const id of kev.candidates(identities)) {
      if (out.has(id)) continue;
      const m = kev.match(id, identities);
      if (m) out.set(id, m);
    }
  }
  return out;
}

// --- identities and exposure --------------------------------------------------------------------

export function productFields(a: repo.MatchAssetRow): AssetProductFields {
  return { type: a.type, vendor: a.vendor, product: a.product, version: a.version, cpe: a.cpe, os: a.os };
}

function productSignature(a: repo.MatchAssetRow): string {
  return [a.type, a.vendor, a.product, a.version, a.cpe, a.os].map((v) => v ?? '').join('\u0000');
}

export interface Exposure {
  internetFacing: boolean;
  vendorReachable: boolean;
}

/**
 * Exposure of an asset: its own `exposure` (internet → internet-facing, vendor_line → vendor-reachable), and the
 * external connections that exist (approved, active, or expired but not retired): their entry device is
 * vendor-reachable, and internet-facing when the line is; their targets are vendor-reachable.
 */
export function exposureOf(a: Pick<repo.MatchAssetRow, 'id' | 'exposure'>, reach: repo.ConnectionReach): Exposure {
  return {
    internetFacing: a.exposure === 'internet' || reach.entry.get(a.id) === true,
    vendorReachable: a.exposure === 'vendor_line' || reach.entry.has(a.id) || reach.targets.has(a.id),
  };
}

// --- policy and facts ---------------------------------------------------------------------------

export interface Facts {
  kev: Map<string, { dateAdded: string; ransomware: boolean }>;
  epss: Map<string, number>;
}

export async function loadFacts(db: Db, ids: readonly string[]): Promise<Facts> {
  const cves = ids.filter((i) => !isJvnId(i));
  const kev = new Map<string, { dateAdded: string; ransomware: boolean }>();
  for (const r of await repo.kevFacts(db, cves)) kev.set(r.cve_id, { dateAdded: r.date_added, ransomware: r.ransomware === 1 });
  const epss = new Map<string, number>();
  for (const r of await repo.epssFacts(db, cves)) epss.set(r.cve_id, r.score);
  return { kev, epss };
}

export interface Scored {
  factors: StoredFactors;
  priority: number;
  rule: DueRule;
  dueOn: string;
}

export function score(
  vulnId: string,
  asset: Pick<repo.MatchAssetRow, 'criticality' | 'holds_patient_data'>,
  exposure: Exposure,
  confidence: Confidence,
  cvss: number | null,
  detectedOn: string,
  facts: Facts,
  policy: VulnPolicy,
): Scored {
  const kev = facts.kev.get(vulnId);
  const factors: StoredFactors = {
    kev: kev !== undefined,
    ransomware: kev?.ransomware ?? false,
    internetFacing: exposure.internetFacing,
    vendorReachable: exposure.vendorReachable,
    criticality: asset.criticality,
    holdsPatientData: asset.holds_patient_data === 1,
    epss: facts.epss.get(vulnId) ?? null,
    cvss,
    confidence,
    detectedOn,
  };
  const rule = dueRuleFor(factors);
  return { factors, priority: computePriority(factors), rule, dueOn: dueOn(dueBasis(detectedOn, kev?.dateAdded ?? null), rule, policy) };
}

export function storedFactors(row: Pick<repo.MatchFindingRow, 'priority_factors' | 'first_seen_at'>): StoredFactors {
  const f = parseJson<Partial<StoredFactors>>(row.priority_factors, {});
  return { ...(f as StoredFactors), detectedOn: f.detectedOn ?? row.first_seen_at.slice(0, 10) };
}

// --- the run ------------------------------------------------------------------------------------

/** Version of a CPE 2.3 formatted string (field 6), `*`/`-` as they are. */
function cpeVersion(cpe: string): string {
  const parts = cpe.split(/(?<!\\):/);
  return (parts[5] ?? '*').replace(/\\(.)/g, '$1');
}

function cpeProduct(cpe: string): string {
  const parts = cpe.split(/(?<!\\):/);
  return `${parts[3] ?? ''}:${parts[4] ?? ''}`;
}

/** What changed on the asset, for the history of a finding that closed because of it. */
function assetChangeComment(f: repo.MatchFindingRow, identities: AssetIdentity[] | undefined): string {
  if (identities === undefined) return 'asset deleted';
  const evidence = parseJson<MatchEvidence[]>(f.evidence, []);
  const before = evidence[0]?.identity;
  if (!before) return 'asset changed';
  const product = cpeProduct(before);
  const now = identities.find((i) => cpeProduct(i.cpe) === product);
  const show = (v: string) => (v === '*' ? '?' : v === '-' ? '-' : v);
  if (!now) return `${product} ${show(cpeVersion(before))} → (none)`;
  return `version ${show(cpeVersion(before))} → ${show(cpeVersion(now.cpe))}`;
}

function feedComment(f: repo.MatchFindingRow, scope: RunScope, defs: Definitions): string {
  if (!isJvnId(f.vuln_id) && defs.rejected(f.vuln_id)) return 'feed NVD: rejected';
  const own = scope.changedIds?.has(f.vuln_id) ?? false;
  return `feed ${own && !isJvnId(f.vuln_id) ? 'NVD' : 'JVN'}: no longer matches`;
}

/**
 * Ids a feed change concerns: the changed ones, JVN entries naming a changed CVE, and CVEs a changed JVN entry
 * names (a JVN match may be recorded under them).
 */
export async function expandVulnIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  const out = new Set(ids);
  for (const l of await repo.jvnLinks(db, ids)) {
    out.add(l.jvn_id);
    out.add(l.cve_id);
  }
  return out;
}

/** Assets per step of a run: their findings are loaded, compared and written together, so memory stays bounded. */
const ASSETS_PER_STEP = 500;

/** A feed run owning at most this many ids loads their findings at once; a larger scope steps by asset. */
const VULN_SCOPE_PRELOAD = 2000;

/** A match of the run with its evidence serialised once (assets of the same identity set share it). */
interface RunMatch extends Match {
  evidenceJson: string;
  /** Its scores by asset profile and detection date (set on first use). */
  scores?: ScoreBucket;
}

/** The JST date the deadline counts from, as stored with the priority factors (read without parsing the JSON). */
export function detectedOnOf(row: Pick<repo.MatchFindingRow, 'priority_factors' | 'first_seen_at'>): string {
  const text = row.priority_factors;
  const at = text.indexOf('"detectedOn":"');
  // "detectedOn":"YYYY-MM-DD" — the date is 10 characters followed by the closing quote.
  if (at >= 0 && text.charCodeAt(at + 24) === 34 && text.charCodeAt(at + 18) === 45 && text.charCodeAt(at + 21) === 45) return text.slice(at + 14, at + 24);
  return storedFactors(row).detectedOn;
}

type ScoredEntry = { s: Scored; factors: string };
/** Scores of one (vulnerability, confidence, CVSS): by asset profile, then by detection date. */
type ScoreBucket = Map<string, Map<string, ScoredEntry>>;

/** What of an asset a score depends on (criticality, patient data, exposure), as a short memo key. */
function assetProfile(asset: Pick<repo.MatchAssetRow, 'criticality' | 'holds_patient_data'>, exposure: Exposure): string {
  return `${asset.criticality}:${asset.holds_patient_data}:${exposure.internetFacing ? 1 : 0}${exposure.vendorReachable ? 1 : 0}`;
}

/**
 * Scores with a memo: within a run the facts and the policy are fixed, so a score depends only on the
 * vulnerability, the match's confidence and CVSS (one bucket), the asset profile and the detection date (keys
 * within the bucket). Thousands of findings share a handful of entries; the factors are serialised once per entry.
 */
class ScoreMemo {
  private readonly buckets = new Map<string, ScoreBucket>();
  constructor(
    private readonly facts: Facts,
    private readonly policy: VulnPolicy,
  ) {}

  bucket(vulnId: string, confidence: Confidence, cvss: number | null): ScoreBucket {
    const key = `${vulnId}\u0000${confidence}\u0000${cvss}`;
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = new Map()));
    return b;
  }

  get(
    bucket: ScoreBucket,
    profile: string,
    vulnId: string,
    asset: Pick<repo.MatchAssetRow, 'criticality' | 'holds_patient_data'>,
    exposure: Exposure,
    confidence: Confidence,
    cvss: number | null,
    detectedOn: string,
  ): ScoredEntry {
    let byDate = bucket.get(profile);
    if (!byDate) bucket.set(profile, (byDate = new Map()));
    let hit = byDate.get(detectedOn);
    if (!hit) {
      const s = score(vulnId, asset, exposure, confidence, cvss, detectedOn, this.facts, this.policy);
      hit = { s, factors: JSON.stringify(s.factors) };
      byDate.set(detectedOn, hit);
    }
    return hit;
  }
}

/** Findings by asset id, then by vulnerability id (only the given vulnerabilities when a set is given). */
type FindingsByAsset = Map<string, Map<string, repo.MatchFindingRow>>;

function byAsset(rows: readonly repo.MatchFindingRow[], vulnIds: ReadonlySet<string> | null): FindingsByAsset {
  const out: FindingsByAsset = new Map();
  for (const f of rows) {
    if (vulnIds !== null && !vulnIds.has(f.vuln_id)) continue;
    let m = out.get(f.asset_id);
    if (!m) out.set(f.asset_id, (m = new Map()));
    m.set(f.vuln_id, f);
  }
  return out;
}

/**
 * Re-matches a scope of one facility in the caller's transaction.
 *
 * Cost model (a full run over 20,000 assets handles ~10^6 findings): matching is done once per distinct identity
 * set; the existing findings are read a step of assets at a time (only the columns compared) and compared in
 * memory; only what changed is written, with multi-row INSERTs for new findings and their history, one UPDATE per
 * thousand ids for last_seen_at and for automatic closing, and one prepared UPDATE per finding whose evidence or
 * priority changed.
 */
export async function runMatch(deps: Deps, trx: Db, caller: Caller, scope: RunScope): Promise<RunCounts> {
  const { facilityId } = scope;
  const dialect = deps.dialect;
  const now = deps.clock.now().toISOString();
  const today = ledgerToday(deps);
  const assets = await repo.liveAssets(trx, facilityId, scope.assetIds);
  const reach = await repo.connectionReach(trx, facilityId);

  // Identities (once per distinct product fields) and the candidate keys they name. Product fields that yield
  // the same identities (models of one series running the same OS version) share one identity set, so it is
  // matched once.
  const idBySignature = new Map<string, AssetIdentity[]>();
  const setByContent = new Map<string, AssetIdentity[]>();
  const identitiesOfAsset = new Map<string, AssetIdentity[]>();
  const keys = new Map<string, repo.ProductKey>();
  let identified = 0;
  for (const a of assets) {
    const sig = productSignature(a);
    let ids = idBySignature.get(sig);
    if (!ids) {
      ids = identitiesOf(productFields(a));
      const content = JSON.stringify(ids);
      const same = setByContent.get(content);
      if (same) ids = same;
      else setByContent.set(content, ids);
      idBySignature.set(sig, ids);
      for (const i of ids) {
        const k = keyOf(i);
        if (k) keys.set(`${k.vendor}\u0000${k.product}`, k);
      }
    }
    identitiesOfAsset.set(a.id, ids);
    if (ids.length > 0) identified++;
  }

  const candidateRows = await repo.candidates(trx, [...keys.values()], scope.vulnIds);
  const byKey = new Map<string, Set<string>>();
  const allIds = new Set<string>();
  for (const r of candidateRows) {
    const k = `${r.vendor}\u0000${r.product}`;
    let s = byKey.get(k);
    if (!s) byKey.set(k, (s = new Set()));
    s.add(r.vuln_id);
    allIds.add(r.vuln_id);
  }
  const defs = new Definitions();
  await defs.load(trx, allIds);
  const kev = await KevFallback.load(trx);

  // Match once per identity set.
  const bySet = new Map<AssetIdentity[], Map<string, RunMatch>>();
  const matchesOf = (ids: AssetIdentity[]): Map<string, RunMatch> => {
    let m = bySet.get(ids);
    if (m) return m;
    const cands = new Set<string>();
    for (const i of ids) {
      const k = keyOf(i);
      if (!k) continue;
      for (const v of byKey.get(`${k.vendor}\u0000${k.product}`) ?? []) cands.add(v);
    }
    m = new Map();
    for (const [id, match] of matchIdentities(ids, cands, defs, kev)) {
      if (scope.vulnIds && !scope.vulnIds.has(id)) continue;
      m.set(id, { ...match, evidenceJson: JSON.stringify(match.evidence) });
    }
    bySet.set(ids, m);
    return m;
  };

  const matchedIds = new Set<string>();
  for (const a of assets) for (const id of matchesOf(identitiesOfAsset.get(a.id)!).keys()) matchedIds.add(id);
  const facts = await loadFacts(trx, [...matchedIds]);
  const policy = await facilityPolicy(trx, facilityId);
  const scores = new ScoreMemo(facts, policy);

  const counts: RunCounts = { assets: assets.length, identified, matched: 0, created: 0, reopened: 0, closed: 0, updated: 0 };
  // What a step writes, flushed at its end.
  let inserts: VulnFindingsTable[] = [];
  let events: VulnFindingEventsTable[] = [];
  let reopens: { id: string; patch: repo.FindingPatch }[] = [];
  let refreshes: repo.FindingRefresh[] = [];
  let closes: string[] = [];
  let seen: string[] = [];
  let seenAssets: string[] = [];
  const newKev: { id: string; vulnId: string; assetName: string }[] = [];
  const actorId = actorUserId(caller);
  const event = (findingId: string, action: string, from: FindingStatus | null, to: FindingStatus | null, comment: string | null) =>
    events.push({ id: newId(), facility_id: facilityId, finding_id: findingId, at: now, actor_user_id: actorId, actor: caller.label, action, from_status: from, to_status: to, comment });

  const flush = async () => {
    await repo.insertFindings(trx, dialect, inserts);
    for (const r of reopens) await repo.updateFinding(trx, r.id, r.patch);
    await repo.refreshFindings(trx, dialect, refreshes, now);
    await repo.autoCloseFindings(trx, dialect, closes, now, caller.label);
    // History after the findings it refers to.
    await repo.insertEvents(trx, dialect, events);
    await repo.touchLastSeen(trx, dialect, seen, now);
    await repo.touchLastSeenOfAssets(trx, dialect, seenAssets, now);
    inserts = [];
    events = [];
    reopens = [];
    refreshes = [];
    closes = [];
    seen = [];
    seenAssets = [];
  };

  const NONE: ReadonlyMap<string, repo.MatchFindingRow> = new Map();
  /**
   * Brings the findings of one asset up to date; the ones it matched leave `existing`. Returns the ids of the
   * findings that still match unchanged (their last_seen_at to refresh).
   */
  const matchAsset = (a: repo.MatchAssetRow, existing: Map<string, repo.MatchFindingRow> | undefined): string[] => {
    const exposure = exposureOf(a, reach);
    const profile = assetProfile(a, exposure);
    const own = existing ?? NONE;
    const unchanged: string[] = [];
    for (const [vulnId, m] of matchesOf(identitiesOfAsset.get(a.id)!)) {
      counts.matched++;
      const bucket = (m.scores ??= scores.bucket(vulnId, m.confidence, m.cvss));
      const prev = own.get(vulnId);
      if (!prev) {
        const { s, factors } = scores.get(bucket, profile, vulnId, a, exposure, m.confidence, m.cvss, today);
        const id = newId();
        inserts.push({
          id,
          facility_id: facilityId,
          asset_id: a.id,
          vuln_id: vulnId,
          confidence: m.confidence,
          evidence: m.evidenceJson,
          status: 'open',
          priority: s.priority,
          priority_factors: factors,
          due_rule: s.rule,
          due_on: s.dueOn,
          first_seen_at: now,
          last_seen_at: now,
          status_changed_at: now,
          status_changed_by: caller.label,
          status_reason: null,
          accepted_by_user_id: null,
          accepted_by: null,
          accepted_until: null,
          auto_closed: 0,
          escalation_level: 0,
          escalated_at: null,
          created_at: now,
          updated_at: now,
        });
        event(id, 'detected', null, 'open', null);
        counts.created++;
        if (s.factors.kev) newKev.push({ id, vulnId, assetName: a.name });
        continue;
      }
      existing!.delete(vulnId);
      const status = prev.status as FindingStatus;
      if (prev.auto_closed === 1 && !isActiveStatus(status)) {
        const { s, factors } = scores.get(bucket, profile, vulnId, a, exposure, m.confidence, m.cvss, today);
        reopens.push({
          id: prev.id,
          patch: {
            confidence: m.confidence,
            evidence: m.evidenceJson,
            status: 'open',
            priority: s.priority,
            priority_factors: factors,
            due_rule: s.rule,
            due_on: s.dueOn,
            last_seen_at: now,
            status_changed_at: now,
            status_changed_by: caller.label,
            status_reason: null,
            auto_closed: 0,
            escalation_level: 0,
            escalated_at: null,
            updated_at: now,
          },
        });
        const identity = m.evidence[0]?.identity;
        event(prev.id, 'reopened', status, 'open', scope.trigger === 'asset' && identity ? `version → ${cpeVersion(identity)}` : scope.trigger === 'feed' ? feedComment(prev, scope, defs).replace(/: .*$/, '') : null);
        counts.reopened++;
        continue;
      }
      const { s, factors } = scores.get(bucket, profile, vulnId, a, exposure, m.confidence, m.cvss, detectedOnOf(prev));
      if (prev.confidence !== m.confidence || prev.evidence !== m.evidenceJson || prev.priority !== s.priority || prev.priority_factors !== factors || prev.due_rule !== s.rule || prev.due_on !== s.dueOn) {
        refreshes.push({ id: prev.id, confidence: m.confidence, evidence: m.evidenceJson, priority: s.priority, priority_factors: factors, due_rule: s.rule, due_on: s.dueOn });
        counts.updated++;
      } else {
        unchanged.push(prev.id);
      }
    }
    return unchanged;
  };

  /** What is left in scope no longer matches: active findings close. */
  const closeLeftovers = (left: FindingsByAsset) => {
    for (const rows of left.values()) {
      for (const f of rows.values()) {
        if (!isActiveStatus(f.status as FindingStatus)) continue;
        const comment = scope.trigger === 'feed' ? feedComment(f, scope, defs) : assetChangeComment(f, identitiesOfAsset.get(f.asset_id));
        closes.push(f.id);
        event(f.id, 'auto_closed', f.status as FindingStatus, 'fixed', comment);
        counts.closed++;
      }
    }
  };

  // A small feed scope: its findings at once (by vulnerability). Otherwise step through the assets and read
  // the findings of each step (by asset); then those of assets no longer live.
  const preloaded =
    scope.assetIds === null && scope.vulnIds !== null && scope.vulnIds.size <= VULN_SCOPE_PRELOAD ? byAsset(await repo.findingsInScope(trx, facilityId, null, [...scope.vulnIds]), null) : null;
  for (let i = 0; i < assets.length; i += ASSETS_PER_STEP) {
    const step = assets.slice(i, i + ASSETS_PER_STEP);
    const existing = preloaded ?? byAsset(await repo.findingsOfLiveAssets(trx, step.map((a) => a.id)), scope.vulnIds);
    for (const a of step) {
      const own = existing.get(a.id);
      const unchanged = matchAsset(a, own);
      // Every finding of the asset matched (none left, nothing outside the scope): refresh last_seen_at of the
      // asset's findings with one set-based UPDATE per step; otherwise by id.
      if (!preloaded && scope.vulnIds === null && (own === undefined || own.size === 0)) {
        if (unchanged.length > 0) seenAssets.push(a.id);
      } else {
        for (const id of unchanged) seen.push(id);
      }
    }
    if (!preloaded) closeLeftovers(existing);
    await flush();
  }
  if (preloaded) {
    closeLeftovers(preloaded);
  } else if (scope.assetIds === null) {
    closeLeftovers(byAsset(await repo.activeFindingsOfDeletedAssets(trx, facilityId), scope.vulnIds));
  } else {
    const live = new Set(assets.map((a) => a.id));
    const gone = scope.assetIds.filter((id) => !live.has(id));
    if (gone.length > 0) closeLeftovers(byAsset(await repo.findingsInScope(trx, facilityId, gone, null), scope.vulnIds));
  }
  await flush();

  await notifyNewKev(deps, trx, facilityId, newKev);
  return counts;
}

/** Above this many new known-exploited findings in one run, the security managers get one notification with the count. */
const NEW_KEV_BATCH_ABOVE = 3;

/**
 * Tells the facility's security managers about findings that are (newly) known-exploited: one notification per
 * finding, or — when a run brings more than NEW_KEV_BATCH_ABOVE (a first feed import, a bulk asset import) — one
 * notification naming the count and linking to the KEV findings, as escalation does.
 */
async function notifyNewKev(deps: Deps, trx: Db, facilityId: string, items: readonly { id: string; vulnId: string; assetName: string }[]): Promise<void> {
  if (items.length === 0) return;
  if (items.length > NEW_KEV_BATCH_ABOVE) {
    await notifyRoles(deps, trx, {
      facilityId,
      roles: ['security_manager'],
      kind: 'vuln.new_kev',
      params: { count: items.length },
      link: '/vulns/findings?kev=1',
      dedupeKey: `new_kev:batch:${deps.clock.now().toISOString()}:${items[0]!.id}`,
    });
    return;
  }
  for (const k of items) {
    await notifyRoles(deps, trx, {
      facilityId,
      roles: ['security_manager'],
      kind: 'vuln.new_kev',
      params: { vulnId: k.vulnId, assetName: k.assetName },
      link: findingLink(k.id),
      dedupeKey: `new_kev:${k.id}`,
    });
  }
}

/**
 * Recomputes priority and deadline of the given findings of one facility from current facts (KEV, EPSS, exposure,
 * policy) without re-matching. Findings of a vulnerability that just became known-exploited and are still
 * active notify the security managers. Returns how many changed.
 */
export async function rescoreFindings(deps: Deps, trx: Db, facilityId: string, findings: readonly repo.MatchFindingRow[]): Promise<number> {
  if (findings.length === 0) return 0;
  const now = deps.clock.now().toISOString();
  const assets = new Map((await repo.liveAssets(trx, facilityId, [...new Set(findings.map((f) => f.asset_id))])).map((a) => [a.id, a]));
  const reach = await repo.connectionReach(trx, facilityId);
  const facts = await loadFacts(trx, [...new Set(findings.map((f) => f.vuln_id))]);
  const policy = await facilityPolicy(trx, facilityId);
  const scores = new ScoreMemo(facts, policy);
  const changed: { id: string; priority: number; priority_factors: string; due_rule: string; due_on: string }[] = [];
  const notify: { finding: repo.MatchFindingRow; assetName: string }[] = [];
  for (const f of findings) {
    const a = assets.get(f.asset_id);
    if (!a) continue;
    const before = storedFactors(f);
    const exposure = exposureOf(a, reach);
    const cvss = before.cvss ?? null;
    const { s, factors } = scores.get(scores.bucket(f.vuln_id, f.confidence as Confidence, cvss), assetProfile(a, exposure), f.vuln_id, a, exposure, f.confidence as Confidence, cvss, before.detectedOn);
    if (f.priority === s.priority && f.priority_factors === factors && f.due_rule === s.rule && f.due_on === s.dueOn) continue;
    changed.push({ id: f.id, priority: s.priority, priority_factors: factors, due_rule: s.rule, due_on: s.dueOn });
    if (s.factors.kev && !before.kev && isActiveStatus(f.status as FindingStatus)) notify.push({ finding: f, assetName: a.name });
  }
  await repo.rescoreFindingRows(trx, deps.dialect, changed, now);
  await notifyNewKev(deps, trx, facilityId, notify.map(({ finding: f, assetName }) => ({ id: f.id, vulnId: f.vuln_id, assetName })));
  return changed.length;
}
