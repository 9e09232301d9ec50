import { z } from 'zod';
import { ZId } from './common.contract.ts';

export const ZAuditEvent = z.object({
  seq: z.number().int(),
  id: ZId,
  occurredAt: z.string(),
  actorUserId: ZId.nullable(),
  actorLabel: z.string(),
  facilityId: ZId.nullable(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  action: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  sourceIp: z.string().nullable(),
  hash: z.string(),
});
export type TAuditEvent = z.infer<typeof ZAuditEvent>;

export const ZAuditQuery = z.strictObject({
  facilityId: ZId.optional(),
  action: z.string().max(64).optional(),
  entityType: z.string().max(64).optional(),
  actor: z.string().max(254).optional(),
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type TAuditQuery = z.infer<typeof ZAuditQuery>;

export const ZAuditPage = z.object({
  items: z.array(ZAuditEvent),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const ZAuditVerify = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBrokenSeq: z.number().int().nullable(),
  reason: z.enum(['hash_mismatch', 'prev_hash_mismatch', 'missing_row']).nullable(),
});
export type TAuditVerify = z.infer<typeof ZAuditVerify>;
