import type { ReactNode } from 'react';
import { Anchor, Group, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowsSort, IconPhone, IconSortAscending, IconSortDescending } from '@tabler/icons-react';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TVendor } from '../../../shared/contracts/vendors.contract.ts';
import { useFormat } from '../../lib/format.ts';
import { PATHS } from '../../paths.ts';
import { VendorFlagBadges } from './VendorFlagBadges.tsx';
import { telHref } from './vendors.ts';

/** A column header that sorts: a button inside the th, and aria-sort on the th itself. */
function SortHeader({ column, label, sort, onSort }: { column: 'kana' | 'contractEndsOn'; label: string; sort: string; onSort: (sort: string) => void }) {
  const { t } = useTranslation();
  const active = sort === column || sort === `-${column}`;
  const desc = sort === `-${column}`;
  const icon: ReactNode = !active ? <IconArrowsSort size={14} aria-hidden opacity={0.5} /> : desc ? <IconSortDescending size={14} aria-hidden /> : <IconSortAscending size={14} aria-hidden />;
  return (
    <Table.Th aria-sort={active ? (desc ? 'descending' : 'ascending') : undefined} style={{ whiteSpace: 'nowrap' }}>
      <UnstyledButton onClick={() => onSort(active && !desc ? `-${column}` : column)} aria-label={t('vendors.list.sortBy', { column: label })}>
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

export function VendorsTable({ vendors, sort, onSort }: { vendors: TVendor[]; sort: string; onSort: (sort: string) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { search } = useLocation();
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table stickyHeader striped highlightOnHover verticalSpacing="sm" aria-label={t('vendors.list.tableLabel')}>
        <Table.Thead>
          <Table.Tr>
            <SortHeader column="kana" label={t('vendors.fields.name')} sort={sort} onSort={onSort} />
            <Table.Th>{t('vendors.fields.flags')}</Table.Th>
            <Table.Th>{t('vendors.fields.emergencyContact')}</Table.Th>
            <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>
              {t('vendors.fields.assetCount')}
            </Table.Th>
            <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>
              {t('vendors.fields.connectionCount')}
            </Table.Th>
            <SortHeader column="contractEndsOn" label={t('vendors.fields.contractEndsOn')} sort={sort} onSort={onSort} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {vendors.map((v) => (
            <Table.Tr key={v.id}>
              <Table.Td miw={200}>
                <Stack gap={2}>
                  <Anchor component={Link} to={PATHS.vendor(v.id)} state={{ listSearch: search }} fw={600}>
                    {v.name}
                  </Anchor>
                  {v.nameKana ? (
                    <Text size="xs" c="dimmed">
                      {v.nameKana}
                    </Text>
                  ) : null}
                </Stack>
              </Table.Td>
              <Table.Td miw={180}>
                <VendorFlagBadges flags={v.flags} />
              </Table.Td>
              <Table.Td miw={180}>
                {v.emergencyContact ? (
                  <Stack gap={2}>
                    <Text size="sm">{v.emergencyContact.name}</Text>
                    {v.emergencyContact.phone ? (
                      <Anchor href={telHref(v.emergencyContact.phone)} size="sm" className="mono" display="inline-flex" style={{ alignItems: 'center', gap: 4, whiteSpace: 'nowrap' }} aria-label={t('vendors.contacts.call', { name: v.emergencyContact.name, phone: v.emergencyContact.phone })}>
                        <IconPhone size={14} aria-hidden />
                        {v.emergencyContact.phone}
                      </Anchor>
                    ) : null}
                  </Stack>
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('vendors.list.noEmergency')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right">{fmt.number(v.assetCount)}</Table.Td>
              <Table.Td ta="right">{fmt.number(v.connectionCount)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {v.contractEndsOn ? (
                  fmt.date(v.contractEndsOn)
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('common.notSet')}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
