import { useState } from 'react';
import { Anchor, Button, Card, Grid, Group, List, Select, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle, IconChevronDown, IconChevronUp, IconCircleCheck, IconClipboardPlus, IconDatabase, IconExternalLink, IconFileUpload, IconInfoCircle, IconListSearch, IconPlus } from '@tabler/icons-react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { ClearFiltersButton, FilterBar, SearchField } from '../../../components/ListFilters.tsx';
import { ListResults } from '../../../components/ListResults.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { SectionCard } from '../../../components/SectionCard.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { useUrlFilters } from '../../../components/useUrlFilters.ts';
import { useFormat, useLocale } from '../../../lib/format.ts';
import { PATHS } from '../../../paths.ts';
import type { BackupOverviewDto, BackupPlanDto } from '../../../../shared/contracts/resilience-backups.contract.ts';
import { useLedgerLabels } from '../../ledger/ledger.ts';
import { useSession } from '../../session/SessionContext.tsx';
import { usePermissions } from '../../session/permissions.ts';
import { BackupImportModal } from './BackupImportModal.tsx';
import { BackupPlanFormModal, type PresetSystem } from './BackupPlanFormModal.tsx';
import { BackupRunModal } from './BackupRunModal.tsx';
import { FreshnessBadge, OfflineBadge } from './BackupBadges.tsx';
import {
  PLAN_FILTER_KEYS,
  PLAN_PAGE_SIZE,
  backupProblems,
  overviewVerdict,
  planApiQuery,
  planFiltersFromParams,
  planName,
  useBackupLabels,
  useBackupOverview,
  useBackupPlans,
  type BackupProblem,
  type NextStep,
  type PlanFilterKey,
} from './backups.ts';

/** Who may see and change backups in the current facility (the server decides; this only hides buttons). */
export function useBackupAccess() {
  const perm = usePermissions();
  const facilityId = useSession().currentFacility?.id ?? null;
  return {
    facilityId,
    read: facilityId !== null && (perm.isAdmin || perm.can('resilience.read', facilityId)),
    write: facilityId !== null && (perm.isAdmin || perm.can('resilience.write', facilityId)),
  };
}

/** Without a facility or the permission: what to do instead of an empty page. */
export function BackupsUnavailable({ title }: { title: string }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={title} />
      <EmptyState title={t('resilienceBackups.unavailable.title')} description={t('resilienceBackups.unavailable.description')} />
    </>
  );
}

/**
 * Backups: what is wrong first (coverage findings and stale copies as sentences, worst first, each with its next
 * step), then the systems needed for care with their copies, then every plan with filters kept in the URL.
 */
export function BackupsPage() {
  const { t } = useTranslation();
  const access = useBackupAccess();
  const navigate = useNavigate();
  const [creating, setCreating] = useState<{ system?: PresetSystem } | null>(null);
  const [recording, setRecording] = useState<{ planId: string; name: string } | null>(null);
  const [importing, setImporting] = useState(false);
  const overview = useBackupOverview(access.facilityId, access.read);

  if (!access.facilityId || !access.read) return <BackupsUnavailable title={t('resilienceBackups.list.title')} />;
  const facilityId = access.facilityId;
  const systemOf = (id: string): PresetSystem | undefined => {
    const s = overview.data?.criticalSystems.find((x) => x.id === id);
    return s ? { id: s.id, name: s.name, criticality: s.criticality } : undefined;
  };
  const onStep = (step: NextStep, problem: BackupProblem) => {
    switch (step.kind) {
      case 'addPlan':
        setCreating({ system: systemOf(step.systemId) });
        return;
      case 'recordRun':
        setRecording({ planId: step.planId, name: step.name || problem.text });
        return;
      case 'openPlan':
        void navigate(PATHS.backupPlan(step.planId));
        return;
      case 'openSystemPlans':
        void navigate(`${PATHS.backups}?assetId=${encodeURIComponent(step.systemId)}&offline=true#backup-plans-title`);
        return;
    }
  };

  return (
    <>
      <PageHeader
        title={t('resilienceBackups.list.title')}
        description={t('resilienceBackups.list.description')}
        actions={
          access.write ? (
            <>
              <Button variant="default" leftSection={<IconFileUpload size={16} aria-hidden />} onClick={() => setImporting(true)}>
                {t('resilienceBackups.list.import')}
              </Button>
              <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating({})}>
                {t('resilienceBackups.list.add')}
              </Button>
            </>
          ) : null
        }
      />
      <Stack gap="lg">
        <ProblemsSection overview={overview.data} pending={overview.isPending} error={overview.error} canWrite={access.write} onStep={onStep} />
        {overview.data && overview.data.criticalSystems.length > 0 ? <CriticalSystemsSection overview={overview.data} canWrite={access.write} onAdd={(system) => setCreating({ system })} /> : null}
        <PlansSection facilityId={facilityId} canWrite={access.write} onAdd={() => setCreating({})} onImport={() => setImporting(true)} />
      </Stack>
      {creating ? <BackupPlanFormModal facilityId={facilityId} system={creating.system} onClose={() => setCreating(null)} onSaved={(p) => void navigate(PATHS.backupPlan(p.id))} /> : null}
      {recording ? <BackupRunModal planId={recording.planId} planName={recording.name} onClose={() => setRecording(null)} /> : null}
      {importing ? <BackupImportModal facilityId={facilityId} onClose={() => setImporting(false)} /> : null}
    </>
  );
}

/** Problems and systems listed before "show all" (a hospital starting out may have a hundred systems without a plan). */
const PROBLEMS_SHOWN = 10;
const SYSTEMS_SHOWN = 20;

const STEP_ICONS = {
  addPlan: <IconPlus size={14} aria-hidden />,
  recordRun: <IconClipboardPlus size={14} aria-hidden />,
  openPlan: <IconExternalLink size={14} aria-hidden />,
  openSystemPlans: <IconListSearch size={14} aria-hidden />,
};

/** The problems as sentences with a number, worst first; green only when nothing is wrong and there is something to judge. */
function ProblemsSection({
  overview,
  pending,
  error,
  canWrite,
  onStep,
}: {
  overview: BackupOverviewDto | undefined;
  pending: boolean;
  error: unknown;
  canWrite: boolean;
  onStep: (step: NextStep, problem: BackupProblem) => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const fmt = useFormat();
  const [showAll, setShowAll] = useState(false);
  if (pending) return <Loading />;
  if (error || !overview) return <ErrorAlert error={error} />;
  const problems = backupProblems(overview, locale);
  const verdict = overviewVerdict(overview);
  const stepAllowed = (s: NextStep) => canWrite || s.kind === 'openPlan' || s.kind === 'openSystemPlans';
  return (
    <SectionCard
      id="backup-problems-title"
      title={verdict === 'problems' ? t('resilienceBackups.problems.title', { count: problems.length }) : t('resilienceBackups.problems.titleNone')}
      icon={verdict === 'problems' ? <IconAlertTriangle size={20} aria-hidden color="var(--mantine-color-red-8)" /> : verdict === 'allGood' ? <IconCircleCheck size={20} aria-hidden color="var(--mantine-color-green-8)" /> : <IconInfoCircle size={20} aria-hidden />}
      aside={
        <Text size="xs" c="dimmed">
          {t('resilienceBackups.problems.asOf', { time: fmt.dateTime(overview.asOf) })}
        </Text>
      }
    >
      {verdict === 'allGood' ? (
        <Group gap={8} wrap="nowrap" data-testid="backup-all-good">
          <StatusBadge tone="ok">{t('resilienceBackups.problems.allGoodBadge')}</StatusBadge>
          <Text size="sm">{t('resilienceBackups.problems.allGood', { count: overview.counts.criticalSystems })}</Text>
        </Group>
      ) : verdict === 'noSystems' ? (
        <Text size="sm">
          {t('resilienceBackups.problems.noSystems')}{' '}
          <Anchor component={Link} to={PATHS.assets}>
            {t('resilienceBackups.problems.openLedger')}
          </Anchor>
        </Text>
      ) : (
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('resilienceBackups.problems.intro', { min: overview.policy.minGenerations })}
          </Text>
          <Stack component="ol" gap="sm" style={{ margin: 0, paddingLeft: 0, listStyle: 'none' }} data-testid="backup-problems">
            {(showAll ? problems : problems.slice(0, PROBLEMS_SHOWN)).map((p, i) => (
              <Card component="li" key={p.key} withBorder radius="sm" p="sm" data-testid="backup-problem">
                <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
                  <Group gap={8} wrap="nowrap" align="flex-start" style={{ flex: '1 1 22rem', minWidth: 0 }}>
                    <Text size="sm" fw={700} style={{ flexShrink: 0 }} aria-hidden>
                      {i + 1}.
                    </Text>
                    <Stack gap={4} style={{ minWidth: 0 }}>
                      <StatusBadge tone={p.tone}>{t(`resilienceBackups.problems.tone.${p.tone}`)}</StatusBadge>
                      <Text size="sm" fw={500}>
                        {p.text}
                      </Text>
                    </Stack>
                  </Group>
                  <Group gap="xs" wrap="wrap">
                    {p.steps.filter(stepAllowed).map((s) => (
                      <Button key={s.kind} size="xs" variant={s.kind === 'addPlan' || s.kind === 'recordRun' ? 'light' : 'default'} leftSection={STEP_ICONS[s.kind]} onClick={() => onStep(s, p)}>
                        {t(`resilienceBackups.problems.steps.${s.kind}`)}
                      </Button>
                    ))}
                  </Group>
                </Group>
              </Card>
            ))}
          </Stack>
          {problems.length > PROBLEMS_SHOWN ? (
            <ShowMoreButton all={showAll} rest={problems.length - PROBLEMS_SHOWN} onToggle={() => setShowAll((v) => !v)} />
          ) : null}
        </Stack>
      )}
    </SectionCard>
  );
}

/** Shows the rest of a long list, or folds it again. */
function ShowMoreButton({ all, rest, onToggle }: { all: boolean; rest: number; onToggle: () => void }) {
  const { t } = useTranslation();
  return (
    <Group justify="center">
      <Button variant="subtle" size="sm" leftSection={all ? <IconChevronUp size={16} aria-hidden /> : <IconChevronDown size={16} aria-hidden />} onClick={onToggle} aria-expanded={all}>
        {all ? t('resilienceBackups.list.showFewer') : t('resilienceBackups.list.showAll', { count: rest })}
      </Button>
    </Group>
  );
}

/** Systems of criticality 1–2 with their copies: how many, whether one is offline, the last success. */
function CriticalSystemsSection({ overview, canWrite, onAdd }: { overview: BackupOverviewDto; canWrite: boolean; onAdd: (s: PresetSystem) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useBackupLabels();
  const ledgerLabels = useLedgerLabels();
  const narrow = useMediaQuery('(max-width: 48em)');
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? overview.criticalSystems : overview.criticalSystems.slice(0, SYSTEMS_SHOWN);
  const when = (iso: string | null) => (iso ? t('common.withRelative', { absolute: fmt.dateTime(iso), relative: fmt.relative(iso) }) : t('resilienceBackups.systems.never'));
  // In the table: the date on one line, how long ago below it (a narrow column must not break a date in the middle).
  const whenCell = (iso: string | null) =>
    iso ? (
      <>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {fmt.dateTime(iso)}
        </Text>
        <Text size="xs" c="dimmed">
          {fmt.relative(iso)}
        </Text>
      </>
    ) : (
      <Text size="sm">{t('resilienceBackups.systems.never')}</Text>
    );
  const offline = (s: BackupOverviewDto['criticalSystems'][number]) => <OfflineBadge offline={s.offlinePlans > 0} count={s.offlinePlans} />;
  const plansLink = (s: BackupOverviewDto['criticalSystems'][number]) =>
    s.plans > 0 ? (
      <Anchor component={Link} to={`${PATHS.backups}?assetId=${encodeURIComponent(s.id)}`} size="sm">
        {t('resilienceBackups.systems.planCount', { count: s.plans })}
      </Anchor>
    ) : canWrite ? (
      <Button size="xs" variant="light" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => onAdd({ id: s.id, name: s.name, criticality: s.criticality })}>
        {t('resilienceBackups.problems.steps.addPlan')}
      </Button>
    ) : (
      <Text size="sm">{t('resilienceBackups.systems.planCount', { count: 0 })}</Text>
    );
  return (
    <SectionCard id="backup-systems-title" title={t('resilienceBackups.systems.title')} icon={<IconDatabase size={20} aria-hidden />}>
      <Text size="sm" c="dimmed" mb="sm">
        {t('resilienceBackups.systems.intro')}
      </Text>
      {narrow ? (
        <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('resilienceBackups.systems.title')}>
          {shown.map((s) => (
            <Card component="li" key={s.id} withBorder radius="sm" p="sm">
              <Stack gap={6}>
                <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                  <Text fw={600} size="sm">
                    {s.name}
                  </Text>
                  {offline(s)}
                </Group>
                <Text size="xs" c="dimmed">
                  {ledgerLabels.criticalityLong(s.criticality)}
                </Text>
                <Text size="xs">{s.media.length > 0 ? s.media.map(labels.medium).join(t('resilienceBackups.list.separator')) : t('resilienceBackups.systems.noMedia')}</Text>
                <Text size="xs">
                  {t('resilienceBackups.systems.lastSuccess')}: {when(s.lastSuccessAt)}
                </Text>
                {plansLink(s)}
              </Stack>
            </Card>
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="xs" aria-labelledby="backup-systems-title">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('resilienceBackups.fields.system')}</Table.Th>
                <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('resilienceBackups.systems.offline')}</Table.Th>
                <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('resilienceBackups.systems.media')}</Table.Th>
                <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('resilienceBackups.systems.lastSuccess')}</Table.Th>
                <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('resilienceBackups.systems.lastOfflineSuccess')}</Table.Th>
                <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('resilienceBackups.systems.plans')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td miw={150}>
                    <Text size="sm" fw={600}>
                      {s.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {ledgerLabels.criticalityShort(s.criticality)}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{offline(s)}</Table.Td>
                  <Table.Td miw={90}>
                    <Text size="sm">{s.media.length > 0 ? s.media.map(labels.medium).join(t('resilienceBackups.list.separator')) : '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    {whenCell(s.lastSuccessAt)}
                    {s.stalePlans > 0 ? <StatusBadge tone="warn">{t('resilienceBackups.systems.stale', { count: s.stalePlans })}</StatusBadge> : null}
                  </Table.Td>
                  <Table.Td>{s.offlinePlans > 0 ? whenCell(s.lastOfflineSuccessAt) : <Text size="sm">—</Text>}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{plansLink(s)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {overview.criticalSystems.length > SYSTEMS_SHOWN ? (
        <ShowMoreButton all={showAll} rest={overview.criticalSystems.length - SYSTEMS_SHOWN} onToggle={() => setShowAll((v) => !v)} />
      ) : null}
    </SectionCard>
  );
}

/** Every plan, with search and filters kept in the URL, 50 per page. */
function PlansSection({ facilityId, canWrite, onAdd, onImport }: { facilityId: string; canWrite: boolean; onAdd: () => void; onImport: () => void }) {
  const { t } = useTranslation();
  const labels = useBackupLabels();
  const narrow = useMediaQuery('(max-width: 48em)');
  const url = useUrlFilters(planFiltersFromParams, '');
  const { filters, update } = url;
  const list = useBackupPlans(facilityId, planApiQuery(filters));
  const systems = useBackupOverview(facilityId);
  const filtered = PLAN_FILTER_KEYS.some((k) => filters[k]);
  const all = { value: '', label: t('resilienceBackups.list.filters.all') };
  const systemOptions = (systems.data?.criticalSystems ?? []).map((s) => ({ value: s.id, label: s.name }));
  if (filters.assetId && !systemOptions.some((o) => o.value === filters.assetId)) {
    const name = list.data?.items.find((p) => p.system.id === filters.assetId)?.system.name;
    systemOptions.push({ value: filters.assetId, label: name ?? t('resilienceBackups.list.filters.otherSystem') });
  }
  const select = (key: PlanFilterKey, label: string, data: { value: string; label: string }[], withAll = true) => (
    <Grid.Col span={{ base: 6, md: 4, lg: 2 }}>
      <Select label={label} data={withAll ? [all, ...data] : data} value={filters[key]} onChange={(v) => update({ [key]: v ?? '' })} allowDeselect={false} searchable={data.length > 10} />
    </Grid.Col>
  );
  return (
    <SectionCard id="backup-plans-title" title={t('resilienceBackups.list.plansTitle')}>
      <Stack gap="md">
        <FilterBar label={t('resilienceBackups.list.filters.label')}>
          <Grid.Col span={{ base: 12, md: 8, lg: 4 }}>
            <SearchField label={t('resilienceBackups.list.filters.q')} placeholder={t('resilienceBackups.list.filters.qPlaceholder')} value={url.search} onChange={url.onSearch} />
          </Grid.Col>
          {select('assetId', t('resilienceBackups.fields.system'), systemOptions)}
          {select('medium', t('resilienceBackups.fields.medium'), labels.mediumOptions)}
          {select('offline', t('resilienceBackups.list.filters.offline'), [
            { value: 'true', label: t('resilienceBackups.list.filters.offlineYes') },
            { value: 'false', label: t('resilienceBackups.list.filters.offlineNo') },
          ])}
          {select('stale', t('resilienceBackups.list.filters.stale'), [
            { value: 'true', label: t('resilienceBackups.list.filters.staleYes') },
            { value: 'false', label: t('resilienceBackups.list.filters.staleNo') },
          ])}
          {select(
            'retired',
            t('resilienceBackups.list.filters.retired'),
            [
              { value: '', label: t('resilienceBackups.list.filters.retiredNo') },
              { value: 'true', label: t('resilienceBackups.list.filters.retiredYes') },
              { value: 'all', label: t('resilienceBackups.list.filters.retiredAll') },
            ],
            false,
          )}
          <Grid.Col span={{ base: 12, md: 4, lg: 2 }}>
            <ClearFiltersButton disabled={!filtered} onClick={url.clear}>
              {t('resilienceBackups.list.filters.clear')}
            </ClearFiltersButton>
          </Grid.Col>
        </FilterBar>
        <ListResults<BackupPlanDto>
          query={list}
          filtered={filtered}
          noMatch={{ title: t('resilienceBackups.list.empty.filteredTitle'), description: t('resilienceBackups.list.empty.filteredDescription') }}
          empty={<PlansEmptyState canWrite={canWrite} onAdd={onAdd} onImport={onImport} />}
          page={filters.page}
          pageSize={PLAN_PAGE_SIZE}
          onPage={url.setPage}
        >
          {(items) => (narrow ? <PlanCards plans={items} /> : <PlansTable plans={items} />)}
        </ListResults>
      </Stack>
    </SectionCard>
  );
}

function PlansEmptyState({ canWrite, onAdd, onImport }: { canWrite: boolean; onAdd: () => void; onImport: () => void }) {
  const { t } = useTranslation();
  return (
    <EmptyState
      icon={<IconDatabase size={28} />}
      title={t('resilienceBackups.list.empty.title')}
      description={
        <Stack gap="sm" ta="left">
          <Text size="sm">{t('resilienceBackups.list.empty.why')}</Text>
          <List type="ordered" size="sm" spacing={4}>
            <List.Item>{t('resilienceBackups.list.empty.step1')}</List.Item>
            <List.Item>{t('resilienceBackups.list.empty.step2')}</List.Item>
            <List.Item>{t('resilienceBackups.list.empty.step3')}</List.Item>
          </List>
          {!canWrite ? <Text size="sm">{t('resilienceBackups.list.empty.readOnly')}</Text> : null}
        </Stack>
      }
      action={
        canWrite ? (
          <Group gap="sm" justify="center" mt="sm">
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={onAdd}>
              {t('resilienceBackups.list.add')}
            </Button>
            <Button variant="default" leftSection={<IconFileUpload size={16} aria-hidden />} onClick={onImport}>
              {t('resilienceBackups.list.import')}
            </Button>
          </Group>
        ) : null
      }
    />
  );
}

function PlansTable({ plans }: { plans: BackupPlanDto[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const labels = useBackupLabels();
  const { search } = useLocation();
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table stickyHeader verticalSpacing="sm" aria-label={t('resilienceBackups.list.tableLabel')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('resilienceBackups.list.columns.plan')}</Table.Th>
            <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('resilienceBackups.fields.medium')}</Table.Th>
            <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('resilienceBackups.systems.offline')}</Table.Th>
            <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('resilienceBackups.list.columns.generations')}</Table.Th>
            <Table.Th>{t('resilienceBackups.list.columns.schedule')}</Table.Th>
            <Table.Th>{t('resilienceBackups.fields.location')}</Table.Th>
            <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('resilienceBackups.list.columns.freshness')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {plans.map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td miw={200}>
                <Stack gap={2}>
                  <Anchor component={Link} to={PATHS.backupPlan(p.id)} state={{ listSearch: search }} fw={600}>
                    {planName(p, locale)}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {[p.system.name, p.scopes.map(labels.scope).join(t('resilienceBackups.list.separator'))].join(' · ')}
                  </Text>
                  {p.retiredAt ? <StatusBadge tone="neutral">{t('resilienceBackups.plan.retiredBadge')}</StatusBadge> : null}
                </Stack>
              </Table.Td>
              <Table.Td miw={90}>
                <Text size="sm">{labels.medium(p.medium)}</Text>
              </Table.Td>
              <Table.Td>
                <OfflineBadge offline={p.offline} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm">{t('resilienceBackups.plan.generationsValue', { count: p.generations })}</Text>
              </Table.Td>
              <Table.Td miw={150}>
                <Text size="sm">{p.scheduleNote ?? t('resilienceBackups.plan.everyDaysValue', { count: p.everyDays })}</Text>
              </Table.Td>
              <Table.Td miw={130}>
                <Text size="sm">{labels.location(p.location)}</Text>
                {p.storagePlace ? (
                  <Text size="xs" c="dimmed" lineClamp={2} title={p.storagePlace}>
                    {p.storagePlace}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td miw={150}>
                <FreshnessBadge plan={p} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function PlanCards({ plans }: { plans: BackupPlanDto[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const labels = useBackupLabels();
  const { search } = useLocation();
  return (
    <Stack gap="sm" component="ul" aria-label={t('resilienceBackups.list.tableLabel')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {plans.map((p) => (
        <Card component="li" key={p.id} withBorder radius="md" p="sm">
          <Stack gap={6}>
            <Anchor component={Link} to={PATHS.backupPlan(p.id)} state={{ listSearch: search }} fw={600}>
              {planName(p, locale)}
            </Anchor>
            <Text size="xs" c="dimmed">
              {[p.system.name, labels.medium(p.medium), labels.location(p.location)].join(' · ')}
            </Text>
            <Group gap="xs" wrap="wrap">
              <OfflineBadge offline={p.offline} />
              <FreshnessBadge plan={p} />
              {p.retiredAt ? <StatusBadge tone="neutral">{t('resilienceBackups.plan.retiredBadge')}</StatusBadge> : null}
            </Group>
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
