import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { canDeployment, type Actor } from '../../../shared/policy.ts';
import { FEED_SOURCES, type FeedSource } from '../../../shared/vulns/domain.ts';
import type { FeedImportDto } from '../../../shared/contracts/vulns.contract.ts';
import { cliCaller, type Caller, type Deps } from '../../context.ts';
import { recordAuditAlone } from '../../audit/audit.service.ts';
import { importFeedFiles } from './feed.service.ts';
import { downloadToFile, RateLimiter, SyncHttpError, type DownloadOptions, type SyncTimer } from './sync-http.ts';
import { detailUrl, MYJVN_DETAIL_IDS, overviewUrl, readDetailStatus, readOverview } from './sync-jvn.ts';
import { newestWatermark } from './sync.repository.ts';

/**
 * Online feed sync (`mamori feeds sync`), allowed only when the deployment says so (MAMORI_FEED_SYNC=1): hospital
 * networks are often air-gapped, and then feeds arrive as files (`mamori feeds import`).
 *
 * - NVD CVE API 2.0: pages of 2,000 (startIndex/resultsPerPage until totalResults). Incremental from the newest NVD
 *   watermark (max lastModified of the succeeded imports) to now, in lastModStartDate/lastModEndDate windows of at
 *   most 120 days; full when there is no watermark or `full` is asked. The API key goes only in the `apiKey` header.
 *   At most 5 requests per rolling 30 s without a key, 50 with one.
 * - CISA KEV JSON and FIRST EPSS csv.gz: one download each. An unchanged file is skipped by the importer (same sha256).
 * - MyJVN: getVulnOverviewList (≤ 50 per page) for the entries updated since the JVN watermark (or the last
 *   JVN_LOOKBACK_DAYS on a first or full sync; the whole history comes from the yearly jvndb_detail_YYYY.rdf files),
 *   then getVulnDetailInfo for ≤ 10 ids per call, imported as VULDEF.
 *
 * Every page is written to a temporary file and imported through `importFeedFiles` with origin `sync`, one
 * feed_imports row per file; memory stays bounded. The pages of a full sync (and of one incremental NVD window) are
 * imported together once all of them have arrived, so a failed download never advances a watermark past data that
 * was not fetched: NVD does not order its pages by lastModified. (A full NVD sync therefore needs temporary disk for
 * the whole corpus, about 2–3 GB.) A source that fails does not stop the others; the summary says what happened.
 */

export const NVD_PAGE_SIZE = 2000;
export const NVD_MAX_WINDOW_DAYS = 120;
const DAY_MS = 86_400_000;
export const JVN_LOOKBACK_DAYS = 90;

export type SyncProgress =
  | { source: FeedSource; kind: 'start'; mode: 'full' | 'incremental'; since: string | null }
  | { source: FeedSource; kind: 'download'; label: string; bytes: number; page?: number; pages?: number }
  | { source: FeedSource; kind: 'retry'; label: string; attempt: number; status: number | null; delayMs: number }
  | { source: FeedSource; kind: 'import'; files: number }
  | { source: FeedSource; kind: 'done'; result: SyncSourceResult };

export interface SyncOptions {
  sources?: FeedSource[];
  full?: boolean;
  onProgress?: (p: SyncProgress) => void;
  /** Time for rate limits and backoff (tests pass one that moves a manual clock instead of waiting). */
  timer?: SyncTimer;
  /** Where page files are written (a fresh folder under it, removed afterwards). Default: the OS temp folder. */
  tmpDir?: string;
  /** Retry tuning (attempts in all, first backoff, request timeout). */
  http?: { attempts?: number; baseDelayMs?: number; timeoutMs?: number };
}

export interface SyncSourceResult {
  source: FeedSource;
  status: 'succeeded' | 'failed';
  mode: 'full' | 'incremental';
  /** Incremental start (NVD lastModStartDate, JVN 最終更新日 start), null for a full sync. */
  since: string | null;
  /** HTTP requests made, retries included. */
  requests: number;
  files: number;
  records: number;
  inserted: number;
  updated: number;
  /** Files the importer left out because the same file was imported before (e.g. an unchanged KEV catalogue). */
  skipped: number;
  error: string | null;
  imports: FeedImportDto[];
}

export interface SyncSummary {
  startedAt: string;
  finishedAt: string;
  ok: boolean;
  sources: SyncSourceResult[];
}

/** The message when sync is switched off (shown by the CLI and the API). */
export const SYNC_DISABLED_MESSAGE =
  'オンライン同期は無効です(MAMORI_FEED_SYNC=1 で有効化)。ファイルは mamori feeds import で取り込めます。 / Online feed sync is disabled (set MAMORI_FEED_SYNC=1 to allow it); import files with `mamori feeds import`.';

let running = false;

function requireFeedsManager(caller: Caller): Actor {
  const actor = caller.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!canDeployment(actor, 'feeds.manage')) throw new AppError(actor.token ? 'TOKEN_SCOPE' : 'FORBIDDEN');
  return actor;
}

/** Runs the online sync of the given sources (all by default). */
export async function syncFeeds(deps: Deps, caller: Caller, options: SyncOptions = {}): Promise<SyncSummary> {
  requireFeedsManager(caller);
  if (!deps.config.feedSync) throw new AppError('INVALID_STATE', SYNC_DISABLED_MESSAGE, { detail: { reason: 'feed_sync_disabled' } });
  if (running) throw new AppError('INVALID_STATE', 'A feed sync is already running.', { detail: { reason: 'feed_sync_running' } });
  const timer: SyncTimer = options.timer ?? { now: () => deps.clock.now().getTime(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };
  const sources = options.sources?.length ? FEED_SOURCES.filter((s) => options.sources!.includes(s)) : [...FEED_SOURCES];
  const startedAt = deps.clock.now().toISOString();
  const results: SyncSourceResult[] = [];
  running = true;
  let dir: string | null = null;
  try {
    dir = await fs.promises.mkdtemp(path.join(options.tmpDir ?? os.tmpdir(), 'mamori-sync-'));
    for (const source of sources) {
      const run = new SourceRun(deps, caller, source, options, timer, dir);
      results.push(await run.execute());
    }
  } finally {
    running = false;
    if (dir) await fs.promises.rm(dir, { recursive: true, force: true });
  }
  const summary: SyncSummary = { startedAt, finishedAt: deps.clock.now().toISOString(), ok: results.every((r) => r.status === 'succeeded'), sources: results };
  await recordAuditAlone(deps, caller, {
    facilityId: null,
    entityType: 'deployment',
    entityId: null,
    action: 'feeds.sync',
    after: {
      full: options.full === true,
      sources: results.map((r) => ({ source: r.source, status: r.status, mode: r.mode, since: r.since, requests: r.requests, files: r.files, skipped: r.skipped, records: r.records, error: r.error })),
    },
  });
  return summary;
}

/**
 * The daily scheduled sync (register in src/server/jobs/scheduler.ts, e.g. every 24 h, first run a few minutes after
 * start). Does nothing when MAMORI_FEED_SYNC is off or a sync is already running; never throws.
 */
export async function syncJob(deps: Deps): Promise<SyncSummary | null> {
  if (!deps.config.feedSync || running) return null;
  try {
    return await syncFeeds(deps, cliCaller('system:feed-sync'), {});
  } catch (err) {
    deps.logger.error({ err }, 'scheduled feed sync failed');
    return null;
  }
}

/** One source of one sync run. */
class SourceRun {
  readonly result: SyncSourceResult;
  /** Downloaded, not yet imported. */
  private files: { path: string; name: string }[] = [];
  private fileSeq = 0;

  constructor(
    private readonly deps: Deps,
    private readonly caller: Caller,
    readonly source: FeedSource,
    private readonly options: SyncOptions,
    private readonly timer: SyncTimer,
    private readonly dir: string,
  ) {
    this.result = { source, status: 'succeeded', mode: 'full', since: null, requests: 0, files: 0, records: 0, inserted: 0, updated: 0, skipped: 0, error: null, imports: [] };
  }

  private progress(p: SyncProgress): void {
    this.options.onProgress?.(p);
  }

  async execute(): Promise<SyncSourceResult> {
    const log = this.deps.logger;
    try {
      if (this.source === 'nvd') await this.nvd();
      else if (this.source === 'kev') await this.single(this.deps.config.kevUrl, 'known_exploited_vulnerabilities.json', 'CISA KEV');
      else if (this.source === 'epss') await this.single(this.deps.config.epssUrl, 'epss_scores-current.csv.gz', 'FIRST EPSS');
      else await this.jvn();
      await this.importPending();
      log.info({ source: this.source, mode: this.result.mode, requests: this.result.requests, files: this.result.files, records: this.result.records }, 'feed sync succeeded');
    } catch (e) {
      this.result.status = 'failed';
      this.result.error = e instanceof Error ? e.message : String(e);
      log.warn({ source: this.source, error: this.result.error }, 'feed sync failed');
    }
    this.progress({ source: this.source, kind: 'done', result: this.result });
    return this.result;
  }

  private download(url: string, fileName: string, label: string, extra: Partial<DownloadOptions> = {}, page?: { page: number; pages?: number }) {
    const dest = path.join(this.dir, `${++this.fileSeq}-${fileName}`);
    const http = this.options.http ?? {};
    const opts: DownloadOptions = {
      label,
      timer: this.timer,
      ...(http.attempts !== undefined && { attempts: http.attempts }),
      ...(http.baseDelayMs !== undefined && { baseDelayMs: http.baseDelayMs }),
      ...(http.timeoutMs !== undefined && { timeoutMs: http.timeoutMs }),
      ...extra,
      onAttempt: () => {
        this.result.requests++;
      },
      onRetry: (info) => {
        this.deps.logger.info({ source: this.source, label, attempt: info.attempt, status: info.status, delayMs: info.delayMs, reason: info.reason }, 'feed sync retry');
        this.progress({ source: this.source, kind: 'retry', label, attempt: info.attempt, status: info.status, delayMs: info.delayMs });
      },
    };
    return downloadToFile(url, dest, opts).then((r) => {
      this.progress({ source: this.source, kind: 'download', label, bytes: r.bytes, ...page });
      return { ...r, dest };
    });
  }

  private async single(url: string, fileName: string, label: string): Promise<void> {
    this.progress({ source: this.source, kind: 'start', mode: 'full', since: null });
    const r = await this.download(url, fileName, label);
    this.files.push({ path: r.dest, name: fileName });
  }

  // --- NVD ---------------------------------------------------------------------------------------

  private async nvd(): Promise<void> {
    const config = this.deps.config;
    const key = config.nvdApiKey;
    const limiter = new RateLimiter(key ? 50 : 5, 30_000, this.timer);
    const headers: Record<string, string> = key ? { apiKey: key } : {};
    const watermark = this.options.full ? null : await newestWatermark(this.deps.db, 'nvd');
    const now = this.timer.now();
    const windows: ({ start: number; end: number } | null)[] = [];
    const since = watermark ? parseNvdTime(watermark) : null;
    if (since === null) {
      windows.push(null);
      this.result.mode = 'full';
    } else {
      this.result.mode = 'incremental';
      const from = Math.min(since, now);
      this.result.since = new Date(from).toISOString();
      windows.push(...splitWindows(from, now, NVD_MAX_WINDOW_DAYS));
    }
    this.progress({ source: 'nvd', kind: 'start', mode: this.result.mode, since: this.result.since });
    let page = 0;
    for (const w of windows) {
      let startIndex = 0;
      for (;;) {
        const u = new URL(config.nvdApiUrl);
        if (w) {
          u.searchParams.set('lastModStartDate', nvdDate(w.start));
          u.searchParams.set('lastModEndDate', nvdDate(w.end));
        }
        u.searchParams.set('resultsPerPage', String(NVD_PAGE_SIZE));
        u.searchParams.set('startIndex', String(startIndex));
        page++;
        const tag = w ? `${compactDate(w.start)}-${compactDate(w.end)}` : 'full';
        const name = `nvd-api-${tag}-${String(startIndex).padStart(7, '0')}.json`;
        const r = await this.download(u.toString(), name, `NVD API page ${page}`, { headers, limiter }, { page });
        this.files.push({ path: r.dest, name });
        const env = await readNvdEnvelope(r.dest);
        if (!env) throw new Error(`NVD API page ${page}: the response has no totalResults (not an NVD CVE API 2.0 response)`);
        const step = env.resultsPerPage > 0 ? env.resultsPerPage : 0;
        startIndex = env.startIndex + step;
        if (step === 0 || startIndex >= env.totalResults) break;
      }
      // Incremental windows are chronological: importing each one as it completes keeps the temporary files small
      // and cannot move the watermark past a window that has not been fetched yet.
      if (w) await this.importPending();
    }
  }

  // --- JVN ---------------------------------------------------------------------------------------

  private async jvn(): Promise<void> {
    const config = this.deps.config;
    // MyJVN has no formal limit but asks for no bursts: one request per second on average.
    const limiter = new RateLimiter(5, 5_000, this.timer);
    const watermark = this.options.full ? null : await newestWatermark(this.deps.db, 'jvn');
    const todayJst = jstDate(this.timer.now());
    const wm = watermark ? Date.parse(watermark) : Number.NaN;
    let since: string;
    if (Number.isNaN(wm)) {
      this.result.mode = 'full';
      since = jstDate(this.timer.now() - JVN_LOOKBACK_DAYS * DAY_MS);
    } else {
      this.result.mode = 'incremental';
      since = jstDate(Math.min(wm, this.timer.now()));
    }
    this.result.since = since;
    this.progress({ source: 'jvn', kind: 'start', mode: this.result.mode, since });
    const ids: string[] = [];
    let startItem = 1;
    let page = 0;
    for (;;) {
      page++;
      const r = await this.download(overviewUrl(config.jvnApiUrl, startItem, since, todayJst), `jvn-overview-${startItem}.xml`, `MyJVN overview page ${page}`, { limiter }, { page });
      let overview: Awaited<ReturnType<typeof readOverview>>;
      try {
        overview = await readOverview(r.dest);
      } catch (e) {
        throw new Error(`MyJVN overview page ${page}: not a MyJVN response (${e instanceof Error ? e.message : String(e)})`);
      }
      const st = overview.status;
      if (st?.retCd === '1') throw new Error(`MyJVN overview page ${page}: error ${st.errCd ?? ''} ${st.errMsg ?? ''}`.trim());
      for (const id of overview.ids) if (!ids.includes(id)) ids.push(id);
      const got = st?.totalResRet ?? overview.ids.length;
      const total = st?.totalRes ?? 0;
      if (got <= 0) break;
      startItem = (st?.firstRes ?? startItem) + got;
      if (startItem > total) break;
    }
    const groups = Math.ceil(ids.length / MYJVN_DETAIL_IDS);
    for (let g = 0; g < groups; g++) {
      const batch = ids.slice(g * MYJVN_DETAIL_IDS, (g + 1) * MYJVN_DETAIL_IDS);
      const name = `jvn-detail-${String(g + 1).padStart(4, '0')}.xml`;
      const r = await this.download(detailUrl(config.jvnApiUrl, batch), name, `MyJVN details ${g + 1}/${groups}`, { limiter }, { page: g + 1, pages: groups });
      const st = await readDetailStatus(r.dest);
      if (st?.retCd === '1') throw new Error(`MyJVN details ${g + 1}/${groups}: error ${st.errCd ?? ''} ${st.errMsg ?? ''}`.trim());
      this.files.push({ path: r.dest, name });
    }
  }

  // --- import ------------------------------------------------------------------------------------

  /** Imports the files downloaded so far (one feed_imports row each), then deletes them. */
  private async importPending(): Promise<void> {
    const files = this.files;
    this.files = [];
    if (files.length === 0) return;
    this.result.files += files.length;
    this.progress({ source: this.source, kind: 'import', files: files.length });
    const out = await importFeedFiles(this.deps, this.caller, files, { origin: 'sync' });
    await Promise.all(files.map((f) => fs.promises.rm(f.path, { force: true })));
    this.result.imports.push(...out.imports);
    this.result.skipped += out.skipped.length;
    for (const i of out.imports) {
      this.result.records += i.records;
      this.result.inserted += i.inserted;
      this.result.updated += i.updated;
    }
    const failed = out.imports.find((i) => i.status === 'failed');
    if (failed) throw new Error(`import of ${failed.fileName} failed: ${failed.error ?? 'unknown error'}`);
  }
}

// --- helpers ---------------------------------------------------------------------------------------

/** NVD timestamps: `2025-04-03T12:00:00.000` is UTC without a zone; one with a zone is read as given. */
export function parseNvdTime(s: string): number | null {
  const t = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(s) ? s : `${s}Z`);
  return Number.isNaN(t) ? null : t;
}

/** `2024-01-01T00:00:00.000+00:00`: the extended ISO-8601 form the NVD API documents. */
export function nvdDate(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

function compactDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');
}

/** Consecutive windows [start, end] covering `from`…`to`, none longer than `maxDays`. */
export function splitWindows(from: number, to: number, maxDays: number): { start: number; end: number }[] {
  const max = maxDays * DAY_MS;
  const out: { start: number; end: number }[] = [];
  let s = from;
  do {
    const e = Math.min(s + max, to);
    out.push({ start: s, end: e });
    s = e;
  } while (s < to);
  return out;
}

/** The JST calendar date of an instant. */
function jstDate(ms: number): string {
  return new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);
}

/** The paging fields of an NVD API response, read from the head of the file (the envelope precedes the records). */
export async function readNvdEnvelope(file: string): Promise<{ totalResults: number; startIndex: number; resultsPerPage: number } | null> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const { size } = await fh.stat();
    const read = async (pos: number, len: number) => {
      const buf = Buffer.alloc(len);
      const { bytesRead } = await fh.read(buf, 0, len, pos);
      return buf.subarray(0, bytesRead).toString('utf8');
    };
    const headLen = Math.min(size, 8192);
    const head = await read(0, headLen);
    // The envelope's numbers sit before "vulnerabilities" (NVD's order) — or after it, then at the tail.
    const beforeRecords = head.split('"vulnerabilities"')[0]!;
    const tail = size > headLen ? await read(size - 8192, 8192) : head;
    const num = (key: string): number | null => {
      const re = new RegExp(`"${key}"\\s*:\\s*(\\d+)`);
      const m = re.exec(beforeRecords) ?? re.exec(tail.slice(tail.lastIndexOf(']')));
      return m ? Number(m[1]) : null;
    };
    const totalResults = num('totalResults');
    if (totalResults === null) return null;
    return { totalResults, startIndex: num('startIndex') ?? 0, resultsPerPage: num('resultsPerPage') ?? 0 };
  } finally {
    await fh.close();
  }
}

export { SyncHttpError };
