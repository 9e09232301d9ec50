import { useState } from 'react';
import { Stack, Text, Timeline } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import { ConfirmModal } from '../../../components/ConfirmModal.tsx';
import { BackLink, DetailPending, EditDeleteButtons } from '../../../components/DetailPage.tsx';
import { DetailRows } from '../../../components/DetailSection.tsx';
import { notify } from '../../../components/notify.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { SectionCard } from '../../../components/SectionCard.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { useFormat } from '../../../lib/format.ts';
import { PATHS } from '../../../paths.ts';
import { EXERCISE_KIND_LABELS, EXERCISE_STATUS_LABELS } from '../../../../shared/resilience/exercises.ts';
import { FollowUpActions, useDay } from './DrillBits.tsx';
import { ResilienceUnavailable, useResilienceAccess } from './DrillsPage.tsx';
import { ExerciseFormModal } from './ExerciseFormModal.tsx';
import { exerciseStatusTone } from './ExercisesPage.tsx';
import { exercisePath, useExercise, useExercisesChanged } from './exercises.ts';

const pre = { whiteSpace: 'pre-wrap' as const };

/** One exercise: its facts, timeline, what went well and what was found, and the follow-up actions. */
export function ExercisePage() {
  const { t } = useTranslation();
  const { locale, fiscalYear } = useFormat();
  const day = useDay();
  const { exerciseId = '' } = useParams();
  const access = useResilienceAccess();
  const navigate = useNavigate();
  const changed = useExercisesChanged();
  const q = useExercise(exerciseId);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const e = q.data;
  const remove = useMutation({
    mutationFn: () => api.del<unknown>(exercisePath.one(exerciseId)),
    onSuccess: () => {
      changed();
      notify(t('resilienceDrills.exercise.deleted', { title: e?.title ?? '' }));
      void navigate(PATHS.exercises);
    },
  });
  const back = <BackLink to={PATHS.exercises}>{t('resilienceDrills.exercise.back')}</BackLink>;
  if (!access.read) return <ResilienceUnavailable title={t('resilienceDrills.exercises.title')} />;
  if (!e) return <DetailPending back={back} title={t('resilienceDrills.exercise.titleFallback')} query={q} notFound={t('resilienceDrills.exercise.notFound')} />;
  const canWrite = access.write && e.facilityId === access.facilityId;

  return (
    <>
      {back}
      <PageHeader
        title={e.title}
        description={<StatusBadge tone={exerciseStatusTone(e.status)}>{EXERCISE_STATUS_LABELS[e.status][locale]}</StatusBadge>}
        actions={canWrite ? <EditDeleteButtons editLabel={t('common.edit')} deleteLabel={t('resilienceDrills.exercise.delete')} onEdit={() => setEditing(true)} onDelete={() => setDeleting(true)} /> : null}
      />
      <Stack gap="md">
        <SectionCard id="exercise-facts" title={t('resilienceDrills.exercise.facts')}>
          <DetailRows
            rows={[
              [t('resilienceDrills.exercise.fields.kind'), EXERCISE_KIND_LABELS[e.kind][locale]],
              [
                t('resilienceDrills.exercise.fields.heldOn'),
                <>
                  {day(e.heldOn)}{' '}
                  <Text span inherit style={{ whiteSpace: 'nowrap' }}>
                    ({fiscalYear(e.fiscalYear)})
                  </Text>
                </>,
              ],
              [t('resilienceDrills.exercise.fields.scenario'), <Text size="sm" style={pre}>{e.scenario}</Text>],
              [t('resilienceDrills.exercise.fields.duration'), e.durationMinutes === null ? null : t('resilienceDrills.exercise.minutes', { count: e.durationMinutes })],
              [t('resilienceDrills.exercise.fields.departments'), e.departments.join(t('resilienceDrills.common.listSeparator'))],
              [t('resilienceDrills.exercise.fields.participants'), e.participants === null ? null : t('resilienceDrills.exercise.people', { count: e.participants })],
            ]}
          />
        </SectionCard>
        <SectionCard id="exercise-timeline" title={t('resilienceDrills.exercise.fields.timeline')}>
          {e.timeline.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('resilienceDrills.exercise.noTimeline')}
            </Text>
          ) : (
            <Timeline bulletSize={14} lineWidth={2}>
              {e.timeline.map((r, i) => (
                <Timeline.Item key={i} title={r.at}>
                  <Text size="sm" style={pre}>
                    {r.text}
                  </Text>
                </Timeline.Item>
              ))}
            </Timeline>
          )}
        </SectionCard>
        <SectionCard id="exercise-results" title={t('resilienceDrills.exercise.results')}>
          <DetailRows
            rows={[
              [t('resilienceDrills.exercise.fields.wentWell'), e.wentWell ? <Text size="sm" style={pre}>{e.wentWell}</Text> : null],
              [t('resilienceDrills.exercise.fields.findings'), e.findings ? <Text size="sm" style={pre}>{e.findings}</Text> : null],
            ]}
          />
        </SectionCard>
        <FollowUpActions
          id="exercise-actions"
          facilityId={e.facilityId}
          actions={e.actions}
          canAdd={canWrite}
          help={t('resilienceDrills.actions.exerciseHelp')}
          add={(body) => api.post<unknown>(exercisePath.actions(e.id), body)}
          onAdded={changed}
        />
      </Stack>
      {editing ? <ExerciseFormModal facilityId={e.facilityId} exercise={e} onClose={() => setEditing(false)} /> : null}
      <ConfirmModal
        opened={deleting}
        title={t('resilienceDrills.exercise.deleteTitle')}
        message={t('resilienceDrills.exercise.deleteMessage', { title: e.title })}
        confirmLabel={t('resilienceDrills.exercise.delete')}
        danger
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate()}
        onClose={() => {
          setDeleting(false);
          remove.reset();
        }}
      />
    </>
  );
}
