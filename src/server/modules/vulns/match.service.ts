import { AppError } from '../../../shared/errors.ts';
import { facilitiesWith } from '../../../shared/policy.ts';
import type { ExplainDto } from '../../../shared/contracts/vulns.contract.ts';
import type { Confidence, MatchOutcome, NoMatchReason } from '../../../shared/vulns/types.ts';
import type { Caller, Deps, FeedsImportedOutcome, VulnHooks } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import type { EntryDeviceSignals } from '../connections/index.ts';
import { newestFeedDate } from '../feeds/index.ts';
import * as repo from './finding.repository.ts';
import { Definitions, expandVulnIds, KevFallback, productFields, rescoreFindings, runMatch, type RunCounts } from './match.engine.ts';
import { evaluateCve, evaluateJvnEntry, identitiesOf, suggestQuery, type AssetIdentity } from './matching.ts';
import { authorizeVulns } from './vulns.access.ts';

/**
 * Use cases of the matching engine (see match.engine.ts for what a run does):
 * - rematchFacility / rematchAll: a full re-match on request (vuln.triage), one audit event per facility;
 * - rematchAssets: the ledger's hook, in the ledger's transaction (its own audit event covers the change);
 * - afterFeedsImported: incremental re-match after a feed import (only the changed vulnerabilities), and new
 *   priorities and deadlines when KEV or EPSS data changed; one audit event per facility that changed;
 * - explain, cpeSuggestions, assetIdentities: read-only (vuln.read);
 * - kevAssetIds: the connections module's entry-device KEV flag.
 */

/** The actor of feed-driven changes. */
export const FEED_CALLER: Caller = { actor: null, ip: null, label: 'system' };

export interface RematchSummary extends RunCounts {
  facilityId: string;
  ms: number;
}

function summary(facilityId: string, counts: RunCounts, started: number): RematchSummary {
  return { facilityId, ...counts, ms: Math.round((performance.now() - started) * 10) / 10 };
}

async function auditRun(deps: Deps, trx: Db, caller: Caller, facilityId: string, trigger: string, counts: object): Promise<void> {
  await recordAudit(deps, trx, caller, { facilityId, entityType: 'vulns', entityId: null, action: 'rematch', after: { trigger, ...counts } });
}

/** Re-matches every asset of a facility against every vulnerability (vuln.triage). */
export async function rematchFacility(deps: Deps, caller: Caller, facilityId: string): Promise<RematchSummary> {
  await authorizeVulns(deps, caller, facilityId, 'vuln.triage');
  const started = performance.now();
  const counts = await deps.db.transaction().execute(async (trx) => {
    const c = await runMatch(deps, trx, caller, { facilityId, assetIds: null, vulnIds: null, trigger: 'full' });
    await auditRun(deps, trx, caller, facilityId, 'full', c);
    return c;
  });
  return summary(facilityId, counts, started);
}

/** Re-matches every facility the caller may triage, one transaction each. */
export async function rematchAll(deps: Deps, caller: Caller): Promise<RematchSummary[]> {
  if (!caller.actor) throw new AppError('UNAUTHENTICATED');
  const allowed = facilitiesWith(caller.actor, 'vuln.triage');
  const ids = allowed === null ? await repo.facilityIds(deps.db) : allowed;
  const out: RematchSummary[] = [];
  for (const id of ids) out.push(await rematchFacility(deps, caller, id));
  return out;
}

/**
 * Re-matches some assets of a facility inside the caller's transaction (the ledger hook: create, update, delete,
 * import; connection changes that alter exposure). Deleted assets' active findings close.
 */
export async function rematchAssets(deps: Deps, trx: Db, caller: Caller, facilityId: string, assetIds: readonly string[]): Promise<RunCounts | null> {
  if (assetIds.length === 0) return null;
  return runMatch(deps, trx, caller, { facilityId, assetIds: [...new Set(assetIds)], vulnIds: null, trigger: 'asset' });
}

export interface FeedRematchSummary {
  facilities: RematchSummary[];
  rescored: number;
}

/**
 * After a feed import: re-matches only the vulnerabilities whose definition changed (every facility), and the
 * known-exploited CVEs whose KEV entry changed while NVD has not analysed them (the KEV text fallback decides
 * those); closes their findings that no longer match, and recomputes priorities/deadlines of findings whose KEV
 * entry changed (all findings when EPSS scores were imported). One transaction per facility.
 */
export async function afterFeedsImported(deps: Deps, outcome: FeedsImportedOutcome): Promise<FeedRematchSummary> {
  const result: FeedRematchSummary = { facilities: [], rescored: 0 };
  const facilities = await repo.facilityIds(deps.db);
  const kevOnly = outcome.kevChanged.length > 0 ? (await repo.kevOnlyEntries(deps.db, await newestFeedDate(deps.db, 'nvd'), outcome.kevChanged)).map((r) => r.cve_id) : [];
  if (outcome.changedVulnIds.length > 0 || kevOnly.length > 0) {
    const changed = new Set(outcome.changedVulnIds);
    const scope = await expandVulnIds(deps.db, outcome.changedVulnIds);
    for (const id of kevOnly) scope.add(id);
    for (const facilityId of facilities) {
      const started = performance.now();
      const counts = await deps.db.transaction().execute(async (trx) => {
        const c = await runMatch(deps, trx, FEED_CALLER, { facilityId, assetIds: null, vulnIds: scope, trigger: 'feed', changedIds: changed });
        if (c.created + c.reopened + c.closed + c.updated > 0) await auditRun(deps, trx, FEED_CALLER, facilityId, 'feed', { ...c, vulnIds: outcome.changedVulnIds.length });
        return c;
      });
      result.facilities.push(summary(facilityId, counts, started));
    }
  }
  if (outcome.kevChanged.length > 0 || outcome.epssChanged) {
    const withFindings = await repo.facilitiesWithFindings(deps.db, outcome.epssChanged ? null : outcome.kevChanged);
    for (const facilityId of withFindings) {
      result.rescored += await deps.db.transaction().execute(async (trx) => {
        const findings = outcome.epssChanged ? await repo.findingsInScope(trx, facilityId, null, null) : await repo.findingsInScope(trx, facilityId, null, outcome.kevChanged);
        const n = await rescoreFindings(deps, trx, facilityId, findings);
        if (n > 0) await auditRun(deps, trx, FEED_CALLER, facilityId, outcome.epssChanged ? 'epss' : 'kev', { rescored: n });
        return n;
      });
    }
  }
  return result;
}

/**
 * Recomputes priority and deadline of every finding of a facility (after its policy changed, or its exposure
 * changed outside the asset hook), in the caller's transaction. Returns how many changed.
 */
export async function rescoreFacility(deps: Deps, trx: Db, facilityId: string): Promise<number> {
  return rescoreFindings(deps, trx, facilityId, await repo.findingsInScope(trx, facilityId, null, null));
}

/** Re-matches the entry device and targets of an external connection (its status or lines changed). */
export async function connectionChanged(deps: Deps, trx: Db, caller: Caller, facilityId: string, connectionId: string): Promise<void> {
  const ids = await repo.connectionAssetIds(trx, facilityId, connectionId);
  if (ids.length > 0) await rematchAssets(deps, trx, caller, facilityId, ids);
}

// --- hooks --------------------------------------------------------------------------------------

/** The hooks the ledger and the feeds module call (Deps.vulnHooks). */
export function createVulnHooks(): VulnHooks {
  return {
    assetsChanged: async (deps, trx, caller, facilityId, assetIds) => {
      await rematchAssets(deps, trx, caller, facilityId, assetIds);
    },
    feedsImported: async (deps, outcome) => {
      await afterFeedsImported(deps, outcome);
    },
  };
}

/** Of the given assets of a facility, those with an active finding of a known-exploited (KEV) vulnerability. */
export async function kevAssetIds(deps: Deps, facilityId: string, assetIds: readonly string[]): Promise<Set<string>> {
  if (assetIds.length === 0) return new Set();
  return new Set(await repo.assetsWithActiveKev(deps.db, facilityId, assetIds));
}

/** The connections module's KEV flag source (Deps.entryDeviceSignals). */
export function createEntryDeviceSignals(): EntryDeviceSignals {
  return { kevAssetIds };
}

// --- identities, explain, suggestions -----------------------------------------------------------

export interface AssetIdentityView {
  source: AssetIdentity['source'];
  cpe: string;
  version: AssetIdentity['version'];
  alias: string | null;
}

/** The product identities of an asset as the API shows them. */
export function assetIdentities(asset: Parameters<typeof identitiesOf>[0]): AssetIdentityView[] {
  return identitiesOf(asset).map((i) => ({ source: i.source, cpe: i.cpe, version: i.version, alias: i.alias ?? null }));
}

function findingAsset(a: repo.MatchAssetRow): ExplainDto['asset'] {
  return { id: a.id, name: a.name, assetTag: a.asset_tag, type: a.type, exposure: a.exposure, criticality: a.criticality };
}

/** An asset by id, asset tag or hostname, in the facility (NOT_FOUND otherwise). */
export async function resolveAsset(db: Db, facilityId: string, ref: string): Promise<repo.MatchAssetRow> {
  const rows = await repo.findAssetsByRef(db, facilityId, ref.trim());
  const exact = rows.find((r) => r.id === ref.trim()) ?? rows.find((r) => r.asset_tag === ref.trim()) ?? rows[0];
  if (!exact) throw new AppError('NOT_FOUND');
  return exact;
}

function normaliseVulnId(id: string): string {
  return id.trim().toUpperCase();
}

/** Why an asset matches a vulnerability, or why not (vuln.read). `assetRef`: id, asset tag or hostname. */
export async function explain(deps: Deps, caller: Caller, facilityId: string, assetRef: string, vulnIdInput: string): Promise<ExplainDto> {
  await authorizeVulns(deps, caller, facilityId, 'vuln.read');
  const asset = await resolveAsset(deps.db, facilityId, assetRef);
  const vulnId = normaliseVulnId(vulnIdInput);
  const identities = identitiesOf(productFields(asset));
  const base = { asset: findingAsset(asset), vulnId, identities: identities.map((i) => ({ source: i.source, cpe: i.cpe, version: i.version, alias: i.alias ?? null })) };
  const notAffected = (reasons: ExplainDto['reasons']): ExplainDto => ({ ...base, affected: false, confidence: null, evidence: [], reasons });
  const fromOutcome = (o: MatchOutcome): ExplainDto =>
    o.affected ? { ...base, affected: true, confidence: o.confidence, evidence: o.evidence, reasons: [] } : notAffected(o.reasons);

  const defs = new Definitions();
  const links = await repo.jvnLinks(deps.db, [vulnId]);
  await defs.load(deps.db, [vulnId, ...links.map((l) => (vulnId.startsWith('JVNDB-') ? l.cve_id : l.jvn_id))]);
  if (vulnId.startsWith('JVNDB-')) {
    const def = defs.jvn.get(vulnId);
    if (!def) return notAffected([{ reason: 'no_definition' }]);
    if (identities.length === 0) return notAffected([{ reason: 'no_identity' }]);
    const o = evaluateJvnEntry(def.affected, identities);
    if (o.affected && def.cves.length > 0 && def.cves.every((c) => defs.nvdDecides(c) || defs.rejected(c))) {
      return notAffected([{ reason: 'no_definition', detail: `recorded under ${def.cves.join(', ')} (NVD decides)` }]);
    }
    return fromOutcome(o);
  }
  const cve = defs.cves.get(vulnId);
  const jvnIds = links.map((l) => l.jvn_id);
  const kev = await KevFallback.load(deps.db, [vulnId]);
  if (!cve && jvnIds.length === 0 && kev.size === 0) return notAffected([{ reason: 'no_definition' }]);
  if (cve?.rejected) return notAffected([{ reason: 'rejected' }]);
  if (identities.length === 0) return notAffected([{ reason: 'no_identity' }]);
  if (cve?.configs) return fromOutcome(evaluateCve(cve.configs, identities));
  // No NVD configurations: the JVN entries that name this CVE decide.
  const reasons: ExplainDto['reasons'] = [];
  let best: { confidence: Confidence; evidence: ExplainDto['evidence'] } | null = null;
  for (const j of jvnIds) {
    const def = defs.jvn.get(j);
    if (!def) continue;
    const o = evaluateJvnEntry(def.affected, identities);
    if (o.affected) best = best ? { confidence: best.confidence === 'exact' ? 'exact' : o.confidence, evidence: [...best.evidence, ...o.evidence] } : { confidence: o.confidence, evidence: o.evidence };
    else reasons.push(...o.reasons);
  }
  if (best) return { ...base, affected: true, confidence: best.confidence, evidence: best.evidence, reasons: [] };
  // Nor a JVN entry: a known-exploited CVE matches by the KEV entry's vendor and product.
  const byKev = kev.match(vulnId, identities);
  if (byKev) return { ...base, affected: true, confidence: byKev.confidence, evidence: byKev.evidence, reasons: [] };
  const kevCriteria = kev.criteria(vulnId);
  if (kevCriteria) reasons.push({ reason: 'product_not_named', criteria: kevCriteria });
  return notAffected(reasons.length > 0 ? reasons : [{ reason: 'no_definition' as NoMatchReason }]);
}

export interface CpeSuggestion {
  cpe: string;
  part: string;
  vendor: string;
  product: string;
  vulnCount: number;
}

/**
 * CPE suggestions from the imported criteria (vuln.read): distinct (part, vendor, product) whose vendor or
 * product contains every word of the query (or of the asset's vendor and product), the 20 named by most
 * vulnerabilities first, with a CPE 2.3 string to paste (version `*`).
 */
export async function cpeSuggestions(deps: Deps, caller: Caller, facilityId: string, query: { q?: string | undefined; assetId?: string | undefined }): Promise<{ items: CpeSuggestion[] }> {
  await authorizeVulns(deps, caller, facilityId, 'vuln.read');
  let text = query.q?.trim() ?? '';
  if (!text && query.assetId) {
    const asset = await resolveAsset(deps.db, facilityId, query.assetId);
    text = suggestQuery(productFields(asset)).text;
  }
  const terms = text
    .toLowerCase()
    .split(/[\s:/]+/)
    .map((t) => t.replace(/\s+/g, '_'))
    .filter((t) => t.length > 0)
    .slice(0, 5);
  if (terms.length === 0) return { items: [] };
  const rows = await repo.productSuggestions(deps.db, terms, 20);
  return {
    items: rows.map((r) => ({ cpe: `cpe:2.3:${r.part}:${r.vendor}:${r.product}:*:*:*:*:*:*:*:*`, part: r.part, vendor: r.vendor, product: r.product, vulnCount: r.vuln_count })),
  };
}

// --- listing for the command line ---------------------------------------------------------------

export interface ScanRow {
  facility: string;
  findingId: string;
  asset: string;
  assetId: string;
  assetTag: string | null;
  cve: string;
  kev: boolean;
  ransomware: boolean;
  epss: number | null;
  cvss: number | null;
  priority: number;
  confidence: Confidence;
  status: string;
  dueRule: string;
  dueDate: string;
}

/** Active findings of a facility, highest priority first (vuln.read). */
export async function activeFindings(deps: Deps, caller: Caller, facilityId: string): Promise<ScanRow[]> {
  await authorizeVulns(deps, caller, facilityId, 'vuln.read');
  const facility = await deps.db.selectFrom('facilities').select('code').where('id', '=', facilityId).executeTakeFirstOrThrow();
  const rows = await repo.activeFindingRows(deps.db, facilityId);
  return rows.map((r) => {
    const f = JSON.parse(r.priority_factors) as { kev?: boolean; ransomware?: boolean; epss?: number | null; cvss?: number | null };
    return {
      facility: facility.code,
      findingId: r.id,
      asset: r.asset_name,
      assetId: r.asset_id,
      assetTag: r.asset_tag,
      cve: r.vuln_id,
      kev: f.kev ?? false,
      ransomware: f.ransomware ?? false,
      epss: f.epss ?? null,
      cvss: f.cvss ?? null,
      priority: r.priority,
      confidence: r.confidence as Confidence,
      status: r.status,
      dueRule: r.due_rule,
      dueDate: r.due_on,
    };
  });
}
