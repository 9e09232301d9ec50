import { addDays } from './ledger.ts';

/**
 * 委託事業者 and their contracts: the security clauses a contract with a vendor should state (seed 002,
 * 「外部委託先との責任範囲の明確化」 — 明示の例), MDS/SDS kinds, and the contract flags. Pure.
 */

export const CONTRACT_CLAUSES = [
  'data_handling',
  'access_limits',
  'backups',
  'inspection_reports',
  'subcontract_approval',
  'no_private_pc',
  'physical_access',
  'web_restriction',
  'virus_scan',
  'patching',
  'id_password',
  'breach_reporting',
] as const;
export type ContractClause = (typeof CONTRACT_CLAUSES)[number];

/** The wording of seed 002's list (also the import's accepted Japanese labels). */
export const CONTRACT_CLAUSE_LABELS_JA: Record<ContractClause, string> = {
  data_handling: '機密情報の利用・保管・持ち出し・消去・破棄における取り扱い',
  access_limits: '情報へのアクセス者の限定',
  backups: '定期的なバックアップの実施とバックアップ媒体の管理',
  inspection_reports: '情報セキュリティ対策に係る内部点検の実施と結果の報告',
  subcontract_approval: '再委託の事前承認',
  no_private_pc: '私用PCの業務利用の禁止',
  physical_access: '機密情報を扱う場所の入退室管理と施錠管理',
  web_restriction: '業務に不要なWEBサイトへのアクセス禁止',
  virus_scan: '定期的なウイルス検査の実施',
  patching: '脆弱性の解消（アップデート等の実施）',
  id_password: 'ID・パスワード管理',
  breach_reporting: '情報漏えい発生時の迅速な報告義務と再発防止策の提示',
};

/** 製造業者による医療情報セキュリティ開示書 (MDS) / サービス事業者による… (SDS), JAHIS/JIRA format. */
export const VENDOR_DOCUMENT_KINDS = ['mds', 'sds'] as const;
export type VendorDocumentKind = (typeof VENDOR_DOCUMENT_KINDS)[number];
export const VENDOR_DOCUMENT_KIND_LABELS_JA: Record<VendorDocumentKind, string> = { mds: 'MDS（製造業者）', sds: 'SDS（サービス事業者）' };

/** MDS/SDS files: PDF, Excel or Word, at most 20 MB. */
export const VENDOR_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;
export const VENDOR_DOCUMENT_CONTENT_TYPES = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/msword',
] as const;

export const CONTRACT_FLAGS = ['missing_clauses', 'expired', 'ending_soon'] as const;
export type ContractFlag = (typeof CONTRACT_FLAGS)[number];
/** A contract ending within this many days (inclusive) is "ending soon". */
export const CONTRACT_ENDING_SOON_DAYS = 90;

export function missingClauses(clauses: readonly string[]): ContractClause[] {
  return CONTRACT_CLAUSES.filter((c) => !clauses.includes(c));
}

/** Flags of a contract on a day (YYYY-MM-DD, JST). Auto-renewing contracts do not expire. */
export function contractFlags(c: { clauses: readonly string[]; endsOn: string | null; autoRenew: boolean }, today: string): ContractFlag[] {
  const flags: ContractFlag[] = [];
  if (missingClauses(c.clauses).length > 0) flags.push('missing_clauses');
  if (c.endsOn && !c.autoRenew) {
    if (c.endsOn < today) flags.push('expired');
    else if (c.endsOn <= addDays(today, CONTRACT_ENDING_SOON_DAYS)) flags.push('ending_soon');
  }
  return flags;
}

export const VENDOR_FLAGS = ['no_emergency_contact', 'no_contract', 'contract_missing_clauses', 'contract_expired', 'no_mds_sds'] as const;
export type VendorFlag = (typeof VENDOR_FLAGS)[number];

/** 法人番号: 13 digits whose first is a check digit (国税庁 rule). */
export function isCorporateNumber(value: string): boolean {
  if (!/^\d{13}$/.test(value)) return false;
  const digits = value.split('').map(Number);
  const body = digits.slice(1);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += body[11 - i]! * (i % 2 === 0 ? 1 : 2);
  return digits[0] === 9 - (sum % 9);
}
