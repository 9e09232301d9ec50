import type { ActionDto } from '../../../shared/contracts/actions.contract.ts';
import type { ActionView } from './action.service.ts';

export function presentAction(a: ActionView): ActionDto {
  return {
    id: a.id,
    facilityId: a.facilityId,
    title: a.title,
    description: a.description,
    owner: a.ownerUserId ? { id: a.ownerUserId, name: a.ownerName ?? '' } : null,
    dueOn: a.dueOn,
    status: a.status,
    overdue: a.overdue,
    source: { type: a.sourceType, id: a.sourceId, ref: a.sourceRef, label: a.sourceLabel, link: a.sourceLink },
    completedAt: a.completedAt,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}
