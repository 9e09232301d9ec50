import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId, ZOk } from '../../../shared/contracts/common.contract.ts';
import {
  ZAssetCreate,
  ZAssetDetail,
  ZAssetExportQuery,
  ZAssetListQuery,
  ZAssetPage,
  ZAssetRelation,
  ZAssetRelationCreate,
  ZAssetUpdate,
  ZSegment,
  ZSegmentCreate,
  ZSegmentFlow,
  ZSegmentFlowCreate,
  ZSegmentFlowList,
  ZSegmentFlowUpdate,
  ZSegmentList,
  ZSegmentUpdate,
} from '../../../shared/contracts/ledger.contract.ts';
import type { Deps } from '../../context.ts';
import { assetTemplate, exportAssets } from './asset-export.ts';
import { importAssets } from './asset-import.ts';
import { presentAsset, presentAssetDetail, presentRelation } from './asset.presenter.ts';
import * as assets from './asset.service.ts';
import { presentFlow, presentSegment } from './segment.presenter.ts';
import * as segments from './segment.service.ts';
import { sendDownload, SPREADSHEET_TYPES } from '../../http/download.ts';
import { importRoute } from '../../http/import-route.ts';

/** 情報資産台帳: assets, network segments and segment flows, all under a facility. */
export function ledgerRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const base = '/facilities/:facilityId';
    const facility = z.object({ facilityId: ZId });
    const asset = facility.extend({ assetId: ZId });
    const segment = facility.extend({ segmentId: ZId });
    const flow = facility.extend({ flowId: ZId });
    const tags = ['ledger'];

    // --- assets -----------------------------------------------------------------------------------
    app.get(`${base}/assets`, { schema: { tags, params: facility, querystring: ZAssetListQuery, response: { 200: ZAssetPage } } }, async (req) => {
      const page = await assets.listAssets(deps, req.caller, req.params.facilityId, req.query);
      return { ...page, items: page.items.map(presentAsset) };
    });

    app.post(`${base}/assets`, { schema: { tags, params: facility, body: ZAssetCreate, response: { 201: ZAssetDetail } } }, async (req, reply) =>
      reply.status(201).send(presentAssetDetail(await assets.createAsset(deps, req.caller, req.params.facilityId, req.body))),
    );

    app.get(`${base}/assets/:assetId`, { schema: { tags, params: asset, response: { 200: ZAssetDetail } } }, async (req) =>
      presentAssetDetail(await assets.getAsset(deps, req.caller, req.params.facilityId, req.params.assetId)),
    );

    app.patch(`${base}/assets/:assetId`, { schema: { tags, params: asset, body: ZAssetUpdate, response: { 200: ZAssetDetail } } }, async (req) =>
      presentAssetDetail(await assets.updateAsset(deps, req.caller, req.params.facilityId, req.params.assetId, req.body)),
    );

    app.delete(`${base}/assets/:assetId`, { schema: { tags, params: asset, response: { 200: ZOk } } }, async (req) => {
      await assets.deleteAsset(deps, req.caller, req.params.facilityId, req.params.assetId);
      return { ok: true as const };
    });

    app.post(
      `${base}/assets/:assetId/relations`,
      { schema: { tags, params: asset, body: ZAssetRelationCreate, response: { 201: ZAssetRelation } } },
      async (req, reply) => reply.status(201).send(presentRelation(await assets.addRelation(deps, req.caller, req.params.facilityId, req.params.assetId, req.body))),
    );

    app.delete(`${base}/assets/:assetId/relations/:relationId`, { schema: { tags, params: asset.extend({ relationId: ZId }), response: { 200: ZOk } } }, async (req) => {
      await assets.removeRelation(deps, req.caller, req.params.facilityId, req.params.assetId, req.params.relationId);
      return { ok: true as const };
    });

    // --- import and export ------------------------------------------------------------------------
    await app.register(importRoute(`${base}/assets/import`, tags, deps, importAssets));

    app.get(`${base}/assets/export`, { schema: { tags, params: facility, querystring: ZAssetExportQuery, produces: SPREADSHEET_TYPES } }, async (req, reply) =>
      sendDownload(reply, await exportAssets(deps, req.caller, req.params.facilityId, req.query)),
    );

    app.get(`${base}/assets/template`, { schema: { tags, params: facility, querystring: ZAssetExportQuery, produces: SPREADSHEET_TYPES } }, async (req, reply) =>
      sendDownload(reply, await assetTemplate(deps, req.caller, req.params.facilityId, req.query)),
    );

    // --- segments ---------------------------------------------------------------------------------
    app.get(`${base}/segments`, { schema: { tags, params: facility, response: { 200: ZSegmentList } } }, async (req) => ({
      items: (await segments.listSegments(deps, req.caller, req.params.facilityId)).map(presentSegment),
    }));

    app.post(`${base}/segments`, { schema: { tags, params: facility, body: ZSegmentCreate, response: { 201: ZSegment } } }, async (req, reply) =>
      reply.status(201).send(presentSegment(await segments.createSegment(deps, req.caller, req.params.facilityId, req.body))),
    );

    app.get(`${base}/segments/:segmentId`, { schema: { tags, params: segment, response: { 200: ZSegment } } }, async (req) =>
      presentSegment(await segments.getSegment(deps, req.caller, req.params.facilityId, req.params.segmentId)),
    );

    app.patch(`${base}/segments/:segmentId`, { schema: { tags, params: segment, body: ZSegmentUpdate, response: { 200: ZSegment } } }, async (req) =>
      presentSegment(await segments.updateSegment(deps, req.caller, req.params.facilityId, req.params.segmentId, req.body)),
    );

    app.delete(`${base}/segments/:segmentId`, { schema: { tags, params: segment, response: { 200: ZOk } } }, async (req) => {
      await segments.deleteSegment(deps, req.caller, req.params.facilityId, req.params.segmentId);
      return { ok: true as const };
    });

    // --- flows between segments -------------------------------------------------------------------
    app.get(`${base}/segment-flows`, { schema: { tags, params: facility, response: { 200: ZSegmentFlowList } } }, async (req) => ({
      items: (await segments.listFlows(deps, req.caller, req.params.facilityId)).map(presentFlow),
    }));

    app.post(`${base}/segment-flows`, { schema: { tags, params: facility, body: ZSegmentFlowCreate, response: { 201: ZSegmentFlow } } }, async (req, reply) =>
      reply.status(201).send(presentFlow(await segments.createFlow(deps, req.caller, req.params.facilityId, req.body))),
    );

    app.patch(`${base}/segment-flows/:flowId`, { schema: { tags, params: flow, body: ZSegmentFlowUpdate, response: { 200: ZSegmentFlow } } }, async (req) =>
      presentFlow(await segments.updateFlow(deps, req.caller, req.params.facilityId, req.params.flowId, req.body)),
    );

    app.delete(`${base}/segment-flows/:flowId`, { schema: { tags, params: flow, response: { 200: ZOk } } }, async (req) => {
      await segments.deleteFlow(deps, req.caller, req.params.facilityId, req.params.flowId);
      return { ok: true as const };
    });
  };
}
