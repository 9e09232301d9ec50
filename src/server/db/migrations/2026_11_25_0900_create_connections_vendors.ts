import { sql, type Kysely, type SqlBool } from 'kysely';
import type { DialectName } from '../dialect.ts';

/**
 * 情報資産台帳, phase 2: 委託事業者 (vendors) with contacts, contracts, MDS/SDS documents and the users who
 * act for them; 外部接続・リモート保守台帳 (external connections) with their target assets and lifecycle
 * history; stored files (MDS/SDS PDFs). Every table carries facility_id and every query is scoped by it.
 */
export function createConnectionsVendors(dialect: DialectName) {
  const blob = dialect === 'postgres' ? 'bytea' : 'blob';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('stored_files')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('content', sql.raw(blob), (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('vendors')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        // フリガナ (katakana), for the Japanese reading order of lists.
        .addColumn('name_kana', 'text')
        // 法人番号 (13 digits).
        .addColumn('corporate_number', 'text')
        .addColumn('address', 'text')
        .addColumn('phone', 'text')
        .addColumn('email', 'text')
        .addColumn('website', 'text')
        .addColumn('notes', 'text')
        // The vendor checklist (事業者確認用) that the assessments capability fills; null until then.
        .addColumn('checklist_assessment_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('deleted_at', 'text')
        .execute();
      await db.schema
        .createIndex('vendors_facility_name')
        .on('vendors')
        .columns(['facility_id', 'name'])
        .unique()
        .where(sql<SqlBool>`deleted_at is null`)
        .execute();

      await db.schema
        .createTable('vendor_contacts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        // 役割・部署 (営業担当, 保守窓口, …).
        .addColumn('role', 'text')
        .addColumn('phone', 'text')
        .addColumn('email', 'text')
        // 24時間緊急連絡先.
        .addColumn('emergency_24h', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('notes', 'text')
        .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('vendor_contacts_vendor').on('vendor_contacts').columns(['vendor_id', 'position']).execute();

      await db.schema
        .createTable('vendor_contracts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id').onDelete('cascade'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('contract_number', 'text')
        .addColumn('starts_on', 'text')
        .addColumn('ends_on', 'text')
        .addColumn('auto_renew', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('scope', 'text')
        // JSON array of CONTRACT_CLAUSES keys the contract states.
        .addColumn('clauses', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('notes', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('vendor_contracts_vendor').on('vendor_contracts').columns(['vendor_id', 'ends_on']).execute();
      await db.schema.createIndex('vendor_contracts_facility').on('vendor_contracts').columns(['facility_id', 'ends_on']).execute();

      await db.schema
        .createTable('vendor_documents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id').onDelete('cascade'))
        // mds | sds
        .addColumn('kind', 'text', (c) => c.notNull())
        // The system or product the disclosure covers.
        .addColumn('subject', 'text', (c) => c.notNull())
        // The disclosure's own version (e.g. JAHIS MDS/SDS Ver.4.0 form, document rev. 2).
        .addColumn('version', 'text')
        .addColumn('received_on', 'text', (c) => c.notNull())
        .addColumn('file_id', 'text', (c) => c.references('stored_files.id').onDelete('set null'))
        .addColumn('notes', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('vendor_documents_vendor').on('vendor_documents').columns(['vendor_id', 'received_on']).execute();

      // Users (role `vendor`) who act for a vendor: they see only this vendor's records.
      await db.schema
        .createTable('vendor_users')
        .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('vendor_users_pk', ['vendor_id', 'user_id'])
        .execute();
      await db.schema.createIndex('vendor_users_user').on('vendor_users').columns(['user_id', 'facility_id']).execute();

      // assets.vendor_id (created in phase 1) now names a vendor; the service checks it belongs to the facility.
      await db.schema.createIndex('assets_facility_vendor').on('assets').columns(['facility_id', 'vendor_id']).execute();

      await db.schema
        .createTable('external_connections')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('vendor_id', 'text', (c) => c.references('vendors.id').onDelete('set null'))
        .addColumn('purpose', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('entry_asset_id', 'text', (c) => c.references('assets.id').onDelete('set null'))
        // The segment the line enters when there is no entry device in the ledger (else the device's segment).
        .addColumn('segment_id', 'text', (c) => c.references('network_segments.id').onDelete('set null'))
        .addColumn('internet_facing', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('auth', 'text', (c) => c.notNull())
        .addColumn('account_mode', 'text', (c) => c.notNull())
        .addColumn('accounts', 'text')
        // JSON array of weekday keys (mon … sun); [] with no hours = not restricted.
        .addColumn('allowed_days', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('allowed_from', 'text')
        .addColumn('allowed_to', 'text')
        .addColumn('log_location', 'text')
        .addColumn('credentials_rotated_on', 'text')
        .addColumn('review_interval_months', 'integer', (c) => c.notNull().defaultTo(12))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('requested_by_user_id', 'text')
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('requested_at', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('decision_comment', 'text')
        .addColumn('approved_on', 'text')
        .addColumn('expires_on', 'text')
        .addColumn('activated_on', 'text')
        .addColumn('retired_on', 'text')
        .addColumn('last_used_on', 'text')
        .addColumn('notes', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('external_connections_facility_status').on('external_connections').columns(['facility_id', 'status', 'name']).execute();
      await db.schema.createIndex('external_connections_vendor').on('external_connections').columns(['facility_id', 'vendor_id']).execute();
      await db.schema.createIndex('external_connections_entry').on('external_connections').column('entry_asset_id').execute();
      await db.schema.createIndex('external_connections_expiry').on('external_connections').columns(['status', 'expires_on']).execute();

      await db.schema
        .createTable('connection_targets')
        .addColumn('connection_id', 'text', (c) => c.notNull().references('external_connections.id').onDelete('cascade'))
        .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('connection_targets_pk', ['connection_id', 'asset_id'])
        .execute();
      await db.schema.createIndex('connection_targets_asset').on('connection_targets').column('asset_id').execute();

      await db.schema
        .createTable('connection_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addColumn('connection_id', 'text', (c) => c.notNull().references('external_connections.id').onDelete('cascade'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_user_id', 'text')
        .addColumn('actor', 'text', (c) => c.notNull())
        // CONNECTION_EVENT_ACTIONS
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text')
        .addColumn('comment', 'text')
        .execute();
      await db.schema.createIndex('connection_events_connection').on('connection_events').columns(['connection_id', 'at']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('assets_facility_vendor').ifExists().execute();
      for (const t of [
        'connection_events',
        'connection_targets',
        'external_connections',
        'vendor_users',
        'vendor_documents',
        'vendor_contracts',
        'vendor_contacts',
        'vendors',
        'stored_files',
      ]) {
        await db.schema.dropTable(t).ifExists().execute();
      }
    },
  };
}
