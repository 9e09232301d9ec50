import { Button, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Ok } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { applyFieldIssues } from '../../components/errors.ts';
import { PasswordRules } from '../../components/PasswordRules.tsx';
import { useValidators } from '../../components/validation.ts';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Current + new + confirmation, with live rule feedback. Used at login (forced change) and in the profile. */
export function ChangePasswordForm({ email, onDone, submitLabel, idPrefix = 'pw' }: { email: string; onDone: () => void; submitLabel?: string; idPrefix?: string }) {
  const { t } = useTranslation();
  const v = useValidators();
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { currentPassword: '', newPassword: '', confirm: '' },
    validate: {
      currentPassword: v.required,
      newPassword: (value) => v.password(value, email),
      confirm: (value, values) => v.confirm(value, values.newPassword),
    },
  });
  const change = useMutation({
    mutationFn: (values: Values) => api.post<Ok>('/me/password', { currentPassword: values.currentPassword, newPassword: values.newPassword }),
    onSuccess: () => {
      form.reset();
      onDone();
    },
    onError: (e) => applyFieldIssues(form, e, t),
  });
  const toggle = { 'aria-label': t('password.toggleVisibility') };
  return (
    <form noValidate onSubmit={form.onSubmit((values) => change.mutate(values))}>
      <Stack gap="md">
        <PasswordInput label={t('password.current')} required autoComplete="current-password" visibilityToggleButtonProps={toggle} {...form.getInputProps('currentPassword')} />
        <PasswordInput label={t('password.new')} required autoComplete="new-password" visibilityToggleButtonProps={toggle} {...form.getInputProps('newPassword')} />
        <PasswordInput label={t('password.confirm')} required autoComplete="new-password" visibilityToggleButtonProps={toggle} {...form.getInputProps('confirm')} />
        <PasswordRules id={`${idPrefix}-rules`} password={form.values.newPassword} email={email} />
        {change.error ? <ErrorAlert error={change.error} /> : null}
        <Button type="submit" loading={change.isPending}>
          {submitLabel ?? t('password.submit')}
        </Button>
      </Stack>
    </form>
  );
}
