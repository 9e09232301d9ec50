import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TBinderCheck, TBinderPrintPage, TBinderStatus } from '../../../shared/contracts/resilience-binder.contract.ts';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import { BINDER_CODE_PATTERN, BINDER_SECTION_LABELS, BINDER_SECTIONS, changedSections } from '../../../shared/resilience/binder.ts';
import { findChromium } from '../../reports/pdf.ts';
import { pdfText } from '../../reports/test-support.ts';
import { buildTestApp, createTestEnv, DIALECTS, fails, makeFacility, makeUsers, ok, signIn, SYSTEM, type TestClient, type TestEnv } from '../../testing/harness.ts';
import { recordRunTx } from './backup-run.service.ts';
import { BINDER_SEED as S, seedBinderFacility } from './binder.test-support.ts';
import { binderHtml } from './binder-html.ts';
import { binderDataOf, binderStamp, checkTarget } from './binder.service.ts';

/** 緊急時バインダー over HTTP on real databases: the PDF's content, the offline HTML, the stamp, status, check, history, access. */
describe.each(DIALECTS)('emergency binder (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let B: TFacility;
  let c: Record<'sm' | 'auditor' | 'staff' | 'smB', TestClient>;
  let firstContactId: string;
  const url = (suffix = '', f = () => A.id) => `/api/v1/facilities/${f()}/binder${suffix}`;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    env.clock.set(new Date('2026-11-24T01:00:00Z'));
    A = await makeFacility(env, 'BND', 'みなと試験病院');
    B = await makeFacility(env, 'BNB');
    const users = await makeUsers(env, {
      sm: ['sm@b.jp', 'security_manager', A.id],
      auditor: ['au@b.jp', 'auditor', A.id],
      staff: ['st@b.jp', 'staff', A.id],
      smB: ['smb@b.jp', 'security_manager', B.id],
    });
    app = await buildTestApp(env);
    c = await signIn(app, env, users);
    ({ firstContactId } = await seedBinderFacility(env, A.id));
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('says "never generated" before the first copy, with the hash of the data', async () => {
    const s = ok<TBinderStatus>(await c.auditor.get(url('/status')));
    expect(s).toMatchObject({ lastPrint: null, changedSinceLastPrint: false, changedSections: [] });
    expect(s.currentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('prints every section of a seeded facility into the PDF, in Japanese, and records the copy', async () => {
    if (!findChromium(env.deps.config)) return; // rendered where Chromium is installed (CI installs it)
    const res = await c.sm.get(url('?format=pdf'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(String(res.headers['content-disposition'])).toContain(`filename*=UTF-8''${encodeURIComponent('緊急時バインダー_みなと試験病院_2026-11-24.pdf')}`);
    const code = String(res.headers['x-binder-code']);
    expect(code).toMatch(BINDER_CODE_PATTERN);
    expect(code.startsWith('BND-20261124-')).toBe(true);
    const pages = await pdfText(res.rawPayload);
    expect(pages.length).toBeGreaterThanOrEqual(BINDER_SECTIONS.length + 1); // a cover, then each section from a new page
    for (const [i, p] of pages.entries()) {
      // The stamp on every page: facility, code, generation time, where to check.
      expect(p, `page ${i + 1}`).toContain('みなと試験病院緊急時バインダー');
      expect(p, `page ${i + 1}`).toContain(`版コード${code}`);
      expect(p, `page ${i + 1}`).toMatch(/生成日時2026年11月24日\(火\)10:0\d/);
      expect(p, `page ${i + 1}`).toContain(`この版が最新か確認:${code}`);
    }
    const text = pages.join('');
    for (const s of BINDER_SECTIONS) expect(text, s).toContain(BINDER_SECTION_LABELS[s].ja.replace(/\s/g, ''));
    expect(text).toContain(code); // the stamp
    expect(text).toContain('電源は切らない');
    expect(text).toContain(`1番目:医療情報システム安全管理責任者山田太郎${S.firstPhone}`); // the first card names the first call
    expect(text).toContain(S.firstPhone);
    expect(text).toContain(S.deputyPhone);
    expect(text).toMatch(new RegExp(`${S.emr}1${S.emrRto}時間${S.core}`)); // recovery order: the EMR, criticality 1, its RTO, waits for the core switch
    expect(text).toContain(S.core);
    expect(text).toContain('未承認(下書き)');
    expect(text).toContain(S.paper);
    expect(text).toContain(S.offlinePlace.replace(/\s/g, ''));
    expect(text).toContain(S.nasPlace);
    expect(text).toContain('電子カルテのオフラインバックアップが20日間成功していません');
    expect(text).toContain(S.connection);
    expect(text).toContain(S.entryIp);
    expect(text).toContain('VPN装置のWAN側のLANケーブルを抜く');
    expect(text).toContain(S.vendorEmergency);
    expect(text).toContain('24時間・緊急');

    const page = ok<TBinderPrintPage>(await c.auditor.get(url('/prints')));
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({ code, format: 'pdf', by: expect.any(String), current: true });
    const audit = await env.deps.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'binder').where('action', '=', 'generate').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ code, format: 'pdf' });
  });

  it('serves a self-contained HTML file: no script, nothing to fetch, anchors for the contents, the QR inline', async () => {
    const res = await c.auditor.get(url('?format=html&lang=ja'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('緊急時バインダー_みなと試験病院_2026-11-24.html'));
    const html = res.body;
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|url\(|@import|https?:\/\//i);
    for (const s of BINDER_SECTIONS) {
      const id = `s-${s.replace(/_/g, '-')}`;
      expect(html).toContain(`href="#${id}"`);
      expect(html).toContain(`id="${id}"`);
      expect(html).toContain(BINDER_SECTION_LABELS[s].ja);
    }
    expect(html).toContain('<svg');
    expect(html).toContain('break-before: page');
    const en = await c.auditor.get(url('?format=html&lang=en'));
    expect(en.body).toContain('The first 30 minutes');
    expect(en.body).toContain('Vendors’ emergency contacts');
  });

  it('tells which sections changed after the last copy, and whether a printed code is current', async () => {
    const before = ok<TBinderStatus>(await c.sm.get(url('/status')));
    expect(before.lastPrint?.format).toBe('html');
    expect(before.changedSinceLastPrint).toBe(false);
    const code = before.lastPrint!.code;
    expect(ok<TBinderCheck>(await c.sm.get(url(`/check/${code}`)))).toMatchObject({ found: true, current: true, changedSections: [], newestCode: null });

    // The first person of the chart gets a new phone: the first card and the chart change, nothing else.
    ok(await c.sm.patch(`/api/v1/contact-entries/${firstContactId}`, { phone: '090-9999-0000' }));
    const after = ok<TBinderStatus>(await c.auditor.get(url('/status')));
    expect(after.changedSinceLastPrint).toBe(true);
    expect(after.changedSections).toEqual(['first_response', 'contacts']);
    expect(after.currentHash).not.toBe(before.currentHash);

    // Typed from the paper: lower case, without dashes.
    const check = ok<TBinderCheck>(await c.auditor.get(url(`/check/${code.replace(/-/g, '').toLowerCase()}`)));
    expect(check).toMatchObject({ code, found: true, current: false, changedSections: ['first_response', 'contacts'] });
    expect(ok<TBinderCheck>(await c.auditor.get(url('/check/BND-20260101-AAAA')))).toMatchObject({ found: false, current: false, generatedAt: null });

    // A new copy is current again; the old one now points to it.
    const again = await c.sm.get(url('?format=html'));
    const newCode = String(again.headers['x-binder-code']);
    expect(newCode).not.toBe(code);
    expect(ok<TBinderStatus>(await c.sm.get(url('/status')))).toMatchObject({ changedSinceLastPrint: false, changedSections: [], lastPrint: { code: newCode } });
    expect(ok<TBinderCheck>(await c.sm.get(url(`/check/${code}`)))).toMatchObject({ current: false, newestCode: newCode });
    const page = ok<TBinderPrintPage>(await c.sm.get(url('/prints?pageSize=1')));
    expect(page.items.map((p) => p.code)).toEqual([newCode]);
    expect(page.total).toBeGreaterThanOrEqual(2);
  });

  it('keeps the binder within resilience.read of the facility', async () => {
    fails(await c.staff.get(url('/status')), 403, 'FORBIDDEN');
    fails(await c.staff.get(url('?format=html')), 403, 'FORBIDDEN');
    fails(await c.smB.get(url('/status')), 404, 'NOT_FOUND');
    fails(await c.smB.get(url('/check/BND-20261124-AAAA')), 404, 'NOT_FOUND');
    fails(await c.smB.get(url('/prints')), 404, 'NOT_FOUND');
    // The other facility's own binder is empty: every section says so.
    const html = (await c.smB.get(url('?format=html', () => B.id))).body;
    expect(html).toContain('連絡体制図が登録されていません');
    expect(html).toContain('事業継続計画(BCP)がまだ作成されていません');
    expect(html).toContain('使用中のバックアップ計画が登録されていません');
  });
  it('prints the check address with MAMORI_PUBLIC_URL, in the QR too; a PDF that cannot be made records nothing', async () => {
    const data = await binderDataOf(env.deps, env.deps.db, A.id);
    const check = checkTarget({ config: { ...env.deps.config, publicUrl: 'https://mamori.hospital.example' } }, 'BND-20261124-7K3Q', data.facility.code);
    const checkUrl = `https://mamori.hospital.example/resilience/binder?facility=${data.facility.code}&check=BND-20261124-7K3Q`;
    expect(check).toEqual({ url: checkUrl, qrText: checkUrl });
    const html = await binderHtml(data, { code: 'BND-20261124-7K3Q', generatedAt: env.clock.now().toISOString(), lang: 'ja', check });
    expect(html).toContain(`この版が最新か確認: ${checkUrl}`);
    expect(checkTarget(env.deps, 'BND-20261124-7K3Q')).toEqual({ url: null, qrText: 'BND-20261124-7K3Q' });

    const before = await env.deps.db.selectFrom('binder_prints').select('id').where('facility_id', '=', A.id).execute();
    const saved = env.deps.config.chromiumPath;
    (env.deps.config as { chromiumPath: string | null }).chromiumPath = '/nonexistent/chromium';
    try {
      fails(await c.sm.get(url('?format=pdf')), 503, 'UNAVAILABLE');
    } finally {
      (env.deps.config as { chromiumPath: string | null }).chromiumPath = saved;
    }
    expect(await env.deps.db.selectFrom('binder_prints').select('id').where('facility_id', '=', A.id).execute()).toHaveLength(before.length);
  });

  it('does not change its hash with time or a new backup run alone, but with a changed backup plan', async () => {
    const stamp = async () => binderStamp(await binderDataOf(env.deps, env.deps.db, A.id));
    const h1 = await stamp();
    env.clock.advance(3 * 86_400_000);
    const plan = await env.deps.db.selectFrom('backup_plans').select(['id', 'facility_id']).where('facility_id', '=', A.id).where('medium', '=', 'nas').executeTakeFirstOrThrow();
    const t = env.clock.now().getTime();
    await env.deps.db.transaction().execute((trx) =>
      recordRunTx(env.deps, trx, SYSTEM, plan, { startedAt: new Date(t - 7_200_000).toISOString(), finishedAt: new Date(t - 3_600_000).toISOString(), status: 'success' }, 'manual'),
    );
    expect((await stamp()).contentHash).toBe(h1.contentHash);
    await env.deps.db.updateTable('backup_plans').set({ storage_place: 'サーバ室ラック4' }).where('id', '=', plan.id).execute();
    const h3 = await stamp();
    expect(h3.contentHash).not.toBe(h1.contentHash);
    expect(changedSections(h1.sectionHashes, h3.sectionHashes)).toEqual(['backups']);
  });
});
