import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, shot, useDemoServer } from './support.ts';

/**
 * External connections in the browser: IT staff file requests (with an inline error on the way), the security
 * manager finds them in the approval inbox (count in the menu), approves one with a comment and rejects the other
 * (a reason is required); the detail shows the status and the history; the entry device's page lists the line.
 */
describe('external connections (request → approval) in the browser', () => {
  const demo = useDemoServer();
  const LINE = 'E2E 電子カルテ保守回線';
  const SECOND = 'E2E 給食発注回線';

  async function choose(page: Page, field: ReturnType<Page['getByRole']>, option: string, search?: string) {
    await field.click();
    if (search !== undefined) await field.fill(search);
    await page.getByRole('option', { name: option }).first().click();
  }

  it('IT staff file a request: a half-given time range is flagged on the field, then the request is listed with its risks', async () => {
    const page = await demo.login('it_staff');
    await page.getByRole('navigation').getByRole('link', { name: '外部接続' }).click();
    await page.getByRole('heading', { name: '外部接続', level: 1 }).waitFor();
    expect(await page.title()).toBe('外部接続 | mamori');
    // The demo hospital may or may not come with lines; an empty register teaches what to register first.
    if ((await page.getByText('まだ外部接続が登録されていません').count()) > 0) {
      await page.getByText('委託事業者のVPN装置やリモート保守回線が侵入口になりました', { exact: false }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await shot(page, 'connections-01-empty');
    }

    await page.getByRole('main').getByRole('button', { name: '接続を申請' }).first().click();
    const dialog = page.getByRole('dialog', { name: '外部接続を申請' });
    await dialog.getByRole('textbox', { name: '接続名' }).fill(LINE);
    await choose(page, dialog.getByRole('textbox', { name: '接続方式' }), 'SSL-VPN');
    await dialog.getByRole('textbox', { name: '用途' }).fill('電子カルテの障害対応と定期保守');
    await choose(page, dialog.getByRole('textbox', { name: '接続機器(入口)' }), '電子カルテ保守用 SSL-VPN 装置', 'SSL-VPN');
    await choose(page, dialog.getByRole('textbox', { name: '接続先の資産' }), '電子カルテ APサーバ1', 'APサーバ');
    await dialog.getByRole('radio', { name: 'パスワード' }).check();
    await dialog.getByRole('radio', { name: '共有アカウント' }).check();
    await dialog.getByRole('textbox', { name: '使用するアカウント' }).fill('maint01(保守担当者共用)');
    const days = dialog.getByRole('group', { name: '利用できる曜日' });
    for (const day of ['月', '火', '水', '木', '金']) await days.getByText(day, { exact: true }).click();
    expect(await days.getByRole('checkbox', { checked: true }).count()).toBe(5);
    await dialog.getByLabel('開始時刻').fill('09:00');
    await dialog.getByRole('textbox', { name: '申請理由' }).fill('保守契約の更新に伴い、接続方法を SSL-VPN に切り替えるため');
    await dialog.getByRole('button', { name: '申請する' }).click();
    // Only the start time: the end time is flagged, in Japanese, on the field.
    await dialog.getByText('開始と終了の両方を入力するか、両方とも空欄にしてください。').first().waitFor();
    expect(await dialog.getByLabel('終了時刻').getAttribute('aria-invalid')).toBe('true');
    await shot(page, 'connections-02-form-error');
    await dialog.getByLabel('終了時刻').fill('18:00');
    await dialog.getByRole('button', { name: '申請する' }).click();

    // The new request's page: waiting for approval, its risks explained at the top.
    await page.getByRole('heading', { name: LINE, level: 1 }).waitFor();
    const status = page.getByRole('region', { name: '状態と注意' });
    await status.getByText('申請中', { exact: true }).waitFor();
    await status.getByText('共有アカウント', { exact: true }).waitFor();
    await status.getByText('誰が接続したかをログで確かめられません', { exact: false }).waitFor();
    await page.getByText('月・火・水・木・金', { exact: true }).waitFor();
    await page.getByText('09:00〜18:00', { exact: true }).waitFor();
    // IT staff cannot approve their own request.
    expect(await page.getByRole('button', { name: '承認する' }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'connections-03-requested-detail');

    // A second, smaller request (to be turned down).
    await page.getByRole('link', { name: '外部接続の一覧へ戻る' }).click();
    await page.getByRole('main').getByRole('button', { name: '接続を申請' }).first().click();
    const second = page.getByRole('dialog', { name: '外部接続を申請' });
    await second.getByRole('textbox', { name: '接続名' }).fill(SECOND);
    await choose(page, second.getByRole('textbox', { name: '接続方式' }), 'クラウド連携');
    await second.getByRole('radio', { name: '認証なし' }).check();
    const internet = second.getByRole('switch', { name: 'インターネットから接続できる' });
    await internet.focus();
    await page.keyboard.press('Space');
    expect(await internet.isChecked()).toBe(true);
    await second.getByRole('button', { name: '申請する' }).click();
    await page.getByRole('heading', { name: SECOND, level: 1 }).waitFor();
    await page.getByText('この回線に届いた人は誰でも院内に入れます', { exact: false }).waitFor();

    await page.getByRole('link', { name: '外部接続の一覧へ戻る' }).click();
    const table = page.getByRole('table', { name: '外部接続の一覧' });
    const row = table.getByRole('row').filter({ hasText: LINE });
    await row.waitFor();
    expect(await row.getByText('申請中').count()).toBe(1);
    expect(await row.getByText('共有アカウント').count()).toBe(1);
    // Filters live in the URL.
    await page.getByRole('textbox', { name: '注意' }).click();
    await page.getByRole('option', { name: '認証なし', exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('flag')).toBe('no_auth');
    await table.getByRole('row').filter({ hasText: SECOND }).waitFor();
    await expect.poll(() => table.getByRole('row').filter({ hasText: LINE }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'connections-04-list');
    await page.context().close();
  });

  it('security manager: the inbox shows the count; approve with a comment, reject only with a reason', async () => {
    const page = await demo.login('security_manager');
    const inbox = page.getByRole('navigation').getByRole('link', { name: /承認待ち/ });
    // The menu shows how many requests wait (the demo hospital may bring its own).
    const pending = async () => {
      const text = (await inbox.textContent())?.replace(/\s/g, '') ?? '';
      return text === '承認待ち' ? 0 : Number(/^承認待ち(\d+)件の申請$/.exec(text)?.[1] ?? -1);
    };
    await expect.poll(pending).toBeGreaterThanOrEqual(2);
    const before = await pending();
    await inbox.click();
    await page.getByRole('heading', { name: '承認待ち', level: 1 }).waitFor();
    const list = page.getByRole('list', { name: '承認待ちの申請' });
    // Oldest first, with the risks and the requester's reason.
    await list.getByRole('heading', { name: SECOND, level: 2 }).waitFor();
    const headings = await list.getByRole('heading', { level: 2 }).allTextContents();
    expect(headings.indexOf(LINE)).toBeGreaterThanOrEqual(0);
    expect(headings.indexOf(LINE)).toBeLessThan(headings.indexOf(SECOND));
    await list.getByText('保守契約の更新に伴い', { exact: false }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'connections-05-approvals');

    // Approve the first with a comment; the expiry defaults to a year from today.
    await page.getByRole('button', { name: `「${LINE}」を承認する` }).click();
    const approve = page.getByRole('dialog', { name: `「${LINE}」を承認` });
    expect(await approve.getByLabel('承認期限').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await approve.getByRole('textbox', { name: 'コメント' }).fill('共有アカウントは次回更新までに個人別へ切り替えること');
    await shot(page, 'connections-06-approve-modal');
    await approve.getByRole('button', { name: '承認する' }).click();
    await approve.waitFor({ state: 'detached' });
    await page.getByText(`「${LINE}」を承認しました。`).waitFor();

    // Reject the second: the reason is required.
    await page.getByRole('button', { name: `「${SECOND}」を却下する` }).click();
    const reject = page.getByRole('dialog', { name: `「${SECOND}」を却下` });
    await reject.getByRole('button', { name: '却下する' }).click();
    await reject.getByText('却下の理由を入力してください。').waitFor();
    const reason = reject.getByRole('textbox', { name: '却下の理由' });
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    await reason.fill('認証なしの回線は認められません。多要素認証を設定して再申請してください。');
    await reject.getByRole('button', { name: '却下する' }).click();
    await reject.waitFor({ state: 'detached' });

    await expect.poll(pending).toBe(before - 2);
    if (before === 2) await page.getByText('承認待ちの申請はありません').waitFor();
    expect(await list.getByRole('heading', { name: LINE }).count()).toBe(0);
    await shot(page, 'connections-07-approvals-empty');

    // The approved line: status, dates and the history, newest first.
    await page.getByRole('navigation').getByRole('link', { name: '外部接続' }).click();
    await page.getByRole('table', { name: '外部接続の一覧' }).getByRole('link', { name: LINE }).click();
    await page.getByRole('heading', { name: LINE, level: 1 }).waitFor();
    await page.getByRole('region', { name: '状態と注意' }).getByText('承認済', { exact: true }).waitFor();
    const history = page.getByRole('list', { name: '履歴' });
    await expect.poll(async () => (await history.getByRole('listitem').allTextContents()).length).toBe(2);
    const items = await history.getByRole('listitem').allTextContents();
    expect(items[0]).toContain('承認');
    expect(items[0]).toContain('申請中 → 承認済');
    expect(items[0]).toContain('共有アカウントは次回更新までに個人別へ切り替えること');
    expect(items[0]).toContain('anzen@minato-hp.example.jp');
    expect(items[1]).toContain('申請');
    expect(items[1]).toContain('保守契約の更新に伴い');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'connections-08-approved-detail');

    // The rejected one keeps its reason.
    await page.goto(`${demo.server.url}/ledger/connections?status=rejected`);
    await page.getByRole('table', { name: '外部接続の一覧' }).getByRole('link', { name: SECOND }).click();
    await page.getByText('この申請は却下されました。理由: 認証なしの回線は認められません。', { exact: false }).waitFor();
    await page.context().close();
  });

  it('IT staff record the opening; the entry device lists the line; the phone layout works', async () => {
    const page = await demo.login('it_staff', { width: 390 });
    await page.goto(`${demo.server.url}/ledger/connections`);
    await page.getByRole('list', { name: '外部接続の一覧' }).getByRole('link', { name: LINE }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'connections-09-list-390');
    await page.getByRole('link', { name: LINE }).click();
    await page.getByRole('heading', { name: LINE, level: 1 }).waitFor();
    await page.getByRole('button', { name: '開通を記録' }).click();
    const dialog = page.getByRole('dialog', { name: `「${LINE}」の開通を記録` });
    await dialog.getByRole('button', { name: '開通を記録' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('region', { name: '状態と注意' }).getByText('有効', { exact: true }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'connections-10-active-detail-390');

    await page.getByRole('region', { name: '接続経路' }).getByRole('link', { name: '電子カルテ保守用 SSL-VPN 装置' }).click();
    await page.getByRole('heading', { name: '電子カルテ保守用 SSL-VPN 装置', level: 1 }).waitFor();
    const section = page.getByRole('region', { name: 'この機器を通る外部接続' });
    const row = section.getByRole('row').filter({ hasText: LINE });
    await row.waitFor();
    expect(await row.getByText('入口').count()).toBe(1);
    expect(await row.getByText('有効').count()).toBe(1);
    await page.context().close();
  });
});
