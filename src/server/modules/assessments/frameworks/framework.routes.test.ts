import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TFacility } from '../../../../shared/contracts/facilities.contract.ts';
import type { FrameworkDetailDto, FrameworkSummaryDto } from '../../../../shared/contracts/assessments.contract.ts';
import { newId } from '../../../lib/ids.ts';
import { buildTestApp, createTestEnv, DIALECTS, makeFacility, makeUser, SYSTEM, TestClient, type TestEnv } from '../../../testing/harness.ts';
import { insertGroupTx } from '../../facilities/index.ts';
import { frameworkXlsxTemplate } from './framework-xlsx.ts';
import { findFrameworkEntry, listFrameworkEntries } from './registry.ts';

/** Frameworks over HTTP on real databases: built-ins, custom ones per facility and group, isolation, validation, delete. */

const here = path.dirname(fileURLToPath(import.meta.url));
const VALID = fs.readFileSync(path.join(here, 'testdata/valid.yaml'), 'utf8');
const YAML = 'application/yaml';
/** A custom framework: the test fixture under another id (and without the vendor sheet, which is not shipped). */
const custom = (id: string, version = 'r7') =>
  VALID.replace('id: test-checklist\n', `id: ${id}\n`)
    .replace('version: r7', `version: ${version}`)
    .replace('vendorSheet: test-checklist-vendor\n', '');

describe.each(DIALECTS)('frameworks (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let B: TFacility;
  let C: TFacility;
  let groupId: string;
  let smA: TestClient;
  let itA: TestClient;
  let staffA: TestClient;
  let smB: TestClient;
  let smC: TestClient;
  let groupAdmin: TestClient;
  let admin: TestClient;
  let anon: TestClient;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    A = await makeFacility(env, 'FA');
    B = await makeFacility(env, 'FB');
    C = await makeFacility(env, 'FC');
    // A and C belong to one 法人; B does not.
    groupId = (await env.deps.db.transaction().execute((trx) => insertGroupTx(env.deps, trx, SYSTEM, { code: 'G1', name: 'みなと医療法人', kind: 'corporation' }, [A.id, C.id]))).id;
    await makeUser(env, 'sm@a.jp', [{ role: 'security_manager', facilityId: A.id }]);
    await makeUser(env, 'it@a.jp', [{ role: 'it_staff', facilityId: A.id }]);
    await makeUser(env, 'staff@a.jp', [{ role: 'staff', facilityId: A.id }]);
    await makeUser(env, 'sm@b.jp', [{ role: 'security_manager', facilityId: B.id }]);
    await makeUser(env, 'sm@c.jp', [{ role: 'security_manager', facilityId: C.id }]);
    await makeUser(env, 'admin@x.jp', [], { isAdmin: true });
    const ga = await makeUser(env, 'ga@x.jp', []);
    await env.deps.db.insertInto('user_roles').values({ id: newId(), user_id: ga.id, role: 'group_admin', facility_id: null, group_id: groupId, created_at: env.clock.now().toISOString() }).execute();
    app = await buildTestApp(env);
    const login = async (email: string) => {
      const c = new TestClient(app, env);
      await c.login(email);
      return c;
    };
    smA = await login('sm@a.jp');
    itA = await login('it@a.jp');
    staffA = await login('staff@a.jp');
    smB = await login('sm@b.jp');
    smC = await login('sm@c.jp');
    groupAdmin = await login('ga@x.jp');
    admin = await login('admin@x.jp');
    anon = new TestClient(app, env);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const list = async (c: TestClient, facilityId?: string) => {
    const res = await c.get(`/api/v1/frameworks${facilityId ? `?facilityId=${facilityId}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: FrameworkSummaryDto[] }).items;
  };
  const ids = (items: FrameworkSummaryDto[]) => items.map((i) => `${i.id}@${i.version}`);

  it('lists the built-in frameworks to any signed-in user, sorted by id then version, with counts', async () => {
    expect((await anon.get('/api/v1/frameworks')).statusCode).toBe(401);
    const items = await list(staffA);
    expect(ids(items)).toEqual(expect.arrayContaining(['mhlw-hospital@r5', 'mhlw-hospital@r6', 'mhlw-hospital@r7', 'mhlw-vendor@r7']));
    expect(ids(items)).toEqual([...ids(items)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
    const r7 = items.find((i) => i.id === 'mhlw-hospital' && i.version === 'r7')!;
    expect(r7).toMatchObject({ recordId: null, owner: { type: 'builtin' }, sheet: 'hospital', fiscalYear: 2025, vendorSheet: 'mhlw-vendor' });
    expect(r7.items).toBeGreaterThan(r7.sections);
    expect(r7.sha256).toMatch(/^[0-9a-f]{64}$/);

    const detail = await staffA.get('/api/v1/frameworks/mhlw-hospital/versions/r7');
    expect(detail.statusCode).toBe(200);
    expect((detail.json() as FrameworkDetailDto).definition.gate).toBeDefined();
    expect((await staffA.get('/api/v1/frameworks/mhlw-hospital/versions/r99')).statusCode).toBe(404);
  });

  it('validates a file without storing it: issues with file, line and key; a workbook too', async () => {
    const bad = await itA.upload('/api/v1/frameworks/validate?fileName=mine.yaml', VALID.replace('scope: network', 'scope: laptop'), YAML);
    expect(bad.statusCode).toBe(200);
    const body = bad.json() as { ok: boolean; issues: { file: string; line: number; key: string; code: string }[]; summary: null };
    expect(body.ok).toBe(false);
    expect(body.issues).toEqual([expect.objectContaining({ file: 'mine.yaml', key: 'sections.1.items.1.scope', code: 'invalid_value', line: VALID.split('\n').findIndex((l) => l.includes('scope: network')) + 1 })]);

    const good = await itA.upload('/api/v1/frameworks/validate', await frameworkXlsxTemplate(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', { 'x-file-name': encodeURIComponent('当院の点検表.xlsx') });
    expect(good.json()).toMatchObject({ ok: true, issues: [], summary: { id: 'my-hospital-checklist', items: 1, owner: { type: 'builtin' } } });
    expect(await env.deps.db.selectFrom('custom_frameworks').select('id').execute()).toEqual([]);

    const empty = await itA.upload('/api/v1/frameworks/validate', '', YAML);
    expect(empty.json()).toMatchObject({ ok: false, issues: [{ code: 'empty_file' }] });
  });

  it("a facility's own framework: added by its security manager, visible to that facility only", async () => {
    expect((await itA.upload(`/api/v1/facilities/${A.id}/frameworks?fileName=own.yaml`, custom('own-a'), YAML)).statusCode).toBe(403);
    expect((await smB.upload(`/api/v1/facilities/${A.id}/frameworks?fileName=own.yaml`, custom('own-a'), YAML)).statusCode).toBe(404);
    expect((await anon.upload(`/api/v1/facilities/${A.id}/frameworks?fileName=own.yaml`, custom('own-a'), YAML)).statusCode).toBe(401);

    const res = await smA.upload(`/api/v1/facilities/${A.id}/frameworks?fileName=own.yaml`, custom('own-a'), YAML);
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json() as FrameworkDetailDto;
    expect(created.summary).toMatchObject({ id: 'own-a', version: 'r7', owner: { type: 'facility', facilityId: A.id }, items: 4, unverifiedItems: 1, ruleItems: 2 });
    expect(created.summary.recordId).toBeTruthy();

    expect(ids(await list(staffA, A.id))).toContain('own-a@r7');
    expect(ids(await list(staffA))).not.toContain('own-a@r7');
    expect(ids(await list(smB, B.id))).not.toContain('own-a@r7');
    // C shares a group with A, but a facility's own framework stays its own.
    expect(ids(await list(smC, C.id))).not.toContain('own-a@r7');
    expect((await smB.get(`/api/v1/frameworks?facilityId=${A.id}`)).statusCode).toBe(404);
    expect((await smA.get(`/api/v1/frameworks/own-a/versions/r7?facilityId=${A.id}`)).statusCode).toBe(200);
    expect((await smA.get('/api/v1/frameworks/own-a/versions/r7')).statusCode).toBe(404);
    expect((await smB.get(`/api/v1/frameworks/own-a/versions/r7?facilityId=${B.id}`)).statusCode).toBe(404);

    expect(await findFrameworkEntry(env.deps, A.id, 'own-a', 'r7')).toMatchObject({ owner: { type: 'facility', facilityId: A.id }, sourceName: 'own.yaml' });
    expect(await findFrameworkEntry(env.deps, B.id, 'own-a', 'r7')).toBeNull();

    const audit = await env.deps.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'framework').execute();
    expect(audit.map((a) => [a.action, a.facility_id, a.entity_id])).toEqual([['create', A.id, created.summary.recordId]]);
  });

  it('refuses a built-in id, the same version twice, and an invalid file (400 with every issue)', async () => {
    const builtin = await smA.upload(`/api/v1/facilities/${A.id}/frameworks`, custom('mhlw-hospital', 'mine'), YAML);
    expect(builtin.statusCode).toBe(409);
    expect(builtin.json()).toMatchObject({ error: { code: 'CONFLICT', issues: [{ path: 'id', message: 'builtin_id' }] } });
    const twice = await smA.upload(`/api/v1/facilities/${A.id}/frameworks`, custom('own-a'), YAML);
    expect(twice.statusCode).toBe(409);
    // Another version of the same id is fine.
    expect((await smA.upload(`/api/v1/facilities/${A.id}/frameworks`, custom('own-a', 'r8'), YAML)).statusCode).toBe(201);

    const invalid = await smA.upload(`/api/v1/facilities/${A.id}/frameworks?fileName=x.yaml`, custom('own-x').replace('scope: network', 'scope: laptop'), YAML);
    expect(invalid.statusCode).toBe(400);
    const err = (invalid.json() as { error: { code: string; issues: { path: string; message: string }[]; detail: { frameworkIssues: { line: number }[] } } }).error;
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.issues).toEqual([{ path: 'sections.1.items.1.scope', message: expect.stringMatching(/^x\.yaml:\d+ text "laptop" is not one of/) }]);
    expect(err.detail.frameworkIssues[0]!.line).toBeGreaterThan(1);
  });

  it("a group's framework: added by its administrator, visible to its member facilities only", async () => {
    expect((await smA.upload(`/api/v1/groups/${groupId}/frameworks`, custom('group-check'), YAML)).statusCode).toBe(403);
    const res = await groupAdmin.upload(`/api/v1/groups/${groupId}/frameworks?fileName=group.yaml`, custom('group-check'), YAML);
    expect(res.statusCode, res.body).toBe(201);
    expect((res.json() as FrameworkDetailDto).summary.owner).toEqual({ type: 'group', groupId });
    expect(ids(await list(smA, A.id))).toContain('group-check@r7');
    expect(ids(await list(smC, C.id))).toContain('group-check@r7');
    expect(ids(await list(smB, B.id))).not.toContain('group-check@r7');
    // A member facility cannot add the same (id, version) its group already gives it.
    expect((await smC.upload(`/api/v1/facilities/${C.id}/frameworks`, custom('group-check'), YAML)).statusCode).toBe(409);
    expect((await admin.upload(`/api/v1/groups/${newId()}/frameworks`, custom('nowhere'), YAML)).statusCode).toBe(404);
    expect((await listFrameworkEntries(env.deps, C.id)).filter((e) => e.owner.type !== 'builtin').map((e) => e.definition.id)).toEqual(['group-check']);
  });

  it('deletes a custom framework unless a live assessment uses it', async () => {
    const own = (await list(smA, A.id)).find((i) => i.id === 'own-a' && i.version === 'r7')!;
    const group = (await list(smA, A.id)).find((i) => i.id === 'group-check')!;
    const now = env.clock.now().toISOString();
    const assessmentId = newId();
    await env.deps.db
      .insertInto('assessments')
      .values({
        id: assessmentId, facility_id: A.id, framework_id: 'own-a', framework_version: 'r7', framework_sha256: own.sha256, sheet: 'hospital', vendor_id: null, fiscal_year: 2025, title: null, status: 'in_progress',
        carried_from_id: null, manager_signed_by: null, manager_signed_at: null, executive_signed_by: null, executive_signed_at: null, locked_at: null, submitted_at: null, submitted_by_label: null,
        accepted_by: null, accepted_at: null, return_reason: null, created_by: null, created_at: now, updated_at: now, deleted_at: null,
      })
      .execute();
    expect((await itA.delete(`/api/v1/custom-frameworks/${own.recordId}`)).statusCode).toBe(403);
    expect((await smB.delete(`/api/v1/custom-frameworks/${own.recordId}`)).statusCode).toBe(404);
    const inUse = await smA.delete(`/api/v1/custom-frameworks/${own.recordId}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json()).toMatchObject({ error: { code: 'INVALID_STATE', detail: { reason: 'framework_in_use', assessmentCount: 1 } } });

    await env.deps.db.updateTable('assessments').set({ deleted_at: now }).where('id', '=', assessmentId).execute();
    expect((await smA.delete(`/api/v1/custom-frameworks/${own.recordId}`)).statusCode).toBe(200);
    expect(ids(await list(smA, A.id))).not.toContain('own-a@r7');
    expect((await smA.delete(`/api/v1/custom-frameworks/${own.recordId}`)).statusCode).toBe(404);
    // Deleted, the same version can be added again.
    expect((await smA.upload(`/api/v1/facilities/${A.id}/frameworks`, custom('own-a'), YAML)).statusCode).toBe(201);

    // A group's framework: member facilities see it (403), others do not (404); its administrator deletes it.
    expect((await smA.delete(`/api/v1/custom-frameworks/${group.recordId}`)).statusCode).toBe(403);
    expect((await smB.delete(`/api/v1/custom-frameworks/${group.recordId}`)).statusCode).toBe(404);
    expect((await groupAdmin.delete(`/api/v1/custom-frameworks/${group.recordId}`)).statusCode).toBe(200);
    expect(ids(await list(smC, C.id))).not.toContain('group-check@r7');
    const audit = await env.deps.db.selectFrom('audit_log').select(['action', 'entity_id']).where('entity_type', '=', 'framework').where('action', '=', 'delete').execute();
    expect(audit.map((a) => a.entity_id).sort()).toEqual([own.recordId, group.recordId].sort());
  });

  it('serves the .xlsx template', async () => {
    const res = await staffA.get('/api/v1/frameworks/template.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.rawPayload.subarray(0, 2).toString('latin1')).toBe('PK');
    expect((await anon.get('/api/v1/frameworks/template.xlsx')).statusCode).toBe(401);
  });
});
