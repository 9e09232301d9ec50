import type { BackupImportResultDto } from '../../../shared/contracts/resilience-backups.contract.ts';
import { BACKUP_MEDIUM_LABELS, type BackupMedium, type BackupRunStatus } from '../../../shared/resilience/backup.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import { readTable } from '../ledger/index.ts';
import * as repo from './backup-plan.repository.ts';
import { planDisplayName } from './backup-plan.presenter.ts';
import { recordRunTx, runTimeIssues } from './backup-run.service.ts';
import { authorizeResilience } from './resilience.access.ts';

/**
 * Backup results from a CSV file (the backup software's job history, or a sheet kept by hand): a preview (create /
 * duplicate / error per row, every problem with its row and column) → on commit, every new run in one transaction and
 * one `import` audit event with the counts. Nothing is written while any row has an error. UTF-8 or Shift_JIS (and
 * .xlsx) as in the ledger import. Columns (Japanese or English headers, any order; other columns are ignored):
 * ジョブ名/job (a plan's job name) or 計画ID/plan, 開始日時/started_at, 終了日時/finished_at, 結果/status,
 * バイト数/bytes, メッセージ/message. Times without a zone are JST. Importing the same file again changes nothing.
 */

type Column = 'job' | 'plan' | 'started_at' | 'finished_at' | 'status' | 'bytes' | 'message';

const HEADERS: Record<string, Column> = {
  ジョブ名: 'job',
  ジョブ: 'job',
  job: 'job',
  job_name: 'job',
  計画id: 'plan',
  計画: 'plan',
  plan: 'plan',
  plan_id: 'plan',
  開始日時: 'started_at',
  開始: 'started_at',
  started_at: 'started_at',
  start: 'started_at',
  終了日時: 'finished_at',
  終了: 'finished_at',
  finished_at: 'finished_at',
  end: 'finished_at',
  結果: 'status',
  status: 'status',
  result: 'status',
  バイト数: 'bytes',
  サイズ: 'bytes',
  bytes: 'bytes',
  size: 'bytes',
  メッセージ: 'message',
  message: 'message',
};

const STATUS_WORDS: Record<string, BackupRunStatus> = {
  成功: 'success',
  正常: 'success',
  正常終了: 'success',
  success: 'success',
  succeeded: 'success',
  ok: 'success',
  失敗: 'failed',
  異常終了: 'failed',
  エラー: 'failed',
  failed: 'failed',
  failure: 'failed',
  error: 'failed',
  一部失敗: 'partial',
  警告: 'partial',
  partial: 'partial',
  warning: 'partial',
};

const MAX_LISTED_ROWS = 1000;

function headerKey(h: string): Column | undefined {
  const k = h.trim().replace(/^\uFEFF/, '').toLowerCase().replace(/[\s-]+/g, '_');
  return HEADERS[k] ?? HEADERS[k.replace(/_/g, '')];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * A cell as ISO UTC: ISO 8601 with Z or an offset as given; `YYYY-MM-DD HH:MM[:SS]` or `YYYY/M/D H:MM[:SS]` (also with
 * T) as JST. Null when not a real date and time.
 */
export function parseImportTime(cell: string): string | null {
  const v = cell.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i.test(v)) {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? null : new Date(ms).toISOString();
  }
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(v);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  const ms = Number((m[7] ?? '0').padEnd(3, '0'));
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const local = `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}.${pad(ms, 3)}+09:00`;
  const t = Date.parse(local);
  if (Number.isNaN(t)) return null;
  // Reject 2月30日 and the like: the JST calendar day must round-trip.
  const back = new Date(t + 9 * 3_600_000);
  if (back.getUTCDate() !== d || back.getUTCMonth() + 1 !== mo) return null;
  return new Date(t).toISOString();
}

type Issue = BackupImportResultDto['fileErrors'][number];
type Row = BackupImportResultDto['items'][number];

interface Analysis {
  encoding: 'utf8' | 'cp932' | null;
  rows: Row[];
  fileErrors: Issue[];
  plans: Map<string, repo.PlanRow>;
}

async function analyze(db: Db, facilityId: string, bytes: Buffer, now: Date): Promise<Analysis> {
  const read = await readTable(bytes);
  if (!read.ok) return { encoding: null, rows: [], fileErrors: read.issues.map((i) => ({ path: '', message: i.message, ...(i.value !== undefined && { value: i.value }) })), plans: new Map() };
  const { headers, rows: tableRows, encoding } = read.table;
  const index = new Map<Column, { i: number; header: string }>();
  headers.forEach((h, i) => {
    const key = headerKey(h);
    if (key && !index.has(key)) index.set(key, { i, header: h.trim() });
  });
  const fileErrors: Issue[] = [];
  if (!index.has('job') && !index.has('plan')) fileErrors.push({ path: 'job', message: 'missing_column' });
  for (const c of ['started_at', 'finished_at', 'status'] as const) if (!index.has(c)) fileErrors.push({ path: c, message: 'missing_column' });
  if (fileErrors.length > 0) return { encoding: encoding ?? null, rows: [], fileErrors, plans: new Map() };

  const active = await repo.listPlanRows(db, facilityId, { retired: 'false' });
  const byKey = new Map(active.filter((p) => p.external_key).map((p) => [p.external_key!, p]));
  const byId = new Map(active.map((p) => [p.id, p]));
  const existing = await repo.existingRunKeys(db, facilityId, active.map((p) => p.id));
  const firstRowOf = new Map<string, number>();
  const used = new Map<string, repo.PlanRow>();
  const label = (m: BackupMedium) => BACKUP_MEDIUM_LABELS[m].ja;

  const rows: Row[] = tableRows.map((r) => {
    const cell = (c: Column) => {
      const at = index.get(c);
      return at ? (r.cells[at.i] ?? '').trim() : '';
    };
    const path = (c: Column) => index.get(c)?.header ?? c;
    const errors: Issue[] = [];
    const fail = (c: Column, message: string, value?: string) => errors.push({ row: r.row, path: path(c), message, ...(value ? { value } : {}) });

    let plan: repo.PlanRow | undefined;
    const job = cell('job');
    const planId = cell('plan');
    if (job) {
      plan = byKey.get(job);
      if (!plan) fail('job', 'unknown_job', job);
    } else if (planId) {
      plan = byId.get(planId);
      if (!plan) fail('plan', 'unknown_plan', planId);
    } else fail(index.has('job') ? 'job' : 'plan', 'required');

    const times: Partial<Record<'started_at' | 'finished_at', string>> = {};
    for (const c of ['started_at', 'finished_at'] as const) {
      const v = cell(c);
      if (!v) fail(c, 'required');
      else {
        const t = parseImportTime(v);
        if (t) times[c] = t;
        else fail(c, 'invalid_datetime', v);
      }
    }
    if (times.started_at && times.finished_at) {
      for (const i of runTimeIssues(times.started_at, times.finished_at, now, { startedAt: 'started_at', finishedAt: 'finished_at' })) fail(i.path as Column, i.message);
    }
    const statusCell = cell('status');
    const status = STATUS_WORDS[statusCell.toLowerCase()];
    if (!statusCell) fail('status', 'required');
    else if (!status) fail('status', 'invalid_status', statusCell);
    let bytesValue: number | null = null;
    const bytesCell = cell('bytes').replace(/[,_\s]/g, '');
    if (bytesCell) {
      if (/^\d{1,16}$/.test(bytesCell) && Number(bytesCell) <= Number.MAX_SAFE_INTEGER) bytesValue = Number(bytesCell);
      else fail('bytes', 'invalid_bytes', cell('bytes'));
    }
    const message = cell('message').slice(0, 2000) || null;

    let action: Row['action'] = errors.length > 0 ? 'error' : 'create';
    let duplicateOf: number | null = null;
    if (plan && times.started_at && action === 'create') {
      const key = `${plan.id} ${times.started_at}`;
      if (existing.has(key)) action = 'duplicate';
      else if (firstRowOf.has(key)) {
        action = 'duplicate';
        duplicateOf = firstRowOf.get(key)!;
      } else firstRowOf.set(key, r.row);
      used.set(plan.id, plan);
    }
    return {
      row: r.row,
      action,
      planId: plan?.id ?? null,
      planName: plan ? planDisplayName(plan, label) : null,
      startedAt: times.started_at ?? null,
      finishedAt: times.finished_at ?? null,
      status: status ?? null,
      bytes: bytesValue,
      message,
      duplicateOf,
      errors,
    };
  });
  return { encoding: encoding ?? null, rows, fileErrors, plans: used };
}

function summary(fileName: string, a: Analysis, committed: boolean): BackupImportResultDto {
  const count = (action: Row['action']) => a.rows.filter((r) => r.action === action).length;
  return {
    fileName,
    encoding: a.encoding,
    rows: a.rows.length,
    create: count('create'),
    duplicate: count('duplicate'),
    errorRows: count('error'),
    items: a.rows.slice(0, MAX_LISTED_ROWS),
    fileErrors: a.fileErrors,
    committed,
  };
}

/** Whether the result has problems (file or rows): the route answers 422 on a commit that was refused. */
export function importHasErrors(r: BackupImportResultDto): boolean {
  return r.fileErrors.length > 0 || r.errorRows > 0;
}

/** Previews (dryRun) or imports a CSV of backup runs into a facility (resilience.write for both). */
export async function importBackupRuns(deps: Deps, caller: Caller, facilityId: string, bytes: Buffer, options: { fileName: string; dryRun: boolean }): Promise<BackupImportResultDto> {
  await authorizeResilience(deps, caller, facilityId, 'resilience.write');
  const now = deps.clock.now();
  if (options.dryRun) return summary(options.fileName, await analyze(deps.db, facilityId, bytes, now), false);
  return deps.db.transaction().execute(async (trx) => {
    const a = await analyze(trx, facilityId, bytes, now);
    const result = summary(options.fileName, a, false);
    if (importHasErrors(result)) return result;
    // Nothing new (the same file again): nothing to write, nothing to audit.
    if (result.create === 0) return { ...result, committed: true };
    let created = 0;
    for (const row of a.rows) {
      if (row.action !== 'create') continue;
      const plan = a.plans.get(row.planId!)!;
      const r = await recordRunTx(deps, trx, caller, plan, { startedAt: row.startedAt!, finishedAt: row.finishedAt!, status: row.status!, bytes: row.bytes, message: row.message }, 'csv', false);
      if (r.created) created++;
      else row.action = 'duplicate';
    }
    await recordAudit(deps, trx, caller, {
      facilityId,
      entityType: 'backup_run',
      entityId: null,
      action: 'import',
      after: { fileName: options.fileName || null, rows: a.rows.length, created, duplicate: a.rows.length - created, plans: [...a.plans.keys()].length },
    });
    return summary(options.fileName, a, true);
  });
}
