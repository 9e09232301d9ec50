import { Anchor, Stack, Table, Text } from '@mantine/core';
import { IconPhone } from '@tabler/icons-react';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TVendor } from '../../../shared/contracts/vendors.contract.ts';
import { SortHeader } from '../../components/SortHeader.tsx';
import { useFormat } from '../../lib/format.ts';
import { PATHS } from '../../paths.ts';
import { VendorFlagBadges } from './VendorFlagBadges.tsx';
import { telHref } from './vendors.ts';

export function VendorsTable({ vendors, sort, onSort }: { vendors: TVendor[]; sort: string; onSort: (sort: string) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { search } = useLocation();
  const h = (column: 'kana' | 'contractEndsOn', label: string) => <SortHeader column={column} label={label} name={t('vendors.list.sortBy', { column: label })} sort={sort} onSort={onSort} />;
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table stickyHeader striped highlightOnHover verticalSpacing="sm" aria-label={t('vendors.list.tableLabel')}>
        <Table.Thead>
          <Table.Tr>
            {h('kana', t('vendors.fields.name'))}
            <Table.Th>{t('vendors.fields.flags')}</Table.Th>
            <Table.Th>{t('vendors.fields.emergencyContact')}</Table.Th>
            <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>
              {t('vendors.fields.assetCount')}
            </Table.Th>
            <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>
              {t('vendors.fields.connectionCount')}
            </Table.Th>
            {h('contractEndsOn', t('vendors.fields.contractEndsOn'))}
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
