import type { TResilienceSummary } from '../../../shared/contracts/resilience-summary.contract.ts';
import type { ResilienceSummaryResult } from './resilience-summary.service.ts';

/** The summary as the API sends it (explicit field list). */
export function presentResilienceSummary(s: ResilienceSummaryResult): TResilienceSummary {
  return {
    facilityId: s.facilityId,
    evaluatedAt: s.evaluatedAt,
    sentences: s.sentences.map((x) => ({ severity: x.severity, code: x.code, params: x.params, link: x.link, ...(x.systemId ? { systemId: x.systemId } : {}) })),
    counts: { ...s.counts },
    allGood: s.allGood,
  };
}
