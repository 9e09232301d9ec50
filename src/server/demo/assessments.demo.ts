import type { AnswerUpdate } from '../../shared/contracts/assessments.contract.ts';
import { addMonths } from '../../shared/ledger.ts';
import type { Caller, Deps } from '../context.ts';
import type { Db } from '../db/database.ts';
import { addEvidenceFile, addEvidenceLink, answerItem, createAssessmentTx, createItemAction } from '../modules/assessments/index.ts';
import { createVendorLink } from '../modules/assessments/vendor-sheet.service.ts';
import { insertLedgerReviewTx, ledgerToday } from '../modules/ledger/index.ts';
import type { DemoSeeder } from './demo.ts';
import { demoUserCaller, withinDemoTransaction } from './demo-support.ts';
import { DEMO_VENDOR_USER_EMAIL, EMR_VENDOR, samplePdf } from './vendors.demo.ts';

/**
 * 現状調査 of みなと総合病院: the 令和7年度 MHLW checklist (医療機関確認用), half finished — about half of the items
 * answered with 確認日 and 担当者, a few いいえ with a 目標日 within the fiscal year, and three はい that the ledger
 * contradicts, so the disagreements show:
 * - 2① 台帳管理 はい, while the last 台帳の点検 was 14 months ago;
 * - 2② リモートメンテナンスの確認 はい, while the catering contractor's SSL-VPN and the PACS vendor's RDP line are past
 *   their approval and still used;
 * - 2③ MDS/SDS はい, while the PACS vendor (which maintains the PACS servers and has a line) never handed one in.
 * 2⑥ セキュリティパッチ is answered はい too: the catering contractor's FortiGate carries a known-exploited CVE whose
 * fix deadline (7 days from detection) passes a week after the demo is loaded, and the item then disagrees as well.
 *
 * Evidence: the appointment of the 医療情報システム安全管理責任者 as a small PDF, and the EMR vendor's remote-maintenance
 * line linked as a record. One action from a gap (unused accounts on the servers). The EMR vendor got its
 * 事業者確認用 (the demo vendor user answered part of it) and a link for its sales contact.
 *
 * Fixed dates within 令和7年度 (April 2025 – March 2026); only the ledger review is relative (14 months before the
 * day the demo is loaded), so that it is always too old.
 */

const SECURITY_MANAGER_EMAIL = 'anzen@minato-hp.example.jp';
const IT_STAFF_EMAIL = 'system@minato-hp.example.jp';

export const DEMO_ASSESSMENT = { frameworkId: 'mhlw-hospital', version: 'r7', title: '令和7年度 サイバーセキュリティ対策チェックリスト(医療機関確認用)' } as const;
export const DEMO_VENDOR_ASSESSMENT = { frameworkId: 'mhlw-vendor', version: 'r7', vendor: EMR_VENDOR } as const;
/** Items answered はい that the ledger contradicts when the demo is loaded. */
export const DEMO_CONTRADICTED_ITEMS = ['ledger', 'remote-maintenance', 'mds-sds'] as const;
/** The gap turned into an action. */
export const DEMO_ACTION_ITEM = 'unused-accounts-server';

type DemoAnswer = { itemId: string; by: 'sm' | 'it' } & AnswerUpdate;

const SM = '安全 花子';
const IT = '情報 健太';

/** The hospital sheet's answers, in the order they were given. */
const HOSPITAL_ANSWERS: DemoAnswer[] = [
  { itemId: 'gate', by: 'sm', answer: 'yes', checkedOn: '2025-10-06', responsible: SM, comment: '電子カルテ・部門システム・医事会計システムを運用' },
  {
    itemId: 'security-manager',
    by: 'sm',
    answer: 'yes',
    checkedOn: '2025-10-06',
    responsible: SM,
    comment: '2025年4月1日付で医療情報管理室長を医療情報システム安全管理責任者に任命(辞令を証跡として添付)',
  },
  { itemId: 'ledger', by: 'it', answer: 'yes', checkedOn: '2025-10-08', responsible: IT, comment: '情報資産台帳は mamori で管理している' },
  { itemId: 'remote-maintenance', by: 'it', answer: 'yes', checkedOn: '2025-10-08', responsible: IT, comment: 'リモート保守を行う事業者には電話で確認済み' },
  { itemId: 'mds-sds', by: 'it', answer: 'yes', checkedOn: '2025-10-09', responsible: IT, comment: '主要なシステムの事業者から受領済み' },
  {
    itemId: 'unused-accounts-server',
    by: 'it',
    answer: 'no',
    checkedOn: '2025-10-14',
    targetOn: '2026-01-31',
    responsible: IT,
    comment: '退職者のアカウントが電子カルテ DB サーバと PACS サーバに残っている。人事異動の情報と突き合わせて棚卸しする',
  },
  {
    itemId: 'unused-accounts-pc',
    by: 'it',
    answer: 'no',
    checkedOn: '2025-10-14',
    targetOn: '2026-03-31',
    responsible: IT,
    comment: '端末のローカル管理者アカウントが共通のまま。端末更新に合わせて整理する',
  },
  { itemId: 'patch', by: 'it', answer: 'yes', checkedOn: '2025-10-20', responsible: IT, comment: 'サーバ・端末は月次で更新プログラムを適用。ネットワーク機器は保守事業者が対応' },
  {
    itemId: 'password-policy',
    by: 'it',
    answer: 'no',
    checkedOn: '2025-10-20',
    targetOn: '2026-03-31',
    responsible: IT,
    comment: '委託業者の VPN 装置が共有アカウントで、パスワードを変更した記録がない',
  },
  {
    itemId: 'usb-restriction',
    by: 'it',
    answer: 'no',
    checkedOn: '2025-11-04',
    targetOn: '2026-02-27',
    responsible: IT,
    comment: '資産管理ソフトで USB ストレージの書込みを禁止する設定を検討中',
  },
  { itemId: 'contact-chart', by: 'sm', answer: 'yes', checkedOn: '2025-11-04', responsible: SM, comment: '院内・事業者・厚生労働省・警察への連絡体制図を2025年6月に改訂' },
  {
    itemId: 'backup-restore',
    by: 'sm',
    answer: 'no',
    checkedOn: '2025-11-04',
    targetOn: '2026-03-31',
    responsible: SM,
    comment: 'オフラインバックアップ(LTO)からの復旧手順を、年度内の訓練で確認する',
  },
];

/** The part of the 事業者確認用 the EMR vendor's user filled in. */
const VENDOR_ANSWERS: (AnswerUpdate & { itemId: string })[] = [
  { itemId: 'security-manager', answer: 'yes', checkedOn: '2025-11-10', responsible: '高橋 誠', comment: '医療ソリューション部長を管理責任者に任命' },
  { itemId: 'remote-maintenance', answer: 'yes', checkedOn: '2025-11-10', responsible: '中村 由美', comment: 'SSL-VPN 装置(Firepower 1010)経由。担当者ごとのアカウントと多要素認証' },
  { itemId: 'mds-sds', answer: 'yes', checkedOn: '2025-11-10', responsible: '高橋 誠', comment: 'SDS(JAHIS/JIRA 開示書 Ver.4.0 書式)を提出済み' },
  { itemId: 'patch', answer: 'yes', checkedOn: '2025-11-12', responsible: '中村 由美', comment: '保守対象のサーバは月次でパッチを適用' },
  {
    itemId: 'password-policy',
    answer: 'no',
    checkedOn: '2025-11-12',
    targetOn: '2026-03-31',
    responsible: '中村 由美',
    comment: 'サーバの保守用ローカルアカウントのパスワード規則を見直し中',
  },
];

async function idOf(query: Promise<{ id: string } | undefined>, what: string): Promise<string> {
  const row = await query;
  if (!row) throw new Error(`demo assessments: no ${what}`);
  return row.id;
}

export const seedAssessmentsDemo: DemoSeeder = async (deps: Deps, trx: Db, _caller: Caller, facilityId: string) => {
  const inTrx = withinDemoTransaction(deps, trx);
  const sm = await demoUserCaller(trx, SECURITY_MANAGER_EMAIL);
  const it = await demoUserCaller(trx, IT_STAFF_EMAIL);
  const vendorUser = await demoUserCaller(trx, DEMO_VENDOR_USER_EMAIL);

  // 台帳の点検, last done 14 months ago.
  await insertLedgerReviewTx(deps, trx, sm, facilityId, {
    reviewedOn: addMonths(ledgerToday(deps), -14),
    note: '年次の台帳点検。サーバ室と各部署の機器を現物と照合(医療情報管理室・保守事業者立会い)',
  });

  // The hospital sheet, half answered.
  const hospital = await createAssessmentTx(deps, trx, sm, facilityId, { frameworkId: DEMO_ASSESSMENT.frameworkId, version: DEMO_ASSESSMENT.version, title: DEMO_ASSESSMENT.title, fiscalYear: 2025 });
  for (const { itemId, by, ...answer } of HOSPITAL_ANSWERS) await answerItem(inTrx, by === 'sm' ? sm : it, hospital.id, itemId, answer);

  await addEvidenceFile(inTrx, sm, hospital.id, {
    itemId: 'security-manager',
    title: '医療情報システム安全管理責任者 任命辞令',
    bytes: samplePdf('Letter of appointment (sample)', [
      'Minato General Hospital',
      'Appointed as Medical Information System Security Manager',
      'from 1 April 2025.',
      'A placeholder file of the mamori demo hospital.',
    ]),
    fileName: '任命辞令_医療情報システム安全管理責任者_2025.pdf',
    contentType: 'application/pdf',
    note: '院長決裁済み(2025年3月28日)',
  });
  const emrLine = await idOf(
    trx.selectFrom('external_connections').select('id').where('facility_id', '=', facilityId).where('name', '=', '電子カルテ リモート保守').executeTakeFirst(),
    'EMR remote-maintenance line',
  );
  await addEvidenceLink(inTrx, it, hospital.id, {
    itemId: 'remote-maintenance',
    kind: 'record',
    title: '電子カルテ リモート保守の外部接続台帳',
    recordType: 'connection',
    recordId: emrLine,
    note: '承認済み・多要素認証・接続記録あり',
  });

  const itUserId = it.actor!.userId;
  await createItemAction(inTrx, it, hospital.id, DEMO_ACTION_ITEM, {
    title: '退職者・未使用アカウントの棚卸しと削除(サーバ)',
    description: '人事異動の一覧と電子カルテ DB サーバ・PACS サーバのアカウントを突き合わせ、不要なものを削除する。保守事業者の共用アカウントも確認する',
    ownerUserId: itUserId,
    dueOn: '2026-01-31',
  });

  // The EMR vendor's 事業者確認用: sent, and partly answered by the vendor's own user.
  const emrVendor = await idOf(
    trx.selectFrom('vendors').select('id').where('facility_id', '=', facilityId).where('name', '=', DEMO_VENDOR_ASSESSMENT.vendor).where('deleted_at', 'is', null).executeTakeFirst(),
    'EMR vendor',
  );
  const vendorSheet = await createAssessmentTx(deps, trx, sm, facilityId, { frameworkId: DEMO_VENDOR_ASSESSMENT.frameworkId, version: DEMO_VENDOR_ASSESSMENT.version, vendorId: emrVendor, fiscalYear: 2025 });
  await createVendorLink(inTrx, sm, vendorSheet.id, { expiresInDays: 30, recipient: '高橋 誠(m.takahashi@densi-karte.example.co.jp)' });
  for (const { itemId, ...answer } of VENDOR_ANSWERS) await answerItem(inTrx, vendorUser, vendorSheet.id, itemId, answer);
};
