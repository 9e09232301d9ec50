import type { z } from 'zod';
import { ZConnectionCreate, type TConnectionCreate } from '../../shared/contracts/connections.contract.ts';
import type { Caller, Deps } from '../context.ts';
import type { Db } from '../db/database.ts';
import { createConnection, insertConnectionTx, rejectConnection, type LifecycleValues } from '../modules/connections/index.ts';
import { listSegments } from '../modules/ledger/index.ts';
import { listVendors } from '../modules/vendors/index.ts';
import { ZVendorListQuery } from '../../shared/contracts/vendors.contract.ts';
import type { DemoSeeder } from './demo.ts';
import { assetsByTag, demoUserCaller, withinDemoTransaction } from './demo-support.ts';
import { CATERING_VENDOR, DEMO_VENDOR_USER_EMAIL, EMR_VENDOR, LAB_VENDOR, MD_VENDOR, PACS_VENDOR, PHARMACY_VENDOR } from './vendors.demo.ts';

/**
 * The 外部接続・リモート保守台帳 of みなと総合病院: the lines of the Japanese ransomware cases next to a good example.
 * - the catering contractor's SSL-VPN on a FortiGate (FortiOS 6.0.4, past end of support, internet-facing), one
 *   shared account whose password has not changed since 2018, approval ended 2025-03-31 and still in use;
 * - the PACS vendor's RDP line through its own router, without authentication, approval ended in 2020;
 * - the EMR vendor's SSL-VPN with named accounts, MFA, weekday hours and logs: no flag;
 * - the CT/MRI maker's closed-network monitoring; the regional network link whose approval has just run out;
 * - two requests in the approval inbox (one filed by the demo vendor user), one rejected request with its reason
 *   (filed by IT staff, turned down by the security manager), and a retired ISDN line.
 *
 * Deterministic, fixed dates. Lines that exist already are recorded with their lifecycle (status and dates);
 * requests and the rejection go through the use cases as the demo users who would take them.
 */

/** The demo users who file and decide (see DEMO_USERS in demo.ts). */
const IT_STAFF_EMAIL = 'system@minato-hp.example.jp';
const SECURITY_MANAGER_EMAIL = 'anzen@minato-hp.example.jp';

const REGISTERED = '既存の回線を台帳に登録(2026年度 外部接続の棚卸し)';

/** What the API accepts (defaults not yet applied), with assets, vendor and segment named instead of by id. */
type DemoConnection = Omit<z.input<typeof ZConnectionCreate>, 'vendorId' | 'entryAssetId' | 'targetAssetIds' | 'segmentId'> & {
  vendor?: string;
  /** Asset tags (資産番号) of the sample ledger. */
  entry?: string;
  targets?: string[];
  /** The segment's name, for lines without an entry device in the ledger. */
  segment?: string;
};

/** Lines recorded with their lifecycle (they exist already). */
const RECORDED: (DemoConnection & { lifecycle: Partial<LifecycleValues> })[] = [
  {
    name: '給食委託業者 SSL-VPN',
    vendor: CATERING_VENDOR,
    purpose: '委託業者の本社から給食管理端末を操作し、食事オーダと献立を管理する',
    kind: 'ssl_vpn',
    entry: 'NW-061',
    targets: ['PC-402'],
    internetFacing: true,
    auth: 'password',
    accountMode: 'shared',
    accounts: 'kyushoku(本社・各事業所の担当者で共用)',
    logLocation: 'なし(装置内のみ)',
    credentialsRotatedOn: '2018-10-01',
    reviewIntervalMonths: 12,
    lastUsedOn: '2026-11-16',
    notes: 'VPN装置(FortiGate 60E)は委託業者が設置・管理。ファームウェア更新の記録なし',
    comment: REGISTERED,
    lifecycle: { status: 'expired', approvedOn: '2024-04-01', expiresOn: '2025-03-31', activatedOn: '2024-04-01' },
  },
  {
    name: 'PACS リモート保守(RDP)',
    vendor: PACS_VENDOR,
    purpose: 'PACS 画像サーバ・Webビューアサーバの障害対応と定期保守',
    kind: 'rdp',
    entry: 'NW-050',
    targets: ['SV-010', 'SV-011'],
    auth: 'none',
    accountMode: 'shared',
    accounts: 'Administrator(サーバのローカル管理者を共用)',
    logLocation: '記録なし',
    reviewIntervalMonths: 12,
    lastUsedOn: '2026-10-28',
    notes: 'ベンダーのルータから画像サーバへ直接リモートデスクトップ接続。病院側で接続を止める手段がない',
    comment: REGISTERED,
    lifecycle: { status: 'expired', approvedOn: '2019-09-01', expiresOn: '2020-08-31', activatedOn: '2019-09-01' },
  },
  {
    name: '電子カルテ リモート保守',
    vendor: EMR_VENDOR,
    purpose: '電子カルテの障害対応・定期保守(事前申請制)',
    kind: 'ssl_vpn',
    entry: 'NW-051',
    targets: ['SV-001', 'SV-002', 'SV-003', 'SV-004'],
    auth: 'mfa',
    accountMode: 'named',
    accounts: '保守担当者ごとの個人アカウント(4名)',
    allowedDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
    allowedFrom: '09:00',
    allowedTo: '18:00',
    logLocation: 'VPN装置 → syslog サーバ',
    credentialsRotatedOn: '2026-06-30',
    reviewIntervalMonths: 12,
    notes: '時間外の緊急接続は医療情報管理室の許可を得て一時的に開放する',
    comment: REGISTERED,
    lifecycle: { status: 'active', approvedOn: '2026-04-01', expiresOn: '2027-03-31', activatedOn: '2026-04-01' },
  },
  {
    name: 'CT・MRI リモート監視',
    vendor: MD_VENDOR,
    purpose: 'CT装置・MRI装置の稼働監視と故障の予兆検知(装置ログの送信のみ)',
    kind: 'closed_network',
    entry: 'NW-052',
    targets: ['MD-001', 'MD-002'],
    auth: 'certificate',
    accountMode: 'named',
    accounts: 'サービスエンジニアごとの証明書',
    logLocation: 'ルータ → syslog サーバ、メーカーの監視センター',
    credentialsRotatedOn: '2026-01-15',
    reviewIntervalMonths: 12,
    comment: REGISTERED,
    lifecycle: { status: 'active', approvedOn: '2026-01-15', expiresOn: '2027-01-14', activatedOn: '2026-01-20' },
  },
  {
    name: '旧PACS ISDN 保守回線',
    vendor: PACS_VENDOR,
    purpose: '旧PACS のリモート保守(PACS 更新に伴い撤去)',
    kind: 'dedicated_line',
    segment: '保守回線',
    auth: 'password',
    accountMode: 'shared',
    logLocation: '記録なし',
    reviewIntervalMonths: 12,
    notes: 'ISDN ターミナルアダプタは2023年3月に撤去済み',
    comment: REGISTERED,
    lifecycle: { status: 'retired', activatedOn: '2009-04-01', retiredOn: '2023-03-31' },
  },
  {
    name: '地域医療連携ネットワーク',
    purpose: '紹介状・検査結果・画像を連携病院と共有する(みなとネット)',
    kind: 'cloud_link',
    segment: 'インターネット系',
    targets: ['APP-001'],
    auth: 'certificate',
    accountMode: 'named',
    accounts: '連携サーバのクライアント証明書(医療機関ごと)',
    logLocation: '連携サーバ → syslog サーバ',
    credentialsRotatedOn: '2026-04-01',
    reviewIntervalMonths: 12,
    notes: '院内の連携サーバから外向きに接続(TLS・クライアント証明書)。承認の更新手続きが未了',
    comment: REGISTERED,
    lifecycle: { status: 'active', approvedOn: '2025-10-01', expiresOn: '2026-09-30', activatedOn: '2025-10-01' },
  },
];

/** Requests filed through the use case by a demo user (they wait in the approval inbox, or are rejected). */
const REQUESTS: (DemoConnection & { by: string; rejectedWith?: string })[] = [
  {
    by: IT_STAFF_EMAIL,
    name: '臨床検査システム 保守回線(IPsec)',
    vendor: LAB_VENDOR,
    purpose: '臨床検査システムの障害対応と検査マスタの更新',
    kind: 'ipsec_vpn',
    segment: '保守回線',
    targets: ['SV-012'],
    auth: 'password',
    accountMode: 'named',
    accounts: '保守担当者ごとの個人アカウント(2名)',
    allowedDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
    allowedFrom: '09:00',
    allowedTo: '17:00',
    logLocation: 'IPsec ルータ → syslog サーバ',
    credentialsRotatedOn: '2026-11-02',
    reviewIntervalMonths: 12,
    notes: '保守回線区分に新設するルータで終端する予定',
    comment: '現在は障害時に来院して対応しているため、復旧に半日以上かかっている。リモート保守の回線を新設したい(ラボシステムからの依頼)。',
  },
  {
    by: IT_STAFF_EMAIL,
    name: '薬剤部門システム リモートサポート(TeamViewer)',
    vendor: PHARMACY_VENDOR,
    purpose: '薬剤部門システムの操作サポートと障害対応',
    kind: 'other',
    targets: ['SV-013'],
    internetFacing: true,
    auth: 'password',
    accountMode: 'shared',
    accounts: 'TeamViewer の固定パスワード(サポート担当者で共用)',
    reviewIntervalMonths: 12,
    notes: 'サーバに TeamViewer を常駐させ、インターネット経由で接続する方式',
    comment: '薬剤部から、問い合わせのたびに来院を待つのは不便との要望があり、ベンダー推奨のリモートサポートを申請します。',
    rejectedWith: '常時待ち受け型のリモートツールは院内規程で不可。保守回線(IPsec)での再申請を依頼',
  },
  {
    by: DEMO_VENDOR_USER_EMAIL,
    name: '電子カルテ 更新作業用 臨時接続',
    vendor: EMR_VENDOR,
    purpose: '電子カルテ 8.3 へのバージョンアップ作業(土日夜間)',
    kind: 'ssl_vpn',
    entry: 'NW-051',
    targets: ['SV-001', 'SV-002', 'SV-003', 'SV-004'],
    auth: 'mfa',
    accountMode: 'named',
    accounts: '作業担当者ごとの個人アカウント(3名)',
    allowedDays: ['sat', 'sun'],
    allowedFrom: '22:00',
    allowedTo: '06:00',
    logLocation: 'VPN装置 → syslog サーバ',
    credentialsRotatedOn: '2026-06-30',
    reviewIntervalMonths: 1,
    comment: 'バージョンアップ作業の期間中だけ、土日の夜間に接続させてください。作業手順書は別途提出します。',
  },
];

/** Exposed for tests: the sample lines' names. */
export const DEMO_CONNECTION_NAMES = [...RECORDED, ...REQUESTS].map((c) => c.name);

export const seedConnectionsDemo: DemoSeeder = async (deps: Deps, trx: Db, caller: Caller, facilityId: string) => {
  const inTrx = withinDemoTransaction(deps, trx);
  const assets = await assetsByTag(inTrx, caller, facilityId);
  const segments = new Map((await listSegments(inTrx, caller, facilityId)).map((s) => [s.name, s.id]));
  const vendors = new Map((await listVendors(inTrx, caller, facilityId, ZVendorListQuery.parse({ pageSize: 500 }))).items.map((v) => [v.name, v.id]));
  const idOf = <T>(map: Map<string, T>, key: string, what: string): T => {
    const v = map.get(key);
    if (v === undefined) throw new Error(`demo connections: no ${what} ${key}`);
    return v;
  };
  const input = ({ vendor, entry, targets, segment, ...rest }: DemoConnection): TConnectionCreate =>
    ZConnectionCreate.parse({
      ...rest,
      vendorId: vendor ? idOf(vendors, vendor, 'vendor') : null,
      entryAssetId: entry ? idOf(assets, entry, 'asset').id : null,
      targetAssetIds: (targets ?? []).map((t) => idOf(assets, t, 'asset').id),
      segmentId: segment ? idOf(segments, segment, 'segment') : null,
    });

  for (const { lifecycle, ...c } of RECORDED) await insertConnectionTx(deps, trx, caller, facilityId, input(c), { lifecycle });
  const securityManager = await demoUserCaller(trx, SECURITY_MANAGER_EMAIL);
  for (const { by, rejectedWith, ...c } of REQUESTS) {
    const created = await createConnection(inTrx, await demoUserCaller(trx, by), facilityId, input(c));
    if (rejectedWith) await rejectConnection(inTrx, securityManager, facilityId, created.id, { comment: rejectedWith });
  }
};
