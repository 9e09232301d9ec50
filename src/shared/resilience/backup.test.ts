import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BACKUP_FINDING_CODES,
  BACKUP_FINDING_TEXT,
  BACKUP_MEDIA,
  BACKUP_MEDIUM_LABELS,
  FRESHNESS_TEXT,
  ZBackupPlan,
  ZBackupRun,
  coverageFindings,
  isOfflineCopy,
  planFreshness,
  renderBackupFinding,
  renderFreshness,
  type BackupMedium,
  type BackupPlan,
  type BackupRun,
  type BackupSystem,
} from './backup.ts';

const EMR: BackupSystem = { id: 'a-emr', name: '電子カルテ', criticality: 1 };
const PACS: BackupSystem = { id: 'a-pacs', name: 'PACS', criticality: 2 };
const KIOSK: BackupSystem = { id: 'a-kiosk', name: '再来受付機', criticality: 3 };

let seq = 0;
const plan = (p: Partial<BackupPlan> = {}): BackupPlan => ({
  id: `p${++seq}`,
  systemId: EMR.id,
  systemName: EMR.name,
  criticality: 1,
  scopes: ['data', 'system_image'],
  medium: 'nas',
  disconnected: false,
  cloudImmutable: false,
  networkSeparated: false,
  generations: 7,
  schedule: { everyDays: 1 },
  location: 'on_site',
  encrypted: true,
  keyHolder: 'システム担当 課長',
  runBy: 'staff',
  ...p,
});
const offlineTape = (p: Partial<BackupPlan> = {}) => plan({ medium: 'tape', disconnected: true, location: 'off_site', schedule: { everyDays: 7 }, ...p });
const codes = (f: { code: string }[]) => f.map((x) => x.code);

describe('isOfflineCopy (疑義解釈その7)', () => {
  it('counts a disconnected offline copy and immutable storage', () => {
    expect(isOfflineCopy(plan({ medium: 'offline_copy' }))).toBe(true);
    expect(isOfflineCopy(plan({ medium: 'immutable' }))).toBe(true);
  });

  it('counts tape, optical and external HDD only when kept disconnected', () => {
    for (const medium of ['tape', 'optical', 'external_hdd'] as const) {
      expect(isOfflineCopy(plan({ medium, disconnected: true }))).toBe(true);
      expect(isOfflineCopy(plan({ medium, disconnected: false }))).toBe(false);
    }
  });

  it('counts cloud only with a non-appendable area (object lock / WORM)', () => {
    expect(isOfflineCopy(plan({ medium: 'cloud', cloudImmutable: true }))).toBe(true);
    expect(isOfflineCopy(plan({ medium: 'cloud', cloudImmutable: false }))).toBe(false);
  });

  it('counts any medium on a separated network segment', () => {
    for (const medium of BACKUP_MEDIA) expect(isOfflineCopy(plan({ medium, networkSeparated: true }))).toBe(true);
  });

  it('does not count an online disk or a NAS on the same network, whatever the other flags', () => {
    for (const medium of ['online_disk', 'nas'] as const) {
      expect(isOfflineCopy(plan({ medium, disconnected: true, cloudImmutable: true }))).toBe(false);
    }
  });

  it('property: with no flags set, only offline_copy and immutable count', () => {
    fc.assert(
      fc.property(fc.constantFrom(...BACKUP_MEDIA), (medium: BackupMedium) => {
        expect(isOfflineCopy(plan({ medium }))).toBe(medium === 'offline_copy' || medium === 'immutable');
      }),
    );
  });
});

describe('coverageFindings', () => {
  it('finds nothing for a critical system with an online and an offline copy of enough generations', () => {
    expect(coverageFindings([EMR], [plan(), offlineTape({ generations: 4 })])).toEqual([]);
  });

  it('no_plan, and only that, for a critical system without any plan', () => {
    expect(coverageFindings([EMR, PACS], [plan(), offlineTape()])).toEqual([{ code: 'no_plan', systemId: PACS.id, params: { system: 'PACS' } }]);
  });

  it('ignores systems of criticality 3–4 unless the policy widens the scope', () => {
    expect(coverageFindings([KIOSK], [])).toEqual([]);
    expect(codes(coverageFindings([KIOSK], [], { maxCriticality: 3 }))).toEqual(['no_plan']);
  });

  it('no_offline_copy when every copy is online', () => {
    const f = coverageFindings([EMR], [plan(), plan({ medium: 'cloud' }), plan({ medium: 'external_hdd' })]);
    expect(f).toEqual([{ code: 'no_offline_copy', systemId: EMR.id, params: { system: '電子カルテ' } }]);
  });

  it('few_generations judged on the best offline copy, with the default minimum of 3', () => {
    expect(coverageFindings([EMR], [plan({ generations: 30 }), offlineTape({ generations: 2 })])).toEqual([
      { code: 'few_generations', systemId: EMR.id, params: { system: '電子カルテ', generations: 2, min: 3 } },
    ]);
    expect(coverageFindings([EMR], [plan(), offlineTape({ generations: 2 }), offlineTape({ generations: 3 })])).toEqual([]);
    expect(codes(coverageFindings([EMR], [plan(), offlineTape({ generations: 3 })], { minGenerations: 5 }))).toEqual(['few_generations']);
  });

  it('data_not_covered when no plan copies the data', () => {
    const f = coverageFindings([EMR], [plan({ scopes: ['system_image'] }), offlineTape({ scopes: ['configuration'] })]);
    expect(codes(f)).toEqual(['data_not_covered']);
  });

  it('single_method when all plans use one medium, even several plans of it', () => {
    const f = coverageFindings([EMR], [offlineTape(), offlineTape()]);
    expect(f).toEqual([{ code: 'single_method', systemId: EMR.id, params: { system: '電子カルテ', medium: 'tape' } }]);
  });

  it('reports several findings of one system together, and systems in the given order', () => {
    const f = coverageFindings([PACS, EMR], [plan({ scopes: ['configuration'] }), plan({ systemId: PACS.id, systemName: 'PACS', medium: 'immutable', generations: 1 })]);
    expect(f.map((x) => [x.systemId, x.code])).toEqual([
      [PACS.id, 'few_generations'],
      [PACS.id, 'single_method'],
      [EMR.id, 'no_offline_copy'],
      [EMR.id, 'data_not_covered'],
      [EMR.id, 'single_method'],
    ]);
  });

  it('property: a system with no plan yields exactly no_plan; adding a complete pair of plans clears it', () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 2), fc.integer({ min: 3, max: 60 }), (criticality: 1 | 2, generations: number) => {
        const s: BackupSystem = { id: 's', name: 'X', criticality };
        expect(codes(coverageFindings([s], []))).toEqual(['no_plan']);
        expect(coverageFindings([s], [plan({ systemId: 's' }), offlineTape({ systemId: 's', generations })])).toEqual([]);
      }),
    );
  });
});

describe('renderBackupFinding', () => {
  it('writes each finding in Japanese and English', () => {
    const [offline] = coverageFindings([EMR], [plan()]);
    expect(renderBackupFinding(offline!, 'ja')).toBe('電子カルテ: オフラインまたは書換え不能なバックアップがありません');
    expect(renderBackupFinding(offline!, 'en')).toBe('電子カルテ: there is no offline or immutable backup');
    const gen = { code: 'few_generations', params: { system: '電子カルテ', generations: 1, min: 3 } } as const;
    expect(renderBackupFinding(gen, 'ja')).toBe('電子カルテ: オフラインのバックアップの保管世代数が1世代で、必要な3世代に足りません');
    expect(renderBackupFinding(gen, 'en')).toBe('電子カルテ: the offline backup keeps 1 generation, fewer than the 3 required');
    expect(renderBackupFinding({ ...gen, params: { ...gen.params, generations: 2 } }, 'en')).toContain('keeps 2 generations');
    const single = { code: 'single_method', params: { system: 'PACS', medium: 'tape' } } as const;
    expect(renderBackupFinding(single, 'ja')).toBe('PACS: バックアップの方法が1つ(テープ)だけです。複数の方法で取得してください');
    expect(renderBackupFinding(single, 'en')).toBe('PACS: there is only one backup method (Tape); keep backups by several methods');
    expect(renderBackupFinding({ code: 'no_plan', params: { system: 'PACS' } }, 'ja')).toBe('PACS: バックアップの計画がありません');
    expect(renderBackupFinding({ code: 'data_not_covered', params: { system: 'PACS' } }, 'en')).toBe('PACS: the data are not included in any backup');
  });

  it('leaves no placeholder unfilled for any code', () => {
    const params = { system: 'S', generations: 2, min: 3, medium: 'nas' };
    for (const code of BACKUP_FINDING_CODES) {
      for (const locale of ['ja', 'en'] as const) expect(renderBackupFinding({ code, params }, locale)).not.toMatch(/[{}]/);
    }
    expect(Object.keys(BACKUP_FINDING_TEXT).sort()).toEqual([...BACKUP_FINDING_CODES].sort());
    expect(Object.keys(BACKUP_MEDIUM_LABELS)).toEqual([...BACKUP_MEDIA]);
  });
});

describe('planFreshness (JST calendar days, injected now)', () => {
  const daily = plan({ id: 'daily', schedule: { everyDays: 1 } });
  const run = (r: Partial<BackupRun>): BackupRun => ({
    planId: 'daily',
    startedAt: '2026-04-01T13:00:00Z',
    finishedAt: '2026-04-01T14:00:00Z',
    status: 'success',
    ...r,
  });

  it('is never when no run succeeded', () => {
    expect(planFreshness(daily, [], new Date('2026-04-05T00:00:00Z'))).toEqual({ lastSuccessAt: null, daysSinceSuccess: null, state: 'never', dueBy: null });
    const failed = [run({ status: 'failed' }), run({ status: 'partial' }), run({ planId: 'other' })];
    expect(planFreshness(daily, failed, new Date('2026-04-05T00:00:00Z')).state).toBe('never');
  });

  it('a daily plan that succeeded on 4月1日 is fresh through 4月3日 JST (1 day + 1 day grace) and stale on 4月4日', () => {
    const runs = [run({ finishedAt: '2026-04-01T01:00:00Z' })]; // 4月1日 10:00 JST
    const at = (iso: string) => planFreshness(daily, runs, new Date(iso));
    expect(at('2026-04-03T14:59:59.999Z')).toEqual({ lastSuccessAt: '2026-04-01T01:00:00.000Z', daysSinceSuccess: 2, state: 'fresh', dueBy: '2026-04-03' });
    expect(at('2026-04-03T15:00:00.000Z')).toEqual({ lastSuccessAt: '2026-04-01T01:00:00.000Z', daysSinceSuccess: 3, state: 'stale', dueBy: '2026-04-03' });
  });

  it('counts the JST day of the success, not its UTC day, across JST midnight', () => {
    // 14:59:59 UTC = 23:59:59 JST on 4月1日; one second later it is 4月2日 00:00 JST.
    const before = planFreshness(daily, [run({ finishedAt: '2026-04-01T14:59:59Z' })], new Date('2026-04-02T15:00:00Z'));
    const after = planFreshness(daily, [run({ finishedAt: '2026-04-01T15:00:00Z' })], new Date('2026-04-02T15:00:00Z'));
    expect(before).toMatchObject({ daysSinceSuccess: 2, dueBy: '2026-04-03', state: 'fresh' });
    expect(after).toMatchObject({ daysSinceSuccess: 1, dueBy: '2026-04-04', state: 'fresh' });
    // Now itself across JST midnight: 23:59:59 JST on 4月3日 vs 00:00 JST on 4月4日.
    const runs = [run({ finishedAt: '2026-04-01T14:59:59Z' })];
    expect(planFreshness(daily, runs, new Date('2026-04-03T14:59:59Z')).state).toBe('fresh');
    expect(planFreshness(daily, runs, new Date('2026-04-03T15:00:00Z')).state).toBe('stale');
  });

  it('takes the latest success, ignores runs finished after now, and honours the grace days', () => {
    const weekly = plan({ id: 'w', schedule: { everyDays: 7 } });
    const runs: BackupRun[] = [
      run({ planId: 'w', finishedAt: '2026-04-01T03:00:00Z' }),
      run({ planId: 'w', finishedAt: '2026-04-08T03:00:00Z' }),
      run({ planId: 'w', finishedAt: '2026-04-15T03:00:00Z', status: 'failed' }),
      run({ planId: 'w', finishedAt: '2026-05-01T03:00:00Z' }), // in the future of `now`
    ];
    const now = new Date('2026-04-17T03:00:00Z');
    expect(planFreshness(weekly, runs, now)).toMatchObject({ lastSuccessAt: '2026-04-08T03:00:00.000Z', daysSinceSuccess: 9, state: 'stale', dueBy: '2026-04-16' });
    expect(planFreshness(weekly, runs, now, { graceDays: 2 })).toMatchObject({ state: 'fresh', dueBy: '2026-04-17' });
  });

  it('property: stale exactly when today (JST) is past everyDays + grace after the success day', () => {
    const base = Date.parse('2026-01-01T00:00:00Z');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 * 86_400_000 }),
        fc.integer({ min: 0, max: 60 * 86_400_000 }),
        fc.integer({ min: 1, max: 30 }),
        (offset: number, elapsed: number, everyDays: number) => {
          const success = base + offset;
          const p = plan({ id: 'x', schedule: { everyDays } });
          const f = planFreshness(p, [run({ planId: 'x', finishedAt: new Date(success).toISOString() })], new Date(success + elapsed));
          const jstDay = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);
          const days = Math.round((Date.parse(jstDay(success + elapsed)) - Date.parse(jstDay(success))) / 86_400_000);
          expect(f.daysSinceSuccess).toBe(days);
          expect(f.state).toBe(days > everyDays + 1 ? 'stale' : 'fresh');
          // Stale never comes sooner than everyDays + 1 whole days after the success.
          if (f.state === 'stale') expect(elapsed).toBeGreaterThan((everyDays + 1) * 86_400_000);
        },
      ),
    );
  });
});

describe('renderFreshness', () => {
  const tape = offlineTape({ id: 't', schedule: { everyDays: 7 } });
  const nas = plan({ id: 'n' });
  const now = new Date('2026-04-10T03:00:00Z');
  const ok = (id: string, finishedAt: string): BackupRun => ({ planId: id, startedAt: finishedAt, finishedAt, status: 'success' });

  it('warns of a stale offline backup in the words of the issue', () => {
    const f = planFreshness(tape, [ok('t', '2026-04-01T03:00:00Z')], now);
    expect(f.state).toBe('stale');
    expect(renderFreshness(tape, f, 'ja')).toBe('電子カルテのオフラインバックアップが9日間成功していません');
    expect(renderFreshness(tape, f, 'en')).toBe('The offline backup of 電子カルテ has not succeeded for 9 days');
  });

  it('says fresh and never, and calls an online copy just a backup', () => {
    const fresh = planFreshness(nas, [ok('n', '2026-04-09T16:00:00Z')], now); // 4月10日 01:00 JST
    expect(renderFreshness(nas, fresh, 'ja')).toBe('電子カルテのバックアップは2026年4月10日に成功しています');
    expect(renderFreshness(nas, fresh, 'en')).toBe('The backup of 電子カルテ last succeeded on 10 Apr 2026');
    const never = planFreshness(tape, [], now);
    expect(renderFreshness(tape, never, 'ja')).toBe('電子カルテのオフラインバックアップは一度も成功していません');
    expect(renderFreshness(tape, never, 'en')).toBe('The offline backup of 電子カルテ has never succeeded');
    const oneDay = planFreshness(plan({ id: 'n', schedule: { everyDays: 1 } }), [ok('n', '2026-04-07T03:00:00Z')], now, { graceDays: 0 });
    expect(renderFreshness(nas, oneDay, 'en')).toBe('The backup of 電子カルテ has not succeeded for 3 days');
    expect(Object.keys(FRESHNESS_TEXT)).toHaveLength(3);
  });
});

describe('schemas', () => {
  it('accepts a plan and a run as a repository row would give them', () => {
    expect(ZBackupPlan.parse(offlineTape({ id: 'x' }))).toMatchObject({ id: 'x', medium: 'tape' });
    expect(ZBackupRun.safeParse({ planId: 'x', startedAt: '2026-04-01T01:00:00Z', finishedAt: '2026-04-01T02:00:00Z', status: 'success', bytes: 10 }).success).toBe(true);
  });

  it('rejects a bad criticality, an offset timestamp and a run that ends before it starts', () => {
    expect(ZBackupPlan.safeParse({ ...plan(), criticality: 5 }).success).toBe(false);
    expect(ZBackupRun.safeParse({ planId: 'x', startedAt: '2026-04-01T10:00:00+09:00', finishedAt: '2026-04-01T02:00:00Z', status: 'success' }).success).toBe(false);
    expect(ZBackupRun.safeParse({ planId: 'x', startedAt: '2026-04-01T03:00:00Z', finishedAt: '2026-04-01T02:00:00Z', status: 'success' }).success).toBe(false);
  });
});
