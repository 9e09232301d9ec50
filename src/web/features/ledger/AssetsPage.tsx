import { useState } from 'react';
import { Anchor, Button, Grid, Group, List, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconFileSpreadsheet, IconFileTypeCsv, IconFileUpload, IconFilterOff, IconPlus, IconSearch, IconServer } from '@tabler/icons-react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { apiUrl } from '../../api/client.ts';
import { Loading } from '../../components/Loading.tsx';
import { Pager } from '../../components/Pager.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PATHS } from '../../paths.ts';
import { usePermissions } from '../session/permissions.ts';
import { AssetFormModal } from './AssetFormModal.tsx';
import { AssetImportModal, useFileLang } from './AssetImportModal.tsx';
import { AssetsTable } from './AssetsTable.tsx';
import { ASSET_FILTER_KEYS, ASSET_PAGE_SIZE, assetApiQuery, assetFiltersFromParams, ledgerPath, useAssetList, useLedgerFacilityId, useLedgerLabels, useSegments, type AssetFilterKey } from './ledger.ts';
import { LedgerUnavailable } from './LedgerUnavailable.tsx';

/** Assets: the asset ledger with search, filters, sorting and paging, all kept in the URL. */
export function AssetsPage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const facilityId = useLedgerFacilityId();
  const labels = useLedgerLabels();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = assetFiltersFromParams(params);
  const [search, setSearch] = useState(filters.q);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const lang = useFileLang();
  const list = useAssetList(facilityId, assetApiQuery(filters), perm.readLedger);
  const segments = useSegments(facilityId, perm.readLedger);

  const update = (patch: Partial<Record<AssetFilterKey | 'sort' | 'page', string>>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    if (next.get('sort') === 'name') next.delete('sort');
    setParams(next, { replace: true });
  };
  const applySearch = useDebouncedCallback((value: string) => update({ q: value.trim() }), 350);
  const filtered = ASSET_FILTER_KEYS.some((k) => filters[k]);
  const items = list.data?.items ?? [];
  const all = { value: '', label: t('ledger.assets.filters.all') };
  const segmentOptions = [all, { value: 'none', label: t('ledger.assets.noSegment') }, ...(segments.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))];
  const select = (key: AssetFilterKey, label: string, data: { value: string; label: string }[]) => (
    <Grid.Col span={{ base: 6, md: 4, lg: 2 }}>
      <Select label={label} data={[all, ...data]} value={filters[key]} onChange={(v) => update({ [key]: v ?? '' })} allowDeselect={false} comboboxProps={{ withinPortal: true }} />
    </Grid.Col>
  );

  if (!facilityId || !perm.readLedger) return <LedgerUnavailable title={t('ledger.assets.title')} />;

  return (
    <>
      <PageHeader
        title={t('ledger.assets.title')}
        description={t('ledger.assets.description')}
        actions={
          <Group gap="sm">
            {perm.readLedger && (list.data?.total ?? 0) > 0 ? (
              <Group gap="xs" role="group" aria-label={t('ledger.assets.exportLabel')}>
                <Button component="a" variant="default" href={apiUrl(ledgerPath.assetExport(facilityId), { format: 'csv', lang })} download leftSection={<IconFileTypeCsv size={16} aria-hidden />}>
                  {t('ledger.assets.exportCsv')}
                </Button>
                <Button component="a" variant="default" href={apiUrl(ledgerPath.assetExport(facilityId), { format: 'xlsx', lang })} download leftSection={<IconFileSpreadsheet size={16} aria-hidden />}>
                  {t('ledger.assets.exportXlsx')}
                </Button>
                <Button component="a" variant="default" href={apiUrl(ledgerPath.ledgerBook(facilityId), { lang })} download leftSection={<IconFileSpreadsheet size={16} aria-hidden />}>
                  {t('ledger.assets.exportBook')}
                </Button>
              </Group>
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
        {/* A ledger with nothing in it needs the first steps, not filters. */}
        {filtered || (list.data?.total ?? 0) > 0 ? (
          <div role="search" aria-label={t('ledger.assets.filters.label')}>
            <Grid gutter="sm" align="flex-end">
              <Grid.Col span={{ base: 12, md: 8, lg: 6 }}>
                <TextInput
                  label={t('ledger.assets.filters.q')}
                  placeholder={t('ledger.assets.filters.qPlaceholder')}
                  leftSection={<IconSearch size={16} aria-hidden />}
                  type="search"
                  value={search}
                  onChange={(e) => {
                    setSearch(e.currentTarget.value);
                    applySearch(e.currentTarget.value);
                  }}
                />
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
                <Button
                  variant="default"
                  fullWidth
                  leftSection={<IconFilterOff size={16} aria-hidden />}
                  disabled={!filtered}
                  onClick={() => {
                    setSearch('');
                    const next = new URLSearchParams();
                    if (params.get('sort')) next.set('sort', params.get('sort') ?? '');
                    setParams(next, { replace: true });
                  }}
                >
                  {t('ledger.assets.filters.clear')}
                </Button>
              </Grid.Col>
            </Grid>
          </div>
        ) : null}
        {list.isPending ? <Loading /> : null}
        {list.error ? <ErrorAlert error={list.error} /> : null}
        {list.data && items.length === 0 && filtered ? (
          <EmptyState title={t('ledger.assets.empty.filteredTitle')} description={t('ledger.assets.empty.filteredDescription')} />
        ) : null}
        {list.data && list.data.total === 0 && !filtered ? <AssetsEmptyState canWrite={perm.writeLedger} hasSegments={(segments.data?.items.length ?? 0) > 0} onCreate={() => setCreating(true)} onImport={() => setImporting(true)} /> : null}
        {items.length > 0 ? <AssetsTable assets={items} sort={filters.sort} onSort={(sort) => update({ sort })} /> : null}
        {list.data && list.data.total > 0 ? (
          <Pager total={list.data.total} page={filters.page} pageSize={list.data.pageSize || ASSET_PAGE_SIZE} onChange={(p) => update({ page: p > 1 ? String(p) : '' })} />
        ) : null}
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
