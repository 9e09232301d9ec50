export * from './asset.service.ts';
export * from './segment.service.ts';
export { presentAsset, presentAssetDetail, presentRelation } from './asset.presenter.ts';
export { presentFlow, presentSegment } from './segment.presenter.ts';
export { importAssets, type AssetImportResult, type AssetImportOptions } from './asset-import.ts';
export { assetTemplate, exportAssets, type ExportEncoding, type ExportFile, type ExportFormat, type ExportOptions } from './asset-export.ts';
