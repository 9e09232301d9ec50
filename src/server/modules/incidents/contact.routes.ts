import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId, ZOk } from '../../../shared/contracts/common.contract.ts';
import { ZContactChart, ZContactChartExportQuery, ZContactEntry, ZContactEntryInput, ZContactEntryUpdate, ZContactOrder } from '../../../shared/contracts/contacts.contract.ts';
import type { Deps } from '../../context.ts';
import { sendDownload } from '../../http/download.ts';
import { CONTACT_CHART_CONTENT_TYPES, exportContactChart } from './contact-print.ts';
import { presentContactChart, presentContactEntry } from './contact.presenter.ts';
import * as contacts from './contact.service.ts';

/** 連絡体制図: the facility's chart, its entries (by id), the call order and the printable page. */
export function contactRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['incidents'];
    const facility = z.object({ facilityId: ZId });
    const one = z.object({ id: ZId });
    const base = '/facilities/:facilityId/contact-chart';

    app.get(base, { schema: { tags, params: facility, response: { 200: ZContactChart } } }, async (req) =>
      presentContactChart(await contacts.getContactChart(deps, req.caller, req.params.facilityId)),
    );

    app.post(`${base}/entries`, { schema: { tags, params: facility, body: ZContactEntryInput, response: { 201: ZContactEntry } } }, async (req, reply) =>
      reply.status(201).send(presentContactEntry(await contacts.addContactEntry(deps, req.caller, req.params.facilityId, req.body))),
    );

    app.put(`${base}/order`, { schema: { tags, params: facility, body: ZContactOrder, response: { 200: ZContactChart } } }, async (req) =>
      presentContactChart(await contacts.reorderContacts(deps, req.caller, req.params.facilityId, req.body)),
    );

    app.get(`${base}/export`, { schema: { tags, params: facility, querystring: ZContactChartExportQuery, produces: Object.values(CONTACT_CHART_CONTENT_TYPES) } }, async (req, reply) => {
      const file = await exportContactChart(deps, req.caller, req.params.facilityId, req.query);
      reply.header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff');
      return sendDownload(reply, { bytes: file.body, contentType: file.contentType, fileName: file.fileName }, { inline: req.query.format === 'html' });
    });

    app.patch('/contact-entries/:id', { schema: { tags, params: one, body: ZContactEntryUpdate, response: { 200: ZContactEntry } } }, async (req) =>
      presentContactEntry(await contacts.updateContactEntry(deps, req.caller, req.params.id, req.body)),
    );

    app.delete('/contact-entries/:id', { schema: { tags, params: one, response: { 200: ZOk } } }, async (req) => {
      await contacts.deleteContactEntry(deps, req.caller, req.params.id);
      return { ok: true as const };
    });
  };
}
