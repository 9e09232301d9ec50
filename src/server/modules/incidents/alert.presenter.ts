import type { z } from 'zod';
import type { ZAlertSettings, ZIncidentAlert, ZIncidentWebhook } from '../../../shared/contracts/incident-alerts.contract.ts';
import type { AlertSettings, IncidentAlert, IncidentWebhook } from './alert.service.ts';

/** On-call alerts → DTOs with explicit field lists (a webhook's address never leaves the server). */

export function presentAlert(a: IncidentAlert): z.infer<typeof ZIncidentAlert> {
  return {
    id: a.id,
    facilityId: a.facilityId,
    reportId: a.reportId,
    caseId: a.caseId,
    position: a.position,
    recipientName: a.recipientName,
    recipientUserId: a.recipientUserId,
    contactEntryId: a.contactEntryId,
    state: a.state,
    sentAt: a.sentAt,
    acknowledgedAt: a.acknowledgedAt,
    acknowledgedBy: a.acknowledgedBy,
    escalatedAt: a.escalatedAt,
    createdAt: a.createdAt,
    deliveries: a.deliveries.map((d) => ({
      id: d.id,
      channel: d.channel,
      target: d.target,
      status: d.status,
      attempts: d.attempts,
      lastError: d.lastError,
      nextAttemptAt: d.nextAttemptAt,
      sentAt: d.sentAt,
    })),
  };
}

export function presentAlertSettings(s: AlertSettings): z.infer<typeof ZAlertSettings> {
  return {
    facilityId: s.facilityId,
    escalateAfterMinutes: s.escalateAfterMinutes,
    emailEnabled: s.emailEnabled,
    smtpConfigured: s.smtpConfigured,
    publicUrlConfigured: s.publicUrlConfigured,
    updatedAt: s.updatedAt,
  };
}

export function presentWebhook(w: IncidentWebhook): z.infer<typeof ZIncidentWebhook> {
  return { id: w.id, facilityId: w.facilityId, name: w.name, format: w.format, urlHint: w.urlHint, enabled: w.enabled, createdAt: w.createdAt, updatedAt: w.updatedAt };
}
