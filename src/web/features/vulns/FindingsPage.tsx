import { Badge, CloseButton, Grid, Group, Select, Stack, Switch, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconShieldSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ClearFiltersButton, FilterBar, SearchField } from '../../components/ListFilters.tsx';
import { ListResults } from '../../components/ListResults.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useUrlFilters } from '../../components/useUrlFilters.ts';
import { useLedgerFacilityId } from '../ledger/ledger.ts';
import { usePermissions } from '../session/permissions.ts';
import { FeedStaleAlert } from './FeedStaleAlert.tsx';
import { FindingCards, FindingsTable } from './FindingsTable.tsx';
import {
  FINDING_DEFAULT_SORT,
  FINDING_FILTER_KEYS,
  FINDING_PAGE_SIZE,
  findingApiQuery,
  findingFiltersFromParams,
  useFindingList,
  useVulnLabels,
  type FindingFilterKey,
} from './vulns.ts';
import { VulnsUnavailable } from './VulnsUnavailable.tsx';

/** The findings list: every finding of the facility with filters, sort and paging kept in the URL; active ones by default. */
export function FindingsPage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const facilityId = useLedgerFacilityId();
  const labels = useVulnLabels();
  const narrow = useMediaQuery('(max-width: 48em)');
  const url = useUrlFilters(findingFiltersFromParams, FINDING_DEFAULT_SORT);
  const { filters, update } = url;
  const list = useFindingList(facilityId, findingApiQuery(filters), perm.readVulns);

  if (!facilityId || !perm.readVulns) return <VulnsUnavailable title={t('vulns.list.title')} />;
  const filtered = FINDING_FILTER_KEYS.some((k) => filters[k]);
  const all = { value: '', label: t('vulns.list.filters.all') };
  const toggle = (key: FindingFilterKey, label: string) => (
    <Grid.Col span={{ base: 12, xs: 6, md: 4, lg: 2 }} style={{ alignSelf: 'center' }}>
      <Switch label={label} checked={filters[key] === '1'} onChange={(e) => update({ [key]: e.currentTarget.checked ? '1' : '' })} mt={{ base: 0, lg: 'lg' }} />
    </Grid.Col>
  );
  const firstAsset = list.data?.items[0]?.asset;

  return (
    <>
      <PageHeader title={t('vulns.list.title')} description={t('vulns.list.description')} />
      <Stack gap="md">
        <FeedStaleAlert />
        <FilterBar label={t('vulns.list.filters.label')}>
          <Grid.Col span={{ base: 12, md: 8, lg: 4 }}>
            <SearchField label={t('vulns.list.filters.q')} placeholder={t('vulns.list.filters.qPlaceholder')} value={url.search} onChange={url.onSearch} />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 4, lg: 2 }}>
            <Select label={t('vulns.fields.status')} data={labels.statusOptions} value={filters.status} onChange={(v) => update({ status: v ?? '' })} allowDeselect={false} />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 4, lg: 2 }}>
            <Select label={t('vulns.fields.confidence')} data={[all, ...labels.confidenceOptions]} value={filters.confidence} onChange={(v) => update({ confidence: v ?? '' })} allowDeselect={false} />
          </Grid.Col>
          {toggle('kev', t('vulns.list.filters.kev'))}
          {toggle('ransomware', t('vulns.list.filters.ransomware'))}
          {toggle('overdue', t('vulns.list.filters.overdue'))}
          <Grid.Col span={{ base: 12, md: 4, lg: 2 }}>
            <ClearFiltersButton disabled={!filtered} onClick={url.clear}>
              {t('vulns.list.filters.clear')}
            </ClearFiltersButton>
          </Grid.Col>
        </FilterBar>
        {filters.assetId ? (
          <Group gap="xs">
            <Badge variant="outline" color="blue" radius="sm" size="lg" style={{ textTransform: 'none' }} rightSection={<CloseButton size="xs" aria-label={t('vulns.list.filters.removeAsset')} onClick={() => update({ assetId: '' })} />}>
              {t('vulns.list.filters.assetChip', { asset: firstAsset?.id === filters.assetId ? firstAsset.name : t('vulns.list.filters.oneAsset') })}
            </Badge>
          </Group>
        ) : null}
        <ListResults
          query={list}
          filtered={filtered}
          noMatch={{ title: t('vulns.list.empty.filteredTitle'), description: t('vulns.list.empty.filteredDescription') }}
          empty={
            <EmptyState
              icon={<IconShieldSearch size={28} />}
              title={t('vulns.list.empty.title')}
              description={
                <Stack gap={4} ta="left">
                  <Text size="sm">{t('vulns.list.empty.description')}</Text>
                  <Text size="sm" c="dimmed">
                    {t('vulns.list.empty.coverageNote')}
                  </Text>
                </Stack>
              }
            />
          }
          page={filters.page}
          pageSize={FINDING_PAGE_SIZE}
          onPage={url.setPage}
        >
          {(items) =>
            narrow ? <FindingCards findings={items} label={t('vulns.list.tableLabel')} /> : <FindingsTable findings={items} sort={filters.sort} onSort={(sort) => update({ sort })} label={t('vulns.list.tableLabel')} />
          }
        </ListResults>
      </Stack>
    </>
  );
}
