import type { FastifyReply } from 'fastify';

/** A generated file (export, template) for the browser to save. `fileName` is ASCII. */
export interface Download {
  bytes: Buffer;
  contentType: string;
  fileName: string;
}

/**
 * Sends a generated file as an attachment, or `inline` (printable HTML that opens in a tab for printing; the page is
 * self-contained, script-free and served under the app's CSP).
 */
export function sendDownload(reply: FastifyReply, file: Download, options: { inline?: boolean } = {}): FastifyReply {
  const disposition = options.inline ? 'inline' : 'attachment';
  return reply.header('content-type', file.contentType).header('content-disposition', `${disposition}; filename="${file.fileName}"`).send(file.bytes);
}

/** The content types of the spreadsheet downloads, for the OpenAPI description. */
export const SPREADSHEET_TYPES = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];
