import { useState } from 'react';
import { Anchor, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconPhoto } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Pager } from '../../../components/Pager.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { useFormat } from '../../../lib/format.ts';
import type { ReportDto } from '../../../../shared/contracts/incident-reports.contract.ts';
import { PATHS } from '../../../paths.ts';
import { useSession } from '../../session/SessionContext.tsx';
import { usePermissions } from '../../session/permissions.ts';
import { casePath, ownReports, reportHeadline, reportStatusView, useReportList } from './reports.ts';

const PAGE_SIZE = 50;

/** My reports: the caller's reports, newest first, each with its status (received / in progress with the case / no action with the reason). */
export function MyReportsPage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const { currentFacility, me } = useSession();
  const facilityId = currentFacility?.id ?? null;
  const canReport = facilityId !== null && (perm.isAdmin || perm.can('incident.report', facilityId));
  const reader = facilityId !== null && (perm.isAdmin || perm.can('incident.read', facilityId));
  const [page, setPage] = useState(1);
  const list = useReportList(facilityId, page, PAGE_SIZE, canReport, true);

  const reportButton = (
    <Button component={Link} to={PATHS.incidentReportNew} color="red" leftSection={<IconAlertTriangle size={18} aria-hidden />}>
      {t('incidentReports.mine.report')}
    </Button>
  );
  const header = <PageHeader title={t('incidentReports.mine.title')} description={t('incidentReports.mine.description')} actions={canReport ? reportButton : undefined} />;

  if (!facilityId || !canReport) {
    return (
      <>
        {header}
        <EmptyState title={t('errors.FORBIDDEN')} description={t('incidentReports.mine.unavailable')} />
      </>
    );
  }
  if (list.isPending) {
    return (
      <>
        {header}
        <Loading />
      </>
    );
  }
  if (list.error) {
    return (
      <>
        {header}
        <ErrorAlert error={list.error} />
      </>
    );
  }
  const items = ownReports(list.data, me.user.id);
  return (
    <>
      {header}
      {items.length === 0 ? (
        <EmptyState title={t('incidentReports.mine.empty.title')} description={t('incidentReports.mine.empty.description')} action={reportButton} />
      ) : (
        <Stack component="ul" gap="sm" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('incidentReports.mine.title')}>
          {items.map((r) => (
            <li key={r.id}>
              <ReportCard report={r} canOpenCase={reader} />
            </li>
          ))}
        </Stack>
      )}
      {list.data.scope === 'own' && list.data.total > PAGE_SIZE ? <Pager total={list.data.total} page={page} pageSize={PAGE_SIZE} onChange={setPage} /> : null}
    </>
  );
}

function ReportCard({ report: r, canOpenCase }: { report: ReportDto; canOpenCase: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const status = reportStatusView(r.status);
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} data-testid="my-report" data-status={r.status}>
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Text fw={700} style={{ overflowWrap: 'anywhere', flex: '1 1 16rem' }}>
            {reportHeadline(r.what)}
          </Text>
          <StatusBadge tone={status.tone}>{t(`incidentReports.status.${status.key}`)}</StatusBadge>
        </Group>
        <Group gap="md" wrap="wrap">
          <Text size="sm">{t('incidentReports.mine.reportedAt', { date: fmt.dateTime(r.createdAt) })}</Text>
          {r.occurredAt ? (
            <Text size="sm" c="dimmed">
              {t('incidentReports.mine.occurredAt', { date: fmt.dateTime(r.occurredAt) })}
            </Text>
          ) : null}
          {r.photo ? (
            <Group gap={4}>
              <IconPhoto size={16} aria-hidden />
              <Text size="sm">{t('incidentReports.mine.photo')}</Text>
            </Group>
          ) : null}
        </Group>
        {r.where || r.asset ? (
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {[r.where ? t('incidentReports.mine.where', { where: r.where }) : null, r.asset ? t('incidentReports.mine.asset', { name: r.asset.name }) : null].filter(Boolean).join(' · ')}
          </Text>
        ) : null}
        <StatusDetail report={r} canOpenCase={canOpenCase} />
      </Stack>
    </Paper>
  );
}

function StatusDetail({ report: r, canOpenCase }: { report: ReportDto; canOpenCase: boolean }) {
  const { t } = useTranslation();
  if ((r.status === 'opened' || r.status === 'merged') && r.case) {
    const label = t('incidentReports.mine.case', { number: r.case.number, title: r.case.title });
    return (
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {t('incidentReports.status.inProgressHelp')}{' '}
        {canOpenCase ? (
          <Anchor component={Link} to={casePath(r.case.id)}>
            {label}
          </Anchor>
        ) : (
          label
        )}
      </Text>
    );
  }
  if (r.status === 'dismissed') {
    return (
      <Text size="sm" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-line' }}>
        {t('incidentReports.status.noActionHelp')} {r.dismissReason ? t('incidentReports.mine.dismissReason', { reason: r.dismissReason }) : null}
      </Text>
    );
  }
  return (
    <Text size="sm" c="dimmed">
      {t(r.status === 'new' ? 'incidentReports.status.receivedHelp' : 'incidentReports.status.inProgressHelp')}
    </Text>
  );
}
