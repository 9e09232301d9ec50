import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TMe } from '../src/shared/contracts/auth.contract.ts';
import type { BcpOverviewDto, BcpVersionDto } from '../src/shared/contracts/resilience-bcp.contract.ts';
import type { TBinderStatus } from '../src/shared/contracts/resilience-binder.contract.ts';
import { axeViolations, shot, useDemoServer } from './support.ts';

/** JSON API calls with the signed-in page's session (and its CSRF token). */
async function apiCall<T>(page: Page, method: 'GET' | 'POST' | 'PUT', url: string, data?: unknown): Promise<T> {
  const cookies = await page.context().cookies();
  const csrf = cookies.find((c) => c.name === 'mamori_csrf')?.value ?? '';
  const res = await page.request.fetch(url, { method, headers: { 'X-CSRF-Token': csrf, Accept: 'application/json' }, ...(data === undefined ? {} : { data }) });
  if (!res.ok()) throw new Error(`${method} ${url}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A full-page screenshot from the top (the shell's header is sticky). */
async function shotTop(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, name);
}

/** Waits until the draft's autosave says 保存済み. */
async function saved(page: Page): Promise<void> {
  await page.locator('[data-testid="bcp-save-status"][data-state="saved"]').waitFor();
}

/**
 * The cyber BCP and the emergency binder in the browser, on the demo hospital: the security manager opens (or creates)
 * the draft, edits the command structure, the paper procedures and a recovery procedure (autosave visible), is told
 * which sections are missing, then asks for approval; the executive approves it (the confirmation names the version) and
 * the BCP page says 承認済み. On the binder page the offline HTML is downloaded, then a change of the contact chart
 * makes the page ask for a new print naming 連絡体制図, and the printed code is checked as outdated. Axe on each screen;
 * screenshots at 1280 and 390 px.
 */
describe('BCP: draft → autosave → submit → approve; emergency binder: download, changed warning, check a copy', () => {
  const demo = useDemoServer();
  let versionId = '';
  let versionLabel = '';
  /** The security manager signs in once (a second login would ask for the MFA code). */
  let manager: Page | undefined;

  it('security manager: draft, edit two sections with autosave, refused then accepted submission', async () => {
    const page = await demo.login('security_manager');
    manager = page;
    const base = demo.server.url;
    const me = await apiCall<TMe>(page, 'GET', `${base}/api/v1/me`);
    const facilityId = me.facilities[0]!.facilityId;

    await page.getByRole('navigation').getByRole('link', { name: 'BCP', exact: true }).click();
    await page.getByRole('heading', { name: '事業継続計画(BCP)', level: 1 }).waitFor();
    await page.getByTestId('bcp-state').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shotTop(page, 'resilience-bcp-01-list');

    let overview = await apiCall<BcpOverviewDto>(page, 'GET', `${base}/api/v1/facilities/${facilityId}/bcp`);
    if (overview.openDraft?.status === 'in_review') {
      // A demo version waiting for approval: send it back so that this run starts from a draft.
      await apiCall(page, 'POST', `${base}/api/v1/bcp-versions/${overview.openDraft.id}/return`, { reason: 'e2e' });
      overview = await apiCall<BcpOverviewDto>(page, 'GET', `${base}/api/v1/facilities/${facilityId}/bcp`);
      await page.reload();
    }
    if (overview.openDraft) {
      await page.getByRole('link', { name: /の下書きを開く$/ }).first().click();
    } else {
      await page.getByRole('button', { name: /^(新しい版を作成|第1版を作成)$/ }).first().click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText(/の下書きを作成します/).waitFor();
      await shotTop(page, 'resilience-bcp-02-create-confirm');
      await dialog.getByRole('button', { name: '作成する' }).click();
    }
    await page.waitForURL(/\/resilience\/bcp\/[0-9a-f-]{36}/);
    versionId = new URL(page.url()).pathname.split('/').pop()!;
    const v0 = await apiCall<BcpVersionDto>(page, 'GET', `${base}/api/v1/bcp-versions/${versionId}`);
    versionLabel = `第${v0.number}版`;
    await page.getByRole('heading', { name: `BCP ${versionLabel}`, level: 1 }).waitFor();
    await page.getByTestId('bcp-save-status').waitFor();

    // Section 1: 指揮命令系統 — the place of the headquarters; the contact chart preview is there too.
    await page.getByTestId('bcp-section-link').filter({ hasText: '指揮命令系統' }).click();
    await page.getByRole('heading', { name: '指揮命令系統', level: 2 }).waitFor();
    await page.getByRole('textbox', { name: /^対策本部の設置場所/ }).fill('本館2階 第1会議室');
    await page.getByRole('textbox', { name: /^使えないときの設置場所/ }).fill('別館1階 防災センター');
    await page.locator('[data-testid="bcp-save-status"][data-state="dirty"], [data-testid="bcp-save-status"][data-state="saving"]').first().waitFor();
    await saved(page);
    expect(await page.getByTestId('bcp-save-status').innerText()).toContain('保存済み');
    await page.getByRole('link', { name: /連絡体制図を開く/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shotTop(page, 'resilience-bcp-03-command');

    // Submitting now is refused: the server lists what is missing (paper procedures, recovery procedures).
    const afterCommand = await apiCall<BcpVersionDto>(page, 'GET', `${base}/api/v1/bcp-versions/${versionId}`);
    expect(afterCommand.content.command.place).toBe('本館2階 第1会議室');
    if (!afterCommand.completeness.complete) {
      await page.getByRole('button', { name: '承認依頼', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: `${versionLabel}の承認依頼` });
      await dialog.getByRole('button', { name: '承認依頼を出す' }).click();
      const missing = dialog.getByTestId('bcp-submit-missing');
      await missing.waitFor();
      for (const s of afterCommand.completeness.missingRequired) {
        const label = { basics: '基本方針', triggers: '発動基準', command: '指揮命令系統', departments: '部門別の紙運用(ダウンタイム)', recovery: 'システム別の復旧手順', messages: '連絡文例' }[s as string];
        if (label) await missing.getByText(label, { exact: true }).waitFor();
      }
      await shotTop(page, 'resilience-bcp-04-submit-refused');
      await dialog.getByRole('button', { name: 'キャンセル' }).click();
    }

    // Section 2: 部門別の紙運用 — every department gets its paper procedure.
    await page.getByTestId('bcp-section-link').filter({ hasText: '部門別の紙運用' }).click();
    await page.getByRole('heading', { name: '部門別の紙運用(ダウンタイム)', level: 2 }).waitFor();
    const papers = page.getByRole('textbox', { name: /^紙運用の手順/ });
    const n = await papers.count();
    expect(n).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) {
      const box = papers.nth(i);
      if (!(await box.inputValue()).trim()) await box.fill(`紙の伝票(様式${i + 1})で受け付け、控えを部門の箱に保管する。復旧後にまとめて入力する。`);
    }
    await saved(page);
    // Reorder by keyboard: the first department one down.
    const firstTitle = (await page.getByTestId('bcp-department').first().getByRole('heading', { level: 3 }).innerText()).trim();
    await page.getByRole('button', { name: `「${firstTitle}」を1つ下へ` }).click();
    await expect.poll(async () => (await page.getByTestId('bcp-department').nth(1).getByRole('heading', { level: 3 }).innerText()).trim()).toBe(firstTitle);
    await saved(page);
    expect(await axeViolations(page)).toEqual([]);
    await shotTop(page, 'resilience-bcp-05-departments');

    // システム別の復旧手順: a system (from the ledger when it has critical ones, else typed in) with its procedure.
    await page.getByTestId('bcp-section-link').filter({ hasText: 'システム別の復旧手順' }).click();
    await page.getByRole('heading', { name: 'システム別の復旧手順', level: 2 }).waitFor();
    if ((await page.getByTestId('bcp-recovery').count()) === 0) {
      const core = page.getByRole('button', { name: /^重要度1・2のシステムをまとめて追加/ });
      if (await core.isVisible().catch(() => false)) await core.click();
      else {
        await page.getByRole('button', { name: '台帳にないシステムを追加' }).click();
        await page.getByRole('textbox', { name: /^システム名/ }).first().fill('電子カルテ');
      }
    }
    const procs = page.getByRole('textbox', { name: /^復旧手順/ });
    await procs.first().waitFor();
    for (let i = 0; i < (await procs.count()); i++) {
      const box = procs.nth(i);
      if (!(await box.inputValue()).trim()) await box.fill('1. 事業者に連絡する\n2. オフラインのバックアップが感染していないことを確かめる\n3. 隔離した環境で復元し、動作を確認する');
    }
    await saved(page);
    await page.getByTestId('bcp-completeness').and(page.locator('[data-complete="true"]')).waitFor();
    await shotTop(page, 'resilience-bcp-06-recovery');

    // 確認表: check one item of 平時; the step's progress moves.
    await page.getByTestId('bcp-section-link').filter({ hasText: '確認表' }).click();
    const normal = page.locator('[data-testid="bcp-step"][data-step="normal"]');
    const before = (await normal.getByTestId('bcp-step-progress').innerText()).trim();
    await normal.getByRole('checkbox', { checked: false }).first().check();
    await expect.poll(async () => (await normal.getByTestId('bcp-step-progress').innerText()).trim()).not.toBe(before);
    await saved(page);
    expect(await axeViolations(page)).toEqual([]);

    // Submit: accepted; the version awaits approval and is read-only.
    await page.getByRole('button', { name: '承認依頼', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `${versionLabel}の承認依頼` });
    await dialog.getByRole('button', { name: '承認依頼を出す' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('[data-testid="bcp-version-status"][data-status="in_review"]').waitFor();
    await page.getByText('承認待ちのため編集できません', { exact: false }).waitFor();
    const submitted = await apiCall<BcpVersionDto>(page, 'GET', `${base}/api/v1/bcp-versions/${versionId}`);
    expect(submitted.status).toBe('in_review');
    expect(submitted.content.command.place).toBe('本館2階 第1会議室');
    expect(submitted.content.departments[1]!.name).toBe(firstTitle);
  });

  it('executive: approves the version on a phone; the BCP page says 承認済み', async () => {
    expect(versionId).not.toBe('');
    const page = await demo.login('executive', { width: 390 });
    await page.goto(`${demo.server.url}/resilience/bcp/${versionId}`);
    await page.getByRole('heading', { name: `BCP ${versionLabel}`, level: 1 }).waitFor();
    // On a phone the sections are a select.
    await page.getByRole('combobox', { name: '章を選ぶ' }).selectOption('departments');
    await page.getByRole('heading', { name: '部門別の紙運用(ダウンタイム)', level: 2 }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shotTop(page, 'resilience-bcp-07-review-390');
    await page.getByRole('button', { name: '承認', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `${versionLabel}の承認` });
    await dialog.getByText(`BCP ${versionLabel}を承認します`, { exact: false }).waitFor();
    await dialog.getByRole('textbox', { name: '承認時のコメント(任意)' }).fill('内容を確認しました。');
    await dialog.getByRole('button', { name: `${versionLabel}を承認する` }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('[data-testid="bcp-version-status"][data-status="approved"]').waitFor();

    await page.goto(`${demo.server.url}/resilience/bcp`);
    const state = page.getByTestId('bcp-state');
    await state.and(page.locator('[data-state="approved"]')).waitFor();
    expect(await state.innerText()).toContain('承認済み');
    expect(await state.innerText()).toContain(versionLabel);
    await page.locator('[data-testid="bcp-version-row"][data-status="approved"]').first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shotTop(page, 'resilience-bcp-08-approved-390');
    await page.context().close();
  });

  it('binder: download the offline HTML, a contact change asks for a new print, the printed code is outdated', async () => {
    const page = manager!;
    const base = demo.server.url;
    const me = await apiCall<TMe>(page, 'GET', `${base}/api/v1/me`);
    const facilityId = me.facilities[0]!.facilityId;
    await page.goto(`${base}/`);
    await page.getByRole('navigation').getByRole('link', { name: '緊急時バインダー' }).click();
    await page.getByRole('heading', { name: '緊急時バインダー', level: 1 }).waitFor();
    await page.getByTestId('binder-status').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shotTop(page, 'resilience-binder-01-before');

    // The offline HTML: a real download of one self-contained file with the code and the sections.
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'オフライン用HTMLをダウンロード' }).click();
    const download = await downloading;
    const html = fs.readFileSync((await download.path())!, 'utf8');
    expect(download.suggestedFilename()).toMatch(/\.html$/);
    const code = /BND-\d{8}-[3469ACDEFGHJKMNPQRTUVWXY]{4}/.exec(html)?.[0];
    expect(code).toBeTruthy();
    for (const heading of ['最初の30分', '連絡体制図', '復旧順序', '部門別の紙運用', 'バックアップの保管場所と復旧方法']) expect(html).toContain(heading);
    // The downtime section prints the paper procedures of the BCP approved above.
    expect(html).toContain('紙の伝票(様式');
    const status = page.getByTestId('binder-status');
    await status.and(page.locator('[data-state="current"]')).waitFor();
    expect(await status.innerText()).toContain(code!);
    await page.getByTestId('binder-prints').getByText(code!).waitFor();

    // A change of the contact chart: the page asks for a new print and names the section.
    await apiCall(page, 'POST', `${base}/api/v1/facilities/${facilityId}/contact-chart/entries`, { side: 'external', kind: 'police', roleLabel: 'サイバー犯罪相談窓口', organization: '県警察本部', phone: '#9110' });
    const st = await apiCall<TBinderStatus>(page, 'GET', `${base}/api/v1/facilities/${facilityId}/binder/status`);
    expect(st.changedSections).toContain('contacts');
    await page.reload();
    await status.and(page.locator('[data-state="changed"]')).waitFor();
    const warning = (await page.getByTestId('binder-changed').innerText()).trim();
    expect(warning).toContain(`前回の印刷(${code})以降に`);
    expect(warning).toContain('連絡体制図');
    expect(warning).toContain('印刷し直してください');

    // Check the printed copy by its code (as typed from paper, in lower case without dashes).
    await page.getByRole('textbox', { name: /^確認コード/ }).fill(code!.toLowerCase().replace(/-/g, ' '));
    await page.getByRole('button', { name: '確かめる' }).click();
    const result = page.getByTestId('binder-check-result');
    await result.and(page.locator('[data-state="outdated"]')).waitFor();
    expect(await result.innerText()).toContain('連絡体制図');
    expect(new URL(page.url()).searchParams.get('check')).toBe(code);
    expect(await axeViolations(page)).toEqual([]);
    await shotTop(page, 'resilience-binder-02-changed');

    // The QR's link on a phone: ?check=CODE answers at once.
    const phone = page;
    await phone.setViewportSize({ width: 390, height: 900 });
    await phone.goto(`${base}/resilience/binder?check=${code}`);
    await phone.getByTestId('binder-check-result').and(phone.locator('[data-state="outdated"]')).waitFor();
    expect(await axeViolations(phone)).toEqual([]);
    await shotTop(phone, 'resilience-binder-03-check-390');
    await phone.context().close();
  });
});
