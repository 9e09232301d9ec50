import { useState } from 'react';
import { Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { TLoginResponse } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useValidators } from '../../components/validation.ts';

/** Second step of login: a 6-digit code from the authenticator app, or a recovery code. */
export function MfaVerifyForm({ onSuccess }: { onSuccess: (r: TLoginResponse) => void }) {
  const { t } = useTranslation();
  const v = useValidators();
  const [useRecovery, setUseRecovery] = useState(false);
  const form = useForm({
    mode: 'controlled',
    initialValues: { code: '' },
    validate: { code: (value: string) => (useRecovery ? (value.trim().length >= 6 ? null : t('validation.recoveryCode')) : v.totp(value)) },
  });
  const verify = useMutation({
    mutationFn: (code: string) => api.post<TLoginResponse>('/auth/mfa/verify', { code }),
    onSuccess,
    onError: () => form.setFieldValue('code', ''),
  });
  const toggle = () => {
    setUseRecovery((r) => !r);
    form.reset();
    verify.reset();
  };
  return (
    <form noValidate onSubmit={form.onSubmit((values) => verify.mutate(useRecovery ? values.code.trim() : values.code.replace(/\s/g, '')))}>
      <Stack gap="md">
        <Text size="sm">{useRecovery ? t('auth.mfa.recoveryHelp') : t('auth.mfa.help')}</Text>
        {useRecovery ? (
          <TextInput key="recovery" label={t('auth.mfa.recoveryCode')} required autoComplete="off" autoCapitalize="off" spellCheck={false} maxLength={32} classNames={{ input: 'mono' }} autoFocus {...form.getInputProps('code')} />
        ) : (
          <TextInput
            key="totp"
            label={t('auth.mfa.code')}
            required
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            size="md"
            classNames={{ input: 'mono' }}
            autoFocus
            {...form.getInputProps('code')}
          />
        )}
        {verify.error ? <ErrorAlert error={verify.error} /> : null}
        <Button type="submit" size="md" loading={verify.isPending} fullWidth>
          {t('auth.mfa.submit')}
        </Button>
        <Anchor component="button" type="button" size="sm" onClick={toggle}>
          {useRecovery ? t('auth.mfa.useTotp') : t('auth.mfa.useRecovery')}
        </Anchor>
      </Stack>
    </form>
  );
}
