import type { FacilityRole } from './roles.ts';

/**
 * Pure authorization policy. Services call `assertCan` (server side) before every read of
 * protected data and every write; the UI calls `can` only to decide what to show.
 */

/** API token scopes. Each permission below needs one of them when the caller uses a token. */
export const TOKEN_SCOPES = ['facilities:read', 'facilities:write', 'users:read', 'users:write', 'audit:read', 'ledger:read', 'ledger:write', 'vulns:read', 'vulns:write', 'assessments:read', 'assessments:write', 'actions:read', 'actions:write', 'incidents:read', 'incidents:write', 'resilience:read', 'resilience:write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const PERMISSIONS = {
  'facility.read': { scope: 'facilities:read', roles: ['executive', 'security_manager', 'it_staff', 'staff', 'vendor', 'auditor'] },
  'facility.update': { scope: 'facilities:write', roles: ['security_manager'] },
  'user.read': { scope: 'users:read', roles: ['security_manager', 'auditor', 'executive'] },
  'user.manage': { scope: 'users:write', roles: ['security_manager'] },
  'audit.read': { scope: 'audit:read', roles: ['security_manager', 'auditor', 'executive'] },
  // The ledger (情報資産台帳): the whole facility's ledger.
  'ledger.read': { scope: 'ledger:read', roles: ['executive', 'security_manager', 'it_staff', 'staff', 'auditor'] },
  'ledger.write': { scope: 'ledger:write', roles: ['security_manager', 'it_staff'] },
  // A vendor user sees only the vendors they are linked to, those vendors' assets and connections.
  'ledger.vendor_view': { scope: 'ledger:read', roles: ['vendor'] },
  // …and may file a connection request (申請) for their own vendor, or resubmit one.
  'connection.request': { scope: 'ledger:write', roles: ['vendor', 'security_manager', 'it_staff'] },
  // 承認/却下 of external connections is the security manager's.
  'connection.approve': { scope: 'ledger:write', roles: ['security_manager'] },
  // Vulnerability findings of the facility (脆弱性): read, triage (対応中/修正済み/緩和済み/誤検知), re-match.
  'vuln.read': { scope: 'vulns:read', roles: ['executive', 'security_manager', 'it_staff', 'auditor'] },
  'vuln.triage': { scope: 'vulns:write', roles: ['security_manager', 'it_staff'] },
  // リスク受容 needs the executive's sign-off.
  'vuln.accept_risk': { scope: 'vulns:write', roles: ['executive'] },
  // The fix-deadline and escalation policy.
  'vuln.policy': { scope: 'vulns:write', roles: ['security_manager'] },
  // 現状調査 (checklists): read the facility's assessments (hospital and vendor sheets) and its own frameworks.
  'assessment.read': { scope: 'assessments:read', roles: ['executive', 'security_manager', 'it_staff', 'auditor'] },
  // Answer items, attach evidence (hospital sheets; vendor sheets only to correct on the vendor's behalf).
  'assessment.answer': { scope: 'assessments:write', roles: ['security_manager', 'it_staff'] },
  // Start, carry over and delete assessments; send vendor sheets and accept/return them; add frameworks.
  'assessment.manage': { scope: 'assessments:write', roles: ['security_manager'] },
  // Sign-off (承認): the security manager's and the executive's signatures lock the assessment.
  'assessment.sign_manager': { scope: 'assessments:write', roles: ['security_manager'] },
  'assessment.sign_executive': { scope: 'assessments:write', roles: ['executive'] },
  // A vendor user answers only the vendor sheets of the vendors they are linked to (ADR 0004).
  'assessment.vendor_answer': { scope: 'assessments:write', roles: ['vendor'] },
  // 対応アクション, shared by assessments, incidents, drills and risks.
  'action.read': { scope: 'actions:read', roles: ['executive', 'security_manager', 'it_staff', 'auditor'] },
  'action.write': { scope: 'actions:write', roles: ['security_manager', 'it_staff'] },
  // 連絡体制図: everyone of the facility must be able to read it on the day (staff included); the security manager keeps it.
  'contacts.read': { scope: 'incidents:read', roles: ['executive', 'security_manager', 'it_staff', 'staff', 'auditor'] },
  'contacts.write': { scope: 'incidents:write', roles: ['security_manager'] },
  // インシデントかも?: anyone of the hospital raises a one-minute report (staff see only their own reports).
  'incident.report': { scope: 'incidents:write', roles: ['executive', 'security_manager', 'it_staff', 'staff'] },
  // Cases and the report inbox: read; triage reports (open a case, merge, dismiss) and work the case.
  'incident.read': { scope: 'incidents:read', roles: ['executive', 'security_manager', 'it_staff', 'auditor'] },
  'incident.write': { scope: 'incidents:write', roles: ['security_manager', 'it_staff'] },
  // The facility's report link (poster/QR), playbooks, alert settings and webhooks; closing and reopening a case.
  'incident.manage': { scope: 'incidents:write', roles: ['security_manager'] },
  // The after-incident review is signed off by the security manager or the executive.
  'incident.review': { scope: 'incidents:write', roles: ['security_manager', 'executive'] },
  // 備え: backup plans and runs, recovery targets, restore drills, exercises, the BCP and the emergency binder.
  'resilience.read': { scope: 'resilience:read', roles: ['executive', 'security_manager', 'it_staff', 'auditor'] },
  // Record and change plans, runs (also the backup software's webhook through a token), drills, exercises, BCP drafts.
  'resilience.write': { scope: 'resilience:write', roles: ['security_manager', 'it_staff'] },
  // Send a BCP draft for approval, start a new version.
  'bcp.manage': { scope: 'resilience:write', roles: ['security_manager'] },
  // The BCP is approved by the executive (経営層の承認).
  'bcp.approve': { scope: 'resilience:write', roles: ['executive'] },
} as const satisfies Record<string, { scope: TokenScope; roles: readonly FacilityRole[] }>;

export type FacilityPermission = keyof typeof PERMISSIONS;

/** Deployment-wide permissions that only `admin` holds. */
export type DeploymentPermission = 'facility.create' | 'group.manage' | 'audit.verify' | 'deployment.read' | 'feeds.manage';

export interface FacilityGrant {
  facilityId: string;
  role: FacilityRole;
}

/** Who is acting: a user through a session, or a user through an API token (then with scopes). */
export interface Actor {
  userId: string;
  email: string;
  isAdmin: boolean;
  grants: FacilityGrant[];
  /** Facilities reached through a `group_admin` role over a group. */
  groupAdminFacilityIds: string[];
  /** Groups the user administers. */
  groupAdminGroupIds: string[];
  /** Present only for API-token requests. */
  token?: { id: string; scopes: TokenScope[]; facilityId: string | null };
}

function tokenAllows(actor: Actor, scope: TokenScope, facilityId?: string): boolean {
  if (!actor.token) return true;
  if (!actor.token.scopes.includes(scope)) return false;
  if (actor.token.facilityId && facilityId && actor.token.facilityId !== facilityId) return false;
  return true;
}

/** Roles the actor holds in one facility. */
export function rolesIn(actor: Actor, facilityId: string): FacilityRole[] {
  return actor.grants.filter((g) => g.facilityId === facilityId).map((g) => g.role);
}

/** True when the actor has any access to the facility at all. */
export function canSeeFacility(actor: Actor, facilityId: string): boolean {
  return can(actor, 'facility.read', facilityId);
}

/**
 * Whether the actor reaches the facility at all (any role there, group administration over it, or admin),
 * whatever the token's scopes; a token limited to another facility does not reach it. Services answer
 * NOT_FOUND outside this reach and FORBIDDEN / TOKEN_SCOPE inside it.
 */
export function reachesFacility(actor: Actor, facilityId: string): boolean {
  if (actor.token?.facilityId && actor.token.facilityId !== facilityId) return false;
  return actor.isAdmin || actor.groupAdminFacilityIds.includes(facilityId) || rolesIn(actor, facilityId).length > 0;
}

/** The permission check for facility-scoped actions. */
export function can(actor: Actor, permission: FacilityPermission, facilityId: string): boolean {
  const rule = PERMISSIONS[permission];
  if (!tokenAllows(actor, rule.scope, facilityId)) return false;
  if (actor.isAdmin) return true;
  if (actor.groupAdminFacilityIds.includes(facilityId)) return true;
  const held = rolesIn(actor, facilityId);
  return held.some((r) => (rule.roles as readonly FacilityRole[]).includes(r));
}

/**
 * An administrator with deployment-wide reach: a session, or a token not limited to one facility.
 * A facility-limited token of an administrator acts like a manager of that one facility.
 */
export function isDeploymentAdmin(actor: Actor): boolean {
  return actor.isAdmin && !actor.token?.facilityId;
}

/** Deployment-wide permissions. Tokens need the matching write/read scope too, and no facility limit. */
export function canDeployment(actor: Actor, permission: DeploymentPermission): boolean {
  if (actor.token?.facilityId) return false;
  if (permission === 'audit.verify') {
    if (!tokenAllows(actor, 'audit:read')) return false;
    return actor.isAdmin || actor.grants.some((g) => g.role === 'auditor');
  }
  const scope: TokenScope = permission === 'deployment.read' ? 'facilities:read' : permission === 'feeds.manage' ? 'vulns:write' : 'facilities:write';
  if (!tokenAllows(actor, scope)) return false;
  return actor.isAdmin;
}

/** Facilities where the actor holds a permission. `null` means every facility (admin). */
export function facilitiesWith(actor: Actor, permission: FacilityPermission): string[] | null {
  const rule = PERMISSIONS[permission];
  if (!tokenAllows(actor, rule.scope)) return [];
  if (actor.isAdmin) return actor.token?.facilityId ? [actor.token.facilityId] : null;
  const ids = new Set<string>(actor.groupAdminFacilityIds);
  for (const g of actor.grants) {
    if ((rule.roles as readonly FacilityRole[]).includes(g.role)) ids.add(g.facilityId);
  }
  const list = [...ids];
  return actor.token?.facilityId ? list.filter((id) => id === actor.token?.facilityId) : list;
}

/**
 * Whether the actor may manage (reset, unlock, change roles of) a user with the given grants.
 * Non-admins may manage only users whose every facility role lies in facilities they manage,
 * and never an administrator or a group administrator.
 */
export function canManageUser(
  actor: Actor,
  target: { isAdmin: boolean; isGroupAdmin: boolean; facilityIds: string[] },
): boolean {
  if (!tokenAllows(actor, 'users:write')) return false;
  if (isDeploymentAdmin(actor)) return true;
  if (target.isAdmin || target.isGroupAdmin) return false;
  const managed = facilitiesWith(actor, 'user.manage') ?? [];
  if (target.facilityIds.length === 0) return false;
  return target.facilityIds.every((f) => managed.includes(f));
}
