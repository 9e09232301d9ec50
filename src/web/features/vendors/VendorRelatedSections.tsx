import { useState, type ReactNode } from 'react';
import { Anchor, Button, Group, Modal, MultiSelect, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconUsers } from '@tabler/icons-react';
import { useMutation, type UseQueryResult } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { notify } from '../../components/notify.ts';
import { Pager } from '../../components/Pager.tsx';
import { useFormat } from '../../lib/format.ts';
import { PATHS } from '../../paths.ts';
import type { TVendorDetail } from '../../../shared/contracts/vendors.contract.ts';
import { ConnectionFlagBadges, ConnectionStatusBadge } from '../connections/ConnectionFlagBadges.tsx';
import { AssetFlagBadges } from '../ledger/AssetFlagBadge.tsx';
import { CriticalityBadge } from '../ledger/CriticalityBadge.tsx';
import { useLedgerLabels } from '../ledger/ledger.ts';
import { SectionButton, VendorSection } from './VendorSection.tsx';
import { issueTextsFor, useFacilityVendorUsers, useVendorAssets, useVendorConnections, useVendorsChanged, vendorPath } from './vendors.ts';

const PAGE = 20;

/** A section of records linked to the vendor, a page at a time: loading, error, "none", the list, the pager. */
function PagedSection<T>({ id, title, description, none, query: q, page, onPage, children }: { id: string; title: string; description: string; none: string; query: UseQueryResult<Page<T>>; page: number; onPage: (page: number) => void; children: (items: T[]) => ReactNode }) {
  const items = q.data?.items ?? [];
  return (
    <VendorSection id={id} title={title} description={description}>
      {q.isPending ? <Loading /> : null}
      {q.error ? <ErrorAlert error={q.error} /> : null}
      {q.data && items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {none}
        </Text>
      ) : null}
      {items.length > 0 ? children(items) : null}
      {q.data && q.data.total > PAGE ? <Pager total={q.data.total} page={page} pageSize={PAGE} onChange={onPage} /> : null}
    </VendorSection>
  );
}

/** The assets this vendor maintains (assets.vendorId), with links. */
export function VendorAssetsSection({ facilityId, vendorId }: { facilityId: string; vendorId: string }) {
  const { t } = useTranslation();
  const labels = useLedgerLabels();
  const [page, setPage] = useState(1);
  const q = useVendorAssets(facilityId, vendorId, page);
  return (
    <PagedSection id="vendor-assets" title={t('vendors.sections.assets')} description={t('vendors.assets.description')} none={t('vendors.assets.none')} query={q} page={page} onPage={setPage}>
      {(items) => (
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing="xs" aria-label={t('vendors.assets.tableLabel')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('ledger.fields.name')}</Table.Th>
                <Table.Th>{t('ledger.fields.type')}</Table.Th>
                <Table.Th>{t('ledger.fields.criticality')}</Table.Th>
                <Table.Th>{t('ledger.fields.flags')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    <Anchor component={Link} to={PATHS.asset(a.id)} size="sm" fw={600}>
                      {a.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{labels.type(a.type)}</Table.Td>
                  <Table.Td>
                    <CriticalityBadge value={a.criticality} />
                  </Table.Td>
                  <Table.Td>
                    <AssetFlagBadges flags={a.flags} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </PagedSection>
  );
}

/** The external connections this vendor uses, with their status and risk flags. */
export function VendorConnectionsSection({ facilityId, vendorId }: { facilityId: string; vendorId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [page, setPage] = useState(1);
  const q = useVendorConnections(facilityId, vendorId, page);
  return (
    <PagedSection id="vendor-connections" title={t('vendors.sections.connections')} description={t('vendors.connections.description')} none={t('vendors.connections.none')} query={q} page={page} onPage={setPage}>
      {(items) => (
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing="xs" aria-label={t('vendors.connections.tableLabel')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('vendors.connections.name')}</Table.Th>
                <Table.Th>{t('vendors.connections.entry')}</Table.Th>
                <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('vendors.connections.expiresOn')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    <Stack gap={4}>
                      <Group gap="xs" wrap="wrap">
                        <Anchor component={Link} to={PATHS.connection(c.id)} size="sm" fw={600}>
                          {c.name}
                        </Anchor>
                        <ConnectionStatusBadge status={c.status} />
                      </Group>
                      <ConnectionFlagBadges flags={c.flags} />
                    </Stack>
                  </Table.Td>
                  <Table.Td miw={140} style={{ overflowWrap: 'anywhere' }}>
                    {c.entryAsset ? (
                      <Anchor component={Link} to={PATHS.asset(c.entryAsset.id)} size="sm">
                        {c.entryAsset.name}
                      </Anchor>
                    ) : (
                      <Text size="sm" c="dimmed">
                        {t('common.notSet')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{c.expiresOn ? fmt.date(c.expiresOn) : <Text size="sm" c="dimmed">{t('common.notSet')}</Text>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </PagedSection>
  );
}

/** The users who act for this vendor; managers choose them from the facility's users with the vendor role. */
export function VendorUsersSection({ facilityId, vendor, canManage }: { facilityId: string; vendor: TVendorDetail; canManage: boolean }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  return (
    <VendorSection
      id="vendor-users"
      title={t('vendors.sections.users')}
      description={t('vendors.users.description')}
      actions={
        canManage ? (
          <SectionButton icon={<IconUsers size={14} aria-hidden />} onClick={() => setEditing(true)}>
            {t('vendors.users.edit')}
          </SectionButton>
        ) : null
      }
    >
      {vendor.users.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('vendors.users.none')}
        </Text>
      ) : (
        <Table verticalSpacing="xs" aria-label={t('vendors.users.tableLabel')} layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('vendors.users.displayName')}</Table.Th>
              <Table.Th>{t('vendors.users.email')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {vendor.users.map((u) => (
              <Table.Tr key={u.userId}>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>{u.displayName}</Table.Td>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>{u.email}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing ? <VendorUsersModal facilityId={facilityId} vendor={vendor} onClose={() => setEditing(false)} /> : null}
    </VendorSection>
  );
}

function VendorUsersModal({ facilityId, vendor, onClose }: { facilityId: string; vendor: TVendorDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const narrow = useMediaQuery('(max-width: 48em)');
  const changed = useVendorsChanged();
  const candidates = useFacilityVendorUsers(facilityId, true);
  const [selected, setSelected] = useState<string[]>(vendor.users.map((u) => u.userId));
  const save = useMutation({
    mutationFn: (userIds: string[]) => api.put<unknown>(vendorPath.users(facilityId, vendor.id), { userIds }),
    onSuccess: () => {
      changed(facilityId);
      notify(t('vendors.users.saved'));
      onClose();
    },
  });
  // Users already linked stay selectable even if their role changed since (so they can be removed).
  const options = [
    ...(candidates.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName} (${u.email})` })),
    ...vendor.users.filter((u) => !(candidates.data ?? []).some((c) => c.id === u.userId)).map((u) => ({ value: u.userId, label: `${u.displayName} (${u.email})` })),
  ];
  const fieldError = issueTextsFor(save.error, t, 'userIds');
  return (
    <Modal opened onClose={onClose} title={t('vendors.users.editTitle', { name: vendor.name })} size="lg" fullScreen={narrow} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack gap="md">
        {candidates.isPending ? <Loading /> : null}
        {candidates.error ? <ErrorAlert error={candidates.error} /> : null}
        {candidates.data && options.length === 0 ? (
          <Text size="sm">
            {t('vendors.users.noCandidates')}{' '}
            <Anchor component={Link} to={PATHS.users} size="sm">
              {t('vendors.users.toUsers')}
            </Anchor>
          </Text>
        ) : null}
        {options.length > 0 ? (
          <MultiSelect
            label={t('vendors.users.pick')}
            description={t('vendors.users.pickHelp')}
            data={options}
            value={selected}
            onChange={setSelected}
            searchable
            clearable
            data-autofocus
            error={fieldError}
            comboboxProps={{ withinPortal: true }}
          />
        ) : null}
        {save.error && !fieldError ? <ErrorAlert error={save.error} /> : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button loading={save.isPending} disabled={!candidates.data} onClick={() => save.mutate(selected)}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
