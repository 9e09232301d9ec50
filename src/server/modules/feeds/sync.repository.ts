import type { Kysely } from 'kysely';
import type { FeedSource } from '../../../shared/vulns/domain.ts';
import type { Database } from '../../db/schema.ts';

/** Reads of the import log shared by the sync (watermarks) and the freshness status (read-only: the importer writes feed_imports). */

/**
 * The newest watermark of a source's succeeded imports (file or sync): NVD max lastModified, JVN max
 * DateLastUpdated. Text max: NVD watermarks share one normalised form; JVN's carry one fixed +09:00 offset.
 */
export async function newestWatermark(db: Kysely<Database>, source: FeedSource): Promise<string | null> {
  const row = await db
    .selectFrom('feed_imports')
    .select((eb) => eb.fn.max('watermark').as('watermark'))
    .where('source', '=', source)
    .where('status', '=', 'succeeded')
    .where('watermark', 'is not', null)
    .executeTakeFirst();
  return (row?.watermark as string | null | undefined) ?? null;
}
