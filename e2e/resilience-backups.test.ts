import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TMe } from '../src/shared/contracts/auth.contract.ts';
import type { TAsset } from '../src/shared/contracts/ledger.contract.ts';
import type { BackupPlanDto } from '../src/shared/contracts/resilience-backups.contract.ts';
import { axeViolations, shot, useDemoServer } from './support.ts';

/** JSON API calls with the signed-in page's session (and its CSRF token). */
async function apiCall<T>(page: Page, method: 'GET' | 'POST', url: string, data?: unknown): Promise<{ status: number; body: T }> {
  const cookies = await page.context().cookies();
  const csrf = cookies.find((c) => c.name === 'mamori_csrf')?.value ?? '';
  const res = await page.request.fetch(url, { method, headers: { 'X-CSRF-Token': csrf, Accept: 'application/json' }, ...(data === undefined ? {} : { data }) });
  const text = await res.text();
  return { status: res.status(), body: (text ? JSON.parse(text) : null) as T };
}
async function apiOk<T>(page: Page, method: 'GET' | 'POST', url: string, data?: unknown): Promise<T> {
  const r = await apiCall<T>(page, method, url, data);
  if (r.status >= 300) throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function shotTop(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, name);
}

const DAY = 86_400_000;
/** "YYYY-MM-DD HH:mm" in JST, as a CSV of the backup software would write it. */
const jstCsv = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/**
 * Backups in the browser: a critical system whose offline tape copy last succeeded ten days ago shows up at the top as
 * a sentence with its next step; a second copy added through the form makes the "one method" finding go; recording a
 * result from the problem list makes the stale sentence go; a CSV with a bad row is refused with the row and column named,
 * a good one is imported; the plan page retires (with undo) and deletes a wrong run; the page on a phone.
 */
describe('backups: problems, plans, results, CSV import', () => {
  const demo = useDemoServer();
  const SYSTEM = 'E2E 透析管理システム';
  const TAPE_JOB = 'E2E-DIALYSIS-TAPE';

  it('security manager fixes the backup problems of a critical system', async () => {
    const page = await demo.login('security_manager');
    const base = demo.server.url;
    const me = await apiOk<TMe>(page, 'GET', `${base}/api/v1/me`);
    const facilityId = me.facilities.find((f) => f.roles.includes('security_manager'))?.facilityId ?? me.facilities[0]!.facilityId;
    const asset = await apiOk<TAsset>(page, 'POST', `${base}/api/v1/facilities/${facilityId}/assets`, { name: SYSTEM, type: 'server', criticality: 1 });
    const tape = await apiOk<BackupPlanDto>(page, 'POST', `${base}/api/v1/facilities/${facilityId}/backup-plans`, {
      assetId: asset.id,
      label: 'E2E 透析 週次テープ',
      scopes: ['data', 'system_image'],
      medium: 'tape',
      disconnected: true,
      generations: 8,
      everyDays: 1,
      location: 'off_site',
      storagePlace: '院外倉庫',
      runBy: 'staff',
      externalKey: TAPE_JOB,
      restoreProcedure: '1. テープを取り出す\n2. 復元サーバで読み込む',
    });
    // Its last success ten days ago: stale.
    const old = Date.now() - 10 * DAY;
    await apiOk(page, 'POST', `${base}/api/v1/backup-plans/${tape.id}/runs`, { startedAt: new Date(old).toISOString(), finishedAt: new Date(old + 3_600_000).toISOString(), status: 'success' });

    // The top of the page: the stale offline copy and the single method, as sentences with their next steps.
    await page.getByRole('navigation').getByRole('link', { name: 'バックアップ', exact: true }).click();
    await page.getByRole('heading', { name: 'バックアップ', level: 1 }).waitFor();
    const problems = page.getByTestId('backup-problems');
    // An offline copy that stopped succeeding comes first, before the systems without any plan.
    const stale = problems.getByTestId('backup-problem').filter({ hasText: new RegExp(`${SYSTEM}のオフラインバックアップが\\d+日間成功していません`) });
    await stale.waitFor();
    expect(await problems.getByTestId('backup-problem').first().innerText()).toMatch(/オフラインバックアップが\d+日間成功していません/);
    await shotTop(page, 'resilience-backups-01-problems');
    // A long list (the demo hospital has many systems without a plan) is folded after ten.
    const more = page.getByRole('button', { name: /^残り\d+件も表示$/ });
    while ((await more.count()) > 0) await more.first().click();
    const single = problems.getByTestId('backup-problem').filter({ hasText: `${SYSTEM}: バックアップの方法が1つ(テープ)だけです` });
    await single.waitFor();
    await stale.getByRole('button', { name: '結果を記録する' }).waitFor();
    await single.getByRole('button', { name: '計画を追加する' }).waitFor();
    // The systems table names the copy as offline in words.
    const systems = page.getByRole('region', { name: '重要なシステムとバックアップ' });
    await systems.getByRole('row').filter({ hasText: SYSTEM }).getByText('オフラインあり(1)').waitFor();
    expect(await page.title()).toBe('バックアップ | mamori');
    expect(await axeViolations(page)).toEqual([]);

    // Add a second copy from the finding's next step: the system is already chosen. Missing medium → error at the field.
    await single.getByRole('button', { name: '計画を追加する' }).click();
    const dialog = page.getByRole('dialog', { name: 'バックアップ計画を追加' });
    expect(await dialog.getByRole('textbox', { name: 'システム' }).inputValue()).toBe(SYSTEM);
    await dialog.getByRole('textbox', { name: '名前' }).fill('E2E 透析 日次NAS');
    await dialog.getByRole('button', { name: '追加する' }).click();
    await dialog.getByText('入力内容を確認してください').waitFor();
    expect(await dialog.getByRole('textbox', { name: '保存先(媒体)' }).getAttribute('aria-invalid')).toBe('true');
    await dialog.getByRole('textbox', { name: '保存先(媒体)' }).click();
    await page.getByRole('option', { name: 'テープ' }).click();
    // Tape counts as offline only when disconnected: the help says so and the verdict follows the switch.
    await dialog.getByText('つないだままでは、ランサムウェアがほかのディスクと同じように暗号化します', { exact: false }).waitFor();
    await dialog.getByText('この設定では、オフラインバックアップとして数えません', { exact: false }).waitFor();
    await dialog.getByRole('switch', { name: '取得後に切り離して保管する' }).check({ force: true });
    await dialog.getByText('この設定では、オフラインバックアップとして数えます。').waitFor();
    await dialog.getByRole('textbox', { name: '保存先(媒体)' }).click();
    await page.getByRole('option', { name: 'NAS' }).click();
    await dialog.getByRole('textbox', { name: '取得のタイミング' }).fill('毎日 2:00');
    await dialog.getByRole('textbox', { name: '復旧手順' }).fill('NASの管理画面から前日分を選び、復元する');
    await shot(page, 'resilience-backups-02-form');
    await dialog.getByRole('button', { name: '追加する' }).click();

    // The new plan's page: never succeeded yet; record a result by hand.
    await page.getByRole('heading', { name: 'E2E 透析 日次NAS', level: 1 }).waitFor();
    await page.getByTestId('backup-plan-freshness').getByText(`${SYSTEM}のバックアップは一度も成功していません`).waitFor();
    await page.getByRole('main').getByRole('button', { name: '結果を記録', exact: true }).first().click();
    const run = page.getByRole('dialog', { name: /^結果を記録/ });
    await run.getByRole('textbox', { name: 'サイズ' }).fill('12 GB');
    await run.getByRole('button', { name: '記録する' }).click();
    await page.getByTestId('backup-plan-freshness').getByText(new RegExp(`${SYSTEM}のバックアップは\\d+年\\d+月\\d+日に成功しています`)).waitFor();
    const runs = page.getByTestId('backup-runs');
    await runs.getByRole('row').filter({ hasText: '手入力' }).getByText('12 GB').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shotTop(page, 'resilience-backups-03-plan');

    // A wrong entry: record a failed run, then delete it after the confirmation.
    await page.getByRole('main').getByRole('button', { name: '結果を記録', exact: true }).first().click();
    // The same start as a recorded run is refused at the field; an earlier start is accepted.
    await run.getByRole('radio', { name: '失敗', exact: true }).check();
    await run.getByRole('button', { name: '記録する' }).click();
    await run.getByText('この計画には、同じ開始日時の結果がすでに記録されています。').waitFor();
    const earlier = Date.now() - 5 * 3_600_000;
    await run.getByLabel('開始日時').fill(jstCsv(earlier).replace(' ', 'T'));
    await run.getByLabel('終了日時').fill(jstCsv(earlier + 600_000).replace(' ', 'T'));
    await run.getByRole('textbox', { name: 'メッセージ' }).fill('E2E 誤入力');
    await run.getByRole('button', { name: '記録する' }).click();
    const wrong = runs.getByRole('row').filter({ hasText: 'E2E 誤入力' });
    await wrong.waitFor();
    await wrong.getByRole('button', { name: /の結果を削除$/ }).click();
    const confirm = page.getByRole('dialog', { name: '結果を削除しますか' });
    await confirm.getByRole('button', { name: '削除' }).click();
    await wrong.waitFor({ state: 'detached' });

    // Retire, then undo from the notification.
    await page.getByRole('main').getByRole('button', { name: '廃止する' }).click();
    await page.getByRole('dialog', { name: '計画を廃止しますか' }).getByRole('button', { name: '廃止する' }).click();
    await page.getByText('に廃止した計画です', { exact: false }).waitFor();
    await page.getByRole('button', { name: '元に戻す' }).click();
    await page.getByText('「E2E 透析 日次NAS」を再開しました。').waitFor();
    await page.getByText('に廃止した計画です', { exact: false }).waitFor({ state: 'detached' });

    // Back on the list: a second method now, so that finding is gone; record the tape's result from its problem.
    await page.getByRole('link', { name: 'バックアップの一覧に戻る' }).click();
    await page.getByRole('heading', { name: 'バックアップ', level: 1 }).waitFor();
    await stale.waitFor();
    expect(await single.count()).toBe(0);
    await stale.getByRole('button', { name: '結果を記録する' }).click();
    await page.getByRole('dialog', { name: `結果を記録: ${SYSTEM}` }).getByRole('button', { name: '記録する' }).click();
    await stale.waitFor({ state: 'detached' });

    // CSV import: a file with an unknown job is refused, naming the row and the column; a good file is imported.
    await page.getByRole('button', { name: 'CSVで結果を取り込む' }).click();
    const imp = page.getByRole('dialog', { name: 'バックアップ結果をCSVで取り込む' });
    const t1 = Date.now() - 3 * DAY;
    const t2 = Date.now() - 2 * DAY;
    const header = 'ジョブ名,開始日時,終了日時,結果,バイト数,メッセージ';
    const good1 = `${TAPE_JOB},${jstCsv(t1)},${jstCsv(t1 + 3_600_000)},成功,1073741824,OK`;
    const good2 = `${TAPE_JOB},${jstCsv(t2)},${jstCsv(t2 + 3_600_000)},一部失敗,,1 file skipped`;
    const bad = `NO-SUCH-JOB,${jstCsv(t2)},${jstCsv(t2 + 3_600_000)},成功,,`;
    const input = imp.locator('input[type="file"]');
    await input.setInputFiles({ name: 'results-bad.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\n${good1}\n${bad}\n`, 'utf8') });
    const alert = imp.getByRole('alert').filter({ hasText: '取り込めない行があります' });
    await alert.waitFor();
    await alert.getByText(/3行目・ジョブ名: このジョブ名「NO-SUCH-JOB」の計画がありません/).waitFor();
    expect(await imp.getByRole('button', { name: '取り込む', exact: true }).isDisabled()).toBe(true);
    await imp.getByRole('button', { name: 'バックアップソフトから自動送信する' }).click();
    await imp.getByText('/api/v1/backup-results', { exact: false }).first().waitFor();
    await imp.getByText('Bearer YOUR_API_TOKEN', { exact: false }).waitFor();
    await imp.getByRole('link', { name: 'APIトークンを発行する' }).waitFor();
    expect(await axeViolations(page, '[role="dialog"]')).toEqual([]);
    await shot(page, 'resilience-backups-04-import-error');
    await input.setInputFiles({ name: 'results.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\n${good1}\n${good2}\n`, 'utf8') });
    await imp.getByText('新規 2件').waitFor();
    await imp.getByRole('button', { name: '取り込む', exact: true }).click();
    await imp.getByText('新しく2件を記録しました。0件は記録済みでした。').waitFor();
    await imp.getByRole('button', { name: '閉じる' }).last().click();

    // The same file again: both rows are already recorded.
    await page.getByRole('button', { name: 'CSVで結果を取り込む' }).click();
    await imp.locator('input[type="file"]').setInputFiles({ name: 'results.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\n${good1}\n${good2}\n`, 'utf8') });
    await imp.getByText('記録済み 2件').waitFor();
    await imp.getByText('新しく記録する結果はありません', { exact: false }).waitFor();
    await imp.getByRole('button', { name: 'キャンセル' }).click();

    // Filters live in the URL: offline copies of this system only.
    await page.goto(`${base}/resilience/backups?assetId=${asset.id}&offline=true`);
    const table = page.getByRole('table', { name: 'バックアップ計画の一覧' });
    await table.getByRole('link', { name: 'E2E 透析 週次テープ' }).waitFor();
    expect(await table.getByRole('link', { name: 'E2E 透析 日次NAS' }).count()).toBe(0);

    // The dashboard card (when the summary endpoint is there).
    const summary = await apiCall(page, 'GET', `${base}/api/v1/facilities/${facilityId}/resilience/summary`);
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: 'ダッシュボード', level: 1 }).waitFor();
    if (summary.status === 200) {
      const card = page.getByTestId('resilience-card');
      await card.getByRole('heading', { name: '備え' }).waitFor();
      await card.getByRole('link', { name: 'バックアップを開く' }).waitFor();
      expect(await axeViolations(page, '[data-testid="resilience-card"]')).toEqual([]);
      await shotTop(page, 'resilience-backups-05-dashboard');
    }
    await page.context().close();
  });

  it('works on a phone (IT staff)', async () => {
    const page = await demo.login('it_staff', { width: 390 });
    const base = demo.server.url;
    await page.goto(`${base}/resilience/backups`);
    await page.getByRole('heading', { name: 'バックアップ', level: 1 }).waitFor();
    await page.getByRole('list', { name: 'バックアップ計画の一覧' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
    await shotTop(page, 'resilience-backups-06-phone');
    await page.getByRole('list', { name: 'バックアップ計画の一覧' }).getByRole('link').first().click();
    await page.getByTestId('backup-plan-freshness').waitFor();
    await shotTop(page, 'resilience-backups-07-phone-plan');
    await page.context().close();
  });
});
