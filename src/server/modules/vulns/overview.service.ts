import { AppError } from '../../../shared/errors.ts';
import { addDays } from '../../../shared/ledger.ts';
import { FINDING_STATUSES, type FindingStatus } from '../../../shared/vulns/domain.ts';
import { criteriaRows } from '../../../shared/vulns/configurations.ts';
import { isExposed } from '../../../shared/vulns/priority.ts';
import type { VulnConfiguration } from '../../../shared/vulns/types.ts';
import type { FindingDetailDto, FindingDto, FindingListQuery, VulnDetailDto, VulnOverviewDto } from '../../../shared/contracts/vulns.contract.ts';
import type { z } from 'zod';
import type { ZAssetVulns, ZCoveragePage, ZCoverageQuery, ZFindingPage } from '../../../shared/contracts/vulns.contract.ts';
import type { Caller, Deps } from '../../context.ts';
import { feedStatus } from '../feeds/index.ts';
import { ledgerToday } from '../ledger/index.ts';
import * as repo from './finding-query.repository.ts';
import { assetIdentities } from './match.service.ts';
import { presentFactors, presentFinding, presentFindingAsset, presentFindingDetail, presentVulnSummary } from './vuln.presenter.ts';
import { authorizeVulns } from './vulns.access.ts';
import { allowedStatuses } from './workflow.service.ts';

/**
 * Read use cases of the facility's findings (vuln.read): the overview (known-exploited exposure first), the
 * findings list, one finding, an asset's section, coverage, and the deployment-wide vulnerability record.
 */

/** "Newly added" known-exploited vulnerabilities: KEV entries added within this many days. */
export const NEW_KEV_DAYS = 30;
const DEFAULT_STATUSES: FindingStatus[] = ['open', 'in_progress'];

/** `open,in_progress` → statuses; `all` → null (every status); unknown names → VALIDATION_FAILED. */
export function parseStatuses(text: string | undefined, fallback: FindingStatus[] | null): FindingStatus[] | null {
  if (text === undefined || text.trim() === '') return fallback;
  if (text.trim() === 'all') return null;
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = parts.filter((s) => !(FINDING_STATUSES as readonly string[]).includes(s));
  if (bad.length > 0) throw new AppError('VALIDATION_FAILED', `unknown status: ${bad.join(', ')}`, { issues: [{ path: 'status', message: 'invalid_status' }] });
  return parts as FindingStatus[];
}

const flag = (v: '1' | '0' | undefined) => (v === undefined ? undefined : v === '1');

function filterOf(facilityId: string, query: FindingListQuery, today: string, defaultStatuses: FindingStatus[] | null): repo.FindingFilter {
  return {
    facilityId,
    today,
    statuses: parseStatuses(query.status, defaultStatuses),
    q: query.q || undefined,
    kev: flag(query.kev),
    ransomware: flag(query.ransomware),
    confidence: query.confidence,
    overdue: flag(query.overdue),
    assetId: query.assetId,
    vulnId: query.vulnId ? query.vulnId.trim().toUpperCase() : undefined,
    kevAddedSince: query.kevAddedSince,
  };
}

async function page(deps: Deps, filter: repo.FindingFilter, query: FindingListQuery, today: string): Promise<z.infer<typeof ZFindingPage>> {
  const offset = (query.page - 1) * query.pageSize;
  const [total, rows] = await Promise.all([
    repo.countFindings(deps.dialect, deps.db, filter),
    repo.listFindings(deps.dialect, deps.db, filter, query.sort, { limit: query.pageSize, offset }),
  ]);
  return { items: rows.map((r) => presentFinding(r, today)), total, page: query.page, pageSize: query.pageSize };
}

/** The findings list: by default the active ones (open, in progress), highest priority first. */
export async function listFindingPage(deps: Deps, caller: Caller, facilityId: string, query: FindingListQuery): Promise<z.infer<typeof ZFindingPage>> {
  await authorizeVulns(deps, caller, facilityId, 'vuln.read');
  const today = ledgerToday(deps);
  return page(deps, filterOf(facilityId, query, today, DEFAULT_STATUSES), query, today);
}

/** The facility's findings of one vulnerability (the per-CVE page's affected assets): every status unless filtered. */
export async function findingsOfVuln(deps: Deps, caller: Caller, facilityId: string, vulnId: string, query: FindingListQuery): Promise<z.infer<typeof ZFindingPage>> {
  await authorizeVulns(deps, caller, facilityId, 'vuln.read');
  const today = ledgerToday(deps);
  return page(deps, { ...filterOf(facilityId, query, today, null), vulnId: vulnId.trim().toUpperCase() }, query, today);
}

export async function getFindingDetail(deps: Deps, caller: Caller, facilityId: string, findingId: string): Promise<FindingDetailDto> {
  const actor = await authorizeVulns(deps, caller, facilityId, 'vuln.read');
  const r = await repo.findFindingRecord(deps.db, facilityId, findingId);
  if (!r) throw new AppError('NOT_FOUND');
  const history = await repo.listEvents(deps.db, facilityId, findingId);
  return presentFindingDetail(r, ledgerToday(deps), history, allowedStatuses(actor, facilityId, r.finding.status as FindingStatus));
}

/** The vulnerability section of an asset page: its identities and all its findings. */
export async function getAssetVulns(deps: Deps, caller: Caller, facilityId: string, assetId: string): Promise<z.infer<typeof ZAssetVulns>> {
  await authorizeVulns(deps, caller, facilityId, 'vuln.read');
  const asset = await repo.findLiveAsset(deps.db, facilityId, assetId);
  if (!asset) throw new AppError('NOT_FOUND');
  const today = ledgerToday(deps);
  const rows = await repo.listFindings(deps.dialect, deps.db, { facilityId, today, statuses: null, assetId }, '-priority', null);
  return { identities: assetIdentities(asset), findings: rows.map((r) => presentFinding(r, today)) };
}

type Coverage = VulnOverviewDto['coverage'];
type CoverageItem = z.infer<typeof ZCoveragePage>['items'][number];

async function coverageItems(deps: Deps, facilityId: string): Promise<{ coverage: Coverage; gaps: CoverageItem[] }> {
  const assets = await repo.liveAssetsForCoverage(deps.dialect, deps.db, facilityId);
  let identified = 0;
  let withVersion = 0;
  const gaps: CoverageItem[] = [];
  for (const a of assets) {
    const identities = assetIdentities(a);
    const versioned = identities.some((i) => i.version !== 'unknown');
    if (identities.length > 0) identified++;
    if (versioned) withVersion++;
    if (versioned) continue;
    gaps.push({
      asset: { ...presentFindingAsset({ id: a.id, name: a.name, assetTag: a.asset_tag, type: a.type, exposure: a.exposure, criticality: Number(a.criticality) }), vendor: a.vendor, product: a.product, version: a.version, cpe: a.cpe, os: a.os },
      identities,
      gap: identities.length === 0 ? 'none' : 'no_version',
    });
  }
  const percent = assets.length === 0 ? 0 : Math.round((identified / assets.length) * 1000) / 10;
  return { coverage: { assets: assets.length, identified, withVersion, percent }, gaps };
}

/**
 * Coverage: assets mamori cannot match (no product identity) or can match only by vendor and product (no version),
 * so that "no findings" is never read as "safe". `percent` is the share of assets with an identity.
 */
export async function getCoverage(deps: Deps, caller: Caller, facilityId: string, query: z.infer<typeof ZCoverageQuery>): Promise<z.infer<typeof ZCoveragePage>> {
  await authorizeVulns(deps, caller, facilityId, 'vuln.read');
  const { coverage, gaps } = await coverageItems(deps, facilityId);
  const needle = query.q?.toLowerCase();
  const items = gaps.filter(
    (g) =>
      (query.gap === 'all' || g.gap === query.gap) &&
      (!needle || [g.asset.name, g.asset.assetTag, g.asset.vendor, g.asset.product].some((v) => v !== null && v.toLowerCase().includes(needle))),
  );
  const offset = (query.page - 1) * query.pageSize;
  return { items: items.slice(offset, offset + query.pageSize), total: items.length, page: query.page, pageSize: query.pageSize, coverage };
}

/** The overview: counts of active findings (known-exploited first), assets carrying KEV, newly added KEV, coverage. */
export async function getVulnOverview(deps: Deps, caller: Caller, facilityId: string): Promise<VulnOverviewDto> {
  await authorizeVulns(deps, caller, facilityId, 'vuln.read');
  const today = ledgerToday(deps);
  const [active, kevFindings, newKev, { coverage }, feeds, lastMatchedAt] = await Promise.all([
    repo.activeCounts(deps.db, facilityId, today),
    repo.activeKevFindings(deps.db, facilityId),
    repo.newKevVulns(deps.db, facilityId, addDays(today, -NEW_KEV_DAYS)),
    coverageItems(deps, facilityId),
    feedStatus(deps),
    repo.lastSeenAt(deps.db, facilityId),
  ]);

  const byAsset = new Map<string, VulnOverviewDto['kevAssets'][number]>();
  for (const r of kevFindings) {
    const factors = presentFactors(r.finding.priority_factors, r.finding.confidence);
    const cur = byAsset.get(r.asset.id) ?? {
      asset: presentFindingAsset(r.asset),
      internetFacing: false,
      vendorReachable: false,
      kevCount: 0,
      ransomwareCount: 0,
      topPriority: 0,
      earliestDue: null,
    };
    cur.internetFacing ||= factors.internetFacing;
    cur.vendorReachable ||= factors.vendorReachable;
    cur.kevCount++;
    if (r.vuln.ransomware) cur.ransomwareCount++;
    cur.topPriority = Math.max(cur.topPriority, Number(r.finding.priority));
    if (cur.earliestDue === null || r.finding.due_on < cur.earliestDue) cur.earliestDue = r.finding.due_on;
    byAsset.set(r.asset.id, cur);
  }
  const kevAssets = [...byAsset.values()]
    .sort((a, b) => Number(isExposed(b)) - Number(isExposed(a)) || b.topPriority - a.topPriority || a.asset.name.localeCompare(b.asset.name))
    .slice(0, 20);

  const facts = await repo.vulnFacts(
    deps.db,
    newKev.map((n) => n.vulnId),
  );
  return {
    active,
    kevAssets,
    newKev: newKev.map((n) => ({ vuln: presentVulnSummary(facts.get(n.vulnId)!), assetCount: n.assetCount })),
    coverage,
    feedsStale: feeds.stale,
    lastMatchedAt,
  };
}

/** One vulnerability with everything the feeds hold (deployment-wide; any signed-in user with vulnerability read scope). */
export async function getVulnDetail(deps: Deps, caller: Caller, vulnIdInput: string): Promise<VulnDetailDto> {
  const actor = caller.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (actor.token && !actor.token.scopes.includes('vulns:read')) throw new AppError('TOKEN_SCOPE');
  const vulnId = vulnIdInput.trim().toUpperCase();
  const [cve, kev, jvn, facts] = await Promise.all([repo.findCve(deps.db, vulnId), repo.findKev(deps.db, vulnId), repo.jvnEntriesOf(deps.db, vulnId), repo.vulnFacts(deps.db, [vulnId])]);
  if (!cve && !kev && jvn.length === 0) throw new AppError('NOT_FOUND');
  const parse = <T>(text: string | null | undefined, fallback: T): T => {
    if (!text) return fallback;
    try {
      return JSON.parse(text) as T;
    } catch {
      return fallback;
    }
  };
  const configurations = parse<VulnConfiguration[] | null>(cve?.configurations, null);
  return {
    ...presentVulnSummary(facts.get(vulnId)!),
    description: cve?.description ?? jvn[0]?.summary ?? null,
    published: cve?.published ?? jvn[0]?.published ?? null,
    lastModified: cve?.last_modified ?? jvn[0]?.last_updated ?? null,
    vulnStatus: cve?.vuln_status ?? null,
    cvss3Vector: cve?.cvss3_vector ?? null,
    cvss4Vector: cve?.cvss4_vector ?? null,
    cwes: parse<string[]>(cve?.cwes, []),
    references: parse<{ url: string; tags?: string[] }[]>(cve?.refs, []).map((r) => ({ url: String(r.url), tags: r.tags ?? [] })),
    criteria: criteriaRows(configurations),
    unanalysed: configurations === null || configurations.length === 0,
    kevInfo: kev
      ? {
          dateAdded: kev.date_added,
          dueDate: kev.due_date,
          ransomware: Number(kev.ransomware) === 1,
          vendorProject: kev.vendor_project,
          product: kev.product,
          name: kev.name,
          shortDescription: kev.short_description,
          requiredAction: kev.required_action,
          notes: kev.notes,
        }
      : null,
    jvn: jvn.map((j) => ({
      id: j.id,
      title: j.title,
      summary: j.summary,
      url: j.url,
      cvssScore: j.cvss_score === null ? null : Number(j.cvss_score),
      cvssSeverity: j.cvss_severity,
      affected: parse<{ vendorName?: string | null; productName?: string | null; cpe?: string | null; versionText?: string | null }[]>(j.affected, []).map((a) => ({
        vendorName: a.vendorName ?? null,
        productName: a.productName ?? null,
        cpe: a.cpe ?? null,
        versionText: a.versionText ?? null,
      })),
    })),
  };
}

export type { FindingDto };
