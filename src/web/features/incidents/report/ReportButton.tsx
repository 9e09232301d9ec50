import { Affix, Button } from '@mantine/core';
import { IconAlertTriangleFilled } from '@tabler/icons-react';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PATHS } from '../../../paths.ts';
import { useSession } from '../../session/SessionContext.tsx';
import { usePermissions } from '../../session/permissions.ts';

/**
 * The "incident?" button: one tap from every screen to the one-minute report, for anyone who may report in the current
 * facility. Mounted in the header; on a phone (`compact`) the header has no room for its words, so it floats at the
 * bottom right, within the thumb's reach, with its full label (hidden on the report page itself; the open navigation
 * drawer covers it).
 */
export function ReportButton({ compact }: { compact: boolean }) {
  const { t } = useTranslation();
  const perm = usePermissions();
  const { currentFacility } = useSession();
  const { pathname } = useLocation();
  const facilityId = currentFacility?.id ?? null;
  if (!facilityId || !(perm.isAdmin || perm.can('incident.report', facilityId))) return null;
  const here = pathname === PATHS.incidentReportNew;
  const button = (
    <Button
      component={Link}
      to={PATHS.incidentReportNew}
      color="red"
      variant="filled"
      radius="xl"
      size={compact ? 'md' : 'sm'}
      leftSection={<IconAlertTriangleFilled size={compact ? 20 : 18} aria-hidden />}
      aria-label={t('incidentReports.button.aria')}
      aria-current={here ? 'page' : undefined}
      data-testid="report-button"
      styles={{ label: { whiteSpace: 'nowrap' } }}
      style={compact ? { boxShadow: 'var(--mantine-shadow-lg)' } : undefined}
    >
      {t('incidentReports.button.label')}
    </Button>
  );
  if (!compact) return button;
  if (here) return null;
  // Below the navigation drawer and the header (z-index 100+), above the page.
  return (
    <Affix position={{ bottom: 16, right: 16 }} zIndex={99}>
      {button}
    </Affix>
  );
}
