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

/** URL path segments that carry a secret (the vendor sheet link's token): masked wherever a request is logged. */
const SECRET_PATH = /(\/vendor-sheets?\/)[^/?#]+/g;

export function redactUrl(url: string): string {
  return url.replace(SECRET_PATH, '$1[redacted]');
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
