import { z } from 'zod';
import { ACTION_SOURCE_TYPES, ACTION_STATUSES } from '../assessments/types.ts';
import { ZId, ZIsoDateTime } from './common.contract.ts';

/** 対応アクション: a gap, a lesson or a finding turned into work with an owner and a due date. */
const ZDateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'invalid_date' });

export const ZActionSource = z.object({
  type: z.enum(ACTION_SOURCE_TYPES),
  id: ZId.nullable(),
  /** Within the source: an assessment's item id, a case's task … */
  ref: z.string().max(200).nullable(),
  label: z.string().max(300).nullable(),
  /** In-app path that opens the source. */
  link: z.string().nullable(),
});

export const ZAction = z.object({
  id: ZId,
  facilityId: ZId,
  title: z.string(),
  description: z.string().nullable(),
  owner: z.object({ id: ZId, name: z.string() }).nullable(),
  dueOn: ZDateOnly.nullable(),
  status: z.enum(ACTION_STATUSES),
  overdue: z.boolean(),
  source: ZActionSource,
  completedAt: ZIsoDateTime.nullable(),
  createdAt: ZIsoDateTime,
  updatedAt: ZIsoDateTime,
});
export type ActionDto = z.infer<typeof ZAction>;

export const ZActionListQuery = z.strictObject({
  status: z.enum([...ACTION_STATUSES, 'active']).optional(),
  sourceType: z.enum(ACTION_SOURCE_TYPES).optional(),
  sourceId: ZId.optional(),
  ownerUserId: ZId.optional(),
  q: z.string().max(200).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export const ZActionPage = z.object({ items: z.array(ZAction), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export const ZActionCreate = z.strictObject({
  title: z.string().trim().min(1).max(300),
  description: z.string().max(4000).nullable().optional(),
  ownerUserId: ZId.nullable().optional(),
  dueOn: ZDateOnly.nullable().optional(),
  source: z
    .strictObject({ type: z.enum(ACTION_SOURCE_TYPES), id: ZId.optional(), ref: z.string().max(200).optional(), label: z.string().max(300).optional() })
    .default({ type: 'manual' }),
});
export type ActionCreate = z.infer<typeof ZActionCreate>;

export const ZActionUpdate = z.strictObject({
  title: z.string().trim().min(1).max(300).optional(),
  description: z.string().max(4000).nullable().optional(),
  ownerUserId: ZId.nullable().optional(),
  dueOn: ZDateOnly.nullable().optional(),
  status: z.enum(ACTION_STATUSES).optional(),
  expectedUpdatedAt: ZIsoDateTime.optional(),
});
export type ActionUpdate = z.infer<typeof ZActionUpdate>;
