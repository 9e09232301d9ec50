import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * Test support: the outside world as local servers speaking the real protocols — an SMTP server (smtp-server, in
 * process, ephemeral port, optional AUTH, no STARTTLS) and an HTTP webhook receiver (node:http) whose answer status
 * can be changed. Received mail is decoded (RFC 2047 subjects, quoted-printable/base64 parts) for assertions.
 */

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The user that authenticated, if any. */
  user: string | null;
  subject: string;
  text: string;
  html: string;
  raw: string;
}

export interface LocalSmtp {
  port: number;
  url: (auth?: { user: string; pass: string }) => string;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*(?==\?)?/g, (_m, _charset: string, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  );
}

function decodeBody(body: string, encoding: string): string {
  const enc = encoding.toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

function splitPart(part: string): { headers: Map<string, string>; body: string } {
  const at = part.search(/\r?\n\r?\n/);
  const head = at >= 0 ? part.slice(0, at) : part;
  const body = at >= 0 ? part.slice(at).replace(/^\r?\n\r?\n/, '') : '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return { headers, body };
}

/** Subject, text and HTML of a (possibly multipart/alternative) message. */
export function parseMail(raw: string): { subject: string; text: string; html: string } {
  const top = splitPart(raw);
  const out = { subject: decodeWords(top.headers.get('subject') ?? ''), text: '', html: '' };
  const visit = (p: { headers: Map<string, string>; body: string }) => {
    const type = p.headers.get('content-type') ?? 'text/plain';
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (type.toLowerCase().startsWith('multipart/') && boundary) {
      for (const chunk of p.body.split(`--${boundary}`).slice(1)) {
        if (chunk.startsWith('--')) break;
        visit(splitPart(chunk.replace(/^\r?\n/, '')));
      }
      return;
    }
    const decoded = decodeBody(p.body, p.headers.get('content-transfer-encoding') ?? '7bit');
    if (type.toLowerCase().startsWith('text/html')) out.html += decoded;
    else out.text += decoded;
  };
  visit(top);
  return out;
}

export async function startSmtpServer(options: { requireAuth?: { user: string; pass: string } } = {}): Promise<LocalSmtp> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: !options.requireAuth,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, cb) {
      const want = options.requireAuth;
      if (want && (auth.username !== want.user || auth.password !== want.pass)) return cb(new Error('Invalid username or password'));
      return cb(null, { user: auth.username });
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        mails.push({ from, to: session.envelope.rcptTo.map((r) => r.address), user: (session.user as string | undefined) ?? null, raw, ...parseMail(raw) });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    mails,
    url: (auth) => (auth ? `smtp://${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.pass)}@127.0.0.1:${port}` : `smtp://127.0.0.1:${port}`),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedHook {
  path: string;
  contentType: string;
  body: unknown;
}

export interface LocalWebhookReceiver {
  url: (path?: string) => string;
  received: ReceivedHook[];
  /** The status the receiver answers with (200 unless changed). */
  status: number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<LocalWebhookReceiver> {
  const state: LocalWebhookReceiver = {
    url: () => '',
    received: [],
    status: 200,
    close: async () => undefined,
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: unknown = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = Buffer.concat(chunks).toString('utf8');
      }
      state.received.push({ path: req.url ?? '', contentType: req.headers['content-type'] ?? '', body });
      res.statusCode = state.status;
      res.end(state.status < 300 ? 'ok' : 'error');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  state.url = (path = '/hook') => `http://127.0.0.1:${port}${path}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
