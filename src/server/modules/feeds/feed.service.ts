import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { canDeployment, type Actor } from '../../../shared/policy.ts';
import type { FeedImportDto, FeedStatusDto } from '../../../shared/contracts/vulns.contract.ts';
import { FEED_SOURCES, FEED_STALE_DAYS, type FeedSource } from '../../../shared/vulns/domain.ts';
import { recordAudit, recordAuditAlone } from '../../audit/audit.service.ts';
import type { Caller, Deps, FeedsImportedOutcome } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { newId } from '../../lib/ids.ts';
import type { PreparedCves } from './cve-rows.ts';
import { detectFeed, isGzip, readHead, type DetectedFeed } from './feed-detect.ts';
import { FeedReaderPool, PROGRESS_EVERY, readFeedInThread, type FeedRead, type ReadyBatch } from './feed-reader.ts';
import { presentFeedImport } from './feed.presenter.ts';
import * as repo from './feed.repository.ts';
import { newestWatermark } from './sync.repository.ts';
import { FeedFormatError, type EpssRecord, type FeedFileMeta, type FeedRecord, type JvnRecord, type KevRecord } from './records.ts';

/**
 * Feed import (NVD, KEV, EPSS, JVN files): detect each file's format, stream it through its parser and write it in
 * ONE transaction per file — a file that fails leaves the data as it was, and its `feed_imports` row says why.
 */

export interface FeedFileInput {
  path: string;
  /** Name shown and stored (default: the path's base name). */
  name?: string;
}

export interface ImportFeedOptions {
  origin?: 'file' | 'sync';
  /** Import even when an identical file (same sha256) was imported before. */
  force?: boolean;
  /** Called about every megabyte read (bytes of the file as stored, compressed or not). */
  onProgress?(importId: string, bytes: number, size: number): void;
  /**
   * Read and parse files in a worker thread while this one writes the database: `auto` (default) for files of 4 MB
   * and more, `always`, or `never`. Without a working worker the files are read in this thread.
   */
  worker?: 'auto' | 'always' | 'never';
}

export interface SkippedFeedFile {
  fileName: string;
  sha256: string;
  /** The earlier succeeded import of the same file. */
  previousImportId: string;
}

export interface FeedImportResult {
  imports: FeedImportDto[];
  /** Files left out because the same file (sha256) was imported before (unless `force`). */
  skipped: SkippedFeedFile[];
  outcome: FeedsImportedOutcome;
  /** Per import id: records left as they were (same or older lastModified), for the CLI summary. */
  unchanged: Record<string, number>;
  /** Per import id: seconds the import took. */
  seconds: Record<string, number>;
}

/** Files from this size (as stored) are read in a worker thread while the database is written (`worker: 'auto'`). */
const WORKER_MIN_BYTES = 4 * 1024 * 1024;

function requireFeedManager(caller: Caller): Actor {
  const actor = caller.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!canDeployment(actor, 'feeds.manage')) throw new AppError(actor.token ? 'TOKEN_SCOPE' : 'FORBIDDEN');
  return actor;
}

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: PROGRESS_EVERY })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

interface Planned {
  file: FeedFileInput;
  fileName: string;
  size: number;
  gzip: boolean;
  detected: DetectedFeed;
}

/** Checks every file before importing any: readable, and of a known format. */
async function plan(files: readonly FeedFileInput[]): Promise<Planned[]> {
  const out: Planned[] = [];
  const issues: { path: string; message: string }[] = [];
  for (const file of files) {
    const fileName = file.name ?? path.basename(file.path);
    try {
      const stat = await fs.promises.stat(file.path);
      if (!stat.isFile()) throw new FeedFormatError(fileName, 'not a file');
      const head = await readHead(file.path);
      out.push({ file, fileName, size: stat.size, gzip: isGzip(head), detected: detectFeed(fileName, head) });
    } catch (e) {
      const message = e instanceof FeedFormatError ? e.detail : `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
      issues.push({ path: fileName, message });
    }
  }
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
  return out;
}

interface Tally {
  records: number;
  inserted: number;
  updated: number;
  unchanged: number;
  criteria: number;
  watermark: string | null;
  changedVulnIds: string[];
  kevChanged: string[];
  epssChanged: boolean;
}

/** Writes one batch of records of any kind; the importer never looks at file formats. */
async function writeBatch(trx: Db, ready: ReadyBatch, importId: string, now: string, meta: Partial<FeedFileMeta>, t: Tally, kevSeen: Set<string>): Promise<void> {
  const kind = Array.isArray(ready) ? ready[0]?.kind : ready.kind;
  if (kind === undefined) return;
  const batch = ready as FeedRecord[];
  t.records += Array.isArray(ready) ? ready.length : ready.count;
  let stats: repo.WriteStats;
  switch (kind) {
    case 'cve': {
      const cves = ready as PreparedCves;
      for (const m of cves.lastModified) if (m && (t.watermark === null || m > t.watermark)) t.watermark = m;
      stats = await repo.writeCves(trx, cves, importId, now);
      t.changedVulnIds.push(...stats.changedIds);
      break;
    }
    case 'kev': {
      const kev = batch as KevRecord[];
      for (const r of kev) kevSeen.add(r.cveId);
      stats = await repo.writeKev(trx, kev, importId, meta.watermark ?? null);
      t.kevChanged.push(...stats.changedIds);
      break;
    }
    case 'epss':
      stats = await repo.writeEpss(trx, batch as EpssRecord[], meta.epssScoreDate ?? null, meta.epssModelVersion ?? null);
      t.epssChanged = true;
      break;
    case 'jvn': {
      const jvn = batch as JvnRecord[];
      for (const r of jvn) if (r.lastUpdated && (t.watermark === null || r.lastUpdated > t.watermark)) t.watermark = r.lastUpdated;
      stats = await repo.writeJvn(trx, jvn, importId, now);
      t.changedVulnIds.push(...stats.changedIds);
      break;
    }
  }
  t.inserted += stats.inserted;
  t.updated += stats.updated;
  t.unchanged += stats.unchanged;
  t.criteria += stats.criteria;
}

/**
 * Imports feed files (CLI `mamori feeds import`, the admin upload, the sync client). Files are checked first (a file
 * of unknown format stops the whole call before anything is written); then each file is imported in its own
 * transaction. A file that fails is rolled back and logged as `failed`; the others still import.
 */
export async function importFeedFiles(deps: Deps, caller: Caller, files: readonly FeedFileInput[], opts: ImportFeedOptions = {}): Promise<FeedImportResult> {
  requireFeedManager(caller);
  const planned = await plan(files);
  const result: FeedImportResult = { imports: [], skipped: [], outcome: { changedVulnIds: [], kevChanged: [], epssChanged: false }, unchanged: {}, seconds: {} };
  const changed = new Set<string>();
  const kevChanged = new Set<string>();

  const workerMode = opts.worker ?? 'auto';
  const workerMinBytes = workerMode === 'always' ? 0 : WORKER_MIN_BYTES;
  const useWorker = (p: Planned) => workerMode !== 'never' && p.size >= workerMinBytes;
  // One worker: a second one (reading the next file at the same time) measured slower on two cores, as the main
  // thread needs most of the other core for SQL.
  const worker = planned.some(useWorker) ? new FeedReaderPool(1, (err) => deps.logger.warn({ err }, 'feed parse worker unavailable: reading files in the main thread')) : null;
  /** Reads started ahead (the next file, while this one is written); bytes read are reported once its import starts. */
  const ahead = new Map<Planned, { read: FeedRead; sink: { bytes: number; to: ((n: number) => void) | null } }>();
  const startRead = (p: Planned) => {
    const sink: { bytes: number; to: ((n: number) => void) | null } = { bytes: 0, to: null };
    const job = { path: p.file.path, fileName: p.fileName, gzip: p.gzip, detected: p.detected };
    const onBytes = (n: number) => {
      sink.bytes = n;
      sink.to?.(n);
    };
    return { read: worker && useWorker(p) ? worker.read(job, onBytes) : readFeedInThread(job, onBytes), sink };
  };
  /** Whether the file can be read ahead: it is big, and cannot turn out to be one imported before (skipped). */
  const readAheadable = async (p: Planned, previous: Planned) => worker !== null && useWorker(p) && (opts.force === true || (p.size !== previous.size && !(await repo.hasSucceededOfSize(deps.db, p.detected.source, p.size))));
  const restoreSettings = await repo.useBulkImportSettings(deps.db, deps.dialect);
  try {
    for (const p of planned) {
      const { source, format } = p.detected;
      let knownSha: string | null = null;
      if (!opts.force && (await repo.hasSucceededOfSize(deps.db, source, p.size))) {
        knownSha = await sha256OfFile(p.file.path);
        const previous = await repo.findSucceededBySha(deps.db, source, knownSha);
        if (previous) {
          result.skipped.push({ fileName: p.fileName, sha256: knownSha, previousImportId: previous.id });
          ahead.get(p)?.read.cancel();
          ahead.delete(p);
          continue;
        }
      }
      const importId = newId();
      const started = performance.now();
      await repo.insertImport(deps.db, {
        id: importId,
        source,
        format,
        origin: opts.origin ?? 'file',
        file_name: p.fileName,
        sha256: knownSha,
        size: p.size,
        status: 'running',
        records: 0,
        inserted: 0,
        updated: 0,
        criteria: 0,
        progress_bytes: 0,
        watermark: null,
        error: null,
        actor: caller.label,
        started_at: deps.clock.now().toISOString(),
        finished_at: null,
      });

      // PostgreSQL: progress is written to the import's row from another pooled connection while the file's
      // transaction runs (one write at a time, all done before the import's own last write). SQLite has one
      // connection, busy with that transaction: progress goes to `onProgress` only.
      const writeProgress = deps.dialect === 'postgres';
      let bytes = 0;
      let progressWrites: Promise<void> = Promise.resolve();
      const onBytes = (n: number) => {
        bytes = n;
        opts.onProgress?.(importId, n, p.size);
        if (writeProgress) progressWrites = progressWrites.then(() => repo.updateImport(deps.db, importId, { progress_bytes: n })).catch(() => undefined);
      };
      const opened = ahead.get(p) ?? startRead(p);
      ahead.delete(p);
      const read = opened.read;
      opened.sink.to = onBytes;
      if (opened.sink.bytes > 0) onBytes(opened.sink.bytes);
      const next = planned[planned.indexOf(p) + 1];
      if (next && (await readAheadable(next, p))) ahead.set(next, startRead(next));

      const t: Tally = { records: 0, inserted: 0, updated: 0, unchanged: 0, criteria: 0, watermark: null, changedVulnIds: [], kevChanged: [], epssChanged: false };
      try {
        const now = deps.clock.now().toISOString();
        await deps.db.transaction().execute(async (trx) => {
          const kevSeen = new Set<string>();
          for await (const batch of read.batches) await writeBatch(trx, batch, importId, now, read.meta(), t, kevSeen);
          const done = read.result();
          const parsedMeta = done.meta;
          bytes = done.bytes;
          if (t.records === 0 && source !== 'nvd' && source !== 'jvn') throw new FeedFormatError(p.fileName, 'the file holds no records');
          if (source === 'kev') {
            // A KEV file is the whole catalogue: what it no longer lists is no longer known-exploited.
            const removed = await repo.removeKevNotIn(trx, kevSeen);
            t.kevChanged.push(...removed);
          }
          if (source === 'kev' || source === 'epss') t.watermark = parsedMeta.watermark ?? null;
          if (source === 'jvn' && parsedMeta.watermark && (t.watermark === null || parsedMeta.watermark > t.watermark)) t.watermark = parsedMeta.watermark;
          const sha256 = done.sha256;
          await progressWrites;
          await repo.updateImport(trx, importId, {
            status: 'succeeded',
            sha256,
            records: t.records,
            inserted: t.inserted,
            updated: t.updated,
            criteria: t.criteria,
            progress_bytes: bytes,
            watermark: t.watermark,
            finished_at: deps.clock.now().toISOString(),
          });
          await recordAudit(deps, trx, caller, {
            facilityId: null,
            entityType: 'feed_import',
            entityId: importId,
            action: 'import',
            after: { source, format, fileName: p.fileName, sha256, size: p.size, records: t.records, inserted: t.inserted, updated: t.updated, unchanged: t.unchanged, criteria: t.criteria, watermark: t.watermark },
          });
        });
        for (const id of t.changedVulnIds) changed.add(id);
        for (const id of t.kevChanged) kevChanged.add(id);
        if (t.epssChanged) result.outcome.epssChanged = true;
        result.unchanged[importId] = t.unchanged;
      } catch (e) {
        await progressWrites;
        const message = e instanceof FeedFormatError ? e.message : `${p.fileName}: ${(e as Error).message ?? String(e)}`;
        await repo.updateImport(deps.db, importId, { status: 'failed', error: message.slice(0, 2000), progress_bytes: bytes, finished_at: deps.clock.now().toISOString() });
        await recordAuditAlone(deps, caller, { facilityId: null, entityType: 'feed_import', entityId: importId, action: 'import_failed', after: { source, format, fileName: p.fileName, size: p.size, error: message.slice(0, 500) } });
        if (!(e instanceof FeedFormatError)) deps.logger.error({ err: e, file: p.fileName }, 'feed import failed');
      }
      result.seconds[importId] = (performance.now() - started) / 1000;
      result.imports.push(presentFeedImport((await repo.findImport(deps.db, importId))!));
    }
  } finally {
    for (const a of ahead.values()) a.read.cancel();
    await worker?.close();
    await restoreSettings();
  }

  result.outcome.changedVulnIds = [...changed];
  result.outcome.kevChanged = [...kevChanged];
  const o = result.outcome;
  if (deps.vulnHooks && (o.changedVulnIds.length > 0 || o.kevChanged.length > 0 || o.epssChanged)) {
    try {
      await deps.vulnHooks.feedsImported(deps, o);
    } catch (e) {
      // The feeds are in; a failed re-match is repeated by `mamori vulns scan`.
      deps.logger.error({ err: e }, 're-match after feed import failed');
    }
  }
  return result;
}

/** Freshness of each feed source (deployment-wide; shown to everyone who sees vulnerabilities). */
export async function feedStatus(deps: Deps): Promise<FeedStatusDto> {
  const now = deps.clock.now().getTime();
  const sources = [];
  for (const source of FEED_SOURCES) {
    const last = await repo.lastSucceeded(deps.db, source);
    const records = await repo.countRecords(deps.db, source);
    // The age of the data, not of the import: an old snapshot imported today is still old. The newest watermark
    // (NVD lastModified, KEV catalogVersion, EPSS score date, JVN last update) dates the data; the import time
    // bounds it when the watermark is missing or unreadable.
    const importedAt = last ? Date.parse(last.finished_at ?? last.started_at) : null;
    const dataAt = watermarkTime(await newestWatermark(deps.db, source));
    const at = importedAt === null ? null : dataAt === null ? importedAt : Math.min(importedAt, dataAt);
    const ageDays = at === null ? null : Math.max(0, Math.floor((now - at) / 86_400_000));
    sources.push({ source, lastImport: last ? presentFeedImport(last) : null, records, ageDays, stale: ageDays === null || ageDays > FEED_STALE_DAYS[source] });
  }
  const syncEnabled = (deps.config as { feedSync?: unknown }).feedSync === true;
  return { sources, stale: sources.some((s) => s.stale), syncEnabled };
}

/** A watermark's date (`2025-10-24T12:53:03.100`, `2025.08.25`, `2025-09-24T12:55:00Z`) as YYYY-MM-DD, or null. */
function watermarkDate(w: string | null): string | null {
  if (!w) return null;
  const d = w.slice(0, 10).replaceAll('.', '-');
  return /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) ? d : null;
}

function watermarkTime(w: string | null): number | null {
  const d = watermarkDate(w);
  return d === null ? null : Date.parse(`${d}T00:00:00Z`);
}

/** The date (YYYY-MM-DD) of the newest data of a source held (its newest succeeded watermark), or null. */
export async function newestFeedDate(db: Db, source: FeedSource): Promise<string | null> {
  return watermarkDate(await newestWatermark(db, source));
}

/** The import log, newest first. */
export async function listFeedImports(deps: Deps, page: { page?: number; pageSize?: number } = {}): Promise<{ items: FeedImportDto[]; total: number; page: number; pageSize: number }> {
  const p = Math.max(1, Math.floor(page.page ?? 1));
  const size = Math.min(200, Math.max(1, Math.floor(page.pageSize ?? 50)));
  const r = await repo.listImports(deps.db, (p - 1) * size, size);
  return { items: r.items.map(presentFeedImport), total: r.total, page: p, pageSize: size };
}

/** Authorization for reading the import log and uploading feeds (admin, or a token with vulns:write). */
export function assertFeedManager(caller: Caller): void {
  requireFeedManager(caller);
}

