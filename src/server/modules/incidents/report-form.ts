import { AppError } from '../../../shared/errors.ts';

/**
 * multipart/form-data for the report forms (a phone's browser posting a FormData with the photo): the text fields and
 * one file part `photo`, turned into the JSON shape of the report contracts (the photo as base64), so one schema checks
 * both. Empty text fields are left out (an empty `what` stays, for its own message). Buffered: the route's body limit
 * bounds the size.
 */

const HEADER_END = Buffer.from('\r\n\r\n');

function boundaryOf(contentType: string | undefined): string {
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  const b = m?.[1] ?? m?.[2];
  if (!b || b.length > 200) throw new AppError('BAD_REQUEST', 'multipart body without a boundary');
  return b;
}

function dispositionParam(header: string, name: string): string | null {
  const m = new RegExp(`;\\s*${name}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(header) ?? new RegExp(`;\\s*${name}=([^;\\s]+)`, 'i').exec(header);
  return m ? m[1]!.replace(/\\(.)/g, '$1') : null;
}

export interface FormFile {
  fileName: string | null;
  bytes: Buffer;
}

/** Splits a multipart body into text fields and files (by field name; the last one wins). */
export function parseMultipart(body: Buffer, contentType: string | undefined): { fields: Map<string, string>; files: Map<string, FormFile> } {
  const delimiter = Buffer.from(`--${boundaryOf(contentType)}`);
  const fields = new Map<string, string>();
  const files = new Map<string, FormFile>();
  let at = body.indexOf(delimiter);
  if (at < 0) throw new AppError('BAD_REQUEST', 'malformed multipart body');
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString('latin1') === '--') break;
    if (body.subarray(at, at + 2).toString('latin1') !== '\r\n') throw new AppError('BAD_REQUEST', 'malformed multipart body');
    at += 2;
    const headerEnd = body.indexOf(HEADER_END, at);
    if (headerEnd < 0) throw new AppError('BAD_REQUEST', 'malformed multipart body');
    const headers = body.subarray(at, headerEnd).toString('utf8').split('\r\n');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (next < 0) throw new AppError('BAD_REQUEST', 'malformed multipart body');
    const content = body.subarray(headerEnd + 4, next);
    const disposition = headers.find((h) => /^content-disposition:/i.test(h)) ?? '';
    const name = dispositionParam(disposition, 'name');
    if (name !== null) {
      const fileName = dispositionParam(disposition, 'filename');
      if (fileName !== null) {
        if (content.length > 0) files.set(name, { fileName: fileName || null, bytes: Buffer.from(content) });
      } else fields.set(name, content.toString('utf8'));
    }
    at = next + 2;
  }
  return { fields, files };
}

/** A multipart report form as the JSON body the report contracts expect. */
export function reportFormBody(body: Buffer, contentType: string | undefined): Record<string, unknown> {
  const { fields, files } = parseMultipart(body, contentType);
  const out: Record<string, unknown> = {};
  for (const [k, v] of fields) if (k === 'what' || v.trim() !== '') out[k] = v;
  for (const [k, f] of files) out[k] = { ...(f.fileName && { fileName: f.fileName }), data: f.bytes.toString('base64') };
  return out;
}
