import type { ReactNode } from 'react';
import { Badge, type MantineColor } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCircleMinus, IconInfoCircle, IconLock } from '@tabler/icons-react';

export type StatusTone = 'ok' | 'warn' | 'danger' | 'neutral' | 'info' | 'locked';

const TONES: Record<StatusTone, { color: MantineColor; icon: ReactNode }> = {
  ok: { color: 'green', icon: <IconCircleCheck size={14} aria-hidden /> },
  warn: { color: 'orange', icon: <IconAlertTriangle size={14} aria-hidden /> },
  danger: { color: 'red', icon: <IconAlertTriangle size={14} aria-hidden /> },
  neutral: { color: 'gray', icon: <IconCircleMinus size={14} aria-hidden /> },
  info: { color: 'blue', icon: <IconInfoCircle size={14} aria-hidden /> },
  locked: { color: 'red', icon: <IconLock size={14} aria-hidden /> },
};

/** A status always shown as text plus icon, never colour alone. */
export function StatusBadge({ tone, children }: { tone: StatusTone; children: ReactNode }) {
  const { color, icon } = TONES[tone];
  return (
    <Badge
      color={color}
      variant="light"
      leftSection={icon}
      radius="sm"
      // Never cut the word off in a narrow table cell: the text is the status.
      styles={{ root: { textTransform: 'none', flexShrink: 0, maxWidth: 'none', overflow: 'visible' }, label: { overflow: 'visible' } }}
    >
      {children}
    </Badge>
  );
}
