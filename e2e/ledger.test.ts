import { describe, expect, it } from 'vitest';
import { axeViolations, shot, useDemoServer } from './support.ts';


/** The ledger in the browser: IT staff register a segment and an asset, fix a bad IP address, and see the flag (next to the demo ledger). */
describe('ledger (assets and networks) in the browser', () => {
  const demo = useDemoServer();

  it('IT staff: segment → asset with a bad IP → inline error → fixed → listed with its flag', async () => {
    const page = await demo.login('it_staff');
    // The first step on the dashboard is a live link now.
    await page.getByRole('main').getByRole('link', { name: '資産を登録する' }).click();
    await page.getByRole('heading', { name: '資産', level: 1 }).waitFor();
    // The demo hospital comes with its ledger.
    await page.getByRole('table', { name: '資産の一覧' }).getByText('CT装置(64列)', { exact: true }).waitFor();
    expect(await page.getByText('まだ資産が登録されていません').count()).toBe(0);
    expect(await page.title()).toBe('資産 | mamori');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'ledger-01-assets-demo');

    // A network segment.
    await page.getByRole('navigation').getByRole('link', { name: 'ネットワーク' }).click();
    await page.getByRole('heading', { name: 'ネットワーク', level: 1 }).waitFor();
    await page.getByRole('main').getByRole('button', { name: '区分を登録' }).first().click();
    const segDialog = page.getByRole('dialog');
    await segDialog.getByRole('textbox', { name: '区分名' }).fill('E2E 検査系');
    await segDialog.getByRole('textbox', { name: '用途' }).click();
    await page.getByRole('option', { name: '部門系' }).click();
    await segDialog.getByRole('textbox', { name: 'IPアドレス範囲(CIDR)' }).fill('10.99.0.0/16');
    await segDialog.getByRole('textbox', { name: 'IPアドレス範囲(CIDR)' }).press('Enter');
    await segDialog.getByRole('button', { name: '登録する' }).click();
    const segTable = page.getByRole('table', { name: 'ネットワーク区分の一覧' });
    await segTable.getByText('10.99.0.0/16').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'ledger-02-segment');

    // An asset with a bad address.
    await page.getByRole('navigation').getByRole('link', { name: '資産' }).click();
    await page.getByRole('main').getByRole('button', { name: '資産を登録' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: '資産名' }).fill('E2E 検査サーバ');
    await dialog.getByRole('textbox', { name: '種別' }).click();
    await page.getByRole('option', { name: 'サーバ', exact: true }).click();
    await dialog.getByRole('textbox', { name: 'ネットワーク区分' }).click();
    await page.getByRole('option', { name: 'E2E 検査系' }).click();
    const ips = dialog.getByRole('textbox', { name: 'IPアドレス' });
    await ips.fill('10.99.1.300');
    await ips.press('Enter');
    await dialog.getByRole('radio', { name: '1: 停止すると診療が止まる' }).check();
    await dialog.getByRole('button', { name: '登録する' }).click();
    const error = dialog.getByText('「10.99.1.300」: IPアドレスの形式が正しくありません');
    await error.waitFor();
    expect(await ips.getAttribute('aria-invalid')).toBe('true');
    expect(await ips.evaluate((el) => document.activeElement === el)).toBe(true);
    await shot(page, 'ledger-03-asset-bad-ip');

    // Fix it: remove the wrong address and enter the right one.
    await ips.press('Backspace');
    await ips.fill('10.99.1.30');
    await ips.press('Enter');
    await dialog.getByRole('button', { name: '登録する' }).click();
    await page.getByRole('heading', { name: 'E2E 検査サーバ', level: 1 }).waitFor();
    // No version given: flagged, with its explanation.
    await page.getByText('バージョンが分からないと、脆弱性があるかどうかを確認できません', { exact: false }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'ledger-04-asset-detail');

    await page.getByRole('link', { name: '資産の一覧へ戻る' }).click();
    const table = page.getByRole('table', { name: '資産の一覧' });
    const row = table.getByRole('row').filter({ hasText: 'E2E 検査サーバ' });
    await row.waitFor();
    expect(await row.getByText('バージョン不明').count()).toBe(1);
    expect(await row.getByText('10.99.1.30').count()).toBe(1);
    // Filters live in the URL.
    await page.getByRole('textbox', { name: 'フラグ' }).click();
    await page.getByRole('option', { name: 'バージョン不明' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('flag')).toBe('unknown_version');
    await row.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'ledger-05-assets-list');
    await page.context().close();
  });

  it('staff read the ledger without edit controls; the phone layout works', async () => {
    const page = await demo.login('staff', { width: 375 });
    await page.goto(`${demo.server.url}/ledger/assets`);
    await page.getByRole('table', { name: '資産の一覧' }).getByText('E2E 検査サーバ').waitFor();
    expect(await page.getByRole('button', { name: '資産を登録' }).count()).toBe(0);
    await page.getByRole('link', { name: 'E2E 検査サーバ' }).click();
    await page.getByRole('heading', { name: 'E2E 検査サーバ', level: 1 }).waitFor();
    expect(await page.getByRole('button', { name: '編集' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '削除' }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'ledger-06-staff-detail-375');
    await page.context().close();
  });
});
