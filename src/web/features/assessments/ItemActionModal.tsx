import { useState, type FormEvent } from 'react';
import { Select, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Page, TUser } from '../../api/types.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { notify } from '../../components/notify.ts';
import type { FrameworkItem } from '../../../shared/assessments/framework.ts';
import { assessmentPath, useAssessmentLabels, useAssessmentsChanged } from './assessments.ts';

/** Make an action: a gap becomes an action with a title, an owner and a due date (the item's target date by default). */
export function ItemActionModal({
  assessmentId,
  facilityId,
  item,
  targetOn,
  canPickOwner,
  onClose,
}: {
  assessmentId: string;
  facilityId: string;
  item: FrameworkItem;
  targetOn: string | null;
  canPickOwner: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const labels = useAssessmentLabels();
  const changed = useAssessmentsChanged();
  const [title, setTitle] = useState(() => t('assessments.action.defaultTitle', { number: item.number, text: labels.text(item.text) }).slice(0, 300));
  const [owner, setOwner] = useState<string | null>(null);
  const [due, setDue] = useState(targetOn ?? '');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  const users = useQuery({
    queryKey: ['assessments', 'owners', facilityId],
    queryFn: ({ signal }) => api.get<Page<TUser>>('/users', { facilityId, pageSize: 100 }, signal),
    enabled: canPickOwner,
    select: (p) => p.items.filter((u) => !u.disabled),
    retry: false,
  });
  const create = useMutation({
    mutationFn: () =>
      api.post(assessmentPath.itemActions(assessmentId, item.id), {
        title: title.trim(),
        ...(owner ? { ownerUserId: owner } : {}),
        ...(due ? { dueOn: due } : {}),
        ...(description.trim() ? { description: description.trim() } : {}),
      }),
    onSuccess: () => {
      changed();
      notify(t('assessments.action.created', { title: title.trim() }));
      onClose();
    },
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!title.trim()) {
      setError(t('validation.required'));
      return;
    }
    setError(null);
    create.mutate();
  };
  return (
    <FormModal
      title={t('assessments.action.title')}
      onClose={onClose}
      onSubmit={submit}
      hasErrors={Boolean(error)}
      error={create.error}
      submitLabel={t('assessments.action.submit')}
      loading={create.isPending}
    >
      <Text size="sm">{t('assessments.action.description')}</Text>
      <TextInput label={t('assessments.action.titleField')} required maxLength={300} value={title} error={error} onChange={(e) => setTitle(e.currentTarget.value)} data-autofocus />
      {canPickOwner ? (
        <Select
          label={t('assessments.action.owner')}
          description={t('assessments.action.ownerHelp')}
          data={(users.data ?? []).map((u) => ({ value: u.id, label: u.displayName || u.email }))}
          value={owner}
          onChange={setOwner}
          searchable
          clearable
        />
      ) : null}
      <TextInput type="date" label={t('assessments.action.due')} value={due} onChange={(e) => setDue(e.currentTarget.value)} />
      <Textarea label={t('assessments.action.descriptionField')} autosize minRows={2} maxRows={6} maxLength={4000} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
    </FormModal>
  );
}
