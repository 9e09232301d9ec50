import { Divider, Drawer, Group, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useFormat } from '../../lib/format.ts';
import { usePermissions } from '../session/permissions.ts';
import { UserAccountActions } from './UserAccountActions.tsx';
import { UserRolesSection } from './UserRolesSection.tsx';
import { useUser, useUserStatus } from './users.ts';

/** One user: details, roles, and account actions for those allowed to manage them. */
export function UserDrawer({ userId, onClose }: { userId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const perm = usePermissions();
  const status = useUserStatus();
  const narrow = useMediaQuery('(max-width: 40em)');
  const q = useUser(userId);
  const u = q.data;
  const manage = u ? perm.canManage(u) : false;
  return (
    <Drawer
      opened={userId !== null}
      onClose={onClose}
      position="right"
      size={narrow ? '100%' : 'xl'}
      title={<Text fw={700} size="lg" component="h2">{u?.displayName ?? t('users.detail.title')}</Text>}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {q.isPending && userId ? <Loading /> : null}
      {q.error ? <ErrorAlert error={q.error} /> : null}
      {u ? (
        <Stack gap="lg">
          <Stack gap="xs">
            <Group gap="xs">
              <StatusBadge tone={status(u).tone}>{t('common.labelValue', { label: t('users.fields.status'), value: status(u).label })}</StatusBadge>
              <StatusBadge tone={u.mfaEnabled ? 'ok' : 'warn'}>
                {t('common.labelValue', { label: t('users.fields.mfa'), value: u.mfaEnabled ? t('common.mfa.on') : t('common.mfa.off') })}
              </StatusBadge>
              {u.isAdmin ? <StatusBadge tone="info">{t('roles.admin')}</StatusBadge> : null}
              {u.mustChangePassword ? <StatusBadge tone="info">{t('users.status.mustChangePassword')}</StatusBadge> : null}
            </Group>
            <Table variant="vertical" layout="fixed" withTableBorder={false}>
              <Table.Tbody>
                <Table.Tr>
                  <Table.Th w="35%">{t('users.fields.email')}</Table.Th>
                  <Table.Td style={{ wordBreak: 'break-all' }}>{u.email}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>{t('users.fields.locale')}</Table.Th>
                  <Table.Td>{t(`language.names.${u.locale}`)}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>{t('users.fields.lastLogin')}</Table.Th>
                  <Table.Td>{u.lastLoginAt ? t('common.withRelative', { absolute: fmt.dateTime(u.lastLoginAt), relative: fmt.relative(u.lastLoginAt) }) : t('users.neverLoggedIn')}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>{t('users.fields.createdAt')}</Table.Th>
                  <Table.Td>{fmt.dateTime(u.createdAt)}</Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </Stack>
          <Divider />
          <UserRolesSection user={u} canManage={manage} />
          <Divider />
          {manage ? (
            <UserAccountActions user={u} />
          ) : (
            <Text size="sm" c="dimmed">
              {t('users.detail.readOnly')}
            </Text>
          )}
        </Stack>
      ) : null}
    </Drawer>
  );
}
