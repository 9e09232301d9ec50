import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliCaller } from '../../context.ts';
import { newId } from '../../lib/ids.ts';
import { createTestEnv, DIALECTS, makeFacility, type TestEnv } from '../../testing/harness.ts';
import { importFeedFiles } from '../feeds/index.ts';
import { rematchFacility } from './index.ts';

/**
 * A full re-match larger than one step of the engine (500 assets): the first run creates every finding with its
 * history; a second run writes only what changed (a refreshed finding, a finding of an asset deleted behind the
 * hook's back), keeps statuses set by people, and moves last_seen_at of every finding that still matches, and of
 * no other.
 */

const FIX = path.resolve(import.meta.dirname, '../../../../fixtures');
const ADMIN = cliCaller('test-admin');
const VULN = 'CVE-2018-13379';

for (const dialect of DIALECTS) {
  describe(`full re-match in steps (${dialect})`, () => {
    let env: TestEnv;
    let F: string;
    const affected: string[] = [];

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      F = (await makeFacility(env, 'RM1')).id;
      // FortiOS 5.6.3–5.6.7 and 6.0.0–6.0.4.
      await importFeedFiles(env.deps, ADMIN, [{ path: path.join(FIX, 'nvd11/CVE-2018-13379.nvd11.json') }], { force: true });
      const now = env.clock.now().toISOString();
      const rows = [];
      for (let i = 0; i < 1100; i++) {
        const id = newId();
        // Every other asset runs an affected version; models differ (same identity).
        if (i % 2 === 0) affected.push(id);
        rows.push({
          id,
          facility_id: F,
          name: `FortiGate ${i}`,
          asset_tag: `NW-${String(i).padStart(4, '0')}`,
          type: 'vpn_gateway',
          vendor: 'Fortinet',
          product: i % 3 === 0 ? 'FortiGate 60E' : 'FortiGate 100F',
          version: i % 2 === 0 ? `6.0.${i % 5}` : '7.0.1',
          cpe: null,
          os: null,
          ips: '[]',
          macs: '[]',
          hostname: null,
          segment_id: null,
          location: null,
          department: null,
          maintainer_text: null,
          vendor_id: null,
          criticality: 1 + (i % 4),
          holds_patient_data: i % 3 === 0 ? 1 : 0,
          exposure: i % 10 === 0 ? 'internet' : 'internal',
          install_date: null,
          end_of_support: null,
          last_patched: null,
          tags: '[]',
          notes: null,
          ip_outside_segment: 0,
          created_at: now,
          updated_at: now,
          deleted_at: null,
        });
      }
      for (let i = 0; i < rows.length; i += 100) await env.deps.db.insertInto('assets').values(rows.slice(i, i + 100)).execute();
    });
    afterAll(async () => env?.close());

    const findingOf = (assetId: string) => env.deps.db.selectFrom('vuln_findings').selectAll().where('asset_id', '=', assetId).where('vuln_id', '=', VULN).executeTakeFirstOrThrow();

    it('creates every finding with its detected event on the first run', async () => {
      const first = await rematchFacility(env.deps, ADMIN, F);
      expect(first).toMatchObject({ assets: 1100, matched: 550, created: 550, updated: 0, closed: 0, reopened: 0 });
      const findings = await env.deps.db.selectFrom('vuln_findings').select(['id', 'asset_id', 'status', 'priority', 'due_on']).where('facility_id', '=', F).execute();
      expect(findings.map((f) => f.asset_id).sort()).toEqual([...affected].sort());
      expect(findings.every((f) => f.status === 'open' && typeof f.priority === 'number' && /^\d{4}-\d{2}-\d{2}$/.test(f.due_on))).toBe(true);
      const events = await env.deps.db.selectFrom('vuln_finding_events').select(['finding_id', 'action', 'to_status', 'actor']).where('facility_id', '=', F).execute();
      expect(events).toHaveLength(550);
      expect(new Set(events.map((e) => e.finding_id))).toEqual(new Set(findings.map((f) => f.id)));
      expect(events.every((e) => e.action === 'detected' && e.to_status === 'open' && e.actor === 'test-admin')).toBe(true);
      // The internet-facing ones rank above the internal ones of the same criticality.
      const internet = await findingOf(affected[0]!);
      expect(JSON.parse(internet.priority_factors)).toMatchObject({ internetFacing: true, confidence: 'exact' });
    });

    it('writes only what changed on the next run; statuses set by people stay; last_seen_at moves only where it still matches', async () => {
      const [stale, manual, deleted, untouched] = [affected[1]!, affected[2]!, affected[3]!, affected[4]!];
      const before = await findingOf(untouched);
      await env.deps.db.updateTable('vuln_findings').set({ evidence: '[]' }).where('id', '=', (await findingOf(stale)).id).execute();
      await env.deps.db.updateTable('vuln_findings').set({ status: 'false_positive', status_reason: 'lab unit' }).where('id', '=', (await findingOf(manual)).id).execute();
      // Deleted without the ledger's hook: the full run finds its active finding and closes it.
      await env.deps.db.updateTable('assets').set({ deleted_at: env.clock.now().toISOString() }).where('id', '=', deleted).execute();
      const deletedBefore = await findingOf(deleted);

      env.clock.advance(3_600_000);
      const second = await rematchFacility(env.deps, ADMIN, F);
      expect(second).toMatchObject({ assets: 1099, matched: 549, created: 0, updated: 1, closed: 1, reopened: 0 });
      const now = env.clock.now().toISOString();

      const refreshed = await findingOf(stale);
      expect(refreshed).toMatchObject({ status: 'open', last_seen_at: now, updated_at: now });
      expect(JSON.parse(refreshed.evidence)).toMatchObject([{ criteria: 'cpe:2.3:o:fortinet:fortios:*:*:*:*:*:*:*:*' }]);
      expect(await findingOf(manual)).toMatchObject({ status: 'false_positive', status_reason: 'lab unit', last_seen_at: now });
      const closed = await findingOf(deleted);
      expect(closed).toMatchObject({ status: 'fixed', auto_closed: 1, status_changed_at: now, last_seen_at: deletedBefore.last_seen_at });
      const closedEvents = await env.deps.db.selectFrom('vuln_finding_events').selectAll().where('finding_id', '=', closed.id).orderBy('at').execute();
      expect(closedEvents.at(-1)).toMatchObject({ action: 'auto_closed', from_status: 'open', to_status: 'fixed', comment: 'asset deleted' });
      const after = await findingOf(untouched);
      expect(after).toMatchObject({ ...before, last_seen_at: now });
      expect(after.updated_at).toBe(before.updated_at);
      const events = await env.deps.db.selectFrom('vuln_finding_events').select('id').where('facility_id', '=', F).execute();
      expect(events).toHaveLength(551);

      // A third run with nothing changed writes no history and changes nothing but last_seen_at.
      env.clock.advance(60_000);
      expect(await rematchFacility(env.deps, ADMIN, F)).toMatchObject({ matched: 549, created: 0, updated: 0, closed: 0, reopened: 0 });
      expect(await findingOf(untouched)).toMatchObject({ ...before, last_seen_at: env.clock.now().toISOString() });
      expect(await findingOf(deleted)).toEqual(closed);
    });
  });
}
