import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrameworkDefinition } from '../../../../shared/assessments/framework.ts';
import { reasonText, RULE_DESCRIPTION_TEXT, RULE_REASON_TEXT } from '../../../../shared/assessments/reasons.ts';
import type { ReasonText, Suggestion } from '../../../../shared/assessments/types.ts';
import { ZConnectionCreate } from '../../../../shared/contracts/connections.contract.ts';
import { ZVendorCreate, ZVendorDocumentCreate } from '../../../../shared/contracts/vendors.contract.ts';
import type { TAssetCreate } from '../../../../shared/contracts/ledger.contract.ts';
import type { Database } from '../../../db/schema.ts';
import { newId } from '../../../lib/ids.ts';
import { createTestEnv, DIALECTS, makeFacility, makeUser, SYSTEM, type TestEnv } from '../../../testing/harness.ts';
import { insertConnectionTx, type LifecycleValues } from '../../connections/index.ts';
import { insertFacilityTx, insertGroupTx } from '../../facilities/index.ts';
import { createLedgerReview, insertAssetTx, insertFlowTx, insertSegmentTx } from '../../ledger/index.ts';
import { insertUserTx } from '../../users/index.ts';
import { insertDocumentTx, insertVendorTx } from '../../vendors/index.ts';
import { insertTestFinding } from '../../vulns/test-support.ts';
import { BUILTIN_RULE_IDS, evaluateFramework, findRule, registeredRuleIds, registerRule } from './index.ts';

/** One framework with an item per rule (and scope), plus items without a rule or with a rule not registered. */
const FRAMEWORK = FrameworkDefinition.parse({
  id: 'rules-test',
  version: 'v1',
  title: { ja: 'ルールの試験', en: 'Rules test' },
  publisher: { ja: '試験', en: 'Test' },
  sections: [
    {
      id: 's',
      title: { ja: '全項目', en: 'All' },
      items: [
        { id: 'inventory', number: '1', text: { ja: '台帳', en: 'Ledger' }, rule: 'ledger.inventory', verified: true },
        { id: 'segments', number: '2', text: { ja: '接続元制限', en: 'Source restriction' }, scope: 'network', rule: 'ledger.segments', verified: true },
        { id: 'remote', number: '3', text: { ja: 'リモート保守', en: 'Remote maintenance' }, rule: 'connections.vendor_confirmed', verified: true },
        { id: 'mfa', number: '4', text: { ja: '多要素認証', en: 'MFA' }, rule: 'connections.mfa', verified: true },
        { id: 'credentials', number: '5', text: { ja: 'パスワード', en: 'Passwords' }, rule: 'connections.credentials', verified: true },
        { id: 'mds', number: '6', text: { ja: 'MDS/SDS', en: 'MDS/SDS' }, rule: 'vendors.mds_sds', verified: true },
        { id: 'patch-network', number: '7a', text: { ja: 'パッチ(NW)', en: 'Patches (network)' }, scope: 'network', rule: 'vulns.patches', verified: true },
        { id: 'patch-server', number: '7b', text: { ja: 'パッチ(サーバ)', en: 'Patches (servers)' }, scope: 'server', rule: 'vulns.patches', verified: true },
        { id: 'patch-pc', number: '7c', text: { ja: 'パッチ(端末)', en: 'Patches (PCs)' }, scope: 'pc', rule: 'vulns.patches', verified: true },
        { id: 'patch-all', number: '7d', text: { ja: 'パッチ(全般)', en: 'Patches (all)' }, scope: 'general', rule: 'vulns.patches', verified: true },
        { id: 'accounts', number: '8', text: { ja: '二要素認証', en: '2FA' }, rule: 'users.mfa', verified: true },
        // A rule a later module would register (resilience.rules.ts is tested in its own file).
        { id: 'backups', number: '9', text: { ja: 'バックアップ', en: 'Backups' }, rule: 'later.not_registered', verified: true },
        { id: 'plain', number: '10', text: { ja: '規則なし', en: 'No rule' }, verified: true },
      ],
    },
  ],
});

const byId = (id: string) => FRAMEWORK.sections[0]!.items.find((i) => i.id === id)!;
const single = (itemId: string): FrameworkDefinition => ({ ...FRAMEWORK, sections: [{ ...FRAMEWORK.sections[0]!, items: [byId(itemId)] }] });

/** Every reason any test saw, checked against the words table at the end. */
const emitted: ReasonText[] = [];

describe.each(DIALECTS)('assessment rules (%s)', (dialect) => {
  let env: TestEnv;
  let n = 0;
  /** Now: 2026-04-01 10:00 JST (the harness clock). */
  const NOW = new Date('2026-04-01T01:00:00Z');

  beforeAll(async () => {
    env = await createTestEnv(dialect);
  });
  afterAll(async () => {
    await env?.close();
  });

  const facility = async () => (await makeFacility(env, `R${++n}`)).id;
  const tx = <T>(fn: (trx: Kysely<Database>) => Promise<T>) => env.deps.db.transaction().execute(fn);
  const asset = (facilityId: string, body: Partial<TAssetCreate> & { name: string }) =>
    tx(async (trx) => (await insertAssetTx(env.deps, trx, SYSTEM, facilityId, { type: 'server', criticality: 3, ips: [], macs: [], tags: [], holdsPatientData: false, exposure: 'internal', ...body })).id);
  const vendor = (facilityId: string, name: string) => tx(async (trx) => (await insertVendorTx(env.deps, trx, SYSTEM, facilityId, ZVendorCreate.parse({ name }))).id);
  const connection = (facilityId: string, body: Record<string, unknown>, lifecycle: Partial<LifecycleValues> = { status: 'active', approvedOn: '2026-01-01', expiresOn: '2026-12-31', activatedOn: '2026-01-01' }) =>
    tx(async (trx) =>
      (
        await insertConnectionTx(
          env.deps,
          trx,
          SYSTEM,
          facilityId,
          ZConnectionCreate.parse({ name: `line-${++n}`, kind: 'ssl_vpn', auth: 'mfa', accountMode: 'named', credentialsRotatedOn: '2026-01-01', ...body }),
          { lifecycle },
        )
      ).id,
    );
  const evaluate = async (facilityId: string, itemId: string, now = NOW): Promise<Suggestion> => {
    const s = (await evaluateFramework(env.deps, facilityId, single(itemId), now)).get(itemId);
    expect(s, `suggestion for ${itemId}`).toBeDefined();
    emitted.push(...s!.reasons);
    return s!;
  };
  const keys = (s: Suggestion) => s.reasons.map((r) => r.key);
  const paramsOf = (s: Suggestion, key: string) => s.reasons.find((r) => r.key === key)?.params;

  it('registers every built-in rule, evaluates only items whose rule is registered, and never writes answers', async () => {
    expect(registeredRuleIds()).toEqual(expect.arrayContaining([...BUILTIN_RULE_IDS]));
    const f = await facility();
    const all = await evaluateFramework(env.deps, f, FRAMEWORK, NOW);
    expect([...all.keys()].sort()).toEqual(
      ['accounts', 'credentials', 'inventory', 'mds', 'mfa', 'patch-all', 'patch-network', 'patch-pc', 'patch-server', 'remote', 'segments'].sort(),
    );
    for (const s of all.values()) {
      expect(s.evaluatedAt).toBe(NOW.toISOString());
      expect(s.ruleId).toBe(byId(s.itemId).rule);
      emitted.push(...s.reasons);
    }
    const answers = await env.deps.db.selectFrom('assessment_answers').select('id').execute();
    expect(answers).toEqual([]);
  });

  it('shares each fact between the rules of one evaluation (each query runs once)', async () => {
    const f = await facility();
    const counted = new Map<string, number>();
    const db = new Proxy(env.deps.db, {
      get(target, prop) {
        const value: unknown = Reflect.get(target, prop, target);
        if (prop === 'selectFrom') {
          return (from: string) => {
            counted.set(from, (counted.get(from) ?? 0) + 1);
            return target.selectFrom(from as 'assets');
          };
        }
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const deps = { ...env.deps, db };
    await evaluateFramework(deps, f, single('remote'), NOW);
    const once = new Map(counted);
    counted.clear();
    // Three connection rules and two ledger rules over the same facts.
    const several = { ...FRAMEWORK, sections: [{ ...FRAMEWORK.sections[0]!, items: ['remote', 'mfa', 'credentials'].map(byId) }] };
    await evaluateFramework(deps, f, several, NOW);
    expect(counted.get('external_connections as c')).toBe(once.get('external_connections as c'));
    expect(counted.get('assets as a')).toBe(once.get('assets as a'));
  });

  it('leaves an item without a suggestion when its rule fails', async () => {
    registerRule({ id: 'test.fails', describeKey: 'test', evaluate: () => Promise.reject(new Error('broken')) });
    const def = FrameworkDefinition.parse({
      ...FRAMEWORK,
      sections: [{ id: 's', title: { ja: 'x', en: 'x' }, items: [{ id: 'broken', number: '1', text: { ja: 'x', en: 'x' }, rule: 'test.fails', verified: false }, byId('inventory')] }],
    });
    const r = await evaluateFramework(env.deps, await facility(), def, NOW);
    expect([...r.keys()]).toEqual(['inventory']);
  });

  describe('ledger.inventory (2(1))', () => {
    it('says no for an empty ledger, naming it and the missing review', async () => {
      const s = await evaluate(await facility(), 'inventory');
      expect(s.value).toBe('no');
      expect(keys(s)).toEqual(['inventory_empty', 'review_never']);
    });

    it('says yes with servers, PCs and network devices registered and a review within 12 months; no once the review is older', async () => {
      const f = await facility();
      await asset(f, { name: 'EMR DB', type: 'server' });
      await asset(f, { name: 'EMR AP', type: 'server' });
      await asset(f, { name: 'PC 1', type: 'client_pc' });
      await asset(f, { name: 'FW', type: 'firewall' });
      await asset(f, { name: 'VPN', type: 'vpn_gateway' });
      await asset(f, { name: 'deleted switch', type: 'network_device' }).then((id) => env.deps.db.updateTable('assets').set({ deleted_at: NOW.toISOString() }).where('id', '=', id).execute());
      await createLedgerReview(env.deps, SYSTEM, f, { reviewedOn: '2025-06-01' });
      await createLedgerReview(env.deps, SYSTEM, f, { reviewedOn: '2025-09-01', note: '年次点検' });
      const s = await evaluate(f, 'inventory');
      expect(s.value).toBe('yes');
      expect(keys(s)).toEqual(['inventory_counts', 'review_recent']);
      expect(paramsOf(s, 'inventory_counts')).toEqual({ servers: 2, pcs: 1, network: 2 });
      expect(paramsOf(s, 'review_recent')).toEqual({ date: '2025-09-01' });
      // A year and a day later the review no longer counts.
      const later = await evaluate(f, 'inventory', new Date('2026-09-02T01:00:00Z'));
      expect(later.value).toBe('no');
      expect(keys(later)).toEqual(['review_old', 'inventory_counts']);
      expect(paramsOf(later, 'review_old')).toEqual({ date: '2025-09-01' });
    });

    it('names each missing kind of equipment and a review never made', async () => {
      const f = await facility();
      await asset(f, { name: 'PACS', type: 'server' });
      await asset(f, { name: 'CT', type: 'medical_device' });
      const s = await evaluate(f, 'inventory');
      expect(s.value).toBe('no');
      expect(keys(s)).toEqual(['inventory_no_pcs', 'inventory_no_network', 'review_never', 'inventory_partial']);
      expect(paramsOf(s, 'inventory_partial')).toEqual({ servers: 1, pcs: 0, network: 0 });
    });
  });

  describe('ledger.segments (接続元制限)', () => {
    it('is unknown without segments', async () => {
      const s = await evaluate(await facility(), 'segments');
      expect(s.value).toBe('unknown');
      expect(keys(s)).toEqual(['segments_none']);
    });

    it('says no without allowed flows, and for an address outside its segment; yes once both are right', async () => {
      const f = await facility();
      const [emr, dept] = await tx(async (trx) => [
        (await insertSegmentTx(env.deps, trx, SYSTEM, f, { name: '電子カルテ系', purpose: 'emr', cidrs: ['10.10.0.0/16'] })).id,
        (await insertSegmentTx(env.deps, trx, SYSTEM, f, { name: '部門系', purpose: 'departmental', cidrs: ['10.20.0.0/16'] })).id,
      ]);
      await asset(f, { name: 'EMR', ips: ['10.10.0.5'], segmentId: emr });
      const noFlows = await evaluate(f, 'segments');
      expect(noFlows.value).toBe('no');
      expect(keys(noFlows)).toEqual(['segments_no_flows']);

      await tx((trx) => insertFlowTx(env.deps, trx, SYSTEM, f, { fromSegmentId: emr!, toSegmentId: dept! }));
      const ok = await evaluate(f, 'segments');
      expect(ok.value).toBe('yes');
      expect(paramsOf(ok, 'segments_ok')).toEqual({ segments: 2, flows: 1 });

      const moved = await asset(f, { name: 'PC 077', assetTag: 'PC-077', type: 'client_pc', ips: ['10.20.5.77'], segmentId: emr });
      const outside = await evaluate(f, 'segments');
      expect(outside.value).toBe('no');
      expect(keys(outside)).toEqual(['segments_outside', 'segments_ok']);
      expect(paramsOf(outside, 'segments_outside')).toEqual({ count: 1 });
      expect(outside.records).toEqual([{ type: 'asset', id: moved, label: 'PC 077 (PC-077)' }]);
    });
  });

  describe('connections.vendor_confirmed (2(2))', () => {
    it('is unknown when no connection and no vendor-line device is recorded', async () => {
      const s = await evaluate(await facility(), 'remote');
      expect(s.value).toBe('unknown');
      expect(keys(s)).toEqual(['connections_none']);
    });

    it('says yes when every live line has its vendor and a running approval (rejected and retired lines do not count)', async () => {
      const f = await facility();
      const v = await vendor(f, '電子カルテ株式会社');
      const router = await asset(f, { name: '保守ルータ', type: 'network_device', exposure: 'vendor_line' });
      await connection(f, { vendorId: v, entryAssetId: router });
      await connection(f, { vendorId: v }, { status: 'approved', approvedOn: '2026-03-01', expiresOn: '2027-02-28' });
      await connection(f, {}, { status: 'retired', activatedOn: '2010-04-01', retiredOn: '2020-03-31' });
      await connection(f, {}, { status: 'rejected' });
      const s = await evaluate(f, 'remote');
      expect(s.value).toBe('yes');
      expect(s.reasons).toEqual([{ key: 'connections_confirmed', params: { count: 2 } }]);
      expect(s.records).toEqual([]);
    });

    it('says no with each problem counted and the offending records', async () => {
      const f = await facility();
      const v = await vendor(f, 'PACS株式会社');
      const expired = await connection(f, { vendorId: v, lastUsedOn: '2026-03-20' }, { status: 'expired', approvedOn: '2024-04-01', expiresOn: '2025-03-31', activatedOn: '2024-04-01' });
      // Active, but the approval ran out yesterday and the expiry job has not run yet.
      const lapsed = await connection(f, { vendorId: v }, { status: 'active', approvedOn: '2025-04-01', expiresOn: '2026-03-31', activatedOn: '2025-04-01' });
      const noVendor = await connection(f, {});
      const requested = await connection(f, { vendorId: v }, { status: 'requested' });
      const hidden = await asset(f, { name: 'CT リモート監視ルータ', assetTag: 'NW-052', type: 'network_device', exposure: 'vendor_line' });
      const s = await evaluate(f, 'remote');
      expect(s.value).toBe('no');
      expect(s.reasons).toEqual([
        { key: 'connections_expired', params: { count: 2 } },
        { key: 'connections_used_after_expiry', params: { count: 1 } },
        { key: 'connections_no_vendor', params: { count: 1 } },
        { key: 'connections_pending', params: { count: 1 } },
        { key: 'connections_unrecorded_vendor_line', params: { count: 1 } },
      ]);
      expect(s.records.map((r) => `${r.type}:${r.id}`).sort()).toEqual(
        [`connection:${expired}`, `connection:${lapsed}`, `connection:${noVendor}`, `connection:${requested}`, `asset:${hidden}`].sort(),
      );
      expect(s.records.find((r) => r.id === hidden)!.label).toBe('CT リモート監視ルータ (NW-052)');
    });

    it('counts a vendor-line device named as a target of a live line as recorded', async () => {
      const f = await facility();
      const v = await vendor(f, 'CT株式会社');
      const ct = await asset(f, { name: 'CT', type: 'medical_device', exposure: 'vendor_line' });
      await connection(f, { vendorId: v, targetAssetIds: [ct] });
      expect((await evaluate(f, 'remote')).value).toBe('yes');
    });
  });

  describe('connections.mfa', () => {
    it('says yes when no line is reached from the internet', async () => {
      const f = await facility();
      await connection(f, { auth: 'password' });
      const s = await evaluate(f, 'mfa');
      expect(s.value).toBe('yes');
      expect(keys(s)).toEqual(['mfa_no_internet']);
    });

    it('says yes when every internet-facing line uses MFA, no when one does not (marked, or through an internet-facing entry device)', async () => {
      const f = await facility();
      await connection(f, { internetFacing: true, auth: 'mfa' });
      const ok = await evaluate(f, 'mfa');
      expect(ok.value).toBe('yes');
      expect(ok.reasons).toEqual([{ key: 'mfa_all', params: { count: 1 } }]);

      const fortigate = await asset(f, { name: 'FortiGate 60E', type: 'vpn_gateway', exposure: 'internet' });
      const viaEntry = await connection(f, { entryAssetId: fortigate, auth: 'password' });
      const marked = await connection(f, { internetFacing: true, auth: 'certificate' });
      const s = await evaluate(f, 'mfa');
      expect(s.value).toBe('no');
      expect(s.reasons).toEqual([{ key: 'mfa_missing', params: { count: 2 } }]);
      expect(s.records.map((r) => r.id).sort()).toEqual([viaEntry, marked].sort());
    });
  });

  describe('connections.credentials', () => {
    it('is unknown without live connections', async () => {
      const f = await facility();
      await connection(f, {}, { status: 'retired', activatedOn: '2010-04-01', retiredOn: '2020-03-31' });
      expect(keys(await evaluate(f, 'credentials'))).toEqual(['connections_none']);
    });

    it('says yes when every line changed its credentials within 12 months', async () => {
      const f = await facility();
      await connection(f, { credentialsRotatedOn: '2025-04-01' });
      await connection(f, { auth: 'certificate', credentialsRotatedOn: '2026-03-01' });
      const s = await evaluate(f, 'credentials');
      expect(s.value).toBe('yes');
      expect(s.reasons).toEqual([{ key: 'credentials_ok', params: { count: 2 } }]);
    });

    it('says no for a line without authentication, credentials older than 12 months, and no change date', async () => {
      const f = await facility();
      const noAuth = await connection(f, { auth: 'none', credentialsRotatedOn: null });
      const stale = await connection(f, { auth: 'password', accountMode: 'shared', credentialsRotatedOn: '2018-10-01' });
      const never = await connection(f, { auth: 'password', credentialsRotatedOn: null });
      await connection(f, { credentialsRotatedOn: '2026-02-01' });
      const s = await evaluate(f, 'credentials');
      expect(s.value).toBe('no');
      expect(s.reasons).toEqual([
        { key: 'credentials_no_auth', params: { count: 1 } },
        { key: 'credentials_stale', params: { count: 1 } },
        { key: 'credentials_never', params: { count: 1 } },
      ]);
      expect(s.records.map((r) => r.id)).toEqual([noAuth, stale, never]);
    });
  });

  describe('vendors.mds_sds (2(3))', () => {
    it('is unknown when no vendor supplies a system', async () => {
      const f = await facility();
      await vendor(f, '清掃会社');
      const s = await evaluate(f, 'mds');
      expect(s.value).toBe('unknown');
      expect(keys(s)).toEqual(['mds_no_suppliers']);
    });

    it('says yes when every supplying vendor has an MDS or SDS, no naming the vendors without one', async () => {
      const f = await facility();
      const maker = await vendor(f, 'CTメーカー');
      const service = await vendor(f, '電子カルテ株式会社');
      await vendor(f, '警備会社');
      await asset(f, { name: 'CT', type: 'medical_device', vendorId: maker });
      await connection(f, { vendorId: service });
      await tx((trx) => insertDocumentTx(env.deps, trx, SYSTEM, f, maker, ZVendorDocumentCreate.parse({ kind: 'mds', subject: 'CT', receivedOn: '2024-05-20' })));
      await tx((trx) => insertDocumentTx(env.deps, trx, SYSTEM, f, service, ZVendorDocumentCreate.parse({ kind: 'sds', subject: '電子カルテ', receivedOn: '2025-05-12' })));
      const ok = await evaluate(f, 'mds');
      expect(ok.value).toBe('yes');
      expect(ok.reasons).toEqual([{ key: 'mds_all', params: { count: 2 } }]);

      const pacs = await vendor(f, 'PACS株式会社');
      await asset(f, { name: 'PACS', type: 'server', vendorId: pacs });
      const s = await evaluate(f, 'mds');
      expect(s.value).toBe('no');
      expect(s.reasons).toEqual([{ key: 'mds_missing', params: { count: 1 } }]);
      expect(s.records).toEqual([{ type: 'vendor', id: pacs, label: 'PACS株式会社' }]);
    });
  });

  describe('vulns.patches', () => {
    const kev = async (cve: string) =>
      env.deps.db
        .insertInto('kev_entries')
        .values({ cve_id: cve, vendor_project: 'Fortinet', product: 'FortiOS', name: cve, date_added: '2021-11-03', short_description: '-', required_action: '-', due_date: '2022-05-03', ransomware: 1, notes: null, cwes: '[]', catalog_version: null, feed_import_id: null })
        .execute();
    const feedImport = (source: string) =>
      env.deps.db
        .insertInto('feed_imports')
        .values({ id: newId(), source, format: 'test', origin: 'file', file_name: `${source}.json`, sha256: null, size: null, status: 'succeeded', records: 1, inserted: 1, updated: 0, criteria: 0, progress_bytes: 0, watermark: null, error: null, actor: 'test', started_at: NOW.toISOString(), finished_at: NOW.toISOString() })
        .execute();

    it('is unknown before the vulnerability feeds were imported, then judges known-exploited findings by scope and deadline', async () => {
      const f = await facility();
      const fg = await asset(f, { name: 'FortiGate 60E', type: 'vpn_gateway' });
      const sv = await asset(f, { name: 'PACS サーバ', type: 'server' });
      await kev('CVE-2018-13379');
      await kev('CVE-2019-0708');
      const overdue = await insertTestFinding(env, f, fg, 'CVE-2018-13379', { due_on: '2026-03-20', due_rule: 'kev_exposed' });
      await insertTestFinding(env, f, sv, 'CVE-2019-0708', { due_on: '2026-04-14', due_rule: 'kev' });
      // Not known-exploited, or no longer active: never counted.
      await insertTestFinding(env, f, sv, 'CVE-2020-0001', { due_on: '2025-01-01' });
      await insertTestFinding(env, f, fg, 'CVE-2019-0708', { due_on: '2025-01-01', status: 'fixed' });

      expect(keys(await evaluate(f, 'patch-network'))).toEqual(['patches_no_feeds']);
      await feedImport('kev');
      expect((await evaluate(f, 'patch-network')).value).toBe('unknown');
      await feedImport('nvd');

      const network = await evaluate(f, 'patch-network');
      expect(network.value).toBe('no');
      expect(network.reasons).toEqual([{ key: 'patches_kev_overdue', params: { count: 1, assets: 1, asset: 'FortiGate 60E', cve: 'CVE-2018-13379', dueOn: '2026-03-20' } }]);
      expect(network.records).toEqual([{ type: 'finding', id: overdue, label: 'FortiGate 60E CVE-2018-13379' }]);

      const server = await evaluate(f, 'patch-server');
      expect(server.value).toBe('yes');
      expect(server.reasons).toEqual([
        { key: 'patches_ok', params: { assets: 1 } },
        { key: 'patches_kev_within_due', params: { count: 1 } },
      ]);

      const all = await evaluate(f, 'patch-all');
      expect(all.value).toBe('no');
      expect(paramsOf(all, 'patches_kev_overdue')).toMatchObject({ count: 1, assets: 1 });
      expect(keys(all)).toEqual(['patches_kev_overdue', 'patches_kev_within_due']);

      // No client PC in the ledger: nothing to judge.
      const pc = await evaluate(f, 'patch-pc');
      expect(pc.value).toBe('unknown');
      expect(keys(pc)).toEqual(['patches_no_assets']);
    });
  });

  describe('users.mfa (supporting fact)', () => {
    it('is unknown without privileged accounts, no while one lacks 2FA, and stays unknown when all have it', async () => {
      const f = await facility();
      await makeUser(env, `staff-${n}@r.jp`, [{ role: 'staff', facilityId: f }]);
      expect(keys(await evaluate(f, 'accounts'))).toEqual(['accounts_none']);

      const sm = await makeUser(env, `sm-${n}@r.jp`, [{ role: 'security_manager', facilityId: f }]);
      const it_ = await makeUser(env, `it-${n}@r.jp`, [{ role: 'it_staff', facilityId: f }]);
      // A group administrator over the facility counts; a disabled account does not.
      const { groupAdmin } = await tx(async (trx) => {
        const other = await insertFacilityTx(env.deps, trx, SYSTEM, { code: `G${n}`, name: '別病院', kind: 'hospital', beds: null, prefecture: null, medicalInstitutionCode: null });
        const group = await insertGroupTx(env.deps, trx, SYSTEM, { code: `GRP${n}`, name: '法人', kind: 'corporation' }, [f, other.id]);
        const u = await insertUserTx(env.deps, trx, SYSTEM, { email: `ga-${n}@r.jp`, displayName: 'ga', password: 'Hosp1tal!Secure', locale: 'ja', isAdmin: false, roles: [], groupAdminOf: [group.id] });
        return { groupAdmin: u.id };
      });
      const disabled = await makeUser(env, `old-${n}@r.jp`, [{ role: 'executive', facilityId: f }]);
      await env.deps.db.updateTable('users').set({ disabled: 1 }).where('id', '=', disabled.id).execute();

      const s = await evaluate(f, 'accounts');
      expect(s.value).toBe('no');
      expect(s.reasons).toEqual([{ key: 'accounts_mfa_missing', params: { count: 3 } }]);

      await env.deps.db.updateTable('users').set({ mfa_enabled: 1 }).where('id', 'in', [sm.id, it_.id, groupAdmin]).execute();
      const all = await evaluate(f, 'accounts');
      expect(all.value).toBe('unknown');
      expect(all.reasons).toEqual([{ key: 'accounts_mfa_all', params: { count: 3 } }]);
    });
  });
});

describe('rule reasons', () => {
  const rulesDir = path.dirname(fileURLToPath(import.meta.url));

  it('every reason key the rules name has words, with the parameters the texts expect', () => {
    const named = new Set<string>();
    for (const file of readdirSync(rulesDir).filter((f) => f.endsWith('.rules.ts'))) {
      for (const m of readFileSync(path.join(rulesDir, file), 'utf8').matchAll(/reason\('([a-z0-9_]+)'/g)) named.add(m[1]!);
    }
    expect(named.size).toBeGreaterThan(20);
    for (const key of named) expect(reasonText(key), key).toBeDefined();
    // Every key of the table is emitted by some rule (no dead words).
    expect(Object.keys(RULE_REASON_TEXT).filter((k) => !named.has(k))).toEqual([]);
  });

  it('every built-in rule has a one-line description in both languages', () => {
    for (const id of BUILTIN_RULE_IDS) {
      const words = RULE_DESCRIPTION_TEXT[findRule(id)!.describeKey];
      expect(words?.ja, id).toBeTruthy();
      expect(words?.en, id).toBeTruthy();
    }
  });

  it('every reason emitted in the tests renders without a leftover placeholder', () => {
    expect(emitted.length).toBeGreaterThan(0);
    for (const r of emitted) {
      const words = reasonText(r.key)!;
      for (const lang of ['ja', 'en'] as const) {
        const needed = [...words[lang].matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]!);
        for (const p of needed) expect(r.params?.[p], `${r.key}.${p}`).toBeDefined();
      }
    }
  });
});
