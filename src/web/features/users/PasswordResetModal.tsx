import { Alert, Button, Group, Modal, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconInfoCircle } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { notify } from '../../components/notify.ts';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Ok, TUser } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { applyFieldIssues } from '../../components/errors.ts';
import { PasswordRules } from '../../components/PasswordRules.tsx';
import { useValidators } from '../../components/validation.ts';
import { USERS_KEY } from './users.ts';

/** An administrator sets a temporary password; the user must change it at the next login. */
export function PasswordResetModal({ user, onClose }: { user: TUser; onClose: () => void }) {
  const { t } = useTranslation();
  const v = useValidators();
  const qc = useQueryClient();
  const form = useForm({
    mode: 'controlled',
    initialValues: { newPassword: '', confirm: '' },
    validate: {
      newPassword: (value: string) => v.password(value, user.email),
      confirm: (value: string, values: { newPassword: string }) => v.confirm(value, values.newPassword),
    },
  });
  const reset = useMutation({
    mutationFn: (newPassword: string) => api.post<Ok>(`/users/${encodeURIComponent(user.id)}/password-reset`, { newPassword }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: USERS_KEY });
      notify(t('users.passwordReset.done', { name: user.displayName }));
      onClose();
    },
    onError: (e) => applyFieldIssues(form, e, t),
  });
  const toggle = { 'aria-label': t('password.toggleVisibility') };
  return (
    <Modal opened onClose={onClose} title={t('users.passwordReset.title', { name: user.displayName })} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form noValidate onSubmit={form.onSubmit((values) => reset.mutate(values.newPassword))}>
        <Stack gap="md">
          <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />}>
            {t('users.passwordReset.help')}
          </Alert>
          <PasswordInput label={t('users.passwordReset.newPassword')} required autoComplete="new-password" data-autofocus visibilityToggleButtonProps={toggle} {...form.getInputProps('newPassword')} />
          <PasswordInput label={t('password.confirm')} required autoComplete="new-password" visibilityToggleButtonProps={toggle} {...form.getInputProps('confirm')} />
          <PasswordRules id="reset-password-rules" password={form.values.newPassword} email={user.email} />
          {reset.error ? <ErrorAlert error={reset.error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={reset.isPending}>
              {t('users.passwordReset.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
