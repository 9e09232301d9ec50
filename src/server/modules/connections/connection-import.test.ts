import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatImportIssue } from '../../../shared/ledger-import.ts';
import type { Caller } from '../../context.ts';
import { newId } from '../../lib/ids.ts';
import { buildTestApp, createTestEnv, DIALECTS, makeFacility, makeUser, SYSTEM, TestClient, type TestEnv } from '../../testing/harness.ts';
import { CONNECTION_HEADERS, CONNECTION_ROWS, csv } from '../../../../fixtures/ledger/make-connection-fixtures.ts';
import { insertAssetTx, insertSegmentTx, readTable } from '../ledger/index.ts';
import {
  connectionSheet,
  connectionTemplate,
  exportConnections,
  getConnection,
  importConnections,
  insertConnectionTx,
  listConnections,
  type ConnectionImportResult,
} from './index.ts';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../fixtures/ledger');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const utf8 = (text: string) => Buffer.from(text, 'utf8');
const issues = (r: ConnectionImportResult) => r.errors.map((e) => formatImportIssue(e, 'ja'));

describe.each(DIALECTS)('connection import and export (%s)', (dialect) => {
  let env: TestEnv;
  let F: string;
  let n = 0;
  /** An it_staff of the facility (ledger.write, no approval). */
  let itStaff: Caller;
  let itUserId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    itUserId = (await makeUser(env, 'it@imp.jp', [])).id;
  });
  afterAll(async () => {
    await env?.close();
  });
  beforeEach(async () => {
    F = (await makeFacility(env, `CI${++n}`)).id;
    const now = env.clock.now().toISOString();
    await env.deps.db.insertInto('user_roles').values({ id: newId(), user_id: itUserId, role: 'it_staff', facility_id: F, group_id: null, created_at: now }).execute();
    itStaff = {
      actor: { userId: itUserId, email: 'it@imp.jp', isAdmin: false, grants: [{ facilityId: F, role: 'it_staff' }], groupAdminFacilityIds: [], groupAdminGroupIds: [] },
      ip: null,
      label: 'it@imp.jp',
    };
    for (const [key, name] of [
      ['minato', 'みなとメディカル株式会社'],
      ['kyushoku', '給食サービス株式会社'],
    ] as const) {
      ids[key] = newId();
      await env.deps.db
        .insertInto('vendors')
        .values({ id: ids[key], facility_id: F, name, name_kana: null, corporate_number: null, address: null, phone: null, email: null, website: null, notes: null, checklist_assessment_id: null, created_at: now, updated_at: now, deleted_at: null })
        .execute();
    }
    await env.deps.db.transaction().execute(async (trx) => {
      ids.maint = (await insertSegmentTx(env.deps, trx, SYSTEM, F, { name: '保守回線', purpose: 'other', cidrs: [] })).id;
      ids.emrSeg = (await insertSegmentTx(env.deps, trx, SYSTEM, F, { name: '電子カルテ系', purpose: 'emr', cidrs: [] })).id;
      const mk = async (name: string, assetTag: string | null) =>
        (await insertAssetTx(env.deps, trx, SYSTEM, F, { name, assetTag, type: 'server', criticality: 3, ips: [], macs: [], tags: [], holdsPatientData: false, exposure: 'internal' })).id;
      ids.fortigate = await mk('FortiGate 60E', 'NW-0003');
      ids.pacs = await mk('PACSサーバ', 'SV-0101');
      ids.emr = await mk('電子カルテサーバ', 'SV-0001');
      await mk('受付端末', null);
      await mk('受付端末', null);
    });
  });

  const run = (bytes: Buffer, options: { dryRun?: boolean; fileName?: string; caller?: Caller } = {}) =>
    importConnections(env.deps, options.caller ?? itStaff, F, bytes, { fileName: options.fileName ?? 'connections.csv', dryRun: options.dryRun ?? false });
  const all = async () => (await listConnections(env.deps, SYSTEM, F, { sort: 'name', page: 1, pageSize: 500 })).items;
  const count = async (table: 'external_connections' | 'connection_events' | 'audit_log') =>
    Number((await env.deps.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('facility_id', '=', F).executeTakeFirstOrThrow()).n);
  const exported = async (lang: 'ja' | 'en' = 'ja', format: 'csv' | 'xlsx' = 'csv', encoding: 'utf8' | 'sjis' = 'utf8') =>
    (await exportConnections(env.deps, SYSTEM, F, { format, lang, encoding })).bytes;

  it('previews, imports in one transaction with history and audit, and a re-import changes nothing', async () => {
    const file = fixture('connections-good.utf8.csv');
    const preview = await run(file, { dryRun: true });
    expect(preview).toMatchObject({ rows: 3, create: 3, update: 0, unchanged: 0, errorCount: 0, committed: false, format: 'csv', encoding: 'utf8' });
    expect(preview.actions).toEqual([
      { row: 2, action: 'create', key: 'PACS保守回線' },
      { row: 3, action: 'create', key: '給食発注回線' },
      { row: 4, action: 'create', key: '遠隔読影回線' },
    ]);
    expect(preview.warnings.map((w) => formatImportIssue(w, 'ja'))).toEqual(['4行目『備考』: =HYPERLINK("http://example.invalid") は数式として扱わず、文字として取り込みます']);
    expect(await count('external_connections')).toBe(0);

    const done = await run(file);
    expect(done).toMatchObject({ create: 3, committed: true });
    const lines = await all();
    expect(lines.map((c) => c.name)).toEqual(['PACS保守回線', '給食発注回線', '遠隔読影回線']);
    const [pacs, kyushoku, remote] = lines;
    expect(pacs).toMatchObject({
      vendorId: ids.minato,
      purpose: 'PACSのリモート保守',
      kind: 'ssl_vpn',
      entryAsset: { id: ids.fortigate },
      targetCount: 2,
      ownSegmentId: ids.maint,
      internetFacing: true,
      auth: 'mfa',
      accountMode: 'named',
      accounts: '技術者ごとの個人アカウント',
      allowedDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
      allowedFrom: '09:00',
      allowedTo: '18:00',
      logLocation: 'FortiGate → syslogサーバ',
      credentialsRotatedOn: '2026-01-15',
      reviewIntervalMonths: 12,
      status: 'requested',
      requestedBy: 'it@imp.jp',
    });
    expect(kyushoku).toMatchObject({ vendorId: ids.kyushoku!, kind: 'ipsec_vpn', entryAsset: { id: ids.fortigate }, auth: 'password', accountMode: 'shared', reviewIntervalMonths: 6, internetFacing: false, allowedDays: [] });
    expect(remote).toMatchObject({ vendorId: null, kind: 'cloud_link', auth: 'certificate', allowedDays: ['mon', 'wed'], allowedFrom: '08:30', allowedTo: '17:00', lastUsedOn: '2026-03-20', notes: '=HYPERLINK("http://example.invalid")' });
    const detail = await getConnection(env.deps, SYSTEM, F, pacs!.id);
    expect(detail.targets.map((t) => t.id).sort()).toEqual([ids.pacs, ids.emr].sort());
    expect(detail.events).toMatchObject([{ action: 'request', actor: 'it@imp.jp', toStatus: 'requested', comment: 'import: connections.csv' }]);
    const audit = await env.deps.db.selectFrom('audit_log').select(['entity_type', 'action']).where('facility_id', '=', F).where('entity_type', 'like', 'connection%').orderBy('seq').execute();
    expect(audit.map((a) => `${a.entity_type}:${a.action}`)).toEqual(['connection:create', 'connection:create', 'connection:create', 'connection_import:import']);

    const [events, rows] = [await count('connection_events'), await count('external_connections')];
    const again = await run(file);
    expect(again).toMatchObject({ create: 0, update: 0, unchanged: 3, committed: true });
    // The export of what was imported is unchanged too, in either language.
    expect(await run(await exported('ja'))).toMatchObject({ unchanged: 3, errorCount: 0 });
    expect(await run(await exported('en'), { fileName: 'en.csv' })).toMatchObject({ unchanged: 3, errorCount: 0 });
    expect(await run(await exported('ja', 'xlsx'), { fileName: 'x.xlsx' })).toMatchObject({ format: 'xlsx', unchanged: 3, errorCount: 0 });
    expect(await run(await exported('ja', 'csv', 'sjis'))).toMatchObject({ encoding: 'cp932', unchanged: 3, errorCount: 0 });
    expect([await count('connection_events'), await count('external_connections')]).toEqual([events, rows]);
  });

  it('reads Shift_JIS to the same result', async () => {
    const sjis = await run(fixture('connections-good.sjis.csv'), { dryRun: true });
    const utf = await run(fixture('connections-good.utf8.csv'), { dryRun: true });
    expect(sjis.encoding).toBe('cp932');
    expect({ ...sjis, encoding: null, sha256: '' }).toEqual({ ...utf, encoding: null, sha256: '' });
    await run(fixture('connections-good.sjis.csv'));
    expect(await run(fixture('connections-good.utf8.csv'), { dryRun: true })).toMatchObject({ unchanged: 3 });
  });

  it('names the row and column of every mistake, and writes nothing', async () => {
    const res = await run(fixture('connections-errors.csv'));
    expect(res.committed).toBe(false);
    expect(issues(res)).toEqual([
      '2行目『接続方式』: VPN は接続方式ではありません(SSL-VPN、IPsec、RDP、リモート保守専用回線、閉域網/IP-VPN、クラウド連携、その他)',
      '3行目『委託事業者』: 委託事業者「不明な業者」はこの施設に登録されていません。先に委託事業者を登録してください',
      '4行目『接続機器』: 資産「NW-9999」はこの施設の台帳にありません(資産番号または資産名)',
      '5行目『接続先』: 資産名「受付端末」が台帳に複数あるため特定できません。資産番号で指定してください',
      '6行目『認証方式』: ワンタイム は認証方式ではありません(認証なし、パスワード、証明書、多要素認証)',
      '7行目『アカウント』: みんな はアカウントの種類ではありません(個人別、共有)',
      '8行目『利用曜日』: 祝 は曜日ではありません(月・火・水・木・金・土・日、; で区切る)',
      '9行目『利用時間帯』: 9時-18時 は正しい時刻ではありません(HH:MM)',
      '10行目『見直し間隔(月)』: 0 は正しい数値ではありません',
      '11行目『状態』: 稼働中 は状態ではありません(申請中、承認済、却下、有効、期限切れ、廃止)',
      '12行目『認証情報の変更日』: 2026-02-30 は正しい日付ではありません(YYYY-MM-DD または YYYY/MM/DD)',
      '13行目『インターネット経由』: たぶん は「はい」「いいえ」として読めません(はい/いいえ、○/×、1/0 など)',
      '14行目『ネットワーク区分』: ネットワーク区分「不明区分」はこの施設に登録されていません',
      '15行目『接続名』: 回線A はこのファイルの2行目と重複しています',
      '16行目『認証方式』: 入力が必要です',
    ]);
    expect(res.actions.every((a) => a.action === 'error')).toBe(true);
    expect(formatImportIssue(res.errors[0]!, 'en')).toBe("Row 2, '接続方式': VPN is not a connection kind (ssl_vpn, ipsec_vpn, rdp, dedicated_line, closed_network, cloud_link, other)");
    // One bad row among good ones still writes nothing.
    const audited = await count('audit_log');
    const mixed = csv([CONNECTION_HEADERS, ...CONNECTION_ROWS, ['回線Z', '', '', 'telnet', '', '', '', '', 'パスワード', '個人別', '', '', '', '', '', '', '', '', '', '', '']]);
    expect(await run(utf8(mixed))).toMatchObject({ create: 3, errorCount: 1, committed: false });
    expect(await count('external_connections')).toBe(0);
    expect(await count('audit_log')).toBe(audited);
  });

  it('rejects files it cannot read or whose headers are wrong', async () => {
    const cases: [string, Buffer, string[]][] = [
      ['empty file', Buffer.alloc(0), ['ファイルにデータがありません(見出し行と1行以上のデータが必要です)']],
      ['header only', utf8('接続名,接続方式,認証方式,アカウント\r\n'), ['ファイルにデータがありません(見出し行と1行以上のデータが必要です)']],
      ['UTF-16', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('接続名\r\nA\r\n', 'utf16le')]), ['文字コードを判別できません。UTF-8 または Shift_JIS で保存してください']],
      ['missing required columns (Japanese)', utf8('接続名,接続方式\r\nA,RDP\r\n'), ['『認証方式』: 必須の列がありません', '『アカウント』: 必須の列がありません']],
      ['missing required columns (English)', utf8('name,kind,auth\r\nA,rdp,none\r\n'), ["『account_mode』: 必須の列がありません"]],
      ['unknown and repeated headers', utf8('接続名,接続方式,認証方式,アカウント,パスワード,接続名\r\nA,RDP,なし,共有,x,A\r\n'), ['『パスワード』: 取り込めない列名です。列名を確認するか、列を削除してください', '『接続名』: 同じ列が2回以上あります']],
    ];
    for (const [what, bytes, expected] of cases) expect(issues(await run(bytes)), what).toEqual(expected);
    const huge = utf8(`name,kind,auth,account_mode,notes\r\nA,rdp,none,shared,${'x'.repeat(10_001)}\r\n`);
    expect(issues(await run(huge))).toEqual(['2行目『notes』: セルが長すぎます(10000文字まで)']);
    expect(issues(await run(utf8('name,kind,auth,account_mode\r\nA,rdp,none,shared,extra\r\n')))).toEqual(['2行目: 見出しのない列に値があります']);
    expect(issues(await run(utf8(`name,kind,auth,account_mode\r\n${'長'.repeat(201)},rdp,none,shared\r\n`)))).toEqual(['2行目『name』: 200文字以内で入力してください']);
    const manyTargets = Array.from({ length: 501 }, (_, i) => `T-${i}`).join(';');
    expect(issues(await run(utf8(`name,kind,auth,account_mode,targets\r\nA,rdp,none,shared,${manyTargets}\r\n`)))).toEqual(['2行目『targets』: 値が多すぎます(500個まで)']);
    const notXlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('not a workbook')]);
    expect(issues(await run(notXlsx, { fileName: 'broken.xlsx' }))).toEqual(['ファイルを読み取れません。CSV または Excel (.xlsx) ファイルを指定してください']);
    expect(await count('external_connections')).toBe(0);
  });

  it('lets only an approver set the status or approval dates, and keeps them when the cells are empty', async () => {
    const head = 'name,kind,auth,account_mode,status,approved_on,expires_on,notes\r\n';
    const activeLine = utf8(`${head}稼働回線,rdp,mfa,named,有効,2026/01/10,2027-01-09,\r\n`);
    const refused = await run(activeLine);
    expect(issues(refused)).toEqual([
      '2行目『status』: 「有効」を設定できるのは外部接続の承認権限を持つ人(セキュリティ責任者など)だけです。空欄にすると、新しい接続は申請中として取り込み、登録済みの接続は今の状態のままにします',
      '2行目『approved_on』: 「2026/01/10」を設定できるのは外部接続の承認権限を持つ人(セキュリティ責任者など)だけです。空欄にすると、新しい接続は申請中として取り込み、登録済みの接続は今の状態のままにします',
      '2行目『expires_on』: 「2027-01-09」を設定できるのは外部接続の承認権限を持つ人(セキュリティ責任者など)だけです。空欄にすると、新しい接続は申請中として取り込み、登録済みの接続は今の状態のままにします',
    ]);
    expect(await count('external_connections')).toBe(0);
    // 申請中 needs nobody's approval.
    expect(await run(utf8(`${head}申請回線,rdp,mfa,named,申請中,,,\r\n`), { dryRun: true })).toMatchObject({ create: 1, errorCount: 0 });

    // The administrator (an approver) imports it as in use.
    expect(await run(activeLine, { caller: SYSTEM })).toMatchObject({ create: 1, committed: true });
    const [line] = await all();
    expect(line).toMatchObject({ status: 'active', approvedOn: '2026-01-10', expiresOn: '2027-01-09', requestedBy: 'test' });
    // IT staff: the same file, the export, and empty approval cells are all "unchanged"; a change of notes is fine.
    expect(await run(activeLine)).toMatchObject({ unchanged: 1, errorCount: 0 });
    expect(await run(await exported())).toMatchObject({ unchanged: 1, errorCount: 0 });
    expect(await run(utf8(`${head}稼働回線,rdp,mfa,named,,,,\r\n`))).toMatchObject({ unchanged: 1, errorCount: 0 });
    expect(await run(utf8(`${head}稼働回線,rdp,mfa,named,,,,メモ\r\n`), { fileName: 'memo.csv' })).toMatchObject({ update: 1, committed: true });
    // …but retiring it, or moving its approval, is the approver's.
    expect(issues(await run(utf8(`${head}稼働回線,rdp,mfa,named,廃止,,,メモ\r\n`)))).toHaveLength(1);
    expect(issues(await run(utf8(`${head}稼働回線,rdp,mfa,named,,,2028-01-09,メモ\r\n`)))).toHaveLength(1);
    const retired = await run(utf8(`${head}稼働回線,rdp,mfa,named,retired,,,メモ\r\n`), { caller: SYSTEM, fileName: 'retire.csv' });
    expect(retired).toMatchObject({ update: 1, committed: true });
    const detail = await getConnection(env.deps, SYSTEM, F, line!.id);
    expect(detail).toMatchObject({ status: 'retired', notes: 'メモ' });
    expect(detail.events.map((e) => [e.action, e.fromStatus, e.toStatus, e.comment])).toEqual([
      ['update', 'active', 'retired', 'import: retire.csv: status'],
      ['update', null, null, 'import: memo.csv: notes'],
      ['request', null, 'active', 'import: connections.csv'],
    ]);
    const audit = await env.deps.db.selectFrom('audit_log').select(['action', 'before_json', 'after_json']).where('entity_id', '=', line!.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'update']);
    expect(JSON.parse(audit[2]!.before_json!)).toMatchObject({ status: 'active', notes: 'メモ' });
    expect(JSON.parse(audit[2]!.after_json!)).toMatchObject({ status: 'retired' });
  });

  it('updates by name, changes only what the file says, and refuses a name the register holds twice', async () => {
    await run(fixture('connections-good.utf8.csv'));
    const before = (await all()).find((c) => c.name === 'PACS保守回線')!;
    // Only name, kind, auth, account_mode and purpose: other fields stay as they are.
    const partial = utf8('接続名,接続方式,認証方式,アカウント,用途,接続先\r\nPACS保守回線,SSL-VPN,多要素認証,個人別アカウント,PACSと電子カルテの保守,SV-0001\r\n');
    const res = await run(partial, { fileName: 'partial.csv' });
    expect(res).toMatchObject({ update: 1, committed: true });
    const after = await getConnection(env.deps, SYSTEM, F, before.id);
    expect(after).toMatchObject({ purpose: 'PACSと電子カルテの保守', vendorId: ids.minato, allowedFrom: '09:00', credentialsRotatedOn: '2026-01-15', targetCount: 1 });
    expect(after.events[0]).toMatchObject({ action: 'update', comment: 'import: partial.csv: purpose, targetAssetIds' });

    await env.deps.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 2; i++) {
        await insertConnectionTx(env.deps, trx, SYSTEM, F, { name: '重複回線', kind: 'rdp', auth: 'none', accountMode: 'shared', targetAssetIds: [], internetFacing: false, allowedDays: [], reviewIntervalMonths: 12 });
      }
    });
    expect(issues(await run(utf8('接続名,接続方式,認証方式,アカウント\r\n重複回線,RDP,認証なし,共有\r\n')))).toEqual([
      '2行目『接続名』: 接続名「重複回線」の外部接続が台帳に複数あるため特定できません。台帳で名前を区別してください',
    ]);
  });

  it('reads .xlsx (the 外部接続 sheet, date cells, formulas kept as text)', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('表紙').addRow(['外部接続台帳 (synthetic)']);
    const ws = wb.addWorksheet('外部接続');
    ws.addRow(['接続名', '接続方式', '認証方式', 'アカウント', '認証情報の変更日', '見直し間隔（月）', '利用時間帯', '備考']);
    ws.addRow(['Excel回線', 'IPsec', 'パスワード', '個人別', new Date('2026-02-01T00:00:00Z'), 24, '０９：００～１７：３０', { formula: 'HYPERLINK("http://example.invalid")', result: 'link' }]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await run(bytes, { fileName: 'ledger.xlsx' });
    expect(res).toMatchObject({ format: 'xlsx', encoding: null, create: 1, committed: true });
    expect(res.warnings.map((w) => w.message)).toEqual(['formula_as_text']);
    const [line] = await all();
    expect(line).toMatchObject({ name: 'Excel回線', kind: 'ipsec_vpn', credentialsRotatedOn: '2026-02-01', reviewIntervalMonths: 24, allowedFrom: '09:00', allowedTo: '17:30', notes: '=HYPERLINK("http://example.invalid")' });
  });

  it('exports every line with formulas neutralised, in Japanese or English, as CSV (UTF-8 or Shift_JIS) or .xlsx', async () => {
    await env.deps.db.transaction().execute((trx) =>
      insertConnectionTx(env.deps, trx, SYSTEM, F, {
        name: '+危険な回線',
        kind: 'dedicated_line',
        auth: 'none',
        accountMode: 'shared',
        vendorId: ids.kyushoku!,
        entryAssetId: ids.fortigate!,
        targetAssetIds: [ids.pacs!],
        segmentId: ids.emrSeg!,
        internetFacing: false,
        allowedDays: ['sat', 'sun'],
        allowedFrom: '22:00',
        allowedTo: '06:00',
        reviewIntervalMonths: 3,
        notes: '=cmd|\' /C calc\'!A0',
        accounts: '@admin',
      }),
    );
    const ja = (await exported('ja')).toString('utf8');
    expect(ja.startsWith('\uFEFF接続名,委託事業者,用途,接続方式,接続機器,接続先,ネットワーク区分,インターネット経由,認証方式,アカウント,アカウント名,利用曜日,利用時間帯,ログ保存先,認証情報の変更日,見直し間隔(月),状態,承認日,承認期限,最終利用日,備考\r\n')).toBe(true);
    expect(ja).toContain("'+危険な回線,給食サービス株式会社,,リモート保守専用回線,NW-0003,SV-0101,電子カルテ系,いいえ,認証なし,共有,'@admin,土;日,22:00-06:00,,,3,申請中,,,,'=cmd|' /C calc'!A0\r\n");
    const en = (await exported('en')).toString('utf8');
    expect(en).toContain("'+危険な回線,給食サービス株式会社,,dedicated_line,NW-0003,SV-0101,電子カルテ系,no,none,shared,'@admin,sat;sun,22:00-06:00,,,3,requested,");
    const sjis = iconv.decode(await exported('ja', 'csv', 'sjis'), 'cp932');
    expect(sjis).toBe(ja.slice(1));
    const x = await readTable(await exported('en', 'xlsx'), { sheetNames: ['connections'] });
    expect(x.ok && x.table.headers[0]).toBe('name');
    expect(x.ok && x.table.rows[0]!.cells[0]).toBe("'+危険な回線");
    expect(x.ok && x.table.rows[0]!.cells[20]).toBe("'=cmd|' /C calc'!A0");
    // The neutralised cells come back as they were: importing the export changes nothing.
    expect(await run(await exported('ja', 'xlsx'), { fileName: 'x.xlsx' })).toMatchObject({ unchanged: 1, errorCount: 0 });
    const audit = await env.deps.db.selectFrom('audit_log').select(['action', 'after_json']).where('facility_id', '=', F).where('action', '=', 'export').execute();
    expect(audit.length).toBeGreaterThan(0);

    const sheet = await connectionSheet(env.deps, F, 'ja');
    expect(sheet).toMatchObject({ name: '外部接続', rows: [expect.arrayContaining(['+危険な回線'])] });
  });

  it('writes a template that imports as one request', async () => {
    const file = await connectionTemplate(env.deps, itStaff, F, { format: 'csv', lang: 'ja', encoding: 'utf8' });
    expect(file.fileName).toMatch(/^mamori-connections-template-\d{4}-\d{2}-\d{2}\.csv$/);
    const res = await run(file.bytes, { dryRun: true });
    expect(res).toMatchObject({ create: 1, errorCount: 0 });
    const xlsx = await connectionTemplate(env.deps, itStaff, F, { format: 'xlsx', lang: 'en', encoding: 'utf8' });
    expect(await run(xlsx.bytes, { dryRun: true })).toMatchObject({ create: 1, errorCount: 0 });
  });
});

describe.each(DIALECTS)('connection import and export over HTTP (%s)', (dialect) => {
  let env: TestEnv;
  let client: TestClient;
  let F: string;
  let app: Awaited<ReturnType<typeof buildTestApp>>;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    F = (await makeFacility(env, 'HTTPC')).id;
    await makeUser(env, 'it@h.jp', [{ role: 'it_staff', facilityId: F }]);
    app = await buildTestApp(env);
    client = new TestClient(app, env);
    await client.login('it@h.jp');
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const base = () => `/api/v1/facilities/${F}/connections`;

  it('previews with sentences in the caller\'s language, answers 422 on errors, imports, and downloads', async () => {
    const good = utf8('name,kind,auth,account_mode,notes\r\nHTTP回線,rdp,mfa,named,=1+1\r\n');
    expect((await client.patch('/api/v1/me', { locale: 'en' })).statusCode).toBe(200);
    const preview = await client.upload(`${base()}/import?dryRun=true`, good, 'text/csv', { 'x-file-name': encodeURIComponent('回線.csv') });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ fileName: '回線.csv', create: 1, committed: false, warnings: [{ row: 2, path: 'notes', message: 'formula_as_text', text: "Row 2, 'notes': =1+1 is imported as text, not as a formula" }] });
    expect((await client.patch('/api/v1/me', { locale: 'ja' })).statusCode).toBe(200);
    const bad = await client.upload(`${base()}/import?dryRun=false&fileName=bad.csv`, utf8('name,kind,auth,account_mode\r\nX,fax,mfa,named\r\n'), 'text/csv');
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ committed: false, error: { code: 'VALIDATION_FAILED' }, errors: [{ row: 2, path: 'kind', message: 'invalid_connection_kind', text: '2行目『kind』: fax は接続方式ではありません(SSL-VPN、IPsec、RDP、リモート保守専用回線、閉域網/IP-VPN、クラウド連携、その他)' }] });
    const done = await client.upload(`${base()}/import?dryRun=false&fileName=good.csv`, good, 'text/csv');
    expect(done.json()).toMatchObject({ create: 1, committed: true });

    const exp = await client.get(`${base()}/export?format=csv&lang=en&encoding=sjis`);
    expect(exp.statusCode).toBe(200);
    expect(exp.headers['content-type']).toBe('text/csv; charset=Shift_JIS');
    expect(exp.headers['content-disposition']).toMatch(/^attachment; filename="mamori-connections-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(iconv.decode(exp.rawPayload, 'cp932')).toContain("HTTP回線,,,rdp,,,,no,mfa,named,,,,,,12,requested,,,,'=1+1");
    const tpl = await client.get(`${base()}/template?format=xlsx`);
    expect(tpl.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });
});
