import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../src/server/modules/auth/totp.ts';
import { axeViolations, launchBrowser, type RunningServer, shot, startServer } from './support.ts';


/** Waits until the next 30-second TOTP step so that a fresh code is accepted (codes are single-use). */
async function nextTotpStep(): Promise<void> {
  const ms = 30_000 - (Date.now() % 30_000) + 500;
  await new Promise((r) => setTimeout(r, ms));
}

describe('first run in the browser: setup → login → MFA → English and back → logout', () => {
  let server: RunningServer;
  let browser: Browser;
  const email = 'admin@midori.example.jp';
  const password = 'Tsuyoi-Pass-2026!';
  let secret = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('walks the whole first-run flow in Japanese, switches to English and back, and logs out', async () => {
    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    await page.goto(server.url);
    await page.getByRole('heading', { name: '初期設定' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'foundation-01-setup');

    // A weak password is refused with the rule, before anything is created.
    await page.getByLabel('施設コード').fill('HOSP01');
    await page.getByLabel('施設名').fill('みどり市立病院');
    await page.getByLabel('病床数').fill('320');
    await page.getByLabel('メールアドレス').fill(email);
    await page.getByLabel('氏名').fill('山田 太郎');
    await page.getByRole('textbox', { name: 'パスワード', exact: true }).fill(password);
    await page.getByRole('textbox', { name: 'パスワード（確認）' }).fill(password);
    await shot(page, 'foundation-02-setup-filled');
    await page.getByRole('button', { name: '初期設定を完了する' }).click();

    await page.getByRole('heading', { name: 'ログイン' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('メールアドレス').fill(email);
    await page.getByRole('textbox', { name: 'パスワード', exact: true }).fill('Wrong-password-1');
    await page.getByRole('button', { name: 'ログイン' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('メールアドレスまたはパスワードが正しくありません');
    await shot(page, 'foundation-03-login-error');

    await page.getByRole('textbox', { name: 'パスワード', exact: true }).fill(password);
    await page.getByRole('button', { name: 'ログイン' }).click();

    // MFA is mandatory for the administrator: enrol with the secret shown on screen.
    await page.getByTestId('mfa-secret').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'foundation-04-mfa-enrol');
    secret = (await page.getByTestId('mfa-secret').innerText()).replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await page.getByRole('textbox', { name: /確認コード/ }).fill(currentTotp(secret));
    await page.getByRole('button', { name: '設定を完了する' }).click();
    await page.getByTestId('recovery-codes').waitFor();
    const codes = (await page.getByTestId('recovery-codes').innerText()).split(/\s+/).filter((c) => /^[a-z0-9]{5}-[a-z0-9]{5}$/.test(c));
    expect(codes).toHaveLength(10);
    await shot(page, 'foundation-05-recovery-codes');
    await page.getByLabel('リカバリーコードを印刷・コピー・保存しました').check();
    await page.getByRole('button', { name: '続ける' }).click();

    await page.getByRole('heading', { name: 'ダッシュボード', level: 1 }).waitFor();
    await expect.poll(() => page.getByText('みどり市立病院').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'foundation-06-dashboard-ja');

    // English, then back to Japanese; the choice is saved to the profile.
    await page.getByRole('button', { name: /Language/ }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await shot(page, 'foundation-07-dashboard-en');
    await page.reload();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await page.getByRole('button', { name: /Language/ }).click();
    await page.getByRole('menuitem', { name: '日本語' }).click();
    await page.getByRole('heading', { name: 'ダッシュボード', level: 1 }).waitFor();

    // Phone width: the navigation collapses behind a menu button.
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 375, height: 800 });
    await phone.goto(server.url);
    await phone.getByRole('heading', { name: 'ダッシュボード', level: 1 }).waitFor();
    await phone.getByRole('button', { name: 'メニューを開く' }).click();
    await phone.getByRole('link', { name: '監査ログ' }).waitFor();
    await shot(phone, 'foundation-08-phone-menu');
    await phone.getByRole('link', { name: '監査ログ' }).click();
    await phone.getByRole('heading', { name: '監査ログ', level: 1 }).waitFor();
    await shot(phone, 'foundation-08-phone-audit');
    await phone.close();

    await logout(page, server.url);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('asks for the TOTP code at the next login and refuses a wrong one', async () => {
    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await nextTotpStep();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('メールアドレス').fill(email);
    await page.getByRole('textbox', { name: 'パスワード', exact: true }).fill(password);
    await page.getByRole('button', { name: 'ログイン' }).click();
    const codeBox = page.getByRole('textbox', { name: /確認コード/ });
    await codeBox.waitFor();
    await shot(page, 'foundation-09-mfa-challenge');
    const good = currentTotp(secret);
    await codeBox.fill(good === '123456' ? '654321' : '123456');
    await page.getByRole('button', { name: '確認する' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('確認コードが正しくない');
    await codeBox.fill(currentTotp(secret));
    await page.getByRole('button', { name: '確認する' }).click();
    await page.getByRole('heading', { name: 'ダッシュボード', level: 1 }).waitFor();
    await logout(page, server.url);
    await context.close();
  });
});

describe('the server process', () => {
  it('shuts down gracefully on SIGTERM with exit code 0', async () => {
    const server = await startServer();
    const r = await fetch(`${server.url}/api/v1/health`);
    expect(r.status).toBe(200);
    expect(await server.stop()).toBe(0);
    await expect(fetch(`${server.url}/api/v1/health`)).rejects.toThrow();
  });
});

async function logout(page: Page, base: string): Promise<void> {
  await page.getByRole('button', { name: /ユーザーメニュー|アカウント/ }).click();
  await page.getByRole('menuitem', { name: 'ログアウト' }).click();
  await page.getByRole('heading', { name: 'ログイン' }).waitFor();
  // The session is gone on the server too.
  const me = await page.request.get(`${base}/api/v1/me`);
  expect(me.status()).toBe(401);
}
