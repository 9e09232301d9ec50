import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.ts';

/**
 * Incident response (サイバーの119番): one-minute reports and the facility's no-account report link, triage, cases
 * with their phases, playbook tasks, response team, timeline, affected ledger records, observables and
 * communications; legal-clock filings and report drafts; evidence with an append-only, hash-chained custody log;
 * the after-incident review; on-call alerts with acknowledgement and escalation, and the outbox that delivers
 * e-mail and webhooks after the commit. Times are ISO UTC text; JST is how they are shown.
 */
export function createIncidents(_dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const s = db.schema;

      await s
        .createTable('incident_cases')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        // Number within the facility (1, 2, …), shown as e.g. INC-2026-0001 with the discovery year.
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('tlp', 'text', (c) => c.notNull())
        .addColumn('phase', 'text', (c) => c.notNull())
        // open | closed
        .addColumn('status', 'text', (c) => c.notNull())
        // 発覚日時, set explicitly (ISO UTC).
        .addColumn('discovered_at', 'text', (c) => c.notNull())
        // IncidentClockFacts JSON and the legal clock rule-set version the case runs on (ADR 0008).
        .addColumn('facts', 'text', (c) => c.notNull())
        .addColumn('clock_rules_version', 'text', (c) => c.notNull())
        // 5W1H JSON (CaseSummary).
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        // Playbook the tasks came from: id and version (facility copy or built-in).
        .addColumn('playbook_id', 'text')
        .addColumn('playbook_version', 'text')
        .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('closed_at', 'text')
        .addUniqueConstraint('incident_cases_facility_seq', ['facility_id', 'seq'])
        .execute();
      await s.createIndex('incident_cases_facility_status').on('incident_cases').columns(['facility_id', 'status', 'discovered_at']).execute();

      await s
        .createTable('incident_report_links')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        // SHA-256 of the link's token; the token itself is shown once (and printed on the poster).
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await s.createIndex('incident_report_links_facility').on('incident_report_links').columns(['facility_id']).execute();

      await s
        .createTable('incident_reports')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('what', 'text', (c) => c.notNull())
        .addColumn('where_text', 'text')
        .addColumn('asset_id', 'text', (c) => c.references('assets.id').onDelete('set null'))
        // When it happened, as the reporter said (ISO UTC), or null for "just now / unknown".
        .addColumn('occurred_at', 'text')
        .addColumn('reporter_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
        // Name and phone/extension typed on the no-account link.
        .addColumn('reporter_name', 'text')
        .addColumn('reporter_contact', 'text')
        .addColumn('photo_file_id', 'text', (c) => c.references('stored_files.id').onDelete('set null'))
        .addColumn('link_id', 'text', (c) => c.references('incident_report_links.id').onDelete('set null'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text', (c) => c.references('incident_cases.id').onDelete('set null'))
        .addColumn('dismiss_reason', 'text')
        .addColumn('triaged_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('triaged_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await s.createIndex('incident_reports_facility_status').on('incident_reports').columns(['facility_id', 'status', 'created_at']).execute();
      await s.createIndex('incident_reports_case').on('incident_reports').columns(['case_id']).execute();

      // A facility's editable copy of a built-in playbook (playbooks/*.yaml); the built-in applies until one exists.
      await s
        .createTable('incident_playbooks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addColumn('category', 'text', (c) => c.notNull())
        // Playbook definition JSON (same schema as the YAML files).
        .addColumn('definition', 'text', (c) => c.notNull())
        // Increments on every save.
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('incident_playbooks_facility_category', ['facility_id', 'category'])
        .execute();

      await s
        .createTable('incident_tasks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('incident_cases.id').onDelete('cascade'))
        .addColumn('phase', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        // The playbook item it came from (null for a task added to the case by hand).
        .addColumn('playbook_item_id', 'text')
        // Text as the case shows it, ja and en (copied from the playbook when the case opened).
        .addColumn('title_ja', 'text', (c) => c.notNull())
        .addColumn('title_en', 'text')
        // Who should do it: a team role (TeamRole) and/or a user.
        .addColumn('owner_role', 'text')
        .addColumn('owner_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('done_at', 'text')
        .addColumn('done_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('notes', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await s.createIndex('incident_tasks_case').on('incident_tasks').columns(['case_id', 'phase', 'position']).execute();

      // 対策本部: the response team of a case.
      await s
        .createTable('incident_team_members')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('incident_cases.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('contact', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await s.createIndex('incident_team_members_case').on('incident_team_members').columns(['case_id']).execute();

      await s
        .createTable('incident_timeline')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('incident_cases.id').onDelete('cascade'))
        // When it happened (ISO UTC) and the time zone it was stated in (IANA, e.g. Asia/Tokyo, UTC for log times).
        .addColumn('occurred_at', 'text', (c) => c.notNull())
        .addColumn('time_zone', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        // 1 for entries people wrote through the timeline (only those may be deleted again); 0 for mamori's own.
        .addColumn('manual', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await s.createIndex('incident_timeline_case').on('incident_timeline').columns(['case_id', 'occurred_at']).execute();

      await s
        .createTable('incident_affected')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('incident_cases.id').onDelete('cascade'))
        // asset | connection
        .addColumn('target_type', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('incident_affected_unique', ['case_id', 'target_type', 'target_id'])
        .execute();

      await s
        .createTable('incident_observables')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('incident_cases.id').onDelete('cascade'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('incident_observables_unique', ['case_id', 'type', 'value'])
        .execute();

      // Who was told what, when (連絡記録).
      await s
        .createTable('incident_comms')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('incident_cases.id').onDelete('cascade'))
        .addColumn('occurred_at', 'text', (c) => c.notNull())
        .addColumn('direction', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        // The party: free text, optionally an entry of the contact chart.
        .addColumn('party', 'text', (c) => c.notNull())
        .addColumn('contact_entry_id', 'text', (c) => c.references('contact_entries.id').onDelete('set null'))
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await s.createIndex('incident_comms_case').on('incident_comms').columns(['case_id', 'occurred_at']).execute();

      // A filing made to an authority: stops the clock of that rule.
      await s
        .createTable('incident_filings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('incident_cases.id').onDelete('cascade'))
        .addColumn('rule_id', 'text', (c) => c.notNull())
        .addColumn('filed_at', 'text', (c) => c.notNull())
        // 受付番号 or how it was sent.
        .addColumn('reference', 'text')
        .addColumn('note', 'text')
        .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('incident_filings_case_rule', ['case_id', 'rule_id'])
        .execute();

      await s
        .createTable('incident_drafts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('incident_cases.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        // Field values JSON as edited (missing fields are pre-filled from the case when shown).
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('incident_drafts_case_kind', ['case_id', 'kind'])
        .execute();

      await s
        .createTable('incident_evidence')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('incident_cases.id').onDelete('cascade'))
        // E-1, E-2 … within the case.
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('location', 'text')
        .addColumn('collected_by', 'text', (c) => c.notNull())
        .addColumn('collected_at', 'text', (c) => c.notNull())
        // SHA-256 (hex) of the uploaded file, or as stated by whoever imaged the device.
        .addColumn('sha256', 'text')
        // upload | stated | none
        .addColumn('hash_source', 'text', (c) => c.notNull())
        .addColumn('file_id', 'text', (c) => c.references('stored_files.id').onDelete('set null'))
        .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('incident_evidence_case_seq', ['case_id', 'seq'])
        .execute();

      // Chain of custody: append-only; each entry's hash covers its fields and the previous entry's hash.
      await s
        .createTable('incident_custody')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('evidence_id', 'text', (c) => c.notNull().references('incident_evidence.id').onDelete('cascade'))
        .addColumn('case_id', 'text', (c) => c.notNull().references('incident_cases.id').onDelete('cascade'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('occurred_at', 'text', (c) => c.notNull())
        .addColumn('from_party', 'text')
        .addColumn('to_party', 'text')
        .addColumn('location', 'text')
        .addColumn('note', 'text')
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('incident_custody_evidence_seq', ['evidence_id', 'seq'])
        .execute();

      // 事後対応: the after-incident review (one per case).
      await s
        .createTable('incident_reviews')
        .addColumn('case_id', 'text', (c) => c.primaryKey().references('incident_cases.id').onDelete('cascade'))
        .addColumn('went_well', 'text')
        .addColumn('went_wrong', 'text')
        .addColumn('lessons', 'text')
        .addColumn('root_cause', 'text')
        .addColumn('completed_at', 'text')
        .addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      // On-call alerting settings of a facility, and its webhooks.
      await s
        .createTable('incident_alert_settings')
        .addColumn('facility_id', 'text', (c) => c.primaryKey().references('facilities.id').onDelete('cascade'))
        .addColumn('escalate_after_minutes', 'integer', (c) => c.notNull())
        .addColumn('email_enabled', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await s
        .createTable('incident_webhooks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        // json | slack | teams
        .addColumn('format', 'text', (c) => c.notNull())
        // The URL may carry a secret (Slack/Teams): kept encrypted with the secret box, never logged.
        .addColumn('url_encrypted', 'text', (c) => c.notNull())
        .addColumn('url_hint', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      // One alert per person of the call chain for a report or a case, in chain order.
      await s
        .createTable('incident_alerts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addColumn('report_id', 'text', (c) => c.references('incident_reports.id').onDelete('cascade'))
        .addColumn('case_id', 'text', (c) => c.references('incident_cases.id').onDelete('cascade'))
        .addColumn('contact_entry_id', 'text', (c) => c.references('contact_entries.id').onDelete('set null'))
        // Position in the call chain at the time of the alert, and who it was (copied: the chart may change).
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('recipient_name', 'text', (c) => c.notNull())
        .addColumn('recipient_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
        // What the alert said happened, so that escalations repeat the same words.
        .addColumn('summary', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        // SHA-256 of the acknowledgement token sent in the e-mail link.
        .addColumn('ack_token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('sent_at', 'text')
        .addColumn('acknowledged_at', 'text')
        .addColumn('acknowledged_by', 'text')
        .addColumn('escalated_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await s.createIndex('incident_alerts_state').on('incident_alerts').columns(['state', 'sent_at']).execute();
      await s.createIndex('incident_alerts_report').on('incident_alerts').columns(['report_id']).execute();

      // Outbox: messages to the outside world (e-mail, webhooks), written in the transaction, delivered after it.
      await s
        .createTable('outbox_messages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.references('facilities.id').onDelete('cascade'))
        // email | webhook
        .addColumn('channel', 'text', (c) => c.notNull())
        // E-mail address, or the webhook id.
        .addColumn('target', 'text', (c) => c.notNull())
        // JSON: subject/text for e-mail, the body for a webhook.
        .addColumn('payload', 'text', (c) => c.notNull())
        // What it is about (e.g. incident_alert:<id>) for the UI and for tests.
        .addColumn('ref', 'text')
        // pending | sent | failed (gave up)
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('sent_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await s.createIndex('outbox_messages_due').on('outbox_messages').columns(['status', 'next_attempt_at']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const t of [
        'outbox_messages',
        'incident_alerts',
        'incident_webhooks',
        'incident_alert_settings',
        'incident_reviews',
        'incident_custody',
        'incident_evidence',
        'incident_drafts',
        'incident_filings',
        'incident_comms',
        'incident_observables',
        'incident_affected',
        'incident_timeline',
        'incident_team_members',
        'incident_tasks',
        'incident_playbooks',
        'incident_reports',
        'incident_report_links',
        'incident_cases',
      ]) {
        await db.schema.dropTable(t).execute();
      }
    },
  };
}
