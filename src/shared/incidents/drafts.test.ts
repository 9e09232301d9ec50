import { describe, expect, it } from 'vitest';
import { PPC_FIELDS } from './cases.ts';
import { NO_FACTS } from './clock-rules.ts';
import { DRAFT_DEFS, draftText, mergeDraft, prefillDraft, type DraftSource } from './drafts.ts';

const source = (over: Partial<DraftSource['case']> = {}, clocks: DraftSource['clocks'] = []): DraftSource => ({
  facility: { name: 'みなと総合病院', medicalInstitutionCode: '1312345678' },
  contact: null,
  case: { number: 'INC-2026-0001', title: 'USBメモリの紛失', category: 'data_leak_loss', severity: 'medium', phase: 'detection', discoveredAt: '2026-03-31T15:00:00.000Z', description: null, summary: {}, facts: NO_FACTS, ...over },
  timeline: [],
  clocks,
});

describe('report drafts (pure)', () => {
  it('every kind pre-fills every one of its fields, in both languages', () => {
    for (const def of Object.values(DRAFT_DEFS)) {
      for (const lang of ['ja', 'en'] as const) {
        const values = prefillDraft(def.kind, source(), lang);
        expect(Object.keys(values), `${def.kind} ${lang}`).toEqual(def.fields.map((f) => f.key));
        for (const [k, v] of Object.entries(values)) expect(v.trim(), `${def.kind}.${k} ${lang}`).not.toBe('');
      }
    }
    expect(DRAFT_DEFS.ppc.fields.map((f) => f.key)).toEqual([...PPC_FIELDS]);
  });

  it('words unknown counts and the absence of clocks; JST times (midnight JST is the next day in UTC)', () => {
    const ppc = prefillDraft('ppc', source());
    expect(ppc.subject_count).toBe('調査中(判明しだい報告します)');
    expect(ppc.data_items).toBe('・調査中');
    expect(ppc.overview).toContain('発覚日時: 2026年4月1日(水) 00:00');
    const internal = prefillDraft('internal', source());
    expect(internal.legal_deadlines).toBe('現在の事実関係からは、法令等による報告期限は発生していません。');
    expect(internal.next_report).toBe('(日時を記入してください)');
    const m = prefillDraft('mhlw_first', source());
    expect(m.facility).toBe('みなと総合病院\n(医療機関コード 1312345678)');
    expect(m.contact).toBe('(記入してください)');
  });

  it('uses the 5W1H why as the cause, and the encryption exemption as a note', () => {
    const ppc = prefillDraft('ppc', source({ summary: { why: '持ち出し規程の不徹底' }, facts: { ...NO_FACTS, personalData: true, encryptedHighGrade: true, affectedCount: 0 } }));
    expect(ppc.cause).toBe('持ち出し規程の不徹底');
    expect(ppc.data_items).toContain('高度な暗号化等の措置');
    expect(ppc.subject_count).toBe('0人(要配慮個人情報を含む)');
  });

  it('the next report is before the soonest open deadline; filed clocks are listed as filed', () => {
    const clocks: DraftSource['clocks'] = [
      { ruleId: 'ppc.final', authority: 'ppc', kind: 'final', labels: { ja: '確報', en: 'Final' }, dueAt: '2026-05-01T14:59:59.999Z', soft: false, state: 'running', filedAt: null, reference: null },
      { ruleId: 'ppc.preliminary', authority: 'ppc', kind: 'preliminary', labels: { ja: '速報', en: 'Preliminary' }, dueAt: '2026-04-04T14:59:59.999Z', soft: true, state: 'filed', filedAt: '2026-04-02T01:00:00.000Z', reference: 'R-1' },
      { ruleId: 'data_subjects.notice', authority: 'data_subjects', kind: 'notice', labels: { ja: '本人への通知', en: 'Notice' }, dueAt: null, soft: true, state: 'running', filedAt: null, reference: null },
    ];
    const internal = prefillDraft('internal', source({}, clocks));
    expect(internal.next_report).toBe('次の期限(確報: 2026年5月1日(金) 23:59)の前に改めて報告します。');
    expect(internal.legal_deadlines!.split('\n')).toEqual(['・確報: 期限 2026年5月1日(金) 23:59 — 進行中', '・速報: 2026年4月2日(木) 10:00に提出済み(R-1)', '・本人への通知: 期限の定めなし(速やかに) — 進行中']);
    expect(prefillDraft('internal', source({}, clocks), 'en').decisions).toContain('Whether to make the final (due Fri 1 May 2026 23:59 JST)');
  });

  it('saved edits override field by field; unknown saved keys are ignored; plain text for copying', () => {
    const pre = prefillDraft('internal', source());
    const fields = mergeDraft('internal', pre, { decisions: '公表するか', gone: 'x', impact: 42 });
    expect(fields.map((f) => [f.key, f.source])).toEqual([
      ['overview', 'prefilled'],
      ['impact', 'prefilled'],
      ['response', 'prefilled'],
      ['legal_deadlines', 'prefilled'],
      ['decisions', 'edited'],
      ['next_report', 'prefilled'],
    ]);
    expect(fields[4]).toMatchObject({ value: '公表するか', prefilled: pre.decisions });
    const text = draftText('internal', fields, 'ja');
    expect(text).toContain('\n\n【判断が必要な事項】\n公表するか\n');
    expect(draftText('internal', fields, 'en')).toContain('[Decisions needed]\n公表するか');
  });
});
