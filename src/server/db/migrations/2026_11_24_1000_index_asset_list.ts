import type { Kysely } from 'kysely';
import { createListIndex, type DialectName } from '../dialect.ts';

/**
 * The asset list at 50,000 assets (issue 3): one index in the default order (name, then id as the
 * tie-breaker, so no sort step), which on SQLite also holds the search text of name, 資産番号, host name,
 * addresses and product, so that counting and searching read only the index. It replaces
 * assets_facility_name, a prefix of it.
 */
export function indexAssetList(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await createListIndex(dialect, db, 'assets_list', 'assets', ['facility_id', 'deleted_at', 'name', 'id'], ASSET_SEARCH_COLUMNS);
      await db.schema.dropIndex('assets_facility_name').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex('assets_facility_name').on('assets').columns(['facility_id', 'deleted_at', 'name']).execute();
      await db.schema.dropIndex('assets_list').execute();
    },
  };
}

/** The columns the asset search looks in, in this order (the repository's search must name the same). */
export const ASSET_SEARCH_COLUMNS = ['name', 'asset_tag', 'hostname', 'ips', 'product'] as const;
