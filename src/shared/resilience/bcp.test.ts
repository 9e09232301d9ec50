import { describe, expect, it } from 'vitest';
import {
  BCP_CHECKLIST_ITEMS,
  BCP_REQUIRED_SECTIONS,
  BCP_SECTIONS,
  BCP_STEPS,
  bcpChecklistProgress,
  bcpCompleteness,
  bcpReviewDueOn,
  bcpReviewOverdue,
  bcpVersionLabel,
  defaultBcpContent,
  fillBcpMessage,
  parseBcpContent,
  ZBcpContent,
  type BcpContent,
} from './bcp.ts';

/** A draft with every required section written. */
function completeContent(): BcpContent {
  const c = defaultBcpContent('みなと総合病院');
  c.command.place = '本館2階 会議室';
  c.departments = c.departments.map((d) => ({ ...d, paperProcedure: `${d.name}は紙の伝票で運用する` }));
  c.recovery = [{ assetId: null, systemName: '電子カルテ', procedure: 'クリーンなバックアップから復元する', owner: '情報システム課', vendorIds: [], prerequisites: '' }];
  return c;
}

describe('the BCP content', () => {
  it('has four to six 確認表 items per step with unique ids and both languages', () => {
    const ids = new Set(BCP_CHECKLIST_ITEMS.map((i) => i.id));
    expect(ids.size).toBe(BCP_CHECKLIST_ITEMS.length);
    for (const step of BCP_STEPS) {
      const n = BCP_CHECKLIST_ITEMS.filter((i) => i.step === step).length;
      expect(n).toBeGreaterThanOrEqual(4);
      expect(n).toBeLessThanOrEqual(6);
    }
    for (const i of BCP_CHECKLIST_ITEMS) expect(i.ja && i.en && i.id.startsWith(`${i.step}.`)).toBeTruthy();
  });

  it('starts from a useful Japanese draft: departments, triggers, four message templates', () => {
    const c = defaultBcpContent('みなと総合病院');
    expect(c.departments.map((d) => d.name)).toEqual(['外来', '病棟(紙カルテ運用)', '検査', '放射線', '薬剤', '会計', '給食', '地域連携']);
    expect(c.triggers.map((t) => t.text)).toContain('電子カルテが30分以上使えず、復旧の見込みが立たない');
    expect(c.messages.map((m) => m.audience)).toEqual(['patients', 'staff', 'press', 'partners']);
    expect(c.basics.purpose).toContain('みなと総合病院');
    expect(c.basics.reviewCycleMonths).toBe(12);
    // The draft is NOT complete: the paper procedures and recovery procedures are the hospital's own work.
    const done = bcpCompleteness(c);
    expect(done.complete).toBe(false);
    expect(done.missingRequired).toEqual(['command', 'departments', 'recovery']);
  });

  it('parses old or broken stored content into a full object with defaults', () => {
    expect(parseBcpContent('not json')).toEqual(ZBcpContent.parse({}));
    const old = parseBcpContent(JSON.stringify({ triggers: [{ text: 'x' }], departments: [{ name: '外来' }] }));
    expect(old.departments[0]).toEqual({ name: '外来', stops: '', paperProcedure: '', materials: '', owner: '', onRecovery: '' });
    expect(old.basics.reviewCycleMonths).toBe(12);
    expect(old.checklist).toEqual({});
  });

  it('fills the placeholders of a message', () => {
    expect(fillBcpMessage('{施設名}では{発生日時}から障害が発生しています。{施設名}', { facilityName: 'みなと総合病院', occurredAt: '11月24日 9時' })).toBe(
      'みなと総合病院では11月24日 9時から障害が発生しています。みなと総合病院',
    );
    expect(bcpVersionLabel(3, 'ja')).toBe('第3版');
    expect(bcpVersionLabel(3, 'en')).toBe('Version 3');
  });
});

describe('bcpCompleteness', () => {
  it('is complete when every required section is filled; the 確認表 only reports progress', () => {
    const r = bcpCompleteness(completeContent());
    expect(r.complete).toBe(true);
    expect(r.missingRequired).toEqual([]);
    expect(r.sections.map((s) => s.section)).toEqual([...BCP_SECTIONS]);
    expect(r.sections.filter((s) => s.required).map((s) => s.section)).toEqual([...BCP_REQUIRED_SECTIONS]);
    const checklist = r.sections.find((s) => s.section === 'checklist')!;
    expect(checklist).toMatchObject({ status: 'missing', required: false });
    expect(checklist.sentence.ja).toBe(`確認表: ${BCP_CHECKLIST_ITEMS.length}項目中${BCP_CHECKLIST_ITEMS.length}項目が未確認です`);
    expect(r.sections.find((s) => s.section === 'basics')!.sentence).toEqual({ ja: '基本方針: 記入済みです', en: 'Basics: complete' });
  });

  it('names what is missing, section by section', () => {
    const c = completeContent();
    c.basics.scope = ' ';
    c.triggers = [{ text: '' }];
    c.command.lead = '';
    c.command.howCalled = '';
    c.departments[4]!.paperProcedure = '';
    c.departments[6]!.paperProcedure = '';
    c.recovery.push({ assetId: null, systemName: 'PACS', procedure: '', owner: '', vendorIds: [], prerequisites: '' });
    c.messages = c.messages.filter((m) => m.audience !== 'press');
    const r = bcpCompleteness(c);
    const by = Object.fromEntries(r.sections.map((s) => [s.section, s]));
    expect(r.complete).toBe(false);
    expect(r.missingRequired).toEqual(['basics', 'triggers', 'command', 'departments', 'recovery', 'messages']);
    expect(by.basics).toMatchObject({ status: 'partial', sentence: { ja: '基本方針: 対象範囲が未記入です' } });
    expect(by.triggers).toMatchObject({ status: 'missing', sentence: { ja: '発動基準: 発動の条件が1つもありません' } });
    expect(by.command).toMatchObject({ status: 'partial', sentence: { ja: '指揮命令系統: 対策本部長・招集方法が未記入です', en: 'Command structure: the head of the response, how members are called are missing' } });
    expect(by.departments).toMatchObject({ status: 'partial', sentence: { ja: '部門別の紙運用(ダウンタイム): 薬剤・給食の紙運用の手順が未記入です' } });
    expect(by.recovery).toMatchObject({ status: 'partial', sentence: { ja: 'システム別の復旧手順: PACSの復旧手順が未記入です' } });
    expect(by.messages).toMatchObject({ status: 'partial', sentence: { ja: '連絡文例: 報道機関向けの文例がありません' } });
  });

  it('reports an empty plan as missing everywhere', () => {
    const r = bcpCompleteness(ZBcpContent.parse({}));
    expect(r.sections.every((s) => s.status === 'missing')).toBe(true);
    expect(r.missingRequired).toEqual([...BCP_REQUIRED_SECTIONS]);
  });

  it('counts the checked 確認表 items per step and ignores unknown ids', () => {
    const c = completeContent();
    c.checklist = { 'normal.backup_table': { checked: true, note: '' }, 'detection.signs': { checked: true, note: '研修済み' }, 'normal.exercise': { checked: false, note: '' }, 'made.up': { checked: true, note: '' } };
    const p = bcpChecklistProgress(c);
    expect(p.checked).toBe(2);
    expect(p.steps.find((s) => s.step === 'normal')).toEqual({ step: 'normal', checked: 1, total: 6 });
    expect(p.steps.find((s) => s.step === 'detection')!.checked).toBe(1);
    c.checklist = Object.fromEntries(BCP_CHECKLIST_ITEMS.map((i) => [i.id, { checked: true, note: '' }]));
    expect(bcpCompleteness(c).sections.find((s) => s.section === 'checklist')!.status).toBe('filled');
  });
});

describe('the review date', () => {
  it('is the approval day (JST) plus the cycle, minus one day', () => {
    expect(bcpReviewDueOn('2026-04-01T01:00:00Z')).toBe('2027-03-31');
    // 2026-03-31 20:00 UTC is already 1 April in Japan.
    expect(bcpReviewDueOn('2026-03-31T20:00:00Z')).toBe('2027-03-31');
    expect(bcpReviewDueOn('2026-01-31T03:00:00Z', 1)).toBe('2026-02-27');
    expect(bcpReviewDueOn('2024-02-29T03:00:00Z', 12)).toBe('2025-02-27');
    expect(bcpReviewDueOn('2026-06-15T03:00:00Z', 6)).toBe('2026-12-14');
    expect(bcpReviewOverdue('2027-03-31', '2027-03-31')).toBe(false);
    expect(bcpReviewOverdue('2027-03-31', '2027-04-01')).toBe(true);
  });
});
