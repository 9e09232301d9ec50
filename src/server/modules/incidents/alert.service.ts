import { AppError } from '../../../shared/errors.ts';
import { DEFAULT_ESCALATE_AFTER_MINUTES, type AlertState, type WebhookFormat } from '../../../shared/incidents/cases.ts';
import { PERMISSIONS, reachesFacility } from '../../../shared/policy.ts';
import type { AlertSettingsInput, IncidentWebhookInput, IncidentWebhookUpdate } from '../../../shared/contracts/incident-alerts.contract.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit, recordAuditAlone } from '../../audit/audit.service.ts';
import { newId, randomToken, sha256Hex } from '../../lib/ids.ts';
import { failValidation as invalid } from '../../lib/validation.ts';
import { notifyRoles, notifyUsers } from '../notifications/index.ts';
import { enqueueTx, kickOutbox, outboxMessagesFor, postWebhook, webhookUrlHint, webhookUrlProblem, type OutboxMessage, type WebhookResult } from '../outbox/index.ts';
import { alertEmail, alertWebhookBody, shortSummary, testWebhookBody, type AlertMessageInput } from './alert-messages.ts';
import * as repo from './alert.repository.ts';
import { authorizeIncidents } from './incident.access.ts';
import { insertTimelineEntry } from './timeline.repository.ts';

/**
 * On-call alerts (インシデント連絡): when something may be an incident, the people of the contact chart's internal
 * side are alerted one after the other — the first at once (e-mail, every enabled webhook of the facility, the bell
 * when the person is a mamori user); whoever does not acknowledge within the facility's delay is followed by the
 * next person of the chain (a deputy right after the person they stand in for). One acknowledgement stops the chain
 * of that report/case. Messages leave through the outbox after the commit. Audit entity types: `incident_alert`
 * (send, escalate, chain_exhausted, no_contacts, acknowledge), `incident_alert_settings` (update), `incident_webhook`
 * (create, update, delete, test) — never with a webhook address or an acknowledgement token.
 */

/** Who jobs and report intake act as in the audit log. */
export const ALERT_CALLER: Caller = { actor: null, ip: null, label: 'system' };
/** How acknowledgement through the e-mail/webhook link is recorded. */
export const ACK_BY_LINK = 'mail link';
export const ACK_PATH = '/api/v1/public/alerts/ack/';

export interface AlertSettings {
  facilityId: string;
  escalateAfterMinutes: number;
  emailEnabled: boolean;
  smtpConfigured: boolean;
  publicUrlConfigured: boolean;
  updatedAt: string | null;
}

export interface AlertDelivery {
  id: string;
  channel: 'email' | 'webhook';
  target: string;
  status: OutboxMessage['status'];
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  sentAt: string | null;
}

export interface IncidentAlert {
  id: string;
  facilityId: string;
  reportId: string | null;
  caseId: string | null;
  position: number;
  recipientName: string;
  recipientUserId: string | null;
  contactEntryId: string | null;
  state: AlertState;
  sentAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  escalatedAt: string | null;
  createdAt: string;
  deliveries: AlertDelivery[];
}

export interface IncidentWebhook {
  id: string;
  facilityId: string;
  name: string;
  format: WebhookFormat;
  urlHint: string;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export const alertRef = (alertId: string) => `incident_alert:${alertId}`;

// --- the call chain -----------------------------------------------------------------------------

/**
 * The order people are alerted in: the internal side by position, each person followed by the deputies who stand
 * in for them (and their deputies), in their own position order. A deputy whose principal is not on the internal
 * side counts as a person of its own; every entry appears once.
 */
export function callChain(entries: readonly repo.ChainEntry[]): repo.ChainEntry[] {
  const ids = new Set(entries.map((e) => e.id));
  const deputiesOf = new Map<string, repo.ChainEntry[]>();
  for (const e of entries) {
    if (e.deputyForId !== null && ids.has(e.deputyForId) && e.deputyForId !== e.id) {
      deputiesOf.set(e.deputyForId, [...(deputiesOf.get(e.deputyForId) ?? []), e]);
    }
  }
  const out: repo.ChainEntry[] = [];
  const seen = new Set<string>();
  const visit = (e: repo.ChainEntry) => {
    if (seen.has(e.id)) return;
    seen.add(e.id);
    out.push(e);
    for (const d of deputiesOf.get(e.id) ?? []) visit(d);
  };
  for (const e of entries) if (e.deputyForId === null || !ids.has(e.deputyForId) || e.deputyForId === e.id) visit(e);
  // Entries caught in a deputy cycle (the chart refuses those, but the data might still hold one).
  for (const e of entries) visit(e);
  return out;
}

const displayName = (e: repo.ChainEntry) => e.name ?? e.userName ?? e.roleLabel;

// --- raising and escalating -----------------------------------------------------------------------

interface Subject {
  facilityId: string;
  facilityName: string;
  reportId: string | null;
  caseId: string | null;
  summary: string;
}

const ackUrlOf = (deps: Deps, token: string) => (deps.config.publicUrl ? `${deps.config.publicUrl}${ACK_PATH}${token}` : null);
/** The in-app path of the report or case (the web app's routes). */
const inAppPath = (s: Pick<Subject, 'reportId' | 'caseId'>) => (s.caseId ? `/incidents/cases/${s.caseId}` : s.reportId ? `/incidents/reports/${s.reportId}` : '/incidents');

async function settingsOf(trx: Db, facilityId: string): Promise<{ escalateAfterMinutes: number; emailEnabled: boolean }> {
  return (await repo.findSettings(trx, facilityId)) ?? { escalateAfterMinutes: DEFAULT_ESCALATE_AFTER_MINUTES, emailEnabled: true };
}

/** Alerts one person now: the alert row with a fresh token (hash kept), e-mail and webhook messages, the bell, the audit. */
async function alertPersonTx(deps: Deps, trx: Db, s: Subject, entry: repo.ChainEntry, position: number, escalatedFrom: string | null): Promise<string> {
  const id = newId();
  const token = randomToken(32);
  const now = deps.clock.now().toISOString();
  const recipientName = displayName(entry);
  await repo.insertAlert(trx, {
    id,
    facility_id: s.facilityId,
    report_id: s.reportId,
    case_id: s.caseId,
    contact_entry_id: entry.id,
    position,
    recipient_name: recipientName,
    recipient_user_id: entry.userId,
    summary: s.summary,
    state: 'sent',
    ack_token_hash: sha256Hex(token),
    sent_at: now,
    acknowledged_at: null,
    acknowledged_by: null,
    escalated_at: null,
    created_at: now,
  });
  const settings = await settingsOf(trx, s.facilityId);
  const message: AlertMessageInput = {
    facility: { id: s.facilityId, name: s.facilityName },
    reportId: s.reportId,
    caseId: s.caseId,
    summary: s.summary,
    recipient: { name: recipientName, position },
    escalatedFrom,
    sentAt: now,
    ackUrl: ackUrlOf(deps, token),
    openUrl: deps.config.publicUrl ? `${deps.config.publicUrl}${inAppPath(s)}` : null,
  };
  const ref = alertRef(id);
  const email = entry.email ?? entry.userEmail;
  let emailQueued: string | null = null;
  if (email && settings.emailEnabled) {
    const skipReason = deps.config.smtpUrl ? undefined : 'smtp_not_configured';
    await enqueueTx(deps, trx, { facilityId: s.facilityId, channel: 'email', target: email, payload: alertEmail(message), ref, ...(skipReason && { skipReason }) });
    emailQueued = skipReason ?? 'queued';
  }
  const webhooks = await repo.listWebhooks(trx, s.facilityId, true);
  for (const w of webhooks) {
    await enqueueTx(deps, trx, { facilityId: s.facilityId, channel: 'webhook', target: w.id, payload: { body: alertWebhookBody(w.format as WebhookFormat, message) }, ref });
  }
  if (entry.userId) {
    await notifyUsers(deps, trx, {
      facilityId: s.facilityId,
      userIds: [entry.userId],
      kind: 'incident_alert',
      params: { facility: s.facilityName, summary: shortSummary(s.summary).slice(0, 200), position, escalated: escalatedFrom ? 1 : 0, alertId: id },
      link: inAppPath(s),
      dedupeKey: ref,
    });
  }
  if (s.caseId) {
    await insertTimelineEntry(trx, {
      caseId: s.caseId,
      occurredAt: now,
      timeZone: 'Asia/Tokyo',
      kind: 'system',
      text: `オンコール連絡: ${position}. ${recipientName} / On-call alert: ${position}. ${recipientName}${escalatedFrom ? `(${escalatedFrom} 未応答 / no answer)` : ''}`,
      createdBy: null,
      createdAt: now,
    });
  }
  await recordAudit(deps, trx, ALERT_CALLER, {
    facilityId: s.facilityId,
    entityType: 'incident_alert',
    entityId: id,
    action: 'send',
    after: { reportId: s.reportId, caseId: s.caseId, position, recipientName, contactEntryId: entry.id, email: emailQueued, webhooks: webhooks.length, inApp: entry.userId !== null, escalatedFrom },
  });
  return id;
}

export interface RaiseInput {
  facilityId: string;
  reportId: string | null;
  caseId: string | null;
  /** What happened (the report's text or the case title), shortened in the messages. */
  summary: string;
}

export interface RaiseOutcome {
  /** The alert of the first person, or null when the chart has nobody on the internal side. */
  alertId: string | null;
  recipientName: string | null;
  reason: 'no_contacts' | null;
}

/**
 * Alerts the first person of the facility's call chain, inside the caller's transaction (the report's creation).
 * Messages are delivered after the commit: call `kickOutbox(deps)` once committed (the scheduler delivers within
 * 15 seconds anyway). Without anyone on the internal side the security managers get the bell instead, and it is
 * recorded (`no_contacts`).
 */
export async function raiseAlertsTx(deps: Deps, trx: Db, input: RaiseInput): Promise<RaiseOutcome> {
  const facilityName = (await repo.findFacilityName(trx, input.facilityId)) ?? '';
  const chain = callChain(await repo.listInternalEntries(trx, input.facilityId));
  const subject: Subject = { ...input, facilityName };
  const first = chain[0];
  if (!first) {
    await notifyRoles(deps, trx, {
      facilityId: input.facilityId,
      roles: ['security_manager'],
      kind: 'incident_alert_unanswered',
      params: { facility: facilityName, summary: shortSummary(input.summary).slice(0, 200), reason: 'no_contacts' },
      link: inAppPath(input),
      dedupeKey: `incident_alert_none:${input.reportId ?? ''}:${input.caseId ?? ''}`,
    });
    await recordAudit(deps, trx, ALERT_CALLER, { facilityId: input.facilityId, entityType: 'incident_alert', entityId: null, action: 'no_contacts', after: { reportId: input.reportId, caseId: input.caseId } });
    return { alertId: null, recipientName: null, reason: 'no_contacts' };
  }
  const alertId = await alertPersonTx(deps, trx, subject, first, 1, null);
  return { alertId, recipientName: displayName(first), reason: null };
}

/** raiseAlertsTx in its own transaction, then a delivery kick (for callers without a transaction of their own). */
export async function raiseAlerts(deps: Deps, input: RaiseInput): Promise<RaiseOutcome> {
  const outcome = await deps.db.transaction().execute((trx) => raiseAlertsTx(deps, trx, input));
  kickOutbox(deps);
  return outcome;
}

export interface EscalationOutcome {
  /** Alerts passed on to the next person. */
  escalated: number;
  /** Chains that ended without an acknowledgement. */
  exhausted: number;
}

/** The next person after `alert` in today's chain, skipping people this chain already alerted. */
function nextInChain(chain: readonly repo.ChainEntry[], alert: repo.AlertRow, alerted: ReadonlySet<string>): { entry: repo.ChainEntry; position: number } | null {
  const at = alert.contact_entry_id ? chain.findIndex((e) => e.id === alert.contact_entry_id) : -1;
  // The entry was deleted meanwhile: continue after the position it had.
  const from = at >= 0 ? at + 1 : Number(alert.position);
  for (let i = from; i < chain.length; i += 1) if (!alerted.has(chain[i]!.id)) return { entry: chain[i]!, position: i + 1 };
  return null;
}

/**
 * The escalation job (every minute): an alert still `sent` after the facility's delay, in a chain nobody
 * acknowledged, becomes `escalated` and the next person is alerted; after the last person the security managers and
 * the executives get the bell and the end is recorded. Each alert in its own transaction, claimed by a guarded
 * UPDATE (two servers never escalate the same alert twice).
 */
export async function escalateAlerts(deps: Deps): Promise<EscalationOutcome> {
  const outcome: EscalationOutcome = { escalated: 0, exhausted: 0 };
  const now = deps.clock.now();
  const delays = await repo.listEscalationDelays(deps.db);
  const candidates = await repo.listUnansweredSentBefore(deps.db, new Date(now.getTime() - 60_000).toISOString());
  for (const alert of candidates) {
    const delay = delays.get(alert.facility_id) ?? DEFAULT_ESCALATE_AFTER_MINUTES;
    if (!alert.sent_at || Date.parse(alert.sent_at) > now.getTime() - delay * 60_000) continue;
    // One alert that fails (a bad row, a database hiccup) must not stop the others from escalating.
    let result: 'escalated' | 'exhausted' | null = null;
    try {
      result = await deps.db.transaction().execute(async (trx) => {
        const group = await repo.listGroup(trx, alert.facility_id, alert.report_id, alert.case_id);
        if (group.some((a) => a.acknowledged_at !== null)) return null;
        const at = deps.clock.now().toISOString();
        if (!(await repo.claimEscalation(trx, alert.id, at))) return null;
        const chain = callChain(await repo.listInternalEntries(trx, alert.facility_id));
        const alerted = new Set(group.map((a) => a.contact_entry_id).filter((x): x is string => x !== null));
        const next = nextInChain(chain, alert, alerted);
        const facilityName = (await repo.findFacilityName(trx, alert.facility_id)) ?? '';
        // The same words as the first alert; older rows without them are rebuilt from the report or case.
        const summary = alert.summary ?? (await repo.subjectText(trx, alert.report_id, alert.case_id)) ?? '';
        const subject: Subject = { facilityId: alert.facility_id, facilityName, reportId: alert.report_id, caseId: alert.case_id, summary };
        if (!next) {
          await recordAudit(deps, trx, ALERT_CALLER, {
            facilityId: alert.facility_id,
            entityType: 'incident_alert',
            entityId: alert.id,
            action: 'chain_exhausted',
            after: { reportId: alert.report_id, caseId: alert.case_id, alerted: group.length },
          });
          await notifyRoles(deps, trx, {
            facilityId: alert.facility_id,
            roles: ['security_manager', 'executive'],
            kind: 'incident_alert_unanswered',
            params: { facility: facilityName, summary: shortSummary(summary).slice(0, 200), count: group.length, reason: 'chain_exhausted' },
            link: inAppPath(subject),
            dedupeKey: `incident_alert_exhausted:${alert.report_id ?? ''}:${alert.case_id ?? ''}`,
          });
          return 'exhausted' as const;
        }
        const nextId = await alertPersonTx(deps, trx, subject, next.entry, next.position, alert.recipient_name);
        await recordAudit(deps, trx, ALERT_CALLER, { facilityId: alert.facility_id, entityType: 'incident_alert', entityId: alert.id, action: 'escalate', after: { afterMinutes: delay, nextAlertId: nextId, nextPosition: next.position } });
        return 'escalated' as const;
      });
    } catch (err) {
      deps.logger.error({ err, alertId: alert.id }, 'escalating an incident alert failed');
    }
    if (result === 'escalated') outcome.escalated += 1;
    if (result === 'exhausted') outcome.exhausted += 1;
  }
  if (outcome.escalated > 0) kickOutbox(deps);
  return outcome;
}

// --- acknowledgement ----------------------------------------------------------------------------

/**
 * Triage settles a report's alerts inside its own transaction: once someone opened a case from the report, merged or
 * dismissed it, nobody further down the chain needs to be called about it. Audited as one acknowledgement.
 */
export async function settleReportAlertsTx(deps: Deps, trx: Db, caller: Caller, facilityId: string, reportId: string): Promise<void> {
  const settled = await repo.settleReportAlerts(trx, reportId, deps.clock.now().toISOString(), `triage: ${caller.label}`);
  if (settled > 0) await recordAudit(deps, trx, caller, { facilityId, entityType: 'incident_alert', entityId: reportId, action: 'acknowledge', after: { reportId, by: 'triage', settled } });
}

/** What the public page shows for a token (no state change): null when the token is unknown. */
export async function alertForToken(deps: Deps, token: string): Promise<(repo.AlertRow & { facility_name: string }) | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  return (await repo.findAlertByTokenHash(deps.db, sha256Hex(token))) ?? null;
}

export interface AckOutcome {
  alert: repo.AlertRow;
  facilityName: string;
  alreadyAcknowledged: boolean;
}

async function acknowledgeTx(deps: Deps, trx: Db, caller: Caller, alert: repo.AlertRow, by: string): Promise<{ row: repo.AlertRow; already: boolean }> {
  const at = deps.clock.now().toISOString();
  const done = await repo.acknowledge(trx, alert.id, at, by);
  const row = (await repo.findAlert(trx, alert.id))!;
  if (!done) return { row, already: true };
  if (alert.case_id) {
    await insertTimelineEntry(trx, {
      caseId: alert.case_id,
      occurredAt: at,
      timeZone: 'Asia/Tokyo',
      kind: 'system',
      text: `オンコール確認: ${alert.recipient_name}(${by}) / On-call acknowledged: ${alert.recipient_name} (${by})`,
      createdBy: null,
      createdAt: at,
    });
  }
  await recordAudit(deps, trx, caller, {
    facilityId: alert.facility_id,
    entityType: 'incident_alert',
    entityId: alert.id,
    action: 'acknowledge',
    before: { state: alert.state },
    after: { state: row.state, acknowledgedBy: by, reportId: alert.report_id, caseId: alert.case_id },
  });
  return { row, already: false };
}

/** Acknowledgement through the link of the e-mail or a webhook message (the token is the credential). */
export async function acknowledgeByToken(deps: Deps, token: string, ip: string | null): Promise<AckOutcome> {
  const found = await alertForToken(deps, token);
  if (!found) throw new AppError('NOT_FOUND');
  const { facility_name: facilityName, ...alert } = found;
  const caller: Caller = { actor: null, ip, label: ACK_BY_LINK };
  const r = await deps.db.transaction().execute((trx) => acknowledgeTx(deps, trx, caller, alert, ACK_BY_LINK));
  return { alert: r.row, facilityName, alreadyAcknowledged: r.already };
}

/** Acknowledgement in mamori: by the alerted person (their user), or anyone with incident.write in the facility. */
export async function acknowledgeAlert(deps: Deps, caller: Caller, alertId: string): Promise<IncidentAlert> {
  const actor = caller.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  const alert = await repo.findAlert(deps.db, alertId);
  if (!alert || !reachesFacility(actor, alert.facility_id)) throw new AppError('NOT_FOUND');
  const isRecipient = alert.recipient_user_id !== null && alert.recipient_user_id === actor.userId;
  if (isRecipient) {
    if (actor.token !== undefined && !actor.token.scopes.includes(PERMISSIONS['incident.write'].scope)) throw new AppError('TOKEN_SCOPE');
  } else {
    await authorizeIncidents(deps, caller, alert.facility_id, 'incident.write');
  }
  const r = await deps.db.transaction().execute((trx) => acknowledgeTx(deps, trx, caller, alert, actor.email));
  const [dto] = await present(deps, [r.row]);
  return dto!;
}

// --- listing ------------------------------------------------------------------------------------

async function present(deps: Deps, rows: readonly repo.AlertRow[]): Promise<IncidentAlert[]> {
  const messages = await outboxMessagesFor(
    deps.db,
    rows.map((r) => alertRef(r.id)),
  );
  const facilityIds = [...new Set(rows.map((r) => r.facility_id))];
  const hookNames = new Map<string, string>();
  for (const f of facilityIds) for (const w of await repo.listWebhooks(deps.db, f)) hookNames.set(w.id, w.name);
  const byRef = new Map<string, AlertDelivery[]>();
  for (const m of messages) {
    const list = byRef.get(m.ref ?? '') ?? [];
    list.push({
      id: m.id,
      channel: m.channel,
      target: m.channel === 'email' ? m.target : (hookNames.get(m.target) ?? '(deleted)'),
      status: m.status,
      attempts: m.attempts,
      lastError: m.lastError,
      nextAttemptAt: m.status === 'pending' ? m.nextAttemptAt : null,
      sentAt: m.sentAt,
    });
    byRef.set(m.ref ?? '', list);
  }
  return rows.map((r) => ({
    id: r.id,
    facilityId: r.facility_id,
    reportId: r.report_id,
    caseId: r.case_id,
    position: Number(r.position),
    recipientName: r.recipient_name,
    recipientUserId: r.recipient_user_id,
    contactEntryId: r.contact_entry_id,
    state: r.state as AlertState,
    sentAt: r.sent_at,
    acknowledgedAt: r.acknowledged_at,
    acknowledgedBy: r.acknowledged_by,
    escalatedAt: r.escalated_at,
    createdAt: r.created_at,
    deliveries: byRef.get(alertRef(r.id)) ?? [],
  }));
}

export interface AlertList {
  items: IncidentAlert[];
  acknowledged: boolean;
  exhausted: boolean;
}

/** Who was alerted when, how, and who acknowledged (incident.read); newest first. */
export async function listIncidentAlerts(deps: Deps, caller: Caller, facilityId: string, filter: { reportId?: string; caseId?: string }): Promise<AlertList> {
  await authorizeIncidents(deps, caller, facilityId, 'incident.read');
  const rows = await repo.listAlerts(deps.db, facilityId, filter);
  const items = await present(deps, rows);
  const acknowledged = items.some((a) => a.acknowledgedAt !== null);
  const exhausted = (filter.reportId !== undefined || filter.caseId !== undefined) && items.length > 0 && !acknowledged && items.every((a) => a.state === 'escalated');
  return { items, acknowledged, exhausted };
}

// --- settings -----------------------------------------------------------------------------------

export async function getAlertSettings(deps: Deps, caller: Caller, facilityId: string): Promise<AlertSettings> {
  await authorizeIncidents(deps, caller, facilityId, 'incident.read');
  return settingsView(deps, deps.db, facilityId);
}

async function settingsView(deps: Deps, db: Db, facilityId: string): Promise<AlertSettings> {
  const s = await repo.findSettings(db, facilityId);
  return {
    facilityId,
    escalateAfterMinutes: s?.escalateAfterMinutes ?? DEFAULT_ESCALATE_AFTER_MINUTES,
    emailEnabled: s?.emailEnabled ?? true,
    smtpConfigured: deps.config.smtpUrl !== null,
    publicUrlConfigured: deps.config.publicUrl !== null,
    updatedAt: s?.updatedAt ?? null,
  };
}

export async function putAlertSettings(deps: Deps, caller: Caller, facilityId: string, input: AlertSettingsInput): Promise<AlertSettings> {
  await authorizeIncidents(deps, caller, facilityId, 'incident.manage');
  if (!Number.isInteger(input.escalateAfterMinutes) || input.escalateAfterMinutes < 1 || input.escalateAfterMinutes > 240) invalid([{ path: 'escalateAfterMinutes', message: 'out_of_range' }]);
  return deps.db.transaction().execute(async (trx) => {
    const before = await settingsView(deps, trx, facilityId);
    await repo.upsertSettings(trx, facilityId, input.escalateAfterMinutes, input.emailEnabled, deps.clock.now().toISOString());
    const after = await settingsView(deps, trx, facilityId);
    await recordAudit(deps, trx, caller, {
      facilityId,
      entityType: 'incident_alert_settings',
      entityId: facilityId,
      action: 'update',
      before: { escalateAfterMinutes: before.escalateAfterMinutes, emailEnabled: before.emailEnabled },
      after: { escalateAfterMinutes: after.escalateAfterMinutes, emailEnabled: after.emailEnabled },
    });
    return after;
  });
}

// --- webhooks -----------------------------------------------------------------------------------

function toWebhook(r: repo.WebhookRow): IncidentWebhook {
  return { id: r.id, facilityId: r.facility_id, name: r.name, format: r.format as WebhookFormat, urlHint: r.url_hint, enabled: Number(r.enabled) === 1, createdAt: r.created_at, updatedAt: r.updated_at };
}

/** What the audit log keeps of a webhook: never the address, only its hint. */
const auditWebhook = (w: IncidentWebhook) => ({ name: w.name, format: w.format, urlHint: w.urlHint, enabled: w.enabled });

function checkUrl(url: string): void {
  const problem = webhookUrlProblem(url);
  if (problem) invalid([{ path: 'url', message: problem }]);
}

export async function listWebhooks(deps: Deps, caller: Caller, facilityId: string): Promise<IncidentWebhook[]> {
  await authorizeIncidents(deps, caller, facilityId, 'incident.manage');
  return (await repo.listWebhooks(deps.db, facilityId)).map(toWebhook);
}

export async function createWebhook(deps: Deps, caller: Caller, facilityId: string, input: IncidentWebhookInput): Promise<IncidentWebhook> {
  await authorizeIncidents(deps, caller, facilityId, 'incident.manage');
  checkUrl(input.url);
  return deps.db.transaction().execute(async (trx) => {
    const id = newId();
    const now = deps.clock.now().toISOString();
    await repo.insertWebhook(trx, {
      id,
      facility_id: facilityId,
      name: input.name.trim(),
      format: input.format,
      url_encrypted: deps.secrets.seal(input.url),
      url_hint: webhookUrlHint(input.url),
      enabled: input.enabled === false ? 0 : 1,
      created_at: now,
      updated_at: now,
    });
    const created = toWebhook((await repo.findWebhook(trx, facilityId, id))!);
    await recordAudit(deps, trx, caller, { facilityId, entityType: 'incident_webhook', entityId: id, action: 'create', after: auditWebhook(created) });
    return created;
  });
}

async function foundWebhook(db: Db, facilityId: string, id: string): Promise<repo.WebhookRow> {
  const w = await repo.findWebhook(db, facilityId, id);
  if (!w) throw new AppError('NOT_FOUND');
  return w;
}

export async function updateWebhook(deps: Deps, caller: Caller, facilityId: string, id: string, input: IncidentWebhookUpdate): Promise<IncidentWebhook> {
  await authorizeIncidents(deps, caller, facilityId, 'incident.manage');
  if (input.url !== undefined) checkUrl(input.url);
  return deps.db.transaction().execute(async (trx) => {
    const before = toWebhook(await foundWebhook(trx, facilityId, id));
    const changes: repo.WebhookChanges = {};
    if (input.name !== undefined && input.name.trim() !== before.name) changes.name = input.name.trim();
    if (input.format !== undefined && input.format !== before.format) changes.format = input.format;
    if (input.enabled !== undefined && input.enabled !== before.enabled) changes.enabled = input.enabled ? 1 : 0;
    if (input.url !== undefined) {
      changes.url_encrypted = deps.secrets.seal(input.url);
      changes.url_hint = webhookUrlHint(input.url);
    }
    if (Object.keys(changes).length === 0) return before;
    await repo.updateWebhook(trx, facilityId, id, { ...changes, updated_at: deps.clock.now().toISOString() });
    const after = toWebhook((await repo.findWebhook(trx, facilityId, id))!);
    await recordAudit(deps, trx, caller, {
      facilityId,
      entityType: 'incident_webhook',
      entityId: id,
      action: 'update',
      before: auditWebhook(before),
      after: { ...auditWebhook(after), ...(input.url !== undefined && { urlChanged: true }) },
    });
    return after;
  });
}

export async function deleteWebhook(deps: Deps, caller: Caller, facilityId: string, id: string): Promise<void> {
  await authorizeIncidents(deps, caller, facilityId, 'incident.manage');
  await deps.db.transaction().execute(async (trx) => {
    const before = toWebhook(await foundWebhook(trx, facilityId, id));
    await repo.deleteWebhook(trx, facilityId, id);
    await recordAudit(deps, trx, caller, { facilityId, entityType: 'incident_webhook', entityId: id, action: 'delete', before: auditWebhook(before) });
  });
}

/** Sends a test message to the webhook now (enabled or not) and answers how it went; audited with the result. */
export async function testWebhook(deps: Deps, caller: Caller, facilityId: string, id: string): Promise<WebhookResult> {
  const facility = await authorizeIncidents(deps, caller, facilityId, 'incident.manage');
  const w = await foundWebhook(deps.db, facilityId, id);
  let url: string;
  try {
    url = deps.secrets.open(w.url_encrypted);
  } catch {
    throw new AppError('INVALID_STATE', 'the webhook address cannot be read (was the secret key changed?)');
  }
  const result = await postWebhook(url, testWebhookBody(w.format as WebhookFormat, { id: facility.id, name: facility.name }, deps.clock.now().toISOString()));
  await recordAuditAlone(deps, caller, { facilityId, entityType: 'incident_webhook', entityId: id, action: 'test', after: { name: w.name, urlHint: w.url_hint, ...result } });
  return result;
}
