import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { TLoginResponse } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

/** Email and password. The server's error (wrong password, locked, disabled) is shown above the button. */
export function CredentialsForm({ onSuccess }: { onSuccess: (r: TLoginResponse) => void }) {
  const { t } = useTranslation();
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { email: '', password: '' },
    validate: {
      email: (v: string) => (v.trim() ? null : t('validation.required')),
      password: (v: string) => (v ? null : t('validation.required')),
    },
  });
  const login = useMutation({
    mutationFn: (values: { email: string; password: string }) => api.post<TLoginResponse>('/auth/login', { email: values.email.trim(), password: values.password }),
    onSuccess,
  });
  return (
    <form noValidate onSubmit={form.onSubmit((values) => login.mutate(values))}>
      <Stack gap="md">
        <TextInput label={t('auth.login.email')} type="email" required autoComplete="username" autoFocus key={form.key('email')} {...form.getInputProps('email')} />
        <PasswordInput
          label={t('auth.login.password')}
          required
          autoComplete="current-password"
          visibilityToggleButtonProps={{ 'aria-label': t('password.toggleVisibility') }}
          key={form.key('password')}
          {...form.getInputProps('password')}
        />
        {login.error ? <ErrorAlert error={login.error} /> : null}
        <Button type="submit" size="md" loading={login.isPending} fullWidth>
          {t('auth.login.submit')}
        </Button>
      </Stack>
    </form>
  );
}
