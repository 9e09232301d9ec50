import { Alert, Anchor, Button, Group, Paper, Stack, Text, ThemeIcon, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconBellRinging, IconCircleCheck, IconHourglass, IconMail, IconWebhook } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../api/client.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { notify } from '../../../components/notify.ts';
import { SectionCard } from '../../../components/SectionCard.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { useFormat } from '../../../lib/format.ts';
import { PATHS } from '../../../paths.ts';
import type { IncidentAlertDto } from '../../../../shared/contracts/incident-alerts.contract.ts';
import { useSession } from '../../session/SessionContext.tsx';
import { useFailureText } from './labels.ts';
import { INCIDENT_ALERTS_KEY, alertStateTone, alertsInOrder, deliveryTone, ownOpenAlert, settingsPath, useIncidentAlerts } from './settings.ts';

const ACK_BY_LINK = 'mail link';

export interface AlertLogProps {
  facilityId: string;
  reportId?: string | null;
  caseId?: string | null;
  /** The facility's escalation delay in minutes, when the page knows it (said in the description). */
  escalateAfterMinutes?: number;
  /** Heading level-2 id (several logs on one page need their own). */
  headingId?: string;
  /** Without the card around it (the page puts it into its own section). */
  bare?: boolean;
}

/**
 * The on-call alerts of a report or a case: who was alerted when (in call order), the state (sent / acknowledged /
 * escalated / failed, with the reason), who acknowledged, and how each e-mail or webhook went. The person the alert
 * is addressed to gets an Acknowledge button. Readers need incident.read (the server checks).
 */
export function AlertLog({ facilityId, reportId, caseId, escalateAfterMinutes, headingId = 'alert-log-title', bare = false }: AlertLogProps) {
  const { t } = useTranslation();
  const { actor } = useSession();
  const qc = useQueryClient();
  const list = useIncidentAlerts(facilityId, { reportId, caseId });
  const ack = useMutation({
    mutationFn: (alertId: string) => api.post<IncidentAlertDto>(settingsPath.ack(alertId)),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: INCIDENT_ALERTS_KEY });
      notify(t('incidentSettings.alertLog.ackDone'));
    },
  });

  const description =
    escalateAfterMinutes !== undefined ? t('incidentSettings.alertLog.description', { count: escalateAfterMinutes }) : t('incidentSettings.alertLog.descriptionNoDelay');
  let body;
  if (list.error) body = <ErrorAlert error={list.error} />;
  else if (!list.data) body = <Loading />;
  else {
    const items = alertsInOrder(list.data.items);
    const mine = ownOpenAlert(items, actor.userId, list.data.acknowledged);
    body = (
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {description}
        </Text>
        {items.length === 0 ? (
          <Alert color="gray" variant="light" icon={<IconHourglass aria-hidden />} title={t('incidentSettings.alertLog.empty')}>
            <Stack gap={4} align="flex-start">
              <Text size="sm">{t('incidentSettings.alertLog.emptyHelp')}</Text>
              <Anchor component={Link} to={PATHS.incidentContacts} size="sm">
                {t('incidentSettings.chain.openChart')}
              </Anchor>
            </Stack>
          </Alert>
        ) : list.data.acknowledged ? (
          <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden />} data-testid="alert-log-summary" data-state="acknowledged">
            {t('incidentSettings.alertLog.acknowledged')}
          </Alert>
        ) : list.data.exhausted ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} data-testid="alert-log-summary" data-state="exhausted">
            {t('incidentSettings.alertLog.exhausted')}
          </Alert>
        ) : (
          <Alert color="orange" variant="light" icon={<IconBellRinging aria-hidden />} data-testid="alert-log-summary" data-state="waiting">
            {t('incidentSettings.alertLog.waiting')}
          </Alert>
        )}
        {mine ? (
          <Group>
            <Button size="md" color="green" leftSection={<IconCircleCheck size={18} aria-hidden />} loading={ack.isPending} onClick={() => ack.mutate(mine.id)} aria-label={t('incidentSettings.alertLog.ackLabel')}>
              {t('incidentSettings.alertLog.ack')}
            </Button>
          </Group>
        ) : null}
        {ack.error ? <ErrorAlert error={ack.error} /> : null}
        {items.length > 0 ? (
          <Stack component="ol" gap="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="alert-log">
            {items.map((a) => (
              <AlertRow key={a.id} alert={a} mine={a.recipientUserId === actor.userId} />
            ))}
          </Stack>
        ) : null}
      </Stack>
    );
  }
  if (bare) return body;
  return (
    <SectionCard id={headingId} title={t('incidentSettings.alertLog.title')} icon={<IconBellRinging size={20} aria-hidden />}>
      {body}
    </SectionCard>
  );
}

function AlertRow({ alert: a, mine }: { alert: IncidentAlertDto; mine: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const failure = useFailureText();
  const state = t(`incidentSettings.alertLog.states.${a.state}`);
  return (
    <Paper component="li" withBorder radius="sm" p="sm" data-testid="alert-log-item" data-state={a.state}>
      <Group align="flex-start" wrap="nowrap" gap="sm">
        <ThemeIcon size={32} radius="xl" variant="light" color="blue" aria-hidden style={{ flexShrink: 0 }}>
          <Text fw={700} size="sm">
            {a.position}
          </Text>
        </ThemeIcon>
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Group gap="xs" wrap="wrap" justify="space-between">
            <Text fw={700} style={{ overflowWrap: 'anywhere' }}>
              <VisuallyHidden>{t('incidentSettings.alertLog.position', { n: a.position })} </VisuallyHidden>
              {a.recipientName}
              {mine ? (
                <Text span size="sm" c="dimmed" fw={400}>
                  {` (${t('incidentSettings.alertLog.you')})`}
                </Text>
              ) : null}
            </Text>
            {a.state === 'escalated' ? (
              <Tooltip label={t('incidentSettings.alertLog.stateHelp.escalated')} withArrow>
                <span tabIndex={0}>
                  <StatusBadge tone={alertStateTone(a.state)}>{state}</StatusBadge>
                </span>
              </Tooltip>
            ) : (
              <StatusBadge tone={alertStateTone(a.state)}>{state}</StatusBadge>
            )}
          </Group>
          <Group gap="md" wrap="wrap">
            {a.sentAt ? <Text size="sm">{t('incidentSettings.alertLog.sentAt', { date: fmt.dateTime(a.sentAt) })}</Text> : null}
            {a.acknowledgedAt ? <Text size="sm">{t('incidentSettings.alertLog.ackAt', { date: fmt.dateTime(a.acknowledgedAt) })}</Text> : null}
            {a.escalatedAt ? <Text size="sm">{t('incidentSettings.alertLog.escalatedAt', { date: fmt.dateTime(a.escalatedAt) })}</Text> : null}
          </Group>
          {a.acknowledgedBy ? (
            <Text size="sm" c="green.9">
              {t('incidentSettings.alertLog.ackBy', { who: a.acknowledgedBy === ACK_BY_LINK ? t('incidentSettings.alertLog.ackByLink') : a.acknowledgedBy })}
            </Text>
          ) : null}
          {a.deliveries.length > 0 ? (
            <Stack component="ul" gap={2} aria-label={t('incidentSettings.alertLog.deliveries')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {a.deliveries.map((d) => (
                <Group component="li" key={d.id} gap={6} wrap="wrap">
                  {d.channel === 'email' ? <IconMail size={14} aria-hidden /> : <IconWebhook size={14} aria-hidden />}
                  <Text size="xs">
                    {t(`incidentSettings.alertLog.channels.${d.channel}`)}: <span style={{ overflowWrap: 'anywhere' }}>{d.target}</span>
                  </Text>
                  <StatusBadge tone={deliveryTone(d.status)}>{t(`incidentSettings.alertLog.deliveryStates.${d.status}`)}</StatusBadge>
                  {d.lastError ? (
                    <Text size="xs" c="red.8">
                      {failure(d.lastError)}
                    </Text>
                  ) : null}
                  {d.status === 'pending' && d.attempts > 0 && d.nextAttemptAt ? (
                    <Text size="xs" c="dimmed">
                      {t('incidentSettings.alertLog.attempts', { count: d.attempts })} · {t('incidentSettings.alertLog.nextAttempt', { date: fmt.dateTime(d.nextAttemptAt) })}
                    </Text>
                  ) : null}
                </Group>
              ))}
            </Stack>
          ) : null}
        </Stack>
      </Group>
    </Paper>
  );
}
