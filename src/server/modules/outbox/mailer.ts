import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../../config.ts';

/**
 * E-mail through the SMTP relay of MAMORI_SMTP_URL (nodemailer). smtp:// upgrades with STARTTLS when the relay offers
 * it, smtps:// speaks TLS from the start; user:pass in the URL authenticates. The URL is a secret: errors returned
 * from here carry only nodemailer's error code or the relay's reply code, never the address or the password.
 */

export const SMTP_TIMEOUT_MS = 10_000;

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface MailResult {
  ok: boolean;
  error: string | null;
}

export interface Mailer {
  send(message: MailMessage): Promise<MailResult>;
  close(): void;
}

/** A mailer for the configured relay, or null when MAMORI_SMTP_URL is not set. */
export function createMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom'>): Mailer | null {
  if (!config.smtpUrl) return null;
  const u = new URL(config.smtpUrl);
  const secure = u.protocol === 'smtps:';
  const transport: Transporter = nodemailer.createTransport({
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    ...(u.username && { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } }),
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
    // Never let nodemailer write the conversation (AUTH lines) anywhere.
    logger: false,
    debug: false,
  });
  return {
    async send(message) {
      try {
        await transport.sendMail({ from: config.mailFrom, to: message.to, subject: message.subject, text: message.text, html: message.html });
        return { ok: true, error: null };
      } catch (e) {
        return { ok: false, error: mailError(e) };
      }
    },
    close() {
      transport.close();
    },
  };
}

/** nodemailer's error as a short code: `EAUTH`, `ECONNECTION`, `ETIMEDOUT`, `smtp_550` … (no address, no password). */
function mailError(e: unknown): string {
  const err = e as { code?: string; responseCode?: number };
  if (typeof err.responseCode === 'number') return `smtp_${err.responseCode}${err.code ? `:${err.code}` : ''}`;
  return err.code ? String(err.code).slice(0, 40) : 'smtp_error';
}
