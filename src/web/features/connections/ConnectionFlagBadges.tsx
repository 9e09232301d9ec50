import type { ReactNode } from 'react';
import { Badge, Group, Tooltip } from '@mantine/core';
import { IconAlertOctagon, IconBug, IconCalendarX, IconKey, IconLockOpen, IconShieldOff, IconUsersGroup } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ConnectionFlag, ConnectionStatus } from '../../../shared/connections.ts';

const ICONS: Record<ConnectionFlag, ReactNode> = {
  no_auth: <IconLockOpen size={14} aria-hidden />,
  no_mfa_internet: <IconShieldOff size={14} aria-hidden />,
  shared_account: <IconUsersGroup size={14} aria-hidden />,
  credentials_not_rotated: <IconKey size={14} aria-hidden />,
  approval_expired_in_use: <IconCalendarX size={14} aria-hidden />,
  entry_device_eos: <IconAlertOctagon size={14} aria-hidden />,
  entry_device_kev: <IconBug size={14} aria-hidden />,
};

/** Flags that mean someone can get in now: red. The rest: orange. */
export const CONNECTION_FLAG_TONE: Record<ConnectionFlag, 'danger' | 'warning'> = {
  no_auth: 'danger',
  no_mfa_internet: 'danger',
  entry_device_kev: 'danger',
  shared_account: 'warning',
  credentials_not_rotated: 'warning',
  approval_expired_in_use: 'warning',
  entry_device_eos: 'warning',
};

/** A connection's risk flag: text plus its own icon (never colour alone); the explanation on hover/focus. */
export function ConnectionFlagBadge({ flag, withHelp = true }: { flag: ConnectionFlag; withHelp?: boolean }) {
  const { t } = useTranslation();
  const color = CONNECTION_FLAG_TONE[flag] === 'danger' ? 'red' : 'orange';
  const badge = (
    <Badge
      color={color}
      variant="light"
      radius="sm"
      leftSection={ICONS[flag]}
      tabIndex={withHelp ? 0 : undefined}
      styles={{ root: { textTransform: 'none', flexShrink: 0, maxWidth: 'none', overflow: 'visible', background: `var(--mantine-color-${color}-0)` }, label: { overflow: 'visible' } }}
    >
      {t(`connections.flags.${flag}`)}
    </Badge>
  );
  if (!withHelp) return badge;
  return (
    <Tooltip label={t(`connections.flagHelp.${flag}`)} multiline w={320} withArrow events={{ hover: true, focus: true, touch: true }}>
      {badge}
    </Tooltip>
  );
}

export function ConnectionFlagBadges({ flags, withHelp }: { flags: readonly ConnectionFlag[]; withHelp?: boolean }) {
  if (flags.length === 0) return null;
  return (
    <Group gap={4} wrap="wrap">
      {flags.map((f) => (
        <ConnectionFlagBadge key={f} flag={f} withHelp={withHelp} />
      ))}
    </Group>
  );
}

const STATUS_COLOR: Record<ConnectionStatus, string> = {
  requested: 'blue',
  approved: 'teal',
  rejected: 'gray',
  active: 'green',
  expired: 'orange',
  retired: 'gray',
};

/** The lifecycle status as a badge (text, not colour alone). */
export function ConnectionStatusBadge({ status }: { status: ConnectionStatus }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={STATUS_COLOR[status]}
      variant={status === 'active' ? 'filled' : 'light'}
      radius="sm"
      // Never cut the word off in a narrow table cell: the text is the status.
      styles={{ root: { textTransform: 'none', flexShrink: 0, maxWidth: 'none', overflow: 'visible' }, label: { overflow: 'visible' } }}
    >
      {t(`connections.status.${status}`)}
    </Badge>
  );
}
