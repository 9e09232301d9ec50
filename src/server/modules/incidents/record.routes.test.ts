import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AffectedRecordDto, CommRecordDto, ObservableBulkResultDto, ObservableDto, TimelineEntryDto } from '../../../shared/contracts/incident-records.contract.ts';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import { ZAssetCreate } from '../../../shared/contracts/ledger.contract.ts';
import { ZVendorCreate } from '../../../shared/contracts/vendors.contract.ts';
import { newId } from '../../lib/ids.ts';
import { buildTestApp, createTestEnv, DIALECTS, fails, invalidWith, makeFacility, makeUsers, ok, signIn, SYSTEM, type TestClient, type TestEnv } from '../../testing/harness.ts';
import { insertConnectionTx } from '../connections/index.ts';
import { deleteAsset, insertAssetTx } from '../ledger/index.ts';
import { insertVendorTx } from '../vendors/index.ts';
import { insertTestCase } from './incident.test-support.ts';
import { insertContactEntryTx } from './index.ts';
import { insertTimelineEntry } from './timeline.repository.ts';

/** The records of a case over HTTP on real databases: timeline, affected ledger records, observables, communications. */
describe.each(DIALECTS)('incident case records (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let B: TFacility;
  let sm: TestClient;
  let it_: TestClient;
  let auditor: TestClient;
  let staff: TestClient;
  let smB: TestClient;
  let n = 0;

  const NOW = new Date('2026-05-02T03:00:00.000Z');

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    env.clock.set(NOW);
    A = await makeFacility(env, 'RA', 'みなと試験病院');
    B = await makeFacility(env, 'RB');
    const made = await makeUsers(env, {
      sm: ['sm@a.jp', 'security_manager', A.id],
      it: ['it@a.jp', 'it_staff', A.id],
      auditor: ['auditor@a.jp', 'auditor', A.id],
      staff: ['staff@a.jp', 'staff', A.id],
      smB: ['sm@b.jp', 'security_manager', B.id],
    });
    app = await buildTestApp(env);
    ({ sm, it: it_, auditor, staff, smB } = await signIn(app, env, made));
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  /** A case written straight into the table (the case service belongs to another part of the module). */
  const makeCase = async (f: TFacility, status: 'open' | 'closed' = 'open') => (await insertTestCase(env, f.id, { status, discoveredAt: '2026-05-01T00:00:00.000Z' })).id;
  const closeCase = (id: string) => env.deps.db.updateTable('incident_cases').set({ status: 'closed', closed_at: env.clock.now().toISOString() }).where('id', '=', id).execute();
  const url = (caseId: string, suffix: string) => `/api/v1/incidents/${caseId}/${suffix}`;
  const auditOf = (entityType: string, entityId?: string) => {
    let q = env.deps.db.selectFrom('audit_log').select(['entity_id', 'action', 'before_json', 'after_json', 'facility_id']).where('entity_type', '=', entityType);
    if (entityId) q = q.where('entity_id', '=', entityId);
    return q.orderBy('seq').execute();
  };
  const asset = (f: TFacility, fields: Record<string, unknown> = {}) =>
    env.deps.db.transaction().execute(async (trx) => (await insertAssetTx(env.deps, trx, SYSTEM, f.id, ZAssetCreate.parse({ name: `asset-${++n}`, type: 'server', criticality: 3, ...fields }))).id);
  const vendor = (f: TFacility, name: string) => env.deps.db.transaction().execute(async (trx) => (await insertVendorTx(env.deps, trx, SYSTEM, f.id, ZVendorCreate.parse({ name }))).id);
  const connection = async (f: TFacility, fields: Record<string, unknown> = {}) => {
    const input = { name: `conn-${++n}`, vendorId: null, kind: 'ssl_vpn' as const, auth: 'mfa' as const, accountMode: 'named' as const, targetAssetIds: [], internetFacing: false, allowedDays: [], reviewIntervalMonths: 12, ...fields };
    return env.deps.db.transaction().execute(async (trx) => (await insertConnectionTx(env.deps, trx, SYSTEM, f.id, input as never, {})).id);
  };
  const contactEntry = (f: TFacility, input: Record<string, unknown>) =>
    env.deps.db.transaction().execute(async (trx) => (await insertContactEntryTx(env.deps, trx, SYSTEM, f.id, input as never)).id);

  // --- timeline ---------------------------------------------------------------------------------

  it('timeline: adds entries in a stated zone, lists them oldest first, deletes only hand-written notes and actions', async () => {
    const c = await makeCase(A);
    // JST midnight stated as local time: the day before in UTC.
    const midnight = ok<TimelineEntryDto>(await sm.post(url(c, 'timeline'), { occurredAt: '2026-05-01T00:00', timeZone: 'Asia/Tokyo', kind: 'note', text: '電子カルテ端末の画面に脅迫文' }), 201);
    expect(midnight).toMatchObject({ occurredAt: '2026-04-30T15:00:00.000Z', timeZone: 'Asia/Tokyo', kind: 'note', author: { name: 'sm' }, deletable: true });
    const utcLog = ok<TimelineEntryDto>(await it_.post(url(c, 'timeline'), { occurredAt: '2026-04-30T14:59:00Z', kind: 'action', text: 'FW log: first connection to C2' }), 201);
    expect(utcLog).toMatchObject({ occurredAt: '2026-04-30T14:59:00.000Z', timeZone: 'UTC', author: { name: 'it' } });
    const offset = ok<TimelineEntryDto>(await sm.post(url(c, 'timeline'), { occurredAt: '2026-05-01T09:30+09:00', timeZone: 'America/New_York', kind: 'action', text: 'ネットワークから隔離' }), 201);
    expect(offset).toMatchObject({ occurredAt: '2026-05-01T00:30:00.000Z', timeZone: 'America/New_York' });
    const systemId = await env.deps.db.transaction().execute((trx) =>
      insertTimelineEntry(trx, { caseId: c, occurredAt: '2026-05-01T01:00:00.000Z', timeZone: 'Asia/Tokyo', kind: 'phase', text: '報告・体制構築へ', createdBy: null, createdAt: NOW.toISOString() }),
    );

    // An action mamori wrote itself (a task done) is not a hand-written one.
    const taskDoneId = await env.deps.db.transaction().execute((trx) =>
      insertTimelineEntry(trx, { caseId: c, occurredAt: '2026-05-01T02:00:00.000Z', timeZone: 'Asia/Tokyo', kind: 'action', text: 'タスク完了: 隔離', createdBy: null, createdAt: NOW.toISOString() }),
    );

    const list = ok<{ items: TimelineEntryDto[] }>(await auditor.get(url(c, 'timeline')));
    expect(list.items.map((e) => e.id)).toEqual([utcLog.id, midnight.id, offset.id, systemId, taskDoneId]);
    expect(list.items.map((e) => e.deletable)).toEqual([true, true, true, false, false]);
    expect(list.items.find((e) => e.id === systemId)).toMatchObject({ kind: 'phase', author: null, deletable: false });

    // Validation with paths and stable keys.
    invalidWith(await sm.post(url(c, 'timeline'), { occurredAt: '2026-05-01T09:30', kind: 'note', text: 'x' }), [{ path: 'timeZone', message: 'time_zone_required' }]);
    invalidWith(await sm.post(url(c, 'timeline'), { occurredAt: '2026-05-01T09:30', timeZone: 'Tokyo/Mars', kind: 'note', text: 'x' }), [{ path: 'timeZone', message: 'invalid_time_zone' }]);
    invalidWith(await sm.post(url(c, 'timeline'), { occurredAt: '2026-02-30T09:30Z', kind: 'note', text: 'x' }), [{ path: 'occurredAt', message: 'invalid_date_time' }]);
    invalidWith(await sm.post(url(c, 'timeline'), { occurredAt: '2026-05-03T09:30+09:00', kind: 'note', text: 'x' }), [{ path: 'occurredAt', message: 'in_future' }]);
    invalidWith(await sm.post(url(c, 'timeline'), { occurredAt: '2026-05-01T09:30Z', kind: 'system', text: 'x' }), [{ path: 'body.kind' }]);
    invalidWith(await sm.post(url(c, 'timeline'), { occurredAt: '2026-05-01T09:30Z', kind: 'note', text: 'x'.repeat(4001) }), [{ path: 'body.text' }]);
    invalidWith(await sm.post(url(c, 'timeline'), { occurredAt: '2026-05-01T09:30Z', kind: 'note', text: '   ' }), [{ path: 'body.text' }]);

    // Deleting: hand-written notes/actions only; audited with the text.
    ok(await it_.delete(`/api/v1/incident-timeline/${midnight.id}`));
    fails(await sm.delete(`/api/v1/incident-timeline/${midnight.id}`), 404, 'NOT_FOUND');
    fails(await sm.delete(`/api/v1/incident-timeline/${systemId}`), 409, 'INVALID_STATE');
    fails(await sm.delete(`/api/v1/incident-timeline/${taskDoneId}`), 409, 'INVALID_STATE');
    const audit = await auditOf('incident_timeline', midnight.id);
    expect(audit.map((r) => r.action)).toEqual(['create', 'delete']);
    expect(JSON.parse(audit[1]!.before_json!)).toMatchObject({ text: '電子カルテ端末の画面に脅迫文', kind: 'note', occurredAt: '2026-04-30T15:00:00.000Z' });
    expect(audit[1]!.facility_id).toBe(A.id);
  });

  // --- affected ---------------------------------------------------------------------------------

  it('affected: records assets and connections of the facility with names, addresses, vendors and flags', async () => {
    const c = await makeCase(A);
    const v = await vendor(A, '株式会社カルテ保守');
    const server = await asset(A, { name: '電子カルテサーバ', ips: ['10.0.0.5'], vendorId: v, endOfSupport: '2025-03-31' });
    const vpn = await connection(A, { name: '保守用VPN', vendorId: v, auth: 'none' });
    const added = ok<AffectedRecordDto>(await it_.post(url(c, 'affected'), { targetType: 'asset', targetId: server, note: '暗号化を確認' }), 201);
    expect(added).toMatchObject({ targetType: 'asset', targetId: server, name: '電子カルテサーバ', type: 'server', ips: ['10.0.0.5'], vendor: { id: v, name: '株式会社カルテ保守' }, removed: false, note: '暗号化を確認' });
    expect(added.flags).toContain('end_of_support_passed');
    const line = ok<AffectedRecordDto>(await sm.post(url(c, 'affected'), { targetType: 'connection', targetId: vpn }), 201);
    expect(line).toMatchObject({ name: '保守用VPN', type: 'ssl_vpn', status: 'requested', vendor: { name: '株式会社カルテ保守' }, ips: [] });
    expect(line.flags).toContain('no_auth');
    // A line through an internet-facing gateway past its support, with a password only.
    const gateway = await asset(A, { name: 'VPN装置', type: 'vpn_gateway', exposure: 'internet', endOfSupport: '2024-12-31', ips: ['203.0.113.10'] });
    const remote = await connection(A, { name: 'リモート保守', auth: 'password', entryAssetId: gateway, credentialsRotatedOn: '2026-04-01' });
    const remoteRecord = ok<AffectedRecordDto>(await sm.post(url(c, 'affected'), { targetType: 'connection', targetId: remote }), 201);
    expect(remoteRecord.flags).toEqual(expect.arrayContaining(['no_mfa_internet', 'entry_device_eos']));
    expect(remoteRecord.vendor).toBeNull();
    ok(await sm.delete(`/api/v1/incident-affected/${remoteRecord.id}`));

    // The same target twice; targets of another facility or unknown ids look the same.
    fails(await sm.post(url(c, 'affected'), { targetType: 'asset', targetId: server }), 409, 'CONFLICT');
    const foreignAsset = await asset(B);
    const foreignLine = await connection(B);
    invalidWith(await sm.post(url(c, 'affected'), { targetType: 'asset', targetId: foreignAsset }), [{ path: 'targetId', message: 'unknown_asset' }]);
    invalidWith(await sm.post(url(c, 'affected'), { targetType: 'connection', targetId: foreignLine }), [{ path: 'targetId', message: 'unknown_connection' }]);
    invalidWith(await sm.post(url(c, 'affected'), { targetType: 'asset', targetId: newId() }), [{ path: 'targetId', message: 'unknown_asset' }]);
    invalidWith(await sm.post(url(c, 'affected'), { targetType: 'asset', targetId: vpn }), [{ path: 'targetId', message: 'unknown_asset' }]);
    invalidWith(await sm.post(url(c, 'affected'), { targetType: 'segment', targetId: server }), [{ path: 'body.targetType' }]);

    // A deleted asset stays named on the case, marked removed; a deleted asset cannot be added.
    const pc = await asset(A, { name: '受付PC', type: 'client_pc' });
    const pcRecord = ok<AffectedRecordDto>(await sm.post(url(c, 'affected'), { targetType: 'asset', targetId: pc }), 201);
    await deleteAsset(env.deps, SYSTEM, A.id, pc);
    const list = ok<{ items: AffectedRecordDto[] }>(await auditor.get(url(c, 'affected')));
    expect(list.items.map((r) => [r.name, r.removed])).toEqual([
      ['電子カルテサーバ', false],
      ['保守用VPN', false],
      ['受付PC', true],
    ]);
    const other = await makeCase(A);
    invalidWith(await sm.post(url(other, 'affected'), { targetType: 'asset', targetId: pc }), [{ path: 'targetId', message: 'unknown_asset' }]);

    ok(await sm.delete(`/api/v1/incident-affected/${pcRecord.id}`));
    expect(ok<{ items: AffectedRecordDto[] }>(await sm.get(url(c, 'affected'))).items).toHaveLength(2);
    expect((await auditOf('incident_affected', pcRecord.id)).map((r) => r.action)).toEqual(['create', 'delete']);
    // Nothing of another facility's record leaks into the error.
    const res = await sm.post(url(c, 'affected'), { targetType: 'asset', targetId: foreignAsset });
    expect(res.body).not.toContain(B.id);
  });

  // --- observables ------------------------------------------------------------------------------

  it('observables: normalises defanged input, refuses duplicates, bulk-pastes with skipped lines, exports CSV', async () => {
    const c = await makeCase(A);
    const ip = ok<ObservableDto>(await it_.post(url(c, 'observables'), { type: 'ipv4', value: '198.51.100[.]7', note: 'C2' }), 201);
    expect(ip).toMatchObject({ type: 'ipv4', value: '198.51.100.7', note: 'C2', createdBy: { name: 'it' } });
    const u = ok<ObservableDto>(await sm.post(url(c, 'observables'), { type: 'url', value: 'hxxps://Evil[.]Example/Pay' }), 201);
    expect(u.value).toBe('https://evil.example/Pay');
    const hash = ok<ObservableDto>(await sm.post(url(c, 'observables'), { type: 'sha256', value: 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855' }), 201);
    expect(hash.value).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    const conflict = await sm.post(url(c, 'observables'), { type: 'ipv4', value: '198.51.100.7' });
    fails(conflict, 409, 'CONFLICT');
    expect((conflict.json() as { error: { detail: { id: string } } }).error.detail.id).toBe(ip.id);
    invalidWith(await sm.post(url(c, 'observables'), { type: 'sha256', value: 'abc' }), [{ path: 'value', message: 'invalid_sha256' }]);
    invalidWith(await sm.post(url(c, 'observables'), { type: 'ipv6', value: '1.2.3.4' }), [{ path: 'value', message: 'invalid_ipv6' }]);
    invalidWith(await sm.post(url(c, 'observables'), { type: 'email', value: 'not-an-address' }), [{ path: 'value', message: 'invalid_email' }]);
    invalidWith(await sm.post(url(c, 'observables'), { type: 'hostname', value: 'x' }), [{ path: 'body.type' }]);

    const text = [
      '# IOC from the vendor',
      'evil[.]example',
      '198.51.100.7',
      'what is this',
      'phish[@]evil[.]example   送信元',
      'md5: 12345',
      "file_name: =cmd|' /C calc'!A0",
      'evil.example',
    ].join('\n');
    const bulk = ok<ObservableBulkResultDto>(await sm.post(url(c, 'observables/bulk'), { text }));
    expect(bulk.saved).toBe('valid_lines');
    expect(bulk.created.map((o) => [o.line, o.type, o.value, o.note])).toEqual([
      [2, 'domain', 'evil.example', null],
      [5, 'email', 'phish@evil.example', '送信元'],
      [7, 'file_name', "=cmd|' /C calc'!A0", null],
    ]);
    expect(bulk.skipped).toEqual([
      { line: 3, text: '198.51.100.7', reason: 'already_recorded' },
      { line: 4, text: 'what is this', reason: 'unknown_type' },
      { line: 6, text: 'md5: 12345', reason: 'invalid_md5' },
      { line: 8, text: 'evil.example', reason: 'duplicate_in_input' },
    ]);
    const all = ok<{ items: ObservableDto[] }>(await auditor.get(url(c, 'observables')));
    expect(all.items).toHaveLength(6);
    expect((await auditOf('incident_observable')).filter((r) => JSON.parse(r.after_json ?? '{}').caseId === c && JSON.parse(r.after_json ?? '{}').bulk === true)).toHaveLength(3);
    invalidWith(await sm.post(url(c, 'observables/bulk'), { text: '\n# nothing\n' }), [{ path: 'text', message: 'required' }]);
    invalidWith(await sm.post(url(c, 'observables/bulk'), { text: 'a\n'.repeat(2001) }), [{ path: 'text', message: 'too_many_lines' }]);

    const csv = await auditor.get(url(c, 'observables.csv'));
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="mamori-observables-case-\d+-20260502\.csv"$/);
    expect(csv.body.startsWith('\uFEFFtype,value,note,created_at,created_by\r\n')).toBe(true);
    expect(csv.body).toContain('ipv4,198.51.100.7,C2,');
    expect(csv.body).toContain(`file_name,'=cmd|' /C calc'!A0,`);

    ok(await sm.delete(`/api/v1/incident-observables/${ip.id}`));
    fails(await sm.delete(`/api/v1/incident-observables/${ip.id}`), 404, 'NOT_FOUND');
    expect((await auditOf('incident_observable', ip.id)).map((r) => r.action)).toEqual(['create', 'delete']);
    // Deleted, it may be recorded again.
    ok(await sm.post(url(c, 'observables'), { type: 'ipv4', value: '198.51.100.7' }), 201);
  });

  // --- communications log -----------------------------------------------------------------------

  it('comms: logs who was told what, from the contact chart or typed, with a timeline entry that goes with it', async () => {
    const c = await makeCase(A);
    const mhlw = await contactEntry(A, { side: 'external', kind: 'mhlw', roleLabel: '医政局 特定医薬品開発支援・医療情報担当参事官室', organization: '厚生労働省', phone: '03-0000-0000' });
    const foreignEntry = await contactEntry(B, { side: 'internal', kind: 'it', roleLabel: '情報システム', phone: '090-0000-0000' });
    const told = ok<CommRecordDto>(
      await sm.post(url(c, 'comms'), { occurredAt: '2026-05-01T10:15', timeZone: 'Asia/Tokyo', direction: 'outgoing', channel: 'phone', contactEntryId: mhlw, summary: '第一報:電子カルテが暗号化された' }),
      201,
    );
    expect(told).toMatchObject({ occurredAt: '2026-05-01T01:15:00.000Z', direction: 'outgoing', channel: 'phone', party: '厚生労働省 医政局 特定医薬品開発支援・医療情報担当参事官室', contactEntryId: mhlw, createdBy: { name: 'sm' } });
    const typed = ok<CommRecordDto>(await it_.post(url(c, 'comms'), { occurredAt: '2026-05-01T02:00:00Z', direction: 'incoming', channel: 'email', party: '保守ベンダー', summary: 'VPN機器のログを送付' }), 201);
    expect(typed).toMatchObject({ party: '保守ベンダー', contactEntryId: null });

    const log = ok<{ items: CommRecordDto[] }>(await auditor.get(url(c, 'comms')));
    expect(log.items.map((x) => x.id)).toEqual([told.id, typed.id]);
    const tl = ok<{ items: TimelineEntryDto[] }>(await auditor.get(url(c, 'timeline')));
    expect(tl.items.map((e) => [e.id, e.kind, e.timeZone, e.deletable])).toEqual([
      [told.id, 'communication', 'Asia/Tokyo', false],
      [typed.id, 'communication', 'UTC', false],
    ]);
    expect(tl.items[0]!.text).toBe('厚生労働省 医政局 特定医薬品開発支援・医療情報担当参事官室へ連絡(電話):第一報:電子カルテが暗号化された');
    expect(tl.items[1]!.text).toBe('保守ベンダーから連絡(メール):VPN機器のログを送付');
    // The timeline entry of a communication goes with the log, not by itself.
    fails(await sm.delete(`/api/v1/incident-timeline/${told.id}`), 409, 'INVALID_STATE');

    invalidWith(await sm.post(url(c, 'comms'), { occurredAt: '2026-05-01T02:00:00Z', direction: 'outgoing', channel: 'phone', summary: 'x' }), [{ path: 'party', message: 'party_or_contact_required' }]);
    invalidWith(await sm.post(url(c, 'comms'), { occurredAt: '2026-05-01T02:00:00Z', direction: 'outgoing', channel: 'phone', contactEntryId: foreignEntry, summary: 'x' }), [
      { path: 'contactEntryId', message: 'unknown_contact_entry' },
    ]);
    invalidWith(await sm.post(url(c, 'comms'), { occurredAt: '2026-05-01T02:00', direction: 'sideways', channel: 'pigeon', party: 'x', summary: '' }), [
      { path: 'body.direction' },
      { path: 'body.channel' },
      { path: 'body.summary' },
    ]);
    invalidWith(await sm.post(url(c, 'comms'), { occurredAt: '2026-05-01T02:00', direction: 'outgoing', channel: 'phone', party: 'x', summary: 'y' }), [{ path: 'timeZone', message: 'time_zone_required' }]);

    ok(await sm.delete(`/api/v1/incident-comms/${told.id}`));
    expect(ok<{ items: TimelineEntryDto[] }>(await sm.get(url(c, 'timeline'))).items.map((e) => e.id)).toEqual([typed.id]);
    const audit = await auditOf('incident_comm', told.id);
    expect(audit.map((r) => r.action)).toEqual(['create', 'delete']);
    expect(JSON.parse(audit[1]!.before_json!)).toMatchObject({ party: '厚生労働省 医政局 特定医薬品開発支援・医療情報担当参事官室', summary: '第一報:電子カルテが暗号化された' });
    expect(JSON.parse(audit[1]!.after_json!)).toEqual({ timelineEntryRemoved: true });
  });

  // --- state, roles and facilities ----------------------------------------------------------------

  it('a closed case is read-only', async () => {
    const c = await makeCase(A);
    const server = await asset(A);
    const note = ok<TimelineEntryDto>(await sm.post(url(c, 'timeline'), { occurredAt: '2026-05-01T09:00+09:00', kind: 'note', text: 'メモ' }), 201);
    const affected = ok<AffectedRecordDto>(await sm.post(url(c, 'affected'), { targetType: 'asset', targetId: server }), 201);
    const obs = ok<ObservableDto>(await sm.post(url(c, 'observables'), { type: 'domain', value: 'closed.example' }), 201);
    const comm = ok<CommRecordDto>(await sm.post(url(c, 'comms'), { occurredAt: '2026-05-01T09:00+09:00', direction: 'outgoing', channel: 'phone', party: '院長', summary: '報告' }), 201);
    await closeCase(c);

    for (const suffix of ['timeline', 'affected', 'observables', 'comms', 'observables.csv']) expect((await auditor.get(url(c, suffix))).statusCode, suffix).toBe(200);
    const closed = (res: LightMyRequestResponse) => fails(res, 409, 'INVALID_STATE');
    closed(await sm.post(url(c, 'timeline'), { occurredAt: '2026-05-01T09:00+09:00', kind: 'note', text: 'x' }));
    closed(await sm.post(url(c, 'affected'), { targetType: 'asset', targetId: await asset(A) }));
    closed(await sm.post(url(c, 'observables'), { type: 'domain', value: 'other.example' }));
    closed(await sm.post(url(c, 'observables/bulk'), { text: 'other.example' }));
    closed(await sm.post(url(c, 'comms'), { occurredAt: '2026-05-01T09:00+09:00', direction: 'outgoing', channel: 'phone', party: 'x', summary: 'y' }));
    closed(await sm.delete(`/api/v1/incident-timeline/${note.id}`));
    closed(await sm.delete(`/api/v1/incident-affected/${affected.id}`));
    closed(await sm.delete(`/api/v1/incident-observables/${obs.id}`));
    closed(await sm.delete(`/api/v1/incident-comms/${comm.id}`));
    // A case created closed, too.
    closed(await sm.post(url(await makeCase(A, 'closed'), 'timeline'), { occurredAt: '2026-05-01T09:00+09:00', kind: 'note', text: 'x' }));
  });

  it('isolates facilities and roles: another facility’s case is 404, readers cannot write, staff cannot read', async () => {
    const c = await makeCase(A);
    const obs = ok<ObservableDto>(await sm.post(url(c, 'observables'), { type: 'domain', value: 'isolated.example' }), 201);
    for (const suffix of ['timeline', 'affected', 'observables', 'comms', 'observables.csv']) {
      fails(await smB.get(url(c, suffix)), 404, 'NOT_FOUND');
      fails(await staff.get(url(c, suffix)), 403, 'FORBIDDEN');
    }
    fails(await smB.post(url(c, 'observables'), { type: 'domain', value: 'x.example' }), 404, 'NOT_FOUND');
    fails(await smB.delete(`/api/v1/incident-observables/${obs.id}`), 404, 'NOT_FOUND');
    fails(await auditor.post(url(c, 'observables'), { type: 'domain', value: 'x.example' }), 403, 'FORBIDDEN');
    fails(await auditor.delete(`/api/v1/incident-observables/${obs.id}`), 403, 'FORBIDDEN');
    fails(await sm.get(url(newId(), 'timeline')), 404, 'NOT_FOUND');
    // B's own case is B's: A's manager cannot add to it, even with B's asset.
    const cB = await makeCase(B);
    fails(await sm.post(url(cB, 'affected'), { targetType: 'asset', targetId: await asset(B) }), 404, 'NOT_FOUND');
    ok(await smB.post(url(cB, 'affected'), { targetType: 'asset', targetId: await asset(B) }), 201);
  });
});
