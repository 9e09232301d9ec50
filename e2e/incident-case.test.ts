import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TMe } from '../src/shared/contracts/auth.contract.ts';
import type { CaseDetailDto } from '../src/shared/contracts/incident-cases.contract.ts';
import type { CaseClocksDto } from '../src/shared/contracts/incident-clocks.contract.ts';
import { formatDateTime } from '../src/shared/dates.ts';
import { axeViolations, shot, useDemoServer } from './support.ts';

/** JSON API calls with the signed-in page's session (and its CSRF token). */
async function apiCall<T>(page: Page, method: 'GET' | 'POST', url: string, data?: unknown): Promise<T> {
  const cookies = await page.context().cookies();
  const csrf = cookies.find((c) => c.name === 'mamori_csrf')?.value ?? '';
  const res = await page.request.fetch(url, { method, headers: { 'X-CSRF-Token': csrf, Accept: 'application/json' }, ...(data === undefined ? {} : { data }) });
  if (!res.ok()) throw new Error(`${method} ${url}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** A datetime-local value of an instant in UTC. */
const utcLocal = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;

/** A full-page screenshot from the top (the shell's header is sticky). */
async function shotTop(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, name);
}

async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name, exact: true }).click();
}

/**
 * The case page (/incidents/cases/:id) in the browser: a ransomware case with patient data of 1,200 people opened
 * through the API; its clocks (PPC 速報/確報, MHLW), a task ticked, a timeline entry stated in UTC shown in JST, a
 * filing that stops a clock, the PPC draft edited and exported as HTML and PDF, the tamper check, and the page on a phone.
 */
describe('incident case page: clocks, tasks, timeline, filing, drafts, phone', () => {
  const demo = useDemoServer();

  it('security manager works a ransomware case', async () => {
    const page = await demo.login('security_manager');
    const base = demo.server.url;
    const me = await apiCall<TMe>(page, 'GET', `${base}/api/v1/me`);
    const facilityId = me.facilities.find((f) => f.roles.includes('security_manager'))?.facilityId ?? me.facilities[0]!.facilityId;
    const discoveredAt = new Date(Date.now() - 26 * 3_600_000).toISOString();
    const created = await apiCall<CaseDetailDto>(page, 'POST', `${base}/api/v1/facilities/${facilityId}/incidents`, {
      title: '電子カルテサーバーのランサムウェア感染',
      category: 'ransomware',
      discoveredAt,
      facts: { personalData: true, affectedCount: 1200, unauthorizedAccess: true, careDisrupted: true, crimeSuspected: true },
      summary: { what: '画面に身代金要求が表示され、電子カルテが使えない' },
    });
    const caseUrl = `${base}/incidents/cases/${created.id}`;

    // Header: number and title, badges, the five phases with the current one marked in words.
    await page.goto(caseUrl);
    await page.getByRole('heading', { level: 1, name: `${created.number} 電子カルテサーバーのランサムウェア感染` }).waitFor();
    expect(await page.title()).toContain(created.number);
    const badges = page.getByTestId('case-badges');
    await badges.getByText('重大度: 緊急').waitFor();
    await badges.getByText('TLP:AMBER').waitFor();
    await badges.getByText(`発覚日時 ${formatDateTime(discoveredAt, 'ja')}`).waitFor();
    const stepper = page.getByTestId('phase-stepper');
    expect(await stepper.locator('li').count()).toBe(5);
    expect(await stepper.locator('[aria-current="step"]').innerText()).toContain('現在の段階');
    await page.getByTestId('next-deadline').waitFor();
    await page.getByText('報告義務の判断に使う事実').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shotTop(page, 'incident-case-01-overview');

    // 5W1H autosave.
    await page.getByLabel('どこで', { exact: true }).fill('電子カルテサーバー(本館2階サーバー室)');
    await expect.poll(() => page.getByTestId('save-status').first().getAttribute('data-state'), { timeout: 10_000 }).toBe('saved');
    const afterSave = await apiCall<CaseDetailDto>(page, 'GET', `${base}/api/v1/incidents/${created.id}`);
    expect(afterSave.summary.where).toBe('電子カルテサーバー(本館2階サーバー室)');

    // Deadlines: PPC preliminary and final, MHLW.
    await openTab(page, '期限');
    expect(new URL(page.url()).searchParams.get('tab')).toBe('clocks');
    for (const rule of ['ppc.preliminary', 'ppc.final', 'mhlw.report']) await page.locator(`[data-testid="clock-card"][data-rule="${rule}"]`).waitFor();
    await page.getByTestId('clock-rules-version').waitFor();
    const ppc = page.locator('[data-testid="clock-card"][data-rule="ppc.preliminary"]');
    expect(await ppc.innerText()).toContain('個人情報保護委員会');
    expect(await ppc.getByTestId('clock-countdown').innerText()).toMatch(/^あと/);
    expect(await axeViolations(page)).toEqual([]);
    await shotTop(page, 'incident-case-02-clocks');

    // Header edit: a clearer title and 発覚日時 one hour earlier → the header shows the title, the deadlines move.
    const mhlw = page.locator('[data-testid="clock-card"][data-rule="mhlw.report"]');
    const dueBefore = (await apiCall<CaseClocksDto>(page, 'GET', `${base}/api/v1/incidents/${created.id}/clocks`)).clocks.find((k) => k.ruleId === 'mhlw.report')!.dueAt!;
    expect(await mhlw.innerText()).toContain(formatDateTime(dueBefore, 'ja'));
    await page.getByRole('button', { name: '編集', exact: true }).click();
    const edit = page.getByRole('dialog');
    const when = edit.locator('#case-edit-discovered-at');
    const shownJst = await when.inputValue();
    const earlier = utcLocal(new Date(Date.parse(`${shownJst}:00+09:00`) + 9 * 3_600_000 - 3_600_000));
    await edit.getByLabel('件名').fill('電子カルテサーバーのランサムウェア感染(全館)');
    await when.fill(earlier);
    await edit.getByTestId('case-edit-recompute').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'incident-case-11-edit');
    await edit.getByRole('button', { name: '変更を保存' }).click();
    await edit.waitFor({ state: 'detached' });
    await page.getByRole('heading', { level: 1, name: `${created.number} 電子カルテサーバーのランサムウェア感染(全館)` }).waitFor();
    const dueAfter = (await apiCall<CaseClocksDto>(page, 'GET', `${base}/api/v1/incidents/${created.id}/clocks`)).clocks.find((k) => k.ruleId === 'mhlw.report')!.dueAt!;
    expect(Date.parse(dueBefore) - Date.parse(dueAfter)).toBeGreaterThanOrEqual(3_600_000);
    expect(Date.parse(dueBefore) - Date.parse(dueAfter)).toBeLessThan(3_660_000);
    await expect.poll(() => mhlw.innerText(), { timeout: 10_000 }).toContain(formatDateTime(dueAfter, 'ja'));

    // Tasks: tick the first playbook task; who and when are shown.
    await openTab(page, 'タスク');
    const task = page.getByTestId('case-task').first();
    await task.getByRole('checkbox').check();
    expect(await task.getByRole('checkbox').isChecked()).toBe(true);
    await expect.poll(() => task.getAttribute('data-done'), { timeout: 10_000 }).toBe('true');
    await task.getByTestId('task-done-by').waitFor();
    await shotTop(page, 'incident-case-03-tasks');

    // Timeline: an entry stated in UTC, shown in UTC and in JST.
    await openTab(page, 'タイムライン');
    const at = new Date(Date.now() - 3 * 3_600_000);
    at.setUTCSeconds(0, 0);
    const form = page.getByRole('form', { name: 'タイムラインに記録' });
    await form.getByLabel('内容').fill('海外の委託先SOCから不審な通信の連絡(UTCで受信)');
    await form.getByRole('textbox', { name: 'タイムゾーン' }).click();
    await form.getByRole('textbox', { name: 'タイムゾーン' }).fill('UTC');
    await page.getByRole('option', { name: 'UTC', exact: true }).click();
    await form.getByLabel('日時').fill(utcLocal(at));
    await form.getByRole('button', { name: '記録する' }).click();
    const entry = page.getByTestId('timeline-entry').filter({ hasText: '海外の委託先SOC' });
    await entry.waitFor();
    const shown = await entry.getByTestId('timeline-time').innerText();
    expect(shown).toContain('UTC');
    expect(shown).toContain(formatDateTime(at.toISOString(), 'ja'));
    await shotTop(page, 'incident-case-04-timeline');

    // Filing: record the PPC preliminary report → filed (on time), the clock stops.
    await openTab(page, '期限');
    await ppc.getByRole('button', { name: /届出を記録/ }).click();
    const filing = page.getByRole('dialog');
    await filing.getByLabel('受付番号・送付方法').fill('PPC-Web-0001');
    await filing.getByRole('button', { name: '記録する' }).click();
    await ppc.getByTestId('clock-filed').waitFor();
    expect(await ppc.getByTestId('clock-state').innerText()).toContain('届出済み');
    const clocks = await apiCall<CaseClocksDto>(page, 'GET', `${base}/api/v1/incidents/${created.id}/clocks`);
    expect(clocks.clocks.find((k) => k.ruleId === 'ppc.preliminary')?.status.state).toBe('filed');

    // Drafts: edit a PPC field, save, export HTML and PDF.
    await openTab(page, '報告書');
    const editor = page.getByTestId('draft-editor');
    await editor.waitFor();
    const cause = editor.locator('[data-testid="draft-field"][data-key="cause"]');
    expect(await cause.getAttribute('data-source')).toBe('prefilled');
    await cause.getByRole('textbox').fill('保守用VPN装置の脆弱性を悪用された不正アクセス(調査中)');
    expect(await cause.getAttribute('data-source')).toBe('edited');
    await editor.getByRole('button', { name: '下書きを保存' }).click();
    await editor.getByText(/最終保存/).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shotTop(page, 'incident-case-05-drafts');
    const htmlHref = await page.getByTestId('draft-html').getAttribute('href');
    const pdfHref = await page.getByTestId('draft-pdf').getAttribute('href');
    const html = await page.request.get(`${base}${htmlHref}`);
    expect(html.status()).toBe(200);
    expect(html.headers()['content-type']).toContain('text/html');
    expect(await html.text()).toContain('保守用VPN装置の脆弱性を悪用された不正アクセス');
    const pdf = await page.request.get(`${base}${pdfHref}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    // Evidence: one item with a stated hash, then the tamper check.
    await apiCall(page, 'POST', `${base}/api/v1/incidents/${created.id}/evidence`, {
      type: 'log',
      description: 'ファイアウォールのログ(5月1日分)',
      collectedBy: '情報 健太',
      collectedAt: new Date(Date.now() - 3_600_000).toISOString(),
      sha256: 'a'.repeat(64),
    });
    await openTab(page, '証拠');
    await page.getByTestId('evidence-item').first().waitFor();
    await page.getByRole('button', { name: '改ざんチェック' }).click();
    expect(await page.getByTestId('verify-result').getAttribute('data-ok')).toBe('true');
    await shotTop(page, 'incident-case-06-evidence');

    // Print: the button stacks the overview, the deadlines and the timeline (the browser's dialog is stubbed here).
    await page.evaluate(() => {
      window.print = () => undefined;
    });
    await page.getByRole('button', { name: /^印刷/ }).click();
    const printed = page.locator('.case-print-all');
    await printed.locator('#case-clocks-title').waitFor({ state: 'attached' });
    await printed.getByText('海外の委託先SOC').first().waitFor({ state: 'attached' });
    await page.emulateMedia({ media: 'print' });
    expect(await printed.isVisible()).toBe(true);
    expect(await page.getByRole('tablist').isVisible()).toBe(false);
    await shotTop(page, 'incident-case-10-print');
    await page.emulateMedia({ media: 'screen' });
    await page.context().close();
  });

  it('on a phone: the same case, tabs as a select, readable', async () => {
    // IT staff (incident.write): the security manager enrolled MFA above, and a second login of theirs would ask for a code.
    const page = await demo.login('it_staff', { width: 390 });
    const base = demo.server.url;
    const me = await apiCall<TMe>(page, 'GET', `${base}/api/v1/me`);
    const facilityId = me.facilities.find((f) => f.roles.includes('it_staff'))?.facilityId ?? me.facilities[0]!.facilityId;
    const created = await apiCall<CaseDetailDto>(page, 'POST', `${base}/api/v1/facilities/${facilityId}/incidents`, {
      title: '外来受付端末にランサムウェアの画面',
      category: 'ransomware',
      discoveredAt: new Date(Date.now() - 5 * 3_600_000).toISOString(),
      facts: { personalData: true, affectedCount: 1200, careDisrupted: true },
    });
    await page.goto(`${base}/incidents/cases/${created.id}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(created.number) }).waitFor();
    const noOverflow = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
    expect(await noOverflow()).toBe(true);
    await shotTop(page, 'incident-case-07-phone-overview');
    await page.getByLabel('表示する内容').selectOption('clocks');
    await page.locator('[data-testid="clock-card"][data-rule="ppc.preliminary"]').waitFor();
    expect(await noOverflow()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await shotTop(page, 'incident-case-08-phone-clocks');
    await page.getByLabel('表示する内容').selectOption('tasks');
    await page.getByTestId('case-task').first().waitFor();
    await shotTop(page, 'incident-case-09-phone-tasks');
    await page.context().close();
  });
});
