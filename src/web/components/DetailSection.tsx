import type { ReactNode } from 'react';
import { Card, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export type DetailRow = [label: string, value: ReactNode];

/** Label/value rows of a detail page; empty values read "not set". */
export function DetailRows({ rows, labelWidth = '38%' }: { rows: DetailRow[]; labelWidth?: string }) {
  const { t } = useTranslation();
  return (
    <Table variant="vertical" layout="fixed" withTableBorder={false} verticalSpacing={6}>
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th w={labelWidth} style={{ verticalAlign: 'top' }}>
              {label}
            </Table.Th>
            <Table.Td style={{ overflowWrap: 'anywhere' }}>
              {value === null || value === undefined || value === '' ? (
                <Text size="sm" c="dimmed">
                  {t('common.notSet')}
                </Text>
              ) : (
                value
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** One part of a detail page: a region named by its h2, with label/value rows and/or other content. */
export function DetailSection({ title, rows, children }: { title: string; rows?: DetailRow[]; children?: ReactNode }) {
  return (
    <Card withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-label={title}>
      <Title order={2} size="h4" mb="xs">
        {title}
      </Title>
      {rows ? <DetailRows rows={rows} /> : null}
      {children}
    </Card>
  );
}
