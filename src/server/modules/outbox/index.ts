/**
 * アウトボックス (outbox): e-mail and webhook messages written inside a transaction and delivered after it, with
 * retries. Other modules enqueue with `enqueueTx` and kick delivery after their commit with `kickOutbox`.
 */
export {
  deliverOutbox,
  enableOutboxKicks,
  enqueueTx,
  findOutboxMessage,
  kickOutbox,
  outboxMessagesFor,
  retryDelayMinutes,
  OUTBOX_BACKOFF_MINUTES,
  OUTBOX_MAX_ATTEMPTS,
  type DeliveryOutcome,
  type EmailPayload,
  type OutboxChannel,
  type OutboxInput,
  type OutboxMessage,
  type OutboxStatus,
  type WebhookPayload,
} from './outbox.service.ts';
export { createMailer, type MailMessage, type MailResult, type Mailer } from './mailer.ts';
export { isPrivateHost, postWebhook, webhookUrlHint, webhookUrlProblem, WEBHOOK_TIMEOUT_MS, type WebhookResult } from './webhook.ts';
