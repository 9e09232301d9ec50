import { useState } from 'react';
import { Anchor, Blockquote, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconCheck, IconChecklist, IconWorld, IconX } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Pager } from '../../components/Pager.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useFormat } from '../../lib/format.ts';
import { PATHS } from '../../paths.ts';
import { isInternetFacing } from '../../../shared/connections.ts';
import type { TConnection } from '../../../shared/contracts/connections.contract.ts';
import { useLedgerFacilityId } from '../ledger/ledger.ts';
import { LedgerUnavailable } from '../ledger/LedgerUnavailable.tsx';
import { usePermissions } from '../session/permissions.ts';
import { ConnectionActionModal } from './ConnectionActionModal.tsx';
import { ConnectionFlagBadges } from './ConnectionFlagBadges.tsx';
import { CONNECTION_PAGE_SIZE, useConnection, useConnectionLabels, useConnectionList, type ConnectionLifecycleAction } from './connections.ts';

/** The approval inbox: the requests awaiting the security manager, oldest first, each with its flags and approve / reject at hand. */
export function ApprovalsPage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const facilityId = useLedgerFacilityId();
  const [page, setPage] = useState(1);
  const [acting, setActing] = useState<{ connection: TConnection; action: ConnectionLifecycleAction } | null>(null);
  const list = useConnectionList(facilityId, { status: 'requested', sort: 'requestedAt', page, pageSize: CONNECTION_PAGE_SIZE }, perm.approveConnection);

  if (!facilityId || !perm.approveConnection) return <LedgerUnavailable title={t('connections.approvals.title')} />;
  const items = list.data?.items ?? [];
  return (
    <>
      <PageHeader title={t('connections.approvals.title')} description={t('connections.approvals.description')} />
      <Stack gap="md">
        {list.isPending ? <Loading /> : null}
        {list.error ? <ErrorAlert error={list.error} /> : null}
        {list.data && list.data.total === 0 ? (
          <EmptyState icon={<IconChecklist size={28} />} title={t('connections.approvals.empty')} description={t('connections.approvals.emptyDescription')} />
        ) : null}
        {items.length > 0 ? (
          <Stack gap="md" component="ul" aria-label={t('connections.approvals.listLabel')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {items.map((c) => (
              <ApprovalCard key={c.id} facilityId={facilityId} connection={c} onAction={(action) => setActing({ connection: c, action })} />
            ))}
          </Stack>
        ) : null}
        {list.data && list.data.total > CONNECTION_PAGE_SIZE ? <Pager total={list.data.total} page={page} pageSize={CONNECTION_PAGE_SIZE} onChange={setPage} /> : null}
      </Stack>
      {acting ? <ConnectionActionModal facilityId={facilityId} connection={acting.connection} action={acting.action} onClose={() => setActing(null)} /> : null}
    </>
  );
}

/** One request: what, for whom, through which device, the risks, the requester's reason; approve / reject. */
function ApprovalCard({ facilityId, connection: c, onAction }: { facilityId: string; connection: TConnection; onAction: (a: ConnectionLifecycleAction) => void }) {
  const { t } = useTranslation();
  const labels = useConnectionLabels();
  const fmt = useFormat();
  // The detail carries the request's reason (the newest request event) and what the caller may do.
  const detail = useConnection(facilityId, c.id);
  const reason = detail.data?.events.find((e) => e.action === 'request' || e.action === 'resubmit')?.comment ?? null;
  const allowed = new Set(detail.data?.allowedActions ?? ['approve', 'reject']);
  const internet = isInternetFacing({ internetFacing: c.internetFacing, entryDevice: c.entryAsset });
  const headingId = `approval-${c.id}`;
  const fact = (label: string, value: string | null) => (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Text size="sm" fw={700} miw="8em">
        {label}
      </Text>
      <Text size="sm" c={value ? undefined : 'dimmed'} style={{ overflowWrap: 'anywhere' }}>
        {value ?? t('common.notSet')}
      </Text>
    </Group>
  );
  return (
    <Card component="li" withBorder radius="md" p={{ base: 'sm', sm: 'md' }} aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
          <Stack gap={2} style={{ flex: '1 1 18rem', minWidth: 0 }}>
            <Title order={2} size="h4" id={headingId}>
              <Anchor component={Link} to={PATHS.connection(c.id)} state={{ from: 'approvals' }} inherit>
                {c.name}
              </Anchor>
            </Title>
            <Text size="sm" c="dimmed">
              {t('connections.approvals.requested', { actor: c.requestedBy, at: fmt.dateTime(c.requestedAt), relative: fmt.relative(c.requestedAt) })}
            </Text>
          </Stack>
          <Group gap="sm">
            {allowed.has('approve') ? (
              <Button leftSection={<IconCheck size={16} aria-hidden />} onClick={() => onAction('approve')} aria-label={t('connections.approvals.approveLabel', { name: c.name })}>
                {t('connections.actions.buttons.approve')}
              </Button>
            ) : null}
            {allowed.has('reject') ? (
              <Button variant="outline" color="red" leftSection={<IconX size={16} aria-hidden />} onClick={() => onAction('reject')} aria-label={t('connections.approvals.rejectLabel', { name: c.name })}>
                {t('connections.actions.buttons.reject')}
              </Button>
            ) : null}
          </Group>
        </Group>
        <ConnectionFlagBadges flags={c.flags} />
        <Stack gap={4}>
          {fact(t('connections.fields.vendor'), c.vendorName)}
          {fact(t('connections.fields.kind'), labels.kind(c.kind))}
          {fact(t('connections.fields.entryAsset'), c.entryAsset?.name ?? c.segmentName)}
          {fact(t('connections.fields.auth'), `${labels.auth(c.auth)} · ${labels.accountMode(c.accountMode)}`)}
          {fact(t('connections.fields.schedule'), `${labels.days(c.allowedDays)} ${labels.hours(c.allowedFrom, c.allowedTo)}`)}
          {fact(t('connections.fields.purpose'), c.purpose)}
          {internet ? (
            <Group gap={6} wrap="nowrap">
              <IconWorld size={16} aria-hidden />
              <Text size="sm">{t('connections.approvals.internet')}</Text>
            </Group>
          ) : null}
        </Stack>
        {reason ? (
          <Blockquote p="sm" color="blue" mt={0} styles={{ root: { fontSize: 'var(--mantine-font-size-sm)' } }}>
            <Text size="xs" fw={700} mb={2}>
              {t('connections.fields.comment')}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {reason}
            </Text>
          </Blockquote>
        ) : null}
      </Stack>
    </Card>
  );
}
