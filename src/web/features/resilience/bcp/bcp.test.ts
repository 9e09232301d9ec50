import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/client.ts';
import { BCP_CHECKLIST_ITEMS, BCP_STEPS, defaultBcpContent, parseBcpContent } from '../../../../shared/resilience/bcp.ts';
import { bcpStatusTone, checklistByStep, messageText, missingSectionsOf, moveItem, percent, removeAt, replaceAt, sameContent, sectionFrom, systemsWithoutProcedure } from './bcp.ts';

describe('BCP page helpers', () => {
  it('gives every status its own tone (approved ok, awaiting approval warn, draft info, superseded neutral)', () => {
    expect(bcpStatusTone('approved')).toBe('ok');
    expect(bcpStatusTone('in_review')).toBe('warn');
    expect(bcpStatusTone('draft')).toBe('info');
    expect(bcpStatusTone('superseded')).toBe('neutral');
  });

  it('reads the section from the URL, the first one when missing or unknown', () => {
    expect(sectionFrom('departments')).toBe('departments');
    expect(sectionFrom('checklist')).toBe('checklist');
    expect(sectionFrom(null)).toBe('basics');
    expect(sectionFrom('nope')).toBe('basics');
  });

  it('moves, replaces and removes list items without touching the original', () => {
    const a = ['a', 'b', 'c'];
    expect(moveItem(a, 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(a, 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(a, 0, -1)).toEqual(a);
    expect(moveItem(a, 2, 1)).toEqual(a);
    expect(replaceAt(a, 1, 'x')).toEqual(['a', 'x', 'c']);
    expect(removeAt(a, 0)).toEqual(['b', 'c']);
    expect(a).toEqual(['a', 'b', 'c']);
  });

  it('compares contents regardless of key order', () => {
    const c = defaultBcpContent('みなと総合病院');
    const reordered = parseBcpContent(JSON.parse(JSON.stringify({ checklist: c.checklist, messages: c.messages, recovery: c.recovery, departments: c.departments, command: c.command, triggers: c.triggers, basics: c.basics })));
    expect(sameContent(c, reordered)).toBe(true);
    expect(sameContent(c, { ...c, triggers: [...c.triggers, { text: 'x' }] })).toBe(false);
  });

  it('names the sections a refused submission listed, in section order, once each', () => {
    const refused = new ApiError(400, 'VALIDATION_FAILED', '', [
      { path: 'content.recovery', message: 'section_incomplete' },
      { path: 'body.content.basics', message: 'section_incomplete' },
      { path: 'content.recovery', message: 'section_incomplete' },
      { path: 'content.unknown', message: 'section_incomplete' },
    ]);
    expect(missingSectionsOf(refused)).toEqual(['basics', 'recovery']);
    expect(missingSectionsOf(new ApiError(409, 'CONFLICT', ''))).toEqual([]);
    expect(missingSectionsOf(new Error('x'))).toEqual([]);
  });

  it('groups the 確認表 by the five steps, every item once', () => {
    const groups = checklistByStep();
    expect(groups.map((g) => g.step)).toEqual([...BCP_STEPS]);
    expect(groups.flatMap((g) => g.items.map((i) => i.id)).sort()).toEqual(BCP_CHECKLIST_ITEMS.map((i) => i.id).sort());
    for (const g of groups) expect(g.items.length).toBeGreaterThan(0);
  });

  it('computes progress percentages within 0–100', () => {
    expect(percent(3, 6)).toBe(50);
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(0, 0)).toBe(0);
    expect(percent(9, 6)).toBe(100);
  });

  it('offers only the systems without a recovery procedure', () => {
    const systems = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const content = { recovery: [{ assetId: 'b', systemName: 'PACS', procedure: '', owner: '', vendorIds: [], prerequisites: '' }, { assetId: null, systemName: 'x', procedure: '', owner: '', vendorIds: [], prerequisites: '' }] };
    expect(systemsWithoutProcedure(systems, content).map((s) => s.id)).toEqual(['a', 'c']);
  });

  it('copies a template as subject, blank line, text', () => {
    expect(messageText({ title: ' 件名 ', body: '本文\n2行目' })).toBe('件名\n\n本文\n2行目');
    expect(messageText({ title: '', body: '本文' })).toBe('本文');
    expect(messageText({ title: '件名', body: ' ' })).toBe('件名');
  });
});
