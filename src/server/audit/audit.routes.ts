import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZAuditPage, ZAuditQuery, ZAuditVerify, type TAuditEvent } from '../../shared/contracts/audit.contract.ts';
import type { Deps } from '../context.ts';
import { csvCell } from '../lib/csv.ts';
import { exportAuditEvents, listAuditEvents, recordAuditAlone, verifyAuditChain } from './audit.service.ts';

const CSV_COLUMNS = ['seq', 'occurredAt', 'actorLabel', 'facilityId', 'entityType', 'entityId', 'action', 'before', 'after', 'sourceIp', 'hash'] as const;

function csvLine(e: TAuditEvent): string {
  return `${CSV_COLUMNS.map((c) => csvCell(e[c])).join(',')}\r\n`;
}

export function auditRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/audit', { schema: { tags: ['audit'], querystring: ZAuditQuery, response: { 200: ZAuditPage } } }, async (req) => listAuditEvents(deps, req.caller, req.query));

    app.get(
      '/audit/export.csv',
      { schema: { tags: ['audit'], querystring: ZAuditQuery.omit({ page: true, pageSize: true }), produces: ['text/csv'] } },
      async (req, reply) => {
        // Iterate once before sending anything, so a permission error is still a clean 403.
        const it = exportAuditEvents(deps, req.caller, req.query);
        const first = await it.next();
        await recordAuditAlone(deps, req.caller, { facilityId: req.query.facilityId ?? null, entityType: 'audit_log', entityId: null, action: 'export', after: { query: req.query } });
        async function* body(): AsyncGenerator<string> {
          yield `\uFEFF${CSV_COLUMNS.join(',')}\r\n`;
          if (!first.done) yield csvLine(first.value);
          for await (const e of it) yield csvLine(e);
        }
        const stamp = deps.clock.now().toISOString().slice(0, 10);
        reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="mamori-audit-${stamp}.csv"`);
        return reply.send(Readable.from(body()));
      },
    );

    app.get('/audit/verify', { schema: { tags: ['audit'], response: { 200: ZAuditVerify } } }, async (req) => verifyAuditChain(deps, req.caller));
  };
}
