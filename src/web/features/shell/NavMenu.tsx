import type { ReactElement, ReactNode } from 'react';
import { Badge, NavLink, Stack, Text, VisuallyHidden } from '@mantine/core';
import {
  IconBook2,
  IconBug,
  IconBuildingHospital,
  IconBuildingStore,
  IconChecklist,
  IconClockCog,
  IconDashboard,
  IconDatabaseImport,
  IconFingerprint,
  IconKey,
  IconListCheck,
  IconListDetails,
  IconListSearch,
  IconPhoneCall,
  IconAlertTriangle,
  IconMessageReport,
  IconShieldExclamation,
  IconInbox,
  IconQrcode,
  IconClipboardList,
  IconBellCog,
  IconPlugConnected,
  IconServer,
  IconTopologyStar3,
  IconUsers,
  IconDatabase,
  IconRoute,
  IconRestore,
  IconUsersGroup,
  IconFileCertificate,
  IconBook,
} from '@tabler/icons-react';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PATHS } from '../../paths.ts';
import { useConnectionSummary } from '../connections/connections.ts';
import { useNewReportCount } from '../incidents/cases/cases.ts';
import { useSession } from '../session/SessionContext.tsx';
import { usePermissions } from '../session/permissions.ts';
import { useVulnBadgeCount } from '../vulns/vulns.ts';

interface Item {
  to: string;
  label: string;
  icon: ReactNode;
  show: boolean;
  /** A count next to the label (e.g. requests awaiting approval). */
  badge?: ReactNode;
  /** Active only on this very path (an overview whose sub-pages have their own entries). */
  exact?: boolean;
}

/** Left navigation: only what exists now and what the user's roles allow. */
export function NavMenu({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const perm = usePermissions();
  const { currentFacility } = useSession();
  const pending = useConnectionSummary(currentFacility?.id ?? null, perm.approveConnection).data?.requested ?? 0;
  const activeKev = useVulnBadgeCount(currentFacility?.id ?? null, perm.readVulns).data ?? 0;
  const readIncidents = perm.isAdmin || (currentFacility ? perm.can('incident.read', currentFacility.id) : false);
  const newReports = useNewReportCount(currentFacility?.id ?? null, readIncidents).data ?? 0;
  const main: Item[] = [{ to: PATHS.dashboard, label: t('nav.dashboard'), icon: <IconDashboard size={18} aria-hidden />, show: true }];
  // UX.md order: dashboard, ledger (assets / networks / connections / vendors), …, settings; only what exists.
  const ledger: Item[] = [
    { to: PATHS.assets, label: t('ledger.nav.assets'), icon: <IconServer size={18} aria-hidden />, show: perm.readLedgerOrVendor },
    { to: PATHS.segments, label: t('ledger.nav.segments'), icon: <IconTopologyStar3 size={18} aria-hidden />, show: perm.readLedger },
    { to: PATHS.connections, label: t('connections.nav.connections'), icon: <IconPlugConnected size={18} aria-hidden />, show: perm.readLedgerOrVendor },
    {
      to: PATHS.approvals,
      label: t('connections.nav.approvals'),
      icon: <IconChecklist size={18} aria-hidden />,
      show: perm.approveConnection,
      badge: countBadge(pending, t('connections.nav.pendingSuffix')),
    },
    { to: PATHS.vendors, label: t('vendors.nav.vendors'), icon: <IconBuildingStore size={18} aria-hidden />, show: perm.readLedgerOrVendor },
  ];
  const vulns: Item[] = [
    {
      to: PATHS.vulns,
      label: t('vulns.nav.overview'),
      icon: <IconBug size={18} aria-hidden />,
      show: perm.readVulns,
      exact: true,
      badge: countBadge(activeKev, t('vulns.nav.kevSuffix')),
    },
    { to: PATHS.vulnFindings, label: t('vulns.nav.findings'), icon: <IconListDetails size={18} aria-hidden />, show: perm.readVulns },
    { to: PATHS.vulnCoverage, label: t('vulns.nav.coverage'), icon: <IconFingerprint size={18} aria-hidden />, show: perm.readVulns },
    { to: PATHS.vulnFeeds, label: t('vulns.nav.feeds'), icon: <IconDatabaseImport size={18} aria-hidden />, show: perm.readVulns || perm.manageFeeds },
    { to: PATHS.vulnPolicy, label: t('vulns.nav.policy'), icon: <IconClockCog size={18} aria-hidden />, show: perm.readVulns },
  ];
  // Checklists (UX.md order: after vulnerabilities). The assessments list (G1) goes first; then frameworks and actions.
  const facilityId = currentFacility?.id ?? null;
  const inFacility = (p: 'assessment.read' | 'assessment.manage' | 'action.read') => perm.isAdmin || (facilityId !== null && perm.can(p, facilityId));
  const checklist: Item[] = [
    {
      to: PATHS.assessments,
      label: t('assessments.nav.list'),
      icon: <IconChecklist size={18} aria-hidden />,
      show: inFacility('assessment.read') || (facilityId !== null && perm.can('assessment.vendor_answer', facilityId)),
    },
    { to: PATHS.frameworks, label: t('frameworks.nav.frameworks'), icon: <IconBook2 size={18} aria-hidden />, show: inFacility('assessment.read') || inFacility('assessment.manage') },
    { to: PATHS.actions, label: t('actions.nav.actions'), icon: <IconListCheck size={18} aria-hidden />, show: inFacility('action.read') },
  ];
  // Incidents (UX.md order: after checklists): the contact chart for now; everyone of the facility may read it.
  const incidents: Item[] = [
    { to: PATHS.incidentReportNew, label: t('incidents.nav.report'), icon: <IconAlertTriangle size={18} aria-hidden />, show: perm.isAdmin || (facilityId !== null && perm.can('incident.report', facilityId)) },
    { to: PATHS.incidents, label: t('incidents.nav.cases'), icon: <IconShieldExclamation size={18} aria-hidden />, show: readIncidents, exact: true },
    { to: PATHS.incidentInbox, label: t('incidents.nav.triage'), icon: <IconInbox size={18} aria-hidden />, show: readIncidents, badge: countBadge(newReports, t('incidents.nav.newReportsSuffix')) },
    { to: PATHS.incidentMyReports, label: t('incidents.nav.myReports'), icon: <IconMessageReport size={18} aria-hidden />, show: perm.isAdmin || (facilityId !== null && perm.can('incident.report', facilityId)) },
    { to: PATHS.incidentContacts, label: t('incidents.nav.contacts'), icon: <IconPhoneCall size={18} aria-hidden />, show: perm.isAdmin || (facilityId !== null && perm.can('contacts.read', facilityId)) },
    { to: PATHS.incidentReportLink, label: t('incidents.nav.reportLink'), icon: <IconQrcode size={18} aria-hidden />, show: perm.isAdmin || (facilityId !== null && perm.can('incident.manage', facilityId)) },
    { to: PATHS.incidentPlaybooks, label: t('incidents.nav.playbooks'), icon: <IconClipboardList size={18} aria-hidden />, show: perm.isAdmin || (facilityId !== null && perm.can('incident.read', facilityId)) },
    { to: PATHS.incidentSettings, label: t('incidents.nav.settings'), icon: <IconBellCog size={18} aria-hidden />, show: perm.isAdmin || (facilityId !== null && perm.can('incident.read', facilityId)) },
  ];
  // Resilience (UX.md order: after incidents): backups, recovery order, drills, exercises, BCP, the emergency binder.
  const readResilience = perm.isAdmin || (facilityId !== null && perm.can('resilience.read', facilityId));
  const resilience: Item[] = [
    { to: PATHS.backups, label: t('resilience.nav.backups'), icon: <IconDatabase size={18} aria-hidden />, show: readResilience },
    { to: PATHS.recovery, label: t('resilience.nav.recovery'), icon: <IconRoute size={18} aria-hidden />, show: readResilience },
    { to: PATHS.drills, label: t('resilience.nav.drills'), icon: <IconRestore size={18} aria-hidden />, show: readResilience },
    { to: PATHS.exercises, label: t('resilience.nav.exercises'), icon: <IconUsersGroup size={18} aria-hidden />, show: readResilience },
    { to: PATHS.bcp, label: t('resilience.nav.bcp'), icon: <IconFileCertificate size={18} aria-hidden />, show: readResilience },
    { to: PATHS.binder, label: t('resilience.nav.binder'), icon: <IconBook size={18} aria-hidden />, show: readResilience },
  ];
  const settings: Item[] = [
    { to: PATHS.facilities, label: t('nav.facilities'), icon: <IconBuildingHospital size={18} aria-hidden />, show: perm.readFacilities },
    { to: PATHS.users, label: t('nav.users'), icon: <IconUsers size={18} aria-hidden />, show: perm.readUsers },
    { to: PATHS.audit, label: t('nav.audit'), icon: <IconListSearch size={18} aria-hidden />, show: perm.readAudit },
    { to: PATHS.tokens, label: t('nav.tokens'), icon: <IconKey size={18} aria-hidden />, show: true },
  ];
  const isActive = (to: string, exact = false) => (to === '/' || exact ? pathname === to : pathname === to || pathname.startsWith(`${to}/`));
  const render = (items: Item[]) =>
    items
      .filter((i) => i.show)
      .map((i) => (
        <NavLink
          key={i.to}
          component={Link}
          to={i.to}
          label={i.label}
          leftSection={i.icon}
          rightSection={i.badge}
          active={isActive(i.to, i.exact)}
          aria-current={isActive(i.to, i.exact) ? 'page' : undefined}
          onClick={onNavigate}
          variant="light"
          style={{ borderRadius: 'var(--mantine-radius-sm)' }}
        />
      ));
  return (
    <Stack gap={2} component="ul" style={LIST_STYLE}>
      {render(main).map((el) => (
        <li key={el.key}>{el}</li>
      ))}
      {perm.readLedgerOrVendor ? <NavGroup id="nav-ledger" title={t('ledger.nav.group')} links={render(ledger)} /> : null}
      {perm.readVulns || perm.manageFeeds ? <NavGroup id="nav-vulns" title={t('vulns.nav.group')} links={render(vulns)} /> : null}
      {checklist.some((i) => i.show) ? <NavGroup id="nav-checklist" title={t('assessments.nav.group')} links={render(checklist)} /> : null}
      {incidents.some((i) => i.show) ? <NavGroup id="nav-incidents" title={t('incidents.nav.group')} links={render(incidents)} /> : null}
      {readResilience ? <NavGroup id="nav-resilience" title={t('resilience.nav.group')} links={render(resilience)} /> : null}
      <NavGroup id="nav-settings" title={t('nav.settings')} links={render(settings)} />
    </Stack>
  );
}

const LIST_STYLE = { listStyle: 'none', padding: 0, margin: 0 };

/** A titled group of links: a list item holding the small heading and the list it names. */
function NavGroup({ id, title, links }: { id: string; title: string; links: ReactElement[] }) {
  return (
    <li>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt="md" mb={4} px="sm" id={id}>
        {title}
      </Text>
      <Stack gap={2} component="ul" aria-labelledby={id} style={LIST_STYLE}>
        {links.map((el) => (
          <li key={el.key}>{el}</li>
        ))}
      </Stack>
    </li>
  );
}

/** A count next to a link (none at zero); `suffix` tells screen readers what is counted. */
function countBadge(count: number, suffix: string): ReactNode {
  if (count <= 0) return undefined;
  return (
    <Badge size="sm" color="red" variant="filled" radius="xl">
      {count}
      <VisuallyHidden>{suffix}</VisuallyHidden>
    </Badge>
  );
}
