import fs from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/**
 * The HTTP side of online feed sync: a rolling-window rate limiter, and downloads to a file with retries
 * (403 / 429 / 502 / 503 / 504 and network errors) and exponential backoff that honours Retry-After.
 * Time is injected (`SyncTimer`) so tests never wait. Secrets (the NVD API key) travel only in request headers,
 * which are never logged nor put in errors.
 */

export interface SyncTimer {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTimer: SyncTimer = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** At most `max` requests in any rolling window of `windowMs` (NVD: 5 per 30 s without a key, 50 with one). */
export class RateLimiter {
  private readonly sent: number[] = [];
  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly timer: SyncTimer,
  ) {}

  /** Waits until one more request fits in the window, then counts it. */
  async acquire(): Promise<void> {
    for (;;) {
      const now = this.timer.now();
      while (this.sent.length > 0 && this.sent[0]! <= now - this.windowMs) this.sent.shift();
      if (this.sent.length < this.max) {
        this.sent.push(now);
        return;
      }
      await this.timer.sleep(this.sent[0]! + this.windowMs - now);
    }
  }
}

/** A download that failed for good (after the retries, or at once for a non-transient status). */
export class SyncHttpError extends Error {
  constructor(
    /** What was fetched, for people: e.g. "NVD API page 3". Never contains secrets. */
    readonly label: string,
    readonly status: number | null,
    readonly attempts: number,
    detail: string,
  ) {
    super(`${label}: ${detail}`);
    this.name = 'SyncHttpError';
  }
}

/** Sent with every request (NVD and MyJVN like to know who is calling). */
const USER_AGENT = 'mamori-feed-sync/0.1';

const TRANSIENT_STATUSES = new Set([403, 429, 502, 503, 504]);

export interface DownloadOptions {
  /** For messages and logs; never put secrets here. */
  label: string;
  headers?: Record<string, string>;
  timer: SyncTimer;
  limiter?: RateLimiter;
  /** Attempts in all, first included (default 5). */
  attempts?: number;
  /** First backoff (default 2 s), doubled per attempt up to `maxDelayMs` (default 60 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Longest Retry-After honoured (default 10 min); a longer one is cut to this. */
  maxRetryAfterMs?: number;
  /** Whole request including the body (default 5 min). */
  timeoutMs?: number;
  /** Called before each retry (status null for a network error). */
  onRetry?: (info: { attempt: number; status: number | null; delayMs: number; reason: string }) => void;
  /** Called after each attempt. */
  onAttempt?: () => void;
}

export interface DownloadResult {
  status: number;
  bytes: number;
  attempts: number;
  headers: Headers;
}

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

/** Downloads `url` into `dest` (overwritten), retrying transient failures. Throws SyncHttpError when it gives up. */
export async function downloadToFile(url: string, dest: string, opts: DownloadOptions): Promise<DownloadResult> {
  const attempts = opts.attempts ?? 5;
  const base = opts.baseDelayMs ?? 2000;
  const maxDelay = opts.maxDelayMs ?? 60_000;
  const maxRetryAfter = opts.maxRetryAfterMs ?? 600_000;
  const timeoutMs = opts.timeoutMs ?? 300_000;
  let last = '';
  let lastStatus: number | null = null;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    await opts.limiter?.acquire();
    let status: number | null = null;
    let retryAfter: number | null = null;
    try {
      const res = await fetch(url, { headers: { 'user-agent': USER_AGENT, ...opts.headers }, signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
      status = res.status;
      opts.onAttempt?.();
      if (res.ok && res.body) {
        let bytes = 0;
        const counter = new Transform({
          transform(chunk: Buffer, _enc, cb) {
            bytes += chunk.length;
            cb(null, chunk);
          },
        });
        await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), counter, fs.createWriteStream(dest));
        return { status: res.status, bytes, attempts: attempt, headers: res.headers };
      }
      if (res.ok) {
        await fs.promises.writeFile(dest, '');
        return { status: res.status, bytes: 0, attempts: attempt, headers: res.headers };
      }
      await res.body?.cancel().catch(() => undefined);
      if (!TRANSIENT_STATUSES.has(res.status)) {
        throw new SyncHttpError(opts.label, res.status, attempt, `HTTP ${res.status} ${res.statusText}`.trim());
      }
      retryAfter = parseRetryAfter(res.headers.get('retry-after'), opts.timer.now());
      last = `HTTP ${res.status}`;
      lastStatus = res.status;
    } catch (e) {
      if (e instanceof SyncHttpError) throw e;
      if (status === null) opts.onAttempt?.();
      // Network error, timeout, or the body broke off: worth another try.
      last = networkReason(e);
      lastStatus = status;
    }
    if (attempt === attempts) break;
    const backoff = Math.min(maxDelay, base * 2 ** (attempt - 1));
    const delayMs = retryAfter !== null ? Math.min(maxRetryAfter, Math.max(retryAfter, 0)) : backoff;
    opts.onRetry?.({ attempt, status: lastStatus, delayMs, reason: last });
    await opts.timer.sleep(delayMs);
  }
  throw new SyncHttpError(opts.label, lastStatus, attempts, `${last}; gave up after ${attempts} attempts`);
}

function networkReason(e: unknown): string {
  if (e instanceof Error) {
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timed out';
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code) return `network error (${cause.code})`;
    return `network error (${e.message})`;
  }
  return 'network error';
}
