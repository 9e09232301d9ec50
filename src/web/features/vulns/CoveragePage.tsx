import { useState } from 'react';
import { Anchor, Button, Card, Grid, Group, Progress, Select, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconFingerprint, IconPencil } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ClearFiltersButton, FilterBar, SearchField } from '../../components/ListFilters.tsx';
import { ListResults } from '../../components/ListResults.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useUrlFilters } from '../../components/useUrlFilters.ts';
import { PATHS } from '../../paths.ts';
import type { AssetType } from '../../../shared/ledger.ts';
import { useLedgerFacilityId, useLedgerLabels } from '../ledger/ledger.ts';
import { usePermissions } from '../session/permissions.ts';
import { CpeSuggestModal, type CpeTarget } from './CpeSuggestModal.tsx';
import { useCoverage, useVulnLabels, type TCoverageItem } from './vulns.ts';
import { VulnsUnavailable } from './VulnsUnavailable.tsx';
import { ScrollTable } from './ScrollTable.tsx';

const GAPS = ['none', 'no_version', 'all'] as const;
const PAGE_SIZE = 50;

interface CoverageFilters {
  q: string;
  gap: string;
  sort: string;
  page: number;
}

function coverageFiltersFromParams(params: URLSearchParams): CoverageFilters {
  const gap = params.get('gap') ?? '';
  return {
    q: (params.get('q') ?? '').slice(0, 100),
    gap: (GAPS as readonly string[]).includes(gap) ? gap : '',
    sort: '',
    page: Math.min(100_000, Math.max(1, Number(params.get('page') ?? '1') || 1)),
  };
}

/**
 * Identity coverage: the assets that cannot be matched (no product identity) or only roughly (no version), so that
 * nobody reads "no findings" as "safe"; a CPE picker from the feeds' criteria and the asset's edit page at hand.
 */
export function CoveragePage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const facilityId = useLedgerFacilityId();
  const narrow = useMediaQuery('(max-width: 48em)');
  const url = useUrlFilters(coverageFiltersFromParams, '');
  const { filters, update } = url;
  const list = useCoverage(facilityId, { gap: filters.gap || 'all', q: filters.q.trim() || undefined, page: filters.page, pageSize: PAGE_SIZE }, perm.readVulns);
  const [picking, setPicking] = useState<CpeTarget | null>(null);

  if (!facilityId || !perm.readVulns) return <VulnsUnavailable title={t('vulns.coverage.title')} />;
  const c = list.data?.coverage;
  const pct = c ? Math.round(c.percent) : 0;
  const filtered = Boolean(filters.q || filters.gap);
  return (
    <>
      <PageHeader title={t('vulns.coverage.title')} description={t('vulns.coverage.description')} />
      <Stack gap="md">
        {c ? (
          <Card withBorder radius="md" p="md" component="section" aria-label={t('vulns.coverage.summaryLabel')}>
            <Stack gap="xs">
              <Text fw={700}>{t('vulns.overview.coverage.percent', { percent: pct, identified: c.identified, assets: c.assets })}</Text>
              <Progress value={pct} color={pct >= 90 ? 'green' : pct >= 60 ? 'yellow' : 'red'} size="lg" aria-label={t('vulns.overview.coverage.title')} />
              <Text size="sm">{t('vulns.overview.coverage.note')}</Text>
              <Text size="sm">{t('vulns.coverage.howTo')}</Text>
            </Stack>
          </Card>
        ) : null}
        <FilterBar label={t('vulns.coverage.filtersLabel')}>
          <Grid.Col span={{ base: 12, md: 6, lg: 5 }}>
            <SearchField label={t('vulns.coverage.q')} placeholder={t('vulns.coverage.qPlaceholder')} value={url.search} onChange={url.onSearch} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, xs: 6, md: 3 }}>
            <Select
              label={t('vulns.coverage.gap')}
              data={[
                { value: '', label: t('vulns.coverage.gaps.all') },
                { value: 'none', label: t('vulns.coverage.gaps.none') },
                { value: 'no_version', label: t('vulns.coverage.gaps.no_version') },
              ]}
              value={filters.gap === 'all' ? '' : filters.gap}
              onChange={(v) => update({ gap: v ?? '' })}
              allowDeselect={false}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, xs: 6, md: 3, lg: 2 }}>
            <ClearFiltersButton disabled={!filtered} onClick={url.clear}>
              {t('vulns.list.filters.clear')}
            </ClearFiltersButton>
          </Grid.Col>
        </FilterBar>
        <ListResults
          query={list}
          filtered={filtered}
          noMatch={{ title: t('vulns.list.empty.filteredTitle'), description: t('vulns.coverage.noMatch') }}
          empty={<EmptyState icon={<IconFingerprint size={28} />} title={t('vulns.coverage.emptyTitle')} description={t('vulns.coverage.empty')} />}
          page={filters.page}
          pageSize={PAGE_SIZE}
          onPage={url.setPage}
        >
          {(items) => (narrow ? <CoverageCards items={items} canWrite={perm.writeLedger} onPick={setPicking} /> : <CoverageTable items={items} canWrite={perm.writeLedger} onPick={setPicking} />)}
        </ListResults>
      </Stack>
      {picking ? <CpeSuggestModal facilityId={facilityId} asset={picking} onClose={() => setPicking(null)} /> : null}
    </>
  );
}

function toTarget(i: TCoverageItem): CpeTarget {
  return { id: i.asset.id, name: i.asset.name, vendor: i.asset.vendor, product: i.asset.product, version: i.asset.version, cpe: i.asset.cpe };
}

function GapBadge({ gap }: { gap: TCoverageItem['gap'] }) {
  const { t } = useTranslation();
  return gap === 'none' ? <StatusBadge tone="danger">{t('vulns.coverage.gaps.none')}</StatusBadge> : <StatusBadge tone="warn">{t('vulns.coverage.gaps.no_version')}</StatusBadge>;
}

function Product({ i }: { i: TCoverageItem }) {
  const { t } = useTranslation();
  const text = [i.asset.vendor, i.asset.product, i.asset.version].filter(Boolean).join(' ');
  return (
    <Stack gap={2}>
      <Text size="sm">{text || t('vulns.coverage.noProduct')}</Text>
      {i.asset.os ? (
        <Text size="xs" c="dimmed">
          {t('vulns.coverage.os', { os: i.asset.os })}
        </Text>
      ) : null}
    </Stack>
  );
}

function Identities({ i }: { i: TCoverageItem }) {
  const { t } = useTranslation();
  const labels = useVulnLabels();
  if (i.identities.length === 0) return <Text size="sm" c="dimmed">{t('vulns.identity.none')}</Text>;
  return (
    <Stack gap={2}>
      {i.identities.map((id) => (
        <Text key={`${id.source}-${id.cpe}`} size="xs" className="mono" style={{ wordBreak: 'break-all' }}>
          {id.cpe} <Text span size="xs" c="dimmed">({labels.identitySource(id.source)} · {labels.identityVersion(id.version)})</Text>
        </Text>
      ))}
    </Stack>
  );
}

function Actions({ i, canWrite, onPick }: { i: TCoverageItem; canWrite: boolean; onPick: (t: CpeTarget) => void }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="wrap">
      {canWrite ? (
        <Button size="xs" variant="light" leftSection={<IconFingerprint size={14} aria-hidden />} onClick={() => onPick(toTarget(i))} aria-label={t('vulns.coverage.pickFor', { name: i.asset.name })}>
          {t('vulns.coverage.pick')}
        </Button>
      ) : null}
      <Button size="xs" variant="default" component={Link} to={PATHS.asset(i.asset.id)} leftSection={<IconPencil size={14} aria-hidden />} aria-label={t('vulns.coverage.openFor', { name: i.asset.name })}>
        {canWrite ? t('vulns.coverage.edit') : t('vulns.coverage.open')}
      </Button>
    </Group>
  );
}

function CoverageTable({ items, canWrite, onPick }: { items: TCoverageItem[]; canWrite: boolean; onPick: (t: CpeTarget) => void }) {
  const { t } = useTranslation();
  const ledgerLabels = useLedgerLabels();
  return (
    <ScrollTable minWidth={980} label={t('vulns.coverage.tableLabel')}>
      <Table stickyHeader striped verticalSpacing="sm" aria-label={t('vulns.coverage.tableLabel')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('vulns.fields.asset')}</Table.Th>
            <Table.Th>{t('vulns.coverage.product')}</Table.Th>
            <Table.Th>{t('vulns.coverage.identities')}</Table.Th>
            <Table.Th>{t('vulns.coverage.gap')}</Table.Th>
            <Table.Th>{t('vulns.coverage.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={i.asset.id}>
              <Table.Td miw={160}>
                <Stack gap={2}>
                  <Anchor component={Link} to={PATHS.asset(i.asset.id)} size="sm" fw={600}>
                    {i.asset.name}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {[ledgerLabels.type(i.asset.type as AssetType), i.asset.assetTag].filter(Boolean).join(' · ')}
                  </Text>
                </Stack>
              </Table.Td>
              <Table.Td miw={160}>
                <Product i={i} />
              </Table.Td>
              <Table.Td maw={340}>
                <Identities i={i} />
              </Table.Td>
              <Table.Td>
                <GapBadge gap={i.gap} />
              </Table.Td>
              <Table.Td>
                <Actions i={i} canWrite={canWrite} onPick={onPick} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

function CoverageCards({ items, canWrite, onPick }: { items: TCoverageItem[]; canWrite: boolean; onPick: (t: CpeTarget) => void }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" component="ul" aria-label={t('vulns.coverage.tableLabel')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {items.map((i) => (
        <Card component="li" key={i.asset.id} withBorder radius="md" p="sm">
          <Stack gap={6}>
            <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
              <Anchor component={Link} to={PATHS.asset(i.asset.id)} fw={600} size="sm">
                {i.asset.name}
              </Anchor>
              <GapBadge gap={i.gap} />
            </Group>
            <Product i={i} />
            <Identities i={i} />
            <Actions i={i} canWrite={canWrite} onPick={onPick} />
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
