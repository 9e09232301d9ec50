import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZAssetCreate } from '../../../shared/contracts/ledger.contract.ts';
import { buildTestApp, createTestEnv, DIALECTS, makeFacility, makeUser, SYSTEM, TestClient, type TestEnv } from '../../testing/harness.ts';
import { createAsset } from '../ledger/index.ts';
import { escalateFindings, expireRiskAcceptances } from './index.ts';
import { insertTestFinding } from './test-support.ts';

const DAY = 86_400_000;

/**
 * Escalation and risk-acceptance expiry with the manual clock: who is notified on which day, and nobody twice.
 * Default policy: untouched 7 days → security managers; overdue 7 days or untouched 14 → executives (棚上げ).
 */
describe.each(DIALECTS)('escalation (%s)', (dialect) => {
  let env: TestEnv;
  let F: string;
  let G: string;
  const user = {} as Record<'sm1' | 'sm2' | 'exec' | 'it' | 'smG' | 'execG', string>;
  let assetF: string;
  let assetG: string;

  const notes = async (userId: string) =>
    env.deps.db.selectFrom('notifications').select(['kind', 'params', 'dedupe_key', 'link']).where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute();
  const finding = (id: string) => env.deps.db.selectFrom('vuln_findings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const run = async () => ({ reopened: await expireRiskAcceptances(env.deps), ...(await escalateFindings(env.deps)) });

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    F = (await makeFacility(env, 'EF')).id;
    G = (await makeFacility(env, 'EG')).id;
    user.sm1 = (await makeUser(env, 'sm1@ef.jp', [{ role: 'security_manager', facilityId: F }])).id;
    user.sm2 = (await makeUser(env, 'sm2@ef.jp', [{ role: 'security_manager', facilityId: F }])).id;
    user.exec = (await makeUser(env, 'exec@ef.jp', [{ role: 'executive', facilityId: F }])).id;
    user.it = (await makeUser(env, 'it@ef.jp', [{ role: 'it_staff', facilityId: F }])).id;
    user.smG = (await makeUser(env, 'sm@eg.jp', [{ role: 'security_manager', facilityId: G }])).id;
    user.execG = (await makeUser(env, 'exec@eg.jp', [{ role: 'executive', facilityId: G }])).id;
    assetF = (await createAsset(env.deps, SYSTEM, F.valueOf(), ZAssetCreate.parse({ name: 'サーバ', type: 'server', criticality: 3 }))).id;
    assetG = (await createAsset(env.deps, SYSTEM, G, ZAssetCreate.parse({ name: 'G サーバ', type: 'server', criticality: 3 }))).id;
  });

  afterAll(async () => env?.close());

  it('escalates overdue and untouched findings day by day, each level once, to the right people', async () => {
    // Today 2026-04-01 (JST). Overdue after 04-04; untouched (open) after 7 days.
    const due = await insertTestFinding(env, F, assetF, 'CVE-2099-1001', { due_on: '2026-04-04', status: 'in_progress' });
    const idle = await insertTestFinding(env, F, assetF, 'CVE-2099-1002', { due_on: '2026-12-31' });
    const busy = await insertTestFinding(env, F, assetF, 'CVE-2099-1003', { due_on: '2026-12-31', status: 'in_progress' });

    expect(await run()).toMatchObject({ level1: 0, level2: 0, notifications: 0 });
    env.clock.advance(3 * DAY); // 04-04: due today, not yet overdue
    expect(await run()).toMatchObject({ level1: 0, level2: 0 });

    env.clock.advance(DAY); // 04-05: overdue by 1 → security managers
    expect(await run()).toMatchObject({ level1: 1, level2: 0, notifications: 2 });
    expect(await run()).toMatchObject({ level1: 0, level2: 0, notifications: 0 });
    expect((await finding(due)).escalation_level).toBe(1);
    for (const sm of [user.sm1, user.sm2]) {
      const n = await notes(sm);
      expect(n.map((x) => x.kind)).toEqual(['vuln.escalated_manager']);
      expect(JSON.parse(n[0]!.params)).toMatchObject({ level: 1, findingId: due, vulnId: 'CVE-2099-1001', reason: 'overdue', overdueDays: 1, asset: 'サーバ' });
      expect(n[0]!.link).toBe(`/vulns/findings/${due}`);
    }
    expect(await notes(user.exec)).toEqual([]);
    expect(await notes(user.it)).toEqual([]);

    env.clock.advance(3 * DAY); // 04-08: the open finding is untouched for 7 days
    expect(await run()).toMatchObject({ level1: 1, level2: 0 });
    expect(JSON.parse((await notes(user.sm1))[1]!.params)).toMatchObject({ findingId: idle, reason: 'untouched' });

    env.clock.advance(3 * DAY); // 04-11: overdue by 7 → executives (棚上げ)
    expect(await run()).toMatchObject({ level1: 0, level2: 1, notifications: 1 });
    const ex = await notes(user.exec);
    expect(ex.map((x) => x.kind)).toEqual(['vuln.escalated_executive']);
    expect(JSON.parse(ex[0]!.params)).toMatchObject({ level: 2, findingId: due, overdueDays: 7 });
    expect((await finding(due)).escalation_level).toBe(2);

    env.clock.advance(4 * DAY); // 04-15: untouched for 14 days → executives
    expect(await run()).toMatchObject({ level1: 0, level2: 1 });
    env.clock.advance(30 * DAY);
    expect(await run()).toMatchObject({ level1: 0, level2: 0, notifications: 0 });
    expect((await notes(user.exec)).length).toBe(2);
    expect((await notes(user.sm1)).length).toBe(2);
    // The finding in progress with time left never escalated.
    expect((await finding(busy)).escalation_level).toBe(0);
    // History and audit of each raise.
    const events = await env.deps.db.selectFrom('vuln_finding_events').select(['action', 'comment', 'actor']).where('finding_id', '=', due).orderBy('at').execute();
    expect(events).toEqual([
      { action: 'escalated', comment: '1', actor: 'system' },
      { action: 'escalated', comment: '2', actor: 'system' },
    ]);
    const audit = await env.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', due).execute();
    expect(audit.map((a) => a.action)).toEqual(['escalate', 'escalate']);
    // Facility G's people heard nothing of F.
    expect(await notes(user.smG)).toEqual([]);
    expect(await notes(user.execG)).toEqual([]);
  });

  it('escalates afresh after a finding was fixed and came back', async () => {
    const todayKey = new Date(env.clock.now().getTime() + 9 * 3600_000).toISOString().slice(0, 10);
    const id = await insertTestFinding(env, F, assetF, 'CVE-2099-2001', { due_on: todayKey, status: 'in_progress' });
    env.clock.advance(DAY);
    expect(await run()).toMatchObject({ level1: 1 });
    const before = (await notes(user.sm1)).length;
    const client = new TestClient(await buildTestApp(env), env);
    await client.login('it@ef.jp');
    expect((await client.post(`/api/v1/facilities/${F}/vulns/findings/${id}/status`, { status: 'fixed' })).statusCode).toBe(200);
    expect((await finding(id)).escalation_level).toBe(0);
    env.clock.advance(60_000);
    expect((await client.post(`/api/v1/facilities/${F}/vulns/findings/${id}/status`, { status: 'in_progress' })).statusCode).toBe(409);
    expect((await client.post(`/api/v1/facilities/${F}/vulns/findings/${id}/status`, { status: 'open' })).statusCode).toBe(200);
    expect(await run()).toMatchObject({ level1: 1 });
    expect((await notes(user.sm1)).length).toBe(before + 1);
    await client.app.close();
  });

  it('sends one notification naming the count when many findings escalate at once', async () => {
    const today = new Date(env.clock.now().getTime() + 9 * 3600_000).toISOString().slice(0, 10);
    for (let i = 0; i < 5; i++) await insertTestFinding(env, G, assetG, `CVE-2099-300${i}`, { due_on: today, status: 'in_progress' });
    env.clock.advance(DAY);
    expect(await run()).toMatchObject({ level1: 5, notifications: 1 });
    const n = await notes(user.smG);
    expect(n.map((x) => x.kind)).toEqual(['vuln.escalated_manager']);
    expect(JSON.parse(n[0]!.params)).toEqual({ level: 1, count: 5, overdue: 5, untouched: 0 });
    expect(n[0]!.link).toBe('/vulns/findings?overdue=1&sort=due');
    expect(await run()).toMatchObject({ level1: 0, notifications: 0 });
  });

  it('reopens an accepted risk after its expiry and tells the security managers and the executive who signed', async () => {
    const today = new Date(env.clock.now().getTime() + 9 * 3600_000).toISOString().slice(0, 10);
    const until = new Date(Date.parse(`${today}T00:00:00Z`) + 2 * DAY).toISOString().slice(0, 10);
    const id = await insertTestFinding(env, F, assetF, 'CVE-2099-4001', { status: 'accepted', accepted_until: until, accepted_by_user_id: user.exec, accepted_by: 'exec (exec@ef.jp)', due_on: '2030-01-01' });
    const execBefore = (await notes(user.exec)).length;
    env.clock.advance(2 * DAY); // the last day of the acceptance: still accepted
    expect((await run()).reopened).toBe(0);
    env.clock.advance(DAY);
    expect((await run()).reopened).toBe(1);
    expect((await run()).reopened).toBe(0);
    expect(await finding(id)).toMatchObject({ status: 'open', accepted_until: null, accepted_by: null, status_changed_by: 'system' });
    const ev = await env.deps.db.selectFrom('vuln_finding_events').select(['action', 'from_status', 'to_status']).where('finding_id', '=', id).execute();
    expect(ev).toEqual([{ action: 'accept_expired', from_status: 'accepted', to_status: 'open' }]);
    const execNotes = await notes(user.exec);
    expect(execNotes.length).toBe(execBefore + 1);
    expect(execNotes.at(-1)!.kind).toBe('vuln.accept_expired');
    expect(JSON.parse(execNotes.at(-1)!.params)).toMatchObject({ findingId: id, acceptedUntil: until });
    for (const sm of [user.sm1, user.sm2]) expect((await notes(sm)).at(-1)!.kind).toBe('vuln.accept_expired');
    expect((await notes(user.it)).length).toBe(0);
  });
});
