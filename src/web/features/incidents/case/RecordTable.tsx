import type { ReactNode } from 'react';
import { ActionIcon, Table } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { Loading } from '../../../components/Loading.tsx';

/** A case's record list while it loads or fails, and `empty` once it has loaded with nothing in it. */
export function ListState({ query, empty }: { query: { isPending: boolean; error: unknown; data?: { items: unknown[] } }; empty: ReactNode }) {
  return (
    <>
      {query.isPending ? <Loading /> : null}
      {query.error ? <ErrorAlert error={query.error} /> : null}
      {query.data && query.data.items.length === 0 ? empty : null}
    </>
  );
}

/**
 * A case's records as a table: the column headings, then a last column (not printed) headed `actions` when
 * given, and the rows.
 */
export function RecordTable({ minWidth, testId, columns, actions, children }: { minWidth: number; testId: string; columns: string[]; actions?: ReactNode; children: ReactNode }) {
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table verticalSpacing={6} data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((heading) => (
              <Table.Th key={heading}>{heading}</Table.Th>
            ))}
            {actions !== undefined ? <Table.Th className="no-print">{actions}</Table.Th> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The red bin that asks to remove one record; `label` names the record for screen readers. */
export function RemoveButton({ label, onClick, className }: { label: string; onClick: () => void; className?: string }) {
  return (
    <ActionIcon variant="subtle" color="red" onClick={onClick} aria-label={label} className={className}>
      <IconTrash size={16} aria-hidden />
    </ActionIcon>
  );
}

/** A table row's last cell (not printed) with the remove button. */
export function RemoveCell({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Table.Td className="no-print">
      <RemoveButton label={label} onClick={onClick} />
    </Table.Td>
  );
}
