import { useState } from 'react';
import { Alert, Anchor, Button, Group, List, Paper, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconInfoCircle, IconListCheck, IconMinus, IconPlus } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { notify } from '../../../components/notify.ts';
import { SectionCard } from '../../../components/SectionCard.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { useFormat } from '../../../lib/format.ts';
import { PATHS } from '../../../paths.ts';
import { actionStatusLabel, actionStatusTone, useOwnerOptions } from '../../actions/actions.ts';
import type { ActionStatus } from '../../../../shared/assessments/types.ts';
import {
  DRILL_RESTORED,
  DRILL_RESTORED_LABELS,
  DRILL_RESULT_LABELS,
  DRILL_STATUS_LABELS,
  renderDrillReason,
  type DrillReason,
  type DrillResult,
  type DrillStatus,
} from '../../../../shared/resilience/drills.ts';
import { hoursText, targetState, type DrillPreview, type DrillRecordDraft } from './drills.ts';

/** A YYYY-MM-DD day in the long date format of the locale. */
export function useDay() {
  const fmt = useFormat();
  return (day: string) => fmt.date(`${day}T00:00:00+09:00`);
}

/** Passed / failed as text and icon. */
export function DrillResultBadge({ result }: { result: DrillResult }) {
  const { locale } = useFormat();
  return <StatusBadge tone={result === 'passed' ? 'ok' : 'danger'}>{DRILL_RESULT_LABELS[result][locale]}</StatusBadge>;
}

/** Planned / done / cancelled, and overdue for a planned drill whose day has passed. */
export function DrillStatusBadge({ status, overdue }: { status: DrillStatus; overdue: boolean }) {
  const { t } = useTranslation();
  const { locale } = useFormat();
  return (
    <Group gap={4} wrap="wrap">
      <StatusBadge tone={status === 'done' ? 'ok' : status === 'cancelled' ? 'neutral' : 'info'}>{DRILL_STATUS_LABELS[status][locale]}</StatusBadge>
      {overdue ? <StatusBadge tone="danger">{t('resilienceDrills.drill.overdue')}</StatusBadge> : null}
    </Group>
  );
}

/** Achieved hours against the target, with an icon and words saying met or missed (never colour alone). */
export function AchievedVsTarget({ achieved, target }: { achieved: number | null; target: number | null }) {
  const { t } = useTranslation();
  if (achieved === null) return <Text size="sm" c="dimmed">—</Text>;
  const state = targetState(achieved, target);
  const icon = state === 'met' ? <IconCircleCheck size={14} aria-hidden color="var(--mantine-color-green-9)" /> : state === 'missed' ? <IconAlertTriangle size={14} aria-hidden color="var(--mantine-color-red-9)" /> : <IconMinus size={14} aria-hidden />;
  return (
    <Group gap={4} wrap="nowrap" align="flex-start">
      {icon}
      <Text size="sm" c={state === 'missed' ? 'red.9' : undefined}>
        {target === null
          ? t('resilienceDrills.metrics.noTarget', { achieved: hoursText(achieved) })
          : t(state === 'met' ? 'resilienceDrills.metrics.met' : 'resilienceDrills.metrics.missed', { achieved: hoursText(achieved), target: hoursText(target) })}
      </Text>
    </Group>
  );
}

/** The reasons of a failed drill as sentences. */
export function DrillReasons({ reasons }: { reasons: DrillReason[] }) {
  const { t } = useTranslation();
  const { locale } = useFormat();
  if (reasons.length === 0) return null;
  return (
    <List size="sm" spacing={4} icon={<IconAlertTriangle size={14} aria-hidden color="var(--mantine-color-red-9)" />} data-testid="drill-reasons">
      {reasons.map((r) => (
        <List.Item key={r.code}>{t('resilienceDrills.common.sentence', { text: renderDrillReason(r, locale) })}</List.Item>
      ))}
    </List>
  );
}

/**
 * The fields of a drill performed: start, finish, point in time of the restored data (JST), restore result, problems found and who did it; with
 * `errors` under the fields (translated here from stable keys). `idPrefix` names the inputs.
 */
export function DrillRecordFields({
  draft,
  onChange,
  errors,
  idPrefix,
}: {
  draft: DrillRecordDraft;
  onChange: (d: DrillRecordDraft) => void;
  errors: Partial<Record<keyof DrillRecordDraft, string>>;
  idPrefix: string;
}) {
  const { t } = useTranslation();
  const { locale } = useFormat();
  const set = <K extends keyof DrillRecordDraft>(k: K, v: DrillRecordDraft[K]) => onChange({ ...draft, [k]: v });
  const err = (k: keyof DrillRecordDraft) => (errors[k] ? t(`resilienceDrills.issues.${errors[k] as 'required'}`, { defaultValue: t('validation.issues.invalid') }) : undefined);
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <TextInput id={`${idPrefix}-startedAt`} type="datetime-local" label={t('resilienceDrills.record.startedAt')} description={t('resilienceDrills.record.startedAtHelp')} required value={draft.startedAt} onChange={(e) => set('startedAt', e.currentTarget.value)} error={err('startedAt')} />
        <TextInput id={`${idPrefix}-finishedAt`} type="datetime-local" label={t('resilienceDrills.record.finishedAt')} description={t('resilienceDrills.record.finishedAtHelp')} required value={draft.finishedAt} onChange={(e) => set('finishedAt', e.currentTarget.value)} error={err('finishedAt')} />
        <TextInput id={`${idPrefix}-dataAsOf`} type="datetime-local" label={t('resilienceDrills.record.dataAsOf')} description={t('resilienceDrills.record.dataAsOfHelp')} required value={draft.dataAsOf} onChange={(e) => set('dataAsOf', e.currentTarget.value)} error={err('dataAsOf')} />
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        {t('resilienceDrills.record.jstNote')}
      </Text>
      <Select
        id={`${idPrefix}-restored`}
        label={t('resilienceDrills.record.restored')}
        required
        data={DRILL_RESTORED.map((r) => ({ value: r, label: DRILL_RESTORED_LABELS[r][locale] }))}
        value={draft.restored || null}
        onChange={(v) => set('restored', (v ?? '') as DrillRecordDraft['restored'])}
        allowDeselect={false}
        error={err('restored')}
      />
      <Textarea id={`${idPrefix}-problems`} label={t('resilienceDrills.record.problems')} placeholder={t('resilienceDrills.record.problemsPlaceholder')} autosize minRows={3} value={draft.problems} onChange={(e) => set('problems', e.currentTarget.value)} />
      <TextInput id={`${idPrefix}-performedBy`} label={t('resilienceDrills.record.performedBy')} placeholder={t('resilienceDrills.record.performedByPlaceholder')} value={draft.performedBy} onChange={(e) => set('performedBy', e.currentTarget.value)} error={err('performedBy')} maxLength={300} />
    </Stack>
  );
}

/** What the drill achieves as typed, against the targets, before saving (announced politely as it changes). */
export function DrillPreviewPanel({ preview, targets }: { preview: DrillPreview; targets: { rtoHours: number | null; rpoHours: number | null } }) {
  const { t } = useTranslation();
  const { locale } = useFormat();
  return (
    <Paper withBorder p="sm" radius="md" aria-live="polite" data-testid="drill-preview">
      <Text fw={700} size="sm" mb={4}>
        {t('resilienceDrills.preview.title')}
      </Text>
      {!preview.metrics ? (
        <Text size="sm" c="dimmed">
          {t('resilienceDrills.preview.waiting')}
        </Text>
      ) : (
        <Stack gap={6}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
            <div>
              <Text size="xs" c="dimmed">
                {t('resilienceDrills.metrics.rto')}
              </Text>
              <AchievedVsTarget achieved={preview.metrics.rtoAchievedHours} target={targets.rtoHours} />
            </div>
            <div>
              <Text size="xs" c="dimmed">
                {t('resilienceDrills.metrics.rpo')}
              </Text>
              <AchievedVsTarget achieved={preview.metrics.rpoAchievedHours} target={targets.rpoHours} />
            </div>
          </SimpleGrid>
          {preview.outcome ? (
            <Group gap="xs" align="flex-start">
              <Text size="sm">{t('resilienceDrills.preview.result')}</Text>
              <StatusBadge tone={preview.outcome.result === 'passed' ? 'ok' : 'danger'}>{DRILL_RESULT_LABELS[preview.outcome.result][locale]}</StatusBadge>
            </Group>
          ) : preview.issues.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('resilienceDrills.preview.chooseRestored')}
            </Text>
          ) : null}
          {preview.outcome ? <DrillReasons reasons={preview.outcome.reasons} /> : null}
          {targets.rtoHours === null || targets.rpoHours === null ? (
            <Group gap={4}>
              <IconInfoCircle size={14} aria-hidden />
              <Text size="xs" c="dimmed">
                {t('resilienceDrills.preview.missingTargets')}
              </Text>
            </Group>
          ) : null}
        </Stack>
      )}
    </Paper>
  );
}

export interface FollowUpAction {
  id: string;
  title: string;
  status: ActionStatus;
  dueOn: string | null;
  overdue: boolean;
  owner: { id: string; name: string } | null;
}

/**
 * Follow-up actions of a drill or an exercise: the list with status and due date (each opens on the actions
 * page) and, with `canAdd`, a small form (title, owner, due date) that calls `add`.
 */
export function FollowUpActions({
  id,
  facilityId,
  actions,
  canAdd,
  add,
  onAdded,
  help,
}: {
  id: string;
  facilityId: string;
  actions: FollowUpAction[];
  canAdd: boolean;
  add: (body: { title: string; ownerUserId: string | null; dueOn: string | null }) => Promise<unknown>;
  onAdded: () => void;
  help: string;
}) {
  const { t } = useTranslation();
  const day = useDay();
  const owners = useOwnerOptions(facilityId);
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState<string | null>(null);
  const [dueOn, setDueOn] = useState('');
  const [titleError, setTitleError] = useState<string | null>(null);
  const m = useMutation({
    mutationFn: () => add({ title: title.trim(), ownerUserId: owner, dueOn: dueOn || null }),
    onSuccess: () => {
      notify(t('resilienceDrills.actions.added', { title: title.trim() }));
      setTitle('');
      setOwner(null);
      setDueOn('');
      onAdded();
    },
  });
  return (
    <SectionCard
      id={id}
      title={t('resilienceDrills.actions.title')}
      icon={<IconListCheck size={20} aria-hidden />}
      aside={
        <Anchor component={Link} to={PATHS.actions} size="sm" className="no-print">
          {t('resilienceDrills.actions.openAll')}
        </Anchor>
      }
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {help}
        </Text>
        {actions.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('resilienceDrills.actions.none')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={420}>
            <Table verticalSpacing={6} data-testid="follow-up-actions">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('resilienceDrills.actions.fields.title')}</Table.Th>
                  <Table.Th>{t('resilienceDrills.actions.fields.owner')}</Table.Th>
                  <Table.Th>{t('resilienceDrills.actions.fields.status')}</Table.Th>
                  <Table.Th>{t('resilienceDrills.actions.fields.dueOn')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {actions.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>
                      <Anchor component={Link} to={`${PATHS.actions}/${encodeURIComponent(a.id)}`} size="sm">
                        {a.title}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{a.owner ? a.owner.name : t('resilienceDrills.actions.noOwner')}</Table.Td>
                    <Table.Td>
                      <StatusBadge tone={actionStatusTone(a.status, a.overdue)}>
                        {actionStatusLabel(t, a.status)}
                        {a.overdue ? ` · ${t('resilienceDrills.actions.overdue')}` : ''}
                      </StatusBadge>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{a.dueOn ? day(a.dueOn) : t('resilienceDrills.actions.noDue')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {canAdd ? (
          <form
            noValidate
            className="no-print"
            onSubmit={(e) => {
              e.preventDefault();
              if (!title.trim()) {
                setTitleError(t('validation.required'));
                return;
              }
              setTitleError(null);
              m.mutate();
            }}
          >
            <Stack gap="xs">
              <Group gap="xs" align="flex-start" wrap="wrap">
                <TextInput
                  label={t('resilienceDrills.actions.new')}
                  placeholder={t('resilienceDrills.actions.newPlaceholder')}
                  value={title}
                  onChange={(e) => setTitle(e.currentTarget.value)}
                  maxLength={300}
                  error={titleError}
                  style={{ flex: '2 1 16rem' }}
                />
                <Select label={t('resilienceDrills.actions.fields.owner')} data={owners} value={owner} onChange={setOwner} searchable clearable style={{ flex: '1 1 10rem' }} nothingFoundMessage={t('common.nothingFound')} />
                <TextInput type="date" label={t('resilienceDrills.actions.fields.dueOn')} value={dueOn} onChange={(e) => setDueOn(e.currentTarget.value)} style={{ flex: '0 1 10rem' }} />
                <Button type="submit" loading={m.isPending} leftSection={<IconPlus size={16} aria-hidden />} mt={{ base: 0, sm: 25 }}>
                  {t('resilienceDrills.actions.add')}
                </Button>
              </Group>
              {m.error ? <ErrorAlert error={m.error} /> : null}
            </Stack>
          </form>
        ) : (
          <Alert variant="light" color="gray" icon={<IconInfoCircle size={16} aria-hidden />}>
            {t('resilienceDrills.actions.readOnly')}
          </Alert>
        )}
      </Stack>
    </SectionCard>
  );
}
