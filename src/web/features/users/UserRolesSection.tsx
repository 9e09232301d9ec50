import { useState } from 'react';
import { Button, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { notify } from '../../components/notify.ts';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { TRoleGrant, TRoleGrantCreate, TUser } from '../../api/types.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useLabels } from '../../components/options.ts';
import type { FacilityRole } from '../../../shared/roles.ts';
import { useGroups } from '../facilities/groups.ts';
import { usePermissions } from '../session/permissions.ts';
import { useSession } from '../session/SessionContext.tsx';
import { useUserUpdated } from './users.ts';

/** A user's roles per facility (or group), with grant and revoke for those who manage the user. */
export function UserRolesSection({ user, canManage }: { user: TUser; canManage: boolean }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const perm = usePermissions();
  const { facilityName } = useSession();
  const groups = useGroups(perm.isAdmin);
  const stored = useUserUpdated();
  const [revoking, setRevoking] = useState<TRoleGrant | null>(null);
  const [role, setRole] = useState<string | null>(null);
  const [target, setTarget] = useState<string | null>(null);

  const groupName = (id: string | null) => groups.data?.items.find((g) => g.id === id)?.name ?? id ?? '';
  const place = (g: TRoleGrant) => (g.facilityId ? facilityName(g.facilityId) : groupName(g.groupId));

  const roleChoices = [...labels.roleOptions, ...(perm.isAdmin ? [{ value: 'group_admin', label: labels.role('group_admin') }] : [])];
  const isGroupRole = role === 'group_admin';
  const targetChoices = isGroupRole
    ? (groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))
    : perm.facilityIdsWith('user.manage').map((id) => ({ value: id, label: facilityName(id) }));

  const grant = useMutation({
    mutationFn: (body: TRoleGrantCreate) => api.post<TUser>(`/users/${encodeURIComponent(user.id)}/roles`, body),
    onSuccess: (u) => {
      stored(u);
      notify(t('users.roles.granted', { name: u.displayName }));
      setRole(null);
      setTarget(null);
    },
  });
  const revoke = useMutation({
    mutationFn: (g: TRoleGrant) => api.del<TUser>(`/users/${encodeURIComponent(user.id)}/roles/${encodeURIComponent(g.id)}`),
    onSuccess: (u) => {
      stored(u);
      notify(t('users.roles.revoked', { name: u.displayName }));
      setRevoking(null);
    },
  });

  const submit = () => {
    if (!role || !target) return;
    grant.mutate(role === 'group_admin' ? { role: 'group_admin', groupId: target } : { role: role as FacilityRole, facilityId: target });
  };

  return (
    <Stack gap="sm">
      <Title order={3} size="h4">
        {t('users.roles.title')}
      </Title>
      {user.roles.length === 0 ? (
        <Text size="sm" c="dimmed">
          {user.isAdmin ? t('users.roles.onlyAdmin') : t('users.noRoles')}
        </Text>
      ) : (
        <Table verticalSpacing="xs" aria-label={t('users.roles.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('users.fields.role')}</Table.Th>
              <Table.Th>{t('users.roles.place')}</Table.Th>
              {canManage ? <Table.Th>{t('common.actions')}</Table.Th> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {user.roles.map((g) => (
              <Table.Tr key={g.id}>
                <Table.Td>{labels.role(g.role)}</Table.Td>
                <Table.Td>{place(g)}</Table.Td>
                {canManage ? (
                  <Table.Td>
                    <Button size="xs" variant="subtle" color="red" onClick={() => setRevoking(g)} aria-label={t('users.roles.revokeLabel', { role: labels.role(g.role), place: place(g) })}>
                      {t('users.roles.revoke')}
                    </Button>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canManage ? (
        <Stack gap="xs">
          <Group align="flex-end" gap="xs" wrap="wrap">
            <Select
              label={t('users.roles.newRole')}
              data={roleChoices}
              value={role}
              onChange={(v) => {
                setRole(v);
                if ((v === 'group_admin') !== isGroupRole) setTarget(null);
              }}
              placeholder={t('common.selectPlaceholder')}
              style={{ flex: '1 1 10rem' }}
            />
            <Select
              label={isGroupRole ? t('users.roles.group') : t('users.fields.facility')}
              data={targetChoices}
              value={target}
              onChange={setTarget}
              placeholder={t('common.selectPlaceholder')}
              searchable={targetChoices.length > 8}
              style={{ flex: '1 1 12rem' }}
            />
            <Button leftSection={<IconPlus size={14} aria-hidden />} variant="default" disabled={!role || !target} loading={grant.isPending} onClick={submit}>
              {t('users.roles.grant')}
            </Button>
          </Group>
          {grant.error ? <ErrorAlert error={grant.error} /> : null}
        </Stack>
      ) : null}
      <ConfirmModal
        opened={revoking !== null}
        title={t('users.roles.revokeTitle')}
        message={revoking ? t('users.roles.revokeConfirm', { name: user.displayName, role: labels.role(revoking.role), place: place(revoking) }) : ''}
        confirmLabel={t('users.roles.revoke')}
        danger
        loading={revoke.isPending}
        error={revoke.error}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        onClose={() => {
          setRevoking(null);
          revoke.reset();
        }}
      />
    </Stack>
  );
}
