import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoCredentials, type RunningServer, demoCredentials, launchBrowser, loginAs, shot, startServer } from './support.ts';

/** `mamori serve --demo`: the sample hospital, and what each role sees. */
describe('demo hospital in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let credentials: DemoCredentials;

  beforeAll(async () => {
    server = await startServer(['--demo']);
    browser = await launchBrowser();
    // The random passwords are printed once at start: "  <role> <email> <password>".
    credentials = demoCredentials(server);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('prints one login per role and the staff member sees only what staff may use', async () => {
    expect([...credentials.keys()].sort()).toEqual(['admin', 'auditor', 'executive', 'group_admin', 'it_staff', 'security_manager', 'staff', 'vendor']);
    const staff = credentials.get('staff')!;
    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('メールアドレス').fill(staff.email);
    await page.getByRole('textbox', { name: 'パスワード', exact: true }).fill(staff.password);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.getByRole('heading', { name: 'ダッシュボード', level: 1 }).waitFor();
    await expect.poll(() => page.getByText('みなと総合病院').count()).toBeGreaterThan(0);
    const nav = page.getByRole('navigation');
    expect(await nav.getByRole('link', { name: 'ダッシュボード' }).count()).toBe(1);
    // Staff do not administer users or read the audit log; the menu does not offer dead ends.
    expect(await nav.getByRole('link', { name: 'ユーザー' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: '監査ログ' }).count()).toBe(0);
    await shot(page, 'demo-01-staff-dashboard');
    // And the server refuses, whatever the UI shows.
    const users = await page.request.get(`${server.url}/api/v1/users`);
    expect(users.status()).toBe(403);
    await context.close();
  });

  const login = (role: string) => loginAs(browser, server, credentials, role);

  it('IT staff find the risky sample lines and vendors: the catering VPN, the PACS RDP line, the catering contractor', async () => {
    const page = await login('it_staff');
    await page.getByRole('navigation').getByRole('link', { name: '外部接続' }).click();
    const lines = page.getByRole('table', { name: '外部接続の一覧' });
    const catering = lines.getByRole('row').filter({ hasText: '給食委託業者 SSL-VPN' });
    await catering.waitFor();
    for (const flag of ['多要素認証なし(インターネット)', '共有アカウント', 'パスワード未変更(12か月超)', '承認期限切れのまま利用', '接続機器がサポート終了']) {
      expect(await catering.getByText(flag, { exact: true }).count(), flag).toBe(1);
    }
    const pacs = lines.getByRole('row').filter({ hasText: 'PACS リモート保守(RDP)' });
    expect(await pacs.getByText('認証なし', { exact: true }).count()).toBe(1);
    // The good example carries no flag.
    const emr = lines.getByRole('row').filter({ hasText: '電子カルテ リモート保守' });
    expect(await emr.getByText('共有アカウント', { exact: true }).count()).toBe(0);
    await shot(page, 'demo-02-connections');

    await page.getByRole('navigation').getByRole('link', { name: '委託事業者' }).click();
    const vendors = page.getByRole('table', { name: '委託事業者の一覧' });
    const food = vendors.getByRole('row').filter({ hasText: '株式会社みなとフードサービス' });
    await food.waitFor();
    for (const flag of ['緊急連絡先なし', '契約期限切れ', 'MDS/SDS未受領']) expect(await food.getByText(flag, { exact: true }).count(), flag).toBe(1);
    await shot(page, 'demo-03-vendors');
    await page.context().close();
  });

  it('the vendor user sees only 株式会社デンシカルテ, its two lines and the assets it maintains', async () => {
    const page = await login('vendor');
    await page.goto(`${server.url}/ledger/vendors`);
    const vendors = page.getByRole('table', { name: '委託事業者の一覧' });
    await vendors.getByRole('link', { name: '株式会社デンシカルテ' }).waitFor();
    expect(await vendors.getByRole('row').count()).toBe(2);
    await page.goto(`${server.url}/ledger/connections`);
    const lines = page.getByRole('table', { name: '外部接続の一覧' });
    await lines.getByRole('link', { name: '電子カルテ 更新作業用 臨時接続' }).waitFor();
    await lines.getByRole('link', { name: '電子カルテ リモート保守' }).waitFor();
    expect(await lines.getByRole('row').count()).toBe(3);
    expect(await lines.getByText('給食委託業者 SSL-VPN').count()).toBe(0);
    await shot(page, 'demo-04-vendor-connections');
    // The vendor's page lists the assets it maintains.
    await page.getByRole('navigation').getByRole('link', { name: '委託事業者' }).click();
    await vendors.getByRole('link', { name: '株式会社デンシカルテ' }).click();
    await page.getByRole('heading', { name: '株式会社デンシカルテ', level: 1 }).waitFor();
    const assets = page.getByRole('table', { name: '保守対象の資産の一覧' });
    await assets.getByRole('link', { name: '電子カルテ DBサーバ(主系)' }).waitFor();
    expect(await assets.getByText('PACS 画像サーバ', { exact: true }).count()).toBe(0);
    await shot(page, 'demo-05-vendor-detail');
    await page.context().close();
  });
});
