import { useState } from 'react';
import { Button, Group, Stack, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { notify } from '../../components/notify.ts';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Ok, TApiToken } from '../../api/types.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useLabels } from '../../components/options.ts';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useConfirmDelete } from '../../components/useConfirmDelete.ts';
import { isPast, useFormat } from '../../lib/format.ts';
import { useSession } from '../session/SessionContext.tsx';
import { TokenCreateModal } from './TokenCreateModal.tsx';
import { TOKENS_KEY, useTokens } from './tokens.ts';

/** The user's API tokens: list, create (shown once), revoke. */
export function TokensSection() {
  const { t } = useTranslation();
  const labels = useLabels();
  const fmt = useFormat();
  const qc = useQueryClient();
  const { facilityName } = useSession();
  const tokens = useTokens();
  const [creating, setCreating] = useState(false);
  const revoke = useConfirmDelete(
    (tok: TApiToken) => api.del<Ok>(`/me/tokens/${encodeURIComponent(tok.id)}`),
    (tok) => {
      void qc.invalidateQueries({ queryKey: TOKENS_KEY });
      notify(t('tokens.revoked', { name: tok.name }));
    },
  );
  const items = tokens.data?.items ?? [];
  const status = (tok: TApiToken) =>
    tok.revokedAt ? <StatusBadge tone="neutral">{t('tokens.status.revoked')}</StatusBadge>
    : isPast(tok.expiresAt) ? <StatusBadge tone="warn">{t('tokens.status.expired')}</StatusBadge>
    : <StatusBadge tone="ok">{t('tokens.status.active')}</StatusBadge>;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <Text size="sm" c="dimmed" style={{ flex: '1 1 20rem' }}>
          {t('tokens.description')}
        </Text>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
          {t('tokens.add')}
        </Button>
      </Group>
      {tokens.isPending ? <Loading /> : null}
      {tokens.error ? <ErrorAlert error={tokens.error} /> : null}
      {tokens.data && items.length === 0 ? <EmptyState title={t('tokens.empty.title')} description={t('tokens.empty.description')} /> : null}
      {items.length > 0 ? (
        <Table.ScrollContainer minWidth={900}>
          <Table striped verticalSpacing="sm" aria-label={t('tokens.table.label')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('tokens.fields.name')}</Table.Th>
                <Table.Th>{t('tokens.fields.prefix')}</Table.Th>
                <Table.Th>{t('tokens.fields.scopes')}</Table.Th>
                <Table.Th>{t('tokens.fields.facility')}</Table.Th>
                <Table.Th>{t('tokens.fields.expiresAt')}</Table.Th>
                <Table.Th>{t('tokens.fields.lastUsedAt')}</Table.Th>
                <Table.Th>{t('tokens.fields.status')}</Table.Th>
                <Table.Th>{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((tok) => (
                <Table.Tr key={tok.id}>
                  <Table.Td fw={600}>{tok.name}</Table.Td>
                  <Table.Td className="mono">{tok.prefix}</Table.Td>
                  <Table.Td>
                    <Stack gap={0}>
                      {tok.scopes.map((s) => (
                        <Text size="sm" key={s}>
                          {labels.scope(s)}
                        </Text>
                      ))}
                    </Stack>
                  </Table.Td>
                  <Table.Td>{tok.facilityId ? facilityName(tok.facilityId) : t('tokens.allFacilities')}</Table.Td>
                  <Table.Td>{fmt.date(tok.expiresAt)}</Table.Td>
                  <Table.Td>{tok.lastUsedAt ? fmt.dateTime(tok.lastUsedAt) : t('tokens.neverUsed')}</Table.Td>
                  <Table.Td>{status(tok)}</Table.Td>
                  <Table.Td>
                    {!tok.revokedAt ? (
                      <Button size="xs" variant="subtle" color="red" onClick={() => revoke.ask(tok)} aria-label={t('tokens.revokeLabel', { name: tok.name })}>
                        {t('tokens.revoke')}
                      </Button>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {creating ? <TokenCreateModal onClose={() => setCreating(false)} /> : null}
      <ConfirmModal {...revoke.modal} title={t('tokens.revokeTitle')} message={t('tokens.revokeConfirm', { name: revoke.target?.name ?? '' })} confirmLabel={t('tokens.revoke')} danger />
    </Stack>
  );
}
