import type { BcpOverviewDto, BcpVersionDto, BcpVersionSummaryDto } from '../../../shared/contracts/resilience-bcp.contract.ts';
import type { BcpOverview, BcpVersionSummary, BcpVersionView } from './bcp.service.ts';

/** 事業継続計画(BCP): service views → API DTOs (explicit field lists). */

export function presentBcpVersionSummary(v: BcpVersionSummary): BcpVersionSummaryDto {
  return {
    id: v.id,
    facilityId: v.facilityId,
    number: v.number,
    status: v.status,
    basedOnId: v.basedOnId,
    createdBy: v.createdBy,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
    submittedAt: v.submittedAt,
    submittedBy: v.submittedBy,
    approvedAt: v.approvedAt,
    approvedBy: v.approvedBy,
    approverName: v.approverName,
    approvalNote: v.approvalNote,
    reviewDueOn: v.reviewDueOn,
    version: v.version,
  };
}

export function presentBcpVersion(v: BcpVersionView): BcpVersionDto {
  return {
    ...presentBcpVersionSummary(v),
    content: v.content,
    completeness: {
      complete: v.completeness.complete,
      sections: v.completeness.sections.map((s) => ({ section: s.section, status: s.status, required: s.required, sentence: s.sentence })),
      missingRequired: [...v.completeness.missingRequired],
      checklist: v.completeness.checklist,
    },
    lastReturn: v.lastReturn,
    can: v.can,
  };
}

export function presentBcpOverview(o: BcpOverview): BcpOverviewDto {
  return {
    facilityId: o.facilityId,
    versions: o.versions.map(presentBcpVersionSummary),
    current: o.current ? presentBcpVersionSummary(o.current) : null,
    openDraft: o.openDraft ? presentBcpVersionSummary(o.openDraft) : null,
    reviewDueOn: o.reviewDueOn,
    reviewOverdue: o.reviewOverdue,
    sentence: o.sentence,
    canCreateDraft: o.canCreateDraft,
  };
}
