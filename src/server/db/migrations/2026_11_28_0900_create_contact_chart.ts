import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.ts';

/**
 * 連絡体制図 (the contact chart, checklist 3(1)): people inside the hospital in call order with on-call deputies,
 * and outside parties (vendors from the ledger, MHLW, prefecture, police, insurer, ISP …). The first piece of the
 * incident-response capability; cases, reports and legal clocks come in their own migration.
 */
export function createContactChart(_dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('contact_entries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        // internal | external
        .addColumn('side', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        // Call order within the side, 1-based, dense.
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('role_label', 'text', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('organization', 'text')
        .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('vendor_id', 'text', (c) => c.references('vendors.id').onDelete('set null'))
        .addColumn('vendor_contact_id', 'text', (c) => c.references('vendor_contacts.id').onDelete('set null'))
        .addColumn('phone', 'text')
        .addColumn('phone_alt', 'text')
        .addColumn('email', 'text')
        .addColumn('availability', 'text')
        // On-call deputy: the entry this one stands in for.
        .addColumn('deputy_for_id', 'text')
        .addColumn('notes', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('contact_entries_facility_side').on('contact_entries').columns(['facility_id', 'side', 'position']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('contact_entries').execute();
    },
  };
}
