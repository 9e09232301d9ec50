import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZAssetCreate } from '../../../shared/contracts/ledger.contract.ts';
import type { Caller } from '../../context.ts';
import { cliCaller } from '../../context.ts';
import { createTestEnv, DIALECTS, makeFacility, makeUser, type TestEnv } from '../../testing/harness.ts';
import { createAsset, deleteAsset, updateAsset } from '../ledger/index.ts';
import { insertConnectionTx, listConnections } from '../connections/index.ts';
import { importFeedFiles } from '../feeds/index.ts';
import { activeFindings, explain, kevAssetIds, rematchFacility } from './index.ts';

/**
 * The matching engine end to end: real fixture feeds through the real importer, assets through the ledger
 * service (whose hook re-matches them in its transaction), findings read back from the database.
 */

const FIX = path.resolve(import.meta.dirname, '../../../../fixtures');
const ADMIN = cliCaller('test-admin');

function userCaller(userId: string, email: string, facilityId: string, role: 'it_staff' | 'security_manager'): Caller {
  return { actor: { userId, email, isAdmin: false, grants: [{ facilityId, role }], groupAdminFacilityIds: [], groupAdminGroupIds: [] }, ip: null, label: email };
}

const asset = (over: Record<string, unknown>) => ZAssetCreate.parse({ type: 'vpn_gateway', criticality: 3, ...over });

for (const dialect of DIALECTS) {
  describe(`vulnerability matching engine (${dialect})`, () => {
    let env: TestEnv;
    let F: string;
    let it_: Caller;
    const ids: Record<string, string> = {};

    const findings = () => env.deps.db.selectFrom('vuln_findings').selectAll().where('facility_id', '=', F).orderBy('vuln_id').orderBy('asset_id').execute();
    const findingOf = async (assetId: string, vulnId: string) =>
      env.deps.db.selectFrom('vuln_findings').selectAll().where('asset_id', '=', assetId).where('vuln_id', '=', vulnId).executeTakeFirst();
    const eventsOf = async (findingId: string) => env.deps.db.selectFrom('vuln_finding_events').selectAll().where('finding_id', '=', findingId).orderBy('at').orderBy('id').execute();
    const importFiles = (...files: string[]) => importFeedFiles(env.deps, ADMIN, files.map((f) => ({ path: path.join(FIX, f) })), { force: true });

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      const facility = await makeFacility(env, 'VM1');
      F = facility.id;
      const u = await makeUser(env, 'it@vm1.example.jp', [{ role: 'it_staff', facilityId: F }]);
      await makeUser(env, 'sm@vm1.example.jp', [{ role: 'security_manager', facilityId: F }]);
      it_ = userCaller(u.id, u.email, F, 'it_staff');
      // The 2020 (NVD 1.1) record of CVE-2018-13379 first: FortiOS 5.6.3–5.6.7 and 6.0.0–6.0.4.
      await importFiles('nvd11/CVE-2018-13379.nvd11.json', 'nvd2/CVE-2019-0708.json', 'nvd2/CVE-2017-0144.json');
      ids.fg = (await createAsset(env.deps, it_, F, asset({ name: '給食委託業者 VPN装置', assetTag: 'NW-061', vendor: 'Fortinet', product: 'FortiGate 60E', version: '6.0.4', exposure: 'internet' }))).id;
      ids.fgx = (await createAsset(env.deps, it_, F, asset({ name: '別館 FortiGate', assetTag: 'NW-062', vendor: 'Fortinet', product: 'FortiGate 40F', version: '6.0.x' }))).id;
      ids.fg54 = (await createAsset(env.deps, it_, F, asset({ name: '旧 FortiGate', assetTag: 'NW-063', vendor: 'Fortinet', product: 'FortiGate 60D', version: '5.4.6' }))).id;
      ids.ct = (await createAsset(env.deps, it_, F, asset({ name: 'CT装置', assetTag: 'MD-001', type: 'medical_device', vendor: 'メーカー', product: 'TW-CT 64', version: 'V4.2', os: 'Windows 7 Professional SP1', criticality: 1 }))).id;
      ids.lis = (await createAsset(env.deps, it_, F, asset({ name: '臨床検査システム', assetTag: 'APP-004', type: 'application', vendor: '株式会社ラボシステム', product: 'LabNavi', version: '3.0.5' }))).id;
    });
    afterAll(async () => env?.close());

    it('detects FortiOS 6.0.4 as an exact match with evidence, on creation through the ledger', async () => {
      const f = (await findingOf(ids.fg!, 'CVE-2018-13379'))!;
      expect(f).toMatchObject({ status: 'open', confidence: 'exact', auto_closed: 0, status_changed_by: 'it@vm1.example.jp' });
      const evidence = JSON.parse(f.evidence) as { criteria: string; identity: string; reason: string; range: string | null }[];
      expect(evidence[0]).toMatchObject({ criteria: 'cpe:2.3:o:fortinet:fortios:*:*:*:*:*:*:*:*', reason: 'version_in_range' });
      expect(evidence[0]!.identity).toContain('fortinet:fortios:6.0.4');
      expect(evidence[0]!.range).toContain('6.0.4');
      expect(await eventsOf(f.id)).toMatchObject([{ action: 'detected', to_status: 'open', actor: 'it@vm1.example.jp' }]);
    });

    it('treats 6.0.x as possible, and an asset without identity gets nothing', async () => {
      expect(await findingOf(ids.fgx!, 'CVE-2018-13379')).toMatchObject({ confidence: 'possible', status: 'open' });
      expect((await findings()).filter((f) => f.asset_id === ids.lis)).toEqual([]);
      // 5.4.x is outside the 2020 ranges.
      expect(await findingOf(ids.fg54!, 'CVE-2018-13379')).toBeUndefined();
      const summary = await rematchFacility(env.deps, it_, F);
      expect(summary).toMatchObject({ assets: 5, created: 0, closed: 0, reopened: 0 });
      expect(summary.identified).toBe(4);
    });

    it('finds the Windows 7 CT scanner in CVE-2019-0708', async () => {
      const f = await findingOf(ids.ct!, 'CVE-2019-0708');
      expect(f).toBeDefined();
      expect(f!.status).toBe('open');
    });

    it('closes a finding when the version moves out of range, recording who changed it, and reopens it when it comes back', async () => {
      env.clock.advance(60_000);
      await updateAsset(env.deps, it_, F, ids.fg!, { version: '6.0.18' });
      const closed = (await findingOf(ids.fg!, 'CVE-2018-13379'))!;
      expect(closed).toMatchObject({ status: 'fixed', auto_closed: 1, status_changed_by: 'it@vm1.example.jp' });
      const ev = await eventsOf(closed.id);
      expect(ev.at(-1)).toMatchObject({ action: 'auto_closed', from_status: 'open', to_status: 'fixed', actor: 'it@vm1.example.jp', comment: 'version 6.0.4 → 6.0.18' });
      expect(ev.at(-1)!.actor_user_id).not.toBeNull();

      env.clock.advance(60_000);
      await updateAsset(env.deps, it_, F, ids.fg!, { version: '6.0.4' });
      const reopened = (await findingOf(ids.fg!, 'CVE-2018-13379'))!;
      expect(reopened).toMatchObject({ id: closed.id, status: 'open', auto_closed: 0 });
      expect((await eventsOf(closed.id)).at(-1)).toMatchObject({ action: 'reopened', from_status: 'fixed', to_status: 'open' });
    });

    it('re-importing a changed CVE record re-matches only that CVE', async () => {
      const before = await findings();
      env.clock.advance(3_600_000);
      const r = await importFiles('nvd2/CVE-2018-13379.json');
      expect(r.outcome.changedVulnIds).toEqual(['CVE-2018-13379']);
      // The 2025 record adds 5.4.6–<5.4.13.
      expect(await findingOf(ids.fg54!, 'CVE-2018-13379')).toMatchObject({ status: 'open', confidence: 'exact', status_changed_by: 'system' });
      const after = await findings();
      for (const b of before.filter((f) => f.vuln_id !== 'CVE-2018-13379')) {
        const a = after.find((x) => x.id === b.id)!;
        expect(a.updated_at).toBe(b.updated_at);
        expect(a.last_seen_at).toBe(b.last_seen_at);
      }
    });

    it('a KEV import raises the priority and shortens the deadline; entry devices get the KEV flag', async () => {
      const before = (await findingOf(ids.fg!, 'CVE-2018-13379'))!;
      expect(before.due_rule).not.toBe('kev_exposed');
      expect(await kevAssetIds(env.deps, F, [ids.fg!, ids.ct!, ids.lis!])).toEqual(new Set());
      await importFiles('kev/known_exploited_vulnerabilities.json');
      const after = (await findingOf(ids.fg!, 'CVE-2018-13379'))!;
      expect(after.priority).toBeGreaterThan(before.priority);
      expect(after.due_rule).toBe('kev_exposed');
      expect(after.due_on < before.due_on).toBe(true);
      expect(JSON.parse(after.priority_factors)).toMatchObject({ kev: true, ransomware: true, internetFacing: true });
      const kev = await kevAssetIds(env.deps, F, [ids.fg!, ids.ct!, ids.lis!]);
      expect(kev.has(ids.fg!)).toBe(true);
      expect(kev.has(ids.lis!)).toBe(false);
      // Security managers hear of each finding that became known-exploited once: named one by one, or, when more
      // than three come at a time, as one notification with the count.
      const notes = await env.deps.db.selectFrom('notifications').selectAll().where('facility_id', '=', F).where('kind', '=', 'vuln.new_kev').execute();
      const nowKev = (await findings()).filter((f) => ['open', 'in_progress'].includes(f.status) && (JSON.parse(f.priority_factors) as { kev: boolean }).kev);
      expect(nowKev.length).toBeGreaterThan(0);
      const told = new Map<string, number>();
      for (const n of notes) {
        const p = JSON.parse(n.params) as { count?: number };
        if (n.dedupe_key.startsWith('new_kev:batch:')) {
          expect(n.link).toBe('/vulns/findings?kev=1');
          told.set(n.user_id, (told.get(n.user_id) ?? 0) + p.count!);
        } else {
          expect(nowKev.map((f) => `new_kev:${f.id}`)).toContain(n.dedupe_key);
          told.set(n.user_id, (told.get(n.user_id) ?? 0) + 1);
        }
      }
      expect(told.size).toBeGreaterThan(0);
      // This import brings more than three at once (the FortiGates and the Windows 7 CT), so they come as a batch.
      expect(nowKev.length).toBeGreaterThan(3);
      expect(notes.every((n) => n.dedupe_key.startsWith('new_kev:batch:'))).toBe(true);
      for (const c of told.values()) expect(c).toBe(nowKev.length);
      // One new known-exploited finding (a FortiGate added to the ledger) is named on its own.
      const added = (await createAsset(env.deps, it_, F, asset({ name: '救急棟 FortiGate', assetTag: 'NW-064', vendor: 'Fortinet', product: 'FortiGate 60E', version: '6.0.4' }))).id;
      const single = (await findingOf(added, 'CVE-2018-13379'))!;
      expect(single).toMatchObject({ status: 'open', confidence: 'exact' });
      const named = await env.deps.db.selectFrom('notifications').selectAll().where('dedupe_key', '=', `new_kev:${single.id}`).execute();
      expect(named.length).toBeGreaterThan(0);
      expect(JSON.parse(named[0]!.params)).toEqual({ vulnId: 'CVE-2018-13379', assetName: '救急棟 FortiGate' });
      await deleteAsset(env.deps, it_, F, added);

      // The connection list shows the flag on a line whose entry device is the FortiGate.
      await env.deps.db.transaction().execute((trx) =>
        insertConnectionTx(env.deps, trx, ADMIN, F, { name: '給食委託 VPN', kind: 'ssl_vpn', entryAssetId: ids.fg!, auth: 'password', accountMode: 'shared', internetFacing: true } as never, {
          lifecycle: { status: 'active', approvedOn: '2026-01-01', expiresOn: '2027-01-01', activatedOn: '2026-01-02' },
        }),
      );
      const page = await listConnections(env.deps, ADMIN, F, { page: 1, pageSize: 50, sort: 'name' } as never);
      expect(page.items[0]!.flags).toContain('entry_device_kev');
    });

    it('a live connection makes its target vendor-reachable', async () => {
      await env.deps.db.transaction().execute((trx) =>
        insertConnectionTx(env.deps, trx, ADMIN, F, { name: 'CT 保守回線', kind: 'ssl_vpn', targetAssetIds: [ids.ct!], auth: 'password', accountMode: 'individual' } as never, {
          lifecycle: { status: 'active', approvedOn: '2026-01-01', expiresOn: '2027-01-01', activatedOn: '2026-01-02' },
        }),
      );
      const f = (await findingOf(ids.ct!, 'CVE-2019-0708'))!;
      expect(JSON.parse(f.priority_factors)).toMatchObject({ vendorReachable: true, kev: true });
      expect(f.due_rule).toBe('kev_exposed');
    });

    it('explains a match and a non-match', async () => {
      const yes = await explain(env.deps, it_, F, 'NW-061', 'cve-2018-13379');
      expect(yes).toMatchObject({ vulnId: 'CVE-2018-13379', affected: true, confidence: 'exact' });
      expect(yes.identities.map((i) => i.cpe).join(' ')).toContain('fortinet:fortios:6.0.4');
      expect(yes.evidence.length).toBeGreaterThan(0);
      const no = await explain(env.deps, it_, F, 'NW-061', 'CVE-2019-0708');
      expect(no.affected).toBe(false);
      expect(no.reasons.length).toBeGreaterThan(0);
      const none = await explain(env.deps, it_, F, 'APP-004', 'CVE-2018-13379');
      expect(none).toMatchObject({ affected: false, reasons: [{ reason: 'no_identity' }] });
      const unknown = await explain(env.deps, it_, F, ids.fg!, 'CVE-2099-0001');
      expect(unknown).toMatchObject({ affected: false, reasons: [{ reason: 'no_definition' }] });
    });

    it('lists active findings by priority; deleting an asset closes its findings', async () => {
      const rows = await activeFindings(env.deps, it_, F);
      // Known-exploited, ransomware-used, on exposed devices first: the internet-facing FortiGate, then the care-critical CT behind a vendor line.
      expect(rows[0]).toMatchObject({ asset: '給食委託業者 VPN装置', cve: 'CVE-2018-13379', kev: true, ransomware: true, facility: 'VM1', status: 'open' });
      expect(rows[1]).toMatchObject({ asset: 'CT装置', cve: 'CVE-2019-0708', kev: true });
      for (let i = 1; i < rows.length; i++) expect(rows[i - 1]!.priority).toBeGreaterThanOrEqual(rows[i]!.priority);
      await deleteAsset(env.deps, it_, F, ids.fgx!);
      const f = (await findingOf(ids.fgx!, 'CVE-2018-13379'))!;
      expect(f).toMatchObject({ status: 'fixed', auto_closed: 1 });
      expect((await eventsOf(f.id)).at(-1)).toMatchObject({ action: 'auto_closed', comment: 'asset deleted' });
    });

    it('refuses callers without the permission, and other facilities', async () => {
      const other = await makeFacility(env, 'VM2');
      await expect(rematchFacility(env.deps, it_, other.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const staff = await makeUser(env, 'staff@vm1.example.jp', [{ role: 'staff', facilityId: F }]);
      const staffCaller: Caller = { actor: { userId: staff.id, email: staff.email, isAdmin: false, grants: [{ facilityId: F, role: 'staff' }], groupAdminFacilityIds: [], groupAdminGroupIds: [] }, ip: null, label: staff.email };
      await expect(explain(env.deps, staffCaller, F, 'NW-061', 'CVE-2018-13379')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });
  });
}
