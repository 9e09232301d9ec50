import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZAssetCreate } from '../../../shared/contracts/ledger.contract.ts';
import type { Caller } from '../../context.ts';
import { cliCaller } from '../../context.ts';
import { createTestEnv, DIALECTS, makeFacility, makeUser, type TestEnv } from '../../testing/harness.ts';
import { createAsset } from '../ledger/index.ts';
import { importFeedFiles } from '../feeds/index.ts';
import { explain, rematchFacility } from './index.ts';

/**
 * The KEV text fallback end to end: a known-exploited CVE NVD has not analysed (no NVD record at all) matches
 * assets by the KEV entry's vendor and product; when NVD publishes configurations they decide.
 */

const ADMIN = cliCaller('test-admin');
const CVE = 'CVE-2024-21762';

// The KEV entry as CISA published it (catalogue shape of fixtures/kev), alone in a small catalogue.
const KEV_CATALOGUE = {
  title: 'CISA Catalog of Known Exploited Vulnerabilities',
  catalogVersion: '2024.02.09',
  dateReleased: '2024-02-09T19:00:00.0000Z',
  count: 1,
  vulnerabilities: [
    {
      cveID: CVE,
      vendorProject: 'Fortinet',
      product: 'FortiOS',
      vulnerabilityName: 'Fortinet FortiOS Out-of-Bound Write Vulnerability',
      dateAdded: '2024-02-09',
      shortDescription: 'Fortinet FortiOS contains an out-of-bound write vulnerability that allows a remote unauthenticated attacker to execute code or commands via specially crafted HTTP requests.',
      requiredAction: 'Apply mitigations per vendor instructions or discontinue use of the product if mitigations are unavailable.',
      dueDate: '2024-02-16',
      knownRansomwareCampaignUse: 'Unknown',
      notes: 'https://fortiguard.com/psirt/FG-IR-24-015',
      cwes: ['CWE-787'],
    },
  ],
};

/** An NVD 2.0 record of the CVE whose only range (7.4.0 ≤ v < 7.4.3) leaves FortiOS 7.0.12 out. */
const NVD_RECORD = {
  id: CVE,
  sourceIdentifier: 'psirt@fortinet.com',
  published: '2024-02-09T09:15:08.087',
  lastModified: '2024-02-13T18:21:14.607',
  vulnStatus: 'Analyzed',
  cveTags: [],
  descriptions: [{ lang: 'en', value: 'A out-of-bounds write in Fortinet FortiOS allows attacker to execute unauthorized code or commands via specifically crafted requests' }],
  metrics: {
    cvssMetricV31: [
      {
        source: 'nvd@nist.gov',
        type: 'Primary',
        cvssData: { version: '3.1', vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 9.8, baseSeverity: 'CRITICAL' },
        exploitabilityScore: 3.9,
        impactScore: 5.9,
      },
    ],
  },
  weaknesses: [],
  configurations: [
    {
      nodes: [
        {
          operator: 'OR',
          negate: false,
          cpeMatch: [{ vulnerable: true, criteria: 'cpe:2.3:o:fortinet:fortios:*:*:*:*:*:*:*:*', versionStartIncluding: '7.4.0', versionEndExcluding: '7.4.3', matchCriteriaId: 'E5E1D4B4-4C54-4A4A-9B55-000000000001' }],
        },
      ],
    },
  ],
  references: [],
};

function userCaller(userId: string, email: string, facilityId: string): Caller {
  return { actor: { userId, email, isAdmin: false, grants: [{ facilityId, role: 'it_staff' }], groupAdminFacilityIds: [], groupAdminGroupIds: [] }, ip: null, label: email };
}

const asset = (over: Record<string, unknown>) => ZAssetCreate.parse({ type: 'vpn_gateway', criticality: 2, ...over });

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mamori-kev-fallback-'));
  fs.writeFileSync(path.join(tmp, 'known_exploited_vulnerabilities.json'), JSON.stringify(KEV_CATALOGUE));
  fs.writeFileSync(path.join(tmp, `${CVE}.json`), JSON.stringify(NVD_RECORD));
  // A later catalogue: one entry older than the NVD data imported by then (2024-02-13) and one newer, neither in NVD.
  const older = { ...KEV_CATALOGUE.vulnerabilities[0]!, cveID: 'CVE-2023-27997', dateAdded: '2023-06-13', dueDate: '2023-07-04' };
  const newer = { ...KEV_CATALOGUE.vulnerabilities[0]!, cveID: 'CVE-2024-23113', dateAdded: '2024-10-09', dueDate: '2024-10-30' };
  fs.writeFileSync(
    path.join(tmp, 'kev-later.json'),
    JSON.stringify({ ...KEV_CATALOGUE, catalogVersion: '2024.10.09', count: 3, vulnerabilities: [...KEV_CATALOGUE.vulnerabilities, older, newer] }),
  );
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

for (const dialect of DIALECTS) {
  describe(`KEV text fallback (${dialect})`, () => {
    let env: TestEnv;
    let F: string;
    let it_: Caller;
    const ids: Record<string, string> = {};
    const findingOf = (assetId: string) => env.deps.db.selectFrom('vuln_findings').selectAll().where('asset_id', '=', assetId).where('vuln_id', '=', CVE).executeTakeFirst();
    const importFile = (name: string) => importFeedFiles(env.deps, ADMIN, [{ path: path.join(tmp, name) }], { force: true });

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      F = (await makeFacility(env, 'KV1')).id;
      const u = await makeUser(env, 'it@kv1.example.jp', [{ role: 'it_staff', facilityId: F }]);
      await makeUser(env, 'sm@kv1.example.jp', [{ role: 'security_manager', facilityId: F }]);
      it_ = userCaller(u.id, u.email, F);
      ids.fg = (await createAsset(env.deps, it_, F, asset({ name: '地域連携 VPN装置', assetTag: 'NW-101', vendor: 'Fortinet', product: 'FortiGate 60F', version: '7.0.12', exposure: 'internet' }))).id;
      ids.pa = (await createAsset(env.deps, it_, F, asset({ name: '本館 境界FW', assetTag: 'NW-102', vendor: 'Palo Alto Networks', product: 'PA-440', version: 'PAN-OS 10.2.9', exposure: 'internet' }))).id;
    });
    afterAll(async () => env?.close());

    it('a KEV import alone finds the FortiGate by vendor and product when NVD has no record of the CVE', async () => {
      const r = await importFile('known_exploited_vulnerabilities.json');
      expect(r.outcome.kevChanged).toEqual([CVE]);
      expect(r.outcome.changedVulnIds).toEqual([]);
      const f = (await findingOf(ids.fg!))!;
      expect(f).toMatchObject({ status: 'open', confidence: 'vendor-product', status_changed_by: 'system', due_rule: 'kev_exposed' });
      expect(JSON.parse(f.evidence)).toEqual([
        { configuration: -1, criteria: 'KEV: Fortinet FortiOS', range: null, identity: 'cpe:2.3:o:fortinet:fortios:7.0.12:*:*:*:*:*:*:*', reason: 'kev_vendor_product', vulnerable: true },
      ]);
      expect(JSON.parse(f.priority_factors)).toMatchObject({ kev: true, internetFacing: true, confidence: 'vendor-product' });
      // The KEV tier: a known-exploited finding on an internet-facing device outranks every non-KEV finding (≤ 270).
      expect(f.priority).toBeGreaterThan(400);
      // Another product gets nothing.
      expect(await findingOf(ids.pa!)).toBeUndefined();
      // The security manager hears of it.
      const notes = await env.deps.db.selectFrom('notifications').selectAll().where('facility_id', '=', F).where('dedupe_key', '=', `new_kev:${f.id}`).execute();
      expect(notes).toHaveLength(1);
      expect(JSON.parse(notes[0]!.params)).toEqual({ vulnId: CVE, assetName: '地域連携 VPN装置' });
      // A full re-match agrees (nothing new, nothing closed); a FortiGate added later is found by the asset hook.
      expect(await rematchFacility(env.deps, it_, F)).toMatchObject({ created: 0, closed: 0, reopened: 0, updated: 0 });
      ids.fg2 = (await createAsset(env.deps, it_, F, asset({ name: '訪問看護 VPN装置', assetTag: 'NW-103', vendor: 'Fortinet', product: 'FortiGate 40F', version: '7.2.5' }))).id;
      expect(await findingOf(ids.fg2!)).toMatchObject({ status: 'open', confidence: 'vendor-product', due_rule: 'kev' });
    });

    it('explain shows the KEV reason, and why another product is not affected', async () => {
      const yes = await explain(env.deps, it_, F, 'NW-101', CVE.toLowerCase());
      expect(yes).toMatchObject({ affected: true, confidence: 'vendor-product', evidence: [{ reason: 'kev_vendor_product', criteria: 'KEV: Fortinet FortiOS', configuration: -1 }] });
      const no = await explain(env.deps, it_, F, 'NW-102', CVE);
      expect(no).toMatchObject({ affected: false, reasons: [{ reason: 'product_not_named', criteria: 'KEV: Fortinet FortiOS' }] });
    });

    it('when NVD publishes configurations they decide: a version outside the range closes the finding', async () => {
      env.clock.advance(3_600_000);
      const r = await importFile(`${CVE}.json`);
      expect(r.outcome.changedVulnIds).toEqual([CVE]);
      for (const id of [ids.fg!, ids.fg2!]) {
        const f = (await findingOf(id))!;
        expect(f).toMatchObject({ status: 'fixed', auto_closed: 1, status_changed_by: 'system' });
        const last = await env.deps.db.selectFrom('vuln_finding_events').selectAll().where('finding_id', '=', f.id).orderBy('at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow();
        expect(last).toMatchObject({ action: 'auto_closed', from_status: 'open', to_status: 'fixed', comment: 'feed NVD: no longer matches' });
      }
      const after = await explain(env.deps, it_, F, 'NW-101', CVE);
      expect(after.affected).toBe(false);
      expect(after.reasons.map((x) => x.reason)).toContain('version_outside_range');
      // The fallback no longer applies on a full re-match either.
      expect(await rematchFacility(env.deps, it_, F)).toMatchObject({ created: 0, reopened: 0 });
    });

    it('a KEV entry without an NVD record counts as not analysed only when it is newer than the NVD data held', async () => {
      env.clock.advance(3_600_000);
      await importFile('kev-later.json');
      const of = (vulnId: string) => env.deps.db.selectFrom('vuln_findings').selectAll().where('asset_id', '=', ids.fg!).where('vuln_id', '=', vulnId).executeTakeFirst();
      // Added 2024-10-09, after the NVD data (2024-02-13): NVD is behind, so the text decides.
      expect(await of('CVE-2024-23113')).toMatchObject({ status: 'open', confidence: 'vendor-product' });
      // Added 2023-06-13, before it: that part of NVD was not imported — no text match.
      expect(await of('CVE-2023-27997')).toBeUndefined();
    });
  });
}
