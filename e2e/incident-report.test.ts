import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TMe } from '../src/shared/contracts/auth.contract.ts';
import type { ReportListDto } from '../src/shared/contracts/incident-reports.contract.ts';
import { axeViolations, shot, useDemoServer } from './support.ts';

/** A small real PNG (a red "screen" with a dark bar), made here so the test needs no fixture file. */
function screenPng(width = 240, height = 150): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const bar = y > 50 && y < 80 && x > 20 && x < width - 20;
      row.set(bar ? [30, 30, 30] : [200, 20, 20], 1 + x * 3);
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function apiGet<T>(page: Page, url: string): Promise<T> {
  const res = await page.request.get(url, { headers: { Accept: 'application/json' } });
  if (!res.ok()) throw new Error(`GET ${url}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * インシデントかも? in the browser, on the demo hospital: a nurse on a phone (390 px) reports from the header button
 * with a photo of the screen, sees the calm success screen with the contact chart's first three people as tel: links,
 * and finds the report in 自分の報告; the security manager issues the report link (poster), and someone without an
 * account reports through the public page on a phone, up to the rate limit, which is said in words. Screenshots at
 * 390 and 1280 px; axe on each screen.
 */
describe('incident report: one-minute report, my reports, report link and its public page', () => {
  const demo = useDemoServer();
  const what = '画面に「ファイルは暗号化されました」と脅迫文が出た';

  it('staff on a phone: header button → form with a photo → success with tel: contacts → my reports', async () => {
    const page = await demo.login('staff', { width: 390 });
    const base = demo.server.url;

    // One tap from any screen: the header button (short label on a phone, full accessible name).
    const button = page.getByRole('link', { name: 'インシデントかも?(1分で報告する)' });
    await button.waitFor();
    await shot(page, 'incident-report-00-header-390');
    await button.click();
    await page.getByRole('heading', { name: 'インシデントかも?', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/incidents/report');
    expect(await page.title()).toBe('インシデントかも? | mamori');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'incident-report-01-form-390');

    // Sending nothing says what is missing, under the field.
    await page.getByTestId('report-submit').click();
    await page.getByText('何が起きたかを書いてください。').waitFor();

    await page.getByRole('textbox', { name: '何が起きましたか' }).fill(what);
    await page.getByRole('textbox', { name: 'どこで' }).fill('3階東病棟ナースステーション 電子カルテ端末 No.12');
    // いつ: 今 by default; 日時を指定 opens a date-and-time field (JST), then back to 1時間以内.
    await page.getByText('日時を指定', { exact: true }).click();
    await page.getByLabel('日時(日本時間)').waitFor();
    await page.getByText('1時間以内', { exact: true }).click();
    expect(await page.getByLabel('日時(日本時間)').count()).toBe(0);

    // A file that is not a photo is refused with a sentence; then the photo of the screen, previewed before sending.
    await page.getByTestId('report-photo-file').setInputFiles({ name: 'memo.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') });
    await page.getByText('写真(JPEG・PNG・WebP・HEIC)を選んでください。').waitFor();
    await page.getByTestId('report-photo-file').setInputFiles({ name: 'screen.png', mimeType: 'image/png', buffer: screenPng() });
    await page.getByTestId('report-photo-preview').waitFor();
    expect(await page.getByText('写真(JPEG・PNG・WebP・HEIC)を選んでください。').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'incident-report-02-filled-390');

    await page.getByTestId('report-submit').click();
    const received = page.getByTestId('report-received');
    await received.waitFor();
    await page.getByRole('heading', { name: '報告を受け付けました' }).waitFor();
    await page.getByText('電源は切らずに、LANケーブルを抜いてください', { exact: false }).waitFor();
    // The first three people of the contact chart, each with a tel: button.
    const contacts = page.getByTestId('report-contact');
    await contacts.first().waitFor();
    expect(await contacts.count()).toBe(3);
    const firstCall = contacts.first().getByRole('link', { name: /に電話する/ });
    expect(await firstCall.getAttribute('href')).toMatch(/^tel:[0-9+]+$/);
    expect(await contacts.nth(0).innerText()).toContain('院長');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'incident-report-03-received-390');

    // 自分の報告: the report with its status in words.
    await page.getByRole('link', { name: '自分の報告を見る' }).click();
    await page.getByRole('heading', { name: '自分の報告', level: 1 }).waitFor();
    const mine = page.getByTestId('my-report').filter({ hasText: what });
    await mine.waitFor();
    expect(await mine.getAttribute('data-status')).toBe('new');
    await mine.getByText('受付済み').waitFor();
    await mine.getByText('写真あり').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'incident-report-04-mine-390');

    // The server kept the photo and the reporter; staff see only their own reports.
    const me = await apiGet<TMe>(page, `${base}/api/v1/me`);
    const facilityId = me.facilities[0]!.facilityId;
    const list = await apiGet<ReportListDto>(page, `${base}/api/v1/facilities/${facilityId}/incident-reports`);
    expect(list.scope).toBe('own');
    const sent = list.items.find((r) => r.what === what)!;
    expect(sent.photo).toMatchObject({ contentType: 'image/png' });
    expect(sent.where).toContain('No.12');
    expect(sent.occurredAt).not.toBeNull();
    expect(Date.now() - Date.parse(sent.occurredAt!)).toBeGreaterThan(55 * 60_000);

    // The same screens at 1280 px.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('link', { name: 'インシデントかも?(1分で報告する)' }).getByText('インシデントかも?').waitFor();
    await shot(page, 'incident-report-05-mine-1280');
    await page.getByRole('navigation').getByRole('link', { name: '報告する(インシデントかも?)' }).click();
    await page.getByRole('textbox', { name: '何が起きましたか' }).waitFor();
    await shot(page, 'incident-report-06-form-1280');
    await page.context().close();
  });

  it('security manager issues the report link; the public page takes reports without an account, up to the rate limit', async () => {
    const page = await demo.login('security_manager');
    await page.getByRole('navigation').getByRole('link', { name: '報告リンク(ポスター)' }).click();
    await page.getByRole('heading', { name: '報告リンク(ポスター)', level: 1 }).waitFor();
    await page.getByText('報告リンクはまだありません').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'incident-report-10-link-empty-1280');

    await page.getByRole('button', { name: 'リンクを発行する' }).click();
    const created = page.getByTestId('report-link-created');
    await created.waitFor();
    const url = (await page.getByTestId('report-link-url').innerText()).trim();
    expect(url).toMatch(/\/r\/[A-Za-z0-9_-]{43}$/);
    await page.getByRole('button', { name: 'URLをコピー' }).waitFor();
    await page.getByText(/^発行 /).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'incident-report-11-link-created-1280');

    // The poster opens in a new tab: the QR code and the URL.
    const [poster] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: 'ポスターを印刷' }).click()]);
    await poster.waitForLoadState();
    expect(await poster.content()).toContain(url);
    expect(await poster.locator('svg').count()).toBeGreaterThan(0);
    await shot(poster, 'incident-report-12-poster');
    await poster.close();

    // Issuing again asks first: the old poster stops working. Cancel keeps the link.
    await page.getByRole('button', { name: '新しいリンクを発行' }).click();
    const dialog = page.getByRole('dialog', { name: '新しいリンクを発行' });
    await dialog.getByText('いま貼ってあるポスターのQRコードは使えなくなります', { exact: false }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'incident-report-13-renew-confirm-1280');
    await dialog.getByRole('button', { name: 'キャンセル' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.setViewportSize({ width: 390, height: 900 });
    await page.waitForTimeout(500); // the navigation drawer slides away
    await shot(page, 'incident-report-14-link-390');

    // Someone without an account, on a phone.
    const anon = await demo.browser.newContext({ locale: 'ja-JP', viewport: { width: 390, height: 844 } });
    const pub = await anon.newPage();
    await pub.goto(url);
    await pub.getByRole('heading', { name: 'インシデントかも?', level: 1 }).waitFor();
    await pub.getByTestId('public-report-facility').getByText('みなと総合病院', { exact: false }).waitFor();
    // No way into the app from here.
    expect(await pub.locator('a[href^="/"]').count()).toBe(0);
    expect(await pub.getByRole('navigation').count()).toBe(0);
    expect(await axeViolations(pub)).toEqual([]);
    await shot(pub, 'incident-report-20-public-390');

    const publicWhat = '不審なメールの添付ファイルを開いてしまった';
    await pub.getByRole('textbox', { name: '何が起きましたか' }).fill(publicWhat);
    await pub.getByRole('textbox', { name: 'お名前(任意)' }).fill('外来 受付');
    await pub.getByRole('textbox', { name: '連絡先・内線(任意)' }).fill('内線 2345');
    await pub.getByTestId('report-photo-camera').setInputFiles({ name: 'mail.png', mimeType: 'image/png', buffer: screenPng(120, 80) });
    await pub.getByTestId('report-photo-preview').waitFor();
    await pub.getByTestId('report-submit').click();
    await pub.getByTestId('report-received').waitFor();
    await pub.getByText('みなと総合病院の担当者に届きました', { exact: false }).waitFor();
    expect(await pub.getByTestId('report-contact').count()).toBe(0);
    expect(await axeViolations(pub)).toEqual([]);
    await shot(pub, 'incident-report-21-public-received-390');

    // The triage inbox (the security manager) has it, with the name and extension.
    const me = await apiGet<TMe>(page, `${demo.server.url}/api/v1/me`);
    const facilityId = me.facilities[0]!.facilityId;
    const all = await apiGet<ReportListDto>(page, `${demo.server.url}/api/v1/facilities/${facilityId}/incident-reports?status=new`);
    expect(all.items.find((r) => r.what === publicWhat)).toMatchObject({ channel: 'link', reporterName: '外来 受付', reporterContact: '内線 2345', photo: { contentType: 'image/png' } });

    // Up to five reports an hour from one device: after that, the page says so in words and keeps what was typed.
    const token = url.split('/r/')[1]!;
    for (let i = 0; i < 4; i++) {
      const res = await pub.request.post(`${demo.server.url}/api/v1/public/report/${token}`, { data: { what: `テスト ${i}` }, headers: { Accept: 'application/json' } });
      expect(res.status()).toBe(201);
    }
    await pub.getByRole('button', { name: 'もう1件報告する' }).click();
    await pub.getByRole('textbox', { name: '何が起きましたか' }).fill('もう一度報告します');
    await pub.getByTestId('report-submit').click();
    await pub.getByTestId('report-rate-limited').waitFor();
    await pub.getByText(/約\d+分後にもう一度送ってください/).waitFor();
    expect(await pub.getByRole('textbox', { name: '何が起きましたか' }).inputValue()).toBe('もう一度報告します');
    expect(await axeViolations(pub)).toEqual([]);
    await shot(pub, 'incident-report-22-public-rate-limited-390');

    // The public page at 1280 px, and in English on the phone (the switch needs no account).
    await pub.setViewportSize({ width: 1280, height: 900 });
    await shot(pub, 'incident-report-23-public-1280');
    await pub.setViewportSize({ width: 390, height: 844 });
    await pub.locator('header').getByText('English', { exact: true }).click();
    await pub.getByRole('heading', { name: 'Possible incident?', level: 1 }).waitFor();
    expect(await axeViolations(pub)).toEqual([]);
    await shot(pub, 'incident-report-25-public-en-390');
    await anon.close();

    // Turning the link off (confirmed): the poster's page then says the link does not work.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('button', { name: 'リンクを無効にする' }).click();
    const off = page.getByRole('dialog', { name: '報告リンクを無効にする' });
    await off.getByRole('button', { name: '無効にする' }).click();
    await page.getByText('報告リンクはまだありません').waitFor();
    const anon2 = await demo.browser.newContext({ locale: 'ja-JP', viewport: { width: 390, height: 844 } });
    const gone = await anon2.newPage();
    await gone.goto(url);
    await gone.getByText('このリンクは使えません').waitFor();
    await shot(gone, 'incident-report-24-public-revoked-390');
    await anon2.close();
    await page.context().close();
  });
});
