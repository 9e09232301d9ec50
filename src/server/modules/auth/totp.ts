import { authenticator } from 'otplib';
import QRCode from 'qrcode';

// RFC 6238 defaults (SHA-1, 30 s, 6 digits), accepting one step either side for clock drift.
authenticator.options = { step: 30, digits: 6, window: 1 };

export function newTotpSecret(): string {
  return authenticator.generateSecret(20);
}

export function otpauthUrl(email: string, secret: string): string {
  return authenticator.keyuri(email, 'mamori', secret);
}

export function qrDataUrl(url: string): Promise<string> {
  return QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 1, width: 220 });
}

/**
 * Checks a code and returns the 30-second step it matched, or null. The caller rejects a step at or
 * before the last accepted one, so a code cannot be replayed.
 */
export function matchTotp(secret: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const step = Math.floor(now.getTime() / 30_000);
  for (const delta of [0, -1, 1]) {
    const s = step + delta;
    const expected = authenticator.clone({ epoch: s * 30_000, window: 0 }).generate(secret);
    if (expected === code) return s;
  }
  return null;
}

/** The current code for a secret (tests and the CLI demo only). */
export function currentTotp(secret: string, now: Date = new Date()): string {
  return authenticator.clone({ epoch: now.getTime(), window: 0 }).generate(secret);
}
