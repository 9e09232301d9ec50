import { useState } from 'react';
import { Button, Grid, Group, List, Select, Stack, Switch, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconFileUpload, IconPlugConnected, IconPlus } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { apiUrl } from '../../api/client.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ClearFiltersButton, ExportButtons, FilterBar, SearchField } from '../../components/ListFilters.tsx';
import { ListResults } from '../../components/ListResults.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useUrlFilters } from '../../components/useUrlFilters.ts';
import { PATHS } from '../../paths.ts';
import { ImportModal, useFileLang } from '../ledger/AssetImportModal.tsx';
import { useLedgerFacilityId } from '../ledger/ledger.ts';
import { LedgerUnavailable } from '../ledger/LedgerUnavailable.tsx';
import { usePermissions } from '../session/permissions.ts';
import { ConnectionFormModal } from './ConnectionFormModal.tsx';
import { ConnectionCards, ConnectionsTable } from './ConnectionsTable.tsx';
import {
  CONNECTION_FILTER_KEYS,
  CONNECTION_PAGE_SIZE,
  connectionApiQuery,
  connectionFiltersFromParams,
  connectionPath,
  useConnectionChanged,
  useConnectionLabels,
  useConnectionList,
  useVendorOptions,
  type ConnectionFilterKey,
} from './connections.ts';

/** External connections: the register of every line into the hospital, with search, filters, sorting and paging kept in the URL. */
export function ConnectionsPage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const facilityId = useLedgerFacilityId();
  const labels = useConnectionLabels();
  const navigate = useNavigate();
  const narrow = useMediaQuery('(max-width: 48em)');
  const url = useUrlFilters(connectionFiltersFromParams, 'name');
  const { params, filters, update } = url;
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const lang = useFileLang();
  const changed = useConnectionChanged();
  const list = useConnectionList(facilityId, connectionApiQuery(filters), perm.readLedgerOrVendor);
  const vendors = useVendorOptions(facilityId, perm.readLedgerOrVendor);

  const filtered = CONNECTION_FILTER_KEYS.some((k) => filters[k]) || params.get('all') === '1';
  const all = { value: '', label: t('connections.list.filters.all') };
  const vendorOptions = (vendors.data ?? []).map((v) => ({ value: v.id, label: v.name }));
  const select = (key: ConnectionFilterKey, label: string, data: { value: string; label: string }[]) => (
    <Grid.Col span={{ base: 6, md: 4, lg: 2 }}>
      <Select label={label} data={[all, ...data]} value={filters[key]} onChange={(v) => update({ [key]: v ?? '' })} allowDeselect={false} searchable={data.length > 10} />
    </Grid.Col>
  );

  if (!facilityId || !perm.readLedgerOrVendor) return <LedgerUnavailable title={t('connections.list.title')} />;
  const hasAny = filtered || (list.data?.total ?? 0) > 0;

  return (
    <>
      <PageHeader
        title={t('connections.list.title')}
        description={perm.vendorView ? t('connections.list.vendorDescription') : t('connections.list.description')}
        actions={
          <Group gap="sm">
            {perm.readLedger && (list.data?.total ?? 0) > 0 ? (
              <ExportButtons
                label={t('connections.list.exportLabel')}
                files={[
                  { href: apiUrl(connectionPath.export(facilityId), { format: 'csv', lang }), label: t('connections.list.exportCsv'), format: 'csv' },
                  { href: apiUrl(connectionPath.export(facilityId), { format: 'xlsx', lang }), label: t('connections.list.exportXlsx'), format: 'xlsx' },
                ]}
              />
            ) : null}
            {perm.writeLedger ? (
              <Button variant="default" leftSection={<IconFileUpload size={16} aria-hidden />} onClick={() => setImporting(true)}>
                {t('connections.list.import')}
              </Button>
            ) : null}
            {perm.requestConnection ? (
              <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
                {t('connections.list.request')}
              </Button>
            ) : null}
          </Group>
        }
      />
      <Stack gap="md">
        {/* A register with nothing in it needs the first steps, not filters. */}
        {hasAny ? (
          <FilterBar label={t('connections.list.filters.label')}>
            <Grid.Col span={{ base: 12, md: 8, lg: 4 }}>
              <SearchField label={t('connections.list.filters.q')} placeholder={t('connections.list.filters.qPlaceholder')} value={url.search} onChange={url.onSearch} />
            </Grid.Col>
            {select('status', t('connections.fields.status'), labels.statusOptions)}
            {select('kind', t('connections.fields.kind'), labels.kindOptions)}
            {vendorOptions.length > 0 && !perm.vendorView ? select('vendorId', t('connections.fields.vendor'), vendorOptions) : null}
            {select('flag', t('connections.fields.flags'), labels.flagOptions)}
            <Grid.Col span={{ base: 12, md: 6, lg: 3 }} style={{ alignSelf: 'center' }}>
              <Switch
                label={t('connections.list.filters.liveOnly')}
                checked={filters.live}
                disabled={filters.status === 'rejected' || filters.status === 'retired'}
                onChange={(e) => update({ all: e.currentTarget.checked ? '' : '1' })}
                mt={{ base: 0, lg: 'lg' }}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4, lg: 2 }}>
              <ClearFiltersButton disabled={!filtered} onClick={url.clear}>
                {t('connections.list.filters.clear')}
              </ClearFiltersButton>
            </Grid.Col>
          </FilterBar>
        ) : null}
        <ListResults
          query={list}
          filtered={filtered}
          noMatch={{ title: t('connections.list.empty.filteredTitle'), description: t('connections.list.empty.filteredDescription') }}
          empty={<ConnectionsEmptyState canRequest={perm.requestConnection} canImport={perm.writeLedger} vendor={perm.vendorView} onCreate={() => setCreating(true)} onImport={() => setImporting(true)} />}
          page={filters.page}
          pageSize={CONNECTION_PAGE_SIZE}
          onPage={url.setPage}
        >
          {(items) => (narrow ? <ConnectionCards connections={items} /> : <ConnectionsTable connections={items} sort={filters.sort} onSort={(sort) => update({ sort })} />)}
        </ListResults>
      </Stack>
      {importing ? (
        <ImportModal
          onClose={() => setImporting(false)}
          target={{
            importPath: connectionPath.import(facilityId),
            templatePath: connectionPath.template(facilityId),
            title: t('connections.list.importTitle'),
            intro: t('connections.list.importIntro'),
            onImported: () => changed(facilityId),
          }}
        />
      ) : null}
      {creating ? <ConnectionFormModal facilityId={facilityId} onClose={() => setCreating(false)} onSaved={(c) => void navigate(PATHS.connection(c.id))} /> : null}
    </>
  );
}

/** The first visit: what an external connection is and which lines to register first. */
function ConnectionsEmptyState({ canRequest, canImport, vendor, onCreate, onImport }: { canRequest: boolean; canImport: boolean; vendor: boolean; onCreate: () => void; onImport: () => void }) {
  const { t } = useTranslation();
  return (
    <EmptyState
      icon={<IconPlugConnected size={28} />}
      title={vendor ? t('connections.list.empty.vendorTitle') : t('connections.list.empty.title')}
      description={
        <Stack gap="sm" ta="left">
          <Text size="sm">{t('connections.list.empty.what')}</Text>
          {vendor ? (
            <Text size="sm">{t('connections.list.empty.vendorNote')}</Text>
          ) : (
            <>
              <Text size="sm">{t('connections.list.empty.why')}</Text>
              <List type="ordered" size="sm" spacing={4}>
                <List.Item>{t('connections.list.empty.step1')}</List.Item>
                <List.Item>{t('connections.list.empty.step2')}</List.Item>
                <List.Item>{t('connections.list.empty.step3')}</List.Item>
              </List>
              {canImport ? (
                <Text size="sm" c="dimmed">
                  {t('connections.list.empty.importNote')}
                </Text>
              ) : null}
            </>
          )}
          {!canRequest ? <Text size="sm">{t('connections.list.empty.readOnly')}</Text> : null}
        </Stack>
      }
      action={
        canRequest || canImport ? (
          <Group gap="sm" justify="center" mt="sm">
            {canRequest ? (
              <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={onCreate}>
                {t('connections.list.request')}
              </Button>
            ) : null}
            {canImport ? (
              <Button variant="default" leftSection={<IconFileUpload size={16} aria-hidden />} onClick={onImport}>
                {t('connections.list.import')}
              </Button>
            ) : null}
          </Group>
        ) : null
      }
    />
  );
}
