import { z } from 'zod';
import { ERROR_CODES } from '../errors.ts';

export const ZId = z.string().min(1).max(64);
export const ZLocale = z.enum(['ja', 'en']);
export const ZIsoDateTime = z.string();

/** A field-level problem; imports add the spreadsheet row, the offending value and a referenced row. */
export const ZFieldIssue = z.object({ path: z.string(), message: z.string(), row: z.number().optional(), value: z.string().optional(), ref: z.number().optional() });

export const ZErrorResponse = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    issues: z.array(ZFieldIssue).optional(),
    detail: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type TErrorResponse = z.infer<typeof ZErrorResponse>;

export const PAGE_SIZE = 50;
export const ZPageQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(PAGE_SIZE),
});

export function ZPage<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
}

export const ZOk = z.object({ ok: z.literal(true) });

export const ZHealth = z.object({ status: z.enum(['ok', 'degraded']), database: z.enum(['ok', 'unreachable']), version: z.string(), dialect: z.enum(['sqlite', 'postgres']) });
