import { Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { notify } from '../../components/notify.ts';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { TMe } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { applyFieldIssues } from '../../components/errors.ts';
import { useValidators } from '../../components/validation.ts';
import { changeLocale, isLocale, LOCALES } from '../../i18n/index.ts';
import type { Locale } from '../../../shared/errors.ts';
import { ME_KEY } from '../session/session.ts';

/** Display name and language. Mount with key = me.user.locale + displayName to reset after changes elsewhere. */
export function ProfileForm({ me }: { me: TMe }) {
  const { t } = useTranslation();
  const v = useValidators();
  const qc = useQueryClient();
  const form = useForm({
    mode: 'controlled',
    initialValues: { displayName: me.user.displayName, locale: me.user.locale as string },
    validate: { displayName: v.name(100) },
  });
  const save = useMutation({
    mutationFn: (values: { displayName: string; locale: string }) =>
      api.patch<TMe>('/me', { displayName: values.displayName.trim(), locale: (isLocale(values.locale) ? values.locale : 'ja') as Locale }),
    onSuccess: (updated) => {
      qc.setQueryData(ME_KEY, updated);
      void changeLocale(updated.user.locale).then(() => notify(t('profile.basic.saved')));
    },
    onError: (e) => applyFieldIssues(form, e, t),
  });
  return (
    <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack gap="md">
        <TextInput label={t('profile.basic.displayName')} required autoComplete="name" {...form.getInputProps('displayName')} />
        <TextInput label={t('profile.basic.email')} value={me.user.email} readOnly disabled description={t('profile.basic.emailHelp')} />
        <Select label={t('profile.basic.language')} data={LOCALES.map((l) => ({ value: l, label: t(`language.names.${l}`) }))} allowDeselect={false} {...form.getInputProps('locale')} />
        {save.error ? <ErrorAlert error={save.error} /> : null}
        <Group>
          <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
