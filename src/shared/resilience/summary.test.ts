import { describe, expect, it } from 'vitest';
import { renderSummarySentence, resilienceSummary, SUMMARY_CODES, SUMMARY_TEXT, type ResilienceSnapshot, type SnapshotPlan } from './summary.ts';

/** 2026-04-01 10:00 JST (fiscal year 2026 = 令和8年度). */
const NOW = new Date('2026-04-01T01:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();

const plan = (id: string, systemId: string, systemName: string, over: Partial<SnapshotPlan> = {}): SnapshotPlan => ({
  id,
  systemId,
  systemName,
  criticality: 1,
  scopes: ['data'],
  medium: 'nas',
  disconnected: false,
  cloudImmutable: false,
  networkSeparated: false,
  generations: 7,
  schedule: { everyDays: 1 },
  location: 'on_site',
  encrypted: false,
  keyHolder: null,
  runBy: 'staff',
  label: null,
  restoreProcedure: null,
  lastSuccessAt: daysAgo(0),
  ...over,
});

function snapshot(over: Partial<ResilienceSnapshot> = {}): ResilienceSnapshot {
  return {
    systems: [{ id: 'emr', name: '電子カルテ', criticality: 1 }],
    plans: [plan('p1', 'emr', '電子カルテ'), plan('p2', 'emr', '電子カルテ', { medium: 'tape', disconnected: true, schedule: { everyDays: 7 }, lastSuccessAt: daysAgo(2) })],
    targets: [],
    drills: [{ id: 'd1', assetId: 'emr', status: 'done', plannedOn: null, startedAt: daysAgo(31), finishedAt: daysAgo(30), restored: 'full', result: 'passed', rtoHoursTarget: 4 }],
    bcp: [{ id: 'b1', number: 1, status: 'approved', approvedAt: '2025-10-01T01:00:00Z', content: {} }],
    exercises: [{ id: 'e1', kind: 'tabletop', title: '机上訓練', status: 'done', heldOn: '2026-04-01' }],
    ...over,
  };
}

describe('resilience summary', () => {
  it('is all good only when there is nothing to say', () => {
    const s = resilienceSummary(snapshot(), NOW);
    expect(s.sentences).toEqual([]);
    expect(s.allGood).toBe(true);
    expect(s.counts).toEqual({
      systems: 1,
      plans: 2,
      offlinePlans: 1,
      stalePlans: 0,
      staleOfflinePlans: 0,
      systemsWithoutOfflineCopy: 0,
      drillsDue: 0,
      bcp: 'approved',
      fiscalYear: 2026,
      exercisesThisYear: 1,
    });
    // Without systems: not "all good", and a sentence that says why.
    const empty = resilienceSummary({ systems: [], plans: [], targets: [], drills: [], bcp: [], exercises: [] }, NOW);
    expect(empty.allGood).toBe(false);
    expect(empty.sentences.map((x) => x.code)).toEqual(['bcp_none', 'exercise_none', 'no_systems']);
  });

  it('lists the worst first: stale offline copies, missing offline copies, overdue drills, the BCP draft, no exercise this year', () => {
    const s = resilienceSummary(
      snapshot({
        systems: [
          { id: 'emr', name: '電子カルテ', criticality: 1 },
          { id: 'lab', name: '検査システム', criticality: 2 },
        ],
        plans: [
          plan('p1', 'emr', '電子カルテ'),
          plan('p2', 'emr', '電子カルテ', { medium: 'tape', disconnected: true, schedule: { everyDays: 7 }, lastSuccessAt: daysAgo(9) }),
          plan('p3', 'lab', '検査システム', { medium: 'nas', lastSuccessAt: daysAgo(3) }),
        ],
        targets: [{ assetId: 'emr', rtoHours: 4, rpoHours: 24, drillIntervalMonths: 6, recoveryNotes: null }],
        drills: [
          { id: 'd1', assetId: 'emr', status: 'done', plannedOn: null, startedAt: daysAgo(201), finishedAt: daysAgo(200), restored: 'full', result: 'failed', rtoHoursTarget: 4 },
          { id: 'd2', assetId: 'lab', status: 'planned', plannedOn: '2026-05-01', startedAt: null, finishedAt: null, restored: null, result: null, rtoHoursTarget: null },
        ],
        bcp: [{ id: 'b1', number: 1, status: 'draft', approvedAt: null, content: {} }],
        exercises: [{ id: 'e1', kind: 'tabletop', title: '机上訓練', status: 'done', heldOn: '2025-11-12' }],
      }),
      NOW,
    );
    expect(s.sentences.map((x) => [x.severity, x.code, x.systemId ?? null])).toEqual([
      ['critical', 'offline_stale', 'emr'],
      ['critical', 'no_offline_copy', 'lab'],
      ['warning', 'single_method', 'lab'],
      ['warning', 'backup_stale', 'lab'],
      ['warning', 'drill_overdue', 'emr'],
      ['warning', 'drill_never', 'lab'],
      ['warning', 'drill_failed', 'emr'],
      ['warning', 'bcp_draft', null],
      ['info', 'exercise_none', null],
    ]);
    const text = s.sentences.map((x) => renderSummarySentence(x, 'ja'));
    expect(text[0]).toBe('電子カルテのオフラインバックアップが9日間成功していません');
    expect(text).toContain('電子カルテの復旧訓練が期限(2026年3月13日)を過ぎています');
    expect(text).toContain('BCPは下書き(第1版)のまま承認されていません');
    expect(text.at(-1)).toBe('令和8年度の訓練はまだ実施されていません(前回: 2025年11月12日)');
    expect(renderSummarySentence(s.sentences[0]!, 'en')).toBe('The offline backup of 電子カルテ has not succeeded for 9 days');
    expect(renderSummarySentence(s.sentences.at(-1)!, 'en')).toBe('No exercise has been held in FY2026 (Reiwa 8) yet (last: 12 Nov 2025)');
    expect(s.sentences[0]!.link).toEqual({ to: 'backupPlan', id: 'p2' });
    expect(s.sentences.find((x) => x.code === 'bcp_draft')!.link).toEqual({ to: 'bcpVersion', id: 'b1' });
    expect(s.counts).toMatchObject({ stalePlans: 2, staleOfflinePlans: 1, systemsWithoutOfflineCopy: 1, drillsDue: 2, bcp: 'draft', exercisesThisYear: 0 });
    expect(s.allGood).toBe(false);
  });

  it('flags an approved BCP past its yearly review, and a version waiting for approval', () => {
    const overdue = resilienceSummary(snapshot({ bcp: [{ id: 'b2', number: 2, status: 'approved', approvedAt: '2025-03-01T01:00:00Z', content: {} }] }), NOW);
    expect(overdue.sentences.map((x) => renderSummarySentence(x, 'ja'))).toEqual(['BCP(第2版)の見直し期限(2026年2月28日)を過ぎています']);
    expect(overdue.counts.bcp).toBe('review_overdue');
    const review = resilienceSummary(snapshot({ bcp: [{ id: 'b3', number: 1, status: 'in_review', approvedAt: null, content: {} }] }), NOW);
    expect(review.sentences.map((x) => [x.severity, x.code])).toEqual([['info', 'bcp_in_review']]);
  });

  it('groups many systems without a plan or a drill into one sentence each', () => {
    const names = ['電子カルテ', 'PACS', '検査システム', '薬剤システム', '医事会計'];
    const systems = names.map((name, i) => ({ id: `s${i}`, name, criticality: 1 as const }));
    const s = resilienceSummary(snapshot({ systems, plans: [], drills: [] }), NOW);
    const grouped = s.sentences.filter((x) => x.code === 'no_plan_many' || x.code === 'drill_never_many');
    expect(grouped.map((x) => renderSummarySentence(x, 'ja'))).toEqual([
      '重要度1〜2のシステム5件にバックアップの計画がありません(電子カルテ、PACS、検査システム など)',
      '重要度1〜2のシステム5件で復旧訓練がまだ一度も行われていません(電子カルテ、PACS、検査システム など)',
    ]);
    expect(s.sentences.some((x) => x.code === 'no_plan' || x.code === 'drill_never')).toBe(false);
    expect(s.counts).toMatchObject({ systems: 5, systemsWithoutOfflineCopy: 5, drillsDue: 5 });
  });

  it('has Japanese and English words for every code with the same placeholders', () => {
    for (const code of SUMMARY_CODES) {
      if (!(code in SUMMARY_TEXT)) continue; // coverage codes: backup.ts words
      const w = SUMMARY_TEXT[code as keyof typeof SUMMARY_TEXT];
      const ph = (t: string) => [...t.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]).sort();
      expect(ph(w.en), code).toEqual(ph(w.ja));
      expect(w.en, code).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
  });
});
