import { ASSET_TYPE_LABELS_JA, SEGMENT_PURPOSE_LABELS_JA, type AssetType, type Exposure, type SegmentPurpose } from '../../../shared/ledger.ts';
import { ASSET_COLUMNS, EXPOSURE_LABELS_JA, LIST_SEPARATOR, type AssetColumnKey } from '../../../shared/ledger-import.ts';
import type { Locale } from '../../../shared/errors.ts';
import type { Caller, Deps } from '../../context.ts';
import { recordAuditAlone } from '../../audit/audit.service.ts';
import { writeCsv, writeXlsx, type SheetOut } from './asset-file.ts';
import * as repo from './asset.repository.ts';
import { authorizeLedger } from './ledger.access.ts';
import * as segments from './segment.repository.ts';

/**
 * Asset export (情報資産台帳の書き出し) and the import template. The files use exactly the columns and values
 * the import reads, so exporting and importing the export changes nothing.
 */

export type ExportFormat = 'csv' | 'xlsx';
export type ExportEncoding = 'utf8' | 'sjis';

export interface ExportOptions {
  format: ExportFormat;
  lang: Locale;
  /** CSV only. */
  encoding: ExportEncoding;
}

export interface ExportFile {
  bytes: Buffer;
  contentType: string;
  /** ASCII file name for Content-Disposition. */
  fileName: string;
  rows: number;
}

const EXPORTED = ASSET_COLUMNS.filter((c) => c.exported);

function headersFor(lang: Locale): string[] {
  return EXPORTED.map((c) => (lang === 'ja' ? c.ja : c.key));
}

const yesNo = (b: boolean, lang: Locale) => (lang === 'ja' ? (b ? 'はい' : 'いいえ') : b ? 'yes' : 'no');

function cell(a: repo.Asset, key: AssetColumnKey, lang: Locale): string {
  switch (key) {
    case 'name':
      return a.name;
    case 'asset_tag':
      return a.assetTag ?? '';
    case 'type':
      return lang === 'ja' ? (ASSET_TYPE_LABELS_JA[a.type as AssetType] ?? a.type) : a.type;
    case 'vendor':
      return a.vendor ?? '';
    case 'product':
      return a.product ?? '';
    case 'version':
      return a.version ?? '';
    case 'cpe':
      return a.cpe ?? '';
    case 'os':
      return a.os ?? '';
    case 'ip':
      return a.ips.join(LIST_SEPARATOR);
    case 'mac':
      return a.macs.join(LIST_SEPARATOR);
    case 'hostname':
      return a.hostname ?? '';
    case 'segment':
      return a.segmentName ?? '';
    case 'location':
      return a.location ?? '';
    case 'department':
      return a.department ?? '';
    case 'maintainer':
      // The text as written, else the maintaining vendor's name (the import links that name back).
      return a.maintainer ?? a.vendorName ?? '';
    case 'criticality':
      return String(a.criticality);
    case 'holds_patient_data':
      return yesNo(a.holdsPatientData, lang);
    case 'exposure':
      return lang === 'ja' ? (EXPOSURE_LABELS_JA[a.exposure as Exposure] ?? a.exposure) : a.exposure;
    case 'internet_exposed':
      return yesNo(a.exposure === 'internet', lang);
    case 'install_date':
      return a.installDate ?? '';
    case 'end_of_support':
      return a.endOfSupport ?? '';
    case 'last_patched':
      return a.lastPatched ?? '';
    case 'tags':
      return a.tags.join(LIST_SEPARATOR);
    case 'notes':
      return a.notes ?? '';
  }
}

function assetSheet(assets: repo.Asset[], lang: Locale): SheetOut {
  return { name: lang === 'ja' ? '資産' : 'assets', headers: headersFor(lang), rows: assets.map((a) => EXPORTED.map((c) => cell(a, c.key, lang))) };
}

function segmentSheet(segs: segments.Segment[], lang: Locale): SheetOut {
  return {
    name: lang === 'ja' ? 'ネットワーク区分' : 'segments',
    headers: lang === 'ja' ? ['名前', 'VLAN', 'CIDR', '用途', '備考'] : ['name', 'vlan', 'cidrs', 'purpose', 'notes'],
    rows: segs.map((s) => [
      s.name,
      s.vlan === null ? '' : String(s.vlan),
      s.cidrs.join(LIST_SEPARATOR),
      lang === 'ja' ? (SEGMENT_PURPOSE_LABELS_JA[s.purpose as SegmentPurpose] ?? s.purpose) : s.purpose,
      s.notes ?? '',
    ]),
  };
}

/** Sheets → an .xlsx (every sheet) or a CSV (the first sheet only). `stem` and `stamp` name the file. */
export async function sheetsToFile(sheets: SheetOut[], options: ExportOptions, stem: string, stamp: string): Promise<ExportFile> {
  const rows = sheets[0]!.rows.length;
  if (options.format === 'xlsx') {
    return { bytes: await writeXlsx(sheets), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', fileName: `${stem}-${stamp}.xlsx`, rows };
  }
  return {
    bytes: writeCsv(sheets[0]!, options.encoding),
    contentType: `text/csv; charset=${options.encoding === 'sjis' ? 'Shift_JIS' : 'utf-8'}`,
    fileName: `${stem}-${stamp}.csv`,
    rows,
  };
}

/** The 資産 and ネットワーク区分 sheets of a facility, without authorization or audit (the whole-ledger export composes them). */
export async function assetSheets(deps: Deps, facilityId: string, lang: Locale): Promise<SheetOut[]> {
  const [assets, segs] = await Promise.all([repo.allAssets(deps.db, facilityId), segments.listSegments(deps.db, facilityId)]);
  return [assetSheet(assets, lang), segmentSheet(segs, lang)];
}

/** The facility's live assets as CSV (assets only) or .xlsx (資産 and ネットワーク区分 sheets). Audited as an export. */
export async function exportAssets(deps: Deps, caller: Caller, facilityId: string, options: ExportOptions): Promise<ExportFile> {
  await authorizeLedger(deps, caller, facilityId, 'read');
  const [assets, segs] = await Promise.all([repo.allAssets(deps.db, facilityId), segments.listSegments(deps.db, facilityId)]);
  const file = await sheetsToFile([assetSheet(assets, options.lang), segmentSheet(segs, options.lang)], options, 'mamori-assets', deps.clock.now().toISOString().slice(0, 10));
  await recordAuditAlone(deps, caller, { facilityId, entityType: 'asset', entityId: null, action: 'export', after: { format: options.format, lang: options.lang, encoding: options.encoding, rows: file.rows } });
  return file;
}

/** Headers and one example row (using one of the facility's segments when it has any). */
export async function assetTemplate(deps: Deps, caller: Caller, facilityId: string, options: ExportOptions): Promise<ExportFile> {
  await authorizeLedger(deps, caller, facilityId, 'read');
  const segs = await segments.listSegments(deps.db, facilityId);
  const example: repo.Asset = {
    id: '',
    facilityId,
    name: options.lang === 'ja' ? '電子カルテサーバ1号機' : 'EMR server 1',
    assetTag: 'SV-0001',
    type: 'server',
    vendor: 'Dell',
    product: 'PowerEdge R750',
    version: 'BIOS 1.9.2',
    cpe: null,
    os: 'Windows Server 2019',
    ips: ['192.168.10.11', '192.168.10.12'],
    macs: [],
    hostname: 'emr-sv01',
    segmentId: segs[0]?.id ?? null,
    segmentName: segs[0]?.name ?? null,
    location: options.lang === 'ja' ? '本館2階 サーバ室' : 'Main building 2F server room',
    department: options.lang === 'ja' ? '医療情報部' : 'Medical informatics',
    maintainer: options.lang === 'ja' ? '〇〇システム株式会社' : 'Example Systems Ltd.',
    vendorId: null,
    vendorName: null,
    criticality: 1,
    holdsPatientData: true,
    exposure: 'internal',
    installDate: '2021-04-01',
    endOfSupport: '2029-01-09',
    lastPatched: null,
    tags: [options.lang === 'ja' ? '電子カルテ' : 'EMR'],
    notes: null,
    ipOutsideSegment: false,
    createdAt: '',
    updatedAt: '',
  };
  return sheetsToFile([assetSheet([example], options.lang), segmentSheet(segs, options.lang)], options, 'mamori-assets-template', deps.clock.now().toISOString().slice(0, 10));
}
