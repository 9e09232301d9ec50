import type { CustodyEntryDto, CustodyVerifyDto, EvidenceItemDto, EvidenceListDto } from '../../../shared/contracts/incident-evidence.contract.ts';
import type { CustodyAction, EvidenceType } from '../../../shared/incidents/cases.ts';
import type { CustodyRow } from './evidence.repository.ts';
import { evidenceLabel, type CaseEvidence, type CustodyVerification, type EvidenceView } from './evidence.service.ts';

/** 証拠保全: rows → DTOs with explicit field lists. */

export function presentCustodyEntry(r: CustodyRow): CustodyEntryDto {
  return {
    id: r.id,
    seq: Number(r.seq),
    action: r.action as CustodyAction,
    occurredAt: r.occurred_at,
    fromParty: r.from_party,
    toParty: r.to_party,
    location: r.location,
    note: r.note,
    recordedBy: r.recorded_by,
    prevHash: r.prev_hash,
    hash: r.hash,
    createdAt: r.created_at,
  };
}

export function presentEvidenceItem(v: EvidenceView): EvidenceItemDto {
  const r = v.row;
  return {
    id: r.id,
    caseId: r.case_id,
    seq: r.seq,
    label: evidenceLabel(r.seq),
    type: r.type as EvidenceType,
    description: r.description,
    location: r.location,
    collectedBy: r.collected_by,
    collectedAt: r.collected_at,
    sha256: r.sha256,
    hashSource: r.hash_source as EvidenceItemDto['hashSource'],
    file: r.file_id && r.file_name !== null ? { name: r.file_name, size: r.file_size ?? 0, contentType: r.file_content_type ?? 'application/octet-stream' } : null,
    createdBy: r.created_by && r.created_by_name !== null ? { id: r.created_by, name: r.created_by_name } : null,
    createdAt: r.created_at,
    custody: v.custody.map(presentCustodyEntry),
    chain: { ok: v.chain.ok, entries: v.chain.entries, break: v.chain.break },
  };
}

export function presentEvidenceList(e: CaseEvidence): EvidenceListDto {
  return { caseId: e.caseId, items: e.items.map(presentEvidenceItem) };
}

export function presentCustodyVerify(v: CustodyVerification): CustodyVerifyDto {
  return { caseId: v.caseId, caseLabel: v.caseLabel, ok: v.ok, checkedAt: v.checkedAt, items: v.items.map((i) => ({ ...i })) };
}
