import type { ReactNode } from 'react';
import { Badge, Group } from '@mantine/core';
import { IconCalendarDue, IconCalendarX, IconHelpHexagon, IconNetworkOff } from '@tabler/icons-react';
import type { AssetFlag } from '../../../shared/ledger.ts';
import { FLAG_TONE, useLedgerLabels } from './ledger.ts';

const ICONS: Record<AssetFlag, ReactNode> = {
  end_of_support_passed: <IconCalendarX size={14} aria-hidden />,
  end_of_support_soon: <IconCalendarDue size={14} aria-hidden />,
  unknown_version: <IconHelpHexagon size={14} aria-hidden />,
  ip_outside_segment: <IconNetworkOff size={14} aria-hidden />,
};

/** A risk flag as a badge: always text plus its own icon, never colour alone. */
export function AssetFlagBadge({ flag }: { flag: AssetFlag }) {
  const labels = useLedgerLabels();
  const color = FLAG_TONE[flag] === 'danger' ? 'red' : 'orange';
  return (
    <Badge
      color={color}
      variant="light"
      radius="sm"
      leftSection={ICONS[flag]}
      // An opaque background: the light variant's translucent tint loses contrast on a striped table row.
      styles={{ root: { textTransform: 'none', flexShrink: 0, maxWidth: 'none', overflow: 'visible', background: `var(--mantine-color-${color}-0)` }, label: { overflow: 'visible' } }}
    >
      {labels.flag(flag)}
    </Badge>
  );
}

export function AssetFlagBadges({ flags }: { flags: readonly AssetFlag[] }) {
  if (flags.length === 0) return null;
  return (
    <Group gap={4} wrap="wrap">
      {flags.map((f) => (
        <AssetFlagBadge key={f} flag={f} />
      ))}
    </Group>
  );
}
