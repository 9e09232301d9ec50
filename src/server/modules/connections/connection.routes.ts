import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId } from '../../../shared/contracts/common.contract.ts';
import {
  ZConnectionApprove,
  ZConnectionComment,
  ZConnectionCreate,
  ZConnectionDetail,
  ZConnectionListQuery,
  ZConnectionPage,
  ZConnectionReject,
  ZConnectionSummary,
  ZConnectionUpdate,
} from '../../../shared/contracts/connections.contract.ts';
import { ZAssetExportQuery } from '../../../shared/contracts/ledger.contract.ts';
import type { Deps } from '../../context.ts';
import { connectionTemplate, exportConnections } from './connection-export.ts';
import { importConnections } from './connection-import.ts';
import { presentConnection, presentConnectionDetail, presentConnectionSummary } from './connection.presenter.ts';
import * as connections from './connection.service.ts';
import { sendDownload, SPREADSHEET_TYPES } from '../../http/download.ts';
import { importRoute } from '../../http/import-route.ts';

/** 外部接続・リモート保守台帳: the register, the lifecycle actions, import and export, all under a facility. */
export function connectionRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const base = '/facilities/:facilityId/connections';
    const facility = z.object({ facilityId: ZId });
    const one = facility.extend({ connectionId: ZId });
    const tags = ['connections'];

    app.get(base, { schema: { tags, params: facility, querystring: ZConnectionListQuery, response: { 200: ZConnectionPage } } }, async (req) => {
      const page = await connections.listConnections(deps, req.caller, req.params.facilityId, req.query);
      return { ...page, items: page.items.map(presentConnection) };
    });

    app.post(base, { schema: { tags, params: facility, body: ZConnectionCreate, response: { 201: ZConnectionDetail } } }, async (req, reply) =>
      reply.status(201).send(presentConnectionDetail(await connections.createConnection(deps, req.caller, req.params.facilityId, req.body))),
    );

    app.get(`${base}/summary`, { schema: { tags, params: facility, response: { 200: ZConnectionSummary } } }, async (req) =>
      presentConnectionSummary(await connections.connectionSummary(deps, req.caller, req.params.facilityId)),
    );

    app.get(`${base}/:connectionId`, { schema: { tags, params: one, response: { 200: ZConnectionDetail } } }, async (req) =>
      presentConnectionDetail(await connections.getConnection(deps, req.caller, req.params.facilityId, req.params.connectionId)),
    );

    app.patch(`${base}/:connectionId`, { schema: { tags, params: one, body: ZConnectionUpdate, response: { 200: ZConnectionDetail } } }, async (req) =>
      presentConnectionDetail(await connections.updateConnection(deps, req.caller, req.params.facilityId, req.params.connectionId, req.body)),
    );

    // --- lifecycle actions ------------------------------------------------------------------------
    app.post(`${base}/:connectionId/approve`, { schema: { tags, params: one, body: ZConnectionApprove, response: { 200: ZConnectionDetail } } }, async (req) =>
      presentConnectionDetail(await connections.approveConnection(deps, req.caller, req.params.facilityId, req.params.connectionId, req.body)),
    );
    app.post(`${base}/:connectionId/reject`, { schema: { tags, params: one, body: ZConnectionReject, response: { 200: ZConnectionDetail } } }, async (req) =>
      presentConnectionDetail(await connections.rejectConnection(deps, req.caller, req.params.facilityId, req.params.connectionId, req.body)),
    );
    app.post(`${base}/:connectionId/activate`, { schema: { tags, params: one, body: ZConnectionComment, response: { 200: ZConnectionDetail } } }, async (req) =>
      presentConnectionDetail(await connections.activateConnection(deps, req.caller, req.params.facilityId, req.params.connectionId, req.body)),
    );
    app.post(`${base}/:connectionId/retire`, { schema: { tags, params: one, body: ZConnectionComment, response: { 200: ZConnectionDetail } } }, async (req) =>
      presentConnectionDetail(await connections.retireConnection(deps, req.caller, req.params.facilityId, req.params.connectionId, req.body)),
    );
    app.post(`${base}/:connectionId/resubmit`, { schema: { tags, params: one, body: ZConnectionComment, response: { 200: ZConnectionDetail } } }, async (req) =>
      presentConnectionDetail(await connections.resubmitConnection(deps, req.caller, req.params.facilityId, req.params.connectionId, req.body)),
    );

    // --- import and export ------------------------------------------------------------------------
    await app.register(importRoute(`${base}/import`, tags, deps, importConnections));

    app.get(`${base}/export`, { schema: { tags, params: facility, querystring: ZAssetExportQuery, produces: SPREADSHEET_TYPES } }, async (req, reply) =>
      sendDownload(reply, await exportConnections(deps, req.caller, req.params.facilityId, req.query)),
    );

    app.get(`${base}/template`, { schema: { tags, params: facility, querystring: ZAssetExportQuery, produces: SPREADSHEET_TYPES } }, async (req, reply) =>
      sendDownload(reply, await connectionTemplate(deps, req.caller, req.params.facilityId, req.query)),
    );
  };
}
