import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { findPgTool } from '../server/db/backup.ts';
import { PG_URL, TEST_PASSWORD } from '../server/testing/harness.ts';
import { DEMO_FACILITY } from '../server/demo/demo.ts';
import { FACILITY_ROLES } from '../shared/roles.ts';
import { mamori, removeTempDirs, tempDir, type CliResult } from './cli-test-support.ts';

/**
 * The `mamori` command line, run as real child processes (`node --import tsx src/cli/main.ts`), each
 * with its own data folder. Scenarios are independent and run concurrently; steps within one run in order.
 */

const TIMEOUT = 180_000;
const WEAK_PASSWORD_JA = 'パスワードは、英字・数字・記号をすべて含む8文字以上、または13文字以上にしてください。';

afterAll(removeTempDirs);

/** Asserts a result is one line of output on stderr (the CLI's error convention) and returns it. */
function oneLineError(r: CliResult): string {
  const text = r.stderr.trim();
  expect(text, r.stderr).not.toBe('');
  expect(text.split('\n'), r.stderr).toHaveLength(1);
  return text;
}

function setupArgs(code = 'H1', name = 'テスト病院', email = 'admin@h1.example.jp'): string[] {
  return ['setup', '--facility-code', code, '--facility-name', name, '--admin-email', email, '--admin-password-stdin'];
}

async function setUp(dataDir: string, env?: Record<string, string>): Promise<void> {
  const r = await mamori(setupArgs(), { dataDir, input: `${TEST_PASSWORD}\n`, ...(env && { env }) });
  expect(r.code, r.stderr).toBe(0);
}

type UserJson = { email: string; isAdmin: boolean; roles: { role: string; facilityId: string | null }[] };
type FacilityJson = { id: string; code: string; name: string; beds: number | null; prefecture: string | null };

async function listJson<T>(what: 'user' | 'facility', dataDir: string, env?: Record<string, string>): Promise<T[]> {
  const r = await mamori([what, 'list', '--json'], { dataDir, ...(env && { env }) });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T[];
}

describe.concurrent('mamori CLI (child processes)', () => {
  it(
    'prints help and exits 0 for the program and every command, 2 for an unknown command',
    async () => {
      const dataDir = tempDir('help');
      const commands = [
        [],
        ['serve'],
        ['migrate'],
        ['setup'],
        ['user'],
        ['user', 'add'],
        ['user', 'list'],
        ['facility'],
        ['facility', 'add'],
        ['facility', 'list'],
        ['demo'],
        ['audit'],
        ['audit', 'verify'],
        ['assets'],
        ['assets', 'import'],
        ['assets', 'export'],
        ['assets', 'template'],
        ['connections', 'import'],
        ['connections', 'export'],
        ['connections', 'template'],
        ['vendors', 'import'],
        ['vendors', 'export'],
        ['vendors', 'template'],
        ['backup'],
        ['restore'],
        ['doctor'],
        ['frameworks'],
        ['frameworks', 'list'],
        ['frameworks', 'validate'],
        ['frameworks', 'import'],
        ['frameworks', 'template'],
        ['assessment'],
        ['assessment', 'export'],
      ];
      const results = await Promise.all(commands.map((c) => mamori([...c, '--help'], { dataDir })));
      for (const [i, r] of results.entries()) {
        const name = ['mamori', ...commands[i]!].join(' ');
        expect(r.code, `${name} --help: ${r.stderr}`).toBe(0);
        expect(r.stdout, name).toContain(`Usage: ${name}`);
        expect(r.stderr, name).toBe('');
      }
      expect(results[0]!.stdout).toContain('病院のサイバーセキュリティ対策');
      expect(results[5]!.stdout).toContain('--password-stdin');
      // --help never touches the database.
      expect(fs.existsSync(path.join(dataDir, 'mamori.sqlite'))).toBe(false);

      const unknown = await mamori(['frobnicate'], { dataDir });
      expect(unknown.code).toBe(2);
      expect(oneLineError(unknown)).toContain("unknown command 'frobnicate'");
    },
    TIMEOUT,
  );

  it(
    'imports assets (dry run, commit, errors one per line with a non-zero exit) and exports them in both formats',
    async () => {
      const dataDir = tempDir('assets');
      await setUp(dataDir);
      const file = path.join(dataDir, '台帳.csv');
      fs.writeFileSync(file, '\uFEFF資産名,資産番号,種別,IPアドレス,外部公開,サポート終了日\r\n電子カルテサーバ,SV-1,サーバ,192.168.10.11,いいえ,2029/01/09\r\nFortiGate,NW-1,VPN装置,192.168.99.1,はい,\r\n');
      const dry = await mamori(['assets', 'import', file, '--facility', 'H1', '--dry-run', '--json'], { dataDir });
      expect(dry.code, dry.stderr).toBe(0);
      expect(JSON.parse(dry.stdout)).toMatchObject({ rows: 2, create: 2, committed: false });
      const done = await mamori(['assets', 'import', file, '--facility', 'H1'], { dataDir });
      expect(done.code, done.stderr).toBe(0);
      expect(done.stdout).toContain('2 rows: 2 new, 0 updated, 0 unchanged');

      const out = path.join(dataDir, 'out.xlsx');
      const exp = await mamori(['assets', 'export', '--facility', 'H1', '--format', 'xlsx', '--out', out, '--lang', 'en'], { dataDir });
      expect(exp.code, exp.stderr).toBe(0);
      expect(fs.readFileSync(out).subarray(0, 2).toString()).toBe('PK');
      const outCsv = path.join(dataDir, 'out.csv');
      expect((await mamori(['assets', 'export', '--facility', 'H1', '--format', 'csv', '--out', outCsv], { dataDir })).code).toBe(0);
      expect(fs.readFileSync(outCsv, 'utf8')).toMatch(/^\uFEFF資産名,資産番号,種別/);
      const again = await mamori(['assets', 'import', out, '--facility', 'H1', '--json'], { dataDir });
      expect(JSON.parse(again.stdout)).toMatchObject({ unchanged: 2, create: 0, update: 0, committed: true });

      const bad = path.join(dataDir, 'bad.csv');
      fs.writeFileSync(bad, 'name,type,ip\r\nA,server,192.168.1.300\r\nB,router,\r\n');
      const failed = await mamori(['assets', 'import', bad, '--facility', 'H1', '--lang', 'en'], { dataDir });
      expect(failed.code).toBe(1);
      const lines = failed.stderr.trim().split('\n');
      expect(lines[0]).toBe("Row 2, 'ip': 192.168.1.300 is not a valid IP address");
      expect(lines[1]).toMatch(/^Row 3, 'type': router is not an asset type/);
      expect(lines[2]).toContain('nothing imported (2 errors)');
      const ja = await mamori(['assets', 'import', bad, '--facility', 'H1'], { dataDir });
      expect(ja.stderr.split('\n')[0]).toBe('2行目『ip』: 192.168.1.300 は正しいIPアドレスではありません');

      const noFacility = await mamori(['assets', 'import', file, '--facility', 'NOPE'], { dataDir });
      expect(noFacility.code).toBe(2);
      expect(oneLineError(noFacility)).toContain('no facility with code NOPE');
    },
    TIMEOUT,
  );

  it(
    'imports vendors and then connections naming them, exports both, and fails with row/column errors',
    async () => {
      const dataDir = tempDir('vendors');
      await setUp(dataDir);
      const vendors = path.join(dataDir, '委託事業者.csv');
      fs.writeFileSync(vendors, '\uFEFF事業者名,フリガナ,緊急連絡先(24時間),緊急連絡先電話番号\r\nみなとメディカル株式会社,ミナトメディカル,保守センター,0120-000-111\r\n給食サービス株式会社,キュウショクサービス,,\r\n');
      const v = await mamori(['vendors', 'import', vendors, '--facility', 'H1', '--json'], { dataDir });
      expect(v.code, v.stderr).toBe(0);
      expect(JSON.parse(v.stdout)).toMatchObject({ rows: 2, create: 2, committed: true });

      const lines = path.join(dataDir, '外部接続.csv');
      fs.writeFileSync(lines, '接続名,委託事業者,接続方式,認証方式,アカウント\r\nPACS保守回線,みなとメディカル株式会社,SSL-VPN,多要素認証,個人別\r\n給食発注回線,給食サービス株式会社,IPsec,パスワード,共有\r\n');
      const c = await mamori(['connections', 'import', lines, '--facility', 'H1'], { dataDir });
      expect(c.code, c.stderr).toBe(0);
      expect(c.stdout).toContain('2 rows: 2 new, 0 updated, 0 unchanged');

      const out = path.join(dataDir, 'connections.xlsx');
      const exp = await mamori(['connections', 'export', '--facility', 'H1', '--out', out], { dataDir });
      expect(exp.code, exp.stderr).toBe(0);
      expect(exp.stdout).toContain('(2 rows)');
      const again = await mamori(['connections', 'import', out, '--facility', 'H1', '--json'], { dataDir });
      expect(JSON.parse(again.stdout)).toMatchObject({ unchanged: 2, create: 0, update: 0 });
      const vOut = path.join(dataDir, 'vendors.csv');
      expect((await mamori(['vendors', 'export', '--facility', 'H1', '--format', 'csv', '--out', vOut], { dataDir })).code).toBe(0);
      expect(fs.readFileSync(vOut, 'utf8')).toContain('みなとメディカル株式会社');

      const bad = path.join(dataDir, 'bad.csv');
      fs.writeFileSync(bad, 'name,vendor,kind,auth,account_mode\r\nX,Nobody Inc.,ssl_vpn,password,named\r\n');
      const failed = await mamori(['connections', 'import', bad, '--facility', 'H1', '--lang', 'en'], { dataDir });
      expect(failed.code).toBe(1);
      expect(failed.stderr.split('\n')[0]).toMatch(/^Row 2, 'vendor': there is no vendor named "Nobody Inc."/);
    },
    TIMEOUT,
  );

  it(
    'runs setup once with the password on stdin; refuses a second setup, weak passwords and a missing flag',
    async () => {
      const ok = tempDir('setup');
      const weak = tempDir('weak');
      const noFlag = tempDir('noflag');
      const [first, tooShort, missing, missingOption] = await Promise.all([
        mamori(setupArgs(), { dataDir: ok, input: `${TEST_PASSWORD}\n` }),
        mamori(setupArgs(), { dataDir: weak, input: 'abcdefgh12\n' }),
        mamori(setupArgs().filter((a) => a !== '--admin-password-stdin'), { dataDir: noFlag, input: `${TEST_PASSWORD}\n` }),
        mamori(['setup', '--facility-name', 'x', '--admin-email', 'a@b.jp', '--admin-password-stdin'], { dataDir: noFlag, input: TEST_PASSWORD }),
      ]);

      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout.trim().split('\n')).toHaveLength(1);
      expect(first.stdout).toContain('初期設定が完了しました: テスト病院 (H1), 管理者 admin@h1.example.jp / setup complete');

      expect(tooShort.code, tooShort.stderr).toBe(2);
      expect(oneLineError(tooShort)).toContain(WEAK_PASSWORD_JA);
      expect(tooShort.stderr).toContain('needs_mix');

      expect(missing.code).toBe(2);
      expect(oneLineError(missing)).toContain('--admin-password-stdin is required');
      expect(fs.existsSync(path.join(noFlag, 'mamori.sqlite'))).toBe(false);
      expect(missingOption.code).toBe(2);
      expect(oneLineError(missingOption)).toContain('--facility-code');

      const [again, retryWeak] = await Promise.all([
        mamori(setupArgs('H2', '別の病院', 'other@h2.example.jp'), { dataDir: ok, input: `${TEST_PASSWORD}\n` }),
        // The failed weak-password setup left nothing behind: a proper one now succeeds there.
        mamori(setupArgs(), { dataDir: weak, input: `${TEST_PASSWORD}\r\n` }),
      ]);
      expect(again.code).toBe(2);
      const message = oneLineError(again);
      expect(message).toContain('初期設定はすでに完了しています。');
      expect(message).toContain('already been set up');
      expect(retryWeak.code, retryWeak.stderr).toBe(0);
    },
    TIMEOUT,
  );

  it(
    'adds facilities and users, names bad roles and facilities, and lists them as JSON',
    async () => {
      const dataDir = tempDir('users');
      await setUp(dataDir);
      const [badRole, badFacility, added] = await Promise.all([
        mamori(['user', 'add', '--email', 'x@h1.example.jp', '--role', 'wizard', '--facility', 'H1', '--password-stdin'], { dataDir, input: TEST_PASSWORD }),
        mamori(['user', 'add', '--email', 'x@h1.example.jp', '--role', 'staff', '--facility', 'NOPE', '--password-stdin'], { dataDir, input: TEST_PASSWORD }),
        mamori(['facility', 'add', '--code', 'H2', '--name', 'みなと分院', '--beds', '50', '--prefecture', '神奈川県', '--kind', 'clinic'], { dataDir }),
      ]);
      expect(badRole.code).toBe(2);
      expect(oneLineError(badRole)).toMatch(/--role must be one of .*auditor.* \(got wizard\)/);
      expect(badFacility.code).toBe(2);
      const noFacility = oneLineError(badFacility);
      expect(noFacility).toContain('施設 NOPE がありません');
      expect(noFacility).toContain('no facility with code NOPE');
      expect(added.code, added.stderr).toBe(0);
      expect(added.stdout.trim()).toBe('施設を追加しました / facility added: H2 みなと分院');

      const [duplicate, staff] = await Promise.all([
        mamori(['facility', 'add', '--code', 'H2', '--name', '重複'], { dataDir }),
        mamori(['user', 'add', '--email', 'Kango@H1.example.jp', '--role', 'staff', '--facility', 'H2', '--name', '看護 さくら', '--password-stdin'], { dataDir, input: `${TEST_PASSWORD}\n` }),
      ]);
      expect(duplicate.code).toBe(2);
      expect(oneLineError(duplicate)).toContain('同じものがすでに登録されています');
      expect(staff.code, staff.stderr).toBe(0);
      expect(staff.stdout).toContain('kango@h1.example.jp (staff, H2)');

      const [facilities, users, verify] = await Promise.all([listJson<FacilityJson>('facility', dataDir), listJson<UserJson>('user', dataDir), mamori(['audit', 'verify'], { dataDir })]);
      expect(facilities.map((f) => f.code)).toEqual(['H1', 'H2']);
      const h2 = facilities.find((f) => f.code === 'H2')!;
      expect(h2).toMatchObject({ name: 'みなと分院', beds: 50, prefecture: '神奈川県', kind: 'clinic' });
      expect(users.map((u) => u.email)).toEqual(['admin@h1.example.jp', 'kango@h1.example.jp']);
      expect(users[1]!.roles).toEqual([expect.objectContaining({ role: 'staff', facilityId: h2.id })]);
      expect(verify.code, verify.stderr).toBe(0);
      // setup (facility, user, setup event), facility add, user add.
      expect(verify.stdout).toContain('監査ログ 5 件を検証しました');
      expect(verify.stdout).toContain('5 audit events verified; the chain is intact.');
    },
    TIMEOUT,
  );

  it(
    'detects tampering with the SQLite file and names the broken event',
    async () => {
      const dataDir = tempDir('tamper');
      await setUp(dataDir);
      const intact = await mamori(['audit', 'verify', '--json'], { dataDir });
      expect(intact.code, intact.stderr).toBe(0);
      expect(JSON.parse(intact.stdout)).toEqual({ ok: true, checked: 3, firstBrokenSeq: null, reason: null });

      const file = path.join(dataDir, 'mamori.sqlite');
      const db = new SQLite(file);
      try {
        // The trigger stops a plain UPDATE...
        expect(() => db.prepare("update audit_log set actor_label = 'x' where seq = 2").run()).toThrow(/append-only/);
        // ...so an attacker with the file drops it first.
        db.exec('drop trigger audit_log_no_update');
        const row = db.prepare('select after_json from audit_log where seq = 2').get() as { after_json: string };
        const forged = JSON.stringify({ ...(JSON.parse(row.after_json) as object), isAdmin: false });
        expect(db.prepare('update audit_log set after_json = ? where seq = 2').run(forged).changes).toBe(1);
      } finally {
        db.close();
      }

      const broken = await mamori(['audit', 'verify'], { dataDir });
      expect(broken.code).toBe(1);
      const message = oneLineError(broken);
      expect(message).toContain('監査ログの連鎖が 2 番で壊れています');
      expect(message).toContain('broken at event 2 (hash_mismatch)');
    },
    TIMEOUT,
  );

  it(
    'backs up, and restores into a new data folder with users, facilities and an intact audit chain',
    async () => {
      const source = tempDir('backup-src');
      const target = tempDir('backup-dst');
      const backups = tempDir('backups');
      const file = path.join(backups, 'nested', 'mamori-backup.sqlite');
      await setUp(source);
      expect((await mamori(['facility', 'add', '--code', 'H2', '--name', '分院'], { dataDir: source })).code).toBe(0);

      const backup = await mamori(['backup', '--out', file], { dataDir: source });
      expect(backup.code, backup.stderr).toBe(0);
      expect(backup.stdout).toContain(`backup written: ${file}`);
      expect(backup.stdout).toContain('sqlite');
      expect(fs.statSync(file).size).toBeGreaterThan(0);

      const notBackup = path.join(backups, 'notes.txt');
      fs.writeFileSync(notBackup, 'これはバックアップではありません\n');
      const [again, restored, wrongFile] = await Promise.all([
        mamori(['backup', '--out', file], { dataDir: source }),
        mamori(['restore', file], { dataDir: target }),
        mamori(['restore', notBackup], { dataDir: tempDir('restore-bad') }),
      ]);
      expect(again.code).not.toBe(0);
      expect(oneLineError(again)).toContain('already exists');
      expect(restored.code, restored.stderr).toBe(0);
      expect(restored.stdout).toContain('audit chain: OK');
      expect(wrongFile.code).not.toBe(0);
      oneLineError(wrongFile);

      const [users, facilities, verify] = await Promise.all([
        listJson<UserJson>('user', target),
        listJson<FacilityJson>('facility', target),
        mamori(['audit', 'verify', '--json'], { dataDir: target }),
      ]);
      expect(users.map((u) => [u.email, u.isAdmin, u.roles.map((r) => r.role)])).toEqual([['admin@h1.example.jp', true, ['security_manager']]]);
      expect(facilities.map((f) => [f.code, f.name])).toEqual([
        ['H1', 'テスト病院'],
        ['H2', '分院'],
      ]);
      expect(users[0]!.roles[0]!.facilityId).toBe(facilities[0]!.id);
      expect(verify.code, verify.stderr).toBe(0);
      // setup (3) + facility, then the restore event (the backup event is written after the copy, so it is not in it).
      expect(JSON.parse(verify.stdout)).toEqual({ ok: true, checked: 5, firstBrokenSeq: null, reason: null });
    },
    TIMEOUT,
  );

  it(
    'loads the demo hospital with one user per role, and refuses to load it twice',
    async () => {
      const dataDir = tempDir('demo');
      const demo = await mamori(['demo'], { dataDir });
      expect(demo.code, demo.stderr).toBe(0);
      expect(demo.stdout).toContain('サンプル病院「みなと総合病院」を読み込みました');
      const [users, facilities, twice, verify] = await Promise.all([
        listJson<UserJson>('user', dataDir),
        listJson<FacilityJson>('facility', dataDir),
        mamori(['demo'], { dataDir }),
        mamori(['audit', 'verify'], { dataDir }),
      ]);
      expect(facilities).toHaveLength(1);
      expect(facilities[0]).toMatchObject({ code: DEMO_FACILITY.code, name: 'みなと総合病院', beds: 320, prefecture: '神奈川県' });
      expect(users).toHaveLength(8);
      expect(users.filter((u) => u.roles.some((r) => r.role === 'group_admin')).map((u) => u.email)).toEqual(['honbu@minato-med.example.jp']);
      expect(users.filter((u) => u.isAdmin).map((u) => u.email)).toEqual(['admin@minato-hp.example.jp']);
      for (const role of FACILITY_ROLES) {
        const holders = users.filter((u) => !u.isAdmin && u.roles.some((r) => r.role === role && r.facilityId === facilities[0]!.id));
        expect(holders, role).toHaveLength(1);
      }
      // Random passwords, printed once, one per user.
      for (const u of users) expect(demo.stdout).toContain(u.email);
      expect(twice.code).not.toBe(0);
      expect(oneLineError(twice)).toContain('already has users');
      expect(verify.code, verify.stderr).toBe(0);
    },
    TIMEOUT,
  );

  it.skipIf(!PG_URL)(
    'runs setup, backup, restore and audit verify against PostgreSQL',
    async () => {
      const base = new URL(PG_URL!);
      const names = [`mamori_cli_${randomBytes(5).toString('hex')}`, `mamori_cli_${randomBytes(5).toString('hex')}`];
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      try {
        for (const n of names) await admin.query(`create database ${n}`);
        const urlOf = (n: string) => {
          const u = new URL(base);
          u.pathname = `/${n}`;
          return u.toString();
        };
        const src = { MAMORI_DATABASE_URL: urlOf(names[0]!) };
        const dst = { MAMORI_DATABASE_URL: urlOf(names[1]!) };
        const dataDir = tempDir('pg');
        const file = path.join(tempDir('pg-backups'), 'mamori.pgdump');

        await setUp(dataDir, src);
        expect((await mamori(['facility', 'add', '--code', 'H2', '--name', '分院'], { dataDir, env: src })).code).toBe(0);

        // Debian keeps pg_dump/pg_restore in /usr/lib/postgresql/<version>/bin; prove that folder is
        // found without PATH when it exists, otherwise use PATH as usual.
        const debianOnly: Record<string, string> = findPgTool('pg_dump', '') !== null ? { PATH: tempDir('empty-path') } : {};
        const backup = await mamori(['backup', '--out', file], { dataDir, env: { ...src, ...debianOnly } });
        expect(backup.code, backup.stderr).toBe(0);
        expect(backup.stdout).toContain('postgres');
        expect(backup.stdout).not.toMatch(/postgres:\/\/[^ ]*:[^*@ ]+@/);
        expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('PGDMP');

        const restored = await mamori(['restore', file], { dataDir, env: { ...dst, ...debianOnly } });
        expect(restored.code, restored.stderr).toBe(0);
        expect(restored.stdout).toContain('audit chain: OK');

        const [dstUsers, dstFacilities, verify] = await Promise.all([
          listJson<UserJson>('user', dataDir, dst),
          listJson<FacilityJson>('facility', dataDir, dst),
          mamori(['audit', 'verify', '--json'], { dataDir, env: dst }),
        ]);
        expect(dstUsers.map((u) => [u.email, u.isAdmin])).toEqual([['admin@h1.example.jp', true]]);
        expect(dstFacilities.map((f) => f.code)).toEqual(['H1', 'H2']);
        expect(verify.code, verify.stderr).toBe(0);
        // setup (3) + facility, then the restore event (the backup event is written after the copy, so it is not in it).
        expect(JSON.parse(verify.stdout)).toEqual({ ok: true, checked: 5, firstBrokenSeq: null, reason: null });

        // The restored database is still append-only.
        const c = new pg.Client({ connectionString: dst.MAMORI_DATABASE_URL });
        await c.connect();
        try {
          await expect(c.query('delete from audit_log where seq = 1')).rejects.toThrow(/append-only/);
        } finally {
          await c.end();
        }
      } finally {
        for (const n of names) await admin.query(`drop database if exists ${n} with (force)`);
        await admin.end();
      }
    },
    TIMEOUT,
  );
});

describe('finding pg_dump and pg_restore', () => {
  it('looks on PATH first, then in /usr/lib/postgresql/<version>/bin, newest version first', () => {
    const root = tempDir('pgbin');
    const make = (file: string) => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, '#!/bin/sh\n', { mode: 0o755 });
    };
    make(path.join(root, 'lib', '9.6', 'bin', 'pg_dump'));
    make(path.join(root, 'lib', '15', 'bin', 'pg_dump'));
    make(path.join(root, 'lib', '16', 'bin', 'pg_restore'));
    fs.mkdirSync(path.join(root, 'lib', 'common'));
    make(path.join(root, 'bin', 'pg_dump'));
    fs.writeFileSync(path.join(root, 'bin', 'pg_restore'), 'not executable', { mode: 0o644 });

    expect(findPgTool('pg_dump', path.join(root, 'bin'), path.join(root, 'lib'))).toBe(path.join(root, 'bin', 'pg_dump'));
    expect(findPgTool('pg_dump', '', path.join(root, 'lib'))).toBe(path.join(root, 'lib', '15', 'bin', 'pg_dump'));
    expect(findPgTool('pg_restore', path.join(root, 'bin'), path.join(root, 'lib'))).toBe(path.join(root, 'lib', '16', 'bin', 'pg_restore'));
    expect(findPgTool('pg_dump', '', path.join(root, 'nowhere'))).toBeNull();
  });
});
