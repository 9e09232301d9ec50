import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../../shared/errors.ts';
import type { FeedImportDto, FeedStatusDto } from '../../../shared/contracts/vulns.contract.ts';
import type { Caller, Deps } from '../../context.ts';
import { detectFeed, readHead } from './feed-detect.ts';
import { presentFeedImport } from './feed.presenter.ts';
import * as repo from './feed.repository.ts';
import { assertFeedManager, feedStatus, importFeedFiles } from './feed.service.ts';
import { FeedFormatError } from './records.ts';

/**
 * The administrator's feed upload over HTTP (helper E): the raw request body is streamed to a temporary file (never
 * buffered; at most FEED_UPLOAD_MAX_BYTES), its format detected, and `importFeedFiles` started in the background.
 * The caller gets the import (status `running`) as soon as the importer reports its first progress, or the finished
 * import when the file is small enough to be done by then, and polls GET /feeds/imports/:id.
 *
 * Progress of running imports is kept in this process as well: on SQLite the importer's transaction holds the only
 * connection until the file is in, so the row cannot be read meanwhile (PostgreSQL writes progress to the row).
 */

export const FEED_UPLOAD_MAX_BYTES = 512 * 1024 * 1024;

/** Imports started by uploads in this process and not finished yet, by import id. */
const running = new Map<string, FeedImportDto>();

async function receive(body: Readable, file: string, maxBytes: number): Promise<number> {
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new AppError('PAYLOAD_TOO_LARGE', `the file exceeds ${maxBytes} bytes`));
      done(null, chunk);
    },
  });
  await pipeline(body, limit, fs.createWriteStream(file));
  return size;
}

export interface FeedUploadOptions {
  fileName: string;
  /** Import even when the same file was imported before. */
  force: boolean;
  maxBytes?: number;
}

/**
 * Receives one feed file and starts importing it (feeds.manage). A file of unknown format → VALIDATION_FAILED; the
 * same file imported before (same sha256) → CONFLICT unless `force`.
 */
export async function startFeedUpload(deps: Deps, caller: Caller, body: Readable, options: FeedUploadOptions): Promise<FeedImportDto> {
  assertFeedManager(caller);
  const fileName = path.basename(options.fileName.trim()) || 'feed';
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'mamori-feed-'));
  const file = path.join(dir, 'upload');
  const cleanup = () => fs.promises.rm(dir, { recursive: true, force: true }).catch(() => undefined);
  let size: number;
  let detected: ReturnType<typeof detectFeed>;
  try {
    size = await receive(body, file, options.maxBytes ?? FEED_UPLOAD_MAX_BYTES);
    try {
      detected = detectFeed(fileName, await readHead(file));
    } catch (e) {
      if (e instanceof FeedFormatError) throw new AppError('VALIDATION_FAILED', e.message, { issues: [{ path: 'file', message: 'unknown_feed_format' }] });
      throw e;
    }
  } catch (e) {
    await cleanup();
    throw e;
  }

  const startedAt = deps.clock.now().toISOString();
  const ids = new Set<string>();
  let announce: (id: string) => void = () => undefined;
  const started = new Promise<string>((resolve) => {
    announce = resolve;
  });
  const onProgress = (importId: string, bytes: number) => {
    const dto = running.get(importId) ?? {
      id: importId,
      source: detected.source,
      format: detected.format,
      origin: 'file' as const,
      fileName,
      sha256: null,
      size,
      status: 'running' as const,
      records: 0,
      inserted: 0,
      updated: 0,
      criteria: 0,
      progressBytes: 0,
      watermark: null,
      error: null,
      actor: caller.label,
      startedAt,
      finishedAt: null,
    };
    ids.add(importId);
    running.set(importId, { ...dto, progressBytes: bytes });
    announce(importId);
  };
  const job = importFeedFiles(deps, caller, [{ path: file, name: fileName }], { force: options.force, onProgress }).finally(async () => {
    for (const id of ids) running.delete(id);
    await cleanup();
  });
  // Once answered, a later failure is the import's own (its row says why); never an unhandled rejection.
  job.catch((err: unknown) => deps.logger.error({ err, file: fileName }, 'feed upload import failed'));

  const first = await Promise.race([started.then((id) => ({ id }) as const), job.then((result) => ({ result }) as const)]);
  if ('id' in first) return running.get(first.id)!;
  const done = first.result.imports[0];
  if (done) return done;
  const skipped = first.result.skipped[0];
  throw new AppError('CONFLICT', `${fileName}: the same file was imported before`, { detail: { previousImportId: skipped?.previousImportId ?? null } });
}

/** One import (feeds.manage): in-process progress while an upload runs, else the stored row. */
export async function getFeedImport(deps: Deps, caller: Caller, importId: string): Promise<FeedImportDto> {
  assertFeedManager(caller);
  const live = running.get(importId);
  if (live) return live;
  const row = await repo.findImport(deps.db, importId);
  if (!row) throw new AppError('NOT_FOUND');
  return presentFeedImport(row);
}

/** Feed freshness for anyone signed in (API tokens need the vulnerability read scope). */
export async function readFeedStatus(deps: Deps, caller: Caller): Promise<FeedStatusDto> {
  const actor = caller.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (actor.token && !actor.token.scopes.includes('vulns:read')) throw new AppError('TOKEN_SCOPE');
  return feedStatus(deps);
}
