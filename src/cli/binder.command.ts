import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { AppError, ERROR_MESSAGES } from '../shared/errors.ts';
import type { Runtime } from '../server/bootstrap.ts';
import { cliCaller } from '../server/context.ts';
import { getFacilityByCode } from '../server/modules/facilities/index.ts';
import { generateBinder } from '../server/modules/resilience/index.ts';

/** What the command needs from the command-line runner (src/cli/program.ts); only `deps` of the runtime is used. */
export interface BinderCliContext {
  withRuntime<T>(fn: (rt: Pick<Runtime, 'deps'>) => Promise<T>): Promise<T>;
  print(s: string): void;
  stderr(s: string): void;
  setExitCode(code: number): void;
}

/**
 * `mamori binder --facility CODE --out FILE.pdf|FILE.html [--lang ja|en]`: writes the emergency binder (緊急時バインダー)
 * of a facility, as PDF or as the self-contained HTML for a USB stick (the format follows the file's extension), and
 * records the copy (binder_prints, with no user) like a download from the web. Exit code 0 on success; 2 for another
 * extension, an unknown facility, or a PDF that cannot be made here (Chromium or a Japanese font missing).
 */
export function registerBinderCommand(program: Command, ctx: BinderCliContext): Command {
  return program
    .command('binder')
    .description('緊急時バインダー(PDF または USB 用の HTML)を書き出す / write the emergency binder (PDF, or HTML for a USB stick)')
    .requiredOption('--facility <code>', '施設コード / facility code')
    .requiredOption('--out <file>', '出力ファイル(.pdf または .html)/ output file (.pdf or .html)')
    .option('--lang <lang>', '言語 ja|en / language ja|en', 'ja')
    .action(async (opts: { facility: string; out: string; lang: string }) => {
      const ext = path.extname(opts.out).toLowerCase();
      const format = ext === '.pdf' ? 'pdf' : ext === '.html' || ext === '.htm' ? 'html' : null;
      if (!format) {
        ctx.stderr(`出力ファイルの拡張子は .pdf か .html にしてください: ${opts.out} / the output file must end in .pdf or .html\n`);
        ctx.setExitCode(2);
        return;
      }
      if (opts.lang !== 'ja' && opts.lang !== 'en') {
        ctx.stderr(`--lang は ja か en です: ${opts.lang} / --lang must be ja or en\n`);
        ctx.setExitCode(2);
        return;
      }
      const lang = opts.lang;
      await ctx.withRuntime(async (rt) => {
        let facilityId: string;
        try {
          facilityId = (await getFacilityByCode(rt.deps, opts.facility)).id;
        } catch (e) {
          if (!(e instanceof AppError && e.code === 'NOT_FOUND')) throw e;
          ctx.stderr(`施設 ${opts.facility} がありません / no facility with code ${opts.facility}\n`);
          ctx.setExitCode(2);
          return;
        }
        // Open the output first: a path that cannot be written must not leave a recorded copy that does not exist.
        let fd: number;
        try {
          fd = fs.openSync(opts.out, 'w');
        } catch (e) {
          ctx.stderr(`書き込めません / cannot write ${opts.out}: ${(e as Error).message}\n`);
          ctx.setExitCode(2);
          return;
        }
        try {
          const file = await generateBinder(rt.deps, cliCaller('cli:binder'), facilityId, { format, lang });
          fs.writeSync(fd, file.body);
          ctx.print(`緊急時バインダーを書き出しました / emergency binder written: ${opts.out} (${file.code}, ${file.body.length} bytes)`);
          ctx.setExitCode(0);
        } catch (e) {
          fs.closeSync(fd);
          fd = -1;
          fs.rmSync(opts.out, { force: true });
          if (!(e instanceof AppError && e.code === 'UNAVAILABLE')) throw e;
          const m = ERROR_MESSAGES.UNAVAILABLE;
          ctx.stderr(`${m.ja} / ${m.en}: ${e.message}\n`);
          ctx.setExitCode(2);
        } finally {
          if (fd >= 0) fs.closeSync(fd);
        }
      });
    });
}
