import { sql, type Kysely, type SqlBool } from 'kysely';
import type { DialectName } from '../dialect.ts';

/**
 * 情報資産台帳, phase 1: network segments, the flows allowed between them, assets and relations between
 * assets. Every table carries facility_id and every query is scoped by it. Lists are JSON text, booleans
 * integers 0/1, dates YYYY-MM-DD text (docs/adr/0002-portable-storage.md).
 */
export function createLedgerAssets(_dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('network_segments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('vlan', 'integer')
        .addColumn('cidrs', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('notes', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('network_segments_facility_name', ['facility_id', 'name'])
        .execute();

      await db.schema
        .createTable('segment_flows')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addColumn('from_segment_id', 'text', (c) => c.notNull().references('network_segments.id').onDelete('cascade'))
        .addColumn('to_segment_id', 'text', (c) => c.notNull().references('network_segments.id').onDelete('cascade'))
        .addColumn('services', 'text')
        .addColumn('description', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('segment_flows_pair', ['facility_id', 'from_segment_id', 'to_segment_id'])
        .execute();
      await db.schema.createIndex('segment_flows_to').on('segment_flows').column('to_segment_id').execute();

      await db.schema
        .createTable('assets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('asset_tag', 'text')
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('vendor', 'text')
        .addColumn('product', 'text')
        .addColumn('version', 'text')
        .addColumn('cpe', 'text')
        .addColumn('os', 'text')
        .addColumn('ips', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('macs', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('hostname', 'text')
        // A segment in use cannot be deleted (the service answers 409); soft-deleted assets let go of it.
        .addColumn('segment_id', 'text', (c) => c.references('network_segments.id').onDelete('set null'))
        .addColumn('location', 'text')
        .addColumn('department', 'text')
        .addColumn('maintainer_text', 'text')
        // The vendors phase adds the vendors table and this column's foreign key.
        .addColumn('vendor_id', 'text')
        .addColumn('criticality', 'integer', (c) => c.notNull())
        .addColumn('holds_patient_data', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('exposure', 'text', (c) => c.notNull().defaultTo('internal'))
        .addColumn('install_date', 'text')
        .addColumn('end_of_support', 'text')
        .addColumn('last_patched', 'text')
        .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('notes', 'text')
        .addColumn('ip_outside_segment', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('deleted_at', 'text')
        .addCheckConstraint('assets_criticality', sql`criticality between 1 and 4`)
        .execute();
      // Listing and search are always by facility and among assets not deleted.
      await db.schema.createIndex('assets_facility_name').on('assets').columns(['facility_id', 'deleted_at', 'name']).execute();
      await db.schema.createIndex('assets_facility_type').on('assets').columns(['facility_id', 'type']).execute();
      await db.schema.createIndex('assets_facility_eos').on('assets').columns(['facility_id', 'end_of_support']).execute();
      await db.schema.createIndex('assets_segment').on('assets').column('segment_id').execute();
      // 資産番号 is unique per facility among assets not deleted (a partial index, same syntax on both dialects).
      await db.schema
        .createIndex('assets_facility_tag')
        .on('assets')
        .columns(['facility_id', 'asset_tag'])
        .unique()
        .where(sql<SqlBool>`asset_tag is not null and deleted_at is null`)
        .execute();

      await db.schema
        .createTable('asset_relations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addColumn('from_asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
        .addColumn('to_asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('asset_relations_unique', ['from_asset_id', 'to_asset_id', 'kind'])
        .execute();
      await db.schema.createIndex('asset_relations_to').on('asset_relations').column('to_asset_id').execute();
      await db.schema.createIndex('asset_relations_facility').on('asset_relations').column('facility_id').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const t of ['asset_relations', 'assets', 'segment_flows', 'network_segments']) await db.schema.dropTable(t).ifExists().execute();
    },
  };
}
