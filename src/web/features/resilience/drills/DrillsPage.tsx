import { useState } from 'react';
import { Anchor, Button, Card, Grid, Group, ScrollArea, Select, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle, IconCalendarPlus, IconCircleCheck, IconClipboardCheck, IconRestore } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { ClearFiltersButton, FilterBar } from '../../../components/ListFilters.tsx';
import { ListResults } from '../../../components/ListResults.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { SectionCard } from '../../../components/SectionCard.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { useUrlFilters } from '../../../components/useUrlFilters.ts';
import { useFormat } from '../../../lib/format.ts';
import { PATHS } from '../../../paths.ts';
import { useSession } from '../../session/SessionContext.tsx';
import { usePermissions } from '../../session/permissions.ts';
import { DRILL_DUE_STATUS_LABELS, DRILL_STATUS_LABELS, renderDrillDue } from '../../../../shared/resilience/drills.ts';
import { DRILL_LIST_STATUSES, type DrillScheduleItemDto, type RestoreDrillDto } from '../../../../shared/contracts/resilience-drills.contract.ts';
import { AchievedVsTarget, DrillResultBadge, DrillStatusBadge, useDay } from './DrillBits.tsx';
import { PlanDrillModal, RecordDrillModal } from './DrillModals.tsx';
import { DRILL_PAGE_SIZE, drillApiQuery, drillFiltersFromParams, dueTone, useDrillList, useDrillSchedule, useRecoveryTargets } from './drills.ts';

/** The current facility and what the user may do with its resilience data (the server decides; this only hides). */
export function useResilienceAccess() {
  const { currentFacility } = useSession();
  const perm = usePermissions();
  const facilityId = currentFacility?.id ?? null;
  return {
    facilityId,
    read: facilityId !== null && (perm.isAdmin || perm.can('resilience.read', facilityId)),
    write: facilityId !== null && (perm.isAdmin || perm.can('resilience.write', facilityId)),
  };
}

/** No facility chosen, or no right to see its resilience data. */
export function ResilienceUnavailable({ title }: { title: string }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={title} />
      <EmptyState title={t('resilienceDrills.unavailable.title')} description={t('resilienceDrills.unavailable.description')} />
    </>
  );
}

/** Restore drills: the schedule (overdue systems first, as sentences), then every drill with its result against the targets. */
export function DrillsPage() {
  const { t } = useTranslation();
  const access = useResilienceAccess();
  const navigate = useNavigate();
  const narrow = useMediaQuery('(max-width: 48em)');
  const { facilityId } = access;
  const url = useUrlFilters(drillFiltersFromParams, '');
  const { filters, update } = url;
  const schedule = useDrillSchedule(facilityId, access.read);
  const targets = useRecoveryTargets(facilityId, access.read && access.write);
  const list = useDrillList(facilityId, drillApiQuery(filters), access.read);
  const [planning, setPlanning] = useState<{ assetId?: string } | null>(null);
  const [recording, setRecording] = useState(false);

  if (!facilityId || !access.read) return <ResilienceUnavailable title={t('resilienceDrills.drills.title')} />;
  const filtered = Boolean(filters.status);
  const targetItems = targets.data?.items ?? [];

  return (
    <>
      <PageHeader
        title={t('resilienceDrills.drills.title')}
        description={t('resilienceDrills.drills.description')}
        actions={
          access.write ? (
            <>
              <Button variant="default" leftSection={<IconClipboardCheck size={16} aria-hidden />} onClick={() => setRecording(true)} disabled={!targets.data}>
                {t('resilienceDrills.drills.record')}
              </Button>
              <Button leftSection={<IconCalendarPlus size={16} aria-hidden />} onClick={() => setPlanning({})} disabled={!targets.data}>
                {t('resilienceDrills.drills.plan')}
              </Button>
            </>
          ) : null
        }
      />
      <Stack gap="md">
        <DrillSchedule items={schedule.data?.items} error={schedule.error} pending={schedule.isPending} canWrite={access.write} onPlan={(assetId) => setPlanning({ assetId })} />
        <SectionCard id="drill-list" title={t('resilienceDrills.drills.listTitle')} icon={<IconRestore size={20} aria-hidden />}>
          <Stack gap="sm">
            <FilterBar label={t('resilienceDrills.drills.filters.label')}>
              <Grid.Col span={{ base: 12, sm: 6, md: 4 }}>
                <Select
                  label={t('resilienceDrills.drills.filters.status')}
                  data={[
                    { value: '', label: t('resilienceDrills.drills.filters.all') },
                    ...DRILL_LIST_STATUSES.map((s) => ({ value: s, label: t(`resilienceDrills.drills.filters.statuses.${s}`) })),
                  ]}
                  value={filters.status}
                  onChange={(v) => update({ status: v ?? '' })}
                  allowDeselect={false}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
                <ClearFiltersButton disabled={!filtered} onClick={url.clear}>
                  {t('resilienceDrills.drills.filters.clear')}
                </ClearFiltersButton>
              </Grid.Col>
            </FilterBar>
            <ListResults
              query={list}
              filtered={filtered}
              noMatch={{ title: t('resilienceDrills.drills.empty.filteredTitle'), description: t('resilienceDrills.drills.empty.filteredDescription') }}
              empty={
                <EmptyState
                  icon={<IconRestore size={28} />}
                  title={t('resilienceDrills.drills.empty.title')}
                  description={access.write ? t('resilienceDrills.drills.empty.description') : t('resilienceDrills.drills.empty.readOnly')}
                  action={
                    access.write ? (
                      <Button leftSection={<IconCalendarPlus size={16} aria-hidden />} onClick={() => setPlanning({})} disabled={!targets.data}>
                        {t('resilienceDrills.drills.plan')}
                      </Button>
                    ) : null
                  }
                />
              }
              page={filters.page}
              pageSize={DRILL_PAGE_SIZE}
              onPage={url.setPage}
            >
              {(items) => (narrow ? <DrillCards drills={items} /> : <DrillTable drills={items} />)}
            </ListResults>
          </Stack>
        </SectionCard>
      </Stack>
      {planning ? <PlanDrillModal facilityId={facilityId} targets={targetItems} assetId={planning.assetId} onClose={() => setPlanning(null)} onSaved={(d) => void navigate(PATHS.drill(d.id))} /> : null}
      {recording ? <RecordDrillModal facilityId={facilityId} targets={targetItems} onClose={() => setRecording(false)} onSaved={(d) => void navigate(PATHS.drill(d.id))} /> : null}
    </>
  );
}

/** Systems that need a drill, as sentences, worst first; each with its next step. Systems on schedule are only counted. */
function DrillSchedule({ items, error, pending, canWrite, onPlan }: { items: DrillScheduleItemDto[] | undefined; error: unknown; pending: boolean; canWrite: boolean; onPlan: (assetId: string) => void }) {
  const { t } = useTranslation();
  const { locale } = useFormat();
  const day = useDay();
  const attention = (items ?? []).filter((i) => i.due.status !== 'ok');
  const ok = (items ?? []).length - attention.length;
  return (
    <SectionCard id="drill-schedule" title={t('resilienceDrills.schedule.title')} icon={<IconAlertTriangle size={20} aria-hidden />}>
      {pending ? <Loading /> : null}
      {error ? <ErrorAlert error={error} /> : null}
      {items && items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('resilienceDrills.schedule.noSystems')}
        </Text>
      ) : null}
      {items && items.length > 0 ? (
        <Stack gap="xs">
          {attention.length === 0 ? (
            <Group gap={6}>
              <IconCircleCheck size={18} aria-hidden color="var(--mantine-color-green-9)" />
              <Text size="sm">{t('resilienceDrills.schedule.allOk', { count: ok })}</Text>
            </Group>
          ) : (
            <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="drill-schedule">
              {attention.map((i) => (
                <Card component="li" key={i.system.id} withBorder radius="sm" p="xs">
                  <Group justify="space-between" gap="xs" wrap="wrap">
                    <Group gap="xs" wrap="nowrap" align="flex-start" style={{ flex: '1 1 20rem' }}>
                      <StatusBadge tone={dueTone(i.due.status)}>{DRILL_DUE_STATUS_LABELS[i.due.status][locale]}</StatusBadge>
                      <Stack gap={0}>
                        <Text size="sm">{t('resilienceDrills.common.sentence', { text: renderDrillDue(i.system.name, i.due, locale) })}</Text>
                        <Text size="xs" c="dimmed">
                          {i.lastDrill ? t('resilienceDrills.schedule.last', { date: day(i.lastDrill.doneOn) }) : t('resilienceDrills.schedule.neverDone')}
                          {' · '}
                          {i.intervalIsDefault ? t('resilienceDrills.schedule.defaultInterval', { months: i.intervalMonths }) : t('resilienceDrills.schedule.interval', { months: i.intervalMonths })}
                        </Text>
                      </Stack>
                    </Group>
                    {i.nextPlanned ? (
                      <Anchor component={Link} to={PATHS.drill(i.nextPlanned.id)} size="sm">
                        {t('resilienceDrills.schedule.planned', { date: day(i.nextPlanned.plannedOn) })}
                      </Anchor>
                    ) : canWrite ? (
                      <Button size="xs" variant="light" leftSection={<IconCalendarPlus size={14} aria-hidden />} onClick={() => onPlan(i.system.id)} aria-label={t('resilienceDrills.schedule.planFor', { system: i.system.name })}>
                        {t('resilienceDrills.schedule.plan')}
                      </Button>
                    ) : null}
                  </Group>
                </Card>
              ))}
            </Stack>
          )}
          {attention.length > 0 && ok > 0 ? (
            <Text size="xs" c="dimmed">
              {t('resilienceDrills.schedule.othersOk', { count: ok })}
            </Text>
          ) : null}
        </Stack>
      ) : null}
    </SectionCard>
  );
}

function DrillDate({ d }: { d: RestoreDrillDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const day = useDay();
  if (d.finishedAt) return <Text size="sm">{fmt.date(d.finishedAt)}</Text>;
  if (d.plannedOn) return <Text size="sm">{t('resilienceDrills.drill.plannedFor', { date: day(d.plannedOn) })}</Text>;
  return <Text size="sm" c="dimmed">—</Text>;
}

function DrillResultCell({ d }: { d: RestoreDrillDto }) {
  const { t } = useTranslation();
  return d.result ? <DrillResultBadge result={d.result} /> : <Text size="sm" c="dimmed">{t('resilienceDrills.drill.noResult')}</Text>;
}

function DrillTable({ drills }: { drills: RestoreDrillDto[] }) {
  const { t } = useTranslation();
  return (
    <ScrollArea type="auto">
      <Table highlightOnHover stickyHeader aria-label={t('resilienceDrills.drills.tableLabel')} verticalSpacing="xs" data-testid="drill-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('resilienceDrills.fields.system')}</Table.Th>
            <Table.Th>{t('resilienceDrills.fields.status')}</Table.Th>
            <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('resilienceDrills.fields.date')}</Table.Th>
            <Table.Th>{t('resilienceDrills.metrics.rtoShort')}</Table.Th>
            <Table.Th>{t('resilienceDrills.metrics.rpoShort')}</Table.Th>
            <Table.Th>{t('resilienceDrills.fields.result')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {drills.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>
                <Anchor component={Link} to={PATHS.drill(d.id)} size="sm" fw={600}>
                  {d.system.name}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <DrillStatusBadge status={d.status} overdue={d.overdue} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <DrillDate d={d} />
              </Table.Td>
              <Table.Td>
                <AchievedVsTarget achieved={d.metrics?.rtoAchievedHours ?? null} target={d.rtoHoursTarget} />
              </Table.Td>
              <Table.Td>
                <AchievedVsTarget achieved={d.metrics?.rpoAchievedHours ?? null} target={d.rpoHoursTarget} />
              </Table.Td>
              <Table.Td>
                <DrillResultCell d={d} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}

function DrillCards({ drills }: { drills: RestoreDrillDto[] }) {
  const { t } = useTranslation();
  const { locale } = useFormat();
  return (
    <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('resilienceDrills.drills.tableLabel')}>
      {drills.map((d) => (
        <Card component="li" key={d.id} withBorder radius="md" p="sm">
          <Group justify="space-between" align="flex-start" gap="xs">
            <Anchor component={Link} to={PATHS.drill(d.id)} fw={600} size="sm" style={{ overflowWrap: 'anywhere' }} aria-label={`${d.system.name} ${DRILL_STATUS_LABELS[d.status][locale]}`}>
              {d.system.name}
            </Anchor>
            <DrillResultCell d={d} />
          </Group>
          <Stack gap={4} mt={4}>
            <DrillStatusBadge status={d.status} overdue={d.overdue} />
            <DrillDate d={d} />
            {d.metrics ? (
              <>
                <Group gap={4} wrap="nowrap">
                  <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                    {t('resilienceDrills.metrics.rtoShort')}
                  </Text>
                  <AchievedVsTarget achieved={d.metrics.rtoAchievedHours} target={d.rtoHoursTarget} />
                </Group>
                <Group gap={4} wrap="nowrap">
                  <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                    {t('resilienceDrills.metrics.rpoShort')}
                  </Text>
                  <AchievedVsTarget achieved={d.metrics.rpoAchievedHours} target={d.rpoHoursTarget} />
                </Group>
              </>
            ) : null}
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
