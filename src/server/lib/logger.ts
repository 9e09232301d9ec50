import pino, { type Logger } from 'pino';

/** Paths that must never be written to a log, whatever the level. */
export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.adminPassword',
  '*.apiKey',
  '*.nvdApiKey',
  '*.token',
  '*.secret',
  '*.code',
];

/**
 * URL path segments that carry a secret (the tokens of vendor sheet links and of report links — `/r/<token>` in the
 * web app, `/api/v1/public/report/<token>`) and of on-call alert acknowledgement (`/api/v1/public/alerts/ack/<token>`): masked wherever a request is logged; so is a `token=` query parameter
 * (the report poster's URL).
 */
const SECRET_PATH = /(\/vendor-sheets?\/|\/public\/report\/|\/public\/alerts\/ack\/|^\/r\/)[^/?#]+/g;
const SECRET_QUERY = /([?&]token=)[^&#]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_PATH, '$1[redacted]').replace(SECRET_QUERY, '$1[redacted]');
}

interface LoggedRequest {
  method?: string;
  url?: string;
  hostname?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** What a request looks like in the log: method, URL with secrets masked, host, address. */
function requestSerializer(req: LoggedRequest) {
  return { method: req.method, url: typeof req.url === 'string' ? redactUrl(req.url) : req.url, host: req.hostname, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'mamori' }, serializers: { req: requestSerializer } };
  return destination ? pino(options, destination) : pino(options);
}
