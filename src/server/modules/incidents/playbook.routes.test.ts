import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import type { PlaybookDetailDto, PlaybookListDto } from '../../../shared/contracts/incident-playbooks.contract.ts';
import { CASE_CATEGORIES, CASE_PHASES } from '../../../shared/incidents/cases.ts';
import type { PlaybookDefinitionInput } from '../../../shared/incidents/playbook.ts';
import { buildTestApp, createTestEnv, DIALECTS, fails, makeFacility, makeUsers, ok, signIn, type TestClient, type TestEnv } from '../../testing/harness.ts';
import { builtinPlaybooks, playbookFor } from './playbooks.ts';

/** 対応手順書 over HTTP on real databases: shipped vs facility copy, playbookFor, validation, concurrency, audit, permissions. */
describe.each(DIALECTS)('playbooks (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let B: TFacility;
  let sm: TestClient;
  let it_: TestClient;
  let staff: TestClient;
  let smB: TestClient;
  let n = 0;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    A = await makeFacility(env, 'PA');
    B = await makeFacility(env, 'PB');
    const made = await makeUsers(env, {
      sm: ['sm@pa.jp', 'security_manager', A.id],
      it: ['it@pa.jp', 'it_staff', A.id],
      staff: ['staff@pa.jp', 'staff', A.id],
      smB: ['sm@pb.jp', 'security_manager', B.id],
    });
    app = await buildTestApp(env);
    ({ sm, it: it_, staff, smB } = await signIn(app, env, made));
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const url = (f: TFacility, suffix = '') => `/api/v1/facilities/${f.id}/playbooks${suffix}`;
  const issuesOf = (res: LightMyRequestResponse) => {
    fails(res, 400, 'VALIDATION_FAILED');
    return (res.json() as { error: { issues: { path: string; message: string }[] } }).error.issues.map((i) => `${i.path} ${i.message}`);
  };
  const put = (c: TestClient, f: TFacility, category: string, body: unknown) => c.request('PUT', url(f, `/${category}`), body);
  /** A fresh facility where the test's security manager holds the role. */
  const facility = async () => {
    const f = await makeFacility(env, `PX${++n}`);
    const smId = (await env.deps.db.selectFrom('users').select('id').where('email', '=', 'sm@pa.jp').executeTakeFirstOrThrow()).id;
    await env.deps.db.insertInto('user_roles').values({ id: `ur-${f.id}`, user_id: smId, role: 'security_manager', facility_id: f.id, group_id: null, created_at: env.clock.now().toISOString() }).execute();
    return f;
  };
  const audits = (facilityId: string) =>
    env.deps.db.selectFrom('audit_log').select(['entity_type', 'entity_id', 'action', 'before_json', 'after_json']).where('facility_id', '=', facilityId).where('entity_type', '=', 'incident_playbook').orderBy('seq').execute();
  /** The shipped ransomware playbook, edited: two items of recovery first in the list, one new step, one dropped. */
  const edited = (): PlaybookDefinitionInput => {
    const d = structuredClone(builtinPlaybooks().get('ransomware')!.definition) as PlaybookDefinitionInput;
    const items = d.items.filter((i) => i.id !== 'rw-ransom-note');
    items.unshift({ id: 'own-drill', phase: 'recovery', title: { ja: '訓練で手順を確かめる', en: 'Check the steps in a drill' }, ownerRole: 'secretariat' });
    return { ...d, items };
  };

  it('lists every category with the shipped playbook until the facility has its own', async () => {
    const list = ok<PlaybookListDto>(await sm.get(url(A)));
    expect(list.playbooks.map((p) => p.category)).toEqual([...CASE_CATEGORIES]);
    for (const p of list.playbooks) {
      const shipped = builtinPlaybooks().get(p.category)!.definition;
      expect(p).toMatchObject({ source: 'builtin', version: shipped.version, builtinVersion: shipped.version, facilityVersion: null, items: shipped.items.length, updatedBy: null });
      expect(p.unverifiedItems).toBe(shipped.items.filter((i) => !i.verified).length);
    }
    const rw = ok<PlaybookDetailDto>(await sm.get(url(A, '/ransomware')));
    expect(rw.definition.items.map((i) => i.id)).toEqual(builtinPlaybooks().get('ransomware')!.definition.items.map((i) => i.id));
    fails(await sm.get(url(A, '/flood')), 400, 'VALIDATION_FAILED');
  });

  it('playbookFor: the shipped playbook, items in phase order, also inside a transaction', async () => {
    const p = await playbookFor(env.deps.db, A.id, 'ransomware');
    const shipped = builtinPlaybooks().get('ransomware')!.definition;
    expect(p).toMatchObject({ id: 'ransomware', version: shipped.version, category: 'ransomware' });
    expect(p.items).toHaveLength(shipped.items.length);
    expect(p.items[0]).toEqual({ id: 'rw-isolate', phase: 'detection', title: shipped.items[0]!.title, ownerRole: 'technical' });
    const order = p.items.map((i) => CASE_PHASES.indexOf(i.phase));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const inTrx = await env.deps.db.transaction().execute((trx) => playbookFor(trx, A.id, 'ransomware'));
    expect(inTrx).toEqual(p);
  });

  it('saving a copy: it wins over the shipped playbook for that facility only; version facility-N; audited', async () => {
    const F = await facility();
    const saved = ok<PlaybookDetailDto>(await put(sm, F, 'ransomware', { definition: edited(), expectedVersion: null }));
    expect(saved).toMatchObject({ source: 'facility', version: 'facility-1', facilityVersion: 1, builtinVersion: '2026.1', items: 20, updatedBy: { name: 'sm' } });
    expect(saved.definition.version).toBe('facility-1');
    expect(saved.definition.items[0]).toMatchObject({ id: 'own-drill', ownerRole: 'secretariat', verified: false });

    const p = await playbookFor(env.deps.db, F.id, 'ransomware');
    expect(p.version).toBe('facility-1');
    expect(p.items.map((i) => i.id)).not.toContain('rw-ransom-note');
    // The new recovery step keeps its place among the recovery steps (first of them), after every earlier phase.
    expect(p.items.findIndex((i) => i.id === 'own-drill')).toBe(p.items.findIndex((i) => i.phase === 'recovery'));
    expect(p.items.at(-1)!.phase).toBe('recovery');
    expect((await playbookFor(env.deps.db, A.id, 'ransomware')).version).toBe('2026.1');
    expect((await playbookFor(env.deps.db, F.id, 'malware')).version).toBe('2026.1');

    const list = ok<PlaybookListDto>(await sm.get(url(F)));
    expect(list.playbooks.find((x) => x.category === 'ransomware')).toMatchObject({ source: 'facility', version: 'facility-1' });

    // A second save from version 1; the same content again changes nothing.
    const def2 = edited();
    def2.title = { ja: '当院のランサムウェア対応', en: 'Our ransomware playbook' };
    expect(ok<PlaybookDetailDto>(await put(sm, F, 'ransomware', { definition: def2, expectedVersion: 1 })).version).toBe('facility-2');
    expect(ok<PlaybookDetailDto>(await put(sm, F, 'ransomware', { definition: def2 })).version).toBe('facility-2');

    const rows = await audits(F.id);
    expect(rows.map((r) => r.action)).toEqual(['create', 'update']);
    expect(JSON.parse(rows[0]!.after_json!)).toMatchObject({ category: 'ransomware', version: 1, definition: { version: 'facility-1' } });
    expect(JSON.parse(rows[1]!.before_json!).definition.title.ja).toBe('ランサムウェア 対応手順書');
    expect(JSON.parse(rows[1]!.after_json!).definition.title.ja).toBe('当院のランサムウェア対応');
  });

  it('a stale expectedVersion → CONFLICT with the current version', async () => {
    const F = await facility();
    ok(await put(sm, F, 'ddos', { definition: { ...builtinPlaybooks().get('ddos')!.definition } }));
    const stale = await put(sm, F, 'ddos', { definition: builtinPlaybooks().get('ddos')!.definition, expectedVersion: null });
    fails(stale, 409, 'CONFLICT');
    expect((stale.json() as { error: { detail: unknown } }).error.detail).toEqual({ facilityVersion: 1 });
    fails(await put(sm, F, 'ddos', { definition: { ...builtinPlaybooks().get('ddos')!.definition, title: { ja: '変更', en: 'Changed' } }, expectedVersion: 2 }), 409, 'CONFLICT');
    fails(await sm.delete(url(F, '/ddos?expectedVersion=2')), 409, 'CONFLICT');
  });

  it('validation: every problem with its path under definition and a stable message key', async () => {
    const base = builtinPlaybooks().get('other')!.definition;
    const item = (over: Record<string, unknown>) => ({ id: 'x', phase: 'detection', title: { ja: '手順', en: 'Step' }, ...over });
    const bad = {
      ...base,
      items: [item({ id: 'x' }), item({ id: 'x', phase: 'later' }), item({ id: 'y', ownerRole: 'boss' }), item({ id: 'z', title: { ja: '手順' } }), item({ id: 'w', colour: 'red' }), item({ id: 'bad id!' })],
    };
    expect(issuesOf(await put(sm, A, 'other', { definition: bad })).sort()).toEqual(
      [
        'definition.items.1.id duplicate_id',
        'definition.items.1.phase invalid_value',
        'definition.items.2.ownerRole invalid_value',
        'definition.items.3.title.en missing_key',
        'definition.items.4.colour unknown_key',
        'definition.items.5.id invalid_format',
      ].sort(),
    );
    expect(issuesOf(await put(sm, A, 'other', { definition: { ...base, items: [] } }))).toEqual(['definition.items empty']);
    expect(issuesOf(await put(sm, A, 'other', { definition: { ...base, title: { ja: ' ', en: 'x' } } }))).toEqual(['definition.title.ja empty']);
    expect(issuesOf(await put(sm, A, 'ransomware', { definition: base }))).toEqual(['definition.category category_mismatch']);
    expect(issuesOf(await put(sm, A, 'other', {}))[0]).toMatch(/^body\.definition /);
    expect(issuesOf(await put(sm, A, 'other', { definition: 'yes' }))).toEqual(['definition wrong_type']);
    expect(issuesOf(await put(sm, A, 'other', { definition: base, extra: 1 }))[0]).toMatch(/^body/);
    expect(await audits(A.id)).toEqual([]);
  });

  it('reset: back to the shipped playbook, audited; resetting again does nothing', async () => {
    const F = await facility();
    ok(await put(sm, F, 'insider', { definition: { ...builtinPlaybooks().get('insider')!.definition, title: { ja: '当院の内部不正対応', en: 'Ours' } } }));
    expect((await playbookFor(env.deps.db, F.id, 'insider')).version).toBe('facility-1');
    const reset = ok<PlaybookDetailDto>(await sm.delete(url(F, '/insider?expectedVersion=1')));
    expect(reset).toMatchObject({ source: 'builtin', version: '2026.1', facilityVersion: null });
    expect((await playbookFor(env.deps.db, F.id, 'insider')).version).toBe('2026.1');
    ok(await sm.delete(url(F, '/insider')));
    const rows = await audits(F.id);
    expect(rows.map((r) => r.action)).toEqual(['create', 'delete']);
    expect(JSON.parse(rows[1]!.before_json!)).toMatchObject({ category: 'insider', version: 1 });
    expect(JSON.parse(rows[1]!.after_json!)).toEqual({ category: 'insider', version: '2026.1', source: 'builtin' });
  });

  it('a stored copy that no longer matches the schema falls back to the shipped playbook', async () => {
    const F = await facility();
    await env.deps.db
      .insertInto('incident_playbooks')
      .values({ id: `pb-${F.id}`, facility_id: F.id, category: 'malware', definition: JSON.stringify({ id: 'old', items: 'gone' }), version: 4, updated_by: null, updated_at: env.clock.now().toISOString() })
      .execute();
    expect((await playbookFor(env.deps.db, F.id, 'malware')).version).toBe('2026.1');
    expect(ok<PlaybookDetailDto>(await sm.get(url(F, '/malware'))).source).toBe('builtin');
  });

  it('permissions: incident.read to read, incident.manage to edit; other facilities are not found', async () => {
    ok(await it_.get(url(A)));
    ok(await it_.get(url(A, '/malware')));
    fails(await put(it_, A, 'other', { definition: builtinPlaybooks().get('other')!.definition }), 403, 'FORBIDDEN');
    fails(await it_.delete(url(A, '/other')), 403, 'FORBIDDEN');
    fails(await staff.get(url(A)), 403, 'FORBIDDEN');
    fails(await smB.get(url(A)), 404, 'NOT_FOUND');
    fails(await put(smB, A, 'other', { definition: builtinPlaybooks().get('other')!.definition }), 404, 'NOT_FOUND');
    ok(await smB.get(url(B)));
  });
});
