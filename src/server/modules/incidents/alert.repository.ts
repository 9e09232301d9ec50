import type { ExpressionBuilder, Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database, IncidentAlertsTable, IncidentWebhooksTable } from '../../db/schema.ts';

/** On-call alerts: every query of the alert settings, the webhooks, the alerts and the call chain they follow. */

export type AlertRow = IncidentAlertsTable;
export type AlertInsert = Insertable<IncidentAlertsTable>;
export type WebhookRow = IncidentWebhooksTable;
export type WebhookChanges = Updateable<IncidentWebhooksTable>;

// --- settings -----------------------------------------------------------------------------------

export async function findSettings(db: Db, facilityId: string): Promise<{ escalateAfterMinutes: number; emailEnabled: boolean; updatedAt: string } | undefined> {
  const r = await db.selectFrom('incident_alert_settings').selectAll().where('facility_id', '=', facilityId).executeTakeFirst();
  return r ? { escalateAfterMinutes: Number(r.escalate_after_minutes), emailEnabled: Number(r.email_enabled) === 1, updatedAt: r.updated_at } : undefined;
}

/** Every facility's escalation delay that differs from the default. */
export async function listEscalationDelays(db: Db): Promise<Map<string, number>> {
  const rows = await db.selectFrom('incident_alert_settings').select(['facility_id', 'escalate_after_minutes']).execute();
  return new Map(rows.map((r) => [r.facility_id, Number(r.escalate_after_minutes)]));
}

export async function upsertSettings(db: Db, facilityId: string, escalateAfterMinutes: number, emailEnabled: boolean, updatedAt: string): Promise<void> {
  await db
    .insertInto('incident_alert_settings')
    .values({ facility_id: facilityId, escalate_after_minutes: escalateAfterMinutes, email_enabled: emailEnabled ? 1 : 0, updated_at: updatedAt })
    .onConflict((oc) => oc.column('facility_id').doUpdateSet({ escalate_after_minutes: escalateAfterMinutes, email_enabled: emailEnabled ? 1 : 0, updated_at: updatedAt }))
    .execute();
}

// --- webhooks -----------------------------------------------------------------------------------

export async function listWebhooks(db: Db, facilityId: string, onlyEnabled = false): Promise<WebhookRow[]> {
  let q = db.selectFrom('incident_webhooks').selectAll().where('facility_id', '=', facilityId);
  if (onlyEnabled) q = q.where('enabled', '=', 1);
  return q.orderBy('created_at').orderBy('id').execute();
}

export async function findWebhook(db: Db, facilityId: string, id: string): Promise<WebhookRow | undefined> {
  return db.selectFrom('incident_webhooks').selectAll().where('facility_id', '=', facilityId).where('id', '=', id).executeTakeFirst();
}

export async function insertWebhook(db: Db, row: Insertable<IncidentWebhooksTable>): Promise<void> {
  await db.insertInto('incident_webhooks').values(row).execute();
}

export async function updateWebhook(db: Db, facilityId: string, id: string, changes: WebhookChanges): Promise<void> {
  await db.updateTable('incident_webhooks').set(changes).where('facility_id', '=', facilityId).where('id', '=', id).execute();
}

export async function deleteWebhook(db: Db, facilityId: string, id: string): Promise<void> {
  await db.deleteFrom('incident_webhooks').where('facility_id', '=', facilityId).where('id', '=', id).execute();
}

// --- the call chain -----------------------------------------------------------------------------

export interface ChainEntry {
  id: string;
  position: number;
  roleLabel: string;
  name: string | null;
  email: string | null;
  deputyForId: string | null;
  /** The linked mamori user, when enabled. */
  userId: string | null;
  userName: string | null;
  userEmail: string | null;
}

/** The internal side of the contact chart in position order, with the linked user (ignored when disabled). */
export async function listInternalEntries(db: Db, facilityId: string): Promise<ChainEntry[]> {
  const rows = await db
    .selectFrom('contact_entries as e')
    .leftJoin('users as u', (j) => j.onRef('u.id', '=', 'e.user_id').on('u.disabled', '=', 0))
    .select(['e.id', 'e.position', 'e.role_label', 'e.name', 'e.email', 'e.deputy_for_id', 'u.id as user_id', 'u.display_name as user_name', 'u.email as user_email'])
    .where('e.facility_id', '=', facilityId)
    .where('e.side', '=', 'internal')
    .orderBy('e.position')
    .orderBy('e.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    position: Number(r.position),
    roleLabel: r.role_label,
    name: r.name,
    email: r.email,
    deputyForId: r.deputy_for_id,
    userId: r.user_id ?? null,
    userName: r.user_name ?? null,
    userEmail: r.user_email ?? null,
  }));
}

export async function findFacilityName(db: Db, facilityId: string): Promise<string | undefined> {
  return (await db.selectFrom('facilities').select('name').where('id', '=', facilityId).executeTakeFirst())?.name;
}

/** What a report or a case is about, for messages of later alerts of its chain. */
export async function subjectText(db: Db, reportId: string | null, caseId: string | null): Promise<string | null> {
  if (reportId) {
    const r = await db.selectFrom('incident_reports').select(['what', 'where_text']).where('id', '=', reportId).executeTakeFirst();
    if (r) return r.where_text ? `${r.what}(${r.where_text})` : r.what;
  }
  if (caseId) {
    const c = await db.selectFrom('incident_cases').select('title').where('id', '=', caseId).executeTakeFirst();
    if (c) return c.title;
  }
  return null;
}

// --- alerts -------------------------------------------------------------------------------------

export async function insertAlert(db: Db, row: AlertInsert): Promise<void> {
  await db.insertInto('incident_alerts').values(row).execute();
}

export async function findAlert(db: Db, id: string): Promise<AlertRow | undefined> {
  return db.selectFrom('incident_alerts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findAlertByTokenHash(db: Db, hash: string): Promise<(AlertRow & { facility_name: string }) | undefined> {
  return db
    .selectFrom('incident_alerts as a')
    .innerJoin('facilities as f', 'f.id', 'a.facility_id')
    .selectAll('a')
    .select('f.name as facility_name')
    .where('a.ack_token_hash', '=', hash)
    .executeTakeFirst();
}

/** Null-safe "the same report and the same case" for alerts `a` against the given ids. */
function ofGroup(eb: ExpressionBuilder<Database, 'incident_alerts'>, reportId: string | null, caseId: string | null) {
  return eb.and([reportId === null ? eb('report_id', 'is', null) : eb('report_id', '=', reportId), caseId === null ? eb('case_id', 'is', null) : eb('case_id', '=', caseId)]);
}

/** The alerts of one report/case chain, in the order they were made. */
export async function listGroup(db: Db, facilityId: string, reportId: string | null, caseId: string | null): Promise<AlertRow[]> {
  return db
    .selectFrom('incident_alerts')
    .selectAll()
    .where('facility_id', '=', facilityId)
    .where((eb) => ofGroup(eb, reportId, caseId))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** A facility's alerts, optionally of one report and/or case, newest chains first (at most `limit`). */
export async function listAlerts(db: Db, facilityId: string, filter: { reportId?: string; caseId?: string }, limit = 500): Promise<AlertRow[]> {
  let q = db.selectFrom('incident_alerts').selectAll().where('facility_id', '=', facilityId);
  if (filter.reportId) q = q.where('report_id', '=', filter.reportId);
  if (filter.caseId) q = q.where('case_id', '=', filter.caseId);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/**
 * Alerts still waiting for an answer that were sent at or before `sentBefore`, in chains nobody acknowledged yet.
 * (The facility's own delay is applied by the caller.)
 */
export async function listUnansweredSentBefore(db: Db, sentBefore: string): Promise<AlertRow[]> {
  return db
    .selectFrom('incident_alerts as a')
    .selectAll('a')
    .where('a.state', '=', 'sent')
    .where('a.sent_at', '<=', sentBefore)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('incident_alerts as b')
            .select('b.id')
            .whereRef('b.facility_id', '=', 'a.facility_id')
            .where('b.acknowledged_at', 'is not', null)
            .where((eb) => eb.or([eb('b.report_id', '=', eb.ref('a.report_id')), eb.and([eb('b.report_id', 'is', null), eb('a.report_id', 'is', null)])]))
            .where((eb) => eb.or([eb('b.case_id', '=', eb.ref('a.case_id')), eb.and([eb('b.case_id', 'is', null), eb('a.case_id', 'is', null)])])),
        ),
      ),
    )
    .orderBy('a.sent_at')
    .orderBy('a.id')
    .execute();
}

/**
 * A report was triaged (case opened, merged or dismissed): its unanswered alerts are settled, so the chain stops
 * calling people about it. Returns how many were settled.
 */
export async function settleReportAlerts(db: Db, reportId: string, at: string, by: string): Promise<number> {
  const r = await db
    .updateTable('incident_alerts')
    .set({ state: 'acknowledged', acknowledged_at: at, acknowledged_by: by })
    .where('report_id', '=', reportId)
    .where('state', '=', 'sent')
    .where('acknowledged_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Marks an unanswered alert escalated; false when someone else (another server, an acknowledgement) got there first. */
export async function claimEscalation(db: Db, id: string, at: string): Promise<boolean> {
  const r = await db.updateTable('incident_alerts').set({ state: 'escalated', escalated_at: at }).where('id', '=', id).where('state', '=', 'sent').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records the acknowledgement of an alert not acknowledged yet; false when it already was. */
export async function acknowledge(db: Db, id: string, at: string, by: string): Promise<boolean> {
  const r = await db
    .updateTable('incident_alerts')
    .set({ state: 'acknowledged', acknowledged_at: at, acknowledged_by: by })
    .where('id', '=', id)
    .where('acknowledged_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
