import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TConnection, TConnectionDetail, TConnectionPage, TConnectionSummary } from '../../shared/contracts/connections.contract.ts';
import type { TFacility } from '../../shared/contracts/facilities.contract.ts';
import type { TAsset, TAssetPage } from '../../shared/contracts/ledger.contract.ts';
import type { TVendorDetail, TVendorPage } from '../../shared/contracts/vendors.contract.ts';
import type { ConnectionFlag } from '../../shared/connections.ts';
import type { VendorFlag } from '../../shared/vendors.ts';
import { verifyChain } from '../audit/audit.chain.ts';
import { iterateChain } from '../audit/audit.repository.ts';
import { cliCaller } from '../context.ts';
import { expireConnections } from '../modules/connections/index.ts';
import { buildTestApp, createTestEnv, DIALECTS, TEST_PASSWORD, TestClient, type TestEnv } from '../testing/harness.ts';
import { DEMO_CONNECTION_NAMES } from './connections.demo.ts';
import { DEMO_FACILITY, loadDemo } from './demo.ts';
import { DEMO_LEDGER_ASSET_COUNT } from './ledger.demo.ts';
import { DEMO_VENDOR_NAMES, DEMO_VENDOR_USER_EMAIL, EMR_VENDOR, PACS_VENDOR } from './vendors.demo.ts';
import { DEMO_CONTACT_ROLES } from './contacts.demo.ts';
import { contactChartOf } from '../modules/incidents/index.ts';
import { DEMO_ACTION_ITEM, DEMO_ASSESSMENT, DEMO_CONTRADICTED_ITEMS, DEMO_VENDOR_ASSESSMENT } from './assessments.demo.ts';
import type { AssessmentDetailDto, AssessmentSummaryDto } from '../../shared/contracts/assessments.contract.ts';

type AssessmentList = { items: AssessmentSummaryDto[] };

/**
 * The demo hospital's vendors and external connections, loaded by `loadDemo` on real databases and read over HTTP
 * as IT staff and as the demo vendor user. The clock stands at 2026-12-01 (JST), after the regional network's approval ran out.
 */
describe.each(DIALECTS)('demo hospital: vendors and external connections (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let facility: TFacility;
  let it_: TestClient;
  let vendor: TestClient;
  let base: string;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    env.clock.set(new Date('2026-12-01T03:00:00Z'));
    const loaded = await loadDemo(env.deps, cliCaller('test:demo'), { password: TEST_PASSWORD });
    expect(loaded.facilityCode).toBe(DEMO_FACILITY.code);
    app = await buildTestApp(env);
    it_ = new TestClient(app, env);
    await it_.login('system@minato-hp.example.jp');
    vendor = new TestClient(app, env);
    await vendor.login(DEMO_VENDOR_USER_EMAIL);
    const facilities = (await it_.get('/api/v1/facilities')).json() as { items: TFacility[] };
    facility = facilities.items.find((f) => f.code === DEMO_FACILITY.code)!;
    base = `/api/v1/facilities/${facility.id}`;
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const vendorsOf = async (c: TestClient, query = '') => {
    const res = await c.get(`${base}/vendors?pageSize=500${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as TVendorPage).items;
  };
  const connectionsOf = async (c: TestClient, query = '') => {
    const res = await c.get(`${base}/connections?pageSize=500${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as TConnectionPage).items;
  };
  const assetsOf = async (c: TestClient) => {
    const res = await c.get(`${base}/assets?pageSize=500`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as TAssetPage;
  };
  const byName = <T extends { name: string }>(items: T[], name: string): T => {
    const found = items.find((i) => i.name === name);
    if (!found) throw new Error(`${name} is missing`);
    return found;
  };

  it('lists the thirteen vendors with the flags the sample data is made to show', async () => {
    const vendors = await vendorsOf(it_);
    expect(vendors.map((v) => v.name).sort()).toEqual([...DEMO_VENDOR_NAMES].sort());
    const flags = Object.fromEntries(vendors.map((v) => [v.name, v.flags]));
    expect(flags).toEqual({
      株式会社デンシカルテ: [],
      ミナトイメージング株式会社: ['contract_missing_clauses', 'no_mds_sds'],
      湾岸ネットワークサービス株式会社: ['no_mds_sds'],
      東和メディカル株式会社: [],
      株式会社みなとフードサービス: ['no_emergency_contact', 'contract_expired', 'no_mds_sds'],
      株式会社ラボシステム: ['contract_missing_clauses'],
      株式会社ファーマシステム: ['contract_missing_clauses', 'no_mds_sds'],
      さくら超音波株式会社: ['no_contract', 'no_mds_sds'],
      日本バイタル株式会社: ['contract_missing_clauses'],
      株式会社イジシステム: ['contract_missing_clauses'],
      リコージャパン: ['contract_missing_clauses', 'no_mds_sds'],
      光学メディカル株式会社: ['contract_missing_clauses'],
      港セキュリティ株式会社: ['no_emergency_contact', 'contract_missing_clauses', 'no_mds_sds'],
    } satisfies Record<string, VendorFlag[]>);
    // Only the catering contractor and the security company lack a 24-hour number.
    expect((await vendorsOf(it_, '&flag=no_emergency_contact')).map((v) => v.name).sort()).toEqual(['株式会社みなとフードサービス', '港セキュリティ株式会社']);
    const emr = byName(vendors, EMR_VENDOR);
    expect(emr.emergencyContact).toEqual({ name: '保守サポートセンター', phone: '045-012-3499' });
    expect(emr.connectionCount).toBe(2);
    // Japanese reading order (フリガナ) by default.
    expect(vendors[0]!.name).toBe('株式会社イジシステム');
  });

  it('gives the catering contractor an ended contract that states almost nothing, and the EMR vendor a complete one with its SDS', async () => {
    const vendors = await vendorsOf(it_);
    const catering = (await it_.get(`${base}/vendors/${byName(vendors, '株式会社みなとフードサービス').id}`)).json() as TVendorDetail;
    expect(catering.contacts.some((c) => c.emergency24h)).toBe(false);
    expect(catering.contracts).toHaveLength(1);
    expect(catering.contracts[0]).toMatchObject({ endsOn: '2025-03-31', autoRenew: false, clauses: ['data_handling'], flags: ['missing_clauses', 'expired'] });
    expect(catering.contracts[0]!.missingClauses).toHaveLength(11);

    const pacs = (await it_.get(`${base}/vendors/${byName(vendors, 'ミナトイメージング株式会社').id}`)).json() as TVendorDetail;
    expect(pacs.contracts[0]!.missingClauses).toEqual(expect.arrayContaining(['subcontract_approval', 'no_private_pc', 'id_password']));
    expect(pacs.documents).toEqual([]);

    const emr = (await it_.get(`${base}/vendors/${byName(vendors, EMR_VENDOR).id}`)).json() as TVendorDetail;
    expect(emr.contracts[0]).toMatchObject({ missingClauses: [], flags: [] });
    expect(emr.documents).toHaveLength(1);
    expect(emr.documents[0]).toMatchObject({ kind: 'sds', version: 'JAHIS/JIRA 開示書 Ver.4.0 書式', file: { fileName: 'SDS_MINATO-Karte_8.2.pdf', contentType: 'application/pdf' } });
    const file = await it_.get(`${base}/vendors/${emr.id}/documents/${emr.documents[0]!.id}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(file.rawPayload.subarray(-6).toString('latin1')).toBe('%%EOF\n');

    const towa = (await it_.get(`${base}/vendors/${byName(vendors, '東和メディカル株式会社').id}`)).json() as TVendorDetail;
    expect(towa.documents.map((d) => [d.kind, d.subject])).toEqual(
      expect.arrayContaining([
        ['mds', 'CT装置 TW-CT 64'],
        ['mds', 'MRI装置 TW-MR 1.5T'],
      ]),
    );
  });

  it('links every sample asset whose maintainer is a vendor to that vendor', async () => {
    const page = await assetsOf(it_);
    expect(page.total).toBe(DEMO_LEDGER_ASSET_COUNT);
    const names = new Set(DEMO_VENDOR_NAMES);
    const maintained = page.items.filter((a) => a.maintainer !== null && names.has(a.maintainer));
    expect(maintained.length).toBeGreaterThan(140);
    for (const a of page.items) expect(a.vendorName, a.assetTag ?? a.name).toBe(a.maintainer !== null && names.has(a.maintainer) ? a.maintainer : null);
    const vendors = await vendorsOf(it_);
    for (const v of vendors) expect(v.assetCount, v.name).toBe(maintained.filter((a) => a.maintainer === v.name).length);
  });

  it('registers the nine lines with their risk flags, statuses and history', async () => {
    const lines = await connectionsOf(it_);
    expect(lines.map((c) => c.name).sort()).toEqual([...DEMO_CONNECTION_NAMES].sort());
    const state = Object.fromEntries(lines.map((c) => [c.name, { status: c.status, flags: c.flags }]));
    expect(state).toEqual({
      // The entry device (FortiOS 6.0.4) carries CVE-2018-13379 from the bundled KEV/NVD feeds (vulns.demo.ts).
      '給食委託業者 SSL-VPN': { status: 'expired', flags: ['no_mfa_internet', 'shared_account', 'credentials_not_rotated', 'approval_expired_in_use', 'entry_device_eos', 'entry_device_kev'] },
      'PACS リモート保守(RDP)': { status: 'expired', flags: ['no_auth', 'shared_account', 'approval_expired_in_use'] },
      '電子カルテ リモート保守': { status: 'active', flags: [] },
      'CT・MRI リモート監視': { status: 'active', flags: [] },
      '旧PACS ISDN 保守回線': { status: 'retired', flags: [] },
      地域医療連携ネットワーク: { status: 'active', flags: ['approval_expired_in_use'] },
      '臨床検査システム 保守回線(IPsec)': { status: 'requested', flags: [] },
      '薬剤部門システム リモートサポート(TeamViewer)': { status: 'rejected', flags: [] },
      '電子カルテ 更新作業用 臨時接続': { status: 'requested', flags: [] },
    } satisfies Record<string, { status: TConnection['status']; flags: ConnectionFlag[] }>);

    const catering = byName(lines, '給食委託業者 SSL-VPN');
    expect(catering).toMatchObject({ vendorName: '株式会社みなとフードサービス', kind: 'ssl_vpn', auth: 'password', accountMode: 'shared', credentialsRotatedOn: '2018-10-01', approvedOn: '2024-04-01', expiresOn: '2025-03-31', logLocation: 'なし(装置内のみ)', segmentName: 'インターネット系' });
    expect(catering.entryAsset).toMatchObject({ name: '給食委託業者 VPN装置', exposure: 'internet', endOfSupport: '2022-03-29' });
    const emrLine = (await it_.get(`${base}/connections/${byName(lines, '電子カルテ リモート保守').id}`)).json() as TConnectionDetail;
    expect(emrLine).toMatchObject({ auth: 'mfa', accountMode: 'named', allowedDays: ['mon', 'tue', 'wed', 'thu', 'fri'], allowedFrom: '09:00', allowedTo: '18:00', expiresOn: '2027-03-31' });
    expect(emrLine.targets.map((t) => t.name).sort()).toEqual(['電子カルテ APサーバ1', '電子カルテ APサーバ2', '電子カルテ DBサーバ(主系)', '電子カルテ DBサーバ(待機系)']);

    // The rejected request: filed by IT staff, turned down by the security manager with the reason, both in the history.
    const rejected = (await it_.get(`${base}/connections/${byName(lines, '薬剤部門システム リモートサポート(TeamViewer)').id}`)).json() as TConnectionDetail;
    expect(rejected).toMatchObject({ requestedBy: 'system@minato-hp.example.jp', decidedBy: 'anzen@minato-hp.example.jp', decisionComment: '常時待ち受け型のリモートツールは院内規程で不可。保守回線(IPsec)での再申請を依頼' });
    expect(rejected.events.map((e) => [e.action, e.fromStatus, e.toStatus, e.actor])).toEqual([
      ['reject', 'requested', 'rejected', 'anzen@minato-hp.example.jp'],
      ['request', null, 'requested', 'system@minato-hp.example.jp'],
    ]);
    expect(byName(lines, '電子カルテ 更新作業用 臨時接続').requestedBy).toBe(DEMO_VENDOR_USER_EMAIL);

    const summary = (await it_.get(`${base}/connections/summary`)).json() as TConnectionSummary;
    expect(summary).toEqual({ requested: 2, active: 3, expired: 2, flagged: 3, expiringSoon: 0 });
  });

  it('shows the demo vendor user only デンシカルテ, its two lines and its assets', async () => {
    const vendors = await vendorsOf(vendor);
    expect(vendors.map((v) => v.name)).toEqual([EMR_VENDOR]);
    const lines = await connectionsOf(vendor);
    expect(lines.map((c) => c.name).sort()).toEqual(['電子カルテ リモート保守', '電子カルテ 更新作業用 臨時接続']);
    const summary = (await vendor.get(`${base}/connections/summary`)).json() as TConnectionSummary;
    expect(summary.requested).toBe(1);
    const assets = await assetsOf(vendor);
    const all = (await assetsOf(it_)).items;
    expect(assets.total).toBe(all.filter((a: TAsset) => a.vendorName === EMR_VENDOR).length);
    expect(new Set(assets.items.map((a) => a.vendorName))).toEqual(new Set([EMR_VENDOR]));
    // Someone else's line and vendor do not exist for them.
    const itLines = await connectionsOf(it_);
    expect((await vendor.get(`${base}/connections/${byName(itLines, 'PACS リモート保守(RDP)').id}`)).statusCode).toBe(404);
    const pacs = byName(await vendorsOf(it_), 'ミナトイメージング株式会社');
    expect((await vendor.get(`${base}/vendors/${pacs.id}`)).statusCode).toBe(404);
  });

  it('keeps the audit chain intact, and the expiry job then moves the line whose approval ran out', async () => {
    const chain = await verifyChain(iterateChain(env.deps.db));
    expect(chain.broken).toBeNull();
    expect(await expireConnections(env.deps)).toBe(1);
    const regional = byName(await connectionsOf(it_), '地域医療連携ネットワーク');
    expect(regional).toMatchObject({ status: 'expired', flags: ['approval_expired_in_use'] });
    expect(await expireConnections(env.deps)).toBe(0);
  });
});

/**
 * The demo hospital's 現状調査 (helper D, issue 5): a half-finished 令和7年度 hospital sheet whose answers the ledger
 * partly contradicts, its evidence, an action from a gap, the ledger review, and the EMR vendor's partly answered
 * 事業者確認用 — read over HTTP as IT staff and as the demo vendor user.
 */
describe.each(DIALECTS)('demo hospital: assessments (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let it_: TestClient;
  let vendor: TestClient;
  let base: string;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    env.clock.set(new Date('2026-12-01T03:00:00Z'));
    await loadDemo(env.deps, cliCaller('test:demo'), { password: TEST_PASSWORD });
    app = await buildTestApp(env);
    it_ = new TestClient(app, env);
    await it_.login('system@minato-hp.example.jp');
    vendor = new TestClient(app, env);
    await vendor.login(DEMO_VENDOR_USER_EMAIL);
    const facilities = (await it_.get('/api/v1/facilities')).json() as { items: TFacility[] };
    base = `/api/v1/facilities/${facilities.items.find((f) => f.code === DEMO_FACILITY.code)!.id}`;
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const json = async <T>(c: TestClient, url: string): Promise<T> => {
    const res = await c.get(url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as T;
  };

  it('has a half-finished 令和7年度 hospital sheet in progress, with answers the ledger contradicts', async () => {
    const list = await json<AssessmentList>(it_, `${base}/assessments`);
    const summary = list.items.find((a) => a.frameworkId === DEMO_ASSESSMENT.frameworkId && a.frameworkVersion === DEMO_ASSESSMENT.version && a.vendor === null);
    expect(summary, 'hospital sheet').toBeDefined();
    expect(summary!.status).toBe('in_progress');
    expect(summary!.fiscalYear).toBe(2025);
    const detail = await json<AssessmentDetailDto>(it_, `/api/v1/assessments/${summary!.id}`);
    const { items, answered, gaps } = detail.assessment.progress;
    expect(answered / items).toBeGreaterThan(0.4);
    expect(answered / items).toBeLessThan(0.75);
    expect(gaps).toBeGreaterThanOrEqual(3);

    const byItem = new Map(detail.items.map((i) => [i.itemId, i]));
    const disagreeing = detail.items.filter((i) => i.disagreement).map((i) => i.itemId);
    expect(disagreeing.length).toBeGreaterThanOrEqual(2);
    expect(disagreeing).toEqual(expect.arrayContaining([...DEMO_CONTRADICTED_ITEMS]));
    expect(detail.assessment.progress.disagreements).toBe(disagreeing.length);
    // The catering VPN and the PACS RDP line, and (on 2026-12-01) the regional network whose approval just ran out.
    expect(byItem.get('remote-maintenance')!.suggestion!.reasons[0]).toEqual({ key: 'connections_expired', params: { count: 3 } });
    expect(byItem.get('ledger')!.suggestion!.reasons.map((r) => r.key)).toContain('review_old');
    expect(byItem.get('mds-sds')!.suggestion!.records.map((r) => r.label)).toContain(PACS_VENDOR);

    // Every いいえ has its 目標日 within the fiscal year; every answer its 確認日 and 担当者.
    for (const i of detail.items.filter((x) => x.answer?.answer)) {
      expect(i.answer!.checkedOn, i.itemId).not.toBeNull();
      expect(i.answer!.responsible, i.itemId).not.toBeNull();
      if (i.answer!.answer === 'no') expect(i.answer!.targetOn! >= '2025-04-01' && i.answer!.targetOn! <= '2026-03-31', i.itemId).toBe(true);
    }
    // Evidence: a file with its SHA-256 and a record link; one action from a gap.
    const evidence = detail.items.flatMap((i) => i.evidence);
    expect(evidence.map((e) => e.kind).sort()).toEqual(['file', 'record']);
    expect(evidence.find((e) => e.kind === 'file')!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(byItem.get(DEMO_ACTION_ITEM)!.actions).toHaveLength(1);
  });

  it('recorded the last ledger review 14 months ago', async () => {
    const reviews = await json<{ items: { reviewedOn: string }[] }>(it_, `${base}/ledger-reviews`);
    expect(reviews.items.map((r) => r.reviewedOn)).toEqual(['2025-10-01']);
  });

  it('sent the EMR vendor its 事業者確認用, partly answered by the vendor user, who sees only that sheet', async () => {
    const mine = await json<AssessmentList>(vendor, `${base}/assessments`);
    expect(mine.items).toHaveLength(1);
    const sheet = mine.items[0]!;
    expect(sheet).toMatchObject({ frameworkId: DEMO_VENDOR_ASSESSMENT.frameworkId, frameworkVersion: DEMO_VENDOR_ASSESSMENT.version, status: 'in_progress', vendor: { name: EMR_VENDOR } });
    expect(sheet.progress.answered).toBeGreaterThan(0);
    expect(sheet.progress.answered).toBeLessThan(sheet.progress.items);
    const links = await env.deps.db.selectFrom('assessment_links').select(['recipient', 'revoked_at']).where('assessment_id', '=', sheet.id).execute();
    expect(links).toHaveLength(1);
    expect(links[0]!.revoked_at).toBeNull();
  });
});

describe.each(DIALECTS)('demo hospital: contact chart (%s)', (dialect) => {
  let env: TestEnv;
  let facilityId: string;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    env.clock.set(new Date('2026-12-01T03:00:00Z'));
    await loadDemo(env.deps, cliCaller('test:demo'), { password: TEST_PASSWORD });
    facilityId = (await env.deps.db.selectFrom('facilities').select('id').where('code', '=', DEMO_FACILITY.code).executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await env?.close();
  });

  it('calls 院長 → 安全管理責任者 → システム担当 (with a deputy) → 看護部長, and outside the vendors, MHLW, police, insurer and ISP', async () => {
    const chart = await contactChartOf(env.deps.db, facilityId);
    expect(chart.internal.map((e) => e.roleLabel)).toEqual([
      DEMO_CONTACT_ROLES.executive,
      DEMO_CONTACT_ROLES.securityManager,
      DEMO_CONTACT_ROLES.it,
      DEMO_CONTACT_ROLES.itDeputy,
      DEMO_CONTACT_ROLES.nursing,
    ]);
    expect(chart.internal.map((e) => e.position)).toEqual([1, 2, 3, 4, 5]);
    expect(chart.internal[1]).toMatchObject({ kind: 'security_manager', userName: '安全 花子' });
    expect(chart.internal[3]!.deputyForId).toBe(chart.internal[2]!.id);
    expect(chart.external.map((e) => e.kind)).toEqual(['vendor', 'vendor', 'mhlw', 'police', 'insurer', 'isp']);
    expect(chart.external.filter((e) => e.kind === 'vendor').map((e) => [e.vendorName, e.phone])).toEqual([
      [EMR_VENDOR, '045-012-3499'],
      [PACS_VENDOR, '03-0123-4599'],
    ]);
    expect(chart.external.find((e) => e.kind === 'mhlw')).toMatchObject({ phone: null, notes: expect.stringContaining('最新の連絡先を厚労省サイトで確認') });
    expect(chart.external.find((e) => e.kind === 'police')).toMatchObject({ phone: '045-000-0000', notes: expect.stringContaining('サンプルデータ') });
    // The other vendors that maintain equipment are left out on purpose: 3(1) says いいえ and the page suggests them.
    expect(chart.completeness.complete).toBe(false);
    expect(chart.completeness.reasons).toEqual([{ key: 'contacts_suppliers_missing', params: { count: chart.vendorSuggestions.length } }]);
    expect(chart.vendorSuggestions.length).toBeGreaterThan(3);
    expect(chart.vendorSuggestions.map((s) => s.vendorName)).not.toContain(EMR_VENDOR);
  });
});
