import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZAssessmentDetail,
  ZReturnVendorSheet,
  ZVendorLink,
  ZVendorLinkCreate,
  ZVendorLinkCreated,
  ZVendorLinkList,
  ZVendorSheet,
  ZVendorSheetAnswer,
  ZVendorSheetSubmit,
} from '../../../shared/contracts/assessments.contract.ts';
import { ZId } from '../../../shared/contracts/common.contract.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Deps } from '../../context.ts';
import { RateLimiter } from '../../http/rate-limit.ts';
import { sha256Hex } from '../../lib/ids.ts';
import { presentVendorLink } from './vendor-sheet.presenter.ts';
import * as sheets from './vendor-sheet.service.ts';

/**
 * Requests through vendor links (no account) per source address and per link, each over ten minutes. Generous for
 * a person answering a long sheet field by field; a script guessing tokens or hammering one link stops here.
 */
export const VENDOR_SHEET_LIMITS = { perIp: 600, perToken: 300, windowMs: 10 * 60_000 } as const;

/**
 * 事業者確認用: the hospital's links (issue, list, revoke), the review (accept / return) and the vendor's submission
 * when signed in; and the public routes a link opens (the sheet, answers, submission).
 */
export function vendorSheetRoutes(deps: Deps): FastifyPluginAsyncZod {
  const byIp = new RateLimiter(VENDOR_SHEET_LIMITS.perIp, VENDOR_SHEET_LIMITS.windowMs);
  const byToken = new RateLimiter(VENDOR_SHEET_LIMITS.perToken, VENDOR_SHEET_LIMITS.windowMs);
  const limit = (ip: string, token: string): void => {
    const now = deps.clock.now().getTime();
    if (!byIp.take(ip, now) || !byToken.take(sha256Hex(token), now)) throw new AppError('RATE_LIMITED');
  };

  return async (app) => {
    const tags = ['assessments'];
    const one = z.object({ id: ZId });
    const link = one.extend({ linkId: ZId });

    // --- the hospital's side --------------------------------------------------------------------
    app.post('/assessments/:id/links', { schema: { tags, params: one, body: ZVendorLinkCreate, response: { 201: ZVendorLinkCreated } } }, async (req, reply) => {
      const created = await sheets.createVendorLink(deps, req.caller, req.params.id, req.body);
      return reply.status(201).send({ link: presentVendorLink(created.link), url: created.url, token: created.token });
    });

    app.get('/assessments/:id/links', { schema: { tags, params: one, response: { 200: ZVendorLinkList } } }, async (req) => ({
      items: (await sheets.listVendorLinks(deps, req.caller, req.params.id)).map(presentVendorLink),
    }));

    app.delete('/assessments/:id/links/:linkId', { schema: { tags, params: link, response: { 200: ZVendorLink } } }, async (req) =>
      presentVendorLink(await sheets.revokeVendorLink(deps, req.caller, req.params.id, req.params.linkId)),
    );

    app.post('/assessments/:id/submit', { schema: { tags, params: one, response: { 200: ZAssessmentDetail } } }, async (req) => sheets.submitVendorSheet(deps, req.caller, req.params.id));

    app.post('/assessments/:id/accept', { schema: { tags, params: one, response: { 200: ZAssessmentDetail } } }, async (req) => sheets.acceptVendorSheet(deps, req.caller, req.params.id));

    app.post('/assessments/:id/return', { schema: { tags, params: one, body: ZReturnVendorSheet, response: { 200: ZAssessmentDetail } } }, async (req) =>
      sheets.returnVendorSheet(deps, req.caller, req.params.id, req.body),
    );

    // --- through a link (public: the token is the credential; writes still need the CSRF cookie and header) ------
    const token = z.object({ token: z.string().min(1).max(200) });
    const publicConfig = { auth: 'public' as const };

    app.get('/vendor-sheets/:token', { config: publicConfig, schema: { tags, params: token, response: { 200: ZVendorSheet } } }, async (req) => {
      limit(req.ip, req.params.token);
      return sheets.vendorSheetByToken(deps, req.params.token, req.ip);
    });

    app.put(
      '/vendor-sheets/:token/answers/:itemId',
      { config: publicConfig, schema: { tags, params: token.extend({ itemId: z.string().min(1).max(200) }), body: ZVendorSheetAnswer, response: { 200: ZVendorSheet } } },
      async (req) => {
        limit(req.ip, req.params.token);
        return sheets.answerByToken(deps, req.params.token, req.ip, req.params.itemId, req.body);
      },
    );

    app.post('/vendor-sheets/:token/submit', { config: publicConfig, schema: { tags, params: token, body: ZVendorSheetSubmit, response: { 200: ZVendorSheet } } }, async (req) => {
      limit(req.ip, req.params.token);
      return sheets.submitByToken(deps, req.params.token, req.ip, req.body);
    });
  };
}
