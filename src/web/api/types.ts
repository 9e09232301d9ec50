/** Response and request types of the API, inferred from the shared zod contracts. */
import type { z } from 'zod';
import type {
  ZApiTokenCreate,
  ZApiTokenCreated,
  ZLoginResponse,
  ZMembership,
  ZMfaEnrollStart,
  ZRecoveryCodes,
  ZSetupStatus,
} from '../../shared/contracts/auth.contract.ts';
import type { ZAuditQuery } from '../../shared/contracts/audit.contract.ts';

export type { TMe, TApiToken, TSetupRequest, SessionStage } from '../../shared/contracts/auth.contract.ts';
export type { TFacility, TFacilityCreate, TFacilityUpdate, TGroup, TGroupCreate } from '../../shared/contracts/facilities.contract.ts';
export type { TUser, TUserCreate, TUserUpdate, TRoleGrant, TRoleGrantCreate } from '../../shared/contracts/users.contract.ts';
export type { TAuditEvent, TAuditVerify } from '../../shared/contracts/audit.contract.ts';

export type TSetupStatus = z.infer<typeof ZSetupStatus>;
export type TLoginResponse = z.infer<typeof ZLoginResponse>;
export type TMfaEnrollStart = z.infer<typeof ZMfaEnrollStart>;
export type TRecoveryCodes = z.infer<typeof ZRecoveryCodes>;
export type TMembership = z.infer<typeof ZMembership>;
export type TApiTokenCreate = z.input<typeof ZApiTokenCreate>;
export type TApiTokenCreated = z.infer<typeof ZApiTokenCreated>;
export type TAuditQueryInput = Partial<z.input<typeof ZAuditQuery>>;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
export interface ItemList<T> {
  items: T[];
}
export interface Ok {
  ok: true;
}
