import { z } from 'zod';
import { FACILITY_ROLES } from '../roles.ts';
import { TOKEN_SCOPES } from '../policy.ts';
import { ZId, ZLocale } from './common.contract.ts';
import { ZDisplayName, ZEmail, ZPassword } from './users.contract.ts';
import { ZFacilityCode } from './facilities.contract.ts';
import { FACILITY_KINDS, PREFECTURES } from '../roles.ts';

export const ZSetupStatus = z.object({ needsSetup: z.boolean(), version: z.string() });

export const ZSetupRequest = z.strictObject({
  facilityCode: ZFacilityCode,
  facilityName: z.string().trim().min(1).max(200),
  facilityKind: z.enum(FACILITY_KINDS).default('hospital'),
  beds: z.number().int().min(0).max(100_000).nullable().optional(),
  prefecture: z.enum(PREFECTURES).nullable().optional(),
  adminEmail: ZEmail,
  adminName: ZDisplayName,
  adminPassword: ZPassword,
  locale: ZLocale.default('ja'),
});
export type TSetupRequest = z.infer<typeof ZSetupRequest>;

export const ZLoginRequest = z.strictObject({ email: z.string().trim().toLowerCase().max(254), password: ZPassword });

/** What the session still needs before it is complete. */
export const SESSION_STAGES = ['mfa', 'enroll_mfa', 'change_password', 'full'] as const;
export type SessionStage = (typeof SESSION_STAGES)[number];

export const ZLoginResponse = z.object({ stage: z.enum(SESSION_STAGES) });

export const ZMfaCode = z.strictObject({ code: z.string().trim().min(6).max(32) });

export const ZMfaEnrollStart = z.object({ secret: z.string(), otpauthUrl: z.string(), qrDataUrl: z.string() });
export const ZRecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });

export const ZMembership = z.object({
  facilityId: ZId,
  facilityCode: z.string(),
  facilityName: z.string(),
  roles: z.array(z.enum([...FACILITY_ROLES, 'group_admin'])),
});

export const ZMe = z.object({
  stage: z.enum(SESSION_STAGES),
  user: z.object({
    id: ZId,
    email: z.string(),
    displayName: z.string(),
    locale: ZLocale,
    isAdmin: z.boolean(),
    mfaEnabled: z.boolean(),
    mfaRequired: z.boolean(),
    recoveryCodesLeft: z.number().int(),
    passwordChangedAt: z.string().nullable(),
  }),
  facilities: z.array(ZMembership),
  groupAdminGroupIds: z.array(ZId),
  csrfToken: z.string(),
});
export type TMe = z.infer<typeof ZMe>;

export const ZMeUpdate = z.strictObject({ displayName: ZDisplayName.optional(), locale: ZLocale.optional() });
export const ZPasswordChange = z.strictObject({ currentPassword: ZPassword, newPassword: ZPassword });
export const ZMfaDisable = z.strictObject({ password: ZPassword, code: z.string().trim().min(6).max(32) });

export const ZApiToken = z.object({
  id: ZId,
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.enum(TOKEN_SCOPES)),
  facilityId: ZId.nullable(),
  expiresAt: z.string(),
  lastUsedAt: z.string().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type TApiToken = z.infer<typeof ZApiToken>;
export const ZApiTokenCreate = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(TOKEN_SCOPES)).min(1),
  facilityId: ZId.nullable().default(null),
  expiresInDays: z.number().int().min(1).max(366).default(90),
});
export const ZApiTokenCreated = z.object({ token: z.string(), apiToken: ZApiToken });
export const ZApiTokenList = z.object({ items: z.array(ZApiToken) });

export { ZEmail, ZPassword };
