import { Badge } from '@mantine/core';
import { useLedgerLabels } from './ledger.ts';

const COLORS = ['red', 'orange', 'blue', 'gray'] as const;

/** Criticality for patient care as its number and words (colour only supports the text). */
export function CriticalityBadge({ value, long = false }: { value: number; long?: boolean }) {
  const labels = useLedgerLabels();
  return (
    <Badge
      color={COLORS[Math.min(4, Math.max(1, value)) - 1]}
      variant={value === 1 ? 'filled' : 'light'}
      radius="sm"
      styles={{ root: { textTransform: 'none', maxWidth: 'none', overflow: 'visible', flexShrink: 0 }, label: { overflow: 'visible' } }}
    >
      {long ? labels.criticalityLong(value) : `${value}: ${labels.criticalityShort(value)}`}
    </Badge>
  );
}
