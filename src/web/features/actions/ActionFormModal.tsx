import { useState, type FormEvent } from 'react';
import { Alert, Select, Textarea, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api/client.ts';
import { issueField } from '../../components/errors.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { notify } from '../../components/notify.ts';
import { isIsoDate } from '../../../shared/ledger.ts';
import type { ActionStatus } from '../../../shared/assessments/types.ts';
import type { ActionCreate, ActionDto, ActionUpdate } from '../../../shared/contracts/actions.contract.ts';
import { actionPath, actionStatusLabel, nextStatuses, useActionsChanged, useOwnerOptions } from './actions.ts';

interface Draft {
  title: string;
  description: string;
  ownerUserId: string;
  dueOn: string;
  status: ActionStatus;
}

/** What is wrong with a draft before it is sent, by field. */
export function actionDraftErrors(d: Pick<Draft, 'title' | 'dueOn'>): { title?: 'required' | 'tooLong'; dueOn?: 'invalid' } {
  const out: { title?: 'required' | 'tooLong'; dueOn?: 'invalid' } = {};
  if (!d.title.trim()) out.title = 'required';
  else if (d.title.trim().length > 300) out.title = 'tooLong';
  if (d.dueOn && !isIsoDate(d.dueOn)) out.dueOn = 'invalid';
  return out;
}

/**
 * Creates an action (without `action`; a manual one unless `source` says otherwise) or edits one: title, description,
 * owner from the facility's people, due date and status.
 */
export function ActionFormModal({
  facilityId,
  action,
  source,
  onClose,
  onSaved,
}: {
  facilityId: string;
  action?: ActionDto;
  source?: ActionCreate['source'];
  onClose: () => void;
  onSaved?: (a: ActionDto) => void;
}) {
  const { t } = useTranslation();
  const changed = useActionsChanged();
  const owners = useOwnerOptions(facilityId, action?.owner ? [action.owner] : []);
  const [d, setD] = useState<Draft>(() => ({
    title: action?.title ?? '',
    description: action?.description ?? '',
    ownerUserId: action?.owner?.id ?? '',
    dueOn: action?.dueOn ?? '',
    status: action?.status ?? 'open',
  }));
  const [errors, setErrors] = useState<Partial<Record<keyof Draft, string>>>({});
  const set = <K extends keyof Draft>(k: K) => (v: Draft[K]) => setD((p) => ({ ...p, [k]: v }));

  const save = useMutation({
    mutationFn: () => {
      const common = { title: d.title.trim(), description: d.description.trim() || null, ownerUserId: d.ownerUserId || null, dueOn: d.dueOn || null };
      if (action) {
        const body: ActionUpdate = { ...common, status: d.status, expectedUpdatedAt: action.updatedAt };
        return api.patch<ActionDto>(actionPath.action(action.id), body);
      }
      const body: ActionCreate = { ...common, source: source ?? { type: 'manual' } };
      return api.post<ActionDto>(actionPath.list(facilityId), body);
    },
    onSuccess: (a) => {
      changed();
      notify(action ? t('actions.form.updated', { title: a.title }) : t('actions.form.created', { title: a.title }));
      onSaved?.(a);
      onClose();
    },
    onError: (e) => {
      if (!isApiError(e)) return;
      const next: typeof errors = {};
      for (const i of e.issues) {
        const f = issueField(i.path);
        if (f === 'title') next.title = t('actions.form.errors.title');
        if (f === 'ownerUserId') next.ownerUserId = t('actions.form.errors.owner');
        if (f === 'dueOn') next.dueOn = t('actions.form.errors.dueOn');
        if (f === 'status') next.status = t('actions.form.errors.status');
      }
      setErrors(next);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = actionDraftErrors(d);
    const next: typeof errors = {};
    if (found.title) next.title = found.title === 'required' ? t('actions.form.errors.title') : t('actions.form.errors.titleLong');
    if (found.dueOn) next.dueOn = t('actions.form.errors.dueOn');
    setErrors(next);
    if (Object.keys(next).length > 0) {
      document.getElementById(next.title ? 'action-title' : 'action-due')?.focus();
      return;
    }
    save.mutate();
  };

  const conflict = isApiError(save.error) && save.error.code === 'CONFLICT';
  return (
    <FormModal
      title={action ? t('actions.form.editTitle') : t('actions.form.createTitle')}
      size="lg"
      fullScreenOnPhone
      onClose={onClose}
      onSubmit={submit}
      hasErrors={Object.keys(errors).length > 0}
      errorSummary={t('actions.form.errors.summary')}
      error={conflict ? null : save.error}
      submitLabel={action ? t('common.save') : t('actions.form.create')}
      loading={save.isPending}
    >
      <TextInput id="action-title" label={t('actions.fields.title')} required value={d.title} onChange={(e) => set('title')(e.currentTarget.value)} error={errors.title} maxLength={300} data-autofocus />
      <Textarea label={t('actions.fields.description')} autosize minRows={3} maxRows={10} value={d.description} onChange={(e) => set('description')(e.currentTarget.value)} maxLength={4000} />
      <Select
        label={t('actions.fields.owner')}
        placeholder={t('actions.form.noOwner')}
        data={owners}
        value={d.ownerUserId || null}
        onChange={(v) => set('ownerUserId')(v ?? '')}
        clearable
        searchable={owners.length > 8}
        error={errors.ownerUserId}
        nothingFoundMessage={t('common.nothingFound')}
      />
      <TextInput id="action-due" type="date" label={t('actions.fields.dueOn')} value={d.dueOn} onChange={(e) => set('dueOn')(e.currentTarget.value)} error={errors.dueOn} />
      {action ? (
        <Select
          label={t('actions.fields.status')}
          data={nextStatuses(action.status).map((s) => ({ value: s, label: actionStatusLabel(t, s) }))}
          value={d.status}
          onChange={(v) => v && set('status')(v as ActionStatus)}
          allowDeselect={false}
          error={errors.status}
        />
      ) : null}
      {conflict ? (
        <Alert color="orange" variant="light" role="alert" icon={<IconAlertTriangle aria-hidden />}>
          {t('actions.form.conflict')}
        </Alert>
      ) : null}
    </FormModal>
  );
}
