import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fiscalYearOf, formatFiscalYear } from '../src/shared/dates.ts';
import { axeViolations, FY_END, shot, TODAY, useDemoServer } from './support.ts';

/**
 * The checklist (現状調査) in the browser, on the demo hospital: the security manager replaces the demo's half-finished
 * 令和7年度 hospital sheet with a new one, answers by keyboard (y / n, 確認日 and 目標日), attaches a file and sees its
 * SHA-256, answers はい on 2② while the demo ledger has an expired external connection and sees the disagreement sentence,
 * and exports the sheet as Excel. Screenshots at 1280 and 390 px; axe on the list, the answering page and the drawer.
 */
describe('checklist: answer by keyboard, evidence, disagreement, export', () => {
  const demo = useDemoServer();
  const EVIDENCE = Buffer.from('mamori e2e: appointment letter of the security manager\n', 'utf8');

  it('security manager: create the R7 hospital sheet, answer, attach evidence, see a disagreement, export', async () => {
    const page = await demo.login('security_manager');
    await page.getByRole('navigation').getByRole('link', { name: 'チェックリスト', exact: true }).click();
    await page.getByRole('heading', { name: 'チェックリスト', level: 1 }).waitFor();
    expect(await page.title()).toBe('チェックリスト | mamori');
    // The demo's half-finished sheet and the vendor sheet are listed under 令和7年度.
    await page.getByRole('heading', { name: '令和7年度', level: 2 }).waitFor();
    await page.getByRole('region', { name: '事業者確認用' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'assessments-01-list');

    // Replace the demo's sheet: one live assessment per framework version.
    const table = page.getByRole('table', { name: '令和7年度のチェックリスト' });
    const demoRow = table.getByRole('row').filter({ hasText: '医療機関確認用' }).first();
    await demoRow.getByRole('link').first().click();
    await page.getByRole('button', { name: '削除', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'チェックリストを削除' });
    await confirm.getByRole('button', { name: '削除', exact: true }).click();
    await page.getByRole('heading', { name: 'チェックリスト', level: 1 }).waitFor();

    // New checklist: the R7 hospital sheet.
    await page.getByRole('button', { name: '新規作成' }).click();
    const create = page.getByRole('dialog', { name: 'チェックリストを作成' });
    // The newest hospital sheet is chosen first.
    expect(await create.getByLabel(/チェックリスト\(フレームワーク\)/).inputValue()).toMatch(/^令和7年度 .*医療機関確認用/);
    // The newest edition is answered for the current fiscal year by default.
    expect(await create.getByLabel('対象年度').inputValue()).toBe(formatFiscalYear(fiscalYearOf(new Date())));
    await create.getByRole('button', { name: '作成する' }).click();
    await page.getByRole('heading', { name: /医療機関等確認用（令和7年度版）/, level: 1 }).waitFor();
    const url = page.url().split('?')[0]!;

    // Keyboard: j focuses the gate question, y answers はい; j moves on to 1①, n answers いいえ.
    await page.keyboard.press('j');
    const gate = page.locator('[data-item-id="gate"]');
    await expect.poll(() => gate.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('y');
    await gate.getByText('保存しました').waitFor();
    expect(await gate.getByRole('radio', { name: 'はい' }).isChecked()).toBe(true);

    await page.keyboard.press('j');
    const manager = page.locator('[data-item-id="security-manager"]');
    await expect.poll(() => manager.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('n');
    await manager.getByText('保存しました').waitFor();
    await manager.getByText('「いいえ」の項目には目標日が必要です。').waitFor();
    // 確認日 today (the newest edition is answered for the current fiscal year), then t jumps to 目標日 (Esc leaves a field).
    await manager.getByLabel('確認日').fill(TODAY);
    await page.keyboard.press('Escape');
    await page.keyboard.press('t');
    await expect.poll(() => manager.getByLabel('目標日').evaluate((el) => el === document.activeElement)).toBe(true);
    await manager.getByLabel('目標日').fill(FY_END);
    await page.keyboard.press('Escape');
    expect(await manager.getByText('「いいえ」の項目には目標日が必要です。').count()).toBe(0);
    // The server's problem list forgets the missing target date once the save has landed.
    await manager.getByText('目標日', { exact: false }).first().waitFor();
    await expect.poll(() => manager.getByText('「いいえ」ですが目標日がありません').count()).toBe(0);
    await expect.poll(() => manager.getByText('確認日がありません').count()).toBe(0);

    // e opens the evidence drawer: upload a file and see its SHA-256.
    await page.keyboard.press('e');
    const drawer = page.getByRole('dialog', { name: '証跡: 1①' });
    await drawer.getByText('証跡はまだありません。').waitFor();
    const chooser = page.waitForEvent('filechooser');
    await drawer.getByRole('button', { name: /証跡ファイルを選ぶ/ }).click();
    await (await chooser).setFiles({ name: 'appointment.txt', mimeType: 'text/plain', buffer: EVIDENCE });
    await drawer.getByRole('textbox', { name: '件名' }).fill('医療情報システム安全管理責任者の辞令');
    await drawer.getByRole('button', { name: 'アップロードする' }).click();
    const sha = createHash('sha256').update(EVIDENCE).digest('hex');
    await drawer.getByTestId('evidence-sha').filter({ hasText: sha.slice(0, 12) }).waitFor();
    expect(await drawer.getByTestId('evidence-sha').getAttribute('title')).toBe(sha);
    expect(await axeViolations(page, '[role="dialog"]')).toEqual([]);
    await shot(page, 'assessments-02-evidence');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    await manager.getByRole('button', { name: '1①の証跡を開く' }).getByText('証跡 1件').waitFor();

    // 2② answered はい while the ledger has an expired connection: the suggestion says いいえ and the item is highlighted.
    await page.goto(`${url}?item=remote-maintenance`);
    const remote = page.locator('[data-item-id="remote-maintenance"]');
    await remote.getByText('自動評価: いいえ').waitFor();
    await expect.poll(() => remote.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('y');
    const disagreement = remote.getByTestId('disagreement');
    await disagreement.waitFor();
    expect(await disagreement.textContent()).toContain('回答は『はい』ですが、');
    await disagreement.getByRole('button', { name: /提案を採用|自動評価の「いいえ」にする/ }).waitFor();
    // The 不一致 chip finds it.
    await page.getByText(/^不一致 \(\d+\)$/).click();
    await page.locator('[data-item-id="remote-maintenance"]').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'assessments-03-disagreement');

    // Export: Excel (.xlsx) downloads a workbook (a zip: PK).
    await page.getByRole('button', { name: 'チェックリストを出力' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Excel (.xlsx)' }).click()]);
    const bytes = fs.readFileSync(await download.path());
    expect(bytes.length).toBeGreaterThan(1000);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);

    // Phone width: the same page reads top to bottom.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${url}?section=governance`);
    await page.locator('[data-item-id="security-manager"]').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'assessments-04-page-390');
    await page.goto(`${demo.server.url}/assessments`);
    await page.getByRole('heading', { name: '令和7年度', level: 2 }).waitFor();
    await shot(page, 'assessments-05-list-390');
    await page.context().close();
  });
});
