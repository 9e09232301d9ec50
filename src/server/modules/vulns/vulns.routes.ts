import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId } from '../../../shared/contracts/common.contract.ts';
import {
  ZAssetVulns,
  ZCoveragePage,
  ZCoverageQuery,
  ZCpeSuggestionQuery,
  ZCpeSuggestions,
  ZExplain,
  ZFindingAccept,
  ZFindingDetail,
  ZFindingListQuery,
  ZFindingPage,
  ZFindingStatusChange,
  ZRescanResult,
  ZVulnDetail,
  ZVulnId,
  ZVulnOverview,
  ZVulnPolicy,
} from '../../../shared/contracts/vulns.contract.ts';
import type { Deps } from '../../context.ts';
import { cpeSuggestions, explain, rematchFacility } from './match.service.ts';
import { findingsOfVuln, getAssetVulns, getCoverage, getFindingDetail, getVulnDetail, getVulnOverview, listFindingPage } from './overview.service.ts';
import { getVulnPolicy, updateVulnPolicy } from './policy.service.ts';
import { acceptFindingRisk, changeFindingStatus } from './workflow.service.ts';

/** 脆弱性: the facility's findings, their workflow and policy, and the deployment-wide vulnerability records. */
export function vulnRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['vulns'];
    const base = '/facilities/:facilityId/vulns';
    const facility = z.object({ facilityId: ZId });
    const finding = facility.extend({ findingId: ZId });

    app.get(`${base}/overview`, { schema: { tags, params: facility, response: { 200: ZVulnOverview } } }, async (req) => getVulnOverview(deps, req.caller, req.params.facilityId));

    app.get(`${base}/findings`, { schema: { tags, params: facility, querystring: ZFindingListQuery, response: { 200: ZFindingPage } } }, async (req) =>
      listFindingPage(deps, req.caller, req.params.facilityId, req.query),
    );

    app.get(`${base}/findings/:findingId`, { schema: { tags, params: finding, response: { 200: ZFindingDetail } } }, async (req) =>
      getFindingDetail(deps, req.caller, req.params.facilityId, req.params.findingId),
    );

    app.post(`${base}/findings/:findingId/status`, { schema: { tags, params: finding, body: ZFindingStatusChange, response: { 200: ZFindingDetail } } }, async (req) => {
      await changeFindingStatus(deps, req.caller, req.params.facilityId, req.params.findingId, req.body);
      return getFindingDetail(deps, req.caller, req.params.facilityId, req.params.findingId);
    });

    app.post(`${base}/findings/:findingId/accept`, { schema: { tags, params: finding, body: ZFindingAccept, response: { 200: ZFindingDetail } } }, async (req) => {
      await acceptFindingRisk(deps, req.caller, req.params.facilityId, req.params.findingId, req.body);
      return getFindingDetail(deps, req.caller, req.params.facilityId, req.params.findingId);
    });

    app.get(`${base}/assets/:assetId`, { schema: { tags, params: facility.extend({ assetId: ZId }), response: { 200: ZAssetVulns } } }, async (req) =>
      getAssetVulns(deps, req.caller, req.params.facilityId, req.params.assetId),
    );

    app.get(`${base}/by-vuln/:vulnId`, { schema: { tags, params: facility.extend({ vulnId: ZVulnId }), querystring: ZFindingListQuery, response: { 200: ZFindingPage } } }, async (req) =>
      findingsOfVuln(deps, req.caller, req.params.facilityId, req.params.vulnId, req.query),
    );

    app.get(`${base}/coverage`, { schema: { tags, params: facility, querystring: ZCoverageQuery, response: { 200: ZCoveragePage } } }, async (req) =>
      getCoverage(deps, req.caller, req.params.facilityId, req.query),
    );

    app.get(`${base}/cpe-suggestions`, { schema: { tags, params: facility, querystring: ZCpeSuggestionQuery, response: { 200: ZCpeSuggestions } } }, async (req) =>
      cpeSuggestions(deps, req.caller, req.params.facilityId, req.query),
    );

    app.get(
      `${base}/explain`,
      { schema: { tags, params: facility, querystring: z.strictObject({ assetId: ZId, vulnId: ZVulnId }), response: { 200: ZExplain } } },
      async (req) => explain(deps, req.caller, req.params.facilityId, req.query.assetId, req.query.vulnId),
    );

    app.post(`${base}/rescan`, { schema: { tags, params: facility, response: { 200: ZRescanResult } } }, async (req) => {
      const r = await rematchFacility(deps, req.caller, req.params.facilityId);
      return { assets: r.assets, created: r.created, reopened: r.reopened, closed: r.closed, ms: r.ms };
    });

    app.get(`${base}/policy`, { schema: { tags, params: facility, response: { 200: ZVulnPolicy } } }, async (req) => getVulnPolicy(deps, req.caller, req.params.facilityId));

    app.put(`${base}/policy`, { schema: { tags, params: facility, body: ZVulnPolicy, response: { 200: ZVulnPolicy } } }, async (req) =>
      updateVulnPolicy(deps, req.caller, req.params.facilityId, req.body),
    );

    app.get('/vulns/:vulnId', { schema: { tags, params: z.object({ vulnId: ZVulnId }), response: { 200: ZVulnDetail } } }, async (req) => getVulnDetail(deps, req.caller, req.params.vulnId));
  };
}
