import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, shot, useDemoServer } from './support.ts';

/** A tiny but well-formed PDF (the server checks the magic bytes). */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

/**
 * Vendors (委託事業者) in the browser: the security manager registers a vendor with a 24-hour contact and a
 * contract that lacks clauses (the missing ones are shown), stores an MDS as a PDF and downloads it again,
 * links the demo vendor user, who then sees only that vendor and no edit controls.
 */
describe('vendors in the browser', () => {
  const demo = useDemoServer();

  /** Screenshots without the toasts of earlier steps (they close by themselves after a few seconds). */
  async function settledShot(page: Page, name: string): Promise<void> {
    await expect.poll(() => page.locator('.mantine-Notification-root').count(), { timeout: 15_000 }).toBe(0);
    await shot(page, name);
  }

  async function registerVendor(page: Page, name: string, kana: string): Promise<void> {
    await page.getByRole('main').getByRole('button', { name: '委託事業者を登録' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: '事業者名' }).fill(name);
    await dialog.getByRole('textbox', { name: 'フリガナ' }).fill(kana);
    await dialog.getByRole('button', { name: '登録する' }).click();
    await page.getByRole('heading', { name, level: 1 }).waitFor();
  }

  it('security manager: vendor → 24h contact → contract missing clauses → MDS upload and download → vendor user', async () => {
    const page = await demo.login('security_manager');
    await page.getByRole('navigation').getByRole('link', { name: '委託事業者' }).click();
    await page.getByRole('heading', { name: '委託事業者', level: 1 }).waitFor();
    expect(await page.title()).toBe('委託事業者 | mamori');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'vendors-01-list-start');

    // A second vendor first: the vendor user must not see it later.
    await registerVendor(page, 'E2E 別会社システムズ', 'イーツーイーベツガイシャ');
    await page.getByRole('link', { name: '委託事業者の一覧へ戻る' }).click();

    // The vendor, with a wrong corporate number first.
    await page.getByRole('main').getByRole('button', { name: '委託事業者を登録' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: '事業者名' }).fill('E2E メディカルサポート株式会社');
    await dialog.getByRole('textbox', { name: 'フリガナ' }).fill('いーつーいーめでぃかるさぽーと');
    const corporate = dialog.getByRole('textbox', { name: '法人番号' });
    await corporate.fill('1234567890123');
    await dialog.getByRole('button', { name: '登録する' }).click();
    await dialog.getByText('法人番号は13桁の数字です', { exact: false }).waitFor();
    expect(await corporate.getAttribute('aria-invalid')).toBe('true');
    await corporate.fill('4010001234567');
    await dialog.getByRole('button', { name: '登録する' }).click();
    await page.getByRole('heading', { name: 'E2E メディカルサポート株式会社', level: 1 }).waitFor();
    // New vendor: no emergency contact, no contract — both explained.
    const flags = page.getByRole('region', { name: '注意', exact: true });
    await flags.getByText('緊急連絡先なし').waitFor();
    await flags.getByText('契約未登録').waitFor();

    // The 24-hour emergency contact.
    await page.getByRole('button', { name: '連絡先を追加' }).click();
    const contact = page.getByRole('dialog');
    await contact.getByRole('textbox', { name: '氏名・窓口名' }).fill('保守センター');
    await contact.getByRole('textbox', { name: '役割・部署' }).fill('保守窓口');
    await contact.getByRole('checkbox', { name: '24時間緊急連絡先' }).check();
    await contact.getByRole('button', { name: '登録する' }).click();
    // A 24-hour contact needs a phone number.
    await contact.getByText('入力してください。').waitFor();
    await contact.getByRole('textbox', { name: '電話番号' }).fill('0120-123-456');
    await contact.getByRole('button', { name: '登録する' }).click();
    const contacts = page.getByRole('region', { name: '連絡先', exact: true });
    await contacts.getByText('緊急連絡先(24時間)').waitFor();
    expect(await contacts.getByRole('link', { name: '保守センターに電話する(0120-123-456)' }).getAttribute('href')).toBe('tel:0120123456');
    await expect.poll(() => flags.getByText('緊急連絡先なし').count()).toBe(0);

    // A contract that states ten of the twelve clauses.
    await page.getByRole('button', { name: '契約を登録' }).click();
    const contract = page.getByRole('dialog');
    await contract.getByRole('textbox', { name: '契約名' }).fill('電子カルテ保守契約 2026');
    await contract.getByLabel('開始日').fill('2026-04-01');
    await contract.getByLabel('終了日').fill('2027-03-31');
    await contract.getByRole('button', { name: 'すべてチェック' }).click();
    await contract.getByRole('checkbox', { name: '再委託の事前承認' }).uncheck();
    await contract.getByRole('checkbox', { name: '私用PCの業務利用の禁止' }).uncheck();
    await contract.getByText('12項目中 10項目を選択').waitFor();
    expect(await axeViolations(page, '[role="dialog"]')).toEqual([]);
    await settledShot(page, 'vendors-02-contract-form');
    await contract.getByRole('button', { name: '登録する' }).click();
    const contracts = page.getByRole('region', { name: '契約', exact: true });
    const missing = contracts.getByRole('list', { name: '契約書に記載されていないセキュリティ条項が2項目あります' });
    await missing.waitFor();
    expect((await missing.getByRole('listitem').allTextContents()).map((s) => s.trim())).toEqual(['再委託の事前承認', '私用PCの業務利用の禁止']);
    await flags.getByText('契約のセキュリティ条項不足').waitFor();

    // An MDS with its PDF.
    await page.getByRole('button', { name: 'MDS/SDS を登録' }).click();
    const doc = page.getByRole('dialog');
    await doc.getByRole('radio', { name: 'MDS(製造業者)' }).check();
    await doc.getByRole('textbox', { name: '対象の製品・サービス' }).fill('MINATO-Karte 8.2');
    await doc.getByRole('textbox', { name: '書式の版' }).fill('JAHIS MDS/SDS Ver.4.0 書式 第2版');
    await doc.locator('input[type="file"]').setInputFiles({ name: 'mds-e2e.pdf', mimeType: 'application/pdf', buffer: PDF });
    await doc.getByRole('button', { name: '登録する' }).click();
    const docs = page.getByRole('table', { name: 'MDS/SDS の一覧' });
    const link = docs.getByRole('link', { name: 'mds-e2e.pdf をダウンロード' });
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('mds-e2e.pdf');
    expect(fs.readFileSync(await download.path())).toEqual(PDF);

    // The demo vendor user acts for this vendor.
    await page.getByRole('button', { name: '利用者を設定' }).click();
    const users = page.getByRole('dialog');
    await users.getByRole('textbox', { name: '利用者' }).click();
    await page.getByRole('option', { name: new RegExp(demo.credentials.get('vendor')!.email.replace(/[.]/g, '\\.')) }).click();
    // Leave the open option list (it would cover the buttons) by moving the focus on.
    await page.keyboard.press('Tab');
    await users.getByRole('button', { name: '保存する' }).click();
    await page.getByRole('table', { name: 'この事業者の利用者' }).getByText(demo.credentials.get('vendor')!.email).waitFor();

    // An asset from the demo ledger gets this vendor as its maintainer: linked both ways.
    await page.getByRole('navigation').getByRole('link', { name: '資産' }).click();
    await page.getByRole('table', { name: '資産の一覧' }).getByRole('link', { name: 'CT装置(64列)' }).click();
    await page.getByRole('heading', { name: 'CT装置(64列)', level: 1 }).waitFor();
    await page.getByRole('button', { name: '編集' }).click();
    const asset = page.getByRole('dialog');
    await asset.getByRole('textbox', { name: '保守する委託事業者' }).click();
    await page.getByRole('option', { name: 'E2E メディカルサポート株式会社' }).click();
    await asset.getByRole('button', { name: '保存する' }).click();
    await asset.waitFor({ state: 'detached' });
    await page.getByRole('main').getByRole('link', { name: 'E2E メディカルサポート株式会社' }).click();
    await page.getByRole('heading', { name: 'E2E メディカルサポート株式会社', level: 1 }).waitFor();
    await page.getByRole('table', { name: '保守対象の資産の一覧' }).getByRole('link', { name: 'CT装置(64列)' }).waitFor();

    expect(await axeViolations(page)).toEqual([]);
    await settledShot(page, 'vendors-03-detail');

    // The list: reading order, the emergency number, the flags.
    await page.getByRole('link', { name: '委託事業者の一覧へ戻る' }).click();
    const table = page.getByRole('table', { name: '委託事業者の一覧' });
    const row = table.getByRole('row').filter({ hasText: 'E2E メディカルサポート株式会社' });
    await row.waitFor();
    expect(await row.getByText('イーツーイーメディカルサポート').count()).toBe(1);
    expect(await row.getByRole('link', { name: '保守センターに電話する(0120-123-456)' }).count()).toBe(1);
    expect(await row.getByText('契約のセキュリティ条項不足').count()).toBe(1);
    // Flag filter in the URL.
    await page.getByRole('textbox', { name: '注意' }).click();
    await page.getByRole('option', { name: '緊急連絡先なし' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('flag')).toBe('no_emergency_contact');
    await table.getByText('E2E 別会社システムズ').waitFor();
    await expect.poll(() => row.count()).toBe(0);
    await page.getByRole('button', { name: '条件をクリア' }).click();
    await row.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await settledShot(page, 'vendors-04-list');

    // The phone layout of the detail page (same session: the MFA code of a second login would have to wait for the next step).
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('link', { name: 'E2E メディカルサポート株式会社' }).click();
    await page.getByRole('heading', { name: 'E2E メディカルサポート株式会社', level: 1 }).waitFor();
    // Narrow screens list the MDS/SDS as cards.
    await page.getByRole('list', { name: 'MDS/SDS の一覧' }).getByRole('link', { name: 'mds-e2e.pdf をダウンロード' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await settledShot(page, 'vendors-05-detail-390');
    await page.context().close();
  });

  it('a vendor user sees only their own vendor, read-only', async () => {
    const page = await demo.login('vendor');
    await page.goto(`${demo.server.url}/ledger/vendors`);
    await page.getByRole('heading', { name: '委託事業者', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: '委託事業者の一覧' });
    await table.getByText('E2E メディカルサポート株式会社').waitFor();
    expect(await table.getByText('E2E 別会社システムズ').count()).toBe(0);
    expect(await page.getByRole('button', { name: '委託事業者を登録' }).count()).toBe(0);
    await page.getByRole('link', { name: 'E2E メディカルサポート株式会社' }).click();
    await page.getByRole('heading', { name: 'E2E メディカルサポート株式会社', level: 1 }).waitFor();
    await page.getByRole('table', { name: 'MDS/SDS の一覧' }).getByRole('link', { name: 'mds-e2e.pdf をダウンロード' }).waitFor();
    // The vendor's own assets are visible to it.
    await page.getByRole('table', { name: '保守対象の資産の一覧' }).getByRole('link', { name: 'CT装置(64列)' }).waitFor();
    expect(await page.getByRole('button', { name: '基本情報を編集' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '連絡先を追加' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '削除' }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'vendors-06-vendor-user');
    await page.context().close();
  });
});
