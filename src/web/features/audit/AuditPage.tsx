import { useState } from 'react';
import { Button, Stack } from '@mantine/core';
import { IconFileSpreadsheet } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { apiUrl } from '../../api/client.ts';
import type { TAuditVerify } from '../../api/types.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Pager } from '../../components/Pager.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { usePermissions } from '../session/permissions.ts';
import { useSession } from '../session/SessionContext.tsx';
import { AUDIT_FILTER_KEYS, AUDIT_PAGE_SIZE, apiQuery, filtersFromParams, useAuditPage, type AuditFilters } from './audit.ts';
import { AuditFiltersForm } from './AuditFiltersForm.tsx';
import { AuditTable } from './AuditTable.tsx';
import { AuditVerifyButton, AuditVerifyResult } from './AuditVerify.tsx';

/** The append-only, hash-chained audit log: filters in the URL, CSV export, tamper check. */
export function AuditPage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const { facilityName } = useSession();
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const list = useAuditPage(filters, page);
  const [verifyResult, setVerifyResult] = useState<TAuditVerify | Error | null>(null);

  const apply = (f: AuditFilters, nextPage = 1) => {
    const next = new URLSearchParams();
    for (const k of AUDIT_FILTER_KEYS) if (f[k]) next.set(k, f[k]);
    if (nextPage > 1) next.set('page', String(nextPage));
    setParams(next);
  };
  const filterKey = AUDIT_FILTER_KEYS.map((k) => filters[k]).join('|');
  const facilities = perm.facilityIdsWith('audit.read').map((id) => ({ value: id, label: facilityName(id) }));
  const exportHref = apiUrl('/audit/export.csv', apiQuery(filters));
  const items = list.data?.items ?? [];
  const filtered = AUDIT_FILTER_KEYS.some((k) => filters[k]);

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        description={t('audit.description')}
        actions={
          <>
            {perm.verifyAudit ? <AuditVerifyButton onResult={setVerifyResult} /> : null}
            <Button component="a" href={exportHref} download variant="default" leftSection={<IconFileSpreadsheet size={16} aria-hidden />}>
              {t('audit.export')}
            </Button>
          </>
        }
      />
      <Stack gap="md">
        {verifyResult ? <AuditVerifyResult result={verifyResult} onClose={() => setVerifyResult(null)} /> : null}
        <AuditFiltersForm key={filterKey} initial={filters} facilities={facilities} onApply={(f) => apply(f)} />
        {list.isPending ? <Loading /> : null}
        {list.error ? <ErrorAlert error={list.error} /> : null}
        {list.data && items.length === 0 ? (
          <EmptyState title={filtered ? t('audit.empty.filteredTitle') : t('audit.empty.title')} description={filtered ? t('audit.empty.filteredDescription') : t('audit.empty.description')} />
        ) : null}
        {items.length > 0 ? <AuditTable key={`${filterKey}|${page}`} events={items} /> : null}
        {list.data && list.data.total > 0 ? <Pager total={list.data.total} page={page} pageSize={list.data.pageSize || AUDIT_PAGE_SIZE} onChange={(p) => apply(filters, p)} /> : null}
      </Stack>
    </>
  );
}
