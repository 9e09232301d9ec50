import { useState } from 'react';
import { Anchor, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { IconAlarm, IconCircleCheck } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PATHS } from '../../../paths.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { SectionCard } from '../../../components/SectionCard.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { useFormat } from '../../../lib/format.ts';
import { clockUrgency, countdown, serverNowMs, URGENCY_TONE, useCaseLabels, useClockOverview, type ClockOverviewItemDto } from './cases.ts';

/** Deadlines shown before 'show all' (the soonest; the rest one click away). */
const CLOCKS_SHOWN = 4;

/**
 * Deadlines: every running or overdue legal deadline over the caller's facilities, soonest first — the case, who is to be
 * told (the PPC's preliminary report …), the due time in JST with the time left or past, and the state as icon and text.
 */
export function ClocksOverview({ showFacility }: { showFacility: boolean }) {
  const { t } = useTranslation();
  const overview = useClockOverview();
  const [expanded, setExpanded] = useState(false);
  let body;
  if (overview.isPending) body = <Loading />;
  else if (overview.error) body = <ErrorAlert error={overview.error} />;
  else if (overview.data.items.length === 0)
    body = (
      <Group gap="xs" wrap="nowrap" data-testid="clocks-none">
        <IconCircleCheck size={18} color="var(--mantine-color-green-8)" aria-hidden />
        <Text size="sm">{t('incidentCases.clocks.none')}</Text>
      </Group>
    );
  else {
    const nowMs = serverNowMs(overview.data.now, overview.dataUpdatedAt);
    const all = overview.data.items;
    const shown = expanded ? all : all.slice(0, CLOCKS_SHOWN);
    body = (
      <Stack gap="xs">
        <Stack component="ul" id="clocks-overview-list" gap="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="clocks-overview">
          {shown.map((item) => (
            <ClockRow key={`${item.case.id}-${item.ruleId}`} item={item} nowMs={nowMs} showFacility={showFacility} />
          ))}
        </Stack>
        {all.length > CLOCKS_SHOWN ? (
          <Group>
            <Button variant="subtle" size="sm" aria-expanded={expanded} aria-controls="clocks-overview-list" onClick={() => setExpanded(!expanded)}>
              {expanded ? t('incidentCases.clocks.showFewer') : t('incidentCases.clocks.showAll', { count: all.length })}
            </Button>
          </Group>
        ) : null}
      </Stack>
    );
  }
  return (
    <SectionCard id="clocks-overview-title" title={t('incidentCases.clocks.title')} icon={<IconAlarm size={20} aria-hidden />}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('incidentCases.clocks.description')}
        </Text>
        {body}
      </Stack>
    </SectionCard>
  );
}

function ClockRow({ item, nowMs, showFacility }: { item: ClockOverviewItemDto; nowMs: number; showFacility: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useCaseLabels();
  const urgency = clockUrgency(item, nowMs);
  let left: string;
  if (!item.dueAt) left = t('incidentCases.clocks.noDue');
  else {
    const c = countdown(item.dueAt, nowMs);
    const amount =
      c.days > 0 ? t('incidentCases.clocks.daysHours', { d: c.days, h: c.hours }) : c.hours > 0 ? t('incidentCases.clocks.hoursMinutes', { h: c.hours, m: c.minutes }) : t('incidentCases.clocks.minutes', { m: c.minutes });
    left = c.overdue ? t('incidentCases.clocks.overdueBy', { amount }) : t('incidentCases.clocks.left', { amount });
  }
  return (
    <Paper component="li" withBorder radius="sm" p="sm" data-testid="clock-item" data-urgency={urgency}>
      <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
        <Stack gap={2} style={{ flex: '1 1 16rem', minWidth: 0 }}>
          <Text fw={700} size="sm">
            {labels.text(item.labels)}
            {item.soft ? (
              <Text span size="xs" c="dimmed" fw={400}>
                {` ${t('incidentCases.clocks.soft')}`}
              </Text>
            ) : null}
          </Text>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            <Anchor component={Link} to={PATHS.incidentCase(item.case.id)} inherit>
              {item.case.number} {item.case.title}
            </Anchor>
            {showFacility ? (
              <Text span size="xs" c="dimmed">
                {` · ${item.case.facility.name}`}
              </Text>
            ) : null}
          </Text>
        </Stack>
        <Stack gap={2} align="flex-end" style={{ flex: '0 1 auto' }}>
          <StatusBadge tone={URGENCY_TONE[urgency]}>{t(`incidentCases.clocks.urgency.${urgency}`)}</StatusBadge>
          <Text size="sm" fw={700} ta="right" data-testid="clock-left">
            {left}
          </Text>
          {item.dueAt ? (
            <Text size="xs" c="dimmed" ta="right">
              {t('incidentCases.clocks.due', { date: fmt.dateTime(item.dueAt) })}
            </Text>
          ) : null}
        </Stack>
      </Group>
    </Paper>
  );
}
