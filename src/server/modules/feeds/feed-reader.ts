import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pipeline, Transform, type Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import zlib from 'node:zlib';
import { prepareCves, type PreparedCves } from './cve-rows.ts';
import { parseFeed, type DetectedFeed } from './feed-detect.ts';
import { FeedFormatError, type CveRecord, type EpssRecord, type FeedFileMeta, type JvnRecord, type KevRecord } from './records.ts';

/**
 * Reading one feed file for the importer: read (and gunzip), hash, frame, parse and normalise it, and prepare CVE
 * rows — everything but the database. Either in this thread, or in a worker thread (`FeedReaderWorker`) while this
 * thread writes the previous batches to the database: the NVD import is about half parsing and half SQL, and the two
 * overlap on a machine with two cores. A small number of batches in flight (credits) bounds the memory.
 */

/** What the importer writes: CVE rows made ready, or the records of the other feeds. */
export type ReadyBatch = PreparedCves | KevRecord[] | EpssRecord[] | JvnRecord[];

export interface FeedReadJob {
  path: string;
  fileName: string;
  gzip: boolean;
  detected: DetectedFeed;
}

export interface FeedReadResult {
  meta: FeedFileMeta;
  /** sha256 of the file as stored (compressed or not). */
  sha256: string;
  bytes: number;
}

export interface FeedRead {
  /** Throws FeedFormatError (file name, record, field) when the file is not a valid feed. */
  batches: AsyncIterable<ReadyBatch>;
  /** What the parser knows of the file so far (EPSS score date from its first line …), complete once drained. */
  meta(): Partial<FeedFileMeta>;
  /** Once `batches` is drained. */
  result(): FeedReadResult;
  /** Stops a read whose batches will not be iterated (a file read ahead, then not imported). */
  cancel(): void;
}

/** How often the reader reports the bytes read (of the file as stored). */
export const PROGRESS_EVERY = 1024 * 1024;

/** Reads a feed file in this thread. `onBytes` is called about every megabyte. */
export function readFeedInThread(job: FeedReadJob, onBytes: (bytes: number) => void): FeedRead {
  let result: FeedReadResult | null = null;
  let meta: Partial<FeedFileMeta> = {};
  async function* batches(): AsyncGenerator<ReadyBatch> {
    const hash = createHash('sha256');
    let bytes = 0;
    let reported = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        bytes += chunk.length;
        if (bytes - reported >= PROGRESS_EVERY) {
          reported = bytes;
          onBytes(bytes);
        }
        done(null, chunk);
      },
    });
    const raw = fs.createReadStream(job.path, { highWaterMark: PROGRESS_EVERY });
    const noop = () => undefined;
    const input: Readable = job.gzip ? pipeline(raw, tap, zlib.createGunzip(), noop) : pipeline(raw, tap, noop);
    try {
      const parsed = parseFeed(input, job.fileName, job.detected);
      meta = parsed.meta;
      for await (const batch of parsed.batches) {
        if (batch.length === 0) continue;
        yield batch[0]!.kind === 'cve' ? prepareCves(batch as CveRecord[]) : (batch as KevRecord[] | EpssRecord[] | JvnRecord[]);
      }
      result = { meta: parsed.meta, sha256: hash.digest('hex'), bytes };
    } finally {
      raw.destroy();
    }
  }
  return {
    batches: batches(),
    cancel: () => undefined,
    meta: () => meta,
    result: () => {
      if (!result) throw new Error('the feed file has not been read to its end');
      return result;
    },
  };
}

// --- worker protocol -----------------------------------------------------------------------------

/** A thrown error as it crosses the thread boundary (FeedFormatError keeps its file name, record and field). */
export type SerialisedError = { kind: 'feed'; fileName: string; detail: string; at?: FeedFormatError['at'] } | { kind: 'other'; message: string; code?: string };

export type ToWorker = { t: 'start'; id: number; job: FeedReadJob; credit: number } | { t: 'credit'; id: number } | { t: 'cancel'; id: number };

export type FromWorker =
  | { t: 'ready' }
  | { t: 'batch'; id: number; batch: ReadyBatch; meta: Partial<FeedFileMeta> }
  | { t: 'bytes'; id: number; bytes: number }
  | { t: 'end'; id: number; result: FeedReadResult }
  | { t: 'error'; id: number; error: SerialisedError };

export function serialiseError(e: unknown): SerialisedError {
  if (e instanceof FeedFormatError) return { kind: 'feed', fileName: e.fileName, detail: e.detail, ...(e.at && { at: e.at }) };
  const err = e as NodeJS.ErrnoException;
  return { kind: 'other', message: err?.message ?? String(e), ...(typeof err?.code === 'string' && { code: err.code }) };
}

function deserialiseError(e: SerialisedError): Error {
  if (e.kind === 'feed') return new FeedFormatError(e.fileName, e.detail, e.at);
  return Object.assign(new Error(e.message), e.code ? { code: e.code } : {});
}

const YOUNG_GENERATION_MB = 64;

/**
 * Batches a worker may have made ahead of the database: enough for the next file to be read while this one is written
 * (24 × 500 CVEs: some 40 MB).
 */
const CREDIT = 24;

type JobMessage = Exclude<FromWorker, { t: 'ready' }>;

/** Messages of one job, waited for one at a time. */
class Inbox {
  private readonly queue: JobMessage[] = [];
  private waiter: ((m: JobMessage) => void) | null = null;
  push(m: JobMessage): void {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w(m);
    } else {
      this.queue.push(m);
    }
  }
  next(): Promise<JobMessage> {
    const m = this.queue.shift();
    if (m) return Promise.resolve(m);
    return new Promise((resolve) => (this.waiter = resolve));
  }
}

interface ReadState {
  result: FeedReadResult | null;
  /** Set when the file is read in this thread after all. */
  local: FeedRead | null;
  meta: Partial<FeedFileMeta>;
}

/** The worker's entry, and how to start it: under tsx (this file is `.ts`) the worker registers tsx itself first. */
function spawnWorker(): Worker {
  const entry = new URL(import.meta.url.endsWith('.ts') ? './parse-worker.ts' : './parse-worker.js', import.meta.url);
  // Parsing makes short-lived objects by the million: a larger young generation halves the garbage collector's work.
  const resourceLimits = { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB };
  if (!import.meta.url.endsWith('.ts')) return new Worker(entry, { resourceLimits });
  // Node 20 does not apply the parent's `--import tsx` to a worker's entry file: the worker registers tsx's loader
  // (its ESM API: the CommonJS build resolves its hooks wrongly in a worker) before importing its entry.
  const req = createRequire(import.meta.url);
  const tsxDir = path.dirname(req.resolve('tsx/package.json'));
  const tsxPkg = JSON.parse(fs.readFileSync(path.join(tsxDir, 'package.json'), 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  const tsxApi = pathToFileURL(path.join(tsxDir, tsxPkg.exports['./esm/api']!.import.default)).href;
  const code = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(code, { eval: true, resourceLimits });
}

/**
 * One worker thread reading feed files, one after another, for one import call. Falls back to reading in this thread
 * when the worker cannot start (then, or if it dies, every later file is read here).
 */
export class FeedReaderWorker {
  private worker: Worker | null = null;
  private readonly ready: Promise<boolean>;
  private dead = false;
  private seq = 0;
  private readonly inboxes = new Map<number, Inbox>();

  constructor(private readonly onWorkerError: (err: Error) => void = () => undefined) {
    this.ready = new Promise<boolean>((resolve) => {
      let worker: Worker;
      try {
        worker = spawnWorker();
      } catch (e) {
        this.dead = true;
        this.onWorkerError(e as Error);
        resolve(false);
        return;
      }
      this.worker = worker;
      worker.on('message', (m: FromWorker) => {
        if (m.t === 'ready') resolve(true);
        else this.inboxes.get(m.id)?.push(m);
      });
      const stop = (err: Error) => {
        if (this.dead) return;
        this.dead = true;
        this.worker = null;
        this.onWorkerError(err);
        resolve(false);
        for (const [id, inbox] of this.inboxes) inbox.push({ t: 'error', id, error: { kind: 'other', message: `the feed parse worker stopped: ${err.message}` } });
      };
      worker.on('error', stop);
      worker.on('exit', (code) => stop(new Error(`exit code ${code}`)));
    });
  }

  /** Jobs started and not finished. */
  get active(): number {
    return this.inboxes.size;
  }

  /** Starts reading at once (the worker works ahead up to its credit even before `batches` is iterated). */
  read(job: FeedReadJob, onBytes: (bytes: number) => void): FeedRead {
    const state: ReadState = { result: null, local: null, meta: {} };
    const id = ++this.seq;
    const inbox = new Inbox();
    this.inboxes.set(id, inbox);
    const started = this.ready.then((ok) => {
      if (!ok || this.dead || !this.worker) {
        this.inboxes.delete(id);
        return null;
      }
      this.worker.postMessage({ t: 'start', id, job, credit: CREDIT } satisfies ToWorker);
      return this.worker;
    });
    return {
      batches: this.stream(id, inbox, started, job, onBytes, state),
      meta: () => (state.local ? state.local.meta() : state.meta),
      result: () => {
        if (state.local) return state.local.result();
        if (!state.result) throw new Error('the feed file has not been read to its end');
        return state.result;
      },
      cancel: () => {
        if (!this.inboxes.delete(id)) return;
        void started.then((w) => {
          if (w && !this.dead) w.postMessage({ t: 'cancel', id } satisfies ToWorker);
        });
      },
    };
  }

  private async *stream(id: number, inbox: Inbox, started: Promise<Worker | null>, job: FeedReadJob, onBytes: (bytes: number) => void, state: ReadState): AsyncGenerator<ReadyBatch> {
    const worker = await started;
    if (!worker) {
      state.local = readFeedInThread(job, onBytes);
      yield* state.local.batches;
      return;
    }
    try {
      for (;;) {
        const m = await inbox.next();
        if (m.t === 'bytes') onBytes(m.bytes);
        else if (m.t === 'batch') {
          state.meta = m.meta;
          yield m.batch;
          if (!this.dead) worker.postMessage({ t: 'credit', id } satisfies ToWorker);
        } else if (m.t === 'end') {
          state.result = m.result;
          state.meta = m.result.meta;
          return;
        } else {
          throw deserialiseError(m.error);
        }
      }
    } finally {
      this.inboxes.delete(id);
      if (!state.result && !this.dead) worker.postMessage({ t: 'cancel', id } satisfies ToWorker);
    }
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.dead = true;
    this.worker = null;
    if (w) await w.terminate();
  }
}

/** Worker threads for one import call; the next file is read ahead (queued behind the current one on one worker). */
export class FeedReaderPool {
  private readonly workers: FeedReaderWorker[];

  constructor(size: number, onWorkerError: (err: Error) => void) {
    let reported = false;
    const once = (err: Error) => {
      if (reported) return;
      reported = true;
      onWorkerError(err);
    };
    this.workers = Array.from({ length: size }, () => new FeedReaderWorker(once));
  }

  /** Reads on the least busy worker (one that failed to start reads in this thread). */
  read(job: FeedReadJob, onBytes: (bytes: number) => void): FeedRead {
    let best = this.workers[0]!;
    for (const w of this.workers) if (w.active < best.active) best = w;
    return best.read(job, onBytes);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
