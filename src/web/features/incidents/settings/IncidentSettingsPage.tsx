import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, List, NumberInput, Paper, Stack, Switch, Text, ThemeIcon, Tooltip, VisuallyHidden } from '@mantine/core';
import {
  IconAlertTriangle,
  IconBell,
  IconCircleCheck,
  IconDeviceFloppy,
  IconInfoCircle,
  IconMail,
  IconPencil,
  IconPhoneCall,
  IconPlus,
  IconSend,
  IconTrash,
  IconWebhook,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../api/client.ts';
import { ConfirmModal } from '../../../components/ConfirmModal.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { notify } from '../../../components/notify.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { SectionCard } from '../../../components/SectionCard.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { useConfirmDelete } from '../../../components/useConfirmDelete.ts';
import { useFormat } from '../../../lib/format.ts';
import { PATHS } from '../../../paths.ts';
import { DEFAULT_ESCALATE_AFTER_MINUTES } from '../../../../shared/incidents/cases.ts';
import { useSession } from '../../session/SessionContext.tsx';
import { usePermissions } from '../../session/permissions.ts';
import { callChain, entryName, useContactChart } from '../contacts.ts';
import { useFailureText } from './labels.ts';
import {
  ESCALATE_LIMITS,
  INCIDENT_SETTINGS_KEY,
  settingsPath,
  useAlertSettings,
  useSettingsChanged,
  useWebhooks,
  validEscalation,
  type AlertSettingsDto,
  type IncidentWebhookDto,
  type WebhookTestResult,
} from './settings.ts';
import { WebhookFormModal } from './WebhookFormModal.tsx';

/**
 * Incident response settings: how on-call alerts go out (escalation delay, e-mail on/off, the chain they follow) and the
 * facility's webhooks. The security manager (incident.manage) edits; others with incident.read see how alerts flow.
 */
export function IncidentSettingsPage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const { currentFacility } = useSession();
  const facilityId = currentFacility?.id ?? null;
  const canRead = facilityId !== null && (perm.isAdmin || perm.can('incident.read', facilityId));
  const canManage = facilityId !== null && (perm.isAdmin || perm.can('incident.manage', facilityId));
  const settings = useAlertSettings(facilityId, canManage);

  if (!facilityId || (!canRead && !canManage)) {
    return (
      <>
        <PageHeader title={t('incidentSettings.page.title')} />
        <EmptyState title={t('errors.FORBIDDEN')} description={t('incidentSettings.page.unavailable')} />
      </>
    );
  }
  // Only the security manager may read the settings; others are told the rule without the number.
  const minutes = settings.data?.escalateAfterMinutes ?? null;
  return (
    <>
      <PageHeader title={t('incidentSettings.page.title')} description={t('incidentSettings.page.description')} />
      <Stack gap="lg">
        {canManage ? null : (
          <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />}>
            {t('incidentSettings.page.readOnly')}
          </Alert>
        )}
        {canManage ? (
          settings.error ? (
            <ErrorAlert error={settings.error} />
          ) : settings.data ? (
            <AlertSettingsCard facilityId={facilityId} settings={settings.data} />
          ) : (
            <Loading />
          )
        ) : null}
        <ChainCard facilityId={facilityId} minutes={minutes} />
        {canManage ? <WebhooksCard facilityId={facilityId} /> : null}
      </Stack>
    </>
  );
}

type Draft = { minutes: number | string; email: boolean };

function AlertSettingsCard({ facilityId, settings }: { facilityId: string; settings: AlertSettingsDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const [edited, setEdited] = useState<Draft | null>(null);
  const [error, setError] = useState(false);
  const draft: Draft = edited ?? { minutes: settings.escalateAfterMinutes, email: settings.emailEnabled };
  const dirty = String(draft.minutes) !== String(settings.escalateAfterMinutes) || draft.email !== settings.emailEnabled;
  const save = useMutation({
    mutationFn: (d: Draft) => api.put<AlertSettingsDto>(settingsPath.alertSettings(facilityId), { escalateAfterMinutes: Number(d.minutes), emailEnabled: d.email }),
    onSuccess: (s) => {
      qc.setQueryData([...INCIDENT_SETTINGS_KEY, facilityId, 'alerts'], s);
      setEdited(null);
      notify(t('incidentSettings.alerts.saved'));
    },
  });
  return (
    <SectionCard id="alert-settings-title" title={t('incidentSettings.alerts.title')} icon={<IconBell size={20} aria-hidden />}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!validEscalation(draft.minutes)) {
            setError(true);
            document.getElementById('alert-escalate-minutes')?.focus();
            return;
          }
          setError(false);
          save.mutate(draft);
        }}
      >
        <Stack gap="md">
          <NumberInput
            id="alert-escalate-minutes"
            label={t('incidentSettings.alerts.escalateAfter')}
            description={t('incidentSettings.alerts.escalateAfterHelp')}
            rightSection={
              <Text size="sm" pr="xs">
                {t('incidentSettings.alerts.minutes')}
              </Text>
            }
            rightSectionWidth={40}
            min={ESCALATE_LIMITS.min}
            max={ESCALATE_LIMITS.max}
            allowDecimal={false}
            allowNegative={false}
            maw={360}
            clampBehavior="none"
            required
            value={draft.minutes}
            onChange={(v) => setEdited({ ...draft, minutes: v })}
            error={error && !validEscalation(draft.minutes) ? t('incidentSettings.alerts.range') : undefined}
          />
          <Switch
            label={t('incidentSettings.alerts.email')}
            description={t('incidentSettings.alerts.emailHelp')}
            checked={draft.email}
            onChange={(e) => setEdited({ ...draft, email: e.currentTarget.checked })}
          />
          {draft.email && !settings.smtpConfigured ? (
            <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('incidentSettings.alerts.smtpMissingTitle')} data-testid="smtp-missing">
              {t('incidentSettings.alerts.smtpMissing')}
            </Alert>
          ) : null}
          {settings.publicUrlConfigured ? null : (
            <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />} title={t('incidentSettings.alerts.publicUrlMissingTitle')}>
              {t('incidentSettings.alerts.publicUrlMissing')}
            </Alert>
          )}
          {save.error ? <ErrorAlert error={save.error} /> : null}
          <Group justify="space-between" wrap="wrap" gap="sm">
            <Text size="sm" c="dimmed">
              {settings.updatedAt
                ? t('incidentSettings.alerts.updatedAt', { date: fmt.dateTime(settings.updatedAt) })
                : t('incidentSettings.alerts.neverUpdated', { count: DEFAULT_ESCALATE_AFTER_MINUTES })}
            </Text>
            <Group gap="sm">
              <Button variant="default" disabled={!dirty} onClick={() => (setEdited(null), setError(false), save.reset())}>
                {t('incidentSettings.alerts.discard')}
              </Button>
              <Button type="submit" loading={save.isPending} disabled={!dirty} leftSection={<IconDeviceFloppy size={16} aria-hidden />}>
                {t('incidentSettings.alerts.save')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </SectionCard>
  );
}

/** How an alert travels, with the chart's internal call order as it stands now. */
function ChainCard({ facilityId, minutes }: { facilityId: string; minutes: number | null }) {
  const { t } = useTranslation();
  const perm = usePermissions();
  const canReadContacts = perm.isAdmin || perm.can('contacts.read', facilityId);
  const chart = useContactChart(facilityId, canReadContacts);
  const chain = chart.data ? callChain(chart.data.internal) : [];
  const chartLink = (
    <Anchor component={Link} to={PATHS.incidentContacts} size="sm">
      {t('incidentSettings.chain.openChart')}
    </Anchor>
  );
  return (
    <SectionCard id="alert-chain-title" title={t('incidentSettings.chain.title')} icon={<IconPhoneCall size={20} aria-hidden />} aside={chartLink}>
      <Stack gap="sm">
        <Text size="sm">{t('incidentSettings.chain.lead')}</Text>
        <List type="ordered" size="sm" spacing={4}>
          <List.Item>{t('incidentSettings.chain.step1')}</List.Item>
          <List.Item>{minutes === null ? t('incidentSettings.chain.step2Unknown') : t('incidentSettings.chain.step2', { count: minutes })}</List.Item>
          <List.Item>{t('incidentSettings.chain.step3')}</List.Item>
          <List.Item>{t('incidentSettings.chain.step4')}</List.Item>
        </List>
        {canReadContacts ? (
          chart.isPending ? (
            <Loading />
          ) : chart.error ? (
            <ErrorAlert error={chart.error} />
          ) : chain.length === 0 ? (
            <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />}>
              <Stack gap={4} align="flex-start">
                <Text size="sm">{t('incidentSettings.chain.empty')}</Text>
                {chartLink}
              </Stack>
            </Alert>
          ) : (
            <Paper withBorder radius="sm" p="sm" bg="gray.0">
              <Text fw={700} size="sm" mb={6} id="alert-chain-current">
                {t('incidentSettings.chain.current')}
              </Text>
              <Stack component="ol" gap={6} aria-labelledby="alert-chain-current" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="alert-chain">
                {chain.map((l, i) => (
                  <li key={l.entry.id}>
                    <ChainPerson n={i + 1} name={entryName(l.entry)} role={l.entry.roleLabel} user={l.entry.user !== null} email={Boolean(l.entry.email) || l.entry.user !== null} />
                    {l.deputies.length > 0 ? (
                      <Stack component="ul" gap={4} ml={36} mt={4} style={{ listStyle: 'none', padding: 0 }}>
                        {l.deputies.map((d) => (
                          <li key={d.id}>
                            <ChainPerson deputy name={entryName(d)} role={d.roleLabel} user={d.user !== null} email={Boolean(d.email) || d.user !== null} />
                          </li>
                        ))}
                      </Stack>
                    ) : null}
                  </li>
                ))}
              </Stack>
            </Paper>
          )
        ) : null}
      </Stack>
    </SectionCard>
  );
}

function ChainPerson({ n, name, role, user, email }: { n?: number; name: string; role: string; user: boolean; email: boolean; deputy?: boolean }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      {n !== undefined ? (
        <ThemeIcon size={26} radius="xl" variant="filled" color="blue" aria-hidden style={{ flexShrink: 0 }}>
          <Text size="sm" fw={700} c="white">
            {n}
          </Text>
        </ThemeIcon>
      ) : (
        <Badge variant="outline" color="gray" size="sm" style={{ flexShrink: 0 }}>
          {t('incidentSettings.chain.deputy')}
        </Badge>
      )}
      <div style={{ minWidth: 0 }}>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {n !== undefined ? <VisuallyHidden>{`${n}. `}</VisuallyHidden> : null}
          <Text span fw={700}>
            {name}
          </Text>
          {name !== role ? ` (${role})` : null}
        </Text>
        <Group gap={6}>
          {user ? (
            <Badge size="xs" variant="light" color="blue" leftSection={<IconBell size={10} aria-hidden />}>
              {t('incidentSettings.chain.reachUser')}
            </Badge>
          ) : null}
          {email ? (
            <Badge size="xs" variant="light" color="blue" leftSection={<IconMail size={10} aria-hidden />}>
              {t('incidentSettings.chain.reachEmail')}
            </Badge>
          ) : null}
          {!user && !email ? (
            <Badge size="xs" variant="light" color="orange" leftSection={<IconAlertTriangle size={10} aria-hidden />}>
              {t('incidentSettings.chain.noReach')}
            </Badge>
          ) : null}
        </Group>
      </div>
    </Group>
  );
}

type TestOutcome = { webhookId: string; name: string; result: WebhookTestResult };

function WebhooksCard({ facilityId }: { facilityId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const hooks = useWebhooks(facilityId);
  const changed = useSettingsChanged();
  const failure = useFailureText();
  const [form, setForm] = useState<{ webhook?: IncidentWebhookDto } | null>(null);
  const [outcome, setOutcome] = useState<TestOutcome | null>(null);
  const test = useMutation({
    mutationFn: (w: IncidentWebhookDto) => api.post<WebhookTestResult>(settingsPath.webhookTest(facilityId, w.id)),
    onMutate: () => setOutcome(null),
    onSuccess: (result, w) => setOutcome({ webhookId: w.id, name: w.name, result }),
  });
  const remove = useConfirmDelete(
    (w: IncidentWebhookDto) => api.del(settingsPath.webhook(facilityId, w.id)),
    (w) => {
      changed();
      if (outcome?.webhookId === w.id) setOutcome(null);
      notify(t('incidentSettings.webhooks.deleted', { name: w.name }));
    },
  );
  const addButton = (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setForm({})}>
      {t('incidentSettings.webhooks.add')}
    </Button>
  );
  const items = hooks.data?.items ?? [];
  return (
    <SectionCard id="webhooks-title" title={t('incidentSettings.webhooks.title')} icon={<IconWebhook size={20} aria-hidden />} aside={items.length > 0 ? addButton : undefined}>
      <Text size="sm" c="dimmed" mb="sm">
        {t('incidentSettings.webhooks.description')}
      </Text>
      {hooks.isPending ? <Loading /> : null}
      {hooks.error ? <ErrorAlert error={hooks.error} /> : null}
      {hooks.data && items.length === 0 ? <EmptyState icon={<IconWebhook size={28} />} title={t('incidentSettings.webhooks.empty')} description={t('incidentSettings.webhooks.emptyHelp')} action={addButton} /> : null}
      {items.length > 0 ? (
        <Stack component="ul" gap="sm" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {items.map((w) => (
            <Paper component="li" key={w.id} withBorder radius="sm" p="sm" data-testid="webhook-row" data-webhook-id={w.id}>
              <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
                <Stack gap={4} style={{ minWidth: 0, flex: '1 1 16rem' }}>
                  <Group gap="xs" wrap="wrap">
                    <Text fw={700} style={{ overflowWrap: 'anywhere' }} data-testid="webhook-name">
                      {w.name}
                    </Text>
                    <Badge variant="outline" color="gray" radius="sm" style={{ textTransform: 'none' }}>
                      {t(`incidentSettings.webhooks.formats.${w.format}`)}
                    </Badge>
                    <StatusBadge tone={w.enabled ? 'ok' : 'neutral'}>{w.enabled ? t('incidentSettings.webhooks.on') : t('incidentSettings.webhooks.off')}</StatusBadge>
                  </Group>
                  <Text size="sm" ff="monospace" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                    <Text span size="sm" c="dimmed" ff="body">
                      {t('incidentSettings.webhooks.url')}:{' '}
                    </Text>
                    {w.urlHint}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t('incidentSettings.webhooks.updated', { date: fmt.dateTime(w.updatedAt) })}
                  </Text>
                </Stack>
                <Group gap="xs" wrap="wrap">
                  <Button
                    size="sm"
                    variant="light"
                    leftSection={<IconSend size={16} aria-hidden />}
                    loading={test.isPending && test.variables?.id === w.id}
                    disabled={test.isPending && test.variables?.id !== w.id}
                    aria-label={t('incidentSettings.webhooks.testLabel', { name: w.name })}
                    onClick={() => test.mutate(w)}
                  >
                    {t('incidentSettings.webhooks.test')}
                  </Button>
                  <Tooltip label={t('incidentSettings.webhooks.editLabel', { name: w.name })}>
                    <Button size="sm" variant="default" leftSection={<IconPencil size={16} aria-hidden />} aria-label={t('incidentSettings.webhooks.editLabel', { name: w.name })} onClick={() => setForm({ webhook: w })}>
                      {t('incidentSettings.webhooks.edit')}
                    </Button>
                  </Tooltip>
                  <Button size="sm" variant="default" color="red" leftSection={<IconTrash size={16} aria-hidden />} aria-label={t('incidentSettings.webhooks.deleteLabel', { name: w.name })} onClick={() => remove.ask(w)}>
                    {t('incidentSettings.webhooks.delete')}
                  </Button>
                </Group>
              </Group>
              <div role="status" aria-live="polite">
                {outcome?.webhookId === w.id ? (
                  <Alert
                    mt="sm"
                    color={outcome.result.ok ? 'green' : 'red'}
                    variant="light"
                    icon={outcome.result.ok ? <IconCircleCheck aria-hidden /> : <IconAlertTriangle aria-hidden />}
                    title={`${t('incidentSettings.webhooks.lastTest', { name: outcome.name })}: ${outcome.result.ok ? t('incidentSettings.webhooks.testOkTitle') : t('incidentSettings.webhooks.testFailTitle')}`}
                    data-testid="webhook-test-result"
                    data-ok={outcome.result.ok ? 'true' : 'false'}
                  >
                    {outcome.result.ok
                      ? t('incidentSettings.webhooks.testOk', { status: String(outcome.result.status ?? '') })
                      : t('incidentSettings.webhooks.testFail', { reason: failure(outcome.result.error) || String(outcome.result.status ?? '') })}
                  </Alert>
                ) : null}
                {test.error && test.variables?.id === w.id ? <ErrorAlert error={test.error} /> : null}
              </div>
            </Paper>
          ))}
        </Stack>
      ) : null}
      {form ? <WebhookFormModal key={form.webhook?.id ?? 'new'} facilityId={facilityId} webhook={form.webhook} onClose={() => setForm(null)} /> : null}
      <ConfirmModal
        {...remove.modal}
        title={t('incidentSettings.webhooks.deleteTitle')}
        message={remove.target ? t('incidentSettings.webhooks.deleteConfirm', { name: remove.target.name }) : ''}
        confirmLabel={t('incidentSettings.webhooks.delete')}
        danger
      />
    </SectionCard>
  );
}
