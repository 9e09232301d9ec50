import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TMe } from '../src/shared/contracts/auth.contract.ts';
import type { z } from 'zod';
import type { ZAlertSettings } from '../src/shared/contracts/incident-alerts.contract.ts';
import type { PlaybookDetailDto } from '../src/shared/contracts/incident-playbooks.contract.ts';
import { axeViolations, shot as fullShot, useDemoServer } from './support.ts';

/** A full-page screenshot from the top (the fixed header stays at the top of the picture). */
async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await fullShot(page, name);
}

/** JSON API calls with the signed-in page's session (and its CSRF token). */
async function apiCall<T>(page: Page, method: 'GET' | 'POST', url: string, data?: unknown): Promise<T> {
  const cookies = await page.context().cookies();
  const csrf = cookies.find((c) => c.name === 'mamori_csrf')?.value ?? '';
  const res = await page.request.fetch(url, { method, headers: { 'X-CSRF-Token': csrf, Accept: 'application/json' }, ...(data === undefined ? {} : { data }) });
  if (!res.ok()) throw new Error(`${method} ${url}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

type AlertSettingsDto = z.infer<typeof ZAlertSettings>;

interface Received {
  path: string;
  body: unknown;
}

/**
 * インシデント対応の設定 and 対応手順書 in the browser, on the demo hospital: the security manager sets the escalation
 * delay to 5 minutes, adds a Slack-format webhook pointing at a local receiver started here, sends a test and sees
 * 成功 (the receiver got it; the address is never shown back); then edits the ransomware playbook (a new step,
 * moved with the keyboard, an empty title refused at the step), saves the facility copy and goes back to standard.
 * Screenshots at 1280 and 390 px; axe on each screen.
 */
describe('incident settings: escalation, webhooks with a test, playbook editor', () => {
  const demo = useDemoServer();
  const received: Received[] = [];
  let receiver: http.Server;
  let receiverUrl = '';

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        let body: unknown = raw;
        try {
          body = JSON.parse(raw);
        } catch {
          // keep the text
        }
        received.push({ path: req.url ?? '', body });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/services/T000/B000/secretTOKENxyz9`;
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('security manager: escalation 5 minutes, webhook added and tested, ransomware playbook edited, saved and reset; phone width', async () => {
    const page = await demo.login('security_manager');
    const base = demo.server.url;
    const me = await apiCall<TMe>(page, 'GET', `${base}/api/v1/me`);
    const facilityId = me.facilities[0]!.facilityId;
    const nav = page.getByRole('navigation');

    // --- alert settings ---------------------------------------------------------------------------------------------
    await nav.getByRole('link', { name: '設定', exact: true }).click();
    await page.getByRole('heading', { name: 'インシデント対応の設定', level: 1 }).waitFor();
    expect(await page.title()).toBe('インシデント対応の設定 | mamori');
    const minutes = page.getByRole('textbox', { name: /次の人へ回すまでの時間/ });
    await minutes.fill('0');
    await page.getByRole('button', { name: '保存する' }).click();
    await page.getByText('1〜240の整数で入力してください。').waitFor();
    await minutes.fill('5');
    await page.getByRole('button', { name: '保存する' }).click();
    await page.getByText('通知の設定を保存しました。').waitFor();
    const saved = await apiCall<AlertSettingsDto>(page, 'GET', `${base}/api/v1/facilities/${facilityId}/alert-settings`);
    expect(saved.escalateAfterMinutes).toBe(5);
    // The chain explanation follows the setting.
    await page.getByText('5分たっても確認がなければ', { exact: false }).waitFor();
    if (!saved.smtpConfigured) await page.getByTestId('smtp-missing').waitFor();

    // --- webhook: add, test, see the result --------------------------------------------------------------------------
    await page.getByRole('button', { name: 'Webhookを追加' }).first().click();
    const form = page.getByRole('dialog', { name: 'Webhookを追加' });
    await form.getByText('URLは暗号化して保存し、保存後は二度と表示しません', { exact: false }).waitFor();
    // Refused before sending: an address that is not a URL.
    await form.getByRole('textbox', { name: /^名前/ }).fill('情報システム課Slack');
    await form.locator('#webhook-url').fill('not a url');
    await form.getByRole('button', { name: '追加する' }).click();
    await form.getByText('URLの形式が正しくありません。').waitFor();
    await form.getByRole('textbox', { name: /^形式/ }).click();
    await page.getByRole('option', { name: 'Slack' }).click();
    await form.locator('#webhook-url').fill(receiverUrl);
    expect(await axeViolations(page, '[role="dialog"]')).toEqual([]);
    await shot(page, 'incident-settings-01-webhook-form');
    await form.getByRole('button', { name: '追加する' }).click();
    await form.waitFor({ state: 'hidden' });
    const row = page.getByTestId('webhook-row').filter({ hasText: '情報システム課Slack' });
    await row.waitFor();
    await row.getByText('…xyz9').waitFor();
    // The address itself is never shown back.
    expect(await page.content()).not.toContain('secretTOKEN');
    await row.getByRole('button', { name: '「情報システム課Slack」にテスト送信' }).click();
    const result = row.getByTestId('webhook-test-result');
    await result.waitFor();
    expect(await result.getAttribute('data-ok')).toBe('true');
    await result.getByText('成功', { exact: false }).first().waitFor();
    expect(received.length).toBeGreaterThanOrEqual(1);
    expect(received.at(-1)!.path).toBe('/services/T000/B000/secretTOKENxyz9');
    expect(JSON.stringify(received.at(-1)!.body)).toContain('text');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'incident-settings-02-settings');

    // Delete asks first, with the name.
    await row.getByRole('button', { name: '「情報システム課Slack」を削除' }).click();
    const confirm = page.getByRole('dialog', { name: 'Webhookを削除' });
    await confirm.getByText('Webhook「情報システム課Slack」を削除しますか?', { exact: false }).waitFor();
    await confirm.getByRole('button', { name: 'キャンセル' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await row.waitFor();

    // --- the alert log of a report (shown on the report's page): who was alerted, in call order ---------------------
    const reports = await apiCall<{ items: { id: string }[] }>(page, 'GET', `${base}/api/v1/facilities/${facilityId}/incident-reports`);
    if (reports.items.length > 0) {
      await page.goto(`${base}/incidents/reports/${reports.items[0]!.id}`);
      const log = page.getByRole('region', { name: 'だれに知らせたか' });
      await log.waitFor();
      await log.getByTestId('alert-log-summary').or(log.getByText('まだだれにも知らせていません。')).first().waitFor();
      expect(await axeViolations(page, '[aria-labelledby="report-alerts-title"]')).toEqual([]);
      await log.scrollIntoViewIfNeeded();
      await page.screenshot({ path: 'e2e/artifacts/incident-settings-02b-alert-log.png' });
    }

    // --- playbooks: the nine categories; the ransomware editor ------------------------------------------------------
    await nav.getByRole('link', { name: '対応手順書' }).click();
    await page.getByRole('heading', { name: '対応手順書', level: 1 }).waitFor();
    await expect.poll(() => page.getByTestId('playbook-card').count()).toBe(9);
    const card = page.locator('[data-testid="playbook-card"][data-category="ransomware"]');
    expect(await card.getAttribute('data-source')).toBe('builtin');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'incident-settings-03-playbooks');
    await card.getByRole('link', { name: '「ランサムウェア」の手順書を開く' }).click();
    await page.getByRole('heading', { name: 'ランサムウェアの対応手順書', level: 1 }).waitFor();
    await page.getByTestId('playbook-source').getByText('標準').waitFor();
    const before = await apiCall<PlaybookDetailDto>(page, 'GET', `${base}/api/v1/facilities/${facilityId}/playbooks/ransomware`);
    const detection = page.locator('[data-testid="playbook-phase"][data-phase="detection"]');
    const detectionCount = before.definition.items.filter((i) => i.phase === 'detection').length;
    expect(await detection.getByTestId('playbook-item').count()).toBe(detectionCount);

    // Add a step: it lands at the end of the phase with the keyboard in its title; an empty title is refused at the step.
    await page.getByRole('button', { name: '「検知・初動対応」に手順を追加' }).click();
    await expect.poll(() => detection.getByTestId('playbook-item').count()).toBe(detectionCount + 1);
    const added = detection.getByTestId('playbook-item').last();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id ?? '')).toMatch(/-titleJa$/);
    await page.getByRole('button', { name: '保存する' }).click();
    await added.getByText('入力してください。').waitFor();
    await page.getByText('入力に問題がある手順があります。', { exact: false }).waitFor();
    const title = '院内LANの切り離し手順書(紙)を用意する';
    await added.getByRole('textbox', { name: /^手順\(日本語\)/ }).fill(title);
    // Alt+↑ in the step's field moves it one up (and the keyboard stays in the field).
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(async () => (await detection.getByTestId('playbook-item').nth(detectionCount - 1).getByRole('textbox', { name: /^手順\(日本語\)/ }).inputValue())).toBe(title);
    await page.getByRole('status').filter({ hasText: `手順を${detectionCount}番目に移動しました。` }).waitFor({ state: 'attached' });
    await page.getByText('保存していない変更があります。').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'incident-settings-04-playbook-edit');
    await added.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'e2e/artifacts/incident-settings-04b-playbook-edit-view.png' });
    await page.getByRole('button', { name: '保存する' }).click();
    await page.getByText('「ランサムウェア」の院内版を保存しました(版 facility-1)。').waitFor();
    await page.getByTestId('playbook-source').getByText('院内版').waitFor();
    await page.getByTestId('playbook-version').getByText('版 facility-1').waitFor();
    const after = await apiCall<PlaybookDetailDto>(page, 'GET', `${base}/api/v1/facilities/${facilityId}/playbooks/ransomware`);
    expect(after.source).toBe('facility');
    const newItem = after.definition.items.find((i) => i.title.ja === title);
    expect(newItem).toMatchObject({ phase: 'detection', title: { ja: title, en: title }, verified: false });
    expect(after.definition.items.filter((i) => i.phase === 'detection').map((i) => i.id).indexOf(newItem!.id)).toBe(detectionCount - 1);

    // --- phone width: the editor and the settings ---------------------------------------------------------------------
    await page.setViewportSize({ width: 390, height: 900 });
    await page.getByRole('heading', { name: 'ランサムウェアの対応手順書', level: 1 }).waitFor();
    await shot(page, 'incident-settings-05-playbook-phone');
    await page.screenshot({ path: 'e2e/artifacts/incident-settings-05b-playbook-phone-view.png' });
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > 392)
        .slice(0, 8)
        .map((e) => `${e.tagName}.${(e.className as unknown as string).toString().slice(0, 60)} ${Math.round(e.getBoundingClientRect().right)}`),
    );
    expect(wide).toEqual([]);

    // Back to standard, after a confirmation that names the category.
    await page.getByRole('button', { name: '標準に戻す' }).click();
    const reset = page.getByRole('dialog', { name: '標準の手順書に戻す' });
    await reset.getByText('「ランサムウェア」の院内版を削除して', { exact: false }).waitFor();
    await reset.getByRole('button', { name: '標準に戻す' }).click();
    await page.getByText('「ランサムウェア」を標準の手順書に戻しました。').waitFor();
    await page.getByTestId('playbook-source').getByText('標準').waitFor();
    await page.getByTestId('playbook-version').getByText(`版 ${before.version}`).waitFor();
    const restored = await apiCall<PlaybookDetailDto>(page, 'GET', `${base}/api/v1/facilities/${facilityId}/playbooks/ransomware`);
    expect(restored.source).toBe('builtin');

    await page.goto(`${base}/incidents/settings`);
    await page.getByRole('heading', { name: 'インシデント対応の設定', level: 1 }).waitFor();
    await page.getByTestId('webhook-row').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'incident-settings-06-settings-phone');
    await page.context().close();
  });

  it('IT staff (incident.read): how alerts flow and the playbooks, read-only, on a phone', async () => {
    const page = await demo.login('it_staff', { width: 390 });
    const base = demo.server.url;
    await page.goto(`${base}/incidents/settings`);
    await page.getByRole('heading', { name: 'インシデント対応の設定', level: 1 }).waitFor();
    await page.getByText('通知とWebhookの設定は、医療情報システム安全管理責任者が行います。', { exact: false }).waitFor();
    await page.getByRole('region', { name: '通知の流れ' }).waitFor();
    expect(await page.getByRole('region', { name: 'Webhook(チャットへの通知)' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '保存する' }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'incident-settings-07-readonly-phone');
    await page.goto(`${base}/incidents/playbooks/ransomware`);
    await page.getByRole('heading', { name: 'ランサムウェアの対応手順書', level: 1 }).waitFor();
    await page.getByTestId('playbook-item').first().waitFor();
    expect(await page.getByRole('main').getByRole('textbox').count()).toBe(0);
    expect(await page.getByRole('button', { name: '標準に戻す' }).count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: 'e2e/artifacts/incident-settings-08-playbook-readonly-phone.png' });
    await page.context().close();
  });
});
