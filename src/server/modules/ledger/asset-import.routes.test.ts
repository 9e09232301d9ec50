import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TFacility } from '../../../shared/contracts/facilities.contract.ts';
import type { TAssetImportResult, TAssetPage } from '../../../shared/contracts/ledger.contract.ts';
import { buildTestApp, createTestEnv, DIALECTS, makeFacility, makeUser, TestClient, type TestEnv } from '../../testing/harness.ts';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../fixtures/ledger');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Asset import/export over HTTP: raw file bodies, preview vs commit, 422 with row/column sentences, downloads. */
describe.each(DIALECTS)('ledger import/export routes (%s)', (dialect) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let A: TFacility;
  let writer: TestClient;
  let staff: TestClient;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    A = await makeFacility(env, 'FI');
    await makeUser(env, 'it@i.jp', [{ role: 'it_staff', facilityId: A.id }]);
    await makeUser(env, 'staff@i.jp', [{ role: 'staff', facilityId: A.id }]);
    app = await buildTestApp(env);
    writer = new TestClient(app, env);
    staff = new TestClient(app, env);
    await writer.login('it@i.jp');
    await staff.login('staff@i.jp');
    for (const [name, cidr, purpose] of [['電子カルテ系', '192.168.10.0/24', 'emr'], ['医療機器系', '192.168.30.0/24', 'medical_device']]) {
      expect((await writer.post(`/api/v1/facilities/${A.id}/segments`, { name, cidrs: [cidr], purpose })).statusCode).toBe(201);
    }
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const url = (suffix: string) => `/api/v1/facilities/${A.id}/assets${suffix}`;
  const count = async () => ((await writer.get(url(''))).json() as TAssetPage).total;

  it('previews, then commits a CSV; a second commit changes nothing', async () => {
    const file = fs.readFileSync(path.join(FIXTURES, 'assets-good.sjis.csv'));
    const dry = await writer.upload(url('/import?dryRun=true'), file, 'text/csv', { 'x-file-name': encodeURIComponent('台帳.csv') });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ fileName: '台帳.csv', encoding: 'cp932', rows: 4, create: 4, committed: false });
    expect(await count()).toBe(0);
    const done = await writer.upload(url('/import?dryRun=false&fileName=daicho.csv'), file, 'text/csv');
    expect(done.json()).toMatchObject({ create: 4, committed: true });
    expect(await count()).toBe(4);
    const again = await writer.upload(url('/import?dryRun=false'), fs.readFileSync(path.join(FIXTURES, 'assets-good.xlsx')), XLSX);
    expect(again.json()).toMatchObject({ format: 'xlsx', unchanged: 4, create: 0, update: 0, committed: true });
  });

  it('answers 422 with every issue as a sentence in the user language', async () => {
    const res = await writer.upload(url('/import?dryRun=false'), fs.readFileSync(path.join(FIXTURES, 'assets-errors.csv')), 'application/octet-stream');
    expect(res.statusCode).toBe(422);
    const body = res.json() as TAssetImportResult & { error: { code: string; issues: unknown[] } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.issues).toHaveLength(6);
    expect(body.committed).toBe(false);
    expect(body.errors[0]).toEqual({ row: 2, path: 'IPアドレス', message: 'invalid_ip', value: '192.168.1.300', text: '2行目『IPアドレス』: 192.168.1.300 は正しいIPアドレスではありません' });
  });

  it('refuses other content types, and staff may export but not import', async () => {
    expect((await writer.upload(url('/import'), '%PDF-1.4', 'application/pdf')).json()).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    expect((await staff.upload(url('/import'), 'name,type\r\nx,server\r\n', 'text/csv')).statusCode).toBe(403);
    expect((await staff.get(url('/export?format=csv'))).statusCode).toBe(200);
  });

  it('takes files larger than the general 1 MB body limit', async () => {
    const big = `name,type,notes\r\n${Array.from({ length: 20_000 }, (_, i) => `big-${i},server,${'x'.repeat(100)}`).join('\r\n')}\r\n`;
    expect(big.length).toBeGreaterThan(2_000_000);
    const res = await writer.upload(url('/import?dryRun=true'), big, 'text/csv');
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.json()).toMatchObject({ rows: 20_000, create: 20_000 });
  });

  it('downloads the export and the template', async () => {
    const csv = await writer.get(url('/export?format=csv&lang=en&encoding=sjis'));
    expect(csv.headers['content-type']).toBe('text/csv; charset=Shift_JIS');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="mamori-assets-\d{4}-\d{2}-\d{2}\.csv"$/);
    const xlsx = await writer.get(url('/export'));
    expect(xlsx.headers['content-type']).toBe(XLSX);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    // Importing the download changes nothing.
    expect((await writer.upload(url('/import?dryRun=true'), xlsx.rawPayload, XLSX)).json()).toMatchObject({ unchanged: 4, create: 0, update: 0 });
    const template = await writer.get(url('/template?format=csv'));
    expect(template.body.split('\r\n')[0]).toBe('\uFEFF資産名,資産番号,種別,メーカー,製品名,バージョン,CPE,OS,IPアドレス,MACアドレス,ホスト名,ネットワーク区分,設置場所,管理部署,保守事業者,重要度,要配慮個人情報,公開範囲,導入日,サポート終了日,最終パッチ適用日,タグ,備考');
    const audit = await env.deps.db.selectFrom('audit_log').select(['action', 'after_json']).where('facility_id', '=', A.id).where('action', '=', 'export').execute();
    expect(audit.length).toBe(3); // the staff export above and the two here
  });
});
