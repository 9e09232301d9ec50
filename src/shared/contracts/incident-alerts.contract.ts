import { z } from 'zod';
import { ALERT_STATES, WEBHOOK_FORMATS } from '../incidents/cases.ts';
import { ZId, ZIsoDateTime } from './common.contract.ts';

/** On-call alerts (インシデント連絡): who was alerted when, acknowledgement, the facility's alert settings and webhooks. */

export const OUTBOX_STATUSES = ['pending', 'sent', 'failed'] as const;

/** One delivery of an alert: an e-mail or a webhook message, with its retry state. */
export const ZAlertDelivery = z.object({
  id: ZId,
  channel: z.enum(['email', 'webhook']),
  /** The e-mail address, or the webhook's name (its address is never shown). */
  target: z.string(),
  status: z.enum(OUTBOX_STATUSES),
  attempts: z.number().int(),
  /** Why the last attempt failed (`smtp_not_configured`, `http_500`, `timeout` …) or null. */
  lastError: z.string().nullable(),
  nextAttemptAt: ZIsoDateTime.nullable(),
  sentAt: ZIsoDateTime.nullable(),
});

export const ZIncidentAlert = z.object({
  id: ZId,
  facilityId: ZId,
  reportId: ZId.nullable(),
  caseId: ZId.nullable(),
  /** Position in the call chain (deputies count right after the person they stand in for). */
  position: z.number().int(),
  recipientName: z.string(),
  recipientUserId: ZId.nullable(),
  contactEntryId: ZId.nullable(),
  state: z.enum(ALERT_STATES),
  sentAt: ZIsoDateTime.nullable(),
  acknowledgedAt: ZIsoDateTime.nullable(),
  /** The signed-in person's e-mail, or `mail link` when acknowledged through the link. */
  acknowledgedBy: z.string().nullable(),
  escalatedAt: ZIsoDateTime.nullable(),
  createdAt: ZIsoDateTime,
  deliveries: z.array(ZAlertDelivery),
});
export type IncidentAlertDto = z.infer<typeof ZIncidentAlert>;

export const ZIncidentAlertListQuery = z.strictObject({ reportId: ZId.optional(), caseId: ZId.optional() });
export const ZIncidentAlertList = z.object({
  items: z.array(ZIncidentAlert),
  /** Someone acknowledged (escalation stopped). Only meaningful with reportId or caseId. */
  acknowledged: z.boolean(),
  /** The whole chain was alerted and nobody acknowledged. Only meaningful with reportId or caseId. */
  exhausted: z.boolean(),
});

export const ZAlertSettings = z.object({
  facilityId: ZId,
  escalateAfterMinutes: z.number().int(),
  emailEnabled: z.boolean(),
  /** MAMORI_SMTP_URL is set (otherwise e-mail alerts are recorded as `smtp_not_configured`). */
  smtpConfigured: z.boolean(),
  /** MAMORI_PUBLIC_URL is set (otherwise messages carry no links). */
  publicUrlConfigured: z.boolean(),
  updatedAt: ZIsoDateTime.nullable(),
});
export const ZAlertSettingsInput = z.strictObject({ escalateAfterMinutes: z.number().int().min(1).max(240), emailEnabled: z.boolean() });
export type AlertSettingsInput = z.infer<typeof ZAlertSettingsInput>;

export const ZIncidentWebhook = z.object({
  id: ZId,
  facilityId: ZId,
  name: z.string(),
  format: z.enum(WEBHOOK_FORMATS),
  /** scheme://host/…last 4 characters: the address itself may be a secret and is never returned. */
  urlHint: z.string(),
  enabled: z.boolean(),
  createdAt: ZIsoDateTime,
  updatedAt: ZIsoDateTime,
});
export type IncidentWebhookDto = z.infer<typeof ZIncidentWebhook>;

/** https anywhere; http only to this machine or a private network (on-premise chat servers). Checked by the server. */
const ZWebhookUrl = z.string().trim().min(1).max(2000);
export const ZIncidentWebhookInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  format: z.enum(WEBHOOK_FORMATS),
  url: ZWebhookUrl,
  enabled: z.boolean().optional(),
});
export type IncidentWebhookInput = z.infer<typeof ZIncidentWebhookInput>;
export const ZIncidentWebhookUpdate = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  format: z.enum(WEBHOOK_FORMATS).optional(),
  url: ZWebhookUrl.optional(),
  enabled: z.boolean().optional(),
});
export type IncidentWebhookUpdate = z.infer<typeof ZIncidentWebhookUpdate>;
export const ZIncidentWebhookList = z.object({ items: z.array(ZIncidentWebhook) });

export const ZWebhookTestResult = z.object({ ok: z.boolean(), status: z.number().int().nullable(), error: z.string().nullable() });

/** The public acknowledgement (JSON form of the answer; the form on the page gets HTML). */
export const ZAlertAckResult = z.object({ ok: z.literal(true), alreadyAcknowledged: z.boolean(), acknowledgedAt: ZIsoDateTime });
export const ZAckToken = z.object({ token: z.string().min(20).max(100) });
