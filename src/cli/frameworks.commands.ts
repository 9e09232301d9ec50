import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { formatFiscalYear } from '../shared/dates.ts';
import { AppError } from '../shared/errors.ts';
import type { FrameworkSheet } from '../shared/assessments/framework.ts';
import type { FrameworkSummaryDto } from '../shared/contracts/assessments.contract.ts';
import type { Runtime } from '../server/bootstrap.ts';
import { cliCaller } from '../server/context.ts';
import { getFacilityByCode, listGroups } from '../server/modules/facilities/index.ts';
import {
  builtinFrameworks,
  createFacilityFramework,
  createGroupFramework,
  FrameworkLoadError,
  formatFrameworkIssue,
  frameworkXlsxTemplate,
  listFrameworks,
  summarizeFramework,
  validateBytes,
  type FrameworkIssue,
} from '../server/modules/assessments/frameworks/index.ts';

/** What the frameworks commands need from the command-line runner (src/cli/program.ts). */
export interface FrameworksCliContext {
  withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T>;
  print(s: string): void;
  stderr(s: string): void;
  setExitCode(code: number): void;
}

const SHEET_LABEL: Record<FrameworkSheet, string> = { hospital: '医療機関確認用', vendor: '事業者確認用', general: '一般' };

function row(s: FrameworkSummaryDto): string {
  const owner = s.owner.type === 'builtin' ? '' : s.owner.type === 'facility' ? '\t施設独自 / facility' : '\t法人共通 / group';
  return [s.id, s.version, s.title.ja, s.fiscalYear === null ? '-' : formatFiscalYear(s.fiscalYear, 'ja'), SHEET_LABEL[s.sheet], `${s.items} 項目`, `未確認 ${s.unverifiedItems}`].join('\t') + owner;
}

/** A broken shipped framework: every issue on its own line, exit 1. */
function reportLoadError(ctx: FrameworksCliContext, e: unknown): boolean {
  if (!(e instanceof FrameworkLoadError)) return false;
  for (const i of e.issues) ctx.stderr(`${formatFrameworkIssue(i)}\n`);
  ctx.stderr(`同梱のフレームワークに誤りがあります / the shipped frameworks have ${e.issues.length} problem(s)\n`);
  ctx.setExitCode(1);
  return true;
}

/**
 * `mamori frameworks list [--facility CODE] [--json]`, `mamori frameworks validate FILE... [--json]`,
 * `mamori frameworks import (--facility CODE | --group CODE) FILE`, `mamori frameworks template --out FILE`.
 */
export function registerFrameworksCommands(program: Command, ctx: FrameworksCliContext): Command {
  const frameworks = program.command('frameworks').description('チェックリスト(フレームワーク)/ checklist frameworks');

  frameworks
    .command('list')
    .description('フレームワークの一覧 / list the frameworks')
    .option('--facility <code>', '施設独自・法人共通のものも含める / include the facility’s and its groups’ own')
    .option('--json', 'JSON で出力 / print JSON')
    .action(async (opts: { facility?: string; json?: boolean }) => {
      let items: FrameworkSummaryDto[];
      try {
        if (opts.facility) {
          const code = opts.facility;
          items = await ctx.withRuntime(async (rt) => listFrameworks(rt.deps, cliCaller(), { facilityId: (await getFacilityByCode(rt.deps, code)).id }));
        } else items = builtinFrameworks().map(summarizeFramework);
      } catch (e) {
        if (reportLoadError(ctx, e)) return;
        throw e;
      }
      if (opts.json) ctx.print(JSON.stringify(items, null, 2));
      else for (const s of items) ctx.print(row(s));
    });

  frameworks
    .command('validate')
    .description('YAML または .xlsx のフレームワークを検証(保存しない)/ validate YAML or .xlsx framework files (nothing is stored)')
    .argument('<files...>', 'ファイル / files')
    .option('--json', 'JSON で出力 / print JSON')
    .action(async (files: string[], opts: { json?: boolean }) => {
      const results: { file: string; ok: boolean; issues: FrameworkIssue[]; summary: FrameworkSummaryDto | null }[] = [];
      for (const file of files) {
        let bytes: Buffer;
        try {
          bytes = fs.readFileSync(file);
        } catch {
          results.push({ file, ok: false, issues: [{ file, line: null, key: '', code: 'unreadable_file', message: 'cannot read the file' }], summary: null });
          continue;
        }
        results.push({ file, ...(await validateBytes(bytes, file)) });
      }
      if (opts.json) ctx.print(JSON.stringify(results, null, 2));
      else {
        for (const r of results) {
          if (r.ok && r.summary) ctx.print(`✔ ${r.file}: ${r.summary.id} ${r.summary.version} — ${r.summary.items} 項目 / items (未確認 / unverified ${r.summary.unverifiedItems})`);
          else for (const i of r.issues) ctx.print(formatFrameworkIssue(i));
        }
        const failed = results.filter((r) => !r.ok).length;
        if (failed > 0) ctx.stderr(`${failed} / ${results.length} ファイルに誤りがあります / ${failed} of ${results.length} file(s) failed\n`);
      }
      ctx.setExitCode(results.every((r) => r.ok) ? 0 : 1);
    });

  frameworks
    .command('import')
    .description('施設独自・法人共通のフレームワークを追加 / add a facility’s or a group’s own framework')
    .argument('<file>', 'YAML または .xlsx / YAML or .xlsx file')
    .option('--facility <code>', '施設コード / facility code')
    .option('--group <code>', '法人・グループのコード / group code')
    .option('--json', 'JSON で出力 / print JSON')
    .action(async (file: string, opts: { facility?: string; group?: string; json?: boolean }) => {
      if (!opts.facility === !opts.group) throw new AppError('BAD_REQUEST', 'give exactly one of --facility or --group');
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(file);
      } catch {
        throw new AppError('BAD_REQUEST', `cannot read ${file}`);
      }
      await ctx.withRuntime(async (rt) => {
        const caller = cliCaller('cli:frameworks-import');
        try {
          let detail;
          if (opts.facility) {
            detail = await createFacilityFramework(rt.deps, caller, (await getFacilityByCode(rt.deps, opts.facility)).id, bytes, path.basename(file));
          } else {
            const group = (await listGroups(rt.deps, caller)).find((g) => g.code === opts.group);
            if (!group) throw new AppError('NOT_FOUND', `group ${opts.group} not found`);
            detail = await createGroupFramework(rt.deps, caller, group.id, bytes, path.basename(file));
          }
          const s = detail.summary;
          if (opts.json) ctx.print(JSON.stringify(s, null, 2));
          else ctx.print(`追加しました / added: ${s.id} ${s.version} ${s.title.ja} — ${s.items} 項目 / items`);
        } catch (e) {
          const issues = e instanceof AppError ? (e.detail?.frameworkIssues as FrameworkIssue[] | undefined) : undefined;
          if (!issues) throw e;
          for (const i of issues) ctx.stderr(`${formatFrameworkIssue({ ...i, file })}\n`);
          ctx.stderr(`追加しませんでした (${issues.length} 件の誤り) / nothing added (${issues.length} problems)\n`);
          ctx.setExitCode(1);
        }
      });
    });

  frameworks
    .command('template')
    .description('独自フレームワーク用の Excel ひな形 / the .xlsx template for an own framework')
    .requiredOption('--out <file>', '出力ファイル / output file')
    .action(async (opts: { out: string }) => {
      fs.writeFileSync(opts.out, await frameworkXlsxTemplate());
      ctx.print(`書き出しました / written: ${opts.out}`);
    });

  return frameworks;
}
