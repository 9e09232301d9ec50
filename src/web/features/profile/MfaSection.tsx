import { useState } from 'react';
import { Alert, Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconInfoCircle, IconRefresh, IconShieldLock, IconShieldOff } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { notify } from '../../components/notify.ts';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Ok, TMe, TRecoveryCodes } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useValidators } from '../../components/validation.ts';
import { MfaEnrollPanel } from '../auth/MfaEnrollPanel.tsx';
import { RecoveryCodesPanel } from '../auth/RecoveryCodesPanel.tsx';
import { ME_KEY } from '../session/session.ts';

type Mode = 'idle' | 'enrolling' | 'regenerate' | 'disable';

/** MFA status; enrol when off, regenerate recovery codes, disable when the role allows. */
export function MfaSection({ me }: { me: TMe }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [mode, setMode] = useState<Mode>('idle');
  const [codes, setCodes] = useState<string[] | null>(null);
  const u = me.user;
  const refresh = () => void qc.invalidateQueries({ queryKey: ME_KEY });

  if (codes) {
    return (
      <RecoveryCodesPanel
        codes={codes}
        email={u.email}
        doneLabel={t('profile.mfa.codesDone')}
        onDone={() => {
          void qc.invalidateQueries({ queryKey: ME_KEY }).finally(() => {
            setCodes(null);
            setMode('idle');
          });
        }}
      />
    );
  }

  if (mode === 'enrolling') {
    return (
      <Stack gap="md">
        <MfaEnrollPanel userId={u.id} headingLevel={3} onEnrolled={setCodes} />
        <Group>
          <Button variant="default" onClick={() => setMode('idle')}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <Group gap="sm">
        <Text fw={600}>{t('profile.mfa.status')}</Text>
        {u.mfaEnabled ? <StatusBadge tone="ok">{t('common.mfa.on')}</StatusBadge> : <StatusBadge tone={u.mfaRequired ? 'danger' : 'warn'}>{t('common.mfa.off')}</StatusBadge>}
      </Group>
      {u.mfaEnabled ? (
        <>
          <Text size="sm">{t('profile.mfa.recoveryLeft', { count: u.recoveryCodesLeft })}</Text>
          <Group gap="sm">
            <Button variant="default" leftSection={<IconRefresh size={16} aria-hidden />} onClick={() => setMode('regenerate')}>
              {t('profile.mfa.regenerate')}
            </Button>
            {!u.mfaRequired ? (
              <Button variant="outline" color="red" leftSection={<IconShieldOff size={16} aria-hidden />} onClick={() => setMode('disable')}>
                {t('profile.mfa.disable')}
              </Button>
            ) : null}
          </Group>
          {u.mfaRequired ? (
            <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />}>
              {t('profile.mfa.required')}
            </Alert>
          ) : null}
        </>
      ) : (
        <>
          <Text size="sm">{u.mfaRequired ? t('profile.mfa.offRequired') : t('profile.mfa.offAdvice')}</Text>
          <Group>
            <Button leftSection={<IconShieldLock size={16} aria-hidden />} onClick={() => setMode('enrolling')}>
              {t('profile.mfa.enroll')}
            </Button>
          </Group>
        </>
      )}
      {mode === 'regenerate' ? <RegenerateModal onClose={() => setMode('idle')} onCodes={setCodes} /> : null}
      {mode === 'disable' ? (
        <DisableModal
          onClose={() => setMode('idle')}
          onDone={() => {
            setMode('idle');
            refresh();
            notify(t('profile.mfa.disabled'));
          }}
        />
      ) : null}
    </Stack>
  );
}

function RegenerateModal({ onClose, onCodes }: { onClose: () => void; onCodes: (codes: string[]) => void }) {
  const { t } = useTranslation();
  const v = useValidators();
  const form = useForm({ mode: 'controlled', initialValues: { code: '' }, validate: { code: v.totp } });
  const regen = useMutation({
    mutationFn: (code: string) => api.post<TRecoveryCodes>('/me/mfa/recovery-codes', { code }),
    onSuccess: (r) => {
      onClose();
      onCodes(r.recoveryCodes);
    },
  });
  return (
    <Modal opened onClose={onClose} title={t('profile.mfa.regenerateTitle')} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form noValidate onSubmit={form.onSubmit((values) => regen.mutate(values.code.replace(/\s/g, '')))}>
        <Stack gap="md">
          <Text size="sm">{t('profile.mfa.regenerateHelp')}</Text>
          <TextInput label={t('auth.mfa.code')} required inputMode="numeric" autoComplete="one-time-code" maxLength={7} classNames={{ input: 'mono' }} data-autofocus {...form.getInputProps('code')} />
          {regen.error ? <ErrorAlert error={regen.error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={regen.isPending}>
              {t('profile.mfa.regenerateSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DisableModal({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const v = useValidators();
  const form = useForm({ mode: 'controlled', initialValues: { password: '', code: '' }, validate: { password: v.required, code: v.totp } });
  const disable = useMutation({
    mutationFn: (values: { password: string; code: string }) => api.post<Ok>('/me/mfa/disable', { password: values.password, code: values.code.replace(/\s/g, '') }),
    onSuccess: onDone,
  });
  return (
    <Modal opened onClose={onClose} title={t('profile.mfa.disableTitle')} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form noValidate onSubmit={form.onSubmit((values) => disable.mutate(values))}>
        <Stack gap="md">
          <Alert color="orange" variant="light" icon={<IconShieldOff aria-hidden />}>
            {t('profile.mfa.disableWarning')}
          </Alert>
          <PasswordInput
            label={t('password.current')}
            required
            autoComplete="current-password"
            data-autofocus
            visibilityToggleButtonProps={{ 'aria-label': t('password.toggleVisibility') }}
            {...form.getInputProps('password')}
          />
          <TextInput label={t('auth.mfa.code')} required inputMode="numeric" autoComplete="one-time-code" maxLength={7} classNames={{ input: 'mono' }} {...form.getInputProps('code')} />
          {disable.error ? <ErrorAlert error={disable.error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="red" loading={disable.isPending}>
              {t('profile.mfa.disableSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
