import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.ts';
import { loadConfig } from '../config.ts';
import { createLogger } from '../lib/logger.ts';
import { cssString, esc, printDocument } from './html.ts';
import { checkPdfPrerequisites, findChromium, renderPdf } from './pdf.ts';
import { pdfText } from './test-support.ts';

const deps = { config: { ...loadConfig({}), chromiumPath: null }, logger: createLogger('silent') };

describe('print documents (html.ts)', () => {
  it('escapes text for element content and attributes', () => {
    expect(esc(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
    expect(esc(null)).toBe('');
    expect(esc(3)).toBe('3');
    expect(cssString('a"b\\c\nd')).toBe('"a\\"b\\\\c d"');
  });

  it('is a self-contained A4 page: inline CSS, no script, nothing to fetch, headers repeat, time and version shown', () => {
    const html = printDocument({
      lang: 'ja',
      title: 'チェックリスト <テスト>',
      subtitle: 'みなと総合病院',
      generatedAt: '2026-04-01T01:00:00.000Z',
      version: '9.9.9',
      bodyHtml: '<table><thead><tr><th>番号</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>',
    });
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('<title>チェックリスト &lt;テスト&gt;</title>');
    expect(html).toContain('size: A4 portrait');
    expect(html).toContain('thead { display: table-header-group; }');
    expect(html).toContain('"Noto Sans CJK JP"');
    expect(html).toMatch(/line-height: 1\.[6-9]/);
    expect(html).toContain('counter(page) " / " counter(pages)');
    expect(html).toContain('2026年4月1日(水) 10:00 出力 · mamori 9.9.9');
    expect(html).not.toMatch(/<script|<link|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    const en = printDocument({ lang: 'en', title: 'T', generatedAt: '2026-04-01T01:00:00.000Z', version: '1', bodyHtml: '', landscape: true });
    expect(en).toContain('Generated Wed 1 Apr 2026 10:00 JST · mamori 1');
    expect(en).toContain('size: A4 landscape');
  });
});

describe('PDF (pdf.ts)', () => {
  it('names what to install when Chromium is missing (MAMORI_CHROMIUM pointing nowhere), before launching anything', async () => {
    const missing = { ...deps, config: { ...deps.config, chromiumPath: '/nonexistent/chromium' } };
    const err = await renderPdf(missing, '<p>x</p>').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('UNAVAILABLE');
    expect((err as AppError).message).toContain('MAMORI_CHROMIUM=/nonexistent/chromium');
    expect((err as AppError).message).toContain('apt-get install -y chromium');
    expect((err as AppError).issues?.[0]?.path).toBe('chromium');
    expect(findChromium({ chromiumPath: null }, '/nonexistent-a:/nonexistent-b')).toBeNull();
  });

  it('names the font package when no Japanese font is installed', async () => {
    const err = await checkPdfPrerequisites(deps.config, { fcList: '/nonexistent/fc-list' }).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('UNAVAILABLE');
    expect((err as AppError).message).toContain('apt-get install -y fonts-noto-cjk');
    expect((err as AppError).issues?.[0]?.path).toBe('font');
  });

  it('renders Japanese text to a complete A4 PDF, with page numbers, and fetches and runs nothing', async () => {
    const html = printDocument({
      lang: 'ja',
      title: '医療機関におけるサイバーセキュリティ対策チェックリスト',
      subtitle: 'みなと総合病院',
      generatedAt: '2026-04-01T01:00:00.000Z',
      version: '9.9.9',
      bodyHtml: `<table><thead><tr><th>番号</th><th>確認項目</th></tr></thead><tbody>${Array.from({ length: 70 }, (_, i) => `<tr><td>${i + 1}</td><td>サーバ・端末PC・ネットワーク機器の台帳管理を行っている</td></tr>`).join('')}</tbody></table>
        <img src="http://127.0.0.1:9/beacon.png" alt=""><script>document.body.append('SCRIPT-RAN')</script>`,
    });
    const pdf = await renderPdf(deps, html);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = await pdfText(pdf);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[0]).toContain('医療機関におけるサイバーセキュリティ対策チェックリスト');
    expect(pages[0]).toContain('みなと総合病院');
    expect(pages[0]).toContain(`1/${pages.length}`);
    expect(pages.at(-1)).toContain(`${pages.length}/${pages.length}`);
    // The table header repeats on the next page; the footer carries time and version.
    expect(pages[1]).toContain('確認項目');
    expect(pages[1]).toContain('mamori9.9.9');
    expect(pages.join('')).not.toContain('SCRIPT-RAN');
  });

  it("prints Chromium's own header and footer (title, text, page X / Y) for a page without margin boxes", async () => {
    const pdf = await renderPdf(deps, '<!DOCTYPE html><html lang="ja"><meta charset="utf-8"><body><p>本文</p><p style="break-before: page">二頁目</p></body></html>', {
      headerTitle: '見出し',
      footerText: '出力 2026年4月1日',
    });
    const pages = await pdfText(pdf);
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain('見出し');
    expect(pages[0]).toContain('出力2026年4月1日');
    expect(pages[0]).toContain('1/2');
    expect(pages[1]).toContain('2/2');
    expect(pages[1]).toContain('二頁目');
  });
});
