import { z } from 'zod';
import { FACILITY_ROLES } from '../roles.ts';
import { ZId, ZLocale } from './common.contract.ts';

export const ZEmail = z.string().trim().toLowerCase().max(254).email();
export const ZPassword = z.string().min(1).max(256);
export const ZDisplayName = z.string().trim().min(1).max(100);

export const ZRoleGrant = z.object({
  id: ZId,
  role: z.enum([...FACILITY_ROLES, 'group_admin']),
  facilityId: ZId.nullable(),
  groupId: ZId.nullable(),
});
export type TRoleGrant = z.infer<typeof ZRoleGrant>;

export const ZUser = z.object({
  id: ZId,
  email: z.string(),
  displayName: z.string(),
  locale: ZLocale,
  isAdmin: z.boolean(),
  disabled: z.boolean(),
  mfaEnabled: z.boolean(),
  locked: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  roles: z.array(ZRoleGrant),
});
export type TUser = z.infer<typeof ZUser>;

export const ZUserListQuery = z.strictObject({
  facilityId: ZId.optional(),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type TUserListQuery = z.infer<typeof ZUserListQuery>;

export const ZUserCreate = z.strictObject({
  email: ZEmail,
  displayName: ZDisplayName,
  password: ZPassword,
  locale: ZLocale.default('ja'),
  isAdmin: z.boolean().default(false),
  roles: z
    .array(z.strictObject({ role: z.enum(FACILITY_ROLES), facilityId: ZId }))
    .max(100)
    .default([]),
});
export type TUserCreate = z.infer<typeof ZUserCreate>;

export const ZUserUpdate = z.strictObject({
  displayName: ZDisplayName.optional(),
  locale: ZLocale.optional(),
  disabled: z.boolean().optional(),
  isAdmin: z.boolean().optional(),
});
export type TUserUpdate = z.infer<typeof ZUserUpdate>;

export const ZRoleGrantCreate = z.union([
  z.strictObject({ role: z.enum(FACILITY_ROLES), facilityId: ZId }),
  z.strictObject({ role: z.literal('group_admin'), groupId: ZId }),
]);
export type TRoleGrantCreate = z.infer<typeof ZRoleGrantCreate>;

export const ZPasswordReset = z.strictObject({ newPassword: ZPassword });
