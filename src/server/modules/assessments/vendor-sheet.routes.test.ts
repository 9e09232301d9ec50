import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameworkItems, type FrameworkDefinition } from '../../../shared/assessments/framework.ts';
import type { AssessmentDetailDto, VendorSheetDto } from '../../../shared/contracts/assessments.contract.ts';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import type { TVendorDetail } from '../../../shared/contracts/vendors.contract.ts';
import { newId, randomToken, sha256Hex } from '../../lib/ids.ts';
import { buildTestApp, createTestEnv, DIALECTS, makeFacility, makeUser, TestClient, type TestEnv } from '../../testing/harness.ts';
import { builtinFrameworks } from './frameworks/registry.ts';
import { VENDOR_SHEET_LIMITS } from './vendor-sheet.routes.ts';

type Link = { id: string; recipient: string | null; expiresAt: string; revokedAt: string | null; lastUsedAt: string | null; useCount: number; status: string };
type LinkCreated = { link: Link; url: string; token: string };

/** The newest shipped vendor sheet (事業者確認用) and hospital sheet. */
function newestSheet(sheet: 'vendor' | 'hospital'): FrameworkDefinition {
  const defs = builtinFrameworks()
    .map((e) => e.definition)
    .filter((d) => d.sheet === sheet);
  defs.sort((a, b) => (b.fiscalYear ?? 0) - (a.fiscalYear ?? 0));
  if (!defs[0]) throw new Error(`no shipped ${sheet} sheet`);
  return defs[0];
}

async function testVendor(env: TestEnv, facilityId: string, name: string, userIds: string[] = []): Promise<string> {
  const id = newId();
  const now = env.clock.now().toISOString();
  await env.deps.db
    .insertInto('vendors')
    .values({ id, facility_id: facilityId, name, name_kana: null, corporate_number: null, address: null, phone: null, email: null, website: null, notes: null, checklist_assessment_id: null, created_at: now, updated_at: now, deleted_at: null })
    .execute();
  for (const user_id of userIds) await env.deps.db.insertInto('vendor_users').values({ vendor_id: id, user_id, facility_id: facilityId, created_at: now }).execute();
  return id;
}

/** 事業者確認用 over HTTP on real databases: signed links, the public sheet, submission and review, vendor users, the vendor page. */
describe.each(DIALECTS)('vendor sheets (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let B: TFacility;
  let sm: TestClient;
  let it_: TestClient;
  let vendor1: TestClient;
  let vendor2: TestClient;
  let smB: TestClient;
  let anon: TestClient;
  let V1: string;
  let V2: string;
  let V3: string;
  const ids = {} as Record<'sm' | 'vendor1' | 'vendor2', string>;
  const vendorDef = newestSheet('vendor');
  const hospitalDef = newestSheet('hospital');
  const vendorItems = frameworkItems(vendorDef);

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    A = await makeFacility(env, 'FA', 'みなと総合病院');
    B = await makeFacility(env, 'FB');
    ids.sm = (await makeUser(env, 'sm@a.jp', [{ role: 'security_manager', facilityId: A.id }])).id;
    await makeUser(env, 'it@a.jp', [{ role: 'it_staff', facilityId: A.id }]);
    ids.vendor1 = (await makeUser(env, 'vendor1@a.jp', [{ role: 'vendor', facilityId: A.id }])).id;
    ids.vendor2 = (await makeUser(env, 'vendor2@a.jp', [{ role: 'vendor', facilityId: A.id }])).id;
    await makeUser(env, 'sm@b.jp', [{ role: 'security_manager', facilityId: B.id }]);
    V1 = await testVendor(env, A.id, 'みなとメディカル株式会社', [ids.vendor1]);
    V2 = await testVendor(env, A.id, '給食サービス株式会社', [ids.vendor2]);
    V3 = await testVendor(env, A.id, '画像システム株式会社');
    app = await buildTestApp(env);
    const login = async (email: string) => {
      const c = new TestClient(app, env);
      await c.login(email);
      return c;
    };
    sm = await login('sm@a.jp');
    it_ = await login('it@a.jp');
    vendor1 = await login('vendor1@a.jp');
    vendor2 = await login('vendor2@a.jp');
    smB = await login('sm@b.jp');
    anon = new TestClient(app, env);
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const ok = <T>(res: LightMyRequestResponse, status = 200): T => {
    expect(res.statusCode, res.body).toBe(status);
    return res.json() as T;
  };
  const fails = (res: LightMyRequestResponse, status: number, code: string) => {
    expect(`${res.statusCode} ${(res.json() as { error?: { code?: string } }).error?.code}`, res.body).toBe(`${status} ${code}`);
  };
  const start = async (frameworkId: string, version: string, vendorId?: string) =>
    ok<AssessmentDetailDto>(await sm.post(`/api/v1/facilities/${A.id}/assessments`, { frameworkId, version, ...(vendorId && { vendorId }) }), 201).assessment.id;
  const sheetUrl = (token: string, suffix = '') => `/api/v1/vendor-sheets/${token}${suffix}`;
  const issue = async (assessmentId: string, body: Record<string, unknown> = {}) => ok<LinkCreated>(await sm.post(`/api/v1/assessments/${assessmentId}/links`, { expiresInDays: 7, ...body }), 201);
  const answerAll = async (token: string, value = 'yes') => {
    for (const item of vendorItems) ok(await anon.request('PUT', sheetUrl(token, `/answers/${item.id}`), { answer: value }));
  };
  const linkRow = (id: string) => env.deps.db.selectFrom('assessment_links').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const auditOf = (entityId: string) => env.deps.db.selectFrom('audit_log').selectAll().where('entity_id', '=', entityId).orderBy('seq').execute();
  const eventsOf = (assessmentId: string) => env.deps.db.selectFrom('assessment_events').selectAll().where('assessment_id', '=', assessmentId).orderBy('created_at').orderBy('id').execute();
  const notes = (userId: string, kind: string) => env.deps.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).where('kind', '=', kind).execute();

  let sheet1: string;
  let hospital: string;
  let sheet2: string;

  it('issues a link whose token is shown once and stored only as its hash; the link opens that sheet only', async () => {
    sheet1 = await start(vendorDef.id, vendorDef.version, V1);
    sheet2 = await start(vendorDef.id, vendorDef.version, V2);
    hospital = await start(hospitalDef.id, hospitalDef.version);
    const created = await issue(sheet1, { recipient: '山田(みなとメディカル)' });
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.url).toBe(`/vendor-sheet/${created.token}`);
    expect(created.link).toMatchObject({ recipient: '山田(みなとメディカル)', status: 'active', useCount: 0, lastUsedAt: null, revokedAt: null });
    expect(Date.parse(created.link.expiresAt) - env.clock.now().getTime()).toBe(7 * 86_400_000);

    const row = await linkRow(created.link.id);
    expect(row.token_hash).toBe(sha256Hex(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);
    const audit = await auditOf(created.link.id);
    expect(audit.map((r) => `${r.entity_type} ${r.action}`)).toEqual(['assessment_link create']);
    expect(JSON.stringify(audit)).not.toContain(created.token);
    expect(JSON.stringify(audit)).not.toContain(row.token_hash);

    const sheet = ok<VendorSheetDto>(await anon.get(sheetUrl(created.token)));
    expect(sheet).toMatchObject({ facilityName: 'みなと総合病院', vendorName: 'みなとメディカル株式会社', status: 'in_progress', returnReason: null, expiresAt: created.link.expiresAt, answers: [] });
    expect(sheet.framework.id).toBe(vendorDef.id);
    expect(sheet.progress.items).toBe(vendorItems.length);
    expect(Object.keys(sheet).sort()).toEqual(['answers', 'expiresAt', 'facilityName', 'framework', 'progress', 'returnReason', 'status', 'vendorName']);
    // No ids of the hospital's records: not the assessment, the facility, the vendor or the other sheets.
    const body = JSON.stringify(sheet);
    for (const id of [sheet1, sheet2, hospital, A.id, V1, V2]) expect(body).not.toContain(id);
    const used = await linkRow(created.link.id);
    expect(used.use_count).toBe(1);
    expect(used.last_used_at).toBe(env.clock.now().toISOString());
  });

  it('answers through the link with the link as the actor; other sheets stay untouched', async () => {
    const { token, link } = await issue(sheet1, { recipient: '山田' });
    const item = vendorItems[0]!;
    const after = ok<VendorSheetDto>(await anon.request('PUT', sheetUrl(token, `/answers/${item.id}`), { answer: 'yes', comment: '管理責任者: 山田' }));
    expect(after.answers).toEqual([expect.objectContaining({ itemId: item.id, answer: 'yes', checkedOn: '2026-04-01', comment: '管理責任者: 山田', updatedBy: '事業者リンク: 山田' })]);
    expect(after.progress.answered).toBe(1);
    const audit = (await auditOf(sheet1)).filter((r) => r.action === 'answer');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_label: '事業者リンク: 山田', actor_user_id: null, facility_id: A.id });
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ itemId: item.id, answer: 'yes', linkId: link.id });
    const events = (await eventsOf(sheet1)).filter((e) => e.action === 'answer');
    expect(events.map((e) => e.actor_label)).toEqual(['事業者リンク: 山田']);
    // The token addresses one sheet; a body naming another record is refused, and nothing else changed.
    fails(await anon.request('PUT', sheetUrl(token, `/answers/${item.id}`), { answer: 'no', assessmentId: sheet2 }), 400, 'VALIDATION_FAILED');
    fails(await anon.request('PUT', sheetUrl(token, '/answers/no-such-item'), { answer: 'yes' }), 404, 'NOT_FOUND');
    const others = await env.deps.db.selectFrom('assessment_answers').select('assessment_id').where('assessment_id', 'in', [sheet2, hospital]).execute();
    expect(others).toEqual([]);
    // Invalid values are the core's validation.
    fails(await anon.request('PUT', sheetUrl(token, `/answers/${item.id}`), { answer: 'maybe' }), 400, 'VALIDATION_FAILED');
    // Writes without the CSRF header are refused like every anonymous write.
    const noCsrf = await app.inject({ method: 'PUT', url: sheetUrl(token, `/answers/${item.id}`), headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ answer: 'no' }) });
    expect(noCsrf.statusCode).toBe(403);
  });

  it('unknown → 404; revoked → 410; expired with the clock → 410', async () => {
    fails(await anon.get(sheetUrl(randomToken(32))), 404, 'NOT_FOUND');
    fails(await anon.get(sheetUrl('short')), 404, 'NOT_FOUND');
    const revoked = await issue(sheet1);
    ok(await anon.get(sheetUrl(revoked.token)));
    const r = ok<Link>(await sm.delete(`/api/v1/assessments/${sheet1}/links/${revoked.link.id}`));
    expect(r.status).toBe('revoked');
    fails(await anon.get(sheetUrl(revoked.token)), 410, 'LINK_EXPIRED');
    fails(await anon.request('PUT', sheetUrl(revoked.token, `/answers/${vendorItems[0]!.id}`), { answer: 'yes' }), 410, 'LINK_EXPIRED');
    fails(await anon.post(sheetUrl(revoked.token, '/submit'), { name: 'x' }), 410, 'LINK_EXPIRED');
    expect((await auditOf(revoked.link.id)).map((a) => a.action)).toEqual(['create', 'revoke']);
    // Revoking twice changes nothing; another sheet's link id is not found.
    ok(await sm.delete(`/api/v1/assessments/${sheet1}/links/${revoked.link.id}`));
    expect((await auditOf(revoked.link.id)).map((a) => a.action)).toEqual(['create', 'revoke']);
    fails(await sm.delete(`/api/v1/assessments/${sheet2}/links/${revoked.link.id}`), 404, 'NOT_FOUND');

    const short = await issue(sheet1, { expiresInDays: 1 });
    ok(await anon.get(sheetUrl(short.token)));
    env.clock.advance(86_400_000 - 1000);
    try {
      ok(await anon.get(sheetUrl(short.token)));
      env.clock.advance(1000);
      const res = await anon.get(sheetUrl(short.token));
      fails(res, 410, 'LINK_EXPIRED');
      expect((res.json() as { error: { message: string } }).error.message).toContain('有効期限');
    } finally {
      env.clock.advance(-86_400_000);
    }
    const listed = ok<{ items: Link[] }>(await sm.get(`/api/v1/assessments/${sheet1}/links`));
    expect(listed.items.find((l) => l.id === revoked.link.id)?.status).toBe('revoked');
    expect(listed.items.find((l) => l.id === short.link.id)).toMatchObject({ status: 'active', useCount: 2 });
  });

  it('links only for vendor sheets, by the security manager of the facility', async () => {
    fails(await sm.post(`/api/v1/assessments/${hospital}/links`, { expiresInDays: 7 }), 409, 'INVALID_STATE');
    fails(await it_.post(`/api/v1/assessments/${sheet1}/links`, { expiresInDays: 7 }), 403, 'FORBIDDEN');
    fails(await it_.get(`/api/v1/assessments/${sheet1}/links`), 403, 'FORBIDDEN');
    fails(await vendor1.post(`/api/v1/assessments/${sheet1}/links`, { expiresInDays: 7 }), 403, 'FORBIDDEN');
    fails(await vendor2.get(`/api/v1/assessments/${sheet1}/links`), 404, 'NOT_FOUND');
    fails(await smB.post(`/api/v1/assessments/${sheet1}/links`, { expiresInDays: 7 }), 404, 'NOT_FOUND');
    fails(await anon.post(`/api/v1/assessments/${sheet1}/links`, { expiresInDays: 7 }), 401, 'UNAUTHENTICATED');
    fails(await sm.post(`/api/v1/assessments/${sheet1}/links`, { expiresInDays: 91 }), 400, 'VALIDATION_FAILED');
  });

  it('submit → return → resubmit → accept through a link, with history, audit and notifications; then read-only', async () => {
    const { token } = await issue(sheet2, { recipient: '佐藤' });
    const incomplete = await anon.post(sheetUrl(token, '/submit'), { name: '佐藤花子' });
    fails(incomplete, 400, 'VALIDATION_FAILED');
    expect((incomplete.json() as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path)).toEqual(vendorItems.map((i) => i.id));
    await answerAll(token);
    const submitted = ok<VendorSheetDto>(await anon.post(sheetUrl(token, '/submit'), { name: '佐藤花子' }));
    expect(submitted.status).toBe('submitted');
    expect(await notes(ids.sm, 'assessment.vendor_submitted')).toEqual([expect.objectContaining({ facility_id: A.id, link: `/assessments/${sheet2}` })]);
    fails(await anon.request('PUT', sheetUrl(token, `/answers/${vendorItems[0]!.id}`), { answer: 'no' }), 409, 'INVALID_STATE');
    fails(await anon.post(sheetUrl(token, '/submit'), { name: '佐藤花子' }), 409, 'INVALID_STATE');

    fails(await sm.post(`/api/v1/assessments/${sheet2}/return`, {}), 400, 'VALIDATION_FAILED');
    const returned = ok<AssessmentDetailDto>(await sm.post(`/api/v1/assessments/${sheet2}/return`, { reason: '2③の目標日を記入してください' }));
    expect(returned.assessment).toMatchObject({ status: 'in_progress', returnReason: '2③の目標日を記入してください' });
    expect((await notes(ids.vendor2, 'assessment.vendor_returned')).map((n) => JSON.parse(n.params) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ reason: '2③の目標日を記入してください', facility: 'みなと総合病院' }),
    ]);
    expect(await notes(ids.vendor1, 'assessment.vendor_returned')).toEqual([]);
    const back = ok<VendorSheetDto>(await anon.get(sheetUrl(token)));
    expect(back).toMatchObject({ status: 'in_progress', returnReason: '2③の目標日を記入してください' });
    ok(await anon.request('PUT', sheetUrl(token, `/answers/${vendorItems[0]!.id}`), { answer: 'yes', comment: '再確認済み' }));
    fails(await sm.post(`/api/v1/assessments/${sheet2}/accept`), 409, 'INVALID_STATE');
    ok(await anon.post(sheetUrl(token, '/submit'), { name: '佐藤花子' }));

    fails(await it_.post(`/api/v1/assessments/${sheet2}/accept`), 403, 'FORBIDDEN');
    fails(await vendor2.post(`/api/v1/assessments/${sheet2}/accept`), 403, 'FORBIDDEN');
    fails(await smB.post(`/api/v1/assessments/${sheet2}/accept`), 404, 'NOT_FOUND');
    const accepted = ok<AssessmentDetailDto>(await sm.post(`/api/v1/assessments/${sheet2}/accept`));
    expect(accepted.assessment).toMatchObject({ status: 'accepted', returnReason: null, acceptedAt: env.clock.now().toISOString() });
    expect(await notes(ids.vendor2, 'assessment.vendor_accepted')).toHaveLength(1);
    const row = await env.deps.db.selectFrom('assessments').selectAll().where('id', '=', sheet2).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ accepted_by: 'sm@a.jp', submitted_by_label: '佐藤花子' });
    expect(row.locked_at).not.toBeNull();

    // Accepted: the link still reads, but nothing changes any more.
    expect(ok<VendorSheetDto>(await anon.get(sheetUrl(token))).status).toBe('accepted');
    fails(await anon.request('PUT', sheetUrl(token, `/answers/${vendorItems[0]!.id}`), { answer: 'no' }), 409, 'INVALID_STATE');
    fails(await anon.post(sheetUrl(token, '/submit'), { name: 'x' }), 409, 'INVALID_STATE');
    fails(await sm.post(`/api/v1/assessments/${sheet2}/accept`), 409, 'INVALID_STATE');
    fails(await sm.post(`/api/v1/assessments/${sheet2}/return`, { reason: 'x' }), 409, 'INVALID_STATE');
    fails(await sm.post(`/api/v1/assessments/${sheet2}/links`, { expiresInDays: 7 }), 409, 'INVALID_STATE');

    const actions = (await eventsOf(sheet2)).map((e) => e.action).filter((a) => a !== 'answer');
    expect(actions).toEqual(['create', 'link_created', 'submit', 'return', 'submit', 'accept']);
    const audit = (await auditOf(sheet2)).map((a) => `${a.action} ${a.actor_label}`).filter((a) => !a.startsWith('answer'));
    expect(audit).toEqual(['create sm@a.jp', 'submit 事業者リンク: 佐藤', 'return sm@a.jp', 'submit 事業者リンク: 佐藤', 'accept sm@a.jp']);
  });

  it('a signed-in vendor user submits only its own sheet; hospital sheets are not submitted or accepted', async () => {
    const own = await start(vendorDef.id, vendorDef.version, V3);
    await env.deps.db.insertInto('vendor_users').values({ vendor_id: V3, user_id: ids.vendor1, facility_id: A.id, created_at: env.clock.now().toISOString() }).execute();
    fails(await vendor2.post(`/api/v1/assessments/${own}/submit`), 404, 'NOT_FOUND');
    fails(await vendor1.post(`/api/v1/assessments/${hospital}/submit`), 404, 'NOT_FOUND');
    fails(await it_.post(`/api/v1/assessments/${own}/submit`), 403, 'FORBIDDEN');
    fails(await sm.post(`/api/v1/assessments/${hospital}/submit`), 409, 'INVALID_STATE');
    fails(await sm.post(`/api/v1/assessments/${hospital}/accept`), 409, 'INVALID_STATE');
    for (const item of vendorItems) ok(await vendor1.request('PUT', `/api/v1/assessments/${own}/answers/${item.id}`, { answer: 'yes' }));
    const done = ok<AssessmentDetailDto>(await vendor1.post(`/api/v1/assessments/${own}/submit`));
    expect(done.assessment.status).toBe('submitted');
    expect(done.allowed).toMatchObject({ answer: false, accept: false });
    const row = await env.deps.db.selectFrom('assessments').select(['submitted_by_label']).where('id', '=', own).executeTakeFirstOrThrow();
    expect(row.submitted_by_label).toBe('vendor1@a.jp');
    fails(await vendor1.post(`/api/v1/assessments/${own}/accept`), 403, 'FORBIDDEN');
    // The hospital may also submit on the vendor's behalf (a sheet returned on paper).
    ok(await sm.post(`/api/v1/assessments/${own}/return`, { reason: '確認のため' }));
    expect(ok<AssessmentDetailDto>(await sm.post(`/api/v1/assessments/${own}/submit`)).assessment.status).toBe('submitted');
  });

  it('the vendor page shows the newest vendor sheet: status, version, year and progress', async () => {
    const page = (vendorId: string) => sm.get(`/api/v1/facilities/${A.id}/vendors/${vendorId}`);
    const v1 = ok<TVendorDetail>(await page(V1));
    // The newest edition is answered for the current fiscal year when that is later than the edition's.
    const { fiscal_year } = await env.deps.db.selectFrom('assessments').select('fiscal_year').where('id', '=', sheet1).executeTakeFirstOrThrow();
    expect(Number(fiscal_year)).toBeGreaterThanOrEqual(vendorDef.fiscalYear ?? 0);
    expect(v1.checklist).toMatchObject({
      status: 'in_progress',
      assessmentId: sheet1,
      frameworkId: vendorDef.id,
      frameworkVersion: vendorDef.version,
      fiscalYear: Number(fiscal_year),
      answered: 1,
      items: vendorItems.length,
    });
    expect(ok<TVendorDetail>(await page(V2)).checklist).toMatchObject({ status: 'accepted', assessmentId: sheet2, answered: vendorItems.length });
    expect(ok<TVendorDetail>(await page(V3)).checklist.status).toBe('submitted');
    const none = await testVendor(env, A.id, '未送付株式会社');
    expect(ok<TVendorDetail>(await page(none)).checklist).toMatchObject({ status: 'not_started', assessmentId: null });
    // The vendor's own user sees its vendor's checklist too.
    expect(ok<TVendorDetail>(await vendor2.get(`/api/v1/facilities/${A.id}/vendors/${V2}`)).checklist.status).toBe('accepted');
  });

  it('rate-limits link requests per link and per source address', async () => {
    const { token } = await issue(sheet1);
    const from = (ip: string, t: string) => app.inject({ method: 'GET', url: sheetUrl(t), remoteAddress: ip });
    let n = 0;
    for (; n < VENDOR_SHEET_LIMITS.perToken; n++) {
      const res = await from(`10.9.${Math.floor(n / 250)}.${n % 250}`, token);
      if (res.statusCode !== 200) break;
    }
    expect(n).toBe(VENDOR_SHEET_LIMITS.perToken);
    fails(await from('10.8.0.1', token), 429, 'RATE_LIMITED');

    const guesser = '10.7.0.1';
    let m = 0;
    for (; m < VENDOR_SHEET_LIMITS.perIp; m++) {
      // Guesses of every shape count (malformed ones are refused without a lookup).
      const res = await from(guesser, m % 10 === 0 ? randomToken(32) : `guess-${m}`);
      if (res.statusCode !== 404) break;
    }
    expect(m).toBe(VENDOR_SHEET_LIMITS.perIp);
    fails(await from(guesser, randomToken(32)), 429, 'RATE_LIMITED');
    // After the window both work again.
    env.clock.advance(VENDOR_SHEET_LIMITS.windowMs);
    try {
      expect((await from(guesser, token)).statusCode).toBe(200);
    } finally {
      env.clock.advance(-VENDOR_SHEET_LIMITS.windowMs);
    }
  });
});
