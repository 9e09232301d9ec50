import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TMe } from '../src/shared/contracts/auth.contract.ts';
import type { CaseDetailDto, CasePageDto } from '../src/shared/contracts/incident-cases.contract.ts';
import type { ReportDto } from '../src/shared/contracts/incident-reports.contract.ts';
import { axeViolations, shot, useDemoServer } from './support.ts';

/** JSON API calls with the signed-in page's session (and its CSRF token). */
async function apiCall<T>(page: Page, method: 'GET' | 'POST', url: string, data?: unknown): Promise<T> {
  const cookies = await page.context().cookies();
  const csrf = cookies.find((c) => c.name === 'mamori_csrf')?.value ?? '';
  const res = await page.request.fetch(url, { method, headers: { 'X-CSRF-Token': csrf, Accept: 'application/json' }, ...(data === undefined ? {} : { data }) });
  if (!res.ok()) throw new Error(`${method} ${url}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A 1×1 PNG: the photo of the screen. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/**
 * Triage in the browser, on the demo hospital: a nurse (staff) reports twice through the API (one with a photo) and
 * sees her own report read-only; the security manager sees the new-report badge, finds the reports in the inbox,
 * opens a case from one with the keyboard (ransomware, patient data) and lands on the case page, dismisses the other
 * with a reason, sees the deadlines and the case in the list, filters the list through the URL, and looks at the
 * screens at phone width. Screenshots at 1280 and 390 px; axe on the list, the inbox and the modal.
 */
describe('incident triage: inbox, open a case, dismiss, case list and deadlines', () => {
  const demo = useDemoServer();

  it('staff report → security manager triages → case list with deadlines and filters', async () => {
    const base = demo.server.url;
    const stamp = Date.now().toString(36);
    const ransomText = `電子カルテ端末に脅迫文が表示された ${stamp}\nファイルが開けません。画面の写真を添付します。`;
    const printerText = `プリンターから変な音がする ${stamp}`;

    // --- staff: two reports through the API; her own report is read-only for her ----------------------------------
    const staff = await demo.login('staff');
    const staffMe = await apiCall<TMe>(staff, 'GET', `${base}/api/v1/me`);
    const facilityId = staffMe.facilities[0]!.facilityId;
    const reportsUrl = `${base}/api/v1/facilities/${facilityId}/incident-reports`;
    const ransom = await apiCall<ReportDto>(staff, 'POST', reportsUrl, { what: ransomText, where: '外来棟2階 受付', photo: { fileName: 'screen.png', data: PNG } });
    const printer = await apiCall<ReportDto>(staff, 'POST', reportsUrl, { what: printerText, where: '医事課' });
    expect(ransom.status).toBe('new');
    await staff.goto(`${base}/incidents/reports/${printer.id}`);
    await staff.getByTestId('report-what').getByText(printerText).waitFor();
    await staff.getByText('報告を受け付けました。システム担当が確認しています。').waitFor();
    expect(await staff.getByRole('button', { name: /対応不要/ }).count()).toBe(0);
    await shot(staff, 'incident-triage-00-staff-own-report');
    await staff.context().close();

    // --- security manager: the badge, the inbox -------------------------------------------------------------------
    const page = await demo.login('security_manager');
    const nav = page.getByRole('navigation');
    const triageLink = nav.getByRole('link', { name: /トリアージ/ });
    await triageLink.waitFor();
    await expect.poll(() => triageLink.textContent()).toMatch(/\d+件の新しい報告/);
    await triageLink.click();
    await page.getByRole('heading', { name: 'トリアージ', level: 1 }).waitFor();
    expect(await page.title()).toBe('トリアージ | mamori');
    const ransomCard = page.getByTestId('inbox-report').filter({ hasText: stamp }).filter({ hasText: '脅迫文' });
    await ransomCard.waitFor();
    await ransomCard.getByText('外来棟2階 受付').waitFor();
    await ransomCard.getByText('看護 さくら').waitFor();
    await ransomCard.getByTestId('report-photo').waitFor();
    // The photo really loads (the same-origin session reaches GET …/photo).
    await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLImageElement>('[data-testid="report-photo"]')).some((i) => i.complete && i.naturalWidth > 0));
    await page.getByTestId('inbox-keys').getByText('キーボード:').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'incident-triage-01-inbox');

    // j / k move, o opens a case from the selected report (with its key shown on the buttons).
    await ransomCard.focus();
    expect(await ransomCard.getAttribute('data-selected')).toBe('true');
    await ransomCard.locator('kbd', { hasText: 'o' }).waitFor();
    await page.keyboard.press('o');
    const dialog = page.getByRole('dialog', { name: '報告から案件を開始' });
    await dialog.waitFor();
    expect(await dialog.getByRole('textbox', { name: '件名' }).inputValue()).toBe(`電子カルテ端末に脅迫文が表示された ${stamp}`);
    expect(await dialog.getByRole('textbox', { name: '発覚日時' }).inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    await dialog.getByText('報告期限は、発覚日時とここでの答えから自動で計算されます', { exact: false }).waitFor();
    await dialog.getByRole('textbox', { name: '種類' }).click();
    await page.getByRole('option', { name: 'ランサムウェア' }).click();
    expect(await dialog.getByRole('textbox', { name: '深刻度' }).inputValue()).toBe('緊急');
    expect(await dialog.getByRole('textbox', { name: '共有範囲(TLP)' }).inputValue()).toBe('TLP:AMBER');
    await dialog.getByRole('checkbox', { name: '患者さんの情報(要配慮個人情報)が漏えいした、またはそのおそれがある' }).check();
    await dialog.getByRole('checkbox', { name: '不正アクセスによるもの(またはそのおそれ)' }).check();
    expect(await axeViolations(page, '[role="dialog"]')).toEqual([]);
    await shot(page, 'incident-triage-02-open-case');
    await dialog.getByRole('button', { name: '案件を開始する' }).click();
    await page.waitForURL(/\/incidents\/cases\/[0-9a-f-]{36}$/);
    const caseId = page.url().split('/').pop()!;
    const opened = await apiCall<CaseDetailDto>(page, 'GET', `${base}/api/v1/incidents/${caseId}`);
    expect(opened).toMatchObject({ category: 'ransomware', severity: 'critical', tlp: 'amber', title: `電子カルテ端末に脅迫文が表示された ${stamp}` });
    expect(opened.facts.personalData).toBe(true);
    expect(opened.reportIds).toContain(ransom.id);

    // --- dismiss the other report with a reason ----------------------------------------------------------------
    await page.goto(`${base}/incidents/inbox`);
    const printerCard = page.getByTestId('inbox-report').filter({ hasText: printerText });
    await printerCard.getByRole('button', { name: `「${printerText}」を対応不要にする` }).click();
    const dismiss = page.getByRole('dialog', { name: '対応不要にする' });
    await dismiss.getByRole('button', { name: '対応不要にする' }).click();
    await dismiss.getByText('理由を入力してください。').waitFor();
    await dismiss.getByRole('textbox', { name: '理由' }).fill('プリンターの紙詰まりでした。保守業者に依頼済み。');
    await dismiss.getByRole('button', { name: '対応不要にする' }).click();
    await dismiss.waitFor({ state: 'detached' });
    await printerCard.waitFor({ state: 'detached' });
    await page.getByTestId('inbox-status-dismissed').click();
    const dismissedCard = page.getByTestId('inbox-report').filter({ hasText: printerText });
    await dismissedCard.getByText('プリンターの紙詰まりでした。保守業者に依頼済み。').waitFor();
    await dismissedCard.getByText('対応不要', { exact: true }).first().waitFor();
    expect(page.url()).toContain('status=dismissed');

    // The report page: status, case link, the alert log.
    await page.goto(`${base}/incidents/reports/${ransom.id}`);
    await page.getByTestId('report-case-link').waitFor();
    expect(await page.getByTestId('report-case-link').getAttribute('href')).toBe(`/incidents/cases/${caseId}`);
    await page.getByRole('link', { name: '写真を新しいタブで開く' }).waitFor();
    await page.getByRole('region', { name: 'だれに知らせたか' }).waitFor();
    await shot(page, 'incident-triage-03-report-page');

    // --- the case list: deadlines at the top, the case, filters in the URL ------------------------------------------
    await nav.getByRole('link', { name: '案件', exact: true }).click();
    await page.getByRole('heading', { name: 'インシデント案件', level: 1 }).waitFor();
    const clocks = page.getByRole('region', { name: '報告期限' });
    await clocks.getByTestId('clock-item').first().waitFor();
    // The soonest deadlines first; the rest behind "show all".
    const showAll = clocks.getByRole('button', { name: /^すべて表示/ });
    if (await showAll.isVisible()) await showAll.click();
    await clocks.getByTestId('clock-item').filter({ hasText: stamp }).filter({ hasText: '個人情報保護委員会への速報' }).first().waitFor();
    const row = page.getByTestId('case-row').filter({ hasText: stamp });
    await row.waitFor();
    await row.getByText('深刻度: 緊急').waitFor();
    await row.getByText('TLP:AMBER').waitFor();
    await row.getByText('1/5 検知・初動対応').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'incident-triage-04-cases');

    await page.getByRole('search', { name: '案件の絞り込み' }).getByRole('textbox', { name: '種類' }).click();
    await page.getByRole('option', { name: 'ランサムウェア' }).click();
    await page.waitForURL(/category=ransomware/);
    await row.waitFor();
    await page.getByRole('search', { name: '案件の絞り込み' }).getByRole('textbox', { name: '深刻度' }).click();
    await page.getByRole('option', { name: '低' }).click();
    await page.waitForURL(/severity=low/);
    await page.getByText('条件に合う案件はありません').waitFor();
    await page.getByRole('button', { name: '条件をクリア' }).click();
    await row.waitFor();
    const search = page.getByRole('searchbox', { name: '検索' });
    await search.fill(stamp);
    await page.waitForURL(new RegExp(`q=${stamp}`));
    const listed = await apiCall<CasePageDto>(page, 'GET', `${base}/api/v1/facilities/${facilityId}/incidents?q=${stamp}`);
    expect(listed.total).toBe(1);
    await expect.poll(() => page.getByTestId('case-row').count()).toBe(1);
    await page.getByRole('search', { name: '案件の絞り込み' }).locator('label', { hasText: '対応完了' }).click();
    await page.waitForURL(/status=closed/);
    await page.getByText('条件に合う案件はありません').waitFor();

    // --- a new case by hand from the list ---------------------------------------------------------------------
    await page.goto(`${base}/incidents`);
    await page.getByRole('button', { name: '案件を作成' }).click();
    const create = page.getByRole('dialog', { name: '案件を作成' });
    await create.getByRole('button', { name: '案件を作成する' }).click();
    await create.getByText('件名を入力してください。').waitFor();
    await create.getByText('種類を選んでください。').waitFor();
    await create.getByRole('textbox', { name: '件名' }).fill(`誤送信FAX ${stamp}`);
    await create.getByRole('textbox', { name: '種類' }).click();
    await page.getByRole('option', { name: 'メール・FAXの誤送信' }).click();
    await create.getByRole('button', { name: '発覚日時を今にする' }).click();
    await create.getByRole('checkbox', { name: 'サイバー保険に加入している' }).check();
    await create.getByRole('textbox', { name: '保険会社への報告期限(時間)' }).fill('72');
    await shot(page, 'incident-triage-05-create');
    await create.getByRole('button', { name: '案件を作成する' }).click();
    await page.waitForURL(/\/incidents\/cases\/[0-9a-f-]{36}$/);
    const made = await apiCall<CaseDetailDto>(page, 'GET', `${base}/api/v1/incidents/${page.url().split('/').pop()!}`);
    expect(made).toMatchObject({ category: 'misdirected_mail', severity: 'medium', tlp: 'amber' });
    expect(made.facts.insured).toEqual({ reportWithinHours: 72 });

    // --- phone width --------------------------------------------------------------------------------------------
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/incidents`);
    await page.getByTestId('case-cards').waitFor();
    await page.getByTestId('case-row').filter({ hasText: stamp }).first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, 'incident-triage-06-cases-phone');
    await page.goto(`${base}/incidents/inbox?status=all`);
    await page.getByTestId('inbox-report').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await shot(page, 'incident-triage-07-inbox-phone');
    await page.context().close();
  });
});
