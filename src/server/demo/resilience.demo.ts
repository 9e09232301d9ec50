import { ZBackupPlanCreate } from '../../shared/contracts/resilience-backups.contract.ts';
import { ZVendorListQuery } from '../../shared/contracts/vendors.contract.ts';
import { fiscalYearOf, jstDateKey } from '../../shared/dates.ts';
import { addDays } from '../../shared/ledger.ts';
import { defaultBcpContent, type BcpContent } from '../../shared/resilience/bcp.ts';
import type { BackupRunStatus } from '../../shared/resilience/backup.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Caller, Deps } from '../context.ts';
import {
  addDrillAction,
  addExerciseAction,
  createBackupPlan,
  createBcpDraft,
  createExercise,
  generateBinder,
  planDrill,
  recordRunTx,
  saveBcpContent,
  setRecoveryTarget,
} from '../modules/resilience/index.ts';
import { findUserRowByEmail } from '../modules/users/index.ts';
import { listVendors } from '../modules/vendors/index.ts';
import type { DemoSeeder } from './demo.ts';
import { assetsByTag, demoUserCaller, withinDemoTransaction } from './demo-support.ts';
import { EMR_VENDOR, NETWORK_VENDOR, PACS_VENDOR } from './vendors.demo.ts';

/**
 * 備え (resilience) of みなと総合病院, relative to the demo clock:
 * - backup plans with 60 days of run history: the EMR (電子カルテシステム) to the NAS every night (online) and to LTO tape
 *   every week, taken out and kept in the safe (offline) — the tape's last success was 9 days ago and last week's run
 *   failed, so 「電子カルテシステムのオフラインバックアップが9日間成功していません」; PACS images to a NAS replica and to
 *   cloud storage with object lock (offline by 疑義解釈その7); the accounts system to an external HDD that stays
 *   plugged in (no offline copy). Other systems of criticality 1–2 have no plan yet (the ledger lists many);
 * - recovery targets (RTO/RPO) of the EMR, PACS, the accounts system, the core switch and the domain controller;
 * - a restore drill of the EMR from the NAS 45 days ago that restored everything but took 7.5 h against an RTO of 4 h,
 *   with a follow-up action; a planned PACS drill in 30 days;
 * - the cyber BCP 第1版 as a draft, mostly filled (給食 and 地域連携 still without a paper procedure), not submitted;
 * - last fiscal year's tabletop exercise (令和7年度 when the demo clock is in 令和8年度) on 「保守VPN経由のランサムウェアで
 *   電子カルテ停止」 with findings and an action.
 * 3(2) then says いいえ (the stale tape, systems without plans or drills) and 3(3) いいえ (the BCP is a draft).
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The EMR's tape: days since its last success when the demo is loaded. */
export const DEMO_TAPE_DAYS_SINCE_SUCCESS = 9;
export const DEMO_EMR_TAG = 'APP-001';
export const DEMO_EXERCISE_SCENARIO = '保守VPN経由のランサムウェアで電子カルテ停止';
export const DEMO_BACKUP_JOBS = { emrNas: 'EMR-DB-NAS-DAILY', emrTape: 'EMR-LTO-WEEKLY', pacsCloud: 'PACS-CLOUD-LOCK', pacsNas: 'PACS-ARCHIVE-REPL' } as const;

/** The moment `days` JST calendar days before `nowMs` at hh:mm JST (never later than now). */
function daysAgoAt(nowMs: number, days: number, hh: number, mm = 0): number {
  const jstNow = new Date(nowMs + 9 * HOUR);
  const day = Date.UTC(jstNow.getUTCFullYear(), jstNow.getUTCMonth(), jstNow.getUTCDate()) - days * DAY;
  return Math.min(nowMs, day + (hh * 60 + mm) * 60_000 - 9 * HOUR);
}
/** ISO with the JST offset, as a person in Japan (or the backup software) writes it. */
function jst(ms: number): string {
  return `${new Date(ms + 9 * HOUR).toISOString().slice(0, 19)}+09:00`;
}

interface DemoRun {
  daysAgo: number;
  hh: number;
  mm?: number;
  minutes: number;
  status?: BackupRunStatus;
  bytes?: number;
  message?: string;
}

export const seedResilienceDemo: DemoSeeder = async (deps, trx, _caller, facilityId) => {
  const d: Deps = withinDemoTransaction(deps, trx);
  const manager: Caller = await demoUserCaller(trx, 'anzen@minato-hp.example.jp');
  const itStaff: Caller = await demoUserCaller(trx, 'system@minato-hp.example.jp');
  const itStaffId = (await findUserRowByEmail(trx, 'system@minato-hp.example.jp'))!.id;
  const now = deps.clock.now().getTime();
  const today = jstDateKey(new Date(now));
  const assets = await assetsByTag(d, manager, facilityId);
  const asset = (tag: string) => {
    const a = assets.get(tag);
    if (!a) throw new Error(`demo resilience: no asset ${tag}`);
    return a;
  };
  const vendors = new Map((await listVendors(d, manager, facilityId, ZVendorListQuery.parse({ pageSize: 500 }))).items.map((v) => [v.name, v.id]));
  const vendor = (name: string) => vendors.get(name) ?? null;

  const emr = asset(DEMO_EMR_TAG);
  const pacs = asset('APP-002');
  const accounts = asset('APP-010');

  // ── Backup plans ───────────────────────────────────────────────────────────────────────────────
  const emrNas = await createBackupPlan(d, itStaff, facilityId, ZBackupPlanCreate.parse({
    assetId: emr.id,
    label: '電子カルテDB 日次NASバックアップ',
    scopes: ['data', 'configuration'],
    tool: 'Veeam Backup & Replication 12',
    medium: 'nas',
    disconnected: false,
    cloudImmutable: false,
    networkSeparated: false,
    generations: 14,
    everyDays: 1,
    scheduleNote: '毎日 2:00',
    location: 'on_site',
    storagePlace: '本館B1F サーバ室 ラック3(バックアップ NAS)',
    encrypted: true,
    keyHolder: '情報システム担当(鍵の控えは事務長室の金庫)',
    runBy: 'vendor',
    vendorId: vendor(EMR_VENDOR),
    restoreProcedure:
      '1. 保守事業者(デンシカルテ)に連絡し、リストア作業の立会いを依頼する\n2. NAS の最新世代から DB サーバ(主系)へリストアする\n3. 整合性チェックを実行し、オーダ・看護記録の件数を前日分と照合する\n4. AP サーバを起動し、部門システムとの連携を確認してから利用を再開する',
    externalKey: DEMO_BACKUP_JOBS.emrNas,
    notes: 'NAS はドメイン参加のため、ランサムウェアで同時に暗号化されるおそれがある',
  }));
  const emrTape = await createBackupPlan(d, itStaff, facilityId, ZBackupPlanCreate.parse({
    assetId: emr.id,
    label: '電子カルテ 週次LTOテープ(オフライン保管)',
    scopes: ['data', 'system_image'],
    tool: 'Veeam Backup & Replication 12(テープジョブ)',
    medium: 'tape',
    disconnected: true,
    cloudImmutable: false,
    networkSeparated: false,
    generations: 8,
    everyDays: 7,
    scheduleNote: '毎週 20:00。翌朝テープを取り出して別棟の金庫へ',
    location: 'on_site',
    storagePlace: '別棟1F 防災センター 金庫',
    encrypted: true,
    keyHolder: '事務長(暗号鍵の控えを紙で金庫に保管)',
    runBy: 'staff',
    restoreProcedure: '金庫から最新のテープを取り出し、テープ装置(ST-002)を DB サーバに接続してリストアする。手順書「LTO リストア手順 第2版」を参照',
    externalKey: DEMO_BACKUP_JOBS.emrTape,
  }));
  const pacsNas = await createBackupPlan(d, itStaff, facilityId, ZBackupPlanCreate.parse({
    assetId: pacs.id,
    label: 'PACS 画像アーカイブの複製',
    scopes: ['data'],
    tool: 'ONTAP SnapMirror',
    medium: 'nas',
    generations: 7,
    everyDays: 1,
    scheduleNote: '毎日 1:00',
    location: 'on_site',
    storagePlace: '本館B1F サーバ室',
    encrypted: false,
    runBy: 'vendor',
    vendorId: vendor(PACS_VENDOR),
    externalKey: DEMO_BACKUP_JOBS.pacsNas,
  }));
  const pacsCloud = await createBackupPlan(d, itStaff, facilityId, ZBackupPlanCreate.parse({
    assetId: pacs.id,
    label: 'PACS クラウドバックアップ(オブジェクトロック)',
    scopes: ['data', 'configuration'],
    tool: 'MI-PACS Cloud Archive',
    medium: 'cloud',
    cloudImmutable: true,
    generations: 30,
    everyDays: 1,
    scheduleNote: '毎日 3:00(30日間は書換え不可)',
    location: 'off_site',
    storagePlace: 'クラウドストレージ(国内リージョン、オブジェクトロック30日)',
    encrypted: true,
    keyHolder: 'ミナトイメージング株式会社(鍵の控えは情報システム担当)',
    runBy: 'vendor',
    vendorId: vendor(PACS_VENDOR),
    restoreProcedure: 'PACS ベンダーに連絡し、クラウドから画像サーバへ直近の世代を戻す(全件で約2日)。読影に必要な直近30日分を優先して戻す',
    externalKey: DEMO_BACKUP_JOBS.pacsCloud,
  }));
  const accountsHdd = await createBackupPlan(d, itStaff, facilityId, ZBackupPlanCreate.parse({
    assetId: accounts.id,
    label: '医事会計 外付けHDD',
    scopes: ['data'],
    medium: 'external_hdd',
    disconnected: false,
    generations: 5,
    everyDays: 1,
    scheduleNote: '毎日 21:00(医事課の担当者が結果を記録)',
    location: 'on_site',
    storagePlace: '本館1F 医事課 サーバ横(接続したまま)',
    encrypted: false,
    runBy: 'staff',
    restoreProcedure: '医事会計システムのベンダーに連絡し、外付けHDDから前日分を戻す',
  }));

  // ── 60 days of runs (as the backup software and the accounts office recorded them) ────────────
  const history = async (plan: { id: string }, source: 'webhook' | 'manual', runs: DemoRun[]) => {
    let created = 0;
    for (const r of runs) {
      const start = daysAgoAt(now, r.daysAgo, r.hh, r.mm ?? 0);
      const finish = start + r.minutes * 60_000;
      if (finish > now) continue;
      const res = await recordRunTx(
        d,
        trx,
        itStaff,
        { id: plan.id, facility_id: facilityId },
        { startedAt: jst(start), finishedAt: jst(finish), status: r.status ?? 'success', bytes: r.bytes ?? null, message: r.message ?? null },
        source,
        false,
      );
      if (res.created) created++;
    }
    // One audit event per plan, as the import does for a file of runs.
    await recordAudit(d, trx, itStaff, { facilityId, entityType: 'backup_run', entityId: null, action: 'import', after: { planId: plan.id, runs: created, source: 'demo' } });
  };
  const daily = (hh: number, minutes: number, bytes: number, failures: Record<number, string> = {}): DemoRun[] =>
    Array.from({ length: 60 }, (_, i) => 60 - i).concat([0]).map((daysAgo) => ({
      daysAgo,
      hh,
      minutes,
      bytes: failures[daysAgo] ? undefined : bytes + (60 - daysAgo) * 1_000_000_000,
      ...(failures[daysAgo] ? { status: 'failed' as const, message: failures[daysAgo] } : {}),
    }));
  await history(emrNas, 'webhook', daily(2, 48, 1_180_000_000_000, { 20: 'NAS の空き容量不足(世代の削除が遅れた)' }));
  const tapeRuns: DemoRun[] = [];
  for (let ago = DEMO_TAPE_DAYS_SINCE_SUCCESS; ago <= 60; ago += 7) tapeRuns.push({ daysAgo: ago, hh: 20, minutes: 200, bytes: 1_420_000_000_000 });
  // Last week's run failed and nobody ran it again: the offline copy is 9 days old.
  tapeRuns.push({ daysAgo: DEMO_TAPE_DAYS_SINCE_SUCCESS - 7, hh: 20, minutes: 12, status: 'failed', message: 'テープドライブのエラー(クリーニングが必要です)' });
  await history(emrTape, 'webhook', tapeRuns);
  await history(pacsNas, 'webhook', daily(1, 95, 24_000_000_000_000));
  await history(pacsCloud, 'webhook', daily(3, 180, 310_000_000_000));
  await history(accountsHdd, 'manual', daily(21, 25, 86_000_000_000, { 33: '外付けHDDの電源が入っていなかった', 12: '外付けHDDの電源が入っていなかった' }));

  // ── Recovery targets ───────────────────────────────────────────────────────────────────────────
  await setRecoveryTarget(d, manager, emr.id, {
    rtoHours: 4,
    rpoHours: 24,
    drillIntervalMonths: 6,
    recoveryNotes: 'コアスイッチとドメインコントローラの復旧後に、DB サーバ(主系)→ AP サーバの順に復旧する。保守事業者の立会いが必要',
  });
  await setRecoveryTarget(d, manager, pacs.id, { rtoHours: 24, rpoHours: 24, drillIntervalMonths: 12, recoveryNotes: '読影に必要な直近30日分の画像を優先して戻す' });
  await setRecoveryTarget(d, manager, accounts.id, { rtoHours: 48, rpoHours: 24, recoveryNotes: '復旧までは手書きの会計伝票で預り金を受ける' });
  await setRecoveryTarget(d, manager, asset('NW-001').id, { rtoHours: 2, rpoHours: 24, recoveryNotes: '設定ファイルは保守事業者が保管。予備機は湾岸ネットワークサービスの倉庫' });
  await setRecoveryTarget(d, manager, asset('SV-005').id, { rtoHours: 4, rpoHours: 24 });

  // ── Restore drills ─────────────────────────────────────────────────────────────────────────────
  const drillStart = daysAgoAt(now, 45, 9);
  const drill = await planDrill(d, itStaff, facilityId, {
    assetId: emr.id,
    planId: emrNas.id,
    notes: '休日に待機系の DB サーバを使って実施',
    performed: {
      startedAt: jst(drillStart),
      finishedAt: jst(drillStart + 7.5 * HOUR),
      dataAsOf: jst(daysAgoAt(now, 45, 2, 48)),
      restored: 'full',
      problems: 'DB のリストア後の整合性チェックに想定外の3時間かかった。手順書にない作業が多く、保守事業者への電話確認で待ち時間が生じた',
      performedBy: `情報 健太、${EMR_VENDOR} 保守担当`,
    },
  });
  await addDrillAction(d, manager, drill.id, {
    title: '復旧手順書に整合性チェックの手順と所要時間を追記し、目標復旧時間(4時間)に収まる手順に見直す',
    ownerUserId: itStaffId,
    dueOn: addDays(today, 30),
  });
  await planDrill(d, itStaff, facilityId, { assetId: pacs.id, planId: pacsCloud.id, plannedOn: addDays(today, 30), notes: 'クラウドから検証用サーバへ直近1週間分を戻す' });

  // ── An emergency binder printed before the BCP was drafted: its page then says the paper procedures changed ──
  await generateBinder(d, manager, facilityId, { format: 'html', lang: 'ja' });

  // ── The BCP 第1版 (draft, mostly filled) ───────────────────────────────────────────────────────
  const draft = await createBcpDraft(d, manager, facilityId);
  await saveBcpContent(d, manager, draft.id, { content: bcpContent(emr.id, pacs.id, vendor(EMR_VENDOR), vendor(PACS_VENDOR), vendor(NETWORK_VENDOR)), expectedVersion: draft.version });

  // ── Last fiscal year's tabletop exercise ────────────────────────────────────────────────────────
  const fiscalYear = fiscalYearOf(new Date(now));
  const heldOn = `${fiscalYear - 1}-11-12`;
  const exercise = await createExercise(d, manager, facilityId, {
    kind: 'tabletop',
    title: 'サイバー攻撃を想定した机上訓練',
    scenario: DEMO_EXERCISE_SCENARIO,
    status: 'done',
    heldOn,
    durationMinutes: 120,
    departments: ['医療情報管理室', '看護部', '医事課', '薬剤部', '放射線科', '検査科', '事務部'],
    participants: 18,
    timeline: [
      { at: '14:00', text: '夜勤帯に病棟から「電子カルテが開かない、画面に英語の脅迫文が出ている」と連絡(想定)' },
      { at: '14:10', text: '情報システム担当が保守VPNの遮断と院内ネットワークの切り離しを判断' },
      { at: '14:25', text: '院長を本部長として対策本部を設置。連絡体制図に沿って保守事業者・厚生労働省・警察へ連絡' },
      { at: '14:50', text: '各部門が紙運用へ切り替え。紙の伝票の保管場所を確認' },
      { at: '15:30', text: 'バックアップの状態を確認し、復旧順序と見通しを検討' },
      { at: '15:50', text: '振り返り' },
    ],
    wentWell: '連絡体制図に沿って30分以内に対策本部を立ち上げられた。外来・病棟は紙運用の手順を把握していた',
    findings: '保守VPNの遮断手順が担当者1名しか分からなかった。給食と地域連携の紙運用が決まっていない。テープの保管場所と取り出し方を知る職員が少ない',
    notes: '次年度は技術訓練(テープからの復旧)と合わせて実施したい',
  });
  await addExerciseAction(d, manager, exercise.id, {
    title: '保守VPNの緊急遮断手順を手順書にし、夜間・休日の担当者にも周知する',
    ownerUserId: itStaffId,
    dueOn: `${fiscalYear - 1}-12-27`,
  });
};

/** The BCP content: the defaults, with the command post, most departments' paper procedures and two recovery procedures. */
function bcpContent(emrId: string, pacsId: string, emrVendor: string | null, pacsVendor: string | null, networkVendor: string | null): BcpContent {
  const base = defaultBcpContent('みなと総合病院');
  const paper: Record<string, { paperProcedure: string; materials: string; owner: string; onRecovery: string }> = {
    外来: {
      paperProcedure: '受付は紙の受付票で番号を発行する。診察は紙カルテ(2号用紙)に記載し、処方・検査は複写式の伝票で各部門へ運ぶ',
      materials: '外来各科の棚「ダウンタイム箱」(受付票、2号用紙、処方箋、検査伝票)',
      owner: '外来看護師長',
      onRecovery: '紙の記録を2週間以内に電子カルテへ入力し、入力済みの印を付けて保管する',
    },
    '病棟(紙カルテ運用)': {
      paperProcedure: '直近の印刷済みサマリー(毎日6時に自動印刷)を使い、指示は指示簿、看護記録は経過表に手書きする',
      materials: 'ナースステーションの「ダウンタイム箱」(指示簿、経過表、与薬チェック表)',
      owner: '各病棟看護師長',
      onRecovery: '復旧後に指示と与薬の記録を優先して入力する',
    },
    検査: {
      paperProcedure: '検査依頼は伝票で受け、検体には手書きラベルを貼る。至急検査の結果は電話で伝え、紙の報告書を届ける',
      materials: '検査科受付の棚(依頼伝票、手書きラベル、報告書様式)',
      owner: '検査科技師長',
      onRecovery: '検査システムに結果を再入力し、電話連絡した結果と照合する',
    },
    放射線: {
      paperProcedure: '撮影依頼は伝票で受け、装置のローカル保存で撮影する。至急の読影は装置のモニタで行う',
      materials: '放射線科受付(撮影依頼伝票)',
      owner: '放射線科技師長',
      onRecovery: '装置に残った画像を PACS へ送り直す',
    },
    薬剤: {
      paperProcedure: '紙の処方箋で調剤し、薬歴は前回の印刷物と患者の申告で確認する。注射は定数配置薬で対応する',
      materials: '薬剤部の棚(処方箋、注射箋、定数配置薬の一覧)',
      owner: '薬剤部長',
      onRecovery: '調剤の記録を薬剤部門システムへ入力する',
    },
    会計: {
      paperProcedure: '診療費は後日精算とし、預り金(一律5,000円)を受けて手書きの預り証を渡す',
      materials: '医事課の金庫(預り証、会計伝票)',
      owner: '医事課長',
      onRecovery: '会計伝票から医事会計システムへ入力し、後日精算の案内を送る',
    },
  };
  return {
    ...base,
    command: { ...base.command, place: '本館2F 第1会議室', alternatePlace: '別棟1F 防災センター', notes: '本部に紙の連絡体制図とホワイトボードを用意する' },
    departments: base.departments.map((dep) => ({ ...dep, ...(paper[dep.name] ?? {}) })),
    recovery: [
      {
        assetId: emrId,
        systemName: '電子カルテシステム',
        procedure: 'ネットワークを切り離したまま、オフラインのテープから検証環境に戻して感染していないことを確かめ、DB サーバ(主系)→ AP サーバの順に復旧する',
        owner: '情報システム担当',
        vendorIds: [emrVendor, networkVendor].filter((v): v is string => v !== null),
        prerequisites: 'コアスイッチとドメインコントローラの復旧、パスワードの一斉変更',
      },
      {
        assetId: pacsId,
        systemName: 'PACS(医用画像管理システム)',
        procedure: 'クラウドのオブジェクトロック領域から直近30日分を優先して戻す',
        owner: '放射線科技師長',
        vendorIds: pacsVendor ? [pacsVendor] : [],
        prerequisites: '部門系ネットワークの安全確認',
      },
    ],
    checklist: {
      'normal.network_diagram': { checked: true, note: '台帳から出力したものを年1回更新' },
      'normal.device_list': { checked: true, note: '' },
      'normal.contact_chart': { checked: true, note: '' },
      'detection.report_route': { checked: true, note: '' },
    },
  };
}
