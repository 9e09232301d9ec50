import type { NotificationDto } from '../../../shared/contracts/vulns.contract.ts';
import type { Notification } from './notification.service.ts';

export function presentNotification(n: Notification): NotificationDto {
  return { id: n.id, facilityId: n.facilityId, kind: n.kind, params: n.params, link: n.link, createdAt: n.createdAt, readAt: n.readAt };
}
