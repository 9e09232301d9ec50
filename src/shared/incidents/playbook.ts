import { z } from 'zod';
import { CASE_CATEGORIES, CASE_PHASES, TEAM_ROLES } from './cases.ts';

/**
 * A playbook (対応手順書) as data: the steps of one case category, spread over the five phases of seed 002, each with
 * the team role (対策本部の役割) that owns it. Shipped playbooks are YAML files under `playbooks/` (one per category);
 * a facility may keep its own copy of a category (edited in the app, stored as JSON of this same schema), which then
 * wins over the shipped one. When a case opens, the items are copied into the case's tasks: later edits of the
 * playbook do not change existing cases.
 *
 * Item ids are stable (`rw-isolate`, `rw-backup-check` …): a task remembers the item it came from.
 */

const Slug = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'slug');
const ItemId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'item id');

export const PLAYBOOK_LIMITS = {
  items: 100,
  titleChars: 300,
  helpChars: 2000,
} as const;

export const PlaybookText = z
  .object({
    ja: z.string().trim().min(1).max(PLAYBOOK_LIMITS.titleChars),
    en: z.string().trim().min(1).max(PLAYBOOK_LIMITS.titleChars),
  })
  .strict();
export type PlaybookText = z.infer<typeof PlaybookText>;

const PlaybookHelp = z
  .object({
    ja: z.string().trim().min(1).max(PLAYBOOK_LIMITS.helpChars),
    en: z.string().trim().min(1).max(PLAYBOOK_LIMITS.helpChars),
  })
  .strict();

export const PlaybookItem = z
  .object({
    id: ItemId,
    phase: z.enum(CASE_PHASES),
    title: PlaybookText,
    /** What to watch out for, in a sentence or two (shown under the task). */
    help: PlaybookHelp.optional(),
    /** The team role that owns the step; null when anyone of the team may take it. */
    ownerRole: z.enum(TEAM_ROLES).nullable().default(null),
    /** False while the step has not been checked against the MHLW guidance (shipped playbooks only). */
    verified: z.boolean().default(false),
  })
  .strict();
export type PlaybookItem = z.infer<typeof PlaybookItem>;

export const PlaybookDefinition = z
  .object({
    id: Slug,
    version: Slug,
    category: z.enum(CASE_CATEGORIES),
    title: PlaybookText,
    description: PlaybookHelp.optional(),
    /** Where the flow comes from (our own words; the documents are named, not copied). */
    source: z.object({ note: z.string().optional(), url: z.string().url().optional() }).strict().optional(),
    items: z.array(PlaybookItem).min(1).max(PLAYBOOK_LIMITS.items),
  })
  .strict()
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.items.forEach((item, i) => {
      if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: ['items', i, 'id'], message: `duplicate item id ${item.id}` });
      seen.add(item.id);
    });
  });
export type PlaybookDefinition = z.infer<typeof PlaybookDefinition>;
export type PlaybookDefinitionInput = z.input<typeof PlaybookDefinition>;

/** The items in phase order (stable within a phase): the order a case's tasks take. */
export function itemsInPhaseOrder<T extends { phase: (typeof CASE_PHASES)[number] }>(items: readonly T[]): T[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => CASE_PHASES.indexOf(a.item.phase) - CASE_PHASES.indexOf(b.item.phase) || a.i - b.i)
    .map((x) => x.item);
}
