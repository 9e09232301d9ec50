import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustodyVerifyDto, EvidenceItemDto, EvidenceListDto } from '../../../shared/contracts/incident-evidence.contract.ts';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import { newId } from '../../lib/ids.ts';
import { buildTestApp, createTestEnv, DIALECTS, fails, invalidWith, makeFacility, makeUsers, ok, signIn, SYSTEM, type TestClient, type TestEnv } from '../../testing/harness.ts';
import { custodyGenesis, hashCustodyEntry } from './custody.ts';
import { addCustodyEntry, addEvidence, listEvidence, verifyCustody } from './evidence.service.ts';
import { insertTestCase, tamperWith } from './incident.test-support.ts';

/** 証拠保全 over HTTP on real databases: items, custody chains, downloads, permissions, concurrency and tamper detection. */
describe.each(DIALECTS)('incident evidence and custody (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let B: TFacility;
  let sm: TestClient;
  let it_: TestClient;
  let exec: TestClient;
  let auditor: TestClient;
  let staff: TestClient;
  let smB: TestClient;
  let n = 0;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    // Later than every time the tests state (all on 1 April), so that only deliberate ones are in the future.
    env.clock.set(new Date('2026-04-01T06:00:00Z'));
    A = await makeFacility(env, 'EA', 'みなと試験病院');
    B = await makeFacility(env, 'EB');
    const made = await makeUsers(env, {
      sm: ['sm@ev.jp', 'security_manager', A.id],
      it: ['it@ev.jp', 'it_staff', A.id],
      exec: ['exec@ev.jp', 'executive', A.id],
      auditor: ['auditor@ev.jp', 'auditor', A.id],
      staff: ['staff@ev.jp', 'staff', A.id],
      smB: ['sm@evb.jp', 'security_manager', B.id],
    });
    app = await buildTestApp(env);
    ({ sm, it: it_, exec, auditor, staff, smB } = await signIn(app, env, made));
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  /** A case of facility f, inserted directly (cases are another helper's). */
  const makeCase = async (f: TFacility = A, status: 'open' | 'closed' = 'open') =>
    (await insertTestCase(env, f.id, { status, title: `試験案件 ${++n}`, severity: 'critical', phase: 'investigation', discoveredAt: '2026-03-31T15:30:00Z' })).id;
  const evidenceUrl = (caseId: string) => `/api/v1/incidents/${caseId}/evidence`;
  const custodyUrl = (evidenceId: string) => `/api/v1/incident-evidence/${evidenceId}/custody`;
  const item = (over: Record<string, unknown> = {}) => ({ type: 'log', description: '電子カルテサーバーのイベントログ', location: '情報システム室 金庫', collectedBy: '山田 太郎', collectedAt: '2026-04-01T09:30:00+09:00', ...over });
  const add = async (caseId: string, over: Record<string, unknown> = {}, c = sm) => ok<EvidenceItemDto>(await c.post(evidenceUrl(caseId), item(over)), 201);
  const custody = async (evidenceId: string, body: Record<string, unknown>, c = sm) => ok<EvidenceItemDto>(await c.post(custodyUrl(evidenceId), body), 201);
  const verify = async (caseId: string, c = sm) => ok<CustodyVerifyDto>(await c.get(`/api/v1/incidents/${caseId}/custody/verify`));
  const auditOf = (entityType: string) => env.deps.db.selectFrom('audit_log').select(['entity_id', 'action', 'after_json']).where('entity_type', '=', entityType).orderBy('seq').execute();

  it('adds items with a stated hash, an uploaded file and none; numbers them; starts each chain; timeline and audit', async () => {
    const caseId = await makeCase();
    const stated = 'AB'.repeat(32);
    const e1 = await add(caseId, { type: 'disk_image', description: 'サーバーのディスクイメージ', sha256: stated });
    expect(e1).toMatchObject({ seq: 1, label: 'E-1', type: 'disk_image', sha256: stated.toLowerCase(), hashSource: 'stated', file: null, collectedAt: '2026-04-01T00:30:00.000Z', collectedBy: '山田 太郎' });
    expect(e1.custody).toHaveLength(1);
    expect(e1.custody[0]).toMatchObject({ seq: 1, action: 'collected', occurredAt: '2026-04-01T00:30:00.000Z', toParty: '山田 太郎', location: '情報システム室 金庫', recordedBy: 'sm@ev.jp' });
    expect(e1.custody[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(e1.chain).toEqual({ ok: true, entries: 1, break: null });

    const bytes = Buffer.from('<html><script>alert(1)</script>フィッシングメールの本文</html>');
    const query = new URLSearchParams({ type: 'email', description: '不審メール(添付付き)', collectedBy: '佐藤 花子', collectedAt: '2026-04-01T01:00:00Z' });
    const e2 = ok<EvidenceItemDto>(await sm.upload(`${evidenceUrl(caseId)}/file?${query}`, bytes, 'text/html', { 'x-file-name': encodeURIComponent('不審メール.html') }), 201);
    expect(e2).toMatchObject({ seq: 2, label: 'E-2', hashSource: 'upload', sha256: createHash('sha256').update(bytes).digest('hex'), file: { name: '不審メール.html', size: bytes.length, contentType: 'text/html' }, location: null });

    const e3 = await add(caseId, { type: 'device', description: '感染した受付端末', location: null }, it_);
    expect(e3).toMatchObject({ seq: 3, hashSource: 'none', sha256: null });

    // The download: always an attachment of a neutral type, never sniffed.
    const dl = await auditor.get(`/api/v1/incident-evidence/${e2.id}/file`);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('application/octet-stream');
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    expect(String(dl.headers['content-disposition'])).toMatch(/^attachment;/);
    expect(dl.headers['x-sha256']).toBe(e2.sha256);
    expect(dl.rawPayload.equals(bytes)).toBe(true);
    fails(await sm.get(`/api/v1/incident-evidence/${e1.id}/file`), 404, 'NOT_FOUND');

    const list = ok<EvidenceListDto>(await auditor.get(evidenceUrl(caseId)));
    expect(list.items.map((i) => [i.label, i.chain.ok])).toEqual([
      ['E-1', true],
      ['E-2', true],
      ['E-3', true],
    ]);
    const timeline = await env.deps.db.selectFrom('incident_timeline').select(['kind', 'text', 'occurred_at']).where('case_id', '=', caseId).orderBy('created_at').execute();
    expect(timeline.map((t) => t.kind)).toEqual(['evidence', 'evidence', 'evidence']);
    expect(timeline[0]!.text).toContain('E-1');
    expect(timeline[0]!.occurred_at).toBe('2026-04-01T00:30:00.000Z');
    const evidenceAudit = (await auditOf('incident_evidence')).filter((a) => [e1.id, e2.id, e3.id].includes(a.entity_id!));
    expect(evidenceAudit.map((a) => a.action)).toEqual(['create', 'create', 'create']);
    expect(JSON.parse(evidenceAudit[1]!.after_json!)).toMatchObject({ caseId, seq: 2, hashSource: 'upload', fileName: '不審メール.html' });
    const custodyAudit = (await auditOf('incident_custody')).filter((a) => JSON.parse(a.after_json!).caseId === caseId);
    expect(custodyAudit).toHaveLength(3);
    expect(await verify(caseId)).toMatchObject({ caseId, caseLabel: expect.stringMatching(/^INC-2026-\d{4}$/), ok: true });
  });

  it('appends custody entries linked by hash; refuses what cannot be; allows entries after the case is closed', async () => {
    const caseId = await makeCase();
    const e = await add(caseId);
    const handed = await custody(e.id, { action: 'handed_over', occurredAt: '2026-04-01T10:00:00+09:00', fromParty: '山田 太郎', toParty: '○○フォレンジック株式会社 鈴木', note: '封印番号 A-123' });
    expect(handed.custody.map((c) => [c.seq, c.action])).toEqual([
      [1, 'collected'],
      [2, 'handed_over'],
    ]);
    expect(handed.custody[1]!.prevHash).toBe(handed.custody[0]!.hash);
    const analysed = await custody(e.id, { action: 'analysed', occurredAt: '2026-04-01T03:00:00Z', note: 'タイムライン解析' }, it_);
    expect(analysed.custody[2]).toMatchObject({ seq: 3, prevHash: handed.custody[1]!.hash, recordedBy: 'it@ev.jp' });
    expect(analysed.chain).toEqual({ ok: true, entries: 3, break: null });

    invalidWith(await sm.post(custodyUrl(e.id), { action: 'collected', occurredAt: '2026-04-01T03:00:00Z' }), [{ path: 'action', message: 'collected_is_first' }]);
    invalidWith(await sm.post(custodyUrl(e.id), { action: 'handed_over', occurredAt: '2026-04-01T03:00:00Z' }), [{ path: 'toParty', message: 'required' }]);
    invalidWith(await sm.post(custodyUrl(e.id), { action: 'corrected', occurredAt: '2026-04-01T03:00:00Z' }), [{ path: 'note', message: 'required' }]);
    invalidWith(await sm.post(custodyUrl(e.id), { action: 'stored', occurredAt: '2026-03-31T00:00:00Z' }), [{ path: 'occurredAt', message: 'before_collection' }]);
    invalidWith(await sm.post(custodyUrl(e.id), { action: 'stored', occurredAt: '2026-04-01T12:00:00' }), [{ path: 'body.occurredAt', message: 'iso_with_offset' }]);
    invalidWith(await sm.post(custodyUrl(e.id), { action: 'stored', occurredAt: '2026-04-02T12:00:00Z' }), [{ path: 'occurredAt', message: 'in_future' }]);

    await env.deps.db.updateTable('incident_cases').set({ status: 'closed' }).where('id', '=', caseId).execute();
    await custody(e.id, { action: 'disposed', occurredAt: '2026-04-01T04:00:00Z', note: '規程に従い消去' });
    fails(await sm.post(custodyUrl(e.id), { action: 'stored', occurredAt: '2026-04-01T04:10:00Z' }), 409, 'INVALID_STATE');
    const corrected = await custody(e.id, { action: 'corrected', occurredAt: '2026-04-01T04:20:00Z', note: '3 番の解析者は佐藤の誤り' });
    expect(corrected.chain).toEqual({ ok: true, entries: 5, break: null });
    // No new items on a closed case.
    fails(await sm.post(evidenceUrl(caseId), item()), 409, 'INVALID_STATE');
  });

  it('validates new items', async () => {
    const caseId = await makeCase();
    invalidWith(await sm.post(evidenceUrl(caseId), item({ collectedAt: '2026-04-01 09:30' })), [{ path: 'body.collectedAt', message: 'iso_with_offset' }]);
    invalidWith(await sm.post(evidenceUrl(caseId), item({ sha256: 'xyz' })), [{ path: 'body.sha256', message: 'invalid_sha256' }]);
    invalidWith(await sm.post(evidenceUrl(caseId), item({ collectedAt: '2026-04-03T00:00:00Z' })), [{ path: 'collectedAt', message: 'in_future' }]);
    fails(await sm.post(evidenceUrl(caseId), item({ type: 'rumour' })), 400, 'VALIDATION_FAILED');
    const q = new URLSearchParams({ type: 'log', description: 'x', collectedBy: 'y', collectedAt: '2026-04-01T00:00:00Z' });
    invalidWith(await sm.upload(`${evidenceUrl(caseId)}/file?${q}`, Buffer.alloc(0), 'application/octet-stream'), [{ path: 'file', message: 'empty_file' }]);
    expect(ok<EvidenceListDto>(await sm.get(evidenceUrl(caseId))).items).toEqual([]);
  });

  it('reads with incident.read, writes with incident.write; other facilities see nothing', async () => {
    const caseId = await makeCase();
    const e = await add(caseId);
    ok(await exec.get(evidenceUrl(caseId)));
    ok(await auditor.get(`/api/v1/incidents/${caseId}/custody/verify`));
    fails(await staff.get(evidenceUrl(caseId)), 403, 'FORBIDDEN');
    fails(await exec.post(evidenceUrl(caseId), item()), 403, 'FORBIDDEN');
    fails(await auditor.post(custodyUrl(e.id), { action: 'stored', occurredAt: '2026-04-01T01:00:00Z' }), 403, 'FORBIDDEN');
    fails(await smB.get(evidenceUrl(caseId)), 404, 'NOT_FOUND');
    fails(await smB.post(custodyUrl(e.id), { action: 'stored', occurredAt: '2026-04-01T01:00:00Z' }), 404, 'NOT_FOUND');
    fails(await smB.get(`/api/v1/incident-evidence/${e.id}/file`), 404, 'NOT_FOUND');
    fails(await smB.get(`/api/v1/incidents/${caseId}/custody/verify`), 404, 'NOT_FOUND');
    fails(await sm.post(custodyUrl(newId()), { action: 'stored', occurredAt: '2026-04-01T01:00:00Z' }), 404, 'NOT_FOUND');
  });

  it('concurrent appends neither share a number nor fork a chain', async () => {
    const caseId = await makeCase();
    const items = await Promise.all(Array.from({ length: 6 }, (_, i) => addEvidence(env.deps, SYSTEM, caseId, { type: 'log', description: `ログ ${i}`, collectedBy: '山田', collectedAt: '2026-04-01T00:00:00Z' })));
    expect(items.map((i) => i.row.seq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    const target = items[0]!.row.id;
    await Promise.all(Array.from({ length: 12 }, (_, i) => addCustodyEntry(env.deps, SYSTEM, target, { action: 'analysed', occurredAt: `2026-04-01T00:${String(10 + i).padStart(2, '0')}:00Z`, note: `解析 ${i}` })));
    const all = await listEvidence(env.deps, SYSTEM, caseId);
    const chain = all.items.find((i) => i.row.id === target)!;
    expect(chain.custody.map((c) => c.seq)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(chain.chain).toEqual({ ok: true, entries: 13, break: null });
    expect((await verifyCustody(env.deps, SYSTEM, caseId)).ok).toBe(true);
  });

  describe('tamper detection', () => {
    /** A case with one item of three custody entries (collected, handed over, stored). */
    const chainOfThree = async () => {
      const caseId = await makeCase();
      const e = await add(caseId, { sha256: 'c'.repeat(64) });
      await custody(e.id, { action: 'handed_over', occurredAt: '2026-04-01T01:00:00Z', fromParty: '山田', toParty: '鈴木' });
      const full = await custody(e.id, { action: 'stored', occurredAt: '2026-04-01T02:00:00Z', location: '金庫 2', note: '封印済み' });
      return { caseId, e: full };
    };
    const entry = (e: EvidenceItemDto, seq: number) => e.custody.find((c) => c.seq === seq)!;
    const brokenAt = async (caseId: string) => {
      const v = await verify(caseId);
      expect(v.ok).toBe(false);
      const list = ok<EvidenceListDto>(await sm.get(evidenceUrl(caseId)));
      expect(list.items[0]!.chain.break).toEqual(v.items[0]!.break);
      return v.items[0]!.break;
    };

    it('the database itself refuses to change or delete evidence and custody entries', async () => {
      const a = await chainOfThree();
      await expect(env.deps.db.updateTable('incident_custody').set({ note: '封印なし' }).where('id', '=', entry(a.e, 3).id).execute()).rejects.toThrow(/append-only/);
      await expect(env.deps.db.deleteFrom('incident_custody').where('id', '=', entry(a.e, 2).id).execute()).rejects.toThrow(/append-only/);
      await expect(env.deps.db.updateTable('incident_evidence').set({ sha256: 'd'.repeat(64) }).where('id', '=', a.e.id).execute()).rejects.toThrow(/append-only/);
      expect((await verify(a.caseId)).ok).toBe(true);
    });

    it('an edited note, time or hash breaks the chain at that entry and names the field', async () => {
      const a = await chainOfThree();
      await tamperWith(env, () => env.deps.db.updateTable('incident_custody').set({ note: '封印なし' }).where('id', '=', entry(a.e, 3).id).execute());
      expect(await brokenAt(a.caseId)).toEqual({ seq: 3, reason: 'hash_mismatch', fields: ['note'] });

      const b = await chainOfThree();
      await tamperWith(env, () => env.deps.db.updateTable('incident_custody').set({ occurred_at: '2026-04-01T01:30:00.000Z' }).where('id', '=', entry(b.e, 2).id).execute());
      expect(await brokenAt(b.caseId)).toEqual({ seq: 2, reason: 'hash_mismatch', fields: ['occurredAt'] });

      const c = await chainOfThree();
      await tamperWith(env, () => env.deps.db.updateTable('incident_custody').set({ hash: 'f'.repeat(64) }).where('id', '=', entry(c.e, 2).id).execute());
      expect(await brokenAt(c.caseId)).toEqual({ seq: 2, reason: 'hash_mismatch', fields: ['hash'] });
    });

    it('a deleted middle entry is a gap; a deleted last entry is missing against the audit log', async () => {
      const a = await chainOfThree();
      await tamperWith(env, () => env.deps.db.deleteFrom('incident_custody').where('id', '=', entry(a.e, 2).id).execute());
      expect(await brokenAt(a.caseId)).toEqual({ seq: 2, reason: 'seq_gap', fields: [] });

      const b = await chainOfThree();
      await tamperWith(env, () => env.deps.db.deleteFrom('incident_custody').where('id', '=', entry(b.e, 3).id).execute());
      expect(await brokenAt(b.caseId)).toEqual({ seq: 3, reason: 'missing_entry', fields: [] });
    });

    it("a changed item (its SHA-256) breaks the chain's start", async () => {
      const a = await chainOfThree();
      await tamperWith(env, () => env.deps.db.updateTable('incident_evidence').set({ sha256: 'd'.repeat(64) }).where('id', '=', a.e.id).execute());
      expect(await brokenAt(a.caseId)).toEqual({ seq: 1, reason: 'item_changed', fields: ['sha256'] });
    });

    it('a recomputed chain or an entry written past mamori is caught by the audit log', async () => {
      // Edit entry 2's note and recompute its hash and entry 3's link: the chain is consistent again.
      const a = await chainOfThree();
      const rows = await env.deps.db.selectFrom('incident_custody').selectAll().where('evidence_id', '=', a.e.id).orderBy('seq').execute();
      const second = { ...rows[1]!, seq: Number(rows[1]!.seq), note: '書き換え' };
      const secondHash = hashCustodyEntry(second);
      const third = { ...rows[2]!, seq: Number(rows[2]!.seq), prev_hash: secondHash };
      await tamperWith(env, () => env.deps.db.updateTable('incident_custody').set({ note: second.note, hash: secondHash }).where('id', '=', second.id).execute());
      await tamperWith(env, () => env.deps.db.updateTable('incident_custody').set({ prev_hash: secondHash, hash: hashCustodyEntry(third) }).where('id', '=', third.id).execute());
      expect(await brokenAt(a.caseId)).toEqual({ seq: 2, reason: 'differs_from_record', fields: ['note', 'hash'] });

      // A well-formed fourth entry inserted directly, without an audit event.
      const b = await chainOfThree();
      const last = entry(b.e, 3);
      const forged = { id: newId(), evidence_id: b.e.id, case_id: b.caseId, seq: 4, action: 'returned', occurred_at: '2026-04-01T03:00:00.000Z', from_party: null, to_party: '誰か', location: null, note: null, recorded_by: 'sm@ev.jp', prev_hash: last.hash, created_at: '2026-04-01T03:00:00.000Z' };
      await tamperWith(env, () => env.deps.db.insertInto('incident_custody').values({ ...forged, hash: hashCustodyEntry(forged) }).execute());
      expect(await brokenAt(b.caseId)).toEqual({ seq: 4, reason: 'unrecorded_entry', fields: [] });
    });

    it('the genesis hash is derived from the item', async () => {
      const a = await chainOfThree();
      const row = await env.deps.db.selectFrom('incident_evidence').selectAll().where('id', '=', a.e.id).executeTakeFirstOrThrow();
      expect(entry(a.e, 1).prevHash).toBe(custodyGenesis({ ...row, seq: Number(row.seq) }));
      expect(custodyGenesis({ ...row, seq: Number(row.seq), sha256: 'e'.repeat(64) })).not.toBe(entry(a.e, 1).prevHash);
    });
  });
});
