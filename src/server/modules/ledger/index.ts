export * from './asset.service.ts';
export * from './segment.service.ts';
export { presentAsset, presentAssetDetail, presentRelation } from './asset.presenter.ts';
export { presentFlow, presentSegment } from './segment.presenter.ts';
export { importAssets, type AssetImportResult, type AssetImportOptions } from './asset-import.ts';
export { plainCell, readCells, runImport, type ImportColumns, type ImportKind, type ImportOptions, type ImportResult, type PreviewScope } from './import-kit.ts';
export { assetSheets, assetTemplate, exportAssets, sheetsToFile, type ExportEncoding, type ExportFile, type ExportFormat, type ExportOptions } from './asset-export.ts';
export { readTable, writeCsv, writeXlsx, type FileFormat, type SheetOut, type Table, type TableRow } from './asset-file.ts';
export { authorizeLedger, authorizeLedgerView, clean, inView, ledgerToday, unique, type LedgerView } from './ledger.access.ts';
