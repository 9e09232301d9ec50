import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedImportDto, FeedStatusDto } from '../../../shared/contracts/vulns.contract.ts';
import { buildTestApp, createTestEnv, DIALECTS, makeFacility, makeUser, TestClient, type TestEnv } from '../../testing/harness.ts';

const FIX = path.resolve(import.meta.dirname, '../../../../fixtures');

/** The administrator's feed upload over HTTP: streamed to disk, imported in the background, polled to the end. */
describe.each(DIALECTS)('feed routes (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let admin: TestClient;
  let sm: TestClient;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    const F = await makeFacility(env, 'FD');
    await makeUser(env, 'admin@fd.jp', [], { isAdmin: true });
    await makeUser(env, 'sm@fd.jp', [{ role: 'security_manager', facilityId: F.id }]);
    app = await buildTestApp(env);
    admin = new TestClient(app, env);
    await admin.login('admin@fd.jp');
    sm = new TestClient(app, env);
    await sm.login('sm@fd.jp');
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const poll = async (id: string): Promise<FeedImportDto> => {
    for (let i = 0; i < 200; i++) {
      const res = await admin.get(`/api/v1/feeds/imports/${id}`);
      expect(res.statusCode).toBe(200);
      const dto = res.json() as FeedImportDto;
      if (dto.status !== 'running') return dto;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('import did not finish');
  };

  it('imports an uploaded KEV file in the background and reports progress until it is done', async () => {
    const kev = fs.readFileSync(path.join(FIX, 'kev/known_exploited_vulnerabilities.json'));
    expect((await sm.upload('/api/v1/feeds/imports?fileName=kev.json', kev, 'application/json')).statusCode).toBe(403);
    const res = await admin.upload('/api/v1/feeds/imports', kev, 'application/json', { 'x-file-name': encodeURIComponent('known_exploited_vulnerabilities.json') });
    expect(res.statusCode).toBe(202);
    const started = res.json() as FeedImportDto;
    expect(started).toMatchObject({ source: 'kev', format: 'kev-json', origin: 'file', fileName: 'known_exploited_vulnerabilities.json', size: kev.length, actor: 'admin@fd.jp' });
    // The file is over 1 MB: the answer comes with the first progress report, while the import runs.
    expect(started.status).toBe('running');
    expect(started.progressBytes).toBeGreaterThan(0);
    const done = await poll(started.id);
    expect(done).toMatchObject({ id: started.id, status: 'succeeded', progressBytes: kev.length, error: null });
    expect(done.records).toBeGreaterThan(1000);
    expect(done.sha256).toMatch(/^[0-9a-f]{64}$/);

    const status = (await sm.get('/api/v1/feeds/status')).json() as FeedStatusDto;
    const kevStatus = status.sources.find((s) => s.source === 'kev')!;
    // Just imported, yet stale: the snapshot is of 2025-08-25 and the test clock stands in 2026 (age of the data).
    expect(kevStatus).toMatchObject({ stale: true, records: done.records, lastImport: { id: started.id } });
    expect(kevStatus.ageDays).toBeGreaterThan(200);
    expect(status.stale).toBe(true);

    const list = await admin.get('/api/v1/feeds/imports');
    expect((list.json() as { items: FeedImportDto[] }).items.map((i) => i.id)).toContain(started.id);
    expect((await sm.get('/api/v1/feeds/imports')).statusCode).toBe(403);
    expect((await sm.get(`/api/v1/feeds/imports/${started.id}`)).statusCode).toBe(403);

    // The same file again: refused unless forced.
    const again = await admin.upload('/api/v1/feeds/imports?fileName=kev.json', kev, 'application/octet-stream');
    expect(again.statusCode).toBe(409);
    const forced = await admin.upload('/api/v1/feeds/imports?fileName=kev.json&force=true', kev, 'application/octet-stream');
    expect(forced.statusCode).toBe(202);
    expect((await poll((forced.json() as FeedImportDto).id)).status).toBe('succeeded');
  });

  it('answers a small file finished, and refuses a file of unknown format before importing anything', async () => {
    const csv = fs.readFileSync(path.join(FIX, 'epss/epss_scores_sample.csv'));
    const res = await admin.upload('/api/v1/feeds/imports?fileName=epss.csv', csv, 'text/csv');
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ source: 'epss', status: 'succeeded' });
    const bad = await admin.upload('/api/v1/feeds/imports?fileName=notes.txt', 'hello, world\n', 'text/plain');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    const before = (await admin.get('/api/v1/feeds/imports')).json() as { total: number };
    expect(before.total).toBe(3);
  });
});
