import type { z } from 'zod';
import type { FindingDetailDto, FindingDto, VulnSummaryDto, ZFindingAsset, ZFindingEvent, ZMatchEvidence, ZPriorityFactors } from '../../../shared/contracts/vulns.contract.ts';
import { isActiveStatus, type DueRule, type FindingEventAction, type FindingStatus } from '../../../shared/vulns/domain.ts';
import type { Confidence, MatchReason } from '../../../shared/vulns/types.ts';
import type { FindingEventRow, FindingRecord, VulnFacts } from './finding-query.repository.ts';

/** Rows of the vulnerability read model → API shapes, with explicit field lists. */

function parse<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

const JVN_VERSIONS: Record<string, VulnSummaryDto['cvssVersion']> = { '4.0': '4.0', '3.1': '3.x', '3.0': '3.x', '3': '3.x', '2.0': '2.0', '2': '2.0' };

/** The CVSS score shown: NVD v3.x, else v4.0, else v2.0 (as the priority uses), else the JVN score. */
export function shownCvss(v: VulnFacts): { cvss: number | null; cvssVersion: VulnSummaryDto['cvssVersion'] } {
  if (v.cvss3 !== null) return { cvss: v.cvss3, cvssVersion: '3.x' };
  if (v.cvss4 !== null) return { cvss: v.cvss4, cvssVersion: '4.0' };
  if (v.cvss2 !== null) return { cvss: v.cvss2, cvssVersion: '2.0' };
  if (v.jvnCvss !== null) return { cvss: v.jvnCvss, cvssVersion: JVN_VERSIONS[v.jvnCvssVersion ?? ''] ?? null };
  return { cvss: null, cvssVersion: null };
}

export function presentVulnSummary(v: VulnFacts): VulnSummaryDto {
  const { cvss, cvssVersion } = shownCvss(v);
  return {
    id: v.id,
    title: v.jvnTitle ?? v.kevName ?? null,
    cvss,
    cvssVersion,
    epss: v.epss,
    epssPercentile: v.epssPercentile,
    kev: v.kevDateAdded !== null,
    ransomware: v.ransomware,
    kevDateAdded: v.kevDateAdded,
    kevDueDate: v.kevDueDate,
    jvnIds: v.jvnIds,
  };
}

export function presentFindingAsset(a: FindingRecord['asset']): z.infer<typeof ZFindingAsset> {
  return { id: a.id, name: a.name, assetTag: a.assetTag, type: a.type, exposure: a.exposure, criticality: a.criticality };
}

/** `today` (JST) decides `overdue`: an active finding past its deadline. */
export function presentFinding(r: FindingRecord, today: string): FindingDto {
  const f = r.finding;
  const status = f.status as FindingStatus;
  return {
    id: f.id,
    facilityId: f.facility_id,
    asset: presentFindingAsset(r.asset),
    vuln: presentVulnSummary(r.vuln),
    confidence: f.confidence as Confidence,
    status,
    priority: Number(f.priority),
    dueRule: f.due_rule as DueRule,
    dueOn: f.due_on,
    overdue: isActiveStatus(status) && f.due_on < today,
    escalationLevel: Number(f.escalation_level),
    firstSeenAt: f.first_seen_at,
    lastSeenAt: f.last_seen_at,
    statusChangedAt: f.status_changed_at,
    statusChangedBy: f.status_changed_by,
    statusReason: f.status_reason,
    acceptedBy: f.accepted_by,
    acceptedUntil: f.accepted_until,
    autoClosed: Number(f.auto_closed) === 1,
  };
}

export function presentEvidence(json: string): z.infer<typeof ZMatchEvidence>[] {
  return parse<Partial<z.infer<typeof ZMatchEvidence>>[]>(json, []).map((e) => ({
    configuration: Number(e.configuration ?? -1),
    criteria: String(e.criteria ?? ''),
    range: e.range ?? null,
    identity: String(e.identity ?? ''),
    reason: (e.reason ?? 'version_any') as MatchReason,
    vulnerable: e.vulnerable ?? true,
  }));
}

export function presentFactors(json: string, confidence: string): z.infer<typeof ZPriorityFactors> {
  const f = parse<Partial<z.infer<typeof ZPriorityFactors>>>(json, {});
  return {
    kev: f.kev ?? false,
    ransomware: f.ransomware ?? false,
    internetFacing: f.internetFacing ?? false,
    vendorReachable: f.vendorReachable ?? false,
    criticality: Math.round(Number(f.criticality ?? 3)),
    holdsPatientData: f.holdsPatientData ?? false,
    epss: f.epss ?? null,
    cvss: f.cvss ?? null,
    confidence: (f.confidence ?? confidence) as Confidence,
  };
}

export function presentFindingEvent(e: FindingEventRow): z.infer<typeof ZFindingEvent> {
  return {
    id: e.id,
    at: e.at,
    actor: e.actor,
    action: e.action as FindingEventAction,
    fromStatus: e.from_status as FindingStatus | null,
    toStatus: e.to_status as FindingStatus | null,
    comment: e.comment,
  };
}

export function presentFindingDetail(r: FindingRecord, today: string, history: readonly FindingEventRow[], allowedStatuses: FindingStatus[]): FindingDetailDto {
  return {
    ...presentFinding(r, today),
    evidence: presentEvidence(r.finding.evidence),
    priorityFactors: presentFactors(r.finding.priority_factors, r.finding.confidence),
    history: history.map(presentFindingEvent),
    allowedStatuses,
  };
}
