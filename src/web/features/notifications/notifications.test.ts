import { describe, expect, it } from 'vitest';
import i18n from '../../i18n/index.ts';
import { NOTIFICATION_KINDS } from '../../../shared/vulns/domain.ts';
import { notificationMessage, safeLink } from './notifications.ts';

const t = i18n.getFixedT('ja');
const tEn = i18n.getFixedT('en');
const date = (d: string) => d.replaceAll('-', '/');

describe('notification messages', () => {
  it('names the finding of a single escalation: overdue days, or untouched', () => {
    const overdue = { vulnId: 'CVE-2018-13379', asset: '給食委託業者 VPN装置', dueOn: '2026-11-01', reason: 'overdue', overdueDays: 9, level: 1, findingId: 'f1' };
    expect(notificationMessage(t, { kind: 'vuln.escalated_manager', params: overdue }, date)).toBe(
      '給食委託業者 VPN装置のCVE-2018-13379が対応期限(2026/11/01)を9日過ぎています。対応状況を確認してください。',
    );
    expect(notificationMessage(t, { kind: 'vuln.escalated_executive', params: { ...overdue, reason: 'untouched', overdueDays: 0 } }, date)).toMatch(/^棚上げ: 給食委託業者 VPN装置のCVE-2018-13379に長い間/);
    expect(notificationMessage(tEn, { kind: 'vuln.escalated_manager', params: { ...overdue, overdueDays: 1 } }, date)).toBe(
      'CVE-2018-13379 on 給食委託業者 VPN装置 is 1 day past its deadline (2026/11/01). Check on it.',
    );
  });

  it('words a batch escalation by its count', () => {
    expect(notificationMessage(t, { kind: 'vuln.escalated_executive', params: { level: 2, count: 5, overdue: 4, untouched: 1 } }, date)).toBe('棚上げになっている脆弱性が5件あります(うち期限超過4件)。判断が必要です。');
    expect(notificationMessage(tEn, { kind: 'vuln.escalated_manager', params: { level: 1, count: 5, overdue: 5, untouched: 0 } }, date)).toBe('5 findings are falling behind (5 overdue).');
  });

  it('new KEV (assetName from the engine) and an expired acceptance', () => {
    expect(notificationMessage(t, { kind: 'vuln.new_kev', params: { vulnId: 'CVE-2024-21762', assetName: 'FortiGate' } }, date)).toBe('FortiGateのCVE-2024-21762が、悪用が確認された脆弱性(KEV)に追加されました。');
    expect(notificationMessage(t, { kind: 'vuln.accept_expired', params: { vulnId: 'CVE-1', asset: 'PACS', acceptedUntil: '2026-12-31', acceptedBy: 'incho' } }, date)).toBe(
      'PACSのCVE-1のリスク受容が期限(2026/12/31)を迎え、未対応に戻りました。',
    );
  });

  it('falls back to a general sentence when params are missing, for every kind', () => {
    for (const kind of NOTIFICATION_KINDS) {
      for (const tt of [t, tEn]) {
        const text = notificationMessage(tt, { kind, params: {} }, date);
        expect(text).not.toMatch(/\{\{|undefined|notifications\./);
      }
    }
  });

  it('follows only in-app links', () => {
    expect(safeLink('/vulns/findings/abc')).toBe('/vulns/findings/abc');
    expect(safeLink('//evil.example/x')).toBeNull();
    expect(safeLink('https://evil.example/')).toBeNull();
    expect(safeLink(null)).toBeNull();
  });
});

describe('notifications of actions and vendor sheets', () => {
  const tJa = i18n.getFixedT('ja');
  const day = (d: string) => d;
  it('words the owner, submitted, returned and accepted notices, with a general sentence when params are missing', () => {
    expect(notificationMessage(tJa, { kind: 'action.assigned', params: { title: 'バックアップ手順の見直し', dueOn: '2026-03-31' } }, day)).toBe('対応アクション「バックアップ手順の見直し」の担当者になりました(期限 2026-03-31)。');
    expect(notificationMessage(tJa, { kind: 'action.assigned', params: {} }, day)).toBe('対応アクションの担当者になりました。');
    expect(notificationMessage(tJa, { kind: 'assessment.vendor_submitted', params: { vendor: '港メディカル' } }, day)).toMatch(/^港メディカルが事業者確認用チェックリストの回答を提出しました/);
    expect(notificationMessage(tJa, { kind: 'assessment.vendor_returned', params: { facility: 'みなと総合病院', reason: '2③の目標日がありません' } }, day)).toContain('2③の目標日がありません');
    expect(notificationMessage(tJa, { kind: 'assessment.vendor_accepted', params: {} }, day)).toBe('事業者確認用チェックリストの回答が受理されました。');
  });
});
