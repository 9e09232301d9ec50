import { useState } from 'react';
import { Alert, Group, Stack, Text } from '@mantine/core';
import { IconInfoCircle, IconMessageReport } from '@tabler/icons-react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { BackLink, DetailPending } from '../../../components/DetailPage.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { SectionCard } from '../../../components/SectionCard.tsx';
import { useFormat } from '../../../lib/format.ts';
import { PATHS } from '../../../paths.ts';
import { usePermissions } from '../../session/permissions.ts';
import { AlertLog } from '../settings/AlertLog.tsx';
import { titleFromReport, useReport } from './cases.ts';
import { ReportFacts, ReportStatusBadge, TriageButtons, TriageModal, type TriageAction } from './ReportParts.tsx';

/**
 * One report (in-app notifications and alert e-mails link here): what was reported, where, when, by whom, the photo,
 * its status and case; triage for incident.write while it is new; who was alerted (readers of incidents). The staff
 * member who reported sees their own report read-only.
 */
export function ReportDetailPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const perm = usePermissions();
  const { reportId } = useParams();
  const report = useReport(reportId ?? null);
  const [acting, setActing] = useState<TriageAction | null>(null);
  const r = report.data;
  const canRead = r ? perm.isAdmin || perm.can('incident.read', r.facilityId) : false;
  const canWrite = r ? perm.isAdmin || perm.can('incident.write', r.facilityId) : false;
  // Readers of incidents come from triage; the reporter from their own reports.
  const back = !r ? null : canRead ? <BackLink to={PATHS.incidentInbox}>{t('incidentCases.report.back')}</BackLink> : <BackLink to={PATHS.incidentMyReports}>{t('incidentCases.report.backOwn')}</BackLink>;

  if (!r) return <DetailPending back={back} title={t('incidentCases.report.title')} query={report} notFound={t('incidentCases.report.notFound')} />;
  return (
    <>
      {back}
      <PageHeader title={titleFromReport(r.what)} description={t('incidentCases.report.description', { date: fmt.dateTime(r.createdAt) })} />
      <Stack gap="md">
        <SectionCard id="report-title" title={t('incidentCases.report.title')} icon={<IconMessageReport size={20} aria-hidden />} aside={<ReportStatusBadge report={r} />}>
          <Stack gap="md">
            <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="report-what">
              {r.what}
            </Text>
            <ReportFacts report={r} photoSize={240} />
            {canWrite && r.status === 'new' ? (
              <Group>
                <TriageButtons report={r} onAction={setActing} />
              </Group>
            ) : null}
            {!canRead ? (
              <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />}>
                {r.status === 'new' ? t('incidentCases.report.ownNew') : t('incidentCases.report.ownTriaged')}
              </Alert>
            ) : null}
          </Stack>
        </SectionCard>
        {canRead ? <AlertLog facilityId={r.facilityId} reportId={r.id} headingId="report-alerts-title" /> : null}
      </Stack>
      {acting ? <TriageModal facilityId={r.facilityId} report={r} action={acting} onClose={() => setActing(null)} /> : null}
    </>
  );
}
