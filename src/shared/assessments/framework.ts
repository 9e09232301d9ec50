import { z } from 'zod';

/**
 * A checklist framework as data (ADR 0007): the MHLW checklist by fiscal year and sheet, the seeds' frameworks,
 * HICP/CPG, or a hospital's own. Shipped frameworks are YAML files under `frameworks/`; hospitals and groups add
 * their own from YAML or .xlsx. This schema validates every one of them on load.
 *
 * Item ids are stable across versions (`ledger`, `patch-network`, …) while `number` is the label of one version
 * (2(1) in 令和6年度版, 2① in 令和7年度版): carry-over into next year's version goes by item id.
 */

const Slug = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'slug');
const ItemId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'item id');

export const LocalizedText = z.object({ ja: z.string().min(1), en: z.string().min(1) }).strict();
export type LocalizedText = z.infer<typeof LocalizedText>;

/** Which equipment an item is answered for (対象): サーバ / 端末PC / ネットワーク機器 / 全般 (医療情報システム全般). */
export const ITEM_SCOPES = ['server', 'pc', 'network', 'general'] as const;
export type ItemScope = (typeof ITEM_SCOPES)[number];

/** Which sheet a framework is: the hospital's (医療機関確認用), a vendor's (事業者確認用), or a general framework. */
export const FRAMEWORK_SHEETS = ['hospital', 'vendor', 'general'] as const;
export type FrameworkSheet = (typeof FRAMEWORK_SHEETS)[number];

/** はい/いいえ, はい/いいえ/該当なし, or a scale of named levels (実施前/検討中/実施中 …). */
export const AnswerType = z.union([
  z.literal('yes_no'),
  z.literal('yes_no_na'),
  z.object({
    scale: z
      .array(z.object({ value: Slug, label: LocalizedText, /** Counts as done (like はい) for progress and gaps. */ done: z.boolean().default(false) }).strict())
      .min(2),
  }).strict(),
]);
export type AnswerType = z.infer<typeof AnswerType>;

export const FrameworkItem = z
  .object({
    id: ItemId,
    /** The label printed on this version's sheet: "2(1)", "2①", "取組1". */
    number: z.string().min(1),
    text: LocalizedText,
    scope: z.enum(ITEM_SCOPES).default('general'),
    /** Overrides the framework's answer type. */
    answerType: AnswerType.optional(),
    /** Gregorian start year of the fiscal year by which the item is required (2024 = 令和6年度). */
    requiredBy: z.number().int().min(2000).max(2100).optional(),
    /** Guideline sections (▶経営管理編1.2.1, 企画管理編9.1 …). */
    references: z.array(z.string().min(1)).default([]),
    /** An auto-evaluation rule id from the rule registry (e.g. `ledger.inventory`). */
    rule: z.string().regex(/^[a-z][a-z0-9_.-]*$/).optional(),
    help: LocalizedText.optional(),
    /** Countermeasure examples (対策例) shown with the item. */
    examples: z.array(LocalizedText).default([]),
    /** False when the wording was not yet checked against the primary document. */
    verified: z.boolean(),
  })
  .strict();
export type FrameworkItem = z.infer<typeof FrameworkItem>;

export const FrameworkSection = z
  .object({
    id: ItemId,
    number: z.string().optional(),
    title: LocalizedText,
    description: LocalizedText.optional(),
    items: z.array(FrameworkItem).min(1),
  })
  .strict();
export type FrameworkSection = z.infer<typeof FrameworkSection>;

export const FrameworkDefinition = z
  .object({
    id: Slug,
    version: Slug,
    title: LocalizedText,
    /** 発行者: 厚生労働省, HHS 405(d) … */
    publisher: LocalizedText,
    /** Gregorian start year of the fiscal year the version is for (2025 = 令和7年度); absent for timeless frameworks. */
    fiscalYear: z.number().int().min(2000).max(2100).optional(),
    sheet: z.enum(FRAMEWORK_SHEETS).default('general'),
    /** The framework of the other sheet of the same checklist (the vendor sheet of a hospital sheet). */
    vendorSheet: Slug.optional(),
    description: LocalizedText.optional(),
    source: z.object({ url: z.string().url().optional(), note: z.string().optional(), date: z.string().optional() }).strict().optional(),
    answerType: AnswerType.default('yes_no'),
    /**
     * The opening gate question (医療情報システムを導入、運用している): answered いいえ, nothing else is needed.
     * Its id must not repeat an item id.
     */
    gate: FrameworkItem.optional(),
    sections: z.array(FrameworkSection).min(1),
  })
  .strict()
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    const all = [...(f.gate ? [{ item: f.gate, path: ['gate', 'id'] as (string | number)[] }] : [])];
    f.sections.forEach((s, si) => s.items.forEach((item, ii) => all.push({ item, path: ['sections', si, 'items', ii, 'id'] })));
    for (const { item, path } of all) {
      if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path, message: `duplicate item id ${item.id}` });
      seen.add(item.id);
    }
    const sectionIds = new Set<string>();
    f.sections.forEach((s, si) => {
      if (sectionIds.has(s.id)) ctx.addIssue({ code: 'custom', path: ['sections', si, 'id'], message: `duplicate section id ${s.id}` });
      sectionIds.add(s.id);
    });
  });
export type FrameworkDefinition = z.infer<typeof FrameworkDefinition>;

/** Every answerable item in sheet order, the gate first. */
export function frameworkItems(f: FrameworkDefinition): FrameworkItem[] {
  return [...(f.gate ? [f.gate] : []), ...f.sections.flatMap((s) => s.items)];
}

export function itemAnswerType(f: FrameworkDefinition, item: FrameworkItem): AnswerType {
  return item.answerType ?? f.answerType;
}

/** The answer values an item admits. */
export function allowedAnswers(type: AnswerType): string[] {
  if (type === 'yes_no') return ['yes', 'no'];
  if (type === 'yes_no_na') return ['yes', 'no', 'na'];
  return type.scale.map((s) => s.value);
}

/** Whether an answer counts as done (はい, 該当なし, or a scale level marked done). */
export function answerIsDone(type: AnswerType, answer: string): boolean {
  if (type === 'yes_no' || type === 'yes_no_na') return answer === 'yes' || answer === 'na';
  return type.scale.some((s) => s.value === answer && s.done);
}

/** A gap: answered, and not done (いいえ, or a scale level not marked done). */
export function answerIsGap(type: AnswerType, answer: string): boolean {
  return !answerIsDone(type, answer);
}
