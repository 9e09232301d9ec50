import { Anchor, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconShieldLock } from '@tabler/icons-react';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TAsset } from '../../../shared/contracts/ledger.contract.ts';
import { SortHeader } from '../../components/SortHeader.tsx';
import { useFormat } from '../../lib/format.ts';
import { PATHS } from '../../paths.ts';
import { AssetFlagBadges } from './AssetFlagBadge.tsx';
import { CriticalityBadge } from './CriticalityBadge.tsx';
import { useLedgerLabels } from './ledger.ts';

type SortKey = 'name' | 'assetTag' | 'type' | 'criticality' | 'endOfSupport';

export function AssetsTable({ assets, sort, onSort }: { assets: TAsset[]; sort: string; onSort: (sort: string) => void }) {
  const { t } = useTranslation();
  const labels = useLedgerLabels();
  const fmt = useFormat();
  const { search } = useLocation();
  const h = (column: SortKey) => {
    const label = t(`ledger.fields.${column}`);
    return <SortHeader column={column} label={label} name={t('ledger.assets.sortBy', { column: label })} sort={sort} onSort={onSort} />;
  };
  return (
    <Table.ScrollContainer minWidth={1180}>
      <Table stickyHeader striped highlightOnHover verticalSpacing="sm" aria-label={t('ledger.assets.tableLabel')}>
        <Table.Thead>
          <Table.Tr>
            {h('name')}
            <Table.Th>{t('ledger.fields.flags')}</Table.Th>
            {h('type')}
            {h('assetTag')}
            <Table.Th>{t('ledger.fields.segment')}</Table.Th>
            <Table.Th>{t('ledger.fields.ips')}</Table.Th>
            {h('criticality')}
            <Table.Th>{t('ledger.fields.exposure')}</Table.Th>
            {h('endOfSupport')}
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
