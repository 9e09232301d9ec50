import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, shot, useDemoServer } from './support.ts';


const HEADER = '資産名,資産番号,種別,メーカー,製品名,バージョン,IPアドレス,ネットワーク区分,設置場所,重要度,外部公開,備考';
const ROWS = [
  'E2E取込 検体検査端末,E2E-IMP-001,端末PC,NEC,Mate,23H2,10.10.99.11,電子カルテ系,本館2F 検査科,3,いいえ,',
  'E2E取込 透析サーバ,E2E-IMP-002,サーバ,Fujitsu,PRIMERGY,2.1,10.20.99.12,部門系,本館3F 透析室,2,いいえ,',
];

/** The import wizard: a file with an error → the row/column sentence, 取り込む disabled → the fixed file → imported. */
describe('ledger import wizard in the browser', () => {
  const demo = useDemoServer();
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mamori-import-'));
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('IT staff: bad IP → error with row and column, import disabled → fixed file → imported and listed', async () => {
    const bad = path.join(dir, '台帳_誤り.csv');
    const good = path.join(dir, '台帳.csv');
    fs.writeFileSync(bad, `\uFEFF${HEADER}\r\n${ROWS[0]}\r\n${ROWS[1]!.replace('10.20.99.12', '10.20.99.300')}\r\n`);
    fs.writeFileSync(good, `\uFEFF${HEADER}\r\n${ROWS.join('\r\n')}\r\n`);

    const page = await demo.login('it_staff');
    await page.goto(`${demo.server.url}/ledger/assets`);
    await page.getByRole('heading', { name: '資産', level: 1 }).waitFor();

    // Export links follow the UI language.
    const csvLink = page.getByRole('link', { name: 'CSVで出力' });
    expect(await csvLink.getAttribute('href')).toMatch(/\/assets\/export\?format=csv&lang=ja$/);
    expect(await page.getByRole('link', { name: 'Excelで出力' }).getAttribute('href')).toMatch(/format=xlsx&lang=ja$/);

    await page.getByRole('button', { name: 'Excel/CSVから取り込む' }).click();
    const dialog = page.getByRole('dialog', { name: 'Excel・CSV から資産を取り込む' });
    await dialog.waitFor();
    expect(await dialog.getByRole('link', { name: 'テンプレート(Excel)' }).getAttribute('href')).toMatch(/\/assets\/template\?format=xlsx&lang=ja$/);

    // A file with a bad address: the sentence names the row and the column; nothing can be imported.
    await dialog.locator('input[type="file"]').setInputFiles(bad);
    await dialog.getByText('1件のエラーがあります').waitFor();
    const errors = dialog.getByRole('table', { name: 'エラーの一覧' });
    await errors.getByText('3行目『IPアドレス』: 10.20.99.300 は正しいIPアドレスではありません').waitFor();
    expect(await errors.getByRole('cell', { name: '3', exact: true }).count()).toBe(1);
    expect(await dialog.getByRole('button', { name: '取り込む' }).isDisabled()).toBe(true);
    // Only the open dialog: the page behind it is inert and dimmed.
    expect(await axeViolations(page, '[role="dialog"]')).toEqual([]);
    await shot(page, 'ledger-import-01-errors');

    // The fixed file: no errors, two new assets; import.
    await dialog.locator('input[type="file"]').setInputFiles(good);
    await dialog.getByText('エラーはありません').waitFor();
    await dialog.getByText('新規 2件').waitFor();
    const commit = dialog.getByRole('button', { name: '取り込む' });
    expect(await commit.isEnabled()).toBe(true);
    await shot(page, 'ledger-import-02-preview');
    await commit.click();
    await dialog.getByText('新規 2件、更新 0件、変更なし 0件。').waitFor();
    await dialog.getByRole('button', { name: '閉じる' }).last().click();
    await dialog.waitFor({ state: 'detached' });

    // Listed.
    await page.getByRole('searchbox', { name: '検索' }).fill('E2E取込');
    const table = page.getByRole('table', { name: '資産の一覧' });
    await table.getByText('E2E取込 検体検査端末').waitFor();
    await table.getByText('E2E取込 透析サーバ').waitFor();
    await expect.poll(() => table.getByRole('row').count()).toBe(3);
    await shot(page, 'ledger-import-03-listed');
    await page.context().close();
  });
});
