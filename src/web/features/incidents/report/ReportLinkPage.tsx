import { useState } from 'react';
import { Alert, Button, Code, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck, IconFileTypePdf, IconLink, IconLinkOff, IconPrinter, IconQrcode } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import { ConfirmModal } from '../../../components/ConfirmModal.tsx';
import { CopyButton } from '../../../components/CopyButton.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { notify } from '../../../components/notify.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { useFormat } from '../../../lib/format.ts';
import { REPORT_LIMITS } from '../../../../shared/incidents/cases.ts';
import type { ReportLinkStateDto } from '../../../../shared/contracts/incident-reports.contract.ts';
import { useSession } from '../../session/SessionContext.tsx';
import { usePermissions } from '../../session/permissions.ts';
import { REPORT_LINK_KEY, reportPath, useReportLink } from './reports.ts';

type Created = ReportLinkStateDto & { token: string; url: string };

/**
 * The report link (incident.manage): whether the facility has a poster link, issuing a new one (the old poster stops working;
 * confirmed), the URL shown once with copy and print, and revoking (confirmed).
 */
export function ReportLinkPage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const { currentFacility } = useSession();
  const facilityId = currentFacility?.id ?? null;
  const canManage = facilityId !== null && (perm.isAdmin || perm.can('incident.manage', facilityId));
  const state = useReportLink(facilityId, canManage);
  const header = <PageHeader title={t('incidentReports.link.title')} description={t('incidentReports.link.description')} />;

  if (!facilityId || !canManage) {
    return (
      <>
        {header}
        <EmptyState title={t('errors.FORBIDDEN')} description={t('incidentReports.link.unavailable')} />
      </>
    );
  }
  return (
    <>
      {header}
      {state.isPending ? <Loading /> : null}
      {state.error ? <ErrorAlert error={state.error} /> : null}
      {state.data ? <LinkAdmin key={facilityId} facilityId={facilityId} state={state.data} /> : null}
    </>
  );
}

function LinkAdmin({ facilityId, state }: { facilityId: string; state: ReportLinkStateDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const [created, setCreated] = useState<Created | null>(null);
  const [confirm, setConfirm] = useState<'renew' | 'revoke' | null>(null);
  const key = [...REPORT_LINK_KEY, facilityId];

  const create = useMutation({
    mutationFn: () => api.post<Created>(reportPath.link(facilityId)),
    onSuccess: (c) => {
      setCreated(c);
      setConfirm(null);
      qc.setQueryData(key, { exists: c.exists, createdAt: c.createdAt, createdBy: c.createdBy });
      notify(t('incidentReports.link.created.done'));
      requestAnimationFrame(() => document.getElementById('report-link-created')?.focus());
    },
  });
  const revoke = useMutation({
    mutationFn: () => api.del<ReportLinkStateDto>(reportPath.link(facilityId)),
    onSuccess: (s) => {
      setCreated(null);
      setConfirm(null);
      qc.setQueryData(key, s);
      notify(t('incidentReports.link.revokeConfirm.done'));
    },
  });

  const createButton = (
    <Button leftSection={<IconQrcode size={18} aria-hidden />} loading={create.isPending && !state.exists} onClick={() => (state.exists ? setConfirm('renew') : create.mutate())}>
      {state.exists ? t('incidentReports.link.renew') : t('incidentReports.link.create')}
    </Button>
  );

  return (
    <Stack gap="lg" maw={860}>
      {created ? (
        <Alert
          id="report-link-created"
          tabIndex={-1}
          color="green"
          variant="light"
          icon={<IconCircleCheck aria-hidden />}
          title={t('incidentReports.link.created.title')}
          data-testid="report-link-created"
        >
          <Stack gap="sm">
            <Text size="sm">{t('incidentReports.link.created.lead')}</Text>
            <div>
              <Text size="sm" fw={700} id="report-link-url-label">
                {t('incidentReports.link.created.url')}
              </Text>
              <Code block aria-labelledby="report-link-url-label" data-testid="report-link-url" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
                {created.url}
              </Code>
            </div>
            <Group gap="sm" wrap="wrap">
              <CopyButton value={created.url} label={t('incidentReports.link.created.copy')} />
              <Button component="a" href={reportPath.poster(facilityId, created.token, 'html')} target="_blank" rel="noopener" leftSection={<IconPrinter size={18} aria-hidden />}>
                {t('incidentReports.link.created.print')}
              </Button>
              <Button component="a" href={reportPath.poster(facilityId, created.token, 'pdf')} download variant="default" leftSection={<IconFileTypePdf size={18} aria-hidden />}>
                {t('incidentReports.link.created.pdf')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : null}

      {state.exists ? (
        <Paper component="section" aria-labelledby="report-link-current" withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
          <Stack gap="sm">
            <Group gap="sm" wrap="wrap">
              <Title order={2} size="h4" id="report-link-current">
                {t('incidentReports.link.current')}
              </Title>
              <StatusBadge tone="ok">{t('incidentReports.link.active')}</StatusBadge>
            </Group>
            <Group gap="lg" wrap="wrap">
              {state.createdAt ? <Text size="sm">{t('incidentReports.link.createdAt', { date: fmt.dateTime(state.createdAt) })}</Text> : null}
              {state.createdBy ? <Text size="sm">{t('incidentReports.link.createdBy', { name: state.createdBy.name })}</Text> : null}
            </Group>
            {created ? null : (
              <Text size="sm" c="dimmed">
                {t('incidentReports.link.tokenOnce')}
              </Text>
            )}
            <Group gap="sm" wrap="wrap">
              {createButton}
              <Button variant="default" color="red" leftSection={<IconLinkOff size={18} aria-hidden />} onClick={() => setConfirm('revoke')}>
                {t('incidentReports.link.revoke')}
              </Button>
            </Group>
          </Stack>
        </Paper>
      ) : (
        <EmptyState icon={<IconLink size={28} />} title={t('incidentReports.link.empty.title')} description={t('incidentReports.link.empty.description')} action={createButton} />
      )}
      {create.error && !confirm ? <ErrorAlert error={create.error} /> : null}

      <Text size="sm" c="dimmed">
        {t('incidentReports.link.rateNote', { perClient: REPORT_LIMITS.linkPerClientPerHour, perFacility: REPORT_LIMITS.linkPerFacilityPerHour })}
      </Text>

      <ConfirmModal
        opened={confirm === 'renew'}
        title={t('incidentReports.link.renewConfirm.title')}
        message={t('incidentReports.link.renewConfirm.message')}
        confirmLabel={t('incidentReports.link.renewConfirm.confirm')}
        danger
        loading={create.isPending}
        error={create.error}
        onConfirm={() => create.mutate()}
        onClose={() => {
          setConfirm(null);
          create.reset();
        }}
      />
      <ConfirmModal
        opened={confirm === 'revoke'}
        title={t('incidentReports.link.revokeConfirm.title')}
        message={t('incidentReports.link.revokeConfirm.message')}
        confirmLabel={t('incidentReports.link.revokeConfirm.confirm')}
        danger
        loading={revoke.isPending}
        error={revoke.error}
        onConfirm={() => revoke.mutate()}
        onClose={() => {
          setConfirm(null);
          revoke.reset();
        }}
      />
    </Stack>
  );
}
