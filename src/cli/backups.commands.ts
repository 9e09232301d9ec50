import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { formatDateTime } from '../shared/dates.ts';
import { BACKUP_MEDIUM_LABELS, BACKUP_RUN_STATUS_LABELS, renderBackupFinding, renderFreshness, type BackupMedium } from '../shared/resilience/backup.ts';
import type { Runtime } from '../server/bootstrap.ts';
import { cliCaller } from '../server/context.ts';
import { CliInputError, facilityByCode, guardInput } from './cli-input.ts';
import { backupOverviewOf, backupPlansOf, importBackupRuns } from '../server/modules/resilience/index.ts';

/** What the backup commands need from the command-line runner (src/cli/program.ts). */
export interface BackupsCliContext {
  withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T>;
  print(s: string): void;
  stderr(s: string): void;
  setExitCode(code: number): void;
}


/**
 * `mamori backups import --facility CODE FILE.csv [--dry-run] [--json]` (backup results from the backup software's CSV)
 * and `mamori backups status --facility CODE [--json]` (coverage findings and freshness, in Japanese and English).
 * `status` exits 1 when there are findings or stale copies (for monitoring), 0 otherwise.
 */
export function registerBackupsCommands(program: Command, ctx: BackupsCliContext): Command {
  const backups = program.command('backups').description('バックアップ / backups');

  const facilityOf = facilityByCode;
  const guarded = (fn: () => Promise<void>) => guardInput(ctx, fn);

  backups
    .command('import')
    .description('バックアップ結果を CSV から取り込む(同じファイルを再度取り込んでも変わりません)/ import backup results from a CSV file (importing it again changes nothing)')
    .argument('<file>', 'CSV ファイル(UTF-8 または Shift_JIS)/ CSV file (UTF-8 or Shift_JIS)')
    .requiredOption('--facility <code>', '施設コード / facility code')
    .option('--dry-run', '確認のみで書き込まない / preview only, write nothing')
    .option('--json', 'JSON で出力 / print JSON')
    .action(async (file: string, opts: { facility: string; dryRun?: boolean; json?: boolean }) =>
      guarded(async () => {
        const bytes = await readFile(file).catch(() => {
          throw new CliInputError(`ファイルを読めません / cannot read ${file}`);
        });
        await ctx.withRuntime(async (rt) => {
          const facility = await facilityOf(rt, opts.facility);
          const result = await importBackupRuns(rt.deps, cliCaller('cli:backups-import'), facility.id, bytes, { fileName: basename(file), dryRun: opts.dryRun === true });
          const errors = [...result.fileErrors, ...result.items.flatMap((r) => r.errors)];
          if (opts.json) ctx.print(JSON.stringify(result, null, 2));
          else {
            ctx.print(
              `${result.committed ? '取り込みました / imported' : opts.dryRun ? '確認結果 / preview' : '取り込みませんでした / not imported'}: ` +
                `${result.rows}行 / rows — 新規 / new ${result.create}, 登録済み / already recorded ${result.duplicate}, エラー / errors ${result.errorRows}`,
            );
            for (const e of errors) ctx.print(`  ${e.row !== undefined ? `${e.row}行目 / row ${e.row} ` : ''}[${e.path}] ${e.message}${e.value !== undefined ? `: ${e.value}` : ''}`);
          }
          if (errors.length > 0) ctx.setExitCode(1);
        });
      }),
    );

  backups
    .command('status')
    .description('バックアップの網羅性と鮮度 / backup coverage and freshness')
    .requiredOption('--facility <code>', '施設コード / facility code')
    .option('--json', 'JSON で出力 / print JSON')
    .action(async (opts: { facility: string; json?: boolean }) =>
      guarded(async () => {
        await ctx.withRuntime(async (rt) => {
          const facility = await facilityOf(rt, opts.facility);
          const now = rt.deps.clock.now();
          const overview = await backupOverviewOf(rt.deps, rt.deps.db, facility.id, now);
          const plans = await backupPlansOf(rt.deps, rt.deps.db, facility.id, now);
          const byId = new Map(plans.map((p) => [p.plan.id, p]));
          const warnings = overview.freshnessWarnings.map((w) => {
            const p = byId.get(w.planId)!;
            return { ...w, ja: renderFreshness(p.plan, p.freshness, 'ja'), en: renderFreshness(p.plan, p.freshness, 'en') };
          });
          const findings = overview.findings.map((f) => ({ ...f, ja: renderBackupFinding(f, 'ja'), en: renderBackupFinding(f, 'en') }));
          if (opts.json) {
            ctx.print(
              JSON.stringify(
                {
                  facility: facility.code,
                  asOf: overview.asOf,
                  counts: overview.counts,
                  findings,
                  warnings,
                  plans: plans.map((p) => ({
                    id: p.plan.id,
                    system: p.plan.systemName,
                    label: p.label,
                    medium: p.plan.medium,
                    offline: p.offline,
                    state: p.freshness.state,
                    lastSuccessAt: p.freshness.lastSuccessAt,
                    lastRunStatus: p.lastRunStatus,
                  })),
                },
                null,
                2,
              ),
            );
          } else {
            const c = overview.counts;
            ctx.print(`${facility.name} (${facility.code}) — ${formatDateTime(overview.asOf, 'ja')}`);
            ctx.print(`計画 / plans: ${c.plans} (オフライン / offline ${c.offlinePlans}), 成功が途絶えている / stale ${c.stalePlans}, 未成功 / never ${c.neverPlans}`);
            ctx.print(`重要システム / critical systems: ${c.criticalSystems}, 問題なし / covered ${c.coveredSystems}`);
            if (findings.length === 0 && warnings.length === 0) ctx.print('問題は見つかりませんでした / no problems found');
            // Copies that stopped succeeding first (a stale offline copy is the worst news), then the coverage gaps.
            for (const w of warnings) ctx.print(`  ! ${w.ja}\n    ${w.en}`);
            for (const f of findings) ctx.print(`  ! ${f.ja}\n    ${f.en}`);
            for (const p of plans) {
              const medium = BACKUP_MEDIUM_LABELS[p.plan.medium as BackupMedium];
              const last = p.freshness.lastSuccessAt ? formatDateTime(p.freshness.lastSuccessAt, 'ja') : '—';
              const status = p.lastRunStatus ? BACKUP_RUN_STATUS_LABELS[p.lastRunStatus as keyof typeof BACKUP_RUN_STATUS_LABELS] : null;
              ctx.print(`  - ${p.plan.systemName} ${p.label ?? ''} [${medium.ja} / ${medium.en}${p.offline ? ', オフライン / offline' : ''}] 最終成功 / last success: ${last}${status ? `, 最終結果 / last run: ${status.ja} / ${status.en}` : ''}`);
            }
          }
          if (findings.length > 0 || warnings.length > 0) ctx.setExitCode(1);
        });
      }),
    );
  return backups;
}
