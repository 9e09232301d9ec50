import { Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { notify } from '../../components/notify.ts';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { TGroup } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { applyFieldIssues } from '../../components/errors.ts';
import { useLabels } from '../../components/options.ts';
import { useValidators } from '../../components/validation.ts';
import type { GroupKind } from '../../../shared/roles.ts';
import { GROUPS_KEY } from './groups.ts';

interface Values {
  code: string;
  name: string;
  kind: string;
}

/** Create (group = null) or rename a group of facilities (corporation or region). */
export function GroupFormModal({ group, onClose }: { group: TGroup | null; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const v = useValidators();
  const qc = useQueryClient();
  const editing = group !== null;
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { code: group?.code ?? '', name: group?.name ?? '', kind: group?.kind ?? 'corporation' },
    validate: { code: (value) => (editing ? null : v.facilityCode(value)), name: v.name(200), kind: v.required },
  });
  const save = useMutation({
    mutationFn: (values: Values) =>
      group
        ? api.patch<TGroup>(`/groups/${encodeURIComponent(group.id)}`, { name: values.name.trim(), kind: values.kind as GroupKind })
        : api.post<TGroup>('/groups', { code: values.code.trim(), name: values.name.trim(), kind: values.kind as GroupKind }),
    onSuccess: (saved) => {
      void qc.invalidateQueries({ queryKey: GROUPS_KEY });
      notify(editing ? t('groups.form.updated', { name: saved.name }) : t('groups.form.created', { name: saved.name }));
      onClose();
    },
    onError: (e) => applyFieldIssues(form, e, t),
  });
  return (
    <Modal opened onClose={onClose} title={editing ? t('groups.form.editTitle', { name: group.name }) : t('groups.form.createTitle')} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('common.requiredNote')}
          </Text>
          <TextInput
            label={t('groups.fields.code')}
            description={editing ? t('facilities.form.codeFixed') : t('setup.facility.codeHelp')}
            required={!editing}
            disabled={editing}
            data-autofocus={!editing || undefined}
            {...form.getInputProps('code')}
          />
          <TextInput label={t('groups.fields.name')} required {...form.getInputProps('name')} />
          <Select label={t('groups.fields.kind')} required data={labels.groupKindOptions} allowDeselect={false} {...form.getInputProps('kind')} />
          {save.error ? <ErrorAlert error={save.error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {editing ? t('common.save') : t('groups.form.createSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
