import type { DraftDto } from '../../../shared/contracts/incident-clocks.contract.ts';
import type { DraftView } from './draft.service.ts';

export function presentDraft(d: DraftView): DraftDto {
  return {
    caseId: d.caseId,
    kind: d.kind,
    title: d.title,
    lang: d.lang,
    verified: d.verified,
    note: d.note,
    fields: d.fields.map((f) => ({ key: f.key, label: f.label, hint: f.hint, value: f.value, prefilled: f.prefilled, source: f.source })),
    updatedAt: d.updatedAt,
    updatedBy: d.updatedBy,
  };
}
