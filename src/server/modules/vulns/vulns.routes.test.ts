import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZAssetCreate } from '../../../shared/contracts/ledger.contract.ts';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import type { FindingDetailDto, FindingDto, VulnDetailDto, VulnOverviewDto } from '../../../shared/contracts/vulns.contract.ts';
import { DEFAULT_VULN_POLICY } from '../../../shared/vulns/domain.ts';
import { cliCaller } from '../../context.ts';
import { buildTestApp, createTestEnv, DIALECTS, makeFacility, makeUser, SYSTEM, TestClient, type TestEnv } from '../../testing/harness.ts';
import { importFeedFiles } from '../feeds/index.ts';
import { createAsset } from '../ledger/index.ts';
import { insertTestFinding } from './test-support.ts';

const FIX = path.resolve(import.meta.dirname, '../../../../fixtures');
type Page = { items: FindingDto[]; total: number; page: number; pageSize: number };

/** 脆弱性 over HTTP on real databases: real feeds (NVD, KEV) through the importer, assets through the ledger. */
describe.each(DIALECTS)('vulnerability API (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let B: TFacility;
  const c = {} as Record<'sm' | 'it' | 'staff' | 'vendor' | 'exec' | 'auditor' | 'admin' | 'itB', TestClient>;
  const asset = {} as Record<'fg' | 'pc' | 'srv' | 'b', string>;
  let fgFinding: string;
  const url = (f: TFacility, p: string) => `/api/v1/facilities/${f.id}/vulns${p}`;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    A = await makeFacility(env, 'VA');
    B = await makeFacility(env, 'VB');
    await makeUser(env, 'sm@va.jp', [{ role: 'security_manager', facilityId: A.id }]);
    await makeUser(env, 'it@va.jp', [{ role: 'it_staff', facilityId: A.id }]);
    await makeUser(env, 'staff@va.jp', [{ role: 'staff', facilityId: A.id }]);
    await makeUser(env, 'vendor@va.jp', [{ role: 'vendor', facilityId: A.id }]);
    await makeUser(env, 'exec@va.jp', [{ role: 'executive', facilityId: A.id }]);
    await makeUser(env, 'auditor@va.jp', [{ role: 'auditor', facilityId: A.id }]);
    await makeUser(env, 'admin@va.jp', [], { isAdmin: true });
    await makeUser(env, 'it@vb.jp', [{ role: 'it_staff', facilityId: B.id }]);
    await importFeedFiles(env.deps, cliCaller('test-admin'), [{ path: path.join(FIX, 'nvd2/CVE-2018-13379.json') }, { path: path.join(FIX, 'kev/known_exploited_vulnerabilities.json') }]);
    const mk = (f: TFacility, over: Record<string, unknown>) => createAsset(env.deps, SYSTEM, f.id, ZAssetCreate.parse({ type: 'server', criticality: 3, ...over }));
    asset.fg = (await mk(A, { name: '保守用 FortiGate', assetTag: 'NW-001', type: 'vpn_gateway', vendor: 'Fortinet', product: 'FortiGate 60E', version: '6.0.4', exposure: 'internet', criticality: 2 })).id;
    asset.pc = (await mk(A, { name: '受付端末', assetTag: 'PC-001', type: 'client_pc' })).id;
    asset.srv = (await mk(A, { name: '電子カルテサーバ', assetTag: 'SV-001' })).id;
    asset.b = (await mk(B, { name: 'B の FortiGate', type: 'vpn_gateway', vendor: 'Fortinet', product: 'FortiGate 60E', version: '6.0.4', exposure: 'internet' })).id;
    fgFinding = (await env.deps.db.selectFrom('vuln_findings').select('id').where('asset_id', '=', asset.fg).where('vuln_id', '=', 'CVE-2018-13379').executeTakeFirstOrThrow()).id;
    app = await buildTestApp(env);
    for (const [who, email] of [
      ['sm', 'sm@va.jp'],
      ['it', 'it@va.jp'],
      ['staff', 'staff@va.jp'],
      ['vendor', 'vendor@va.jp'],
      ['exec', 'exec@va.jp'],
      ['auditor', 'auditor@va.jp'],
      ['admin', 'admin@va.jp'],
      ['itB', 'it@vb.jp'],
    ] as const) {
      c[who] = new TestClient(app, env);
      await c[who].login(email);
    }
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('shows the FortiGate finding with its KEV facts, evidence and the caller’s allowed moves', async () => {
    const res = await c.it.get(url(A, `/findings/${fgFinding}`));
    expect(res.statusCode).toBe(200);
    const d = res.json() as FindingDetailDto;
    expect(d).toMatchObject({ status: 'open', confidence: 'exact', dueRule: 'kev_exposed', escalationLevel: 0, overdue: false, asset: { id: asset.fg, assetTag: 'NW-001' } });
    expect(d.vuln).toMatchObject({ id: 'CVE-2018-13379', kev: true, kevDateAdded: '2021-11-03', cvssVersion: '3.x' });
    expect(d.evidence[0]!.criteria).toContain('fortinet:fortios');
    expect(d.priorityFactors).toMatchObject({ kev: true, internetFacing: true });
    expect(d.history.map((h) => h.action)).toEqual(['detected']);
    expect(d.allowedStatuses).toEqual(['in_progress', 'fixed', 'mitigated', 'false_positive']);
    expect(((await c.exec.get(url(A, `/findings/${fgFinding}`))).json() as FindingDetailDto).allowedStatuses).toEqual(['accepted']);
    expect(((await c.auditor.get(url(A, `/findings/${fgFinding}`))).json() as FindingDetailDto).allowedStatuses).toEqual([]);
    expect(((await c.admin.get(url(A, `/findings/${fgFinding}`))).json() as FindingDetailDto).allowedStatuses).toEqual(['in_progress', 'fixed', 'mitigated', 'false_positive', 'accepted']);
  });

  it('keeps facilities apart and roles in their lane', async () => {
    expect((await c.itB.get(url(A, `/findings/${fgFinding}`))).statusCode).toBe(404);
    expect((await c.itB.get(url(A, '/findings'))).statusCode).toBe(404);
    // The id of A's finding under B's path: not found.
    expect((await c.itB.get(url(B, `/findings/${fgFinding}`))).statusCode).toBe(404);
    expect((await c.staff.get(url(A, '/findings'))).statusCode).toBe(403);
    expect((await c.vendor.get(url(A, '/overview'))).statusCode).toBe(403);
    expect((await c.auditor.get(url(A, '/overview'))).statusCode).toBe(200);
    const bList = (await c.itB.get(url(B, '/findings'))).json() as Page;
    expect(bList.items.map((f) => f.asset.id)).toEqual([asset.b]);
  });

  it('moves a finding through the workflow with history and audit; reason required; illegal moves 409', async () => {
    const id = await insertTestFinding(env, A.id, asset.srv, 'CVE-2099-0708');
    const post = (who: keyof typeof c, body: unknown) => c[who].post(url(A, `/findings/${id}/status`), body);
    expect((await post('staff', { status: 'in_progress' })).statusCode).toBe(403);
    expect((await post('vendor', { status: 'in_progress' })).statusCode).toBe(403);
    expect((await post('exec', { status: 'in_progress' })).statusCode).toBe(403);
    expect((await post('itB', { status: 'in_progress' })).statusCode).toBe(404);
    const started = await post('it', { status: 'in_progress', reason: null });
    expect(started.statusCode).toBe(200);
    expect((started.json() as FindingDetailDto).status).toBe('in_progress');
    const noReason = await post('it', { status: 'mitigated' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', issues: [{ path: 'reason', message: 'required' }] } });
    expect((await post('it', { status: 'false_positive', reason: '  ' })).statusCode).toBe(400);
    const mitigated = await post('sm', { status: 'mitigated', reason: 'RDP を閉域網のみに制限' });
    expect(mitigated.statusCode).toBe(200);
    expect(mitigated.json()).toMatchObject({ status: 'mitigated', statusReason: 'RDP を閉域網のみに制限', statusChangedBy: 'sm@va.jp' });
    // mitigated → fixed is not a transition.
    const illegal = await post('it', { status: 'fixed' });
    expect(illegal.statusCode).toBe(409);
    expect(illegal.json()).toMatchObject({ error: { code: 'INVALID_STATE' } });
    // `accepted` is not a status change; it has its own action.
    expect((await post('it', { status: 'accepted', reason: 'x' })).statusCode).toBe(400);
    const reopened = await post('it', { status: 'open' });
    expect(reopened.statusCode).toBe(200);
    const d = reopened.json() as FindingDetailDto;
    expect(d.dueOn).toBe('2026-06-30');
    expect(d.history.map((h) => [h.action, h.fromStatus, h.toStatus])).toEqual([
      ['status', 'mitigated', 'open'],
      ['status', 'in_progress', 'mitigated'],
      ['status', 'open', 'in_progress'],
    ]);
    const audit = await env.deps.db.selectFrom('audit_log').select(['action', 'actor_label']).where('entity_type', '=', 'vuln_finding').where('entity_id', '=', id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['status', 'status', 'status']);
  });

  it('accepts a risk only with the executive’s sign-off, a reason and an expiry within the policy', async () => {
    const id = await insertTestFinding(env, A.id, asset.srv, 'CVE-2099-0144');
    const accept = (who: keyof typeof c, body: unknown) => c[who].post(url(A, `/findings/${id}/accept`), body);
    expect((await accept('it', { reason: '更新不可の医療機器', until: '2026-09-30' })).statusCode).toBe(403);
    expect((await accept('sm', { reason: '更新不可の医療機器', until: '2026-09-30' })).statusCode).toBe(403);
    expect((await accept('itB', { reason: '更新不可の医療機器', until: '2026-09-30' })).statusCode).toBe(404);
    // Today is 2026-04-01 (JST): the expiry must be later, and at most 12 months ahead.
    const past = await accept('exec', { reason: 'x', until: '2026-04-01' });
    expect(past.statusCode).toBe(400);
    expect(past.json()).toMatchObject({ error: { issues: [{ path: 'until', message: 'not_after_today' }] } });
    const far = await accept('exec', { reason: 'x', until: '2027-04-02' });
    expect(far.json()).toMatchObject({ error: { issues: [{ path: 'until', message: 'accept_too_long' }] } });
    expect((await accept('exec', { reason: '', until: '2026-09-30' })).statusCode).toBe(400);
    const ok = await accept('exec', { reason: '更新不可の医療機器。閉域網で運用', until: '2027-04-01' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'accepted', acceptedUntil: '2027-04-01', acceptedBy: 'exec (exec@va.jp)', statusReason: '更新不可の医療機器。閉域網で運用' });
    expect((ok.json() as FindingDetailDto).history[0]).toMatchObject({ action: 'accepted', fromStatus: 'open', toStatus: 'accepted' });
    // Accepting again is not a transition; reopening by IT staff is, and ends the acceptance.
    expect((await accept('exec', { reason: 'again', until: '2026-10-01' })).statusCode).toBe(409);
    const reopened = await c.it.post(url(A, `/findings/${id}/status`), { status: 'open' });
    expect(reopened.json()).toMatchObject({ status: 'open', acceptedBy: null, acceptedUntil: null });
    // A shorter policy limits the expiry.
    const policy = { ...DEFAULT_VULN_POLICY, acceptMaxMonths: 3 };
    expect((await c.sm.request('PUT', url(A, '/policy'), policy)).statusCode).toBe(200);
    expect((await accept('exec', { reason: 'x', until: '2026-07-02' })).json()).toMatchObject({ error: { issues: [{ path: 'until', message: 'accept_too_long' }] } });
    expect((await accept('exec', { reason: 'x', until: '2026-07-01' })).statusCode).toBe(200);
    expect((await c.sm.request('PUT', url(A, '/policy'), DEFAULT_VULN_POLICY)).statusCode).toBe(200);
  });

  it('reads and changes the deadline policy (security manager), audited with before and after', async () => {
    expect((await c.it.get(url(A, '/policy'))).json()).toEqual(DEFAULT_VULN_POLICY);
    const changed = { ...DEFAULT_VULN_POLICY, dueDays: { ...DEFAULT_VULN_POLICY.dueDays, kev_exposed: 3 }, untouchedDays: 5 };
    expect((await c.it.request('PUT', url(A, '/policy'), changed)).statusCode).toBe(403);
    expect((await c.itB.request('PUT', url(A, '/policy'), changed)).statusCode).toBe(404);
    expect((await c.sm.request('PUT', url(A, '/policy'), { ...changed, untouchedDays: 0 })).statusCode).toBe(400);
    const res = await c.sm.request('PUT', url(A, '/policy'), changed);
    expect(res.statusCode).toBe(200);
    expect((await c.auditor.get(url(A, '/policy'))).json()).toEqual(changed);
    expect((await c.itB.get(url(B, '/policy'))).json()).toEqual(DEFAULT_VULN_POLICY);
    const audit = await env.deps.db.selectFrom('audit_log').select(['before_json', 'after_json']).where('entity_type', '=', 'vuln_policy').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json!)).toMatchObject({ untouchedDays: 5, dueDays: { kev_exposed: 3 } });
    expect(JSON.parse(audit.before_json!)).toMatchObject({ untouchedDays: 7 });
    await c.sm.request('PUT', url(A, '/policy'), DEFAULT_VULN_POLICY);
  });

  it('recomputes the deadlines of active findings when the policy changes', async () => {
    const due = async () => (await env.deps.db.selectFrom('vuln_findings').select(['due_on', 'status', 'due_rule']).where('asset_id', '=', asset.b).where('vuln_id', '=', 'CVE-2018-13379').executeTakeFirstOrThrow());
    const before = await due();
    expect(before).toMatchObject({ status: 'open', due_rule: 'kev_exposed' });
    const shorter = { ...DEFAULT_VULN_POLICY, dueDays: { ...DEFAULT_VULN_POLICY.dueDays, kev_exposed: 3 } };
    expect((await c.admin.request('PUT', url(B, '/policy'), shorter)).statusCode).toBe(200);
    const shift = (d: string, days: number) => new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    expect((await due()).due_on).toBe(shift(before.due_on, -4));
    expect((await c.admin.request('PUT', url(B, '/policy'), DEFAULT_VULN_POLICY)).statusCode).toBe(200);
    expect((await due()).due_on).toBe(before.due_on);
  });

  it('lists findings with filters, search, sort and paging', async () => {
    const pcIds: string[] = [];
    for (let i = 0; i < 5; i++) pcIds.push(await insertTestFinding(env, A.id, asset.pc, `CVE-2099-000${i}`, { priority: 10 * (i + 1), due_on: `2026-05-0${i + 1}` }));
    await insertTestFinding(env, A.id, asset.pc, 'CVE-2099-1000', { status: 'fixed', priority: 999 });
    await insertTestFinding(env, A.id, asset.pc, 'CVE-2099-1001', { due_on: '2026-03-01', priority: 5 });
    const get = async (q: string) => (await c.it.get(url(A, `/findings${q}`))).json() as Page;
    const all = await get('?pageSize=200');
    // Active only by default, highest priority first; the fixed one stays out.
    expect(all.items.every((f) => f.status === 'open' || f.status === 'in_progress')).toBe(true);
    expect(all.items.map((f) => f.vuln.id)).not.toContain('CVE-2099-1000');
    expect(all.items[0]!.id).toBe(fgFinding);
    const priorities = all.items.map((f) => f.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    expect((await get('?status=fixed')).items.map((f) => f.vuln.id)).toEqual(['CVE-2099-1000']);
    expect((await get('?status=all&assetId=' + asset.pc)).total).toBe(7);
    expect((await c.it.get(url(A, '/findings?status=bogus'))).statusCode).toBe(400);
    expect((await get('?kev=1')).items.map((f) => f.id)).toEqual([fgFinding]);
    expect((await get('?ransomware=1')).items.map((f) => f.id)).toEqual([fgFinding]);
    const overdue = await get('?overdue=1');
    expect(overdue.items.map((f) => f.vuln.id)).toEqual(['CVE-2099-1001']);
    expect(overdue.items[0]!.overdue).toBe(true);
    expect((await get('?q=受付')).total).toBe(6);
    expect((await get('?q=pc-001')).total).toBe(6);
    expect((await get('?q=cve-2099-0003')).items.map((f) => f.vuln.id)).toEqual(['CVE-2099-0003']);
    // The KEV name is searched too.
    expect((await get('?q=fortios')).items.map((f) => f.id)).toEqual([fgFinding]);
    const byDue = await get(`?assetId=${asset.pc}&sort=due`);
    expect(byDue.items.map((f) => f.dueOn)).toEqual(['2026-03-01', '2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05']);
    const p1 = await get(`?assetId=${asset.pc}&sort=-due&pageSize=4`);
    const p2 = await get(`?assetId=${asset.pc}&sort=-due&pageSize=4&page=2`);
    expect(p1.total).toBe(6);
    expect([...p1.items, ...p2.items].map((f) => f.dueOn)).toEqual(['2026-05-05', '2026-05-04', '2026-05-03', '2026-05-02', '2026-05-01', '2026-03-01']);
    expect((await get(`?assetId=${asset.pc}&sort=vuln&pageSize=1`)).items[0]!.vuln.id).toBe('CVE-2099-0000');
    for (const sort of ['asset', '-asset', 'first_seen', 'status', 'epss', '-epss', 'cvss', '-cvss', '-priority', 'priority']) {
      expect((await c.it.get(url(A, `/findings?sort=${sort}`))).statusCode, sort).toBe(200);
    }
    expect((await get('?vulnId=cve-2018-13379')).items.map((f) => f.id)).toEqual([fgFinding]);
    const byVuln = (await c.auditor.get(url(A, '/by-vuln/CVE-2099-1000'))).json() as Page;
    expect(byVuln.items.map((f) => f.status)).toEqual(['fixed']);
  });

  it('answers the overview with known-exploited exposure first, new KEV entries and coverage', async () => {
    // A KEV entry listed last week, found on the reception PC.
    await env.deps.db
      .insertInto('kev_entries')
      .values({ cve_id: 'CVE-2099-0004', vendor_project: 'Test', product: 'Thing', name: 'Test Thing RCE', date_added: '2026-03-25', short_description: 'x', required_action: 'patch', due_date: '2026-04-15', ransomware: 0, notes: null, cwes: '[]', catalog_version: null, feed_import_id: null })
      .execute();
    const o = (await c.exec.get(url(A, '/overview'))).json() as VulnOverviewDto;
    expect(o.active.kev).toBe(2);
    expect(o.active.kevExposed).toBe(1);
    expect(o.active.ransomware).toBe(1);
    expect(o.active.overdue).toBe(1);
    expect(o.kevAssets[0]).toMatchObject({ asset: { id: asset.fg }, internetFacing: true, kevCount: 1, ransomwareCount: 1 });
    expect(o.kevAssets.map((k) => k.asset.id)).toEqual([asset.fg, asset.pc]);
    expect(o.newKev).toEqual([{ vuln: expect.objectContaining({ id: 'CVE-2099-0004', kev: true, title: 'Test Thing RCE', kevDateAdded: '2026-03-25' }), assetCount: 1 }]);
    expect(o.coverage).toEqual({ assets: 3, identified: 1, withVersion: 1, percent: 33.3 });
    expect(o.feedsStale).toBe(true);
    expect((await c.it.get(url(A, '/findings?kevAddedSince=2026-03-02'))).json()).toMatchObject({ total: 1 });
    await env.deps.db.deleteFrom('kev_entries').where('cve_id', '=', 'CVE-2099-0004').execute();
  });

  it('lists coverage gaps and the vulnerability section of an asset', async () => {
    const cov = (await c.it.get(url(A, '/coverage'))).json() as { items: { asset: { id: string }; gap: string }[]; total: number; coverage: { percent: number } };
    expect(cov.items.map((i) => i.asset.id).sort()).toEqual([asset.pc, asset.srv].sort());
    expect(cov.items.every((i) => i.gap === 'none')).toBe(true);
    expect(((await c.it.get(url(A, '/coverage?q=受付'))).json() as { total: number }).total).toBe(1);
    const av = (await c.it.get(url(A, `/assets/${asset.fg}`))).json() as { identities: { cpe: string }[]; findings: FindingDto[] };
    expect(av.identities[0]!.cpe).toContain('fortinet:fortios:6.0.4');
    expect(av.findings.map((f) => f.id)).toEqual([fgFinding]);
    expect((await c.itB.get(url(A, `/assets/${asset.fg}`))).statusCode).toBe(404);
    expect((await c.it.get(url(A, `/assets/${asset.b}`))).statusCode).toBe(404);
  });

  it('explains a match, suggests CPEs and rescans (triage only)', async () => {
    const ex = await c.auditor.get(url(A, `/explain?assetId=${asset.fg}&vulnId=CVE-2018-13379`));
    expect(ex.statusCode).toBe(200);
    expect(ex.json()).toMatchObject({ affected: true, confidence: 'exact' });
    const sug = await c.it.get(url(A, '/cpe-suggestions?q=fortios'));
    expect(sug.statusCode).toBe(200);
    expect((sug.json() as { items: { cpe: string }[] }).items.some((i) => i.cpe.includes('fortinet:fortios'))).toBe(true);
    expect((await c.auditor.post(url(A, '/rescan'))).statusCode).toBe(403);
    const rescan = await c.it.post(url(A, '/rescan'));
    expect(rescan.statusCode).toBe(200);
    expect(rescan.json()).toMatchObject({ assets: 3, created: 0 });
  });

  it('shows a vulnerability record to anyone signed in', async () => {
    const res = await c.staff.get('/api/v1/vulns/cve-2018-13379');
    expect(res.statusCode).toBe(200);
    const v = res.json() as VulnDetailDto;
    expect(v).toMatchObject({ id: 'CVE-2018-13379', kev: true, unanalysed: false, kevInfo: { dateAdded: '2021-11-03', ransomware: true } });
    expect(v.criteria.some((r) => r.criteria.includes('fortinet:fortios'))).toBe(true);
    expect((await c.staff.get('/api/v1/vulns/CVE-1999-0001')).statusCode).toBe(404);
    expect((await c.staff.get('/api/v1/vulns/not-a-cve')).statusCode).toBe(400);
  });
});
