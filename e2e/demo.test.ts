import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoCredentials, type RunningServer, demoCredentials, launchBrowser, shot, startServer } from './support.ts';

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
});
