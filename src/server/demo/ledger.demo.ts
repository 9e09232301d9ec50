import { ZAssetCreate, ZSegmentCreate, ZSegmentFlowCreate, type TAssetCreate, type TSegmentCreate } from '../../shared/contracts/ledger.contract.ts';
import type { SegmentPurpose } from '../../shared/ledger.ts';
import type { Caller, Deps } from '../context.ts';
import type { Db } from '../db/database.ts';
import { insertAssetTx, insertFlowTx, insertRelationTx, insertSegmentTx } from '../modules/ledger/index.ts';
import type { DemoSeeder } from './demo.ts';

/**
 * The sample ledger of みなと総合病院 (320 beds): six network segments, the flows allowed between them and
 * about 150 assets — an EMR with its servers and 80 client PCs, PACS, medical devices on an old Windows,
 * the catering contractor's FortiGate on FortiOS 6.0.4 with a shared account, and the PACS vendor's remote
 * maintenance router (RDP, no authentication) that the ransomware cases of Japanese hospitals entered through.
 *
 * Deterministic: the same data every time (no randomness, no dates relative to today). Every input goes
 * through the API's validators first. Two addresses lie outside their segment on purpose, so that the flag shows.
 */

type SegmentKey = 'emr' | 'dept' | 'md' | 'inet' | 'maint' | 'office';

const SEGMENTS: (TSegmentCreate & { key: SegmentKey; purpose: SegmentPurpose })[] = [
  { key: 'emr', name: '電子カルテ系', vlan: 10, cidrs: ['10.10.0.0/16'], purpose: 'emr', notes: '電子カルテ・オーダリングと院内端末。インターネット接続なし' },
  { key: 'dept', name: '部門系', vlan: 20, cidrs: ['10.20.0.0/16'], purpose: 'departmental', notes: 'PACS・検査・放射線・薬剤などの部門システム' },
  { key: 'md', name: '医療機器系', vlan: 30, cidrs: ['10.30.0.0/16'], purpose: 'medical_device', notes: 'CT・MRI・超音波・生体情報モニタなど。原則として外部接続なし' },
  { key: 'inet', name: 'インターネット系', vlan: 100, cidrs: ['192.168.100.0/24', '203.0.113.0/28'], purpose: 'internet', notes: 'DMZ とインターネット接続用端末。203.0.113.0/28 は固定グローバルIP' },
  { key: 'maint', name: '保守回線', vlan: 200, cidrs: ['172.16.200.0/24'], purpose: 'maintenance', notes: 'ベンダーのリモート保守回線の終端' },
  { key: 'office', name: '事務系', vlan: 40, cidrs: ['10.40.0.0/16'], purpose: 'office', notes: '医事・総務・給食などの事務端末' },
];

const FLOWS: { from: SegmentKey; to: SegmentKey; services: string; description: string }[] = [
  { from: 'emr', to: 'dept', services: 'HL7 (TCP 2575), HTTPS', description: 'オーダ送信(検査・放射線・薬剤)' },
  { from: 'dept', to: 'emr', services: 'HL7 (TCP 2575), SS-MIX2', description: '検査結果・画像レポートの返却' },
  { from: 'md', to: 'dept', services: 'DICOM (TCP 104)', description: 'モダリティから PACS への画像送信' },
  { from: 'dept', to: 'md', services: 'DICOM MWL (TCP 104)', description: 'RIS からモダリティへのワークリスト' },
  { from: 'maint', to: 'dept', services: 'RDP (TCP 3389)', description: 'PACS ベンダーのリモート保守' },
  { from: 'maint', to: 'emr', services: 'HTTPS, SSH', description: '電子カルテベンダーのリモート保守(SSL-VPN 経由)' },
  { from: 'maint', to: 'md', services: 'HTTPS', description: 'CT・MRI メーカーのリモート監視' },
  { from: 'office', to: 'inet', services: 'HTTP/HTTPS (プロキシ経由)', description: '事務端末のインターネット閲覧・メール' },
  { from: 'inet', to: 'office', services: 'SSL-VPN', description: '給食委託業者の VPN から給食管理端末へ' },
  { from: 'office', to: 'emr', services: 'HTTPS', description: '医事会計システムと電子カルテの連携' },
];

const EMR_VENDOR = '株式会社デンシカルテ';
const PACS_VENDOR = 'ミナトイメージング株式会社';
const NETWORK_VENDOR = '湾岸ネットワークサービス株式会社';
const MD_VENDOR = '東和メディカル株式会社';

type DemoAsset = Omit<TAssetCreate, 'segmentId' | 'ips' | 'macs' | 'tags' | 'holdsPatientData' | 'exposure'> & {
  key?: string;
  segment?: SegmentKey;
  ips?: string[];
  macs?: string[];
  tags?: string[];
  holdsPatientData?: boolean;
  exposure?: TAssetCreate['exposure'];
};

const pad = (n: number, w = 3) => String(n).padStart(w, '0');

/** The floors and rooms where the 80 EMR client PCs stand. */
const PC_LOCATIONS = ['本館1F 外来受付', '本館1F 内科外来', '本館1F 外科外来', '本館2F 検査科', '本館2F 放射線科', '東館3F 病棟ナースステーション', '東館4F 病棟ナースステーション', '東館5F 病棟ナースステーション', '西館3F ICU', '西館4F 手術部'];
const PC_DEPARTMENTS = ['医事課', '内科', '外科', '検査科', '放射線科', '看護部', '看護部', '看護部', '看護部', '手術部'];

function demoAssets(): DemoAsset[] {
  const a: DemoAsset[] = [];

  // --- 電子カルテ系 ------------------------------------------------------------------------------
  a.push(
    { key: 'emr', name: '電子カルテシステム', assetTag: 'APP-001', type: 'application', vendor: EMR_VENDOR, product: 'MINATO-Karte', version: '8.2.1', criticality: 1, holdsPatientData: true, segment: 'emr', department: '医療情報管理室', maintainer: EMR_VENDOR, installDate: '2021-04-01', tags: ['電子カルテ', 'BCP'], notes: '停止時は紙運用(ダウンタイム手順書 第3版)' },
    { key: 'emr-db1', name: '電子カルテ DBサーバ(主系)', assetTag: 'SV-001', type: 'server', vendor: 'Dell', product: 'PowerEdge R750', version: 'BIOS 1.10.2', os: 'Windows Server 2019', ips: ['10.10.1.11'], macs: ['00:1a:2b:10:01:11'], hostname: 'emr-db01', criticality: 1, holdsPatientData: true, segment: 'emr', location: '本館B1F サーバ室', department: '医療情報管理室', maintainer: EMR_VENDOR, installDate: '2021-03-15', endOfSupport: '2029-01-09', lastPatched: '2026-10-20', tags: ['電子カルテ'] },
    { key: 'emr-db2', name: '電子カルテ DBサーバ(待機系)', assetTag: 'SV-002', type: 'server', vendor: 'Dell', product: 'PowerEdge R750', version: 'BIOS 1.10.2', os: 'Windows Server 2019', ips: ['10.10.1.12'], macs: ['00:1a:2b:10:01:12'], hostname: 'emr-db02', criticality: 1, holdsPatientData: true, segment: 'emr', location: '本館B1F サーバ室', department: '医療情報管理室', maintainer: EMR_VENDOR, installDate: '2021-03-15', endOfSupport: '2029-01-09', lastPatched: '2026-10-20', tags: ['電子カルテ'] },
    { key: 'emr-ap1', name: '電子カルテ APサーバ1', assetTag: 'SV-003', type: 'server', vendor: 'Dell', product: 'PowerEdge R650', version: 'BIOS 1.9.1', os: 'Windows Server 2019', ips: ['10.10.1.21'], hostname: 'emr-ap01', criticality: 1, holdsPatientData: true, segment: 'emr', location: '本館B1F サーバ室', department: '医療情報管理室', maintainer: EMR_VENDOR, installDate: '2021-03-15', endOfSupport: '2029-01-09', lastPatched: '2026-10-20', tags: ['電子カルテ'] },
    { key: 'emr-ap2', name: '電子カルテ APサーバ2', assetTag: 'SV-004', type: 'server', vendor: 'Dell', product: 'PowerEdge R650', version: 'BIOS 1.9.1', os: 'Windows Server 2019', ips: ['10.10.1.22'], hostname: 'emr-ap02', criticality: 1, holdsPatientData: true, segment: 'emr', location: '本館B1F サーバ室', department: '医療情報管理室', maintainer: EMR_VENDOR, installDate: '2021-03-15', endOfSupport: '2029-01-09', lastPatched: '2026-10-20', tags: ['電子カルテ'] },
    { key: 'emr-data', name: '電子カルテ 診療記録データ', assetTag: 'DATA-001', type: 'data_store', criticality: 1, holdsPatientData: true, segment: 'emr', department: '医療情報管理室', notes: '約18万人分の診療録・オーダ・看護記録' },
    { name: 'ドメインコントローラ1', assetTag: 'SV-005', type: 'server', vendor: 'HPE', product: 'ProLiant DL360 Gen10', version: 'iLO 5 2.78', os: 'Windows Server 2016', ips: ['10.10.1.5'], hostname: 'dc01', criticality: 1, segment: 'emr', location: '本館B1F サーバ室', department: '医療情報管理室', maintainer: EMR_VENDOR, installDate: '2018-03-20', endOfSupport: '2027-01-12', lastPatched: '2026-09-15', tags: ['Active Directory'] },
    { name: 'ドメインコントローラ2', assetTag: 'SV-006', type: 'server', vendor: 'HPE', product: 'ProLiant DL360 Gen10', version: 'iLO 5 2.78', os: 'Windows Server 2016', ips: ['10.10.1.6'], hostname: 'dc02', criticality: 1, segment: 'emr', location: '本館B1F サーバ室', department: '医療情報管理室', maintainer: EMR_VENDOR, installDate: '2018-03-20', endOfSupport: '2027-01-12', lastPatched: '2026-09-15', tags: ['Active Directory'] },
    { key: 'nas', name: 'バックアップ NAS', assetTag: 'ST-001', type: 'storage', vendor: 'Synology', product: 'RackStation RS3621xs+', version: 'DSM 7.2.1', ips: ['10.10.1.50'], hostname: 'backup-nas01', criticality: 2, holdsPatientData: true, segment: 'emr', location: '本館B1F サーバ室', department: '医療情報管理室', maintainer: EMR_VENDOR, installDate: '2022-06-01', lastPatched: '2026-06-10', tags: ['バックアップ'], notes: '電子カルテ DB の日次バックアップ。ドメイン参加のためランサムウェアで同時に暗号化されるおそれ' },
    { name: 'オフラインバックアップ(LTO)', assetTag: 'ST-002', type: 'storage', vendor: 'HPE', product: 'StoreEver MSL2024', version: 'LTO-8 fw 3.10', criticality: 2, holdsPatientData: true, segment: 'emr', location: '本館B1F サーバ室', department: '医療情報管理室', maintainer: EMR_VENDOR, installDate: '2022-06-01', tags: ['バックアップ', 'オフライン'], notes: '週次で取り出し、別棟の金庫に保管' },
    { key: 'core-sw', name: 'コアスイッチ', assetTag: 'NW-001', type: 'network_device', vendor: 'Cisco', product: 'Catalyst 9500', version: 'IOS XE 17.9.4', ips: ['10.10.0.1'], hostname: 'core-sw01', criticality: 1, segment: 'emr', location: '本館B1F サーバ室', department: '医療情報管理室', maintainer: NETWORK_VENDOR, installDate: '2021-03-01', endOfSupport: '2030-10-31', lastPatched: '2026-04-01' },
    { key: 'fw', name: '院内ファイアウォール', assetTag: 'NW-002', type: 'firewall', vendor: 'Palo Alto Networks', product: 'PA-3220', version: 'PAN-OS 10.2.9', ips: ['10.10.0.254'], hostname: 'fw-core01', criticality: 1, segment: 'emr', location: '本館B1F サーバ室', department: '医療情報管理室', maintainer: NETWORK_VENDOR, installDate: '2021-03-01', endOfSupport: '2027-08-27', lastPatched: '2026-07-01', notes: '各区分間の通信を制御' },
  );
  for (let f = 1; f <= 6; f++) {
    a.push({ name: `フロアスイッチ ${['本館1F', '本館2F', '東館3F', '東館4F', '東館5F', '西館3F'][f - 1]}`, assetTag: `NW-${pad(10 + f)}`, type: 'network_device', vendor: 'Cisco', product: 'Catalyst 9200', version: 'IOS XE 17.6.5', ips: [`10.10.0.${10 + f}`], hostname: `fl-sw${pad(f, 2)}`, criticality: 2, segment: 'emr', location: `${['本館1F', '本館2F', '東館3F', '東館4F', '東館5F', '西館3F'][f - 1]} EPS`, department: '医療情報管理室', maintainer: NETWORK_VENDOR, installDate: '2021-03-01', endOfSupport: '2029-10-31' });
  }
  a.push({ name: '無線LANコントローラ', assetTag: 'NW-020', type: 'network_device', vendor: 'Cisco', product: 'Catalyst 9800-L', version: 'IOS XE 17.9.4', ips: ['10.10.0.20'], hostname: 'wlc01', criticality: 2, segment: 'emr', location: '本館B1F サーバ室', department: '医療情報管理室', maintainer: NETWORK_VENDOR, installDate: '2021-03-01', notes: '病棟の電子カルテ用ノートPC・PDA の無線' });
  for (let i = 1; i <= 80; i++) {
    const loc = (i - 1) % PC_LOCATIONS.length;
    const old = i > 70; // ten PCs still on Windows 10
    a.push({
      name: `電子カルテ端末 ${pad(i)}`,
      assetTag: `PC-${pad(i)}`,
      type: 'client_pc',
      vendor: i % 4 === 0 ? 'Lenovo' : 'NEC',
      product: i % 4 === 0 ? 'ThinkCentre M75q Gen 2' : 'Mate タイプMC',
      version: old ? '22H2' : '23H2',
      os: old ? 'Windows 10 Enterprise 22H2' : 'Windows 11 Enterprise 23H2',
      // PC 077 was moved from 部門系 and kept its old address: flagged as outside its segment.
      ips: [i === 77 ? '10.20.5.77' : `10.10.20.${i + 10}`],
      hostname: `emr-pc-${pad(i)}`,
      criticality: 2,
      holdsPatientData: true,
      segment: 'emr',
      location: PC_LOCATIONS[loc],
      department: PC_DEPARTMENTS[loc],
      maintainer: EMR_VENDOR,
      installDate: old ? '2019-04-01' : '2023-10-01',
      endOfSupport: old ? '2025-10-14' : '2026-11-10',
      lastPatched: old ? '2025-10-14' : '2026-10-20',
      tags: ['電子カルテ端末'],
    });
  }
  for (let i = 1; i <= 4; i++) {
    a.push({ name: `ラベルプリンタ ${['外来', '検査科', '東館3F', '東館4F'][i - 1]}`, assetTag: `PR-${pad(i)}`, type: 'printer', vendor: 'SATO', product: 'CL4NX Plus', version: 'fw 1.14.1', ips: [`10.10.30.${i + 10}`], criticality: 3, holdsPatientData: true, segment: 'emr', location: ['本館1F 外来受付', '本館2F 検査科', '東館3F 病棟ナースステーション', '東館4F 病棟ナースステーション'][i - 1], department: i === 2 ? '検査科' : '看護部', installDate: '2021-04-01' });
  }
  for (let i = 5; i <= 7; i++) {
    a.push({ name: `複合機(電子カルテ系) ${i - 4}`, assetTag: `PR-${pad(i)}`, type: 'printer', vendor: 'RICOH', product: 'IM C4500', version: 'unknown', ips: [`10.10.30.${i + 10}`], criticality: 3, holdsPatientData: true, segment: 'emr', location: ['本館1F 医事課', '東館5F 病棟ナースステーション', '西館3F ICU'][i - 5], department: '医事課', maintainer: 'リコージャパン', installDate: '2020-10-01', notes: 'ファームウェアの版数を確認中' });
  }

  // --- 部門系 ------------------------------------------------------------------------------------
  a.push(
    { key: 'pacs', name: 'PACS(医用画像管理システム)', assetTag: 'APP-002', type: 'application', vendor: PACS_VENDOR, product: 'MI-PACS', version: '6.4', criticality: 1, holdsPatientData: true, segment: 'dept', department: '放射線科', maintainer: PACS_VENDOR, installDate: '2019-09-01', endOfSupport: '2027-08-31', tags: ['PACS'] },
    { key: 'pacs-sv', name: 'PACS 画像サーバ', assetTag: 'SV-010', type: 'server', vendor: 'Fujitsu', product: 'PRIMERGY RX2540 M5', version: 'iRMC S5 3.36', os: 'Windows Server 2016', ips: ['10.20.1.11'], hostname: 'pacs-sv01', criticality: 1, holdsPatientData: true, segment: 'dept', location: '本館B1F サーバ室', department: '放射線科', maintainer: PACS_VENDOR, installDate: '2019-09-01', endOfSupport: '2027-01-12', lastPatched: '2024-03-12', tags: ['PACS'], notes: 'ベンダー保守で Windows Update は年1回' },
    { key: 'pacs-web', name: 'PACS Webビューアサーバ', assetTag: 'SV-011', type: 'server', vendor: 'Fujitsu', product: 'PRIMERGY RX2530 M5', version: 'iRMC S5 3.36', os: 'Windows Server 2016', ips: ['10.20.1.12'], hostname: 'pacs-web01', criticality: 2, holdsPatientData: true, segment: 'dept', location: '本館B1F サーバ室', department: '放射線科', maintainer: PACS_VENDOR, installDate: '2019-09-01', endOfSupport: '2027-01-12', lastPatched: '2024-03-12', tags: ['PACS'] },
    { key: 'pacs-st', name: 'PACS 画像アーカイブストレージ', assetTag: 'ST-010', type: 'storage', vendor: 'NetApp', product: 'FAS2750', version: 'ONTAP 9.8P10', ips: ['10.20.1.20'], hostname: 'pacs-st01', criticality: 2, holdsPatientData: true, segment: 'dept', location: '本館B1F サーバ室', department: '放射線科', maintainer: PACS_VENDOR, installDate: '2019-09-01', endOfSupport: '2025-12-31', tags: ['PACS'] },
    { name: '放射線情報システム(RIS)', assetTag: 'APP-003', type: 'application', vendor: PACS_VENDOR, product: 'MI-RIS', version: '4.1', criticality: 2, holdsPatientData: true, segment: 'dept', department: '放射線科', maintainer: PACS_VENDOR, installDate: '2019-09-01' },
    { name: '臨床検査システム(LIS)', assetTag: 'APP-004', type: 'application', vendor: '株式会社ラボシステム', product: 'LabNavi', version: '3.0.5', criticality: 2, holdsPatientData: true, segment: 'dept', department: '検査科', maintainer: '株式会社ラボシステム', installDate: '2020-04-01' },
    { name: '臨床検査サーバ', assetTag: 'SV-012', type: 'server', vendor: 'NEC', product: 'Express5800/R120h-1M', version: 'BMC 1.12', os: 'Windows Server 2019', ips: ['10.20.2.11'], hostname: 'lis-sv01', criticality: 2, holdsPatientData: true, segment: 'dept', location: '本館B1F サーバ室', department: '検査科', maintainer: '株式会社ラボシステム', installDate: '2020-04-01', endOfSupport: '2029-01-09', lastPatched: '2026-08-10' },
    { name: '薬剤部門システム', assetTag: 'APP-005', type: 'application', vendor: '株式会社ファーマシステム', product: 'PharmaLink', version: '2.7', criticality: 2, holdsPatientData: true, segment: 'dept', department: '薬剤部', maintainer: '株式会社ファーマシステム', installDate: '2020-04-01' },
    { name: '薬剤部門サーバ', assetTag: 'SV-013', type: 'server', vendor: 'NEC', product: 'Express5800/T120h', version: 'BMC 1.12', os: 'Windows Server 2012 R2', ips: ['10.20.3.11'], hostname: 'ph-sv01', criticality: 2, holdsPatientData: true, segment: 'dept', location: '本館1F 薬剤部', department: '薬剤部', maintainer: '株式会社ファーマシステム', installDate: '2016-04-01', endOfSupport: '2023-10-10', lastPatched: '2023-09-12' },
    { name: '部門系 L3スイッチ', assetTag: 'NW-030', type: 'network_device', vendor: 'Cisco', product: 'Catalyst 9300', version: 'IOS XE 17.6.5', ips: ['10.20.0.1'], hostname: 'dept-sw01', criticality: 2, segment: 'dept', location: '本館B1F サーバ室', department: '医療情報管理室', maintainer: NETWORK_VENDOR, installDate: '2021-03-01' },
  );
  for (let i = 1; i <= 4; i++) {
    a.push({ name: `PACS 読影端末 ${i}`, assetTag: `PC-${pad(200 + i)}`, type: 'client_pc', vendor: 'HP', product: 'Z2 Tower G5', version: '22H2', os: 'Windows 10 Enterprise 22H2', ips: [`10.20.10.${10 + i}`], hostname: `pacs-ws${pad(i, 2)}`, criticality: 3, holdsPatientData: true, segment: 'dept', location: '本館2F 放射線科 読影室', department: '放射線科', maintainer: PACS_VENDOR, installDate: '2019-09-01', endOfSupport: '2025-10-14', tags: ['PACS'] });
  }

  // --- 医療機器系 ---------------------------------------------------------------------------------
  const md = (x: Omit<DemoAsset, 'type' | 'segment' | 'holdsPatientData' | 'criticality'> & { criticality?: TAssetCreate['criticality'] }): DemoAsset => ({ type: 'medical_device', segment: 'md', holdsPatientData: true, criticality: 2, ...x });
  a.push(
    md({ key: 'ct', name: 'CT装置(64列)', assetTag: 'MD-001', vendor: MD_VENDOR, product: 'TW-CT 64', version: 'V4.2', os: 'Windows 7 Professional SP1', ips: ['10.30.1.11'], hostname: 'ct01', location: '本館1F CT室', department: '放射線科', maintainer: MD_VENDOR, installDate: '2016-02-01', endOfSupport: '2020-01-14', criticality: 1, tags: ['モダリティ'], notes: 'OS 更新はメーカー承認が必要(薬機法の承認範囲)' }),
    md({ key: 'mri', name: 'MRI装置(1.5T)', assetTag: 'MD-002', vendor: MD_VENDOR, product: 'TW-MR 1.5T', version: 'V2.8', os: 'Windows XP Professional SP3', ips: ['10.30.1.12'], hostname: 'mri01', location: '本館1F MRI室', department: '放射線科', maintainer: MD_VENDOR, installDate: '2012-10-01', endOfSupport: '2014-04-08', criticality: 2, tags: ['モダリティ'], notes: '更新計画は2027年度予算で要求中' }),
    md({ name: '一般撮影装置(FPD)', assetTag: 'MD-003', vendor: MD_VENDOR, product: 'TW-DR 500', version: 'V1.9', os: 'Windows 7 Embedded Standard', ips: ['10.30.1.13'], hostname: 'dr01', location: '本館1F 一般撮影室', department: '放射線科', maintainer: MD_VENDOR, installDate: '2015-04-01', endOfSupport: '2020-10-13', tags: ['モダリティ'] }),
    md({ name: '超音波診断装置 1(腹部)', assetTag: 'MD-004', vendor: 'さくら超音波株式会社', product: 'SonoView 700', version: '3.1.2', os: 'Windows 7 Embedded Standard', ips: ['10.30.2.11'], location: '本館2F 生理検査室', department: '検査科', maintainer: 'さくら超音波株式会社', installDate: '2017-06-01', endOfSupport: '2020-10-13', criticality: 3 }),
    md({ name: '超音波診断装置 2(心エコー)', assetTag: 'MD-005', vendor: 'さくら超音波株式会社', product: 'SonoView 700', version: '3.1.2', os: 'Windows 7 Embedded Standard', ips: ['10.30.2.12'], location: '本館2F 生理検査室', department: '検査科', maintainer: 'さくら超音波株式会社', installDate: '2017-06-01', endOfSupport: '2020-10-13', criticality: 3 }),
    // Installed with the maker's factory address and never renumbered: flagged as outside its segment.
    md({ name: '超音波診断装置 3(救急外来)', assetTag: 'MD-006', vendor: 'さくら超音波株式会社', product: 'SonoView 300', version: '2.0.8', os: 'Windows XP Embedded', ips: ['192.168.1.50'], location: '本館1F 救急外来', department: '救急科', maintainer: 'さくら超音波株式会社', installDate: '2013-08-01', endOfSupport: '2016-01-12', criticality: 3, notes: '工場出荷時のIPアドレスのまま' }),
    md({ key: 'central', name: '生体情報モニタ セントラルモニタ(ICU)', assetTag: 'MD-007', vendor: '日本バイタル株式会社', product: 'CentralView CNS-9', version: '05-12', os: 'Windows XP Embedded', ips: ['10.30.3.11'], hostname: 'cns-icu', location: '西館3F ICU', department: '看護部', maintainer: '日本バイタル株式会社', installDate: '2014-04-01', endOfSupport: '2016-01-12', criticality: 1 }),
    md({ name: '生体情報モニタ セントラルモニタ(東館4F)', assetTag: 'MD-008', vendor: '日本バイタル株式会社', product: 'CentralView CNS-9', version: '05-12', os: 'Windows XP Embedded', ips: ['10.30.3.12'], hostname: 'cns-e4', location: '東館4F 病棟ナースステーション', department: '看護部', maintainer: '日本バイタル株式会社', installDate: '2014-04-01', endOfSupport: '2016-01-12', criticality: 1 }),
  );
  for (let i = 1; i <= 4; i++) {
    a.push(md({ key: `bsm-${i}`, name: `ベッドサイドモニタ ICU-${i}`, assetTag: `MD-${pad(20 + i)}`, vendor: '日本バイタル株式会社', product: 'BSM-3000', version: '02-40', ips: [`10.30.3.${100 + i}`], location: '西館3F ICU', department: '看護部', maintainer: '日本バイタル株式会社', installDate: '2014-04-01', criticality: 1 }));
  }
  a.push(
    md({ name: '心電計', assetTag: 'MD-030', vendor: '日本バイタル株式会社', product: 'ECG-2550', version: '01-07', ips: ['10.30.2.20'], location: '本館2F 生理検査室', department: '検査科', maintainer: '日本バイタル株式会社', installDate: '2018-05-01', criticality: 3 }),
    md({ name: '内視鏡システム', assetTag: 'MD-031', vendor: '光学メディカル株式会社', product: 'EVIS-X', version: '1.3', os: 'Windows 10 IoT Enterprise LTSC 2019', ips: ['10.30.2.30'], location: '本館2F 内視鏡室', department: '消化器内科', maintainer: '光学メディカル株式会社', installDate: '2021-01-01', endOfSupport: '2029-01-09' }),
    md({ name: '輸液ポンプ管理サーバ', assetTag: 'MD-032', vendor: '日本バイタル株式会社', product: 'InfuLink', version: '不明', os: 'Windows Server 2008 R2', ips: ['10.30.4.11'], location: '本館B1F サーバ室', department: '臨床工学科', maintainer: '日本バイタル株式会社', installDate: '2013-04-01', endOfSupport: '2020-01-14', criticality: 2 }),
    { name: '医療機器系 L2スイッチ', assetTag: 'NW-040', type: 'network_device', vendor: 'Allied Telesis', product: 'x230-28GT', version: '5.5.2-1.1', ips: ['10.30.0.1'], criticality: 2, segment: 'md', location: '本館1F EPS', department: '臨床工学科', maintainer: NETWORK_VENDOR, installDate: '2019-04-01' },
  );

  // --- 保守回線 ----------------------------------------------------------------------------------
  a.push(
    { key: 'pacs-router', name: 'PACS リモート保守ルータ', assetTag: 'NW-050', type: 'network_device', vendor: 'Yamaha', product: 'RTX1210', version: 'Rev.14.01.20', ips: ['172.16.200.11'], criticality: 2, segment: 'maint', exposure: 'vendor_line', location: '本館B1F サーバ室', department: '放射線科', maintainer: PACS_VENDOR, installDate: '2019-09-01', lastPatched: '2019-09-01', tags: ['リモート保守'], notes: 'RDP・認証なし。PACS ベンダーが画像サーバへ直接リモートデスクトップ接続する。病院側で接続記録なし' },
    { key: 'emr-vpn', name: '電子カルテ保守用 SSL-VPN 装置', assetTag: 'NW-051', type: 'vpn_gateway', vendor: 'Cisco', product: 'Firepower 1010', version: 'FTD 7.2.5', ips: ['172.16.200.21'], criticality: 2, segment: 'maint', exposure: 'vendor_line', location: '本館B1F サーバ室', department: '医療情報管理室', maintainer: EMR_VENDOR, installDate: '2021-03-01', endOfSupport: '2031-08-31', lastPatched: '2026-05-20', tags: ['リモート保守'], notes: '担当者ごとのアカウント・多要素認証。接続は事前申請制' },
    { name: 'CT・MRI リモート監視ルータ', assetTag: 'NW-052', type: 'network_device', vendor: 'Yamaha', product: 'RTX830', version: 'Rev.15.02.30', ips: ['172.16.200.31'], criticality: 3, segment: 'maint', exposure: 'vendor_line', location: '本館1F CT室', department: '放射線科', maintainer: MD_VENDOR, installDate: '2020-04-01', tags: ['リモート保守'], notes: '閉域網(IP-VPN)。装置の稼働ログのみ送信' },
  );

  // --- インターネット系 ----------------------------------------------------------------------------
  a.push(
    { key: 'utm', name: 'インターネット境界 UTM', assetTag: 'NW-060', type: 'firewall', vendor: 'Fortinet', product: 'FortiGate 100F', version: 'FortiOS 7.2.8', cpe: 'cpe:2.3:o:fortinet:fortios:7.2.8:*:*:*:*:*:*:*', ips: ['203.0.113.1', '192.168.100.1'], criticality: 2, segment: 'inet', exposure: 'internet', location: '本館B1F サーバ室', department: '医療情報管理室', maintainer: NETWORK_VENDOR, installDate: '2022-04-01', endOfSupport: '2027-09-30', lastPatched: '2026-08-01' },
    { key: 'catering-fg', name: '給食委託業者 VPN装置', assetTag: 'NW-061', type: 'vpn_gateway', vendor: 'Fortinet', product: 'FortiGate 60E', version: 'FortiOS 6.0.4', cpe: 'cpe:2.3:o:fortinet:fortios:6.0.4:*:*:*:*:*:*:*', ips: ['203.0.113.5', '192.168.100.5'], criticality: 3, segment: 'inet', exposure: 'internet', location: '本館B1F 栄養科 事務室', department: '栄養科', maintainer: '株式会社みなとフードサービス', installDate: '2018-10-01', endOfSupport: '2022-03-29', tags: ['外部接続', '委託業者'], notes: '給食委託業者が管理・共有アカウント。病院側でファームウェア更新の記録なし' },
    { name: 'プロキシサーバ', assetTag: 'SV-020', type: 'server', vendor: 'NEC', product: 'Express5800/R120h-1M', version: 'BMC 1.12', os: 'Red Hat Enterprise Linux 8.10', ips: ['192.168.100.10'], hostname: 'proxy01', criticality: 3, segment: 'inet', location: '本館B1F サーバ室', department: '医療情報管理室', maintainer: NETWORK_VENDOR, installDate: '2022-04-01', endOfSupport: '2029-05-31', lastPatched: '2026-10-01' },
    { name: 'メール中継サーバ', assetTag: 'SV-021', type: 'server', vendor: 'NEC', product: 'Express5800/R120h-1M', version: 'BMC 1.12', os: 'Red Hat Enterprise Linux 8.10', ips: ['192.168.100.11'], hostname: 'mail01', criticality: 3, segment: 'inet', location: '本館B1F サーバ室', department: '総務課', maintainer: NETWORK_VENDOR, installDate: '2022-04-01', endOfSupport: '2029-05-31', lastPatched: '2026-10-01' },
  );
  for (let i = 1; i <= 4; i++) {
    a.push({ name: `インターネット閲覧端末 ${i}`, assetTag: `PC-${pad(300 + i)}`, type: 'client_pc', vendor: 'NEC', product: 'Mate タイプMC', version: '23H2', os: 'Windows 11 Pro 23H2', ips: [`192.168.100.${100 + i}`], criticality: 4, segment: 'inet', location: ['本館1F 医局', '本館2F 図書室', '東館3F 病棟', '本館1F 地域連携室'][i - 1], department: ['医局', '図書室', '看護部', '地域連携室'][i - 1], installDate: '2023-10-01' });
  }
  a.push(
    { name: 'Microsoft 365', assetTag: 'CL-001', type: 'cloud_service', vendor: 'Microsoft', product: 'Microsoft 365 E3', criticality: 4, exposure: 'internet', department: '総務課', installDate: '2022-04-01', notes: '院内メール・Teams。患者情報の送付は禁止(運用規程第12条)' },
    { name: '地域医療連携ネットワーク', assetTag: 'CL-002', type: 'cloud_service', vendor: 'みなと地域医療連携協議会', product: 'みなとネット', criticality: 3, holdsPatientData: true, exposure: 'internet', department: '地域連携室', installDate: '2020-07-01', notes: '紹介状・検査結果を連携病院と共有' },
  );

  // --- 事務系 ------------------------------------------------------------------------------------
  a.push(
    { key: 'receipt', name: '医事会計システム(レセコン)', assetTag: 'APP-010', type: 'application', vendor: '株式会社イジシステム', product: 'IJI-Receipt', version: '11.3', criticality: 2, holdsPatientData: true, segment: 'office', department: '医事課', maintainer: '株式会社イジシステム', installDate: '2018-04-01' },
    { key: 'receipt-sv', name: '医事会計サーバ', assetTag: 'SV-030', type: 'server', vendor: 'Fujitsu', product: 'PRIMERGY TX1330 M4', version: 'iRMC S5 2.63', os: 'Windows Server 2016', ips: ['10.40.1.11'], hostname: 'iji-sv01', criticality: 2, holdsPatientData: true, segment: 'office', location: '本館1F 医事課', department: '医事課', maintainer: '株式会社イジシステム', installDate: '2018-04-01', endOfSupport: '2027-01-12', lastPatched: '2026-02-10' },
    { name: 'オンライン資格確認端末', assetTag: 'PC-401', type: 'client_pc', vendor: 'NEC', product: 'Mate タイプMC', version: '22H2', os: 'Windows 11 Pro 22H2', ips: ['10.40.2.11'], hostname: 'oqs-pc01', criticality: 2, holdsPatientData: true, segment: 'office', location: '本館1F 医事課', department: '医事課', maintainer: '株式会社イジシステム', installDate: '2023-03-01', endOfSupport: '2024-10-08', notes: 'オンライン資格確認等システム(IP-VPN)に接続' },
    { key: 'catering-pc', name: '給食管理端末', assetTag: 'PC-402', type: 'client_pc', vendor: 'Dell', product: 'OptiPlex 3080', version: '22H2', os: 'Windows 10 Pro 22H2', ips: ['10.40.3.11'], hostname: 'kyushoku-pc01', criticality: 3, holdsPatientData: true, segment: 'office', location: '本館B1F 栄養科 事務室', department: '栄養科', maintainer: '株式会社みなとフードサービス', installDate: '2020-04-01', endOfSupport: '2025-10-14', notes: '給食委託業者の VPN 経由で本社から操作される。患者の食事オーダ(病名・アレルギー)を保持' },
    { name: '事務系 L3スイッチ', assetTag: 'NW-070', type: 'network_device', vendor: 'Allied Telesis', product: 'x530-28GTXm', version: '5.5.3-0.2', ips: ['10.40.0.1'], criticality: 3, segment: 'office', location: '本館1F EPS', department: '総務課', maintainer: NETWORK_VENDOR, installDate: '2021-03-01' },
    { name: 'ファイルサーバ(事務)', assetTag: 'ST-020', type: 'storage', vendor: 'Buffalo', product: 'TeraStation TS5420DN', version: '5.02', ips: ['10.40.1.20'], hostname: 'office-nas01', criticality: 4, segment: 'office', location: '本館1F 総務課', department: '総務課', installDate: '2020-04-01', notes: '共有フォルダ。患者情報の保存は禁止だが確認できていない' },
    { name: '複合機(事務)', assetTag: 'PR-020', type: 'printer', vendor: 'RICOH', product: 'IM C3000', version: '1.08', ips: ['10.40.5.11'], criticality: 4, segment: 'office', location: '本館1F 総務課', department: '総務課', maintainer: 'リコージャパン', installDate: '2021-04-01' },
    { name: '入退室管理システム', assetTag: 'IOT-001', type: 'iot', vendor: '港セキュリティ株式会社', product: 'Gate-Pro', version: '2.3', ips: ['10.40.6.11'], criticality: 4, segment: 'office', location: '本館B1F 防災センター', department: '総務課', maintainer: '港セキュリティ株式会社', installDate: '2019-04-01' },
    { name: 'ネットワークカメラ(正面玄関)', assetTag: 'IOT-002', type: 'iot', vendor: '港セキュリティ株式会社', product: 'NC-200', version: '?', ips: ['10.40.6.21'], criticality: 4, segment: 'office', location: '本館1F 正面玄関', department: '総務課', installDate: '2017-04-01' },
  );
  for (let i = 1; i <= 6; i++) {
    a.push({ name: `事務端末 ${pad(i, 2)}`, assetTag: `PC-${pad(410 + i)}`, type: 'client_pc', vendor: 'Dell', product: 'OptiPlex 7010', version: '23H2', os: 'Windows 11 Pro 23H2', ips: [`10.40.2.${20 + i}`], hostname: `office-pc${pad(i, 2)}`, criticality: 4, segment: 'office', location: i <= 3 ? '本館1F 医事課' : '本館1F 総務課', department: i <= 3 ? '医事課' : '総務課', installDate: '2023-10-01', endOfSupport: '2026-11-10' });
  }
  return a;
}

/** runs_on / depends_on between the sample assets (by key). */
const RELATIONS: { from: string; to: string; kind: 'runs_on' | 'depends_on' }[] = [
  { from: 'emr', to: 'emr-ap1', kind: 'runs_on' },
  { from: 'emr', to: 'emr-ap2', kind: 'runs_on' },
  { from: 'emr', to: 'emr-db1', kind: 'runs_on' },
  { from: 'emr', to: 'emr-db2', kind: 'runs_on' },
  { from: 'emr-data', to: 'emr-db1', kind: 'depends_on' },
  { from: 'emr-db1', to: 'nas', kind: 'depends_on' },
  { from: 'pacs', to: 'pacs-sv', kind: 'runs_on' },
  { from: 'pacs', to: 'pacs-web', kind: 'runs_on' },
  { from: 'pacs-sv', to: 'pacs-st', kind: 'depends_on' },
  { from: 'ct', to: 'pacs', kind: 'depends_on' },
  { from: 'mri', to: 'pacs', kind: 'depends_on' },
  { from: 'pacs-sv', to: 'pacs-router', kind: 'depends_on' },
  { from: 'receipt', to: 'receipt-sv', kind: 'runs_on' },
  { from: 'catering-pc', to: 'catering-fg', kind: 'depends_on' },
  { from: 'emr', to: 'core-sw', kind: 'depends_on' },
  { from: 'emr', to: 'fw', kind: 'depends_on' },
  { from: 'central', to: 'bsm-1', kind: 'depends_on' },
];

/** Exposed for tests: the number of sample assets. */
export const DEMO_LEDGER_ASSET_COUNT = demoAssets().length;

export const seedLedgerDemo: DemoSeeder = async (deps: Deps, trx: Db, caller: Caller, facilityId: string) => {
  const segmentIds = new Map<SegmentKey, string>();
  for (const { key, ...s } of SEGMENTS) segmentIds.set(key, (await insertSegmentTx(deps, trx, caller, facilityId, ZSegmentCreate.parse(s))).id);
  for (const f of FLOWS) {
    const input = ZSegmentFlowCreate.parse({ fromSegmentId: segmentIds.get(f.from), toSegmentId: segmentIds.get(f.to), services: f.services, description: f.description });
    await insertFlowTx(deps, trx, caller, facilityId, input);
  }
  const assetIds = new Map<string, string>();
  for (const { key, segment, ...rest } of demoAssets()) {
    const input = ZAssetCreate.parse({ ...rest, segmentId: segment ? segmentIds.get(segment) : null });
    const created = await insertAssetTx(deps, trx, caller, facilityId, input);
    if (key) assetIds.set(key, created.id);
  }
  for (const r of RELATIONS) await insertRelationTx(deps, trx, caller, facilityId, assetIds.get(r.from)!, { kind: r.kind, toAssetId: assetIds.get(r.to)! });
};
