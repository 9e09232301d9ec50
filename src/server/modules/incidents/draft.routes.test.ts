import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DraftDto } from '../../../shared/contracts/incident-clocks.contract.ts';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import { PPC_FIELDS } from '../../../shared/incidents/cases.ts';
import { MHLW_FIRST_FIELDS, INTERNAL_FIELDS } from '../../../shared/incidents/drafts.ts';
import { pdfText } from '../../reports/test-support.ts';
import { buildTestApp, createTestEnv, DIALECTS, fails, makeFacility, makeUsers, ok, signIn, SYSTEM, type TestClient, type TestEnv } from '../../testing/harness.ts';
import { insertContactEntryTx } from './contact.service.ts';
import { insertTestCase } from './incident.test-support.ts';
import { insertTimelineEntry } from './timeline.repository.ts';

/** 報告書の下書き over HTTP on real databases: pre-fill from the case, saved edits, CONFLICT, permissions, print and text. */
describe.each(DIALECTS)('incident report drafts (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let B: TFacility;
  let caseId: string;
  const c = {} as Record<'sm' | 'it' | 'exec' | 'auditor' | 'staff' | 'smB', TestClient>;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    A = await makeFacility(env, 'DA', 'みなと試験病院');
    B = await makeFacility(env, 'DB');
    const made = await makeUsers(env, {
      sm: ['sm@a.jp', 'security_manager', A.id],
      it: ['it@a.jp', 'it_staff', A.id],
      exec: ['exec@a.jp', 'executive', A.id],
      auditor: ['auditor@a.jp', 'auditor', A.id],
      staff: ['staff@a.jp', 'staff', A.id],
      smB: ['sm@b.jp', 'security_manager', B.id],
    });
    app = await buildTestApp(env);
    // 20 minutes after the discovery (10:00 JST), before anyone signs in (sessions end after 30 idle minutes).
    env.clock.advance(20 * 60_000);
    Object.assign(c, await signIn(app, env, made));
    // The head of the call chain is the MHLW report's contact person.
    await env.deps.db.transaction().execute((trx) =>
      insertContactEntryTx(env.deps, trx, SYSTEM, A.id, { side: 'internal', kind: 'it', roleLabel: '医療情報システム安全管理責任者', name: '山田 太郎', phone: '045-123-4567', email: 'yamada@a.jp' }),
    );
    const k = await insertTestCase(env, A.id, {
      title: '電子カルテサーバーのランサムウェア感染',
      discoveredAt: '2026-04-01T10:00:00+09:00',
      facts: { personalData: true, affectedCount: 1200, unauthorizedAccess: true, careDisrupted: true, crimeSuspected: true },
      summary: { what: '電子カルテサーバーが暗号化され、脅迫文が表示された', where: '本館サーバー室' },
      description: '外来は紙運用に切り替え。',
    });
    caseId = k.id;
    await insertTimelineEntry(env.deps.db, { caseId, occurredAt: '2026-04-01T01:10:00.000Z', timeZone: 'Asia/Tokyo', kind: 'action', text: 'ネットワークから切り離した(電源は入れたまま)', createdBy: null, createdAt: env.clock.now().toISOString() });
    expect((await c.it.post(`/api/v1/incidents/${caseId}/filings`, { ruleId: 'police.report', filedAt: '2026-04-01T10:20:00+09:00', reference: '県警サイバー窓口' })).statusCode).toBe(201);
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const url = (kind: string, suffix = '', id = caseId) => `/api/v1/incidents/${id}/drafts/${kind}${suffix}`;
  const draft = async (kind: string, client = c.sm, query = '') => ok<DraftDto>(await client.get(`${url(kind)}${query}`));
  const value = (d: DraftDto, key: string) => d.fields.find((f) => f.key === key)!.value;
  const put = (client: TestClient, kind: string, body: unknown, id = caseId) => client.request('PUT', url(kind, '', id), body);

  it('pre-fills the Commission report from the case, in Japanese or English', async () => {
    const d = await draft('ppc', c.auditor);
    expect(d).toMatchObject({ caseId, kind: 'ppc', lang: 'ja', verified: true, updatedAt: null, updatedBy: null, title: { ja: '個人情報保護委員会への報告(下書き)' } });
    expect(d.fields.map((f) => f.key)).toEqual([...PPC_FIELDS]);
    expect(d.fields.every((f) => f.source === 'prefilled' && f.value === f.prefilled)).toBe(true);
    expect(d.fields[1]!.label.ja).toBe('漏えい等が発生し、又は発生したおそれがある個人データの項目');
    const overview = value(d, 'overview');
    expect(overview).toContain('事案: 電子カルテサーバーのランサムウェア感染(ランサムウェア)');
    expect(overview).toContain('発覚日時: 2026年4月1日(水) 10:00');
    expect(overview).toContain('何が: 電子カルテサーバーが暗号化され、脅迫文が表示された');
    expect(overview).toContain('どこで: 本館サーバー室');
    expect(overview).toContain('外来は紙運用に切り替え。');
    expect(value(d, 'subject_count')).toBe('1,200人(要配慮個人情報を含む)');
    expect(value(d, 'data_items')).toContain('要配慮個人情報');
    expect(value(d, 'cause')).toBe('不正アクセスによるもの(詳細は調査中)');
    expect(value(d, 'subject_response')).toBe('本人への通知: 未実施(準備中)');
    expect(value(d, 'other')).toContain('警察(サイバー犯罪相談窓口)への相談・通報: 2026年4月1日(水) 10:20に提出済み(県警サイバー窓口)');

    const en = await draft('ppc', c.exec, '?lang=en');
    expect(en.lang).toBe('en');
    expect(value(en, 'subject_count')).toBe('1,200 people (including special-care-required personal information)');
    expect(value(en, 'overview')).toContain('Discovered: Wed 1 Apr 2026 10:00 JST');
  });

  it('pre-fills the first report to MHLW and the report to the executive from the clocks, timeline and contact chart', async () => {
    const m = await draft('mhlw_first');
    expect(m).toMatchObject({ verified: false, note: { ja: expect.stringContaining('様式を公表していません') } });
    expect(m.fields.map((f) => f.key)).toEqual([...MHLW_FIRST_FIELDS]);
    expect(value(m, 'facility')).toBe('みなと試験病院');
    expect(value(m, 'contact')).toBe('医療情報システム安全管理責任者 / 山田 太郎 / 045-123-4567 / yamada@a.jp');
    expect(value(m, 'discovered_at')).toBe('2026年4月1日(水) 10:00');
    expect(value(m, 'care_impact')).toContain('あり');
    expect(value(m, 'personal_data')).toContain('1,200人');
    expect(value(m, 'external_contacts')).toContain('警察(警察(サイバー犯罪相談窓口)への相談・通報): 2026年4月1日(水) 10:20に提出済み');
    expect(value(m, 'current_response')).toContain('ネットワークから切り離した(電源は入れたまま)');

    const i = await draft('internal');
    expect(i.fields.map((f) => f.key)).toEqual([...INTERNAL_FIELDS]);
    const deadlines = value(i, 'legal_deadlines');
    expect(deadlines).toContain('・個人情報保護委員会への速報: 目安 2026年4月4日(土) 23:59 — 進行中');
    expect(deadlines).toContain('・個人情報保護委員会への確報: 期限 2026年5月31日(日) 23:59 — 進行中');
    expect(deadlines).toContain('提出済み');
    expect(value(i, 'decisions')).toContain('公表と本人への通知の方法');
    expect(value(i, 'impact')).toContain('診療への影響');
    expect(value(i, 'next_report')).toContain('厚生労働省への第一報');
  });

  it('saves edits over the pre-filled text field by field; a stale save is a CONFLICT; audited', async () => {
    const saved = ok<DraftDto>(await put(c.it, 'ppc', { fields: { cause: 'VPN 装置の既知の脆弱性を突かれた <script>', publication: null }, expectedUpdatedAt: null }));
    expect(saved.updatedAt).not.toBeNull();
    expect(saved.updatedBy).toMatchObject({ name: 'it' });
    const cause = saved.fields.find((f) => f.key === 'cause')!;
    expect(cause).toMatchObject({ source: 'edited', value: 'VPN 装置の既知の脆弱性を突かれた <script>', prefilled: '不正アクセスによるもの(詳細は調査中)' });
    expect(saved.fields.filter((f) => f.source === 'edited').map((f) => f.key)).toEqual(['cause']);
    expect((await draft('ppc', c.auditor)).updatedAt).toBe(saved.updatedAt);

    // Someone else saved since this editor read the draft.
    fails(await put(c.sm, 'ppc', { fields: { other: 'x' }, expectedUpdatedAt: null }), 409, 'CONFLICT');
    env.clock.advance(1000);
    const second = ok<DraftDto>(await put(c.sm, 'ppc', { fields: { cause: '調査中', other: '警察に相談済み' }, expectedUpdatedAt: saved.updatedAt }));
    expect(second.fields.filter((f) => f.source === 'edited').map((f) => f.key)).toEqual(['cause', 'other']);
    fails(await put(c.it, 'ppc', { fields: {}, expectedUpdatedAt: saved.updatedAt }), 409, 'CONFLICT');
    // Without expectedUpdatedAt the save goes through; an empty map returns every field to its pre-filled text.
    env.clock.advance(1000);
    const cleared = ok<DraftDto>(await put(c.sm, 'ppc', { fields: {} }));
    expect(cleared.fields.every((f) => f.source === 'prefilled')).toBe(true);

    const audit = await env.deps.db.selectFrom('audit_log').select(['action', 'entity_type', 'after_json', 'before_json']).where('entity_type', '=', 'incident_draft').where('facility_id', '=', A.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'update']);
    expect(JSON.parse(audit[0]!.after_json!)).toEqual({ caseId, kind: 'ppc', fields: { cause: 'VPN 装置の既知の脆弱性を突かれた <script>' } });
    expect(JSON.parse(audit[2]!.before_json!).fields).toEqual({ cause: '調査中', other: '警察に相談済み' });
  });

  it('refuses unknown fields, wrong kinds, closed cases and callers without the permission', async () => {
    const bad = await put(c.sm, 'internal', { fields: { overview: 'x', nonsense: 'y' } });
    fails(bad, 400, 'VALIDATION_FAILED');
    expect((bad.json() as { error: { issues: unknown[] } }).error.issues).toEqual([{ path: 'fields.nonsense', message: 'unknown_field' }]);
    fails(await c.sm.get(url('police')), 400, 'VALIDATION_FAILED');
    fails(await put(c.auditor, 'internal', { fields: {} }), 403, 'FORBIDDEN');
    fails(await put(c.exec, 'internal', { fields: {} }), 403, 'FORBIDDEN');
    fails(await c.staff.get(url('internal')), 403, 'FORBIDDEN');
    fails(await c.smB.get(url('internal')), 404, 'NOT_FOUND');
    fails(await put(c.smB, 'internal', { fields: {} }), 404, 'NOT_FOUND');
    const closed = await insertTestCase(env, A.id, { status: 'closed' });
    fails(await put(c.sm, 'internal', { fields: {} }, closed.id), 409, 'INVALID_STATE');
    ok(await c.sm.get(url('internal', '', closed.id)));
  });

  it('prints the draft as HTML and gives plain text to copy; audited exports', async () => {
    env.clock.advance(1000);
    const current = await draft('ppc');
    ok(await put(c.sm, 'ppc', { fields: { cause: 'VPN 装置の脆弱性 <b>' }, expectedUpdatedAt: current.updatedAt }));

    const html = await c.auditor.get(url('ppc', '/export?format=html'));
    expect(html.statusCode, html.body).toBe(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.headers['content-disposition']).toMatch(/^inline; filename="mamori-ppc-INC-2026-\d{4}\.html"$/);
    expect(html.body).toContain('<html lang="ja">');
    expect(html.body).toContain('個人情報保護委員会への報告(下書き)');
    expect(html.body).toContain('漏えい等が発生し、又は発生したおそれがある個人データの項目');
    expect(html.body).toContain('1,200人(要配慮個人情報を含む)');
    expect(html.body).toContain('VPN 装置の脆弱性 &lt;b&gt;');
    expect(html.body).not.toContain('<b>');
    expect(html.body).toContain('下書き — 提出・報告の前に内容を確認してください。');
    expect(html.body).toContain('編集済み');

    const en = await c.sm.get(url('mhlw_first', '/export?format=html&lang=en'));
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('First report to MHLW (draft)');
    expect(en.body).toContain('Impact on care');
    expect(en.body).toContain('About these items');

    const text = await c.sm.get(url('ppc', '/export?format=text'));
    expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(text.body.startsWith('個人情報保護委員会への報告(下書き)\n\n【概要】\n事案: ')).toBe(true);
    expect(text.body).toContain('【原因】\nVPN 装置の脆弱性 <b>\n');
    fails(await c.staff.get(url('ppc', '/export?format=text')), 403, 'FORBIDDEN');
    fails(await c.sm.get(url('ppc', '/export?format=docx')), 400, 'VALIDATION_FAILED');

    const exports = await env.deps.db.selectFrom('audit_log').select(['after_json']).where('entity_type', '=', 'incident_draft').where('action', '=', 'export').orderBy('seq').execute();
    expect(exports.map((e) => JSON.parse(e.after_json!) as { kind: string; format: string })).toEqual([
      expect.objectContaining({ kind: 'ppc', format: 'html', lang: 'ja' }),
      expect.objectContaining({ kind: 'mhlw_first', format: 'html', lang: 'en' }),
      expect.objectContaining({ kind: 'ppc', format: 'text' }),
    ]);
  });

  it('PDF: UNAVAILABLE without Chromium; an A4 PDF with the fields when it is there', { timeout: 120_000 }, async () => {
    const config = env.deps.config as { chromiumPath: string | null };
    const saved = config.chromiumPath;
    config.chromiumPath = '/nonexistent/chromium';
    try {
      fails(await c.sm.get(url('internal', '/export?format=pdf')), 503, 'UNAVAILABLE');
    } finally {
      config.chromiumPath = saved;
    }
    if (dialect !== 'sqlite') return; // one real render is enough
    const res = await c.sm.get(url('internal', '/export?format=pdf'));
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="mamori-internal-INC-2026-\d{4}\.pdf"$/);
    const pages = (await pdfText(res.rawPayload)).join('');
    expect(pages).toContain('経営層への報告(下書き)');
    expect(pages).toContain('法的な報告期限と状況');
    expect(pages).toContain('個人情報保護委員会への確報');
  });
});
