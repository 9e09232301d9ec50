import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId } from '../../../shared/contracts/common.contract.ts';
import type { Deps } from '../../context.ts';
import { sendDownload } from '../../http/download.ts';
import { exportLedgerBook } from './ledger-book.service.ts';

/** GET /facilities/:facilityId/ledger/export: the whole 情報資産台帳 as one .xlsx, a sheet per kind. */
export function ledgerBookRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/facilities/:facilityId/ledger/export',
      {
        schema: {
          tags: ['ledger'],
          params: z.object({ facilityId: ZId }),
          querystring: z.strictObject({ lang: z.enum(['ja', 'en']).default('ja') }),
          produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        },
      },
      async (req, reply) => sendDownload(reply, await exportLedgerBook(deps, req.caller, req.params.facilityId, req.query)),
    );
  };
}
