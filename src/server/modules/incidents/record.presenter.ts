import type { AffectedRecordDto, CommRecordDto, ObservableDto, TimelineEntryDto } from '../../../shared/contracts/incident-records.contract.ts';
import type { CommChannel, CommDirection, ObservableType, TimelineKind } from '../../../shared/incidents/cases.ts';
import type { AffectedView, CommRow, ObservableRow, TimelineEntryView } from './record.service.ts';

const person = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);

export function presentTimelineEntry(r: TimelineEntryView): TimelineEntryDto {
  return {
    id: r.id,
    caseId: r.case_id,
    occurredAt: r.occurred_at,
    timeZone: r.time_zone,
    kind: r.kind as TimelineKind,
    text: r.text,
    author: person(r.created_by, r.author_name),
    createdAt: r.created_at,
    deletable: r.deletable,
  };
}

export function presentAffected(v: AffectedView): AffectedRecordDto {
  return {
    id: v.id,
    caseId: v.caseId,
    targetType: v.targetType,
    targetId: v.targetId,
    name: v.name,
    type: v.type,
    ips: v.ips,
    vendor: v.vendor,
    status: v.status,
    flags: v.flags,
    removed: v.removed,
    note: v.note,
    createdAt: v.createdAt,
  };
}

export function presentObservable(r: ObservableRow): ObservableDto {
  return {
    id: r.id,
    caseId: r.case_id,
    type: r.type as ObservableType,
    value: r.value,
    note: r.note,
    createdBy: person(r.created_by, r.created_by_name),
    createdAt: r.created_at,
  };
}

export function presentComm(r: CommRow): CommRecordDto {
  return {
    id: r.id,
    caseId: r.case_id,
    occurredAt: r.occurred_at,
    direction: r.direction as CommDirection,
    channel: r.channel as CommChannel,
    party: r.party,
    contactEntryId: r.contact_entry_id,
    summary: r.summary,
    createdBy: person(r.created_by, r.created_by_name),
    createdAt: r.created_at,
  };
}
