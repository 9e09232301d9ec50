import { describe, expect, it } from 'vitest';
import { binderState, codeToCheck, fileNameFrom, sectionList } from './binder.ts';

describe('binder page helpers', () => {
  it('tells never generated, changed since, and current apart', () => {
    const last = { code: 'BND-20260401-ACDE', generatedAt: '2026-04-01T01:00:00.000Z', format: 'pdf' as const, by: 'x' };
    expect(binderState({ lastPrint: null, changedSinceLastPrint: false })).toBe('never');
    expect(binderState({ lastPrint: last, changedSinceLastPrint: true })).toBe('changed');
    expect(binderState({ lastPrint: last, changedSinceLastPrint: false })).toBe('current');
  });

  it('names changed sections in binder order, joined per language', () => {
    expect(sectionList(['backups', 'contacts'], 'ja')).toBe('連絡体制図・バックアップの保管場所と復旧方法');
    expect(sectionList(['backups', 'contacts'], 'en')).toBe('Contact chart, Where the backups are and how to restore them');
    expect(sectionList([], 'ja')).toBe('');
  });

  it('normalises a typed or scanned code; nothing to check when empty', () => {
    expect(codeToCheck(' bnd 20260401 acde ')).toBe('BND-20260401-ACDE');
    expect(codeToCheck('20260401-ACDE')).toBe('BND-20260401-ACDE');
    expect(codeToCheck('')).toBeNull();
    expect(codeToCheck(null)).toBeNull();
  });

  it('reads the download name from Content-Disposition (filename* first)', () => {
    expect(fileNameFrom(`attachment; filename="binder.pdf"; filename*=UTF-8''%E7%B7%8A%E6%80%A5.pdf`, 'x.pdf')).toBe('緊急.pdf');
    expect(fileNameFrom('attachment; filename="binder-BND-1.html"', 'x.html')).toBe('binder-BND-1.html');
    expect(fileNameFrom(null, 'x.pdf')).toBe('x.pdf');
    expect(fileNameFrom('inline', 'x.pdf')).toBe('x.pdf');
  });
});
