import type { ReactNode } from 'react';
import { Anchor, Card, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconWorld } from '@tabler/icons-react';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SortHeader } from '../../components/SortHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useFormat } from '../../lib/format.ts';
import { PATHS } from '../../paths.ts';
import { isInternetFacing } from '../../../shared/connections.ts';
import type { TConnection } from '../../../shared/contracts/connections.contract.ts';
import { ConnectionFlagBadges, ConnectionStatusBadge } from './ConnectionFlagBadges.tsx';
import { expiryState, todayJst, useConnectionLabels } from './connections.ts';

type SortKey = 'name' | 'status' | 'expiresOn';

/** The approval's last day in JST, marked (text and icon) when it has passed or ends within 30 days. */
export function ExpiryText({ connection, empty }: { connection: Pick<TConnection, 'status' | 'expiresOn'>; empty?: ReactNode }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const state = expiryState(connection, todayJst());
  if (!connection.expiresOn) return <>{empty ?? <VisuallyHidden>{t('common.notSet')}</VisuallyHidden>}</>;
  const date = fmt.date(connection.expiresOn);
  if (state.kind === 'past') return <StatusBadge tone="danger">{t('connections.list.expiry.past', { date })}</StatusBadge>;
  if (state.kind === 'soon')
    return <StatusBadge tone="warn">{state.days === 0 ? t('connections.list.expiry.today', { date }) : t('connections.list.expiry.soon', { date, count: state.days })}</StatusBadge>;
  return (
    <Text size="sm" span style={{ whiteSpace: 'nowrap' }}>
      {date}
    </Text>
  );
}

/** The entry device (or the segment the line enters), with an internet mark. */
function EntryCell({ c }: { c: TConnection }) {
  const { t } = useTranslation();
  const internet = isInternetFacing({ internetFacing: c.internetFacing, entryDevice: c.entryAsset });
  return (
    <Stack gap={2}>
      {c.entryAsset ? (
        <Text size="sm">{c.entryAsset.name}</Text>
      ) : (
        <Text size="sm" c="dimmed">
          {t('connections.list.noEntry')}
        </Text>
      )}
      {c.segmentName ? (
        <Text size="xs" c="dimmed">
          {c.segmentName}
        </Text>
      ) : null}
      {internet ? (
        <Group gap={4} wrap="nowrap">
          <IconWorld size={14} aria-hidden />
          <Text size="xs">{t('connections.list.internet')}</Text>
        </Group>
      ) : null}
    </Stack>
  );
}

/** The register as a table (wide screens): sortable columns, the flags in each row, the expiry highlighted. */
export function ConnectionsTable({ connections, sort, onSort }: { connections: TConnection[]; sort: string; onSort: (sort: string) => void }) {
  const { t } = useTranslation();
  const labels = useConnectionLabels();
  const { search } = useLocation();
  const h = (column: SortKey, label: string) => <SortHeader column={column} label={label} name={t('connections.list.sortBy', { column: label })} sort={sort} onSort={onSort} />;
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table stickyHeader striped highlightOnHover verticalSpacing="sm" aria-label={t('connections.list.tableLabel')}>
        <Table.Thead>
          <Table.Tr>
            {h('name', t('connections.fields.name'))}
            <Table.Th>{t('connections.fields.flags')}</Table.Th>
            {h('status', t('connections.fields.status'))}
            <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('connections.fields.vendor')}</Table.Th>
            <Table.Th>{t('connections.fields.entryAsset')}</Table.Th>
            {h('expiresOn', t('connections.fields.expiresOn'))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {connections.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td miw={200}>
                <Stack gap={2}>
                  <Anchor component={Link} to={PATHS.connection(c.id)} state={{ listSearch: search }} fw={600}>
                    {c.name}
                  </Anchor>
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {[labels.kind(c.kind), c.purpose].filter(Boolean).join(' · ')}
                  </Text>
                </Stack>
              </Table.Td>
              <Table.Td miw={160}>
                <ConnectionFlagBadges flags={c.flags} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <ConnectionStatusBadge status={c.status} />
              </Table.Td>
              <Table.Td miw={110}>
                {c.vendorName ?? (
                  <Text size="sm" c="dimmed">
                    {t('connections.list.noVendor')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td miw={150}>
                <EntryCell c={c} />
              </Table.Td>
              <Table.Td>
                <ExpiryText connection={c} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The register as cards (phones): the same facts, one card per line, worst news first in each card. */
export function ConnectionCards({ connections }: { connections: TConnection[] }) {
  const { t } = useTranslation();
  const labels = useConnectionLabels();
  const { search } = useLocation();
  return (
    <Stack gap="sm" component="ul" aria-label={t('connections.list.tableLabel')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {connections.map((c) => (
        <Card component="li" key={c.id} withBorder radius="md" p="sm">
          <Stack gap={6}>
            <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
              <Anchor component={Link} to={PATHS.connection(c.id)} state={{ listSearch: search }} fw={600} style={{ minWidth: 0 }}>
                {c.name}
              </Anchor>
              <ConnectionStatusBadge status={c.status} />
            </Group>
            <Text size="xs" c="dimmed">
              {[labels.kind(c.kind), c.vendorName ?? t('connections.list.noVendor')].join(' · ')}
            </Text>
            <ConnectionFlagBadges flags={c.flags} />
            <Group gap="xs" wrap="wrap">
              <Text size="xs" fw={700}>
                {t('connections.fields.entryAsset')}
              </Text>
              <Text size="xs">{c.entryAsset?.name ?? c.segmentName ?? t('connections.list.noEntry')}</Text>
            </Group>
            {c.expiresOn ? (
              <Group gap="xs" wrap="wrap">
                <Text size="xs" fw={700}>
                  {t('connections.fields.expiresOn')}
                </Text>
                <ExpiryText connection={c} />
              </Group>
            ) : null}
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
