import ipaddr from 'ipaddr.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId } from '../../../shared/contracts/common.contract.ts';
import {
  ZPublicReportCreate,
  ZPublicReportLink,
  ZPublicReportReceived,
  ZReport,
  ZReportCreate,
  ZReportDismiss,
  ZReportLinkCreated,
  ZReportLinkState,
  ZReportList,
  ZReportListQuery,
  ZReportMerge,
  ZReportOpenCase,
  ZReportOpened,
  ZReportPosterQuery,
} from '../../../shared/contracts/incident-reports.contract.ts';
import { AppError } from '../../../shared/errors.ts';
import { REPORT_LIMITS } from '../../../shared/incidents/cases.ts';
import type { Deps } from '../../context.ts';
import { sendDownload } from '../../http/download.ts';
import { contentDisposition } from '../../lib/file-names.ts';
import { reportFormBody } from './report-form.ts';
import * as links from './report-link.service.ts';
import { presentReport } from './report.presenter.ts';
import * as reports from './report.service.ts';

/** A report body: the photo as base64 in JSON (or a multipart file) plus the text fields. */
export const REPORT_BODY_LIMIT = Math.ceil((REPORT_LIMITS.photoBytes * 4) / 3) + 256 * 1024;

/**
 * Requests through report links per window: reports per client address and per facility (REPORT_LIMITS), and — more
 * generous — page opens per address (the facility name), which slows anyone probing tokens.
 */
export const REPORT_LINK_WINDOW_MS = 60 * 60_000;
const LINK_OPENS_PER_CLIENT = 120;

/**
 * A sliding-window counter that also tells how long until the next request would be admitted (Retry-After). Memory is
 * bounded: idle keys are swept at most once a minute once there are many, and past MAX_KEYS a new key is refused
 * (counted as limited) rather than remembered.
 */
export class WindowLimiter {
  static readonly MAX_KEYS = 50_000;
  private readonly hits = new Map<string, number[]>();
  private lastSweep = 0;
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** The milliseconds until `key` may be admitted (0 = now); records nothing. */
  wait(key: string, now: number): number {
    const recent = this.recent(key, now);
    if (recent.length >= this.limit) return Math.max(1, recent[0]! + this.windowMs - now);
    if (recent.length === 0 && !this.hits.has(key) && this.hits.size >= WindowLimiter.MAX_KEYS) return this.windowMs;
    return 0;
  }

  /** Records a hit (call after `wait` said 0). */
  record(key: string, now: number): void {
    const recent = this.recent(key, now);
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 10_000 && now - this.lastSweep > 60_000) {
      this.lastSweep = now;
      for (const [k, v] of this.hits) if (v.every((t) => now - t >= this.windowMs)) this.hits.delete(k);
    }
  }

  /** Records a hit when admitted; returns 0 when admitted, else the milliseconds until a slot frees (nothing recorded). */
  take(key: string, now: number): number {
    const waitMs = this.wait(key, now);
    if (waitMs === 0) this.record(key, now);
    return waitMs;
  }

  private recent(key: string, now: number): number[] {
    return (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
  }
}

/** The key a client is counted under: its IPv4 address, or the /64 of an IPv6 address (one household or phone). */
export function clientKey(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const addr = ipaddr.process(ip);
  if (addr.kind() === 'ipv4') return addr.toString();
  return `${(addr as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16)).join(':')}::/64`;
}

/** The origin links are printed with: MAMORI_PUBLIC_URL, else the request's own. */
function originOf(deps: Deps, req: FastifyRequest): string {
  return deps.config.publicUrl ?? `${req.protocol}://${req.host}`;
}

/**
 * インシデントかも?: reporting (signed in), the reports list and detail with the photo, triage (open a case, merge,
 * dismiss), the facility's report link and poster, and the public routes the poster's link opens.
 */
export function reportRoutes(deps: Deps): FastifyPluginAsyncZod {
  const perClient = new WindowLimiter(REPORT_LIMITS.linkPerClientPerHour, REPORT_LINK_WINDOW_MS);
  const perFacility = new WindowLimiter(REPORT_LIMITS.linkPerFacilityPerHour, REPORT_LINK_WINDOW_MS);
  const opens = new WindowLimiter(LINK_OPENS_PER_CLIENT, REPORT_LINK_WINDOW_MS);
  const refuse = (reply: FastifyReply, waitMs: number): void => {
    if (waitMs === 0) return;
    const seconds = Math.ceil(waitMs / 1000);
    reply.header('retry-after', String(seconds));
    throw new AppError('RATE_LIMITED', 'too many reports through report links; try again later', { detail: { retryAfterSeconds: seconds } });
  };

  return async (app) => {
    const tags = ['incidents'];
    const facility = z.object({ facilityId: ZId });
    const one = z.object({ id: ZId });
    const token = z.object({ token: z.string().min(1).max(200) });

    // --- reading and triage -------------------------------------------------------------------------------------
    app.get('/facilities/:facilityId/incident-reports', { schema: { tags, params: facility, querystring: ZReportListQuery, response: { 200: ZReportList } } }, async (req) => {
      const page = await reports.listReports(deps, req.caller, req.params.facilityId, req.query);
      return { ...page, items: page.items.map(presentReport) };
    });

    app.get('/incident-reports/:id', { schema: { tags, params: one, response: { 200: ZReport } } }, async (req) => presentReport(await reports.getReport(deps, req.caller, req.params.id)));

    app.get('/incident-reports/:id/photo', { schema: { tags, params: one, produces: ['image/jpeg', 'image/png', 'image/webp', 'image/heic'] } }, async (req, reply) => {
      const file = await reports.reportPhoto(deps, req.caller, req.params.id);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition(file.fileName).replace(/^attachment/, 'inline'))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .header('x-sha256', file.sha256)
        .send(file.bytes);
    });

    app.post('/incident-reports/:id/open-case', { schema: { tags, params: one, body: ZReportOpenCase, response: { 201: ZReportOpened } } }, async (req, reply) => {
      const opened = await reports.openCaseFromReport(deps, req.caller, req.params.id, req.body);
      return reply.status(201).send({ report: presentReport(opened.report), caseId: opened.caseId, caseSeq: opened.caseSeq });
    });

    app.post('/incident-reports/:id/merge', { schema: { tags, params: one, body: ZReportMerge, response: { 200: ZReport } } }, async (req) =>
      presentReport(await reports.mergeReport(deps, req.caller, req.params.id, req.body)),
    );

    app.post('/incident-reports/:id/dismiss', { schema: { tags, params: one, body: ZReportDismiss, response: { 200: ZReport } } }, async (req) =>
      presentReport(await reports.dismissReport(deps, req.caller, req.params.id, req.body)),
    );

    // --- the facility's report link -----------------------------------------------------------------------------
    const linkBase = '/facilities/:facilityId/report-link';
    app.get(linkBase, { schema: { tags, params: facility, response: { 200: ZReportLinkState } } }, async (req) => links.getReportLink(deps, req.caller, req.params.facilityId));

    app.post(linkBase, { schema: { tags, params: facility, response: { 201: ZReportLinkCreated } } }, async (req, reply) =>
      reply.status(201).send(await links.createReportLink(deps, req.caller, req.params.facilityId, originOf(deps, req))),
    );

    app.delete(linkBase, { schema: { tags, params: facility, response: { 200: ZReportLinkState } } }, async (req) => links.revokeReportLink(deps, req.caller, req.params.facilityId));

    app.get(`${linkBase}/poster`, { schema: { tags, params: facility, querystring: ZReportPosterQuery, produces: Object.values(links.POSTER_CONTENT_TYPES) } }, async (req, reply) => {
      const file = await links.reportPoster(deps, req.caller, req.params.facilityId, { token: req.query.token, format: req.query.format, origin: originOf(deps, req) });
      reply.header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff');
      return sendDownload(reply, { bytes: file.body, contentType: file.contentType, fileName: file.fileName }, { inline: req.query.format === 'html' });
    });

    // --- bodies that may carry a photo (JSON with base64, or multipart/form-data) --------------------------------
    await app.register(async (scope) => {
      const forms = scope.withTypeProvider<ZodTypeProvider>();
      forms.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: REPORT_BODY_LIMIT }, (req, body, done) => {
        try {
          done(null, reportFormBody(body as Buffer, req.headers['content-type']));
        } catch (e) {
          done(e as Error, undefined);
        }
      });
      forms.post(
        '/facilities/:facilityId/incident-reports',
        { bodyLimit: REPORT_BODY_LIMIT, schema: { tags, params: facility, body: ZReportCreate, consumes: ['application/json', 'multipart/form-data'], response: { 201: ZReport } } },
        async (req, reply) => reply.status(201).send(presentReport(await reports.createReport(deps, req.caller, req.params.facilityId, req.body))),
      );

      // Public: the token is the credential; the session, if any, plays no part (so no CSRF check either: there is no
      // ambient credential to abuse). Only the facility's name comes back.
      const publicConfig = { auth: 'public' as const, csrf: false as const };
      forms.get('/public/report/:token', { config: publicConfig, schema: { tags, params: token, response: { 200: ZPublicReportLink } } }, async (req, reply) => {
        refuse(reply, opens.take(clientKey(req.ip), deps.clock.now().getTime()));
        const link = await links.openReportLink(deps, req.params.token);
        return { facilityName: link.facilityName };
      });

      forms.post(
        '/public/report/:token',
        {
          config: publicConfig,
          bodyLimit: REPORT_BODY_LIMIT,
          schema: { tags, params: token, body: ZPublicReportCreate, consumes: ['application/json', 'multipart/form-data'], response: { 201: ZPublicReportReceived } },
        },
        async (req, reply) => {
          // Every attempt counts as a page open (generous); only reports actually received count against the report
          // limits, so a phone whose photo is refused can try again at once.
          const client = clientKey(req.ip);
          const at = deps.clock.now().getTime();
          refuse(reply, opens.take(client, at));
          refuse(reply, perClient.wait(client, at));
          const link = await links.openReportLink(deps, req.params.token);
          refuse(reply, perFacility.wait(link.facilityId, at));
          const received = await links.submitLinkReport(deps, link, req.ip, req.body);
          perClient.record(client, at);
          perFacility.record(link.facilityId, at);
          return reply.status(201).send({ ok: true as const, receivedAt: received.receivedAt });
        },
      );
    });
  };
}
