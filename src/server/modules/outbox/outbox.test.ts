import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import { runDoctor } from '../../../cli/doctor.ts';
import { loadConfig, redactUrl } from '../../config.ts';
import { newId } from '../../lib/ids.ts';
import { createTestEnv, DIALECTS, makeFacility, type TestEnv } from '../../testing/harness.ts';
import { deliverOutbox, enableOutboxKicks, enqueueTx, kickOutbox, findOutboxMessage, OUTBOX_BACKOFF_MINUTES, OUTBOX_MAX_ATTEMPTS, retryDelayMinutes } from './outbox.service.ts';
import { startSmtpServer, startWebhookReceiver, type LocalSmtp, type LocalWebhookReceiver } from './test-support.ts';
import { isPrivateHost, webhookUrlHint, webhookUrlProblem } from './webhook.ts';

describe('SMTP configuration', () => {
  it('reads MAMORI_SMTP_URL, MAMORI_MAIL_FROM and MAMORI_PUBLIC_URL; never repeats a bad value; masks the password', async () => {
    const c = loadConfig({ MAMORI_SMTP_URL: 'smtps://relay:p%40ss-Word@mail.hospital.test:465', MAMORI_MAIL_FROM: 'mamori <alerts@hospital.test>', MAMORI_PUBLIC_URL: 'https://mamori.hospital.test/' });
    expect(c).toMatchObject({ smtpUrl: 'smtps://relay:p%40ss-Word@mail.hospital.test:465', mailFrom: 'mamori <alerts@hospital.test>', publicUrl: 'https://mamori.hospital.test' });
    expect(loadConfig({})).toMatchObject({ smtpUrl: null, publicUrl: null, mailFrom: 'mamori <mamori@localhost>' });
    expect(() => loadConfig({ MAMORI_SMTP_URL: 'http://relay:secretPW@mail' })).toThrow(/^MAMORI_SMTP_URL must be/);
    try {
      loadConfig({ MAMORI_SMTP_URL: 'http://relay:secretPW@mail' });
    } catch (e) {
      expect(String(e)).not.toContain('secretPW');
    }
    expect(redactUrl('smtp://relay:p%40ss-Word@mail.hospital.test:587')).toBe('smtp://relay:***@mail.hospital.test:587');
    expect(redactUrl('smtp://mail.hospital.test')).toBe('smtp://mail.hospital.test');
    const checks = await runDoctor({ ...c, dataDir: '/tmp/mamori-doctor-smtp-test' });
    const smtp = checks.find((x) => x.name.startsWith('SMTP'))!;
    expect(smtp).toMatchObject({ ok: true, required: false, detail: 'smtps://relay:***@mail.hospital.test:465' });
    expect(JSON.stringify(checks)).not.toContain('ss-Word');
  });
});

describe('webhook addresses', () => {
  it('accepts https anywhere and http only to this machine or a private network', () => {
    expect(webhookUrlProblem('https://hooks.slack.com/services/T000/B000/XXXX')).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:8065/hooks/abc')).toBeNull();
    expect(webhookUrlProblem('http://10.1.2.3/hooks/abc')).toBeNull();
    expect(webhookUrlProblem('http://192.168.0.5/x')).toBeNull();
    expect(webhookUrlProblem('http://[fd00::1]/x')).toBeNull();
    expect(webhookUrlProblem('http://chat.hospital.local/x')).toBeNull();
    expect(webhookUrlProblem('http://localhost:3000/x')).toBeNull();
    expect(webhookUrlProblem('http://example.com/x')).toBe('https_required');
    expect(webhookUrlProblem('http://8.8.8.8/x')).toBe('https_required');
    expect(webhookUrlProblem('ftp://example.com/x')).toBe('invalid_url');
    expect(webhookUrlProblem('not a url')).toBe('invalid_url');
    expect(webhookUrlProblem('https://user:pw@example.com/x')).toBe('credentials_in_url');
    expect(isPrivateHost('::ffff:10.0.0.1')).toBe(true);
    expect(isPrivateHost('100.64.0.1')).toBe(false);
  });

  it('shows only scheme, host and the last four characters', () => {
    expect(webhookUrlHint('https://hooks.slack.com/services/T000/B000/abcdWXYZ')).toBe('https://hooks.slack.com/…WXYZ');
    expect(webhookUrlHint('http://127.0.0.1:8065/')).toBe('http://127.0.0.1:8065/');
  });

  it('backs off 1, 5, 15, 60, 60 minutes', () => {
    expect([1, 2, 3, 4, 5, 6].map(retryDelayMinutes)).toEqual([1, 5, 15, 60, 60, 60]);
    expect(OUTBOX_BACKOFF_MINUTES).toEqual([1, 5, 15, 60]);
    expect(OUTBOX_MAX_ATTEMPTS).toBe(6);
  });
});

describe.each(DIALECTS)('outbox delivery (%s)', (dialect) => {
  let env: TestEnv;
  let A: TFacility;
  let smtp: LocalSmtp;
  let hooks: LocalWebhookReceiver;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    A = await makeFacility(env, 'OB', '送信試験病院');
    smtp = await startSmtpServer({ requireAuth: { user: 'relay', pass: 's3cret-pass' } });
    hooks = await startWebhookReceiver();
  });
  afterAll(async () => {
    await smtp?.close();
    await hooks?.close();
    await env?.close();
  });
  beforeEach(() => {
    env.deps.config.smtpUrl = smtp.url({ user: 'relay', pass: 's3cret-pass' });
    hooks.status = 200;
    hooks.received.length = 0;
    smtp.mails.length = 0;
  });
  afterEach(async () => {
    // Leave nothing due for the next test.
    await env.deps.db.updateTable('outbox_messages').set({ status: 'failed' }).where('status', '=', 'pending').execute();
  });

  const enqueueMail = (to: string, subject = '【至急】テスト / test') =>
    env.deps.db.transaction().execute((trx) => enqueueTx(env.deps, trx, { facilityId: A.id, channel: 'email', target: to, payload: { subject, text: '本文です\nbody', html: '<p>本文です</p>' }, ref: 'test:mail' }));

  async function webhookRow(url: string, enabled = true): Promise<string> {
    const id = newId();
    const now = env.clock.now().toISOString();
    await env.deps.db
      .insertInto('incident_webhooks')
      .values({ id, facility_id: A.id, name: 'hook', format: 'json', url_encrypted: env.deps.secrets.seal(url), url_hint: webhookUrlHint(url), enabled: enabled ? 1 : 0, created_at: now, updated_at: now })
      .execute();
    return id;
  }
  const enqueueHook = (webhookId: string, body: unknown) =>
    env.deps.db.transaction().execute((trx) => enqueueTx(env.deps, trx, { facilityId: A.id, channel: 'webhook', target: webhookId, payload: { body }, ref: 'test:hook' }));

  it('sends an e-mail through the SMTP relay with authentication; the stored payload is sealed', async () => {
    const id = await enqueueMail('oncall@hospital.example');
    const stored = await env.deps.db.selectFrom('outbox_messages').select('payload').where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.payload).not.toContain('本文');
    expect(stored.payload).not.toContain('test');
    const r = await deliverOutbox(env.deps);
    expect(r).toEqual({ attempted: 1, sent: 1, retrying: 0, failed: 0 });
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.to).toEqual(['oncall@hospital.example']);
    expect(mail.user).toBe('relay');
    expect(mail.subject).toBe('【至急】テスト / test');
    expect(mail.text).toContain('本文です');
    expect(mail.html).toContain('<p>本文です</p>');
    const m = await findOutboxMessage(env.deps.db, id);
    expect(m).toMatchObject({ status: 'sent', attempts: 1, lastError: null, sentAt: env.clock.now().toISOString() });
    expect(await deliverOutbox(env.deps)).toMatchObject({ attempted: 0 });
  });

  it('posts a webhook body as JSON', async () => {
    const hook = await webhookRow(hooks.url('/services/abc'));
    await enqueueHook(hook, { type: 'incident_alert', text: 'テスト' });
    expect(await deliverOutbox(env.deps)).toMatchObject({ sent: 1 });
    expect(hooks.received).toEqual([{ path: '/services/abc', contentType: 'application/json; charset=utf-8', body: { type: 'incident_alert', text: 'テスト' } }]);
  });

  it('retries a failing receiver after 1, 5, 15, 60 and 60 minutes and gives up after the sixth attempt', async () => {
    hooks.status = 500;
    const hook = await webhookRow(hooks.url('/fail'));
    const id = await enqueueHook(hook, { n: 1 });
    const waits = [1, 5, 15, 60, 60];
    for (let attempt = 1; attempt <= OUTBOX_MAX_ATTEMPTS; attempt += 1) {
      expect(await deliverOutbox(env.deps), `attempt ${attempt}`).toMatchObject({ attempted: 1 });
      const m = (await findOutboxMessage(env.deps.db, id))!;
      expect(m.attempts).toBe(attempt);
      expect(m.lastError).toBe('http_500');
      if (attempt < OUTBOX_MAX_ATTEMPTS) {
        expect(m.status).toBe('pending');
        const wait = waits[attempt - 1]!;
        expect(Date.parse(m.nextAttemptAt) - env.clock.now().getTime()).toBe(wait * 60_000);
        // Not due a minute early.
        env.clock.advance((wait - 1) * 60_000 + 59_000);
        expect(await deliverOutbox(env.deps)).toMatchObject({ attempted: 0 });
        env.clock.advance(1_000);
      } else {
        expect(m.status).toBe('failed');
      }
    }
    expect(hooks.received).toHaveLength(6);
    env.clock.advance(24 * 60 * 60_000);
    expect(await deliverOutbox(env.deps)).toMatchObject({ attempted: 0 });
  });

  it('a receiver that recovers gets the message on the retry', async () => {
    hooks.status = 503;
    const id = await enqueueHook(await webhookRow(hooks.url('/flaky')), { n: 2 });
    expect(await deliverOutbox(env.deps)).toMatchObject({ retrying: 1 });
    hooks.status = 200;
    env.clock.advance(60_000);
    expect(await deliverOutbox(env.deps)).toMatchObject({ sent: 1 });
    expect(await findOutboxMessage(env.deps.db, id)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
  });

  it('two delivery runs at once send a message only once', async () => {
    await enqueueHook(await webhookRow(hooks.url('/once')), { n: 3 });
    await enqueueMail('twice@hospital.example');
    const [a, b] = await Promise.all([deliverOutbox(env.deps), deliverOutbox(env.deps)]);
    expect(a.sent + b.sent).toBe(2);
    expect(hooks.received).toHaveLength(1);
    expect(smtp.mails).toHaveLength(1);
  });

  it('without SMTP an e-mail is given up at once as smtp_not_configured; a webhook that was disabled or deleted too', async () => {
    env.deps.config.smtpUrl = null;
    const mail = await enqueueMail('nobody@hospital.example');
    const disabled = await enqueueHook(await webhookRow(hooks.url('/off'), false), { n: 4 });
    const gone = await enqueueHook(newId(), { n: 5 });
    expect(await deliverOutbox(env.deps)).toMatchObject({ attempted: 3, failed: 3 });
    expect(await findOutboxMessage(env.deps.db, mail)).toMatchObject({ status: 'failed', lastError: 'smtp_not_configured' });
    expect(await findOutboxMessage(env.deps.db, disabled)).toMatchObject({ status: 'failed', lastError: 'webhook_disabled' });
    expect(await findOutboxMessage(env.deps.db, gone)).toMatchObject({ status: 'failed', lastError: 'webhook_deleted' });
    expect(hooks.received).toHaveLength(0);
  });

  it('an enqueued skip is recorded as failed with its reason and never sent', async () => {
    const id = await env.deps.db.transaction().execute((trx) =>
      enqueueTx(env.deps, trx, { facilityId: A.id, channel: 'email', target: 'x@hospital.example', payload: { subject: 's', text: 't', html: 'h' }, ref: 'test:skip', skipReason: 'smtp_not_configured' }),
    );
    expect(await deliverOutbox(env.deps)).toMatchObject({ attempted: 0 });
    expect(await findOutboxMessage(env.deps.db, id)).toMatchObject({ status: 'failed', attempts: 0, lastError: 'smtp_not_configured' });
  });

  it('a kick after the commit delivers in the background once kicks are on (the server turns them on)', async () => {
    const id = await enqueueHook(await webhookRow(hooks.url('/kick')), { n: 6 });
    kickOutbox(env.deps);
    await new Promise((resolve) => setImmediate(resolve));
    expect((await findOutboxMessage(env.deps.db, id))!.status).toBe('pending');
    enableOutboxKicks(env.deps);
    try {
      kickOutbox(env.deps);
      kickOutbox(env.deps);
      await vi.waitFor(async () => expect((await findOutboxMessage(env.deps.db, id))!.status).toBe('sent'));
      expect(hooks.received.filter((h) => h.path === '/kick')).toHaveLength(1);
    } finally {
      enableOutboxKicks(env.deps, false);
    }
  });

  it('a relay that refuses the password: retried, and the error names no secret', async () => {
    env.deps.config.smtpUrl = smtp.url({ user: 'relay', pass: 'wrong-pass' });
    const id = await enqueueMail('auth@hospital.example');
    expect(await deliverOutbox(env.deps)).toMatchObject({ retrying: 1 });
    const m = (await findOutboxMessage(env.deps.db, id))!;
    expect(m.lastError).toMatch(/^smtp_535|EAUTH/);
    expect(m.lastError).not.toContain('wrong-pass');
    expect(smtp.mails).toHaveLength(0);
  });
});
