import { z } from 'zod';
import { ACTION_STATUSES } from '../assessments/types.ts';
import { CUSTODY_ACTIONS, EVIDENCE_TYPES } from '../incidents/cases.ts';
import { ZId, ZIsoDateTime } from './common.contract.ts';
import { ZOffsetDateTime, ZUserRef } from './incident-cases.contract.ts';

/**
 * 証拠保全 (evidence and its chain of custody) and 事後対応・再発防止 (the after-incident review). Evidence items are never
 * edited or deleted: corrections are custody entries (action `corrected`) with a note.
 */

export const EVIDENCE_LIMITS = { descriptionChars: 2000, locationChars: 300, partyChars: 200, noteChars: 2000, reviewChars: 20_000, actionTitleChars: 300 } as const;

/** Why a custody chain does not verify (the first problem of an item, in order of its entries). */
export const CUSTODY_BREAK_REASONS = [
  // The item's own fields (type, description, collected by/at, SHA-256 …) no longer give the chain's starting hash.
  'item_changed',
  // An entry's stored hash is not the hash of its fields: the entry (or its hash) was changed.
  'hash_mismatch',
  // An entry does not point to the hash of the entry before it.
  'prev_link_mismatch',
  // A number is missing in the middle of the chain (an entry was removed).
  'seq_gap',
  // An entry the audit log recorded is no longer there (e.g. the last one was removed).
  'missing_entry',
  // An entry exists that the audit log never recorded (written past mamori).
  'unrecorded_entry',
  // The chain is consistent but its fields differ from what the audit log recorded (the chain was recomputed).
  'differs_from_record',
  // The item has no custody entry at all.
  'no_entries',
] as const;
export type CustodyBreakReason = (typeof CUSTODY_BREAK_REASONS)[number];

/** Server-made wording of the reasons (CLI, print); the web UI has its own i18n keys. */
export const CUSTODY_BREAK_REASON_LABELS: Record<CustodyBreakReason, { ja: string; en: string }> = {
  item_changed: { ja: '証拠品の登録内容(収集者・収集日時・SHA-256 など)が登録後に変更されています', en: "the evidence item's own fields (collector, time, SHA-256 …) were changed after it was recorded" },
  hash_mismatch: { ja: '記録の内容がハッシュと一致しません(記録が書き換えられています)', en: 'the entry does not match its hash (it was changed)' },
  prev_link_mismatch: { ja: '直前の記録とのつながりが切れています', en: 'the entry does not link to the one before it' },
  seq_gap: { ja: '記録が抜けています(途中の記録が削除されています)', en: 'an entry is missing from the middle of the chain (deleted)' },
  missing_entry: { ja: '監査ログにある記録が見当たりません(削除されています)', en: 'an entry the audit log recorded is gone (deleted)' },
  unrecorded_entry: { ja: '監査ログにない記録があります(mamori を通さずに追加されています)', en: 'an entry exists that the audit log never recorded (added outside mamori)' },
  differs_from_record: { ja: '連鎖は整っていますが、監査ログの記録と内容が異なります(連鎖が作り直されています)', en: 'the chain is consistent but differs from the audit log (the chain was recomputed)' },
  no_entries: { ja: '保管の記録が一件もありません', en: 'the item has no custody entries' },
};

/** Names of the fields a break may name, for server-made text. */
export const CUSTODY_FIELD_LABELS: Record<string, { ja: string; en: string }> = {
  type: { ja: '種類', en: 'type' },
  description: { ja: '内容', en: 'description' },
  location: { ja: '保管場所', en: 'location' },
  collectedBy: { ja: '収集者', en: 'collected by' },
  collectedAt: { ja: '収集日時', en: 'collected at' },
  sha256: { ja: 'SHA-256', en: 'SHA-256' },
  hashSource: { ja: 'ハッシュの由来', en: 'hash source' },
  action: { ja: '操作', en: 'action' },
  occurredAt: { ja: '日時', en: 'time' },
  fromParty: { ja: '引渡し元', en: 'from' },
  toParty: { ja: '引渡し先', en: 'to' },
  note: { ja: '備考', en: 'note' },
  recordedBy: { ja: '記録者', en: 'recorded by' },
  prevHash: { ja: '直前のハッシュ', en: 'previous hash' },
  hash: { ja: 'ハッシュ', en: 'hash' },
  seq: { ja: '番号', en: 'number' },
  createdAt: { ja: '登録日時', en: 'recorded at' },
};

const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) => text(max).nullable().optional();
const ZSha256 = z
  .string()
  .trim()
  .regex(/^[0-9a-fA-F]{64}$/, { message: 'invalid_sha256' })
  .transform((v) => v.toLowerCase());

// ── Requests ─────────────────────────────────────────────────────────────────────────────────────────────────────

/** A new evidence item without a file: the hash as stated by whoever imaged the device, or none. */
export const ZEvidenceCreate = z.strictObject({
  type: z.enum(EVIDENCE_TYPES),
  description: text(EVIDENCE_LIMITS.descriptionChars).min(1),
  /** Where it is kept (保管場所). */
  location: optionalText(EVIDENCE_LIMITS.locationChars),
  collectedBy: text(EVIDENCE_LIMITS.partyChars).min(1),
  collectedAt: ZOffsetDateTime,
  sha256: ZSha256.nullable().optional(),
});
export type EvidenceCreateBody = z.infer<typeof ZEvidenceCreate>;

/** The same fields as query parameters when the file is the raw request body (POST …/evidence/file). */
export const ZEvidenceFileQuery = ZEvidenceCreate.omit({ sha256: true });
export type EvidenceFileQuery = z.infer<typeof ZEvidenceFileQuery>;

export const ZCustodyCreate = z.strictObject({
  /** Not `collected`: that entry is made with the item. */
  action: z.enum(CUSTODY_ACTIONS),
  occurredAt: ZOffsetDateTime,
  fromParty: optionalText(EVIDENCE_LIMITS.partyChars),
  toParty: optionalText(EVIDENCE_LIMITS.partyChars),
  location: optionalText(EVIDENCE_LIMITS.locationChars),
  note: optionalText(EVIDENCE_LIMITS.noteChars),
});
export type CustodyCreateBody = z.infer<typeof ZCustodyCreate>;

// ── Responses ────────────────────────────────────────────────────────────────────────────────────────────────────

export const ZCustodyEntry = z.object({
  id: ZId,
  seq: z.number().int(),
  action: z.enum(CUSTODY_ACTIONS),
  occurredAt: ZIsoDateTime,
  fromParty: z.string().nullable(),
  toParty: z.string().nullable(),
  location: z.string().nullable(),
  note: z.string().nullable(),
  /** Who recorded it (the caller's label). */
  recordedBy: z.string(),
  prevHash: z.string(),
  hash: z.string(),
  createdAt: ZIsoDateTime,
});
export type CustodyEntryDto = z.infer<typeof ZCustodyEntry>;

export const ZCustodyBreak = z.object({
  seq: z.number().int(),
  reason: z.enum(CUSTODY_BREAK_REASONS),
  /** The fields that differ from what the audit log recorded, where that can be told (e.g. ["note"], ["sha256"]). */
  fields: z.array(z.string()),
});
export type CustodyBreakDto = z.infer<typeof ZCustodyBreak>;

export const ZCustodyChainStatus = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  /** The first problem; null when intact. */
  break: ZCustodyBreak.nullable(),
});

export const ZEvidenceItem = z.object({
  id: ZId,
  caseId: ZId,
  seq: z.number().int(),
  /** E-1, E-2 … within the case. */
  label: z.string(),
  type: z.enum(EVIDENCE_TYPES),
  description: z.string(),
  location: z.string().nullable(),
  collectedBy: z.string(),
  collectedAt: ZIsoDateTime,
  sha256: z.string().nullable(),
  /** upload: computed by mamori from the file; stated: given by a person; none: no hash. */
  hashSource: z.enum(['upload', 'stated', 'none']),
  file: z.object({ name: z.string(), size: z.number().int(), contentType: z.string() }).nullable(),
  createdBy: ZUserRef.nullable(),
  createdAt: ZIsoDateTime,
  custody: z.array(ZCustodyEntry),
  chain: ZCustodyChainStatus,
});
export type EvidenceItemDto = z.infer<typeof ZEvidenceItem>;

export const ZEvidenceList = z.object({ caseId: ZId, items: z.array(ZEvidenceItem) });
export type EvidenceListDto = z.infer<typeof ZEvidenceList>;

export const ZCustodyVerify = z.object({
  caseId: ZId,
  /** INC-2026-0003 */
  caseLabel: z.string(),
  ok: z.boolean(),
  checkedAt: ZIsoDateTime,
  items: z.array(z.object({ evidenceId: ZId, label: z.string(), description: z.string(), ok: z.boolean(), entries: z.number().int(), break: ZCustodyBreak.nullable() })),
});
export type CustodyVerifyDto = z.infer<typeof ZCustodyVerify>;

// ── After-incident review (事後対応・再発防止) ─────────────────────────────────────────────────────────────────────

export const ZIncidentReviewUpdate = z.strictObject({
  wentWell: optionalText(EVIDENCE_LIMITS.reviewChars),
  wentWrong: optionalText(EVIDENCE_LIMITS.reviewChars),
  lessons: optionalText(EVIDENCE_LIMITS.reviewChars),
  rootCause: optionalText(EVIDENCE_LIMITS.reviewChars),
  /** The updatedAt the editor started from (null: there was no review yet); a different one → CONFLICT. */
  expectedUpdatedAt: ZIsoDateTime.nullable().optional(),
});
export type IncidentReviewUpdateBody = z.infer<typeof ZIncidentReviewUpdate>;

const ZDateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'invalid_date' });

/** A lesson turned into an action (対応アクション) of the case's facility, linked back to the case. */
export const ZReviewActionCreate = z.strictObject({
  title: text(EVIDENCE_LIMITS.actionTitleChars).min(1),
  ownerUserId: ZId.nullable().optional(),
  dueOn: ZDateOnly.nullable().optional(),
});
export type ReviewActionCreateBody = z.infer<typeof ZReviewActionCreate>;

export const ZReviewAction = z.object({ id: ZId, title: z.string(), status: z.enum(ACTION_STATUSES), dueOn: ZDateOnly.nullable(), overdue: z.boolean() });

export const ZIncidentReview = z.object({
  caseId: ZId,
  wentWell: z.string().nullable(),
  wentWrong: z.string().nullable(),
  lessons: z.string().nullable(),
  rootCause: z.string().nullable(),
  /** Set once the review is completed; a case is closed after its review is complete. */
  completedAt: ZIsoDateTime.nullable(),
  updatedBy: ZUserRef.nullable(),
  /** null while nothing was written yet. */
  updatedAt: ZIsoDateTime.nullable(),
  /** The case's actions (source type incident), oldest first. */
  actions: z.array(ZReviewAction),
});
export type IncidentReviewDto = z.infer<typeof ZIncidentReview>;
