import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { api } from '../../api/client.ts';
import type { NotificationDto, ZNotificationList } from '../../../shared/contracts/vulns.contract.ts';

/** The bell: the signed-in user's notifications, polled every minute. */

export type TNotification = NotificationDto;
export type TNotificationList = z.infer<typeof ZNotificationList>;

export const NOTIFICATIONS_KEY = ['notifications'] as const;
export const NOTIFICATION_POLL_MS = 60_000;

export function useNotifications() {
  return useQuery({
    queryKey: NOTIFICATIONS_KEY,
    queryFn: ({ signal }) => api.get<TNotificationList>('/notifications', undefined, signal),
    refetchInterval: NOTIFICATION_POLL_MS,
    refetchIntervalInBackground: false,
    retry: false,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<TNotification>(`/notifications/${encodeURIComponent(id)}/read`),
    onSuccess: (n) => {
      qc.setQueryData<TNotificationList>(NOTIFICATIONS_KEY, (list) => {
        if (!list) return list;
        const was = list.items.find((i) => i.id === n.id);
        const unread = was && was.readAt === null && n.readAt !== null ? Math.max(0, list.unread - 1) : list.unread;
        return { items: list.items.map((i) => (i.id === n.id ? n : i)), unread };
      });
    },
  });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<TNotificationList>('/notifications/read-all'),
    onSuccess: (list) => qc.setQueryData(NOTIFICATIONS_KEY, list),
  });
}

type Params = TNotification['params'];

const str = (p: Params, ...keys: string[]): string | null => {
  for (const k of keys) {
    const v = p[k];
    if (typeof v === 'string' && v.trim()) return v;
    if (typeof v === 'number') return String(v);
  }
  return null;
};
const num = (p: Params, key: string): number | null => {
  const v = p[key];
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
};

/**
 * A notification's sentence in the user's language, from its kind and params (escalation: one finding
 * {vulnId, asset, dueOn, reason, overdueDays} or a batch {count, overdue}; new_kev {vulnId, assetName};
 * accept_expired {vulnId, asset, acceptedUntil}; incident_alert {facility, summary, escalated}; incident_alert_unanswered
 * {facility, summary, reason, count}; incident.clock_* {caseNumber, labelJa, labelEn, dueAt}). Missing params fall back to a
 * general sentence.
 * `date` formats YYYY-MM-DD.
 */
export function notificationMessage(t: TFunction, n: Pick<TNotification, 'kind' | 'params'>, date: (d: string) => string): string {
  const p = n.params;
  const vuln = str(p, 'vulnId');
  const asset = str(p, 'asset', 'assetName');
  const count = num(p, 'count');
  switch (n.kind) {
    case 'vuln.escalated_manager':
    case 'vuln.escalated_executive': {
      const k = n.kind === 'vuln.escalated_manager' ? 'manager' : 'executive';
      if (count !== null && !vuln) return t(`notifications.messages.${k}.batch`, { count, overdue: num(p, 'overdue') ?? 0 });
      if (!vuln || !asset) return t(`notifications.messages.${k}.generic`);
      const days = num(p, 'overdueDays');
      const due = str(p, 'dueOn');
      if (str(p, 'reason') === 'untouched' || days === null || days <= 0)
        return t(`notifications.messages.${k}.untouched`, { vuln, asset });
      return t(`notifications.messages.${k}.overdue`, { vuln, asset, count: days, date: due ? date(due) : '' });
    }
    case 'vuln.new_kev':
      if (count !== null && !vuln) return t('notifications.messages.newKev.batch', { count });
      if (!vuln || !asset) return t('notifications.messages.newKev.generic');
      return t('notifications.messages.newKev.one', { vuln, asset });
    case 'vuln.accept_expired': {
      if (!vuln || !asset) return t('notifications.messages.acceptExpired.generic');
      const until = str(p, 'acceptedUntil');
      return t('notifications.messages.acceptExpired.one', { vuln, asset, date: until ? date(until) : '' });
    }
    case 'action.assigned': {
      const title = str(p, 'title');
      if (!title) return t('notifications.messages.actionAssigned.generic');
      const due = str(p, 'dueOn');
      return due ? t('notifications.messages.actionAssigned.due', { title, date: date(due) }) : t('notifications.messages.actionAssigned.one', { title });
    }
    case 'assessment.vendor_submitted': {
      const vendor = str(p, 'vendor');
      return vendor ? t('notifications.messages.vendorSheet.submitted', { vendor }) : t('notifications.messages.vendorSheet.submittedGeneric');
    }
    case 'assessment.vendor_returned': {
      const facility = str(p, 'facility');
      const reason = str(p, 'reason');
      return facility ? t('notifications.messages.vendorSheet.returned', { facility, reason: reason ?? '' }) : t('notifications.messages.vendorSheet.returnedGeneric');
    }
    case 'assessment.vendor_accepted': {
      const facility = str(p, 'facility');
      return facility ? t('notifications.messages.vendorSheet.accepted', { facility }) : t('notifications.messages.vendorSheet.acceptedGeneric');
    }
    case 'incident_alert': {
      const facility = str(p, 'facility');
      const summary = str(p, 'summary');
      if (!facility || !summary) return t('notifications.messages.incidentAlert.generic');
      return num(p, 'escalated') ? t('notifications.messages.incidentAlert.escalated', { facility, summary }) : t('notifications.messages.incidentAlert.one', { facility, summary });
    }
    case 'incident_alert_unanswered': {
      const facility = str(p, 'facility');
      const summary = str(p, 'summary');
      if (!facility || !summary) return t('notifications.messages.incidentAlertUnanswered.generic');
      if (str(p, 'reason') === 'no_contacts') return t('notifications.messages.incidentAlertUnanswered.noContacts', { facility, summary });
      return t('notifications.messages.incidentAlertUnanswered.exhausted', { facility, summary, count: count ?? 0 });
    }
    case 'incident.clock_50':
    case 'incident.clock_80':
    case 'incident.clock_overdue': {
      // The rule's own label in the UI language (the catalogue names the param to read), else the other language's.
      const label = str(p, t('notifications.messages.clock.labelParam'), 'labelJa', 'labelEn');
      const ref = str(p, 'caseNumber', 'caseTitle');
      const due = str(p, 'dueAt');
      if (!label || !ref || !due) return t('notifications.messages.clock.generic');
      const k = n.kind === 'incident.clock_50' ? 'half' : n.kind === 'incident.clock_80' ? 'near' : 'overdue';
      return t(`notifications.messages.clock.${k}`, { case: ref, label, date: date(due) });
    }
    case 'bcp.submitted':
    case 'bcp.approved':
    case 'bcp.returned': {
      const k = n.kind === 'bcp.submitted' ? 'submitted' : n.kind === 'bcp.approved' ? 'approved' : 'returned';
      const number = num(p, 'number');
      if (number === null) return t(`notifications.messages.bcp.${k}Generic`);
      return t(`notifications.messages.bcp.${k}`, { number, by: str(p, 'by', 'approver') ?? '', reason: str(p, 'reason') ?? '' });
    }
    default:
      return t('notifications.messages.unknown');
  }
}

/** Only in-app paths are followed (a notification never sends the user off-site). */
export function safeLink(link: string | null): string | null {
  return link && link.startsWith('/') && !link.startsWith('//') ? link : null;
}
