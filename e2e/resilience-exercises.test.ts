import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TMe } from '../src/shared/contracts/auth.contract.ts';
import type { ExerciseDetailDto, ExerciseDto, ExerciseRequirementDto } from '../src/shared/contracts/resilience-exercises.contract.ts';
import { formatFiscalYear, fiscalYearOf } from '../src/shared/dates.ts';
import { axeViolations, shot, TODAY, useDemoServer } from './support.ts';

/** JSON API calls with the signed-in page's session (and its CSRF token). */
async function apiCall<T>(page: Page, method: 'GET' | 'POST', url: string, data?: unknown): Promise<T> {
  const cookies = await page.context().cookies();
  const csrf = cookies.find((c) => c.name === 'mamori_csrf')?.value ?? '';
  const res = await page.request.fetch(url, { method, headers: { 'X-CSRF-Token': csrf, Accept: 'application/json' }, ...(data === undefined ? {} : { data }) });
  if (!res.ok()) throw new Error(`${method} ${url}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

async function shotTop(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, name);
}

const SCENARIO = '保守VPN経由のランサムウェアで電子カルテ停止';

/**
 * Exercises (訓練) in the browser (issue 7): the demo holds only last fiscal year's exercise, so this year's requirement
 * banner says 未達成; a tabletop exercise is registered through the form (scenario, today's date, departments as tags, a
 * timeline row, findings), then edited to 実施済み, and the banner says 達成; a follow-up action with an owner is added on
 * the exercise page; a second, planned exercise is deleted through the confirmation. Axe and screenshots at 1280 and 390 px.
 */
describe('exercises: the yearly requirement, record a tabletop exercise, follow up, delete', () => {
  const demo = useDemoServer();

  it('the security manager records this fiscal year’s exercise and meets the requirement', async () => {
    const page = await demo.login('security_manager');
    const base = demo.server.url;
    const me = await apiCall<TMe>(page, 'GET', `${base}/api/v1/me`);
    const facilityId = me.facilities.find((f) => f.roles.includes('security_manager'))?.facilityId ?? me.facilities[0]!.facilityId;
    const fy = formatFiscalYear(fiscalYearOf(new Date()), 'ja');
    const title = `電子カルテ停止を想定した机上訓練${Date.now() % 10_000}`;

    // No exercise this fiscal year yet (the demo's is last year's).
    await page.goto(`${base}/resilience/exercises`);
    await page.getByRole('heading', { level: 1, name: '訓練' }).waitFor();
    const banner = page.getByTestId('exercise-requirement');
    await banner.getByText(`${fy}の訓練要件: 未達成`).waitFor();
    await banner.getByText(`${fy}の訓練はまだ実施されていません`, { exact: false }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shotTop(page, 'resilience-exercises-01-not-met');

    // Register a tabletop exercise through the form.
    await banner.getByRole('button', { name: '訓練を計画する' }).click();
    const form = page.getByRole('dialog', { name: '訓練を登録' });
    await form.getByText('机上訓練', { exact: true }).click();
    expect(await form.getByRole('radio', { name: '机上訓練' }).isChecked()).toBe(true);
    await form.getByLabel('訓練名').fill(title);
    await form.getByLabel('想定シナリオ').fill(SCENARIO);
    await form.getByLabel('実施日').fill(TODAY);
    const departments = form.getByRole('textbox', { name: '参加部署' });
    for (const d of ['外来', '医療情報管理室']) {
      await departments.fill(d);
      await departments.press('Enter');
    }
    await form.getByRole('button', { name: '行を追加' }).click();
    await form.getByLabel('1行目の時刻').fill('09:30');
    await form.getByLabel('1行目の出来事').fill('病棟から電子カルテが開かないと連絡(想定)');
    await form.getByLabel('見つかった課題').fill('保守VPNの遮断手順を知る職員が1名しかいない');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'resilience-exercises-02-form');
    await form.getByRole('button', { name: '登録する' }).click();

    // The exercise page: planned, with the facts, the timeline and the finding.
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const exerciseId = new URL(page.url()).pathname.split('/').pop()!;
    const created = await apiCall<ExerciseDetailDto>(page, 'GET', `${base}/api/v1/exercises/${exerciseId}`);
    expect(created).toMatchObject({
      kind: 'tabletop',
      title,
      scenario: SCENARIO,
      status: 'planned',
      heldOn: TODAY,
      departments: ['外来', '医療情報管理室'],
      timeline: [{ at: '09:30', text: '病棟から電子カルテが開かないと連絡(想定)' }],
      findings: '保守VPNの遮断手順を知る職員が1名しかいない',
    });
    await page.getByRole('region', { name: '訓練の概要' }).getByText(SCENARIO).waitFor();
    await page.getByRole('region', { name: '経過' }).getByText('09:30').waitFor();

    // Mark it done.
    await page.getByRole('button', { name: '編集', exact: true }).click();
    const edit = page.getByRole('dialog', { name: '訓練を編集' });
    await edit.getByRole('textbox', { name: '状態' }).click();
    await page.getByRole('option', { name: '実施済み' }).click();
    await edit.getByRole('button', { name: '保存する' }).click();
    await edit.waitFor({ state: 'detached' });
    await page.getByRole('main').getByText('実施済み', { exact: true }).first().waitFor();

    // A follow-up action with an owner.
    await page.getByLabel('新しい対応アクション').fill('保守VPNの緊急遮断手順を手順書にする');
    await page.getByRole('textbox', { name: '担当者' }).click();
    await page.getByRole('option', { name: /情報 健太/ }).click();
    await page.getByRole('button', { name: '追加', exact: true }).click();
    const actions = page.getByTestId('follow-up-actions');
    const actionRow = actions.getByRole('row').filter({ hasText: '保守VPNの緊急遮断手順を手順書にする' });
    await actionRow.getByRole('link', { name: '保守VPNの緊急遮断手順を手順書にする' }).waitFor();
    await actions.getByRole('columnheader', { name: '担当者' }).waitFor();
    await actionRow.getByRole('cell', { name: /情報 健太/ }).waitFor();
    const done = await apiCall<ExerciseDetailDto>(page, 'GET', `${base}/api/v1/exercises/${exerciseId}`);
    expect(done.status).toBe('done');
    expect(done.actions.map((a) => [a.title, a.owner?.name])).toEqual([['保守VPNの緊急遮断手順を手順書にする', '情報 健太']]);
    expect(await axeViolations(page)).toEqual([]);
    await shotTop(page, 'resilience-exercises-03-page');

    // The banner turns to met.
    await page.getByRole('link', { name: '訓練の一覧へ' }).click();
    await banner.getByText(`${fy}の訓練要件: 達成`).waitFor();
    await banner.getByText(`${fy}の訓練は実施済みです`, { exact: false }).waitFor();
    const req = await apiCall<ExerciseRequirementDto>(page, 'GET', `${base}/api/v1/facilities/${facilityId}/exercises/requirement`);
    expect(req).toMatchObject({ met: true, done: 1, lastHeldOn: TODAY });
    const row = page.getByTestId('exercise-table').getByRole('row').filter({ hasText: title });
    await row.getByText('実施済み').waitFor();
    await row.getByText('未完了の対応アクション 1件').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shotTop(page, 'resilience-exercises-04-met');

    // A second, planned exercise is deleted through the confirmation.
    const planned = await apiCall<ExerciseDto>(page, 'POST', `${base}/api/v1/facilities/${facilityId}/exercises`, {
      kind: 'technical',
      title: 'テープからの復元を含む技術訓練',
      scenario: '電子カルテのデータベースをテープから復元する',
      status: 'planned',
      heldOn: `${fiscalYearOf(new Date()) + 1}-03-10`,
    });
    await page.goto(`${base}/resilience/exercises/${planned.id}`);
    await page.getByRole('heading', { level: 1, name: 'テープからの復元を含む技術訓練' }).waitFor();
    await page.getByRole('button', { name: '削除', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: '訓練を削除しますか' });
    await confirm.getByText('訓練「テープからの復元を含む技術訓練」を削除します。元に戻せません。').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'resilience-exercises-05-delete');
    await confirm.getByRole('button', { name: '削除', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '訓練' }).waitFor();
    await page.getByTestId('exercise-table').getByRole('link', { name: title }).waitFor();
    expect(await page.getByTestId('exercise-table').getByText('テープからの復元を含む技術訓練').count()).toBe(0);
    const gone = await page.request.get(`${base}/api/v1/exercises/${planned.id}`);
    expect(gone.status()).toBe(404);

    // On a phone: the exercise page and the list as cards.
    const phone = page;
    await phone.setViewportSize({ width: 390, height: 900 });
    await phone.goto(`${base}/resilience/exercises/${exerciseId}`);
    await phone.getByRole('heading', { level: 1, name: title }).waitFor();
    await phone.getByTestId('follow-up-actions').waitFor();
    expect(await axeViolations(phone)).toEqual([]);
    await shotTop(phone, 'resilience-exercises-06-phone-page');
    await phone.goto(`${base}/resilience/exercises`);
    await phone.getByTestId('exercise-requirement').getByText(`${fy}の訓練要件: 達成`).waitFor();
    const card = phone.getByRole('list', { name: '訓練の一覧' }).getByRole('listitem').filter({ hasText: title });
    await card.getByRole('link', { name: title }).waitFor();
    await card.getByText('未完了の対応アクション 1件').waitFor();
    expect(await axeViolations(phone)).toEqual([]);
    await shotTop(phone, 'resilience-exercises-07-phone-list');
    await phone.getByRole('button', { name: '訓練を登録' }).click();
    await phone.getByRole('dialog', { name: '訓練を登録' }).getByLabel('訓練名').waitFor();
    await shot(phone, 'resilience-exercises-08-phone-form');
    await phone.context().close();
  });
});
