import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import type { NotificationDto } from '../../../shared/contracts/vulns.contract.ts';
import { buildTestApp, createTestEnv, DIALECTS, makeFacility, makeUser, TestClient, type TestEnv } from '../../testing/harness.ts';
import { notifyRoles, notifyUsers } from './index.ts';

type List = { items: NotificationDto[]; unread: number };

/** In-app notifications on real databases: who gets one, idempotence by dedupe key, and each user sees only their own. */
describe.each(DIALECTS)('notifications (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let B: TFacility;
  const id = {} as Record<'sm' | 'sm2' | 'exec' | 'it' | 'smB' | 'off', string>;
  const client = {} as Record<'sm' | 'exec' | 'it', TestClient>;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    A = await makeFacility(env, 'NA');
    B = await makeFacility(env, 'NB');
    id.sm = (await makeUser(env, 'sm@n.jp', [{ role: 'security_manager', facilityId: A.id }])).id;
    id.sm2 = (await makeUser(env, 'sm2@n.jp', [{ role: 'security_manager', facilityId: A.id }, { role: 'it_staff', facilityId: A.id }])).id;
    id.exec = (await makeUser(env, 'exec@n.jp', [{ role: 'executive', facilityId: A.id }])).id;
    id.it = (await makeUser(env, 'it@n.jp', [{ role: 'it_staff', facilityId: A.id }])).id;
    id.smB = (await makeUser(env, 'sm@nb.jp', [{ role: 'security_manager', facilityId: B.id }])).id;
    id.off = (await makeUser(env, 'off@n.jp', [{ role: 'security_manager', facilityId: A.id }])).id;
    await env.deps.db.updateTable('users').set({ disabled: 1 }).where('id', '=', id.off).execute();
    app = await buildTestApp(env);
    for (const who of ['sm', 'exec', 'it'] as const) {
      client[who] = new TestClient(app, env);
      await client[who].login(`${who}@n.jp`);
    }
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const tx = <T>(fn: (trx: Parameters<typeof notifyRoles>[1]) => Promise<T>) => env.deps.db.transaction().execute(fn);

  it('notifies every enabled holder of the roles in the facility once, whatever the number of roles they hold', async () => {
    const input = { facilityId: A.id, roles: ['security_manager', 'it_staff'] as const, kind: 'vuln.escalated_manager' as const, params: { count: 1, asset: 'FortiGate' }, link: '/vulns', dedupeKey: 'test:1' };
    expect(await tx((trx) => notifyRoles(env.deps, trx, { ...input, roles: [...input.roles] }))).toBe(3);
    // Idempotent: the same key again creates nothing.
    expect(await tx((trx) => notifyRoles(env.deps, trx, { ...input, roles: [...input.roles] }))).toBe(0);
    const rows = await env.deps.db.selectFrom('notifications').select(['user_id']).where('dedupe_key', '=', 'test:1').execute();
    expect(rows.map((r) => r.user_id).sort()).toEqual([id.sm, id.sm2, id.it].sort());
  });

  it('notifyUsers skips disabled users and repeats', async () => {
    const n = await tx((trx) => notifyUsers(env.deps, trx, { facilityId: A.id, userIds: [id.exec, id.exec, id.off], kind: 'vuln.accept_expired', params: { vulnId: 'CVE-2018-13379' }, link: null, dedupeKey: 'test:2' }));
    expect(n).toBe(1);
  });

  it('a rolled-back transaction leaves no notification', async () => {
    await expect(
      tx(async (trx) => {
        await notifyRoles(env.deps, trx, { facilityId: A.id, roles: ['executive'], kind: 'vuln.escalated_executive', params: {}, link: null, dedupeKey: 'test:rollback' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await env.deps.db.selectFrom('notifications').select('id').where('dedupe_key', '=', 'test:rollback').execute()).toEqual([]);
  });

  it('lists the caller’s own notifications newest first with the unread count; others are not found', async () => {
    env.clock.advance(60_000);
    await tx((trx) => notifyRoles(env.deps, trx, { facilityId: A.id, roles: ['security_manager'], kind: 'vuln.new_kev', params: { count: 2 }, link: '/x', dedupeKey: 'test:3' }));
    const list = (await client.sm.get('/api/v1/notifications')).json() as List;
    expect(list.items.map((n) => n.kind)).toEqual(['vuln.new_kev', 'vuln.escalated_manager']);
    expect(list.unread).toBe(2);
    expect(list.items[0]).toMatchObject({ facilityId: A.id, params: { count: 2 }, link: '/x', readAt: null });

    const execList = (await client.exec.get('/api/v1/notifications')).json() as List;
    expect(execList.items.map((n) => n.kind)).toEqual(['vuln.accept_expired']);
    // Someone else's notification: 404, and it stays unread.
    const other = await client.exec.post(`/api/v1/notifications/${list.items[0]!.id}/read`);
    expect(other.statusCode).toBe(404);
    expect(((await client.sm.get('/api/v1/notifications')).json() as List).unread).toBe(2);

    const read = await client.sm.post(`/api/v1/notifications/${list.items[0]!.id}/read`);
    expect(read.statusCode).toBe(200);
    expect((read.json() as NotificationDto).readAt).toBe(env.clock.now().toISOString());
    // Marking again changes nothing.
    expect(((await client.sm.post(`/api/v1/notifications/${list.items[0]!.id}/read`)).json() as NotificationDto).readAt).toBe((read.json() as NotificationDto).readAt);
    expect(((await client.sm.get('/api/v1/notifications')).json() as List).unread).toBe(1);

    const all = await client.sm.post('/api/v1/notifications/read-all');
    expect(all.statusCode).toBe(200);
    expect((all.json() as List).unread).toBe(0);
    // The IT staff member's stay unread.
    expect(((await client.it.get('/api/v1/notifications')).json() as List).unread).toBe(1);
    expect((await client.sm.post('/api/v1/notifications/00000000-0000-0000-0000-000000000000/read')).statusCode).toBe(404);
  });

  it('needs a sign-in', async () => {
    const anon = new TestClient(app, env);
    expect((await anon.get('/api/v1/notifications')).statusCode).toBe(401);
  });
});
