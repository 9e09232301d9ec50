import { useState } from 'react';
import { Box, Button, Text } from '@mantine/core';
import { IconListDetails, IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import type { ReportDto } from '../../../../shared/contracts/incident-reports.contract.ts';
import { PATHS } from '../../../paths.ts';
import { useSession } from '../../session/SessionContext.tsx';
import { usePermissions } from '../../session/permissions.ts';
import { useContactChart } from '../contacts.ts';
import { ReportForm } from './ReportForm.tsx';
import { ReportReceived } from './ReportReceived.tsx';
import { firstContacts, reportBody, reportPath, REPORTS_KEY, type PhotoPayload, type ReportDraft } from './reports.ts';

/** The "incident?" report for a signed-in user (incident.report): the one-minute form, then the calm success screen. */
export function ReportPage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const { currentFacility } = useSession();
  const facilityId = currentFacility?.id ?? null;
  const canReport = facilityId !== null && (perm.isAdmin || perm.can('incident.report', facilityId));
  const [sent, setSent] = useState<ReportDto | null>(null);
  const [formKey, setFormKey] = useState(0);
  const qc = useQueryClient();

  const send = useMutation({
    mutationFn: ({ draft, photo, now }: { draft: ReportDraft; photo: PhotoPayload | null; now: Date }) =>
      api.post<ReportDto>(reportPath.reports(facilityId ?? ''), reportBody(draft, now, photo, perm.readLedger)),
    onSuccess: (report) => {
      setSent(report);
      void qc.invalidateQueries({ queryKey: REPORTS_KEY });
      window.scrollTo({ top: 0 });
    },
  });

  if (!facilityId || !canReport) {
    return (
      <>
        <PageHeader title={t('incidentReports.form.title')} />
        <EmptyState title={t('errors.FORBIDDEN')} description={t('incidentReports.mine.unavailable')} />
      </>
    );
  }

  if (sent) {
    return (
      <Box maw={720}>
        <PageHeader title={t('incidentReports.form.title')} />
        <Received
          facilityId={facilityId}
          receivedAt={sent.createdAt}
          onAnother={() => {
            setSent(null);
            send.reset();
            setFormKey((k) => k + 1);
          }}
        />
      </Box>
    );
  }

  return (
    <Box maw={720}>
      <PageHeader title={t('incidentReports.form.title')} description={t('incidentReports.form.lead')} />
      <Text size="sm" mb="md" fw={700}>
        {t('incidentReports.form.to', { facility: currentFacility?.name ?? '' })}
      </Text>
      <ReportForm
        key={formKey}
        mode="app"
        assetFacilityId={perm.readLedger ? facilityId : null}
        submitting={send.isPending}
        error={send.error}
        onSubmit={(draft, photo, now) => send.mutate({ draft, photo, now })}
      />
    </Box>
  );
}

function Received({ facilityId, receivedAt, onAnother }: { facilityId: string; receivedAt: string; onAnother: () => void }) {
  const { t } = useTranslation();
  const perm = usePermissions();
  const canReadChart = perm.isAdmin || perm.can('contacts.read', facilityId);
  const chart = useContactChart(facilityId, canReadChart);
  return (
    <ReportReceived
      lead={t('incidentReports.done.lead')}
      receivedAt={receivedAt}
      contacts={{ loading: canReadChart && chart.isPending, failed: !canReadChart || Boolean(chart.error), items: firstContacts(chart.data) }}
      actions={
        <>
          <Button component={Link} to={PATHS.incidentMyReports} size="md" variant="default" leftSection={<IconListDetails size={18} aria-hidden />}>
            {t('incidentReports.done.myReports')}
          </Button>
          <Button size="md" variant="subtle" leftSection={<IconPlus size={18} aria-hidden />} onClick={onAnother}>
            {t('incidentReports.done.another')}
          </Button>
        </>
      }
    />
  );
}
