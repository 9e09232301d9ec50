import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Download, Page } from 'playwright-core';
import type { ContactChartDto } from '../src/shared/contracts/contacts.contract.ts';
import type { TMe } from '../src/shared/contracts/auth.contract.ts';
import { axeViolations, shot, useDemoServer } from './support.ts';

/** JSON API calls with the signed-in page's session (and its CSRF token). */
async function apiCall<T>(page: Page, method: 'GET' | 'POST', url: string, data?: unknown): Promise<T> {
  const cookies = await page.context().cookies();
  const csrf = cookies.find((c) => c.name === 'mamori_csrf')?.value ?? '';
  const res = await page.request.fetch(url, { method, headers: { 'X-CSRF-Token': csrf, Accept: 'application/json' }, ...(data === undefined ? {} : { data }) });
  if (!res.ok()) throw new Error(`${method} ${url}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Numbers of the internal call chain, as the cards show them (role label, then name). */
async function chainNames(page: Page): Promise<string[]> {
  const chain = page.getByRole('region', { name: '院内の連絡順' });
  return chain.locator(':scope > ol > li > [data-testid="contact-card"]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-contact-id') ?? ''));
}

/**
 * The contact chart (連絡体制図) in the browser, on the demo hospital: the security manager sees the internal call
 * chain (recorded through the API when the demo has none), adds a vendor from the ledger's suggestions, moves the
 * first person down with the keyboard and sees the version stamp change, opens the printable HTML; staff (the nurse)
 * see the same chart read-only, on a phone. Screenshots at 1280 and 390 px; axe on the chart and the form.
 */
describe('contact chart: call chain, add, reorder, version, print, read-only for staff', () => {
  const demo = useDemoServer();

  it('security manager: chain, add an external party, reorder, version changes, printable HTML', async () => {
    const page = await demo.login('security_manager');
    const base = demo.server.url;
    const me = await apiCall<TMe>(page, 'GET', `${base}/api/v1/me`);
    const facilityId = me.facilities[0]!.facilityId;
    const chartUrl = `${base}/api/v1/facilities/${facilityId}/contact-chart`;
    let chart = await apiCall<ContactChartDto>(page, 'GET', chartUrl);
    // The demo seeds a chart once its seeder lands; without it, the chain is recorded here.
    if (chart.internal.length < 2) {
      await page.getByRole('navigation').getByRole('link', { name: '連絡体制図' }).click();
      await page.getByRole('heading', { name: '連絡体制図', level: 1 }).waitFor();
      if (chart.internal.length === 0 && chart.external.length === 0) {
        await page.getByText('まず院内の連絡順を登録しましょう', { exact: false }).waitFor();
        expect(await axeViolations(page)).toEqual([]);
        await shot(page, 'contacts-00-empty');
      }
      const add = (body: Record<string, unknown>) => apiCall(page, 'POST', `${chartUrl}/entries`, body);
      await add({ side: 'internal', kind: 'executive', roleLabel: '院長', name: '港 一郎', phone: '03-1111-0001', availability: '24時間' });
      const manager = await add({ side: 'internal', kind: 'security_manager', roleLabel: '医療情報システム安全管理責任者', name: '安全 花子', phone: '03-1111-0002', email: 'anzen@minato-hp.example.jp' });
      await add({ side: 'internal', kind: 'it', roleLabel: 'システム担当', name: '情報 健太', phone: '090-0000-0003', phoneAlt: '03-1111-0003' });
      await add({ side: 'internal', kind: 'it', roleLabel: 'システム担当(夜間代理)', name: '夜勤 次郎', phone: '090-0000-0004', deputyForId: (manager as { id: string }).id });
      await add({ side: 'external', kind: 'mhlw', roleLabel: '医療情報セキュリティ担当', organization: '厚生労働省', phone: '03-5253-1111' });
      await add({ side: 'external', kind: 'police', roleLabel: 'サイバー犯罪相談窓口', organization: '都道府県警察', phone: '#9110' });
      chart = await apiCall<ContactChartDto>(page, 'GET', chartUrl);
    }
    await page.goto(`${base}/incidents/contacts`);
    await page.getByRole('heading', { name: '連絡体制図', level: 1 }).waitFor();
    expect(await page.title()).toBe('連絡体制図 | mamori');
    const version = page.getByTestId('contact-chart-version');
    await version.getByText(`版 ${chart.version}`).waitFor();

    // The chain: numbered cards in call order, phones as tel: links, the deputy under its person.
    const chain = page.getByRole('region', { name: '院内の連絡順' });
    const firstCard = chain.locator('[data-testid="contact-card"]').first();
    const firstPhone = chart.internal.slice().sort((a, b) => a.position - b.position)[0]!.phone;
    if (firstPhone) expect(await firstCard.getByRole('link', { name: new RegExp(`${firstPhone.replace(/[-+()#*]/g, '\\$&')} に電話`) }).getAttribute('href')).toMatch(/^tel:/);
    await chain.getByText(/^代理: /).first().waitFor();
    expect(await page.getByTestId('contact-completeness').isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'contacts-01-chart');

    // Add an external party: a ledger vendor from the suggestions, prefilled with its 24-hour contact.
    const suggestion = page.getByTestId('contact-suggestion').first();
    let addedName: string;
    if ((await page.getByTestId('contact-suggestion').count()) > 0) {
      addedName = (await suggestion.getByTestId('suggestion-name').innerText()).trim();
      await suggestion.getByRole('button', { name: `「${addedName}」を連絡体制図に追加` }).click();
      const form = page.getByRole('dialog', { name: '連絡先を追加' });
      expect(await form.getByRole('textbox', { name: '組織・部署' }).inputValue()).toBe(addedName);
      expect(await axeViolations(page, '[role="dialog"]')).toEqual([]);
      await shot(page, 'contacts-02-add-vendor');
      // Without a 24-hour contact the vendor has no phone yet: give one.
      if (!(await form.getByRole('textbox', { name: '電話番号', exact: true }).inputValue())) await form.getByRole('textbox', { name: '電話番号', exact: true }).fill('0120-000-999');
      await form.getByRole('button', { name: '追加する' }).click();
    } else {
      addedName = '港ネット';
      await page.getByRole('button', { name: '追加', exact: true }).click();
      const form = page.getByRole('dialog', { name: '連絡先を追加' });
      await form.getByText('院外', { exact: true }).click();
      await form.getByRole('textbox', { name: /^種類/ }).click();
      await page.getByRole('option', { name: '通信事業者(ISP)' }).click();
      await form.getByRole('textbox', { name: /^役割/ }).fill('障害受付');
      await form.getByRole('textbox', { name: '組織・部署' }).fill(addedName);
      await form.getByRole('textbox', { name: '電話番号', exact: true }).fill('0120-000-999');
      await form.getByRole('button', { name: '追加する' }).click();
    }
    await page.getByRole('dialog', { name: '連絡先を追加' }).waitFor({ state: 'hidden' });
    const external = page.getByRole('region', { name: '院外の連絡先' });
    await external.getByText(addedName, { exact: true }).first().waitFor();
    await expect.poll(async () => (await version.innerText()).trim()).not.toBe(`版 ${chart.version}`);
    const afterAdd = (await version.innerText()).trim();

    // Reorder by keyboard: the first person one down; the order is saved and the version changes again.
    const before = await chainNames(page);
    const firstName = (await firstCard.getByTestId('contact-name').first().innerText()).trim();
    const down = page.getByRole('button', { name: `「${firstName}」を1つ下へ` });
    await down.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => chainNames(page)).toEqual([before[1], before[0], ...before.slice(2)]);
    await page.getByRole('status').filter({ hasText: `「${firstName}」を2番目に移動しました。` }).waitFor({ state: 'attached' });
    await expect.poll(async () => (await version.innerText()).trim()).not.toBe(afterAdd);
    const saved = await apiCall<ContactChartDto>(page, 'GET', chartUrl);
    expect(saved.internal.slice().sort((a, b) => a.position - b.position)[1]!.id).toBe(before[0]);
    expect((await version.innerText()).trim()).toBe(`版 ${saved.version}`);
    // The keyboard stays on the moved person's arrows.
    expect(await page.evaluate(() => document.activeElement?.id ?? '')).toMatch(new RegExp(`^contact-${before[0]}-(down|up)$`));

    // 印刷用HTML opens in a new tab (the server may send it inline, shown there, or as an attachment, saved from there).
    const opened = new Promise<string>((resolve) => {
      const saveFrom = (d: Download) => void d.path().then((f) => resolve(fs.readFileSync(f, 'utf8')));
      page.once('download', saveFrom);
      page.context().once('page', (tab) => {
        tab.once('download', saveFrom);
        tab.once('load', () => void tab.content().then((c) => (c.includes('<body></body>') ? undefined : resolve(c))).catch(() => undefined));
      });
    });
    await page.getByRole('link', { name: '印刷用HTML' }).click();
    const html = await opened;
    expect(html).toContain(saved.version);
    expect(html).toContain(addedName);
    // The PDF is a real PDF.
    const pdf = await page.request.get(`${chartUrl}/export?format=pdf&lang=ja`);
    expect(pdf.ok()).toBe(true);
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.context().close();
  });

  it('staff: the same chart, read-only, on a phone', async () => {
    const page = await demo.login('staff', { width: 390 });
    await page.getByRole('button', { name: 'メニューを開く' }).click();
    await page.getByRole('navigation').getByRole('link', { name: '連絡体制図' }).click();
    await page.getByRole('heading', { name: '連絡体制図', level: 1 }).waitFor();
    await page.getByText('この連絡体制図は閲覧のみです。', { exact: false }).waitFor();
    await page.getByRole('region', { name: '院内の連絡順' }).locator('[data-testid="contact-card"]').first().waitFor();
    expect(await page.getByRole('button', { name: '追加', exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /を編集$/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /を1つ下へ$/ }).count()).toBe(0);
    expect(await page.getByTestId('contact-suggestion').count()).toBe(0);
    // Phones are big enough to tap.
    const call = page.getByRole('link', { name: /に電話$/ }).first();
    const box = await call.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'contacts-03-staff-390');
    await page.context().close();
  });
});
