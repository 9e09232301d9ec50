import { useState } from 'react';
import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconKey, IconLock, IconLockOpen, IconShieldOff, IconUserCheck, IconUserOff, IconUserShield } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { notify } from '../../components/notify.ts';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { TUser, TUserUpdate } from '../../api/types.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { usePermissions } from '../session/permissions.ts';
import { useSession } from '../session/SessionContext.tsx';
import { PasswordResetModal } from './PasswordResetModal.tsx';
import { useUserUpdated } from './users.ts';

type Pending = 'disable' | 'enable' | 'mfaReset' | 'grantAdmin' | 'revokeAdmin' | null;

/** Disable/enable, unlock, temporary password, MFA reset and the administrator flag. */
export function UserAccountActions({ user }: { user: TUser }) {
  const { t } = useTranslation();
  const perm = usePermissions();
  const { me } = useSession();
  const stored = useUserUpdated();
  const [pending, setPending] = useState<Pending>(null);
  const [resetting, setResetting] = useState(false);
  const name = user.displayName;
  const self = user.id === me.user.id;

  const patch = useMutation({
    mutationFn: (body: TUserUpdate) => api.patch<TUser>(`/users/${encodeURIComponent(user.id)}`, body),
    onSuccess: (u, body) => {
      stored(u);
      const msg =
        body.disabled === true ? t('users.actions.disabled', { name })
        : body.disabled === false ? t('users.actions.enabled', { name })
        : body.isAdmin ? t('users.actions.adminGranted', { name })
        : t('users.actions.adminRevoked', { name });
      notify(msg);
      setPending(null);
    },
  });
  const unlock = useMutation({
    mutationFn: () => api.post<TUser>(`/users/${encodeURIComponent(user.id)}/unlock`),
    onSuccess: (u) => {
      stored(u);
      notify(t('users.actions.unlocked', { name }));
    },
  });
  const mfaReset = useMutation({
    mutationFn: () => api.post<TUser>(`/users/${encodeURIComponent(user.id)}/mfa-reset`),
    onSuccess: (u) => {
      stored(u);
      notify(t('users.actions.mfaResetDone', { name }));
      setPending(null);
    },
  });

  const confirmProps = (() => {
    switch (pending) {
      case 'disable':
        return { title: t('users.actions.disableTitle'), message: t('users.actions.disableConfirm', { name }), label: t('users.actions.disable'), danger: true, run: () => patch.mutate({ disabled: true }), m: patch };
      case 'enable':
        return { title: t('users.actions.enableTitle'), message: t('users.actions.enableConfirm', { name }), label: t('users.actions.enable'), danger: false, run: () => patch.mutate({ disabled: false }), m: patch };
      case 'mfaReset':
        return { title: t('users.actions.mfaResetTitle'), message: t('users.actions.mfaResetConfirm', { name }), label: t('users.actions.mfaReset'), danger: true, run: () => mfaReset.mutate(), m: mfaReset };
      case 'grantAdmin':
        return { title: t('users.actions.grantAdminTitle'), message: t('users.actions.grantAdminConfirm', { name }), label: t('users.actions.grantAdmin'), danger: false, run: () => patch.mutate({ isAdmin: true }), m: patch };
      case 'revokeAdmin':
        return { title: t('users.actions.revokeAdminTitle'), message: t('users.actions.revokeAdminConfirm', { name }), label: t('users.actions.revokeAdmin'), danger: true, run: () => patch.mutate({ isAdmin: false }), m: patch };
      case null:
        return null;
    }
  })();

  return (
    <Stack gap="sm">
      <Title order={3} size="h4">
        {t('users.actions.title')}
      </Title>
      <Group gap="sm">
        {user.locked ? (
          <Button variant="default" leftSection={<IconLockOpen size={16} aria-hidden />} loading={unlock.isPending} onClick={() => unlock.mutate()}>
            {t('users.actions.unlock')}
          </Button>
        ) : null}
        <Button variant="default" leftSection={<IconKey size={16} aria-hidden />} onClick={() => setResetting(true)}>
          {t('users.actions.passwordReset')}
        </Button>
        {perm.isAdmin && user.mfaEnabled ? (
          <Button variant="default" color="red" leftSection={<IconShieldOff size={16} aria-hidden />} onClick={() => setPending('mfaReset')}>
            {t('users.actions.mfaReset')}
          </Button>
        ) : null}
        {perm.isAdmin && !self ? (
          user.isAdmin ? (
            <Button variant="default" leftSection={<IconLock size={16} aria-hidden />} onClick={() => setPending('revokeAdmin')}>
              {t('users.actions.revokeAdmin')}
            </Button>
          ) : (
            <Button variant="default" leftSection={<IconUserShield size={16} aria-hidden />} onClick={() => setPending('grantAdmin')}>
              {t('users.actions.grantAdmin')}
            </Button>
          )
        ) : null}
        {!self ? (
          user.disabled ? (
            <Button variant="default" leftSection={<IconUserCheck size={16} aria-hidden />} onClick={() => setPending('enable')}>
              {t('users.actions.enable')}
            </Button>
          ) : (
            <Button color="red" variant="outline" leftSection={<IconUserOff size={16} aria-hidden />} onClick={() => setPending('disable')}>
              {t('users.actions.disable')}
            </Button>
          )
        ) : null}
      </Group>
      {self ? (
        <Text size="sm" c="dimmed">
          {t('users.actions.selfNote')}
        </Text>
      ) : null}
      {unlock.error ? <ErrorAlert error={unlock.error} /> : null}
      {confirmProps ? (
        <ConfirmModal
          opened
          title={confirmProps.title}
          message={confirmProps.message}
          confirmLabel={confirmProps.label}
          danger={confirmProps.danger}
          loading={confirmProps.m.isPending}
          error={confirmProps.m.error}
          onConfirm={confirmProps.run}
          onClose={() => {
            setPending(null);
            patch.reset();
            mfaReset.reset();
          }}
        />
      ) : null}
      {resetting ? <PasswordResetModal user={user} onClose={() => setResetting(false)} /> : null}
    </Stack>
  );
}
