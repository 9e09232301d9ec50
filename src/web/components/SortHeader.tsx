import type { ReactNode } from 'react';
import { Group, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowsSort, IconSortAscending, IconSortDescending } from '@tabler/icons-react';

/**
 * A column header that sorts: a button inside the th, and aria-sort on the th itself. `sort` is the list's
 * sort (`column` ascending, `-column` descending); `name` is the button's accessible name ("Sort by …").
 */
export function SortHeader({ column, label, name, sort, onSort }: { column: string; label: string; name: string; sort: string; onSort: (sort: string) => void }) {
  const active = sort === column || sort === `-${column}`;
  const desc = sort === `-${column}`;
  const icon: ReactNode = !active ? <IconArrowsSort size={14} aria-hidden opacity={0.5} /> : desc ? <IconSortDescending size={14} aria-hidden /> : <IconSortAscending size={14} aria-hidden />;
  return (
    <Table.Th aria-sort={active ? (desc ? 'descending' : 'ascending') : undefined} style={{ whiteSpace: 'nowrap' }}>
      <UnstyledButton onClick={() => onSort(active && !desc ? `-${column}` : column)} aria-label={name}>
        <Group gap={4} wrap="nowrap">
          <Text span fw={700} size="sm">
            {label}
          </Text>
          {icon}
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}
