import { PROBLEM_TEXT } from './domain.ts';
import type { ReasonText } from './types.ts';

/**
 * The words of the auto-evaluation's reasons (ReasonText keys under `assessments.reasons.`), Japanese first, as a
 * hospital would say them. The UI, the export and the CLI render them through `renderReason`, so the sentence is the
 * same everywhere. `{name}` marks a parameter; a parameter in YYYY-MM-DD form is written as a date of the locale.
 *
 * `tone` tells what a reason supports: `gap` speaks for いいえ, `ok` for はい, `info` is context only. A disagreement
 * sentence quotes the reasons that speak against the person's answer.
 */

export type ReasonTone = 'ok' | 'gap' | 'info';
export interface ReasonWords {
  ja: string;
  en: string;
  tone: ReasonTone;
}
export type ReasonLocale = 'ja' | 'en';

export const RULE_REASON_TEXT = {
  // ── ledger.inventory (2(1) 台帳管理) ─────────────────────────────────────────────────────────────
  inventory_empty: { tone: 'gap', ja: '台帳に機器が1台も登録されていません', en: 'No equipment is registered in the ledger' },
  inventory_counts: {
    tone: 'ok',
    ja: 'サーバ・端末PC・ネットワーク機器が台帳に登録されています(サーバ{servers}台、端末PC {pcs}台、ネットワーク機器{network}台)',
    en: 'Servers, client PCs and network devices are registered in the ledger ({servers} servers, {pcs} client PCs, {network} network devices)',
  },
  inventory_partial: {
    tone: 'info',
    ja: '台帳の登録数はサーバ{servers}台、端末PC {pcs}台、ネットワーク機器{network}台です',
    en: 'The ledger lists {servers} servers, {pcs} client PCs and {network} network devices',
  },
  inventory_no_servers: { tone: 'gap', ja: '台帳にサーバが登録されていません', en: 'No servers are registered in the ledger' },
  inventory_no_pcs: { tone: 'gap', ja: '台帳に端末PCが登録されていません', en: 'No client PCs are registered in the ledger' },
  inventory_no_network: {
    tone: 'gap',
    ja: '台帳にネットワーク機器(ルータ・スイッチ・VPN装置・ファイアウォール)が登録されていません',
    en: 'No network devices (routers, switches, VPN gateways, firewalls) are registered in the ledger',
  },
  review_never: { tone: 'gap', ja: '台帳の点検の記録がありません', en: 'No review of the ledger has been recorded' },
  review_recent: { tone: 'ok', ja: '台帳の点検は{date}に行われています(12か月以内)', en: 'The ledger was last reviewed on {date}, within the last 12 months' },
  review_old: {
    tone: 'gap',
    ja: '台帳の点検が最後に行われたのは{date}で、12か月を超えています',
    en: 'The ledger was last reviewed on {date}, more than 12 months ago',
  },

  // ── connections.vendor_confirmed (2(2) リモートメンテナンスの確認) ─────────────────────────────────────
  connections_none: {
    tone: 'info',
    ja: '台帳に外部接続・リモート保守の回線が登録されていないため判定できません',
    en: 'No external or remote-maintenance connections are recorded in the ledger, so this cannot be judged',
  },
  connections_confirmed: {
    tone: 'ok',
    ja: '外部接続{count}件のすべてに委託事業者が登録され、承認の期限内です',
    en: 'All {count} external {count:connection has its|connections have their} vendor recorded and {count:is|are} approved and within the approval period',
  },
  connections_no_vendor: { tone: 'gap', ja: '委託事業者が登録されていない外部接続が{count}件あります', en: '{count} external {count:connection has|connections have} no vendor recorded' },
  connections_pending: { tone: 'gap', ja: '承認されていない(申請中の)外部接続が{count}件あります', en: '{count} external {count:connection is|connections are} requested but not yet approved' },
  connections_expired: { tone: 'gap', ja: '台帳に承認期限切れの外部接続が{count}件あります', en: 'The ledger has {count} external {count:connection|connections} whose approval has expired' },
  connections_used_after_expiry: {
    tone: 'gap',
    ja: '承認の期限が切れた後も使われている外部接続が{count}件あります',
    en: '{count} external {count:connection was|connections were} used after the approval expired',
  },
  connections_unrecorded_vendor_line: {
    tone: 'gap',
    ja: '保守回線から接続される機器のうち{count}台は、外部接続が台帳に登録されていません',
    en: '{count} {count:device|devices} reached over a vendor line {count:has|have} no external connection in the ledger',
  },

  // ── vendors.mds_sds (2(3) MDS/SDS) ─────────────────────────────────────────────────────────────────
  mds_no_suppliers: {
    tone: 'info',
    ja: 'システムを提供する委託事業者(機器の保守または外部接続)が台帳に登録されていないため判定できません',
    en: 'No vendor that supplies a system (maintains equipment or has an external connection) is recorded, so this cannot be judged',
  },
  mds_all: {
    tone: 'ok',
    ja: 'システムを提供する委託事業者{count}社のすべてから MDS/SDS を受領しています',
    en: 'An MDS/SDS has been received from {count:the one vendor|all {count} vendors} that {count:supplies|supply} a system',
  },
  mds_missing: {
    tone: 'gap',
    ja: 'システムを提供する委託事業者のうち{count}社から MDS/SDS を受領していません',
    en: '{count} {count:vendor that supplies a system has|vendors that supply a system have} not provided an MDS/SDS',
  },

  // ── vulns.patches (セキュリティパッチの適用) ─────────────────────────────────────────────────────────
  patches_no_feeds: {
    tone: 'info',
    ja: '脆弱性情報が未取込のため判定できません',
    en: 'Vulnerability information has not been imported yet, so this cannot be judged',
  },
  patches_no_assets: {
    tone: 'info',
    ja: '対象の機器が台帳に登録されていないため判定できません',
    en: 'No equipment of this scope is registered in the ledger, so this cannot be judged',
  },
  patches_ok: {
    tone: 'ok',
    ja: '対象の機器{assets}台に、対応期限を過ぎた既知の悪用された脆弱性(KEV)はありません',
    en: 'None of the {assets} devices in scope has a known exploited vulnerability (KEV) past its fix deadline',
  },
  patches_kev_overdue: {
    tone: 'gap',
    ja: '対応期限を過ぎた既知の悪用された脆弱性(KEV)が{count}件({assets}台)あります。最も古いものは{asset}の{cve}(対応期限 {dueOn})です',
    en: '{count} known exploited {count:vulnerability|vulnerabilities} (KEV) on {assets} {assets:device|devices} {count:is|are} past the fix deadline; the oldest is {cve} on {asset} (due {dueOn})',
  },
  patches_kev_within_due: {
    tone: 'info',
    ja: '対応期限内の既知の悪用された脆弱性(KEV)が{count}件あります',
    en: '{count} known exploited {count:vulnerability (KEV) is|vulnerabilities (KEV) are} still within the fix deadline',
  },

  // ── connections.mfa (外部接続の多要素認証) ───────────────────────────────────────────────────────────
  mfa_no_internet: { tone: 'ok', ja: 'インターネットから接続する外部接続はありません', en: 'No external connection is reached from the internet' },
  mfa_all: {
    tone: 'ok',
    ja: 'インターネットから接続する外部接続{count}件のすべてで多要素認証を使っています',
    en: '{count:The one external connection|All {count} external connections} reached from the internet {count:uses|use} multi-factor authentication',
  },
  mfa_missing: {
    tone: 'gap',
    ja: '多要素認証を使わずにインターネットから接続できる外部接続が{count}件あります',
    en: '{count} external {count:connection|connections} can be reached from the internet without multi-factor authentication',
  },

  // ── connections.credentials (認証情報の変更) ────────────────────────────────────────────────────────
  credentials_ok: {
    tone: 'ok',
    ja: '外部接続{count}件のすべてで、認証情報(パスワード・証明書)が12か月以内に変更されています',
    en: 'The credentials (passwords, certificates) of {count:the one external connection|all {count} external connections} were changed within the last 12 months',
  },
  credentials_stale: {
    tone: 'gap',
    ja: '認証情報が12か月を超えて変更されていない外部接続が{count}件あります',
    en: 'The credentials of {count} external {count:connection|connections} have not been changed for more than 12 months',
  },
  credentials_never: {
    tone: 'gap',
    ja: '認証情報を変更した日が記録されていない外部接続が{count}件あります',
    en: '{count} external {count:connection has|connections have} no record of when the credentials were last changed',
  },
  credentials_no_auth: { tone: 'gap', ja: '認証なしで接続できる外部接続が{count}件あります', en: '{count} external {count:connection|connections} can be used without any authentication' },

  // ── ledger.segments (接続元制限) ────────────────────────────────────────────────────────────────────
  segments_none: {
    tone: 'info',
    ja: 'ネットワーク区分が台帳に登録されていないため判定できません',
    en: 'No network segments are registered in the ledger, so this cannot be judged',
  },
  segments_ok: {
    tone: 'ok',
    ja: 'ネットワーク区分{segments}件と、区分間で許可する通信{flows}件が台帳に定義されています',
    en: 'The ledger defines {segments} network segments and {flows} allowed flows between them',
  },
  segments_no_flows: { tone: 'gap', ja: '区分間で許可する通信が台帳に定義されていません', en: 'No allowed flows between segments are defined in the ledger' },
  segments_outside: {
    tone: 'gap',
    ja: '所属する区分の範囲外のIPアドレスを持つ機器が{count}台あります',
    en: '{count} {count:device has|devices have} an IP address outside {count:its|their} network segment',
  },

  // ── users.mfa (mamori のアカウントの二要素認証: 参考情報) ──────────────────────────────────────────────
  accounts_none: {
    tone: 'info',
    ja: 'mamori に管理権限を持つアカウントがありません',
    en: 'No account holds administrative rights in mamori',
  },
  accounts_mfa_all: {
    tone: 'ok',
    ja: 'mamori の管理権限を持つアカウント{count}件のすべてで二要素認証が有効です(mamori 自身のアカウントについての参考情報です)',
    en: '{count:The one account|All {count} accounts} with administrative rights in mamori {count:uses|use} two-factor authentication (a supporting fact about mamori itself)',
  },
  accounts_mfa_missing: {
    tone: 'gap',
    ja: 'mamori の管理権限を持つアカウントのうち{count}件で二要素認証が有効になっていません',
    en: '{count} {count:account|accounts} with administrative rights in mamori {count:does|do} not use two-factor authentication',
  },

  // ── incidents.contact_chart (3(1) インシデント発生時の連絡体制図) ───────────────────────────────────────
  contacts_empty: { tone: 'gap', ja: '連絡体制図が登録されていません', en: 'No contact chart has been recorded' },
  contacts_complete: {
    tone: 'ok',
    ja: '連絡体制図に院内{internal}名・院外{external}件の連絡先があり、経営者(管理者)、医療情報システム安全管理責任者、委託事業者、厚生労働省、警察が含まれています',
    en: 'The contact chart lists {internal} {internal:person|people} inside the hospital and {external} outside {external:party|parties}, including the executive, the security manager, the vendors, the Ministry of Health, Labour and Welfare and the police',
  },
  contacts_internal_phones: {
    tone: 'gap',
    ja: '連絡体制図で電話番号のある院内の連絡先は{count}名です(2名以上が必要です)',
    en: '{count} {count:person|people} inside the hospital {count:has|have} a phone number in the contact chart; at least two are needed',
  },
  contacts_no_executive: { tone: 'gap', ja: '連絡体制図に経営者(管理者)が含まれていません', en: 'The contact chart does not name the executive (administrator)' },
  contacts_no_security_manager: {
    tone: 'gap',
    ja: '連絡体制図に医療情報システム安全管理責任者が含まれていません',
    en: 'The contact chart does not name the security manager',
  },
  contacts_no_vendor: { tone: 'gap', ja: '連絡体制図の院外の連絡先に委託事業者がありません', en: 'The contact chart names no vendor among the outside parties' },
  contacts_no_mhlw: { tone: 'gap', ja: '連絡体制図に厚生労働省の連絡先がありません', en: 'The contact chart does not name the Ministry of Health, Labour and Welfare' },
  contacts_no_police: { tone: 'gap', ja: '連絡体制図に警察(サイバー犯罪相談窓口)の連絡先がありません', en: 'The contact chart does not name the police (cybercrime desk)' },
  contacts_suppliers_missing: {
    tone: 'gap',
    ja: 'システムを提供する委託事業者のうち{count}社が連絡体制図にありません',
    en: '{count} {count:vendor that supplies a system is|vendors that supply a system are} not in the contact chart',
  },

  // ── resilience.backups (3(2) バックアップの実施と復旧手順の確認) ─────────────────────────────────────────
  backups_no_systems: {
    tone: 'info',
    ja: '診療に必要なシステム(重要度1〜2)が台帳に登録されていないため判定できません',
    en: 'No system needed for care (criticality 1–2) is registered in the ledger, so this cannot be judged',
  },
  backups_ok: {
    tone: 'ok',
    ja: '診療に必要なシステム(重要度1〜2){count}件のすべてに、オフラインを含む複数の方法のバックアップがあり、12か月以内の復旧訓練で復旧手順を確認しています',
    en: '{count:The one system|All {count} systems} needed for care (criticality 1–2) {count:has|have} backups by several methods including an offline copy, and the restore procedure was confirmed by a restore drill within 12 months',
  },
  backups_no_plan: { tone: 'gap', ja: '{system}: バックアップの計画がありません', en: '{system}: there is no backup plan' },
  backups_no_plan_many: {
    tone: 'gap',
    ja: '診療に必要なシステム(重要度1〜2)のうち{count}件にバックアップの計画がありません({examples} など)',
    en: '{count} {count:system|systems} needed for care (criticality 1–2) {count:has|have} no backup plan ({examples} …)',
  },
  backups_no_offline_copy: { tone: 'gap', ja: '{system}: オフラインまたは書換え不能なバックアップがありません', en: '{system}: there is no offline or immutable backup' },
  backups_few_generations: {
    tone: 'gap',
    ja: '{system}: オフラインのバックアップの保管世代数が{generations}世代で、必要な{min}世代に足りません',
    en: '{system}: the offline backup keeps {generations} {generations:generation|generations}, fewer than the {min} required',
  },
  backups_data_not_covered: { tone: 'gap', ja: '{system}: データがバックアップの対象に含まれていません', en: '{system}: the data are not included in any backup' },
  backups_single_method: {
    tone: 'gap',
    ja: '{system}: バックアップの方法が1つだけです(複数の方法での取得が必要です)',
    en: '{system}: there is only one backup method (backups by several methods are needed)',
  },
  backups_offline_stale: {
    tone: 'gap',
    ja: '{system}のオフラインバックアップが{days}日間成功していません',
    en: 'The offline backup of {system} has not succeeded for {days} {days:day|days}',
  },
  backups_stale: { tone: 'gap', ja: '{system}のバックアップが{days}日間成功していません', en: 'The backup of {system} has not succeeded for {days} {days:day|days}' },
  backups_offline_never: { tone: 'gap', ja: '{system}のオフラインバックアップは一度も成功していません', en: 'The offline backup of {system} has never succeeded' },
  backups_never: { tone: 'gap', ja: '{system}のバックアップは一度も成功していません', en: 'The backup of {system} has never succeeded' },
  backups_no_procedure: {
    tone: 'gap',
    ja: '{system}: 復旧手順が記録されていません(バックアップ計画または復旧目標に記入してください)',
    en: '{system}: no restore procedure is recorded (write it in a backup plan or the recovery targets)',
  },
  backups_never_drilled: {
    tone: 'gap',
    ja: '{system}: 復旧訓練でバックアップからの復旧を確認した記録がありません',
    en: '{system}: no restore drill has confirmed that it can be restored from backup',
  },
  backups_never_drilled_many: {
    tone: 'gap',
    ja: '診療に必要なシステム(重要度1〜2)のうち{count}件は、復旧訓練でバックアップからの復旧を確認した記録がありません({examples} など)',
    en: '{count} {count:system|systems} needed for care (criticality 1–2) {count:has|have} no restore drill confirming {count:it|they} can be restored from backup ({examples} …)',
  },
  backups_drill_old: {
    tone: 'gap',
    ja: '{system}: 最後に復旧を確認した復旧訓練は{date}で、12か月を超えています',
    en: '{system}: the last restore drill that confirmed a full restore was on {date}, more than 12 months ago',
  },
  backups_drill_not_full: {
    tone: 'gap',
    ja: '{system}: 12か月以内の復旧訓練({date})では完全には復旧できませんでした',
    en: '{system}: the restore drill within the last 12 months ({date}) did not restore the system fully',
  },
  backups_drill_missed_target: {
    tone: 'info',
    ja: '{system}: {date}の復旧訓練では復旧できましたが、目標復旧時間(RTO)または目標復旧時点(RPO)を達成できませんでした',
    en: '{system}: the restore drill on {date} restored the system but missed its recovery time or recovery point objective',
  },

  // ── resilience.bcp (3(3) サイバー攻撃を想定したBCPの策定) ─────────────────────────────────────────────
  bcp_none: { tone: 'gap', ja: 'サイバー攻撃を想定したBCPが作成されていません', en: 'No BCP for a cyber attack has been drawn up' },
  bcp_draft_only: { tone: 'gap', ja: 'BCPは下書き(第{number}版)のまま承認されていません', en: 'The BCP is still a draft (version {number}) and has not been approved' },
  bcp_in_review: {
    tone: 'gap',
    ja: 'BCP(第{number}版)は提出されていますが、まだ承認されていません',
    en: 'The BCP (version {number}) has been submitted but not yet approved',
  },
  bcp_approved: {
    tone: 'ok',
    ja: 'サイバー攻撃を想定したBCP(第{number}版)が{date}に承認されています(次の見直し期限 {dueOn})',
    en: 'The BCP for a cyber attack (version {number}) was approved on {date} (next review due {dueOn})',
  },
  bcp_review_overdue: {
    tone: 'gap',
    ja: 'BCP(第{number}版)は{date}の承認から12か月を超えて見直されていません',
    en: 'The BCP (version {number}) was approved on {date} and has not been reviewed for more than 12 months',
  },
  bcp_revision_open: { tone: 'info', ja: 'BCPの改訂版(第{number}版)を作成中です', en: 'A revision of the BCP (version {number}) is being drafted' },
  bcp_incomplete: {
    tone: 'info',
    ja: '承認されたBCPに未記入の項目が{count}件あります',
    en: 'The approved BCP has {count} {count:section|sections} left blank',
  },
  bcp_exercise_recent: {
    tone: 'info',
    ja: '直近12か月以内では{date}に訓練を実施しています',
    en: 'An exercise was held on {date}, within the last 12 months',
  },
  bcp_exercise_none: {
    tone: 'info',
    ja: '直近12か月に訓練の実施記録がありません(診療録管理体制加算では年1回程度の訓練が求められます)',
    en: 'No exercise has been held in the last 12 months (the medical-records management bonus asks for one about once a year)',
  },
} as const satisfies Record<string, ReasonWords>;

export type RuleReasonKey = keyof typeof RULE_REASON_TEXT;

/** A reason a rule emits (the key is checked against the table at compile time). */
export function reason(key: RuleReasonKey, params?: Record<string, string | number>): ReasonText {
  return params ? { key, params } : { key };
}

/** The assessment's own problems (確認日の記入漏れ, 目標日が年度外 …) from `domain.ts`, rendered the same way. */
const EXTRA_TEXT: Record<string, { ja: string; en: string; tone?: ReasonTone }> = PROBLEM_TEXT;

/** The words of a reason key, from the rule reasons or the assessment problems; undefined when unknown. */
export function reasonText(key: string): { ja: string; en: string; tone?: ReasonTone } | undefined {
  return (RULE_REASON_TEXT as Record<string, ReasonWords>)[key] ?? EXTRA_TEXT[key];
}

/** The `{name}` placeholders of a text, in order of appearance, without repeats. */
export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]!))];
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function formatParam(value: string | number, locale: ReasonLocale): string {
  if (typeof value === 'number') return locale === 'ja' ? String(value) : value.toLocaleString('en-GB');
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return value;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return locale === 'ja' ? `${y}年${mo}月${d}日` : `${d} ${EN_MONTHS[mo - 1]} ${y}`;
}

/** A reason as one sentence of the locale (without closing punctuation). Unknown keys render as the key itself. */
export function renderReason(r: ReasonText, locale: ReasonLocale): string {
  const words = reasonText(r.key);
  if (!words) return r.key;
  // `{count:one|other}` picks the English singular or plural by a number parameter (Japanese has none to pick).
  const chosen = words[locale].replace(/\{([A-Za-z0-9_]+):([^|{}]*(?:\{[A-Za-z0-9_]+\}[^|{}]*)*)\|([^{}]*(?:\{[A-Za-z0-9_]+\}[^{}]*)*)\}/g, (whole, name: string, one: string, other: string) => {
    const v = r.params?.[name];
    return v !== undefined && Number(v) === 1 ? one : other;
  });
  return chosen.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => {
    const v = r.params?.[name];
    return v === undefined ? whole : formatParam(v, locale);
  });
}

/** Whether a reason speaks for いいえ (gap), はい (ok), or is context. Unknown keys count as context. */
export function reasonTone(key: string): ReasonTone {
  return reasonText(key)?.tone ?? 'info';
}

/**
 * The highlighted sentence where a person's answer and the suggestion disagree:
 * 「回答は『はい』ですが、台帳に承認期限切れの外部接続が3件あります」. It quotes the reasons that speak against the
 * answer — the gaps when there are any (the data say いいえ), else the facts that support はい; context reasons only
 * when there is nothing else. `answerLabel` is the answer as the sheet shows it (はい / いいえ / 該当なし / a level).
 */
export function disagreementSentence(answerLabel: string, reasons: readonly ReasonText[], locale: ReasonLocale): string {
  const gaps = reasons.filter((r) => reasonTone(r.key) === 'gap');
  const oks = reasons.filter((r) => reasonTone(r.key) === 'ok');
  const quoted = gaps.length > 0 ? gaps : oks.length > 0 ? oks : reasons;
  const parts = quoted.map((r) => renderReason(r, locale));
  if (locale === 'ja') {
    return parts.length === 0 ? `回答は『${answerLabel}』ですが、現在のデータとは一致しません` : `回答は『${answerLabel}』ですが、${parts.join('。')}`;
  }
  if (parts.length === 0) return `The answer is “${answerLabel}”, but the current data do not support it`;
  const first = parts[0]!;
  // "The ledger has …" → "the ledger has …"; keep acronyms and names (MDS/SDS, PACS …) as they are.
  const lowered = /^[A-Z][a-z]/.test(first) ? first[0]!.toLowerCase() + first.slice(1) : first;
  return `The answer is “${answerLabel}”, but ${[lowered, ...parts.slice(1)].join('; ')}`;
}

/**
 * What each built-in rule checks, one line (AssessmentRule.describeKey, i18n key under `assessments.rules.`), shown
 * next to a suggestion ("mamori が台帳から判定: …").
 */
export const RULE_DESCRIPTION_TEXT: Record<string, { ja: string; en: string }> = {
  ledger_inventory: {
    ja: 'サーバ・端末PC・ネットワーク機器が台帳に登録され、台帳の点検が12か月以内に行われているか',
    en: 'Servers, client PCs and network devices are registered in the ledger, and the ledger was reviewed within 12 months',
  },
  ledger_segments: {
    ja: 'ネットワーク区分と区分間で許可する通信が定義され、区分外のIPアドレスを持つ機器がないか',
    en: 'Network segments and the flows allowed between them are defined, and no device has an address outside its segment',
  },
  connections_vendor_confirmed: {
    ja: 'すべての外部接続に委託事業者が登録され、承認の期限内か。保守回線の機器の接続が台帳にあるか',
    en: 'Every external connection has its vendor and a running approval, and every device on a vendor line has its connection recorded',
  },
  connections_mfa: {
    ja: 'インターネットから接続する外部接続が多要素認証を使っているか',
    en: 'External connections reached from the internet use multi-factor authentication',
  },
  connections_credentials: {
    ja: '外部接続に認証があり、認証情報が12か月以内に変更されているか',
    en: 'External connections require authentication and their credentials were changed within 12 months',
  },
  vendors_mds_sds: {
    ja: 'システムを提供する委託事業者のすべてから MDS/SDS を受領しているか',
    en: 'An MDS/SDS has been received from every vendor that supplies a system',
  },
  vulns_patches: {
    ja: '対象の機器に、対応期限を過ぎた既知の悪用された脆弱性(KEV)が残っていないか',
    en: 'No known exploited vulnerability (KEV) past its fix deadline remains on the equipment in scope',
  },
  users_mfa: {
    ja: 'mamori の管理権限を持つアカウントが二要素認証を使っているか(参考情報)',
    en: 'Accounts with administrative rights in mamori use two-factor authentication (supporting fact)',
  },
  incidents_contact_chart: {
    ja: '連絡体制図に院内の連絡先(2名以上の電話番号、経営者、安全管理責任者)と、委託事業者・厚生労働省・警察が登録されているか',
    en: 'The contact chart names people inside the hospital (two with a phone, the executive, the security manager) and the vendors, the Ministry and the police',
  },
  resilience_backups: {
    ja: '診療に必要なシステム(重要度1〜2)に、オフラインを含む複数の方法・世代のバックアップが成功し続けていて、12か月以内の復旧訓練で復旧手順を確認しているか',
    en: 'Systems needed for care (criticality 1–2) have current backups by several methods and generations, one offline, and a restore drill within 12 months confirmed the restore procedure',
  },
  resilience_bcp: {
    ja: 'サイバー攻撃を想定したBCPが経営者に承認され、承認から12か月以内か(訓練の実施は参考情報)',
    en: 'A BCP for a cyber attack is approved by the executive and was approved or reviewed within 12 months (exercises are supporting facts)',
  },
};
