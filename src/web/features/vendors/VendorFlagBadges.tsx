import type { ReactNode } from 'react';
import { Badge, Group, Tooltip } from '@mantine/core';
import { IconCalendarDue, IconCalendarX, IconContract, IconFileAlert, IconFileUnknown, IconPhoneOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ContractFlag, VendorFlag } from '../../../shared/vendors.ts';

const ICONS: Record<VendorFlag, ReactNode> = {
  no_emergency_contact: <IconPhoneOff size={14} aria-hidden />,
  no_contract: <IconFileUnknown size={14} aria-hidden />,
  contract_missing_clauses: <IconFileAlert size={14} aria-hidden />,
  contract_expired: <IconCalendarX size={14} aria-hidden />,
  no_mds_sds: <IconContract size={14} aria-hidden />,
};

/** No one to call in an emergency: red. The rest: orange. */
export const VENDOR_FLAG_TONE: Record<VendorFlag, 'danger' | 'warning'> = {
  no_emergency_contact: 'danger',
  no_contract: 'warning',
  contract_missing_clauses: 'warning',
  contract_expired: 'warning',
  no_mds_sds: 'warning',
};

const badgeStyles = (color: string) => ({
  // An opaque background: the light variant's translucent tint loses contrast on a striped table row.
  root: { textTransform: 'none' as const, flexShrink: 0, maxWidth: 'none', overflow: 'visible' as const, background: `var(--mantine-color-${color}-0)` },
  label: { overflow: 'visible' as const },
});

/** A vendor's flag: text plus its own icon (never colour alone); the explanation on hover/focus. */
export function VendorFlagBadge({ flag, withHelp = true }: { flag: VendorFlag; withHelp?: boolean }) {
  const { t } = useTranslation();
  const color = VENDOR_FLAG_TONE[flag] === 'danger' ? 'red' : 'orange';
  const badge = (
    <Badge color={color} variant="light" radius="sm" leftSection={ICONS[flag]} tabIndex={withHelp ? 0 : undefined} styles={badgeStyles(color)}>
      {t(`vendors.flags.${flag}`)}
    </Badge>
  );
  if (!withHelp) return badge;
  return (
    <Tooltip label={t(`vendors.flagHelp.${flag}`)} multiline w={320} withArrow events={{ hover: true, focus: true, touch: true }}>
      {badge}
    </Tooltip>
  );
}

export function VendorFlagBadges({ flags, withHelp }: { flags: readonly VendorFlag[]; withHelp?: boolean }) {
  if (flags.length === 0) return null;
  return (
    <Group gap={4} wrap="wrap">
      {flags.map((f) => (
        <VendorFlagBadge key={f} flag={f} withHelp={withHelp} />
      ))}
    </Group>
  );
}

const CONTRACT_ICONS: Record<ContractFlag, ReactNode> = {
  missing_clauses: <IconFileAlert size={14} aria-hidden />,
  expired: <IconCalendarX size={14} aria-hidden />,
  ending_soon: <IconCalendarDue size={14} aria-hidden />,
};

/** A contract's flag, like a vendor's. */
export function ContractFlagBadge({ flag }: { flag: ContractFlag }) {
  const { t } = useTranslation();
  const color = flag === 'expired' ? 'red' : 'orange';
  return (
    <Tooltip label={t(`vendors.contracts.flagHelp.${flag}`)} multiline w={300} withArrow events={{ hover: true, focus: true, touch: true }}>
      <Badge color={color} variant="light" radius="sm" leftSection={CONTRACT_ICONS[flag]} tabIndex={0} styles={badgeStyles(color)}>
        {t(`vendors.contracts.flags.${flag}`)}
      </Badge>
    </Tooltip>
  );
}
