import { describe, expect, it } from 'vitest';
import type { BackupOverviewDto, BackupPlanDto } from '../../../../shared/contracts/resilience-backups.contract.ts';
import {
  backupProblems,
  formIsOffline,
  formatBytes,
  jstInputToIso,
  overviewVerdict,
  parseBytes,
  planApiQuery,
  planBody,
  planFiltersFromParams,
  planFormValues,
  planFreshnessText,
  planName,
  warningText,
  webhookCurl,
  webhookExample,
  durationParts,
} from './backups.ts';

const EMR = '0190a000-0000-7000-8000-000000000001';
const PACS = '0190a000-0000-7000-8000-000000000002';
const LAB = '0190a000-0000-7000-8000-000000000003';
const PLAN1 = '0190a000-0000-7000-8000-0000000000a1';
const PLAN2 = '0190a000-0000-7000-8000-0000000000a2';

type Overview = Pick<BackupOverviewDto, 'findings' | 'freshnessWarnings' | 'criticalSystems' | 'counts'>;
const system = (id: string, name: string, criticality: 1 | 2) => ({
  id,
  name,
  type: 'server' as const,
  criticality,
  plans: 1,
  offlinePlans: 0,
  media: [],
  lastSuccessAt: null,
  lastOfflineSuccessAt: null,
  stalePlans: 0,
  findingCodes: [],
});
const counts = (criticalSystems: number): BackupOverviewDto['counts'] => ({
  plans: 0,
  offlinePlans: 0,
  freshPlans: 0,
  stalePlans: 0,
  neverPlans: 0,
  retiredPlans: 0,
  criticalSystems,
  coveredSystems: 0,
  findings: 0,
  runsLast30Days: 0,
  failedRunsLast30Days: 0,
});

function overview(partial: Partial<Overview>): Overview {
  return {
    findings: [],
    freshnessWarnings: [],
    criticalSystems: [system(EMR, '電子カルテ', 1), system(PACS, 'PACS', 2), system(LAB, '検査システム', 2)],
    counts: counts(3),
    ...partial,
  };
}

describe('backupProblems', () => {
  it('words findings and stale copies as the shared sentences, worst first, each with its next step', () => {
    const o = overview({
      findings: [
        { code: 'single_method', systemId: EMR, params: { system: '電子カルテ', medium: 'nas' } },
        { code: 'no_plan', systemId: LAB, params: { system: '検査システム' } },
        { code: 'few_generations', systemId: PACS, params: { system: 'PACS', generations: 1, min: 3 } },
      ],
      freshnessWarnings: [
        { code: 'backup_stale', planId: PLAN2, systemId: PACS, params: { system: 'PACS', kind: 'online' }, offline: false, daysSinceSuccess: 4, lastSuccessAt: '2026-03-28T17:00:00.000Z' },
        { code: 'backup_stale', planId: PLAN1, systemId: EMR, params: { system: '電子カルテ', kind: 'offline' }, offline: true, daysSinceSuccess: 9, lastSuccessAt: '2026-03-23T17:00:00.000Z' },
      ],
    });
    const ja = backupProblems(o, 'ja');
    expect(ja.map((p) => p.text)).toEqual([
      '電子カルテのオフラインバックアップが9日間成功していません',
      '検査システム: バックアップの計画がありません',
      'PACS: オフラインのバックアップの保管世代数が1世代で、必要な3世代に足りません',
      '電子カルテ: バックアップの方法が1つ(NAS)だけです。複数の方法で取得してください',
      'PACSのバックアップが4日間成功していません',
    ]);
    expect(ja[1]!.steps).toEqual([{ kind: 'addPlan', systemId: LAB }]);
    expect(ja[1]!.tone).toBe('danger');
    expect(ja[0]!.steps).toEqual([
      { kind: 'recordRun', planId: PLAN1, name: '電子カルテ' },
      { kind: 'openPlan', planId: PLAN1 },
    ]);
    expect(ja[0]!.tone).toBe('danger');
    expect(ja[2]!.steps).toEqual([{ kind: 'openSystemPlans', systemId: PACS }]);
    expect(ja[2]!.tone).toBe('warn');
    expect(ja[4]!.tone).toBe('warn');
    const en = backupProblems(o, 'en');
    expect(en[0]!.text).toBe('The offline backup of 電子カルテ has not succeeded for 9 days');
  });

  it('puts stale offline copies first (never-succeeded before long-stale), then the more critical system within one kind', () => {
    const o = overview({
      findings: [
        { code: 'no_offline_copy', systemId: PACS, params: { system: 'PACS' } },
        { code: 'no_offline_copy', systemId: EMR, params: { system: '電子カルテ' } },
      ],
      freshnessWarnings: [
        { code: 'backup_stale', planId: PLAN2, systemId: EMR, params: { system: '電子カルテ', kind: 'offline' }, offline: true, daysSinceSuccess: 30, lastSuccessAt: '2026-03-01T00:00:00.000Z' },
        { code: 'backup_never', planId: PLAN1, systemId: EMR, params: { system: '電子カルテ', kind: 'offline' }, offline: true, daysSinceSuccess: null, lastSuccessAt: null },
      ],
    });
    expect(backupProblems(o, 'ja').map((p) => p.text)).toEqual([
      '電子カルテのオフラインバックアップは一度も成功していません',
      '電子カルテのオフラインバックアップが30日間成功していません',
      '電子カルテ: オフラインまたは書換え不能なバックアップがありません',
      'PACS: オフラインまたは書換え不能なバックアップがありません',
    ]);
  });

  it('is empty when nothing is wrong; fresh entries are not problems', () => {
    const o = overview({
      freshnessWarnings: [{ code: 'backup_fresh', planId: PLAN1, systemId: EMR, params: { system: '電子カルテ', kind: 'offline' }, offline: true, daysSinceSuccess: 0, lastSuccessAt: '2026-04-01T00:00:00.000Z' }],
    });
    expect(backupProblems(o, 'ja')).toEqual([]);
  });
});

describe('overviewVerdict', () => {
  it('says all good only when there are critical systems and no problem', () => {
    expect(overviewVerdict(overview({}))).toBe('allGood');
    expect(overviewVerdict(overview({ counts: counts(0), criticalSystems: [] }))).toBe('noSystems');
    expect(overviewVerdict(overview({ findings: [{ code: 'no_plan', systemId: EMR, params: { system: 'x' } }] }))).toBe('problems');
    expect(
      overviewVerdict(
        overview({ freshnessWarnings: [{ code: 'backup_never', planId: PLAN1, systemId: EMR, params: { system: 'x', kind: 'online' }, offline: false, daysSinceSuccess: null, lastSuccessAt: null }] }),
      ),
    ).toBe('problems');
  });
});

function planDto(over: Partial<BackupPlanDto> = {}): BackupPlanDto {
  return {
    id: PLAN1,
    facilityId: EMR,
    system: { id: EMR, name: '電子カルテ', type: 'server', criticality: 1, deleted: false },
    label: null,
    scopes: ['data'],
    tool: null,
    medium: 'tape',
    disconnected: true,
    cloudImmutable: false,
    networkSeparated: false,
    offline: true,
    generations: 7,
    everyDays: 1,
    scheduleNote: null,
    location: 'off_site',
    storagePlace: null,
    encrypted: false,
    keyHolder: null,
    runBy: 'staff',
    vendor: null,
    restoreProcedure: null,
    externalKey: null,
    notes: null,
    freshness: {
      status: 'stale',
      lastSuccessAt: '2026-03-23T17:00:00.000Z',
      daysSinceSuccess: 9,
      dueBy: '2026-03-26',
      lastRunAt: null,
      lastRunStatus: null,
      reason: { code: 'backup_stale', params: {} },
    },
    runCount: 1,
    retiredAt: null,
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

describe('plan texts', () => {
  it('names a plan by its label, else system and medium', () => {
    expect(planName(planDto(), 'ja')).toBe('電子カルテ · テープ');
    expect(planName(planDto({ label: '日次テープ' }), 'ja')).toBe('日次テープ');
    expect(planName(planDto(), 'en')).toBe('電子カルテ · Tape');
  });

  it('words the freshness of a plan with the shared rule', () => {
    expect(planFreshnessText(planDto(), 'ja')).toBe('電子カルテのオフラインバックアップが9日間成功していません');
    expect(planFreshnessText(planDto({ medium: 'nas', disconnected: false, offline: false }), 'ja')).toBe('電子カルテのバックアップが9日間成功していません');
    const fresh = planDto({ freshness: { ...planDto().freshness, status: 'fresh', daysSinceSuccess: 0, lastSuccessAt: '2026-03-31T16:00:00.000Z' } });
    expect(planFreshnessText(fresh, 'ja')).toBe('電子カルテのオフラインバックアップは2026年4月1日に成功しています');
  });

  it('words an overview warning without the plan at hand', () => {
    expect(
      warningText({ code: 'backup_never', planId: PLAN1, systemId: EMR, params: { system: '電子カルテ', kind: 'online' }, offline: false, daysSinceSuccess: null, lastSuccessAt: null }, 'ja'),
    ).toBe('電子カルテのバックアップは一度も成功していません');
  });
});

describe('the plan form', () => {
  it('builds a trimmed body and drops switches that do not apply to the medium', () => {
    const v = { ...planFormValues(undefined, EMR), medium: 'nas', disconnected: true, cloudImmutable: true, label: '  ', tool: ' Veeam ', encrypted: false, keyHolder: '事務長', generations: '14', everyDays: 7 };
    const body = planBody(v);
    expect(body).toMatchObject({ assetId: EMR, label: null, tool: 'Veeam', medium: 'nas', disconnected: false, cloudImmutable: false, keyHolder: null, generations: 14, everyDays: 7, vendorId: null });
    expect(formIsOffline(v)).toBe(false);
    expect(formIsOffline({ ...v, medium: 'external_hdd', disconnected: true })).toBe(true);
    expect(formIsOffline({ ...v, medium: 'cloud', cloudImmutable: true })).toBe(true);
    expect(formIsOffline({ ...v, networkSeparated: true })).toBe(true);
    expect(planBody({ ...v, encrypted: true }).keyHolder).toBe('事務長');
  });

  it('keeps the scopes in the vocabulary order and fills the form from a plan', () => {
    expect(planBody({ ...planFormValues(), assetId: EMR, medium: 'tape', scopes: ['configuration', 'data'] }).scopes).toEqual(['data', 'configuration']);
    const values = planFormValues(planDto({ vendor: { id: PACS, name: 'X社' } }));
    expect(values).toMatchObject({ assetId: EMR, medium: 'tape', disconnected: true, vendorId: PACS, generations: 7 });
  });
});

describe('filters in the URL', () => {
  it('reads known values only and builds the API query', () => {
    const f = planFiltersFromParams(new URLSearchParams('q=%20tape&medium=floppy&offline=true&stale=maybe&retired=all&page=3&assetId=bad%20id'));
    expect(f).toEqual({ q: ' tape', assetId: '', medium: '', offline: 'true', stale: '', retired: 'all', page: 3 });
    expect(planApiQuery(f)).toEqual({ q: 'tape', assetId: undefined, medium: undefined, offline: 'true', stale: undefined, retired: 'all', page: 3, pageSize: 50 });
    expect(planFiltersFromParams(new URLSearchParams('page=-4')).page).toBe(1);
  });
});

describe('run form helpers', () => {
  it('reads a datetime-local value as JST', () => {
    expect(jstInputToIso('2026-04-01T10:00')).toBe('2026-04-01T10:00:00+09:00');
    expect(jstInputToIso('2026-04-01')).toBeNull();
    expect(jstInputToIso('')).toBeNull();
  });

  it('parses and formats sizes', () => {
    expect(parseBytes('')).toBeNull();
    expect(parseBytes('1024')).toBe(1024);
    expect(parseBytes('1.5 GB')).toBe(1_610_612_736);
    expect(parseBytes('800mb')).toBe(838_860_800);
    expect(parseBytes('2 TiB')).toBe(2 * 1024 ** 4);
    expect(parseBytes('1,000')).toBe(1000);
    expect(parseBytes('lots')).toBeNaN();
    expect(formatBytes(null)).toBeNull();
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1_610_612_736)).toBe('1.5 GB');
    expect(formatBytes(50 * 1024 ** 3)).toBe('50 GB');
    expect(formatBytes(150 * 1024 ** 2)).toBe('150 MB');
  });

  it('splits a duration', () => {
    expect(durationParts(3725)).toEqual({ h: 1, m: 2, s: 5 });
    expect(durationParts(-3)).toEqual({ h: 0, m: 0, s: 0 });
  });
});

describe('webhook help', () => {
  it('shows a valid JSON body and a curl line with a placeholder token', () => {
    const json = webhookExample('EMR-daily', new Date('2026-04-01T01:23:45.678Z'));
    const body = JSON.parse(json) as Record<string, unknown>;
    expect(body).toMatchObject({ job: 'EMR-daily', status: 'success', finishedAt: '2026-04-01T01:23:00.000Z', startedAt: '2026-04-01T00:38:00.000Z' });
    const curl = webhookCurl('https://mamori.example', json);
    expect(curl).toContain("'https://mamori.example/api/v1/backup-results'");
    expect(curl).toContain('Bearer YOUR_API_TOKEN');
    expect(curl).toContain('"job":"EMR-daily"');
  });
});
