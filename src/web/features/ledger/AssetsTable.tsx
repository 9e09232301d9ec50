import type { ReactNode } from 'react';
import { Anchor, Group, Stack, Table, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconArrowsSort, IconShieldLock, IconSortAscending, IconSortDescending } from '@tabler/icons-react';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TAsset } from '../../../shared/contracts/ledger.contract.ts';
import { useFormat } from '../../lib/format.ts';
import { PATHS } from '../../paths.ts';
import { AssetFlagBadges } from './AssetFlagBadge.tsx';
import { CriticalityBadge } from './CriticalityBadge.tsx';
import { useLedgerLabels } from './ledger.ts';

type SortKey = 'name' | 'assetTag' | 'type' | 'criticality' | 'endOfSupport';

/** A column header that sorts: a button inside the th, and aria-sort on the th itself. */
function SortHeader({ column, label, sort, onSort }: { column: SortKey; label: string; sort: string; onSort: (sort: string) => void }) {
  const { t } = useTranslation();
  const active = sort === column || sort === `-${column}`;
  const desc = sort === `-${column}`;
  const icon: ReactNode = !active ? <IconArrowsSort size={14} aria-hidden opacity={0.5} /> : desc ? <IconSortDescending size={14} aria-hidden /> : <IconSortAscending size={14} aria-hidden />;
  return (
    <Table.Th aria-sort={active ? (desc ? 'descending' : 'ascending') : undefined} style={{ whiteSpace: 'nowrap' }}>
      <UnstyledButton onClick={() => onSort(active && !desc ? `-${column}` : column)} aria-label={t('ledger.assets.sortBy', { column: label })}>
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

export function AssetsTable({ assets, sort, onSort }: { assets: TAsset[]; sort: string; onSort: (sort: string) => void }) {
  const { t } = useTranslation();
  const labels = useLedgerLabels();
  const fmt = useFormat();
  const { search } = useLocation();
  const h = (column: SortKey, key: 'name' | 'assetTag' | 'type' | 'criticality' | 'endOfSupport') => (
    <SortHeader column={column} label={t(`ledger.fields.${key}`)} sort={sort} onSort={onSort} />
  );
  return (
    <Table.ScrollContainer minWidth={1180}>
      <Table stickyHeader striped highlightOnHover verticalSpacing="sm" aria-label={t('ledger.assets.tableLabel')}>
        <Table.Thead>
          <Table.Tr>
            {h('name', 'name')}
            <Table.Th>{t('ledger.fields.flags')}</Table.Th>
            {h('type', 'type')}
            {h('assetTag', 'assetTag')}
            <Table.Th>{t('ledger.fields.segment')}</Table.Th>
            <Table.Th>{t('ledger.fields.ips')}</Table.Th>
            {h('criticality', 'criticality')}
            <Table.Th>{t('ledger.fields.exposure')}</Table.Th>
            {h('endOfSupport', 'endOfSupport')}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {assets.map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td miw={180}>
                <Stack gap={2}>
                  <Anchor component={Link} to={PATHS.asset(a.id)} state={{ listSearch: search }} fw={600}>
                    {a.name}
                  </Anchor>
                  {a.product || a.version ? (
                    <Text size="xs" c="dimmed">
                      {[a.vendor, a.product, a.version].filter(Boolean).join(' ')}
                    </Text>
                  ) : null}
                  {a.holdsPatientData ? (
                    <Group gap={4} wrap="nowrap">
                      <IconShieldLock size={14} aria-hidden />
                      <Text size="xs">{t('ledger.patientData.yes')}</Text>
                    </Group>
                  ) : null}
                </Stack>
              </Table.Td>
              <Table.Td>
                <AssetFlagBadges flags={a.flags} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{labels.type(a.type)}</Table.Td>
              <Table.Td className="mono" style={{ whiteSpace: 'nowrap' }}>
                {a.assetTag ?? ''}
              </Table.Td>
              <Table.Td>
                {a.segmentName ?? (
                  <Text size="sm" c="dimmed">
                    {t('ledger.assets.noSegment')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td className="mono" style={{ whiteSpace: 'nowrap' }}>
                {a.ips.slice(0, 2).map((ip) => (
                  <div key={ip}>{ip}</div>
                ))}
                {a.ips.length > 2 ? (
                  <Text size="xs" c="dimmed">
                    {t('ledger.assets.more', { count: a.ips.length - 2 })}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                <CriticalityBadge value={a.criticality} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{labels.exposure(a.exposure)}</Text>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {a.endOfSupport ? fmt.date(a.endOfSupport) : <VisuallyHidden>{t('common.notSet')}</VisuallyHidden>}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
