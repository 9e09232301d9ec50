import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, DIALECTS, makeFacility, SYSTEM, type TestEnv } from '../../testing/harness.ts';
import { expireConnections, getConnection, insertConnectionTx, listConnections, type LifecycleValues } from './index.ts';

/** The scheduled expiry of approvals (期限切れ), on real databases with the harness clock moved forward. */
describe.each(DIALECTS)('connection expiry job (%s)', (dialect) => {
  let env: TestEnv;
  let F: string;
  let G: string;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    F = (await makeFacility(env, 'EXP1')).id;
    G = (await makeFacility(env, 'EXP2')).id;
  });
  afterAll(async () => {
    await env?.close();
  });

  const line = (facilityId: string, name: string, lifecycle: Partial<LifecycleValues>) =>
    env.deps.db.transaction().execute((trx) =>
      insertConnectionTx(
        env.deps,
        trx,
        SYSTEM,
        facilityId,
        { name, kind: 'ssl_vpn', auth: 'mfa', accountMode: 'named', targetAssetIds: [], internetFacing: false, allowedDays: [], reviewIntervalMonths: 12, credentialsRotatedOn: '2026-03-01' },
        { lifecycle },
      ),
    );
  const statusOf = async (id: string) => (await env.deps.db.selectFrom('external_connections').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

  it('moves active and approved lines whose approval ended before today (JST) to expired, once, with history and audit', async () => {
    // Today is 2026-04-01 (JST). The approvals run to the day given (inclusive).
    const active = await line(F, '有効・期限 4/1', { status: 'active', approvedOn: '2025-04-01', expiresOn: '2026-04-01', activatedOn: '2025-04-02' });
    const approved = await line(G, '承認済・期限 4/2', { status: 'approved', approvedOn: '2025-04-02', expiresOn: '2026-04-02' });
    const later = await line(F, '有効・期限 2027', { status: 'active', approvedOn: '2026-04-01', expiresOn: '2027-04-01' });
    const requested = await line(F, '申請中・古い期限', { status: 'requested', expiresOn: '2026-01-01' });
    const retired = await line(F, '廃止・古い期限', { status: 'retired', expiresOn: '2026-01-01', retiredOn: '2026-02-01' });
    const noExpiry = await line(F, '有効・期限なし', { status: 'active' });

    expect(await expireConnections(env.deps)).toBe(0);
    expect((await getConnection(env.deps, SYSTEM, F, active.id)).flags).toEqual([]);

    // 2026-04-02 09:00 JST: the approval that ran to 4/1 has ended; the one to 4/2 has not.
    env.clock.set(new Date('2026-04-02T00:00:00Z'));
    expect((await getConnection(env.deps, SYSTEM, F, active.id)).flags).toEqual(['approval_expired_in_use']);
    expect(await expireConnections(env.deps)).toBe(1);
    expect(await statusOf(active.id)).toBe('expired');
    expect(await statusOf(approved.id)).toBe('approved');

    // 2026-04-03 00:30 JST is still 2026-04-02 in UTC: the day is the JST one.
    // Two runs at once (two servers): the line expires once, with one event.
    env.clock.set(new Date('2026-04-02T15:30:00Z'));
    const runs = await Promise.all([expireConnections(env.deps), expireConnections(env.deps)]);
    expect(runs.sort()).toEqual([0, 1]);
    expect(await expireConnections(env.deps)).toBe(0);
    expect(await statusOf(approved.id)).toBe('expired');
    for (const other of [later, requested, retired, noExpiry]) expect(await statusOf(other.id), other.name).toBe(other.status);

    const detail = await getConnection(env.deps, SYSTEM, F, active.id);
    expect(detail).toMatchObject({ status: 'expired', expiresOn: '2026-04-01', flags: ['approval_expired_in_use'] });
    expect(detail.allowedActions).toEqual(['retire', 'resubmit', 'edit']);
    expect(detail.events.map((e) => [e.action, e.actor, e.fromStatus, e.toStatus])).toEqual([
      ['expire', 'system', 'active', 'expired'],
      ['request', 'test', null, 'active'],
    ]);
    const approvedEvents = await env.deps.db.selectFrom('connection_events').selectAll().where('connection_id', '=', approved.id).where('action', '=', 'expire').execute();
    expect(approvedEvents).toMatchObject([{ actor: 'system', actor_user_id: null, from_status: 'approved', to_status: 'expired', facility_id: G }]);
    const audit = await env.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'expire').orderBy('seq').execute();
    expect(audit.map((a) => [a.entity_id, a.facility_id, a.actor_label, a.actor_user_id, a.entity_type])).toEqual([
      [active.id, F, 'system', null, 'connection'],
      [approved.id, G, 'system', null, 'connection'],
    ]);
    expect(JSON.parse(audit[0]!.before_json!)).toEqual({ status: 'active', expiresOn: '2026-04-01' });
    const page = await listConnections(env.deps, SYSTEM, F, { status: 'expired', sort: 'name', page: 1, pageSize: 50 });
    expect(page.items.map((c) => c.id)).toEqual([active.id]);
  });
});
