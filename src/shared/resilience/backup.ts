import { z } from 'zod';
import { CRITICALITIES, type AssetType, type Criticality } from '../ledger.ts';
import { fillSentence } from './sentences.ts';

/**
 * Backups (MHLW checklist 3(2); 診療録管理体制加算 facility criterion (11)): the vocabulary of backup plans and runs, the
 * coverage rules for systems needed for care, and the freshness of each plan. Pure: the server maps its rows onto these
 * types (ids are strings, timestamps ISO UTC with Z, dates YYYY-MM-DD in JST), the UI and the binder show the labels and
 * sentences, a checklist rule turns the findings into reasons.
 *
 * One plan describes ONE copy: one system (a ledger asset), one medium, one place. A system backed up to a NAS and to
 * tape has two plans; "several methods" is then simply several distinct media across a system's plans.
 */

export type BackupLocale = 'ja' | 'en';
type Labels<K extends string> = Record<K, { ja: string; en: string }>;

// ── Vocabulary ─────────────────────────────────────────────────────────────────────────────────────

/** What a plan copies. */
export const BACKUP_SCOPES = ['data', 'system_image', 'configuration'] as const;
export type BackupScope = (typeof BACKUP_SCOPES)[number];
export const BACKUP_SCOPE_LABELS: Labels<BackupScope> = {
  data: { ja: 'データ', en: 'Data' },
  system_image: { ja: 'システムイメージ', en: 'System image' },
  configuration: { ja: '設定', en: 'Configuration' },
};

/** Where the copy is written. */
export const BACKUP_MEDIA = ['online_disk', 'nas', 'tape', 'optical', 'external_hdd', 'cloud', 'immutable', 'offline_copy'] as const;
export type BackupMedium = (typeof BACKUP_MEDIA)[number];
export const BACKUP_MEDIUM_LABELS: Labels<BackupMedium> = {
  online_disk: { ja: 'オンラインディスク', en: 'Online disk' },
  nas: { ja: 'NAS', en: 'NAS' },
  tape: { ja: 'テープ', en: 'Tape' },
  optical: { ja: '光ディスク', en: 'Optical disc' },
  external_hdd: { ja: '外付けHDD', en: 'External HDD' },
  cloud: { ja: 'クラウド', en: 'Cloud' },
  immutable: { ja: '書換え不能ストレージ(WORM・オブジェクトロック)', en: 'Immutable storage (WORM / object lock)' },
  offline_copy: { ja: 'オフラインコピー(切り離し保管)', en: 'Offline copy (disconnected)' },
};

/** Removable media that count as offline only when they are kept disconnected after the run (`disconnected`). */
export const REMOVABLE_MEDIA: readonly BackupMedium[] = ['tape', 'optical', 'external_hdd'];

export const BACKUP_LOCATIONS = ['on_site', 'off_site'] as const;
export type BackupLocation = (typeof BACKUP_LOCATIONS)[number];
export const BACKUP_LOCATION_LABELS: Labels<BackupLocation> = {
  on_site: { ja: '院内', en: 'On site' },
  off_site: { ja: '院外', en: 'Off site' },
};

export const BACKUP_RUNNERS = ['staff', 'vendor'] as const;
export type BackupRunner = (typeof BACKUP_RUNNERS)[number];
export const BACKUP_RUNNER_LABELS: Labels<BackupRunner> = {
  staff: { ja: '職員', en: 'Staff' },
  vendor: { ja: '委託事業者', en: 'Vendor' },
};

export const BACKUP_RUN_STATUSES = ['success', 'failed', 'partial'] as const;
export type BackupRunStatus = (typeof BACKUP_RUN_STATUSES)[number];
export const BACKUP_RUN_STATUS_LABELS: Labels<BackupRunStatus> = {
  success: { ja: '成功', en: 'Succeeded' },
  failed: { ja: '失敗', en: 'Failed' },
  partial: { ja: '一部失敗', en: 'Partly failed' },
};

/**
 * The ledger types that are "systems" for the backup and drill rules: applications (電子カルテ, PACS …), servers, data
 * stores and cloud services. A PC, a switch or a bedside monitor of criticality 1 is not expected to have a backup of its
 * own, and a server an application runs on (`runs_on` in the ledger) is part of that application's system, covered by
 * its plans and drills; once someone records a backup plan (or a recovery target) for any asset, that asset is counted
 * too. The server applies this in SQL (backup-plan.repository.ts `isBackupSystem`).
 */
export const BACKUP_SYSTEM_TYPES: readonly AssetType[] = ['application', 'server', 'data_store', 'cloud_service'];

// ── Plans and runs ─────────────────────────────────────────────────────────────────────────────────

const isoUtc = z.iso.datetime(); // UTC with Z only (no offset)

export const ZBackupPlan = z.object({
  id: z.string().min(1),
  /** The ledger asset (system) the plan protects. */
  systemId: z.string().min(1),
  systemName: z.string().min(1),
  criticality: z.literal(CRITICALITIES),
  scopes: z.array(z.enum(BACKUP_SCOPES)).min(1),
  medium: z.enum(BACKUP_MEDIA),
  /** For tape, optical and external HDD: the medium is unplugged / taken out of the drive and stored away after each run. */
  disconnected: z.boolean(),
  /** For cloud: the bucket or vault has a non-appendable area (object lock, WORM retention) the hospital cannot rewrite. */
  cloudImmutable: z.boolean(),
  /** The backup target sits on a network segment separated (logically or physically) from the systems it copies. */
  networkSeparated: z.boolean(),
  /** Generations (versions) kept on this copy. */
  generations: z.number().int().min(0),
  schedule: z.object({ everyDays: z.number().int().min(1) }),
  location: z.enum(BACKUP_LOCATIONS),
  encrypted: z.boolean(),
  /** Who holds the encryption key (a name or role); null when not encrypted or not recorded. */
  keyHolder: z.string().nullable(),
  runBy: z.enum(BACKUP_RUNNERS),
});
export type BackupPlan = z.infer<typeof ZBackupPlan>;

export const ZBackupRun = z
  .object({
    planId: z.string().min(1),
    startedAt: isoUtc,
    finishedAt: isoUtc,
    status: z.enum(BACKUP_RUN_STATUSES),
    bytes: z.number().int().min(0).optional(),
    restoreTested: z.boolean().optional(),
  })
  .refine((r) => Date.parse(r.finishedAt) >= Date.parse(r.startedAt), { message: 'finishedAt is before startedAt', path: ['finishedAt'] });
export type BackupRun = z.infer<typeof ZBackupRun>;

/** A system (ledger asset) the coverage rules look at. */
export interface BackupSystem {
  id: string;
  name: string;
  criticality: Criticality;
}

export interface BackupPolicy {
  /** Generations the offline copy must keep. */
  minGenerations: number;
  /** Systems of this criticality or more critical (a lower number) must be covered. */
  maxCriticality: Criticality;
  /** Days past the schedule before a plan is stale. */
  graceDays: number;
}
export const DEFAULT_BACKUP_POLICY: BackupPolicy = { minGenerations: 3, maxCriticality: 2, graceDays: 1 };

// ── The offline rule ───────────────────────────────────────────────────────────────────────────────

/**
 * Whether a plan's copy counts as offline for the 診療録管理体制加算 (facility criterion (11): backups by several methods,
 * part of them kept offline). Following 疑義解釈資料(その7), 2024-05-31:
 *  - a copy on a network separated logically or physically from the systems counts as 切り離し → `networkSeparated`;
 *  - backup devices or cloud services with a non-appendable (追記不能) area — WORM, object lock — count as offline,
 *    provided the data can be restored in an emergency → medium `immutable`, or `cloud` with `cloudImmutable`;
 *  - a copy taken off the network is offline → medium `offline_copy`, or tape / optical disc / external HDD that is
 *    `disconnected` (removed from the drive or unplugged and stored away) after the run. The same media left attached
 *    are online: ransomware reaches them like any disk.
 * Whether the copy can really be restored is the restore drill's question, not this rule's.
 */
export function isOfflineCopy(plan: Pick<BackupPlan, 'medium' | 'disconnected' | 'cloudImmutable' | 'networkSeparated'>): boolean {
  if (plan.networkSeparated) return true;
  switch (plan.medium) {
    case 'offline_copy':
    case 'immutable':
      return true;
    case 'cloud':
      return plan.cloudImmutable;
    case 'tape':
    case 'optical':
    case 'external_hdd':
      return plan.disconnected;
    case 'online_disk':
    case 'nas':
      return false;
  }
}

// ── Coverage findings ──────────────────────────────────────────────────────────────────────────────

export const BACKUP_FINDING_CODES = ['no_plan', 'no_offline_copy', 'few_generations', 'data_not_covered', 'single_method'] as const;
export type BackupFindingCode = (typeof BACKUP_FINDING_CODES)[number];

export interface BackupFinding {
  code: BackupFindingCode;
  systemId: string;
  /** Always `system` (its name); plus `generations`, `min` for few_generations and `medium` (a label key) for single_method. */
  params: Record<string, string | number>;
}

/**
 * The sentences of the findings. `{name}` is a parameter; `{n:one|other}` picks the English singular or plural by a
 * number (the syntax of assessments/reasons.ts). `{medium}` is a BackupMedium and is written as its label.
 */
export const BACKUP_FINDING_TEXT: Record<BackupFindingCode, { ja: string; en: string }> = {
  no_plan: { ja: '{system}: バックアップの計画がありません', en: '{system}: there is no backup plan' },
  no_offline_copy: { ja: '{system}: オフラインまたは書換え不能なバックアップがありません', en: '{system}: there is no offline or immutable backup' },
  few_generations: {
    ja: '{system}: オフラインのバックアップの保管世代数が{generations}世代で、必要な{min}世代に足りません',
    en: '{system}: the offline backup keeps {generations} {generations:generation|generations}, fewer than the {min} required',
  },
  data_not_covered: { ja: '{system}: データがバックアップの対象に含まれていません', en: '{system}: the data are not included in any backup' },
  single_method: {
    ja: '{system}: バックアップの方法が1つ({medium})だけです。複数の方法で取得してください',
    en: '{system}: there is only one backup method ({medium}); keep backups by several methods',
  },
};

/**
 * Coverage findings for each system of criticality 1–2 (policy.maxCriticality), in the order of `systems`:
 * no plan at all (and nothing else, since every other finding follows from it); otherwise no offline copy, or too few
 * generations on the best offline copy; data not covered by any plan; a single method (one distinct medium) where the
 * 加算 asks for several. Plans of systems not in `systems` are ignored.
 */
export function coverageFindings(
  systems: readonly BackupSystem[],
  plans: readonly BackupPlan[],
  policy: Partial<BackupPolicy> = {},
): BackupFinding[] {
  const { minGenerations, maxCriticality } = { ...DEFAULT_BACKUP_POLICY, ...policy };
  const out: BackupFinding[] = [];
  for (const s of systems) {
    if (s.criticality > maxCriticality) continue;
    const mine = plans.filter((p) => p.systemId === s.id);
    const base = { system: s.name };
    const add = (code: BackupFindingCode, params: Record<string, string | number> = {}) => out.push({ code, systemId: s.id, params: { ...base, ...params } });
    if (mine.length === 0) {
      add('no_plan');
      continue;
    }
    const offline = mine.filter(isOfflineCopy);
    if (offline.length === 0) add('no_offline_copy');
    else {
      const best = Math.max(...offline.map((p) => p.generations));
      if (best < minGenerations) add('few_generations', { generations: best, min: minGenerations });
    }
    if (!mine.some((p) => p.scopes.includes('data'))) add('data_not_covered');
    const media = [...new Set(mine.map((p) => p.medium))];
    if (media.length < 2) add('single_method', { medium: media[0]! });
  }
  return out;
}

/** Writes a `{medium}` parameter as its label. */
function fill(template: string, params: Record<string, string | number>, locale: BackupLocale): string {
  return fillSentence(template, params, locale, (name, v) =>
    name === 'medium' && typeof v === 'string' && v in BACKUP_MEDIUM_LABELS ? BACKUP_MEDIUM_LABELS[v as BackupMedium][locale] : undefined,
  );
}

/** A finding as one sentence (no closing punctuation): 「電子カルテ: オフラインまたは書換え不能なバックアップがありません」. */
export function renderBackupFinding(f: Pick<BackupFinding, 'code' | 'params'>, locale: BackupLocale): string {
  return fill(BACKUP_FINDING_TEXT[f.code][locale], f.params, locale);
}

// ── Freshness ──────────────────────────────────────────────────────────────────────────────────────

export type FreshnessState = 'fresh' | 'stale' | 'never';
export interface PlanFreshness {
  /** finishedAt of the latest successful run that finished by `now`; null when none. */
  lastSuccessAt: string | null;
  /** JST calendar days from the day of the last success to today (0 = today); null when none. */
  daysSinceSuccess: number | null;
  state: FreshnessState;
  /** The last JST day (YYYY-MM-DD) a success may arrive before the plan turns stale; null when never succeeded. */
  dueBy: string | null;
}

const DAY_MS = 86_400_000;
const JST_MS = 9 * 3_600_000;
/** The JST calendar day of a moment, as a day number (days since 1970-01-01 JST). */
function jstDayNumber(ms: number): number {
  return Math.floor((ms + JST_MS) / DAY_MS);
}
function dayNumberToDate(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Freshness of one plan at `now`. Days are counted in JST calendar days, as people in the hospital count them: a
 * success at 23:59 JST on 4月1日 is "1 day ago" at 00:00 on 4月2日, and a daily backup is on time whatever hour of
 * the day it runs. The plan is stale when today (JST) is later than `dueBy` = the day of the last success +
 * schedule.everyDays + graceDays; `never` when no run has succeeded. Only `success` counts (a partial run is not a
 * usable copy); runs of other plans and runs finished after `now` (clock skew) are ignored.
 */
export function planFreshness(
  plan: Pick<BackupPlan, 'id' | 'schedule'>,
  runs: readonly BackupRun[],
  now: Date,
  policy: Partial<Pick<BackupPolicy, 'graceDays'>> = {},
): PlanFreshness {
  const graceDays = policy.graceDays ?? DEFAULT_BACKUP_POLICY.graceDays;
  const nowMs = now.getTime();
  let last: { iso: string; ms: number } | null = null;
  for (const r of runs) {
    if (r.planId !== plan.id || r.status !== 'success') continue;
    const ms = Date.parse(r.finishedAt);
    if (Number.isNaN(ms) || ms > nowMs) continue;
    if (!last || ms > last.ms) last = { iso: r.finishedAt, ms };
  }
  if (!last) return { lastSuccessAt: null, daysSinceSuccess: null, state: 'never', dueBy: null };
  const lastDay = jstDayNumber(last.ms);
  const today = jstDayNumber(nowMs);
  const due = lastDay + plan.schedule.everyDays + graceDays;
  return {
    lastSuccessAt: new Date(last.ms).toISOString(),
    daysSinceSuccess: today - lastDay,
    state: today > due ? 'stale' : 'fresh',
    dueBy: dayNumberToDate(due),
  };
}

export const FRESHNESS_CODES = ['backup_fresh', 'backup_stale', 'backup_never'] as const;
export type FreshnessCode = (typeof FRESHNESS_CODES)[number];
export const FRESHNESS_TEXT: Record<FreshnessCode, { ja: string; en: string }> = {
  backup_fresh: {
    ja: '{system}の{kind}は{date}に成功しています',
    en: 'The {kind} of {system} last succeeded on {date}',
  },
  backup_stale: {
    ja: '{system}の{kind}が{days}日間成功していません',
    en: 'The {kind} of {system} has not succeeded for {days} {days:day|days}',
  },
  backup_never: {
    ja: '{system}の{kind}は一度も成功していません',
    en: 'The {kind} of {system} has never succeeded',
  },
};
const KIND = { offline: { ja: 'オフラインバックアップ', en: 'offline backup' }, online: { ja: 'バックアップ', en: 'backup' } };

/**
 * The freshness of a plan as a code and params, for a checklist rule or a warning list. `kind` is 'offline' or
 * 'online' (by `isOfflineCopy`), `date` the JST day of the last success.
 */
export function freshnessReason(plan: BackupPlan, f: PlanFreshness): { code: FreshnessCode; planId: string; systemId: string; params: Record<string, string | number> } {
  const params: Record<string, string | number> = { system: plan.systemName, kind: isOfflineCopy(plan) ? 'offline' : 'online' };
  const head = { planId: plan.id, systemId: plan.systemId };
  if (f.state === 'never' || f.lastSuccessAt === null) return { ...head, code: 'backup_never', params };
  params.date = dayNumberToDate(jstDayNumber(Date.parse(f.lastSuccessAt)));
  if (f.state === 'stale') return { ...head, code: 'backup_stale', params: { ...params, days: f.daysSinceSuccess ?? 0 } };
  return { ...head, code: 'backup_fresh', params };
}

/** 「電子カルテのオフラインバックアップが9日間成功していません」 / "The offline backup of 電子カルテ has not succeeded for 9 days". */
export function renderFreshness(plan: BackupPlan, f: PlanFreshness, locale: BackupLocale): string {
  const r = freshnessReason(plan, f);
  const kind = KIND[r.params.kind as 'offline' | 'online'][locale];
  return fill(FRESHNESS_TEXT[r.code][locale], { ...r.params, kind }, locale);
}
