import type { ReactNode } from 'react';
import { Badge, Group, Stack, Text, Tooltip, type MantineColor } from '@mantine/core';
import {
  IconAlertOctagon,
  IconAlertTriangle,
  IconBuildingStore,
  IconCircleCheck,
  IconCircleDashed,
  IconClockExclamation,
  IconFlame,
  IconInfoCircle,
  IconLock,
  IconProgress,
  IconShieldCheck,
  IconSkull,
  IconWorld,
  IconX,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useFormat } from '../../lib/format.ts';
import type { FindingStatus } from '../../../shared/vulns/domain.ts';
import type { Confidence } from '../../../shared/vulns/types.ts';
import { cvssSeverity, epssPercent, findingSeverity, useVulnLabels, type Severity, type TFinding } from './vulns.ts';

const BADGE_STYLES = { root: { textTransform: 'none' as const, flexShrink: 0, maxWidth: 'none', overflow: 'visible' }, label: { overflow: 'visible' } };

/** A small labelled badge: text plus icon, never colour alone; an explanation on hover/focus when `help` is given. */
function VBadge({ color, icon, children, help, variant = 'light' }: { color: MantineColor; icon: ReactNode; children: ReactNode; help?: string; variant?: 'light' | 'filled' | 'outline' }) {
  // Light and outline badges sit on striped table rows too: their own pale background and dark text keep AA contrast.
  const styles =
    variant === 'filled'
      ? BADGE_STYLES
      : { ...BADGE_STYLES, root: { ...BADGE_STYLES.root, background: `var(--mantine-color-${color}-0)`, color: `var(--mantine-color-${color}-9)` } };
  const badge = (
    <Badge color={color} variant={variant} radius="sm" leftSection={icon} tabIndex={help ? 0 : undefined} styles={styles}>
      {children}
    </Badge>
  );
  if (!help) return badge;
  return (
    <Tooltip label={help} multiline w={300} withArrow events={{ hover: true, focus: true, touch: true }}>
      {badge}
    </Tooltip>
  );
}

/** Known exploited (CISA KEV). */
export function KevBadge({ withHelp = true }: { withHelp?: boolean }) {
  const { t } = useTranslation();
  return (
    <VBadge color="red" variant="filled" icon={<IconFlame size={14} aria-hidden />} help={withHelp ? t('vulns.badges.kevHelp') : undefined}>
      {t('vulns.badges.kev')}
    </VBadge>
  );
}

/** Used by ransomware. */
export function RansomwareBadge({ withHelp = true }: { withHelp?: boolean }) {
  const { t } = useTranslation();
  return (
    <VBadge color="grape" icon={<IconSkull size={14} aria-hidden />} help={withHelp ? t('vulns.badges.ransomwareHelp') : undefined}>
      {t('vulns.badges.ransomware')}
    </VBadge>
  );
}

/** KEV and ransomware marks of a vulnerability (nothing when neither). */
export function ExploitBadges({ kev, ransomware, withHelp }: { kev: boolean; ransomware: boolean; withHelp?: boolean }) {
  if (!kev && !ransomware) return null;
  return (
    <Group gap={4} wrap="wrap">
      {kev ? <KevBadge withHelp={withHelp} /> : null}
      {ransomware ? <RansomwareBadge withHelp={withHelp} /> : null}
    </Group>
  );
}

/** Internet-facing / vendor line: how an asset can be reached from outside, as text. */
export function ExposureBadges({ internetFacing, vendorReachable }: { internetFacing: boolean; vendorReachable: boolean }) {
  const { t } = useTranslation();
  if (!internetFacing && !vendorReachable) return null;
  return (
    <Group gap={4} wrap="wrap">
      {internetFacing ? (
        <VBadge color="orange" icon={<IconWorld size={14} aria-hidden />}>
          {t('vulns.badges.internet')}
        </VBadge>
      ) : null}
      {vendorReachable ? (
        <VBadge color="orange" icon={<IconBuildingStore size={14} aria-hidden />}>
          {t('vulns.badges.vendor')}
        </VBadge>
      ) : null}
    </Group>
  );
}

const STATUS_STYLE: Record<FindingStatus, { color: MantineColor; icon: ReactNode; variant: 'light' | 'filled' | 'outline' }> = {
  open: { color: 'red', icon: <IconCircleDashed size={14} aria-hidden />, variant: 'light' },
  in_progress: { color: 'blue', icon: <IconProgress size={14} aria-hidden />, variant: 'light' },
  fixed: { color: 'green', icon: <IconCircleCheck size={14} aria-hidden />, variant: 'light' },
  mitigated: { color: 'teal', icon: <IconShieldCheck size={14} aria-hidden />, variant: 'light' },
  accepted: { color: 'yellow', icon: <IconLock size={14} aria-hidden />, variant: 'outline' },
  false_positive: { color: 'gray', icon: <IconX size={14} aria-hidden />, variant: 'light' },
};

/** The finding's status (open, in progress, fixed, mitigated, risk accepted, false positive). */
export function FindingStatusBadge({ status }: { status: FindingStatus }) {
  const labels = useVulnLabels();
  const s = STATUS_STYLE[status];
  return (
    <VBadge color={s.color} icon={s.icon} variant={s.variant}>
      {labels.status(status)}
    </VBadge>
  );
}

/** Confirmed / possible / product match only, with what it means on hover/focus. */
export function ConfidenceBadge({ confidence }: { confidence: Confidence }) {
  const labels = useVulnLabels();
  const color: MantineColor = confidence === 'exact' ? 'dark' : confidence === 'possible' ? 'indigo' : 'gray';
  const icon = confidence === 'exact' ? <IconCircleCheck size={14} aria-hidden /> : confidence === 'possible' ? <IconAlertTriangle size={14} aria-hidden /> : <IconInfoCircle size={14} aria-hidden />;
  return (
    <VBadge color={color} icon={icon} variant="outline" help={labels.confidenceHelp(confidence)}>
      {labels.confidence(confidence)}
    </VBadge>
  );
}

const SEVERITY_STYLE: Record<Severity, { color: MantineColor; icon: ReactNode }> = {
  urgent: { color: 'red', icon: <IconAlertOctagon size={14} aria-hidden /> },
  high: { color: 'orange', icon: <IconAlertTriangle size={14} aria-hidden /> },
  medium: { color: 'yellow', icon: <IconAlertTriangle size={14} aria-hidden /> },
  low: { color: 'gray', icon: <IconInfoCircle size={14} aria-hidden /> },
  none: { color: 'gray', icon: <IconInfoCircle size={14} aria-hidden /> },
};

/** Critical / high / medium / low with an icon. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  const labels = useVulnLabels();
  const s = SEVERITY_STYLE[severity];
  return (
    <VBadge color={s.color} icon={s.icon} variant={severity === 'urgent' ? 'filled' : 'light'}>
      {labels.severity(severity)}
    </VBadge>
  );
}

/** The priority score with the finding's severity band. */
export function PriorityCell({ finding }: { finding: Pick<TFinding, 'priority' | 'dueRule'> }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2} align="flex-start">
      <SeverityBadge severity={findingSeverity(finding.dueRule)} />
      <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        {t('vulns.fields.priorityScore', { score: finding.priority })}
      </Text>
    </Stack>
  );
}

/** CVSS score with its band ("9.8 critical"), or "—". */
export function CvssText({ score, version }: { score: number | null; version?: string | null }) {
  const { t } = useTranslation();
  const labels = useVulnLabels();
  if (score === null) return <Text size="sm" c="dimmed">{t('vulns.fields.noScore')}</Text>;
  return (
    <Text size="sm" span style={{ whiteSpace: 'nowrap' }}>
      {score.toFixed(1)} <Text span size="xs" c="dimmed">{labels.severity(cvssSeverity(score))}{version ? ` · v${version}` : ''}</Text>
    </Text>
  );
}

/** EPSS probability ("12%") or "—". */
export function EpssText({ epss }: { epss: number | null }) {
  const { t } = useTranslation();
  const text = epssPercent(epss);
  if (text === null) return <Text size="sm" c="dimmed">{t('vulns.fields.noScore')}</Text>;
  return (
    <Text size="sm" span style={{ whiteSpace: 'nowrap' }}>
      {text}
    </Text>
  );
}

/** The fix deadline; past deadlines of active findings in red with the word "overdue" (not colour alone). */
export function DueText({ finding }: { finding: Pick<TFinding, 'dueOn' | 'overdue' | 'status'> }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const date = fmt.date(finding.dueOn);
  if (finding.overdue && (finding.status === 'open' || finding.status === 'in_progress'))
    return (
      <StatusBadge tone="danger">
        <span style={{ whiteSpace: 'nowrap' }}>{t('vulns.fields.overdueOn', { date })}</span>
      </StatusBadge>
    );
  if (finding.status !== 'open' && finding.status !== 'in_progress')
    return (
      <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        {date}
      </Text>
    );
  return (
    <Group gap={4} wrap="nowrap">
      <IconClockExclamation size={14} aria-hidden opacity={0.6} />
      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
        {date}
      </Text>
    </Group>
  );
}

/** Shelved: escalated to the executive. */
export function ShelvedBadge({ level }: { level: number }) {
  const { t } = useTranslation();
  if (level < 1) return null;
  return level >= 2 ? (
    <VBadge color="red" icon={<IconAlertOctagon size={14} aria-hidden />} help={t('vulns.badges.shelvedHelp')}>
      {t('vulns.badges.shelved')}
    </VBadge>
  ) : (
    <VBadge color="orange" icon={<IconAlertTriangle size={14} aria-hidden />} help={t('vulns.badges.escalatedHelp')}>
      {t('vulns.badges.escalated')}
    </VBadge>
  );
}
