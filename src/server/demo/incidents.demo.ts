import { ZConnectionListQuery } from '../../shared/contracts/connections.contract.ts';
import { ZCaseTaskUpdate, ZTeamMemberCreate } from '../../shared/contracts/incident-cases.contract.ts';
import { ZCustodyCreate, ZEvidenceCreate, ZIncidentReviewUpdate, ZReviewActionCreate } from '../../shared/contracts/incident-evidence.contract.ts';
import { ZFilingInput } from '../../shared/contracts/incident-clocks.contract.ts';
import { ZCommInput, ZTimelineInput } from '../../shared/contracts/incident-records.contract.ts';
import { ZReportCreate } from '../../shared/contracts/incident-reports.contract.ts';
import type { Caller, Deps } from '../context.ts';
import { listConnections } from '../modules/connections/index.ts';
import {
  addAffected,
  addComm,
  addCustodyEntry,
  addEvidence,
  addObservablesBulk,
  addReviewAction,
  addTeamMember,
  addTimelineEntry,
  caseViewOf,
  changeCasePhase,
  closeCase,
  completeReview,
  createCase,
  createReport,
  openCaseFromReport,
  recordFiling,
  saveReview,
  updateCaseTask,
} from '../modules/incidents/index.ts';
import { findUserRowByEmail } from '../modules/users/index.ts';
import type { DemoSeeder } from './demo.ts';
import { assetsByTag, demoUserCaller, withinDemoTransaction } from './demo-support.ts';

/**
 * インシデント対応 of みなと総合病院:
 * - a closed past incident: a USB stick with 42 patients' discharge summaries lost on a train (data_leak_loss), with the
 *   PPC 速報/確報 and the notice to the patients filed, the review done and two lessons turned into actions;
 * - an open ransomware case that came in as a nurse's one-minute report 26 hours ago: ransom notes on the catering PC,
 *   entered through the catering contractor's FortiGate SSL-VPN (the risky line of the connections demo); the first
 *   report to MHLW and the police are filed, the PPC 速報 clock is running; team, tasks, timeline, observables,
 *   communications and one evidence item with its custody;
 * - one new report waiting in triage.
 * Times are relative to the demo clock, so the clocks are always "running" when the demo is loaded.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** ISO with the JST offset, as a person in Japan would type it. */
function jst(ms: number): string {
  const d = new Date(ms + 9 * HOUR);
  return `${d.toISOString().slice(0, 19)}+09:00`;
}

/** A JST wall-clock time on the day `days` before `nowMs` (hh:mm), never later than now. */
function daysAgoAt(nowMs: number, days: number, hh: number, mm: number): number {
  const jstNow = new Date(nowMs + 9 * HOUR);
  const day = Date.UTC(jstNow.getUTCFullYear(), jstNow.getUTCMonth(), jstNow.getUTCDate()) - days * DAY;
  return Math.min(nowMs, day + (hh * 60 + mm) * 60_000 - 9 * HOUR);
}

export const seedIncidentsDemo: DemoSeeder = async (deps, trx, _caller, facilityId) => {
  const d: Deps = withinDemoTransaction(deps, trx);
  const manager: Caller = await demoUserCaller(trx, 'anzen@minato-hp.example.jp');
  const itStaff: Caller = await demoUserCaller(trx, 'system@minato-hp.example.jp');
  const nurse: Caller = await demoUserCaller(trx, 'kango@minato-hp.example.jp');
  const userId = async (email: string) => (await findUserRowByEmail(trx, email))!.id;
  const now = deps.clock.now().getTime();

  await lostUsbCase(d, manager, facilityId, now, userId);
  await ransomwareCase(d, manager, itStaff, nurse, facilityId, now, userId);

  // Waiting in triage: another ward noticed something odd this morning.
  await createReport(
    d,
    nurse,
    facilityId,
    ZReportCreate.parse({
      what: '電子カルテ端末に「Windows Defender の警告」という見慣れない画面が出て、電話番号に電話するよう表示されている',
      where: '西病棟4階 ナースステーション 2番端末',
      occurredAt: jst(now - 40 * 60_000),
    }),
  );
};

async function lostUsbCase(d: Deps, manager: Caller, facilityId: string, now: number, userId: (email: string) => Promise<string>): Promise<void> {
  const discovered = daysAgoAt(now, 150, 18, 40);
  const c = await createCase(d, manager, facilityId, {
    title: '退院サマリを保存したUSBメモリの紛失(通勤電車内)',
    category: 'data_leak_loss',
    severity: 'medium',
    tlp: 'amber',
    discoveredAt: jst(discovered),
    facts: { personalData: true, affectedCount: 42, leakSuspected: true },
    description: '医師が自宅で作業するため持ち出したUSBメモリ(暗号化なし)を帰宅途中の電車内で紛失。42名分の退院サマリ(病名・処方を含む)。',
    summary: {
      who: '内科医師1名',
      what: '退院サマリ42名分を保存したUSBメモリ(暗号化なし)の紛失',
      when: '発覚: 当日18時40分(本人からの電話)',
      where: 'JR線 通勤電車内(推定)',
      why: '院外持ち出し規程の周知不足、暗号化されていない私物媒体の使用',
      how: '本人が帰宅後に紛失に気付き、医療安全管理室へ電話',
    },
  });
  const caseId = c.row.id;
  await addTeamMember(d, manager, caseId, ZTeamMemberCreate.parse({ role: 'head', userId: await userId('incho@minato-hp.example.jp') }));
  await addTeamMember(d, manager, caseId, ZTeamMemberCreate.parse({ role: 'legal', userId: await userId('anzen@minato-hp.example.jp') }));
  for (const t of c.tasks) await updateCaseTask(d, manager, t.id, ZCaseTaskUpdate.parse({ done: true }));
  await addTimelineEntry(d, manager, caseId, ZTimelineInput.parse({ occurredAt: jst(discovered + 40 * 60_000), kind: 'action', text: '鉄道会社の忘れ物センターと警察署へ遺失届を提出' }));
  await addTimelineEntry(d, manager, caseId, ZTimelineInput.parse({ occurredAt: jst(discovered + 3 * DAY), kind: 'note', text: '遺失物として見つからず。対象患者42名への通知文を作成' }));
  await recordFiling(d, manager, caseId, ZFilingInput.parse({ ruleId: 'ppc.preliminary', filedAt: jst(discovered + 2 * DAY + 3 * HOUR), reference: '個人情報保護委員会 漏えい等報告フォーム(速報)' }));
  await recordFiling(d, manager, caseId, ZFilingInput.parse({ ruleId: 'data_subjects.notice', filedAt: jst(discovered + 6 * DAY), reference: '対象患者42名へ郵送で通知', note: '問い合わせ窓口: 医療安全管理室' }));
  await recordFiling(d, manager, caseId, ZFilingInput.parse({ ruleId: 'ppc.final', filedAt: jst(discovered + 24 * DAY), reference: '個人情報保護委員会 漏えい等報告フォーム(確報)' }));
  for (const phase of ['reporting', 'investigation', 'disclosure', 'recovery'] as const) await changeCasePhase(d, manager, caseId, phase);
  await saveReview(
    d,
    manager,
    caseId,
    ZIncidentReviewUpdate.parse({
      wentWell: '本人が当日中に報告し、翌々日には委員会へ速報できた',
      wentWrong: '持ち出しの記録がなく、何件入っていたかの確認に2日かかった',
      lessons: '患者情報の院外持ち出しは原則禁止とし、例外は暗号化USBと持ち出し記録に限る',
      rootCause: '持ち出し規程が形骸化しており、暗号化されていない私物媒体が使われていた',
    }),
  );
  await completeReview(d, manager, caseId);
  const plusDays = (days: number) => new Date(now + days * DAY).toISOString().slice(0, 10);
  await addReviewAction(d, manager, caseId, ZReviewActionCreate.parse({ title: '暗号化USBメモリの配備と私物媒体の書込み禁止(端末の設定)', ownerUserId: await userId('system@minato-hp.example.jp'), dueOn: plusDays(30) }));
  await addReviewAction(d, manager, caseId, ZReviewActionCreate.parse({ title: '院外持ち出し規程の改定と全職員への周知', ownerUserId: await userId('anzen@minato-hp.example.jp'), dueOn: plusDays(-10) }));
  await closeCase(d, manager, caseId, '事後レビュー完了。再発防止策は対応アクションで追跡');
}

async function ransomwareCase(d: Deps, manager: Caller, itStaff: Caller, nurse: Caller, facilityId: string, now: number, userId: (email: string) => Promise<string>): Promise<void> {
  const discovered = now - 26 * HOUR;
  const report = await createReport(
    d,
    nurse,
    facilityId,
    ZReportCreate.parse({
      what: '給食管理端末の画面に英語の脅迫文が表示され、献立ファイルが開けない。拡張子が .lockbit になっている',
      where: '本館B1F 栄養科 事務室',
      occurredAt: jst(discovered - 10 * 60_000),
    }),
  );
  const opened = await openCaseFromReport(d, itStaff, report.id, {
    title: 'ランサムウェア感染(給食管理端末、委託業者VPN経由の疑い)',
    category: 'ransomware',
    severity: 'critical',
    tlp: 'amber',
    discoveredAt: jst(discovered),
    facts: { personalData: true, affectedCount: null, unauthorizedAccess: true, careDisrupted: true, crimeSuspected: true, leakSuspected: true, insured: { reportWithinHours: 72 } },
  });
  const caseId = opened.caseId;

  await addTeamMember(d, manager, caseId, ZTeamMemberCreate.parse({ role: 'head', userId: await userId('incho@minato-hp.example.jp'), contact: '090-0000-1001' }));
  await addTeamMember(d, manager, caseId, ZTeamMemberCreate.parse({ role: 'secretariat', userId: await userId('anzen@minato-hp.example.jp') }));
  await addTeamMember(d, manager, caseId, ZTeamMemberCreate.parse({ role: 'technical', userId: await userId('system@minato-hp.example.jp') }));
  await addTeamMember(d, manager, caseId, ZTeamMemberCreate.parse({ role: 'medical', name: '看護部長', contact: '内線 2001' }));

  const at = (hours: number) => jst(discovered + hours * HOUR);
  const timeline: [number, 'action' | 'note', string][] = [
    [0.2, 'action', '給食管理端末のLANケーブルを抜いて隔離(電源は入れたまま)'],
    [0.5, 'action', '給食委託業者 SSL-VPN を無効化し、FortiGate のWAN側を遮断'],
    [1, 'note', '院長へ報告し、対策本部を設置'],
    [2, 'action', '栄養科を紙運用(ダウンタイム手順)へ切替。食事オーダは病棟から紙で提出'],
    [5, 'note', '電子カルテ・PACS の各サーバに暗号化の痕跡なし(システム担当が確認)'],
    [20, 'note', 'バックアップ(オフライン保管、3日前取得)の読み出しを確認'],
  ];
  for (const [h, kind, text] of timeline) await addTimelineEntry(d, itStaff, caseId, ZTimelineInput.parse({ occurredAt: at(h), kind, text }));
  // A log time as the appliance wrote it (UTC).
  await addTimelineEntry(d, itStaff, caseId, ZTimelineInput.parse({ occurredAt: new Date(discovered - 30 * HOUR).toISOString().slice(0, 19), timeZone: 'UTC', kind: 'note', text: 'FortiGate のログ: 共用アカウント kyushoku で海外IPから SSL-VPN ログイン成功' }));

  const assets = await assetsByTag(d, itStaff, facilityId);
  for (const [tag, note] of [
    ['PC-402', '暗号化された端末(隔離済み)'],
    ['NW-061', '侵入経路と推定される VPN 装置'],
  ] as const) {
    const a = assets.get(tag);
    if (a) await addAffected(d, itStaff, caseId, { targetType: 'asset', targetId: a.id, note });
  }
  const lines = await listConnections(d, itStaff, facilityId, ZConnectionListQuery.parse({ q: '給食委託業者 SSL-VPN' }));
  const line = lines.items.find((l) => l.name === '給食委託業者 SSL-VPN');
  if (line) await addAffected(d, itStaff, caseId, { targetType: 'connection', targetId: line.id, note: '共用アカウントでの不正ログイン' });

  await addObservablesBulk(
    d,
    itStaff,
    caseId,
    [
      '203.0.113[.]45 VPN ログイン元(FortiGate ログ)',
      'account: kyushoku 共用アカウント',
      'file_name: Restore-My-Files.txt 脅迫文',
      'hxxp://lockbit-decryptor[.]example 脅迫文に記載のURL',
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 暗号化されたファイルの例',
    ].join('\n'),
  );

  const chart = { mhlw: '厚生労働省 医政局 特定医薬品開発支援・医療情報担当参事官室', police: '神奈川県警察 サイバー犯罪相談窓口', vendor: '株式会社みなとフードサービス(給食委託業者)', insurer: 'サイバー保険 事故受付窓口' };
  await addComm(d, manager, caseId, ZCommInput.parse({ occurredAt: at(0.7), direction: 'outgoing', channel: 'phone', party: chart.vendor, summary: 'VPN の停止と、本社側端末の調査を依頼' }));
  await addComm(d, manager, caseId, ZCommInput.parse({ occurredAt: at(1.5), direction: 'outgoing', channel: 'phone', party: chart.mhlw, summary: '第一報: 給食管理端末1台がランサムウェアに感染。診療への影響は限定的、個人情報漏えいのおそれあり' }));
  await addComm(d, manager, caseId, ZCommInput.parse({ occurredAt: at(4), direction: 'outgoing', channel: 'phone', party: chart.police, summary: '被害相談。証拠保全の方法について助言を受けた' }));
  await addComm(d, manager, caseId, ZCommInput.parse({ occurredAt: at(6), direction: 'incoming', channel: 'email', party: chart.insurer, summary: '事故受付番号の連絡。フォレンジック事業者の紹介あり' }));
  await recordFiling(d, manager, caseId, ZFilingInput.parse({ ruleId: 'mhlw.report', filedAt: at(1.5), reference: '電話(医療情報担当参事官室)' }));
  await recordFiling(d, manager, caseId, ZFilingInput.parse({ ruleId: 'police.report', filedAt: at(4), reference: '神奈川県警察 相談受理番号 R8-0412' }));

  const evidence = await addEvidence(
    d,
    itStaff,
    caseId,
    ZEvidenceCreate.parse({
      type: 'log',
      description: 'FortiGate 60E のイベントログ・VPNログ(発覚前14日分のエクスポート)',
      location: 'サーバ室 証拠保管庫 A-3(暗号化USB)',
      collectedBy: '情報 健太',
      collectedAt: at(3),
      sha256: '9f2c4c6a1b7e0d3f5a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f',
    }),
  );
  await addCustodyEntry(d, itStaff, evidence.row.id, ZCustodyCreate.parse({ action: 'handed_over', occurredAt: at(22), fromParty: '情報 健太', toParty: 'フォレンジック事業者(保険会社の紹介)', note: '複製を提供。原本は保管庫に残す' }));

  await changeCasePhase(d, manager, caseId, 'reporting');
  await changeCasePhase(d, manager, caseId, 'investigation');
  const view = await caseViewOf(d.db, caseId);
  const done = new Set(['rw-isolate', 'rw-cut-remote', 'rw-preserve-logs', 'rw-vendor-contact', 'rw-mhlw-contact', 'rw-hq', 'rw-downtime', 'rw-police']);
  for (const t of view?.tasks ?? []) if (t.playbook_item_id && done.has(t.playbook_item_id)) await updateCaseTask(d, itStaff, t.id, ZCaseTaskUpdate.parse({ done: true }));
}
