import { useState } from 'react';
import { Anchor, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconPencil, IconPlus, IconTopologyStar3, IconTrash } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api/client.ts';
import type { Ok } from '../../api/types.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { notify } from '../../components/notify.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useConfirmDelete } from '../../components/useConfirmDelete.ts';
import { useFormat } from '../../lib/format.ts';
import { PATHS } from '../../paths.ts';
import type { TSegment } from '../../../shared/contracts/ledger.contract.ts';
import { usePermissions } from '../session/permissions.ts';
import { FlowsSection } from './FlowsSection.tsx';
import { ledgerPath, useLedgerChanged, useLedgerFacilityId, useLedgerLabels, useSegments } from './ledger.ts';
import { LedgerUnavailable } from './LedgerUnavailable.tsx';
import { SegmentDiagram } from './SegmentDiagram.tsx';
import { SegmentFormModal } from './SegmentFormModal.tsx';

/** The asset count of a segment that the server refused to delete (409 IN_USE), or null. */
function inUseCount(error: unknown): number | null {
  if (!isApiError(error) || error.code !== 'IN_USE') return null;
  const n = error.detail?.assetCount;
  return typeof n === 'number' ? n : null;
}

/** Networks: segments (VLAN, CIDRs, purpose, asset count) and the traffic allowed between them. */
export function SegmentsPage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const facilityId = useLedgerFacilityId();
  const labels = useLedgerLabels();
  const fmt = useFormat();
  const segments = useSegments(facilityId, perm.readLedger);
  const changed = useLedgerChanged();
  const [editing, setEditing] = useState<TSegment | 'new' | null>(null);
  const del = useConfirmDelete(
    (s: TSegment) => api.del<Ok>(ledgerPath.segment(facilityId ?? '', s.id)),
    (s) => {
      if (facilityId) changed(facilityId);
      notify(t('ledger.segments.deleted', { name: s.name }));
    },
  );
  const deleting = del.target;

  if (!facilityId || !perm.readLedger) return <LedgerUnavailable title={t('ledger.segments.title')} />;
  const items = segments.data?.items ?? [];
  const inUse = inUseCount(del.mutation.error);
  const canWrite = perm.writeLedger;

  return (
    <>
      <PageHeader
        title={t('ledger.segments.title')}
        description={t('ledger.segments.description')}
        actions={
          canWrite ? (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
              {t('ledger.segments.add')}
            </Button>
          ) : null
        }
      />
      <Stack gap="lg">
        {segments.isPending ? <Loading /> : null}
        {segments.error ? <ErrorAlert error={segments.error} /> : null}
        {segments.data && items.length === 0 ? (
          <EmptyState
            icon={<IconTopologyStar3 size={28} />}
            title={t('ledger.segments.empty.title')}
            description={t('ledger.segments.empty.description')}
            action={
              canWrite ? (
                <Button mt="sm" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
                  {t('ledger.segments.add')}
                </Button>
              ) : null
            }
          />
        ) : null}
        {items.length > 0 ? (
          <Card withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="segments-title">
            <Title order={2} size="h4" id="segments-title" mb="xs">
              {t('ledger.segments.sectionTitle')}
            </Title>
            <Table.ScrollContainer minWidth={760}>
              <Table stickyHeader striped highlightOnHover verticalSpacing="sm" aria-label={t('ledger.segments.tableLabel')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('ledger.segments.fields.name')}</Table.Th>
                    <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('ledger.segments.fields.vlan')}</Table.Th>
                    <Table.Th>{t('ledger.segments.fields.cidrs')}</Table.Th>
                    <Table.Th>{t('ledger.segments.fields.purpose')}</Table.Th>
                    <Table.Th ta="right">{t('ledger.segments.fields.assetCount')}</Table.Th>
                    {canWrite ? <Table.Th>{t('common.actions')}</Table.Th> : null}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((s) => (
                    <Table.Tr key={s.id}>
                      <Table.Td>
                        <Text fw={600} size="sm">
                          {s.name}
                        </Text>
                        {s.notes ? (
                          <Text size="xs" c="dimmed" lineClamp={2}>
                            {s.notes}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td className="mono">{s.vlan ?? ''}</Table.Td>
                      <Table.Td className="mono">
                        {s.cidrs.map((c) => (
                          <div key={c}>{c}</div>
                        ))}
                      </Table.Td>
                      <Table.Td>{labels.purpose(s.purpose)}</Table.Td>
                      <Table.Td ta="right">
                        <Anchor component={Link} to={`${PATHS.assets}?segmentId=${encodeURIComponent(s.id)}`} aria-label={t('ledger.segments.assetCountLink', { name: s.name, count: s.assetCount })}>
                          {fmt.number(s.assetCount)}
                        </Anchor>
                      </Table.Td>
                      {canWrite ? (
                        <Table.Td w={1} style={{ whiteSpace: 'nowrap' }}>
                          <Group gap={4} wrap="nowrap">
                            <Button size="xs" variant="subtle" leftSection={<IconPencil size={14} aria-hidden />} onClick={() => setEditing(s)} aria-label={t('ledger.segments.editLabel', { name: s.name })}>
                              {t('common.edit')}
                            </Button>
                            <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={() => del.ask(s)} aria-label={t('ledger.segments.deleteLabel', { name: s.name })}>
                              {t('ledger.asset.delete')}
                            </Button>
                          </Group>
                        </Table.Td>
                      ) : null}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
        ) : null}
        {items.length > 0 ? <SegmentDiagram facilityId={facilityId} segments={items} onAddSegment={canWrite ? () => setEditing('new') : undefined} /> : null}
        {segments.data ? <FlowsSection facilityId={facilityId} segments={items} canWrite={canWrite} /> : null}
      </Stack>
      {editing ? <SegmentFormModal facilityId={facilityId} segment={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} /> : null}
      <ConfirmModal
        {...del.modal}
        title={t('ledger.segments.deleteTitle')}
        message={deleting ? t('ledger.segments.deleteConfirm', { name: deleting.name }) : ''}
        confirmLabel={t('ledger.asset.delete')}
        danger
        error={inUse === null ? del.mutation.error : null}
      >
        {deleting && inUse !== null ? (
          <ErrorAlertInUse name={deleting.name} count={inUse} segmentId={deleting.id} />
        ) : null}
      </ConfirmModal>
    </>
  );
}

function ErrorAlertInUse({ name, count, segmentId }: { name: string; count: number; segmentId: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4} role="alert" p="sm" bg="red.0" style={{ borderRadius: 'var(--mantine-radius-sm)' }}>
      <Text size="sm" c="red.9" fw={600}>
        {t('ledger.segments.inUse', { name, count })}
      </Text>
      <Anchor component={Link} to={`${PATHS.assets}?segmentId=${encodeURIComponent(segmentId)}`} size="sm">
        {t('ledger.segments.inUseLink')}
      </Anchor>
    </Stack>
  );
}
