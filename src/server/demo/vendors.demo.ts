import type { ContractClause } from '../../shared/vendors.ts';
import { CONTRACT_CLAUSES } from '../../shared/vendors.ts';
import {
  ZContractCreate,
  ZVendorContactCreate,
  ZVendorCreate,
  ZVendorDocumentCreate,
  type TContractCreate,
  type TVendorContactCreate,
  type TVendorCreate,
  type TVendorDocumentCreate,
} from '../../shared/contracts/vendors.contract.ts';
import { ZAssetUpdate } from '../../shared/contracts/ledger.contract.ts';
import type { Caller, Deps } from '../context.ts';
import type { Db } from '../db/database.ts';
import { updateAsset } from '../modules/ledger/index.ts';
import { insertContactTx, insertContractTx, insertDocumentTx, insertVendorTx, putDocumentFile, setVendorUsers } from '../modules/vendors/index.ts';
import { findUserRowByEmail } from '../modules/users/index.ts';
import type { DemoSeeder } from './demo.ts';
import { assetsByTag, withinDemoTransaction } from './demo-support.ts';

/**
 * The 委託事業者 of みなと総合病院: the thirteen companies named as maintainers in the sample ledger, with their
 * contacts (most with a 24-hour emergency number), contracts and the security clauses they state (seed 002), and the
 * MDS/SDS received. Made to show every vendor flag: the catering contractor has no emergency contact and its contract
 * ended (2025-03-31) while it still runs a VPN into the hospital; the PACS vendor's contract misses several clauses
 * and it never handed in an MDS/SDS; the ultrasound maker has no contract at all. The EMR vendor and the CT/MRI maker
 * are the good examples.
 *
 * Then every sample asset whose maintainer text is a vendor's name is linked to that vendor, and the demo vendor
 * user (vendor@densi-karte.example.co.jp) to 株式会社デンシカルテ.
 *
 * Deterministic, fixed dates. Every input goes through the API's validators first. Phone numbers use local numbers
 * starting with 0 (never assigned in Japan); 法人番号 are made up (type code 99) with a correct check digit.
 */

/** The demo user who acts for the EMR vendor (see DEMO_USERS in demo.ts). */
export const DEMO_VENDOR_USER_EMAIL = 'vendor@densi-karte.example.co.jp';

export const EMR_VENDOR = '株式会社デンシカルテ';
export const PACS_VENDOR = 'ミナトイメージング株式会社';
export const NETWORK_VENDOR = '湾岸ネットワークサービス株式会社';
export const MD_VENDOR = '東和メディカル株式会社';
export const CATERING_VENDOR = '株式会社みなとフードサービス';
export const LAB_VENDOR = '株式会社ラボシステム';
export const PHARMACY_VENDOR = '株式会社ファーマシステム';
export const SECURITY_VENDOR = '港セキュリティ株式会社';

const ALL: ContractClause[] = [...CONTRACT_CLAUSES];
const except = (...missing: ContractClause[]): ContractClause[] => CONTRACT_CLAUSES.filter((c) => !missing.includes(c));

interface DemoVendor {
  vendor: TVendorCreate;
  contacts: TVendorContactCreate[];
  contracts: TContractCreate[];
  documents: (TVendorDocumentCreate & { file?: { name: string; title: string; lines: string[] } })[];
}

const JAHIS_V4 = 'JAHIS/JIRA 開示書 Ver.4.0 書式';
const JAHIS_V3 = 'JAHIS/JIRA 開示書 Ver.3.0 書式';

function demoVendors(): DemoVendor[] {
  return [
    {
      vendor: {
        name: EMR_VENDOR,
        nameKana: 'デンシカルテ',
        corporateNumber: '4020099001001',
        address: '神奈川県横浜市西区高島1-9-9 みなとテクノビル5F',
        phone: '045-012-3400',
        email: 'info@densi-karte.example.co.jp',
        website: 'https://www.densi-karte.example.co.jp/',
        notes: '電子カルテ「MINATO-Karte」の開発・保守。院内常駐SE 1名(平日日中)。Active Directory と端末の保守も担当',
      },
      contacts: [
        { name: '高橋 誠', role: '営業担当(医療ソリューション部)', phone: '045-012-3401', email: 'm.takahashi@densi-karte.example.co.jp', emergency24h: false },
        { name: '保守サポートセンター', role: '障害受付(24時間365日)', phone: '045-012-3499', email: 'support@densi-karte.example.co.jp', emergency24h: true, notes: '受付番号を控え、医療情報管理室へ連絡すること' },
        { name: '中村 由美', role: '院内常駐SE(平日 8:30〜17:30)', phone: '045-012-3402', email: 'y.nakamura@densi-karte.example.co.jp', emergency24h: false },
      ],
      contracts: [
        {
          title: '電子カルテシステム 保守・運用支援契約',
          contractNumber: 'DK-2026-0412',
          startsOn: '2026-04-01',
          endsOn: '2027-03-31',
          autoRenew: false,
          scope: '電子カルテシステム(MINATO-Karte)のソフトウェア保守、サーバ・端末のハードウェア保守、リモート保守、障害時の24時間対応',
          clauses: ALL,
          notes: '別紙「情報セキュリティに関する特記事項」(2026年度版)を添付',
        },
      ],
      documents: [
        {
          kind: 'sds',
          subject: '電子カルテシステム MINATO-Karte 8.2',
          version: JAHIS_V4,
          receivedOn: '2026-04-10',
          notes: '保守契約の更新時に受領。リモート保守の接続方式(SSL-VPN・多要素認証)を記載',
          file: {
            name: 'SDS_MINATO-Karte_8.2.pdf',
            title: 'SDS - MINATO-Karte 8.2 (sample)',
            lines: ["Service provider's disclosure statement, JAHIS/JIRA form Ver.4.0", 'Densi Karte Co., Ltd.', 'A placeholder file of the mamori demo hospital.'],
          },
        },
      ],
    },
    {
      vendor: {
        name: PACS_VENDOR,
        nameKana: 'ミナトイメージング',
        corporateNumber: '3020099001002',
        address: '東京都港区芝浦3-9-9',
        phone: '03-0123-4500',
        email: 'sales@minato-imaging.example.co.jp',
        notes: 'PACS・RIS・読影端末の保守。画像サーバへのリモート保守は同社のルータ経由(RDP)',
      },
      contacts: [
        { name: '佐藤 健一', role: '営業担当', phone: '03-0123-4501', email: 'k.sato@minato-imaging.example.co.jp', emergency24h: false },
        { name: 'カスタマーサポートセンター', role: '保守窓口(24時間)', phone: '03-0123-4599', email: 'support@minato-imaging.example.co.jp', emergency24h: true },
      ],
      contracts: [
        {
          title: 'PACS・RIS 保守契約',
          contractNumber: 'MI-19-0901',
          startsOn: '2024-09-01',
          endsOn: '2027-08-31',
          autoRenew: false,
          scope: 'PACS・RIS のソフトウェア保守、画像サーバ・ストレージのハードウェア保守、リモート保守',
          clauses: except('subcontract_approval', 'no_private_pc', 'physical_access', 'web_restriction', 'id_password'),
          notes: '次回更新時に不足条項の追記と MDS/SDS の提出を依頼する',
        },
      ],
      documents: [],
    },
    {
      vendor: {
        name: NETWORK_VENDOR,
        nameKana: 'ワンガンネットワークサービス',
        corporateNumber: '2020099001003',
        address: '神奈川県川崎市川崎区駅前本町9-9',
        phone: '044-012-5600',
        email: 'info@wangan-net.example.co.jp',
        notes: 'コアスイッチ・ファイアウォール・インターネット境界 UTM など院内ネットワーク機器の保守',
      },
      contacts: [
        { name: '鈴木 大輔', role: '営業担当', phone: '044-012-5601', email: 'd.suzuki@wangan-net.example.co.jp', emergency24h: false },
        { name: 'ネットワーク監視センター(NOC)', role: '障害受付(24時間365日)', phone: '044-012-5699', email: 'noc@wangan-net.example.co.jp', emergency24h: true },
      ],
      contracts: [
        {
          title: '院内ネットワーク機器 保守契約(オンサイト・リモート)',
          contractNumber: 'WN-2021-033',
          startsOn: '2021-03-01',
          endsOn: '2027-02-28',
          autoRenew: true,
          scope: 'ネットワーク機器の障害対応(4時間以内オンサイト)、ファームウェア更新、設定変更、ログの月次報告',
          clauses: ALL,
          notes: '期間満了の3か月前までに申し出がなければ1年ごとに自動更新(終了日は現在の契約期間の満了日)',
        },
      ],
      documents: [],
    },
    {
      vendor: {
        name: MD_VENDOR,
        nameKana: 'トウワメディカル',
        corporateNumber: '7010499001004',
        address: '東京都文京区本郷9-9-9',
        phone: '03-0456-7800',
        email: 'info@towa-medical.example.co.jp',
        notes: 'CT・MRI・一般撮影装置の製造販売業者。装置の稼働監視を閉域網で実施',
      },
      contacts: [
        { name: '山本 直樹', role: '営業担当(画像診断機器)', phone: '03-0456-7801', email: 'n.yamamoto@towa-medical.example.co.jp', emergency24h: false },
        { name: 'カスタマーサポートセンター', role: '故障受付(24時間365日)', phone: '03-0456-7899', email: 'service@towa-medical.example.co.jp', emergency24h: true },
      ],
      contracts: [
        {
          title: 'CT・MRI・一般撮影装置 保守契約(フルメンテナンス)',
          contractNumber: 'TW-2025-118',
          startsOn: '2025-04-01',
          endsOn: '2028-03-31',
          autoRenew: false,
          scope: 'CT装置・MRI装置・一般撮影装置の定期点検(年2回)、故障修理、リモート監視、ソフトウェア更新(薬機法の承認範囲内)',
          clauses: ALL,
        },
      ],
      documents: [
        { kind: 'mds', subject: 'CT装置 TW-CT 64', version: JAHIS_V3, receivedOn: '2024-05-20', notes: 'OS(Windows 7)のサポート終了に伴うリスクと対策が記載されている' },
        { kind: 'mds', subject: 'MRI装置 TW-MR 1.5T', version: JAHIS_V3, receivedOn: '2024-05-20', notes: '装置は Windows XP。院内ネットワークからの分離を推奨' },
      ],
    },
    {
      vendor: {
        name: CATERING_VENDOR,
        nameKana: 'ミナトフードサービス',
        address: '神奈川県横浜市中区山下町9-9',
        phone: '045-012-7700',
        email: 'info@minato-food.example.co.jp',
        notes: '患者給食の委託業者。本社から VPN 経由で院内の給食管理端末を操作している(VPN装置は同社が管理)',
      },
      contacts: [
        { name: '田中 美穂', role: '本社 栄養管理部(平日 9:00〜17:00)', phone: '045-012-7701', email: 'm.tanaka@minato-food.example.co.jp', emergency24h: false },
        { name: '小林 浩二', role: '院内厨房 責任者', phone: '045-012-7702', emergency24h: false, notes: '夜間・休日の連絡先は未確認' },
      ],
      contracts: [
        {
          title: '患者給食業務委託契約',
          contractNumber: 'KS-2020-004',
          startsOn: '2020-04-01',
          endsOn: '2025-03-31',
          autoRenew: false,
          scope: '患者給食の献立作成・調理・配膳、食事オーダの受付(給食管理端末)',
          clauses: ['data_handling'],
          notes: '満了後も同条件で業務を継続(更新契約は未締結)。VPN装置とリモート接続の管理責任の記載なし',
        },
      ],
      documents: [],
    },
    {
      vendor: {
        name: LAB_VENDOR,
        nameKana: 'ラボシステム',
        address: '東京都大田区蒲田9-9-9',
        phone: '03-0789-1200',
        email: 'info@lab-system.example.co.jp',
        notes: '臨床検査システム(LabNavi)の開発・保守',
      },
      contacts: [
        { name: '渡辺 翔太', role: '保守担当', phone: '03-0789-1201', email: 's.watanabe@lab-system.example.co.jp', emergency24h: false },
        { name: 'サポートセンター', role: '障害受付(24時間)', phone: '03-0789-1299', email: 'support@lab-system.example.co.jp', emergency24h: true },
      ],
      contracts: [
        {
          title: '臨床検査システム 保守契約',
          contractNumber: 'LS-2025-021',
          startsOn: '2025-04-01',
          endsOn: '2027-03-31',
          autoRenew: false,
          scope: '臨床検査システムのソフトウェア保守、検査機器との接続保守、障害対応',
          clauses: except('no_private_pc', 'web_restriction'),
        },
      ],
      documents: [{ kind: 'sds', subject: '臨床検査システム LabNavi 3.0', version: JAHIS_V3, receivedOn: '2023-06-01' }],
    },
    {
      vendor: {
        name: PHARMACY_VENDOR,
        nameKana: 'ファーマシステム',
        address: '東京都千代田区神田須田町9-9',
        phone: '03-0321-4500',
        email: 'info@pharma-system.example.co.jp',
        notes: '薬剤部門システム(PharmaLink)の保守。リモートサポートツールの常時起動を求められている',
      },
      contacts: [
        { name: '伊藤 彩', role: '営業担当', phone: '03-0321-4501', email: 'a.ito@pharma-system.example.co.jp', emergency24h: false },
        { name: 'ヘルプデスク', role: '障害受付(24時間)', phone: '03-0321-4599', email: 'help@pharma-system.example.co.jp', emergency24h: true },
      ],
      contracts: [
        {
          title: '薬剤部門システム 保守契約',
          contractNumber: 'PS-2024-107',
          startsOn: '2024-04-01',
          endsOn: '2027-03-31',
          autoRenew: false,
          scope: '薬剤部門システムのソフトウェア保守、サーバ保守、電話・リモートによるサポート',
          clauses: except('subcontract_approval', 'no_private_pc', 'physical_access', 'web_restriction'),
        },
      ],
      documents: [],
    },
    {
      vendor: {
        name: 'さくら超音波株式会社',
        nameKana: 'サクラチョウオンパ',
        address: '東京都三鷹市下連雀9-9-9',
        phone: '0422-01-2300',
        email: 'info@sakura-us.example.co.jp',
        notes: '超音波診断装置の製造販売業者。保守契約はなく、故障時にスポットで修理を依頼している',
      },
      contacts: [{ name: 'サービスセンター', role: '修理受付(24時間)', phone: '0422-01-2399', email: 'service@sakura-us.example.co.jp', emergency24h: true }],
      contracts: [],
      documents: [],
    },
    {
      vendor: {
        name: '日本バイタル株式会社',
        nameKana: 'ニホンバイタル',
        address: '東京都新宿区西新宿9-9-9',
        phone: '03-0654-3200',
        email: 'info@nihon-vital.example.co.jp',
        notes: '生体情報モニタ・心電計・輸液ポンプ管理システム',
      },
      contacts: [
        { name: '木村 亮', role: '営業担当', phone: '03-0654-3201', email: 'r.kimura@nihon-vital.example.co.jp', emergency24h: false },
        { name: 'テクニカルサポートセンター', role: '故障受付(24時間365日)', phone: '03-0654-3299', emergency24h: true },
      ],
      contracts: [
        {
          title: '生体情報モニタ 保守契約',
          contractNumber: 'NV-2024-055',
          startsOn: '2024-04-01',
          endsOn: '2027-03-31',
          autoRenew: false,
          scope: 'セントラルモニタ・ベッドサイドモニタ・心電計の定期点検と修理',
          clauses: except('subcontract_approval', 'web_restriction', 'id_password'),
        },
      ],
      documents: [{ kind: 'mds', subject: 'セントラルモニタ CentralView CNS-9', version: JAHIS_V3, receivedOn: '2022-11-01' }],
    },
    {
      vendor: {
        name: '株式会社イジシステム',
        nameKana: 'イジシステム',
        corporateNumber: '9020099001005',
        address: '神奈川県横浜市港北区新横浜9-9-9',
        phone: '045-012-8800',
        email: 'info@iji-system.example.co.jp',
        notes: '医事会計システム(レセコン)とオンライン資格確認端末の保守',
      },
      contacts: [
        { name: '松本 恵', role: '保守担当', phone: '045-012-8801', email: 'm.matsumoto@iji-system.example.co.jp', emergency24h: false },
        { name: 'コールセンター', role: '障害受付(24時間)', phone: '045-012-8899', emergency24h: true },
      ],
      contracts: [
        {
          title: '医事会計システム 保守契約',
          contractNumber: 'IJ-2023-009',
          startsOn: '2023-04-01',
          endsOn: '2028-03-31',
          autoRenew: false,
          scope: '医事会計システムのソフトウェア保守(診療報酬改定対応を含む)、サーバ保守、オンライン資格確認端末の保守',
          clauses: except('web_restriction'),
        },
      ],
      documents: [{ kind: 'sds', subject: '医事会計システム IJI-Receipt 11', version: JAHIS_V4, receivedOn: '2025-05-12' }],
    },
    {
      vendor: {
        name: 'リコージャパン',
        nameKana: 'リコージャパン',
        email: 'mfp-support@ricoh-japan.example.co.jp',
        notes: '複合機の保守(カウンター保守)',
      },
      contacts: [{ name: 'サービス受付', role: '故障受付(24時間)', phone: '045-012-9900', emergency24h: true }],
      contracts: [
        {
          title: '複合機 保守契約(カウンター保守)',
          startsOn: '2020-10-01',
          endsOn: '2027-09-30',
          autoRenew: true,
          scope: '複合機の定期点検・修理・消耗品供給',
          clauses: ['data_handling', 'patching', 'breach_reporting'],
          notes: '1年ごとの自動更新(終了日は現在の契約期間の満了日)。HDD のデータ消去証明は入替時に提出',
        },
      ],
      documents: [],
    },
    {
      vendor: {
        name: '光学メディカル株式会社',
        nameKana: 'コウガクメディカル',
        corporateNumber: '8020099001006',
        address: '東京都八王子市旭町9-9',
        phone: '042-012-6600',
        email: 'info@kogaku-medical.example.co.jp',
        notes: '内視鏡システムの製造販売業者',
      },
      contacts: [{ name: 'サービスセンター', role: '故障受付(24時間)', phone: '042-012-6699', email: 'service@kogaku-medical.example.co.jp', emergency24h: true }],
      contracts: [
        {
          title: '内視鏡システム 保守契約',
          contractNumber: 'KM-2021-002',
          startsOn: '2021-01-01',
          endsOn: '2028-12-31',
          autoRenew: false,
          scope: '内視鏡システムの定期点検・修理・ソフトウェア更新',
          clauses: except('no_private_pc', 'web_restriction'),
        },
      ],
      documents: [{ kind: 'mds', subject: '内視鏡システム EVIS-X', version: JAHIS_V4, receivedOn: '2021-01-15' }],
    },
    {
      vendor: {
        name: SECURITY_VENDOR,
        nameKana: 'ミナトセキュリティ',
        address: '神奈川県横浜市中区尾上町9-9',
        phone: '045-012-4400',
        email: 'info@minato-security.example.co.jp',
        notes: '入退室管理システムとネットワークカメラ',
      },
      contacts: [{ name: '井上 剛', role: '営業担当(平日 9:00〜17:00)', phone: '045-012-4401', email: 't.inoue@minato-security.example.co.jp', emergency24h: false }],
      contracts: [
        {
          title: '入退室管理システム 保守契約',
          contractNumber: 'MS-2019-014',
          startsOn: '2019-04-01',
          endsOn: '2027-03-31',
          autoRenew: true,
          scope: '入退室管理システムの点検と修理',
          clauses: ['data_handling', 'access_limits'],
          notes: '1年ごとの自動更新(終了日は現在の契約期間の満了日)。ネットワークカメラは保守対象外',
        },
      ],
      documents: [],
    },
  ];
}

/** Exposed for tests: the sample vendors' names. */
export const DEMO_VENDOR_NAMES = demoVendors().map((v) => v.vendor.name);

/** A one-page PDF with a few lines of ASCII text (the stored MDS/SDS file of the demo). */
export function samplePdf(title: string, lines: readonly string[]): Buffer {
  const esc = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const text = [`BT /F1 16 Tf 56 780 Td (${esc(title)}) Tj ET`, ...lines.map((l, i) => `BT /F1 11 Tf 56 ${744 - i * 18} Td (${esc(l)}) Tj ET`)].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

export const seedVendorsDemo: DemoSeeder = async (deps: Deps, trx: Db, caller: Caller, facilityId: string) => {
  const inTrx = withinDemoTransaction(deps, trx);
  const vendorIds = new Map<string, string>();
  for (const v of demoVendors()) {
    const vendor = await insertVendorTx(deps, trx, caller, facilityId, ZVendorCreate.parse(v.vendor));
    vendorIds.set(vendor.name, vendor.id);
    for (const c of v.contacts) await insertContactTx(deps, trx, caller, facilityId, vendor.id, ZVendorContactCreate.parse(c));
    for (const c of v.contracts) await insertContractTx(deps, trx, caller, facilityId, vendor.id, ZContractCreate.parse(c));
    for (const { file, ...d } of v.documents) {
      const doc = await insertDocumentTx(deps, trx, caller, facilityId, vendor.id, ZVendorDocumentCreate.parse(d));
      if (file) await putDocumentFile(inTrx, caller, facilityId, vendor.id, doc.id, { bytes: samplePdf(file.title, file.lines), contentType: 'application/pdf', fileName: file.name });
    }
  }

  // Each sample asset whose maintainer is a vendor of the list becomes that vendor's (保守する委託事業者).
  const assets = [...(await assetsByTag(inTrx, caller, facilityId)).values()].sort((a, b) => (a.assetTag ?? '').localeCompare(b.assetTag ?? ''));
  for (const a of assets) {
    const vendorId = a.maintainer ? vendorIds.get(a.maintainer) : undefined;
    if (vendorId && a.vendorId !== vendorId) await updateAsset(inTrx, caller, facilityId, a.id, ZAssetUpdate.parse({ vendorId }));
  }

  const vendorUser = await findUserRowByEmail(trx, DEMO_VENDOR_USER_EMAIL);
  if (vendorUser) await setVendorUsers(inTrx, caller, facilityId, vendorIds.get(EMR_VENDOR)!, [vendorUser.id]);
};
