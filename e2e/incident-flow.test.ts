import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CaseDetailDto } from '../src/shared/contracts/incident-cases.contract.ts';
import type { DraftDto } from '../src/shared/contracts/incident-clocks.contract.ts';
import { shot, useDemoServer } from './support.ts';

async function apiGet<T>(page: Page, url: string): Promise<T> {
  const res = await page.request.get(url, { headers: { Accept: 'application/json' } });
  if (!res.ok()) throw new Error(`GET ${url}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A full-page screenshot from the top (the shell's header is sticky). */
async function shotTop(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, name);
}

/**
 * The whole path of issue 6 in one browser run, on the demo hospital: a nurse reports on a phone through the UI
 * (「インシデントかも?」 → the form → send); the security manager finds the report in the triage inbox, opens a case
 * from it (ransomware, patient data: yes), lands on the case page, opens the 報告書 tab, saves one field of the
 * Commission's draft, and downloads the draft as PDF and the whole case (案件報告書) as PDF and printable HTML.
 */
describe('incident flow: report → triage → case → draft PDF', () => {
  const demo = useDemoServer();

  it('report → triage → case → draft PDF and the whole-case PDF', async () => {
    const base = demo.server.url;
    const stamp = Date.now().toString(36);
    const what = `ナースステーションの端末に「ファイルは暗号化されました」と表示 ${stamp}`;

    // --- staff on a phone: one-minute report through the UI ------------------------------------------------------
    const phone = await demo.login('staff', { width: 390 });
    await phone.getByRole('link', { name: 'インシデントかも?(1分で報告する)' }).click();
    await phone.getByRole('heading', { name: 'インシデントかも?', level: 1 }).waitFor();
    await phone.getByRole('textbox', { name: '何が起きましたか' }).fill(what);
    await phone.getByRole('textbox', { name: 'どこで' }).fill('4階西病棟 ナースステーション 端末 No.7');
    await phone.getByTestId('report-submit').click();
    await phone.getByTestId('report-received').waitFor();
    await phone.getByRole('heading', { name: '報告を受け付けました' }).waitFor();
    await shotTop(phone, 'incident-flow-01-reported-390');
    await phone.context().close();

    // --- security manager: triage inbox → open a case from the report ------------------------------------------
    const page = await demo.login('security_manager');
    const triageLink = page.getByRole('navigation').getByRole('link', { name: /トリアージ/ });
    await triageLink.click();
    await page.getByRole('heading', { name: 'トリアージ', level: 1 }).waitFor();
    const card = page.getByTestId('inbox-report').filter({ hasText: stamp });
    await card.waitFor();
    await card.getByText('4階西病棟 ナースステーション 端末 No.7').waitFor();
    await card.focus();
    await page.keyboard.press('o');
    const dialog = page.getByRole('dialog', { name: '報告から案件を開始' });
    await dialog.waitFor();
    expect(await dialog.getByRole('textbox', { name: '件名' }).inputValue()).toContain(stamp);
    await dialog.getByRole('textbox', { name: '種類' }).click();
    await page.getByRole('option', { name: 'ランサムウェア' }).click();
    await dialog.getByRole('checkbox', { name: '患者さんの情報(要配慮個人情報)が漏えいした、またはそのおそれがある' }).check();
    await shotTop(page, 'incident-flow-02-open-case');
    await dialog.getByRole('button', { name: '案件を開始する' }).click();

    // --- the case page ----------------------------------------------------------------------------------------
    await page.waitForURL(/\/incidents\/cases\/[0-9a-f-]{36}$/);
    const caseId = page.url().split('/').pop()!;
    const opened = await apiGet<CaseDetailDto>(page, `${base}/api/v1/incidents/${caseId}`);
    expect(opened).toMatchObject({ category: 'ransomware', status: 'open', phase: 'detection' });
    expect(opened.facts.personalData).toBe(true);
    expect(opened.reportIds).toHaveLength(1);
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${opened.number} `) }).waitFor();

    // --- 報告書: save one field of the Commission's draft -------------------------------------------------------
    await page.getByRole('tab', { name: '報告書', exact: true }).click();
    const editor = page.locator('[data-testid="draft-editor"][data-kind="ppc"]');
    await editor.waitFor();
    const cause = editor.locator('[data-testid="draft-field"][data-key="cause"]');
    const causeText = `保守用VPN装置を経由した不正アクセスの可能性(調査中)${stamp}`;
    await cause.getByRole('textbox').fill(causeText);
    await editor.getByRole('button', { name: '下書きを保存' }).click();
    await editor.getByText(/最終保存/).waitFor();
    const saved = await apiGet<DraftDto>(page, `${base}/api/v1/incidents/${caseId}/drafts/ppc`);
    expect(saved.fields.find((f) => f.key === 'cause')).toMatchObject({ value: causeText, source: 'edited' });
    await shotTop(page, 'incident-flow-03-draft');

    // The Commission's draft as PDF (the button's link, with the page's session).
    const draftPdf = await page.request.get(`${base}${await page.getByTestId('draft-pdf').getAttribute('href')}`);
    expect(draftPdf.status()).toBe(200);
    expect(draftPdf.headers()['content-type']).toContain('application/pdf');
    expect((await draftPdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // The whole case: 案件報告書 (PDF) and 印刷用HTML, next to the print button.
    const caseHtmlHref = await page.getByTestId('case-report-html').getAttribute('href');
    const caseHtml = await page.request.get(`${base}${caseHtmlHref}`);
    expect(caseHtml.status()).toBe(200);
    expect(caseHtml.headers()['content-type']).toContain('text/html');
    const body = await caseHtml.text();
    expect(body).toContain(`案件報告書 ${opened.number}`);
    expect(body).toContain('TLP:AMBER');
    expect(body).toContain('案件を開始しました');
    const casePdf = await page.request.get(`${base}${await page.getByTestId('case-report-pdf').getAttribute('href')}`);
    expect(casePdf.status()).toBe(200);
    expect(casePdf.headers()['content-type']).toContain('application/pdf');
    expect(casePdf.headers()['content-disposition']).toBe(`attachment; filename="${opened.number}.pdf"`);
    expect((await casePdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.context().close();
  });
});
