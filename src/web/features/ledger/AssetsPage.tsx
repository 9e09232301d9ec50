import { useState } from 'react';
import { Anchor, Button, Grid, Group, List, Select, Stack, Text } from '@mantine/core';
import { IconFileUpload, IconPlus, IconServer } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ClearFiltersButton, ExportButtons, FilterBar, SearchField } from '../../components/ListFilters.tsx';
import { ListResults } from '../../components/ListResults.tsx';
import { apiUrl } from '../../api/client.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useUrlFilters } from '../../components/useUrlFilters.ts';
import { PATHS } from '../../paths.ts';
import { usePermissions } from '../session/permissions.ts';
import { AssetFormModal } from './AssetFormModal.tsx';
import { AssetImportModal, useFileLang } from './AssetImportModal.tsx';
import { AssetsTable } from './AssetsTable.tsx';
import { ASSET_FILTER_KEYS, ASSET_PAGE_SIZE, assetApiQuery, assetFiltersFromParams, ledgerPath, useAssetList, useLedgerFacilityId, useLedgerLabels, useSegments, type AssetFilterKey } from './ledger.ts';
import { LedgerUnavailable } from './LedgerUnavailable.tsx';
import { LedgerReviewButton, LedgerReviewLine } from './LedgerReview.tsx';

/** Assets: the asset ledger with search, filters, sorting and paging, all kept in the URL. */
export function AssetsPage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const facilityId = useLedgerFacilityId();
  const labels = useLedgerLabels();
  const navigate = useNavigate();
  const url = useUrlFilters(assetFiltersFromParams, 'name');
  const { filters, update } = url;
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const lang = useFileLang();
  const list = useAssetList(facilityId, assetApiQuery(filters), perm.readLedgerOrVendor);
  const segments = useSegments(facilityId, perm.readLedger);

  const filtered = ASSET_FILTER_KEYS.some((k) => filters[k]);
  const all = { value: '', label: t('ledger.assets.filters.all') };
  const segmentOptions = [all, { value: 'none', label: t('ledger.assets.noSegment') }, ...(segments.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))];
  const select = (key: AssetFilterKey, label: string, data: { value: string; label: string }[]) => (
    <Grid.Col span={{ base: 6, md: 4, lg: 2 }}>
      <Select label={label} data={[all, ...data]} value={filters[key]} onChange={(v) => update({ [key]: v ?? '' })} allowDeselect={false} comboboxProps={{ withinPortal: true }} />
    </Grid.Col>
  );

  if (!facilityId || !perm.readLedgerOrVendor) return <LedgerUnavailable title={t('ledger.assets.title')} />;

  return (
    <>
      <PageHeader
        title={t('ledger.assets.title')}
        description={t('ledger.assets.description')}
        actions={
          <Group gap="sm">
            {perm.writeLedger ? <LedgerReviewButton facilityId={facilityId} /> : null}
            {perm.readLedger && (list.data?.total ?? 0) > 0 ? (
              <ExportButtons
                label={t('ledger.assets.exportLabel')}
                files={[
                  { href: apiUrl(ledgerPath.assetExport(facilityId), { format: 'csv', lang }), label: t('ledger.assets.exportCsv'), format: 'csv' },
                  { href: apiUrl(ledgerPath.assetExport(facilityId), { format: 'xlsx', lang }), label: t('ledger.assets.exportXlsx'), format: 'xlsx' },
                  { href: apiUrl(ledgerPath.ledgerBook(facilityId), { lang }), label: t('ledger.assets.exportBook'), format: 'xlsx' },
                ]}
              />
            ) : null}
            {perm.writeLedger ? (
              <>
                <Button variant="default" leftSection={<IconFileUpload size={16} aria-hidden />} onClick={() => setImporting(true)}>
                  {t('ledger.assets.importButton')}
                </Button>
                <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
                  {t('ledger.assets.add')}
                </Button>
              </>
            ) : null}
          </Group>
        }
      />
      <Stack gap="md">
        {perm.readLedger ? <LedgerReviewLine facilityId={facilityId} /> : null}
        {/* A ledger with nothing in it needs the first steps, not filters. */}
        {filtered || (list.data?.total ?? 0) > 0 ? (
          <FilterBar label={t('ledger.assets.filters.label')}>
            <Grid.Col span={{ base: 12, md: 8, lg: 6 }}>
              <SearchField label={t('ledger.assets.filters.q')} placeholder={t('ledger.assets.filters.qPlaceholder')} value={url.search} onChange={url.onSearch} />
            </Grid.Col>
            {select('type', t('ledger.fields.type'), labels.typeOptions)}
            <Grid.Col span={{ base: 6, md: 4, lg: 2 }}>
              <Select
                label={t('ledger.fields.segment')}
                data={segmentOptions}
                value={filters.segmentId}
                onChange={(v) => update({ segmentId: v ?? '' })}
                allowDeselect={false}
                searchable={segmentOptions.length > 10}
              />
            </Grid.Col>
            {select('criticality', t('ledger.fields.criticality'), labels.criticalityOptions)}
            {select('exposure', t('ledger.fields.exposure'), labels.exposureOptions)}
            {select('flag', t('ledger.assets.filters.flag'), labels.flagOptions)}
            {select('patientData', t('ledger.assets.filters.patientData'), [
              { value: 'true', label: t('ledger.patientData.yes') },
              { value: 'false', label: t('ledger.patientData.no') },
            ])}
            <Grid.Col span={{ base: 12, md: 4, lg: 2 }}>
              <ClearFiltersButton disabled={!filtered} onClick={url.clear}>
                {t('ledger.assets.filters.clear')}
              </ClearFiltersButton>
            </Grid.Col>
          </FilterBar>
        ) : null}
        <ListResults
          query={list}
          filtered={filtered}
          noMatch={{ title: t('ledger.assets.empty.filteredTitle'), description: t('ledger.assets.empty.filteredDescription') }}
          empty={<AssetsEmptyState canWrite={perm.writeLedger} hasSegments={(segments.data?.items.length ?? 0) > 0} onCreate={() => setCreating(true)} onImport={() => setImporting(true)} />}
          page={filters.page}
          pageSize={ASSET_PAGE_SIZE}
          onPage={url.setPage}
        >
          {(items) => <AssetsTable assets={items} sort={filters.sort} onSort={(sort) => update({ sort })} />}
        </ListResults>
      </Stack>
      {importing ? <AssetImportModal facilityId={facilityId} onClose={() => setImporting(false)} /> : null}
      {creating ? <AssetFormModal facilityId={facilityId} onClose={() => setCreating(false)} onSaved={(a) => void navigate(PATHS.asset(a.id))} /> : null}
    </>
  );
}

/** A new facility's first visit: what to register first, in order, or import an existing Excel/CSV ledger. */
function AssetsEmptyState({ canWrite, hasSegments, onCreate, onImport }: { canWrite: boolean; hasSegments: boolean; onCreate: () => void; onImport: () => void }) {
  const { t } = useTranslation();
  return (
    <EmptyState
      icon={<IconServer size={28} />}
      title={t('ledger.assets.empty.title')}
      description={
        <Stack gap="sm" ta="left">
          <Text size="sm">
            {t('ledger.assets.empty.description')}
          </Text>
          <List type="ordered" size="sm" spacing={4}>
            <List.Item>{t('ledger.assets.empty.step1')}</List.Item>
            <List.Item>{t('ledger.assets.empty.step2')}</List.Item>
            <List.Item>{t('ledger.assets.empty.step3')}</List.Item>
          </List>
          {!hasSegments ? (
            <Text size="sm">
              {t('ledger.assets.empty.segmentsTip')}{' '}
              <Anchor component={Link} to={PATHS.segments} size="sm">
                {t('ledger.assets.empty.toSegments')}
              </Anchor>
            </Text>
          ) : null}
          {canWrite ? (
            <Text size="sm" c="dimmed">
              {t('ledger.assets.empty.importNote')}
            </Text>
          ) : null}
          {!canWrite ? (
            <Text size="sm">
              {t('ledger.assets.empty.readOnly')}
            </Text>
          ) : null}
        </Stack>
      }
      action={
        canWrite ? (
          <Group gap="sm" justify="center" mt="sm">
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={onCreate}>
              {t('ledger.assets.add')}
            </Button>
            <Button variant="default" leftSection={<IconFileUpload size={16} aria-hidden />} onClick={onImport}>
              {t('ledger.assets.importButton')}
            </Button>
          </Group>
        ) : null
      }
    />
  );
}
