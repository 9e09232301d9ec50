import type { ReactNode } from 'react';
import { Table } from '@mantine/core';

/**
 * A wide table's horizontal scroller that keyboard users can reach: natively scrolling, focusable (arrow keys
 * scroll it) and named after its table.
 */
export function ScrollTable({ minWidth, label, children }: { minWidth: number; label: string; children: ReactNode }) {
  return (
    <Table.ScrollContainer minWidth={minWidth} type="native" tabIndex={0} role="region" aria-label={label}>
      {children}
    </Table.ScrollContainer>
  );
}
