import { sql, type Kysely, type SqlBool } from 'kysely';
import type { DialectName } from '../dialect.ts';

/**
 * 備え (resilience, issue 7): backup plans and their runs (checklist 3(2), 診療録管理体制加算 (11)), recovery targets per
 * system (RTO/RPO and the restore-drill interval), restore drills, exercises (訓練), the cyber BCP in versions approved by
 * the executive (checklist 3(3)), and the emergency binder's generated copies (to tell a printed copy is current).
 * Booleans are integers 0/1; JSON is text; timestamps are UTC ISO-8601; plain dates are YYYY-MM-DD (JST).
 */
export function createResilience(_dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // One plan = one copy of one system (a ledger asset) on one medium in one place (src/shared/resilience/backup.ts).
      await db.schema
        .createTable('backup_plans')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
        // A short name of the copy (「日次NASバックアップ」); the UI falls back to system + medium.
        .addColumn('label', 'text')
        // JSON array of BackupScope (data, system_image, configuration).
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('tool', 'text')
        .addColumn('medium', 'text', (c) => c.notNull())
        .addColumn('disconnected', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('cloud_immutable', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('network_separated', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('generations', 'integer', (c) => c.notNull())
        // The schedule: a run is expected every N days; the note says when (「毎日 2:00」「毎週日曜」).
        .addColumn('every_days', 'integer', (c) => c.notNull())
        .addColumn('schedule_note', 'text')
        // on_site | off_site, and where exactly (「サーバ室ラック3」「院外倉庫(○○社)」) for the binder.
        .addColumn('location', 'text', (c) => c.notNull())
        .addColumn('storage_place', 'text')
        .addColumn('encrypted', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('key_holder', 'text')
        // staff | vendor; the vendor when a vendor runs it.
        .addColumn('run_by', 'text', (c) => c.notNull())
        .addColumn('vendor_id', 'text', (c) => c.references('vendors.id').onDelete('set null'))
        // How to restore from this copy (the binder prints it).
        .addColumn('restore_procedure', 'text')
        // The job name the backup software sends to the webhook; unique per facility among plans in use.
        .addColumn('external_key', 'text')
        .addColumn('notes', 'text')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        // Retired plans keep their runs (history) and leave the coverage rules.
        .addColumn('retired_at', 'text')
        .addCheckConstraint('backup_plans_generations', sql`generations >= 0`)
        .addCheckConstraint('backup_plans_every_days', sql`every_days >= 1`)
        .execute();
      await db.schema.createIndex('backup_plans_facility').on('backup_plans').columns(['facility_id', 'retired_at']).execute();
      await db.schema.createIndex('backup_plans_asset').on('backup_plans').column('asset_id').execute();
      await db.schema
        .createIndex('backup_plans_external_key')
        .on('backup_plans')
        .columns(['facility_id', 'external_key'])
        .unique()
        .where(sql<SqlBool>`external_key is not null and retired_at is null`)
        .execute();

      // A run of a plan: by hand, from a CSV file or from the backup software's webhook. (plan, started_at) is the natural
      // key: the same run sent twice, or a CSV imported again, changes nothing.
      await db.schema
        .createTable('backup_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addColumn('plan_id', 'text', (c) => c.notNull().references('backup_plans.id').onDelete('cascade'))
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text', (c) => c.notNull())
        // success | failed | partial
        .addColumn('status', 'text', (c) => c.notNull())
        // Bytes written (a float: PostgreSQL's integer is 32-bit and pg returns bigint as a string).
        .addColumn('bytes', 'double precision')
        .addColumn('message', 'text')
        // manual | csv | webhook
        .addColumn('source', 'text', (c) => c.notNull())
        // The run id in the backup software, when it sends one.
        .addColumn('external_id', 'text')
        .addColumn('recorded_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('backup_runs_natural', ['plan_id', 'started_at'])
        .execute();
      await db.schema.createIndex('backup_runs_plan_finished').on('backup_runs').columns(['plan_id', 'finished_at']).execute();
      await db.schema.createIndex('backup_runs_facility_finished').on('backup_runs').columns(['facility_id', 'finished_at']).execute();

      // Recovery targets of a system: RTO/RPO in hours, the restore-drill interval in months, how to recover it.
      await db.schema
        .createTable('recovery_targets')
        .addColumn('asset_id', 'text', (c) => c.primaryKey().references('assets.id').onDelete('cascade'))
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addColumn('rto_hours', 'double precision')
        .addColumn('rpo_hours', 'double precision')
        .addColumn('drill_interval_months', 'integer')
        .addColumn('recovery_notes', 'text')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('recovery_targets_facility').on('recovery_targets').column('facility_id').execute();

      // Restore drills (復旧訓練): planned, then performed with times, the age of the restored data and the result.
      await db.schema
        .createTable('restore_drills')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
        .addColumn('plan_id', 'text', (c) => c.references('backup_plans.id').onDelete('set null'))
        // planned | done | cancelled
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('planned_on', 'text')
        .addColumn('started_at', 'text')
        .addColumn('finished_at', 'text')
        // The point in time of the restored data (the backup's age); RPO achieved = started_at − data_as_of.
        .addColumn('data_as_of', 'text')
        // full | partial | failed: how much could be restored.
        .addColumn('restored', 'text')
        // The targets at the time of the drill (the system's may change later).
        .addColumn('rto_hours_target', 'double precision')
        .addColumn('rpo_hours_target', 'double precision')
        // passed | failed, decided when the drill is recorded.
        .addColumn('result', 'text')
        .addColumn('problems', 'text')
        .addColumn('performed_by', 'text')
        .addColumn('notes', 'text')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('restore_drills_facility').on('restore_drills').columns(['facility_id', 'status']).execute();
      await db.schema.createIndex('restore_drills_asset').on('restore_drills').columns(['asset_id', 'finished_at']).execute();

      // Exercises (訓練): tabletop, technical or full; the yearly requirement counts the done ones per fiscal year.
      await db.schema
        .createTable('exercises')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        // tabletop | technical | full
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('scenario', 'text', (c) => c.notNull())
        // planned | done | cancelled
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('held_on', 'text', (c) => c.notNull())
        .addColumn('duration_minutes', 'integer')
        // JSON array of department names.
        .addColumn('departments', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('participants', 'integer')
        // JSON array of { at: "HH:MM", text }.
        .addColumn('timeline', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('went_well', 'text')
        .addColumn('findings', 'text')
        .addColumn('notes', 'text')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('exercises_facility_held').on('exercises').columns(['facility_id', 'held_on']).execute();

      // The cyber BCP: numbered versions (第1版, 第2版 …) of one structured document per facility. One draft at a time;
      // the executive approves it, and the approved one before it becomes superseded.
      await db.schema
        .createTable('bcp_versions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addColumn('number', 'integer', (c) => c.notNull())
        // draft | in_review | approved | superseded
        .addColumn('status', 'text', (c) => c.notNull())
        // JSON: the structured content (src/shared/contracts/resilience-bcp.contract.ts).
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('based_on_id', 'text')
        .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('submitted_at', 'text')
        .addColumn('submitted_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('approved_at', 'text')
        .addColumn('approved_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('approver_name', 'text')
        .addColumn('approval_note', 'text')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('bcp_versions_number', ['facility_id', 'number'])
        .execute();

      // Every generated emergency binder: its short code (printed with the QR) and the hash of the data it shows.
      await db.schema
        .createTable('binder_prints')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        // JSON object section → hash, to say which sections changed since this copy.
        .addColumn('section_hashes', 'text', (c) => c.notNull().defaultTo('{}'))
        // pdf | html
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('generated_at', 'text', (c) => c.notNull())
        .addColumn('generated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .execute();
      await db.schema.createIndex('binder_prints_facility').on('binder_prints').columns(['facility_id', 'generated_at']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const t of ['binder_prints', 'bcp_versions', 'exercises', 'restore_drills', 'recovery_targets', 'backup_runs', 'backup_plans']) {
        await db.schema.dropTable(t).execute();
      }
    },
  };
}
