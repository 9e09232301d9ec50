import { describe, expect, it } from 'vitest';
import i18n from '../../../i18n/index.ts';
import { notificationMessage } from '../../notifications/notifications.ts';

/** The bell's sentences for the incident kinds (on-call alerts and the legal clocks), from the params the server sends. */
const t = i18n.getFixedT('ja');
const tEn = i18n.getFixedT('en');
const date = (d: string) => d.slice(0, 10).replaceAll('-', '/');

describe('incident notifications in the bell', () => {
  it('on-call alert: first call and escalated', () => {
    const params = { facility: 'みなと総合病院', summary: '電子カルテ端末に脅迫文', position: 1, escalated: 0, alertId: 'a1' };
    expect(notificationMessage(t, { kind: 'incident_alert', params }, date)).toBe(
      'みなと総合病院で「インシデントかも?」の報告があり、あなたに連絡しています: 電子カルテ端末に脅迫文。内容を確認して「確認しました」を押してください。',
    );
    expect(notificationMessage(t, { kind: 'incident_alert', params: { ...params, escalated: 1 } }, date)).toMatch(/前の人が応答しないため/);
    expect(notificationMessage(tEn, { kind: 'incident_alert', params: {} }, date)).toMatch(/^Someone reported/);
  });

  it('nobody answered: an empty chain, or the whole chain', () => {
    expect(notificationMessage(t, { kind: 'incident_alert_unanswered', params: { facility: 'みなと総合病院', summary: 'X', reason: 'no_contacts' } }, date)).toMatch(/院内の連絡順が空のため/);
    expect(notificationMessage(t, { kind: 'incident_alert_unanswered', params: { facility: 'みなと総合病院', summary: 'X', count: 4, reason: 'chain_exhausted' } }, date)).toBe(
      'みなと総合病院の「インシデントかも?」の報告に、連絡順の4人のだれも応答していません: X。電話で直接連絡してください。',
    );
  });

  it('legal clocks: the rule label in the UI language, the due date', () => {
    const params = { caseNumber: 'INC-2026-0001', caseTitle: 'ランサムウェア', labelJa: '個人情報保護委員会への速報', labelEn: 'Preliminary report to the PPC', dueAt: '2026-11-27T14:59:59.999Z', threshold: 80 };
    expect(notificationMessage(t, { kind: 'incident.clock_80', params }, date)).toBe('案件INC-2026-0001の「個人情報保護委員会への速報」: 期限(2026/11/27)が迫っています(8割が経過)。');
    expect(notificationMessage(tEn, { kind: 'incident.clock_overdue', params }, date)).toBe(
      'Case INC-2026-0001, "Preliminary report to the PPC": the deadline (2026/11/27) has passed. Record the filing in the case once made.',
    );
    expect(notificationMessage(t, { kind: 'incident.clock_50', params: {} }, date)).toBe('インシデントの報告期限が近づいています。案件を確認してください。');
  });
});
