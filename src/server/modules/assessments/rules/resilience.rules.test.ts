import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrameworkDefinition } from '../../../../shared/assessments/framework.ts';
import { reasonText, renderReason } from '../../../../shared/assessments/reasons.ts';
import type { Suggestion } from '../../../../shared/assessments/types.ts';
import type { TAssetCreate } from '../../../../shared/contracts/ledger.contract.ts';
import type { Database } from '../../../db/schema.ts';
import { newId } from '../../../lib/ids.ts';
import { createTestEnv, DIALECTS, makeFacility, SYSTEM, type TestEnv } from '../../../testing/harness.ts';
import { insertAssetTx } from '../../ledger/index.ts';
import { evaluateFramework } from './index.ts';

/**
 * 3(2) resilience.backups and 3(3) resilience.bcp on real databases (both dialects) with the injected clock. Rows of
 * the resilience tables are written directly (the migration fixes their shape); assets go through the ledger module.
 */

const FRAMEWORK = FrameworkDefinition.parse({
  id: 'resilience-rules-test',
  version: 'v1',
  title: { ja: '備えの規則', en: 'Resilience rules' },
  publisher: { ja: '試験', en: 'Test' },
  sections: [
    {
      id: 's',
      title: { ja: '全項目', en: 'All' },
      items: [
        { id: 'backups', number: '3②', text: { ja: 'バックアップ', en: 'Backups' }, rule: 'resilience.backups', verified: true },
        { id: 'bcp', number: '3③', text: { ja: 'BCP', en: 'BCP' }, rule: 'resilience.bcp', verified: true },
      ],
    },
  ],
});

/** 2026-04-01 10:00 JST. */
const NOW = new Date('2026-04-01T01:00:00Z');
const daysAgo = (days: number, now = NOW) => new Date(now.getTime() - days * 86_400_000).toISOString();

describe.each(DIALECTS)('resilience rules (%s)', (dialect) => {
  let env: TestEnv;
  let n = 0;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
  });
  afterAll(async () => {
    await env?.close();
  });

  const db = () => env.deps.db as Kysely<Database>;
  const facility = async () => (await makeFacility(env, `RR${++n}`)).id;
  const asset = (facilityId: string, name: string, criticality: 1 | 2 | 3 | 4 = 1, extra: Partial<TAssetCreate> = {}) =>
    db()
      .transaction()
      .execute(async (trx) => (await insertAssetTx(env.deps, trx, SYSTEM, facilityId, { name, type: 'server', criticality, ips: [], macs: [], tags: [], holdsPatientData: true, exposure: 'internal', ...extra })).id);

  const plan = async (facilityId: string, assetId: string, p: { medium: string; disconnected?: boolean; cloudImmutable?: boolean; generations?: number; everyDays?: number; scopes?: string[]; restoreProcedure?: string | null; lastSuccessDaysAgo?: number | null; retired?: boolean }) => {
    const id = newId();
    const now = NOW.toISOString();
    await db()
      .insertInto('backup_plans')
      .values({
        id,
        facility_id: facilityId,
        asset_id: assetId,
        label: null,
        scopes: JSON.stringify(p.scopes ?? ['data', 'system_image']),
        tool: null,
        medium: p.medium,
        disconnected: p.disconnected ? 1 : 0,
        cloud_immutable: p.cloudImmutable ? 1 : 0,
        network_separated: 0,
        generations: p.generations ?? 7,
        every_days: p.everyDays ?? 1,
        schedule_note: null,
        location: 'on_site',
        storage_place: null,
        encrypted: 0,
        key_holder: null,
        run_by: 'staff',
        vendor_id: null,
        restore_procedure: p.restoreProcedure === undefined ? '手順書A-1に従いリストア' : p.restoreProcedure,
        external_key: null,
        notes: null,
        version: 1,
        created_at: now,
        updated_at: now,
        retired_at: p.retired ? now : null,
      })
      .execute();
    const ago = p.lastSuccessDaysAgo === undefined ? 0 : p.lastSuccessDaysAgo;
    if (ago !== null) await run(facilityId, id, daysAgo(ago), 'success');
    return id;
  };
  const run = (facilityId: string, planId: string, finishedAt: string, status: 'success' | 'failed') =>
    db()
      .insertInto('backup_runs')
      .values({ id: newId(), facility_id: facilityId, plan_id: planId, started_at: new Date(Date.parse(finishedAt) - 3_600_000).toISOString(), finished_at: finishedAt, status, bytes: null, message: null, source: 'manual', external_id: null, recorded_by: null, created_at: finishedAt })
      .execute();
  const drill = (facilityId: string, assetId: string, d: { finishedDaysAgo: number; restored?: 'full' | 'partial' | 'failed'; result?: 'passed' | 'failed'; status?: string }) => {
    const finished = daysAgo(d.finishedDaysAgo);
    return db()
      .insertInto('restore_drills')
      .values({
        id: newId(),
        facility_id: facilityId,
        asset_id: assetId,
        plan_id: null,
        status: d.status ?? 'done',
        planned_on: null,
        started_at: new Date(Date.parse(finished) - 4 * 3_600_000).toISOString(),
        finished_at: finished,
        data_as_of: null,
        restored: d.restored ?? 'full',
        rto_hours_target: 8,
        rpo_hours_target: 24,
        result: d.result ?? 'passed',
        problems: null,
        performed_by: null,
        notes: null,
        version: 1,
        created_at: finished,
        updated_at: finished,
      })
      .execute();
  };
  const bcp = (facilityId: string, number: number, status: string, approvedAt: string | null = null, content = '{}') =>
    db()
      .insertInto('bcp_versions')
      .values({ id: newId(), facility_id: facilityId, number, status, content, based_on_id: null, created_by: null, submitted_at: null, submitted_by: null, approved_at: approvedAt, approved_by: null, approver_name: null, approval_note: null, version: 1, created_at: NOW.toISOString(), updated_at: NOW.toISOString() })
      .execute();
  const exercise = (facilityId: string, heldOn: string, status = 'done') =>
    db()
      .insertInto('exercises')
      .values({ id: newId(), facility_id: facilityId, kind: 'tabletop', title: '机上訓練', scenario: 'ランサムウェア', status, held_on: heldOn, duration_minutes: 90, departments: '[]', participants: 12, timeline: '[]', went_well: null, findings: null, notes: null, version: 1, created_at: NOW.toISOString(), updated_at: NOW.toISOString() })
      .execute();

  const evaluate = async (facilityId: string, itemId: 'backups' | 'bcp', now = NOW): Promise<Suggestion> => {
    const s = (await evaluateFramework(env.deps, facilityId, FRAMEWORK, now)).get(itemId);
    expect(s, itemId).toBeDefined();
    for (const r of s!.reasons) {
      expect(reasonText(r.key), r.key).toBeDefined();
      // Every placeholder of both languages has its parameter.
      for (const lang of ['ja', 'en'] as const) expect(renderReason(r, lang), r.key).not.toMatch(/\{[A-Za-z0-9_]+\}/);
    }
    return s!;
  };
  const keys = (s: Suggestion) => s.reasons.map((r) => r.key);

  /** A system that satisfies 3(2): NAS daily + tape kept offline weekly, both fresh, a full restore drill 3 months ago. */
  const goodSystem = async (f: string, name: string) => {
    const a = await asset(f, name);
    await plan(f, a, { medium: 'nas' });
    await plan(f, a, { medium: 'tape', disconnected: true, everyDays: 7, lastSuccessDaysAgo: 3 });
    await drill(f, a, { finishedDaysAgo: 90 });
    return a;
  };

  it('3(2): unknown without systems of criticality 1–2', async () => {
    const f = await facility();
    await asset(f, '売店POS', 4);
    const s = await evaluate(f, 'backups');
    expect(s.value).toBe('unknown');
    expect(keys(s)).toEqual(['backups_no_systems']);
  });

  it('3(2): はい when every critical system has fresh offline copies, a procedure and a full restore drill within 12 months', async () => {
    const f = await facility();
    await goodSystem(f, '電子カルテ');
    await goodSystem(f, 'PACS');
    // Systems of criticality 3–4 and retired plans do not matter.
    const other = await asset(f, '図書管理', 3);
    await plan(f, other, { medium: 'nas', lastSuccessDaysAgo: 40 });
    const s = await evaluate(f, 'backups');
    expect(s.value).toBe('yes');
    expect(s.reasons).toEqual([{ key: 'backups_ok', params: { count: 2 } }]);
    expect(s.records).toEqual([]);
    expect(renderReason(s.reasons[0]!, 'ja')).toContain('2件のすべて');
  });

  it('3(2): いいえ with one reason per gap and the systems as records', async () => {
    const f = await facility();
    await goodSystem(f, '電子カルテ');
    // No plan at all, never drilled.
    const lab = await asset(f, '検査システム', 2);
    // Only an online NAS (no offline copy, single method), no procedure anywhere, a drill that restored partly.
    const pacs = await asset(f, 'PACS');
    await plan(f, pacs, { medium: 'nas', restoreProcedure: null });
    await drill(f, pacs, { finishedDaysAgo: 30, restored: 'partial', result: 'failed' });
    // Offline tape with 2 generations, no data scope on any plan, drill older than 12 months.
    const rx = await asset(f, '薬剤システム', 2);
    await plan(f, rx, { medium: 'tape', disconnected: true, generations: 2, scopes: ['system_image'], everyDays: 7 });
    await plan(f, rx, { medium: 'nas', scopes: ['configuration'] });
    await drill(f, rx, { finishedDaysAgo: 400 });
    const s = await evaluate(f, 'backups');
    expect(s.value).toBe('no');
    expect(s.reasons).toEqual([
      { key: 'backups_no_offline_copy', params: { system: 'PACS' } },
      { key: 'backups_single_method', params: { system: 'PACS' } },
      { key: 'backups_no_procedure', params: { system: 'PACS' } },
      { key: 'backups_drill_not_full', params: { system: 'PACS', date: '2026-03-02' } },
      { key: 'backups_no_plan', params: { system: '検査システム' } },
      { key: 'backups_never_drilled', params: { system: '検査システム' } },
      { key: 'backups_few_generations', params: { system: '薬剤システム', generations: 2, min: 3 } },
      { key: 'backups_data_not_covered', params: { system: '薬剤システム' } },
      { key: 'backups_drill_old', params: { system: '薬剤システム', date: '2025-02-25' } },
    ]);
    expect(s.records.map((r) => r.label)).toEqual(['PACS', '検査システム', '薬剤システム']);
    expect(s.records.every((r) => r.type === 'asset')).toBe(true);
    expect(s.records.map((r) => r.id)).toContain(lab);
  });

  it('3(2): many systems without a plan or a drill are one reason each, the records list them all', async () => {
    const f = await facility();
    await goodSystem(f, '電子カルテ');
    for (const name of ['端末PC-01', '端末PC-02', '端末PC-03', '端末PC-04', '端末PC-05']) await asset(f, name, 2);
    const s = await evaluate(f, 'backups');
    expect(s.value).toBe('no');
    expect(s.reasons).toEqual([
      { key: 'backups_no_plan_many', params: { count: 5, examples: '端末PC-01、端末PC-02、端末PC-03' } },
      { key: 'backups_never_drilled_many', params: { count: 5, examples: '端末PC-01、端末PC-02、端末PC-03' } },
    ]);
    expect(renderReason(s.reasons[0]!, 'ja')).toBe('診療に必要なシステム(重要度1〜2)のうち5件にバックアップの計画がありません(端末PC-01、端末PC-02、端末PC-03 など)');
    expect(s.records).toHaveLength(5);
  });

  it('3(2): a stale offline copy says so in Japanese, and turns fresh again with a new success; a drill that missed its RTO is context', async () => {
    const f = await facility();
    const emr = await asset(f, '電子カルテ');
    await plan(f, emr, { medium: 'nas' });
    const tape = await plan(f, emr, { medium: 'tape', disconnected: true, everyDays: 7, lastSuccessDaysAgo: 9 });
    await drill(f, emr, { finishedDaysAgo: 60, restored: 'full', result: 'failed' });
    const s = await evaluate(f, 'backups');
    expect(s.value).toBe('no');
    expect(keys(s)).toEqual(['backups_offline_stale', 'backups_drill_missed_target']);
    expect(renderReason(s.reasons[0]!, 'ja')).toBe('電子カルテのオフラインバックアップが9日間成功していません');
    expect(renderReason(s.reasons[0]!, 'en')).toBe('The offline backup of 電子カルテ has not succeeded for 9 days');
    // A failed run changes nothing; a new success makes the copy fresh again.
    await run(f, tape, daysAgo(1), 'failed');
    expect((await evaluate(f, 'backups')).value).toBe('no');
    await run(f, tape, daysAgo(0.5), 'success');
    const after = await evaluate(f, 'backups');
    expect(after.value).toBe('yes');
    expect(keys(after)).toEqual(['backups_ok', 'backups_drill_missed_target']);
    // Months later with the clock: the copies and the drill age.
    const later = new Date(NOW.getTime() + 320 * 86_400_000);
    const aged = await evaluate(f, 'backups', later);
    expect(aged.value).toBe('no');
    expect(keys(aged)).toEqual(['backups_stale', 'backups_offline_stale', 'backups_drill_old']);
  });

  it('3(2): an offline copy that never succeeded, and retired plans that leave the rule', async () => {
    const f = await facility();
    const emr = await asset(f, '電子カルテ');
    await plan(f, emr, { medium: 'nas' });
    await plan(f, emr, { medium: 'cloud', cloudImmutable: true, lastSuccessDaysAgo: null });
    await plan(f, emr, { medium: 'tape', disconnected: true, lastSuccessDaysAgo: 100, retired: true });
    await drill(f, emr, { finishedDaysAgo: 10 });
    const s = await evaluate(f, 'backups');
    expect(keys(s)).toEqual(['backups_offline_never']);
  });

  it('3(3): いいえ without a BCP, with only a draft (第1版) or a version waiting for approval', async () => {
    const f = await facility();
    const none = await evaluate(f, 'bcp');
    expect(none.value).toBe('no');
    expect(keys(none)).toEqual(['bcp_none', 'bcp_exercise_none']);
    await bcp(f, 1, 'draft');
    const draft = await evaluate(f, 'bcp');
    expect(draft.value).toBe('no');
    expect(draft.reasons[0]).toEqual({ key: 'bcp_draft_only', params: { number: 1 } });
    expect(renderReason(draft.reasons[0]!, 'ja')).toBe('BCPは下書き(第1版)のまま承認されていません');
    await db().updateTable('bcp_versions').set({ status: 'in_review' }).where('facility_id', '=', f).execute();
    expect((await evaluate(f, 'bcp')).reasons[0]).toEqual({ key: 'bcp_in_review', params: { number: 1 } });
  });

  it('3(3): はい with an approved BCP within 12 months (exercise is context), いいえ once the review is overdue', async () => {
    const f = await facility();
    await bcp(f, 1, 'superseded', '2024-06-01T01:00:00Z');
    await bcp(f, 2, 'approved', '2025-06-10T01:00:00Z');
    await bcp(f, 3, 'draft');
    const s = await evaluate(f, 'bcp');
    expect(s.value).toBe('yes');
    expect(s.reasons).toEqual([
      { key: 'bcp_approved', params: { number: 2, date: '2025-06-10', dueOn: '2026-06-09' } },
      { key: 'bcp_incomplete', params: { count: 6 } },
      { key: 'bcp_revision_open', params: { number: 3 } },
      { key: 'bcp_exercise_none' },
    ]);
    await exercise(f, '2025-11-12');
    await exercise(f, '2026-05-01', 'planned');
    expect((await evaluate(f, 'bcp')).reasons.at(-1)).toEqual({ key: 'bcp_exercise_recent', params: { date: '2025-11-12' } });
    // 2026-06-10 JST: one day past the review date (approval day + 12 months − 1 day, bcp.ts).
    const overdue = await evaluate(f, 'bcp', new Date('2026-06-09T15:00:00Z'));
    expect(overdue.value).toBe('no');
    expect(overdue.reasons[0]).toEqual({ key: 'bcp_review_overdue', params: { number: 2, date: '2025-06-10' } });
    // On the due day itself it still counts.
    expect((await evaluate(f, 'bcp', new Date('2026-06-09T14:59:00Z'))).value).toBe('yes');
  });

  it('3(2): a drill counts within the system\'s own interval (its recovery target), as on the drill schedule', async () => {
    const f = await facility();
    const a = await asset(f, '電子カルテ');
    await plan(f, a, { medium: 'nas' });
    await plan(f, a, { medium: 'tape', disconnected: true, everyDays: 7, lastSuccessDaysAgo: 3 });
    await drill(f, a, { finishedDaysAgo: 540 });
    // 18 months ago: too old at the default 12 months…
    expect(keys(await evaluate(f, 'backups'))).toContain('backups_drill_old');
    // …but within a 24-month interval set for this system.
    await db().insertInto('recovery_targets').values({ asset_id: a, facility_id: f, rto_hours: 8, rpo_hours: 24, drill_interval_months: 24, recovery_notes: null, version: 1, updated_at: NOW.toISOString() }).execute();
    expect((await evaluate(f, 'backups')).value).toBe('yes');
  });

  it('3(3): the review date follows the plan\'s own review cycle (基本方針), as the BCP page shows it', async () => {
    const f = await facility();
    await bcp(f, 1, 'approved', '2025-03-10T01:00:00Z', JSON.stringify({ basics: { reviewCycleMonths: 24 } }));
    const s = await evaluate(f, 'bcp');
    expect(s.value).toBe('yes');
    expect(s.reasons[0]).toEqual({ key: 'bcp_approved', params: { number: 1, date: '2025-03-10', dueOn: '2027-03-09' } });
  });

  it('3(2): a server an application runs on is part of that system; a standalone server, or a PC of criticality 1, is not a system without a plan', async () => {
    const f = await facility();
    const emr = await goodSystem(f, '電子カルテ');
    await db().updateTable('assets').set({ type: 'application' }).where('id', '=', emr).execute();
    const dbServer = await asset(f, '電子カルテDBサーバ');
    await db().insertInto('asset_relations').values({ id: newId(), facility_id: f, from_asset_id: emr, to_asset_id: dbServer, kind: 'runs_on', created_at: NOW.toISOString() }).execute();
    await asset(f, 'ナースステーションPC', 1, { type: 'client_pc' });
    expect((await evaluate(f, 'backups')).value).toBe('yes');
    const dc = await asset(f, 'ドメインコントローラ');
    const s = await evaluate(f, 'backups');
    expect(s.value).toBe('no');
    expect(s.records.map((r) => r.id)).toEqual([dc]);
    // Once someone records a plan for the PC, it is counted too.
    const pc = (await db().selectFrom('assets').select('id').where('facility_id', '=', f).where('name', '=', 'ナースステーションPC').executeTakeFirstOrThrow()).id;
    await plan(f, pc, { medium: 'nas' });
    expect((await evaluate(f, 'backups')).records.map((r) => r.id).sort()).toEqual([dc, pc].sort());
  });
});
