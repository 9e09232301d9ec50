import type { PlaybookDetailDto, PlaybookSummaryDto } from '../../../shared/contracts/incident-playbooks.contract.ts';
import type { PlaybookView } from './playbook.service.ts';

export function presentPlaybookSummary(v: PlaybookView): PlaybookSummaryDto {
  return {
    category: v.category,
    source: v.source,
    id: v.definition.id,
    version: v.version,
    title: v.definition.title,
    items: v.definition.items.length,
    unverifiedItems: v.definition.items.filter((i) => !i.verified).length,
    builtinVersion: v.builtinVersion,
    facilityVersion: v.facilityVersion,
    updatedAt: v.updatedAt,
    updatedBy: v.updatedBy,
  };
}

export function presentPlaybook(v: PlaybookView): PlaybookDetailDto {
  return { ...presentPlaybookSummary(v), definition: v.definition };
}
