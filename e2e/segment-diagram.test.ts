import { describe, expect, it } from 'vitest';
import { axeViolations, shot, useDemoServer } from './support.ts';

/** The network diagram (ネットワーク構成図) of the demo hospital: drawn, accessible, navigable, at desk and phone widths. */
describe('segment diagram in the browser', () => {
  const demo = useDemoServer();

  const DEMO_SEGMENTS = ['電子カルテ系', '部門系', '医療機器系', 'インターネット系', '保守回線', '事務系'];

  it('draws the demo segments and flows, passes axe, and a segment opens its assets (mouse and keyboard)', async () => {
    const page = await demo.login('it_staff', { width: 1280 });
    await page.getByRole('navigation').getByRole('link', { name: 'ネットワーク' }).click();
    const section = page.getByRole('region', { name: 'ネットワーク構成図' });
    const diagram = section.getByRole('img', { name: 'ネットワーク構成図' });
    await diagram.waitFor();
    // Every demo segment is a box with its name, and a link over it to its assets.
    for (const name of DEMO_SEGMENTS) {
      expect(await diagram.locator('text', { hasText: new RegExp(`^${name}$`) }).count(), name).toBeGreaterThanOrEqual(1);
      await section.getByRole('link', { name: new RegExp(`^${name}の資産 \\d+件の一覧を開く$`) }).waitFor();
    }
    // The ten flows are arrows with their services; the summary counts them.
    expect(await diagram.locator('path[marker-end*="m-flow"]').count()).toBe(10);
    await diagram.locator('text', { hasText: 'DICOM (TCP 104)' }).first().waitFor();
    expect(await diagram.locator('desc').textContent()).toContain('ネットワーク区分 6件、区分の間の通信 10件');
    // It fits a 1280 px screen: no sideways scrolling.
    const scroll = section.locator('.sd-scroll');
    expect(await scroll.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    // The text version lists the flows.
    await section.getByText('図の内容を文章で見る', { exact: true }).click();
    await section.getByRole('listitem').filter({ hasText: '医療機器系 → 部門系: DICOM (TCP 104)' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'segment-diagram-01-1280');

    // Mouse: the 医療機器系 box opens the asset list filtered to that segment.
    await section.getByRole('link', { name: /^医療機器系の資産/ }).click();
    await page.getByRole('heading', { name: '資産', level: 1 }).waitFor();
    expect(new URL(page.url()).searchParams.get('segmentId')).toMatch(/^[0-9a-f-]{36}$/);
    await page.getByRole('table', { name: '資産の一覧' }).getByText('CT装置(64列)', { exact: true }).waitFor();
    expect(await page.getByRole('table', { name: '資産の一覧' }).getByText('電子カルテ DBサーバ(主系)', { exact: true }).count()).toBe(0);

    // Keyboard: Tab reaches the 保守回線 box, which shows a visible focus ring, and Enter opens its assets.
    await page.goBack();
    await diagram.waitFor();
    const maint = section.getByRole('link', { name: /^保守回線の資産/ });
    await maint.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    expect(await maint.evaluate((el) => document.activeElement === el)).toBe(true);
    expect(await maint.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.getByRole('table', { name: '資産の一覧' }).getByText('PACS リモート保守ルータ', { exact: true }).waitFor();
    await page.context().close();
  });

  it('scrolls sideways inside its frame on a phone', async () => {
    const page = await demo.login('it_staff', { width: 390 });
    await page.goto(`${demo.server.url}/ledger/segments`);
    const section = page.getByRole('region', { name: 'ネットワーク構成図' });
    await section.getByRole('img', { name: 'ネットワーク構成図' }).waitFor();
    const scroll = section.locator('.sd-scroll');
    const [scrollWidth, clientWidth] = await scroll.evaluate((el) => [el.scrollWidth, el.clientWidth]);
    expect(scrollWidth).toBeGreaterThan(clientWidth);
    // The page itself does not scroll sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await shot(page, 'segment-diagram-02-390');
    await page.context().close();
  });
});
