import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZErrorResponse, ZId } from '../../shared/contracts/common.contract.ts';
import { ZAssetImportQuery, ZAssetImportResult, type TAssetImportResult } from '../../shared/contracts/ledger.contract.ts';
import { errorMessage } from '../../shared/errors.ts';
import { ASSET_IMPORT_LIMITS, formatImportIssue, type ImportIssue } from '../../shared/ledger-import.ts';
import type { Caller, Deps } from '../context.ts';
import { SPREADSHEET_TYPES } from './download.ts';
import { requestLocale } from './errors.ts';

/** The content types a register import accepts as the raw request body. */
export const IMPORT_TYPES = [...SPREADSHEET_TYPES, 'application/octet-stream'];

/** The X-File-Name header (URL-encoded by the client), decoded when it can be. */
export function headerFileName(header: string | string[] | undefined): string {
  if (typeof header !== 'string') return '';
  try {
    return decodeURIComponent(header);
  } catch {
    return header;
  }
}

/** An import's result: the response without the sentences of its issues. */
type ImportOutcome = Omit<TAssetImportResult, 'errors' | 'warnings'> & { errors: ImportIssue[]; warnings: ImportIssue[] };

/** Imports (or previews) a file into a facility: importAssets, importConnections, importVendors. */
export type ImportRunner = (deps: Deps, caller: Caller, facilityId: string, bytes: Buffer, options: { fileName: string; dryRun: boolean }) => Promise<ImportOutcome>;

/**
 * A plugin with one route, POST `path` (params: facilityId), that imports the file sent as the raw request body
 * (CSV or .xlsx, up to ASSET_IMPORT_LIMITS.maxFileBytes; a preview unless `dryRun=false`). The file's name is
 * `?fileName=`, else the X-File-Name header. Every issue gets its sentence in the caller's language; errors in
 * the file answer 422 with the preview, so that the caller can show every row at once.
 */
export function importRoute(path: string, tags: string[], deps: Deps, run: ImportRunner): FastifyPluginAsyncZod {
  return async (files) => {
    // The file is the raw request body; only this plugin's scope accepts these types, with a larger limit.
    files.addContentTypeParser(IMPORT_TYPES, { parseAs: 'buffer', bodyLimit: ASSET_IMPORT_LIMITS.maxFileBytes }, (_req, body, done) => done(null, body));
    files.post(
      path,
      {
        bodyLimit: ASSET_IMPORT_LIMITS.maxFileBytes,
        schema: {
          tags,
          params: z.object({ facilityId: ZId }),
          querystring: ZAssetImportQuery,
          consumes: IMPORT_TYPES,
          response: { 200: ZAssetImportResult, 422: ZAssetImportResult.extend(ZErrorResponse.shape) },
        },
      },
      async (req, reply) => {
        const fileName = req.query.fileName || headerFileName(req.headers['x-file-name']);
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const result = await run(deps, req.caller, req.params.facilityId, body, { fileName, dryRun: req.query.dryRun === 'true' });
        const locale = requestLocale(req);
        const withText = <T extends Parameters<typeof formatImportIssue>[0]>(i: T) => ({ ...i, text: formatImportIssue(i, locale) });
        const out = { ...result, errors: result.errors.map(withText), warnings: result.warnings.map(withText) };
        if (result.errorCount === 0) return reply.status(200).send(out);
        return reply.status(422).send({ ...out, error: { code: 'VALIDATION_FAILED' as const, message: errorMessage('VALIDATION_FAILED', locale), issues: result.errors } });
      },
    );
  };
}
