import { useState, type FormEvent } from 'react';
import { ActionIcon, Button, Group, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../../api/client.ts';
import { focusFirstError, issueField } from '../../../components/errors.ts';
import { FormModal } from '../../../components/FormModal.tsx';
import { notify } from '../../../components/notify.ts';
import { useFormat } from '../../../lib/format.ts';
import { jstDateKey } from '../../../../shared/dates.ts';
import { EXERCISE_DEPARTMENT_SUGGESTIONS, EXERCISE_KINDS, EXERCISE_KIND_LABELS, EXERCISE_STATUSES, EXERCISE_STATUS_LABELS, type ExerciseKind, type ExerciseStatus } from '../../../../shared/resilience/exercises.ts';
import type { ExerciseDetailDto, ExerciseDto } from '../../../../shared/contracts/resilience-exercises.contract.ts';
import { draftOf, emptyExerciseDraft, exerciseBody, exerciseDraftErrors, exercisePath, useExercisesChanged, type ExerciseDraft } from './exercises.ts';

const ORDER = ['kind', 'title', 'scenario', 'status', 'heldOn', 'durationMinutes', 'participants'];

/** Creates an exercise (without `exercise`) or edits one: kind, title, scenario, status, date, length, departments, timeline, results. */
export function ExerciseFormModal({ facilityId, exercise, onClose, onSaved }: { facilityId: string; exercise?: ExerciseDetailDto; onClose: () => void; onSaved?: (e: ExerciseDto) => void }) {
  const { t } = useTranslation();
  const { locale } = useFormat();
  const changed = useExercisesChanged();
  const [today] = useState(() => jstDateKey(new Date()));
  const [d, setD] = useState<ExerciseDraft>(() => (exercise ? draftOf(exercise) : emptyExerciseDraft(today)));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = <K extends keyof ExerciseDraft>(k: K, v: ExerciseDraft[K]) => setD((p) => ({ ...p, [k]: v }));
  const setRow = (i: number, patch: Partial<ExerciseDraft['timeline'][number]>) => setD((p) => ({ ...p, timeline: p.timeline.map((r, j) => (j === i ? { ...r, ...patch } : r)) }));

  const save = useMutation({
    mutationFn: () => {
      const body = exerciseBody(d);
      return exercise ? api.patch<ExerciseDto>(exercisePath.one(exercise.id), { ...body, expectedVersion: exercise.version }) : api.post<ExerciseDto>(exercisePath.list(facilityId), body);
    },
    onSuccess: (e) => {
      changed();
      notify(exercise ? t('resilienceDrills.exercise.updated', { title: e.title }) : t('resilienceDrills.exercise.created', { title: e.title }));
      onSaved?.(e);
      onClose();
    },
    onError: (e) => {
      if (!isApiError(e)) return;
      const next: Record<string, string> = {};
      for (const i of e.issues) {
        const path = issueField(i.path);
        if (!next[path]) next[path] = /^[a-z_]+$/.test(i.message) ? i.message : 'invalid';
      }
      setErrors(next);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = exerciseDraftErrors(d, jstDateKey(new Date()));
    setErrors(next);
    if (Object.keys(next).length > 0) {
      focusFirstError('exercise', ORDER, next);
      return;
    }
    save.mutate();
  };
  const err = (k: string) => (errors[k] ? t(`resilienceDrills.issues.${errors[k] as 'required'}`, { defaultValue: t('validation.issues.invalid') }) : undefined);
  const suggestions = EXERCISE_DEPARTMENT_SUGGESTIONS.map((s) => s[locale]);

  return (
    <FormModal
      title={exercise ? t('resilienceDrills.exercise.editTitle') : t('resilienceDrills.exercise.newTitle')}
      size="xl"
      fullScreenOnPhone
      onClose={onClose}
      onSubmit={submit}
      hasErrors={Object.keys(errors).length > 0}
      errorSummary={t('resilienceDrills.form.fixErrors')}
      error={save.error}
      submitLabel={exercise ? t('common.save') : t('resilienceDrills.exercise.create')}
      loading={save.isPending}
    >
      <Stack gap={4}>
        <Text size="sm" fw={500} id="exercise-kind-label">
          {t('resilienceDrills.exercise.fields.kind')}
        </Text>
        <SegmentedControl
          id="exercise-kind"
          aria-labelledby="exercise-kind-label"
          data={EXERCISE_KINDS.map((k) => ({ value: k, label: EXERCISE_KIND_LABELS[k][locale] }))}
          value={d.kind}
          onChange={(v) => set('kind', v as ExerciseKind)}
          fullWidth
        />
        <Text size="xs" c="dimmed">
          {t(`resilienceDrills.exercise.kindHelp.${d.kind}`)}
        </Text>
      </Stack>
      <TextInput id="exercise-title" label={t('resilienceDrills.exercise.fields.title')} required value={d.title} onChange={(e) => set('title', e.currentTarget.value)} error={err('title')} maxLength={200} />
      <Textarea
        id="exercise-scenario"
        label={t('resilienceDrills.exercise.fields.scenario')}
        placeholder={t('resilienceDrills.exercise.scenarioPlaceholder')}
        required
        autosize
        minRows={2}
        value={d.scenario}
        onChange={(e) => set('scenario', e.currentTarget.value)}
        error={err('scenario')}
        maxLength={4000}
      />
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
        <Select
          id="exercise-status"
          label={t('resilienceDrills.exercise.fields.status')}
          data={EXERCISE_STATUSES.map((s) => ({ value: s, label: EXERCISE_STATUS_LABELS[s][locale] }))}
          value={d.status}
          onChange={(v) => set('status', (v ?? 'planned') as ExerciseStatus)}
          allowDeselect={false}
        />
        <TextInput id="exercise-heldOn" type="date" label={t('resilienceDrills.exercise.fields.heldOn')} required value={d.heldOn} onChange={(e) => set('heldOn', e.currentTarget.value)} error={err('heldOn')} />
        <NumberInput id="exercise-durationMinutes" label={t('resilienceDrills.exercise.fields.duration')} suffix={t('resilienceDrills.exercise.minutesSuffix')} min={1} max={10080} allowDecimal={false} value={d.durationMinutes} onChange={(v) => set('durationMinutes', v)} error={err('durationMinutes')} />
        <NumberInput id="exercise-participants" label={t('resilienceDrills.exercise.fields.participants')} suffix={t('resilienceDrills.exercise.peopleSuffix')} min={0} allowDecimal={false} value={d.participants} onChange={(v) => set('participants', v)} error={err('participants')} />
      </SimpleGrid>
      <TagsInput
        id="exercise-departments"
        label={t('resilienceDrills.exercise.fields.departments')}
        description={t('resilienceDrills.exercise.departmentsHelp')}
        data={suggestions}
        value={d.departments}
        onChange={(v) => set('departments', v)}
        clearable
        maxTags={50}
        error={err('departments')}
      />
      <Stack gap={6}>
        <Text size="sm" fw={500}>
          {t('resilienceDrills.exercise.fields.timeline')}
        </Text>
        <Text size="xs" c="dimmed">
          {t('resilienceDrills.exercise.timelineHelp')}
        </Text>
        {d.timeline.map((r, i) => (
          <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
            <TextInput
              aria-label={t('resilienceDrills.exercise.timelineAt', { n: i + 1 })}
              placeholder="09:00"
              value={r.at}
              onChange={(e) => setRow(i, { at: e.currentTarget.value })}
              error={err(`timeline.${i}.at`)}
              w={96}
              style={{ flexShrink: 0 }}
              inputMode="numeric"
            />
            <TextInput aria-label={t('resilienceDrills.exercise.timelineText', { n: i + 1 })} value={r.text} onChange={(e) => setRow(i, { text: e.currentTarget.value })} error={err(`timeline.${i}.text`)} style={{ flex: 1 }} maxLength={1000} />
            <ActionIcon variant="subtle" color="red" size="lg" aria-label={t('resilienceDrills.exercise.timelineRemove', { n: i + 1 })} onClick={() => setD((p) => ({ ...p, timeline: p.timeline.filter((_, j) => j !== i) }))}>
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button variant="default" size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setD((p) => ({ ...p, timeline: [...p.timeline, { at: '', text: '' }] }))}>
            {t('resilienceDrills.exercise.timelineAdd')}
          </Button>
        </Group>
      </Stack>
      <Textarea label={t('resilienceDrills.exercise.fields.wentWell')} autosize minRows={2} value={d.wentWell} onChange={(e) => set('wentWell', e.currentTarget.value)} maxLength={10_000} />
      <Textarea label={t('resilienceDrills.exercise.fields.findings')} description={t('resilienceDrills.exercise.findingsHelp')} autosize minRows={2} value={d.findings} onChange={(e) => set('findings', e.currentTarget.value)} maxLength={10_000} />
    </FormModal>
  );
}
