import { useState } from 'react';
import { Alert, Anchor, Button, Group, List, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconFileCertificate, IconInfoCircle, IconPencil, IconPlus } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import { ConfirmModal } from '../../../components/ConfirmModal.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { notify } from '../../../components/notify.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { SectionCard } from '../../../components/SectionCard.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { useFormat } from '../../../lib/format.ts';
import { PATHS } from '../../../paths.ts';
import { BCP_STATUS_LABELS, bcpVersionLabel } from '../../../../shared/resilience/bcp.ts';
import type { BcpOverviewDto, BcpVersionDto, BcpVersionSummaryDto } from '../../../../shared/contracts/resilience-bcp.contract.ts';
import { useSession } from '../../session/SessionContext.tsx';
import { usePermissions } from '../../session/permissions.ts';
import { bcpPath, bcpStatusTone, useBcpChanged, useBcpOverview } from './bcp.ts';

/**
 * The cyber BCP: its state in one sentence (approved version and review date, or not approved yet), the versions,
 * "create a new version" (a copy of the approved version, after a confirmation) and the way into the open draft.
 */
export function BcpPage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const { currentFacility } = useSession();
  const facilityId = currentFacility?.id ?? null;
  const canRead = facilityId !== null && (perm.isAdmin || perm.can('resilience.read', facilityId));
  const overview = useBcpOverview(facilityId, canRead);

  if (!facilityId || !canRead) {
    return (
      <>
        <PageHeader title={t('resilienceBcp.list.title')} />
        <EmptyState title={t('errors.FORBIDDEN')} description={t('resilienceBcp.list.unavailable')} />
      </>
    );
  }
  if (!overview.data) {
    return (
      <>
        <PageHeader title={t('resilienceBcp.list.title')} description={t('resilienceBcp.list.description')} />
        {overview.isPending ? <Loading /> : null}
        {overview.error ? <ErrorAlert error={overview.error} /> : null}
      </>
    );
  }
  return <Overview facilityId={facilityId} o={overview.data} />;
}

function Overview({ facilityId, o }: { facilityId: string; o: BcpOverviewDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const changed = useBcpChanged();
  const [asking, setAsking] = useState(false);
  const create = useMutation({
    mutationFn: () => api.post<BcpVersionDto>(bcpPath.create(facilityId), {}),
    onSuccess: (v) => {
      changed();
      setAsking(false);
      notify(t('resilienceBcp.list.create.done', { version: bcpVersionLabel(v.number, fmt.locale) }));
      void navigate(PATHS.bcpVersion(v.id));
    },
  });
  const nextNumber = (o.versions[0]?.number ?? 0) + 1;
  const next = bcpVersionLabel(nextNumber, fmt.locale);
  const open = o.openDraft;

  const createButton = o.canCreateDraft ? (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAsking(true)}>
      {o.versions.length === 0 ? t('resilienceBcp.list.createFirst') : t('resilienceBcp.list.create.button')}
    </Button>
  ) : null;
  const openButton = open ? (
    <Button component={Link} to={PATHS.bcpVersion(open.id)} variant={o.canCreateDraft ? 'default' : 'filled'} leftSection={<IconPencil size={16} aria-hidden />}>
      {open.status === 'in_review' ? t('resilienceBcp.list.openInReview', { version: bcpVersionLabel(open.number, fmt.locale) }) : t('resilienceBcp.list.openDraft', { version: bcpVersionLabel(open.number, fmt.locale) })}
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title={t('resilienceBcp.list.title')}
        description={t('resilienceBcp.list.description')}
        actions={
          <>
            {openButton}
            {createButton}
          </>
        }
      />
      <Stack gap="lg">
        <Alert
          color={o.current && !o.reviewOverdue ? 'green' : 'orange'}
          variant="light"
          icon={o.current && !o.reviewOverdue ? <IconCircleCheck aria-hidden /> : <IconAlertTriangle aria-hidden />}
          data-testid="bcp-state"
          data-state={o.current ? (o.reviewOverdue ? 'overdue' : 'approved') : 'none'}
          title={o.current ? (o.reviewOverdue ? t('resilienceBcp.list.state.overdueTitle') : t('resilienceBcp.list.state.approvedTitle')) : t('resilienceBcp.list.state.noneTitle')}
        >
          <Stack gap={4}>
            <Text size="sm" fw={700}>
              {o.sentence[fmt.locale]}
            </Text>
            {o.reviewOverdue ? <Text size="sm">{t('resilienceBcp.list.state.overdue')}</Text> : null}
            {!o.current && open ? <Text size="sm">{t('resilienceBcp.list.state.nextStep')}</Text> : null}
          </Stack>
        </Alert>
        {o.versions.length === 0 ? (
          <EmptyState
            icon={<IconFileCertificate size={28} />}
            title={t('resilienceBcp.list.empty.title')}
            description={
              <Stack gap="sm" ta="left">
                <Text size="sm">{t('resilienceBcp.list.empty.lead')}</Text>
                <List size="sm" spacing={4} type="ordered">
                  <List.Item>{t('resilienceBcp.list.empty.step1')}</List.Item>
                  <List.Item>{t('resilienceBcp.list.empty.step2')}</List.Item>
                  <List.Item>{t('resilienceBcp.list.empty.step3')}</List.Item>
                  <List.Item>{t('resilienceBcp.list.empty.step4')}</List.Item>
                </List>
                {o.canCreateDraft ? null : <Text size="sm">{t('resilienceBcp.list.empty.readOnly')}</Text>}
              </Stack>
            }
            action={createButton}
          />
        ) : (
          <Versions versions={o.versions} />
        )}
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <IconInfoCircle size={16} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
          <Text size="sm" c="dimmed">
            {t('resilienceBcp.list.binderHint')}{' '}
            <Anchor component={Link} to={PATHS.binder} size="sm" underline="always">
              {t('resilienceBcp.list.binderLink')}
            </Anchor>
          </Text>
        </Group>
      </Stack>
      <ConfirmModal
        opened={asking}
        title={t('resilienceBcp.list.create.title', { version: next })}
        message={o.current ? t('resilienceBcp.list.create.confirmCopy', { from: bcpVersionLabel(o.current.number, fmt.locale), version: next }) : t('resilienceBcp.list.create.confirmFirst', { version: next })}
        confirmLabel={t('resilienceBcp.list.create.submit')}
        loading={create.isPending}
        error={create.error}
        onConfirm={() => create.mutate()}
        onClose={() => {
          setAsking(false);
          create.reset();
        }}
      />
    </>
  );
}

function Versions({ versions }: { versions: readonly BcpVersionSummaryDto[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const dateOrDash = (iso: string | null) => (iso ? fmt.dateTime(iso) : t('resilienceBcp.list.versions.none'));
  return (
    <SectionCard id="bcp-versions" title={t('resilienceBcp.list.versions.title')}>
      <Table.ScrollContainer minWidth={720} type="native" tabIndex={0} role="region" aria-label={t('resilienceBcp.list.versions.title')}>
        <Table striped highlightOnHover stickyHeader data-testid="bcp-versions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('resilienceBcp.list.versions.version')}</Table.Th>
              <Table.Th>{t('resilienceBcp.list.versions.status')}</Table.Th>
              <Table.Th>{t('resilienceBcp.list.versions.created')}</Table.Th>
              <Table.Th>{t('resilienceBcp.list.versions.submitted')}</Table.Th>
              <Table.Th>{t('resilienceBcp.list.versions.approved')}</Table.Th>
              <Table.Th>{t('resilienceBcp.list.versions.reviewDue')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {versions.map((v) => (
              <Table.Tr key={v.id} data-testid="bcp-version-row" data-status={v.status}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Anchor component={Link} to={PATHS.bcpVersion(v.id)} fw={700}>
                    {bcpVersionLabel(v.number, fmt.locale)}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <StatusBadge tone={bcpStatusTone(v.status)}>{BCP_STATUS_LABELS[v.status][fmt.locale]}</StatusBadge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{fmt.dateTime(v.createdAt)}</Text>
                  {v.createdBy ? (
                    <Text size="xs" c="dimmed">
                      {v.createdBy.name}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{dateOrDash(v.submittedAt)}</Text>
                  {v.submittedBy ? (
                    <Text size="xs" c="dimmed">
                      {v.submittedBy.name}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{dateOrDash(v.approvedAt)}</Text>
                  {v.approverName ? (
                    <Text size="xs" c="dimmed">
                      {t('resilienceBcp.list.versions.approver', { name: v.approverName })}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{v.reviewDueOn ? fmt.date(v.reviewDueOn) : t('resilienceBcp.list.versions.none')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </SectionCard>
  );
}
