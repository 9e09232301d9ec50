/**
 * Assessment (現状調査) vocabulary shared by server, web and CLI. The pure rules live in `domain.ts`
 * (answer validation, progress, comparison, disagreement) and `framework.ts` (the framework schema).
 */

/**
 * Lifecycle of one assessment.
 * - hospital / general sheets: `in_progress` → (security manager and executive sign) → `locked`.
 * - vendor sheets (事業者確認用): `in_progress` (sent, the vendor answers) → `submitted` (vendor says done) →
 *   `accepted` (the hospital reviewed it; locked) or back to `in_progress` (returned with a reason).
 */
export const ASSESSMENT_STATUSES = ['in_progress', 'submitted', 'accepted', 'locked'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

/** Statuses in which nobody can change answers or evidence any more. */
export const LOCKED_STATUSES: readonly AssessmentStatus[] = ['accepted', 'locked'];

/** The two signatures (承認) that lock a hospital assessment. */
export const SIGNOFF_ROLES = ['manager', 'executive'] as const;
export type SignoffRole = (typeof SIGNOFF_ROLES)[number];

/** What an evidence item is: an uploaded file (SHA-256, versions), a link to a mamori record, or an outside URL. */
export const EVIDENCE_KINDS = ['file', 'record', 'url'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** mamori records an evidence item can point to. */
export const EVIDENCE_RECORD_TYPES = ['asset', 'segment', 'connection', 'vendor', 'vendor_document', 'finding', 'action', 'assessment'] as const;
export type EvidenceRecordType = (typeof EVIDENCE_RECORD_TYPES)[number];

/** A suggestion of the auto-evaluation: the answer live data supports, or `unknown` when data are missing. */
export const SUGGESTION_VALUES = ['yes', 'no', 'unknown'] as const;
export type SuggestionValue = (typeof SUGGESTION_VALUES)[number];

/**
 * A plain-language reason: an i18n key under `assessments.reasons.` with its parameters, so the UI, the export
 * and the CLI render it in Japanese or English ("台帳に承認期限切れの外部接続が3件あります").
 */
export interface ReasonText {
  key: string;
  params?: Record<string, string | number>;
}

/** One evaluation of a rule for one item. */
export interface Suggestion {
  itemId: string;
  ruleId: string;
  value: SuggestionValue;
  reasons: ReasonText[];
  /** mamori records behind the reason (expired connections, vendors without MDS/SDS …), at most a few dozen. */
  records: { type: EvidenceRecordType; id: string; label: string }[];
  evaluatedAt: string;
}

/** Where a person's answer and the suggestion disagree (はい answered, data say いいえ; or the reverse). */
export interface Disagreement {
  itemId: string;
  answer: string;
  suggestion: SuggestionValue;
  reasons: ReasonText[];
}

/** Status of an action (対応・改善アクション): a gap, a lesson or a finding turned into work. */
export const ACTION_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** What an action came from. Incidents, drills and risks add theirs as they land. */
export const ACTION_SOURCE_TYPES = ['assessment_item', 'finding', 'incident', 'drill', 'exercise', 'risk', 'manual'] as const;
export type ActionSourceType = (typeof ACTION_SOURCE_TYPES)[number];
