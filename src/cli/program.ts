import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { AppError, ERROR_MESSAGES, type FieldIssue } from '../shared/errors.ts';
import { FACILITY_KINDS, FACILITY_ROLES, PREFECTURES } from '../shared/roles.ts';
import { ZSetupRequest } from '../shared/contracts/auth.contract.ts';
import { ZFacilityCreate } from '../shared/contracts/facilities.contract.ts';
import { ZEmail } from '../shared/contracts/users.contract.ts';
import { loadConfig, redactUrl, type Config } from '../server/config.ts';
import { cliCaller } from '../server/context.ts';
import { startRuntime, type Runtime } from '../server/bootstrap.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { openDatabase } from '../server/db/database.ts';
import { backupDatabase, restoreDatabase } from '../server/db/backup.ts';
import { recordAuditAlone, verifyAuditChain } from '../server/audit/audit.service.ts';
import { runSetup } from '../server/modules/auth/index.ts';
import { createFacility, getFacilityByCode, listVisibleFacilities, presentFacility } from '../server/modules/facilities/index.ts';
import { createUser, listUsers } from '../server/modules/users/index.ts';
import { loadDemo } from '../server/demo/demo.ts';
import { assetTemplate, exportAssets, importAssets, type ExportFile, type ExportOptions } from '../server/modules/ledger/index.ts';
import { connectionTemplate, exportConnections, importConnections } from '../server/modules/connections/index.ts';
import { exportVendors, importVendors, vendorTemplate } from '../server/modules/vendors/index.ts';
import { formatImportIssue } from '../shared/ledger-import.ts';
import { runDoctor } from './doctor.ts';
import { registerFeedsCommands } from './feeds.commands.ts';
import { registerFeedsSyncCommand } from './feeds-sync.command.ts';
import { registerVulnsCommands } from './vulns.commands.ts';
import { registerAssessmentCommands } from './assessment.commands.ts';
import { registerFrameworksCommands } from './frameworks.commands.ts';
import { registerIncidentCommands } from './incident.commands.ts';
import { registerIncidentCustodyCommand } from './incident-custody.command.ts';
import { registerBinderCommand } from './binder.command.ts';
import { registerBackupsCommands } from './backups.commands.ts';
import type { Deps, Caller } from '../server/context.ts';

interface LedgerFileLabels {
  group: string;
  import: string;
  export: string;
}

interface ImportOutcome {
  rows: number;
  create: number;
  update: number;
  unchanged: number;
  errors: FieldIssue[];
  errorCount: number;
  warnings: FieldIssue[];
  committed: boolean;
}

/** The import/export/template functions of one kind of ledger record (assets, connections, vendors). */
interface LedgerFileFunctions {
  import: (deps: Deps, caller: Caller, facilityId: string, bytes: Buffer, options: { fileName: string; dryRun: boolean }) => Promise<ImportOutcome>;
  export: (deps: Deps, caller: Caller, facilityId: string, options: ExportOptions) => Promise<ExportFile>;
  template: (deps: Deps, caller: Caller, facilityId: string, options: ExportOptions) => Promise<ExportFile>;
}

export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env?: NodeJS.ProcessEnv;
}

/** A bad-input error of the CLI: printed as one line, exit code 2. */
class UsageError extends Error {}

async function readStdin(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  const text = Buffer.concat(chunks).toString('utf8');
  // One line: the password, without its line ending.
  return text.replace(/\r?\n$/, '');
}

function oneLine(e: unknown): string {
  if (e instanceof AppError) {
    const m = ERROR_MESSAGES[e.code];
    const issues = e.issues?.map((i) => `${i.path}: ${i.message}`).join('; ');
    return `エラー: ${m.ja} / Error: ${m.en}${issues ? ` (${issues})` : ''}`;
  }
  // A few errors list their causes on further lines (broken playbook or framework files): keep those, they are the point.
  if (e instanceof Error) return `エラー / Error: ${e.message.split('\n').slice(0, 20).join('\n')}`;
  return `エラー / Error: ${String(e)}`;
}

/** Runs the `mamori` command line. Returns the exit code, or null when a server keeps running. */
export async function runCli(argv: string[], io: CliIo): Promise<number | null> {
  const env = io.env ?? process.env;
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (e) {
    io.stderr(`${oneLine(e)}\n`);
    return 2;
  }
  let result: number | null = 0;
  const withRuntime = async <T>(fn: (rt: Runtime) => Promise<T>): Promise<T> => {
    const rt = await startRuntime(config, { logger: (await import('../server/lib/logger.ts')).createLogger('warn') });
    try {
      return await fn(rt);
    } finally {
      await rt.close();
    }
  };
  const print = (s: string) => io.stdout(`${s}\n`);

  const program = new Command()
    .name('mamori')
    .description('mamori (守り) — 病院のサイバーセキュリティ対策 / hospital cybersecurity programme')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showSuggestionAfterError();

  program
    .command('serve')
    .description('Web サーバーを起動します / start the web server')
    .option('--port <port>', 'port (MAMORI_PORT, default 8080)')
    .option('--host <host>', 'address to listen on (MAMORI_HOST, default 0.0.0.0)')
    .option('--demo', 'サンプル病院を読み込んで起動 / load the sample hospital when the database is empty')
    .action(async (opts: { port?: string; host?: string; demo?: boolean }) => {
      const port = opts.port !== undefined ? Number(opts.port) : config.port;
      if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new UsageError(`--port must be 1–65535 (got ${opts.port})`);
      // Loaded only here: the web server is not needed by the other commands.
      const { serve } = await import('./serve.ts');
      await serve({ ...config, port, host: opts.host ?? config.host }, { demo: opts.demo === true, print });
      result = null;
    });

  program
    .command('migrate')
    .description('データベースを最新の構造にします / bring the database schema up to date')
    .action(async () => {
      const handle = openDatabase(config.databaseUrl);
      try {
        const applied = await migrateToLatest(handle);
        print(applied.length ? `適用しました / applied: ${applied.join(', ')}` : '最新です / already up to date');
      } finally {
        await handle.close();
      }
    });

  program
    .command('setup')
    .description('初回設定(最初の施設と管理者)/ first run: the first facility and administrator')
    .requiredOption('--facility-code <code>', '施設コード / facility code')
    .requiredOption('--facility-name <name>', '施設名 / facility name')
    .requiredOption('--admin-email <email>', '管理者のメールアドレス / administrator email')
    .option('--admin-name <name>', '管理者の氏名 / administrator name', 'システム管理者')
    .option('--admin-password-stdin', 'パスワードを標準入力から読む / read the password from standard input')
    .addOption(new Option('--facility-kind <kind>', '施設の種類 / kind').choices([...FACILITY_KINDS]).default('hospital'))
    .option('--locale <locale>', 'ja | en', 'ja')
    .action(async (opts: { facilityCode: string; facilityName: string; adminEmail: string; adminName: string; adminPasswordStdin?: boolean; facilityKind: string; locale: string }) => {
      if (!opts.adminPasswordStdin) throw new UsageError('--admin-password-stdin is required (passwords are never taken as arguments)');
      const password = await readStdin(io.stdin);
      const parsed = ZSetupRequest.safeParse({
        facilityCode: opts.facilityCode,
        facilityName: opts.facilityName,
        facilityKind: opts.facilityKind,
        adminEmail: opts.adminEmail,
        adminName: opts.adminName,
        adminPassword: password,
        locale: opts.locale,
      });
      if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      await withRuntime(async (rt) => {
        await runSetup(rt.deps, cliCaller('cli:setup'), parsed.data);
        print(`初期設定が完了しました: ${parsed.data.facilityName} (${parsed.data.facilityCode}), 管理者 ${parsed.data.adminEmail} / setup complete`);
      });
    });

  const user = program.command('user').description('ユーザー / users');
  user
    .command('add')
    .description('ユーザーを追加 / add a user')
    .requiredOption('--email <email>', 'メールアドレス / email')
    .requiredOption('--role <role>', `役割 / role: ${[...FACILITY_ROLES, 'admin'].join(', ')}`)
    .requiredOption('--facility <code>', '施設コード / facility code')
    .option('--name <name>', '氏名 / display name')
    .option('--password-stdin', 'パスワードを標準入力から読む / read the password from standard input')
    .option('--locale <locale>', 'ja | en', 'ja')
    .action(async (opts: { email: string; role: string; facility: string; name?: string; passwordStdin?: boolean; locale: string }) => {
      if (!opts.passwordStdin) throw new UsageError('--password-stdin is required (passwords are never taken as arguments)');
      const role = opts.role;
      if (role !== 'admin' && !(FACILITY_ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${[...FACILITY_ROLES, 'admin'].join(', ')} (got ${role})`);
      const email = ZEmail.safeParse(opts.email);
      if (!email.success) throw new UsageError(`--email is not a valid address (got ${opts.email})`);
      if (opts.locale !== 'ja' && opts.locale !== 'en') throw new UsageError('--locale must be ja or en');
      const password = await readStdin(io.stdin);
      await withRuntime(async (rt) => {
        const facility = await getFacilityByCode(rt.deps, opts.facility).catch(() => {
          throw new UsageError(`施設 ${opts.facility} がありません / no facility with code ${opts.facility}`);
        });
        const created = await createUser(rt.deps, cliCaller(), {
          email: email.data,
          displayName: opts.name ?? email.data.split('@')[0]!,
          password,
          locale: opts.locale as 'ja' | 'en',
          isAdmin: role === 'admin',
          roles: [{ role: role === 'admin' ? 'security_manager' : (role as (typeof FACILITY_ROLES)[number]), facilityId: facility.id }],
        });
        print(`ユーザーを追加しました / user added: ${created.email} (${role}, ${facility.code})`);
      });
    });
  user
    .command('list')
    .description('ユーザー一覧 / list users')
    .option('--facility <code>', '施設コードで絞り込む / only this facility')
    .option('--json', 'JSON で出力 / print JSON')
    .action(async (opts: { facility?: string; json?: boolean }) => {
      await withRuntime(async (rt) => {
        const facilityId = opts.facility ? (await getFacilityByCode(rt.deps, opts.facility)).id : undefined;
        const all = [];
        for (let page = 1; ; page++) {
          const r = await listUsers(rt.deps, cliCaller(), { page, pageSize: 500, ...(facilityId && { facilityId }) });
          all.push(...r.items);
          if (all.length >= r.total || r.items.length === 0) break;
        }
        if (opts.json) print(JSON.stringify(all, null, 2));
        else for (const u of all) print(`${u.email}\t${u.displayName}\t${[u.isAdmin ? 'admin' : '', ...u.roles.map((r) => r.role)].filter(Boolean).join(',')}\t${u.disabled ? 'disabled' : u.locked ? 'locked' : 'active'}`);
      });
    });

  const facility = program.command('facility').description('施設 / facilities');
  facility
    .command('add')
    .description('施設を追加 / add a facility')
    .requiredOption('--code <code>', '施設コード / facility code')
    .requiredOption('--name <name>', '施設名 / name')
    .addOption(new Option('--kind <kind>', '種類 / kind').choices([...FACILITY_KINDS]).default('hospital'))
    .option('--beds <n>', '病床数 / number of beds')
    .addOption(new Option('--prefecture <name>', '都道府県 / prefecture').choices([...PREFECTURES]))
    .option('--medical-institution-code <code>', '医療機関コード(10桁)/ 10-digit medical institution code')
    .action(async (opts: { code: string; name: string; kind: string; beds?: string; prefecture?: string; medicalInstitutionCode?: string }) => {
      const parsed = ZFacilityCreate.safeParse({
        code: opts.code,
        name: opts.name,
        kind: opts.kind,
        ...(opts.beds !== undefined && { beds: Number(opts.beds) }),
        ...(opts.prefecture !== undefined && { prefecture: opts.prefecture }),
        ...(opts.medicalInstitutionCode !== undefined && { medicalInstitutionCode: opts.medicalInstitutionCode }),
      });
      if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `--${i.path.join('.').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${i.message}`).join('; '));
      await withRuntime(async (rt) => {
        const f = await createFacility(rt.deps, cliCaller(), parsed.data);
        print(`施設を追加しました / facility added: ${f.code} ${f.name}`);
      });
    });
  facility
    .command('list')
    .description('施設一覧 / list facilities')
    .option('--json', 'JSON で出力 / print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withRuntime(async (rt) => {
        const items = (await listVisibleFacilities(rt.deps, cliCaller())).map(presentFacility);
        if (opts.json) print(JSON.stringify(items, null, 2));
        else for (const f of items) print(`${f.code}\t${f.name}\t${f.kind}\t${f.beds ?? ''}\t${f.prefecture ?? ''}`);
      });
    });

  program
    .command('demo')
    .description('サンプル病院「みなと総合病院」を読み込む / load the sample hospital')
    .option('--password-stdin', '全ユーザー共通のパスワードを標準入力から読む / one password for every demo user, from standard input')
    .option('--json', 'JSON で出力 / print JSON')
    .action(async (opts: { passwordStdin?: boolean; json?: boolean }) => {
      const password = opts.passwordStdin ? await readStdin(io.stdin) : undefined;
      await withRuntime(async (rt) => {
        const r = await loadDemo(rt.deps, cliCaller('cli:demo'), password ? { password } : {});
        if (opts.json) print(JSON.stringify(r, null, 2));
        else {
          print('サンプル病院「みなと総合病院」を読み込みました。パスワードはこの一度だけ表示されます。 / Sample hospital loaded; passwords are shown only once.');
          for (const c of r.credentials) print(`  ${c.role.padEnd(17)} ${c.email.padEnd(36)} ${c.password}`);
        }
      });
    });

  const facilityIdOf = async (rt: Runtime, code: string) =>
    (
      await getFacilityByCode(rt.deps, code).catch(() => {
        throw new UsageError(`施設 ${code} がありません / no facility with code ${code}`);
      })
    ).id;

  /** `mamori <kind> import|export|template`: the same three commands for each kind of ledger record. */
  const ledgerFileCommands = (name: string, labels: LedgerFileLabels, fns: LedgerFileFunctions) => {
    const group = program.command(name).description(labels.group);
    group
      .command('import')
      .description(labels.import)
      .argument('<file>', 'ファイル / file')
      .requiredOption('--facility <code>', '施設コード / facility code')
      .option('--dry-run', '確認のみ(書き込まない)/ preview only, write nothing')
      .option('--json', 'JSON で出力 / print JSON')
      .addOption(new Option('--lang <lang>', 'エラーの言語 / language of the messages').choices(['ja', 'en']).default('ja'))
      .action(async (file: string, opts: { facility: string; dryRun?: boolean; json?: boolean; lang: 'ja' | 'en' }) => {
        let bytes: Buffer;
        try {
          bytes = fs.readFileSync(file);
        } catch {
          throw new UsageError(`ファイルを読めません / cannot read ${file}`);
        }
        await withRuntime(async (rt) => {
          const facilityId = await facilityIdOf(rt, opts.facility);
          const r = await fns.import(rt.deps, cliCaller(`cli:${name}-import`), facilityId, bytes, { fileName: path.basename(file), dryRun: opts.dryRun === true });
          if (opts.json) print(JSON.stringify({ ...r, errors: r.errors.map((e) => ({ ...e, text: formatImportIssue(e, opts.lang) })) }, null, 2));
          else {
            const summary = `${r.rows} 行: 追加 ${r.create}, 更新 ${r.update}, 変更なし ${r.unchanged} / ${r.rows} rows: ${r.create} new, ${r.update} updated, ${r.unchanged} unchanged`;
            if (r.errorCount > 0) {
              for (const e of r.errors) io.stderr(`${formatImportIssue(e, opts.lang)}\n`);
              if (r.errorCount > r.errors.length) io.stderr(`… ${r.errorCount - r.errors.length} more\n`);
              io.stderr(`取り込みませんでした (${r.errorCount} 件のエラー) / nothing imported (${r.errorCount} errors)\n`);
            } else {
              for (const w of r.warnings) print(formatImportIssue(w, opts.lang));
              print(r.committed ? `取り込みました / imported — ${summary}` : `確認のみ(未反映)/ dry run, nothing written — ${summary}`);
            }
          }
          result = r.errorCount > 0 ? 1 : 0;
        });
      });
    for (const kind of ['export', 'template'] as const) {
      group
        .command(kind)
        .description(kind === 'export' ? labels.export : '取り込み用のひな形 / a template for the import')
        .requiredOption('--facility <code>', '施設コード / facility code')
        .requiredOption('--out <file>', '出力ファイル / output file')
        .addOption(new Option('--format <format>', '形式 / format').choices(['csv', 'xlsx']).default('xlsx'))
        .addOption(new Option('--lang <lang>', '見出しの言語 / header language').choices(['ja', 'en']).default('ja'))
        .addOption(new Option('--encoding <encoding>', 'CSV の文字コード / CSV encoding').choices(['utf8', 'sjis']).default('utf8'))
        .action(async (opts: { facility: string; out: string; format: 'csv' | 'xlsx'; lang: 'ja' | 'en'; encoding: 'utf8' | 'sjis' }) => {
          await withRuntime(async (rt) => {
            const facilityId = await facilityIdOf(rt, opts.facility);
            const options = { format: opts.format, lang: opts.lang, encoding: opts.encoding };
            const f = kind === 'export' ? await fns.export(rt.deps, cliCaller(`cli:${name}-export`), facilityId, options) : await fns.template(rt.deps, cliCaller(), facilityId, options);
            fs.writeFileSync(opts.out, f.bytes);
            print(`書き出しました / written: ${opts.out} (${f.rows} rows)`);
          });
        });
    }
  };

  ledgerFileCommands(
    'assets',
    {
      group: '情報資産台帳 / the asset ledger',
      import: 'CSV または Excel (.xlsx) から資産を取り込む / import assets from a CSV or .xlsx file',
      export: '資産を書き出す / export the assets',
    },
    { import: importAssets, export: exportAssets, template: assetTemplate },
  );
  ledgerFileCommands(
    'connections',
    {
      group: '外部接続・リモート保守台帳 / external connections',
      import: 'CSV または Excel (.xlsx) から外部接続を取り込む / import external connections from a CSV or .xlsx file',
      export: '外部接続を書き出す / export the external connections',
    },
    { import: importConnections, export: exportConnections, template: connectionTemplate },
  );
  ledgerFileCommands(
    'vendors',
    {
      group: '委託事業者 / vendors',
      import: 'CSV または Excel (.xlsx) から委託事業者を取り込む / import vendors from a CSV or .xlsx file',
      export: '委託事業者(連絡先・契約を含む)を書き出す / export the vendors with contacts and contracts',
    },
    { import: importVendors, export: exportVendors, template: vendorTemplate },
  );

  registerFeedsCommands(program, { withRuntime, print, stderr: io.stderr, setExitCode: (code) => (result = code) });
  registerFeedsSyncCommand(program, { withRuntime, print, stderr: io.stderr, setExitCode: (code) => (result = code) });
  registerVulnsCommands(program, { withRuntime, print, stderr: io.stderr, setExitCode: (code) => (result = code) });
  registerAssessmentCommands(program, { withRuntime, print, stderr: io.stderr, setExitCode: (code) => (result = code) });
  registerFrameworksCommands(program, { withRuntime, print, stderr: io.stderr, setExitCode: (code) => (result = code) });
  const incidentCli = { withRuntime, print, stderr: io.stderr, setExitCode: (code: number) => (result = code) };
  registerIncidentCustodyCommand(registerIncidentCommands(program, incidentCli), incidentCli);
  registerBinderCommand(program, incidentCli);
  registerBackupsCommands(program, incidentCli);

  const audit = program.command('audit').description('監査ログ / audit log');
  audit
    .command('verify')
    .description('監査ログの改ざん検証 / verify the hash chain of the audit log')
    .option('--json', 'JSON で出力 / print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withRuntime(async (rt) => {
        const r = await verifyAuditChain(rt.deps, cliCaller());
        if (opts.json) print(JSON.stringify(r));
        else if (r.ok) print(`監査ログ ${r.checked} 件を検証しました。改ざんは見つかりませんでした。 / ${r.checked} audit events verified; the chain is intact.`);
        else io.stderr(`監査ログの連鎖が ${r.firstBrokenSeq} 番で壊れています (${r.reason})。 / The audit chain is broken at event ${r.firstBrokenSeq} (${r.reason}).\n`);
        result = r.ok ? 0 : 1;
      });
    });

  program
    .command('backup')
    .description('mamori 自身のデータベースをバックアップ / back up mamori\'s own database')
    .requiredOption('--out <file>', '出力ファイル / output file')
    .action(async (opts: { out: string }) => {
      await withRuntime(async (rt) => {
        const r = await backupDatabase(rt.handle, opts.out);
        await recordAuditAlone(rt.deps, cliCaller('cli:backup'), { facilityId: null, entityType: 'deployment', entityId: null, action: 'backup', after: { file: opts.out, bytes: r.bytes } });
        print(`バックアップを作成しました / backup written: ${opts.out} (${r.bytes} bytes, ${rt.deps.dialect})`);
        print('※ 二要素認証の鍵 (data/secret.key または MAMORI_SECRET_KEY) は別に保管してください。 / Keep the MFA key (data/secret.key or MAMORI_SECRET_KEY) separately.');
      });
    });

  program
    .command('restore')
    .description('バックアップから復元(サーバーを停止してから)/ restore from a backup (stop the server first)')
    .argument('<file>', 'バックアップファイル / backup file')
    .action(async (file: string) => {
      const dialect = /^postgres(ql)?:\/\//i.test(config.databaseUrl) ? 'postgres' : 'sqlite';
      await restoreDatabase(dialect, config.databaseUrl, file);
      await withRuntime(async (rt) => {
        const v = await verifyAuditChain(rt.deps, cliCaller());
        await recordAuditAlone(rt.deps, cliCaller('cli:restore'), { facilityId: null, entityType: 'deployment', entityId: null, action: 'restore', after: { file, auditChainOk: v.ok } });
        print(`復元しました / restored into ${redactUrl(config.databaseUrl)}; 監査ログ / audit chain: ${v.ok ? 'OK' : `broken at ${v.firstBrokenSeq}`}`);
        result = v.ok ? 0 : 1;
      });
    });

  program
    .command('doctor')
    .description('必要なシステム部品を確認 / check the system pieces mamori needs')
    .option('--json', 'JSON で出力 / print JSON')
    .action(async (opts: { json?: boolean }) => {
      const checks = await runDoctor(config);
      if (opts.json) print(JSON.stringify(checks, null, 2));
      else for (const c of checks) print(`${c.ok ? '✔' : '✘'} ${c.name}: ${c.detail}`);
      result = checks.every((c) => c.ok || !c.required) ? 0 : 1;
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return result;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end with code 0; bad flags with commander's own one-line message.
      return e.exitCode === 0 ? 0 : 2;
    }
    io.stderr(`${oneLine(e)}\n`);
    return e instanceof UsageError || e instanceof AppError ? 2 : 1;
  }
}
