import { Anchor, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TUser } from '../../api/types.ts';
import { useLabels } from '../../components/options.ts';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useFormat } from '../../lib/format.ts';
import { PATHS } from '../../paths.ts';
import { useSession } from '../session/SessionContext.tsx';
import { useUserStatus } from './users.ts';

export function UsersTable({ users }: { users: TUser[] }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const fmt = useFormat();
  const { facilityName } = useSession();
  const status = useUserStatus();
  const { search } = useLocation();
  return (
    <Table.ScrollContainer minWidth={980}>
      <Table stickyHeader striped highlightOnHover verticalSpacing="sm" aria-label={t('users.table.label')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('users.fields.name')}</Table.Th>
            <Table.Th>{t('users.fields.email')}</Table.Th>
            <Table.Th>{t('users.fields.roles')}</Table.Th>
            <Table.Th>{t('users.fields.mfa')}</Table.Th>
            <Table.Th>{t('users.fields.status')}</Table.Th>
            <Table.Th>{t('users.fields.lastLogin')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((u) => {
            const s = status(u);
            return (
              <Table.Tr key={u.id}>
                <Table.Td>
                  <Anchor component={Link} to={`${PATHS.user(u.id)}${search}`} fw={600}>
                    {u.displayName}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" style={{ wordBreak: 'break-all' }}>
                    {u.email}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    {u.isAdmin ? (
                      <Badge color="grape" variant="light" style={{ textTransform: 'none' }}>
                        {labels.role('admin')}
                      </Badge>
                    ) : null}
                    {u.roles.map((r) => (
                      <Text size="sm" key={r.id}>
                        {r.facilityId ? t('users.roleIn', { role: labels.role(r.role), place: facilityName(r.facilityId) }) : labels.role(r.role)}
                      </Text>
                    ))}
                    {!u.isAdmin && u.roles.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        {t('users.noRoles')}
                      </Text>
                    ) : null}
                  </Stack>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{u.mfaEnabled ? <StatusBadge tone="ok">{t('common.mfa.on')}</StatusBadge> : <StatusBadge tone="warn">{t('common.mfa.off')}</StatusBadge>}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Group gap={4} wrap="nowrap">
                    <StatusBadge tone={s.tone}>{s.label}</StatusBadge>
                    {u.mustChangePassword ? <StatusBadge tone="info">{t('users.status.mustChangePassword')}</StatusBadge> : null}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{u.lastLoginAt ? fmt.dateTime(u.lastLoginAt) : t('users.neverLoggedIn')}</Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
