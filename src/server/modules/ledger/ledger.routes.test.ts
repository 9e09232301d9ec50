import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import type { TAsset, TAssetDetail, TAssetPage, TSegment, TSegmentFlow } from '../../../shared/contracts/ledger.contract.ts';
import { buildTestApp, createTestEnv, DIALECTS, makeFacility, makeUser, TestClient, type TestEnv } from '../../testing/harness.ts';

/** The ledger over HTTP on real databases: validation, isolation, listing, flags, audit, soft delete, segments and flows. */
describe.each(DIALECTS)('ledger: assets and segments (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let B: TFacility;
  /** it_staff of A (writes), staff of A (reads only), it_staff of B. */
  let writer: TestClient;
  let staff: TestClient;
  let itB: TestClient;
  let n = 0;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    A = await makeFacility(env, 'FA');
    B = await makeFacility(env, 'FB');
    await makeUser(env, 'it@a.jp', [{ role: 'it_staff', facilityId: A.id }]);
    await makeUser(env, 'staff@a.jp', [{ role: 'staff', facilityId: A.id }]);
    await makeUser(env, 'it@b.jp', [{ role: 'it_staff', facilityId: B.id }]);
    app = await buildTestApp(env);
    writer = new TestClient(app, env);
    staff = new TestClient(app, env);
    itB = new TestClient(app, env);
    await writer.login('it@a.jp');
    await staff.login('staff@a.jp');
    await itB.login('it@b.jp');
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const assetsUrl = (f: TFacility, suffix = '') => `/api/v1/facilities/${f.id}/assets${suffix}`;
  const segmentsUrl = (f: TFacility, suffix = '') => `/api/v1/facilities/${f.id}/segments${suffix}`;
  const flowsUrl = (f: TFacility, suffix = '') => `/api/v1/facilities/${f.id}/segment-flows${suffix}`;
  const ok = <T>(res: LightMyRequestResponse, status = 200): T => {
    expect(res.statusCode, res.body).toBe(status);
    return res.json() as T;
  };
  const newAsset = async (body: Record<string, unknown>, f = A, c = writer) => ok<TAssetDetail>(await c.post(assetsUrl(f), { name: `asset-${++n}`, type: 'server', criticality: 3, ...body }), 201);
  const newSegment = async (body: Record<string, unknown>, f = A, c = writer) => ok<TSegment>(await c.post(segmentsUrl(f), { name: `seg-${++n}`, purpose: 'emr', ...body }), 201);
  const auditOf = (entityId: string) => env.deps.db.selectFrom('audit_log').selectAll().where('entity_id', '=', entityId).orderBy('seq').execute();
  const issuesOf = (res: LightMyRequestResponse) => (res.json() as { error: { issues?: { path: string; message: string }[] } }).error.issues?.map((i) => ({ path: i.path.replace(/^body\./, ''), message: i.message })) ?? [];

  it('rejects invalid input and names the field', async () => {
    const base = { name: 'PACSサーバ', type: 'server', criticality: 2 };
    const cases: [string, Record<string, unknown>, string, string?][] = [
      ['IPv4 out of range', { ips: ['10.0.0.1', '192.168.1.300'] }, 'ips.1', 'invalid_ip'],
      ['not an IP', { ips: ['pacs01'] }, 'ips.0', 'invalid_ip'],
      ['bad MAC', { macs: ['00:11:22:33:44'] }, 'macs.0', 'invalid_mac'],
      ['CPE 2.2 URI', { cpe: 'cpe:/o:fortinet:fortios:6.0.4' }, 'cpe', 'invalid_cpe'],
      ['CPE with 12 components', { cpe: 'cpe:2.3:o:fortinet:fortios:6.0.4:*:*:*:*:*:*' }, 'cpe', 'invalid_cpe'],
      ['criticality 5', { criticality: 5 }, 'criticality'],
      ['criticality missing', { criticality: undefined }, 'criticality'],
      ['unknown type', { type: 'mainframe' }, 'type'],
      ['unknown exposure', { exposure: 'dmz' }, 'exposure'],
      ['impossible date', { endOfSupport: '2026-02-30' }, 'endOfSupport', 'invalid_date'],
      ['date with time', { installDate: '2026-01-01T00:00:00Z' }, 'installDate', 'invalid_date'],
      ['bad hostname', { hostname: 'pacs 01' }, 'hostname', 'invalid_hostname'],
      ['empty name', { name: '  ' }, 'name'],
      ['unknown field', { owner: 'x' }, ''],
    ];
    for (const [what, patch, path, message] of cases) {
      const res = await writer.post(assetsUrl(A), { ...base, ...patch });
      expect(res.statusCode, what).toBe(400);
      expect(res.json().error.code, what).toBe('VALIDATION_FAILED');
      const issues = issuesOf(res);
      expect(issues.length, what).toBeGreaterThan(0);
      if (path) expect(issues.map((i) => i.path), what).toContain(path);
      if (message) expect(issues.find((i) => i.path === path)?.message, what).toBe(message);
    }
    const segCases: [string, Record<string, unknown>, string, string?][] = [
      ['bad CIDR', { cidrs: ['10.0.0.0/33'] }, 'cidrs.0', 'invalid_cidr'],
      ['no prefix', { cidrs: ['10.0.0.0/24', '10.1.0.0'] }, 'cidrs.1', 'invalid_cidr'],
      ['host bits', { cidrs: ['10.0.0.5/24'] }, 'cidrs.0', 'cidr_host_bits_set'],
      ['VLAN 4095', { vlan: 4095 }, 'vlan'],
      ['unknown purpose', { purpose: 'guest' }, 'purpose'],
    ];
    for (const [what, patch, path, message] of segCases) {
      const res = await writer.post(segmentsUrl(A), { name: 'x', purpose: 'emr', ...patch });
      expect(res.statusCode, what).toBe(400);
      const issues = issuesOf(res);
      expect(issues.map((i) => i.path), what).toContain(path);
      if (message) expect(issues.find((i) => i.path === path)?.message, what).toBe(message);
    }
    const unknownSegment = await writer.post(assetsUrl(A), { ...base, segmentId: 'no-such-segment' });
    expect(unknownSegment.statusCode).toBe(400);
    expect(issuesOf(unknownSegment)).toEqual([{ path: 'segmentId', message: 'unknown_segment' }]);
    expect(await env.deps.db.selectFrom('assets').select('id').where('name', '=', 'PACSサーバ').execute()).toEqual([]);
    expect(await env.deps.db.selectFrom('network_segments').select('id').where('name', '=', 'x').execute()).toEqual([]);
  });

  it('creates, reads and updates an asset, normalising addresses, with before/after in the audit log', async () => {
    const seg = await newSegment({ name: '電子カルテ系', cidrs: ['10.10.0.0/16', '2001:DB8:0:0::/64'], vlan: 10 });
    const created = await newAsset({
      name: '電子カルテ DBサーバ',
      assetTag: ' EMR-0001 ',
      type: 'server',
      vendor: 'NEC',
      product: 'Express5800',
      version: '',
      cpe: 'cpe:2.3:o:microsoft:windows_server_2016:-:*:*:*:*:*:*:*',
      os: 'Windows Server 2016',
      ips: ['10.10.1.5', '2001:DB8::0:5', '10.10.1.5'],
      macs: ['00-1A-2B-3C-4D-5E', '001a.2b3c.4d5f'],
      hostname: 'emr-db01',
      segmentId: seg.id,
      location: '本館3階 サーバ室',
      department: '医療情報部',
      maintainer: '電子カルテ保守株式会社',
      criticality: 1,
      holdsPatientData: true,
      exposure: 'vendor_line',
      installDate: '2019-04-01',
      endOfSupport: '2027-01-12',
      lastPatched: '2026-03-10',
      tags: ['EMR', 'DB', 'EMR'],
      notes: 'バックアップは夜間',
    });
    expect(created).toMatchObject({
      facilityId: A.id,
      assetTag: 'EMR-0001',
      version: null,
      ips: ['10.10.1.5', '2001:db8::5'],
      macs: ['00:1a:2b:3c:4d:5e', '00:1a:2b:3c:4d:5f'],
      segmentId: seg.id,
      segmentName: '電子カルテ系',
      vendorId: null,
      criticality: 1,
      holdsPatientData: true,
      exposure: 'vendor_line',
      tags: ['EMR', 'DB'],
      flags: ['unknown_version'],
      relations: [],
      ipsOutsideSegment: [],
    });
    expect(ok<TAssetDetail>(await staff.get(assetsUrl(A, `/${created.id}`)))).toEqual(created);

    env.clock.advance(60_000);
    const updated = ok<TAssetDetail>(await writer.patch(assetsUrl(A, `/${created.id}`), { version: '10.0.14393', ips: ['10.20.0.1'], notes: null }));
    expect(updated).toMatchObject({ version: '10.0.14393', ips: ['10.20.0.1'], notes: null, flags: ['ip_outside_segment'], ipsOutsideSegment: ['10.20.0.1'], assetTag: 'EMR-0001' });
    expect(updated.updatedAt > created.updatedAt).toBe(true);

    const audit = await auditOf(created.id);
    expect(audit.map((r) => [r.action, r.entity_type, r.facility_id, r.actor_label])).toEqual([
      ['create', 'asset', A.id, 'it@a.jp'],
      ['update', 'asset', A.id, 'it@a.jp'],
    ]);
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ name: '電子カルテ DBサーバ', ips: ['10.10.1.5', '2001:db8::5'] });
    expect(JSON.parse(audit[1]!.before_json!)).toMatchObject({ version: null, ips: ['10.10.1.5', '2001:db8::5'], notes: 'バックアップは夜間' });
    expect(JSON.parse(audit[1]!.after_json!)).toMatchObject({ version: '10.0.14393', ips: ['10.20.0.1'], notes: null });

    // A duplicate tag is refused, and the refused write leaves no audit event.
    const before = (await env.deps.db.selectFrom('audit_log').select('seq').execute()).length;
    const dup = await writer.post(assetsUrl(A), { name: 'dup', type: 'server', criticality: 3, assetTag: 'EMR-0001' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'CONFLICT', issues: [{ path: 'assetTag', message: 'EMR-0001' }] });
    const dupPatch = await writer.patch(assetsUrl(A, `/${(await newAsset({ assetTag: 'EMR-0002' })).id}`), { assetTag: 'EMR-0001' });
    expect(dupPatch.statusCode).toBe(409);
    expect((await env.deps.db.selectFrom('audit_log').select('seq').execute()).length).toBe(before + 1);
    // The same tag in another facility is fine.
    await newAsset({ assetTag: 'EMR-0001' }, B, itB);
  });

  it('keeps facilities apart: foreign → 404, read-only role writing → 403', async () => {
    const mine = await newAsset({ name: 'A only', ips: ['172.16.0.1'] });
    const segB = await newSegment({}, B, itB);
    const theirs = await newAsset({ name: 'B only' }, B, itB);

    for (const [what, res] of [
      ['list of a foreign facility', await itB.get(assetsUrl(A))],
      ['asset of a foreign facility', await itB.get(assetsUrl(A, `/${mine.id}`))],
      ['foreign asset through own facility', await writer.get(assetsUrl(A, `/${theirs.id}`))],
      ['patch a foreign asset', await itB.patch(assetsUrl(A, `/${mine.id}`), { name: 'pwned' })],
      ['delete a foreign asset', await itB.delete(assetsUrl(A, `/${mine.id}`))],
      ['segments of a foreign facility', await itB.get(segmentsUrl(A))],
      ['foreign segment through own facility', await writer.get(segmentsUrl(A, `/${segB.id}`))],
      ['flows of a foreign facility', await itB.get(flowsUrl(A))],
      ['not a facility', await writer.get('/api/v1/facilities/no-such-facility/assets')],
    ] as const) {
      expect(res.statusCode, what).toBe(404);
      expect(res.json().error.code, what).toBe('NOT_FOUND');
    }
    // A foreign segment or asset cannot be referenced either.
    const crossSegment = await writer.post(assetsUrl(A), { name: 'x', type: 'server', criticality: 3, segmentId: segB.id });
    expect(issuesOf(crossSegment)).toEqual([{ path: 'segmentId', message: 'unknown_segment' }]);
    const crossRelation = await writer.post(assetsUrl(A, `/${mine.id}/relations`), { kind: 'depends_on', toAssetId: theirs.id });
    expect(issuesOf(crossRelation)).toEqual([{ path: 'toAssetId', message: 'unknown_asset' }]);

    // Reading is open to every facility role; writing is not.
    expect((await staff.get(assetsUrl(A))).statusCode).toBe(200);
    for (const res of [
      await staff.post(assetsUrl(A), { name: 'x', type: 'server', criticality: 3 }),
      await staff.patch(assetsUrl(A, `/${mine.id}`), { name: 'x' }),
      await staff.delete(assetsUrl(A, `/${mine.id}`)),
      await staff.post(segmentsUrl(A), { name: 'x', purpose: 'other' }),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    const listB = ok<TAssetPage>(await itB.get(assetsUrl(B, '?pageSize=500')));
    expect(listB.items.every((a) => a.facilityId === B.id)).toBe(true);
    expect(listB.items.map((a) => a.id)).not.toContain(mine.id);
    expect(ok<TAssetDetail>(await writer.get(assetsUrl(A, `/${mine.id}`))).name).toBe('A only');
  });

  it('pages, searches, filters and sorts the list', async () => {
    const F = await makeFacility(env, `FL${dialect}`);
    await makeUser(env, `it-${dialect}@list.jp`, [{ role: 'it_staff', facilityId: F.id }]);
    const c = new TestClient(app, env);
    await c.login(`it-${dialect}@list.jp`);
    const seg = await newSegment({ name: '医療機器系', cidrs: ['10.30.0.0/24'], purpose: 'medical_device' }, F, c);
    const specs = [
      { name: 'ct-scanner', type: 'medical_device', criticality: 1, segmentId: seg.id, ips: ['10.30.0.11'], product: 'Aquilion ONE', version: '10.2', exposure: 'vendor_line', assetTag: 'MD-001' },
      { name: 'mri', type: 'medical_device', criticality: 1, segmentId: seg.id, ips: ['10.30.0.12'], version: '5.1', endOfSupport: '2025-12-31' },
      { name: 'fortigate', type: 'vpn_gateway', criticality: 2, ips: ['203.0.113.10'], product: 'FortiGate 60E', version: '6.0.4', exposure: 'internet', hostname: 'fgt-catering' },
      { name: 'nurse-pc-01', type: 'client_pc', criticality: 3, hostname: 'ns-pc-01', ips: ['10.40.0.21'], version: '22H2' },
      { name: 'nurse-pc-02', type: 'client_pc', criticality: 3, hostname: 'ns-pc-02', ips: ['10.40.0.22'], version: '22H2', endOfSupport: '2026-08-01' },
      { name: 'printer-3f', type: 'printer', criticality: 4, version: null, holdsPatientData: false },
      { name: 'emr-app', type: 'application', criticality: 1, version: '7.3', holdsPatientData: true, product: 'MegaOak' },
      { name: 'backup-data', type: 'data_store', criticality: 2, holdsPatientData: true },
    ];
    for (const s of specs) await newAsset(s, F, c);
    const list = async (query: string) => ok<TAssetPage>(await c.get(assetsUrl(F, `?${query}`)));
    const names = async (query: string) => (await list(query)).items.map((a) => a.name);

    const page1 = await list('pageSize=3');
    expect([page1.total, page1.page, page1.pageSize, page1.items.length]).toEqual([8, 1, 3, 3]);
    expect(page1.items.map((a) => a.name)).toEqual(['backup-data', 'ct-scanner', 'emr-app']);
    expect(await names('pageSize=3&page=3')).toEqual(['nurse-pc-02', 'printer-3f']);
    expect(await names('pageSize=3&page=4')).toEqual([]);
    expect((await c.get(assetsUrl(F, '?pageSize=501'))).statusCode).toBe(400);

    expect(await names('q=10.30.0.1')).toEqual(['ct-scanner', 'mri']);
    expect(await names('q=NS-PC')).toEqual(['nurse-pc-01', 'nurse-pc-02']);
    expect(await names('q=md-001')).toEqual(['ct-scanner']);
    expect(await names('q=megaoak')).toEqual(['emr-app']);
    expect(await names('q=forti')).toEqual(['fortigate']);
    expect(await names('q=100%25')).toEqual([]);

    expect(await names('type=client_pc')).toEqual(['nurse-pc-01', 'nurse-pc-02']);
    expect(await names(`segmentId=${seg.id}`)).toEqual(['ct-scanner', 'mri']);
    expect((await list('segmentId=none')).total).toBe(6);
    expect(await names('criticality=1')).toEqual(['ct-scanner', 'emr-app', 'mri']);
    expect(await names('exposure=internet')).toEqual(['fortigate']);
    expect(await names('holdsPatientData=true')).toEqual(['backup-data', 'emr-app']);
    expect(await names('type=medical_device&criticality=1&q=mri')).toEqual(['mri']);

    // Sorting: empty values last in both directions, ties by creation.
    expect(await names('sort=-criticality&pageSize=2')).toEqual(['printer-3f', 'nurse-pc-01']);
    expect(await names('sort=endOfSupport&pageSize=3')).toEqual(['mri', 'nurse-pc-02', 'ct-scanner']);
    expect(await names('sort=-endOfSupport&pageSize=3')).toEqual(['nurse-pc-02', 'mri', 'ct-scanner']);
    expect(await names('sort=-name&pageSize=2')).toEqual(['printer-3f', 'nurse-pc-02']);

    for (const bad of ['type=mainframe', 'criticality=0', 'sort=owner', 'flag=old', 'page=0', 'extra=1']) {
      expect((await c.get(assetsUrl(F, `?${bad}`))).statusCode, bad).toBe(400);
    }

    // Japanese text is found by any part of it; a match never spans two fields.
    await newAsset({ name: '電子カルテ 参照端末', type: 'client_pc', criticality: 2, hostname: 'karte-ref', version: '11' }, F, c);
    expect(await names(`q=${encodeURIComponent('カルテ')}`)).toEqual(['電子カルテ 参照端末']);
    expect(await names(`q=${encodeURIComponent('参照端末karte')}`)).toEqual([]);
  });

  it('flags end of support, unknown versions and addresses outside the segment, and filters by flag', async () => {
    const F = await makeFacility(env, `FF${dialect}`);
    await makeUser(env, `it-${dialect}@flags.jp`, [{ role: 'it_staff', facilityId: F.id }]);
    const c = new TestClient(app, env);
    await c.login(`it-${dialect}@flags.jp`);
    // The test clock says 2026-04-01 (JST).
    const seg = await newSegment({ name: '部門系', cidrs: ['192.168.10.0/24'], purpose: 'departmental' }, F, c);
    const eosPassed = await newAsset({ name: 'old-xp', type: 'medical_device', version: 'XP SP3', endOfSupport: '2014-04-08' }, F, c);
    const eosSoon = await newAsset({ name: 'win10', type: 'client_pc', version: '22H2', endOfSupport: '2026-09-27' }, F, c);
    const eosLater = await newAsset({ name: 'win11', type: 'client_pc', version: '24H2', endOfSupport: '2026-09-29' }, F, c);
    const unknown = await newAsset({ name: 'mystery-box', type: 'network_device', version: '不明' }, F, c);
    const cloud = await newAsset({ name: 'saas', type: 'cloud_service' }, F, c);
    const outside = await newAsset({ name: 'misplaced', type: 'server', version: '1', segmentId: seg.id, ips: ['192.168.10.5', '192.168.20.5'] }, F, c);
    const inside = await newAsset({ name: 'placed', type: 'server', version: '1', segmentId: seg.id, ips: ['192.168.10.6'] }, F, c);

    expect(eosPassed.flags).toEqual(['end_of_support_passed']);
    expect(eosSoon.flags).toEqual(['end_of_support_soon']);
    expect(eosLater.flags).toEqual([]);
    expect(unknown.flags).toEqual(['unknown_version']);
    expect(cloud.flags).toEqual([]);
    expect(outside.flags).toEqual(['ip_outside_segment']);
    expect(outside.ipsOutsideSegment).toEqual(['192.168.20.5']);
    expect(inside.flags).toEqual([]);

    const flagged = async (flag: string) => (ok<TAssetPage>(await c.get(assetsUrl(F, `?flag=${flag}`)))).items.map((a) => a.name);
    expect(await flagged('end_of_support_passed')).toEqual(['old-xp']);
    expect(await flagged('end_of_support_soon')).toEqual(['win10']);
    expect(await flagged('unknown_version')).toEqual(['mystery-box']);
    expect(await flagged('ip_outside_segment')).toEqual(['misplaced']);

    // Widening the segment clears the flag; narrowing it sets it on the other asset; the list agrees.
    ok<TSegment>(await c.patch(segmentsUrl(F, `/${seg.id}`), { cidrs: ['192.168.0.0/16'] }));
    expect(await flagged('ip_outside_segment')).toEqual([]);
    expect(ok<TAssetDetail>(await c.get(assetsUrl(F, `/${outside.id}`))).flags).toEqual([]);
    ok<TSegment>(await c.patch(segmentsUrl(F, `/${seg.id}`), { cidrs: ['192.168.20.0/24'] }));
    expect(await flagged('ip_outside_segment')).toEqual(['misplaced', 'placed']);
    // Moving an asset out of the segment clears its flag.
    ok<TAssetDetail>(await c.patch(assetsUrl(F, `/${inside.id}`), { segmentId: null }));
    expect(await flagged('ip_outside_segment')).toEqual(['misplaced']);

  });

  it('soft-deletes an asset: gone from reads, kept in the table and the audit log, tag free again, relations removed', async () => {
    const server = await newAsset({ name: 'app-server', assetTag: 'SV-9' });
    const app1 = await newAsset({ name: 'lab-system', type: 'application' });
    const rel = await writer.post(assetsUrl(A, `/${app1.id}/relations`), { kind: 'runs_on', toAssetId: server.id });
    expect(rel.statusCode, rel.body).toBe(201);
    expect(rel.json()).toMatchObject({ kind: 'runs_on', direction: 'outgoing', assetId: server.id, assetName: 'app-server', assetType: 'server' });
    expect(ok<TAssetDetail>(await writer.get(assetsUrl(A, `/${server.id}`))).relations).toEqual([
      { id: rel.json().id, kind: 'runs_on', direction: 'incoming', assetId: app1.id, assetName: 'lab-system', assetType: 'application' },
    ]);

    expect(ok<{ ok: true }>(await writer.delete(assetsUrl(A, `/${server.id}`)))).toEqual({ ok: true });
    expect((await writer.get(assetsUrl(A, `/${server.id}`))).statusCode).toBe(404);
    expect((await writer.patch(assetsUrl(A, `/${server.id}`), { name: 'again' })).statusCode).toBe(404);
    expect((await writer.delete(assetsUrl(A, `/${server.id}`))).statusCode).toBe(404);
    const listed = ok<TAssetPage>(await writer.get(assetsUrl(A, '?q=app-server')));
    expect(listed.items).toEqual([]);
    const row = await env.deps.db.selectFrom('assets').select(['deleted_at', 'name']).where('id', '=', server.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: 'app-server', deleted_at: env.clock.now().toISOString() });
    expect(ok<TAssetDetail>(await writer.get(assetsUrl(A, `/${app1.id}`))).relations).toEqual([]);
    expect(await env.deps.db.selectFrom('asset_relations').select('id').where('to_asset_id', '=', server.id).execute()).toEqual([]);

    const audit = await auditOf(server.id);
    expect(audit.map((r) => r.action)).toEqual(['create', 'delete']);
    expect(JSON.parse(audit[1]!.before_json!)).toMatchObject({ name: 'app-server', assetTag: 'SV-9', relations: [{ kind: 'runs_on', direction: 'incoming', assetId: app1.id }] });
    expect(JSON.parse(audit[1]!.after_json!)).toEqual({ deletedAt: env.clock.now().toISOString() });
    expect((await auditOf(rel.json().id)).map((r) => [r.entity_type, r.action])).toEqual([['asset_relation', 'create']]);

    // The tag may be used again once its holder is deleted.
    expect((await newAsset({ name: 'app-server-2', assetTag: 'SV-9' })).assetTag).toBe('SV-9');
  });

  it('manages relations between assets', async () => {
    const db = await newAsset({ name: 'db' });
    const web = await newAsset({ name: 'web', type: 'application' });
    const url = assetsUrl(A, `/${web.id}/relations`);
    const runsOn = ok<{ id: string }>(await writer.post(url, { kind: 'runs_on', toAssetId: db.id }), 201);
    ok(await writer.post(url, { kind: 'depends_on', toAssetId: db.id }), 201);
    expect((await writer.post(url, { kind: 'runs_on', toAssetId: db.id })).statusCode).toBe(409);
    expect(issuesOf(await writer.post(url, { kind: 'runs_on', toAssetId: web.id }))).toEqual([{ path: 'toAssetId', message: 'same_asset' }]);
    expect(issuesOf(await writer.post(url, { kind: 'hosts', toAssetId: db.id })).map((i) => i.path)).toEqual(['kind']);
    expect((await staff.post(url, { kind: 'runs_on', toAssetId: db.id })).statusCode).toBe(403);

    expect(ok<TAssetDetail>(await writer.get(assetsUrl(A, `/${web.id}`))).relations.map((r) => [r.kind, r.direction, r.assetName])).toEqual([
      ['runs_on', 'outgoing', 'db'],
      ['depends_on', 'outgoing', 'db'],
    ]);
    // A relation is removed through either of its assets, not through an unrelated one.
    const other = await newAsset({ name: 'other' });
    expect((await writer.delete(assetsUrl(A, `/${other.id}/relations/${runsOn.id}`))).statusCode).toBe(404);
    expect((await writer.delete(assetsUrl(A, `/${db.id}/relations/${runsOn.id}`))).statusCode).toBe(200);
    expect((await writer.delete(assetsUrl(A, `/${db.id}/relations/${runsOn.id}`))).statusCode).toBe(404);
    expect(ok<TAssetDetail>(await writer.get(assetsUrl(A, `/${web.id}`))).relations.map((r) => r.kind)).toEqual(['depends_on']);
    expect((await auditOf(runsOn.id)).map((r) => r.action)).toEqual(['create', 'delete']);
  });

  it('manages segments and flows; a segment in use cannot be deleted and says by how many assets', async () => {
    const emr = await newSegment({ name: '電子カルテ系 VLAN10', cidrs: ['10.10.0.0/16'], vlan: 10 });
    const maint = await newSegment({ name: '保守回線', cidrs: [], purpose: 'maintenance' });
    expect((await writer.post(segmentsUrl(A), { name: '電子カルテ系 VLAN10', purpose: 'emr' })).statusCode).toBe(409);
    expect((await writer.patch(segmentsUrl(A, `/${maint.id}`), { name: '電子カルテ系 VLAN10' })).statusCode).toBe(409);
    // The same name in another facility is fine.
    await newSegment({ name: '電子カルテ系 VLAN10' }, B, itB);

    const a1 = await newAsset({ segmentId: emr.id, ips: ['10.10.0.1'] });
    const a2 = await newAsset({ segmentId: emr.id, ips: ['10.10.0.2'] });
    const deleted = await newAsset({ segmentId: emr.id });
    ok(await writer.delete(assetsUrl(A, `/${deleted.id}`)));

    const listed = ok<{ items: TSegment[] }>(await staff.get(segmentsUrl(A)));
    expect(listed.items.find((s) => s.id === emr.id)).toMatchObject({ assetCount: 2, cidrs: ['10.10.0.0/16'], vlan: 10, purpose: 'emr' });
    expect(ok<TSegment>(await staff.get(segmentsUrl(A, `/${maint.id}`)))).toMatchObject({ assetCount: 0, purpose: 'maintenance' });

    const flow = ok<TSegmentFlow>(await writer.post(flowsUrl(A), { fromSegmentId: maint.id, toSegmentId: emr.id, services: 'TCP/3389', description: 'リモート保守' }), 201);
    expect((await writer.post(flowsUrl(A), { fromSegmentId: maint.id, toSegmentId: emr.id })).statusCode).toBe(409);
    expect(issuesOf(await writer.post(flowsUrl(A), { fromSegmentId: emr.id, toSegmentId: emr.id }))).toEqual([{ path: 'toSegmentId', message: 'same_segment' }]);
    expect(issuesOf(await writer.post(flowsUrl(A), { fromSegmentId: 'nope', toSegmentId: emr.id }))).toEqual([{ path: 'fromSegmentId', message: 'unknown_segment' }]);
    expect(ok<TSegmentFlow>(await writer.patch(flowsUrl(A, `/${flow.id}`), { services: 'TCP/22' })).services).toBe('TCP/22');
    expect(ok<{ items: TSegmentFlow[] }>(await staff.get(flowsUrl(A))).items.map((f) => f.id)).toContain(flow.id);
    expect((await staff.patch(flowsUrl(A, `/${flow.id}`), { services: 'any' })).statusCode).toBe(403);

    const conflict = await writer.delete(segmentsUrl(A, `/${emr.id}`));
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error).toMatchObject({ code: 'IN_USE', detail: { reason: 'segment_in_use', assetCount: 2 }, issues: [{ path: 'segmentId', message: 'in_use:2' }] });
    expect((await auditOf(emr.id)).map((r) => r.action)).toEqual(['create']);

    ok(await writer.patch(assetsUrl(A, `/${a1.id}`), { segmentId: null }));
    ok(await writer.delete(assetsUrl(A, `/${a2.id}`)));
    ok(await writer.delete(segmentsUrl(A, `/${emr.id}`)));
    expect((await writer.get(segmentsUrl(A, `/${emr.id}`))).statusCode).toBe(404);
    // Its flows went with it, and the audit event keeps them.
    expect(ok<{ items: TSegmentFlow[] }>(await writer.get(flowsUrl(A))).items.map((f) => f.id)).not.toContain(flow.id);
    const audit = await auditOf(emr.id);
    expect(audit.map((r) => r.action)).toEqual(['create', 'delete']);
    expect(JSON.parse(audit[1]!.before_json!)).toMatchObject({ name: '電子カルテ系 VLAN10', flows: [{ id: flow.id, services: 'TCP/22' }] });
    // The soft-deleted asset let go of the segment.
    const row = await env.deps.db.selectFrom('assets').select('segment_id').where('id', '=', deleted.id).executeTakeFirstOrThrow();
    expect(row.segment_id).toBeNull();
    expect((await writer.delete(flowsUrl(A, `/${flow.id}`))).statusCode).toBe(404);
    const back = ok<TSegmentFlow>(await writer.post(flowsUrl(A), { fromSegmentId: maint.id, toSegmentId: (await newSegment({})).id }), 201);
    expect((await staff.delete(flowsUrl(A, `/${back.id}`))).statusCode).toBe(403);
    expect(ok(await writer.delete(flowsUrl(A, `/${back.id}`)))).toEqual({ ok: true });
    expect((await auditOf(back.id)).map((r) => r.action)).toEqual(['create', 'delete']);
  });

  it('needs the ledger scopes when called with an API token', async () => {
    const mint = async (scopes: string[]) => ok<{ token: string }>(await writer.post('/api/v1/me/tokens', { name: `t${++n}`, scopes, facilityId: null }), 201).token;
    const call = (token: string, method: 'GET' | 'POST', url: string, body?: unknown) =>
      app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { payload: JSON.stringify(body) }) });
    const facilitiesOnly = await mint(['facilities:read']);
    const readOnly = await mint(['ledger:read']);
    const readWrite = await mint(['ledger:read', 'ledger:write']);
    const body = { name: 'via-token', type: 'iot', criticality: 4 };

    expect((await call(facilitiesOnly, 'GET', assetsUrl(A))).json().error.code).toBe('TOKEN_SCOPE');
    expect((await call(readOnly, 'GET', assetsUrl(A))).statusCode).toBe(200);
    expect((await call(readOnly, 'POST', assetsUrl(A), body)).json().error.code).toBe('TOKEN_SCOPE');
    expect((await call(readWrite, 'POST', assetsUrl(A), body)).statusCode).toBe(201);
    expect((await call(readWrite, 'GET', assetsUrl(B))).statusCode).toBe(404);
    const created = await env.deps.db.selectFrom('audit_log').select('actor_label').where('entity_type', '=', 'asset').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(created.actor_label).toContain('it@a.jp');
  });

  it('lists as TAsset without relation details', async () => {
    const page = ok<TAssetPage>(await staff.get(assetsUrl(A, '?pageSize=1')));
    const item = page.items[0] as TAsset & { relations?: unknown };
    expect(item.relations).toBeUndefined();
    expect(Array.isArray(item.flags)).toBe(true);
  });
});
