import { useEffect, useState } from 'react';
import { Alert, Anchor, Group, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconInfoCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Navigate, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { clearFlash, peekFlash } from '../../lib/flash.ts';
import { ME_KEY, useMe } from '../session/session.ts';
import { AuthLayout } from './AuthLayout.tsx';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';
import { CredentialsForm } from './CredentialsForm.tsx';
import { MfaEnrollPanel } from './MfaEnrollPanel.tsx';
import { MfaVerifyForm } from './MfaVerifyForm.tsx';
import { RecoveryCodesPanel } from './RecoveryCodesPanel.tsx';
import { useLogout } from './useLogout.ts';

interface LoginState {
  from?: string;
}

function safeFrom(from: string | undefined): string {
  return from && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/login') ? from : '/';
}

/**
 * Login and the steps a session may still need: verification code, MFA enrolment (then recovery
 * codes), forced password change. The step follows the session's stage from GET /me.
 */
export function LoginPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const state = (location.state ?? {}) as LoginState;
  const qc = useQueryClient();
  const me = useMe();
  const logout = useLogout();
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [notice] = useState(peekFlash);
  useEffect(clearFlash, []);
  const refreshSession = () => void qc.invalidateQueries({ queryKey: ME_KEY });

  const otherAccount = (
    <Group justify="center">
      <Anchor component="button" type="button" size="sm" onClick={() => logout.mutate()}>
        {t('auth.switchAccount')}
      </Anchor>
    </Group>
  );

  if (recoveryCodes && me.data) {
    return (
      <AuthLayout title={t('auth.recovery.title')} description={t('auth.recovery.description')} size={560}>
        <RecoveryCodesPanel
          codes={recoveryCodes}
          email={me.data.user.email}
          onDone={() => {
            // Keep the codes on screen until the session's next stage is known, so the enrolment
            // step is not shown (and started) again in between.
            void qc.invalidateQueries({ queryKey: ME_KEY }).finally(() => setRecoveryCodes(null));
          }}
        />
      </AuthLayout>
    );
  }

  if (me.isPending) return <Loading fullPage />;
  if (me.error) {
    return (
      <AuthLayout title={t('auth.login.title')}>
        <ErrorAlert error={me.error} />
      </AuthLayout>
    );
  }

  const session = me.data;
  if (!session) {
    return (
      <AuthLayout title={t('auth.login.title')} description={t('auth.login.description')}>
        {notice === 'setupDone' ? (
          <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden />} title={t('auth.notice.setupDoneTitle')} role="status">
            {t('auth.notice.setupDone')}
          </Alert>
        ) : null}
        {notice === 'loggedOut' ? (
          <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />} role="status">
            {t('auth.notice.loggedOut')}
          </Alert>
        ) : null}
        <CredentialsForm onSuccess={refreshSession} />
        <Text size="xs" c="dimmed">
          {t('auth.login.forgotHelp')}
        </Text>
      </AuthLayout>
    );
  }

  switch (session.stage) {
    case 'mfa':
      return (
        <AuthLayout title={t('auth.mfa.title')} description={t('auth.signedInAs', { email: session.user.email })}>
          <MfaVerifyForm onSuccess={refreshSession} />
          {otherAccount}
        </AuthLayout>
      );
    case 'enroll_mfa':
      return (
        <AuthLayout title={t('auth.enroll.title')} description={t('auth.enroll.description')} size={640}>
          <Stack gap="md">
            <Text size="sm">{t('auth.signedInAs', { email: session.user.email })}</Text>
            <MfaEnrollPanel userId={session.user.id} onEnrolled={setRecoveryCodes} />
            {otherAccount}
          </Stack>
        </AuthLayout>
      );
    case 'change_password':
      return (
        <AuthLayout title={t('auth.changePassword.title')} description={t('auth.changePassword.description')}>
          <ChangePasswordForm email={session.user.email} onDone={refreshSession} submitLabel={t('auth.changePassword.submit')} idPrefix="forced-pw" />
          {otherAccount}
        </AuthLayout>
      );
    case 'full':
      // After an explicit logout, the next person starts at the dashboard, not where the last one was.
      return <Navigate to={safeFrom(notice === 'loggedOut' ? undefined : state.from)} replace />;
  }
}
