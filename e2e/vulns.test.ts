import { describe, expect, it } from 'vitest';
import { axeViolations, shot, useDemoServer } from './support.ts';

/**
 * Vulnerabilities in the browser, on the demo hospital (its FortiGate on FortiOS 6.0.4 carries CVE-2018-13379):
 * the overview puts the known-exploited, internet-facing VPN device first; IT staff open the finding and start
 * work on it (no risk-acceptance button for them); the executive accepts the risk through the sign-off dialog with
 * a reason and an expiry, and the finding shows リスク受容 with the signer. Phone layout and accessibility checked.
 */
describe('vulnerability overview, finding workflow and risk acceptance in the browser', () => {
  const demo = useDemoServer();
  const CVE = 'CVE-2018-13379';
  const DEVICE = '給食委託業者 VPN装置';
  let findingUrl = '';

  it('IT staff: the overview shows the exposed FortiGate first; the finding is opened and set to 対応中', async () => {
    const page = await demo.login('it_staff');
    await page.getByRole('navigation').getByRole('link', { name: /^脆弱性の概要/ }).click();
    await page.getByRole('heading', { name: '脆弱性の概要', level: 1 }).waitFor();
    expect(await page.title()).toBe('脆弱性の概要 | mamori');

    // Known-exploited exposure first: the catering contractor's internet-facing VPN device tops the list.
    const kev = page.getByRole('region', { name: '悪用が確認された脆弱性を持つ機器' });
    const devices = kev.getByRole('list', { name: /悪用が確認された脆弱性を持つ機器/ });
    await devices.getByRole('listitem').first().waitFor();
    const first = devices.getByRole('listitem').first();
    expect(await first.textContent()).toContain(`${DEVICE}に、悪用が確認されている脆弱性が`);
    expect(await first.getByText('インターネット公開').count()).toBe(1);
    // The coverage sentence: findings only cover assets with a product identity.
    await page.getByText('識別情報のある資産', { exact: false }).first().waitFor();
    // The top findings include the FortiGate's CVE.
    const top = page.getByRole('table', { name: '優先度の高い脆弱性' });
    await top.getByRole('link', { name: CVE }).first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'vulns-01-overview');

    // From the device's line to its known-exploited findings, then the finding itself.
    await first.getByRole('link', { name: `${DEVICE}の脆弱性を見る` }).click();
    await page.getByRole('heading', { name: '脆弱性一覧', level: 1 }).waitFor();
    await expect.poll(() => new URL(page.url()).searchParams.get('kev')).toBe('1');
    const table = page.getByRole('table', { name: '脆弱性の一覧' });
    const row = table.getByRole('row').filter({ hasText: CVE });
    await row.waitFor();
    expect(await row.getByText('悪用確認済み').count()).toBe(1);
    expect(await row.getByText('ランサムウェアで悪用').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'vulns-02-findings');
    await row.getByRole('link', { name: CVE }).click();

    await page.getByRole('heading', { name: `${CVE}(${DEVICE})`, level: 1 }).waitFor();
    findingUrl = page.url();
    const status = page.getByRole('region', { name: '状態と対応期限' });
    await status.getByText('未対応', { exact: true }).waitFor();
    await page.getByRole('region', { name: '優先度の理由' }).getByText('実際の攻撃で悪用されていることが確認されています', { exact: false }).waitFor();
    await page.getByRole('region', { name: '検出の根拠' }).getByText('fortinet:fortios', { exact: false }).first().waitFor();
    // Only the executive accepts risks.
    expect(await page.getByRole('button', { name: 'リスクを受容する' }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'vulns-03-finding-open');

    await page.getByRole('button', { name: '対応中にする' }).click();
    const dialog = page.getByRole('dialog', { name: `${CVE}を対応中にする` });
    await dialog.getByRole('textbox', { name: 'コメント(任意)' }).fill('委託業者にファームウェア更新の日程を確認中');
    await dialog.getByRole('button', { name: '対応中にする' }).click();
    await dialog.waitFor({ state: 'detached' });
    await status.getByText('対応中', { exact: true }).waitFor();
    const history = page.getByRole('list', { name: '対応の履歴' });
    await history.getByText('未対応 → 対応中').waitFor();
    await history.getByText('委託業者にファームウェア更新の日程を確認中').waitFor();
    await page.context().close();
  });

  it('phone width: the overview and the finding read top to bottom', async () => {
    const page = await demo.login('it_staff', { width: 390 });
    await page.goto(`${demo.server.url}/vulns`);
    await page.getByRole('heading', { name: '悪用が確認された脆弱性を持つ機器', level: 2 }).waitFor();
    await page.getByRole('list', { name: '優先度の高い脆弱性' }).getByRole('link', { name: CVE }).first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'vulns-04-overview-390');
    await page.goto(findingUrl);
    await page.getByRole('heading', { name: `${CVE}(${DEVICE})`, level: 1 }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'vulns-05-finding-390');
    await page.context().close();
  });

  it('the security manager triages but cannot accept a risk', async () => {
    const page = await demo.login('security_manager');
    await page.goto(findingUrl);
    await page.getByRole('heading', { name: `${CVE}(${DEVICE})`, level: 1 }).waitFor();
    await page.getByRole('button', { name: '修正済みにする' }).waitFor();
    expect(await page.getByRole('button', { name: 'リスクを受容する' }).count()).toBe(0);
    await page.context().close();
  });

  it('the executive accepts the risk through the sign-off dialog; the finding shows リスク受容 with the signer', async () => {
    const page = await demo.login('executive');
    await page.goto(findingUrl);
    await page.getByRole('heading', { name: `${CVE}(${DEVICE})`, level: 1 }).waitFor();
    await page.getByRole('button', { name: 'リスクを受容する' }).click();
    const dialog = page.getByRole('dialog', { name: `${CVE}のリスク受容` });
    // Nothing can be signed before the executive ticks the sign-off.
    const review = dialog.getByRole('button', { name: '内容を確認する' });
    expect(await review.isDisabled()).toBe(true);
    await dialog.getByRole('textbox', { name: '受容の理由' }).fill('委託業者の機器更新が来月のため。それまで VPN は保守時のみ接続する。');
    const until = dialog.getByLabel('受容の期限');
    const max = await until.getAttribute('max');
    const min = await until.getAttribute('min');
    expect(max).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // One month ahead of the first allowed day.
    const [y, m, d] = (min ?? '').split('-').map(Number) as [number, number, number];
    const chosen = new Date(Date.UTC(y, m, Math.min(d, 28))).toISOString().slice(0, 10);
    await until.fill(chosen);
    await dialog.getByRole('checkbox', { name: '経営者としてこのリスクを受容します' }).check();
    expect(await review.isDisabled()).toBe(false);
    await shot(page, 'vulns-06-accept-dialog');
    expect(await axeViolations(page, '[role="dialog"]')).toEqual([]);
    await review.click();
    await dialog.getByText('この内容で署名しますか?').waitFor();
    await dialog.getByRole('button', { name: '署名してリスクを受容する' }).click();
    await dialog.waitFor({ state: 'detached' });

    const status = page.getByRole('region', { name: '状態と対応期限' });
    await status.getByText('リスク受容', { exact: true }).first().waitFor();
    const notice = await status.getByRole('alert').or(status.locator('.mantine-Alert-root')).first().textContent();
    expect(notice).toMatch(/incho@minato-hp\.example\.jp|港 一郎/);
    expect(notice).toContain('がリスクを受容しました');
    await page.getByRole('list', { name: '対応の履歴' }).getByText('対応中 → リスク受容').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'vulns-07-accepted');
    await page.context().close();
  });
});
