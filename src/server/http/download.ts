import type { FastifyReply } from 'fastify';

/** A generated file (export, template) for the browser to save. `fileName` is ASCII. */
export interface Download {
  bytes: Buffer;
  contentType: string;
  fileName: string;
}

/** Sends a generated file as an attachment. */
export function sendDownload(reply: FastifyReply, file: Download): FastifyReply {
  return reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.fileName}"`).send(file.bytes);
}

/** The content types of the spreadsheet downloads, for the OpenAPI description. */
export const SPREADSHEET_TYPES = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];
