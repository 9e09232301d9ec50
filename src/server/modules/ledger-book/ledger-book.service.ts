import type { Locale } from '../../../shared/errors.ts';
import type { Caller, Deps } from '../../context.ts';
import { recordAuditAlone } from '../../audit/audit.service.ts';
import { connectionSheet } from '../connections/index.ts';
import { assetSheets, authorizeLedger, sheetsToFile, type ExportFile } from '../ledger/index.ts';
import { vendorSheets } from '../vendors/index.ts';

/**
 * The whole 情報資産台帳 as one workbook, a sheet per kind: 資産, ネットワーク区分, 外部接続, 委託事業者, 連絡先, 契約.
 * Each sheet is the one its module's own export writes, so a sheet can be re-imported on its own.
 * Needs the whole facility's ledger (ledger.read; vendor users are refused). Audited as one export.
 */
export async function exportLedgerBook(deps: Deps, caller: Caller, facilityId: string, options: { lang: Locale }): Promise<ExportFile> {
  await authorizeLedger(deps, caller, facilityId, 'read');
  const [assets, connections, vendors] = await Promise.all([
    assetSheets(deps, facilityId, options.lang),
    connectionSheet(deps, facilityId, options.lang),
    vendorSheets(deps, facilityId, options.lang),
  ]);
  const sheets = [...assets, connections, ...vendors];
  const file = await sheetsToFile(sheets, { format: 'xlsx', lang: options.lang, encoding: 'utf8' }, 'mamori-ledger', deps.clock.now().toISOString().slice(0, 10));
  await recordAuditAlone(deps, caller, {
    facilityId,
    entityType: 'ledger',
    entityId: null,
    action: 'export',
    after: { format: 'xlsx', lang: options.lang, sheets: sheets.map((s) => ({ name: s.name, rows: s.rows.length })) },
  });
  return { ...file, rows: sheets.reduce((n, s) => n + s.rows.length, 0) };
}
