import ipaddr from 'ipaddr.js';

/**
 * Webhooks: one JSON POST with a time limit, and the checks of a webhook address. Addresses often carry a secret
 * (Slack/Teams incoming webhooks): nothing here ever puts the URL into an error, a log line or a return value.
 */

export const WEBHOOK_TIMEOUT_MS = 10_000;

export interface WebhookResult {
  ok: boolean;
  /** HTTP status when the receiver answered. */
  status: number | null;
  /** Why it failed, without the address: `http_500`, `timeout`, `network:ECONNREFUSED` … */
  error: string | null;
}

/** What a failed fetch says, without its URL: the timeout, or the network error code of its cause. */
function fetchError(e: unknown): string {
  const err = e as { name?: string; cause?: { code?: string; name?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timeout';
  const code = err.cause?.code ?? err.cause?.name;
  return code ? `network:${String(code).slice(0, 60)}` : 'network';
}

/** POSTs `body` as JSON; 2xx = delivered. Redirects are not followed (a webhook endpoint answers directly). */
export async function postWebhook(url: string, body: unknown, timeoutMs = WEBHOOK_TIMEOUT_MS): Promise<WebhookResult> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'mamori-alerts' },
      body: JSON.stringify(body),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Drain the answer so the connection is released; its content is not needed.
    await res.arrayBuffer().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status, error: null };
    return { ok: false, status: res.status, error: `http_${res.status}` };
  } catch (e) {
    return { ok: false, status: null, error: fetchError(e) };
  }
}

/** Host names that only resolve inside a hospital network (RFC 6762 .local, RFC 8375 home.arpa, common intranet suffixes). */
const INTERNAL_SUFFIXES = ['.local', '.internal', '.lan', '.intranet', '.home.arpa', '.localhost'];

/** Whether a host is this machine or a private network address (where an on-premise chat server may run over http). */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || INTERNAL_SUFFIXES.some((s) => host.endsWith(s))) return true;
  if (!ipaddr.isValid(host)) return false;
  let addr = ipaddr.parse(host);
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
  return ['loopback', 'private', 'linkLocal', 'uniqueLocal'].includes(addr.range());
}

/** Checks a webhook address: https anywhere, http only to this machine or a private network. Returns a message key or null. */
export function webhookUrlProblem(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'invalid_url';
  }
  if (u.username || u.password) return 'credentials_in_url';
  if (u.protocol === 'https:') return null;
  if (u.protocol === 'http:') return isPrivateHost(u.hostname) ? null : 'https_required';
  return 'invalid_url';
}

/** What may be shown of a webhook address: scheme://host/…last 4 characters (the rest can be a secret). */
export function webhookUrlHint(raw: string): string {
  const u = new URL(raw);
  const rest = `${u.pathname}${u.search}`.replace(/^\/+/, '');
  const tail = rest.length > 4 ? rest.slice(-4) : '';
  return `${u.protocol}//${u.host}/${tail ? `…${tail}` : ''}`;
}
