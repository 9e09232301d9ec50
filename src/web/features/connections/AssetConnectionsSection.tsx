import { Anchor, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { DetailSection } from '../../components/DetailSection.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PATHS } from '../../paths.ts';
import { ConnectionFlagBadges, ConnectionStatusBadge } from './ConnectionFlagBadges.tsx';
import { useConnectionList } from './connections.ts';

/** External connections through this device: the live connections whose entry device or targets include the asset (on the asset's page). */
export function AssetConnectionsSection({ facilityId, assetId }: { facilityId: string; assetId: string }) {
  const { t } = useTranslation();
  const list = useConnectionList(facilityId, { assetId, live: 'true', sort: 'name', pageSize: 100 });
  const items = list.data?.items ?? [];
  const title = t('connections.assetSection.title');
  return (
    <DetailSection title={title}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('connections.assetSection.description')}
        </Text>
        {list.isPending ? <Loading /> : null}
        {list.error ? <ErrorAlert error={list.error} /> : null}
        {list.data && items.length === 0 ? <Text size="sm">{t('connections.assetSection.none')}</Text> : null}
        {items.length > 0 ? (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="xs" aria-label={title}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('connections.fields.name')}</Table.Th>
                  <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('connections.assetSection.role')}</Table.Th>
                  <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('connections.fields.status')}</Table.Th>
                  <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('connections.fields.vendor')}</Table.Th>
                  <Table.Th>{t('connections.fields.flags')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td miw={180}>
                      <Anchor component={Link} to={PATHS.connection(c.id)} size="sm" fw={600}>
                        {c.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Text size="sm">{c.entryAsset?.id === assetId ? t('connections.assetSection.entry') : t('connections.assetSection.target')}</Text>
                    </Table.Td>
                    <Table.Td>
                      <ConnectionStatusBadge status={c.status} />
                    </Table.Td>
                    <Table.Td miw={120}>
                      <Text size="sm">{c.vendorName ?? t('connections.list.noVendor')}</Text>
                    </Table.Td>
                    <Table.Td>
                      <ConnectionFlagBadges flags={c.flags} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
      </Stack>
    </DetailSection>
  );
}
