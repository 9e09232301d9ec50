import { type Command, InvalidArgumentError } from 'commander';
import type { Runtime } from '../server/bootstrap.ts';
import { cliCaller } from '../server/context.ts';
import { SYNC_DISABLED_MESSAGE, syncFeeds, type SyncProgress, type SyncSourceResult } from '../server/modules/feeds/sync.ts';
import { AppError } from '../shared/errors.ts';
import { FEED_SOURCES, type FeedSource } from '../shared/vulns/domain.ts';

/** What `feeds sync` needs from the command-line runner (src/cli/program.ts). */
export interface FeedsSyncCliContext {
  withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T>;
  print(s: string): void;
  stderr(s: string): void;
  setExitCode(code: number): void;
}

const LABEL: Record<FeedSource, string> = { nvd: 'NVD', kev: 'CISA KEV', epss: 'FIRST EPSS', jvn: 'JVN iPedia' };

function parseSources(value: string): FeedSource[] {
  const list = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const bad = list.filter((s) => !(FEED_SOURCES as readonly string[]).includes(s));
  if (bad.length > 0 || list.length === 0) throw new InvalidArgumentError(`${FEED_SOURCES.join(', ')} のいずれか(カンマ区切り)/ one or more of ${FEED_SOURCES.join(', ')} (comma-separated)`);
  return list as FeedSource[];
}

function kb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** One line per progress event, Japanese first. */
export function progressLine(p: SyncProgress): string {
  const l = LABEL[p.source];
  switch (p.kind) {
    case 'start':
      return p.mode === 'incremental' ? `${l}: ${p.since} 以降の更新を取得します / fetching changes since ${p.since}` : `${l}: 全件を取得します / full download`;
    case 'download':
      return `${l}: ${p.label} を受信 (${kb(p.bytes)})${p.pages ? ` ${p.page}/${p.pages}` : ''} / received`;
    case 'retry': {
      const secs = Math.ceil(p.delayMs / 1000);
      const [ja, en] = p.status === null ? ['通信エラー', 'network error'] : [`HTTP ${p.status}`, `HTTP ${p.status}`];
      return `${l}: ${p.label} — ${ja}、${secs} 秒後に再試行(${p.attempt + 1} 回目)/ ${en}, retrying in ${secs} s (attempt ${p.attempt + 1})`;
    }
    case 'import':
      return `${l}: ${p.files} ファイルを取り込みます / importing ${p.files} files`;
    case 'done':
      return resultLine(p.result);
  }
}

function resultLine(r: SyncSourceResult): string {
  const l = LABEL[r.source];
  if (r.status === 'failed') return `✘ ${l}: 失敗しました / failed — ${r.error}`;
  const skipped = r.skipped > 0 ? `、前回と同じため省略 ${r.skipped} / ${r.skipped} unchanged skipped` : '';
  return (
    `✔ ${l}: ${r.records} 件(追加 ${r.inserted}・更新 ${r.updated})、${r.files} ファイル、${r.requests} リクエスト${skipped} / ` +
    `${r.records} records (${r.inserted} new, ${r.updated} updated), ${r.files} files, ${r.requests} requests`
  );
}

/** `mamori feeds sync [--source nvd,kev,epss,jvn] [--full] [--json]`, added to the `feeds` group. */
export function registerFeedsSyncCommand(program: Command, ctx: FeedsSyncCliContext): void {
  const feeds = program.commands.find((c) => c.name() === 'feeds') ?? program.command('feeds').description('脆弱性情報フィード / vulnerability feeds');
  feeds
    .command('sync')
    .description('フィードをオンラインで取得して取り込む(MAMORI_FEED_SYNC=1 のときのみ)/ fetch and import the feeds online (only with MAMORI_FEED_SYNC=1)')
    .option('--source <list>', `取得するフィード / feeds to fetch: ${FEED_SOURCES.join(',')}`, parseSources)
    .option('--full', '差分ではなく全件を取得 / fetch everything, not just the changes')
    .option('--json', 'JSON で出力 / print JSON')
    .action(async (opts: { source?: FeedSource[]; full?: boolean; json?: boolean }) => {
      await ctx.withRuntime(async (rt) => {
        try {
          const summary = await syncFeeds(rt.deps, cliCaller('cli:feeds-sync'), {
            ...(opts.source && { sources: opts.source }),
            ...(opts.full && { full: true }),
            ...(!opts.json && { onProgress: (p: SyncProgress) => (p.kind === 'done' && p.result.status === 'failed' ? ctx.stderr(`${progressLine(p)}\n`) : ctx.print(progressLine(p))) }),
          });
          if (opts.json) ctx.print(JSON.stringify(summary, null, 2));
          else ctx.print(summary.ok ? '同期が完了しました / sync finished' : '一部のフィードを取得できませんでした / some feeds could not be synced');
          ctx.setExitCode(summary.ok ? 0 : 1);
        } catch (e) {
          if (e instanceof AppError && e.detail?.reason === 'feed_sync_disabled') {
            ctx.stderr(`${SYNC_DISABLED_MESSAGE}\n`);
            ctx.setExitCode(2);
            return;
          }
          throw e;
        }
      });
    });
}
