import { sql, type Kysely, type SqlBool } from 'kysely';
import type { DialectName } from '../dialect.ts';

/**
 * 現状調査 (assessments): hospitals' own frameworks (the shipped ones are YAML files in the repo), assessments per
 * facility × framework version (and per vendor for 事業者確認用), answers, their history, evidence (files in
 * `stored_files`, links to mamori records, URLs), signed vendor links; 台帳の点検 (ledger reviews) for checklist
 * item 2(1); and the shared actions (対応アクション) that assessments, incidents, drills and risks use.
 */
export function createAssessments(_dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // Frameworks a hospital or a group added (YAML or .xlsx). Exactly one owner column is set.
      await db.schema
        .createTable('custom_frameworks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('framework_id', 'text', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('owner_facility_id', 'text', (c) => c.references('facilities.id').onDelete('cascade'))
        .addColumn('owner_group_id', 'text', (c) => c.references('facility_groups.id').onDelete('cascade'))
        // The validated FrameworkDefinition as JSON.
        .addColumn('definition', 'text', (c) => c.notNull())
        .addColumn('source_format', 'text', (c) => c.notNull())
        .addColumn('source_name', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('deleted_at', 'text')
        .execute();
      await db.schema
        .createIndex('custom_frameworks_owner_version')
        .on('custom_frameworks')
        .expression(sql`coalesce(owner_facility_id, ''), coalesce(owner_group_id, ''), framework_id, version`)
        .unique()
        .where(sql<SqlBool>`deleted_at is null`)
        .execute();

      await db.schema
        .createTable('assessments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addColumn('framework_id', 'text', (c) => c.notNull())
        .addColumn('framework_version', 'text', (c) => c.notNull())
        // sha256 of the framework definition the assessment was answered against.
        .addColumn('framework_sha256', 'text', (c) => c.notNull())
        .addColumn('sheet', 'text', (c) => c.notNull())
        // 事業者確認用: the vendor that answers it.
        .addColumn('vendor_id', 'text', (c) => c.references('vendors.id').onDelete('cascade'))
        .addColumn('fiscal_year', 'integer')
        .addColumn('title', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('carried_from_id', 'text')
        .addColumn('manager_signed_by', 'text')
        .addColumn('manager_signed_at', 'text')
        .addColumn('executive_signed_by', 'text')
        .addColumn('executive_signed_at', 'text')
        .addColumn('locked_at', 'text')
        .addColumn('submitted_at', 'text')
        .addColumn('submitted_by_label', 'text')
        .addColumn('accepted_by', 'text')
        .addColumn('accepted_at', 'text')
        .addColumn('return_reason', 'text')
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('deleted_at', 'text')
        .execute();
      // One live assessment per facility × framework version × fiscal year (× vendor for vendor sheets): the newest
      // edition stays in use in later fiscal years until MHLW publishes the next one.
      await db.schema
        .createIndex('assessments_facility_framework')
        .on('assessments')
        .expression(sql`facility_id, framework_id, framework_version, coalesce(fiscal_year, 0), coalesce(vendor_id, '')`)
        .unique()
        .where(sql<SqlBool>`deleted_at is null`)
        .execute();
      await db.schema.createIndex('assessments_vendor').on('assessments').columns(['vendor_id']).execute();

      await db.schema
        .createTable('assessment_answers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
        .addColumn('item_id', 'text', (c) => c.notNull())
        // yes / no / na, or a scale value; null while only a date or comment is filled.
        .addColumn('answer', 'text')
        // 確認日 and 目標日 (YYYY-MM-DD, JST calendar dates).
        .addColumn('checked_on', 'text')
        .addColumn('target_on', 'text')
        .addColumn('responsible', 'text')
        .addColumn('comment', 'text')
        // Carried over from the previous year's assessment (not yet re-confirmed this year).
        .addColumn('carried_over', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('updated_by', 'text')
        .addColumn('updated_by_label', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('assessment_answers_item').on('assessment_answers').columns(['assessment_id', 'item_id']).unique().execute();

      // History of an assessment: every answer change, evidence added/removed, sign-off, submission, link.
      await db.schema
        .createTable('assessment_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
        .addColumn('item_id', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('before', 'text')
        .addColumn('after', 'text')
        .addColumn('actor_user_id', 'text')
        .addColumn('actor_label', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('assessment_events_assessment').on('assessment_events').columns(['assessment_id', 'created_at']).execute();

      await db.schema
        .createTable('assessment_evidence')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        // Files: the stored file, its name, SHA-256 and size; a new version points to the one it replaces.
        .addColumn('file_id', 'text', (c) => c.references('stored_files.id'))
        .addColumn('file_name', 'text')
        .addColumn('sha256', 'text')
        .addColumn('size', 'integer')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('replaces_id', 'text')
        .addColumn('replaced_by_id', 'text')
        .addColumn('record_type', 'text')
        .addColumn('record_id', 'text')
        .addColumn('url', 'text')
        // After this date the evidence no longer counts (有効期限).
        .addColumn('valid_until', 'text')
        .addColumn('note', 'text')
        .addColumn('created_by', 'text')
        .addColumn('created_by_label', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('deleted_at', 'text')
        .execute();
      await db.schema.createIndex('assessment_evidence_item').on('assessment_evidence').columns(['assessment_id', 'item_id']).execute();

      // Signed, expiring links that let a vendor answer its sheet without an account. Only the token's hash is kept.
      await db.schema
        .createTable('assessment_links')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('recipient', 'text')
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('last_used_at', 'text')
        .addColumn('use_count', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('assessment_links_assessment').on('assessment_links').columns(['assessment_id']).execute();

      // 台帳の点検: the ledger was reviewed (checklist 2(1) asks for a periodic review).
      await db.schema
        .createTable('ledger_reviews')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addColumn('reviewed_on', 'text', (c) => c.notNull())
        .addColumn('reviewed_by', 'text')
        .addColumn('reviewer_label', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        // Counts at the time of the review (assets by type, connections, vendors) as JSON.
        .addColumn('snapshot', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ledger_reviews_facility').on('ledger_reviews').columns(['facility_id', 'reviewed_on']).execute();

      // 対応アクション: shared by assessments (gaps), incidents (lessons), drills and risks.
      await db.schema
        .createTable('actions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('owner_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('due_on', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('source_type', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text')
        // Within the source: the item id of an assessment, the task of a case …
        .addColumn('source_ref', 'text')
        .addColumn('source_label', 'text')
        .addColumn('completed_at', 'text')
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('actions_facility_status').on('actions').columns(['facility_id', 'status', 'due_on']).execute();
      await db.schema.createIndex('actions_source').on('actions').columns(['source_type', 'source_id', 'source_ref']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const t of ['actions', 'ledger_reviews', 'assessment_links', 'assessment_evidence', 'assessment_events', 'assessment_answers', 'assessments', 'custom_frameworks']) {
        await db.schema.dropTable(t).execute();
      }
    },
  };
}
