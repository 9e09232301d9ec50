import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { IncidentAlertDto, IncidentWebhookDto } from '../../../shared/contracts/incident-alerts.contract.ts';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import { newId, sha256Hex } from '../../lib/ids.ts';
import { createLogger } from '../../lib/logger.ts';
import { buildTestApp, createTestEnv, DIALECTS, idsOf, makeFacility, makeUsers, signIn, SYSTEM, TestClient, type TestEnv } from '../../testing/harness.ts';
import { deliverOutbox } from '../outbox/index.ts';
import { startSmtpServer, startWebhookReceiver, type LocalSmtp, type LocalWebhookReceiver, type ReceivedMail } from '../outbox/test-support.ts';
import { callChain, escalateAlerts, raiseAlertsTx } from './alert.service.ts';
import type { ChainEntry } from './alert.repository.ts';
import { createCaseTx } from './case.service.ts';
import { insertContactEntryTx } from './contact.service.ts';

const PUBLIC_URL = 'https://mamori.hospital.test';
const ACK_LINK = new RegExp(`${PUBLIC_URL.replace(/[.]/g, '\\.')}/api/v1/public/alerts/ack/([A-Za-z0-9_-]{43})`);

describe('call chain order', () => {
  const e = (id: string, position: number, deputyForId: string | null = null): ChainEntry => ({
    id,
    position,
    roleLabel: id,
    name: id,
    email: null,
    deputyForId,
    userId: null,
    userName: null,
    userEmail: null,
  });
  it('puts deputies right after the person they stand in for, and keeps everyone once', () => {
    const chain = callChain([e('a', 1), e('b', 2), e('dA2', 3, 'a'), e('dA1', 4, 'a'), e('dB', 5, 'b'), e('ddA', 6, 'dA2'), e('orphan', 7, 'gone')]);
    // Deputies in their own position order: dA2 (3) before dA1 (4); a deputy's deputy after it.
    expect(chain.map((x) => x.id)).toEqual(['a', 'dA2', 'ddA', 'dA1', 'b', 'dB', 'orphan']);
    expect(callChain([e('x', 1, 'y'), e('y', 2, 'x')]).map((x) => x.id)).toEqual(['x', 'y']);
  });
});

/** インシデント連絡 over real HTTP, SMTP and webhooks on real databases. */
describe.each(DIALECTS)('on-call alerts (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let B: TFacility;
  let smtp: LocalSmtp;
  let hooks: LocalWebhookReceiver;
  let sm: TestClient;
  let it_: TestClient;
  let staff: TestClient;
  let exec: TestClient;
  let smB: TestClient;
  let anon: TestClient;
  const users = {} as Record<'sm' | 'it' | 'staff' | 'exec' | 'smB', string>;
  const logLines: string[] = [];

  beforeAll(async () => {
    smtp = await startSmtpServer();
    hooks = await startWebhookReceiver();
    env = await createTestEnv(dialect, { smtpUrl: smtp.url(), publicUrl: PUBLIC_URL, mailFrom: 'mamori <alerts@hospital.test>', logLevel: 'debug', sessionIdleMinutes: 100_000, sessionAbsoluteHours: 10_000 });
    // A logger that keeps what it writes, at debug level (request lines included), to prove tokens are masked.
    env.deps.logger = createLogger(
      'debug',
      new Writable({
        write(chunk: Buffer, _enc, cb) {
          logLines.push(chunk.toString('utf8'));
          cb();
        },
      }),
    );
    A = await makeFacility(env, 'AL', 'みなと試験病院');
    B = await makeFacility(env, 'BL');
    const made = await makeUsers(env, {
      sm: ['sm@al.jp', 'security_manager', A.id],
      it: ['it@al.jp', 'it_staff', A.id],
      staff: ['staff@al.jp', 'staff', A.id],
      exec: ['exec@al.jp', 'executive', A.id],
      smB: ['sm@bl.jp', 'security_manager', B.id],
    });
    Object.assign(users, idsOf(made));
    // The chart: 1 院長 (e-mail), 2 情報システム担当 = the staff user (no e-mail of its own: the user's), and the
    // deputy of 1 (added last, position 3) — called right after 1.
    await env.deps.db.transaction().execute(async (trx) => {
      const head = await insertContactEntryTx(env.deps, trx, SYSTEM, A.id, { side: 'internal', kind: 'executive', roleLabel: '院長', name: '港 一郎', email: 'director@hospital.test', phone: '090-1111-1111' });
      await insertContactEntryTx(env.deps, trx, SYSTEM, A.id, { side: 'internal', kind: 'it', roleLabel: '情報システム担当', name: '情報 花子', userId: users.staff, phone: '090-2222-2222' });
      await insertContactEntryTx(env.deps, trx, SYSTEM, A.id, { side: 'internal', kind: 'executive', roleLabel: '副院長', name: '代理 次郎', email: 'deputy@hospital.test', deputyForId: head.id, phone: '090-3333-3333' });
    });
    app = await buildTestApp(env);
    ({ sm, it: it_, staff, exec, smB } = await signIn(app, env, made));
    anon = new TestClient(app, env);
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
    await smtp?.close();
    await hooks?.close();
  });
  beforeEach(() => {
    env.deps.config.smtpUrl = smtp.url();
    hooks.status = 200;
  });

  const alertsUrl = (q = '') => `/api/v1/facilities/${A.id}/incident-alerts${q}`;
  const webhooksUrl = (suffix = '') => `/api/v1/facilities/${A.id}/webhooks${suffix}`;

  /** A one-minute report row (the report intake is another part of the module) and the alerts it raises. */
  async function report(what: string): Promise<string> {
    const id = newId();
    const now = env.clock.now().toISOString();
    await env.deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('incident_reports')
        .values({ id, facility_id: A.id, channel: 'app', what, where_text: '3階ナースステーション', asset_id: null, occurred_at: null, reporter_user_id: users.staff, reporter_name: null, reporter_contact: null, photo_file_id: null, link_id: null, status: 'new', case_id: null, dismiss_reason: null, triaged_by: null, triaged_at: null, created_at: now })
        .execute();
      await raiseAlertsTx(env.deps, trx, { facilityId: A.id, reportId: id, caseId: null, summary: `${what}(3階ナースステーション)` });
    });
    return id;
  }
  async function alertsOf(reportId: string): Promise<{ items: IncidentAlertDto[]; acknowledged: boolean; exhausted: boolean }> {
    const res = await sm.get(alertsUrl(`?reportId=${reportId}`));
    expect(res.statusCode).toBe(200);
    const body = res.json() as { items: IncidentAlertDto[]; acknowledged: boolean; exhausted: boolean };
    // Oldest first is easier to read in the tests.
    return { ...body, items: [...body.items].reverse() };
  }
  const mailsTo = (address: string): ReceivedMail[] => smtp.mails.filter((m) => m.to.includes(address));
  const tokenOf = (mail: ReceivedMail) => ACK_LINK.exec(mail.text)![1]!;

  it('webhooks: https or a private address only; the address is sealed, only a hint is shown or audited', async () => {
    const bad = await sm.post(webhooksUrl(), { name: '外部', format: 'json', url: 'http://example.com/hook' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', issues: [{ path: 'url', message: 'https_required' }] } });
    const made: IncidentWebhookDto[] = [];
    for (const [name, format] of [
      ['院内チャット(JSON)', 'json'],
      ['Slack', 'slack'],
      ['Teams', 'teams'],
    ] as const) {
      const res = await sm.post(webhooksUrl(), { name, format, url: hooks.url(`/${format}/secretPART${format}`) });
      expect(res.statusCode).toBe(201);
      made.push(res.json() as IncidentWebhookDto);
    }
    expect(made[0]).toMatchObject({ name: '院内チャット(JSON)', format: 'json', enabled: true, urlHint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/…json$/) });
    expect(JSON.stringify(made)).not.toContain('secretPART');
    const stored = await env.deps.db.selectFrom('incident_webhooks').select('url_encrypted').execute();
    expect(stored.every((s) => !s.url_encrypted.includes('secretPART'))).toBe(true);
    const audit = await env.deps.db.selectFrom('audit_log').select(['before_json', 'after_json']).where('entity_type', '=', 'incident_webhook').execute();
    expect(audit.length).toBe(3);
    expect(JSON.stringify(audit)).not.toContain('secretPART');

    // A disabled extra one gets nothing; PATCH and DELETE work; the test message goes out now.
    const extra = (await sm.post(webhooksUrl(), { name: '予備', format: 'json', url: hooks.url('/spare/secretPARTx') })).json() as IncidentWebhookDto;
    const patched = await sm.patch(webhooksUrl(`/${extra.id}`), { enabled: false, name: '予備(停止)' });
    expect(patched.json()).toMatchObject({ enabled: false, name: '予備(停止)' });
    hooks.received.length = 0;
    const test = await sm.post(webhooksUrl(`/${made[1]!.id}/test`));
    expect(test.json()).toEqual({ ok: true, status: 200, error: null });
    expect(hooks.received).toHaveLength(1);
    expect(hooks.received[0]!.path).toBe('/slack/secretPARTslack');
    expect(hooks.received[0]!.body).toMatchObject({ text: expect.stringContaining('テスト') });
    hooks.status = 500;
    expect((await sm.post(webhooksUrl(`/${extra.id}/test`))).json()).toEqual({ ok: false, status: 500, error: 'http_500' });
    hooks.received.length = 0;
    const urlChange = await sm.patch(webhooksUrl(`/${extra.id}`), { url: 'https://chat.example.com/hooks/newSECRET9876' });
    expect(urlChange.json()).toMatchObject({ urlHint: 'https://chat.example.com/…9876' });
    const listed = (await sm.get(webhooksUrl())).json() as { items: IncidentWebhookDto[] };
    expect(listed.items).toHaveLength(4);
    expect(JSON.stringify(listed)).not.toMatch(/secretPART|newSECRET/);
    expect((await sm.delete(webhooksUrl(`/${extra.id}`))).statusCode).toBe(200);
    expect(((await sm.get(webhooksUrl())).json() as { items: unknown[] }).items).toHaveLength(3);
    const allAudit = JSON.stringify(await env.deps.db.selectFrom('audit_log').select(['before_json', 'after_json']).where('entity_type', '=', 'incident_webhook').execute());
    expect(allAudit).not.toMatch(/secretPART|newSECRET/);
  });

  it('settings are read with incident.read and changed with incident.manage, webhooks need incident.manage; another facility does not exist', async () => {
    expect((await sm.get(`/api/v1/facilities/${A.id}/alert-settings`)).json()).toEqual({
      facilityId: A.id,
      escalateAfterMinutes: 10,
      emailEnabled: true,
      smtpConfigured: true,
      publicUrlConfigured: true,
      updatedAt: null,
    });
    for (const c of [it_, exec]) expect((await c.get(`/api/v1/facilities/${A.id}/alert-settings`)).statusCode).toBe(200);
    expect((await staff.get(`/api/v1/facilities/${A.id}/alert-settings`)).statusCode).toBe(403);
    for (const c of [it_, staff, exec]) {
      expect((await c.request('PUT', `/api/v1/facilities/${A.id}/alert-settings`, { escalateAfterMinutes: 5, emailEnabled: true })).statusCode).toBe(403);
      expect((await c.get(webhooksUrl())).statusCode).toBe(403);
    }
    expect((await smB.get(`/api/v1/facilities/${A.id}/alert-settings`)).statusCode).toBe(404);
    expect((await smB.get(webhooksUrl())).statusCode).toBe(404);
    expect((await smB.get(alertsUrl())).statusCode).toBe(404);
    expect((await staff.get(alertsUrl())).statusCode).toBe(403);
    expect((await sm.request('PUT', `/api/v1/facilities/${A.id}/alert-settings`, { escalateAfterMinutes: 241, emailEnabled: true })).statusCode).toBe(400);
    expect((await sm.request('PUT', `/api/v1/facilities/${A.id}/alert-settings`, { escalateAfterMinutes: 0, emailEnabled: true })).statusCode).toBe(400);
    const put = await sm.request('PUT', `/api/v1/facilities/${A.id}/alert-settings`, { escalateAfterMinutes: 10, emailEnabled: true });
    expect(put.json()).toMatchObject({ escalateAfterMinutes: 10, emailEnabled: true, updatedAt: env.clock.now().toISOString() });
  });

  it('alerts the first person at once by e-mail, every webhook and not the bell (no user); the token is kept only as a hash', async () => {
    smtp.mails.length = 0;
    hooks.received.length = 0;
    const reportId = await report('電子カルテ端末に身代金要求の画面が出ている');
    const before = await alertsOf(reportId);
    expect(before.items).toHaveLength(1);
    expect(before.items[0]).toMatchObject({ position: 1, recipientName: '港 一郎', state: 'sent', sentAt: env.clock.now().toISOString(), acknowledgedAt: null });
    expect(before.items[0]!.deliveries.map((d) => [d.channel, d.target, d.status])).toEqual([
      ['email', 'director@hospital.test', 'pending'],
      ['webhook', '院内チャット(JSON)', 'pending'],
      ['webhook', 'Slack', 'pending'],
      ['webhook', 'Teams', 'pending'],
    ]);

    expect(await deliverOutbox(env.deps)).toMatchObject({ sent: 4 });
    const [mail] = mailsTo('director@hospital.test');
    expect(mail).toBeDefined();
    expect(mail!.from).toBe('alerts@hospital.test');
    expect(mail!.subject).toBe('【至急】インシデントかも? 確認してください(みなと試験病院) / URGENT: possible incident — please acknowledge (みなと試験病院)');
    expect(mail!.text).toContain('港 一郎 さん');
    expect(mail!.text).toContain('電子カルテ端末に身代金要求の画面が出ている');
    expect(mail!.text.indexOf('確認してください') < mail!.text.indexOf('Open this link') || mail!.text.indexOf('すぐに次のリンク') < mail!.text.indexOf('Open this link')).toBe(true);
    expect(mail!.text).toContain(`${PUBLIC_URL}/incidents/reports/${reportId}`);
    expect(mail!.html).toMatch(ACK_LINK);
    const token = tokenOf(mail!);
    const row = await env.deps.db.selectFrom('incident_alerts').selectAll().where('report_id', '=', reportId).executeTakeFirstOrThrow();
    expect(row.ack_token_hash).toBe(sha256Hex(token));
    const outboxText = JSON.stringify(await env.deps.db.selectFrom('outbox_messages').select(['payload', 'target', 'ref', 'last_error']).execute());
    expect(outboxText).not.toContain(token);
    expect(JSON.stringify(await env.deps.db.selectFrom('audit_log').select(['before_json', 'after_json']).execute())).not.toContain(token);

    const bodies = Object.fromEntries(hooks.received.map((h) => [h.path.split('/')[1], h.body])) as Record<string, Record<string, unknown>>;
    expect(bodies.json).toMatchObject({
      type: 'incident_alert',
      facility: { id: A.id, name: 'みなと試験病院' },
      reportId,
      caseId: null,
      summary: '電子カルテ端末に身代金要求の画面が出ている(3階ナースステーション)',
      recipient: { name: '港 一郎', position: 1 },
      ackUrl: `${PUBLIC_URL}/api/v1/public/alerts/ack/${token}`,
    });
    expect(bodies.slack).toMatchObject({ text: expect.stringContaining('インシデントかも'), blocks: expect.arrayContaining([expect.objectContaining({ type: 'actions' })]) });
    expect(bodies.teams).toMatchObject({ '@type': 'MessageCard', text: expect.stringContaining('URGENT: possible incident') });
    expect(JSON.stringify(bodies.teams)).toContain(token);
    const after = await alertsOf(reportId);
    expect(after.items[0]!.deliveries.every((d) => d.status === 'sent' && d.attempts === 1)).toBe(true);

    // GET shows a page and changes nothing (mail scanners fetch links); POST from the page's form acknowledges.
    const page = await anon.get(`/api/v1/public/alerts/ack/${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<form method="post"');
    expect(page.body).toContain('港 一郎');
    expect(page.body).not.toContain('身代金');
    await anon.get(`/api/v1/public/alerts/ack/${token}`);
    expect((await alertsOf(reportId)).items[0]!.state).toBe('sent');

    env.clock.advance(3 * 60_000);
    const form = await app.inject({ method: 'POST', url: `/api/v1/public/alerts/ack/${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(form.statusCode).toBe(200);
    expect(form.headers['content-type']).toContain('text/html');
    expect(form.body).toContain('確認しました / Acknowledged');
    const acked = await alertsOf(reportId);
    expect(acked.acknowledged).toBe(true);
    expect(acked.items[0]).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'mail link', acknowledgedAt: env.clock.now().toISOString() });
    const again = await app.inject({ method: 'POST', url: `/api/v1/public/alerts/ack/${token}`, headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect(again.json()).toMatchObject({ ok: true, alreadyAcknowledged: true });
    // Acknowledged: no escalation, ever.
    env.clock.advance(60 * 60_000);
    expect(await escalateAlerts(env.deps)).toEqual({ escalated: 0, exhausted: 0 });
    expect((await alertsOf(reportId)).items).toHaveLength(1);
    const unknown = await anon.get(`/api/v1/public/alerts/ack/${'x'.repeat(43)}`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('リンクが無効です');
    expect((await app.inject({ method: 'POST', url: `/api/v1/public/alerts/ack/${'x'.repeat(43)}`, headers: { 'content-type': 'application/json' }, payload: '{}' })).statusCode).toBe(404);

    // The token never reached the log, although requests were logged at debug level.
    const log = logLines.join('');
    expect(log).toContain('/api/v1/public/alerts/ack/[redacted]');
    expect(log).not.toContain(token);
  });

  it('escalates to the deputy, then to the next person after the facility delay; an acknowledgement ends it', async () => {
    await sm.request('PUT', `/api/v1/facilities/${A.id}/alert-settings`, { escalateAfterMinutes: 5, emailEnabled: true });
    smtp.mails.length = 0;
    const reportId = await report('不審なメールの添付ファイルを開いてしまった');
    await deliverOutbox(env.deps);
    env.clock.advance(4 * 60_000 + 59_000);
    expect(await escalateAlerts(env.deps)).toEqual({ escalated: 0, exhausted: 0 });
    env.clock.advance(1_000);
    expect(await escalateAlerts(env.deps)).toEqual({ escalated: 1, exhausted: 0 });
    expect(await escalateAlerts(env.deps)).toEqual({ escalated: 0, exhausted: 0 });
    let list = await alertsOf(reportId);
    expect(list.items.map((a) => [a.position, a.recipientName, a.state])).toEqual([
      [1, '港 一郎', 'escalated'],
      [2, '代理 次郎', 'sent'],
    ]);
    await deliverOutbox(env.deps);
    const [deputyMail] = mailsTo('deputy@hospital.test');
    expect(deputyMail!.text).toContain('港 一郎 さんから一定時間内に応答がなかったため');
    expect(deputyMail!.text).toContain('不審なメールの添付ファイルを開いてしまった');

    // Five more minutes: the staff user (their account's e-mail, and the bell).
    env.clock.advance(5 * 60_000);
    expect(await escalateAlerts(env.deps)).toEqual({ escalated: 1, exhausted: 0 });
    list = await alertsOf(reportId);
    const third = list.items[2]!;
    expect(third).toMatchObject({ position: 3, recipientName: '情報 花子', recipientUserId: users.staff, state: 'sent' });
    await deliverOutbox(env.deps);
    expect(mailsTo('staff@al.jp')).toHaveLength(1);
    const bell = (await staff.get('/api/v1/notifications')).json() as { items: { kind: string; link: string | null; params: Record<string, unknown> }[] };
    expect(bell.items.find((n) => n.kind === 'incident_alert')).toMatchObject({ link: `/incidents/reports/${reportId}`, params: { facility: 'みなと試験病院', position: 3 } });

    // Signed in: the executive is neither the recipient nor holds incident.write; the recipient (staff) may.
    expect((await exec.post(`/api/v1/incident-alerts/${third.id}/ack`)).statusCode).toBe(403);
    expect((await smB.post(`/api/v1/incident-alerts/${third.id}/ack`)).statusCode).toBe(404);
    const ack = await staff.post(`/api/v1/incident-alerts/${third.id}/ack`);
    expect(ack.statusCode).toBe(200);
    expect(ack.json()).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'staff@al.jp' });
    env.clock.advance(60 * 60_000);
    expect(await escalateAlerts(env.deps)).toEqual({ escalated: 0, exhausted: 0 });
    list = await alertsOf(reportId);
    expect(list.items).toHaveLength(3);
    expect(list).toMatchObject({ acknowledged: true, exhausted: false });
    // IT staff (incident.write) may acknowledge an alert that is not theirs.
    expect((await it_.post(`/api/v1/incident-alerts/${list.items[1]!.id}/ack`)).json()).toMatchObject({ acknowledgedBy: 'it@al.jp' });
  });

  it('after the last person nothing more is sent: recorded, and the managers get the bell', async () => {
    const reportId = await report('USBメモリを紛失した');
    for (let i = 0; i < 3; i += 1) {
      env.clock.advance(5 * 60_000);
      await escalateAlerts(env.deps);
    }
    const list = await alertsOf(reportId);
    expect(list.items.map((a) => a.state)).toEqual(['escalated', 'escalated', 'escalated']);
    expect(list).toMatchObject({ acknowledged: false, exhausted: true });
    env.clock.advance(60 * 60_000);
    expect(await escalateAlerts(env.deps)).toEqual({ escalated: 0, exhausted: 0 });
    const audit = await env.deps.db.selectFrom('audit_log').select(['action', 'entity_id']).where('entity_type', '=', 'incident_alert').where('action', '=', 'chain_exhausted').execute();
    expect(audit.map((a) => a.entity_id)).toContain(list.items[2]!.id);
    const bell = (await sm.get('/api/v1/notifications')).json() as { items: { kind: string; params: Record<string, unknown> }[] };
    expect(bell.items.find((n) => n.kind === 'incident_alert_unanswered')).toMatchObject({ params: { reason: 'chain_exhausted', count: 3 } });
  });

  it('without SMTP the e-mail is recorded as smtp_not_configured; webhooks still go', async () => {
    await deliverOutbox(env.deps);
    env.deps.config.smtpUrl = null;
    hooks.received.length = 0;
    const reportId = await report('ネットワークが遅い');
    const [first] = (await alertsOf(reportId)).items;
    expect(first!.deliveries.find((d) => d.channel === 'email')).toMatchObject({ status: 'failed', lastError: 'smtp_not_configured', attempts: 0 });
    expect(await deliverOutbox(env.deps)).toMatchObject({ sent: 3 });
    expect(hooks.received).toHaveLength(3);
    // E-mail switched off for the facility: no e-mail record at all.
    env.deps.config.smtpUrl = smtp.url();
    await sm.request('PUT', `/api/v1/facilities/${A.id}/alert-settings`, { escalateAfterMinutes: 5, emailEnabled: false });
    const second = await report('プリンタから不明な印刷');
    expect((await alertsOf(second)).items[0]!.deliveries.map((d) => d.channel)).toEqual(['webhook', 'webhook', 'webhook']);
    await sm.request('PUT', `/api/v1/facilities/${A.id}/alert-settings`, { escalateAfterMinutes: 5, emailEnabled: true });
    await deliverOutbox(env.deps);
  });

  it('a case: the alert and its acknowledgement go into the case timeline; the link opens the case', async () => {
    await deliverOutbox(env.deps);
    smtp.mails.length = 0;
    const caseId = await env.deps.db.transaction().execute(async (trx) => {
      const c = await createCaseTx(env.deps, trx, SYSTEM, A.id, { title: 'ランサムウェア感染の疑い', category: 'ransomware', discoveredAt: env.clock.now().toISOString() });
      await raiseAlertsTx(env.deps, trx, { facilityId: A.id, reportId: null, caseId: c.id, summary: 'ランサムウェア感染の疑い' });
      return c.id;
    });
    await deliverOutbox(env.deps);
    const [mail] = mailsTo('director@hospital.test');
    expect(mail!.text).toContain(`${PUBLIC_URL}/incidents/cases/${caseId}`);
    const res = await app.inject({ method: 'POST', url: `/api/v1/public/alerts/ack/${tokenOf(mail!)}`, headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect(res.json()).toMatchObject({ ok: true, alreadyAcknowledged: false });
    const list = (await sm.get(alertsUrl(`?caseId=${caseId}`))).json() as { items: IncidentAlertDto[]; acknowledged: boolean };
    expect(list).toMatchObject({ acknowledged: true, items: [{ caseId, state: 'acknowledged', acknowledgedBy: 'mail link' }] });
    const timeline = await env.deps.db.selectFrom('incident_timeline').select(['kind', 'text']).where('case_id', '=', caseId).where('kind', '=', 'system').execute();
    expect(timeline.map((t) => t.text).filter((t) => t.startsWith('オンコール'))).toEqual([
      'オンコール連絡: 1. 港 一郎 / On-call alert: 1. 港 一郎',
      'オンコール確認: 港 一郎(mail link) / On-call acknowledged: 港 一郎 (mail link)',
    ]);
  });

  it('a facility without anyone on the internal side: recorded and the security managers get the bell', async () => {
    const id = newId();
    await env.deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('incident_reports')
        .values({ id, facility_id: B.id, channel: 'app', what: 'x', where_text: null, asset_id: null, occurred_at: null, reporter_user_id: null, reporter_name: null, reporter_contact: null, photo_file_id: null, link_id: null, status: 'new', case_id: null, dismiss_reason: null, triaged_by: null, triaged_at: null, created_at: env.clock.now().toISOString() })
        .execute();
      expect(await raiseAlertsTx(env.deps, trx, { facilityId: B.id, reportId: id, caseId: null, summary: 'x' })).toEqual({ alertId: null, recipientName: null, reason: 'no_contacts' });
    });
    const bell = (await smB.get('/api/v1/notifications')).json() as { items: { kind: string; params: Record<string, unknown> }[] };
    expect(bell.items.find((n) => n.kind === 'incident_alert_unanswered')).toMatchObject({ params: { reason: 'no_contacts' } });
  });
});
