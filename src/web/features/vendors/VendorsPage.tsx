import { useState } from 'react';
import { Alert, Button, Grid, Group, List, Select, Stack, Text } from '@mantine/core';
import { IconBuildingStore, IconFileUpload, IconInfoCircle, IconPlus } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { apiUrl } from '../../api/client.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ClearFiltersButton, ExportButtons, FilterBar, SearchField } from '../../components/ListFilters.tsx';
import { ListResults } from '../../components/ListResults.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useUrlFilters } from '../../components/useUrlFilters.ts';
import { PATHS } from '../../paths.ts';
import { VENDOR_FLAGS } from '../../../shared/vendors.ts';
import { VENDOR_SORTS } from '../../../shared/contracts/vendors.contract.ts';
import { ImportModal, useFileLang } from '../ledger/AssetImportModal.tsx';
import { useLedgerFacilityId } from '../ledger/ledger.ts';
import { LedgerUnavailable } from '../ledger/LedgerUnavailable.tsx';
import { usePermissions } from '../session/permissions.ts';
import { VendorFormModal } from './VendorFormModal.tsx';
import { VendorsTable } from './VendorsTable.tsx';
import { VENDOR_PAGE_SIZE, vendorApiQuery, vendorFiltersFromParams, vendorPath, useVendorList, useVendorsChanged } from './vendors.ts';

/** Vendors: search, flag filter, sort (reading order by default) and paging, all kept in the URL. */
export function VendorsPage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const facilityId = useLedgerFacilityId();
  const navigate = useNavigate();
  const url = useUrlFilters(vendorFiltersFromParams, 'kana');
  const { filters, update } = url;
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const lang = useFileLang();
  const changed = useVendorsChanged();
  const list = useVendorList(facilityId, vendorApiQuery(filters), perm.readLedgerOrVendor);

  const filtered = Boolean(filters.q || filters.flag);
  const total = list.data?.total ?? 0;
  const canWrite = perm.writeLedger;

  if (!facilityId || !perm.readLedgerOrVendor) return <LedgerUnavailable title={t('vendors.title')} />;

  return (
    <>
      <PageHeader
        title={t('vendors.title')}
        description={t('vendors.description')}
        actions={
          <Group gap="sm">
            {total > 0 && perm.readLedger ? (
              <ExportButtons
                label={t('vendors.list.exportLabel')}
                files={[
                  { href: apiUrl(vendorPath.export(facilityId), { format: 'csv', lang }), label: t('vendors.list.exportCsv'), format: 'csv' },
                  { href: apiUrl(vendorPath.export(facilityId), { format: 'xlsx', lang }), label: t('vendors.list.exportXlsx'), format: 'xlsx' },
                ]}
              />
            ) : null}
            {canWrite ? (
              <>
                <Button variant="default" leftSection={<IconFileUpload size={16} aria-hidden />} onClick={() => setImporting(true)}>
                  {t('vendors.list.importButton')}
                </Button>
                <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
                  {t('vendors.list.add')}
                </Button>
              </>
            ) : null}
          </Group>
        }
      />
      <Stack gap="md">
        {perm.vendorView ? (
          <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />}>
            {t('vendors.list.vendorNote')}
          </Alert>
        ) : null}
        {filtered || total > 0 ? (
          <FilterBar label={t('vendors.list.filters.label')}>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <SearchField label={t('vendors.list.filters.q')} placeholder={t('vendors.list.filters.qPlaceholder')} value={url.search} onChange={url.onSearch} />
            </Grid.Col>
            <Grid.Col span={{ base: 6, md: 2 }}>
              <Select
                label={t('vendors.list.filters.flag')}
                data={[{ value: '', label: t('vendors.list.filters.all') }, ...VENDOR_FLAGS.map((f) => ({ value: f, label: t(`vendors.flags.${f}`) }))]}
                value={filters.flag}
                onChange={(v) => update({ flag: v ?? '' })}
                allowDeselect={false}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 6, md: 2 }}>
              <Select
                label={t('vendors.list.filters.sort')}
                data={VENDOR_SORTS.map((s) => ({ value: s, label: t(`vendors.list.sorts.${s}`) }))}
                value={filters.sort}
                onChange={(v) => update({ sort: v ?? '' })}
                allowDeselect={false}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 2 }}>
              <ClearFiltersButton disabled={!filtered} onClick={url.clear}>
                {t('vendors.list.filters.clear')}
              </ClearFiltersButton>
            </Grid.Col>
          </FilterBar>
        ) : null}
        <ListResults
          query={list}
          filtered={filtered}
          noMatch={{ title: t('vendors.empty.filteredTitle'), description: t('vendors.empty.filteredDescription') }}
          empty={
            perm.vendorView ? (
              <EmptyState icon={<IconBuildingStore size={28} />} title={t('vendors.empty.title')} description={t('vendors.empty.vendorUser')} />
            ) : (
              <VendorsEmptyState canWrite={canWrite} onCreate={() => setCreating(true)} onImport={() => setImporting(true)} />
            )
          }
          page={filters.page}
          pageSize={VENDOR_PAGE_SIZE}
          onPage={url.setPage}
        >
          {(items) => <VendorsTable vendors={items} sort={filters.sort} onSort={(sort) => update({ sort })} />}
        </ListResults>
      </Stack>
      {importing ? (
        <ImportModal
          onClose={() => setImporting(false)}
          target={{
            importPath: vendorPath.import(facilityId),
            templatePath: vendorPath.template(facilityId),
            title: t('vendors.import.title'),
            intro: t('vendors.import.intro'),
            onImported: () => changed(facilityId),
          }}
        />
      ) : null}
      {creating ? <VendorFormModal facilityId={facilityId} onClose={() => setCreating(false)} onSaved={(v) => void navigate(PATHS.vendor(v.id))} /> : null}
    </>
  );
}

/** A facility without vendors: why they matter (the ransomware cases came in through vendors) and what to register first. */
function VendorsEmptyState({ canWrite, onCreate, onImport }: { canWrite: boolean; onCreate: () => void; onImport: () => void }) {
  const { t } = useTranslation();
  return (
    <EmptyState
      icon={<IconBuildingStore size={28} />}
      title={t('vendors.empty.title')}
      description={
        <Stack gap="sm" ta="left">
          <Text size="sm">{t('vendors.empty.why')}</Text>
          <Text size="sm">{t('vendors.empty.lead')}</Text>
          <List type="ordered" size="sm" spacing={4}>
            <List.Item>{t('vendors.empty.step1')}</List.Item>
            <List.Item>{t('vendors.empty.step2')}</List.Item>
            <List.Item>{t('vendors.empty.step3')}</List.Item>
            <List.Item>{t('vendors.empty.step4')}</List.Item>
          </List>
          <Text size="sm" c={canWrite ? 'dimmed' : undefined}>
            {canWrite ? t('vendors.empty.importNote') : t('vendors.empty.readOnly')}
          </Text>
        </Stack>
      }
      action={
        canWrite ? (
          <Group gap="sm" justify="center" mt="sm">
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={onCreate}>
              {t('vendors.list.add')}
            </Button>
            <Button variant="default" leftSection={<IconFileUpload size={16} aria-hidden />} onClick={onImport}>
              {t('vendors.list.importButton')}
            </Button>
          </Group>
        ) : null
      }
    />
  );
}
