import { can, canDeployment, canManageUser, facilitiesWith, type FacilityPermission } from '../../../shared/policy.ts';
import type { TUser } from '../../api/types.ts';
import { useSession } from './SessionContext.tsx';

/**
 * What the signed-in user may see and do, decided with the same policy as the server
 * (src/shared/policy.ts). The UI only hides; the server enforces.
 */
export function usePermissions() {
  const { actor, currentFacility, facilityOptions } = useSession();
  const here = currentFacility?.id ?? null;
  const inCurrent = (p: FacilityPermission) => actor.isAdmin || (here !== null && can(actor, p, here));
  const facilityIdsWith = (p: FacilityPermission): string[] => facilitiesWith(actor, p) ?? facilityOptions.map((f) => f.id);
  return {
    isAdmin: actor.isAdmin,
    isGroupAdmin: actor.groupAdminGroupIds.length > 0,
    readFacilities: inCurrent('facility.read'),
    readUsers: inCurrent('user.read'),
    manageUsersHere: inCurrent('user.manage'),
    readAudit: inCurrent('audit.read'),
    readLedger: inCurrent('ledger.read'),
    writeLedger: inCurrent('ledger.write'),
    /** A vendor user: sees only their own vendors' records (vendors, their assets and connections). */
    vendorView: !inCurrent('ledger.read') && inCurrent('ledger.vendor_view'),
    /** Whole ledger, or the vendor's own part of it. */
    readLedgerOrVendor: inCurrent('ledger.read') || inCurrent('ledger.vendor_view'),
    requestConnection: inCurrent('connection.request'),
    approveConnection: inCurrent('connection.approve'),
    /** Vulnerability findings: read (executive, security manager, IT staff, auditor), triage, accept a risk (executive), edit the deadline policy. */
    readVulns: inCurrent('vuln.read'),
    triageVulns: inCurrent('vuln.triage'),
    acceptVulnRisk: inCurrent('vuln.accept_risk'),
    editVulnPolicy: inCurrent('vuln.policy'),
    /** Upload feed files (deployment-wide; administrators). */
    manageFeeds: canDeployment(actor, 'feeds.manage'),
    verifyAudit: canDeployment(actor, 'audit.verify'),
    createFacility: canDeployment(actor, 'facility.create'),
    manageGroups: canDeployment(actor, 'group.manage'),
    can: (p: FacilityPermission, facilityId: string) => can(actor, p, facilityId),
    facilityIdsWith,
    canManage: (u: TUser) =>
      canManageUser(actor, {
        isAdmin: u.isAdmin,
        isGroupAdmin: u.roles.some((r) => r.role === 'group_admin'),
        facilityIds: [...new Set(u.roles.flatMap((r) => (r.facilityId ? [r.facilityId] : [])))],
      }),
  };
}
