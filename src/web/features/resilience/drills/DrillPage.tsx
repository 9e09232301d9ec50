import { useState, type FormEvent } from 'react';
import { Alert, Anchor, Button, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconBan, IconClipboardCheck, IconDeviceFloppy, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import { ConfirmModal } from '../../../components/ConfirmModal.tsx';
import { BackLink, DetailPending } from '../../../components/DetailPage.tsx';
import { DetailRows } from '../../../components/DetailSection.tsx';
import { focusFirstError } from '../../../components/errors.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { notify } from '../../../components/notify.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { SectionCard } from '../../../components/SectionCard.tsx';
import { useFormat } from '../../../lib/format.ts';
import { PATHS } from '../../../paths.ts';
import { BACKUP_MEDIUM_LABELS } from '../../../../shared/resilience/backup.ts';
import { DRILL_RESTORED_LABELS } from '../../../../shared/resilience/drills.ts';
import type { RestoreDrillDto, RestoreDrillRecordBody } from '../../../../shared/contracts/resilience-drills.contract.ts';
import { AchievedVsTarget, DrillPreviewPanel, DrillReasons, DrillRecordFields, DrillResultBadge, DrillStatusBadge, FollowUpActions, useDay } from './DrillBits.tsx';
import { ResilienceUnavailable, useResilienceAccess } from './DrillsPage.tsx';
import { serverFieldErrors } from './DrillModals.tsx';
import { DRILLS_KEY, EMPTY_RECORD_DRAFT, drillPath, drillPreview, hoursText, jstInputToUtc, recordDraftErrors, useDrill, useDrillsChanged, useRecoveryTargets, type DrillRecordDraft } from './drills.ts';

/** One restore drill: what is planned, the record form with the live RTO/RPO against the targets, the result and its follow-up actions. */
export function DrillPage() {
  const { t } = useTranslation();
  const { drillId = '' } = useParams();
  const access = useResilienceAccess();
  const navigate = useNavigate();
  const changed = useDrillsChanged();
  const drill = useDrill(drillId);
  const [confirm, setConfirm] = useState<'cancel' | 'delete' | null>(null);
  const d = drill.data;
  const canWrite = Boolean(d && access.write && d.facilityId === access.facilityId);

  const state = useMutation({
    mutationFn: (what: 'cancel' | 'delete') =>
      what === 'cancel' ? api.post<RestoreDrillDto>(drillPath.cancel(drillId), { expectedVersion: d?.version ?? 1 }) : api.del<unknown>(drillPath.drill(drillId)),
    onSuccess: (_r, what) => {
      changed();
      setConfirm(null);
      if (what === 'delete') {
        notify(t('resilienceDrills.drill.deleted', { system: d?.system.name ?? '' }));
        void navigate(PATHS.drills);
      } else notify(t('resilienceDrills.drill.cancelled', { system: d?.system.name ?? '' }));
    },
  });

  const back = <BackLink to={PATHS.drills}>{t('resilienceDrills.drill.back')}</BackLink>;
  if (!access.read) return <ResilienceUnavailable title={t('resilienceDrills.drills.title')} />;
  if (!d) return <DetailPending back={back} title={t('resilienceDrills.drill.titleFallback')} query={drill} notFound={t('resilienceDrills.drill.notFound')} />;

  return (
    <>
      {back}
      <PageHeader
        title={t('resilienceDrills.drill.title', { system: d.system.name })}
        description={<DrillStatusBadge status={d.status} overdue={d.overdue} />}
        actions={
          canWrite && d.status === 'planned' ? (
            <>
              <Button variant="default" leftSection={<IconBan size={16} aria-hidden />} onClick={() => setConfirm('cancel')}>
                {t('resilienceDrills.drill.cancel')}
              </Button>
              <Button variant="outline" color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => setConfirm('delete')}>
                {t('resilienceDrills.drill.delete')}
              </Button>
            </>
          ) : null
        }
      />
      <Stack gap="md">
        <DrillFacts d={d} />
        {d.status === 'done' ? <DrillResultSection d={d} /> : null}
        {d.status === 'planned' && canWrite ? <RecordForm d={d} /> : null}
        {d.status === 'planned' && !canWrite ? (
          <Alert variant="light" color="blue">
            {t('resilienceDrills.record.readOnly')}
          </Alert>
        ) : null}
        {d.status !== 'cancelled' ? (
          <FollowUpActions
            id="drill-actions"
            facilityId={d.facilityId}
            actions={d.actions}
            canAdd={canWrite}
            help={t('resilienceDrills.actions.drillHelp')}
            add={(body) => api.post<unknown>(drillPath.actions(d.id), body)}
            onAdded={changed}
          />
        ) : null}
      </Stack>
      <ConfirmModal
        opened={confirm !== null}
        title={confirm === 'delete' ? t('resilienceDrills.drill.deleteTitle') : t('resilienceDrills.drill.cancelTitle')}
        message={confirm === 'delete' ? t('resilienceDrills.drill.deleteMessage', { system: d.system.name }) : t('resilienceDrills.drill.cancelMessage', { system: d.system.name })}
        confirmLabel={confirm === 'delete' ? t('resilienceDrills.drill.delete') : t('resilienceDrills.drill.cancel')}
        danger
        loading={state.isPending}
        error={state.error}
        onConfirm={() => confirm && state.mutate(confirm)}
        onClose={() => {
          setConfirm(null);
          state.reset();
        }}
      />
    </>
  );
}

/**
 * The targets a drill is measured against: those stored with it once done; while planned, the system's current ones
 * (from the drill, else from the system's recovery target).
 */
function useDrillTargets(d: RestoreDrillDto): { rtoHours: number | null; rpoHours: number | null } {
  const targets = useRecoveryTargets(d.facilityId, d.status === 'planned');
  if (d.status !== 'planned') return { rtoHours: d.rtoHoursTarget, rpoHours: d.rpoHoursTarget };
  const current = targets.data?.items.find((x) => x.system.id === d.system.id);
  return { rtoHours: d.rtoHoursTarget ?? current?.rtoHours ?? null, rpoHours: d.rpoHoursTarget ?? current?.rpoHours ?? null };
}

/** The system, the planned day, the copy restored from and the targets. */
function DrillFacts({ d }: { d: RestoreDrillDto }) {
  const { t } = useTranslation();
  const { locale } = useFormat();
  const day = useDay();
  const hours = (h: number | null) => (h === null ? null : t('resilienceDrills.metrics.hours', { hours: hoursText(h) }));
  const goals = useDrillTargets(d);
  return (
    <SectionCard id="drill-facts" title={t('resilienceDrills.drill.facts')}>
      <DetailRows
        rows={[
          [
            t('resilienceDrills.fields.system'),
            d.system.deleted ? (
              <Text size="sm">{t('resilienceDrills.drill.systemDeleted', { system: d.system.name })}</Text>
            ) : (
              <Anchor component={Link} to={PATHS.asset(d.system.id)} size="sm">
                {d.system.name}
              </Anchor>
            ),
          ],
          [t('resilienceDrills.fields.plannedOn'), d.plannedOn ? day(d.plannedOn) : null],
          [t('resilienceDrills.fields.plan'), d.plan ? (d.plan.label ? `${d.plan.label} (${BACKUP_MEDIUM_LABELS[d.plan.medium][locale]})` : BACKUP_MEDIUM_LABELS[d.plan.medium][locale]) : null],
          [d.status === 'done' ? t('resilienceDrills.fields.rtoTargetThen') : t('resilienceDrills.fields.rtoTarget'), hours(goals.rtoHours)],
          [d.status === 'done' ? t('resilienceDrills.fields.rpoTargetThen') : t('resilienceDrills.fields.rpoTarget'), hours(goals.rpoHours)],
          [t('resilienceDrills.fields.notes'), d.notes ? <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{d.notes}</Text> : null],
        ]}
      />
      {goals.rtoHours === null || goals.rpoHours === null ? (
        <Text size="xs" c="dimmed" mt="xs">
          {t('resilienceDrills.drill.setTargets')}{' '}
          <Anchor component={Link} to={PATHS.recovery} size="xs">
            {t('resilienceDrills.drill.openTargets')}
          </Anchor>
        </Text>
      ) : null}
    </SectionCard>
  );
}

/** The recorded result: passed/failed with the reasons as sentences, the times and what was found. */
function DrillResultSection({ d }: { d: RestoreDrillDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <SectionCard id="drill-result" title={t('resilienceDrills.drill.resultTitle')} icon={<IconClipboardCheck size={20} aria-hidden />}>
      <Stack gap="sm" data-testid="drill-result">
        <Group gap="xs">
          <Text size="sm" fw={700}>
            {t('resilienceDrills.fields.result')}
          </Text>
          {d.result ? <DrillResultBadge result={d.result} /> : null}
        </Group>
        <DrillReasons reasons={d.reasons} />
        {d.result === 'passed' ? <Text size="sm">{t('resilienceDrills.drill.passedSentence')}</Text> : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <div>
            <Text size="xs" c="dimmed">
              {t('resilienceDrills.metrics.rto')}
            </Text>
            <AchievedVsTarget achieved={d.metrics?.rtoAchievedHours ?? null} target={d.rtoHoursTarget} />
          </div>
          <div>
            <Text size="xs" c="dimmed">
              {t('resilienceDrills.metrics.rpo')}
            </Text>
            <AchievedVsTarget achieved={d.metrics?.rpoAchievedHours ?? null} target={d.rpoHoursTarget} />
          </div>
        </SimpleGrid>
        <DetailRows
          rows={[
            [t('resilienceDrills.record.startedAt'), d.startedAt ? fmt.dateTime(d.startedAt) : null],
            [t('resilienceDrills.record.finishedAt'), d.finishedAt ? fmt.dateTime(d.finishedAt) : null],
            [t('resilienceDrills.record.dataAsOf'), d.dataAsOf ? fmt.dateTime(d.dataAsOf) : null],
            [t('resilienceDrills.record.restored'), d.restored ? DRILL_RESTORED_LABELS[d.restored][fmt.locale] : null],
            [t('resilienceDrills.record.problems'), d.problems ? <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{d.problems}</Text> : null],
            [t('resilienceDrills.record.performedBy'), d.performedBy],
          ]}
        />
      </Stack>
    </SectionCard>
  );
}

/** Record the planned drill as performed; the preview shows the result before saving. */
function RecordForm({ d }: { d: RestoreDrillDto }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const changed = useDrillsChanged();
  const [draft, setDraft] = useState<DrillRecordDraft>(EMPTY_RECORD_DRAFT);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [now] = useState(() => new Date());
  const goals = useDrillTargets(d);
  const preview = drillPreview(draft, goals, now);
  const save = useMutation({
    mutationFn: () => {
      const body: RestoreDrillRecordBody = {
        startedAt: jstInputToUtc(draft.startedAt) ?? '',
        finishedAt: jstInputToUtc(draft.finishedAt) ?? '',
        dataAsOf: jstInputToUtc(draft.dataAsOf) ?? '',
        restored: draft.restored || 'full',
        problems: draft.problems.trim() || null,
        performedBy: draft.performedBy.trim() || null,
        expectedVersion: d.version,
      };
      return api.post<RestoreDrillDto>(drillPath.record(d.id), body);
    },
    onSuccess: (saved) => {
      qc.setQueryData([...DRILLS_KEY, 'drill', d.id], saved);
      changed();
      notify(t('resilienceDrills.record.saved', { system: saved.system.name }));
      window.scrollTo({ top: 0 });
    },
    onError: (e) => setErrors(serverFieldErrors(e, ['startedAt', 'finishedAt', 'dataAsOf', 'restored', 'problems', 'performedBy'])),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = recordDraftErrors(draft, drillPreview(draft, goals, new Date())) as Record<string, string>;
    setErrors(next);
    if (Object.keys(next).length > 0) {
      focusFirstError('drill-record', ['startedAt', 'finishedAt', 'dataAsOf', 'restored', 'performedBy'], next);
      return;
    }
    save.mutate();
  };
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <SectionCard id="drill-record" title={t('resilienceDrills.record.title')} icon={<IconClipboardCheck size={20} aria-hidden />}>
      <form noValidate onSubmit={submit}>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('resilienceDrills.record.intro')}
          </Text>
          <DrillRecordFields draft={draft} onChange={setDraft} errors={errors} idPrefix="drill-record" />
          <DrillPreviewPanel preview={preview} targets={goals} />
          {hasErrors ? (
            <Alert color="red" variant="light" role="alert">
              {t('resilienceDrills.form.fixErrors')}
            </Alert>
          ) : save.error ? (
            <ErrorAlert error={save.error} />
          ) : null}
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} leftSection={<IconDeviceFloppy size={16} aria-hidden />}>
              {t('resilienceDrills.record.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </SectionCard>
  );
}
