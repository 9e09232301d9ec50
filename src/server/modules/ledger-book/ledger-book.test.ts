import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliCaller } from '../../context.ts';
import { insertConnectionTx } from '../connections/index.ts';
import { insertAssetTx } from '../ledger/index.ts';
import { insertContactTx, insertVendorTx } from '../vendors/index.ts';
import { createTestEnv, DIALECTS, makeFacility, type TestEnv } from '../../testing/harness.ts';
import { exportLedgerBook } from './index.ts';

async function sheetsOf(bytes: Buffer): Promise<Map<string, string[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const out = new Map<string, string[][]>();
  wb.eachSheet((ws) => {
    const rows: string[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
    out.set(ws.name, rows);
  });
  return out;
}

describe.each(DIALECTS)('whole-ledger export (%s)', (dialect) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv(dialect);
  });
  afterAll(async () => {
    await env?.close();
  });

  it('writes one workbook with a sheet per kind, each holding that kind of record, and audits it once', async () => {
    const facility = await makeFacility(env, 'BOOK');
    const caller = cliCaller('test');
    await env.deps.db.transaction().execute(async (trx) => {
      const vendor = await insertVendorTx(env.deps, trx, caller, facility.id, { name: '株式会社デンシカルテ', nameKana: 'デンシカルテ' });
      await insertContactTx(env.deps, trx, caller, facility.id, vendor.id, { name: '保守センター', phone: '0120-000-111', emergency24h: true });
      const fg = await insertAssetTx(env.deps, trx, caller, facility.id, { name: 'FortiGate 60E', assetTag: 'NW-061', type: 'vpn_gateway', criticality: 3, ips: [], macs: [], tags: [], holdsPatientData: false, exposure: 'internet' });
      await insertConnectionTx(env.deps, trx, caller, facility.id, {
        name: '=給食委託業者 SSL-VPN',
        vendorId: vendor.id,
        kind: 'ssl_vpn',
        entryAssetId: fg.id,
        targetAssetIds: [],
        internetFacing: true,
        auth: 'password',
        accountMode: 'shared',
        allowedDays: [],
        reviewIntervalMonths: 12,
      });
    });
    const file = await exportLedgerBook(env.deps, caller, facility.id, { lang: 'ja' });
    expect(file.fileName).toMatch(/^mamori-ledger-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const sheets = await sheetsOf(file.bytes);
    expect([...sheets.keys()]).toEqual(['資産', 'ネットワーク区分', '外部接続', '委託事業者', '連絡先', '契約']);
    expect(sheets.get('資産')![1]).toContain('FortiGate 60E');
    const line = sheets.get('外部接続')![1]!;
    // The name that starts with "=" is neutralised, never a formula.
    expect(line[0]).toBe("'=給食委託業者 SSL-VPN");
    expect(line).toContain('株式会社デンシカルテ');
    expect(line).toContain('NW-061');
    expect(sheets.get('委託事業者')![1]).toContain('株式会社デンシカルテ');
    expect(sheets.get('連絡先')!.flat()).toContain('保守センター');

    const audit = await env.deps.db.selectFrom('audit_log').select(['action']).where('entity_type', '=', 'ledger').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.action).toBe('export');
  });
});
