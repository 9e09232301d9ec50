import { describe, expect, it } from 'vitest';
import { disagreementSentence, placeholders, reason, reasonText, reasonTone, renderReason, RULE_REASON_TEXT } from './reasons.ts';

describe('rule reason words', () => {
  const entries = Object.entries(RULE_REASON_TEXT);

  it('every key has Japanese and English with the same placeholders, and a tone', () => {
    expect(entries.length).toBeGreaterThan(20);
    for (const [key, w] of entries) {
      expect(w.ja.trim(), key).not.toBe('');
      expect(w.en.trim(), key).not.toBe('');
      expect(placeholders(w.en).sort(), key).toEqual(placeholders(w.ja).sort());
      expect(['ok', 'gap', 'info'], key).toContain(w.tone);
      // Sentences end without punctuation: the renderer joins them.
      expect(w.ja, key).not.toMatch(/[。.]$/);
      expect(w.en, key).not.toMatch(/\.$/);
      // No Latin-only Japanese text, no Japanese in the English text.
      expect(w.ja, key).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(w.en, key).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
  });

  it('renders counts and dates in the locale', () => {
    expect(renderReason(reason('connections_expired', { count: 3 }), 'ja')).toBe('台帳に承認期限切れの外部接続が3件あります');
    expect(renderReason(reason('connections_expired', { count: 3 }), 'en')).toBe('The ledger has 3 external connections whose approval has expired');
    expect(renderReason(reason('review_old', { date: '2024-09-01' }), 'ja')).toBe('台帳の点検が最後に行われたのは2024年9月1日で、12か月を超えています');
    expect(renderReason(reason('review_old', { date: '2024-09-01' }), 'en')).toBe('The ledger was last reviewed on 1 Sep 2024, more than 12 months ago');
    expect(renderReason(reason('inventory_counts', { servers: 12, pcs: 140, network: 9 }), 'ja')).toBe(
      'サーバ・端末PC・ネットワーク機器が台帳に登録されています(サーバ12台、端末PC 140台、ネットワーク機器9台)',
    );
    expect(renderReason(reason('patches_ok', { assets: 1200 }), 'en')).toContain('1,200 devices');
  });

  it('keeps an unknown key or a missing parameter visible instead of failing', () => {
    expect(renderReason({ key: 'no_such_reason' }, 'ja')).toBe('no_such_reason');
    expect(renderReason({ key: 'connections_expired' }, 'en')).toBe('The ledger has {count} external connections whose approval has expired');
    expect(reasonText('no_such_reason')).toBeUndefined();
    expect(reasonTone('no_such_reason')).toBe('info');
  });

  it('says where an answer and the data disagree, quoting the reasons against the answer', () => {
    const gaps = [reason('connections_expired', { count: 3 }), reason('connections_used_after_expiry', { count: 2 })];
    expect(disagreementSentence('はい', [gaps[0]!], 'ja')).toBe('回答は『はい』ですが、台帳に承認期限切れの外部接続が3件あります');
    expect(disagreementSentence('はい', gaps, 'ja')).toBe('回答は『はい』ですが、台帳に承認期限切れの外部接続が3件あります。承認の期限が切れた後も使われている外部接続が2件あります');
    expect(disagreementSentence('Yes', [gaps[0]!], 'en')).toBe('The answer is “Yes”, but the ledger has 3 external connections whose approval has expired');
    // Context reasons are left out when there are gaps; facts for はい are quoted when the answer is いいえ.
    const mixed = [reason('patches_kev_overdue', { count: 1, assets: 1, asset: 'FortiGate 60E', cve: 'CVE-2018-13379', dueOn: '2026-03-20' }), reason('patches_kev_within_due', { count: 2 })];
    expect(disagreementSentence('はい', mixed, 'ja')).toBe(
      '回答は『はい』ですが、対応期限を過ぎた既知の悪用された脆弱性(KEV)が1件(1台)あります。最も古いものはFortiGate 60EのCVE-2018-13379(対応期限 2026年3月20日)です',
    );
    const facts = [reason('inventory_counts', { servers: 2, pcs: 10, network: 3 }), reason('review_recent', { date: '2026-03-01' })];
    expect(disagreementSentence('いいえ', facts, 'ja')).toBe(
      '回答は『いいえ』ですが、サーバ・端末PC・ネットワーク機器が台帳に登録されています(サーバ2台、端末PC 10台、ネットワーク機器3台)。台帳の点検は2026年3月1日に行われています(12か月以内)',
    );
    // Acronyms keep their case in English.
    expect(disagreementSentence('No', [reason('mds_all', { count: 2 })], 'en')).toBe('The answer is “No”, but an MDS/SDS has been received from all 2 vendors that supply a system');
    expect(disagreementSentence('はい', [], 'ja')).toBe('回答は『はい』ですが、現在のデータとは一致しません');
  });
});

describe('problem words', () => {
  it('renders the assessment problems of domain.ts through the same renderer', () => {
    expect(renderReason({ key: 'problem_no_checked_on' }, 'ja')).toBe('確認日がありません');
    expect(renderReason({ key: 'problem_target_outside', params: { targetOn: '2026-04-10', start: '2025-04-01', end: '2026-03-31' } }, 'ja')).toBe(
      '目標日（2026年4月10日）が年度内（2025年4月1日〜2026年3月31日）ではありません',
    );
    expect(reasonTone('problem_no_checked_on')).toBe('info');
    // Rule reasons and problems never share a key.
    for (const key of Object.keys(RULE_REASON_TEXT)) expect(key.startsWith('problem_'), key).toBe(false);
  });
});

describe('English singular and plural', () => {
  it('picks the form by the count', () => {
    expect(renderReason({ key: 'connections_expired', params: { count: 1 } }, 'en')).toBe('The ledger has 1 external connection whose approval has expired');
    expect(renderReason({ key: 'connections_expired', params: { count: 3 } }, 'en')).toBe('The ledger has 3 external connections whose approval has expired');
    expect(renderReason({ key: 'connections_expired', params: { count: 1 } }, 'ja')).toBe('台帳に承認期限切れの外部接続が1件あります');
  });
  it('leaves no choice syntax in any English text', () => {
    for (const key of Object.keys(RULE_REASON_TEXT)) {
      for (const count of [1, 2]) {
        const params = { count, assets: count, cve: 'CVE-2018-13379', asset: 'FortiGate', dueOn: '2026-04-01', date: '2026-04-01', days: count, months: count, total: count };
        expect(renderReason({ key, params }, 'en')).not.toMatch(/\{[A-Za-z0-9_]+:/);
      }
    }
  });
});
