import { useState } from 'react';
import { Alert, Anchor, Button, Card, Grid, Group, List, SegmentedControl, Select, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconBellRinging, IconInbox, IconPlus, IconShieldExclamation } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { ClearFiltersButton, FilterBar, SearchField } from '../../../components/ListFilters.tsx';
import { ListResults } from '../../../components/ListResults.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { useUrlFilters } from '../../../components/useUrlFilters.ts';
import { useFormat } from '../../../lib/format.ts';
import { PATHS } from '../../../paths.ts';
import { useSession } from '../../session/SessionContext.tsx';
import { usePermissions } from '../../session/permissions.ts';
import { CaseStatusBadge, PhaseBadge, SeverityBadge, TlpBadge } from './CaseBadges.tsx';
import { CaseFormModal } from './CaseFormModal.tsx';
import { ClocksOverview } from './ClocksOverview.tsx';
import {
  CASE_PAGE_SIZE,
  CASE_STATUS_FILTERS,
  caseApiQuery,
  caseFiltered,
  caseFiltersFromParams,
  useCaseLabels,
  useCaseList,
  useNewReportCount,
  type CaseListItemDto,
} from './cases.ts';

/**
 * Incident cases: the legal deadlines running now (all the caller's facilities), new reports waiting for triage, and the
 * cases of the current facility with filters kept in the URL. Creating a case for incident.write.
 */
export function CasesPage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const { currentFacility, facilityOptions } = useSession();
  const facilityId = currentFacility?.id ?? null;
  const canRead = facilityId !== null && (perm.isAdmin || perm.can('incident.read', facilityId));
  const canWrite = facilityId !== null && (perm.isAdmin || perm.can('incident.write', facilityId));
  const labels = useCaseLabels();
  const narrow = useMediaQuery('(max-width: 48em)');
  const url = useUrlFilters(caseFiltersFromParams, '');
  const { filters, update } = url;
  const [creating, setCreating] = useState(false);
  const list = useCaseList(facilityId, caseApiQuery(filters), canRead);
  const newReports = useNewReportCount(facilityId, canRead).data ?? 0;

  if (!facilityId || !canRead) {
    return (
      <>
        <PageHeader title={t('incidentCases.list.title')} />
        <EmptyState icon={<IconShieldExclamation size={28} />} title={t('incidentCases.list.unavailableTitle')} description={t('incidentCases.list.unavailable')} />
      </>
    );
  }
  const filtered = caseFiltered(filters);
  const all = { value: '', label: t('incidentCases.list.filters.all') };
  const select = (key: 'phase' | 'category' | 'severity', label: string, data: { value: string; label: string }[]) => (
    <Grid.Col span={{ base: 6, md: 4, lg: 2 }}>
      <Select label={label} data={[all, ...data]} value={filters[key]} onChange={(v) => update({ [key]: v ?? '' })} allowDeselect={false} />
    </Grid.Col>
  );

  return (
    <>
      <PageHeader
        title={t('incidentCases.list.title')}
        description={t('incidentCases.list.description')}
        actions={
          <Group gap="sm">
            <Button component={Link} to={PATHS.incidentInbox} variant="default" leftSection={<IconInbox size={16} aria-hidden />}>
              {newReports > 0 ? t('incidentCases.list.inboxCount', { count: newReports }) : t('incidentCases.list.inbox')}
            </Button>
            {canWrite ? (
              <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
                {t('incidentCases.list.create')}
              </Button>
            ) : null}
          </Group>
        }
      />
      <Stack gap="md">
        {newReports > 0 ? (
          <Alert color="orange" variant="light" icon={<IconBellRinging aria-hidden />} title={t('incidentCases.list.newReportsTitle', { count: newReports })} data-testid="new-reports-alert">
            <Group gap="sm" justify="space-between" wrap="wrap">
              <Text size="sm">{t('incidentCases.list.newReports')}</Text>
              <Anchor component={Link} to={PATHS.incidentInbox} size="sm" fw={700}>
                {t('incidentCases.list.toInbox')}
              </Anchor>
            </Group>
          </Alert>
        ) : null}
        <ClocksOverview showFacility={facilityOptions.length > 1} />
        <FilterBar label={t('incidentCases.list.filters.label')}>
          <Grid.Col span={{ base: 12, md: 6, lg: 3 }}>
            <SearchField label={t('incidentCases.list.filters.q')} placeholder={t('incidentCases.list.filters.qPlaceholder')} value={url.search} onChange={url.onSearch} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6, lg: 3 }}>
            <Stack gap={4}>
              <Text size="sm" fw={500} id="case-status-filter">
                {t('incidentCases.fields.status')}
              </Text>
              <SegmentedControl
                aria-labelledby="case-status-filter"
                fullWidth
                data={CASE_STATUS_FILTERS.map((s) => ({ value: s, label: t(`incidentCases.list.filters.status.${s}`) }))}
                value={filters.status}
                onChange={(v) => update({ status: v === 'open' ? '' : v })}
              />
            </Stack>
          </Grid.Col>
          {select('phase', t('incidentCases.fields.phase'), labels.phaseOptions)}
          {select('category', t('incidentCases.fields.category'), labels.categoryOptions)}
          {select('severity', t('incidentCases.fields.severity'), labels.severityOptions)}
          <Grid.Col span={{ base: 12, md: 4, lg: 3 }} offset={{ lg: 9 }}>
            <ClearFiltersButton disabled={!filtered} onClick={url.clear}>
              {t('incidentCases.list.filters.clear')}
            </ClearFiltersButton>
          </Grid.Col>
        </FilterBar>
        <ListResults
          query={list}
          filtered={filtered}
          noMatch={{ title: t('incidentCases.list.noMatchTitle'), description: t('incidentCases.list.noMatch') }}
          empty={<CasesEmptyState canWrite={canWrite} onCreate={() => setCreating(true)} />}
          page={filters.page}
          pageSize={CASE_PAGE_SIZE}
          onPage={url.setPage}
        >
          {(items) => (narrow ? <CaseCards cases={items} /> : <CasesTable cases={items} />)}
        </ListResults>
      </Stack>
      {creating ? <CaseFormModal facilityId={facilityId} onClose={() => setCreating(false)} /> : null}
    </>
  );
}

/** No case yet (with the default filter): how reports become cases. */
function CasesEmptyState({ canWrite, onCreate }: { canWrite: boolean; onCreate: () => void }) {
  const { t } = useTranslation();
  return (
    <EmptyState
      icon={<IconShieldExclamation size={28} />}
      title={t('incidentCases.list.empty.title')}
      description={
        <Stack gap="sm" ta="left">
          <Text size="sm">{t('incidentCases.list.empty.lead')}</Text>
          <List type="ordered" size="sm" spacing={4}>
            <List.Item>{t('incidentCases.list.empty.step1')}</List.Item>
            <List.Item>{t('incidentCases.list.empty.step2')}</List.Item>
            <List.Item>{t('incidentCases.list.empty.step3')}</List.Item>
          </List>
          <Text size="sm" c="dimmed">
            {t('incidentCases.list.empty.direct')}
          </Text>
        </Stack>
      }
      action={
        <Group gap="sm" justify="center" mt="sm">
          <Button component={Link} to={PATHS.incidentInbox} variant="default" leftSection={<IconInbox size={16} aria-hidden />}>
            {t('incidentCases.list.inbox')}
          </Button>
          {canWrite ? (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={onCreate}>
              {t('incidentCases.list.create')}
            </Button>
          ) : null}
        </Group>
      }
    />
  );
}

function OpenTasks({ c }: { c: CaseListItemDto }) {
  const { t } = useTranslation();
  if (c.tasks.total === 0) return <Text size="sm" c="dimmed">{t('incidentCases.list.noTasks')}</Text>;
  return <Text size="sm">{t('incidentCases.list.openTasks', { open: c.tasks.open, total: c.tasks.total })}</Text>;
}

function CasesTable({ cases }: { cases: CaseListItemDto[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useCaseLabels();
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped highlightOnHover stickyHeader verticalSpacing="sm" data-testid="cases-table">
        <VisuallyHidden component="caption">{t('incidentCases.list.caption')}</VisuallyHidden>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('incidentCases.list.columns.case')}</Table.Th>
            <Table.Th scope="col">{t('incidentCases.list.columns.severity')}</Table.Th>
            <Table.Th scope="col">{t('incidentCases.list.columns.phase')}</Table.Th>
            <Table.Th scope="col">{t('incidentCases.fields.discoveredAt')}</Table.Th>
            <Table.Th scope="col">{t('incidentCases.fields.tasks')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {cases.map((c) => (
            <Table.Tr key={c.id} data-testid="case-row">
              <Table.Td miw={260}>
                <Text size="xs" c="dimmed" ff="monospace">
                  {c.number}
                </Text>
                <Anchor component={Link} to={PATHS.incidentCase(c.id)} fw={700} size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {c.title}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {labels.category(c.category)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Stack gap={4} align="flex-start">
                  <SeverityBadge severity={c.severity} />
                  <TlpBadge tlp={c.tlp} />
                </Stack>
              </Table.Td>
              <Table.Td>
                <Stack gap={4} align="flex-start">
                  <PhaseBadge phase={c.phase} />
                  <CaseStatusBadge status={c.status} />
                </Stack>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm">{fmt.dateTime(c.discoveredAt)}</Text>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <OpenTasks c={c} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The list on a phone: one card per case. */
function CaseCards({ cases }: { cases: CaseListItemDto[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useCaseLabels();
  return (
    <Stack component="ul" gap="sm" aria-label={t('incidentCases.list.caption')} style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="case-cards">
      {cases.map((c) => (
        <Card component="li" key={c.id} withBorder radius="md" p="sm" data-testid="case-row">
          <Stack gap={6}>
            <Text size="xs" c="dimmed" ff="monospace">
              {c.number}
            </Text>
            <Anchor component={Link} to={PATHS.incidentCase(c.id)} fw={700} style={{ overflowWrap: 'anywhere' }}>
              {c.title}
            </Anchor>
            <Group gap={6} wrap="wrap">
              <SeverityBadge severity={c.severity} />
              <CaseStatusBadge status={c.status} />
              <PhaseBadge phase={c.phase} />
              <TlpBadge tlp={c.tlp} />
            </Group>
            <Text size="sm">{labels.category(c.category)}</Text>
            <Text size="sm">{t('incidentCases.list.discoveredAt', { date: fmt.dateTime(c.discoveredAt) })}</Text>
            <OpenTasks c={c} />
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
