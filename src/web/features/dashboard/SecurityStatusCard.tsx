import { Anchor, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { daysSince, useFormat } from '../../lib/format.ts';
import { PATHS } from '../../paths.ts';
import { useSession } from '../session/SessionContext.tsx';

/** Days after which we suggest a new password (a hint, not a rule: NIST and MHLW do not force rotation). */
const PASSWORD_AGE_HINT_DAYS = 365;

/** The account's own security: MFA, recovery codes left, password age. */
export function SecurityStatusCard() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { me } = useSession();
  const u = me.user;
  const age = u.passwordChangedAt ? daysSince(u.passwordChangedAt) : null;
  return (
    <Card withBorder radius="md" p="lg" h="100%">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {t('dashboard.security.title')}
        </Title>
        <Anchor component={Link} to={PATHS.profile} size="sm">
          {t('dashboard.security.link')}
        </Anchor>
      </Group>
      <Table variant="vertical" withTableBorder={false} layout="fixed">
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w="42%">{t('dashboard.security.mfa')}</Table.Th>
            <Table.Td>
              {u.mfaEnabled ? (
                <StatusBadge tone="ok">{t('common.mfa.on')}</StatusBadge>
              ) : (
                <StatusBadge tone={u.mfaRequired ? 'danger' : 'warn'}>{t('common.mfa.off')}</StatusBadge>
              )}
            </Table.Td>
          </Table.Tr>
          {u.mfaEnabled ? (
            <Table.Tr>
              <Table.Th>{t('dashboard.security.recoveryCodes')}</Table.Th>
              <Table.Td>
                {u.recoveryCodesLeft <= 2 ? (
                  <StatusBadge tone="warn">{t('dashboard.security.recoveryCodesLeft', { count: u.recoveryCodesLeft })}</StatusBadge>
                ) : (
                  t('dashboard.security.recoveryCodesLeft', { count: u.recoveryCodesLeft })
                )}
              </Table.Td>
            </Table.Tr>
          ) : null}
          <Table.Tr>
            <Table.Th>{t('dashboard.security.passwordChanged')}</Table.Th>
            <Table.Td>
              {u.passwordChangedAt ? (
                <Stack gap={0}>
                  <Text size="sm">{fmt.dateTime(u.passwordChangedAt)}</Text>
                  <Text size="xs" c="dimmed">
                    {fmt.relative(u.passwordChangedAt)}
                  </Text>
                </Stack>
              ) : (
                t('common.unknown')
              )}
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      {!u.mfaEnabled ? (
        <Text size="sm" mt="sm">
          {t('dashboard.security.mfaAdvice')}{' '}
          <Anchor component={Link} to={PATHS.profile}>
            {t('dashboard.security.mfaAction')}
          </Anchor>
        </Text>
      ) : null}
      {age !== null && age >= PASSWORD_AGE_HINT_DAYS ? (
        <Text size="sm" mt="sm">
          {t('dashboard.security.passwordOld', { days: age })}
        </Text>
      ) : null}
    </Card>
  );
}
