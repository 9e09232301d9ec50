import { useState } from 'react';
import { Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { BackLink, DetailPending } from '../../components/DetailPage.tsx';
import { DetailSection } from '../../components/DetailSection.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Pager } from '../../components/Pager.tsx';
import { PrintButton, PrintSheet } from '../../components/PrintSheet.tsx';
import { PATHS } from '../../paths.ts';
import { useLedgerFacilityId } from '../ledger/ledger.ts';
import { useSession } from '../session/SessionContext.tsx';
import { usePermissions } from '../session/permissions.ts';
import { FindingCards, FindingsTable } from './FindingsTable.tsx';
import { VulnRecordSection } from './VulnRecordSection.tsx';
import { FINDING_PAGE_SIZE, useFindingsByVuln, useVuln } from './vulns.ts';

/** One vulnerability (CVE or JVNDB): what it is, in Japanese where JVN has it, and which of the facility's assets carry it. */
export function VulnPage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const facilityId = useLedgerFacilityId();
  const { vulnId = '' } = useParams();
  const id = vulnId.toUpperCase();
  const record = useVuln(id || null);
  const [page, setPage] = useState(1);
  const affected = useFindingsByVuln(facilityId, id || null, page, perm.readVulns);
  const narrow = useMediaQuery('(max-width: 48em)');
  const { currentFacility } = useSession();

  const back = (
    <BackLink to={PATHS.vulnFindings} className="no-print">
      {t('vulns.cve.back')}
    </BackLink>
  );
  const v = record.data;
  if (!v) return <DetailPending back={back} title={id || t('vulns.cve.pageTitle')} query={record} notFound={t('vulns.cve.notFound', { id })} />;
  const items = affected.data?.items ?? [];
  return (
    <PrintSheet messages="vulns.detail">
      {back}
      <PageHeader title={v.id} description={v.title ?? undefined} actions={<PrintButton />} />
      <Stack gap="lg">
        {perm.readVulns && facilityId ? (
          <DetailSection title={t('vulns.cve.affectedTitle', { facility: currentFacility?.name ?? '' })}>
            {affected.isPending ? <Loading /> : null}
            {affected.error ? <ErrorAlert error={affected.error} /> : null}
            {affected.data && affected.data.total === 0 ? <Text size="sm">{t(v.unanalysed ? 'vulns.cve.noneUnanalysed' : 'vulns.cve.none')}</Text> : null}
            {items.length > 0 ? (
              narrow ? (
                <FindingCards findings={items} label={t('vulns.cve.affectedLabel')} />
              ) : (
                <FindingsTable findings={items} label={t('vulns.cve.affectedLabel')} />
              )
            ) : null}
            {affected.data && affected.data.total > FINDING_PAGE_SIZE ? <Pager total={affected.data.total} page={page} pageSize={FINDING_PAGE_SIZE} onChange={setPage} /> : null}
          </DetailSection>
        ) : null}
        <VulnRecordSection query={record} withCriteria />
      </Stack>
    </PrintSheet>
  );
}
