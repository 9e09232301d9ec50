/**
 * Names of uploaded files (MDS/SDS documents, evidence) as they are stored and sent back, and the
 * Content-Disposition header of their downloads.
 */

/**
 * A file name safe to store and send back: the last path segment only, no control characters or double quotes,
 * at most 200 characters; `fallback` when nothing usable is left (or only `.` / `..`).
 */
export function safeFileName(name: string, fallback: string): string {
  const base = name
    .split(/[\\/]/)
    .pop()!
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim()
    .slice(0, 200);
  return base && base !== '.' && base !== '..' ? base : fallback;
}

/** RFC 6266 / 5987: an attachment with an ASCII fallback name plus the exact UTF-8 name. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'download';
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
