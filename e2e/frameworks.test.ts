import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { axeViolations, FY_END, shot, TODAY, useDemoServer } from './support.ts';

/** A framework file with a wrong scope on line 20 (key sections.0.items.0.scope). */
const BROKEN_YAML = `id: own-check
version: v1
title:
  ja: 自施設の点検表
  en: Our own check
publisher:
  ja: みなと総合病院
  en: Minato General Hospital
sections:
  - id: basics
    title:
      ja: 基本
      en: Basics
    items:
      - id: backup-offline
        number: "1"
        text:
          ja: バックアップをオフラインで保管している
          en: Backups are kept offline
        scope: everywhere
        verified: true
`;

/** JSON API calls with the signed-in page's session (and its CSRF token). */
async function apiCall<T>(page: Page, method: 'GET' | 'POST', url: string, data?: unknown): Promise<T> {
  const cookies = await page.context().cookies();
  const csrf = cookies.find((c) => c.name === 'mamori_csrf')?.value ?? '';
  const res = await page.request.fetch(url, { method, headers: { 'X-CSRF-Token': csrf, Accept: 'application/json' }, ...(data === undefined ? {} : { data }) });
  if (!res.ok()) throw new Error(`${method} ${url}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * Frameworks, the public vendor sheet and the vendor page in the browser: the security manager browses the MHLW
 * 令和7年度 hospital sheet (English shown, an item searched), uploads a broken YAML and sees the file:line and key of
 * the problem; then sends a vendor sheet, and the vendor answers it through the link on a phone without an account.
 */
describe('frameworks and the vendor sheet in the browser', () => {
  const demo = useDemoServer();
  // A demo user's second login would ask for a TOTP code: both tests share the security manager's page.
  let manager: Page | undefined;
  const managerPage = async (): Promise<Page> => (manager ??= await demo.login('security_manager'));
  afterAll(async () => {
    await manager?.context().close();
  });

  it('browse the MHLW R7 hospital sheet, toggle English, search; a broken YAML shows its line and key', async () => {
    const page = await managerPage();
    await page.getByRole('navigation').getByRole('link', { name: 'フレームワーク' }).click();
    await page.getByRole('heading', { name: 'フレームワーク', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'フレームワークの一覧' });
    const row = table.getByRole('row').filter({ hasText: '医療機関等確認用（令和7年度版）' }).first();
    await row.getByText('組み込み').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'frameworks-01-list');

    await row.getByRole('link').first().click();
    await page.getByRole('heading', { name: /医療機関等確認用（令和7年度版）/, level: 1 }).waitFor();
    const ledgerJa = page.getByText('サーバ、端末PC、ネットワーク機器の台帳管理を行っている。');
    await ledgerJa.waitFor();
    // English only, then both languages.
    await page.getByText('English', { exact: true }).click();
    await page.getByText('An inventory (ledger) of servers, client PCs and network devices is kept.').waitFor();
    expect(await ledgerJa.count()).toBe(0);
    expect(page.url()).toContain('text=en');
    await page.getByText('両方', { exact: true }).click();
    await ledgerJa.waitFor();
    // The rule of 2① says what mamori checks.
    await page.getByText('サーバ・端末PC・ネットワーク機器が台帳に登録され、台帳の点検が12か月以内に行われているかを確認します。').first().waitFor();

    // Search: only the MDS/SDS item stays.
    await page.getByRole('searchbox', { name: '項目を検索' }).fill('MDS');
    await page.getByText(/全 \d+ 項目中 1 項目が一致/).waitFor();
    await page.getByText('事業者から製造業者／サービス事業者による医療情報セキュリティ開示書（MDS／SDS）を提出してもらう。').waitFor();
    expect(await ledgerJa.count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'frameworks-02-detail-search');

    // A broken file: the problem with its file:line and key, and no way to save it.
    await page.getByRole('link', { name: 'フレームワークの一覧へ戻る' }).click();
    await page.getByRole('button', { name: '独自のフレームワークを追加' }).click();
    const dialog = page.getByRole('dialog', { name: '独自のフレームワークを追加' });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mamori-fw-')), 'broken.yaml');
    fs.writeFileSync(file, BROKEN_YAML);
    const chooser = page.waitForEvent('filechooser');
    await dialog.getByRole('button', { name: 'ファイルを選ぶ' }).click();
    await (await chooser).setFiles(file);
    const issues = dialog.getByRole('table', { name: 'フレームワークファイルの問題' });
    await issues.getByText('broken.yaml:20').waitFor();
    await issues.getByText('sections.0.items.0.scope').waitFor();
    expect(await dialog.getByRole('button', { name: '保存する' }).isDisabled()).toBe(true);
    expect(await axeViolations(page, '[role="dialog"]')).toEqual([]);
    await shot(page, 'frameworks-03-upload-issues');
    await dialog.getByRole('button', { name: 'キャンセル' }).click();
  });

  it('a vendor answers the sheet through the link on a phone, without an account; the hospital sees 提出済み', async () => {
    const page = await managerPage();
    const base = demo.server.url;
    // Seed through the API as the security manager: a vendor, its R7 vendor sheet, an answer link.
    const me = await apiCall<{ facilities: { facilityId: string; roles: string[] }[] }>(page, 'GET', `${base}/api/v1/me`);
    const facilityId = me.facilities.find((f) => f.roles.includes('security_manager'))?.facilityId ?? '';
    const vendor = await apiCall<{ id: string }>(page, 'POST', `${base}/api/v1/facilities/${facilityId}/vendors`, { name: 'E2E 回答テスト株式会社', nameKana: 'イーツーイーカイトウテスト' });
    const created = await apiCall<{ id?: string; assessment?: { id: string } }>(page, 'POST', `${base}/api/v1/facilities/${facilityId}/assessments`, { frameworkId: 'mhlw-vendor', version: 'r7', vendorId: vendor.id });
    const assessmentId = created.assessment?.id ?? created.id ?? '';
    const link = await apiCall<{ url: string }>(page, 'POST', `${base}/api/v1/assessments/${assessmentId}/links`, { expiresInDays: 14, recipient: '保守担当 佐藤' });
    expect(link.url).toMatch(/^\/vendor-sheet\//);

    // A fresh browser (no session) at phone width.
    const phone = await demo.browser.newContext({ locale: 'ja-JP', viewport: { width: 390, height: 844 } });
    const vp = await phone.newPage();
    const apiCalls: string[] = [];
    vp.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/api/')) apiCalls.push(u.pathname);
    });
    await vp.goto(`${base}${link.url}`);
    await vp.getByRole('heading', { name: '事業者確認用チェックリスト', level: 1 }).waitFor();
    await vp.getByText('E2E 回答テスト株式会社 御中').waitFor();
    await vp.getByText('依頼元: みなと総合病院').waitFor();
    expect(await axeViolations(vp)).toEqual([]);
    await shot(vp, 'vendor-sheet-01-start-390');

    const items = vp.getByRole('article');
    // First item: はい.
    await items.nth(0).getByText('はい', { exact: true }).click();
    await items.nth(0).getByText('保存しました').waitFor();
    // Second item: いいえ needs a target date before it is saved.
    await items.nth(1).getByText('いいえ', { exact: true }).click();
    await items.nth(1).getByText('「いいえ」の場合は目標日を入力してください(回答は保存されています)。').waitFor();
    // The newest edition is answered for the current fiscal year: its 目標日 lies within it and not before the 確認日.
    await items.nth(1).getByLabel('確認日').fill(TODAY);
    await items.nth(1).getByLabel('目標日').fill(FY_END);
    await items.nth(1).getByText('保存しました').waitFor();
    await vp.getByText(/回答済み 2 \/ \d+ 項目/).waitFor();
    await shot(vp, 'vendor-sheet-02-answered-390');

    // Submit with the answering person's name (the name is required); the other items are still open.
    await vp.getByRole('button', { name: '回答を提出' }).click();
    await vp.getByText('回答者のお名前を入力してください。').waitFor();
    await vp.getByRole('textbox', { name: '回答者のお名前' }).fill('佐藤 一郎');
    await vp.getByRole('button', { name: '回答を提出' }).click();
    const incomplete = vp.getByRole('alert').filter({ hasText: '提出する前に、次の' });
    await incomplete.waitFor();
    expect(await incomplete.getByRole('listitem').count()).toBe((await items.count()) - 2);
    await shot(vp, 'vendor-sheet-03-incomplete-390');
    // The rest: はい.
    const total = await items.count();
    for (let n = 2; n < total; n++) {
      await items.nth(n).getByText('はい', { exact: true }).click();
      await items.nth(n).getByText('保存しました').waitFor();
    }
    await vp.getByText(`回答済み ${total} / ${total} 項目`).waitFor();
    await vp.getByRole('button', { name: '回答を提出' }).click();
    await vp.getByText('ご回答ありがとうございました').waitFor();
    expect(await vp.getByRole('button', { name: '回答を提出' }).count()).toBe(0);
    expect(await axeViolations(vp)).toEqual([]);
    await shot(vp, 'vendor-sheet-04-submitted-390');
    // Only the link's own endpoints were called.
    expect(apiCalls.length).toBeGreaterThan(0);
    expect(apiCalls.filter((p) => !p.startsWith('/api/v1/vendor-sheets/'))).toEqual([]);

    // An unknown link gets its own page.
    await vp.goto(`${base}/vendor-sheet/not-a-real-token`);
    await vp.getByRole('heading', { name: 'リンクが見つかりません', level: 1 }).waitFor();
    await phone.close();

    // The hospital sees the vendor's sheet as submitted on the vendor page.
    await page.goto(`${base}/ledger/vendors/${vendor.id}`);
    const section = page.getByRole('region', { name: '事業者確認用チェックリスト' });
    await section.getByText('提出済み').waitFor();
    await section.getByRole('link', { name: 'チェックリストを開く' }).waitFor();
    await shot(page, 'vendor-sheet-05-vendor-page');
  });

  it('actions: add one with a past due date (overdue in words), then mark it done; the ledger review is recorded', async () => {
    const page = await managerPage();
    await page.getByRole('navigation').getByRole('link', { name: '対応アクション' }).click();
    await page.getByRole('heading', { name: '対応アクション', level: 1 }).waitFor();
    await page.getByRole('main').getByRole('button', { name: 'アクションを登録' }).first().click();
    const dialog = page.getByRole('dialog', { name: '対応アクションの登録' });
    await dialog.getByRole('button', { name: '登録する' }).click();
    await dialog.getByText('件名を入力してください。').waitFor();
    await dialog.getByRole('textbox', { name: '件名' }).fill('E2E オフラインバックアップの手順書を作る');
    await dialog.getByLabel('期限').fill('2026-01-15');
    await dialog.getByRole('button', { name: '登録する' }).click();
    const table = page.getByRole('table', { name: '対応アクションの一覧' });
    const row = table.getByRole('row').filter({ hasText: 'E2E オフラインバックアップの手順書を作る' });
    await row.getByText('期限超過').first().waitFor();
    expect(page.url()).not.toContain('status=');
    // Done: gone from the default (not done) list, back with the filter 完了.
    await row.getByRole('button', { name: '「E2E オフラインバックアップの手順書を作る」を編集' }).click();
    const edit = page.getByRole('dialog', { name: '対応アクションの編集' });
    await edit.getByRole('textbox', { name: '状態' }).click();
    await page.getByRole('option', { name: '完了' }).click();
    await edit.getByRole('button', { name: '保存する' }).click();
    await expect.poll(() => row.count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'actions-01-list');

    // The ledger review: 「台帳を点検しました」 then the line 最終点検.
    await page.getByRole('navigation').getByRole('link', { name: '資産' }).click();
    await page.getByRole('heading', { name: '資産', level: 1 }).waitFor();
    await page.getByRole('button', { name: '台帳を点検しました' }).click();
    const review = page.getByRole('dialog', { name: '台帳の点検を記録' });
    await review.getByRole('textbox', { name: 'メモ' }).fill('E2E 部署ごとに端末の設置場所を確認');
    await review.getByRole('button', { name: '記録する' }).click();
    await page.getByTestId('ledger-review-line').getByText(/最終点検: .*(今日|\d+秒前|\d+分前|\d+時間前)/).waitFor();
    await shot(page, 'ledger-review-01-assets');
  });
});
