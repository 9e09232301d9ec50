import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { AppError } from '../../shared/errors.ts';
import type { Config } from '../config.ts';
import type { Deps } from '../context.ts';
import { findOnPath, isExecutable } from '../lib/executables.ts';
import { esc } from './html.ts';

/** The print shell of html.ts, re-exported under the name the issue-5 interface uses. */
export { esc, printDocument, printDocument as printShell, type PrintDocumentInput } from './html.ts';

/**
 * HTML → PDF with the system's Chromium (playwright-core drives it; no browser is downloaded). The HTML must be
 * self-contained (`printDocument` in html.ts): JavaScript is off and every network request is refused, so a report
 * can never fetch or run anything. Renders run one at a time per process — a hospital server has few cores — and
 * a render either returns a complete PDF or throws; it never returns a broken file.
 */

const run = promisify(execFile);

/** What to install when a piece is missing (also printed by `mamori doctor`). */
export const INSTALL_CHROMIUM = 'apt-get install -y chromium (or set MAMORI_CHROMIUM to the browser executable)';
export const INSTALL_JA_FONT = 'apt-get install -y fonts-noto-cjk';

const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** The browser executable: MAMORI_CHROMIUM when set (only that), else the first of chromium/chromium-browser/google-chrome on PATH. */
export function findChromium(config: Pick<Config, 'chromiumPath'>, envPath: string = process.env.PATH ?? ''): string | null {
  if (config.chromiumPath) return isExecutable(config.chromiumPath) ? config.chromiumPath : null;
  return findOnPath(CHROMIUM_NAMES, envPath);
}

/** Font families fontconfig knows for Japanese (`fc-list :lang=ja family`); [] when none or fontconfig is missing. */
export async function japaneseFonts(fcList = 'fc-list'): Promise<string[]> {
  try {
    const { stdout } = await run(fcList, [':lang=ja', 'family'], { timeout: 15_000 });
    return stdout
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  } catch {
    return [];
  }
}

// A found font is remembered for the process; a missing one is looked for again next time (after an install).
let fontFound = false;

/**
 * Checks that a PDF can be made: Chromium is there and a Japanese font is installed. Throws UNAVAILABLE naming what
 * to install; returns the browser's path.
 */
export async function checkPdfPrerequisites(config: Pick<Config, 'chromiumPath'>, options: { fcList?: string } = {}): Promise<string> {
  const executable = findChromium(config);
  if (!executable) {
    const where = config.chromiumPath ? `MAMORI_CHROMIUM=${config.chromiumPath} is not an executable file` : 'Chromium was not found on PATH';
    throw new AppError('UNAVAILABLE', `PDF: ${where}. Install it: ${INSTALL_CHROMIUM}`, {
      issues: [{ path: 'chromium', message: `${where}: ${INSTALL_CHROMIUM}` }],
      detail: { component: 'chromium' },
    });
  }
  if (!fontFound || options.fcList) {
    const fonts = await japaneseFonts(options.fcList);
    if (fonts.length === 0) {
      throw new AppError('UNAVAILABLE', `PDF: no Japanese font is installed. Install one: ${INSTALL_JA_FONT}`, {
        issues: [{ path: 'font', message: `no Japanese font (fc-list :lang=ja): ${INSTALL_JA_FONT}` }],
        detail: { component: 'japanese_font' },
      });
    }
    if (!options.fcList) fontFound = true;
  }
  return executable;
}

export interface RenderPdfOptions {
  landscape?: boolean;
  /**
   * Chromium's own header/footer (title at the top; this text and page X / Y at the bottom). Leave both out for
   * documents from `printDocument`, whose page margin boxes already print the page number, time and version.
   */
  headerTitle?: string;
  footerText?: string;
  /** For tests: the fontconfig listing command. */
  fcList?: string;
}

// One render at a time per process.
let queue: Promise<unknown> = Promise.resolve();
function serialized<T>(job: () => Promise<T>): Promise<T> {
  const next = queue.then(job, job);
  queue = next.catch(() => undefined);
  return next;
}

const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'];
const TIMEOUT_MS = 60_000;
const RENDER_DEADLINE_MS = 180_000;

function templates(options: RenderPdfOptions): { headerTemplate: string; footerTemplate: string } {
  const style = 'font-size:7.5pt;color:#495057;width:100%;padding:0 12mm;font-family:"Noto Sans CJK JP",sans-serif;display:flex;justify-content:space-between';
  return {
    headerTemplate: options.headerTitle ? `<div style="${style}"><span>${esc(options.headerTitle)}</span></div>` : '<div></div>',
    footerTemplate: `<div style="${style}"><span>${esc(options.footerText ?? '')}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`,
  };
}

/** A complete PDF ends with %%EOF (allowing trailing whitespace) and starts with %PDF-. */
function looksComplete(pdf: Buffer): boolean {
  if (pdf.length < 64 || pdf.subarray(0, 5).toString('latin1') !== '%PDF-') return false;
  return pdf.subarray(Math.max(0, pdf.length - 32)).toString('latin1').trimEnd().endsWith('%%EOF');
}

/** Renders self-contained HTML to an A4 PDF. Throws UNAVAILABLE when Chromium or a Japanese font is missing. */
export async function renderPdf(deps: Pick<Deps, 'config' | 'logger'>, html: string, options: RenderPdfOptions = {}): Promise<Buffer> {
  const executablePath = await checkPdfPrerequisites(deps.config, options.fcList ? { fcList: options.fcList } : {});
  return serialized(async () => {
    let browser: Browser | undefined;
    // A hard deadline for the whole render: a hung Chromium must not hold the queue (closing it fails what is pending).
    let overdue = false;
    const deadline = setTimeout(() => {
      overdue = true;
      void browser?.close().catch(() => undefined);
    }, RENDER_DEADLINE_MS);
    try {
      try {
        browser = await chromium.launch({ executablePath, args: LAUNCH_ARGS, timeout: TIMEOUT_MS });
      } catch (e) {
        deps.logger.error({ err: e, executablePath }, 'Chromium did not start');
        const first = e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e);
        throw new AppError('UNAVAILABLE', `PDF: Chromium (${executablePath}) did not start: ${first}`, {
          issues: [{ path: 'chromium', message: `${executablePath} did not start (${first}); ${INSTALL_CHROMIUM}` }],
          detail: { component: 'chromium' },
        });
      }
      const context = await browser.newContext({ javaScriptEnabled: false, serviceWorkers: 'block', acceptDownloads: false });
      // The document is self-contained: nothing may be fetched (no fonts, images, stylesheets or beacons).
      await context.route('**/*', (route) => route.abort('blockedbyclient'));
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT_MS);
      await page.setContent(html, { waitUntil: 'load', timeout: TIMEOUT_MS });
      const headerFooter = options.headerTitle !== undefined || options.footerText !== undefined;
      const pdf = await page.pdf({
        format: 'A4',
        landscape: options.landscape ?? false,
        printBackground: true,
        preferCSSPageSize: !headerFooter,
        ...(headerFooter ? { displayHeaderFooter: true, ...templates(options), margin: { top: '16mm', bottom: '16mm', left: '12mm', right: '12mm' } } : {}),
      });
      if (!looksComplete(pdf)) throw new AppError('INTERNAL', 'PDF: Chromium returned an incomplete file');
      return pdf;
    } catch (e) {
      if (overdue) throw new AppError('INTERNAL', `PDF: rendering took longer than ${RENDER_DEADLINE_MS / 1000} s`);
      throw e;
    } finally {
      clearTimeout(deadline);
      await browser?.close().catch((e: unknown) => deps.logger.warn({ err: e }, 'Chromium did not close cleanly'));
    }
  });
}
