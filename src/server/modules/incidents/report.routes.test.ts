import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import type { ReportDto, ReportListDto } from '../../../shared/contracts/incident-reports.contract.ts';
import { REPORT_LIMITS } from '../../../shared/incidents/cases.ts';
import { buildApp } from '../../app.ts';
import { createLogger } from '../../lib/logger.ts';
import { pdfText } from '../../reports/test-support.ts';
import { buildTestApp, createTestEnv, DIALECTS, fails, idsOf, invalidWith, makeFacility, makeUsers, ok, signIn, SYSTEM, TestClient, type TestEnv } from '../../testing/harness.ts';
import { insertAssetTx } from '../ledger/index.ts';
import { createCaseTx } from './case.service.ts';
import { createReportLinkTx } from './report-link.service.ts';
import { detectPhotoType } from './report.service.ts';
import { parseMultipart } from './report-form.ts';

/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const TEXT_AS_PNG = Buffer.from('this is a text file that someone renamed to photo.png\n', 'utf8');

/** A multipart/form-data body as a browser's FormData sends it. */
function multipart(fields: Record<string, string>, file?: { name: string; fileName: string; type: string; bytes: Buffer }): { payload: Buffer; contentType: string } {
  const boundary = '----mamoriTestBoundary7MA4YWxkTrZu0gW';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`, 'utf8'));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.fileName}"\r\nContent-Type: ${file.type}\r\n\r\n`, 'utf8'));
    parts.push(file.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** An anonymous browser at a given address: CSRF cookie and header of its own, no session. */
function anonymous(app: FastifyInstance, ip: string) {
  const csrf = `csrf${ip.replace(/\D/g, '')}`.padEnd(24, 'x');
  return (method: 'GET' | 'POST', url: string, body?: unknown, raw?: { payload: Buffer; contentType: string }) =>
    app.inject({
      method,
      url,
      remoteAddress: ip,
      headers: {
        cookie: `mamori_csrf=${csrf}`,
        ...(method === 'POST' && { 'x-csrf-token': csrf }),
        ...(raw ? { 'content-type': raw.contentType } : body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(raw ? { payload: raw.payload } : body !== undefined && { payload: JSON.stringify(body) }),
    });
}

describe('report photos and forms (pure)', () => {
  it('knows photos by their first bytes, not by their name or declared type', () => {
    expect(detectPhotoType(PNG)).toBe('image/png');
    expect(detectPhotoType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('image/jpeg');
    expect(detectPhotoType(Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]))).toBe('image/webp');
    expect(detectPhotoType(Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(8)]))).toBe('image/heic');
    expect(detectPhotoType(TEXT_AS_PNG)).toBeNull();
    expect(detectPhotoType(Buffer.from('%PDF-1.7'))).toBeNull();
    expect(detectPhotoType(Buffer.alloc(0))).toBeNull();
  });

  it('splits a multipart body into fields and files', () => {
    const form = multipart({ what: '画面に英語の脅迫文', where: '3階 ナースステーション' }, { name: 'photo', fileName: '画面.png', type: 'image/png', bytes: PNG });
    const { fields, files } = parseMultipart(form.payload, form.contentType);
    expect(fields.get('what')).toBe('画面に英語の脅迫文');
    expect(fields.get('where')).toBe('3階 ナースステーション');
    expect(files.get('photo')?.bytes.equals(PNG)).toBe(true);
    expect(files.get('photo')?.fileName).toBe('画面.png');
    expect(() => parseMultipart(Buffer.from('garbage'), form.contentType)).toThrow();
    expect(() => parseMultipart(form.payload, 'multipart/form-data')).toThrow();
  });
});

/** インシデントかも? over HTTP on real databases: reporting, who sees what, photos, the link and poster, triage. */
describe.each(DIALECTS)('incident reports (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let B: TFacility;
  let sm: TestClient;
  let it_: TestClient;
  let staff1: TestClient;
  let staff2: TestClient;
  let auditor: TestClient;
  let vendor: TestClient;
  let smB: TestClient;
  let assetA: string;
  let assetB: string;
  const users = {} as Record<'sm' | 'it' | 'staff1' | 'staff2' | 'auditor' | 'vendor' | 'smB', string>;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    A = await makeFacility(env, 'RA', 'みなと報告病院');
    B = await makeFacility(env, 'RB', 'ほか病院');
    const made = await makeUsers(env, {
      sm: ['sm@r.jp', 'security_manager', A.id],
      it: ['it@r.jp', 'it_staff', A.id],
      staff1: ['staff1@r.jp', 'staff', A.id],
      staff2: ['staff2@r.jp', 'staff', A.id],
      auditor: ['auditor@r.jp', 'auditor', A.id],
      vendor: ['vendor@r.jp', 'vendor', A.id],
      smB: ['sm@rb.jp', 'security_manager', B.id],
    });
    Object.assign(users, idsOf(made));
    const asset = (facilityId: string, name: string) =>
      env.deps.db.transaction().execute((trx) => insertAssetTx(env.deps, trx, SYSTEM, facilityId, { name, type: 'client_pc', criticality: 3, ips: [], macs: [], tags: [], holdsPatientData: false, exposure: 'internal' }));
    assetA = (await asset(A.id, '電子カルテ端末 3F-01')).id;
    assetB = (await asset(B.id, 'B の端末')).id;
    app = await buildTestApp(env);
    ({ sm, it: it_, staff1, staff2, auditor, vendor, smB } = await signIn(app, env, made));
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const reportsUrl = (f: TFacility, suffix = '') => `/api/v1/facilities/${f.id}/incident-reports${suffix}`;
  const linkUrl = (f: TFacility, suffix = '') => `/api/v1/facilities/${f.id}/report-link${suffix}`;
  const auditOf = (entityId: string) => env.deps.db.selectFrom('audit_log').selectAll().where('entity_id', '=', entityId).orderBy('seq').execute();
  const report = async (c: TestClient, body: Record<string, unknown> = {}) => ok<ReportDto>(await c.post(reportsUrl(A), { what: 'メールの添付を開いたら画面が変になった', ...body }), 201);

  it('a staff member reports with only what happened; the rest is optional and checked', async () => {
    const r = await report(staff1);
    expect(r).toMatchObject({ channel: 'app', status: 'new', reporter: { id: users.staff1 }, where: null, asset: null, occurredAt: null, photo: null, case: null });
    expect((await auditOf(r.id)).map((e) => `${e.entity_type}:${e.action}`)).toEqual(['incident_report:create']);

    const full = await report(staff1, { what: '  画面に身代金の要求  ', where: '3階 ナースステーション', assetId: assetA, occurredAt: '2026-04-01T09:30:00+09:00' });
    expect(full).toMatchObject({ what: '画面に身代金の要求', where: '3階 ナースステーション', asset: { id: assetA, name: '電子カルテ端末 3F-01' }, occurredAt: '2026-04-01T00:30:00.000Z' });

    invalidWith(await staff1.post(reportsUrl(A), { what: '   ' }), [{ path: 'body.what', message: expect.any(String) as unknown as string }]);
    invalidWith(await staff1.post(reportsUrl(A), { what: 'x', assetId: assetB }), [{ path: 'assetId', message: 'unknown_asset' }]);
    const soon = new Date(env.clock.now().getTime() + 4 * 60_000).toISOString();
    const later = new Date(env.clock.now().getTime() + 10 * 60_000).toISOString();
    ok(await staff1.post(reportsUrl(A), { what: '時計のずれ', occurredAt: soon }), 201);
    invalidWith(await staff1.post(reportsUrl(A), { what: '未来', occurredAt: later }), [{ path: 'occurredAt', message: 'in_future' }]);
    invalidWith(await staff1.post(reportsUrl(A), { what: '時差なし', occurredAt: '2026-04-01T09:30:00' }), [{ path: 'body.occurredAt', message: 'iso_with_offset' }]);

    fails(await auditor.post(reportsUrl(A), { what: 'x' }), 403, 'FORBIDDEN');
    fails(await vendor.post(reportsUrl(A), { what: 'x' }), 403, 'FORBIDDEN');
    fails(await smB.post(reportsUrl(A), { what: 'x' }), 404, 'NOT_FOUND');
  });

  it('staff see only their own reports; readers see the whole inbox with counts per status', async () => {
    const f = await makeFacility(env, 'RO');
    const now = env.clock.now().toISOString();
    for (const [userId, role] of [
      [users.staff1, 'staff'],
      [users.staff2, 'staff'],
      [users.sm, 'security_manager'],
      [users.auditor, 'auditor'],
      [users.vendor, 'vendor'],
    ] as const)
      await env.deps.db.insertInto('user_roles').values({ id: `${f.id}-${userId}`, user_id: userId, role, facility_id: f.id, group_id: null, created_at: now }).execute();
    const post = async (c: TestClient, what: string) => ok<ReportDto>(await c.post(reportsUrl(f), { what }), 201);
    // Roles changed: sign in again so the sessions carry them.
    const again = async (email: string) => {
      const c = new TestClient(app, env);
      await c.login(email);
      return c;
    };
    const [s1, s2, m, au, v] = [await again('staff1@r.jp'), await again('staff2@r.jp'), await again('sm@r.jp'), await again('auditor@r.jp'), await again('vendor@r.jp')];
    const mine1 = await post(s1, '一人目の報告');
    await post(s1, '一人目の二件目');
    const mine2 = await post(s2, '二人目の報告');

    const own = ok<ReportListDto>(await s1.get(reportsUrl(f)));
    expect(own.scope).toBe('own');
    expect(own.items.map((i) => i.what).sort()).toEqual(['一人目の二件目', '一人目の報告']);
    expect(own.counts).toEqual({ new: 2, opened: 0, merged: 0, dismissed: 0 });
    ok(await s1.get(`/api/v1/incident-reports/${mine1.id}`));
    fails(await s1.get(`/api/v1/incident-reports/${mine2.id}`), 404, 'NOT_FOUND');

    const all = ok<ReportListDto>(await m.get(reportsUrl(f, '?status=new')));
    expect(all.scope).toBe('all');
    expect(all.total).toBe(3);
    expect(all.counts.new).toBe(3);
    expect(ok<ReportListDto>(await au.get(reportsUrl(f))).total).toBe(3);
    ok(await au.get(`/api/v1/incident-reports/${mine2.id}`));
    const paged = ok<ReportListDto>(await m.get(reportsUrl(f, '?pageSize=2&page=2')));
    expect(paged.items).toHaveLength(1);
    expect(ok<ReportListDto>(await m.get(reportsUrl(f, '?status=dismissed'))).items).toEqual([]);
    // 自分の報告 for someone who reads every report: only their own (none yet, then one).
    expect(ok<ReportListDto>(await m.get(reportsUrl(f, '?mine=true')))).toMatchObject({ scope: 'own', total: 0, items: [] });
    const managers = await post(m, '管理者自身の報告');
    expect(ok<ReportListDto>(await m.get(reportsUrl(f, '?mine=true'))).items.map((i) => i.id)).toEqual([managers.id]);
    expect(ok<ReportListDto>(await s1.get(reportsUrl(f, '?mine=false'))).scope).toBe('own');

    fails(await v.get(reportsUrl(f)), 403, 'FORBIDDEN');
    fails(await v.get(`/api/v1/incident-reports/${mine1.id}`), 403, 'FORBIDDEN');
    fails(await smB.get(reportsUrl(f)), 404, 'NOT_FOUND');
    fails(await smB.get(`/api/v1/incident-reports/${mine1.id}`), 404, 'NOT_FOUND');
  });

  it('takes a photo as base64 JSON or multipart, by its bytes: a PNG passes, a text file named .png does not', async () => {
    const json = await report(staff1, { photo: { fileName: 'screen.png', data: `data:image/png;base64,${PNG.toString('base64')}` } });
    expect(json.photo).toEqual({ contentType: 'image/png', size: PNG.length });
    const photo = await staff1.get(`/api/v1/incident-reports/${json.id}/photo`);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/png');
    expect(photo.headers['content-disposition']).toMatch(/^inline; filename="screen\.png"/);
    expect(photo.headers['x-content-type-options']).toBe('nosniff');
    expect(photo.rawPayload.equals(PNG)).toBe(true);
    const stored = await auditOf(json.id);
    expect(JSON.parse(stored[0]!.after_json!)).toMatchObject({ photo: { contentType: 'image/png', size: PNG.length } });

    invalidWith(await staff1.post(reportsUrl(A), { what: 'x', photo: { fileName: 'photo.png', data: TEXT_AS_PNG.toString('base64') } }), [{ path: 'photo', message: 'unsupported_type' }]);
    invalidWith(await staff1.post(reportsUrl(A), { what: 'x', photo: { data: '!!not base64!!' } }), [{ path: 'photo', message: 'invalid_base64' }]);

    const form = multipart({ what: '端末の画面が真っ黒', where: '外来受付', assetId: '' }, { name: 'photo', fileName: 'IMG_0001.PNG', type: 'image/jpeg', bytes: PNG });
    const viaForm = ok<ReportDto>(await staff1.upload(reportsUrl(A), form.payload, form.contentType), 201);
    expect(viaForm).toMatchObject({ what: '端末の画面が真っ黒', where: '外来受付', asset: null, photo: { contentType: 'image/png' } });
    const renamed = multipart({ what: 'x' }, { name: 'photo', fileName: 'photo.png', type: 'image/png', bytes: TEXT_AS_PNG });
    invalidWith(await staff1.upload(reportsUrl(A), renamed.payload, renamed.contentType), [{ path: 'photo', message: 'unsupported_type' }]);
    const tooBig = multipart({ what: 'x' }, { name: 'photo', fileName: 'big.png', type: 'image/png', bytes: Buffer.concat([PNG, Buffer.alloc(REPORT_LIMITS.photoBytes)]) });
    invalidWith(await staff1.upload(reportsUrl(A), tooBig.payload, tooBig.contentType), [{ path: 'photo', message: 'too_large' }]);

    // Same rule as the report: another staff member does not see it; a reader does; no photo → 404.
    fails(await staff2.get(`/api/v1/incident-reports/${json.id}/photo`), 404, 'NOT_FOUND');
    expect((await sm.get(`/api/v1/incident-reports/${json.id}/photo`)).statusCode).toBe(200);
    fails(await smB.get(`/api/v1/incident-reports/${json.id}/photo`), 404, 'NOT_FOUND');
    const noPhoto = await report(staff1);
    fails(await staff1.get(`/api/v1/incident-reports/${noPhoto.id}/photo`), 404, 'NOT_FOUND');
  });

  it('the report link: made (token once), used without an account, replaced, revoked — then 404 like any unknown token', async () => {
    expect(ok(await sm.get(linkUrl(A)))).toEqual({ exists: false, createdAt: null, createdBy: null });
    fails(await it_.post(linkUrl(A)), 403, 'FORBIDDEN');
    fails(await smB.post(linkUrl(A)), 404, 'NOT_FOUND');
    const made = ok<{ token: string; url: string; exists: boolean }>(await sm.post(linkUrl(A)), 201);
    expect(made.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(made.url).toBe(`http://localhost:80/r/${made.token}`);
    const state = ok<Record<string, unknown>>(await sm.get(linkUrl(A)));
    expect(state).toMatchObject({ exists: true, createdBy: { id: users.sm } });
    expect(JSON.stringify(state)).not.toContain(made.token);
    const stored = await env.deps.db.selectFrom('incident_report_links').selectAll().where('facility_id', '=', A.id).execute();
    expect(JSON.stringify(stored)).not.toContain(made.token);

    const anon = anonymous(app, '192.0.2.10');
    const opened = await anon('GET', `/api/v1/public/report/${made.token}`);
    expect(opened.json()).toEqual({ facilityName: 'みなと報告病院' });
    const sent = await anon('POST', `/api/v1/public/report/${made.token}`, { what: 'USBメモリを落とした', where: '駐車場', name: '看護師 山田', contact: '内線 1234' });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(Object.keys(sent.json() as object).sort()).toEqual(['ok', 'receivedAt']);
    const form = multipart({ what: '画面の写真です', contact: '' }, { name: 'photo', fileName: 'x.png', type: 'image/png', bytes: PNG });
    expect((await anon('POST', `/api/v1/public/report/${made.token}`, undefined, form)).statusCode).toBe(201);
    // No session, so no CSRF check: a plain form post without the cookie or header is taken too.
    const plain = await app.inject({ method: 'POST', url: `/api/v1/public/report/${made.token}`, remoteAddress: '192.0.2.11', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ what: 'CSRF なし' }) });
    expect(plain.statusCode, plain.body).toBe(201);
    // The link reads nothing: no other routes under it, no report ids.
    expect((await anon('GET', `/api/v1/public/report/${made.token}/reports`)).statusCode).toBeGreaterThanOrEqual(400);

    const inbox = ok<ReportListDto>(await sm.get(reportsUrl(A, '?status=new')));
    const viaLink = inbox.items.find((i) => i.what === 'USBメモリを落とした')!;
    expect(viaLink).toMatchObject({ channel: 'link', status: 'new', reporter: null, reporterName: '看護師 山田', reporterContact: '内線 1234', where: '駐車場' });
    const row = await env.deps.db.selectFrom('incident_reports').select(['link_id']).where('id', '=', viaLink.id).executeTakeFirstOrThrow();
    expect(row.link_id).toBe(stored[0]!.id);
    expect(inbox.items.find((i) => i.what === '画面の写真です')?.photo?.contentType).toBe('image/png');
    const audit = await auditOf(viaLink.id);
    expect(audit[0]).toMatchObject({ actor_user_id: null, entity_type: 'incident_report', action: 'create' });

    // The poster: the current link's token only.
    const poster = await sm.get(linkUrl(A, `/poster?token=${made.token}`));
    expect(poster.statusCode, poster.body).toBe(200);
    expect(poster.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(poster.headers['content-disposition']).toMatch(/^inline/);
    expect(poster.body).toContain('インシデントかも?と思ったら、すぐ報告');
    expect(poster.body).toContain('みなと報告病院');
    expect(poster.body).toContain('LANケーブルを抜く');
    expect(poster.body).toContain('<svg');
    expect(poster.body).toContain(`/r/${made.token}`);
    expect(poster.body).not.toMatch(/<script|https?:\/\/(?!localhost)[^"<\s]*\.(?:js|css|png)/);
    const pdf = await sm.get(linkUrl(A, `/poster?token=${made.token}&format=pdf`));
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const pages = await pdfText(pdf.rawPayload);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toContain('すぐ報告');
    expect(pages[0]).toContain('みなと報告病院');
    invalidWith(await sm.get(linkUrl(A, `/poster?token=${'x'.repeat(43)}`)), [{ path: 'token', message: 'not_current_link' }]);
    fails(await it_.get(linkUrl(A, `/poster?token=${made.token}`)), 403, 'FORBIDDEN');

    // A new link replaces the old one.
    const next = ok<{ token: string }>(await sm.post(linkUrl(A)), 201);
    const gone = await anon('GET', `/api/v1/public/report/${made.token}`);
    const unknown = await anon('GET', `/api/v1/public/report/${'A'.repeat(43)}`);
    const malformed = await anon('GET', '/api/v1/public/report/short');
    expect(gone.statusCode).toBe(404);
    expect(gone.body).toBe(unknown.body);
    expect(malformed.body).toBe(unknown.body);
    expect((await anon('POST', `/api/v1/public/report/${made.token}`, { what: 'x' })).statusCode).toBe(404);
    invalidWith(await sm.get(linkUrl(A, `/poster?token=${made.token}`)), [{ path: 'token', message: 'not_current_link' }]);
    expect((await anon('GET', `/api/v1/public/report/${next.token}`)).statusCode).toBe(200);

    // Revoked: the same 404.
    expect(ok(await sm.delete(linkUrl(A)))).toEqual({ exists: false, createdAt: null, createdBy: null });
    const revoked = await anon('GET', `/api/v1/public/report/${next.token}`);
    expect(revoked.statusCode).toBe(404);
    expect(revoked.body).toBe(unknown.body);
    expect((await anon('POST', `/api/v1/public/report/${next.token}`, { what: 'x' })).statusCode).toBe(404);
    const linkAudit = await env.deps.db.selectFrom('audit_log').select(['action']).where('entity_type', '=', 'incident_report_link').where('facility_id', '=', A.id).orderBy('seq').execute();
    expect(linkAudit.map((a) => a.action)).toEqual(['create', 'export', 'export', 'revoke', 'create', 'revoke']);
  });

  it('triage: open a case, merge into an open case, dismiss with a reason — only new reports, only incident.write', async () => {
    const first = await report(staff1, { what: '電子カルテが開けない\n画面に英語の文章', where: '外来', occurredAt: '2026-04-01T08:15:00+09:00' });
    fails(await staff1.post(`/api/v1/incident-reports/${first.id}/open-case`, { category: 'ransomware' }), 403, 'FORBIDDEN');
    fails(await auditor.post(`/api/v1/incident-reports/${first.id}/open-case`, { category: 'ransomware' }), 403, 'FORBIDDEN');
    fails(await smB.post(`/api/v1/incident-reports/${first.id}/open-case`, { category: 'ransomware' }), 404, 'NOT_FOUND');

    const opened = ok<{ report: ReportDto; caseId: string; caseSeq: number }>(await it_.post(`/api/v1/incident-reports/${first.id}/open-case`, { category: 'ransomware' }), 201);
    expect(opened.report).toMatchObject({ status: 'opened', case: { id: opened.caseId, seq: opened.caseSeq, title: '電子カルテが開けない' }, triagedBy: { id: users.it } });
    const theCase = await env.deps.db.selectFrom('incident_cases').selectAll().where('id', '=', opened.caseId).executeTakeFirstOrThrow();
    expect(theCase).toMatchObject({ facility_id: A.id, category: 'ransomware', discovered_at: '2026-03-31T23:15:00.000Z', status: 'open' });
    expect(JSON.parse(theCase.summary)).toMatchObject({ what: '電子カルテが開けない\n画面に英語の文章', where: '外来' });
    const timeline = await env.deps.db.selectFrom('incident_timeline').selectAll().where('case_id', '=', opened.caseId).where('kind', '=', 'report').execute();
    expect(timeline).toHaveLength(1);
    expect(timeline[0]!.text).toContain('「電子カルテが開けない\n画面に英語の文章」');
    expect(timeline[0]!.occurred_at).toBe('2026-03-31T23:15:00.000Z');
    // Once triaged, no further triage.
    fails(await it_.post(`/api/v1/incident-reports/${first.id}/open-case`, { category: 'ransomware' }), 409, 'INVALID_STATE');
    fails(await it_.post(`/api/v1/incident-reports/${first.id}/dismiss`, { reason: '重複' }), 409, 'INVALID_STATE');
    fails(await it_.post(`/api/v1/incident-reports/${first.id}/merge`, { caseId: opened.caseId }), 409, 'INVALID_STATE');

    // Default 発覚日時 without occurredAt: when the report came in; explicit title and discoveredAt win.
    const plain = await report(staff2, { what: '不審なメール' });
    const explicit = ok<{ caseId: string }>(
      await sm.post(`/api/v1/incident-reports/${plain.id}/open-case`, { category: 'malware', title: 'Emotet 疑い', discoveredAt: '2026-04-01T10:00:00+09:00', severity: 'high', facts: { personalData: true } }),
      201,
    );
    const second = await env.deps.db.selectFrom('incident_cases').selectAll().where('id', '=', explicit.caseId).executeTakeFirstOrThrow();
    expect(second).toMatchObject({ title: 'Emotet 疑い', severity: 'high', discovered_at: '2026-04-01T01:00:00.000Z' });
    invalidWith(await sm.post(`/api/v1/incident-reports/${(await report(staff1)).id}/open-case`, { category: 'nope' }), [{ path: 'body.category', message: expect.any(String) as unknown as string }]);

    // Merge: into an open case of the same facility.
    const dup = await report(staff2, { what: '隣の端末も同じ画面' });
    const caseB = await env.deps.db.transaction().execute((trx) => createCaseTx(env.deps, trx, SYSTEM, B.id, { title: 'B の案件', category: 'other', discoveredAt: '2026-04-01T00:00:00Z' }));
    invalidWith(await it_.post(`/api/v1/incident-reports/${dup.id}/merge`, { caseId: caseB.id }), [{ path: 'caseId', message: 'unknown_case' }]);
    invalidWith(await it_.post(`/api/v1/incident-reports/${dup.id}/merge`, { caseId: 'no-such-case' }), [{ path: 'caseId', message: 'unknown_case' }]);
    const closed = await env.deps.db.transaction().execute((trx) => createCaseTx(env.deps, trx, SYSTEM, A.id, { title: '終わった案件', category: 'other', discoveredAt: '2026-03-01T00:00:00Z' }));
    await env.deps.db.updateTable('incident_cases').set({ status: 'closed', closed_at: env.clock.now().toISOString() }).where('id', '=', closed.id).execute();
    fails(await it_.post(`/api/v1/incident-reports/${dup.id}/merge`, { caseId: closed.id }), 409, 'INVALID_STATE');
    const merged = ok<ReportDto>(await it_.post(`/api/v1/incident-reports/${dup.id}/merge`, { caseId: opened.caseId }));
    expect(merged).toMatchObject({ status: 'merged', case: { id: opened.caseId } });
    const entries = await env.deps.db.selectFrom('incident_timeline').select(['text']).where('case_id', '=', opened.caseId).where('kind', '=', 'report').execute();
    expect(entries.map((e) => e.text).join('\n')).toContain('隣の端末も同じ画面');

    // Dismiss: a reason is required.
    const noise = await report(staff1, { what: 'プリンタが紙詰まり' });
    invalidWith(await it_.post(`/api/v1/incident-reports/${noise.id}/dismiss`, { reason: '  ' }), [{ path: 'body.reason', message: expect.any(String) as unknown as string }]);
    const dismissed = ok<ReportDto>(await it_.post(`/api/v1/incident-reports/${noise.id}/dismiss`, { reason: 'セキュリティ事象ではない(機器故障)' }));
    expect(dismissed).toMatchObject({ status: 'dismissed', dismissReason: 'セキュリティ事象ではない(機器故障)', case: null, triagedBy: { id: users.it } });
    fails(await it_.post(`/api/v1/incident-reports/${noise.id}/open-case`, { category: 'other' }), 409, 'INVALID_STATE');
    // The reporter sees what became of their report.
    expect(ok<ReportDto>(await staff1.get(`/api/v1/incident-reports/${noise.id}`)).status).toBe('dismissed');

    for (const [id, action] of [
      [first.id, 'open_case'],
      [dup.id, 'merge'],
      [noise.id, 'dismiss'],
    ] as const) {
      expect((await auditOf(id)).map((e) => e.action)).toEqual(['create', action]);
    }
    const counts = ok<ReportListDto>(await sm.get(reportsUrl(A))).counts;
    expect(counts.opened).toBeGreaterThanOrEqual(2);
    expect(counts.merged).toBe(1);
    expect(counts.dismissed).toBe(1);
  });
});

/** The link's rate limits with the injected clock, and its token kept out of the logs. */
describe.each(DIALECTS)('report link limits and logs (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  const lines: string[] = [];

  beforeAll(async () => {
    env = await createTestEnv(dialect, { logLevel: 'debug' });
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    env.deps.logger = createLogger('debug', sink);
    app = await buildApp(env.deps, { web: false });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const linkFor = async (code: string) => {
    const f = await makeFacility(env, code);
    const { token } = await env.deps.db.transaction().execute((trx) => createReportLinkTx(env.deps, trx, SYSTEM, f.id));
    return { facility: f, token };
  };

  it(`admits ${REPORT_LIMITS.linkPerClientPerHour} reports per client address per hour, then 429 with Retry-After`, async () => {
    const { token } = await linkFor('LC');
    const client = anonymous(app, '198.51.100.7');
    for (let i = 0; i < REPORT_LIMITS.linkPerClientPerHour; i++) expect((await client('POST', `/api/v1/public/report/${token}`, { what: `報告 ${i}` })).statusCode).toBe(201);
    env.clock.advance(10 * 60_000);
    const limited = await client('POST', `/api/v1/public/report/${token}`, { what: 'もう一件' });
    fails(limited, 429, 'RATE_LIMITED');
    expect(limited.headers['retry-after']).toBe(String(50 * 60));
    // Another address is not affected.
    expect((await anonymous(app, '198.51.100.8')('POST', `/api/v1/public/report/${token}`, { what: '別の端末から' })).statusCode).toBe(201);
    // The window slides: an hour after the first reports, the address may report again.
    env.clock.advance(50 * 60_000);
    expect((await client('POST', `/api/v1/public/report/${token}`, { what: '一時間後' })).statusCode).toBe(201);
  });

  it(`admits ${REPORT_LIMITS.linkPerFacilityPerHour} reports per facility per hour, whatever the addresses`, async () => {
    const { token } = await linkFor('LF');
    const other = await linkFor('LG');
    for (let i = 0; i < REPORT_LIMITS.linkPerFacilityPerHour; i++) {
      const res = await anonymous(app, `203.0.113.${i + 1}`)('POST', `/api/v1/public/report/${token}`, { what: `報告 ${i}` });
      expect(res.statusCode, res.body).toBe(201);
    }
    const limited = await anonymous(app, '203.0.113.200')('POST', `/api/v1/public/report/${token}`, { what: '多すぎ' });
    fails(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another facility's link is not affected.
    expect((await anonymous(app, '203.0.113.201')('POST', `/api/v1/public/report/${other.token}`, { what: '別の病院' })).statusCode).toBe(201);
    env.clock.advance(60 * 60_000);
    expect((await anonymous(app, '203.0.113.202')('POST', `/api/v1/public/report/${token}`, { what: '翌時間' })).statusCode).toBe(201);
  });

  it('never writes a report link token into the log', async () => {
    const { facility, token } = await linkFor('LL');
    const client = anonymous(app, '192.0.2.99');
    await client('GET', `/api/v1/public/report/${token}`);
    await client('POST', `/api/v1/public/report/${token}`, { what: 'ログの確認' });
    await client('GET', `/api/v1/facilities/${facility.id}/report-link/poster?token=${token}`);
    await client('GET', `/r/${token}`);
    const log = lines.join('');
    expect(log).toContain('/api/v1/public/report/[redacted]');
    expect(log).toContain('token=[redacted]');
    expect(log).not.toContain(token);
  });
});
