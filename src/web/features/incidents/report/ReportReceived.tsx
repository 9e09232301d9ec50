import { useEffect, useRef, type ReactNode } from 'react';
import { Alert, Button, Group, List, Loader, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCircleCheck, IconPhoneCall, IconPhoneOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../lib/format.ts';
import type { CallContact } from './reports.ts';

/**
 * After sending: calm, large, one column. What to do now (keep the power on and pull the LAN cable, stop and leave the
 * screen, call the boss) and — signed in — the first three people of the contact chart with big tel: buttons.
 */
export function ReportReceived({
  lead,
  receivedAt,
  contacts,
  actions,
}: {
  lead: string;
  receivedAt: string;
  /** Omitted on the poster page (no account: the chart is not shown). */
  contacts?: { loading: boolean; failed: boolean; items: CallContact[] };
  actions?: ReactNode;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const heading = useRef<HTMLHeadingElement>(null);
  // The form is gone: the keyboard and the screen reader continue at the result.
  useEffect(() => heading.current?.focus(), []);
  return (
    <Stack gap="lg" data-testid="report-received">
      <Paper withBorder radius="md" p={{ base: 'md', sm: 'lg' }} bg="green.0">
        <Group gap="md" wrap="nowrap" align="flex-start">
          <ThemeIcon size={48} radius="xl" color="green.8" aria-hidden>
            <IconCircleCheck size={30} />
          </ThemeIcon>
          <Stack gap={4} role="status">
            <Title order={2} size="h2" ref={heading} tabIndex={-1} style={{ outline: 'none' }}>
              {t('incidentReports.done.title')}
            </Title>
            <Text size="lg">{lead}</Text>
            <Text size="sm" c="dimmed">
              {t('incidentReports.done.receivedAt', { date: fmt.dateTime(receivedAt) })}
            </Text>
          </Stack>
        </Group>
      </Paper>

      <Paper component="section" aria-labelledby="report-now" withBorder radius="md" p={{ base: 'md', sm: 'lg' }}>
        <Title order={2} size="h3" id="report-now" mb="sm">
          {t('incidentReports.done.nowTitle')}
        </Title>
        <List type="ordered" size="lg" spacing="sm" styles={{ itemLabel: { lineHeight: 1.6 } }}>
          <List.Item>{t('incidentReports.done.steps.unplug')}</List.Item>
          <List.Item>{t('incidentReports.done.steps.stop')}</List.Item>
          <List.Item>{contacts ? t('incidentReports.done.steps.boss') : t('incidentReports.done.publicBoss')}</List.Item>
        </List>
      </Paper>

      {contacts ? (
        <Paper component="section" aria-labelledby="report-contacts" withBorder radius="md" p={{ base: 'md', sm: 'lg' }}>
          <Title order={2} size="h3" id="report-contacts">
            {t('incidentReports.done.contactsTitle')}
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            {t('incidentReports.done.contactsLead')}
          </Text>
          {contacts.loading ? <Loader size="sm" aria-label={t('common.loading')} /> : null}
          {!contacts.loading && contacts.failed ? <Alert color="orange" variant="light">{t('incidentReports.done.contactsUnavailable')}</Alert> : null}
          {!contacts.loading && !contacts.failed && contacts.items.length === 0 ? <Alert color="orange" variant="light">{t('incidentReports.done.noContacts')}</Alert> : null}
          {contacts.items.length > 0 ? (
            <Stack component="ol" gap="sm" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {contacts.items.map((c, i) => (
                <li key={c.id} data-testid="report-contact">
                  <Stack gap={6}>
                    <Text fw={700}>
                      {i + 1}. {c.role}
                      {c.name !== c.role ? ` ${c.name}` : ''}
                      {c.availability ? (
                        <Text span size="sm" c="dimmed" fw={400}>
                          {` (${c.availability})`}
                        </Text>
                      ) : null}
                    </Text>
                    {c.tel && c.phone ? (
                      <Button
                        component="a"
                        href={c.tel}
                        size="lg"
                        variant={i === 0 ? 'filled' : 'light'}
                        leftSection={<IconPhoneCall aria-hidden />}
                        aria-label={t('incidentReports.done.callLabel', { role: c.role, name: c.name, phone: c.phone })}
                        fullWidth
                        justify="flex-start"
                      >
                        {t('incidentReports.done.call', { phone: c.phone })}
                      </Button>
                    ) : (
                      <Group gap={6}>
                        <IconPhoneOff size={18} aria-hidden />
                        <Text size="sm">{t('incidentReports.done.noPhone')}</Text>
                      </Group>
                    )}
                  </Stack>
                </li>
              ))}
            </Stack>
          ) : null}
        </Paper>
      ) : null}
      {actions ? (
        <Group gap="sm" wrap="wrap">
          {actions}
        </Group>
      ) : null}
    </Stack>
  );
}
