import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { AssessmentSummaryDto } from '../shared/contracts/assessments.contract.ts';
import { AppError } from '../shared/errors.ts';
import type { Runtime } from '../server/bootstrap.ts';
import { cliCaller } from '../server/context.ts';
import { listAssessments } from '../server/modules/assessments/index.ts';
import { exportAssessment, type ExportFormat } from '../server/modules/assessments/export/index.ts';
import { listFrameworkEntries } from '../server/modules/assessments/frameworks/index.ts';
import { getFacilityByCode } from '../server/modules/facilities/index.ts';

/** What the assessment commands need from the command-line runner (src/cli/program.ts). */
export interface AssessmentCliContext {
  withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T>;
  print(s: string): void;
  stderr(s: string): void;
  setExitCode(code: number): void;
}

interface ExportOptions {
  facility: string;
  framework: string;
  version?: string;
  vendor?: string;
  format: ExportFormat;
  out: string;
  lang: 'ja' | 'en';
}

/** A bad-input outcome: one line on standard error, exit code 2. */
class CliInputError extends Error {}

const versionOrder = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/**
 * The assessment to export: the facility's assessment of the framework — the given version, else the newest
 * (latest fiscal year, then highest version) — the hospital sheet unless --vendor names a vendor (exact name).
 */
export function pickAssessment(items: readonly AssessmentSummaryDto[], options: { version?: string | undefined; vendor?: string | undefined }): AssessmentSummaryDto | null {
  const vendor = options.vendor?.trim();
  const candidates = items
    .filter((a) => (options.version ? a.frameworkVersion === options.version : true))
    .filter((a) => (vendor ? a.vendor !== null && a.vendor.name.trim() === vendor : a.vendor === null))
    .sort((a, b) => (b.fiscalYear ?? -1) - (a.fiscalYear ?? -1) || versionOrder(b.frameworkVersion, a.frameworkVersion));
  return candidates[0] ?? null;
}

/** `mamori assessment export --facility CODE --framework ID [--version V] [--vendor NAME] --format xlsx|pdf|html --out FILE [--lang ja|en]`. */
export function registerAssessmentCommands(program: Command, ctx: AssessmentCliContext): Command {
  const assessment = program.command('assessment').description('現状調査(チェックリスト)/ assessments (checklists)');
  assessment
    .command('export')
    .description('立入検査用に書き出す(.xlsx / PDF / HTML)/ export for the on-site inspection')
    .requiredOption('--facility <code>', '施設コード / facility code')
    .requiredOption('--framework <id>', 'チェックリストの ID / framework id (mamori frameworks list)')
    .option('--version <version>', '版(省略時は最新)/ version (default: the newest)')
    .option('--vendor <name>', '事業者確認用: 事業者名 / the vendor sheet of this vendor (exact name)')
    .addOption(new Option('--format <format>', '形式 / format').choices(['xlsx', 'pdf', 'html']).makeOptionMandatory())
    .requiredOption('--out <file>', '出力ファイル / output file')
    .addOption(new Option('--lang <lang>', '言語 / language').choices(['ja', 'en']).default('ja'))
    .action(async (opts: ExportOptions) => {
      try {
        await ctx.withRuntime(async (rt) => {
          const caller = cliCaller('cli:assessment-export');
          const facility = await getFacilityByCode(rt.deps, opts.facility).catch(() => {
            throw new CliInputError(`施設 ${opts.facility} がありません / no facility with code ${opts.facility}`);
          });
          const entries = await listFrameworkEntries(rt.deps, facility.id);
          if (!entries.some((e) => e.definition.id === opts.framework)) {
            throw new CliInputError(`チェックリスト ${opts.framework} がありません / unknown framework ${opts.framework} (mamori frameworks list)`);
          }
          if (opts.version && !entries.some((e) => e.definition.id === opts.framework && e.definition.version === opts.version)) {
            throw new CliInputError(`チェックリスト ${opts.framework} に版 ${opts.version} がありません / framework ${opts.framework} has no version ${opts.version}`);
          }
          const picked = pickAssessment(await listAssessments(rt.deps, caller, facility.id, { frameworkId: opts.framework }), opts);
          if (!picked) {
            const what = `${opts.framework}${opts.version ? ` ${opts.version}` : ''}${opts.vendor ? ` (${opts.vendor})` : ''}`;
            throw new CliInputError(`${facility.code} に ${what} の現状調査がありません / no assessment of ${what} at ${facility.code}`);
          }
          const file = await exportAssessment(rt.deps, caller, picked.id, { format: opts.format, lang: opts.lang });
          const out = path.resolve(opts.out);
          try {
            fs.writeFileSync(out, file.body);
          } catch (e) {
            throw new CliInputError(`書き込めません / cannot write ${out}: ${e instanceof Error ? e.message : String(e)}`);
          }
          ctx.print(`書き出しました / written: ${out} (${file.body.length} bytes)`);
        });
      } catch (e) {
        if (e instanceof CliInputError) {
          ctx.stderr(`エラー / Error: ${e.message}\n`);
          ctx.setExitCode(2);
          return;
        }
        // Chromium or the Japanese font missing: say what to install, on one line.
        if (e instanceof AppError && e.code === 'UNAVAILABLE') {
          ctx.stderr(`エラー / Error: ${e.message}\n`);
          ctx.setExitCode(2);
          return;
        }
        throw e;
      }
    });
  return assessment;
}
