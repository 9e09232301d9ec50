import { caseNumberLabel } from '../../../shared/incidents/cases.ts';
import type { ReportDto } from '../../../shared/contracts/incident-reports.contract.ts';
import type { ReportChannel, ReportStatus } from '../../../shared/incidents/cases.ts';
import type { ReportView } from './report.repository.ts';

/** A report as the API shows it (explicit fields; the photo as type and size, fetched from its own URL). */
export function presentReport(r: ReportView): ReportDto {
  return {
    id: r.id,
    facilityId: r.facility_id,
    channel: r.channel as ReportChannel,
    status: r.status as ReportStatus,
    what: r.what,
    where: r.where_text,
    asset: r.asset_id && r.asset_name !== null ? { id: r.asset_id, name: r.asset_name } : null,
    occurredAt: r.occurred_at,
    reporter: r.reporter_user_id ? { id: r.reporter_user_id, name: r.reporter_display_name ?? '' } : null,
    reporterName: r.reporter_name,
    reporterContact: r.reporter_contact,
    photo: r.photo_file_id && r.photo_content_type !== null ? { contentType: r.photo_content_type, size: r.photo_size ?? 0 } : null,
    case: r.case_id && r.case_seq !== null ? { id: r.case_id, seq: r.case_seq, number: caseNumberLabel(r.case_seq, r.case_discovered_at ?? r.created_at), title: r.case_title ?? '' } : null,
    dismissReason: r.dismiss_reason,
    triagedBy: r.triaged_by ? { id: r.triaged_by, name: r.triaged_by_name ?? '' } : null,
    triagedAt: r.triaged_at,
    createdAt: r.created_at,
  };
}
