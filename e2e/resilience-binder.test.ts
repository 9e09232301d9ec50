import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { BINDER_SECTION_LABELS, BINDER_SECTIONS } from '../src/shared/resilience/binder.ts';
import { generateBinder } from '../src/server/modules/resilience/index.ts';
import { BINDER_SEED, seedBinderFacility } from '../src/server/modules/resilience/binder.test-support.ts';
import { createTestEnv, makeFacility, SYSTEM, type TestEnv } from '../src/server/testing/harness.ts';
import { launchBrowser, shot } from './support.ts';

/**
 * The emergency binder as it is kept on a USB stick: the HTML file written by mamori, opened from its file:// URL in
 * Chromium with the network off and every request that is not the file itself refused and counted (none may happen).
 * Every section heading is visible, the QR codes are inline SVG, the contents' links jump within the page. Screenshots
 * at 1280 and 390 px.
 */
describe('emergency binder: the HTML file opens offline', () => {
  let env: TestEnv;
  let browser: Browser;
  let file: string;
  let code: string;

  beforeAll(async () => {
    env = await createTestEnv('sqlite');
    env.clock.set(new Date('2026-11-24T01:00:00Z'));
    const F = await makeFacility(env, 'USB', 'みなと試験病院');
    await seedBinderFacility(env, F.id);
    const out = await generateBinder(env.deps, SYSTEM, F.id, { format: 'html', lang: 'ja' });
    code = out.code;
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mamori-binder-')), out.fileName);
    fs.writeFileSync(file, out.body);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
    if (file) fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  for (const width of [1280, 390]) {
    it(`shows every section with no network at ${width} px`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: false });
      await context.setOffline(true);
      const url = pathToFileURL(file).href;
      const refused: string[] = [];
      await context.route('**/*', async (route) => {
        const u = route.request().url();
        if (u === url) return route.continue();
        refused.push(u);
        return route.abort('blockedbyclient');
      });
      const page = await context.newPage();
      const requested: string[] = [];
      page.on('request', (r) => {
        if (r.url() !== url) requested.push(r.url());
      });
      await page.goto(url, { waitUntil: 'load' });

      await expect(page.title()).resolves.toBe('みなと試験病院 緊急時バインダー');
      for (const [i, s] of BINDER_SECTIONS.entries()) {
        const heading = page.getByRole('heading', { level: 2, name: `${i + 1}. ${BINDER_SECTION_LABELS[s].ja}` });
        await heading.scrollIntoViewIfNeeded();
        expect(await heading.isVisible(), s).toBe(true);
      }
      expect(await page.locator('svg').count()).toBe(1 + BINDER_SECTIONS.length);
      expect(await page.locator('.cover-stamp svg').isVisible()).toBe(true);
      expect(await page.getByText(code).first().isVisible()).toBe(true);
      expect(await page.getByText(BINDER_SEED.vendorEmergency).first().isVisible()).toBe(true);

      // The contents jump within the file.
      await page.getByRole('navigation', { name: '目次' }).getByRole('link', { name: BINDER_SECTION_LABELS.backups.ja }).click();
      expect(new URL(page.url()).hash).toBe('#s-backups');
      expect(new URL(page.url()).protocol).toBe('file:');

      await page.goto(url, { waitUntil: 'load' });
      await shot(page, `resilience-binder-offline-${width}`);
      expect(refused).toEqual([]);
      expect(requested).toEqual([]);
      await context.close();
    });
  }
});
