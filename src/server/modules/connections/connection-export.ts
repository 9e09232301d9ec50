import type { Locale } from '../../../shared/errors.ts';
import type { Caller, Deps } from '../../context.ts';
import { recordAuditAlone } from '../../audit/audit.service.ts';
import { authorizeLedger, sheetsToFile, type ExportFile, type ExportOptions, type SheetOut } from '../ledger/index.ts';
import {
  accountModeCell,
  authCell,
  CONNECTION_COLUMNS,
  headerOf,
  hoursCell,
  kindCell,
  statusCell,
  weekdaysCell,
  type ConnectionColumnKey,
} from './connection-columns.ts';
import * as repo from './connection.repository.ts';

/**
 * Connection export (外部接続・リモート保守台帳の書き出し) and the import template. The files use exactly the columns
 * and values the import reads, so exporting and importing the export changes nothing. Every line is exported,
 * rejected and retired ones included (the register is also the record of what was closed).
 */

const yesNo = (b: boolean, lang: Locale) => (lang === 'ja' ? (b ? 'はい' : 'いいえ') : b ? 'yes' : 'no');

/** One line as the export writes it; `entry` and `targets` name assets as the import finds them (tag, else name). */
interface ExportLine {
  c: repo.Connection;
  vendorName: string;
  entry: string;
  targets: string[];
  segmentName: string;
}

function cell(l: ExportLine, key: ConnectionColumnKey, lang: Locale): string {
  const c = l.c;
  switch (key) {
    case 'name':
      return c.name;
    case 'vendor':
      return l.vendorName;
    case 'purpose':
      return c.purpose ?? '';
    case 'kind':
      return kindCell(c.kind, lang);
    case 'entry_device':
      return l.entry;
    case 'targets':
      return l.targets.join(';');
    case 'segment':
      return l.segmentName;
    case 'internet_facing':
      return yesNo(c.internetFacing, lang);
    case 'auth':
      return authCell(c.auth, lang);
    case 'account_mode':
      return accountModeCell(c.accountMode, lang);
    case 'accounts':
      return c.accounts ?? '';
    case 'allowed_days':
      return weekdaysCell(c.allowedDays, lang);
    case 'allowed_hours':
      return hoursCell(c.allowedFrom, c.allowedTo);
    case 'log_location':
      return c.logLocation ?? '';
    case 'credentials_rotated_on':
      return c.credentialsRotatedOn ?? '';
    case 'review_interval_months':
      return String(c.reviewIntervalMonths);
    case 'status':
      return statusCell(c.status, lang);
    case 'approved_on':
      return c.approvedOn ?? '';
    case 'expires_on':
      return c.expiresOn ?? '';
    case 'last_used_on':
      return c.lastUsedOn ?? '';
    case 'notes':
      return c.notes ?? '';
  }
}

function sheet(lines: ExportLine[], lang: Locale): SheetOut {
  return {
    name: lang === 'ja' ? '外部接続' : 'connections',
    headers: CONNECTION_COLUMNS.map((col) => headerOf(col, lang)),
    rows: lines.map((l) => CONNECTION_COLUMNS.map((col) => cell(l, col.key, lang))),
  };
}

/**
 * The facility's connections as one sheet (外部接続 / connections), for this export and the whole-ledger export.
 * No permission check: callers authorize first.
 */
export async function connectionSheet(deps: Deps, facilityId: string, lang: Locale): Promise<SheetOut> {
  const [connections, targetIds, assets, segments, vendors] = await Promise.all([
    repo.allConnections(deps.dialect, deps.db, facilityId),
    repo.targetIdsByConnection(deps.db, facilityId),
    repo.liveAssets(deps.db, facilityId),
    repo.segmentsOf(deps.db, facilityId),
    repo.liveVendors(deps.db, facilityId),
  ]);
  const assetRef = new Map(assets.map((a) => [a.id, a.assetTag ?? a.name]));
  const segmentName = new Map(segments.map((s) => [s.id, s.name]));
  const vendorName = new Map(vendors.map((v) => [v.id, v.name]));
  const lines = connections.map((c) => ({
    c,
    vendorName: (c.vendorId && vendorName.get(c.vendorId)) || '',
    entry: (c.entryAsset && assetRef.get(c.entryAsset.id)) || '',
    targets: (targetIds.get(c.id) ?? []).map((id) => assetRef.get(id) ?? '').filter(Boolean),
    // The line's own segment (the import's column), not the one it takes from the entry device.
    segmentName: (c.ownSegmentId && segmentName.get(c.ownSegmentId)) || '',
  }));
  return sheet(lines, lang);
}

const stamp = (deps: Deps) => deps.clock.now().toISOString().slice(0, 10);

/** The facility's connections as CSV or .xlsx. Needs ledger.read; audited as an export. */
export async function exportConnections(deps: Deps, caller: Caller, facilityId: string, options: ExportOptions): Promise<ExportFile> {
  await authorizeLedger(deps, caller, facilityId, 'read');
  const file = await sheetsToFile([await connectionSheet(deps, facilityId, options.lang)], options, 'mamori-connections', stamp(deps));
  await recordAuditAlone(deps, caller, {
    facilityId,
    entityType: 'connection',
    entityId: null,
    action: 'export',
    after: { format: options.format, lang: options.lang, encoding: options.encoding, rows: file.rows },
  });
  return file;
}

/** Headers and one example row (naming one of the facility's vendors and segments when it has any). */
export async function connectionTemplate(deps: Deps, caller: Caller, facilityId: string, options: ExportOptions): Promise<ExportFile> {
  await authorizeLedger(deps, caller, facilityId, 'read');
  const [segments, vendors] = await Promise.all([repo.segmentsOf(deps.db, facilityId), repo.liveVendors(deps.db, facilityId)]);
  const ja = options.lang === 'ja';
  const example: repo.Connection = {
    id: '',
    facilityId,
    name: ja ? 'PACS保守回線' : 'PACS maintenance line',
    vendorId: null,
    vendorName: null,
    purpose: ja ? 'PACSのリモート保守' : 'Remote maintenance of the PACS',
    kind: 'ssl_vpn',
    entryAssetId: null,
    entryAsset: null,
    ownSegmentId: null,
    segmentId: null,
    segmentName: null,
    targetCount: 0,
    internetFacing: true,
    auth: 'mfa',
    accountMode: 'named',
    accounts: ja ? '技術者ごとの個人アカウント' : 'one account per engineer',
    allowedDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
    allowedFrom: '09:00',
    allowedTo: '18:00',
    logLocation: ja ? 'VPN装置 → syslogサーバ' : 'VPN gateway → syslog server',
    credentialsRotatedOn: null,
    reviewIntervalMonths: 12,
    status: 'requested',
    requestedByUserId: null,
    requestedBy: '',
    requestedAt: '',
    decidedBy: null,
    decidedAt: null,
    decisionComment: null,
    approvedOn: null,
    expiresOn: null,
    activatedOn: null,
    retiredOn: null,
    lastUsedOn: null,
    notes: null,
    createdAt: '',
    updatedAt: '',
  };
  const line: ExportLine = { c: example, vendorName: vendors[0]?.name ?? '', entry: '', targets: [], segmentName: segments[0]?.name ?? '' };
  return sheetsToFile([sheet([line], options.lang)], options, 'mamori-connections-template', stamp(deps));
}
