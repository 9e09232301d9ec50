import { Badge, Tooltip, type MantineColor } from '@mantine/core';
import { IconAlertOctagon, IconAlertTriangle, IconArrowDown, IconCircleCheck, IconEqual, IconEye, IconProgress } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { CASE_PHASES, type CasePhase, type CaseSeverity, type CaseStatus, type TlpLevel } from '../../../../shared/incidents/cases.ts';
import { useCaseLabels } from './cases.ts';

const BADGE_STYLES = (color: MantineColor) => ({
  root: { textTransform: 'none' as const, flexShrink: 0, maxWidth: 'none', overflow: 'visible', background: `var(--mantine-color-${color}-0)`, color: `var(--mantine-color-${color}-9)` },
  label: { overflow: 'visible' },
});

const SEVERITY: Record<CaseSeverity, { color: MantineColor; icon: typeof IconAlertOctagon }> = {
  critical: { color: 'red', icon: IconAlertOctagon },
  high: { color: 'orange', icon: IconAlertTriangle },
  medium: { color: 'yellow', icon: IconEqual },
  low: { color: 'gray', icon: IconArrowDown },
};

/** Critical / high / medium / low with an icon each (never colour alone). */
export function SeverityBadge({ severity }: { severity: CaseSeverity }) {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  const { color, icon: Icon } = SEVERITY[severity];
  return (
    <Badge variant="light" color={color} radius="sm" leftSection={<Icon size={14} aria-hidden />} styles={BADGE_STYLES(color)}>
      {t('incidentCases.badges.severity', { label: labels.severity(severity) })}
    </Badge>
  );
}

const TLP_COLOR: Record<TlpLevel, MantineColor> = { clear: 'gray', green: 'green', amber: 'orange', amber_strict: 'orange', red: 'red' };

/** TLP:AMBER etc.; what it means on hover or focus. */
export function TlpBadge({ tlp }: { tlp: TlpLevel }) {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  const color = TLP_COLOR[tlp];
  return (
    <Tooltip label={t(`incidentCases.tlp.help.${tlp}`)} multiline w={280} withArrow events={{ hover: true, focus: true, touch: true }}>
      <Badge variant="light" color={color} radius="sm" leftSection={<IconEye size={14} aria-hidden />} tabIndex={0} styles={BADGE_STYLES(color)}>
        {labels.tlp(tlp)}
      </Badge>
    </Tooltip>
  );
}

/** The phase with its place among the five (2/5 and its name). */
export function PhaseBadge({ phase }: { phase: CasePhase }) {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  return (
    <Badge variant="light" color="blue" radius="sm" leftSection={<IconProgress size={14} aria-hidden />} styles={BADGE_STYLES('blue')}>
      {t('incidentCases.badges.phase', { n: CASE_PHASES.indexOf(phase) + 1, total: CASE_PHASES.length, label: labels.phase(phase) })}
    </Badge>
  );
}

/** Open (being handled) / closed. */
export function CaseStatusBadge({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return status === 'open' ? (
    <StatusBadge tone="warn">{t('incidentCases.status.open')}</StatusBadge>
  ) : (
    <Badge variant="light" color="green" radius="sm" leftSection={<IconCircleCheck size={14} aria-hidden />} styles={BADGE_STYLES('green')}>
      {t('incidentCases.status.closed')}
    </Badge>
  );
}
