import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId, ZOk } from '../../../shared/contracts/common.contract.ts';
import {
  ZAckToken,
  ZAlertSettings,
  ZAlertSettingsInput,
  ZIncidentAlert,
  ZIncidentAlertList,
  ZIncidentAlertListQuery,
  ZIncidentWebhook,
  ZIncidentWebhookInput,
  ZIncidentWebhookList,
  ZIncidentWebhookUpdate,
  ZWebhookTestResult,
} from '../../../shared/contracts/incident-alerts.contract.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Deps } from '../../context.ts';
import { ackPageHtml } from './alert-messages.ts';
import { presentAlert, presentAlertSettings, presentWebhook } from './alert.presenter.ts';
import * as alerts from './alert.service.ts';

/**
 * On-call alerts: the public acknowledgement link (GET shows a confirmation page and changes nothing — mail
 * scanners fetch links; POST acknowledges), acknowledgement in mamori, the list of who was alerted, the facility's
 * alert settings and webhooks.
 */
export function alertRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['incidents'];
    const facility = z.object({ facilityId: ZId });
    const hook = z.object({ facilityId: ZId, webhookId: ZId });

    // The page's form posts application/x-www-form-urlencoded; nothing in the form body is used (the token is in the path).
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_req, _body, done) => done(null, {}));

    // --- through the link (public: the token is the credential; no CSRF check, no ambient credentials are used) --
    const publicConfig = { auth: 'public' as const, csrf: false as const };
    const html = (reply: FastifyReply, status: number, page: string) =>
      reply.status(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').header('x-robots-tag', 'noindex').send(page);
    const wantsHtml = (req: FastifyRequest) => (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') || (req.headers.accept ?? '').startsWith('text/html');

    app.get('/public/alerts/ack/:token', { config: publicConfig, schema: { tags, params: ZAckToken, produces: ['text/html'] } }, async (req, reply) => {
      const found = await alerts.alertForToken(deps, req.params.token);
      if (!found) return html(reply, 404, ackPageHtml({ state: 'unknown' }));
      const common = { facilityName: found.facility_name, recipientName: found.recipient_name, sentAt: found.sent_at, acknowledgedAt: found.acknowledged_at, acknowledgedBy: found.acknowledged_by };
      if (found.acknowledged_at) return html(reply, 200, ackPageHtml({ state: 'already', ...common }));
      return html(reply, 200, ackPageHtml({ state: 'confirm', ...common, action: `${alerts.ACK_PATH}${req.params.token}` }));
    });

    app.post('/public/alerts/ack/:token', { config: publicConfig, schema: { tags, params: ZAckToken } }, async (req, reply) => {
      const asHtml = wantsHtml(req);
      try {
        const r = await alerts.acknowledgeByToken(deps, req.params.token, req.ip);
        if (!asHtml) return reply.send({ ok: true as const, alreadyAcknowledged: r.alreadyAcknowledged, acknowledgedAt: r.alert.acknowledged_at! });
        return html(
          reply,
          200,
          ackPageHtml({
            state: r.alreadyAcknowledged ? 'already' : 'done',
            facilityName: r.facilityName,
            recipientName: r.alert.recipient_name,
            sentAt: r.alert.sent_at,
            acknowledgedAt: r.alert.acknowledged_at,
            acknowledgedBy: r.alert.acknowledged_by,
          }),
        );
      } catch (e) {
        if (asHtml && e instanceof AppError && e.code === 'NOT_FOUND') return html(reply, 404, ackPageHtml({ state: 'unknown' }));
        throw e;
      }
    });

    // --- signed in ------------------------------------------------------------------------------
    app.post('/incident-alerts/:id/ack', { schema: { tags, params: z.object({ id: ZId }), response: { 200: ZIncidentAlert } } }, async (req) =>
      presentAlert(await alerts.acknowledgeAlert(deps, req.caller, req.params.id)),
    );

    app.get('/facilities/:facilityId/incident-alerts', { schema: { tags, params: facility, querystring: ZIncidentAlertListQuery, response: { 200: ZIncidentAlertList } } }, async (req) => {
      const list = await alerts.listIncidentAlerts(deps, req.caller, req.params.facilityId, req.query);
      return { items: list.items.map(presentAlert), acknowledged: list.acknowledged, exhausted: list.exhausted };
    });

    app.get('/facilities/:facilityId/alert-settings', { schema: { tags, params: facility, response: { 200: ZAlertSettings } } }, async (req) =>
      presentAlertSettings(await alerts.getAlertSettings(deps, req.caller, req.params.facilityId)),
    );

    app.put('/facilities/:facilityId/alert-settings', { schema: { tags, params: facility, body: ZAlertSettingsInput, response: { 200: ZAlertSettings } } }, async (req) =>
      presentAlertSettings(await alerts.putAlertSettings(deps, req.caller, req.params.facilityId, req.body)),
    );

    app.get('/facilities/:facilityId/webhooks', { schema: { tags, params: facility, response: { 200: ZIncidentWebhookList } } }, async (req) => ({
      items: (await alerts.listWebhooks(deps, req.caller, req.params.facilityId)).map(presentWebhook),
    }));

    app.post('/facilities/:facilityId/webhooks', { schema: { tags, params: facility, body: ZIncidentWebhookInput, response: { 201: ZIncidentWebhook } } }, async (req, reply) =>
      reply.status(201).send(presentWebhook(await alerts.createWebhook(deps, req.caller, req.params.facilityId, req.body))),
    );

    app.patch('/facilities/:facilityId/webhooks/:webhookId', { schema: { tags, params: hook, body: ZIncidentWebhookUpdate, response: { 200: ZIncidentWebhook } } }, async (req) =>
      presentWebhook(await alerts.updateWebhook(deps, req.caller, req.params.facilityId, req.params.webhookId, req.body)),
    );

    app.delete('/facilities/:facilityId/webhooks/:webhookId', { schema: { tags, params: hook, response: { 200: ZOk } } }, async (req) => {
      await alerts.deleteWebhook(deps, req.caller, req.params.facilityId, req.params.webhookId);
      return { ok: true as const };
    });

    app.post('/facilities/:facilityId/webhooks/:webhookId/test', { schema: { tags, params: hook, response: { 200: ZWebhookTestResult } } }, async (req) =>
      alerts.testWebhook(deps, req.caller, req.params.facilityId, req.params.webhookId),
    );
  };
}
