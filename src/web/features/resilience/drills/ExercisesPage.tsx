import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Group, ScrollArea, Select, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle, IconCircleCheck, IconPlus, IconUsersGroup } from '@tabler/icons-react';
import { useNavigate, useSearchParams, Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { ListResults } from '../../../components/ListResults.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { useFormat } from '../../../lib/format.ts';
import { PATHS } from '../../../paths.ts';
import { fiscalYearOf } from '../../../../shared/dates.ts';
import { EXERCISE_KIND_LABELS, EXERCISE_STATUS_LABELS, type ExerciseStatus } from '../../../../shared/resilience/exercises.ts';
import type { ExerciseDto } from '../../../../shared/contracts/resilience-exercises.contract.ts';
import { useDay } from './DrillBits.tsx';
import { ResilienceUnavailable, useResilienceAccess } from './DrillsPage.tsx';
import { ExerciseFormModal } from './ExerciseFormModal.tsx';
import { EXERCISE_PAGE_SIZE, useExerciseList, useExerciseRequirement, yearFromParams, yearOptions } from './exercises.ts';

export function exerciseStatusTone(s: ExerciseStatus) {
  return s === 'done' ? ('ok' as const) : s === 'cancelled' ? ('neutral' as const) : ('info' as const);
}

/** Exercises: this fiscal year's requirement first (met or not, the last exercise), a year switcher, and the year's exercises. */
export function ExercisesPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const day = useDay();
  const access = useResilienceAccess();
  const navigate = useNavigate();
  const narrow = useMediaQuery('(max-width: 48em)');
  const [params, setParams] = useSearchParams();
  const [current] = useState(() => fiscalYearOf(new Date()));
  const year = yearFromParams(params, current);
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const requirement = useExerciseRequirement(access.facilityId, year, access.read);
  const list = useExerciseList(access.facilityId, { fiscalYear: year, page, pageSize: EXERCISE_PAGE_SIZE }, access.read);
  const [creating, setCreating] = useState(false);

  if (!access.facilityId || !access.read) return <ResilienceUnavailable title={t('resilienceDrills.exercises.title')} />;
  const setYear = (y: number) => {
    const next = new URLSearchParams();
    if (y !== current) next.set('year', String(y));
    setParams(next, { replace: true });
  };
  const r = requirement.data;

  return (
    <>
      <PageHeader
        title={t('resilienceDrills.exercises.title')}
        description={t('resilienceDrills.exercises.description')}
        actions={
          access.write ? (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
              {t('resilienceDrills.exercises.new')}
            </Button>
          ) : null
        }
      />
      <Stack gap="md">
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <Select
            label={t('resilienceDrills.exercises.year')}
            data={yearOptions(current, year).map((y) => ({ value: String(y), label: fmt.fiscalYear(y) }))}
            value={String(year)}
            onChange={(v) => v && setYear(Number(v))}
            allowDeselect={false}
            w={220}
          />
        </Group>
        {requirement.error ? <ErrorAlert error={requirement.error} /> : null}
        {r ? (
          <Alert
            data-testid="exercise-requirement"
            color={r.met ? 'green' : r.past ? 'red' : 'orange'}
            variant="light"
            icon={r.met ? <IconCircleCheck aria-hidden /> : <IconAlertTriangle aria-hidden />}
            title={r.met ? t('resilienceDrills.exercises.metTitle', { year: fmt.fiscalYear(r.fiscalYear) }) : t('resilienceDrills.exercises.notMetTitle', { year: fmt.fiscalYear(r.fiscalYear) })}
          >
            <Stack gap={4}>
              <Text size="sm">{t('resilienceDrills.common.sentence', { text: r.sentence[fmt.locale] })}</Text>
              <Text size="xs">{t('resilienceDrills.exercises.why')}</Text>
              {!r.met && !r.past && access.write ? (
                <Group>
                  <Button size="xs" variant="white" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setCreating(true)}>
                    {t('resilienceDrills.exercises.planOne')}
                  </Button>
                </Group>
              ) : null}
            </Stack>
          </Alert>
        ) : null}
        <ListResults
          query={list}
          filtered={false}
          noMatch={{ title: '', description: '' }}
          empty={
            <EmptyState
              icon={<IconUsersGroup size={28} />}
              title={t('resilienceDrills.exercises.emptyTitle', { year: fmt.fiscalYear(year) })}
              description={t('resilienceDrills.exercises.emptyDescription')}
              action={
                access.write ? (
                  <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
                    {t('resilienceDrills.exercises.new')}
                  </Button>
                ) : null
              }
            />
          }
          page={page}
          pageSize={EXERCISE_PAGE_SIZE}
          onPage={(p) => {
            const next = new URLSearchParams(params);
            if (p > 1) next.set('page', String(p));
            else next.delete('page');
            setParams(next, { replace: true });
          }}
        >
          {(items) => (narrow ? <ExerciseCards items={items} day={day} /> : <ExerciseTable items={items} day={day} />)}
        </ListResults>
      </Stack>
      {creating ? <ExerciseFormModal facilityId={access.facilityId} onClose={() => setCreating(false)} onSaved={(e) => void navigate(PATHS.exercise(e.id))} /> : null}
    </>
  );
}

function Departments({ list }: { list: string[] }) {
  const { t } = useTranslation();
  if (list.length === 0) return <Text size="sm" c="dimmed">{t('resilienceDrills.exercise.noDepartments')}</Text>;
  return (
    <Group gap={4}>
      {list.map((d) => (
        <Badge key={d} variant="outline" color="gray" radius="sm" styles={{ root: { textTransform: 'none' } }}>
          {d}
        </Badge>
      ))}
    </Group>
  );
}

function ExerciseTable({ items, day }: { items: ExerciseDto[]; day: (d: string) => string }) {
  const { t } = useTranslation();
  const { locale } = useFormat();
  return (
    <ScrollArea type="auto">
      <Table highlightOnHover stickyHeader verticalSpacing="xs" aria-label={t('resilienceDrills.exercises.tableLabel')} data-testid="exercise-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('resilienceDrills.exercise.fields.title')}</Table.Th>
            <Table.Th>{t('resilienceDrills.exercise.fields.kind')}</Table.Th>
            <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('resilienceDrills.exercise.fields.heldOn')}</Table.Th>
            <Table.Th>{t('resilienceDrills.exercise.fields.departments')}</Table.Th>
            <Table.Th>{t('resilienceDrills.exercise.fields.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>
                <Anchor component={Link} to={PATHS.exercise(e.id)} size="sm" fw={600}>
                  {e.title}
                </Anchor>
                {e.openActions > 0 ? (
                  <Text size="xs" c="dimmed">
                    {t('resilienceDrills.exercise.openActions', { count: e.openActions })}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{EXERCISE_KIND_LABELS[e.kind][locale]}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{day(e.heldOn)}</Table.Td>
              <Table.Td>
                <Departments list={e.departments} />
              </Table.Td>
              <Table.Td>
                <StatusBadge tone={exerciseStatusTone(e.status)}>{EXERCISE_STATUS_LABELS[e.status][locale]}</StatusBadge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}

function ExerciseCards({ items, day }: { items: ExerciseDto[]; day: (d: string) => string }) {
  const { t } = useTranslation();
  const { locale } = useFormat();
  return (
    <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('resilienceDrills.exercises.tableLabel')}>
      {items.map((e) => (
        <Card component="li" key={e.id} withBorder radius="md" p="sm">
          <Anchor component={Link} to={PATHS.exercise(e.id)} fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
            {e.title}
          </Anchor>
          {e.openActions > 0 ? (
            <Text size="xs" c="dimmed">
              {t('resilienceDrills.exercise.openActions', { count: e.openActions })}
            </Text>
          ) : null}
          <Stack gap={4} mt={4}>
            <Group gap="xs">
              <StatusBadge tone={exerciseStatusTone(e.status)}>{EXERCISE_STATUS_LABELS[e.status][locale]}</StatusBadge>
              <Text size="sm">{EXERCISE_KIND_LABELS[e.kind][locale]}</Text>
            </Group>
            <Text size="sm">{day(e.heldOn)}</Text>
            <Departments list={e.departments} />
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
