import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetailDto } from '../../../shared/contracts/incident-cases.contract.ts';
import type { EvidenceItemDto } from '../../../shared/contracts/incident-evidence.contract.ts';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import { findChromium } from '../../reports/pdf.ts';
import { pdfText } from '../../reports/test-support.ts';
import { buildTestApp, createTestEnv, DIALECTS, makeFacility, makeUser, TestClient, type TestEnv } from '../../testing/harness.ts';

/** 案件報告書 (the whole case printable) over HTTP on real databases: content, order, escaping, TLP, permissions, PDF. */
describe.each(DIALECTS)('incident case report (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let B: TFacility;
  let caseId: string;
  let number: string;
  let sha256: string;
  const c = {} as Record<'sm' | 'it' | 'exec' | 'auditor' | 'staff' | 'smB', TestClient>;

  const ok = <T>(res: LightMyRequestResponse, status = 200): T => {
    expect(res.statusCode, res.body).toBe(status);
    return res.json() as T;
  };
  const fails = (res: LightMyRequestResponse, status: number, code: string) => {
    expect(`${res.statusCode} ${(res.json() as { error?: { code?: string } }).error?.code}`, res.body).toBe(`${status} ${code}`);
  };
  const exportUrl = (query: string, id = caseId) => `/api/v1/incidents/${id}/export?${query}`;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    env.clock.set(new Date('2026-04-02T03:00:00Z'));
    A = await makeFacility(env, 'PA', 'みなと試験病院');
    B = await makeFacility(env, 'PB');
    await makeUser(env, 'sm@p.jp', [{ role: 'security_manager', facilityId: A.id }]);
    await makeUser(env, 'it@p.jp', [{ role: 'it_staff', facilityId: A.id }]);
    await makeUser(env, 'exec@p.jp', [{ role: 'executive', facilityId: A.id }]);
    await makeUser(env, 'auditor@p.jp', [{ role: 'auditor', facilityId: A.id }]);
    await makeUser(env, 'staff@p.jp', [{ role: 'staff', facilityId: A.id }]);
    await makeUser(env, 'sm@pb.jp', [{ role: 'security_manager', facilityId: B.id }]);
    app = await buildTestApp(env);
    for (const [key, email] of [
      ['sm', 'sm@p.jp'],
      ['it', 'it@p.jp'],
      ['exec', 'exec@p.jp'],
      ['auditor', 'auditor@p.jp'],
      ['staff', 'staff@p.jp'],
      ['smB', 'sm@pb.jp'],
    ] as const) {
      c[key] = new TestClient(app, env);
      await c[key].login(email);
    }

    const created = ok<CaseDetailDto>(
      await c.sm.post(`/api/v1/facilities/${A.id}/incidents`, {
        title: '電子カルテのランサムウェア <script>alert(1)</script>',
        category: 'ransomware',
        tlp: 'red',
        discoveredAt: '2026-04-01T10:00:00+09:00',
        facts: { personalData: true, affectedCount: 1200, unauthorizedAccess: true, crimeSuspected: true, careDisrupted: true },
        summary: { what: '電子カルテサーバーが暗号化された & 脅迫文', where: '本館サーバー室' },
      }),
      201,
    );
    caseId = created.id;
    number = created.number;
    const u = (suffix: string) => `/api/v1/incidents/${caseId}/${suffix}`;
    ok(await c.sm.post(u('team'), { role: 'head', name: '院長 山田' }), 201);
    const first = created.tasks.find((p) => p.phase === 'detection')!.items[0]!;
    ok(await c.it.request('PATCH', `/api/v1/incident-tasks/${first.id}`, { done: true }));
    // Entered out of order: the report lists them by the time they happened.
    ok(await c.sm.post(u('timeline'), { occurredAt: '2026-04-01T11:30+09:00', kind: 'action', text: 'TL-3 VPN 装置を停止' }), 201);
    ok(await c.it.post(u('timeline'), { occurredAt: '2026-04-01T00:40:00Z', kind: 'note', text: 'TL-1 FW log: first connection to C2' }), 201);
    ok(await c.sm.post(u('timeline'), { occurredAt: '2026-04-01T10:30', timeZone: 'Asia/Tokyo', kind: 'action', text: 'TL-2 ネットワークから切り離した(電源は入れたまま)' }), 201);
    ok(await c.sm.post(u('observables'), { type: 'ipv4', value: '203.0.113.7', note: 'C2' }), 201);
    ok(await c.sm.post(u('comms'), { occurredAt: '2026-04-01T11:00+09:00', direction: 'outgoing', channel: 'phone', party: '県警サイバー窓口', summary: '被害を相談' }), 201);
    sha256 = 'ab'.repeat(32);
    const e = ok<EvidenceItemDto>(
      await c.sm.post(u('evidence'), { type: 'disk_image', description: 'サーバーのディスクイメージ', location: '金庫', collectedBy: '山田 太郎', collectedAt: '2026-04-01T12:00+09:00', sha256 }),
      201,
    );
    ok(await c.sm.post(`/api/v1/incident-evidence/${e.id}/custody`, { action: 'handed_over', occurredAt: '2026-04-01T13:00+09:00', fromParty: '山田 太郎', toParty: '解析業者 A社' }), 201);
    ok(await c.it.post(u('filings'), { ruleId: 'police.report', filedAt: '2026-04-01T11:05:00+09:00', reference: '受付 123' }), 201);
    ok(await c.sm.request('PUT', u('review'), { lessons: 'VPN 装置の更新を月次で確認する', expectedUpdatedAt: null }));
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('prints the whole case as HTML: head, facts, team, clocks, tasks, timeline in order, records, evidence, review', async () => {
    const res = await c.auditor.get(exportUrl('format=html'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`inline; filename="${number}.html"`);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const html = res.body;
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain(`案件報告書 ${number}`);
    expect(html).toContain('みなと試験病院');
    expect(html).toContain('検知・初動対応');
    expect(html).toContain('対応中');
    expect(html).toContain('1,200人');
    expect(html).toContain('院長 山田');
    // Clocks with their state and the filing.
    expect(html).toContain('個人情報保護委員会');
    expect(html).toContain('届出済み(期限内)');
    expect(html).toContain('受付 123');
    // Tasks: done with who, and not done.
    expect(html).toContain('✓ 完了');
    expect(html).toContain('□ 未完了');
    expect(html).toMatch(/2026年4月2日\(木\) 12:01 it</);
    // The full timeline oldest first, each time in its zone and in JST.
    const at = ['TL-1 FW log', 'TL-2 ネットワーク', '県警サイバー窓口へ連絡', 'TL-3 VPN', '案件を開始しました'].map((t) => html.indexOf(t));
    expect(at.every((i) => i > 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(html).toContain('2026-04-01 00:40 UTC');
    expect(html).toContain('2026年4月1日(水) 09:40');
    expect(html).toContain('2026-04-01 10:30 JST (01:30 UTC)');
    // Records, evidence with its custody and the verdict, the review.
    expect(html).toContain('203.0.113.7');
    expect(html).toContain('被害を相談');
    expect(html).toContain(`E-1`);
    expect(html).toContain(sha256);
    expect(html).toContain('解析業者 A社');
    expect(html).toContain('保管記録の連鎖: 検証済み(2件・改ざんなし)');
    expect(html).toContain('VPN 装置の更新を月次で確認する');
    expect(html).toContain('レビューは完了していません');
    // Footer of the print shell: generation time and version.
    expect(html).toMatch(/出力 · mamori /);
  });

  it('escapes every value and marks TLP:RED at the top and on every page', async () => {
    const html = (await c.sm.get(exportUrl('format=html'))).body;
    expect(html).not.toContain('<script>');
    expect(html).toContain('電子カルテのランサムウェア &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('暗号化された &amp; 脅迫文');
    const main = html.slice(html.indexOf('<main>'));
    expect(main.indexOf('TLP:RED')).toBeGreaterThan(0);
    expect(main.indexOf('TLP:RED')).toBeLessThan(main.indexOf('<table'));
    expect(main).toContain('受け取った本人限り');
    expect(html).toContain('@top-right { content: "TLP:RED"');
    expect(html).toContain(`@top-left { content: "${number}"`);

    ok(await c.sm.request('PATCH', `/api/v1/incidents/${caseId}`, { tlp: 'amber' }));
    const amber = (await c.sm.get(exportUrl('format=html&lang=en'))).body;
    expect(amber).toContain('<html lang="en">');
    expect(amber).toContain(`Incident case report ${number}`);
    expect(amber).toContain('@top-right { content: "TLP:AMBER"');
    expect(amber).toContain('Share only with those who need to know');
    expect(amber).toContain('Filed on time');
    expect(amber).toContain('Chain of custody: verified (2 entries, intact)');
    expect(amber).not.toContain('<script>');
    ok(await c.sm.request('PATCH', `/api/v1/incidents/${caseId}`, { tlp: 'red' }));
  });

  it('needs incident.read in the case facility; bad formats are refused; exports are audited', async () => {
    expect((await c.exec.get(exportUrl('format=html'))).statusCode).toBe(200);
    expect((await c.it.get(exportUrl('format=html'))).statusCode).toBe(200);
    fails(await c.staff.get(exportUrl('format=html')), 403, 'FORBIDDEN');
    fails(await c.smB.get(exportUrl('format=html')), 404, 'NOT_FOUND');
    fails(await c.sm.get(exportUrl('format=docx')), 400, 'VALIDATION_FAILED');
    fails(await c.sm.get(exportUrl('format=html', '00000000000000000000000000')), 404, 'NOT_FOUND');
    const rows = await env.deps.db.selectFrom('audit_log').select(['entity_id', 'after_json']).where('entity_type', '=', 'incident_case').where('action', '=', 'export').orderBy('seq').execute();
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows.every((r) => r.entity_id === caseId)).toBe(true);
    expect(JSON.parse(rows[0]!.after_json!)).toMatchObject({ format: 'html', lang: 'ja', tlp: 'red' });
  });

  it('PDF: UNAVAILABLE without Chromium; an A4 PDF with the case when it is there', { timeout: 120_000 }, async () => {
    const config = env.deps.config as { chromiumPath: string | null };
    const saved = config.chromiumPath;
    config.chromiumPath = '/nonexistent/chromium';
    try {
      fails(await c.sm.get(exportUrl('format=pdf')), 503, 'UNAVAILABLE');
    } finally {
      config.chromiumPath = saved;
    }
    if (dialect !== 'sqlite' || !findChromium(env.deps.config)) return; // one real render is enough, where Chromium is installed
    const res = await c.sm.get(exportUrl('format=pdf'));
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${number}.pdf"`);
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = await pdfText(res.rawPayload);
    const all = pages.join('');
    expect(all).toContain('案件報告書');
    expect(all).toContain('TL-2ネットワークから切り離した');
    expect(all).toContain(sha256);
    // The marking is printed on every page.
    expect(pages.length).toBeGreaterThan(1);
    for (const p of pages) expect(p).toContain('TLP:RED');
  });
});
