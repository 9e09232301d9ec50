import { useState, type ReactNode } from 'react';
import { Alert, Anchor, Box, Button, Card, Flex, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconClockHour4, IconPencil, IconPlayerPlay, IconRefresh, IconSend, IconTrash, IconX, type Icon } from '@tabler/icons-react';
import { Link, useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { BackLink, DetailPending } from '../../components/DetailPage.tsx';
import { DetailSection as Section, type DetailRow as Row } from '../../components/DetailSection.tsx';
import { HistoryTimeline } from '../../components/HistoryTimeline.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PrintButton, PrintSheet } from '../../components/PrintSheet.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useFormat } from '../../lib/format.ts';
import { PATHS } from '../../paths.ts';
import { isInternetFacing, type ConnectionEventAction } from '../../../shared/connections.ts';
import type { TConnectionDetail } from '../../../shared/contracts/connections.contract.ts';
import { useLedgerFacilityId, useLedgerLabels } from '../ledger/ledger.ts';
import { LedgerUnavailable } from '../ledger/LedgerUnavailable.tsx';
import { usePermissions } from '../session/permissions.ts';
import { ConnectionActionModal } from './ConnectionActionModal.tsx';
import { ConnectionFlagBadge, ConnectionStatusBadge } from './ConnectionFlagBadges.tsx';
import { ConnectionFormModal } from './ConnectionFormModal.tsx';
import { ExpiryText } from './ConnectionsTable.tsx';
import { useConnection, useConnectionLabels, type ConnectionLifecycleAction } from './connections.ts';

/** Where the back link leads: the approval inbox when the user came from there, else the list with its filters. */
function useBack() {
  const location = useLocation();
  const state = location.state as { listSearch?: string; from?: string } | null;
  return state?.from === 'approvals' ? { to: PATHS.approvals, key: 'backApprovals' as const } : { to: `${PATHS.connections}${state?.listSearch ?? ''}`, key: 'back' as const };
}

/** One external connection: its risk flags first, every field, the targets, the history, and the lifecycle buttons it allows. */
export function ConnectionDetailPage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const facilityId = useLedgerFacilityId();
  const { connectionId } = useParams();
  const back = useBack();
  const q = useConnection(facilityId, perm.readLedgerOrVendor ? (connectionId ?? null) : null);
  const [editing, setEditing] = useState(false);
  const [action, setAction] = useState<ConnectionLifecycleAction | null>(null);

  if (!facilityId || !perm.readLedgerOrVendor) return <LedgerUnavailable title={t('connections.detail.title')} />;
  const c = q.data;
  const backLink = (
    <BackLink to={back.to} className="no-print">
      {t(`connections.detail.${back.key}`)}
    </BackLink>
  );
  if (!c) return <DetailPending back={backLink} title={t('connections.detail.title')} query={q} notFound={t('connections.detail.notFound')} />;
  return (
    <>
      {backLink}
      <ConnectionDetail c={c} canOpenAssets={perm.readLedger} onEdit={() => setEditing(true)} onAction={setAction} />
      {editing ? <ConnectionFormModal facilityId={facilityId} connection={c} onClose={() => setEditing(false)} /> : null}
      {action ? <ConnectionActionModal facilityId={facilityId} connection={c} action={action} onClose={() => setAction(null)} /> : null}
    </>
  );
}

const ACTION_BUTTONS: { action: ConnectionLifecycleAction; icon: ReactNode; variant: 'filled' | 'outline' | 'default'; color?: string }[] = [
  { action: 'approve', icon: <IconCheck size={16} aria-hidden />, variant: 'filled' },
  { action: 'reject', icon: <IconX size={16} aria-hidden />, variant: 'outline', color: 'red' },
  { action: 'activate', icon: <IconPlayerPlay size={16} aria-hidden />, variant: 'filled' },
  { action: 'resubmit', icon: <IconSend size={16} aria-hidden />, variant: 'filled' },
];

function ConnectionDetail({ c, canOpenAssets, onEdit, onAction }: { c: TConnectionDetail; canOpenAssets: boolean; onEdit: () => void; onAction: (a: ConnectionLifecycleAction) => void }) {
  const { t } = useTranslation();
  const labels = useConnectionLabels();
  const ledgerLabels = useLedgerLabels();
  const fmt = useFormat();
  const allowed = new Set(c.allowedActions);
  const date = (d: string | null) => (d ? fmt.date(d) : null);
  const when = (iso: string | null) => (iso ? fmt.dateTime(iso) : null);
  const text = (s: string | null) => (s ? <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{s}</Text> : null);
  const internet = isInternetFacing({ internetFacing: c.internetFacing, entryDevice: c.entryAsset });
  const assetLink = (a: { id: string; name: string }) =>
    canOpenAssets ? (
      <Anchor component={Link} to={PATHS.asset(a.id)} size="sm">
        {a.name}
      </Anchor>
    ) : (
      <Text size="sm" span>
        {a.name}
      </Text>
    );

  return (
    <PrintSheet messages="connections.detail">
      <PageHeader
        title={c.name}
        description={[labels.kind(c.kind), c.vendorName].filter(Boolean).join(' · ')}
        actions={
          <>
            {ACTION_BUTTONS.filter((b) => allowed.has(b.action)).map((b) => (
              <Button key={b.action} variant={b.variant} color={b.color} leftSection={b.icon} onClick={() => onAction(b.action)}>
                {t(`connections.actions.buttons.${b.action}`)}
              </Button>
            ))}
            {allowed.has('edit') ? (
              <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={onEdit}>
                {t('connections.actions.buttons.edit')}
              </Button>
            ) : null}
            {allowed.has('retire') ? (
              <Button variant="outline" color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => onAction('retire')}>
                {t('connections.actions.buttons.retire')}
              </Button>
            ) : null}
            <PrintButton />
          </>
        }
      />
      <Stack gap="lg">
        <Card withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-label={t('connections.detail.statusTitle')}>
          <Group gap="sm" mb="sm" wrap="wrap">
            <Title order={2} size="h4">
              {t('connections.detail.statusTitle')}
            </Title>
            <ConnectionStatusBadge status={c.status} />
            {c.expiresOn ? (
              <Group gap={6} wrap="nowrap">
                <Text size="sm">{t('connections.fields.expiresOn')}</Text>
                <ExpiryText connection={c} />
              </Group>
            ) : null}
          </Group>
          <StatusNotice c={c} />
          <Title order={3} size="h5" mt="md" mb="xs">
            {t('connections.fields.flags')}
          </Title>
          {c.flags.length === 0 ? (
            <StatusBadge tone={c.status === 'retired' || c.status === 'rejected' ? 'neutral' : 'ok'}>
              {c.status === 'retired' || c.status === 'rejected' ? t('connections.detail.noFlagsClosed') : t('connections.detail.noFlags')}
            </StatusBadge>
          ) : (
            <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {c.flags.map((f) => (
                <Flex component="li" key={f} gap={{ base: 4, sm: 'sm' }} direction={{ base: 'column', sm: 'row' }} align="flex-start">
                  <Box w={{ base: 'auto', sm: 200 }} style={{ flexShrink: 0 }}>
                    <ConnectionFlagBadge flag={f} withHelp={false} />
                  </Box>
                  <Text size="sm" style={{ flex: 1 }}>
                    {t(`connections.flagHelp.${f}`)}
                  </Text>
                </Flex>
              ))}
            </Stack>
          )}
        </Card>

        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
          <Section
            title={t('connections.detail.sections.overview')}
            rows={[
              [t('connections.fields.name'), c.name],
              [t('connections.fields.vendor'), c.vendorName],
              [t('connections.fields.kind'), labels.kind(c.kind)],
              [t('connections.fields.purpose'), text(c.purpose)],
            ]}
          />
          <Section
            title={t('connections.detail.sections.route')}
            rows={[
              [t('connections.fields.entryAsset'), c.entryAsset ? <Stack gap={0}>{assetLink(c.entryAsset)}<Text size="xs" c="dimmed">{ledgerLabels.type(c.entryAsset.type)}</Text></Stack> : null],
              [t('connections.fields.segment'), c.segmentName],
              [
                t('connections.fields.internetExposure'),
                internet ? (
                  <StatusBadge tone="warn">{c.internetFacing ? t('connections.detail.internetYes') : t('connections.detail.internetByDevice')}</StatusBadge>
                ) : (
                  t('connections.detail.internetNo')
                ),
              ],
              [t('connections.fields.targetCount'), t('connections.detail.targetCount', { count: c.targets.length })],
            ]}
          />
          <Section
            title={t('connections.detail.sections.auth')}
            rows={[
              [t('connections.fields.auth'), labels.auth(c.auth)],
              [t('connections.fields.accountMode'), labels.accountMode(c.accountMode)],
              [t('connections.fields.accounts'), text(c.accounts)],
              [t('connections.fields.credentialsRotatedOn'), date(c.credentialsRotatedOn)],
            ]}
          />
          <Section
            title={t('connections.detail.sections.rules')}
            rows={[
              [t('connections.fields.allowedDays'), labels.days(c.allowedDays)],
              [t('connections.fields.allowedHours'), labels.hours(c.allowedFrom, c.allowedTo)],
              [t('connections.fields.logLocation'), text(c.logLocation)],
              [t('connections.fields.lastUsedOn'), date(c.lastUsedOn)],
            ]}
          />
          <Section
            title={t('connections.detail.sections.approval')}
            rows={[
              [t('connections.fields.status'), <ConnectionStatusBadge key="s" status={c.status} />],
              [t('connections.fields.requestedBy'), c.requestedBy],
              [t('connections.fields.requestedAt'), when(c.requestedAt)],
              [t('connections.fields.decidedBy'), c.decidedBy],
              [t('connections.fields.decidedAt'), when(c.decidedAt)],
              [t('connections.fields.decisionComment'), text(c.decisionComment)],
              [t('connections.fields.approvedOn'), date(c.approvedOn)],
              [t('connections.fields.expiresOn'), c.expiresOn ? <ExpiryText key="e" connection={c} /> : null],
              [t('connections.fields.activatedOn'), date(c.activatedOn)],
              ...(c.retiredOn ? ([[t('connections.fields.retiredOn'), date(c.retiredOn)]] as Row[]) : []),
              [t('connections.fields.reviewInterval'), t('connections.detail.months', { count: c.reviewIntervalMonths })],
            ]}
          />
          <Section
            title={t('connections.detail.sections.other')}
            rows={[
              [t('connections.fields.notes'), text(c.notes)],
              [t('connections.fields.updatedAt'), t('common.withRelative', { absolute: fmt.dateTime(c.updatedAt), relative: fmt.relative(c.updatedAt) })],
            ]}
          />
        </SimpleGrid>

        <Section title={t('connections.detail.sections.targets')}>
          {c.targets.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('connections.detail.noTargets')}
            </Text>
          ) : (
            <Table verticalSpacing="xs" aria-label={t('connections.detail.sections.targets')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('connections.detail.targetName')}</Table.Th>
                  <Table.Th>{t('connections.detail.targetType')}</Table.Th>
                  <Table.Th>{t('connections.detail.targetExposure')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {c.targets.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td>{assetLink(a)}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{ledgerLabels.type(a.type)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{ledgerLabels.exposure(a.exposure as Parameters<typeof ledgerLabels.exposure>[0])}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Section>

        <Section title={t('connections.history.title')}>
          <HistoryTimeline
            events={c.events}
            messages="connections.history"
            icons={EVENT_ICONS}
            colors={EVENT_COLORS}
            actionLabel={(a) => t(`connections.history.actions.${a}`)}
            statusLabel={labels.status}
          />
        </Section>
      </Stack>
    </PrintSheet>
  );
}

/** What the status means now and what to do next, in one sentence. */
function StatusNotice({ c }: { c: TConnectionDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  switch (c.status) {
    case 'requested':
      return <Text size="sm">{t('connections.detail.notice.requested')}</Text>;
    case 'approved':
      return <Text size="sm">{t('connections.detail.notice.approved')}</Text>;
    case 'active':
      return <Text size="sm">{t('connections.detail.notice.active')}</Text>;
    case 'rejected':
      return (
        <Alert color="gray" variant="light" p="sm">
          <Text size="sm">{c.decisionComment ? t('connections.detail.notice.rejectedWithReason', { reason: c.decisionComment }) : t('connections.detail.notice.rejected')}</Text>
        </Alert>
      );
    case 'expired':
      return (
        <Alert color="orange" variant="light" p="sm" icon={<IconAlertTriangle aria-hidden />}>
          <Text size="sm">{t('connections.detail.notice.expired', { date: c.expiresOn ? fmt.date(c.expiresOn) : '' })}</Text>
        </Alert>
      );
    case 'retired':
      return <Text size="sm">{t('connections.detail.notice.retired', { date: c.retiredOn ? fmt.date(c.retiredOn) : '' })}</Text>;
  }
}

const EVENT_ICONS: Record<ConnectionEventAction, Icon> = {
  request: IconSend,
  approve: IconCheck,
  reject: IconX,
  activate: IconPlayerPlay,
  retire: IconTrash,
  resubmit: IconRefresh,
  expire: IconClockHour4,
  update: IconPencil,
};
const EVENT_COLORS: Partial<Record<ConnectionEventAction, string>> = { approve: 'teal', activate: 'green', reject: 'red', retire: 'gray', expire: 'orange' };
