import type { AnswerState } from '../../../shared/assessments/domain.ts';
import type { FrameworkDefinition } from '../../../shared/assessments/framework.ts';
import type { AssessmentStatus, EvidenceKind, EvidenceRecordType } from '../../../shared/assessments/types.ts';
import type { AnswerDto, AssessmentSummaryDto, EvidenceDto, ProgressDto } from '../../../shared/contracts/assessments.contract.ts';
import type * as repo from './assessment.repository.ts';

/** Row → contract shapes of the assessments core, with explicit field lists. */

export function presentAnswer(r: repo.AnswerRow): AnswerDto {
  return {
    itemId: r.item_id,
    answer: r.answer,
    checkedOn: r.checked_on,
    targetOn: r.target_on,
    responsible: r.responsible,
    comment: r.comment,
    carriedOver: r.carried_over === 1,
    updatedBy: r.updated_by_label,
    updatedAt: r.updated_at,
  };
}

/** What the pure rules need of a stored answer. */
export function answerState(a: Pick<AnswerDto, 'answer' | 'checkedOn' | 'targetOn' | 'carriedOver'>): AnswerState {
  return { answer: a.answer, checkedOn: a.checkedOn, targetOn: a.targetOn, carriedOver: a.carriedOver };
}

export function isExpired(validUntil: string | null, today: string): boolean {
  return validUntil !== null && validUntil < today;
}

/**
 * The current versions of an assessment's evidence (rows not replaced), each with its earlier versions newest
 * first. `rows` are the live rows of the assessment, replaced versions included.
 */
export function presentEvidenceList(rows: readonly repo.EvidenceRow[], today: string): EvidenceDto[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return rows
    .filter((r) => r.replaced_by_id === null)
    .map((r) => {
      const previous: EvidenceDto['previousVersions'] = [];
      const seen = new Set<string>([r.id]);
      let p = r.replaces_id ? byId.get(r.replaces_id) : undefined;
      while (p && !seen.has(p.id)) {
        seen.add(p.id);
        previous.push({ id: p.id, version: p.version, sha256: p.sha256, createdAt: p.created_at });
        p = p.replaces_id ? byId.get(p.replaces_id) : undefined;
      }
      return presentEvidence(r, today, previous);
    });
}

export function presentEvidence(r: repo.EvidenceRow, today: string, previousVersions: EvidenceDto['previousVersions'] = []): EvidenceDto {
  return {
    id: r.id,
    itemId: r.item_id,
    kind: r.kind as EvidenceKind,
    title: r.title,
    fileName: r.kind === 'file' ? r.file_name : null,
    sha256: r.sha256,
    size: r.size,
    version: r.version,
    previousVersions,
    // A record link keeps the record's label at the time of linking in file_name (the column files use for their name).
    record: r.record_type && r.record_id ? { type: r.record_type as EvidenceRecordType, id: r.record_id, label: r.file_name } : null,
    url: r.url,
    validUntil: r.valid_until,
    expired: isExpired(r.valid_until, today),
    note: r.note,
    createdBy: r.created_by_label,
    createdAt: r.created_at,
  };
}

export interface SummaryInput {
  row: repo.AssessmentRecord;
  /** Null when the framework is no longer available (a custom framework removed since). */
  definition: FrameworkDefinition | null;
  progress: ProgressDto;
}

export function presentAssessmentSummary({ row, definition, progress }: SummaryInput): AssessmentSummaryDto {
  return {
    id: row.id,
    facilityId: row.facility_id,
    frameworkId: row.framework_id,
    frameworkVersion: row.framework_version,
    frameworkTitle: definition?.title ?? { ja: row.framework_id, en: row.framework_id },
    sheet: row.sheet as AssessmentSummaryDto['sheet'],
    vendor: row.vendor_id ? { id: row.vendor_id, name: row.vendor_name ?? '' } : null,
    fiscalYear: row.fiscal_year,
    title: row.title,
    status: row.status as AssessmentStatus,
    carriedFromId: row.carried_from_id,
    signoff: {
      manager: row.manager_signed_by && row.manager_signed_at ? { by: row.manager_signed_by, at: row.manager_signed_at } : null,
      executive: row.executive_signed_by && row.executive_signed_at ? { by: row.executive_signed_by, at: row.executive_signed_at } : null,
    },
    lockedAt: row.locked_at,
    submittedAt: row.submitted_at,
    acceptedAt: row.accepted_at,
    returnReason: row.return_reason,
    progress,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentEvent(r: repo.EventRow) {
  const parse = (s: string | null): unknown => {
    if (s === null) return null;
    try {
      return JSON.parse(s) as unknown;
    } catch {
      return s;
    }
  };
  return { id: r.id, itemId: r.item_id, action: r.action, before: parse(r.before), after: parse(r.after), actor: r.actor_label, createdAt: r.created_at };
}
