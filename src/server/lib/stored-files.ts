import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { StoredFilesTable } from '../db/schema.ts';
import { newId } from './ids.ts';

/**
 * Uploaded files kept in the database (`stored_files`, so that a backup holds them): vendors' MDS/SDS documents
 * and assessments' evidence. Every lookup is scoped by facility; the owning record (document, evidence) points to
 * the file by id and is what callers authorize.
 */

export type StoredFileRow = StoredFilesTable;

export interface StoredFileInput {
  facilityId: string;
  /** Already made safe (safeFileName). */
  fileName: string;
  contentType: string;
  bytes: Buffer;
  /** ISO timestamp. */
  now: string;
}

/** Stores a file with its SHA-256 (hex) inside the caller's transaction; returns its id, digest and size. */
export async function storeFile(db: Db, input: StoredFileInput): Promise<{ id: string; sha256: string; size: number }> {
  const id = newId();
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const size = input.bytes.length;
  await db
    .insertInto('stored_files')
    .values({ id, facility_id: input.facilityId, file_name: input.fileName, content_type: input.contentType, size, sha256, content: input.bytes, created_at: input.now })
    .execute();
  return { id, sha256, size };
}

/** A stored file of the facility, with its content as a Buffer on both dialects. */
export async function findStoredFile(db: Db, facilityId: string, id: string): Promise<StoredFileRow | undefined> {
  const row = await db.selectFrom('stored_files').selectAll().where('facility_id', '=', facilityId).where('id', '=', id).executeTakeFirst();
  return row ? { ...row, size: Number(row.size), content: Buffer.isBuffer(row.content) ? row.content : Buffer.from(row.content as Uint8Array) } : undefined;
}
