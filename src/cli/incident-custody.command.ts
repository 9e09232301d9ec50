import type { Command } from 'commander';
import { CUSTODY_BREAK_REASON_LABELS, CUSTODY_FIELD_LABELS, type CustodyBreakDto } from '../shared/contracts/incident-evidence.contract.ts';
import { AppError } from '../shared/errors.ts';
import type { Runtime } from '../server/bootstrap.ts';
import { cliCaller } from '../server/context.ts';
import { getFacilityByCode } from '../server/modules/facilities/index.ts';
import { presentCustodyVerify, resolveCaseRef, verifyCustody } from '../server/modules/incidents/index.ts';

/** What the command needs from the command-line runner (src/cli/program.ts); only `deps` of the runtime is used. */
export interface IncidentCustodyCliContext {
  withRuntime<T>(fn: (rt: Pick<Runtime, 'deps'>) => Promise<T>): Promise<T>;
  print(s: string): void;
  stderr(s: string): void;
  setExitCode(code: number): void;
}

const fieldsText = (fields: readonly string[], lang: 'ja' | 'en') => fields.map((f) => CUSTODY_FIELD_LABELS[f]?.[lang] ?? f).join(lang === 'ja' ? '・' : ', ');

/** One line per broken chain, Japanese first: which item, at which entry, what is wrong and (where known) what changed. */
export function breakSentence(caseLabel: string, item: { label: string; description: string }, b: CustodyBreakDto): string {
  const reason = CUSTODY_BREAK_REASON_LABELS[b.reason];
  const ja = `${caseLabel} の証拠 ${item.label}「${item.description}」: 保管記録 ${b.seq} 番で連鎖が壊れています — ${reason.ja}${b.fields.length ? `(変更: ${fieldsText(b.fields, 'ja')})` : ''}`;
  const en = `evidence ${item.label} of ${caseLabel}: custody chain broken at entry ${b.seq} — ${reason.en}${b.fields.length ? ` (changed: ${fieldsText(b.fields, 'en')})` : ''}`;
  return `${ja} / ${en}`;
}

/**
 * `mamori incident verify-custody CASE [--facility CODE] [--json]`: checks every evidence item's chain of custody of a
 * case. CASE is the case id, or with --facility its number: 3, 0003 or INC-2026-0003. Exit code 0 when every chain is
 * intact, 1 when one is broken, 2 when the case (or facility) does not exist. Attached to the `incident` command.
 */
export function registerIncidentCustodyCommand(incident: Command, ctx: IncidentCustodyCliContext): Command {
  return incident
    .command('verify-custody')
    .description('証拠の保管記録(Chain of Custody)の改ざん検証 / verify the chains of custody of a case’s evidence')
    .argument('<case>', '案件の ID、または --facility と案件番号(3 / INC-2026-0003) / the case id, or its number with --facility')
    .option('--facility <code>', '施設コード(案件番号で指定するとき) / facility code (when CASE is a number)')
    .option('--json', 'JSON で出力 / print JSON')
    .action(async (ref: string, opts: { facility?: string; json?: boolean }) => {
      await ctx.withRuntime(async (rt) => {
        const caller = cliCaller('cli:incident-verify-custody');
        let facilityId: string | null = null;
        if (opts.facility !== undefined) {
          try {
            facilityId = (await getFacilityByCode(rt.deps, opts.facility)).id;
          } catch (e) {
            if (!(e instanceof AppError && e.code === 'NOT_FOUND')) throw e;
            ctx.stderr(`施設 ${opts.facility} がありません / no facility with code ${opts.facility}\n`);
            ctx.setExitCode(2);
            return;
          }
        }
        let caseId: string;
        try {
          caseId = await resolveCaseRef(rt.deps, ref, facilityId);
        } catch (e) {
          if (!(e instanceof AppError && e.code === 'NOT_FOUND')) throw e;
          const hint = facilityId === null && /^(INC-\d{4}-)?\d+$/i.test(ref.trim()) ? '(案件番号には --facility が必要です / a case number needs --facility)' : '';
          ctx.stderr(`案件 ${ref} が見つかりません${hint} / no case ${ref}\n`);
          ctx.setExitCode(2);
          return;
        }
        const v = presentCustodyVerify(await verifyCustody(rt.deps, caller, caseId));
        if (opts.json) ctx.print(JSON.stringify(v, null, 2));
        else {
          for (const i of v.items) ctx.print(`  ${i.ok ? '✔' : '✘'} ${i.label}\t${i.entries} 件 / entries\t${i.description}`);
          if (v.ok) {
            ctx.print(
              v.items.length === 0
                ? `${v.caseLabel}: 証拠は登録されていません。 / no evidence recorded.`
                : `${v.caseLabel}: 証拠 ${v.items.length} 件の保管記録を検証しました。改ざんは見つかりませんでした。 / custody of ${v.items.length} evidence item(s) verified; every chain is intact.`,
            );
          }
          for (const i of v.items) if (i.break) ctx.stderr(`${breakSentence(v.caseLabel, i, i.break)}\n`);
        }
        ctx.setExitCode(v.ok ? 0 : 1);
      });
    });
}
