import type { ItemScope } from '../../../../shared/assessments/framework.ts';
import type { AssessmentStatus, SuggestionValue } from '../../../../shared/assessments/types.ts';
import type { Locale } from '../../../../shared/errors.ts';

/**
 * The words of the inspection export (.xlsx, HTML, PDF) in Japanese and English. Japanese follows the MHLW sheet
 * (番号 / 確認項目 / 対象 / はい・いいえ / 確認日 / 目標日 / 備考; 医療機関確認用 / 事業者確認用).
 */
export interface ExportWords {
  sheetHospital: string;
  sheetVendor: string;
  sheetNotes: string;
  checklist: string;
  facility: string;
  vendor: string;
  fiscalYear: string;
  exportedOn: string;
  version: string;
  status: string;
  number: string;
  item: string;
  scope: string;
  answer: string;
  checkedOn: string;
  targetOn: string;
  notes: string;
  responsible: string;
  comment: string;
  evidence: string;
  suggestion: string;
  reason: string;
  disagreement: string;
  disagreementText: string;
  problems: string;
  sheet: string;
  gate: string;
  gateNote: string;
  signoff: string;
  signManager: string;
  signExecutive: string;
  notSigned: string;
  submitted: string;
  accepted: string;
  progress: string;
  section: string;
  items: string;
  answered: string;
  complete: string;
  gaps: string;
  disagreements: string;
  vendorSheets: string;
  noVendorSheets: string;
  sha256: string;
  validUntil: string;
  expired: string;
  carriedOver: string;
  notRequired: string;
  none: string;
  unverified: string;
  answers: Record<'yes' | 'no' | 'na', string>;
  scopes: Record<ItemScope, string>;
  statuses: Record<AssessmentStatus, string>;
  suggestions: Record<SuggestionValue, string>;
}

export const EXPORT_WORDS: Record<Locale, ExportWords> = {
  ja: {
    sheetHospital: '医療機関確認用',
    sheetVendor: '事業者確認用',
    sheetNotes: 'mamori 補足',
    checklist: 'チェックリスト名',
    facility: '医療機関名',
    vendor: '事業者名',
    fiscalYear: '年度',
    exportedOn: '出力日',
    version: '版',
    status: '状態',
    number: '番号',
    item: '確認項目',
    scope: '対象',
    answer: '回答',
    checkedOn: '確認日',
    targetOn: '目標日',
    notes: '備考',
    responsible: '担当',
    comment: 'コメント',
    evidence: '証跡',
    suggestion: '自動評価',
    reason: '理由',
    disagreement: '回答との不一致',
    disagreementText: '回答と自動評価が一致しません',
    problems: '確認事項',
    sheet: 'シート',
    gate: '前提',
    gateNote: '「いいえ」の場合、以降の項目は回答不要です',
    signoff: '承認',
    signManager: '医療情報システム安全管理責任者',
    signExecutive: '経営者(管理者)',
    notSigned: '未承認',
    submitted: '提出日',
    accepted: '受理日',
    progress: '進捗',
    section: '区分',
    items: '項目数',
    answered: '回答済み',
    complete: '記入完了',
    gaps: 'いいえ',
    disagreements: '不一致',
    vendorSheets: '事業者確認用の回答状況',
    noVendorSheets: '事業者確認用はまだありません',
    sha256: 'SHA-256',
    validUntil: '有効期限',
    expired: '期限切れ',
    carriedOver: '前年度から引継ぎ(未確認)',
    notRequired: '回答不要',
    none: 'なし',
    unverified: '※ 原文との照合前の文言',
    answers: { yes: 'はい', no: 'いいえ', na: '該当なし' },
    scopes: { server: 'サーバ', pc: '端末PC', network: 'ネットワーク機器', general: '全般' },
    statuses: { in_progress: '回答中', submitted: '提出済み', accepted: '受理済み', locked: '承認済み(確定)' },
    suggestions: { yes: 'はい', no: 'いいえ', unknown: '判定できません' },
  },
  en: {
    sheetHospital: 'Hospital sheet',
    sheetVendor: 'Vendor sheet',
    sheetNotes: 'mamori notes',
    checklist: 'Checklist',
    facility: 'Facility',
    vendor: 'Vendor',
    fiscalYear: 'Fiscal year',
    exportedOn: 'Exported on',
    version: 'Version',
    status: 'Status',
    number: 'No.',
    item: 'Item',
    scope: 'Target',
    answer: 'Answer',
    checkedOn: 'Checked on',
    targetOn: 'Target date',
    notes: 'Notes',
    responsible: 'Responsible',
    comment: 'Comment',
    evidence: 'Evidence',
    suggestion: 'Auto-evaluation',
    reason: 'Reason',
    disagreement: 'Disagrees with the answer',
    disagreementText: 'The answer and the auto-evaluation disagree',
    problems: 'To check',
    sheet: 'Sheet',
    gate: 'Gate',
    gateNote: 'If "No", the other items need no answer',
    signoff: 'Sign-off',
    signManager: 'Security manager',
    signExecutive: 'Executive',
    notSigned: 'Not signed',
    submitted: 'Submitted',
    accepted: 'Accepted',
    progress: 'Progress',
    section: 'Section',
    items: 'Items',
    answered: 'Answered',
    complete: 'Complete',
    gaps: 'No',
    disagreements: 'Disagreements',
    vendorSheets: 'Vendor sheets',
    noVendorSheets: 'No vendor sheets yet',
    sha256: 'SHA-256',
    validUntil: 'Valid until',
    expired: 'expired',
    carriedOver: 'Carried over from last year (not re-confirmed)',
    notRequired: 'Not required',
    none: 'None',
    unverified: '* Wording not yet checked against the source',
    answers: { yes: 'Yes', no: 'No', na: 'N/A' },
    scopes: { server: 'Server', pc: 'Client PC', network: 'Network device', general: 'General' },
    statuses: { in_progress: 'In progress', submitted: 'Submitted', accepted: 'Accepted', locked: 'Signed off (locked)' },
    suggestions: { yes: 'Yes', no: 'No', unknown: 'Cannot tell' },
  },
};
