import { fiscalYearOf, jstDateKey } from '../src/shared/dates.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { currentTotp } from '../src/server/modules/auth/totp.ts';

/** Browser-test support: a real mamori server process and a real Chromium. */

export const ARTIFACTS = path.resolve('e2e/artifacts');

export function chromiumPath(): string {
  const candidates = [process.env.MAMORI_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error('Chromium not found: apt-get install -y chromium (or set MAMORI_CHROMIUM)');
  return found;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface RunningServer {
  url: string;
  dataDir: string;
  output: () => string;
  /** Sends SIGTERM, waits for the process to end, removes the data folder; returns the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `mamori serve` on a free port with a fresh data folder (the built UI must exist in dist/web, or MAMORI_WEB_DIR). */
export async function startServer(args: string[] = [], env: Record<string, string> = {}): Promise<RunningServer> {
  const webDir = env.MAMORI_WEB_DIR || process.env.MAMORI_WEB_DIR || 'dist/web';
  if (!fs.existsSync(path.join(webDir, 'index.html'))) throw new Error(`${webDir} is missing: run npm run build first`);
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mamori-e2e-'));
  let out = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', String(port), '--host', '127.0.0.1', ...args], {
    env: { ...process.env, MAMORI_DATA_DIR: dataDir, MAMORI_DATABASE_URL: '', MAMORI_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
    try {
      const r = await fetch(`${url}/api/v1/health`);
      if (r.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    dataDir,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
      return child.exitCode;
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** Saves a screenshot under e2e/artifacts/<name>.png (kept as a CI artifact). */
export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

export type DemoCredentials = Map<string, { email: string; password: string }>;

/** The demo users a `serve --demo` server printed once at start ("  <role> <email> <password>"), by role. */
export function demoCredentials(server: RunningServer): DemoCredentials {
  const found: DemoCredentials = new Map();
  for (const m of server.output().matchAll(/^\s+(\w+)\s+(\S+@\S+)\s+(\S+)$/gm)) found.set(m[1]!, { email: m[2]!, password: m[3]! });
  return found;
}

/**
 * Signs in as a demo user of `role` in a new Japanese browser context (`width` × 900) and waits for the
 * dashboard. A role that requires MFA enrols on its first login with the secret shown on screen (a later login
 * of that user would ask for a code, which this does not handle). Close the page's context when done.
 */
export async function loginAs(browser: Browser, server: RunningServer, credentials: DemoCredentials, role: string, { width = 1280 }: { width?: number } = {}): Promise<Page> {
  const c = credentials.get(role);
  if (!c) throw new Error(`no demo login for ${role}`);
  const context = await browser.newContext({ locale: 'ja-JP', viewport: { width, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByLabel('メールアドレス').fill(c.email);
  await page.getByRole('textbox', { name: 'パスワード', exact: true }).fill(c.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  const dashboard = page.getByRole('heading', { name: 'ダッシュボード', level: 1 });
  const enrol = page.getByTestId('mfa-secret');
  await dashboard.or(enrol).first().waitFor();
  if (await enrol.isVisible()) {
    const secret = (await enrol.innerText()).replace(/\s/g, '');
    await page.getByRole('textbox', { name: /確認コード/ }).fill(currentTotp(secret));
    await page.getByRole('button', { name: '設定を完了する' }).click();
    await page.getByLabel('リカバリーコードを印刷・コピー・保存しました').check();
    await page.getByRole('button', { name: '続ける' }).click();
  }
  await dashboard.waitFor();
  return page;
}

export interface DemoSession {
  readonly server: RunningServer;
  readonly browser: Browser;
  /** The demo users' logins, by role. */
  readonly credentials: DemoCredentials;
  /** Signs in as the demo user of `role` (see loginAs). */
  login(role: string, options?: { width?: number }): Promise<Page>;
}

/**
 * For the tests of one file (call it in the describe block): a `serve --demo` server and a Chromium, started
 * before all its tests and stopped after them.
 */
export function useDemoServer(): DemoSession {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let credentials: DemoCredentials = new Map();
  beforeAll(async () => {
    server = await startServer(['--demo']);
    browser = await launchBrowser();
    credentials = demoCredentials(server);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  const started = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('the demo server is not running (call useDemoServer in a describe block)');
    return v;
  };
  return {
    get server() {
      return started(server);
    },
    get browser() {
      return started(browser);
    },
    get credentials() {
      return credentials;
    },
    login: (role, options) => loginAs(started(browser), started(server), credentials, role, options),
  };
}

/** Serious accessibility problems (WCAG 2.2 AA rules) on the current page, or inside `include` only. */
export async function axeViolations(page: Page, include?: string): Promise<string[]> {
  const builder = () => {
    const b = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']);
    return include ? b.include(include) : b;
  };
  // Let running CSS transitions (a notification sliding in, a modal fading) finish first: halfway through, their
  // colours are blends that fail the contrast check although the settled screen passes. Endless ones (a spinner) are
  // left alone. A notification can also begin to slide in or out while axe is reading the page (they close by
  // themselves after a few seconds), so a finding on a notification is checked again once its transition is over.
  const settle = () =>
    page.evaluate(() =>
      Promise.all(
        document
          .getAnimations()
          .filter((a) => Number.isFinite(Number(a.effect?.getComputedTiming().endTime ?? Infinity)))
          .map((a) => a.finished.catch(() => undefined)),
      ),
    );
  const serious = async () => {
    await settle();
    const r = await builder().analyze();
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  };
  let found = await serious();
  for (let again = 0; again < 2 && found.some((v) => v.nodes.some((n) => n.target.join(' ').includes('mantine-Notification'))); again++) found = await serious();
  return found.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(' | ')})`);
}

/** Today (JST calendar date) and the last day of the current fiscal year, for date fields checked against the fiscal year. */
export const TODAY = jstDateKey(new Date());
export const FY_END = `${fiscalYearOf(new Date()) + 1}-03-31`;
