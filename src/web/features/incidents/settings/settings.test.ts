import { describe, expect, it } from 'vitest';
import type { PlaybookDefinition } from '../../../../shared/incidents/playbook.ts';
import {
  addItem,
  alertStateTone,
  alertsInOrder,
  byPhase,
  changePhase,
  definitionWith,
  draftItems,
  failureReason,
  issuesByItem,
  itemErrors,
  itemsChanged,
  moveInPhase,
  newItemId,
  ownOpenAlert,
  validEscalation,
  webhookDraft,
  webhookPatch,
  webhookUrlProblem,
} from './settings.ts';

const def: PlaybookDefinition = {
  id: 'ransomware',
  version: '2026.1',
  category: 'ransomware',
  title: { ja: 'ランサムウェア', en: 'Ransomware' },
  items: [
    { id: 'rw-a', phase: 'detection', title: { ja: 'A', en: 'A' }, ownerRole: 'technical', verified: true },
    { id: 'rw-c', phase: 'reporting', title: { ja: 'C', en: 'C' }, ownerRole: null, verified: false },
    { id: 'rw-b', phase: 'detection', title: { ja: 'B', en: 'B' }, help: { ja: 'h', en: 'h' }, ownerRole: null, verified: false },
  ],
};

describe('playbook editor helpers', () => {
  it('draft items come in phase order and group by phase with running numbers', () => {
    const items = draftItems(def);
    expect(items.map((i) => i.id)).toEqual(['rw-a', 'rw-b', 'rw-c']);
    const groups = byPhase(items);
    expect(groups.map((g) => g.phase)).toEqual(['detection', 'reporting', 'investigation', 'disclosure', 'recovery']);
    expect(groups[0]!.items.map((x) => [x.item.id, x.number])).toEqual([
      ['rw-a', 1],
      ['rw-b', 2],
    ]);
    expect(groups[1]!.items.map((x) => x.number)).toEqual([3]);
  });

  it('moves only within a phase', () => {
    const items = draftItems(def);
    expect(moveInPhase(items, 0, -1)).toBeNull();
    expect(moveInPhase(items, 1, 1)).toBeNull();
    expect(moveInPhase(items, 1, -1)!.map((i) => i.id)).toEqual(['rw-b', 'rw-a', 'rw-c']);
    expect(moveInPhase(items, 2, -1)).toBeNull();
  });

  it('adds a new item with a fresh id at the end of its phase; changes phase to the end of the other', () => {
    const items = draftItems(def);
    expect(newItemId([{ id: 'ransomware-local-1' }], 'ransomware')).toBe('ransomware-local-2');
    expect(newItemId([], 'data_leak_loss')).toBe('data-leak-loss-local-1');
    const { items: added, item } = addItem(items, 'detection', 'ransomware');
    expect(added.map((i) => i.id)).toEqual(['rw-a', 'rw-b', item.id, 'rw-c']);
    expect(addItem(items, 'recovery', 'ransomware').items.at(-1)!.phase).toBe('recovery');
    expect(addItem([], 'reporting', 'ransomware').items).toHaveLength(1);
    expect(changePhase(items, 0, 'reporting').map((i) => `${i.id}:${i.phase}`)).toEqual(['rw-b:detection', 'rw-c:reporting', 'rw-a:reporting']);
  });

  it('checks titles, fills a missing language from the other, and tells changes', () => {
    const items = draftItems(def);
    expect(itemsChanged(def, items)).toBe(false);
    const edited = items.map((i) => (i.id === 'rw-b' ? { ...i, titleJa: 'B2', titleEn: '' } : i));
    expect(itemsChanged(def, edited)).toBe(true);
    const saved = definitionWith(def, edited);
    expect(saved.items.find((i) => i.id === 'rw-b')).toEqual({ id: 'rw-b', phase: 'detection', title: { ja: 'B2', en: 'B2' }, help: { ja: 'h', en: 'h' }, ownerRole: null, verified: false });
    const { items: withNew, item } = addItem(items, 'reporting', 'ransomware');
    expect(itemErrors(withNew)).toEqual({ [item.key]: { titleJa: 'required' } });
    expect(itemErrors([{ ...item, titleJa: 'x'.repeat(301), titleEn: 'ok' }])).toEqual({ [item.key]: { titleJa: 'tooLong' } });
  });

  it('places server issues at the items sent', () => {
    const sent = draftItems(def);
    const r = issuesByItem(
      [
        { path: 'definition.items.1.title.ja', message: 'empty' },
        { path: 'body.definition.items.2.ownerRole', message: 'invalid_value' },
        { path: 'definition.category', message: 'category_mismatch' },
        { path: 'definition.items.9.id', message: 'duplicate_id' },
      ],
      sent,
    );
    expect(r.items).toEqual({ 'rw-b': [{ field: 'titleJa', code: 'empty' }], 'rw-c': [{ field: 'item', code: 'invalid_value' }] });
    expect(r.general).toEqual(['category_mismatch', 'duplicate_id']);
  });
});

describe('alert settings, alert log and webhook helpers', () => {
  it('escalation delay bounds', () => {
    expect(validEscalation(5)).toBe(true);
    expect(validEscalation('240')).toBe(true);
    expect(validEscalation(0)).toBe(false);
    expect(validEscalation(2.5)).toBe(false);
    expect(validEscalation('')).toBe(false);
  });

  it('failure reasons and tones', () => {
    expect(failureReason('http_500')).toEqual({ key: 'http', values: { status: '500' } });
    expect(failureReason('network:ECONNREFUSED')).toEqual({ key: 'networkCode', values: { code: 'ECONNREFUSED' } });
    expect(failureReason('timeout').key).toBe('timeout');
    expect(failureReason('smtp_not_configured').key).toBe('smtp_not_configured');
    expect(failureReason('weird')).toEqual({ key: 'other', values: { reason: 'weird' } });
    expect(alertStateTone('acknowledged')).toBe('ok');
    expect(alertStateTone('failed')).toBe('danger');
  });

  it('own open alert and order', () => {
    const a = { recipientUserId: 'u1', state: 'sent' as const, acknowledgedAt: null, position: 2, createdAt: '2026-01-01T00:00:00Z' };
    const b = { recipientUserId: 'u2', state: 'escalated' as const, acknowledgedAt: null, position: 1, createdAt: '2026-01-01T00:00:00Z' };
    expect(ownOpenAlert([a, b], 'u1', false)).toBe(a);
    expect(ownOpenAlert([a, b], 'u1', true)).toBeNull();
    expect(ownOpenAlert([a, b], 'u3', false)).toBeNull();
    expect(alertsInOrder([a, b])).toEqual([b, a]);
  });

  it('webhook patch sends only changes and a new URL only when typed', () => {
    const w = { id: 'w', facilityId: 'f', name: 'Slack', format: 'slack' as const, urlHint: 'https://hooks.slack.com/…abcd', enabled: true, createdAt: '', updatedAt: '' };
    expect(webhookPatch(w, webhookDraft(w))).toEqual({});
    expect(webhookPatch(w, { ...webhookDraft(w), enabled: false, url: ' https://x.example/y ' })).toEqual({ enabled: false, url: 'https://x.example/y' });
    expect(webhookUrlProblem('nope')).toBe('invalid_url');
    expect(webhookUrlProblem('ftp://x')).toBe('invalid_url');
    expect(webhookUrlProblem('https://a:b@x.example/')).toBe('credentials_in_url');
    expect(webhookUrlProblem('http://127.0.0.1:3000/hook')).toBeNull();
  });
});
