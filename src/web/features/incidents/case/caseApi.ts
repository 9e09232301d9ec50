import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiUrl, isApiError } from '../../../api/client.ts';
import type { CaseDetailDto } from '../../../../shared/contracts/incident-cases.contract.ts';
import type { CaseClocksDto, DraftDto } from '../../../../shared/contracts/incident-clocks.contract.ts';
import type { EvidenceListDto, IncidentReviewDto } from '../../../../shared/contracts/incident-evidence.contract.ts';
import type { AffectedRecordDto, CommRecordDto, ObservableDto, TimelineEntryDto } from '../../../../shared/contracts/incident-records.contract.ts';
import type { DraftKind } from '../../../../shared/incidents/cases.ts';
import type { Locale } from '../../../../shared/errors.ts';

/** The API of one case and its records (server: src/server/modules/incidents/*.routes.ts). */
const enc = encodeURIComponent;
export const casePath = {
  case: (id: string) => `/incidents/${enc(id)}`,
  phase: (id: string) => `/incidents/${enc(id)}/phase`,
  close: (id: string) => `/incidents/${enc(id)}/close`,
  reopen: (id: string) => `/incidents/${enc(id)}/reopen`,
  tasks: (id: string) => `/incidents/${enc(id)}/tasks`,
  task: (taskId: string) => `/incident-tasks/${enc(taskId)}`,
  team: (id: string) => `/incidents/${enc(id)}/team`,
  member: (memberId: string) => `/incident-team/${enc(memberId)}`,
  timeline: (id: string) => `/incidents/${enc(id)}/timeline`,
  timelineEntry: (entryId: string) => `/incident-timeline/${enc(entryId)}`,
  affected: (id: string) => `/incidents/${enc(id)}/affected`,
  affectedRecord: (recordId: string) => `/incident-affected/${enc(recordId)}`,
  observables: (id: string) => `/incidents/${enc(id)}/observables`,
  observablesBulk: (id: string) => `/incidents/${enc(id)}/observables/bulk`,
  observablesCsv: (id: string) => apiUrl(`/incidents/${enc(id)}/observables.csv`),
  observable: (obsId: string) => `/incident-observables/${enc(obsId)}`,
  comms: (id: string) => `/incidents/${enc(id)}/comms`,
  comm: (commId: string) => `/incident-comms/${enc(commId)}`,
  clocks: (id: string) => `/incidents/${enc(id)}/clocks`,
  filings: (id: string) => `/incidents/${enc(id)}/filings`,
  filing: (filingId: string) => `/incident-filings/${enc(filingId)}`,
  draft: (id: string, kind: DraftKind) => `/incidents/${enc(id)}/drafts/${enc(kind)}`,
  caseExport: (id: string, format: 'html' | 'pdf', lang: Locale) => apiUrl(`/incidents/${enc(id)}/export`, { format, lang }),
  draftExport: (id: string, kind: DraftKind, format: 'html' | 'pdf' | 'text', lang: Locale) => apiUrl(`/incidents/${enc(id)}/drafts/${enc(kind)}/export`, { format, lang }),
  evidence: (id: string) => `/incidents/${enc(id)}/evidence`,
  evidenceFile: (id: string) => `/incidents/${enc(id)}/evidence/file`,
  evidenceDownload: (evidenceId: string) => apiUrl(`/incident-evidence/${enc(evidenceId)}/file`),
  custody: (evidenceId: string) => `/incident-evidence/${enc(evidenceId)}/custody`,
  verify: (id: string) => `/incidents/${enc(id)}/custody/verify`,
  review: (id: string) => `/incidents/${enc(id)}/review`,
  reviewComplete: (id: string) => `/incidents/${enc(id)}/review/complete`,
  reviewActions: (id: string) => `/incidents/${enc(id)}/review/actions`,
};

export const CASE_KEY = ['incidentCase'] as const;
export const caseKey = (id: string, ...rest: unknown[]) => [...CASE_KEY, id, ...rest];

const noRetryOn = (e: unknown) => isApiError(e) && (e.status === 404 || e.status === 403);
const retry = (count: number, e: unknown) => !noRetryOn(e) && count < 2;

export function useCase(id: string) {
  return useQuery({ queryKey: caseKey(id, 'detail'), queryFn: ({ signal }) => api.get<CaseDetailDto>(casePath.case(id), undefined, signal), retry });
}

/** Clocks change with time: refreshed every minute while the page is open. */
export function useCaseClocks(id: string) {
  return useQuery({ queryKey: caseKey(id, 'clocks'), queryFn: ({ signal }) => api.get<CaseClocksDto>(casePath.clocks(id), undefined, signal), retry, refetchInterval: 60_000 });
}

export function useTimeline(id: string) {
  return useQuery({ queryKey: caseKey(id, 'timeline'), queryFn: ({ signal }) => api.get<{ items: TimelineEntryDto[] }>(casePath.timeline(id), undefined, signal), retry });
}

export function useAffected(id: string) {
  return useQuery({ queryKey: caseKey(id, 'affected'), queryFn: ({ signal }) => api.get<{ items: AffectedRecordDto[] }>(casePath.affected(id), undefined, signal), retry });
}

export function useObservables(id: string) {
  return useQuery({ queryKey: caseKey(id, 'observables'), queryFn: ({ signal }) => api.get<{ items: ObservableDto[] }>(casePath.observables(id), undefined, signal), retry });
}

export function useComms(id: string) {
  return useQuery({ queryKey: caseKey(id, 'comms'), queryFn: ({ signal }) => api.get<{ items: CommRecordDto[] }>(casePath.comms(id), undefined, signal), retry });
}

export function useEvidence(id: string) {
  return useQuery({ queryKey: caseKey(id, 'evidence'), queryFn: ({ signal }) => api.get<EvidenceListDto>(casePath.evidence(id), undefined, signal), retry });
}

export function useReview(id: string) {
  return useQuery({ queryKey: caseKey(id, 'review'), queryFn: ({ signal }) => api.get<IncidentReviewDto>(casePath.review(id), undefined, signal), retry });
}

export function useDraft(id: string, kind: DraftKind, lang: Locale) {
  return useQuery({ queryKey: caseKey(id, 'draft', kind, lang), queryFn: ({ signal }) => api.get<DraftDto>(casePath.draft(id, kind), { lang }, signal), retry });
}

/**
 * After any write: most writes put an entry on the timeline and may move clocks and pre-filled drafts, so the whole
 * case is read again (only what is on screen refetches), and the incident lists and overviews elsewhere too.
 */
export function useCaseChanged() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ predicate: (q) => typeof q.queryKey[0] === 'string' && q.queryKey[0].toLowerCase().startsWith('incident') });
    void qc.invalidateQueries({ queryKey: ['actions'] });
    void qc.invalidateQueries({ queryKey: ['notifications'] });
  };
}
