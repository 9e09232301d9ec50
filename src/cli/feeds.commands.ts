import type { Command } from 'commander';
import type { Runtime } from '../server/bootstrap.ts';
import { cliCaller } from '../server/context.ts';
import { feedStatus, importFeedFiles } from '../server/modules/feeds/index.ts';
import type { FeedSource } from '../shared/vulns/domain.ts';

/** What the feeds commands need from the command-line runner (src/cli/program.ts). */
export interface FeedsCliContext {
  withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T>;
  print(s: string): void;
  stderr(s: string): void;
  setExitCode(code: number): void;
}

const SOURCE_LABEL: Record<FeedSource, string> = {
  nvd: 'NVD',
  kev: 'CISA KEV',
  epss: 'FIRST EPSS',
  jvn: 'JVN iPedia',
};

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * `mamori feeds import FILE... [--force] [--json]` and `mamori feeds status [--json]`. Returns the `feeds` command so
 * that other subcommands (`feeds sync`) can be added to the same group.
 */
export function registerFeedsCommands(program: Command, ctx: FeedsCliContext): Command {
  const feeds = program.command('feeds').description('脆弱性情報フィード(NVD・KEV・EPSS・JVN)/ vulnerability feeds');

  feeds
    .command('import')
    .description('フィードファイルを取り込む(形式は自動判別、.gz 可)/ import feed files (format detected, .gz accepted)')
    .argument('<files...>', 'ファイル / files')
    .option('--force', '同じファイルでも取り込み直す / import even a file imported before')
    .option('--json', 'JSON で出力 / print JSON')
    .action(async (files: string[], opts: { force?: boolean; json?: boolean }) => {
      const tty = process.stderr.isTTY === true && !opts.json;
      let progressShown = false;
      await ctx.withRuntime(async (rt) => {
        const r = await importFeedFiles(
          rt.deps,
          cliCaller('cli:feeds-import'),
          files.map((f) => ({ path: f })),
          {
            ...(opts.force && { force: true }),
            ...(tty && {
              onProgress: (_id: string, bytes: number, size: number) => {
                progressShown = true;
                const pct = size > 0 ? Math.min(100, Math.floor((bytes / size) * 100)) : 0;
                ctx.stderr(`\r取り込み中 / importing: ${pct}% (${mb(bytes)} / ${mb(size)})   `);
              },
            }),
          },
        );
        if (progressShown) ctx.stderr('\r\x1b[K');
        const failed = r.imports.filter((i) => i.status === 'failed');
        if (opts.json) {
          ctx.print(
            JSON.stringify(
              {
                imports: r.imports.map((i) => ({ ...i, unchanged: r.unchanged[i.id] ?? 0, seconds: Number((r.seconds[i.id] ?? 0).toFixed(3)) })),
                skipped: r.skipped,
                changed: { vulns: r.outcome.changedVulnIds.length, kev: r.outcome.kevChanged.length, epss: r.outcome.epssChanged },
              },
              null,
              2,
            ),
          );
        } else {
          for (const i of r.imports) {
            const secs = (r.seconds[i.id] ?? 0).toFixed(1);
            if (i.status === 'failed') {
              ctx.stderr(`✘ ${i.fileName} (${i.format}): 取り込めませんでした / not imported — ${i.error}\n`);
              continue;
            }
            const unchanged = r.unchanged[i.id] ?? 0;
            ctx.print(
              `✔ ${i.fileName} (${i.format}): ${i.records} 件(追加 ${i.inserted}・更新 ${i.updated}・変更なし ${unchanged})、照合条件 ${i.criteria}、${secs} 秒 / ` +
                `${i.records} records (${i.inserted} new, ${i.updated} updated, ${unchanged} unchanged), ${i.criteria} criteria, ${secs} s`,
            );
          }
          for (const s of r.skipped) ctx.print(`– ${s.fileName}: 前回取り込んだファイルと同じため省略しました(--force で再取り込み)/ skipped, identical to an earlier import (use --force)`);
          if (r.outcome.changedVulnIds.length > 0 || r.outcome.kevChanged.length > 0) {
            ctx.print(`更新された脆弱性 ${r.outcome.changedVulnIds.length} 件、KEV の変更 ${r.outcome.kevChanged.length} 件 / ${r.outcome.changedVulnIds.length} vulnerabilities changed, ${r.outcome.kevChanged.length} KEV changes`);
          }
        }
        ctx.setExitCode(failed.length > 0 ? 1 : 0);
      });
    });

  feeds
    .command('status')
    .description('フィードの鮮度 / freshness of each feed')
    .option('--json', 'JSON で出力 / print JSON')
    .action(async (opts: { json?: boolean }) => {
      await ctx.withRuntime(async (rt) => {
        const s = await feedStatus(rt.deps);
        if (opts.json) {
          ctx.print(JSON.stringify(s, null, 2));
          return;
        }
        for (const x of s.sources) {
          const label = SOURCE_LABEL[x.source].padEnd(11);
          if (!x.lastImport) {
            ctx.print(`✘ ${label} 未取り込み / never imported`);
            continue;
          }
          const when = (x.lastImport.finishedAt ?? x.lastImport.startedAt).slice(0, 10);
          const mark = x.stale ? '✘' : '✔';
          const state = x.stale ? '古くなっています / stale' : '最新 / fresh';
          ctx.print(
            `${mark} ${label} ${x.records} 件、最終取り込み ${when}(${x.ageDays} 日前)${x.lastImport.watermark ? `、データ時点 ${x.lastImport.watermark}` : ''} — ${state} / ` +
              `${x.records} records, last imported ${when} (${x.ageDays} days ago)`,
          );
        }
        ctx.print(s.syncEnabled ? 'オンライン同期: 有効 / online sync: enabled' : 'オンライン同期: 無効(ファイル取り込みのみ)/ online sync: disabled (file import only)');
      });
    });

  return feeds;
}
