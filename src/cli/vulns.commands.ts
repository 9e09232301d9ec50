import type { Command } from 'commander';
import { MATCH_REASONS, NO_MATCH_REASONS, type MatchReason, type NoMatchReason } from '../shared/vulns/types.ts';
import type { Runtime } from '../server/bootstrap.ts';
import { cliCaller, type Caller, type Deps } from '../server/context.ts';
import { getFacilityByCode, listVisibleFacilities } from '../server/modules/facilities/index.ts';
import { activeFindings, explain, rematchFacility, type RematchSummary, type ScanRow } from '../server/modules/vulns/index.ts';

/** What the vulns commands need from the command-line runner (src/cli/program.ts). */
export interface VulnsCliContext {
  withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T>;
  print(s: string): void;
  stderr(s: string): void;
  setExitCode(code: number): void;
}

/** Japanese / English wording of match and no-match reasons (the CLI prints both, Japanese first). */
const REASON_TEXT: Record<MatchReason | NoMatchReason, [string, string]> = {
  version_in_range: ['バージョンが影響範囲内', 'version in the affected range'],
  version_equal: ['バージョンが一致', 'version equal'],
  version_any: ['全バージョンが対象', 'all versions affected'],
  version_pattern_overlaps: ['パッチレベル不明(範囲と重なる)', 'unknown patch level overlaps the range'],
  asset_version_unknown: ['資産のバージョン不明', 'asset version unknown'],
  platform_matched: ['動作環境も一致', 'platform matched'],
  platform_unconfirmed: ['動作環境は未確認', 'platform not confirmed'],
  platform_component: ['動作環境の構成要素', 'platform component'],
  jvn_vendor_product: ['JVN の製品名一致(バージョンは要確認)', 'JVN vendor/product match (check the version)'],
  kev_vendor_product: ['KEV の製品名一致(NVD 未分析、バージョンは要確認)', 'KEV vendor/product match (not analysed by NVD yet; check the version)'],
  no_identity: ['資産に製品識別子(CPE・製品名)がない', 'the asset has no product identity'],
  no_definition: ['脆弱性の定義(NVD 構成・JVN 製品)がない', 'no definition (NVD configurations / JVN products)'],
  product_not_named: ['この製品は対象に含まれない', 'the product is not named'],
  attribute_differs: ['CPE の属性が異なる', 'a CPE attribute differs'],
  version_outside_range: ['バージョンが影響範囲外', 'version outside the affected range'],
  version_not_listed: ['このバージョンは列挙されていない', 'version not listed'],
  platform_mismatch: ['動作環境が一致しない', 'platform does not match'],
  negated: ['否定条件で除外', 'excluded by a negated node'],
  rejected: ['CVE は取り下げ(Rejected)', 'the CVE was rejected'],
};
// Every reason has wording (checked when the module loads, so a new reason cannot be forgotten silently).
for (const r of [...MATCH_REASONS, ...NO_MATCH_REASONS]) if (!REASON_TEXT[r]) throw new Error(`no wording for reason ${r}`);

const CONFIDENCE_TEXT: Record<string, string> = { exact: '確定 / exact', possible: '可能性あり / possible', 'vendor-product': '製品一致のみ / vendor-product' };
const STATUS_TEXT: Record<string, string> = { open: '未対応', in_progress: '対応中', fixed: '修正済み', mitigated: '緩和済み', accepted: 'リスク受容', false_positive: '誤検知' };

async function facilitiesFor(deps: Deps, caller: Caller, code: string | undefined): Promise<{ id: string; code: string }[]> {
  if (code) {
    const f = await getFacilityByCode(deps, code);
    return [{ id: f.id, code: f.code }];
  }
  return (await listVisibleFacilities(deps, caller)).map((f) => ({ id: f.id, code: f.code }));
}

function scanJson(r: ScanRow) {
  return {
    facility: r.facility,
    asset: r.asset,
    assetTag: r.assetTag,
    assetId: r.assetId,
    cve: r.cve,
    kev: r.kev,
    ransomware: r.ransomware,
    epss: r.epss,
    cvss: r.cvss,
    priority: r.priority,
    confidence: r.confidence,
    status: r.status,
    dueRule: r.dueRule,
    dueDate: r.dueDate,
    findingId: r.findingId,
  };
}

/** `mamori vulns scan [--facility CODE] [--json]` and `mamori vulns explain ASSET CVE [--facility CODE] [--json]`. */
export function registerVulnsCommands(program: Command, ctx: VulnsCliContext): Command {
  const vulns = program.command('vulns').description('脆弱性の検出結果 / vulnerability findings');

  vulns
    .command('scan')
    .description('資産と脆弱性を照合し直し、対応が必要な検出結果を優先度順に表示 / re-match and print the active findings by priority')
    .option('--facility <code>', '施設コード(省略時は全施設)/ facility code (default: every facility)')
    .option('--json', 'JSON で出力 / print JSON')
    .action(async (opts: { facility?: string; json?: boolean }) => {
      await ctx.withRuntime(async (rt) => {
        const caller = cliCaller('cli:vulns');
        const facilities = await facilitiesFor(rt.deps, caller, opts.facility);
        const summaries: (RematchSummary & { code: string })[] = [];
        const rows: ScanRow[] = [];
        for (const f of facilities) {
          summaries.push({ ...(await rematchFacility(rt.deps, caller, f.id)), code: f.code });
          rows.push(...(await activeFindings(rt.deps, caller, f.id)));
        }
        rows.sort((a, b) => b.priority - a.priority || a.dueDate.localeCompare(b.dueDate) || a.facility.localeCompare(b.facility) || a.asset.localeCompare(b.asset) || a.cve.localeCompare(b.cve));
        if (opts.json) {
          ctx.print(JSON.stringify(rows.map(scanJson), null, 2));
          return;
        }
        for (const s of summaries) {
          ctx.print(
            `${s.code}: 資産 ${s.assets} 件(識別可能 ${s.identified} 件)、新規 ${s.created}・再開 ${s.reopened}・自動クローズ ${s.closed} / ${s.assets} assets (${s.identified} identified), ${s.created} new, ${s.reopened} reopened, ${s.closed} closed (${s.ms} ms)`,
          );
        }
        if (rows.length === 0) {
          ctx.print('対応が必要な検出結果はありません / no active findings');
          return;
        }
        ctx.print('');
        ctx.print('優先度  期限        KEV  ランサム  EPSS    CVSS  確度            状態    資産 / 脆弱性');
        for (const r of rows) {
          ctx.print(
            [
              String(r.priority).padStart(5),
              ` ${r.dueDate}`,
              r.kev ? ' KEV ' : '  -  ',
              r.ransomware ? '  ●     ' : '  -     ',
              (r.epss === null ? '-' : r.epss.toFixed(3)).padEnd(7),
              (r.cvss === null ? '-' : r.cvss.toFixed(1)).padEnd(5),
              (CONFIDENCE_TEXT[r.confidence] ?? r.confidence).split(' / ')[0]!.padEnd(8),
              (STATUS_TEXT[r.status] ?? r.status).padEnd(5),
              ` ${r.asset}${r.assetTag ? ` [${r.assetTag}]` : ''} / ${r.cve}${opts.facility ? '' : ` (${r.facility})`}`,
            ].join(' '),
          );
        }
      });
    });

  vulns
    .command('explain')
    .description('資産が脆弱性に該当する理由・しない理由を表示 / explain why an asset matches a vulnerability or not')
    .argument('<asset>', '資産番号・ホスト名・ID / asset tag, hostname or id')
    .argument('<vuln>', 'CVE-… または JVNDB-… / CVE or JVNDB id')
    .option('--facility <code>', '施設コード(省略時は唯一の施設)/ facility code (default: the only facility)')
    .option('--json', 'JSON で出力 / print JSON')
    .action(async (assetRef: string, vulnId: string, opts: { facility?: string; json?: boolean }) => {
      await ctx.withRuntime(async (rt) => {
        const caller = cliCaller('cli:vulns');
        const facilities = await facilitiesFor(rt.deps, caller, opts.facility);
        if (facilities.length !== 1) {
          ctx.stderr('エラー: --facility で施設コードを指定してください / Error: name the facility with --facility\n');
          ctx.setExitCode(2);
          return;
        }
        const x = await explain(rt.deps, caller, facilities[0]!.id, assetRef, vulnId);
        if (opts.json) {
          ctx.print(JSON.stringify(x, null, 2));
          return;
        }
        const text = (r: MatchReason | NoMatchReason) => REASON_TEXT[r].join(' / ');
        ctx.print(`資産 / asset: ${x.asset.name}${x.asset.assetTag ? ` [${x.asset.assetTag}]` : ''}`);
        ctx.print(`脆弱性 / vulnerability: ${x.vulnId}`);
        ctx.print('製品識別子 / identities:');
        if (x.identities.length === 0) ctx.print('  (なし / none) — ベンダー・製品・バージョンまたは CPE を台帳に登録してください / record vendor, product and version or a CPE');
        for (const i of x.identities) ctx.print(`  ${i.cpe}  (${i.source}${i.alias ? `: ${i.alias}` : ''}, version ${i.version})`);
        if (x.affected) {
          ctx.print(`判定 / verdict: 該当 / affected — ${CONFIDENCE_TEXT[x.confidence ?? ''] ?? x.confidence}`);
          for (const e of x.evidence) {
            ctx.print(`  ${e.vulnerable ? '脆弱' : '動作環境'} #${e.configuration}: ${e.criteria}${e.range ? `  [${e.range}]` : ''}`);
            ctx.print(`    ← ${e.identity}: ${text(e.reason)}`);
          }
        } else {
          ctx.print('判定 / verdict: 非該当 / not affected');
          for (const r of x.reasons) {
            ctx.print(`  ${text(r.reason)}${r.criteria ? `: ${r.criteria}` : ''}${r.identity ? ` ← ${r.identity}` : ''}${r.detail ? ` (${r.detail})` : ''}`);
          }
        }
      });
    });

  return vulns;
}
