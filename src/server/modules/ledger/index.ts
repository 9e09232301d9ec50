export * from './asset.service.ts';
export * from './segment.service.ts';
export { presentAsset, presentAssetDetail, presentRelation } from './asset.presenter.ts';
export { presentFlow, presentSegment } from './segment.presenter.ts';
