import { Option, type Command } from 'commander';
import type { ClockOverviewItemDto } from '../shared/contracts/incident-clocks.contract.ts';
import { formatDateTime } from '../shared/dates.ts';
import { CASE_CATEGORIES, CASE_STATUSES, caseNumberLabel, type CaseCategory, type CaseStatus } from '../shared/incidents/cases.ts';
import type { IncidentClockFacts } from '../shared/incidents/clock-rules.ts';
import type { Runtime } from '../server/bootstrap.ts';
import { cliCaller } from '../server/context.ts';
import { listVisibleFacilities } from '../server/modules/facilities/index.ts';
import { CliInputError, facilityByCode, guardInput } from './cli-input.ts';
import { clockOverview, createCase, getCaseClocks, listCases, presentCaseClocks, presentCaseListItem, presentClockOverview } from '../server/modules/incidents/index.ts';

/** What the incident commands need from the command-line runner (src/cli/program.ts). */
export interface IncidentCliContext {
  withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T>;
  print(s: string): void;
  stderr(s: string): void;
  setExitCode(code: number): void;
}

/** A bad-input outcome: one line on standard error, exit code 2. */

/** ISO 8601 with Z or an offset (a local time would be read in the machine's zone). */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const STATE_WORDS: Record<ClockOverviewItemDto['status']['state'], string> = { running: '進行中 / running', overdue: '期限超過 / overdue', filed: '提出済み / filed' };

/** A due time for the terminal: JST in Japanese, with "target" for soft deadlines. */
function dueText(dueAt: string | null, soft: boolean): string {
  if (dueAt === null) return '期限の定めなし / no fixed time';
  return `${formatDateTime(dueAt, 'ja')}${soft ? ' (目安 / target)' : ''}`;
}

/** One open deadline as the `clocks` command prints it (and as JSON). */
function clockJson(i: ClockOverviewItemDto) {
  return {
    case: { id: i.case.id, number: i.case.number, title: i.case.title, facility: i.case.facility.code },
    ruleId: i.ruleId,
    authority: i.authority,
    kind: i.kind,
    label: i.labels,
    dueAt: i.dueAt,
    dueDateJst: i.dueDateJst,
    soft: i.soft,
    status: i.status.state,
    fraction: i.status.fraction,
    pastOuterBound: i.status.pastOuterBound,
  };
}

/**
 * `mamori incident report|list|clocks`. Returns the `incident` command so that further subcommands (verify-custody)
 * can be attached to it.
 */
export function registerIncidentCommands(program: Command, ctx: IncidentCliContext): Command {
  const incident = program.command('incident').description('インシデント対応 / incident response');

  const facilityOf = facilityByCode;

  const guarded = (fn: () => Promise<void>) => guardInput(ctx, fn);

  incident
    .command('report')
    .description('インシデント案件を登録し、報告期限を表示 / open an incident case and show its legal deadlines')
    .requiredOption('--facility <code>', '施設コード / facility code')
    .requiredOption('--title <text>', '件名 / title')
    .option('--discovered-at <iso>', '発覚日時(ISO 8601、+09:00 などのオフセット付き。省略時は現在)/ discovery time, ISO 8601 with an offset (default: now)')
    .addOption(new Option('--category <category>', '分類 / category').choices([...CASE_CATEGORIES]).default('other'))
    .option('--personal-data', '患者の個人データ(要配慮個人情報)の漏えい等(おそれを含む)/ patient data leaked, or may have been')
    .option('--affected-count <n>', '本人の数 / number of people concerned')
    .option('--unauthorized-access', '不正アクセスによる(おそれを含む)/ by unauthorised access, or possibly')
    .option('--json', 'JSON で出力 / print JSON')
    .action(async (opts: { facility: string; title: string; discoveredAt?: string; category: CaseCategory; personalData?: boolean; affectedCount?: string; unauthorizedAccess?: boolean; json?: boolean }) =>
      guarded(async () => {
        if (opts.discoveredAt !== undefined && (!ISO_WITH_OFFSET.test(opts.discoveredAt) || Number.isNaN(Date.parse(opts.discoveredAt)))) {
          throw new CliInputError(`--discovered-at は +09:00 や Z の付いた日時で指定してください / --discovered-at needs an ISO time with an offset, e.g. 2026-04-01T10:00+09:00 (got ${opts.discoveredAt})`);
        }
        let affectedCount: number | undefined;
        if (opts.affectedCount !== undefined) {
          affectedCount = Number(opts.affectedCount);
          if (!/^\d+$/.test(opts.affectedCount.trim()) || !Number.isSafeInteger(affectedCount)) throw new CliInputError(`--affected-count は 0 以上の整数です / --affected-count must be a whole number (got ${opts.affectedCount})`);
        }
        const facts: Partial<IncidentClockFacts> = {
          ...(opts.personalData && { personalData: true }),
          ...(affectedCount !== undefined && { affectedCount }),
          ...(opts.unauthorizedAccess && { unauthorizedAccess: true }),
        };
        await ctx.withRuntime(async (rt) => {
          const caller = cliCaller('cli:incident-report');
          const facility = await facilityOf(rt, opts.facility);
          const discoveredAt = opts.discoveredAt ?? rt.deps.clock.now().toISOString();
          const created = await createCase(rt.deps, caller, facility.id, { title: opts.title, category: opts.category, discoveredAt, facts });
          const clocks = presentCaseClocks(await getCaseClocks(rt.deps, caller, created.row.id));
          const number = caseNumberLabel(created.row.seq, created.row.discovered_at);
          if (opts.json) {
            ctx.print(
              JSON.stringify(
                {
                  id: created.row.id,
                  number,
                  facility: facility.code,
                  title: created.row.title,
                  category: created.row.category,
                  discoveredAt: created.row.discovered_at,
                  ruleSetVersion: clocks.ruleSetVersion,
                  clocks: clocks.clocks.map((c) => ({ ruleId: c.ruleId, authority: c.authority, kind: c.kind, label: c.labels, dueAt: c.dueAt, dueDateJst: c.dueDateJst, outerDueAt: c.outerDueAt, soft: c.soft, status: c.status.state })),
                  note: clocks.note,
                },
                null,
                2,
              ),
            );
            return;
          }
          ctx.print(`案件を登録しました / case opened: ${number} ${created.row.title} (${facility.code})`);
          ctx.print(`発覚日時 / discovered: ${formatDateTime(created.row.discovered_at, 'ja')}`);
          if (clocks.clocks.length === 0) ctx.print(`${clocks.note?.ja ?? ''}\n${clocks.note?.en ?? ''}`);
          for (const c of clocks.clocks) ctx.print(`  ${c.labels.ja} / ${c.labels.en}: ${dueText(c.dueAt, c.soft)} — ${STATE_WORDS[c.status.state]}`);
        });
      }),
    );

  incident
    .command('list')
    .description('インシデント案件の一覧 / list incident cases')
    .option('--facility <code>', '施設コード(省略時はすべての施設)/ facility code (default: every facility)')
    .addOption(new Option('--status <status>', '状態 / status').choices([...CASE_STATUSES, 'all']).default('open'))
    .option('--json', 'JSON で出力 / print JSON')
    .action(async (opts: { facility?: string; status: CaseStatus | 'all'; json?: boolean }) =>
      guarded(async () => {
        await ctx.withRuntime(async (rt) => {
          const caller = cliCaller('cli:incident-list');
          const facilities = opts.facility ? [await facilityOf(rt, opts.facility)] : await listVisibleFacilities(rt.deps, caller);
          const items = [];
          for (const f of facilities) {
            for (let page = 1; ; page++) {
              const r = await listCases(rt.deps, caller, f.id, { status: opts.status, page, pageSize: 500 });
              items.push(...r.items.map((row) => ({ facility: f.code, ...presentCaseListItem(row) })));
              if (r.items.length === 0 || page * 500 >= r.total) break;
            }
          }
          if (opts.json) ctx.print(JSON.stringify(items, null, 2));
          else for (const c of items) ctx.print(`${c.number}\t${c.facility}\t${c.status}\t${c.phase}\t${c.severity}\t${formatDateTime(c.discoveredAt, 'ja')}\t${c.title}`);
        });
      }),
    );

  incident
    .command('clocks')
    .description('未提出の報告期限(期限の近い順)/ open legal deadlines, soonest first')
    .option('--facility <code>', '施設コード(省略時はすべての施設)/ facility code (default: every facility)')
    .option('--json', 'JSON で出力 / print JSON')
    .action(async (opts: { facility?: string; json?: boolean }) =>
      guarded(async () => {
        await ctx.withRuntime(async (rt) => {
          const caller = cliCaller('cli:incident-clocks');
          const facilityId = opts.facility ? (await facilityOf(rt, opts.facility)).id : undefined;
          const overview = presentClockOverview(await clockOverview(rt.deps, caller, { facilityId }));
          if (opts.json) ctx.print(JSON.stringify(overview.items.map(clockJson), null, 2));
          else if (overview.items.length === 0) ctx.print('未提出の報告期限はありません / no open deadlines');
          else for (const i of overview.items) ctx.print(`${i.case.number}\t${i.case.facility.code}\t${dueText(i.dueAt, i.soft)}\t${STATE_WORDS[i.status.state]}\t${i.labels.ja} / ${i.labels.en}\t${i.case.title}`);
        });
      }),
    );

  return incident;
}
